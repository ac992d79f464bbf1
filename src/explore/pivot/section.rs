//! A currency's section of a pivot: its rows ordered (every size worked out once), cut to the
//! top N with the rest as "others", and its totals.

use super::answer::{Pivot, PivotError, PivotRow, PivotSpec, RowOrder, UnitPivot};
use super::levels::nest;
use super::line;
use super::ranked::by_size;
use crate::explore::totals::text;

/// One currency's rows, ordered, cut to the top N with the rest as "others", and its totals;
/// an error naming the first key whose sum left the exact range.
pub(super) fn section(
    unit: Box<[u8]>,
    rows: Vec<PivotRow>,
    columns: usize,
    spec: &PivotSpec,
    levels: usize,
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
    if levels > 1 {
        let rows = nest(
            sized.into_iter().map(|(_, r)| r).collect(),
            levels,
            spec.order,
            spec.top,
            columns,
        );
        return finish(unit, unit_name.clone(), rows, columns).map_err(beyond);
    }
    let rows = match spec.top {
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
    let mut rows = rows;
    if spec.order != RowOrder::Total {
        order_keeping_others_last(&mut rows, spec.order, columns);
    }
    finish(unit, unit_name.clone(), rows, columns).map_err(beyond)
}

/// The section of its rows, with its totals (of the lines, not the groups' subtotals); the
/// name of a sum beyond the exact range.
fn finish(
    raw: Box<[u8]>,
    unit: String,
    rows: Vec<PivotRow>,
    columns: usize,
) -> Result<UnitPivot, String> {
    let mut totals = line::Adding::new(columns);
    for row in rows.iter().filter(|r| !r.is_subtotal()) {
        totals.add(&row.cells);
    }
    let totals = totals.line();
    let total = totals.total();
    if total.beyond_range() {
        return Err("the total".into());
    }
    // The lines were checked as they were sized; the groups' subtotals are new sums.
    if let Some(group) = rows
        .iter()
        .find(|r| r.is_subtotal() && r.total().beyond_range())
    {
        return Err(group.key().into_owned());
    }
    Ok(UnitPivot {
        unit,
        raw,
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

impl Pivot {
    /// Orders every section's rows anew (the others row, if any, stays last; with levels,
    /// the groups are ordered and each group's members within it).
    pub fn reorder(&mut self, order: RowOrder) {
        let columns = self.columns.len();
        let levels = self.levels.len();
        for section in &mut self.units {
            if levels > 1 {
                let lines = std::mem::take(&mut section.rows)
                    .into_iter()
                    .filter(|r| !r.is_subtotal())
                    .collect();
                section.rows = nest(lines, levels, order, None, columns);
            } else {
                order_keeping_others_last(&mut section.rows, order, columns);
            }
        }
    }
}
