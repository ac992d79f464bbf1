//! Choosing what an analysis is by: the pivot's rows or columns, or the comparison's key.
//! The file's columns are listed, the analyst's first, narrowed by typing (a part of a name,
//! case ignored); Enter takes the highlighted one. Where levels are allowed, Tab adds the
//! highlighted one as the next level (or takes it back), and Enter takes the levels added.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui_textarea::TextArea;

use super::overlay::{Intent, Overlay};
use crate::printable::printable;
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::theme::Theme;
use crate::tui::widgets::list::list_offset;
use crate::tui::widgets::{frame, line_input};

/// What is being chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickFor {
    PivotRows,
    PivotColumns,
    CompareBy,
}

impl PickFor {
    fn title(self) -> &'static str {
        match self {
            PickFor::PivotRows => "The pivot's rows",
            PickFor::PivotColumns => "The pivot's columns",
            PickFor::CompareBy => "Compare by",
        }
    }
}

/// The picker: what it chooses, the choices, the levels added so far.
#[derive(Debug)]
pub struct ColumnPick {
    pub purpose: PickFor,
    pub choices: Vec<String>,
    /// What the analysis is by now, said above the list.
    pub now: String,
    /// The levels added with Tab, in order.
    pub levels: Vec<String>,
    /// How many levels may be added (1: one choice, no levels).
    pub most: usize,
    pub cursor: usize,
    pub filter: TextArea<'static>,
    /// Why the last key did nothing, said in the picker's last line.
    pub said: Option<String>,
}

impl ColumnPick {
    pub fn new(purpose: PickFor, choices: Vec<String>, now: String, most: usize) -> Self {
        ColumnPick {
            purpose,
            choices,
            now,
            levels: Vec::new(),
            most: most.max(1),
            cursor: 0,
            filter: TextArea::default(),
            said: None,
        }
    }

    /// The choices that hold what was typed (case ignored), in their order.
    pub fn visible(&self) -> Vec<&String> {
        let needle = line_input::text(&self.filter).trim().to_lowercase();
        self.choices
            .iter()
            .filter(|c| needle.is_empty() || c.to_lowercase().contains(&needle))
            .collect()
    }

    fn highlighted(&self) -> Option<String> {
        self.visible().get(self.cursor).map(|c| (*c).clone())
    }
}

impl Overlay for ColumnPick {
    /// The columns chosen, the first level first.
    type Answer = Vec<String>;

    fn on_action(&mut self, action: Action) -> Intent<Vec<String>> {
        match action {
            Action::Up => {
                self.cursor = self.cursor.saturating_sub(1);
                Intent::Stay
            }
            Action::Down => {
                let last = self.visible().len().saturating_sub(1);
                self.cursor = (self.cursor + 1).min(last);
                Intent::Stay
            }
            Action::Toggle if self.most > 1 => {
                let Some(column) = self.highlighted() else {
                    return Intent::Stay;
                };
                if let Some(at) = self.levels.iter().position(|l| *l == column) {
                    self.levels.remove(at);
                } else if self.levels.len() >= self.most {
                    return Intent::Refuse(format!(
                        "At most {} levels: Tab on one of them takes it back.",
                        self.most
                    ));
                } else {
                    self.levels.push(column);
                    // The next level is looked for afresh.
                    self.filter = TextArea::default();
                    self.cursor = 0;
                }
                Intent::Stay
            }
            Action::Choose if !self.levels.is_empty() => Intent::Answer(self.levels.clone()),
            Action::Choose => match self.highlighted() {
                Some(column) => Intent::Answer(vec![column]),
                None => Intent::Refuse("No column holds what is typed.".into()),
            },
            Action::Cancel => Intent::Close,
            _ => Intent::Stay,
        }
    }

    fn type_key(&mut self, key: KeyEvent) {
        self.cursor = 0;
        line_input::input(&mut self.filter, key);
    }

    fn paste(&mut self, text: &str) {
        line_input::paste(&mut self.filter, text, false);
        self.cursor = 0;
    }
}

