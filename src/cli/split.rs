//! `query --split`: a long range fetched piece by piece through one connection, and merged
//! into the one file `--download` names, all or nothing. The flow is [`crate::fetch::split`];
//! here are its notes, its failures and its summary in words.

use std::path::Path;

use super::exit::{Code, Failure};
use super::out::say;
use crate::fetch::{SplitFailed, SplitFetched, SplitWhy};
use crate::printable::printable;
use crate::query::{BillQuery, Caveat, SplitMode, months, piece_label};
use crate::split::{KEEP_FOR, PieceError, SplitError};
use crate::units;

/// What is worth knowing before the pieces are asked for: how a cut can be seen.
pub fn notes(query: &BillQuery, mode: SplitMode) {
    match (query.limit(), mode) {
        (None, SplitMode::Auto) => say(
            "note: a cut shows only against a limit, so each request asks for at most 2000 lines, the most m3ter gives.",
        ),
        (None, SplitMode::Month) => say(
            "note: without --limit, a month cut by m3ter cannot be told from a whole one; --split auto asks with a limit and cuts where needed.",
        ),
        _ => {}
    }
}

/// What came of a split fetch, on stderr: one line of what was written, then its warnings.
/// `place` is the file as the person named it (`None` for standard output). A file with no
/// lines is a failure when `fail_empty` asks for one.
pub fn report(
    done: &SplitFetched,
    mode: SplitMode,
    place: Option<&Path>,
    fail_empty: bool,
) -> Result<(), Failure> {
    say(&summary(done, place));
    if !done.pieces.still_cut.is_empty() {
        let caveat = Caveat::StillCut {
            pieces: done
                .pieces
                .still_cut
                .iter()
                .map(|r| piece_label(*r))
                .collect(),
            as_far_as_they_go: mode == SplitMode::Auto,
        };
        say(&format!("warning: {}", printable(&caveat.to_string())));
    }
    if !done.merged.by_id && done.pieces.files.len() > 1 {
        say(
            "warning: the pieces have no billLineItemId column, so a line in two pieces could not be told from two lines; every line is kept",
        );
    }
    if let Some(caveat) = &done.empty {
        if fail_empty {
            return Err(Failure::new(Code::Empty, printable(&caveat.to_string())));
        }
        say(&format!("warning: {}", printable(&caveat.to_string())));
    }
    Ok(())
}

/// A split fetch that wrote nothing, as a failure: why, and what is kept for a resume.
pub fn failure(failed: SplitFailed) -> Failure {
    let kept = failed.kept;
    let after_pieces = failed.why.after_pieces();
    let mut failure = match failed.why {
        SplitWhy::Target(problem) => return problem.into(),
        SplitWhy::Store { dir, source } => {
            return Failure::new(
                Code::Failed,
                format!(
                    "The folder for the pieces, {}, could not be used: {source}.",
                    printable(&dir.display().to_string())
                ),
            );
        }
        SplitWhy::Interrupted => {
            return Failure::new(Code::Failed, format!("Interrupted; {}.", kept_note(kept)));
        }
        SplitWhy::Pieces(SplitError::Piece { label, source, .. }) => {
            let code = match &source {
                PieceError::Api(api) => Failure::from(api.clone()).code,
                _ => Code::Failed,
            };
            Failure::new(
                code,
                format!(
                    "The piece {label} failed: {}",
                    printable(&source.to_string()).trim_end_matches('.')
                ),
            )
        }
        SplitWhy::Pieces(e @ SplitError::Store { .. }) => Failure::new(Code::Failed, e.to_string()),
        SplitWhy::Merge(crate::split::MergeError::Target(e)) => Failure::from(e),
        SplitWhy::Merge(e @ crate::split::MergeError::Columns(_)) => Failure::new(
            Code::Failed,
            format!(
                "The pieces could not be merged: {}; no file was written, and the next run fetches them again.",
                printable(&e.to_string())
            ),
        ),
        SplitWhy::Merge(e) => Failure::new(
            Code::Failed,
            format!(
                "The pieces could not be merged: {}; no file was written.",
                printable(&e.to_string())
            ),
        ),
        SplitWhy::Scratch(e) => super::answer::scratch_failure(e),
        SplitWhy::Workbook(e) => e.into(),
        SplitWhy::Closed { .. } => Failure {
            code: Code::StdoutClosed,
            sentences: Vec::new(),
        },
        SplitWhy::Stream { source, .. } => Failure::new(
            Code::Failed,
            format!(
                "Writing to standard output failed: {source}; what reached it is not the whole file."
            ),
        ),
        SplitWhy::Task(message) => Failure::new(Code::Failed, message),
    };
    if !after_pieces {
        failure
            .sentences
            .push(crate::printable::sentence(&kept_note(kept)));
    } else if kept > 0 {
        failure.sentences.push(format!(
            "The {} fetched are kept: run the same command with --resume within {} hours to merge them without asking m3ter again.",
            count(kept, "piece"),
            KEEP_FOR.num_hours()
        ));
    }
    failure
}

/// What became of the pieces of a run that wrote no file.
fn kept_note(kept: usize) -> String {
    if kept == 0 {
        "no file was written".to_string()
    } else {
        format!(
            "no file was written; the {} fetched are kept: run the same command with --resume within {} hours to fetch only the rest",
            count(kept, "piece"),
            KEEP_FOR.num_hours()
        )
    }
}

/// One line of what was written, from how many requests.
fn summary(done: &SplitFetched, place: Option<&Path>) -> String {
    let (pieces, merged) = (&done.pieces, &done.merged);
    let place = match place {
        Some(path) => format!(
            "Saved {} to {}",
            units::bytes(merged.bytes),
            printable(&path.display().to_string())
        ),
        None => format!("Wrote {} to standard output", units::bytes(merged.bytes)),
    };
    let mut text = format!(
        "{place}: {} from {}",
        count(merged.rows as usize, "line"),
        count(pieces.files.len(), "piece")
    );
    let mut asked = format!(", {} sent", count(pieces.requests as usize, "request"));
    if pieces.reused > 0 {
        asked.push_str(&format!(", {} kept from before", pieces.reused));
    }
    text.push_str(&asked);
    if merged.duplicates > 0 {
        text.push_str(&format!(
            "; {} in two pieces written once",
            count(merged.duplicates as usize, "line")
        ));
    }
    text + "."
}

/// `1 piece`, `12 pieces`, `2,065 lines`.
pub fn count(n: usize, what: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {what}{s}", units::count(n as u64))
}

/// What `--split` would send, for `--dry-run` and `--curl`, which show the whole range's body.
pub fn plan(query: &BillQuery, mode: SplitMode) -> String {
    match mode {
        SplitMode::Month => {
            let pieces = months(query.range());
            let labels: Vec<String> = pieces.iter().map(|r| piece_label(*r)).collect();
            format!(
                "note: --split month would send this body once a month, with that month's dates: {} ({} requests).",
                labels.join(", "),
                pieces.len()
            )
        }
        SplitMode::Auto => format!(
            "note: --split auto would send this body{} for the whole range, then with smaller ranges wherever an answer holds exactly the limit.",
            if query.limit().is_none() {
                " with \"limit\": 2000 (a cut shows only against a limit)"
            } else {
                ""
            }
        ),
    }
}
