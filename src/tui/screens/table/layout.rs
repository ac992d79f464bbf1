//! Where the table view's parts go, for a given terminal size. Drawing and the keys that move
//! by a page both ask here, so "a page" is always the rows that were drawn.

use ratatui::layout::{Constraint, Layout, Rect};

/// Wide enough for the totals beside the table rather than below it.
const TOTALS_BESIDE: u16 = 110;

/// The smallest terminal the table view is drawn in.
pub const MIN_SIZE: (u16, u16) = (60, 15);

/// The rectangles of the table view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableAreas {
    pub status: Rect,
    /// The line of filters in force, when there are any.
    pub filters: Option<Rect>,
    pub table: Rect,
    pub totals: Option<Rect>,
    pub footer: Rect,
}

impl TableAreas {
    pub fn of(area: Rect, totals: bool, filters: bool) -> TableAreas {
        let [status, chips, main, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(u16::from(filters)),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let (table, totals) = match totals {
            false => (main, None),
            true if main.width >= TOTALS_BESIDE => {
                let [t, s] =
                    Layout::horizontal([Constraint::Fill(1), Constraint::Length(74)]).areas(main);
                (t, Some(s))
            }
            true => {
                let [t, s] =
                    Layout::vertical([Constraint::Fill(1), Constraint::Percentage(45)]).areas(main);
                (t, Some(s))
            }
        };
        TableAreas {
            status,
            filters: filters.then_some(chips),
            table,
            totals,
            footer,
        }
    }

    /// For a terminal of `size`.
    pub fn for_size(size: (u16, u16), totals: bool, filters: bool) -> TableAreas {
        TableAreas::of(Rect::new(0, 0, size.0, size.1), totals, filters)
    }

    /// How many rows of the file fit: the table less its border, its header and the line kept
    /// for a question or a note.
    pub fn rows_fit(&self) -> u64 {
        u64::from(self.table.height.saturating_sub(4)).max(1)
    }

    /// How many lines of totals fit: the pane less its border and its heading.
    pub fn totals_fit(&self) -> usize {
        self.totals
            .map_or(0, |t| usize::from(t.height.saturating_sub(3)))
            .max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smallest_table_still_shows_rows_and_totals() {
        let areas = TableAreas::for_size(MIN_SIZE, true, true);
        assert!(areas.rows_fit() >= 2, "{areas:?}");
        assert!(areas.totals_fit() >= 2, "{areas:?}");
        assert_eq!(areas.filters.map(|f| f.height), Some(1));
    }
}
