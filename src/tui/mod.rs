//! The interactive query builder: state, update and view kept apart, with a runtime that runs
//! slow work in tasks and redraws only when something changed.

mod app;
mod clipboard;
mod explorer;
mod form;
mod keymap;
mod msg;
mod state;
mod terminal;
mod theme;
mod update;
mod view;

pub use app::{Library, Services, run, start_view};
pub use clipboard::{Clipboard, Osc52};
pub use explorer::Explorer;
pub use form::Form;
pub use keymap::{Action, BINDINGS, Scope};
pub use msg::{Effect, Msg, Switch};
pub use state::{Context, Fetch, Notice, Pane, State, Submission};
pub use terminal::{Screen, restore};
pub use theme::Theme;
pub use update::update;
pub use view::view;
