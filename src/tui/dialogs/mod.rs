//! What takes the keyboard for a moment: one file per dialog or editor, each answering its own
//! Enter and Esc and saying whether it stays open or closes, with what effects.
//!
//! The dialogs over everything (help, a list, a question, "quit?") live in `State::dialog`; the
//! editors live where they edit (a field or a dimension in the builder, the path in the
//! result's fetch), and are routed to here by [`crate::tui::mode`].

pub mod columns;
pub mod confirm;
pub mod dimension;
pub mod export;
pub mod field;
pub mod help;
pub mod path;
pub mod periods;
pub mod picker;
pub mod prompt;

pub use columns::ColumnChooser;
pub use dimension::DimensionEditor;
pub use field::{EditField, FieldEditor};
pub use periods::PeriodChooser;
pub use picker::{PickItem, Picker, PickerKind};
pub use prompt::{Prompt, PromptPurpose};

use ratatui::Frame;

use super::keymap::Action;
use super::msg::Effect;
use super::state::State;

/// A dialog over the screen.
#[derive(Debug)]
pub enum Dialog {
    Help(help::Help),
    ConfirmQuit,
    Picker(Picker),
    Prompt(Prompt),
    /// Saving what is on screen to a file.
    Export(export::ExportDialog),
}

/// What a dialog or editor does after a key: stays open, or closes; either way with effects.
#[derive(Debug)]
pub enum Outcome {
    Stay(Vec<Effect>),
    Close(Vec<Effect>),
}

impl Outcome {
    pub fn stay() -> Outcome {
        Outcome::Stay(Vec::new())
    }

    pub fn close() -> Outcome {
        Outcome::Close(Vec::new())
    }
}

/// The open dialog's answer to `action`. The dialog is taken out of the state while it
/// answers, so it can change the rest of the state, and put back when it stays.
pub fn on_action(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(mut dialog) = state.dialog.take() else {
        return Vec::new();
    };
    let outcome = match &mut dialog {
        Dialog::Help(help) => help.on_action(action, state),
        Dialog::ConfirmQuit => confirm::on_quit_action(action, state),
        Dialog::Picker(picker) => picker.on_action(action, state),
        Dialog::Prompt(prompt) => prompt.on_action(action, state),
        Dialog::Export(export) => match common(action, state) {
            Some(outcome) => outcome,
            None => export.on_action(action, state),
        },
    };
    match outcome {
        Outcome::Stay(effects) => {
            // A dialog may open another in its place (none does yet); the newer one wins.
            state.dialog.get_or_insert(dialog);
            effects
        }
        Outcome::Close(effects) => effects,
    }
}

/// The keys every dialog shares: Ctrl-S sends the form as it is, Ctrl-C quits at once.
pub fn common(action: Action, state: &mut State) -> Option<Outcome> {
    match action {
        Action::Submit => Some(Outcome::Stay(super::screens::form::result::submit(state))),
        Action::ForceQuit => {
            state.quit = true;
            Some(Outcome::stay())
        }
        _ => None,
    }
}

/// Draws the open dialog, and the dimension editor or the column chooser, over the screen.
pub fn draw(state: &State, frame: &mut Frame) {
    if let Some(editor) = state.builder.dimension_editor() {
        dimension::draw(state, editor, frame);
    }
    if let Some(table) = &state.table
        && let Some(chooser) = &table.chooser
    {
        columns::draw(state, table, chooser, frame);
    }
    match &state.dialog {
        Some(Dialog::Help(help)) => help::draw(state, help, frame),
        Some(Dialog::ConfirmQuit) => confirm::draw_quit(state, frame),
        Some(Dialog::Picker(picker)) => picker::draw(state, picker, frame),
        Some(Dialog::Prompt(prompt)) => prompt::draw(state, prompt, frame),
        Some(Dialog::Export(dialog)) => export::draw(state, dialog, frame),
        None => {}
    }
}
