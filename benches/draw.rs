//! Full redraws at 200x60: the main screen, and the table view of two years of demo bills with
//! a screenful of rows and the totals beside them. Each redraw starts from a cleared buffer, so
//! every cell is drawn and sent to the (test) backend, as on the first frame or after a resize.
//!
//! Then one keypress (Down) in the table view with the totals by account open over a file of
//! 300,000 accounts: the update and the frame it causes, as the screen runs them; and the
//! totals' grouping changed round once (`t` three times), each made in a task.
//!
//! Then each key of the pivot of 300,000 accounts by month, on the screen's thread: the update
//! and the frame (the sorting, making and laying out run in tasks, as `s` shows), and the
//! message that brings a re-ordered pivot back.
//!
//! Then a key typed in the dimension editor's values with 20,000 accounts listed: the update
//! that finds the suggestions and the frame that shows them.
//!
//! `cargo bench --bench draw`; `scripts/bench` runs it and prints its medians in its table.

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use m3ter_bills::demo::{BillBook, COLUMNS, Seed};
use m3ter_bills::explore::{Columns, CsvFile, STRIDE, ScanProgress, scan};
use m3ter_bills::tui::{Context, Form, Msg, State, TableState, Theme, update, view, work};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZE: (u16, u16) = (200, 60);

fn now() -> chrono::DateTime<chrono::Utc> {
    m3ter_bills::query::parse_date_time("2026-11-27T00:00:00Z").expect("a fixed date")
}

fn main_screen() -> State {
    State::new(
        Form::default(),
        now(),
        SIZE,
        Theme { color: true },
        Context::default(),
    )
}

/// The table view as a user sees it after `v` and `t`: rows read, widths learnt, totals on.
fn table_view(dir: &std::path::Path) -> State {
    let path = dir.join("bills.csv");
    let book = BillBook::generate(&Seed::builtin(), now().date_naive());
    let mut out = csv::Writer::from_path(&path).expect("a CSV in a temporary folder");
    out.write_record(COLUMNS).expect("the header written");
    for row in book.rows() {
        out.write_record(row.record()).expect("a row written");
    }
    out.flush().expect("the CSV flushed");
    let file = CsvFile::open(&path).expect("the CSV just written");
    let shared = ScanProgress::default();
    scan(
        &file,
        &Columns::find(file.headers()),
        &shared,
        &std::sync::atomic::AtomicBool::new(false),
    );
    let mut explorer = TableState::new(file.clone(), shared.clone(), true, None);
    let offsets = shared.read().expect("the scan's results").offsets.clone();
    let rows = file
        .read_rows(&offsets, STRIDE, 0, usize::from(SIZE.1))
        .expect("rows of the CSV just written");
    let known = rows.len() as u64;
    explorer.show_page(0, explorer.version, rows, known);
    explorer.next_totals();
    made(&mut explorer);
    let mut state = main_screen();
    state.table = Some(explorer);
    state
}

/// The table view of a file with `accounts` accounts in two currencies, scanned, with the
/// totals by account open.
fn many_groups(dir: &std::path::Path, accounts: u32) -> State {
    let path = dir.join("accounts.csv");
    let mut out = csv::Writer::from_path(&path).expect("a CSV in a temporary folder");
    out.write_record([
        "account",
        "lineItemType",
        "productName",
        "subtotal",
        "quantity",
        "billCurrency",
    ])
    .expect("the header written");
    for n in 0..accounts {
        let currency = if n % 3 == 0 { "GBP" } else { "USD" };
        out.write_record([
            format!("account-{n:06}"),
            "USAGE".to_string(),
            "Compute".to_string(),
            format!("{}.{:02}", n % 9973, n % 100),
            (n % 17).to_string(),
            currency.to_string(),
        ])
        .expect("a row written");
    }
    out.flush().expect("the CSV flushed");
    let file = CsvFile::open(&path).expect("the CSV just written");
    let shared = ScanProgress::default();
    scan(
        &file,
        &Columns::find(file.headers()),
        &shared,
        &std::sync::atomic::AtomicBool::new(false),
    );
    let mut explorer = TableState::new(file, shared, true, None);
    explorer.next_totals();
    explorer.next_totals();
    made(&mut explorer);
    let mut state = main_screen();
    state.table = Some(explorer);
    state
}

