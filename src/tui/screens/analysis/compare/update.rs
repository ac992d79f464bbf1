//! How the comparison answers keys and the news of its passes.

use crossterm::event::KeyEvent;

use super::{BASELINES, CompareState, ListLine, STATUSES, THRESHOLDS, TOPS};
use crate::explore::{
    Baseline, CompareSpec, Comparison, DateColumn, MOST_LEVELS, Period, Provenance,
};
use crate::export::{compare_header, compare_records, delimited};
use crate::tui::clipboard::{CLIPBOARD_LIMIT, too_large_to_copy};
use crate::tui::dialogs::{ColumnPick, Intent, Overlay, PeriodChooser, PickFor};
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crate::tui::screens::analysis::choices::{line_step, pick_key, picker_columns};
use crate::tui::screens::analysis::outcome::{Drill, Then, leave};

impl CompareState {
    /// Finds the months the rows cover, to offer periods.
    pub fn find_months(&mut self) -> Effect {
        Effect::FindMonths {
            id: self.job.start(()),
            file: self.file.clone(),
            date: self.date,
            filters: self.base.clone(),
        }
    }

    /// Compares again for the choices as they are now (nothing before the periods are known).
    fn remake(&mut self) -> Option<Effect> {
        let (a, b) = self.periods.clone()?;
        // Against its usual, A is the span of the periods before B, its sums their mean.
        let (a, baseline) = match self.against().and_then(|n| Baseline::before(&b, n)) {
            Some((span, periods)) => (span, Some(periods)),
            None => (a, None),
        };
        Some(Effect::RunCompare {
            id: self.job.start(()),
            file: self.file.clone(),
            spec: Box::new(CompareSpec {
                by: self.by.clone(),
                a,
                b,
                date: self.date,
                measure: self.measure,
                filters: self.base.clone(),
                select: self.selection(),
                order: self.order,
                baseline,
                // Filled in by the runtime, which can read the history and the clock.
                provenance: Provenance::default(),
            }),
        })
    }

    /// Compares `a` and `b`, chosen elsewhere (two periods fetched from the builder).
    pub fn compare(&mut self, a: Period, b: Period) -> Option<Effect> {
        self.chooser = None;
        self.periods = Some((a, b));
        self.remake()
    }

    /// The months found by job `id`: the periods to offer.
    pub fn on_months(&mut self, id: u64, found: Result<Vec<i64>, String>) -> Option<Effect> {
        if !self.job.take(id) {
            return None;
        }
        match found {
            Ok(months) => {
                // Against its usual, B is the last whole month: nothing to choose.
                let now_month = crate::tui::dialogs::periods::month_number(self.today);
                let last_whole = months.iter().rev().find(|m| **m < now_month);
                if let (Some(_), Some(b), None) = (self.against(), last_whole, &self.periods) {
                    let b = Period::month(b.div_euclid(12) as i32, b.rem_euclid(12) as u32 + 1);
                    return self.compare(b.shifted_months(-1), b);
                }
                self.chooser = Some(PeriodChooser::offer(&months, self.today));
            }
            Err(e) => self.error = Some(e),
        }
        None
    }

    /// A comparison made (or not) by job `id`; news of an older one is dropped.
    pub fn on_done(&mut self, id: u64, result: Result<Box<Comparison>, String>, size: (u16, u16)) {
        if !self.job.take(id) {
            return;
        }
        match result {
            Ok(mut made) => {
                let key = self.key_at_cursor();
                // The gravest first: periods the file holds only in part, or not at all, then
                // amounts left out.
                // Else what was said as the pass began (what a report's run did) stays.
                let note = self.note.take();
                self.note = made
                    .coverage_warning()
                    .or_else(|| made.empty_periods())
                    .or_else(|| made.left_out.first().cloned())
                    .map(|e| crate::printable::sentence(&e))
                    .or(note);
                // The order or what shows may have been changed while the pass ran.
                if made.order != self.order {
                    made.reorder(self.order);
                }
                made.set_selection(self.selection());
                self.made = Some(*made);
                self.error = None;
                self.relist();
                self.cursor_to(key);
                self.follow(size);
            }
            Err(e) => {
                self.made = None;
                self.lines.clear();
                self.error = Some(e);
            }
        }
    }

