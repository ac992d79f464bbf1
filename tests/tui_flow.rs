//! The real event loop of the screen on ratatui's TestBackend, driven by injected key events,
//! against the demo server on an ephemeral port.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use common::screen::*;
use common::*;
use crossterm::event::{Event, KeyCode, KeyModifiers};
use m3ter_bills::config::{History, SavedQueries};
use m3ter_bills::m3ter::Client;
use m3ter_bills::tui::{Context, Form, Library, State, Switch, Theme};

fn column_values(path: &Path, column: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let i = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == column)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap()[i].to_string())
        .collect()
}

#[tokio::test]
async fn build_a_query_by_keys_submit_and_fetch_the_file() {
    let server = start(config()).await;
    let mut tui = Tui::against(&server, (120, 40));
    tui.wait_for("Request body").await;
    // Last quarter: three presets on from last month (the month before last, this quarter).
    tui.keys(&[KeyCode::Right, KeyCode::Right, KeyCode::Right]);
    tui.wait_for("◀ last quarter ▶").await;
    // Usage and overage only.
    tui.keys(&[
        KeyCode::Tab,
        KeyCode::Char('n'),
        KeyCode::Down,
        KeyCode::Char(' '),
    ]);
    for _ in 0..14 {
        tui.key(KeyCode::Down);
    }
    tui.key(KeyCode::Char(' '));
    tui.wait_for("Line item types (2/19)").await;
    // Two accounts.
    tui.keys(&[KeyCode::Tab, KeyCode::Char('a')]);
    tui.type_text("acme, globex");
    tui.key(KeyCode::Enter);
    let screen = tui.wait_for("account = acme, globex").await;
    assert!(screen.contains("\"OVERAGE_USAGE\""), "{screen}");
    assert!(
        screen.contains("\"startDate\": \"2026-07-01T00:00:00Z\""),
        "{screen}"
    );

    tui.ctrl('s');
    let screen = tui.wait_for("Download link ready").await;
    assert!(screen.contains(&server.base_url()), "{screen}");

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("q3.csv");
    tui.key(KeyCode::Char('f'));
    tui.wait_for("Save as: bills_2026-07-01_2026-10-01.csv")
        .await;
    tui.ctrl('u');
    tui.type_text(target.to_str().unwrap());
    tui.key(KeyCode::Enter);
    let screen = tui.wait_for("✓ Saved").await;
    assert!(screen.contains("q3.csv"), "{screen}");

    // v shows the fetched file in a table, t its totals; they agree with sums made here.
    tui.key(KeyCode::Char('v'));
    tui.wait_for("q3.csv").await;
    tui.wait_for(" rows").await;
    tui.key(KeyCode::Char('t'));
    tui.wait_for("by line item type").await;
    // The totals are made in a task: they show a moment after their title.
    let screen = tui.wait_for("USD  net").await;
    let mut usage_usd: i64 = 0;
    let mut reader = csv::Reader::from_path(&target).unwrap();
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        if &record[at("lineItemType")] == "USAGE" && &record[at("billCurrency")] == "USD" {
            let (whole, cents) = record[at("subtotal")].split_once('.').unwrap();
            usage_usd += whole.parse::<i64>().unwrap() * 100 + cents.parse::<i64>().unwrap();
        }
    }
    let expected = format!(
        "{}.{:02}",
        m3ter_bills::explore::group_thousands(&(usage_usd / 100).to_string()),
        usage_usd % 100
    );
    let usd_usage = screen
        .lines()
        .skip_while(|l| !l.contains("USD  net"))
        .find(|l| l.contains("USAGE ") && !l.contains("OVERAGE"))
        .unwrap();
    assert!(
        usd_usage.contains(&expected),
        "{expected} not in {usd_usage}"
    );
    tui.key(KeyCode::Esc);
    tui.key(KeyCode::Esc);
    tui.wait_for("Request body").await;

    let types = column_values(&target, "lineItemType");
    assert!(!types.is_empty());
    assert!(types.iter().all(|t| t == "USAGE" || t == "OVERAGE_USAGE"));
    let accounts = column_values(&target, "account");
    assert!(accounts.iter().all(|a| a == "acme" || a == "globex"));
    assert_eq!(files_in(dir.path()), ["q3.csv"]);

    // Open and copy go to the injected browser and clipboard, never the real ones.
    tui.key(KeyCode::Char('o'));
    tui.wait_for("Opened the link").await;
    tui.key(KeyCode::Char('y'));
    tui.wait_for("Copied the link").await;
    assert_eq!(tui.opened.0.lock().unwrap().len(), 1);
    assert_eq!(*tui.copied.0.lock().unwrap(), *tui.opened.0.lock().unwrap());

    // Fetching again to the same path asks before replacing it.
    tui.key(KeyCode::Char('f'));
    tui.wait_for("Save as:").await;
    tui.ctrl('u');
    tui.type_text(target.to_str().unwrap());
    tui.key(KeyCode::Enter);
    tui.wait_for("already exists. Replace it?").await;
    tui.key(KeyCode::Char('n'));
    tui.wait_for("was left as it was").await;
    let state = tui.quit().await;
    assert!(state.quit);
}

#[tokio::test]
async fn a_rate_limited_submit_says_so_then_succeeds() {
    let server = start(with_faults(&["rate-limit:1"])).await;
    let mut tui = Tui::against(&server, (120, 40));
    tui.wait_for("Request body").await;
    tui.ctrl('s');
    tui.wait_for("m3ter is rate limiting; retrying in").await;
    tui.wait_for("Download link ready").await;
    tui.quit().await;
}

#[tokio::test]
async fn a_failed_submit_shows_m3ters_message_and_the_screen_stays_usable() {
    let server = start(with_faults(&["server-error"])).await;
    let mut tui = Tui::against(&server, (120, 40));
    tui.wait_for("Request body").await;
    tui.ctrl('s');
    tui.wait_for("✗ m3ter had a server error (500): Internal server error.")
        .await;
    tui.keys(&[KeyCode::Tab, KeyCode::Char('n')]);
    tui.wait_for("Line item types (0/19)").await;
    tui.ctrl('s');
    tui.wait_for("Not sent: 1 problem").await;
    tui.wait_for("Choose at least one line item type.").await;
    tui.quit().await;
    let counts = stats(&server).await;
    assert_eq!(answered(&counts, CSV_ROUTE, "500"), 3);
}

