//! The line over an analysis (the pivot, the comparison) that says which filters of the table
//! its rows were kept by, and the spinner of a pass that is running.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::explore::Filter;
use crate::printable::printable;
use crate::tui::state::State;

/// `Of the rows kept by [account ~ acme] [lineItemType ~ USAGE]`.
pub fn draw(state: &State, headers: &[String], filters: &[Filter], frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let mut spans = vec![Span::styled("  Of the rows kept by ", theme.muted())];
    for filter in filters {
        let scope = filter.column.map_or_else(
            || "any column".to_string(),
            |c| headers.get(c).cloned().unwrap_or_default(),
        );
        spans.push(Span::styled(
            format!("[{} {}] ", printable(&scope), printable(&filter.relation())),
            theme.key(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// `  adding up… /`: what a running pass is doing, turning as the screen ticks.
pub fn busy(state: &State, doing: &str) -> Span<'static> {
    const SPIN: [&str; 4] = ["|", "/", "-", "\\"];
    Span::styled(
        format!("  {doing}… {}", SPIN[state.spinner % SPIN.len()]),
        state.theme.accent(),
    )
}
