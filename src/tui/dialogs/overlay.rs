//! The one trait every dialog and editor answers keys through, and what it answers with.

use crossterm::event::KeyEvent;

use crate::tui::keymap::Action;
use crate::tui::notice::Notice;
use crate::tui::theme::Theme;

/// What a dialog or editor asks for after a key.
#[derive(Debug, PartialEq)]
pub enum Intent<A> {
    /// Stays open.
    Stay,
    /// Stays open and says why the key did nothing (a path to type first, say).
    Refuse(String),
    /// Closes, changing nothing.
    Close,
    /// Closes with its answer, for its owner to carry out.
    Answer(A),
}

/// What a dialog draws with: the colours, and the news of the moment (a dialog shows a refusal
/// inside its own frame, where the person is looking).
#[derive(Debug, Clone, Copy)]
pub struct Look<'a> {
    pub theme: &'a Theme,
    pub notice: Option<&'a Notice>,
}

impl Look<'_> {
    /// The bad news of the moment, if any.
    pub fn refusal(&self) -> Option<&str> {
        self.notice.filter(|n| n.bad).map(|n| n.text.as_str())
    }
}

/// Every dialog and editor: its keys (as the keymap's actions), typing and pasting. Each also
/// draws itself (`draw(&self, frame, look)`); editors typed in a pane are drawn by the pane.
pub trait Overlay {
    /// What the dialog answers with when it is done: a choice, a path, a value.
    type Answer;

    /// The answer to a key the keymap has an action for in this dialog's scope. Ctrl-S and
    /// Ctrl-C are answered before any dialog sees them (`tui/carry.rs`).
    fn on_action(&mut self, action: Action) -> Intent<Self::Answer>;

    /// A key with no action, typed into the dialog's field if it has one.
    fn type_key(&mut self, _key: KeyEvent) {}

    /// Pasted text, put where typing would go.
    fn paste(&mut self, _text: &str) {}
}