#[tokio::test]
async fn invalid_input_is_marked_at_once_and_nothing_is_sent() {
    let server = start(config()).await;
    let mut tui = Tui::against(&server, (120, 40));
    tui.wait_for("Request body").await;
    // A reversed range typed by hand, and a limit out of range.
    tui.keys(&[KeyCode::Down, KeyCode::Enter]);
    tui.ctrl('u');
    tui.type_text("2026-12-01");
    tui.key(KeyCode::Enter);
    tui.keys(&[KeyCode::BackTab, KeyCode::Enter]);
    tui.type_text("5000");
    tui.key(KeyCode::Esc);
    let screen = tui.wait_for("2 problems to fix before sending").await;
    assert!(screen.contains("is before the start date"), "{screen}");
    assert!(
        screen.contains("The limit must be a whole number"),
        "{screen}"
    );
    assert!(screen.contains("◀ custom ▶"), "{screen}");
    tui.ctrl('s');
    tui.wait_for("Not sent: 2 problems").await;
    tui.quit().await;
    assert_eq!(stats(&server).await.total_requests, 0);
}

#[tokio::test]
async fn typing_q_in_a_filter_types_a_q() {
    let server = start(config()).await;
    let mut tui = Tui::against(&server, (80, 24));
    tui.wait_for("Request body").await;
    tui.keys(&[KeyCode::Tab, KeyCode::Tab, KeyCode::Char('a')]);
    tui.wait_for("New dimension").await;
    tui.type_text("q?o");
    tui.key(KeyCode::Enter);
    tui.wait_for("account = q?o").await;
    let state = tui.quit().await;
    assert_eq!(state.form.dimensions[0].filter, ["q?o"]);
}

#[tokio::test]
async fn a_tiny_terminal_gets_a_message_and_recovers() {
    let server = start(config()).await;
    let mut tui = Tui::against(&server, (120, 40));
    tui.wait_for("Request body").await;
    tui.resize(20, 5);
    let screen = tui.wait_for("needs at").await;
    assert_eq!(screen.lines().count(), 5);
    tui.resize(80, 24);
    tui.wait_for("Request body").await;
    tui.resize(120, 40);
    tui.wait_for("Request body").await;
    tui.quit().await;
}

#[tokio::test]
async fn help_lists_every_key_from_the_keymap() {
    let server = start(config()).await;
    let mut tui = Tui::against(&server, (120, 40));
    tui.wait_for("Request body").await;
    tui.key(KeyCode::Char('?'));
    let screen = tui.wait_for("Keys (Esc closes)").await;
    for b in m3ter_bills::tui::BINDINGS.iter().take(12) {
        assert!(
            screen.contains(b.help),
            "help lacks {:?}:\n{screen}",
            b.help
        );
    }
    tui.key(KeyCode::Esc);
    tui.wait_for("Ctrl-S sends the query").await;
    tui.quit().await;
}

#[tokio::test]
async fn cancelling_a_fetch_leaves_no_file() {
    let server = start(with_faults(&["truncate-download:1"])).await;
    let mut tui = Tui::against(&server, (120, 40));
    tui.wait_for("Request body").await;
    let dir = tempfile::tempdir().unwrap();
    tui.submit_and_fetch(&dir.path().join("x.csv")).await;
    // The demo pauses half-way through this download; cancel during the pause.
    tui.wait_for(" of ").await;
    tui.key(KeyCode::Esc);
    tui.wait_for("Fetch cancelled; no file was written.").await;
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );
    tui.quit().await;
}

#[tokio::test]
async fn without_settings_the_form_still_works_and_submit_says_what_is_missing() {
    let context = Context {
        unusable: Some("No credentials: set M3TER_API_KEY and M3TER_API_SECRET.".into()),
        folder: ".".into(),
        ..Context::default()
    };
    let mut tui = Tui::start(
        Err("No credentials: set M3TER_API_KEY and M3TER_API_SECRET.".into()),
        context,
        (120, 40),
    );
    tui.wait_for("not connected: No credentials").await;
    tui.ctrl('s');
    tui.wait_for("✗ No credentials").await;
    tui.quit().await;
}

fn snapshot_context() -> Context {
    Context {
        demo: true,
        org_id: "7804529d-18c8-491b-b975-7a03477d87ad".into(),
        base_url: "http://127.0.0.1:4000".into(),
        unusable: None,
        folder: ".".into(),
        profile: None,
    }
}

#[tokio::test]
async fn main_screen_at_80x24() {
    let mut tui = Tui::start(Err("not used".into()), snapshot_context(), (80, 24));
    let screen = tui.wait_for("Request body").await;
    insta::assert_snapshot!(screen);
    tui.quit().await;
}

#[tokio::test]
async fn main_screen_at_120x40() {
    let mut tui = Tui::start(Err("not used".into()), snapshot_context(), (120, 40));
    let screen = tui.wait_for("Request body").await;
    insta::assert_snapshot!(screen);
    tui.quit().await;
}

#[tokio::test]
async fn quitting_during_a_download_asks_first() {
    let server = start(with_faults(&["truncate-download:1"])).await;
    let mut tui = Tui::against(&server, (120, 40));
    tui.wait_for("Request body").await;
    let dir = tempfile::tempdir().unwrap();
    tui.submit_and_fetch(&dir.path().join("x.csv")).await;
    tui.wait_for(" of ").await;
    tui.key(KeyCode::Char('q'));
    tui.wait_for("A download is running. Quit and discard it?")
        .await;
    tui.key(KeyCode::Char('y'));
    let state = tokio::time::timeout(Duration::from_secs(5), tui.done)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(state.quit);
    assert!(files_in(dir.path()).is_empty());
}

#[tokio::test]
async fn a_click_focuses_a_pane_and_toggles_a_type_and_the_wheel_scrolls() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut tui = Tui::start(Err("not used".into()), snapshot_context(), (120, 40));
    let screen = tui.wait_for("Request body").await;
    // Find the USAGE row on screen and click it.
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("[x] USAGE "))
        .unwrap();
    let column = line.find("[x] USAGE").unwrap();
    let click = |kind| {
        Ok(Event::Mouse(MouseEvent {
            kind,
            column: line[..column].chars().count() as u16,
            row: row as u16,
            modifiers: KeyModifiers::NONE,
        }))
    };
    tui.input
        .send(click(MouseEventKind::Down(MouseButton::Left)))
        .unwrap();
    tui.wait_for("[ ] USAGE ").await;
    tui.wait_for("Line item types (18/19)").await;
    tui.input.send(click(MouseEventKind::ScrollDown)).unwrap();
    tui.input.send(click(MouseEventKind::ScrollDown)).unwrap();
    tui.key(KeyCode::Char(' '));
    tui.wait_for("Line item types (17/19)").await;
    let state = tui.quit().await;
    assert_eq!(state.builder.types_cursor, 3);
    assert_eq!(state.builder.focus, m3ter_bills::tui::Pane::Types);
}

