//! Accounts and products for looking names up: the list kept in the cache while it is fresh,
//! else listed from m3ter and kept; and a name typed where a code belongs, resolved against it.

use chrono::{DateTime, Utc};

use crate::config::ListCache;
use crate::m3ter::{ApiError, Client, ListKind, ListProgress, Listed, SubmitEvent};

/// A list for looking names up, and where it came from.
#[derive(Debug, Clone)]
pub struct Lookup {
    pub kind: ListKind,
    pub entries: Vec<Listed>,
    pub fetched: DateTime<Utc>,
    /// Read from the cache rather than asked of m3ter.
    pub cached: bool,
}

/// The list of `kind` for `client`'s m3ter and organization: the cache's while fresh (unless
/// `refresh`), else every page from m3ter, then kept. A cache that cannot be written costs only
/// the next run a request.
pub async fn lookup(
    client: &Client,
    cache: Option<&ListCache>,
    kind: ListKind,
    refresh: bool,
    progress: &mut (dyn FnMut(ListProgress) + Send),
    events: &mut (dyn FnMut(SubmitEvent) + Send),
) -> Result<Lookup, ApiError> {
    let base = client.settings().base_url.to_string();
    let org = client.settings().org_id.clone();
    let now = Utc::now();
    if !refresh && let Some(kept) = cache.and_then(|c| c.recall(&base, &org, kind, now)) {
        return Ok(Lookup {
            kind,
            entries: kept.entries.into_iter().map(Listed::from).collect(),
            fetched: kept.fetched,
            cached: true,
        });
    }
    let entries = client.list(kind, progress, events).await?;
    if let Some(cache) = cache
        && let Err(e) = cache.keep(&base, &org, kind, &entries, now)
    {
        log::warn!("the {kind:?} list was not kept: {e}");
    }
    Ok(Lookup {
        kind,
        entries,
        fetched: now,
        cached: false,
    })
}

/// What a value of a dimension filter comes to against a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    /// It is what the filter takes (an account's code, a product's name), or `*`.
    Kept,
    /// It is exactly one entry's other name (an account's name, a product's code, case
    /// ignored): the filter takes `to`.
    Replaced { to: String },
    /// It names several entries: each one's value for the filter, with its name.
    Ambiguous(Vec<(String, String)>),
    /// It names nothing; the closest entries' values, with their names.
    Unknown(Vec<(String, String)>),
}

/// `value` in a filter of `kind` (accounts take codes, products names), against `listed`.
/// Never a guess: only an exact name (case ignored) is replaced.
pub fn resolve(value: &str, kind: ListKind, listed: &[Listed]) -> Named {
    let value = value.trim();
    let wanted = |l: &Listed| match kind {
        ListKind::Accounts => l.code.clone(),
        ListKind::Products => l.name.clone(),
    };
    fn other(kind: ListKind, l: &Listed) -> &str {
        match kind {
            ListKind::Accounts => &l.name,
            ListKind::Products => &l.code,
        }
    }
    if value == "*" || listed.iter().any(|l| wanted(l) == value) {
        return Named::Kept;
    }
    let same = |text: &str| text.to_lowercase() == value.to_lowercase();
    let named: Vec<(String, String)> = listed
        .iter()
        .filter(|l| same(other(kind, l)) || same(&wanted(l)))
        .map(|l| (wanted(l), l.name.clone()))
        .collect();
    match named.len() {
        1 => Named::Replaced {
            to: named[0].0.clone(),
        },
        0 => Named::Unknown(closest(value, listed, wanted)),
        _ => Named::Ambiguous(named),
    }
}

/// The entries nearest `value`: the suggestions for each of its words in turn, three at most.
fn closest(
    value: &str,
    listed: &[Listed],
    wanted: impl Fn(&Listed) -> String,
) -> Vec<(String, String)> {
    let mut near: Vec<usize> = Vec::new();
    for word in value
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
    {
        for i in suggest(word, listed, 3) {
            if !near.contains(&i) {
                near.push(i);
            }
        }
    }
    near.into_iter()
        .take(3)
        .map(|i| (wanted(&listed[i]), listed[i].name.clone()))
        .collect()
}

/// Text for matching as a person expects: lower case, the common accents taken off
/// (`Société` matches `societe`).
pub fn folded(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            other => other,
        })
        .collect()
}

