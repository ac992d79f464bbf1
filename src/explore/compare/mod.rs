//! Two periods of a bill file compared: for each key (account, product, ...) and currency, what
//! it came to in A and in B, the change, and what kind of change it is; and per currency the
//! bridge from A's total to B's (A + new + expanded - contracted - churned = B), exact.
//!
//! One pass over the file; memory grows with the keys, never with the rows.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use csv::ByteRecord;

use crate::explore::amount::Amount;
use crate::explore::bucket::{Bucket, DateColumn};
use crate::explore::columns::{Columns, Grouping, Measure, find_column};
use crate::explore::coverage::{Coverage, Covered, Span};
use crate::explore::file::CsvFile;
use crate::explore::filter::Filter;
use crate::explore::halves::in_halves;
use crate::explore::levels::Levels;
use crate::explore::period::{Period, day_text};
use crate::explore::totals::{Sum, text};
use crate::explore::unreadable::Unreadable;

mod answer;
mod baseline;
mod ranking;
#[cfg(test)]
mod tests;

use answer::Located;
pub use answer::{
    Bridge, CompareError, CompareLine, CompareOrder, CompareSpec, Comparison, Selection, Status,
    UnitComparison,
};
pub use baseline::{Baseline, Flag};
use ranking::{add_each, arrange, select};

/// A and B of a key; against a baseline, also the net of each of its periods (A's sums are
/// all of them together until the mean is taken).
#[derive(Debug, Default)]
struct Pair {
    a: Sum,
    b: Sum,
    each: Vec<Amount>,
}

/// The pairs by unit (currency), then by key.
type ByUnit = HashMap<Box<[u8]>, HashMap<Box<[u8]>, Pair>>;

/// The sums of one thread's rows.
#[derive(Debug, Default)]
struct Adding {
    sums: ByUnit,
    lines: (u64, u64),
    unreadable: Unreadable,
    span: Span,
    /// A key of several levels, made again for each line.
    key: Vec<u8>,
}

impl Adding {
    /// Notes the days of a line of the file, whether or not the filters keep it: what the
    /// file covers is the file's, not the filtered lines' (a filtered account's first month
    /// is not the file's first).
    fn note_span(&mut self, record: &ByteRecord, at: &Located) {
        let date = record.get(at.date).unwrap_or_default();
        self.span.note(date, at.end.and_then(|i| record.get(i)));
    }

    fn add(
        &mut self,
        record: &ByteRecord,
        at: &Located,
        (a, b): (&Period, &Period),
        baseline: &[Period],
    ) {
        let date = record.get(at.date).unwrap_or_default();
        let in_a = a.holds(date);
        if !in_a && !b.holds(date) {
            return;
        }
        let Some((value, kind)) = self.unreadable.read(record, at.value, at.kind) else {
            return;
        };
        let unit = at.unit.and_then(|i| record.get(i)).unwrap_or_default();
        let key = at.by.key(record, &mut self.key);
        let by_key = match self.sums.get_mut(unit) {
            Some(by_key) => by_key,
            None => self.sums.entry(unit.into()).or_default(),
        };
        let pair = match by_key.get_mut(key) {
            Some(pair) => pair,
            None => by_key.entry(key.into()).or_default(),
        };
        if in_a {
            pair.a.add(value, kind);
            self.lines.0 += 1;
            if let Some(i) = baseline.iter().position(|p| p.holds(date)) {
                if pair.each.len() < baseline.len() {
                    pair.each.resize(baseline.len(), Amount::ZERO);
                }
                // Beyond the exact range, the sums say so; this net only draws the band.
                pair.each[i] = pair.each[i].checked_add(value).unwrap_or(pair.each[i]);
            }
        } else {
            pair.b.add(value, kind);
            self.lines.1 += 1;
        }
    }

    fn merge(&mut self, other: Adding) {
        for (unit, by_key) in other.sums {
            let mine = self.sums.entry(unit).or_default();
            for (key, theirs) in by_key {
                let pair = mine.entry(key).or_default();
                pair.a.merge(&theirs.a);
                pair.b.merge(&theirs.b);
                add_each(&mut pair.each, &theirs.each);
            }
        }
        self.lines.0 += other.lines.0;
        self.lines.1 += other.lines.1;
        self.unreadable.merge(other.unreadable);
        self.span.merge(other.span);
    }
}

