//! Helpers shared by the flow tests: a demo server on an ephemeral loopback port, and clients
//! pointed at it.
#![allow(dead_code)] // each test file uses its own subset of these helpers

pub mod hostile;
pub mod pty;
pub mod screen;

use std::time::Duration;

use m3ter_bills::demo::{Counts, DemoConfig, DemoServer, FaultSpec};
use m3ter_bills::m3ter::{Client, Credentials, RetryPolicy, Secret, Settings};
use m3ter_bills::query::{BillQuery, DateInput, Preset, QueryDraft, validate};

/// A folder of its own for every run's config and history, so tests never read or write the
/// developer's own.
pub fn sandbox() -> &'static std::path::Path {
    static DIR: std::sync::LazyLock<tempfile::TempDir> =
        std::sync::LazyLock::new(|| tempfile::tempdir().unwrap());
    DIR.path()
}

/// The binary with none of the developer's own m3ter settings leaking in.
pub fn bin() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_m3ter-bills"));
    cmd.env("M3TER_BILLS_CONFIG", sandbox().join("config/config.toml"))
        .env("M3TER_BILLS_DATA", sandbox().join("data"))
        .env("M3TER_BILLS_CACHE", sandbox().join("cache"));
    for var in OUTSIDE_SETTINGS {
        cmd.env_remove(var);
    }
    cmd
}

/// An amount written with at most two decimals, in cents: read here by hand, not by the code
/// under test.
pub fn cents(text: &str) -> i64 {
    let negative = text.starts_with('-');
    let digits = text.trim_start_matches('-');
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let value = whole.parse::<i64>().unwrap() * 100
        + format!("{fraction:0<2}")[..2].parse::<i64>().unwrap();
    if negative { -value } else { value }
}

/// A quarter of demo bills (July to September 2026) as a CSV file, fetched as a person would.
pub fn quarter_csv(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("q.csv");
    bin()
        .current_dir(dir)
        .args([
            "--demo",
            "query",
            "--start",
            "2026-07-01",
            "--end",
            "2026-10-01",
        ])
        .args(["--type", "all", "--download"])
        .arg(&path)
        .assert()
        .success();
    path
}

/// The settings a developer may have in their own environment, removed from every run of the
/// binary so tests never reach a real m3ter or start a real browser.
pub const OUTSIDE_SETTINGS: [&str; 6] = [
    "M3TER_API_KEY",
    "M3TER_API_SECRET",
    "M3TER_API_TOKEN",
    "M3TER_ORG_ID",
    "M3TER_BASE_URL",
    "BROWSER",
];

/// Every fault the demo can produce, as the headless command meets it: (fault, exit code,
/// a phrase of its one error sentence, whether the run fetches the file too). The demo answers
/// slowly after 2 s, and the command is run with `--timeout 1`.
pub const FAULT_MATRIX: &[(&str, i32, &str, bool)] = &[
    ("rate-limit:1", 0, "", false),
    ("rate-limit", 5, "rate limiting", false),
    ("server-error:1", 0, "", false),
    ("server-error", 5, "server error (500)", false),
    ("drop-connection:1", 0, "", false),
    ("drop-connection", 5, "The connection to 127.0.0.1", false),
    ("slow:1", 0, "", false),
    ("slow", 5, "did not answer within 1 s", false),
    ("bad-link", 5, "download link that is not safe", false),
    ("invalid-json", 5, "answer could not be read", false),
    ("expire-token:1", 0, "", false),
    ("expire-token", 3, "invalid or has expired", false),
    ("truncate-download:1", 5, "no file was written", true),
];

/// A demo with `fault`, slow when slow is asked for (2 s: longer than `--timeout 1`).
pub fn fault_demo(fault: &str) -> Background {
    Background::start(DemoConfig {
        slow_delay: Duration::from_secs(2),
        ..with_faults(&[fault])
    })
}

/// A secret that must never show up in any output.
pub const CANARY: &str = "canary-5ecret-d0-not-print";

pub fn config() -> DemoConfig {
    DemoConfig {
        api_secret: CANARY.to_string(),
        ..DemoConfig::default()
    }
}

