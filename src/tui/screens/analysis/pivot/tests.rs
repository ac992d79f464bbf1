//! The pivot screen's keys and news on a real file: the cursor over the grid, the choices that
//! make the pivot again, the order changed in place, and the drill-down's filters, which must
//! keep exactly the rows the cell added up.

use std::sync::atomic::AtomicBool;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{ColumnChoice, GridLine, PivotState};
use crate::explore::{Bucket, CsvFile, Filter, Measure, OTHERS, filter_rows};
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crate::tui::msg::Msg;
use crate::tui::screens::analysis::outcome::Then;
use crate::tui::screens::analysis::pivot::work::work;

const BILLS: &str = "account,lineItemType,subtotal,billCurrency,servicePeriodStartDate,billDate\n\
acme,USAGE,100.10,USD,2026-01-01,2026-02-01\n\
acme,CREDIT_MEMO,-20.05,USD,2026-01-15,2026-02-01\n\
acme,USAGE,30,USD,2026-03-01,2026-04-01\n\
globex,USAGE,50,USD,2026-01-31,2026-02-01\n\
globex,USAGE,7,EUR,2026-02-01,2026-03-01\n\
initech,USAGE,0.01,USD,2026-03-15,2026-04-01\n\
hooli,USAGE,x,USD,2026-03-15,2026-04-01\n";

const SIZE: (u16, u16) = (120, 40);

fn view() -> (tempfile::TempDir, PivotState) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bills.csv");
    std::fs::write(&path, BILLS).unwrap();
    let file = CsvFile::open(&path).unwrap();
    (dir, PivotState::new(file, Vec::new(), "account"))
}

/// Runs the pivot an effect asks for, as the runtime would, and hands its answer back.
fn run(view: &mut PivotState, effects: &[Effect]) {
    for effect in effects {
        let Some(Msg::PivotDone(id, made)) = work(effect) else {
            continue;
        };
        let again = view.on_done(id, made, SIZE, &Default::default());
        run(view, &again);
    }
}

fn press(view: &mut PivotState, action: Action) -> Vec<Effect> {
    match view.on_action(action, SIZE) {
        Then::Stay(effects) => {
            run(view, &effects);
            effects
        }
        other => panic!("stayed expected, got {other:?}"),
    }
}

