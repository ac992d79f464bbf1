//! The yes-or-no questions: quit while a download runs, and replace a file that exists.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::Outcome;
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::screens::form::{Fetch, result};
use crate::tui::state::{Notice, State};
use crate::tui::widgets::frame;

/// "A download is running. Quit?"
pub fn on_quit_action(action: Action, state: &mut State) -> Outcome {
    if let Some(outcome) = super::common(action, state) {
        return outcome;
    }
    match action {
        Action::Yes => {
            state.quit = true;
            Outcome::close()
        }
        Action::No => Outcome::close(),
        _ => Outcome::stay(),
    }
}

/// "The file exists. Replace it?", asked in the result pane when a fetch found its target.
pub fn on_overwrite_action(action: Action, state: &mut State) -> Vec<crate::tui::msg::Effect> {
    let Fetch::Confirming { path } = &state.result.fetch else {
        return Vec::new();
    };
    let path = path.clone();
    match action {
        Action::Submit => result::submit(state),
        Action::ForceQuit => {
            state.quit = true;
            Vec::new()
        }
        Action::Yes => result::start_asked(state, path, true),
        Action::No => {
            state.result.fetch = Fetch::Idle;
            state.notice = Some(Notice::good(format!(
                "Not fetched; {} was left as it was.",
                path.display()
            )));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The keys of a yes-or-no question, as `y yes  n no`.
pub fn answers(state: &State) -> Vec<Span<'static>> {
    let theme = &state.theme;
    vec![
        Span::styled(key(Scope::Confirm, Action::Yes), theme.key()),
        Span::raw(" yes  "),
        Span::styled(key(Scope::Confirm, Action::No), theme.key()),
        Span::raw(" no"),
    ]
}

pub fn draw_quit(state: &State, frame: &mut Frame) {
    let theme = &state.theme;
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
        Paragraph::new(text).block(frame::dialog("Quit?", state)),
        area,
    );
}
