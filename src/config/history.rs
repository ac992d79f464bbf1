//! The history: every submit, from the screen and from scripts, one JSON line each.
//!
//! Writers take `history.lock` before touching `history.jsonl`, so several runs at once never
//! interleave or lose lines, and trimming (rewrite and rename) cannot race an append. Readers
//! need no lock: a rename is atomic, and a line cut off by a crash is skipped (and counted,
//! for the reader to say once). An append after such a line starts on a fresh line, so the
//! torn line costs only itself. Both files are readable by their owner alone, since a live
//! download link is itself a key to the data, and neither is opened through a link.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::own_files;

/// How many submits are kept when the config does not say.
pub const DEFAULT_LIMIT: usize = 1000;

/// How long m3ter's download links are assumed to work.
const LINK_LIFETIME_MINUTES: i64 = 15;

/// What came of a submit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SubmitOutcome {
    Link(String),
    Error(String),
    /// A split fetch: this many requests, merged into the file noted with it.
    Pieces(u32),
}

/// One submit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The request body as sent.
    pub body: Value,
    pub outcome: SubmitOutcome,
    /// Where its CSV was fetched to, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// The named range the dates came from (`last-month`), so sending it again can mean the
    /// same period as of then's today, not the old dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// The saved query it was, if it was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved: Option<String>,
}

impl Entry {
    pub fn new(
        at: DateTime<Utc>,
        profile: Option<String>,
        body: Value,
        outcome: SubmitOutcome,
    ) -> Entry {
        Entry {
            id: format!(
                "{}-{:08x}",
                at.format("%Y%m%dT%H%M%S%.3f"),
                rand::random::<u32>()
            ),
            at,
            profile,
            body,
            outcome,
            file: None,
            preset: None,
            saved: None,
        }
    }

    /// The same entry, noting the preset and saved query it came from.
    pub fn with_names(mut self, preset: Option<String>, saved: Option<String>) -> Entry {
        self.preset = preset;
        self.saved = saved;
        self
    }

    /// Whether the link has probably expired by `now`.
    pub fn link_expired(&self, now: DateTime<Utc>) -> bool {
        matches!(self.outcome, SubmitOutcome::Link(_))
            && now - self.at > chrono::Duration::minutes(LINK_LIFETIME_MINUTES)
    }
}

/// A line of the file: a submit, or a later note that its CSV was fetched.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Line {
    Submit(Entry),
    Fetch {
        id: String,
        file: PathBuf,
    },
    /// A report run: its name, the day its periods were resolved for, and the files it wrote.
    Report(ReportRun),
}

/// A report run, as the history keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRun {
    pub at: DateTime<Utc>,
    pub name: String,
    pub as_of: NaiveDate,
    pub files: Vec<PathBuf>,
}

/// What reading the history found.
#[derive(Debug, Default)]
pub struct Remembered {
    /// Every submit, newest first, with the files fetched for them.
    pub entries: Vec<Entry>,
    /// Every report run, newest first.
    pub reports: Vec<ReportRun>,
    /// Lines that could not be read (cut off by a crash, or edited by hand): skipped.
    pub skipped: usize,
}

/// The history file and its size limit.
#[derive(Debug, Clone)]
pub struct History {
    path: PathBuf,
    limit: usize,
}

