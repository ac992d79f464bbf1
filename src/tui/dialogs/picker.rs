//! The lists of profiles, saved queries and past submits, and the accounts or products a name
//! in a filter may mean: narrowed by typing, chosen with Enter; a past submit can also be sent
//! again.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::overlay::{Intent, Look, Overlay};
use crate::printable::printable;
use crate::query::Preset;
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::widgets::list::list_offset;
use crate::tui::widgets::{frame, line_input};

/// A list to choose from: profiles, saved queries or past submits, narrowed by typing.
#[derive(Debug)]
pub struct Picker {
    pub kind: PickerKind,
    /// `None` while the list is being read.
    pub items: Option<Vec<PickItem>>,
    /// Sentences about entries that could not be read (a damaged saved query).
    pub problems: Vec<String>,
    pub cursor: usize,
    pub filter: TextArea<'static>,
    /// The profile in use, marked in the list of profiles.
    pub current: Option<String>,
    /// What is asked, above the list (which account a name means).
    pub question: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Profiles,
    /// Saved queries and reports: the library.
    Saved,
    History,
    /// The files fetched earlier that are still there.
    Files,
    /// The entries a value of the form's filter names (several accounts of one name): the one
    /// chosen replaces the `value`th value of the `dimension`th dimension, and the form is sent.
    Named {
        dimension: usize,
        value: usize,
    },
}

/// What is done with a past query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Load,
    Send,
    SendExact,
    /// Open the entry's file in the table.
    Open,
}

/// The entry chosen, and what to do with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Picked {
    pub kind: PickerKind,
    pub item: PickItem,
    pub how: Use,
}

/// One entry of a picker.
#[derive(Debug, Clone, PartialEq)]
pub struct PickItem {
    /// What the entry is called: a profile or query name, or a history entry's id.
    pub key: String,
    pub label: String,
    pub detail: String,
    /// A past submit's body, to load into the form.
    pub body: Option<serde_json::Value>,
    /// A past submit whose link has probably expired.
    pub stale: bool,
    /// The preset a past submit's dates came from.
    pub preset: Option<Preset>,
    /// The saved query a past submit was.
    pub saved: Option<String>,
    /// A report, by name; for a past run, the day it was run as of.
    pub report: Option<(String, Option<chrono::NaiveDate>)>,
    /// The file the entry fetched or wrote, when it is still there.
    pub file: Option<std::path::PathBuf>,
}

impl PickItem {
    /// An entry called `key`, shown as `label` with `detail` under the list.
    pub fn new(key: &str, label: String, detail: String) -> PickItem {
        PickItem {
            key: key.to_string(),
            label,
            detail,
            body: None,
            stale: false,
            preset: None,
            saved: None,
            report: None,
            file: None,
        }
    }
}

impl Picker {
    /// A list of `kind`, its entries still to be read; `current` is the profile in use.
    pub fn new(kind: PickerKind, current: Option<String>) -> Picker {
        Picker {
            kind,
            items: None,
            problems: Vec::new(),
            cursor: 0,
            filter: TextArea::default(),
            current,
            question: None,
        }
    }

    /// The choice between the entries a value of a filter names, asked with `question`.
    pub fn named(
        dimension: usize,
        value: usize,
        question: String,
        choices: Vec<PickItem>,
    ) -> Picker {
        let mut picker = Picker::new(PickerKind::Named { dimension, value }, None);
        picker.question = Some(question);
        picker.loaded(choices, &[]);
        picker
    }

    /// The entries that match what was typed (case-insensitive, anywhere in the text).
    pub fn visible(&self) -> Vec<&PickItem> {
        let needle = line_input::text(&self.filter).trim().to_lowercase();
        self.items
            .iter()
            .flatten()
            .filter(|i| {
                needle.is_empty()
                    || i.label.to_lowercase().contains(&needle)
                    || i.detail.to_lowercase().contains(&needle)
            })
            .collect()
    }

    /// The entries, read.
    pub fn loaded(&mut self, items: Vec<PickItem>, problems: &[String]) {
        self.items = Some(items);
        self.problems = problems.iter().map(|p| printable(p)).collect();
        self.cursor = 0;
    }

    /// The highlighted entry, to be used `how`.
    fn choose(&self, how: Use) -> Intent<Picked> {
        match self.visible().get(self.cursor) {
            Some(item) => Intent::Answer(Picked {
                kind: self.kind,
                item: (*item).clone(),
                how,
            }),
            None => Intent::Close,
        }
    }
}

impl Overlay for Picker {
    type Answer = Picked;

