//! The result pane: how the submit is going, the link, and the fetch.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Gauge, Padding, Paragraph, Wrap};

use crate::printable::printable;
use crate::query::Caveat;
use crate::tui::dialogs::confirm;
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::screens::form::{self, Fetch, Step, Submission};
use crate::tui::state::State;
use crate::tui::theme::Theme;
use crate::units;

const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

/// Draws the result in `area`; `shared` when the pane stands in for the body preview.
pub fn draw(
    state: &State,
    query: Option<&crate::query::BillQuery>,
    frame: &mut Frame,
    area: Rect,
    shared: bool,
) {
    let theme = &state.theme;
    let title = if shared {
        format!(
            " Result ({}/{}: the request body) ",
            key(Scope::Anywhere, Action::ScrollUp),
            key(Scope::Anywhere, Action::ScrollDown)
        )
    } else {
        " Result ".to_string()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.muted())
        .padding(Padding::horizontal(1))
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    // The link comes last: it is long, wraps, and is copied with a key rather than read, so in
    // a short pane the sentences about it stay in view.
    let mut lines = vec![submission_line(state)];
    let link = state.link();
    // Stale only when there is a link.
    if state.result.is_stale(query) {
        lines.push(Line::styled(
            format!(
                "⚠ This link is for the query before your last change: {} fetches that one, {} sends the new one.",
                key(Scope::Link, Action::Fetch),
                key(Scope::Always, Action::Submit)
            ),
            theme.error(),
        ));
    }
    if let Some(notice) = &state.notice {
        let style = if notice.bad {
            theme.error()
        } else {
            theme.ok()
        };
        lines.push(Line::styled(printable(&notice.text), style));
    }
    lines.extend(fetch_lines(state));
    if let Some(link) = link {
        lines.push(Line::from(Span::styled(
            printable(link.as_str()),
            theme.accent(),
        )));
    }

    // The last row is kept for the path being typed or the progress bar.
    let bottom = u16::from(matches!(
        state.result.fetch,
        Fetch::Running { .. } | Fetch::Asking(_)
    ));
    let [text, last] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(bottom)]).areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text);
    match &state.result.fetch {
        Fetch::Running {
            bytes,
            total,
            pieces,
            ..
        } => {
            let ratio = match pieces {
                Some(p) if p.of > 0 => (p.index.saturating_sub(1) as f64 / p.of as f64).min(1.0),
                Some(_) => 0.0,
                None => total
                    .filter(|t| *t > 0)
                    .map_or(0.0, |t| (*bytes as f64 / t as f64).min(1.0)),
            };
            frame.render_widget(
                Gauge::default()
                    .gauge_style(theme.accent())
                    .ratio(ratio)
                    .label(progress_label(state)),
                last,
            );
        }
        Fetch::Asking(path) => {
            let label = "Save as: ";
            let width = label.len() as u16;
            frame.render_widget(
                Paragraph::new(Span::styled(label, theme.key())),
                Rect::new(last.x, last.y, width, 1),
            );
            frame.render_widget(
                &path.0,
                Rect::new(last.x + width, last.y, last.width.saturating_sub(width), 1),
            );
        }
        _ => {}
    }
}

fn submission_line(state: &State) -> Line<'static> {
    let theme = &state.theme;
    let where_to = if state.context.demo {
        "the demo m3ter"
    } else {
        "m3ter"
    };
    match &state.result.submission {
        Submission::Idle => Line::from(vec![
            Span::styled(key(Scope::Always, Action::Submit), theme.key()),
            Span::raw(format!(
                " sends the query to {where_to}; the answer is a link to a CSV file."
            )),
        ]),
        Submission::Running { step } => {
            let spin = SPINNER[state.spinner % SPINNER.len()];
            let what = match step {
                Step::Authenticating => "Getting an access token…".to_string(),
                Step::Sending => "Sending the query…".to_string(),
                Step::FreshToken => "m3ter refused the token; getting a fresh one…".to_string(),
                Step::Throttled { until } => format!(
                    "Waiting {} to stay under m3ter's rate limit…",
                    seconds(state.remaining(*until).as_secs_f64())
                ),
                Step::Retrying {
                    reason,
                    until,
                    attempt,
                } => {
                    format!(
                        "{reason}; retrying in {} (attempt {attempt})…",
                        seconds(state.remaining(*until).as_secs_f64())
                    )
                }
            };
            Line::from(vec![
                Span::styled(format!("{spin} "), theme.accent()),
                Span::raw(what),
            ])
        }
        Submission::Done { .. } => Line::from(vec![
            Span::styled("✓ Download link ready  ", theme.ok()),
            Span::styled(key(Scope::Link, Action::Open), theme.key()),
            Span::raw(" open  "),
            Span::styled(key(Scope::Link, Action::Copy), theme.key()),
            Span::raw(" copy  "),
            Span::styled(key(Scope::Link, Action::Fetch), theme.key()),
            Span::raw(" fetch to a file"),
        ]),
        Submission::Failed { message } => Line::styled(format!("✗ {message}"), theme.error()),
    }
}

