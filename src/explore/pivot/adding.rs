//! Adding up a pivot's cells on one thread, merging two threads' sums, and laying the cells
//! out as rows once every line is read.
//!
//! Keys (currencies, row values, column values) are numbered as they are met, and a cell is
//! found by its three numbers: the many lines that add to a cell already there cost no
//! allocation, and a cell exists only once a line adds to it.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};

use csv::ByteRecord;

use super::answer::{ColumnKey, Located, PivotRow};
use super::line::{Cell, Compact, Line};
use crate::explore::bucket::Bucket;
use crate::explore::coverage::Span;
use crate::explore::unreadable::Unreadable;

/// The most empty time buckets filled in between two that have lines: a longer gap (a line
/// dated 1900 among bills of 2026) is skipped and said, not thousands of empty columns.
pub(super) const LONGEST_FILLED_GAP: i64 = 24;

/// Values met, numbered in the order met.
type Numbers = HashMap<Box<[u8]>, u32>;

/// A cell's address: currency, row and column, by number.
type Address = [u32; 3];

/// A hasher for addresses: the numbers are handed out in order by the tool itself (never
/// chosen by a file), so a quick multiply-and-rotate spreads them well and costs a fraction
/// of the default hasher, which guards byte keys a file does choose.
#[derive(Default)]
struct Quick(u64);

impl Hasher for Quick {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// The sums of one thread's lines, with the lines it left out.
#[derive(Default)]
pub(super) struct Adding {
    units: Numbers,
    rows: Numbers,
    /// The column values met (when the columns are a column's values).
    values: Numbers,
    index: HashMap<Address, u32, BuildHasherDefault<Quick>>,
    cells: Vec<Compact>,
    /// Lines with no date to put in a time bucket.
    pub(super) undated: u64,
    /// Lines whose value is no plain number.
    pub(super) unreadable: Unreadable,
    /// The days the lines' service periods span.
    pub(super) span: Span,
    /// A key of several levels, made again for each line.
    key: Vec<u8>,
}

/// The number of `key` among `numbers`, numbering it when it is new.
fn number(numbers: &mut Numbers, key: &[u8]) -> u32 {
    if let Some(&n) = numbers.get(key) {
        return n;
    }
    let n = next(numbers);
    numbers.insert(key.into(), n);
    n
}

/// The number the next new key gets. Four billion keys would need far more memory than any
/// machine has before this saturates.
fn next(numbers: &Numbers) -> u32 {
    u32::try_from(numbers.len()).unwrap_or(u32::MAX)
}

/// Numbers `theirs` among `mine`: what each of their numbers is now.
fn renumber(mine: &mut Numbers, theirs: Numbers) -> Vec<u32> {
    let mut now = vec![0; theirs.len()];
    for (key, n) in theirs {
        let new = match mine.get(&key) {
            Some(&m) => m,
            None => {
                let m = next(mine);
                mine.insert(key, m);
                m
            }
        };
        if let Some(slot) = now.get_mut(n as usize) {
            *slot = new;
        }
    }
    now
}

/// The keys by their numbers.
fn by_number(numbers: Numbers) -> Vec<Box<[u8]>> {
    let mut keys = vec![Box::<[u8]>::default(); numbers.len()];
    for (key, n) in numbers {
        if let Some(slot) = keys.get_mut(n as usize) {
            *slot = key;
        }
    }
    keys
}

/// The cells laid out: the columns in order, and each currency's rows (in no order yet).
pub(super) struct LaidOut {
    pub(super) columns: Vec<ColumnKey>,
    /// Gaps between time buckets left out for being long: first and last bucket skipped.
    pub(super) gaps: Vec<(i64, i64)>,
    pub(super) units: Vec<(Box<[u8]>, Vec<PivotRow>)>,
}

impl Adding {
    pub(super) fn add(&mut self, record: &ByteRecord, at: &Located) {
        let by = record.get(at.by).unwrap_or_default();
        if at.bucket.is_some() {
            self.span.note(by, at.end.and_then(|i| record.get(i)));
        }
        let Some((value, kind)) = self.unreadable.read(record, at.value, at.kind) else {
            return;
        };
        let column = match at.bucket {
            Some(bucket) => match bucket.of(by.trim_ascii()).map(u32::try_from) {
                Some(Ok(n)) => n,
                _ => {
                    self.undated += 1;
                    return;
                }
            },
            None => number(&mut self.values, by),
        };
        let unit = number(
            &mut self.units,
            at.unit.and_then(|i| record.get(i)).unwrap_or_default(),
        );
        let row = number(&mut self.rows, at.rows.key(record, &mut self.key));
        let cells = &mut self.cells;
        let at = *self.index.entry([unit, row, column]).or_insert_with(|| {
            cells.push(Compact::default());
            u32::try_from(cells.len() - 1).unwrap_or(u32::MAX)
        });
        if let Some(sum) = self.cells.get_mut(at as usize) {
            sum.add(value, kind);
        }
    }

