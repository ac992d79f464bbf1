//! The pivot grid: the row labels and their trend frozen at the left, the totals frozen at the
//! right, the buckets scrolling between; a header that stays; negative amounts in red and
//! always with their sign, so they read without colour too.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use super::super::heading;
use super::layout::GAP;
use super::{CellShow, GridLine, Made, PivotState, grid};
use crate::explore::{Sum, group_thousands, percent};
use crate::printable::printable;
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::state::State;
use crate::tui::widgets::chrome;
use crate::tui::widgets::plain_lines::PlainLines;

/// The eight heights of a sparkline's cell.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

pub fn draw(state: &State, view: &PivotState, frame: &mut Frame) {
    let areas = view.areas((frame.area().width, frame.area().height));
    chrome::footer(state, frame, areas.footer);
    status(state, view, frame, areas.status);
    if let Some(area) = areas.filters {
        heading::draw(state, view.file.headers(), &view.base, frame, area);
    }
    match view.chart {
        Some(unit) => super::chart::draw(state, view, unit, frame, areas.main),
        None => grid(state, view, frame, areas.main),
    }
    detail(state, view, frame, areas.detail);
}

/// The status line: what the pivot is of, and whether it is being made.
fn status(state: &State, view: &PivotState, frame: &mut Frame, area: Rect) {
    let (title, top) = (view.title(), Some(view.top_label()));
    let what = ("Pivot", title.as_str(), top);
    heading::status(
        state,
        what,
        (view.job, view.doing),
        view.file.path(),
        frame,
        area,
    );
}

