//! What both faces do with m3ter, written once: send a query and note it in the history
//! ([`submit()`]), fetch the file behind a link to a target ([`download()`]), fetch a long range
//! in pieces and merge them ([`split()`]), fetch two periods to compare ([`periods()`]).
//!
//! A flow says how it goes through a callback of [`Event`]s and ends in a typed result; it
//! never prints, and knows nothing of a terminal, of arguments or of the screen. The command
//! line shows its events as lines on stderr, the screen as messages. A flow that may be
//! interrupted takes a `stop` future: when it resolves, the flow ends at once, its files
//! removed, and says so in its error.

mod download;
mod event;
mod lookup;
mod periods;
mod record;
mod split;
mod submit;
mod target;
mod workbook;

pub use download::{DownloadFailed, Fetched, count_rows, download};
pub use event::{Event, Step, Unrecorded};
pub use lookup::{Lookup, Named, folded, lookup, resolve, suggest};
pub use periods::{FetchedPeriods, PeriodsFailed, Place, periods};
pub use record::Record;
pub use split::{SplitDone, SplitFailed, SplitFetched, SplitJob, SplitStopped, SplitWhy, split};
pub use submit::{Submitted, submit};
pub use target::{Target, scratch_folder};
pub use workbook::WorkbookError;
