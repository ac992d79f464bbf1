//! Workbooks written by the binary, read back with calamine: their sheets, the types of their
//! cells, and sums that agree to the cent with the CSV they came from; and the files that must
//! not be written or replaced.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use common::{bin, cents, files_in, quarter_csv};
use predicates::str::contains;

/// The subtotal per currency, in cents, and the row count, from the CSV.
fn csv_totals(path: &Path) -> (BTreeMap<String, i64>, usize) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (subtotal, currency) = (at("subtotal"), at("billCurrency"));
    let mut totals = BTreeMap::new();
    let mut rows = 0;
    for record in reader.records() {
        let r = record.unwrap();
        *totals.entry(r[currency].to_string()).or_default() += cents(&r[subtotal]);
        rows += 1;
    }
    (totals, rows)
}

fn sheet(path: &Path, name: &str) -> calamine::Range<Data> {
    let mut book = open_workbook_auto(path).unwrap();
    book.worksheet_range(name).unwrap()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn the_lines_are_typed_and_add_up_to_the_csv_and_about_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let csv = quarter_csv(dir.path());
    let out = dir.path().join("q.xlsx");
    bin()
        .arg("export")
        .arg(&csv)
        .arg("--xlsx")
        .arg(&out)
        .assert()
        .success()
        .stderr(contains("Wrote "));
    let names = open_workbook_auto(&out).unwrap().sheet_names();
    assert_eq!(
        names,
        ["Lines", "Trend", "About"],
        "a trend chart even without a pivot"
    );
    let lines = sheet(&out, "Lines");
    let header: Vec<String> = lines.rows().next().unwrap().iter().map(text).collect();
    let expected_header: Vec<String> = csv::Reader::from_path(&csv)
        .unwrap()
        .headers()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, expected_header);
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (subtotal, currency, start, account) = (
        at("subtotal"),
        at("billCurrency"),
        at("servicePeriodStartDate"),
        at("account"),
    );
    let mut totals: BTreeMap<String, i64> = BTreeMap::new();
    let mut rows = 0;
    for row in lines.rows().skip(1) {
        rows += 1;
        let Data::Float(amount) = row[subtotal] else {
            panic!("a subtotal that is no number: {:?}", row[subtotal])
        };
        assert!(
            matches!(row[start], Data::DateTime(_)),
            "a date that is no date: {:?}",
            row[start]
        );
        assert!(matches!(row[account], Data::String(_)));
        *totals.entry(text(&row[currency])).or_default() += (amount * 100.0).round() as i64;
    }
    let (expected, count) = csv_totals(&csv);
    assert_eq!(rows, count, "every line");
    assert_eq!(totals, expected, "to the cent, per currency");
    // Trend: each currency's months add up to its total.
    let trend = sheet(&out, "Trend");
    for row in trend.rows().skip(1) {
        let unit = text(&row[0]);
        let months: i64 = row[1..]
            .iter()
            .map(|c| match c {
                Data::Float(v) => (v * 100.0).round() as i64,
                other => panic!("no number: {other:?}"),
            })
            .sum();
        assert_eq!(months, expected[&unit], "{unit}");
    }
    // About: the row count and the totals a reader checks the file by.
    let about = sheet(&out, "About");
    let value = |key: &str| {
        about
            .rows()
            .find(|r| text(&r[0]) == key)
            .map(|r| r[1].clone())
            .unwrap_or_else(|| panic!("{key} not in About"))
    };
    assert_eq!(value("data rows"), Data::Float(count as f64));
    for (unit, cents) in &expected {
        let Data::Float(total) = value(unit) else {
            panic!("{unit}'s total is no number")
        };
        assert_eq!((total * 100.0).round() as i64, *cents, "{unit}");
    }
}

