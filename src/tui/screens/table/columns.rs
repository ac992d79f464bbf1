//! The column chooser of the table view: every column in the order shown, each shown or
//! hidden; moved up and down the list, pinned first (frozen at the left), or reset to the set
//! the file opened on. Enter applies the choice, which is remembered for files with the same
//! header.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::explore::first_order;
use crate::printable::printable;
use crate::tui::dialogs::{Intent, Look, Overlay};
use crate::tui::keymap::{Action, Scope, key, keys};
use crate::tui::widgets::frame;
use crate::tui::widgets::list::list_offset;

/// One line of the chooser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceLine {
    /// The file column.
    pub column: usize,
    pub shown: bool,
}

/// The chooser as it is being used; nothing changes in the table until Enter.
#[derive(Debug, Clone)]
pub struct ColumnChooser {
    pub lines: Vec<ChoiceLine>,
    pub cursor: usize,
    /// Why the last key did nothing.
    pub note: Option<String>,
    /// The file's column names.
    names: Vec<String>,
}

impl ColumnChooser {
    /// The chooser for a file of columns `names`: the `shown` ones in their order, then the
    /// hidden ones in the order the file opened on; the cursor on `cursor`.
    pub fn open(names: &[String], shown: &[usize], cursor: usize) -> ColumnChooser {
        let mut lines: Vec<ChoiceLine> = shown
            .iter()
            .map(|&column| ChoiceLine {
                column,
                shown: true,
            })
            .collect();
        for column in first_order(names) {
            if !shown.contains(&column) {
                lines.push(ChoiceLine {
                    column,
                    shown: false,
                });
            }
        }
        ColumnChooser {
            lines,
            cursor,
            note: None,
            names: names.to_vec(),
        }
    }

    /// The columns to show, in order.
    pub fn shown(&self) -> Vec<usize> {
        self.lines
            .iter()
            .filter(|l| l.shown)
            .map(|l| l.column)
            .collect()
    }

    /// Moves the highlighted line `by` places, keeping it highlighted.
    fn shift(&mut self, by: isize) {
        let to = self.cursor.saturating_add_signed(by);
        if to < self.lines.len() && to != self.cursor {
            self.lines.swap(self.cursor, to);
            self.cursor = to;
        }
    }

    /// The name of file column `column`.
    fn name(&self, column: usize) -> &str {
        self.names.get(column).map_or("", String::as_str)
    }
}

impl Overlay for ColumnChooser {
    /// The columns to show, in order.
    type Answer = Vec<usize>;

    fn on_action(&mut self, action: Action) -> Intent<Vec<usize>> {
        self.note = None;
        let last = self.lines.len().saturating_sub(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::Toggle => {
                let showing = self.lines.iter().filter(|l| l.shown).count();
                if let Some(line) = self.lines.get_mut(self.cursor) {
                    if line.shown && showing == 1 {
                        self.note = Some("One column at least stays shown.".into());
                    } else {
                        line.shown = !line.shown;
                    }
                }
            }
            Action::MoveUp => self.shift(-1),
            Action::MoveDown => self.shift(1),
            Action::Pin if self.cursor < self.lines.len() => {
                let mut line = self.lines.remove(self.cursor);
                line.shown = true;
                self.lines.insert(0, line);
                self.cursor = 0;
            }
            Action::Reset => {
                let cursor = self.cursor;
                self.lines = first_order(&self.names)
                    .into_iter()
                    .map(|column| ChoiceLine {
                        column,
                        shown: true,
                    })
                    .collect();
                self.cursor = cursor.min(self.lines.len().saturating_sub(1));
            }
            Action::Save => return Intent::Answer(self.shown()),
            Action::Cancel => return Intent::Close,
            _ => {}
        }
        Intent::Stay
    }
}

/// Draws the chooser over the screen.
pub fn draw(chooser: &ColumnChooser, frame: &mut Frame, look: Look) {
    let theme = look.theme;
    let screen = frame.area();
    let area = frame::centered(screen, 60, screen.height.saturating_sub(2));
    let block = frame::dialog("Columns", theme);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let mut lines = vec![Line::from(vec![Span::styled(
        format!(
            "{} show/hide  {} move  {} pin  {} reset  {} apply",
            key(Scope::ColumnChooser, Action::Toggle),
            keys(Scope::ColumnChooser, Action::MoveUp)
                + "/"
                + &keys(Scope::ColumnChooser, Action::MoveDown),
            key(Scope::ColumnChooser, Action::Pin),
            key(Scope::ColumnChooser, Action::Reset),
            key(Scope::ColumnChooser, Action::Save),
        ),
        theme.muted(),
    )])];
    if let Some(note) = &chooser.note {
        lines.push(Line::styled(note.clone(), theme.error()));
    }
    let rows = usize::from(inner.height).saturating_sub(lines.len());
    let offset = list_offset(chooser.cursor, rows);
    let first_shown = chooser.lines.iter().position(|l| l.shown);
    for (i, line) in chooser.lines.iter().enumerate().skip(offset).take(rows) {
        let current = i == chooser.cursor;
        let mark = if line.shown { "[x]" } else { "[ ]" };
        let pin = if Some(i) == first_shown {
            "  pinned, frozen at the left"
        } else {
            ""
        };
        let pointer = if current { "▶ " } else { "  " };
        let mut style = if line.shown {
            theme.plain()
        } else {
            theme.muted()
        };
        if current {
            style = style.patch(theme.selected());
        }
        lines.push(Line::from(vec![
            Span::styled(
                format!("{pointer}{mark} {}", printable(chooser.name(line.column))),
                style,
            ),
            Span::styled(pin, theme.accent()),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
