use super::*;
use crate::explore::Provenance;
use crate::explore::file::written as file;
use crate::explore::filter_rows;

const BILLS: &str = "account,subtotal,billCurrency,servicePeriodStartDate\n\
acme,100,USD,2025-09-01\n\
acme,50,USD,2025-10-03\n\
globex,10,USD,2025-09-30T00:00:00Z\n\
globex,25.50,USD,2025-10-01\n\
initech,7,USD,2025-09-15\n\
hooli,12,USD,2025-10-31\n\
umbrella,5,USD,2025-09-02\n\
umbrella,5,USD,2025-10-02\n\
umbrella,-1,EUR,2025-10-02\n\
acme,999,USD,2025-11-01\n\
acme,x,USD,2025-10-05\n";

fn spec(a: &str, b: &str) -> CompareSpec {
    CompareSpec {
        by: "account".into(),
        a: Period::parse(a).unwrap(),
        b: Period::parse(b).unwrap(),
        date: DateColumn::ServicePeriod,
        measure: Measure::Subtotal,
        filters: Vec::new(),
        select: Selection::default(),
        order: CompareOrder::default(),
        provenance: Provenance::default(),
        baseline: None,
    }
}

fn run(s: &CompareSpec) -> Comparison {
    let (_d, f) = file(BILLS);
    compare(&f, s, &AtomicBool::new(false)).unwrap()
}