#[test]
fn a_pivot_and_a_comparison_go_beside_the_lines_with_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let csv = quarter_csv(dir.path());
    let out = dir.path().join("pivot.xlsx");
    bin()
        .arg("pivot")
        .arg(&csv)
        .args([
            "--rows", "account", "--cols", "month", "--format", "xlsx", "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        open_workbook_auto(&out).unwrap().sheet_names(),
        ["Lines", "Pivot", "About"]
    );
    let as_csv = bin()
        .arg("pivot")
        .arg(&csv)
        .args(["--rows", "account", "--cols", "month", "--format", "csv"])
        .output()
        .unwrap();
    let mut expected = csv::Reader::from_reader(&as_csv.stdout[..]);
    let expected: Vec<Vec<String>> = expected
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let pivot = sheet(&out, "Pivot");
    let got: Vec<&[Data]> = pivot
        .rows()
        .skip(1)
        .filter(|r| text(&r[0]) != "total")
        .collect();
    assert_eq!(got.len(), expected.len());
    for (row, want) in got.iter().zip(&expected) {
        assert_eq!(text(&row[0]), want[0]);
        // The months, the total and the kinds; an empty cell is a sum of nothing.
        let (of_net, rest) = want[2..].split_last().unwrap();
        let (share, figures) = rest.split_last().unwrap();
        for (cell, figure) in row[2..].iter().zip(figures) {
            let value = match cell {
                Data::Float(value) => *value,
                Data::Empty => 0.0,
                other => panic!("no number: {other:?}"),
            };
            assert_eq!((value * 100.0).round() as i64, cents(figure), "{}", want[0]);
        }
        // The credit share, a fraction formatted as a percentage, against the CSV's percent.
        match row.get(2 + figures.len()) {
            Some(Data::Float(fraction)) => {
                assert_eq!(format!("{:.1}", fraction * 100.0), *share, "{}", want[0])
            }
            _ => assert_eq!(share, "", "{}", want[0]),
        }
        // The share of the currency's net, likewise.
        match row.get(3 + figures.len()) {
            Some(Data::Float(fraction)) => {
                assert_eq!(format!("{:.1}", fraction * 100.0), *of_net, "{}", want[0])
            }
            _ => assert_eq!(of_net, "", "{}", want[0]),
        }
    }
    let out = dir.path().join("compare.xlsx");
    bin()
        .arg("compare")
        .arg(&csv)
        .args(["--by", "account", "--a", "2026-08", "--b", "2026-09"])
        .args(["--format", "xlsx", "-o"])
        .arg(&out)
        .assert()
        .success();
    let compare = sheet(&out, "Compare");
    assert!(compare.rows().any(|r| text(&r[0]) == "bridge"));
    let header: Vec<String> = compare.rows().next().unwrap().iter().map(text).collect();
    assert_eq!(header[6], "status");
    assert_eq!(
        header[7..],
        [
            "2026-08 charges",
            "2026-08 credits",
            "2026-08 drawdowns",
            "2026-08 adjustments",
            "2026-08 other",
            "2026-08 credit share",
            "2026-09 charges",
            "2026-09 credits",
            "2026-09 drawdowns",
            "2026-09 adjustments",
            "2026-09 other",
            "2026-09 credit share",
        ]
    );
    // Each kind agrees with the CSV's, which the tests of compare check against sums made
    // there.
    let as_csv = bin()
        .arg("compare")
        .arg(&csv)
        .args(["--by", "account", "--a", "2026-08", "--b", "2026-09"])
        .args(["--format", "csv"])
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(&as_csv.stdout[..]);
    let names = reader.headers().unwrap().clone();
    let at = |name: &str| names.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let lines: Vec<&[Data]> = compare
        .rows()
        .skip(1)
        .take_while(|r| !matches!(r[0], Data::Empty))
        .collect();
    assert_eq!(lines.len(), rows.len());
    for (line, want) in lines.iter().zip(&rows) {
        assert_eq!(text(&line[0]), want[0].to_string());
        for (name, c) in [
            "a_charges",
            "a_credits",
            "a_drawdowns",
            "b_charges",
            "b_credits",
        ]
        .iter()
        .zip([7, 8, 9, 13, 14])
        {
            let got = match &line[c] {
                Data::Float(v) => (v * 100.0).round() as i64,
                Data::Empty => 0,
                other => panic!("no number: {other:?}"),
            };
            assert_eq!(got, cents(&want[at(name)]), "{} {name}", &want[0]);
        }
    }
}

#[test]
fn nothing_is_replaced_unasked_and_a_file_that_is_not_a_csv_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let csv = quarter_csv(dir.path());
    let out = dir.path().join("q.xlsx");
    std::fs::write(&out, "keep me").unwrap();
    bin()
        .arg("export")
        .arg(&csv)
        .arg("--xlsx")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains("exists; add --force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    bin()
        .arg("export")
        .arg(&csv)
        .arg("--xlsx")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
    assert!(open_workbook_auto(&out).is_ok());

    let binary = dir.path().join("image.csv");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
    let before = files_in(dir.path());
    bin()
        .arg("export")
        .arg(&binary)
        .arg("--xlsx")
        .arg(dir.path().join("image.xlsx"))
        .assert()
        .code(2)
        .stderr(contains("is not a CSV file"));
    assert_eq!(
        files_in(dir.path()),
        before,
        "no workbook, no temporary file"
    );
    bin()
        .arg("pivot")
        .arg(&csv)
        .args(["--rows", "account", "--cols", "month", "--format", "xlsx"])
        .assert()
        .code(2)
        .stderr(contains("give it a file with -o"));
}

