//! How the table view answers keys and news from its tasks.

use std::sync::Arc;

use crossterm::event::KeyEvent;

use super::columns::ColumnChooser;
use super::{Focus, JobKind, Page, PromptKind, TableState, ViewPrompt};
use crate::explore::Filter;
use crate::tui::clipboard::{CLIPBOARD_LIMIT, too_large_to_copy};
use crate::tui::dialogs::export::{ExportDialog, View as ExportView};
use crate::tui::dialogs::{Dialog, Intent, Overlay};
use crate::tui::keymap::Action;
use crate::tui::msg::{Effect, JobOutput};
use crate::tui::screens::analysis::open::{analyse, over_both};
use crate::tui::state::State;
use crate::tui::widgets::line_input;

/// The page to read, if what is shown (or on its way) is not what should be.
fn want_page(table: &mut TableState, size: (u16, u16)) -> Option<Effect> {
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
fn follow(table: &mut TableState, size: (u16, u16)) {
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
pub fn on_action(table: &mut TableState, action: Action, size: (u16, u16)) -> (bool, Vec<Effect>) {
    if let Some(chooser) = &mut table.chooser {
        let effects = match chooser.on_action(action) {
            Intent::Stay | Intent::Refuse(_) => Vec::new(),
            Intent::Close => {
                table.chooser = None;
                Vec::new()
            }
            Intent::Answer(shown) => {
                table.chooser = None;
                let names = shown.iter().map(|&c| table.header(c).to_string()).collect();
                table.show_columns(shown);
                vec![Effect::RememberColumns {
                    headers: table.file.headers().to_vec(),
                    shown: names,
                }]
            }
        };
        return (false, settle(table, size, effects));
    }
    let effects = match (table.focus, action) {
        (Focus::Totals, _) if totals_move(table, action, size) => Vec::new(),
        (Focus::Filters, Action::Left) => {
            table.filter_cursor = table.filter_cursor.saturating_sub(1);
            Vec::new()
        }
        (Focus::Filters, Action::Right) => {
            table.filter_cursor =
                (table.filter_cursor + 1).min(table.filters.len().saturating_sub(1));
            Vec::new()
        }
        (Focus::Filters, Action::RemoveFilter) => {
            if table.filter_cursor < table.filters.len() {
                table.filters.remove(table.filter_cursor);
            }
            reorder(table).into_iter().collect()
        }
        (Focus::Filters, Action::Edit) => {
            match table.filters.get(table.filter_cursor) {
                Some(filter) if !filter.typed() => {
                    table.note = Some("A drill-down's filter can be removed, not changed.".into());
                }
                Some(filter) => {
                    if let Some(place) = filter
                        .column
                        .and_then(|c| table.shown.iter().position(|&s| s == c))
                    {
                        table.col = place;
                    }
                    table.prompt = Some(ViewPrompt {
                        kind: PromptKind::Filter,
                        text: line_input::with_text(&filter.text),
                        this_column: filter.column.is_some(),
                        replaces: Some(table.filter_cursor),
                    });
                }
                None => {}
            }
            Vec::new()
        }
        (_, action) => match rows_action(table, action, size) {
            Some(effects) => effects,
            None => return (true, vec![Effect::CloseView]),
        },
    };
    (false, settle(table, size, effects))
}

/// After any key: the focus on a part that is there, the highlighted column in view, the
/// cursor on screen, the totals and the page as they should be.
pub fn settle(table: &mut TableState, size: (u16, u16), mut effects: Vec<Effect>) -> Vec<Effect> {
    if table.filters.is_empty() && table.focus == Focus::Filters
        || table.totals.is_none() && table.focus == Focus::Totals
    {
        table.focus = Focus::Rows;
    }
    table.filter_cursor = table
        .filter_cursor
        .min(table.filters.len().saturating_sub(1));
    // Columns scroll so the highlighted one is in view (the first never scrolls).
    let width = table.areas(size).table.width.saturating_sub(2);
    table.show_highlighted(width);
    follow(table, size);
    effects.extend(table.refresh_totals());
    effects.extend(want_page(table, size));
    effects
}

/// The moving keys while the totals have the focus: they scroll the totals. Whether the key
/// was one of them.
fn totals_move(table: &mut TableState, action: Action, size: (u16, u16)) -> bool {
    let fit = table.areas(size).totals_fit();
    let lines = table.totals_view.as_ref().map_or(0, |v| v.rows.len());
    let last = lines.saturating_sub(fit);
    let top = &mut table.totals_top;
    match action {
        Action::Up => *top = top.saturating_sub(1),
        Action::Down => *top = (*top + 1).min(last),
        Action::PageUp => *top = top.saturating_sub(fit),
        Action::PageDown => *top = (*top + fit).min(last),
        Action::Top => *top = 0,
        Action::Bottom => *top = last,
        _ => return false,
    }
    true
}

/// The focus after `from`, going forwards or back, over the parts on screen.
fn next_focus(table: &TableState, forwards: bool) -> Focus {
    let mut parts = vec![Focus::Rows];
    if table.filtered() {
        parts.push(Focus::Filters);
    }
    if table.totals.is_some() {
        parts.push(Focus::Totals);
    }
    let at = parts.iter().position(|&p| p == table.focus).unwrap_or(0);
    let len = parts.len();
    parts[if forwards {
        (at + 1) % len
    } else {
        (at + len - 1) % len
    }]
}

/// The keys of the rows (and of the view as a whole); `None` when the view closes.
fn rows_action(table: &mut TableState, action: Action, size: (u16, u16)) -> Option<Vec<Effect>> {
    let rows = table.rows_fit(size);
    let columns = table.shown.len();
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
        Action::NextPane | Action::PrevPane => {
            table.focus = next_focus(table, action == Action::NextPane);
        }
        Action::Sort => {
            let col = table.file_col();
            let next = match table.sort {
                Some((c, false)) if c == col => Some((col, true)),
                Some((c, true)) if c == col => None,
                _ => Some((col, false)),
            };
            table.sort = next;
            effects.extend(reorder(table));
        }
        Action::Filter => {
            table.prompt = Some(ViewPrompt {
                kind: PromptKind::Filter,
                text: line_input::with_text(""),
                this_column: false,
                replaces: None,
            });
        }
        Action::GoToColumn => {
            table.prompt = Some(ViewPrompt {
                kind: PromptKind::Column,
                text: line_input::with_text(""),
                this_column: false,
                replaces: None,
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
                        let filter = (!text.is_empty())
                            .then(|| Filter::new(&text, p.this_column.then(|| table.file_col())));
                        match (p.replaces, filter) {
                            (Some(i), Some(f)) if i < table.filters.len() => table.filters[i] = f,
                            (Some(i), None) if i < table.filters.len() => {
                                table.filters.remove(i);
                            }
                            (_, Some(f)) => table.filters.push(f),
                            (_, None) => {}
                        }
                        effects.extend(reorder(table));
                    }
                }
            }
        }
        Action::Cancel => table.prompt = None,
        Action::Totals => table.next_totals(),
        Action::Copy => {
            let lines = table.totals_view.as_ref().map(|v| v.rows.len());
            match (table.totals, lines) {
                (None, _) => {
                    table.note = Some(format!(
                        "Open the totals ({}) to copy them.",
                        crate::tui::keymap::key(crate::tui::keymap::Scope::Table, Action::Totals)
                    ));
                }
                (Some(_), None) => {
                    table.note = Some(
                        "The totals are still being added up: copy them once they show.".into(),
                    );
                }
                // Each of a line's ten cells is two bytes at the least: past the clipboard's
                // limit, it is said before anything is made.
                (Some(_), Some(lines)) if lines.saturating_mul(10 * 2) > CLIPBOARD_LIMIT => {
                    table.note = Some(too_large_to_copy("the totals"));
                }
                (Some(_), Some(_)) => {
                    if let Some(text) = table.totals_text() {
                        effects.push(Effect::CopyText {
                            what: "the totals",
                            text,
                        });
                    }
                }
            }
        }
        Action::Measure => table.next_measure(),
        Action::Columns => {
            let chooser = ColumnChooser::open(table.file.headers(), &table.shown, table.col);
            table.chooser = Some(chooser);
        }
        Action::ClearFilters if table.filtered() => {
            table.filters.clear();
            effects.extend(reorder(table));
        }
        Action::CancelJob => {
            // A stopped sort or filter is not in force: the view stays as it was before it.
            match table.job.kind() {
                Some(JobKind::Sort) => table.sort = None,
                Some(JobKind::Filter) => table.filters = table.applied.clone(),
                None => {}
            }
            table.job.stop();
            effects.push(Effect::CancelJob);
            table.note = Some("Stopped; the rows are as they were.".into());
        }
        Action::Back => {
            if table.totals.is_some() {
                table.totals = None;
            } else if let Some(drilled) = table.drilled.take() {
                // Back to the analysis, where it was, over the rows it was made from.
                table.filters = drilled.filters;
                table.sort = drilled.sort;
                effects.extend(reorder(table));
                table.analysis = Some(drilled.back);
            } else if table.filtered() {
                table.filters.pop();
                effects.extend(reorder(table));
            } else {
                return None;
            }
        }
        Action::Quit => return None,
        _ => {}
    }
    Some(effects)
}

