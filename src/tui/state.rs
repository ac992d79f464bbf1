//! Everything the screen shows, as plain data. Only `update` changes it; `view` only reads it.
//!
//! The state is grouped by what it is about: the query's values (`form`), where the person is
//! in the query builder (`builder`), the submit and the fetch of its file (`result`), the
//! dialog over everything (`dialog`), the table view when a CSV is open (`table`), and the
//! surroundings (time, size, theme, who we talk to).

use std::borrow::Cow;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

pub use super::context::Context;
use super::dialogs::Dialog;
pub use super::notice::Notice;
use super::screens::analysis::Analysis;
use super::screens::form::values::Form;
use super::screens::form::{Builder, ResultState};
use super::screens::table::TableState;
use super::theme::Theme;
use crate::m3ter::DownloadLink;

/// The whole state of the screen.
#[derive(Debug)]
pub struct State {
    /// The query being built.
    pub form: Form,
    /// Where the person is in the query builder: the focused pane, its rows, an open editor.
    pub builder: Builder,
    /// The submit and the fetch of its file.
    pub result: ResultState,
    /// A dialog over everything else.
    pub dialog: Option<Dialog>,
    /// A CSV file in the table view, shown instead of the builder while open.
    pub table: Option<TableState>,
    /// A file being opened in the table, and the analysis to open over it once it is.
    pub opening: Option<Opening>,
    /// The report running, by name (one at a time).
    pub report_running: Option<String>,
    pub notice: Option<Notice>,
    /// The moment presets are resolved against.
    pub now: DateTime<Utc>,
    /// The moment countdowns and rates are measured against; set before each draw.
    pub clock: Instant,
    pub size: (u16, u16),
    pub spinner: usize,
    pub theme: Theme,
    pub context: Context,
    pub quit: bool,
}

impl State {
    pub fn new(
        form: Form,
        now: DateTime<Utc>,
        size: (u16, u16),
        theme: Theme,
        context: Context,
    ) -> State {
        State {
            form,
            builder: Builder::default(),
            result: ResultState::default(),
            dialog: None,
            table: None,
            opening: None,
            report_running: None,
            notice: None,
            now,
            clock: Instant::now(),
            size,
            spinner: 0,
            theme,
            context,
            quit: false,
        }
    }

    /// News for the person, where they are looking: the open analysis's or table's note line, or
    /// the builder's notice.
    pub fn tell(&mut self, notice: Notice) {
        let Some(table) = &mut self.table else {
            self.notice = Some(notice);
            return;
        };
        let text = Some(notice.text);
        match &mut table.analysis {
            Some(Analysis::Pivot(pivot)) => pivot.note = text,
            Some(Analysis::Compare(compare)) => compare.note = text,
            None => table.note = text,
        }
    }

    /// Whether something is running that the screen should animate.
    pub fn is_busy(&self) -> bool {
        self.result.is_busy()
            || self.report_running.is_some()
            || self.table.as_ref().is_some_and(|table| {
                table.scanning()
                    || table.job.is_running()
                    || table.analysis.as_ref().is_some_and(|a| a.busy())
                    || table.page_missing(table.rows_fit(self.size))
            })
    }

    /// The download link, once there is one.
    pub fn link(&self) -> Option<&DownloadLink> {
        self.result.link()
    }

    /// `code · Name` for a value of the open file's column `column` that is a known account
    /// code, when the file has codes only; else the value.
    pub fn account_label<'a>(&self, column: &str, value: &'a str) -> Cow<'a, str> {
        match &self.table {
            Some(table) => table.names.label(column, value),
            None => Cow::Borrowed(value),
        }
    }

    /// How long until `until`, by the clock of the last draw.
    pub fn remaining(&self, until: Instant) -> Duration {
        until.saturating_duration_since(self.clock)
    }
}

/// A file being opened in the table with an analysis to open over it.
#[derive(Debug, Clone)]
pub struct Opening {
    pub path: std::path::PathBuf,
    pub then: OpenThen,
}

/// The analysis to open once the table has the file.
#[derive(Debug, Clone)]
pub enum OpenThen {
    /// The two periods fetched from the builder, joined in the file.
    Compare(crate::explore::Period, crate::explore::Period),
    /// A report's view, over the lines its run fetched; with what the run said, for the view's
    /// note.
    View(Box<crate::report::PlannedView>, String),
}
