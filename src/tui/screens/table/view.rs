//! The table view of a CSV file: a frozen header and first column, numbers right-aligned with
//! thousands separators, and the totals beside it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use super::layout::TableAreas;
use super::{PromptKind, TableView};
use crate::explore::{Amount, Grouping, TotalsRow, group_thousands};
use crate::printable::printable;
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::state::State;
use crate::tui::widgets::chrome;
use crate::tui::widgets::plain_lines::PlainLines;

pub fn draw(state: &State, table: &TableView, frame: &mut Frame) {
    let theme = &state.theme;
    let areas = TableAreas::of(frame.area(), table.totals.is_some());
    chrome::footer(state, frame, areas.footer);

    // The status line: the file, its rows, what is being done to them.
    let (rows, scanned, done, ragged) = table
        .scan
        .read()
        .map(|p| (p.rows, p.bytes_read, p.done, p.ragged))
        .unwrap_or_default();
    let mut spans = vec![
        Span::styled(" m3ter-bills ", theme.accent()),
        Span::raw(printable(&table.file.path().display().to_string())),
        Span::styled(
            format!(
                "  {} {}",
                group_thousands(&rows.to_string()),
                if rows == 1 { "row" } else { "rows" }
            ),
            theme.muted(),
        ),
    ];
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
    if let Some(filter) = &table.filter {
        let scope = filter
            .column
            .and_then(|c| table.file.headers().get(c))
            .map(|h| format!(" in {h}"))
            .unwrap_or_default();
        let matching = match (&table.order, table.job) {
            (_, Some(_)) => "filtering…".to_string(),
            (Some(order), None) => {
                format!("{} matching", group_thousands(&order.len().to_string()))
            }
            (None, None) => String::new(),
        };
        spans.push(Span::styled(
            format!("  /{}/{scope} {matching}", printable(&filter.text)),
            theme.key(),
        ));
    }
    if let Some((column, descending)) = table.sort {
        let name = table
            .file
            .headers()
            .get(column)
            .cloned()
            .unwrap_or_default();
        let arrow = if descending { "↓" } else { "↑" };
        let busy = if table.job.is_some() && table.filter.is_none() {
            " sorting…"
        } else {
            ""
        };
        spans.push(Span::styled(
            format!("  sorted by {name} {arrow}{busy}"),
            theme.key(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), areas.status);

    draw_rows(state, table, frame, areas.table, areas.rows_fit() as usize);
    if let (Some(grouping), Some(area)) = (table.totals, areas.totals) {
        totals(state, table, grouping, frame, area);
    }
}

/// A cell as shown: numbers right-aligned with thousands separators, text cut to the width.
fn shown(cell: &str, width: usize, numeric: bool) -> String {
    let text = if numeric {
        pretty_number(cell)
    } else {
        cell.to_string()
    };
    let count = text.chars().count();
    if count > width {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    } else if numeric {
        format!("{text:>width$}")
    } else {
        format!("{text:<width$}")
    }
}

/// `1234567.5` as `1,234,567.5`: the digits as written, grouped.
fn pretty_number(cell: &str) -> String {
    let trimmed = cell.trim();
    if Amount::parse(trimmed.as_bytes()).is_none() || trimmed.contains(',') {
        return trimmed.to_string();
    }
    let (sign, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", trimmed.trim_start_matches('+')),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, format!(".{f}")),
        None => (digits, String::new()),
    };
    format!(
        "{sign}{}{fraction}",
        group_thousands(if whole.is_empty() { "0" } else { whole })
    )
}

/// The header and the rows that fit (`fit`, as the layout says).
fn draw_rows(state: &State, table: &TableView, frame: &mut Frame, area: Rect, fit: usize) {
    let theme = &state.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.muted());
    let inner = block.inner(area);
    frame.render_widget(block, area);

    // The columns that fit: the first always, then from `left` on.
    let headers = table.file.headers();
    let mut shown_columns = vec![0usize];
    let mut used = table.widths.first().copied().unwrap_or(10) + 1;
    for c in table.left.max(1)..headers.len() {
        let w = table.widths[c] + 1;
        if used + w > inner.width && shown_columns.len() > 1 {
            break;
        }
        shown_columns.push(c);
        used += w;
    }
    let line_of = |cells: Vec<Span<'static>>| Line::from(cells);
    let mut lines = Vec::new();
    lines.push(line_of(
        shown_columns
            .iter()
            .map(|&c| {
                let style = if c == table.col {
                    theme.key().patch(theme.selected())
                } else {
                    theme.key()
                };
                Span::styled(
                    shown(&headers[c], usize::from(table.widths[c]), table.numeric[c]) + " ",
                    style,
                )
            })
            .collect(),
    ));
    let rows = fit;
    let page_fits = table.page.first == table.top && table.page.version == table.version;
    if page_fits {
        for (i, row) in table.page.rows.iter().take(rows).enumerate() {
            let current = table.top + i as u64 == table.cursor;
            lines.push(line_of(
                shown_columns
                    .iter()
                    .map(|&c| {
                        let cell = row.get(c).map(String::as_str).unwrap_or("");
                        let mut style = if c == 0 {
                            theme.accent()
                        } else {
                            theme.plain()
                        };
                        if current {
                            style = style.patch(theme.selected());
                        }
                        Span::styled(
                            shown(cell, usize::from(table.widths[c]), table.numeric[c]) + " ",
                            style,
                        )
                    })
                    .collect(),
            ));
        }
    }
    if table.row_count() == 0 {
        let what = if table.scanning() {
            "Reading…".to_string()
        } else if table.filter.is_some() {
            format!(
                "No row matches the filter. {} clears it.",
                key(Scope::Table, Action::Back)
            )
        } else {
            "The file has a header and no rows.".to_string()
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
        let label = match prompt.kind {
            PromptKind::Filter if prompt.this_column => {
                format!(
                    "Filter {} ({scope}: every column): ",
                    headers.get(table.col).cloned().unwrap_or_default()
                )
            }
            PromptKind::Filter => format!("Filter every column ({scope}: this column only): "),
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

fn totals(state: &State, table: &TableView, grouping: Grouping, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let title = format!(
        " Totals by {} ({}: next grouping){} ",
        grouping.label(),
        key(Scope::Table, Action::Totals),
        if table.filter.is_some() {
            ", filtered rows"
        } else {
            ""
        }
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.accent())
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let Some(missing) = table.columns.missing() {
        frame.render_widget(Paragraph::new(Span::styled(missing, theme.muted())), inner);
        return;
    }
    let rows: &[TotalsRow] = table.totals_view.as_ref().map_or(&[], |v| &v.rows);
    let name_width = 22usize;
    let number_width = 15usize;
    let quantity_width = 12usize;
    let bar_width = usize::from(inner.width)
        .saturating_sub(name_width + number_width + quantity_width + 9)
        .max(4);
    let mut out: Vec<Line> = vec![Line::styled(
        format!(
            "{:name_width$} {:>number_width$} {:>quantity_width$}  share",
            grouping.label(),
            "subtotal",
            "quantity"
        ),
        theme.muted(),
    )];
    // Only what fits is formatted: the view may hold hundreds of thousands of groups.
    let fits = usize::from(inner.height).saturating_sub(out.len());
    for row in rows.iter().take(fits) {
        let line = match row {
            TotalsRow::Currency { currency, total } => {
                out.push(Line::styled(
                    format!("{currency}  total {}", total.format(2)),
                    theme.accent(),
                ));
                continue;
            }
            TotalsRow::Group(line) => line,
        };
        let filled = (line.share * bar_width as f64).round() as usize;
        let bar_style = if line.sum.subtotal.is_negative() {
            theme.error()
        } else {
            theme.ok()
        };
        out.push(Line::from(vec![
            Span::raw(shown(&line.group, name_width, false)),
            Span::raw(format!(" {:>number_width$}", line.sum.subtotal.format(2))),
            Span::styled(
                format!(" {:>quantity_width$}  ", line.sum.quantity.format(0)),
                theme.muted(),
            ),
            Span::styled("█".repeat(filled), bar_style),
            Span::styled(format!(" {:.0}%", line.share * 100.0), theme.muted()),
        ]));
    }
    if rows.is_empty() {
        out.push(Line::styled(
            if table.scanning() || table.job.is_some() {
                "Adding up…"
            } else {
                "Nothing to add up."
            },
            theme.muted(),
        ));
    }
    frame.render_widget(PlainLines(&out), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_separators_and_keep_their_decimals() {
        assert_eq!(pretty_number("1234567.5"), "1,234,567.5");
        assert_eq!(pretty_number("-1000"), "-1,000");
        assert_eq!(pretty_number("12"), "12");
        assert_eq!(pretty_number("1,234"), "1,234");
        assert_eq!(pretty_number("acme"), "acme");
        assert_eq!(shown("1234.5", 10, true), "   1,234.5");
        assert_eq!(shown("a long name", 6, false), "a lon…");
    }
}
