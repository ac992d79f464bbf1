//! Where the table view's parts go, for a given terminal size. Drawing and the keys that move
//! by a page both ask here, so "a page" is always the rows that were drawn.

use ratatui::layout::{Constraint, Layout, Rect};

/// Wide enough for the totals beside the table rather than below it.
const TOTALS_BESIDE: u16 = 110;

/// The rectangles of the table view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableAreas {
    pub status: Rect,
    pub table: Rect,
    pub totals: Option<Rect>,
    pub footer: Rect,
}

impl TableAreas {
    pub fn of(area: Rect, totals: bool) -> TableAreas {
        let [status, main, footer] = Layout::vertical([
            Constraint::Length(1),
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
            table,
            totals,
            footer,
        }
    }

    /// For a terminal of `size`.
    pub fn for_size(size: (u16, u16), totals: bool) -> TableAreas {
        TableAreas::of(Rect::new(0, 0, size.0, size.1), totals)
    }

    /// How many rows of the file fit: the table less its border, its header and the line kept
    /// for a question or a note.
    pub fn rows_fit(&self) -> u64 {
        u64::from(self.table.height.saturating_sub(4)).max(1)
    }
}
