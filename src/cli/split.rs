//! `query --split`: a long range fetched piece by piece through one connection, and merged
//! into the one file `--download` names, all or nothing.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::AtomicBool;

use chrono::Utc;

use super::connection::Connection;
use super::exit::{Code, Failure};
use super::out::say;
use super::saving::{Target, is_workbook, remember, workbook_of};
use super::shutdown::shutdown_signal;
use crate::config::{History, Outcome};
use crate::m3ter::SubmitEvent;
use crate::printable::printable;
use crate::query::{BillQuery, Caveat, SplitMode, piece_label};
use crate::split::{
    ClientSource, KEEP_FOR, MergeError, Merged, News, PieceStore, Pieces, Plan, SplitError,
    fetch_pieces, merge_to_file, store_key,
};
use crate::units;

/// What the split run is asked to do besides fetching.
pub struct Asked<'a> {
    pub query: &'a BillQuery,
    pub mode: SplitMode,
    pub resume: bool,
    pub target: Target<'a>,
    pub force: bool,
    pub fail_empty: bool,
    /// The preset and saved query the query came from, for the history.
    pub names: (Option<String>, Option<String>),
    /// Leave the pieces in their folder once merged, for the caller to remove when the run as
    /// a whole is done (`compare` fetches two periods: a resume after B failed keeps A's).
    pub keep_pieces: bool,
}

