//! The screen's update function under long random sequences of keys, mouse events, pastes
//! (huge ones, control characters) and resizes: it never panics, drawing never panics, the
//! request body is always valid JSON, and the count of selected types always matches the list.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use m3ter_bills::query::{DatesAs, draft_to_json};
use m3ter_bills::tui::{Context, Form, Msg, State, Theme, update, view};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn key() -> impl Strategy<Value = Msg> {
    let code = prop_oneof![
        any::<char>().prop_map(KeyCode::Char),
        // No q here: it would end most sequences early (q typed into fields is tested elsewhere).
        "[a-zA-Z0-9 ?/:jkhlsnatvwcpLHG*,.=-]"
            .prop_map(|s: String| KeyCode::Char(s.chars().next().unwrap_or('a'))),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Backspace),
        Just(KeyCode::Delete),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::PageUp),
        Just(KeyCode::PageDown),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        (1u8..13).prop_map(KeyCode::F),
    ];
    let mods = prop_oneof![
        4 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::SHIFT),
        1 => Just(KeyModifiers::ALT),
        // Ctrl-C and Ctrl-S are left to the tests that mean them: here they would only end or
        // send the sequence early.
        1 => Just(KeyModifiers::CONTROL),
    ];
    (code, mods)
        .prop_filter("not Ctrl-C", |(c, m)| {
            !(m.contains(KeyModifiers::CONTROL) && matches!(c, KeyCode::Char('c' | 'C')))
        })
        .prop_map(|(code, mods)| Msg::Key(KeyEvent::new(code, mods)))
}

fn mouse() -> impl Strategy<Value = Msg> {
    let kind = prop_oneof![
        Just(MouseEventKind::Down(MouseButton::Left)),
        Just(MouseEventKind::Up(MouseButton::Left)),
        Just(MouseEventKind::ScrollDown),
        Just(MouseEventKind::ScrollUp),
        Just(MouseEventKind::Down(MouseButton::Right)),
    ];
    (kind, 0u16..300, 0u16..120).prop_map(|(kind, column, row)| {
        Msg::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    })
}

fn paste() -> impl Strategy<Value = Msg> {
    prop_oneof![
        any::<String>(),
        "[\\x00-\\x1f\\x7f\\u{1b}\\u{9b}a-z,\\n]{0,200}",
        (0usize..200_000).prop_map(|n| "x".repeat(n)),
    ]
    .prop_map(Msg::Paste)
}

fn resize() -> impl Strategy<Value = Msg> {
    (0u16..300, 0u16..120).prop_map(|(w, h)| Msg::Resize(w, h))
}

fn input() -> impl Strategy<Value = Msg> {
    prop_oneof![12 => key(), 2 => mouse(), 1 => paste(), 1 => resize()]
}

fn selected_in_title(screen: &str) -> Option<usize> {
    let at = screen.find("Line item types (")? + "Line item types (".len();
    screen[at..].split('/').next()?.parse().ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_input_keeps_the_screen_whole(events in proptest::collection::vec(input(), 1..250)) {
        let now = m3ter_bills::query::parse_date_time("2026-11-27T10:00:00Z").unwrap();
        let mut state = State::new(Form::default(), now, (120, 40), Theme { color: false }, Context::default());
        for (i, msg) in events.into_iter().enumerate() {
            let _ = update(&mut state, msg);
            let body = draft_to_json(&state.form.draft(), DatesAs::ResolvedAt(now));
            prop_assert!(serde_json::from_str::<serde_json::Value>(&body).is_ok(), "not JSON: {}", body);
            if i % 10 == 0 && !state.quit {
                let (w, h) = state.size;
                let mut terminal = Terminal::new(TestBackend::new(w.max(1), h.max(1))).unwrap();
                terminal.draw(|f| view(&state, f)).unwrap();
                let screen: String = terminal.backend().buffer().content.iter().map(|c| c.symbol()).collect();
                if let Some(shown) = selected_in_title(&screen) {
                    prop_assert_eq!(shown, state.form.selected_count());
                }
            }
            if state.quit {
                break;
            }
        }
    }
}
