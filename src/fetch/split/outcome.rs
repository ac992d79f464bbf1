//! What a split fetch came to: in full for the command line, in brief for the screen.

use std::io;
use std::path::PathBuf;

use crate::fetch::WorkbookError;
use crate::m3ter::DownloadError;
use crate::printable::{as_typed, sentence};
use crate::query::{Caveat, piece_label};
use crate::split::{MergeError, Merged, Pieces, SplitError};
use crate::target::TargetProblem;

/// A split fetch merged into its target.
#[derive(Debug)]
pub struct SplitFetched {
    pub pieces: Pieces,
    pub merged: Merged,
    /// The file written, absolute, for a target that is a file.
    pub path: Option<PathBuf>,
    /// What was found wrong in the piece store, a sentence each (lower case, no full stop).
    pub cache: Vec<String>,
    /// The folder of the pieces, when they were to be kept.
    pub kept: Option<PathBuf>,
    /// What the query's answer says when the file holds no lines.
    pub empty: Option<Caveat>,
}

/// A split fetch that wrote nothing; `kept` pieces are kept for a resume.
#[derive(Debug, thiserror::Error)]
#[error("{why}")]
pub struct SplitFailed {
    pub why: SplitWhy,
    pub kept: usize,
}

impl SplitFailed {
    pub(super) fn new(why: SplitWhy, kept: usize) -> SplitFailed {
        SplitFailed { why, kept }
    }
}

/// SplitWhy a split fetch wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum SplitWhy {
    /// The target cannot take a file; nothing was asked.
    #[error(transparent)]
    Target(TargetProblem),
    #[error("the folder for the pieces, {}, could not be used: {source}", .dir.display())]
    Store { dir: PathBuf, source: io::Error },
    /// The stop future resolved while the pieces came.
    #[error("interrupted")]
    Interrupted,
    #[error(transparent)]
    Pieces(SplitError),
    /// The pieces came; what follows failed.
    #[error("the pieces could not be merged: {0}")]
    Merge(MergeError),
    #[error("a temporary folder for the file could not be made: {0}")]
    Scratch(io::Error),
    #[error(transparent)]
    Workbook(WorkbookError),
    /// Whoever read the stream stopped reading: the pieces are done with.
    #[error("{name} was closed")]
    Closed { name: String },
    #[error("writing to {name} failed: {source}; what reached it is not the whole file")]
    Stream { name: String, source: io::Error },
    /// The work on another thread ended without an answer (a bug).
    #[error("{0}")]
    Task(String),
}

impl SplitWhy {
    /// Whether the pieces had all come before it failed.
    pub fn after_pieces(&self) -> bool {
        !matches!(
            self,
            SplitWhy::Target(_)
                | SplitWhy::Store { .. }
                | SplitWhy::Interrupted
                | SplitWhy::Pieces(_)
        )
    }
}

/// A split fetch merged into its file, in brief.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitDone {
    pub path: PathBuf,
    pub bytes: u64,
    pub rows: u64,
    pub pieces: usize,
    pub requests: u32,
    /// Pieces kept from an earlier try.
    pub reused: usize,
    /// Lines found in two pieces, written once.
    pub duplicates: u64,
    /// Pieces that still held exactly the limit where they could be cut no more.
    pub still_cut: Vec<String>,
    /// What was found wrong in the piece cache (a folder not used, pieces fetched again).
    pub cache: Vec<String>,
}

impl From<SplitFetched> for SplitDone {
    fn from(done: SplitFetched) -> SplitDone {
        SplitDone {
            path: done.path.unwrap_or_default(),
            bytes: done.merged.bytes,
            rows: done.merged.rows,
            pieces: done.pieces.files.len(),
            requests: done.pieces.requests,
            reused: done.pieces.reused,
            duplicates: done.merged.duplicates,
            still_cut: done
                .pieces
                .still_cut
                .iter()
                .map(|r| piece_label(*r))
                .collect(),
            cache: done.cache,
        }
    }
}

/// A split fetch that wrote no file, in brief.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitStopped {
    /// The file is there; replacing it is asked first. `kept` pieces were fetched before the
    /// file was found in the way (it appeared while they came).
    Exists { path: PathBuf, kept: usize },
    /// It failed, for the reason the sentence gives; `kept` pieces are kept for the next try.
    Failed { message: String, kept: usize },
}

impl From<SplitFailed> for SplitStopped {
    fn from(failed: SplitFailed) -> SplitStopped {
        let kept = failed.kept;
        let message = match failed.why {
            SplitWhy::Target(TargetProblem::Exists(path))
            | SplitWhy::Merge(MergeError::Target(DownloadError::Exists(path))) => {
                return SplitStopped::Exists { path, kept };
            }
            SplitWhy::Target(problem) => as_typed(&DownloadError::from(problem).to_string()),
            SplitWhy::Merge(e) => {
                format!("The pieces could not be merged: {e}; no file was written.")
            }
            SplitWhy::Task(message) => message,
            why => sentence(&why.to_string()),
        };
        SplitStopped::Failed { message, kept }
    }
}
