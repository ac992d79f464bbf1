//! How the state answers each message: input goes to the room that owns the keyboard (one
//! match on [`mode::of`]), news from tasks to the room it is for. No I/O here: slow or outside
//! work is returned as effects for the runtime to run.

use crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};

use super::carry;
use super::dialogs::{Dialog, Overlay};
use super::keymap::{Action, action_for};
use super::mode::{self, Mode};
use super::msg::{Effect, Msg};
use super::screens::analysis::{self, Analysis};
use super::screens::form::listing::Listing;
use super::screens::form::{self, Editing, Fetch, result};
use super::screens::table::account_names::names_of;
use super::screens::table::update::TableNews;
use super::screens::table::{self, TableState};
use super::state::{Context, Notice, OpenThen, Opening, State};
use crate::printable::printable;
use crate::query::{Caveat, validate};

/// Applies `msg` to `state` and returns the work it asks for.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let effects = dispatch(state, msg);
    recount_problems(state);
    effects
}

/// "Not sent: N problems" follows the form: the count as it is now, gone once none is left.
fn recount_problems(state: &mut State) {
    if !state.notice.as_ref().is_some_and(|n| n.problems) {
        return;
    }
    state.notice = match validate(&state.form.draft(), state.now) {
        Ok(_) => None,
        Err(problems) => Some(Notice::problems(problems.len())),
    };
}

