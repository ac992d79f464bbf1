//! Which days an answer by period covers, so that a period the file holds only in part (June
//! alone of a quarter, the month still running) is never taken for a whole one.
//!
//! What is known comes first from the request the tool made for the file (its range), else
//! from the span of the service periods in the data; either way no later than today.

use chrono::{Days, NaiveDate};

use super::period::{Period, day_date, day_number};

/// What is known of a file besides its lines: the range it was asked for, and today.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The days the file was asked for (`[start, end)`), when the tool fetched it.
    pub requested: Option<(NaiveDate, NaiveDate)>,
    /// Today in UTC: no data covers a day after it, so the month still running is "to date".
    pub today: Option<NaiveDate>,
}

/// Where the covered days were learned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The range of the query the tool made for the file.
    Request,
    /// The first and last service days in the data.
    Data,
}

/// The days the data covers: `[from, to)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub source: Source,
    /// Whether `to` is tomorrow: the data runs up to today.
    pub to_today: bool,
}

/// How much of a period the data covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Covered {
    Whole,
    /// Only `[from, to)` of it: its start cut when `from` is after the period's start, its
    /// end when `to` is before the period's end; `to_date` when that part runs up to today.
    Part {
        from: NaiveDate,
        to: NaiveDate,
        start_cut: bool,
        end_cut: bool,
        to_date: bool,
    },
    /// None of it.
    Nothing,
}

/// The days a file's lines span while they are read: the first and last dates of a column,
/// and the latest end of a service period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Span {
    first_day: Option<u32>,
    last_day: Option<u32>,
    /// The latest end of a service period (the first day after it).
    last_end: Option<u32>,
}

impl Span {
    /// Notes a line's date and, for a service period, its end.
    pub(super) fn note(&mut self, date: &[u8], end: Option<&[u8]>) {
        if let Some(day) = day_number(date) {
            self.first_day = Some(self.first_day.map_or(day, |d| d.min(day)));
            self.last_day = Some(self.last_day.map_or(day, |d| d.max(day)));
        }
        if let Some(end) = end.and_then(day_number) {
            self.last_end = Some(self.last_end.map_or(end, |d| d.max(end)));
        }
    }

    pub(super) fn merge(&mut self, other: Span) {
        let pick = |a: Option<u32>, b: Option<u32>, later: bool| match (a, b) {
            (Some(a), Some(b)) => Some(if later { a.max(b) } else { a.min(b) }),
            (a, b) => a.or(b),
        };
        self.first_day = pick(self.first_day, other.first_day, false);
        self.last_day = pick(self.last_day, other.last_day, true);
        self.last_end = pick(self.last_end, other.last_end, true);
    }

    /// The first and last dates (as day numbers), when there are any.
    pub(super) fn first_and_last(&self) -> Option<(u32, u32)> {
        self.first_day.zip(self.last_day)
    }

    /// The days spanned: the first, and the day after the last (or the latest end of a
    /// service period, when later).
    pub(super) fn days(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = day_date(self.first_day?)?;
        let after_last = day_date(self.last_day?)?.succ_opt()?;
        let end = self
            .last_end
            .and_then(day_date)
            .map_or(after_last, |e| e.max(after_last));
        Some((first, end))
    }
}

impl Coverage {
    /// What `provenance` says, else the data's span of days (`first` and the day after
    /// `last`); `None` when neither is known. Never past today. A request whose range does
    /// not hold the data's span is not the file's story (the file was changed since, or its
    /// lines run past what was asked): the data's span is used then.
    pub fn new(provenance: Provenance, span: Option<(NaiveDate, NaiveDate)>) -> Option<Coverage> {
        let (from, to, source) = match (provenance.requested, span) {
            (Some((from, to)), None) => (from, to, Source::Request),
            (Some((from, to)), Some((first, end))) if from <= first && end <= to => {
                (from, to, Source::Request)
            }
            (_, Some((from, to))) => (from, to, Source::Data),
            (None, None) => return None,
        };
        let tomorrow = provenance
            .today
            .and_then(|t| t.checked_add_days(Days::new(1)));
        let (to, to_today) = match tomorrow {
            Some(tomorrow) if to > tomorrow => (tomorrow.max(from), true),
            _ => (to, false),
        };
        Some(Coverage {
            from,
            to,
            source,
            to_today,
        })
    }

    /// How much of `period` is covered.
    pub fn of(&self, period: &Period) -> Covered {
        let (start, end) = period.bounds();
        let (from, to) = (start.max(self.from), end.min(self.to));
        if from >= to {
            Covered::Nothing
        } else if (from, to) == (start, end) {
            Covered::Whole
        } else {
            Covered::Part {
                from,
                to,
                start_cut: from > start,
                end_cut: to < end,
                to_date: self.to_today && to == self.to,
            }
        }
    }

