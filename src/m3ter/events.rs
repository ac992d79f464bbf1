//! What a submit is doing, as it happens, for a screen or a log to show.

use std::time::Duration;

/// One step of a submit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitEvent {
    /// Asking m3ter for an access token.
    Authenticating,
    /// Waiting to stay under the Data Explorer rate limit.
    Throttled { wait: Duration },
    /// Sending the query.
    Sending,
    /// An attempt failed in a way worth retrying; the next starts after `wait`.
    Retrying {
        reason: RetryReason,
        wait: Duration,
        attempt: u32,
    },
    /// m3ter refused the token; a fresh one is being fetched.
    TokenRefused,
}

/// Why an attempt is retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryReason {
    RateLimited,
    Status(u16),
    Timeout,
    Network,
}

impl std::fmt::Display for RetryReason {
    /// The reason as the start of a sentence.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RetryReason::RateLimited => f.write_str("m3ter is rate limiting"),
            RetryReason::Status(s) => write!(f, "m3ter answered {s}"),
            RetryReason::Timeout => f.write_str("m3ter did not answer in time"),
            RetryReason::Network => f.write_str("The connection failed"),
        }
    }
}
