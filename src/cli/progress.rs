//! Progress on one line of stderr, when stderr is a terminal: of a download, or of a pass over
//! a file.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::m3ter::DownloadProgress;
use crate::units::bytes;

/// Redraws at most ten times a second, so a fast download is not slowed by its own display.
pub struct ProgressLine {
    enabled: bool,
    started: Instant,
    drawn: Option<Instant>,
    /// What is being done: `Downloading`, `Reading`.
    verb: &'static str,
    /// Nothing is drawn before this much time has passed: a quick job needs no progress.
    quiet_for: Duration,
    /// The line is cleared at the end rather than kept.
    clear_when_done: bool,
}

impl ProgressLine {
    pub fn new(enabled: bool) -> ProgressLine {
        ProgressLine {
            enabled,
            started: Instant::now(),
            drawn: None,
            verb: "Downloading",
            quiet_for: Duration::ZERO,
            clear_when_done: false,
        }
    }

    /// A line for a pass over a file: drawn only once the pass has taken half a second.
    pub fn reading(enabled: bool) -> ProgressLine {
        ProgressLine {
            verb: "Reading",
            quiet_for: Duration::from_millis(500),
            clear_when_done: true,
            ..ProgressLine::new(enabled)
        }
    }

    pub fn update(&mut self, p: DownloadProgress) {
        let now = Instant::now();
        let done = p.total == Some(p.bytes);
        if !self.enabled
            || now - self.started < self.quiet_for
            || (!done
                && self
                    .drawn
                    .is_some_and(|t| now - t < Duration::from_millis(100)))
        {
            return;
        }
        self.drawn = Some(now);
        let elapsed = (now - self.started).as_secs_f64().max(0.001);
        let rate = p.bytes as f64 / elapsed;
        let line = match p.total {
            Some(total) if total > 0 => format!(
                "{} {} of {} ({:.0}%), {}/s",
                self.verb,
                bytes(p.bytes),
                bytes(total),
                p.bytes as f64 * 100.0 / total as f64,
                bytes(rate as u64)
            ),
            _ => format!("{} {}, {}/s", self.verb, bytes(p.bytes), bytes(rate as u64)),
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
    }

    /// Ends the line: a download's last figures stay, as a record of it; a pass over a file is
    /// cleared, as its answer follows.
    pub fn finish(&mut self) {
        if !self.enabled || self.drawn.is_none() {
            return;
        }
        if self.clear_when_done {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        } else {
            super::out::say("");
        }
    }
}
