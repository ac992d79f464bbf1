//! What a comparison answers: per currency, each key's A, B and change with its kind of change,
//! the bridge from A's total to B's, and how much of each period the file covers.

use super::baseline::{Baseline, Flag};
use crate::explore::amount::Amount;
use crate::explore::bucket::DateColumn;
use crate::explore::columns::Measure;
use crate::explore::coverage::{Coverage, Covered, Provenance};
use crate::explore::filter::Filter;
use crate::explore::job::JobError;
use crate::explore::levels::{LevelError, Levels, parts};
use crate::explore::period::Period;
use crate::explore::totals::{Sum, text};

use crate::explore::unreadable::Unreadable;

/// What changed for a key between A and B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// No line in A.
    New,
    /// No line in B.
    Churned,
    Expanded,
    Contracted,
    Flat,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::New,
        Status::Churned,
        Status::Expanded,
        Status::Contracted,
        Status::Flat,
    ];

    /// The status a word names (`new`, `churned`, ...), case ignored.
    pub fn named(word: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.word().eq_ignore_ascii_case(word.trim()))
    }

    pub fn word(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Churned => "churned",
            Status::Expanded => "expanded",
            Status::Contracted => "contracted",
            Status::Flat => "flat",
        }
    }
}

/// How a comparison's lines are ordered (with levels, the groups, and each group's members
/// within it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CompareOrder {
    /// The largest change by size first.
    #[default]
    Change,
    /// The largest growth first.
    Growth,
    /// The largest decline first.
    Decline,
    /// The largest A (by size) first.
    A,
    /// The largest B (by size) first.
    B,
    Name,
}

impl CompareOrder {
    pub const ALL: [CompareOrder; 6] = [
        CompareOrder::Change,
        CompareOrder::Growth,
        CompareOrder::Decline,
        CompareOrder::A,
        CompareOrder::B,
        CompareOrder::Name,
    ];

    pub fn word(self) -> &'static str {
        match self {
            CompareOrder::Change => "change",
            CompareOrder::Growth => "growth",
            CompareOrder::Decline => "decline",
            CompareOrder::A => "a",
            CompareOrder::B => "b",
            CompareOrder::Name => "name",
        }
    }

    /// For people: `largest change first`.
    pub fn label(self) -> &'static str {
        match self {
            CompareOrder::Change => "largest change first",
            CompareOrder::Growth => "largest growth first",
            CompareOrder::Decline => "largest decline first",
            CompareOrder::A => "largest A first",
            CompareOrder::B => "largest B first",
            CompareOrder::Name => "by name",
        }
    }

    pub fn next(self) -> CompareOrder {
        let at = CompareOrder::ALL
            .iter()
            .position(|o| *o == self)
            .unwrap_or(0);
        CompareOrder::ALL[(at + 1) % CompareOrder::ALL.len()]
    }
}

/// Which lines are shown (the hidden ones still count in the totals and the bridge).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Changes smaller than this (by size) are hidden.
    pub min_change: Option<Amount>,
    /// Changes smaller than this many percent of A (by size) are hidden. New lines, whose
    /// change is no percentage of anything, always show.
    pub min_pct: Option<Amount>,
    /// Only these statuses show (every one when empty).
    pub statuses: Vec<Status>,
    /// Only the first this many per currency show (with levels, first-level groups), in the
    /// order asked for.
    pub top: Option<usize>,
    /// Against a baseline: a line is flagged when its deviation is at least this many
    /// percent of the mean (by size), or it has no mean (new).
    pub flag_pct: Option<Amount>,
    /// Only the flagged lines show.
    pub only_flagged: bool,
}

/// What to compare.
#[derive(Debug, Clone)]
pub struct CompareSpec {
    /// The column whose values are compared, by name; or up to three, comma-separated
    /// (`account,productName`), each a level of groups with its subtotal.
    pub by: String,
    pub a: Period,
    pub b: Period,
    pub date: DateColumn,
    pub measure: Measure,
    /// Rows must pass every one.
    pub filters: Vec<Filter>,
    /// Which lines show.
    pub select: Selection,
    pub order: CompareOrder,
    /// What is known of the file's days besides its lines.
    pub provenance: Provenance,
    /// B against the mean of these periods (A spans them all) instead of against A.
    pub baseline: Option<Vec<Period>>,
}

