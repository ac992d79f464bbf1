//! How the state answers each message. No I/O here: slow or outside work is returned as
//! effects for the runtime to run.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use ratatui_textarea::TextArea;

use super::explorer::{self, Explorer, ExplorerNews};
use super::form::Form;
use super::keymap::{Action, Scope, action_for};
use super::msg::{Effect, Msg};
use super::state::{
    Context, DimensionEditor, EditField, Fetch, FieldEditor, Notice, Overlay, Pane, Picker,
    PickerKind, Prompt, PromptPurpose, State, Step, Submission,
};
use super::view::layout::{Areas, list_offset, types_list_rows};
use crate::m3ter::{DownloadError, SubmitEvent};
use crate::printable::printable;
use crate::query::{
    BodySource, Dimension, Field, Group, KNOWN_DIMENSION_NAMES, LineItemType, MAX_DIMENSIONS,
    draft_from_json, validate,
};

/// Applies `msg` to `state` and returns the work it asks for.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
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
            explorer_news(state, ExplorerNews::Tick)
        }
        Msg::ViewOpened(result, standalone) => match result {
            Ok((file, scan)) => {
                state.explorer = Some(Explorer::new(file, scan, standalone));
                explorer_news(state, ExplorerNews::Tick)
            }
            Err(e) => {
                state.notice = Some(bad(printable(&e)));
                Vec::new()
            }
        },
        Msg::Page(page) => explorer_news(state, ExplorerNews::Page(page)),
        Msg::JobDone(id, result) => explorer_news(state, ExplorerNews::Job(id, result)),
        Msg::Submit(event) => {
            if let Submission::Running { step } = &mut state.submission {
                *step = match event {
                    SubmitEvent::Authenticating => Step::Authenticating,
                    SubmitEvent::Sending => Step::Sending,
                    SubmitEvent::Throttled { wait } => Step::Throttled {
                        until: state.clock + wait,
                    },
                    SubmitEvent::Retrying {
                        reason,
                        wait,
                        attempt,
                    } => Step::Retrying {
                        reason,
                        until: state.clock + wait,
                        attempt,
                    },
                    SubmitEvent::TokenRefused => Step::FreshToken,
                };
            }
            Vec::new()
        }
        Msg::Submitted(result, entry) => {
            state.history_entry = entry;
            state.submission = match result {
                Ok(link) => Submission::Done { link },
                Err(message) => Submission::Failed {
                    message: printable(&message),
                },
            };
            Vec::new()
        }
        Msg::FetchProgress(id, p) => {
            if let Fetch::Running {
                id: current,
                bytes,
                total,
                ..
            } = &mut state.fetch
                && *current == id
            {
                *bytes = p.bytes;
                *total = p.total;
            }
            Vec::new()
        }
        Msg::Fetched(id, result) => {
            if state.running_fetch() == Some(id) {
                state.fetch = match result {
                    Ok(done) => Fetch::Done {
                        path: done.path,
                        bytes: done.bytes,
                    },
                    Err(DownloadError::Exists(path)) => Fetch::Confirming { path },
                    Err(e) => Fetch::Failed {
                        message: printable(&e.to_string()),
                    },
                };
            }
            Vec::new()
        }
        Msg::FetchCancelled(id) => {
            if state.running_fetch() == Some(id) {
                state.fetch = Fetch::Cancelled;
            }
            Vec::new()
        }
        Msg::Opened(result) => {
            state.notice = Some(match result {
                Ok(()) => good("Opened the link in the browser."),
                Err(e) => bad(format!("{e}; the link stays on screen to copy (y).")),
            });
            Vec::new()
        }
        Msg::Copied(what, result) => {
            state.notice = Some(match result {
                Ok(()) => good(format!("Copied {what} to the clipboard.")),
                Err(e) => bad(format!("Could not copy {what}: {e}.")),
            });
            Vec::new()
        }
        Msg::PickerLoaded(kind, items, problems) => {
            if let Some(Overlay::Picker(picker)) = &mut state.overlay
                && picker.kind == kind
            {
                picker.items = Some(items);
                picker.problems = problems.iter().map(|p| printable(p)).collect();
                picker.cursor = 0;
            }
            Vec::new()
        }
        Msg::Loaded(name, result) => {
            match result {
                Ok(draft) => load_draft(state, &draft, &format!("Loaded \"{name}\".")),
                Err(e) => state.notice = Some(bad(printable(&e))),
            }
            Vec::new()
        }
        Msg::Wrote(result) => {
            state.notice = Some(match result {
                Ok(path) => good(format!("Saved {}.", path.display())),
                Err(e) => bad(printable(&e)),
            });
            Vec::new()
        }
        Msg::ProfileSwitched(result) => {
            match result {
                Ok(switch) => {
                    let name = switch.context.profile.clone().unwrap_or_default();
                    state.context = Context {
                        folder: state.context.folder.clone(),
                        ..switch.context
                    };
                    state.submission = Submission::Idle;
                    state.notice = Some(good(format!("Now using profile {name}.")));
                }
                Err(e) => state.notice = Some(bad(printable(&e))),
            }
            Vec::new()
        }
        Msg::Shutdown => {
            state.quit = true;
            Vec::new()
        }
    }
}

