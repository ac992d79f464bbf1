//! Opening a CSV for the table view and reading its pages, off the screen's thread.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::config::ColumnMemory;
use crate::explore::{Columns, CsvFile, STRIDE, ScanProgress, scan};
use crate::tui::msg::OpenedFile;

/// Opens `path` for the table view, with the columns chosen before for its header, and starts
/// its scan on a thread of its own.
pub fn start_view(
    path: &std::path::Path,
    cancel: Arc<AtomicBool>,
    memory: Option<&ColumnMemory>,
) -> Result<OpenedFile, String> {
    let file = CsvFile::open(path).map_err(|e| e.to_string())?;
    let columns = memory.and_then(|m| m.recall(file.headers()));
    let progress = ScanProgress::default();
    let (scan_file, scan_progress) = (file.clone(), progress.clone());
    std::thread::Builder::new()
        .name("csv-scan".into())
        .spawn(move || {
            let columns = Columns::find(scan_file.headers());
            scan(&scan_file, &columns, &scan_progress, &cancel);
        })
        .map_err(|e| format!("The file could not be scanned: {e}."))?;
    Ok(OpenedFile {
        file,
        scan: progress,
        columns,
    })
}

/// The rows at view positions `first..first + count`: straight from the file, or through the
/// sorted or filtered `order`; and how many rows the view had then. Rows the scan has not
/// reached yet are not there yet.
pub fn read_page(
    file: &CsvFile,
    scan: &ScanProgress,
    order: Option<&[u32]>,
    first: u64,
    count: usize,
) -> (Vec<Vec<String>>, u64) {
    let Ok(progress) = scan.read() else {
        return (Vec::new(), 0);
    };
    // The first row starts where the header ends, so the first screen needs no scan at all.
    let start = [file.data_start()];
    let offsets: &[u64] = if progress.offsets.is_empty() {
        &start
    } else {
        &progress.offsets
    };
    match order {
        None => (
            file.read_rows(offsets, STRIDE, first, count)
                .unwrap_or_default(),
            progress.rows,
        ),
        Some(order) => (
            order
                .iter()
                .skip(first as usize)
                .take(count)
                .filter_map(|&row| {
                    file.read_rows(offsets, STRIDE, u64::from(row), 1)
                        .ok()?
                        .pop()
                })
                .collect(),
            order.len() as u64,
        ),
    }
}
