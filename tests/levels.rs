//! Rows on several levels, checked against sums made here from the demo's year: each line of
//! the deepest level, each group's subtotal and each currency's total.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::*;

/// The demo's bills of a year (December 2025 to November 2026), fetched a month at a time.
fn year_csv(dir: &Path) -> PathBuf {
    let path = dir.join("year.csv");
    bin()
        .args([
            "--demo",
            "query",
            "--start",
            "2025-12-01",
            "--end",
            "2026-12-01",
        ])
        .args(["--type", "all", "--split", "month", "--download"])
        .arg(&path)
        .assert()
        .success();
    path
}

/// The records of `command FILE ARGS --format csv`, by column name.
fn records(command: &str, path: &Path, args: &[&str]) -> Vec<HashMap<String, String>> {
    let out = bin()
        .arg(command)
        .arg(path)
        .args(args)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Cents of `subtotal` by the values of `keys` and the currency, month by month (`None`: the
/// whole file), from the file itself.
fn sums(path: &Path, keys: &[&str]) -> HashMap<(Vec<String>, String, String), i64> {
    let mut sums = HashMap::new();
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let keys: Vec<usize> = keys.iter().map(|k| at(k)).collect();
    let (unit, date, value) = (
        at("billCurrency"),
        at("servicePeriodStartDate"),
        at("subtotal"),
    );
    for record in reader.records() {
        let r = record.unwrap();
        let key: Vec<String> = keys.iter().map(|&k| r[k].to_string()).collect();
        for month in [r[date][..7].to_string(), "total".to_string()] {
            *sums
                .entry((key.clone(), r[unit].to_string(), month))
                .or_default() += cents(&r[value]);
        }
    }
    sums
}

#[test]
fn a_two_level_pivot_of_the_year_agrees_with_sums_made_here_line_group_and_total() {
    let dir = tempfile::tempdir().unwrap();
    let path = year_csv(dir.path());
    let rows = records(
        "pivot",
        &path,
        &["--rows", "account,productName", "--cols", "month"],
    );
    let lines = sums(&path, &["account", "productName"]);
    let groups = sums(&path, &["account"]);
    let months: Vec<String> = (0..12)
        .map(|i| {
            let (y, m) = if i == 0 { (2025, 12) } else { (2026, i) };
            format!("{y}-{m:02}")
        })
        .collect();
    let (mut seen_lines, mut seen_groups) = (0, 0);
    let mut current_group = None;
    for row in &rows {
        let (account, product, level) = (&row["account"], &row["productName"], &row["level"]);
        let currency = row["currency"].clone();
        let (key, expected) = match level.as_str() {
            "account" => {
                assert!(
                    product.is_empty(),
                    "a subtotal leaves the lower level blank"
                );
                current_group = Some(account.clone());
                seen_groups += 1;
                (vec![account.clone()], &groups)
            }
            "" => {
                assert_eq!(
                    current_group.as_ref(),
                    Some(account),
                    "a line follows its group's subtotal"
                );
                seen_lines += 1;
                (vec![account.clone(), product.clone()], &lines)
            }
            other => panic!("level {other}"),
        };
        for month in months.iter().chain([&"total".to_string()]) {
            let want = expected
                .get(&(key.clone(), currency.clone(), month.clone()))
                .copied()
                .unwrap_or_default();
            assert_eq!(cents(&row[month]), want, "{key:?} {currency} {month}");
        }
    }
    let pairs = |sums: &HashMap<(Vec<String>, String, String), i64>| {
        sums.keys().filter(|(_, _, m)| m == "total").count()
    };
    assert_eq!(seen_lines, pairs(&lines), "every account and product");
    assert_eq!(
        seen_groups,
        pairs(&groups),
        "every account, once per currency"
    );
}

#[test]
fn a_three_level_pivot_keeps_the_top_groups_and_adds_up_the_rest_as_others() {
    let dir = tempfile::tempdir().unwrap();
    let path = year_csv(dir.path());
    let rows = records(
        "pivot",
        &path,
        &[
            "--rows",
            "account,productName,lineItemType",
            "--cols",
            "year",
            "--top",
            "2",
        ],
    );
    let groups = sums(&path, &["account"]);
    // Per currency: the two largest accounts by the size of their total, worked out here.
    let mut by_currency: HashMap<String, Vec<(i64, String)>> = HashMap::new();
    for ((key, currency, month), cents) in &groups {
        if month == "total" {
            by_currency
                .entry(currency.clone())
                .or_default()
                .push((cents.abs(), key[0].clone()));
        }
    }
    for (currency, mut accounts) in by_currency {
        accounts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let firsts: Vec<&String> = rows
            .iter()
            .filter(|r| r["currency"] == currency && r["level"] == "account")
            .map(|r| &r["account"])
            .collect();
        let expected: Vec<&String> = accounts.iter().take(2).map(|(_, a)| a).collect();
        assert_eq!(firsts, expected, "{currency}");
        let others: Vec<_> = rows
            .iter()
            .filter(|r| r["currency"] == currency && r["account"] == "(others)")
            .collect();
        if accounts.len() > 2 {
            let rest: i64 = accounts
                .iter()
                .skip(2)
                .map(|(_, a)| groups[&(vec![a.clone()], currency.clone(), "total".into())])
                .sum();
            assert_eq!(others.len(), 1, "{currency}");
            assert_eq!(cents(&others[0]["total"]), rest, "{currency}");
        } else {
            assert!(others.is_empty(), "{currency}");
        }
    }
    // A second level's subtotal names its level, with the third left blank.
    let product = rows
        .iter()
        .find(|r| r["level"] == "productName")
        .expect("a product's subtotal");
    assert!(!product["productName"].is_empty() && product["lineItemType"].is_empty());
}

/// Cents of `subtotal` of the lines in `month` by the values of `keys` and the currency, from
/// the file itself.
fn month_sums(path: &Path, keys: &[&str], month: &str) -> HashMap<(Vec<String>, String), i64> {
    sums(path, keys)
        .into_iter()
        .filter(|((_, _, m), _)| m == month)
        .map(|((key, currency, _), cents)| ((key, currency), cents))
        .collect()
}

#[test]
fn a_two_level_comparison_agrees_with_sums_made_here_for_lines_and_groups() {
    let dir = tempfile::tempdir().unwrap();
    let path = year_csv(dir.path());
    let lines = records(
        "compare",
        &path,
        &[
            "--by",
            "account,productName",
            "--a",
            "2026-10",
            "--b",
            "2026-11",
        ],
    );
    let keys: [&[&str]; 2] = [&["account"], &["account", "productName"]];
    let [groups_a, leaves_a] = keys.map(|k| month_sums(&path, k, "2026-10"));
    let [groups_b, leaves_b] = keys.map(|k| month_sums(&path, k, "2026-11"));
    let mut seen = 0;
    for line in &lines {
        let currency = line["currency"].clone();
        let (key, a, b) = match line["level"].as_str() {
            "account" => {
                let key = vec![line["account"].clone()];
                (key.clone(), &groups_a, &groups_b)
            }
            "" => {
                let key = vec![line["account"].clone(), line["productName"].clone()];
                (key, &leaves_a, &leaves_b)
            }
            other => panic!("level {other}"),
        };
        let (a, b) = (
            a.get(&(key.clone(), currency.clone()))
                .copied()
                .unwrap_or(0),
            b.get(&(key.clone(), currency.clone()))
                .copied()
                .unwrap_or(0),
        );
        assert_eq!(cents(&line["a"]), a, "{key:?} {currency}");
        assert_eq!(cents(&line["b"]), b, "{key:?} {currency}");
        assert_eq!(cents(&line["change"]), b - a, "{key:?} {currency}");
        seen += 1;
    }
    let expected: std::collections::HashSet<_> = [&groups_a, &groups_b, &leaves_a, &leaves_b]
        .iter()
        .flat_map(|m| m.keys().cloned())
        .collect();
    assert_eq!(seen, expected.len(), "every group and line of either month");
}

#[test]
fn a_comparison_ranks_by_growth_keeps_a_status_and_the_top_n_per_currency() {
    let dir = tempfile::tempdir().unwrap();
    let path = year_csv(dir.path());
    let lines = records(
        "compare",
        &path,
        &[
            "--by", "account", "--a", "2026-10", "--b", "2026-11", "--sort", "growth", "--top",
            "3", "--status", "expanded",
        ],
    );
    let a = month_sums(&path, &["account"], "2026-10");
    let b = month_sums(&path, &["account"], "2026-11");
    // Per currency: the accounts billed in both months whose B is above A, by growth.
    let mut grew: HashMap<String, Vec<(i64, String)>> = HashMap::new();
    for ((key, currency), b_cents) in &b {
        if let Some(a_cents) = a.get(&(key.clone(), currency.clone()))
            && b_cents > a_cents
        {
            grew.entry(currency.clone())
                .or_default()
                .push((b_cents - a_cents, key[0].clone()));
        }
    }
    for (currency, mut accounts) in grew {
        accounts.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        let expected: Vec<&String> = accounts.iter().take(3).map(|(_, k)| k).collect();
        let shown: Vec<&String> = lines
            .iter()
            .filter(|l| l["currency"] == currency)
            .map(|l| &l["account"])
            .collect();
        assert_eq!(shown, expected, "{currency}");
    }
    assert!(lines.iter().all(|l| l["status"] == "expanded"));
}

#[test]
fn an_unknown_order_or_status_is_refused_with_the_words_there_are() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.csv");
    std::fs::write(
        &path,
        "account,subtotal,billCurrency,servicePeriodStartDate\nacme,1,USD,2026-10-01\n",
    )
    .unwrap();
    for (flag, word, said) in [
        ("--sort", "biggest", "change, growth, decline, a, b, name"),
        (
            "--status",
            "grown",
            "new, churned, expanded, contracted, flat",
        ),
    ] {
        let out = bin()
            .args(["compare"])
            .arg(&path)
            .args([
                "--by", "account", "--a", "2026-09", "--b", "2026-10", flag, word,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(said), "{stderr}");
    }
}

/// A file of four months of three accounts: acme steady, globex jumping in November, initech
/// dropping, and August left out of the file altogether.
const MONTHS: &str = "account,lineItemType,subtotal,billCurrency,servicePeriodStartDate\n\
acme,USAGE,100.00,USD,2026-09-01\n\
acme,USAGE,110.00,USD,2026-10-01\n\
acme,USAGE,104.00,USD,2026-11-01\n\
globex,USAGE,200.00,USD,2026-09-01\n\
globex,USAGE,201.00,USD,2026-10-01\n\
globex,USAGE,300.00,USD,2026-11-01\n\
initech,USAGE,90.00,USD,2026-09-01\n\
initech,USAGE,60.00,USD,2026-10-01\n\
initech,USAGE,40.00,USD,2026-11-01\n\
wonka,USAGE,12.00,USD,2026-11-01\n";

#[test]
fn a_month_against_its_usual_flags_the_jump_and_says_the_month_the_file_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("months.csv");
    std::fs::write(&path, MONTHS).unwrap();
    let out = bin()
        .arg("compare")
        .arg(&path)
        .args(["--by", "account", "--b", "2026-11", "--baseline", "3"])
        .args(["--min-pct", "30", "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("does not cover 2026-08") && stderr.contains("not counted as zero"),
        "{stderr}"
    );
    assert!(
        stderr.contains("against the mean of 2026-09, 2026-10"),
        "{stderr}"
    );
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[..8],
        [
            "account",
            "currency",
            "mean",
            "b",
            "deviation",
            "deviation_pct",
            "status",
            "flag"
        ]
    );
    let rows: HashMap<String, Vec<String>> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r.iter().map(String::from).collect())
        })
        .collect();
    // Each baseline month's net is a column, August's blank (not covered, not a zero).
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (aug, sep, oct) = (at("net_2026-08"), at("net_2026-09"), at("net_2026-10"));
    assert_eq!(rows["globex"][aug], "");
    assert_eq!(
        (cents(&rows["globex"][sep]), cents(&rows["globex"][oct])),
        (20000, 20100)
    );
    assert_eq!(
        rows["wonka"][sep], "0.00",
        "no line that month: a zero, as counted"
    );
    // Means of September and October only, worked out here: August is not in the file.
    for (account, mean, b, flag) in [
        ("acme", 10500, 10400, ""),
        ("globex", 20050, 30000, "above"),
        ("initech", 7500, 4000, "below"),
        ("wonka", 0, 1200, "new"),
    ] {
        let r = &rows[account];
        assert_eq!(cents(&r[2]), mean, "{account} mean");
        assert_eq!(cents(&r[3]), b, "{account} B");
        assert_eq!(cents(&r[4]), b - mean, "{account} deviation");
        assert_eq!(r[7], flag, "{account} flag");
    }
    // Only what strays, with --flagged.
    let flagged = records(
        "compare",
        &path,
        &[
            "--by",
            "account",
            "--b",
            "2026-11",
            "--baseline",
            "3",
            "--min-pct",
            "30",
            "--flagged",
        ],
    );
    let mut names: Vec<&str> = flagged.iter().map(|r| r["account"].as_str()).collect();
    names.sort();
    assert_eq!(names, ["globex", "initech", "wonka"]);
}

