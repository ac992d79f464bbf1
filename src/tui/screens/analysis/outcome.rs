//! What an analysis answers a key with: stay, close, or drill to the rows behind a line.

use crate::explore::Filter;
use crate::tui::job::Job;
use crate::tui::msg::Effect;

/// What the table view does after a key in one of its analyses (the pivot, the comparison).
#[derive(Debug)]
pub enum Then {
    Stay(Vec<Effect>),
    /// Back to the table as it was.
    Close(Vec<Effect>),
    /// Open the table on the rows behind the highlighted line or cell.
    Drill(Drill),
}

/// The rows behind a line or cell of an analysis.
#[derive(Debug)]
pub struct Drill {
    /// The analysis's own filters and those of the line: together they keep exactly its rows.
    pub filters: Vec<Filter>,
    /// Whose rows they are, in words: `acme · 2026-03 · USD`.
    pub what: String,
    /// The column to sort them by, and whether downwards (a comparison's date, so that A's
    /// rows come before B's).
    pub sort: Option<(usize, bool)>,
}

/// Back to the table: the pass the analysis runs, if any, is stopped.
pub fn leave(job: &mut Job) -> Then {
    let mut effects = Vec::new();
    if job.stop() {
        effects.push(Effect::CancelAnalysis);
    }
    Then::Close(effects)
}
