//! Copying text to the person's clipboard, behind a trait so tests can watch.

use std::io::Write;

use base64::Engine;

/// The most text a copy sends (100 kB). Terminals take OSC 52 up to a limit of their own and
/// drop more without a word (hterm and others at about 100 kB), so a larger copy is refused
/// with a pointer to the export, never said "Copied" for what cannot arrive.
pub const CLIPBOARD_LIMIT: usize = 100_000;

/// Why a copy is not made: too large for a terminal's clipboard, and what to do instead.
fn too_large() -> String {
    format!(
        "too large for a terminal's clipboard (more than {} kB): press e to save it to a file instead",
        CLIPBOARD_LIMIT / 1000
    )
}

/// The sentence that says `what` is not copied, for a screen's note.
pub fn too_large_to_copy(what: &str) -> String {
    crate::printable::sentence(&format!("{what} is {}", too_large()))
}

/// `text` if a terminal's clipboard takes it, else why not (after "Could not copy ...: ").
pub fn within_limit(text: &str) -> Result<&str, String> {
    if text.len() > CLIPBOARD_LIMIT {
        Err(format!("it is {}", too_large()))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_past_the_limit_is_refused_with_the_way_out() {
        let small = "a\tb\n".repeat(10);
        assert_eq!(within_limit(&small), Ok(small.as_str()));
        let large = "x".repeat(CLIPBOARD_LIMIT + 1);
        assert_eq!(
            within_limit(&large),
            Err(
                "it is too large for a terminal's clipboard (more than 100 kB): \
                 press e to save it to a file instead"
                    .to_string()
            )
        );
        assert_eq!(
            too_large_to_copy("the pivot"),
            "The pivot is too large for a terminal's clipboard (more than 100 kB): \
             press e to save it to a file instead."
        );
    }
}
