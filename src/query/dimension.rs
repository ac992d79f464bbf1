//! Dimension filters: which accounts or products a query is narrowed to.

use serde::Serialize;

/// The API takes at most this many dimensions in one query.
pub const MAX_DIMENSIONS: usize = 100;

/// The dimension names m3ter documents for bill data.
pub const KNOWN_DIMENSION_NAMES: [&str; 2] = ["account", "product name"];

/// One entry of `dimensions`: a dimension name, the values to keep (`*` keeps every value),
/// and optionally which attributes of it to return.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dimension {
    pub name: String,
    pub filter: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<String>,
}

impl Dimension {
    /// Whether this dimension keeps every value (its filter is `*`).
    pub fn is_wildcard(&self) -> bool {
        self.filter.iter().any(|v| v == "*")
    }

    /// Splits a list typed by a person, on commas or new lines, dropping blanks.
    pub fn split_values(text: &str) -> Vec<String> {
        text.split([',', '\n'])
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_split_on_commas_and_lines() {
        assert_eq!(
            Dimension::split_values("acme, globex\n\ninitech,,"),
            ["acme", "globex", "initech"]
        );
        assert!(Dimension::split_values(" , \n").is_empty());
    }

    #[test]
    fn attributes_are_left_out_when_empty() {
        let d = Dimension {
            name: "account".into(),
            filter: vec!["*".into()],
            attributes: vec![],
        };
        assert!(d.is_wildcard());
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"name":"account","filter":["*"]}"#
        );
    }
}
