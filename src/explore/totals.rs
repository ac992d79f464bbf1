//! Sums of subtotal and quantity by line item type, account or product, per currency.

use std::collections::HashMap;

use csv::ByteRecord;

use super::amount::Amount;

/// What totals are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grouping {
    LineItemType,
    Account,
    Product,
}

impl Grouping {
    pub const ALL: [Grouping; 3] = [Grouping::LineItemType, Grouping::Account, Grouping::Product];

    pub fn label(self) -> &'static str {
        match self {
            Grouping::LineItemType => "line item type",
            Grouping::Account => "account",
            Grouping::Product => "product",
        }
    }

    pub fn next(self) -> Grouping {
        match self {
            Grouping::LineItemType => Grouping::Account,
            Grouping::Account => Grouping::Product,
            Grouping::Product => Grouping::LineItemType,
        }
    }

    fn slot(self) -> usize {
        self as usize
    }
}

/// Where the columns totals need are, found by name (a reader of real files must not depend on
/// the order or the full set of columns).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    pub subtotal: Option<usize>,
    pub quantity: Option<usize>,
    pub currency: Option<usize>,
    pub groups: [Option<usize>; 3],
}

impl Columns {
    pub fn find(headers: &[String]) -> Columns {
        let find = |names: &[&str]| {
            names.iter().find_map(|name| {
                headers
                    .iter()
                    .position(|h| h.trim().eq_ignore_ascii_case(name))
            })
        };
        Columns {
            subtotal: find(&["subtotal"]),
            quantity: find(&["quantity"]),
            currency: find(&["billCurrency", "subtotalUnit", "currency"]),
            groups: [
                find(&["lineItemType", "line item type"]),
                find(&["account", "accountCode", "accountName"]),
                find(&["productName", "product name", "product"]),
            ],
        }
    }

    /// Why there can be no totals for this file, if there cannot.
    pub fn missing(&self) -> Option<&'static str> {
        if self.subtotal.is_none() {
            Some(
                "This file has no subtotal column, so it has no totals; it is shown as a plain table.",
            )
        } else if self.groups.iter().all(Option::is_none) {
            Some("This file has no lineItemType, account or productName column to group totals by.")
        } else {
            None
        }
    }
}

/// A group's sums in one currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sum {
    pub subtotal: Amount,
    pub quantity: Amount,
    pub rows: u64,
}

/// Sums by currency, then by group.
type ByCurrency = HashMap<Box<[u8]>, HashMap<Box<[u8]>, Sum>>;

/// Running totals for every grouping at once, so cycling the grouping needs no second scan.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    groups: [ByCurrency; 3],
    /// Rows whose subtotal is not a number (blank, or text).
    pub unreadable: u64,
}

/// One line of the totals table.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalLine {
    pub group: String,
    pub currency: String,
    pub sum: Sum,
    /// This line's part of its currency's total (of absolute values, so credits count).
    pub share: f64,
}

impl Totals {
    /// Adds a row.
    pub fn add(&mut self, record: &ByteRecord, columns: &Columns) {
        let Some(subtotal) = columns.subtotal.and_then(|i| record.get(i)) else {
            return;
        };
        let Some(subtotal) = Amount::parse(subtotal) else {
            self.unreadable += 1;
            return;
        };
        let quantity = columns
            .quantity
            .and_then(|i| record.get(i))
            .and_then(Amount::parse)
            .unwrap_or_default();
        let currency: &[u8] = columns
            .currency
            .and_then(|i| record.get(i))
            .unwrap_or_default();
        for grouping in Grouping::ALL {
            let Some(column) = columns.groups[grouping.slot()] else {
                continue;
            };
            let group = record.get(column).unwrap_or_default();
            let by_group = match self.groups[grouping.slot()].get_mut(currency) {
                Some(by_group) => by_group,
                None => self.groups[grouping.slot()]
                    .entry(currency.into())
                    .or_default(),
            };
            // Look up by the borrowed bytes: most rows add to a group that exists already.
            let sum = match by_group.get_mut(group) {
                Some(sum) => sum,
                None => by_group.entry(group.into()).or_default(),
            };
            sum.subtotal += subtotal;
            sum.quantity += quantity;
            sum.rows += 1;
        }
    }

    /// Adds everything in `other` (the totals of another part of the same file).
    pub fn merge(&mut self, other: Totals) {
        self.unreadable += other.unreadable;
        for (mine, theirs) in self.groups.iter_mut().zip(other.groups) {
            for (currency, by_group) in theirs {
                let target = mine.entry(currency).or_default();
                for (group, sum) in by_group {
                    let s = target.entry(group).or_default();
                    s.subtotal += sum.subtotal;
                    s.quantity += sum.quantity;
                    s.rows += sum.rows;
                }
            }
        }
    }

    /// The lines for `grouping`: per currency (currencies by total), largest groups first.
    pub fn lines(&self, grouping: Grouping) -> Vec<TotalLine> {
        let mut currencies: Vec<(String, f64, Vec<TotalLine>)> = self.groups[grouping.slot()]
            .iter()
            .map(|(currency, by_group)| {
                let whole: f64 = by_group.values().map(|s| s.subtotal.abs().as_f64()).sum();
                let currency = text(currency, "-");
                let mut lines: Vec<TotalLine> = by_group
                    .iter()
                    .map(|(group, sum)| TotalLine {
                        group: text(group, "(blank)"),
                        currency: currency.clone(),
                        sum: *sum,
                        share: if whole > 0.0 {
                            sum.subtotal.abs().as_f64() / whole
                        } else {
                            0.0
                        },
                    })
                    .collect();
                lines.sort_by(|a, b| {
                    b.sum
                        .subtotal
                        .abs()
                        .cmp(&a.sum.subtotal.abs())
                        .then_with(|| a.group.cmp(&b.group))
                });
                (currency, whole, lines)
            })
            .collect();
        currencies.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        currencies
            .into_iter()
            .flat_map(|(_, _, lines)| lines)
            .collect()
    }

