//! Cutting a query's date range into pieces, for fetching a range too large for one answer:
//! m3ter gives at most `limit` (2,000 at most) data points a request, and the only sign of a
//! cut is an answer holding exactly that many.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Days, Months, NaiveTime, TimeZone, Utc};

use super::DateRange;

/// How a range is fetched piece by piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SplitMode {
    /// A request per calendar month (UTC), whatever the answers hold.
    Month,
    /// The whole range first; a piece whose answer holds exactly the limit is cut in two, and
    /// so on down to a day.
    Auto,
}

impl SplitMode {
    pub fn name(self) -> &'static str {
        match self {
            SplitMode::Month => "month",
            SplitMode::Auto => "auto",
        }
    }

    /// The pieces asked for first.
    pub fn first_pieces(self, range: DateRange) -> Vec<DateRange> {
        match self {
            SplitMode::Month => months(range),
            SplitMode::Auto => vec![range],
        }
    }

    /// Whether a cut piece is cut again into smaller ones.
    pub fn goes_deeper(self) -> bool {
        self == SplitMode::Auto
    }
}

impl fmt::Display for SplitMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Text that is not a split mode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a way to split; write month or auto")]
pub struct UnknownSplit(String);

impl FromStr for SplitMode {
    type Err = UnknownSplit;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "month" => Ok(SplitMode::Month),
            "auto" => Ok(SplitMode::Auto),
            _ => Err(UnknownSplit(s.to_string())),
        }
    }
}

/// The range cut at each first of a month (UTC): the first and last pieces may be parts of a
/// month. A range within one month is one piece.
pub fn months(range: DateRange) -> Vec<DateRange> {
    let mut pieces = Vec::new();
    let mut start = range.start();
    while start < range.end() {
        let end = next_month_start(start).min(range.end());
        pieces.extend(DateRange::new(start, end));
        start = end;
    }
    pieces
}

/// The range cut in two: at the first of the month nearest its middle when one falls inside
/// it (pieces stay whole billing months), else at the midnight nearest its middle. `None`
/// when it spans a day or less, or no midnight falls inside it: a day is the smallest piece.
pub fn halves(range: DateRange) -> Option<(DateRange, DateRange)> {
    let length = range.end() - range.start();
    if length <= chrono::Duration::days(1) {
        return None;
    }
    let middle = range.start() + length / 2;
    let inside = |t: &DateTime<Utc>| range.start() < *t && *t < range.end();
    let nearest = |a: DateTime<Utc>, b: DateTime<Utc>| {
        if (middle - a).abs() <= (middle - b).abs() {
            [a, b]
        } else {
            [b, a]
        }
    };
    let month = month_start(middle);
    let months = nearest(month, next_month_start(middle));
    let day = midnight(middle);
    let days = nearest(day, day + chrono::Duration::days(1));
    let cut = months.into_iter().chain(days).find(inside)?;
    Some((
        DateRange::new(range.start(), cut)?,
        DateRange::new(cut, range.end())?,
    ))
}

/// A piece as people name it: `2026-07` for a calendar month, `2025-12 to 2026-05` for whole
/// months, else its days (`2026-07-01 to 2026-07-15`), or its instants when it does not start
/// and end at midnight.
pub fn label(range: DateRange) -> String {
    let (start, end) = (range.start(), range.end());
    if month_start(start) == start && month_start(end) == end {
        let last = month_start(end - chrono::Duration::days(1));
        if last == start {
            return start.format("%Y-%m").to_string();
        }
        return format!("{} to {}", start.format("%Y-%m"), last.format("%Y-%m"));
    }
    range.to_string()
}

fn month_start(t: DateTime<Utc>) -> DateTime<Utc> {
    let first = t.date_naive().with_day(1).unwrap_or(t.date_naive());
    Utc.from_utc_datetime(&first.and_time(NaiveTime::MIN))
}

fn midnight(t: DateTime<Utc>) -> DateTime<Utc> {
    t.date_naive().and_time(NaiveTime::MIN).and_utc()
}

