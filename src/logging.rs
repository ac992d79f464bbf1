//! What the program did, for whoever has to find out why something went wrong: `-v` says each
//! request and its answer, `-vv` adds the details, `-vvv` adds what the HTTP client and TLS
//! libraries underneath log. Lines go to standard error, or to a file (always for the screen,
//! which owns the terminal).
//!
//! No log line may carry a secret. The program's own lines are written not to, and, in case one
//! ever does, every secret the program holds (see [`redact`]) is cut out of each line before it
//! is written, whichever crate logged it.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::{Mutex, PoisonError, RwLock};

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
/// reads, every token it is given and every Basic credential it makes. Nothing is kept while
/// nothing is logged (the logger is installed before any secret is read), so a long-running
/// demo server does not collect the tokens it issues.
pub fn redact(secret: &str) {
    if secret.len() < SHORTEST_SECRET || log::max_level() == LevelFilter::Off {
        return;
    }
    // A panic elsewhere while holding the lock must not turn the redaction off.
    let mut secrets = SECRETS.write().unwrap_or_else(PoisonError::into_inner);
    if !secrets.iter().any(|s| s == secret) {
        secrets.push(secret.to_string());
        // Longest first, so a secret that contains another is cut whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }
}

/// `line` with every registered secret cut out.
pub fn scrub(line: &str) -> String {
    let mut out = line.to_string();
    let secrets = SECRETS.read().unwrap_or_else(PoisonError::into_inner);
    for secret in secrets.iter() {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), REDACTED);
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
    /// Appends to `path`, owner-only (a log names the organization and where its files are),
    /// after moving a large old one aside. Two runs starting at once may both move it; the
    /// older log is then lost, which a log may be.
    pub fn file(path: &Path) -> io::Result<Sink> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            crate::own_files::create_dir(parent)?;
        }
        // Looked at, not followed: a link here is refused when it is opened below.
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() > ROTATE_AT) {
            let mut old = path.as_os_str().to_owned();
            old.push(".1");
            std::fs::rename(path, old)?;
        }
        crate::own_files::open_file(path, true).map(Sink::File)
    }

    /// Appends to a file the person named (`--log-file`), taken as they named it: through a
    /// link, and whatever it is (`/dev/stderr` is a common choice). Created owner-only.
    pub fn named(path: &Path) -> io::Result<Sink> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            crate::own_files::create_dir(parent)?;
        }
        let mut options = std::fs::OpenOptions::new();
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
        let mut sink = self.sink.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = match &mut *sink {
            Sink::Stderr => io::stderr().lock().write_all(line.as_bytes()),
            Sink::File(f) => f.write_all(line.as_bytes()),
        };
    }

    fn flush(&self) {
        let mut sink = self.sink.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = match &mut *sink {
            Sink::Stderr => io::stderr().flush(),
            Sink::File(f) => f.flush(),
        };
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
/// signature that lets anyone holding it fetch the file, and without a user or password.
pub fn link(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) => {
            parsed.set_query(None);
            parsed.set_fragment(None);
            // Only URLs that cannot have a user refuse these, and they have none to remove.
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        Err(_) => url
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .rsplit('@')
            .next()
            .unwrap_or_default()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Registration is skipped while nothing is logged; these tests log.
    fn logging_on() {
        log::set_max_level(LevelFilter::Trace);
    }

    #[test]
    fn registered_secrets_are_cut_out_of_lines() {
        logging_on();
        redact("s3cret-value-for-scrub");
        redact("s3cret-value-for-scrub-and-more");
        redact("abc");
        assert_eq!(
            scrub("a s3cret-value-for-scrub-and-more and s3cret-value-for-scrub; abc"),
            "a [redacted] and [redacted]; abc"
        );
    }

    #[test]
    fn links_lose_their_signature_and_credentials() {
        assert_eq!(
            link("https://files.example/bills.csv?expires=1&signature=ab"),
            "https://files.example/bills.csv"
        );
        assert_eq!(
            link("https://user:pw@files.example/b.csv#x"),
            "https://files.example/b.csv"
        );
        assert_eq!(link("http://127.0.0.1:8080/x"), "http://127.0.0.1:8080/x");
        assert_eq!(link("not a url?signature=ab"), "not a url");
    }

    /// The logger itself, not only `scrub`: a line any crate logs loses the secrets in it.
    #[test]
    fn the_logger_writes_lines_without_secrets() {
        logging_on();
        redact("s3cret-logged-by-a-library");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs/m3ter-bills.log");
        let logger = Logger {
            level: LevelFilter::Trace,
            sink: Mutex::new(Sink::file(&path).unwrap()),
        };
        logger.log(
            &Record::builder()
                .args(format_args!("sent s3cret-logged-by-a-library"))
                .level(log::Level::Trace)
                .target("some_library::connect")
                .build(),
        );
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(
            written.contains("TRACE some_library::connect: sent [redacted]"),
            "{written}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
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
