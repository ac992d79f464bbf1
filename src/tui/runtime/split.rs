//! Fetching the query's range complete, for an answer cut at the limit: the split fetch of
//! [`crate::fetch::split`] after a cut (a month at a time, smaller where still cut) through the
//! screen's client, merged into the file asked for; its pieces' news goes to the screen.

use std::path::PathBuf;

use crate::config::History;
use crate::fetch::{Event, Record, SplitDone, SplitJob, SplitStopped, Target};
use crate::m3ter::Client;
use crate::query::{BillQuery, SplitMode};
use crate::split::{News, Plan};

/// What a complete fetch needs.
pub struct Job {
    pub client: Client,
    pub query: BillQuery,
    pub path: PathBuf,
    pub overwrite: bool,
    pub resume: bool,
    pub profile: Option<String>,
    /// The folder the pieces are kept in.
    pub pieces: PathBuf,
    pub history: Option<History>,
}

/// Runs the fetch, telling `news` how it goes. It stops when its task is aborted.
pub async fn run(job: Job, mut news: impl FnMut(News) + Send) -> Result<SplitDone, SplitStopped> {
    let record = Record {
        history: job.history,
        profile: job.profile,
        ..Record::default()
    };
    let split = SplitJob {
        query: &job.query,
        plan: Plan::after_cut(&job.query),
        mode: SplitMode::Auto,
        resume: job.resume,
        pieces: &job.pieces,
        target: Target::Csv(&job.path),
        overwrite: job.overwrite,
        keep_pieces: false,
    };
    let mut events = |event| {
        if let Event::Piece(n) = event {
            news(n);
        }
    };
    let mut never = std::future::pending();
    crate::fetch::split(&job.client, split, &record, &mut never, &mut events)
        .await
        .map(SplitDone::from)
        .map_err(SplitStopped::from)
}
