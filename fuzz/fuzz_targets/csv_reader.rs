//! Any bytes as a CSV file through the table view's reader: open, scan, read rows, sort,
//! filter, totals.
#![no_main]

use std::sync::atomic::AtomicBool;

use libfuzzer_sys::fuzz_target;
use m3ter_bills::explore::{Columns, CsvFile, Filter, Grouping, STRIDE, ScanProgress, filter_rows, scan, sort_rows};

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join("fuzz.csv");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let Ok(file) = CsvFile::open(&path) else { return };
    let shared = ScanProgress::default();
    let go = AtomicBool::new(false);
    scan(&file, &Columns::find(file.headers()), &shared, &go);
    let Ok(progress) = shared.read().map(|p| p.clone()) else { return };
    let _ = file.read_rows(&progress.offsets, STRIDE, 0, 50);
    let _ = file.read_rows(&progress.offsets, STRIDE, progress.rows.saturating_sub(1), 5);
    let _ = sort_rows(&file, None, 0, false, &go);
    let _ = filter_rows(&file, &Filter::new("a", None), &go);
    for grouping in Grouping::ALL {
        let _ = progress.totals.lines(grouping);
    }
});
