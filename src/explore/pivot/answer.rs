//! What a pivot answers: the request (columns, order, measure), each currency's rows with their
//! cells, the column labels, and what was left out on the way.

use std::borrow::Cow;

use super::line::{self, Line};
use crate::explore::Amount;
use crate::explore::bucket::{Bucket, DateColumn};
use crate::explore::columns::Measure;
use crate::explore::coverage::{Coverage, Covered, Provenance, Source};
use crate::explore::filter::Filter;
use crate::explore::job::JobError;
use crate::explore::levels::{LevelError, Levels, SEP, parts};
use crate::explore::totals::{Sum, shown};
use crate::explore::unreadable::Unreadable;

/// What the pivot's columns are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PivotColumns {
    Time(Bucket, DateColumn),
    /// The values of a column, by name.
    Values(String),
}

/// How the rows are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowOrder {
    /// The largest total (by size) first.
    #[default]
    Total,
    Name,
    /// The largest in the last column first.
    Last,
}

impl RowOrder {
    pub const ALL: [RowOrder; 3] = [RowOrder::Total, RowOrder::Name, RowOrder::Last];

    /// The word for it on the command line and in a report: `total`, `name`, `last`.
    pub fn word(self) -> &'static str {
        match self {
            RowOrder::Total => "total",
            RowOrder::Name => "name",
            RowOrder::Last => "last",
        }
    }

    /// The order `word` names (any case).
    pub fn named(word: &str) -> Option<RowOrder> {
        RowOrder::ALL
            .into_iter()
            .find(|o| o.word().eq_ignore_ascii_case(word.trim()))
    }
}

/// What to pivot.
#[derive(Debug, Clone)]
pub struct PivotSpec {
    /// The column whose values are the rows, by name; or up to three, comma-separated
    /// (`account,productName`), each a level of groups with its subtotal.
    pub rows: String,
    pub columns: PivotColumns,
    pub measure: Measure,
    /// Rows must pass every one.
    pub filters: Vec<Filter>,
    pub order: RowOrder,
    /// Keep this many rows per currency, the rest added up as "others".
    pub top: Option<usize>,
    /// Keep only the rows whose credits are at least this many percent of their charges (the
    /// credit share); the rest are left out of the pivot and its totals, and said.
    pub min_credit_share: Option<Amount>,
    /// What is known of the file besides its lines, for what each time column covers.
    pub provenance: Provenance,
}

/// Why there is no pivot.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PivotError {
    #[error("this file has no {wanted} column; it has: {}", .available.join(", "))]
    MissingColumn {
        wanted: String,
        available: Vec<String>,
    },
    #[error(
        "the sum of {key} in {unit} is beyond the exact range (10^30), so it is not shown as a number"
    )]
    BeyondRange { key: String, unit: String },
    #[error("{0}")]
    Levels(LevelError),
    #[error("{0}")]
    Job(#[from] JobError),
}

impl From<LevelError> for PivotError {
    /// A level's column missing is a column missing, as for any other.
    fn from(e: LevelError) -> Self {
        match e {
            LevelError::MissingColumn { wanted, available } => {
                PivotError::MissingColumn { wanted, available }
            }
            other => PivotError::Levels(other),
        }
    }
}

/// One row of a pivot: its key and its sums by column (only where it has any). With levels, a
/// row is either a line of the deepest level or a group's subtotal, just before its members.
#[derive(Debug, Clone, PartialEq)]
pub struct PivotRow {
    /// The key as the file writes it, its levels apart by [`SEP`]; the others row's name for
    /// that row.
    pub(super) raw: Box<[u8]>,
    pub(super) others: bool,
    /// A group's subtotal: of its first this many levels.
    pub(super) subtotal: Option<u8>,
    pub cells: Line,
}

impl PivotRow {
    pub(super) fn named(raw: Box<[u8]>, cells: Line) -> PivotRow {
        PivotRow {
            raw,
            others: false,
            subtotal: None,
            cells,
        }
    }

