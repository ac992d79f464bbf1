//! Where each pane of the builder goes, for a given terminal size. Shared by drawing and by
//! mouse handling, so a click lands where the pane was drawn.

use ratatui::layout::{Constraint, Layout, Rect};

use super::{Fetch, Submission};
use crate::tui::layout::fits;
use crate::tui::state::State;

/// The rectangles of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub status: Rect,
    pub dates: Rect,
    pub types: Rect,
    pub dimensions: Rect,
    pub options: Rect,
    pub body: Rect,
    pub result: Rect,
    pub footer: Rect,
    /// A short terminal: the body preview and the result share one pane (`body` and `result`
    /// are the same rectangle), the result shown while it has news.
    pub shared: bool,
}

impl Areas {
    /// The layout for `area`, or `None` when it is too small to be usable.
    pub fn compute(area: Rect, state: &State) -> Option<Areas> {
        if !fits(state, (area.width, area.height)) {
            return None;
        }
        let wide = area.width >= 110 && area.height >= 30;
        let shared = area.height < 24;
        let [status, main, result, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(if shared {
                0
            } else {
                result_height(state, wide)
            }),
            Constraint::Length(1),
        ])
        .areas(area);
        // Wide: three columns (dates, dimensions and options; types; body). Narrow: two
        // (dates and types; dimensions, options and body).
        let (dates, types, dimensions, options, body) = if wide {
            let [left, types, body] = Layout::horizontal([
                Constraint::Length(40),
                Constraint::Length(38),
                Constraint::Fill(1),
            ])
            .areas(main);
            let [dates, dimensions, options] = Layout::vertical([
                Constraint::Length(6),
                Constraint::Fill(1),
                Constraint::Length(5),
            ])
            .areas(left);
            (dates, types, dimensions, options, body)
        } else {
            let [left, right] =
                Layout::horizontal([Constraint::Length(38), Constraint::Fill(1)]).areas(main);
            let [dates, types] =
                Layout::vertical([Constraint::Length(6), Constraint::Fill(1)]).areas(left);
            let [dimensions, options, body] = Layout::vertical([
                Constraint::Length(4),
                Constraint::Length(5),
                Constraint::Fill(1),
            ])
            .areas(right);
            (dates, types, dimensions, options, body)
        };
        Some(Areas {
            status,
            dates,
            types,
            dimensions,
            options,
            body,
            result: if shared { body } else { result },
            footer,
            shared,
        })
    }
}

/// Whether the result has more to say than how to submit.
pub fn result_has_news(state: &State) -> bool {
    !matches!(state.result.fetch, Fetch::Idle)
        || !matches!(state.result.submission, Submission::Idle)
        || state.notice.is_some()
}

/// The result pane grows when it has news.
fn result_height(state: &State, wide: bool) -> u16 {
    match (result_has_news(state), wide) {
        (true, true) => 9,
        (true, false) => 8,
        (false, _) => 4,
    }
}

/// How many rows of the types pane list types (the last lines say what the highlighted type
/// means).
pub fn types_list_rows(pane: Rect) -> usize {
    usize::from(pane.height.saturating_sub(2 + 2))
}
