//! What the tool remembers between runs: settings and profiles, saved queries, history, and
//! the accounts and products last listed.
//! Files on disk, read and written here; nothing above this layer touches them directly.

mod column_memory;
mod file;
pub mod history;
mod listed;
mod paths;
mod resolve;
mod saved;

pub use column_memory::ColumnMemory;
pub use file::{ConfigFile, Loaded, Profile, load};
pub use history::{Entry, History, ReportRun, SubmitOutcome};
pub use listed::{KeptEntry, KeptList, ListCache};
pub use paths::Paths;
pub use resolve::{ResolveError, Resolved, SecretSource, Source, Sourced, resolve};
pub use saved::{SavedError, SavedQueries, check_name, read as read_own_text};
