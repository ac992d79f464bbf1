//! Reading an answer's body up to a ceiling, whatever the server sends: a body that never ends
//! costs at most the ceiling, and the connection is dropped there.

use reqwest::Response;

use crate::printable::{MESSAGE_CHARS, clipped, printable};

/// The most a JSON answer (a token, a download link) may hold; both are a few hundred bytes.
pub const JSON_LIMIT: usize = 1_000_000;

/// How much of an error answer is read for its message; the rest is never read.
pub const ERROR_KEPT: usize = 64_000;

/// Why a body was not read whole.
#[derive(Debug)]
pub enum ReadError {
    /// It is longer than the ceiling; reading stopped there.
    TooLarge,
    /// The connection failed or timed out while reading.
    Network(reqwest::Error),
    /// It was read, but it is not the JSON it should be: what it should have been, and why not.
    Shape(String),
}

/// The whole body, if it is at most `limit` bytes. Past the ceiling, reading stops and the
/// response is dropped, which closes the connection.
async fn read_at_most(mut response: Response, limit: usize) -> Result<Vec<u8>, ReadError> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(ReadError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Network)? {
        if body.len() + chunk.len() > limit {
            return Err(ReadError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A JSON answer of type `T`, read up to [`JSON_LIMIT`]; `expected` says what it should have
/// been when it is something else.
pub async fn read_json<T: serde::de::DeserializeOwned>(
    response: Response,
    expected: &str,
) -> Result<T, ReadError> {
    let body = read_at_most(response, JSON_LIMIT).await?;
    serde_json::from_slice(&body).map_err(|e| {
        // serde's words may quote the answer: cut to size like any text from the server.
        ReadError::Shape(format!(
            "{expected} ({})",
            clipped(&e.to_string(), MESSAGE_CHARS)
        ))
    })
}

/// The first `keep` bytes of the body, and whether there was more.
async fn read_start(mut response: Response, keep: usize) -> (Vec<u8>, bool) {
    let mut body = Vec::new();
    // A failure part way leaves what came: an error answer is read for its words only.
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = keep - body.len();
        if chunk.len() >= room {
            body.extend_from_slice(&chunk[..room]);
            return (body, chunk.len() > room || !is_end(&mut response).await);
        }
        body.extend_from_slice(&chunk);
    }
    (body, false)
}

/// Whether the body has nothing after what was read, without waiting for more than one chunk.
async fn is_end(response: &mut Response) -> bool {
    matches!(response.chunk().await, Ok(None) | Err(_))
}

/// m3ter's own words from an error answer (`{"message": ...}`), or the start of whatever the
/// body was, or the status's name: cleaned and cut to [`MESSAGE_CHARS`], so that a huge or
/// hostile message costs a line wherever it is shown, logged or kept.
pub async fn error_message(response: Response) -> String {
    let status = response.status();
    let (body, more) = read_start(response, ERROR_KEPT).await;
    let text = String::from_utf8_lossy(&body);
    let message = message_of(&text).unwrap_or_else(|| text.trim().to_string());
    if message.trim().is_empty() {
        return status
            .canonical_reason()
            .unwrap_or("no message")
            .to_string();
    }
    if !more {
        return clipped(&message, MESSAGE_CHARS);
    }
    // Only the start was read, so its length says nothing of the whole.
    let start: String = message.chars().take(MESSAGE_CHARS).collect();
    let cut = if start.len() < message.len() {
        "…"
    } else {
        ""
    };
    format!(
        "{}{cut} (the answer was longer than {} kB; stopped reading)",
        printable(start.trim()),
        ERROR_KEPT / 1000
    )
}

/// The `message` of a JSON error answer, also from the start of one that was cut off.
fn message_of(text: &str) -> Option<String> {
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        return value
            .get("message")
            .and_then(|m| m.as_str())
            .map(str::to_string);
    }
    // Cut off: take the string after "message": as far as it goes.
    let rest = text.trim_start().strip_prefix('{')?;
    let after = rest.split_once("\"message\"")?.1.trim_start();
    let value = after.strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => match chars.next() {
                Some('n' | 't' | 'r' | 'b' | 'f') => out.push(' '),
                Some('u') => out.push(unicode_escape(&mut chars).unwrap_or('\u{FFFD}')),
                Some(other) => out.push(other),
                None => break,
            },
            c => out.push(c),
        }
    }
    Some(out)
}

/// The character of a JSON `\uXXXX` escape (the `\u` already read), with the second half of
/// a surrogate pair when there is one.
fn unicode_escape(chars: &mut std::str::Chars) -> Option<char> {
    fn unit(chars: &mut std::str::Chars) -> Option<u32> {
        let hex: String = chars.by_ref().take(4).collect();
        u32::from_str_radix(&hex, 16).ok()
    }
    let first = unit(chars)?;
    if (0xD800..0xDC00).contains(&first) {
        let rest: String = chars.by_ref().take(2).collect();
        let second = if rest == "\\u" {
            unit(chars)?
        } else {
            return None;
        };
        let code = 0x10000 + ((first - 0xD800) << 10) + (second.checked_sub(0xDC00)?);
        return char::from_u32(code);
    }
    char::from_u32(first)
}

#[cfg(test)]
mod tests {
    use super::message_of;

    #[test]
    fn the_message_of_whole_and_cut_off_answers() {
        assert_eq!(
            message_of(r#"{"message": "Invalid dimension"}"#).as_deref(),
            Some("Invalid dimension")
        );
        assert_eq!(
            message_of(r#"{"code": 1, "message": "Too \"many\" rows\nfor"#).as_deref(),
            Some("Too \"many\" rows for")
        );
        assert_eq!(
            message_of(r#"{"message": "a\u202eb\u001b[2J\ud83d\ude00 and on"#).as_deref(),
            Some("a\u{202e}b\u{1b}[2J\u{1F600} and on")
        );
        assert_eq!(message_of("<html>oops</html>"), None);
        assert_eq!(message_of(r#"{"error": "x"}"#), None);
    }
}
