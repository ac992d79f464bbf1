//! `m3ter-bills pivot FILE`: the pivot of a bill CSV, for people (a table) or programs (CSV,
//! TSV or JSON, amounts written plain).

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::AtomicBool;

use super::args::{ConnectionArgs, FormatArg, MeasureArg, PivotArgs};
use super::exit::{Code, Failure};
use super::out::print;
use super::progress::ProgressLine;
use crate::explore::{
    Bucket, CsvFile, DateColumn, Filter, Measure, Pivot, PivotColumns, PivotError, PivotSpec,
    RowOrder, pivot_reporting,
};
use crate::m3ter::DownloadProgress;
use crate::printable::{printable, sentence};

/// Pivots the file given, or the one the query flags fetch first (into a temporary folder,
/// removed afterwards: `query --download` keeps a file).
pub async fn run(args: &PivotArgs, demo: bool, connection: &ConnectionArgs) -> Result<(), Failure> {
    let demo = demo || args.query.demo;
    let fetched = match (&args.file, args.query.asks()) {
        (Some(_), true) => {
            return Err(Failure::invalid(
                "Give either a CSV file or query flags to fetch one, not both.",
            ));
        }
        (Some(path), false) => return answer(args, path),
        (None, false) if !demo => {
            return Err(Failure::invalid(
                "Give the CSV file to pivot, or query flags to fetch it first (--demo --preset last-12-months --type all).",
            ));
        }
        (None, _) => tempfile::Builder::new()
            .prefix("m3ter-bills-")
            .tempdir()
            .map_err(|e| {
                Failure::new(
                    Code::Failed,
                    format!("A temporary folder for the file could not be made: {e}."),
                )
            })?,
    };
    let path = fetched.path().join("bills.csv");
    super::query::fetch_for(&args.query, demo, connection, &path).await?;
    answer(args, &path)
}

/// The pivot of the CSV at `path`, written as asked.
fn answer(args: &PivotArgs, path: &Path) -> Result<(), Failure> {
    let file = CsvFile::open(path).map_err(|e| Failure::invalid(e.to_string()))?;
    let spec = spec(args, file.headers())?;
    let mut line = ProgressLine::reading(std::io::stderr().is_terminal());
    let total = file.size();
    let mut progress = |bytes| {
        line.update(DownloadProgress {
            bytes,
            total: Some(total),
        })
    };
    let made = pivot_reporting(&file, &spec, &AtomicBool::new(false), &mut progress);
    line.finish();
    let done = made.map_err(|e| match e {
        PivotError::MissingColumn { .. } => Failure::invalid(sentence(&e.to_string())),
        PivotError::Job(job) => Failure::new(Code::Failed, format!("The pivot {job}.")),
    })?;
    let format = args.format.unwrap_or(
        if args.output.is_none() && std::io::stdout().is_terminal() {
            FormatArg::Table
        } else {
            FormatArg::Csv
        },
    );
    let text = match format {
        FormatArg::Table => table(&done, &args.rows, spec.measure),
        FormatArg::Csv => delimited(&done, &args.rows, spec.measure, b','),
        FormatArg::Tsv => delimited(&done, &args.rows, spec.measure, b'\t'),
        FormatArg::Json => json(&done, &args.rows, spec.measure),
    };
    if done.skipped > 0 {
        super::out::say(&format!(
            "warning: {} rows were left out: no date to bucket, or no number to add.",
            done.skipped
        ));
    }
    match &args.output {
        Some(path) => write_whole(path, &text, args.force),
        None => print(&text),
    }
}

/// The pivot asked for; a filter that is not COLUMN=REGEX, or names no column, is refused.
fn spec(args: &PivotArgs, headers: &[String]) -> Result<PivotSpec, Failure> {
    let date = if args.by_bill_date {
        DateColumn::BillDate
    } else {
        DateColumn::ServicePeriod
    };
    let columns = match args.cols.trim().to_ascii_lowercase().as_str() {
        "month" => PivotColumns::Time(Bucket::Month, date),
        "quarter" => PivotColumns::Time(Bucket::Quarter, date),
        "year" => PivotColumns::Time(Bucket::Year, date),
        _ => PivotColumns::Values(args.cols.trim().to_string()),
    };
    let mut filters = Vec::new();
    for text in &args.filter {
        let Some((name, pattern)) = text.split_once('=') else {
            return Err(Failure::invalid(format!(
                "--filter {} is not COLUMN=REGEX.",
                printable(text)
            )));
        };
        let column = crate::explore::find_column(headers, &[name.trim()]).ok_or_else(|| {
            Failure::invalid(format!(
                "--filter names {}, which is not a column of this file; it has: {}.",
                printable(name.trim()),
                printable(&headers.join(", "))
            ))
        })?;
        filters.push(Filter::new(pattern, Some(column)));
    }
    Ok(PivotSpec {
        rows: args.rows.trim().to_string(),
        columns,
        measure: match args.measure {
            MeasureArg::Subtotal => Measure::Subtotal,
            MeasureArg::Converted => Measure::Converted,
            MeasureArg::Quantity => Measure::Quantity,
        },
        filters,
        order: RowOrder::Total,
        top: args.top,
    })
}

