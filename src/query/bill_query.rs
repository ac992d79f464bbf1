//! The query itself: a Data Explorer bill query that m3ter will accept, and the date range it
//! covers. Made only by [`validate`](super::validate), so every one is valid.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Serialize, Serializer};

use super::{Dimension, Limit, LineItemType, format_wire};

/// A date range whose start is before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl DateRange {
    /// The range, if `start` is before `end`.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Option<DateRange> {
        (start < end).then_some(DateRange { start, end })
    }

    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    pub fn end(&self) -> DateTime<Utc> {
        self.end
    }

    /// The last day (UTC) with data in the range, for "up to and including 2026-10-30". The
    /// end is exclusive, as on the wire: an end at midnight leaves its own day out; an end
    /// later in the day takes in part of that day.
    pub fn last_day_included(&self) -> NaiveDate {
        let end = self.end.date_naive();
        if self.end.time() == NaiveTime::MIN {
            end.pred_opt().unwrap_or(end)
        } else {
            end
        }
    }
}

impl fmt::Display for DateRange {
    /// In days when both ends are at midnight, with the last day included
    /// (`2026-10-01 to 2026-10-30`, or one day alone); else the instants as sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let midnight = |t: DateTime<Utc>| t.time() == NaiveTime::MIN;
        if !(midnight(self.start) && midnight(self.end)) {
            return write!(
                f,
                "{} up to {}",
                format_wire(self.start),
                format_wire(self.end)
            );
        }
        let (first, last) = (self.start.date_naive(), self.last_day_included());
        if first == last {
            write!(f, "{first}")
        } else {
            write!(f, "{first} to {last}")
        }
    }
}

/// A valid Data Explorer bill query. It serialises to exactly the body that is sent: wire
/// names, UTC dates with `Z`, and unset optional fields left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BillQuery {
    #[serde(serialize_with = "wire_date")]
    start_date: DateTime<Utc>,
    #[serde(serialize_with = "wire_date")]
    end_date: DateTime<Utc>,
    line_item_types: Vec<LineItemType>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    dimensions: Vec<Dimension>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<Limit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i64>,
}

fn wire_date<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_wire(*t))
}

impl BillQuery {
    /// The query of what [`validate`](super::validate) found valid: only it makes one.
    pub(super) fn checked(
        range: DateRange,
        line_item_types: Vec<LineItemType>,
        dimensions: Vec<Dimension>,
        limit: Option<Limit>,
        version: Option<i64>,
    ) -> BillQuery {
        BillQuery {
            start_date: range.start,
            end_date: range.end,
            line_item_types,
            dimensions,
            limit,
            version,
        }
    }

    pub fn range(&self) -> DateRange {
        DateRange {
            start: self.start_date,
            end: self.end_date,
        }
    }

    pub fn line_item_types(&self) -> &[LineItemType] {
        &self.line_item_types
    }

    pub fn dimensions(&self) -> &[Dimension] {
        &self.dimensions
    }

    pub fn limit(&self) -> Option<Limit> {
        self.limit
    }

    pub fn version(&self) -> Option<i64> {
        self.version
    }

    /// The same query over `range`: the pieces of a split fetch.
    pub fn over(&self, range: DateRange) -> BillQuery {
        BillQuery {
            start_date: range.start,
            end_date: range.end,
            ..self.clone()
        }
    }

    /// The same query with `limit`.
    pub fn with_limit(&self, limit: Limit) -> BillQuery {
        BillQuery {
            limit: Some(limit),
            ..self.clone()
        }
    }

    /// The body as sent, on one line.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The body as sent, indented for people.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
