//! The one check for every file a person asks the tool to write (a download, `-o`, `--xlsx`,
//! `export`, the screen's save and fetch dialogs, a complete fetch's merge), and the one way
//! such a file is written: beside its target under the tool's own name, then renamed into
//! place, so the target is the whole file or untouched.
//!
//! A folder, a device, a FIFO or a socket at the target is never replaced, with or without
//! `--force`; a symbolic link is replaced (the link itself, never the file it points at) only
//! with it. The file gets the permissions any program gives a file it makes for you (0666
//! less the umask): an analyst writing into a shared folder gets files colleagues can open.
//! The tool's own files (cache, history, log) are another matter: see `own_files`.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use tempfile::NamedTempFile;

use crate::printable::printable;

/// How the tool's temporary files start: one left by a run that was killed outright is found
/// by it, and removed by the next run in that folder once it is a day old.
const PREFIX: &str = ".m3ter-bills-";
const SUFFIX: &str = ".part";

/// A temporary file older than this is no run's any more.
const STALE_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Why a path cannot take a file, found before any work is done. Each says the path as it was
/// given.
#[derive(Debug, thiserror::Error)]
pub enum TargetProblem {
    /// A plain file is there, and replacing it was not asked for.
    #[error("{} exists; it is replaced only when asked (--force)", shown(.0))]
    Exists(PathBuf),
    /// The folder the file would go in is not there.
    #[error("the folder {} does not exist", shown(.0))]
    NoFolder(PathBuf),
    /// The path is a folder.
    #[error("{} is a folder; give the name of a file in it", shown(.0))]
    IsFolder(PathBuf),
    /// A symbolic link is there, and replacing it was not asked for.
    #[error("{} is a link to another file: not written; --force replaces the link itself", shown(.0))]
    Link(PathBuf),
    /// A device, a FIFO or a socket is there: never replaced nor written through.
    #[error("{} is a {kind}, not a file: it is never replaced; choose another name", shown(.path))]
    Special { path: PathBuf, kind: &'static str },
    /// No file can be made in the folder.
    #[error("no file can be made in the folder {}: {source}", shown(.folder))]
    NotWritable { folder: PathBuf, source: io::Error },
}

fn shown(path: &Path) -> String {
    printable(&path.display().to_string())
}

/// Checks that `target` can take a file before any work is done, and gives the folder it goes
/// in: the folder is there and a file can be made in it (tried, as the writing will do it),
/// and nothing is in the way (a plain file or a link is, unless `overwrite`). Stale temporary
/// files of the tool's in that folder are removed on the way.
pub fn check(target: &Path, overwrite: bool) -> Result<PathBuf, TargetProblem> {
    let folder = folder_of(target);
    if !folder.is_dir() {
        return Err(TargetProblem::NoFolder(folder));
    }
    // The last part of the path is looked at, not followed.
    if let Ok(meta) = std::fs::symlink_metadata(target) {
        let kind = meta.file_type();
        if kind.is_dir() {
            return Err(TargetProblem::IsFolder(target.to_path_buf()));
        }
        if kind.is_symlink() {
            if !overwrite {
                return Err(TargetProblem::Link(target.to_path_buf()));
            }
        } else if !kind.is_file() {
            return Err(TargetProblem::Special {
                path: target.to_path_buf(),
                kind: special_kind(&meta),
            });
        } else if !overwrite {
            return Err(TargetProblem::Exists(target.to_path_buf()));
        }
    }
    temporary(&folder).map_err(|source| TargetProblem::NotWritable {
        folder: folder.clone(),
        source,
    })?;
    sweep(&folder, SystemTime::now());
    Ok(folder)
}

/// The folder `target` goes in (`.` for a bare name).
pub fn folder_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A new temporary file in `folder` under the tool's own name, with the permissions of any
/// file the person makes. It is removed when dropped unless [`persist`]ed.
pub fn temporary(folder: &Path) -> io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(PREFIX).suffix(SUFFIX);
    // Temporary files are private by default; the finished file should get what any other
    // the person makes gets (0666 less the umask), as with curl -o.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder.tempfile_in(folder)
}

/// Renames `temp` to `target`: over what is there when `overwrite` (a plain file, or a link,
/// which is replaced itself), else only if nothing is (a file that appeared meanwhile is
/// [`TargetProblem::Exists`]). Checked again just before: something other than a file that
/// appeared meanwhile is never replaced.
pub fn persist(temp: NamedTempFile, target: &Path, overwrite: bool) -> Result<(), PersistError> {
    if let Ok(meta) = std::fs::symlink_metadata(target) {
        let kind = meta.file_type();
        if kind.is_dir() {
            return Err(TargetProblem::IsFolder(target.to_path_buf()).into());
        }
        if !kind.is_file() && !kind.is_symlink() {
            return Err(TargetProblem::Special {
                path: target.to_path_buf(),
                kind: special_kind(&meta),
            }
            .into());
        }
    }
    let persisted = if overwrite {
        temp.persist(target)
    } else {
        temp.persist_noclobber(target)
    };
    persisted.map(drop).map_err(|e| match e.error.kind() {
        io::ErrorKind::AlreadyExists if !overwrite => {
            TargetProblem::Exists(target.to_path_buf()).into()
        }
        _ => PersistError::Io(e.error),
    })
}

