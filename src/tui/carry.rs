//! Carrying out what a dialog or an editor of the builder answered. A dialog only says what it
//! wants ([`Intent`]); this is the one place that turns its answer into changes of the state
//! and effects, so no dialog reaches into a screen.
//!
//! Two keys are answered before any dialog sees them: Ctrl-S sends the form as it is, and
//! Ctrl-C quits at once.

use std::path::PathBuf;

use super::dialogs::confirm::{Yes, yes_or_no};
use super::dialogs::export::ExportJob;
use super::dialogs::picker::{Picked, Use};
use super::dialogs::{Dialog, Intent, Overlay, PickerKind, PromptPurpose};
use super::keymap::Action;
use super::msg::Effect;
use super::notice::Notice;
use super::screens::form::{Editing, Fetch, result, update as builder};
use super::state::State;
use crate::printable::printable;
use crate::query::{BodySource, DateInput, draft_from_json, validate};

/// What the keys every overlay shares come to: `Some` when `action` was one of them.
fn shared(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    match action {
        Action::Submit => Some(result::submit(state)),
        Action::ForceQuit => {
            state.quit = true;
            Some(Vec::new())
        }
        _ => None,
    }
}

/// The open dialog's answer to `action`, carried out. The dialog is taken out of the state
/// while it answers and put back when it stays.
pub fn dialog(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(mut open) = state.dialog.take() else {
        return Vec::new();
    };
    if let Some(effects) = shared(state, action) {
        state.dialog.get_or_insert(open);
        return effects;
    }
    let (stays, effects) = match &mut open {
        Dialog::Help(help) => settle(state, help.on_action(action), |_, ()| Vec::new()),
        Dialog::ConfirmQuit(question) => settle(state, question.on_action(action), |s, Yes| {
            s.quit = true;
            Vec::new()
        }),
        Dialog::Picker(picker) => settle(state, picker.on_action(action), picked),
        Dialog::Prompt(prompt) => match prompt.on_action(action) {
            Intent::Answer((purpose, typed)) => answered(state, purpose, typed),
            other => settle(state, other, |_, _| Vec::new()),
        },
        Dialog::Export(export) => settle(state, export.on_action(action), save),
        Dialog::SaveReport(dialog) => settle(state, dialog.on_action(action), |s, to_save| {
            s.tell(Notice::good(format!(
                "Saving the view into the report {}…",
                printable(&to_save.report)
            )));
            vec![Effect::SaveToReport(Box::new(to_save))]
        }),
        Dialog::ReplaceReport(question) => settle(state, question.on_action(action), |s, again| {
            super::reports::run(s, again.name, again.as_of, true)
        }),
    };
    if stays {
        // A dialog may have opened another in its place; the newer one wins.
        state.dialog.get_or_insert(open);
    }
    effects
}

/// Whether the dialog stays open, and the effects of its intent, its answer carried out by
/// `carry`.
fn settle<A>(
    state: &mut State,
    intent: Intent<A>,
    carry: impl FnOnce(&mut State, A) -> Vec<Effect>,
) -> (bool, Vec<Effect>) {
    match intent {
        Intent::Stay => (true, Vec::new()),
        Intent::Refuse(why) => {
            state.notice = Some(Notice::bad(why));
            (true, Vec::new())
        }
        Intent::Close => (false, Vec::new()),
        Intent::Answer(answer) => (false, carry(state, answer)),
    }
}

