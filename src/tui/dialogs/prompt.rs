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
use crate::printable::printable;
use crate::query::{DateInput, validate};
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
                    PromptPurpose::ComparePeriods => match compare_periods(state, &typed) {
                        Ok(effect) => vec![effect],
                        Err(why) => {
                            state.notice = Some(Notice::bad(why));
                            return Outcome::stay();
                        }
                    },
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

/// The form's query for each of the two periods typed, checked, as the effect that sends both
/// and fetches their files beside the others; or why not.
fn compare_periods(state: &State, typed: &str) -> Result<Effect, String> {
    let (a, b) = super::periods::typed_pair(typed)?;
    let mut queries = Vec::new();
    for period in [a, b] {
        let (start, end) = period.bounds();
        let mut draft = state.form.draft();
        draft.dates = DateInput::Typed {
            start: Some(start.to_string()),
            end: Some(end.to_string()),
        };
        let query = validate(&draft, state.now).map_err(|problems| {
            format!(
                "Not sent: {}",
                problems.first().map_or_else(String::new, |p| p.to_string())
            )
        })?;
        queries.push((period, query));
    }
    Ok(Effect::FetchPeriods {
        queries,
        folder: PathBuf::from(&state.context.folder),
        profile: state.context.profile.clone(),
    })
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
        PromptPurpose::ComparePeriods => (
            "Compare two periods",
            "The form's query is sent for A, then B (2026-09 2026-10, 2026-Q2 2026-Q3):",
        ),
    };
    let area = frame::centered(frame.area(), 80, 5);
    let block = frame::dialog(title, state);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [ask, answer, why] = Layout::vertical([Constraint::Length(1); 3]).areas(inner);
    frame.render_widget(Paragraph::new(Span::styled(question, theme.muted())), ask);
    frame.render_widget(&prompt.text, answer);
    // Why the answer was not taken, where the eye is (the notice line may be under the dialog).
    if let Some(notice) = state.notice.as_ref().filter(|n| n.bad) {
        frame.render_widget(
            Paragraph::new(Span::styled(printable(&notice.text), theme.error())),
            why,
        );
    }
}
