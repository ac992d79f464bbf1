//! The figures behind the README's claims, each next to its reference where there is one,
//! measured in the same run: run through `scripts/bench`.

#[path = "common/pty.rs"]
mod pty;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pty::{Run, context_switches, cpu_ticks, memory_mb, spread};

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
    let mut mine = first_frames(&ours, &["--demo"], b"ready");
    let mut bare = first_frames(&floor, &[], b"ready");
    let floor_ms = match (mine.is_empty(), bare.is_empty()) {
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
            Some(b)
        }
        _ => {
            println!("first frame: could not be measured (is the release build there?)");
            None
        }
    };
    // Peers, when installed: the same measure, against the same floor.
    for (name, marker, install) in PEERS {
        match (pty::which(name), floor_ms) {
            (Some(bin), Some(b)) => {
                let mut theirs = first_frames(&bin, &[], marker.as_bytes());
                if theirs.is_empty() {
                    println!("first frame of {name}: its first screen never showed {marker:?}");
                    continue;
                }
                let (t, lo, hi) = spread(&mut theirs);
                line(
                    &format!("first frame of {name}, ms (120x40)"),
                    t,
                    lo,
                    hi,
                    &format!("{:.2}x the floor", t / b),
                );
            }
            (None, _) => println!("first frame of {name}: not installed; `{install}` to compare"),
            (Some(_), None) => {}
        }
    }

    // Idle cost and memory, on one run of the screen.
    let dir = tempfile::tempdir().expect("a temporary folder");
    if let Some(mut run) = Run::spawn(&ours, &["--demo"], &home_env(dir.path()), Some(dir.path())) {
        if run
            .wait_for(b"Request body", Duration::from_secs(10))
            .is_some()
        {
            let pid = run.pid().unwrap_or(0);
            let at_first = memory_mb(pid, "VmRSS:");
            // After its first frame the screen sets up TLS and the demo makes its bills.
            std::thread::sleep(Duration::from_millis(300));
            run.clear();
            let settled = memory_mb(pid, "VmRSS:");
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
                "memory at the first frame (--demo), MB", at_first, ""
            );
            println!(
                "{:<44} {:>10.1}  {:>21}  the demo's bills made, TLS set up",
                "memory 0.3 s later (--demo), MB", settled, ""
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

    // Memory as with a real m3ter: the demo in a process of its own.
    match settled_without_demo(&ours) {
        Some(mb) => println!(
            "{:<44} {:>10.1}  {:>21}  goal under 12 MB",
            "memory 0.3 s later, m3ter elsewhere, MB", mb, ""
        ),
        None => println!("memory without the in-process demo: could not be measured"),
    }

    // Drawing: criterion's samples of `benches/draw.rs`, which scripts/bench runs first.
    for (id, label) in [
        (
            "main_screen_200x60",
            "full redraw of the main screen 200x60, ms",
        ),
        (
            "table_view_200x60",
            "full redraw of the table view 200x60, ms",
        ),
    ] {
        match criterion_samples(id) {
            Some(mut per_draw) => {
                let (m, lo, hi) = spread(&mut per_draw);
                line(label, m, lo, hi, "criterion, goal under 0.5 ms");
            }
            None => println!("{label}: no criterion results (cargo bench --bench draw)"),
        }
    }
    let label = "keypress, totals of 300,000 accounts, ms";
    match criterion_samples("totals_keypress_300k_groups") {
        Some(mut per_key) => {
            let (m, lo, hi) = spread(&mut per_key);
            line(
                label,
                m,
                lo,
                hi,
                "criterion, update and frame; goal under 5 ms",
            );
        }
        None => println!("{label}: no criterion results (cargo bench --bench draw)"),
    }
    let label = "totals regrouped round (t x3), 300,000 accounts, ms";
    match criterion_samples("totals_regroup_300k_groups") {
        Some(mut per_round) => {
            let (m, lo, hi) = spread(&mut per_round);
            line(
                label,
                m,
                lo,
                hi,
                "criterion, the screen's thread (made in tasks); goal under 50 ms",
            );
        }
        None => println!("{label}: no criterion results (cargo bench --bench draw)"),
    }
    let label = "a key in the values, 20,000 accounts listed, ms";
    match criterion_samples("suggest_key_20k_accounts") {
        Some(mut per_key) => {
            let (m, lo, hi) = spread(&mut per_key);
            line(
                label,
                m,
                lo,
                hi,
                "criterion, suggestions found and drawn; goal under 16 ms (a frame)",
            );
        }
        None => println!("{label}: no criterion results (cargo bench --bench draw)"),
    }
    // The pivot of 300,000 accounts by month: each key on the screen's thread (its sorting,
    // making and laying out run in tasks), and a re-ordered pivot's arrival.
    for (id, key) in [
        ("pivot_key_down_300k_accounts", "Down"),
        ("pivot_key_page_down_300k_accounts", "PgDn"),
        ("pivot_key_right_300k_accounts", "Right"),
        ("pivot_key_sort_300k_accounts", "s (order)"),
        ("pivot_key_top_rows_300k_accounts", "n (top rows)"),
        ("pivot_key_copy_300k_accounts", "y (too large: said)"),
        ("pivot_key_chart_300k_accounts", "g (chart)"),
        (
            "pivot_arrives/pivot_sorted_arrives_300k_accounts",
            "sorted pivot arrives",
        ),
    ] {
        let label = format!("pivot of 300,000 accounts, {key}, ms");
        match criterion_samples(id) {
            Some(mut per_key) => {
                let (m, lo, hi) = spread(&mut per_key);
                line(
                    &label,
                    m,
                    lo,
                    hi,
                    "criterion, the screen's thread; goal under 50 ms",
                );
            }
            None => println!("{label}: no criterion results (cargo bench --bench draw)"),
        }
    }

    // Round trips: 20 queries in one session, counted by the demo server.
    match round_trips(&ours) {
        Some(n) => println!(
            "{:<44} {:>10}  {:>21}  goal 21; m3ter's Python SDK 0.9.0 sends 40",
            "HTTP requests for 20 queries in one session", n, ""
        ),
        None => println!("round trips: could not be measured"),
    }
    download_against_curl(&ours);
    println!("CSV reader against csvlens: scripts/bench-csv");
}

fn line(label: &str, median: f64, min: f64, max: f64, note: &str) {
    println!("{label:<44} {median:>10.2} {min:>10.2} {max:>10.2}  {note}");
}

/// Other terminal API clients whose first frame is compared when they are installed: the program,
/// a text on its first screen, and how to install it.
const PEERS: &[(&str, &str, &str)] = &[("atac", "Collections", "cargo install atac --locked")];

/// Start to first frame (the first time `marker` is written), in ms, over seven runs.
fn first_frames(bin: &Path, args: &[&str], marker: &[u8]) -> Vec<f64> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let env = home_env(dir.path());
    (0..7)
        .filter_map(|_| {
            let mut run = Run::spawn(bin, args, &env, Some(dir.path()))?;
            let ms = run.wait_for(marker, Duration::from_secs(10));
            run.stop();
            ms
        })
        .collect()
}

