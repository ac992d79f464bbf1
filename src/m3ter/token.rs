//! Keeping an access token for as long as it is good.

use std::time::{Duration, Instant};

use super::Secret;

/// A token and when to stop using it.
#[derive(Debug, Clone)]
pub struct CachedToken {
    pub token: Secret,
    refresh_at: Instant,
}

impl CachedToken {
    /// A token that lives `lifetime` from `issued`. It is used until 5 minutes before it
    /// expires, so a query never starts with a token about to lapse; a token that lives less
    /// than 10 minutes (a test's, say) is kept for half its life instead.
    pub fn new(token: Secret, issued: Instant, lifetime: Duration) -> CachedToken {
        // A server claiming a lifetime of centuries gets a day: that is plenty, and keeps the
        // arithmetic from overflowing.
        let lifetime = lifetime.min(Duration::from_secs(86_400));
        let margin = Duration::from_secs(300).min(lifetime / 2);
        CachedToken {
            token,
            refresh_at: issued + (lifetime - margin),
        }
    }

    pub fn is_fresh(&self, now: Instant) -> bool {
        now < self.refresh_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refreshed_five_minutes_early_or_at_half_life() {
        let t0 = Instant::now();
        let five_hours = CachedToken::new(Secret::new("t"), t0, Duration::from_secs(18_000));
        assert!(five_hours.is_fresh(t0 + Duration::from_secs(18_000 - 301)));
        assert!(!five_hours.is_fresh(t0 + Duration::from_secs(18_000 - 300)));
        let forever = CachedToken::new(Secret::new("t"), t0, Duration::from_secs(u64::MAX));
        assert!(forever.is_fresh(t0 + Duration::from_secs(86_000)));
        let short = CachedToken::new(Secret::new("t"), t0, Duration::from_secs(2));
        assert!(short.is_fresh(t0 + Duration::from_millis(999)));
        assert!(!short.is_fresh(t0 + Duration::from_secs(1)));
    }
}
