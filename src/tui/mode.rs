//! Who has the keyboard now. [`of`] is the one place that decides it; keys, pastes and the
//! mouse are dispatched by one match on its answer (in `update`), and the footer and help
//! list the keys of the same answer.

use super::dialogs::{Dialog, PickerKind};
use super::keymap::Scope;
use super::layout;
use super::screens::form::{Editing, Fetch, Pane};
use super::state::State;

/// The room that owns the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The terminal is too small to use: only quitting works.
    TooSmall,
    /// A dialog over everything.
    Help,
    ConfirmQuit,
    Picker {
        history: bool,
    },
    Prompt,
    /// The table view of a CSV file, with its filter or column prompt open, and a sort or
    /// filter running.
    Table {
        prompt: bool,
        job: bool,
    },
    /// A dimension being edited.
    Dimension,
    /// The path to fetch to being typed.
    FetchPath,
    /// A date, the limit or the version being typed.
    Field,
    /// Asked whether to replace a file that exists.
    Overwrite,
    /// The builder's panes, the focused one first.
    Form {
        pane: Pane,
        link: bool,
        fetching: bool,
    },
}

/// Who has the keyboard in `state`. The order is the rule: a dialog over anything; then the
/// table view when a file is open; then an open editor, which keeps the keyboard even when a
/// question comes up meanwhile (the question waits until the editor is closed); then the
/// question; then the builder.
pub fn of(state: &State) -> Mode {
    if !layout::fits(state.size) {
        return Mode::TooSmall;
    }
    match &state.dialog {
        Some(Dialog::Help(_)) => return Mode::Help,
        Some(Dialog::ConfirmQuit) => return Mode::ConfirmQuit,
        Some(Dialog::Picker(picker)) => {
            return Mode::Picker {
                history: picker.kind == PickerKind::History,
            };
        }
        Some(Dialog::Prompt(_)) => return Mode::Prompt,
        None => {}
    }
    if let Some(table) = &state.table {
        return Mode::Table {
            prompt: table.prompt.is_some(),
            job: table.job.is_some(),
        };
    }
    match (&state.builder.editing, &state.result.fetch) {
        (Some(Editing::Dimension(_)), _) => Mode::Dimension,
        (_, Fetch::Asking(_)) => Mode::FetchPath,
        (Some(Editing::Field(_)), _) => Mode::Field,
        (None, Fetch::Confirming { .. }) => Mode::Overwrite,
        (None, _) => Mode::Form {
            pane: state.builder.focus,
            link: state.link().is_some(),
            fetching: state.result.running_fetch().is_some(),
        },
    }
}

impl Mode {
    /// The scopes whose keys work in this mode, most specific first.
    pub fn scopes(self) -> Vec<Scope> {
        let mut scopes = vec![Scope::Always];
        match self {
            Mode::TooSmall => scopes.push(Scope::Anywhere),
            Mode::Help => scopes.push(Scope::Help),
            Mode::ConfirmQuit | Mode::Overwrite => scopes.push(Scope::Confirm),
            Mode::Picker { history } => {
                if history {
                    scopes.push(Scope::History);
                }
                scopes.push(Scope::Picker);
            }
            Mode::Prompt => scopes.push(Scope::Prompt),
            Mode::Table { prompt, job } => {
                if job {
                    scopes.push(Scope::TableJob);
                }
                scopes.push(if prompt {
                    Scope::TablePrompt
                } else {
                    Scope::Table
                });
            }
            Mode::Dimension => scopes.push(Scope::DimensionEditor),
            Mode::FetchPath => scopes.push(Scope::PathPrompt),
            Mode::Field => scopes.push(Scope::Editor),
            Mode::Form {
                pane,
                link,
                fetching,
            } => {
                if fetching {
                    scopes.push(Scope::Fetching);
                }
                scopes.push(pane.scope());
                if link && !fetching {
                    scopes.push(Scope::Link);
                }
                scopes.push(Scope::Anywhere);
            }
        }
        scopes
    }
}
