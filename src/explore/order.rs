//! Sorting and filtering whole files in the background: each a pass over the file that keeps
//! row numbers only, and stops when cancelled.

use std::sync::atomic::{AtomicBool, Ordering};

use super::amount::Amount;
use super::columns::Columns;
use super::file::CsvFile;
use super::filter::Filter;
pub use super::job::JobError;
use super::totals::Totals;
use csv::ByteRecord;

/// Calls `each(row number, record)` for every row, checking `cancel` as it goes.
pub(super) fn each_row(
    file: &CsvFile,
    cancel: &AtomicBool,
    mut each: impl FnMut(u32, &ByteRecord),
) -> Result<(), JobError> {
    let read = |e: csv::Error| JobError::Read(e.to_string());
    let mut reader = file.reader_at(file.data_start()).map_err(read)?;
    let mut record = ByteRecord::new();
    let mut row: u32 = 0;
    while reader.read_byte_record(&mut record).map_err(read)? {
        if row.is_multiple_of(16 * 1024) && cancel.load(Ordering::Relaxed) {
            return Err(JobError::Cancelled);
        }
        each(row, &record);
        row = row.saturating_add(1);
    }
    Ok(())
}

/// The rows that pass every one of `filters`, in file order, and the totals over them.
pub fn filter_rows(
    file: &CsvFile,
    filters: &[Filter],
    cancel: &AtomicBool,
) -> Result<(Vec<u32>, Totals), JobError> {
    let columns = Columns::find(file.headers());
    let mut kept = Vec::new();
    let mut totals = Totals::default();
    each_row(file, cancel, |row, record| {
        if filters.iter().all(|f| f.matches(record)) {
            kept.push(row);
            totals.add(record, &columns);
        }
    })?;
    Ok((kept, totals))
}

/// How a column sorts: numbers as numbers, month and weekday names in calendar order,
/// everything else as text (ISO dates, all written alike, sort as dates as text).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Number(Amount),
    Text(Box<str>),
    Blank,
}

/// What every non-blank cell of a column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Month,
    Weekday,
    Text,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The place (from 1) of a month or weekday name, whole or cut to three letters, in `names`.
fn calendar_place(cell: &[u8], names: &[&str]) -> Option<usize> {
    let word = std::str::from_utf8(cell).ok()?.trim().to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    names
        .iter()
        .position(|name| *name == word || (word.len() == 3 && name.starts_with(&word)))
        .map(|i| i + 1)
}

impl Kind {
    fn key(self, cell: &[u8]) -> Key {
        let place = |names| {
            calendar_place(cell, names).map_or(Key::Blank, |n| {
                Key::Number(Amount::parse(n.to_string().as_bytes()).unwrap_or_default())
            })
        };
        match self {
            _ if cell.iter().all(u8::is_ascii_whitespace) => Key::Blank,
            Kind::Number => Amount::parse(cell).map_or(Key::Blank, Key::Number),
            Kind::Month => place(&MONTHS),
            Kind::Weekday => place(&WEEKDAYS),
            Kind::Text => Key::Text(String::from_utf8_lossy(cell).to_lowercase().into()),
        }
    }
}

/// `rows` (every row when `None`) ordered by `column`; blanks last either way; ties keep file
/// order.
pub fn sort_rows(
    file: &CsvFile,
    rows: Option<&[u32]>,
    column: usize,
    descending: bool,
    cancel: &AtomicBool,
) -> Result<Vec<u32>, JobError> {
    let kind = column_kind(file, column, cancel)?;
    let wanted = rows.map(|r| {
        r.iter()
            .copied()
            .collect::<std::collections::HashSet<u32>>()
    });
    let mut keyed: Vec<(Key, u32)> = Vec::new();
    each_row(file, cancel, |row, record| {
        if wanted.as_ref().is_some_and(|w| !w.contains(&row)) {
            return;
        }
        keyed.push((kind.key(record.get(column).unwrap_or_default()), row));
    })?;
    // Unstable (no buffer of half the rows), and still deterministic: ties go by row number.
    keyed.sort_unstable_by(|(a, ra), (b, rb)| {
        let by_key = match (a, b) {
            (Key::Blank, Key::Blank) => std::cmp::Ordering::Equal,
            (Key::Blank, _) => std::cmp::Ordering::Greater,
            (_, Key::Blank) => std::cmp::Ordering::Less,
            _ if descending => b.cmp(a),
            _ => a.cmp(b),
        };
        by_key.then(ra.cmp(rb))
    });
    Ok(keyed.into_iter().map(|(_, row)| row).collect())
}

