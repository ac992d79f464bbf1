use super::*;

fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

#[test]
fn the_contract_keys_do_what_the_design_says() {
    let outside = [S::Always, S::Anywhere, S::Types, S::Link];
    let act = |code, mods| action_for(&outside, &press(code, mods));
    assert_eq!(act(K::Tab, KeyModifiers::NONE), Some(A::NextPane));
    assert_eq!(act(K::BackTab, KeyModifiers::SHIFT), Some(A::PrevPane));
    assert_eq!(act(K::Char(' '), KeyModifiers::NONE), Some(A::Toggle));
    assert_eq!(act(K::Char('j'), KeyModifiers::NONE), Some(A::Down));
    assert_eq!(act(K::Char('s'), KeyModifiers::CONTROL), Some(A::Submit));
    assert_eq!(
        act(K::Char('S'), KeyModifiers::CONTROL | KeyModifiers::SHIFT),
        Some(A::Submit)
    );
    assert_eq!(act(K::Char('?'), KeyModifiers::SHIFT), Some(A::Help));
    assert_eq!(act(K::Char('q'), KeyModifiers::NONE), Some(A::Quit));
    assert_eq!(act(K::Char('o'), KeyModifiers::NONE), Some(A::Open));
    assert_eq!(act(K::Char('f'), KeyModifiers::NONE), Some(A::Fetch));
    assert_eq!(act(K::Char('c'), KeyModifiers::CONTROL), Some(A::ForceQuit));
}

#[test]
fn letters_are_not_commands_while_editing() {
    let editing = [S::Always, S::Editor];
    for c in ['q', '?', 'o', 'f', 'y', 'a', 'j'] {
        assert_eq!(
            action_for(&editing, &press(K::Char(c), KeyModifiers::NONE)),
            None
        );
    }
    assert_eq!(
        action_for(&editing, &press(K::Char('s'), KeyModifiers::CONTROL)),
        Some(A::Submit)
    );
}

#[test]
fn no_key_is_bound_twice_in_one_scope() {
    for a in BINDINGS {
        for b in BINDINGS
            .iter()
            .filter(|b| b.scope == a.scope && !std::ptr::eq(*b, a))
        {
            for k in a.keys {
                assert!(!b.keys.contains(k), "{:?} bound twice in {:?}", k, a.scope);
            }
        }
    }
}

#[test]
fn hints_name_the_keys_the_keymap_binds() {
    assert_eq!(key(S::Link, A::Fetch), "f");
    assert_eq!(key(S::Always, A::Submit), "Ctrl-S");
    assert_eq!(keys(S::Confirm, A::No), "n/Esc");
    assert_eq!(keys(S::Anywhere, A::PrevPane), "Shift-Tab");
    assert_eq!(keys(S::DimensionEditor, A::PrevField), "Shift-Tab");
}

#[test]
fn keys_have_readable_names() {
    assert_eq!(ctrl('s').name(), "Ctrl-S");
    let up = BINDINGS
        .iter()
        .find(|b| b.scope == S::Types && b.action == A::Up)
        .unwrap();
    assert_eq!(up.key_names(), "↑/k");
}
