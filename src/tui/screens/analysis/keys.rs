//! A key reaching the table's analysis (the pivot or the comparison): the keys shared with the
//! table, saving the analysis, the analysis's own keys, and the drill-down to the rows behind
//! a line or cell, and the way back.

use crossterm::event::KeyEvent;

use super::Analysis;
use super::open::over_both;
use super::outcome::Then;
use crate::tui::dialogs::Dialog;
use crate::tui::dialogs::export::{ExportDialog, View as ExportView};
use crate::tui::dialogs::save_report::SaveReport;
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crate::tui::notice::Notice;
use crate::tui::screens::table::update::{reorder, settle};
use crate::tui::screens::table::{Drilled, Focus};
use crate::tui::state::State;

/// A key in the table's analysis (the pivot or the comparison): its answer, and the table's
/// when the analysis closes or drills down. A key no binding took is typed, where there is a
/// field to type in.
pub fn on_analysis_key(state: &mut State, action: Option<Action>, key: KeyEvent) -> Vec<Effect> {
    let size = state.size;
    if let Some(effects) = action.and_then(|a| over_both(state, a)) {
        return effects;
    }
    let Some(table) = &mut state.table else {
        return Vec::new();
    };
    if action == Some(Action::Export) {
        let dialog = match &table.analysis {
            Some(Analysis::Pivot(p)) => p.made.as_ref().map(|made| {
                let view = ExportView::Pivot(made.pivot.clone(), p.rows.clone(), p.measure);
                ExportDialog::new(p.file.clone(), p.base.clone(), view)
            }),
            Some(Analysis::Compare(c)) => c.made.as_ref().map(|made| {
                let view = ExportView::Compare(Box::new(made.clone()), c.by.clone(), c.measure);
                ExportDialog::new(c.file.clone(), c.base.clone(), view)
            }),
            None => None,
        };
        if let Some(dialog) = dialog {
            state.notice = None;
            state.dialog = Some(Dialog::Export(dialog));
        }
        return Vec::new();
    }
    if action == Some(Action::SaveToReport) {
        let Some(analysis) = &table.analysis else {
            return Vec::new();
        };
        let today = state.now.date_naive();
        return match super::as_view::view_to_save(analysis, &state.form.draft(), today) {
            Ok(view) => {
                // A refusal of an earlier dialog is not this one's.
                state.notice = None;
                state.dialog = Some(Dialog::SaveReport(Box::new(SaveReport::new(view, today))));
                vec![Effect::ListReports]
            }
            Err(why) => {
                state.tell(Notice::bad(format!(
                    "Not a report's view yet: {}",
                    crate::printable::sentence(&why)
                )));
                Vec::new()
            }
        };
    }
    let Some(mut analysis) = table.analysis.take() else {
        return Vec::new();
    };
    let outcome = match (&mut analysis, action) {
        (Analysis::Pivot(pivot), Some(action)) => pivot.on_action(action, size),
        (Analysis::Compare(compare), Some(action)) => compare.on_action(action, size),
        (Analysis::Compare(compare), None) => {
            compare.type_key(key);
            Then::Stay(Vec::new())
        }
        (Analysis::Pivot(pivot), None) => {
            pivot.type_key(key);
            Then::Stay(Vec::new())
        }
    };
    match outcome {
        Then::Stay(effects) => {
            table.analysis = Some(analysis);
            effects
        }
        Then::Close(effects) => {
            table.analysis_jobs = analysis.job().issued();
            settle(table, size, effects)
        }
        Then::Drill(drill) => {
            let before = std::mem::replace(&mut table.filters, drill.filters);
            let sort = std::mem::replace(&mut table.sort, drill.sort);
            table.drilled = Some(Drilled {
                back: analysis,
                filters: before,
                sort,
                what: drill.what,
            });
            table.focus = Focus::Rows;
            let effects = reorder(table).into_iter().collect();
            settle(table, size, effects)
        }
    }
}
