//! Dimension filters: which accounts or products a query is narrowed to.

use serde::Serialize;

/// The API takes at most this many dimensions in one query.
pub const MAX_DIMENSIONS: usize = 100;

/// The dimension names m3ter documents for bill data.
pub const KNOWN_DIMENSION_NAMES: [&str; 2] = ["account", "product name"];

/// The known dimension name that `name` is clearly a typo of, or `None` when `name` is a known
/// name itself or is not close to one.
///
/// The rule, on "compact" forms (lower case, letters and digits only, so `productName`,
/// `product_name` and `Product Name` all read `productname`), for each known name:
/// - the compact forms are equal, but `name` is not written exactly as m3ter spells it
///   (`Account`, `productName`, `product_name`);
/// - or they are at most one edit apart for every five letters of the known name (Damerau-
///   Levenshtein: `acount`, `accounts`, `acconut` for account; two edits for product name);
/// - or the known name starts with `name`, at least four letters of it, with or without a
///   final `s` (`product`, `products`, `prod`, `acco`).
///
/// m3ter's schema allows other names, so anything further away (`region`) is not refused; it
/// is only warned about (see [`super::Caveat::UnknownDimension`]).
pub fn dimension_name_typo(name: &str) -> Option<&'static str> {
    if KNOWN_DIMENSION_NAMES.contains(&name) {
        return None;
    }
    let typed = compact(name);
    let stem = typed.strip_suffix('s').unwrap_or(&typed);
    KNOWN_DIMENSION_NAMES.into_iter().find(|known| {
        let known_compact = compact(known);
        let allowed = known_compact.len() / 5;
        typed == known_compact
            || strsim::damerau_levenshtein(&typed, &known_compact) <= allowed
            || (stem.len() >= 4 && known_compact.starts_with(stem))
    })
}

fn compact(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

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
    fn typos_of_known_names_are_told_apart_from_other_names() {
        for (typed, known) in [
            ("Account", "account"),
            ("ACCOUNT", "account"),
            ("acount", "account"),
            ("accounts", "account"),
            ("acconut", "account"),
            ("acco", "account"),
            ("product", "product name"),
            ("products", "product name"),
            ("productName", "product name"),
            ("product_name", "product name"),
            ("product-name", "product name"),
            ("Product Name", "product name"),
            ("prodct name", "product name"),
            ("prod", "product name"),
        ] {
            assert_eq!(dimension_name_typo(typed), Some(known), "{typed}");
        }
        for other in [
            "account",
            "product name",
            "region",
            "acc",
            "accountingCode",
            "name",
            "",
        ] {
            assert_eq!(dimension_name_typo(other), None, "{other}");
        }
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
