//! The leak suite: secrets in the environment, in a profile of the config file and behind a
//! profile's `secret_command`, and a ready token in the environment; every flow run with them,
//! headless and on the screen, with success and every fault, the curl export, history, saved
//! queries and the log at its most verbose (`-vvv`). Afterwards no output, no screen, no
//! clipboard write and no file the tool wrote (config folder, data folder, log, downloads)
//! holds any of the secrets, the tokens the demo issued, or the Basic credentials made of them.
//! The config file and the password store its `secret_command` reads are the exceptions: they
//! are where the person put the secrets.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::pty::Session;
use common::*;
use m3ter_bills::demo::DemoConfig;

const BIN: &str = env!("CARGO_BIN_EXE_m3ter-bills");
const FILE_CANARY: &str = "canary-in-the-c0nfig-file";
const COMMAND_CANARY: &str = "canary-fr0m-a-secret-command";
const TOKEN_CANARY: &str = "canary-t0ken-in-the-environment";
/// Every token the demo issues starts so.
const DEMO_TOKEN: &str = "demo-token-";

/// One folder for the config, the data (history, saved queries, the screen's log) and the
/// downloads of every flow, so the files they leave add up.
struct Home {
    dir: tempfile::TempDir,
    /// What each flow printed, wrote to the terminal or put on the clipboard.
    outputs: Vec<(String, Vec<u8>)>,
}

impl Home {
    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn downloads(&self) -> PathBuf {
        self.path().join("downloads")
    }

    /// Runs the binary headless with `env`, keeping what it printed.
    fn run(&mut self, label: &str, args: &[&str], env: &[(&str, String)]) -> i32 {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("M3TER_BILLS_CONFIG", self.path().join("config.toml"))
            .env("M3TER_BILLS_DATA", self.path().join("data"));
        for name in OUTSIDE_SETTINGS {
            cmd.env_remove(name);
        }
        for (name, value) in env {
            cmd.env(name, value);
        }
        let output = cmd.output().unwrap();
        let mut printed = output.stdout;
        printed.extend(output.stderr);
        let code = output.status.code().unwrap_or(-1);
        self.outputs
            .push((format!("{label} (exit {code})"), printed));
        code
    }

    /// Keeps what a screen session wrote to the terminal, with the text it put on the
    /// clipboard decoded (OSC 52 carries it in base64).
    fn keep_screen(&mut self, label: &str, session: &mut Session) {
        assert_eq!(session.exit_code(), 0, "{label}");
        let seen = std::mem::take(&mut session.seen);
        for copied in clipboard_writes(&seen) {
            self.outputs.push((format!("{label}: clipboard"), copied));
        }
        self.outputs
            .push((format!("{label}: screen"), strip_escapes(&seen)));
        self.outputs.push((format!("{label}: terminal"), seen));
    }
}

/// The texts written to the clipboard with OSC 52 (`ESC ] 52 ; c ; BASE64 BEL`).
fn clipboard_writes(seen: &[u8]) -> Vec<Vec<u8>> {
    let start = b"\x1b]52;c;";
    let mut found = Vec::new();
    let mut rest = seen;
    while let Some(at) = rest.windows(start.len()).position(|w| w == start) {
        let payload = &rest[at + start.len()..];
        let end = payload
            .iter()
            .position(|&b| b == 0x07 || b == 0x1b)
            .unwrap_or(payload.len());
        found.push(STANDARD.decode(&payload[..end]).unwrap_or_default());
        rest = &payload[end..];
    }
    found
}

