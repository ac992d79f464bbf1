//! How the totals pane changes: its grouping and measure turned round, its views made in a
//! task and taken in when they come, its text for the clipboard.

use super::TableState;
use super::totals::{TotalsFrom, TotalsPane, TotalsSource};
use crate::explore::{Grouping, TotalsRow};
use crate::tui::msg::{Effect, Msg};

/// The message the work of a table's effect (its totals made) comes to, done here and now: for
/// tests and benchmarks. `None` for any other effect.
pub fn work(effect: &Effect) -> Option<Msg> {
    match effect {
        Effect::MakeTotals {
            source,
            from,
            measure,
            grouping,
        } => Some(Msg::TotalsMade(*source, from.table(*measure, *grouping))),
        _ => None,
    }
}

impl TableState {
    /// Totals on, or on to the next grouping.
    pub fn next_totals(&mut self) {
        self.totals = Some(self.totals.map_or(Grouping::LineItemType, Grouping::next));
        self.totals_top = 0;
        self.note = self.columns.missing().map(str::to_string);
    }

    /// The next measure of the totals (opening them if they are closed).
    pub fn next_measure(&mut self) {
        if self.totals.is_some() {
            self.measure = self.measure.next();
        }
        self.totals.get_or_insert(Grouping::LineItemType);
        self.totals_top = 0;
        self.note = self
            .columns
            .missing_measure(self.measure)
            .map(str::to_string);
    }

    /// Asks for the totals view to be made again, in a task, if what it shows has changed
    /// since it was made: the grouping, the measure, the filter's rows, or the rows the scan
    /// has added up. A view of another grouping or measure is taken down meanwhile ("Adding
    /// up…"); one of fewer scanned rows stays until the new one comes.
    pub fn refresh_totals(&mut self) -> Option<Effect> {
        let Some(grouping) = self.totals else {
            self.totals_view = None;
            return None;
        };
        let source = self.totals_source(grouping);
        let shown = self.totals_view.as_ref().map(|v| v.made_from);
        if shown == Some(source) {
            return None;
        }
        if shown.is_some_and(|s| {
            (s.grouping, s.measure, s.filtered) != (grouping, self.measure, source.filtered)
        }) {
            self.totals_view = None;
        }
        if self.totals_making.is_some() {
            return None;
        }
        let from = match (&self.filter_totals, self.filtered()) {
            (Some(totals), true) => TotalsFrom::Filtered(totals.clone()),
            // The filter's pass brings its totals.
            (None, true) => return None,
            (_, false) => TotalsFrom::Scan(self.scan.clone()),
        };
        self.totals_making = Some(source);
        Some(Effect::MakeTotals {
            source,
            from,
            measure: self.measure,
            grouping,
        })
    }

    /// What the totals view by `grouping` would be made from now.
    fn totals_source(&self, grouping: Grouping) -> TotalsSource {
        let (scanned, done) = self
            .scan
            .read()
            .map(|p| (p.rows, p.done))
            .unwrap_or_default();
        TotalsSource {
            grouping,
            measure: self.measure,
            filtered: self.filtered().then_some(self.version),
            scanned,
            done,
        }
    }

    /// A totals view made in a task from `source`: shown when it is of the grouping, measure
    /// and rows asked for now (or of fewer scanned rows of them); made again if they changed.
    pub fn on_totals(&mut self, source: TotalsSource, rows: Vec<TotalsRow>) -> Option<Effect> {
        if self.totals_making == Some(source) {
            self.totals_making = None;
        }
        if let Some(grouping) = self.totals {
            let now = self.totals_source(grouping);
            if (source.grouping, source.measure, source.filtered)
                == (now.grouping, now.measure, now.filtered)
            {
                self.totals_top = self.totals_top.min(rows.len().saturating_sub(1));
                self.totals_view = Some(TotalsPane {
                    made_from: source,
                    rows,
                });
            }
        }
        self.refresh_totals()
    }

    /// The totals on screen as tab-separated text (a line per group and currency, amounts
    /// plain), for a spreadsheet; `None` while they are closed.
    pub fn totals_text(&self) -> Option<String> {
        let grouping = self.totals?;
        let view = self.totals_view.as_ref()?;
        let d = self.measure.decimals();
        let mut header: Vec<String> = [
            grouping.label(),
            crate::export::unit_heading(self.measure),
            "net",
        ]
        .map(String::from)
        .to_vec();
        header.extend(crate::export::kind_heading(""));
        header.push("lines".into());
        let records: Vec<Vec<String>> = view
            .rows
            .iter()
            .filter_map(|row| match row {
                crate::explore::TotalsRow::Group(line) => {
                    let mut record = vec![
                        line.group.clone(),
                        line.unit.clone(),
                        line.sum.net().plain(d),
                    ];
                    record.extend(crate::export::kind_cells(&line.sum, d));
                    record.push(line.sum.rows.to_string());
                    Some(record)
                }
                crate::explore::TotalsRow::Unit { .. }
                | crate::explore::TotalsRow::Kinds { .. } => None,
            })
            .collect();
        Some(crate::export::delimited(&header, &records, b'\t'))
    }
}
