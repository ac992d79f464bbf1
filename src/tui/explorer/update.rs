//! How the table view answers keys and news from its tasks.

use std::sync::Arc;

use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::{Explorer, JobKind, Page, PromptKind, ViewPrompt};
use crate::explore::Filter;
use crate::tui::keymap::Action;
use crate::tui::msg::{Effect, JobOutput};

/// How many rows fit in the table on a screen of `size` (the status line, footer, borders,
/// header and the prompt line take the rest, and the totals below it on a narrow screen).
pub fn visible_rows(x: &Explorer, size: (u16, u16)) -> u64 {
    let main = size.1.saturating_sub(2);
    let table = if x.totals.is_some() && size.0 < 110 {
        main - main * 45 / 100
    } else {
        main
    };
    u64::from(table.saturating_sub(4)).max(1)
}

/// The page to read, if what is shown (or on its way) is not what should be.
fn want_page(x: &mut Explorer, size: (u16, u16)) -> Option<Effect> {
    let wanted = (x.top, x.version);
    let rows = visible_rows(x, size);
    if !x.page_missing(rows) || x.pending == Some(wanted) {
        return None;
    }
    x.pending = Some(wanted);
    Some(Effect::ReadPage {
        file: x.file.clone(),
        scan: x.scan.clone(),
        order: x.order.clone(),
        first: x.top,
        count: rows as usize,
        version: x.version,
    })
}

/// Keeps the cursor on screen.
fn follow(x: &mut Explorer, size: (u16, u16)) {
    let rows = visible_rows(x, size);
    let last = x.row_count().saturating_sub(1);
    x.cursor = x.cursor.min(last);
    if x.cursor < x.top {
        x.top = x.cursor;
    } else if x.cursor >= x.top + rows {
        x.top = x.cursor + 1 - rows;
    }
}

/// A key's action in the table view. Returns whether the view should close, and effects.
pub fn on_action(x: &mut Explorer, action: Action, size: (u16, u16)) -> (bool, Vec<Effect>) {
    let rows = visible_rows(x, size);
    let columns = x.widths.len();
    let mut effects = Vec::new();
    match action {
        Action::Up => x.cursor = x.cursor.saturating_sub(1),
        Action::Down => x.cursor = x.cursor.saturating_add(1),
        Action::PageUp => x.cursor = x.cursor.saturating_sub(rows),
        Action::PageDown => x.cursor = x.cursor.saturating_add(rows),
        Action::Top => x.cursor = 0,
        Action::Bottom => x.cursor = x.row_count().saturating_sub(1),
        Action::Left => x.col = x.col.saturating_sub(1),
        Action::Right => x.col = (x.col + 1).min(columns.saturating_sub(1)),
        Action::Sort => {
            let next = match x.sort {
                Some((c, false)) if c == x.col => Some((x.col, true)),
                Some((c, true)) if c == x.col => None,
                _ => Some((x.col, false)),
            };
            x.sort = next;
            effects.extend(reorder(x));
        }
        Action::Filter | Action::GoToColumn => {
            let kind = if action == Action::Filter {
                PromptKind::Filter
            } else {
                PromptKind::Column
            };
            let text = match (&x.filter, kind) {
                (Some(f), PromptKind::Filter) => f.text.clone(),
                _ => String::new(),
            };
            let mut area = TextArea::new(vec![text]);
            area.move_cursor(ratatui_textarea::CursorMove::End);
            x.prompt = Some(ViewPrompt {
                kind,
                text: area,
                this_column: x.filter.as_ref().is_some_and(|f| f.column.is_some()),
            });
        }
        Action::ToggleScope => {
            if let Some(p) = &mut x.prompt {
                p.this_column = !p.this_column;
            }
        }
        Action::Save => {
            if let Some(p) = x.prompt.take() {
                let text = p.text.lines().join(" ").trim().to_string();
                match p.kind {
                    PromptKind::Column => go_to_column(x, &text),
                    PromptKind::Filter => {
                        x.filter = (!text.is_empty())
                            .then(|| Filter::new(&text, p.this_column.then_some(x.col)));
                        effects.extend(reorder(x));
                    }
                }
            }
        }
        Action::Cancel => x.prompt = None,
        Action::Totals => x.next_totals(),
        Action::CancelJob => {
            // A stopped sort or filter is not in force: the view stays as it was before it.
            match x.job.take() {
                Some((_, JobKind::Sort)) => x.sort = None,
                Some((_, JobKind::Filter)) => x.filter = None,
                None => {}
            }
            effects.push(Effect::CancelJob);
            x.note = Some("Stopped; the rows are as they were.".into());
        }
        Action::Back => {
            if x.totals.is_some() {
                x.totals = None;
            } else if x.filter.is_some() {
                x.filter = None;
                effects.extend(reorder(x));
            } else {
                return (true, vec![Effect::CloseView]);
            }
        }
        Action::Quit => return (true, vec![Effect::CloseView]),
        _ => {}
    }
    // Columns scroll so the highlighted one is in view (the first never scrolls).
    x.left = x.left.clamp(1, columns.max(2) - 1);
    if x.col >= 1 && x.col < x.left {
        x.left = x.col;
    }
    follow(x, size);
    x.refresh_totals();
    effects.extend(want_page(x, size));
    (false, effects)
}

