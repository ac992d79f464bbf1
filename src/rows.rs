//! Counting the data rows of a CSV, as a CSV parser sees them (quoted new lines are inside a
//! row, blank lines are no row), in bounded memory and only as far as the count matters.
//!
//! A small state machine of its own, fed bytes as they come (a download is counted on its way,
//! chunk by chunk): it only needs to know where records end (a line break outside quotes),
//! not the fields a parser copies out, so it jumps from quote to line break with `memchr`. Its records are the
//! `csv` crate's for every input (a property test checks them).

use std::io::Read;

/// Where the counter is in a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Outside quotes: only a line break (the record ends) or a quote matters.
    Outside,
    /// Inside quotes: separators and line breaks are characters.
    Quoted,
    /// Just after a quote inside quotes: a second one is a quote character, anything else
    /// ends the quotes.
    QuoteInQuoted,
}

/// Counts the records after the header of bytes fed to it in pieces, stopping at `enough`.
pub struct RowCounter {
    at: At,
    /// Whether the next byte starts a field (after a separator, or at a record's start): a
    /// quote there opens quotes; anywhere else it is a character like any other.
    field_start: bool,
    /// Whether the record under way has begun (a blank line is no record).
    begun: bool,
    /// Records seen, the header included.
    records: u64,
    enough: u64,
}

impl RowCounter {
    /// A counter that stops once it has seen `enough` data rows (see
    /// [`crate::query::BillQuery::rows_worth_counting`]).
    pub fn new(enough: u64) -> RowCounter {
        RowCounter {
            at: At::Outside,
            field_start: true,
            begun: false,
            records: 0,
            enough,
        }
    }

    /// Whether the count is as far as it goes, so the rest need not be fed.
    pub fn is_done(&self) -> bool {
        self.rows() >= self.enough
    }

    /// Reads the next piece of the file.
    pub fn feed(&mut self, input: &[u8]) {
        let mut i = 0;
        while i < input.len() && !self.is_done() {
            match self.at {
                At::Outside => {
                    // The plain bytes up to the next quote or line break are passed in one go.
                    let rest = &input[i..];
                    let n = memchr::memchr3(b'"', b'\n', b'\r', rest).unwrap_or(rest.len());
                    if n > 0 {
                        self.begun = true;
                        self.field_start = rest[n - 1] == b',';
                    }
                    i += n;
                    let Some(&b) = input.get(i) else { break };
                    i += 1;
                    if b == b'"' {
                        self.begun = true;
                        if self.field_start {
                            self.at = At::Quoted;
                        }
                        self.field_start = false;
                    } else {
                        self.end_record();
                    }
                }
                At::Quoted => match memchr::memchr(b'"', &input[i..]) {
                    Some(n) => {
                        i += n + 1;
                        self.at = At::QuoteInQuoted;
                    }
                    None => i = input.len(),
                },
                At::QuoteInQuoted => {
                    let b = input[i];
                    i += 1;
                    match b {
                        b'"' => self.at = At::Quoted,
                        b'\n' | b'\r' => self.end_record(),
                        _ => {
                            self.at = At::Outside;
                            self.field_start = b == b',';
                        }
                    }
                }
            }
        }
    }

    fn end_record(&mut self) {
        if self.begun {
            self.records += 1;
        }
        self.begun = false;
        self.field_start = true;
        self.at = At::Outside;
    }

    /// The number of data rows, up to `enough`, once the whole file has been fed: a last row
    /// without a line break is a row too.
    pub fn finish(mut self) -> u64 {
        if self.begun {
            self.records += 1;
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

    proptest::proptest! {
        /// The count is the `csv` crate's, whatever the bytes and however they are cut.
        #[test]
        fn the_count_is_a_csv_parsers(
            text in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b',', b'"', b'\n', b'\r', b' ']),
                0..200,
            ),
            cut in 1usize..7,
        ) {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(&text[..]);
            let records = reader.byte_records().filter(Result::is_ok).count() as u64;
            let mut counter = RowCounter::new(u64::MAX);
            for piece in text.chunks(cut) {
                counter.feed(piece);
            }
            proptest::prop_assert_eq!(counter.finish(), records.saturating_sub(1));
        }
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
