//! The Lines sheet: every row the filters keep, streamed in constant memory, each cell typed
//! as its column says (amounts in their currency's format, dates as dates, ids as text).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

use csv::ByteRecord;
use rust_xlsxwriter::{ExcelDateTime, Format, Table, TableColumn, Workbook, Worksheet, XlsxError};

use super::error::ExportError;
use super::formats::{Formats, col, date_format, header_format};
use crate::explore::{Amount, Columns, CsvFile, Filter, Sum};
use crate::query::Kind as LineKind;

/// How many rows are read ahead to size the columns (a constant-memory sheet needs its widths
/// before its rows).
const SIZE_FROM: usize = 1000;

/// The widest a column is made.
const WIDEST: usize = 50;

/// The most lines written as an Excel table (memory: see `lines`).
const TABLE_UP_TO: u32 = 20_000;

/// How a column of the lines is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An amount in the currency of the column at this index.
    Money(Option<usize>),
    Date,
    /// A number when the cell is a plain one: only the measures that are not money.
    Number,
    Text,
}

/// The columns besides the amounts that hold quantities, so are written as numbers (names in
/// lower case).
const MEASURES: &[&str] = &["conversionrate", "quantity", "units"];

fn kinds(headers: &[String]) -> Vec<Kind> {
    let columns = Columns::find(headers);
    headers
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let lower = name.to_ascii_lowercase();
            if columns.values[0] == Some(i) {
                Kind::Money(columns.units[0])
            } else if columns.values[1] == Some(i) {
                Kind::Money(columns.units[1])
            } else if lower.ends_with("date") {
                Kind::Date
            } else if MEASURES.contains(&lower.as_str()) {
                Kind::Number
            } else {
                // Every identifier is text, whatever it looks like: account `007` keeps its
                // zeros, a 23-digit reference every digit.
                Kind::Text
            }
        })
        .collect()
}

/// The most rows a sheet holds, the header's included (Excel's limit).
pub(super) const EXCEL_ROWS: u64 = 1_048_576;

/// The most columns a sheet holds (Excel's limit).
pub(super) const EXCEL_COLUMNS: usize = 16_384;

/// The most characters a cell holds (Excel's limit): a longer one is cut and said.
const EXCEL_CELL: usize = 32_767;

/// How many cut cells the About sheet names one by one.
const CUT_NAMED: usize = 10;

/// What the Lines sheet holds, for the About sheet and the person who asked.
#[derive(Debug, Default)]
pub(super) struct Written {
    pub(super) rows: u64,
    /// The subtotal per currency.
    pub(super) totals: BTreeMap<String, Sum>,
    /// Cells cut to Excel's 32,767 characters: how many, and the first few by line and column.
    pub(super) cut: u64,
    pub(super) cut_named: Vec<String>,
    /// Lines with more fields than the header has names: how many, and the first one's line.
    pub(super) wider: u64,
    pub(super) first_wider: Option<u64>,
}

impl Written {
    /// What the sheet could not hold as the file has it, a sentence each.
    pub(super) fn said(&self) -> Vec<String> {
        let mut said = Vec::new();
        if self.cut > 0 {
            said.push(format!(
                "{} cut to Excel's 32,767 characters ({}{}); the About sheet lists them",
                lines_word(self.cut, "cell was", "cells were"),
                self.cut_named.join(", "),
                if self.cut > self.cut_named.len() as u64 {
                    ", …"
                } else {
                    ""
                }
            ));
        }
        if self.wider > 0 {
            said.push(format!(
                "{} more fields than the header names ({}): the fields past the header are not in the workbook",
                lines_word(self.wider, "line has", "lines have"),
                self.first_wider
                    .map_or_else(String::new, |l| format!("the first is line {l}"))
            ));
        }
        said
    }
}

/// `1 cell was` or `3 cells were`.
fn lines_word(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", crate::explore::group_thousands(&n.to_string()))
    }
}

/// Why a sheet cannot hold `rows` data rows (the header takes one), or nothing.
pub(super) fn too_many_rows(rows: u64, what: &str) -> Result<(), ExportError> {
    if rows < EXCEL_ROWS {
        return Ok(());
    }
    Err(ExportError::TooLarge(format!(
        "{} {what} are more than an Excel sheet holds ({} rows, the header's included); write CSV instead (--format csv), keep fewer with --filter, or fetch a shorter range",
        crate::explore::group_thousands(&rows.to_string()),
        crate::explore::group_thousands(&EXCEL_ROWS.to_string()),
    )))
}

