//! Sending the form's query for two periods and fetching both files into the folder of the
//! screen's fetches, then joining them into one to compare in ([`crate::fetch::periods`]),
//! telling the screen how far it is.

use std::path::PathBuf;

use tokio::sync::mpsc::UnboundedSender;

use crate::config::History;
use crate::explore::Period;
use crate::fetch::{Event, Place, Record, Step};
use crate::m3ter::Client;
use crate::query::BillQuery;
use crate::tui::msg::Msg;

/// Runs the sends and fetches, telling the screen how far it is, and answers
/// [`Msg::PeriodsFetched`].
pub async fn fetch_periods(
    client: Client,
    queries: Vec<(Period, BillQuery)>,
    folder: PathBuf,
    history: Option<History>,
    profile: Option<String>,
    tx: UnboundedSender<Msg>,
) {
    let record = Record {
        history,
        profile,
        ..Record::default()
    };
    let news = tx.clone();
    let mut events = |event| {
        let Event::Period {
            period,
            index,
            of,
            step,
        } = event
        else {
            return;
        };
        let text = match step {
            Step::Sending => format!("Sending the query for {period} ({index} of {of})…"),
            Step::Fetching => format!("Fetching {period} ({index} of {of})…"),
            Step::Splitting => return,
        };
        let _ = news.send(Msg::PeriodNews(text));
    };
    let place = (queries.as_slice(), Place::Folder(&folder));
    let mut never = std::future::pending();
    let fetched =
        crate::fetch::periods(&client, place, None, &record, &mut never, &mut events).await;
    let result = fetched.map(Box::new).map_err(|e| e.to_string());
    let _ = tx.send(Msg::PeriodsFetched(result));
}
