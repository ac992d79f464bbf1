//! How an answer is asked for: the measure, the filters, the format and where it goes.

use std::path::PathBuf;

use clap::Args;

/// What the commands that answer from a bill file (pivot, compare) share: what is added up,
/// which rows, and how and where the answer is written.
#[derive(Debug, Clone, Args)]
pub struct AnswerFlags {
    /// What is added up: subtotal (per currency), converted (convertedSubtotal: one currency
    /// for every line, so one ranking), quantity (per unit).
    #[arg(long, value_name = "MEASURE", default_value = "subtotal")]
    pub measure: MeasureArg,

    /// Months, quarters, years and periods by the bill date instead of the service period.
    #[arg(long)]
    pub by_bill_date: bool,

    /// Keep the rows whose COLUMN matches REGEX (case-insensitive), repeatable: all must match.
    #[arg(long, value_name = "COLUMN=REGEX")]
    pub filter: Vec<String>,

    /// table for people; csv, tsv or json for programs (amounts plain: -1234.50); xlsx, a
    /// workbook with the lines, this view and what the file is (with -o) [default: the one -o
    /// ends in (.xlsx, .csv, .tsv, .json), else table on a terminal, else csv]
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<FormatArg>,

    /// Write to FILE (all or nothing) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace FILE if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// What a pivot or comparison adds up.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum MeasureArg {
    Subtotal,
    Converted,
    Quantity,
}

/// How a pivot is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Table,
    Csv,
    Tsv,
    Json,
    /// An Excel workbook (needs -o FILE): the lines, this view and what the file is.
    Xlsx,
}
