//! A question with a one-line answer: the name to save the form under, or the path to write
//! its request body to.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Span;
use ratatui::widgets::{Clear, Paragraph};
use ratatui_textarea::TextArea;

use super::overlay::{Intent, Look, Overlay};
use crate::printable::printable;
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::widgets::{frame, line_input};

/// A question with a one-line answer.
#[derive(Debug)]
pub struct Prompt {
    pub purpose: PromptPurpose,
    pub text: TextArea<'static>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptPurpose {
    /// The name to save the form under.
    SaveQuery,
    /// The path to write the request body to.
    WriteBody,
    /// The two periods to send the form's query for, and compare.
    ComparePeriods,
}

impl Prompt {
    pub fn new(purpose: PromptPurpose, text: &str) -> Prompt {
        Prompt {
            purpose,
            text: line_input::with_text(text),
        }
    }
}

impl Overlay for Prompt {
    /// What it was asked for, and the answer typed (trimmed, never empty).
    type Answer = (PromptPurpose, String);

    fn on_action(&mut self, action: Action) -> Intent<Self::Answer> {
        match action {
            Action::Save => {
                let typed = line_input::text(&self.text).trim().to_string();
                if typed.is_empty() {
                    return Intent::Refuse(format!(
                        "Type a name first, or {}.",
                        key(Scope::Prompt, Action::Cancel)
                    ));
                }
                Intent::Answer((self.purpose, typed))
            }
            Action::Cancel => Intent::Close,
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

/// Draws the dialog over the screen.
pub fn draw(prompt: &Prompt, frame: &mut Frame, look: Look) {
    let theme = look.theme;
    let (title, question) = match prompt.purpose {
        PromptPurpose::SaveQuery => (
            "Save the query",
            "A name for it (a preset stays a preset: last month is last month when it runs):",
        ),
        PromptPurpose::WriteBody => (
            "Write the request body",
            "A file to write the JSON body to (m3ter-bills --body reads it back):",
        ),
        PromptPurpose::ComparePeriods => (
            "Compare two periods",
            "The form's query, sent for A then B (2026-09 2026-10, or month-2 last-month):",
        ),
    };
    let area = frame::centered(frame.area(), 80, 5);
    let block = frame::dialog(title, theme);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [ask, answer, why] = Layout::vertical([Constraint::Length(1); 3]).areas(inner);
    frame.render_widget(Paragraph::new(Span::styled(question, theme.muted())), ask);
    frame.render_widget(&prompt.text, answer);
    // Why the answer was not taken, where the eye is (the notice line may be under the dialog).
    if let Some(refusal) = look.refusal() {
        frame.render_widget(
            Paragraph::new(Span::styled(printable(refusal), theme.error())),
            why,
        );
    }
}