/// The entries whose code or name holds `typed` (folded), the best first: those it starts,
/// then those a word of which it starts, then the rest; by name within each. At most `most`,
/// as places in `listed`. Nothing for nothing typed.
pub fn suggest(typed: &str, listed: &[Listed], most: usize) -> Vec<usize> {
    let typed = folded(typed.trim());
    if typed.is_empty() {
        return Vec::new();
    }
    let rank = |l: &Listed| {
        let texts = [folded(&l.code), folded(&l.name)];
        if texts.iter().any(|t| t.starts_with(&typed)) {
            Some(0)
        } else if texts.iter().any(|t| {
            t.split(|c: char| !c.is_alphanumeric())
                .any(|word| word.starts_with(&typed))
        }) {
            Some(1)
        } else if texts.iter().any(|t| t.contains(&typed)) {
            Some(2)
        } else {
            None
        }
    };
    let mut found: Vec<(u8, usize)> = listed
        .iter()
        .enumerate()
        .filter_map(|(i, l)| rank(l).map(|r| (r, i)))
        .collect();
    found.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| listed[a.1].name.cmp(&listed[b.1].name))
    });
    found.into_iter().take(most).map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(code: &str, name: &str) -> Listed {
        Listed {
            id: code.into(),
            code: code.into(),
            name: name.into(),
            parent_account_id: None,
            currency: None,
        }
    }

    fn accounts() -> Vec<Listed> {
        vec![
            account("cyberdyne", "Cyberdyne Systems"),
            account("acme", "Acme Corporation"),
            account("acme-eu", "Acme Europe GmbH"),
            account("twin-1", "Twin"),
            account("twin-2", "Twin"),
        ]
    }

    #[test]
    fn a_code_is_kept_an_exact_name_becomes_its_code_and_nothing_is_guessed() {
        let listed = accounts();
        let a = ListKind::Accounts;
        assert_eq!(resolve("cyberdyne", a, &listed), Named::Kept);
        assert_eq!(resolve("*", a, &listed), Named::Kept);
        assert_eq!(
            resolve("cyberdyne systems", a, &listed),
            Named::Replaced {
                to: "cyberdyne".into()
            }
        );
        assert_eq!(
            resolve("CYBERDYNE", a, &listed),
            Named::Replaced {
                to: "cyberdyne".into()
            }
        );
        assert_eq!(
            resolve("Twin", a, &listed),
            Named::Ambiguous(vec![
                ("twin-1".into(), "Twin".into()),
                ("twin-2".into(), "Twin".into())
            ])
        );
        // A code in another case is that code; a word of a name is no name: offered, not taken.
        assert_eq!(
            resolve("Acme", a, &listed),
            Named::Replaced { to: "acme".into() }
        );
        match resolve("Acme Europe", a, &listed) {
            Named::Unknown(near) => {
                let codes: Vec<&str> = near.iter().map(|(c, _)| c.as_str()).collect();
                assert_eq!(codes, ["acme", "acme-eu"]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(resolve("zzz", a, &listed), Named::Unknown(Vec::new()));
    }

    #[test]
    fn a_product_filter_takes_names_and_its_code_becomes_its_name() {
        let listed = vec![Listed {
            id: "1".into(),
            code: "object_storage".into(),
            name: "Object Storage".into(),
            parent_account_id: None,
            currency: None,
        }];
        let p = ListKind::Products;
        assert_eq!(resolve("Object Storage", p, &listed), Named::Kept);
        assert_eq!(
            resolve("object_storage", p, &listed),
            Named::Replaced {
                to: "Object Storage".into()
            }
        );
        assert_eq!(
            resolve("object storage", p, &listed),
            Named::Replaced {
                to: "Object Storage".into()
            }
        );
    }

    #[test]
    fn suggestions_come_as_a_person_expects() {
        let mut listed = accounts();
        listed.push(account("societe", "Société Générale"));
        let names = |typed: &str| -> Vec<String> {
            suggest(typed, &listed, 5)
                .into_iter()
                .map(|i| listed[i].name.clone())
                .collect()
        };
        // A word of the name finds it; the start of a name or code comes first.
        assert_eq!(names("systems"), ["Cyberdyne Systems"]);
        assert_eq!(names("ac"), ["Acme Corporation", "Acme Europe GmbH"]);
        assert_eq!(names("EUROPE"), ["Acme Europe GmbH"]);
        assert_eq!(names("generale"), ["Société Générale"]);
        assert_eq!(names("ope"), ["Acme Europe GmbH"], "inside a word, last");
        assert!(names("  ").is_empty());
        assert_eq!(
            suggest("t", &listed, 1).len(),
            1,
            "at most as many as asked"
        );
    }
}
