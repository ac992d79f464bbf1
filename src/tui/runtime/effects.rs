//! Running what `update` asks for: each effect becomes a task (or a quick call) whose outcome
//! comes back as a message.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::blocking::{INTERNAL_ERROR, blocking};
use super::library::{list, write_body};
use super::services::Services;
use super::table_files::{read_page, start_view};
use crate::config::History;
use crate::explore::{Provenance, compare, filter_rows, months, sort_rows};
use crate::fetch::{DownloadFailed, Event, Record, Target};
use crate::m3ter::{DownloadError, curl_command};
use crate::tui::clipboard::within_limit;
use crate::tui::msg::{Effect, JobOutput, Msg};
use crate::tui::screens::analysis::pivot;
use crate::tui::screens::table::Page;

/// Progress from a download is passed on at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(50);

/// The stop flags of the table view's background work.
#[derive(Default)]
struct ViewJobs {
    scan: Option<Arc<AtomicBool>>,
    job: Option<Arc<AtomicBool>>,
    /// The pivot's or comparison's pass.
    analysis: Option<Arc<AtomicBool>>,
}

impl ViewJobs {
    /// A flag for a new sort or filter; the one before it is stopped.
    fn start(&mut self) -> Arc<AtomicBool> {
        fresh(&mut self.job)
    }

    /// A flag for a new pass of the pivot or comparison; the one before it is stopped.
    fn start_analysis(&mut self) -> Arc<AtomicBool> {
        fresh(&mut self.analysis)
    }
}

/// A new stop flag in `slot`; the one it replaces is set, which stops its work.
fn fresh(slot: &mut Option<Arc<AtomicBool>>) -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    if let Some(old) = slot.replace(flag.clone()) {
        old.store(true, Ordering::Relaxed);
    }
    flag
}

/// Runs effects, and keeps what is needed to stop them: the running download, and the stop
/// flags of the table view's scan and job.
pub struct Runner {
    tx: UnboundedSender<Msg>,
    fetch: Option<(u64, JoinHandle<()>)>,
    jobs: ViewJobs,
}

impl Runner {
    pub fn new(tx: UnboundedSender<Msg>) -> Runner {
        Runner {
            tx,
            fetch: None,
            jobs: ViewJobs::default(),
        }
    }

    /// Stops what is still running when the screen closes: a download is dropped, which
    /// removes its temporary file (this waits for that), and the table's work is told to stop.
    pub async fn finish(&mut self, services: &mut Services) {
        if let Some((_, task)) = self.fetch.take() {
            task.abort();
            let _ = task.await;
        }
        self.perform(Effect::CloseView, services);
    }

    pub fn perform(&mut self, effect: Effect, services: &mut Services) {
        perform(effect, services, &self.tx, &mut self.fetch, &mut self.jobs);
    }
}

