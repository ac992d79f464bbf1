//! A report as its TOML file says it: what to fetch, the views to answer, and the files to
//! write. Read strictly (an unknown key is a mistake, not an extra), and every refusal names
//! the line it is about.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A report's recipe.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    /// What the report is for, in a sentence (shown by `report list`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The period the report is about, relative (`last-month`) or fixed (`2026-11`): what
    /// `{period}` names, and B when a comparison gives none.
    pub period: String,
    #[serde(default, skip_serializing_if = "QueryPart::is_empty")]
    pub query: QueryPart,
    #[serde(default, rename = "view")]
    pub views: Vec<ViewPart>,
    pub output: OutputPart,
}

/// What to ask m3ter for. Without a period, the query covers every period the views need.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QueryPart {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Line item types, wire names or groups; every type when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// Dimension filters: `account = ["acme", "globex"]`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub dimensions: BTreeMap<String, Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `auto` (the default: halve wherever m3ter cut an answer) or `month`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split: Option<String>,
}

impl QueryPart {
    /// Whether it says nothing (every type, no filter): the file need not show it.
    pub fn is_empty(&self) -> bool {
        *self == QueryPart::default()
    }
}

/// What kind of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ViewKind {
    Pivot,
    Compare,
}

/// One view: a pivot, a comparison, or a period against its usual (a comparison with a
/// baseline). The keys are the command line's flags of `pivot` and `compare`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ViewPart {
    pub name: String,
    pub kind: ViewKind,
    /// Pivot: the rows, up to three levels (`account,productName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<String>,
    /// Pivot: `month` (the default), `quarter`, `year` or a column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cols: Option<String>,
    /// Pivot: only the lines of this period (every line fetched when not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Compare: the key, up to three levels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a: Option<String>,
    /// Compare: the report's period when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b: Option<String>,
    /// Compare: B against the mean of this many periods before it, instead of A.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_change: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<String>,
    /// Compare: change (the default), growth, decline, a, b or name. Pivot: total (the
    /// default), name or last (the largest in the last column first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub flagged: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top: Option<usize>,
    /// `subtotal` (the default), `converted` or `quantity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// `COLUMN=REGEX`, every one must match.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filter: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_bill_date: bool,
}

impl ViewPart {
    /// A view of `kind` called `name`, every key left to its default.
    pub fn named(name: &str, kind: ViewKind) -> ViewPart {
        ViewPart {
            name: name.to_string(),
            kind,
            rows: None,
            cols: None,
            period: None,
            by: None,
            a: None,
            b: None,
            baseline: None,
            min_pct: None,
            min_change: None,
            status: Vec::new(),
            sort: None,
            flagged: false,
            top: None,
            measure: None,
            filter: Vec::new(),
            by_bill_date: false,
        }
    }
}

/// The files to write, named from templates: `{period}`, `{as_of}`, `{name}` (the report's
/// name) and, in `csv`, `{view}` (the view's name made fit for a file name).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutputPart {
    /// One workbook: the lines, a sheet per view, and About.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workbook: Option<String>,
    /// A CSV file per view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv: Option<String>,
    /// Where the files go (`--out` wins); the folder the command runs in when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder: Option<String>,
}

/// Why a report file cannot be used, with the line it is about when there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{reason}", .line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct RecipeError {
    pub line: Option<usize>,
    pub reason: String,
}

impl RecipeError {
    pub fn new(line: Option<usize>, reason: impl Into<String>) -> RecipeError {
        RecipeError {
            line,
            reason: reason.into(),
        }
    }
}

/// Reads a recipe; a key it does not know, a missing one or a value of the wrong kind is
/// refused with its line.
pub fn parse(text: &str) -> Result<Recipe, RecipeError> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        RecipeError::new(line, e.message().trim().to_string())
    })
}

/// The recipe as a file would say it.
pub fn to_text(recipe: &Recipe) -> String {
    toml::to_string(recipe).unwrap_or_default()
}

/// The line (from 1) holding byte `at` of `text`.
pub fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Where things are in the file, for errors found after reading it.
#[derive(Debug, Clone, Default)]
pub struct Lines {
    text: String,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        Lines {
            text: text.to_string(),
        }
    }

    /// The line of `key = ...` in `section` (the top of the file, a `[table]`, or the `n`th
    /// `[[view]]` from 0), else of the section's header when the key is not written.
    pub fn of(&self, section: Section, key: &str) -> Option<usize> {
        let mut in_it = matches!(section, Section::Top);
        let mut views = 0usize;
        let mut header = None;
        for (i, raw) in self.text.lines().enumerate() {
            let line = raw.trim();
            if line.starts_with('[') {
                let name = line.trim_matches(|c| c == '[' || c == ']').trim();
                in_it = match section {
                    Section::Top => false,
                    Section::Table(wanted) => name == wanted,
                    Section::View(n) => {
                        let this = name == "view" && line.starts_with("[[");
                        if this {
                            views += 1;
                        }
                        this && views == n + 1
                    }
                };
                if in_it {
                    header = Some(i + 1);
                }
                continue;
            }
            let named = line
                .split_once('=')
                .map(|(k, _)| k.trim().trim_matches('"'))
                .is_some_and(|k| k == key);
            if in_it && named {
                return Some(i + 1);
            }
        }
        header
    }
}

/// A part of a report file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Top,
    Table(&'static str),
    View(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
period = "last-month"

[query]
types = ["all"]

[[view]]
name = "By account and product"
kind = "pivot"
rows = "account,productName"

[[view]]
name = "Against the month before"
kind = "compare"
by = "account"
a = "month-2"

[output]
workbook = "month-end-{period}.xlsx"
"#;

    #[test]
    fn a_recipe_reads_and_says_where_each_key_is() {
        let recipe = parse(GOOD).unwrap();
        assert_eq!(recipe.views.len(), 2);
        assert_eq!(recipe.views[1].a.as_deref(), Some("month-2"));
        let lines = Lines::new(GOOD);
        assert_eq!(lines.of(Section::View(1), "a"), Some(16));
        assert_eq!(
            lines.of(Section::View(0), "cols"),
            Some(7),
            "the view's header"
        );
        assert_eq!(lines.of(Section::Top, "period"), Some(2));
        assert_eq!(lines.of(Section::Table("output"), "workbook"), Some(19));
        // What it writes reads back the same.
        assert_eq!(parse(&to_text(&recipe)).unwrap(), recipe);
    }

    #[test]
    fn an_unknown_key_or_a_wrong_kind_is_refused_with_its_line() {
        let typo = GOOD.replace("rows = ", "rowz = ");
        let e = parse(&typo).unwrap_err();
        assert_eq!(e.line, Some(10), "{e}");
        assert!(e.reason.contains("rowz"), "{e}");
        let kind = GOOD.replace("kind = \"compare\"", "kind = \"chart\"");
        let e = parse(&kind).unwrap_err();
        assert_eq!(e.line, Some(14), "{e}");
        let broken = GOOD.replace("[output]", "[output");
        assert!(parse(&broken).unwrap_err().line.is_some());
    }
}
