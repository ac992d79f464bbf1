//! The API's rules, applied to a draft, producing a query that m3ter will accept.

use chrono::{DateTime, Utc};

use super::{
    BillQuery, DateInput, DateRange, Dimension, Field, Limit, LineItemType, MAX_DIMENSIONS,
    Problem, QueryDraft, dimension_name_typo, format_wire, parse_date_time,
};

/// Applies every rule of the API's schema to `draft` and reports every problem at once.
/// Presets are resolved against `now`.
pub fn validate(draft: &QueryDraft, now: DateTime<Utc>) -> Result<BillQuery, Vec<Problem>> {
    let mut problems = Vec::new();

    let range = check_dates(&draft.dates, now, &mut problems);
    let types = check_types(&draft.line_item_types, &mut problems);
    check_dimensions(&draft.dimensions, &mut problems);
    let limit = draft
        .limit
        .as_deref()
        .and_then(|text| match text.parse::<Limit>() {
            Ok(limit) => Some(limit),
            Err(e) => {
                problems.push(Problem::new(Field::Limit, e.to_string()));
                None
            }
        });
    let version = draft
        .version
        .as_deref()
        .and_then(|text| match text.trim().parse() {
            Ok(v) => Some(v),
            Err(_) => {
                problems.push(Problem::new(
                    Field::Version,
                    format!(
                        "The version must be a whole number (a 64-bit integer); \"{text}\" is not."
                    ),
                ));
                None
            }
        });

    // A field that could not be read at all is reported once, not again as "missing".
    let read = &draft.read_problems;
    problems.retain(|p| !read.iter().any(|r| r.field == p.field));
    problems.splice(0..0, read.iter().cloned());

    match range {
        Some(range) if problems.is_empty() => Ok(BillQuery::checked(
            range,
            types,
            draft.dimensions.clone(),
            limit,
            version,
        )),
        _ => Err(problems),
    }
}

fn check_dates(
    dates: &DateInput,
    now: DateTime<Utc>,
    problems: &mut Vec<Problem>,
) -> Option<DateRange> {
    let (start, end) = match dates {
        DateInput::Preset(p) => {
            let (start, end) = p.range(now);
            return DateRange::new(start, end);
        }
        DateInput::Typed { start, end } => (
            check_date(start.as_deref(), Field::StartDate, "start", problems),
            check_date(end.as_deref(), Field::EndDate, "end", problems),
        ),
    };
    let (start, end) = (start?, end?);
    let range = DateRange::new(start, end);
    if range.is_none() {
        let message = if start == end {
            format!(
                "The start and end dates are the same ({}); the end must be after the start.",
                format_wire(start)
            )
        } else {
            format!(
                "The end date ({}) is before the start date ({}).",
                format_wire(end),
                format_wire(start)
            )
        };
        problems.push(Problem::new(Field::EndDate, message));
    }
    range
}

fn check_date(
    text: Option<&str>,
    field: Field,
    which: &str,
    problems: &mut Vec<Problem>,
) -> Option<DateTime<Utc>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => {
            problems.push(Problem::new(
                field.clone(),
                format!("The {which} date is missing ({field} is required)."),
            ));
            None
        }
        Some(text) => match parse_date_time(text) {
            Ok(t) => Some(t),
            Err(e) => {
                problems.push(Problem::new(field, format!("The {which} date {e}.")));
                None
            }
        },
    }
}

fn check_types(names: &[String], problems: &mut Vec<Problem>) -> Vec<LineItemType> {
    if names.is_empty() {
        problems.push(Problem::new(
            Field::LineItemTypes,
            "Choose at least one line item type.",
        ));
    }
    names
        .iter()
        .filter_map(|name| match name.parse::<LineItemType>() {
            Ok(t) => Some(t),
            Err(e) => {
                problems.push(Problem::new(Field::LineItemTypes, e.to_string()));
                None
            }
        })
        .collect()
}