/// The Lines sheet; its row count and the subtotal per currency, for the About sheet.
pub(super) fn lines(
    workbook: &mut Workbook,
    file: &CsvFile,
    filters: &[Filter],
    formats: &mut Formats,
    cancel: &AtomicBool,
) -> Result<Written, ExportError> {
    let headers = file.headers();
    let kinds = kinds(headers);
    let columns = Columns::find(headers);
    let read = |e: csv::Error| ExportError::Read(e.to_string());
    // Widths from the header and the first rows.
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count() + 3).collect();
    let mut reader = file.reader_at(file.data_start()).map_err(read)?;
    let mut record = ByteRecord::new();
    for _ in 0..SIZE_FROM {
        if !reader.read_byte_record(&mut record).map_err(read)? {
            break;
        }
        for (w, cell) in widths.iter_mut().zip(record.iter()) {
            *w = (*w).max(cell.len() + 2);
        }
    }
    // A constant-memory sheet is written top to bottom: the table (which writes the header)
    // goes first, over the rows counted beforehand.
    let keep = |record: &ByteRecord| filters.iter().all(|f| f.matches(record));
    let count = if filters.is_empty() {
        std::fs::File::open(file.path())
            .and_then(|f| crate::rows::count_data_rows(std::io::BufReader::new(f), u64::MAX))
            .map_err(|e| ExportError::Read(e.to_string()))?
    } else {
        let mut reader = file.reader_at(file.data_start()).map_err(read)?;
        let mut kept = 0u64;
        while reader.read_byte_record(&mut record).map_err(read)? {
            kept += u64::from(keep(&record));
        }
        kept
    };
    // Checked before a row is written: Excel's own limit would stop the writing half-way.
    too_many_rows(count, "lines")?;
    if headers.len() > EXCEL_COLUMNS {
        return Err(ExportError::TooLarge(format!(
            "the file has {} columns, more than an Excel sheet holds ({EXCEL_COLUMNS}); write CSV instead",
            headers.len()
        )));
    }
    let count = u32::try_from(count).unwrap_or(u32::MAX - 1);
    let last = col(headers.len().saturating_sub(1));
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name("Lines")?;
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(col(c), (*w).min(WIDEST) as f64)?;
    }
    let table = Table::new().set_columns(
        &headers
            .iter()
            .map(|h| TableColumn::new().set_header(h))
            .collect::<Vec<_>>(),
    );
    // A table needs rows, and distinct, non-blank headers; and rust_xlsxwriter holds about a
    // kilobyte a row for a table in a constant-memory sheet, so a large file gets a plain
    // filter too (the same filtering in Excel, without the table's banding).
    let tabled =
        (1..=TABLE_UP_TO).contains(&count) && sheet.add_table(0, 0, count, last, &table).is_ok();
    if !tabled {
        let bold = header_format();
        for (c, name) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, col(c), name, &bold)?;
        }
    }
    let date = date_format();
    let mut written = Written::default();
    let mut reader = file.reader_at(file.data_start()).map_err(read)?;
    let mut row: u32 = 0;
    while reader.read_byte_record(&mut record).map_err(read)? {
        if !keep(&record) {
            continue;
        }
        // Rows past the count (the file grew meanwhile) are left out rather than written
        // outside the table.
        if tabled && row >= count {
            break;
        }
        row = row.saturating_add(1);
        if row.is_multiple_of(16_384) && cancel.load(Ordering::Relaxed) {
            return Err(ExportError::Cancelled);
        }
        let line = || {
            record
                .position()
                .and_then(|p| file.line_number(p.byte()))
                .unwrap_or(0)
        };
        if record.len() > headers.len() {
            written.wider += 1;
            if written.first_wider.is_none() {
                written.first_wider = Some(line());
            }
        }
        for (c, cell) in record.iter().enumerate().take(headers.len()) {
            let cell = match cut_to_fit(cell) {
                Some(cut) => {
                    written.cut += 1;
                    if written.cut_named.len() < CUT_NAMED {
                        written
                            .cut_named
                            .push(format!("line {} {}", line(), headers[c]));
                    }
                    cut
                }
                None => cell,
            };
            write_cell(sheet, row, col(c), cell, kinds[c], &record, formats, &date)?;
        }
        if let (Some(value), unit) = (
            columns
                .subtotal()
                .and_then(|i| record.get(i))
                .and_then(Amount::parse),
            columns.units[0]
                .and_then(|i| record.get(i))
                .unwrap_or_default(),
        ) {
            let kind = columns.groups[0]
                .and_then(|i| record.get(i))
                .map_or(LineKind::Other, LineKind::of_cell);
            written
                .totals
                .entry(String::from_utf8_lossy(unit).into_owned())
                .or_default()
                .add(value, kind);
        }
    }
    if !tabled && row > 0 {
        sheet.autofilter(0, 0, row, last)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    written.rows = u64::from(row);
    Ok(written)
}

