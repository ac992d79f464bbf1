//! A question with a one-line answer: the name to save the form under, or the path to write
//! its request body to.

use std::path::PathBuf;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Span;
use ratatui::widgets::{Clear, Paragraph};
use ratatui_textarea::TextArea;

use super::Outcome;
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crate::tui::screens::form::update::checked;
use crate::tui::state::{Notice, State};
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
}

impl Prompt {
    pub fn new(purpose: PromptPurpose, text: &str) -> Prompt {
        Prompt {
            purpose,
            text: line_input::with_text(text),
        }
    }

    pub fn on_action(&mut self, action: Action, state: &mut State) -> Outcome {
        if let Some(outcome) = super::common(action, state) {
            return outcome;
        }
        match action {
            Action::Save => {
                let typed = line_input::text(&self.text).trim().to_string();
                if typed.is_empty() {
                    state.notice = Some(Notice::bad(format!(
                        "Type a name first, or {}.",
                        crate::tui::keymap::key(crate::tui::keymap::Scope::Prompt, Action::Cancel)
                    )));
                    return Outcome::stay();
                }
                Outcome::Close(match self.purpose {
                    PromptPurpose::SaveQuery => {
                        state.builder.saved_name = Some(typed.clone());
                        vec![Effect::SaveQuery(typed, state.form.draft())]
                    }
                    PromptPurpose::WriteBody => checked(state, "Not written")
                        .map(|q| vec![Effect::WriteBody(PathBuf::from(typed), q)])
                        .unwrap_or_default(),
                })
            }
            Action::Cancel => Outcome::close(),
            _ => Outcome::stay(),
        }
    }

    pub fn type_key(&mut self, key: KeyEvent) {
        line_input::input(&mut self.text, key);
    }

    pub fn paste(&mut self, text: &str) {
        line_input::paste(&mut self.text, text, false);
    }
}

pub fn draw(state: &State, prompt: &Prompt, frame: &mut Frame) {
    let theme = &state.theme;
    let (title, question) = match prompt.purpose {
        PromptPurpose::SaveQuery => (
            "Save the query",
            "A name for it (a preset stays a preset: last month is last month when it runs):",
        ),
        PromptPurpose::WriteBody => (
            "Write the request body",
            "A file to write the JSON body to (m3ter-bills --body reads it back):",
        ),
    };
    let area = frame::centered(frame.area(), 80, 5);
    let block = frame::dialog(title, state);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [ask, answer, _] = Layout::vertical([Constraint::Length(1); 3]).areas(inner);
    frame.render_widget(Paragraph::new(Span::styled(question, theme.muted())), ask);
    frame.render_widget(&prompt.text, answer);
}
