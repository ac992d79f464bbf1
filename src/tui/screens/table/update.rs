//! How the table view answers keys and news from its tasks.

use std::sync::Arc;

use crossterm::event::KeyEvent;

use super::{JobKind, Page, PromptKind, TableView, ViewPrompt};
use crate::explore::Filter;
use crate::tui::dialogs::Dialog;
use crate::tui::dialogs::help::Help;
use crate::tui::keymap::Action;
use crate::tui::msg::{Effect, JobOutput};
use crate::tui::state::State;
use crate::tui::widgets::line_input;

/// The page to read, if what is shown (or on its way) is not what should be.
fn want_page(table: &mut TableView, size: (u16, u16)) -> Option<Effect> {
    let wanted = (table.top, table.version);
    let rows = table.rows_fit(size);
    if !table.page_missing(rows) || table.pending == Some(wanted) {
        return None;
    }
    table.pending = Some(wanted);
    Some(Effect::ReadPage {
        file: table.file.clone(),
        scan: table.scan.clone(),
        order: table.order.clone(),
        first: table.top,
        count: rows as usize,
        version: table.version,
    })
}

/// Keeps the cursor on screen.
fn follow(table: &mut TableView, size: (u16, u16)) {
    let rows = table.rows_fit(size);
    let last = table.row_count().saturating_sub(1);
    table.cursor = table.cursor.min(last);
    if table.cursor < table.top {
        table.top = table.cursor;
    } else if table.cursor >= table.top + rows {
        table.top = table.cursor + 1 - rows;
    }
}

/// A key's action in the table view. Returns whether the view should close, and effects.
pub fn on_action(table: &mut TableView, action: Action, size: (u16, u16)) -> (bool, Vec<Effect>) {
    let rows = table.rows_fit(size);
    let columns = table.widths.len();
    let mut effects = Vec::new();
    match action {
        Action::Up => table.cursor = table.cursor.saturating_sub(1),
        Action::Down => table.cursor = table.cursor.saturating_add(1),
        Action::PageUp => table.cursor = table.cursor.saturating_sub(rows),
        Action::PageDown => table.cursor = table.cursor.saturating_add(rows),
        Action::Top => table.cursor = 0,
        Action::Bottom => table.cursor = table.row_count().saturating_sub(1),
        Action::Left => table.col = table.col.saturating_sub(1),
        Action::Right => table.col = (table.col + 1).min(columns.saturating_sub(1)),
        Action::Sort => {
            let next = match table.sort {
                Some((c, false)) if c == table.col => Some((table.col, true)),
                Some((c, true)) if c == table.col => None,
                _ => Some((table.col, false)),
            };
            table.sort = next;
            effects.extend(reorder(table));
        }
        Action::Filter | Action::GoToColumn => {
            let kind = if action == Action::Filter {
                PromptKind::Filter
            } else {
                PromptKind::Column
            };
            let text = match (&table.filter, kind) {
                (Some(f), PromptKind::Filter) => f.text.clone(),
                _ => String::new(),
            };
            table.prompt = Some(ViewPrompt {
                kind,
                text: line_input::with_text(&text),
                this_column: table.filter.as_ref().is_some_and(|f| f.column.is_some()),
            });
        }
        Action::ToggleScope => {
            if let Some(p) = &mut table.prompt {
                p.this_column = !p.this_column;
            }
        }
        Action::Save => {
            if let Some(p) = table.prompt.take() {
                let text = line_input::text(&p.text).trim().to_string();
                match p.kind {
                    PromptKind::Column => go_to_column(table, &text),
                    PromptKind::Filter => {
                        table.filter = (!text.is_empty())
                            .then(|| Filter::new(&text, p.this_column.then_some(table.col)));
                        effects.extend(reorder(table));
                    }
                }
            }
        }
        Action::Cancel => table.prompt = None,
        Action::Totals => table.next_totals(),
        Action::CancelJob => {
            // A stopped sort or filter is not in force: the view stays as it was before it.
            match table.job.take() {
                Some((_, JobKind::Sort)) => table.sort = None,
                Some((_, JobKind::Filter)) => table.filter = None,
                None => {}
            }
            effects.push(Effect::CancelJob);
            table.note = Some("Stopped; the rows are as they were.".into());
        }
        Action::Back => {
            if table.totals.is_some() {
                table.totals = None;
            } else if table.filter.is_some() {
                table.filter = None;
                effects.extend(reorder(table));
            } else {
                return (true, vec![Effect::CloseView]);
            }
        }
        Action::Quit => return (true, vec![Effect::CloseView]),
        _ => {}
    }
    // Columns scroll so the highlighted one is in view (the first never scrolls).
    table.left = table.left.clamp(1, columns.max(2) - 1);
    if table.col >= 1 && table.col < table.left {
        table.left = table.col;
    }
    follow(table, size);
    table.refresh_totals();
    effects.extend(want_page(table, size));
    (false, effects)
}