/// Compares periods A and B of the rows of `file` that pass the filters, in one pass.
pub fn compare(
    file: &CsvFile,
    spec: &CompareSpec,
    cancel: &AtomicBool,
) -> Result<Comparison, CompareError> {
    if spec.a.overlaps(&spec.b) {
        return Err(CompareError::Overlap {
            a: spec.a.label.clone(),
            b: spec.b.label.clone(),
        });
    }
    let headers = file.headers();
    let missing = |wanted: &str| CompareError::MissingColumn {
        wanted: wanted.to_string(),
        available: headers.to_vec(),
    };
    let by = Levels::find(headers, &spec.by)?;
    let date =
        find_column(headers, spec.date.names()).ok_or_else(|| missing(spec.date.names()[0]))?;
    let columns = Columns::find(headers);
    let slot = Measure::ALL
        .iter()
        .position(|m| *m == spec.measure)
        .unwrap_or(0);
    let value = columns.values[slot].ok_or_else(|| missing(spec.measure.file_column()))?;
    let at = Located {
        by,
        date,
        value,
        unit: columns.units[slot],
        kind: columns.groups[Grouping::LineItemType.slot()],
        end: match spec.date {
            DateColumn::ServicePeriod => find_column(headers, &["servicePeriodEndDate"]),
            DateColumn::BillDate => None,
        },
    };
    let baseline_periods = spec.baseline.as_deref().unwrap_or_default();
    let parts = in_halves(
        file,
        cancel,
        &mut |_| {},
        Adding::default,
        |adding, record| {
            adding.note_span(record, &at);
            if spec.filters.iter().all(|f| f.matches(record)) {
                adding.add(record, &at, (&spec.a, &spec.b), baseline_periods);
            }
        },
    )?;
    let mut parts = parts.into_iter();
    let mut all = parts.next().unwrap_or_default();
    for part in parts {
        all.merge(part);
    }
    // Without the service periods' ends, the last start says nothing of where the data stops
    // (a period starting on the 2nd runs on): the data is taken to fill the period it ends in.
    let span = match (all.span.days(), at.end) {
        (Some((from, mut to)), None) => {
            for period in [&spec.a, &spec.b] {
                let (start, end) = period.bounds();
                if start < to && to < end {
                    to = end;
                }
            }
            Some((from, to))
        }
        (days, _) => days,
    };
    let coverage = Coverage::new(spec.provenance, span);
    let baseline = match &spec.baseline {
        Some(periods) => Some(baseline(periods, coverage)?),
        None => None,
    };
    // Against a baseline, A's sums are the mean of the periods the file covers.
    if let Some(counted) = baseline.as_ref().map(|b| b.counted() as u64) {
        for by_key in all.sums.values_mut() {
            for pair in by_key.values_mut() {
                pair.a = pair.a.mean(counted);
            }
        }
    }
    let levels = by.columns().len();
    let mut units: Vec<UnitComparison> = all
        .sums
        .into_iter()
        .map(|(unit, by_key)| section(unit, by_key, spec, levels))
        .collect::<Result<_, _>>()?;
    units.sort_by(|x, y| {
        y.bridge
            .b
            .abs()
            .cmp(&x.bridge.b.abs())
            .then_with(|| x.unit.cmp(&y.unit))
    });
    let covered = match coverage {
        Some(c) => (c.of(&spec.a), c.of(&spec.b)),
        None => (Covered::Whole, Covered::Whole),
    };
    Ok(Comparison {
        levels: by.names(headers),
        select: spec.select.clone(),
        order: spec.order,
        baseline,
        coverage,
        covered,
        a: spec.a.clone(),
        b: spec.b.clone(),
        units,
        lines_a: all.lines.0,
        lines_b: all.lines.1,
        left_out: all
            .unreadable
            .sentence(file, spec.measure.file_column())
            .into_iter()
            .collect(),
        unreadable: all.unreadable,
        covers: all
            .span
            .first_and_last()
            .map(|(f, l)| (day_text(f), day_text(l))),
        at,
    })
}

