//! Which links are safe to fetch or hand to a browser.

use std::fmt;
use std::net::IpAddr;

use reqwest::Url;

use crate::printable::clipped;

/// A download link that passed [`check_url`]: `https`, or `http` to this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadLink(Url);

impl DownloadLink {
    /// The link, if it is safe to fetch and open.
    pub fn parse(text: &str) -> Result<DownloadLink, UnsafeLink> {
        if text.len() > LONGEST_LINK {
            return Err(UnsafeLink::TooLong);
        }
        let url = Url::parse(text.trim()).map_err(|_| UnsafeLink::NotAUrl)?;
        check_url(&url)?;
        Ok(DownloadLink(url))
    }

    pub fn url(&self) -> &Url {
        &self.0
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The file name the link's path ends in, if it has one.
    pub fn file_name(&self) -> Option<&str> {
        self.0
            .path_segments()
            .and_then(|mut s| s.next_back())
            .filter(|s| !s.is_empty())
    }
}

impl fmt::Display for DownloadLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

/// Why a link is not fetched or opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnsafeLink {
    #[error("the link is not a valid URL")]
    NotAUrl,
    #[error(
        "{0}: links are refused; only https links (and http to this machine) are fetched or opened"
    )]
    Scheme(String),
    #[error(
        "plain http links are refused unless they point at this machine; {0} is not this machine"
    )]
    PlainHttp(String),
    /// `https://user:password@host/...`: the browser or the HTTP client would send them as
    /// credentials to the download host, and showing the link would show the password.
    #[error("the link carries a user name or password, which would be sent to the download host")]
    UserInfo,
    #[error("the link is longer than 16 kB, which no download link is")]
    TooLong,
}

/// How much of a host or scheme a refusal quotes: they come from the server.
const SHOWN: usize = 100;

/// The longest link taken; a pre-signed link is a kilobyte or two.
const LONGEST_LINK: usize = 16_000;

/// Accepts `https` anywhere and `http` only to a loopback address (the demo server); refuses
/// every other scheme (`file:`, `javascript:`, `ftp:`, ...).
pub fn check_url(url: &Url) -> Result<(), UnsafeLink> {
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UnsafeLink::UserInfo);
    }
    match url.scheme() {
        "https" if url.host().is_some() => Ok(()),
        "http" => {
            let host = url.host_str().unwrap_or_default();
            let ip = host.trim_start_matches('[').trim_end_matches(']');
            let loopback = host.eq_ignore_ascii_case("localhost")
                || ip.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
            if loopback {
                Ok(())
            } else {
                Err(UnsafeLink::PlainHttp(clipped(host, SHOWN)))
            }
        }
        other => Err(UnsafeLink::Scheme(clipped(other, SHOWN))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_and_loopback_http_only() {
        for ok in [
            "https://files.m3ter.com/x.csv?sig=1",
            "http://127.0.0.1:4000/f.csv",
            "http://127.8.9.1/f",
            "http://localhost:1/f",
            "http://[::1]:80/f",
        ] {
            assert!(DownloadLink::parse(ok).is_ok(), "{ok}");
        }
        let too_long = format!("gopher{}://x", "g".repeat(500));
        let refused = DownloadLink::parse(&too_long).unwrap_err().to_string();
        assert!(refused.len() < 300, "{refused}");
        let huge = format!("https://h/{}", "x".repeat(20_000));
        let refused = DownloadLink::parse(&huge).unwrap_err().to_string();
        assert!(refused.contains("longer than 16 kB"), "{refused}");
        for (bad, expected) in [
            ("file:///etc/passwd", "file: links are refused"),
            ("javascript:alert(1)", "javascript: links are refused"),
            ("ftp://example.com/x", "ftp: links are refused"),
            ("http://example.com/x", "example.com is not this machine"),
            ("http://10.0.0.1/x", "10.0.0.1 is not this machine"),
            ("not a link", "not a valid URL"),
            (
                "https://user:pw@files.m3ter.com/x.csv",
                "user name or password",
            ),
            (
                "https://user@files.m3ter.com/x.csv",
                "user name or password",
            ),
            ("http://a:b@127.0.0.1/x.csv", "user name or password"),
        ] {
            let err = DownloadLink::parse(bad).unwrap_err().to_string();
            assert!(err.contains(expected), "{bad}: {err}");
            assert!(!err.contains("pw"), "{err}");
        }
    }

    #[test]
    fn file_name_from_the_path() {
        let link = DownloadLink::parse("http://127.0.0.1:9/files/abc/bills.csv?sig=2").unwrap();
        assert_eq!(link.file_name(), Some("bills.csv"));
        let bare = DownloadLink::parse("https://host/").unwrap();
        assert_eq!(bare.file_name(), None);
    }
}
