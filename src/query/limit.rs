//! The `limit` of a query: how many data points the API returns at most.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A row limit the API accepts: a whole number from 1 to 2000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Limit(u16);

impl Limit {
    pub const MIN: u16 = 1;
    pub const MAX: u16 = 2000;

    /// The limit, if `n` is within 1..=2000.
    pub fn new(n: i64) -> Result<Limit, LimitError> {
        u16::try_from(n)
            .ok()
            .filter(|n| (Self::MIN..=Self::MAX).contains(n))
            .map(Limit)
            .ok_or(LimitError(n.to_string()))
    }

    pub fn get(self) -> u16 {
        self.0
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A limit outside 1..=2000, or not a whole number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("The limit must be a whole number from 1 to 2000; \"{0}\" is not.")]
pub struct LimitError(pub String);

impl FromStr for Limit {
    type Err = LimitError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let n: i64 = s.trim().parse().map_err(|_| LimitError(s.to_string()))?;
        Limit::new(n).map_err(|_| LimitError(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_only_one_to_two_thousand() {
        assert_eq!(Limit::new(1).map(Limit::get), Ok(1));
        assert_eq!(Limit::new(2000).map(Limit::get), Ok(2000));
        for bad in [0, -1, 2001, 65_536 + 5, i64::MAX] {
            assert!(Limit::new(bad).is_err(), "{bad}");
        }
        assert_eq!("  250 ".parse::<Limit>().map(Limit::get), Ok(250));
        for bad in ["", "abc", "1.5", "1e3", "2001"] {
            assert!(bad.parse::<Limit>().is_err(), "{bad}");
        }
    }
}
