//! Reports through the screen's real event loop, against the demo: a comparison and a pivot
//! saved into a report by their key, the report run from the library (its workbook read back
//! and checked against sums made here from the lines it fetched), asked about before a second
//! run of the same day replaces anything, listed in the history, and its lines reopened.

mod common;

use std::sync::Arc;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::screen::*;
use common::*;
use crossterm::event::KeyCode;
use m3ter_bills::config::{History, SavedQueries};
use m3ter_bills::report::Reports;
use m3ter_bills::tui::{Library, Switch};

#[tokio::test]
async fn a_view_saved_by_its_key_runs_from_the_library_and_the_history_knows_the_run() {
    let server = start(config()).await;
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let library = Library {
        saved: SavedQueries::new(home.path().join("queries")),
        reports: Reports::new(home.path().join("reports")),
        history: History::new(home.path().join("history.jsonl"), None),
        profiles: Vec::new(),
        switch: Box::new(|_| Err::<Switch, _>("no profiles".to_string())),
    };
    let context = demo_context(&server, out.to_str().unwrap());
    let mut tui = Tui::start_with(
        Ok(client(&server)),
        context,
        (120, 40),
        Some(Arc::new(library)),
    );
    tui.wait_for("Date range").await;

    // The screen's today is 2026-11-27: C offers September against October.
    tui.key(KeyCode::Char('C'));
    tui.wait_for("2026-09 2026-10").await;
    tui.key(KeyCode::Enter);
    tui.wait_for("2026-09 → 2026-10").await;
    tui.key(KeyCode::Char('R'));
    let dialog = tui.wait_for("Save this view into a report").await;
    assert!(
        dialog.contains("2026-09 is month-2, 2026-10 is last-month: kept relative"),
        "{dialog}"
    );
    assert!(dialog.contains("a = \"month-2\""), "{dialog}");
    tui.key(KeyCode::Enter);
    tui.wait_for("into a new report month-end, its only view; L runs it")
        .await;
    let recipe = std::fs::read_to_string(home.path().join("reports/month-end.toml")).unwrap();
    for line in [
        "period = \"last-month\"",
        "a = \"month-2\"",
        "b = \"last-month\"",
        "workbook = \"month-end-{period}.xlsx\"",
    ] {
        assert!(recipe.contains(line), "{line} in\n{recipe}");
    }

    // The pivot of the same lines joins it, its period fixed with Tab.
    tui.key(KeyCode::Esc);
    tui.wait_until_gone("2026-09 → 2026-10").await;
    tui.key(KeyCode::Char('P'));
    tui.wait_for("USD · 19 rows").await;
    tui.key(KeyCode::Char('R'));
    tui.wait_for("Reports: month-end").await;
    tui.key(KeyCode::Enter);
    tui.wait_for("into the report month-end, view 2 of 2").await;
    // Added at the end of the file; the pivot is of the two months it shows, fixed.
    let recipe = std::fs::read_to_string(home.path().join("reports/month-end.toml")).unwrap();
    let pivot = recipe.split("[[view]]").nth(2).unwrap_or_default();
    for line in [
        "kind = \"pivot\"",
        "rows = \"account\"",
        "period = \"2026-09-01..2026-11-01\"",
    ] {
        assert!(pivot.contains(line), "{line} in\n{recipe}");
    }

    // Back in the builder, the library lists the report; Enter runs it as of today.
    tui.key(KeyCode::Esc);
    tui.wait_until_gone("Pivot subtotal").await;
    tui.key(KeyCode::Esc);
    tui.wait_for("Date range").await;
    tui.key(KeyCode::Char('L'));
    tui.wait_for("report  month-end").await;
    tui.key(KeyCode::Enter);
    // Its first view opens over the lines it fetched, saying what it wrote.
    tui.wait_for("2026-09 → 2026-10").await;
    let screen = tui.wait_for("Wrote month-end-2026-10.xlsx").await;
    assert!(
        screen.contains("report month-end as of 2026-11-27: 2026-10;"),
        "{screen}"
    );

    // The workbook: a sheet per view and About, B checked against the lines summed here.
    let workbook = out.join("month-end-2026-10.xlsx");
    let lines = sandbox().join("pieces/reports/month-end-2026-11-27.csv");
    let sums = month_sums(&lines);
    let mut book: Xlsx<_> = open_workbook(&workbook).unwrap();
    let names = book.sheet_names().to_vec();
    for sheet in ["Lines", "account compared", "account by month", "About"] {
        assert!(names.iter().any(|n| n == sheet), "{sheet} in {names:?}");
    }
    let sheet = book.worksheet_range("account compared").unwrap();
    let mut rows = sheet.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (account, currency, a, b) = (at("account"), at("currency"), at("2026-09"), at("2026-10"));
    let mut checked = 0;
    for row in rows {
        let (Data::String(key), Data::String(unit)) = (&row[account], &row[currency]) else {
            continue;
        };
        if key == "bridge" {
            break;
        }
        let sum = |month: &str| {
            sums.get(&(key.clone(), unit.clone(), month.to_string()))
                .copied()
                .unwrap_or(0)
        };
        let in_book = |cell: &Data| match cell {
            Data::Float(v) => (v * 100.0).round() as i64,
            _ => 0,
        };
        assert_eq!(
            (in_book(&row[a]), in_book(&row[b])),
            (sum("2026-09"), sum("2026-10")),
            "{key} {unit}"
        );
        checked += 1;
    }
    assert!(checked > 5, "only {checked} lines checked");

    // The same day again is asked about first; no keeps the files as they were.
    let before = std::fs::read(&workbook).unwrap();
    tui.key(KeyCode::Esc);
    tui.wait_until_gone("2026-09 → 2026-10").await;
    tui.key(KeyCode::Esc);
    tui.wait_for("Date range").await;
    tui.key(KeyCode::Char('L'));
    tui.wait_for("report  month-end").await;
    tui.key(KeyCode::Enter);
    tui.wait_for("Run the report again?").await;
    tui.key(KeyCode::Char('n'));
    tui.wait_until_gone("Run the report again?").await;
    assert_eq!(std::fs::read(&workbook).unwrap(), before);

    // The history lists the run; V lists the lines it fetched, and Enter opens them.
    tui.key(KeyCode::Char('H'));
    tui.wait_for("report \"month-end\" as of 2026-11-27").await;
    tui.key(KeyCode::Esc);
    tui.wait_until_gone("History, newest first").await;
    tui.key(KeyCode::Char('V'));
    tui.wait_for("Files fetched earlier").await;
    tui.type_text("month-end-2026-11-27");
    // The entry (its path is cut at the list's edge; its label is not).
    tui.wait_for("2026-09-01 to 2026-11-01").await;
    tui.key(KeyCode::Enter);
    tui.wait_for("month-end-2026-11-27.csv").await;
    tui.wait_for("rows").await;
    tui.key(KeyCode::Char('q'));
    tui.wait_for("Date range").await;
    tui.quit().await;
}
