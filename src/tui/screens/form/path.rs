//! Where to save the fetched file, asked in the result pane: Enter fetches, Esc does not.

use std::path::PathBuf;

use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use crate::tui::dialogs::{Intent, Overlay};
use crate::tui::keymap::Action;
use crate::tui::widgets::line_input;

/// The path being typed (drawn in the result pane).
#[derive(Debug)]
pub struct PathPrompt(pub TextArea<'static>);

impl PathPrompt {
    /// The prompt, offering `name`.
    pub fn new(name: &str) -> PathPrompt {
        PathPrompt(line_input::with_text(name))
    }
}

impl Overlay for PathPrompt {
    /// The path to fetch to, as typed (trimmed, never empty).
    type Answer = PathBuf;

    fn on_action(&mut self, action: Action) -> Intent<PathBuf> {
        match action {
            Action::Save => {
                let typed = line_input::text(&self.0).trim().to_string();
                if typed.is_empty() {
                    return Intent::Refuse("Type a file name to fetch to.".into());
                }
                Intent::Answer(PathBuf::from(typed))
            }
            Action::Cancel => Intent::Close,
            _ => Intent::Stay,
        }
    }

    fn type_key(&mut self, key: KeyEvent) {
        line_input::input(&mut self.0, key);
    }

    fn paste(&mut self, text: &str) {
        line_input::paste(&mut self.0, text, false);
    }
}
