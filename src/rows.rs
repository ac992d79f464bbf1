//! Counting the data rows of a CSV, as a CSV parser sees them (quoted new lines are inside a
//! row, blank lines are no row), in bounded memory and only as far as the count matters.
//!
//! This uses `csv-core`, the parser underneath the `csv` crate, because it takes bytes as
//! they come: a download can be counted on its way to standard output, chunk by chunk.

use std::io::Read;

use csv_core::{ReadRecordResult, Reader};

/// Counts the records after the header of bytes fed to it in pieces, stopping at `enough`.
pub struct RowCounter {
    reader: Reader,
    /// Records seen, the header included.
    records: u64,
    enough: u64,
    // Scratch space for the parser's output, which is not kept: only records are counted.
    fields: [u8; 4096],
    ends: [usize; 64],
}

impl RowCounter {
    /// A counter that stops once it has seen `enough` data rows (see
    /// [`crate::query::BillQuery::rows_worth_counting`]).
    pub fn new(enough: u64) -> RowCounter {
        RowCounter {
            reader: Reader::new(),
            records: 0,
            enough,
            fields: [0; 4096],
            ends: [0; 64],
        }
    }

    /// Whether the count is as far as it goes, so the rest need not be fed.
    pub fn is_done(&self) -> bool {
        self.rows() >= self.enough
    }

    /// Reads the next piece of the file.
    pub fn feed(&mut self, mut input: &[u8]) {
        // An empty input would tell the parser the file has ended; that is `finish`'s to say.
        while !input.is_empty() && !self.is_done() {
            let (result, read, _, _) =
                self.reader
                    .read_record(input, &mut self.fields, &mut self.ends);
            input = &input[read..];
            match result {
                ReadRecordResult::Record => self.records += 1,
                ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {}
                ReadRecordResult::InputEmpty | ReadRecordResult::End => return,
            }
        }
    }

    /// The number of data rows, up to `enough`, once the whole file has been fed.
    pub fn finish(mut self) -> u64 {
        // An empty input tells the parser the file has ended; a last row without a line
        // break is a row then.
        while !self.is_done() {
            let (result, _, _, _) = self
                .reader
                .read_record(&[], &mut self.fields, &mut self.ends);
            match result {
                ReadRecordResult::Record => self.records += 1,
                ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {}
                ReadRecordResult::InputEmpty | ReadRecordResult::End => break,
            }
        }
        self.rows()
    }

    fn rows(&self) -> u64 {
        self.records.saturating_sub(1).min(self.enough)
    }
}

/// The number of data rows (records after the header) `reader` holds, counting no further
/// than `enough`.
pub fn count_data_rows(mut reader: impl Read, enough: u64) -> std::io::Result<u64> {
    let mut counter = RowCounter::new(enough);
    let mut buffer = vec![0; 64 * 1024];
    while !counter.is_done() {
        let n = match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        counter.feed(&buffer[..n]);
    }
    Ok(counter.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> u64 {
        count_data_rows(text.as_bytes(), u64::MAX).unwrap()
    }

    #[test]
    fn rows_are_records_after_the_header() {
        assert_eq!(rows(""), 0);
        assert_eq!(rows("account,subtotal"), 0);
        assert_eq!(rows("account,subtotal\n"), 0);
        assert_eq!(rows("account,subtotal\r\n\r\n"), 0);
        assert_eq!(rows("account,subtotal\nacme,1\nglobex,2"), 2);
        assert_eq!(rows("account,subtotal\nacme,1\n\nglobex,2\n"), 2);
        assert_eq!(
            rows("account,description\nacme,\"two\nlines, and \"\"quotes\"\"\"\nglobex,x\n"),
            2
        );
        assert_eq!(rows("a\n1,2,3\n4\n"), 2, "ragged rows count too");
        let wide = format!("a,b\n\"{}\",{}\n", "x".repeat(100_000), "y,".repeat(500));
        assert_eq!(rows(&wide), 1);
    }

    #[test]
    fn counting_stops_at_enough_and_pieces_do_not_matter() {
        let text: String = std::iter::once("a,b\n".to_string())
            .chain((0..1000).map(|i| format!("{i},\"x\ny\"\n")))
            .collect();
        assert_eq!(count_data_rows(text.as_bytes(), 501).unwrap(), 501);
        assert_eq!(count_data_rows(text.as_bytes(), 1).unwrap(), 1);
        let mut counter = RowCounter::new(u64::MAX);
        for piece in text.as_bytes().chunks(3) {
            counter.feed(piece);
        }
        assert_eq!(counter.finish(), 1000);
    }
}
