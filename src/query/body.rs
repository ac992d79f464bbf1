//! Reading a request body (a file a person wrote, or a request the demo server received).

use serde_json::{Map, Value};

use super::{DateInput, Dimension, Field, Preset, Problem, QueryDraft, nearest, parse_date_time};

const BODY_FIELDS: [&str; 6] = [
    "startDate",
    "endDate",
    "lineItemTypes",
    "dimensions",
    "limit",
    "version",
];
/// A file a person keeps may name a preset instead of the two dates (saved queries do).
const FILE_FIELDS: [&str; 7] = [
    "preset",
    "startDate",
    "endDate",
    "lineItemTypes",
    "dimensions",
    "limit",
    "version",
];
const DIMENSION_FIELDS: [&str; 3] = ["name", "filter", "attributes"];

/// How a draft's dates are written by [`draft_to_json`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatesAs {
    /// A preset stays a preset (`"preset": "last-month"`), as in a saved query.
    Kept,
    /// Presets resolved at this moment, and typed dates in the wire form where they parse.
    ResolvedAt(chrono::DateTime<chrono::Utc>),
}

/// A draft as the JSON of a body file, pretty-printed, fields in the API's order. Text that is
/// not yet a date or a number is kept as typed, so nothing is lost and validation can say what
/// is wrong with it when the file is read back. Always valid JSON.
pub fn draft_to_json(draft: &QueryDraft, dates: DatesAs) -> String {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct FileBody<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        preset: Option<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        start_date: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        end_date: Option<String>,
        line_item_types: &'a [String],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        dimensions: &'a [Dimension],
        #[serde(skip_serializing_if = "Option::is_none")]
        limit: Option<Value>,
        #[serde(skip_serializing_if = "Option::is_none")]
        version: Option<Value>,
    }
    let wire = |text: &Option<String>| {
        text.as_ref().map(|t| {
            parse_date_time(t)
                .map(super::format_wire)
                .unwrap_or_else(|_| t.clone())
        })
    };
    let (preset, start_date, end_date) = match (&draft.dates, dates) {
        (DateInput::Preset(p), DatesAs::Kept) => (Some(p.name()), None, None),
        (DateInput::Preset(p), DatesAs::ResolvedAt(now)) => {
            let (start, end) = p.range(now);
            (
                None,
                Some(super::format_wire(start)),
                Some(super::format_wire(end)),
            )
        }
        (DateInput::Typed { start, end }, DatesAs::Kept) => (None, start.clone(), end.clone()),
        (DateInput::Typed { start, end }, DatesAs::ResolvedAt(_)) => (None, wire(start), wire(end)),
    };
    let number = |text: &Option<String>| {
        text.as_ref().map(|t| {
            t.trim()
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(t.clone()))
        })
    };
    let body = FileBody {
        preset,
        start_date,
        end_date,
        line_item_types: &draft.line_item_types,
        dimensions: &draft.dimensions,
        limit: number(&draft.limit),
        version: number(&draft.version),
    };
    serde_json::to_string_pretty(&body).unwrap_or_default()
}

/// Where a body comes from, which decides how forgiving reading it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodySource {
    /// A file a person wrote: plain `YYYY-MM-DD` dates are welcome, and an unknown field is
    /// refused, since it is almost always a typo that would silently change the query.
    File,
    /// A request on the wire, read as m3ter reads it: dates must be full ISO 8601 date-times,
    /// and fields the schema does not name are ignored.
    Wire,
}

/// A body that cannot be read as a query at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    #[error("The body is not valid JSON: {0}.")]
    Syntax(String),
    #[error("The body must be a JSON object such as {{\"startDate\": ...}}, not {0}.")]
    NotAnObject(&'static str),
}

/// Reads a JSON body into a draft. Problems with individual fields (wrong JSON types, unknown
/// fields) are kept in the draft and reported by [`super::validate`] with every other problem.
pub fn draft_from_json(text: &str, source: BodySource) -> Result<QueryDraft, BodyError> {
    let value: Value = serde_json::from_str(text).map_err(|e| BodyError::Syntax(e.to_string()))?;
    let Value::Object(object) = value else {
        return Err(BodyError::NotAnObject(kind(&value)));
    };
    let mut reader = Reader {
        source,
        problems: Vec::new(),
    };
    let known: &[&str] = match source {
        BodySource::File => &FILE_FIELDS,
        BodySource::Wire => &BODY_FIELDS,
    };
    reader.unknown_fields(&object, known, "");
    let typed = DateInput::Typed {
        start: reader.date(&object, "startDate", Field::StartDate),
        end: reader.date(&object, "endDate", Field::EndDate),
    };
    let dates = match (source, object.get("preset")) {
        (BodySource::File, Some(value)) => reader.preset(value, &typed).unwrap_or(typed),
        _ => typed,
    };
    let draft = QueryDraft {
        dates,
        line_item_types: reader.strings(&object, "lineItemTypes", Field::LineItemTypes),
        dimensions: reader.dimensions(&object),
        limit: reader.integer(&object, "limit", Field::Limit),
        version: reader.integer(&object, "version", Field::Version),
        read_problems: Vec::new(),
    };
    Ok(QueryDraft {
        read_problems: reader.problems,
        ..draft
    })
}

