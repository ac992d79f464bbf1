//! The binary against answers and files that are not what they seem: each case ends with one
//! clear sentence and its exit code, memory stays small whatever the server sends, and no file
//! but the tool's own is written or re-moded.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::hostile::{Hostile, LINK_PASSWORD, ORG};
use common::*;

const BIN: &str = env!("CARGO_BIN_EXE_m3ter-bills");

/// The most memory a run may reach against an endless or huge answer.
const MEMORY_CEILING_KB: u64 = 32 * 1024;

/// The binary with its own config and data folders, none of the developer's settings, and
/// quick to give up.
fn bin(home: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env("M3TER_BILLS_CONFIG", home.join("config/config.toml"))
        .env("M3TER_BILLS_DATA", home.join("data"))
        .args(["--retries", "0", "--timeout", "10"]);
    for var in OUTSIDE_SETTINGS {
        cmd.env_remove(var);
    }
    cmd
}

/// A query of `case` against the hostile server.
fn query(server: &Hostile, home: &Path, case: &str) -> Command {
    let mut cmd = bin(home);
    cmd.env("M3TER_BASE_URL", server.base(case))
        .env("M3TER_ORG_ID", ORG)
        .env("M3TER_API_KEY", "hostile-key")
        .env("M3TER_API_SECRET", CANARY)
        .args(["query", "--preset", "last-month", "--type", "usage"]);
    cmd
}

/// What a run printed, how it ended, and the most memory it held.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    peak_kb: Option<u64>,
}

fn run(mut cmd: Command) -> Run {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let (code, peak_kb) = wait_with_peak(&mut child);
    Run {
        code,
        stdout: stdout.join().expect("stdout read"),
        stderr: stderr.join().expect("stderr read"),
        peak_kb,
    }
}

