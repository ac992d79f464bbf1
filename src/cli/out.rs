//! Writing to standard output and standard error without ever panicking.
//!
//! Scripts pipe this tool into `head`, `jq` and friends: a reader that goes away (a broken
//! pipe) ends the command quietly with exit 0, since what was written is what was wanted. Any
//! other write error (a full disk, `>/dev/full`) is one sentence and exit 5.

use std::io::Write;

use super::exit::{Code, Failure};

/// Writes `text` to standard output and flushes it.
pub fn print(text: &str) -> Result<(), Failure> {
    print_with(|out| out.write_all(text.as_bytes()))
}

/// What `write` writes, to standard output through a buffer, flushed at the end.
pub fn print_with(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| written(&e))
}

/// What a failed write to standard output means for the command.
fn written(e: &std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Failure {
            code: Code::StdoutClosed,
            sentences: Vec::new(),
        }
    } else {
        Failure::new(
            Code::Failed,
            format!("Could not write to standard output: {e}."),
        )
    }
}

/// Writes a line to standard error. When even that fails there is nobody left to tell.
pub fn say(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(line.as_bytes());
    let _ = err.write_all(b"\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_pipe_is_a_quiet_end_and_a_full_disk_a_sentence() {
        let closed = written(&std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert_eq!(closed.code as u8, 0);
        assert!(closed.sentences.is_empty());
        let full = written(&std::io::Error::from_raw_os_error(28));
        assert_eq!(full.code as u8, 5);
        assert!(
            full.sentences[0].starts_with("Could not write to standard output: No space left"),
            "{:?}",
            full.sentences
        );
    }
}
