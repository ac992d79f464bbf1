//! How the pivot screen answers keys and the news of its task.

use std::sync::Arc;

use super::{ColumnChoice, GridLine, Made, PivotState, first_cells};
use crate::explore::{Bucket, DateColumn, Filter, MOST_LEVELS, Pivot, RowOrder};
use crate::export::{delimited, pivot_header, pivot_records};
use crate::tui::clipboard::{CLIPBOARD_LIMIT, too_large_to_copy};
use crate::tui::dialogs::{ColumnPick, Overlay, PickFor};
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crate::tui::screens::analysis::choices::{line_step, pick_key, picker_columns};
use crate::tui::screens::analysis::outcome::{Drill, Then, leave};
use crate::tui::screens::table::account_names::AccountNames;

/// The sizes `n` offers for the top rows, in turn.
const TOPS: [Option<usize>; 4] = [None, Some(5), Some(10), Some(20)];

impl PivotState {
    /// Makes the pivot again for the choices as they are now.
    pub fn remake(&mut self) -> Effect {
        self.doing = "adding up";
        Effect::RunPivot {
            id: self.job.start(()),
            file: self.file.clone(),
            spec: Box::new(self.spec()),
        }
    }

    /// Orders the rows of the pivot shown anew, off the screen's thread (a pivot of many
    /// rows takes a while to sort and lay out); no new pass over the file.
    fn reorder(&mut self, pivot: Arc<Pivot>) -> Effect {
        self.doing = "sorting";
        Effect::ReorderPivot {
            id: self.job.start(()),
            pivot,
            order: self.order,
            rows: self.rows.clone(),
            decimals: self.measure.decimals(),
        }
    }

    /// A pivot made (or re-ordered) by job `id`; news of an older job is dropped.
    pub fn on_done(
        &mut self,
        id: u64,
        result: Result<Box<Made>, String>,
        size: (u16, u16),
        names: &AccountNames,
    ) -> Vec<Effect> {
        if !self.job.take(id) {
            return Vec::new();
        }
        match result {
            Ok(mut made) => {
                made.fit_names(names, &self.rows);
                let mut said = made.pivot.warnings();
                said.extend(made.pivot.gaps.iter().cloned());
                // Else what was said as the pass began (what a report's run did) stays.
                let note = self.note.take();
                self.note = (!said.is_empty()).then(|| said.join("; ") + ".").or(note);
                // The order was changed while the pass ran: the rows are put in it next.
                let again = (made.order != self.order).then(|| self.reorder(made.pivot.clone()));
                self.show(*made);
                self.follow(size);
                again.into_iter().collect()
            }
            Err(e) => {
                self.made = None;
                self.chart = None;
                self.error = Some(e);
                Vec::new()
            }
        }
    }

    /// A key no binding took: typed into the picker's field, when it is open.
    pub fn type_key(&mut self, key: crossterm::event::KeyEvent) {
        if let Some(pick) = &mut self.picking {
            pick.type_key(key);
        }
    }

