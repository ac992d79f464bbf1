//! Everything the screen shows, as plain data. Only `update` changes it; `view` only reads it.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use ratatui_textarea::TextArea;

use super::explorer::Explorer;
use super::form::Form;
use super::theme::Theme;
use crate::m3ter::{DownloadLink, RetryReason};

/// The panes that take the focus, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Dates,
    Types,
    Dimensions,
    Options,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Dates, Pane::Types, Pane::Dimensions, Pane::Options];

    pub fn next(self) -> Pane {
        let i = Pane::ALL.iter().position(|p| *p == self).unwrap_or(0);
        Pane::ALL[(i + 1) % Pane::ALL.len()]
    }

    pub fn prev(self) -> Pane {
        let i = Pane::ALL.iter().position(|p| *p == self).unwrap_or(0);
        Pane::ALL[(i + Pane::ALL.len() - 1) % Pane::ALL.len()]
    }
}

/// A single-line field being typed into.
#[derive(Debug)]
pub struct FieldEditor {
    pub field: EditField,
    pub text: TextArea<'static>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditField {
    Start,
    End,
    Limit,
    Version,
}

/// The dimension editor: name, filter values and attributes.
#[derive(Debug)]
pub struct DimensionEditor {
    /// Which dimension is edited; `None` for a new one.
    pub index: Option<usize>,
    pub fields: [TextArea<'static>; 3],
    pub focus: usize,
}

/// Where a submit is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submission {
    Idle,
    Running { step: Step },
    Done { link: DownloadLink },
    Failed { message: String },
}

/// The step a running submit is at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Authenticating,
    Sending,
    Throttled {
        until: Instant,
    },
    Retrying {
        reason: RetryReason,
        until: Instant,
        attempt: u32,
    },
    FreshToken,
}

/// Where fetching the file is.
#[derive(Debug)]
pub enum Fetch {
    Idle,
    /// Asking where to save it.
    Asking(Box<TextArea<'static>>),
    /// The path exists; asking whether to replace it.
    Confirming {
        path: PathBuf,
    },
    Running {
        id: u64,
        path: PathBuf,
        bytes: u64,
        total: Option<u64>,
        started: Instant,
    },
    Done {
        path: PathBuf,
        bytes: u64,
    },
    Failed {
        message: String,
    },
    Cancelled,
}

/// A screen over the main one.
#[derive(Debug)]
pub enum Overlay {
    Help { scroll: u16 },
    ConfirmQuit,
    Picker(Picker),
    Prompt(Prompt),
}

/// A list to choose from: profiles, saved queries or past submits, narrowed by typing.
#[derive(Debug)]
pub struct Picker {
    pub kind: PickerKind,
    /// `None` while the list is being read.
    pub items: Option<Vec<PickItem>>,
    /// Sentences about entries that could not be read (a damaged saved query).
    pub problems: Vec<String>,
    pub cursor: usize,
    pub filter: TextArea<'static>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Profiles,
    Saved,
    History,
}

/// One entry of a picker.
#[derive(Debug, Clone, PartialEq)]
pub struct PickItem {
    /// What the entry is called: a profile or query name, or a history entry's id.
    pub key: String,
    pub label: String,
    pub detail: String,
    /// A past submit's body, to load into the form.
    pub body: Option<serde_json::Value>,
    /// A past submit whose link has probably expired.
    pub stale: bool,
}

impl Picker {
    pub fn new(kind: PickerKind) -> Picker {
        Picker {
            kind,
            items: None,
            problems: Vec::new(),
            cursor: 0,
            filter: TextArea::default(),
        }
    }

    /// The entries that match what was typed (case-insensitive, anywhere in the text).
    pub fn visible(&self) -> Vec<&PickItem> {
        let needle = self.filter.lines().join(" ").trim().to_lowercase();
        self.items
            .iter()
            .flatten()
            .filter(|i| {
                needle.is_empty()
                    || i.label.to_lowercase().contains(&needle)
                    || i.detail.to_lowercase().contains(&needle)
            })
            .collect()
    }
}

/// A question with a one-line answer.
#[derive(Debug)]
pub struct Prompt {
    pub purpose: PromptPurpose,
    pub text: TextArea<'static>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptPurpose {
    /// The name to save the form under.
    SaveQuery,
    /// The path to write the request body to.
    WriteBody,
}

/// A line of news for the person: what just happened, good or bad.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub bad: bool,
}

