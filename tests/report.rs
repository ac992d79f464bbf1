//! Reports run as a scheduler would run them: against the demo, for two different days, the
//! workbook and CSV files read back and checked against sums made here from the same days
//! fetched by `query`; a file that does not read, and a run for a day already written.

mod common;

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::*;

const MONTH_END: &str = r#"description = "The month: by account and product, against the month before, against its usual"
period = "last-month"

[query]
types = ["all"]

[[view]]
name = "By account and product"
kind = "pivot"
rows = "account,productName"
cols = "month"
period = "last-month"

[[view]]
name = "Against the month before"
kind = "compare"
by = "account"
a = "month-2"

[[view]]
name = "Against its usual"
kind = "compare"
by = "account"
baseline = 3
min_pct = 30

[output]
workbook = "month-end-{period}.xlsx"
csv = "month-end-{period}-{view}.csv"
"#;

/// The CSV `path` as records by column name.
fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn month_end_for_two_days_agrees_with_sums_made_here_and_is_refused_a_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let recipe = dir.path().join("month-end.toml");
    std::fs::write(&recipe, MONTH_END).unwrap();
    for (as_of, month, before, first) in [
        ("2026-12-01", "2026-11", "2026-10", "2026-08-01"),
        ("2026-10-15", "2026-09", "2026-08", "2026-06-01"),
    ] {
        let out = dir.path().join(as_of);
        std::fs::create_dir(&out).unwrap();
        let run = bin()
            .args(["--demo", "report", "run"])
            .arg(&recipe)
            .args(["--as-of", as_of, "--out"])
            .arg(&out)
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{log}");
        // A line per step, for a scheduler's log.
        for words in [
            format!("report month-end as of {as_of}: {month}"),
            format!("last-month = {month}"),
            "view 3/3 \"Against its usual\"".to_string(),
            format!(
                "wrote {}",
                out.join(format!("month-end-{month}.xlsx")).display()
            ),
            "done: report month-end".to_string(),
        ] {
            assert!(log.contains(&words), "{words:?} in\n{log}");
        }
        // The same days fetched by query, summed here.
        let fetched = dir.path().join(format!("{as_of}.csv"));
        bin()
            .args(["--demo", "query", "--start", first])
            .args(["--through", &last_day(month)])
            .args(["--type", "all", "--split", "auto", "--download"])
            .arg(&fetched)
            .assert()
            .success();
        let sums = month_sums(&fetched);
        let lines = rows(&out.join(format!("month-end-{month}-against-the-month-before.csv")));
        assert!(!lines.is_empty());
        for line in &lines {
            let key = |m: &str| {
                (
                    line["account"].clone(),
                    line["currency"].clone(),
                    m.to_string(),
                )
            };
            let a = sums.get(&key(before)).copied().unwrap_or(0);
            let b = sums.get(&key(month)).copied().unwrap_or(0);
            assert_eq!((cents(&line["a"]), cents(&line["b"])), (a, b), "{line:?}");
        }
        // The workbook: a sheet per view, About with the day and what the names came to, and
        // the comparison's B the same as the CSV's.
        let mut book: Xlsx<_> = open_workbook(out.join(format!("month-end-{month}.xlsx"))).unwrap();
        let names = book.sheet_names().to_vec();
        for sheet in [
            "Lines",
            "By account and product",
            "Against the month before",
            "Against its usual",
            "About",
        ] {
            assert!(names.iter().any(|n| n == sheet), "{sheet} in {names:?}");
        }
        let about = book.worksheet_range("About").unwrap();
        let said: Vec<String> = about
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert!(
            said.iter().any(|l| l.trim() == format!("as of {as_of}")),
            "{said:?}"
        );
        let sheet = book.worksheet_range("Against the month before").unwrap();
        let mut in_book: i64 = 0;
        // The lines, down to the bridge below them.
        for row in sheet.rows().skip(1) {
            match (&row[0], &row[3]) {
                (Data::String(key), _) if key == "bridge" => break,
                (Data::String(_), Data::Float(b)) => in_book += (b * 100.0).round() as i64,
                _ => {}
            }
        }
        let in_csv: i64 = lines.iter().map(|l| cents(&l["b"])).sum();
        assert_eq!(in_book, in_csv);
        // The same day again is refused before anything is sent, the files kept.
        let before_bytes = std::fs::read(out.join(format!("month-end-{month}.xlsx"))).unwrap();
        let again = bin()
            .args(["--demo", "report", "run"])
            .arg(&recipe)
            .args(["--as-of", as_of, "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(again.status.code(), Some(2));
        let said = String::from_utf8_lossy(&again.stderr);
        assert!(
            said.contains("exists") && said.contains("nothing was sent"),
            "{said}"
        );
        assert_eq!(
            std::fs::read(out.join(format!("month-end-{month}.xlsx"))).unwrap(),
            before_bytes
        );
    }
}

/// The last day of `YYYY-MM`.
fn last_day(month: &str) -> String {
    let first = chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").unwrap();
    let next = first + chrono::Months::new(1);
    (next - chrono::Duration::days(1)).to_string()
}

#[test]
fn a_broken_report_is_refused_with_its_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for (broken, line, words) in [
        (
            MONTH_END.replace("rows = ", "rowz = "),
            10,
            "unknown field `rowz`",
        ),
        (
            MONTH_END.replace("by = \"account\"\na", "by = \"acount\"\na"),
            17,
            "did you mean account?",
        ),
        (
            MONTH_END.replace("a = \"month-2\"", "a = \"last-fortnight\""),
            18,
            "last-fortnight is not a period",
        ),
        (
            MONTH_END.replace("{period}.xlsx", "{month}.xlsx"),
            28,
            "{month} is not a name to fill in",
        ),
        (
            MONTH_END.replace(
                "period = \"last-month\"\n\n[[view]]\nname = \"Against",
                "period = \"last-month\"\nsort = \"largest\"\n\n[[view]]\nname = \"Against",
            ),
            13,
            "largest is not a pivot's order; write total, name, last",
        ),
    ] {
        let recipe = dir.path().join("broken.toml");
        std::fs::write(&recipe, &broken).unwrap();
        let out = dir.path().join("out");
        let _ = std::fs::create_dir(&out);
        let run = bin()
            .args(["--demo", "report", "run"])
            .arg(&recipe)
            .args(["--as-of", "2026-12-01", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{said}");
        assert!(
            said.contains(&format!("line {line}: ")) && said.contains(words),
            "{said}"
        );
        assert!(said.contains("nothing was sent"), "{said}");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
    }
}

#[test]
fn report_new_writes_a_recipe_that_show_resolves_for_any_day() {
    let name = format!("starter-{}", std::process::id());
    bin().args(["report", "new", &name]).assert().success();
    let listed = bin().args(["report", "list"]).output().unwrap();
    assert!(String::from_utf8_lossy(&listed.stdout).contains(&name));
    let show = |day: &str| {
        let out = bin()
            .args(["report", "show", &name, "--as-of", day, "--out", "."])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let december = show("2026-12-01");
    assert!(
        december.contains("2026-11 against the mean of 2026-08, 2026-09, 2026-10"),
        "{december}"
    );
    assert!(
        december.contains(&format!("{name}-2026-11.xlsx")),
        "{december}"
    );
    let january = show("2027-01-05");
    assert!(january.contains("2026-12 against 2026-11"), "{january}");
    // A second new of the same name keeps the first.
    bin().args(["report", "new", &name]).assert().code(2);
}