/// The totals' grouping round once (`t` three times: product, line item type, back to
/// account): each made anew on the screen's thread, the account one of 300,000 groups.
fn regroup(c: &mut Criterion, name: &str, mut state: State) {
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("a test terminal");
    let t = KeyEvent::new(KeyCode::Char('t'), KeyModifiers::NONE);
    c.bench_function(name, |b| {
        b.iter(|| {
            for _ in 0..3 {
                let _ = update(&mut state, Msg::Key(t));
                terminal
                    .draw(|f| view(&state, f))
                    .expect("a test backend draws");
            }
        })
    });
}

fn keypress(c: &mut Criterion, name: &str, mut state: State) {
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("a test terminal");
    terminal
        .draw(|f| view(&state, f))
        .expect("a test backend draws");
    let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
    c.bench_function(name, |b| {
        b.iter(|| {
            let effects = update(&mut state, Msg::Key(down));
            terminal
                .draw(|f| view(&state, f))
                .expect("a test backend draws");
            effects
        })
    });
}

/// The pivot of `accounts` accounts by month (each billed in one to three months), open on the
/// screen over the table of its file.
fn pivot_screen(dir: &std::path::Path, accounts: u32) -> State {
    let path = dir.join("pivot.csv");
    let mut out = csv::Writer::from_path(&path).expect("a CSV in a temporary folder");
    out.write_record([
        "account",
        "lineItemType",
        "subtotal",
        "billCurrency",
        "servicePeriodStartDate",
    ])
    .expect("the header written");
    for n in 0..accounts {
        for month in 0..=(n % 3) {
            out.write_record([
                format!("account-{n:06}"),
                "USAGE".to_string(),
                format!("{}.{:02}", n % 9973, n % 100),
                "USD".to_string(),
                format!("2026-{:02}-01", (n + month * 4) % 12 + 1),
            ])
            .expect("a row written");
        }
    }
    out.flush().expect("the CSV flushed");
    let file = CsvFile::open(&path).expect("the CSV just written");
    let shared = ScanProgress::default();
    scan(
        &file,
        &Columns::find(file.headers()),
        &shared,
        &std::sync::atomic::AtomicBool::new(false),
    );
    let mut state = main_screen();
    state.table = Some(TableState::new(file, shared, true, None));
    let effects = update(&mut state, Msg::Key(key('P')));
    settle(&mut state, effects);
    state
}

