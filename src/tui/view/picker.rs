//! The lists of profiles, saved queries and past submits, and the one-line questions.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::layout::list_offset;
use super::overlays::{centered, dialog};
use crate::printable::printable;
use crate::tui::state::{Picker, PickerKind, Prompt, PromptPurpose, State};

pub fn draw(state: &State, picker: &Picker, frame: &mut Frame) {
    let theme = &state.theme;
    let title = match picker.kind {
        PickerKind::Profiles => "Profiles",
        PickerKind::Saved => "Saved queries",
        PickerKind::History => "History, newest first",
    };
    let area = centered(frame.area(), 100, frame.area().height.saturating_sub(4));
    let block = dialog(title, state);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [filter, list, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(3),
    ])
    .areas(inner);

    frame.render_widget(
        Paragraph::new(Span::styled("Find: ", theme.key())),
        Rect::new(filter.x, filter.y, 6, 1),
    );
    frame.render_widget(
        &picker.filter,
        Rect::new(filter.x + 6, filter.y, filter.width.saturating_sub(6), 1),
    );

    let Some(_) = &picker.items else {
        frame.render_widget(
            Paragraph::new(Span::styled("Reading…", theme.muted())),
            list,
        );
        return;
    };
    let visible = picker.visible();
    let mut lines: Vec<Line> = picker
        .problems
        .iter()
        .map(|p| Line::styled(format!("✗ {p}"), theme.error()))
        .collect();
    if visible.is_empty() {
        let empty = match picker.kind {
            PickerKind::Profiles => "No profiles match.",
            PickerKind::Saved => "No saved queries match. s saves the form under a name.",
            PickerKind::History => {
                "Nothing in the history matches. Every Ctrl-S is remembered here."
            }
        };
        lines.push(Line::styled(empty, theme.muted()));
    }
    let rows = usize::from(list.height).saturating_sub(lines.len());
    let offset = list_offset(picker.cursor, rows);
    for (i, item) in visible.iter().enumerate().skip(offset).take(rows) {
        let mut style = if item.stale {
            theme.muted()
        } else {
            theme.plain()
        };
        if i == picker.cursor {
            style = style.patch(theme.selected());
        }
        let current = picker.kind == PickerKind::Profiles
            && state.context.profile.as_deref() == Some(item.key.as_str());
        let mark = if current { "● " } else { "  " };
        lines.push(Line::styled(
            format!("{mark}{}", printable(&item.label)),
            style,
        ));
    }
    frame.render_widget(Paragraph::new(lines), list);

    if let Some(item) = visible.get(picker.cursor) {
        let style = if item.stale {
            theme.error()
        } else {
            theme.muted()
        };
        frame.render_widget(
            Paragraph::new(Line::styled(printable(&item.detail), style)).wrap(Wrap { trim: true }),
            detail,
        );
    }
}

pub fn prompt(state: &State, prompt: &Prompt, frame: &mut Frame) {
    let theme = &state.theme;
    let (title, question) = match prompt.purpose {
        PromptPurpose::SaveQuery => (
            "Save the query",
            "A name for it (a preset stays a preset: last month is last month when it runs):",
        ),
        PromptPurpose::WriteBody => (
            "Write the request body",
            "A file to write the JSON body to (m3ter-bills --body reads it back):",
        ),
    };
    let area = centered(frame.area(), 80, 5);
    let block = dialog(title, state);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [ask, answer, _] = Layout::vertical([Constraint::Length(1); 3]).areas(inner);
    frame.render_widget(Paragraph::new(Span::styled(question, theme.muted())), ask);
    frame.render_widget(&prompt.text, answer);
}