fn good(text: impl Into<String>) -> Notice {
    Notice {
        text: text.into(),
        bad: false,
    }
}

fn bad(text: impl Into<String>) -> Notice {
    Notice {
        text: text.into(),
        bad: true,
    }
}

/// The scopes whose keys work now, most specific first.
pub fn active_scopes(state: &State) -> Vec<Scope> {
    let mut scopes = vec![Scope::Always];
    if let (Some(x), None) = (&state.explorer, &state.overlay) {
        if x.job.is_some() {
            scopes.push(Scope::TableJob);
        }
        scopes.push(if x.prompt.is_some() {
            Scope::TablePrompt
        } else {
            Scope::Table
        });
        return scopes;
    }
    // An open editor keeps the keyboard even if a question comes up meanwhile; the question
    // waits until the editor is closed.
    match &state.overlay {
        Some(Overlay::Help { .. }) => scopes.push(Scope::Help),
        Some(Overlay::ConfirmQuit) => scopes.push(Scope::Confirm),
        Some(Overlay::Picker(picker)) => {
            if picker.kind == PickerKind::History {
                scopes.push(Scope::History);
            }
            scopes.push(Scope::Picker);
        }
        Some(Overlay::Prompt(_)) => scopes.push(Scope::Prompt),
        None if state.dimension_editor.is_some() => scopes.push(Scope::DimensionEditor),
        None if matches!(state.fetch, Fetch::Asking(_)) => scopes.push(Scope::PathPrompt),
        None if state.editor.is_some() => scopes.push(Scope::Editor),
        None if matches!(state.fetch, Fetch::Confirming { .. }) => scopes.push(Scope::Confirm),
        None => {
            let fetching = state.running_fetch().is_some();
            if fetching {
                scopes.push(Scope::Fetching);
            }
            scopes.push(pane_scope(state.focus));
            if state.link().is_some() && !fetching {
                scopes.push(Scope::Link);
            }
            scopes.push(Scope::Anywhere);
        }
    }
    scopes
}

pub fn pane_scope(pane: Pane) -> Scope {
    match pane {
        Pane::Dates => Scope::Dates,
        Pane::Types => Scope::Types,
        Pane::Dimensions => Scope::Dimensions,
        Pane::Options => Scope::Options,
    }
}

fn too_small(state: &State) -> bool {
    Areas::compute(Rect::new(0, 0, state.size.0, state.size.1), state).is_none()
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let scopes = if too_small(state) {
        vec![Scope::Always, Scope::Anywhere]
    } else {
        active_scopes(state)
    };
    let action = action_for(&scopes, &key);
    if let (Some(x), None) = (&mut state.explorer, &state.overlay) {
        let size = state.size;
        return match action {
            Some(Action::ForceQuit) => {
                state.quit = true;
                vec![Effect::CloseView]
            }
            Some(Action::Help) => {
                state.overlay = Some(Overlay::Help { scroll: 0 });
                Vec::new()
            }
            // The query form is not on screen; sending it from here would surprise.
            Some(Action::Submit) => Vec::new(),
            Some(action) => {
                let (close, effects) = explorer::on_action(x, action, size);
                if close {
                    if x.standalone {
                        state.quit = true;
                    }
                    state.explorer = None;
                }
                effects
            }
            None => {
                explorer::type_into(x, key);
                Vec::new()
            }
        };
    }
    match action {
        Some(action) => {
            if too_small(state) && !matches!(action, Action::Quit | Action::ForceQuit) {
                return Vec::new();
            }
            act(state, action)
        }
        None => {
            type_into(state, key);
            Vec::new()
        }
    }
}

