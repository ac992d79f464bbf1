//! An Excel workbook of a bill CSV, for the person the analysis is handed to:
//! - **Lines**: every row, as an Excel table (autofilter, frozen header); amounts as numbers in
//!   their currency's format, quantities as numbers, dates as dates, the rest as text; column
//!   widths from the data. Written in constant memory, row by row.
//! - **Pivot** or **Compare** when the export is of one: the same figures and totals, and for a
//!   pivot over time a native line chart of its largest rows, live in Excel.
//! - **About**: what the file is (the request, when it was fetched, the link without its
//!   signature), its row count and totals per currency, so a reader can check it is whole.
//!
//! The workbook is written to a temporary file beside the target and renamed into place; a
//! file already there is replaced only when asked.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use csv::ByteRecord;
use rust_xlsxwriter::{
    Chart, ChartType, ExcelDateTime, Format, Table, TableColumn, Workbook, Worksheet, XlsxError,
};

use crate::explore::{
    Amount, Bucket, Columns, Comparison, CsvFile, DateColumn, Filter, JobError, Measure, Pivot,
    PivotColumns, PivotError, PivotSpec, RowOrder, Sum, is_id_column, pivot,
};

/// Why no workbook was written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0} exists; it is replaced only when asked (--force)")]
    Exists(PathBuf),
    #[error("the CSV could not be read: {0}")]
    Read(String),
    #[error("the workbook could not be made: {0}")]
    Workbook(#[from] XlsxError),
    #[error("the workbook could not be written: {0}")]
    Io(#[from] std::io::Error),
    #[error("stopped")]
    Cancelled,
    #[error("{} is not a CSV file: it holds binary data", .0.display())]
    NotText(PathBuf),
}

/// Whether the start of the file holds a NUL byte, which no text (and no CSV) does.
fn holds_binary(path: &Path) -> Result<bool, std::io::Error> {
    use std::io::Read;
    let mut start = Vec::with_capacity(64 * 1024);
    std::fs::File::open(path)?
        .take(64 * 1024)
        .read_to_end(&mut start)?;
    Ok(start.contains(&0))
}

/// What is known of where the file came from.
#[derive(Debug, Clone, Default)]
pub struct About {
    /// The request body, as JSON.
    pub body: Option<String>,
    /// The download link; written without its query (the signature).
    pub link: Option<String>,
    /// When the file was fetched, as text.
    pub fetched: Option<String>,
}

/// A view to add beside the lines.
#[derive(Debug, Clone, Copy)]
pub enum Extra<'a> {
    None,
    /// A pivot, with the name of its row column.
    Pivot(&'a Pivot, &'a str, Measure),
    /// A comparison, with the name of the column compared by.
    Compare(&'a Comparison, &'a str, Measure),
}

/// A workbook written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: u64,
    pub rows: u64,
}

/// How many rows are read ahead to size the columns (a constant-memory sheet needs its widths
/// before its rows).
const SIZE_FROM: usize = 1000;

/// The widest a column is made.
const WIDEST: usize = 50;

/// The most lines written as an Excel table (memory: see `lines`).
const TABLE_UP_TO: u32 = 20_000;