/// The totals the table asks for, made here as the runtime's task would.
fn made(table: &mut TableState) {
    let mut asked = table.refresh_totals();
    while let Some(Msg::TotalsMade(source, rows)) = asked.as_ref().and_then(work) {
        asked = table.on_totals(source, rows);
    }
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

/// Does the work a pivot's effects ask for, as the runtime's tasks would, until none is left.
fn settle(state: &mut State, mut effects: Vec<m3ter_bills::tui::Effect>) {
    while let Some(done) = effects.iter().find_map(work) {
        effects = update(state, done);
    }
}

/// Each key of the pivot screen: the update and the frame it causes, on the screen's thread.
fn pivot_keys(c: &mut Criterion, mut state: State) {
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("a test terminal");
    let keys = [
        ("down", KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
        (
            "page_down",
            KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE),
        ),
        ("right", KeyEvent::new(KeyCode::Right, KeyModifiers::NONE)),
        ("sort", key('s')),
        ("top_rows", key('n')),
        ("copy", key('y')),
        ("chart", key('g')),
    ];
    for (name, pressed) in keys {
        c.bench_function(&format!("pivot_key_{name}_300k_accounts"), |b| {
            b.iter(|| {
                let effects = update(&mut state, Msg::Key(pressed));
                terminal
                    .draw(|f| view(&state, f))
                    .expect("a test backend draws");
                effects
            })
        });
        // The work the key asked for, done before the next key, as the person would wait.
        let effects = update(&mut state, Msg::Key(key('?')));
        let _ = update(
            &mut state,
            Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
        );
        settle(&mut state, effects);
    }
    // A re-ordered pivot arriving: the cursor found again on its row, and the frame. The
    // sorting itself (in a task) is left out of the time.
    let mut group = c.benchmark_group("pivot_arrives");
    group.sample_size(10);
    group.bench_function("pivot_sorted_arrives_300k_accounts", |b| {
        b.iter_custom(|iters| {
            let mut spent = std::time::Duration::ZERO;
            for _ in 0..iters {
                let effects = update(&mut state, Msg::Key(key('s')));
                let Some(done) = effects.iter().find_map(work) else {
                    continue;
                };
                let started = std::time::Instant::now();
                let more = update(&mut state, done);
                terminal
                    .draw(|f| view(&state, f))
                    .expect("a test backend draws");
                spent += started.elapsed();
                settle(&mut state, more);
            }
            spent
        })
    });
    group.finish();
}

fn redraw(c: &mut Criterion, name: &str, state: &State) {
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("a test terminal");
    c.bench_function(name, |b| {
        b.iter(|| {
            terminal.clear().expect("a test backend clears");
            terminal
                .draw(|f| view(state, f))
                .expect("a test backend draws");
        })
    });
}

/// The dimension editor open on an account filter, with `accounts` accounts listed.
fn suggesting(accounts: usize) -> State {
    let mut state = main_screen();
    let key = |code| Msg::Key(KeyEvent::new(code, KeyModifiers::NONE));
    for code in [KeyCode::Tab, KeyCode::Tab, KeyCode::Char('a')] {
        update(&mut state, key(code));
    }
    const WORDS: [&str; 8] = [
        "Systems",
        "Labs",
        "Holdings",
        "Retail",
        "Logistics",
        "Energy",
        "Media",
        "Foods",
    ];
    let entries = (0..accounts)
        .map(|n| m3ter_bills::m3ter::Listed {
            id: format!("id-{n}"),
            code: format!("customer-{n:05}"),
            name: format!("Customer {n:05} {}", WORDS[n % WORDS.len()]),
            parent_account_id: None,
            currency: Some("USD".into()),
        })
        .collect();
    let lookup = m3ter_bills::fetch::Lookup {
        kind: m3ter_bills::m3ter::ListKind::Accounts,
        entries,
        fetched: now(),
        cached: true,
    };
    update(
        &mut state,
        Msg::ListLoaded(
            m3ter_bills::m3ter::ListKind::Accounts,
            Ok(std::sync::Arc::new(lookup)),
        ),
    );
    state
}

/// A key typed in the values (then taken back on the next iteration, so the text stays the
/// same length): the suggestions found among every account, and the frame.
fn suggest_key(c: &mut Criterion, mut state: State) {
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("a test terminal");
    let mut typed = false;
    c.bench_function("suggest_key_20k_accounts", |b| {
        b.iter(|| {
            let code = if typed {
                KeyCode::Backspace
            } else {
                KeyCode::Char('s')
            };
            typed = !typed;
            let effects = update(
                &mut state,
                Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)),
            );
            terminal
                .draw(|f| view(&state, f))
                .expect("a test backend draws");
            effects
        })
    });
}

fn draw(c: &mut Criterion) {
    redraw(c, "main_screen_200x60", &main_screen());
    let dir = tempfile::tempdir().expect("a temporary folder");
    redraw(c, "table_view_200x60", &table_view(dir.path()));
    keypress(
        c,
        "totals_keypress_300k_groups",
        many_groups(dir.path(), 300_000),
    );
    regroup(
        c,
        "totals_regroup_300k_groups",
        many_groups(dir.path(), 300_000),
    );
    pivot_keys(c, pivot_screen(dir.path(), 300_000));
    suggest_key(c, suggesting(20_000));
}

criterion_group!(benches, draw);
criterion_main!(benches);