fn dispatch(state: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(state, key),
        Msg::Paste(text) => {
            on_paste(state, &text);
            Vec::new()
        }
        Msg::Mouse(mouse) => on_mouse(state, mouse),
        Msg::Resize(w, h) => {
            state.size = (w, h);
            Vec::new()
        }
        Msg::Tick => {
            state.spinner = state.spinner.wrapping_add(1);
            table_tick(state)
        }
        Msg::ViewOpened(result, standalone) => match result {
            Ok(opened) => {
                let mut table = TableState::new(
                    opened.file,
                    opened.scan,
                    standalone,
                    opened.columns.as_deref(),
                );
                // A file fetched here comes with its query, which says why it may be empty.
                if let Fetch::Done {
                    path,
                    caveat: Some(caveat @ Caveat::NoRows { .. }),
                    ..
                } = &state.result.fetch
                    && path.as_path() == table.file.path()
                {
                    table.empty_reason = Some(result::sentence(caveat));
                }
                let mut effects = Vec::new();
                // What was to open over another file is dropped: it is not this one's.
                if let Some(opening) = state.opening.take()
                    && opening.path == table.file.path()
                {
                    let today = state.now.date_naive();
                    effects = match opening.then {
                        OpenThen::Compare(a, b) => {
                            analysis::open::compare_periods(&mut table, a, b, today)
                        }
                        OpenThen::View(view, said) => {
                            analysis::open::planned(&mut table, &view, today, said)
                        }
                    };
                }
                state.table = Some(table);
                effects.extend(table_tick(state));
                effects
            }
            Err(e) => {
                state.opening = None;
                state.notice = Some(Notice::bad(printable(&e)));
                Vec::new()
            }
        },
        Msg::Page(page) => table_news(state, TableNews::Page(page)),
        Msg::JobDone(id, result) => table_news(state, TableNews::Job(id, result)),
        Msg::Exported(result) => {
            state.tell(match result {
                Ok(written) => {
                    let saved = format!(
                        "Saved {} ({}, {} lines).",
                        printable(&written.path.display().to_string()),
                        crate::units::bytes(written.bytes),
                        written.rows
                    );
                    // What the file could not hold as the data has it is said, not hidden.
                    if written.said.is_empty() {
                        Notice::good(saved)
                    } else {
                        Notice::bad(format!(
                            "{saved} {}",
                            crate::printable::sentence(&written.said.join("; "))
                        ))
                    }
                }
                Err(e) => Notice::bad(format!("Not saved: {}", printable(&e))),
            });
            Vec::new()
        }
        Msg::PeriodNews(text) => {
            state.notice = Some(Notice::good(text));
            Vec::new()
        }
        Msg::PeriodsFetched(result) => match result {
            Ok(fetched) => {
                let names: Vec<String> = fetched
                    .files
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect();
                state.notice = Some(Notice::good(format!(
                    "Fetched {}; comparing them.",
                    printable(&names.join(" and "))
                )));
                let path = fetched.combined.clone();
                state.opening = Some(Opening {
                    path: path.clone(),
                    then: OpenThen::Compare(fetched.a, fetched.b),
                });
                vec![Effect::OpenView(path)]
            }
            Err(e) => {
                state.notice = Some(Notice::bad(format!("Not compared: {}", printable(&e))));
                Vec::new()
            }
        },
        Msg::TotalsMade(source, rows) => match &mut state.table {
            Some(table) => table.on_totals(source, rows).into_iter().collect(),
            None => Vec::new(),
        },
        Msg::PivotDone(id, result) => {
            let size = state.size;
            let names = state.table.as_ref().map(|t| t.names.clone());
            match analysis(state) {
                Some(Analysis::Pivot(pivot)) => {
                    pivot.on_done(id, result, size, &names.unwrap_or_default())
                }
                _ => Vec::new(),
            }
        }
        Msg::MonthsFound(id, result) => match analysis(state) {
            Some(Analysis::Compare(compare)) => compare.on_months(id, result).into_iter().collect(),
            _ => Vec::new(),
        },
        Msg::CompareDone(id, result) => {
            let size = state.size;
            if let Some(Analysis::Compare(compare)) = analysis(state) {
                compare.on_done(id, result, size);
            }
            Vec::new()
        }
        Msg::Submit(event) => {
            result::on_submit_event(state, event);
            Vec::new()
        }
        Msg::Submitted(outcome, entry) => {
            result::on_submitted(state, outcome, entry);
            Vec::new()
        }
        Msg::FetchProgress(id, progress) => {
            result::on_progress(state, id, progress);
            Vec::new()
        }
        Msg::Fetched(id, outcome) => {
            result::on_fetched(state, id, outcome);
            Vec::new()
        }
        Msg::Counted(id, rows) => {
            result::on_counted(state, id, rows);
            Vec::new()
        }
        Msg::FetchCancelled(id) => {
            result::on_cancelled(state, id);
            Vec::new()
        }
        Msg::SplitNews(id, news) => {
            crate::tui::screens::form::split::on_piece_news(state, id, news);
            Vec::new()
        }
        Msg::SplitDone(id, outcome) => {
            crate::tui::screens::form::split::on_completed(state, id, outcome);
            Vec::new()
        }
        Msg::Opened(outcome) => {
            state.notice = Some(match outcome {
                Ok(()) => Notice::good("Opened the link in the browser."),
                Err(e) => Notice::bad(format!(
                    "{e}; the link stays on screen to copy ({}).",
                    super::keymap::key(super::keymap::Scope::Link, Action::Copy)
                )),
            });
            Vec::new()
        }
        Msg::Copied(what, outcome) => {
            state.tell(match outcome {
                Ok(()) => Notice::good(format!(
                    "Copied {what} to the clipboard: it pastes into a spreadsheet as cells."
                )),
                Err(e) => Notice::bad(format!("Could not copy {what}: {e}.")),
            });
            Vec::new()
        }
        Msg::PickerLoaded(kind, items, problems) => {
            if let Some(Dialog::Picker(picker)) = &mut state.dialog
                && picker.kind == kind
            {
                picker.loaded(items, &problems);
            }
            Vec::new()
        }
        Msg::ListLoaded(kind, result) => {
            if let Ok(lookup) = &result
                && let Some(names) = names_of(lookup)
            {
                state.builder.lists.account_names = Some(names.clone());
                if let Some(table) = &mut state.table {
                    table::naming::learn_names(table, &names);
                }
            }
            *state.builder.lists.get_mut(kind) = match result {
                Ok(lookup) => Listing::Ready(lookup),
                Err(why) => Listing::Failed(printable(&why)),
            };
            form::update::feed_suggestions(state)
        }
        Msg::Loaded(name, outcome) => {
            match outcome {
                Ok(draft) => {
                    form::update::load_draft(state, &draft, &format!("Loaded \"{name}\"."));
                    state.builder.saved_name = Some(name);
                }
                Err(e) => state.notice = Some(Notice::bad(printable(&e))),
            }
            Vec::new()
        }
        Msg::Wrote(outcome) => {
            state.notice = Some(match outcome {
                Ok(path) => Notice::good(format!("Saved {}.", path.display())),
                Err(e) => Notice::bad(printable(&e)),
            });
            Vec::new()
        }
        Msg::ProfileSwitched(outcome) => {
            match outcome {
                Ok(switch) => {
                    let name = switch.context.profile.clone().unwrap_or_default();
                    state.context = Context {
                        folder: state.context.folder.clone(),
                        ..switch.context
                    };
                    state.result.submission = form::Submission::Idle;
                    state.notice = Some(Notice::good(format!("Now using profile {name}.")));
                }
                Err(e) => state.notice = Some(Notice::bad(printable(&e))),
            }
            Vec::new()
        }
        Msg::Report(news) => super::reports::on_news(state, news),
        Msg::Shutdown => {
            state.quit = true;
            Vec::new()
        }
    }
}

