//! The table view's background work run for the screen: the scan, a page read, a sort or a
//! filter, the totals, and the analyses' passes. Each kind has a stop flag; starting a new pass
//! of a kind stops the one before it, and closing the view stops them all.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::mpsc::UnboundedSender;

use super::blocking::blocking;
use super::services::Services;
use super::table_files::{read_page, start_view};
use crate::config::History;
use crate::explore::{CsvFile, Provenance, compare, filter_rows, months, sort_rows};
use crate::tui::msg::{Effect, JobOutput, Msg};
use crate::tui::screens::analysis::pivot;
use crate::tui::screens::table::Page;

/// The stop flags of the table view's background work.
#[derive(Default)]
pub struct ViewJobs {
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

/// Runs an effect of the table view's work (the dispatch in `effects.rs` sends only those
/// here).
pub fn perform(
    effect: Effect,
    services: &Services,
    tx: &UnboundedSender<Msg>,
    jobs: &mut ViewJobs,
) {
    match effect {
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
        Effect::RunPivot { id, file, mut spec } => analysis_pass(
            (jobs, services, tx),
            file,
            move |file, provenance, cancel| {
                spec.provenance = provenance;
                Msg::PivotDone(id, pivot::work::make(file, &spec, cancel))
            },
            move |e| Msg::PivotDone(id, Err(e)),
        ),
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
        Effect::RunCompare { id, file, mut spec } => analysis_pass(
            (jobs, services, tx),
            file,
            move |file, provenance, cancel| {
                spec.provenance = provenance;
                let result = compare(file, &spec, cancel)
                    .map(Box::new)
                    .map_err(|e| e.to_string());
                Msg::CompareDone(id, result)
            },
            move |e| Msg::CompareDone(id, Err(e)),
        ),
        Effect::CancelJob => {
            if let Some(flag) = jobs.job.take() {
                flag.store(true, Ordering::Relaxed);
            }
        }
        other => log::error!("screen: {} is not the table view's work", other.label()),
    }
}

/// A pass of the pivot or the comparison over `file`, in a task: the one before it is stopped,
/// and `pass` is told what the history says of the file; `failed` words a panic.
fn analysis_pass(
    (jobs, services, tx): (&mut ViewJobs, &Services, &UnboundedSender<Msg>),
    file: CsvFile,
    pass: impl FnOnce(&CsvFile, Provenance, &AtomicBool) -> Msg + Send + 'static,
    failed: impl FnOnce(String) -> Msg + Send + 'static,
) {
    let cancel = jobs.start_analysis();
    let history = services.library.as_ref().map(|l| l.history.clone());
    blocking(
        tx,
        move || pass(&file, provenance(history.as_ref(), file.path()), &cancel),
        failed,
    );
}

/// What the history and the clock say of the file at `path`: the days it was asked for, when
/// the tool fetched it, and today. Read in a task: the history is a file.
fn provenance(history: Option<&History>, path: &std::path::Path) -> Provenance {
    Provenance {
        requested: history.and_then(|h| h.requested_days(path)),
        today: Some(chrono::Utc::now().date_naive()),
    }
}
