//! Two fetched files of the same query, one period each, as one file to compare in: the rows
//! of the second after those of the first, under the first's header. Written beside the target
//! and renamed into place, so a failure leaves nothing behind.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::file::CsvFile;

/// Why two files could not be joined.
#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    #[error("{0}")]
    Open(#[from] super::file::OpenError),
    #[error("the two files have different columns")]
    Columns,
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Writes the rows of `second` after those of `first` into `into`.
pub fn join_files(first: &Path, second: &Path, into: &Path) -> Result<(), JoinError> {
    let (a, b) = (CsvFile::open(first)?, CsvFile::open(second)?);
    if a.headers() != b.headers() {
        return Err(JoinError::Columns);
    }
    let folder = match into.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut out = tempfile::Builder::new()
        .prefix(".m3ter-bills-")
        .tempfile_in(folder)?;
    let mut whole = std::fs::File::open(first)?;
    let copied = std::io::copy(&mut whole, &mut out)?;
    // A file whose last row has no line end would run into the next file's first row.
    if copied > 0 {
        let mut last = [0u8];
        whole.seek(SeekFrom::End(-1))?;
        whole.read_exact(&mut last)?;
        if last[0] != b'\n' {
            out.write_all(b"\n")?;
        }
    }
    let mut rest = std::fs::File::open(second)?;
    rest.seek(SeekFrom::Start(b.data_start()))?;
    std::io::copy(&mut rest, &mut out)?;
    out.as_file().sync_all()?;
    // Never over a file that is there, even one that appeared since the name was chosen.
    out.persist_noclobber(into).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_rows_follow_the_first_under_one_header() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, both) = (
            dir.path().join("a.csv"),
            dir.path().join("b.csv"),
            dir.path().join("both.csv"),
        );
        std::fs::write(&a, "x,y\n1,2").unwrap();
        std::fs::write(&b, "\u{feff}x,y\n3,\"4\n5\"\n").unwrap();
        join_files(&a, &b, &both).unwrap();
        assert_eq!(
            std::fs::read_to_string(&both).unwrap(),
            "x,y\n1,2\n3,\"4\n5\"\n"
        );
        std::fs::write(&b, "x,z\n3,4\n").unwrap();
        let other = dir.path().join("other.csv");
        assert!(matches!(
            join_files(&a, &b, &other),
            Err(JoinError::Columns)
        ));
        assert!(!other.exists());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            left.len(),
            3,
            "a, b and both; no temporary file left: {left:?}"
        );
    }
}