/// Starts the sort or filter the view now asks for (or goes back to file order).
fn reorder(table: &mut TableView) -> Option<Effect> {
    // A job still running is left to finish; its answer is dropped, as its id no longer matches.
    table.jobs += 1;
    table.job = None;
    table.cursor = 0;
    table.top = 0;
    match (&table.filter, table.sort) {
        (None, None) => {
            table.order = None;
            table.filter_totals = None;
            table.version += 1;
            None
        }
        (Some(filter), _) => {
            table.job = Some((table.jobs, JobKind::Filter));
            Some(Effect::RunFilter {
                id: table.jobs,
                file: table.file.clone(),
                filter: filter.clone(),
                sort: table.sort,
            })
        }
        (None, Some((column, descending))) => {
            table.job = Some((table.jobs, JobKind::Sort));
            Some(Effect::RunSort {
                id: table.jobs,
                file: table.file.clone(),
                column,
                descending,
            })
        }
    }
}

fn go_to_column(table: &mut TableView, name: &str) {
    let needle = name.to_lowercase();
    let found = table
        .file
        .headers()
        .iter()
        .position(|h| h.to_lowercase() == needle)
        .or_else(|| {
            table
                .file
                .headers()
                .iter()
                .position(|h| h.to_lowercase().contains(&needle))
        });
    match found {
        Some(i) => {
            table.col = i;
            if i >= 1 {
                table.left = i;
            }
            table.note = None;
        }
        None => table.note = Some(format!("No column is called \"{name}\".")),
    }
}

/// News for the table view: a page read, a sort or filter done, time passing.
pub fn on_message(table: &mut TableView, message: TableNews, size: (u16, u16)) -> Vec<Effect> {
    match message {
        TableNews::Page(page) => {
            if table.pending == Some((page.first, page.version)) {
                table.pending = None;
            }
            table.show_page(page.first, page.version, page.rows, page.known);
        }
        TableNews::Job(id, result) => {
            if table.job.map(|(j, _)| j) == Some(id) {
                table.job = None;
                match result {
                    Ok(JobOutput { rows, totals }) => {
                        table.order = Some(Arc::new(rows));
                        if table.filter.is_some() {
                            table.filter_totals = totals;
                        }
                        table.version += 1;
                        table.note = None;
                    }
                    Err(e) => table.note = Some(e),
                }
            }
        }
        TableNews::Tick => {}
    }
    follow(table, size);
    table.refresh_totals();
    want_page(table, size).into_iter().collect()
}

/// What reaches the table view from outside.
pub enum TableNews {
    Page(Page),
    Job(u64, Result<JobOutput, String>),
    Tick,
}

/// A key in the table view: its action if the keymap has one, or else the key itself, typed
/// into the prompt when one is open.
pub fn on_key(state: &mut State, action: Option<Action>, key: KeyEvent) -> Vec<Effect> {
    let size = state.size;
    let in_force = crate::tui::mode::of(state).scopes();
    let Some(table) = &mut state.table else {
        return Vec::new();
    };
    match action {
        Some(Action::ForceQuit) => {
            state.quit = true;
            vec![Effect::CloseView]
        }
        Some(Action::Help) => {
            state.dialog = Some(Dialog::Help(Help::new(&in_force)));
            Vec::new()
        }
        // The query form is not on screen; sending it from here would surprise.
        Some(Action::Submit) => Vec::new(),
        Some(action) => {
            let (close, effects) = on_action(table, action, size);
            if close {
                if table.standalone {
                    state.quit = true;
                }
                state.table = None;
            }
            effects
        }
        None => {
            if let Some(prompt) = &mut table.prompt {
                line_input::input(&mut prompt.text, key);
            }
            Vec::new()
        }
    }
}