/// The table's analysis, open or waiting behind a drill-down (its pass may still answer).
fn analysis(state: &mut State) -> Option<&mut Analysis> {
    let table = state.table.as_mut()?;
    match &mut table.analysis {
        Some(analysis) => Some(analysis),
        None => table.drilled.as_mut().map(|d| &mut d.back),
    }
}

/// What the open table asks for on a tick: the rows in view, the totals, and the accounts'
/// names when it shows codes only (however it was opened).
fn table_tick(state: &mut State) -> Vec<Effect> {
    let mut effects = match &mut state.table {
        Some(table) => table::naming::names_for(table, &mut state.builder.lists)
            .into_iter()
            .collect(),
        None => Vec::new(),
    };
    effects.extend(table_news(state, TableNews::Tick));
    effects
}

fn table_news(state: &mut State, news: TableNews) -> Vec<Effect> {
    let size = state.size;
    match &mut state.table {
        Some(table) => table::update::on_message(table, news, size),
        None => Vec::new(),
    }
}

/// A key goes to the room that owns the keyboard, as its action when the keymap has one for
/// that room, else as the key itself (typed into a field, if the room has one).
fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let mode = mode::of(state);
    let action = action_for(&mode.scopes(), &key);
    match (mode, action) {
        (Mode::Table { .. }, action) => table::update::on_key(state, action, key),
        (Mode::Pivot { .. } | Mode::Compare { .. } | Mode::ColumnPick, action) => {
            analysis::keys::on_analysis_key(state, action, key)
        }
        (_, None) => {
            type_key(state, mode, key);
            Vec::new()
        }
        (Mode::TooSmall, Some(action)) => too_small(state, action),
        (
            Mode::Help
            | Mode::ConfirmQuit
            | Mode::Picker { .. }
            | Mode::Prompt
            | Mode::Export
            | Mode::SaveReport
            | Mode::ReplaceReport,
            Some(action),
        ) => carry::dialog(state, action),
        (Mode::Dimension { .. } | Mode::Field, Some(action)) => carry::editor(state, action),
        (Mode::FetchPath, Some(action)) => carry::fetch_path(state, action),
        (Mode::Overwrite, Some(action)) => carry::overwrite(state, action),
        (Mode::Form { .. }, Some(action)) => form::update::on_action(state, action, mode),
    }
}

/// Only quitting works while the terminal is too small to use.
fn too_small(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::ForceQuit => {
            state.quit = true;
            if state.table.is_some() {
                return vec![Effect::CloseView];
            }
        }
        Action::Quit => {
            if let Some(table) = state.table.take() {
                state.quit = table.standalone;
                return vec![Effect::CloseView];
            }
            return form::update::on_action(state, action, Mode::TooSmall);
        }
        _ => {}
    }
    Vec::new()
}

