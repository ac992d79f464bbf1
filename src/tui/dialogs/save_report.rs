//! Saving the pivot or the comparison on screen into a report: a new one, or one there is
//! (↑/↓ takes its name), with its periods kept relative where a relative name means them today
//! ("2026-11 is last-month"), and the `[[view]]` that will be written shown before it is.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::overlay::{Intent, Look, Overlay};
use crate::printable::printable;
use crate::report::{QueryPart, ViewPart};
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::screens::analysis::as_view::{ViewToSave, query_words};
use crate::tui::widgets::{frame, line_input};

/// The dialog.
#[derive(Debug)]
pub struct SaveReport {
    pub view: ViewToSave,
    /// The screen's today, which the relative names were found as of.
    pub today: chrono::NaiveDate,
    /// Whether the periods are saved by their relative names.
    pub relative: bool,
    pub name: TextArea<'static>,
    /// The reports there are (`None` while they are read), and the one ↑/↓ is on.
    pub reports: Option<Vec<String>>,
    pub cursor: Option<usize>,
}

/// What to save, for the runtime.
#[derive(Debug, Clone, PartialEq)]
pub struct ToSave {
    pub report: String,
    pub view: ViewPart,
    /// The period of a new report.
    pub period: String,
    /// The query of a new report.
    pub query: QueryPart,
    /// The day it is checked as of (the screen's today).
    pub today: chrono::NaiveDate,
}

impl SaveReport {
    /// The dialog for `view`, relative where it can be: a report is usually run again.
    pub fn new(view: ViewToSave, today: chrono::NaiveDate) -> SaveReport {
        SaveReport {
            relative: view.relative.is_some(),
            today,
            view,
            name: line_input::with_text("month-end"),
            reports: None,
            cursor: None,
        }
    }

    /// The reports there are, read; the name typed is kept.
    pub fn listed(&mut self, names: Vec<String>) {
        self.reports = Some(names);
    }

    fn typed(&self) -> String {
        line_input::text(&self.name).trim().to_string()
    }

    /// Whether the name typed is a report there is.
    fn adds_to(&self) -> bool {
        let typed = self.typed();
        self.reports.iter().flatten().any(|r| *r == typed)
    }

    fn step(&mut self, down: bool) {
        let Some(reports) = self.reports.as_ref().filter(|r| !r.is_empty()) else {
            return;
        };
        let last = reports.len() - 1;
        let next = match (self.cursor, down) {
            (None, true) => 0,
            (None, false) => last,
            (Some(i), true) => (i + 1).min(last),
            (Some(i), false) => i.saturating_sub(1),
        };
        self.cursor = Some(next);
        self.name = line_input::with_text(&reports[next]);
    }
}

impl Overlay for SaveReport {
    type Answer = ToSave;

    fn on_action(&mut self, action: Action) -> Intent<ToSave> {
        match action {
            Action::Toggle => {
                if self.view.relative.is_some() {
                    self.relative = !self.relative;
                }
                Intent::Stay
            }
            Action::Up | Action::Down => {
                self.step(action == Action::Down);
                Intent::Stay
            }
            Action::Save => {
                let report = self.typed();
                if let Err(e) = crate::config::check_name(&report) {
                    return Intent::Refuse(format!("{}.", e.to_string().trim_end_matches('.')));
                }
                let (view, period) = self.view.chosen(self.relative);
                Intent::Answer(ToSave {
                    report,
                    view,
                    period,
                    query: self.view.query.clone(),
                    today: self.today,
                })
            }
            Action::Cancel => Intent::Close,
            _ => Intent::Stay,
        }
    }

    fn type_key(&mut self, key: KeyEvent) {
        self.cursor = None;
        line_input::input(&mut self.name, key);
    }

    fn paste(&mut self, text: &str) {
        self.cursor = None;
        line_input::paste(&mut self.name, text, false);
    }
}

