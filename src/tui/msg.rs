//! What happens to the screen (messages) and what the screen asks for (effects).

use std::path::PathBuf;

use crossterm::event::{Event, KeyEvent, MouseEvent, MouseEventKind};

use crate::m3ter::{DownloadError, DownloadLink, DownloadProgress, Downloaded, SubmitEvent};
use crate::query::BillQuery;

/// Something that happened: input, or news from a task.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Paste(String),
    Resize(u16, u16),
    /// Time passed while something runs (spinner, countdowns).
    Tick,
    Submit(SubmitEvent),
    Submitted(Result<DownloadLink, String>),
    /// News of fetch number `.0`; news of any other fetch than the current one is ignored.
    FetchProgress(u64, DownloadProgress),
    Fetched(u64, Result<Downloaded, DownloadError>),
    FetchCancelled(u64),
    Opened(Result<(), String>),
    Copied(Result<(), String>),
    /// SIGTERM, or the input closed.
    Shutdown,
}

impl Msg {
    /// The message for a terminal event; `None` for events that change nothing on screen
    /// (mouse movement, focus changes), so they cost no redraw.
    pub fn from_event(event: Event) -> Option<Msg> {
        match event {
            Event::Key(key) => Some(Msg::Key(key)),
            Event::Mouse(m)
                if matches!(m.kind, MouseEventKind::Moved | MouseEventKind::Drag(_)) =>
            {
                None
            }
            Event::Mouse(m) => Some(Msg::Mouse(m)),
            Event::Paste(text) => Some(Msg::Paste(text)),
            Event::Resize(w, h) => Some(Msg::Resize(w, h)),
            Event::FocusGained | Event::FocusLost => None,
        }
    }
}

/// Work the screen asks the runtime to do; its outcome comes back as messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Submit(BillQuery),
    Fetch {
        id: u64,
        link: DownloadLink,
        path: PathBuf,
        overwrite: bool,
    },
    CancelFetch,
    Open(DownloadLink),
    Copy(String),
}