    /// The totals view of `grouping`: each currency's heading with its total, then its groups,
    /// largest first. Made once when the rows change, so that drawing a frame (or answering a
    /// key) costs the same for three groups as for 300,000.
    pub fn table(&self, grouping: Grouping) -> Vec<TotalsRow> {
        let lines = self.lines(grouping);
        let mut sums: HashMap<&str, Amount> = HashMap::new();
        for line in &lines {
            *sums.entry(line.currency.as_str()).or_default() += line.sum.subtotal;
        }
        let sums: HashMap<String, Amount> =
            sums.into_iter().map(|(c, s)| (c.to_string(), s)).collect();
        let mut rows = Vec::with_capacity(lines.len() + sums.len());
        for line in lines {
            if rows.is_empty()
                || !matches!(rows.last(), Some(TotalsRow::Group(l)) if l.currency == line.currency)
            {
                rows.push(TotalsRow::Currency {
                    total: sums.get(&line.currency).copied().unwrap_or_default(),
                    currency: line.currency.clone(),
                });
            }
            rows.push(TotalsRow::Group(line));
        }
        rows
    }

    /// The sum of every group of `grouping`, per currency.
    pub fn currency_totals(&self, grouping: Grouping) -> Vec<(String, Sum)> {
        let mut by: HashMap<String, Sum> = HashMap::new();
        for line in self.lines(grouping) {
            let s = by.entry(line.currency).or_default();
            s.subtotal += line.sum.subtotal;
            s.quantity += line.sum.quantity;
            s.rows += line.sum.rows;
        }
        let mut out: Vec<_> = by.into_iter().collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

/// A line of the totals view.
#[derive(Debug, Clone, PartialEq)]
pub enum TotalsRow {
    /// A currency's heading, with the sum of its groups.
    Currency {
        currency: String,
        total: Amount,
    },
    Group(TotalLine),
}

/// Bytes from a file as printable text.
fn text(bytes: &[u8], blank: &str) -> String {
    let s = crate::printable::printable(&String::from_utf8_lossy(bytes));
    if s.trim().is_empty() {
        blank.to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn columns_are_found_by_name_in_any_order() {
        let cols = Columns::find(&headers(&[
            "productName",
            "x",
            "SUBTOTAL",
            "billCurrency",
            "lineItemType",
            "quantity",
        ]));
        assert_eq!(cols.subtotal, Some(2));
        assert_eq!(cols.quantity, Some(5));
        assert_eq!(cols.currency, Some(3));
        assert_eq!(cols.groups, [Some(4), None, Some(0)]);
        assert!(cols.missing().is_none());
        assert!(
            Columns::find(&headers(&["a", "b"]))
                .missing()
                .unwrap()
                .contains("no subtotal")
        );
    }

    #[test]
    fn sums_per_group_and_currency_largest_first() {
        let cols = Columns::find(&headers(&[
            "lineItemType",
            "account",
            "productName",
            "subtotal",
            "quantity",
            "billCurrency",
        ]));
        let rows = [
            ["USAGE", "acme", "Seats", "100.10", "1", "USD"],
            ["USAGE", "globex", "Seats", "50.05", "2", "USD"],
            ["CREDIT_MEMO", "acme", "", "-300", "1", "USD"],
            ["USAGE", "acme", "Seats", "10", "3", "EUR"],
            ["USAGE", "acme", "Seats", "n/a", "3", "EUR"],
        ];
        let mut totals = Totals::default();
        for row in rows {
            totals.add(&ByteRecord::from(row.to_vec()), &cols);
        }
        assert_eq!(totals.unreadable, 1);
        let lines = totals.lines(Grouping::LineItemType);
        let shown: Vec<(String, String, String)> = lines
            .iter()
            .map(|l| {
                (
                    l.currency.clone(),
                    l.group.clone(),
                    l.sum.subtotal.to_string(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("USD".into(), "CREDIT_MEMO".into(), "-300.00".into()),
                ("USD".into(), "USAGE".into(), "150.15".into()),
                ("EUR".into(), "USAGE".into(), "10.00".into()),
            ]
        );
        assert!((lines[0].share - 300.0 / 450.15).abs() < 1e-9);
        let products = totals.lines(Grouping::Product);
        assert!(products.iter().any(|l| l.group == "(blank)"));
        let table = totals.table(Grouping::LineItemType);
        let headings: Vec<(String, String)> = table
            .iter()
            .filter_map(|row| match row {
                TotalsRow::Currency { currency, total } => {
                    Some((currency.clone(), total.to_string()))
                }
                TotalsRow::Group(_) => None,
            })
            .collect();
        assert_eq!(
            headings,
            [
                ("USD".to_string(), "-149.85".to_string()),
                ("EUR".to_string(), "10.00".to_string())
            ]
        );
        assert_eq!(table.len(), 5);
        let usd = &totals.currency_totals(Grouping::Account)[1];
        assert_eq!(
            (usd.0.as_str(), usd.1.subtotal.to_string(), usd.1.rows),
            ("USD", "-149.85".to_string(), 3)
        );
    }
}