#[test]
fn november_against_its_three_months_before_agrees_with_means_made_here() {
    let dir = tempfile::tempdir().unwrap();
    let path = year_csv(dir.path());
    let lines = records(
        "compare",
        &path,
        &["--by", "account", "--b", "2026-11", "--baseline", "3"],
    );
    let b = month_sums(&path, &["account"], "2026-11");
    let months = ["2026-08", "2026-09", "2026-10"].map(|m| month_sums(&path, &["account"], m));
    for line in &lines {
        let key = (vec![line["account"].clone()], line["currency"].clone());
        let total: i64 = months
            .iter()
            .map(|m| m.get(&key).copied().unwrap_or(0))
            .sum();
        for (month, sums) in ["2026-08", "2026-09", "2026-10"].iter().zip(&months) {
            let net = cents(&line[&format!("net_{month}")]);
            assert_eq!(net, sums.get(&key).copied().unwrap_or(0), "{key:?} {month}");
        }
        // The mean to the cent, half away from zero: the file's amounts are in cents.
        let mean = (total * 2 + total.signum() * 3) / 6;
        assert_eq!(cents(&line["mean"]), mean, "{key:?}");
        let b = b.get(&key).copied().unwrap_or(0);
        assert_eq!(cents(&line["b"]), b, "{key:?}");
        assert_eq!(cents(&line["deviation"]), b - mean, "{key:?}");
    }
    assert!(!lines.is_empty());
}