/// What every non-blank cell of `column` is: a number, a month name, a weekday name, or else
/// text.
fn column_kind(file: &CsvFile, column: usize, cancel: &AtomicBool) -> Result<Kind, JobError> {
    let (mut numbers, mut months, mut weekdays, mut any) = (true, true, true, false);
    each_row(file, cancel, |_, record| {
        if let Some(cell) = record
            .get(column)
            .filter(|c| !c.iter().all(u8::is_ascii_whitespace))
        {
            any = true;
            numbers &= Amount::parse(cell).is_some();
            months &= calendar_place(cell, &MONTHS).is_some();
            weekdays &= calendar_place(cell, &WEEKDAYS).is_some();
        }
    })?;
    Ok(match (any, numbers, months, weekdays) {
        (false, ..) => Kind::Text,
        (true, true, ..) => Kind::Number,
        (true, _, true, _) => Kind::Month,
        (true, _, _, true) => Kind::Weekday,
        _ => Kind::Text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::explore::file::written as file;

    const TEXT: &str = "account,subtotal,billDate,lineItemType\nacme,100.5,2026-10-01,USAGE\nglobex,-20,2026-09-01,CREDIT_MEMO\ninitech,3,2026-11-01,USAGE\nhooli,,2026-08-01,AD_HOC\n";

    #[test]
    fn numbers_sort_as_numbers_dates_as_dates_blanks_last() {
        let (_d, f) = file(TEXT);
        let go = AtomicBool::new(false);
        assert_eq!(sort_rows(&f, None, 1, false, &go).unwrap(), [1, 2, 0, 3]);
        assert_eq!(sort_rows(&f, None, 1, true, &go).unwrap(), [0, 2, 1, 3]);
        assert_eq!(sort_rows(&f, None, 2, false, &go).unwrap(), [3, 1, 0, 2]);
        assert_eq!(sort_rows(&f, Some(&[0, 2]), 0, true, &go).unwrap(), [2, 0]);
    }

    #[test]
    fn filters_by_text_or_pattern_in_any_column_or_one_with_their_totals() {
        let (_d, f) = file(TEXT);
        let go = AtomicBool::new(false);
        let (rows, totals) = filter_rows(&f, &[Filter::new("usage", None)], &go).unwrap();
        assert_eq!(rows, [0, 2]);
        assert_eq!(
            totals
                .lines(
                    super::super::Measure::Subtotal,
                    super::super::Grouping::Account
                )
                .len(),
            2
        );
        let (rows, _) = filter_rows(&f, &[Filter::new("^(acme|hooli)$", Some(0))], &go).unwrap();
        assert_eq!(rows, [0, 3]);
        // Not a valid pattern: taken as the text itself.
        let (rows, _) = filter_rows(&f, &[Filter::new("(", None)], &go).unwrap();
        assert!(rows.is_empty());
        let (rows, _) = filter_rows(&f, &[Filter::new("2026-1", Some(2))], &go).unwrap();
        assert_eq!(rows, [0, 2]);
    }

    #[test]
    fn every_filter_must_match() {
        let (_d, f) = file(TEXT);
        let go = AtomicBool::new(false);
        let both = [
            Filter::new("usage", Some(3)),
            Filter::new("2026-1", Some(2)),
        ];
        assert_eq!(filter_rows(&f, &both, &go).unwrap().0, [0, 2]);
        let both = [Filter::new("usage", Some(3)), Filter::new("acme", None)];
        assert_eq!(filter_rows(&f, &both, &go).unwrap().0, [0]);
        assert_eq!(filter_rows(&f, &[], &go).unwrap().0, [0, 1, 2, 3]);
    }

    #[test]
    fn month_and_weekday_names_sort_in_calendar_order() {
        let (_d, f) =
            file("month,day\nOctober,Sun\nJanuary,monday\n,Wed\nfeb,Tuesday\nDecember,Mon\n");
        let go = AtomicBool::new(false);
        assert_eq!(sort_rows(&f, None, 0, false, &go).unwrap(), [1, 3, 0, 4, 2]);
        assert_eq!(sort_rows(&f, None, 0, true, &go).unwrap(), [4, 0, 3, 1, 2]);
        assert_eq!(sort_rows(&f, None, 1, false, &go).unwrap(), [1, 4, 3, 2, 0]);
        // One cell that is no month name makes it text again.
        let (_d, f) = file("month\nMarch\nApril\nMaybe\n");
        assert_eq!(sort_rows(&f, None, 0, false, &go).unwrap(), [1, 0, 2]);
    }

    #[test]
    fn a_cancelled_job_says_so() {
        let (_d, f) = file(TEXT);
        let stop = AtomicBool::new(true);
        assert_eq!(
            sort_rows(&f, None, 0, false, &stop),
            Err(JobError::Cancelled)
        );
    }
}
