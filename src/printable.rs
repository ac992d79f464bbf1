//! Text from outside (a server's message, a link, a file's cell) made safe to print.

/// `text` without control characters, so a hostile answer cannot move the cursor, change
/// colours or retitle the terminal. Tabs and line breaks become spaces.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn strips_escape_sequences_and_controls() {
        assert_eq!(printable("ok\u{1b}[2J\u{7}done"), "ok[2Jdone");
        assert_eq!(printable("line\none\ttab"), "line one tab");
        assert_eq!(printable("\u{9b}31mred"), "31mred");
        assert_eq!(printable("déjà vu ✓"), "déjà vu ✓");
    }
}
