//! The request body as coloured lines.

use ratatui::text::{Line, Span};

use crate::tui::theme::Theme;

/// `json` (pretty-printed) as lines with keys, strings and numbers coloured.
pub fn highlight(json: &str, theme: &Theme) -> Vec<Line<'static>> {
    json.lines()
        .map(|line| highlight_line(line, theme))
        .collect()
}

fn highlight_line(line: &str, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            // A string runs to the next quote that is not escaped.
            let mut end = after.len();
            let mut escaped = false;
            for (i, c) in after.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = i;
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let token_len = (end + 2).min(rest.len());
            let (token, tail) = rest.split_at(token_len);
            let style = if tail.trim_start().starts_with(':') {
                theme.json_key()
            } else {
                theme.json_string()
            };
            spans.push(Span::styled(token.to_string(), style));
            rest = tail;
        } else {
            let end = rest.find('"').unwrap_or(rest.len());
            let (plain, tail) = rest.split_at(end);
            for piece in split_numbers(plain) {
                let style = if piece.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
                    theme.json_number()
                } else {
                    theme.plain()
                };
                spans.push(Span::styled(piece.to_string(), style));
            }
            rest = tail;
        }
    }
    Line::from(spans)
}

/// Splits text outside strings into numbers and the rest.
fn split_numbers(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut in_number = false;
    for (i, c) in text.char_indices() {
        let numeric =
            c.is_ascii_digit() || c == '-' || (in_number && matches!(c, '.' | 'e' | 'E' | '+'));
        if numeric != in_number {
            if i > start {
                pieces.push(&text[start..i]);
            }
            start = i;
            in_number = numeric;
        }
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_keys_strings_and_numbers_and_keeps_the_text() {
        let theme = Theme { color: true };
        let json = "{\n  \"limit\": 10,\n  \"name\": \"a \\\"quoted\\\" one\"\n}";
        let lines = highlight(json, &theme);
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(text.join("\n"), json);
        let limit = &lines[1].spans;
        assert_eq!(limit[1].content, "\"limit\"");
        assert_eq!(limit[1].style, theme.json_key());
        assert!(
            limit
                .iter()
                .any(|s| s.content == "10" && s.style == theme.json_number())
        );
        let name = &lines[2].spans;
        assert!(
            name.iter()
                .any(|s| s.content == "\"a \\\"quoted\\\" one\"" && s.style == theme.json_string())
        );
    }
}
