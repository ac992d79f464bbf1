//! Fetching the sent query's range complete (`F`), the way past an answer cut at the limit:
//! its start, news of its pieces and its end, in the result pane's fetch.

use std::path::PathBuf;

use super::submission::{Fetch, PieceCount};
use crate::printable::printable;
use crate::query::{BillQuery, Caveat};
use crate::tui::keymap::Action;
use crate::tui::msg::{Effect, SplitDone, SplitStopped};
use crate::tui::state::{Notice, State};

/// Starts fetch number `fetch_id + 1`: the sent query's range piece by piece, merged into
/// `path`. After a stop or a failure, the pieces already fetched are kept.
pub fn start(state: &mut State, path: PathBuf, overwrite: bool) -> Vec<Effect> {
    let Some(query) = state.result.sent.clone() else {
        return Vec::new();
    };
    let pieces = PieceCount {
        of: requests(&query),
        ..PieceCount::default()
    };
    let id = state
        .result
        .start_fetch(path.clone(), state.clock, Some(pieces));
    vec![Effect::FetchSplit {
        id,
        query,
        path,
        overwrite,
        // Kept until a fetch completes or another query is sent: a try that only found the
        // file in the way must not cost the pieces.
        resume: state.result.resumable,
        profile: state.context.profile.clone(),
    }]
}

/// How many requests a complete fetch of `query` starts with: a month each, or two halves of
/// a single month.
pub fn requests(query: &BillQuery) -> usize {
    crate::split::Plan::after_cut(query).first.len()
}

/// News of complete fetch `id`'s pieces.
pub fn on_piece_news(state: &mut State, id: u64, news: crate::split::News) {
    let Fetch::Running {
        id: current,
        pieces: Some(count),
        ..
    } = &mut state.result.fetch
    else {
        return;
    };
    if *current != id {
        return;
    }
    if let crate::split::News::Piece {
        index,
        of,
        range,
        rows_so_far,
        ..
    } = news
    {
        *count = PieceCount {
            index,
            of,
            rows: rows_so_far,
            label: crate::query::piece_label(range),
        };
    }
}

/// The end of complete fetch `id`.
pub fn on_completed(state: &mut State, id: u64, result: Result<SplitDone, SplitStopped>) {
    if state.result.running_fetch() != Some(id) {
        return;
    }
    match result {
        Ok(done) => {
            let s = |n: usize| if n == 1 { "" } else { "s" };
            let mut summary = format!(
                "Fetched complete: {} lines from {} piece{} ({} request{}",
                crate::units::count(done.rows),
                done.pieces,
                s(done.pieces),
                done.requests,
                s(done.requests as usize)
            );
            if done.reused > 0 {
                summary.push_str(&format!(
                    ", {} piece{} kept from before",
                    done.reused,
                    s(done.reused)
                ));
            }
            summary.push(')');
            if done.duplicates > 0 {
                summary.push_str(&format!(
                    "; {} line{} found in two pieces written once",
                    crate::units::count(done.duplicates),
                    s(done.duplicates as usize)
                ));
            }
            // What the cache held that could not be trusted is said, not hidden in the log.
            state.notice = Some(if done.cache.is_empty() {
                Notice::good(summary + ".")
            } else {
                Notice::bad(format!(
                    "{summary}. {}",
                    crate::printable::sentence(&done.cache.join("; "))
                ))
            });
            state.result.resumable = false;
            state.result.fetch = Fetch::Done {
                path: done.path,
                bytes: done.bytes,
                rows: Some(done.rows),
                caveat: (!done.still_cut.is_empty()).then_some(Caveat::StillCut {
                    pieces: done.still_cut,
                    as_far_as_they_go: true,
                }),
            };
        }
        Err(SplitStopped::Exists { path, kept }) => {
            state.result.resumable |= kept > 0;
            state.result.fetch = Fetch::Confirming { path };
        }
        Err(SplitStopped::Failed { message, kept }) => {
            // A try that failed before fetching anything (a mistyped path) keeps what an
            // earlier one kept.
            state.result.resumable |= kept > 0;
            let mut message = printable(&message);
            if kept > 0 {
                message.push_str(&format!(
                    " The {kept} piece{} fetched {} kept: {} goes on from them.",
                    if kept == 1 { "" } else { "s" },
                    if kept == 1 { "is" } else { "are" },
                    crate::tui::keymap::key(crate::tui::keymap::Scope::Link, Action::FetchSplit)
                ));
            }
            state.result.fetch = Fetch::Failed { message };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::msg::Msg;
    use crate::tui::screens::form::result::tests::submitted;
    use crate::tui::tests::{press, state};
    use crossterm::event::KeyCode;

    #[test]
    fn a_stopped_complete_fetch_goes_on_from_its_pieces_until_it_completes() {
        let mut s = state();
        submitted(&mut s);
        let complete = |s: &mut State| {
            press(s, KeyCode::Char('F'));
            match press(s, KeyCode::Enter).as_slice() {
                [
                    Effect::FetchSplit {
                        id,
                        resume,
                        overwrite,
                        ..
                    },
                ] => (*id, *resume, *overwrite),
                other => panic!("{other:?}"),
            }
        };
        let (id, resume, _) = complete(&mut s);
        assert!(!resume);
        let range = s.result.sent.as_ref().unwrap().range();
        let piece = |index| crate::split::News::Piece {
            index,
            of: 12,
            range,
            rows_so_far: 500,
            reused: false,
        };
        crate::tui::update(&mut s, Msg::SplitNews(id, piece(4)));
        assert!(matches!(
            &s.result.fetch,
            Fetch::Running { pieces: Some(p), .. } if p.index == 4 && p.of == 12
        ));
        crate::tui::update(&mut s, Msg::FetchCancelled(id));
        assert!(matches!(s.result.fetch, Fetch::Cancelled { kept: true }));

        // The next try goes on from the pieces, even when it first finds the file in the way.
        let (id, resume, _) = complete(&mut s);
        assert!(resume);
        crate::tui::update(
            &mut s,
            Msg::SplitDone(
                id,
                Err(SplitStopped::Exists {
                    path: "bills.csv".into(),
                    kept: 0,
                }),
            ),
        );
        assert!(matches!(s.result.fetch, Fetch::Confirming { .. }));
        let effects = press(&mut s, KeyCode::Char('y'));
        let [
            Effect::FetchSplit {
                id,
                resume: true,
                overwrite: true,
                ..
            },
        ] = effects.as_slice()
        else {
            panic!("{effects:?}")
        };
        let done = SplitDone {
            path: "bills.csv".into(),
            bytes: 10,
            rows: 2065,
            pieces: 12,
            requests: 8,
            reused: 4,
            duplicates: 0,
            still_cut: vec![],
            cache: vec![],
        };
        crate::tui::update(&mut s, Msg::SplitDone(*id, Ok(done)));
        assert!(matches!(s.result.fetch, Fetch::Done { caveat: None, .. }));
        assert!(!s.result.resumable);
        let notice = s
            .notice
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_default();
        assert_eq!(
            notice,
            "Fetched complete: 2,065 lines from 12 pieces (8 requests, 4 pieces kept from before)."
        );
    }
}
