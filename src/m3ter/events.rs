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
