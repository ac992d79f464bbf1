//! What the commands that answer from a bill file (`pivot`, `compare`) share: reading their
//! filters, choosing the format, writing records as CSV, TSV or JSON, and delivering the text
//! to standard output or all or nothing to a file.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::args::{AnswerFlags, FormatArg, MeasureArg};
use super::exit::{Code, Failure};
use std::sync::atomic::AtomicBool;

use crate::explore::{CsvFile, Filter, Measure, Provenance, find_column};
use crate::export::{About, ExportError, Extra, write_delimited, write_objects, write_workbook};
use crate::printable::{as_typed, printable};

/// The filters given as COLUMN=REGEX; one that is not, or names no column, is refused.
pub fn filters(texts: &[String], headers: &[String]) -> Result<Vec<Filter>, Failure> {
    let mut filters = Vec::new();
    for text in texts {
        let Some((name, pattern)) = text.split_once('=') else {
            return Err(Failure::invalid(format!(
                "--filter {} is not COLUMN=REGEX.",
                printable(text)
            )));
        };
        let column = find_column(headers, &[name.trim()]).ok_or_else(|| {
            Failure::invalid(format!(
                "--filter names {}, which is not a column of this file; it has: {}.",
                printable(name.trim()),
                printable(&headers.join(", "))
            ))
        })?;
        filters.push(Filter::new(pattern, Some(column)));
    }
    Ok(filters)
}

pub fn measure(arg: MeasureArg) -> Measure {
    match arg {
        MeasureArg::Subtotal => Measure::Subtotal,
        MeasureArg::Converted => Measure::Converted,
        MeasureArg::Quantity => Measure::Quantity,
    }
}

/// The format asked for, else the one the output file's name ends in (`.xlsx`, `.tsv`,
/// `.json`, `.csv`), else a table for a person at a terminal and CSV for a program.
pub fn format(asked: Option<FormatArg>, output: Option<&PathBuf>) -> FormatArg {
    let named = output
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .and_then(|e| match e.to_ascii_lowercase().as_str() {
            "xlsx" => Some(FormatArg::Xlsx),
            "tsv" => Some(FormatArg::Tsv),
            "json" => Some(FormatArg::Json),
            "csv" => Some(FormatArg::Csv),
            _ => None,
        });
    asked
        .or(named)
        .unwrap_or(if output.is_none() && std::io::stdout().is_terminal() {
            FormatArg::Table
        } else {
            FormatArg::Csv
        })
}

/// Each record as an object of the header's fields; amounts stay strings, so they stay exact.
pub fn objects(header: &[String], records: Vec<Vec<String>>) -> serde_json::Value {
    serde_json::Value::Array(
        records
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
            .collect(),
    )
}

/// The CSV file at `path` to answer from, its repeated column names said on stderr.
pub fn open(path: &Path) -> Result<CsvFile, Failure> {
    // The message starts with the path as it was typed: never re-cased.
    let file = CsvFile::open(path).map_err(|e| Failure::invalid(as_typed(&e.to_string())))?;
    for said in file.repeated_columns() {
        super::out::say(&format!("warning: {}.", printable(&said)));
    }
    Ok(file)
}

/// Writes a form of an answer.
type Writes<'a> = &'a dyn Fn(&mut dyn Write) -> std::io::Result<()>;

/// An answer made from a bill file, ready to be written in any format.
pub struct Answer<'a, I> {
    pub header: &'a [String],
    /// Its records, for CSV and TSV, and for JSON as objects of the header's fields.
    pub records: &'a dyn Fn() -> I,
    /// The answer for a person at a terminal.
    pub table: Writes<'a>,
    /// JSON other than the records as objects, where the answer has more to say.
    pub json: Option<Writes<'a>>,
    /// For a workbook: the file answered from, the filters that chose its lines, and the
    /// answer's own sheet.
    pub workbook: (&'a CsvFile, &'a [Filter], Extra<'a>),
}

/// The one way an answer is written: in `format`, to standard output as it comes or to the
/// `-o` file all or nothing (an answer of a million lines is never held whole).
pub fn write<I: Iterator<Item = Vec<S>>, S: AsRef<str>>(
    format: FormatArg,
    answer: Answer<'_, I>,
    flags: &AnswerFlags,
) -> Result<(), Failure> {
    let (output, force) = (flags.output.as_deref(), flags.force);
    let header = answer.header;
    let write = |out: &mut dyn Write| match format {
        FormatArg::Csv => write_delimited(out, header, (answer.records)(), b','),
        FormatArg::Tsv => write_delimited(out, header, (answer.records)(), b'\t'),
        FormatArg::Json => match answer.json {
            Some(json) => json(out),
            None => write_objects(out, header, (answer.records)()),
        },
        FormatArg::Table | FormatArg::Xlsx => (answer.table)(out),
    };
    if format == FormatArg::Xlsx {
        let (file, filters, extra) = answer.workbook;
        return workbook(file, filters, extra, &About::default(), output, force);
    }
    match output {
        Some(path) => write_whole(path, write, force),
        None => super::out::print_with(write),
    }
}

