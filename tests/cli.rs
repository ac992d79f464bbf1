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
    bin()
        .arg("--help")
        .assert()
        .stdout(contains("6 no data rows").and(contains("Global options")));
}

/// The help of each command lists what it takes, and the flags every command takes under a
/// heading of their own.
#[test]
fn each_commands_help_lists_only_what_applies_to_it() {
    let help = |args: &[&str]| {
        let output = bin().args(args).arg("--help").output().unwrap();
        assert!(output.status.success(), "{args:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let connection = [
        "--retries",
        "--org-id",
        "--base-url",
        "--profile",
        "--config",
        "--timeout",
        "--connect-timeout",
        "--download-timeout",
        "--demo",
        "--body",
    ];
    for command in [&["demo-server"][..], &["view"], &["completions"]] {
        let text = help(command);
        for flag in connection {
            assert!(!text.contains(flag), "{command:?} lists {flag}:\n{text}");
        }
        assert!(text.contains("Global options:\n  -v, --verbose"), "{text}");
    }
    let query = help(&["query"]);
    let (own, rest) = query.split_once("Connection options:").unwrap();
    let (connection_part, global) = rest.split_once("Global options:").unwrap();
    assert!(
        own.contains("--through") && own.contains("--fail-empty") && !own.contains("--retries")
    );
    assert!(connection_part.contains("--retries") && connection_part.contains("--profile"));
    assert!(global.contains("--verbose") && !global.contains("--retries"));
    assert!(query.contains("exclusive") && query.contains("See --through"));
    assert!(help(&["config"]).contains("--profile"));
}

#[test]
fn flags_work_before_and_after_the_command() {
    for args in [
        &["--demo", "--retries", "0", "query"][..],
        &["query", "--demo", "--retries", "0"],
        &["--retries", "0", "query", "--demo"],
    ] {
        bin()
            .args(args)
            .args(["--preset", "last-month", "--type", "USAGE", "--dry-run"])
            .assert()
            .success()
            .stdout(contains("\"USAGE\""));
    }
    bin()
        .args(["--config", "/nowhere/a.toml", "config", "--profile", "p"])
        .assert()
        .stdout(contains("/nowhere/a.toml"));
    bin()
        .args(["demo-server", "--retries", "1"])
        .assert()
        .code(2)
        .stderr(contains("unexpected argument '--retries'"));
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    for (shell, through) in [
        ("bash", "--through"),
        ("zsh", "--through"),
        ("fish", "-l through"),
    ] {
        let output = bin().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}");
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(
            script.contains("query") && script.contains(through),
            "{shell}:\n{script}"
        );
        assert!(script.contains("demo-server"), "{shell}");
    }
    bin()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(contains("invalid value 'tcsh'"));
}

#[test]
fn typos_of_dimension_names_are_refused_and_other_names_warned_about() {
    for typo in ["product", "productName", "Account", "acount"] {
        bin()
            .args([
                "query",
                "--preset",
                "last-month",
                "--type",
                "all",
                "--dry-run",
            ])
            .arg("--dimension")
            .arg(format!("{typo}=x"))
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains(format!(
                "error: Unknown dimension name {typo}; did you mean"
            )));
    }
    bin()
        .args([
            "query",
            "--preset",
            "last-month",
            "--type",
            "all",
            "--dimension",
            "product=Compute",
            "--dry-run",
        ])
        .assert()
        .code(2)
        .stderr("error: Unknown dimension name product; did you mean product name?\n");
    for mode in ["--dry-run", "--curl"] {
        bin()
            .args(["--demo", "query", "--preset", "last-month", "--type", "all", "--dimension", "region=emea", mode])
            .assert()
            .success()
            .stdout(contains("region"))
            .stderr("warning: dimension region is not one m3ter documents for bill data (account, product name); it is sent as typed\n");
    }
}

#[test]
fn through_is_an_inclusive_end_and_a_plain_end_gets_a_note() {
    bin()
        .args([
            "query",
            "--start",
            "2026-10-01",
            "--through",
            "2026-10-31",
            "--type",
            "USAGE",
            "--dry-run",
        ])
        .assert()
        .success()
        .stdout(contains("\"endDate\": \"2026-11-01T00:00:00Z\""))
        .stderr("");
    bin()
        .args(["query", "--start", "2026-10-01", "--end", "2026-10-31", "--type", "USAGE", "--dry-run"])
        .assert()
        .success()
        .stdout(contains("\"endDate\": \"2026-10-31T00:00:00Z\""))
        .stderr("note: --end is exclusive: this covers up to and including 2026-10-30 (use --through 2026-10-31 to include 31 October)\n");
    bin()
        .args([
            "query",
            "--start",
            "2026-10-01",
            "--end",
            "2026-10-31T00:00:00Z",
            "--type",
            "USAGE",
            "--dry-run",
        ])
        .assert()
        .success()
        .stderr("");
    bin()
        .args(["query", "--start", "2026-10-01", "--through", "2026-10-31T00:00:00Z", "--type", "USAGE", "--dry-run"])
        .assert()
        .code(2)
        .stderr("error: \"2026-10-31T00:00:00Z\" is not a date; --through takes YYYY-MM-DD, the last day to include.\n");
    for other in [["--end", "2026-11-01"], ["--preset", "last-month"]] {
        bin()
            .args([
                "query",
                "--through",
                "2026-10-31",
                "--type",
                "USAGE",
                "--dry-run",
            ])
            .args(other)
            .assert()
            .code(2)
            .stderr(contains("cannot be used with"));
    }
}

/// A misspelt account gives a header alone: said, and with --fail-empty, exit 6.
#[test]
fn an_empty_answer_is_a_warning_or_with_fail_empty_exit_six() {
    let demo = Background::start(config());
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, extra: &[&str]| {
        with_demo(&demo)
            .args([
                "query",
                "--start",
                "2026-10-01",
                "--through",
                "2026-10-30",
                "--type",
                "all",
            ])
            .args(["--dimension", "account=acmee", "--download"])
            .arg(dir.path().join(name))
            .args(extra)
            .assert()
    };
    run("a.csv", &[])
        .success()
        .stderr(contains("\nwarning: 0 rows: nothing matched account = acmee in this period (2026-10-01 to 2026-10-30)\n"));
    run("b.csv", &["--fail-empty"])
        .code(6)
        .stderr(contains("\nerror: 0 rows: nothing matched account = acmee in this period (2026-10-01 to 2026-10-30).\n").and(contains("warning").not()));
    // The file is kept: it is the answer, header and all.
    assert_eq!(
        csv::Reader::from_path(dir.path().join("b.csv"))
            .unwrap()
            .records()
            .count(),
        0
    );
    with_demo(&demo)
        .args([
            "query",
            "--preset",
            "last-month",
            "--type",
            "USAGE",
            "--fail-empty",
        ])
        .assert()
        .code(2)
        .stderr(contains("--download"));
}

