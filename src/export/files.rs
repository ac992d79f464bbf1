//! A view's rows or text saved as a CSV or TSV file, all or nothing: written beside the target
//! and renamed into place, never over a file that is there.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use csv::ByteRecord;

use super::workbook::{ExportError, Written};
use crate::explore::{CsvFile, Filter};

/// The rows of `file` that pass `filters`, with its header, as CSV (`,`) or TSV (`\t`).
pub fn write_rows(
    file: &CsvFile,
    filters: &[Filter],
    delimiter: u8,
    target: &Path,
    cancel: &AtomicBool,
) -> Result<Written, ExportError> {
    let mut temp = temporary(target)?;
    let read = |e: csv::Error| ExportError::Read(e.to_string());
    let rows = {
        let mut out = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(temp.as_file_mut());
        out.write_record(file.headers()).map_err(read)?;
        let mut reader = file.reader_at(file.data_start()).map_err(read)?;
        let mut record = ByteRecord::new();
        let mut rows = 0u64;
        while reader.read_byte_record(&mut record).map_err(read)? {
            if rows.is_multiple_of(16_384) && cancel.load(Ordering::Relaxed) {
                return Err(ExportError::Cancelled);
            }
            if filters.iter().all(|f| f.matches(&record)) {
                out.write_byte_record(&record).map_err(read)?;
                rows += 1;
            }
        }
        out.flush()?;
        rows
    };
    finish(temp, target, rows)
}

/// `text` (a view already written as CSV or TSV), with `rows` lines.
pub fn write_text(text: &str, rows: u64, target: &Path) -> Result<Written, ExportError> {
    let mut temp = temporary(target)?;
    temp.write_all(text.as_bytes())?;
    finish(temp, target, rows)
}

/// A temporary file beside `target`, which must be a new name (nothing is saved over a file).
fn temporary(target: &Path) -> Result<tempfile::NamedTempFile, ExportError> {
    let folder = crate::target::check(target, false)?;
    Ok(crate::target::temporary(&folder)?)
}

fn finish(temp: tempfile::NamedTempFile, target: &Path, rows: u64) -> Result<Written, ExportError> {
    temp.as_file().sync_all()?;
    let bytes = temp.as_file().metadata()?.len();
    crate::target::persist(temp, target, false)?;
    Ok(Written {
        path: target.to_path_buf(),
        bytes,
        rows,
        said: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_in_view_as_tsv_and_nothing_over_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("bills.csv");
        std::fs::write(&source, "account,note\nacme,\"a, b\"\nglobex,c\n").unwrap();
        let file = CsvFile::open(&source).unwrap();
        let target = dir.path().join("acme.tsv");
        let kept = [Filter::new("acme", Some(0))];
        let written = write_rows(&file, &kept, b'\t', &target, &AtomicBool::new(false)).unwrap();
        assert_eq!(written.rows, 1);
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "account\tnote\nacme\ta, b\n"
        );
        assert!(matches!(
            write_text("x", 0, &target),
            Err(ExportError::Exists(_))
        ));
        let names = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(names, 2, "no temporary file left");
    }
}