/// Starts the sort or filter the view now asks for (or goes back to file order).
pub fn reorder(table: &mut TableState) -> Option<Effect> {
    // A job still running is left to finish; its answer is dropped, as its ticket is stale.
    table.job.stop();
    table.cursor = 0;
    table.top = 0;
    match (table.filtered(), table.sort) {
        (false, None) => {
            table.order = None;
            table.filter_totals = None;
            table.applied.clear();
            table.version += 1;
            None
        }
        (true, _) => Some(Effect::RunFilter {
            id: table.job.start(JobKind::Filter),
            file: table.file.clone(),
            filters: table.filters.clone(),
            sort: table.sort,
        }),
        (false, Some((column, descending))) => Some(Effect::RunSort {
            id: table.job.start(JobKind::Sort),
            file: table.file.clone(),
            column,
            descending,
        }),
    }
}

/// Highlights the shown column called `name` (or whose name holds it); a hidden one is shown
/// again, at the end.
fn go_to_column(table: &mut TableState, name: &str) {
    let needle = name.to_lowercase();
    let headers = table.file.headers();
    let found = headers
        .iter()
        .position(|h| h.to_lowercase() == needle)
        .or_else(|| {
            table
                .shown
                .iter()
                .copied()
                .find(|&c| headers[c].to_lowercase().contains(&needle))
        })
        .or_else(|| {
            headers
                .iter()
                .position(|h| h.to_lowercase().contains(&needle))
        });
    match found {
        Some(c) => {
            let place = match table.shown.iter().position(|&s| s == c) {
                Some(place) => place,
                None => {
                    table.shown.push(c);
                    table.shown.len() - 1
                }
            };
            table.col = place;
            if place >= 1 {
                table.left = place;
            }
            table.note = None;
        }
        None => table.note = Some(format!("No column is called \"{name}\".")),
    }
}

