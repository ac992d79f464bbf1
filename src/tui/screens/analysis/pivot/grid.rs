//! The pivot's grid lines, and its rows on several levels: a group folds to its subtotal's
//! line and unfolds to its members, and a line's label is indented under its group (`▾ acme`,
//! `  Seats`).

use std::borrow::Cow;
use std::collections::HashSet;

use crate::explore::{Pivot, PivotRow};

/// A line of the grid: a currency's heading, a row of it, its total line, or the gap after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GridLine {
    Heading(usize),
    Row(usize, usize),
    Total(usize),
    Gap,
}

impl GridLine {
    /// Whether the cursor can rest on it.
    pub fn holds_cells(self) -> bool {
        matches!(self, GridLine::Row(..) | GridLine::Total(_))
    }

    /// The currency section it belongs to.
    pub fn unit(self) -> Option<usize> {
        match self {
            GridLine::Heading(u) | GridLine::Row(u, _) | GridLine::Total(u) => Some(u),
            GridLine::Gap => None,
        }
    }
}

/// The groups folded, by currency and the group's key (they stay folded when the pivot is
/// made again, as long as they are there).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folds(pub HashSet<(String, String)>);

impl Folds {
    pub fn holds(&self, unit: &str, row: &PivotRow) -> bool {
        row.is_subtotal() && self.0.contains(&(unit.to_string(), row.key().into_owned()))
    }

    /// Folds the group if it is open, opens it if it is folded.
    pub fn toggle(&mut self, unit: &str, row: &PivotRow) {
        let entry = (unit.to_string(), row.key().into_owned());
        if !self.0.remove(&entry) {
            self.0.insert(entry);
        }
    }
}

/// The grid's lines of `pivot`: per currency its heading, the rows that are not inside a
/// folded group, its total line, and a gap between currencies.
pub fn grid_lines(pivot: &Pivot, folds: &Folds) -> Vec<GridLine> {
    let levels = pivot.levels.len();
    let mut lines = Vec::new();
    for (u, section) in pivot.units.iter().enumerate() {
        if u > 0 {
            lines.push(GridLine::Gap);
        }
        lines.push(GridLine::Heading(u));
        // Rows deeper than this are inside a folded group.
        let mut hidden_below: Option<usize> = None;
        for (r, row) in section.rows.iter().enumerate() {
            let depth = row.depth(levels);
            if hidden_below.is_some_and(|d| depth > d) {
                continue;
            }
            hidden_below = folds.holds(&section.unit, row).then_some(depth);
            lines.push(GridLine::Row(u, r));
        }
        lines.push(GridLine::Total(u));
    }
    lines
}

/// How a row is labelled on the screen: its key on a pivot of one level; with levels its own
/// level's key indented under its group, a group marked open (`▾`) or folded (`▸`).
pub fn label(pivot: &Pivot, row: &PivotRow, own: &str, folded: bool) -> String {
    let levels = pivot.levels.len();
    if levels < 2 || row.is_others() {
        return own.to_string();
    }
    let indent = "  ".repeat(row.depth(levels) - 1);
    match (row.is_subtotal(), folded) {
        (true, true) => format!("{indent}▸ {own}"),
        (true, false) => format!("{indent}▾ {own}"),
        (false, _) => format!("{indent}{own}"),
    }
}

/// A row's own key for people: its key on a pivot of one level, its own level's with levels.
pub fn own_key<'a>(pivot: &Pivot, row: &'a PivotRow) -> Cow<'a, str> {
    if pivot.levels.len() < 2 {
        row.key()
    } else {
        row.own_key()
    }
}

/// The column a row's own key is a value of: its level's (the rows' column on one level).
pub fn own_column<'a>(pivot: &'a Pivot, row: &PivotRow, rows: &'a str) -> &'a str {
    let levels = pivot.levels.len();
    if levels < 2 {
        return rows;
    }
    pivot
        .levels
        .get(row.depth(levels) - 1)
        .map_or(rows, String::as_str)
}
