//! Named date ranges, computed from an injected "now" in UTC.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};

/// A named date range. Every range starts and ends at midnight UTC and its end is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    Today,
    Yesterday,
    ThisMonth,
    LastMonth,
    /// The month before last.
    Month2,
    ThisQuarter,
    LastQuarter,
    /// The quarter before last.
    Quarter2,
    YearToDate,
    LastYear,
    Last30Days,
    /// The three whole months before this one.
    Last3Months,
    Last6Months,
    Last12Months,
}

impl Preset {
    /// Every preset, in the order they are offered.
    pub const ALL: [Preset; 14] = [
        Preset::Today,
        Preset::Yesterday,
        Preset::ThisMonth,
        Preset::LastMonth,
        Preset::Month2,
        Preset::ThisQuarter,
        Preset::LastQuarter,
        Preset::Quarter2,
        Preset::YearToDate,
        Preset::LastYear,
        Preset::Last30Days,
        Preset::Last3Months,
        Preset::Last6Months,
        Preset::Last12Months,
    ];

    /// The name on the command line and in files, e.g. `last-month`.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Today => "today",
            Preset::Yesterday => "yesterday",
            Preset::ThisMonth => "this-month",
            Preset::LastMonth => "last-month",
            Preset::Month2 => "month-2",
            Preset::ThisQuarter => "this-quarter",
            Preset::LastQuarter => "last-quarter",
            Preset::Quarter2 => "quarter-2",
            Preset::YearToDate => "year-to-date",
            Preset::LastYear => "last-year",
            Preset::Last30Days => "last-30-days",
            Preset::Last3Months => "last-3-months",
            Preset::Last6Months => "last-6-months",
            Preset::Last12Months => "last-12-months",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Today => "today",
            Preset::Yesterday => "yesterday",
            Preset::ThisMonth => "this month",
            Preset::LastMonth => "last month",
            Preset::Month2 => "the month before last",
            Preset::ThisQuarter => "this quarter",
            Preset::LastQuarter => "last quarter",
            Preset::Quarter2 => "the quarter before last",
            Preset::YearToDate => "year to date",
            Preset::LastYear => "last year",
            Preset::Last30Days => "last 30 days",
            Preset::Last3Months => "last 3 months",
            Preset::Last6Months => "last 6 months",
            Preset::Last12Months => "last 12 months",
        }
    }

    /// The range `[start, end)` this preset means at `now`.
    ///
    /// "This month" and "this quarter" are the whole calendar periods (a bill covers the whole
    /// period); "year to date" and "last 30 days" run to the end of today; "last 12 months" is
    /// the twelve whole months before this one, so that it holds twelve complete bills.
    pub fn range(self, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        let today = now.date_naive();
        let tomorrow = today + Duration::days(1);
        let month = first_of_month(today);
        let quarter = first_of_quarter(today);
        let (start, end) = match self {
            Preset::Today => (today, tomorrow),
            Preset::Yesterday => (today - Duration::days(1), today),
            Preset::ThisMonth => (month, month + Months::new(1)),
            Preset::LastMonth => (month - Months::new(1), month),
            Preset::Month2 => (month - Months::new(2), month - Months::new(1)),
            Preset::ThisQuarter => (quarter, quarter + Months::new(3)),
            Preset::LastQuarter => (quarter - Months::new(3), quarter),
            Preset::Quarter2 => (quarter - Months::new(6), quarter - Months::new(3)),
            Preset::YearToDate => (first_of_year(today), tomorrow),
            Preset::LastYear => {
                let year = first_of_year(today);
                (year - Months::new(12), year)
            }
            Preset::Last30Days => (tomorrow - Duration::days(30), tomorrow),
            Preset::Last3Months => (month - Months::new(3), month),
            Preset::Last6Months => (month - Months::new(6), month),
            Preset::Last12Months => (month - Months::new(12), month),
        };
        (midnight(start), midnight(end))
    }
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn first_of_quarter(d: NaiveDate) -> NaiveDate {
    let month0 = d.month0() - d.month0() % 3;
    NaiveDate::from_ymd_opt(d.year(), month0 + 1, 1).unwrap_or(d)
}

fn first_of_year(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d)
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(chrono::NaiveTime::MIN).and_utc()
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not one of the presets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a preset; the presets are {list}", list = Preset::ALL.map(Preset::name).join(", "))]
pub struct UnknownPreset(pub String);