fn explorer_news(state: &mut State, news: ExplorerNews) -> Vec<Effect> {
    let size = state.size;
    match &mut state.explorer {
        Some(x) => explorer::on_message(x, news, size),
        None => Vec::new(),
    }
}

/// A key no binding took goes to the text field being edited, if any.
fn type_into(state: &mut State, key: KeyEvent) {
    // Tab and new lines have no place in these one-line fields.
    if matches!(key.code, KeyCode::Tab | KeyCode::BackTab | KeyCode::Enter) {
        return;
    }
    let field = if let Some(Overlay::Picker(picker)) = &mut state.overlay {
        picker.cursor = 0;
        &mut picker.filter
    } else if let Some(Overlay::Prompt(prompt)) = &mut state.overlay {
        &mut prompt.text
    } else if let Some(editor) = &mut state.editor {
        &mut editor.text
    } else if let Some(dim) = &mut state.dimension_editor {
        &mut dim.fields[dim.focus]
    } else if let Fetch::Asking(text) = &mut state.fetch {
        &mut **text
    } else {
        return;
    };
    // Ctrl-U clears to the start of the line, as in a shell (the text area's own Ctrl-U is
    // undo, which surprises people).
    if key.code == KeyCode::Char('u') && key.modifiers.contains(KeyModifiers::CONTROL) {
        field.delete_line_by_head();
    } else {
        field.input(key);
    }
}

fn on_paste(state: &mut State, text: &str) {
    // Pasted lines become list items where a list is typed, and spaces elsewhere.
    let list_field = state.dimension_editor.as_ref().is_some_and(|d| d.focus > 0);
    let joined = if list_field {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        text.replace(['\r', '\n'], " ")
    };
    let clean: String = joined.chars().filter(|c| !c.is_control()).collect();
    if let Some(prompt) = state.explorer.as_mut().and_then(|x| x.prompt.as_mut()) {
        prompt.text.insert_str(&clean);
    } else if let Some(Overlay::Picker(picker)) = &mut state.overlay {
        picker.filter.insert_str(&clean);
        picker.cursor = 0;
    } else if let Some(Overlay::Prompt(prompt)) = &mut state.overlay {
        prompt.text.insert_str(&clean);
    } else if let Some(editor) = &mut state.editor {
        editor.text.insert_str(&clean);
    } else if let Some(dim) = &mut state.dimension_editor {
        dim.fields[dim.focus].insert_str(&clean);
    } else if let Fetch::Asking(area) = &mut state.fetch {
        area.insert_str(&clean);
    }
}

