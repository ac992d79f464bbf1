//! The comparison: per currency its bridge, then its keys with A, B, the change, the change in
//! percent, the status as a word and a bar that grows left for a decline and right for growth
//! (so it reads without colour too, as do the signs).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use super::super::heading;
use super::band::{self, BandPlace};
use super::{CompareState, ListLine, THRESHOLDS};
use crate::explore::{Amount, Bridge, CompareLine, Comparison, Status};
use crate::printable::printable;
use crate::query::Kind;
use crate::tui::keymap::{Action, Scope, key};
use crate::tui::state::State;
use crate::tui::widgets::chrome;
use crate::tui::widgets::plain_lines::PlainLines;

/// The widest key shown; longer ones are cut.
const KEY_WIDTH: usize = 24;

/// The change in percent's column: `-1,022.0%` fits.
const PCT: usize = 9;

pub fn draw(state: &State, view: &CompareState, frame: &mut Frame) {
    let area = frame.area();
    let [status_area, filters_area, main, detail_area, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(!view.base.is_empty())),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::footer(state, frame, footer);
    status(state, view, frame, status_area);
    if !view.base.is_empty() {
        heading::draw(state, view.file.headers(), &view.base, frame, filters_area);
    }
    match band::place(view, area.width, main.height) {
        Some(BandPlace::Right(width)) => {
            let [list_area, band_area] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Length(width)]).areas(main);
            list(state, view, frame, list_area);
            band::draw(state, view, frame, band_area);
        }
        Some(BandPlace::Below(height)) => {
            let [list_area, band_area] =
                Layout::vertical([Constraint::Fill(1), Constraint::Length(height)]).areas(main);
            list(state, view, frame, list_area);
            band::draw(state, view, frame, band_area);
        }
        None => list(state, view, frame, main),
    }
    detail(state, view, frame, detail_area);
    if let Some(chooser) = &view.chooser {
        chooser.draw_in(&state.theme, frame, area);
    }
}

fn status(state: &State, view: &CompareState, frame: &mut Frame, area: Rect) {
    let title = view.title();
    let what = ("Compare", title.as_str(), None);
    heading::status(
        state,
        what,
        (view.job, "working"),
        view.file.path(),
        frame,
        area,
    );
}

