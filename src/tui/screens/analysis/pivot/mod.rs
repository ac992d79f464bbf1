//! The pivot of the table's rows: one column's values against months (or quarters, years, or
//! another column's values), per currency. Its state is here; how keys change it is in
//! `update`, where its parts go in `layout`, and how it is drawn in `view` (the grid) and
//! `chart` (the trend).
//!
//! The pivot is made in a task from the table's file and the filters in force when it was
//! opened; every choice (rows, columns, dates, measure, top rows) makes it again, while the
//! order of its rows is changed in place.

pub mod cell_show;
pub mod chart;
pub mod grid;
pub mod layout;
pub mod update;
pub mod view;
pub mod work;

use std::collections::HashSet;
use std::sync::Arc;

pub use self::cell_show::CellShow;
pub use self::grid::GridLine;
use self::grid::{Folds, grid_lines, label, own_column, own_key};
use super::choices::{KEY_COLUMNS, column_choices, preferred_choice};
use crate::explore::{
    Bucket, CsvFile, DateColumn, Filter, Measure, Pivot, PivotColumns, PivotRow, PivotSpec,
    Provenance, RowOrder, Sum, find_column,
};
use crate::tui::dialogs::ColumnPick;
use crate::tui::job::Job;
use crate::tui::screens::table::account_names::AccountNames;

/// Columns whose values make good rows besides the key columns, offered by `r` after them.
const MORE_ROW_COLUMNS: &[&str] = &[
    "productCode",
    "planName",
    "billingFrequency",
    "status",
    "billCurrency",
];

/// The rows the trend chart draws, the largest first (the rest are added up as the others).
pub const LINES: usize = 5;

/// What the pivot's columns are, as `c` offers them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnChoice {
    Time(Bucket),
    /// The values of this column of the file.
    Values(String),
}

impl ColumnChoice {
    pub fn label(&self) -> String {
        match self {
            ColumnChoice::Time(bucket) => bucket.name().to_string(),
            ColumnChoice::Values(name) => name.clone(),
        }
    }
}

/// The pivot screen: what was asked, what came back, and where the cursor is.
#[derive(Debug)]
pub struct PivotState {
    pub file: CsvFile,
    /// The table's filters when the pivot was opened: its rows are the ones they keep.
    pub base: Vec<Filter>,
    /// The columns that can be the rows (found in the file), and the one that is.
    pub row_choices: Vec<String>,
    pub rows: String,
    /// What the columns can be (found in the file), and what they are.
    pub column_choices: Vec<ColumnChoice>,
    pub columns: ColumnChoice,
    pub date: DateColumn,
    pub measure: Measure,
    pub order: RowOrder,
    pub top: Option<usize>,
    /// The pivot as last made, with its grid lines and column widths.
    pub made: Option<Made>,
    /// Why the last pivot could not be made.
    pub error: Option<String>,
    /// The pivot being made (or re-ordered), and what is being done.
    pub job: Job,
    pub doing: &'static str,
    /// The cursor: a grid line (one that holds cells) and a column (`columns.len()` is the
    /// total).
    pub line: usize,
    pub column: usize,
    /// The first grid line and the first bucket column drawn.
    pub top_line: usize,
    pub left: usize,
    /// The trend chart is shown instead of the grid; of this currency section.
    pub chart: Option<usize>,
    pub note: Option<String>,
    /// Open while the rows or the columns are being chosen.
    pub picking: Option<ColumnPick>,
    /// What the cells show.
    pub cells: CellShow,
    /// Only the lines of this period (a report's view opened on its lines), by the dates the
    /// pivot goes by.
    pub period: Option<crate::explore::Period>,
}

