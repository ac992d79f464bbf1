//! Two periods of a bill file compared: for each key (account, product, ...) and currency, what
//! it came to in A and in B, the change, and what kind of change it is; and per currency the
//! bridge from A's total to B's (A + new + expanded - contracted - churned = B), exact.
//!
//! One pass over the file; memory grows with the keys, never with the rows.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use csv::ByteRecord;

use super::amount::Amount;
use super::bucket::{Bucket, DateColumn};
use super::columns::{Columns, Grouping, Measure, find_column};
use super::coverage::{Coverage, Covered, Provenance, Span};
use super::file::CsvFile;
use super::filter::Filter;
use super::halves::in_halves;
use super::job::JobError;
use super::period::{Period, day_text};
use super::totals::{Sum, percent, text};
use super::unreadable::Unreadable;

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

/// What to compare.
#[derive(Debug, Clone)]
pub struct CompareSpec {
    /// The column whose values are compared, by name.
    pub by: String,
    pub a: Period,
    pub b: Period,
    pub date: DateColumn,
    pub measure: Measure,
    /// Rows must pass every one.
    pub filters: Vec<Filter>,
    /// Changes smaller than this (by size) are hidden, though still in the totals.
    pub min_change: Option<Amount>,
    /// Changes smaller than this many percent of A (by size) are hidden, likewise. New lines,
    /// whose change is no percentage of anything, always show.
    pub min_pct: Option<Amount>,
    /// What is known of the file's days besides its lines.
    pub provenance: Provenance,
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
    #[error("{0}")]
    Job(#[from] JobError),
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
    /// Whether the change passes the thresholds (a hidden line still counts in the totals).
    pub material: bool,
    raw: Box<[u8]>,
}

impl CompareLine {
    /// The key exactly as the file writes it (an empty key stays empty), for programs.
    pub fn key_as_written(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
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
    raw: Box<[u8]>,
    /// Every key, the largest change (by size) first.
    pub lines: Vec<CompareLine>,
    pub bridge: Bridge,
}

impl UnitComparison {
    /// The currency (or unit) exactly as the file writes it, for programs.
    pub fn unit_as_written(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }

    /// How many lines the thresholds hide.
    pub fn hidden(&self) -> usize {
        self.lines.iter().filter(|l| !l.material).count()
    }
}

/// A whole comparison: a section per currency, the largest B total first.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
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
    at: Located,
}

/// Where the comparison's columns are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Located {
    by: usize,
    date: usize,
    value: usize,
    unit: Option<usize>,
    /// The line item type, which says each line's kind.
    kind: Option<usize>,
    /// Where a service period ends, when the dates are service periods.
    end: Option<usize>,
}

/// A and B of a key.
type Pair = (Sum, Sum);

/// The pairs by unit (currency), then by key.
type ByUnit = HashMap<Box<[u8]>, HashMap<Box<[u8]>, Pair>>;

/// The sums of one thread's rows.
#[derive(Debug, Default)]
struct Adding {
    sums: ByUnit,
    lines: (u64, u64),
    unreadable: Unreadable,
    span: Span,
}

impl Adding {
    fn add(&mut self, record: &ByteRecord, at: &Located, a: &Period, b: &Period) {
        let date = record.get(at.date).unwrap_or_default();
        self.span.note(date, at.end.and_then(|i| record.get(i)));
        let in_a = a.holds(date);
        if !in_a && !b.holds(date) {
            return;
        }
        let Some((value, kind)) = self.unreadable.read(record, at.value, at.kind) else {
            return;
        };
        let unit = at.unit.and_then(|i| record.get(i)).unwrap_or_default();
        let key = record.get(at.by).unwrap_or_default();
        let by_key = match self.sums.get_mut(unit) {
            Some(by_key) => by_key,
            None => self.sums.entry(unit.into()).or_default(),
        };
        let pair = match by_key.get_mut(key) {
            Some(pair) => pair,
            None => by_key.entry(key.into()).or_default(),
        };
        if in_a {
            pair.0.add(value, kind);
            self.lines.0 += 1;
        } else {
            pair.1.add(value, kind);
            self.lines.1 += 1;
        }
    }