fn perform(
    effect: Effect,
    services: &mut Services,
    tx: &UnboundedSender<Msg>,
    fetch: &mut Option<(u64, JoinHandle<()>)>,
    jobs: &mut ViewJobs,
) {
    log::debug!("screen: {}", effect.label());
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
        Effect::Open(link) => {
            let opener = services.opener.clone();
            blocking(
                tx,
                move || Msg::Opened(opener.open(&link).map_err(|e| e.to_string())),
                |e| Msg::Opened(Err(e)),
            );
        }
        Effect::Copy(text) => {
            let _ = tx.send(Msg::Copied("the link", services.clipboard.copy(&text)));
        }
        Effect::CopyText { what, text } => {
            let copied = within_limit(&text).and_then(|t| services.clipboard.copy(t));
            let _ = tx.send(Msg::Copied(what, copied));
        }
        Effect::CopyCurl(query) => {
            let result = match &services.client {
                Ok(client) => services
                    .clipboard
                    .copy(&curl_command(client.settings(), &query)),
                Err(why) => Err(why.clone()),
            };
            let _ = tx.send(Msg::Copied("the curl command", result));
        }
        Effect::LoadPicker(kind) => {
            let library = services.library.clone();
            blocking(
                tx,
                move || {
                    let (items, problems) = match &library {
                        Some(library) => list(library, kind),
                        None => (
                            Vec::new(),
                            vec![
                                "Profiles, saved queries and history are off in this run."
                                    .to_string(),
                            ],
                        ),
                    };
                    Msg::PickerLoaded(kind, items, problems)
                },
                move |e| Msg::PickerLoaded(kind, Vec::new(), vec![e]),
            );
        }
        Effect::LoadSaved(name) => {
            let library = services.library.clone();
            let named = name.clone();
            blocking(
                tx,
                move || {
                    let result = match &library {
                        Some(library) => library.saved.load(&name).map_err(|e| e.to_string()),
                        None => Err("Saved queries are off in this run.".to_string()),
                    };
                    Msg::Loaded(name, result)
                },
                move |e| Msg::Loaded(named, Err(e)),
            );
        }
        Effect::SaveQuery(name, draft) => {
            let library = services.library.clone();
            blocking(
                tx,
                move || {
                    Msg::Wrote(match &library {
                        Some(library) => {
                            library.saved.save(&name, &draft).map_err(|e| e.to_string())
                        }
                        None => Err("Saved queries are off in this run.".to_string()),
                    })
                },
                |e| Msg::Wrote(Err(e)),
            );
        }
        Effect::WriteBody(path, query) => {
            blocking(
                tx,
                move || Msg::Wrote(write_body(&path, &query)),
                |e| Msg::Wrote(Err(e)),
            );
        }
        Effect::OpenView(path) => {
            let cancel = fresh(&mut jobs.scan);
            let memory = services.columns.clone();
            blocking(
                tx,
                move || Msg::ViewOpened(start_view(&path, cancel, memory.as_ref()), false),
                |e| Msg::ViewOpened(Err(e), false),
            );
        }
        Effect::CloseView => {
            for flag in [jobs.scan.take(), jobs.job.take(), jobs.analysis.take()]
                .into_iter()
                .flatten()
            {
                flag.store(true, Ordering::Relaxed);
            }
        }
        Effect::ReadPage {
            file,
            scan,
            order,
            first,
            count,
            version,
        } => {
            let tx = tx.clone();
            tokio::task::spawn_blocking(move || {
                let (rows, known) = read_page(
                    &file,
                    &scan,
                    order.as_ref().map(|o| o.as_slice()),
                    first,
                    count,
                );
                let _ = tx.send(Msg::Page(Page {
                    first,
                    version,
                    rows,
                    known,
                }));
            });
        }
        Effect::RunSort {
            id,
            file,
            column,
            descending,
        } => {
            let cancel = jobs.start();
            blocking(
                tx,
                move || {
                    let result = sort_rows(&file, None, column, descending, &cancel)
                        .map(|rows| JobOutput { rows, totals: None })
                        .map_err(|e| format!("The sort {e}."));
                    Msg::JobDone(id, result)
                },
                move |e| Msg::JobDone(id, Err(e)),
            );
        }
        Effect::RunFilter {
            id,
            file,
            filters,
            sort,
        } => {
            let cancel = jobs.start();
            blocking(
                tx,
                move || {
                    let result =
                        filter_rows(&file, &filters, &cancel).and_then(|(rows, totals)| {
                            let rows = match sort {
                                Some((column, descending)) => {
                                    sort_rows(&file, Some(&rows), column, descending, &cancel)?
                                }
                                None => rows,
                            };
                            Ok(JobOutput {
                                rows,
                                totals: Some(Arc::new(totals)),
                            })
                        });
                    Msg::JobDone(id, result.map_err(|e| format!("The filter {e}.")))
                },
                move |e| Msg::JobDone(id, Err(e)),
            );
        }
        Effect::RunPivot { id, file, mut spec } => {
            let cancel = jobs.start_analysis();
            let history = services.library.as_ref().map(|l| l.history.clone());
            blocking(
                tx,
                move || {
                    spec.provenance = provenance(history.as_ref(), file.path());
                    Msg::PivotDone(id, pivot::work::make(&file, &spec, &cancel))
                },
                move |e| Msg::PivotDone(id, Err(e)),
            );
        }
        Effect::MakeTotals {
            source,
            from,
            measure,
            grouping,
        } => {
            // A failure leaves the pane saying "Adding up…" no longer: it shows no rows.
            blocking(
                tx,
                move || Msg::TotalsMade(source, from.table(measure, grouping)),
                move |e| {
                    log::error!("the totals were not made: {e}");
                    Msg::TotalsMade(source, Vec::new())
                },
            );
        }
        Effect::ReorderPivot {
            id,
            pivot,
            order,
            rows,
            decimals,
        } => {
            blocking(
                tx,
                move || Msg::PivotDone(id, Ok(pivot::work::reorder(pivot, order, &rows, decimals))),
                move |e| Msg::PivotDone(id, Err(e)),
            );
        }
        Effect::CancelAnalysis => {
            if let Some(flag) = jobs.analysis.take() {
                flag.store(true, Ordering::Relaxed);
            }
        }
        Effect::FindMonths {
            id,
            file,
            date,
            filters,
        } => {
            let cancel = jobs.start_analysis();
            blocking(
                tx,
                move || {
                    let found = months(&file, date, &filters, &cancel).map_err(|e| e.to_string());
                    Msg::MonthsFound(id, found)
                },
                move |e| Msg::MonthsFound(id, Err(e)),
            );
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
        Effect::Export(job) => {
            blocking(
                tx,
                move || Msg::Exported(super::export::save(&job)),
                |e| Msg::Exported(Err(e)),
            );
        }
        Effect::RunCompare { id, file, mut spec } => {
            let cancel = jobs.start_analysis();
            let history = services.library.as_ref().map(|l| l.history.clone());
            blocking(
                tx,
                move || {
                    spec.provenance = provenance(history.as_ref(), file.path());
                    let result = compare(&file, &spec, &cancel)
                        .map(Box::new)
                        .map_err(|e| e.to_string());
                    Msg::CompareDone(id, result)
                },
                move |e| Msg::CompareDone(id, Err(e)),
            );
        }
        Effect::RememberColumns { headers, shown } => {
            if let Some(memory) = services.columns.clone() {
                // Forgetting a choice costs only the next file's first look, not a warning.
                tokio::task::spawn_blocking(move || {
                    let _ = memory.remember(&headers, &shown);
                });
            }
        }
        Effect::CancelJob => {
            if let Some(flag) = jobs.job.take() {
                flag.store(true, Ordering::Relaxed);
            }
        }
        Effect::SwitchProfile(name) => {
            let library = services.library.clone();
            blocking(
                tx,
                move || {
                    Msg::ProfileSwitched(match &library {
                        Some(library) => (library.switch)(&name),
                        None => Err("Profiles are off in this run.".to_string()),
                    })
                },
                |e| Msg::ProfileSwitched(Err(e)),
            );
        }
    }
}

/// What the history and the clock say of the file at `path`: the days it was asked for, when
/// the tool fetched it, and today. Read in a task: the history is a file.
fn provenance(history: Option<&History>, path: &std::path::Path) -> Provenance {
    Provenance {
        requested: history.and_then(|h| h.requested_days(path)),
        today: Some(chrono::Utc::now().date_naive()),
    }
}
