//! `m3ter-bills pivot FILE`: the pivot of a bill CSV, for people (a table) or programs (CSV,
//! TSV or JSON, amounts written plain).

use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use super::answer;
use super::args::{ConnectionArgs, FormatArg, PivotArgs};
use super::exit::{Code, Failure};
use super::progress::ProgressLine;
use crate::explore::{
    Bucket, CsvFile, DateColumn, Measure, Pivot, PivotColumns, PivotError, PivotSpec, RowOrder,
    pivot_reporting,
};
use crate::export::{About, Extra, delimited, pivot_header, pivot_records};
use crate::m3ter::DownloadProgress;
use crate::printable::sentence;

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
        (None, _) => answer::scratch_folder()?,
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
        PivotError::BeyondRange { .. } => Failure::invalid(sentence(&e.to_string())),
    })?;
    for said in &done.left_out {
        super::out::say(&format!("warning: {said}."));
    }
    let header = pivot_header(&done, &args.rows, spec.measure);
    let text = match answer::format(args.answer.format, args.answer.output.as_ref()) {
        FormatArg::Xlsx => {
            let extra = Extra::Pivot(&done, &args.rows, spec.measure);
            let out = args.answer.output.as_deref();
            let filters = &spec.filters;
            return answer::workbook(
                &file,
                filters,
                extra,
                &About::default(),
                out,
                args.answer.force,
            );
        }
        FormatArg::Table => table(&done, &args.rows, spec.measure),
        FormatArg::Csv => delimited(&header, &pivot_records(&done, spec.measure), b','),
        FormatArg::Tsv => delimited(&header, &pivot_records(&done, spec.measure), b'\t'),
        FormatArg::Json => {
            let items = answer::objects(&header, pivot_records(&done, spec.measure));
            serde_json::to_string_pretty(&items).unwrap_or_default() + "\n"
        }
    };
    answer::deliver(&text, args.answer.output.as_deref(), args.answer.force)
}

/// The pivot asked for; a filter that is not COLUMN=REGEX, or names no column, is refused.
fn spec(args: &PivotArgs, headers: &[String]) -> Result<PivotSpec, Failure> {
    let date = if args.answer.by_bill_date {
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
    let filters = answer::filters(&args.answer.filter, headers)?;
    Ok(PivotSpec {
        rows: args.rows.trim().to_string(),
        columns,
        measure: answer::measure(args.answer.measure),
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
                    .map(|r| r.cells[i].net().format(decimals).len())
                    .chain([label.len(), unit.totals[i].net().format(decimals).len()])
                    .max()
                    .unwrap_or(8)
            })
            .collect();
        let total_width = unit
            .rows
            .iter()
            .map(|r| r.total.net().format(decimals).len())
            .chain([unit.total.net().format(decimals).len(), 5])
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
                row.cells.iter().map(|c| c.net().format(decimals)).collect(),
                row.total.net().format(decimals),
            );
        }
        row_line(
            "total",
            unit.totals
                .iter()
                .map(|c| c.net().format(decimals))
                .collect(),
            unit.total.net().format(decimals),
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
