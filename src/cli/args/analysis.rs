//! The flags of the commands that answer from a bill file: `pivot` and `compare`.

use std::path::PathBuf;

use clap::Args;

use super::answer::AnswerFlags;
use super::flags::{ConnectionArgs, QueryFlags};

pub(super) const PIVOT_EXAMPLES: &str = "\
Examples:
  m3ter-bills pivot october.csv --rows productName --cols month
  m3ter-bills pivot bills.csv --rows account --cols quarter --measure converted --top 10
  m3ter-bills pivot bills.csv --rows account --cols lineItemType --filter 'lineItemType=CREDIT' --format csv
  m3ter-bills pivot --demo --preset last-12-months --type all --rows productName --cols month";

#[derive(Debug, Args)]
pub struct PivotArgs {
    /// The bill CSV; or, instead, query flags (--demo --preset last-12-months --type all ...),
    /// and the file is fetched first.
    pub file: Option<PathBuf>,

    /// The column whose values are the rows: account, productName, lineItemType, ...; or up
    /// to three, comma-separated (account,productName), each a level of groups with its
    /// subtotal (a `level` field names the level a subtotal row adds up).
    #[arg(long, value_name = "COLUMN[,COLUMN...]")]
    pub rows: String,

    /// The columns: month, quarter or year (of the service period), or a column name.
    #[arg(long, value_name = "BUCKET|COLUMN")]
    pub cols: String,

    /// Keep the N largest rows per currency (with levels, the N largest groups of the first)
    /// and add up the rest as "(others)".
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// The order of the rows: total (the largest by size first, the default), name, or last
    /// (the largest in the last column first). With levels, the groups, and the members
    /// within each.
    #[arg(long, value_name = "ORDER")]
    pub sort: Option<String>,

    /// Keep only the rows whose credits are at least P percent of their charges (the credit
    /// share: USAGE_CREDIT, CREDIT_MEMO, ... against the charges); the rest are left out of the
    /// pivot and its totals, and said. With levels, of the deepest level.
    #[arg(long, value_name = "P")]
    pub credit_share_above: Option<String>,

    #[command(flatten)]
    pub answer: AnswerFlags,

    #[command(flatten)]
    pub query: QueryFlags,

    #[command(flatten)]
    pub connection: ConnectionArgs,
}

pub(super) const COMPARE_EXAMPLES: &str = "\
Examples:
  m3ter-bills compare bills.csv --by account --a 2025-09 --b 2025-10
  m3ter-bills compare bills.csv --by productName --a 2025-Q2 --b 2025-Q3 --min-pct 5 --format csv
  m3ter-bills compare --demo --type all --by account --a 2026-09 --b 2026-10 --measure converted";

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The bill CSV; or, instead, query flags (--demo --type all ...), and both periods are
    /// fetched first.
    pub file: Option<PathBuf>,

    /// The column compared: account, productName, lineItemType, ...; or up to three,
    /// comma-separated (account,productName), each a level of groups with its subtotal.
    #[arg(long, value_name = "COLUMN[,COLUMN...]")]
    pub by: String,

    /// Period A: YYYY-MM, YYYY-Qn, YYYY, or START..END (days YYYY-MM-DD, the end left out).
    #[arg(long, value_name = "PERIOD", required_unless_present = "baseline")]
    pub a: Option<String>,

    /// Period B, in the same forms.
    #[arg(long, value_name = "PERIOD")]
    pub b: String,

    /// Hold B against the mean of the N periods before it, each as long (--baseline 3 with a
    /// month: the three months before), instead of against A. Periods the file does not cover
    /// (outside the days it was fetched for, or before its first line) are left out of the
    /// mean and said; a covered month with no line of a key is a zero for it. --min-pct then
    /// flags lines that stray from their mean by at least that many percent.
    #[arg(long, value_name = "N", conflicts_with = "a", value_parser = clap::value_parser!(u32).range(1..=24))]
    pub baseline: Option<u32>,

    /// With --baseline and --min-pct: show only the lines it flags (and the new ones).
    #[arg(long, requires = "baseline")]
    pub flagged: bool,

    /// Hide changes smaller than AMOUNT (by size); they still count in the totals and the
    /// bridge.
    #[arg(long, value_name = "AMOUNT")]
    pub min_change: Option<String>,

    /// Hide changes smaller than P percent of A (by size); new lines always show.
    #[arg(long, value_name = "P")]
    pub min_pct: Option<String>,

    /// The order: change (the largest by size first, the default), growth, decline, a, b
    /// or name. With levels, the groups, and each group's members within it.
    #[arg(long, value_name = "ORDER")]
    pub sort: Option<String>,

    /// Show the first N per currency in that order (with levels, N first-level groups); the
    /// rest still count in the totals and the bridge.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// Show only these statuses: new, churned, expanded, contracted, flat (comma-separated or
    /// repeated).
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<String>,

    #[command(flatten)]
    pub answer: AnswerFlags,

    #[command(flatten)]
    pub query: QueryFlags,

    #[command(flatten)]
    pub connection: ConnectionArgs,
}