impl History {
    pub fn new(path: PathBuf, limit: Option<usize>) -> History {
        History {
            path,
            limit: limit.unwrap_or(DEFAULT_LIMIT).max(1),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records a submit, then drops the oldest past the limit.
    pub fn append(&self, entry: &Entry) -> std::io::Result<()> {
        self.write(&Line::Submit(entry.clone()))
    }

    /// Records that the CSV of submit `id` was fetched to `file` (by its full path, so that
    /// the file can be known again from any folder).
    pub fn record_report(
        &self,
        name: &str,
        as_of: NaiveDate,
        files: &[&Path],
    ) -> std::io::Result<()> {
        self.write(&Line::Report(ReportRun {
            at: Utc::now(),
            name: name.to_string(),
            as_of,
            files: files
                .iter()
                .map(|f| std::fs::canonicalize(f).unwrap_or_else(|_| f.to_path_buf()))
                .collect(),
        }))
    }

    pub fn record_fetch(&self, id: &str, file: &Path) -> std::io::Result<()> {
        self.write(&Line::Fetch {
            id: id.to_string(),
            file: std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf()),
        })
    }

    /// The days the newest query fetched to `file` asked for (`[start, end)`, whole days:
    /// a start inside a day counts from that day, an end inside a day up to its end); `None`
    /// when no query the history knows was fetched there.
    pub fn requested_days(&self, file: &Path) -> Option<(NaiveDate, NaiveDate)> {
        let wanted = std::fs::canonicalize(file).ok()?;
        let remembered = self.read().ok()?;
        let entry = remembered.entries.iter().find(|e| {
            e.file
                .as_deref()
                .is_some_and(|f| f.is_absolute() && f == wanted)
        })?;
        let day = |field: &str, up: bool| -> Option<NaiveDate> {
            let text = entry.body.get(field)?.as_str()?;
            let at = DateTime::parse_from_rfc3339(text).ok()?.with_timezone(&Utc);
            let day = at.date_naive();
            if up && at.time() != chrono::NaiveTime::MIN {
                day.succ_opt()
            } else {
                Some(day)
            }
        };
        let (start, end) = (day("startDate", false)?, day("endDate", true)?);
        (start < end).then_some((start, end))
    }

    fn write(&self, line: &Line) -> std::io::Result<()> {
        let folder = self.path.parent().unwrap_or(Path::new("."));
        own_files::create_dir(folder)?;
        let lock = own_files::open_file(&folder.join("history.lock"), false)?;
        lock.lock()?;
        let mut text = serde_json::to_string(line).map_err(std::io::Error::other)?;
        text.push('\n');
        let mut file = own_files::open_file(&self.path, true)?;
        if !ends_a_line(&mut file)? {
            text.insert(0, '\n');
        }
        // One write of a whole line, under the lock.
        file.write_all(text.as_bytes())?;
        file.sync_data()?;
        drop(file);
        self.trim(folder)?;
        lock.unlock()
    }

    /// Rewrites the file with the newest `limit` submits when it has grown a tenth past it.
    /// Called with the lock held.
    fn trim(&self, folder: &Path) -> std::io::Result<()> {
        let (lines, _) = read_lines(&self.path)?;
        let submits = lines
            .iter()
            .filter(|l| matches!(l, Line::Submit(_)))
            .count();
        if submits <= self.limit + self.limit / 10 {
            return Ok(());
        }
        let mut keep = Vec::new();
        let (mut seen, mut runs) = (0, 0);
        let mut kept_ids = std::collections::HashSet::new();
        for line in lines.iter().rev() {
            match line {
                Line::Submit(e) if seen < self.limit => {
                    seen += 1;
                    kept_ids.insert(e.id.clone());
                    keep.push(line);
                }
                Line::Fetch { .. } => keep.push(line),
                // Report runs are kept as many as submits: a monthly run is a line a month.
                Line::Report(_) if runs < self.limit => {
                    runs += 1;
                    keep.push(line);
                }
                Line::Submit(_) | Line::Report(_) => {}
            }
        }
        let mut temp = tempfile::Builder::new()
            .prefix(".history-")
            .tempfile_in(folder)?;
        for line in keep.iter().rev() {
            if let Line::Fetch { id, .. } = line
                && !kept_ids.contains(id)
            {
                continue;
            }
            let mut text = serde_json::to_string(line).map_err(std::io::Error::other)?;
            text.push('\n');
            temp.write_all(text.as_bytes())?;
        }
        temp.as_file().sync_data()?;
        temp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }

    /// Every submit, newest first, with the files fetched for them.
    pub fn read(&self) -> std::io::Result<Remembered> {
        let mut entries: Vec<Entry> = Vec::new();
        let mut fetched: Vec<(String, PathBuf)> = Vec::new();
        let mut reports = Vec::new();
        let (lines, skipped) = read_lines(&self.path)?;
        for line in lines {
            match line {
                Line::Submit(e) => entries.push(e),
                Line::Fetch { id, file } => fetched.push((id, file)),
                Line::Report(run) => reports.push(run),
            }
        }
        for (id, file) in fetched {
            if let Some(e) = entries.iter_mut().find(|e| e.id == id) {
                e.file = Some(file);
            }
        }
        entries.reverse();
        reports.reverse();
        Ok(Remembered {
            entries,
            reports,
            skipped,
        })
    }
}

/// Whether the file is empty or ends with a line break, so an append starts a line.
fn ends_a_line(file: &mut File) -> std::io::Result<bool> {
    if file.metadata()?.len() == 0 {
        return Ok(true);
    }
    let mut last = [0u8];
    file.seek(SeekFrom::End(-1))?;
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// The lines that parse, and how many did not; a missing file has none.
fn read_lines(path: &Path) -> std::io::Result<(Vec<Line>, usize)> {
    let Some(file) = own_files::open_to_read(path)? else {
        return Ok((Vec::new(), 0));
    };
    let mut lines = Vec::new();
    let mut skipped = 0;
    // Bytes, not text: a line that is not UTF-8 is one damaged line, not the end of reading.
    for line in BufReader::new(file).split(b'\n') {
        let line = line?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice(&line) {
            Ok(parsed) => lines.push(parsed),
            Err(_) => skipped += 1,
        }
    }
    Ok((lines, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: usize) -> Entry {
        Entry::new(
            Utc::now(),
            Some("prod".into()),
            serde_json::json!({ "n": n }),
            SubmitOutcome::Link(format!("https://files.example.com/{n}")),
        )
    }

    #[test]
    fn newest_first_with_fetched_files() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::new(dir.path().join("data/history.jsonl"), None);
        let (a, b) = (entry(1), entry(2));
        h.append(&a).unwrap();
        h.append(&b).unwrap();
        h.record_fetch(&a.id, Path::new("/tmp/a.csv")).unwrap();
        let read = h.read().unwrap().entries;
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].id, b.id);
        assert_eq!(read[1].file.as_deref(), Some(Path::new("/tmp/a.csv")));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(h.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn bounded_by_the_limit_oldest_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::new(dir.path().join("history.jsonl"), Some(10));
        let entries: Vec<Entry> = (0..30).map(entry).collect();
        for e in &entries {
            h.append(e).unwrap();
        }
        let read = h.read().unwrap().entries;
        assert!(read.len() >= 10 && read.len() <= 11, "{}", read.len());
        assert_eq!(read[0].id, entries[29].id);
    }

    #[test]
    fn a_damaged_line_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::new(dir.path().join("history.jsonl"), None);
        h.append(&entry(1)).unwrap();
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(h.path())
            .unwrap();
        f.write_all(b"{\"kind\":\"submit\",\"id\":\"half").unwrap();
        let read = h.read().unwrap();
        assert_eq!((read.entries.len(), read.skipped), (1, 1));
        // The next submit is not swallowed by the torn line: it starts a line of its own.
        let next = entry(2);
        h.append(&next).unwrap();
        let read = h.read().unwrap();
        assert_eq!(read.entries.len(), 2);
        assert_eq!(read.entries[0].id, next.id);
        assert_eq!(read.skipped, 1);
        let text = std::fs::read_to_string(h.path()).unwrap();
        assert_eq!(text.lines().count(), 3, "{text}");
    }