#[test]
fn every_status_and_the_bridge_in_every_currency() {
    let c = run(&spec("2025-09", "2025-10"));
    assert_eq!(
        c.units.iter().map(|u| u.unit.as_str()).collect::<Vec<_>>(),
        ["USD", "EUR"]
    );
    let usd = &c.units[0];
    let got: Vec<String> = usd
        .lines
        .iter()
        .map(|l| {
            let pct = l
                .change_pct
                .map_or_else(|| "-".to_string(), |p| p.format(1));
            format!(
                "{} {} {} {} {pct} {}",
                l.key,
                l.a.net(),
                l.b.net(),
                l.change,
                l.status.word()
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "acme 100.00 50.00 -50.00 -50.0 contracted",
            "globex 10.00 25.50 15.50 155.0 expanded",
            "hooli 0.00 12.00 12.00 - new",
            "initech 7.00 0.00 -7.00 -100.0 churned",
            "umbrella 5.00 5.00 0.00 0.0 flat",
        ]
    );
    let b = usd.bridge;
    assert_eq!(
        [b.a, b.new, b.expanded, b.contracted, b.churned, b.b].map(|x| x.to_string()),
        ["122.00", "12.00", "15.50", "50.00", "7.00", "92.50"]
    );
    let eur = c.units[1].bridge;
    assert_eq!(
        [eur.a, eur.new, eur.b].map(|x| x.to_string()),
        ["0.00", "-1.00", "-1.00"]
    );
    for u in &c.units {
        let b = u.bridge;
        assert_eq!(
            b.a + b.new + b.expanded - b.contracted - b.churned,
            b.b,
            "{}: the bridge adds up",
            u.unit
        );
    }
    assert_eq!(
        (c.lines_a, c.lines_b),
        (4, 5),
        "acme's x in October is no number, and counts in neither"
    );
    assert_eq!(c.unreadable.count, 1);
}

#[test]
fn thresholds_hide_small_changes_and_keep_them_in_the_totals() {
    let mut s = spec("2025-09", "2025-10");
    s.select.min_change = Some(Amount::parse(b"10").unwrap());
    let c = run(&s);
    let shown: Vec<&str> = c.units[0]
        .lines
        .iter()
        .filter(|l| l.material)
        .map(|l| l.key.as_str())
        .collect();
    assert_eq!(shown, ["acme", "globex", "hooli"]);
    assert_eq!(c.units[0].hidden(), 2);
    assert_eq!(
        c.units[0].bridge.b.to_string(),
        "92.50",
        "hidden lines still count"
    );
    s.select.min_change = None;
    s.select.min_pct = Some(Amount::parse(b"60").unwrap());
    let c = run(&s);
    let shown: Vec<&str> = c.units[0]
        .lines
        .iter()
        .filter(|l| l.material)
        .map(|l| l.key.as_str())
        .collect();
    assert_eq!(shown, ["globex", "hooli", "initech"], "new always shows");
    let mut c = c;
    c.set_selection(Selection::default());
    assert_eq!(c.units[0].hidden(), 0, "thresholds changed in place");
}

#[test]
fn quarters_years_and_overlapping_periods() {
    let c = run(&spec("2025-Q3", "2025-Q4"));
    let acme = c.units[0].lines.iter().find(|l| l.key == "acme").unwrap();
    assert_eq!(
        (acme.a.net().to_string(), acme.b.net().to_string()),
        ("100.00".into(), "1,049.00".into())
    );
    let c = run(&spec("2024", "2025"));
    assert!(c.units[0].lines.iter().all(|l| l.status == Status::New));
    assert_eq!(
        c.empty_periods().unwrap(),
        "no line of the file falls in 2024; the file's dates run from 2025-09-01 to 2025-11-01"
    );
    let (_d, f) = file(BILLS);
    let err = compare(&f, &spec("2025-Q4", "2025-10"), &AtomicBool::new(false)).unwrap_err();
    assert!(err.to_string().contains("overlap"), "{err}");
}

#[test]
fn the_months_a_file_covers() {
    let (_d, f) = file(BILLS);
    let go = AtomicBool::new(false);
    let found = months(&f, DateColumn::ServicePeriod, &[], &go).unwrap();
    assert_eq!(found, [2025 * 12 + 8, 2025 * 12 + 9, 2025 * 12 + 10]);
    let initech = [Filter::new("initech", Some(0))];
    assert_eq!(
        months(&f, DateColumn::ServicePeriod, &initech, &go).unwrap(),
        [2025 * 12 + 8]
    );
    assert!(months(&f, DateColumn::BillDate, &[], &go).is_err());
}

#[test]
fn a_line_drills_to_exactly_its_rows_in_both_periods() {
    let (_d, f) = file(BILLS);
    let c = compare(&f, &spec("2025-09", "2025-10"), &AtomicBool::new(false)).unwrap();
    for (u, section) in c.units.iter().enumerate() {
        for (i, line) in section.lines.iter().enumerate() {
            let kept = filter_rows(&f, &c.drill(u, Some(i)), &AtomicBool::new(false))
                .unwrap()
                .0
                .len() as u64;
            assert_eq!(kept, line.a.rows + line.b.rows, "{}", line.key);
        }
    }
}

#[test]
fn a_mean_of_zero_with_lines_is_no_new_line_and_is_not_flagged_new() {
    // zero: credits as large as its charges each month, so its mean is 0 though it was billed.
    let (_d, f) = file(
        "account,lineItemType,subtotal,billCurrency,servicePeriodStartDate\n\
         zero,USAGE,100,USD,2026-09-01\nzero,CREDIT_MEMO,-100,USD,2026-09-01\n\
         zero,USAGE,100,USD,2026-10-01\nzero,CREDIT_MEMO,-100,USD,2026-10-01\n\
         zero,USAGE,5,USD,2026-11-01\nfresh,USAGE,7,USD,2026-11-01\n",
    );
    let b = Period::parse("2026-11").unwrap();
    let (a, periods) = Baseline::before(&b, 2).unwrap();
    let mut s = spec("2026-09", "2026-11");
    s.a = a;
    s.baseline = Some(periods);
    s.select.flag_pct = Some(Amount::parse(b"10").unwrap());
    let c = compare(&f, &s, &AtomicBool::new(false)).unwrap();
    let line = |key: &str| c.units[0].lines.iter().find(|l| l.key == key).unwrap();
    assert_eq!(line("zero").status, Status::Expanded);
    assert_eq!(
        line("zero").flag,
        None,
        "no percent of a zero mean, and not new"
    );
    assert_eq!(line("fresh").flag, Some(Flag::New));
}
