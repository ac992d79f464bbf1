//! The table's analyses, the pivot and the comparison: opening one over the rows in view, its
//! keys, the drill-down to the rows behind a line or cell, and the way back.

use chrono::Datelike;
use crossterm::event::KeyEvent;

use super::update::{reorder, settle};
use super::{Analysis, Drilled, Focus, TableView};
use crate::explore::Period;
use crate::tui::dialogs::Dialog;
use crate::tui::dialogs::export::{ExportDialog, View as ExportView};
use crate::tui::dialogs::help::Help;
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crate::tui::screens::Outcome as Answer;
use crate::tui::screens::compare::CompareView;
use crate::tui::screens::pivot::PivotView;
use crate::tui::state::State;

/// The month `now` is in, as `year * 12 + month - 1`.
pub fn month_under_way(now: chrono::DateTime<chrono::Utc>) -> i64 {
    let day = now.date_naive();
    i64::from(day.year()) * 12 + i64::from(day.month0())
}

/// Opens the pivot or the comparison of the rows in view, by the highlighted column when it
/// is one they can go by; `now_month` is the month under way.
pub(super) fn analyse(table: &mut TableView, action: Action, now_month: i64) -> Vec<Effect> {
    let preferred = table.header(table.file_col()).to_string();
    let (file, filters) = (table.file.clone(), table.filters.clone());
    if let Some(drilled) = &table.drilled {
        table.analysis_jobs = table.analysis_jobs.max(drilled.back.jobs());
    }
    let jobs = table.analysis_jobs;
    let (analysis, effect) = if action == Action::Pivot {
        let mut pivot = PivotView::new(file, filters, &preferred);
        pivot.jobs = jobs;
        let effect = pivot.remake();
        (Analysis::Pivot(Box::new(pivot)), effect)
    } else {
        let mut compare = CompareView::new(file, filters, &preferred, now_month);
        compare.jobs = jobs;
        let effect = compare.find_months();
        (Analysis::Compare(Box::new(compare)), effect)
    };
    table.analysis = Some(analysis);
    table.drilled = None;
    vec![effect]
}

/// Opens the comparison of `a` and `b` straight away (the two periods fetched from the
/// builder, joined in this file).
pub fn compare_periods(table: &mut TableView, a: Period, b: Period, now_month: i64) -> Vec<Effect> {
    let mut compare = CompareView::new(table.file.clone(), Vec::new(), "account", now_month);
    compare.jobs = table.analysis_jobs;
    let effects = compare.compare(a, b).into_iter().collect();
    table.analysis = Some(Analysis::Compare(Box::new(compare)));
    effects
}

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
            state.dialog = Some(Dialog::Export(dialog));
        }
        return Vec::new();
    }
    let Some(mut analysis) = table.analysis.take() else {
        return Vec::new();
    };
    let outcome = match (&mut analysis, action) {
        (Analysis::Pivot(pivot), Some(action)) => pivot.on_action(action, size),
        (Analysis::Compare(compare), Some(action)) => compare.on_action(action, size),
        (Analysis::Compare(compare), None) => {
            compare.type_key(key);
            Answer::Stay(Vec::new())
        }
        (Analysis::Pivot(_), None) => Answer::Stay(Vec::new()),
    };
    match outcome {
        Answer::Stay(effects) => {
            table.analysis = Some(analysis);
            effects
        }
        Answer::Close(effects) => {
            table.analysis_jobs = analysis.jobs();
            settle(table, size, effects)
        }
        Answer::Drill(drill) => {
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

/// The keys that mean the same over the table and its analyses: quit at once, help, and Ctrl-S,
/// which does nothing (the query form is not on screen; sending it from here would surprise).
pub(super) fn over_both(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    match action {
        Action::ForceQuit => {
            state.quit = true;
            Some(vec![Effect::CloseView])
        }
        Action::Help => {
            let in_force = crate::tui::mode::of(state).scopes();
            state.dialog = Some(Dialog::Help(Help::new(&in_force)));
            Some(Vec::new())
        }
        Action::Submit => Some(Vec::new()),
        _ => None,
    }
}
