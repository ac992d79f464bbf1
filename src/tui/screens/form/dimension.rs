//! Editing a dimension filter: its name (the known names offered with ↑/↓), its values and its
//! attributes. Enter keeps it, Esc drops the changes.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Clear, Paragraph};
use ratatui_textarea::TextArea;

use super::field::Done;
use super::listing::{Listing, Suggestions, list_for, put_in};
use super::values::Form;
use crate::m3ter::ListKind;
use crate::query::{Dimension, KNOWN_DIMENSION_NAMES};
use crate::tui::dialogs::{Intent, Look, Overlay};
use crate::tui::keymap::{Action, Scope, keys};
use crate::tui::widgets::{frame, line_input};

/// The dimension editor: name, filter values and attributes.
#[derive(Debug)]
pub struct DimensionEditor {
    /// Which dimension is edited; `None` for a new one.
    pub index: Option<usize>,
    pub fields: [TextArea<'static>; 3],
    pub focus: usize,
    /// The list the values are found in, as far as it came, and what it suggests for the
    /// value being typed.
    pub listing: Listing,
    pub suggestions: Suggestions,
}

impl DimensionEditor {
    /// An editor of dimension `index`, or of a new one (named after the first known name).
    pub fn open(index: Option<usize>, form: &Form) -> DimensionEditor {
        let new = Dimension {
            name: KNOWN_DIMENSION_NAMES[0].to_string(),
            ..Dimension::default()
        };
        let d = index.and_then(|i| form.dimensions.get(i)).unwrap_or(&new);
        let index = index.filter(|i| *i < form.dimensions.len());
        DimensionEditor {
            index,
            fields: [
                line_input::with_text(&d.name),
                line_input::with_text(&d.filter.join(", ")),
                line_input::with_text(&d.attributes.join(", ")),
            ],
            // Adding and editing both start at the values: the name is usually the suggested
            // one, and the values are what changes.
            focus: 1,
            listing: Listing::NotAsked,
            suggestions: Suggestions::default(),
        }
    }

    /// The list this dimension's values are found in, by its name as typed.
    pub fn list_kind(&self) -> Option<ListKind> {
        list_for(&self.fields[0].lines().join(""))
    }

    /// The list for the values, as far as it came; the suggestions follow it when it changed
    /// (the highlighted one stays while it did not).
    pub fn offer(&mut self, listing: &Listing) {
        if !listing.is_same(&self.listing) {
            self.listing = listing.clone();
            self.resuggest();
        }
    }

    /// The suggestions for the value being typed, from the list when there is one.
    fn resuggest(&mut self) {
        self.suggestions = match (&self.listing, self.focus) {
            (Listing::Ready(lookup), 1) => {
                Suggestions::of(&line_input::text(&self.fields[1]), lookup)
            }
            _ => Suggestions::default(),
        };
    }

    /// In the name: the next (or previous) known dimension name.
    fn suggest(&mut self, forward: bool) {
        if self.focus != 0 {
            return;
        }
        let current = self.fields[0].lines().join("");
        let names = KNOWN_DIMENSION_NAMES;
        let next = match names.iter().position(|n| *n == current.trim()) {
            Some(i) if forward => names[(i + 1) % names.len()],
            Some(i) => names[(i + names.len() - 1) % names.len()],
            None => names[0],
        };
        self.fields[0] = line_input::with_text(next);
    }

    /// Puts the dimension into the form; a new one goes last, and its place is returned.
    pub fn put(&self, form: &mut Form) -> Option<usize> {
        let text = |i: usize| self.fields[i].lines().join("\n");
        let dimension = Dimension {
            name: text(0).trim().to_string(),
            filter: Dimension::split_values(&text(1)),
            attributes: Dimension::split_values(&text(2)),
        };
        let dimensions = &mut form.dimensions;
        match self.index {
            Some(i) if i < dimensions.len() => {
                dimensions[i] = dimension;
                None
            }
            _ => {
                dimensions.push(dimension);
                Some(dimensions.len() - 1)
            }
        }
    }
}

impl Overlay for DimensionEditor {
    /// Enter keeps the dimension; Esc drops the changes.
    type Answer = Done;

