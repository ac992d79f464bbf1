//! The command line, as clap sees it.

mod analysis;
mod answer;
mod flags;
pub mod report;

use analysis::{COMPARE_EXAMPLES, PIVOT_EXAMPLES};
pub use analysis::{CompareArgs, PivotArgs};
pub use answer::{AnswerFlags, FormatArg, MeasureArg};
pub use flags::{ConnectionArgs, QueryFlags, SplitArg};

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::demo::FaultSpec;

/// Pull bill data out of m3ter's Data Explorer: build the query, get the download link, fetch
/// the CSV. Without a command, opens the interactive query builder.
///
/// Credentials come from the variables m3ter's own SDKs read: M3TER_API_KEY and
/// M3TER_API_SECRET (or a ready token in M3TER_API_TOKEN), M3TER_ORG_ID and M3TER_BASE_URL.
/// With --demo, a built-in stand-in for m3ter is used instead, with no account and no network.
///
/// Exit codes: 0 done, 2 invalid input, 3 authentication failed, 4 refused by the API,
/// 5 network, server or download failure, 6 no data rows (only with query --fail-empty).
#[derive(Debug, Parser)]
#[command(name = "m3ter-bills", version, max_term_width = 100)]
pub struct Cli {
    /// Use the built-in demo m3ter (in this process) instead of a real one.
    #[arg(long)]
    pub demo: bool,

    /// Log what is done: -v each request and answer, -vv the details, -vvv what the HTTP and TLS libraries log too.
    /// Headless commands log to standard error; the screen to m3ter-bills.log in the data
    /// folder (see m3ter-bills config). Secrets are never logged.
    // Global: every command logs, and -v is as often typed after the command as before it.
    #[arg(short, long, action = clap::ArgAction::Count, global = true, help_heading = GLOBAL)]
    pub verbose: u8,

    /// Write the log to FILE instead (appended, owner-only); implies -v.
    #[arg(long, value_name = "FILE", global = true, help_heading = GLOBAL)]
    pub log_file: Option<PathBuf>,

    /// Open the screen with the form filled from a JSON request body.
    #[arg(long, value_name = "FILE")]
    pub body: Option<PathBuf>,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The heading of the options every command takes.
const GLOBAL: &str = "Global options";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ask for a bill data CSV without a screen: print the link, fetch the file or open it.
    #[command(after_help = QUERY_EXAMPLES)]
    Query(Box<QueryArgs>),
    /// Run the demo m3ter until interrupted; prints four `export` lines a shell can eval.
    DemoServer(DemoServerArgs),
    /// Show where the config, saved queries and history live, and the settings in force
    /// (secrets never shown).
    Config(ConfigArgs),
    /// Look at a bill CSV in a table, with totals by line item type, account and product.
    View {
        /// The CSV file.
        file: PathBuf,
    },
    /// Pivot a bill CSV: one column's values as rows against months, quarters, years or
    /// another column, summed per currency (currencies are never added together).
    #[command(after_help = PIVOT_EXAMPLES)]
    Pivot(Box<PivotArgs>),
    /// Compare two periods of a bill CSV by account, product or any column: A, B, the change,
    /// and whether each is new, churned, expanded, contracted or flat, per currency. A table
    /// puts the bridge (A + new + expanded - contracted - churned = B) on stderr; JSON carries it.
    #[command(after_help = COMPARE_EXAMPLES)]
    Compare(Box<CompareArgs>),
    /// Write a bill CSV as an Excel workbook: its lines as a table with typed numbers and
    /// dates, a pivot with a live chart when asked, and what the file is, with its totals.
    #[command(after_help = EXPORT_EXAMPLES)]
    Export(Box<ExportArgs>),
    /// List the organization's accounts: code (what a bill query's account filter takes),
    /// name, currency; with --search, those whose name starts with it.
    #[command(after_help = LIST_EXAMPLES)]
    Accounts(Box<ListArgs>),
    /// List the organization's products: code and name (what a product name filter takes);
    /// with --search, those whose name or code holds it.
    #[command(after_help = LIST_EXAMPLES)]
    Products(Box<ListArgs>),
    /// Saved analyses: a query with relative periods, its views and its files, run in one
    /// step (by a scheduler too).
    #[command(after_help = report::REPORT_EXAMPLES)]
    Report(Box<report::ReportArgs>),
    /// Print a completion script for a shell (see the README for where to put it).
    Completions {
        /// The shell: bash, zsh or fish.
        shell: CompletionShell,
    },
}

const LIST_EXAMPLES: &str = "\
Examples:
  m3ter-bills --demo accounts --search Cyber
  m3ter-bills accounts --format csv > accounts.csv
  m3ter-bills --demo products --format json | jq -r '.[].name'";

