//! Where a flow writes its file: a CSV, a workbook, or a stream (standard output).

use std::path::Path;

use tokio::io::AsyncWrite;

use crate::query::BillQuery;

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
pub(super) fn absolute(path: &Path) -> std::path::PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
