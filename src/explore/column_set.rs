//! Which columns a person sees first, and how: a bill file opens on what an analyst reads
//! (who, when, what, how much, in what), ids last; any other CSV keeps its file order.

use super::columns::find_column;

/// The analyst's columns of a bill file, in order; each a list of names, the first found wins
/// (`yearMonth`, else the service period).
const ANALYST: &[&[&str]] = &[
    &["account"],
    &["accountName"],
    &["yearMonth", "servicePeriodStartDate"],
    &["lineItemType"],
    &["productName"],
    &["subtotal"],
    &["billCurrency", "subtotalUnit"],
    &["quantity"],
    &["quantityUnit"],
    &["convertedSubtotal"],
    &["convertedSubtotalUnit"],
    &["description"],
];

/// Whether `headers` are those of an m3ter bill file: an amount, its type and whose it is.
pub fn is_bill_file(headers: &[String]) -> bool {
    find_column(headers, &["subtotal"]).is_some()
        && find_column(headers, &["lineItemType"]).is_some()
        && find_column(headers, &["account", "accountName"]).is_some()
}

/// Whether a column holds ids: read by machines, so shown last.
pub fn is_id_column(name: &str) -> bool {
    let name = name.trim();
    name.eq_ignore_ascii_case("id")
        || name.ends_with("Id")
        || name.ends_with("_id")
        || name.ends_with(" id")
}

/// Every column, in the order a person first sees them: the analyst's set for a bill file,
/// else the file's own order.
pub fn first_order(headers: &[String]) -> Vec<usize> {
    if !is_bill_file(headers) {
        return (0..headers.len()).collect();
    }
    let mut order: Vec<usize> = ANALYST
        .iter()
        .filter_map(|names| find_column(headers, names))
        .collect();
    let rest = (0..headers.len()).filter(|i| !order.contains(i));
    let (ids, others): (Vec<usize>, Vec<usize>) = rest.partition(|&i| is_id_column(&headers[i]));
    order.extend(others);
    order.extend(ids);
    order
}

/// The widest a column of long text is drawn in a bill file (longer cells are cut with "…"),
/// so that account, type, product, amount and currency share the first screen at 120 columns.
pub fn widest(headers: &[String], column: usize) -> u16 {
    const CUT: &[(&str, u16)] = &[
        ("accountName", 16),
        ("lineItemType", 18),
        ("productName", 16),
        ("description", 24),
    ];
    let name = headers.get(column).map_or("", |h| h.trim());
    CUT.iter()
        .find(|(n, _)| is_bill_file(headers) && n.eq_ignore_ascii_case(name))
        .map_or(40, |(_, w)| *w)
}

/// Whether a numeric column holds counts or labels (a year, a day, a version) rather than
/// quantities: shown as written, with no thousands separators.
pub fn is_plain_integer(name: &str) -> bool {
    const PLAIN: &[&str] = &[
        "year",
        "month",
        "week",
        "day",
        "quarter",
        "version",
        "yearMonth",
        "sequence",
    ];
    let name = name.trim();
    PLAIN.iter().any(|p| p.eq_ignore_ascii_case(name))
        || is_id_column(name)
        || name.to_ascii_lowercase().ends_with("number")
        || name.to_ascii_lowercase().ends_with("code")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::COLUMNS;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_bill_file_opens_on_the_analysts_set_with_ids_last() {
        let headers = names(&COLUMNS);
        let order = first_order(&headers);
        let shown: Vec<&str> = order.iter().map(|&i| headers[i].as_str()).collect();
        assert_eq!(
            shown[..12],
            [
                "account",
                "accountName",
                "yearMonth",
                "lineItemType",
                "productName",
                "subtotal",
                "billCurrency",
                "quantity",
                "quantityUnit",
                "convertedSubtotal",
                "convertedSubtotalUnit",
                "description"
            ]
        );
        // Every column once.
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..headers.len()).collect::<Vec<_>>());
        let first_id = shown.iter().position(|h| is_id_column(h)).unwrap();
        assert!(
            shown[first_id..].iter().all(|h| is_id_column(h)),
            "{shown:?}"
        );
        assert!(shown.contains(&"accountId") && shown.contains(&"billLineItemId"));
    }

    #[test]
    fn another_csv_keeps_its_order_and_the_service_period_stands_in_for_year_month() {
        let plain = names(&["b", "a", "subtotal"]);
        assert_eq!(first_order(&plain), [0, 1, 2]);
        let bill = names(&[
            "subtotalUnit",
            "servicePeriodStartDate",
            "subtotal",
            "lineItemType",
            "account",
            "billId",
        ]);
        let order = first_order(&bill);
        assert_eq!(order, [4, 1, 3, 2, 0, 5]);
    }

    #[test]
    fn years_days_and_versions_are_plain_integers() {
        for name in ["year", "Day", "version", "accountId", "poNumber"] {
            assert!(is_plain_integer(name), "{name}");
        }
        for name in ["quantity", "subtotal", "units"] {
            assert!(!is_plain_integer(name), "{name}");
        }
    }
}
