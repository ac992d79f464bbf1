//! What leaves the tool for a spreadsheet: an Excel workbook of a bill file, with its pivot or
//! comparison when there is one (`workbook.rs`), written all or nothing.

mod workbook;

pub use workbook::{About, ExportError, Extra, Written, write_workbook};