/// Writes to `path` all or nothing: a temporary file beside it, renamed when whole.
fn write_whole(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    force: bool,
) -> Result<(), Failure> {
    let shown = printable(&path.display().to_string());
    let folder = crate::target::check(path, force)?;
    let failed = |e: std::io::Error| {
        Failure::new(
            Code::Failed,
            format!("{shown} could not be written: {e}; nothing was written."),
        )
    };
    let mut temp = crate::target::temporary(&folder).map_err(failed)?;
    let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
    write(&mut buffered)
        .and_then(|()| buffered.flush())
        .map_err(failed)?;
    drop(buffered);
    temp.as_file().sync_all().map_err(failed)?;
    // Checked above, but a file may appear meanwhile: it is replaced only when asked.
    crate::target::persist(temp, path, force).map_err(|e| match e {
        crate::target::PersistError::Target(problem) => Failure::from(problem),
        crate::target::PersistError::Io(e) => failed(e),
    })?;
    super::out::say(&format!("Wrote {shown}."));
    Ok(())
}

/// The workbook of `file` with `extra` beside its lines, to `output` (which `--format xlsx`
/// needs: a workbook is no text for a terminal).
pub fn workbook(
    file: &CsvFile,
    filters: &[Filter],
    extra: Extra<'_>,
    about: &About,
    output: Option<&Path>,
    force: bool,
) -> Result<(), Failure> {
    let Some(path) = output else {
        return Err(Failure::invalid(
            "--format xlsx writes a workbook: give it a file with -o FILE.xlsx.",
        ));
    };
    let shown = printable(&path.display().to_string());
    let written = write_workbook(
        file,
        filters,
        extra,
        about,
        path,
        force,
        &AtomicBool::new(false),
    )
    .map_err(|e| match e {
        ExportError::Exists(_) => {
            Failure::invalid(format!("{shown} exists; add --force to replace it."))
        }
        ExportError::Target(problem) => Failure::from(problem),
        ExportError::NotText(_) | ExportError::TooLarge(_) => Failure::invalid(format!(
            "{}; no workbook was written.",
            printable(&e.to_string())
        )),
        // What the spreadsheet library refuses is the data's doing, not the disk's or the
        // network's: the rest of its errors are writing ones.
        ExportError::Workbook(ref x) if !matches!(x, rust_xlsxwriter::XlsxError::IoError(_)) => {
            Failure::invalid(format!(
                "{shown} could not be made: {}; nothing was written.",
                printable(&e.to_string())
            ))
        }
        other => Failure::new(
            Code::Failed,
            format!(
                "{shown} could not be written: {}; nothing was written.",
                printable(&other.to_string())
            ),
        ),
    })?;
    for said in &written.said {
        super::out::say(&format!("warning: {said}."));
    }
    super::out::say(&format!(
        "Wrote {shown} ({}, {} lines).",
        crate::units::bytes(written.bytes),
        written.rows
    ));
    Ok(())
}

/// A folder for files fetched only to answer from, removed when dropped.
/// What is known of the file at `path` besides its lines: the range of the query that
/// fetched it, when the history (the demo's or the real one) remembers it, and today.
pub fn provenance(path: &Path, connection: &super::args::ConnectionArgs) -> Provenance {
    let setup = super::connection::Setup::load(connection);
    Provenance {
        requested: [true, false]
            .into_iter()
            .find_map(|demo| setup.history(demo).requested_days(path)),
        today: Some(chrono::Utc::now().date_naive()),
    }
}

/// Coverage of periods fetched just now, each exactly: the span from the first to the last,
/// and today.
pub fn fetched(periods: &[&crate::explore::Period]) -> Provenance {
    let bounds = periods.iter().map(|p| p.bounds());
    Provenance {
        requested: bounds
            .clone()
            .map(|b| b.0)
            .min()
            .zip(bounds.map(|b| b.1).max()),
        today: Some(chrono::Utc::now().date_naive()),
    }
}

pub fn scratch_folder() -> Result<tempfile::TempDir, Failure> {
    crate::fetch::scratch_folder().map_err(scratch_failure)
}

/// No temporary folder could be made for a file fetched only to be read or turned into
/// another.
pub fn scratch_failure(e: std::io::Error) -> Failure {
    Failure::new(
        Code::Failed,
        format!("A temporary folder for the file could not be made: {e}."),
    )
}
