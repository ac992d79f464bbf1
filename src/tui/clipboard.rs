//! Copying text to the person's clipboard, behind a trait so tests can watch.

use std::io::Write;

use base64::Engine;

/// Something that puts text on a clipboard.
pub trait Clipboard: Send {
    fn copy(&mut self, text: &str) -> Result<(), String>;
}

/// The terminal's clipboard through OSC 52, which reaches the person's own machine even over
/// SSH (in terminals that allow it; inside tmux, `set-clipboard` must be on).
pub struct Osc52;

impl Clipboard for Osc52 {
    fn copy(&mut self, text: &str) -> Result<(), String> {
        let encoded = base64::engine::general_purpose::STANDARD.encode(text);
        let mut out = std::io::stdout().lock();
        write!(out, "\x1b]52;c;{encoded}\x07")
            .and_then(|()| out.flush())
            .map_err(|e| e.to_string())
    }
}