/// Opens the picker with `open`, types `typed` to narrow it, and takes the one highlighted.
fn pick(view: &mut PivotState, open: Action, typed: &str) -> Vec<Effect> {
    press(view, open);
    assert!(view.picking.is_some(), "the picker opens");
    for c in typed.chars() {
        view.type_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    press(view, Action::Choose)
}

/// The key of the row under the cursor.
fn key(v: &PivotState) -> String {
    match v.made.as_ref().unwrap().lines[v.line] {
        GridLine::Row(u, r) => v.made.as_ref().unwrap().pivot.units[u].rows[r]
            .key()
            .into_owned(),
        other => format!("{other:?}"),
    }
}

fn opened() -> (tempfile::TempDir, PivotState) {
    let (dir, mut v) = view();
    let effect = v.remake();
    run(&mut v, &[effect]);
    (dir, v)
}

/// How many rows of the file the filters keep, counted by the table's own filter job.
fn kept(v: &PivotState, filters: &[Filter]) -> usize {
    filter_rows(&v.file, filters, &AtomicBool::new(false))
        .unwrap()
        .0
        .len()
}

#[test]
fn it_opens_on_the_first_row_by_month_with_the_cursor_on_a_cell() {
    let (_d, v) = opened();
    let made = v.made.as_ref().unwrap();
    assert_eq!(made.pivot.columns, ["2026-01", "2026-02", "2026-03"]);
    assert_eq!(made.lines[0], GridLine::Heading(0));
    assert_eq!(v.line, 1, "on the first row, not the heading");
    assert_eq!(
        super::view::cell_words(&v, made, 120).unwrap(),
        "acme · 2026-01 · USD: 80.05 (100.10 charges, -20.05 credits) from 2 lines"
    );
    assert_eq!(
        v.note.as_deref(),
        Some(
            "1 line left out of the sums: its subtotal is not a plain number (line 8: 'x'); \
             amounts are read only as plain numbers with a dot (-1234.50)."
        )
    );
}

#[test]
fn the_cursor_steps_over_headings_and_gaps_and_reaches_the_totals() {
    let (_d, mut v) = opened();
    let made = v.made.as_ref().unwrap();
    let usd_total = made
        .lines
        .iter()
        .position(|l| *l == GridLine::Total(0))
        .unwrap();
    press(&mut v, Action::Bottom);
    let last = v.made.as_ref().unwrap().lines.len() - 1;
    assert_eq!(v.line, last, "the EUR total");
    press(&mut v, Action::Up);
    assert_eq!(v.line, last - 1, "the EUR row");
    press(&mut v, Action::Up);
    assert_eq!(v.line, usd_total, "over the gap and the EUR heading");
    press(&mut v, Action::Top);
    assert_eq!(v.line, 1);
    for _ in 0..10 {
        press(&mut v, Action::Right);
    }
    assert_eq!(v.column, 3, "the total column is the last");
}

#[test]
fn every_cell_drills_down_to_exactly_its_rows() {
    let (_d, mut v) = opened();
    let lines = v.made.as_ref().unwrap().lines.clone();
    let columns = v.made.as_ref().unwrap().pivot.columns.len();
    let mut checked = 0;
    for (i, line) in lines.iter().enumerate() {
        if !matches!(line, GridLine::Row(..) | GridLine::Total(_)) {
            continue;
        }
        for column in 0..=columns {
            v.line = i;
            v.column = column;
            let expected = v.made.as_ref().unwrap().sum(i, column).unwrap().rows;
            match v.on_action(Action::Drill, SIZE) {
                Then::Drill(drill) => {
                    assert_eq!(kept(&v, &drill.filters) as u64, expected, "{}", drill.what);
                    checked += 1;
                }
                other => panic!("a drill expected, got {other:?}"),
            }
        }
    }
    assert_eq!(
        checked,
        (3 + 1 + 1 + 1) * 4,
        "every row and total line, every column"
    );
}

#[test]
fn the_others_row_drills_to_the_rows_not_named_above_it() {
    let (_d, mut v) = opened();
    press(&mut v, Action::TopRows);
    assert_eq!(v.top, Some(5));
    // Five rows are more than USD has; cut to one by hand to make an others row.
    v.top = Some(1);
    let effect = v.remake();
    run(&mut v, &[effect]);
    let made = v.made.as_ref().unwrap();
    let usd = &made.pivot.units[0];
    assert_eq!(usd.rows[1].key(), OTHERS);
    let at = made
        .lines
        .iter()
        .position(|l| *l == GridLine::Row(0, 1))
        .unwrap();
    v.line = at;
    v.column = 3;
    let Then::Drill(drill) = v.on_action(Action::Drill, SIZE) else {
        panic!("a drill expected")
    };
    assert_eq!(
        kept(&v, &drill.filters),
        2,
        "globex's and initech's USD lines"
    );
}

#[test]
fn choices_make_the_pivot_again_and_the_order_keeps_the_cursor_on_its_row() {
    let (_d, mut v) = opened();
    press(&mut v, Action::Down);
    assert_eq!(key(&v), "globex");
    let effects = press(&mut v, Action::Sort);
    assert!(
        matches!(effects[..], [Effect::ReorderPivot { .. }]),
        "a new order needs no new pass, and is made off the screen's thread"
    );
    assert_eq!(key(&v), "globex", "the cursor stays on its row");
    assert_eq!(
        v.made.as_ref().unwrap().pivot.units[0].rows[0].key(),
        "acme"
    );

    let effects = pick(&mut v, Action::NextColumns, "quar");
    assert!(matches!(effects[..], [Effect::RunPivot { .. }]));
    assert_eq!(v.columns, ColumnChoice::Time(Bucket::Quarter));
    assert_eq!(v.made.as_ref().unwrap().pivot.columns, ["2026-Q1"]);
    press(&mut v, Action::SwitchDate);
    assert_eq!(
        v.made.as_ref().unwrap().pivot.columns,
        ["2026-Q1", "2026-Q2"],
        "the bill dates run into April"
    );
    press(&mut v, Action::Measure);
    assert_eq!(v.measure, Measure::Converted);
    assert!(v.made.is_none());
    assert!(
        v.error.as_ref().unwrap().contains("no convertedSubtotal"),
        "{:?}",
        v.error
    );
    press(&mut v, Action::Measure);
    press(&mut v, Action::Measure);
    assert_eq!(v.measure, Measure::Subtotal);
    assert!(v.made.is_some());
}

#[test]
fn rows_and_columns_are_never_the_same_column() {
    let (_d, mut v) = opened();
    assert_eq!(v.row_choices, ["account", "lineItemType", "billCurrency"]);
    // Columns by line item type; rows by it too are refused, by currency taken.
    pick(&mut v, Action::NextColumns, "lineitem");
    assert_eq!(v.columns, ColumnChoice::Values("lineItemType".into()));
    assert!(pick(&mut v, Action::NextRows, "lineitem").is_empty());
    assert_eq!(v.rows, "account");
    assert!(v.note.as_ref().unwrap().contains("by lineItemType already"));
    pick(&mut v, Action::NextRows, "billc");
    assert_eq!(v.rows, "billCurrency");
    assert_eq!(
        v.made.as_ref().unwrap().pivot.columns,
        ["CREDIT_MEMO", "USAGE"]
    );
    // Nor the other way round: columns by the rows' column.
    assert!(pick(&mut v, Action::NextColumns, "billc").is_empty());
    assert!(
        v.note
            .as_ref()
            .unwrap()
            .contains("rows are by billCurrency")
    );
}

#[test]
fn rows_on_two_levels_fold_and_open_and_drill_from_a_group() {
    let (_d, mut v) = opened();
    // Tab adds account, then line item type, as levels; Enter takes them.
    press(&mut v, Action::NextRows);
    press(&mut v, Action::Toggle);
    press(&mut v, Action::Down);
    press(&mut v, Action::Toggle);
    press(&mut v, Action::Choose);
    assert_eq!(v.rows, "account,lineItemType");
    let made = v.made.as_ref().unwrap();
    let usd = &made.pivot.units[0];
    let labels: Vec<String> = usd.rows.iter().map(|r| r.key().into_owned()).collect();
    assert_eq!(
        labels,
        [
            "acme",
            "acme · USAGE",
            "acme · CREDIT_MEMO",
            "globex",
            "globex · USAGE",
            "initech",
            "initech · USAGE"
        ]
    );
    // acme's subtotal: 100.10 - 20.05 + 30, worked out here.
    assert_eq!(usd.rows[0].total().net().format(2), "110.05");
    let rows_shown = |v: &PivotState| {
        v.made
            .as_ref()
            .unwrap()
            .lines
            .iter()
            .filter(|l| matches!(l, GridLine::Row(0, _)))
            .count()
    };
    assert_eq!(rows_shown(&v), 7);
    // On acme's second line, z folds acme: the cursor goes to its subtotal.
    press(&mut v, Action::Down);
    press(&mut v, Action::Fold);
    assert_eq!(rows_shown(&v), 5);
    assert_eq!(key(&v), "acme");
    // The drill-down from the folded group's January keeps exactly acme's two lines of it.
    let Then::Drill(drill) = v.on_action(Action::Drill, SIZE) else {
        panic!("drill expected")
    };
    let kept = filter_rows(&v.file, &drill.filters, &AtomicBool::new(false)).unwrap();
    assert_eq!(kept.0.len(), 2, "{:?}", drill.what);
    // Z opens or folds them all.
    press(&mut v, Action::FoldAll);
    assert_eq!(rows_shown(&v), 3, "every group folded");
    press(&mut v, Action::FoldAll);
    assert_eq!(rows_shown(&v), 7, "every group open");
}

#[test]
fn the_chart_needs_time_columns_and_follows_the_currency() {
    let (_d, mut v) = opened();
    press(&mut v, Action::Chart);
    assert_eq!(v.chart, Some(0));
    press(&mut v, Action::NextPane);
    assert_eq!(v.chart, Some(1), "EUR");
    assert_eq!(v.unit_at_cursor(), Some(1), "the cursor came along");
    press(&mut v, Action::Back);
    assert_eq!(v.chart, None, "Esc leaves the chart, not the pivot");
    pick(&mut v, Action::NextColumns, "lineitem");
    press(&mut v, Action::Chart);
    assert_eq!(v.chart, None);
    assert!(v.note.as_ref().unwrap().contains("needs months"));
    // By year, every row falls in 2026: one bucket, no trend.
    pick(&mut v, Action::NextColumns, "year");
    press(&mut v, Action::Chart);
    assert_eq!(v.chart, None);
    assert_eq!(
        v.note.as_deref(),
        Some("A trend needs two years or more; these rows fall in one.")
    );
}

#[test]
fn news_of_an_older_pivot_is_dropped_and_esc_stops_one_running() {
    let (_d, mut v) = view();
    let old = v.remake();
    let new = v.remake();
    run(&mut v, &[old]);
    assert!(v.made.is_none(), "the older pivot is not shown");
    run(&mut v, &[new]);
    assert!(v.made.is_some());
    v.remake();
    match v.on_action(Action::Back, SIZE) {
        Then::Close(effects) => assert!(matches!(effects[..], [Effect::CancelAnalysis])),
        other => panic!("close expected, got {other:?}"),
    }
}

#[test]
fn a_pivot_too_large_for_the_clipboard_is_not_copied_and_says_where_to_go() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.csv");
    let mut text = String::from("account,subtotal,billCurrency,servicePeriodStartDate\n");
    for n in 0..5_000 {
        text.push_str(&format!("account-{n:05},1.00,USD,2026-01-01\n"));
    }
    std::fs::write(&path, text).unwrap();
    let mut v = PivotState::new(CsvFile::open(&path).unwrap(), Vec::new(), "account");
    let effect = v.remake();
    run(&mut v, &[effect]);
    let effects = press(&mut v, Action::Copy);
    assert!(effects.is_empty(), "nothing sent to the clipboard");
    assert_eq!(
        v.note.as_deref(),
        Some(
            "The pivot is too large for a terminal's clipboard (more than 100 kB): \
             press e to save it to a file instead."
        )
    );
    press(&mut v, Action::TopRows);
    let effects = press(&mut v, Action::Copy);
    assert!(
        matches!(&effects[..], [Effect::CopyText { text, .. }] if text.lines().count() == 7),
        "the top 5, the others and the header fit"
    );
}
