//! The pieces of a split fetch as one CSV: one header, the rows in time order, each bill line
//! once.
//!
//! A bill line whose service period crosses a cut between pieces is in both answers; it is
//! known by its `billLineItemId` and written the first time only. Rows are put in order of
//! `servicePeriodStartDate` within each piece (pieces follow each other in time); a piece
//! already in order, as m3ter's are, is copied in one pass, one that is not is read back row
//! by row in order, so memory holds a key per row of one piece, never the rows.

use std::collections::HashSet;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use csv::ByteRecord;

use crate::explore::{CsvFile, OpenError};
use crate::m3ter::DownloadError;
use crate::target::PersistError;

/// The column that tells bill lines apart.
const LINE_ID: &str = "billLineItemId";
/// The column rows are ordered by.
const TIME: &str = "servicePeriodStartDate";

/// What a merge wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Merged {
    pub rows: u64,
    /// Lines left out because an earlier piece held them.
    pub duplicates: u64,
    /// Whether the pieces had a `billLineItemId` column to tell lines apart by.
    pub by_id: bool,
    pub bytes: u64,
}

/// Why the pieces could not be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("{0}")]
    Open(#[from] OpenError),
    #[error("the pieces do not have the same columns ({} differs from the first)", .0.display())]
    Columns(PathBuf),
    #[error("a piece could not be read: {0}")]
    Csv(#[from] csv::Error),
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("{0}")]
    Target(#[from] DownloadError),
    #[error("stopped before the file was written")]
    Stopped,
}

/// Writes the rows of `files`, in that order, under the first one's header to `out`.
pub fn merge(files: &[PathBuf], out: impl Write) -> Result<Merged, MergeError> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Counted {
            inner: out,
            bytes: 0,
        });
    let mut merged = Merged::default();
    let mut columns: Option<(Vec<String>, Option<usize>, Option<usize>)> = None;
    // The first header seen, written when no piece has a row.
    let mut first_header: Option<ByteRecord> = None;
    // The lines of the pieces before this one: a line repeated within one answer is m3ter's
    // and kept; one that an earlier piece held too is the same line seen twice.
    let mut seen: HashSet<Box<[u8]>> = HashSet::new();
    let mut this_piece: Vec<Box<[u8]>> = Vec::new();
    for path in files {
        // A piece is the tool's own file: one that became a link or a FIFO is not read.
        if crate::own_files::is_other_than_file(path) {
            return Err(MergeError::Io(crate::own_files::not_plain()));
        }
        let file = match CsvFile::open(path) {
            Ok(file) => file,
            // An answer with no rows may come without a header too.
            Err(OpenError::Empty(_)) => continue,
            Err(e) => return Err(e.into()),
        };
        let found = |name: &str| file.headers().iter().position(|h| h == name);
        let (id, time) = match &columns {
            Some((headers, id, time)) if headers.as_slice() == file.headers() => (*id, *time),
            Some(_) if !has_rows(&file)? => continue,
            Some(_) => return Err(MergeError::Columns(path.clone())),
            // A header alone does not set the columns: an empty answer may be worded apart.
            None if !has_rows(&file)? => {
                if first_header.is_none() {
                    first_header = Some(raw_header(&file)?);
                }
                continue;
            }
            None => {
                writer.write_byte_record(&raw_header(&file)?)?;
                let ids = (found(LINE_ID), found(TIME));
                columns = Some((file.headers().to_vec(), ids.0, ids.1));
                merged.by_id = ids.0.is_some();
                ids
            }
        };
        let mut write = |record: &ByteRecord| -> Result<(), MergeError> {
            if let Some(value) = id.and_then(|c| record.get(c)).filter(|v| !v.is_empty()) {
                if seen.contains(value) {
                    merged.duplicates += 1;
                    return Ok(());
                }
                this_piece.push(value.into());
            }
            writer.write_byte_record(record)?;
            merged.rows += 1;
            Ok(())
        };
        in_time_order(&file, time, &mut write)?;
        seen.extend(this_piece.drain(..));
    }
    if columns.is_none()
        && let Some(header) = first_header
    {
        writer.write_byte_record(&header)?;
    }
    writer.flush()?;
    let counted = writer
        .into_inner()
        .map_err(|e| MergeError::Io(io::Error::other(e.to_string())))?;
    merged.bytes = counted.bytes;
    Ok(merged)
}

/// Whether `file` has a row after its header.
fn has_rows(file: &CsvFile) -> Result<bool, MergeError> {
    let mut reader = file.reader_at(file.data_start())?;
    Ok(reader.read_byte_record(&mut ByteRecord::new())?)
}

/// Merges `files` into `target`, all or nothing: written beside it and renamed into place,
/// over a file there only when `overwrite` is set, and not at all once `stop` is set.
pub fn merge_to_file(
    files: &[PathBuf],
    target: &Path,
    overwrite: bool,
    stop: &AtomicBool,
) -> Result<Merged, MergeError> {
    let folder = crate::target::check(target, overwrite).map_err(DownloadError::from)?;
    let temp = crate::target::temporary(&folder)?;
    let mut out = io::BufWriter::new(temp);
    let merged = merge(files, &mut out)?;
    let temp = out
        .into_inner()
        .map_err(|e| MergeError::Io(e.into_error()))?;
    temp.as_file().sync_all()?;
    if stop.load(Ordering::Relaxed) {
        return Err(MergeError::Stopped);
    }
    // A file that appeared there while the pieces came is not replaced unasked.
    crate::target::persist(temp, target, overwrite).map_err(|e| match e {
        PersistError::Io(e) => MergeError::Io(e),
        PersistError::Target(problem) => MergeError::Target(problem.into()),
    })?;
    Ok(merged)
}