/// The pivot for people: a section per currency, amounts with separators, totals.
fn table(p: &Pivot, rows: &str, measure: Measure) -> String {
    let decimals = measure.decimals();
    let name_width = p
        .longest_key()
        .max(rows.chars().count())
        .clamp("total".len(), 32);
    let mut out = String::new();
    for unit in &p.units {
        let widths: Vec<usize> = p
            .columns
            .iter()
            .enumerate()
            .map(|(i, label)| {
                unit.rows
                    .iter()
                    .map(|r| r.cells[i].net.format(decimals).len())
                    .chain([label.len(), unit.totals[i].net.format(decimals).len()])
                    .max()
                    .unwrap_or(8)
            })
            .collect();
        let total_width = unit
            .rows
            .iter()
            .map(|r| r.total.net.format(decimals).len())
            .chain([unit.total.net.format(decimals).len(), 5])
            .max()
            .unwrap_or(8);
        out.push_str(&format!("{} ({})\n", unit.unit, measure.label()));
        let mut line = format!("{:name_width$}", cut(rows, name_width));
        for (label, w) in p.columns.iter().zip(&widths) {
            line.push_str(&format!("  {label:>w$}"));
        }
        line.push_str(&format!("  {:>total_width$}\n", "total"));
        out.push_str(&line);
        let mut row_line = |key: &str, cells: Vec<String>, total: String| {
            let mut line = format!("{:name_width$}", cut(key, name_width));
            for (cell, w) in cells.iter().zip(&widths) {
                line.push_str(&format!("  {cell:>w$}"));
            }
            line.push_str(&format!("  {total:>total_width$}\n"));
            out.push_str(&line);
        };
        for row in &unit.rows {
            row_line(
                &row.key,
                row.cells.iter().map(|c| c.net.format(decimals)).collect(),
                row.total.net.format(decimals),
            );
        }
        row_line(
            "total",
            unit.totals.iter().map(|c| c.net.format(decimals)).collect(),
            unit.total.net.format(decimals),
        );
        out.push('\n');
    }
    if p.units.is_empty() {
        out.push_str("No rows to pivot.\n");
    }
    out
}

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() > width {
        text.chars()
            .take(width.saturating_sub(1))
            .collect::<String>()
            + "…"
    } else {
        text.to_string()
    }
}

/// The header of the output for programs: the row column as given, `currency`, a column per
/// bucket, `total`.
fn header(p: &Pivot, rows: &str, measure: Measure) -> Vec<String> {
    let unit = match measure {
        Measure::Quantity => "unit",
        Measure::Subtotal | Measure::Converted => "currency",
    };
    let mut header = vec![rows.to_string(), unit.to_string()];
    header.extend(p.columns.iter().cloned());
    header.push("total".to_string());
    header
}

/// One record per row key and currency, amounts plain.
fn records(p: &Pivot, measure: Measure) -> Vec<Vec<String>> {
    let decimals = measure.decimals();
    let mut out = Vec::new();
    for unit in &p.units {
        for row in &unit.rows {
            let mut record = vec![row.key.clone(), unit.unit.clone()];
            record.extend(row.cells.iter().map(|c| c.net.plain(decimals)));
            record.push(row.total.net.plain(decimals));
            out.push(record);
        }
    }
    out
}

fn delimited(p: &Pivot, rows: &str, measure: Measure, delimiter: u8) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(header(p, rows, measure));
    for record in records(p, measure) {
        let _ = writer.write_record(record);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// An array of objects with the CSV's fields; amounts are strings, so they stay exact.
fn json(p: &Pivot, rows: &str, measure: Measure) -> String {
    let header = header(p, rows, measure);
    let items: Vec<serde_json::Value> = records(p, measure)
        .into_iter()
        .map(|record| {
            serde_json::Value::Object(
                header
                    .iter()
                    .cloned()
                    .zip(record.into_iter().map(serde_json::Value::String))
                    .collect(),
            )
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_default() + "\n"
}

/// Writes `text` to `path` all or nothing: a temporary file beside it, renamed when whole.
fn write_whole(path: &Path, text: &str, force: bool) -> Result<(), Failure> {
    let shown = printable(&path.display().to_string());
    if path.exists() && !force {
        return Err(Failure::invalid(format!(
            "{shown} exists; add --force to replace it."
        )));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let failed = |e: std::io::Error| {
        Failure::new(
            Code::Failed,
            format!("{shown} could not be written: {e}; nothing was written."),
        )
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".m3ter-bills-")
        .tempfile_in(folder)
        .map_err(failed)?;
    temp.write_all(text.as_bytes()).map_err(failed)?;
    temp.as_file().sync_all().map_err(failed)?;
    temp.persist(path).map_err(|e| failed(e.error))?;
    super::out::say(&format!("Wrote {shown}."));
    Ok(())
}
