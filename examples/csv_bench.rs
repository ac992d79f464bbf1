//! Measures the CSV reader behind the table view: time to the first screen of rows, the scan's
//! throughput (row index and totals), and peak memory. Run through `scripts/bench-csv`.
//!
//! With a path, it measures that file; without, it writes a bill CSV of `--mb` megabytes
//! (default 200) from the demo's data into a temporary folder first.
//!
//! Then the real programs in a 120x40 pseudo-terminal, side by side: `m3ter-bills view` and,
//! when it is installed, csvlens: time from start to the first screen with rows on it, and the
//! program's peak memory once it has read the whole file.

#[path = "common/pty.rs"]
mod pty;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use m3ter_bills::demo::{BillBook, COLUMNS, Seed};
use m3ter_bills::explore::{
    Columns, CsvFile, Filter, STRIDE, ScanProgress, filter_rows, scan, sort_rows,
};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mb: u64 = args
        .iter()
        .position(|a| a == "--mb")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let given = args
        .iter()
        .find(|a| !a.starts_with("--") && a.parse::<u64>().is_err());
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = match given {
        Some(p) => PathBuf::from(p),
        None => generate(&dir.path().join("bills.csv"), mb * 1_000_000),
    };
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("file: {} ({:.0} MB)", path.display(), size as f64 / 1e6);

    // First screen: open (header) and read the first 40 rows, as the view does before any scan.
    let mut first = Vec::new();
    for _ in 0..7 {
        let started = Instant::now();
        let file = CsvFile::open(&path).expect("the file opens");
        let rows = file
            .read_rows(&[file.data_start()], STRIDE, 0, 40)
            .expect("rows read");
        assert!(!rows.is_empty());
        first.push(started.elapsed().as_secs_f64() * 1000.0);
    }

    // The scan: row count, index and totals over the whole file.
    let mut rates = Vec::new();
    let mut rows = 0;
    for _ in 0..3 {
        let file = CsvFile::open(&path).expect("the file opens");
        let shared = ScanProgress::default();
        let started = Instant::now();
        scan(
            &file,
            &Columns::find(file.headers()),
            &shared,
            &AtomicBool::new(false),
        );
        let seconds = started.elapsed().as_secs_f64();
        rows = shared.read().map(|p| p.rows).unwrap_or(0);
        rates.push(size as f64 / 1e6 / seconds);
    }
    // A filter over every column, and a sort by subtotal: whole-file passes in the background.
    let mut filters = Vec::new();
    let mut sorts = Vec::new();
    let file = CsvFile::open(&path).expect("the file opens");
    let subtotal = file
        .headers()
        .iter()
        .position(|h| h == "subtotal")
        .unwrap_or(0);
    for _ in 0..3 {
        let started = Instant::now();
        let (kept, _) = filter_rows(
            &file,
            &[Filter::new(
                &std::env::var("BENCH_FILTER").unwrap_or_else(|_| "overage_usage".into()),
                None,
            )],
            &AtomicBool::new(false),
        )
        .expect("filtered");
        filters.push(started.elapsed().as_secs_f64());
        assert!(kept.len() as u64 <= rows);
        let started = Instant::now();
        sort_rows(&file, None, subtotal, true, &AtomicBool::new(false)).expect("sorted");
        sorts.push(started.elapsed().as_secs_f64());
    }
    let peak = peak_rss_kb();

    println!(
        "{:<34} {:>10} {:>10} {:>10}",
        "measure", "median", "min", "max"
    );
    row("first screen, ms (open + 40 rows)", &mut first);
    row("scan with totals, MB/s", &mut rates);
    row("filter, every column, s", &mut filters);
    row("sort by subtotal, s", &mut sorts);
    println!(
        "rows: {rows}; peak resident memory of this process: {:.1} MB",
        peak as f64 / 1024.0
    );

    // The first data row's first cell: when it is on screen, the first screen is.
    let marker = first_cell(&path);
    println!();
    println!(
        "{:<34} {:>10} {:>10} {:>10} {:>12}",
        "program in a 120x40 terminal", "median ms", "min ms", "max ms", "peak MB"
    );
    let ours = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent()?.parent().map(|d| d.join("m3ter-bills")))
        .filter(|p| p.exists());
    let mut floor = None;
    match ours {
        Some(bin) => floor = compare("m3ter-bills view", &bin, &["view"], &path, &marker),
        None => println!("m3ter-bills: not built (scripts/bench-csv builds it)"),
    }
    match pty::which("csvlens") {
        Some(bin) => {
            if let (Some(theirs), Some(ours)) =
                (compare("csvlens", &bin, &[], &path, &marker), floor)
            {
                println!(
                    "first screen: m3ter-bills takes {:.2}x csvlens's time; peak memory {:.2}x",
                    ours.0 / theirs.0,
                    ours.1 / theirs.1
                );
            }
        }
        None => println!("csvlens: not installed; `cargo install csvlens` to compare"),
    }
}