fn act(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Submit => return submit(state),
        Action::ForceQuit => state.quit = true,
        Action::Quit => {
            if matches!(state.fetch, Fetch::Running { .. }) {
                state.overlay = Some(Overlay::ConfirmQuit);
            } else {
                state.quit = true;
            }
        }
        Action::NextPane => state.focus = state.focus.next(),
        Action::PrevPane => state.focus = state.focus.prev(),
        Action::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::CloseHelp => state.overlay = None,
        Action::ScrollUp | Action::ScrollDown => {
            let (scroll, step) = match &mut state.overlay {
                Some(Overlay::Help { scroll }) => (scroll, 1),
                _ => (&mut state.body_scroll, 5),
            };
            *scroll = if action == Action::ScrollUp {
                scroll.saturating_sub(step)
            } else {
                scroll.saturating_add(step)
            };
        }
        Action::Up | Action::Down => {
            let delta = if action == Action::Up { -1 } else { 1 };
            if let Some(Overlay::Picker(picker)) = &mut state.overlay {
                let len = picker.visible().len();
                picker.cursor = picker
                    .cursor
                    .saturating_add_signed(delta)
                    .min(len.saturating_sub(1));
            } else {
                move_cursor(state, delta);
            }
        }
        Action::Profiles => return open_picker(state, PickerKind::Profiles),
        Action::LoadQuery => return open_picker(state, PickerKind::Saved),
        Action::History => return open_picker(state, PickerKind::History),
        Action::SaveQuery => {
            state.overlay = Some(Overlay::Prompt(Prompt {
                purpose: PromptPurpose::SaveQuery,
                text: TextArea::default(),
            }));
        }
        Action::WriteBody => {
            if checked(state, "Not written").is_some() {
                state.overlay = Some(Overlay::Prompt(Prompt {
                    purpose: PromptPurpose::WriteBody,
                    text: one_line("query.json"),
                }));
            }
        }
        Action::CopyCurl => {
            if let Some(query) = checked(state, "Not copied") {
                return vec![Effect::CopyCurl(query)];
            }
        }
        Action::Choose => return choose(state, false),
        Action::Resubmit => return choose(state, true),
        Action::OpenView => {
            if let Fetch::Done { path, .. } = &state.fetch {
                return vec![Effect::OpenView(path.clone())];
            }
            state.notice = Some(bad("Fetch the CSV first (f), then v shows it."));
        }
        // Keys of the table view; they never reach here while it is closed.
        Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom
        | Action::Left
        | Action::Right
        | Action::Sort
        | Action::Filter
        | Action::GoToColumn
        | Action::ToggleScope
        | Action::Totals
        | Action::CancelJob
        | Action::Back => {}
        Action::PresetPrev => state.form.cycle_preset(false, state.now),
        Action::PresetNext => state.form.cycle_preset(true, state.now),
        Action::Edit => edit(state),
        Action::Clear => match state.options_row {
            0 => state.form.limit.clear(),
            _ => state.form.version.clear(),
        },
        Action::Toggle => {
            let i = state.types_cursor;
            state.form.selected[i] = !state.form.selected[i];
        }
        Action::SelectAll => state.form.selected = [true; 19],
        Action::SelectNone => state.form.selected = [false; 19],
        Action::SelectGroup(g) => {
            if let Some(group) = Group::ALL.get(g) {
                state.form.select_group(*group);
            }
        }
        Action::AddDimension => {
            if state.form.dimensions.len() >= MAX_DIMENSIONS {
                state.notice = Some(bad(format!(
                    "The API takes at most {MAX_DIMENSIONS} dimensions."
                )));
            } else {
                state.dimension_editor = Some(dimension_editor(
                    None,
                    &Dimension {
                        name: KNOWN_DIMENSION_NAMES[0].to_string(),
                        ..Dimension::default()
                    },
                ));
            }
        }
        Action::RemoveDimension => {
            if state.dims_cursor < state.form.dimensions.len() {
                state.form.dimensions.remove(state.dims_cursor);
                state.dims_cursor = state
                    .dims_cursor
                    .min(state.form.dimensions.len().saturating_sub(1));
            }
        }
        Action::Open => {
            if let Some(link) = state.link() {
                return vec![Effect::Open(link.clone())];
            }
        }
        Action::Copy => {
            if let Some(link) = state.link() {
                return vec![Effect::Copy(link.to_string())];
            }
        }
        Action::Fetch => {
            if let Some(link) = state.link() {
                let name = link.file_name().unwrap_or("bills.csv").to_string();
                state.fetch = Fetch::Asking(Box::new(one_line(&name)));
            }
        }
        Action::CancelFetch => return vec![Effect::CancelFetch],
        Action::EditorDone => finish_edit(state),
        Action::NextField | Action::PrevField => {
            if let Some(dim) = &mut state.dimension_editor {
                dim.focus = if action == Action::NextField {
                    (dim.focus + 1) % 3
                } else {
                    (dim.focus + 2) % 3
                };
            }
        }
        Action::SuggestPrev | Action::SuggestNext => {
            suggest_name(state, action == Action::SuggestNext)
        }
        Action::Save => return save(state),
        Action::Cancel => {
            if matches!(state.overlay, Some(Overlay::Picker(_) | Overlay::Prompt(_))) {
                state.overlay = None;
            } else if state.dimension_editor.take().is_none() {
                state.fetch = Fetch::Idle;
            }
        }
        Action::Yes | Action::No => return answer(state, action == Action::Yes),
    }
    Vec::new()
}

/// The form's query, or `None` after saying why it cannot be used (`what` starts the sentence).
fn checked(state: &mut State, what: &str) -> Option<crate::query::BillQuery> {
    match validate(&state.form.draft(), state.now) {
        Ok(query) => Some(query),
        Err(problems) => {
            let count = problems.len();
            state.notice = Some(bad(format!(
                "{what}: {count} problem{} to fix first (listed under the request body).",
                if count == 1 { "" } else { "s" }
            )));
            None
        }
    }
}

fn open_picker(state: &mut State, kind: PickerKind) -> Vec<Effect> {
    state.overlay = Some(Overlay::Picker(Picker::new(kind)));
    vec![Effect::LoadPicker(kind)]
}

