use super::*;
use crate::explore::{Filter, Provenance, Sum};
use crate::query::Kind;
use csv::ByteRecord;

use crate::explore::file::written as file;

fn spec(rows: &str, columns: PivotColumns) -> PivotSpec {
    PivotSpec {
        rows: rows.into(),
        columns,
        measure: Measure::Subtotal,
        filters: Vec::new(),
        order: RowOrder::Total,
        top: None,
        min_credit_share: None,
        provenance: Provenance::default(),
    }
}

const BILLS: &str = "account,subtotal,billCurrency,servicePeriodStartDate,lineItemType,quantity,quantityUnit\n\
acme,100.10,USD,2025-12-01T00:00:00Z,USAGE,1,GB\n\
acme,-20.05,USD,2026-01-01,CREDIT_MEMO,2,GB\n\
globex,50,USD,2026-03-31,USAGE,3,hours\n\
globex,7,EUR,2026-04-01,USAGE,4,GB\n\
acme,1,USD,,USAGE,5,GB\n\
initech,0.01,USD,2026-03-15,USAGE,6,GB\n";

fn cells(row: &PivotRow, columns: usize) -> Vec<String> {
    row.cells
        .dense(columns)
        .map(|c| c.net().to_string())
        .collect()
}

fn keys(rows: &[PivotRow]) -> Vec<String> {
    rows.iter().map(|r| r.key().into_owned()).collect()
}

