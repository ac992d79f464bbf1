//! Why no workbook was written, in the words the command line and the screen show.

use std::path::PathBuf;

use rust_xlsxwriter::XlsxError;

use crate::target::{PersistError, TargetProblem};

/// Why no workbook was written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0} exists; it is replaced only when asked (--force)")]
    Exists(PathBuf),
    #[error("the CSV could not be read: {0}")]
    Read(String),
    #[error("the workbook could not be made: {0}")]
    Workbook(#[from] XlsxError),
    /// More than a workbook holds; says what would.
    #[error("{0}")]
    TooLarge(String),
    /// The target cannot take a file (a folder, a link without --force, a device, a FIFO, a
    /// folder that takes no file).
    #[error(transparent)]
    Target(TargetProblem),
    #[error("the file could not be written: {0}")]
    Io(#[from] std::io::Error),
    #[error("stopped")]
    Cancelled,
    #[error("{} is not a CSV file: it holds binary data", .0.display())]
    NotText(PathBuf),
}

impl From<TargetProblem> for ExportError {
    fn from(problem: TargetProblem) -> ExportError {
        match problem {
            TargetProblem::Exists(path) => ExportError::Exists(path),
            other => ExportError::Target(other),
        }
    }
}

impl From<PersistError> for ExportError {
    fn from(e: PersistError) -> ExportError {
        match e {
            PersistError::Target(problem) => problem.into(),
            PersistError::Io(e) => ExportError::Io(e),
        }
    }
}
