//! Left-aligned, unwrapped lines drawn straight into the buffer.
//!
//! The table view redraws a screenful of CSV cells on every key. Through `Paragraph`, every
//! character went through grapheme segmentation, which was most of the cost of a redraw
//! (`cargo bench --bench draw`). Bill data is nearly all printable ASCII, where one byte is one
//! cell, so such spans are copied byte by byte; anything else goes the general way.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// Lines drawn from the top of the area, one per row, cut at its right edge.
pub struct PlainLines<'a>(pub &'a [Line<'a>]);

impl Widget for PlainLines<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        for (line, y) in self.0.iter().zip(area.top()..area.bottom()) {
            let mut x = area.left();
            for span in &line.spans {
                let room = area.right().saturating_sub(x);
                if room == 0 {
                    break;
                }
                let style = line.style.patch(span.style);
                let text = span.content.as_ref();
                if text.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
                    let count = text.len().min(usize::from(room));
                    let start = buf.index_of(x, y);
                    for (cell, i) in buf.content[start..start + count].iter_mut().zip(0..) {
                        cell.set_symbol(&text[i..=i]).set_style(style);
                    }
                    // `count` is at most `room`, a u16.
                    x += count as u16;
                } else {
                    x = buf.set_stringn(x, y, text, usize::from(room), style).0;
                    // A wide character that did not fit ends the line, as in a Paragraph.
                    if span.width() > usize::from(room) {
                        break;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Style};
    use ratatui::text::Span;
    use ratatui::widgets::Paragraph;

    /// The same lines through `Paragraph` and through `PlainLines` give the same cells.
    #[test]
    fn draws_what_a_paragraph_draws() {
        let lines = vec![
            Line::from(vec![
                Span::styled("Acme Corp ", Style::new().fg(Color::Cyan)),
                Span::raw("  1,234.50 "),
                Span::styled("█████", Style::new().fg(Color::Green)),
                Span::raw(" 12%"),
            ]),
            Line::styled("Zürich 日本 and a tab\there", Style::new().fg(Color::Red)),
            Line::raw("a line much longer than the area is wide, cut at its edge"),
            // A wide character with one cell left ends the line.
            Line::from(vec![Span::raw("abcdefghijklmnopqrstuvw日"), Span::raw("x")]),
        ];
        let area = Rect::new(2, 1, 24, 4);
        let mut expected = Buffer::empty(Rect::new(0, 0, 30, 6));
        Paragraph::new(lines.clone()).render(area, &mut expected);
        let mut got = Buffer::empty(Rect::new(0, 0, 30, 6));
        PlainLines(&lines).render(area, &mut got);
        assert_eq!(got, expected);
    }

    #[test]
    fn an_area_past_the_buffer_draws_nothing_outside_it() {
        let lines = vec![Line::raw("abcdef")];
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        PlainLines(&lines).render(Rect::new(2, 0, 10, 3), &mut buf);
        assert_eq!(buf, Buffer::with_lines(["  ab"]));
    }
}
