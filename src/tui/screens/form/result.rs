//! The result pane's life: a submit, its steps and its link; then fetching the file behind the
//! link, its progress and its end. Each fetch is numbered, so news of an older one is ignored.

use std::path::PathBuf;

use super::path::PathPrompt;
use super::submission::{Fetch, Step, Submission};
use super::{Editing, Pane};
use crate::m3ter::SubmitEvent;
use crate::m3ter::{DownloadError, DownloadLink, DownloadProgress, Downloaded};
use crate::printable::printable;
use crate::query::{BillQuery, Caveat, validate};
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crate::tui::state::{Notice, State};

/// The keys that act on the link and its fetch.
pub fn on_action(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Submit => return submit(state),
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
        Action::Fetch | Action::FetchSplit => {
            if let Some(link) = state.link() {
                let name = link.file_name().unwrap_or("bills.csv").to_string();
                state.result.whole = action == Action::FetchSplit;
                state.result.fetch = Fetch::Asking(Box::new(PathPrompt::new(&name)));
            }
        }
        Action::OpenView => {
            if let Fetch::Done { path, .. } = &state.result.fetch {
                return vec![Effect::OpenView(path.clone())];
            }
            state.notice = Some(Notice::bad(format!(
                "Fetch the CSV first ({}), then {} shows it.",
                crate::tui::keymap::key(crate::tui::keymap::Scope::Link, Action::Fetch),
                crate::tui::keymap::key(crate::tui::keymap::Scope::Link, Action::OpenView)
            )));
        }
        Action::CancelFetch => return vec![Effect::CancelFetch],
        _ => {}
    }
    Vec::new()
}

/// Sends the form's query. What is on screen is what is sent: an open editor is closed first,
/// keeping its text.
pub fn submit(state: &mut State) -> Vec<Effect> {
    keep_editing(state);
    if matches!(state.result.submission, Submission::Running { .. }) {
        state.notice = Some(Notice::bad("A query is already on its way."));
        return Vec::new();
    }
    let said = match super::names::resolve_names(state) {
        Ok(said) => said,
        Err(choice) => {
            state.dialog = Some(crate::tui::dialogs::Dialog::Picker(*choice));
            return Vec::new();
        }
    };
    let effects = send(state);
    if !said.is_empty() && !effects.is_empty() {
        state.notice = Some(Notice::good(said.join(" ")));
    }
    effects
}

/// Sends the form as it is, when it is valid.
fn send(state: &mut State) -> Vec<Effect> {
    match validate(&state.form.draft(), state.now) {
        Err(problems) => {
            if let Some(first) = problems.first() {
                state.builder.focus = Pane::of(&first.field);
            }
            state.notice = Some(Notice::problems(problems.len()));
            Vec::new()
        }
        Ok(query) => {
            // A new query makes the old link's download moot: stop it, leaving no file.
            let mut effects = Vec::new();
            if state.result.running_fetch().is_some() {
                effects.push(Effect::CancelFetch);
            }
            state.notice = None;
            state.result.fetch = Fetch::Idle;
            state.result.resumable = false;
            state.result.sent = Some(query.clone());
            state.result.submission = Submission::Running {
                step: Step::Sending,
            };
            effects.push(Effect::Submit {
                query,
                profile: state.context.profile.clone(),
                preset: state.form.preset,
                saved: state.builder.saved_name.clone(),
            });
            effects
        }
    }
}

/// An open editor's text is kept and the editor closed (before a submit, so what is on screen
/// is what is sent).
pub fn keep_editing(state: &mut State) {
    match state.builder.editing.take() {
        Some(Editing::Field(editor)) => editor.put(&mut state.form),
        Some(Editing::Dimension(editor)) => {
            if let Some(at) = editor.put(&mut state.form) {
                state.builder.dims_cursor = at;
            }
        }
        None => {}
    }
}

