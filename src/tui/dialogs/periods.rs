//! Choosing the two periods to compare: the pairs a person most often wants, worked out from
//! the months the file covers (the last two whole months first, then the last two whole
//! quarters, then the same month a year before), or any two typed.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui_textarea::TextArea;

use super::overlay::{Intent, Overlay};
use chrono::{Datelike, NaiveDate};

use crate::explore::Period;
use crate::printable::printable;
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::theme::Theme;
use crate::tui::widgets::{frame, line_input};

/// A pair of periods offered, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub a: Period,
    pub b: Period,
    pub why: &'static str,
}

/// The chooser: the offers, and a line to type two periods on (the last).
#[derive(Debug)]
pub struct PeriodChooser {
    pub offers: Vec<Offer>,
    pub cursor: usize,
    pub typed: TextArea<'static>,
    pub note: Option<String>,
    /// The months the rows fall in, said when there is no pair to offer.
    covers: String,
    /// The day relative names typed (`month-2 last-month`) are resolved as of.
    today: NaiveDate,
}

/// A month number (`year * 12 + month - 1`) as its period.
fn month(n: i64) -> Period {
    Period::month(n.div_euclid(12) as i32, n.rem_euclid(12) as u32 + 1)
}

impl PeriodChooser {
    /// The offers for a file whose dates fall in `months` (month numbers, in order), as of
    /// `today`, whose month is under way and not whole yet.
    pub fn offer(months: &[i64], today: NaiveDate) -> PeriodChooser {
        let now = month_number(today);
        let whole: Vec<i64> = months.iter().copied().filter(|m| *m < now).collect();
        let mut offers = Vec::new();
        match (whole.as_slice(), months) {
            ([.., a, b], _) => offers.push(Offer {
                a: month(*a),
                b: month(*b),
                why: "the last two whole months in the file",
            }),
            (_, [.., a, b]) => offers.push(Offer {
                a: month(*a),
                b: month(*b),
                why: "the last two months in the file (the last one still under way)",
            }),
            _ => {}
        }
        // A quarter is offered as whole only when the file has lines in each of its three
        // months, all past: June alone is not the second quarter, and its sum against the
        // third's would show every account "expanded".
        let quarter_of = |m: i64| m.div_euclid(3);
        let held = |q: i64| (q * 3..q * 3 + 3).all(|m| whole.contains(&m));
        if let Some(last) = whole
            .iter()
            .rev()
            .map(|m| quarter_of(*m))
            .find(|q| held(*q))
            .filter(|q| held(q - 1))
        {
            let first = last * 3;
            let b = Period::quarter(first.div_euclid(12) as i32, first.rem_euclid(12) as u32 + 1);
            offers.push(Offer {
                a: b.shifted_months(-3),
                b,
                why: "the last two whole quarters",
            });
        }
        if let Some(last) = whole.last().filter(|m| whole.contains(&(*m - 12))) {
            offers.push(Offer {
                a: month(last - 12),
                b: month(*last),
                why: "the same month a year before",
            });
        }
        offers.dedup_by(|x, y| x.a == y.a && x.b == y.b);
        let covers = match months {
            [] => String::new(),
            [only] => month(*only).label,
            [first, .., last] => format!("{} to {}", month(*first), month(*last)),
        };
        PeriodChooser {
            offers,
            cursor: 0,
            typed: line_input::with_text(""),
            note: None,
            covers,
            today,
        }
    }

    /// The line to type on.
    fn typing_line(&self) -> usize {
        self.offers.len()
    }

    /// Draws the chooser over `area`.
    pub fn draw_in(&self, theme: &Theme, frame: &mut Frame, area: Rect) {
        let outer = frame::centered(area, 78, self.offers.len() as u16 + 7);
        let block = frame::dialog("Compare which periods?", theme);
        let inner = block.inner(outer);
        frame.render_widget(Clear, outer);
        frame.render_widget(block, outer);
        let mut lines: Vec<Line> = self
            .offers
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let chosen = i == self.cursor;
                let mark = if chosen { "▶ " } else { "  " };
                let style = if chosen {
                    theme.selected()
                } else {
                    theme.plain()
                };
                Line::from(vec![
                    Span::styled(format!("{mark}{} → {}", o.a, o.b), style),
                    Span::styled(format!("  {}", o.why), theme.muted()),
                ])
            })
            .collect();
        if self.offers.is_empty() {
            let why = if self.covers.is_empty() {
                "  The rows have no dates to offer periods from; type two periods.".to_string()
            } else {
                format!("  The rows fall in {} only; type two periods.", self.covers)
            };
            lines.push(Line::styled(why, theme.muted()));
        }
        let typing = self.cursor == self.typing_line();
        lines.push(Line::styled(
            format!(
                "{}Other periods, A then B (2025-09 2025-10, 2025-Q2 2025-Q3, 2025 2026):",
                if typing { "▶ " } else { "  " }
            ),
            if typing { theme.key() } else { theme.muted() },
        ));
        let field_y = inner.y + lines.len() as u16;
        lines.push(Line::raw(""));
        lines.push(match &self.note {
            Some(note) => Line::styled(format!("  {}", printable(note)), theme.error()),
            None => Line::styled(
                format!(
                    "  {} choose  {} cancel",
                    key(Scope::PeriodChooser, Action::Choose),
                    key(Scope::PeriodChooser, Action::Cancel)
                ),
                theme.muted(),
            ),
        });
        frame.render_widget(Paragraph::new(lines), inner);
        if field_y < inner.bottom() {
            frame.render_widget(
                &self.typed,
                Rect::new(inner.x + 4, field_y, inner.width.saturating_sub(4), 1),
            );
        }
    }
}

