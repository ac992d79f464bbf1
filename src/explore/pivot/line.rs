//! A pivot line's sums, held only for the columns that have any: a pivot of a million
//! accounts by twelve months keeps about a million cells, not twelve million.

use std::collections::BTreeMap;

use crate::explore::Amount;
use crate::explore::totals::Sum;
use crate::query::Kind;

/// A [`Sum`] in 48 bytes instead of 96: its parts in `i64` millionths (up to 9.2 trillion in
/// size), which any real bill's sums fit. A part that would not fit moves the whole sum to
/// the full width, so nothing is ever rounded or wrapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Compact {
    Narrow { parts: [i64; 5], rows: u32 },
    Wide(Box<Sum>),
}

impl Default for Compact {
    fn default() -> Self {
        Compact::Narrow {
            parts: [0; 5],
            rows: 0,
        }
    }
}

impl Compact {
    pub(super) fn add(&mut self, value: Amount, kind: Kind) {
        if let Compact::Narrow { parts, rows } = self {
            let added = i64::try_from(value.millionths())
                .ok()
                .and_then(|v| parts[kind.slot()].checked_add(v))
                .zip(rows.checked_add(1));
            if let Some((part, count)) = added {
                parts[kind.slot()] = part;
                *rows = count;
                return;
            }
        }
        self.widened().add(value, kind);
    }

    pub(super) fn merge(&mut self, other: &Compact) {
        if let (Compact::Narrow { parts, rows }, Compact::Narrow { parts: p, rows: r }) =
            (&mut *self, other)
        {
            let mut sum = *parts;
            let fits =
                sum.iter_mut()
                    .zip(p)
                    .all(|(mine, theirs)| match mine.checked_add(*theirs) {
                        Some(added) => {
                            *mine = added;
                            true
                        }
                        None => false,
                    });
            if let (true, Some(count)) = (fits, rows.checked_add(*r)) {
                *parts = sum;
                *rows = count;
                return;
            }
        }
        let other = other.sum();
        self.widened().merge(&other);
    }

    /// The sum at full width.
    pub(super) fn sum(&self) -> Sum {
        match self {
            Compact::Narrow { parts, rows } => Sum::from_parts(
                parts.map(|p| Amount::from_millionths(i128::from(p))),
                u64::from(*rows),
            ),
            Compact::Wide(sum) => **sum,
        }
    }

    /// Itself at full width, from now on.
    fn widened(&mut self) -> &mut Sum {
        if let Compact::Narrow { .. } = self {
            *self = Compact::Wide(Box::new(self.sum()));
        }
        match self {
            Compact::Wide(sum) => sum,
            // Made wide just above.
            Compact::Narrow { .. } => unreachable!("a narrow sum was just widened"),
        }
    }
}

/// A sum in one column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Cell {
    pub(super) column: u32,
    pub(super) sum: Compact,
}

/// The sums of a line (a row, a section's totals), by column, only where there are any.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    /// By column, each column once.
    cells: Box<[Cell]>,
}

impl Line {
    /// From cells in column order, each column once.
    pub(super) fn from_ordered(cells: Vec<Cell>) -> Line {
        debug_assert!(cells.windows(2).all(|w| w[0].column < w[1].column));
        Line {
            cells: cells.into_boxed_slice(),
        }
    }

    /// The sum in `column` (zero lines when it has none).
    pub fn get(&self, column: usize) -> Sum {
        let Ok(column) = u32::try_from(column) else {
            return Sum::default();
        };
        self.cells
            .binary_search_by_key(&column, |c| c.column)
            .map_or_else(|_| Sum::default(), |at| self.cells[at].sum.sum())
    }

    /// Every column's sum, of `columns` columns, the empty ones as zero.
    pub fn dense(&self, columns: usize) -> impl Iterator<Item = Sum> + '_ {
        let mut filled = self.cells.iter().peekable();
        (0..columns).map(move |column| match filled.peek() {
            Some(cell) if cell.column as usize == column => {
                filled.next().map_or_else(Sum::default, |c| c.sum.sum())
            }
            _ => Sum::default(),
        })
    }

    /// The columns that have sums, with them.
    pub fn filled(&self) -> impl Iterator<Item = (usize, Sum)> + '_ {
        self.cells.iter().map(|c| (c.column as usize, c.sum.sum()))
    }

    /// The sum of every column.
    pub fn total(&self) -> Sum {
        let mut total = Sum::default();
        for cell in self.cells.iter() {
            total.merge(&cell.sum.sum());
        }
        total
    }

    /// The sum in the last of `columns` columns.
    pub fn last(&self, columns: usize) -> Sum {
        columns
            .checked_sub(1)
            .map_or_else(Sum::default, |c| self.get(c))
    }
}