fn check_dimensions(dimensions: &[Dimension], problems: &mut Vec<Problem>) {
    if dimensions.len() > MAX_DIMENSIONS {
        problems.push(Problem::new(
            Field::Dimensions,
            format!(
                "There are {} dimensions; the API takes at most {MAX_DIMENSIONS}.",
                dimensions.len()
            ),
        ));
    }
    for (i, d) in dimensions.iter().enumerate() {
        let number = i + 1;
        if d.name.is_empty() {
            problems.push(Problem::new(
                Field::DimensionName(i),
                format!("Dimension {number} has no name; use account or product name."),
            ));
        } else if let Some(known) = dimension_name_typo(&d.name) {
            // m3ter would refuse it after a round trip, or worse, a name close enough to be
            // taken for a known one would be read as meant; either way, say so first.
            problems.push(Problem::new(
                Field::DimensionName(i),
                format!("Unknown dimension name {}; did you mean {known}?", d.name),
            ));
        }
        if d.filter.is_empty() {
            let name = if d.name.is_empty() {
                "unnamed"
            } else {
                &d.name
            };
            problems.push(Problem::new(
                Field::DimensionFilter(i),
                format!(
                    "Dimension {number} ({name}) has no filter value; give at least one, or * for every value."
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Preset;

    fn now() -> DateTime<Utc> {
        parse_date_time("2026-11-27T10:00:00Z").unwrap()
    }

    fn typed(start: &str, end: &str) -> DateInput {
        DateInput::Typed {
            start: Some(start.into()),
            end: Some(end.into()),
        }
    }

    fn good() -> QueryDraft {
        QueryDraft {
            dates: typed("2026-10-01", "2026-11-01"),
            line_item_types: vec!["USAGE".into()],
            ..QueryDraft::default()
        }
    }

    fn fields(draft: &QueryDraft) -> Vec<String> {
        validate(draft, now())
            .unwrap_err()
            .into_iter()
            .map(|p| p.field.to_string())
            .collect()
    }

    #[test]
    fn a_good_draft_serialises_exactly() {
        let q = validate(&good(), now()).unwrap();
        assert_eq!(
            q.to_json(),
            r#"{"startDate":"2026-10-01T00:00:00Z","endDate":"2026-11-01T00:00:00Z","lineItemTypes":["USAGE"]}"#
        );
        let full = QueryDraft {
            dimensions: vec![Dimension {
                name: "account".into(),
                filter: vec!["acme".into()],
                attributes: vec!["name".into()],
            }],
            limit: Some("100".into()),
            version: Some("-3".into()),
            ..good()
        };
        assert_eq!(
            validate(&full, now()).unwrap().to_json(),
            r#"{"startDate":"2026-10-01T00:00:00Z","endDate":"2026-11-01T00:00:00Z","lineItemTypes":["USAGE"],"dimensions":[{"name":"account","filter":["acme"],"attributes":["name"]}],"limit":100,"version":-3}"#
        );
    }

    #[test]
    fn the_last_day_included_is_the_day_before_a_midnight_end() {
        let range = |start: &str, end: &str| {
            DateRange::new(
                parse_date_time(start).unwrap(),
                parse_date_time(end).unwrap(),
            )
            .unwrap()
        };
        let october = range("2026-10-01", "2026-11-01");
        assert_eq!(october.last_day_included().to_string(), "2026-10-31");
        assert_eq!(october.to_string(), "2026-10-01 to 2026-10-31");
        assert_eq!(range("2026-10-01", "2026-10-02").to_string(), "2026-10-01");
        let partial = range("2026-10-01", "2026-10-31T09:00:00Z");
        assert_eq!(partial.last_day_included().to_string(), "2026-10-31");
        assert_eq!(
            partial.to_string(),
            "2026-10-01T00:00:00Z up to 2026-10-31T09:00:00Z"
        );
    }

    #[test]
    fn presets_resolve_against_now() {
        let draft = QueryDraft {
            dates: DateInput::Preset(Preset::LastMonth),
            ..good()
        };
        let q = validate(&draft, now()).unwrap();
        assert_eq!(format_wire(q.range().start()), "2026-10-01T00:00:00Z");
        assert_eq!(format_wire(q.range().end()), "2026-11-01T00:00:00Z");
    }

    #[test]
    fn missing_everything_reports_every_problem_at_once() {
        let problems = validate(&QueryDraft::default(), now()).unwrap_err();
        let messages: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "The start date is missing (startDate is required).",
                "The end date is missing (endDate is required).",
                "Choose at least one line item type.",
            ]
        );
    }

    #[test]
    fn start_must_be_before_end() {
        let reversed = QueryDraft {
            dates: typed("2026-11-01", "2026-10-01"),
            ..good()
        };
        let problems = validate(&reversed, now()).unwrap_err();
        assert_eq!(
            problems[0].message,
            "The end date (2026-10-01T00:00:00Z) is before the start date (2026-11-01T00:00:00Z)."
        );
        let same = QueryDraft {
            dates: typed("2026-10-01", "2026-10-01T02:00:00+02:00"),
            ..good()
        };
        assert!(
            validate(&same, now()).unwrap_err()[0]
                .message
                .contains("the same")
        );
    }

    #[test]
    fn bad_dates_say_what_is_accepted() {
        let draft = QueryDraft {
            dates: typed("2026-02-30", "soon"),
            ..good()
        };
        let problems = validate(&draft, now()).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert!(
            problems[0]
                .message
                .starts_with("The start date \"2026-02-30\" is not a date")
        );
        assert!(problems[1].message.contains("YYYY-MM-DD"));
    }

    #[test]
    fn line_item_types_must_be_known() {
        let draft = QueryDraft {
            line_item_types: vec!["USAGE".into(), "OVERAGE".into()],
            ..good()
        };
        let problems = validate(&draft, now()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .starts_with("\"OVERAGE\" is not a line item type")
        );
    }

    #[test]
    fn dimension_rules() {
        let dim = |name: &str, filter: &[&str]| Dimension {
            name: name.into(),
            filter: filter.iter().map(|s| s.to_string()).collect(),
            attributes: vec![],
        };
        let draft = QueryDraft {
            dimensions: vec![
                dim("", &["a"]),
                dim("account", &[]),
                dim("product name", &["*"]),
            ],
            ..good()
        };
        assert_eq!(
            fields(&draft),
            ["dimensions[0].name", "dimensions[1].filter"]
        );

        let typo = QueryDraft {
            dimensions: vec![dim("product", &["Compute"]), dim("region", &["emea"])],
            ..good()
        };
        let problems = validate(&typo, now()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, Field::DimensionName(0));
        assert_eq!(
            problems[0].message,
            "Unknown dimension name product; did you mean product name?"
        );

        let at_most = QueryDraft {
            dimensions: vec![dim("account", &["*"]); MAX_DIMENSIONS],
            ..good()
        };
        assert!(validate(&at_most, now()).is_ok());
        let too_many = QueryDraft {
            dimensions: vec![dim("account", &["*"]); MAX_DIMENSIONS + 1],
            ..good()
        };
        assert_eq!(fields(&too_many), ["dimensions"]);
    }

    #[test]
    fn limit_and_version_rules() {
        for (limit, ok) in [
            ("1", true),
            ("2000", true),
            ("0", false),
            ("2001", false),
            ("x", false),
        ] {
            let draft = QueryDraft {
                limit: Some(limit.into()),
                ..good()
            };
            assert_eq!(validate(&draft, now()).is_ok(), ok, "limit {limit}");
        }
        for (version, ok) in [
            ("9223372036854775807", true),
            ("-9223372036854775808", true),
            ("9223372036854775808", false),
            ("1.5", false),
            ("", false),
        ] {
            let draft = QueryDraft {
                version: Some(version.into()),
                ..good()
            };
            assert_eq!(validate(&draft, now()).is_ok(), ok, "version {version}");
        }
    }
}
