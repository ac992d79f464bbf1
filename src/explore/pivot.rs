//! A pivot of a bill file: one column's values as rows against time buckets (month, quarter,
//! year of the service period or the bill date) or another column's values, each cell an exact
//! sum of a measure, per currency (or unit): amounts in different currencies are never added.
//!
//! One pass over the file; memory grows with the cells (row keys x column keys x currencies),
//! never with the rows.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicBool;

use csv::ByteRecord;

use super::columns::{Columns, Grouping, Measure, find_column};
use super::file::CsvFile;
use super::filter::Filter;
use super::halves::in_halves;
use super::order::JobError;
use super::totals::{Sum, text};
use super::unreadable::Unreadable;
use crate::query::Kind;

/// A time bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bucket {
    Month,
    Quarter,
    Year,
}

impl Bucket {
    /// The bucket's number for a date written `YYYY-MM...`: consecutive numbers are
    /// consecutive buckets, so the gaps between two full ones can be filled.
    pub(super) fn of(self, cell: &[u8]) -> Option<i64> {
        let digits = |range: std::ops::Range<usize>| -> Option<i64> {
            let part = cell.get(range)?;
            if !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            std::str::from_utf8(part).ok()?.parse().ok()
        };
        // A year far from any bill (0001, 9999) would spread the columns over centuries; such
        // a date counts as no date, and the pivot says how many rows it left out.
        let year = digits(0..4).filter(|y| (1900..=2200).contains(y))?;
        if cell.get(4) != Some(&b'-') {
            return None;
        }
        let month = digits(5..7).filter(|m| (1..=12).contains(m))?;
        Some(match self {
            Bucket::Month => year * 12 + month - 1,
            Bucket::Quarter => year * 4 + (month - 1) / 3,
            Bucket::Year => year,
        })
    }

    /// A bucket's label: `2026-09`, `2026-Q3`, `2026`.
    pub fn label(self, number: i64) -> String {
        match self {
            Bucket::Month => format!("{}-{:02}", number.div_euclid(12), number.rem_euclid(12) + 1),
            Bucket::Quarter => format!("{}-Q{}", number.div_euclid(4), number.rem_euclid(4) + 1),
            Bucket::Year => number.to_string(),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Bucket::Month => "month",
            Bucket::Quarter => "quarter",
            Bucket::Year => "year",
        }
    }
}

/// Which date buckets come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateColumn {
    /// `servicePeriodStartDate`: the period a line bills for.
    #[default]
    ServicePeriod,
    BillDate,
}

impl DateColumn {
    /// Where it is among `headers`.
    pub fn find(self, headers: &[String]) -> Option<usize> {
        find_column(headers, self.names())
    }

    /// The file's column it is, by the names it goes by.
    pub(super) fn names(self) -> &'static [&'static str] {
        match self {
            DateColumn::ServicePeriod => &["servicePeriodStartDate", "startDate"],
            DateColumn::BillDate => &["billDate"],
        }
    }
}

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

/// One row of a pivot: its key, a sum per column, and its total.
#[derive(Debug, Clone, PartialEq)]
pub struct PivotRow {
    pub key: String,
    pub cells: Vec<Sum>,
    pub total: Sum,
    /// The key as the file writes it; `None` for the others row.
    raw: Option<Box<[u8]>>,
}

