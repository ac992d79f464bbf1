//! A pivot of a bill file: one column's values as rows against time buckets (month, quarter,
//! year of the service period or the bill date) or another column's values, each cell an exact
//! sum of a measure, per currency (or unit): amounts in different currencies are never added.
//!
//! One pass over the file; memory grows with the cells that hold something (a million accounts
//! by twelve months, each billed once, is a million cells), never with the lines.

mod adding;
mod drill;
mod line;
mod section;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::sync::atomic::AtomicBool;

use self::adding::Adding;
pub use self::line::Line;
use self::section::{order_keeping_others_last, section};
use super::Amount;
pub use super::bucket::{Bucket, DateColumn};
use super::columns::{Columns, Grouping, Measure, find_column};
use super::coverage::{Coverage, Covered, Provenance};
use super::file::CsvFile;
use super::filter::Filter;
use super::halves::in_halves;
use super::job::JobError;
use super::totals::{Sum, shown, text};
use super::unreadable::Unreadable;

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

/// What to pivot.
#[derive(Debug, Clone)]
pub struct PivotSpec {
    /// The column whose values are the rows, by name.
    pub rows: String,
    pub columns: PivotColumns,
    pub measure: Measure,
    /// Rows must pass every one.
    pub filters: Vec<Filter>,
    pub order: RowOrder,
    /// Keep this many rows per currency, the rest added up as "others".
    pub top: Option<usize>,
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
    Job(#[from] JobError),
}

/// One row of a pivot: its key and its sums by column (only where it has any).
#[derive(Debug, Clone, PartialEq)]
pub struct PivotRow {
    /// The key as the file writes it; the others row's name for that row.
    raw: Box<[u8]>,
    others: bool,
    pub cells: Line,
}

impl PivotRow {
    fn named(raw: Box<[u8]>, cells: Line) -> PivotRow {
        PivotRow {
            raw,
            others: false,
            cells,
        }
    }

    /// The key for people: `(blank)` for an empty one, without control characters.
    pub fn key(&self) -> Cow<'_, str> {
        shown(&self.raw, "(blank)")
    }

