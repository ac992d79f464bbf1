//! The dimensions pane: the filters by account or product.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::pane::{pane_block, problems_in, title};
use crate::printable::printable;
use crate::query::{Field, Problem};
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::screens::form::Pane;
use crate::tui::state::State;
use crate::tui::widgets::list::list_offset;

pub fn draw(state: &State, problems: &[Problem], frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let focused = state.builder.focus == Pane::Dimensions;
    let mine: Vec<&Problem> = problems_in(problems, Pane::Dimensions).collect();
    let heading = format!("Dimensions ({})", state.form.dimensions.len());
    let block = pane_block(
        title(heading, state, Pane::Dimensions),
        focused,
        !mine.is_empty(),
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if state.form.dimensions.is_empty() {
        let hint = Line::from(vec![
            Span::styled("No filters: every account and product. ", theme.muted()),
            Span::styled(key(Scope::Dimensions, Action::AddDimension), theme.key()),
            Span::styled(" adds one.", theme.muted()),
        ]);
        frame.render_widget(Paragraph::new(hint).wrap(Wrap { trim: true }), inner);
        return;
    }
    let rows = usize::from(inner.height);
    let offset = list_offset(state.builder.dims_cursor, rows);
    let lines: Vec<Line> = state
        .form
        .dimensions
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, d)| {
            let wrong = mine.iter().any(|p| {
                matches!(p.field, Field::DimensionName(j) | Field::DimensionFilter(j) if j == i)
            });
            let values = if d.filter.is_empty() {
                "(no values)".to_string()
            } else if d.is_wildcard() {
                "* (every value)".to_string()
            } else {
                d.filter.join(", ")
            };
            let name = if d.name.is_empty() {
                "(no name)"
            } else {
                &d.name
            };
            let mut text = format!("{name} = {values}");
            if !d.attributes.is_empty() {
                text.push_str(&format!("  [{}]", d.attributes.join(", ")));
            }
            let style = match (focused && i == state.builder.dims_cursor, wrong) {
                (true, _) => theme.selected(),
                (false, true) => theme.error(),
                (false, false) => theme.plain(),
            };
            Line::styled(printable(&text), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
