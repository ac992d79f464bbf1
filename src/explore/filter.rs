//! What rows a filter keeps. A person types a text or a regular expression (`!` in front keeps
//! the rows without it); a pivot's drill-down asks for exact values, so that the rows it opens
//! are exactly the ones its cell added up.

use std::collections::HashSet;
use std::sync::Arc;

use csv::ByteRecord;
use regex::bytes::{Regex, RegexBuilder};

use super::amount::Amount;
use super::bucket::Bucket;
use super::period::{Period, day_number};

/// The test a filter makes of a row.
#[derive(Debug, Clone)]
enum Test {
    /// The pattern appears (or, with `keep` false, does not).
    Pattern { pattern: Regex, keep: bool },
    /// The cell is, byte for byte, one of these (or none of them).
    OneOf {
        values: Arc<HashSet<Box<[u8]>>>,
        keep: bool,
    },
    /// The cell is a date in this time bucket (`None`: in any, that is a date at all).
    InBucket(Bucket, Option<i64>),
    /// The cell is a date in one of these ranges of days (`YYYYMMDD`, the end left out).
    InDays(Vec<(u32, u32)>),
    /// The cell is a number.
    Number,
}

/// A filter: rows are kept when it passes, in one column or (a typed text) in any.
#[derive(Debug, Clone)]
pub struct Filter {
    test: Test,
    pub column: Option<usize>,
    /// What was typed, for a filter a person made; what its chip says, for the others.
    pub text: String,
}

impl Filter {
    /// A filter for `text`: a regular expression when it is one, else the text itself;
    /// case-insensitive either way. A leading `!` keeps the rows where it is not found.
    pub fn new(text: &str, column: Option<usize>) -> Filter {
        let (keep, wanted) = match text.strip_prefix('!') {
            Some(rest) if !rest.is_empty() => (false, rest),
            _ => (true, text),
        };
        let build = |pattern: &str| {
            RegexBuilder::new(pattern)
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
        };
        let pattern = build(wanted)
            .or_else(|_| build(&regex::escape(wanted)))
            .unwrap_or_else(|_| {
                Regex::new("$^").unwrap_or_else(|_| unreachable!("a valid pattern"))
            });
        Filter {
            test: Test::Pattern { pattern, keep },
            column,
            text: text.to_string(),
        }
    }

    /// Rows whose cell in `column` is exactly one of `values` (or, with `keep` false, none of
    /// them); `text` is what its chip says.
    pub fn one_of(column: usize, values: HashSet<Box<[u8]>>, keep: bool, text: String) -> Filter {
        Filter {
            test: Test::OneOf {
                values: Arc::new(values),
                keep,
            },
            column: Some(column),
            text,
        }
    }

    /// Rows whose date in `column` falls in bucket `number` (as [`Bucket::of`] counts).
    pub fn in_bucket(column: usize, bucket: Bucket, number: i64) -> Filter {
        Filter {
            test: Test::InBucket(bucket, Some(number)),
            column: Some(column),
            text: format!("in {}", bucket.label(number)),
        }
    }

    /// Rows with a date in `column` (that a time bucket can be told from).
    pub fn dated(column: usize, bucket: Bucket) -> Filter {
        Filter {
            test: Test::InBucket(bucket, None),
            column: Some(column),
            text: "has a date".into(),
        }
    }