/// Pasted text goes to the prompt, if one is open.
pub fn on_paste(table: &mut TableView, text: &str) {
    if let Some(prompt) = &mut table.prompt {
        line_input::paste(&mut prompt.text, text, false);
    }
}

/// The mouse wheel moves a row at a time.
pub fn on_wheel(table: &mut TableView, down: bool, size: (u16, u16)) -> Vec<Effect> {
    let action = if down { Action::Down } else { Action::Up };
    on_action(table, action, size).1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explore::{CsvFile, Grouping, ScanProgress};

    fn table_view() -> TableView {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv/ragged.csv");
        TableView::new(
            CsvFile::open(&path).unwrap(),
            ScanProgress::default(),
            false,
        )
    }

    fn output(rows: Vec<u32>) -> Result<JobOutput, String> {
        Ok(JobOutput { rows, totals: None })
    }

    #[test]
    fn a_late_answer_to_an_old_sort_is_dropped() {
        let mut table = table_view();
        let size = (120, 40);
        on_action(&mut table, Action::Sort, size);
        let (first, _) = table.job.unwrap();
        on_action(&mut table, Action::Sort, size);
        let (second, _) = table.job.unwrap();
        assert_eq!(table.sort, Some((0, true)));
        on_message(
            &mut table,
            TableNews::Job(first, output(vec![0, 1, 2])),
            size,
        );
        assert!(table.order.is_none());
        on_message(
            &mut table,
            TableNews::Job(second, output(vec![2, 1, 0])),
            size,
        );
        assert_eq!(table.order.as_deref(), Some(&vec![2, 1, 0]));
        // A third press goes back to file order.
        on_action(&mut table, Action::Sort, size);
        assert!(table.order.is_none() && table.sort.is_none() && table.job.is_none());
    }

    #[test]
    fn stopping_a_filter_leaves_the_rows_as_they_were() {
        let mut table = table_view();
        on_action(&mut table, Action::Filter, (120, 40));
        table.prompt.as_mut().unwrap().text.insert_str("acme");
        let (_, effects) = on_action(&mut table, Action::Save, (120, 40));
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::RunFilter { .. }))
        );
        let (_, effects) = on_action(&mut table, Action::CancelJob, (120, 40));
        assert!(effects.iter().any(|e| matches!(e, Effect::CancelJob)));
        assert!(table.filter.is_none() && table.job.is_none());
    }

    #[test]
    fn the_totals_are_made_when_their_rows_change_not_per_key() {
        let mut table = table_view();
        let columns = crate::explore::Columns::find(table.file.headers());
        crate::explore::scan(
            &table.file,
            &columns,
            &table.scan,
            &std::sync::atomic::AtomicBool::new(false),
        );
        on_action(&mut table, Action::Totals, (120, 40));
        let made = |table: &TableView| table.totals_view.as_ref().map(|v| v.rows.as_ptr());
        let first = made(&table);
        assert!(first.is_some());
        for action in [Action::Down, Action::Right, Action::PageDown, Action::Up] {
            on_action(&mut table, action, (120, 40));
            assert_eq!(made(&table), first, "{action:?} remade the totals");
        }
        on_message(&mut table, TableNews::Tick, (120, 40));
        assert_eq!(made(&table), first);
        on_action(&mut table, Action::Totals, (120, 40));
        assert_eq!(table.totals, Some(Grouping::Account));
        assert_ne!(made(&table), first);
        on_action(&mut table, Action::Back, (120, 40));
        assert!(table.totals_view.is_none());
    }

    #[test]
    fn fewer_rows_fit_with_the_totals_below_the_table() {
        let mut table = table_view();
        let wide = table.rows_fit((80, 24));
        table.totals = Some(Grouping::Account);
        assert!(table.rows_fit((80, 24)) < wide);
        assert_eq!(table.rows_fit((120, 40)), 34);
    }
}
