//! Reports: a named recipe of a query with relative periods, the views to answer and the files
//! to write, kept as readable TOML in the config folder's `reports/`; and the answering and
//! writing of it, all or nothing, below both faces. Fetching stays with each face (it has the
//! connection); a report hands it the range to fetch and takes the file back.
//!
//! The rooms: `recipe.rs` reads the file; `plan.rs` resolves it as of a day and checks it
//! before anything is sent, each view in `view.rs`; `names.rs` fills in file names;
//! `library.rs` keeps the folder; `edit.rs` adds a view saved from the screen; `run.rs` answers
//! and writes.

mod edit;
mod library;
mod names;
mod plan;
mod recipe;
mod run;
mod view;

pub use edit::Added;
pub use library::{Found, Reports};
pub use plan::{Plan, plan};
pub use recipe::{
    Lines, OutputPart, QueryPart, Recipe, RecipeError, Section, ViewKind, ViewPart, parse, to_text,
};
pub use run::{RunError, answer_and_write};
pub use view::{Ask, PlannedView};
