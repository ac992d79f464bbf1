//! The demo's customers and price list, read from `assets/demo/` (built into the binary).

use serde::Deserialize;

const ACCOUNTS: &str = include_str!("../../assets/demo/accounts.csv");
const PRODUCTS: &str = include_str!("../../assets/demo/products.csv");

/// How an account is contracted, which decides the line items on its bills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    Standard,
    Commitment,
    Minimum,
    Balance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProductKind {
    Metered,
    Counter,
    Flat,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Account {
    pub code: String,
    pub name: String,
    #[serde(deserialize_with = "empty_as_none")]
    pub parent: Option<String>,
    pub currency: String,
    pub plan: Plan,
    /// How big a customer this is: a multiplier on typical usage.
    pub size: f64,
    #[serde(deserialize_with = "semicolon_list")]
    pub products: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Product {
    pub name: String,
    pub quantity_unit: String,
    pub monthly_fee: f64,
    pub unit_price: f64,
    pub typical_quantity: f64,
    pub kind: ProductKind,
}

/// Everything the demo's bills are made from.
#[derive(Debug, Clone)]
pub struct Seed {
    pub accounts: Vec<Account>,
    pub products: Vec<Product>,
}

impl Seed {
    /// The built-in seed. Its files are part of the binary and checked by a test, so reading
    /// them cannot fail at run time.
    pub fn builtin() -> Seed {
        Seed::parse(ACCOUNTS, PRODUCTS).unwrap_or_else(|e| panic!("built-in demo seed: {e}"))
    }

    fn parse(accounts: &str, products: &str) -> Result<Seed, csv::Error> {
        let accounts = csv::Reader::from_reader(accounts.as_bytes())
            .deserialize()
            .collect::<Result<Vec<Account>, _>>()?;
        let products = csv::Reader::from_reader(products.as_bytes())
            .deserialize()
            .collect::<Result<Vec<Product>, _>>()?;
        Ok(Seed { accounts, products })
    }

    pub fn account(&self, code: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.code == code)
    }

    pub fn product(&self, name: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.name == name)
    }
}

fn empty_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = String::deserialize(d)?;
    Ok((!s.trim().is_empty()).then(|| s.trim().to_string()))
}

fn semicolon_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let s = String::deserialize(d)?;
    Ok(s.split(';')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_builtin_seed_is_whole_and_consistent() {
        let seed = Seed::parse(ACCOUNTS, PRODUCTS).unwrap();
        assert!(seed.accounts.len() >= 25);
        assert_eq!(seed.products.len(), 8);
        let currencies: HashSet<_> = seed.accounts.iter().map(|a| a.currency.as_str()).collect();
        assert_eq!(currencies.len(), 3);
        assert!(seed.accounts.iter().filter(|a| a.parent.is_some()).count() >= 5);
        for a in &seed.accounts {
            if let Some(parent) = &a.parent {
                assert!(
                    seed.account(parent).is_some(),
                    "{}'s parent {parent}",
                    a.code
                );
            }
            assert!(!a.products.is_empty(), "{}", a.code);
            for p in &a.products {
                assert!(seed.product(p).is_some(), "{}'s product {p}", a.code);
            }
        }
    }
}
