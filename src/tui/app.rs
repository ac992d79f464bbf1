//! The runtime: one loop over terminal input, messages from tasks and shutdown, that draws only
//! when something changed, and runs the effects `update` asks for as tasks.

use std::future::Future;
use std::io;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::Event;
use futures_util::{FutureExt, Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use tokio::task::JoinHandle;

use super::clipboard::Clipboard;
use super::explorer::Page;
use super::msg::{Effect, Msg};
use super::msg::{JobOutput, Switch};
use super::state::State;
use super::state::{PickItem, PickerKind};
use super::update::update;
use super::view::view;
use crate::browser::Opener;
use crate::config::{Entry, History, Outcome, SavedQueries};
use crate::explore::{Columns, CsvFile, STRIDE, Shared, filter_rows, scan, sort_rows};
use crate::m3ter::{Client, DownloadError, DownloadLink, DownloadProgress, curl_command};
use crate::query::BillQuery;

/// What the screen uses to reach the world; tests pass their own.
pub struct Services {
    /// The client, or why there is none (incomplete settings).
    pub client: Result<Client, String>,
    pub opener: Arc<dyn Opener>,
    pub clipboard: Box<dyn Clipboard>,
    /// Profiles, saved queries and history; `None` runs without them.
    pub library: Option<Arc<Library>>,
}

/// What the tool remembers, as the screen uses it.
pub struct Library {
    pub saved: SavedQueries,
    pub history: History,
    pub profiles: Vec<String>,
    /// Connects with another profile; it may run a `secret_command`, so it is called off the
    /// screen's thread.
    pub switch: Box<SwitchProfile>,
}

/// Connects with the named profile.
pub type SwitchProfile = dyn Fn(&str) -> Result<Switch, String> + Send + Sync;

/// What the screen says when a task failed in a way it should not have.
const INTERNAL_ERROR: &str = "Something went wrong inside m3ter-bills (a bug); please report it";

/// How often the spinner and countdowns move while something runs. Nothing ticks when idle.
const TICK: Duration = Duration::from_millis(120);
/// Progress from a download is passed on at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(50);

/// Runs the screen until the person quits, the input ends, or `shutdown` completes. Returns the
/// final state. `after_draw` sees the terminal after each frame (tests read the screen there).
pub async fn run<B, I>(
    terminal: &mut Terminal<B>,
    mut state: State,
    mut input: I,
    mut services: Services,
    shutdown: impl Future<Output = ()>,
    mut after_draw: impl FnMut(&Terminal<B>),
) -> io::Result<State>
where
    B: Backend,
    B::Error: std::error::Error + Send + Sync + 'static,
    I: Stream<Item = io::Result<Event>> + Unpin,
{
    let (tx, mut rx) = unbounded_channel::<Msg>();
    let mut fetch: Option<(u64, JoinHandle<()>)> = None;
    let mut jobs = ViewJobs::default();
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    tokio::pin!(shutdown);
    let mut dirty = true;
    loop {
        if dirty {
            state.clock = Instant::now();
            terminal
                .draw(|frame| view(&state, frame))
                .map_err(io::Error::other)?;
            after_draw(terminal);
            dirty = false;
            // For the tests that prove a panic gives the terminal back; documented in the README.
            if std::env::var_os("M3TER_BILLS_PANIC_AFTER_FIRST_FRAME").is_some() {
                panic!("M3TER_BILLS_PANIC_AFTER_FIRST_FRAME is set");
            }
        }
        let first = tokio::select! {
            biased;
            () = &mut shutdown => Some(Msg::Shutdown),
            Some(msg) = rx.recv() => Some(msg),
            event = input.next() => match event {
                Some(Ok(event)) => Msg::from_event(event),
                Some(Err(e)) => return Err(e),
                None => Some(Msg::Shutdown),
            },
            _ = ticker.tick(), if state.is_busy() => Some(Msg::Tick),
        };
        // Everything already queued is applied before the next frame, so a burst of
        // messages costs one draw.
        let mut pending: Vec<Msg> = first.into_iter().collect();
        while let Ok(msg) = rx.try_recv() {
            pending.push(msg);
        }
        for msg in pending {
            if let Msg::ProfileSwitched(Ok(switch)) = &msg {
                services.client = Ok(switch.client.clone());
            }
            dirty = true;
            state.clock = Instant::now();
            for effect in update(&mut state, msg) {
                perform(effect, &mut services, &tx, &mut fetch, &mut jobs);
            }
        }
        if state.quit {
            break;
        }
    }
    // A download still running is dropped, which removes its temporary file; wait for that.
    if let Some((_, task)) = fetch.take() {
        task.abort();
        let _ = task.await;
    }
    perform(Effect::CloseView, &mut services, &tx, &mut fetch, &mut jobs);
    Ok(state)
}

/// The stop flags of the table view's background work.
#[derive(Default)]
struct ViewJobs {
    scan: Option<Arc<AtomicBool>>,
    job: Option<Arc<AtomicBool>>,
}

impl ViewJobs {
    /// A flag for a new sort or filter; the one before it is stopped.
    fn start(&mut self) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        if let Some(old) = self.job.replace(flag.clone()) {
            old.store(true, Ordering::Relaxed);
        }
        flag
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
        Effect::Submit { query, profile } => {
            let tx = tx.clone();
            let library = services.library.clone();
            match services.client.clone() {
                Err(why) => {
                    let _ = tx.send(Msg::Submitted(Err(why), None));
                }
                Ok(client) => {
                    tokio::spawn(async move {
                        let events = tx.clone();
                        let mut report = |e| {
                            let _ = events.send(Msg::Submit(e));
                        };
                        let submit = client.submit(&query, &mut report);
                        // A bug in the task must not leave the screen waiting forever.
                        let result = match AssertUnwindSafe(submit).catch_unwind().await {
                            Ok(result) => result.map_err(|e| e.to_string()),
                            Err(_) => Err(INTERNAL_ERROR.to_string()),
                        };
                        let entry = match &library {
                            Some(library) => {
                                record(&library.history, &query, profile, &result).await
                            }
                            None => None,
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
                let progress_tx = tx.clone();
                let mut last = Instant::now() - PROGRESS_EVERY;
                let mut on_progress = |p: DownloadProgress| {
                    if last.elapsed() >= PROGRESS_EVERY || p.total == Some(p.bytes) {
                        last = Instant::now();
                        let _ = progress_tx.send(Msg::FetchProgress(id, p));
                    }
                };
                let download = client.download(&link, &path, overwrite, &mut on_progress);
                let result = match AssertUnwindSafe(download).catch_unwind().await {
                    Ok(result) => result.map(|mut done| {
                        done.path = std::path::absolute(&done.path).unwrap_or(done.path);
                        done
                    }),
                    Err(_) => Err(DownloadError::Network(INTERNAL_ERROR.to_string())),
                };
                if let (Ok(done), Some(library), Some(entry)) = (&result, &library, &entry) {
                    let _ = library.history.record_fetch(entry, &done.path);
                }
                let _ = tx.send(Msg::Fetched(id, result));
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
            let tx = tx.clone();
            tokio::task::spawn_blocking(move || {
                let _ = tx.send(Msg::Opened(opener.open(&link).map_err(|e| e.to_string())));
            });
        }
        Effect::Copy(text) => {
            let _ = tx.send(Msg::Copied("the link", services.clipboard.copy(&text)));
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
            let tx = tx.clone();
            tokio::task::spawn_blocking(move || {
                let (items, problems) = match &library {
                    Some(library) => list(library, kind),
                    None => (
                        Vec::new(),
                        vec![
                            "Profiles, saved queries and history are off in this run.".to_string(),
                        ],
                    ),
                };
                let _ = tx.send(Msg::PickerLoaded(kind, items, problems));
            });
        }
        Effect::LoadSaved(name) => {
            let library = services.library.clone();
            let tx = tx.clone();
            tokio::task::spawn_blocking(move || {
                let result = match &library {
                    Some(library) => library.saved.load(&name).map_err(|e| e.to_string()),
                    None => Err("Saved queries are off in this run.".to_string()),
                };
                let _ = tx.send(Msg::Loaded(name, result));
            });
        }
        Effect::SaveQuery(name, draft) => {
            let library = services.library.clone();
            let tx = tx.clone();
            tokio::task::spawn_blocking(move || {
                let result = match &library {
                    Some(library) => library.saved.save(&name, &draft).map_err(|e| e.to_string()),
                    None => Err("Saved queries are off in this run.".to_string()),
                };
                let _ = tx.send(Msg::Wrote(result));
            });
        }
        Effect::WriteBody(path, query) => {
            let tx = tx.clone();
            tokio::task::spawn_blocking(move || {
                let _ = tx.send(Msg::Wrote(write_body(&path, &query)));
            });
        }
        Effect::OpenView(path) => {
            let tx = tx.clone();
            let cancel = Arc::new(AtomicBool::new(false));
            if let Some(old) = jobs.scan.replace(cancel.clone()) {
                old.store(true, Ordering::Relaxed);
            }
            tokio::task::spawn_blocking(move || {
                let opened = start_view(&path, cancel);
                let _ = tx.send(Msg::ViewOpened(opened, false));
            });
        }
        Effect::CloseView => {
            for flag in [jobs.scan.take(), jobs.job.take()].into_iter().flatten() {
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
            let tx = tx.clone();
            tokio::task::spawn_blocking(move || {
                let result = sort_rows(&file, None, column, descending, &cancel)
                    .map(|rows| JobOutput { rows, totals: None })
                    .map_err(|e| format!("The sort {e}."));
                let _ = tx.send(Msg::JobDone(id, result));
            });
        }
        Effect::RunFilter {
            id,
            file,
            filter,
            sort,
        } => {
            let cancel = jobs.start();
            let tx = tx.clone();
            tokio::task::spawn_blocking(move || {
                let result = filter_rows(&file, &filter, &cancel).and_then(|(rows, totals)| {
                    let rows = match sort {
                        Some((column, descending)) => {
                            sort_rows(&file, Some(&rows), column, descending, &cancel)?
                        }
                        None => rows,
                    };
                    Ok(JobOutput {
                        rows,
                        totals: Some(totals),
                    })
                });
                let _ = tx.send(Msg::JobDone(
                    id,
                    result.map_err(|e| format!("The filter {e}.")),
                ));
            });
        }
        Effect::CancelJob => {
            if let Some(flag) = jobs.job.take() {
                flag.store(true, Ordering::Relaxed);
            }
        }
        Effect::SwitchProfile(name) => {
            let library = services.library.clone();
            let tx = tx.clone();
            tokio::task::spawn_blocking(move || {
                let result = match &library {
                    Some(library) => (library.switch)(&name),
                    None => Err("Profiles are off in this run.".to_string()),
                };
                let _ = tx.send(Msg::ProfileSwitched(result));
            });
        }
    }
}

/// Records a submit in the history and gives its id; a history that cannot be written costs
/// the entry, never the submit.
async fn record(
    history: &History,
    query: &BillQuery,
    profile: Option<String>,
    result: &Result<DownloadLink, String>,
) -> Option<String> {
    let outcome = match result {
        Ok(link) => Outcome::Link(link.to_string()),
        Err(e) => Outcome::Error(e.clone()),
    };
    let body = serde_json::to_value(query).unwrap_or_default();
    let entry = Entry::new(chrono::Utc::now(), profile, body, outcome);
    let history = history.clone();
    let id = entry.id.clone();
    let written = tokio::task::spawn_blocking(move || history.append(&entry)).await;
    matches!(written, Ok(Ok(()))).then_some(id)
}

/// The entries of a picker, and sentences about what could not be read.
fn list(library: &Library, kind: PickerKind) -> (Vec<PickItem>, Vec<String>) {
    let item = |key: &str, label: String, detail: String| PickItem {
        key: key.to_string(),
        label,
        detail,
        body: None,
        stale: false,
    };
    match kind {
        PickerKind::Profiles => (
            library
                .profiles
                .iter()
                .map(|p| item(p, p.clone(), String::new()))
                .collect(),
            if library.profiles.is_empty() {
                vec!["The config file has no profiles (see m3ter-bills config).".to_string()]
            } else {
                Vec::new()
            },
        ),
        PickerKind::Saved => {
            let (names, problems) = library.saved.list();
            let items = names
                .iter()
                .map(|n| {
                    item(
                        n,
                        n.clone(),
                        library
                            .saved
                            .dir()
                            .join(format!("{n}.json"))
                            .display()
                            .to_string(),
                    )
                })
                .collect();
            (items, problems)
        }
        PickerKind::History => match library.history.read() {
            Ok(read) => {
                let now = chrono::Utc::now();
                let skipped = match read.skipped {
                    0 => Vec::new(),
                    1 => vec![format!(
                        "One line of {} could not be read and was skipped.",
                        library.history.path().display()
                    )],
                    n => vec![format!(
                        "{n} lines of {} could not be read and were skipped.",
                        library.history.path().display()
                    )],
                };
                let items = read
                    .entries
                    .into_iter()
                    .map(|e| history_item(e, now))
                    .collect();
                (items, skipped)
            }
            Err(e) => (
                Vec::new(),
                vec![format!("The history could not be read: {e}.")],
            ),
        },
    }
}

fn history_item(e: Entry, now: chrono::DateTime<chrono::Utc>) -> PickItem {
    let field = |name: &str| {
        e.body
            .get(name)
            .and_then(|v| v.as_str())
            .unwrap_or("?")
            .get(..10)
            .unwrap_or("?")
            .to_string()
    };
    let types = e
        .body
        .get("lineItemTypes")
        .and_then(|t| t.as_array())
        .map_or(0, Vec::len);
    let label = format!(
        "{}  {}  {} to {}  {} type{}{}",
        e.at.format("%Y-%m-%d %H:%M"),
        e.profile.as_deref().unwrap_or("-"),
        field("startDate"),
        field("endDate"),
        types,
        if types == 1 { "" } else { "s" },
        e.file
            .as_ref()
            .map(|f| format!("  → {}", f.display()))
            .unwrap_or_default(),
    );
    let stale = e.link_expired(now);
    let detail = match &e.outcome {
        Outcome::Link(link) if stale => format!("link probably expired: {link}"),
        Outcome::Link(link) => link.clone(),
        Outcome::Error(message) => format!("failed: {message}"),
    };
    PickItem {
        key: e.id,
        label,
        detail,
        body: Some(e.body),
        stale,
    }
}

/// Writes the request body as a file `--body` reads back, whole or not at all.
fn write_body(path: &std::path::Path, query: &BillQuery) -> Result<std::path::PathBuf, String> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let fail = |e: std::io::Error| format!("Could not write {}: {e}.", path.display());
    if crate::own_files::is_other_than_file(path) {
        return Err(fail(crate::own_files::not_plain()));
    }
    let mut temp = tempfile::NamedTempFile::new_in(&folder).map_err(fail)?;
    std::io::Write::write_all(&mut temp, (query.to_json_pretty() + "\n").as_bytes())
        .map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// Opens `path` for the table view and starts its scan on a thread of its own.
pub fn start_view(
    path: &std::path::Path,
    cancel: Arc<AtomicBool>,
) -> Result<(CsvFile, Shared), String> {
    let file = CsvFile::open(path).map_err(|e| e.to_string())?;
    let shared = Shared::default();
    let (scan_file, scan_shared) = (file.clone(), shared.clone());
    std::thread::Builder::new()
        .name("csv-scan".into())
        .spawn(move || {
            let columns = Columns::find(scan_file.headers());
            scan(&scan_file, &columns, &scan_shared, &cancel);
        })
        .map_err(|e| format!("The file could not be scanned: {e}."))?;
    Ok((file, shared))
}

/// The rows at view positions `first..first + count`: straight from the file, or through the
/// sorted or filtered `order`; and how many rows the view had then. Rows the scan has not
/// reached yet are not there yet.
fn read_page(
    file: &CsvFile,
    scan: &Shared,
    order: Option<&[u32]>,
    first: u64,
    count: usize,
) -> (Vec<Vec<String>>, u64) {
    let Ok(progress) = scan.read() else {
        return (Vec::new(), 0);
    };
    // The first row starts where the header ends, so the first screen needs no scan at all.
    let start = [file.data_start()];
    let offsets: &[u64] = if progress.offsets.is_empty() {
        &start
    } else {
        &progress.offsets
    };
    match order {
        None => (
            file.read_rows(offsets, STRIDE, first, count)
                .unwrap_or_default(),
            progress.rows,
        ),
        Some(order) => (
            order
                .iter()
                .skip(first as usize)
                .take(count)
                .filter_map(|&row| {
                    file.read_rows(offsets, STRIDE, u64::from(row), 1)
                        .ok()?
                        .pop()
                })
                .collect(),
            order.len() as u64,
        ),
    }
}
