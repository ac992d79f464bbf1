//! A period to compare: a month (`2025-09`), a quarter (`2025-Q3`), a year (`2025`) or a range
//! of days (`2025-09-15..2025-10-15`, the end left out, as m3ter's own ranges are).

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// Why a text is not a period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error(
        "{text} is not a period: {why} (give YYYY-MM, YYYY-Qn, YYYY, START..END with dates YYYY-MM-DD, or a relative name: {names})",
        names = crate::query::Preset::ALL.map(crate::query::Preset::name).join(", ")
    )]
    NotAPeriod { text: String, why: &'static str },
    /// A word that is no relative name (a period starts with its year).
    #[error(
        "{text} is not a period or a relative name: the names are {names} (periods: YYYY-MM, YYYY-Qn, YYYY, START..END)",
        names = crate::query::Preset::ALL.map(crate::query::Preset::name).join(", ")
    )]
    NotAName { text: String },
    #[error("{text} ends before it starts (the end is the first day left out)")]
    Reversed { text: String },
}

/// Days from `start` up to, not including, `end`, with the label it was given as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub label: String,
    start: NaiveDate,
    end: NaiveDate,
}

impl Period {
    /// Reads `2025-09`, `2025-Q3`, `2025` or `2025-09-15..2025-10-15`.
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let text = text.trim();
        let bad = |why| PeriodError::NotAPeriod {
            text: text.to_string(),
            why,
        };
        if let Some((start, end)) = text.split_once("..") {
            let day = |s: &str| {
                NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .map_err(|_| bad("its dates are not days of the calendar"))
            };
            let (start, end) = (day(start)?, day(end)?);
            if end <= start {
                return Err(PeriodError::Reversed {
                    text: text.to_string(),
                });
            }
            return Ok(Period {
                label: text.to_string(),
                start,
                end,
            });
        }
        let year = |s: &str| -> Result<i32, PeriodError> {
            if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("a year has four digits"));
            }
            s.parse().map_err(|_| bad("a year has four digits"))
        };
        let (start, end) = match text.split_once('-') {
            None => {
                let y = year(text)?;
                (ymd(y, 1), ymd(y + 1, 1))
            }
            Some((y, q)) if q.starts_with(['Q', 'q']) => {
                let y = year(y)?;
                let q: u32 = q[1..]
                    .parse()
                    .ok()
                    .filter(|q| (1..=4).contains(q))
                    .ok_or_else(|| bad("quarters run Q1 to Q4"))?;
                let first = (q - 1) * 3 + 1;
                (ymd(y, first), next_month(y, first + 2))
            }
            Some((y, m)) => {
                let y = year(y)?;
                let m: u32 = Some(m)
                    .filter(|m| m.len() == 2)
                    .and_then(|m| m.parse().ok())
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(|| bad("months run 01 to 12"))?;
                (ymd(y, m), next_month(y, m))
            }
        };
        Ok(Period {
            label: text.to_uppercase(),
            start,
            end,
        })
    }

    /// `text` as a period (see [`Period::parse`]), or a relative name (`last-month`,
    /// `month-2`, `last-quarter`, `last-3-months`, ...) as of the day `today`, labelled as the
    /// period it is (`2026-11`, `2026-Q3`, `2025`, else `START..END`).
    pub fn resolve(text: &str, today: NaiveDate) -> Result<Period, PeriodError> {
        match text.parse::<crate::query::Preset>() {
            Ok(preset) => {
                let (start, end) = preset.range(today.and_time(chrono::NaiveTime::MIN).and_utc());
                Ok(Period::of_days(start.date_naive(), end.date_naive()))
            }
            // A word is a misspelt name, not a period with a bad year.
            Err(_) if text.trim().starts_with(|c: char| c.is_alphabetic()) => {
                Err(PeriodError::NotAName {
                    text: text.trim().to_string(),
                })
            }
            Err(_) => Period::parse(text),
        }
    }

    /// The relative name that means this period as of `today` (`2026-11` is `last-month` in
    /// December), so a view saved now can mean "the same, next month". Only names of whole
    /// past periods are offered: one that runs to today moves every day, which is rarely what a
    /// saved view means by a month it showed.
    pub fn relative_name(&self, today: NaiveDate) -> Option<&'static str> {
        use crate::query::Preset;
        [
            Preset::LastMonth,
            Preset::Month2,
            Preset::LastQuarter,
            Preset::Quarter2,
            Preset::LastYear,
            Preset::Last3Months,
            Preset::Last6Months,
            Preset::Last12Months,
        ]
        .into_iter()
        .find(|p| Period::resolve(p.name(), today).is_ok_and(|r| r.bounds() == self.bounds()))
        .map(|p| p.name())
    }

    /// The days from `start` up to `end`, labelled as the month, quarter or year they make
    /// when they make one.
    pub fn of_days(start: NaiveDate, end: NaiveDate) -> Period {
        let mut period = Period {
            label: format!("{start}..{end}"),
            start,
            end,
        };
        if period.is_month() {
            period.label = format!("{}-{:02}", start.year(), start.month());
        } else if period.is_quarter() {
            period.label = format!("{}-Q{}", start.year(), start.month0() / 3 + 1);
        } else if period.is_year() {
            period.label = start.year().to_string();
        }
        period
    }

    /// The calendar month `year-month`.
    pub fn month(year: i32, month: u32) -> Period {
        Period {
            label: format!("{year}-{month:02}"),
            start: ymd(year, month),
            end: next_month(year, month),
        }
    }

    /// The quarter holding `year-month`.
    pub fn quarter(year: i32, month: u32) -> Period {
        let first = (month - 1) / 3 * 3 + 1;
        Period {
            label: format!("{year}-Q{}", (month - 1) / 3 + 1),
            start: ymd(year, first),
            end: next_month(year, first + 2),
        }
    }

    /// The period just before this one, as long (a month before a month, a quarter before a
    /// quarter), or a year before.
    pub fn shifted_months(&self, months: i32) -> Period {
        let shift = |d: NaiveDate| {
            let n = d.year() * 12 + d.month0() as i32 + months;
            ymd(n.div_euclid(12), n.rem_euclid(12) as u32 + 1)
        };
        let (start, end) = (shift(self.start), shift(self.end));
        let label = if self.is_month() {
            format!("{}-{:02}", start.year(), start.month())
        } else if self.is_quarter() {
            format!("{}-Q{}", start.year(), start.month0() / 3 + 1)
        } else {
            format!("{start}..{end}")
        };
        Period { label, start, end }
    }

    /// The `count` periods just before this one, each as long (months before a month,
    /// quarters before a quarter, years before a year, else ranges of as many days), the
    /// earliest first.
    pub fn before(&self, count: u32) -> Vec<Period> {
        let count = i32::try_from(count).unwrap_or(i32::MAX);
        let months = if self.is_month() {
            Some(1)
        } else if self.is_quarter() {
            Some(3)
        } else if self.is_year() {
            Some(12)
        } else {
            None
        };
        (1..=count)
            .rev()
            .map(|k| match months {
                Some(12) => {
                    let year = self.start.year() - k;
                    Period {
                        label: year.to_string(),
                        start: ymd(year, 1),
                        end: ymd(year + 1, 1),
                    }
                }
                Some(m) => self.shifted_months(-k * m),
                None => {
                    let days = (self.end - self.start) * k;
                    let (start, end) = (self.start - days, self.end - days);
                    Period {
                        label: format!("{start}..{end}"),
                        start,
                        end,
                    }
                }
            })
            .collect()
    }

    /// The days from the start of `first` to the end of `last`, called `label`.
    pub fn spanning(first: &Period, last: &Period, label: String) -> Period {
        Period {
            label,
            start: first.start,
            end: last.end,
        }
    }

    fn is_year(&self) -> bool {
        self.start.ordinal() == 1 && self.end == ymd(self.start.year() + 1, 1)
    }

    fn is_month(&self) -> bool {
        self.start.day() == 1 && self.end == next_month(self.start.year(), self.start.month())
    }

    fn is_quarter(&self) -> bool {
        self.start.day() == 1
            && self.start.month0().is_multiple_of(3)
            && self.end == next_month(self.start.year(), self.start.month() + 2)
    }

    /// Whether a date cell written `YYYY-MM-DD...` falls in the period.
    pub fn holds(&self, cell: &[u8]) -> bool {
        day_number(cell).is_some_and(|d| (self.start_number()..self.end_number()).contains(&d))
    }

    /// Whether the two share a day.
    pub fn overlaps(&self, other: &Period) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The first day, and the first day after.
    pub fn bounds(&self) -> (NaiveDate, NaiveDate) {
        (self.start, self.end)
    }

    pub(super) fn start_number(&self) -> u32 {
        number(self.start)
    }

    pub(super) fn end_number(&self) -> u32 {
        number(self.end)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// `YYYY-MM-DD` at the start of a cell as the number YYYYMMDD, comparable as days are.
pub(super) fn day_number(cell: &[u8]) -> Option<u32> {
    let cell = cell.trim_ascii_start();
    let part = |range: std::ops::Range<usize>| -> Option<u32> {
        let bytes = cell.get(range)?;
        if !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(bytes).ok()?.parse().ok()
    };
    if cell.get(4) != Some(&b'-') || cell.get(7) != Some(&b'-') {
        return None;
    }
    let (y, m, d) = (part(0..4)?, part(5..7)?, part(8..10)?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(y * 10_000 + m * 100 + d)
}

/// The date of a day number, if it is one of the calendar.
pub(super) fn day_date(number: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::try_from(number / 10_000).ok()?,
        number / 100 % 100,
        number % 100,
    )
}

/// A day number as `YYYY-MM-DD`.
pub(super) fn day_text(number: u32) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        number / 10_000,
        number / 100 % 100,
        number % 100
    )
}