/// News for the table view: a page read, a sort or filter done, time passing.
pub fn on_message(table: &mut TableState, message: TableNews, size: (u16, u16)) -> Vec<Effect> {
    match message {
        TableNews::Page(page) => {
            if table.pending == Some((page.first, page.version)) {
                table.pending = None;
            }
            table.show_page(page.first, page.version, page.rows, page.known);
        }
        TableNews::Job(id, result) => {
            if table.job.take(id) {
                match result {
                    Ok(JobOutput { rows, totals }) => {
                        table.order = Some(Arc::new(rows));
                        if table.filtered() {
                            table.filter_totals = totals;
                        }
                        table.applied = table.filters.clone();
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
    let mut effects: Vec<Effect> = table.refresh_totals().into_iter().collect();
    effects.extend(want_page(table, size));
    effects
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
    if let Some(effects) = action.and_then(|a| over_both(state, a)) {
        return effects;
    }
    let Some(table) = &mut state.table else {
        return Vec::new();
    };
    match action {
        Some(Action::Export) => {
            let view = match table.totals_text() {
                Some(tsv) => ExportView::Totals(tsv),
                None => ExportView::Rows,
            };
            let dialog = ExportDialog::new(table.file.clone(), table.filters.clone(), view);
            // A refusal of an earlier dialog is not this one's.
            state.notice = None;
            state.dialog = Some(Dialog::Export(dialog));
            Vec::new()
        }
        Some(action @ (Action::Pivot | Action::Compare | Action::Usual)) => {
            let effects = analyse(table, action, state.now.date_naive());
            settle(table, size, effects)
        }
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
pub fn on_paste(table: &mut TableState, text: &str) {
    if let Some(prompt) = &mut table.prompt {
        line_input::paste(&mut prompt.text, text, false);
    }
}

/// The mouse wheel moves a row at a time.
pub fn on_wheel(table: &mut TableState, down: bool, size: (u16, u16)) -> Vec<Effect> {
    let action = if down { Action::Down } else { Action::Up };
    on_action(table, action, size).1
}