/// The grid in its border, or what there is instead (a sentence, "adding up").
fn grid(state: &State, view: &PivotState, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let order = match view.order {
        crate::explore::RowOrder::Total => "largest total first",
        crate::explore::RowOrder::Name => "by name",
        crate::explore::RowOrder::Last => "largest last column first",
    };
    let mut title = format!(" rows {order} ");
    if let Some(made) = &view.made {
        let shown = view.visible_columns(area.width.saturating_sub(2));
        let count = made.pivot.columns.len();
        if shown.len() < count {
            title.push_str(&format!(
                "· columns {}-{} of {count} ({}/{}) ",
                shown.start + 1,
                shown.end,
                key(Scope::Pivot, Action::Left),
                key(Scope::Pivot, Action::Right)
            ));
        }
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.muted())
        .title(Span::styled(title, theme.muted()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(made) = &view.made else {
        let text = match (&view.error, view.job.ticket()) {
            (Some(e), _) => format!(
                "{} Press {} for other columns, {} for other rows.",
                crate::printable::sentence(e),
                key(Scope::Pivot, Action::NextColumns),
                key(Scope::Pivot, Action::NextRows)
            ),
            (None, Some(_)) => "Adding up…".to_string(),
            (None, None) => String::new(),
        };
        frame.render_widget(
            Paragraph::new(Span::styled(printable(&text), theme.error()))
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    };
    if made.pivot.units.is_empty() {
        heading::instead(
            "No rows to add up: the filters keep none, or none has a number to add.",
            theme,
            frame,
            inner,
        );
        return;
    }
    let trend = usize::from(view.trend_width(inner.width));
    let shown = view.visible_columns(inner.width);
    let label = usize::from(made.label_width);
    let total_width = usize::from(made.total_width);
    let gap = " ".repeat(usize::from(GAP));
    let decimals = view.measure.decimals();

    let mut header = vec![Span::styled(fit(&view.rows_label(), label), theme.key())];
    if trend > 0 {
        header.push(Span::styled(
            format!("{gap}{:<trend$}", "trend"),
            theme.muted(),
        ));
    }
    for c in shown.clone() {
        let w = usize::from(made.widths[c]);
        let style = if c == view.column {
            theme.key().patch(theme.selected())
        } else {
            theme.key()
        };
        header.push(Span::raw(gap.clone()));
        header.push(Span::styled(format!("{:>w$}", made.labels[c]), style));
    }
    let more_left = shown.start > 0;
    let more_right = shown.end < made.pivot.columns.len();
    header.push(Span::styled(
        match (more_left, more_right) {
            (true, true) => "◂▸",
            (true, false) => "◂ ",
            (false, true) => " ▸",
            (false, false) => "  ",
        },
        theme.muted(),
    ));
    let total_style = if view.column >= made.pivot.columns.len() {
        theme.key().patch(theme.selected())
    } else {
        theme.key()
    };
    header.push(Span::styled(
        format!("{:>total_width$}", "total"),
        total_style,
    ));
    let mut lines = vec![Line::from(header)];

    let cells = Cells {
        state,
        made,
        view,
        decimals,
        trend,
        shown,
    };
    let fit_lines = usize::from(inner.height.saturating_sub(1));
    let first = view.top_line.min(made.lines.len().saturating_sub(1));
    for (i, grid_line) in made.lines.iter().enumerate().skip(first).take(fit_lines) {
        let current = i == view.line;
        let line = match *grid_line {
            GridLine::Gap => Line::raw(""),
            GridLine::Heading(u) => {
                let section = &made.pivot.units[u];
                // With levels, the groups' subtotals are not rows of their own.
                let rows = section.rows.iter().filter(|r| !r.is_subtotal()).count();
                // With the top N, how much of the net they are.
                let top = made
                    .pivot
                    .concentration(u)
                    .map(|(n, share)| {
                        format!(" · the top {n} are {} % of the net", share.format(1))
                    })
                    .unwrap_or_default();
                Line::styled(
                    format!(
                        "{} · {} {} · {} {}{top}",
                        printable(&section.unit),
                        group_thousands(&rows.to_string()),
                        if rows == 1 { "row" } else { "rows" },
                        group_thousands(&section.total.rows.to_string()),
                        if section.total.rows == 1 {
                            "line"
                        } else {
                            "lines"
                        },
                    ),
                    theme.accent(),
                )
            }
            GridLine::Row(u, r) => {
                let row = &made.pivot.units[u].rows[r];
                let own = grid::own_key(&made.pivot, row);
                let named =
                    state.account_label(grid::own_column(&made.pivot, row, &view.rows), &own);
                let label = grid::label(&made.pivot, row, &named, made.folded(u, r));
                let line = (&row.cells, &row.total());
                cells.line(&label, line, u, current, row.is_subtotal())
            }
            GridLine::Total(u) => {
                let section = &made.pivot.units[u];
                cells.line("total", (&section.totals, &section.total), u, current, true)
            }
        };
        lines.push(line);
    }
    frame.render_widget(PlainLines(&lines), inner);
}

/// What drawing a line of cells needs.
struct Cells<'a> {
    state: &'a State,
    made: &'a Made,
    view: &'a PivotState,
    decimals: u32,
    trend: usize,
    /// The bucket columns drawn.
    shown: std::ops::Range<usize>,
}

impl Cells<'_> {
    fn line(
        &self,
        key: &str,
        (cells, total): (&crate::explore::PivotLine, &Sum),
        unit: usize,
        current: bool,
        bold: bool,
    ) -> Line<'static> {
        let theme = &self.state.theme;
        let gap = " ".repeat(usize::from(GAP));
        let label_width = usize::from(self.made.label_width);
        let mut label_style = if bold { theme.key() } else { theme.plain() };
        if current {
            label_style = label_style.patch(theme.selected());
        }
        let mut spans = vec![Span::styled(fit(&printable(key), label_width), label_style)];
        if self.trend > 0 {
            let columns = self.made.pivot.columns.len();
            let from = columns.saturating_sub(self.trend);
            let tail: Vec<i128> = (from..columns)
                .map(|c| cells.get(c).net().millionths())
                .collect();
            spans.push(Span::raw(gap.clone()));
            spans.push(Span::styled(
                format!("{:<w$}", sparkline(&tail), w = self.trend),
                theme.accent(),
            ));
        }
        let section = &self.made.pivot.units[unit];
        // `whole` is what a share of the column is of: the column's net, or the currency's.
        let amount = |sum: &Sum, whole: &Sum, width: usize, chosen: bool| -> Span<'static> {
            let ratio = match self.view.cells {
                CellShow::Amount => None,
                CellShow::ShareOfColumn => Some(percent(sum.net(), whole.net())),
                CellShow::CreditShare => Some(sum.credit_share()),
            };
            let text = match (sum.rows, ratio) {
                (0, _) => "·".to_string(),
                (_, None) => sum.net().format(self.decimals),
                (_, Some(Some(pct))) => format!("{}%", pct.format(1)),
                // No whole to be a share of, or no charges for credits to be a share of.
                (_, Some(None)) => "–".to_string(),
            };
            let mut style = if sum.net().is_negative() {
                theme.error()
            } else if sum.rows == 0 {
                theme.muted()
            } else if bold {
                theme.key()
            } else {
                Style::new()
            };
            if chosen {
                style = style.patch(theme.selected());
            }
            Span::styled(format!("{text:>width$}"), style)
        };
        for c in self.shown.clone() {
            spans.push(Span::raw(gap.clone()));
            spans.push(amount(
                &cells.get(c),
                &section.totals.get(c),
                usize::from(self.made.widths[c]),
                current && c == self.view.column,
            ));
        }
        spans.push(Span::raw(gap));
        spans.push(amount(
            total,
            &section.total,
            usize::from(self.made.total_width),
            current && self.view.column >= self.made.pivot.columns.len(),
        ));
        Line::from(spans)
    }
}

