//! What a flow says while it runs, for the face above to show.

use std::path::PathBuf;

use crate::explore::Period;
use crate::m3ter::{DownloadLink, DownloadProgress, Downloaded, SubmitEvent};
use crate::query::Caveat;
use crate::split::{News, Resumed};

use super::split::outcome::SplitFetched;

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

/// How far a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Its query is being sent.
    Sending,
    /// Its file is being fetched.
    Fetching,
    /// Its range is being fetched in pieces.
    Splitting,
}

/// The history could not be written.
#[derive(Debug, thiserror::Error)]
#[error("the history ({}) could not be written: {source}", .path.display())]
pub struct Unrecorded {
    pub path: PathBuf,
    pub source: std::io::Error,
}