    fn merge(&mut self, other: Adding) {
        for (unit, by_key) in other.sums {
            let mine = self.sums.entry(unit).or_default();
            for (key, (a, b)) in by_key {
                let pair = mine.entry(key).or_default();
                pair.0.merge(&a);
                pair.1.merge(&b);
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
    let by = find_column(headers, &[spec.by.as_str()]).ok_or_else(|| missing(&spec.by))?;
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
    let parts = in_halves(
        file,
        cancel,
        &mut |_| {},
        Adding::default,
        |adding, record| {
            if spec.filters.iter().all(|f| f.matches(record)) {
                adding.add(record, &at, &spec.a, &spec.b);
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
    let mut units: Vec<UnitComparison> = all
        .sums
        .into_iter()
        .map(|(unit, by_key)| section(unit, by_key, spec))
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

/// One currency's lines, sorted, with their bridge; an error naming the key whose sum (or
/// the bridge's) leaves the exact range.
fn section(
    unit: Box<[u8]>,
    by_key: HashMap<Box<[u8]>, Pair>,
    spec: &CompareSpec,
) -> Result<UnitComparison, CompareError> {
    let mut bridge = Bridge::default();
    let mut lines = Vec::with_capacity(by_key.len());
    for (raw, (a, b)) in by_key {
        let beyond = || CompareError::BeyondRange {
            key: text(&raw, "(blank)"),
            unit: text(&unit, "-"),
        };
        if a.beyond_range() || b.beyond_range() {
            return Err(beyond());
        }
        let (a_net, b_net) = (a.net(), b.net());
        let change = b_net.checked_sub(a_net).ok_or_else(beyond)?;
        let status = match (a.rows, b.rows) {
            (0, _) => Status::New,
            (_, 0) => Status::Churned,
            _ if b_net > a_net => Status::Expanded,
            _ if b_net < a_net => Status::Contracted,
            _ => Status::Flat,
        };
        let add = |to: &mut Amount, value: Amount| -> Result<(), CompareError> {
            *to = to.checked_add(value).ok_or_else(beyond)?;
            Ok(())
        };
        add(&mut bridge.a, a_net)?;
        add(&mut bridge.b, b_net)?;
        match status {
            Status::New => add(&mut bridge.new, b_net)?,
            Status::Churned => add(&mut bridge.churned, a_net)?,
            Status::Expanded => add(&mut bridge.expanded, change)?,
            Status::Contracted => add(
                &mut bridge.contracted,
                a_net.checked_sub(b_net).ok_or_else(beyond)?,
            )?,
            Status::Flat => {}
        }
        // Percent of A's size, to a millionth; none for an A of zero.
        let change_pct = percent(change, a_net);
        lines.push(CompareLine {
            key: text(&raw, "(blank)"),
            a,
            b,
            change,
            change_pct,
            status,
            material: passes(change, change_pct, spec.min_change, spec.min_pct),
            raw,
        });
    }
    lines.sort_by(|x, y| {
        y.change
            .abs()
            .cmp(&x.change.abs())
            .then_with(|| x.key.cmp(&y.key))
    });
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

/// `label (mark)` when the period is partly covered, else the label.
fn marked(label: &str, covered: Covered) -> String {
    match covered.mark() {
        Some(mark) => format!("{label} ({mark})"),
        None => label.to_string(),
    }
}

/// Whether a change is large enough to show: at least `min_change` by size, and at least
/// `min_pct` percent of A by size (a new line, which is no percentage of anything, passes).
fn passes(
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
    /// Shows or hides each line by new thresholds; the totals and the bridge do not change.
    pub fn set_thresholds(&mut self, min_change: Option<Amount>, min_pct: Option<Amount>) {
        for unit in &mut self.units {
            for line in &mut unit.lines {
                line.material = passes(line.change, line.change_pct, min_change, min_pct);
            }
        }
    }

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
            filters.push(exact(self.at.by, &l.raw, &l.key));
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
        let parts: Vec<String> = [(&self.a, self.covered.0), (&self.b, self.covered.1)]
            .into_iter()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explore::file::written as file;
    use crate::explore::filter_rows;

    const BILLS: &str = "account,subtotal,billCurrency,servicePeriodStartDate\n\
acme,100,USD,2025-09-01\n\
acme,50,USD,2025-10-03\n\
globex,10,USD,2025-09-30T00:00:00Z\n\
globex,25.50,USD,2025-10-01\n\
initech,7,USD,2025-09-15\n\
hooli,12,USD,2025-10-31\n\
umbrella,5,USD,2025-09-02\n\
umbrella,5,USD,2025-10-02\n\
umbrella,-1,EUR,2025-10-02\n\
acme,999,USD,2025-11-01\n\
acme,x,USD,2025-10-05\n";

    fn spec(a: &str, b: &str) -> CompareSpec {
        CompareSpec {
            by: "account".into(),
            a: Period::parse(a).unwrap(),
            b: Period::parse(b).unwrap(),
            date: DateColumn::ServicePeriod,
            measure: Measure::Subtotal,
            filters: Vec::new(),
            min_change: None,
            min_pct: None,
            provenance: Provenance::default(),
        }
    }

    fn run(s: &CompareSpec) -> Comparison {
        let (_d, f) = file(BILLS);
        compare(&f, s, &AtomicBool::new(false)).unwrap()
    }

    #[test]
    fn every_status_and_the_bridge_in_every_currency() {
        let c = run(&spec("2025-09", "2025-10"));
        assert_eq!(
            c.units.iter().map(|u| u.unit.as_str()).collect::<Vec<_>>(),
            ["USD", "EUR"]
        );
        let usd = &c.units[0];
        let got: Vec<String> = usd
            .lines
            .iter()
            .map(|l| {
                let pct = l
                    .change_pct
                    .map_or_else(|| "-".to_string(), |p| p.format(1));
                format!(
                    "{} {} {} {} {pct} {}",
                    l.key,
                    l.a.net(),
                    l.b.net(),
                    l.change,
                    l.status.word()
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "acme 100.00 50.00 -50.00 -50.0 contracted",
                "globex 10.00 25.50 15.50 155.0 expanded",
                "hooli 0.00 12.00 12.00 - new",
                "initech 7.00 0.00 -7.00 -100.0 churned",
                "umbrella 5.00 5.00 0.00 0.0 flat",
            ]
        );
        let b = usd.bridge;
        assert_eq!(
            [b.a, b.new, b.expanded, b.contracted, b.churned, b.b].map(|x| x.to_string()),
            ["122.00", "12.00", "15.50", "50.00", "7.00", "92.50"]
        );
        let eur = c.units[1].bridge;
        assert_eq!(
            [eur.a, eur.new, eur.b].map(|x| x.to_string()),
            ["0.00", "-1.00", "-1.00"]
        );
        for u in &c.units {
            let b = u.bridge;
            assert_eq!(
                b.a + b.new + b.expanded - b.contracted - b.churned,
                b.b,
                "{}: the bridge adds up",
                u.unit
            );
        }
        assert_eq!(
            (c.lines_a, c.lines_b),
            (4, 5),
            "acme's x in October is no number, and counts in neither"
        );
        assert_eq!(c.unreadable.count, 1);
    }

    #[test]
    fn thresholds_hide_small_changes_and_keep_them_in_the_totals() {
        let mut s = spec("2025-09", "2025-10");
        s.min_change = Some(Amount::parse(b"10").unwrap());
        let c = run(&s);
        let shown: Vec<&str> = c.units[0]
            .lines
            .iter()
            .filter(|l| l.material)
            .map(|l| l.key.as_str())
            .collect();
        assert_eq!(shown, ["acme", "globex", "hooli"]);
        assert_eq!(c.units[0].hidden(), 2);
        assert_eq!(
            c.units[0].bridge.b.to_string(),
            "92.50",
            "hidden lines still count"
        );
        s.min_change = None;
        s.min_pct = Some(Amount::parse(b"60").unwrap());
        let c = run(&s);
        let shown: Vec<&str> = c.units[0]
            .lines
            .iter()
            .filter(|l| l.material)
            .map(|l| l.key.as_str())
            .collect();
        assert_eq!(shown, ["globex", "hooli", "initech"], "new always shows");
        let mut c = c;
        c.set_thresholds(None, None);
        assert_eq!(c.units[0].hidden(), 0, "thresholds changed in place");
    }

    #[test]
    fn quarters_years_and_overlapping_periods() {
        let c = run(&spec("2025-Q3", "2025-Q4"));
        let acme = c.units[0].lines.iter().find(|l| l.key == "acme").unwrap();
        assert_eq!(
            (acme.a.net().to_string(), acme.b.net().to_string()),
            ("100.00".into(), "1,049.00".into())
        );
        let c = run(&spec("2024", "2025"));
        assert!(c.units[0].lines.iter().all(|l| l.status == Status::New));
        assert_eq!(
            c.empty_periods().unwrap(),
            "no line of the file falls in 2024; the file's dates run from 2025-09-01 to 2025-11-01"
        );
        let (_d, f) = file(BILLS);
        let err = compare(&f, &spec("2025-Q4", "2025-10"), &AtomicBool::new(false)).unwrap_err();
        assert!(err.to_string().contains("overlap"), "{err}");
    }

    #[test]
    fn the_months_a_file_covers() {
        let (_d, f) = file(BILLS);
        let go = AtomicBool::new(false);
        let found = months(&f, DateColumn::ServicePeriod, &[], &go).unwrap();
        assert_eq!(found, [2025 * 12 + 8, 2025 * 12 + 9, 2025 * 12 + 10]);
        let initech = [Filter::new("initech", Some(0))];
        assert_eq!(
            months(&f, DateColumn::ServicePeriod, &initech, &go).unwrap(),
            [2025 * 12 + 8]
        );
        assert!(months(&f, DateColumn::BillDate, &[], &go).is_err());
    }

    #[test]
    fn a_line_drills_to_exactly_its_rows_in_both_periods() {
        let (_d, f) = file(BILLS);
        let c = compare(&f, &spec("2025-09", "2025-10"), &AtomicBool::new(false)).unwrap();
        for (u, section) in c.units.iter().enumerate() {
            for (i, line) in section.lines.iter().enumerate() {
                let kept = filter_rows(&f, &c.drill(u, Some(i)), &AtomicBool::new(false))
                    .unwrap()
                    .0
                    .len() as u64;
                assert_eq!(kept, line.a.rows + line.b.rows, "{}", line.key);
            }
        }
    }
}