/// Why there is no comparison.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompareError {
    #[error("this file has no {wanted} column; it has: {}", .available.join(", "))]
    MissingColumn {
        wanted: String,
        available: Vec<String>,
    },
    #[error(
        "the periods {a} and {b} overlap, so a line in both would count twice; give periods that do not share a day"
    )]
    Overlap { a: String, b: String },
    #[error(
        "the sum of {key} in {unit} is beyond the exact range (10^30), so it is not shown as a number"
    )]
    BeyondRange { key: String, unit: String },
    #[error(
        "the file has no line in any period of the baseline ({0}); fetch a range that holds them"
    )]
    NoBaseline(String),
    #[error("{0}")]
    Levels(LevelError),
    #[error("{0}")]
    Job(#[from] JobError),
}

impl From<LevelError> for CompareError {
    /// A level's column missing is a column missing, as for any other.
    fn from(e: LevelError) -> Self {
        match e {
            LevelError::MissingColumn { wanted, available } => {
                CompareError::MissingColumn { wanted, available }
            }
            other => CompareError::Levels(other),
        }
    }
}

/// One key in one currency.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareLine {
    pub key: String,
    pub a: Sum,
    pub b: Sum,
    /// B - A.
    pub change: Amount,
    /// The change in percent of A's size, to a millionth; `None` when A is zero.
    pub change_pct: Option<Amount>,
    pub status: Status,
    /// Whether the line shows: its change passes the thresholds, its status is one asked
    /// for, and it is among the top N (a hidden line still counts in the totals).
    pub material: bool,
    /// A group's subtotal: of its first this many levels (its members follow it).
    pub subtotal: Option<u8>,
    /// Against a baseline, which way the line strays beyond the threshold.
    pub flag: Option<Flag>,
    /// Against a baseline, the net of each of its periods, the earliest first (zero in a
    /// period the file does not cover: see the baseline's `missing`); else empty.
    pub each: Box<[Amount]>,
    pub(super) raw: Box<[u8]>,
}

impl CompareLine {
    /// The key exactly as the file writes it (an empty key stays empty), for programs; its
    /// levels apart by ` · `.
    pub fn key_as_written(&self) -> String {
        parts(&self.raw)
            .map(String::from_utf8_lossy)
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Each level's value as the file writes it, `levels` of them: those below a subtotal's
    /// level empty.
    pub fn levels_as_written(&self, levels: usize) -> Vec<String> {
        let mut all: Vec<String> = parts(&self.raw)
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect();
        all.resize(levels, String::new());
        all
    }

    /// The key of its own level for people (`Seats` of `acme · Seats`).
    pub fn own_key(&self) -> String {
        text(parts(&self.raw).last().unwrap_or_default(), "(blank)")
    }

    /// How deep the line is: 1 for a first-level group (or a line of a comparison by one
    /// column), up to `levels` for a line of the deepest level.
    pub fn depth(&self, levels: usize) -> usize {
        self.subtotal.map_or(levels.max(1), usize::from)
    }
}

/// A's total carried to B's, per currency: `a + new + expanded - contracted - churned = b`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bridge {
    pub a: Amount,
    /// B's amounts of the new keys.
    pub new: Amount,
    /// The growth of the keys that grew.
    pub expanded: Amount,
    /// How much the keys that shrank shrank (zero or more; taken away).
    pub contracted: Amount,
    /// A's amounts of the churned keys (taken away).
    pub churned: Amount,
    pub b: Amount,
}

/// The comparison in one currency (or unit).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitComparison {
    pub unit: String,
    pub(super) raw: Box<[u8]>,
    /// Every key, the largest change (by size) first.
    pub lines: Vec<CompareLine>,
    pub bridge: Bridge,
}

impl UnitComparison {
    /// The currency (or unit) exactly as the file writes it, for programs.
    pub fn unit_as_written(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }

    /// How many lines the thresholds hide (groups' subtotals aside).
    pub fn hidden(&self) -> usize {
        self.lines
            .iter()
            .filter(|l| !l.material && l.subtotal.is_none())
            .count()
    }
}

/// A whole comparison: a section per currency, the largest B total first.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The columns compared by, one per level, as the file names them.
    pub levels: Vec<String>,
    /// Which lines show, and their order.
    pub select: Selection,
    pub order: CompareOrder,
    /// When B is held against a mean: A is the span of its periods, and its sums the mean.
    pub baseline: Option<Baseline>,
    pub a: Period,
    pub b: Period,
    pub units: Vec<UnitComparison>,
    /// Lines that fell in A, and in B.
    pub lines_a: u64,
    pub lines_b: u64,
    /// Rows of A or B left out: no plain number to add.
    pub unreadable: Unreadable,
    /// What was left out of the sums, a sentence each (empty when nothing was).
    pub left_out: Vec<String>,
    /// The days the file covers (from its request, else its data), when known.
    pub coverage: Option<Coverage>,
    /// How much of A, and of B, the file covers.
    pub covered: (Covered, Covered),
    /// The first and last days of the file's dates, when it has any.
    pub covers: Option<(String, String)>,
    pub(super) at: Located,
}

