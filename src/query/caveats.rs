//! What is worth a warning about a valid query or its answer, though nothing is wrong enough to
//! refuse: the CLI prints these as `warning: ...` lines, the screen shows the same sentences.

use std::fmt;

use super::{BillQuery, DateRange, Dimension, KNOWN_DIMENSION_NAMES, Limit, LineItemType};

/// A warning about a query or its answer. `Display` gives the sentence (no full stop, lower
/// case, as it follows `warning: `).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caveat {
    /// A dimension name m3ter does not document for bill data. Its schema takes any name, so
    /// the query is sent as typed (clear typos of known names are problems instead, see
    /// [`super::dimension_name_typo`]).
    UnknownDimension { name: String },
    /// The answer holds a header and no data rows.
    NoRows {
        /// The dimensions that narrow the query (wildcards left out).
        filters: Vec<Dimension>,
        /// The line item types asked for, or none when every type was.
        types: Vec<LineItemType>,
        range: DateRange,
    },
    /// The answer holds exactly as many rows as the query's limit: it is probably cut.
    AtLimit { limit: Limit },
    /// The answer of a query with no limit holds as many rows as the largest limit, or more:
    /// it may be cut.
    Unlimited { rows: u64 },
    /// Pieces of a split fetch (named as [`super::piece_label`] names them) still held exactly
    /// the limit where they could be cut no more.
    StillCut {
        pieces: Vec<String>,
        /// Whether they were cut as far as they go (`--split auto`), or not tried (by month).
        as_far_as_they_go: bool,
    },
}

impl BillQuery {
    /// The warnings to give before sending this query; it is sent all the same.
    pub fn warnings(&self) -> Vec<Caveat> {
        let mut names: Vec<&str> = Vec::new();
        for d in self.dimensions() {
            if !KNOWN_DIMENSION_NAMES.contains(&d.name.as_str()) && !names.contains(&&*d.name) {
                names.push(&d.name);
            }
        }
        names
            .into_iter()
            .map(|name| Caveat::UnknownDimension {
                name: name.to_string(),
            })
            .collect()
    }

    /// How many data rows of the answer to count to say every caveat about it: all of them,
    /// since every fetch says its line count (a reader checks the file is whole by it).
    pub fn rows_worth_counting(&self) -> u64 {
        u64::MAX
    }

    /// The caveat about an answer of `rows` data rows, if there is one.
    pub fn answer_caveat(&self, rows: u64) -> Option<Caveat> {
        if rows == 0 {
            let all = LineItemType::ALL
                .iter()
                .all(|t| self.line_item_types().contains(t));
            return Some(Caveat::NoRows {
                filters: self
                    .dimensions()
                    .iter()
                    .filter(|d| !d.is_wildcard())
                    .cloned()
                    .collect(),
                types: if all {
                    Vec::new()
                } else {
                    self.line_item_types().to_vec()
                },
                range: self.range(),
            });
        }
        match self.limit() {
            Some(limit) => (u64::from(limit.get()) == rows).then_some(Caveat::AtLimit { limit }),
            // Without a limit m3ter still answers at most so many lines, as far as its
            // documentation goes: as many or more may be a cut answer.
            None => (rows >= u64::from(Limit::MAX)).then_some(Caveat::Unlimited { rows }),
        }
    }
}

impl fmt::Display for Caveat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Caveat::UnknownDimension { name } => write!(
                f,
                "dimension {name} is not one m3ter documents for bill data ({}); it is sent as typed",
                KNOWN_DIMENSION_NAMES.join(", ")
            ),
            Caveat::NoRows {
                filters,
                types,
                range,
            } => {
                let types = types_phrase(types);
                if filters.is_empty() {
                    f.write_str("0 rows: no bill lines")?;
                    if let Some(types) = &types {
                        write!(f, " of {types}")?;
                    }
                } else {
                    let filters: Vec<String> = filters
                        .iter()
                        .map(|d| format!("{} = {}", d.name, d.filter.join(", ")))
                        .collect();
                    write!(f, "0 rows: nothing matched {}", filters.join(" and "))?;
                    if let Some(types) = &types {
                        write!(f, " with {types}")?;
                    }
                }
                write!(f, " in this period ({range})")
            }
            Caveat::Unlimited { rows } => write!(
                f,
                "{rows} rows with no limit set: m3ter answers at most {} lines a request as far as it documents, so the answer may be cut; split the range (e.g. one month at a time) to fetch it whole",
                Limit::MAX
            ),
            Caveat::AtLimit { limit } => {
                write!(
                    f,
                    "{limit} rows, exactly the limit: the answer is probably cut; "
                )?;
                if limit.get() < Limit::MAX {
                    write!(f, "raise the limit (up to {}) or ", Limit::MAX)?;
                }
                f.write_str("split the range (e.g. one month at a time)")
            }
            Caveat::StillCut {
                pieces,
                as_far_as_they_go,
            } => {
                let (n, s, it, its) = match pieces.len() {
                    1 => ("1".to_string(), "", "it", "its"),
                    n => (n.to_string(), "s", "they", "their"),
                };
                let list = pieces.join(", ");
                if *as_far_as_they_go {
                    write!(
                        f,
                        "{n} piece{s} still held exactly the limit where {it} could be cut no more ({list}): the file may lack some of {its} lines; narrow the query (by account or product) or raise the limit"
                    )
                } else {
                    write!(
                        f,
                        "{n} piece{s} held exactly the limit ({list}): probably cut, so the file may lack some of {its} lines; --split auto cuts {} further",
                        if pieces.len() == 1 { "it" } else { "them" }
                    )
                }
            }
        }
    }
}

