//! The options pane: limit and version.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::pane::{pane_block, problems_in, title};
use crate::query::{Field, Problem};
use crate::tui::screens::form::Pane;
use crate::tui::screens::form::field::EditField;
use crate::tui::state::State;

pub fn draw(state: &State, problems: &[Problem], frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let focused = state.builder.focus == Pane::Options;
    let mine: Vec<&Problem> = problems_in(problems, Pane::Options).collect();
    let block = pane_block(
        title("Options", state, Pane::Options),
        focused,
        !mine.is_empty(),
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let row = |i: usize, name: &str, value: &str, unset: &str| {
        let field = if i == 0 { Field::Limit } else { Field::Version };
        let base = if mine.iter().any(|p| p.field == field) {
            theme.error()
        } else {
            theme.plain()
        };
        let style = if focused && state.builder.options_row == i && state.builder.editing.is_none()
        {
            base.patch(theme.selected())
        } else {
            base
        };
        let shown = if value.is_empty() {
            Span::styled(unset.to_string(), theme.muted().patch(style))
        } else {
            Span::styled(value.to_string(), style)
        };
        Line::from(vec![
            Span::styled(format!("{name:<8}"), theme.muted()),
            shown,
        ])
    };
    let mut lines = vec![
        row(0, "Limit", &state.form.limit, "unset (1-2000)"),
        row(1, "Version", &state.form.version, "unset"),
    ];
    if let Some(p) = mine.first() {
        lines.push(Line::styled(p.message.clone(), theme.error()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);

    if let Some(editor) = state.builder.field_editor() {
        let row = match editor.field {
            EditField::Limit => 0,
            EditField::Version => 1,
            _ => return,
        };
        let field = Rect::new(inner.x + 8, inner.y + row, inner.width.saturating_sub(8), 1);
        frame.render_widget(&editor.text, field);
    }
}