/// Draws the dialog over the screen.
pub fn draw(dialog: &SaveReport, frame: &mut Frame, look: Look) {
    let theme = look.theme;
    let area = frame::centered(
        frame.area(),
        84,
        frame.area().height.saturating_sub(2).min(24),
    );
    let block = frame::dialog("Save this view into a report", theme);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [ask, answer, body, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(Span::styled(
            "The report's name (a new one, or one there is):",
            theme.muted(),
        )),
        ask,
    );
    frame.render_widget(&dialog.name, answer);

    let mut lines: Vec<Line> = Vec::new();
    if let Some(refusal) = look.refusal() {
        lines.push(Line::styled(printable(refusal), theme.error()));
    }
    let (view, _) = dialog.view.chosen(dialog.relative);
    lines.push(match &dialog.reports {
        None => Line::styled("Reading the reports…", theme.muted()),
        Some(names) if names.is_empty() => Line::styled("No reports yet.", theme.muted()),
        Some(names) => Line::from(vec![
            Span::styled("Reports: ", theme.muted()),
            Span::raw(printable(&names.join(", "))),
            Span::styled(
                format!("  ({} picks one)", key(Scope::SaveReport, Action::Down)),
                theme.muted(),
            ),
        ]),
    });
    lines.push(Line::raw(if dialog.adds_to() {
        "Adds the view at the end of that report, which fetches what its [query] says; the rest of the file is left as it is."
            .to_string()
    } else {
        let about = match &dialog.view.period {
            (fixed, Some(relative)) if dialog.relative => format!("{relative} ({fixed} today)"),
            (fixed, _) => fixed.clone(),
        };
        format!(
            "A new report about {}, fetching what the form asks for ({}), writing a workbook.",
            printable(&about),
            printable(&query_words(&dialog.view.query))
        )
    }));
    if dialog.view.names.is_empty() {
        lines.push(Line::styled(
            "Its periods have no relative name today: they are saved as they are.",
            theme.muted(),
        ));
    } else if !dialog.view.unnamed.is_empty() {
        lines.push(Line::styled(
            format!(
                "{}, but {} has no relative name: the periods are saved as they are, so every run compares the same pair.",
                named(&dialog.view),
                dialog.view.unnamed.join(" and ")
            ),
            theme.muted(),
        ));
    } else {
        let keep = if dialog.relative {
            "kept relative, so next month it means the next"
        } else {
            "saved as fixed periods"
        };
        lines.push(Line::from(vec![
            Span::raw(format!("{}: ", named(&dialog.view))),
            Span::styled(keep, theme.key()),
            Span::styled(
                format!(" ({} changes it)", key(Scope::SaveReport, Action::Toggle)),
                theme.muted(),
            ),
        ]));
    }
    for left in &dialog.view.left {
        lines.push(Line::styled(format!("Note: {left}."), theme.muted()));
    }
    lines.push(Line::raw(""));
    let toml = toml::to_string(&ViewOnly { view: [&view] }).unwrap_or_default();
    lines.extend(
        toml.lines()
            .map(|l| Line::styled(printable(l), theme.plain())),
    );
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(
                "{} save  {} relative or fixed  {} cancel",
                key(Scope::SaveReport, Action::Save),
                key(Scope::SaveReport, Action::Toggle),
                key(Scope::SaveReport, Action::Cancel)
            ),
            theme.muted(),
        )),
        hint,
    );
}

/// What the relative names mean today: `2026-10 is month-2, 2026-11 is last-month`.
fn named(view: &ViewToSave) -> String {
    let said: Vec<String> = view
        .names
        .iter()
        .map(|(label, name)| format!("{label} is {name}"))
        .collect();
    said.join(", ")
}

/// The `[[view]]` as the file will hold it.
#[derive(serde::Serialize)]
struct ViewOnly<'a> {
    view: [&'a ViewPart; 1],
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ViewKind;

    fn dialog() -> SaveReport {
        let fixed = ViewPart {
            by: Some("account".into()),
            a: Some("2026-10".into()),
            b: Some("2026-11".into()),
            ..ViewPart::named("account compared", ViewKind::Compare)
        };
        let relative = ViewPart {
            a: Some("month-2".into()),
            b: Some("last-month".into()),
            ..fixed.clone()
        };
        SaveReport::new(
            ViewToSave {
                fixed,
                relative: Some(relative),
                period: ("2026-11".into(), Some("last-month".into())),
                names: vec![
                    ("2026-10".into(), "month-2"),
                    ("2026-11".into(), "last-month"),
                ],
                unnamed: Vec::new(),
                query: QueryPart::default(),
                left: Vec::new(),
            },
            chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
        )
    }

    #[test]
    fn relative_by_default_tab_fixes_the_periods_and_arrows_pick_a_report() {
        let mut d = dialog();
        d.listed(vec!["month-end".into(), "weekly".into()]);
        d.on_action(Action::Down);
        d.on_action(Action::Down);
        let Intent::Answer(relative) = d.on_action(Action::Save) else {
            panic!()
        };
        assert_eq!(relative.report, "weekly");
        assert_eq!(relative.period, "last-month");
        assert_eq!(relative.view.b.as_deref(), Some("last-month"));
        d.on_action(Action::Toggle);
        let Intent::Answer(fixed) = d.on_action(Action::Save) else {
            panic!()
        };
        assert_eq!(
            (fixed.period.as_str(), fixed.view.a.as_deref()),
            ("2026-11", Some("2026-10"))
        );
        d.name = line_input::with_text("../x");
        assert!(matches!(d.on_action(Action::Save), Intent::Refuse(_)));
    }
}