/// Who we are talking to, for the status line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    pub demo: bool,
    /// The config profile in use, if any.
    pub profile: Option<String>,
    pub org_id: String,
    pub base_url: String,
    /// Why no request can be sent, when the settings are incomplete.
    pub unusable: Option<String>,
    /// Where a relative path for a fetched file lands.
    pub folder: String,
}

/// The whole state of the screen.
#[derive(Debug)]
pub struct State {
    pub form: Form,
    /// The moment presets are resolved against.
    pub now: DateTime<Utc>,
    /// The moment countdowns and rates are measured against; set before each draw.
    pub clock: Instant,
    pub focus: Pane,
    pub dates_row: usize,
    pub types_cursor: usize,
    pub dims_cursor: usize,
    pub options_row: usize,
    pub editor: Option<FieldEditor>,
    pub dimension_editor: Option<DimensionEditor>,
    pub submission: Submission,
    /// The history entry of the current link, so a fetch can be noted against it.
    pub history_entry: Option<String>,
    pub fetch: Fetch,
    /// The number of the latest fetch started, so news of an older one can be told apart.
    pub fetch_id: u64,
    pub overlay: Option<Overlay>,
    /// A CSV file in the table view, shown instead of the form while open.
    pub explorer: Option<Explorer>,
    pub notice: Option<Notice>,
    pub size: (u16, u16),
    pub body_scroll: u16,
    pub spinner: usize,
    pub theme: Theme,
    pub context: Context,
    pub quit: bool,
}

impl State {
    pub fn new(
        form: Form,
        now: DateTime<Utc>,
        size: (u16, u16),
        theme: Theme,
        context: Context,
    ) -> State {
        State {
            form,
            now,
            clock: Instant::now(),
            focus: Pane::Dates,
            dates_row: 0,
            types_cursor: 0,
            dims_cursor: 0,
            options_row: 0,
            editor: None,
            dimension_editor: None,
            submission: Submission::Idle,
            history_entry: None,
            fetch: Fetch::Idle,
            fetch_id: 0,
            overlay: None,
            explorer: None,
            notice: None,
            size,
            body_scroll: 0,
            spinner: 0,
            theme,
            context,
            quit: false,
        }
    }

    /// The id of the fetch that is running, if one is.
    pub fn running_fetch(&self) -> Option<u64> {
        match self.fetch {
            Fetch::Running { id, .. } => Some(id),
            _ => None,
        }
    }

    /// Whether something is running that the screen should animate.
    pub fn is_busy(&self) -> bool {
        matches!(self.submission, Submission::Running { .. })
            || matches!(self.fetch, Fetch::Running { .. })
            || self.explorer.as_ref().is_some_and(|x| {
                x.scanning()
                    || x.job.is_some()
                    || x.page_missing(super::explorer::visible_rows(x, self.size))
            })
    }

    /// The download link, once there is one.
    pub fn link(&self) -> Option<&DownloadLink> {
        match &self.submission {
            Submission::Done { link } => Some(link),
            _ => None,
        }
    }

    /// Whether a text field has the keyboard (letters are text, not commands).
    pub fn is_typing(&self) -> bool {
        self.editor.is_some()
            || self.dimension_editor.is_some()
            || matches!(self.fetch, Fetch::Asking(_))
            || matches!(self.overlay, Some(Overlay::Picker(_) | Overlay::Prompt(_)))
            || self.explorer.as_ref().is_some_and(|x| x.prompt.is_some())
    }

    /// How long until `until`, by the clock of the last draw.
    pub fn remaining(&self, until: Instant) -> Duration {
        until.saturating_duration_since(self.clock)
    }
}