/// What `accounts` and `products` take.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Accounts whose name starts with TEXT (m3ter's search); products whose name or code
    /// holds TEXT. Case is ignored.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,

    /// table (the default at a terminal), csv, tsv or json.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,

    /// Ask m3ter again rather than use the list kept from the last hour.
    #[arg(long)]
    pub refresh: bool,

    #[command(flatten)]
    pub connection: ConnectionArgs,
}

const EXPORT_EXAMPLES: &str = "\
Examples:
  m3ter-bills export october.csv --xlsx october.xlsx
  m3ter-bills export year.csv --xlsx year.xlsx --pivot-rows productName --pivot-cols month
  m3ter-bills pivot year.csv --rows account --cols quarter --format xlsx -o accounts.xlsx
  m3ter-bills query --preset last-month --type all --download last-month.xlsx";

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The bill CSV.
    pub file: PathBuf,

    /// The workbook to write (all or nothing).
    #[arg(long, value_name = "OUT.xlsx")]
    pub xlsx: PathBuf,

    /// Add a Pivot sheet (and its trend chart) with these rows: account, productName, ...;
    /// or up to three levels, comma-separated (account,productName).
    #[arg(long, value_name = "COLUMN[,COLUMN...]")]
    pub pivot_rows: Option<String>,

    /// The pivot's columns: month, quarter, year or a column name.
    #[arg(
        long,
        value_name = "BUCKET|COLUMN",
        default_value = "month",
        requires = "pivot_rows"
    )]
    pub pivot_cols: String,

    /// Replace OUT.xlsx if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The shells completion scripts are made for.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(flatten)]
    pub connection: ConnectionArgs,
}

const QUERY_EXAMPLES: &str = "\
Examples:
  m3ter-bills query --preset last-month --type USAGE,OVERAGE_USAGE
  m3ter-bills query --start 2026-10-01 --through 2026-10-31 --type all \\
      --dimension 'account=acme,globex' --download october.csv
  m3ter-bills query --preset last-month --type USAGE --download - | wc -l
  m3ter-bills query --preset last-12-months --type all --limit 2000 --split auto \\
      --download year.csv
  m3ter-bills query --body query.json --limit 500 --dry-run
  m3ter-bills --demo query --preset last-quarter --type charges --curl";

#[derive(Debug, Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub flags: QueryFlags,

    /// Print the validated JSON body and send nothing.
    #[arg(long, conflicts_with_all = ["curl", "download", "open"])]
    pub dry_run: bool,

    /// Print an equivalent curl command (token as $M3TER_TOKEN) and send nothing.
    #[arg(long, conflicts_with_all = ["download", "open"])]
    pub curl: bool,

    /// Also fetch the CSV to PATH, checked before anything is sent (- writes it to standard
    /// output, and the link to standard error).
    #[arg(long, value_name = "PATH")]
    pub download: Option<PathBuf>,

    /// Replace PATH if it exists.
    #[arg(long, requires = "download")]
    pub force: bool,

    /// Exit 6 when the downloaded file has no data rows (a header alone).
    #[arg(long, requires = "download")]
    pub fail_empty: bool,

    /// Also open the link in the browser.
    #[arg(long)]
    pub open: bool,

    #[command(flatten)]
    pub connection: ConnectionArgs,
}

#[derive(Debug, Args)]
pub struct DemoServerArgs {
    /// The address to listen on (port 0 picks a free one).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    pub listen: SocketAddr,

    /// Produce a failure: NAME or NAME:COUNT (COUNT times, else every time), repeatable; @AFTER
    /// lets AFTER chances pass first (server-error@4: the fifth request fails, and on).
    /// Names: rate-limit, server-error, drop-connection, truncate-download, slow, bad-link,
    /// invalid-json, expire-token.
    #[arg(long, value_name = "NAME[:COUNT]")]
    pub fault: Vec<FaultSpec>,

    /// Seconds an access token lives.
    #[arg(long, value_name = "SECS", default_value_t = 18_000)]
    pub token_ttl: u64,

    /// Seconds a download link works.
    #[arg(long, value_name = "SECS", default_value_t = 900)]
    pub link_ttl: u64,

    /// Data Explorer rate limit as PER_SECOND/BURST, or `off`.
    #[arg(long, value_name = "RATE", default_value = "1/10")]
    pub rate_limit: String,

    /// Seconds the `slow` fault waits before answering.
    #[arg(long, value_name = "SECS", default_value_t = 65)]
    pub slow_delay: u64,

    /// Repeat each download's rows N times, for benchmarks with large files.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub download_copies: u32,
}

#[cfg(test)]
mod tests;