#[tokio::test]
async fn save_load_history_resend_copy_write_and_switch_profile() {
    let server = start(config()).await;
    let home = tempfile::tempdir().unwrap();
    let switch_client = client(&server);
    let base_url = server.base_url();
    let library = Library {
        saved: SavedQueries::new(home.path().join("queries")),
        reports: m3ter_bills::report::Reports::new(home.path().join("reports")),
        history: History::new(home.path().join("history.jsonl"), None),
        profiles: vec!["prod".into(), "sandbox".into()],
        switch: Box::new(move |name| {
            Ok(Switch {
                client: switch_client.clone(),
                context: Context {
                    profile: Some(name.to_string()),
                    org_id: "org-of-sandbox".into(),
                    base_url: base_url.clone(),
                    ..Context::default()
                },
            })
        }),
    };
    let context = Context {
        profile: Some("prod".into()),
        org_id: server.config().org_id.clone(),
        base_url: server.base_url(),
        folder: ".".into(),
        ..Context::default()
    };
    let mut tui = Tui::start_with(
        Ok(client(&server)),
        context,
        (120, 40),
        Some(Arc::new(library)),
    );
    tui.wait_for("profile prod").await;

    // Save the opening form, spoil it, and load it back.
    tui.key(KeyCode::Char('s'));
    tui.wait_for("Save the query").await;
    tui.type_text("monthly usage");
    tui.key(KeyCode::Enter);
    tui.wait_for("monthly usage.json").await;
    tui.keys(&[KeyCode::Tab, KeyCode::Char('n')]);
    tui.wait_for("Line item types (0/19)").await;
    tui.key(KeyCode::Char('L'));
    tui.wait_for("saved queries and reports").await;
    tui.type_text("month");
    tui.wait_for("monthly usage").await;
    tui.key(KeyCode::Enter);
    tui.wait_for("Loaded \"monthly usage\".").await;
    tui.wait_for("Line item types (19/19)").await;

    // Submit, then find it in the history, load it, and send it again with one key.
    tui.ctrl('s');
    tui.wait_for("Download link ready").await;
    tui.key(KeyCode::Char('H'));
    tui.wait_for("History, newest first").await;
    let screen = tui.wait_for(" prod ").await;
    assert!(screen.contains("19 types"), "{screen}");
    tui.ctrl('r');
    tui.wait_for("Sending").await;
    tui.wait_for("Download link ready").await;
    let history = History::new(home.path().join("history.jsonl"), None)
        .read()
        .unwrap()
        .entries;
    assert_eq!(history.len(), 2);

    // The request as curl, and as a body file that --body reads back.
    tui.key(KeyCode::Char('c'));
    tui.wait_for("Copied the curl command").await;
    let copied = tui.copied.0.lock().unwrap().last().cloned().unwrap();
    assert!(
        copied.contains("$M3TER_TOKEN") && !copied.contains(CANARY),
        "{copied}"
    );
    let body = home.path().join("body.json");
    tui.key(KeyCode::Char('w'));
    tui.wait_for("Write the request body").await;
    tui.ctrl('u');
    tui.type_text(body.to_str().unwrap());
    tui.key(KeyCode::Enter);
    tui.wait_for("body.json.").await;
    let text = std::fs::read_to_string(&body).unwrap();
    let draft =
        m3ter_bills::query::draft_from_json(&text, m3ter_bills::query::BodySource::File).unwrap();
    assert!(m3ter_bills::query::validate(&draft, chrono::Utc::now()).is_ok());

    // Another profile, chosen from the list.
    tui.key(KeyCode::Char('p'));
    tui.wait_for("Profiles").await;
    tui.wait_for("● prod").await;
    tui.keys(&[KeyCode::Down, KeyCode::Enter]);
    tui.wait_for("Now using profile sandbox.").await;
    tui.wait_for("profile sandbox").await;
    tui.quit().await;
}

fn demo_csv(dir: &Path) -> std::path::PathBuf {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let book = m3ter_bills::demo::BillBook::generate(&m3ter_bills::demo::Seed::builtin(), today);
    let path = dir.join("bills.csv");
    let mut out = csv::Writer::from_path(&path).unwrap();
    out.write_record(m3ter_bills::demo::COLUMNS).unwrap();
    for row in book
        .rows()
        .iter()
        .filter(|r| r.bill.period_start.to_string() == "2026-10-01")
    {
        out.write_record(row.record()).unwrap();
    }
    out.flush().unwrap();
    path
}

#[tokio::test]
async fn the_table_view_sorts_filters_and_totals() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_csv(dir.path());
    let mut tui = view_of(&path, (120, 40));
    tui.wait_for(" rows").await;
    tui.wait_for("acme ").await;
    // Go to the subtotal column and sort it, largest first.
    tui.key(KeyCode::Char(':'));
    tui.type_text("subtotal");
    tui.key(KeyCode::Enter);
    tui.keys(&[KeyCode::Char('s'), KeyCode::Char('s')]);
    tui.wait_for("sorted by subtotal ↓").await;
    // Keep the overage lines.
    tui.key(KeyCode::Char('/'));
    tui.type_text("overage");
    tui.key(KeyCode::Enter);
    let screen = tui.wait_for(" matching").await;
    assert!(screen.contains("[any column ~ overage]"), "{screen}");
    tui.key(KeyCode::Char('t'));
    tui.wait_for("by line item type").await;
    let screen = tui.wait_for("OVERAGE_USAGE").await;
    assert!(
        screen.contains("OVERAGE_USAGE") && !screen.contains("STANDING_CHARGE"),
        "{screen}"
    );
    tui.key(KeyCode::Char('t'));
    tui.wait_for("subtotal per currency by account").await;
    let state = tui.quit().await;
    assert!(state.quit);
}

#[tokio::test]
async fn table_and_totals_at_120x40() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_csv(dir.path());
    let mut tui = view_of(&path, (120, 40));
    tui.wait_for("acme ").await;
    tui.key(KeyCode::Char('t'));
    tui.wait_for("by line item type").await;
    // Each currency's net with the kinds it is made of under it, whole at this width.
    let screen = tui.wait_for("EUR  net").await;
    assert!(screen.contains("+ drawdowns -370,876.56"), "{screen}");
    // The file's folder changes from run to run; the rest of the screen must not.
    let screen = screen.replace(&dir.path().display().to_string(), "DIR");
    insta::assert_snapshot!(screen);
    tui.quit().await;
}

