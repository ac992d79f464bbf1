//! The accounts and products behind the dimension editor's values: asked of the runtime once
//! per run (kept for an hour), and the suggestions for what is being typed.

use std::sync::Arc;

use crate::fetch::{Lookup, suggest};
use crate::m3ter::ListKind;
use crate::tui::screens::table::account_names::Names;

/// How many suggestions are shown under the values.
pub const SHOWN: usize = 5;

/// A list as far as it came.
#[derive(Debug, Clone, Default)]
pub enum Listing {
    #[default]
    NotAsked,
    Asked,
    Ready(Arc<Lookup>),
    /// Why there is no list (no permission, offline): typing works as without one.
    Failed(String),
}

impl Listing {
    /// Whether `other` is this very listing (the same list, or the same want of one).
    pub fn is_same(&self, other: &Listing) -> bool {
        match (self, other) {
            (Listing::Ready(a), Listing::Ready(b)) => Arc::ptr_eq(a, b),
            (Listing::Failed(a), Listing::Failed(b)) => a == b,
            (Listing::NotAsked, Listing::NotAsked) | (Listing::Asked, Listing::Asked) => true,
            _ => false,
        }
    }
}

/// The builder's two lists.
#[derive(Debug, Clone, Default)]
pub struct Lists {
    pub accounts: Listing,
    pub products: Listing,
    /// The accounts' names by code, made once per list for the views of files with codes
    /// only.
    pub account_names: Option<Names>,
}

impl Lists {
    pub fn get(&self, kind: ListKind) -> &Listing {
        match kind {
            ListKind::Accounts => &self.accounts,
            ListKind::Products => &self.products,
        }
    }

    pub fn get_mut(&mut self, kind: ListKind) -> &mut Listing {
        match kind {
            ListKind::Accounts => &mut self.accounts,
            ListKind::Products => &mut self.products,
        }
    }
}

/// The list a dimension's values are found in: accounts for `account`, products for
/// `product name`.
pub fn list_for(dimension: &str) -> Option<ListKind> {
    match dimension.trim() {
        "account" => Some(ListKind::Accounts),
        "product name" => Some(ListKind::Products),
        _ => None,
    }
}

/// One suggestion: what goes in the filter (an account's code, a product's name), and what
/// the person reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub value: String,
    pub label: String,
}

/// The suggestions for the value being typed, and the one highlighted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suggestions {
    pub items: Vec<Suggestion>,
    pub highlight: Option<usize>,
}

impl Suggestions {
    /// The suggestions of `lookup` for `typed` (the value after the last comma).
    pub fn of(typed: &str, lookup: &Lookup) -> Suggestions {
        let fragment = typed.rsplit(',').next().unwrap_or_default();
        let items = suggest(fragment, &lookup.entries, SHOWN)
            .into_iter()
            .map(|i| {
                let l = &lookup.entries[i];
                let value = match lookup.kind {
                    ListKind::Accounts => l.code.clone(),
                    ListKind::Products => l.name.clone(),
                };
                let label = match (lookup.kind, l.currency.as_deref()) {
                    (ListKind::Accounts, Some(currency)) => {
                        format!("{} · {} · {currency}", l.code, l.name)
                    }
                    (ListKind::Accounts, None) => format!("{} · {}", l.code, l.name),
                    (ListKind::Products, _) => format!("{} · {}", l.name, l.code),
                };
                Suggestion { value, label }
            })
            .collect();
        Suggestions {
            items,
            highlight: None,
        }
    }

    /// Moves the highlight one down (or up), off the list past either end.
    pub fn step(&mut self, down: bool) {
        let n = self.items.len();
        self.highlight = match (self.highlight, down) {
            (_, _) if n == 0 => None,
            (None, true) => Some(0),
            (None, false) => Some(n - 1),
            (Some(i), true) => (i + 1 < n).then_some(i + 1),
            (Some(i), false) => i.checked_sub(1),
        };
    }

    /// The highlighted suggestion's value.
    pub fn chosen(&self) -> Option<&str> {
        self.highlight
            .and_then(|i| self.items.get(i))
            .map(|s| s.value.as_str())
    }
}

/// `typed` with the value after its last comma replaced by `value`, and a comma after it for
/// the next.
pub fn put_in(typed: &str, value: &str) -> String {
    let kept = match typed.rfind(',') {
        Some(at) => format!("{}, ", typed[..at].trim_end()),
        None => String::new(),
    };
    format!("{kept}{value}, ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::m3ter::Listed;

    fn lookup() -> Lookup {
        let account = |code: &str, name: &str| Listed {
            id: code.into(),
            code: code.into(),
            name: name.into(),
            parent_account_id: None,
            currency: Some("USD".into()),
        };
        Lookup {
            kind: ListKind::Accounts,
            entries: vec![
                account("cyberdyne", "Cyberdyne Systems"),
                account("acme", "Acme"),
            ],
            fetched: chrono::Utc::now(),
            cached: false,
        }
    }

    #[test]
    fn the_value_after_the_last_comma_is_looked_up_and_replaced_by_a_code() {
        let mut s = Suggestions::of("acme, Systems", &lookup());
        assert_eq!(s.items.len(), 1);
        assert_eq!(s.items[0].label, "cyberdyne · Cyberdyne Systems · USD");
        assert_eq!(s.chosen(), None);
        s.step(true);
        assert_eq!(s.chosen(), Some("cyberdyne"));
        s.step(true);
        assert_eq!(s.chosen(), None, "past the end, off the list");
        assert_eq!(put_in("acme, Systems", "cyberdyne"), "acme, cyberdyne, ");
        assert_eq!(put_in("Syst", "cyberdyne"), "cyberdyne, ");
        assert!(Suggestions::of("acme, ", &lookup()).items.is_empty());
    }
}
