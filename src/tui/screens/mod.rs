//! The screens: the query builder (`form`), and the table view of a CSV file (`table`). Each is
//! a folder with its state, its update and its view; a new screen is a new folder here and one
//! variant of [`crate::tui::mode::Mode`].

pub mod form;
pub mod table;
