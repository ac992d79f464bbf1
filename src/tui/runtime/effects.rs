//! Running what `update` asks for: each effect becomes a task (or a quick call) whose outcome
//! comes back as a message. The fetch flows are run by `fetching.rs`, the table view's work by
//! `view_work.rs`; the rest (the browser, the clipboard, the tool's files, saving a view) here.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures_util::FutureExt;
use tokio::sync::mpsc::UnboundedSender;

use super::blocking::{INTERNAL_ERROR, blocking};
use super::fetching::{self, Running};
use super::library::{list, write_body};
use super::services::Services;
use super::view_work::{self, ViewJobs};
use crate::m3ter::curl_command;
use crate::tui::clipboard::within_limit;
use crate::tui::msg::{Effect, Msg};

/// Runs effects, and keeps what is needed to stop them: the running download, and the stop
/// flags of the table view's scan and job.
pub struct Runner {
    tx: UnboundedSender<Msg>,
    fetch: Running,
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
    fetch: &mut Running,
    jobs: &mut ViewJobs,
) {
    log::debug!("screen: {}", effect.label());
    match effect {
        effect @ (Effect::Submit { .. }
        | Effect::Fetch { .. }
        | Effect::FetchSplit { .. }
        | Effect::CancelFetch
        | Effect::FetchPeriods { .. }) => fetching::perform(effect, services, tx, fetch),
        effect @ (Effect::OpenView(_)
        | Effect::CloseView
        | Effect::ReadPage { .. }
        | Effect::RunSort { .. }
        | Effect::RunFilter { .. }
        | Effect::MakeTotals { .. }
        | Effect::CancelJob
        | Effect::RunPivot { .. }
        | Effect::ReorderPivot { .. }
        | Effect::CancelAnalysis
        | Effect::FindMonths { .. }
        | Effect::RunCompare { .. }) => view_work::perform(effect, services, tx, jobs),
        effect @ (Effect::ListReports | Effect::SaveToReport(_) | Effect::RunReport { .. }) => {
            super::report::perform(effect, services, tx);
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
        Effect::LoadList { kind, refresh } => {
            let cache = services.lists.clone();
            let tx = tx.clone();
            let Ok(client) = services.client.clone() else {
                let _ = tx.send(Msg::ListLoaded(
                    kind,
                    Err("no m3ter to ask: the settings are incomplete".into()),
                ));
                return;
            };
            tokio::spawn(async move {
                let (mut progress, mut events) = (|_| {}, |_| {});
                let listed = crate::fetch::lookup(
                    &client,
                    cache.as_ref(),
                    kind,
                    refresh,
                    &mut progress,
                    &mut events,
                );
                let result = match AssertUnwindSafe(listed).catch_unwind().await {
                    Ok(result) => result.map(Arc::new).map_err(|e| e.to_string()),
                    Err(_) => Err(INTERNAL_ERROR.to_string()),
                };
                let _ = tx.send(Msg::ListLoaded(kind, result));
            });
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
        Effect::Export(job) => {
            blocking(
                tx,
                move || Msg::Exported(super::export::save(&job)),
                |e| Msg::Exported(Err(e)),
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
