//! The screens: the query builder (`form`), the table view of a CSV file (`table`), and the
//! pivot of the table's rows (`pivot`). Each is
//! a folder with its state, its update and its view; a new screen is a new folder here and one
//! variant of [`crate::tui::mode::Mode`].

pub mod form;
pub mod pivot;
pub mod table;
