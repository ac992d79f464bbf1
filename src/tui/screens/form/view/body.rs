//! The request body pane: exactly what will be sent, and every problem in plain words.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::json::highlight;
use super::pane::pane_block;
use crate::query::{BillQuery, DatesAs, Problem, QueryDraft, draft_to_json};
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::state::State;

pub fn draw(
    state: &State,
    draft: &QueryDraft,
    problems: &[Problem],
    query: Option<&BillQuery>,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &state.theme;
    let heading = Line::from(" Request body ");
    let block = pane_block(heading, false, !problems.is_empty(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let mut lines: Vec<Line> = Vec::new();
    if problems.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("✓ ready: ", theme.ok()),
            Span::styled(
                format!("{} sends exactly this", key(Scope::Always, Action::Submit)),
                theme.muted(),
            ),
        ]));
        // What is sent as typed but is worth a second look (a name m3ter does not document).
        if let Some(query) = query {
            for warning in query.warnings() {
                lines.push(Line::styled(
                    format!(
                        "⚠ {}",
                        crate::tui::screens::form::result::sentence(&warning)
                    ),
                    theme.error(),
                ));
            }
        }
    } else {
        lines.push(Line::styled(
            format!("✗ {} to fix before sending:", count(problems.len())),
            theme.error(),
        ));
        for p in problems {
            lines.push(Line::styled(format!("• {}", p.message), theme.error()));
        }
    }
    lines.push(Line::raw(""));
    lines.extend(highlight(&preview(draft, query, state.now), theme));
    // Scrolling stops with the last line still in view.
    let scroll = state
        .builder
        .body_scroll
        .min(lines.len().saturating_sub(1) as u16);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 problem".to_string()
    } else {
        format!("{n} problems")
    }
}

/// The body as it would be sent: exactly the query's JSON when the draft is valid (`query`),
/// and as close to it as the draft allows when it is not. Always valid JSON.
pub fn preview(draft: &QueryDraft, query: Option<&BillQuery>, now: DateTime<Utc>) -> String {
    match query {
        Some(query) => query.to_json_pretty(),
        None => draft_to_json(draft, DatesAs::ResolvedAt(now)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::validate;
    use crate::query::{DateInput, parse_date_time};
    use serde_json::Value;

    #[test]
    fn an_invalid_draft_still_previews_as_json_in_the_api_order() {
        let draft = QueryDraft {
            dates: DateInput::Typed {
                start: Some("2026-10-01".into()),
                end: Some("soon".into()),
            },
            limit: Some("lots".into()),
            ..QueryDraft::default()
        };
        let now = parse_date_time("2026-11-27").unwrap();
        let text = preview(&draft, validate(&draft, now).ok().as_ref(), now);
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["startDate"], "2026-10-01T00:00:00Z");
        assert_eq!(value["endDate"], "soon");
        assert_eq!(value["limit"], "lots");
        assert!(text.find("startDate") < text.find("lineItemTypes"));
    }
}
