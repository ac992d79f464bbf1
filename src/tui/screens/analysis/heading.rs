//! The lines over an analysis (the pivot, the comparison): its status (what it is of, whether a
//! pass runs, the file) and which filters of the table its rows were kept by.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::explore::Filter;
use crate::printable::{cut_at_word, printable};
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
/// `job` runs a pass that is `doing` something, and the file. Where it is too narrow, the file
/// goes first, then the title is cut after a whole word: nothing is cut mid-word.
pub fn status(
    state: &State,
    (name, title, more): (&str, &str, Option<String>),
    (job, doing): (Job, &str),
    file: &std::path::Path,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &state.theme;
    let name = format!(" {name} ");
    let more = more.map(|m| format!("  {m}")).unwrap_or_default();
    let busy = job.is_running().then(|| busy(state, doing));
    let path = format!("  {}", printable(&file.display().to_string()));
    let width = usize::from(area.width);
    let count = |text: &str| text.chars().count();
    let fixed = count(&name) + count(&more) + busy.as_ref().map_or(0, |b| b.width());
    let title = printable(title);
    let shown_path = fixed + count(&title) + count(&path) <= width;
    let title = cut_at_word(&title, width.saturating_sub(fixed));
    let mut spans = vec![
        Span::styled(name, theme.accent()),
        Span::raw(title),
        Span::styled(more, theme.muted()),
    ];
    spans.extend(busy);
    if shown_path {
        spans.push(Span::styled(path, theme.muted()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A sentence drawn where the analysis would be (it is being made, or there is none).
pub fn instead(text: impl Into<String>, theme: &Theme, frame: &mut Frame, area: Rect) {
    frame.render_widget(
        Paragraph::new(Span::styled(text.into(), theme.muted())),
        area,
    );
}
