//! Sums by line item type, account or product: of the subtotal per currency, of the converted
//! subtotal per its unit, or of the quantity per unit. Amounts in different currencies (and
//! quantities in different units) are never added together.

use std::collections::HashMap;

use csv::ByteRecord;

use super::amount::Amount;
use super::columns::{Columns, Grouping, Measure};
pub use super::sum::{Sum, percent};
use super::unreadable::Unreadable;
use crate::query::Kind;

/// Sums by unit (currency), then by group.
type ByUnit = HashMap<Box<[u8]>, HashMap<Box<[u8]>, Sum>>;

/// Running totals for every measure and grouping at once, so switching either needs no second
/// scan.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    sums: [[ByUnit; 3]; 3],
    /// Per measure: rows whose value is not a plain number (blank, text, `12,50`).
    unreadable: [Unreadable; 3],
}

/// One line of the totals table.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalLine {
    pub group: String,
    /// The currency, or the unit of a quantity.
    pub unit: String,
    pub sum: Sum,
    /// This line's part of its unit's net total; `None` when that total is zero.
    pub share: Option<f64>,
}

/// A line of the totals view.
#[derive(Debug, Clone, PartialEq)]
pub enum TotalsRow {
    /// A currency's (or unit's) heading, with the sum of its groups.
    Unit {
        unit: String,
        total: Sum,
    },
    /// Under a heading whose net is made of more than one kind: the kinds, two a line (a
    /// narrow pane still shows every one), so the net is seen to add up. `first` on the
    /// first of these lines.
    Kinds {
        parts: Vec<(Kind, Amount)>,
        first: bool,
    },
    Group(TotalLine),
}

impl Totals {
    /// Adds a row.
    pub fn add(&mut self, record: &ByteRecord, columns: &Columns) {
        for measure in Measure::ALL {
            let Some(value) = columns.values[measure.slot()].and_then(|i| record.get(i)) else {
                continue;
            };
            let Some(value) = Amount::parse(value) else {
                self.unreadable[measure.slot()].note(record, value);
                continue;
            };
            let kind = columns.groups[Grouping::LineItemType.slot()]
                .and_then(|i| record.get(i))
                .map_or(Kind::Other, Kind::of_cell);
            let unit: &[u8] = columns.units[measure.slot()]
                .and_then(|i| record.get(i))
                .unwrap_or_default();
            for grouping in Grouping::ALL {
                let Some(column) = columns.groups[grouping.slot()] else {
                    continue;
                };
                let group = record.get(column).unwrap_or_default();
                let by_unit = &mut self.sums[measure.slot()][grouping.slot()];
                // Look up by the borrowed bytes: most rows add to a group that exists already.
                let by_group = match by_unit.get_mut(unit) {
                    Some(by_group) => by_group,
                    None => by_unit.entry(unit.into()).or_default(),
                };
                let sum = match by_group.get_mut(group) {
                    Some(sum) => sum,
                    None => by_group.entry(group.into()).or_default(),
                };
                sum.add(value, kind);
            }
        }
    }

    /// Adds everything in `other` (the totals of another part of the same file).
    pub fn merge(&mut self, other: Totals) {
        for (mine, theirs) in self.unreadable.iter_mut().zip(other.unreadable) {
            mine.merge(theirs);
        }
        for (mine, theirs) in self
            .sums
            .iter_mut()
            .flatten()
            .zip(other.sums.into_iter().flatten())
        {
            for (unit, by_group) in theirs {
                let target = mine.entry(unit).or_default();
                for (group, sum) in by_group {
                    target.entry(group).or_default().merge(&sum);
                }
            }
        }
    }

    /// Rows whose `measure` is not a plain number (blank, text, `12,50`), and so not added.
    pub fn unreadable(&self, measure: Measure) -> &Unreadable {
        &self.unreadable[measure.slot()]
    }

    /// The first group whose sum of `measure` left the exact range, named with its unit:
    /// such a sum is no number and must not be shown as one.
    pub fn beyond_range(&self, measure: Measure) -> Option<String> {
        self.sums[measure.slot()]
            .iter()
            .flat_map(|by_unit| by_unit.iter())
            .flat_map(|(unit, by_group)| by_group.iter().map(move |(g, sum)| (unit, g, sum)))
            .find(|(_, _, sum)| sum.beyond_range())
            .map(|(unit, group, _)| format!("{} in {}", text(group, "(blank)"), text(unit, "-")))
    }

