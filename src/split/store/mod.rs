//! Where the pieces of a split fetch wait to be merged: a folder per query in the cache
//! folder, with a manifest of the pieces fetched so far. A run that fails or is stopped leaves
//! them there, so the next run with `--resume` fetches only what is missing; after
//! [`KEEP_FOR`] they are thrown away, since bill data changes as bills are updated.
//!
//! The cache is a vault: nothing found in it is trusted before it is checked, since what is
//! merged goes into an analyst's file.
//! - The cache folder and each query's folder must be real folders (not links) of this user
//!   that no one else can write in; otherwise the run says so once and keeps its pieces in a
//!   private temporary folder instead, never writing into that folder.
//! - Pieces are named by the tool alone; a manifest that names any other file is discarded.
//! - Each piece is opened as a plain file without following a link, and must hold the row
//!   count and the SHA-256 the manifest recorded; one that does not is fetched again, and said.
//! - The sweep of old folders removes only folders the tool made (its marker inside, this
//!   user's, not links).

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::own_files;
use crate::query::{BillQuery, DateRange, SplitMode};
use crate::rows::count_data_rows;

/// How long fetched pieces are kept for a resume.
pub const KEEP_FOR: chrono::Duration = chrono::Duration::hours(24);

const MANIFEST: &str = "manifest.json";

/// The file in each query's folder that says the tool made it: the sweep removes no folder
/// without it.
const MARKER: &str = ".m3ter-bills-pieces";

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
    /// The SHA-256 of the file's bytes, checked before the piece is used again.
    #[serde(default)]
    pub sha256: String,
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

/// What a resumed store already held, and what it found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resumed {
    pub pieces: usize,
    /// When the oldest of them was fetched.
    pub since: Option<DateTime<Utc>>,
    /// Why the cache folder was not used (the pieces go to a private temporary folder and
    /// cannot be resumed), when it was not.
    pub untrusted: Option<String>,
    /// The pieces whose file no longer held what was fetched (changed, replaced, a link): they
    /// are fetched again.
    pub changed: Vec<DateRange>,
    /// The manifest named a file the tool would not have named: it was discarded whole.
    pub discarded: bool,
}

/// The folder of one query's pieces.
#[derive(Debug)]
pub struct PieceStore {
    dir: PathBuf,
    manifest: Manifest,
    /// When the cache could not be trusted: a private folder of this run's, removed with it.
    _scratch: Option<tempfile::TempDir>,
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

impl Resumed {
    /// What was found wrong in the cache, a sentence each (lower case, no full stop), for the
    /// person: a folder not used, a manifest discarded, pieces fetched again.
    pub fn said(&self) -> Vec<String> {
        let mut said = Vec::new();
        if let Some(why) = &self.untrusted {
            said.push(format!(
                "the piece cache is not used: {why}; this run keeps its pieces in a private temporary folder, so it cannot be resumed"
            ));
        }
        if self.discarded {
            said.push(
                "the pieces' manifest named files the tool never makes; it was set aside and every piece is fetched again"
                    .into(),
            );
        }
        said.extend(self.changed.iter().map(|range| {
            format!(
                "piece {} changed on disk; fetched again",
                crate::query::piece_label(*range)
            )
        }));
        said
    }
}

impl PieceStore {
    /// Opens the folder `key` under `root`: what it holds when `resume` is set (pieces older
    /// than [`KEEP_FOR`] and pieces that changed on disk left out), else empty. Folders of other
    /// queries older than [`KEEP_FOR`] are removed on the way. A cache that cannot be trusted
    /// is not used: the pieces go to a private temporary folder, and [`Resumed::untrusted`]
    /// says why.
    pub fn open(
        root: &Path,
        key: &str,
        resume: bool,
        now: DateTime<Utc>,
    ) -> io::Result<(PieceStore, Resumed)> {
        match Self::open_in_cache(root, key, resume, now) {
            Ok(opened) => Ok(opened),
            Err(Untrusted(why)) => {
                let scratch = tempfile::Builder::new()
                    .prefix("m3ter-bills-pieces-")
                    .tempdir()?;
                let store = PieceStore {
                    dir: scratch.path().to_path_buf(),
                    manifest: Manifest::default(),
                    _scratch: Some(scratch),
                };
                let resumed = Resumed {
                    untrusted: Some(why),
                    ..Resumed::default()
                };
                Ok((store, resumed))
            }
        }
    }