#[test]
fn months_in_order_with_the_empty_ones_between_and_currencies_apart() {
    let (_d, f) = file(BILLS);
    let p = pivot(
        &f,
        &spec(
            "account",
            PivotColumns::Time(Bucket::Month, DateColumn::ServicePeriod),
        ),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(
        p.columns,
        ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04"]
    );
    assert_eq!(p.undated, 1, "the row with no date");
    assert_eq!(
        p.units.iter().map(|u| u.unit.as_str()).collect::<Vec<_>>(),
        ["USD", "EUR"]
    );
    let usd = &p.units[0];
    assert_eq!(usd.rows[0].key(), "acme");
    assert_eq!(
        cells(&usd.rows[0], p.columns.len()),
        ["100.10", "-20.05", "0.00", "0.00", "0.00"]
    );
    assert_eq!(usd.rows[0].total().net().to_string(), "80.05");
    assert_eq!(usd.rows[0].total().of(Kind::Credits).to_string(), "-20.05");
    assert_eq!(
        usd.totals
            .dense(p.columns.len())
            .map(|c| c.net().to_string())
            .collect::<Vec<_>>(),
        ["100.10", "-20.05", "0.00", "50.01", "0.00"]
    );
    assert_eq!(usd.total.net().to_string(), "130.06");
    let eur = &p.units[1];
    assert_eq!(
        cells(&eur.rows[0], p.columns.len()),
        ["0.00", "0.00", "0.00", "0.00", "7.00"]
    );
}

#[test]
fn quarters_and_years_end_where_the_calendar_does() {
    let (_d, f) = file(BILLS);
    let go = AtomicBool::new(false);
    let p = pivot(
        &f,
        &spec(
            "account",
            PivotColumns::Time(Bucket::Quarter, DateColumn::ServicePeriod),
        ),
        &go,
    )
    .unwrap();
    assert_eq!(p.columns, ["2025-Q4", "2026-Q1", "2026-Q2"]);
    let globex = p.units[0]
        .rows
        .iter()
        .find(|r| r.key() == "globex")
        .unwrap();
    assert_eq!(
        cells(globex, p.columns.len()),
        ["0.00", "50.00", "0.00"],
        "31 March is in Q1"
    );
    let p = pivot(
        &f,
        &spec(
            "account",
            PivotColumns::Time(Bucket::Year, DateColumn::ServicePeriod),
        ),
        &go,
    )
    .unwrap();
    assert_eq!(p.columns, ["2025", "2026"]);
    assert_eq!(
        cells(&p.units[0].rows[0], p.columns.len()),
        ["100.10", "-20.05"]
    );
}

#[test]
fn by_another_column_with_top_rows_and_others_and_quantity_per_unit() {
    let (_d, f) = file(BILLS);
    let go = AtomicBool::new(false);
    let mut s = spec("account", PivotColumns::Values("lineItemType".into()));
    s.top = Some(1);
    let p = pivot(&f, &s, &go).unwrap();
    assert_eq!(p.columns, ["CREDIT_MEMO", "USAGE"]);
    let usd = &p.units[0];
    assert_eq!(keys(&usd.rows), ["acme", OTHERS]);
    assert_eq!(cells(&usd.rows[1], p.columns.len()), ["0.00", "50.01"]);
    assert_eq!(
        usd.total.net().to_string(),
        "131.06",
        "others keep the total whole"
    );
    s.top = None;
    s.measure = Measure::Quantity;
    s.filters = vec![Filter::new("acme", Some(0))];
    let p = pivot(&f, &s, &go).unwrap();
    assert_eq!(p.units.len(), 1);
    assert_eq!(
        (p.units[0].unit.as_str(), p.units[0].total.net().format(0)),
        ("GB", "8".into())
    );
}

#[test]
fn the_top_rows_are_the_largest_whatever_the_order() {
    let (_d, f) = file(BILLS);
    let mut s = spec("account", PivotColumns::Values("lineItemType".into()));
    s.top = Some(2);
    s.order = RowOrder::Name;
    let p = pivot(&f, &s, &AtomicBool::new(false)).unwrap();
    assert_eq!(
        keys(&p.units[0].rows),
        ["acme", "globex", OTHERS],
        "initech, the smallest, is the one in others"
    );
    let lines = p.top(0, 1);
    assert_eq!(keys(&lines), ["acme", OTHERS], "one others row, not two");
    assert_eq!(
        lines[1].total().net().to_string(),
        "50.01",
        "globex's and initech's"
    );
    let mut p = p;
    p.reorder(RowOrder::Last);
    assert_eq!(
        keys(&p.units[0].rows),
        ["acme", "globex", OTHERS],
        "others stays last"
    );
}

#[test]
fn two_threads_number_the_values_apart_and_merge_them_by_value() {
    let at = Located {
        rows: crate::explore::Levels::one(0),
        by: 1,
        bucket: None,
        value: 2,
        unit: None,
        kind: None,
        end: None,
    };
    let row = |cells: &[&str]| ByteRecord::from(cells.to_vec());
    let (mut first, mut second) = (Adding::default(), Adding::default());
    first.add(&row(&["acme", "USAGE", "1"]), &at);
    first.add(&row(&["acme", "CREDIT", "-2"]), &at);
    second.add(&row(&["globex", "CREDIT", "-3"]), &at);
    second.add(&row(&["acme", "FEE", "4"]), &at);
    second.add(&row(&["acme", "USAGE", "5"]), &at);
    first.merge(second);
    let laid = first.lay_out(None);
    assert_eq!(
        laid.columns,
        ["CREDIT", "FEE", "USAGE"].map(|v| ColumnKey::Value(v.as_bytes().into()))
    );
    let (_, rows) = &laid.units[0];
    let acme = rows.iter().find(|r| r.key() == "acme").unwrap();
    assert_eq!(cells(acme, 3), ["-2.00", "4.00", "6.00"]);
    let globex = rows.iter().find(|r| r.key() == "globex").unwrap();
    assert_eq!(cells(globex, 3), ["-3.00", "0.00", "0.00"]);
}

#[test]
fn far_off_dates_skip_the_long_gap_and_say_it() {
    let (_d, f) = file(
        "account,subtotal,servicePeriodStartDate\n\
acme,1,1900-01-01\n\
acme,2,2026-01-01\n\
acme,3,2026-04-01\n\
acme,4,2200-12-01\n",
    );
    let p = pivot(
        &f,
        &spec(
            "account",
            PivotColumns::Time(Bucket::Month, DateColumn::ServicePeriod),
        ),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(
        p.columns,
        [
            "1900-01", "2026-01", "2026-02", "2026-03", "2026-04", "2200-12"
        ],
        "the short gap is filled, the long ones are not"
    );
    assert_eq!(
        p.gaps,
        [
            "no lines from 1900-02 to 2025-12 (1,511 months): those columns are left out",
            "no lines from 2026-05 to 2200-11 (2,095 months): those columns are left out",
        ]
    );
    assert_eq!(p.units[0].total.net().to_string(), "10.00");
}

#[test]
fn time_columns_the_file_holds_in_part_are_marked() {
    use chrono::NaiveDate;
    let (_d, f) = file(
        "account,subtotal,servicePeriodStartDate,servicePeriodEndDate\n\
acme,1,2026-06-10,2026-07-01\n\
acme,2,2026-07-01,2026-08-01\n\
acme,3,2026-12-01,2027-01-01\n",
    );
    let mut s = spec(
        "account",
        PivotColumns::Time(Bucket::Month, DateColumn::ServicePeriod),
    );
    s.provenance.today = NaiveDate::from_ymd_opt(2026, 12, 6);
    let p = pivot(&f, &s, &AtomicBool::new(false)).unwrap();
    assert_eq!(p.column_label(0), "2026-06 (from 06-10)");
    assert_eq!(p.column_label(1), "2026-07");
    assert_eq!(p.column_label(6), "2026-12 (to date)");
    assert!(p.warnings().iter().any(|n| n
        == "2026-06 (from 06-10), 2026-12 (to date) are only partly in the file \
            (service periods 2026-06-10 to 2026-12-06)"));
    // The request the tool made says more than the data: June was asked for whole.
    s.provenance.requested = Some((
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
    ));
    let p = pivot(&f, &s, &AtomicBool::new(false)).unwrap();
    assert_eq!(p.column_label(0), "2026-06");
    assert_eq!(p.column_label(6), "2026-12 (to date)");
}

#[test]
fn a_missing_column_names_the_ones_there_are() {
    let (_d, f) = file("account,subtotal\nacme,1\n");
    let err = pivot(
        &f,
        &spec(
            "account",
            PivotColumns::Time(Bucket::Month, DateColumn::ServicePeriod),
        ),
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "this file has no servicePeriodStartDate column; it has: account, subtotal"
    );
    let err = pivot(
        &f,
        &spec("product", PivotColumns::Values("account".into())),
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("this file has no product column")
    );
}

#[test]
fn a_sum_that_would_pass_the_exact_range_is_marked_not_wrapped() {
    // Just under 10^18 a line (the most that is read): about 10^12 lines would pass
    // 10^30. Cells merged into themselves stand for that many lines, through the same
    // checked adding the threads' sums meet.
    use crate::explore::Amount;
    let mut cell = Sum::default();
    let big = Amount::parse(b"999999999999999999").unwrap();
    let mut lines = 0u64;
    while !cell.beyond_range() {
        let before = cell;
        cell.merge(&before);
        if before.rows == 0 {
            cell.add(big, Kind::Charges);
        }
        lines += 1;
        assert!(lines < 200, "doubling reaches the range");
    }
    assert!(
        cell.net().in_range(),
        "the part is held back, never wrapped"
    );
    assert_eq!(cell.rows, 1u64 << (lines - 1));
}

#[test]
fn bucket_labels_and_numbers_round_trip() {
    for (bucket, cell, label) in [
        (Bucket::Month, "2026-01-31", "2026-01"),
        (Bucket::Month, "2025-12-01T00:00:00Z", "2025-12"),
        (Bucket::Quarter, "2026-10-01", "2026-Q4"),
        (Bucket::Quarter, "2026-09-30", "2026-Q3"),
        (Bucket::Year, "2026-12-31", "2026"),
    ] {
        let n = bucket.of(cell.as_bytes()).unwrap();
        assert_eq!(bucket.label(n), label, "{cell}");
    }
    assert_eq!(Bucket::Month.of(b"2026-13-01"), None);
    assert_eq!(Bucket::Month.of(b"0001-01-01"), None, "no bill is that old");
    assert_eq!(Bucket::Month.of(b"October"), None);
}
