//! The reader on small files: demo bill data checked against sums computed independently here,
//! and the awkward files a reader meets in the wild.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use super::*;
use crate::demo::{BillBook, COLUMNS, Seed};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/csv")
        .join(name)
}

fn scanned(file: &CsvFile) -> Progress {
    let shared = ScanProgress::default();
    scan(
        file,
        &Columns::find(file.headers()),
        &shared,
        &AtomicBool::new(false),
    );
    let progress = shared.read().unwrap().clone();
    assert!(progress.done);
    progress
}

/// Two years of demo bills as a CSV file, and the demo's own rows.
fn demo_file(dir: &Path) -> (PathBuf, BillBook) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let book = BillBook::generate(&Seed::builtin(), today);
    let path = dir.join("bills.csv");
    let mut out = csv::Writer::from_path(&path).unwrap();
    out.write_record(COLUMNS).unwrap();
    for row in book.rows() {
        out.write_record(row.record()).unwrap();
    }
    out.flush().unwrap();
    (path, book)
}

#[test]
fn any_row_is_read_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let (path, book) = demo_file(dir.path());
    let file = CsvFile::open(&path).unwrap();
    assert_eq!(file.headers(), COLUMNS);
    let progress = scanned(&file);
    assert_eq!(progress.rows, book.rows().len() as u64);
    assert_eq!(
        progress.offsets.len() as u64,
        progress.rows.div_ceil(STRIDE)
    );
    assert_eq!(progress.ragged, 0);
    for first in [0, 1, 63, 64, 65, 1000, progress.rows - 3] {
        let rows = file.read_rows(&progress.offsets, STRIDE, first, 5).unwrap();
        let expected: Vec<Vec<String>> = book.rows()[first as usize..]
            .iter()
            .take(5)
            .map(|r| r.record().to_vec())
            .collect();
        assert_eq!(rows, expected, "from row {first}");
    }
    assert!(
        file.read_rows(&progress.offsets, STRIDE, progress.rows + 100, 5)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn totals_agree_with_sums_computed_independently() {
    let dir = tempfile::tempdir().unwrap();
    let (path, book) = demo_file(dir.path());
    let file = CsvFile::open(&path).unwrap();
    let totals = scanned(&file).totals;
    // The demo knows its amounts in cents; add them up by type and currency here.
    let mut expected: HashMap<(String, String), i64> = HashMap::new();
    for row in book.rows() {
        *expected
            .entry((
                row.line_item_type.wire_name().to_string(),
                row.bill.currency.clone(),
            ))
            .or_default() += row.subtotal_cents;
    }
    let lines = totals.lines(Measure::Subtotal, Grouping::LineItemType);
    assert_eq!(lines.len(), expected.len());
    for line in lines {
        let cents = expected[&(line.group.clone(), line.unit.clone())];
        let sign = if cents < 0 { "-" } else { "" };
        let want = format!(
            "{sign}{}.{:02}",
            group_thousands(&(cents.abs() / 100).to_string()),
            cents.abs() % 100
        );
        assert_eq!(
            line.sum.net().to_string(),
            want,
            "{} {}",
            line.group,
            line.unit
        );
    }
    let accounts = totals.lines(Measure::Subtotal, Grouping::Account);
    assert_eq!(
        accounts
            .iter()
            .map(|l| l.group.as_str())
            .collect::<std::collections::HashSet<_>>()
            .len(),
        28
    );
}

#[test]
fn converted_totals_rank_every_account_in_one_currency() {
    let dir = tempfile::tempdir().unwrap();
    let (path, book) = demo_file(dir.path());
    let file = CsvFile::open(&path).unwrap();
    let totals = scanned(&file).totals;
    let mut expected: HashMap<String, i64> = HashMap::new();
    for row in book.rows() {
        *expected.entry(row.party.code.clone()).or_default() += row.converted_cents();
    }
    let units = totals.by_unit(Measure::Converted, Grouping::Account);
    assert_eq!(units.len(), 1, "one converted currency");
    let (unit, total, lines) = &units[0];
    assert_eq!(unit, "USD");
    assert_eq!(lines.len(), expected.len());
    for line in lines {
        assert_eq!(
            line.sum.net(),
            cents(expected[&line.group]),
            "{}",
            line.group
        );
    }
    assert_eq!(total.net(), cents(expected.values().sum()));
    // Largest first, by size.
    assert!(
        lines
            .windows(2)
            .all(|w| w[0].sum.net().abs() >= w[1].sum.net().abs())
    );
}

fn cents(c: i64) -> Amount {
    Amount::parse(
        format!(
            "{}{}.{:02}",
            if c < 0 { "-" } else { "" },
            c.abs() / 100,
            c.abs() % 100
        )
        .as_bytes(),
    )
    .unwrap()
}

#[test]
fn a_pivot_of_product_by_month_agrees_to_the_cent_with_the_demos_own_sums() {
    let dir = tempfile::tempdir().unwrap();
    let (path, book) = demo_file(dir.path());
    let file = CsvFile::open(&path).unwrap();
    let spec = PivotSpec {
        rows: "productName".into(),
        columns: PivotColumns::Time(Bucket::Month, DateColumn::ServicePeriod),
        measure: Measure::Subtotal,
        filters: Vec::new(),
        order: RowOrder::Total,
        top: None,
        min_credit_share: None,
        provenance: Default::default(),
    };
    let p = pivot(&file, &spec, &AtomicBool::new(false)).unwrap();
    let mut expected: HashMap<(String, String, String), i64> = HashMap::new();
    for row in book.rows() {
        *expected
            .entry((
                row.bill.currency.clone(),
                row.product_name.clone(),
                row.bill.period_start.format("%Y-%m").to_string(),
            ))
            .or_default() += row.subtotal_cents;
    }
    let mut seen = 0;
    for unit in &p.units {
        for row in &unit.rows {
            let product = row.key_as_written();
            for (label, cell) in p.columns.iter().zip(row.cells.dense(p.columns.len())) {
                let want = expected
                    .get(&(unit.unit.clone(), product.clone(), label.clone()))
                    .copied()
                    .unwrap_or_default();
                assert_eq!(cell.net(), cents(want), "{} {product} {label}", unit.unit);
                if want != 0 || cell.rows > 0 {
                    seen += 1;
                }
            }
        }
    }
    assert_eq!(
        seen,
        expected.len(),
        "every cell of the demo is in the pivot"
    );
    assert!(
        p.columns.len() >= 24,
        "two years of months: {:?}",
        p.columns
    );
}

#[test]
fn ragged_rows_open_and_are_counted() {
    let file = CsvFile::open(&fixture("ragged.csv")).unwrap();
    let p = scanned(&file);
    assert_eq!((p.rows, p.ragged), (3, 2));
    let rows = file.read_rows(&p.offsets, STRIDE, 0, 10).unwrap();
    assert_eq!(rows[1], ["globex", "USAGE"]);
    assert_eq!(rows[2].len(), 6);
    assert_eq!(p.totals.unreadable(Measure::Subtotal).count, 0);
}

#[test]
fn quoted_new_lines_stay_in_their_cell() {
    let file = CsvFile::open(&fixture("quoted_newlines.csv")).unwrap();
    let p = scanned(&file);
    assert_eq!(p.rows, 2);
    let rows = file.read_rows(&p.offsets, STRIDE, 0, 10).unwrap();
    assert_eq!(rows[0][1], "two lines");
    assert_eq!(rows[1][1], "a \"quoted\" word, and a comma");
    assert_eq!(
        file.read_rows(&p.offsets, STRIDE, 1, 1).unwrap()[0][0],
        "globex"
    );
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_first_name() {
    let file = CsvFile::open(&fixture("bom.csv")).unwrap();
    assert_eq!(file.headers(), ["account", "subtotal"]);
    assert_eq!(
        scanned(&file)
            .totals
            .lines(Measure::Subtotal, Grouping::Account)[0]
            .group,
        "acme"
    );
}

#[test]
fn invalid_utf8_is_shown_not_refused() {
    let file = CsvFile::open(&fixture("invalid_utf8.csv")).unwrap();
    let p = scanned(&file);
    let rows = file.read_rows(&p.offsets, STRIDE, 0, 10).unwrap();
    assert_eq!(rows[0][0], "acm\u{FFFD}");
    assert_eq!(p.rows, 2);
}

#[test]
fn empty_and_header_only_files() {
    let error = CsvFile::open(&fixture("empty.csv")).unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("empty.csv is empty: there is nothing to show"),
        "{error}"
    );
    let file = CsvFile::open(&fixture("header_only.csv")).unwrap();
    assert_eq!(file.headers().len(), 3);
    let p = scanned(&file);
    assert_eq!(p.rows, 0);
    assert!(p.offsets.is_empty());
    assert!(
        file.read_rows(&p.offsets, STRIDE, 0, 10)
            .unwrap()
            .is_empty()
    );
    let missing = CsvFile::open(Path::new("/no/such/file.csv")).unwrap_err();
    assert!(
        missing
            .to_string()
            .starts_with("Could not open /no/such/file.csv")
    );
}

#[test]
fn escape_sequences_never_reach_the_screen() {
    let file = CsvFile::open(&fixture("escapes.csv")).unwrap();
    let p = scanned(&file);
    let rows = file.read_rows(&p.offsets, STRIDE, 0, 1).unwrap();
    assert_eq!(rows[0][0], "]0;pwned[2Jacme");
}

#[test]
fn a_ten_megabyte_line_is_cut_for_display() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.csv");
    let mut text = "x".repeat(10 * 1024 * 1024);
    text.push_str(",y");
    std::fs::write(&path, &text).unwrap();
    let file = CsvFile::open(&path).unwrap();
    assert_eq!(file.headers().len(), 2);
    assert_eq!(file.headers()[0].chars().count(), MAX_CELL + 1);
    assert_eq!(scanned(&file).rows, 0);
    std::fs::write(&path, format!("a,b\n{text}\n")).unwrap();
    let file = CsvFile::open(&path).unwrap();
    let p = scanned(&file);
    assert_eq!(p.rows, 1);
    assert!(file.read_rows(&p.offsets, STRIDE, 0, 1).unwrap()[0][0].ends_with('…'));
}

#[cfg(unix)]
#[test]
fn devices_fifos_and_endless_lines_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("bills.csv");
    let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid C string for the path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    for path in [fifo.as_path(), Path::new("/dev/zero"), dir.path()] {
        let e = CsvFile::open(path).unwrap_err().to_string();
        assert!(e.contains("is not a plain file"), "{e}");
    }
    let long = dir.path().join("long.csv");
    std::fs::write(&long, vec![b'x'; 17_000_000]).unwrap();
    let e = CsvFile::open(&long).unwrap_err().to_string();
    assert!(e.contains("first line is longer than 16 MB"), "{e}");
}
