//! "The report's files for this day are there. Replace them?": asked before anything is sent,
//! since a run for the same day writes the same names.

use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::confirm::{answers, yes_or_no};
use super::overlay::{Intent, Look, Overlay};
use crate::printable::printable;
use crate::tui::keymap::Action;
use crate::tui::widgets::frame;

/// The question, with the run it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplaceReport {
    pub name: String,
    pub as_of: NaiveDate,
    pub files: Vec<PathBuf>,
}

/// The answer "yes": run it again over them.
#[derive(Debug, Clone, PartialEq)]
pub struct Replace {
    pub name: String,
    pub as_of: NaiveDate,
}

impl Overlay for ReplaceReport {
    type Answer = Replace;

    fn on_action(&mut self, action: Action) -> Intent<Replace> {
        match yes_or_no(action) {
            Intent::Answer(_) => Intent::Answer(Replace {
                name: self.name.clone(),
                as_of: self.as_of,
            }),
            Intent::Close => Intent::Close,
            Intent::Stay | Intent::Refuse(_) => Intent::Stay,
        }
    }
}

/// Draws the question over the screen.
pub fn draw(question: &ReplaceReport, frame: &mut Frame, look: Look) {
    let theme = look.theme;
    let shown = question.files.len().min(4);
    let area = frame::centered(frame.area(), 84, 6 + shown as u16);
    let mut text = vec![Line::raw(format!(
        "The files of the report {} as of {} are there already:",
        printable(&question.name),
        question.as_of
    ))];
    text.extend(question.files.iter().take(shown).map(|f| {
        Line::styled(
            format!("  {}", printable(&f.display().to_string())),
            theme.muted(),
        )
    }));
    if question.files.len() > shown {
        text.push(Line::styled(
            format!("  and {} more", question.files.len() - shown),
            theme.muted(),
        ));
    }
    text.push(Line::raw("Fetch again and replace them (all or none)?"));
    text.push(Line::from(answers(theme)));
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .block(frame::dialog("Run the report again?", theme)),
        area,
    );
}