struct Reader {
    source: BodySource,
    problems: Vec<Problem>,
}

impl Reader {
    fn complain(&mut self, field: Field, message: String) {
        self.problems.push(Problem::new(field, message));
    }

    /// A named range in place of the dates; `None` (after saying why) when it cannot be used.
    fn preset(&mut self, value: &Value, typed: &DateInput) -> Option<DateInput> {
        let has_dates =
            matches!(typed, DateInput::Typed { start, end } if start.is_some() || end.is_some());
        let field = Field::Body(Some("preset".to_string()));
        if has_dates {
            self.complain(
                field,
                "Give either preset or startDate and endDate, not both.".to_string(),
            );
            return None;
        }
        let Value::String(name) = value else {
            self.complain(
                field,
                format!(
                    "preset must be a name such as \"last-month\", not {}.",
                    kind(value)
                ),
            );
            return None;
        };
        match name.parse::<Preset>() {
            Ok(p) => Some(DateInput::Preset(p)),
            Err(e) => {
                self.complain(field, format!("{e}."));
                None
            }
        }
    }

    /// A date field as text. JSON `null` counts as absent, as it does for the API.
    fn date(&mut self, object: &Map<String, Value>, key: &str, field: Field) -> Option<String> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => {
                if self.source == BodySource::Wire
                    && parse_date_time(s).is_ok()
                    && chrono::DateTime::parse_from_rfc3339(s.trim()).is_err()
                {
                    self.complain(
                        field,
                        format!("{key} must be an ISO 8601 date-time such as 2026-10-01T00:00:00Z, not \"{s}\"."),
                    );
                }
                Some(s.clone())
            }
            Some(other) => {
                self.complain(
                    field,
                    format!("{key} must be a date-time string, not {}.", kind(other)),
                );
                None
            }
        }
    }

    fn strings(&mut self, object: &Map<String, Value>, key: &str, field: Field) -> Vec<String> {
        match object.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|item| match item {
                    Value::String(s) => Some(s.clone()),
                    other => {
                        self.complain(
                            field.clone(),
                            format!("{field} must hold strings, not {}.", kind(other)),
                        );
                        None
                    }
                })
                .collect(),
            Some(other) => {
                self.complain(
                    field.clone(),
                    format!("{field} must be a list of strings, not {}.", kind(other)),
                );
                Vec::new()
            }
        }
    }

    /// A whole-number field as its text, so that validation judges its range.
    fn integer(&mut self, object: &Map<String, Value>, key: &str, field: Field) -> Option<String> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(other) => {
                self.complain(
                    field,
                    format!("{key} must be a whole number, not {}.", kind(other)),
                );
                None
            }
        }
    }

    fn dimensions(&mut self, object: &Map<String, Value>) -> Vec<Dimension> {
        let items = match object.get("dimensions") {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Array(items)) => items,
            Some(other) => {
                self.complain(
                    Field::Dimensions,
                    format!("dimensions must be a list, not {}.", kind(other)),
                );
                return Vec::new();
            }
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let Value::Object(d) = item else {
                    self.complain(
                        Field::Dimensions,
                        format!(
                            "dimensions[{i}] must be an object such as {{\"name\": \"account\", \"filter\": [\"*\"]}}, not {}.",
                            kind(item)
                        ),
                    );
                    return None;
                };
                let name = match d.get("name") {
                    None | Some(Value::Null) => String::new(),
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => {
                        self.complain(
                            Field::DimensionName(i),
                            format!("dimensions[{i}].name must be a string, not {}.", kind(other)),
                        );
                        String::new()
                    }
                };
                let dimension = Dimension {
                    name,
                    filter: self.strings(d, "filter", Field::DimensionFilter(i)),
                    attributes: self.strings(d, "attributes", Field::DimensionAttributes(i)),
                };
                self.unknown_fields(d, &DIMENSION_FIELDS, &format!("dimensions[{i}]."));
                Some(dimension)
            })
            .collect()
    }

    fn unknown_fields(&mut self, object: &Map<String, Value>, known: &[&str], prefix: &str) {
        if self.source == BodySource::Wire {
            return;
        }
        for key in object.keys().filter(|k| !known.contains(&k.as_str())) {
            let message = match nearest(key, known.iter().copied()) {
                Some(near) => format!("Unknown field {prefix}{key}; did you mean {prefix}{near}?"),
                None => format!(
                    "Unknown field {prefix}{key}; the fields are {}.",
                    known.join(", ")
                ),
            };
            self.complain(Field::Body(Some(format!("{prefix}{key}"))), message);
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::validate;

    fn now() -> chrono::DateTime<chrono::Utc> {
        parse_date_time("2026-11-27T00:00:00Z").unwrap()
    }

    fn messages(text: &str, source: BodySource) -> Vec<String> {
        let draft = draft_from_json(text, source).unwrap();
        match validate(&draft, now()) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.into_iter().map(|p| p.message).collect(),
        }
    }

    #[test]
    fn a_full_body_round_trips() {
        let text = r#"{"startDate":"2026-10-01T00:00:00Z","endDate":"2026-11-01T00:00:00Z","lineItemTypes":["USAGE","AD_HOC"],"dimensions":[{"name":"account","filter":["acme","globex"],"attributes":["name"]}],"limit":50,"version":2}"#;
        for source in [BodySource::File, BodySource::Wire] {
            let draft = draft_from_json(text, source).unwrap();
            assert_eq!(validate(&draft, now()).unwrap().to_json(), text);
        }
    }

    #[test]
    fn unknown_fields_name_the_nearest_known_one() {
        let text = r#"{"startDate":"2026-10-01","endDate":"2026-11-01","lineItemType":["USAGE"],"dimensions":[{"name":"account","filters":["*"]}]}"#;
        assert_eq!(
            messages(text, BodySource::File),
            [
                "Unknown field lineItemType; did you mean lineItemTypes?",
                "Unknown field dimensions[0].filters; did you mean dimensions[0].filter?",
                "Choose at least one line item type.",
                "Dimension 1 (account) has no filter value; give at least one, or * for every value.",
            ]
        );
        let far = r#"{"startDate":"2026-10-01T00:00:00Z","endDate":"2026-11-01T00:00:00Z","lineItemTypes":["USAGE"],"colour":1}"#;
        assert_eq!(
            messages(far, BodySource::File),
            [
                "Unknown field colour; the fields are preset, startDate, endDate, lineItemTypes, dimensions, limit, version."
            ]
        );
        assert!(messages(far, BodySource::Wire).is_empty());
    }

    #[test]
    fn a_file_may_name_a_preset_instead_of_dates() {
        let text = r#"{"preset":"last-quarter","lineItemTypes":["USAGE"]}"#;
        let draft = draft_from_json(text, BodySource::File).unwrap();
        assert_eq!(draft.dates, DateInput::Preset(Preset::LastQuarter));
        assert!(messages(text, BodySource::File).is_empty());
        let both = r#"{"preset":"last-month","startDate":"2026-01-01","endDate":"2026-02-01","lineItemTypes":["USAGE"]}"#;
        assert_eq!(
            messages(both, BodySource::File),
            ["Give either preset or startDate and endDate, not both."]
        );
        let bad = r#"{"preset":"fortnight","lineItemTypes":["USAGE"]}"#;
        assert!(messages(bad, BodySource::File)[0].starts_with("\"fortnight\" is not a preset"));
        // m3ter knows no presets: on the wire it is an unknown field, and the dates are missing.
        assert_eq!(messages(text, BodySource::Wire).len(), 2);
    }

    #[test]
    fn plain_dates_are_for_people_not_the_wire() {
        let text = r#"{"startDate":"2026-10-01","endDate":"2026-11-01T00:00:00Z","lineItemTypes":["USAGE"]}"#;
        assert!(messages(text, BodySource::File).is_empty());
        assert_eq!(
            messages(text, BodySource::Wire),
            [
                "startDate must be an ISO 8601 date-time such as 2026-10-01T00:00:00Z, not \"2026-10-01\"."
            ]
        );
    }

    #[test]
    fn wrong_json_types_are_problems_not_crashes() {
        let text = r#"{"startDate":20261001,"endDate":null,"lineItemTypes":"USAGE","dimensions":[3],"limit":"ten","version":1.5}"#;
        let got = messages(text, BodySource::File);
        assert_eq!(
            got,
            [
                "startDate must be a date-time string, not a number.",
                "lineItemTypes must be a list of strings, not a string.",
                "dimensions[0] must be an object such as {\"name\": \"account\", \"filter\": [\"*\"]}, not a number.",
                "limit must be a whole number, not a string.",
                "The end date is missing (endDate is required).",
                "The version must be a whole number (a 64-bit integer); \"1.5\" is not.",
            ]
        );
    }

    #[test]
    fn unreadable_bodies_are_one_error() {
        assert!(matches!(
            draft_from_json("{\"startDate\": ", BodySource::File),
            Err(BodyError::Syntax(_))
        ));
        assert_eq!(
            draft_from_json("[1]", BodySource::Wire),
            Err(BodyError::NotAnObject("a list"))
        );
    }
}