/// A finished pivot, laid out for drawing once (a frame must not measure every cell). It is
/// laid out off the screen's thread, in the task that made (or re-ordered) the pivot.
#[derive(Debug, Clone)]
pub struct Made {
    /// Shared with the tasks that re-order it or export it, so neither copies it here.
    pub pivot: Arc<Pivot>,
    /// The order its rows are in.
    pub order: RowOrder,
    /// The column labels with their coverage marks (`2026-12 (to date)`).
    pub labels: Vec<String>,
    pub lines: Vec<GridLine>,
    /// The widest cell of each bucket column, and of the total column.
    pub widths: Vec<u16>,
    pub total_width: u16,
    pub label_width: u16,
    /// Each currency's chart lines: its largest rows and the others.
    pub tops: Vec<Vec<PivotRow>>,
    /// The groups folded to their subtotal's line.
    pub folds: Folds,
}

impl Made {
    pub fn new(pivot: Arc<Pivot>, order: RowOrder, rows: &str, decimals: u32) -> Made {
        let folds = Folds::default();
        let lines = grid_lines(&pivot, &folds);
        let labels: Vec<String> = (0..pivot.columns.len())
            .map(|i| pivot.column_label(i))
            .collect();
        let len = |s: &Sum| s.net().format(decimals).len() as u16;
        // An empty cell shows as a dot: only the filled ones can be wider than the label.
        let mut widths: Vec<u16> = labels.iter().map(|l| l.chars().count() as u16).collect();
        let mut total_width = 5;
        for section in &pivot.units {
            let lines = section
                .rows
                .iter()
                .map(|r| (&r.cells, r.total()))
                .chain([(&section.totals, section.total)]);
            for (cells, total) in lines {
                for (i, cell) in cells.filled() {
                    if let Some(w) = widths.get_mut(i) {
                        *w = (*w).max(len(&cell));
                    }
                }
                total_width = total_width.max(len(&total));
            }
        }
        let longest = if pivot.levels.len() > 1 {
            pivot
                .units
                .iter()
                .flat_map(|u| &u.rows)
                .map(|r| label(&pivot, r, &own_key(&pivot, r), false).chars().count())
                .max()
                .unwrap_or(0)
        } else {
            pivot.longest_key()
        };
        let label_width = longest.max(rows.chars().count()).clamp(8, 28) as u16;
        let tops = if pivot.over_time() {
            (0..pivot.units.len())
                .map(|u| pivot.top(u, LINES))
                .collect()
        } else {
            Vec::new()
        };
        Made {
            pivot,
            order,
            labels,
            lines,
            widths,
            total_width,
            label_width,
            tops,
            folds,
        }
    }

    /// Widens the row labels for the accounts' names beside their codes, when `rows` is a
    /// file's column of codes that `names` knows.
    pub fn fit_names(&mut self, names: &AccountNames, rows: &str) {
        let longest = self
            .pivot
            .units
            .iter()
            .flat_map(|u| &u.rows)
            .filter_map(|r| {
                let own = own_key(&self.pivot, r);
                let name = names.name(own_column(&self.pivot, r, rows), &own)?;
                let label = label(&self.pivot, r, &own, false);
                Some(label.chars().count() + 3 + name.chars().count())
            })
            .max();
        if let Some(longest) = longest {
            self.label_width = self.label_width.max(longest.min(40) as u16);
        }
    }

    /// The sum under a grid line and column (`None` on a line without cells).
    pub fn sum(&self, line: usize, column: usize) -> Option<Sum> {
        let cells = match self.lines.get(line)? {
            GridLine::Row(u, r) => &self.pivot.units.get(*u)?.rows.get(*r)?.cells,
            GridLine::Total(u) => &self.pivot.units.get(*u)?.totals,
            GridLine::Heading(_) | GridLine::Gap => return None,
        };
        Some(if column < self.pivot.columns.len() {
            cells.get(column)
        } else {
            cells.total()
        })
    }

    /// The key of a row's grid line (`None` for other lines).
    fn key_at(&self, line: GridLine) -> Option<String> {
        match line {
            GridLine::Row(u, r) => Some(self.pivot.units.get(u)?.rows.get(r)?.key().into_owned()),
            _ => None,
        }
    }
}

