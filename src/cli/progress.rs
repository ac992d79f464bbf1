//! A download's progress on one line of stderr, when stderr is a terminal.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::m3ter::DownloadProgress;
use crate::units::bytes;

/// Redraws at most ten times a second, so a fast download is not slowed by its own display.
pub struct ProgressLine {
    enabled: bool,
    started: Instant,
    drawn: Option<Instant>,
}

impl ProgressLine {
    pub fn new(enabled: bool) -> ProgressLine {
        ProgressLine {
            enabled,
            started: Instant::now(),
            drawn: None,
        }
    }

    pub fn update(&mut self, p: DownloadProgress) {
        let now = Instant::now();
        let done = p.total == Some(p.bytes);
        if !self.enabled
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
                "Downloading {} of {} ({:.0}%), {}/s",
                bytes(p.bytes),
                bytes(total),
                p.bytes as f64 * 100.0 / total as f64,
                bytes(rate as u64)
            ),
            _ => format!("Downloading {}, {}/s", bytes(p.bytes), bytes(rate as u64)),
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
    }

    /// Ends the line, so what follows starts on a fresh one.
    pub fn finish(&mut self) {
        if self.enabled && self.drawn.is_some() {
            super::out::say("");
        }
    }
}