impl Overlay for PeriodChooser {
    /// The two periods chosen, A then B.
    type Answer = (Period, Period);

    fn on_action(&mut self, action: Action) -> Intent<(Period, Period)> {
        self.note = None;
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(self.typing_line()),
            Action::Cancel => return Intent::Close,
            Action::Choose => {
                if let Some(offer) = self.offers.get(self.cursor) {
                    return Intent::Answer((offer.a.clone(), offer.b.clone()));
                }
                match typed_pair(&line_input::text(&self.typed), self.today) {
                    Ok(pair) => return Intent::Answer(pair),
                    Err(why) => self.note = Some(why),
                }
            }
            _ => {}
        }
        Intent::Stay
    }

    /// A key no binding took: typed on the last line, which it moves to.
    fn type_key(&mut self, key: KeyEvent) {
        self.cursor = self.typing_line();
        line_input::input(&mut self.typed, key);
    }

    fn paste(&mut self, text: &str) {
        self.cursor = self.typing_line();
        line_input::paste(&mut self.typed, text, false);
    }
}

/// The month `day` is in, as `year * 12 + month - 1`.
pub fn month_number(day: NaiveDate) -> i64 {
    i64::from(day.year()) * 12 + i64::from(day.month0())
}

/// Two periods typed as `A B` (or `A to B`, `A → B`), checked; a relative name
/// (`month-2 last-month`) means its period as of `today`.
pub fn typed_pair(text: &str, today: NaiveDate) -> Result<(Period, Period), String> {
    let parts: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '→')
        .filter(|p| !p.is_empty() && !p.eq_ignore_ascii_case("to"))
        .collect();
    let [a, b] = parts[..] else {
        return Err("Type two periods, A then B: 2025-09 2025-10.".into());
    };
    // The messages start with what was typed: never re-cased.
    let a = Period::resolve(a, today).map_err(|e| crate::printable::as_typed(&e.to_string()))?;
    let b = Period::resolve(b, today).map_err(|e| crate::printable::as_typed(&e.to_string()))?;
    if a.overlaps(&b) {
        return Err(format!(
            "{a} and {b} overlap: a line in both would count twice."
        ));
    }
    Ok((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(c: &PeriodChooser) -> Vec<String> {
        c.offers
            .iter()
            .map(|o| format!("{} {} {}", o.a, o.b, o.why))
            .collect()
    }

    const fn m(year: i64, month: i64) -> i64 {
        year * 12 + month - 1
    }

    /// A day in `year-month`.
    fn day(year: i32, month: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, 15).unwrap()
    }

    #[test]
    fn whole_months_and_quarters_come_first_the_month_under_way_never() {
        // The file runs from 2025-10 to 2026-11, and today is in 2026-11.
        let months: Vec<i64> = (m(2025, 10)..=m(2026, 11)).collect();
        let c = PeriodChooser::offer(&months, day(2026, 11));
        assert_eq!(
            labels(&c),
            [
                "2026-09 2026-10 the last two whole months in the file",
                "2026-Q2 2026-Q3 the last two whole quarters",
                "2025-10 2026-10 the same month a year before",
            ]
        );
    }

    #[test]
    fn a_quarter_the_file_holds_in_part_is_never_offered_as_whole() {
        // June to November, today in December: Q2 holds only June, so no quarter pair.
        let months: Vec<i64> = (m(2026, 6)..=m(2026, 11)).collect();
        let c = PeriodChooser::offer(&months, day(2026, 12));
        assert_eq!(
            labels(&c),
            ["2026-10 2026-11 the last two whole months in the file"]
        );
        // April to November: Q2 and Q3 both whole.
        let months: Vec<i64> = (m(2026, 4)..=m(2026, 11)).collect();
        let c = PeriodChooser::offer(&months, day(2026, 12));
        assert!(labels(&c).contains(&"2026-Q2 2026-Q3 the last two whole quarters".to_string()));
    }

    #[test]
    fn a_file_of_the_month_under_way_offers_what_it_has() {
        let c = PeriodChooser::offer(&[m(2026, 10), m(2026, 11)], day(2026, 11));
        assert_eq!(
            labels(&c),
            ["2026-10 2026-11 the last two months in the file (the last one still under way)"]
        );
        let c = PeriodChooser::offer(&[], day(2026, 11));
        assert!(c.offers.is_empty() && c.covers.is_empty());
        let c = PeriodChooser::offer(&[m(2026, 11)], day(2026, 12));
        assert!(c.offers.is_empty());
        assert_eq!(c.covers, "2026-11", "said instead of a pair");
    }

    #[test]
    fn typed_periods_are_checked() {
        let mut c = PeriodChooser::offer(&[], day(2026, 11));
        c.typed = line_input::with_text("2025-09 to 2025-10");
        assert_eq!(
            c.on_action(Action::Choose),
            Intent::Answer((
                Period::parse("2025-09").unwrap(),
                Period::parse("2025-10").unwrap()
            ))
        );
        c.typed = line_input::with_text("2025-13 2025-10");
        assert_eq!(c.on_action(Action::Choose), Intent::Stay);
        assert!(c.note.as_ref().unwrap().contains("months run 01 to 12"));
        c.typed = line_input::with_text("2025-Q3 2025-09");
        c.on_action(Action::Choose);
        assert!(c.note.as_ref().unwrap().contains("overlap"));
        c.typed = line_input::with_text("2025-09");
        c.on_action(Action::Choose);
        assert!(c.note.as_ref().unwrap().starts_with("Type two periods"));
        // Relative names mean their periods as of today (in November 2026).
        c.typed = line_input::with_text("month-2 last-month");
        assert_eq!(
            c.on_action(Action::Choose),
            Intent::Answer((Period::month(2026, 9), Period::month(2026, 10)))
        );
    }
}