impl Made {
    /// Whether the group of row `r` of currency `u` is folded.
    pub fn folded(&self, u: usize, r: usize) -> bool {
        self.pivot
            .units
            .get(u)
            .and_then(|s| Some(self.folds.holds(&s.unit, s.rows.get(r)?)))
            .unwrap_or(false)
    }

    /// Folds or opens the group at grid line `line` (a member's group when the line is a
    /// member); the grid line the cursor goes to, the group's own.
    pub fn toggle(&mut self, line: usize) -> Option<usize> {
        let GridLine::Row(u, r) = *self.lines.get(line)? else {
            return None;
        };
        let section = self.pivot.units.get(u)?;
        let levels = self.pivot.levels.len();
        // A member folds the group it is in: the nearest subtotal above it that is shallower.
        let row = section.rows.get(r)?;
        let group = if row.is_subtotal() {
            r
        } else {
            let depth = row.depth(levels);
            (0..r)
                .rev()
                .find(|&g| section.rows[g].is_subtotal() && section.rows[g].depth(levels) < depth)?
        };
        self.folds.toggle(&section.unit, &section.rows[group]);
        self.lines = grid_lines(&self.pivot, &self.folds);
        self.lines
            .iter()
            .position(|l| *l == GridLine::Row(u, group))
    }

    /// Folds every group when any is open, else opens them all.
    pub fn toggle_all(&mut self) {
        let groups: Vec<(String, String)> = self
            .pivot
            .units
            .iter()
            .flat_map(|s| {
                s.rows
                    .iter()
                    .filter(|r| r.is_subtotal())
                    .map(|r| (s.unit.clone(), r.key().into_owned()))
            })
            .collect();
        let all_folded = groups.iter().all(|g| self.folds.0.contains(g));
        self.folds.0 = if all_folded {
            HashSet::new()
        } else {
            groups.into_iter().collect()
        };
        self.lines = grid_lines(&self.pivot, &self.folds);
    }

    /// Takes the folds of the pivot shown before (the groups still there stay folded).
    pub fn keep_folds(&mut self, folds: &Folds) {
        if !folds.0.is_empty() {
            self.folds = folds.clone();
            self.lines = grid_lines(&self.pivot, &self.folds);
        }
    }
}

impl PivotState {
    /// The pivot of `file`'s rows that `filters` keep, by `preferred` when it is a column
    /// that makes rows (the table's highlighted column), else by the first that is found.
    pub fn new(file: CsvFile, filters: Vec<Filter>, preferred: &str) -> PivotState {
        let headers = file.headers();
        let found = |name: &str| find_column(headers, &[name]).map(|i| headers[i].clone());
        let row_choices = column_choices(headers, &[KEY_COLUMNS, MORE_ROW_COLUMNS].concat());
        let rows = preferred_choice(&row_choices, preferred);
        let mut column_choices = vec![
            ColumnChoice::Time(Bucket::Month),
            ColumnChoice::Time(Bucket::Quarter),
            ColumnChoice::Time(Bucket::Year),
        ];
        column_choices.extend(
            ["lineItemType", "billCurrency", "productName", "account"]
                .iter()
                .filter_map(|n| found(n))
                .map(ColumnChoice::Values),
        );
        PivotState {
            file,
            base: filters,
            row_choices,
            rows,
            column_choices,
            columns: ColumnChoice::Time(Bucket::Month),
            date: DateColumn::ServicePeriod,
            measure: Measure::Subtotal,
            order: RowOrder::Total,
            top: None,
            made: None,
            error: None,
            job: Job::default(),
            doing: "adding up",
            line: 0,
            column: 0,
            top_line: 0,
            left: 0,
            chart: None,
            note: None,
            picking: None,
            cells: CellShow::Amount,
            period: None,
        }
    }

