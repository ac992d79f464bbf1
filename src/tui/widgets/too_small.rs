//! What a terminal too small to use shows instead of the screen.

use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::keymap::{Action, Scope, key};
use crate::tui::layout::smallest;
use crate::tui::state::State;

pub fn draw(state: &State, frame: &mut Frame) {
    let area = frame.area();
    let (width, height) = smallest(state);
    let text = format!(
        "This screen needs at least {width}x{height}; this terminal is {}x{}. Make it larger, or press {} to quit.",
        area.width,
        area.height,
        key(Scope::Anywhere, Action::Quit)
    );
    frame.render_widget(
        Paragraph::new(Span::styled(text, state.theme.error()))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        area,
    );
}
