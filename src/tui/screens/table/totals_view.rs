//! The totals pane of the table view: per currency (or unit), its net with the charges and
//! credits it is made of, then each group with its share of that net. It scrolls, so every
//! currency can be reached however many groups come before it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use super::cells::{Look, shown};
use super::{Focus, TableState};
use crate::explore::{Amount, Grouping, Sum, TotalLine, TotalsRow, group_thousands};
use crate::query::Kind;
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::state::State;
use crate::tui::widgets::plain_lines::PlainLines;

const NAME: usize = 22;
const NUMBER: usize = 16;

pub fn draw(state: &State, table: &TableState, grouping: Grouping, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let focused = table.focus == Focus::Totals;
    let measure = table.measure;
    let title = format!(
        " {}Totals of {} by {}{} ",
        if focused { "▶ " } else { "" },
        measure.label(),
        grouping.label(),
        if table.filtered() {
            ", filtered rows"
        } else {
            ""
        }
    );
    let rows: &[TotalsRow] = table.totals_view.as_ref().map_or(&[], |v| &v.rows);
    let inner_height = usize::from(area.height.saturating_sub(3));
    let first = table.totals_top.min(rows.len().saturating_sub(1));
    let last = (first + inner_height).min(rows.len());
    let hint = if focused {
        format!(" lines {}-{} of {} ", first + 1, last, rows.len())
    } else {
        format!(
            " {} grouping  {} measure  {} scroll ",
            key(Scope::Table, Action::Totals),
            key(Scope::Table, Action::Measure),
            key(Scope::Table, Action::NextPane)
        )
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(if focused {
            theme.accent()
        } else {
            theme.muted()
        })
        .title(Span::styled(title, theme.accent()))
        .title_bottom(Span::styled(hint, theme.muted()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let Some(missing) = table.columns.missing_measure(measure) {
        frame.render_widget(Paragraph::new(Span::styled(missing, theme.muted())), inner);
        return;
    }
    let bar_width = usize::from(inner.width)
        .saturating_sub(NAME + NUMBER + 9)
        .max(4);
    let mut out: Vec<Line> = vec![Line::styled(
        format!(
            "{:NAME$} {:>NUMBER$}  share of net",
            grouping.label(),
            measure.column(),
        ),
        theme.muted(),
    )];
    // Only what fits is formatted: the view may hold hundreds of thousands of groups.
    for (at, row) in rows.iter().enumerate().take(last).skip(first) {
        out.push(match row {
            TotalsRow::Unit { unit, total } => Line::styled(
                heading(
                    unit,
                    total,
                    top_share(&rows[at + 1..], total),
                    measure.decimals(),
                    inner.width,
                ),
                theme.accent(),
            ),
            TotalsRow::Kinds { parts, first } => {
                Line::styled(kinds(parts, *first, measure.decimals()), theme.muted())
            }
            TotalsRow::Group(line) => {
                let label = match table.columns.group(grouping) {
                    Some(c) => table.names.cell(c, &line.group),
                    None => line.group.as_str().into(),
                };
                group(state, &label, line, measure.decimals(), bar_width)
            }
        });
    }
    if rows.is_empty() {
        out.push(Line::styled(
            if table.scanning() || table.job.is_running() || table.totals_making.is_some() {
                "Adding up…"
            } else {
                "Nothing to add up."
            },
            theme.muted(),
        ));
    }
    frame.render_widget(PlainLines(&out), inner);
}

/// How many of a currency's largest groups its heading says the share of.
const TOP: usize = 5;

/// The share of the net the currency's [`TOP`] largest groups make (its groups come first in
/// `after`, the largest first), when it has more groups than that; exact, in percent.
fn top_share(after: &[TotalsRow], total: &Sum) -> Option<Amount> {
    let groups = after
        .iter()
        .take_while(|r| !matches!(r, TotalsRow::Unit { .. }))
        .filter_map(|r| match r {
            TotalsRow::Group(line) => Some(line.sum.net()),
            _ => None,
        });
    let first: Vec<Amount> = groups.take(TOP + 1).collect();
    if first.len() <= TOP {
        return None;
    }
    let top = first[..TOP]
        .iter()
        .try_fold(Amount::ZERO, |sum, net| sum.checked_add(*net))?;
    crate::explore::percent(top, total.net())
}

/// A currency's line: its net, the credit share when there are credits, and the count of
/// lines, each when there is room (the kinds it is made of are on the line under it).
fn heading(unit: &str, total: &Sum, top: Option<Amount>, decimals: u32, width: u16) -> String {
    let mut text = format!("{unit}  net {}", total.net().format(decimals));
    // Each part goes in whole or not at all, in order of weight.
    let mut parts = Vec::new();
    if let Some(share) = total.credit_share() {
        parts.push(format!("  credit share {}%", share.format(1)));
    }
    if let Some(top) = top {
        parts.push(format!("  top {TOP}: {}% of net", top.format(1)));
    }
    parts.push(format!(
        "  ({} {})",
        group_thousands(&total.rows.to_string()),
        if total.rows == 1 { "line" } else { "lines" }
    ));
    for part in parts {
        if text.chars().count() + part.chars().count() > usize::from(width) {
            break;
        }
        text.push_str(&part);
    }
    text
}

/// A line under a heading: kinds its net is made of (by line item type), `= charges 1,300.00
/// + credits -66.00`, then `+ drawdowns ...` on the next.
fn kinds(parts: &[(Kind, Amount)], first: bool, decimals: u32) -> String {
    let mut text = String::new();
    for (i, (kind, amount)) in parts.iter().enumerate() {
        let sign = if i == 0 && first { "=" } else { "+" };
        text.push_str(&format!(
            "  {sign} {} {}",
            kind.word(),
            amount.format(decimals)
        ));
    }
    text
}

/// A group's line: its net, its share of its currency's net and a bar of it.
fn group(
    state: &State,
    label: &str,
    line: &TotalLine,
    decimals: u32,
    bar_width: usize,
) -> Line<'static> {
    let theme = &state.theme;
    let negative = line.sum.net().is_negative();
    let (bar, share) = match line.share {
        Some(share) => (
            "█".repeat((share.abs().min(1.0) * bar_width as f64).round() as usize),
            format!(" {:.0}%", share * 100.0),
        ),
        None => (String::new(), String::new()),
    };
    Line::from(vec![
        Span::raw(shown(label, NAME, Look::Text)),
        Span::raw(format!(" {:>NUMBER$}  ", line.sum.net().format(decimals))),
        Span::styled(bar, if negative { theme.error() } else { theme.ok() }),
        Span::styled(share, theme.muted()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(cents: i64) -> Sum {
        let mut s = Sum::default();
        s.add(
            Amount::from_millionths(i128::from(cents) * 10_000),
            Kind::Charges,
        );
        s
    }

    fn group(name: &str, cents: i64) -> TotalsRow {
        TotalsRow::Group(TotalLine {
            group: name.into(),
            unit: "USD".into(),
            sum: sum(cents),
            share: None,
        })
    }

    #[test]
    fn the_heading_says_the_share_of_the_five_largest_when_there_are_more() {
        // 40 + 20 + 10 + 10 + 5 of 100, worked out here: 85 %.
        let rows: Vec<TotalsRow> = [40, 20, 10, 10, 5, 5, 4, 3, 2, 1]
            .iter()
            .enumerate()
            .map(|(i, c)| group(&format!("g{i}"), *c * 100))
            .chain([TotalsRow::Unit {
                unit: "EUR".into(),
                total: sum(100),
            }])
            .chain((0..9).map(|i| group(&format!("e{i}"), 10)))
            .collect();
        let total = sum(10_000);
        assert_eq!(top_share(&rows, &total).unwrap().format(1), "85.0");
        assert!(
            top_share(&rows[..5], &total).is_none(),
            "five groups or fewer: nothing to say"
        );
        let text = heading("USD", &total, top_share(&rows, &total), 2, 120);
        assert!(text.contains("top 5: 85.0% of net"), "{text}");
    }
}
