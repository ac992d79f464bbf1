//! Sending the form's query for two periods and fetching both files, then joining them into
//! one to compare in: one client, so one token, its requests paced under m3ter's rate limit.
//! Every file is kept beside the others the screen fetches, under a name that takes nothing
//! from a file already there.

use std::path::{Path, PathBuf};

use tokio::sync::mpsc::UnboundedSender;

use super::library::{outcome, record};
use crate::config::History;
use crate::explore::{Period, join_files};
use crate::m3ter::Client;
use crate::query::BillQuery;
use crate::tui::msg::{FetchedPeriods, Msg};

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
    let result = fetch_all(&client, &queries, &folder, history.as_ref(), profile, &tx).await;
    let _ = tx.send(Msg::PeriodsFetched(result.map(Box::new)));
}

async fn fetch_all(
    client: &Client,
    queries: &[(Period, BillQuery)],
    folder: &Path,
    history: Option<&History>,
    profile: Option<String>,
    tx: &UnboundedSender<Msg>,
) -> Result<FetchedPeriods, String> {
    let news = |text: String| {
        let _ = tx.send(Msg::PeriodNews(text));
    };
    let count = queries.len();
    let mut files = Vec::new();
    for (i, (period, query)) in queries.iter().enumerate() {
        news(format!(
            "Sending the query for {period} ({} of {count})…",
            i + 1
        ));
        let sent = client
            .submit(query, &mut |_| {})
            .await
            .map_err(|e| e.to_string());
        if let Some(history) = history {
            record(
                history,
                query,
                profile.clone(),
                (None, None),
                outcome(&sent),
            )
            .await;
        }
        let link = sent.map_err(|e| format!("{period}: {e}"))?;
        let path = free_path(folder, link.file_name().unwrap_or("bills.csv"));
        news(format!("Fetching {period} ({} of {count})…", i + 1));
        let done = client
            .download(&link, &path, false, &mut |_| {})
            .await
            .map_err(|e| format!("{period}: {e}"))?;
        files.push(std::path::absolute(&done.path).unwrap_or(done.path));
    }
    let [(a, _), (b, _)] = queries else {
        return Err("Two periods are compared, no more and no fewer.".into());
    };
    let combined = free_path(folder, &format!("compare_{a}_{b}.csv"));
    let (first, second, into) = (files[0].clone(), files[1].clone(), combined.clone());
    tokio::task::spawn_blocking(move || join_files(&first, &second, &into))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("The two files could not be put together: {e}"))?;
    Ok(FetchedPeriods {
        combined: std::path::absolute(&combined).unwrap_or(combined),
        files,
        a: a.clone(),
        b: b.clone(),
    })
}

/// `folder/name`, or with `-1`, `-2`, ... before its extension when that is taken.
fn free_path(folder: &Path, name: &str) -> PathBuf {
    let wanted = folder.join(name);
    if !wanted.exists() {
        return wanted;
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) => (stem, format!(".{ext}")),
        None => (name, String::new()),
    };
    (1..)
        .map(|n| folder.join(format!("{stem}-{n}{extension}")))
        .find(|p| !p.exists())
        .unwrap_or(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_taken_gets_a_number() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(free_path(dir.path(), "a.csv"), dir.path().join("a.csv"));
        std::fs::write(dir.path().join("a.csv"), "").unwrap();
        std::fs::write(dir.path().join("a-1.csv"), "").unwrap();
        assert_eq!(free_path(dir.path(), "a.csv"), dir.path().join("a-2.csv"));
    }
}