    /// A key's action.
    pub fn on_action(&mut self, action: Action, size: (u16, u16)) -> Then {
        if self.picking.is_some() {
            let purpose = self.picking.as_ref().map(|p| p.purpose);
            let effects = match (pick_key(&mut self.picking, action), purpose) {
                (Some(columns), Some(PickFor::PivotRows)) => match &self.columns {
                    ColumnChoice::Values(across) if columns.contains(across) => {
                        self.note = Some(format!(
                            "The columns are by {across} already: rows by it too would \
                                 say nothing. Choose other columns first."
                        ));
                        Vec::new()
                    }
                    _ => {
                        self.rows = columns.join(",");
                        vec![self.remake()]
                    }
                },
                (Some(columns), Some(_)) => {
                    let chosen = columns.into_iter().next().unwrap_or_default();
                    if self.rows.split(',').any(|r| r == chosen) {
                        self.note = Some(format!(
                            "The rows are by {chosen} already: columns by it too would say \
                             nothing. Choose other rows first."
                        ));
                        Vec::new()
                    } else {
                        self.columns = match chosen.as_str() {
                            "month" => ColumnChoice::Time(Bucket::Month),
                            "quarter" => ColumnChoice::Time(Bucket::Quarter),
                            "year" => ColumnChoice::Time(Bucket::Year),
                            _ => ColumnChoice::Values(chosen),
                        };
                        self.left = 0;
                        vec![self.remake()]
                    }
                }
                _ => Vec::new(),
            };
            return Then::Stay(effects);
        }
        let fit = self.areas(size).lines_fit();
        let mut effects = Vec::new();
        self.note = None;
        if let Some(step) = line_step(action, fit) {
            self.move_lines(step);
            self.follow(size);
            return Then::Stay(effects);
        }
        match action {
            Action::Back if self.chart.is_some() => self.chart = None,
            Action::Back | Action::Quit => return leave(&mut self.job),
            Action::Left => self.column = self.column.saturating_sub(1),
            Action::Right => {
                let last = self.made.as_ref().map_or(0, |m| m.pivot.columns.len());
                self.column = (self.column + 1).min(last);
            }
            Action::NextRows => {
                let choices = picker_columns(self.file.headers(), &self.row_choices);
                let now = self.rows_label();
                self.picking = Some(ColumnPick::new(
                    PickFor::PivotRows,
                    choices,
                    now,
                    MOST_LEVELS,
                ));
            }
            // Only offered (PivotLevels) when the rows are on levels.
            Action::Fold | Action::FoldAll => {
                if let Some(made) = &mut self.made {
                    if action == Action::Fold {
                        if let Some(line) = made.toggle(self.line) {
                            self.line = line;
                        }
                    } else {
                        made.toggle_all();
                        self.line = first_cells(&made.lines, 0, true).unwrap_or(0);
                    }
                    self.follow(size);
                }
            }
            Action::NextColumns => {
                let first: Vec<String> = self
                    .column_choices
                    .iter()
                    .map(ColumnChoice::label)
                    .collect();
                let choices = picker_columns(self.file.headers(), &first);
                let now = self.columns.label();
                self.picking = Some(ColumnPick::new(PickFor::PivotColumns, choices, now, 1));
            }
            Action::SwitchDate => {
                self.date = match self.date {
                    DateColumn::ServicePeriod => DateColumn::BillDate,
                    DateColumn::BillDate => DateColumn::ServicePeriod,
                };
                if matches!(self.columns, ColumnChoice::Time(_)) {
                    effects.push(self.remake());
                } else {
                    self.note = Some(format!(
                        "Dates now come from the {}; they count once the columns are months, quarters or years.",
                        self.date_name()
                    ));
                }
            }
            Action::Measure => {
                self.measure = self.measure.next();
                effects.push(self.remake());
            }
            Action::CellShow => {
                self.cells = self.cells.next();
                self.note = Some(match self.cells.words() {
                    Some((_, words)) => format!(
                        "Cells as {words}. Saving and copying keep the amounts, with each row's share_pct and credit_share_pct."
                    ),
                    None => "Cells as amounts again.".to_string(),
                });
            }
            Action::TopRows => {
                let at = TOPS.iter().position(|t| *t == self.top).unwrap_or(0);
                self.top = TOPS[(at + 1) % TOPS.len()];
                effects.push(self.remake());
            }
            Action::Sort => {
                self.order = match self.order {
                    RowOrder::Total => RowOrder::Name,
                    RowOrder::Name => RowOrder::Last,
                    RowOrder::Last => RowOrder::Total,
                };
                // While a pass runs, its answer is put in the new order when it comes.
                if let (Some(made), false) = (&self.made, self.job.is_running()) {
                    effects.push(self.reorder(made.pivot.clone()));
                }
            }
            Action::Chart => match (&self.made, self.chart) {
                (_, Some(_)) => self.chart = None,
                (Some(made), None) if made.pivot.over_time() && made.pivot.columns.len() >= 2 => {
                    self.chart = self.unit_at_cursor();
                }
                (Some(made), None) if made.pivot.over_time() => {
                    self.note = Some(format!(
                        "A trend needs two {}s or more; these rows fall in one.",
                        self.columns.label()
                    ));
                }
                (Some(_), None) => {
                    self.note = Some(
                        "A trend needs months, quarters or years as the columns: press c.".into(),
                    );
                }
                (None, None) => {}
            },
            Action::NextPane | Action::PrevPane => {
                let units = self.made.as_ref().map_or(0, |m| m.pivot.units.len());
                if let (Some(unit), true) = (self.chart, units > 0) {
                    let unit = if action == Action::NextPane {
                        (unit + 1) % units
                    } else {
                        (unit + units - 1) % units
                    };
                    self.chart = Some(unit);
                    self.cursor_to_unit(unit);
                }
            }
            Action::Copy => {
                if let Some(made) = &self.made {
                    let columns = made.pivot.columns.len() + 10;
                    let rows: usize = made.pivot.units.iter().map(|u| u.rows.len()).sum();
                    // Each cell is two bytes at the least: past the clipboard's limit, it is
                    // said before anything is made.
                    if rows.saturating_mul(columns).saturating_mul(2) > CLIPBOARD_LIMIT {
                        self.note = Some(too_large_to_copy("the pivot"));
                    } else {
                        let header = pivot_header(&made.pivot, &self.rows, self.measure);
                        let records = pivot_records(&made.pivot, self.measure);
                        effects.push(Effect::CopyText {
                            what: "the pivot",
                            text: delimited(&header, records, b'\t'),
                        });
                    }
                }
            }
            Action::Drill => {
                if let Some((filters, what)) = self.drill() {
                    return Then::Drill(Drill {
                        filters,
                        what,
                        sort: None,
                    });
                }
            }
            _ => {}
        }
        self.follow(size);
        Then::Stay(effects)
    }