#[test]
fn an_answer_as_long_as_the_limit_is_said_to_be_probably_cut() {
    let demo = Background::start(config());
    let dir = tempfile::tempdir().unwrap();
    let run = |limit: &str, name: &str| {
        with_demo(&demo)
            .args([
                "query",
                "--preset",
                "last-quarter",
                "--type",
                "all",
                "--limit",
                limit,
                "--download",
            ])
            .arg(dir.path().join(name))
            .assert()
            .success()
    };
    run("7", "seven.csv").stderr(contains("warning: 7 rows, exactly the limit: the answer is probably cut; raise the limit (up to 2000) or split the range (e.g. one month at a time)\n"));
    let rows = csv::Reader::from_path(dir.path().join("seven.csv"))
        .unwrap()
        .records()
        .count();
    assert_eq!(rows, 7);
    // Far more than last quarter's lines: the whole answer, nothing to say.
    run("2000", "all.csv").stderr(contains("warning").not());
}

#[test]
fn download_to_standard_output_puts_the_link_on_standard_error() {
    let demo = Background::start(config());
    let output = with_demo(&demo)
        .args([
            "query",
            "--preset",
            "last-month",
            "--type",
            "USAGE",
            "--limit",
            "5",
            "--download",
            "-",
        ])
        .current_dir(tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stdout.starts_with("account,"), "{stdout}");
    assert_eq!(
        csv::Reader::from_reader(stdout.as_bytes())
            .records()
            .count(),
        5
    );
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[0].starts_with(&format!("{}/_demo/files/", demo.server.base_url())),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with("Wrote ") && lines[1].ends_with(" to standard output."),
        "{stderr}"
    );
    assert!(
        lines[2].starts_with("warning: 5 rows, exactly the limit"),
        "{stderr}"
    );

    // A reader that stops early ends it quietly, as elsewhere.
    let mut child = Reaped(
        std::process::Command::new(BIN)
            .args([
                "--demo",
                "query",
                "--preset",
                "last-12-months",
                "--type",
                "all",
                "--download",
                "-",
            ])
            .env("M3TER_BILLS_CONFIG", sandbox().join("config/config.toml"))
            .env("M3TER_BILLS_DATA", sandbox().join("data"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut first = String::new();
    BufReader::new(child.0.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("account,"));
    let status = child.0.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.0.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");

    // A download cut short cannot take back what went out: it says so.
    let demo = Background::start(with_faults(&["truncate-download"]));
    let output = with_demo(&demo)
        .args([
            "query",
            "--preset",
            "last-12-months",
            "--type",
            "all",
            "--download",
            "-",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(5), "{stderr}");
    assert!(output.stdout.starts_with(b"account,"));
    assert!(
        stderr.contains("; no file was written; the ")
            && stderr.contains(" already written to standard output are not the whole file."),
        "{stderr}"
    );
}

/// Whatever is wrong with the download's target is found before the token request.
#[test]
fn the_download_target_is_checked_before_anything_is_sent() {
    let demo = Background::start(config());
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("there.csv");
    std::fs::write(&existing, "kept").unwrap();
    let cases = [
        (
            existing.clone(),
            format!(
                "error: {} exists; add --force to replace it.\n",
                existing.display()
            ),
        ),
        (
            dir.path().join("no/such/x.csv"),
            format!(
                "error: The folder {} does not exist; create it, or write somewhere else.\n",
                dir.path().join("no/such").display()
            ),
        ),
        (
            dir.path().to_path_buf(),
            format!(
                "error: {} is a folder; give the name of a file in it, e.g. {}.\n",
                dir.path().display(),
                dir.path().join("bills.csv").display()
            ),
        ),
    ];
    for (target, said) in cases {
        with_demo(&demo)
            .args([
                "query",
                "--preset",
                "last-month",
                "--type",
                "USAGE",
                "--download",
            ])
            .arg(&target)
            .assert()
            .code(2)
            .stdout("")
            .stderr(said);
    }
    // Not even root may make a file in /proc.
    #[cfg(target_os = "linux")]
    with_demo(&demo)
        .args([
            "query",
            "--preset",
            "last-month",
            "--type",
            "USAGE",
            "--download",
            "/proc/x.csv",
        ])
        .assert()
        .code(2)
        .stderr(contains("error: No file can be made in the folder /proc: "));
    assert_eq!(demo.counts().total_requests, 0, "nothing was sent");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "kept");
    assert_eq!(files_in(dir.path()), ["there.csv"]);
    with_demo(&demo)
        .args([
            "query",
            "--preset",
            "last-month",
            "--type",
            "USAGE",
            "--force",
            "--download",
        ])
        .arg(&existing)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&existing)
            .unwrap()
            .starts_with("account,")
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
            "error: {} exists; add --force to replace it.\n",
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
        .stderr("warning: dimension region is not one m3ter documents for bill data (account, product name); it is sent as typed\n\
                 error: m3ter refused the request (400): Invalid dimension name 'region'. Valid dimensions are: account, product name.\n");
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
    // The browser is started in the background; on a busy machine it may take a while, and
    // the shell creates the file before it writes the line into it.
    for _ in 0..500 {
        if std::fs::read_to_string(&opened).is_ok_and(|text| text.ends_with('\n')) {
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

/// Sums in cents of `value` by (`key`, `unit`, the bucket of `date`),
/// from the CSV at `path`.
fn sums_by(
    path: &std::path::Path,
    key: &str,
    unit: &str,
    date: &str,
    bucket: impl Fn(&str) -> String,
    value: &str,
) -> std::collections::HashMap<(String, String, String), i64> {
    let mut sums = std::collections::HashMap::new();
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (k, u, d, v) = (at(key), at(unit), at(date), at(value));
    for record in reader.records() {
        let r = record.unwrap();
        *sums
            .entry((r[k].to_string(), r[u].to_string(), bucket(&r[d])))
            .or_default() += cents(&r[v]);
    }
    sums
}

/// What `pivot FILE ARGS` prints, once it has succeeded.
fn pivot_of(path: &std::path::Path, args: &[&str]) -> Vec<u8> {
    let out = bin().arg("pivot").arg(path).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A quarter's label for a date as written (`2026-08-01` is `2026-Q3`), worked out here.
fn quarter_of(date: &str) -> String {
    let month: u32 = date[5..7].parse().unwrap();
    format!("{}-Q{}", &date[..4], (month - 1) / 3 + 1)
}

#[test]
fn pivot_of_the_converted_subtotal_by_quarter_and_year_agrees_with_sums_made_here() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("year.csv");
    bin()
        .args([
            "--demo",
            "query",
            "--start",
            "2025-11-01",
            "--end",
            "2026-03-01",
            "--type",
            "all",
        ])
        .arg("--download")
        .arg(&path)
        .assert()
        .success();
    for (cols, bucket) in [
        ("quarter", quarter_of as fn(&str) -> String),
        ("year", |d: &str| d[..4].to_string()),
    ] {
        let out = pivot_of(
            &path,
            &[
                "--rows",
                "productName",
                "--cols",
                cols,
                "--measure",
                "converted",
                "--format",
                "json",
            ],
        );
        let expected = sums_by(
            &path,
            "productName",
            "convertedSubtotalUnit",
            "servicePeriodStartDate",
            bucket,
            "convertedSubtotal",
        );
        let items: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
        let mut labels: Vec<String> = expected.keys().map(|k| k.2.clone()).collect();
        labels.sort();
        labels.dedup();
        assert!(labels.len() >= 2, "{cols}: the range spans two: {labels:?}");
        let mut cells = 0;
        for item in &items {
            let product = item["productName"].as_str().unwrap();
            let product = if product == "(blank)" { "" } else { product };
            let unit = item["currency"].as_str().unwrap();
            for label in &labels {
                let want = expected
                    .get(&(product.to_string(), unit.to_string(), label.clone()))
                    .copied();
                let got = cents(item[label.as_str()].as_str().unwrap());
                assert_eq!(
                    got,
                    want.unwrap_or_default(),
                    "{cols} {product} {unit} {label}"
                );
                cells += usize::from(want.is_some());
            }
        }
        assert_eq!(cells, expected.len(), "{cols}: every cell is there");
    }
}

#[test]
fn pivot_fetches_first_when_given_query_flags_instead_of_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = quarter_csv(dir.path());
    let from_file = bin()
        .arg("pivot")
        .arg(&path)
        .args([
            "--rows",
            "lineItemType",
            "--cols",
            "month",
            "--format",
            "tsv",
        ])
        .output()
        .unwrap();
    let fetched = bin()
        .args([
            "pivot",
            "--demo",
            "--start",
            "2026-07-01",
            "--end",
            "2026-10-01",
        ])
        .args(["--type", "all", "--rows", "lineItemType", "--cols", "month"])
        .args(["--format", "tsv"])
        .output()
        .unwrap();
    assert!(
        fetched.status.success(),
        "{}",
        String::from_utf8_lossy(&fetched.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&fetched.stdout),
        String::from_utf8_lossy(&from_file.stdout),
        "the same answer as from the file the same query fetched"
    );
    let told = String::from_utf8_lossy(&fetched.stderr);
    assert!(
        told.contains("/_demo/files/"),
        "the link, on stderr: {told}"
    );
    bin()
        .arg("pivot")
        .arg(&path)
        .args([
            "--preset",
            "last-month",
            "--rows",
            "account",
            "--cols",
            "month",
        ])
        .assert()
        .code(2)
        .stderr(contains("not both"));
    bin()
        .args(["pivot", "--rows", "account", "--cols", "month"])
        .assert()
        .code(2)
        .stderr(contains("Give the CSV file to pivot, or query flags"));
}

#[test]
fn pivot_by_month_of_a_file_without_dates_names_the_columns_it_has() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-dates.csv");
    std::fs::write(&path, "account,subtotal,billCurrency\nacme,1.50,USD\n").unwrap();
    let out = dir.path().join("pivot.csv");
    bin()
        .arg("pivot")
        .arg(&path)
        .args(["--rows", "account", "--cols", "month", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains(
            "This file has no servicePeriodStartDate column; it has: account, subtotal, billCurrency.",
        ));
    assert!(!out.exists(), "no output for a refused pivot");
    // Columns by another column need no date.
    bin()
        .arg("pivot")
        .arg(&path)
        .args([
            "--rows",
            "account",
            "--cols",
            "billCurrency",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout(
            "account,currency,USD,total,charges,credits,drawdowns,adjustments,other,credit_share_pct,share_pct\n\
             acme,USD,1.50,1.50,0.00,0.00,0.00,0.00,1.50,,100.0\n",
        );
}

#[test]
fn pivot_by_account_and_month_agrees_with_a_sum_made_here() {
    let dir = tempfile::tempdir().unwrap();
    let path = quarter_csv(dir.path());
    let out = pivot_of(
        &path,
        &["--rows", "account", "--cols", "month", "--format", "csv"],
    );
    // Sums in cents by (account, currency, month), from the file itself.
    let expected = sums_by(
        &path,
        "account",
        "billCurrency",
        "servicePeriodStartDate",
        |d| d[..7].to_string(),
        "subtotal",
    );
    let mut pivot = csv::Reader::from_reader(&out[..]);
    let header: Vec<String> = pivot.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "account",
            "currency",
            "2026-07",
            "2026-08",
            "2026-09",
            "total",
            "charges",
            "credits",
            "drawdowns",
            "adjustments",
            "other",
            "credit_share_pct",
            "share_pct"
        ]
    );
    // Sums in cents by (account, currency, kind), the kind from the type as the design lists
    // them (written out here, not taken from the code).
    let kind_of = |t: &str| {
        match t {
            "USAGE_CREDIT"
            | "COUNTER_ADJUSTMENT_CREDIT"
            | "MINIMUM_SPEND_REFUND"
            | "CREDIT_DEDUCTION"
            | "CREDIT_MEMO" => "credits",
            "COMMITMENT_CONSUMED" | "BALANCE_CONSUMED" => "drawdowns",
            "MANUAL_ADJUSTMENT" => "adjustments",
            _ => "charges",
        }
        .to_string()
    };
    let kinds = sums_by(
        &path,
        "account",
        "billCurrency",
        "lineItemType",
        kind_of,
        "subtotal",
    );
    let mut cells = 0;
    for record in pivot.records() {
        let r = record.unwrap();
        let mut row_total = 0;
        for (i, month) in ["2026-07", "2026-08", "2026-09"].iter().enumerate() {
            let want = expected
                .get(&(r[0].to_string(), r[1].to_string(), month.to_string()))
                .copied()
                .unwrap_or_default();
            assert_eq!(cents(&r[2 + i]), want, "{} {} {month}", &r[0], &r[1]);
            assert!(!r[2 + i].contains(','), "plain amounts: {}", &r[2 + i]);
            row_total += want;
            cells += usize::from(expected.contains_key(&(
                r[0].to_string(),
                r[1].to_string(),
                month.to_string(),
            )));
        }
        assert_eq!(cents(&r[5]), row_total);
        let of = |kind: &str| {
            kinds
                .get(&(r[0].to_string(), r[1].to_string(), kind.to_string()))
                .copied()
                .unwrap_or_default()
        };
        for (i, kind) in ["charges", "credits", "drawdowns", "adjustments"]
            .iter()
            .enumerate()
        {
            assert_eq!(cents(&r[6 + i]), of(kind), "{} {} {kind}", &r[0], &r[1]);
        }
        assert_eq!(cents(&r[10]), 0, "every demo line has a known type");
        // The credit share to a tenth of a percent: credits given back over charges.
        if of("credits") != 0 && of("charges") != 0 {
            let share = -(of("credits") as f64) * 100.0 / of("charges") as f64;
            let shown: f64 = r[11].parse().unwrap();
            assert!(
                (shown - share).abs() <= 0.05 + 1e-9,
                "{} {share} {shown}",
                &r[0]
            );
        } else {
            assert_eq!(&r[11], "", "no share without credits");
        }
    }
    assert_eq!(
        cells,
        expected.len(),
        "every account, currency and month is there"
    );
}

#[test]
fn pivot_refuses_a_column_the_file_lacks_and_never_half_writes_its_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = quarter_csv(dir.path());
    bin()
        .arg("pivot")
        .arg(&path)
        .args(["--rows", "product", "--cols", "month"])
        .assert()
        .code(2)
        .stderr(contains("no product column; it has: account,").and(contains("productName")));
    let target = dir.path().join("pivot.csv");
    std::fs::write(&target, "keep me").unwrap();
    bin()
        .arg("pivot")
        .arg(&path)
        .args(["--rows", "productName", "--cols", "quarter", "-o"])
        .arg(&target)
        .assert()
        .code(2)
        .stderr(contains("exists; add --force"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    bin()
        .arg("pivot")
        .arg(&path)
        .args([
            "--rows",
            "productName",
            "--cols",
            "quarter",
            "--force",
            "-o",
        ])
        .arg(&target)
        .assert()
        .success();
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(
        written.starts_with("productName,currency,2026-Q3,total,charges,"),
        "{written}"
    );
}

/// Sums in cents of the subtotal by (account, currency), of the lines whose service period
/// starts in `[from, to)`, from the file itself.
fn period_sums(
    path: &std::path::Path,
    from: &str,
    to: &str,
) -> std::collections::HashMap<(String, String), (i64, u64)> {
    let mut sums = std::collections::HashMap::new();
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (k, u, d, v) = (
        at("account"),
        at("billCurrency"),
        at("servicePeriodStartDate"),
        at("subtotal"),
    );
    for record in reader.records() {
        let r = record.unwrap();
        let day = &r[d][..10];
        if day >= from && day < to {
            let entry: &mut (i64, u64) = sums
                .entry((r[k].to_string(), r[u].to_string()))
                .or_default();
            entry.0 += cents(&r[v]);
            entry.1 += 1;
        }
    }
    sums
}

/// "Which accounts grew most from August to September?", answered by `compare` and checked
/// line by line, status by status and bridge by bridge against sums made here.
#[test]
fn compare_two_months_agrees_with_sums_made_here_and_its_bridge_adds_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = quarter_csv(dir.path());
    let out = bin()
        .arg("compare")
        .arg(&path)
        .args(["--by", "account", "--a", "2026-08", "--b", "2026-09"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = period_sums(&path, "2026-08-01", "2026-09-01");
    let b = period_sums(&path, "2026-09-01", "2026-10-01");
    let mut keys: Vec<&(String, String)> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    let lines = answer["lines"].as_array().unwrap();
    assert_eq!(lines.len(), keys.len(), "every account and currency once");
    let mut last: Option<(String, i64)> = None;
    for line in lines {
        let field = |name: &str| line[name].as_str().unwrap().to_string();
        let key = (field("account"), field("currency"));
        let (in_a, rows_a) = a.get(&key).copied().unwrap_or_default();
        let (in_b, rows_b) = b.get(&key).copied().unwrap_or_default();
        assert_eq!(cents(&field("a")), in_a, "{key:?}");
        assert_eq!(cents(&field("b")), in_b, "{key:?}");
        assert_eq!(cents(&field("change")), in_b - in_a, "{key:?}");
        let status = match (rows_a, rows_b) {
            (0, _) => "new",
            (_, 0) => "churned",
            _ if in_b > in_a => "expanded",
            _ if in_b < in_a => "contracted",
            _ => "flat",
        };
        assert_eq!(field("status"), status, "{key:?}");
        if in_a != 0 {
            let pct = (in_b - in_a) as f64 * 100.0 / in_a.abs() as f64;
            let shown: f64 = field("change_pct").parse().unwrap();
            assert!(
                (shown - pct).abs() <= 0.05,
                "{key:?}: {shown} against {pct}"
            );
        } else {
            assert_eq!(field("change_pct"), "", "{key:?}: no percentage of zero");
        }
        // The biggest movers first, within a currency.
        let size = (in_b - in_a).abs();
        if let Some((currency, previous)) = &last
            && *currency == key.1
        {
            assert!(size <= *previous, "{key:?} after a smaller change");
        }
        last = Some((key.1.clone(), size));
    }
    let bridges = answer["bridge"].as_array().unwrap();
    assert_eq!(bridges.len(), 3, "USD, EUR and GBP");
    for bridge in bridges {
        let field = |name: &str| cents(bridge[name].as_str().unwrap());
        let currency = bridge["currency"].as_str().unwrap();
        let total = |sums: &std::collections::HashMap<(String, String), (i64, u64)>| -> i64 {
            sums.iter()
                .filter(|((_, c), _)| c == currency)
                .map(|(_, (s, _))| s)
                .sum()
        };
        assert_eq!(field("a"), total(&a), "{currency}");
        assert_eq!(field("b"), total(&b), "{currency}");
        assert_eq!(
            field("a") + field("new") + field("expanded") - field("contracted") - field("churned"),
            field("b"),
            "{currency}: the bridge adds up"
        );
    }
    // In a table, the bridge is on stderr and the lines on stdout.
    bin()
        .arg("compare")
        .arg(&path)
        .args(["--by", "account", "--a", "2026-08", "--b", "2026-09"])
        .args(["--format", "table"])
        .assert()
        .success()
        .stdout(contains("USD (subtotal per currency), 2026-08 to 2026-09"))
        .stderr(
            contains("USD: 2026-08 ")
                .and(contains(" + new "))
                .and(contains(" = 2026-09 ")),
        );
}

#[test]
fn compare_thresholds_quarters_and_periods_that_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = quarter_csv(dir.path());
    let all = compared(&path, &["--a", "2026-07", "--b", "2026-09"]);
    let some = compared(
        &path,
        &["--a", "2026-07", "--b", "2026-09", "--min-change", "5000"],
    );
    let material: Vec<&serde_json::Value> = all["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| cents(l["change"].as_str().unwrap()).abs() >= 500_000)
        .collect();
    assert_eq!(some["lines"].as_array().unwrap().len(), material.len());
    assert_eq!(
        some["hidden"].as_u64().unwrap() as usize,
        all["lines"].as_array().unwrap().len() - material.len()
    );
    assert_eq!(
        some["bridge"], all["bridge"],
        "hidden lines stay in the bridge"
    );
    // A quarter against a year before it: the file's quarter, against nothing.
    let quarters = compared(&path, &["--a", "2025-Q3", "--b", "2026-Q3"]);
    assert!(
        quarters["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["status"] == "new")
    );
    for (a, b, said) in [
        (
            "2025-13",
            "2026-01",
            "--a: 2025-13 is not a period: months run 01 to 12",
        ),
        (
            "2026-07",
            "2026-Q5",
            "--b: 2026-Q5 is not a period: quarters run Q1 to Q4",
        ),
        (
            "2026-09-01..2026-08-01",
            "2026-10",
            "--a: 2026-09-01..2026-08-01 ends before it starts",
        ),
        (
            "2026-Q3",
            "2026-08",
            "The periods 2026-Q3 and 2026-08 overlap",
        ),
    ] {
        bin()
            .arg("compare")
            .arg(&path)
            .args(["--by", "account", "--a", a, "--b", b])
            .assert()
            .code(2)
            .stderr(contains(said));
    }
    bin()
        .arg("compare")
        .arg(&path)
        .args(["--by", "account", "--a", "2024-07", "--b", "2026-08"])
        .assert()
        .success()
        .stderr(contains(
            "No line of the file falls in 2024-07; the file's dates run from 2026-07-01 to 2026-09-01.",
        ));
    bin()
        .arg("compare")
        .arg(&path)
        .args(["--by", "acount", "--a", "2026-07", "--b", "2026-08"])
        .assert()
        .code(2)
        .stderr(contains("no acount column; it has: account,"));
}

/// `compare --format json` of the file, by account.
fn compared(path: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let out = bin()
        .arg("compare")
        .arg(path)
        .args(["--by", "account", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Without a file, the two periods are fetched with one token, two requests, no 429, and the
/// answer is the one the same rows give from a file.
#[test]
fn compare_fetches_both_periods_with_one_token() {
    let demo = Background::start(config());
    let out = with_demo(&demo)
        .args(["compare", "--type", "all", "--by", "account"])
        .args(["--a", "2026-08", "--b", "2026-09", "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counts = demo.counts();
    assert_eq!(counts.tokens_issued, 1, "{counts:?}");
    assert_eq!(answered(&counts, CSV_ROUTE, "200"), 2, "{counts:?}");
    assert_eq!(answered(&counts, CSV_ROUTE, "429"), 0, "{counts:?}");
    let told = String::from_utf8_lossy(&out.stderr);
    assert!(
        told.contains("2026-08: http") && told.contains("2026-09: http"),
        "{told}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = quarter_csv(dir.path());
    let from_file = bin()
        .arg("compare")
        .arg(&path)
        .args([
            "--by", "account", "--a", "2026-08", "--b", "2026-09", "--format", "csv",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&from_file.stdout)
    );
}

/// The `billLineItemId` of every row of a CSV file, in file order.
fn line_ids(path: &std::path::Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "billLineItemId")
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap()[column].to_string())
        .collect()
}

/// The same query fetched month by month through the library, from a demo of the same bills
/// with no rate limit: the reference a split fetch is checked against.
fn months_one_by_one(months: &[(&str, &str)]) -> Vec<String> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let server = start(DemoConfig {
            rate: None,
            ..config()
        })
        .await;
        let client = client(&server);
        let dir = tempfile::tempdir().unwrap();
        let mut ids = Vec::new();
        for (i, (start_date, end)) in months.iter().enumerate() {
            let draft = m3ter_bills::query::QueryDraft {
                dates: m3ter_bills::query::DateInput::Typed {
                    start: Some(start_date.to_string()),
                    end: Some(end.to_string()),
                },
                line_item_types: m3ter_bills::query::LineItemType::ALL
                    .iter()
                    .map(|t| t.wire_name().to_string())
                    .collect(),
                ..Default::default()
            };
            let query = m3ter_bills::query::validate(&draft, chrono::Utc::now()).unwrap();
            let link = client.submit(&query, &mut |_| {}).await.unwrap();
            let path = dir.path().join(format!("{i}.csv"));
            client
                .download(&link, &path, false, &mut |_| {})
                .await
                .unwrap();
            ids.extend(line_ids(&path));
        }
        ids
    })
}

/// The first days of the twelve months before this one, and this one's.
fn last_twelve_months() -> Vec<(String, String)> {
    use chrono::{Datelike, Months};
    let today = chrono::Utc::now().date_naive();
    let this = today.with_day(1).unwrap();
    (0..12)
        .rev()
        .map(|back| {
            let start = this - Months::new(back + 1);
            (start.to_string(), (start + Months::new(1)).to_string())
        })
        .collect()
}

#[test]
fn a_split_by_month_holds_the_months_fetched_one_by_one_paced_with_one_token() {
    let demo = Background::start(config());
    let dir = tempfile::tempdir().unwrap();
    let year = dir.path().join("year.csv");
    let output = with_demo(&demo)
        .args(["query", "--preset", "last-12-months", "--type", "all"])
        .args(["--split", "month", "--download"])
        .arg(&year)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("piece 7 of 12 ("), "{stderr}");
    assert!(stderr.contains("rows so far"), "{stderr}");
    assert!(
        stderr.contains("from 12 pieces, 12 requests sent"),
        "{stderr}"
    );

    let months = last_twelve_months();
    let months: Vec<(&str, &str)> = months
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let mut expected = months_one_by_one(&months);
    let mut got = line_ids(&year);
    let lines = got.len();
    got.sort();
    got.dedup();
    assert_eq!(got.len(), lines, "no line twice");
    expected.sort();
    assert_eq!(got, expected);

    // Twelve requests under the demo's own limit (1 a second, bursts of 10): paced, so not
    // one 429, and one token for all.
    let counts = demo.counts();
    assert_eq!(answered(&counts, CSV_ROUTE, "200"), 12);
    assert_eq!(answered(&counts, CSV_ROUTE, "429"), 0, "{counts:?}");
    assert_eq!(counts.tokens_issued, 1);
    // Nothing is left behind in the folder, the pieces are gone from the cache.
    assert_eq!(files_in(dir.path()), ["year.csv"]);
}

#[test]
fn split_auto_fetches_a_cut_year_whole_and_says_what_cannot_be_cut_further() {
    let demo = Background::start(config());
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole.csv");
    // No limit: the demo answers with every line, the reference.
    with_demo(&demo)
        .args([
            "query",
            "--preset",
            "last-12-months",
            "--type",
            "all",
            "--download",
        ])
        .arg(&whole)
        .assert()
        .success();
    let mut expected = line_ids(&whole);
    expected.sort();
    assert!(
        expected.len() > 2000,
        "the demo's year is larger than one answer"
    );

    // With the limit, one answer is cut; the split gets all of it, to standard output too.
    let output = with_demo(&demo)
        .args([
            "query",
            "--preset",
            "last-12-months",
            "--type",
            "all",
            "--limit",
            "2000",
        ])
        .args(["--split", "auto", "--download", "-"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("held 2,000 rows, the limit: fetching it again in two halves"),
        "{stderr}"
    );
    assert!(!stderr.contains("warning"), "{stderr}");
    let piped = dir.path().join("piped.csv");
    std::fs::write(&piped, &output.stdout).unwrap();
    let mut got = line_ids(&piped);
    got.sort();
    assert_eq!(got, expected);

    // A limit below a month's lines: the demo's bills are monthly, so a part of a month
    // answers the whole month's; the split stops there and says which months are cut.
    let small = dir.path().join("small.csv");
    let output = with_demo(&demo)
        .args([
            "query",
            "--start",
            "2026-01-01",
            "--end",
            "2026-03-01",
            "--type",
            "all",
        ])
        .args(["--limit", "100", "--split", "auto", "--download"])
        .arg(&small)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: 2 pieces still held exactly the limit where they could be cut no more (2026-01, 2026-02)"),
        "{stderr}"
    );
    assert_eq!(line_ids(&small).len(), 200);
    // One token a run. (Three runs back to back are three clients, each with its own burst,
    // so the demo may answer one 429, retried; the pacing of one run is checked above.)
    assert_eq!(demo.counts().tokens_issued, 3);
}

#[test]
fn a_failed_piece_writes_nothing_and_resume_fetches_only_the_rest() {
    // The fifth request fails, and its two retries: the fifth month cannot be had.
    let demo = Background::start(DemoConfig {
        rate: None,
        ..with_faults(&["server-error:3@4"])
    });
    let dir = tempfile::tempdir().unwrap();
    let year = dir.path().join("year.csv");
    let run = || {
        let mut cmd = with_demo(&demo);
        cmd.args([
            "query",
            "--start",
            "2026-01-01",
            "--end",
            "2026-07-01",
            "--type",
            "all",
        ])
        .args(["--split", "month", "--retries", "2", "--download"])
        .arg(&year);
        cmd
    };
    run().assert().code(5).stderr(
        contains("error: The piece 2026-05 failed: m3ter had a server error (500)").and(contains(
            "the 4 pieces fetched are kept: run the same command with --resume",
        )),
    );
    assert!(
        files_in(dir.path()).is_empty(),
        "no file, no temporary file"
    );
    assert_eq!(answered(&demo.counts(), CSV_ROUTE, "200"), 4);

    run().arg("--resume").assert().success().stderr(
        contains("Resuming: 4 pieces fetched since")
            .and(contains("piece 1 of 6 (2026-01), kept from before"))
            .and(contains("6 pieces, 2 requests sent, 4 kept from before")),
    );
    assert_eq!(answered(&demo.counts(), CSV_ROUTE, "200"), 6);
    let months: Vec<(&str, &str)> = vec![
        ("2026-01-01", "2026-02-01"),
        ("2026-02-01", "2026-03-01"),
        ("2026-03-01", "2026-04-01"),
        ("2026-04-01", "2026-05-01"),
        ("2026-05-01", "2026-06-01"),
        ("2026-06-01", "2026-07-01"),
    ];
    let mut expected = months_one_by_one(&months);
    expected.sort();
    let mut got = line_ids(&year);
    got.sort();
    assert_eq!(got, expected);
}

#[test]
fn split_needs_a_file_to_merge_into_and_a_dry_run_says_what_it_would_send() {
    bin()
        .args(["query", "--demo", "--start", "2026-07-15", "--end", "2026-10-01", "--type", "all"])
        .args(["--split", "month", "--dry-run"])
        .assert()
        .success()
        .stdout(contains("\"startDate\": \"2026-07-15T00:00:00Z\""))
        .stderr(contains(
            "note: --split month would send this body once a month, with that month's dates: 2026-07-15 to 2026-07-31, 2026-08, 2026-09 (3 requests).",
        ));
    bin()
        .args([
            "query",
            "--demo",
            "--preset",
            "last-month",
            "--type",
            "all",
            "--split",
            "month",
        ])
        .assert()
        .code(2)
        .stderr(contains(
            "--split merges the pieces into one file: add --download PATH",
        ));
    bin()
        .args([
            "query",
            "--demo",
            "--preset",
            "last-month",
            "--type",
            "all",
            "--resume",
        ])
        .assert()
        .code(2)
        .stderr(contains("--split"));
}

#[test]
fn amounts_that_are_not_plain_numbers_are_left_out_and_said_and_empty_keys_stay_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("comma.csv");
    std::fs::write(
        &path,
        "account,productName,subtotal,billCurrency,lineItemType,servicePeriodStartDate\n\
         acme,Seats,10.00,USD,USAGE,2026-06-01\n\
         acme,,2.50,USD,USAGE,2026-06-01\n\
         acme,Seats,\"12,50\",USD,USAGE,2026-06-01\n\
         acme,Seats,1e3,USD,USAGE,2026-06-01\n",
    )
    .unwrap();
    let out = bin()
        .arg("pivot")
        .arg(&path)
        .args([
            "--rows",
            "productName",
            "--cols",
            "month",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "warning: 2 lines left out of the sums: their subtotal is not a plain number (line 4: '12,50')"
        ),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    // 10.00 alone: neither 1250 nor 12.50 was guessed; the blank product stays blank.
    assert_eq!(
        lines[1], "Seats,USD,10.00,10.00,10.00,0.00,0.00,0.00,0.00,,80.0",
        "{stdout}"
    );
    assert_eq!(
        lines[2], ",USD,2.50,2.50,2.50,0.00,0.00,0.00,0.00,,20.0",
        "{stdout}"
    );
    let json = bin()
        .arg("pivot")
        .arg(&path)
        .args([
            "--rows",
            "productName",
            "--cols",
            "month",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let keys: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["productName"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["Seats", ""], "no (blank) label in machine output");
}

#[test]
fn a_quarter_the_file_holds_in_part_is_compared_with_a_warning_and_marked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("june-to-november.csv");
    let mut text = String::from(
        "account,subtotal,billCurrency,lineItemType,servicePeriodStartDate,servicePeriodEndDate\n",
    );
    for month in 6..=11 {
        text.push_str(&format!(
            "hooli,100.00,USD,USAGE,2026-{month:02}-01,2026-{:02}-01\n",
            month + 1
        ));
    }
    std::fs::write(&path, text).unwrap();
    let out = bin()
        .arg("compare")
        .arg(&path)
        .args(["--by", "account", "--a", "2026-Q2", "--b", "2026-Q3"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "warning: 2026-Q2 (from 06-01) is only partly in the file (service periods 2026-06-01 to 2026-11-30): not like for like."
        ),
        "{stderr}"
    );
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["a_partial"], true);
    assert_eq!(value["a_covered"], "2026-06-01..2026-07-01");
    assert_eq!(value["b_partial"], false);
    // Q2 holds June's 100.00 alone, Q3 three months: the numbers are right, and said partial.
    assert_eq!(value["lines"][0]["a"], "100.00");
    assert_eq!(value["lines"][0]["b"], "300.00");
    bin()
        .arg("compare")
        .arg(&path)
        .args(["--by", "account", "--a", "2026-09", "--b", "2026-10"])
        .assert()
        .success()
        .stderr(contains("partly").not());
}

#[test]
fn repeated_columns_far_off_dates_and_the_running_month_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("odd.csv");
    let today = chrono::Utc::now().date_naive();
    let this_month = today.format("%Y-%m").to_string();
    std::fs::write(
        &path,
        format!(
            "account,subtotal,billCurrency,Subtotal,servicePeriodStartDate\n\
             acme,1.00,USD,900,1900-01-01\n\
             acme,2.00,USD,900,{this_month}-01\n"
        ),
    )
    .unwrap();
    let done = bin()
        .arg("pivot")
        .arg(&path)
        .args(["--rows", "account", "--cols", "month", "--format", "table"])
        .assert()
        .success();
    let out = String::from_utf8_lossy(&done.get_output().stdout).into_owned();
    let err = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
    assert!(
        err.contains(
            "warning: 2 columns are named subtotal (columns 2 and 4): the first is read, column 2."
        ),
        "{err}"
    );
    let months_between = {
        let (y, m) = (
            today.format("%Y").to_string().parse::<i64>().unwrap(),
            today.format("%m").to_string().parse::<i64>().unwrap(),
        );
        y * 12 + m - 1 - (1900 * 12 + 1)
    };
    assert!(
        err.contains(&format!(
            "note: no lines from 1900-02 to {} ({} months): those columns are left out.",
            (today - chrono::Months::new(1)).format("%Y-%m"),
            m3ter_bills::explore::group_thousands(&months_between.to_string())
        )),
        "{err}"
    );
    // The running month is marked in the table and said; the first column's sum is the
    // first subtotal column's, not the second's.
    assert!(out.contains(&format!("{this_month} (to date)")), "{out}");
    assert!(
        err.contains(&format!(
            "warning: {this_month} (to date) is only partly in the file"
        )),
        "{err}"
    );
    assert!(out.contains("3.00"), "{out}");
    assert!(!out.contains("900.00"), "{out}");
}

/// Every file asked for goes through one check: a device or a FIFO is never replaced, even
/// with --force; a link is replaced itself only with it; what is written gets the usual
/// permissions (0666 less the umask), as any program's files do.
#[cfg(unix)]
#[test]
fn outputs_refuse_devices_fifos_and_unforced_links_and_get_the_usual_modes() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let csv = quarter_csv(dir.path());
    let pivot = |out: &std::path::Path, force: bool| {
        let mut command = bin();
        command
            .arg("pivot")
            .arg(&csv)
            .args(["--rows", "account", "--cols", "month", "-o"])
            .arg(out);
        if force {
            command.arg("--force");
        }
        command.assert()
    };
    let export = |out: &std::path::Path, force: bool| {
        let mut command = bin();
        command.arg("export").arg(&csv).arg("--xlsx").arg(out);
        if force {
            command.arg("--force");
        }
        command.assert()
    };
    let fifo = dir.path().join("pipe.csv");
    let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid C string for the path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    // The null device's numbers (1, 3) under another name: only root may make one.
    let device = dir.path().join("full.csv");
    let made = std::process::Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "7"])
        .status()
        .is_ok_and(|s| s.success());
    let mut specials = vec![(fifo.clone(), "FIFO (a named pipe)")];
    if made {
        specials.push((device.clone(), "device"));
    }
    for (path, kind) in &specials {
        let said = format!(
            "{} is a {kind}, not a file: it is never replaced; choose another name.",
            path.display()
        );
        pivot(path, true).code(2).stderr(contains(said.clone()));
        export(&path.with_extension("csv"), true)
            .code(2)
            .stderr(contains(said));
        let meta = std::fs::symlink_metadata(path).unwrap();
        assert!(meta.file_type().is_fifo() || meta.file_type().is_char_device());
    }

    // A link: refused without --force, its target untouched; replaced itself with it.
    let theirs = dir.path().join("theirs.txt");
    std::fs::write(&theirs, "keep me").unwrap();
    let link = dir.path().join("out.csv");
    std::os::unix::fs::symlink(&theirs, &link).unwrap();
    pivot(&link, false).code(2).stderr(contains(format!(
        "{} is a link to another file: not written; --force replaces the link itself.",
        link.display()
    )));
    pivot(&link, true).success();
    assert!(std::fs::symlink_metadata(&link).unwrap().is_file());
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "keep me");

    // The modes of what was asked for: the usual ones, not private.
    // SAFETY: umask only reads and sets the process's mask; it is set back at once.
    let mask = unsafe {
        let mask = libc::umask(0o022);
        libc::umask(mask);
        mask
    };
    let book = dir.path().join("book.xlsx");
    export(&book, false).success();
    let download = dir.path().join("fetched.csv");
    let demo = Background::start(config());
    with_demo(&demo)
        .args([
            "query",
            "--preset",
            "last-month",
            "--type",
            "USAGE",
            "--download",
        ])
        .arg(&download)
        .assert()
        .success();
    for path in [&link, &book, &download] {
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !mask, "{}: {mode:o}", path.display());
    }
    let left: Vec<String> = files_in(dir.path())
        .into_iter()
        .filter(|n| n.starts_with(".m3ter-bills-"))
        .collect();
    assert!(
        left.is_empty(),
        "no temporary file is left behind: {left:?}"
    );
}

