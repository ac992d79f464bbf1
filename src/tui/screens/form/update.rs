//! How the builder answers its keys and the mouse: moving between panes and rows, choosing
//! types and presets, opening an editor, and the actions that use the whole form (save, load,
//! history, curl, write). The link's keys are in `result`.

use chrono::Datelike;
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::dimension::DimensionEditor;
use super::field::{EditField, FieldEditor};
use super::layout::{Areas, types_list_rows};
use super::listing::Listing;
use super::{Builder, Editing, Pane, result};
use crate::explore::Period;
use crate::query::{BillQuery, Group, LineItemType, MAX_DIMENSIONS, QueryDraft, validate};
use crate::tui::dialogs::confirm::QuitQuestion;
use crate::tui::dialogs::help::Help;
use crate::tui::dialogs::{Dialog, Picker, PickerKind, Prompt, PromptPurpose};
use crate::tui::keymap::Action;
use crate::tui::mode::Mode;
use crate::tui::msg::Effect;
use crate::tui::screens::form::values::Form;
use crate::tui::state::{Notice, State};
use crate::tui::widgets::list::list_offset;

/// A key's action in the builder, `mode` being the builder's own.
pub fn on_action(state: &mut State, action: Action, mode: Mode) -> Vec<Effect> {
    // Where the body preview and the result share a pane, scrolling shows the body and any
    // other key the result again.
    state.builder.body_first = matches!(action, Action::ScrollUp | Action::ScrollDown);
    match action {
        Action::Submit
        | Action::Open
        | Action::Copy
        | Action::Fetch
        | Action::FetchSplit
        | Action::OpenView
        | Action::CancelFetch => return result::on_action(state, action),
        Action::ForceQuit => state.quit = true,
        Action::Quit => {
            // A report's run is a download too: asked about the same way.
            if state.result.running_fetch().is_some() || state.report_running.is_some() {
                state.dialog = Some(Dialog::ConfirmQuit(QuitQuestion));
            } else {
                state.quit = true;
            }
        }
        Action::NextPane => state.builder.focus = state.builder.focus.next(),
        Action::PrevPane => state.builder.focus = state.builder.focus.prev(),
        Action::Help => state.dialog = Some(Dialog::Help(Help::new(&mode.scopes()))),
        Action::ScrollUp => {
            state.builder.body_scroll = state.builder.body_scroll.saturating_sub(5);
        }
        Action::ScrollDown => {
            state.builder.body_scroll = state.builder.body_scroll.saturating_add(5);
        }
        Action::Up => move_cursor(state, -1),
        Action::Down => move_cursor(state, 1),
        Action::Profiles => return open_picker(state, PickerKind::Profiles),
        Action::LoadQuery => return open_picker(state, PickerKind::Saved),
        Action::History => return open_picker(state, PickerKind::History),
        Action::Files => return open_picker(state, PickerKind::Files),
        Action::SaveQuery => {
            state.dialog = Some(Dialog::Prompt(Prompt::new(PromptPurpose::SaveQuery, "")));
        }
        Action::Compare if checked(state, "Not sent").is_some() => {
            // The last two whole months, as a start: the pair most often compared.
            let now = state.now.date_naive();
            let b = Period::month(now.year(), now.month()).shifted_months(-1);
            let pair = format!("{} {}", b.shifted_months(-1), b);
            state.notice = None;
            state.dialog = Some(Dialog::Prompt(Prompt::new(
                PromptPurpose::ComparePeriods,
                &pair,
            )));
        }
        Action::WriteBody if checked(state, "Not written").is_some() => {
            let prompt = Prompt::new(PromptPurpose::WriteBody, "query.json");
            state.dialog = Some(Dialog::Prompt(prompt));
        }
        Action::CopyCurl => {
            if let Some(query) = checked(state, "Not copied") {
                return vec![Effect::CopyCurl(query)];
            }
        }
        Action::PresetPrev => state.form.cycle_preset(false, state.now),
        Action::PresetNext => state.form.cycle_preset(true, state.now),
        Action::Edit => edit(state),
        Action::Clear => match state.builder.options_row {
            0 => state.form.limit.clear(),
            _ => state.form.version.clear(),
        },
        Action::Toggle => {
            let t = LineItemType::ALL[state.builder.types_cursor];
            state.form.selected.toggle(t);
        }
        Action::SelectAll => state.form.selected = crate::query::TypeSet::all(),
        Action::SelectNone => state.form.selected = crate::query::TypeSet::none(),
        Action::SelectGroup(g) => {
            if let Some(group) = Group::ALL.get(g) {
                state.form.select_group(*group);
            }
        }
        Action::AddDimension => {
            if state.form.dimensions.len() >= MAX_DIMENSIONS {
                state.notice = Some(Notice::bad(format!(
                    "The API takes at most {MAX_DIMENSIONS} dimensions."
                )));
            } else {
                let editor = DimensionEditor::open(None, &state.form);
                state.builder.editing = Some(Editing::Dimension(Box::new(editor)));
            }
        }
        Action::RemoveDimension => {
            let b = &mut state.builder;
            if b.dims_cursor < state.form.dimensions.len() {
                state.form.dimensions.remove(b.dims_cursor);
                b.dims_cursor = b
                    .dims_cursor
                    .min(state.form.dimensions.len().saturating_sub(1));
            }
        }
        // The keys of the dialogs, the editors and the table never reach the builder.
        _ => {}
    }
    feed_suggestions(state)
}

