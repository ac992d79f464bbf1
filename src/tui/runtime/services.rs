//! What the screen uses to reach the world (the client, the browser, the clipboard, the files
//! the tool keeps), handed in by the command line; tests pass their own.

use std::sync::Arc;

use crate::browser::Opener;
use crate::config::{ColumnMemory, History, SavedQueries};
use crate::m3ter::Client;
use crate::tui::clipboard::Clipboard;
use crate::tui::msg::Switch;

/// What the screen uses to reach the world; tests pass their own.
pub struct Services {
    /// The client, or why there is none (incomplete settings).
    pub client: Result<Client, String>,
    pub opener: Arc<dyn Opener>,
    pub clipboard: Box<dyn Clipboard>,
    /// Profiles, saved queries and history; `None` runs without them.
    pub library: Option<Arc<Library>>,
    /// The columns chosen for each kind of file; `None` forgets them.
    pub columns: Option<ColumnMemory>,
    /// Where complete fetches keep their pieces until they are merged.
    pub pieces: std::path::PathBuf,
    /// Where the accounts and products listed are kept for an hour; `None` keeps nothing
    /// (the in-process demo, tests).
    pub lists: Option<crate::config::ListCache>,
}

/// What the tool remembers, as the screen uses it.
pub struct Library {
    pub saved: SavedQueries,
    pub reports: crate::report::Reports,
    pub history: History,
    pub profiles: Vec<String>,
    /// Connects with another profile; it may run a `secret_command`, so it is called off the
    /// screen's thread.
    pub switch: Box<SwitchProfile>,
}

/// Connects with the named profile.
pub type SwitchProfile = dyn Fn(&str) -> Result<Switch, String> + Send + Sync;
