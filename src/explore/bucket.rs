//! Time buckets (month, quarter, year) and the date column they come from: what a pivot's
//! columns, a comparison's periods and a filter on a bucket all count by.

use super::columns::find_column;
use super::period::Period;

/// A time bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bucket {
    Month,
    Quarter,
    Year,
}

impl Bucket {
    /// The bucket's number for a date written `YYYY-MM...`: consecutive numbers are
    /// consecutive buckets, so the gaps between two full ones can be filled.
    pub(super) fn of(self, cell: &[u8]) -> Option<i64> {
        let digits = |range: std::ops::Range<usize>| -> Option<i64> {
            let part = cell.get(range)?;
            if !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            std::str::from_utf8(part).ok()?.parse().ok()
        };
        // A year far from any bill (0001, 9999) would spread the columns over centuries; such
        // a date counts as no date, and the pivot says how many rows it left out.
        let year = digits(0..4).filter(|y| (1900..=2200).contains(y))?;
        if cell.get(4) != Some(&b'-') {
            return None;
        }
        let month = digits(5..7).filter(|m| (1..=12).contains(m))?;
        Some(match self {
            Bucket::Month => year * 12 + month - 1,
            Bucket::Quarter => year * 4 + (month - 1) / 3,
            Bucket::Year => year,
        })
    }

    /// A bucket's label: `2026-09`, `2026-Q3`, `2026`.
    pub fn label(self, number: i64) -> String {
        match self {
            Bucket::Month => format!("{}-{:02}", number.div_euclid(12), number.rem_euclid(12) + 1),
            Bucket::Quarter => format!("{}-Q{}", number.div_euclid(4), number.rem_euclid(4) + 1),
            Bucket::Year => number.to_string(),
        }
    }

    /// The calendar period of bucket `number`.
    pub fn period(self, number: i64) -> Option<Period> {
        let year = i32::try_from(number.div_euclid(match self {
            Bucket::Month => 12,
            Bucket::Quarter => 4,
            Bucket::Year => 1,
        }))
        .ok()?;
        Some(match self {
            Bucket::Month => Period::month(year, u32::try_from(number.rem_euclid(12)).ok()? + 1),
            Bucket::Quarter => {
                Period::quarter(year, u32::try_from(number.rem_euclid(4)).ok()? * 3 + 1)
            }
            Bucket::Year => Period::parse(&year.to_string()).ok()?,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Bucket::Month => "month",
            Bucket::Quarter => "quarter",
            Bucket::Year => "year",
        }
    }

    /// The bucket `word` names (`month`, `quarter`, `year`, any case), as a pivot's columns
    /// are given; `None` for a column's name.
    pub fn named(word: &str) -> Option<Bucket> {
        [Bucket::Month, Bucket::Quarter, Bucket::Year]
            .into_iter()
            .find(|b| b.name().eq_ignore_ascii_case(word.trim()))
    }
}

/// Which date buckets come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateColumn {
    /// `servicePeriodStartDate`: the period a line bills for.
    #[default]
    ServicePeriod,
    BillDate,
}

impl DateColumn {
    /// Where it is among `headers`.
    pub fn find(self, headers: &[String]) -> Option<usize> {
        find_column(headers, self.names())
    }

    /// The file's column it is, by the names it goes by.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            DateColumn::ServicePeriod => &["servicePeriodStartDate", "startDate"],
            DateColumn::BillDate => &["billDate"],
        }
    }
}
