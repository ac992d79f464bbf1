//! The comparison screen's keys and news on a real file: the periods offered and chosen, the
//! list, the threshold changed in place, and the drill-down, which must keep exactly the rows
//! of a line in both periods.

use std::sync::atomic::AtomicBool;

use super::{CompareState, ListLine};
use crate::explore::{CsvFile, compare, filter_rows, months};
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crate::tui::screens::analysis::outcome::Then;

const BILLS: &str = "account,productName,subtotal,billCurrency,servicePeriodStartDate\n\
acme,Seats,100,USD,2026-09-01\n\
acme,Seats,50,USD,2026-10-03\n\
globex,Seats,10,USD,2026-09-30T00:00:00Z\n\
globex,Storage,25.50,USD,2026-10-01\n\
initech,Seats,7,USD,2026-09-15\n\
hooli,Seats,12,USD,2026-10-31\n\
umbrella,Seats,100,USD,2026-09-02\n\
umbrella,Seats,100.50,USD,2026-10-02\n\
umbrella,Seats,-1,EUR,2026-10-02\n\
acme,Seats,999,USD,2026-11-01\n";

const SIZE: (u16, u16) = (120, 40);

/// November 2026 is under way.
fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()
}

/// Runs the passes effects ask for, as the runtime would, and hands their answers back.
fn run(view: &mut CompareState, effects: &[Effect]) {
    for effect in effects {
        match effect {
            Effect::FindMonths {
                id,
                file,
                date,
                filters,
            } => {
                let found = months(file, *date, filters, &AtomicBool::new(false))
                    .map_err(|e| e.to_string());
                let then: Vec<Effect> = view.on_months(*id, found).into_iter().collect();
                run(view, &then);
            }
            Effect::RunCompare { id, file, spec } => {
                let made = compare(file, spec, &AtomicBool::new(false))
                    .map(Box::new)
                    .map_err(|e| e.to_string());
                view.on_done(*id, made, SIZE);
            }
            _ => {}
        }
    }
}

fn press(view: &mut CompareState, action: Action) -> Vec<Effect> {
    match view.on_action(action, SIZE) {
        Then::Stay(effects) => {
            run(view, &effects);
            effects
        }
        other => panic!("stayed expected, got {other:?}"),
    }
}

fn opened() -> (tempfile::TempDir, CompareState) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bills.csv");
    std::fs::write(&path, BILLS).unwrap();
    let mut view = CompareState::new(
        CsvFile::open(&path).unwrap(),
        Vec::new(),
        "account",
        today(),
    );
    let effect = view.find_months();
    run(&mut view, &[effect]);
    (dir, view)
}

