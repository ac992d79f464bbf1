//! Amounts that are not plain numbers: left out of every sum, counted, and said with the first
//! one as an example, so a file saved in a decimal-comma locale (`12,50`) is never read as
//! 1250 nor dropped without a word.

use csv::ByteRecord;

use super::amount::Amount;
use super::file::CsvFile;
use crate::query::Kind;

/// The lines whose amount could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unreadable {
    pub count: u64,
    /// The first one in the file: where its line starts (a byte offset) and the cell.
    first: Option<(u64, String)>,
}

impl Unreadable {
    /// Notes that `record`'s amount `cell` could not be read.
    pub fn note(&mut self, record: &ByteRecord, cell: &[u8]) {
        self.count += 1;
        let at = record.position().map_or(u64::MAX, |p| p.byte());
        if self.first.as_ref().is_none_or(|(first, _)| at < *first) {
            let text = crate::printable::printable(&String::from_utf8_lossy(cell));
            self.first = Some((at, text.chars().take(40).collect()));
        }
    }

    /// The amount in column `value` of `record` with the line's kind (from the line item type
    /// in column `kind`, `other` without one); `None`, and noted, when the amount is no plain
    /// number.
    pub(super) fn read(
        &mut self,
        record: &ByteRecord,
        value: usize,
        kind: Option<usize>,
    ) -> Option<(Amount, Kind)> {
        let cell = record.get(value).unwrap_or_default();
        let Some(amount) = Amount::parse(cell) else {
            self.note(record, cell);
            return None;
        };
        let kind = kind
            .and_then(|i| record.get(i))
            .map_or(Kind::Other, Kind::of_cell);
        Some((amount, kind))
    }

    /// Adds what another part of the file found.
    pub fn merge(&mut self, other: Unreadable) {
        self.count += other.count;
        if let Some((at, text)) = other.first
            && self.first.as_ref().is_none_or(|(first, _)| at < *first)
        {
            self.first = Some((at, text));
        }
    }

    /// `3 lines left out of the sums: their subtotal is not a plain number (line 4: '12,50')`,
    /// or `None` when every amount was read.
    pub fn sentence(&self, file: &CsvFile, column: &str) -> Option<String> {
        if self.count == 0 {
            return None;
        }
        let lines = if self.count == 1 {
            "1 line".to_string()
        } else {
            format!("{} lines", super::group_thousands(&self.count.to_string()))
        };
        let example = match &self.first {
            Some((at, text)) => match file.line_number(*at) {
                Some(line) => format!(" (line {line}: '{text}')"),
                None => format!(" ('{text}')"),
            },
            None => String::new(),
        };
        let verb = if self.count == 1 { "its" } else { "their" };
        Some(format!(
            "{lines} left out of the sums: {verb} {column} is not a plain number{example}; amounts are read only as plain numbers with a dot (-1234.50)"
        ))
    }
}
