//! The lists of profiles, saved queries and past submits: narrowed by typing, chosen with
//! Enter; a past submit can also be sent again.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::Outcome;
use crate::printable::printable;
use crate::query::{BodySource, Preset, draft_from_json};
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::msg::Effect;
use crate::tui::screens::form::layout::list_offset;
use crate::tui::screens::form::{result, update as builder};
use crate::tui::state::{Notice, State};
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Profiles,
    Saved,
    History,
}

/// What is done with a past query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    Load,
    Send,
    SendExact,
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
}

impl Picker {
    /// Opens a list of `kind`; its entries are read by the effect it comes with.
    pub fn open(kind: PickerKind) -> (Picker, Effect) {
        let picker = Picker {
            kind,
            items: None,
            problems: Vec::new(),
            cursor: 0,
            filter: TextArea::default(),
        };
        (picker, Effect::LoadPicker(kind))
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

    pub fn on_action(&mut self, action: Action, state: &mut State) -> Outcome {
        if let Some(outcome) = super::common(action, state) {
            return outcome;
        }
        match action {
            Action::Up | Action::Down => {
                let len = self.visible().len();
                let delta = if action == Action::Up { -1 } else { 1 };
                self.cursor = self
                    .cursor
                    .saturating_add_signed(delta)
                    .min(len.saturating_sub(1));
                Outcome::stay()
            }
            Action::Choose => Outcome::Close(self.choose(state, Use::Load)),
            Action::Resubmit => Outcome::Close(self.choose(state, Use::Send)),
            Action::ResubmitExact => Outcome::Close(self.choose(state, Use::SendExact)),
            Action::Cancel => Outcome::close(),
            _ => Outcome::stay(),
        }
    }

    /// A key no binding took narrows the list.
    pub fn type_key(&mut self, key: KeyEvent) {
        self.cursor = 0;
        line_input::input(&mut self.filter, key);
    }

    pub fn paste(&mut self, text: &str) {
        line_input::paste(&mut self.filter, text, false);
        self.cursor = 0;
    }

    /// Uses the highlighted entry: a past query is loaded, or sent again.
    fn choose(&self, state: &mut State, how: Use) -> Vec<Effect> {
        let Some(item) = self.visible().get(self.cursor).map(|i| (*i).clone()) else {
            return Vec::new();
        };
        match self.kind {
            PickerKind::Profiles => vec![Effect::SwitchProfile(item.key)],
            PickerKind::Saved => vec![Effect::LoadSaved(item.key)],
            PickerKind::History => {
                let text = item.body.map(|b| b.to_string()).unwrap_or_default();
                match draft_from_json(&text, BodySource::File) {
                    Ok(draft) => {
                        builder::load_draft(state, &draft, "Loaded a past query.");
                        // A preset means "that period as of today" unless the exact dates
                        // are asked for.
                        if how != Use::SendExact
                            && let Some(preset) = item.preset
                        {
                            state.form.preset = Some(preset);
                            state.notice = Some(Notice::good(format!(
                                "Loaded a past query, for {} as of today.",
                                preset.label()
                            )));
                        }
                        state.builder.saved_name = item.saved;
                    }
                    Err(e) => state.notice = Some(Notice::bad(printable(&e.to_string()))),
                }
                match how {
                    Use::Load => Vec::new(),
                    Use::Send | Use::SendExact => result::submit(state),
                }
            }
        }
    }
}

pub fn draw(state: &State, picker: &Picker, frame: &mut Frame) {
    let theme = &state.theme;
    let title = match picker.kind {
        PickerKind::Profiles => "Profiles",
        PickerKind::Saved => "Saved queries",
        PickerKind::History => "History, newest first",
    };
    let area = frame::centered(frame.area(), 100, frame.area().height.saturating_sub(4));
    let block = frame::dialog(title, state);
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
        let empty: &str = match picker.kind {
            PickerKind::Profiles => "No profiles match.",
            PickerKind::Saved => &format!(
                "No saved queries match. {} saves the form under a name.",
                key(Scope::Anywhere, Action::SaveQuery)
            ),
            PickerKind::History => &format!(
                "Nothing in the history matches. Every {} is remembered here.",
                key(Scope::Always, Action::Submit)
            ),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::tests::{ctrl, state};

    /// The history list with one past query of last month, sent on 2026-09-15.
    fn history(s: &mut State) {
        let (mut picker, _) = Picker::open(PickerKind::History);
        let body = serde_json::json!({
            "startDate": "2026-08-01T00:00:00Z",
            "endDate": "2026-09-01T00:00:00Z",
            "lineItemTypes": ["USAGE"],
            "dimensions": [{"name": "account", "filter": ["acme"]}],
        });
        let item = PickItem {
            key: "1".into(),
            label: "2026-09-15 last month account=acme".into(),
            detail: String::new(),
            body: Some(body),
            stale: true,
            preset: Some(Preset::LastMonth),
            saved: Some("acme usage".into()),
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