fn keys(view: &CompareState) -> Vec<String> {
    let made = view.made.as_ref().unwrap();
    view.lines
        .iter()
        .filter_map(|l| match l {
            ListLine::Key(u, i) => Some(format!(
                "{} {}",
                made.units[*u].unit, made.units[*u].lines[*i].key
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn the_last_two_whole_months_come_first_and_enter_compares_them() {
    let (_d, mut v) = opened();
    let chooser = v.chooser.as_ref().expect("the periods are asked for first");
    let first = &chooser.offers[0];
    assert_eq!(
        (first.a.label.as_str(), first.b.label.as_str()),
        ("2026-09", "2026-10"),
        "November is under way"
    );
    press(&mut v, Action::Choose);
    assert!(v.chooser.is_none());
    assert_eq!(
        keys(&v),
        [
            "USD acme",
            "USD globex",
            "USD hooli",
            "USD initech",
            "USD umbrella",
            "EUR umbrella"
        ]
    );
    assert_eq!(v.lines[0], ListLine::Bridge(0));
    assert_eq!(v.line, 1, "on the first key, not the bridge");
}

#[test]
fn esc_while_choosing_closes_only_when_nothing_was_compared_yet() {
    let (_d, mut v) = opened();
    press(&mut v, Action::Choose);
    press(&mut v, Action::Periods);
    assert!(v.chooser.is_some());
    press(&mut v, Action::Cancel);
    assert!(
        v.chooser.is_none() && v.made.is_some(),
        "back to the comparison"
    );
    let (_d, mut v) = opened();
    assert!(matches!(v.on_action(Action::Cancel, SIZE), Then::Close(_)));
}

#[test]
fn the_threshold_hides_lines_in_place_and_the_totals_stay() {
    let (_d, mut v) = opened();
    press(&mut v, Action::Choose);
    let bridge = v.made.as_ref().unwrap().units[0].bridge;
    // 1 %: umbrella's USD change (0.50 of 100) is under it.
    let effects = press(&mut v, Action::Threshold);
    assert!(effects.is_empty(), "no new pass");
    assert!(!keys(&v).contains(&"USD umbrella".to_string()));
    assert!(v.lines.contains(&ListLine::Hidden(0)));
    assert_eq!(v.made.as_ref().unwrap().units[0].bridge, bridge);
    for _ in 0..4 {
        press(&mut v, Action::Threshold);
    }
    assert_eq!(v.threshold, 0, "round to every change");
    assert!(keys(&v).contains(&"USD umbrella".to_string()));
}

#[test]
fn every_line_drills_to_its_rows_in_both_periods_sorted_by_date() {
    let (_d, mut v) = opened();
    press(&mut v, Action::Choose);
    let lines = v.lines.clone();
    let mut checked = 0;
    for (at, line) in lines.iter().enumerate() {
        let ListLine::Key(u, i) = *line else { continue };
        let expected = {
            let l = &v.made.as_ref().unwrap().units[u].lines[i];
            l.a.rows + l.b.rows
        };
        v.line = at;
        let Then::Drill(drill) = v.on_action(Action::Drill, SIZE) else {
            panic!("a drill expected")
        };
        let kept = filter_rows(&v.file, &drill.filters, &AtomicBool::new(false))
            .unwrap()
            .0
            .len() as u64;
        assert_eq!(kept, expected, "{}", drill.what);
        assert_eq!(
            drill.sort,
            Some((4, false)),
            "by the service period: A's rows first"
        );
        checked += 1;
    }
    assert_eq!(checked, 6);
}

#[test]
fn by_another_column_keeps_the_periods() {
    let (_d, mut v) = opened();
    press(&mut v, Action::Choose);
    assert_eq!(v.by_choices, ["account", "productName"]);
    press(&mut v, Action::NextBy);
    for c in "prod".chars() {
        v.type_key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        ));
    }
    press(&mut v, Action::Choose);
    assert_eq!(v.by, "productName");
    assert_eq!(
        keys(&v),
        ["USD Seats", "USD Storage", "EUR Seats"],
        "Seats went from 217.00 to 162.50, a larger change than Storage's new 25.50"
    );
}

#[test]
fn the_line_under_the_list_says_what_each_period_is_made_of_when_it_fits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kinds.csv");
    std::fs::write(
        &path,
        "account,lineItemType,subtotal,billCurrency,servicePeriodStartDate\n\
         acme,USAGE,100,USD,2026-09-01\n\
         acme,CREDIT_MEMO,-10,USD,2026-09-05\n\
         acme,USAGE,120,USD,2026-10-01\n\
         acme,COMMITMENT_CONSUMED,-20,USD,2026-10-02\n",
    )
    .unwrap();
    let mut v = CompareState::new(
        CsvFile::open(&path).unwrap(),
        Vec::new(),
        "account",
        today(),
    );
    let effect = v.find_months();
    run(&mut v, &[effect]);
    press(&mut v, Action::Choose);
    let made = v.made.as_ref().unwrap();
    let ListLine::Key(u, k) = v.lines[v.line] else {
        panic!("on a key")
    };
    assert_eq!(
        super::view::line_words(made, u, k, 2, 200),
        "acme · USD: charges 100.00 → 120.00 · credits -10.00 → 0.00 · \
         drawdowns 0.00 → -20.00 (2 → 2 lines)"
    );
    assert_eq!(
        super::view::line_words(made, u, k, 2, 90),
        "acme · USD: charges 100.00 → 120.00 · credits -10.00 → 0.00 · drawdowns 0.00 → -20.00",
        "the kinds before the line counts"
    );
    assert_eq!(
        super::view::line_words(made, u, k, 2, 60),
        "acme · USD: 2 lines in 2026-09, 2 lines in 2026-10",
        "too narrow for the kinds: none rather than some"
    );
}

#[test]
fn u_holds_b_against_its_usual_and_t_then_flags_what_strays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("months.csv");
    std::fs::write(
        &path,
        "account,subtotal,billCurrency,servicePeriodStartDate\n\
         acme,100,USD,2026-07-01\nacme,110,USD,2026-08-01\nacme,120,USD,2026-09-01\n\
         acme,112,USD,2026-10-01\nglobex,50,USD,2026-08-01\nglobex,80,USD,2026-10-01\n",
    )
    .unwrap();
    let mut v = CompareState::new(
        CsvFile::open(&path).unwrap(),
        Vec::new(),
        "account",
        today(),
    );
    let found = v.find_months();
    run(&mut v, &[found]);
    // September against October is offered first; u holds October against its three before.
    press(&mut v, Action::Choose);
    press(&mut v, Action::Baseline);
    let made = v.made.as_ref().unwrap();
    assert_eq!(made.a.label, "mean of 2026-07 to 2026-09");
    let line = |v: &CompareState, key: &str| {
        v.made.as_ref().unwrap().units[0]
            .lines
            .iter()
            .find(|l| l.key == key)
            .cloned()
            .unwrap()
    };
    // acme: (100 + 110 + 120) / 3 = 110 against 112; globex: 50 / 3 against 80, worked out here.
    assert_eq!(line(&v, "acme").a.net().format(2), "110.00");
    assert_eq!(line(&v, "globex").a.net().format(2), "16.67");
    assert!(line(&v, "acme").flag.is_none(), "no threshold, no flag");
    assert!(
        v.title()
            .contains("2026-10 against the mean of the 3 before")
    );
    // 1 %: acme strays 1.8 % above; globex far above.
    press(&mut v, Action::Threshold);
    assert_eq!(line(&v, "acme").flag.map(|f| f.word()), Some("above"));
    assert_eq!(line(&v, "globex").flag.map(|f| f.word()), Some("above"));
    assert_eq!(keys(&v).len(), 2, "flagging hides nothing");
    // u again (6 periods, then 12, then off) ends on A against B again.
    press(&mut v, Action::Baseline);
    press(&mut v, Action::Baseline);
    press(&mut v, Action::Baseline);
    assert_eq!(v.made.as_ref().unwrap().a.label, "2026-09");
}

#[test]
fn the_usual_opens_on_the_last_whole_month_and_charts_the_line_against_its_band() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("months.csv");
    std::fs::write(
        &path,
        "account,subtotal,billCurrency,servicePeriodStartDate\n\
         acme,100,USD,2026-07-01\nacme,110,USD,2026-08-01\nacme,120,USD,2026-09-01\n\
         acme,200,USD,2026-10-01\nacme,5,USD,2026-11-02\n",
    )
    .unwrap();
    let mut v = CompareState::new(
        CsvFile::open(&path).unwrap(),
        Vec::new(),
        "account",
        today(),
    );
    v.against_usual();
    let found = v.find_months();
    run(&mut v, &[found]);
    // November is under way: October is the last whole month, and nothing is asked.
    assert!(v.chooser.is_none());
    let made = v.made.as_ref().unwrap();
    assert_eq!(made.b.label, "2026-10");
    assert_eq!(made.a.label, "mean of 2026-07 to 2026-09");
    let acme = &made.units[0].lines[0];
    let nets: Vec<String> = acme.each.iter().map(|n| n.format(2)).collect();
    assert_eq!(nets, ["100.00", "110.00", "120.00"]);
    // 200 against a mean of 110 is 81.8 % above: flagged from 25 %.
    assert_eq!(acme.flag.map(|f| f.word()), Some("above"));
    let drawn = super::band::rows_for_test(&v, (50, 12)).join("\n");
    for words in [
        "2026-07",
        "band",
        "mean",
        "2026-10",
        "90.00 above the mean (81.8 %)",
    ] {
        assert!(drawn.contains(words), "{words:?} in\n{drawn}");
    }
    // c closes the chart, and opens it again.
    assert!(v.band);
    press(&mut v, Action::Chart);
    assert!(!v.band);
}