    /// The covered days and how they are known, for people: `asked for 2026-06-01 to
    /// 2026-11-30` (the request) or `service periods 2026-06-01 to 2026-11-30` (the data).
    pub fn said(&self) -> String {
        let last = self.to.pred_opt().unwrap_or(self.to);
        match self.source {
            Source::Request => format!("asked for {} to {last}", self.from),
            Source::Data => format!("service periods {} to {last}", self.from),
        }
    }
}

impl Covered {
    /// Whether the period is covered only in part.
    pub fn partial(&self) -> bool {
        !matches!(self, Covered::Whole)
    }

    /// A mark for a period's label (`from 06-01`, `to date`, `to 08-14`, `06-03 to 06-20`,
    /// `not in the file`), or `None` for a whole one. Days are the first and last included.
    pub fn mark(&self) -> Option<String> {
        match *self {
            Covered::Whole => None,
            Covered::Nothing => Some("not in the file".into()),
            Covered::Part {
                to_date: true,
                start_cut: false,
                ..
            } => Some("to date".into()),
            Covered::Part {
                from,
                to,
                start_cut,
                end_cut,
                ..
            } => {
                let short = |d: NaiveDate| d.format("%m-%d").to_string();
                let last = short(to.pred_opt().unwrap_or(to));
                Some(match (start_cut, end_cut) {
                    (true, false) => format!("from {}", short(from)),
                    (false, _) => format!("to {last}"),
                    (true, true) => format!("{} to {last}", short(from)),
                })
            }
        }
    }

    /// The covered days as a period's text (`2026-06-01..2026-07-01`), empty when whole.
    pub fn days(&self) -> String {
        match self {
            Covered::Whole => String::new(),
            Covered::Nothing => "none".into(),
            Covered::Part { from, to, .. } => format!("{from}..{to}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn period(text: &str) -> Period {
        Period::parse(text).unwrap()
    }

    #[test]
    fn a_quarter_the_file_holds_one_month_of_is_partial_from_that_month() {
        let data = Coverage::new(
            Provenance {
                requested: None,
                today: Some(day("2026-12-05")),
            },
            Some((day("2026-06-01"), day("2026-12-01"))),
        )
        .unwrap();
        assert_eq!(data.source, Source::Data);
        let q2 = data.of(&period("2026-Q2"));
        assert!(q2.partial());
        assert_eq!(q2.mark().as_deref(), Some("from 06-01"));
        assert_eq!(q2.days(), "2026-06-01..2026-07-01");
        assert_eq!(data.of(&period("2026-Q3")), Covered::Whole);
        assert_eq!(data.of(&period("2026-11")), Covered::Whole);
        assert_eq!(data.of(&period("2026-12")), Covered::Nothing);
        assert_eq!(
            data.of(&period("2026-12")).mark().as_deref(),
            Some("not in the file")
        );
        assert_eq!(data.said(), "service periods 2026-06-01 to 2026-11-30");
    }

    #[test]
    fn the_month_still_running_is_to_date_and_a_request_wins_over_the_data() {
        let asked = Coverage::new(
            Provenance {
                requested: Some((day("2025-12-01"), day("2027-01-01"))),
                today: Some(day("2026-12-05")),
            },
            Some((day("2026-01-01"), day("2026-12-01"))),
        )
        .unwrap();
        assert_eq!((asked.source, asked.to_today), (Source::Request, true));
        assert_eq!(asked.to, day("2026-12-06"), "up to and including today");
        let december = asked.of(&period("2026-12"));
        assert_eq!(december.mark().as_deref(), Some("to date"));
        assert_eq!(december.days(), "2026-12-01..2026-12-06");
        assert_eq!(
            asked.of(&period("2026-Q4")).mark().as_deref(),
            Some("to date")
        );
        assert_eq!(
            asked.of(&period("2025-12")),
            Covered::Whole,
            "asked for, though empty"
        );
        assert_eq!(asked.of(&period("2026")).mark().as_deref(), Some("to date"));
        assert_eq!(asked.of(&period("2026-11")), Covered::Whole);
        // A range cut inside a month at both ends.
        let mid = Coverage::new(
            Provenance {
                requested: Some((day("2026-06-03"), day("2026-06-21"))),
                today: None,
            },
            None,
        )
        .unwrap();
        assert_eq!(
            mid.of(&period("2026-06")).mark().as_deref(),
            Some("06-03 to 06-20")
        );
        let start = Coverage::new(
            Provenance {
                requested: Some((day("2026-06-01"), day("2026-06-15"))),
                today: None,
            },
            None,
        )
        .unwrap();
        assert_eq!(
            start.of(&period("2026-06")).mark().as_deref(),
            Some("to 06-14")
        );
        assert_eq!(Coverage::new(Provenance::default(), None), None);
    }
}
