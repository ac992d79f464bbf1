//! Typing a date, the limit or the version in its pane. Nothing typed is ever thrown away:
//! Enter and Esc both keep the text, and invalid text stays to be reported.

use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::values::Form;
use crate::tui::dialogs::{Intent, Overlay};
use crate::tui::keymap::Action;
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
    pub fn open(field: EditField, form: &Form) -> FieldEditor {
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

    /// Puts what was typed into the form.
    pub fn put(&self, form: &mut Form) {
        let text = line_input::text(&self.text).trim().to_string();
        match self.field {
            EditField::Start => form.start = text,
            EditField::End => form.end = text,
            EditField::Limit => form.limit = text,
            EditField::Version => form.version = text,
        }
    }
}

/// What is typed is kept: Enter and Esc both put it into the form (invalid text stays to be
/// reported), so the editor answers only "done".
impl Overlay for FieldEditor {
    type Answer = Done;

    fn on_action(&mut self, action: Action) -> Intent<Done> {
        match action {
            Action::EditorDone => Intent::Answer(Done),
            _ => Intent::Stay,
        }
    }

    fn type_key(&mut self, key: KeyEvent) {
        line_input::input(&mut self.text, key);
    }

    fn paste(&mut self, text: &str) {
        line_input::paste(&mut self.text, text, false);
    }
}

/// An editor's answer: what was typed is to be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Done;