    fn on_action(&mut self, action: Action) -> Intent<Picked> {
        match action {
            Action::Up | Action::Down => {
                let len = self.visible().len();
                let delta = if action == Action::Up { -1 } else { 1 };
                self.cursor = self
                    .cursor
                    .saturating_add_signed(delta)
                    .min(len.saturating_sub(1));
                Intent::Stay
            }
            Action::Choose => self.choose(Use::Load),
            Action::Resubmit => self.choose(Use::Send),
            Action::ResubmitExact => self.choose(Use::SendExact),
            Action::OpenView => self.choose(Use::Open),
            Action::Cancel => Intent::Close,
            _ => Intent::Stay,
        }
    }

    /// A key no binding took narrows the list.
    fn type_key(&mut self, key: KeyEvent) {
        self.cursor = 0;
        line_input::input(&mut self.filter, key);
    }

    fn paste(&mut self, text: &str) {
        line_input::paste(&mut self.filter, text, false);
        self.cursor = 0;
    }
}

/// Draws the dialog over the screen.
pub fn draw(picker: &Picker, frame: &mut Frame, look: Look) {
    let theme = look.theme;
    let title = match picker.kind {
        PickerKind::Profiles => "Profiles",
        PickerKind::Saved => "The library: saved queries and reports",
        PickerKind::Files => "Files fetched earlier, newest first",
        PickerKind::History => "History, newest first",
        PickerKind::Named { .. } => "Which one is meant?",
    };
    let area = frame::centered(frame.area(), 100, frame.area().height.saturating_sub(4));
    let block = frame::dialog(title, theme);
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
        .question
        .iter()
        .map(|q| Line::styled(printable(q), theme.key()))
        .chain(
            picker
                .problems
                .iter()
                .map(|p| Line::styled(format!("✗ {p}"), theme.error())),
        )
        .collect();
    if visible.is_empty() {
        let empty: &str = match picker.kind {
            PickerKind::Profiles => "No profiles match.",
            PickerKind::Saved => &format!(
                "None match: {} saves the form; {} in a pivot or comparison makes a report.",
                key(Scope::Anywhere, Action::SaveQuery),
                key(Scope::Pivot, Action::SaveToReport)
            ),
            PickerKind::Files => "No file fetched earlier is still there (or none matches).",
            PickerKind::History => &format!(
                "Nothing in the history matches. Every {} is remembered here.",
                key(Scope::Always, Action::Submit)
            ),
            PickerKind::Named { .. } => "None of them matches what is typed.",
        };
        lines.push(Line::styled(empty.to_string(), theme.muted()));
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
            && picker.current.as_deref() == Some(item.key.as_str());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::msg::Effect;
    use crate::tui::state::State;
    use crate::tui::tests::{ctrl, state};

    /// The history list with one past query of last month, sent on 2026-09-15.
    fn history(s: &mut State) {
        let mut picker = Picker::new(PickerKind::History, None);
        let body = serde_json::json!({
            "startDate": "2026-08-01T00:00:00Z",
            "endDate": "2026-09-01T00:00:00Z",
            "lineItemTypes": ["USAGE"],
            "dimensions": [{"name": "account", "filter": ["acme"]}],
        });
        let item = PickItem {
            body: Some(body),
            stale: true,
            preset: Some(Preset::LastMonth),
            saved: Some("acme usage".into()),
            ..PickItem::new(
                "1",
                "2026-09-15 last month account=acme".into(),
                String::new(),
            )
        };
        picker.loaded(vec![item], &[]);
        s.dialog = Some(super::super::Dialog::Picker(picker));
    }

    fn sent_range(effects: &[Effect]) -> (String, String) {
        match effects {
            [Effect::Submit { query, saved, .. }] => {
                assert_eq!(saved.as_deref(), Some("acme usage"));
                let range = query.range();
                (range.start().to_rfc3339(), range.end().to_rfc3339())
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn send_again_means_the_same_preset_as_of_today_or_the_exact_dates() {
        // The test state's today is 2026-11-27: last month is October.
        let mut s = state();
        history(&mut s);
        let (start, end) = sent_range(&ctrl(&mut s, 'r'));
        assert_eq!(
            (start.as_str(), end.as_str()),
            ("2026-10-01T00:00:00+00:00", "2026-11-01T00:00:00+00:00")
        );
        crate::tui::update(&mut s, crate::tui::Msg::Submitted(Err("x".into()), None));
        history(&mut s);
        let (start, end) = sent_range(&ctrl(&mut s, 'e'));
        assert_eq!(
            (start.as_str(), end.as_str()),
            ("2026-08-01T00:00:00+00:00", "2026-09-01T00:00:00+00:00")
        );
    }

    #[test]
    fn typing_a_filter_value_finds_the_past_query() {
        let mut s = state();
        history(&mut s);
        let Some(super::super::Dialog::Picker(picker)) = &mut s.dialog else {
            panic!()
        };
        picker.paste("acme");
        assert_eq!(picker.visible().len(), 1);
        picker.paste("x");
        assert!(picker.visible().is_empty());
    }
}
