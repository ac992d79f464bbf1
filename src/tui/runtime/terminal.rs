//! Taking over the terminal and always giving it back: on quit, on error, on SIGTERM and on a
//! panic.

use std::io::{self, Stdout, Write as _};
use std::sync::{Arc, Mutex};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

type PanicHook = dyn Fn(&std::panic::PanicHookInfo<'_>) + Send + Sync;

/// Panic reports from other threads while the screen is up, printed once it is gone.
static DEFERRED_PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The terminal in raw mode on the alternate screen, restored when dropped.
pub struct Screen {
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
    previous_hook: Arc<PanicHook>,
}

impl Screen {
    /// Takes over the terminal. A panic on this thread (the one that draws) restores the
    /// terminal before its report is printed; a panic in a background task leaves the screen
    /// up (the task reports its failure on screen) and its report is printed after exit.
    pub fn enter() -> io::Result<Screen> {
        let previous_hook: Arc<PanicHook> = Arc::from(std::panic::take_hook());
        let ui_thread = std::thread::current().id();
        let previous = previous_hook.clone();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().id() == ui_thread {
                restore();
                previous(info);
            } else if let Ok(mut reports) = DEFERRED_PANICS.lock() {
                reports.push(info.to_string());
            }
        }));
        let screen = |terminal| Screen {
            terminal,
            previous_hook: previous_hook.clone(),
        };
        enable_raw_mode()?;
        let setup = execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        );
        if let Err(e) = setup {
            restore();
            return Err(e);
        }
        let terminal =
            Terminal::new(CrosstermBackend::new(io::stdout())).inspect_err(|_| restore())?;
        Ok(screen(terminal))
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        restore();
        let _ = self.terminal.show_cursor();
        // The hook cannot be changed while unwinding (that would abort); the process is ending
        // then anyway.
        if !std::thread::panicking() {
            let previous = self.previous_hook.clone();
            std::panic::set_hook(Box::new(move |info| previous(info)));
        }
        if let Ok(mut reports) = DEFERRED_PANICS.lock() {
            for report in reports.drain(..) {
                let _ = writeln!(
                    io::stderr(),
                    "m3ter-bills hit a bug in a background task: {report}"
                );
            }
        }
    }
}

/// Puts the terminal back as it was. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}
