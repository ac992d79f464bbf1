//! Drawing the state: the screen that is open, then the dialog over it. Nothing here changes
//! anything.

use ratatui::Frame;

use super::dialogs::{
    Dialog, Look, column_pick, export, help, picker, prompt, replace_report, save_report,
};
use super::layout;
use super::screens::analysis::{Analysis, compare, pivot};
use super::screens::form::dimension;
use super::screens::form::layout::Areas;
use super::screens::table::columns;
use super::screens::{form, table};
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
    overlays(state, frame);
}

/// Draws the open dialog, and the dimension editor or the column chooser, over the screen.
fn overlays(state: &State, frame: &mut Frame) {
    let look = Look {
        theme: &state.theme,
        notice: state.notice.as_ref(),
    };
    if let Some(editor) = state.builder.dimension_editor() {
        dimension::draw(editor, frame, look);
    }
    if let Some(chooser) = state.table.as_ref().and_then(|t| t.chooser.as_ref()) {
        columns::draw(chooser, frame, look);
    }
    if let Some(pick) = state
        .table
        .as_ref()
        .and_then(|t| t.analysis.as_ref())
        .and_then(|a| a.picking())
    {
        column_pick::draw_in(pick, &state.theme, frame, frame.area());
    }
    match &state.dialog {
        Some(Dialog::Help(help)) => help::draw(help, frame, look),
        Some(Dialog::ConfirmQuit(question)) => question.draw(frame, look),
        Some(Dialog::Picker(picker)) => picker::draw(picker, frame, look),
        Some(Dialog::Prompt(prompt)) => prompt::draw(prompt, frame, look),
        Some(Dialog::Export(dialog)) => export::draw(dialog, frame, look),
        Some(Dialog::SaveReport(dialog)) => save_report::draw(dialog, frame, look),
        Some(Dialog::ReplaceReport(question)) => replace_report::draw(question, frame, look),
        None => {}
    }
}