/// The exit code, and the most resident memory the process held. Read from /proc while it
/// runs: the high-water mark of its own memory since it started (wait4's figure would not do,
/// since it counts the test process it was started from). The mark only grows, so the last
/// reading, 2 ms or less before the end, holds every peak but a last-moment one.
fn wait_with_peak(child: &mut Child) -> (i32, Option<u64>) {
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = None;
    loop {
        if let Some(status) = child.try_wait().expect("the binary can be waited for") {
            return (status.code().unwrap_or(-1), peak);
        }
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            let hwm = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak = hwm.or(peak);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

impl Run {
    /// One error sentence containing `phrase`, and the exit code `code`.
    fn ends_with(&self, code: i32, phrase: &str) {
        assert_eq!(self.code, code, "stderr: {}", self.stderr);
        let errors: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .collect();
        assert_eq!(errors.len(), 1, "{}", self.stderr);
        assert!(errors[0].contains(phrase), "{}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        assert!(!self.stderr.contains(CANARY) && !self.stdout.contains(CANARY));
    }

    fn stayed_small(&self) {
        if cfg!(target_os = "linux") {
            let peak = self.peak_kb.expect("the peak from wait4");
            eprintln!("peak resident memory: {peak} kB");
            assert!(
                peak < MEMORY_CEILING_KB,
                "peak {peak} kB, ceiling {MEMORY_CEILING_KB} kB"
            );
        }
    }
}

#[test]
fn an_endless_token_answer_is_cut_off_at_a_megabyte() {
    let server = Hostile::start();
    let home = tempfile::tempdir().unwrap();
    let run = run(query(&server, home.path(), "endless-token"));
    run.ends_with(5, "m3ter's answer was larger than 1 MB; stopped reading.");
    run.stayed_small();
}

#[test]
fn an_endless_error_answer_is_read_for_its_start_only() {
    let server = Hostile::start();
    let home = tempfile::tempdir().unwrap();
    let run = run(query(&server, home.path(), "endless-error"));
    run.ends_with(5, "m3ter had a server error (500)");
    assert!(
        run.stderr
            .contains("(the answer was longer than 64 kB; stopped reading)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.len() < 1000, "{}", run.stderr.len());
    run.stayed_small();
}

#[test]
fn a_huge_message_is_one_short_clean_sentence_everywhere() {
    let server = Hostile::start();
    let home = tempfile::tempdir().unwrap();
    let mut cmd = query(&server, home.path(), "huge-message");
    cmd.arg("-v");
    let run = run(cmd);
    run.ends_with(
        4,
        "m3ter refused the request (400): Refused <U+202E>evil<U+200B>",
    );
    let error = run
        .stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap();
    assert!(
        error.ends_with("yyy… (the answer was longer than 64 kB; stopped reading)."),
        "{error}"
    );
    assert!(error.chars().count() < 500, "{}", error.chars().count());
    // Not the override, the zero-width space, the escape or the bell: not on stderr, not in
    // the log lines, not in the history.
    for c in ['\u{202E}', '\u{200B}', '\u{1b}', '\u{7}'] {
        assert!(!run.stderr.contains(c), "{c:?} reached stderr");
    }
    assert!(
        run.stderr.len() < 4000,
        "stderr is {} bytes",
        run.stderr.len()
    );
    let history = std::fs::read_to_string(home.path().join("data/history.jsonl")).unwrap();
    assert_eq!(history.lines().count(), 1);
    assert!(
        history.len() < 2000,
        "the history line is {} bytes",
        history.len()
    );
    assert!(!history.contains('\u{202E}') && !history.contains("\\u001b"));
    run.stayed_small();
}

#[test]
fn a_link_with_user_info_is_refused_and_its_password_shown_nowhere() {
    let server = Hostile::start();
    let home = tempfile::tempdir().unwrap();
    let target = home.path().join("bills.csv");
    let mut cmd = query(&server, home.path(), "userinfo-link");
    cmd.arg("--download").arg(&target).arg("-vv");
    let run = run(cmd);
    run.ends_with(5, "the link carries a user name or password");
    assert!(!run.stderr.contains(LINK_PASSWORD) && !run.stdout.contains(LINK_PASSWORD));
    assert!(!target.exists());
    let history = std::fs::read_to_string(home.path().join("data/history.jsonl")).unwrap();
    assert!(!history.contains(LINK_PASSWORD), "{history}");
}

#[test]
fn an_endless_download_meets_its_deadline_and_leaves_no_file() {
    let server = Hostile::start();
    let home = tempfile::tempdir().unwrap();
    let target = home.path().join("bills.csv");
    let mut cmd = query(&server, home.path(), "download-endless");
    cmd.arg("--download")
        .arg(&target)
        .args(["--download-timeout", "2"]);
    let started = Instant::now();
    let run = run(cmd);
    run.ends_with(
        5,
        "The download did not finish within 2 s (--download-timeout); no file was written.",
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(files_in(home.path()), ["data"]);
    run.stayed_small();
}

#[test]
fn an_endless_error_page_from_the_download_host_is_read_for_its_start_only() {
    let server = Hostile::start();
    let home = tempfile::tempdir().unwrap();
    let target = home.path().join("bills.csv");
    let mut cmd = query(&server, home.path(), "download-endless-error");
    cmd.arg("--download").arg(&target);
    let run = run(cmd);
    run.ends_with(5, "The download server answered 500");
    assert!(run.stderr.contains("stopped reading"), "{}", run.stderr);
    assert!(!target.exists());
    run.stayed_small();
}

#[test]
fn an_empty_or_html_download_is_a_failure_with_no_file() {
    let server = Hostile::start();
    let home = tempfile::tempdir().unwrap();
    let target = home.path().join("bills.csv");
    for (case, why) in [
        ("download-empty", "(it is empty)"),
        ("download-html", "(it is a web page or JSON, not a CSV)"),
    ] {
        let mut cmd = query(&server, home.path(), case);
        cmd.arg("--download").arg(&target);
        let run = run(cmd);
        run.ends_with(
            5,
            &format!("The download is not a bill CSV {why}; no file was written."),
        );
        assert_eq!(files_in(home.path()), ["data"], "{case}");
    }
}

#[test]
fn an_org_id_that_is_not_an_id_sends_nothing() {
    let server = Hostile::start();
    let home = tempfile::tempdir().unwrap();
    for org in ["../../x?y=", "org/other", "org id"] {
        let mut cmd = query(&server, home.path(), "download-empty");
        cmd.env("M3TER_ORG_ID", org);
        let run = run(cmd);
        run.ends_with(2, "is not an id: it may hold only letters, digits, - and _");
        let mut cmd = query(&server, home.path(), "download-empty");
        cmd.env("M3TER_ORG_ID", org).arg("--curl");
        run_code(cmd, 2);
    }
    assert_eq!(server.requests(), 0);
}

fn run_code(cmd: Command, code: i32) {
    let run = run(cmd);
    assert_eq!(run.code, code, "{}", run.stderr);
}

/// A pipe whose reading end is closed before the program starts, so every write to it fails
/// with a broken pipe, however fast the program is.
fn closed_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    writer
}

#[test]
fn a_closed_stdout_is_a_quiet_end_and_a_full_one_a_sentence() {
    let demo = Background::start(config());
    let home = tempfile::tempdir().unwrap();
    let dry_run = [
        "query",
        "--preset",
        "last-month",
        "--type",
        "all",
        "--dry-run",
    ];
    let with_demo = |args: &[&str]| {
        let mut cmd = bin(home.path());
        for (name, value) in demo.env() {
            cmd.env(name, value);
        }
        cmd.args(args);
        cmd
    };
    for args in [
        &dry_run[..],
        &["query", "--preset", "last-month", "--type", "all", "--curl"],
        &["query", "--preset", "last-month", "--type", "all"],
        &["config"],
        &["--help"],
        &["query", "--help"],
    ] {
        let output = with_demo(args)
            .stdout(closed_pipe())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
    }
    // stderr closed too: the errors have nowhere to go, and still nothing panics.
    let output = with_demo(&["query", "--dry-run"])
        .stdout(closed_pipe())
        .stderr(closed_pipe())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));

    if Path::new("/dev/full").exists() {
        for args in [&dry_run[..], &["config"]] {
            let full = std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap();
            let output = with_demo(args).stdout(full).output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(5), "{args:?}: {stderr}");
            assert_eq!(
                stderr.lines().collect::<Vec<_>>(),
                [
                    "error: Could not write to standard output: No space left on device (os error 28)."
                ],
                "{args:?}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_history_planted_as_a_link_is_left_alone_and_the_query_still_answers() {
    use std::os::unix::fs::PermissionsExt;
    let demo = Background::start(config());
    let home = tempfile::tempdir().unwrap();
    let victim = home.path().join("passwd");
    std::fs::write(&victim, "root:x:0:0:root:/root:/bin/sh\n").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::create_dir_all(home.path().join("data")).unwrap();
    std::os::unix::fs::symlink(&victim, home.path().join("data/history.jsonl")).unwrap();

    let mut cmd = bin(home.path());
    for (name, value) in demo.env() {
        cmd.env(name, value);
    }
    cmd.args(["query", "--preset", "last-month", "--type", "usage"]);
    let run = run(cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("http://127.0.0.1:"));
    assert!(
        run.stderr
            .contains("could not be written: it is a symbolic link"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "root:x:0:0:root:/root:/bin/sh\n"
    );
    let mode = std::fs::metadata(&victim).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o644);
}

#[cfg(unix)]
#[test]
fn a_config_that_is_a_fifo_or_lets_others_choose_the_command_is_not_obeyed() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    let config = home.path().join("config/config.toml");

    // A FIFO: read, it would wait for a writer for ever.
    let name = std::ffi::CString::new(config.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid C string for the path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    let started = Instant::now();
    let fifo = run({
        let mut cmd = bin(home.path());
        cmd.args([
            "query",
            "--preset",
            "last-month",
            "--type",
            "usage",
            "--dry-run",
        ]);
        cmd
    });
    assert_eq!(fifo.code, 0, "{}", fifo.stderr);
    assert!(
        fifo.stderr.contains("is not a plain file") && fifo.stderr.contains("using the defaults"),
        "{}",
        fifo.stderr
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    std::fs::remove_file(&config).unwrap();

    // A secret_command in a file others can change is not run: the marker is never made.
    let marker = home.path().join("ran");
    std::fs::write(
        &config,
        format!(
            "default_profile = \"prod\"\n[profiles.prod]\norg_id = \"org-1\"\napi_key = \"key\"\nsecret_command = \"touch {} && echo s3cret\"\n",
            marker.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o666)).unwrap();
    let writable = run({
        let mut cmd = bin(home.path());
        cmd.env("M3TER_BASE_URL", "http://127.0.0.1:9").args([
            "query",
            "--preset",
            "last-month",
            "--type",
            "usage",
        ]);
        cmd
    });
    assert_eq!(writable.code, 3, "{}", writable.stderr);
    assert!(
        writable.stderr.contains("holds a secret_command (profile prod) but other users can change the file, so the command is not run; run: chmod 600"),
        "{}",
        writable.stderr
    );
    assert!(!marker.exists());
}
