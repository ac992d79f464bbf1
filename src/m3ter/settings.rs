//! What a client needs to know: where m3ter is, who we are, and how patient to be.

use std::fmt;
use std::time::Duration;

use reqwest::Url;

use super::{RetryPolicy, SettingsError};
use crate::printable::clipped;
use crate::throttle::Rate;

/// m3ter's production API, used when no base URL is given.
pub const DEFAULT_BASE_URL: &str = "https://api.m3ter.com";

/// The longest a download may take unless told otherwise.
pub const DEFAULT_DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(3600);

/// A value that must never be shown: its `Debug` prints a mask, and it has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Holds `value`, and keeps it out of the log from now on.
    pub fn new(value: impl Into<String>) -> Secret {
        let value = value.into();
        crate::logging::redact(&value);
        Secret(value)
    }

    /// The value itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret::new)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// How the client proves who it is.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// An API key and secret of a service user, exchanged for tokens (OAuth2 client
    /// credentials).
    ClientCredentials { api_key: String, api_secret: Secret },
    /// A ready bearer token, used as it is and never refreshed.
    Token(Secret),
}

/// Everything a [`super::Client`] is built from.
#[derive(Debug, Clone)]
pub struct Settings {
    pub base_url: Url,
    pub org_id: String,
    pub credentials: Credentials,
    pub connect_timeout: Duration,
    /// The longest a call to the API may take; for downloads, the longest silence.
    pub request_timeout: Duration,
    /// The longest a whole download may take, so a server that drips bytes for ever cannot
    /// hold a script.
    pub download_timeout: Duration,
    pub retry: RetryPolicy,
    /// The client-side limit on Data Explorer calls (`None`: no limit).
    pub rate: Option<Rate>,
}

impl Settings {
    /// Settings with m3ter's documented defaults: 5 s to connect, 60 s a request, 2 retries,
    /// and Data Explorer calls kept under m3ter's limit ([`Rate::CLIENT`]); and an hour for a
    /// download (a gigabyte at 300 kB/s).
    pub fn new(base_url: Url, org_id: impl Into<String>, credentials: Credentials) -> Settings {
        Settings {
            base_url,
            org_id: org_id.into(),
            credentials,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(60),
            download_timeout: DEFAULT_DOWNLOAD_TIMEOUT,
            retry: RetryPolicy::default(),
            rate: Some(Rate::CLIENT),
        }
    }
}

/// The most characters an organization id may have (m3ter's are 36-character UUIDs).
const LONGEST_ORG_ID: usize = 100;

/// An organization id goes into every request's path, so it must look like one: letters,
/// digits, `-` and `_`. Anything else (`../../x?y=`) would change which address is asked.
pub fn check_org_id(org_id: &str) -> Result<(), SettingsError> {
    if org_id.trim().is_empty() {
        return Err(SettingsError::NoOrgId);
    }
    let fine = org_id.len() <= LONGEST_ORG_ID
        && org_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    if fine {
        Ok(())
    } else {
        Err(SettingsError::BadOrgId(clipped(org_id, LONGEST_ORG_ID)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_print() {
        let creds = Credentials::ClientCredentials {
            api_key: "key".into(),
            api_secret: Secret::new("canary-123"),
        };
        assert!(!format!("{creds:?}").contains("canary"));
    }

    #[test]
    fn org_ids_are_ids() {
        for ok in ["7804529d-18c8-491b-b975-7a03477d87ad", "org_prod-1", "ORG"] {
            assert!(check_org_id(ok).is_ok(), "{ok}");
        }
        for bad in [
            "../../x?y=",
            "a/b",
            "org id",
            "org\u{202e}x",
            "é",
            &"a".repeat(101),
        ] {
            assert!(
                matches!(check_org_id(bad), Err(SettingsError::BadOrgId(_))),
                "{bad}"
            );
        }
        assert!(matches!(check_org_id("  "), Err(SettingsError::NoOrgId)));
        let said = check_org_id("x\u{1b}[2J/..").unwrap_err().to_string();
        assert!(!said.contains('\u{1b}'), "{said}");
    }
}
