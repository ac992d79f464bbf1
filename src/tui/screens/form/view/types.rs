//! The line item types pane: 19 checkboxes and what the highlighted one means.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::pane::{pane_block, problems_in, title};
use crate::query::{LineItemType, Problem};
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::screens::form::Pane;
use crate::tui::screens::form::layout::types_list_rows;
use crate::tui::state::State;
use crate::tui::widgets::list::list_offset;

pub fn draw(state: &State, problems: &[Problem], frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let focused = state.builder.focus == Pane::Types;
    let troubled = problems_in(problems, Pane::Types).next().is_some();
    let heading = format!(
        "Line item types ({}/{})",
        state.form.selected_count(),
        LineItemType::ALL.len()
    );
    let block = pane_block(title(heading, state, Pane::Types), focused, troubled, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let rows = types_list_rows(area);
    let offset = list_offset(state.builder.types_cursor, rows);
    let lines: Vec<Line> = LineItemType::ALL
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, t)| {
            let mark = if state.form.selected.contains(*t) {
                "[x] "
            } else {
                "[ ] "
            };
            let style = if focused && i == state.builder.types_cursor {
                theme.selected()
            } else if state.form.selected.contains(*t) {
                theme.plain()
            } else {
                theme.muted()
            };
            Line::from(Span::styled(format!("{mark}{}", t.wire_name()), style))
        })
        .collect();
    let list = Rect::new(inner.x, inner.y, inner.width, rows as u16);
    frame.render_widget(Paragraph::new(lines), list);

    let t = LineItemType::ALL[state.builder.types_cursor];
    let about = if troubled {
        Line::styled(
            format!(
                "Choose at least one type ({}, {} for all).",
                key(Scope::Types, Action::Toggle),
                key(Scope::Types, Action::SelectAll)
            ),
            theme.error(),
        )
    } else {
        Line::from(vec![
            Span::styled(format!("{}: ", t.group().label()), theme.muted()),
            Span::raw(t.meaning()),
        ])
    };
    let meaning = Rect::new(
        inner.x,
        inner.y + rows as u16,
        inner.width,
        inner.height.saturating_sub(rows as u16),
    );
    frame.render_widget(Paragraph::new(about).wrap(Wrap { trim: true }), meaning);
}
