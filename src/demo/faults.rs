//! Failures the demo can be told to produce, for tests and for anyone checking how the tool
//! copes.

use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;

/// A failure the demo server can produce on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// A Data Explorer call answers 429 with `Retry-After: 1`.
    RateLimit,
    /// A Data Explorer call answers 500.
    ServerError,
    /// A Data Explorer call's connection is closed without an answer.
    DropConnection,
    /// A download sends half its bytes, then closes the connection.
    TruncateDownload,
    /// A Data Explorer call answers only after the slow delay (past a client's timeout).
    Slow,
    /// A Data Explorer call answers with a `file:` or `javascript:` download link.
    BadLink,
    /// A Data Explorer call answers 200 with a body that is not JSON.
    InvalidJson,
    /// The token of a Data Explorer call is treated as expired (403), as after a restart.
    ExpireToken,
}

impl Fault {
    pub const ALL: [Fault; 8] = [
        Fault::RateLimit,
        Fault::ServerError,
        Fault::DropConnection,
        Fault::TruncateDownload,
        Fault::Slow,
        Fault::BadLink,
        Fault::InvalidJson,
        Fault::ExpireToken,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Fault::RateLimit => "rate-limit",
            Fault::ServerError => "server-error",
            Fault::DropConnection => "drop-connection",
            Fault::TruncateDownload => "truncate-download",
            Fault::Slow => "slow",
            Fault::BadLink => "bad-link",
            Fault::InvalidJson => "invalid-json",
            Fault::ExpireToken => "expire-token",
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A fault, how many times to produce it (`None`: every time), and how many chances to let
/// pass first (`after`: the fifth piece of a split fetch fails with `server-error@4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaultSpec {
    pub fault: Fault,
    pub count: Option<u32>,
    pub after: u32,
}

/// Text that is not `NAME[:COUNT][@AFTER]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a fault; write NAME, NAME:COUNT or either with @AFTER, NAME one of {list}", list = Fault::ALL.map(Fault::name).join(", "))]
pub struct FaultError(String);

impl FromStr for FaultSpec {
    type Err = FaultError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || FaultError(s.to_string());
        let (rest, after) = match s.split_once('@') {
            Some((rest, after)) => (rest, after.trim().parse().map_err(|_| error())?),
            None => (s, 0),
        };
        let (name, count) = match rest.split_once(':') {
            Some((name, count)) => (name, Some(count.trim().parse().map_err(|_| error())?)),
            None => (rest, None),
        };
        let fault = Fault::ALL
            .into_iter()
            .find(|f| f.name() == name.trim())
            .ok_or_else(error)?;
        Ok(FaultSpec {
            fault,
            count,
            after,
        })
    }
}

/// The faults still to be produced.
#[derive(Debug, Default)]
pub struct Faults(Mutex<Vec<FaultSpec>>);

impl Faults {
    pub fn new(specs: Vec<FaultSpec>) -> Faults {
        Faults(Mutex::new(specs))
    }

    /// Whether to produce `fault` now; counts it down if so.
    pub fn take(&self, fault: Fault) -> bool {
        let Ok(mut specs) = self.0.lock() else {
            return false;
        };
        let Some(spec) = specs
            .iter_mut()
            .find(|s| s.fault == fault && s.count != Some(0))
        else {
            return false;
        };
        if spec.after > 0 {
            spec.after -= 1;
            return false;
        }
        if let Some(n) = spec.count.as_mut() {
            *n -= 1;
        }
        log::info!("demo fault: {}", fault.name());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_and_count_down() {
        let specs: Vec<FaultSpec> = ["rate-limit:2", "slow"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(specs[0].count, Some(2));
        assert_eq!(specs[1].count, None);
        let faults = Faults::new(specs);
        assert!(faults.take(Fault::RateLimit));
        assert!(faults.take(Fault::RateLimit));
        assert!(!faults.take(Fault::RateLimit));
        for _ in 0..5 {
            assert!(faults.take(Fault::Slow));
        }
        assert!(!faults.take(Fault::ServerError));
        // Two chances pass, then one fault, then none.
        let faults = Faults::new(vec!["server-error:1@2".parse().unwrap()]);
        let taken: Vec<bool> = (0..5).map(|_| faults.take(Fault::ServerError)).collect();
        assert_eq!(taken, [false, false, true, false, false]);
        for bad in ["nope", "slow:x", "slow:-1", "", "slow@", "slow@x"] {
            assert!(bad.parse::<FaultSpec>().is_err(), "{bad}");
        }
        for f in Fault::ALL {
            assert_eq!(f.name().parse::<FaultSpec>().unwrap().fault, f);
        }
    }
}
