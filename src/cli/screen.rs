//! Running a screen on the real terminal, for the commands that have one.

use super::exit::{Code, Failure};
use super::shutdown::shutdown_signal;
use crate::tui::{Screen, Services, State};

/// Takes over the terminal, runs the screen with the state `make` builds for the terminal's
/// size, and gives the terminal back however it ends. Signals are caught from before the screen
/// is taken over, so one can never leave the terminal in raw mode. `warm_up` runs once the
/// first frame is on the screen: work that can wait for it should, on a machine of few cores.
pub async fn run_screen(
    make: impl FnOnce((u16, u16)) -> State,
    services: Services,
    warm_up: impl FnOnce(),
) -> Result<(), Failure> {
    let shutdown = shutdown_signal();
    let fail = |e: std::io::Error| Failure::new(Code::Failed, format!("The terminal failed: {e}."));
    let mut screen = Screen::enter().map_err(fail)?;
    let size = screen.terminal.size().map_err(fail)?;
    let state = make((size.width, size.height));
    let events = crossterm::event::EventStream::new();
    let outcome = crate::tui::run(&mut screen.terminal, state, events, services, shutdown, {
        let mut warm_up = Some(warm_up);
        move |_| {
            if let Some(f) = warm_up.take() {
                f();
            }
        }
    })
    .await;
    drop(screen);
    outcome.map(drop).map_err(fail)
}