/// `text` cut or padded to `width` cells.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() > width {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        format!("{text:<width$}")
    }
}

/// A row's trend as block heights, from the lowest value (or zero) to the highest (or zero):
/// credits, being below zero, are the lowest.
pub fn sparkline(values: &[i128]) -> String {
    let low = values.iter().copied().min().unwrap_or(0).min(0);
    let high = values.iter().copied().max().unwrap_or(0).max(0);
    // Heights need no precision: in floating point, no sum can overflow them.
    let span = (high as f64) - (low as f64);
    values
        .iter()
        .map(|&v| {
            if span <= 0.0 {
                BARS[0]
            } else {
                let level = ((v as f64 - low as f64) * 7.0 / span) as usize;
                BARS[level.min(7)]
            }
        })
        .collect()
}

/// The line under the grid: what the highlighted cell is made of, and the note of the moment.
fn detail(state: &State, view: &PivotState, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let line = match (&view.note, &view.made) {
        (Some(note), _) => Line::styled(
            format!(
                " {}",
                crate::printable::cut_at_word(
                    &printable(note),
                    usize::from(area.width).saturating_sub(1)
                )
            ),
            theme.error(),
        ),
        (None, Some(made)) => match cell_words(view, made, area.width) {
            Some(words) => Line::from(vec![
                Span::raw(format!(" {words}")),
                Span::styled(
                    format!("  {}: these lines", key(Scope::Pivot, Action::Drill)),
                    theme.muted(),
                ),
            ]),
            None => Line::raw(""),
        },
        (None, None) => Line::raw(""),
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// `acme · 2026-03 · USD: 1,234.00 (1,300.00 charges, -66.00 credits) from 14 lines`; the
/// kinds (by line item type) only when there are two or more and `width` has room for them.
pub fn cell_words(view: &PivotState, made: &Made, width: u16) -> Option<String> {
    let line = *made.lines.get(view.line)?;
    let sum = made.sum(view.line, view.column)?;
    let section = made.pivot.units.get(line.unit()?)?;
    let key = match line {
        GridLine::Row(_, r) => section.rows.get(r)?.key().into_owned(),
        _ => "total".into(),
    };
    let column = made.labels.get(view.column).map_or("total", String::as_str);
    let decimals = view.measure.decimals();
    let mut words = format!(
        "{} · {column} · {}: {}",
        printable(&key),
        printable(&section.unit),
        sum.net().format(decimals)
    );
    let parts = format!(" ({})", sum.parts_words(decimals));
    let lines = format!(
        " from {} {}",
        group_thousands(&sum.rows.to_string()),
        if sum.rows == 1 { "line" } else { "lines" }
    );
    // Room for the words, the parts, and the drill-down's hint after them.
    let room = usize::from(width).saturating_sub(24);
    if sum.has_parts() && words.chars().count() + parts.chars().count() + lines.len() <= room {
        words.push_str(&parts);
    }
    words.push_str(&lines);
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sparkline_puts_credits_below_charges() {
        assert_eq!(sparkline(&[0, 5, 10]), "▁▄█");
        assert_eq!(sparkline(&[-10, 0, 10]), "▁▄█");
        assert_eq!(sparkline(&[-10, -5]), "▁▄", "more credit is lower");
        assert_eq!(sparkline(&[0, 0]), "▁▁");
        assert_eq!(sparkline(&[]), "");
    }

    #[test]
    fn labels_are_cut_with_an_ellipsis() {
        assert_eq!(fit("acme", 6), "acme  ");
        assert_eq!(fit("a long name", 6), "a lon…");
    }
}
