//! The runtime: one loop over terminal input, messages from tasks and shutdown, that draws only
//! when something changed, and runs the effects `update` asks for as tasks.

use std::future::Future;
use std::io;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::Event;
use futures_util::{FutureExt, Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use tokio::task::JoinHandle;

use super::clipboard::Clipboard;
use super::msg::{Effect, Msg};
use super::state::State;
use super::update::update;
use super::view::view;
use crate::browser::Opener;
use crate::m3ter::{Client, DownloadError, DownloadProgress};

/// What the screen uses to reach the world; tests pass their own.
pub struct Services {
    /// The client, or why there is none (incomplete settings).
    pub client: Result<Client, String>,
    pub opener: Arc<dyn Opener>,
    pub clipboard: Box<dyn Clipboard>,
}

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
            dirty = true;
            state.clock = Instant::now();
            for effect in update(&mut state, msg) {
                perform(effect, &mut services, &tx, &mut fetch);
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
    Ok(state)
}

fn perform(
    effect: Effect,
    services: &mut Services,
    tx: &UnboundedSender<Msg>,
    fetch: &mut Option<(u64, JoinHandle<()>)>,
) {
    match effect {
        Effect::Submit(query) => {
            let tx = tx.clone();
            match services.client.clone() {
                Err(why) => {
                    let _ = tx.send(Msg::Submitted(Err(why)));
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
                        let _ = tx.send(Msg::Submitted(result));
                    });
                }
            }
        }
        Effect::Fetch {
            id,
            link,
            path,
            overwrite,
        } => {
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
            let _ = tx.send(Msg::Copied(services.clipboard.copy(&text)));
        }
    }
}