/// A key no binding took, typed into the field of the room that has one.
fn type_key(state: &mut State, mode: Mode, key: KeyEvent) {
    match (
        mode,
        &mut state.dialog,
        &mut state.builder.editing,
        &mut state.result.fetch,
    ) {
        (Mode::Picker { .. }, Some(Dialog::Picker(picker)), _, _) => picker.type_key(key),
        (Mode::Prompt, Some(Dialog::Prompt(prompt)), _, _) => prompt.type_key(key),
        (Mode::Export, Some(Dialog::Export(dialog)), _, _) => dialog.type_key(key),
        (Mode::SaveReport, Some(Dialog::SaveReport(dialog)), _, _) => dialog.type_key(key),
        (Mode::Dimension { .. }, _, Some(Editing::Dimension(editor)), _) => editor.type_key(key),
        (Mode::Field, _, Some(Editing::Field(editor)), _) => editor.type_key(key),
        (Mode::FetchPath, _, _, Fetch::Asking(path)) => path.type_key(key),
        _ => {}
    }
}

/// A paste goes where typing would.
fn on_paste(state: &mut State, text: &str) {
    match (
        mode::of(state),
        &mut state.dialog,
        &mut state.builder.editing,
        &mut state.result.fetch,
        &mut state.table,
    ) {
        (Mode::Table { .. }, _, _, _, Some(table)) => table::update::on_paste(table, text),
        (Mode::Compare { choosing: true, .. }, _, _, _, Some(table)) => {
            if let Some(Analysis::Compare(compare)) = &mut table.analysis {
                compare.paste(text);
            }
        }
        (Mode::ColumnPick, _, _, _, Some(table)) => {
            if let Some(pick) = table.analysis.as_mut().and_then(Analysis::picking_mut) {
                pick.paste(text);
            }
        }
        (Mode::Picker { .. }, Some(Dialog::Picker(picker)), _, _, _) => picker.paste(text),
        (Mode::Prompt, Some(Dialog::Prompt(prompt)), _, _, _) => prompt.paste(text),
        (Mode::Export, Some(Dialog::Export(dialog)), _, _, _) => dialog.paste(text),
        (Mode::SaveReport, Some(Dialog::SaveReport(dialog)), _, _, _) => dialog.paste(text),
        (Mode::Dimension { .. }, _, Some(Editing::Dimension(editor)), _, _) => editor.paste(text),
        (Mode::Field, _, Some(Editing::Field(editor)), _, _) => editor.paste(text),
        (Mode::FetchPath, _, _, Fetch::Asking(path), _) => path.paste(text),
        _ => {}
    }
}

/// The mouse: the wheel in the table and the help; clicks and the wheel in the builder's
/// panes. Nothing while a field is being typed into or a question is open.
fn on_mouse(state: &mut State, mouse: MouseEvent) -> Vec<Effect> {
    let down = match mouse.kind {
        MouseEventKind::ScrollDown => Some(true),
        MouseEventKind::ScrollUp => Some(false),
        _ => None,
    };
    let size = state.size;
    match (mode::of(state), &mut state.dialog, &mut state.table) {
        (Mode::TooSmall, _, _) => Vec::new(),
        (Mode::Help, Some(Dialog::Help(help)), _) => {
            if let Some(down) = down {
                help.wheel(down);
            }
            Vec::new()
        }
        (Mode::Table { .. }, _, Some(table)) => match down {
            Some(down) => table::update::on_wheel(table, down, size),
            None => Vec::new(),
        },
        (
            Mode::Pivot { chart: false, .. }
            | Mode::Compare {
                choosing: false, ..
            },
            _,
            Some(table),
        ) => {
            let action = match down {
                Some(true) => Action::Down,
                Some(false) => Action::Up,
                None => return Vec::new(),
            };
            // Moving the cursor asks for nothing.
            match &mut table.analysis {
                Some(Analysis::Pivot(pivot)) => drop(pivot.on_action(action, size)),
                Some(Analysis::Compare(compare)) => drop(compare.on_action(action, size)),
                None => {}
            }
            Vec::new()
        }
        (Mode::Form { .. } | Mode::Overwrite, _, _) => form::update::on_mouse(state, mouse),
        _ => Vec::new(),
    }
}
