//! The command line, as clap sees it.

mod answer;

pub use answer::{AnswerFlags, FormatArg, MeasureArg};

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::demo::FaultSpec;
use crate::query::Preset;

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

const PIVOT_EXAMPLES: &str = "\
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

const EXPORT_EXAMPLES: &str = "\
Examples:
  m3ter-bills export october.csv --xlsx october.xlsx
  m3ter-bills export year.csv --xlsx year.xlsx --pivot-rows productName --pivot-cols month
  m3ter-bills pivot year.csv --rows account --cols quarter --format xlsx -o accounts.xlsx
  m3ter-bills query --preset last-month --type all --download last-month.xlsx";

const COMPARE_EXAMPLES: &str = "\
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
    /// month: the three months before), instead of against A. Periods the file has no line
    /// of are left out of the mean and said. --min-pct then flags lines that stray from their
    /// mean by at least that many percent.
    #[arg(long, value_name = "N", conflicts_with = "a", value_parser = clap::value_parser!(u32).range(1..=24))]
    pub baseline: Option<u32>,

    /// With --baseline: show only the lines --min-pct flags (and the new ones).
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

/// What to ask m3ter for: the flags `query` takes, and that `pivot` takes instead of a file.
#[derive(Debug, Clone, Default, Args)]
pub struct QueryFlags {
    /// Use the built-in demo m3ter (in this process) instead of a real one.
    #[arg(long)]
    pub demo: bool,

    /// Start from a JSON request body in FILE (- for standard input); flags override it.
    #[arg(long, value_name = "FILE", conflicts_with = "saved")]
    pub body: Option<PathBuf>,

    /// Start from the saved query NAME (saved in the screen with s); flags override it.
    #[arg(long, value_name = "NAME")]
    pub saved: Option<String>,

    /// Start of the range: YYYY-MM-DD (midnight UTC) or an ISO 8601 date-time.
    #[arg(long, value_name = "DATE", conflicts_with = "preset")]
    pub start: Option<String>,

    /// End of the range, exclusive (as m3ter takes it), in the same forms as --start:
    /// --end 2026-11-01 covers up to and including 31 October. See --through.
    #[arg(long, value_name = "DATE", conflicts_with = "preset")]
    pub end: Option<String>,

    /// The last day to include, YYYY-MM-DD: --through 2026-10-31 is --end 2026-11-01.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["end", "preset"])]
    pub through: Option<String>,

    /// A named range: today, yesterday, this-month, last-month, this-quarter, last-quarter,
    /// year-to-date, last-30-days, last-12-months.
    #[arg(long, value_name = "NAME")]
    pub preset: Option<Preset>,

    /// Line item types, repeatable or comma-separated: wire names (USAGE), `all`, or a group
    /// (charges, credits, commitments, balances, adjustments).
    #[arg(long = "type", value_name = "TYPE", value_delimiter = ',')]
    pub types: Vec<String>,

    /// A dimension filter NAME=VALUE[,VALUE...], repeatable; `*` keeps every value.
    /// Names: account, product name.
    #[arg(long, value_name = "NAME=VALUES")]
    pub dimension: Vec<String>,

    /// Attributes to return for a dimension: NAME=ATTR[,ATTR...], repeatable.
    #[arg(long, value_name = "NAME=ATTRS")]
    pub attribute: Vec<String>,

    /// At most this many data points (1 to 2000).
    #[arg(long, value_name = "N")]
    pub limit: Option<String>,

    /// The version field of the request (a 64-bit integer).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub version: Option<String>,

    /// Fetch the range piece by piece and merge the pieces into one file, each line once:
    /// `month` asks once a month; `auto` asks for the whole range, then again in halves, down
    /// to a day, wherever an answer holds exactly the limit (the sign that m3ter cut it).
    #[arg(long, value_name = "HOW")]
    pub split: Option<SplitArg>,

    /// With --split: keep the pieces an unfinished run of the same query fetched in the last
    /// 24 hours, and fetch only the rest.
    #[arg(long, requires = "split")]
    pub resume: bool,
}

/// How `--split` cuts the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SplitArg {
    Month,
    Auto,
}

impl From<SplitArg> for crate::query::SplitMode {
    fn from(arg: SplitArg) -> Self {
        match arg {
            SplitArg::Month => crate::query::SplitMode::Month,
            SplitArg::Auto => crate::query::SplitMode::Auto,
        }
    }
}

impl QueryFlags {
    /// Whether any flag asks for something (`--demo` alone does not: it says where from).
    pub fn asks(&self) -> bool {
        self.body.is_some()
            || self.saved.is_some()
            || self.start.is_some()
            || self.end.is_some()
            || self.through.is_some()
            || self.preset.is_some()
            || !self.types.is_empty()
            || !self.dimension.is_empty()
            || !self.attribute.is_empty()
            || self.limit.is_some()
            || self.version.is_some()
            || self.split.is_some()
    }
}

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

/// Where to connect and how patiently. Taken by the commands that connect or read the config
/// (the screen, query, config), before or after the command's name: `--profile x query` and
/// `query --profile x` are the same. Unset values are `None`, so the two places can be
/// merged ([`ConnectionArgs::over`]); the defaults are applied when a client is made.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Connection options")]
pub struct ConnectionArgs {
    /// The config file [env: M3TER_BILLS_CONFIG] [default: the platform's config folder,
    /// e.g. ~/.config/m3ter-bills/config.toml]
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// The profile of the config file to use [default: its default_profile]
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// The m3ter organization id [env: M3TER_ORG_ID]
    #[arg(long, value_name = "ID")]
    pub org_id: Option<String>,

    /// The API's address [env: M3TER_BASE_URL] [default: https://api.m3ter.com]
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// Seconds to wait for a connection [default: 5]
    #[arg(long, value_name = "SECS")]
    pub connect_timeout: Option<f64>,

    /// Seconds a request may take (for downloads: the longest silence) [default: 60]
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,

    /// Seconds a whole download may take, however steadily the bytes come [default: 3600]
    #[arg(long, value_name = "SECS")]
    pub download_timeout: Option<f64>,

    /// Retries after a connection error, 408, 409, 429 or 5xx [default: 2]
    #[arg(long, value_name = "N")]
    pub retries: Option<u32>,
}

impl ConnectionArgs {
    /// These settings, with what is unset here taken from `base` (those given before the
    /// command's name).
    pub fn over(&self, base: &ConnectionArgs) -> ConnectionArgs {
        ConnectionArgs {
            config: self.config.clone().or_else(|| base.config.clone()),
            profile: self.profile.clone().or_else(|| base.profile.clone()),
            org_id: self.org_id.clone().or_else(|| base.org_id.clone()),
            base_url: self.base_url.clone().or_else(|| base.base_url.clone()),
            connect_timeout: self.connect_timeout.or(base.connect_timeout),
            timeout: self.timeout.or(base.timeout),
            download_timeout: self.download_timeout.or(base.download_timeout),
            retries: self.retries.or(base.retries),
        }
    }
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