pub fn with_faults(faults: &[&str]) -> DemoConfig {
    DemoConfig {
        faults: faults
            .iter()
            .map(|f| f.parse::<FaultSpec>().unwrap())
            .collect(),
        ..config()
    }
}

pub async fn start(config: DemoConfig) -> DemoServer {
    let server = DemoServer::start(config, ([127, 0, 0, 1], 0).into())
        .await
        .expect("the demo server starts");
    server.warm_up();
    server
}

/// Settings for `server`, with quick retries so tests do not wait long.
pub fn settings(server: &DemoServer) -> Settings {
    let config = server.config();
    let mut s = Settings::new(
        server.base_url().parse().unwrap(),
        config.org_id.clone(),
        Credentials::ClientCredentials {
            api_key: config.api_key.clone(),
            api_secret: Secret::new(config.api_secret.clone()),
        },
    );
    s.retry = RetryPolicy {
        base: Duration::from_millis(20),
        ..RetryPolicy::default()
    };
    s.request_timeout = Duration::from_secs(5);
    s
}

pub fn client(server: &DemoServer) -> Client {
    Client::new(settings(server)).unwrap()
}

pub fn query(preset: Preset, types: &[&str]) -> BillQuery {
    let draft = QueryDraft {
        dates: DateInput::Preset(preset),
        line_item_types: types.iter().map(|t| t.to_string()).collect(),
        ..QueryDraft::default()
    };
    validate(&draft, chrono::Utc::now()).unwrap()
}

pub fn last_month_usage() -> BillQuery {
    query(Preset::LastMonth, &["USAGE"])
}

pub async fn stats(server: &DemoServer) -> Counts {
    m3ter_bills::m3ter::install_crypto();
    let text = reqwest::get(format!("{}/_demo/stats", server.base_url()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    Counts {
        requests: serde_json::from_value(value["requests"].clone()).unwrap(),
        tokens_issued: value["tokensIssued"].as_u64().unwrap(),
        total_requests: value["totalRequests"].as_u64().unwrap(),
    }
}

/// How many requests a route answered with `status`.
pub fn answered(counts: &Counts, route: &str, status: &str) -> u64 {
    counts
        .requests
        .get(route)
        .and_then(|by| by.get(status))
        .copied()
        .unwrap_or(0)
}

pub const TOKEN_ROUTE: &str = "POST /oauth/token";
pub const CSV_ROUTE: &str = "POST /organizations/{org}/dataexplorer/bills/download/csv";

/// Files in `dir`, hidden ones included, so a left-over temporary file is noticed.
pub fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A demo server on its own runtime, for tests that run the binary synchronously.
pub struct Background {
    pub server: DemoServer,
    runtime: tokio::runtime::Runtime,
}

impl Background {
    pub fn start(config: DemoConfig) -> Background {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let server = runtime.block_on(start(config));
        Background { server, runtime }
    }

    /// What the server has answered so far.
    pub fn counts(&self) -> Counts {
        self.runtime.block_on(stats(&self.server))
    }

    /// The SDKs' environment variables that point at this server.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        let config = self.server.config();
        vec![
            ("M3TER_BASE_URL", self.server.base_url()),
            ("M3TER_ORG_ID", config.org_id.clone()),
            ("M3TER_API_KEY", config.api_key.clone()),
            ("M3TER_API_SECRET", config.api_secret.clone()),
        ]
    }
}

/// Cents of the net by account and currency in each month (`YYYY-MM`) of the file, by hand.
pub fn month_sums(
    path: &std::path::Path,
) -> std::collections::HashMap<(String, String, String), i64> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (account, subtotal, currency, start) = (
        at("account"),
        at("subtotal"),
        at("billCurrency"),
        at("servicePeriodStartDate"),
    );
    let mut sums = std::collections::HashMap::new();
    for record in reader.records() {
        let r = record.unwrap();
        let key = (
            r[account].to_string(),
            r[currency].to_string(),
            r[start][..7].to_string(),
        );
        *sums.entry(key).or_insert(0) += cents(&r[subtotal]);
    }
    sums
}
