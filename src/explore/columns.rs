//! The columns totals and pivots need, found by name (a reader of real files must not depend
//! on the order or the full set of columns), and what they are grouped by and add up.

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

    pub(super) fn slot(self) -> usize {
        self as usize
    }
}

/// What is added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Measure {
    /// `subtotal`, per bill currency.
    #[default]
    Subtotal,
    /// `convertedSubtotal`, per its unit: one currency for every line, so one ranking spans
    /// every account whatever it is billed in.
    Converted,
    /// `quantity`, per `quantityUnit`.
    Quantity,
}

impl Measure {
    pub const ALL: [Measure; 3] = [Measure::Subtotal, Measure::Converted, Measure::Quantity];

    pub fn label(self) -> &'static str {
        match self {
            Measure::Subtotal => "subtotal per currency",
            Measure::Converted => "converted subtotal",
            Measure::Quantity => "quantity per unit",
        }
    }

    /// The column heading of its sums.
    pub fn column(self) -> &'static str {
        match self {
            Measure::Subtotal => "subtotal",
            Measure::Converted => "converted",
            Measure::Quantity => "quantity",
        }
    }

    /// The file's column it adds up, as m3ter names it.
    pub fn file_column(self) -> &'static str {
        match self {
            Measure::Subtotal => "subtotal",
            Measure::Converted => "convertedSubtotal",
            Measure::Quantity => "quantity",
        }
    }

    /// What its sections are per.
    pub fn unit_word(self) -> &'static str {
        match self {
            Measure::Subtotal | Measure::Converted => "currency",
            Measure::Quantity => "unit",
        }
    }

    /// Places shown: money to the cent, quantities as they come (up to three).
    pub fn decimals(self) -> u32 {
        match self {
            Measure::Subtotal | Measure::Converted => 2,
            Measure::Quantity => 3,
        }
    }

    pub fn next(self) -> Measure {
        match self {
            Measure::Subtotal => Measure::Converted,
            Measure::Converted => Measure::Quantity,
            Measure::Quantity => Measure::Subtotal,
        }
    }

    pub(super) fn slot(self) -> usize {
        self as usize
    }
}

/// Where the columns totals need are, found by name (a reader of real files must not depend on
/// the order or the full set of columns).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// The value column of each measure, in [`Measure::ALL`]'s order.
    pub values: [Option<usize>; 3],
    /// The unit (currency) column of each measure.
    pub units: [Option<usize>; 3],
    pub groups: [Option<usize>; 3],
}

impl Columns {
    pub fn find(headers: &[String]) -> Columns {
        let find = |names: &[&str]| find_column(headers, names);
        Columns {
            values: [
                find(&["subtotal"]),
                find(&["convertedSubtotal", "converted subtotal"]),
                find(&["quantity"]),
            ],
            units: [
                find(&["billCurrency", "subtotalUnit", "currency"]),
                find(&["convertedSubtotalUnit", "converted subtotal unit"]),
                find(&["quantityUnit", "quantity unit", "units"]),
            ],
            groups: [
                find(&["lineItemType", "line item type"]),
                find(&["account", "accountCode", "accountName"]),
                find(&["productName", "product name", "product"]),
            ],
        }
    }

    /// The column `grouping` groups by.
    pub fn group(&self, grouping: Grouping) -> Option<usize> {
        self.groups[grouping.slot()]
    }

    /// The subtotal column.
    pub fn subtotal(&self) -> Option<usize> {
        self.values[Measure::Subtotal.slot()]
    }

    /// Why there can be no totals for this file, if there cannot.
    pub fn missing(&self) -> Option<&'static str> {
        if self.subtotal().is_none() {
            Some(
                "This file has no subtotal column, so it has no totals; it is shown as a plain table.",
            )
        } else if self.groups.iter().all(Option::is_none) {
            Some("This file has no lineItemType, account or productName column to group totals by.")
        } else {
            None
        }
    }

    /// Why `measure` cannot be added up in this file, if it cannot.
    pub fn missing_measure(&self, measure: Measure) -> Option<&'static str> {
        match (measure, self.values[measure.slot()]) {
            (_, Some(_)) => None,
            (Measure::Subtotal, None) => self.missing(),
            (Measure::Converted, None) => {
                Some("This file has no convertedSubtotal column to add up.")
            }
            (Measure::Quantity, None) => Some("This file has no quantity column to add up."),
        }
    }
}

/// The first header matching one of `names` (in the order of `names`), ignoring case.
pub fn find_column(headers: &[String], names: &[&str]) -> Option<usize> {
    names.iter().find_map(|name| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    })
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
        assert_eq!(cols.subtotal(), Some(2));
        assert_eq!(cols.values, [Some(2), None, Some(5)]);
        assert_eq!(cols.units, [Some(3), None, None]);
        assert_eq!(cols.groups, [Some(4), None, Some(0)]);
        assert!(cols.missing().is_none());
        assert!(cols.missing_measure(Measure::Converted).is_some());
        assert!(
            Columns::find(&headers(&["a", "b"]))
                .missing()
                .unwrap()
                .contains("no subtotal")
        );
    }
}
