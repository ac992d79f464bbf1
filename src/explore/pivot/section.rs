//! A currency's section of a pivot: its rows ordered (every size worked out once), cut to the
//! top N with the rest as "others", and its totals.

use super::answer::{Pivot, PivotError, PivotRow, PivotSpec, RowOrder, UnitPivot};
use super::line;
use crate::explore::Amount;
use crate::explore::totals::text;

/// One currency's rows, ordered, cut to the top N with the rest as "others", and its totals;
/// an error naming the first key whose sum left the exact range.
pub(super) fn section(
    unit: Box<[u8]>,
    rows: Vec<PivotRow>,
    columns: usize,
    spec: &PivotSpec,
) -> Result<UnitPivot, PivotError> {
    let unit_name = text(&unit, "-");
    let beyond = |key: String| PivotError::BeyondRange {
        key,
        unit: unit_name.clone(),
    };
    // The top rows are the largest whatever the order asked for: "the first five by name"
    // would hide the largest ones in "others".
    let mut sized = by_size(rows, RowOrder::Total, columns);
    if let Some((_, row)) = sized.iter().find(|(_, r)| r.total().beyond_range()) {
        return Err(beyond(row.key().into_owned()));
    }
    let mut rows = match spec.top {
        Some(top) if sized.len() > top => {
            let mut others = line::Adding::new(columns);
            for (_, row) in sized.drain(top..) {
                others.add(&row.cells);
            }
            let mut rows: Vec<PivotRow> = sized.into_iter().map(|(_, r)| r).collect();
            rows.push(PivotRow::others(others.line()));
            rows
        }
        _ => sized.into_iter().map(|(_, r)| r).collect(),
    };
    if spec.order != RowOrder::Total {
        order_keeping_others_last(&mut rows, spec.order, columns);
    }
    let mut totals = line::Adding::new(columns);
    for row in &rows {
        totals.add(&row.cells);
    }
    let totals = totals.line();
    let total = totals.total();
    if total.beyond_range() {
        return Err(beyond("the total".into()));
    }
    Ok(UnitPivot {
        unit: unit_name,
        raw: unit,
        rows,
        totals,
        total,
    })
}

/// Sorts rows by `order`; the others row, if any, stays last.
pub(super) fn order_keeping_others_last(rows: &mut Vec<PivotRow>, order: RowOrder, columns: usize) {
    let others = rows.iter().position(|r| r.others);
    let tail = others.map(|at| rows.split_off(at));
    let sorted = by_size(std::mem::take(rows), order, columns);
    rows.extend(sorted.into_iter().map(|(_, r)| r));
    rows.extend(tail.into_iter().flatten());
}

/// Rows in `order` (ties by name), each with the size it was ordered by: every size is
/// worked out once, not at each comparison.
fn by_size(rows: Vec<PivotRow>, order: RowOrder, columns: usize) -> Vec<(Amount, PivotRow)> {
    let mut sized: Vec<(Amount, PivotRow)> = rows
        .into_iter()
        .map(|r| {
            let size = match order {
                RowOrder::Total => r.total().net().abs(),
                RowOrder::Name => Amount::ZERO,
                RowOrder::Last => r.cells.last(columns).net().abs(),
            };
            (size, r)
        })
        .collect();
    // Ties by the key's bytes: the order of its text, without reading it as text each time.
    sized.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.raw.cmp(&b.1.raw)));
    sized
}

impl Pivot {
    /// Orders every section's rows anew (the others row, if any, stays last).
    pub fn reorder(&mut self, order: RowOrder) {
        let columns = self.columns.len();
        for section in &mut self.units {
            order_keeping_others_last(&mut section.rows, order, columns);
        }
    }
}