/// Uses the highlighted entry of the open picker; `resubmit` sends a past query again.
fn choose(state: &mut State, resubmit: bool) -> Vec<Effect> {
    let Some(Overlay::Picker(picker)) = &state.overlay else {
        return Vec::new();
    };
    let Some(item) = picker.visible().get(picker.cursor).map(|i| (*i).clone()) else {
        return Vec::new();
    };
    let kind = picker.kind;
    state.overlay = None;
    match kind {
        PickerKind::Profiles => vec![Effect::SwitchProfile(item.key)],
        PickerKind::Saved => vec![Effect::LoadSaved(item.key)],
        PickerKind::History => {
            let text = item.body.map(|b| b.to_string()).unwrap_or_default();
            match draft_from_json(&text, BodySource::File) {
                Ok(draft) => load_draft(state, &draft, "Loaded a past query."),
                Err(e) => state.notice = Some(bad(printable(&e.to_string()))),
            }
            if resubmit { submit(state) } else { Vec::new() }
        }
    }
}

/// Puts `draft` in the form, and says what could not be taken.
fn load_draft(state: &mut State, draft: &crate::query::QueryDraft, done: &str) {
    let (form, notes) = Form::from_draft(draft);
    state.form = form;
    state.dims_cursor = 0;
    state.notice = Some(if notes.is_empty() {
        good(done)
    } else {
        bad(format!("{done} {}", notes.join(" ")))
    });
}

fn submit(state: &mut State) -> Vec<Effect> {
    // What is on screen is what is sent: an open editor is closed, keeping its text.
    finish_edit(state);
    if state.dimension_editor.is_some() {
        save(state);
    }
    if matches!(state.submission, Submission::Running { .. }) {
        state.notice = Some(bad("A query is already on its way."));
        return Vec::new();
    }
    match validate(&state.form.draft(), state.now) {
        Err(problems) => {
            if let Some(first) = problems.first() {
                state.focus = pane_of(&first.field);
            }
            let count = problems.len();
            state.notice = Some(bad(format!(
                "Not sent: {count} problem{} to fix first (listed under the request body).",
                if count == 1 { "" } else { "s" }
            )));
            Vec::new()
        }
        Ok(query) => {
            // A new query makes the old link's download moot: stop it, leaving no file.
            let mut effects = Vec::new();
            if state.running_fetch().is_some() {
                effects.push(Effect::CancelFetch);
            }
            state.notice = None;
            state.fetch = Fetch::Idle;
            state.submission = Submission::Running {
                step: Step::Sending,
            };
            effects.push(Effect::Submit {
                query,
                profile: state.context.profile.clone(),
            });
            effects
        }
    }
}

/// The pane where a problem can be fixed.
pub fn pane_of(field: &Field) -> Pane {
    match field {
        Field::StartDate | Field::EndDate | Field::Body(_) => Pane::Dates,
        Field::LineItemTypes => Pane::Types,
        Field::Dimensions
        | Field::DimensionName(_)
        | Field::DimensionFilter(_)
        | Field::DimensionAttributes(_) => Pane::Dimensions,
        Field::Limit | Field::Version => Pane::Options,
    }
}

fn move_cursor(state: &mut State, delta: isize) {
    let (cursor, len) = match state.focus {
        Pane::Dates => (&mut state.dates_row, 3),
        Pane::Types => (&mut state.types_cursor, LineItemType::ALL.len()),
        Pane::Dimensions => (&mut state.dims_cursor, state.form.dimensions.len().max(1)),
        Pane::Options => (&mut state.options_row, 2),
    };
    *cursor = cursor.saturating_add_signed(delta).min(len - 1);
}

fn one_line(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(vec![text.to_string()]);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}

fn edit(state: &mut State) {
    match state.focus {
        Pane::Dates => match state.dates_row {
            0 => state.form.cycle_preset(true, state.now),
            row => {
                state.form.make_custom(state.now);
                let (field, text) = if row == 1 {
                    (EditField::Start, state.form.start.clone())
                } else {
                    (EditField::End, state.form.end.clone())
                };
                state.editor = Some(FieldEditor {
                    field,
                    text: one_line(&text),
                });
            }
        },
        Pane::Options => {
            let (field, text) = if state.options_row == 0 {
                (EditField::Limit, state.form.limit.clone())
            } else {
                (EditField::Version, state.form.version.clone())
            };
            state.editor = Some(FieldEditor {
                field,
                text: one_line(&text),
            });
        }
        Pane::Dimensions => {
            let index = state.dims_cursor;
            state.dimension_editor = Some(match state.form.dimensions.get(index) {
                Some(d) => dimension_editor(Some(index), d),
                None => dimension_editor(
                    None,
                    &Dimension {
                        name: KNOWN_DIMENSION_NAMES[0].to_string(),
                        ..Dimension::default()
                    },
                ),
            });
        }
        Pane::Types => {}
    }
}