    fn open_in_cache(
        root: &Path,
        key: &str,
        resume: bool,
        now: DateTime<Utc>,
    ) -> Result<(PieceStore, Resumed), Untrusted> {
        let shown = |path: &Path| crate::printable::printable(&path.display().to_string());
        let untrusted = |path: &Path, why: String| Untrusted(format!("{} {why}", shown(path)));
        own_files::create_dir(root).map_err(|e| untrusted(root, format!("cannot be made: {e}")))?;
        trusted_dir(root).map_err(|why| untrusted(root, why))?;
        sweep(root, now);
        let dir = root.join(key);
        let there = std::fs::symlink_metadata(&dir).is_ok();
        if there {
            trusted_dir(&dir).map_err(|why| untrusted(&dir, why))?;
            if !resume {
                std::fs::remove_dir_all(&dir)
                    .map_err(|e| untrusted(&dir, format!("cannot be emptied: {e}")))?;
            }
        }
        let made = !dir.exists();
        if made {
            let mut builder = std::fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder
                .create(&dir)
                .map_err(|e| untrusted(&dir, format!("cannot be made: {e}")))?;
        }
        // The marker says the tool made the folder (and the sweep may take it).
        own_files::open_file(&dir.join(MARKER), false)
            .map_err(|e| untrusted(&dir, format!("cannot be marked as the tool's: {e}")))?;
        let mut resumed = Resumed::default();
        let mut manifest = if resume && !made {
            read_manifest(&dir)
        } else {
            Manifest::default()
        };
        if manifest
            .pieces
            .iter()
            .any(|p| p.range().map(file_name).as_deref() != Some(p.file.as_str()))
        {
            manifest = Manifest::default();
            resumed.discarded = true;
        }
        let mut kept = Vec::new();
        for piece in manifest.pieces {
            if now - piece.fetched >= KEEP_FOR {
                continue;
            }
            let path = dir.join(&piece.file);
            if holds(&path, &piece) {
                kept.push(piece);
            } else {
                // Whatever is there is not the piece: it goes, so fetching it again can write.
                clear(&path);
                resumed.changed.extend(piece.range());
            }
        }
        let manifest = Manifest { pieces: kept };
        resumed.pieces = manifest.pieces.len();
        resumed.since = manifest.pieces.iter().map(|p| p.fetched).min();
        let store = PieceStore {
            dir,
            manifest,
            _scratch: None,
        };
        Ok((store, resumed))
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

    /// Where the piece of `range` is kept, with nothing in the way of writing it (what was
    /// there, a file, a link or a FIFO left by anything, is removed: the folder is the tool's).
    pub fn path_for(&self, range: DateRange) -> PathBuf {
        let path = self.dir.join(file_name(range));
        clear(&path);
        path
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
        match self._scratch {
            Some(scratch) => scratch.close(),
            None => std::fs::remove_dir_all(&self.dir),
        }
    }
}

/// Why the cache folder is not used, in words.
struct Untrusted(String);

/// Whether `dir` is a folder the tool may keep pieces in: a real folder (not a link) of this
/// user that no one else can write in; else why not.
fn trusted_dir(dir: &Path) -> Result<(), String> {
    let meta = std::fs::symlink_metadata(dir).map_err(|e| format!("cannot be read: {e}"))?;
    if meta.file_type().is_symlink() {
        return Err("is a symbolic link".into());
    }
    if !meta.is_dir() {
        return Err("is not a folder".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        if meta.uid() != unsafe { libc::geteuid() } {
            return Err("belongs to another user".into());
        }
        if meta.mode() & 0o022 != 0 {
            return Err(format!(
                "can be written by others (mode {:o})",
                meta.mode() & 0o777
            ));
        }
    }
    Ok(())
}

/// Whether the file at `path` is a plain file (reached without a link) holding exactly what
/// `piece` recorded: its row count and its SHA-256.
fn holds(path: &Path, piece: &Recorded) -> bool {
    let Ok(Some(mut file)) = own_files::open_to_read(path) else {
        return false;
    };
    let Ok(sha256) = sha256_of(&mut file) else {
        return false;
    };
    let Ok(Some(file)) = own_files::open_to_read(path) else {
        return false;
    };
    let rows = count_data_rows(io::BufReader::new(file), u64::MAX);
    !piece.sha256.is_empty() && sha256 == piece.sha256 && rows.is_ok_and(|r| r == piece.rows)
}

/// The SHA-256 of what `reader` holds, in hex.
pub(super) fn sha256_of(reader: &mut impl Read) -> io::Result<String> {
    let mut hash = Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let n = reader.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hash.update(&buffer[..n]);
    }
    Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Removes whatever is at `path` in a folder of the tool's (a link itself, never what it
/// points at). What cannot be removed is left, and writing there fails with a sentence.
fn clear(path: &Path) {
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        let _ = if meta.is_dir() {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        };
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

/// Removes the folders of pieces under `root` untouched for longer than [`KEEP_FOR`]: only
/// folders the tool made (named as `store_key` names them, the marker inside, this user's,
/// not links). What cannot be removed is left for the next time: it costs disk, never an
/// answer.
fn sweep(root: &Path, now: DateTime<Utc>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let named = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.len() == 32 && n.bytes().all(|b| b.is_ascii_hexdigit()));
        if !named || trusted_dir(&path).is_err() {
            continue;
        }
        let marked = std::fs::symlink_metadata(path.join(MARKER)).is_ok_and(|m| m.is_file());
        if !marked {
            continue;
        }
        let touched = std::fs::symlink_metadata(path.join(MANIFEST))
            .and_then(|m| m.modified())
            .or_else(|_| std::fs::symlink_metadata(&path).and_then(|m| m.modified()));
        let old = touched.is_ok_and(|t| now - DateTime::<Utc>::from(t) >= KEEP_FOR);
        if old {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

#[cfg(test)]
mod tests;
