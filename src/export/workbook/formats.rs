//! The number formats a workbook's sheets share, made once each.

use std::collections::HashMap;

use rust_xlsxwriter::Format;

/// The number formats used, made once each (a workbook asks for one per cell).
#[derive(Default)]
pub(super) struct Formats {
    /// By decimal places, then by currency.
    money: [HashMap<Vec<u8>, Format>; 7],
}

impl Formats {
    /// `#,##0.00 "USD"`: the currency beside the amount, as Excel shows it.
    pub(super) fn money(&mut self, unit: &str, decimals: u32) -> &Format {
        self.money_of(unit.as_bytes(), decimals)
    }

    pub(super) fn money_of(&mut self, unit: &[u8], decimals: u32) -> &Format {
        let decimals = decimals.min(6);
        let by_unit = &mut self.money[decimals as usize];
        // Looked up by the borrowed bytes first: nearly every cell's currency is known.
        if !by_unit.contains_key(unit) {
            let format = make_money(&String::from_utf8_lossy(unit), decimals);
            by_unit.insert(unit.to_vec(), format);
        }
        &by_unit[unit]
    }
}

fn make_money(unit: &str, decimals: u32) -> Format {
    let places = if decimals == 0 {
        String::new()
    } else {
        format!(".{}", "0".repeat(decimals as usize))
    };
    // Only letters, digits, spaces and dashes go between the quotes of a number format.
    let clean: String = unit
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-')
        .collect();
    if clean.is_empty() {
        Format::new().set_num_format(format!("#,##0{places}"))
    } else {
        Format::new().set_num_format(format!("#,##0{places} \"{clean}\""))
    }
}

pub(super) fn date_format() -> Format {
    Format::new().set_num_format("yyyy-mm-dd")
}

pub(super) fn header_format() -> Format {
    Format::new().set_bold()
}

/// A column number as the workbook counts them.
pub(super) fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_currency_stands_beside_its_amounts_and_nothing_else_gets_in() {
        assert_eq!(
            make_money("USD", 2),
            Format::new().set_num_format("#,##0.00 \"USD\"")
        );
        assert_eq!(
            make_money("\"; evil", 0),
            Format::new().set_num_format("#,##0 \" evil\"")
        );
        assert_eq!(make_money("", 2), Format::new().set_num_format("#,##0.00"));
    }
}