/// Writes the workbook of `file` (and `extra`) to `target`.
pub fn write_workbook(
    file: &CsvFile,
    filters: &[Filter],
    extra: Extra<'_>,
    about: &About,
    target: &Path,
    force: bool,
    cancel: &AtomicBool,
) -> Result<Written, ExportError> {
    if target.exists() && !force {
        return Err(ExportError::Exists(target.to_path_buf()));
    }
    if holds_binary(file.path())? {
        return Err(ExportError::NotText(file.path().to_path_buf()));
    }
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut workbook = Workbook::new();
    // The sheets' row data goes to temporary files beside the target, not to memory.
    workbook.set_tempdir(folder)?;
    // Compressing is most of the time a workbook takes: level 1 of 9 writes 40,000 bill lines
    // in 0.77 s instead of 1.29 s at level 3 (and more at the default 6), for a file about a
    // third larger (12.2 MB against 8.9 MB), which Excel opens the same.
    workbook.set_zip_compression_level(1);
    let mut formats = Formats::default();
    let (rows, totals) = lines(&mut workbook, file, filters, &mut formats, cancel)?;
    match extra {
        Extra::Pivot(pivot, rows_name, measure) => {
            pivot_sheet(&mut workbook, pivot, rows_name, measure, &mut formats)?;
        }
        Extra::None | Extra::Compare(..) => {
            if let Extra::Compare(comparison, by, measure) = extra {
                compare_sheet(&mut workbook, comparison, by, measure, &mut formats)?;
            }
            // With no pivot of its own, the workbook still charts the monthly trend: the
            // subtotal per currency by month of the service period, when the file has them.
            if let Some(trend) = monthly_trend(file, filters, cancel)? {
                trend_sheet(&mut workbook, &trend, &mut formats)?;
            }
        }
    }
    about_sheet(
        &mut workbook,
        file,
        filters,
        about,
        rows,
        &totals,
        &mut formats,
    )?;
    let temp = tempfile::Builder::new()
        .prefix(".m3ter-bills-")
        .suffix(".xlsx")
        .tempfile_in(folder)?;
    workbook.save_to_writer(temp.as_file())?;
    temp.as_file().sync_all()?;
    let bytes = temp.as_file().metadata()?.len();
    let persisted = if force {
        temp.persist(target)
    } else {
        temp.persist_noclobber(target)
    };
    persisted.map_err(|e| ExportError::Io(e.error))?;
    Ok(Written {
        path: target.to_path_buf(),
        bytes,
        rows,
    })
}

/// The number formats used, made once each (a workbook asks for one per cell).
#[derive(Default)]
struct Formats {
    /// By decimal places, then by currency.
    money: [HashMap<Vec<u8>, Format>; 7],
}

impl Formats {
    /// `#,##0.00 "USD"`: the currency beside the amount, as Excel shows it.
    fn money(&mut self, unit: &str, decimals: u32) -> &Format {
        self.money_of(unit.as_bytes(), decimals)
    }

    fn money_of(&mut self, unit: &[u8], decimals: u32) -> &Format {
        let decimals = decimals.min(6);
        let by_unit = &mut self.money[decimals as usize];
        // Looked up by the borrowed bytes first: nearly every cell's currency is known.
        if !by_unit.contains_key(unit) {
            let format = make_money(&String::from_utf8_lossy(unit), decimals);
            by_unit.insert(unit.to_vec(), format);
        }
        &by_unit[unit]
    }
}

fn make_money(unit: &str, decimals: u32) -> Format {
    let places = if decimals == 0 {
        String::new()
    } else {
        format!(".{}", "0".repeat(decimals as usize))
    };
    // Only letters, digits, spaces and dashes go between the quotes of a number format.
    let clean: String = unit
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-')
        .collect();
    if clean.is_empty() {
        Format::new().set_num_format(format!("#,##0{places}"))
    } else {
        Format::new().set_num_format(format!("#,##0{places} \"{clean}\""))
    }
}

fn date_format() -> Format {
    Format::new().set_num_format("yyyy-mm-dd")
}

fn header_format() -> Format {
    Format::new().set_bold()
}

/// How a column of the lines is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An amount in the currency of the column at this index.
    Money(Option<usize>),
    Date,
    /// A number when the cell is one (ids, codes and versions stay text).
    Number,
    Text,
}

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
            } else if is_id_column(name)
                || matches!(
                    lower.as_str(),
                    "version" | "year" | "month" | "day" | "week"
                )
            {
                Kind::Text
            } else {
                Kind::Number
            }
        })
        .collect()
}

