//! The table view of a bill CSV: its state (here), how keys and task news change it
//! (`update`), its pivot and comparison (`analysis`), where its parts go (`layout`) and how it
//! is drawn (`view`, with the totals in `totals_view`).

pub mod account_names;
pub mod cells;
pub mod columns;
pub mod layout;
pub mod naming;
pub mod totals;
pub mod totals_update;
pub mod totals_view;
pub mod update;
pub mod view;

#[cfg(test)]
mod tests;

pub use totals::{TotalsFrom, TotalsPane, TotalsSource};

use std::sync::Arc;

use ratatui_textarea::TextArea;

use crate::explore::{
    Columns, CsvFile, Filter, Grouping, Measure, ScanProgress, Totals, first_order,
    is_plain_integer, widest,
};
use crate::tui::job::Job;
use crate::tui::screens::analysis::Analysis;
use account_names::{AccountNames, Names};
use columns::ColumnChooser;

/// The rows shown, as read for a given place in the view.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The view position of the first row.
    pub first: u64,
    /// Which ordering of rows the page was read for.
    pub version: u64,
    pub rows: Vec<Vec<String>>,
    /// How many rows the view had when the page was read.
    pub known: u64,
}

/// Background work on the whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Sort,
    Filter,
}

/// The table opened on the lines behind an analysis's line or cell: the analysis to go back
/// to, and what the table had before.
#[derive(Debug)]
pub struct Drilled {
    pub back: Analysis,
    pub filters: Vec<Filter>,
    pub sort: Option<(usize, bool)>,
    /// Whose lines these are: `acme · 2026-03 · USD`.
    pub what: String,
}

/// A question the table view asks: a filter, or a column to go to.
#[derive(Debug)]
pub struct ViewPrompt {
    pub kind: PromptKind,
    pub text: TextArea<'static>,
    /// For a filter: only the highlighted column.
    pub this_column: bool,
    /// For a filter: the one it replaces (being edited), else it is added.
    pub replaces: Option<usize>,
}

/// Which part of the table view the moving keys move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Rows,
    /// The line of filters: one is highlighted, to remove or edit.
    Filters,
    Totals,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Filter,
    Column,
}

/// An open CSV file in the table view.
#[derive(Debug)]
pub struct TableState {
    pub file: CsvFile,
    /// The first name two columns share, if any: the status line says the first is read.
    pub repeated: Option<String>,
    pub scan: ScanProgress,
    pub columns: Columns,
    /// The file's columns shown, in the order shown; the first is frozen at the left.
    pub shown: Vec<usize>,
    /// Column widths and which columns hold numbers, from the header and the rows seen (per
    /// file column).
    pub widths: Vec<u16>,
    pub numeric: Vec<bool>,
    /// Per file column, decided once from the header (a frame asks for every cell): the
    /// widest it is drawn, and whether its numbers are labels written plain (a year, an id).
    caps: Vec<u16>,
    pub plain: Vec<bool>,
    /// The rows in view order when sorted or filtered (row numbers of the file).
    pub order: Option<Arc<Vec<u32>>>,
    /// Bumped whenever `order` changes, so a page read for an old order is dropped.
    pub version: u64,
    /// The file column sorted by, and whether downwards.
    pub sort: Option<(usize, bool)>,
    /// Every filter in force; a row is kept when it passes them all.
    pub filters: Vec<Filter>,
    /// The filters of the rows in view (those of the last filter run that finished), put back
    /// when a run is stopped.
    pub applied: Vec<Filter>,
    /// The highlighted filter, when the filters have the focus.
    pub filter_cursor: usize,
    pub focus: Focus,
    /// The totals of the filtered rows.
    pub filter_totals: Option<Arc<Totals>>,
    /// What the totals being made in a task are made from (one at a time: when it comes,
    /// the view is made again if its rows changed meanwhile).
    pub totals_making: Option<TotalsSource>,
    /// The sort or filter running.
    pub job: Job<JobKind>,
    pub top: u64,
    pub cursor: u64,
    /// The highlighted column: a place in `shown`.
    pub col: usize,
    /// The first of the scrolling columns shown, a place in `shown` (the first never scrolls).
    pub left: usize,
    pub page: Page,
    /// The page asked for and not yet come: (first, version).
    pub pending: Option<(u64, u64)>,
    pub totals: Option<Grouping>,
    pub measure: Measure,
    /// The lines the totals show, made when the rows or the grouping change (not per frame).
    pub totals_view: Option<TotalsPane>,
    /// The first line of the totals shown.
    pub totals_top: usize,
    pub prompt: Option<ViewPrompt>,
    pub chooser: Option<ColumnChooser>,
    /// What to say when the file has no rows, when more is known than the file (the query
    /// that made it: "nothing matched account = acmee in this period").
    pub empty_reason: Option<String>,
    /// Closing the view quits the program (`m3ter-bills view`).
    pub standalone: bool,
    /// The names of the accounts beside their codes, when the file has codes only.
    pub names: AccountNames,
    pub note: Option<String>,
    /// The pivot or comparison of the rows, shown instead of the table while open.
    pub analysis: Option<Analysis>,
    /// Set while the table shows the lines behind a line or cell of an analysis.
    pub drilled: Option<Drilled>,
    /// The last pass number an analysis of this table used: a new analysis numbers on from
    /// it, so the late answer of a closed one's pass is never taken for its own.
    pub analysis_jobs: u64,
}