    /// The key for people, its levels apart by ` · `: `(blank)` for an empty one, without
    /// control characters.
    pub fn key(&self) -> Cow<'_, str> {
        if !self.raw.contains(&SEP) {
            return shown(&self.raw, "(blank)");
        }
        Cow::Owned(
            self.parts()
                .map(|p| shown(p, "(blank)"))
                .collect::<Vec<_>>()
                .join(" · "),
        )
    }

    /// The key of its own level for people (`Seats` of `acme · Seats`): what an indented
    /// line shows.
    pub fn own_key(&self) -> Cow<'_, str> {
        shown(self.parts().last().unwrap_or_default(), "(blank)")
    }

    /// The key exactly as the file writes it (an empty key stays empty), for programs; the
    /// others row by its name. Levels apart by ` · `.
    pub fn key_as_written(&self) -> String {
        if !self.raw.contains(&SEP) {
            return as_written(&self.raw);
        }
        self.parts().map(as_written).collect::<Vec<_>>().join(" · ")
    }

    /// Each level's value as the file writes it, `levels` of them: those below a subtotal's
    /// (and below the others row's first) empty.
    pub fn levels_as_written(&self, levels: usize) -> Vec<String> {
        let mut parts: Vec<String> = self.parts().map(as_written).collect();
        parts.resize(levels, String::new());
        parts
    }

    /// The levels of the key, as the file writes them.
    pub(super) fn parts(&self) -> impl Iterator<Item = &[u8]> {
        parts(&self.raw)
    }

    /// How deep the row is: 1 for a first-level group's subtotal (or a row of a pivot of one
    /// level, or the others row), up to the pivot's levels for a line of the deepest.
    pub fn depth(&self, levels: usize) -> usize {
        match (self.subtotal, self.others) {
            (Some(k), _) => usize::from(k),
            (None, true) => 1,
            (None, false) => levels.max(1),
        }
    }

    /// Whether this is a group's subtotal (its members follow it).
    pub fn is_subtotal(&self) -> bool {
        self.subtotal.is_some()
    }

    /// Whether this is the row that adds up the rows past the top N.
    pub fn is_others(&self) -> bool {
        self.others
    }

    /// The row's total.
    pub fn total(&self) -> Sum {
        self.cells.total()
    }
}

/// The pivot in one currency (or unit).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitPivot {
    pub unit: String,
    /// The unit as the file writes it.
    pub(super) raw: Box<[u8]>,
    pub rows: Vec<PivotRow>,
    /// The column totals.
    pub totals: Line,
    pub total: Sum,
}

impl UnitPivot {
    /// The currency (or unit) exactly as the file writes it, for programs.
    pub fn unit_as_written(&self) -> String {
        as_written(&self.raw)
    }
}

/// Bytes of the file as text: as they are when they are UTF-8 (nearly always, and checked
/// quickest), else with the odd bytes replaced.
fn as_written(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(text) => text.to_string(),
        Err(_) => String::from_utf8_lossy(raw).into_owned(),
    }
}

/// A whole pivot: the column labels (shared by every currency) and a section per currency,
/// the largest total first.
#[derive(Debug, Clone, PartialEq)]
pub struct Pivot {
    pub columns: Vec<String>,
    /// How much of each time column the file covers (every one whole when the columns are
    /// values, or when nothing says what the file covers).
    pub covered: Vec<Covered>,
    /// What the file covers, when the columns are service periods and it is known.
    pub coverage: Option<Coverage>,
    pub units: Vec<UnitPivot>,
    /// The columns the rows are grouped by, one per level, as the file names them.
    pub levels: Vec<String>,
    pub(super) keys: Vec<ColumnKey>,
    pub(super) at: Located,
    /// Rows left out for having no date to put in a time bucket.
    pub undated: u64,
    /// Rows left out for having no plain number to add.
    pub unreadable: Unreadable,
    /// What was left out of the sums, a sentence each (empty when nothing was).
    pub left_out: Vec<String>,
    /// Long runs of empty time buckets left out of the columns, a sentence each.
    pub gaps: Vec<String>,
}

/// Where in the file the pivot's columns are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Located {
    pub(super) rows: Levels,
    /// The date column with its bucket, or the column whose values are the columns.
    pub(super) by: usize,
    pub(super) bucket: Option<Bucket>,
    pub(super) value: usize,
    pub(super) unit: Option<usize>,
    /// The line item type, which says each line's kind.
    pub(super) kind: Option<usize>,
    /// Where a service period ends, when the columns are service periods.
    pub(super) end: Option<usize>,
}

/// The name of the row that adds up the rows past the top N.
pub const OTHERS: &str = "(others)";

/// A column key: a bucket number, or a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum ColumnKey {
    Bucket(i64),
    Value(Box<[u8]>),
}

