//! A CSV file on disk: its header, and rows read where they are, never the whole file.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use csv::{ByteRecord, Position};

use crate::printable::printable;

/// A cell longer than this is cut for display; the file itself is never changed.
pub const MAX_CELL: usize = 1000;

/// Why a file cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("Could not open {}: {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{} is empty: there is nothing to show", .0.display())]
    Empty(PathBuf),
    #[error("{} is not a CSV file that can be read: {reason}", .path.display())]
    Csv { path: PathBuf, reason: String },
    #[error("{} is not a plain file (a FIFO, a device or a folder); give the path of a CSV file", .0.display())]
    NotAFile(PathBuf),
    #[error("{} is not a CSV file: its first line is longer than {} MB", .0.display(), LONGEST_HEADER / 1_000_000)]
    NoHeader(PathBuf),
}

/// The longest first line read as a header. Without a bound, one endless line would be read
/// whole into memory before anything is shown; a cell is cut for display far below this.
const LONGEST_HEADER: usize = 16_000_000;

/// An open CSV file: its header and where its rows start.
#[derive(Debug, Clone)]
pub struct CsvFile {
    path: PathBuf,
    headers: Vec<String>,
    data_start: u64,
    size: u64,
}

impl CsvFile {
    /// Reads the header row. A UTF-8 byte order mark is skipped; text that is not UTF-8 is
    /// shown with replacement characters; control characters are removed.
    pub fn open(path: &Path) -> Result<CsvFile, OpenError> {
        let io = |source| OpenError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut file = open_plain(path).map_err(io)?;
        let meta = file.metadata().map_err(io)?;
        if !meta.is_file() {
            return Err(OpenError::NotAFile(path.to_path_buf()));
        }
        let size = meta.len();
        let bom = match first_line_ends(&mut file).map_err(io)? {
            Some(bom) => bom,
            None => return Err(OpenError::NoHeader(path.to_path_buf())),
        };
        // The file looked at, not whatever is at the path by now. The reader skips a seek to
        // where it thinks it is, so the file is put back at its start first.
        io::Seek::rewind(&mut file).map_err(io)?;
        let mut reader = reader(file);
        seek(&mut reader, bom).map_err(|e| csv_error(path, e))?;
        let mut header = ByteRecord::new();
        let found = reader
            .read_byte_record(&mut header)
            .map_err(|e| csv_error(path, e))?;
        if !found || (header.len() == 1 && header[0].iter().all(u8::is_ascii_whitespace)) {
            return Err(OpenError::Empty(path.to_path_buf()));
        }
        let headers = header
            .iter()
            .enumerate()
            .map(|(i, name)| match cell(name) {
                name if name.trim().is_empty() => format!("column {}", i + 1),
                name => name,
            })
            .collect();
        Ok(CsvFile {
            path: path.to_path_buf(),
            headers,
            data_start: reader.position().byte(),
            size,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Names given to more than one column (as columns are found: trimmed, any case), a
    /// sentence each saying which one is read: the first.
    pub fn repeated_columns(&self) -> Vec<String> {
        let mut said = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, name) in self.headers.iter().enumerate() {
            let key = name.trim().to_ascii_lowercase();
            if key.is_empty() || !seen.insert(key.clone()) {
                continue;
            }
            let places: Vec<usize> = self
                .headers
                .iter()
                .enumerate()
                .skip(i)
                .filter(|(_, h)| h.trim().eq_ignore_ascii_case(&key))
                .map(|(at, _)| at + 1)
                .collect();
            if let [first, rest @ ..] = places.as_slice()
                && !rest.is_empty()
            {
                let others: Vec<String> = rest.iter().map(usize::to_string).collect();
                said.push(format!(
                    "{} columns are named {} (columns {first} and {}): the first is read, column {first}",
                    places.len(),
                    name.trim(),
                    others.join(", ")
                ));
            }
        }
        said
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// A reader positioned at byte `offset`, which must be the start of a row.
    pub fn reader_at(&self, offset: u64) -> csv::Result<csv::Reader<BufReader<File>>> {
        let file = open_plain(&self.path)?;
        // Replaced by a FIFO since it was opened, it would hang the reader.
        if !file.metadata()?.is_file() {
            return Err(
                io::Error::new(io::ErrorKind::InvalidData, "it is no longer a plain file").into(),
            );
        }
        let mut reader = reader(file);
        seek(&mut reader, offset)?;
        Ok(reader)
    }

    /// Where the line after the first new line at or after `offset` starts, if there is one
    /// (not necessarily a row: the new line may be inside a quoted cell).
    pub(super) fn line_start_after(&self, offset: u64) -> io::Result<Option<u64>> {
        let mut file = open_plain(&self.path)?;
        io::Seek::seek(&mut file, io::SeekFrom::Start(offset))?;
        let mut buffer = vec![0u8; 64 * 1024];
        let mut at = offset;
        loop {
            let read = file.read(&mut buffer)?;
            if read == 0 {
                return Ok(None);
            }
            if let Some(i) = buffer[..read].iter().position(|&b| b == b'\n') {
                return Ok(Some(at + i as u64 + 1));
            }
            at += read as u64;
        }
    }

    /// The line of the file (the header is line 1) that byte `offset` is on, as an editor
    /// numbers them; `None` when the file cannot be read again. One read, for one example.
    pub fn line_number(&self, offset: u64) -> Option<u64> {
        let file = open_plain(&self.path).ok()?;
        let mut reader = BufReader::new(io::Read::take(file, offset));
        let mut lines = 1u64;
        loop {
            let buffer = io::BufRead::fill_buf(&mut reader).ok()?;
            if buffer.is_empty() {
                return Some(lines);
            }
            let read = buffer.len();
            lines += buffer.iter().filter(|&&b| b == b'\n').count() as u64;
            io::BufRead::consume(&mut reader, read);
        }
    }

    /// Where the first data row starts.
    pub fn data_start(&self) -> u64 {
        self.data_start
    }

    /// Up to `count` rows from row `first`, found through `offsets` (the offset of every
    /// `stride`-th row, as the scan records them).
    pub fn read_rows(
        &self,
        offsets: &[u64],
        stride: u64,
        first: u64,
        count: usize,
    ) -> csv::Result<Vec<Vec<String>>> {
        let Some(&offset) = offsets.get((first / stride) as usize) else {
            return Ok(Vec::new());
        };
        let mut reader = self.reader_at(offset)?;
        let mut record = ByteRecord::new();
        for _ in 0..first % stride {
            if !reader.read_byte_record(&mut record)? {
                return Ok(Vec::new());
            }
        }
        let mut rows = Vec::with_capacity(count);
        while rows.len() < count && reader.read_byte_record(&mut record)? {
            rows.push(record.iter().map(cell).collect());
        }
        Ok(rows)
    }
}

/// Looks for the end of the first line in the first [`LONGEST_HEADER`] bytes, a piece at a
/// time; gives how many bytes of byte order mark start the file, or `None` when the first line
/// goes on past the bound.
fn first_line_ends(file: &mut File) -> io::Result<Option<u64>> {
    let mut piece = vec![0u8; 64 * 1024];
    let mut seen = 0;
    let mut bom = 0;
    while seen < LONGEST_HEADER {
        let got = file.read(&mut piece)?;
        if seen == 0 && piece[..got].starts_with(&[0xEF, 0xBB, 0xBF]) {
            bom = 3;
        }
        if got == 0 || piece[..got].contains(&b'\n') {
            return Ok(Some(bom));
        }
        seen += got;
    }
    Ok(None)
}

/// Opens without waiting: opening a FIFO to read would wait for a writer for ever, and
/// whether it is a plain file is only known once it is open.
fn open_plain(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    options.open(path)
}

fn reader(file: File) -> csv::Reader<BufReader<File>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        // Ragged rows are shown as they are, not refused.
        .flexible(true)
        .from_reader(BufReader::with_capacity(256 * 1024, file))
}

fn seek(reader: &mut csv::Reader<BufReader<File>>, byte: u64) -> csv::Result<()> {
    let mut position = Position::new();
    position.set_byte(byte);
    reader.seek(position)
}

fn csv_error(path: &Path, e: csv::Error) -> OpenError {
    OpenError::Csv {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// A cell as safe, bounded text.
pub fn cell(bytes: &[u8]) -> String {
    let bytes = if bytes.len() > MAX_CELL * 4 {
        &bytes[..MAX_CELL * 4]
    } else {
        bytes
    };
    let mut text = printable(&String::from_utf8_lossy(bytes));
    if text.chars().count() > MAX_CELL {
        text = text.chars().take(MAX_CELL).collect::<String>() + "…";
    }
    text
}

/// A CSV file of `text` in a folder of its own, opened, for tests.
#[cfg(test)]
pub(crate) fn written(text: &str) -> (tempfile::TempDir, CsvFile) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, text).unwrap();
    let file = CsvFile::open(&path).unwrap();
    (dir, file)
}
