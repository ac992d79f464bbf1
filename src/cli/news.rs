//! How a flow is going, on stderr: the steps of a request worth knowing, a download's
//! progress, the pieces of a split fetch, the periods of a comparison.

use std::io::{IsTerminal, Write};

use super::out::say;
use super::progress::ProgressLine;
use super::split::count;
use crate::fetch::{Event, Step};
use crate::m3ter::SubmitEvent;
use crate::printable::printable;
use crate::query::{BillQuery, SplitMode, piece_label};
use crate::split::{KEEP_FOR, News as SplitNews, Resumed};
use crate::units;

/// Shows a flow's events as they come. A line redrawn in place (a download's, the pieces')
/// ends when news of another kind comes, or at [`News::finish`].
pub struct News<'a> {
    terminal: bool,
    download: Option<ProgressLine>,
    pieces: PieceLine,
    /// `--resume` was given: what the store held is worth a line.
    resume: bool,
    /// The query and the way of cutting of a comparison fetched in pieces, for its notes.
    split: Option<(&'a BillQuery, SplitMode)>,
}

impl<'a> News<'a> {
    pub fn new(resume: bool, split: Option<(&'a BillQuery, SplitMode)>) -> News<'a> {
        let terminal = std::io::stderr().is_terminal();
        News {
            terminal,
            download: None,
            pieces: PieceLine::new(terminal),
            resume,
            split,
        }
    }

    pub fn show(&mut self, event: Event) {
        if let Event::Progress(p) = event {
            let terminal = self.terminal;
            self.download
                .get_or_insert_with(|| ProgressLine::new(terminal))
                .update(p);
            return;
        }
        if let Event::Piece(news) = event {
            self.pieces.tell(&news);
            return;
        }
        self.finish();
        match event {
            Event::Submit(e) => submit_event(&e),
            Event::Resumed(resumed) => self.resumed(&resumed),
            Event::Unrecorded(e) => say(&format!("warning: {}.", printable(&e.to_string()))),
            Event::Period {
                period,
                step: Step::Splitting,
                ..
            } => {
                say(&format!("{period}:"));
                if let Some((query, mode)) = self.split {
                    super::split::notes(query, mode);
                }
            }
            Event::Linked(period, link) => {
                say(&format!("{period}: {}", printable(&link.to_string())))
            }
            Event::Merged(_, done) => {
                if let Some((_, mode)) = self.split {
                    // Nothing fails a comparison for an empty period: the comparison says so.
                    let _ = super::split::report(&done, mode, done.path.as_deref(), false);
                }
            }
            Event::Caveat(period, caveat) => say(&format!(
                "warning: {period}: {}",
                printable(&caveat.to_string())
            )),
            Event::Progress(_) | Event::Piece(_) | Event::Saved(_) | Event::Period { .. } => {}
        }
    }

    /// Ends a line drawn in place.
    pub fn finish(&mut self) {
        if let Some(mut line) = self.download.take() {
            line.finish();
        }
        self.pieces.finish();
    }

    /// What the store of pieces held from before, and what was wrong with it.
    fn resumed(&self, resumed: &Resumed) {
        for said in resumed.said() {
            say(&format!("warning: {said}."));
        }
        if self.resume && resumed.untrusted.is_none() {
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
    }
}

/// Retries and waits are worth a line on stderr; the routine steps are not.
fn submit_event(event: &SubmitEvent) {
    match event {
        SubmitEvent::Retrying {
            reason,
            wait,
            attempt,
        } => say(&format!(
            "{reason}; trying again in {:.1} s (attempt {attempt}).",
            wait.as_secs_f64()
        )),
        SubmitEvent::TokenRefused => {
            say("m3ter answered 403; trying once more with a fresh access token.")
        }
        SubmitEvent::Throttled { wait } if wait.as_secs_f64() >= 1.0 => say(&format!(
            "Waiting {:.1} s to stay under m3ter's rate limit.",
            wait.as_secs_f64()
        )),
        _ => {}
    }
}

/// How the pieces are going: redrawn in place on a terminal, a line a piece otherwise (a log
/// of a scheduled run keeps them all).
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

    fn tell(&mut self, news: &SplitNews) {
        let text = match news {
            SplitNews::Piece {
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
            SplitNews::Cut { range, rows } => format!(
                "{} held {} rows, the limit: fetching it again in two halves",
                piece_label(*range),
                units::count(*rows)
            ),
            SplitNews::Submit(SubmitEvent::Retrying {
                reason,
                wait,
                attempt,
            }) => format!(
                "{reason}; trying again in {:.1} s (attempt {attempt})",
                wait.as_secs_f64()
            ),
            SplitNews::Submit(SubmitEvent::Throttled { wait }) if wait.as_secs_f64() >= 2.0 => {
                format!(
                    "waiting {:.1} s to stay under m3ter's rate limit",
                    wait.as_secs_f64()
                )
            }
            SplitNews::Submit(_) => return,
        };
        let mut err = std::io::stderr().lock();
        if self.terminal && matches!(news, SplitNews::Cut { .. }) {
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
        if std::mem::take(&mut self.drawn) {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