impl Pivot {
    /// The first `count` rows of section `unit` by the size of their total, the rest added
    /// up as one "others" row (with the others the pivot already had): a chart's lines.
    pub fn top(&self, unit: usize, count: usize) -> Vec<PivotRow> {
        let Some(section) = self.units.get(unit) else {
            return Vec::new();
        };
        // With levels, the chart's lines are the first level's groups.
        let levels = self.levels.len();
        let mut sized: Vec<(Amount, &PivotRow)> = section
            .rows
            .iter()
            .filter(|r| !r.others && r.depth(levels) == 1)
            .map(|r| (r.total().net().abs(), r))
            .collect();
        let by_size = |a: &(Amount, &PivotRow), b: &(Amount, &PivotRow)| {
            b.0.cmp(&a.0).then_with(|| a.1.raw.cmp(&b.1.raw))
        };
        if sized.len() > count && count > 0 {
            sized.select_nth_unstable_by(count - 1, by_size);
        }
        let rest = sized.split_off(count.min(sized.len()));
        sized.sort_by(by_size);
        let mut rows: Vec<PivotRow> = sized.into_iter().map(|(_, r)| r.clone()).collect();
        let had = section.rows.iter().find(|r| r.others);
        if !rest.is_empty() || had.is_some() {
            let mut others = line::Adding::new(self.columns.len());
            for (_, row) in &rest {
                others.add(&row.cells);
            }
            if let Some(had) = had {
                others.add(&had.cells);
            }
            rows.push(PivotRow::others(others.line()));
        }
        rows
    }

    /// How concentrated section `unit` is: the rows shown by name at the first level (the top
    /// N when the rest are added up as the others) and their share of the net, in percent.
    /// `None` without others, or with a net of zero.
    pub fn concentration(&self, unit: usize) -> Option<(usize, Amount)> {
        let section = self.units.get(unit)?;
        section.rows.iter().find(|r| r.others)?;
        let levels = self.levels.len();
        let named = section
            .rows
            .iter()
            .filter(|r| !r.others && r.depth(levels) == 1);
        let (mut count, mut net) = (0, Amount::ZERO);
        for row in named {
            count += 1;
            net = net.checked_add(row.total().net())?;
        }
        Some((count, crate::explore::percent(net, section.total.net())?))
    }

    /// The most characters a row's key has (0 when there are no rows).
    pub fn longest_key(&self) -> usize {
        self.units
            .iter()
            .flat_map(|u| u.rows.iter().map(|r| r.key().chars().count()))
            .max()
            .unwrap_or(0)
    }

    /// The period the pivot is of: the days its file was asked for when the tool fetched it,
    /// else the span of its time columns, first to last. `None` when the columns are values
    /// and nothing says what the file covers.
    pub fn span(&self) -> Option<crate::explore::Period> {
        use crate::explore::Period;
        // Asked up to a day still to come, the days are cut at today: the columns' whole
        // periods say what was meant.
        if let Some(c) = self
            .coverage
            .filter(|c| c.source == Source::Request && !c.to_today)
        {
            return Some(Period::of_days(c.from, c.to));
        }
        let bucket = self.at.bucket?;
        let numbers = || {
            self.keys.iter().filter_map(|k| match k {
                ColumnKey::Bucket(n) => Some(*n),
                ColumnKey::Value(_) => None,
            })
        };
        let start = bucket.period(numbers().min()?)?.bounds().0;
        let end = bucket.period(numbers().max()?)?.bounds().1;
        Some(Period::of_days(start, end))
    }

    /// Whether the columns are time buckets (so the rows are a trend that can be charted).
    pub fn over_time(&self) -> bool {
        self.at.bucket.is_some()
    }

    /// Column `i`'s label with how much of it the file covers: `2026-06 (from 06-10)`.
    pub fn column_label(&self, i: usize) -> String {
        let label = self.columns.get(i).map_or("", String::as_str);
        match self.covered.get(i).and_then(Covered::mark) {
            Some(mark) => format!("{label} ({mark})"),
            None => label.to_string(),
        }
    }

    /// What a reader must know before trusting the numbers, a sentence each: lines left out,
    /// and columns the file covers only in part (not like for like with the others).
    pub fn warnings(&self) -> Vec<String> {
        let mut notes = self.left_out.clone();
        let partial: Vec<String> = (0..self.columns.len())
            .filter(|&i| self.covered.get(i).is_some_and(Covered::partial))
            .map(|i| self.column_label(i))
            .collect();
        if let (false, Some(coverage)) = (partial.is_empty(), self.coverage) {
            notes.push(format!(
                "{} {} only partly in the file ({})",
                partial.join(", "),
                if partial.len() == 1 { "is" } else { "are" },
                coverage.said()
            ));
        }
        notes
    }
}

pub(super) fn group(n: u64) -> String {
    crate::explore::group_thousands(&n.to_string())
}

impl PivotRow {
    pub(super) fn others(cells: Line) -> PivotRow {
        PivotRow {
            raw: OTHERS.as_bytes().into(),
            others: true,
            subtotal: None,
            cells,
        }
    }
}
