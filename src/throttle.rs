//! A token bucket, as m3ter uses for its Data Explorer rate limit. The client uses one to stay
//! under the limit; the demo server uses one to enforce it.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, Instant};

/// A sustained rate and a burst: `1/10` is one request a second with bursts of up to ten.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub per_second: f64,
    pub burst: u32,
}

impl Rate {
    /// m3ter's Data Explorer limit: 1 request a second, bursts of 10.
    pub const DATA_EXPLORER: Rate = Rate {
        per_second: 1.0,
        burst: 10,
    };

    /// What the client allows itself: m3ter's rate with bursts of 8. Requests reach m3ter with
    /// varying delays, so two sent a second apart can arrive closer; the two tokens held back
    /// absorb that, so the tool does not cause a 429 by itself.
    pub const CLIENT: Rate = Rate {
        per_second: 1.0,
        burst: 8,
    };
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.per_second, self.burst)
    }
}

/// Text that is not `RATE/BURST`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not a rate; write REQUESTS_PER_SECOND/BURST, e.g. 1/10 (a positive rate and a burst of at least 1)"
)]
pub struct RateError(String);

impl FromStr for Rate {
    type Err = RateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || RateError(s.to_string());
        let (rate, burst) = s.split_once('/').ok_or_else(error)?;
        let per_second: f64 = rate.trim().parse().map_err(|_| error())?;
        let burst: u32 = burst.trim().parse().map_err(|_| error())?;
        if !(per_second.is_finite() && per_second > 0.0) || burst == 0 {
            return Err(error());
        }
        Ok(Rate { per_second, burst })
    }
}

/// Tokens refill continuously at the rate, up to the burst; each request takes one.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    rate: Rate,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    /// A full bucket.
    pub fn new(rate: Rate, now: Instant) -> TokenBucket {
        TokenBucket {
            rate,
            tokens: f64::from(rate.burst),
            last: now,
        }
    }

    /// Takes a token if there is one at `now`; otherwise says how long until there is.
    pub fn try_take(&mut self, now: Instant) -> Result<(), Duration> {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens =
            (self.tokens + elapsed * self.rate.per_second).min(f64::from(self.rate.burst));
        self.last = now.max(self.last);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                (1.0 - self.tokens) / self.rate.per_second,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_then_refills_at_the_rate() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(Rate::DATA_EXPLORER, start);
        for _ in 0..10 {
            assert_eq!(bucket.try_take(start), Ok(()));
        }
        let wait = bucket.try_take(start).unwrap_err();
        assert_eq!(wait, Duration::from_secs(1));
        assert!(bucket.try_take(start + Duration::from_millis(500)).is_err());
        assert_eq!(bucket.try_take(start + Duration::from_secs(1)), Ok(()));
        // A long pause refills only up to the burst.
        let later = start + Duration::from_secs(3600);
        for _ in 0..10 {
            assert_eq!(bucket.try_take(later), Ok(()));
        }
        assert!(bucket.try_take(later).is_err());
    }

    #[test]
    fn rates_parse() {
        assert_eq!("1/10".parse(), Ok(Rate::DATA_EXPLORER));
        assert_eq!(
            "0.5 / 3".parse(),
            Ok(Rate {
                per_second: 0.5,
                burst: 3
            })
        );
        for bad in ["", "1", "0/10", "1/0", "-1/5", "x/y", "inf/2"] {
            assert!(bad.parse::<Rate>().is_err(), "{bad}");
        }
    }
}
