//! Where the pivot screen's parts go. The view draws by it and the keys that move by a page or
//! scroll the columns ask it, so a page is always what was drawn.

use ratatui::layout::{Constraint, Layout, Rect};

use super::PivotState;

/// Cells between columns.
pub const GAP: u16 = 2;

/// The widest sparkline: one cell per bucket, the latest ones when there are more.
pub const TREND_MAX: u16 = 24;

/// The rectangles of the pivot screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PivotAreas {
    pub status: Rect,
    /// The table's filters the pivot covers, when there are any.
    pub filters: Option<Rect>,
    /// The grid (or the chart) with its border.
    pub main: Rect,
    /// What the highlighted cell is made of.
    pub detail: Rect,
    pub footer: Rect,
}

impl PivotAreas {
    pub fn for_size(size: (u16, u16), filters: bool) -> PivotAreas {
        let [status, chips, main, detail, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(u16::from(filters)),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(Rect::new(0, 0, size.0, size.1));
        PivotAreas {
            status,
            filters: filters.then_some(chips),
            main,
            detail,
            footer,
        }
    }

    /// Grid lines that fit under the header, inside the border.
    pub fn lines_fit(&self) -> usize {
        usize::from(self.main.height.saturating_sub(3)).max(1)
    }

    /// The grid's width inside the border.
    pub fn inner_width(&self) -> u16 {
        self.main.width.saturating_sub(2)
    }
}

impl PivotState {
    pub fn areas(&self, size: (u16, u16)) -> PivotAreas {
        PivotAreas::for_size(size, !self.base.is_empty())
    }

    /// How wide the sparkline is drawn (zero for a pivot that is not over time, or too narrow
    /// a screen).
    pub fn trend_width(&self, inner: u16) -> u16 {
        let Some(made) = &self.made else { return 0 };
        if !made.pivot.over_time() || made.pivot.columns.len() < 2 || inner < 70 {
            return 0;
        }
        (made.pivot.columns.len() as u16).min(TREND_MAX)
    }

    /// The bucket columns drawn in `inner` cells, from `left` on: at least one.
    pub fn visible_columns(&self, inner: u16) -> std::ops::Range<usize> {
        let Some(made) = &self.made else { return 0..0 };
        let trend = self.trend_width(inner);
        let fixed =
            made.label_width + if trend > 0 { trend + GAP } else { 0 } + made.total_width + GAP;
        let room = inner.saturating_sub(fixed);
        let left = self.left.min(made.widths.len().saturating_sub(1));
        let mut used = 0u16;
        let mut end = left;
        while end < made.widths.len() {
            let w = made.widths[end] + GAP;
            if used + w > room && end > left {
                break;
            }
            used += w;
            end += 1;
        }
        left..end
    }

    /// Scrolls so the cursor's line and column are drawn on a screen of `size`.
    pub fn follow(&mut self, size: (u16, u16)) {
        let areas = self.areas(size);
        // The heading above the first row of a currency stays in view with it.
        let heading_above = self.made.as_ref().is_some_and(|made| {
            self.line
                .checked_sub(1)
                .and_then(|above| made.lines.get(above))
                .is_some_and(|l| matches!(l, super::GridLine::Heading(_)))
        });
        self.top_line = crate::tui::screens::analysis::choices::keep_in_view(
            self.line,
            self.top_line,
            areas.lines_fit(),
            heading_above,
        );
        let buckets = self.made.as_ref().map_or(0, |m| m.widths.len());
        if self.column >= buckets {
            return;
        }
        if self.column < self.left {
            self.left = self.column;
        }
        let inner = areas.inner_width();
        while self.left < self.column && !self.visible_columns(inner).contains(&self.column) {
            self.left += 1;
        }
    }
}