/// Ctrl-R in the dimension editor: its list asked of m3ter again.
pub fn refresh_list(state: &mut State) -> Vec<Effect> {
    let builder = &mut state.builder;
    let Some(Editing::Dimension(editor)) = &mut builder.editing else {
        return Vec::new();
    };
    let Some(kind) = editor.list_kind() else {
        return Vec::new();
    };
    let listing = builder.lists.get_mut(kind);
    *listing = Listing::Asked;
    editor.offer(listing);
    vec![Effect::LoadList {
        kind,
        refresh: true,
    }]
}

/// The list the open dimension editor's values are found in: asked for once a run, and
/// offered to the editor as far as it came (its name may have changed to another list's).
pub fn feed_suggestions(state: &mut State) -> Vec<Effect> {
    let builder = &mut state.builder;
    let Some(Editing::Dimension(editor)) = &mut builder.editing else {
        return Vec::new();
    };
    let Some(kind) = editor.list_kind() else {
        editor.offer(&Listing::NotAsked);
        return Vec::new();
    };
    let listing = builder.lists.get_mut(kind);
    let mut effects = Vec::new();
    if matches!(listing, Listing::NotAsked) {
        *listing = Listing::Asked;
        effects.push(Effect::LoadList {
            kind,
            refresh: false,
        });
    }
    editor.offer(listing);
    effects
}

/// The form's query, or `None` after saying why it cannot be used (`what` starts the sentence).
pub fn checked(state: &mut State, what: &str) -> Option<BillQuery> {
    match validate(&state.form.draft(), state.now) {
        Ok(query) => Some(query),
        Err(problems) => {
            let count = problems.len();
            state.notice = Some(Notice::bad(format!(
                "{what}: {count} problem{} to fix first (listed under the request body).",
                if count == 1 { "" } else { "s" }
            )));
            None
        }
    }
}

fn open_picker(state: &mut State, kind: PickerKind) -> Vec<Effect> {
    let picker = Picker::new(kind, state.context.profile.clone());
    state.dialog = Some(Dialog::Picker(picker));
    vec![Effect::LoadPicker(kind)]
}

/// Puts `draft` in the form, and says what could not be taken.
pub fn load_draft(state: &mut State, draft: &QueryDraft, done: &str) {
    let (form, notes) = Form::from_draft(draft);
    state.form = form;
    state.builder.saved_name = None;
    state.builder.dims_cursor = 0;
    state.notice = Some(if notes.is_empty() {
        Notice::good(done)
    } else {
        Notice::bad(format!("{done} {}", notes.join(" ")))
    });
}

fn move_cursor(state: &mut State, delta: isize) {
    let b: &mut Builder = &mut state.builder;
    let (cursor, len) = match b.focus {
        Pane::Dates => (&mut b.dates_row, 3),
        Pane::Types => (&mut b.types_cursor, LineItemType::ALL.len()),
        Pane::Dimensions => (&mut b.dims_cursor, state.form.dimensions.len().max(1)),
        Pane::Options => (&mut b.options_row, 2),
    };
    *cursor = cursor.saturating_add_signed(delta).min(len - 1);
}

