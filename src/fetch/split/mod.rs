//! A long range fetched in pieces (`--split`; on the screen, the way past an answer cut at the
//! limit): each piece kept as it comes so a stopped run can be resumed, then all merged into
//! the target, all or nothing, and noted once in the history as the query asked.

pub(super) mod outcome;
mod write;

use std::future::Future;
use std::path::Path;

use chrono::Utc;

pub use outcome::{SplitDone, SplitFailed, SplitFetched, SplitStopped, SplitWhy};

use super::event::Event;
use super::record::Record;
use super::target::{Target, absolute};
use crate::config::SubmitOutcome;
use crate::m3ter::Client;
use crate::query::{BillQuery, Caveat, SplitMode};
use crate::split::{ClientSource, PieceStore, Plan, fetch_pieces, store_key};

/// What a split fetch is asked to do.
pub struct SplitJob<'a> {
    /// The query as asked: what the history notes.
    pub query: &'a BillQuery,
    /// The pieces to ask for: [`Plan::new`] for a way of cutting asked for, or
    /// [`Plan::after_cut`] once the whole range came back cut.
    pub plan: Plan,
    /// How the range is cut; it keys the store, so a resume finds only pieces cut the same way.
    pub mode: SplitMode,
    /// Keep the pieces an earlier run fetched.
    pub resume: bool,
    /// The folder the stores of pieces are kept in.
    pub pieces: &'a Path,
    pub target: Target<'a>,
    pub overwrite: bool,
    /// Leave the pieces in their folder once merged, for the caller to remove when the run as
    /// a whole is done (two periods: a resume after the second failed keeps the first's).
    pub keep_pieces: bool,
}

/// Fetches every piece of `job` through `client` (one token, its requests paced), merges them
/// into the target and notes the fetch in `record`'s history, failed ones too. The target is
/// checked first: a file that cannot be written is not worth a year of requests. When `stop`
/// resolves while pieces come, the run ends with the pieces so far kept.
pub async fn split(
    client: &Client,
    job: SplitJob<'_>,
    record: &Record,
    stop: &mut (dyn Future<Output = ()> + Unpin + Send),
    events: &mut (dyn FnMut(Event) + Send),
) -> Result<SplitFetched, SplitFailed> {
    if let Some(path) = job.target.path() {
        crate::target::check(path, job.overwrite)
            .map_err(|p| SplitFailed::new(SplitWhy::Target(p), 0))?;
    }
    let settings = client.settings();
    let key = store_key(
        settings.base_url.as_str(),
        &settings.org_id,
        &job.plan.query,
        job.mode,
    );
    let (mut store, resumed) =
        PieceStore::open(job.pieces, &key, job.resume, Utc::now()).map_err(|source| {
            let dir = job.pieces.to_path_buf();
            SplitFailed::new(SplitWhy::Store { dir, source }, 0)
        })?;
    let cache = resumed.said();
    events(Event::Resumed(resumed));

    let mut source = ClientSource { client };
    let mut news = |n| events(Event::Piece(n));
    let fetched = tokio::select! {
        result = fetch_pieces(&mut source, &job.plan, &mut store, &mut news) => Some(result),
        () = stop => None,
    };
    let pieces = match fetched {
        Some(Ok(pieces)) => pieces,
        failed => {
            let failed = match failed {
                Some(Err(e)) => {
                    let kept = e.kept();
                    SplitFailed::new(SplitWhy::Pieces(e), kept)
                }
                _ => SplitFailed::new(SplitWhy::Interrupted, store.kept()),
            };
            let outcome = SubmitOutcome::Error(failed.why.to_string());
            record.note(job.query, outcome, events).await;
            return Err(failed);
        }
    };

    let path = job.target.path().map(absolute);
    let merged = write::write(&pieces, job.target, job.overwrite, job.keep_pieces, &store).await;
    let merged = match merged {
        Ok(merged) => merged,
        Err(why) => {
            let outcome = SubmitOutcome::Error(why.to_string());
            record.note(job.query, outcome, events).await;
            // Once merged, the pieces are gone whatever failed after.
            let kept = if store.dir().exists() {
                store.kept()
            } else {
                0
            };
            return Err(SplitFailed::new(why, kept));
        }
    };
    let outcome = SubmitOutcome::Pieces(pieces.requests);
    let entry = record.note(job.query, outcome, events).await;
    if let Some(path) = &path {
        record.fetched(entry.as_deref(), path);
    }
    let empty = match job.query.answer_caveat(merged.rows) {
        Some(caveat @ Caveat::NoRows { .. }) => Some(caveat),
        _ => None,
    };
    Ok(SplitFetched {
        kept: job.keep_pieces.then(|| store.dir().to_path_buf()),
        empty,
        pieces,
        merged,
        path,
        cache,
    })
}
