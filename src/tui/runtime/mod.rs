//! The runtime: one loop over terminal input, messages from tasks and shutdown, that draws only
//! when something changed, and hands the effects `update` asks for to the runner (`effects`),
//! which runs them as tasks that answer with messages.

mod blocking;
mod effects;
mod export;
mod fetching;
mod library;
mod periods;
mod report;
mod services;
mod split;
mod table_files;
pub mod terminal;
mod view_work;

pub use services::{Library, Services};
pub use table_files::start_view;

use std::future::Future;
use std::io;
use std::time::{Duration, Instant};

use crossterm::event::Event;
use futures_util::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc::unbounded_channel;

use super::msg::Msg;
use super::state::State;
use super::update::update;
use super::view::view;

/// How often the spinner and countdowns move while something runs. Nothing ticks when idle.
const TICK: Duration = Duration::from_millis(120);

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
    let mut runner = effects::Runner::new(tx);
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    tokio::pin!(shutdown);
    // For the tests that prove a panic gives the terminal back; documented in the README.
    let panic_after_first_frame = std::env::var_os("M3TER_BILLS_PANIC_AFTER_FIRST_FRAME").is_some();
    let mut dirty = true;
    // Whether the last frame showed work under way. Work on another thread (the table's scan)
    // can end between that frame and the next look, sending no message; one more tick then
    // draws its end, rather than leaving "reading, 0%" on screen until a key is pressed.
    let mut drawn_busy = false;
    loop {
        if dirty {
            state.clock = Instant::now();
            // Read before the frame: work that ends while it is drawn still gets its tick.
            let busy = state.is_busy();
            terminal
                .draw(|frame| view(&state, frame))
                .map_err(io::Error::other)?;
            after_draw(terminal);
            dirty = false;
            drawn_busy = busy;
            if panic_after_first_frame {
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
            _ = ticker.tick(), if drawn_busy || state.is_busy() => Some(Msg::Tick),
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
                runner.perform(effect, &mut services);
            }
        }
        if state.quit {
            break;
        }
    }
    runner.finish(&mut services).await;
    Ok(state)
}
