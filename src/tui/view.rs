//! Drawing the state: the screen that is open, then the dialog over it. Nothing here changes
//! anything.

use ratatui::Frame;

use super::dialogs;
use super::layout;
use super::screens::form::layout::Areas;
use super::screens::table::Analysis;
use super::screens::{compare, form, pivot, table};
use super::state::State;
use super::widgets::too_small;

/// Draws the whole screen for `state`.
pub fn view(state: &State, frame: &mut Frame) {
    let area = frame.area();
    if !layout::fits(state, (area.width, area.height)) {
        too_small::draw(state, frame);
        return;
    }
    match &state.table {
        Some(view) => match &view.analysis {
            Some(Analysis::Pivot(pivot)) => pivot::view::draw(state, pivot, frame),
            Some(Analysis::Compare(c)) => compare::view::draw(state, c, frame),
            None => table::view::draw(state, view, frame),
        },
        None => {
            if let Some(areas) = Areas::compute(area, state) {
                form::view::draw(state, &areas, frame);
            }
        }
    }
    dialogs::draw(state, frame);
}