impl PivotRow {
    /// The key exactly as the file writes it (an empty key stays empty), for programs; the
    /// others row by its name.
    pub fn key_as_written(&self) -> String {
        match &self.raw {
            Some(raw) => String::from_utf8_lossy(raw).into_owned(),
            None => self.key.clone(),
        }
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
    pub totals: Vec<Sum>,
    pub total: Sum,
}

impl UnitPivot {
    /// The currency (or unit) exactly as the file writes it, for programs.
    pub fn unit_as_written(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }
}

/// A whole pivot: the column labels (shared by every currency) and a section per currency,
/// the largest total first.
#[derive(Debug, Clone, PartialEq)]
pub struct Pivot {
    pub columns: Vec<String>,
    pub units: Vec<UnitPivot>,
    keys: Vec<ColumnKey>,
    at: Located,
    /// Rows left out for having no date to put in a time bucket.
    pub undated: u64,
    /// Rows left out for having no plain number to add.
    pub unreadable: Unreadable,
    /// What was left out of the sums, a sentence each (empty when nothing was).
    pub left_out: Vec<String>,
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
}

/// The name of the row that adds up the rows past the top N.
pub const OTHERS: &str = "(others)";

/// A column key while adding up: a bucket number, or a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum ColumnKey {
    Bucket(i64),
    Value(Box<[u8]>),
}

type Cells = HashMap<ColumnKey, Sum>;

