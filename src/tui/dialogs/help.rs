//! Every key, drawn from the keymap the keys are dispatched with: the keys of where the person
//! was first, then the rest, each once, wrapped to the width there is.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::overlay::{Intent, Look, Overlay};
use crate::tui::keymap::{Action, Scope, bindings};
use crate::tui::widgets::{frame, line_input};

/// The order scopes appear in after the ones that were in force.
const HELP_ORDER: [Scope; 20] = [
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
    Scope::DimensionSuggest,
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

/// Width of the key column.
const KEYS_WIDTH: usize = 18;

/// The help dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    pub scroll: u16,
    /// The scopes in force when it was opened, shown first.
    pub first: Vec<Scope>,
}

impl Help {
    pub fn new(in_force: &[Scope]) -> Help {
        Help {
            scroll: 0,
            first: in_force
                .iter()
                .copied()
                .filter(|s| !matches!(s, Scope::Always | Scope::Anywhere))
                .collect(),
        }
    }

    /// The mouse wheel scrolls three lines at a time.
    pub fn wheel(&mut self, down: bool) {
        self.scroll = if down {
            self.scroll.saturating_add(3)
        } else {
            self.scroll.saturating_sub(3)
        };
    }

    /// The scopes in the order shown: those in force, then the rest.
    fn order(&self) -> Vec<Scope> {
        let mut order = self.first.clone();
        order.extend(HELP_ORDER.iter().filter(|s| !self.first.contains(s)));
        order
    }
}

impl Overlay for Help {
    /// Help only shows; it answers nothing.
    type Answer = ();

    fn on_action(&mut self, action: Action) -> Intent<()> {
        match action {
            Action::ScrollUp => self.scroll = self.scroll.saturating_sub(1),
            Action::ScrollDown => self.scroll = self.scroll.saturating_add(1),
            Action::CloseHelp => return Intent::Close,
            _ => {}
        }
        Intent::Stay
    }
}

/// Draws the dialog over the screen.
pub fn draw(help: &Help, frame: &mut Frame, look: Look) {
    let theme = look.theme;
    let area = frame::centered(frame.area(), 100, frame.area().height.saturating_sub(2));
    // What is left of a line after the border, the indent and the key column.
    let text_width = usize::from(area.width.saturating_sub(2)).saturating_sub(KEYS_WIDTH + 2);
    let mut lines = Vec::new();
    let entry = |keys: String, text: &str, lines: &mut Vec<Line>| {
        for (i, part) in wrap(text, text_width.max(10)).into_iter().enumerate() {
            let keys = if i == 0 { keys.as_str() } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<KEYS_WIDTH$}"), theme.key()),
                Span::raw(part),
            ]));
        }
    };
    for scope in help.order() {
        lines.push(Line::styled(scope.title(), theme.accent()));
        for b in bindings(scope) {
            entry(b.key_names(), b.help, &mut lines);
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("Dates", theme.accent()));
    entry(
        String::new(),
        "YYYY-MM-DD is midnight UTC; ISO 8601 date-times need Z or an offset (+02:00). The end is exclusive: October is 2026-10-01 to 2026-11-01.",
        &mut lines,
    );
    lines.push(Line::raw(""));
    lines.push(Line::styled("Text fields", theme.accent()));
    for (keys, text) in line_input::KEYS {
        entry(keys.to_string(), text, &mut lines);
    }
    entry(
        String::new(),
        "Values and attributes are separated by commas; * keeps every value.",
        &mut lines,
    );
    let close = crate::tui::keymap::key(Scope::Help, Action::CloseHelp);
    let title = format!("Keys ({close} closes)");
    let block = frame::dialog(&title, theme);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((help.scroll, 0)),
        area,
    );
}

/// `text` in lines of at most `width` characters, broken between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line at least");
        let used = line.chars().count();
        if used > 0 && used + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if used > 0 {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_entries_wrap_between_words() {
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("", 6), [""]);
    }

    #[test]
    fn the_keys_in_force_come_first_each_scope_once() {
        let help = Help::new(&[Scope::Always, Scope::Types, Scope::Link, Scope::Anywhere]);
        let order = help.order();
        assert_eq!(&order[..3], [Scope::Types, Scope::Link, Scope::Always]);
        assert_eq!(order.len(), HELP_ORDER.len());
    }
}
