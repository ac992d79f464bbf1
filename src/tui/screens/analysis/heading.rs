//! The lines over an analysis (the pivot, the comparison): its status (what it is of, whether a
//! pass runs, the file) and which filters of the table its rows were kept by.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::explore::Filter;
use crate::printable::printable;
use crate::tui::job::Job;
use crate::tui::state::State;
use crate::tui::theme::Theme;

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
fn busy(state: &State, doing: &str) -> Span<'static> {
    const SPIN: [&str; 4] = ["|", "/", "-", "\\"];
    Span::styled(
        format!("  {doing}… {}", SPIN[state.spinner % SPIN.len()]),
        state.theme.accent(),
    )
}

/// The status line: the analysis's `name` and `title`, `more` after them, the spinner while
/// `job` runs a pass that is `doing` something, and the file.
pub fn status(
    state: &State,
    (name, title, more): (&str, &str, Option<String>),
    (job, doing): (Job, &str),
    file: &std::path::Path,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &state.theme;
    let mut spans = vec![
        Span::styled(format!(" {name} "), theme.accent()),
        Span::raw(printable(title)),
    ];
    if let Some(more) = more {
        spans.push(Span::styled(format!("  {more}"), theme.muted()));
    }
    if job.is_running() {
        spans.push(busy(state, doing));
    }
    spans.push(Span::styled(
        format!("  {}", printable(&file.display().to_string())),
        theme.muted(),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A sentence drawn where the analysis would be (it is being made, or there is none).
pub fn instead(text: impl Into<String>, theme: &Theme, frame: &mut Frame, area: Rect) {
    frame.render_widget(
        Paragraph::new(Span::styled(text.into(), theme.muted())),
        area,
    );
}
