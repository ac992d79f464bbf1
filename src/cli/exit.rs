//! How a command ends: an exit code and plain sentences for stderr.

use crate::fetch::WorkbookError;
use crate::m3ter::{ApiError, DownloadError, SettingsError};
use crate::printable::{clipped, printable};
use crate::query::Problem;
use crate::target::TargetProblem;

/// The exit codes, as documented in `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// Whoever read standard output stopped reading: what was written is the answer.
    StdoutClosed = 0,
    Invalid = 2,
    Auth = 3,
    Refused = 4,
    Failed = 5,
    /// The answer had no data rows, and `--fail-empty` asked for this to be a failure.
    Empty = 6,
}

/// A command that did not succeed: why, in one sentence a line.
#[derive(Debug)]
pub struct Failure {
    pub code: Code,
    pub sentences: Vec<String>,
}

impl Failure {
    pub fn new(code: Code, text: impl Into<String>) -> Failure {
        Failure {
            code,
            sentences: vec![sentence(text.into())],
        }
    }

    pub fn invalid(sentence: impl Into<String>) -> Failure {
        Failure::new(Code::Invalid, sentence)
    }

    pub fn problems(problems: Vec<Problem>) -> Failure {
        Failure {
            code: Code::Invalid,
            sentences: problems.into_iter().map(|p| sentence(p.message)).collect(),
        }
    }
}

/// Text for stderr as a sentence: control characters (from a server or a file) removed, cut to
/// a bounded length, and a full stop. The texts themselves start as sentences do (or with m3ter, which is lower case).
fn sentence(text: String) -> String {
    full_stop(clipped(&text, LONGEST_SENTENCE))
}

/// Server text is cut where it comes in; this bounds whatever else reaches stderr.
const LONGEST_SENTENCE: usize = 1000;

fn full_stop(mut text: String) -> String {
    if !text.ends_with(['.', '?', '!']) {
        text.push('.');
    }
    text
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Failure {
        let code = match e {
            ApiError::Auth { .. } => Code::Auth,
            ApiError::Rejected { .. } => Code::Refused,
            ApiError::RateLimited { .. }
            | ApiError::Server { .. }
            | ApiError::Network(_)
            | ApiError::InvalidResponse(_)
            | ApiError::TooLarge { .. }
            | ApiError::UnsafeLink(_) => Code::Failed,
        };
        Failure::new(code, e.to_string())
    }
}

impl From<DownloadError> for Failure {
    fn from(e: DownloadError) -> Failure {
        let code = match e {
            DownloadError::Exists(_) | DownloadError::NoFolder(_) | DownloadError::Target(_) => {
                Code::Invalid
            }
            _ => Code::Failed,
        };
        Failure::new(code, e.to_string())
    }
}

impl From<TargetProblem> for Failure {
    fn from(problem: TargetProblem) -> Failure {
        Failure::invalid(match problem {
            TargetProblem::Exists(path) => format!(
                "{} exists; add --force to replace it",
                printable(&path.display().to_string())
            ),
            TargetProblem::NoFolder(folder) => format!(
                "The folder {} does not exist; create it, or write somewhere else",
                printable(&folder.display().to_string())
            ),
            TargetProblem::IsFolder(path) => format!(
                "{} is a folder; give the name of a file in it, e.g. {}",
                printable(&path.display().to_string()),
                printable(&path.join("bills.csv").display().to_string())
            ),
            TargetProblem::NotWritable { folder, source } => format!(
                "No file can be made in the folder {}: {source}",
                printable(&folder.display().to_string())
            ),
            // These start with the name as it was typed: never re-cased.
            other => crate::printable::as_typed(&other.to_string()),
        })
    }
}

impl From<WorkbookError> for Failure {
    fn from(e: WorkbookError) -> Failure {
        Failure::new(
            Code::Failed,
            format!(
                "{} No workbook was written.",
                crate::printable::sentence(&e.to_string())
            ),
        )
    }
}

impl From<SettingsError> for Failure {
    fn from(e: SettingsError) -> Failure {
        Failure::invalid(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_become_sentences_with_their_codes() {
        let f = Failure::from(ApiError::Rejected {
            status: 400,
            message: "Invalid dimension\u{1b}[31m".into(),
        });
        assert_eq!(f.code, Code::Refused);
        assert_eq!(
            f.sentences,
            ["m3ter refused the request (400): Invalid dimension[31m."]
        );
        let f = Failure::from(ApiError::Auth {
            status: 403,
            message: "Forbidden.".into(),
        });
        assert_eq!(f.code, Code::Auth);
        assert!(f.sentences[0].ends_with("Forbidden."));
    }
}