/// A piece read in memory to be put in order, at most this large; a larger one out of order
/// is read back row by row instead.
const SORT_IN_MEMORY: u64 = 64 * 1024 * 1024;

/// Hands the rows of `file` to `write` in order of the `time` column (ties in file order):
/// in one pass when they are in order already, as m3ter's answers are.
fn in_time_order(
    file: &CsvFile,
    time: Option<usize>,
    write: &mut dyn FnMut(&ByteRecord) -> Result<(), MergeError>,
) -> Result<(), MergeError> {
    let key = |record: &ByteRecord| -> Box<[u8]> {
        time.and_then(|c| record.get(c)).unwrap_or_default().into()
    };
    let mut reader = file.reader_at(file.data_start())?;
    let mut record = ByteRecord::new();
    let mut keys: Vec<(Box<[u8]>, u64)> = Vec::new();
    let mut sorted = true;
    loop {
        let at = reader.position().byte();
        if !reader.read_byte_record(&mut record)? {
            break;
        }
        let this = key(&record);
        if keys.last().is_some_and(|(last, _)| this < *last) {
            sorted = false;
        }
        keys.push((this, at));
    }
    let mut reader = file.reader_at(file.data_start())?;
    if sorted {
        while reader.read_byte_record(&mut record)? {
            write(&record)?;
        }
        return Ok(());
    }
    if file.size() <= SORT_IN_MEMORY {
        let mut rows = Vec::with_capacity(keys.len());
        while reader.read_byte_record(&mut record)? {
            rows.push((key(&record), record.clone()));
        }
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, row) in &rows {
            write(row)?;
        }
        return Ok(());
    }
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, at) in keys {
        let mut position = csv::Position::new();
        position.set_byte(at);
        reader.seek(position)?;
        if reader.read_byte_record(&mut record)? {
            write(&record)?;
        }
    }
    Ok(())
}

/// The header row as it is in the file (a byte order mark left out).
fn raw_header(file: &CsvFile) -> Result<ByteRecord, MergeError> {
    let mut first = [0u8; 3];
    let mut handle = std::fs::File::open(file.path())?;
    let read = handle.read(&mut first)?;
    let start = if read == 3 && first == [0xEF, 0xBB, 0xBF] {
        3
    } else {
        0
    };
    let mut reader = file.reader_at(start)?;
    let mut header = ByteRecord::new();
    reader.read_byte_record(&mut header)?;
    Ok(header)
}

/// Counts the bytes written through it.
struct Counted<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path, texts: &[&str]) -> Vec<PathBuf> {
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let path = dir.join(format!("{i}.csv"));
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect()
    }

    fn merged(texts: &[&str]) -> (String, Merged) {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        let merged = merge(&files(dir.path(), texts), &mut out).unwrap();
        (String::from_utf8(out).unwrap(), merged)
    }

    #[test]
    fn one_header_each_line_once_in_time_order() {
        let (text, merged) = merged(&[
            "billLineItemId,servicePeriodStartDate,subtotal\nb,2026-01-15,2\na,2026-01-01,1\nx,2026-01-20,\"3,5\"\n",
            "\u{feff}billLineItemId,servicePeriodStartDate,subtotal\nx,2026-01-20,\"3,5\"\nc,2026-02-01,4",
            "",
            "billLineItemId,servicePeriodStartDate,subtotal\n",
            "billLineItemId,servicePeriodStartDate,subtotal\n,2026-03-01,5\n,2026-03-01,5\n",
            // A line twice in one answer is m3ter's own, and kept.
            "billLineItemId,servicePeriodStartDate,subtotal\nz,2026-04-01,6\nz,2026-04-01,6\n",
            // A header alone, worded apart, changes nothing.
            "id,date\n",
        ]);
        assert_eq!(
            text,
            "billLineItemId,servicePeriodStartDate,subtotal\n\
             a,2026-01-01,1\nb,2026-01-15,2\nx,2026-01-20,\"3,5\"\nc,2026-02-01,4\n\
             ,2026-03-01,5\n,2026-03-01,5\nz,2026-04-01,6\nz,2026-04-01,6\n"
        );
        // Lines without an id are all kept: they cannot be told apart from real repeats.
        assert_eq!(
            merged,
            Merged {
                rows: 8,
                duplicates: 1,
                by_id: true,
                bytes: text.len() as u64
            }
        );
    }

    #[test]
    fn pieces_with_only_a_header_give_that_header() {
        let (text, merged) = merged(&["", "a,b\n", "a,b\n"]);
        assert_eq!(text, "a,b\n");
        assert_eq!(merged.rows, 0);
    }

    #[test]
    fn pieces_with_other_columns_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let paths = files(dir.path(), &["a,b\n1,2\n", "a,c\n1,2\n"]);
        let mut out = Vec::new();
        assert!(matches!(
            merge(&paths, &mut out),
            Err(MergeError::Columns(p)) if p == paths[1]
        ));
        let target = dir.path().join("all.csv");
        assert!(merge_to_file(&paths, &target, false, &AtomicBool::new(false)).is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(!target.exists() && left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_file_there_is_replaced_only_when_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let paths = files(dir.path(), &["a\n1\n"]);
        let target = dir.path().join("all.csv");
        std::fs::write(&target, "old").unwrap();
        assert!(matches!(
            merge_to_file(&paths, &target, false, &AtomicBool::new(false)),
            Err(MergeError::Target(DownloadError::Exists(_)))
        ));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        merge_to_file(&paths, &target, true, &AtomicBool::new(false)).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "a\n1\n");
        // Stopped: nothing written, nothing left.
        let other = dir.path().join("other.csv");
        assert!(matches!(
            merge_to_file(&paths, &other, false, &AtomicBool::new(true)),
            Err(MergeError::Stopped)
        ));
        assert!(!other.exists());
    }
}