/// Why a finished file could not be put in place.
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    #[error(transparent)]
    Target(#[from] TargetProblem),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// What a special file is, in words.
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "FIFO (a named pipe)";
        }
        if kind.is_socket() {
            return "socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "device";
        }
    }
    let _ = meta;
    "special file"
}

/// Removes the tool's temporary files in `folder` a day old or more: left by a run killed
/// outright (any other end removes its own). Only plain files of this user, by the tool's name.
fn sweep(folder: &Path, now: SystemTime) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(PREFIX) && name.ends_with(SUFFIX)) {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if !meta.is_file() || !owned_by_me(&meta) {
            continue;
        }
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn owned_by_me(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::geteuid() }
}

#[cfg(not(unix))]
fn owned_by_me(_: &std::fs::Metadata) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_name_in_a_folder_that_takes_files_is_fine() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.csv");
        assert_eq!(check(&new, false).unwrap(), dir.path());
        assert!(
            std::fs::read_dir(dir.path()).unwrap().next().is_none(),
            "the trial file is gone"
        );
        assert!(matches!(
            check(&dir.path().join("gone/x.csv"), false),
            Err(TargetProblem::NoFolder(_))
        ));
        assert!(matches!(
            check(dir.path(), true),
            Err(TargetProblem::IsFolder(_))
        ));
        #[cfg(target_os = "linux")]
        assert!(matches!(
            check(Path::new("/proc/x.csv"), false),
            Err(TargetProblem::NotWritable { .. })
        ));
    }

    #[test]
    fn a_file_is_replaced_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let existing = dir.path().join("old.csv");
        std::fs::write(&existing, "old").unwrap();
        let refused = check(&existing, false).unwrap_err();
        assert!(
            refused
                .to_string()
                .ends_with("old.csv exists; it is replaced only when asked (--force)")
        );
        check(&existing, true).unwrap();
        let mut temp = temporary(dir.path()).unwrap();
        std::io::Write::write_all(&mut temp, b"new").unwrap();
        assert!(matches!(
            persist(temp, &existing, false),
            Err(PersistError::Target(TargetProblem::Exists(_)))
        ));
        let mut temp = temporary(dir.path()).unwrap();
        std::io::Write::write_all(&mut temp, b"new").unwrap();
        persist(temp, &existing, true).unwrap();
        assert_eq!(std::fs::read_to_string(&existing).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_replaced_itself_with_force_and_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let theirs = dir.path().join("theirs.txt");
        std::fs::write(&theirs, "keep me").unwrap();
        let link = dir.path().join("out.csv");
        std::os::unix::fs::symlink(&theirs, &link).unwrap();
        let refused = check(&link, false).unwrap_err().to_string();
        assert!(
            refused.ends_with(
                "out.csv is a link to another file: not written; --force replaces the link itself"
            ),
            "{refused}"
        );
        check(&link, true).unwrap();
        let mut temp = temporary(dir.path()).unwrap();
        std::io::Write::write_all(&mut temp, b"mine").unwrap();
        persist(temp, &link, true).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_file());
        assert_eq!(std::fs::read_to_string(&link).unwrap(), "mine");
        assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "keep me");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_never_replaced_even_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid C string for the path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        for overwrite in [false, true] {
            let refused = check(&fifo, overwrite).unwrap_err().to_string();
            assert!(
                refused.ends_with(
                    "pipe is a FIFO (a named pipe), not a file: it is never replaced; choose another name"
                ),
                "{refused}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn files_get_the_permissions_any_program_gives_and_stale_temporaries_go() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let temp = temporary(dir.path()).unwrap();
        persist(temp, &target, false).unwrap();
        // SAFETY: umask only reads and sets the process's mask; it is set back at once.
        let mask = unsafe {
            let mask = libc::umask(0o022);
            libc::umask(mask);
            mask
        };
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !mask, "{mode:o}");

        let stale = dir.path().join(".m3ter-bills-abc.part");
        let fresh = dir.path().join(".m3ter-bills-def.part");
        let other = dir.path().join(".m3ter-bills-notes.txt");
        for path in [&stale, &fresh, &other] {
            std::fs::write(path, "x").unwrap();
        }
        let later = SystemTime::now() + STALE_AFTER + Duration::from_secs(60);
        sweep(dir.path(), later);
        assert!(
            !stale.exists() && !fresh.exists(),
            "both are a day old by then"
        );
        assert!(other.exists(), "not a temporary file of ours");
        std::fs::write(&stale, "x").unwrap();
        sweep(dir.path(), SystemTime::now());
        assert!(stale.exists(), "a running one's is left alone");
    }
}