impl TableState {
    /// A view of `file`, showing the columns named in `remembered` (a choice made before for
    /// a file with the same header), else those a person reads first.
    pub fn new(
        file: CsvFile,
        scan: ScanProgress,
        standalone: bool,
        remembered: Option<&[String]>,
    ) -> TableState {
        let columns = Columns::find(file.headers());
        let shown = remembered
            .map(|names| {
                names
                    .iter()
                    .filter_map(|n| file.headers().iter().position(|h| h == n))
                    .collect::<Vec<usize>>()
            })
            .filter(|shown| !shown.is_empty())
            .unwrap_or_else(|| first_order(file.headers()));
        let widths = file
            .headers()
            .iter()
            .map(|h| (h.chars().count() as u16).clamp(3, 40))
            .collect();
        let numeric = vec![false; file.headers().len()];
        let caps = (0..file.headers().len())
            .map(|c| widest(file.headers(), c))
            .collect();
        let plain = file.headers().iter().map(|h| is_plain_integer(h)).collect();
        let repeated = file.headers().iter().enumerate().find_map(|(i, h)| {
            let key = h.trim();
            (!key.is_empty()
                && file.headers()[..i]
                    .iter()
                    .any(|before| before.trim().eq_ignore_ascii_case(key)))
            .then(|| key.to_string())
        });
        let names = AccountNames::for_headers(file.headers());
        TableState {
            repeated,
            file,
            scan,
            columns,
            shown,
            widths,
            numeric,
            caps,
            plain,
            order: None,
            // Not the empty page's version, so the first page is asked for at once.
            version: 1,
            sort: None,
            filters: Vec::new(),
            applied: Vec::new(),
            filter_cursor: 0,
            focus: Focus::Rows,
            filter_totals: None,
            totals_making: None,
            job: Job::default(),
            top: 0,
            cursor: 0,
            col: 0,
            left: 1,
            page: Page::default(),
            pending: None,
            totals: None,
            measure: Measure::Subtotal,
            totals_view: None,
            totals_top: 0,
            prompt: None,
            chooser: None,
            standalone,
            names,
            empty_reason: None,
            note: None,
            analysis: None,
            drilled: None,
            analysis_jobs: 0,
        }
    }

    /// How many rows fit on a screen of `size`.
    pub fn rows_fit(&self, size: (u16, u16)) -> u64 {
        self.areas(size).rows_fit()
    }

    /// Where the parts go on a screen of `size`.
    pub fn areas(&self, size: (u16, u16)) -> layout::TableAreas {
        layout::TableAreas::for_size(size, self.totals.is_some(), !self.filters.is_empty())
    }

    /// The file column highlighted.
    pub fn file_col(&self) -> usize {
        self.shown.get(self.col).copied().unwrap_or_default()
    }

