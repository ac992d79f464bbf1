//! Saving what is on screen, off the screen's thread: a workbook, the table's rows in view, or
//! a view already written as text.

use std::sync::atomic::AtomicBool;

use crate::export::{
    About, Extra, Written, compare_header, compare_records, delimited, pivot_header, pivot_records,
    write_rows, write_text, write_workbook,
};
use crate::tui::dialogs::export::{ExportJob, Format, View};

/// Writes `job`'s file, or says why it could not.
pub fn save(job: &ExportJob) -> Result<Written, String> {
    let never = AtomicBool::new(false);
    let delimiter = match job.format {
        Format::Csv => b',',
        Format::Tsv => b'\t',
        Format::Xlsx => {
            let extra = match &job.view {
                View::Rows | View::Totals(_) => Extra::None,
                View::Pivot(pivot, rows, measure) => Extra::Pivot(pivot, rows, *measure),
                View::Compare(comparison, by, measure) => Extra::Compare(comparison, by, *measure),
            };
            let about = About::default();
            return write_workbook(
                &job.file,
                &job.filters,
                extra,
                &about,
                &job.path,
                false,
                &never,
            )
            .map_err(|e| e.to_string());
        }
    };
    let text = |header: Vec<String>, records: Vec<Vec<String>>| {
        let rows = records.len() as u64;
        write_text(&delimited(&header, &records, delimiter), rows, &job.path)
    };
    match &job.view {
        View::Rows => write_rows(&job.file, &job.filters, delimiter, &job.path, &never),
        View::Totals(tsv) => {
            // Made as TSV on the screen; read back as records for the delimiter asked for.
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(b'\t')
                .from_reader(tsv.as_bytes());
            let header = reader
                .headers()
                .map(|h| h.iter().map(String::from).collect())
                .unwrap_or_default();
            let records = reader
                .records()
                .filter_map(Result::ok)
                .map(|r| r.iter().map(String::from).collect())
                .collect();
            text(header, records)
        }
        View::Pivot(pivot, rows, measure) => text(
            pivot_header(pivot, rows, *measure),
            pivot_records(pivot, *measure)
                .map(|r| r.into_iter().map(|c| c.into_owned()).collect())
                .collect(),
        ),
        View::Compare(comparison, by, measure) => text(
            compare_header(comparison, by, *measure),
            compare_records(comparison, *measure),
        ),
    }
    .map_err(|e| e.to_string())
}
