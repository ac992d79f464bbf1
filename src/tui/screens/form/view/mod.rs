//! Drawing the query builder: its panes, the result, and the status line and footer around
//! them.

mod body;
mod dates;
mod dimensions;
mod json;
mod options;
mod pane;
mod result;
mod types;

use ratatui::Frame;

use super::layout::Areas;
use crate::query::{Problem, validate};
use crate::tui::state::State;
use crate::tui::widgets::chrome;

/// Draws the builder in `areas`.
pub fn draw(state: &State, areas: &Areas, frame: &mut Frame) {
    // Checked once a frame; every pane that needs the query or its problems gets them here.
    let draft = state.form.draft();
    let checked = validate(&draft, state.now);
    let (query, problems) = match &checked {
        Ok(query) => (Some(query), &[][..]),
        Err(problems) => (None, &problems[..]),
    };
    let problems: &[Problem] = problems;
    chrome::status(state, frame, areas.status);
    dates::draw(state, problems, query, frame, areas.dates);
    types::draw(state, problems, frame, areas.types);
    dimensions::draw(state, problems, frame, areas.dimensions);
    options::draw(state, problems, frame, areas.options);
    // Sharing one pane, the result shows while it has news, unless the body is being
    // scrolled; the result's title says how to see the body.
    let result_there = super::layout::result_has_news(state) && !state.builder.body_first;
    if !areas.shared || !result_there {
        body::draw(state, &draft, problems, query, frame, areas.body);
    }
    if !areas.shared || result_there {
        result::draw(state, query, frame, areas.result, areas.shared);
    }
    chrome::footer(state, frame, areas.footer);
}
