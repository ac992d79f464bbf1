//! What takes the keyboard for a moment over a screen: one file per dialog, each behind
//! [`Overlay`]. A dialog answers keys on its own data and returns an [`Intent`]; it never
//! reaches into a screen. The room that opened it carries the intent out (`tui/carry.rs`).
//!
//! The dialogs over everything (help, a list, a question, "quit?", saving a view, saving it into a report, replacing a report's files) live in
//! `State::dialog`; the editors live beside the state they edit (a field, a dimension or the
//! fetch path in `screens/form/`, the column chooser in `screens/table/`).

pub mod column_pick;
pub mod confirm;
pub mod export;
pub mod help;
mod overlay;
pub mod periods;
pub mod picker;
pub mod prompt;
pub mod replace_report;
pub mod save_report;

pub use column_pick::{ColumnPick, PickFor};
pub use overlay::{Intent, Look, Overlay};
pub use periods::PeriodChooser;
pub use picker::{PickItem, Picker, PickerKind};
pub use prompt::{Prompt, PromptPurpose};

/// A dialog over the screen.
#[derive(Debug)]
pub enum Dialog {
    Help(help::Help),
    ConfirmQuit(confirm::QuitQuestion),
    Picker(Picker),
    Prompt(Prompt),
    /// Saving what is on screen to a file.
    Export(export::ExportDialog),
    /// Saving the analysis on screen into a report.
    SaveReport(Box<save_report::SaveReport>),
    /// A report's files are there: replace them?
    ReplaceReport(replace_report::ReplaceReport),
}