    #[cfg(unix)]
    #[test]
    fn a_history_that_is_a_link_is_refused_and_what_it_points_at_is_untouched() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("passwd");
        std::fs::write(&victim, "root:x:0:0\n").unwrap();
        std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let h = History::new(data.join("history.jsonl"), None);
        std::os::unix::fs::symlink(&victim, h.path()).unwrap();
        let e = h.append(&entry(1)).unwrap_err().to_string();
        assert!(e.contains("symbolic link"), "{e}");
        assert!(h.read().is_err());
        // The lock file planted as a link is refused the same way.
        std::fs::remove_file(h.path()).unwrap();
        std::fs::remove_file(data.join("history.lock")).unwrap();
        std::os::unix::fs::symlink(&victim, data.join("history.lock")).unwrap();
        assert!(h.append(&entry(2)).is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "root:x:0:0\n");
        let mode = std::fs::metadata(&victim).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
        assert!(!h.path().exists());
    }

    #[test]
    fn links_older_than_a_quarter_hour_are_probably_expired() {
        let mut e = entry(1);
        let now = e.at + chrono::Duration::minutes(10);
        assert!(!e.link_expired(now));
        assert!(e.link_expired(now + chrono::Duration::minutes(6)));
        e.outcome = SubmitOutcome::Error("nope".into());
        assert!(!e.link_expired(now + chrono::Duration::hours(1)));
    }
}