/// A list's entry chosen: a profile switched to, a saved query read, a past query loaded (and
/// sent again).
fn picked(state: &mut State, picked: Picked) -> Vec<Effect> {
    let Picked { kind, item, how } = picked;
    if how == Use::Open || kind == PickerKind::Files {
        return match item.file {
            Some(file) => vec![Effect::OpenView(file)],
            None => {
                state.notice = Some(Notice::bad(match item.report {
                    Some(_) => {
                        "That run left no CSV file to open (a workbook opens in a spreadsheet)."
                    }
                    None => "That entry's file is not there any more (or it fetched none).",
                }));
                Vec::new()
            }
        };
    }
    // A report: run as of today, or (a past run, its exact day asked for) as of that day.
    if let Some((name, day)) = item.report {
        let as_of = match (how, day) {
            (Use::SendExact, Some(day)) => day,
            _ => state.now.date_naive(),
        };
        return super::reports::run(state, name, as_of, false);
    }
    match kind {
        PickerKind::Profiles => vec![Effect::SwitchProfile(item.key)],
        PickerKind::Saved => vec![Effect::LoadSaved(item.key)],
        PickerKind::Files => Vec::new(),
        PickerKind::Named { dimension, value } => {
            if let Some(typed) = state
                .form
                .dimensions
                .get_mut(dimension)
                .and_then(|d| d.filter.get_mut(value))
            {
                *typed = item.key;
            }
            result::submit(state)
        }
        PickerKind::History => {
            let text = item.body.map(|b| b.to_string()).unwrap_or_default();
            match draft_from_json(&text, BodySource::File) {
                Ok(draft) => {
                    builder::load_draft(state, &draft, "Loaded a past query.");
                    // A preset means "that period as of today" unless the exact dates are
                    // asked for.
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
                Use::Load | Use::Open => Vec::new(),
                Use::Send | Use::SendExact => result::submit(state),
            }
        }
    }
}

/// A question answered: the form saved under a name, its body written, or two periods sent.
/// A bad answer keeps the question open, saying why.
fn answered(state: &mut State, purpose: PromptPurpose, typed: String) -> (bool, Vec<Effect>) {
    match purpose {
        PromptPurpose::SaveQuery => {
            state.builder.saved_name = Some(typed.clone());
            (false, vec![Effect::SaveQuery(typed, state.form.draft())])
        }
        PromptPurpose::WriteBody => {
            let effects = builder::checked(state, "Not written")
                .map(|q| vec![Effect::WriteBody(PathBuf::from(typed), q)])
                .unwrap_or_default();
            (false, effects)
        }
        PromptPurpose::ComparePeriods => match compare_periods(state, &typed) {
            Ok(effect) => (false, vec![effect]),
            Err(why) => {
                state.notice = Some(Notice::bad(why));
                (true, Vec::new())
            }
        },
    }
}

/// The form's query for each of the two periods typed, checked, as the effect that sends both
/// and fetches their files beside the others; or why not.
fn compare_periods(state: &State, typed: &str) -> Result<Effect, String> {
    let (a, b) = super::dialogs::periods::typed_pair(typed, state.now.date_naive())?;
    let mut queries = Vec::new();
    for period in [a, b] {
        let (start, end) = period.bounds();
        let mut draft = state.form.draft();
        draft.dates = DateInput::Typed {
            start: Some(start.to_string()),
            end: Some(end.to_string()),
        };
        let query = validate(&draft, state.now).map_err(|problems| {
            format!(
                "Not sent: {}",
                problems.first().map_or_else(String::new, |p| p.to_string())
            )
        })?;
        queries.push((period, query));
    }
    Ok(Effect::FetchPeriods {
        queries,
        folder: PathBuf::from(&state.context.folder),
        profile: state.context.profile.clone(),
    })
}

/// A view to save, its target checked: said where the person looks until it is written.
fn save(state: &mut State, job: Box<ExportJob>) -> Vec<Effect> {
    state.notice = None;
    state.tell(Notice::good(format!("Saving {}…", job.path.display())));
    vec![Effect::Export(job)]
}

/// The open field or dimension editor's answer to `action`. Ctrl-S keeps what is typed and
/// sends the form (the submit keeps an open editor's text).
pub fn editor(state: &mut State, action: Action) -> Vec<Effect> {
    if let Some(effects) = shared(state, action) {
        return effects;
    }
    if action == Action::RefreshList {
        return builder::refresh_list(state);
    }
    let Some(editing) = &mut state.builder.editing else {
        return Vec::new();
    };
    let intent = match editing {
        Editing::Field(editor) => editor.on_action(action),
        Editing::Dimension(editor) => editor.on_action(action),
    };
    match intent {
        Intent::Stay => {}
        Intent::Refuse(why) => state.notice = Some(Notice::bad(why)),
        Intent::Close => state.builder.editing = None,
        Intent::Answer(_) => result::keep_editing(state),
    }
    // The name may have changed to another list's.
    builder::feed_suggestions(state)
}

/// The path to fetch to, typed in the result pane: Enter fetches there, Esc does not.
pub fn fetch_path(state: &mut State, action: Action) -> Vec<Effect> {
    let Fetch::Asking(path) = &mut state.result.fetch else {
        return Vec::new();
    };
    if action == Action::Submit {
        state.result.fetch = Fetch::Idle;
        return result::submit(state);
    }
    if action == Action::ForceQuit {
        state.quit = true;
        return Vec::new();
    }
    match path.on_action(action) {
        Intent::Stay => Vec::new(),
        Intent::Refuse(why) => {
            state.notice = Some(Notice::bad(why));
            Vec::new()
        }
        Intent::Close => {
            state.result.fetch = Fetch::Idle;
            Vec::new()
        }
        Intent::Answer(path) => {
            state.result.fetch = Fetch::Idle;
            result::start_asked(state, path, false)
        }
    }
}

/// "The file exists. Replace it?", asked in the result pane when a fetch found its target.
pub fn overwrite(state: &mut State, action: Action) -> Vec<Effect> {
    let Fetch::Confirming { path } = &state.result.fetch else {
        return Vec::new();
    };
    let path = path.clone();
    if let Some(effects) = shared(state, action) {
        return effects;
    }
    match yes_or_no(action) {
        Intent::Answer(Yes) => result::start_asked(state, path, true),
        Intent::Close => {
            state.result.fetch = Fetch::Idle;
            state.notice = Some(Notice::good(format!(
                "Not fetched; {} was left as it was.",
                path.display()
            )));
            Vec::new()
        }
        Intent::Stay | Intent::Refuse(_) => Vec::new(),
    }
}