/// The Lines sheet; its row count and the subtotal per currency, for the About sheet.
fn lines(
    workbook: &mut Workbook,
    file: &CsvFile,
    filters: &[Filter],
    formats: &mut Formats,
    cancel: &AtomicBool,
) -> Result<(u64, BTreeMap<String, Sum>), ExportError> {
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
    let mut totals: BTreeMap<String, Sum> = BTreeMap::new();
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
        for (c, cell) in record.iter().enumerate().take(headers.len()) {
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
            totals
                .entry(String::from_utf8_lossy(unit).into_owned())
                .or_default()
                .add(value);
        }
    }
    if !tabled && row > 0 {
        sheet.autofilter(0, 0, row, last)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok((u64::from(row), totals))
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
        Kind::Number => match Amount::parse(cell).filter(|_| !cell.contains(&b',')) {
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

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// The pivot as shown: a row per key and currency, a column per bucket, the totals; and its
/// trend as a line chart of the first currency's largest rows when the buckets are of time.
fn pivot_sheet(
    workbook: &mut Workbook,
    pivot: &Pivot,
    rows_name: &str,
    measure: Measure,
    formats: &mut Formats,
) -> Result<(), XlsxError> {
    let decimals = measure.decimals();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Pivot")?;
    let bold = header_format();
    let unit_word = match measure {
        Measure::Quantity => "unit",
        Measure::Subtotal | Measure::Converted => "currency",
    };
    let mut header = vec![rows_name.to_string(), unit_word.to_string()];
    header.extend(pivot.columns.iter().cloned());
    header.push("total".into());
    for (c, name) in header.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), name, &bold)?;
    }
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 10)?;
    for c in 2..header.len() {
        sheet.set_column_width(col(c), 16)?;
    }
    let mut row = 0u32;
    let mut first_section = None;
    for unit in &pivot.units {
        let format = formats.money(&unit.unit, decimals);
        let start = row + 1;
        for line in &unit.rows {
            row += 1;
            sheet.write_string(row, 0, &line.key)?;
            sheet.write_string(row, 1, &unit.unit)?;
            for (i, cell) in line.cells.iter().enumerate() {
                sheet.write_number_with_format(row, col(i + 2), cell.net.as_f64(), format)?;
            }
            sheet.write_number_with_format(
                row,
                col(line.cells.len() + 2),
                line.total.net.as_f64(),
                format,
            )?;
        }
        row += 1;
        let bold_money = format.clone().set_bold();
        sheet.write_string_with_format(row, 0, "total", &bold)?;
        sheet.write_string_with_format(row, 1, &unit.unit, &bold)?;
        for (i, cell) in unit.totals.iter().enumerate() {
            sheet.write_number_with_format(row, col(i + 2), cell.net.as_f64(), &bold_money)?;
        }
        sheet.write_number_with_format(
            row,
            col(unit.totals.len() + 2),
            unit.total.net.as_f64(),
            &bold_money,
        )?;
        first_section.get_or_insert((start, row - 1, unit.unit.clone()));
    }
    sheet.set_freeze_panes(1, 2)?;
    if let (true, Some((start, end, unit))) =
        (pivot.over_time() && pivot.columns.len() >= 2, first_section)
    {
        let last_bucket = col(pivot.columns.len() + 1);
        let mut chart = Chart::new(ChartType::Line);
        let title = format!("{} by {rows_name}, {unit}", measure.label());
        chart.title().set_name(&title);
        for r in start..=end.min(start + 5) {
            chart
                .add_series()
                .set_name(("Pivot", r, 0))
                .set_categories(("Pivot", 0, 2, 0, last_bucket))
                .set_values(("Pivot", r, 2, r, last_bucket));
        }
        chart.set_width(900).set_height(420);
        sheet.insert_chart(row + 2, 0, &chart)?;
    }
    Ok(())
}

