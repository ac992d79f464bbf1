//! The way from a pivot's cell back to its lines: the filters that keep exactly the rows a cell
//! added up.

use std::collections::HashSet;

use super::answer::{ColumnKey, Pivot};
use crate::explore::filter::Filter;
use crate::explore::totals::shown;

impl Pivot {
    /// The filters that keep exactly the rows behind a cell of section `unit`: of row `row`
    /// (`None`: the section's total line) in column `column` (`None`: the row's total). With
    /// the pivot's own filters, they keep as many rows as the cell added up.
    pub fn drill(&self, unit: usize, row: Option<usize>, column: Option<usize>) -> Vec<Filter> {
        let Some(section) = self.units.get(unit) else {
            return Vec::new();
        };
        let at = self.at;
        let exact = |column: usize, raw: &[u8], label: &str| {
            Filter::one_of(column, [raw.into()].into(), true, format!("= {label}"))
        };
        let mut filters = Vec::new();
        if let Some(unit_column) = at.unit {
            filters.push(exact(unit_column, &section.raw, &section.unit));
        }
        let levels = self.levels.len();
        match row.and_then(|r| section.rows.get(r)) {
            // A line, or a group's subtotal: each of its levels exactly.
            Some(row) if !row.others => {
                for (&column, part) in at.rows.columns().iter().zip(row.parts()) {
                    filters.push(exact(column, part, &shown(part, "(blank)")));
                }
            }
            // The others: not one of the first level's values shown.
            Some(_) => {
                let named: HashSet<Box<[u8]>> = section
                    .rows
                    .iter()
                    .filter(|r| !r.others && r.depth(levels) == 1)
                    .filter_map(|r| r.parts().next().map(Box::from))
                    .collect();
                let text = format!("not the {} above", named.len());
                filters.push(Filter::one_of(at.rows.columns()[0], named, false, text));
            }
            None => {}
        }
        match (column.and_then(|c| self.keys.get(c)), at.bucket) {
            (Some(ColumnKey::Bucket(n)), Some(bucket)) => {
                filters.push(Filter::in_bucket(at.by, bucket, *n));
            }
            (Some(ColumnKey::Value(v)), _) => {
                let label = column
                    .and_then(|c| self.columns.get(c))
                    .map_or("", String::as_str);
                filters.push(exact(at.by, v, label));
            }
            (None, Some(bucket)) if self.undated > 0 => {
                filters.push(Filter::dated(at.by, bucket));
            }
            _ => {}
        }
        if self.unreadable.count > 0 {
            filters.push(Filter::number(at.value));
        }
        filters
    }
}