fn fetch_lines(state: &State) -> Vec<Line<'static>> {
    let theme: &Theme = &state.theme;
    match &state.result.fetch {
        Fetch::Idle | Fetch::Running { .. } => Vec::new(),
        Fetch::Asking(_) => vec![Line::styled(
            format!(
                "{} fetches{}, {} cancels; a relative path is in {}.",
                key(Scope::PathPrompt, Action::Save),
                if state.result.whole {
                    " every piece of the range into this one file"
                } else {
                    ""
                },
                key(Scope::PathPrompt, Action::Cancel),
                printable(&state.context.folder)
            ),
            theme.muted(),
        )],
        Fetch::Confirming { path } => {
            let mut spans = vec![Span::styled(
                format!(
                    "{} already exists. Replace it{}? ",
                    printable(&path.display().to_string()),
                    if state.result.whole {
                        " with the complete file"
                    } else {
                        ""
                    }
                ),
                theme.error(),
            )];
            spans.extend(confirm::answers(&state.theme));
            vec![Line::from(spans)]
        }
        Fetch::Done {
            path,
            bytes,
            rows,
            caveat,
        } => {
            let size = match rows {
                Some(n) => format!(
                    "{} {}, {}",
                    crate::explore::group_thousands(&n.to_string()),
                    if *n == 1 { "line" } else { "lines" },
                    units::bytes(*bytes)
                ),
                None => units::bytes(*bytes),
            };
            let mut lines = vec![Line::from(vec![
                Span::styled(
                    format!(
                        "✓ Saved {} ({size})  ",
                        printable(&path.display().to_string())
                    ),
                    theme.ok(),
                ),
                Span::styled(key(Scope::Link, Action::OpenView), theme.key()),
                Span::raw(" view it in a table"),
            ])];
            if let Some(caveat) = caveat {
                lines.push(Line::styled(
                    format!("⚠ {}", form::result::sentence(caveat)),
                    theme.error(),
                ));
            }
            if let (Some(Caveat::AtLimit { .. } | Caveat::Unlimited { .. }), Some(sent)) =
                (caveat, &state.result.sent)
            {
                let requests = form::split::requests(sent);
                lines.push(Line::from(vec![
                    Span::styled(key(Scope::Link, Action::FetchSplit), theme.key()),
                    Span::raw(format!(
                        " fetch complete: {requests} requests, about {requests} s (a month each, smaller where still cut)."
                    )),
                ]));
            }
            lines
        }
        Fetch::Failed { message } => vec![Line::styled(format!("✗ {message}"), theme.error())],
        Fetch::Cancelled { kept } => {
            let mut text = "Fetch cancelled; no file was written.".to_string();
            if *kept {
                text.push_str(&format!(
                    " Any pieces fetched are kept: {} goes on from them.",
                    key(Scope::Link, Action::FetchSplit)
                ));
            }
            vec![Line::styled(text, theme.muted())]
        }
    }
}

fn progress_label(state: &State) -> String {
    let Fetch::Running {
        bytes,
        total,
        started,
        pieces,
        ..
    } = &state.result.fetch
    else {
        return String::new();
    };
    if let Some(p) = pieces {
        let piece = if p.index == 0 {
            format!("{} pieces", p.of)
        } else {
            format!("piece {} of {} ({})", p.index, p.of, printable(&p.label))
        };
        return format!(
            "{piece} · {} rows so far · {} stops, keeping the pieces",
            units::count(p.rows),
            key(Scope::Fetching, Action::CancelFetch)
        );
    }
    let elapsed = state
        .clock
        .saturating_duration_since(*started)
        .as_secs_f64();
    let rate = if elapsed > 0.2 {
        *bytes as f64 / elapsed
    } else {
        0.0
    };
    let mut label = match total {
        Some(t) => format!("{} of {}", units::bytes(*bytes), units::bytes(*t)),
        None => units::bytes(*bytes),
    };
    if rate > 0.0 {
        label.push_str(&format!(" · {}/s", units::bytes(rate as u64)));
        if let Some(t) = total {
            let left = t.saturating_sub(*bytes) as f64 / rate;
            label.push_str(&format!(
                " · {} left · {} cancels",
                seconds(left),
                key(Scope::Fetching, Action::CancelFetch)
            ));
        }
    }
    label
}

fn seconds(s: f64) -> String {
    format!("{} s", s.ceil().max(0.0) as u64)
}