/// A line being added up from others (the others row, a section's totals): a sum per column
/// when there are few enough columns to hold them all (the quickest to add to), else only the
/// columns met.
#[derive(Debug)]
pub(super) enum Adding {
    Every(Vec<Compact>),
    Met(BTreeMap<u32, Compact>),
}

/// Up to this many columns, a line being added up holds a sum for each.
const EVERY_UP_TO: usize = 4096;

impl Adding {
    /// For lines of `columns` columns.
    pub(super) fn new(columns: usize) -> Adding {
        if columns <= EVERY_UP_TO {
            Adding::Every(vec![Compact::default(); columns])
        } else {
            Adding::Met(BTreeMap::new())
        }
    }

    pub(super) fn add(&mut self, line: &Line) {
        for cell in line.cells.iter() {
            let sum = match self {
                Adding::Every(sums) => match sums.get_mut(cell.column as usize) {
                    Some(sum) => sum,
                    None => continue,
                },
                Adding::Met(sums) => sums.entry(cell.column).or_default(),
            };
            sum.merge(&cell.sum);
        }
    }

    pub(super) fn line(self) -> Line {
        let cells = match self {
            Adding::Every(sums) => sums
                .into_iter()
                .zip(0u32..)
                .filter(|(sum, _)| sum.sum().rows > 0)
                .map(|(sum, column)| Cell { column, sum })
                .collect(),
            Adding::Met(sums) => sums
                .into_iter()
                .map(|(column, sum)| Cell { column, sum })
                .collect(),
        };
        Line::from_ordered(cells)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> Amount {
        Amount::parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn a_compact_sum_is_half_the_size_and_widens_rather_than_wraps() {
        assert!(std::mem::size_of::<Compact>() <= 48);
        let mut compact = Compact::default();
        let mut full = Sum::default();
        // 9 trillion and a bit is past what an i64 of millionths holds.
        for text in ["9000000000000", "300000000000", "-0.01", "12.5"] {
            let kind = if text.starts_with('-') {
                Kind::Credits
            } else {
                Kind::Charges
            };
            compact.add(amount(text), kind);
            full.add(amount(text), kind);
        }
        assert!(matches!(compact, Compact::Wide(_)));
        assert_eq!(compact.sum(), full);
        assert_eq!(full.net().to_string(), "9,300,000,000,012.49");

        let mut a = Compact::default();
        a.add(amount("5000000000000"), Kind::Charges);
        let b = a.clone();
        a.merge(&b);
        assert_eq!(a.sum().net().to_string(), "10,000,000,000,000.00");
        assert_eq!(a.sum().rows, 2);
    }

    #[test]
    fn a_line_holds_only_its_filled_columns_and_reads_as_every_column() {
        let cell = |column: u32, text: &str| {
            let mut sum = Compact::default();
            sum.add(amount(text), Kind::Charges);
            Cell { column, sum }
        };
        let line = Line::from_ordered(vec![cell(1, "2"), cell(4, "3.5")]);
        let nets: Vec<String> = line.dense(6).map(|s| s.net().to_string()).collect();
        assert_eq!(nets, ["0.00", "2.00", "0.00", "0.00", "3.50", "0.00"]);
        assert_eq!(line.get(4).net().to_string(), "3.50");
        assert_eq!(line.get(5).rows, 0);
        assert_eq!(line.total().net().to_string(), "5.50");
        assert_eq!(line.last(5).net().to_string(), "3.50");
        // Either way of adding up gives the same line.
        for columns in [6, EVERY_UP_TO + 1] {
            let mut both = Adding::new(columns);
            both.add(&line);
            both.add(&Line::from_ordered(vec![cell(0, "1"), cell(4, "1")]));
            let both = both.line();
            assert_eq!(
                both.filled()
                    .map(|(c, s)| format!("{c}:{}", s.net()))
                    .collect::<Vec<_>>(),
                ["0:1.00", "1:2.00", "4:4.50"]
            );
        }
    }
}