/// Every fault the demo can produce, against the screen: recovered from, or one clear message,
/// and the screen still answers keys afterwards; no partial file. Prints the matrix it ran.
#[tokio::test]
async fn fault_matrix_on_the_screen() {
    // (fault, what the result pane ends with, fetch too)
    let matrix: &[(&str, &str, bool)] = &[
        ("rate-limit:1", "Download link ready", false),
        ("rate-limit", "✗ m3ter is rate limiting", false),
        ("server-error:1", "Download link ready", false),
        ("server-error", "✗ m3ter had a server error (500)", false),
        ("drop-connection:1", "Download link ready", false),
        ("drop-connection", "✗ The connection to 127.0.0.1", false),
        ("slow:1", "Download link ready", false),
        ("slow", "did not answer within 1 s", false),
        (
            "bad-link",
            "✗ m3ter answered with a download link that is not safe",
            false,
        ),
        ("invalid-json", "✗ m3ter's answer could not be read", false),
        ("expire-token:1", "Download link ready", false),
        (
            "expire-token",
            "✗ m3ter refused the credentials (403)",
            false,
        ),
        ("truncate-download", "no file was written", true),
    ];
    let mut ran = Vec::new();
    for (fault, outcome, fetch) in matrix {
        let server = start(m3ter_bills::demo::DemoConfig {
            slow_delay: Duration::from_secs(2),
            ..with_faults(&[fault])
        })
        .await;
        let mut settings = settings(&server);
        settings.request_timeout = Duration::from_secs(1);
        let context = demo_context(&server, ".");
        let mut tui = Tui::start(Ok(Client::new(settings).unwrap()), context, (120, 40));
        tui.wait_for("Request body").await;
        let dir = tempfile::tempdir().unwrap();
        if *fetch {
            tui.submit_and_fetch(&dir.path().join("x.csv")).await;
        } else {
            tui.ctrl('s');
        }
        let screen = tui.wait_for(outcome).await;
        assert!(!screen.contains("panicked"), "{fault}");
        assert!(!screen.contains(CANARY), "{fault} put the secret on screen");
        // Still usable: the form answers keys.
        tui.keys(&[KeyCode::Tab, KeyCode::Char('n')]);
        tui.wait_for("Line item types (0/19)").await;
        tui.quit().await;
        assert!(
            files_in(dir.path()).is_empty(),
            "{fault}: {:?}",
            files_in(dir.path())
        );
        ran.push(format!("{fault:<22} screen -> {outcome}"));
    }
    // A token that lives one second is renewed between two submits of one session.
    let server = start(m3ter_bills::demo::DemoConfig {
        token_ttl: Duration::from_secs(1),
        ..config()
    })
    .await;
    let mut tui = Tui::against(&server, (120, 40));
    tui.wait_for("Request body").await;
    for _ in 0..2 {
        tui.ctrl('s');
        tui.wait_for("Download link ready").await;
        tokio::time::sleep(Duration::from_millis(1100)).await;
    }
    tui.quit().await;
    assert_eq!(stats(&server).await.tokens_issued, 2);
    ran.push(format!(
        "{:<22} screen -> two links, two tokens",
        "--token-ttl 1"
    ));
    println!("fault matrix ({} cases):\n{}", ran.len(), ran.join("\n"));
}

#[tokio::test]
async fn main_screen_in_a_100x20_pane() {
    let mut tui = Tui::start(Err("not used".into()), snapshot_context(), (100, 20));
    let screen = tui.wait_for("Request body").await;
    insta::assert_snapshot!(screen);
    tui.quit().await;
}

/// A person's first look at a bill file in a short pane: the amount and its currency on the
/// first screen, two filters kept, the totals scrolled to the last currency.
#[tokio::test]
async fn two_filters_and_every_currency_in_a_100x20_pane() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_csv(dir.path());
    let mut tui = view_of(&path, (100, 20));
    let screen = tui.wait_for("acme ").await;
    let header = screen.lines().nth(2).unwrap_or_default().to_string();
    for column in [
        "account",
        "lineItemType",
        "productName",
        "subtotal",
        "billCurrency",
    ] {
        assert!(header.contains(column), "{column} not in {header}");
    }
    // Two filters: USAGE lines (every column), then one account.
    tui.key(KeyCode::Char('/'));
    tui.type_text("USAGE");
    tui.key(KeyCode::Enter);
    tui.wait_for(" matching").await;
    tui.key(KeyCode::Char('/'));
    tui.type_text("acme");
    tui.key(KeyCode::Enter);
    let screen = tui.wait_for("[any column ~ acme]").await;
    assert!(screen.contains("[any column ~ USAGE]"), "{screen}");
    // The count agrees with one made here.
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let expected = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| {
            let joined = r.iter().collect::<Vec<_>>().join("\u{1f}").to_lowercase();
            joined.contains("usage") && joined.contains("acme")
        })
        .count();
    tui.wait_for(&format!("{expected} matching")).await;
    // Totals by account, focused, scrolled to the end: the last currency's lines show.
    tui.keys(&[
        KeyCode::Char('t'),
        KeyCode::Char('t'),
        KeyCode::Tab,
        KeyCode::Tab,
    ]);
    tui.wait_for("▶ Totals").await;
    // The totals are made in a task: G waits for their lines, or it has nothing to go to.
    tui.wait_for("lines 1-5 of 7 ").await;
    tui.key(KeyCode::Char('G'));
    let screen = tui.wait_for("GBP  net").await;
    assert!(
        screen.contains("lines 3-7 of 7 "),
        "the last currency is in view, with the end of the list: {screen}"
    );
    let screen = screen.replace(&dir.path().display().to_string(), "DIR");
    insta::assert_snapshot!(screen);
    tui.quit().await;
}

/// A misspelt account gives a file with a header only: the screen says so, and says which
/// filter matched nothing; a change to the form after the link marks the link as the old one's.
#[tokio::test]
async fn an_empty_answer_and_an_old_link_say_so() {
    let server = start(config()).await;
    let dir = tempfile::tempdir().unwrap();
    let context = demo_context(&server, &dir.path().display().to_string());
    let mut form = Form::default();
    form.dimensions.push(m3ter_bills::query::Dimension {
        name: "account".into(),
        filter: vec!["acmee".into()],
        attributes: vec![],
    });
    let state = State::new(
        form,
        fixed_now(),
        (120, 40),
        Theme { color: false },
        context,
    );
    let mut tui = Tui::start_state(state, Ok(client(&server)), None);
    tui.wait_for("Request body").await;
    tui.submit_and_fetch(&dir.path().join("empty.csv")).await;
    let screen = tui
        .wait_for("0 rows: nothing matched account = acmee")
        .await;
    assert!(screen.contains("✓ Saved"), "{screen}");
    // The table says the same instead of a bare "no rows".
    tui.key(KeyCode::Char('v'));
    tui.wait_for("0 rows: nothing matched account = acmee in this period")
        .await;
    tui.key(KeyCode::Char('q'));
    tui.wait_for("Request body").await;
    // Clear a type: the link is now the old query's.
    tui.key(KeyCode::Tab);
    tui.key(KeyCode::Char(' '));
    tui.wait_for("This link is for the query before your last change")
        .await;
    tui.key(KeyCode::Char(' '));
    tui.wait_until_gone("This link is for the query before")
        .await;
    tui.quit().await;
}

