//! Where a fetched answer goes and what is noted of it, for every command that fetches
//! (`query`, `query --split`, `pivot` and `compare` with query flags): the target of
//! `--download`, a workbook made from the CSV fetched, and the history entry of a submit.

use std::path::Path;

use chrono::Utc;

use super::exit::{Code, Failure};
use super::out::say;
use crate::config::{Entry, Outcome};
use crate::printable::printable;
use crate::query::BillQuery;

/// Records a submit in the history, failed ones too; a history that cannot be written is worth
/// a warning, not a failed query.
pub(super) fn remember(
    history: &crate::config::History,
    connection: &super::connection::Connection,
    query: &BillQuery,
    outcome: Outcome,
    (preset, saved): (Option<String>, Option<String>),
) -> Entry {
    let body = serde_json::to_value(query).unwrap_or_default();
    let entry =
        Entry::new(Utc::now(), connection.profile.clone(), body, outcome).with_names(preset, saved);
    if let Err(e) = history.append(&entry) {
        say(&format!(
            "warning: the history ({}) could not be written: {}.",
            printable(&history.path().display().to_string()),
            printable(&e.to_string())
        ));
    }
    entry
}

/// Where `--download` puts the file.
#[derive(Clone, Copy)]
pub(super) enum Target<'a> {
    File(&'a Path),
    /// `--download -`.
    Stdout,
}

/// Writes the bill CSV at `csv` as a workbook at `target` (all or nothing), with what the
/// query was; gives its size.
pub(super) async fn workbook_of(
    csv: std::path::PathBuf,
    query: &BillQuery,
    link: Option<String>,
    target: &Path,
    force: bool,
) -> Result<u64, Failure> {
    let about = crate::export::About {
        body: Some(query.to_json_pretty()),
        link,
        fetched: Some(Utc::now().format("%Y-%m-%d %H:%M:%S UTC").to_string()),
    };
    let target = target.to_path_buf();
    let written = tokio::task::spawn_blocking(move || {
        let file = crate::explore::CsvFile::open(&csv).map_err(|e| e.to_string())?;
        crate::export::write_workbook(
            &file,
            &[],
            crate::export::Extra::None,
            &about,
            &target,
            force,
            &std::sync::atomic::AtomicBool::new(false),
        )
        .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| Failure::new(Code::Failed, e.to_string()))?
    .map_err(|e| {
        Failure::new(
            Code::Failed,
            format!(
                "{} No workbook was written.",
                crate::printable::sentence(&e)
            ),
        )
    })?;
    Ok(written.bytes)
}

/// Whether `--download` names a workbook (`.xlsx`), written from the CSV fetched.
pub(super) fn is_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}
