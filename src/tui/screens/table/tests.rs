//! The table view's keys and news, on real files: sorting and filtering jobs, the totals, the
//! column chooser, filter chips and the totals' focus.

/// The table's key handling with the totals it asks for made at once, as the runtime's task
/// would make them.
mod with_totals_made {
    use crate::tui::keymap::Action;
    use crate::tui::msg::{Effect, Msg};
    use crate::tui::screens::table::TableState;
    use crate::tui::screens::table::update;

    pub fn on_action(
        table: &mut TableState,
        action: Action,
        size: (u16, u16),
    ) -> (bool, Vec<Effect>) {
        let (closed, effects) = update::on_action(table, action, size);
        made(table, &effects);
        (closed, effects)
    }

    /// Makes the totals `effects` ask for, and those their answers ask for.
    pub fn made(table: &mut TableState, effects: &[Effect]) {
        for effect in effects {
            if let Some(Msg::TotalsMade(source, rows)) = crate::tui::screens::work(effect) {
                let again = table.on_totals(source, rows);
                made(table, &again.into_iter().collect::<Vec<_>>());
            }
        }
    }
}

mod keys {
    use super::with_totals_made::on_action;
    use crate::explore::{CsvFile, Grouping, ScanProgress};
    use crate::tui::keymap::Action;
    use crate::tui::msg::{Effect, JobOutput};
    use crate::tui::screens::table::TableState;
    use crate::tui::screens::table::update::{TableNews, on_message};

    fn table_view() -> TableState {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv/ragged.csv");
        TableState::new(
            CsvFile::open(&path).unwrap(),
            ScanProgress::default(),
            false,
            None,
        )
    }

    fn output(rows: Vec<u32>) -> Result<JobOutput, String> {
        Ok(JobOutput { rows, totals: None })
    }

    #[test]
    fn a_late_answer_to_an_old_sort_is_dropped() {
        let mut table = table_view();
        let size = (120, 40);
        on_action(&mut table, Action::Sort, size);
        let first = table.job.ticket().unwrap();
        on_action(&mut table, Action::Sort, size);
        let second = table.job.ticket().unwrap();
        assert_eq!(table.sort, Some((0, true)));
        on_message(
            &mut table,
            TableNews::Job(first, output(vec![0, 1, 2])),
            size,
        );
        assert!(table.order.is_none());
        on_message(
            &mut table,
            TableNews::Job(second, output(vec![2, 1, 0])),
            size,
        );
        assert_eq!(table.order.as_deref(), Some(&vec![2, 1, 0]));
        // A third press goes back to file order.
        on_action(&mut table, Action::Sort, size);
        assert!(table.order.is_none() && table.sort.is_none() && table.job.ticket().is_none());
    }

    #[test]
    fn stopping_a_filter_leaves_the_rows_as_they_were() {
        let mut table = table_view();
        on_action(&mut table, Action::Filter, (120, 40));
        table.prompt.as_mut().unwrap().text.insert_str("acme");
        let (_, effects) = on_action(&mut table, Action::Save, (120, 40));
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::RunFilter { .. }))
        );
        let (_, effects) = on_action(&mut table, Action::CancelJob, (120, 40));
        assert!(effects.iter().any(|e| matches!(e, Effect::CancelJob)));
        assert!(table.filters.is_empty() && table.job.ticket().is_none());
    }

    #[test]
    fn the_totals_are_made_when_their_rows_change_not_per_key() {
        let mut table = table_view();
        let columns = crate::explore::Columns::find(table.file.headers());
        crate::explore::scan(
            &table.file,
            &columns,
            &table.scan,
            &std::sync::atomic::AtomicBool::new(false),
        );
        on_action(&mut table, Action::Totals, (120, 40));
        let made = |table: &TableState| table.totals_view.as_ref().map(|v| v.rows.as_ptr());
        let first = made(&table);
        assert!(first.is_some());
        for action in [Action::Down, Action::Right, Action::PageDown, Action::Up] {
            on_action(&mut table, action, (120, 40));
            assert_eq!(made(&table), first, "{action:?} remade the totals");
        }
        on_message(&mut table, TableNews::Tick, (120, 40));
        assert_eq!(made(&table), first);
        on_action(&mut table, Action::Totals, (120, 40));
        assert_eq!(table.totals, Some(Grouping::Account));
        assert_ne!(made(&table), first);
        on_action(&mut table, Action::Back, (120, 40));
        assert!(table.totals_view.is_none());
    }

    #[test]
    fn the_totals_are_made_off_the_screen_and_a_copy_meanwhile_says_to_wait() {
        let mut table = table_view();
        let columns = crate::explore::Columns::find(table.file.headers());
        crate::explore::scan(
            &table.file,
            &columns,
            &table.scan,
            &std::sync::atomic::AtomicBool::new(false),
        );
        // The key asks for the totals; the screen does not make them.
        let (_, asked) =
            crate::tui::screens::table::update::on_action(&mut table, Action::Totals, (120, 40));
        assert!(asked.iter().any(|e| matches!(e, Effect::MakeTotals { .. })));
        assert!(table.totals_view.is_none());
        let (_, copied) =
            crate::tui::screens::table::update::on_action(&mut table, Action::Copy, (120, 40));
        assert!(copied.iter().all(|e| !matches!(e, Effect::CopyText { .. })));
        assert_eq!(
            table.note.as_deref(),
            Some("The totals are still being added up: copy them once they show.")
        );
        super::with_totals_made::made(&mut table, &asked);
        assert!(table.totals_view.is_some());
        let (_, copied) = on_action(&mut table, Action::Copy, (120, 40));
        assert!(copied.iter().any(|e| matches!(e, Effect::CopyText { .. })));
    }

    #[test]
    fn fewer_rows_fit_with_the_totals_below_the_table() {
        let mut table = table_view();
        let wide = table.rows_fit((80, 24));
        table.totals = Some(Grouping::Account);
        assert!(table.rows_fit((80, 24)) < wide);
        assert_eq!(table.rows_fit((120, 40)), 34);
    }
}

