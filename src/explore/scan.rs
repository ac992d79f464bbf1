//! One pass over the file in the background: the row count, a sparse index of where rows
//! start, and the totals. The first screen never waits for it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use csv::ByteRecord;

use super::columns::Columns;
use super::file::CsvFile;
use super::totals::Totals;

/// Every this-many rows, the scan notes where the row starts. Reading row `n` then parses at
/// most this many rows, while the index stays small (8 bytes per 64 rows).
pub const STRIDE: u64 = 64;

/// How often (in rows) the scan shares what it has found.
const PUBLISH_EVERY: u64 = 32 * 1024;

/// What the scan has found so far.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// The byte offset of rows 0, STRIDE, 2 x STRIDE, ...
    pub offsets: Vec<u64>,
    pub rows: u64,
    pub bytes_read: u64,
    pub totals: Totals,
    /// Rows with more or fewer cells than the header.
    pub ragged: u64,
    pub done: bool,
    /// Why the scan stopped early, if it did.
    pub error: Option<String>,
}

/// The scan's findings, shared with whoever shows them.
pub type ScanProgress = Arc<RwLock<Progress>>;

/// Scans `file` to the end (or until `cancel` is set), sharing progress as it goes.
pub fn scan(file: &CsvFile, columns: &Columns, shared: &ScanProgress, cancel: &AtomicBool) {
    let finish = |error: Option<String>| {
        if let Ok(mut p) = shared.write() {
            p.done = true;
            p.error = error;
        }
    };
    let mut reader = match file.reader_at(file.data_start()) {
        Ok(r) => r,
        Err(e) => return finish(Some(e.to_string())),
    };
    let width = file.headers().len();
    let mut record = ByteRecord::new();
    let mut offsets = Vec::new();
    let mut totals = Totals::default();
    let (mut rows, mut ragged) = (0u64, 0u64);
    let publish = |offsets: &mut Vec<u64>, totals: &mut Totals, rows, ragged, bytes| {
        if let Ok(mut p) = shared.write() {
            p.offsets.append(offsets);
            p.totals.merge(std::mem::take(totals));
            p.rows = rows;
            p.ragged = ragged;
            p.bytes_read = bytes;
        }
    };
    loop {
        let start = reader.position().byte();
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                publish(&mut offsets, &mut totals, rows, ragged, start);
                return finish(Some(format!("row {} could not be read: {e}", rows + 1)));
            }
        }
        if rows.is_multiple_of(STRIDE) {
            offsets.push(start);
        }
        if record.len() != width {
            ragged += 1;
        }
        totals.add(&record, columns);
        rows += 1;
        if rows.is_multiple_of(PUBLISH_EVERY) {
            publish(
                &mut offsets,
                &mut totals,
                rows,
                ragged,
                reader.position().byte(),
            );
            if cancel.load(Ordering::Relaxed) {
                return finish(Some("stopped".to_string()));
            }
        }
    }
    publish(
        &mut offsets,
        &mut totals,
        rows,
        ragged,
        reader.position().byte(),
    );
    finish(None);
}
