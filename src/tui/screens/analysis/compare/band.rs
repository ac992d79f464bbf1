//! Against a baseline, the highlighted line's story as bars: the net of each baseline period,
//! the band they span, their mean, and B, on one scale with zero marked, so a jump reads at a
//! glance and the numbers stay beside the bars. Only drawn; the numbers are the comparison's.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

use super::{CompareState, ListLine};
use crate::explore::{Amount, CompareLine, Comparison};
use crate::printable::printable;
use crate::tui::state::State;

/// The columns a bar's label takes (`2026-08 `, `band    `).
const LABEL: usize = 9;

/// Where the chart of the highlighted line goes: beside the list (this wide) on a wide screen,
/// else below it (this tall).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandPlace {
    Right(u16),
    Below(u16),
}

/// The screen width from which the chart goes beside the list rather than below it.
const BAND_BESIDE_FROM: u16 = 140;

/// Where the chart of the highlighted line goes on a screen `width` wide whose list has
/// `height` rows, when it is open and there is a baseline to chart.
pub fn place(view: &CompareState, width: u16, height: u16) -> Option<BandPlace> {
    let periods = view.made.as_ref()?.baseline.as_ref()?.periods.len();
    if !view.band {
        return None;
    }
    if width >= BAND_BESIDE_FROM {
        return Some(BandPlace::Right((width * 3 / 8).clamp(44, 64)));
    }
    // Below, at most half the list's rows, and at least the band, mean and B with room.
    let wanted = wanted_height(periods).min(height / 2);
    (wanted >= 7).then_some(BandPlace::Below(wanted))
}

/// The rows the chart wants for `periods` baseline periods: where the bars start, one each,
/// then the band, the mean, B and the sentence (two rows), inside a border.
pub fn wanted_height(periods: usize) -> u16 {
    u16::try_from(periods + 6 + 2).unwrap_or(u16::MAX)
}

/// A bar's cells on a scale: from where zero is to where the value is, in `width` cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scale {
    low: i128,
    high: i128,
    width: usize,
}

impl Scale {
    /// A scale holding zero and every value; when every value is positive and they differ
    /// by less than half the largest, it starts above zero (half their spread below the
    /// smallest), so a band of close months is not one cell wide. The chart says so.
    fn of(values: impl Iterator<Item = Amount>, width: usize) -> Scale {
        let (mut low, mut high) = (i128::MAX, i128::MIN);
        for v in values {
            low = low.min(v.millionths());
            high = high.max(v.millionths());
        }
        if low > high {
            return Scale {
                low: 0,
                high: 0,
                width,
            };
        }
        let spread = high - low;
        let low = match low > 0 && spread < high / 2 {
            true => low - spread / 2,
            false => low.min(0),
        };
        Scale {
            low,
            high: high.max(0),
            width,
        }
    }

    /// Where the bars start when not at zero.
    fn floor(&self) -> Option<Amount> {
        (self.low > 0).then(|| Amount::from_millionths(self.low))
    }

    /// The cell `value` falls in, 0..=width.
    fn at(&self, value: Amount) -> usize {
        let span = (self.high - self.low).max(1);
        let from_low = (value.millionths() - self.low).clamp(0, span);
        // Exact integers: the span is at most about 2 * 10^36, times a width under 2^16.
        let cells = from_low.saturating_mul(self.width as i128) / span;
        usize::try_from(cells).unwrap_or(self.width)
    }

    /// The cells a bar from zero to `value` covers, at least one for a value that is not zero.
    fn bar(&self, value: Amount) -> (usize, usize) {
        let (zero, end) = (self.at(Amount::ZERO), self.at(value));
        let (from, to) = (zero.min(end), zero.max(end));
        if from == to && value != Amount::ZERO {
            return match value.is_negative() {
                true => (from.saturating_sub(1), to),
                false => (from, (to + 1).min(self.width)),
            };
        }
        (from, to)
    }
}

/// A row: its label, then `width` cells with `fill` over `cells` and spaces elsewhere, then
/// the amount.
fn row(label: &str, cells: (usize, usize), fill: char, width: usize, amount: String) -> String {
    let bar: String = (0..width)
        .map(|c| match c >= cells.0 && c < cells.1 {
            true => fill,
            false => ' ',
        })
        .collect();
    format!(" {label:<w$}{bar} {amount}", w = LABEL - 1)
}

/// The highlighted line and its currency, when it is a line of a comparison held against a
/// baseline.
fn highlighted(view: &CompareState) -> Option<(&Comparison, &CompareLine, &str)> {
    let made = view.made.as_ref().filter(|m| m.baseline.is_some())?;
    let ListLine::Key(u, i) = *view.lines.get(view.line)? else {
        return None;
    };
    let unit = made.units.get(u)?;
    Some((made, unit.lines.get(i)?, unit.unit.as_str()))
}

