//! Background work a room waits for. Each pass gets a ticket, and the room waits for the latest
//! only: the answer of a pass started before, or stopped, is recognised as stale and dropped.
//! Tickets never repeat within a room, nor across rooms that hand their count on (an analysis
//! left for a drill-down and opened again).
//!
//! The flag that stops a pass running in a task is the runtime's (`runtime/effects.rs`): setting
//! it is a side effect, and `update` stays pure by asking for it with an effect.

/// A room's background work: the pass waited for, of kind `K`, and the last ticket issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job<K = ()> {
    waiting: Option<(u64, K)>,
    issued: u64,
}

impl<K> Default for Job<K> {
    fn default() -> Job<K> {
        Job {
            waiting: None,
            issued: 0,
        }
    }
}

impl<K: Copy> Job<K> {
    /// Tickets numbered after `issued`.
    pub fn after(issued: u64) -> Job<K> {
        Job {
            waiting: None,
            issued,
        }
    }

    /// A new pass of `kind`, and its ticket; any pass before it no longer counts.
    pub fn start(&mut self, kind: K) -> u64 {
        self.issued += 1;
        self.waiting = Some((self.issued, kind));
        self.issued
    }

    /// Whether the answer of `ticket` is the one waited for; if it is, the wait is over.
    pub fn take(&mut self, ticket: u64) -> bool {
        let current = self.ticket() == Some(ticket);
        if current {
            self.waiting = None;
        }
        current
    }

    /// Stops waiting; whether a pass was running (the caller asks the runtime to stop it).
    pub fn stop(&mut self) -> bool {
        self.waiting.take().is_some()
    }

    /// The ticket waited for.
    pub fn ticket(&self) -> Option<u64> {
        self.waiting.map(|(ticket, _)| ticket)
    }

    /// What the pass waited for is doing.
    pub fn kind(&self) -> Option<K> {
        self.waiting.map(|(_, kind)| kind)
    }

    pub fn is_running(&self) -> bool {
        self.waiting.is_some()
    }

    /// The last ticket issued, for a room that carries the count on.
    pub fn issued(&self) -> u64 {
        self.issued
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_latest_pass_counts_and_tickets_never_repeat() {
        let mut job = Job::<()>::default();
        let first = job.start(());
        let second = job.start(());
        assert_ne!(first, second);
        assert!(!job.take(first), "an older pass is stale");
        assert!(job.is_running());
        assert!(job.take(second));
        assert!(!job.is_running() && !job.take(second), "taken once");
        let third = job.start(());
        assert!(job.stop() && !job.stop());
        assert!(!job.take(third), "a stopped pass is stale");
        let mut next = Job::<()>::after(job.issued());
        assert!(next.start(()) > third, "counted on across rooms");
    }
}
