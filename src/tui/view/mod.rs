//! Drawing the state. Nothing here changes anything.

mod body;
mod chrome;
mod dates;
mod dimensions;
mod json;
pub mod layout;
mod options;
mod overlays;
mod picker;
mod plain_lines;
mod result;
mod table;
mod types;

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Padding};

use super::state::{Pane, State};
use super::theme::Theme;
use crate::query::{Problem, validate};
use layout::Areas;

/// Draws the whole screen for `state`.
pub fn view(state: &State, frame: &mut Frame) {
    if let Some(explorer) = &state.explorer {
        if frame.area().width < layout::MIN_WIDTH || frame.area().height < layout::MIN_HEIGHT {
            overlays::too_small(state, frame);
        } else {
            table::draw(state, explorer, frame);
            overlays::draw(state, frame);
        }
        return;
    }
    let Some(areas) = Areas::compute(frame.area(), state) else {
        overlays::too_small(state, frame);
        return;
    };
    let problems = validate(&state.form.draft(), state.now)
        .err()
        .unwrap_or_default();
    chrome::status(state, frame, areas.status);
    dates::draw(state, &problems, frame, areas.dates);
    types::draw(state, &problems, frame, areas.types);
    dimensions::draw(state, &problems, frame, areas.dimensions);
    options::draw(state, &problems, frame, areas.options);
    body::draw(state, &problems, frame, areas.body);
    result::draw(state, frame, areas.result);
    chrome::footer(state, frame, areas.footer);
    overlays::draw(state, frame);
}

/// A pane's frame: its title, and a border that shows focus and trouble.
fn pane_block<'a>(title: Line<'a>, focused: bool, troubled: bool, theme: &Theme) -> Block<'a> {
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
fn title(text: impl Into<String>, state: &State, pane: Pane) -> Line<'static> {
    let style = if state.focus == pane && state.overlay.is_none() {
        state.theme.accent()
    } else {
        Style::new()
    };
    Line::from(Span::styled(format!(" {} ", text.into()), style))
}

/// The problems that belong to `pane`.
fn problems_in(problems: &[Problem], pane: Pane) -> impl Iterator<Item = &Problem> {
    problems
        .iter()
        .filter(move |p| super::update::pane_of(&p.field) == pane)
}
