//! What leaves the tool for a spreadsheet: an Excel workbook of a bill file, with its pivot or
//! comparison when there is one (`workbook.rs`), written all or nothing; and the pivot and the
//! comparison as records, CSV or TSV (`records.rs`).

mod files;
mod records;
mod workbook;

pub use files::{write_rows, write_text};
pub use records::{
    compare_header, compare_key_cells, compare_key_heading, compare_records, delimited, kind_cells,
    kind_heading, pivot_header, pivot_key_cells, pivot_key_heading, pivot_records, unit_heading,
    write_delimited, write_objects,
};
pub use workbook::{About, ExportError, Extra, Written, stage_workbook, write_workbook};