/// The demo's lines of the six months May to October 2026, and the rows they came from.
fn six_months(dir: &Path) -> (std::path::PathBuf, Vec<m3ter_bills::demo::BillRow>) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let book = m3ter_bills::demo::BillBook::generate(&m3ter_bills::demo::Seed::builtin(), today);
    let from = chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let rows: Vec<_> = book
        .rows()
        .iter()
        .filter(|r| r.bill.period_start >= from && r.bill.period_start < to)
        .cloned()
        .collect();
    let path = dir.join("bills.csv");
    let mut out = csv::Writer::from_path(&path).unwrap();
    out.write_record(m3ter_bills::demo::COLUMNS).unwrap();
    for row in &rows {
        out.write_record(row.record()).unwrap();
    }
    out.flush().unwrap();
    (path, rows)
}

/// Cents as the screen writes money: `-1,234.50`.
fn money(cents: i64) -> String {
    let digits = (cents.abs() / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{grouped}.{:02}", cents.abs() % 100)
}

/// "Revenue by product by month for the last six months": the product column, then P. The
/// highlighted cell agrees to the cent with a sum made here from the demo's own rows, Enter
/// opens exactly its lines, Esc comes back to it, and g charts the trend.
#[tokio::test]
async fn revenue_by_product_by_month_drills_to_its_lines_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    let (path, rows) = six_months(dir.path());
    let mut tui = view_of(&path, (120, 40));
    tui.wait_for("acme ").await;
    tui.key(KeyCode::Char(':'));
    tui.type_text("productName");
    tui.key(KeyCode::Enter);
    tui.key(KeyCode::Char('P'));
    tui.wait_for("subtotal per currency by productName × month (service period)")
        .await;
    let screen = tui.wait_for(" lines  Enter").await;
    assert!(
        screen.contains("2026-05") && screen.contains("2026-10"),
        "{screen}"
    );
    // Two to the right and one down: a cell inside the grid, read from the line under it.
    tui.keys(&[KeyCode::Right, KeyCode::Right, KeyCode::Down]);
    let screen = tui.wait_for("· 2026-07 · ").await;
    let detail = screen
        .lines()
        .find(|l| l.contains("· 2026-07 · "))
        .unwrap()
        .trim()
        .to_string();
    let (product, rest) = detail.split_once(" · 2026-07 · ").unwrap();
    let (currency, rest) = rest.split_once(": ").unwrap();
    let behind: Vec<_> = rows
        .iter()
        .filter(|r| {
            r.product_name == product
                && r.bill.currency == currency
                && r.bill.period_start.format("%Y-%m").to_string() == "2026-07"
        })
        .collect();
    let cents: i64 = behind.iter().map(|r| r.subtotal_cents).sum();
    assert!(
        rest.starts_with(&format!("{} ", money(cents))) || rest.starts_with(&money(cents)),
        "{detail} against {} from {} lines",
        money(cents),
        behind.len()
    );
    assert!(
        rest.contains(&format!("from {} lines", behind.len())),
        "{detail}"
    );
    // Enter: exactly those lines, in the table.
    tui.key(KeyCode::Enter);
    let screen = tui.wait_for(" matching").await;
    assert!(
        screen.contains(&format!("{} matching", behind.len())),
        "{screen}"
    );
    assert!(
        screen.contains(&format!(
            "the lines behind {product} · 2026-07 · {currency} (Esc: back to the pivot)"
        )),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("[productName = {product}]")),
        "{screen}"
    );
    // Esc: the same cell of the same pivot.
    tui.key(KeyCode::Esc);
    let screen = tui.wait_for("Enter: these lines").await;
    assert!(screen.contains(&detail), "{screen}");
    // g: the trend, with a legend of the largest products, and back.
    tui.key(KeyCode::Char('g'));
    let screen = tui
        .wait_for("Trend of subtotal per currency by productName")
        .await;
    assert!(
        screen.contains("⠿ "),
        "the largest product's line: {screen}"
    );
    tui.key(KeyCode::Esc);
    tui.wait_for("Enter: these lines").await;
    tui.key(KeyCode::Esc);
    tui.wait_for(" rows").await;
    tui.quit().await;
}

/// Credits by account by quarter with NO_COLOR: negative sums keep their minus sign, and the
/// chart puts them below its zero line.
#[tokio::test]
async fn credits_by_account_read_without_colour_and_chart_below_zero() {
    let dir = tempfile::tempdir().unwrap();
    let (path, rows) = six_months(dir.path());
    let mut tui = view_of(&path, (120, 40));
    tui.wait_for("acme ").await;
    tui.key(KeyCode::Char('/'));
    tui.type_text("CREDIT");
    tui.key(KeyCode::Enter);
    tui.wait_for(" matching").await;
    tui.key(KeyCode::Char('P'));
    let screen = tui
        .wait_for("Of the rows kept by [any column ~ CREDIT]")
        .await;
    assert!(screen.contains("by account × month"), "{screen}");
    let screen = tui.wait_for(" lines  Enter").await;
    let credits: i64 = rows
        .iter()
        .filter(|r| {
            r.record()
                .iter()
                .any(|c| c.to_uppercase().contains("CREDIT"))
                && r.bill.currency == "USD"
        })
        .map(|r| r.subtotal_cents)
        .sum();
    assert!(credits < 0, "the demo has credits");
    let total = screen
        .lines()
        .filter(|l| l.contains("┃total "))
        .map(|l| l.trim_end_matches('┃').trim_end().to_string())
        .next()
        .unwrap();
    assert!(
        total.ends_with(&money(credits)),
        "USD total {total} against {}",
        money(credits)
    );
    tui.key(KeyCode::Char('g'));
    let screen = tui.wait_for("Trend of").await;
    let labels: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains('│'))
        .filter_map(|l| l.strip_prefix("┃")?.split('│').next())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(labels.len(), 3, "{screen}");
    assert!(
        labels[0].ends_with(" USD") && labels[1] == "0 USD" && labels[2].starts_with('-'),
        "the zero line in the middle, credits below it: {labels:?}"
    );
    tui.keys(&[KeyCode::Esc, KeyCode::Esc]);
    tui.wait_for(" matching").await;
    tui.quit().await;
}