fn list(state: &State, view: &CompareState, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let threshold = match (
        THRESHOLDS.get(view.threshold).copied().flatten(),
        view.against(),
    ) {
        (Some(p), Some(_)) => format!("flagged from {p} % off the mean"),
        (Some(p), None) => format!("changes under {p} % hidden"),
        (None, Some(_)) => format!(
            "nothing flagged ({}: a threshold)",
            key(Scope::Compare, Action::Threshold)
        ),
        (None, None) => "every change".to_string(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.muted())
        .title(Span::styled(
            format!(" {} · {threshold} ", view.shown_words()),
            theme.muted(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(made) = &view.made else {
        let text = match (&view.error, view.job.ticket(), &view.chooser) {
            (Some(e), _, _) => format!(
                "{} Press {} to compare by another column.",
                crate::printable::sentence(e),
                key(Scope::Compare, Action::NextBy)
            ),
            (None, Some(_), None) => "Working…".to_string(),
            _ => String::new(),
        };
        frame.render_widget(
            Paragraph::new(Span::styled(printable(&text), theme.error()))
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    };
    if made.units.is_empty() {
        heading::instead(
            "No line of the rows in view falls in either period.",
            theme,
            frame,
            inner,
        );
        return;
    }
    let columns = Columns::fit(view, inner.width);
    let mut lines = vec![columns.header(state, view, made)];
    let fit = usize::from(inner.height.saturating_sub(1));
    for (i, item) in view.lines.iter().enumerate().skip(view.top_line).take(fit) {
        lines.push(match *item {
            ListLine::Gap => Line::raw(""),
            ListLine::Bridge(u) => Line::styled(
                bridge_words(made, u, view.measure.decimals(), usize::from(inner.width)),
                theme.accent(),
            ),
            ListLine::Hidden(u) => Line::styled(
                format!(
                    "  {} more not shown ({} threshold, {} status, {} top); they count in the totals above",
                    made.units[u].hidden(),
                    key(Scope::Compare, Action::Threshold),
                    key(Scope::Compare, Action::Status),
                    key(Scope::Compare, Action::TopRows)
                ),
                theme.muted(),
            ),
            ListLine::Key(u, k) => columns.line(
                state,
                view,
                &made.units[u].lines[k],
                view.scales.get(u).copied().unwrap_or_default(),
                i == view.line,
            ),
        });
    }
    frame.render_widget(PlainLines(&lines), inner);
}

/// How wide each column is drawn in a given width.
struct Columns {
    key: usize,
    amounts: [usize; 3],
    bar: usize,
}

impl Columns {
    fn fit(view: &CompareState, width: u16) -> Columns {
        let amounts = [
            view.widths[0].max(7),
            view.widths[1].max(7),
            view.widths[2].max(6),
        ];
        // Key, three amounts, the percentage and the status, two cells apart.
        let fixed: usize = amounts.iter().sum::<usize>() + PCT + 10 + 2 * 6;
        let room = usize::from(width).saturating_sub(fixed);
        // The key comes first; a narrow screen keeps a short bar (6 cells) when the key still
        // gets 11, else none.
        let bar = if room >= KEY_WIDTH + 12 {
            room - KEY_WIDTH
        } else if room >= 17 {
            6
        } else {
            0
        };
        let key = room.saturating_sub(bar).clamp(8, KEY_WIDTH);
        Columns { key, amounts, bar }
    }

    fn header(&self, state: &State, view: &CompareState, made: &Comparison) -> Line<'static> {
        let [a, b, c] = self.amounts;
        let key = self.key;
        let bar = if self.bar >= 6 {
            let half = self.bar / 2;
            let (less, more) = if half >= 4 {
                ("less", "more")
            } else {
                ("-", "+")
            };
            format!("{less:>half$}│{more:<half$}")
        } else {
            String::new()
        };
        Line::styled(
            format!(
                "{:<key$}  {:>a$}  {:>b$}  {:>c$}  {:>PCT$}  {:<10}  {bar}",
                cut(&view.by.replace(',', " › "), key),
                made.label_a(),
                made.label_b(),
                if made.baseline.is_some() {
                    "off mean"
                } else {
                    "change"
                },
                if made.baseline.is_some() {
                    "off %"
                } else {
                    "change %"
                },
                if made.baseline.is_some() {
                    "flag"
                } else {
                    "status"
                },
            ),
            state.theme.key(),
        )
    }

    fn line(
        &self,
        state: &State,
        view: &CompareState,
        line: &CompareLine,
        scale: Amount,
        current: bool,
    ) -> Line<'static> {
        let theme = &state.theme;
        let d = view.measure.decimals();
        let [a, b, c] = self.amounts;
        let mut key_style = if line.subtotal.is_some() {
            theme.key()
        } else {
            theme.plain()
        };
        if current {
            key_style = key_style.patch(theme.selected());
        }
        let change_style = if line.change.is_negative() {
            theme.error()
        } else {
            theme.ok()
        };
        let pct = line
            .change_pct
            .map_or_else(|| "-".to_string(), |p| format!("{}%", p.format(1)));
        let status_style = match line.status {
            Status::New | Status::Expanded => theme.ok(),
            Status::Churned | Status::Contracted => theme.error(),
            Status::Flat => theme.muted(),
        };
        let mut spans = vec![
            Span::styled(cut(&label(state, view, line), self.key), key_style),
            Span::raw(format!(
                "  {:>a$}  {:>b$}  ",
                line.a.net().format(d),
                line.b.net().format(d)
            )),
            Span::styled(format!("{:>c$}", line.change.format(d)), change_style),
            Span::raw(format!("  {:>PCT$}  ", cut(&pct, PCT).trim_end())),
            // Against a baseline, which way a line strays says more than its status.
            match line.flag {
                Some(flag) => Span::styled(format!("{:<10}", flag.word()), theme.key()),
                None => Span::styled(format!("{:<10}", line.status.word()), status_style),
            },
        ];
        if self.bar >= 6 {
            let half = self.bar / 2;
            let length = bar_length(line.change, scale, half);
            let (left, right) = if line.change.is_negative() {
                (format!("{:>half$}", "█".repeat(length)), " ".repeat(half))
            } else {
                (" ".repeat(half), format!("{:<half$}", "█".repeat(length)))
            };
            spans.push(Span::raw("  "));
            spans.push(Span::styled(left, theme.error()));
            spans.push(Span::styled("│", theme.muted()));
            spans.push(Span::styled(right, theme.ok()));
        }
        Line::from(spans)
    }
}

/// How many cells of `half` a change fills, against the largest change by size; at least one
/// for any change at all.
fn bar_length(change: Amount, scale: Amount, half: usize) -> usize {
    if scale == Amount::ZERO || change == Amount::ZERO {
        return 0;
    }
    // Scaled down first when the product would not fit: the bar needs no precision.
    let (change, scale) = (change.abs().millionths(), scale.abs().millionths());
    let cells = match change.checked_mul(half as i128) {
        Some(product) => product / scale,
        None => change / (scale / half as i128).max(1),
    };
    usize::try_from(cells).unwrap_or(half).clamp(1, half)
}

/// A currency's bridge in words, shorter when the width asks.
fn bridge_words(made: &Comparison, unit: usize, decimals: u32, width: usize) -> String {
    let u = &made.units[unit];
    let Bridge {
        a,
        new,
        expanded,
        contracted,
        churned,
        b,
    } = u.bridge;
    let f = |x: Amount| x.format(decimals);
    let unit_name = printable(&u.unit);
    let forms = [
        format!(
            "{unit_name}  {} {}  + new {}  + expanded {}  - contracted {}  - churned {}  = {} {}",
            made.a,
            f(a),
            f(new),
            f(expanded),
            f(contracted),
            f(churned),
            made.b,
            f(b)
        ),
        format!(
            "{unit_name}  {}  + new {}  + expanded {}  - contracted {}  - churned {}  = {}",
            f(a),
            f(new),
            f(expanded),
            f(contracted),
            f(churned),
            f(b)
        ),
        // The same words at every width: the narrowest leaves out the steps that are zero.
        {
            let steps = [
                ("+ new", new),
                ("+ expanded", expanded),
                ("- contracted", contracted),
                ("- churned", churned),
            ];
            let mut short = format!("{unit_name} {}", f(a));
            for (word, amount) in steps {
                if amount != Amount::ZERO {
                    short.push_str(&format!(" {word} {}", f(amount)));
                }
            }
            short.push_str(&format!(" = {}", f(b)));
            short
        },
    ];
    let fits = forms.iter().position(|t| t.chars().count() <= width);
    let [long, middle, short] = forms;
    match fits {
        Some(0) => long,
        Some(1) => middle,
        _ => short,
    }
}

/// What the highlighted line is made of, or the note of the moment.
fn detail(state: &State, view: &CompareState, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let line = match (&view.note, &view.made, view.lines.get(view.line)) {
        (Some(note), _, _) => Line::styled(
            format!(
                " {}",
                crate::printable::cut_at_word(
                    &printable(note),
                    usize::from(area.width).saturating_sub(1)
                )
            ),
            theme.error(),
        ),
        (None, Some(made), Some(ListLine::Key(u, k))) => {
            let hint = format!("  {}: these lines", key(Scope::Compare, Action::Drill));
            let room = usize::from(area.width).saturating_sub(hint.chars().count() + 1);
            Line::from(vec![
                Span::raw(format!(
                    " {}",
                    line_words(made, *u, *k, view.measure.decimals(), room)
                )),
                Span::styled(hint, theme.muted()),
            ])
        }
        _ => Line::raw(""),
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// What a line of the comparison is made of, the most that fits in `width`: each kind's A and
/// B when either period has more than one kind (`acme · USD: charges 1,300.00 → 1,450.00 ·
/// credits -66.00 → 0.00 (14 → 12 lines)`), without the line counts if need be, else the
/// line counts alone (`acme · USD: 14 lines in 2026-08, 12 lines in 2026-09`).
pub fn line_words(
    made: &Comparison,
    unit: usize,
    line: usize,
    decimals: u32,
    width: usize,
) -> String {
    let Some(section) = made.units.get(unit) else {
        return String::new();
    };
    let Some(l) = section.lines.get(line) else {
        return String::new();
    };
    let count = |n: u64| format!("{n} {}", if n == 1 { "line" } else { "lines" });
    let name = format!("{} · {}", printable(&l.key), printable(&section.unit));
    let counts = format!(
        "{name}: {} in {}, {} in {}",
        count(l.a.rows),
        made.label_a(),
        count(l.b.rows),
        made.label_b()
    );
    if !(l.a.has_parts() || l.b.has_parts()) {
        return counts;
    }
    let kinds: Vec<String> = Kind::ALL
        .iter()
        .filter(|k| l.a.of(**k) != Amount::ZERO || l.b.of(**k) != Amount::ZERO)
        .map(|k| {
            format!(
                "{} {} → {}",
                k.word(),
                l.a.of(*k).format(decimals),
                l.b.of(*k).format(decimals)
            )
        })
        .collect();
    let pairs = format!("{name}: {}", kinds.join(" · "));
    let with_counts = format!("{pairs} ({} → {} lines)", l.a.rows, l.b.rows);
    [with_counts, pairs]
        .into_iter()
        .find(|words| words.chars().count() <= width)
        .unwrap_or(counts)
}

/// A line's key as the list shows it: with levels, its own level's key indented under its
/// group (`▾ acme`, `  Seats`); an account's name beside its code when the file has none.
fn label(state: &State, view: &CompareState, line: &CompareLine) -> String {
    let by = view.by.as_str();
    let levels = view.made.as_ref().map_or(1, |m| m.levels.len());
    if levels < 2 {
        return printable(&state.account_label(by, &line.key));
    }
    let depth = line.depth(levels);
    let own = line.own_key();
    let column = view
        .made
        .as_ref()
        .and_then(|m| m.levels.get(depth - 1))
        .map_or(by, String::as_str);
    let named = printable(&state.account_label(column, &own));
    let indent = "  ".repeat(depth - 1);
    match line.subtotal {
        Some(_) => format!("{indent}▾ {named}"),
        None => format!("{indent}{named}"),
    }
}

/// `text` cut or padded to `width` cells.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() > width {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        format!("{text:<width$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_grow_with_the_change_and_never_vanish() {
        let amount = |s: &str| Amount::parse(s.as_bytes()).unwrap();
        assert_eq!(bar_length(amount("-50"), amount("50"), 10), 10);
        assert_eq!(bar_length(amount("25"), amount("50"), 10), 5);
        assert_eq!(bar_length(amount("0.01"), amount("50"), 10), 1);
        assert_eq!(bar_length(amount("0"), amount("50"), 10), 0);
        assert_eq!(bar_length(amount("1"), Amount::ZERO, 10), 0);
    }
}