fn next_month_start(t: DateTime<Utc>) -> DateTime<Utc> {
    let first = month_start(t).date_naive();
    let next = first
        .checked_add_months(Months::new(1))
        .unwrap_or(first + Days::new(31));
    Utc.from_utc_datetime(&next.and_time(NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        super::super::parse_date_time(text).unwrap()
    }

    fn range(start: &str, end: &str) -> DateRange {
        DateRange::new(at(start), at(end)).unwrap()
    }

    #[test]
    fn months_cut_at_each_first_and_cover_the_range_exactly() {
        let pieces = months(range("2025-12-01", "2026-12-01"));
        assert_eq!(pieces.len(), 12);
        assert_eq!(label(pieces[0]), "2025-12");
        assert_eq!(label(pieces[11]), "2026-11");
        // Ragged ends are parts of months; the pieces follow on from each other.
        let pieces = months(range("2026-01-15T06:00:00Z", "2026-03-10"));
        let labels: Vec<String> = pieces.iter().map(|p| label(*p)).collect();
        assert_eq!(
            labels,
            [
                "2026-01-15T06:00:00Z up to 2026-02-01T00:00:00Z",
                "2026-02",
                "2026-03-01 to 2026-03-09"
            ]
        );
        for pair in pieces.windows(2) {
            assert_eq!(pair[0].end(), pair[1].start());
        }
        assert_eq!(months(range("2026-02-03", "2026-02-04")).len(), 1);
    }

    #[test]
    fn halves_cut_at_a_midnight_down_to_a_day() {
        // Whole months while a first of the month is inside, the one nearest the middle.
        let (a, b) = halves(range("2025-12-01", "2026-12-01")).unwrap();
        assert_eq!(
            (label(a), label(b)),
            ("2025-12 to 2026-05".into(), "2026-06 to 2026-11".into())
        );
        let (a, b) = halves(range("2026-06-20", "2026-07-05")).unwrap();
        assert_eq!(a.end(), at("2026-07-01"));
        assert_eq!(label(b), "2026-07-01 to 2026-07-04");
        let (a, b) = halves(range("2026-07-01", "2026-08-01")).unwrap();
        assert_eq!((a.start(), a.end()), (at("2026-07-01"), at("2026-07-16")));
        assert_eq!((b.start(), b.end()), (at("2026-07-16"), at("2026-08-01")));
        let (a, b) = halves(range("2026-07-01", "2026-07-03")).unwrap();
        assert_eq!((a.end(), b.start()), (at("2026-07-02"), at("2026-07-02")));
        assert_eq!(halves(range("2026-07-01", "2026-07-02")), None);
        assert_eq!(
            halves(range("2026-07-01T03:00:00Z", "2026-07-01T20:00:00Z")),
            None
        );
        // Cutting again and again always ends, every piece a day or less, none lost.
        let mut pieces = vec![range("2026-07-01T12:00:00Z", "2026-08-01")];
        let mut days = Vec::new();
        while let Some(piece) = pieces.pop() {
            match halves(piece) {
                Some((a, b)) => pieces.extend([b, a]),
                None => days.push(piece),
            }
        }
        assert!(days.len() >= 31);
        assert_eq!(days[0].start(), at("2026-07-01T12:00:00Z"));
        assert_eq!(days.last().unwrap().end(), at("2026-08-01"));
        for pair in days.windows(2) {
            assert_eq!(pair[0].end(), pair[1].start());
        }
    }

    #[test]
    fn modes_parse_and_start_where_they_should() {
        assert_eq!("Month".parse(), Ok(SplitMode::Month));
        assert_eq!("auto".parse(), Ok(SplitMode::Auto));
        assert!("weekly".parse::<SplitMode>().is_err());
        let year = range("2025-12-01", "2026-12-01");
        assert_eq!(SplitMode::Auto.first_pieces(year), vec![year]);
        assert_eq!(SplitMode::Month.first_pieces(year).len(), 12);
    }
}