/// A step of the running submit.
pub fn on_submit_event(state: &mut State, event: SubmitEvent) {
    if let Submission::Running { step } = &mut state.result.submission {
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
}

/// The submit's outcome, and its history entry.
pub fn on_submitted(
    state: &mut State,
    result: Result<DownloadLink, String>,
    entry: Option<String>,
) {
    state.result.history_entry = entry;
    state.result.submission = match result {
        Ok(link) => Submission::Done { link },
        Err(message) => Submission::Failed {
            message: printable(&message),
        },
    };
}

/// Starts fetch number `fetch_id + 1` of the link to `path`.
pub fn start_fetch(
    state: &mut State,
    link: DownloadLink,
    path: PathBuf,
    overwrite: bool,
) -> Vec<Effect> {
    let id = state.result.start_fetch(path.clone(), state.clock, None);
    vec![Effect::Fetch {
        id,
        link,
        path,
        overwrite,
        entry: state.result.history_entry.clone(),
        count: state
            .result
            .sent
            .as_ref()
            .map_or(1, BillQuery::rows_worth_counting),
    }]
}

/// Starts the fetch the path prompt or the overwrite question was for.
pub fn start_asked(state: &mut State, path: PathBuf, overwrite: bool) -> Vec<Effect> {
    if state.result.whole {
        return super::split::start(state, path, overwrite);
    }
    match state.link().cloned() {
        Some(link) => start_fetch(state, link, path, overwrite),
        None => Vec::new(),
    }
}

/// The rows of fetch `id`'s file, said; a file with none, or exactly the limit, or as many
/// as the largest limit with none set, says what that means.
pub fn on_counted(state: &mut State, id: u64, rows: u64) {
    if state.result.fetch_id != id {
        return;
    }
    let said = state
        .result
        .sent
        .as_ref()
        .and_then(|query| query.answer_caveat(rows));
    if let Fetch::Done {
        caveat, rows: n, ..
    } = &mut state.result.fetch
    {
        *caveat = said;
        *n = Some(rows);
    }
}

/// A caveat as a sentence on the screen.
pub fn sentence(caveat: &Caveat) -> String {
    crate::printable::sentence(&caveat.to_string())
}

pub fn on_progress(state: &mut State, id: u64, progress: DownloadProgress) {
    if let Fetch::Running {
        id: current,
        bytes,
        total,
        ..
    } = &mut state.result.fetch
        && *current == id
    {
        *bytes = progress.bytes;
        *total = progress.total;
    }
}

pub fn on_fetched(state: &mut State, id: u64, result: Result<Downloaded, DownloadError>) {
    if state.result.running_fetch() == Some(id) {
        state.result.fetch = match result {
            Ok(done) => Fetch::Done {
                path: done.path,
                bytes: done.bytes,
                rows: None,
                caveat: None,
            },
            Err(DownloadError::Exists(path)) => Fetch::Confirming { path },
            Err(e) => Fetch::Failed {
                message: printable(&e.to_string()),
            },
        };
    }
}

pub fn on_cancelled(state: &mut State, id: u64) {
    if let Fetch::Running {
        id: current,
        pieces,
        ..
    } = &state.result.fetch
        && *current == id
    {
        // What the stopped task kept is in its folder; the next try looks there whatever it
        // is, and a try that finds nothing fetches it all.
        let kept = pieces.is_some();
        state.result.resumable |= kept;
        state.result.fetch = Fetch::Cancelled { kept };
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::tui::msg::Msg;
    use crate::tui::tests::{ctrl, press, state};
    use crossterm::event::KeyCode;

    #[test]
    fn control_characters_from_the_server_never_reach_the_screen() {
        let mut s = state();
        crate::tui::update(
            &mut s,
            Msg::Submitted(Err("bad\u{1b}]0;pwned\u{7}\u{1b}[2J news".into()), None),
        );
        let Submission::Failed { message } = &s.result.submission else {
            panic!("{:?}", s.result.submission)
        };
        assert!(!message.chars().any(char::is_control), "{message:?}");
    }

    #[test]
    fn ctrl_s_sends_the_form_as_it_opens() {
        let mut s = state();
        let effects = ctrl(&mut s, 's');
        assert!(
            matches!(effects.as_slice(), [Effect::Submit { query: q, .. }] if q.line_item_types().len() == 19)
        );
        assert!(matches!(s.result.submission, Submission::Running { .. }));
        // A second Ctrl-S while the first runs sends nothing.
        assert!(ctrl(&mut s, 's').is_empty());
    }

    pub fn with_link(s: &mut State) -> DownloadLink {
        let link = DownloadLink::parse("http://127.0.0.1:1/f/bills.csv").unwrap();
        s.result.submission = Submission::Done { link: link.clone() };
        link
    }

    pub fn start_fetch(s: &mut State) -> u64 {
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
        let effects = ctrl(&mut s, 's');
        assert!(matches!(effects.first(), Some(Effect::CancelFetch)));
        with_link(&mut s);
        let second = start_fetch(&mut s);
        assert_ne!(first, second);
        crate::tui::update(&mut s, Msg::FetchCancelled(first));
        crate::tui::update(
            &mut s,
            Msg::Fetched(first, Err(DownloadError::Exists("old.csv".into()))),
        );
        assert_eq!(s.result.running_fetch(), Some(second));
        crate::tui::update(
            &mut s,
            Msg::Fetched(
                second,
                Ok(Downloaded {
                    path: "new.csv".into(),
                    bytes: 3,
                    rows: None,
                }),
            ),
        );
        assert!(matches!(s.result.fetch, Fetch::Done { bytes: 3, .. }));
        // A cancel that arrives after the download finished changes nothing.
        crate::tui::update(&mut s, Msg::FetchCancelled(second));
        assert!(matches!(s.result.fetch, Fetch::Done { .. }));
    }

    #[test]
    fn f_does_nothing_while_a_fetch_runs() {
        let mut s = state();
        with_link(&mut s);
        start_fetch(&mut s);
        assert!(press(&mut s, KeyCode::Char('f')).is_empty());
        assert!(s.result.running_fetch().is_some());
    }

    /// A submit that came back with a link, as the runtime would answer Ctrl-S.
    pub fn submitted(s: &mut State) {
        ctrl(s, 's');
        let link = DownloadLink::parse("http://127.0.0.1:1/f/bills.csv").unwrap();
        crate::tui::update(s, Msg::Submitted(Ok(link), None));
    }

    #[test]
    fn a_link_from_before_a_change_says_so_until_the_new_query_is_sent() {
        let mut s = state();
        submitted(&mut s);
        assert!(
            !s.result
                .is_stale(validate(&s.form.draft(), s.now).ok().as_ref())
        );
        // Clear a type: the form is no longer the query the link is for.
        s.builder.focus = Pane::Types;
        press(&mut s, KeyCode::Char(' '));
        let now = validate(&s.form.draft(), s.now).ok();
        assert!(s.result.is_stale(now.as_ref()));
        // Back as it was: the link is this query's again.
        press(&mut s, KeyCode::Char(' '));
        assert!(
            !s.result
                .is_stale(validate(&s.form.draft(), s.now).ok().as_ref())
        );
    }

    #[test]
    fn the_problem_count_follows_the_form_and_goes_when_fixed() {
        let mut s = state();
        s.builder.focus = Pane::Types;
        press(&mut s, KeyCode::Char('n'));
        ctrl(&mut s, 's');
        assert!(
            s.notice
                .as_ref()
                .is_some_and(|n| n.text.contains("1 problem"))
        );
        press(&mut s, KeyCode::Char(' '));
        assert!(s.notice.is_none(), "{:?}", s.notice);
    }

    #[test]
    fn an_empty_or_cut_answer_says_so_after_the_fetch() {
        let mut s = state();
        submitted(&mut s);
        let id = start_fetch(&mut s);
        let done = || {
            Ok(Downloaded {
                path: "bills.csv".into(),
                bytes: 40,
                rows: None,
            })
        };
        crate::tui::update(&mut s, Msg::Fetched(id, done()));
        crate::tui::update(&mut s, Msg::Counted(id, 0));
        let Fetch::Done {
            caveat: Some(caveat),
            ..
        } = &s.result.fetch
        else {
            panic!("{:?}", s.result.fetch)
        };
        let said = sentence(caveat);
        assert!(said.starts_with("0 rows: no bill lines"), "{said}");
        assert!(said.ends_with('.'), "{said}");
        // A count for an older fetch changes nothing; a count with rows says nothing.
        crate::tui::update(&mut s, Msg::Counted(id + 1, 5));
        assert!(matches!(
            &s.result.fetch,
            Fetch::Done {
                caveat: Some(_),
                ..
            }
        ));
        crate::tui::update(&mut s, Msg::Counted(id, 5));
        assert!(matches!(&s.result.fetch, Fetch::Done { caveat: None, .. }));
    }
}