    /// The lines of `measure` by `grouping`: per unit (the largest net first), largest groups
    /// first. Each unit's lines come with that unit's total.
    pub fn by_unit(
        &self,
        measure: Measure,
        grouping: Grouping,
    ) -> Vec<(String, Sum, Vec<TotalLine>)> {
        let mut units: Vec<(String, Sum, Vec<TotalLine>)> = self.sums[measure.slot()]
            [grouping.slot()]
        .iter()
        .map(|(unit, by_group)| {
            let mut total = Sum::default();
            for sum in by_group.values() {
                total.merge(sum);
            }
            let unit = text(unit, "-");
            let mut lines: Vec<TotalLine> = by_group
                .iter()
                .map(|(group, sum)| TotalLine {
                    group: text(group, "(blank)"),
                    unit: unit.clone(),
                    sum: *sum,
                    share: share(sum.net(), total.net()),
                })
                .collect();
            lines.sort_by(|a, b| {
                b.sum
                    .net()
                    .abs()
                    .cmp(&a.sum.net().abs())
                    .then_with(|| a.group.cmp(&b.group))
            });
            (unit, total, lines)
        })
        .collect();
        units.sort_by(|a, b| {
            b.1.net()
                .abs()
                .cmp(&a.1.net().abs())
                .then_with(|| a.0.cmp(&b.0))
        });
        units
    }

    /// The lines of `measure` by `grouping`, unit after unit.
    pub fn lines(&self, measure: Measure, grouping: Grouping) -> Vec<TotalLine> {
        self.by_unit(measure, grouping)
            .into_iter()
            .flat_map(|(_, _, lines)| lines)
            .collect()
    }

    /// The totals view: each unit's heading with its total, then its groups, largest first.
    /// Made once when the rows change, so that drawing a frame (or answering a key) costs the
    /// same for three groups as for 300,000.
    pub fn table(&self, measure: Measure, grouping: Grouping) -> Vec<TotalsRow> {
        let mut rows = Vec::new();
        for (unit, total, lines) in self.by_unit(measure, grouping) {
            rows.push(TotalsRow::Unit { unit, total });
            if total.has_parts() {
                let parts: Vec<(Kind, Amount)> = total.kinds().collect();
                rows.extend(
                    parts
                        .chunks(2)
                        .enumerate()
                        .map(|(i, two)| TotalsRow::Kinds {
                            parts: two.to_vec(),
                            first: i == 0,
                        }),
                );
            }
            rows.extend(lines.into_iter().map(TotalsRow::Group));
        }
        rows
    }
}

/// `part` as a fraction of `whole`, for display and bar lengths only (sums stay exact).
fn share(part: Amount, whole: Amount) -> Option<f64> {
    (whole != Amount::ZERO).then(|| part.as_f64() / whole.as_f64())
}

/// Bytes from a file as printable text; `blank` for a blank cell.
/// [`text`] without a copy when the bytes are already fit to show, as most keys are.
pub(super) fn shown<'a>(bytes: &'a [u8], blank: &'a str) -> std::borrow::Cow<'a, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) if !s.trim().is_empty() && crate::printable::is_printable(s) => s.into(),
        _ => text(bytes, blank).into(),
    }
}

