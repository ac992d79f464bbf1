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
//!
//! The rooms: `lines.rs` streams the Lines sheet, `views.rs` writes the Pivot, Trend and Compare
//! sheets, `about.rs` the About sheet, `formats.rs` the number formats they share.

mod about;
mod error;
mod formats;
mod lines;
mod views;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use rust_xlsxwriter::Workbook;

use crate::explore::{Comparison, CsvFile, Filter, Measure, Pivot};
use formats::Formats;

pub use about::About;
pub use error::ExportError;

/// Whether the start of the file holds a NUL byte, which no text (and no CSV) does.
fn holds_binary(path: &Path) -> Result<bool, std::io::Error> {
    use std::io::Read;
    let mut start = Vec::with_capacity(64 * 1024);
    std::fs::File::open(path)?
        .take(64 * 1024)
        .read_to_end(&mut start)?;
    Ok(start.contains(&0))
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
    /// What the workbook could not hold as the file has it, a sentence each.
    pub said: Vec<String>,
}

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
    let folder = crate::target::check(target, force)?;
    let name = match extra {
        Extra::Pivot(..) => "Pivot",
        Extra::Compare(..) => "Compare",
        Extra::None => "",
    };
    let views = [(name, extra)];
    let views = match extra {
        Extra::None => &views[..0],
        _ => &views[..],
    };
    let (temp, mut written) = stage_workbook(file, filters, views, about, &folder, cancel)?;
    crate::target::persist(temp, target, force)?;
    written.path = target.to_path_buf();
    Ok(written)
}

/// Writes the workbook of `file` with a sheet per view (named as given, each name at most
/// 31 characters and unique) to a temporary file in `folder`, for the caller to put in place:
/// a report puts all its files in place only once every one is written. Without views, a
/// trend sheet charts the subtotal per currency by month when the file has them.
pub fn stage_workbook(
    file: &CsvFile,
    filters: &[Filter],
    views: &[(&str, Extra<'_>)],
    about: &About,
    folder: &Path,
    cancel: &AtomicBool,
) -> Result<(tempfile::NamedTempFile, Written), ExportError> {
    if holds_binary(file.path())? {
        return Err(ExportError::NotText(file.path().to_path_buf()));
    }
    for (_, extra) in views {
        if let Extra::Pivot(pivot, ..) = extra {
            views::pivot_fits(pivot)?;
        }
    }
    let mut workbook = Workbook::new();
    // The sheets' row data goes to temporary files beside the target, not to memory.
    workbook.set_tempdir(folder)?;
    // Compressing is most of the time a workbook takes: level 1 of 9 writes 40,000 bill lines
    // in 0.77 s instead of 1.29 s at level 3 (and more at the default 6), for a file about a
    // third larger (12.2 MB against 8.9 MB), which Excel opens the same.
    workbook.set_zip_compression_level(1);
    let mut formats = Formats::default();
    let lines = lines::lines(&mut workbook, file, filters, &mut formats, cancel)?;
    let mut taken = vec!["Lines".to_string(), "Trend".into(), "About".into()];
    for (name, extra) in views {
        let name = sheet_name(name, &taken);
        taken.push(name.clone());
        match *extra {
            Extra::Pivot(pivot, rows_name, measure) => {
                views::pivot_sheet(
                    &mut workbook,
                    &name,
                    pivot,
                    rows_name,
                    measure,
                    &mut formats,
                )?;
            }
            Extra::Compare(comparison, by, measure) => {
                views::compare_sheet(&mut workbook, &name, comparison, by, measure, &mut formats)?;
            }
            Extra::None => {}
        }
    }
    // With no pivot of its own, the workbook still charts the monthly trend: the subtotal per
    // currency by month of the service period, when the file has them.
    if !views.iter().any(|(_, e)| matches!(e, Extra::Pivot(..)))
        && let Some(trend) = views::monthly_trend(file, filters, cancel)?
    {
        views::trend_sheet(&mut workbook, &trend, &mut formats)?;
    }
    about::about_sheet(&mut workbook, file, filters, about, &lines, &mut formats)?;
    let temp = crate::target::temporary(folder)?;
    workbook.save_to_writer(temp.as_file())?;
    temp.as_file().sync_all()?;
    let bytes = temp.as_file().metadata()?.len();
    let written = Written {
        path: temp.path().to_path_buf(),
        bytes,
        rows: lines.rows,
        said: lines.said(),
    };
    Ok((temp, written))
}

/// A sheet name Excel takes, unlike those `taken`: at most 31 characters, none of `[]:*?/\`,
/// not empty; `name (2)` when it is taken.
fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let clean = clean.trim().trim_matches('\'');
    let base: String = match clean.is_empty() {
        true => "View".to_string(),
        false => clean.chars().take(31).collect(),
    };
    let free = |n: &str| !taken.iter().any(|t| t.eq_ignore_ascii_case(n));
    if free(&base) {
        return base;
    }
    (2..)
        .map(|i| {
            let tail = format!(" ({i})");
            let head: String = base.chars().take(31 - tail.chars().count()).collect();
            format!("{head}{tail}")
        })
        .find(|n| free(n))
        .unwrap_or(base)
}
