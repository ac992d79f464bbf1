//! A fetched CSV written as a workbook, with what the query was.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::Utc;

use crate::explore::{CsvFile, OpenError};
use crate::export::{About, ExportError, Extra, write_workbook};
use crate::query::BillQuery;

/// SplitWhy no workbook was written.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    #[error("{0}")]
    Open(#[from] OpenError),
    #[error("{0}")]
    Export(#[from] ExportError),
    /// The work on another thread ended without an answer (a bug).
    #[error("{0}")]
    Task(String),
}

/// Writes the bill CSV at `csv` as a workbook at `target` (all or nothing), with the query's
/// body, its link and when it was fetched; gives its size.
pub(super) async fn workbook_of(
    csv: PathBuf,
    query: &BillQuery,
    link: Option<String>,
    target: &Path,
    overwrite: bool,
) -> Result<u64, WorkbookError> {
    let about = About {
        body: Some(query.to_json_pretty()),
        link,
        fetched: Some(Utc::now().format("%Y-%m-%d %H:%M:%S UTC").to_string()),
        notes: Vec::new(),
    };
    let target = target.to_path_buf();
    let written = tokio::task::spawn_blocking(move || {
        let file = CsvFile::open(&csv)?;
        let stop = AtomicBool::new(false);
        let written = write_workbook(&file, &[], Extra::None, &about, &target, overwrite, &stop)?;
        Ok::<_, WorkbookError>(written)
    })
    .await
    .map_err(|e| WorkbookError::Task(e.to_string()))??;
    Ok(written.bytes)
}
