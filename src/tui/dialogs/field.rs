//! Typing a date, the limit or the version in its pane. Nothing typed is ever thrown away:
//! Enter and Esc both keep the text, and invalid text stays to be reported.

use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::Outcome;
use crate::tui::keymap::Action;
use crate::tui::screens::form::{Editing, result};
use crate::tui::state::State;
use crate::tui::widgets::line_input;

/// A single-line field being typed into.
#[derive(Debug)]
pub struct FieldEditor {
    pub field: EditField,
    pub text: TextArea<'static>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditField {
    Start,
    End,
    Limit,
    Version,
}

impl FieldEditor {
    /// An editor of `field`, holding what the form has.
    pub fn open(field: EditField, state: &State) -> FieldEditor {
        let form = &state.form;
        let text = match field {
            EditField::Start => &form.start,
            EditField::End => &form.end,
            EditField::Limit => &form.limit,
            EditField::Version => &form.version,
        };
        FieldEditor {
            field,
            text: line_input::with_text(text),
        }
    }

    pub fn on_action(&mut self, action: Action, state: &mut State) -> Outcome {
        match action {
            Action::Submit => {
                self.put(state);
                Outcome::Close(result::submit(state))
            }
            Action::ForceQuit => {
                state.quit = true;
                Outcome::stay()
            }
            Action::EditorDone => {
                self.put(state);
                Outcome::close()
            }
            _ => Outcome::stay(),
        }
    }

    pub fn type_key(&mut self, key: KeyEvent) {
        line_input::input(&mut self.text, key);
    }

    pub fn paste(&mut self, text: &str) {
        line_input::paste(&mut self.text, text, false);
    }

    /// Puts what was typed into the form.
    fn put(&self, state: &mut State) {
        let text = line_input::text(&self.text).trim().to_string();
        let form = &mut state.form;
        match self.field {
            EditField::Start => form.start = text,
            EditField::End => form.end = text,
            EditField::Limit => form.limit = text,
            EditField::Version => form.version = text,
        }
    }
}

/// Closes an open field editor, keeping its text (before a submit, so what is on screen is
/// what is sent).
pub fn finish(state: &mut State) {
    match state.builder.editing.take() {
        Some(Editing::Field(editor)) => editor.put(state),
        other => state.builder.editing = other,
    }
}
