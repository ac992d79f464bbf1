//! Noting what is asked of m3ter in the history: every submit, failed ones too, and the file
//! each fetch wrote.

use std::path::Path;

use super::event::{Event, Unrecorded};
use crate::config::{Entry, History, SubmitOutcome};
use crate::query::BillQuery;

/// Where the submits of a run are noted, and under which names.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// `None` where the history is off (a run without a library).
    pub history: Option<History>,
    pub profile: Option<String>,
    /// The preset the dates came from, and the saved query asked, by name.
    pub preset: Option<String>,
    pub saved: Option<String>,
}

impl Record {
    /// Notes a submit of `query` and what it came to; gives the entry's id when it was written.
    /// A history that cannot be written costs the entry, never the request: it is only news.
    pub(super) async fn note(
        &self,
        query: &BillQuery,
        outcome: SubmitOutcome,
        events: &mut (dyn FnMut(Event) + Send),
    ) -> Option<String> {
        let history = self.history.clone()?;
        let body = serde_json::to_value(query).unwrap_or_default();
        let entry = Entry::new(chrono::Utc::now(), self.profile.clone(), body, outcome)
            .with_names(self.preset.clone(), self.saved.clone());
        let id = entry.id.clone();
        // The history is a file: written off the runtime's threads.
        let path = history.path().to_path_buf();
        let written = tokio::task::spawn_blocking(move || history.append(&entry))
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)));
        match written {
            Ok(()) => Some(id),
            Err(source) => {
                events(Event::Unrecorded(Unrecorded { path, source }));
                None
            }
        }
    }

    /// Notes the file a fetch wrote against entry `id`. Not worth a word when it fails: the
    /// file is there all the same.
    pub(super) fn fetched(&self, id: Option<&str>, path: &Path) {
        if let (Some(history), Some(id)) = (&self.history, id) {
            let _ = history.record_fetch(id, path);
        }
    }
}
