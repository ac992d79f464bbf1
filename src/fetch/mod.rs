//! What both faces do with m3ter, written once: send a query and note it in the history
//! ([`submit()`]), fetch the file behind a link to a target ([`download()`]), fetch a long range
//! in pieces and merge them ([`split()`]), fetch two periods to compare ([`periods()`]).
//!
//! A flow says how it goes through a callback of [`Event`]s and ends in a typed result; it
//! never prints, and knows nothing of a terminal, of arguments or of the screen. The command
//! line shows its events as lines on stderr, the screen as messages. A flow that may be
//! interrupted takes a `stop` future: when it resolves, the flow ends at once, its files
//! removed, and says so in its error.

mod download;
mod periods;
mod record;
mod split;
mod submit;
mod workbook;

use std::path::Path;

use tokio::io::AsyncWrite;

pub use download::{DownloadFailed, Fetched, count_rows, download};
pub use periods::{FetchedPeriods, PeriodsFailed, Place, Step, periods};
pub use record::{Record, Unrecorded};
pub use split::{Completed, Incomplete, SplitFailed, SplitFetched, SplitJob, SplitWhy, split};
pub use submit::{Submitted, submit};
pub use workbook::WorkbookError;

use crate::explore::Period;
use crate::m3ter::{DownloadLink, DownloadProgress, Downloaded, SubmitEvent};
use crate::query::{BillQuery, Caveat};
use crate::split::{News, Resumed};

/// How a flow is going.
#[derive(Debug)]
pub enum Event {
    /// A step of a request to m3ter (a wait under the rate limit, a retry).
    Submit(SubmitEvent),
    /// Bytes of a download so far.
    Progress(DownloadProgress),
    /// A file is saved whole; its rows are counted next.
    Saved(Downloaded),
    /// The store of pieces is open: what it held from an earlier run, what was wrong with it.
    Resumed(Resumed),
    /// How the pieces of a split fetch are going.
    Piece(News),
    /// The history could not be written: the request stands, its entry is lost.
    Unrecorded(Unrecorded),
    /// Period `index` (from 1) of `of` gets to `step`.
    Period {
        period: Period,
        index: usize,
        of: usize,
        step: Step,
    },
    /// A period's query was answered with this link.
    Linked(Period, DownloadLink),
    /// A period's range was fetched in pieces and merged.
    Merged(Period, Box<SplitFetched>),
    /// What a period's file says about itself (cut at the limit, no rows).
    Caveat(Period, Caveat),
}

/// Where a fetched file goes.
pub enum Target<'a> {
    /// A CSV file at this path.
    Csv(&'a Path),
    /// A workbook at `path`, written from the CSV fetched, noting the query it answers.
    Workbook {
        path: &'a Path,
        query: &'a BillQuery,
    },
    /// A stream that cannot be read back (standard output), given as it comes; `name` names it
    /// in errors.
    Stream {
        out: &'a mut (dyn AsyncWrite + Unpin + Send),
        name: &'a str,
    },
}

impl<'a> Target<'a> {
    /// The file at `path`: a workbook of `query`'s answer when its name ends in `.xlsx`, else
    /// a CSV.
    pub fn file(path: &'a Path, query: &'a BillQuery) -> Target<'a> {
        let workbook = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        if workbook {
            Target::Workbook { path, query }
        } else {
            Target::Csv(path)
        }
    }

    /// The file's path, for a target that is a file.
    pub fn path(&self) -> Option<&'a Path> {
        match self {
            Target::Csv(path) | Target::Workbook { path, .. } => Some(path),
            Target::Stream { .. } => None,
        }
    }
}

/// A private folder for files fetched only to be read or turned into something else, removed
/// when dropped.
pub fn scratch_folder() -> std::io::Result<tempfile::TempDir> {
    tempfile::Builder::new().prefix("m3ter-bills-").tempdir()
}

/// The absolute form of `path` where it can be had (the history and the screen keep these).
fn absolute(path: &Path) -> std::path::PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
