//! `m3ter-bills pivot FILE`: the pivot of a bill CSV, for people (a table) or programs (CSV,
//! TSV or JSON, amounts written plain).

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::AtomicBool;

use super::answer::{self, Answer};
use super::args::{ConnectionArgs, PivotArgs};
use super::exit::{Code, Failure};
use super::progress::ProgressLine;
use crate::explore::{
    Bucket, DateColumn, Measure, Pivot, PivotColumns, PivotError, PivotRow, PivotSpec, Provenance,
    RowOrder, pivot_reporting,
};
use crate::export::{Extra, pivot_header, pivot_records};
use crate::m3ter::DownloadProgress;
use crate::printable::{cut, sentence};

/// Pivots the file given, or the one the query flags fetch first (into a temporary folder,
/// removed afterwards: `query --download` keeps a file).
pub async fn run(args: &PivotArgs, demo: bool, connection: &ConnectionArgs) -> Result<(), Failure> {
    // Before any work: an answer that cannot be written is not worth a pass or a fetch.
    if let Some(out) = &args.answer.output {
        crate::target::check(out, args.answer.force)?;
    }
    order(args)?;
    let demo = demo || args.query.demo;
    let fetched = match (&args.file, args.query.asks()) {
        (Some(_), true) => {
            return Err(Failure::invalid(
                "Give either a CSV file or query flags to fetch one, not both.",
            ));
        }
        (Some(path), false) => return answer(args, path, connection),
        (None, false) if !demo => {
            return Err(Failure::invalid(
                "Give the CSV file to pivot, or query flags to fetch it first (--demo --preset last-12-months --type all).",
            ));
        }
        (None, _) => answer::scratch_folder()?,
    };
    let path = fetched.path().join("bills.csv");
    super::query::fetch_for(&args.query, demo, connection, &path).await?;
    answer(args, &path, connection)
}

/// The pivot of the CSV at `path`, written as asked.
fn answer(args: &PivotArgs, path: &Path, connection: &ConnectionArgs) -> Result<(), Failure> {
    let file = answer::open(path)?;
    let mut spec = spec(args, file.headers())?;
    spec.provenance = answer::provenance(path, connection);
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
        PivotError::BeyondRange { .. } | PivotError::Levels(_) => {
            Failure::invalid(sentence(&e.to_string()))
        }
    })?;
    for said in done.warnings() {
        super::out::say(&format!("warning: {said}."));
    }
    for gap in &done.gaps {
        super::out::say(&format!("note: {gap}."));
    }
    for (u, unit) in done.units.iter().enumerate() {
        if let Some((count, share)) = done.concentration(u) {
            super::out::say(&format!(
                "note: {}: the top {count} are {} % of the net.",
                unit.unit,
                share.format(1)
            ));
        }
    }
    let format = answer::format(args.answer.format, args.answer.output.as_ref());
    let written = answer::write(
        format,
        Answer {
            header: &pivot_header(&done, &args.rows, spec.measure),
            records: &|| pivot_records(&done, spec.measure),
            table: &|out| table(out, &done, &args.rows, spec.measure),
            json: None,
            workbook: (
                &file,
                &spec.filters,
                Extra::Pivot(&done, &args.rows, spec.measure),
            ),
        },
        &args.answer,
    );
    // Freeing a pivot of a million rows one by one is a tenth of the run, and the command
    // ends next: the system takes the memory back whole.
    std::mem::forget(done);
    written
}

/// The order `--sort` asks for; the largest total first when not given.
fn order(args: &PivotArgs) -> Result<RowOrder, Failure> {
    match args.sort.as_deref() {
        None => Ok(RowOrder::default()),
        Some(word) => RowOrder::named(word).ok_or_else(|| {
            Failure::invalid(format!(
                "--sort {} is not a pivot's order; write one of {}.",
                crate::printable::printable(word.trim()),
                RowOrder::ALL.map(RowOrder::word).join(", ")
            ))
        }),
    }
}

/// The pivot asked for; a filter that is not COLUMN=REGEX, or names no column, is refused.
fn spec(args: &PivotArgs, headers: &[String]) -> Result<PivotSpec, Failure> {
    let date = if args.answer.by_bill_date {
        DateColumn::BillDate
    } else {
        DateColumn::ServicePeriod
    };
    let columns = match Bucket::named(&args.cols) {
        Some(bucket) => PivotColumns::Time(bucket, date),
        None => PivotColumns::Values(args.cols.trim().to_string()),
    };
    let filters = answer::filters(&args.answer.filter, headers)?;
    Ok(PivotSpec {
        rows: args.rows.trim().to_string(),
        columns,
        measure: answer::measure(args.answer.measure),
        filters,
        order: order(args)?,
        top: args.top,
        min_credit_share: args
            .credit_share_above
            .as_deref()
            .map(|p| {
                crate::explore::Amount::parse(p.trim().as_bytes()).ok_or_else(|| {
                    Failure::invalid(format!(
                        "--credit-share-above {} is not a number of percent (write 10 or 2.5).",
                        crate::printable::printable(p)
                    ))
                })
            })
            .transpose()?,
        provenance: Provenance::default(),
    })
}

/// The pivot for people: a section per currency, amounts with separators, totals; written a
/// section at a time.
fn table(out: &mut dyn Write, p: &Pivot, rows: &str, measure: Measure) -> std::io::Result<()> {
    let decimals = measure.decimals();
    // With levels, a line shows its own level's key, indented under its group.
    let levels = p.levels.len();
    let label = |r: &PivotRow| -> String {
        if levels > 1 {
            format!("{}{}", "  ".repeat(r.depth(levels) - 1), r.own_key())
        } else {
            r.key().into_owned()
        }
    };
    let longest = p
        .units
        .iter()
        .flat_map(|u| u.rows.iter().map(|r| label(r).chars().count()))
        .max()
        .unwrap_or(0);
    let name_width = longest.max(rows.chars().count()).clamp("total".len(), 32);
    let labels: Vec<String> = (0..p.columns.len()).map(|i| p.column_label(i)).collect();
    for unit in &p.units {
        let lines = || {
            unit.rows
                .iter()
                .map(|r| (label(r), &r.cells, r.total()))
                .chain([("total".into(), &unit.totals, unit.total)])
        };
        // A column is as wide as its label or its widest amount: an empty cell (0.00) is
        // never the widest.
        let mut widths: Vec<usize> = labels.iter().map(|l| l.chars().count().max(4)).collect();
        let mut total_width = "total".len();
        for (_, cells, total) in lines() {
            for (i, cell) in cells.filled() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.net().format(decimals).len());
                }
            }
            total_width = total_width.max(total.net().format(decimals).len());
        }
        writeln!(out, "{} ({})", unit.unit, measure.label())?;
        let mut line = format!("{:name_width$}", cut(rows, name_width));
        for (label, w) in labels.iter().zip(&widths) {
            line.push_str(&format!("  {label:>w$}"));
        }
        writeln!(out, "{line}  {:>total_width$}", "total")?;
        for (key, cells, total) in lines() {
            let mut line = format!("{:name_width$}", cut(&key, name_width));
            for (cell, w) in cells.dense(labels.len()).zip(&widths) {
                line.push_str(&format!("  {:>w$}", cell.net().format(decimals)));
            }
            writeln!(
                out,
                "{line}  {:>total_width$}",
                total.net().format(decimals)
            )?;
        }
        writeln!(out)?;
    }
    if p.units.is_empty() {
        writeln!(out, "No rows to pivot.")?;
    }
    Ok(())
}
