//! An analysis opened over the table, drilled into and come back to: its passes and their
//! answers on the way.

use crossterm::event::KeyCode;

use super::Analysis;
use crate::explore::{CsvFile, ScanProgress};
use crate::tui::msg::{Effect, Msg};
use crate::tui::screens::table::TableState;
use crate::tui::tests::{press, state};

/// A state with the table of a small bill file open.
fn with_table() -> (tempfile::TempDir, crate::tui::State) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bills.csv");
    std::fs::write(
        &path,
        "account,subtotal,billCurrency,servicePeriodStartDate\nacme,1,USD,2026-09-01\nacme,2,USD,2026-10-01\n",
    )
    .unwrap();
    let mut s = state();
    s.table = Some(TableState::new(
        CsvFile::open(&path).unwrap(),
        ScanProgress::default(),
        false,
        None,
    ));
    (dir, s)
}

/// The pivot an effect asks for, made as the runtime would, as its message.
fn made(effects: &[Effect]) -> Msg {
    effects
        .iter()
        .find_map(crate::tui::screens::analysis::pivot::work::work)
        .unwrap_or_else(|| panic!("a pivot asked for: {effects:?}"))
}

fn pivot_of(s: &crate::tui::State) -> &crate::tui::screens::analysis::pivot::PivotState {
    let table = s.table.as_ref().unwrap();
    match table
        .analysis
        .as_ref()
        .or(table.drilled.as_ref().map(|d| &d.back))
    {
        Some(Analysis::Pivot(p)) => p,
        other => panic!("a pivot expected, got {other:?}"),
    }
}

#[test]
fn a_pass_that_ends_during_a_drill_down_is_shown_on_the_way_back() {
    let (_d, mut s) = with_table();
    let first = press(&mut s, KeyCode::Char('P'));
    crate::tui::update(&mut s, made(&first));
    // A new measure, then a drill-down before its pass has answered.
    let again = press(&mut s, KeyCode::Char('m'));
    press(&mut s, KeyCode::Enter);
    assert!(s.table.as_ref().unwrap().drilled.is_some());
    crate::tui::update(&mut s, made(&again));
    assert!(
        pivot_of(&s).job.ticket().is_none(),
        "the answer reached the pivot"
    );
    press(&mut s, KeyCode::Esc);
    assert!(pivot_of(&s).job.ticket().is_none() && pivot_of(&s).error.is_some());
}

#[test]
fn a_new_pivot_numbers_its_passes_after_the_last_ones() {
    let (_d, mut s) = with_table();
    let first = press(&mut s, KeyCode::Char('P'));
    press(&mut s, KeyCode::Esc);
    let second = press(&mut s, KeyCode::Char('P'));
    let id = |effects: &[Effect]| {
        effects.iter().find_map(|e| match e {
            Effect::RunPivot { id, .. } => Some(*id),
            _ => None,
        })
    };
    assert_ne!(id(&first), id(&second));
    // The first pivot's late answer is not taken for the second's.
    crate::tui::update(&mut s, made(&first));
    assert!(pivot_of(&s).made.is_none() && pivot_of(&s).job.ticket().is_some());
}
