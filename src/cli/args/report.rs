//! What `report` takes: run, list, show, new.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::flags::ConnectionArgs;

pub const REPORT_EXAMPLES: &str = "\
Examples:
  m3ter-bills --demo report run month-end --as-of 2026-12-01
  m3ter-bills report show month-end --as-of 2027-01-01
  m3ter-bills report new month-end --from-saved nightly
  0 6 1 * * m3ter-bills report run month-end --out ~/reports >> ~/reports/log 2>&1";

/// What `report` does.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub action: ReportAction,
    #[command(flatten)]
    pub connection: ConnectionArgs,
}

#[derive(Debug, Subcommand)]
pub enum ReportAction {
    /// Fetch the report's data completely, answer every view and write every file: all of
    /// them, or none when a step fails. A line per step on stderr, one exit code.
    Run(RunArgs),
    /// The reports in the config folder, with their descriptions.
    List,
    /// What a run would do as of a day: the request, the views and the file names. Nothing
    /// is sent, nothing written.
    Show(ShowArgs),
    /// Start a report: a recipe with a pivot, a comparison and a baseline of the period, to
    /// edit; its query from a saved query when given.
    New(NewArgs),
}

/// The report and the day it is for.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The report's name (in the config folder's reports/) or a .toml file.
    pub report: String,
    /// The day its relative periods are resolved against, YYYY-MM-DD (today in UTC).
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub as_of: Option<NaiveDate>,
    /// The folder to write to, instead of the report's own.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub show: ShowArgs,
    /// Write over files an earlier run of the same day left.
    #[arg(long)]
    pub force: bool,
    /// Use the built-in demo m3ter (in this process).
    #[arg(long)]
    pub demo: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new report's name.
    pub name: String,
    /// Take the query (types, dimensions, limit) from this saved query.
    #[arg(long, value_name = "QUERY")]
    pub from_saved: Option<String>,
    /// The period it is about (a relative name keeps it relative): last-month by default.
    #[arg(long, value_name = "PERIOD", default_value = "last-month")]
    pub period: String,
    /// Replace a report of that name.
    #[arg(long)]
    pub force: bool,
}

fn day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{text} is not a day: write YYYY-MM-DD, as in 2026-12-01"))
}
