//! An account's name beside its code in the views of a file that carries codes only (an
//! `account` column and no `accountName`): the names come from m3ter's list of accounts, the one
//! the builder suggests from. They are only shown: exports and copies hold the file's values.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use crate::explore::find_column;
use crate::fetch::Lookup;
use crate::m3ter::ListKind;

/// Account codes and their names, shared by every view of one file.
pub type Names = Arc<HashMap<String, String>>;

/// The names of the accounts of one file's account column.
#[derive(Debug, Clone, Default)]
pub struct AccountNames {
    /// The file's column of account codes (its index and header), when it has no column of
    /// names: only then are names wanted.
    column: Option<(usize, String)>,
    names: Option<Names>,
}

/// What goes between a code and its name.
const BETWEEN: &str = " · ";

impl AccountNames {
    /// What a file with `headers` wants: names for its `account` column when it has no
    /// `accountName`.
    pub fn for_headers(headers: &[String]) -> AccountNames {
        let named = find_column(headers, &["accountName", "account name"]).is_some();
        let column = find_column(headers, &["account", "accountCode", "account code"])
            .filter(|_| !named)
            .map(|c| (c, headers[c].clone()));
        AccountNames {
            column,
            names: None,
        }
    }

    /// Whether the file would show names it does not have yet.
    pub fn wanted(&self) -> bool {
        self.column.is_some() && self.names.is_none()
    }

    /// Takes the names of the list, when the file wants them. Whether anything changed.
    pub fn learn(&mut self, names: &Names) -> bool {
        if self.column.is_none() || self.names.as_ref().is_some_and(|n| Arc::ptr_eq(n, names)) {
            return false;
        }
        self.names = Some(names.clone());
        true
    }

    /// The file column of account codes, while names for it are known.
    pub fn named_column(&self) -> Option<usize> {
        self.names.as_ref()?;
        self.column.as_ref().map(|(c, _)| *c)
    }

    /// The name of the account `code`, a value of the column headed `column`.
    pub fn name(&self, column: &str, code: &str) -> Option<&str> {
        let (_, header) = self.column.as_ref()?;
        if !header.eq_ignore_ascii_case(column) {
            return None;
        }
        self.names.as_ref()?.get(code.trim()).map(String::as_str)
    }

    /// `code · Name` when the value `code` of the column headed `column` is a known account,
    /// else `code`.
    pub fn label<'a>(&self, column: &str, code: &'a str) -> Cow<'a, str> {
        match self.name(column, code) {
            Some(name) => Cow::Owned(format!("{code}{BETWEEN}{name}")),
            None => Cow::Borrowed(code),
        }
    }

    /// The label of a cell of the file column `c`.
    pub fn cell<'a>(&self, c: usize, cell: &'a str) -> Cow<'a, str> {
        match (&self.column, &self.names) {
            (Some((column, _)), Some(names)) if *column == c => match names.get(cell.trim()) {
                Some(name) => Cow::Owned(format!("{cell}{BETWEEN}{name}")),
                None => Cow::Borrowed(cell),
            },
            _ => Cow::Borrowed(cell),
        }
    }
}

/// The codes and names of a list of accounts (`None` for products).
pub fn names_of(lookup: &Lookup) -> Option<Names> {
    (lookup.kind == ListKind::Accounts).then(|| {
        Arc::new(
            lookup
                .entries
                .iter()
                .map(|l| (l.code.clone(), l.name.clone()))
                .collect(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_string()).collect()
    }

    fn names() -> Names {
        Arc::new(HashMap::from([(
            "cyberdyne".to_string(),
            "Cyberdyne Systems".to_string(),
        )]))
    }

    #[test]
    fn only_a_file_without_names_wants_them_and_only_its_account_column_gets_them() {
        let mut with = AccountNames::for_headers(&headers(&["account", "accountName", "x"]));
        assert!(!with.wanted());
        assert!(!with.learn(&names()));
        assert_eq!(with.label("account", "cyberdyne"), "cyberdyne");

        let mut codes = AccountNames::for_headers(&headers(&["x", "Account", "subtotal"]));
        assert!(codes.wanted());
        assert_eq!(codes.label("Account", "cyberdyne"), "cyberdyne", "not yet");
        let list = names();
        assert!(codes.learn(&list));
        assert!(!codes.learn(&list), "the same list twice is no change");
        assert!(!codes.wanted());
        assert_eq!(codes.named_column(), Some(1));
        assert_eq!(
            codes.label("Account", "cyberdyne"),
            "cyberdyne · Cyberdyne Systems"
        );
        assert_eq!(codes.label("productName", "cyberdyne"), "cyberdyne");
        assert_eq!(codes.label("Account", "unknown"), "unknown");
        assert_eq!(codes.cell(1, "cyberdyne"), "cyberdyne · Cyberdyne Systems");
        assert_eq!(codes.cell(0, "cyberdyne"), "cyberdyne");
    }
}
