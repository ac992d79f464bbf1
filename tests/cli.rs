//! The command line, driven as a script would drive it: the real binary, its stdout, stderr
//! and exit code, against the demo server.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Stdio};

use assert_cmd::Command;
use common::*;
use m3ter_bills::demo::DemoConfig;
use predicates::prelude::*;
use predicates::str::contains;

const BIN: &str = env!("CARGO_BIN_EXE_m3ter-bills");

/// A folder of its own for every run's config and history, so tests never read or write the
/// developer's own.
fn sandbox() -> &'static std::path::Path {
    static DIR: std::sync::LazyLock<tempfile::TempDir> =
        std::sync::LazyLock::new(|| tempfile::tempdir().unwrap());
    DIR.path()
}

/// The binary with none of the developer's own m3ter settings leaking in.
fn bin() -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env("M3TER_BILLS_CONFIG", sandbox().join("config/config.toml"))
        .env("M3TER_BILLS_DATA", sandbox().join("data"));
    for var in OUTSIDE_SETTINGS {
        cmd.env_remove(var);
    }
    cmd
}

/// The binary, configured for `demo` through the SDKs' environment variables.
fn with_demo(demo: &Background) -> Command {
    let mut cmd = bin();
    for (name, value) in demo.env() {
        cmd.env(name, value);
    }
    cmd
}

fn no_canary() -> impl Predicate<str> {
    contains(CANARY).not()
}

#[test]
fn help_reads_like_a_synopsis() {
    bin().arg("--help").assert().success().stdout(
        contains("query")
            .and(contains("demo-server"))
            .and(contains("Exit codes")),
    );
    bin().args(["query", "--help"]).assert().success().stdout(
        contains("--dry-run")
            .and(contains("--download"))
            .and(contains("Examples")),
    );
}

#[test]
fn dry_run_prints_exactly_the_body() {
    bin()
        .args([
            "query",
            "--start",
            "2026-10-01",
            "--end",
            "2026-11-01T00:00:00+01:00",
            "--type",
            "usage,overage_usage",
            "--dimension",
            "account=acme, globex",
            "--attribute",
            "account=name",
            "--limit",
            "10",
            "--dry-run",
        ])
        .assert()
        .success()
        .stdout(
            r#"{
  "startDate": "2026-10-01T00:00:00Z",
  "endDate": "2026-10-31T23:00:00Z",
  "lineItemTypes": [
    "USAGE",
    "OVERAGE_USAGE"
  ],
  "dimensions": [
    {
      "name": "account",
      "filter": [
        "acme",
        "globex"
      ],
      "attributes": [
        "name"
      ]
    }
  ],
  "limit": 10
}
"#,
        );
}

#[test]
fn every_problem_is_one_sentence_and_exit_two() {
    bin()
        .args([
            "query", "--start", "2026-11-01", "--end", "2026-10-01", "--type", "USAGES",
            "--limit", "5000", "--version", "1.5", "--dry-run",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: The end date (2026-10-01T00:00:00Z) is before the start date (2026-11-01T00:00:00Z).\n\
             error: \"USAGES\" is not a line item type; did you mean USAGE?\n\
             error: The limit must be a whole number from 1 to 2000; \"5000\" is not.\n\
             error: The version must be a whole number (a 64-bit integer); \"1.5\" is not.\n",
        );
    bin().args(["query", "--dry-run"]).assert().code(2).stderr(
        contains("The start date is missing").and(contains("Choose at least one line item type")),
    );
    bin()
        .args(["query", "--preset", "fortnight"])
        .assert()
        .code(2)
        .stderr(contains("\"fortnight\" is not a preset"));
    bin()
        .args([
            "query",
            "--preset",
            "last-month",
            "--type",
            "all",
            "--dimension",
            "account",
        ])
        .assert()
        .code(2)
        .stderr(contains("needs the form NAME=VALUE"));
}

#[test]
fn body_files_are_checked_and_flags_override_them() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo.json");
    std::fs::write(
        &typo,
        r#"{"startDate":"2026-10-01","endDate":"2026-11-01","lineItemType":["USAGE"]}"#,
    )
    .unwrap();
    bin()
        .args(["query", "--body"])
        .arg(&typo)
        .arg("--dry-run")
        .assert()
        .code(2)
        .stderr(contains(
            "error: Unknown field lineItemType; did you mean lineItemTypes?",
        ));

    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"startDate\": ").unwrap();
    bin()
        .args(["query", "--body"])
        .arg(&broken)
        .assert()
        .code(2)
        .stderr(contains("is not valid JSON"));

    bin()
        .args(["query", "--body", "-", "--limit", "5", "--end", "2026-10-15", "--dry-run"])
        .write_stdin(r#"{"startDate":"2026-10-01","endDate":"2026-11-01","lineItemTypes":["AD_HOC"],"limit":99}"#)
        .assert()
        .success()
        .stdout(contains("\"endDate\": \"2026-10-15T00:00:00Z\"").and(contains("\"limit\": 5")).and(contains("AD_HOC")));

    bin()
        .args(["query", "--body"])
        .arg(dir.path().join("missing.json"))
        .assert()
        .code(2)
        .stderr(contains("Could not read the body file"));
}

