//! Text from outside (a server's message, a link, a file's cell) made safe to print.

/// `text` without control characters, so a hostile answer cannot move the cursor, change
/// colours or retitle the terminal. Tabs and line breaks become spaces. Invisible formatting
/// characters (bidirectional overrides and isolates, zero-width spaces and joiners, the byte
/// order mark, line and paragraph separators) are shown as `<U+202E>`: removed, they could
/// hide that a name or a message is not what it reads as; kept, they reorder or hide the text
/// around them. The zero-width joiner and non-joiner stay between two letters of a script
/// outside ASCII, where Persian and Indic names and emoji need them; between ASCII letters they
/// would only make two names look alike.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut before: Option<char> = None;
    while let Some(c) = chars.next() {
        let joins = matches!(c, '\u{200C}' | '\u{200D}')
            && before.is_some_and(|b| !b.is_ascii())
            && chars.peek().is_some_and(|a| !a.is_ascii());
        before = Some(c);
        if matches!(c, '\t' | '\n' | '\r') {
            out.push(' ');
        } else if c.is_control() {
            continue;
        } else if is_invisible(c) && !joins {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether [`printable`] would give `text` back as it is (the common case, checked without
/// copying it).
pub fn is_printable(text: &str) -> bool {
    text.chars()
        .all(|c| !c.is_control() && !is_invisible(c) && !matches!(c, '\u{200C}' | '\u{200D}'))
}

/// Words that start lower case (as a warning's do) as a sentence for the screen or stderr:
/// printable, a capital first letter, a full stop.
pub fn sentence(words: &str) -> String {
    let text = printable(words);
    let mut chars = text.chars();
    let first = chars
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    format!("{first}{}.", chars.as_str())
}

/// Words that may start with a name as the person typed it (`empty.csv is a folder`) as a
/// sentence: printable and with a full stop, its first letter left as it is (a name is never
/// re-cased).
pub fn as_typed(words: &str) -> String {
    let text = printable(words);
    if text.ends_with('.') {
        text
    } else {
        format!("{text}.")
    }
}

/// `text` in at most `width` characters: whole when it fits, else its first `width - 1` and
/// "…". For a cell of a table, where a name cut anywhere still tells rows apart.
pub fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    text.chars()
        .take(width.saturating_sub(1))
        .collect::<String>()
        + "…"
}

/// `text` in at most `width` characters: whole when it fits, else cut after the last whole
/// word that fits, with "…", so no word is ever shown in part.
pub fn cut_at_word(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    let whole = match kept.rfind(' ') {
        Some(at) if at > 0 => kept[..at].trim_end(),
        _ => kept.as_str(),
    };
    format!("{whole}…")
}

/// Server text as one bounded line: [`printable`], and cut to `max` characters with "…" and
/// the full length noted, so a 10 MB message costs a few hundred bytes wherever it goes.
pub fn clipped(text: &str, max: usize) -> String {
    let total = text.chars().count();
    if total <= max {
        return printable(text.trim());
    }
    let kept: String = text.chars().take(max).collect();
    format!(
        "{}… ({} characters in all)",
        printable(kept.trim()),
        crate::units::count(total as u64)
    )
}

/// How long a message from a server may be where people read it.
pub const MESSAGE_CHARS: usize = 300;

/// The Unicode format characters (general category Cf) and the line and paragraph separators:
/// all invisible, and some reorder the text around them.
fn is_invisible(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x2028..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_cut_to_its_width() {
        assert_eq!(cut("acme", 4), "acme");
        assert_eq!(cut("acme corp", 6), "acme …");
        assert_eq!(cut("déjà vu", 3), "dé…");
    }

    #[test]
    fn a_long_line_is_cut_after_a_whole_word() {
        assert_eq!(cut_at_word("short", 10), "short");
        assert_eq!(
            cut_at_word("2026-12 (to date) is only partly in the file", 30),
            "2026-12 (to date) is only…"
        );
        assert!(
            cut_at_word("2026-12 (to date) is only partly", 30)
                .chars()
                .count()
                <= 30
        );
        assert_eq!(cut_at_word("unbroken", 5), "unbr…");
    }

    #[test]
    fn strips_escape_sequences_and_controls() {
        assert_eq!(printable("ok\u{1b}[2J\u{7}done"), "ok[2Jdone");
        assert_eq!(printable("line\none\ttab"), "line one tab");
        assert_eq!(printable("\u{9b}31mred"), "31mred");
        assert_eq!(printable("déjà vu ✓"), "déjà vu ✓");
    }

    #[test]
    fn invisible_and_reordering_characters_are_shown_not_obeyed() {
        assert_eq!(printable("acme\u{202E}gpj.exe"), "acme<U+202E>gpj.exe");
        assert_eq!(
            printable("a\u{2066}b\u{200B}c\u{FEFF}"),
            "a<U+2066>b<U+200B>c<U+FEFF>"
        );
        assert_eq!(printable("tag\u{E0041}"), "tag<U+E0041>");
        assert_eq!(printable("x\u{2028}y"), "x<U+2028>y");
        // Joiners where scripts and emoji need them, not where they disguise a name.
        assert_eq!(printable("می\u{200C}خواهم"), "می\u{200C}خواهم");
        assert_eq!(printable("👩\u{200D}💻"), "👩\u{200D}💻");
        assert_eq!(printable("ac\u{200D}me"), "ac<U+200D>me");
        assert_eq!(printable("\u{200C}x"), "<U+200C>x");
    }

    #[test]
    fn long_text_is_cut_with_its_length_said() {
        let long = "x".repeat(10_000_000);
        let cut = clipped(&long, MESSAGE_CHARS);
        assert!(cut.starts_with(&"x".repeat(MESSAGE_CHARS)), "{cut}");
        assert!(cut.ends_with("… (10,000,000 characters in all)"), "{cut}");
        assert!(cut.chars().count() < MESSAGE_CHARS + 40);
        assert_eq!(clipped("  short\n", MESSAGE_CHARS), "short");
    }
}