/// Starts the sort or filter the view now asks for (or goes back to file order).
fn reorder(x: &mut Explorer) -> Option<Effect> {
    // A job still running is left to finish; its answer is dropped, as its id no longer matches.
    x.jobs += 1;
    x.job = None;
    x.cursor = 0;
    x.top = 0;
    match (&x.filter, x.sort) {
        (None, None) => {
            x.order = None;
            x.filter_totals = None;
            x.version += 1;
            None
        }
        (Some(filter), _) => {
            x.job = Some((x.jobs, JobKind::Filter));
            Some(Effect::RunFilter {
                id: x.jobs,
                file: x.file.clone(),
                filter: filter.clone(),
                sort: x.sort,
            })
        }
        (None, Some((column, descending))) => {
            x.job = Some((x.jobs, JobKind::Sort));
            Some(Effect::RunSort {
                id: x.jobs,
                file: x.file.clone(),
                column,
                descending,
            })
        }
    }
}

fn go_to_column(x: &mut Explorer, name: &str) {
    let needle = name.to_lowercase();
    let found = x
        .file
        .headers()
        .iter()
        .position(|h| h.to_lowercase() == needle)
        .or_else(|| {
            x.file
                .headers()
                .iter()
                .position(|h| h.to_lowercase().contains(&needle))
        });
    match found {
        Some(i) => {
            x.col = i;
            if i >= 1 {
                x.left = i;
            }
            x.note = None;
        }
        None => x.note = Some(format!("No column is called \"{name}\".")),
    }
}

/// News for the table view: a page read, a sort or filter done, time passing.
pub fn on_message(x: &mut Explorer, message: ExplorerNews, size: (u16, u16)) -> Vec<Effect> {
    match message {
        ExplorerNews::Page(page) => {
            if x.pending == Some((page.first, page.version)) {
                x.pending = None;
            }
            x.show_page(page.first, page.version, page.rows, page.known);
        }
        ExplorerNews::Job(id, result) => {
            if x.job.map(|(j, _)| j) == Some(id) {
                x.job = None;
                match result {
                    Ok(JobOutput { rows, totals }) => {
                        x.order = Some(Arc::new(rows));
                        if x.filter.is_some() {
                            x.filter_totals = totals;
                        }
                        x.version += 1;
                        x.note = None;
                    }
                    Err(e) => x.note = Some(e),
                }
            }
        }
        ExplorerNews::Tick => {}
    }
    follow(x, size);
    x.refresh_totals();
    want_page(x, size).into_iter().collect()
}

/// What reaches the table view from outside.
pub enum ExplorerNews {
    Page(Page),
    Job(u64, Result<JobOutput, String>),
    Tick,
}

/// A key no binding took goes to the prompt, if one is open.
pub fn type_into(x: &mut Explorer, key: KeyEvent) {
    if let Some(p) = &mut x.prompt {
        p.text.input(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explore::{CsvFile, Grouping, Shared};

    fn explorer() -> Explorer {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv/ragged.csv");
        Explorer::new(CsvFile::open(&path).unwrap(), Shared::default(), false)
    }

    fn output(rows: Vec<u32>) -> Result<JobOutput, String> {
        Ok(JobOutput { rows, totals: None })
    }

    #[test]
    fn a_late_answer_to_an_old_sort_is_dropped() {
        let mut x = explorer();
        let size = (120, 40);
        on_action(&mut x, Action::Sort, size);
        let (first, _) = x.job.unwrap();
        on_action(&mut x, Action::Sort, size);
        let (second, _) = x.job.unwrap();
        assert_eq!(x.sort, Some((0, true)));
        on_message(
            &mut x,
            ExplorerNews::Job(first, output(vec![0, 1, 2])),
            size,
        );
        assert!(x.order.is_none());
        on_message(
            &mut x,
            ExplorerNews::Job(second, output(vec![2, 1, 0])),
            size,
        );
        assert_eq!(x.order.as_deref(), Some(&vec![2, 1, 0]));
        // A third press goes back to file order.
        on_action(&mut x, Action::Sort, size);
        assert!(x.order.is_none() && x.sort.is_none() && x.job.is_none());
    }

    #[test]
    fn stopping_a_filter_leaves_the_rows_as_they_were() {
        let mut x = explorer();
        on_action(&mut x, Action::Filter, (120, 40));
        x.prompt.as_mut().unwrap().text.insert_str("acme");
        let (_, effects) = on_action(&mut x, Action::Save, (120, 40));
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::RunFilter { .. }))
        );
        let (_, effects) = on_action(&mut x, Action::CancelJob, (120, 40));
        assert!(effects.iter().any(|e| matches!(e, Effect::CancelJob)));
        assert!(x.filter.is_none() && x.job.is_none());
    }

    #[test]
    fn the_totals_are_made_when_their_rows_change_not_per_key() {
        let mut x = explorer();
        let columns = crate::explore::Columns::find(x.file.headers());
        crate::explore::scan(
            &x.file,
            &columns,
            &x.scan,
            &std::sync::atomic::AtomicBool::new(false),
        );
        on_action(&mut x, Action::Totals, (120, 40));
        let made = |x: &Explorer| x.totals_view.as_ref().map(|v| v.rows.as_ptr());
        let first = made(&x);
        assert!(first.is_some());
        for action in [Action::Down, Action::Right, Action::PageDown, Action::Up] {
            on_action(&mut x, action, (120, 40));
            assert_eq!(made(&x), first, "{action:?} remade the totals");
        }
        on_message(&mut x, ExplorerNews::Tick, (120, 40));
        assert_eq!(made(&x), first);
        on_action(&mut x, Action::Totals, (120, 40));
        assert_eq!(x.totals, Some(Grouping::Account));
        assert_ne!(made(&x), first);
        on_action(&mut x, Action::Back, (120, 40));
        assert!(x.totals_view.is_none());
    }

    #[test]
    fn fewer_rows_fit_with_the_totals_below_the_table() {
        let mut x = explorer();
        let wide = visible_rows(&x, (80, 24));
        x.totals = Some(Grouping::Account);
        assert!(visible_rows(&x, (80, 24)) < wide);
        assert_eq!(visible_rows(&x, (120, 40)), 34);
    }
}