    /// Adds in what another thread added up (its numbers are its own).
    pub(super) fn merge(&mut self, other: Adding) {
        let units = renumber(&mut self.units, other.units);
        let rows = renumber(&mut self.rows, other.rows);
        // A time bucket's number is the same on every thread; a value's is not.
        let values = (!other.values.is_empty()).then(|| renumber(&mut self.values, other.values));
        let mut theirs = other.cells;
        for ([unit, row, column], n) in other.index {
            let column = match &values {
                Some(values) => values.get(column as usize).copied().unwrap_or(column),
                None => column,
            };
            let address = [
                units.get(unit as usize).copied().unwrap_or(unit),
                rows.get(row as usize).copied().unwrap_or(row),
                column,
            ];
            let sum = theirs
                .get_mut(n as usize)
                .map(std::mem::take)
                .unwrap_or_default();
            match self.index.entry(address) {
                Entry::Occupied(at) => {
                    if let Some(mine) = self.cells.get_mut(*at.get() as usize) {
                        mine.merge(&sum);
                    }
                }
                Entry::Vacant(at) => {
                    at.insert(u32::try_from(self.cells.len()).unwrap_or(u32::MAX));
                    self.cells.push(sum);
                }
            }
        }
        self.undated += other.undated;
        self.unreadable.merge(other.unreadable);
        self.span.merge(other.span);
    }

    /// The cells as rows under ordered columns: time buckets from the first to the last with
    /// the empty ones between (up to [`LONGEST_FILLED_GAP`]), or the values met, by value.
    pub(super) fn lay_out(self, bucket: Option<Bucket>) -> LaidOut {
        let Adding {
            units,
            rows,
            values,
            index,
            mut cells,
            ..
        } = self;
        let mut found: Vec<u32> = index.keys().map(|a| a[2]).collect();
        found.sort_unstable();
        found.dedup();
        let mut gaps = Vec::new();
        let (columns, place): (Vec<ColumnKey>, HashMap<u32, u32>) = match bucket {
            Some(_) => {
                let mut columns = Vec::new();
                for (i, &n) in found.iter().enumerate() {
                    if let Some(&before) = i.checked_sub(1).and_then(|p| found.get(p)) {
                        let (after, gap) = (i64::from(before) + 1, i64::from(n) - 1);
                        if gap - after < LONGEST_FILLED_GAP {
                            columns.extend((after..=gap).map(ColumnKey::Bucket));
                        } else {
                            gaps.push((after, gap));
                        }
                    }
                    columns.push(ColumnKey::Bucket(i64::from(n)));
                }
                let place = columns
                    .iter()
                    .enumerate()
                    .filter_map(|(at, key)| match key {
                        ColumnKey::Bucket(n) => Some((u32::try_from(*n).ok()?, at as u32)),
                        ColumnKey::Value(_) => None,
                    })
                    .collect();
                (columns, place)
            }
            None => {
                let mut values = by_number(values);
                found.sort_by(|a, b| values[*a as usize].cmp(&values[*b as usize]));
                let place = found
                    .iter()
                    .enumerate()
                    .map(|(at, &n)| (n, at as u32))
                    .collect();
                let columns = found
                    .iter()
                    .map(|&n| ColumnKey::Value(std::mem::take(&mut values[n as usize])))
                    .collect();
                (columns, place)
            }
        };
        let mut units = by_number(units);
        let mut rows = by_number(rows);
        // How many currencies each row key is in, so the last one takes it without a copy.
        let mut uses = vec![0u32; rows.len()];
        let mut laid: Vec<[u32; 4]> = index
            .into_iter()
            .map(|([unit, row, column], n)| {
                [unit, row, place.get(&column).copied().unwrap_or(0), n]
            })
            .collect();
        drop(place);
        laid.sort_unstable();
        for unit in laid.chunk_by(|a, b| a[0] == b[0]) {
            for row in unit.chunk_by(|a, b| a[1] == b[1]) {
                if let Some(u) = uses.get_mut(row[0][1] as usize) {
                    *u += 1;
                }
            }
        }
        let mut sections = Vec::new();
        for unit in laid.chunk_by(|a, b| a[0] == b[0]) {
            let mut made = Vec::new();
            for row in unit.chunk_by(|a, b| a[1] == b[1]) {
                let n = row[0][1] as usize;
                let key = match uses.get_mut(n) {
                    Some(1) => std::mem::take(&mut rows[n]),
                    Some(u) => {
                        *u -= 1;
                        rows[n].clone()
                    }
                    None => Box::default(),
                };
                let line = row
                    .iter()
                    .map(|&[_, _, column, at]| Cell {
                        column,
                        sum: cells
                            .get_mut(at as usize)
                            .map(std::mem::take)
                            .unwrap_or_default(),
                    })
                    .collect();
                made.push(PivotRow::named(key, Line::from_ordered(line)));
            }
            let unit = unit[0][0] as usize;
            sections.push((
                units.get_mut(unit).map(std::mem::take).unwrap_or_default(),
                made,
            ));
        }
        LaidOut {
            columns,
            gaps,
            units: sections,
        }
    }
}
