//! Profiles, saved queries and history, driven as an analyst's scripts would: the real binary,
//! a config file of its own, and the demo server.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::*;
use predicates::prelude::*;
use predicates::str::contains;

const BIN: &str = env!("CARGO_BIN_EXE_m3ter-bills");

/// A config folder and data folder of the test's own.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config/config.toml")
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn write_config(&self, text: &str, mode: u32) {
        std::fs::create_dir_all(self.config().parent().unwrap()).unwrap();
        std::fs::write(self.config(), text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(self.config(), std::fs::Permissions::from_mode(mode)).unwrap();
        }
        #[cfg(not(unix))]
        let _ = mode;
    }

    /// A config whose default profile reaches `demo`, its secret written in the file.
    fn config_for(&self, demo: &Background, mode: u32) {
        let config = demo.server.config();
        self.write_config(
            &format!(
                "default_profile = \"prod\"\n\n[profiles.prod]\norg_id = \"{}\"\nbase_url = \"{}\"\napi_key = \"{}\"\napi_secret = \"{}\"\n\n[profiles.sandbox]\norg_id = \"sandbox-org\"\nbase_url = \"{}\"\napi_key = \"{}\"\nsecret_command = \"printf {}\"\n",
                config.org_id,
                demo.server.base_url(),
                config.api_key,
                config.api_secret,
                demo.server.base_url(),
                config.api_key,
                config.api_secret,
            ),
            mode,
        );
    }

    fn bin(&self) -> Command {
        let mut cmd = Command::new(BIN);
        for var in OUTSIDE_SETTINGS {
            cmd.env_remove(var);
        }
        cmd.env("M3TER_BILLS_CONFIG", self.config())
            .env("M3TER_BILLS_DATA", self.data());
        cmd
    }

    /// Every file under the home, and their contents.
    fn all_files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push((path.clone(), std::fs::read(&path).unwrap()));
                }
            }
        }
        let mut out = Vec::new();
        walk(self.dir.path(), &mut out);
        out
    }
}

fn no_canary() -> impl Predicate<str> {
    contains(CANARY).not()
}

#[test]
fn the_config_command_shows_where_things_are_and_hides_secrets() {
    let demo = Background::start(config());
    let home = Home::new();
    home.config_for(&demo, 0o600);
    home.bin()
        .arg("config")
        .env("M3TER_ORG_ID", "org-from-env")
        .assert()
        .success()
        .stdout(
            contains(home.config().display().to_string())
                .and(contains("Profiles       prod, sandbox"))
                .and(contains("In force (profile prod)"))
                .and(contains("org-from-env  [$M3TER_ORG_ID]"))
                .and(contains("[profile prod]"))
                .and(contains("hidden  [the config file, profile prod]"))
                .and(no_canary()),
        );
    home.bin()
        .args(["config", "--profile", "sandbox"])
        .assert()
        .success()
        .stdout(contains("from the command `printf").and(contains("not run now")));
    home.bin()
        .args(["config", "--profile", "staging"])
        .assert()
        .code(2)
        .stderr(contains(
            "There is no profile \"staging\"; the profiles are prod, sandbox",
        ));
}

#[test]
fn a_profile_is_used_and_flags_and_the_environment_win_over_it() {
    let demo = Background::start(config());
    let home = Home::new();
    home.config_for(&demo, 0o600);
    home.bin()
        .args(["query", "--preset", "last-month", "--type", "USAGE"])
        .assert()
        .success()
        .stdout(contains(demo.server.base_url()).and(no_canary()))
        .stderr(no_canary());
    // The sandbox profile's secret comes from its command; its org is not the demo's.
    home.bin()
        .args([
            "--profile",
            "sandbox",
            "query",
            "--preset",
            "last-month",
            "--type",
            "USAGE",
        ])
        .assert()
        .code(3)
        .stderr(contains("no access to organization sandbox-org").and(no_canary()));
    let org = demo.server.config().org_id.clone();
    home.bin()
        .args([
            "--profile",
            "sandbox",
            "query",
            "--preset",
            "last-month",
            "--type",
            "USAGE",
            "--org-id",
            &org,
        ])
        .assert()
        .success();
    home.bin()
        .env("M3TER_ORG_ID", &org)
        .args([
            "--profile",
            "sandbox",
            "query",
            "--preset",
            "last-month",
            "--type",
            "USAGE",
        ])
        .assert()
        .success();
}

