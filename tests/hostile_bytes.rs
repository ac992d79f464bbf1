//! Arbitrary bytes as a body file and as a CSV file: read, validated, scanned, sorted, filtered
//! and shown, never a panic. (The same two readers have libFuzzer targets under fuzz/ for long
//! runs; this is the short run that cargo test makes every time.)

use std::sync::atomic::AtomicBool;

use m3ter_bills::explore::{
    Columns, CsvFile, Filter, STRIDE, ScanProgress, filter_rows, scan, sort_rows,
};
use m3ter_bills::query::{BodySource, draft_from_json, validate};
use proptest::prelude::*;

/// Bytes that look like CSV some of the time: quotes, separators and new lines are common.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        4 => "[a-z0-9.,\"\\n\\r -]{0,12}".prop_map(String::into_bytes),
        1 => proptest::collection::vec(any::<u8>(), 0..16),
        1 => Just(b"\xef\xbb\xbf".to_vec()),
        1 => Just(b"subtotal,lineItemType,account,billCurrency\n".to_vec()),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_as_a_body_file(bytes in proptest::collection::vec(any::<u8>(), 0..400), json in "\\{[\"a-zA-Z0-9:,\\[\\]{} .-]{0,120}\\}") {
        let now = chrono::Utc::now();
        for text in [String::from_utf8_lossy(&bytes).into_owned(), json] {
            for source in [BodySource::File, BodySource::Wire] {
                if let Ok(draft) = draft_from_json(&text, source)
                    && let Ok(query) = validate(&draft, now)
                {
                    prop_assert!(serde_json::from_str::<serde_json::Value>(&query.to_json()).is_ok());
                }
            }
        }
    }

    #[test]
    fn any_bytes_as_a_csv_file(bytes in csvish()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, &bytes).unwrap();
        let Ok(file) = CsvFile::open(&path) else {
            return Ok(());
        };
        let shared = ScanProgress::default();
        let go = AtomicBool::new(false);
        scan(&file, &Columns::find(file.headers()), &shared, &go);
        let progress = shared.read().unwrap().clone();
        prop_assert!(progress.done);
        if progress.error.is_none() {
            let rows = file.read_rows(&progress.offsets, STRIDE, 0, 50).unwrap_or_default();
            prop_assert!(rows.len() as u64 <= progress.rows);
            for row in rows.iter().flatten() {
                prop_assert!(!row.chars().any(char::is_control));
            }
            let _ = sort_rows(&file, None, 0, true, &go);
            let _ = filter_rows(&file, &[Filter::new("a|\\d", None)], &go);
        }
        for grouping in m3ter_bills::explore::Grouping::ALL {
            for measure in m3ter_bills::explore::Measure::ALL {
                let _ = progress.totals.table(measure, grouping);
            }
        }
    }
}
