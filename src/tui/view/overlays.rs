//! What is drawn over the main screen: help, the dimension editor, a question, and the message
//! for a terminal too small to use.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

use super::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::query::KNOWN_DIMENSION_NAMES;
use crate::tui::keymap::{Scope, bindings};
use crate::tui::state::{Overlay, State};

/// The order scopes appear in the help screen.
const HELP_ORDER: [Scope; 19] = [
    Scope::Always,
    Scope::Anywhere,
    Scope::Dates,
    Scope::Types,
    Scope::Dimensions,
    Scope::Options,
    Scope::Link,
    Scope::Fetching,
    Scope::Editor,
    Scope::DimensionEditor,
    Scope::PathPrompt,
    Scope::Confirm,
    Scope::Picker,
    Scope::History,
    Scope::Prompt,
    Scope::Table,
    Scope::TablePrompt,
    Scope::TableJob,
    Scope::Help,
];

pub fn draw(state: &State, frame: &mut Frame) {
    if state.dimension_editor.is_some() {
        dimension_editor(state, frame);
    }
    match &state.overlay {
        Some(Overlay::Help { scroll }) => help(state, *scroll, frame),
        Some(Overlay::ConfirmQuit) => confirm_quit(state, frame),
        Some(Overlay::Picker(picker)) => super::picker::draw(state, picker, frame),
        Some(Overlay::Prompt(prompt)) => super::picker::prompt(state, prompt, frame),
        None => {}
    }
}

pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

pub fn dialog<'a>(title: &'a str, state: &State) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(state.theme.accent())
        .title(format!(" {title} "))
}

/// Every key, generated from the keymap the app dispatches with.
fn help(state: &State, scroll: u16, frame: &mut Frame) {
    let theme = &state.theme;
    let area = centered(frame.area(), 90, frame.area().height.saturating_sub(2));
    let mut lines = Vec::new();
    for scope in HELP_ORDER {
        lines.push(Line::styled(scope.title(), theme.accent()));
        for b in bindings(scope) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<18}", b.key_names()), theme.key()),
                Span::raw(b.help),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("Dates", theme.accent()));
    lines.push(Line::raw(
        "  YYYY-MM-DD is midnight UTC; ISO 8601 date-times need Z or an offset (+02:00).",
    ));
    lines.push(Line::raw(
        "  The end is exclusive: October is 2026-10-01 to 2026-11-01.",
    ));
    lines.push(Line::styled("Text fields", theme.accent()));
    lines.push(Line::raw("  ←/→ and Home/End move; Backspace/Del delete; Ctrl-U clears to the start, Ctrl-K to the end."));
    lines.push(Line::raw(
        "  Values and attributes are separated by commas; * keeps every value.",
    ));
    let block = dialog("Keys (Esc closes)", state);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}

fn dimension_editor(state: &State, frame: &mut Frame) {
    let Some(editor) = &state.dimension_editor else {
        return;
    };
    let theme = &state.theme;
    let title = match editor.index {
        Some(i) => format!("Dimension {}", i + 1),
        None => "New dimension".to_string(),
    };
    let area = centered(frame.area(), 70, 8);
    let block = dialog(&title, state);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let rows: [Rect; 6] = Layout::vertical([Constraint::Length(1); 6]).areas(inner);
    let labels = ["Name", "Values", "Attributes"];
    let hints = [
        format!("↑/↓: {}", KNOWN_DIMENSION_NAMES.join(" · ")),
        "comma-separated; * for every value".to_string(),
        "optional, comma-separated".to_string(),
    ];
    for (i, label) in labels.iter().enumerate() {
        let row = rows[i * 2];
        let style = if editor.focus == i {
            theme.key()
        } else {
            theme.muted()
        };
        frame.render_widget(
            Paragraph::new(Span::styled(format!("{label:<11}"), style)),
            Rect::new(row.x, row.y, 11, 1),
        );
        let field = Rect::new(row.x + 11, row.y, row.width.saturating_sub(11), 1);
        let mut text = editor.fields[i].clone();
        text.set_cursor_style(if editor.focus == i {
            theme.selected()
        } else {
            theme.plain()
        });
        text.set_cursor_line_style(theme.plain());
        frame.render_widget(&text, field);
        let hint = rows[i * 2 + 1];
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!("{:11}{}", "", hints[i]),
                theme.muted(),
            )),
            hint,
        );
    }
}

fn confirm_quit(state: &State, frame: &mut Frame) {
    let theme = &state.theme;
    let area = centered(frame.area(), 56, 5);
    let text = vec![
        Line::raw("A download is running. Quit and discard it?"),
        Line::from(vec![
            Span::styled("y", theme.key()),
            Span::raw(" quit (no partial file is left)  "),
            Span::styled("n", theme.key()),
            Span::raw(" keep going"),
        ]),
    ];
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(text).block(dialog("Quit?", state)), area);
}

pub fn too_small(state: &State, frame: &mut Frame) {
    let area = frame.area();
    let text = format!(
        "m3ter-bills needs at least {MIN_WIDTH}x{MIN_HEIGHT}; this terminal is {}x{}. Make it larger, or press q to quit.",
        area.width, area.height
    );
    frame.render_widget(
        Paragraph::new(Span::styled(text, state.theme.error()))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        area,
    );
}
