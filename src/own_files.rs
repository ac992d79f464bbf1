//! Files that are this tool's own (the history, its lock, the log, saved queries), opened as
//! such: never through a symbolic link at the last part of the path, and only when they are
//! plain files. A link planted where the history should be would otherwise have the tool
//! append to, and re-mode, whatever it points at (run as root: `/etc/passwd`).
//!
//! The history and the log are readable by their owner alone: they name the organization and
//! hold links that fetch its bills until they expire.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `dir` and its missing parents, owner-only (folders that exist are left as they are).
pub fn create_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Opens (creating) a private file of ours for writing, appending or not. One that exists must
/// be a plain file of this user; if others can read it, it is made private, unless it has
/// another name too (a hard link, as backups make), which is left as it is.
pub fn open_file(path: &Path, append: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true);
    if append {
        // Read too, so a writer can see whether the file ends a line.
        options.append(true).read(true);
    } else {
        options.read(true).write(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = open(&options, path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let meta = file.metadata()?;
        // SAFETY: geteuid has no preconditions and cannot fail.
        if meta.uid() != unsafe { libc::geteuid() } {
            return Err(refused("it belongs to another user"));
        }
        if meta.permissions().mode() & 0o077 != 0 && meta.nlink() == 1 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(file)
}

/// Opens a file of ours for reading, or `None` when there is none.
pub fn open_to_read(path: &Path) -> io::Result<Option<File>> {
    let mut options = OpenOptions::new();
    options.read(true);
    match open(&options, path) {
        Ok(file) => Ok(Some(file)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Whether something other than a plain file (a link, a folder, a device, a FIFO) is at
/// `path`, looked at without following a link. A writer that replaces files by renaming asks
/// this first, and refuses with [`not_plain`].
pub fn is_other_than_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_file())
}

/// The refusal for something that is not a plain file where one of ours should be.
pub fn not_plain() -> io::Error {
    refused("it is a symbolic link, a folder or a device, not a plain file")
}

fn refused(why: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{why}, so it is left alone"),
    )
}

/// Opens without following a link at the last part of the path and without waiting on a FIFO,
/// then makes sure a plain file was opened.
fn open(options: &OpenOptions, path: &Path) -> io::Result<File> {
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut options = options.clone();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    let file = options.open(path).map_err(|e| {
        // O_NOFOLLOW refuses a link with an error that differs between systems (ELOOP here,
        // EMLINK or EFTYPE elsewhere): say what it is instead.
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return not_plain();
        }
        e
    })?;
    if !file.metadata()?.is_file() {
        return Err(not_plain());
    }
    Ok(file)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_readable_file_is_made_private_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        std::fs::write(&path, "old\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        open_file(&path, true).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        create_dir(&dir.path().join("a/b")).unwrap();
        let mode = std::fs::metadata(dir.path().join("a"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    #[test]
    fn links_and_fifos_are_refused_and_left_as_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::write(&elsewhere, "theirs\n").unwrap();
        std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o644)).unwrap();

        let link = dir.path().join("history.jsonl");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        let hard = dir.path().join("history.lock");
        std::fs::hard_link(&elsewhere, &hard).unwrap();
        let fifo = dir.path().join("fifo");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid C string for the path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);

        // A second name (as backups make) is this user's own file: used, but not re-moded.
        open_file(&hard, true).unwrap();
        for (path, why) in [(&link, "symbolic link"), (&fifo, "not a plain file")] {
            for append in [true, false] {
                let e = open_file(path, append).unwrap_err().to_string();
                assert!(e.contains(why) && e.ends_with("left alone"), "{e}");
            }
        }
        assert!(open_to_read(&link).is_err());
        assert!(open_to_read(&fifo).is_err());
        assert!(open_to_read(&dir.path().join("none")).unwrap().is_none());
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "theirs\n");
        let mode = std::fs::metadata(&elsewhere).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
        assert!(is_other_than_file(&link) && is_other_than_file(&fifo));
        assert!(!is_other_than_file(&elsewhere) && !is_other_than_file(&dir.path().join("x")));
    }
}
