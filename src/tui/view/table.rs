//! The table view of a CSV file: a frozen header and first column, numbers right-aligned with
//! thousands separators, and the totals beside it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use super::chrome;
use super::plain_lines::PlainLines;
use crate::explore::{Amount, Grouping, TotalsRow, group_thousands};
use crate::printable::printable;
use crate::tui::explorer::{Explorer, PromptKind, visible_rows};
use crate::tui::state::State;

pub fn draw(state: &State, x: &Explorer, frame: &mut Frame) {
    let area = frame.area();
    let theme = &state.theme;
    let [status, main, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::footer(state, frame, footer);

    // The status line: the file, its rows, what is being done to them.
    let (rows, scanned, done, ragged) = x
        .scan
        .read()
        .map(|p| (p.rows, p.bytes_read, p.done, p.ragged))
        .unwrap_or_default();
    let mut spans = vec![
        Span::styled(" m3ter-bills ", theme.accent()),
        Span::raw(printable(&x.file.path().display().to_string())),
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
        let percent = scanned as f64 * 100.0 / x.file.size().max(1) as f64;
        spans.push(Span::styled(
            format!(" (reading, {percent:.0}%)"),
            theme.accent(),
        ));
    }
    if ragged > 0 {
        spans.push(Span::styled(format!("  {ragged} ragged"), theme.error()));
    }
    if let Some(filter) = &x.filter {
        let scope = filter
            .column
            .and_then(|c| x.file.headers().get(c))
            .map(|h| format!(" in {h}"))
            .unwrap_or_default();
        let matching = match (&x.order, x.job) {
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
    if let Some((column, descending)) = x.sort {
        let name = x.file.headers().get(column).cloned().unwrap_or_default();
        let arrow = if descending { "↓" } else { "↑" };
        let busy = if x.job.is_some() && x.filter.is_none() {
            " sorting…"
        } else {
            ""
        };
        spans.push(Span::styled(
            format!("  sorted by {name} {arrow}{busy}"),
            theme.key(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), status);

    let (table_area, totals_area) = match x.totals {
        None => (main, None),
        Some(_) if main.width >= 110 => {
            let [t, s] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Length(74)]).areas(main);
            (t, Some(s))
        }
        Some(_) => {
            let [t, s] =
                Layout::vertical([Constraint::Fill(1), Constraint::Percentage(45)]).areas(main);
            (t, Some(s))
        }
    };
    table(state, x, frame, table_area);
    if let (Some(grouping), Some(area)) = (x.totals, totals_area) {
        totals(state, x, grouping, frame, area);
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

fn table(state: &State, x: &Explorer, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.muted());
    let inner = block.inner(area);
    frame.render_widget(block, area);

    // The columns that fit: the first always, then from `left` on.
    let headers = x.file.headers();
    let mut shown_columns = vec![0usize];
    let mut used = x.widths.first().copied().unwrap_or(10) + 1;
    for c in x.left.max(1)..headers.len() {
        let w = x.widths[c] + 1;
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
                let style = if c == x.col {
                    theme.key().patch(theme.selected())
                } else {
                    theme.key()
                };
                Span::styled(
                    shown(&headers[c], usize::from(x.widths[c]), x.numeric[c]) + " ",
                    style,
                )
            })
            .collect(),
    ));
    let rows = visible_rows(x, state.size) as usize;
    let page_fits = x.page.first == x.top && x.page.version == x.version;
    if page_fits {
        for (i, row) in x.page.rows.iter().take(rows).enumerate() {
            let current = x.top + i as u64 == x.cursor;
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
                            shown(cell, usize::from(x.widths[c]), x.numeric[c]) + " ",
                            style,
                        )
                    })
                    .collect(),
            ));
        }
    }
    if x.row_count() == 0 {
        let what = if x.scanning() {
            "Reading…"
        } else if x.filter.is_some() {
            "No row matches the filter. Esc clears it."
        } else {
            "The file has a header and no rows."
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
    if let Some(prompt) = &x.prompt {
        let label = match prompt.kind {
            PromptKind::Filter if prompt.this_column => {
                format!(
                    "Filter {} (Tab: every column): ",
                    headers.get(x.col).cloned().unwrap_or_default()
                )
            }
            PromptKind::Filter => "Filter every column (Tab: this column only): ".to_string(),
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
    } else if let Some(note) = &x.note {
        frame.render_widget(
            Paragraph::new(Span::styled(printable(note), theme.error())),
            last,
        );
    }
}

fn totals(state: &State, x: &Explorer, grouping: Grouping, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let title = format!(
        " Totals by {} (t: next grouping){} ",
        grouping.label(),
        if x.filter.is_some() {
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
    if let Some(missing) = x.columns.missing() {
        frame.render_widget(Paragraph::new(Span::styled(missing, theme.muted())), inner);
        return;
    }
    let rows: &[TotalsRow] = x.totals_view.as_ref().map_or(&[], |v| &v.rows);
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
            if x.scanning() || x.job.is_some() {
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