/// The subtotal per currency by month, when the file has the columns for it.
fn monthly_trend(
    file: &CsvFile,
    filters: &[Filter],
    cancel: &AtomicBool,
) -> Result<Option<Pivot>, ExportError> {
    let columns = Columns::find(file.headers());
    let Some(unit) = columns.units[0].map(|i| file.headers()[i].clone()) else {
        return Ok(None);
    };
    let spec = PivotSpec {
        rows: unit,
        columns: PivotColumns::Time(Bucket::Month, DateColumn::ServicePeriod),
        measure: Measure::Subtotal,
        filters: filters.to_vec(),
        order: RowOrder::Total,
        top: None,
    };
    match pivot(file, &spec, cancel) {
        Ok(made) if made.columns.len() >= 2 => Ok(Some(made)),
        Ok(_) | Err(PivotError::MissingColumn { .. }) => Ok(None),
        Err(PivotError::Job(JobError::Cancelled)) => Err(ExportError::Cancelled),
        Err(PivotError::Job(e)) => Err(ExportError::Read(e.to_string())),
    }
}

/// The Trend sheet: a row per currency, a column per month, and a line chart of them (one
/// axis per chart would mix currencies' scales, so each currency is its own line; they are
/// never added together).
fn trend_sheet(
    workbook: &mut Workbook,
    trend: &Pivot,
    formats: &mut Formats,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name("Trend")?;
    let bold = header_format();
    sheet.write_string_with_format(0, 0, "currency", &bold)?;
    sheet.set_column_width(0, 12)?;
    for (i, month) in trend.columns.iter().enumerate() {
        sheet.write_string_with_format(0, col(i + 1), month, &bold)?;
        sheet.set_column_width(col(i + 1), 16)?;
    }
    let mut row = 0u32;
    for unit in &trend.units {
        row += 1;
        let format = formats.money(&unit.unit, 2);
        sheet.write_string(row, 0, &unit.unit)?;
        for (i, cell) in unit.totals.iter().enumerate() {
            sheet.write_number_with_format(row, col(i + 1), cell.net.as_f64(), format)?;
        }
    }
    let last = col(trend.columns.len());
    let mut chart = Chart::new(ChartType::Line);
    chart.title().set_name("Subtotal per currency by month");
    for r in 1..=row.min(8) {
        chart
            .add_series()
            .set_name(("Trend", r, 0))
            .set_categories(("Trend", 0, 1, 0, last))
            .set_values(("Trend", r, 1, r, last));
    }
    chart.set_width(900).set_height(420);
    sheet.insert_chart(row + 2, 0, &chart)?;
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}

/// The comparison as shown: its lines, then each currency's bridge.
fn compare_sheet(
    workbook: &mut Workbook,
    comparison: &Comparison,
    by: &str,
    measure: Measure,
    formats: &mut Formats,
) -> Result<(), XlsxError> {
    let decimals = measure.decimals();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Compare")?;
    let bold = header_format();
    let percent = Format::new().set_num_format("0.0%");
    let (a, b) = (comparison.a.label.as_str(), comparison.b.label.as_str());
    let header = [by, "currency", a, b, "change", "change %", "status"];
    for (c, name) in header.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), *name, &bold)?;
        sheet.set_column_width(col(c), if c == 0 { 28 } else { 16 })?;
    }
    let mut row = 0u32;
    for unit in &comparison.units {
        let format = formats.money(&unit.unit, decimals);
        for line in unit.lines.iter().filter(|l| l.material) {
            row += 1;
            sheet.write_string(row, 0, &line.key)?;
            sheet.write_string(row, 1, &unit.unit)?;
            sheet.write_number_with_format(row, 2, line.a.net.as_f64(), format)?;
            sheet.write_number_with_format(row, 3, line.b.net.as_f64(), format)?;
            sheet.write_number_with_format(row, 4, line.change.as_f64(), format)?;
            if let Some(pct) = line.change_pct {
                sheet.write_number_with_format(row, 5, pct.as_f64() / 100.0, &percent)?;
            }
            sheet.write_string(row, 6, line.status.word())?;
        }
    }
    row += 2;
    let labels = [a, "+ new", "+ expanded", "- contracted", "- churned", b];
    sheet.write_string_with_format(row, 0, "bridge", &bold)?;
    for (c, label) in labels.iter().enumerate() {
        sheet.write_string_with_format(row, col(c + 1), *label, &bold)?;
    }
    for unit in &comparison.units {
        row += 1;
        let format = formats.money(&unit.unit, decimals);
        let g = unit.bridge;
        sheet.write_string(row, 0, &unit.unit)?;
        for (c, amount) in [g.a, g.new, g.expanded, g.contracted, g.churned, g.b]
            .into_iter()
            .enumerate()
        {
            sheet.write_number_with_format(row, col(c + 1), amount.as_f64(), format)?;
        }
    }
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}

