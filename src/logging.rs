//! What the program did, for whoever has to find out why something went wrong: `-v` says each
//! request and its answer, `-vv` adds the details, `-vvv` adds what the libraries underneath
//! say. Lines go to standard error, or to a file (always for the screen, which owns the
//! terminal).
//!
//! No log line may carry a secret. The program's own lines are written not to, and, in case one
//! ever does, every secret the program holds (see [`redact`]) is cut out of each line before it
//! is written, whichever crate logged it.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::{Mutex, RwLock};

use log::{LevelFilter, Log, Metadata, Record};

/// What stands in a line where a secret was.
pub const REDACTED: &str = "[redacted]";

/// Secrets shorter than this are not searched for: cutting every "a" out of the log would
/// say more about a one-letter secret than leaving it.
const SHORTEST_SECRET: usize = 4;

/// A log file past this size is moved aside (to `NAME.1`) when the next run opens it.
const ROTATE_AT: u64 = 5 * 1024 * 1024;

static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Registers a value that must never be written to the log. Called for every secret the program
/// reads and every token it is given.
pub fn redact(secret: &str) {
    if secret.len() < SHORTEST_SECRET {
        return;
    }
    if let Ok(mut secrets) = SECRETS.write()
        && !secrets.iter().any(|s| s == secret)
    {
        secrets.push(secret.to_string());
        // Longest first, so a secret that contains another is cut whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }
}

/// `line` with every registered secret cut out.
pub fn scrub(line: &str) -> String {
    let mut out = line.to_string();
    if let Ok(secrets) = SECRETS.read() {
        for secret in secrets.iter() {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), REDACTED);
            }
        }
    }
    out
}

/// How much to say: the number of `-v` flags.
pub fn level(verbosity: u8) -> LevelFilter {
    match verbosity {
        0 => LevelFilter::Off,
        1 => LevelFilter::Info,
        2 => LevelFilter::Debug,
        _ => LevelFilter::Trace,
    }
}

/// Where the lines go.
pub enum Sink {
    Stderr,
    File(File),
}

impl Sink {
    /// Appends to `path`, created owner-only (a log names the organization and the links it was
    /// given), after moving a large old one aside.
    pub fn file(path: &Path) -> io::Result<Sink> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if std::fs::metadata(path).is_ok_and(|m| m.len() > ROTATE_AT) {
            let mut old = path.as_os_str().to_owned();
            old.push(".1");
            std::fs::rename(path, old)?;
        }
        let mut options = OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(path).map(Sink::File)
    }
}

struct Logger {
    level: LevelFilter,
    sink: Mutex<Sink>,
}

impl Log for Logger {
    fn enabled(&self, metadata: &Metadata) -> bool {
        // Below trace, only this program's own lines: the libraries' debug output is a flood.
        metadata.level() <= self.level
            && (self.level == LevelFilter::Trace || metadata.target().starts_with("m3ter_bills"))
    }

    fn log(&self, record: &Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let target = record.target().trim_start_matches("m3ter_bills::");
        let line = scrub(&format!(
            "{} {:<5} {target}: {}\n",
            chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ"),
            record.level(),
            record.args()
        ));
        // A log that cannot be written is not worth stopping the work for.
        if let Ok(mut sink) = self.sink.lock() {
            let _ = match &mut *sink {
                Sink::Stderr => io::stderr().lock().write_all(line.as_bytes()),
                Sink::File(f) => f.write_all(line.as_bytes()),
            };
        }
    }

    fn flush(&self) {
        if let Ok(mut sink) = self.sink.lock() {
            let _ = match &mut *sink {
                Sink::Stderr => io::stderr().flush(),
                Sink::File(f) => f.flush(),
            };
        }
    }
}

/// Sends log lines at `level` and above to `sink`, for the rest of the process. Does nothing for
/// `LevelFilter::Off`, or when a logger is already installed.
pub fn install(level: LevelFilter, sink: Sink) {
    if level == LevelFilter::Off {
        return;
    }
    let logger = Logger {
        level,
        sink: Mutex::new(sink),
    };
    if log::set_boxed_logger(Box::new(logger)).is_ok() {
        log::set_max_level(level);
    }
}

/// A link as the log shows it: without its query, which for m3ter's download links is the
/// signature that lets anyone holding it fetch the file.
pub fn link(url: &str) -> &str {
    url.split_once('?').map_or(url, |(bare, _)| bare)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_secrets_are_cut_out_of_lines() {
        redact("s3cret-value-for-scrub");
        redact("s3cret-value-for-scrub-and-more");
        redact("abc");
        assert_eq!(
            scrub("a s3cret-value-for-scrub-and-more and s3cret-value-for-scrub; abc"),
            "a [redacted] and [redacted]; abc"
        );
    }

    #[test]
    fn links_lose_their_signature() {
        assert_eq!(
            link("https://files.example/bills.csv?expires=1&signature=ab"),
            "https://files.example/bills.csv"
        );
        assert_eq!(link("http://127.0.0.1:8080/x"), "http://127.0.0.1:8080/x");
    }

    #[test]
    fn verbosity_counts_up_to_trace() {
        assert_eq!(level(0), LevelFilter::Off);
        assert_eq!(level(1), LevelFilter::Info);
        assert_eq!(level(2), LevelFilter::Debug);
        assert_eq!(level(9), LevelFilter::Trace);
    }

    #[test]
    fn a_large_log_is_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m3ter-bills.log");
        std::fs::write(&path, vec![b'x'; ROTATE_AT as usize + 1]).unwrap();
        let Sink::File(mut f) = Sink::file(&path).unwrap() else {
            panic!("a file sink");
        };
        f.write_all(b"fresh\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "fresh\n");
        assert!(dir.path().join("m3ter-bills.log.1").exists());
    }
}
