//! Reading a bill CSV: a file opened at once, a background scan for the row index and the
//! totals, rows read where they are. Nothing here holds the whole file in memory.

mod amount;
mod bucket;
mod column_set;
mod columns;
mod compare;
mod coverage;
mod file;
mod filter;
mod halves;
mod job;
mod join;
mod levels;
mod order;
mod period;
mod pivot;
mod scan;
mod sum;
mod totals;
mod unreadable;

pub use amount::{Amount, LARGEST_WHOLE_DIGITS, group_thousands};
pub use column_set::{first_order, is_bill_file, is_id_column, is_plain_integer, widest};
pub use columns::{Columns, Grouping, Measure, find_column};
pub use compare::{
    Baseline, Bridge, CompareError, CompareLine, CompareOrder, CompareSpec, Comparison, Flag,
    Selection, Status, UnitComparison, compare, months,
};
pub use coverage::{Coverage, Covered, Provenance, Source};
pub use file::{CsvFile, MAX_CELL, OpenError, cell};
pub use filter::Filter;
pub use join::{JoinError, join_files};
pub use levels::{LevelError, Levels, MOST_LEVELS};
pub use order::{JobError, filter_rows, sort_rows};
pub use period::{Period, PeriodError};
pub use pivot::{
    Bucket, DateColumn, Line as PivotLine, OTHERS, Pivot, PivotColumns, PivotError, PivotRow,
    PivotSpec, RowOrder, UnitPivot, pivot, pivot_reporting,
};
pub use scan::{Progress, STRIDE, ScanProgress, scan};
pub use totals::{Sum, TotalLine, Totals, TotalsRow, percent};
pub use unreadable::Unreadable;

#[cfg(test)]
mod tests;