/// The first 32,767 characters of a cell that has more (cut where a character ends), or
/// `None` when it fits.
fn cut_to_fit(cell: &[u8]) -> Option<&[u8]> {
    // A character is at most four bytes: a cell this short fits whatever it holds.
    if cell.len() <= EXCEL_CELL {
        return None;
    }
    let text = String::from_utf8_lossy(cell);
    let (end, _) = text.char_indices().nth(EXCEL_CELL)?;
    // Lossy text may be longer than the bytes; cut the bytes at a character's start.
    let mut end = end.min(cell.len());
    while end > 0 && (cell[end] & 0b1100_0000) == 0b1000_0000 {
        end -= 1;
    }
    Some(&cell[..end])
}

/// One cell of the lines, as its column's kind says (text when it is not what the kind wants).
#[allow(clippy::too_many_arguments)]
fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    cell: &[u8],
    kind: Kind,
    record: &ByteRecord,
    formats: &mut Formats,
    date: &Format,
) -> Result<(), XlsxError> {
    let text = || String::from_utf8_lossy(cell);
    if cell.is_empty() {
        return Ok(());
    }
    match kind {
        Kind::Money(unit) => match Amount::parse(cell) {
            Some(amount) => {
                let unit = unit.and_then(|i| record.get(i)).unwrap_or_default();
                let format = formats.money_of(unit, 2);
                sheet.write_number_with_format(row, column, amount.as_f64(), format)?;
            }
            None => {
                sheet.write_string(row, column, text())?;
            }
        },
        Kind::Date => match excel_date(cell) {
            Some(when) => {
                sheet.write_datetime_with_format(row, column, &when, date)?;
            }
            None => {
                sheet.write_string(row, column, text())?;
            }
        },
        Kind::Number => match Amount::parse(cell) {
            Some(number) => {
                sheet.write_number(row, column, number.as_f64())?;
            }
            None => {
                sheet.write_string(row, column, text())?;
            }
        },
        Kind::Text => {
            sheet.write_string(row, column, text())?;
        }
    }
    Ok(())
}

/// `2026-03-01` or `2026-03-01T10:20:30Z` as an Excel date (with its time when it has one).
fn excel_date(cell: &[u8]) -> Option<ExcelDateTime> {
    let text = std::str::from_utf8(cell).ok()?.trim();
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u16>().ok();
    if text.len() < 10 || text.as_bytes()[4] != b'-' || text.as_bytes()[7] != b'-' {
        return None;
    }
    let day =
        ExcelDateTime::from_ymd(number(0..4)?, number(5..7)? as u8, number(8..10)? as u8).ok()?;
    match (number(11..13), number(14..16), number(17..19)) {
        (Some(h), Some(m), Some(s)) if (h, m, s) != (0, 0, 0) => {
            day.and_hms(h, u8::try_from(m).ok()?, s).ok()
        }
        _ => Some(day),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_holds_a_million_lines_and_a_header_and_not_one_more() {
        assert!(too_many_rows(1_048_575, "lines").is_ok());
        let refused = too_many_rows(1_048_576, "lines").unwrap_err().to_string();
        assert_eq!(
            refused,
            "1,048,576 lines are more than an Excel sheet holds (1,048,576 rows, the header's \
             included); write CSV instead (--format csv), keep fewer with --filter, or fetch a \
             shorter range"
        );
    }

    #[test]
    fn a_long_cell_is_cut_where_a_character_ends() {
        assert_eq!(cut_to_fit(b"short"), None);
        let long = "€".repeat(EXCEL_CELL + 5);
        let cut = cut_to_fit(long.as_bytes()).unwrap();
        let cut = std::str::from_utf8(cut).expect("whole characters");
        assert_eq!(cut.chars().count(), EXCEL_CELL);
    }

    #[test]
    fn columns_are_typed_by_what_they_hold() {
        let headers: Vec<String> = [
            "account",
            "subtotal",
            "billCurrency",
            "convertedSubtotal",
            "convertedSubtotalUnit",
            "billDate",
            "quantity",
            "billLineItemId",
            "version",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            kinds(&headers),
            [
                Kind::Text,
                Kind::Money(Some(2)),
                Kind::Text,
                Kind::Money(Some(4)),
                Kind::Text,
                Kind::Date,
                Kind::Number,
                Kind::Text,
                Kind::Text,
            ]
        );
    }

    #[test]
    fn dates_keep_their_time_when_they_have_one() {
        // As Excel counts them: days since 1900, the time as a fraction of a day.
        let serial = |cell: &[u8]| excel_date(cell).map(|d| d.to_excel());
        assert_eq!(serial(b"2026-03-01T00:00:00Z"), Some(46082.0));
        assert_eq!(serial(b"2026-03-01"), Some(46082.0));
        assert_eq!(serial(b"2026-03-01T12:00:00Z"), Some(46082.5));
        assert!(excel_date(b"2026-13-01").is_none());
        assert!(excel_date(b"soon").is_none());
    }
}
