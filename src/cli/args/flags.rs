//! The flags several commands share: what to ask m3ter for, and where to connect.

use std::path::PathBuf;

use clap::Args;

use chrono::{DateTime, NaiveDate, Utc};

use crate::query::Preset;

/// `--as-of`: a day of the calendar.
fn as_of(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{text} is not a day: write YYYY-MM-DD, as in 2026-12-01"))
}

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

    /// A named range, relative to today (or --as-of): today, yesterday, this-month,
    /// last-month, month-2 (the month before last), this-quarter, last-quarter, quarter-2,
    /// year-to-date, last-year, last-30-days, last-3-months, last-6-months, last-12-months.
    #[arg(long, value_name = "NAME")]
    pub preset: Option<Preset>,

    /// The day relative names (--preset, and compare's --a and --b) are resolved against,
    /// YYYY-MM-DD: to run last month's numbers again as they were asked on that day.
    /// Today in UTC by default.
    #[arg(long, value_name = "DATE", value_parser = as_of)]
    pub as_of: Option<NaiveDate>,

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
    /// The moment relative names are resolved against: the start of `--as-of`, else now.
    pub fn now(&self) -> DateTime<Utc> {
        match self.as_of {
            Some(day) => day.and_time(chrono::NaiveTime::MIN).and_utc(),
            None => Utc::now(),
        }
    }

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