    /// The currency and key under the cursor.
    fn key_at_cursor(&self) -> Option<(String, String)> {
        let made = self.made.as_ref()?;
        match self.lines.get(self.line)? {
            ListLine::Key(u, i) => {
                let unit = made.units.get(*u)?;
                Some((unit.unit.clone(), unit.lines.get(*i)?.key.clone()))
            }
            _ => None,
        }
    }

    /// Puts the cursor back on a currency's key, if it is still listed.
    fn cursor_to(&mut self, wanted: Option<(String, String)>) {
        let (Some((unit, key)), Some(made)) = (wanted, &self.made) else {
            return;
        };
        if let Some(at) = self.lines.iter().position(|l| match l {
            ListLine::Key(u, i) => {
                made.units[*u].unit == unit && made.units[*u].lines[*i].key == key
            }
            _ => false,
        }) {
            self.line = at;
        }
    }

    /// A key's action.
    pub fn on_action(&mut self, action: Action, size: (u16, u16)) -> Then {
        if self.picking.is_some() {
            let effects = match pick_key(&mut self.picking, action) {
                Some(columns) => {
                    self.by = columns.join(",");
                    self.remake().into_iter().collect()
                }
                None => Vec::new(),
            };
            return Then::Stay(effects);
        }
        if let Some(chooser) = &mut self.chooser {
            return match chooser.on_action(action) {
                Intent::Stay | Intent::Refuse(_) => Then::Stay(Vec::new()),
                Intent::Close if self.periods.is_none() => Then::Close(Vec::new()),
                Intent::Close => {
                    self.chooser = None;
                    Then::Stay(Vec::new())
                }
                Intent::Answer((a, b)) => {
                    self.chooser = None;
                    self.periods = Some((a, b));
                    Then::Stay(self.remake().into_iter().collect())
                }
            };
        }
        let fit = self.lines_fit(size);
        let mut effects = Vec::new();
        self.note = None;
        if let Some(step) = line_step(action, fit) {
            self.move_lines(step);
            self.follow(size);
            return Then::Stay(effects);
        }
        match action {
            Action::Back | Action::Quit => return leave(&mut self.job),
            Action::NextBy => {
                let choices = picker_columns(self.file.headers(), &self.by_choices);
                let now = self.by.replace(',', " › ");
                self.picking = Some(ColumnPick::new(
                    PickFor::CompareBy,
                    choices,
                    now,
                    MOST_LEVELS,
                ));
            }
            Action::Measure => {
                self.measure = self.measure.next();
                effects.extend(self.remake());
            }
            Action::SwitchDate => {
                self.date = match self.date {
                    DateColumn::ServicePeriod => DateColumn::BillDate,
                    DateColumn::BillDate => DateColumn::ServicePeriod,
                };
                effects.extend(self.remake());
            }
            Action::Threshold | Action::TopRows | Action::Status => {
                match action {
                    Action::Threshold => self.threshold = (self.threshold + 1) % THRESHOLDS.len(),
                    Action::TopRows => self.top = (self.top + 1) % TOPS.len(),
                    _ => self.statuses = (self.statuses + 1) % STATUSES.len(),
                }
                let select = self.selection();
                let key = self.key_at_cursor();
                if let Some(made) = &mut self.made {
                    made.set_selection(select);
                }
                self.relist();
                self.cursor_to(key);
                self.note = Some(format!("Showing: {}.", self.shown_words()));
            }
            Action::Baseline => {
                self.baseline = (self.baseline + 1) % BASELINES.len();
                self.note = Some(match self.against() {
                    Some(n) => format!(
                        "B against the mean of the {n} periods before it; {} flags what strays.",
                        crate::tui::keymap::key(
                            crate::tui::keymap::Scope::Compare,
                            Action::Threshold
                        )
                    ),
                    None => "B against A again.".to_string(),
                });
                effects.extend(self.remake());
            }
            Action::Chart if self.made.as_ref().is_some_and(|m| m.baseline.is_some()) => {
                self.band = !self.band;
                self.follow(size);
            }
            Action::Sort => {
                self.order = self.order.next();
                let key = self.key_at_cursor();
                if let Some(made) = &mut self.made {
                    made.reorder(self.order);
                }
                self.relist();
                self.cursor_to(key);
                self.note = Some(format!("Showing: {}.", self.shown_words()));
            }
            Action::Periods => effects.push(self.find_months()),
            Action::Copy => {
                if let Some(made) = &self.made {
                    let lines: usize = made.units.iter().map(|u| u.lines.len()).sum();
                    // Each of a line's 19 cells is two bytes at the least: past the
                    // clipboard's limit, it is said before anything is made.
                    if lines.saturating_mul(19 * 2) > CLIPBOARD_LIMIT {
                        self.note = Some(too_large_to_copy("the comparison"));
                    } else {
                        let header = compare_header(made, &self.by, self.measure);
                        let records = compare_records(made, self.measure);
                        effects.push(Effect::CopyText {
                            what: "the comparison",
                            text: delimited(&header, records, b'\t'),
                        });
                    }
                }
            }
            Action::Drill => {
                if let Some(drill) = self.drill() {
                    return Then::Drill(drill);
                }
            }
            _ => {}
        }
        self.follow(size);
        Then::Stay(effects)
    }

