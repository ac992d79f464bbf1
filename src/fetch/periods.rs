//! One query fetched for two periods, then the two files joined into one to compare in: one
//! client, so one token, its requests paced under m3ter's rate limit.

use std::future::Future;
use std::path::{Path, PathBuf};

use super::download::{DownloadFailed, download};
use super::event::{Event, Step};
use super::record::Record;
use super::split::{SplitFailed, SplitJob, split};
use super::submit::submit;
use super::target::{Target, absolute};
use crate::explore::{JoinError, Period, join_files};
use crate::m3ter::{ApiError, Client};
use crate::query::{BillQuery, SplitMode};
use crate::split::Plan;

/// Where the periods' files go.
pub enum Place<'a> {
    /// The first period's file to `files.0`, the second's to `files.1`, joined into `joined`.
    Named {
        files: (&'a Path, &'a Path),
        joined: &'a Path,
    },
    /// Into a folder, beside the other files fetched there, under the names m3ter gives them
    /// (or with `-1`, `-2`, ... when taken), joined into `compare_A_B.csv`.
    Folder(&'a Path),
}

/// The files of two periods, fetched, and the one they were joined into.
#[derive(Debug, Clone)]
pub struct FetchedPeriods {
    pub combined: PathBuf,
    pub files: Vec<PathBuf>,
    pub a: Period,
    pub b: Period,
}

/// SplitWhy the two periods were not fetched and joined. The texts are the screen's as they were.
#[derive(Debug, thiserror::Error)]
pub enum PeriodsFailed {
    #[error("Two periods are compared, no more and no fewer.")]
    NotTwo,
    #[error("{period}: {source}")]
    Submit { period: Period, source: ApiError },
    #[error("{period}: {source}")]
    Download {
        period: Period,
        source: DownloadFailed,
    },
    #[error("{period}: {source}")]
    Split { period: Period, source: SplitFailed },
    #[error("The two files could not be put together: {0}")]
    Join(JoinError),
    /// The work on another thread ended without an answer (a bug).
    #[error("{0}")]
    Task(String),
}

/// Fetches each of the two `queries` (the same query over each period) to `place` and joins
/// the two files; with `split` (a way of cutting, whether to resume, the folder of the
/// pieces), each period's range is fetched in pieces. Every submit is noted in `record`'s
/// history. The pieces of every period stay until all are merged: a resume after the second
/// failed then keeps the first's.
pub async fn periods(
    client: &Client,
    (queries, place): (&[(Period, BillQuery)], Place<'_>),
    split_by: Option<(SplitMode, bool, &Path)>,
    record: &Record,
    stop: &mut (dyn Future<Output = ()> + Unpin + Send),
    events: &mut (dyn FnMut(Event) + Send),
) -> Result<FetchedPeriods, PeriodsFailed> {
    let [(a, _), (b, _)] = queries else {
        return Err(PeriodsFailed::NotTwo);
    };
    let of = queries.len();
    let mut files = Vec::new();
    let mut kept_pieces = Vec::new();
    for (i, (period, query)) in queries.iter().enumerate() {
        let step = |step| Event::Period {
            period: period.clone(),
            index: i + 1,
            of,
            step,
        };
        // Named by the caller, or by the name m3ter gives the file.
        let path_for = |name: &str| match &place {
            Place::Named { files, .. } => [files.0, files.1][i].to_path_buf(),
            Place::Folder(folder) => free_path(folder, name),
        };
        if let Some((mode, resume, pieces)) = split_by {
            events(step(Step::Splitting));
            let path = path_for("bills.csv");
            let job = SplitJob {
                query,
                plan: Plan::new(query, mode),
                mode,
                resume,
                pieces,
                target: Target::Csv(&path),
                overwrite: false,
                keep_pieces: true,
            };
            let done = split(client, job, record, stop, events).await;
            let done = done.map_err(|source| PeriodsFailed::Split {
                period: period.clone(),
                source,
            })?;
            kept_pieces.extend(done.kept.clone());
            files.push(absolute(&path));
            events(Event::Merged(period.clone(), Box::new(done)));
            continue;
        }
        events(step(Step::Sending));
        let sent = submit(client, query, record, events).await;
        let link = sent.link.map_err(|source| PeriodsFailed::Submit {
            period: period.clone(),
            source,
        })?;
        events(Event::Linked(period.clone(), link.clone()));
        let path = path_for(link.file_name().unwrap_or("bills.csv"));
        events(step(Step::Fetching));
        let entry = (record, sent.entry.as_deref());
        let enough = query.rows_worth_counting();
        let target = (Target::Csv(&path), false);
        let fetched = download(client, &link, target, entry, enough, stop, events).await;
        let fetched = fetched.map_err(|source| PeriodsFailed::Download {
            period: period.clone(),
            source,
        })?;
        if let Ok(Some(caveat)) = fetched.data_rows.map(|n| query.answer_caveat(n)) {
            events(Event::Caveat(period.clone(), caveat));
        }
        files.push(absolute(&path));
    }
    for dir in kept_pieces {
        let _ = std::fs::remove_dir_all(dir);
    }
    let combined = match place {
        Place::Named { joined, .. } => joined.to_path_buf(),
        Place::Folder(folder) => free_path(folder, &format!("compare_{a}_{b}.csv")),
    };
    let (first, second, into) = (files[0].clone(), files[1].clone(), combined.clone());
    tokio::task::spawn_blocking(move || join_files(&first, &second, &into))
        .await
        .map_err(|e| PeriodsFailed::Task(e.to_string()))?
        .map_err(PeriodsFailed::Join)?;
    Ok(FetchedPeriods {
        combined: absolute(&combined),
        files,
        a: a.clone(),
        b: b.clone(),
    })
}

/// `folder/name`, or with `-1`, `-2`, ... before its extension when that is taken.
fn free_path(folder: &Path, name: &str) -> PathBuf {
    let wanted = folder.join(name);
    if !wanted.exists() {
        return wanted;
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) => (stem, format!(".{ext}")),
        None => (name, String::new()),
    };
    (1..)
        .map(|n| folder.join(format!("{stem}-{n}{extension}")))
        .find(|p| !p.exists())
        .unwrap_or(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_taken_gets_a_number() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(free_path(dir.path(), "a.csv"), dir.path().join("a.csv"));
        std::fs::write(dir.path().join("a.csv"), "").unwrap();
        std::fs::write(dir.path().join("a-1.csv"), "").unwrap();
        assert_eq!(free_path(dir.path(), "a.csv"), dir.path().join("a-2.csv"));
    }
}