#[test]
fn demo_download_writes_usage_lines_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    bin()
        .args([
            "--demo",
            "query",
            "--preset",
            "last-month",
            "--type",
            "USAGE",
            "--download",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"^http://127\.0\.0\.1:\d+/_demo/files/\S+\n$").unwrap())
        .stderr(contains("Saved"));
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "lineItemType")
        .unwrap();
    let types: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[column].to_string())
        .collect();
    assert!(types.len() > 20);
    assert!(types.iter().all(|t| t == "USAGE"));

    // Run again: the file is kept, and saying so is invalid input.
    let before = std::fs::read(&out).unwrap();
    bin()
        .args([
            "--demo",
            "query",
            "--preset",
            "last-month",
            "--type",
            "USAGE",
            "--download",
        ])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(format!(
            "error: The file {} already exists; choose another name or allow overwriting (--force).\n",
            out.display()
        ));
    assert_eq!(std::fs::read(&out).unwrap(), before);
    assert_eq!(files_in(dir.path()), ["out.csv"]);
}

#[test]
fn credentials_from_the_environment_and_no_secret_in_any_output() {
    let demo = Background::start(config());
    with_demo(&demo)
        .args(["query", "--preset", "last-quarter", "--type", "charges"])
        .assert()
        .success()
        .stdout(contains(demo.server.base_url()).and(no_canary()))
        .stderr(no_canary());
    with_demo(&demo)
        .args(["query", "--preset", "last-month", "--type", "all", "--curl"])
        .assert()
        .success()
        .stdout(
            contains("$M3TER_TOKEN")
                .and(contains("$M3TER_API_SECRET"))
                .and(no_canary()),
        );
    with_demo(&demo)
        .args([
            "query",
            "--preset",
            "last-month",
            "--type",
            "all",
            "--dry-run",
        ])
        .assert()
        .success()
        .stdout(no_canary());
}

#[test]
fn wrong_or_missing_credentials_exit_three_without_echoing_the_secret() {
    let demo = Background::start(DemoConfig::default());
    with_demo(&demo)
        .env("M3TER_API_SECRET", CANARY)
        .args(["query", "--preset", "last-month", "--type", "all"])
        .assert()
        .code(3)
        .stdout("")
        .stderr(contains("Invalid client credentials").and(no_canary()));
    bin()
        .args([
            "query",
            "--org-id",
            "x",
            "--preset",
            "last-month",
            "--type",
            "all",
        ])
        .assert()
        .code(3)
        .stderr(contains("No credentials"));
    bin()
        .env("M3TER_API_KEY", "k")
        .env("M3TER_API_SECRET", CANARY)
        .args(["query", "--preset", "last-month", "--type", "all"])
        .assert()
        .code(2)
        .stderr(contains("No organization id").and(no_canary()));
}

#[test]
fn m3ters_refusal_exits_four_with_its_message() {
    let demo = Background::start(config());
    with_demo(&demo)
        .args(["query", "--preset", "last-month", "--type", "all", "--dimension", "region=emea"])
        .assert()
        .code(4)
        .stderr("error: m3ter refused the request (400): Invalid dimension name 'region'. Valid dimensions are: account, product name.\n");
}