/// Draws the picker in the middle of `area`.
pub fn draw_in(pick: &ColumnPick, theme: &Theme, frame: &mut Frame, area: Rect) {
    let height = area.height.saturating_sub(2).clamp(8, 22);
    let outer = frame::centered(area, 64, height);
    let block = frame::dialog(pick.purpose.title(), theme);
    let inner = block.inner(outer);
    frame.render_widget(Clear, outer);
    frame.render_widget(block, outer);
    let mut lines = vec![Line::styled(
        format!("Now: {}", printable(&pick.now)),
        theme.muted(),
    )];
    if pick.most > 1 {
        lines.push(if pick.levels.is_empty() {
            Line::styled(
                format!(
                    "{} adds a level (up to {}), {} takes one alone",
                    key(Scope::ColumnPick, Action::Toggle),
                    pick.most,
                    key(Scope::ColumnPick, Action::Choose)
                ),
                theme.muted(),
            )
        } else {
            Line::styled(
                format!(
                    "Levels: {}  ({} takes them)",
                    printable(&pick.levels.join(" › ")),
                    key(Scope::ColumnPick, Action::Choose)
                ),
                theme.key(),
            )
        });
    }
    let field_y = inner.y + lines.len() as u16;
    lines.push(Line::styled("Find: ", theme.key()));
    let visible = pick.visible();
    // The list fills what the lines above and the hint below leave.
    let rows = usize::from(inner.height).saturating_sub(lines.len() + 1);
    let offset = list_offset(pick.cursor, rows);
    for (i, choice) in visible.iter().enumerate().skip(offset).take(rows) {
        let level = pick.levels.iter().position(|l| l == *choice);
        let mark = match level {
            Some(n) => format!("{} ", n + 1),
            None => "  ".into(),
        };
        let style = if i == pick.cursor {
            theme.selected()
        } else {
            theme.plain()
        };
        lines.push(Line::from(vec![
            Span::styled(mark, theme.key()),
            Span::styled(printable(choice), style),
        ]));
    }
    if visible.is_empty() {
        lines.push(Line::styled(
            "  No column holds what is typed.",
            theme.muted(),
        ));
    }
    let hint = match pick.said.as_deref() {
        Some(why) => Line::styled(printable(why), theme.error()),
        None => Line::styled(
            format!(
                "{} choose  {} cancel  type to narrow",
                key(Scope::ColumnPick, Action::Choose),
                key(Scope::ColumnPick, Action::Cancel)
            ),
            theme.muted(),
        ),
    };
    frame.render_widget(Paragraph::new(lines), inner);
    let last = Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1);
    frame.render_widget(Paragraph::new(hint), last);
    if field_y < inner.bottom() {
        frame.render_widget(
            &pick.filter,
            Rect::new(inner.x + 6, field_y, inner.width.saturating_sub(6), 1),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn pick(most: usize) -> ColumnPick {
        let choices = ["account", "productName", "lineItemType", "accountName"]
            .map(String::from)
            .to_vec();
        ColumnPick::new(PickFor::PivotRows, choices, "account".into(), most)
    }

    #[test]
    fn typing_narrows_and_enter_takes_the_one_highlighted() {
        let mut p = pick(3);
        for c in "prod".chars() {
            p.type_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        assert_eq!(p.visible(), ["productName"]);
        assert_eq!(
            p.on_action(Action::Choose),
            Intent::Answer(vec!["productName".into()])
        );
    }

    #[test]
    fn tab_adds_levels_in_order_up_to_the_most_and_takes_one_back() {
        let mut p = pick(2);
        p.on_action(Action::Toggle);
        p.on_action(Action::Down);
        p.on_action(Action::Toggle);
        assert_eq!(p.levels, ["account", "productName"]);
        assert_eq!(p.cursor, 0, "the next level is looked for from the top");
        p.on_action(Action::Down);
        p.on_action(Action::Down);
        assert!(matches!(p.on_action(Action::Toggle), Intent::Refuse(_)));
        // Tab on a level takes it back.
        p.on_action(Action::Up);
        p.on_action(Action::Toggle);
        assert_eq!(p.levels, ["account"]);
        p.on_action(Action::Down);
        p.on_action(Action::Toggle);
        assert_eq!(
            p.on_action(Action::Choose),
            Intent::Answer(vec!["account".into(), "lineItemType".into()])
        );
        // One choice only: Tab adds nothing.
        let mut single = pick(1);
        single.on_action(Action::Toggle);
        assert!(single.levels.is_empty());
    }
}