    /// The key exactly as the file writes it (an empty key stays empty), for programs; the
    /// others row by its name.
    pub fn key_as_written(&self) -> String {
        as_written(&self.raw)
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
    raw: Box<[u8]>,
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
    keys: Vec<ColumnKey>,
    at: Located,
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
struct Located {
    rows: usize,
    /// The date column with its bucket, or the column whose values are the columns.
    by: usize,
    bucket: Option<Bucket>,
    value: usize,
    unit: Option<usize>,
    /// The line item type, which says each line's kind.
    kind: Option<usize>,
    /// Where a service period ends, when the columns are service periods.
    end: Option<usize>,
}

/// The name of the row that adds up the rows past the top N.
pub const OTHERS: &str = "(others)";

/// A column key: a bucket number, or a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum ColumnKey {
    Bucket(i64),
    Value(Box<[u8]>),
}

/// Pivots the rows of `file` that pass the filters, in one pass.
pub fn pivot(file: &CsvFile, spec: &PivotSpec, cancel: &AtomicBool) -> Result<Pivot, PivotError> {
    pivot_reporting(file, spec, cancel, &mut |_| {})
}

/// [`pivot`], telling `read_so_far` how many bytes of the file it has read now and then.
pub fn pivot_reporting(
    file: &CsvFile,
    spec: &PivotSpec,
    cancel: &AtomicBool,
    read_so_far: &mut dyn FnMut(u64),
) -> Result<Pivot, PivotError> {
    let headers = file.headers();
    let missing = |wanted: &str| PivotError::MissingColumn {
        wanted: wanted.to_string(),
        available: headers.to_vec(),
    };
    let row_column =
        find_column(headers, &[spec.rows.as_str()]).ok_or_else(|| missing(&spec.rows))?;
    let (bucket, by, end) = match &spec.columns {
        PivotColumns::Time(bucket, date) => (
            Some(*bucket),
            find_column(headers, date.names()).ok_or_else(|| missing(date.names()[0]))?,
            match date {
                DateColumn::ServicePeriod => find_column(headers, &["servicePeriodEndDate"]),
                DateColumn::BillDate => None,
            },
        ),
        PivotColumns::Values(name) => (
            None,
            find_column(headers, &[name.as_str()]).ok_or_else(|| missing(name))?,
            None,
        ),
    };
    let columns = Columns::find(headers);
    let slot = Measure::ALL
        .iter()
        .position(|m| *m == spec.measure)
        .unwrap_or(0);
    let value_column = columns.values[slot].ok_or_else(|| missing(spec.measure.file_column()))?;
    let unit_column = columns.units[slot];

    let at = Located {
        rows: row_column,
        by,
        bucket,
        value: value_column,
        unit: unit_column,
        kind: columns.groups[Grouping::LineItemType.slot()],
        end,
    };
    let parts = in_halves(
        file,
        cancel,
        read_so_far,
        Adding::default,
        |adding, record| {
            if spec.filters.iter().all(|f| f.matches(record)) {
                adding.add(record, &at);
            }
        },
    )?;
    let mut parts = parts.into_iter();
    let mut all = parts.next().unwrap_or_default();
    for part in parts {
        all.merge(part);
    }
    let (undated, unreadable, span) = (all.undated, std::mem::take(&mut all.unreadable), all.span);
    let laid = all.lay_out(bucket);
    let labels: Vec<String> = laid
        .columns
        .iter()
        .map(|key| match (key, bucket) {
            (ColumnKey::Bucket(n), Some(bucket)) => bucket.label(*n),
            (ColumnKey::Value(v), _) => text(v, "(blank)"),
            (ColumnKey::Bucket(n), None) => n.to_string(),
        })
        .collect();
    let width = laid.columns.len();
    let mut units = Vec::with_capacity(laid.units.len());
    for (unit, rows) in laid.units {
        units.push(section(unit, rows, width, spec)?);
    }
    units.sort_by(|a, b| {
        b.total
            .net()
            .abs()
            .cmp(&a.total.net().abs())
            .then_with(|| a.unit.cmp(&b.unit))
    });
    // What the file covers speaks of service periods: bill dates are another calendar.
    // Without the periods' ends, the last start says nothing of where the data stops (a
    // period starting on the 15th runs on): the data is taken to fill its last bucket.
    let last_bucket_end = match laid.columns.last() {
        Some(ColumnKey::Bucket(n)) => bucket.and_then(|b| b.period(*n)).map(|p| p.bounds().1),
        _ => None,
    };
    let span = match (span.days(), at.end, last_bucket_end) {
        (Some((from, to)), None, Some(end)) => Some((from, to.max(end))),
        (days, _, _) => days,
    };
    let coverage = match &spec.columns {
        PivotColumns::Time(_, DateColumn::ServicePeriod) => Coverage::new(spec.provenance, span),
        _ => None,
    };
    let covered = laid
        .columns
        .iter()
        .map(|key| match (key, bucket, coverage) {
            (ColumnKey::Bucket(n), Some(bucket), Some(coverage)) => bucket
                .period(*n)
                .map_or(Covered::Whole, |period| coverage.of(&period)),
            _ => Covered::Whole,
        })
        .collect();
    let gaps = laid
        .gaps
        .iter()
        .filter_map(|&(first, last)| {
            let bucket = bucket?;
            let count = last - first + 1;
            Some(format!(
                "no lines from {} to {} ({} {}s): those columns are left out",
                bucket.label(first),
                bucket.label(last),
                group(count.unsigned_abs()),
                bucket.name()
            ))
        })
        .collect();
    let mut made = Pivot {
        columns: labels,
        covered,
        coverage,
        units,
        keys: laid.columns,
        at,
        undated,
        unreadable,
        left_out: Vec::new(),
        gaps,
    };
    made.left_out = made.left_out(file, spec.measure);
    Ok(made)
}

impl Pivot {
    /// The first `count` rows of section `unit` by the size of their total, the rest added
    /// up as one "others" row (with the others the pivot already had): a chart's lines.
    pub fn top(&self, unit: usize, count: usize) -> Vec<PivotRow> {
        let Some(section) = self.units.get(unit) else {
            return Vec::new();
        };
        let mut sized: Vec<(Amount, &PivotRow)> = section
            .rows
            .iter()
            .filter(|r| !r.others)
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

    /// Orders every section's rows anew (the others row, if any, stays last).
    pub fn reorder(&mut self, order: RowOrder) {
        let columns = self.columns.len();
        for section in &mut self.units {
            order_keeping_others_last(&mut section.rows, order, columns);
        }
    }

    /// The most characters a row's key has (0 when there are no rows).
    pub fn longest_key(&self) -> usize {
        self.units
            .iter()
            .flat_map(|u| u.rows.iter().map(|r| r.key().chars().count()))
            .max()
            .unwrap_or(0)
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

fn group(n: u64) -> String {
    super::group_thousands(&n.to_string())
}

impl Pivot {
    /// What was left out of the sums, a sentence each (empty when nothing was): rows with no
    /// date, and amounts that are not plain numbers, with the first as an example.
    fn left_out(&self, file: &CsvFile, measure: Measure) -> Vec<String> {
        let mut said = Vec::new();
        if self.undated > 0 && self.at.bucket.is_some() {
            let n = self.undated;
            said.push(format!(
                "{} left out: no date to put in a {} ({})",
                if n == 1 {
                    "1 line".into()
                } else {
                    format!("{} lines", group(n))
                },
                self.at.bucket.map_or("", Bucket::name),
                file.headers().get(self.at.by).map_or("", String::as_str)
            ));
        }
        said.extend(self.unreadable.sentence(file, measure.file_column()));
        said
    }
}

impl PivotRow {
    fn others(cells: Line) -> PivotRow {
        PivotRow {
            raw: OTHERS.as_bytes().into(),
            others: true,
            cells,
        }
    }
}
