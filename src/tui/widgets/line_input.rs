//! The one-line text field every prompt, editor and filter uses, so they all answer the same
//! keys: ←/→, Home/End, Backspace/Del, Ctrl-U (clear to the start, as in a shell), Ctrl-K (to
//! the end), Ctrl-W (the word before the cursor); and a paste of several lines.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

/// The keys every field answers, for the help: they are the field's own, not the keymap's.
pub const KEYS: &[(&str, &str)] = &[
    ("←/→ Home/End", "Move in the field"),
    (
        "Backspace/Del",
        "Delete the character before or under the cursor",
    ),
    ("Ctrl-U", "Clear to the start of the field"),
    ("Ctrl-K", "Clear to the end of the field"),
    ("Ctrl-W", "Delete the word before the cursor"),
];

/// A field holding `text`, the cursor at its end.
pub fn with_text(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(vec![text.to_string()]);
    area.move_cursor(CursorMove::End);
    area
}

/// What was typed, as one line.
pub fn text(area: &TextArea) -> String {
    area.lines().join(" ")
}

/// Types `key` into the field. Tab and Enter have no place in a one-line field.
pub fn input(area: &mut TextArea, key: KeyEvent) {
    if matches!(key.code, KeyCode::Tab | KeyCode::BackTab | KeyCode::Enter) {
        return;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        // The text area's own Ctrl-U is undo, which surprises people.
        KeyCode::Char('u') if ctrl => {
            area.delete_line_by_head();
        }
        KeyCode::Char('k') if ctrl => {
            area.delete_line_by_end();
        }
        KeyCode::Char('w') if ctrl => {
            area.delete_word();
        }
        KeyCode::Home => area.move_cursor(CursorMove::Head),
        KeyCode::End => area.move_cursor(CursorMove::End),
        _ => {
            area.input(key);
        }
    }
}

/// Pastes `text`: its lines become a comma-separated list where a list is typed (`list`), and
/// are joined by spaces elsewhere; control characters are dropped.
pub fn paste(area: &mut TextArea, text: &str, list: bool) {
    let joined = if list {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        text.replace(['\r', '\n'], " ")
    };
    let clean: String = joined.chars().filter(|c| !c.is_control()).collect();
    area.insert_str(&clean);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn the_shell_keys_work_in_every_field() {
        let mut area = with_text("acme globex");
        input(&mut area, key(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(text(&area), "acme ");
        input(&mut area, key(KeyCode::Home, KeyModifiers::NONE));
        input(&mut area, key(KeyCode::Char('x'), KeyModifiers::NONE));
        assert_eq!(text(&area), "xacme ");
        input(&mut area, key(KeyCode::End, KeyModifiers::NONE));
        input(&mut area, key(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(text(&area), "");
        input(&mut area, key(KeyCode::Enter, KeyModifiers::NONE));
        input(&mut area, key(KeyCode::Tab, KeyModifiers::NONE));
        assert_eq!(area.lines(), [""]);
        paste(&mut area, "acme\nglobex\r\n\u{1b}[31m", true);
        assert_eq!(text(&area), "acme, globex, [31m");
    }
}
