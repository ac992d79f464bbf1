//! The screens: the query builder (`form`), the table view of a CSV file (`table`), and the
//! pivot of the table's rows (`pivot`). Each is
//! a folder with its state, its update and its view; a new screen is a new folder here and one
//! variant of [`crate::tui::mode::Mode`].

pub mod compare;
pub mod form;
pub mod pivot;
pub mod table;

use crate::explore::Filter;
use crate::tui::msg::Effect;

/// What the table view does after a key in one of its analyses (the pivot, the comparison).
#[derive(Debug)]
pub enum Outcome {
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
    /// The column to sort them by (a comparison's date, so A's rows come before B's).
    pub sort: Option<usize>,
}
