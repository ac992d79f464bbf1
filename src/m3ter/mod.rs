//! The HTTP side of m3ter: tokens, the Data Explorer call, downloads, the lists of accounts and
//! products, retries and rate limits.
//!
//! Everything here returns typed results; turning them into words for people is the caller's
//! job.

mod answer;
mod client;
mod curl;
mod download;
mod error;
mod events;
mod link;
mod lists;
mod retry;
mod settings;
mod token;

pub use client::{Client, USER_AGENT, install_crypto};
pub use curl::curl_command;
pub use download::{DownloadProgress, Downloaded};
pub use error::{ApiError, DownloadError, SettingsError};
pub use events::{RetryReason, SubmitEvent};
pub use link::{DownloadLink, UnsafeLink, check_url};
pub use lists::{ListKind, ListProgress, Listed, MOST_LISTED};
pub use retry::RetryPolicy;
pub use settings::{
    Credentials, DEFAULT_BASE_URL, DEFAULT_DOWNLOAD_TIMEOUT, Secret, Settings, check_org_id,
};
