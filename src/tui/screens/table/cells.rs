//! A cell as the table shows it: numbers right-aligned and grouped, text cut to the width.

use crate::explore::{Amount, group_thousands};

/// How a column's cells are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Text,
    /// Right-aligned with thousands separators.
    Number,
    /// Right-aligned as written: a year, a day, a version.
    Plain,
}

/// A cell as shown: numbers right-aligned, amounts with thousands separators, text cut to the
/// width.
pub fn shown(cell: &str, width: usize, look: Look) -> String {
    let text = match look {
        Look::Number => pretty_number(cell),
        Look::Plain => cell.trim().to_string(),
        Look::Text => cell.to_string(),
    };
    let numeric = look != Look::Text;
    let count = text.chars().count();
    if count > width {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    } else if numeric {
        format!("{text:>width$}")
    } else {
        format!("{text:<width$}")
    }
}

/// `1234567.5` as `1,234,567.5`: the digits as written, grouped.
fn pretty_number(cell: &str) -> String {
    let trimmed = cell.trim();
    if Amount::parse(trimmed.as_bytes()).is_none() || trimmed.contains(',') {
        return trimmed.to_string();
    }
    let (sign, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", trimmed.trim_start_matches('+')),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, format!(".{f}")),
        None => (digits, String::new()),
    };
    format!(
        "{sign}{}{fraction}",
        group_thousands(if whole.is_empty() { "0" } else { whole })
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_separators_and_keep_their_decimals() {
        assert_eq!(pretty_number("1234567.5"), "1,234,567.5");
        assert_eq!(pretty_number("-1000"), "-1,000");
        assert_eq!(pretty_number("12"), "12");
        assert_eq!(pretty_number("1,234"), "1,234");
        assert_eq!(pretty_number("acme"), "acme");
        assert_eq!(shown("1234.5", 10, Look::Number), "   1,234.5");
        assert_eq!(shown("2026", 6, Look::Plain), "  2026");
        assert_eq!(shown("a long name", 6, Look::Text), "a lon…");
    }
}