/// Resident memory of the screen 0.3 s after its first frame, connected to a demo server in
/// another process, as it would be to m3ter.
fn settled_without_demo(ours: &Path) -> Option<f64> {
    let dir = tempfile::tempdir().ok()?;
    let (mut server, mut env) = demo_server(ours, &[])?;
    env.extend(home_env(dir.path()));
    let run = Run::spawn(ours, &[], &env, Some(dir.path()));
    let mb = run.and_then(|mut run| {
        run.wait_for(b"Request body", Duration::from_secs(10))?;
        std::thread::sleep(Duration::from_millis(300));
        let mb = memory_mb(run.pid()?, "VmRSS:");
        run.stop();
        Some(mb)
    });
    let _ = server.kill();
    let _ = server.wait();
    mb
}

/// A config and data folder of the run's own, under `dir`.
fn home_env(dir: &Path) -> [(&'static str, String); 2] {
    [
        (
            "M3TER_BILLS_CONFIG",
            dir.join("config.toml").display().to_string(),
        ),
        ("M3TER_BILLS_DATA", dir.join("data").display().to_string()),
    ]
}

/// Requests the demo server saw while the screen sent 20 queries.
fn round_trips(ours: &Path) -> Option<u64> {
    let dir = tempfile::tempdir().ok()?;
    let (mut server, mut env) = demo_server(ours, &["--rate-limit", "1/10"])?;
    env.extend(home_env(dir.path()));
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

/// Fetches a 1 GB file from the demo server with `query --download`, and the same link with
/// `curl -o`; prints both rates and our peak memory.
fn download_against_curl(ours: &Path) {
    let Some(dir) = tempfile::tempdir().ok() else {
        return;
    };
    // One year of every line item type is about 0.9 MB; repeated, it makes about 1 GB.
    let Some((mut server, env)) =
        demo_server(ours, &["--download-copies", "1150", "--rate-limit", "off"])
    else {
        println!("download: the demo server did not start");
        return;
    };
    let query = ["query", "--preset", "last-12-months", "--type", "all"];
    let mut ours_rates = Vec::new();
    let mut peaks = Vec::new();
    let mut size = 0u64;
    for i in 0..3 {
        let target = dir.path().join(format!("ours-{i}.csv"));
        let started = Instant::now();
        let child = std::process::Command::new(ours)
            .args(query)
            .arg("--download")
            .arg(&target)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        let Ok(mut child) = child else {
            return;
        };
        let mut peak = 0.0f64;
        while child.try_wait().ok().flatten().is_none() {
            peak = peak.max(memory_mb(child.id(), "VmHWM:"));
            std::thread::sleep(Duration::from_millis(20));
        }
        let seconds = started.elapsed().as_secs_f64();
        size = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
        let _ = std::fs::remove_file(&target);
        ours_rates.push(size as f64 / 1e6 / seconds);
        peaks.push(peak);
    }
    let link = std::process::Command::new(ours)
        .args(query)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let mut curl_rates = Vec::new();
    if let Some(link) = link.filter(|l| l.starts_with("http")) {
        for i in 0..3 {
            let target = dir.path().join(format!("curl-{i}.csv"));
            let started = Instant::now();
            let ran = std::process::Command::new("curl")
                .args(["-sS", "-o"])
                .arg(&target)
                .arg(&link)
                .status();
            if !ran.is_ok_and(|s| s.success()) {
                break;
            }
            curl_rates.push(size as f64 / 1e6 / started.elapsed().as_secs_f64());
            let _ = std::fs::remove_file(&target);
        }
    }
    let _ = server.kill();
    let _ = server.wait();
    let (m, lo, hi) = spread(&mut ours_rates);
    let (peak, _, _) = spread(&mut peaks);
    let reference = if curl_rates.is_empty() {
        "curl not found: install it (e.g. apt install curl) to compare".to_string()
    } else {
        let (c, _, _) = spread(&mut curl_rates);
        format!("curl -o {c:.0} MB/s: {:.2}x (goal 0.9x)", m / c)
    };
    line(
        &format!("download {:.0} MB from the demo, MB/s", size as f64 / 1e6),
        m,
        lo,
        hi,
        &reference,
    );
    println!(
        "{:<44} {:>10.1}  {:>21}  goal under 30 MB",
        "download: peak resident memory, MB", peak, ""
    );
}

/// Starts `m3ter-bills demo-server` with `args` and reads its four export lines.
fn demo_server(
    ours: &Path,
    args: &[&str],
) -> Option<(std::process::Child, Vec<(&'static str, String)>)> {
    let mut server = std::process::Command::new(ours)
        .arg("demo-server")
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let mut lines = BufReader::new(server.stdout.take()?).lines();
    let mut env = Vec::new();
    for name in [
        "M3TER_BASE_URL",
        "M3TER_ORG_ID",
        "M3TER_API_KEY",
        "M3TER_API_SECRET",
    ] {
        let line = lines.next()?.ok()?;
        env.push((
            name,
            line.strip_prefix(&format!("export {name}="))?.to_string(),
        ));
    }
    Some((server, env))
}

/// Milliseconds per draw in each of criterion's samples of benchmark `id`, from the folder
/// `CRITERION_HOME` names (scripts/bench sets it).
fn criterion_samples(id: &str) -> Option<Vec<f64>> {
    let home = PathBuf::from(std::env::var_os("CRITERION_HOME")?);
    let text = std::fs::read_to_string(home.join(id).join("new/sample.json")).ok()?;
    let sample: serde_json::Value = serde_json::from_str(&text).ok()?;
    let iters = sample["iters"].as_array()?;
    let times = sample["times"].as_array()?;
    let per_draw: Vec<f64> = iters
        .iter()
        .zip(times)
        .filter_map(|(n, t)| Some(t.as_f64()? / n.as_f64()? / 1e6))
        .collect();
    (!per_draw.is_empty()).then_some(per_draw)
}