#[tokio::test]
async fn pivot_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = six_months(dir.path());
    let mut tui = view_of(&path, (80, 24));
    tui.wait_for("acme ").await;
    tui.key(KeyCode::Char('P'));
    let screen = tui.wait_for("hooli · 2026-05 · USD:").await;
    let screen = screen.replace(&dir.path().display().to_string(), "DIR");
    insta::assert_snapshot!(screen);
    tui.keys(&[KeyCode::Esc]);
    tui.wait_for(" rows").await;
    tui.quit().await;
}

#[tokio::test]
async fn pivot_and_its_chart_at_120x40() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = six_months(dir.path());
    let mut tui = view_of(&path, (120, 40));
    tui.wait_for("acme ").await;
    tui.key(KeyCode::Char('P'));
    let screen = tui.wait_for(" lines  Enter").await;
    let screen = screen.replace(&dir.path().display().to_string(), "DIR");
    insta::assert_snapshot!("pivot_at_120x40", screen);
    tui.key(KeyCode::Char('g'));
    let screen = tui.wait_for("Trend of").await;
    let screen = screen.replace(&dir.path().display().to_string(), "DIR");
    insta::assert_snapshot!("pivot_chart_at_120x40", screen);
    tui.keys(&[KeyCode::Esc, KeyCode::Esc]);
    tui.wait_for(" rows").await;
    tui.quit().await;
}

/// "Which accounts grew most from September to October?" in three keys: C, Enter (the last
/// two whole months are offered first), and the list, the biggest movers first, agreeing with
/// sums made here; Enter opens a line's rows of both periods, Esc comes back.
#[tokio::test]
async fn september_to_october_in_three_keys_and_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let (path, rows) = six_months(dir.path());
    let mut tui = view_of(&path, (120, 40));
    tui.wait_for("acme ").await;
    tui.key(KeyCode::Char('C'));
    tui.wait_for("2026-09 → 2026-10  the last two whole months in the file")
        .await;
    tui.key(KeyCode::Enter);
    let screen = tui.wait_for("Enter: these lines").await;
    let sum = |account: &str, currency: &str, month: &str| -> (i64, usize) {
        let behind: Vec<_> = rows
            .iter()
            .filter(|r| {
                r.party.code == account
                    && r.bill.currency == currency
                    && r.bill.period_start.format("%Y-%m").to_string() == month
            })
            .collect();
        (behind.iter().map(|r| r.subtotal_cents).sum(), behind.len())
    };
    // The first USD line is the biggest mover; its figures agree with the demo's own rows.
    let first = screen
        .lines()
        .skip_while(|l| !l.contains("┃USD "))
        .nth(1)
        .unwrap()
        .trim_start_matches('┃')
        .to_string();
    let account = first.split_whitespace().next().unwrap().to_string();
    let (a, lines_a) = sum(&account, "USD", "2026-09");
    let (b, lines_b) = sum(&account, "USD", "2026-10");
    for figure in [money(a), money(b), money(b - a)] {
        assert!(first.contains(&figure), "{figure} not in {first}");
    }
    let mut movers: Vec<i64> = rows
        .iter()
        .filter(|r| r.bill.currency == "USD")
        .map(|r| r.party.code.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|acct| (sum(&acct, "USD", "2026-10").0 - sum(&acct, "USD", "2026-09").0).abs())
        .collect();
    movers.sort();
    assert_eq!(
        (b - a).abs(),
        *movers.last().unwrap(),
        "the biggest mover first"
    );
    // Enter: its lines of both periods.
    tui.key(KeyCode::Enter);
    let screen = tui
        .wait_for(&format!("{} matching", lines_a + lines_b))
        .await;
    assert!(
        screen.contains(&format!(
            "the lines behind {account} · USD, 2026-09 then 2026-10 (Esc: back to the comparison)"
        )),
        "{screen}"
    );
    tui.key(KeyCode::Esc);
    tui.wait_for("Enter: these lines").await;
    tui.key(KeyCode::Esc);
    tui.wait_for(" rows").await;
    tui.quit().await;
}

#[tokio::test]
async fn comparison_at_80x24_and_120x40() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = six_months(dir.path());
    for (size, name) in [
        ((80, 24), "comparison_at_80x24"),
        ((120, 40), "comparison_at_120x40"),
    ] {
        let mut tui = view_of(&path, size);
        tui.wait_for("acme ").await;
        tui.key(KeyCode::Char('C'));
        let screen = tui.wait_for("Compare which periods?").await;
        let screen = screen.replace(&dir.path().display().to_string(), "DIR");
        insta::assert_snapshot!(format!("{name}_choosing"), screen);
        tui.key(KeyCode::Enter);
        let screen = tui.wait_for("Enter: these lines").await;
        let screen = screen.replace(&dir.path().display().to_string(), "DIR");
        insta::assert_snapshot!(name, screen);
        tui.key(KeyCode::Esc);
        tui.wait_for(" rows").await;
        tui.quit().await;
    }
}

/// Two periods that are not in one file: from the builder, C sends the form's query for A and
/// for B (one token, two requests, no 429), keeps both files and the joined one, and opens the
/// comparison on them.
#[tokio::test]
async fn the_builder_fetches_two_periods_and_compares_them() {
    let server = start(config()).await;
    let dir = tempfile::tempdir().unwrap();
    let context = demo_context(&server, &dir.path().display().to_string());
    let mut tui = Tui::start(Ok(client(&server)), context, (120, 40));
    tui.wait_for("Request body").await;
    tui.key(KeyCode::Char('C'));
    let screen = tui.wait_for("Compare two periods").await;
    assert!(
        screen.contains("2026-09 2026-10"),
        "the last two whole months: {screen}"
    );
    // A wrong period is said in the dialog, and nothing is sent.
    tui.ctrl('u');
    tui.type_text("2026-13 2026-10");
    tui.key(KeyCode::Enter);
    tui.wait_for("2026-13 is not a period: months run 01 to 12")
        .await;
    assert_eq!(stats(&server).await.total_requests, 0);
    tui.ctrl('u');
    tui.type_text("2026-09 2026-10");
    tui.key(KeyCode::Enter);
    let screen = tui.wait_for("Enter: these lines").await;
    assert!(
        screen.contains("by account, 2026-09 → 2026-10 (service period)"),
        "{screen}"
    );
    let counts = stats(&server).await;
    assert_eq!(counts.tokens_issued, 1, "{counts:?}");
    assert_eq!(answered(&counts, CSV_ROUTE, "200"), 2, "{counts:?}");
    assert_eq!(answered(&counts, CSV_ROUTE, "429"), 0, "{counts:?}");
    let files = files_in(dir.path());
    assert_eq!(
        files.len(),
        3,
        "both periods' files and the joined one: {files:?}"
    );
    assert!(
        files.contains(&"compare_2026-09_2026-10.csv".to_string()),
        "{files:?}"
    );
    tui.key(KeyCode::Esc);
    tui.wait_for(" rows").await;
    tui.key(KeyCode::Char('q'));
    tui.wait_for("Request body").await;
    tui.quit().await;
}

