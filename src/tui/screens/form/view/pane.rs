//! What every pane of the builder draws with: its frame, its title, its problems.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Padding};

use crate::query::Problem;
use crate::tui::screens::form::Pane;
use crate::tui::state::State;
use crate::tui::theme::Theme;

/// A pane's frame: its title, and a border that shows focus and trouble.
pub(super) fn pane_block<'a>(
    title: Line<'a>,
    focused: bool,
    troubled: bool,
    theme: &Theme,
) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(theme.border(focused, troubled))
        .padding(Padding::horizontal(1))
        .title(title)
}

/// A title, marked when the pane has the focus.
pub(super) fn title(text: impl Into<String>, state: &State, pane: Pane) -> Line<'static> {
    let style = if state.builder.focus == pane && state.dialog.is_none() {
        state.theme.accent()
    } else {
        Style::new()
    };
    Line::from(Span::styled(format!(" {} ", text.into()), style))
}

/// The problems that belong to `pane`.
pub(super) fn problems_in(problems: &[Problem], pane: Pane) -> impl Iterator<Item = &Problem> {
    problems.iter().filter(move |p| Pane::of(&p.field) == pane)
}
