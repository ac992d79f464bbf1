//! The figures behind the README's claims, each next to its reference where there is one,
//! measured in the same run: run through `scripts/bench`.

#[path = "common/pty.rs"]
mod pty;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use m3ter_bills::tui::{Context, Form, State, Theme, view};
use pty::{Run, context_switches, cpu_ticks, memory_mb, spread};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    let release = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent()?.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("target/release"));
    let ours = release.join("m3ter-bills");
    let floor = release.join("examples/bare_ratatui");
    println!(
        "{:<44} {:>10} {:>10} {:>10}  reference / goal",
        "measure", "median", "min", "max"
    );

    // First frame: start to the first screen (the word "ready" is drawn in both), against a
    // bare ratatui program.
    let mut mine = first_frames(&ours, &["--demo"]);
    let mut bare = first_frames(&floor, &[]);
    match (mine.is_empty(), bare.is_empty()) {
        (false, false) => {
            let (m, lo, hi) = spread(&mut mine);
            let (b, _, _) = spread(&mut bare);
            line(
                "first frame, ms (--demo, 120x40)",
                m,
                lo,
                hi,
                &format!("bare ratatui {b:.1} ms: {:.2}x (goal 1.5x)", m / b),
            );
        }
        _ => println!("first frame: could not be measured (is the release build there?)"),
    }

    // Idle cost and memory, on one run of the screen.
    let dir = tempfile::tempdir().expect("a temporary folder");
    if let Some(mut run) = Run::spawn(&ours, &["--demo"], &[], Some(dir.path())) {
        if run
            .wait_for(b"Request body", Duration::from_secs(10))
            .is_some()
        {
            let pid = run.pid().unwrap_or(0);
            std::thread::sleep(Duration::from_millis(300));
            run.clear();
            let after_first = memory_mb(pid, "VmRSS:");
            let (cpu, switches) = (cpu_ticks(pid), context_switches(pid));
            let bytes = run.drain(Duration::from_secs(10));
            let cpu = cpu_ticks(pid) - cpu;
            let wakeups = context_switches(pid).saturating_sub(switches);
            let hz = 100.0; // clock ticks a second on Linux
            println!(
                "{:<44} {:>10.3}  {:>21}  goal under 0.05 %",
                "idle 10 s: CPU, % of a core",
                cpu as f64 / hz / 10.0 * 100.0,
                ""
            );
            println!(
                "{:<44} {:>10}  {:>21}  goal 0",
                "idle 10 s: bytes written to the terminal", bytes, ""
            );
            println!(
                "{:<44} {:>10.1}  {:>21}  goal under 1",
                "idle 10 s: wake-ups a second",
                wakeups as f64 / 10.0,
                ""
            );
            println!(
                "{:<44} {:>10.1}  {:>21}  goal under 12 MB",
                "memory after the first frame, MB", after_first, ""
            );
            run.send(b"\x13");
            if run.wait_for(b"ready", Duration::from_secs(10)).is_some() {
                run.send(b"f");
                std::thread::sleep(Duration::from_millis(200));
                run.send(b"\r");
                if run.wait_for(b"Saved", Duration::from_secs(10)).is_some() {
                    println!(
                        "{:<44} {:>10.1}",
                        "memory after a submit and fetch, MB",
                        memory_mb(pid, "VmRSS:")
                    );
                }
            }
        }
        run.stop();
    }

    // Drawing: a full redraw of the main screen at 200x60.
    let now = m3ter_bills::query::parse_date_time("2026-11-27T00:00:00Z").expect("a date");
    let state = State::new(
        Form::default(),
        now,
        (200, 60),
        Theme { color: true },
        Context::default(),
    );
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("a test terminal");
    let mut draws = Vec::new();
    for _ in 0..7 {
        let started = Instant::now();
        for _ in 0..100 {
            // A fresh buffer each time, so every cell is drawn.
            terminal.clear().expect("cleared");
            terminal.draw(|f| view(&state, f)).expect("drawn");
        }
        draws.push(started.elapsed().as_secs_f64() * 1000.0 / 100.0);
    }
    let (m, lo, hi) = spread(&mut draws);
    line(
        "full redraw of the main screen 200x60, ms",
        m,
        lo,
        hi,
        "goal under 0.5 ms",
    );

    // Round trips: 20 queries in one session, counted by the demo server.
    match round_trips(&ours) {
        Some(n) => println!(
            "{:<44} {:>10}  {:>21}  goal 21; m3ter's Python SDK 0.9.0 sends 40",
            "HTTP requests for 20 queries in one session", n, ""
        ),
        None => println!("round trips: could not be measured"),
    }
    println!("download against curl: not measured yet (the demo cannot serve a 1 GB file yet)");
    println!("CSV reader against csvlens: scripts/bench-csv");
}

fn line(label: &str, median: f64, min: f64, max: f64, note: &str) {
    println!("{label:<44} {median:>10.2} {min:>10.2} {max:>10.2}  {note}");
}

/// Start to first frame, in ms, over seven runs.
fn first_frames(bin: &Path, args: &[&str]) -> Vec<f64> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let env = [
        (
            "M3TER_BILLS_CONFIG",
            dir.path().join("config.toml").display().to_string(),
        ),
        (
            "M3TER_BILLS_DATA",
            dir.path().join("data").display().to_string(),
        ),
    ];
    (0..7)
        .filter_map(|_| {
            let mut run = Run::spawn(bin, args, &env, Some(dir.path()))?;
            let ms = run.wait_for(b"ready", Duration::from_secs(10));
            run.stop();
            ms
        })
        .collect()
}

/// Requests the demo server saw while the screen sent 20 queries.
fn round_trips(ours: &Path) -> Option<u64> {
    let dir = tempfile::tempdir().ok()?;
    let mut server = std::process::Command::new(ours)
        .args(["demo-server", "--rate-limit", "1/10"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let mut lines = BufReader::new(server.stdout.take()?).lines();
    let mut env: Vec<(&str, String)> = Vec::new();
    for name in [
        "M3TER_BASE_URL",
        "M3TER_ORG_ID",
        "M3TER_API_KEY",
        "M3TER_API_SECRET",
    ] {
        let line = lines.next()?.ok()?;
        let value = line.strip_prefix(&format!("export {name}="))?.to_string();
        env.push((name, value));
    }
    env.push((
        "M3TER_BILLS_CONFIG",
        dir.path().join("config.toml").display().to_string(),
    ));
    env.push((
        "M3TER_BILLS_DATA",
        dir.path().join("data").display().to_string(),
    ));
    let base = env[0].1.clone();
    let mut run = Run::spawn(ours, &[], &env, Some(dir.path()))?;
    run.wait_for(b"Request body", Duration::from_secs(10))?;
    for _ in 0..20 {
        run.clear();
        run.send(b"\x13");
        run.wait_for(b"ready", Duration::from_secs(30))?;
    }
    run.stop();
    let stats = http_get(&format!("{base}/_demo/stats"));
    let _ = server.kill();
    let _ = server.wait();
    let body = stats?;
    let json: serde_json::Value = serde_json::from_str(body.split("\r\n\r\n").nth(1)?).ok()?;
    json["totalRequests"].as_u64()
}

fn http_get(url: &str) -> Option<String> {
    let rest = url.strip_prefix("http://")?;
    let (host, path) = rest.split_once('/')?;
    let mut stream = std::net::TcpStream::connect(host).ok()?;
    write!(
        stream,
        "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    Some(answer)
}