/// From the pivot, the comparison and the totals: `y` copies the view as tab-separated text, and
/// `e` saves it as a workbook (the pivot's sheet beside the lines) or, after Tab, as CSV.
#[tokio::test]
async fn views_are_copied_as_cells_and_saved_as_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = six_months(dir.path());
    let mut tui = view_of(&path, (120, 40));
    tui.wait_for("acme ").await;
    tui.key(KeyCode::Char('P'));
    tui.wait_for("Enter: these lines").await;
    tui.key(KeyCode::Char('y'));
    tui.wait_for("Copied the pivot to the clipboard").await;
    let copied = tui.copied.0.lock().unwrap().last().cloned().unwrap();
    assert!(
        copied.starts_with("account\tcurrency\t2026-05\t"),
        "{copied}"
    );
    assert!(
        copied.lines().count() > 20,
        "a line per account and currency"
    );
    tui.key(KeyCode::Char('e'));
    tui.wait_for("Save the pivot").await;
    tui.key(KeyCode::Enter);
    tui.wait_for("Saved ").await;
    let book = dir.path().join("bills-pivot.xlsx");
    let names = calamine::open_workbook_auto(&book)
        .map(|b| calamine::Reader::sheet_names(&b))
        .unwrap();
    assert_eq!(names, ["Lines", "Pivot", "About"]);
    tui.key(KeyCode::Esc);
    tui.wait_for(" rows").await;
    // The comparison, saved as CSV.
    tui.key(KeyCode::Char('C'));
    tui.wait_for("Compare which periods?").await;
    tui.key(KeyCode::Enter);
    tui.wait_for("Enter: these lines").await;
    tui.key(KeyCode::Char('e'));
    tui.wait_for("Save the comparison").await;
    tui.key(KeyCode::Tab);
    tui.key(KeyCode::Enter);
    tui.wait_for("Saved ").await;
    let saved = std::fs::read_to_string(dir.path().join("bills-comparison.csv")).unwrap();
    assert!(
        saved.starts_with("account,currency,a,b,change,change_pct,status,a_charges,a_credits,"),
        "{saved}"
    );
    tui.key(KeyCode::Esc);
    tui.wait_for(" rows").await;
    // The totals, once they are made (in a task).
    tui.key(KeyCode::Char('t'));
    tui.wait_for("by line item type").await;
    tui.wait_for("USD  net").await;
    tui.key(KeyCode::Char('y'));
    tui.wait_for("Copied the totals").await;
    let copied = tui.copied.0.lock().unwrap().last().cloned().unwrap();
    assert!(
        copied.starts_with(
            "line item type\tcurrency\tnet\tcharges\tcredits\tdrawdowns\tadjustments\tother\tcredit_share_pct\tlines\n"
        ),
        "{copied}"
    );
    // One meaning of credits: a commitment drawdown is a drawdown, a refund of a minimum a
    // credit, whatever their signs.
    assert!(copied.contains("\nCOMMITMENT_CONSUMED\tUSD\t"), "{copied}");
    for line in copied.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        let (net, kind) = match cells[0] {
            "COMMITMENT_CONSUMED" | "BALANCE_CONSUMED" => (cells[2], cells[5]),
            "USAGE_CREDIT"
            | "COUNTER_ADJUSTMENT_CREDIT"
            | "MINIMUM_SPEND_REFUND"
            | "CREDIT_DEDUCTION"
            | "CREDIT_MEMO" => (cells[2], cells[4]),
            "MANUAL_ADJUSTMENT" => (cells[2], cells[6]),
            _ => (cells[2], cells[3]),
        };
        assert_eq!(net, kind, "{line}");
    }
    tui.quit().await;
}

/// The `billLineItemId` of every row of a CSV file.
fn line_ids(path: &Path) -> Vec<String> {
    column_values(path, "billLineItemId")
}

#[tokio::test]
async fn a_cut_answer_offers_the_complete_fetch_which_stops_resumes_and_gets_every_line() {
    let server = start(config()).await;
    let dir = tempfile::tempdir().unwrap();
    let context = demo_context(&server, &dir.path().display().to_string());
    let form = Form {
        preset: Some(m3ter_bills::query::Preset::Last12Months),
        limit: "2000".into(),
        ..Form::default()
    };
    let state = State::new(
        form,
        fixed_now(),
        (120, 40),
        Theme { color: false },
        context,
    );
    let mut tui = Tui::start_state(state, Ok(client(&server)), None);
    tui.wait_for("Request body").await;
    let year = dir.path().join("year.csv");
    tui.submit_and_fetch(&year).await;
    let screen = tui.wait_for("exactly the limit").await;
    assert!(
        screen.contains("F fetch complete: 12 requests, about 12 s"),
        "{screen}"
    );
    assert_eq!(line_ids(&year).len(), 2000);

    // F, the same file, yes to replacing it: the pieces come, with a bar over them. Esc stops,
    // keeping what came.
    let again = |tui: &Tui| {
        tui.key(KeyCode::Char('F'));
        tui.ctrl('u');
        tui.type_text(year.to_str().unwrap());
        tui.key(KeyCode::Enter);
    };
    again(&tui);
    tui.wait_for("already exists. Replace it with the complete file?")
        .await;
    tui.key(KeyCode::Char('y'));
    let screen = tui.wait_for(" of 12 (").await;
    assert!(screen.contains("rows so far"), "{screen}");
    tui.wait_for("piece 10 of 12").await;
    tui.key(KeyCode::Esc);
    let screen = tui
        .wait_for("Any pieces fetched are kept: F goes on from them.")
        .await;
    assert!(screen.contains("no file was written"), "{screen}");
    assert_eq!(line_ids(&year).len(), 2000, "the cut file is untouched");

    again(&tui);
    tui.wait_for("already exists. Replace it with the complete file?")
        .await;
    tui.key(KeyCode::Char('y'));
    let screen = tui.wait_for("Fetched complete:").await;
    assert!(screen.contains("kept from before"), "{screen}");

    // Every line of the year, once: the same as one answer with no limit.
    let whole = dir.path().join("whole.csv");
    let client = client(&server);
    let query = m3ter_bills::query::validate(
        &m3ter_bills::query::QueryDraft {
            dates: m3ter_bills::query::DateInput::Preset(m3ter_bills::query::Preset::Last12Months),
            line_item_types: m3ter_bills::query::LineItemType::ALL
                .iter()
                .map(|t| t.wire_name().to_string())
                .collect(),
            ..Default::default()
        },
        fixed_now(),
    )
    .unwrap();
    let link = client.submit(&query, &mut |_| {}).await.unwrap();
    client
        .download(&link, &whole, false, &mut |_| {})
        .await
        .unwrap();
    let mut expected = line_ids(&whole);
    expected.sort();
    let mut got = line_ids(&year);
    got.sort();
    assert!(expected.len() > 2000);
    assert_eq!(got, expected);
    let counts = stats(&server).await;
    assert_eq!(answered(&counts, CSV_ROUTE, "429"), 0, "{counts:?}");
    assert_eq!(
        counts.tokens_issued, 2,
        "the screen's one token, and this test's"
    );

    // The analysis views open on it as on any other file.
    tui.key(KeyCode::Char('v'));
    tui.wait_for(&format!(
        "{} rows",
        m3ter_bills::units::count(expected.len() as u64)
    ))
    .await;
    tui.key(KeyCode::Char('q'));
    tui.wait_for("Request body").await;
    tui.quit().await;
}