impl FromStr for Preset {
    type Err = UnknownPreset;

    /// Accepts `last-month`, `last_month`, `last month` and any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let normal = s.trim().to_lowercase().replace(['_', ' '], "-");
        Preset::ALL
            .into_iter()
            .find(|p| p.name() == normal)
            .ok_or_else(|| UnknownPreset(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::format_wire;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn range(p: Preset, now: &str) -> (String, String) {
        let (s, e) = p.range(at(now));
        (format_wire(s), format_wire(e))
    }

    fn pair(s: &str, e: &str) -> (String, String) {
        (format!("{s}T00:00:00Z"), format!("{e}T00:00:00Z"))
    }

    #[test]
    fn every_preset_in_the_middle_of_a_quarter() {
        let now = "2026-11-27T15:04:05Z";
        use Preset::*;
        assert_eq!(range(Today, now), pair("2026-11-27", "2026-11-28"));
        assert_eq!(range(Yesterday, now), pair("2026-11-26", "2026-11-27"));
        assert_eq!(range(ThisMonth, now), pair("2026-11-01", "2026-12-01"));
        assert_eq!(range(LastMonth, now), pair("2026-10-01", "2026-11-01"));
        assert_eq!(range(Month2, now), pair("2026-09-01", "2026-10-01"));
        assert_eq!(range(ThisQuarter, now), pair("2026-10-01", "2027-01-01"));
        assert_eq!(range(LastQuarter, now), pair("2026-07-01", "2026-10-01"));
        assert_eq!(range(Quarter2, now), pair("2026-04-01", "2026-07-01"));
        assert_eq!(range(YearToDate, now), pair("2026-01-01", "2026-11-28"));
        assert_eq!(range(LastYear, now), pair("2025-01-01", "2026-01-01"));
        assert_eq!(range(Last30Days, now), pair("2026-10-29", "2026-11-28"));
        assert_eq!(range(Last3Months, now), pair("2026-08-01", "2026-11-01"));
        assert_eq!(range(Last6Months, now), pair("2026-05-01", "2026-11-01"));
        assert_eq!(range(Last12Months, now), pair("2025-11-01", "2026-11-01"));
    }

    #[test]
    fn edges_of_years_and_leap_days() {
        use Preset::*;
        let new_year = "2027-01-01T00:00:00Z";
        assert_eq!(range(Yesterday, new_year), pair("2026-12-31", "2027-01-01"));
        assert_eq!(range(LastMonth, new_year), pair("2026-12-01", "2027-01-01"));
        assert_eq!(range(Month2, new_year), pair("2026-11-01", "2026-12-01"));
        assert_eq!(range(Quarter2, new_year), pair("2026-07-01", "2026-10-01"));
        assert_eq!(range(LastYear, new_year), pair("2026-01-01", "2027-01-01"));
        assert_eq!(
            range(LastQuarter, new_year),
            pair("2026-10-01", "2027-01-01")
        );
        assert_eq!(
            range(YearToDate, new_year),
            pair("2027-01-01", "2027-01-02")
        );
        let leap = "2028-03-01T23:59:59Z";
        assert_eq!(range(Yesterday, leap), pair("2028-02-29", "2028-03-01"));
        assert_eq!(range(LastMonth, leap), pair("2028-02-01", "2028-03-01"));
        assert_eq!(range(Last30Days, leap), pair("2028-02-01", "2028-03-02"));
    }

    #[test]
    fn every_range_is_non_empty_and_ends_at_midnight() {
        for now in [
            "2026-01-01T00:00:00Z",
            "2026-06-30T23:59:59Z",
            "2024-02-29T12:00:00Z",
        ] {
            for p in Preset::ALL {
                let (s, e) = p.range(at(now));
                assert!(s < e, "{p} at {now}");
                assert!(format_wire(e).ends_with("T00:00:00Z"));
            }
        }
    }

    #[test]
    fn names_parse_loosely() {
        assert_eq!("last-month".parse(), Ok(Preset::LastMonth));
        assert_eq!("Last_Month".parse(), Ok(Preset::LastMonth));
        assert_eq!("year to date".parse(), Ok(Preset::YearToDate));
        assert!("fortnight".parse::<Preset>().is_err());
        for p in Preset::ALL {
            assert_eq!(p.name().parse(), Ok(p));
        }
    }
}
