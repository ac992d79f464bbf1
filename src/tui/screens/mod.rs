//! The screens: the query builder (`form`), the table view of a CSV file (`table`), and the
//! analyses of the table's rows (`analysis`: the pivot and the comparison). Each is a folder
//! with its state, its update and its view; a new screen is a new folder here and one variant
//! of [`crate::tui::mode::Mode`].

pub mod analysis;
pub mod form;
pub mod table;

use crate::tui::msg::{Effect, Msg};

/// The message the work of a screen's slow effect (a pivot made or re-ordered, totals made)
/// comes to, done here and now: for tests and benchmarks, which run where the runtime runs a
/// task. `None` for any other effect.
pub fn work(effect: &Effect) -> Option<Msg> {
    analysis::pivot::work::work(effect).or_else(|| table::totals_update::work(effect))
}
