//! Why a pass over a file did not finish: the one error every background pass (a sort, a
//! filter, a pivot, a comparison) gives.

/// Why a sort or filter did not finish.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JobError {
    #[error("stopped")]
    Cancelled,
    #[error("the file could not be read: {0}")]
    Read(String),
}
