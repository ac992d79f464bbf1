//! Where the pieces of a split fetch wait to be merged: a folder per query in the cache
//! folder, with a manifest of the pieces fetched so far. A run that fails or is stopped leaves
//! them there, so the next run with `--resume` fetches only what is missing; after
//! [`KEEP_FOR`] they are thrown away, since bill data changes as bills are updated.
//!
//! The folders are readable by their owner alone: they hold the organization's bill lines.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::own_files;
use crate::query::{BillQuery, DateRange, SplitMode};

/// How long fetched pieces are kept for a resume.
pub const KEEP_FOR: chrono::Duration = chrono::Duration::hours(24);

const MANIFEST: &str = "manifest.json";

/// A piece fetched: its range, its file in the folder, and what its answer held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub file: String,
    pub rows: u64,
    /// It held exactly the limit.
    pub cut: bool,
    /// Of the whole file, for a cut piece: a half that holds the very same bytes shows that
    /// cutting the range does not narrow the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    pub fetched: DateTime<Utc>,
}

impl Recorded {
    pub fn range(&self) -> Option<DateRange> {
        DateRange::new(self.start, self.end)
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    pieces: Vec<Recorded>,
}

/// What a resumed store already held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Resumed {
    pub pieces: usize,
    /// When the oldest of them was fetched.
    pub since: Option<DateTime<Utc>>,
}

/// The folder of one query's pieces.
#[derive(Debug)]
pub struct PieceStore {
    dir: PathBuf,
    manifest: Manifest,
}

