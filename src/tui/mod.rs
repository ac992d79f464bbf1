//! The interactive screen: state, update and view kept apart, with a runtime that runs slow
//! work in tasks and redraws only when something changed.
//!
//! The rooms:
//! - `runtime/`: the loop (`mod.rs`), the effect runner (`effects.rs`) and its helpers, the
//!   terminal (`terminal.rs`).
//! - `mode.rs`: who has the keyboard now, decided in one function; `update.rs` dispatches keys,
//!   pastes and the mouse by one match on it, and task news to the room it is for.
//! - `screens/`: one folder per screen (`form/` the query builder, `table/` the CSV, `pivot/`
//!   the pivot of the table's rows, which the table holds while it is open), each with its
//!   state, update, layout and view. `dialogs/`: one file per dialog or editor, each
//!   answering its own Enter and Esc. `widgets/`: what several of them draw or use.
//! - `keymap.rs`: the one table of keys, which dispatch, footers, hints and help all read.
//!
//! A keypress, Ctrl-S say, goes through five files: `runtime/mod.rs` turns the terminal event
//! into `Msg::Key`; `update.rs` asks `mode::of` who owns the keyboard and hands the key's
//! action to that room, here `screens/form/result.rs`, which returns `Effect::Submit`;
//! `runtime/effects.rs` runs it as a task that answers `Msg::Submitted`, which `update.rs`
//! hands back to `result.rs`; and the next frame draws the link (`screens/form/view/result.rs`).
//!
//! A new screen is a folder under `screens/` and one variant of [`mode::Mode`]; a new dialog is
//! a file under `dialogs/` and one variant of [`dialogs::Dialog`].

mod carry;
mod clipboard;
mod context;
mod dialogs;
mod job;
mod keymap;
mod layout;
mod mode;
mod msg;
mod notice;
mod runtime;
mod screens;
mod state;
mod theme;
mod update;
mod view;
mod widgets;

pub use clipboard::{Clipboard, Osc52};
pub use keymap::{Action, BINDINGS, Scope};
pub use msg::{Effect, Msg, Switch};
pub use runtime::terminal::{Screen, restore};
pub use runtime::{Library, Services, run, start_view};
pub use screens::form::values::Form;
pub use screens::form::{Fetch, Pane, Submission};
pub use screens::table::TableState;
pub use screens::work;
pub use state::{Context, Notice, State};
pub use theme::Theme;
pub use update::update;
pub use view::view;

#[cfg(test)]
pub(crate) mod tests {
    //! Helpers for the rooms' unit tests.

    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;

    pub fn state() -> State {
        let now = crate::query::parse_date_time("2026-11-27T00:00:00Z").unwrap();
        State::new(
            Form::default(),
            now,
            (120, 40),
            Theme { color: false },
            Context::default(),
        )
    }

    pub fn press(state: &mut State, code: KeyCode) -> Vec<Effect> {
        update(state, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    pub fn ctrl(state: &mut State, c: char) -> Vec<Effect> {
        update(
            state,
            Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
        )
    }
}