fn dimension_editor(index: Option<usize>, d: &Dimension) -> DimensionEditor {
    DimensionEditor {
        index,
        fields: [
            one_line(&d.name),
            one_line(&d.filter.join(", ")),
            one_line(&d.attributes.join(", ")),
        ],
        // A new dimension starts at its values: the name is usually the suggested one.
        focus: if index.is_none() { 1 } else { 0 },
    }
}

/// Puts what was typed into the form. Nothing typed is ever thrown away: invalid text stays
/// and is reported.
fn finish_edit(state: &mut State) {
    if let Some(editor) = state.editor.take() {
        let text = editor.text.lines().join(" ").trim().to_string();
        match editor.field {
            EditField::Start => state.form.start = text,
            EditField::End => state.form.end = text,
            EditField::Limit => state.form.limit = text,
            EditField::Version => state.form.version = text,
        }
    }
}

fn suggest_name(state: &mut State, forward: bool) {
    let Some(dim) = &mut state.dimension_editor else {
        return;
    };
    if dim.focus != 0 {
        return;
    }
    let current = dim.fields[0].lines().join("");
    let names = KNOWN_DIMENSION_NAMES;
    let next = match names.iter().position(|n| *n == current.trim()) {
        Some(i) if forward => names[(i + 1) % names.len()],
        Some(i) => names[(i + names.len() - 1) % names.len()],
        None => names[0],
    };
    dim.fields[0] = one_line(next);
}

fn save(state: &mut State) -> Vec<Effect> {
    if let Some(Overlay::Prompt(prompt)) = &state.overlay {
        let typed = prompt.text.lines().join(" ").trim().to_string();
        let purpose = prompt.purpose;
        if typed.is_empty() {
            state.notice = Some(bad("Type a name first, or Esc."));
            return Vec::new();
        }
        state.overlay = None;
        return match purpose {
            PromptPurpose::SaveQuery => vec![Effect::SaveQuery(typed, state.form.draft())],
            PromptPurpose::WriteBody => checked(state, "Not written")
                .map(|q| vec![Effect::WriteBody(PathBuf::from(typed), q)])
                .unwrap_or_default(),
        };
    }
    if let Some(dim) = state.dimension_editor.take() {
        let text = |i: usize| dim.fields[i].lines().join("\n");
        let dimension = Dimension {
            name: text(0).trim().to_string(),
            filter: Dimension::split_values(&text(1)),
            attributes: Dimension::split_values(&text(2)),
        };
        match dim.index {
            Some(i) if i < state.form.dimensions.len() => state.form.dimensions[i] = dimension,
            _ => {
                state.form.dimensions.push(dimension);
                state.dims_cursor = state.form.dimensions.len() - 1;
            }
        }
        return Vec::new();
    }
    let (Fetch::Asking(area), Some(link)) = (&state.fetch, state.link()) else {
        return Vec::new();
    };
    let typed = area.lines().join("").trim().to_string();
    if typed.is_empty() {
        state.notice = Some(bad("Type a file name to fetch to."));
        return Vec::new();
    }
    let path = PathBuf::from(typed);
    let link = link.clone();
    start_fetch(state, link, path, false)
}

fn start_fetch(
    state: &mut State,
    link: crate::m3ter::DownloadLink,
    path: PathBuf,
    overwrite: bool,
) -> Vec<Effect> {
    state.fetch_id += 1;
    let id = state.fetch_id;
    state.fetch = Fetch::Running {
        id,
        path: path.clone(),
        bytes: 0,
        total: None,
        started: state.clock,
    };
    vec![Effect::Fetch {
        id,
        link,
        path,
        overwrite,
        entry: state.history_entry.clone(),
    }]
}

fn answer(state: &mut State, yes: bool) -> Vec<Effect> {
    if matches!(state.overlay, Some(Overlay::ConfirmQuit)) {
        state.overlay = None;
        state.quit = yes;
        return Vec::new();
    }
    if let Fetch::Confirming { path } = &state.fetch {
        let path = path.clone();
        if yes && let Some(link) = state.link().cloned() {
            return start_fetch(state, link, path, true);
        }
        state.fetch = Fetch::Idle;
        state.notice = Some(good(format!(
            "Not fetched; {} was left as it was.",
            path.display()
        )));
    }
    Vec::new()
}