mod analyst {
    use std::sync::atomic::AtomicBool;

    use super::with_totals_made::on_action;
    use crate::explore::{Columns, CsvFile, Grouping, Measure, ScanProgress, TotalsRow, scan};
    use crate::tui::keymap::Action;
    use crate::tui::msg::{Effect, JobOutput};
    use crate::tui::screens::table::update::{TableNews, on_message};
    use crate::tui::screens::table::{Focus, TableState};

    /// A bill file of 30 accounts in three currencies, scanned.
    fn bills() -> (tempfile::TempDir, TableState) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bills.csv");
        let mut text = String::from(
            "accountId,subtotal,billCurrency,account,lineItemType,productName,quantity,quantityUnit\n",
        );
        for i in 0..30 {
            let currency = ["USD", "EUR", "GBP"][i % 3];
            text.push_str(&format!(
                "id{i},{}.50,{currency},acct{i:02},USAGE,Seats,{i},seat\n",
                100 + i
            ));
        }
        std::fs::write(&path, text).unwrap();
        let file = CsvFile::open(&path).unwrap();
        let progress = ScanProgress::default();
        scan(
            &file,
            &Columns::find(file.headers()),
            &progress,
            &AtomicBool::new(false),
        );
        (dir, TableState::new(file, progress, false, None))
    }

    fn names(table: &TableState) -> Vec<&str> {
        table.shown.iter().map(|&c| table.header(c)).collect()
    }

    #[test]
    fn a_bill_file_opens_on_the_analysts_columns() {
        let (_dir, table) = bills();
        assert_eq!(
            names(&table),
            [
                "account",
                "lineItemType",
                "productName",
                "subtotal",
                "billCurrency",
                "quantity",
                "quantityUnit",
                "accountId"
            ]
        );
    }

    #[test]
    fn the_chooser_hides_moves_and_pins_and_asks_to_remember() {
        let (_dir, mut table) = bills();
        let size = (120, 40);
        on_action(&mut table, Action::Columns, size);
        assert!(table.chooser.is_some());
        // Hide lineItemType (line 1), move subtotal (now line 3) up, pin billCurrency.
        for action in [
            Action::Down,
            Action::Toggle,
            Action::Down,
            Action::Down,
            Action::MoveUp,
        ] {
            on_action(&mut table, action, size);
        }
        on_action(&mut table, Action::Down, size);
        on_action(&mut table, Action::Down, size);
        on_action(&mut table, Action::Pin, size);
        assert_eq!(names(&table)[0], "account", "nothing changes before Enter");
        let (_, effects) = on_action(&mut table, Action::Save, size);
        assert!(table.chooser.is_none());
        assert_eq!(
            names(&table),
            [
                "billCurrency",
                "account",
                "subtotal",
                "productName",
                "quantity",
                "quantityUnit",
                "accountId"
            ]
        );
        let remembered = effects.iter().find_map(|e| match e {
            Effect::RememberColumns { shown, .. } => Some(shown.clone()),
            _ => None,
        });
        assert_eq!(
            remembered.as_deref(),
            Some(
                &names(&table)
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()[..]
            )
        );
        // The last shown column cannot be hidden.
        on_action(&mut table, Action::Columns, size);
        for _ in 0..8 {
            on_action(&mut table, Action::Toggle, size);
            on_action(&mut table, Action::Down, size);
        }
        let chooser = table.chooser.as_mut().unwrap();
        assert_eq!(chooser.shown().len(), 1);
        chooser.cursor = chooser.lines.iter().position(|l| l.shown).unwrap();
        on_action(&mut table, Action::Toggle, size);
        let chooser = table.chooser.as_ref().unwrap();
        assert_eq!(chooser.shown().len(), 1);
        assert!(chooser.note.is_some());
        on_action(&mut table, Action::Cancel, size);
        assert_eq!(table.shown.len(), 7, "Esc changes nothing");
        // A remembered choice is used for the same header.
        let (_dir2, again) = bills();
        let view = TableState::new(
            again.file.clone(),
            again.scan.clone(),
            false,
            Some(&["subtotal".to_string(), "nope".to_string()]),
        );
        assert_eq!(names(&view), ["subtotal"]);
    }

    fn add_filter(table: &mut TableState, text: &str, this_column: bool) -> Vec<Effect> {
        on_action(table, Action::Filter, (120, 40));
        let prompt = table.prompt.as_mut().unwrap();
        prompt.text.insert_str(text);
        prompt.this_column = this_column;
        on_action(table, Action::Save, (120, 40)).1
    }

    fn filters_sent(effects: &[Effect]) -> Vec<String> {
        effects
            .iter()
            .find_map(|e| match e {
                Effect::RunFilter { filters, .. } => {
                    Some(filters.iter().map(|f| f.text.clone()).collect())
                }
                _ => None,
            })
            .unwrap_or_default()
    }

    #[test]
    fn filters_add_up_and_each_can_be_removed_or_changed() {
        let (_dir, mut table) = bills();
        let size = (120, 40);
        add_filter(&mut table, "USD", false);
        let effects = add_filter(&mut table, "acct1", true);
        assert_eq!(filters_sent(&effects), ["USD", "acct1"]);
        assert_eq!(table.filters[1].column, Some(table.shown[0]));
        // Tab to the filters, pick the first, remove it.
        on_action(&mut table, Action::NextPane, size);
        assert_eq!(table.focus, Focus::Filters);
        let (_, effects) = on_action(&mut table, Action::RemoveFilter, size);
        assert_eq!(filters_sent(&effects), ["acct1"]);
        // Change the one left.
        on_action(&mut table, Action::Edit, size);
        let prompt = table.prompt.as_mut().unwrap();
        prompt.text.select_all();
        prompt.text.cut();
        prompt.text.insert_str("acct2");
        let (_, effects) = on_action(&mut table, Action::Save, size);
        assert_eq!(filters_sent(&effects), ["acct2"]);
        assert_eq!(table.filters.len(), 1);
        // Esc removes the last filter; with none left the focus is back on the rows.
        on_action(&mut table, Action::Back, size);
        assert!(table.filters.is_empty());
        assert_eq!(table.focus, Focus::Rows);
    }

    #[test]
    fn a_stopped_filter_run_puts_the_filters_in_force_back() {
        let (_dir, mut table) = bills();
        let size = (120, 40);
        add_filter(&mut table, "USD", false);
        let id = table.job.ticket().unwrap();
        on_message(
            &mut table,
            TableNews::Job(
                id,
                Ok(JobOutput {
                    rows: vec![0, 3],
                    totals: None,
                }),
            ),
            size,
        );
        add_filter(&mut table, "acct", false);
        on_action(&mut table, Action::CancelJob, size);
        assert_eq!(table.filters.len(), 1);
        assert_eq!(table.filters[0].text, "USD");
    }

    #[test]
    fn the_totals_scroll_to_every_currency_at_80x24() {
        let (_dir, mut table) = bills();
        let size = (80, 24);
        on_action(&mut table, Action::Totals, size);
        on_action(&mut table, Action::Totals, size);
        assert_eq!(table.totals, Some(Grouping::Account));
        let lines = table.totals_view.as_ref().unwrap().rows.len();
        assert_eq!(lines, 33, "30 accounts under 3 currency headings");
        on_action(&mut table, Action::NextPane, size);
        assert_eq!(table.focus, Focus::Totals);
        let cursor = table.cursor;
        on_action(&mut table, Action::Down, size);
        assert_eq!(
            (table.totals_top, table.cursor),
            (1, cursor),
            "Down scrolls the totals"
        );
        on_action(&mut table, Action::Bottom, size);
        let fit = table.areas(size).totals_fit();
        assert!(fit < 12, "not even one currency fits at once");
        assert_eq!(table.totals_top, lines - fit, "the last line is in view");
        on_action(&mut table, Action::Top, size);
        assert_eq!(table.totals_top, 0);
        on_action(&mut table, Action::PageDown, size);
        assert_eq!(table.totals_top, fit);
        // Tab goes back to the rows, where Down moves the cursor again.
        on_action(&mut table, Action::NextPane, size);
        on_action(&mut table, Action::Down, size);
        assert_eq!(table.cursor, cursor + 1);
    }

    #[test]
    fn the_measure_switches_to_quantity_per_unit() {
        let (_dir, mut table) = bills();
        let size = (120, 40);
        on_action(&mut table, Action::Measure, size);
        assert_eq!(table.measure, Measure::Subtotal, "m first opens the totals");
        on_action(&mut table, Action::Measure, size);
        assert_eq!(table.measure, Measure::Converted);
        assert!(
            table
                .note
                .as_deref()
                .unwrap_or("")
                .contains("convertedSubtotal")
        );
        on_action(&mut table, Action::Measure, size);
        assert_eq!(table.measure, Measure::Quantity);
        let rows = &table.totals_view.as_ref().unwrap().rows;
        // 0 + 1 + ... + 29 seats, in one unit.
        match &rows[0] {
            TotalsRow::Unit { unit, total } => {
                assert_eq!(
                    (unit.as_str(), total.net().format(0)),
                    ("seat", "435".into())
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
