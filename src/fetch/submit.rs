//! Sending a query for its link, noted in the history whatever it comes to.

use super::event::Event;
use super::record::Record;
use crate::config::SubmitOutcome;
use crate::m3ter::{ApiError, Client, DownloadLink};
use crate::query::BillQuery;

/// A submit, answered or not, and the id of its history entry when one was written.
#[derive(Debug)]
pub struct Submitted {
    pub link: Result<DownloadLink, ApiError>,
    pub entry: Option<String>,
}

/// Sends `query` through `client` (its token, its retries, its pacing under m3ter's rate
/// limit) and notes the outcome in `record`'s history, failed ones too.
pub async fn submit(
    client: &Client,
    query: &BillQuery,
    record: &Record,
    events: &mut (dyn FnMut(Event) + Send),
) -> Submitted {
    let link = client
        .submit(query, &mut |e| events(Event::Submit(e)))
        .await;
    let outcome = match &link {
        Ok(link) => SubmitOutcome::Link(link.to_string()),
        Err(e) => SubmitOutcome::Error(e.to_string()),
    };
    let entry = record.note(query, outcome, events).await;
    Submitted { link, entry }
}
