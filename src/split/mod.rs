//! Fetching a long range completely: piece by piece, each piece a query of its own, kept in
//! a cache folder as it comes, then merged into one CSV.
//!
//! m3ter answers a Data Explorer query with at most `limit` data points, and the only sign of
//! a cut is an answer that holds exactly that many. [`fetch_pieces`] asks for the range by
//! month, or ([`SplitMode::Auto`]) whole first and then in ever smaller pieces wherever an
//! answer is cut, down to a day. The pieces go through one [`crate::m3ter::Client`], so one
//! token and its pacing under m3ter's rate limit serve them all. [`PieceStore`] keeps them,
//! so a run that stops part way can be resumed within [`KEEP_FOR`]; [`merge`] writes them as
//! one file under one header, in time order, each bill line once.
//!
//! [`SplitMode::Auto`]: crate::query::SplitMode::Auto

mod merge;
mod run;
mod source;
mod store;

pub use merge::{MergeError, Merged, merge, merge_to_file};
pub use run::{News, PieceError, PieceSource, Pieces, Plan, SplitError, fetch_pieces};
pub use source::ClientSource;
pub use store::{KEEP_FOR, PieceStore, Resumed, store_key};

#[cfg(test)]
mod tests;