    fn on_action(&mut self, action: Action) -> Intent<Done> {
        match action {
            Action::NextField => {
                self.focus = (self.focus + 1) % 3;
                self.resuggest();
                Intent::Stay
            }
            Action::PrevField => {
                self.focus = (self.focus + 2) % 3;
                self.resuggest();
                Intent::Stay
            }
            Action::SuggestPrev | Action::SuggestNext if self.focus == 1 => {
                self.suggestions.step(action == Action::SuggestNext);
                Intent::Stay
            }
            Action::SuggestPrev | Action::SuggestNext => {
                self.suggest(action == Action::SuggestNext);
                Intent::Stay
            }
            // Enter on a suggestion puts it in the values, and the typing goes on.
            Action::Save if self.focus == 1 && self.suggestions.chosen().is_some() => {
                let chosen = self.suggestions.chosen().unwrap_or_default().to_string();
                let typed = line_input::text(&self.fields[1]);
                self.fields[1] = line_input::with_text(&put_in(&typed, &chosen));
                self.suggestions = Suggestions::default();
                Intent::Stay
            }
            Action::Save => Intent::Answer(Done),
            Action::Cancel => Intent::Close,
            _ => Intent::Stay,
        }
    }

    fn type_key(&mut self, key: KeyEvent) {
        line_input::input(&mut self.fields[self.focus], key);
        self.resuggest();
    }

    /// Pasted lines become list items in the values and attributes.
    fn paste(&mut self, text: &str) {
        line_input::paste(&mut self.fields[self.focus], text, self.focus > 0);
        self.resuggest();
    }
}

/// Draws the editor over the screen.
pub fn draw(editor: &DimensionEditor, frame: &mut Frame, look: Look) {
    let theme = look.theme;
    let title = match editor.index {
        Some(i) => format!("Dimension {}", i + 1),
        None => "New dimension".to_string(),
    };
    let area = frame::centered(frame.area(), 70, 8);
    let block = frame::dialog(&title, theme);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let rows: [Rect; 6] = Layout::vertical([Constraint::Length(1); 6]).areas(inner);
    let labels = ["Name", "Values", "Attributes"];
    let suggest = format!(
        "{}/{}",
        keys(Scope::DimensionSuggest, Action::SuggestPrev),
        keys(Scope::DimensionSuggest, Action::SuggestNext)
    );
    let hints = [
        format!("{suggest}: {}", KNOWN_DIMENSION_NAMES.join(" · ")),
        values_hint(editor, &suggest),
        "optional, comma-separated".to_string(),
    ];
    for (i, label) in labels.iter().enumerate() {
        let row = rows[i * 2];
        let style = if editor.focus == i {
            theme.key()
        } else {
            theme.muted()
        };
        // A marker as well as a colour, so the field shows with NO_COLOR too.
        let marker = if editor.focus == i { "▶ " } else { "  " };
        frame.render_widget(
            Paragraph::new(Span::styled(format!("{marker}{label:<11}"), style)),
            Rect::new(row.x, row.y, 13, 1),
        );
        let field = Rect::new(row.x + 13, row.y, row.width.saturating_sub(13), 1);
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
                format!("{:13}{}", "", hints[i]),
                theme.muted(),
            )),
            hint,
        );
    }
    draw_suggestions(editor, frame, look, area);
}

/// What the values take, and what the list behind them is doing.
fn values_hint(editor: &DimensionEditor, suggest: &str) -> String {
    let what = match editor.list_kind() {
        Some(ListKind::Accounts) => "accounts",
        Some(ListKind::Products) => "products",
        None => return "comma-separated; * for every value".to_string(),
    };
    match &editor.listing {
        Listing::Ready(lookup) => format!(
            "{} {what} ({}) · {suggest} pick · {} puts in",
            lookup.entries.len(),
            lookup.fetched.with_timezone(&chrono::Local).format("%H:%M"),
            keys(Scope::DimensionEditor, Action::Save)
        ),
        Listing::Failed(why) => format!(
            "no list of {what} ({}); type them",
            crate::printable::cut(why, 40)
        ),
        Listing::NotAsked | Listing::Asked => format!("listing the {what}…"),
    }
}

/// The suggestions for the value being typed, in a box under the editor.
fn draw_suggestions(editor: &DimensionEditor, frame: &mut Frame, look: Look, editor_area: Rect) {
    let items = &editor.suggestions.items;
    if items.is_empty() {
        return;
    }
    let screen = frame.area();
    let top = editor_area.y + editor_area.height;
    // The footer's line stays in sight under the box.
    let height = (items.len() as u16 + 2).min(screen.height.saturating_sub(top + 1));
    if height < 3 {
        return;
    }
    let area = Rect::new(editor_area.x, top, editor_area.width, height);
    let block = frame::dialog("Suggestions", look.theme);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let lines: Vec<ratatui::text::Line> = items
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let chosen = editor.suggestions.highlight == Some(i);
            let style = if chosen {
                look.theme.selected()
            } else {
                look.theme.plain()
            };
            let marker = if chosen { "▶ " } else { "  " };
            ratatui::text::Line::styled(
                format!("{marker}{}", crate::printable::printable(&s.label)),
                style,
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
