//! The comparison of two periods of the table's rows: per currency, the bridge from A's total
//! to B's, then every key with A, B, the change, its percentage, its status and a bar that
//! grows one way or the other. Its state is here; keys in `update`, drawing in `view`.
//!
//! It opens by finding the months the rows cover (a pass in a task), to offer the periods a
//! person most often compares; the comparison itself is another pass. The thresholds are
//! applied in place, with no pass.

pub mod band;
pub mod update;
pub mod view;

#[cfg(test)]
mod tests;

use super::choices::{KEY_COLUMNS, column_choices, preferred_choice};
use crate::explore::{
    Amount, CompareOrder, Comparison, CsvFile, DateColumn, Filter, Measure, Period, Selection,
    Status,
};
use crate::tui::dialogs::{ColumnPick, PeriodChooser};
use crate::tui::job::Job;

/// The thresholds `t` offers in turn: percent of A below which a change is hidden.
pub const THRESHOLDS: [Option<u32>; 5] = [None, Some(1), Some(5), Some(10), Some(25)];

/// The baselines `u` offers in turn: B against the mean of this many periods before it.
pub const BASELINES: [Option<u32>; 4] = [None, Some(3), Some(6), Some(12)];

/// The numbers of lines `n` offers in turn, per currency.
pub const TOPS: [Option<usize>; 4] = [None, Some(5), Some(10), Some(20)];

/// The statuses `f` offers in turn (every one first).
pub const STATUSES: [&[Status]; 6] = [
    &[],
    &[Status::New],
    &[Status::Churned],
    &[Status::Expanded],
    &[Status::Contracted],
    &[Status::New, Status::Churned],
];

/// A line of the list: a currency's bridge, a key of it, the note of its hidden lines, or the
/// gap after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListLine {
    Bridge(usize),
    Key(usize, usize),
    Hidden(usize),
    Gap,
}

/// The comparison screen.
#[derive(Debug)]
pub struct CompareState {
    pub file: CsvFile,
    /// The table's filters when it was opened: its rows are the ones they keep.
    pub base: Vec<Filter>,
    pub by_choices: Vec<String>,
    pub by: String,
    pub date: DateColumn,
    pub measure: Measure,
    /// A place in [`THRESHOLDS`].
    pub threshold: usize,
    pub order: CompareOrder,
    /// Places in [`TOPS`], [`STATUSES`] and [`BASELINES`].
    pub top: usize,
    pub statuses: usize,
    pub baseline: usize,
    /// The periods compared, once chosen.
    pub periods: Option<(Period, Period)>,
    /// Open while the periods are being chosen.
    pub chooser: Option<PeriodChooser>,
    /// Today, whose month is under way and not whole yet; relative names typed mean their
    /// periods as of it.
    pub today: chrono::NaiveDate,
    pub made: Option<Comparison>,
    /// The list as drawn: made when the comparison or the threshold changes.
    pub lines: Vec<ListLine>,
    /// The widest A, B and change shown, and per currency the largest change by size (the
    /// bars' full length): measured once per list, not per frame.
    pub widths: [usize; 3],
    pub scales: Vec<Amount>,
    pub error: Option<String>,
    /// The pass running: the months, or the comparison.
    pub job: Job,
    /// The highlighted list line (a key), and the first drawn.
    pub line: usize,
    pub top_line: usize,
    pub note: Option<String>,
    /// Open while what is compared is being chosen.
    pub picking: Option<ColumnPick>,
    /// Against a baseline, the highlighted line's periods charted beside the list.
    pub band: bool,
}

impl CompareState {
    /// A comparison of `file`'s rows that `filters` keep, by `preferred` when it is a column
    /// worth comparing by (the table's highlighted one), else by the first found.
    pub fn new(
        file: CsvFile,
        filters: Vec<Filter>,
        preferred: &str,
        today: chrono::NaiveDate,
    ) -> CompareState {
        let by_choices = column_choices(file.headers(), KEY_COLUMNS);
        let by = preferred_choice(&by_choices, preferred);
        CompareState {
            file,
            base: filters,
            by_choices,
            by,
            date: DateColumn::ServicePeriod,
            measure: Measure::Subtotal,
            threshold: 0,
            order: CompareOrder::default(),
            top: 0,
            statuses: 0,
            baseline: 0,
            periods: None,
            chooser: None,
            today,
            made: None,
            lines: Vec::new(),
            widths: [0; 3],
            scales: Vec::new(),
            error: None,
            job: Job::default(),
            line: 0,
            top_line: 0,
            note: None,
            picking: None,
            band: false,
        }
    }