/// The folder name for a query against an organization, split one way: the same question
/// asked again finds its pieces, and nothing about it shows in the name.
pub fn store_key(base_url: &str, org_id: &str, query: &BillQuery, mode: SplitMode) -> String {
    let mut hash = Sha256::new();
    for part in [base_url, org_id, &query.to_json(), mode.name()] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl PieceStore {
    /// Opens the folder `key` under `root`: what it holds when `resume` is set (pieces older
    /// than [`KEEP_FOR`] left out), else empty. Folders of other queries older than
    /// [`KEEP_FOR`] are removed on the way.
    pub fn open(
        root: &Path,
        key: &str,
        resume: bool,
        now: DateTime<Utc>,
    ) -> io::Result<(PieceStore, Resumed)> {
        own_files::create_dir(root)?;
        sweep(root, now);
        let dir = root.join(key);
        if !resume && dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        own_files::create_dir(&dir)?;
        let mut manifest = if resume {
            read_manifest(&dir)
        } else {
            Manifest::default()
        };
        manifest
            .pieces
            .retain(|p| now - p.fetched < KEEP_FOR && dir.join(&p.file).is_file());
        let resumed = Resumed {
            pieces: manifest.pieces.len(),
            since: manifest.pieces.iter().map(|p| p.fetched).min(),
        };
        Ok((PieceStore { dir, manifest }, resumed))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The piece of exactly `range`, if one was fetched.
    pub fn known(&self, range: DateRange) -> Option<&Recorded> {
        self.manifest
            .pieces
            .iter()
            .find(|p| p.start == range.start() && p.end == range.end())
    }

    /// How many pieces are kept.
    pub fn kept(&self) -> usize {
        self.manifest.pieces.len()
    }

    /// Where the piece of `range` is kept.
    pub fn path_for(&self, range: DateRange) -> PathBuf {
        self.dir.join(file_name(range))
    }

    pub fn path_of(&self, recorded: &Recorded) -> PathBuf {
        self.dir.join(&recorded.file)
    }

    /// Notes a piece fetched, and writes the manifest (beside it, then renamed over it, so a
    /// crash leaves the old one or the new one).
    pub fn record(&mut self, piece: Recorded) -> io::Result<()> {
        self.manifest
            .pieces
            .retain(|p| !(p.start == piece.start && p.end == piece.end));
        self.manifest.pieces.push(piece);
        let text = serde_json::to_vec_pretty(&self.manifest).map_err(io::Error::other)?;
        let mut out = tempfile::Builder::new()
            .prefix(".manifest-")
            .tempfile_in(&self.dir)?;
        out.write_all(&text)?;
        out.persist(self.dir.join(MANIFEST)).map_err(|e| e.error)?;
        Ok(())
    }

    /// Removes the folder: the pieces are merged and no longer needed.
    pub fn finish(self) -> io::Result<()> {
        std::fs::remove_dir_all(&self.dir)
    }
}

fn file_name(range: DateRange) -> String {
    format!(
        "{}_{}.csv",
        range.start().format("%Y%m%dT%H%M%SZ"),
        range.end().format("%Y%m%dT%H%M%SZ")
    )
}

fn read_manifest(dir: &Path) -> Manifest {
    own_files::open_to_read(&dir.join(MANIFEST))
        .ok()
        .flatten()
        .and_then(|file| serde_json::from_reader(io::BufReader::new(file)).ok())
        .unwrap_or_default()
}

/// Removes the folders of pieces under `root` untouched for longer than [`KEEP_FOR`]. What cannot be
/// removed is left for the next time: it costs disk, never an answer.
fn sweep(root: &Path, now: DateTime<Utc>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        // Only folders of ours: named as `store_key` names them.
        let ours = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.len() == 32 && n.bytes().all(|b| b.is_ascii_hexdigit()));
        if !meta.is_dir() || !ours {
            continue;
        }
        let touched = std::fs::metadata(path.join(MANIFEST))
            .and_then(|m| m.modified())
            .or_else(|_| meta.modified());
        let old = touched.is_ok_and(|t| now - DateTime::<Utc>::from(t) >= KEEP_FOR);
        if old {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse_date_time;

    fn range(start: &str, end: &str) -> DateRange {
        DateRange::new(
            parse_date_time(start).unwrap(),
            parse_date_time(end).unwrap(),
        )
        .unwrap()
    }

    fn piece(range: DateRange, fetched: DateTime<Utc>) -> Recorded {
        Recorded {
            start: range.start(),
            end: range.end(),
            file: file_name(range),
            rows: 3,
            cut: false,
            digest: None,
            fetched,
        }
    }

    const K: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn pieces_are_found_again_on_resume_until_they_age() {
        let root = tempfile::tempdir().unwrap();
        let now = Utc::now();
        let july = range("2026-07-01", "2026-08-01");
        let august = range("2026-08-01", "2026-09-01");
        let (mut store, resumed) = PieceStore::open(root.path(), K, false, now).unwrap();
        assert_eq!(resumed, Resumed::default());
        std::fs::write(store.path_for(july), "a\n1\n").unwrap();
        store.record(piece(july, now)).unwrap();
        // A piece noted but whose file is gone is not trusted.
        store.record(piece(august, now)).unwrap();
        drop(store);

        let (store, resumed) = PieceStore::open(root.path(), K, true, now).unwrap();
        assert_eq!(resumed.pieces, 1);
        assert_eq!(resumed.since, Some(now));
        assert!(store.known(july).is_some() && store.known(august).is_none());
        drop(store);

        let later = now + KEEP_FOR + chrono::Duration::minutes(1);
        let (store, resumed) = PieceStore::open(root.path(), K, true, later).unwrap();
        assert_eq!(resumed.pieces, 0);
        assert!(store.known(july).is_none());
        drop(store);

        // Without resume the folder starts empty.
        let (mut store, _) = PieceStore::open(root.path(), K, true, now).unwrap();
        store.record(piece(july, now)).unwrap();
        drop(store);
        let (store, resumed) = PieceStore::open(root.path(), K, false, now).unwrap();
        assert_eq!(resumed.pieces, 0);
        assert!(!store.path_for(july).exists());
        store.finish().unwrap();
        assert!(!root.path().join(K).exists());
    }

    #[test]
    fn folders_of_other_queries_go_once_they_age_and_nothing_else() {
        let root = tempfile::tempdir().unwrap();
        let now = Utc::now();
        let old = "fedcba9876543210fedcba9876543210";
        let (store, _) = PieceStore::open(root.path(), old, false, now).unwrap();
        drop(store);
        let (store, _) = PieceStore::open(root.path(), K, false, now).unwrap();
        drop(store);
        std::fs::create_dir(root.path().join("photos")).unwrap();
        assert!(root.path().join(old).is_dir());
        let later = now + KEEP_FOR + chrono::Duration::minutes(1);
        let (_store, _) = PieceStore::open(root.path(), K, true, later).unwrap();
        assert!(!root.path().join(old).exists());
        assert!(root.path().join("photos").is_dir(), "not ours, left alone");
    }

    #[cfg(unix)]
    #[test]
    fn the_folders_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let (store, _) =
            PieceStore::open(&root.path().join("pieces"), K, false, Utc::now()).unwrap();
        let mode = std::fs::metadata(store.dir()).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }

    #[test]
    fn the_key_follows_the_question() {
        let q = |limit: &str| {
            let draft = crate::query::QueryDraft {
                dates: crate::query::DateInput::Typed {
                    start: Some("2026-01-01".into()),
                    end: Some("2026-02-01".into()),
                },
                line_item_types: vec!["USAGE".into()],
                limit: Some(limit.into()),
                ..Default::default()
            };
            crate::query::validate(&draft, Utc::now()).unwrap()
        };
        let key = store_key("http://x", "org", &q("10"), SplitMode::Auto);
        assert_eq!(key.len(), 32);
        assert_eq!(key, store_key("http://x", "org", &q("10"), SplitMode::Auto));
        assert_ne!(key, store_key("http://x", "org", &q("11"), SplitMode::Auto));
        assert_ne!(
            key,
            store_key("http://x", "org2", &q("10"), SplitMode::Auto)
        );
        assert_ne!(
            key,
            store_key("http://x", "org", &q("10"), SplitMode::Month)
        );
    }
}