    fn date_name(&self) -> &'static str {
        match self.date {
            DateColumn::ServicePeriod => "service period",
            DateColumn::BillDate => "bill date",
        }
    }

    /// Moves the cursor `by` grid lines that hold cells (headings and gaps are stepped over).
    fn move_lines(&mut self, by: isize) {
        let Some(made) = &self.made else { return };
        let lines = &made.lines;
        let wanted = self
            .line
            .saturating_add_signed(by)
            .min(lines.len().saturating_sub(1));
        self.line = if by >= 0 {
            first_cells(lines, wanted, true).or_else(|| first_cells(lines, wanted, false))
        } else {
            first_cells(lines, wanted, false).or_else(|| first_cells(lines, wanted, true))
        }
        .unwrap_or(self.line);
    }

    /// Puts the cursor on the first row of currency section `unit`.
    fn cursor_to_unit(&mut self, unit: usize) {
        if let Some(made) = &self.made
            && let Some(at) = made
                .lines
                .iter()
                .position(|l| matches!(*l, GridLine::Row(u, _) | GridLine::Total(u) if u == unit))
        {
            self.line = at;
        }
    }

    /// The filters that keep exactly the rows behind the highlighted cell (the pivot's own
    /// first), and words for them.
    fn drill(&self) -> Option<(Vec<Filter>, String)> {
        let made = self.made.as_ref()?;
        let line = *made.lines.get(self.line)?;
        if !line.holds_cells() {
            return None;
        }
        let unit = line.unit()?;
        let section = made.pivot.units.get(unit)?;
        let (row, key) = match line {
            GridLine::Row(_, r) => (Some(r), section.rows.get(r)?.key().into_owned()),
            _ => (None, format!("every {}", self.rows_label())),
        };
        let column = (self.column < made.pivot.columns.len()).then_some(self.column);
        let label = column
            .and_then(|c| made.labels.get(c))
            .map_or_else(|| "total".to_string(), Clone::clone);
        let mut filters = self.base.clone();
        filters.extend(made.pivot.drill(unit, row, column));
        let what = format!("{key} · {label} · {}", section.unit);
        Some((filters, what))
    }
}
