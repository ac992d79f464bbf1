//! What can go wrong talking to m3ter, by kind, so callers can choose what to say and do.

use std::path::PathBuf;
use std::time::Duration;

use super::UnsafeLink;

/// Settings that cannot make a client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("The base URL {0} is refused: {1}")]
    BaseUrl(String, UnsafeLink),
    #[error(
        "The base URL must not hold a user name or password; credentials go in M3TER_API_KEY and M3TER_API_SECRET"
    )]
    CredentialsInUrl,
    #[error("The organization id is empty; set M3TER_ORG_ID or pass --org-id")]
    NoOrgId,
    /// An org id goes into the request's path, so it must be an id and nothing more.
    #[error(
        "The organization id \"{0}\" is not an id: it may hold only letters, digits, - and _ (m3ter's are UUIDs)"
    )]
    BadOrgId(String),
}

/// A submit that did not produce a download link.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// m3ter did not accept the credentials or the token (it answers 403 for a bad or expired
    /// token and for an org the service user cannot see).
    #[error("m3ter refused the credentials ({status}): {message}")]
    Auth { status: u16, message: String },
    /// m3ter refused the request itself; `message` is m3ter's own.
    #[error("m3ter refused the request ({status}): {message}")]
    Rejected { status: u16, message: String },
    /// Still rate limited after every retry, or asked to wait longer than we will.
    #[error("m3ter is rate limiting requests{}", wait_hint(.retry_after))]
    RateLimited { retry_after: Option<Duration> },
    /// m3ter failed on its side, after every retry.
    #[error("m3ter had a server error ({status}): {message}")]
    Server { status: u16, message: String },
    /// m3ter could not be reached, or did not answer in time, after every retry.
    #[error("{0}")]
    Network(String),
    /// m3ter answered, but not with something we can read.
    #[error("m3ter's answer could not be read: {0}")]
    InvalidResponse(String),
    /// m3ter's answer went on past what any answer of its kind holds; reading stopped there.
    #[error("m3ter's answer was larger than {limit}; stopped reading")]
    TooLarge { limit: String },
    /// m3ter answered with a link we will not fetch or open.
    #[error("m3ter answered with a download link that is not safe: {0}")]
    UnsafeLink(#[from] UnsafeLink),
}

fn wait_hint(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(d) => format!(
            "; it asked to wait {} s, try again then",
            d.as_secs().max(1)
        ),
        None => "; try again in a minute".to_string(),
    }
}

/// A download that did not produce a file. None of these leaves a file behind.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error("The file {} already exists; choose another name or allow overwriting (--force)", .0.display())]
    Exists(PathBuf),
    #[error("The folder {} does not exist", .0.display())]
    NoFolder(PathBuf),
    #[error("The download link is refused: {0}")]
    UnsafeLink(#[from] UnsafeLink),
    #[error("The download server answered {status}: {message}")]
    Http { status: u16, message: String },
    #[error("The download stopped after {received} of {expected} bytes; no file was written")]
    Truncated { received: u64, expected: u64 },
    /// The target is not one a file can be written to (a folder, a link without --force, a
    /// device, a FIFO), or its folder takes no file.
    #[error("{}", crate::printable::as_typed(&.0.to_string()))]
    Target(crate::target::TargetProblem),
    #[error("The download did not finish within {} s (--download-timeout); no file was written", .0.as_secs_f64())]
    Deadline(Duration),
    /// A bill CSV always starts with its header; this answer did not.
    #[error("The download is not a bill CSV ({0}); no file was written")]
    NotACsv(&'static str),
    #[error("The download failed: {0}; no file was written")]
    Network(String),
    #[error("Could not write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}