/// The piece cache is a vault: a manifest naming a file outside it, a piece replaced by a
/// link or changed, are never merged; the merged file is the one a fresh fetch makes, and
/// nothing outside the cache is written.
#[cfg(unix)]
#[test]
fn planted_manifests_links_and_changed_pieces_never_reach_a_merged_file() {
    let months: Vec<(&str, &str)> = vec![
        ("2026-01-01", "2026-02-01"),
        ("2026-02-01", "2026-03-01"),
        ("2026-03-01", "2026-04-01"),
        ("2026-04-01", "2026-05-01"),
        ("2026-05-01", "2026-06-01"),
        ("2026-06-01", "2026-07-01"),
    ];
    let mut expected = months_one_by_one(&months);
    expected.sort();
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let outside = dir.path().join("outside.csv");
    let planted = "account,billLineItemId,subtotal\nevil,not-a-bill-line,1\n";
    std::fs::write(&outside, planted).unwrap();
    // Each case: four months fetched and kept (the fifth fails), something planted, resumed.
    type Plant = fn(&std::path::Path, &std::path::Path);
    let cases: [(&str, Plant, &str); 2] = [
        (
            "a changed piece and a link",
            |folder, outside| {
                let mut pieces: Vec<_> = std::fs::read_dir(folder)
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.extension().is_some_and(|e| e == "csv"))
                    .collect();
                pieces.sort();
                std::fs::write(&pieces[0], "account,billLineItemId\nevil,x\n").unwrap();
                std::fs::remove_file(&pieces[1]).unwrap();
                std::os::unix::fs::symlink(outside, &pieces[1]).unwrap();
            },
            "warning: piece 2026-01 changed on disk; fetched again.",
        ),
        (
            "a manifest naming a file outside",
            |folder, outside| {
                let manifest = folder.join("manifest.json");
                let text = std::fs::read_to_string(&manifest).unwrap();
                let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
                value["pieces"][0]["file"] =
                    serde_json::Value::String(outside.display().to_string());
                std::fs::write(&manifest, value.to_string()).unwrap();
            },
            "warning: the pieces' manifest named files the tool never makes",
        ),
    ];
    for (what, plant, said) in cases {
        let demo = Background::start(DemoConfig {
            rate: None,
            ..with_faults(&["server-error:3@4"])
        });
        let year = dir.path().join("year.csv");
        let _ = std::fs::remove_file(&year);
        let run = || {
            let mut cmd = with_demo(&demo);
            cmd.env("M3TER_BILLS_CACHE", &cache)
                .args(["query", "--start", "2026-01-01", "--end", "2026-07-01"])
                .args([
                    "--type",
                    "all",
                    "--split",
                    "month",
                    "--retries",
                    "2",
                    "--download",
                ])
                .arg(&year);
            cmd
        };
        run().assert().code(5);
        let folders: Vec<_> = std::fs::read_dir(cache.join("pieces"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        assert_eq!(folders.len(), 1, "{what}");
        plant(&folders[0], &outside);
        run()
            .arg("--resume")
            .assert()
            .success()
            .stderr(contains(said));
        let mut got = line_ids(&year);
        got.sort();
        assert_eq!(got, expected, "{what}: the merged file is a fresh fetch's");
        assert_eq!(
            std::fs::read_to_string(&outside).unwrap(),
            planted,
            "{what}"
        );
    }
}

/// A name or a value the person typed comes back as typed: never re-cased at the start of a
/// sentence.
#[test]
fn names_and_values_typed_are_never_recased() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    bin()
        .current_dir(dir.path())
        .args(["pivot", "empty.csv", "--rows", "account", "--cols", "month"])
        .assert()
        .code(2)
        .stderr("error: empty.csv is empty: there is nothing to show.\n");
    let csv = quarter_csv(dir.path());
    bin()
        .arg("compare")
        .arg(&csv)
        .args(["--by", "account", "--a", "2026-08", "--b", "xxxx"])
        .assert()
        .code(2)
        .stderr(contains("error: --b: xxxx is not a period"));
}

/// An answer that cannot be written is refused before any request or pass.
#[test]
fn an_output_that_cannot_be_written_is_refused_before_anything_is_sent() {
    let demo = Background::start(config());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no/such/pivot.csv");
    with_demo(&demo)
        .args(["pivot", "--preset", "last-month", "--type", "all"])
        .args(["--rows", "account", "--cols", "month", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains(format!(
            "The folder {} does not exist; create it, or write somewhere else.",
            dir.path().join("no/such").display()
        )));
    with_demo(&demo)
        .args(["compare", "--type", "all", "--by", "account"])
        .args(["--a", "2026-09", "--b", "2026-10", "-o"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(contains("is a folder; give the name of a file in it"));
    assert_eq!(demo.counts().total_requests, 0, "nothing was sent");
}