/// The baseline's periods with those the file does not cover, or has only part of; an error
/// when it covers none.
fn baseline(periods: &[Period], coverage: Option<Coverage>) -> Result<Baseline, CompareError> {
    let (mut missing, mut partial) = (Vec::new(), Vec::new());
    for period in periods {
        match coverage.map_or(Covered::Whole, |c| c.of(period)) {
            Covered::Whole => {}
            Covered::Nothing => missing.push(period.clone()),
            part => partial.push(format!(
                "{} ({})",
                period.label,
                part.mark().unwrap_or_default()
            )),
        }
    }
    let made = Baseline {
        periods: periods.to_vec(),
        missing,
        partial,
    };
    if made.counted() == 0 {
        let labels: Vec<&str> = periods.iter().map(|p| p.label.as_str()).collect();
        return Err(CompareError::NoBaseline(labels.join(", ")));
    }
    Ok(made)
}

/// One currency's lines, in order (in groups with levels), with their bridge; an error naming
/// the key whose sum (or the bridge's, or a group's) leaves the exact range.
fn section(
    unit: Box<[u8]>,
    by_key: HashMap<Box<[u8]>, Pair>,
    spec: &CompareSpec,
    levels: usize,
) -> Result<UnitComparison, CompareError> {
    let beyond = |key: String| CompareError::BeyondRange {
        key,
        unit: text(&unit, "-"),
    };
    let mut bridge = Bridge::default();
    let mut lines = Vec::with_capacity(by_key.len());
    let periods = spec.baseline.as_ref().map_or(0, Vec::len);
    for (raw, Pair { a, b, mut each }) in by_key {
        let key = text(&raw, "(blank)");
        let mut line = CompareLine::of(raw, a, b, None).ok_or_else(|| beyond(key.clone()))?;
        each.resize(periods, Amount::ZERO);
        line.each = each.into();
        let add = |to: &mut Amount, value: Amount| -> Result<(), CompareError> {
            *to = to.checked_add(value).ok_or_else(|| beyond(key.clone()))?;
            Ok(())
        };
        let (a_net, b_net) = (line.a.net(), line.b.net());
        add(&mut bridge.a, a_net)?;
        add(&mut bridge.b, b_net)?;
        match line.status {
            Status::New => add(&mut bridge.new, b_net)?,
            Status::Churned => add(&mut bridge.churned, a_net)?,
            Status::Expanded => add(&mut bridge.expanded, line.change)?,
            Status::Contracted => add(
                &mut bridge.contracted,
                a_net
                    .checked_sub(b_net)
                    .ok_or_else(|| beyond(key.clone()))?,
            )?,
            Status::Flat => {}
        }
        lines.push(line);
    }
    let mut lines = arrange(lines, levels, spec.order).map_err(beyond)?;
    select(&mut lines, &spec.select, levels);
    Ok(UnitComparison {
        unit: text(&unit, "-"),
        raw: unit,
        lines,
        bridge,
    })
}

/// The months (`year * 12 + month - 1`) that the dates of the rows the filters keep fall in,
/// in order: what a person can be offered to compare.
pub fn months(
    file: &CsvFile,
    date: DateColumn,
    filters: &[Filter],
    cancel: &AtomicBool,
) -> Result<Vec<i64>, CompareError> {
    let headers = file.headers();
    let column = find_column(headers, date.names()).ok_or_else(|| CompareError::MissingColumn {
        wanted: date.names()[0].to_string(),
        available: headers.to_vec(),
    })?;
    let parts = in_halves(
        file,
        cancel,
        &mut |_| {},
        std::collections::BTreeSet::new,
        |found, record| {
            if filters.iter().all(|f| f.matches(record))
                && let Some(n) = record
                    .get(column)
                    .and_then(|c| Bucket::Month.of(c.trim_ascii()))
            {
                found.insert(n);
            }
        },
    )?;
    let mut all: Vec<i64> = parts.into_iter().flatten().collect();
    all.sort_unstable();
    all.dedup();
    Ok(all)
}