/// An analyst finds Cyberdyne by a word of its name in the dimension editor, and its code goes
/// in: the accounts listed through the real loop, against the demo.
#[tokio::test]
async fn an_account_is_found_by_a_word_of_its_name_and_goes_in_as_its_code() {
    let server = start(config()).await;
    let mut tui = Tui::against(&server, (120, 40));
    tui.wait_for("Request body").await;
    tui.keys(&[KeyCode::Tab, KeyCode::Tab, KeyCode::Char('a')]);
    tui.wait_for("accounts (").await;
    tui.type_text("Systems");
    tui.wait_for("cyberdyne · Cyberdyne Systems · USD").await;
    tui.keys(&[KeyCode::Down, KeyCode::Enter]);
    tui.wait_for("Values     cyberdyne, ").await;
    // A second one, by the start of its code; then Enter (nothing highlighted) keeps both.
    tui.type_text("glob");
    tui.wait_for("globex · Globex Corporation").await;
    tui.keys(&[KeyCode::Down, KeyCode::Enter, KeyCode::Enter]);
    let screen = tui.wait_for("account = cyberdyne, globex").await;
    assert!(screen.contains("\"cyberdyne\""), "{screen}");
    tui.quit().await;
}

#[tokio::test]
async fn a_file_of_account_codes_shows_each_accounts_name_from_m3ters_list() {
    let server = start(config()).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("codes.csv");
    std::fs::write(
        &path,
        "account,yearMonth,lineItemType,productName,subtotal,billCurrency\n\
         cyberdyne,2026-10,USAGE,Compute Hours,120.00,USD\n\
         globex,2026-10,USAGE,Seats,80.00,USD\n\
         cyberdyne,2026-11,USAGE,Compute Hours,130.00,USD\n\
         nobody-listed,2026-11,USAGE,Seats,5.00,USD\n",
    )
    .unwrap();
    let mut tui = view_with(
        &path,
        (120, 40),
        demo_context(&server, "."),
        Ok(client(&server)),
    );
    let screen = tui.wait_for("cyberdyne · Cyberdyne Systems").await;
    assert!(screen.contains("globex · Globex Corporation"), "{screen}");
    // A code the list does not know stays alone.
    assert!(screen.contains("nobody-listed "), "{screen}");
    // The pivot by account (the first column) names them too.
    tui.key(KeyCode::Char('P'));
    let screen = tui.wait_for("2026-11").await;
    assert!(screen.contains("cyberdyne · Cyberdyne Systems"), "{screen}");
    // Asked of m3ter once, every page of it.
    let counts = stats(&server).await;
    let pages = answered(&counts, "GET /organizations/{org}/accounts", "200");
    assert_eq!(pages, 158_u64.div_ceil(100), "{counts:?}");
    tui.key(KeyCode::Esc);
    tui.wait_until_gone("2026-11 ").await;
    tui.quit().await;
}

#[tokio::test]
async fn u_holds_the_last_whole_month_against_its_usual_and_charts_it_and_pivot_cells_show_shares()
{
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("months.csv");
    // The screen's today is 2026-11-27: October is the last whole month.
    std::fs::write(
        &path,
        "account,lineItemType,subtotal,billCurrency,servicePeriodStartDate\n\
         acme,USAGE,100.00,USD,2026-07-01\nacme,USAGE,110.00,USD,2026-08-01\n\
         acme,USAGE,120.00,USD,2026-09-01\nacme,USAGE,200.00,USD,2026-10-01\n\
         acme,CREDIT_MEMO,-20.00,USD,2026-10-01\n\
         globex,USAGE,300.00,USD,2026-10-01\nglobex,USAGE,300.00,USD,2026-09-01\n",
    )
    .unwrap();
    let mut tui = view_of(&path, (100, 30));
    tui.wait_for("acme ").await;
    tui.key(KeyCode::Char('U'));
    // globex's change is the largest: it comes first; acme is the next line.
    tui.wait_for("globex · USD against its usual").await;
    tui.key(KeyCode::Char('j'));
    let screen = tui.wait_for("acme · USD against its usual").await;
    // (100 + 110 + 120) / 3 = 110 against 200 - 20 = 180: 70 above, 63.6 %, worked out here.
    assert!(
        screen.contains("2026-10 against the mean of the 3 before"),
        "{screen}"
    );
    assert!(screen.contains("70.00 above the mean (63.6 %)"), "{screen}");
    assert!(screen.contains("band"), "{screen}");
    tui.key(KeyCode::Char('c'));
    tui.wait_until_gone("against its usual ").await;
    tui.key(KeyCode::Esc);
    tui.wait_until_gone("Compare").await;
    // The pivot's cells as shares: in October acme is 180 of 480, 37.5 %; globex 62.5 %.
    tui.key(KeyCode::Char('P'));
    tui.wait_for("2026-10").await;
    tui.key(KeyCode::Char('%'));
    let screen = tui.wait_for("cells: % of column").await;
    assert!(
        screen.contains("37.5%") && screen.contains("62.5%"),
        "{screen}"
    );
    // Credits in % of charges: acme's October, 20 of 200.
    tui.key(KeyCode::Char('%'));
    let screen = tui.wait_for("cells: credit share").await;
    assert!(screen.contains("10.0%"), "{screen}");
    tui.key(KeyCode::Esc);
    tui.wait_until_gone("Pivot").await;
    tui.quit().await;
}
