//! Where the result pane is, as plain data: the submit and its steps, the link, and the fetch
//! of its file (asking where, running, done). `result.rs` and `complete.rs` change it.

use std::path::PathBuf;
use std::time::Instant;

use super::path::PathPrompt;
use crate::m3ter::{DownloadLink, RetryReason};
use crate::query::{BillQuery, Caveat};

/// Where a submit is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Submission {
    #[default]
    Idle,
    Running {
        step: Step,
    },
    Done {
        link: DownloadLink,
    },
    Failed {
        message: String,
    },
}

/// The step a running submit is at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Authenticating,
    Sending,
    Throttled {
        until: Instant,
    },
    Retrying {
        reason: RetryReason,
        until: Instant,
        attempt: u32,
    },
    FreshToken,
}

/// Where fetching the file is.
#[derive(Debug, Default)]
pub enum Fetch {
    #[default]
    Idle,
    /// Asking where to save it.
    Asking(Box<PathPrompt>),
    /// The path exists; asking whether to replace it (with the keys of [`crate::tui::dialogs::confirm`]).
    Confirming {
        path: PathBuf,
    },
    Running {
        id: u64,
        path: PathBuf,
        bytes: u64,
        total: Option<u64>,
        started: Instant,
        /// How far a complete fetch is through its pieces (`None`: a plain download).
        pieces: Option<PieceCount>,
    },
    Done {
        path: PathBuf,
        bytes: u64,
        /// Its data rows, once counted.
        rows: Option<u64>,
        /// What the count of its rows says about the answer (none, exactly the limit, or as
        /// many as the largest limit with none set).
        caveat: Option<Caveat>,
    },
    Failed {
        message: String,
    },
    /// Stopped; `kept` says whether a complete fetch kept its pieces for the next try.
    Cancelled {
        kept: bool,
    },
}

/// The submit and the fetch of its file.
#[derive(Debug, Default)]
pub struct ResultState {
    pub submission: Submission,
    /// The history entry of the current link, so a fetch can be noted against it.
    pub history_entry: Option<String>,
    pub fetch: Fetch,
    /// The number of the latest fetch started.
    pub fetch_id: u64,
    /// The query of the current submit and its link.
    pub sent: Option<BillQuery>,
    /// The path being asked for or confirmed is for a complete fetch (`F`), not the link's file.
    pub whole: bool,
    /// A complete fetch of `sent` stopped or failed with pieces kept: the next `F` goes on
    /// from them.
    pub resumable: bool,
}

impl ResultState {
    /// The id of the fetch that is running, if one is.
    pub fn running_fetch(&self) -> Option<u64> {
        match self.fetch {
            Fetch::Running { id, .. } => Some(id),
            _ => None,
        }
    }

    pub fn link(&self) -> Option<&DownloadLink> {
        match &self.submission {
            Submission::Done { link } => Some(link),
            _ => None,
        }
    }

    /// Whether the link is for a query other than the form's now (the form changed since).
    pub fn is_stale(&self, state_query: Option<&BillQuery>) -> bool {
        self.link().is_some() && self.sent.as_ref() != state_query
    }

    /// Fetch number `fetch_id + 1` starts, to `path` (in `pieces` for a split fetch): its
    /// number, by which its news is told from an older fetch's.
    pub fn start_fetch(&mut self, path: PathBuf, now: Instant, pieces: Option<PieceCount>) -> u64 {
        self.fetch_id += 1;
        self.fetch = Fetch::Running {
            id: self.fetch_id,
            path,
            bytes: 0,
            total: None,
            started: now,
            pieces,
        };
        self.fetch_id
    }

    pub fn is_busy(&self) -> bool {
        matches!(self.submission, Submission::Running { .. })
            || matches!(self.fetch, Fetch::Running { .. })
    }
}

/// How far a complete fetch is: piece `index` of the `of` known so far.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PieceCount {
    pub index: usize,
    pub of: usize,
    pub rows: u64,
    /// The piece being fetched (`2026-07`).
    pub label: String,
}
