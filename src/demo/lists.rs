//! What the demo's Config API lists: its accounts and products in m3ter's shapes. The seed's
//! accounts and products (the ones with bills) come first, then made-up ones without bills
//! (`Demo customer 001`, `Add-on 001`), enough that each list is longer than m3ter's largest
//! page, so paging is exercised.

use serde::Serialize;

use super::dice::stable_id;
use super::seed::Seed;

/// Made-up accounts beyond the seed's: with the seed's, more than one page of 100.
const MORE_ACCOUNTS: usize = 130;

/// Made-up products beyond the seed's: with the seed's, more than one page of 200.
const MORE_PRODUCTS: usize = 200;

/// An account as m3ter's `AccountResponse` gives it (the fields a lookup needs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListedAccount {
    pub id: String,
    pub code: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_account_id: Option<String>,
    pub currency: String,
    pub version: u32,
}

/// A product as m3ter's `ProductResponse` gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedProduct {
    pub id: String,
    pub code: String,
    pub name: String,
    pub version: u32,
}

fn account_id(code: &str) -> String {
    stable_id(&format!("account {code}"))
}

/// The demo organization's accounts, in the order its list gives them.
pub fn accounts(seed: &Seed) -> Vec<ListedAccount> {
    let mut listed: Vec<ListedAccount> = seed
        .accounts
        .iter()
        .map(|a| ListedAccount {
            id: account_id(&a.code),
            code: a.code.clone(),
            name: a.name.clone(),
            parent_account_id: a.parent.as_deref().map(account_id),
            currency: a.currency.clone(),
            version: 1,
        })
        .collect();
    listed.extend((1..=MORE_ACCOUNTS).map(|n| {
        let code = format!("demo-customer-{n:03}");
        ListedAccount {
            id: account_id(&code),
            name: format!("Demo customer {n:03}"),
            code,
            parent_account_id: None,
            currency: "USD".to_string(),
            version: 1,
        }
    }));
    listed
}

/// The demo organization's products, in the order its list gives them. A product's code is its
/// name in lower case with `_` between words.
pub fn products(seed: &Seed) -> Vec<ListedProduct> {
    let names = seed
        .products
        .iter()
        .map(|p| p.name.clone())
        .chain((1..=MORE_PRODUCTS).map(|n| format!("Add-on {n:03}")));
    names
        .map(|name| {
            let code = name
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join("_");
            ListedProduct {
                id: stable_id(&format!("product {code}")),
                code,
                name,
                version: 1,
            }
        })
        .collect()
}

/// The accounts a `searchQuery` picks: `name~Init` or `code~cy` (a prefix of the field, case
/// ignored, as m3ter advises treating `~`), `currency:USD` (equal); terms joined by `$` must all
/// hold. `None` when the query is not one the demo understands.
pub fn search<'a>(accounts: &'a [ListedAccount], query: &str) -> Option<Vec<&'a ListedAccount>> {
    let mut terms = Vec::new();
    for term in query.split('$').filter(|t| !t.trim().is_empty()) {
        let (field, prefix, value) = match (term.split_once('~'), term.split_once(':')) {
            (Some((f, v)), _) => (f, true, v),
            (None, Some((f, v))) => (f, false, v),
            (None, None) => return None,
        };
        if !matches!(field.trim(), "name" | "code" | "currency") {
            return None;
        }
        terms.push((field.trim(), prefix, value.trim().to_lowercase()));
    }
    let holds = |a: &ListedAccount| {
        terms.iter().all(|(field, prefix, value)| {
            let text = match *field {
                "name" => a.name.to_lowercase(),
                "code" => a.code.to_lowercase(),
                _ => a.currency.to_lowercase(),
            };
            if *prefix {
                text.starts_with(value.as_str())
            } else {
                text == *value
            }
        })
    };
    Some(accounts.iter().filter(|a| holds(a)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_list_is_longer_than_the_largest_page_and_its_codes_are_unique() {
        let seed = Seed::builtin();
        let accounts = accounts(&seed);
        let products = products(&seed);
        assert!(accounts.len() > 100 && products.len() > 200);
        let codes: std::collections::HashSet<_> = accounts.iter().map(|a| &a.code).collect();
        assert_eq!(codes.len(), accounts.len());
        let codes: std::collections::HashSet<_> = products.iter().map(|p| &p.code).collect();
        assert_eq!(codes.len(), products.len());
        // The seed's accounts keep their codes: they are what the bills carry.
        assert!(
            seed.accounts
                .iter()
                .all(|s| accounts.iter().any(|a| a.code == s.code))
        );
    }

    #[test]
    fn a_search_is_a_prefix_of_the_field_and_every_term_holds() {
        let listed = accounts(&Seed::builtin());
        let found = search(&listed, "name~demo customer 00").unwrap();
        assert_eq!(found.len(), 9);
        let found = search(&listed, "name~DEMO CUSTOMER 12$currency:USD").unwrap();
        assert!(found.iter().all(|a| a.name.starts_with("Demo customer 12")));
        assert!(
            search(&listed, "name~customer").unwrap().is_empty(),
            "not a prefix"
        );
        assert!(search(&listed, "nonsense").is_none());
    }
}