    /// Rows whose date in `column` falls in one of `periods`.
    pub fn in_periods(column: usize, periods: &[&Period]) -> Filter {
        Filter {
            test: Test::InDays(
                periods
                    .iter()
                    .map(|p| (p.start_number(), p.end_number()))
                    .collect(),
            ),
            column: Some(column),
            text: format!(
                "in {}",
                periods
                    .iter()
                    .map(|p| p.label.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        }
    }

    /// Rows whose cell in `column` is a number.
    pub fn number(column: usize) -> Filter {
        Filter {
            test: Test::Number,
            column: Some(column),
            text: "is a number".into(),
        }
    }

    /// Whether a person typed it, so it can be changed by typing again.
    pub fn typed(&self) -> bool {
        matches!(self.test, Test::Pattern { .. })
    }

    /// How its chip reads after the column's name: `~ acme`, `= acme`, `in 2026-03`.
    pub fn relation(&self) -> String {
        match &self.test {
            Test::Pattern { keep: true, .. } => format!("~ {}", self.text),
            Test::Pattern { keep: false, .. } => format!("!~ {}", &self.text[1..]),
            _ => self.text.clone(),
        }
    }

    /// Whether `record` passes.
    pub fn matches(&self, record: &ByteRecord) -> bool {
        let cell = |i: usize| record.get(i);
        match (&self.test, self.column) {
            (Test::Pattern { pattern, keep }, column) => {
                // Matched on the bytes as they are: no copy per cell.
                let hit = |bytes: &[u8]| pattern.is_match(bytes);
                let found = match column {
                    Some(i) => cell(i).is_some_and(hit),
                    // The cells lie end to end in the record: no match there means no match in
                    // any cell, which settles most rows with one search instead of one per cell.
                    None => hit(record.as_slice()) && record.iter().any(hit),
                };
                found == *keep
            }
            (Test::OneOf { values, keep }, Some(i)) => {
                values.contains(cell(i).unwrap_or_default()) == *keep
            }
            (Test::InBucket(bucket, number), Some(i)) => {
                let found = cell(i).and_then(|c| bucket.of(c.trim_ascii()));
                found.is_some() && (number.is_none() || found == *number)
            }
            (Test::InDays(ranges), Some(i)) => cell(i).and_then(day_number).is_some_and(|d| {
                ranges
                    .iter()
                    .any(|(start, end)| (*start..*end).contains(&d))
            }),
            (Test::Number, Some(i)) => cell(i).and_then(Amount::parse).is_some(),
            (_, None) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> ByteRecord {
        ByteRecord::from(cells.to_vec())
    }

    #[test]
    fn a_typed_text_or_pattern_and_its_negation() {
        let r = row(&["acme", "USAGE", "100.5"]);
        assert!(Filter::new("usage", None).matches(&r));
        assert!(Filter::new("^ac", Some(0)).matches(&r));
        assert!(!Filter::new("^ac", Some(1)).matches(&r));
        assert!(!Filter::new("!acme", None).matches(&r));
        assert!(Filter::new("!globex", Some(0)).matches(&r));
        assert!(
            Filter::new("!", None).matches(&row(&["a!b"])),
            "a lone ! is text"
        );
        assert_eq!(Filter::new("!acme", Some(0)).relation(), "!~ acme");
        assert!(Filter::new("(", None).typed());
    }

    #[test]
    fn exact_values_buckets_and_numbers() {
        let values: HashSet<Box<[u8]>> = [b"acme".as_slice().into()].into();
        let acme = Filter::one_of(0, values.clone(), true, "= acme".into());
        assert!(acme.matches(&row(&["acme"])));
        assert!(
            !acme.matches(&row(&["ACME"])),
            "exact, not case-insensitive"
        );
        assert!(!acme.matches(&row(&["acme "])));
        let others = Filter::one_of(0, values, false, "not acme".into());
        assert!(others.matches(&row(&["globex"])) && !others.matches(&row(&["acme"])));
        assert!(!acme.typed());

        let march = Filter::in_bucket(0, Bucket::Month, 2026 * 12 + 2);
        assert_eq!(march.relation(), "in 2026-03");
        assert!(march.matches(&row(&["2026-03-31T00:00:00Z"])));
        assert!(!march.matches(&row(&["2026-04-01"])));
        assert!(!march.matches(&row(&[""])));
        let dated = Filter::dated(0, Bucket::Month);
        assert!(dated.matches(&row(&["2026-03-31"])) && !dated.matches(&row(&["soon"])));
        let q1 = Filter::in_bucket(0, Bucket::Quarter, 2026 * 4);
        assert!(q1.matches(&row(&["2026-03-31"])) && !q1.matches(&row(&["2026-04-01"])));

        let number = Filter::number(1);
        assert!(number.matches(&row(&["x", "-1.5"])));
        assert!(!number.matches(&row(&["x", ""])) && !number.matches(&row(&["x"])));
    }
}