    /// How wide file column `c` is drawn: as wide as its cells, cut for long text in a bill
    /// file.
    pub fn width(&self, c: usize) -> u16 {
        self.widths
            .get(c)
            .copied()
            .unwrap_or(10)
            .min(self.caps.get(c).copied().unwrap_or(40))
    }

    /// The places in `shown` drawn in `width` cells: the pinned first, then from `left` on,
    /// as many as fit (at least one besides the pinned).
    pub fn places(&self, width: u16) -> Vec<usize> {
        let mut places = vec![0usize];
        let mut used = self.shown.first().map_or(10, |&c| self.width(c)) + 1;
        for place in self.left.max(1)..self.shown.len() {
            let w = self.width(self.shown[place]) + 1;
            if used + w > width && places.len() > 1 {
                break;
            }
            places.push(place);
            used += w;
        }
        places
    }

    /// Scrolls the columns so the highlighted one is drawn in `width` cells.
    pub fn show_highlighted(&mut self, width: u16) {
        let columns = self.shown.len();
        self.col = self.col.min(columns.saturating_sub(1));
        self.left = self.left.clamp(1, columns.max(2) - 1);
        if self.col >= 1 && self.col < self.left {
            self.left = self.col;
        }
        while self.col > 0 && !self.places(width).contains(&self.col) && self.left < self.col {
            self.left += 1;
        }
    }

    /// A column's name.
    pub fn header(&self, c: usize) -> &str {
        self.file.headers().get(c).map_or("", String::as_str)
    }

    /// Shows `shown` (file columns, in order), keeping the highlighted column if it is among
    /// them.
    pub fn show_columns(&mut self, shown: Vec<usize>) {
        let current = self.file_col();
        self.col = shown.iter().position(|&c| c == current).unwrap_or(0);
        self.shown = shown;
        self.left = self.col.max(1);
    }

    /// Whether the rows are filtered.
    pub fn filtered(&self) -> bool {
        !self.filters.is_empty()
    }

    /// Rows in the view: the filtered ones, or every row found so far.
    pub fn row_count(&self) -> u64 {
        match &self.order {
            Some(order) => order.len() as u64,
            None => self.scan.read().map(|p| p.rows).unwrap_or_default(),
        }
    }

    /// Whether the scan is still going.
    pub fn scanning(&self) -> bool {
        self.scan.read().map(|p| !p.done).unwrap_or(false)
    }

    /// Whether the rows on screen are not (all) the ones that should be: another place or
    /// order, or rows the scan has found since they were read.
    pub fn page_missing(&self, rows: u64) -> bool {
        (self.page.first, self.page.version) != (self.top, self.version)
            || ((self.page.rows.len() as u64) < rows && self.row_count() > self.page.known)
    }

    /// Shows `rows` read for the view position `first` of ordering `version`, if that is still
    /// where the view is.
    pub fn show_page(&mut self, first: u64, version: u64, rows: Vec<Vec<String>>, known: u64) {
        if version == self.version && first == self.top {
            self.learn(&rows);
            self.page = Page {
                first,
                version,
                rows,
                known,
            };
        }
    }

    /// Takes the names of the accounts when the file shows codes only; whether anything
    /// changed. The account column is widened for them.
    pub fn learn_names(&mut self, names: &Names) -> bool {
        if !self.names.learn(names) {
            return false;
        }
        let rows = std::mem::take(&mut self.page.rows);
        self.learn(&rows);
        self.page.rows = rows;
        true
    }

    /// Widens columns and marks numeric ones from rows as they are read.
    fn learn(&mut self, rows: &[Vec<String>]) {
        for row in rows {
            for (i, cell) in row.iter().enumerate().take(self.widths.len()) {
                let w = (self.names.cell(i, cell).chars().count() as u16 + 2).min(40);
                self.widths[i] = self.widths[i].max(w);
                if !cell.trim().is_empty()
                    && crate::explore::Amount::parse(cell.as_bytes()).is_some()
                {
                    self.numeric[i] = true;
                }
            }
        }
    }
}