/// Where the comparison's columns are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Located {
    pub(super) by: Levels,
    pub(super) date: usize,
    pub(super) value: usize,
    pub(super) unit: Option<usize>,
    /// The line item type, which says each line's kind.
    pub(super) kind: Option<usize>,
    /// Where a service period ends, when the dates are service periods.
    pub(super) end: Option<usize>,
}

/// `label (mark)` when the period is partly covered, else the label.
pub(super) fn marked(label: &str, covered: Covered) -> String {
    match covered.mark() {
        Some(mark) => format!("{label} ({mark})"),
        None => label.to_string(),
    }
}

/// Whether a change is large enough to show: at least `min_change` by size, and at least
/// `min_pct` percent of A by size (a new line, which is no percentage of anything, passes).
pub(super) fn passes(
    change: Amount,
    change_pct: Option<Amount>,
    min_change: Option<Amount>,
    min_pct: Option<Amount>,
) -> bool {
    let big_enough = min_change.is_none_or(|m| change.abs() >= m.abs());
    let share_enough = match (min_pct, change_pct) {
        (Some(min), Some(pct)) => pct.abs() >= min.abs(),
        _ => true,
    };
    big_enough && share_enough
}

impl Comparison {
    /// The filters that keep exactly the rows behind line `line` of section `unit`, in A and
    /// in B (`None`: every line of the section). With the comparison's own filters, they keep
    /// as many rows as the line's A and B added up.
    pub fn drill(&self, unit: usize, line: Option<usize>) -> Vec<Filter> {
        let Some(section) = self.units.get(unit) else {
            return Vec::new();
        };
        let exact = |column: usize, raw: &[u8], label: &str| {
            Filter::one_of(column, [raw.into()].into(), true, format!("= {label}"))
        };
        let mut filters = Vec::new();
        if let Some(unit_column) = self.at.unit {
            filters.push(exact(unit_column, &section.raw, &section.unit));
        }
        if let Some(l) = line.and_then(|l| section.lines.get(l)) {
            for (&column, part) in self.at.by.columns().iter().zip(parts(&l.raw)) {
                filters.push(exact(column, part, &text(part, "(blank)")));
            }
        }
        filters.push(Filter::in_periods(self.at.date, &[&self.a, &self.b]));
        if self.unreadable.count > 0 {
            filters.push(Filter::number(self.at.value));
        }
        filters
    }

    /// A's label with its coverage when partial: `2026-Q2 (from 06-01)`.
    pub fn label_a(&self) -> String {
        marked(&self.a.label, self.covered.0)
    }

    /// B's label with its coverage when partial: `2026-12 (to date)`.
    pub fn label_b(&self) -> String {
        marked(&self.b.label, self.covered.1)
    }

    /// A warning when A or B is only partly covered by the file (so their sums are not like
    /// for like), naming the days it covers and how that is known.
    pub fn coverage_warning(&self) -> Option<String> {
        let coverage = self.coverage?;
        // A baseline's periods are said by the baseline's own warnings.
        let skip_a = usize::from(self.baseline.is_some());
        let parts: Vec<String> = [(&self.a, self.covered.0), (&self.b, self.covered.1)]
            .into_iter()
            .skip(skip_a)
            .filter(|(_, c)| matches!(c, Covered::Part { .. }))
            .map(|(p, c)| format!("{} ({})", p.label, c.mark().unwrap_or_default()))
            .collect();
        if parts.is_empty() {
            return None;
        }
        let verb = if parts.len() == 1 { "is" } else { "are" };
        Some(format!(
            "{} {verb} only partly in the file ({}): not like for like",
            parts.join(" and "),
            coverage.said()
        ))
    }

    /// Whether the file has no line in A, in B, or in either: a sentence naming the days the
    /// file covers, for a warning.
    pub fn empty_periods(&self) -> Option<String> {
        let missing: Vec<&str> = [(&self.a, self.lines_a), (&self.b, self.lines_b)]
            .into_iter()
            .filter(|(_, n)| *n == 0)
            .map(|(p, _)| p.label.as_str())
            .collect();
        if missing.is_empty() {
            return None;
        }
        let covers = match &self.covers {
            Some((first, last)) => format!("the file's dates run from {first} to {last}"),
            None => "the file has no dates in that column".to_string(),
        };
        Some(format!(
            "no line of the file falls in {}; {covers}",
            missing.join(" or ")
        ))
    }
}