#[test]
fn the_bills_whose_credits_are_above_ten_percent_of_their_charges_are_one_command() {
    let dir = tempfile::tempdir().unwrap();
    let path = year_csv(dir.path());
    let rows = records(
        "pivot",
        &path,
        &[
            "--rows",
            "account,billDate",
            "--cols",
            "year",
            "--credit-share-above",
            "10",
        ],
    );
    // Charges and credits in cents per bill (account, bill date, currency), the kinds as the
    // design lists them, written out here.
    let credits_types = [
        "USAGE_CREDIT",
        "COUNTER_ADJUSTMENT_CREDIT",
        "MINIMUM_SPEND_REFUND",
        "CREDIT_DEDUCTION",
        "CREDIT_MEMO",
    ];
    let other_types = [
        "COMMITMENT_CONSUMED",
        "BALANCE_CONSUMED",
        "MANUAL_ADJUSTMENT",
    ];
    let mut bills: HashMap<(String, String, String), (i64, i64)> = HashMap::new();
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (account, date, unit, kind, value) = (
        at("account"),
        at("billDate"),
        at("billCurrency"),
        at("lineItemType"),
        at("subtotal"),
    );
    for record in reader.records() {
        let r = record.unwrap();
        let bill = bills
            .entry((r[account].into(), r[date].into(), r[unit].into()))
            .or_default();
        if credits_types.contains(&&r[kind]) {
            bill.1 += cents(&r[value]);
        } else if !other_types.contains(&&r[kind]) {
            bill.0 += cents(&r[value]);
        }
    }
    let mut expected: Vec<(String, String, String)> = bills
        .into_iter()
        .filter(|(_, (charges, credits))| *credits != 0 && -credits * 1000 >= charges * 100)
        .map(|(bill, _)| bill)
        .collect();
    expected.sort();
    let mut shown: Vec<(String, String, String)> = rows
        .iter()
        .filter(|r| r["level"].is_empty())
        .map(|r| {
            (
                r["account"].clone(),
                r["billDate"].clone(),
                r["currency"].clone(),
            )
        })
        .collect();
    shown.sort();
    assert!(
        !expected.is_empty(),
        "the demo has bills with large credits"
    );
    assert_eq!(shown, expected);
}

#[test]
fn flagged_without_a_baseline_is_refused_rather_than_answered_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("months.csv");
    std::fs::write(&path, MONTHS).unwrap();
    let out = bin()
        .arg("compare")
        .arg(&path)
        .args([
            "--by",
            "account",
            "--a",
            "2026-10",
            "--b",
            "2026-11",
            "--flagged",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give --baseline N and --min-pct P"));
    assert!(out.stdout.is_empty());
}
