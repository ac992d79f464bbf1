//! The trend of a pivot's rows over time, for one currency: the largest rows and the others
//! as lines over the buckets, with a zero line that credits fall below. Drawn with ratatui's
//! `Chart`, the one of its charts that takes negative values.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{
    Axis, Block, BorderType, Borders, Chart, Dataset, GraphType, LegendPosition, Paragraph,
};

use super::{LINES, PivotState};
use crate::explore::group_thousands;
use crate::printable::printable;
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::state::State;

/// Each line's look: a colour, and a marker that tells it apart without colour.
const LOOKS: [(Color, Marker, &str); LINES + 1] = [
    (Color::Cyan, Marker::Braille, "⠿"),
    (Color::Yellow, Marker::Dot, "•"),
    (Color::Green, Marker::Block, "█"),
    (Color::Magenta, Marker::Bar, "▄"),
    (Color::Blue, Marker::HalfBlock, "▀"),
    (Color::Gray, Marker::Quadrant, "▚"),
];

pub fn draw(state: &State, view: &PivotState, unit: usize, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let Some(made) = &view.made else { return };
    let Some(section) = made.pivot.units.get(unit) else {
        return;
    };
    let units = made.pivot.units.len();
    let title = format!(
        " Trend of {} by {}, {}{} ",
        view.measure.label(),
        view.rows,
        printable(&section.unit),
        if section.rows.len() > LINES {
            format!(": top {LINES} and the others")
        } else {
            String::new()
        }
    );
    let hint = if units > 1 {
        format!(
            " {} next {} ({} of {units})  {} the grid ",
            key(Scope::PivotChart, Action::NextPane),
            view.measure.unit_word(),
            unit + 1,
            key(Scope::PivotChart, Action::Chart)
        )
    } else {
        format!(" {} the grid ", key(Scope::PivotChart, Action::Chart))
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.muted())
        .title(Span::styled(title, theme.accent()))
        .title_bottom(Span::styled(hint, theme.muted()));
    let buckets = made.pivot.columns.len();
    if buckets < 2 {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(
            Paragraph::new(Span::styled(
                "A trend needs two buckets or more; these rows fall in one.",
                theme.muted(),
            )),
            inner,
        );
        return;
    }
    let rows: &[crate::explore::PivotRow] = made.tops.get(unit).map_or(&[], Vec::as_slice);
    let series: Vec<Vec<(f64, f64)>> = rows
        .iter()
        .map(|row| {
            row.cells
                .dense(buckets)
                .enumerate()
                .map(|(i, c)| (i as f64, c.net().as_f64()))
                .collect()
        })
        .collect();
    let negative = series.iter().flatten().any(|(_, y)| *y < 0.0);
    let largest = series
        .iter()
        .flatten()
        .map(|(_, y)| y.abs())
        .fold(0.0, f64::max);
    let top = nice(largest * 1.05);
    let last = (buckets - 1) as f64;
    let zero = [(0.0, 0.0), (last, 0.0)];

    let mut datasets = Vec::new();
    if negative {
        datasets.push(
            Dataset::default()
                .graph_type(GraphType::Line)
                .marker(Marker::Braille)
                .style(theme.muted())
                .data(&zero),
        );
    }
    for (i, (row, points)) in rows.iter().zip(&series).enumerate() {
        let (color, marker, glyph) = LOOKS[i.min(LINES)];
        let style = if theme.color {
            Style::new().fg(color)
        } else {
            Style::new()
        };
        let marker = if theme.color { Marker::Braille } else { marker };
        let name: String = state
            .account_label(&view.rows, &row.key())
            .chars()
            .take(24)
            .collect();
        datasets.push(
            Dataset::default()
                .name(format!("{glyph} {}", printable(&name)))
                .graph_type(GraphType::Line)
                .marker(marker)
                .style(style)
                .data(points),
        );
    }
    let unit_name = printable(&section.unit);
    let amount = |v: f64| -> String {
        let whole = group_thousands(&format!("{:.0}", v.abs()));
        let sign = if v < 0.0 { "-" } else { "" };
        format!("{sign}{whole} {unit_name}")
    };
    let (bounds, y_labels) = if negative {
        ([-top, top], vec![amount(-top), amount(0.0), amount(top)])
    } else {
        (
            [0.0, top],
            vec![amount(0.0), amount(top / 2.0), amount(top)],
        )
    };
    let inner_width = area.width.saturating_sub(2);
    let (length, places) = x_axis(buckets, usize::from(inner_width / 12));
    let x_labels: Vec<String> = places
        .into_iter()
        .map(|place| place.map_or_else(String::new, |i| made.pivot.columns[i].clone()))
        .collect();
    let chart = Chart::new(datasets)
        .block(block)
        .x_axis(
            Axis::default()
                .style(theme.muted())
                .bounds([0.0, length as f64])
                .labels(x_labels),
        )
        .y_axis(
            Axis::default()
                .style(theme.muted())
                .bounds(bounds)
                .labels(y_labels),
        )
        .legend_position(Some(LegendPosition::TopLeft))
        .hidden_legend_constraints((
            ratatui::layout::Constraint::Percentage(60),
            ratatui::layout::Constraint::Percentage(60),
        ));
    frame.render_widget(chart, area);
}

/// A round number at least `value`: 1, 2, 2.5 or 5 times a power of ten.
fn nice(value: f64) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|v| *v >= value)
        .unwrap_or(10.0 * power)
}

/// Where the x axis ends and which buckets get a label. The chart spreads its labels evenly
/// from one end of the axis to the other, so the labels must fall on buckets: the axis may
/// run up to two buckets past the last one (unlabelled) for that, at most `room` labels.
fn x_axis(buckets: usize, room: usize) -> (usize, Vec<Option<usize>>) {
    let steps = buckets.saturating_sub(1);
    if steps == 0 {
        return (1, vec![Some(0), None]);
    }
    let most = room.saturating_sub(1).clamp(1, steps);
    let fewest = most.min(3);
    let found = (0..=2).find_map(|extra| {
        let length = steps + extra;
        (fewest..=most)
            .rev()
            .find(|parts| length.is_multiple_of(*parts))
            .map(|parts| (length, parts))
    });
    let (length, parts) = found.unwrap_or((steps, 1));
    let labels = (0..=parts)
        .map(|i| Some(i * length / parts).filter(|b| *b < buckets))
        .collect();
    (length, labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fall_on_buckets_the_axis_spreads_them_to() {
        // Twelve months: eleven steps, which no count of labels divides; the axis runs one
        // step further, unlabelled.
        let (length, labels) = x_axis(12, 8);
        assert_eq!(length, 12);
        assert_eq!(
            labels,
            [Some(0), Some(2), Some(4), Some(6), Some(8), Some(10), None]
        );
        assert_eq!(x_axis(13, 8).1.len(), 7);
        assert_eq!(x_axis(7, 10), (6, (0..7).map(Some).collect()));
        assert_eq!(x_axis(2, 10), (1, vec![Some(0), Some(1)]));
        assert_eq!(x_axis(1, 10), (1, vec![Some(0), None]));
        assert_eq!(x_axis(40, 3).1.len(), 3);
    }
    #[test]
    fn the_axis_ends_on_a_round_number() {
        assert_eq!(nice(0.0), 1.0);
        assert_eq!(nice(3.2), 5.0);
        assert_eq!(nice(1050.0), 2000.0);
        assert_eq!(nice(230_000.0), 250_000.0);
    }
}