/// The types of a query in words, `None` for every type.
fn types_phrase(types: &[LineItemType]) -> Option<String> {
    let names = || {
        types
            .iter()
            .map(|t| t.wire_name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match types.len() {
        0 => None,
        1 => Some(format!("type {}", names())),
        2..=4 => Some(format!("types {}", names())),
        n => Some(format!("these {n} line item types")),
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::query::{DateInput, QueryDraft, validate};

    fn query(types: &[&str], dims: &[(&str, &[&str])], limit: Option<&str>) -> BillQuery {
        let draft = QueryDraft {
            dates: DateInput::Typed {
                start: Some("2026-10-01".into()),
                end: Some("2026-10-31".into()),
            },
            line_item_types: types.iter().map(|t| t.to_string()).collect(),
            dimensions: dims
                .iter()
                .map(|(name, values)| Dimension {
                    name: name.to_string(),
                    filter: values.iter().map(|v| v.to_string()).collect(),
                    attributes: Vec::new(),
                })
                .collect(),
            limit: limit.map(str::to_string),
            ..QueryDraft::default()
        };
        validate(&draft, Utc::now()).unwrap()
    }

    fn all() -> Vec<&'static str> {
        LineItemType::ALL.iter().map(|t| t.wire_name()).collect()
    }

    #[test]
    fn names_m3ter_does_not_document_are_warned_about_once() {
        let q = query(
            &["USAGE"],
            &[
                ("region", &["emea"]),
                ("account", &["a"]),
                ("region", &["us"]),
            ],
            None,
        );
        let warnings: Vec<String> = q.warnings().iter().map(|w| w.to_string()).collect();
        assert_eq!(
            warnings,
            [
                "dimension region is not one m3ter documents for bill data (account, product name); it is sent as typed"
            ]
        );
        assert!(
            query(&["USAGE"], &[("account", &["*"])], None)
                .warnings()
                .is_empty()
        );
    }

    #[test]
    fn an_empty_answer_names_what_narrowed_it() {
        let say = |q: &BillQuery| q.answer_caveat(0).map(|c| c.to_string());
        assert_eq!(
            say(&query(&all(), &[("account", &["acmee"])], None)).as_deref(),
            Some(
                "0 rows: nothing matched account = acmee in this period (2026-10-01 to 2026-10-30)"
            )
        );
        assert_eq!(
            say(&query(
                &["USAGE", "OVERAGE_USAGE"],
                &[
                    ("account", &["acme", "globex"]),
                    ("product name", &["Seats"]),
                    ("product name", &["*"])
                ],
                None
            ))
            .as_deref(),
            Some(
                "0 rows: nothing matched account = acme, globex and product name = Seats with types USAGE, OVERAGE_USAGE in this period (2026-10-01 to 2026-10-30)"
            )
        );
        assert_eq!(
            say(&query(&["AD_HOC"], &[("account", &["*"])], None)).as_deref(),
            Some("0 rows: no bill lines of type AD_HOC in this period (2026-10-01 to 2026-10-30)")
        );
        assert_eq!(
            say(&query(&all(), &[], None)).as_deref(),
            Some("0 rows: no bill lines in this period (2026-10-01 to 2026-10-30)")
        );
        assert_eq!(
            say(&query(&all()[..6], &[], Some("10"))).as_deref(),
            Some(
                "0 rows: no bill lines of these 6 line item types in this period (2026-10-01 to 2026-10-30)"
            )
        );
    }

    #[test]
    fn an_answer_as_long_as_the_limit_is_probably_cut() {
        let q = query(&["USAGE"], &[], Some("500"));
        assert_eq!(
            q.rows_worth_counting(),
            u64::MAX,
            "every line is counted, and said"
        );
        assert_eq!(
            q.answer_caveat(500).map(|c| c.to_string()).as_deref(),
            Some(
                "500 rows, exactly the limit: the answer is probably cut; raise the limit (up to 2000) or split the range (e.g. one month at a time)"
            )
        );
        assert_eq!(q.answer_caveat(499), None);
        assert_eq!(
            query(&["USAGE"], &[], Some("2000"))
                .answer_caveat(2000)
                .map(|c| c.to_string())
                .as_deref(),
            Some(
                "2000 rows, exactly the limit: the answer is probably cut; split the range (e.g. one month at a time)"
            )
        );
        let unlimited = query(&["USAGE"], &[], None);
        assert_eq!(unlimited.answer_caveat(1), None);
        assert_eq!(unlimited.answer_caveat(1999), None);
        assert_eq!(
            unlimited
                .answer_caveat(2065)
                .map(|c| c.to_string())
                .as_deref(),
            Some(
                "2065 rows with no limit set: m3ter answers at most 2000 lines a request as far as it documents, so the answer may be cut; split the range (e.g. one month at a time) to fetch it whole"
            )
        );
    }
}
