//! Who has the keyboard now. [`of`] is the one place that decides it; keys, pastes and the
//! mouse are dispatched by one match on its answer (in `update`), and the footer and help
//! list the keys of the same answer.

use super::dialogs::{Dialog, PickerKind};
use super::keymap::Scope;
use super::layout;
use super::screens::analysis::Analysis;
use super::screens::form::{Editing, Fetch, Pane};
use super::screens::table::Focus;
use super::state::State;

/// The room that owns the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The terminal is too small to use: only quitting works.
    TooSmall,
    /// A dialog over everything.
    Help,
    ConfirmQuit,
    Picker {
        history: bool,
    },
    Prompt,
    /// Saving what is on screen.
    Export,
    /// Saving the analysis on screen into a report.
    SaveReport,
    /// Asked whether to run a report again over its files.
    ReplaceReport,
    /// The table view of a CSV file: its filter or column prompt, or its column chooser, may
    /// be open, a sort or filter running, and the focus on its rows, filters or totals.
    Table {
        prompt: bool,
        chooser: bool,
        job: bool,
        focus: Focus,
    },
    /// The pivot of the table's rows, its grid or its chart.
    Pivot {
        chart: bool,
        /// Its rows are on levels, which fold.
        levels: bool,
    },
    /// The comparison of two periods, or the choice of them; `usual` when B is held against
    /// the mean of the periods before it.
    Compare {
        choosing: bool,
        usual: bool,
    },
    /// Choosing an analysis's rows, columns or key.
    ColumnPick,
    /// A dimension being edited; `suggesting` where Up/Down have something to offer (the
    /// name, or values that have a list).
    Dimension {
        suggesting: bool,
    },
    /// The path to fetch to being typed.
    FetchPath,
    /// A date, the limit or the version being typed.
    Field,
    /// Asked whether to replace a file that exists.
    Overwrite,
    /// The builder's panes, the focused one first.
    Form {
        pane: Pane,
        link: bool,
        fetching: bool,
    },
}

/// Who has the keyboard in `state`. The order is the rule: a dialog over anything; then the
/// table view when a file is open; then an open editor, which keeps the keyboard even when a
/// question comes up meanwhile (the question waits until the editor is closed); then the
/// question; then the builder.
pub fn of(state: &State) -> Mode {
    if !layout::fits(state, state.size) {
        return Mode::TooSmall;
    }
    match &state.dialog {
        Some(Dialog::Help(_)) => return Mode::Help,
        Some(Dialog::ConfirmQuit(_)) => return Mode::ConfirmQuit,
        Some(Dialog::Picker(picker)) => {
            return Mode::Picker {
                history: picker.kind == PickerKind::History,
            };
        }
        Some(Dialog::Prompt(_)) => return Mode::Prompt,
        Some(Dialog::Export(_)) => return Mode::Export,
        Some(Dialog::SaveReport(_)) => return Mode::SaveReport,
        Some(Dialog::ReplaceReport(_)) => return Mode::ReplaceReport,
        None => {}
    }
    if let Some(table) = &state.table {
        match &table.analysis {
            Some(analysis) if analysis.picking().is_some() => return Mode::ColumnPick,
            Some(Analysis::Pivot(pivot)) => {
                return Mode::Pivot {
                    chart: pivot.chart.is_some(),
                    levels: pivot
                        .made
                        .as_ref()
                        .is_some_and(|m| m.pivot.levels.len() > 1),
                };
            }
            Some(Analysis::Compare(c)) => {
                return Mode::Compare {
                    choosing: c.chooser.is_some(),
                    usual: c.made.as_ref().is_some_and(|m| m.baseline.is_some()),
                };
            }
            None => {}
        }
        return Mode::Table {
            prompt: table.prompt.is_some(),
            chooser: table.chooser.is_some(),
            job: table.job.is_running(),
            focus: table.focus,
        };
    }
    match (&state.builder.editing, &state.result.fetch) {
        (Some(Editing::Dimension(editor)), _) => Mode::Dimension {
            // Up/Down and Ctrl-R act only where there is something to suggest.
            suggesting: editor.focus == 0 || (editor.focus == 1 && editor.list_kind().is_some()),
        },
        (_, Fetch::Asking(_)) => Mode::FetchPath,
        (Some(Editing::Field(_)), _) => Mode::Field,
        (None, Fetch::Confirming { .. }) => Mode::Overwrite,
        (None, _) => Mode::Form {
            pane: state.builder.focus,
            link: state.link().is_some(),
            fetching: state.result.running_fetch().is_some(),
        },
    }
}

