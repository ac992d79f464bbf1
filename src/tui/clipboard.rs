//! Copying text to the person's clipboard, behind a trait so tests can watch.

use std::io::Write;

use base64::Engine;

/// The most text a copy sends (100 kB). Terminals take OSC 52 up to a limit of their own and
/// drop more without a word (hterm and others at about 100 kB), so a larger copy is refused
/// with a pointer to the export, never said "Copied" for what cannot arrive.
pub const CLIPBOARD_LIMIT: usize = 100_000;

/// Why `what` is not copied: too large for a terminal's clipboard.
pub fn too_large_to_copy(what: &str) -> String {
    format!(
        "{what} is too large for a terminal's clipboard (more than {} kB): press e to export it to a file instead",
        CLIPBOARD_LIMIT / 1000
    )
}

/// `text` if a terminal's clipboard takes it, else why not.
pub fn within_limit<'a>(what: &str, text: &'a str) -> Result<&'a str, String> {
    if text.len() > CLIPBOARD_LIMIT {
        Err(too_large_to_copy(what))
    } else {
        Ok(text)
    }
}

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
