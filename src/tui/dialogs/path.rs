//! Where to save the fetched file, asked in the result pane: Enter fetches, Esc does not.

use std::path::PathBuf;

use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::Outcome;
use crate::tui::keymap::Action;
use crate::tui::screens::form::{Fetch, result};
use crate::tui::state::{Notice, State};
use crate::tui::widgets::line_input;

/// The path being typed, taken out of the fetch while it answers `action`.
pub fn on_action(path: &mut TextArea<'static>, action: Action, state: &mut State) -> Outcome {
    match action {
        Action::Submit => Outcome::Close(result::submit(state)),
        Action::ForceQuit => {
            state.quit = true;
            Outcome::stay()
        }
        Action::Save => {
            let typed = line_input::text(path).trim().to_string();
            if typed.is_empty() {
                state.notice = Some(Notice::bad("Type a file name to fetch to."));
                return Outcome::stay();
            }
            Outcome::Close(result::start_asked(state, PathBuf::from(typed), false))
        }
        Action::Cancel => Outcome::close(),
        _ => Outcome::stay(),
    }
}

/// Routes `action` to the path prompt, if the fetch is asking for one.
pub fn answer(state: &mut State, action: Action) -> Vec<crate::tui::msg::Effect> {
    let Fetch::Asking(mut path) = std::mem::take(&mut state.result.fetch) else {
        return Vec::new();
    };
    match on_action(&mut path, action, state) {
        Outcome::Stay(effects) => {
            if matches!(state.result.fetch, Fetch::Idle) {
                state.result.fetch = Fetch::Asking(path);
            }
            effects
        }
        Outcome::Close(effects) => effects,
    }
}

pub fn type_key(path: &mut TextArea<'static>, key: KeyEvent) {
    line_input::input(path, key);
}