    /// A key no binding took: typed into the picker's or the chooser's field, when open.
    pub fn type_key(&mut self, key: KeyEvent) {
        if let Some(pick) = &mut self.picking {
            pick.type_key(key);
        } else if let Some(chooser) = &mut self.chooser {
            chooser.type_key(key);
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(pick) = &mut self.picking {
            pick.paste(text);
        } else if let Some(chooser) = &mut self.chooser {
            chooser.paste(text);
        }
    }

    /// List lines that fit on a screen of `size`: all but the title, header, border, status,
    /// detail and footer lines.
    pub fn lines_fit(&self, size: (u16, u16)) -> usize {
        let filters = u16::from(!self.base.is_empty());
        let main = size.1.saturating_sub(3 + filters);
        let below = match super::band::place(self, size.0, main) {
            Some(super::band::BandPlace::Below(height)) => height,
            _ => 0,
        };
        usize::from(main.saturating_sub(3 + below)).max(1)
    }

    /// Scrolls so the cursor's line is drawn.
    pub fn follow(&mut self, size: (u16, u16)) {
        // A currency's bridge stays in view with its first line.
        let bridge_above = self
            .line
            .checked_sub(1)
            .and_then(|above| self.lines.get(above))
            .is_some_and(|l| matches!(l, ListLine::Bridge(_)));
        self.top_line = crate::tui::screens::analysis::choices::keep_in_view(
            self.line,
            self.top_line,
            self.lines_fit(size),
            bridge_above,
        );
    }

    /// Moves the cursor `by` key lines (bridges, notes and gaps are stepped over).
    fn move_lines(&mut self, by: isize) {
        if self.lines.is_empty() {
            return;
        }
        let wanted = self
            .line
            .saturating_add_signed(by)
            .min(self.lines.len() - 1);
        let found = if by >= 0 {
            self.first_key(wanted, true)
                .or_else(|| self.first_key(wanted, false))
        } else {
            self.first_key(wanted, false)
                .or_else(|| self.first_key(wanted, true))
        };
        self.line = found.unwrap_or(self.line);
    }

    /// The rows behind the highlighted line, in A then B.
    fn drill(&self) -> Option<Drill> {
        let made = self.made.as_ref()?;
        let ListLine::Key(u, i) = *self.lines.get(self.line)? else {
            return None;
        };
        let unit = made.units.get(u)?;
        let line = unit.lines.get(i)?;
        let mut filters = self.base.clone();
        filters.extend(made.drill(u, Some(i)));
        // A's rows first, whichever of the two periods is the earlier.
        let downwards = made.a.bounds().0 > made.b.bounds().0;
        let date = self
            .date
            .find(self.file.headers())
            .map(|column| (column, downwards));
        Some(Drill {
            filters,
            what: format!("{} · {}, {} then {}", line.key, unit.unit, made.a, made.b),
            sort: date,
        })
    }
}