/// Fetches every piece, merges them into the target and says what came of it on stderr.
/// Gives the folder of the pieces when they are kept (see [`Asked::keep_pieces`]).
pub async fn fetch(
    connection: &Connection,
    history: &History,
    pieces_root: &Path,
    asked: Asked<'_>,
) -> Result<Option<std::path::PathBuf>, Failure> {
    let plan = Plan::new(asked.query, asked.mode);
    match (asked.query.limit(), asked.mode) {
        (None, SplitMode::Auto) => say(
            "note: a cut shows only against a limit, so each request asks for at most 2000 lines, the most m3ter gives.",
        ),
        (None, SplitMode::Month) => say(
            "note: without --limit, a month cut by m3ter cannot be told from a whole one; --split auto asks with a limit and cuts where needed.",
        ),
        _ => {}
    }
    let settings = connection.client.settings();
    let key = store_key(
        settings.base_url.as_str(),
        &settings.org_id,
        &plan.query,
        asked.mode,
    );
    let (mut store, resumed) = PieceStore::open(pieces_root, &key, asked.resume, Utc::now())
        .map_err(|e| {
            Failure::new(
                Code::Failed,
                format!(
                    "The folder for the pieces, {}, could not be used: {e}.",
                    printable(&pieces_root.display().to_string())
                ),
            )
        })?;
    for said in resumed.said() {
        say(&format!("warning: {said}."));
    }
    if asked.resume && resumed.untrusted.is_none() {
        match resumed.since {
            Some(since) => say(&format!(
                "Resuming: {} fetched since {} are kept; fetching the rest.",
                count(resumed.pieces, "piece"),
                since.format("%Y-%m-%d %H:%M UTC")
            )),
            None => say(&format!(
                "Nothing to resume for this query (pieces are kept {} hours); fetching it all.",
                KEEP_FOR.num_hours()
            )),
        }
    }

    let mut line = PieceLine::new(std::io::stderr().is_terminal());
    let mut source = ClientSource {
        client: &connection.client,
    };
    let mut tell = |news: News| line.tell(&news);
    let fetched = tokio::select! {
        result = fetch_pieces(&mut source, &plan, &mut store, &mut tell) => Some(result),
        () = shutdown_signal() => None,
    };
    line.finish();
    let kept_note = |kept: usize| {
        if kept == 0 {
            "no file was written".to_string()
        } else {
            format!(
                "no file was written; the {} fetched are kept: run the same command with --resume within {} hours to fetch only the rest",
                count(kept, "piece"),
                KEEP_FOR.num_hours()
            )
        }
    };
    let pieces = match fetched {
        None => {
            remember(
                history,
                connection,
                asked.query,
                Outcome::Error("interrupted".into()),
                asked.names.clone(),
            );
            return Err(Failure::new(
                Code::Failed,
                format!("Interrupted; {}.", kept_note(store.kept())),
            ));
        }
        Some(Err(e)) => {
            remember(
                history,
                connection,
                asked.query,
                Outcome::Error(e.to_string()),
                asked.names.clone(),
            );
            let kept = e.kept();
            let mut failure = match e {
                SplitError::Piece { label, source, .. } => {
                    let code = match &source {
                        crate::split::PieceError::Api(api) => Failure::from(api.clone()).code,
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
                SplitError::Store { .. } => Failure::new(Code::Failed, e.to_string()),
            };
            failure
                .sentences
                .push(crate::printable::sentence(&kept_note(kept)));
            return Err(failure);
        }
        Some(Ok(pieces)) => pieces,
    };
    let merged = match write(&pieces, &asked, &store).await {
        Ok(merged) => merged,
        Err(mut failure) => {
            let why = match failure.sentences.join(" ") {
                why if why.is_empty() => "standard output was closed".to_string(),
                why => why,
            };
            remember(
                history,
                connection,
                asked.query,
                Outcome::Error(why),
                asked.names.clone(),
            );
            // Once merged, the pieces are gone whatever failed after.
            let kept = if store.dir().exists() {
                store.kept()
            } else {
                0
            };
            if kept > 0 {
                failure.sentences.push(format!(
                    "The {} fetched are kept: run the same command with --resume within {} hours to merge them without asking m3ter again.",
                    count(kept, "piece"),
                    KEEP_FOR.num_hours()
                ));
            }
            return Err(failure);
        }
    };
    let entry = remember(
        history,
        connection,
        asked.query,
        Outcome::Pieces(pieces.requests),
        asked.names.clone(),
    );
    if let Target::File(path) = asked.target {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let _ = history.record_fetch(&entry.id, &path);
    }
    say(&summary(&pieces, &merged, &asked.target));
    if !pieces.still_cut.is_empty() {
        let caveat = Caveat::StillCut {
            pieces: pieces.still_cut.iter().map(|r| piece_label(*r)).collect(),
            as_far_as_they_go: asked.mode == SplitMode::Auto,
        };
        say(&format!("warning: {}", printable(&caveat.to_string())));
    }
    if !merged.by_id && pieces.files.len() > 1 {
        say(
            "warning: the pieces have no billLineItemId column, so a line in two pieces could not be told from two lines; every line is kept",
        );
    }
    if merged.rows == 0 {
        let caveat = asked.query.answer_caveat(0);
        if let Some(caveat @ Caveat::NoRows { .. }) = caveat {
            if asked.fail_empty {
                return Err(Failure::new(Code::Empty, printable(&caveat.to_string())));
            }
            say(&format!("warning: {}", printable(&caveat.to_string())));
        }
    }
    Ok(asked.keep_pieces.then(|| store.dir().to_path_buf()))
}

/// Merges the pieces into the target, all or nothing: a file, a workbook, or standard output,
/// which gets nothing until the merge is whole. The pieces are removed once merged (a folder
/// that cannot be removed goes after a day).
async fn write(pieces: &Pieces, asked: &Asked<'_>, store: &PieceStore) -> Result<Merged, Failure> {
    let written = write_merged(pieces, asked, store.dir()).await;
    // Once the file is whole the pieces are done with; after a failure they stay for a resume,
    // unless stdout closed (whoever read it has what they wanted). A folder that cannot be
    // removed goes after a day.
    let done = match &written {
        Ok(_) => !asked.keep_pieces,
        Err(failure) => failure.code == Code::StdoutClosed,
    };
    if done {
        let _ = std::fs::remove_dir_all(store.dir());
    }
    written
}

async fn write_merged(
    pieces: &Pieces,
    asked: &Asked<'_>,
    store_dir: &Path,
) -> Result<Merged, Failure> {
    let files = pieces.files.clone();
    let failed = |e: MergeError| match e {
        MergeError::Target(e) => Failure::from(e),
        // Pieces that cannot go together are no use kept: the next run asks again.
        e @ MergeError::Columns(_) => {
            let _ = std::fs::remove_dir_all(store_dir);
            Failure::new(
                Code::Failed,
                format!(
                    "The pieces could not be merged: {}; no file was written, and the next run fetches them again.",
                    printable(&e.to_string())
                ),
            )
        }
        e => Failure::new(
            Code::Failed,
            format!(
                "The pieces could not be merged: {}; no file was written.",
                printable(&e.to_string())
            ),
        ),
    };
    let joined = |e: tokio::task::JoinError| Failure::new(Code::Failed, e.to_string());
    let never = || AtomicBool::new(false);
    let merged_into = |into: std::path::PathBuf, force: bool| async move {
        tokio::task::spawn_blocking(move || merge_to_file(&files, &into, force, &never()))
            .await
            .map_err(joined)?
            .map_err(failed)
    };
    if let Target::File(path) = asked.target
        && !is_workbook(path)
    {
        return merged_into(path.to_path_buf(), asked.force).await;
    }
    let scratch = super::answer::scratch_folder()?;
    let csv = scratch.path().join("bills.csv");
    let merged = merged_into(csv.clone(), false).await?;
    match asked.target {
        Target::File(path) => {
            let bytes = workbook_of(csv, asked.query, None, path, asked.force).await?;
            Ok(Merged { bytes, ..merged })
        }
        Target::Stdout => {
            let copied = tokio::task::spawn_blocking(move || {
                let mut file = std::fs::File::open(&csv)?;
                let stdout = std::io::stdout();
                let mut out = stdout.lock();
                std::io::copy(&mut file, &mut out)?;
                out.flush()
            })
            .await
            .map_err(joined)?;
            match copied {
                Ok(()) => Ok(merged),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure {
                    code: Code::StdoutClosed,
                    sentences: Vec::new(),
                }),
                Err(e) => Err(Failure::new(
                    Code::Failed,
                    format!(
                        "Writing to standard output failed: {e}; what reached it is not the whole file."
                    ),
                )),
            }
        }
    }
}

/// One line of what was written, from how many requests.
fn summary(pieces: &Pieces, merged: &Merged, target: &Target<'_>) -> String {
    let place = match target {
        Target::File(path) => format!(
            "Saved {} to {}",
            crate::units::bytes(merged.bytes),
            printable(&path.display().to_string())
        ),
        Target::Stdout => format!(
            "Wrote {} to standard output",
            crate::units::bytes(merged.bytes)
        ),
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
fn count(n: usize, what: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {what}{s}", units::count(n as u64))
}

/// What `--split` would send, for `--dry-run` and `--curl`, which show the whole range's body.
pub fn plan(query: &BillQuery, mode: crate::query::SplitMode) -> String {
    use crate::query::{SplitMode, months, piece_label};
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

/// How the pieces are going, on stderr: redrawn in place on a terminal, a line a piece
/// otherwise (a log of a scheduled run keeps them all).
struct PieceLine {
    terminal: bool,
    drawn: bool,
}

impl PieceLine {
    fn new(terminal: bool) -> PieceLine {
        PieceLine {
            terminal,
            drawn: false,
        }
    }

    fn tell(&mut self, news: &News) {
        let text = match news {
            News::Piece {
                index,
                of,
                range,
                rows_so_far,
                reused,
            } => format!(
                "piece {index} of {of} ({}){}, {} so far",
                piece_label(*range),
                if *reused { ", kept from before" } else { "" },
                count(*rows_so_far as usize, "row")
            ),
            News::Cut { range, rows } => format!(
                "{} held {} rows, the limit: fetching it again in two halves",
                piece_label(*range),
                units::count(*rows)
            ),
            News::Submit(SubmitEvent::Retrying {
                reason,
                wait,
                attempt,
            }) => format!(
                "{reason}; trying again in {:.1} s (attempt {attempt})",
                wait.as_secs_f64()
            ),
            News::Submit(SubmitEvent::Throttled { wait }) if wait.as_secs_f64() >= 2.0 => {
                format!(
                    "waiting {:.1} s to stay under m3ter's rate limit",
                    wait.as_secs_f64()
                )
            }
            News::Submit(_) => return,
        };
        let mut err = std::io::stderr().lock();
        if self.terminal && matches!(news, News::Cut { .. }) {
            // Worth keeping in view: why the run asks for more than it said.
            let _ = writeln!(err, "\r\x1b[2K{}", printable(&text));
        } else if self.terminal {
            let _ = write!(err, "\r\x1b[2K{}", printable(&text));
            self.drawn = true;
        } else {
            let _ = writeln!(err, "{}", printable(&text));
        }
        let _ = err.flush();
    }

    fn finish(&mut self) {
        if self.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
