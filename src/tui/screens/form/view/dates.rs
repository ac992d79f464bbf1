//! The date range pane: a preset, or typed start and end dates.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::pane::{pane_block, problems_in, title};
use crate::query::{BillQuery, Field, Problem};
use crate::tui::screens::form::Pane;
use crate::tui::screens::form::field::EditField;
use crate::tui::state::State;

pub fn draw(
    state: &State,
    problems: &[Problem],
    query: Option<&BillQuery>,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &state.theme;
    let focused = state.builder.focus == Pane::Dates;
    let mine: Vec<&Problem> = problems_in(problems, Pane::Dates).collect();
    let block = pane_block(
        title("Date range (UTC)", state, Pane::Dates),
        focused,
        !mine.is_empty(),
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let (start, end) = state.form.shown_dates(state.now);
    let preset = state.form.preset.map_or("custom", |p| p.label());
    let wrong = |field: Field| mine.iter().any(|p| p.field == field);
    let row_style = |row: usize| {
        let base = match row {
            1 if wrong(Field::StartDate) => theme.error(),
            2 if wrong(Field::EndDate) => theme.error(),
            _ => theme.plain(),
        };
        if focused && state.builder.dates_row == row && state.builder.editing.is_none() {
            base.patch(theme.selected())
        } else {
            base
        }
    };
    let value = |text: String| {
        if text.is_empty() {
            Span::styled("(not set)", theme.muted())
        } else {
            Span::raw(text)
        }
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled("Preset ", theme.muted()),
            Span::styled(format!("◀ {preset} ▶"), row_style(0)),
        ]),
        Line::from(vec![
            Span::styled("Start  ", theme.muted()),
            value(start).patch_style(row_style(1)),
        ]),
        Line::from(vec![
            Span::styled("End    ", theme.muted()),
            value(end).patch_style(row_style(2)),
        ]),
    ];
    if let Some(p) = mine.first() {
        lines.push(Line::styled(p.message.clone(), theme.error()));
    } else if let Some(query) = query {
        // The end is exclusive on the wire; say which day is the last one in.
        lines.push(Line::styled(
            format!(
                "       up to and including {}",
                query.range().last_day_included()
            ),
            theme.muted(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);

    // The date being typed is edited in place.
    if let Some(editor) = state.builder.field_editor() {
        let row = match editor.field {
            EditField::Start => 1,
            EditField::End => 2,
            _ => return,
        };
        let field = Rect::new(inner.x + 7, inner.y + row, inner.width.saturating_sub(7), 1);
        frame.render_widget(&editor.text, field);
    }
}