fn number(d: NaiveDate) -> u32 {
    // Years before 0 or after 9999 are not bill dates.
    d.year().clamp(0, 9999) as u32 * 10_000 + d.month() * 100 + d.day()
}

fn ymd(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
}

/// The first day of the month after `year-month` (month may run past 12 by a few).
fn next_month(year: i32, month: u32) -> NaiveDate {
    let n = year * 12 + month as i32;
    ymd(n.div_euclid(12), n.rem_euclid(12) as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(text: &str) -> (String, String) {
        let p = Period::parse(text).unwrap();
        (p.start.to_string(), p.end.to_string())
    }

    #[test]
    fn relative_names_resolve_as_of_a_day_to_the_period_they_are() {
        let labels = |today: &str| -> Vec<String> {
            let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap();
            [
                "last-month",
                "month-2",
                "last-quarter",
                "quarter-2",
                "last-year",
                "last-3-months",
                "this-month",
                "2026-05",
            ]
            .iter()
            .map(|t| Period::resolve(t, today).unwrap().label)
            .collect()
        };
        assert_eq!(
            labels("2026-12-01"),
            [
                "2026-11",
                "2026-10",
                "2026-Q3",
                "2026-Q2",
                "2025",
                "2026-09-01..2026-12-01",
                "2026-12",
                "2026-05"
            ]
        );
        // A month later, the same names are the next periods; January reaches back a year.
        assert_eq!(
            labels("2027-01-15")[..5],
            ["2026-12", "2026-11", "2026-Q4", "2026-Q3", "2026"]
        );
        let error = Period::resolve("last-fortnight", NaiveDate::MIN)
            .unwrap_err()
            .to_string();
        assert!(error.contains("last-month, month-2"), "{error}");
    }

    #[test]
    fn a_period_is_named_by_the_relative_name_that_means_it_that_day() {
        let day = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
        let name = |p: &str, today: &str| Period::parse(p).unwrap().relative_name(day(today));
        assert_eq!(name("2026-11", "2026-12-06"), Some("last-month"));
        assert_eq!(name("2026-10", "2026-12-01"), Some("month-2"));
        assert_eq!(name("2026-Q3", "2026-12-31"), Some("last-quarter"));
        assert_eq!(name("2025", "2026-02-03"), Some("last-year"));
        // Three whole months before this one, written as days.
        let span = Period::of_days(day("2026-09-01"), day("2026-12-01"));
        assert_eq!(span.relative_name(day("2026-12-06")), Some("last-3-months"));
        // The month under way and a month two back in another year are no relative name.
        assert_eq!(name("2026-12", "2026-12-06"), None);
        assert_eq!(name("2025-11", "2026-12-06"), None);
    }

    #[test]
    fn the_periods_before_one_are_as_long_and_earliest_first() {
        let labels = |text: &str, n| -> Vec<String> {
            Period::parse(text)
                .unwrap()
                .before(n)
                .into_iter()
                .map(|p| p.label)
                .collect()
        };
        assert_eq!(labels("2026-02", 3), ["2025-11", "2025-12", "2026-01"]);
        assert_eq!(labels("2026-Q1", 2), ["2025-Q3", "2025-Q4"]);
        assert_eq!(labels("2026", 2), ["2024", "2025"]);
        assert_eq!(
            labels("2026-03-10..2026-03-17", 2),
            ["2026-02-24..2026-03-03", "2026-03-03..2026-03-10"]
        );
    }

    #[test]
    fn months_quarters_years_and_ranges() {
        assert_eq!(
            bounds("2025-09"),
            ("2025-09-01".into(), "2025-10-01".into())
        );
        assert_eq!(
            bounds("2025-12"),
            ("2025-12-01".into(), "2026-01-01".into())
        );
        assert_eq!(
            bounds("2025-Q4"),
            ("2025-10-01".into(), "2026-01-01".into())
        );
        assert_eq!(
            bounds("2026-q1"),
            ("2026-01-01".into(), "2026-04-01".into())
        );
        assert_eq!(bounds("2025"), ("2025-01-01".into(), "2026-01-01".into()));
        assert_eq!(
            bounds("2025-09-15..2025-10-15"),
            ("2025-09-15".into(), "2025-10-15".into())
        );
        assert_eq!(Period::parse("2026-q1").unwrap().label, "2026-Q1");
    }

    #[test]
    fn what_is_not_a_period_says_why() {
        for (text, why) in [
            ("2025-13", "months run 01 to 12"),
            ("2025-9", "months run 01 to 12"),
            ("2025-Q5", "quarters run Q1 to Q4"),
            ("25", "a year has four digits"),
            ("2025-02-30..2025-03-01", "not days of the calendar"),
            ("september", "a year has four digits"),
        ] {
            let e = Period::parse(text).unwrap_err().to_string();
            assert!(e.starts_with(&format!("{text} is not a period: ")), "{e}");
            assert!(e.contains(why), "{e}");
        }
        assert_eq!(
            Period::parse("2025-10-01..2025-09-01")
                .unwrap_err()
                .to_string(),
            "2025-10-01..2025-09-01 ends before it starts (the end is the first day left out)"
        );
    }

    #[test]
    fn a_date_is_in_a_period_up_to_its_last_day() {
        let q3 = Period::parse("2025-Q3").unwrap();
        assert!(q3.holds(b"2025-07-01T00:00:00Z"));
        assert!(q3.holds(b"2025-09-30"));
        assert!(!q3.holds(b"2025-10-01"));
        assert!(!q3.holds(b"2025-06-30T23:59:59Z"));
        assert!(!q3.holds(b""));
        assert!(!q3.holds(b"soon"));
        assert!(q3.overlaps(&Period::parse("2025-09-15..2025-10-15").unwrap()));
        assert!(!q3.overlaps(&Period::parse("2025-Q4").unwrap()));
    }

    #[test]
    fn a_period_a_step_back() {
        let oct = Period::parse("2026-10").unwrap();
        assert_eq!(oct.shifted_months(-1).label, "2026-09");
        assert_eq!(oct.shifted_months(-12).label, "2025-10");
        let q1 = Period::parse("2026-Q1").unwrap();
        assert_eq!(q1.shifted_months(-3).label, "2025-Q4");
        assert_eq!(Period::quarter(2026, 8).label, "2026-Q3");
        assert_eq!(
            Period::month(2026, 1).shifted_months(-1),
            Period::parse("2025-12").unwrap()
        );
    }

    #[test]
    fn day_numbers_read_dates_as_they_are_written() {
        assert_eq!(day_number(b"2026-03-31T00:00:00Z"), Some(20260331));
        assert_eq!(day_number(b"2026-3-31"), None);
        assert_eq!(day_number(b"2026-13-01"), None);
        assert_eq!(day_text(20260301), "2026-03-01");
    }
}