impl Mode {
    /// The scopes whose keys work in this mode, most specific first.
    pub fn scopes(self) -> Vec<Scope> {
        let mut scopes = vec![Scope::Always];
        match self {
            Mode::TooSmall => scopes.push(Scope::Anywhere),
            Mode::Help => scopes.push(Scope::Help),
            Mode::ConfirmQuit | Mode::Overwrite | Mode::ReplaceReport => {
                scopes.push(Scope::Confirm);
            }
            Mode::SaveReport => scopes.push(Scope::SaveReport),
            Mode::Picker { history } => {
                if history {
                    scopes.push(Scope::History);
                }
                scopes.push(Scope::Picker);
            }
            Mode::Prompt => scopes.push(Scope::Prompt),
            Mode::Export => scopes.push(Scope::ExportDialog),
            Mode::Table {
                prompt,
                chooser,
                job,
                focus,
            } => {
                if job {
                    scopes.push(Scope::TableJob);
                }
                if prompt {
                    scopes.push(Scope::TablePrompt);
                } else if chooser {
                    scopes.push(Scope::ColumnChooser);
                } else {
                    match focus {
                        Focus::Rows => {}
                        Focus::Filters => scopes.push(Scope::TableFilters),
                        Focus::Totals => scopes.push(Scope::TableTotals),
                    }
                    scopes.push(Scope::Table);
                }
            }
            Mode::Pivot { chart: true, .. } => scopes.push(Scope::PivotChart),
            Mode::Pivot {
                chart: false,
                levels,
            } => {
                if levels {
                    scopes.push(Scope::PivotLevels);
                }
                scopes.push(Scope::Pivot);
            }
            Mode::Compare { choosing: true, .. } => scopes.push(Scope::PeriodChooser),
            Mode::Compare {
                choosing: false,
                usual,
            } => {
                if usual {
                    scopes.push(Scope::CompareUsual);
                }
                scopes.push(Scope::Compare);
            }
            Mode::ColumnPick => scopes.push(Scope::ColumnPick),
            Mode::Dimension { suggesting } => {
                if suggesting {
                    scopes.push(Scope::DimensionSuggest);
                }
                scopes.push(Scope::DimensionEditor);
            }
            Mode::FetchPath => scopes.push(Scope::PathPrompt),
            Mode::Field => scopes.push(Scope::Editor),
            Mode::Form {
                pane,
                link,
                fetching,
            } => {
                if fetching {
                    scopes.push(Scope::Fetching);
                }
                scopes.push(pane.scope());
                if link && !fetching {
                    scopes.push(Scope::Link);
                }
                scopes.push(Scope::Anywhere);
            }
        }
        scopes
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::explore::{CsvFile, ScanProgress};
    use crate::tui::dialogs::help::Help;
    use crate::tui::screens::form::result::tests::{start_fetch, with_link};
    use crate::tui::screens::table::TableState;
    use crate::tui::tests::{ctrl, press, state};

    fn table() -> TableState {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv/ragged.csv");
        TableState::new(
            CsvFile::open(&path).expect("the fixture opens"),
            ScanProgress::default(),
            false,
            None,
        )
    }

    #[test]
    fn the_order_decides_who_has_the_keyboard() {
        let mut s = state();
        assert!(matches!(
            of(&s),
            Mode::Form {
                pane: Pane::Dates,
                ..
            }
        ));
        s.table = Some(table());
        assert_eq!(
            of(&s),
            Mode::Table {
                prompt: false,
                chooser: false,
                job: false,
                focus: Focus::Rows,
            }
        );
        s.dialog = Some(Dialog::Help(Help::new(&[])));
        assert_eq!(of(&s), Mode::Help, "a dialog is over the table");
        s.size = (80, 20);
        assert_eq!(of(&s), Mode::Help, "the table is drawn in 80x20");
        s.size = (59, 24);
        assert_eq!(of(&s), Mode::TooSmall, "too small is over everything");
        assert_eq!(of(&s).scopes(), [Scope::Always, Scope::Anywhere]);
        s.table = None;
        s.size = (80, 20);
        assert_ne!(of(&s), Mode::TooSmall, "the builder is drawn in 80x20");
        s.size = (80, 19);
        assert_eq!(of(&s), Mode::TooSmall);
    }

    #[test]
    fn an_open_editor_keeps_the_keyboard_over_a_question() {
        let mut s = state();
        with_link(&mut s);
        let id = start_fetch(&mut s);
        s.builder.focus = Pane::Options;
        press(&mut s, KeyCode::Enter);
        assert_eq!(of(&s), Mode::Field);
        crate::tui::update(
            &mut s,
            crate::tui::Msg::Fetched(id, Err(crate::m3ter::DownloadError::Exists("x".into()))),
        );
        assert_eq!(of(&s), Mode::Field);
        press(&mut s, KeyCode::Esc);
        assert_eq!(of(&s), Mode::Overwrite);
        assert_eq!(of(&s).scopes(), [Scope::Always, Scope::Confirm]);
    }

    #[test]
    fn a_key_reaches_exactly_the_room_that_owns_it() {
        // q quits from the builder...
        let mut s = state();
        press(&mut s, KeyCode::Char('q'));
        assert!(s.quit);
        // ...is a letter in an editor, in a list's filter and in the table's prompt...
        let mut s = state();
        s.builder.focus = Pane::Options;
        press(&mut s, KeyCode::Enter);
        press(&mut s, KeyCode::Char('q'));
        assert!(!s.quit);
        assert!(
            s.builder
                .field_editor()
                .is_some_and(|e| e.text.lines() == ["q"])
        );
        let mut s = state();
        press(&mut s, KeyCode::Char('H'));
        press(&mut s, KeyCode::Char('q'));
        assert!(!s.quit);
        assert!(matches!(&s.dialog, Some(Dialog::Picker(p)) if p.filter.lines() == ["q"]));
        let mut s = state();
        s.table = Some(table());
        press(&mut s, KeyCode::Char('/'));
        press(&mut s, KeyCode::Char('q'));
        assert!(s.table.as_ref().is_some_and(|t| t.prompt.is_some()));
        // ...and closes the help, which leaves the builder as it was.
        let mut s = state();
        press(&mut s, KeyCode::Char('?'));
        assert_eq!(of(&s), Mode::Help);
        press(&mut s, KeyCode::Char('q'));
        assert!(!s.quit && s.dialog.is_none());
    }

    #[test]
    fn ctrl_u_clears_every_one_line_field() {
        let typed = |s: &mut crate::tui::State| {
            for c in "acme".chars() {
                press(s, KeyCode::Char(c));
            }
            ctrl(s, 'u');
        };
        let mut s = state();
        s.table = Some(table());
        press(&mut s, KeyCode::Char('/'));
        typed(&mut s);
        let prompt = s.table.as_ref().and_then(|t| t.prompt.as_ref()).unwrap();
        assert_eq!(prompt.text.lines(), [""]);

        let mut s = state();
        press(&mut s, KeyCode::Char('s'));
        typed(&mut s);
        assert!(matches!(&s.dialog, Some(Dialog::Prompt(p)) if p.text.lines() == [""]));

        let mut s = state();
        s.builder.focus = Pane::Dimensions;
        press(&mut s, KeyCode::Char('a'));
        typed(&mut s);
        let editor = s.builder.dimension_editor().unwrap();
        assert_eq!(editor.fields[editor.focus].lines(), [""]);

        let mut s = state();
        with_link(&mut s);
        press(&mut s, KeyCode::Char('f'));
        ctrl(&mut s, 'u');
        assert!(matches!(&s.result.fetch, Fetch::Asking(path) if path.0.lines() == [""]));
    }
}