/// What the file is, and the figures to check it by.
fn about_sheet(
    workbook: &mut Workbook,
    file: &CsvFile,
    filters: &[Filter],
    about: &About,
    rows: u64,
    totals: &BTreeMap<String, Sum>,
    formats: &mut Formats,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name("About")?;
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 60)?;
    let bold = header_format();
    let mut row = 0u32;
    let mut pair = |sheet: &mut Worksheet, key: &str, value: &str| -> Result<(), XlsxError> {
        sheet.write_string_with_format(row, 0, key, &bold)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
        Ok(())
    };
    pair(
        sheet,
        "made by",
        &format!("m3ter-bills {}", env!("CARGO_PKG_VERSION")),
    )?;
    pair(
        sheet,
        "written",
        &chrono::Utc::now()
            .format("%Y-%m-%d %H:%M:%S UTC")
            .to_string(),
    )?;
    let name = file
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    pair(sheet, "from the file", &name)?;
    if !filters.is_empty() {
        let headers = file.headers();
        let kept: Vec<String> = filters
            .iter()
            .map(|f| {
                let scope = f
                    .column
                    .and_then(|c| headers.get(c).cloned())
                    .unwrap_or_else(|| "any column".into());
                format!("[{scope} {}]", f.relation())
            })
            .collect();
        pair(sheet, "only the rows kept by", &kept.join(" "))?;
    }
    if let Some(fetched) = &about.fetched {
        pair(sheet, "fetched", fetched)?;
    }
    if let Some(link) = &about.link {
        // The signature is what makes a link work: it stays out of a file that travels.
        let unsigned = link.split('?').next().unwrap_or_default();
        pair(sheet, "link (unsigned)", unsigned)?;
    }
    if let Some(body) = &about.body {
        pair(sheet, "request body", body)?;
    }
    sheet.write_string_with_format(row, 0, "data rows", &bold)?;
    sheet.write_number(row, 1, rows as f64)?;
    row += 2;
    sheet.write_string_with_format(row, 0, "subtotal per currency", &bold)?;
    sheet.write_string_with_format(row, 1, "total", &bold)?;
    sheet.write_string_with_format(row, 2, "lines", &bold)?;
    for (unit, sum) in totals {
        row += 1;
        let format = formats.money(unit, 2);
        sheet.write_string(row, 0, unit)?;
        sheet.write_number_with_format(row, 1, sum.net.as_f64(), format)?;
        sheet.write_number(row, 2, sum.rows as f64)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
                Kind::Number,
                Kind::Money(Some(2)),
                Kind::Number,
                Kind::Money(Some(4)),
                Kind::Number,
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

    #[test]
    fn a_currency_stands_beside_its_amounts_and_nothing_else_gets_in() {
        assert_eq!(
            make_money("USD", 2),
            Format::new().set_num_format("#,##0.00 \"USD\"")
        );
        assert_eq!(
            make_money("\"; evil", 0),
            Format::new().set_num_format("#,##0 \" evil\"")
        );
        assert_eq!(make_money("", 2), Format::new().set_num_format("#,##0.00"));
    }
}
