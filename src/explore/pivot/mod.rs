//! A pivot of a bill file: one column's values as rows against time buckets (month, quarter,
//! year of the service period or the bill date) or another column's values, each cell an exact
//! sum of a measure, per currency (or unit): amounts in different currencies are never added.
//!
//! One pass over the file; memory grows with the cells that hold something (a million accounts
//! by twelve months, each billed once, is a million cells), never with the lines.

mod adding;
mod answer;
mod drill;
mod levels;
mod line;
mod ranked;
mod section;
#[cfg(test)]
mod tests;

use std::sync::atomic::AtomicBool;

use self::adding::Adding;
use self::answer::{ColumnKey, Located, group};
pub use self::answer::{
    OTHERS, Pivot, PivotColumns, PivotError, PivotRow, PivotSpec, RowOrder, UnitPivot,
};
pub use self::line::Line;
use self::section::section;
pub use super::bucket::{Bucket, DateColumn};
use super::columns::{Columns, Grouping, Measure, find_column};
use super::coverage::{Coverage, Covered};
use super::file::CsvFile;
use super::halves::in_halves;
use super::levels::Levels;
use super::totals::text;

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
    let rows = Levels::find(headers, &spec.rows)?;
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
        rows,
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
    let mut below_share = 0u64;
    for (unit, mut rows) in laid.units {
        if let Some(least) = spec.min_credit_share {
            let before = rows.len();
            rows.retain(|r| r.total().credit_share().is_some_and(|s| s >= least));
            below_share += (before - rows.len()) as u64;
        }
        if !rows.is_empty() {
            units.push(section(unit, rows, width, spec, at.rows.columns().len())?);
        }
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
        levels: at
            .rows
            .columns()
            .iter()
            .map(|&c| headers[c].clone())
            .collect(),
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
    if let (Some(least), true) = (spec.min_credit_share, below_share > 0) {
        made.left_out.push(format!(
            "{} left out, and out of the totals: credits under {} % of their charges",
            if below_share == 1 {
                "1 row".to_string()
            } else {
                format!("{} rows", group(below_share))
            },
            least.format(1)
        ));
    }
    Ok(made)
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
