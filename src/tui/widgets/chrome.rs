//! The status line at the top and the keys at the bottom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::printable::printable;
use crate::tui::keymap::{Action, Binding, Scope, bindings};
use crate::tui::mode;
use crate::tui::state::State;

pub fn status(state: &State, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let ctx = &state.context;
    let mut spans = vec![Span::styled(" m3ter-bills ", theme.accent())];
    if ctx.demo {
        spans.push(Span::styled(" DEMO ", theme.demo()));
        spans.push(Span::raw(" "));
    }
    if let Some(profile) = &ctx.profile {
        spans.push(Span::styled("profile ", theme.muted()));
        spans.push(Span::styled(printable(profile), theme.accent()));
        spans.push(Span::raw("  "));
    }
    match &ctx.unusable {
        Some(why) => spans.push(Span::styled(
            format!("not connected: {}", printable(why)),
            theme.error(),
        )),
        None => {
            spans.push(Span::styled("org ", theme.muted()));
            // A narrow screen shows the org id's first characters, enough to tell orgs apart.
            let org = printable(&ctx.org_id);
            let org = if area.width < 110 && org.chars().count() > 9 {
                format!("{}…", org.chars().take(8).collect::<String>())
            } else {
                org
            };
            spans.push(Span::raw(org));
            spans.push(Span::styled("  at ", theme.muted()));
            spans.push(Span::raw(printable(ctx.base_url.trim_end_matches('/'))));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The keys that work now, from the same table the keys are dispatched with. Neighbouring
/// bindings with the same label share an entry (`↑/↓ move`).
pub fn footer(state: &State, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let mut entries: Vec<(String, &str)> = Vec::new();
    // The focused pane's keys first, then submit, then the global ones; the rarer keys are
    // left to the help screen.
    let (global, specific): (Vec<Scope>, Vec<Scope>) = mode::of(state)
        .scopes()
        .into_iter()
        .partition(|s| matches!(s, Scope::Always | Scope::Anywhere));
    let rare = |b: &&Binding| {
        b.action == Action::ForceQuit
            || (b.scope == Scope::Anywhere
                && matches!(
                    b.action,
                    Action::PrevPane | Action::ScrollUp | Action::ScrollDown
                ))
    };
    let mut help = None;
    for scope in specific.into_iter().chain(global) {
        for b in bindings(scope).filter(|b| !rare(b)) {
            let first = b.keys[0].name();
            if b.action == Action::Help {
                help.get_or_insert_with(|| first.clone());
            }
            match entries.last_mut() {
                Some((keys, label)) if *label == b.label => {
                    keys.push('/');
                    keys.push_str(&first);
                }
                _ => entries.push((first, b.label)),
            }
        }
    }
    let shown = fitting(&entries, usize::from(area.width), help.as_deref());
    let mut spans = vec![Span::raw(" ")];
    for (keys, label) in shown {
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The entries that fit whole in `width`, in order; when not all do, the last place goes to
/// the help key with "more" (every key is on the help screen), so no hint is ever cut.
fn fitting<'a>(
    entries: &'a [(String, &'a str)],
    width: usize,
    help: Option<&'a str>,
) -> Vec<(&'a str, &'a str)> {
    let size = |keys: &str, label: &str| keys.chars().count() + 1 + label.chars().count() + 2;
    let all: usize = 1 + entries.iter().map(|(k, l)| size(k, l)).sum::<usize>();
    if all <= width {
        return entries.iter().map(|(k, l)| (k.as_str(), *l)).collect();
    }
    let more = help.map_or(0, |h| size(h, "more"));
    let mut used = 1 + more;
    let mut shown = Vec::new();
    for (keys, label) in entries {
        // The help entry itself gives way to "more", which says the same and more.
        if Some(keys.as_str()) == help {
            continue;
        }
        let needed = size(keys, label);
        if used + needed > width {
            break;
        }
        used += needed;
        shown.push((keys.as_str(), *label));
    }
    if let Some(help) = help {
        shown.push((help, "more"));
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_are_whole_and_the_help_key_says_more_when_not_all_fit() {
        let entries: Vec<(String, &str)> = [
            ("Enter", "its lines"),
            ("r", "rows"),
            ("c", "columns"),
            ("?", "help"),
            ("Esc", "table"),
        ]
        .map(|(k, l)| (k.to_string(), l))
        .to_vec();
        let all = fitting(&entries, 200, Some("?"));
        assert_eq!(all.len(), 5, "all fit: as they are");
        let some = fitting(&entries, 36, Some("?"));
        assert_eq!(
            some,
            [("Enter", "its lines"), ("r", "rows"), ("?", "more")],
            "whole hints, then ? more"
        );
        let width: usize = 1 + some
            .iter()
            .map(|(k, l)| k.len() + l.len() + 3)
            .sum::<usize>();
        assert!(width <= 36);
    }
}
