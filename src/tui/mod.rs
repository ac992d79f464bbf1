//! The interactive screen: state, update and view kept apart, with a runtime that runs slow
//! work in tasks and redraws only when something changed.
//!
//! The rooms, each importing only rooms below it (`tests/layers.rs` checks there is no circle):
//! - `runtime/`: the loop (`mod.rs`), the effect runner (`effects.rs`, with `fetching.rs` for
//!   the fetch flows and `view_work.rs` for the table's and the analyses' passes), the
//!   terminal (`terminal.rs`).
//! - `update.rs`: the one owner of the keyboard. It asks `mode.rs` who has the keyboard now and
//!   `keymap/` what the key means there, and hands the action to that room; task news goes to
//!   the room it is for. `carry.rs` carries out what a dialog answered.
//! - `state.rs` (with `notice.rs`, `context.rs`): everything the screen shows, as plain data.
//!   `msg.rs`: what happens (messages) and what is asked for (effects). `job.rs`: the ticket
//!   of a room's background work.
//! - `screens/`: one folder per screen: `form/` the query builder, `table/` the CSV, and
//!   `analysis/` the table's analyses, `pivot/` and `compare/`, with what they share. A
//!   screen's state types import no messages; its `update` changes them and returns effects;
//!   its `view` draws them.
//! - `dialogs/`: one file per dialog, each behind the `Overlay` trait: it answers keys on its
//!   own data with an `Intent` and never calls into a screen. Editors live beside what they
//!   edit (`form/field.rs`, `form/dimension.rs`, `form/path.rs`, `table/columns.rs`).
//! - `widgets/`: what several rooms draw with: the one-line input, lists, the dialog frame,
//!   the status line and footer, fast plain lines.
//!
//! A key on the pivot, Down say, from input to redraw goes through eight files:
//! `runtime/mod.rs` turns the terminal event into `Msg::Key`; `update.rs` asks `mode.rs` who
//! has the keyboard (the pivot) and `keymap/mod.rs` what Down means there; it hands the action
//! to `screens/analysis/keys.rs`, where the keys every analysis shares are answered, which
//! hands it to `screens/analysis/pivot/update.rs`; the cursor moves; and the frame is drawn by
//! `view.rs` and `screens/analysis/pivot/view.rs`. A key that asks for slow work (`s`, the
//! order) returns an effect from `pivot/update.rs`: `runtime/effects.rs` gives it to
//! `runtime/view_work.rs`, which runs `pivot/work.rs` in a task; its answer comes back as a
//! message through `update.rs` to `pivot/update.rs`, and the next frame draws it.
//!
//! To add:
//! - a screen: a folder under `screens/` with its state, `update.rs` and `view.rs`; a field of
//!   [`State`] for it, a variant of [`mode::Mode`] with its scope in `keymap/`, and its arms in
//!   `update.rs` and `view.rs`.
//! - a dialog: a file under `dialogs/` with its state implementing `Overlay` and a `draw`; a
//!   variant of `dialogs::Dialog` and of `mode::Mode`; its answer carried out in `carry.rs`
//!   and drawn in `view.rs`.
//! - an analysis: a folder under `screens/analysis/` with its state, `update.rs` (returning an
//!   `outcome::Then`) and `view.rs`; a variant of `analysis::Analysis`; its arms in
//!   `analysis/keys.rs`, `mode.rs` and `view.rs`; its slow work as effects run by
//!   `runtime/view_work.rs`.

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
mod reports;
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