    /// Set up to hold the last whole month against the mean of the three before it, by
    /// account when the file has one, with the chart of the highlighted line open.
    pub fn against_usual(&mut self) {
        self.baseline = 1;
        // What strays by a quarter or more of its usual is flagged.
        self.threshold = THRESHOLDS.len() - 1;
        self.band = true;
        if self.by_choices.iter().any(|c| c == "account") {
            self.by = "account".to_string();
        }
    }

    /// Which lines show: the threshold, statuses and top N chosen.
    pub fn selection(&self) -> Selection {
        // Against a baseline, the threshold flags what strays rather than hiding the rest.
        let against = self.against().is_some();
        Selection {
            min_change: None,
            min_pct: self.min_pct().filter(|_| !against),
            flag_pct: self.min_pct().filter(|_| against),
            statuses: STATUSES
                .get(self.statuses)
                .copied()
                .unwrap_or_default()
                .to_vec(),
            top: TOPS.get(self.top).copied().flatten(),
            ..Selection::default()
        }
    }

    /// How many periods before B its mean is of, when B is held against its usual.
    pub fn against(&self) -> Option<u32> {
        BASELINES.get(self.baseline).copied().flatten()
    }

    /// What the list shows besides every line, for the status line: `largest growth first
    /// · top 5 · new only`.
    pub fn shown_words(&self) -> String {
        let mut words = vec![self.order.label().to_string()];
        if let Some(n) = TOPS.get(self.top).copied().flatten() {
            words.push(format!("top {n}"));
        }
        let statuses = STATUSES.get(self.statuses).copied().unwrap_or_default();
        if !statuses.is_empty() {
            let names: Vec<&str> = statuses.iter().map(|s| s.word()).collect();
            words.push(format!("{} only", names.join(" and ")));
        }
        words.join(" · ")
    }

    /// The threshold in force, as a percentage of A.
    pub fn min_pct(&self) -> Option<Amount> {
        THRESHOLDS
            .get(self.threshold)
            .copied()
            .flatten()
            .map(|p| Amount::from_millionths(i128::from(p) * 1_000_000))
    }

    /// Lays the list out again from the comparison and the threshold.
    fn relist(&mut self) {
        let mut lines = Vec::new();
        let mut widths = [0usize; 3];
        let mut scales = Vec::new();
        let decimals = self.measure.decimals();
        if let Some(made) = &self.made {
            // The headings too: a partial period's carries its coverage (`2026-Q2 (from 06-01)`).
            widths[0] = made.label_a().chars().count();
            widths[1] = made.label_b().chars().count();
            for unit in &made.units {
                let shown = unit.lines.iter().filter(|l| l.material);
                let mut scale = Amount::ZERO;
                for line in shown {
                    for (w, amount) in
                        widths
                            .iter_mut()
                            .zip([line.a.net(), line.b.net(), line.change])
                    {
                        *w = (*w).max(amount.format(decimals).len());
                    }
                    scale = scale.max(line.change.abs());
                }
                scales.push(scale);
            }
            for (u, unit) in made.units.iter().enumerate() {
                if u > 0 {
                    lines.push(ListLine::Gap);
                }
                lines.push(ListLine::Bridge(u));
                lines.extend(
                    unit.lines
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| l.material)
                        .map(|(i, _)| ListLine::Key(u, i)),
                );
                if unit.hidden() > 0 {
                    lines.push(ListLine::Hidden(u));
                }
            }
        }
        self.lines = lines;
        self.widths = widths;
        self.scales = scales;
        self.line = self.first_key(0, true).unwrap_or(0);
        self.top_line = 0;
    }

    /// The first key line from `from` on (or back).
    fn first_key(&self, from: usize, forwards: bool) -> Option<usize> {
        let is_key = |i: &usize| matches!(self.lines[*i], ListLine::Key(..));
        if forwards {
            (from..self.lines.len()).find(is_key)
        } else {
            (0..=from.min(self.lines.len().checked_sub(1)?))
                .rev()
                .find(is_key)
        }
    }

    /// What the title says: `account, 2026-09 → 2026-10 (service period), subtotal per
    /// currency`.
    pub fn title(&self) -> String {
        let periods = match (&self.periods, self.against()) {
            (None, _) => "choosing the periods".to_string(),
            (Some((_, b)), Some(n)) => format!("{b} against the mean of the {n} before"),
            (Some((a, b)), None) => format!("{a} → {b}"),
        };
        let date = match self.date {
            DateColumn::ServicePeriod => "service period",
            DateColumn::BillDate => "bill date",
        };
        format!(
            "{} by {}, {periods} ({date})",
            self.measure.label(),
            self.by.replace(',', " › ")
        )
    }
}