/// Enter on a row: the next preset, or an editor of the date, option or dimension.
fn edit(state: &mut State) {
    let field = match (state.builder.focus, state.builder.dates_row) {
        // Typed dates are never thrown away by Enter: on a custom range it edits the start.
        (Pane::Dates, 0) if state.form.preset.is_none() => {
            state.builder.dates_row = 1;
            EditField::Start
        }
        (Pane::Dates, 0) => {
            state.form.cycle_preset(true, state.now);
            return;
        }
        (Pane::Dates, row) => {
            state.form.make_custom(state.now);
            if row == 1 {
                EditField::Start
            } else {
                EditField::End
            }
        }
        (Pane::Options, _) if state.builder.options_row == 0 => EditField::Limit,
        (Pane::Options, _) => EditField::Version,
        (Pane::Dimensions, _) => {
            let editor = DimensionEditor::open(Some(state.builder.dims_cursor), &state.form);
            state.builder.editing = Some(Editing::Dimension(Box::new(editor)));
            return;
        }
        (Pane::Types, _) => return,
    };
    let editor = FieldEditor::open(field, &state.form);
    state.builder.editing = Some(Editing::Field(Box::new(editor)));
}

/// A click focuses a pane and selects a row (and toggles a type); the wheel moves in a list
/// or scrolls the request body.
pub fn on_mouse(state: &mut State, mouse: MouseEvent) -> Vec<Effect> {
    let Some(areas) = Areas::compute(Rect::new(0, 0, state.size.0, state.size.1), state) else {
        return Vec::new();
    };
    let at = Position::new(mouse.column, mouse.row);
    let scroll = match mouse.kind {
        MouseEventKind::ScrollDown => 1,
        MouseEventKind::ScrollUp => -1,
        MouseEventKind::Down(MouseButton::Left) => 0,
        _ => return Vec::new(),
    };
    if areas.body.contains(at) {
        let b = &mut state.builder;
        b.body_scroll = b.body_scroll.saturating_add_signed(scroll as i16 * 3);
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
    state.builder.focus = pane;
    if scroll != 0 {
        move_cursor(state, scroll);
        return Vec::new();
    }
    // A click on a row selects it; on a type, it also toggles it.
    let row = usize::from(at.y.saturating_sub(rect.y + 1));
    let b = &mut state.builder;
    match pane {
        Pane::Types => {
            let rows = types_list_rows(rect);
            if row < rows {
                let i = list_offset(b.types_cursor, rows) + row;
                if let Some(t) = LineItemType::ALL.get(i) {
                    b.types_cursor = i;
                    state.form.selected.toggle(*t);
                }
            }
        }
        Pane::Dates if row < 3 => b.dates_row = row,
        Pane::Options if row < 2 => b.options_row = row,
        Pane::Dimensions => {
            let rows = usize::from(rect.height.saturating_sub(2));
            let i = list_offset(b.dims_cursor, rows) + row;
            if i < state.form.dimensions.len() {
                b.dims_cursor = i;
            }
        }
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::msg::Msg;
    use crate::tui::screens::form::Fetch;
    use crate::tui::screens::form::result::tests::{start_fetch, with_link};
    use crate::tui::tests::{ctrl, press, state};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn tab_reaches_the_types_with_the_first_one_highlighted() {
        let mut s = state();
        assert_eq!(s.builder.focus, Pane::Dates);
        press(&mut s, KeyCode::Tab);
        assert_eq!(s.builder.focus, Pane::Types);
        assert_eq!(
            LineItemType::ALL[s.builder.types_cursor],
            LineItemType::StandingCharge
        );
        press(&mut s, KeyCode::Char(' '));
        assert!(!s.form.selected.contains(LineItemType::StandingCharge));
    }

    #[test]
    fn editing_keeps_what_was_typed_on_esc_and_pastes_lists_as_commas() {
        let mut s = state();
        press(&mut s, KeyCode::Tab);
        press(&mut s, KeyCode::Tab);
        press(&mut s, KeyCode::Char('a'));
        crate::tui::update(&mut s, Msg::Paste("acme\nglobex\r\n\u{1b}[31m".into()));
        press(&mut s, KeyCode::Enter);
        assert_eq!(s.form.dimensions[0].filter, ["acme", "globex", "[31m"]);
        press(&mut s, KeyCode::Tab);
        press(&mut s, KeyCode::Enter);
        for c in "250".chars() {
            press(&mut s, KeyCode::Char(c));
        }
        press(&mut s, KeyCode::Esc);
        assert_eq!(s.form.limit, "250");
        assert!(s.builder.editing.is_none());
    }

    #[test]
    fn ctrl_s_sends_the_dimension_being_edited() {
        let mut s = state();
        s.builder.focus = Pane::Dimensions;
        press(&mut s, KeyCode::Char('a'));
        for c in "acme".chars() {
            press(&mut s, KeyCode::Char(c));
        }
        let effects = ctrl(&mut s, 's');
        assert!(s.builder.editing.is_none());
        assert!(
            matches!(effects.as_slice(), [Effect::Submit { query: q, .. }] if q.dimensions()[0].filter == ["acme"])
        );
    }

    #[test]
    fn a_question_waits_while_a_field_is_edited_and_shift_tab_types_nothing() {
        let mut s = state();
        with_link(&mut s);
        let id = start_fetch(&mut s);
        s.builder.focus = Pane::Dimensions;
        press(&mut s, KeyCode::Char('a'));
        crate::tui::update(
            &mut s,
            Msg::Fetched(id, Err(crate::m3ter::DownloadError::Exists("x.csv".into()))),
        );
        press(&mut s, KeyCode::Char('y'));
        crate::tui::update(
            &mut s,
            Msg::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        );
        let editor = s.builder.dimension_editor().unwrap();
        assert_eq!(editor.focus, 0, "Shift-Tab moved to the name field");
        assert_eq!(editor.fields[1].lines(), ["y"]);
        assert!(matches!(s.result.fetch, Fetch::Confirming { .. }));
    }

    #[test]
    fn enter_on_the_preset_row_keeps_typed_dates() {
        let mut s = state();
        s.form.make_custom(s.now);
        s.form.start = "2026-10-05".into();
        press(&mut s, KeyCode::Enter);
        assert_eq!(s.form.preset, None, "still custom");
        assert_eq!(s.form.start, "2026-10-05");
        assert!(
            s.builder.field_editor().is_some(),
            "Enter edits the start instead"
        );
    }

    #[test]
    fn adding_and_editing_a_dimension_start_in_the_same_field() {
        let mut s = state();
        s.builder.focus = Pane::Dimensions;
        press(&mut s, KeyCode::Char('a'));
        let focus = |s: &State| s.builder.dimension_editor().map(|e| e.focus);
        let added = focus(&s);
        press(&mut s, KeyCode::Char('x'));
        press(&mut s, KeyCode::Enter);
        press(&mut s, KeyCode::Enter);
        assert_eq!(focus(&s), added);
        assert_eq!(added, Some(1));
    }

    #[test]
    fn without_a_list_the_values_are_typed_as_before_and_the_editor_says_why() {
        use crate::m3ter::ListKind;
        let mut s = state();
        s.builder.focus = Pane::Dimensions;
        let effects = press(&mut s, KeyCode::Char('a'));
        assert!(
            matches!(
                effects.as_slice(),
                [Effect::LoadList {
                    kind: ListKind::Accounts,
                    refresh: false
                }]
            ),
            "{effects:?}"
        );
        crate::tui::update(
            &mut s,
            crate::tui::Msg::ListLoaded(ListKind::Accounts, Err("m3ter refused (403)".into())),
        );
        for c in "acme".chars() {
            press(&mut s, KeyCode::Char(c));
        }
        let Some(Editing::Dimension(editor)) = &s.builder.editing else {
            panic!("the editor closed")
        };
        assert!(matches!(&editor.listing, super::Listing::Failed(why) if why.contains("403")));
        assert!(editor.suggestions.items.is_empty());
        // Asked once a run: opening the editor again asks nothing, unless Ctrl-R asks again.
        press(&mut s, KeyCode::Enter);
        assert!(press(&mut s, KeyCode::Char('a')).is_empty());
        assert_eq!(s.form.dimensions[0].filter, ["acme"]);
        assert!(matches!(
            ctrl(&mut s, 'r').as_slice(),
            [Effect::LoadList {
                kind: ListKind::Accounts,
                refresh: true
            }]
        ));
    }
}
