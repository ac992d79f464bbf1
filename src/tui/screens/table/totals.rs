//! The totals pane's state: a view of the totals and what it was made from. It is made again
//! in a task (sorting 300,000 groups is no work for the screen's thread) by `totals_update`,
//! and drawn by `totals_view`.

use std::sync::Arc;

use crate::explore::{Grouping, Measure, ScanProgress, Totals, TotalsRow};

/// The totals view as last made, and what it was made from.
#[derive(Debug)]
pub struct TotalsPane {
    pub(super) made_from: TotalsSource,
    pub rows: Vec<TotalsRow>,
}

/// What the totals view depends on: when none of it changed, neither did the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TotalsSource {
    pub(super) grouping: Grouping,
    pub(super) measure: Measure,
    /// The ordering's version when the totals are of the filtered rows.
    pub(super) filtered: Option<u64>,
    pub(super) scanned: u64,
    pub(super) done: bool,
}

/// Where a totals view is made from: the scan's totals of every row, or a filter's of its own.
#[derive(Debug, Clone)]
pub enum TotalsFrom {
    Scan(ScanProgress),
    Filtered(Arc<Totals>),
}

impl TotalsFrom {
    /// The totals view by `grouping` of `measure`: the work of
    /// `Effect::MakeTotals`, sorting every group (300,000 accounts take a while).
    pub fn table(&self, measure: Measure, grouping: Grouping) -> Vec<TotalsRow> {
        match self {
            TotalsFrom::Scan(scan) => scan
                .read()
                .map(|p| p.totals.table(measure, grouping))
                .unwrap_or_default(),
            TotalsFrom::Filtered(totals) => totals.table(measure, grouping),
        }
    }
}