/// The chart's text, `height` rows at most inside the border and `width` columns wide: the
/// latest periods first cut when they do not all fit.
fn rows(
    made: &Comparison,
    line: &CompareLine,
    decimals: u32,
    (width, height): (usize, usize),
) -> Vec<(String, Option<bool>)> {
    let Some(baseline) = &made.baseline else {
        return Vec::new();
    };
    let present: Vec<Amount> = baseline
        .periods
        .iter()
        .zip(line.each.iter())
        .filter(|(p, _)| !baseline.missing.contains(p))
        .map(|(_, net)| *net)
        .collect();
    let (mean, b) = (line.a.net(), line.b.net());
    let low = present.iter().min().copied();
    let high = present.iter().max().copied();
    let amount_width = present
        .iter()
        .chain([&mean, &b])
        .map(|a| a.format(decimals).len())
        .max()
        .unwrap_or(0);
    // Past fifty cells a bar is harder to read against its amount, not easier.
    let bars = width.saturating_sub(LABEL + 1 + amount_width).clamp(4, 50);
    let scale = Scale::of(present.iter().copied().chain([mean, b]), bars);
    let amount = |a: Amount| format!("{:>amount_width$}", a.format(decimals));
    let mut out: Vec<(String, Option<bool>)> = Vec::new();
    // The periods, as many of the latest as fit beside the band, mean, B and sentence.
    let room = height.saturating_sub(5);
    let periods: Vec<(&crate::explore::Period, &Amount)> =
        baseline.periods.iter().zip(line.each.iter()).collect();
    let floor = scale
        .floor()
        .map(|f| format!(" bars start at {}", f.format(decimals)));
    let room = room.saturating_sub(usize::from(floor.is_some()));
    let cut = periods.len().saturating_sub(room);
    if cut > 0 && room > 0 {
        out.push((format!(" … {} earlier periods", cut + 1), None));
    }
    for (period, net) in periods.iter().skip(cut + usize::from(cut > 0)) {
        let text = match baseline.missing.contains(period) {
            true => format!(
                " {:<w$}not in the file: left out of the mean",
                period.label,
                w = LABEL - 1
            ),
            false => row(&period.label, scale.bar(**net), '█', bars, amount(**net)),
        };
        out.push((text, None));
    }
    if let (Some(low), Some(high)) = (low, high) {
        let (from, to) = (scale.at(low), scale.at(high).max(scale.at(low) + 1));
        out.push((
            row("band", (from, to.min(bars)), '░', bars, String::new()),
            None,
        ));
    }
    out.push((row("mean", scale.bar(mean), '▒', bars, amount(mean)), None));
    let above = line.change > Amount::ZERO;
    out.push((
        row(&made.b.label, scale.bar(b), '█', bars, amount(b)),
        Some(above),
    ));
    let words = match (line.change_pct, low, high) {
        (Some(pct), Some(low), Some(high)) => format!(
            " {} {} the mean ({} %); its periods ran {} to {}",
            line.change.abs().format(decimals),
            if above { "above" } else { "below" },
            pct.abs().format(1),
            low.format(decimals),
            high.format(decimals)
        ),
        _ => " no mean to stray from: new in B".to_string(),
    };
    out.push((words, None));
    if let Some(floor) = floor {
        out.insert(0, (floor, None));
    }
    out
}

/// Draws the chart of the highlighted line in `area`, or what to do for one.
pub fn draw(state: &State, view: &CompareState, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let decimals = view.measure.decimals();
    let title = match highlighted(view) {
        Some((_, line, unit)) => format!(
            " {} · {} against its usual ",
            printable(&line.key),
            printable(unit),
        ),
        None => " against its usual ".to_string(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border(false, false))
        .title(crate::printable::cut(
            &title,
            usize::from(area.width).saturating_sub(2),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let size = (usize::from(inner.width), usize::from(inner.height));
    let lines: Vec<Line> = match highlighted(view) {
        Some((made, line, _)) => rows(made, line, decimals, size)
            .into_iter()
            .map(|(text, b)| {
                let style = match b {
                    Some(true) => theme.error(),
                    Some(false) => theme.ok(),
                    None => Style::default(),
                };
                Line::from(Span::styled(text, style))
            })
            .collect(),
        None => vec![Line::styled(
            " Highlight a line to chart it.",
            theme.muted(),
        )],
    };
    // The closing sentence wraps; the bars fit their width.
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// The chart's text for the highlighted line, as drawn in `size` (for tests).
#[cfg(test)]
pub fn rows_for_test(view: &CompareState, size: (usize, usize)) -> Vec<String> {
    highlighted(view)
        .map(|(made, line, _)| rows(made, line, view.measure.decimals(), size))
        .unwrap_or_default()
        .into_iter()
        .map(|(text, _)| text)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(units: i64) -> Amount {
        Amount::from_millionths(i128::from(units) * 1_000_000)
    }

    #[test]
    fn bars_start_at_zero_and_scale_with_the_value() {
        let scale = Scale::of([amount(100), amount(200)].into_iter(), 20);
        assert_eq!(scale.bar(amount(200)), (0, 20));
        assert_eq!(scale.bar(amount(100)), (0, 10));
        assert_eq!(scale.bar(Amount::ZERO), (0, 0));
    }

    #[test]
    fn a_negative_value_grows_left_of_zero() {
        let scale = Scale::of([amount(-50), amount(150)].into_iter(), 20);
        // Zero at a quarter of the way.
        assert_eq!(scale.at(Amount::ZERO), 5);
        assert_eq!(scale.bar(amount(-50)), (0, 5));
        assert_eq!(scale.bar(amount(150)), (5, 20));
    }

    #[test]
    fn a_tiny_value_still_shows_a_cell() {
        let scale = Scale::of([amount(1_000_000), amount(1)].into_iter(), 10);
        assert_eq!(scale.bar(amount(1)), (0, 1));
    }

    #[test]
    fn close_months_start_above_zero_and_say_so() {
        let scale = Scale::of([amount(226), amount(244), amount(263)].into_iter(), 40);
        // A spread of 37 below half of 263: the bars start 18.5 below the smallest.
        assert_eq!(scale.floor(), Some(Amount::from_millionths(207_500_000)));
        assert_eq!(scale.bar(amount(263)), (0, 40));
        assert!(
            scale.bar(amount(226)).1 < 20,
            "the band is wide enough to read"
        );
    }
}