    /// What to pivot, as chosen now.
    pub fn spec(&self) -> PivotSpec {
        PivotSpec {
            rows: self.rows.clone(),
            columns: match &self.columns {
                ColumnChoice::Time(bucket) => PivotColumns::Time(*bucket, self.date),
                ColumnChoice::Values(name) => PivotColumns::Values(name.clone()),
            },
            measure: self.measure,
            filters: self
                .base
                .iter()
                .cloned()
                .chain(self.period.as_ref().and_then(|p| {
                    let column = self.date.find(self.file.headers())?;
                    Some(Filter::in_periods(column, &[p]))
                }))
                .collect(),
            order: self.order,
            top: self.top,
            min_credit_share: None,
            provenance: Provenance::default(),
        }
    }

    /// Takes a finished pivot, keeping the cursor on the same currency and row key (and the
    /// same column label) when they are still there.
    pub fn show(&mut self, mut made: Made) {
        if let Some(shown) = &self.made {
            made.keep_folds(&shown.folds);
        }
        let before = self.made.as_ref().and_then(|m| {
            let line = *m.lines.get(self.line)?;
            let unit = &m.pivot.units.get(line.unit()?)?.unit;
            let column = m.pivot.columns.get(self.column).cloned();
            Some((unit.clone(), m.key_at(line), column))
        });
        self.line = first_cells(&made.lines, 0, true).unwrap_or(0);
        self.column = 0;
        if let Some((unit, key, column)) = before {
            let found = made.lines.iter().position(|&line| match line {
                GridLine::Row(u, r) => {
                    made.pivot.units[u].unit == unit
                        && key
                            .as_deref()
                            .is_some_and(|k| made.pivot.units[u].rows[r].key() == k)
                }
                GridLine::Total(u) => key.is_none() && made.pivot.units[u].unit == unit,
                _ => false,
            });
            if let Some(found) = found {
                self.line = found;
            }
            self.column = match column {
                Some(label) => made
                    .pivot
                    .columns
                    .iter()
                    .position(|c| *c == label)
                    .unwrap_or(0),
                None => made.pivot.columns.len(),
            };
        }
        if self.chart.is_some() {
            self.chart = self.unit_at_cursor_in(&made);
        }
        self.made = Some(made);
        self.error = None;
    }

    fn unit_at_cursor_in(&self, made: &Made) -> Option<usize> {
        made.lines.get(self.line).and_then(|l| l.unit())
    }

    /// The currency section the cursor is in.
    pub fn unit_at_cursor(&self) -> Option<usize> {
        self.made.as_ref().and_then(|m| self.unit_at_cursor_in(m))
    }

    /// What the title says the pivot is: `subtotal per currency by account × month (service
    /// period)`.
    pub fn title(&self) -> String {
        let columns = match &self.columns {
            ColumnChoice::Time(bucket) => format!(
                "{} ({})",
                bucket.name(),
                match self.date {
                    DateColumn::ServicePeriod => "service period",
                    DateColumn::BillDate => "bill date",
                }
            ),
            ColumnChoice::Values(name) => name.clone(),
        };
        let cells = self
            .cells
            .words()
            .map(|(short, _)| format!(", cells: {short}"))
            .unwrap_or_default();
        let period = self
            .period
            .as_ref()
            .map(|p| format!(", only {}", p.label))
            .unwrap_or_default();
        format!(
            "{} by {} × {columns}{period}{cells}",
            self.measure.label(),
            self.rows_label()
        )
    }

    /// The rows' column, or their levels: `account › productName`.
    pub fn rows_label(&self) -> String {
        self.rows.replace(',', " › ")
    }

    /// Whether the pivot shows every row kept, or only the largest.
    pub fn top_label(&self) -> String {
        match self.top {
            Some(n) => format!("top {n} + others"),
            None => "every row".into(),
        }
    }
}

/// The first grid line from `from` on (or back, when `forwards` is false) that holds cells.
pub fn first_cells(lines: &[GridLine], from: usize, forwards: bool) -> Option<usize> {
    if forwards {
        (from..lines.len()).find(|&i| lines[i].holds_cells())
    } else {
        (0..=from.min(lines.len().checked_sub(1)?))
            .rev()
            .find(|&i| lines[i].holds_cells())
    }
}

#[cfg(test)]
mod tests;