/// The cells by unit (currency), then by row key.
type ByUnit = HashMap<Box<[u8]>, HashMap<Box<[u8]>, Cells>>;

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
    let (bucket, by) = match &spec.columns {
        PivotColumns::Time(bucket, date) => (
            Some(*bucket),
            find_column(headers, date.names()).ok_or_else(|| missing(date.names()[0]))?,
        ),
        PivotColumns::Values(name) => (
            None,
            find_column(headers, &[name.as_str()]).ok_or_else(|| missing(name))?,
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
    let (undated, unreadable) = (all.undated, std::mem::take(&mut all.unreadable));
    let sums = all.by_key(bucket);

    let keys = column_keys(&sums, bucket);
    let labels = keys
        .iter()
        .map(|key| match (key, bucket) {
            (ColumnKey::Bucket(n), Some(bucket)) => bucket.label(*n),
            (ColumnKey::Value(v), _) => text(v, "(blank)"),
            (ColumnKey::Bucket(n), None) => n.to_string(),
        })
        .collect();
    let mut units: Vec<UnitPivot> = sums
        .into_iter()
        .map(|(unit, by_row)| section(unit, by_row, &keys, spec))
        .collect();
    // A sum past the exact range is no number: the answer is an error naming it.
    for section in &units {
        let beyond = section
            .rows
            .iter()
            .find(|r| r.total.beyond_range() || r.cells.iter().any(Sum::beyond_range))
            .map(|r| r.key.clone())
            .or_else(|| {
                section
                    .total
                    .beyond_range()
                    .then(|| "the total".to_string())
            });
        if let Some(key) = beyond {
            return Err(PivotError::BeyondRange {
                key,
                unit: section.unit.clone(),
            });
        }
    }
    units.sort_by(|a, b| {
        b.total
            .net()
            .abs()
            .cmp(&a.total.net().abs())
            .then_with(|| a.unit.cmp(&b.unit))
    });
    let mut made = Pivot {
        columns: labels,
        units,
        keys,
        at,
        undated,
        unreadable,
        left_out: Vec::new(),
    };
    made.left_out = made.left_out(file, spec.measure);
    Ok(made)
}

impl Pivot {
    /// The filters that keep exactly the rows behind a cell of section `unit`: of row `row`
    /// (`None`: the section's total line) in column `column` (`None`: the row's total). With
    /// the pivot's own filters, they keep as many rows as the cell added up.
    pub fn drill(&self, unit: usize, row: Option<usize>, column: Option<usize>) -> Vec<Filter> {
        let Some(section) = self.units.get(unit) else {
            return Vec::new();
        };
        let at = self.at;
        let exact = |column: usize, raw: &[u8], label: &str| {
            Filter::one_of(column, [raw.into()].into(), true, format!("= {label}"))
        };
        let mut filters = Vec::new();
        if let Some(unit_column) = at.unit {
            filters.push(exact(unit_column, &section.raw, &section.unit));
        }
        match row.and_then(|r| section.rows.get(r)) {
            Some(PivotRow {
                raw: Some(raw),
                key,
                ..
            }) => filters.push(exact(at.rows, raw, key)),
            Some(PivotRow { raw: None, .. }) => {
                let named: HashSet<Box<[u8]>> =
                    section.rows.iter().filter_map(|r| r.raw.clone()).collect();
                let text = format!("not the {} above", named.len());
                filters.push(Filter::one_of(at.rows, named, false, text));
            }
            None => {}
        }
        match (column.and_then(|c| self.keys.get(c)), at.bucket) {
            (Some(ColumnKey::Bucket(n)), Some(bucket)) => {
                filters.push(Filter::in_bucket(at.by, bucket, *n));
            }
            (Some(ColumnKey::Value(v)), _) => {
                let label = column
                    .and_then(|c| self.columns.get(c))
                    .map_or("", String::as_str);
                filters.push(exact(at.by, v, label));
            }
            (None, Some(bucket)) if self.undated > 0 => {
                filters.push(Filter::dated(at.by, bucket));
            }
            _ => {}
        }
        if self.unreadable.count > 0 {
            filters.push(Filter::number(at.value));
        }
        filters
    }

    /// The first `count` rows of section `unit` by the size of their total, the rest added
    /// up as one "others" row (with the others the pivot already had): a chart's lines.
    pub fn top(&self, unit: usize, count: usize) -> Vec<PivotRow> {
        let Some(section) = self.units.get(unit) else {
            return Vec::new();
        };
        let (mut named, had): (Vec<PivotRow>, Vec<PivotRow>) =
            section.rows.iter().cloned().partition(|r| r.raw.is_some());
        sort_rows(&mut named, RowOrder::Total);
        let mut rows = cut(named, count, self.keys.len());
        if let Some(had) = had.into_iter().next() {
            match rows.last_mut() {
                Some(last) if last.raw.is_none() => {
                    for (sum, cell) in last.cells.iter_mut().zip(&had.cells) {
                        sum.merge(cell);
                    }
                    last.total.merge(&had.total);
                }
                _ => rows.push(had),
            }
        }
        rows
    }

    /// Orders every section's rows anew (the others row, if any, stays last).
    pub fn reorder(&mut self, order: RowOrder) {
        for section in &mut self.units {
            order_keeping_others_last(&mut section.rows, order);
        }
    }

    /// The most characters a row's key has (0 when there are no rows).
    pub fn longest_key(&self) -> usize {
        self.units
            .iter()
            .flat_map(|u| u.rows.iter().map(|r| r.key.chars().count()))
            .max()
            .unwrap_or(0)
    }

    /// Whether the columns are time buckets (so the rows are a trend that can be charted).
    pub fn over_time(&self) -> bool {
        self.at.bucket.is_some()
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

/// Sorts rows by `order`; the others row, if any, stays last.
fn order_keeping_others_last(rows: &mut Vec<PivotRow>, order: RowOrder) {
    let others = rows.iter().position(|r| r.raw.is_none());
    let tail = others.map(|at| rows.split_off(at));
    sort_rows(rows, order);
    rows.extend(tail.into_iter().flatten());
}

/// The cells by unit, then by row key, then by column number, while adding up.
type Numbered = HashMap<Box<[u8]>, HashMap<Box<[u8]>, HashMap<i64, Sum>>>;

/// The sums of one thread's rows, with the rows it left out. A column is held as a number
/// while adding up: a bucket's, or the value's place in `values`, so that the many rows that
/// add to cells already there cost no allocation.
#[derive(Debug, Default)]
struct Adding {
    sums: Numbered,
    /// The column values met (when the columns are a column's values), by number.
    values: HashMap<Box<[u8]>, i64>,
    /// Rows with no date to put in a time bucket, and rows whose value is no number.
    undated: u64,
    unreadable: Unreadable,
}

impl Adding {
    fn add(&mut self, record: &ByteRecord, at: &Located) {
        let cell = record.get(at.value).unwrap_or_default();
        let Some(value) = super::Amount::parse(cell) else {
            self.unreadable.note(record, cell);
            return;
        };
        let kind = at
            .kind
            .and_then(|i| record.get(i))
            .map_or(Kind::Other, Kind::of_cell);
        let cell = record.get(at.by).unwrap_or_default();
        let key = match at.bucket {
            Some(bucket) => match bucket.of(cell.trim_ascii()) {
                Some(n) => n,
                None => {
                    self.undated += 1;
                    return;
                }
            },
            None => match self.values.get(cell) {
                Some(&n) => n,
                None => {
                    let n = self.values.len() as i64;
                    self.values.insert(cell.into(), n);
                    n
                }
            },
        };
        let unit = at.unit.and_then(|i| record.get(i)).unwrap_or_default();
        let row = record.get(at.rows).unwrap_or_default();
        // Looked up by the borrowed bytes: most rows add to cells that exist already.
        let by_row = match self.sums.get_mut(unit) {
            Some(by_row) => by_row,
            None => self.sums.entry(unit.into()).or_default(),
        };
        let cells = match by_row.get_mut(row) {
            Some(cells) => cells,
            None => by_row.entry(row.into()).or_default(),
        };
        cells.entry(key).or_default().add(value, kind);
    }

    /// Adds in what another thread added up (its value numbers are its own).
    fn merge(&mut self, other: Adding) {
        let mut renumber: HashMap<i64, i64> = HashMap::new();
        for (value, theirs) in other.values {
            let next = self.values.len() as i64;
            let mine = *self.values.entry(value).or_insert(next);
            renumber.insert(theirs, mine);
        }
        for (unit, by_row) in other.sums {
            let mine = self.sums.entry(unit).or_default();
            for (row, cells) in by_row {
                let my_cells = mine.entry(row).or_default();
                for (key, sum) in cells {
                    let key = renumber.get(&key).copied().unwrap_or(key);
                    my_cells.entry(key).or_default().merge(&sum);
                }
            }
        }
        self.undated += other.undated;
        self.unreadable.merge(other.unreadable);
    }

    /// The sums by column key.
    fn by_key(self, bucket: Option<Bucket>) -> ByUnit {
        let mut named: HashMap<i64, Box<[u8]>> =
            self.values.into_iter().map(|(v, n)| (n, v)).collect();
        let mut key = |n: i64| match bucket {
            Some(_) => ColumnKey::Bucket(n),
            None => ColumnKey::Value(named.remove(&n).unwrap_or_default()),
        };
        // Each value number is turned back into its value once, then kept.
        let mut keys: HashMap<i64, ColumnKey> = HashMap::new();
        self.sums
            .into_iter()
            .map(|(unit, by_row)| {
                let by_row = by_row
                    .into_iter()
                    .map(|(row, cells)| {
                        let cells = cells
                            .into_iter()
                            .map(|(n, sum)| (keys.entry(n).or_insert_with(|| key(n)).clone(), sum))
                            .collect();
                        (row, cells)
                    })
                    .collect();
                (unit, by_row)
            })
            .collect()
    }
}

/// Every column key in order: time buckets from the first to the last with the empty ones
/// between, or the values found, by name.
fn column_keys(sums: &ByUnit, bucket: Option<Bucket>) -> Vec<ColumnKey> {
    let found = sums
        .values()
        .flat_map(HashMap::values)
        .flat_map(HashMap::keys);
    match bucket {
        Some(_) => {
            let numbers: Vec<i64> = found
                .filter_map(|k| match k {
                    ColumnKey::Bucket(n) => Some(*n),
                    ColumnKey::Value(_) => None,
                })
                .collect();
            match (numbers.iter().min(), numbers.iter().max()) {
                (Some(&first), Some(&last)) => (first..=last).map(ColumnKey::Bucket).collect(),
                _ => Vec::new(),
            }
        }
        None => {
            let mut keys: Vec<ColumnKey> = found.cloned().collect();
            keys.sort_unstable();
            keys.dedup();
            keys
        }
    }
}

/// One currency's rows, ordered, cut to the top N with the rest as "others", and its totals.
fn section(
    unit: Box<[u8]>,
    by_row: HashMap<Box<[u8]>, Cells>,
    keys: &[ColumnKey],
    spec: &PivotSpec,
) -> UnitPivot {
    let mut rows: Vec<PivotRow> = by_row
        .into_iter()
        .map(|(key, cells)| {
            let cells: Vec<Sum> = keys
                .iter()
                .map(|k| cells.get(k).copied().unwrap_or_default())
                .collect();
            let mut total = Sum::default();
            for cell in &cells {
                total.merge(cell);
            }
            PivotRow {
                key: text(&key, "(blank)"),
                cells,
                total,
                raw: Some(key),
            }
        })
        .collect();
    // The top rows are the largest whatever the order asked for: "the first five by name"
    // would hide the largest ones in "others".
    sort_rows(&mut rows, RowOrder::Total);
    if let Some(top) = spec.top {
        rows = cut(rows, top, keys.len());
    }
    order_keeping_others_last(&mut rows, spec.order);
    let mut totals = vec![Sum::default(); keys.len()];
    let mut total = Sum::default();
    for row in &rows {
        for (sum, cell) in totals.iter_mut().zip(&row.cells) {
            sum.merge(cell);
        }
        total.merge(&row.total);
    }
    UnitPivot {
        unit: text(&unit, "-"),
        raw: unit,
        rows,
        totals,
        total,
    }
}

/// Sorts rows by `order`, ties by name.
fn sort_rows(rows: &mut [PivotRow], order: RowOrder) {
    rows.sort_by(|a, b| {
        let by = match order {
            RowOrder::Total => b.total.net().abs().cmp(&a.total.net().abs()),
            RowOrder::Name => std::cmp::Ordering::Equal,
            RowOrder::Last => {
                let last = |r: &PivotRow| r.cells.last().map(|c| c.net().abs()).unwrap_or_default();
                last(b).cmp(&last(a))
            }
        };
        by.then_with(|| a.key.cmp(&b.key))
    });
}

/// The first `top` rows, and the rest added up as one "others" row (when there is a rest).
fn cut(mut rows: Vec<PivotRow>, top: usize, columns: usize) -> Vec<PivotRow> {
    if rows.len() <= top {
        return rows;
    }
    let rest = rows.split_off(top);
    let mut others = PivotRow {
        key: OTHERS.to_string(),
        cells: vec![Sum::default(); columns],
        total: Sum::default(),
        raw: None,
    };
    for row in &rest {
        for (sum, cell) in others.cells.iter_mut().zip(&row.cells) {
            sum.merge(cell);
        }
        others.total.merge(&row.total);
    }
    rows.push(others);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::explore::file::written as file;

    fn spec(rows: &str, columns: PivotColumns) -> PivotSpec {
        PivotSpec {
            rows: rows.into(),
            columns,
            measure: Measure::Subtotal,
            filters: Vec::new(),
            order: RowOrder::Total,
            top: None,
        }
    }

    const BILLS: &str = "account,subtotal,billCurrency,servicePeriodStartDate,lineItemType,quantity,quantityUnit\n\
acme,100.10,USD,2025-12-01T00:00:00Z,USAGE,1,GB\n\
acme,-20.05,USD,2026-01-01,CREDIT_MEMO,2,GB\n\
globex,50,USD,2026-03-31,USAGE,3,hours\n\
globex,7,EUR,2026-04-01,USAGE,4,GB\n\
acme,1,USD,,USAGE,5,GB\n\
initech,0.01,USD,2026-03-15,USAGE,6,GB\n";

    fn cells(row: &PivotRow) -> Vec<String> {
        row.cells.iter().map(|c| c.net().to_string()).collect()
    }

    #[test]
    fn months_in_order_with_the_empty_ones_between_and_currencies_apart() {
        let (_d, f) = file(BILLS);
        let p = pivot(
            &f,
            &spec(
                "account",
                PivotColumns::Time(Bucket::Month, DateColumn::ServicePeriod),
            ),
            &AtomicBool::new(false),
        )
        .unwrap();
        assert_eq!(
            p.columns,
            ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04"]
        );
        assert_eq!(p.undated, 1, "the row with no date");
        assert_eq!(
            p.units.iter().map(|u| u.unit.as_str()).collect::<Vec<_>>(),
            ["USD", "EUR"]
        );
        let usd = &p.units[0];
        assert_eq!(usd.rows[0].key, "acme");
        assert_eq!(
            cells(&usd.rows[0]),
            ["100.10", "-20.05", "0.00", "0.00", "0.00"]
        );
        assert_eq!(usd.rows[0].total.net().to_string(), "80.05");
        assert_eq!(usd.rows[0].total.of(Kind::Credits).to_string(), "-20.05");
        assert_eq!(
            usd.totals
                .iter()
                .map(|c| c.net().to_string())
                .collect::<Vec<_>>(),
            ["100.10", "-20.05", "0.00", "50.01", "0.00"]
        );
        assert_eq!(usd.total.net().to_string(), "130.06");
        let eur = &p.units[1];
        assert_eq!(
            cells(&eur.rows[0]),
            ["0.00", "0.00", "0.00", "0.00", "7.00"]
        );
    }

    #[test]
    fn quarters_and_years_end_where_the_calendar_does() {
        let (_d, f) = file(BILLS);
        let go = AtomicBool::new(false);
        let p = pivot(
            &f,
            &spec(
                "account",
                PivotColumns::Time(Bucket::Quarter, DateColumn::ServicePeriod),
            ),
            &go,
        )
        .unwrap();
        assert_eq!(p.columns, ["2025-Q4", "2026-Q1", "2026-Q2"]);
        let globex = p.units[0].rows.iter().find(|r| r.key == "globex").unwrap();
        assert_eq!(
            cells(globex),
            ["0.00", "50.00", "0.00"],
            "31 March is in Q1"
        );
        let p = pivot(
            &f,
            &spec(
                "account",
                PivotColumns::Time(Bucket::Year, DateColumn::ServicePeriod),
            ),
            &go,
        )
        .unwrap();
        assert_eq!(p.columns, ["2025", "2026"]);
        assert_eq!(cells(&p.units[0].rows[0]), ["100.10", "-20.05"]);
    }

    #[test]
    fn by_another_column_with_top_rows_and_others_and_quantity_per_unit() {
        let (_d, f) = file(BILLS);
        let go = AtomicBool::new(false);
        let mut s = spec("account", PivotColumns::Values("lineItemType".into()));
        s.top = Some(1);
        let p = pivot(&f, &s, &go).unwrap();
        assert_eq!(p.columns, ["CREDIT_MEMO", "USAGE"]);
        let usd = &p.units[0];
        assert_eq!(
            usd.rows.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(),
            ["acme", OTHERS]
        );
        assert_eq!(cells(&usd.rows[1]), ["0.00", "50.01"]);
        assert_eq!(
            usd.total.net().to_string(),
            "131.06",
            "others keep the total whole"
        );
        s.top = None;
        s.measure = Measure::Quantity;
        s.filters = vec![Filter::new("acme", Some(0))];
        let p = pivot(&f, &s, &go).unwrap();
        assert_eq!(p.units.len(), 1);
        assert_eq!(
            (p.units[0].unit.as_str(), p.units[0].total.net().format(0)),
            ("GB", "8".into())
        );
    }

    #[test]
    fn the_top_rows_are_the_largest_whatever_the_order() {
        let (_d, f) = file(BILLS);
        let mut s = spec("account", PivotColumns::Values("lineItemType".into()));
        s.top = Some(2);
        s.order = RowOrder::Name;
        let p = pivot(&f, &s, &AtomicBool::new(false)).unwrap();
        let keys: Vec<&str> = p.units[0].rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(
            keys,
            ["acme", "globex", OTHERS],
            "initech, the smallest, is the one in others"
        );
        let lines = p.top(0, 1);
        let keys: Vec<&str> = lines.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["acme", OTHERS], "one others row, not two");
        assert_eq!(
            lines[1].total.net().to_string(),
            "50.01",
            "globex's and initech's"
        );
        let mut p = p;
        p.reorder(RowOrder::Last);
        let keys: Vec<&str> = p.units[0].rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["acme", "globex", OTHERS], "others stays last");
    }

    #[test]
    fn two_threads_number_the_values_apart_and_merge_them_by_value() {
        let at = Located {
            rows: 0,
            by: 1,
            bucket: None,
            value: 2,
            unit: None,
            kind: None,
        };
        let row = |cells: &[&str]| ByteRecord::from(cells.to_vec());
        let (mut first, mut second) = (Adding::default(), Adding::default());
        first.add(&row(&["acme", "USAGE", "1"]), &at);
        first.add(&row(&["acme", "CREDIT", "-2"]), &at);
        second.add(&row(&["acme", "CREDIT", "-3"]), &at);
        second.add(&row(&["acme", "FEE", "4"]), &at);
        second.add(&row(&["acme", "USAGE", "5"]), &at);
        first.merge(second);
        let sums = first.by_key(None);
        let cells = &sums[&b""[..]][&b"acme"[..]];
        let net = |v: &str| {
            cells[&ColumnKey::Value(v.as_bytes().into())]
                .net()
                .to_string()
        };
        assert_eq!(
            [net("USAGE"), net("CREDIT"), net("FEE")],
            ["6.00", "-5.00", "4.00"]
        );
        assert_eq!(cells.len(), 3);
    }

    #[test]
    fn a_missing_column_names_the_ones_there_are() {
        let (_d, f) = file("account,subtotal\nacme,1\n");
        let err = pivot(
            &f,
            &spec(
                "account",
                PivotColumns::Time(Bucket::Month, DateColumn::ServicePeriod),
            ),
            &AtomicBool::new(false),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "this file has no servicePeriodStartDate column; it has: account, subtotal"
        );
        let err = pivot(
            &f,
            &spec("product", PivotColumns::Values("account".into())),
            &AtomicBool::new(false),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("this file has no product column")
        );
    }

    #[test]
    fn a_sum_that_would_pass_the_exact_range_is_marked_not_wrapped() {
        // Just under 10^18 a line (the most that is read): about 10^12 lines would pass
        // 10^30. Cells merged into themselves stand for that many lines, through the same
        // checked adding the threads' sums meet.
        use crate::explore::Amount;
        let mut cell = Sum::default();
        let big = Amount::parse(b"999999999999999999").unwrap();
        let mut lines = 0u64;
        while !cell.beyond_range() {
            let before = cell;
            cell.merge(&before);
            if before.rows == 0 {
                cell.add(big, Kind::Charges);
            }
            lines += 1;
            assert!(lines < 200, "doubling reaches the range");
        }
        assert!(
            cell.net().in_range(),
            "the part is held back, never wrapped"
        );
        assert_eq!(cell.rows, 1u64 << (lines - 1));
    }

    #[test]
    fn bucket_labels_and_numbers_round_trip() {
        for (bucket, cell, label) in [
            (Bucket::Month, "2026-01-31", "2026-01"),
            (Bucket::Month, "2025-12-01T00:00:00Z", "2025-12"),
            (Bucket::Quarter, "2026-10-01", "2026-Q4"),
            (Bucket::Quarter, "2026-09-30", "2026-Q3"),
            (Bucket::Year, "2026-12-31", "2026"),
        ] {
            let n = bucket.of(cell.as_bytes()).unwrap();
            assert_eq!(bucket.label(n), label, "{cell}");
        }
        assert_eq!(Bucket::Month.of(b"2026-13-01"), None);
        assert_eq!(Bucket::Month.of(b"0001-01-01"), None, "no bill is that old");
        assert_eq!(Bucket::Month.of(b"October"), None);
    }
}