#[cfg(unix)]
#[test]
fn a_secret_in_a_file_others_can_read_is_refused_with_the_fix() {
    let demo = Background::start(config());
    let home = Home::new();
    home.config_for(&demo, 0o644);
    home.bin()
        .args(["query", "--preset", "last-month", "--type", "USAGE"])
        .assert()
        .code(3)
        .stderr(
            contains(format!("chmod 600 {}", home.config().display()))
                .and(contains("secret is ignored"))
                .and(no_canary()),
        );
}

#[test]
fn a_broken_config_is_reported_with_its_place_and_the_run_goes_on() {
    let demo = Background::start(config());
    let home = Home::new();
    home.write_config(
        "default_profile = \"prod\"\n[profiles.prod\norg_id = 1\n",
        0o600,
    );
    let mut cmd = home.bin();
    for (name, value) in demo.env() {
        cmd.env(name, value);
    }
    cmd.args(["query", "--preset", "last-month", "--type", "USAGE"])
        .assert()
        .success()
        .stderr(
            contains(format!("warning: {}:2:", home.config().display()))
                .and(contains("using the defaults")),
        );
}

#[test]
fn a_saved_query_runs_headless_with_its_preset_resolved_today() {
    let home = Home::new();
    let queries = home.config().parent().unwrap().join("queries");
    std::fs::create_dir_all(&queries).unwrap();
    std::fs::write(
        queries.join("monthly usage by account.json"),
        r#"{"preset": "last-month", "lineItemTypes": ["USAGE"], "dimensions": [{"name": "account", "filter": ["*"]}]}"#,
    )
    .unwrap();
    std::fs::write(queries.join("broken.json"), "{").unwrap();
    let (start, end) = m3ter_bills::query::Preset::LastMonth.range(chrono::Utc::now());
    home.bin()
        .args([
            "query",
            "--saved",
            "monthly usage by account",
            "--limit",
            "10",
            "--dry-run",
        ])
        .assert()
        .success()
        .stdout(
            contains(format!(
                "\"startDate\": \"{}\"",
                m3ter_bills::query::format_wire(start)
            ))
            .and(contains(format!(
                "\"endDate\": \"{}\"",
                m3ter_bills::query::format_wire(end)
            )))
            .and(contains("\"limit\": 10")),
        );
    home.bin()
        .args(["query", "--saved", "weekly", "--dry-run"])
        .assert()
        .code(2)
        .stderr("error: There is no saved query \"weekly\"; the saved queries are monthly usage by account.\n");
    home.bin()
        .args(["query", "--saved", "broken", "--dry-run"])
        .assert()
        .code(2)
        .stderr(contains("is damaged"));
    home.bin()
        .arg("--demo")
        .args(["query", "--saved", "monthly usage by account"])
        .assert()
        .success();
}

#[test]
fn two_processes_writing_the_history_at_once_keep_it_whole() {
    let home = Home::new();
    let runs: Vec<std::process::Child> = (0..6)
        .map(|_| {
            std::process::Command::new(BIN)
                .env("M3TER_BILLS_CONFIG", home.config())
                .env("M3TER_BILLS_DATA", home.data())
                .args([
                    "--demo",
                    "query",
                    "--preset",
                    "last-month",
                    "--type",
                    "USAGE",
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut run in runs {
        assert!(run.wait().unwrap().success());
    }
    let text = std::fs::read_to_string(home.data().join("history-demo.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    for line in lines {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(entry["kind"], "submit");
        assert!(
            entry["outcome"]["link"]
                .as_str()
                .unwrap()
                .starts_with("http://127.0.0.1")
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(home.data().join("history-demo.jsonl"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn the_canary_secret_is_in_no_file_the_tool_writes() {
    let demo = Background::start(config());
    let home = Home::new();
    home.config_for(&demo, 0o600);
    let out = home.dir.path().join("out.csv");
    home.bin()
        .args([
            "query",
            "--preset",
            "last-month",
            "--type",
            "USAGE",
            "--download",
        ])
        .arg(&out)
        .assert()
        .success();
    home.bin()
        .args([
            "--profile",
            "sandbox",
            "query",
            "--preset",
            "last-month",
            "--type",
            "USAGE",
        ])
        .assert()
        .code(3);
    home.bin()
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
        .stdout(no_canary());
    let history = std::fs::read_to_string(home.data().join("history.jsonl")).unwrap();
    assert_eq!(
        history.lines().count(),
        3,
        "two submits and a fetch:\n{history}"
    );
    assert!(history.contains("\"kind\":\"fetch\""));
    for (path, bytes) in home.all_files() {
        if path == home.config() {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(CANARY),
            "{} holds the secret",
            path.display()
        );
    }
}
