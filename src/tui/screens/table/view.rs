//! The table view of a CSV file: a frozen header and first column, numbers right-aligned with
//! thousands separators, and the totals beside it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use super::cells::{Look, shown};
use super::{Analysis, Focus, JobKind, PromptKind, TableState, totals_view};
use crate::explore::group_thousands;
use crate::printable::printable;
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::state::State;
use crate::tui::widgets::chrome;
use crate::tui::widgets::plain_lines::PlainLines;

pub fn draw(state: &State, table: &TableState, frame: &mut Frame) {
    let areas = table.areas((frame.area().width, frame.area().height));
    chrome::footer(state, frame, areas.footer);
    status(state, table, frame, areas.status);
    if let Some(area) = areas.filters {
        chips(state, table, frame, area);
    }
    draw_rows(state, table, frame, areas.table, areas.rows_fit() as usize);
    if let (Some(grouping), Some(area)) = (table.totals, areas.totals) {
        totals_view::draw(state, table, grouping, frame, area);
    }
}

/// The status line: the file, its rows, what is being done to them.
fn status(state: &State, table: &TableState, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let (rows, scanned, done, ragged) = table
        .scan
        .read()
        .map(|p| (p.rows, p.bytes_read, p.done, p.ragged))
        .unwrap_or_default();
    let mut spans = vec![Span::styled(" m3ter-bills ", theme.accent())];
    // A drill-down says which lines these are and how to go back instead of the path, which
    // the pivot showed.
    spans.push(match &table.drilled {
        Some(drilled) => Span::styled(
            format!(
                "the lines behind {} ({}: back to the {})",
                printable(&drilled.what),
                key(Scope::Table, Action::Back),
                match drilled.back {
                    Analysis::Pivot(_) => "pivot",
                    Analysis::Compare(_) => "comparison",
                }
            ),
            theme.key(),
        ),
        None => Span::raw(printable(&table.file.path().display().to_string())),
    });
    spans.extend([Span::styled(
        format!(
            "  {} {}",
            group_thousands(&rows.to_string()),
            if rows == 1 { "row" } else { "rows" }
        ),
        theme.muted(),
    )]);
    if !done {
        let percent = scanned as f64 * 100.0 / table.file.size().max(1) as f64;
        spans.push(Span::styled(
            format!(" (reading, {percent:.0}%)"),
            theme.accent(),
        ));
    }
    if ragged > 0 {
        spans.push(Span::styled(format!("  {ragged} ragged"), theme.error()));
    }
    if let Some(name) = &table.repeated {
        spans.push(Span::styled(
            format!("  two columns named {}: the first is read", printable(name)),
            theme.error(),
        ));
    }
    if table.filtered() {
        let matching = match (&table.order, table.job.kind()) {
            (_, Some(JobKind::Filter)) => "  filtering…".to_string(),
            (Some(order), _) => {
                format!("  {} matching", group_thousands(&order.len().to_string()))
            }
            (None, _) => String::new(),
        };
        spans.push(Span::styled(matching, theme.key()));
    }
    if let Some((column, descending)) = table.sort {
        let arrow = if descending { "↓" } else { "↑" };
        let busy = if table.job.kind() == Some(JobKind::Sort) {
            " sorting…"
        } else {
            ""
        };
        spans.push(Span::styled(
            format!("  sorted by {} {arrow}{busy}", table.header(column)),
            theme.key(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The line of filters in force, as chips; the highlighted one marked when they have the
/// focus.
fn chips(state: &State, table: &TableState, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let focused = table.focus == Focus::Filters;
    let mut spans = vec![Span::styled(
        if focused {
            "▶ Filters "
        } else {
            "  Filters "
        },
        if focused {
            theme.accent()
        } else {
            theme.muted()
        },
    )];
    for (i, filter) in table.filters.iter().enumerate() {
        let scope = filter
            .column
            .map_or_else(|| "any column".to_string(), |c| table.header(c).to_string());
        let chosen = focused && i == table.filter_cursor;
        let style = if chosen {
            theme.key().patch(theme.selected())
        } else {
            theme.key()
        };
        let mark = if chosen { "▸" } else { " " };
        spans.push(Span::styled(
            format!(
                "{mark}[{} {}]",
                printable(&scope),
                printable(&filter.relation())
            ),
            style,
        ));
        spans.push(Span::raw(" "));
    }
    let hint = if focused {
        format!(
            " {} removes, {} changes",
            key(Scope::TableFilters, Action::RemoveFilter),
            key(Scope::TableFilters, Action::Edit)
        )
    } else {
        format!(
            " {} to remove one, {} every one",
            key(Scope::Table, Action::NextPane),
            key(Scope::Table, Action::ClearFilters)
        )
    };
    spans.push(Span::styled(hint, theme.muted()));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The header and the rows that fit (`fit`, as the layout says).
fn draw_rows(state: &State, table: &TableState, frame: &mut Frame, area: Rect, fit: usize) {
    let theme = &state.theme;
    let focused = table.focus == Focus::Rows;
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(if focused && table.totals.is_some() {
            theme.accent()
        } else {
            theme.muted()
        });
    let hidden = table.file.headers().len() - table.shown.len();
    if hidden > 0 {
        block = block.title(Span::styled(
            format!(
                " {} of {} columns ({}: choose) ",
                table.shown.len(),
                table.file.headers().len(),
                key(Scope::Table, Action::Columns)
            ),
            theme.muted(),
        ));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);

    // The columns that fit: the first (pinned) always, then from `left` on.
    let look = |c: usize| match table.numeric.get(c) {
        Some(true) if table.plain.get(c) == Some(&true) => Look::Plain,
        Some(true) => Look::Number,
        _ => Look::Text,
    };
    let places = table.places(inner.width);
    let mut lines = Vec::new();
    lines.push(Line::from(
        places
            .iter()
            .map(|&place| {
                let c = table.shown[place];
                let style = if place == table.col {
                    theme.key().patch(theme.selected())
                } else {
                    theme.key()
                };
                let name = match table.sort {
                    Some((s, down)) if s == c => {
                        format!("{}{}", table.header(c), if down { "↓" } else { "↑" })
                    }
                    _ => table.header(c).to_string(),
                };
                let width = usize::from(table.width(c));
                let look = if look(c) == Look::Text {
                    Look::Text
                } else {
                    Look::Plain
                };
                Span::styled(shown(&name, width, look) + " ", style)
            })
            .collect::<Vec<_>>(),
    ));
    let page_fits = table.page.first == table.top && table.page.version == table.version;
    if page_fits {
        for (i, row) in table.page.rows.iter().take(fit).enumerate() {
            let current = table.top + i as u64 == table.cursor;
            lines.push(Line::from(
                places
                    .iter()
                    .map(|&place| {
                        let c = table.shown[place];
                        let cell = table.names.cell(c, row.get(c).map_or("", String::as_str));
                        let mut style = if place == 0 {
                            theme.accent()
                        } else {
                            theme.plain()
                        };
                        if current {
                            style = style.patch(theme.selected());
                        }
                        Span::styled(
                            shown(&cell, usize::from(table.width(c)), look(c)) + " ",
                            style,
                        )
                    })
                    .collect::<Vec<_>>(),
            ));
        }
    }
    if table.row_count() == 0 {
        let what = if table.scanning() {
            "Reading…".to_string()
        } else if table.filtered() {
            format!(
                "No row matches the filters. {} removes the last one.",
                key(Scope::Table, Action::Back)
            )
        } else {
            table
                .empty_reason
                .clone()
                .unwrap_or_else(|| "0 rows: the file has a header and no rows.".to_string())
        };
        lines.push(Line::styled(what, theme.muted()));
    }
    frame.render_widget(PlainLines(&lines), inner);

    // A question, or a note, on the last line.
    let last = Rect::new(
        inner.x,
        inner.y + inner.height.saturating_sub(1),
        inner.width,
        1,
    );
    if let Some(prompt) = &table.prompt {
        let scope = key(Scope::TablePrompt, Action::ToggleScope);
        let verb = if prompt.replaces.is_some() {
            "Change filter"
        } else {
            "Add filter"
        };
        let label = match prompt.kind {
            PromptKind::Filter if prompt.this_column => {
                format!(
                    "{verb}: {} ({scope}: every column): ",
                    table.header(table.file_col())
                )
            }
            PromptKind::Filter => format!("{verb}: every column ({scope}: this column only): "),
            PromptKind::Column => "Go to column: ".to_string(),
        };
        let width = (label.chars().count() as u16).min(last.width);
        frame.render_widget(
            Paragraph::new(Span::styled(label, theme.key())),
            Rect::new(last.x, last.y, width, 1),
        );
        frame.render_widget(
            &prompt.text,
            Rect::new(last.x + width, last.y, last.width.saturating_sub(width), 1),
        );
    } else if let Some(note) = &table.note {
        frame.render_widget(
            Paragraph::new(Span::styled(printable(note), theme.error())),
            last,
        );
    }
}