/// The terminal output without its control sequences, so text drawn in several styles reads
/// as one.
fn strip_escapes(seen: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < seen.len() {
        match (seen[i], seen.get(i + 1)) {
            (0x1b, Some(b'[')) => {
                i += 2;
                while i < seen.len() && !(0x40..=0x7e).contains(&seen[i]) {
                    i += 1;
                }
                i += 1;
            }
            (0x1b, Some(b']')) => {
                while i < seen.len()
                    && seen[i] != 0x07
                    && !(seen[i] == b'\\' && seen[i - 1] == 0x1b)
                {
                    i += 1;
                }
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// `env` as a screen session takes it.
fn borrowed<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Every file under `dir`, with its path.
fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn no_flow_leaks_a_secret() {
    let env_demo = Background::start(config());
    let file_demo = Background::start(DemoConfig {
        api_secret: FILE_CANARY.to_string(),
        ..DemoConfig::default()
    });
    let command_demo = Background::start(DemoConfig {
        api_secret: COMMAND_CANARY.to_string(),
        ..DemoConfig::default()
    });
    let mut home = Home {
        dir: tempfile::tempdir().unwrap(),
        outputs: Vec::new(),
    };
    std::fs::create_dir_all(home.downloads()).unwrap();
    let profile = |name: &str, demo: &Background, secret: &str| {
        let c = demo.server.config();
        format!(
            "[profiles.{name}]\norg_id = \"{}\"\nbase_url = \"{}\"\napi_key = \"{}\"\n{secret}\n",
            c.org_id,
            demo.server.base_url(),
            c.api_key
        )
    };
    let config_file = home.path().join("config.toml");
    // A secret_command reads a password store; this one is a file of the test's.
    let vault = home.path().join("vault.txt");
    std::fs::write(&vault, COMMAND_CANARY).unwrap();
    std::fs::write(
        &config_file,
        profile(
            "filed",
            &file_demo,
            &format!("api_secret = \"{FILE_CANARY}\""),
        ) + &profile(
            "commanded",
            &command_demo,
            &format!("secret_command = \"cat '{}'\"", vault.display()),
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let env = env_demo.env();
    let last_month = ["query", "--preset", "last-month", "--type", "USAGE"];
    let verbose = |extra: &[&str]| -> Vec<String> {
        ["-vvv"]
            .iter()
            .chain(&last_month)
            .chain(extra)
            .map(|s| s.to_string())
            .collect()
    };

    // Headless, with the secret in the environment.
    let download = home.downloads().join("headless.csv");
    let download = download.to_str().unwrap().to_string();
    let headless_log = home.path().join("data/headless.log");
    let headless_log = headless_log.to_str().unwrap().to_string();
    let must_succeed: Vec<(&str, Vec<String>)> = vec![
        ("query", verbose(&[])),
        ("query --download", verbose(&["--download", &download])),
        ("query --curl", verbose(&["--curl"])),
        ("query --dry-run", verbose(&["--dry-run"])),
        (
            "query --log-file",
            [
                vec!["--log-file".to_string(), headless_log.clone()],
                verbose(&[]),
            ]
            .concat(),
        ),
    ];
    for (label, run) in &must_succeed {
        assert_eq!(home.run(label, &args(run), &env), 0, "{label}");
    }
    // From profiles: the secret in the file, and from a command.
    for name in ["filed", "commanded"] {
        let run = [
            vec!["--profile".to_string(), name.to_string()],
            verbose(&[]),
        ]
        .concat();
        assert_eq!(
            home.run(&format!("query --profile {name}"), &args(&run), &[]),
            0
        );
        home.run(
            &format!("config --profile {name}"),
            &["-vvv", "--profile", name, "config"],
            &[],
        );
    }
    // Refused: the canary as a wrong secret, and a ready token the server does not know.
    let mut wrong = file_demo.env();
    wrong.retain(|(k, _)| *k != "M3TER_API_SECRET");
    wrong.push(("M3TER_API_SECRET", CANARY.to_string()));
    assert_eq!(
        home.run("query, wrong secret", &args(&verbose(&[])), &wrong),
        3
    );
    let mut token = env_demo.env();
    token.retain(|(k, _)| *k != "M3TER_API_SECRET" && *k != "M3TER_API_KEY");
    token.push(("M3TER_API_TOKEN", TOKEN_CANARY.to_string()));
    assert_eq!(
        home.run("query, unknown token", &args(&verbose(&[])), &token),
        3
    );
    // Every fault, and a token that expires between two queries.
    for (fault, code, _, fetch) in FAULT_MATRIX {
        let demo = fault_demo(fault);
        let target = home.downloads().join("faulty.csv");
        let mut run = verbose(&["--timeout", "1"]);
        if *fetch {
            run.extend([
                "--download".to_string(),
                target.to_str().unwrap().to_string(),
            ]);
        }
        let got = home.run(&format!("query, fault {fault}"), &args(&run), &demo.env());
        assert_eq!(got, *code, "{fault}");
    }

    // The screen: submit, fetch, copy as curl, save, history, help, the table view.
    let screen_env = borrowed(&env);
    let mut s = Session::in_home(&["-vvv"], home.path(), &screen_env);
    s.wait_for(b"Request body");
    s.send(b"\x13");
    s.wait_for_screen("Download link ready");
    s.send(b"f");
    s.wait_for_screen("Save as:");
    s.send(b"\x15");
    s.send(
        home.downloads()
            .join("screen.csv")
            .to_str()
            .unwrap()
            .as_bytes(),
    );
    s.send(b"\r");
    s.wait_for_screen("Saved");
    // Esc is sent alone and seen to work before the next key, so the two are not read as Alt
    // with that key.
    let esc = |s: &mut Session, closes: &str| {
        s.send(b"\x1b");
        s.wait_for_screen_without(closes);
    };
    for (key, shows) in [
        (&b"c"[..], "Copied the curl command"),
        (b"s", "Save the query"),
        (b"leaky\r", "leaky.json"),
        (b"H", "History, newest first"),
    ] {
        s.send(key);
        s.wait_for_screen(shows);
    }
    esc(&mut s, "History, newest first");
    s.send(b"?");
    s.wait_for_screen("Keys (Esc closes)");
    esc(&mut s, "Keys (Esc closes)");
    s.send(b"v");
    s.wait_for_screen(" rows");
    s.send(b"t");
    s.wait_for_screen("by line item type");
    esc(&mut s, "by line item type");
    esc(&mut s, " rows");
    s.send(b"q");
    home.keep_screen("screen, secret in the environment", &mut s);
    // The saved query, sent headless.
    let saved = ["-vvv", "query", "--saved", "leaky"];
    assert_eq!(home.run("query --saved", &saved, &env), 0);

    // The screen from a profile, then switching to the other.
    let mut s = Session::in_home(&["-vvv", "--profile", "commanded"], home.path(), &[]);
    s.wait_for_screen("profile commanded");
    s.send(b"\x13");
    s.wait_for_screen("Download link ready");
    s.send(b"p");
    s.wait_for_screen("Profiles");
    s.send(b"\x1b[B\r");
    s.wait_for_screen("Now using profile filed");
    s.send(b"\x13");
    s.wait_for_screen("Download link ready");
    s.send(b"q");
    home.keep_screen("screen, profiles", &mut s);

    // A token that lives one second, renewed between two submits of one screen.
    let short = Background::start(DemoConfig {
        token_ttl: std::time::Duration::from_secs(1),
        ..config()
    });
    let env = short.env();
    let mut s = Session::in_home(&["-vvv"], home.path(), &borrowed(&env));
    s.wait_for(b"Request body");
    s.send(b"\x13");
    s.wait_for_screen("Download link ready");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    s.send(b"\x13");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while answered(&short.counts(), CSV_ROUTE, "200") < 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "the second submit never ended"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(short.counts().tokens_issued, 2);
    s.send(b"q");
    home.keep_screen("screen, token-ttl 1", &mut s);

    // The screen meeting faults it cannot recover from.
    for (fault, says) in [
        ("expire-token", "expired"),
        ("bad-link", "not safe"),
        ("server-error", "server error"),
    ] {
        let demo = fault_demo(fault);
        let env = demo.env();
        let mut s = Session::in_home(&["-vvv"], home.path(), &borrowed(&env));
        s.wait_for(b"Request body");
        s.send(b"\x13");
        s.wait_for_screen(says);
        s.send(b"q");
        home.keep_screen(&format!("screen, fault {fault}"), &mut s);
    }

    // The log was written, at the most verbose level, by the screen and headless runs alike.
    let screen_log = std::fs::read_to_string(home.path().join("data/m3ter-bills.log")).unwrap();
    assert!(
        screen_log.contains("POST ") && screen_log.contains("DEBUG"),
        "{screen_log}"
    );
    let headless_log = std::fs::read_to_string(&headless_log).unwrap();
    assert!(headless_log.contains("POST "), "{headless_log}");
    // Links are logged without the signature that lets anyone fetch the file.
    for log in [&screen_log, &headless_log] {
        assert!(!log.contains("signature="), "{log}");
    }

    // Nothing anywhere holds a secret.
    let mut needles = vec![
        CANARY.to_string(),
        FILE_CANARY.to_string(),
        COMMAND_CANARY.to_string(),
        TOKEN_CANARY.to_string(),
        DEMO_TOKEN.to_string(),
    ];
    for demo in [&env_demo, &file_demo, &command_demo] {
        let c = demo.server.config();
        needles.push(STANDARD.encode(format!("{}:{}", c.api_key, c.api_secret)));
    }
    let mut files = Vec::new();
    files_under(home.path(), &mut files);
    files.retain(|f| f != &config_file && f != &vault);
    let mut looked_at = Vec::new();
    for (label, text) in &home.outputs {
        for needle in &needles {
            assert!(
                !contains(text, needle),
                "{label} shows {needle}:\n{}",
                String::from_utf8_lossy(text)
            );
        }
        looked_at.push(label.clone());
    }
    for file in &files {
        let text = std::fs::read(file).unwrap();
        for needle in &needles {
            assert!(
                !contains(&text, needle),
                "{} holds {needle}",
                file.display()
            );
        }
        looked_at.push(format!(
            "file {}",
            file.strip_prefix(home.path()).unwrap().display()
        ));
    }
    assert!(
        files.iter().any(|f| f.ends_with("history.jsonl"))
            && files.iter().any(|f| f.ends_with("leaky.json")),
        "{files:?}"
    );
    println!(
        "leak suite: {} outputs and files, none holds a secret:\n{}",
        looked_at.len(),
        looked_at.join("\n")
    );
}
