//! Opening an analysis over the table's rows in view (or over two periods fetched from the
//! builder), and the keys that mean the same over the table and its analyses.

use chrono::Datelike;

use super::Analysis;
use super::compare::CompareState;
use super::pivot::PivotState;
use crate::explore::Period;
use crate::tui::dialogs::Dialog;
use crate::tui::dialogs::help::Help;
use crate::tui::job::Job;
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crate::tui::screens::table::TableState;
use crate::tui::state::State;

/// The month `now` is in, as `year * 12 + month - 1`.
pub fn month_under_way(now: chrono::DateTime<chrono::Utc>) -> i64 {
    let day = now.date_naive();
    i64::from(day.year()) * 12 + i64::from(day.month0())
}

/// Opens the pivot or the comparison of the rows in view, by the highlighted column when it
/// is one they can go by; `now_month` is the month under way.
pub fn analyse(table: &mut TableState, action: Action, now_month: i64) -> Vec<Effect> {
    let preferred = table.header(table.file_col()).to_string();
    let (file, filters) = (table.file.clone(), table.filters.clone());
    if let Some(drilled) = &table.drilled {
        table.analysis_jobs = table.analysis_jobs.max(drilled.back.job().issued());
    }
    let jobs = table.analysis_jobs;
    let (analysis, effect) = if action == Action::Pivot {
        let mut pivot = PivotState::new(file, filters, &preferred);
        pivot.job = Job::after(jobs);
        let effect = pivot.remake();
        (Analysis::Pivot(Box::new(pivot)), effect)
    } else {
        let mut compare = CompareState::new(file, filters, &preferred, now_month);
        if action == Action::Usual {
            // By account when the file has one, whatever column is highlighted: the usual
            // question is which accounts stray.
            compare.against_usual();
        }
        compare.job = Job::after(jobs);
        let effect = compare.find_months();
        (Analysis::Compare(Box::new(compare)), effect)
    };
    table.analysis = Some(analysis);
    table.drilled = None;
    vec![effect]
}

/// Opens the comparison of `a` and `b` straight away (the two periods fetched from the
/// builder, joined in this file).
pub fn compare_periods(
    table: &mut TableState,
    a: Period,
    b: Period,
    now_month: i64,
) -> Vec<Effect> {
    let mut compare = CompareState::new(table.file.clone(), Vec::new(), "account", now_month);
    compare.job = Job::after(table.analysis_jobs);
    let effects = compare.compare(a, b).into_iter().collect();
    table.analysis = Some(Analysis::Compare(Box::new(compare)));
    effects
}

/// The keys that mean the same over the table and its analyses: quit at once, help, and Ctrl-S,
/// which does nothing (the query form is not on screen; sending it from here would surprise).
pub fn over_both(state: &mut State, action: Action) -> Option<Vec<Effect>> {
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
