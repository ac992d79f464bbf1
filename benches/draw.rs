//! Full redraws at 200x60: the main screen, and the table view of two years of demo bills with
//! a screenful of rows and the totals beside them. Each redraw starts from a cleared buffer, so
//! every cell is drawn and sent to the (test) backend, as on the first frame or after a resize.
//!
//! `cargo bench --bench draw`; `scripts/bench` runs it and prints its medians in its table.

use criterion::{Criterion, criterion_group, criterion_main};
use m3ter_bills::demo::{BillBook, COLUMNS, Seed};
use m3ter_bills::explore::{Columns, CsvFile, STRIDE, Shared, scan};
use m3ter_bills::tui::{Context, Explorer, Form, State, Theme, view};
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
    let shared = Shared::default();
    scan(
        &file,
        &Columns::find(file.headers()),
        &shared,
        &std::sync::atomic::AtomicBool::new(false),
    );
    let mut explorer = Explorer::new(file.clone(), shared.clone(), true);
    let offsets = shared.read().expect("the scan's results").offsets.clone();
    let rows = file
        .read_rows(&offsets, STRIDE, 0, usize::from(SIZE.1))
        .expect("rows of the CSV just written");
    let known = rows.len() as u64;
    explorer.show_page(0, explorer.version, rows, known);
    explorer.next_totals();
    let mut state = main_screen();
    state.explorer = Some(explorer);
    state
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

fn draw(c: &mut Criterion) {
    redraw(c, "main_screen_200x60", &main_screen());
    let dir = tempfile::tempdir().expect("a temporary folder");
    redraw(c, "table_view_200x60", &table_view(dir.path()));
}

criterion_group!(benches, draw);
criterion_main!(benches);
