//! Reading the dates people type, and writing them the way the API wants them.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

/// Text that is neither `YYYY-MM-DD` nor an RFC 3339 date-time with `Z` or an offset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{text}\" is not a date; use YYYY-MM-DD (midnight UTC) or a date-time such as 2026-10-01T00:00:00Z or 2026-10-01T09:00:00+02:00"
)]
pub struct DateError {
    pub text: String,
}

/// Reads `YYYY-MM-DD` (as midnight UTC) or an RFC 3339 date-time with `Z` or an offset.
///
/// A date-time without a zone is refused rather than guessed: the same text would mean
/// different instants on different machines.
pub fn parse_date_time(text: &str) -> Result<DateTime<Utc>, DateError> {
    let trimmed = text.trim();
    let error = || DateError {
        text: text.to_string(),
    };
    if trimmed.len() == 10 {
        let date = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").map_err(|_| error())?;
        return Ok(date.and_time(chrono::NaiveTime::MIN).and_utc());
    }
    DateTime::parse_from_rfc3339(trimmed)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| error())
}

/// A `--through` date: not a plain `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{text}\" is not a date; --through takes YYYY-MM-DD, the last day to include")]
pub struct ThroughError {
    pub text: String,
}

/// The exclusive end (midnight UTC the day after) of a range whose last day, included, is
/// `text` (`YYYY-MM-DD` only: a time of day would leave it unclear what "through" takes in).
pub fn end_after_through(text: &str) -> Result<DateTime<Utc>, ThroughError> {
    let error = || ThroughError {
        text: text.to_string(),
    };
    let trimmed = text.trim();
    if trimmed.len() != 10 {
        return Err(error());
    }
    NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.succ_opt())
        .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
        .ok_or_else(error)
}

/// Whether `text` is a plain `YYYY-MM-DD` date, as opposed to a date-time.
pub fn is_plain_date(text: &str) -> bool {
    let trimmed = text.trim();
    trimmed.len() == 10 && NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").is_ok()
}

/// The form the API is sent: UTC with `Z`, fractions of a second only when there are some.
pub fn format_wire(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(text: &str) -> String {
        format_wire(parse_date_time(text).unwrap())
    }

    #[test]
    fn plain_dates_are_midnight_utc() {
        assert_eq!(wire("2026-10-01"), "2026-10-01T00:00:00Z");
        assert_eq!(wire(" 2024-02-29 "), "2024-02-29T00:00:00Z");
    }

    #[test]
    fn offsets_are_converted_to_utc() {
        assert_eq!(wire("2026-10-01T00:00:00Z"), "2026-10-01T00:00:00Z");
        assert_eq!(wire("2026-10-01T09:30:00+02:00"), "2026-10-01T07:30:00Z");
        assert_eq!(wire("2026-10-01T00:00:00-05:00"), "2026-10-01T05:00:00Z");
        assert_eq!(wire("2026-10-01T00:00:00.250Z"), "2026-10-01T00:00:00.250Z");
    }

    #[test]
    fn through_is_the_day_after_at_midnight() {
        let end = |t: &str| end_after_through(t).map(format_wire);
        assert_eq!(end("2026-10-31").as_deref(), Ok("2026-11-01T00:00:00Z"));
        assert_eq!(end(" 2024-02-28").as_deref(), Ok("2024-02-29T00:00:00Z"));
        assert_eq!(end("2026-12-31").as_deref(), Ok("2027-01-01T00:00:00Z"));
        for bad in ["2026-10-31T00:00:00Z", "2026-02-30", "tomorrow", ""] {
            assert_eq!(end(bad).unwrap_err().text, bad);
        }
        assert!(is_plain_date("2026-10-31"));
        assert!(!is_plain_date("2026-10-31T00:00:00Z"));
    }

    #[test]
    fn nonsense_and_zoneless_times_are_refused() {
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2025-02-29",
            "01/10/2026",
            "2026-10-01T00:00:00",
            "2026-10-01 00:00",
        ] {
            let err = parse_date_time(bad).unwrap_err();
            assert_eq!(err.text, bad);
        }
    }
}
