//! The yes-or-no questions: quit while a download runs ([`QuitQuestion`]), and replace a file
//! that exists (asked in the result pane, with the same keys: [`answers`]).

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::overlay::{Intent, Look, Overlay};
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::theme::Theme;
use crate::tui::widgets::frame;

/// "A download is running. Quit?"
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuitQuestion;

/// The answer "yes": quit, discarding the download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Yes;

/// The question's answer to a key: yes, no, or still asking.
pub fn yes_or_no(action: Action) -> Intent<Yes> {
    match action {
        Action::Yes => Intent::Answer(Yes),
        Action::No => Intent::Close,
        _ => Intent::Stay,
    }
}

impl Overlay for QuitQuestion {
    type Answer = Yes;

    fn on_action(&mut self, action: Action) -> Intent<Yes> {
        yes_or_no(action)
    }
}

impl QuitQuestion {
    /// Draws the question over the screen.
    pub fn draw(&self, frame: &mut Frame, look: Look) {
        let theme = look.theme;
        let area = frame::centered(frame.area(), 56, 5);
        let text = vec![
            Line::raw("A download is running. Quit and discard it?"),
            Line::from(vec![
                Span::styled(key(Scope::Confirm, Action::Yes), theme.key()),
                Span::raw(" quit (no partial file is left)  "),
                Span::styled(key(Scope::Confirm, Action::No), theme.key()),
                Span::raw(" keep going"),
            ]),
        ];
        frame.render_widget(Clear, area);
        frame.render_widget(
            Paragraph::new(text).block(frame::dialog("Quit?", theme)),
            area,
        );
    }
}

/// The keys of a yes-or-no question, as `y yes  n no`.
pub fn answers(theme: &Theme) -> Vec<Span<'static>> {
    vec![
        Span::styled(key(Scope::Confirm, Action::Yes), theme.key()),
        Span::raw(" yes  "),
        Span::styled(key(Scope::Confirm, Action::No), theme.key()),
        Span::raw(" no"),
    ]
}