/// Runs `bin args.. path` five times; prints and returns the median time to the first screen
/// (ms) and the median peak memory (MB).
fn compare(
    label: &str,
    bin: &std::path::Path,
    args: &[&str],
    path: &std::path::Path,
    marker: &str,
) -> Option<(f64, f64)> {
    let mut times = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..5 {
        let (t, p) = first_screen(bin, args, path, marker)?;
        times.push(t);
        peaks.push(p);
    }
    times.sort_by(f64::total_cmp);
    peaks.sort_by(f64::total_cmp);
    println!(
        "{label:<34} {:>10.1} {:>10.1} {:>10.1} {:>12.1}",
        times[2], times[0], times[4], peaks[2]
    );
    Some((times[2], peaks[2]))
}

/// Starts the program in a pseudo-terminal and waits for `marker` on its screen; then lets it
/// read the whole file and reads its peak memory; then ends it.
fn first_screen(
    bin: &std::path::Path,
    args: &[&str],
    path: &std::path::Path,
    marker: &str,
) -> Option<(f64, f64)> {
    let path = path.display().to_string();
    let args: Vec<&str> = args.iter().copied().chain([path.as_str()]).collect();
    let mut run = pty::Run::spawn(bin, &args, &[], None)?;
    let elapsed = run.wait_for(marker.as_bytes(), std::time::Duration::from_secs(20));
    // Let it read the whole file, then take its high-water mark.
    std::thread::sleep(std::time::Duration::from_secs(3));
    let peak = run.pid().map_or(0.0, |pid| pty::memory_mb(pid, "VmHWM:"));
    run.stop();
    Some((elapsed?, peak))
}

fn first_cell(path: &std::path::Path) -> String {
    csv::Reader::from_path(path)
        .ok()
        .and_then(|mut r| r.records().next()?.ok())
        .and_then(|r| r.get(0).map(str::to_string))
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "1".to_string())
}

fn row(label: &str, values: &mut [f64]) {
    values.sort_by(f64::total_cmp);
    println!(
        "{label:<34} {:>10.2} {:>10.2} {:>10.2}",
        values[values.len() / 2],
        values[0],
        values[values.len() - 1]
    );
}

/// Writes demo bill rows, over and over, until the file has `bytes` bytes.
fn generate(path: &std::path::Path, bytes: u64) -> PathBuf {
    let today = chrono::Utc::now().date_naive();
    let book = BillBook::generate(&Seed::builtin(), today);
    let mut out = csv::Writer::from_writer(std::io::BufWriter::new(
        std::fs::File::create(path).expect("the file is created"),
    ));
    out.write_record(COLUMNS).expect("written");
    let mut written = 0u64;
    'fill: loop {
        for row in book.rows() {
            let record = row.record();
            written += record.iter().map(|c| c.len() as u64 + 1).sum::<u64>();
            out.write_record(&record).expect("written");
            if written >= bytes {
                break 'fill;
            }
        }
    }
    out.flush().expect("flushed");
    path.to_path_buf()
}

/// The most memory this process has held (VmHWM), where the system says.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}
