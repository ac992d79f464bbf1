use super::*;
use crate::query::{DateInput, Dimension, QueryDraft, validate};
use std::collections::{HashMap, HashSet};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn book() -> BillBook {
    BillBook::generate(&Seed::builtin(), today())
}

fn query(
    start: &str,
    end: &str,
    types: &[&str],
    dims: Vec<Dimension>,
    limit: Option<&str>,
) -> BillQuery {
    let draft = QueryDraft {
        dates: DateInput::Typed {
            start: Some(start.into()),
            end: Some(end.into()),
        },
        line_item_types: types.iter().map(|s| s.to_string()).collect(),
        dimensions: dims,
        limit: limit.map(str::to_string),
        ..QueryDraft::default()
    };
    validate(&draft, chrono::Utc::now()).unwrap()
}

fn all_types() -> Vec<&'static str> {
    LineItemType::ALL.iter().map(|t| t.wire_name()).collect()
}

#[test]
fn deterministic_and_complete() {
    let a = book();
    assert_eq!(a.rows(), book().rows());
    let types: HashSet<_> = a.rows().iter().map(|r| r.line_item_type).collect();
    assert_eq!(
        types.len(),
        19,
        "missing: {:?}",
        LineItemType::ALL
            .iter()
            .filter(|t| !types.contains(t))
            .collect::<Vec<_>>()
    );
    let months: HashSet<_> = a.rows().iter().map(|r| r.bill.period_start).collect();
    assert_eq!(months.len(), MONTHS as usize);
    assert_eq!(
        months.iter().max(),
        Some(&NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
    );
    let currencies: HashSet<_> = a.rows().iter().map(|r| r.bill.currency.as_str()).collect();
    assert_eq!(currencies.len(), 3);
}

#[test]
fn credits_are_negative_and_charges_positive() {
    for r in book().rows() {
        if r.line_item_type.is_credit() {
            assert!(
                r.subtotal_cents <= 0,
                "{:?} {}",
                r.line_item_type,
                r.subtotal_cents
            );
        } else if r.line_item_type != LineItemType::ManualAdjustment {
            assert!(
                r.subtotal_cents >= 0,
                "{:?} {}",
                r.line_item_type,
                r.subtotal_cents
            );
        }
    }
}

#[test]
fn commitment_and_minimum_lines_add_up() {
    let book = book();
    let mut by_bill: HashMap<&str, Vec<&BillRow>> = HashMap::new();
    for r in book.rows() {
        by_bill.entry(&r.bill.id).or_default().push(r);
    }
    for lines in by_bill.values() {
        let sum = |t: LineItemType| -> i64 {
            lines
                .iter()
                .filter(|l| l.line_item_type == t)
                .map(|l| l.subtotal_cents)
                .sum()
        };
        let usage = sum(LineItemType::Usage);
        // What is drawn from a commitment, a minimum or a balance never exceeds the usage.
        assert!(-sum(LineItemType::CommitmentConsumed) <= usage);
        assert!(-sum(LineItemType::MinimumSpendRefund) <= usage);
        assert!(-sum(LineItemType::BalanceConsumed) <= usage);
        if sum(LineItemType::CommitmentFee) > 0 {
            assert_eq!(
                -sum(LineItemType::CommitmentConsumed),
                usage.min(sum(LineItemType::CommitmentFee))
            );
        }
    }
}

#[test]
fn selects_by_dates_types_dimensions_and_limit() {
    let book = book();
    let october = query("2026-10-01", "2026-11-01", &["USAGE"], vec![], None);
    let rows = book.select(&october).unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.line_item_type == LineItemType::Usage
        && r.bill.period_start == NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()));

    let accounts = |values: &[&str]| {
        query(
            "2026-01-01",
            "2026-11-01",
            &all_types(),
            vec![Dimension {
                name: "account".into(),
                filter: values.iter().map(|v| v.to_string()).collect(),
                attributes: vec![],
            }],
            None,
        )
    };
    // As m3ter matches: codes, exactly. A name or another case where a code belongs is nothing.
    assert!(
        book.select(&accounts(&["ACME", "Initech"]))
            .unwrap()
            .is_empty()
    );
    let acme = accounts(&["acme", "initech"]);
    let codes: HashSet<_> = book
        .select(&acme)
        .unwrap()
        .iter()
        .map(|r| r.party.code.clone())
        .collect();
    assert_eq!(
        codes,
        HashSet::from(["acme".to_string(), "initech".to_string()])
    );

    let seats = query(
        "2026-01-01",
        "2026-11-01",
        &all_types(),
        vec![Dimension {
            name: "product name".into(),
            filter: vec!["Seats".into()],
            attributes: vec![],
        }],
        Some("7"),
    );
    let rows = book.select(&seats).unwrap();
    assert_eq!(rows.len(), 7);
    assert!(rows.iter().all(|r| r.product_name == "Seats"));

    let every = query(
        "2026-01-01",
        "2026-11-01",
        &["USAGE"],
        vec![Dimension {
            name: "account".into(),
            filter: vec!["*".into()],
            attributes: vec![],
        }],
        None,
    );
    let plain = query("2026-01-01", "2026-11-01", &["USAGE"], vec![], None);
    assert_eq!(
        book.select(&every).unwrap().len(),
        book.select(&plain).unwrap().len()
    );

    let bad = query(
        "2026-01-01",
        "2026-11-01",
        &["USAGE"],
        vec![Dimension {
            name: "region".into(),
            filter: vec!["*".into()],
            attributes: vec![],
        }],
        None,
    );
    assert_eq!(
        book.select(&bad).unwrap_err(),
        UnknownDimension("region".into())
    );
}

#[test]
fn csv_records_match_the_header_and_convert_consistently() {
    for r in book().rows().iter().take(200) {
        let rec = r.record();
        assert_eq!(rec.len(), super::super::row::COLUMNS.len());
        let subtotal: f64 = rec[17].parse().unwrap();
        let converted: f64 = rec[18].parse().unwrap();
        let rate: f64 = rec[19].parse().unwrap();
        assert!((subtotal * rate - converted).abs() <= 0.011, "{rec:?}");
    }
}
