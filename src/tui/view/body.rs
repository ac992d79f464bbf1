//! The request body pane: exactly what will be sent, and every problem in plain words.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use serde::Serialize;
use serde_json::Value;

use super::json::highlight;
use super::pane_block;
use crate::query::{
    DateInput, Dimension, Problem, QueryDraft, format_wire, parse_date_time, validate,
};
use crate::tui::state::State;

pub fn draw(state: &State, problems: &[Problem], frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let heading = Line::from(" Request body ");
    let block = pane_block(heading, false, !problems.is_empty(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let mut lines: Vec<Line> = Vec::new();
    if problems.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("✓ ready: ", theme.ok()),
            Span::styled("Ctrl-S sends exactly this", theme.muted()),
        ]));
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
    lines.extend(highlight(&preview(&state.form.draft(), state.now), theme));
    // Scrolling stops with the last line still in view.
    let scroll = state.body_scroll.min(lines.len().saturating_sub(1) as u16);
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

/// The body as it would be sent: exactly the query's JSON when the draft is valid, and as
/// close to it as the draft allows when it is not (typed text kept where it is no date or
/// number yet). Always valid JSON.
pub fn preview(draft: &QueryDraft, now: DateTime<Utc>) -> String {
    if let Ok(query) = validate(draft, now) {
        return query.to_json_pretty();
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Preview<'a> {
        start_date: Option<String>,
        end_date: Option<String>,
        line_item_types: &'a [String],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        dimensions: &'a [Dimension],
        #[serde(skip_serializing_if = "Option::is_none")]
        limit: Option<Value>,
        #[serde(skip_serializing_if = "Option::is_none")]
        version: Option<Value>,
    }
    let date = |text: &Option<String>| {
        text.as_ref().map(|t| {
            parse_date_time(t)
                .map(format_wire)
                .unwrap_or_else(|_| t.clone())
        })
    };
    let (start_date, end_date) = match &draft.dates {
        DateInput::Preset(p) => {
            let (s, e) = p.range(now);
            (Some(format_wire(s)), Some(format_wire(e)))
        }
        DateInput::Typed { start, end } => (date(start), date(end)),
    };
    let number = |text: &Option<String>| {
        text.as_ref().map(|t| {
            t.trim()
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(t.clone()))
        })
    };
    serde_json::to_string_pretty(&Preview {
        start_date,
        end_date,
        line_item_types: &draft.line_item_types,
        dimensions: &draft.dimensions,
        limit: number(&draft.limit),
        version: number(&draft.version),
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let text = preview(&draft, now);
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["startDate"], "2026-10-01T00:00:00Z");
        assert_eq!(value["endDate"], "soon");
        assert_eq!(value["limit"], "lots");
        assert!(text.find("startDate") < text.find("lineItemTypes"));
    }
}
