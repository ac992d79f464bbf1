//! The organization's lists of accounts and products, through the client and the command line,
//! against the demo: every page read at the largest size m3ter allows, the search, the bounds.

mod common;

use std::collections::HashSet;

use common::*;
use m3ter_bills::demo::Seed;
use m3ter_bills::m3ter::{ListKind, ListProgress};

const ACCOUNTS_ROUTE: &str = "GET /organizations/{org}/accounts";
const PRODUCTS_ROUTE: &str = "GET /organizations/{org}/products";

#[tokio::test]
async fn every_page_of_accounts_and_products_is_read_at_the_largest_size() {
    let server = start(config()).await;
    let client = client(&server);
    let mut pages = Vec::new();
    let accounts = client
        .list(
            ListKind::Accounts,
            &mut |p: ListProgress| pages.push(p),
            &mut |_| {},
        )
        .await
        .unwrap();
    // More than one page of 100, each account once, the seed's (the ones with bills) among them.
    assert!(accounts.len() > 100, "{}", accounts.len());
    let codes: HashSet<&str> = accounts.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes.len(), accounts.len());
    for seeded in Seed::builtin().accounts {
        assert!(codes.contains(seeded.code.as_str()), "{}", seeded.code);
    }
    let expected_pages = accounts.len().div_ceil(100);
    assert_eq!(pages.len(), expected_pages);
    assert_eq!(pages.last().map(|p| p.entries), Some(accounts.len()));
    let products = client
        .list(ListKind::Products, &mut |_| {}, &mut |_| {})
        .await
        .unwrap();
    assert!(products.len() > 200, "{}", products.len());
    for seeded in Seed::builtin().products {
        assert!(
            products.iter().any(|p| p.name == seeded.name),
            "{}",
            seeded.name
        );
    }
    let counts = stats(&server).await;
    assert_eq!(
        answered(&counts, ACCOUNTS_ROUTE, "200") as usize,
        expected_pages
    );
    assert_eq!(
        answered(&counts, PRODUCTS_ROUTE, "200") as usize,
        products.len().div_ceil(200)
    );
    assert_eq!(
        answered(&counts, TOKEN_ROUTE, "200"),
        1,
        "one token for all pages"
    );
}

#[tokio::test]
async fn the_search_finds_an_account_by_the_start_of_its_name() {
    let server = start(config()).await;
    let client = client(&server);
    let found = client.search_accounts("cyber", &mut |_| {}).await.unwrap();
    let codes: Vec<&str> = found.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, ["cyberdyne"]);
    // Past one page of results: every made-up "Demo customer" account, in pages of 100.
    let many = client
        .search_accounts("Demo customer", &mut |_| {})
        .await
        .unwrap();
    assert!(many.len() > 100, "{}", many.len());
    assert!(
        client
            .search_accounts("Systems", &mut |_| {})
            .await
            .unwrap()
            .is_empty(),
        "a prefix, not a word"
    );
}

#[test]
fn the_command_line_lists_searches_and_says_when_nothing_matches() {
    let out = bin()
        .args(["--demo", "accounts", "--search", "Cyber", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("code,name,currency,parentAccountId,id\n"),
        "{text}"
    );
    assert!(
        text.contains("\ncyberdyne,Cyberdyne Systems,USD,,"),
        "{text}"
    );

    let out = bin()
        .args([
            "--demo", "products", "--search", "STORAGE", "--format", "json",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(!names.is_empty() && names.iter().all(|n| n.to_lowercase().contains("storage")));

    let out = bin()
        .args(["--demo", "accounts", "--search", "zzz"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no accounts match \"zzz\""));

    let out = bin()
        .args(["--demo", "accounts", "--format", "xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test]
async fn a_list_is_kept_for_the_next_lookup_and_asked_again_when_refreshed() {
    let server = start(config()).await;
    let client = client(&server);
    let dir = tempfile::tempdir().unwrap();
    let cache = m3ter_bills::config::ListCache::in_folder(dir.path());
    let first = m3ter_bills::fetch::lookup(
        &client,
        Some(&cache),
        ListKind::Accounts,
        false,
        &mut |_| {},
        &mut |_| {},
    )
    .await
    .unwrap();
    assert!(!first.cached);
    let again = m3ter_bills::fetch::lookup(
        &client,
        Some(&cache),
        ListKind::Accounts,
        false,
        &mut |_| {},
        &mut |_| {},
    )
    .await
    .unwrap();
    assert!(again.cached && again.entries == first.entries);
    let pages = first.entries.len().div_ceil(100);
    assert_eq!(
        answered(&stats(&server).await, ACCOUNTS_ROUTE, "200") as usize,
        pages,
        "the second lookup asked nothing"
    );
    let refreshed = m3ter_bills::fetch::lookup(
        &client,
        Some(&cache),
        ListKind::Accounts,
        true,
        &mut |_| {},
        &mut |_| {},
    )
    .await
    .unwrap();
    assert!(!refreshed.cached);
    assert_eq!(
        answered(&stats(&server).await, ACCOUNTS_ROUTE, "200") as usize,
        2 * pages
    );
}

#[test]
fn a_name_where_a_code_belongs_is_sent_as_the_code_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cyberdyne.csv");
    let out = bin()
        .args(["--demo", "query", "--preset", "last-month", "--type", "all"])
        .args(["--dimension", "account=Cyberdyne Systems", "--download"])
        .arg(&file)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("note: account \"Cyberdyne Systems\" is sent as \"cyberdyne\""),
        "{said}"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let accounts: HashSet<String> = rows.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(accounts, HashSet::from(["cyberdyne".to_string()]));

    // A name that is no account's goes as typed, with the closest names, and matches nothing.
    let out = bin()
        .args(["--demo", "query", "--preset", "last-month", "--type", "all"])
        .args(["--dimension", "account=Cyberdine Systems"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("no account is called \"Cyberdine Systems\"")
            && said.contains("cyberdyne (Cyberdyne Systems)"),
        "{said}"
    );
}

#[tokio::test]
async fn a_list_refused_is_an_auth_failure_and_the_screen_types_on_without_it() {
    use m3ter_bills::m3ter::{ApiError, Client, Credentials, Secret};
    let server = start(config()).await;
    let mut refused = settings(&server);
    refused.credentials = Credentials::Token(Secret::new("not-a-token-the-demo-issued"));
    let client = Client::new(refused).unwrap();
    let failed = client
        .list(ListKind::Accounts, &mut |_| {}, &mut |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(failed, ApiError::Auth { status: 403, .. }),
        "{failed:?}"
    );
    assert_eq!(answered(&stats(&server).await, ACCOUNTS_ROUTE, "403"), 1);
}
