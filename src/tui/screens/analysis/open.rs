//! Opening an analysis over the table's rows in view (or over two periods fetched from the
//! builder), and the keys that mean the same over the table and its analyses.

use chrono::NaiveDate;

use super::Analysis;
use super::compare::{BASELINES, CompareState, STATUSES, THRESHOLDS, TOPS};
use super::pivot::{ColumnChoice, PivotState};
use crate::explore::{Amount, Bucket, Filter, Period, find_column};
use crate::report::{Ask, PlannedView};
use crate::tui::dialogs::Dialog;
use crate::tui::dialogs::help::Help;
use crate::tui::job::Job;
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crate::tui::screens::table::TableState;
use crate::tui::state::State;

/// Opens the pivot or the comparison of the rows in view, by the highlighted column when it
/// is one they can go by, as of `today`.
pub fn analyse(table: &mut TableState, action: Action, today: NaiveDate) -> Vec<Effect> {
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
        let mut compare = CompareState::new(file, filters, &preferred, today);
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
    today: NaiveDate,
) -> Vec<Effect> {
    let mut compare = CompareState::new(table.file.clone(), Vec::new(), "account", today);
    compare.job = Job::after(table.analysis_jobs);
    let effects = compare.compare(a, b).into_iter().collect();
    table.analysis = Some(Analysis::Compare(Box::new(compare)));
    effects
}

/// Opens a report's view over the table's rows (its lines, fetched for the run): the screen's
/// choices set as the view says. A choice the screen does not offer (a baseline of 4 periods,
/// a threshold of 30 %) is left at the nearest the screen has, and the view's note says so:
/// the report's files hold it exactly.
/// `said` is the view's note (what the run did).
pub fn planned(
    table: &mut TableState,
    view: &PlannedView,
    today: NaiveDate,
    said: String,
) -> Vec<Effect> {
    let headers = table.file.headers().to_vec();
    let date = view.date();
    let filters: Vec<Filter> = view
        .filters
        .iter()
        .filter_map(|f| {
            let (column, pattern) = f.split_once('=')?;
            Some(Filter::new(
                pattern,
                Some(find_column(&headers, &[column.trim()])?),
            ))
        })
        .collect();
    let mut differs = Vec::new();
    let (analysis, effects) = match &view.ask {
        Ask::Pivot {
            rows,
            cols,
            period,
            top,
            order,
        } => {
            let first = rows.split(',').next().unwrap_or_default().trim();
            let mut pivot = PivotState::new(table.file.clone(), filters, first);
            pivot.rows = rows.clone();
            pivot.columns = match Bucket::named(cols) {
                Some(bucket) => ColumnChoice::Time(bucket),
                None => ColumnChoice::Values(cols.trim().to_string()),
            };
            pivot.date = date;
            pivot.measure = view.measure;
            pivot.top = *top;
            pivot.order = *order;
            pivot.period = period.clone();
            pivot.job = Job::after(table.analysis_jobs);
            let effect = pivot.remake();
            (Analysis::Pivot(Box::new(pivot)), vec![effect])
        }
        Ask::Compare {
            by,
            a,
            b,
            baseline,
            min_pct,
            statuses,
            order,
            top,
            ..
        } => {
            let mut compare = CompareState::new(table.file.clone(), filters, by, today);
            compare.by = by.clone();
            compare.date = date;
            compare.measure = view.measure;
            compare.order = *order;
            let wanted = baseline.as_ref().map(|p| p.len() as u32);
            compare.baseline = place(&BASELINES, &wanted, "baseline", &mut differs);
            compare.band = wanted.is_some();
            let offered: Vec<Option<Amount>> = THRESHOLDS
                .iter()
                .map(|t| t.map(|t| Amount::from_millionths(i128::from(t) * 1_000_000)))
                .collect();
            compare.threshold = place(&offered, min_pct, "threshold", &mut differs);
            compare.statuses = place(&STATUSES, &statuses.as_slice(), "statuses", &mut differs);
            compare.top = place(&TOPS, top, "top", &mut differs);
            compare.job = Job::after(table.analysis_jobs);
            let effects = compare.compare(a.clone(), b.clone()).into_iter().collect();
            (Analysis::Compare(Box::new(compare)), effects)
        }
    };
    let mut analysis = analysis;
    let note = match differs.is_empty() {
        true => said,
        false => format!(
            "{said} The report's {} is not one the screen offers: its files have it exactly.",
            differs.join(", ")
        ),
    };
    match &mut analysis {
        Analysis::Pivot(p) => p.note = Some(note),
        Analysis::Compare(c) => c.note = Some(note),
    }
    table.analysis = Some(analysis);
    table.drilled = None;
    effects
}

/// Where `wanted` is among the screen's `offered` choices; the first (none) when it is not
/// one, noted in `differs`.
fn place<T: PartialEq>(offered: &[T], wanted: &T, what: &str, differs: &mut Vec<String>) -> usize {
    offered.iter().position(|o| o == wanted).unwrap_or_else(|| {
        differs.push(what.to_string());
        0
    })
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