fn on_mouse(state: &mut State, mouse: MouseEvent) -> Vec<Effect> {
    let Some(areas) = Areas::compute(Rect::new(0, 0, state.size.0, state.size.1), state) else {
        return Vec::new();
    };
    let at = Position::new(mouse.column, mouse.row);
    if let (Some(x), None) = (&mut state.explorer, &state.overlay) {
        let action = match mouse.kind {
            MouseEventKind::ScrollDown => Action::Down,
            MouseEventKind::ScrollUp => Action::Up,
            _ => return Vec::new(),
        };
        return explorer::on_action(x, action, state.size).1;
    }
    if let Some(Overlay::Help { scroll }) = &mut state.overlay {
        match mouse.kind {
            MouseEventKind::ScrollDown => *scroll = scroll.saturating_add(3),
            MouseEventKind::ScrollUp => *scroll = scroll.saturating_sub(3),
            _ => {}
        }
        return Vec::new();
    }
    if state.overlay.is_some() || state.is_typing() {
        return Vec::new();
    }
    let scroll = match mouse.kind {
        MouseEventKind::ScrollDown => 1,
        MouseEventKind::ScrollUp => -1,
        MouseEventKind::Down(MouseButton::Left) => 0,
        _ => return Vec::new(),
    };
    if areas.body.contains(at) {
        state.body_scroll = state.body_scroll.saturating_add_signed(scroll as i16 * 3);
        return Vec::new();
    }
    let hit = [
        (Pane::Dates, areas.dates),
        (Pane::Types, areas.types),
        (Pane::Dimensions, areas.dimensions),
        (Pane::Options, areas.options),
    ]
    .into_iter()
    .find(|(_, rect)| rect.contains(at));
    let Some((pane, rect)) = hit else {
        return Vec::new();
    };
    state.focus = pane;
    if scroll != 0 {
        move_cursor(state, scroll);
        return Vec::new();
    }
    // A click on a row selects it; on a type, it also toggles it.
    let row = usize::from(at.y.saturating_sub(rect.y + 1));
    match pane {
        Pane::Types => {
            let rows = types_list_rows(rect);
            if row < rows {
                let i = list_offset(state.types_cursor, rows) + row;
                if i < LineItemType::ALL.len() {
                    state.types_cursor = i;
                    state.form.selected[i] = !state.form.selected[i];
                }
            }
        }
        Pane::Dates if row < 3 => state.dates_row = row,
        Pane::Options if row < 2 => state.options_row = row,
        Pane::Dimensions => {
            let rows = usize::from(rect.height.saturating_sub(2));
            let i = list_offset(state.dims_cursor, rows) + row;
            if i < state.form.dimensions.len() {
                state.dims_cursor = i;
            }
        }
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::form::Form;
    use crate::tui::state::Context;
    use crate::tui::theme::Theme;
    use crossterm::event::KeyModifiers;

    fn state() -> State {
        let now = crate::query::parse_date_time("2026-11-27T00:00:00Z").unwrap();
        State::new(
            Form::default(),
            now,
            (120, 40),
            Theme { color: false },
            Context::default(),
        )
    }

    fn press(state: &mut State, code: KeyCode) -> Vec<Effect> {
        update(state, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    #[test]
    fn control_characters_from_the_server_never_reach_the_screen() {
        let mut s = state();
        update(
            &mut s,
            Msg::Submitted(Err("bad\u{1b}]0;pwned\u{7}\u{1b}[2J news".into()), None),
        );
        let Submission::Failed { message } = &s.submission else {
            panic!("{:?}", s.submission)
        };
        assert!(!message.chars().any(char::is_control), "{message:?}");
    }

    #[test]
    fn ctrl_s_sends_the_form_as_it_opens() {
        let mut s = state();
        let effects = update(
            &mut s,
            Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
        );
        assert!(
            matches!(effects.as_slice(), [Effect::Submit { query: q, .. }] if q.line_item_types().len() == 19)
        );
        assert!(matches!(s.submission, Submission::Running { .. }));
        // A second Ctrl-S while the first runs sends nothing.
        let again = update(
            &mut s,
            Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
        );
        assert!(again.is_empty());
    }

    #[test]
    fn tab_reaches_the_types_with_the_first_one_highlighted() {
        let mut s = state();
        assert_eq!(s.focus, Pane::Dates);
        press(&mut s, KeyCode::Tab);
        assert_eq!(s.focus, Pane::Types);
        assert_eq!(
            LineItemType::ALL[s.types_cursor],
            LineItemType::StandingCharge
        );
        press(&mut s, KeyCode::Char(' '));
        assert!(!s.form.selected[0]);
    }

    #[test]
    fn editing_keeps_what_was_typed_on_esc_and_pastes_lists_as_commas() {
        let mut s = state();
        press(&mut s, KeyCode::Tab);
        press(&mut s, KeyCode::Tab);
        press(&mut s, KeyCode::Char('a'));
        update(&mut s, Msg::Paste("acme\nglobex\r\n\u{1b}[31m".into()));
        press(&mut s, KeyCode::Enter);
        assert_eq!(s.form.dimensions[0].filter, ["acme", "globex", "[31m"]);
        press(&mut s, KeyCode::Tab);
        press(&mut s, KeyCode::Enter);
        for c in "250".chars() {
            press(&mut s, KeyCode::Char(c));
        }
        press(&mut s, KeyCode::Esc);
        assert_eq!(s.form.limit, "250");
        assert!(s.editor.is_none());
    }

    fn with_link(s: &mut State) -> crate::m3ter::DownloadLink {
        let link = crate::m3ter::DownloadLink::parse("http://127.0.0.1:1/f/bills.csv").unwrap();
        s.submission = Submission::Done { link: link.clone() };
        link
    }

    fn start_fetch(s: &mut State) -> u64 {
        press(s, KeyCode::Char('f'));
        let effects = press(s, KeyCode::Enter);
        match effects.as_slice() {
            [Effect::Fetch { id, .. }] => *id,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn news_of_an_old_fetch_is_ignored() {
        let mut s = state();
        with_link(&mut s);
        let first = start_fetch(&mut s);
        // A new submit cancels the running download and forgets it.
        let effects = update(
            &mut s,
            Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
        );
        assert!(matches!(effects.first(), Some(Effect::CancelFetch)));
        with_link(&mut s);
        let second = start_fetch(&mut s);
        assert_ne!(first, second);
        update(&mut s, Msg::FetchCancelled(first));
        update(
            &mut s,
            Msg::Fetched(first, Err(DownloadError::Exists("old.csv".into()))),
        );
        assert_eq!(s.running_fetch(), Some(second));
        update(
            &mut s,
            Msg::Fetched(
                second,
                Ok(crate::m3ter::Downloaded {
                    path: "new.csv".into(),
                    bytes: 3,
                }),
            ),
        );
        assert!(matches!(s.fetch, Fetch::Done { bytes: 3, .. }));
        // A cancel that arrives after the download finished changes nothing.
        update(&mut s, Msg::FetchCancelled(second));
        assert!(matches!(s.fetch, Fetch::Done { .. }));
    }

    #[test]
    fn f_does_nothing_while_a_fetch_runs() {
        let mut s = state();
        with_link(&mut s);
        start_fetch(&mut s);
        assert!(press(&mut s, KeyCode::Char('f')).is_empty());
        assert!(s.running_fetch().is_some());
    }

    #[test]
    fn ctrl_s_sends_the_dimension_being_edited() {
        let mut s = state();
        s.focus = Pane::Dimensions;
        press(&mut s, KeyCode::Char('a'));
        for c in "acme".chars() {
            press(&mut s, KeyCode::Char(c));
        }
        let effects = update(
            &mut s,
            Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
        );
        assert!(s.dimension_editor.is_none());
        assert!(
            matches!(effects.as_slice(), [Effect::Submit { query: q, .. }] if q.dimensions()[0].filter == ["acme"])
        );
    }

    #[test]
    fn a_question_waits_while_a_field_is_edited_and_shift_tab_types_nothing() {
        let mut s = state();
        with_link(&mut s);
        let id = start_fetch(&mut s);
        s.focus = Pane::Dimensions;
        press(&mut s, KeyCode::Char('a'));
        update(
            &mut s,
            Msg::Fetched(id, Err(DownloadError::Exists("x.csv".into()))),
        );
        press(&mut s, KeyCode::Char('y'));
        update(
            &mut s,
            Msg::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        );
        let editor = s.dimension_editor.as_ref().unwrap();
        assert_eq!(editor.focus, 0, "Shift-Tab moved to the name field");
        assert_eq!(editor.fields[1].lines(), ["y"]);
        assert!(matches!(s.fetch, Fetch::Confirming { .. }));
    }
}