#[test]
fn server_and_download_failures_exit_five() {
    let demo = Background::start(with_faults(&["server-error"]));
    with_demo(&demo)
        .args(["query", "--preset", "last-month", "--type", "all"])
        .assert()
        .code(5)
        .stderr(
            contains("m3ter answered 500; trying again")
                .and(contains("error: m3ter had a server error (500)")),
        );

    let demo = Background::start(with_faults(&["truncate-download"]));
    let dir = tempfile::tempdir().unwrap();
    with_demo(&demo)
        .args([
            "query",
            "--preset",
            "last-month",
            "--type",
            "all",
            "--download",
        ])
        .arg(dir.path().join("x.csv"))
        .assert()
        .code(5)
        .stderr(contains("no file was written"));
    assert!(files_in(dir.path()).is_empty());

    bin()
        .args([
            "query",
            "--preset",
            "last-month",
            "--type",
            "all",
            "--base-url",
            "http://127.0.0.1:9",
            "--org-id",
            "o",
            "--retries",
            "0",
        ])
        .env("M3TER_API_TOKEN", CANARY)
        .assert()
        .code(5)
        .stderr(contains("error: Could not connect to 127.0.0.1:9.").and(no_canary()));
}

#[test]
fn open_hands_safe_links_to_the_browser_and_refuses_others() {
    let dir = tempfile::tempdir().unwrap();
    let opened = dir.path().join("opened.txt");
    let browser = dir.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let demo = Background::start(config());
    let output = with_demo(&demo)
        .env("BROWSER", &browser)
        .args(["query", "--preset", "last-month", "--type", "all", "--open"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let link = String::from_utf8(output).unwrap();
    // The browser is started in the background; on a busy machine it may take a while.
    for _ in 0..500 {
        if opened.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(std::fs::read_to_string(&opened).unwrap(), link);

    std::fs::remove_file(&opened).unwrap();
    let demo = Background::start(with_faults(&["bad-link"]));
    with_demo(&demo)
        .env("BROWSER", &browser)
        .args(["query", "--preset", "last-month", "--type", "all", "--open"])
        .assert()
        .code(5)
        .stderr(contains("links are refused"));
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert!(!opened.exists());
}

/// Ends the child when the test ends, pass or fail.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn demo_server_prints_exports_a_shell_can_eval() {
    let mut child = Reaped(
        std::process::Command::new(BIN)
            .args(["demo-server", "--rate-limit", "off"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut lines = BufReader::new(child.0.stdout.take().unwrap()).lines();
    let mut env = Vec::new();
    for expected in [
        "M3TER_BASE_URL",
        "M3TER_ORG_ID",
        "M3TER_API_KEY",
        "M3TER_API_SECRET",
    ] {
        let line = lines.next().unwrap().unwrap();
        let (name, value) = line
            .strip_prefix("export ")
            .unwrap()
            .split_once('=')
            .unwrap();
        assert_eq!(name, expected);
        env.push((name.to_string(), value.to_string()));
    }
    let mut cmd = bin();
    for (name, value) in &env {
        cmd.env(name, value);
    }
    cmd.args(["query", "--preset", "last-month", "--type", "USAGE"])
        .assert()
        .success()
        .stdout(contains(&env[0].1));
    let stats = reqwest_free_get(&format!("{}/_demo/stats", env[0].1));
    assert!(stats.contains("\"tokensIssued\":1"), "{stats}");
}

/// A GET with nothing but the standard library, for a server in another process.
fn reqwest_free_get(url: &str) -> String {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut stream, &mut answer).unwrap();
    answer
}

#[test]
fn bad_demo_server_options_are_refused() {
    bin()
        .args(["demo-server", "--fault", "meteor-strike"])
        .assert()
        .code(2)
        .stderr(contains("is not a fault"));
    bin()
        .args(["demo-server", "--rate-limit", "fast"])
        .assert()
        .code(2)
        .stderr(contains("--rate-limit"));
}

#[test]
fn without_a_command_and_without_a_terminal_it_points_at_query() {
    bin()
        .arg("--demo")
        .assert()
        .code(2)
        .stderr(contains("needs a terminal").and(contains("m3ter-bills query")));
}

#[test]
fn the_curl_script_really_works() {
    if std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("curl is not installed; the script is not run");
        return;
    }
    let demo = Background::start(config());
    let output = with_demo(&demo)
        .args([
            "query",
            "--preset",
            "last-month",
            "--type",
            "USAGE",
            "--curl",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let script = String::from_utf8(output).unwrap();
    let config = demo.server.config();
    let run = std::process::Command::new("bash")
        .args(["-c", &script])
        .env("M3TER_API_KEY", &config.api_key)
        .env("M3TER_API_SECRET", &config.api_secret)
        .env_remove("M3TER_API_TOKEN")
        .output()
        .unwrap();
    let answer = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{answer}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        answer.contains("\"downloadUrl\":\"http://127.0.0.1"),
        "{answer}"
    );
}

#[test]
fn hostile_text_and_credentials_in_urls_are_refused_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("evil.json");
    std::fs::write(&body, "{\"\\u001b]0;pwned\\u0007\": 1}").unwrap();
    let output = bin()
        .args(["query", "--body"])
        .arg(&body)
        .arg("--dry-run")
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(
        !output.contains(&0x1b),
        "{}",
        String::from_utf8_lossy(&output)
    );
    assert!(String::from_utf8_lossy(&output).contains("Unknown field ]0;pwned"));

    bin()
        .env("M3TER_API_KEY", "k")
        .env("M3TER_API_SECRET", CANARY)
        .args([
            "query",
            "--preset",
            "last-month",
            "--type",
            "all",
            "--org-id",
            "o",
        ])
        .args(["--base-url", "https://someone:hunter2@api.m3ter.com"])
        .assert()
        .code(2)
        .stderr(contains("must not hold a user name or password").and(contains("hunter2").not()));
}

#[test]
fn view_needs_a_terminal_and_says_so() {
    bin()
        .args(["view", "tests/fixtures/csv/ragged.csv"])
        .assert()
        .code(2)
        .stderr("error: The table view needs a terminal.\n");
}

/// Every fault the demo can produce, against the headless command: recovered from, or one
/// clear sentence with its exit code, no partial file, no panic. Prints the matrix it ran.
#[test]
fn fault_matrix_headless() {
    let mut ran = Vec::new();
    for (fault, code, phrase, fetch) in FAULT_MATRIX {
        let demo = fault_demo(fault);
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = with_demo(&demo);
        cmd.args([
            "query",
            "--preset",
            "last-month",
            "--type",
            "USAGE",
            "--timeout",
            "1",
        ]);
        if *fetch {
            cmd.arg("--download").arg(dir.path().join("out.csv"));
        }
        let output = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(*code), "{fault}: {stderr}");
        assert!(!stderr.contains("panicked"), "{fault}: {stderr}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            !stderr.contains(CANARY) && !stdout.contains(CANARY),
            "{fault} leaked the secret"
        );
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .collect();
        if *code == 0 {
            assert!(errors.is_empty(), "{fault}: {stderr}");
        } else {
            assert_eq!(errors.len(), 1, "{fault}: one sentence, not {errors:?}");
            assert!(errors[0].contains(phrase), "{fault}: {stderr}");
        }
        assert!(
            files_in(dir.path()).is_empty(),
            "{fault}: {:?}",
            files_in(dir.path())
        );
        ran.push(format!("{fault:<22} headless -> exit {code}"));
    }
    // A token that lives one second is renewed between two queries.
    let demo = Background::start(DemoConfig {
        token_ttl: std::time::Duration::from_secs(1),
        ..config()
    });
    for _ in 0..2 {
        with_demo(&demo)
            .args(["query", "--preset", "last-month", "--type", "USAGE"])
            .assert()
            .success();
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }
    ran.push(format!("{:<22} headless -> exit 0", "--token-ttl 1"));
    println!("fault matrix ({} cases):\n{}", ran.len(), ran.join("\n"));
}
