//! Fetching the query's range complete, for an answer cut at the limit: a month at a time and
//! smaller where still cut, through the screen's client (one token, its requests paced), the
//! pieces kept as they come, then merged into the file asked for.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::Utc;

use super::library::record;
use crate::config::{History, Outcome};
use crate::m3ter::{Client, DownloadError};
use crate::query::{BillQuery, SplitMode, piece_label};
use crate::split::{
    ClientSource, MergeError, News, PieceStore, Plan, fetch_pieces, merge_to_file, store_key,
};
use crate::target::TargetProblem;
use crate::tui::msg::{Completed, Incomplete};

/// What a complete fetch needs.
pub struct Job {
    pub client: Client,
    pub query: BillQuery,
    pub path: PathBuf,
    pub overwrite: bool,
    pub resume: bool,
    pub profile: Option<String>,
    /// The folder the pieces are kept in.
    pub pieces: PathBuf,
    pub history: Option<History>,
}

/// Sets its flag when dropped: a cancelled fetch (its task aborted) tells the merge running
/// on another thread to write nothing.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Runs the fetch, telling `news` how it goes.
pub async fn run(job: Job, mut news: impl FnMut(News) + Send) -> Result<Completed, Incomplete> {
    let failed = |message: String, kept: usize| Incomplete::Failed { message, kept };
    // Before any request: a file that cannot be written is not worth a year of requests.
    match crate::target::check(&job.path, job.overwrite) {
        Ok(_) => {}
        Err(TargetProblem::Exists(path)) => {
            return Err(Incomplete::Exists { path, kept: 0 });
        }
        Err(problem) => {
            let why = DownloadError::from(problem).to_string();
            return Err(failed(crate::printable::as_typed(&why), 0));
        }
    }
    let plan = Plan::after_cut(&job.query);
    let settings = job.client.settings();
    let key = store_key(
        settings.base_url.as_str(),
        &settings.org_id,
        &plan.query,
        SplitMode::Auto,
    );
    let (mut store, resumed) = PieceStore::open(&job.pieces, &key, job.resume, Utc::now())
        .map_err(|e| {
            failed(
                format!(
                    "The folder for the pieces, {}, could not be used: {e}.",
                    job.pieces.display()
                ),
                0,
            )
        })?;
    let mut source = ClientSource {
        client: &job.client,
    };
    let fetched = fetch_pieces(&mut source, &plan, &mut store, &mut news).await;
    let pieces = match fetched {
        Ok(pieces) => pieces,
        Err(e) => {
            remember(&job, Outcome::Error(e.to_string())).await;
            return Err(failed(crate::printable::sentence(&e.to_string()), e.kept()));
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    let _guard = StopOnDrop(stop.clone());
    let (files, path, overwrite) = (pieces.files.clone(), job.path.clone(), job.overwrite);
    let merged =
        tokio::task::spawn_blocking(move || merge_to_file(&files, &path, overwrite, &stop))
            .await
            .map_err(|e| failed(e.to_string(), store.kept()))?;
    if let Err(e) = &merged {
        let why = format!("the pieces could not be merged: {e}");
        remember(&job, Outcome::Error(why)).await;
    }
    let merged = match merged {
        Ok(merged) => merged,
        Err(MergeError::Target(DownloadError::Exists(path))) => {
            return Err(Incomplete::Exists {
                path,
                kept: store.kept(),
            });
        }
        Err(e) => {
            return Err(failed(
                format!("The pieces could not be merged: {e}; no file was written."),
                store.kept(),
            ));
        }
    };
    // Merged: the pieces are no longer needed (a folder that cannot be removed goes after a
    // day).
    let _ = store.finish();
    let path = std::path::absolute(&job.path).unwrap_or(job.path.clone());
    if let Some(entry) = remember(&job, Outcome::Pieces(pieces.requests)).await
        && let Some(history) = &job.history
    {
        let _ = history.record_fetch(&entry, &path);
    }
    Ok(Completed {
        path,
        bytes: merged.bytes,
        rows: merged.rows,
        pieces: pieces.files.len(),
        requests: pieces.requests,
        reused: pieces.reused,
        duplicates: merged.duplicates,
        still_cut: pieces.still_cut.iter().map(|r| piece_label(*r)).collect(),
        cache: resumed.said(),
    })
}

/// Records the complete fetch in the history, once, as the query asked; gives its id.
async fn remember(job: &Job, outcome: Outcome) -> Option<String> {
    let history = job.history.as_ref()?;
    record(
        history,
        &job.query,
        job.profile.clone(),
        (None, None),
        outcome,
    )
    .await
}
