//! Reading a bill CSV: a file opened at once, a background scan for the row index and the
//! totals, rows read where they are. Nothing here holds the whole file in memory.

mod amount;
mod file;
mod order;
mod scan;
mod totals;

pub use amount::{Amount, group_thousands};
pub use file::{CsvFile, MAX_CELL, OpenError, cell};
pub use order::{Filter, JobError, filter_rows, sort_rows};
pub use scan::{Progress, STRIDE, ScanProgress, scan};
pub use totals::{Columns, Grouping, Sum, TotalLine, Totals, TotalsRow};

#[cfg(test)]
mod tests;
