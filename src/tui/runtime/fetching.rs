//! The fetch flows run for the screen: a submit, a download, a split fetch, two periods. One
//! download or split fetch runs at a time; a new one, or a cancel, stops it.

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::blocking::INTERNAL_ERROR;
use super::services::Services;
use crate::fetch::{DownloadFailed, Event, Record, Target};
use crate::m3ter::DownloadError;
use crate::tui::msg::{Effect, Msg};

/// Progress from a download is passed on at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(50);

/// The download or split fetch running, by fetch number.
pub type Running = Option<(u64, JoinHandle<()>)>;

/// Runs a fetch's effect (the dispatch in `effects.rs` sends only those here).
pub fn perform(
    effect: Effect,
    services: &Services,
    tx: &UnboundedSender<Msg>,
    fetch: &mut Running,
) {
    match effect {
        Effect::Submit {
            query,
            profile,
            preset,
            saved,
        } => {
            let tx = tx.clone();
            let library = services.library.clone();
            match services.client.clone() {
                Err(why) => {
                    let _ = tx.send(Msg::Submitted(Err(why), None));
                }
                Ok(client) => {
                    tokio::spawn(async move {
                        let record = Record {
                            history: library.map(|l| l.history.clone()),
                            profile,
                            preset: preset.map(|p| p.name().to_string()),
                            saved,
                        };
                        let events = tx.clone();
                        let mut report = |event| {
                            if let Event::Submit(e) = event {
                                let _ = events.send(Msg::Submit(e));
                            }
                        };
                        let submit = crate::fetch::submit(&client, &query, &record, &mut report);
                        // A bug in the task must not leave the screen waiting forever.
                        let (result, entry) = match AssertUnwindSafe(submit).catch_unwind().await {
                            Ok(sent) => (sent.link.map_err(|e| e.to_string()), sent.entry),
                            Err(_) => (Err(INTERNAL_ERROR.to_string()), None),
                        };
                        let _ = tx.send(Msg::Submitted(result, entry));
                    });
                }
            }
        }
        Effect::Fetch {
            id,
            link,
            path,
            overwrite,
            entry,
            count,
        } => {
            let library = services.library.clone();
            let Ok(client) = services.client.clone() else {
                return;
            };
            let tx = tx.clone();
            if let Some((_, old)) = fetch.take() {
                old.abort();
            }
            let task = tokio::spawn(async move {
                let record = Record {
                    history: library.map(|l| l.history.clone()),
                    ..Record::default()
                };
                let mut last = Instant::now() - PROGRESS_EVERY;
                let mut saved = false;
                let mut on_event = |event| match event {
                    Event::Progress(p)
                        if last.elapsed() >= PROGRESS_EVERY || p.total == Some(p.bytes) =>
                    {
                        last = Instant::now();
                        let _ = tx.send(Msg::FetchProgress(id, p));
                    }
                    // The file is news before its rows are counted.
                    Event::Saved(done) => {
                        saved = true;
                        let _ = tx.send(Msg::Fetched(id, Ok(done)));
                    }
                    _ => {}
                };
                let mut never = std::future::pending();
                let download = crate::fetch::download(
                    &client,
                    &link,
                    (Target::Csv(&path), overwrite),
                    (&record, entry.as_deref()),
                    count,
                    &mut never,
                    &mut on_event,
                );
                let failed = match AssertUnwindSafe(download).catch_unwind().await {
                    Ok(Ok(fetched)) => {
                        if let Ok(rows) = fetched.data_rows {
                            let _ = tx.send(Msg::Counted(id, rows));
                        }
                        None
                    }
                    Ok(Err(DownloadFailed::Download(e))) => Some(e),
                    Ok(Err(other)) => Some(DownloadError::Network(other.to_string())),
                    Err(_) => (!saved).then(|| DownloadError::Network(INTERNAL_ERROR.to_string())),
                };
                if let Some(e) = failed {
                    let _ = tx.send(Msg::Fetched(id, Err(e)));
                }
            });
            *fetch = Some((id, task));
        }
        Effect::FetchSplit {
            id,
            query,
            path,
            overwrite,
            resume,
            profile,
        } => {
            let Ok(client) = services.client.clone() else {
                return;
            };
            if let Some((_, old)) = fetch.take() {
                old.abort();
            }
            let job = super::split::Job {
                client,
                query,
                path,
                overwrite,
                resume,
                profile,
                pieces: services.pieces.clone(),
                history: services.library.as_ref().map(|l| l.history.clone()),
            };
            let tx = tx.clone();
            let task = tokio::spawn(async move {
                let news = tx.clone();
                let run = super::split::run(job, move |n| {
                    let _ = news.send(Msg::SplitNews(id, n));
                });
                let result = match AssertUnwindSafe(run).catch_unwind().await {
                    Ok(result) => result,
                    Err(_) => Err(crate::tui::msg::SplitStopped::Failed {
                        message: INTERNAL_ERROR.to_string(),
                        kept: 0,
                    }),
                };
                let _ = tx.send(Msg::SplitDone(id, result));
            });
            *fetch = Some((id, task));
        }
        Effect::CancelFetch => {
            if let Some((id, task)) = fetch.take() {
                task.abort();
                let tx = tx.clone();
                tokio::spawn(async move {
                    // The aborted download drops its temporary file as it ends.
                    let _ = task.await;
                    let _ = tx.send(Msg::FetchCancelled(id));
                });
            }
        }
        Effect::FetchPeriods {
            queries,
            folder,
            profile,
        } => match services.client.clone() {
            Ok(client) => {
                let history = services.library.as_ref().map(|l| l.history.clone());
                tokio::spawn(super::periods::fetch_periods(
                    client,
                    queries,
                    folder,
                    history,
                    profile,
                    tx.clone(),
                ));
            }
            Err(why) => {
                let _ = tx.send(Msg::PeriodsFetched(Err(why)));
            }
        },
        other => log::error!("screen: {} is not a fetch", other.label()),
    }
}