#[test]
fn a_query_downloads_a_workbook_that_says_what_was_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("last-month.xlsx");
    bin()
        .current_dir(dir.path())
        .args([
            "--demo",
            "query",
            "--preset",
            "last-month",
            "--type",
            "USAGE",
        ])
        .arg("--download")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        files_in(dir.path()),
        ["last-month.xlsx"],
        "no CSV left behind"
    );
    let about = sheet(&out, "About");
    let all: Vec<String> = about.rows().flat_map(|r| r.iter().map(text)).collect();
    let body = all
        .iter()
        .find(|t| t.contains("\"lineItemTypes\""))
        .unwrap();
    assert!(body.contains("USAGE"), "{body}");
    let link = all.iter().find(|t| t.contains("/_demo/files/")).unwrap();
    assert!(
        !link.contains("signature"),
        "the link without its signature: {link}"
    );
}

#[test]
fn identifiers_stay_text_whatever_they_look_like_and_only_measures_are_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("codes.csv");
    std::fs::write(
        &csv,
        "account,externalInvoiceReference,billId,productName,lineItemType,subtotal,billCurrency,quantity,conversionRate,year,servicePeriodStartDate\n\
         007,000123,12345678901234567890123,42,USAGE,12.50,USD,3,1.0000,2026,2026-06-01\n",
    )
    .unwrap();
    let out = dir.path().join("codes.xlsx");
    bin()
        .arg("export")
        .arg(&csv)
        .arg("--xlsx")
        .arg(&out)
        .assert()
        .success();
    let lines = sheet(&out, "Lines");
    let row: Vec<&Data> = lines.rows().nth(1).unwrap().iter().collect();
    assert_eq!(
        row[0],
        &Data::String("007".into()),
        "the account keeps its zeros"
    );
    assert_eq!(row[1], &Data::String("000123".into()));
    assert_eq!(
        row[2],
        &Data::String("12345678901234567890123".into()),
        "every digit of a long code"
    );
    assert_eq!(
        row[3],
        &Data::String("42".into()),
        "a name that looks like a number"
    );
    assert_eq!(row[9], &Data::String("2026".into()), "a year is a label");
    assert_eq!(row[5], &Data::Float(12.5), "the amount is a number");
    assert_eq!(row[7], &Data::Float(3.0), "so is the quantity");
    assert_eq!(row[8], &Data::Float(1.0), "and the conversion rate");
    assert!(matches!(row[10], Data::DateTime(_)), "{:?}", row[10]);
}

#[test]
fn an_over_long_cell_is_cut_and_listed_and_wider_lines_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("long.csv");
    let long = "é".repeat(40_000);
    std::fs::write(
        &csv,
        format!(
            "account,description,subtotal,billCurrency\n\
             acme,short,1.50,USD\n\
             globex,{long},2.25,USD\n\
             initech,extra,3,USD,surplus,more\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("long.xlsx");
    let done = bin()
        .arg("export")
        .arg(&csv)
        .arg("--xlsx")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
    assert!(
        stderr
            .contains("warning: 1 cell was cut to Excel's 32,767 characters (line 3 description)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "warning: 1 line has more fields than the header names (the first is line 4)"
        ),
        "{stderr}"
    );
    let lines = sheet(&out, "Lines");
    let cut = text(&lines.get((2, 1)).unwrap().clone());
    assert_eq!(cut.chars().count(), 32_767, "cut at Excel's limit");
    assert!(cut.chars().all(|c| c == 'é'), "cut where a character ends");
    let about = sheet(&out, "About");
    let notes: Vec<String> = about
        .rows()
        .filter(|r| text(&r[0]) == "not as in the file")
        .map(|r| text(&r[1]))
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].contains("line 3 description"));
    // The total is still every line's: 1.50 + 2.25 + 3.
    let total = about
        .rows()
        .find(|r| text(&r[0]) == "USD")
        .map(|r| r[1].clone())
        .unwrap();
    assert_eq!(total, Data::Float(6.75));
}

#[test]
fn a_pivot_wider_than_a_sheet_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("wide.csv");
    let mut text = String::from("account,description,subtotal,billCurrency\n");
    for i in 0..16_400 {
        text.push_str(&format!("acme,item {i},1,USD\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let out = dir.path().join("wide.xlsx");
    bin()
        .arg("pivot")
        .arg(&csv)
        .args(["--rows", "account", "--cols", "description", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains(
            "the pivot has 16,410 columns, more than an Excel sheet holds (16,384)",
        ))
        .stderr(contains("write CSV instead"));
    assert!(files_in(dir.path()).iter().all(|f| !f.ends_with(".xlsx")));
}
