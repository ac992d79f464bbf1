//! The analyses of the table's rows, each shown instead of the table while open: the pivot
//! (`pivot/`) and the comparison of two periods (`compare/`). What they share is here: what
//! they offer (`choices.rs`), what a key comes to (`outcome.rs`), how one is opened over the
//! table (`open.rs`), and the way a key reaches them, with the drill-down to the rows behind a
//! line and the way back (`keys.rs`).
//!
//! A new analysis is a folder here with its state, `update` and `view`, a variant of
//! [`Analysis`], and its arms in `keys.rs` and `crate::tui::view`.

pub mod as_view;
pub mod choices;
pub mod compare;
pub mod heading;
pub mod keys;
pub mod open;
pub mod outcome;
pub mod pivot;
#[cfg(test)]
mod tests;

use crate::tui::dialogs::ColumnPick;
use crate::tui::job::Job;
use compare::CompareState;
use pivot::PivotState;

/// An analysis of the table's rows, shown instead of the table while open.
#[derive(Debug)]
pub enum Analysis {
    Pivot(Box<PivotState>),
    Compare(Box<CompareState>),
}

impl Analysis {
    /// Its passes, to number the next analysis's after them.
    pub fn job(&self) -> Job {
        match self {
            Analysis::Pivot(p) => p.job,
            Analysis::Compare(c) => c.job,
        }
    }

    /// The column picker open over it, if any.
    pub fn picking(&self) -> Option<&ColumnPick> {
        match self {
            Analysis::Pivot(p) => p.picking.as_ref(),
            Analysis::Compare(c) => c.picking.as_ref(),
        }
    }

    pub fn picking_mut(&mut self) -> Option<&mut ColumnPick> {
        match self {
            Analysis::Pivot(p) => p.picking.as_mut(),
            Analysis::Compare(c) => c.picking.as_mut(),
        }
    }

    /// Whether it is making something (for the spinner).
    pub fn busy(&self) -> bool {
        match self {
            Analysis::Pivot(p) => p.job.is_running(),
            Analysis::Compare(c) => c.job.is_running(),
        }
    }
}
