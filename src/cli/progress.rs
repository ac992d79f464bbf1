//! A download's progress on one line of stderr, when stderr is a terminal.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::m3ter::DownloadProgress;

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
            eprintln!();
        }
    }
}

/// A byte count for people: `1.5 MB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "kB", "MB", "GB", "TB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} bytes")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::bytes;

    #[test]
    fn sizes_for_people() {
        assert_eq!(bytes(0), "0 bytes");
        assert_eq!(bytes(999), "999 bytes");
        assert_eq!(bytes(1_500), "1.5 kB");
        assert_eq!(bytes(2_345_678), "2.3 MB");
    }
}