pub(super) fn text(bytes: &[u8], blank: &str) -> String {
    let s = crate::printable::printable(&String::from_utf8_lossy(bytes));
    if s.trim().is_empty() {
        blank.to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn sample() -> Totals {
        let cols = Columns::find(&headers(&[
            "lineItemType",
            "account",
            "productName",
            "subtotal",
            "quantity",
            "billCurrency",
            "quantityUnit",
            "convertedSubtotal",
            "convertedSubtotalUnit",
        ]));
        let rows = [
            [
                "USAGE", "acme", "Seats", "100.10", "1", "USD", "seat", "100.10", "USD",
            ],
            [
                "USAGE", "globex", "Seats", "50.05", "2", "USD", "seat", "50.05", "USD",
            ],
            [
                "CREDIT_MEMO",
                "acme",
                "",
                "-300",
                "1",
                "USD",
                "",
                "-300",
                "USD",
            ],
            [
                "USAGE", "acme", "Storage", "10", "3", "EUR", "GB", "11", "USD",
            ],
            [
                "USAGE", "acme", "Seats", "n/a", "3", "EUR", "seat", "", "USD",
            ],
        ];
        let mut totals = Totals::default();
        for row in rows {
            totals.add(&ByteRecord::from(row.to_vec()), &cols);
        }
        totals
    }

    fn table_net(row: &TotalsRow) -> Amount {
        match row {
            TotalsRow::Unit { total, .. } => total.net(),
            _ => Amount::ZERO,
        }
    }

    #[test]
    fn sums_per_group_and_currency_largest_first() {
        let totals = sample();
        assert_eq!(totals.unreadable(Measure::Subtotal).count, 1);
        let lines = totals.lines(Measure::Subtotal, Grouping::LineItemType);
        let shown: Vec<(&str, &str, String)> = lines
            .iter()
            .map(|l| (l.unit.as_str(), l.group.as_str(), l.sum.net().to_string()))
            .collect();
        assert_eq!(
            shown,
            [
                ("USD", "CREDIT_MEMO", "-300.00".into()),
                ("USD", "USAGE", "150.15".into()),
                ("EUR", "USAGE", "10.00".into()),
            ]
        );
        // Shares are of the net total (-149.85): the credit is 200 % of it, the usage -100 %.
        assert!((lines[0].share.unwrap() - 300.0 / 149.85).abs() < 1e-9);
        assert!((lines[1].share.unwrap() + 150.15 / 149.85).abs() < 1e-9);
        assert!((lines[2].share.unwrap() - 1.0).abs() < 1e-9);
        let table = totals.table(Measure::Subtotal, Grouping::LineItemType);
        let headings: Vec<(String, String, String, String)> = table
            .iter()
            .filter_map(|row| match row {
                TotalsRow::Unit { unit, total } => Some((
                    unit.clone(),
                    total.net().to_string(),
                    total.of(Kind::Charges).to_string(),
                    total.of(Kind::Credits).to_string(),
                )),
                TotalsRow::Kinds { .. } | TotalsRow::Group(_) => None,
            })
            .collect();
        assert_eq!(
            headings,
            [
                (
                    "USD".into(),
                    "-149.85".into(),
                    "150.15".into(),
                    "-300.00".into()
                ),
                ("EUR".into(), "10.00".into(), "10.00".into(), "0.00".into())
            ]
        );
        // USD's heading, its kinds (charges and credits), its two types; EUR's heading (one
        // kind: no line of kinds) and its type.
        assert_eq!(table.len(), 6);
        let TotalsRow::Kinds { parts, first: true } = &table[1] else {
            panic!("the kinds under the heading: {:?}", table[1])
        };
        let added = parts.iter().fold(Amount::ZERO, |sum, (_, a)| sum + *a);
        assert_eq!(added, table_net(&table[0]), "the kinds add up to the net");
        let products = totals.lines(Measure::Subtotal, Grouping::Product);
        assert!(products.iter().any(|l| l.group == "(blank)"));
    }

    #[test]
    fn quantities_are_per_unit_and_converted_amounts_span_currencies() {
        let totals = sample();
        let quantity: Vec<(String, String, String)> = totals
            .lines(Measure::Quantity, Grouping::Account)
            .into_iter()
            .map(|l| (l.unit, l.group, l.sum.net().format(0)))
            .collect();
        // 1 + 3 seats for acme (the n/a subtotal does not stop its quantity counting), 2 for
        // globex; GB and the blank unit apart.
        assert_eq!(
            quantity,
            [
                ("seat".into(), "acme".into(), "4".into()),
                ("seat".into(), "globex".into(), "2".into()),
                ("GB".into(), "acme".into(), "3".into()),
                ("-".into(), "acme".into(), "1".into()),
            ]
        );
        let converted = totals.lines(Measure::Converted, Grouping::Account);
        assert_eq!(converted.len(), 2);
        assert_eq!(converted[0].unit, "USD");
        assert_eq!(converted[0].sum.net().to_string(), "-188.90");
        assert_eq!(totals.unreadable(Measure::Converted).count, 1);
    }

    #[test]
    fn merging_parts_gives_the_sums_of_the_whole() {
        let whole = sample();
        let mut merged = Totals::default();
        merged.merge(sample());
        merged.merge(Totals::default());
        assert_eq!(
            merged.table(Measure::Subtotal, Grouping::Account),
            whole.table(Measure::Subtotal, Grouping::Account)
        );
        assert_eq!(merged.unreadable(Measure::Subtotal).count, 1);
    }
}
