//! Fetching the CSV behind a link into a file, all or nothing.

use std::path::{Path, PathBuf};

use futures_util::StreamExt;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::answer::error_message;
use super::client::root_cause;
use super::{Client, DownloadError, DownloadLink};
use crate::rows::RowCounter;
use crate::target::{PersistError, TargetProblem};

/// How far a download has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadProgress {
    pub bytes: u64,
    /// The size, when the server said (Content-Length).
    pub total: Option<u64>,
}

/// A finished download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downloaded {
    pub path: PathBuf,
    pub bytes: u64,
    /// Its data rows, counted as the bytes passed (`None` where that was not done).
    pub rows: Option<u64>,
}

impl From<TargetProblem> for DownloadError {
    fn from(problem: TargetProblem) -> DownloadError {
        match problem {
            TargetProblem::Exists(path) => DownloadError::Exists(path),
            TargetProblem::NoFolder(path) => DownloadError::NoFolder(path),
            other => DownloadError::Target(other),
        }
    }
}

impl From<PersistError> for DownloadError {
    fn from(e: PersistError) -> DownloadError {
        match e {
            PersistError::Target(problem) => problem.into(),
            PersistError::Io(source) => DownloadError::Io {
                path: PathBuf::new(),
                source,
            },
        }
    }
}

impl Client {
    /// Streams the file behind `link` to `target`.
    ///
    /// The bytes go to a hidden temporary file beside the target, which is synced and then
    /// renamed into place, so the target is either the whole file or untouched. A failure, a
    /// body shorter than its Content-Length, or dropping this future (a cancel) removes the
    /// temporary file, as does passing the settings' `download_timeout`. An existing target is
    /// replaced only when `overwrite` is set, and only when it is a plain file. The
    /// request carries no credentials: the link is pre-signed, and m3ter's token must never
    /// reach the host that serves files.
    pub async fn download(
        &self,
        link: &DownloadLink,
        target: &Path,
        overwrite: bool,
        progress: &mut (dyn FnMut(DownloadProgress) + Send),
    ) -> Result<Downloaded, DownloadError> {
        super::check_url(link.url())?;
        let folder = crate::target::check(target, overwrite)?;
        let deadline = self.settings().download_timeout;
        // Dropping the fetch on the deadline removes its temporary file, as a cancel does.
        tokio::time::timeout(
            deadline,
            self.fetch(link, target, &folder, overwrite, progress),
        )
        .await
        .unwrap_or(Err(DownloadError::Deadline(deadline)))
    }

    async fn fetch(
        &self,
        link: &DownloadLink,
        target: &Path,
        folder: &Path,
        overwrite: bool,
        progress: &mut (dyn FnMut(DownloadProgress) + Send),
    ) -> Result<Downloaded, DownloadError> {
        let io = |source| DownloadError::Io {
            path: target.to_path_buf(),
            source,
        };

        let started = std::time::Instant::now();
        let response = self.get(link).await?;
        let temp = crate::target::temporary(folder).map_err(io)?;
        let file = tokio::fs::File::from_std(temp.reopen().map_err(io)?);
        let mut writer = tokio::io::BufWriter::with_capacity(256 * 1024, file);
        // Counted as the bytes pass (a quick scan for line breaks and quotes), so a fetch says
        // its line count without reading its file again.
        let mut counter = RowCounter::new(u64::MAX);
        let bytes = pump(response, &mut writer, target, progress, Some(&mut counter)).await?;
        let rows = Some(counter.finish());
        writer.flush().await.map_err(io)?;
        writer.into_inner().sync_all().await.map_err(io)?;

        // No-clobber (unless asked) even if the target appeared while we were downloading.
        crate::target::persist(temp, target, overwrite).map_err(|e| match e {
            PersistError::Io(source) => io(source),
            other => other.into(),
        })?;
        sync_folder(folder);
        log::info!(
            "saved {bytes} bytes to {} in {} ms",
            target.display(),
            started.elapsed().as_millis()
        );
        Ok(Downloaded {
            path: target.to_path_buf(),
            bytes,
            rows,
        })
    }

    /// Streams the file behind `link` to `out` (standard output), as it comes, and gives the
    /// number of bytes written. Nothing is written until the first line has been seen to be a
    /// CSV header, so an error page never reaches `out`; a later failure (a short body, the
    /// deadline) can only be reported, as what was written stays written. `name` names `out`
    /// in errors.
    pub async fn stream_to(
        &self,
        link: &DownloadLink,
        out: &mut (dyn AsyncWrite + Unpin + Send),
        name: &Path,
        progress: &mut (dyn FnMut(DownloadProgress) + Send),
    ) -> Result<u64, DownloadError> {
        super::check_url(link.url())?;
        let deadline = self.settings().download_timeout;
        let streamed = async {
            let response = self.get(link).await?;
            let mut writer = tokio::io::BufWriter::with_capacity(64 * 1024, out);
            let bytes = pump(response, &mut writer, name, progress, None).await?;
            writer.flush().await.map_err(|source| DownloadError::Io {
                path: name.to_path_buf(),
                source,
            })?;
            Ok(bytes)
        };
        tokio::time::timeout(deadline, streamed)
            .await
            .unwrap_or(Err(DownloadError::Deadline(deadline)))
    }

    /// The answer to a GET of `link`, if it is a success.
    async fn get(&self, link: &DownloadLink) -> Result<reqwest::Response, DownloadError> {
        let shown = crate::logging::link(link.url().as_str());
        let started = std::time::Instant::now();
        let response = self
            .http()
            .map_err(DownloadError::Network)?
            .get(link.url().clone())
            .send()
            .await
            .map_err(|e| DownloadError::Network(root_cause(&e)))?;
        log::info!(
            "GET {shown}: {} in {} ms, {} bytes to come",
            response.status(),
            started.elapsed().as_millis(),
            response
                .content_length()
                .map_or_else(|| "unknown".to_string(), |n| n.to_string())
        );
        if !response.status().is_success() {
            let status = response.status().as_u16();
            return Err(DownloadError::Http {
                status,
                message: error_message(response).await,
            });
        }
        Ok(response)
    }
}

/// Copies the body of `response` to `writer`, holding the bytes back until the first line is
/// known to be a CSV header, and checks that it came whole. Gives the number of bytes.
async fn pump(
    response: reqwest::Response,
    writer: &mut (dyn AsyncWrite + Unpin + Send),
    target: &Path,
    progress: &mut (dyn FnMut(DownloadProgress) + Send),
    mut counter: Option<&mut RowCounter>,
) -> Result<u64, DownloadError> {
    let io = |source| DownloadError::Io {
        path: target.to_path_buf(),
        source,
    };
    let total = response.content_length();
    let mut bytes = 0u64;
    let mut start = FirstLine::default();
    // The start of the body, until the first line is known to be a header.
    let mut held: Vec<u8> = Vec::new();
    progress(DownloadProgress { bytes, total });
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| match total {
            Some(expected) => DownloadError::Truncated {
                received: bytes,
                expected,
            },
            None => DownloadError::Network(root_cause(&e)),
        })?;
        bytes += chunk.len() as u64;
        if start.is_decided() {
            writer.write_all(&chunk).await.map_err(io)?;
            if let Some(counter) = counter.as_deref_mut() {
                counter.feed(&chunk);
            }
        } else {
            start.feed(&chunk);
            held.extend_from_slice(&chunk);
            if start.is_decided() {
                if let Some(why) = start.not_a_header() {
                    return Err(DownloadError::NotACsv(why));
                }
                writer.write_all(&held).await.map_err(io)?;
                if let Some(counter) = counter.as_deref_mut() {
                    counter.feed(&held);
                }
                held = Vec::new();
            }
        }
        progress(DownloadProgress { bytes, total });
    }
    if let Some(expected) = total.filter(|&t| t != bytes) {
        return Err(DownloadError::Truncated {
            received: bytes,
            expected,
        });
    }
    if let Some(why) = start.not_a_header() {
        return Err(DownloadError::NotACsv(why));
    }
    writer.write_all(&held).await.map_err(io)?;
    if let Some(counter) = counter {
        counter.feed(&held);
    }
    Ok(bytes)
}

/// The longest first line a bill CSV's header may have.
const LONGEST_HEADER: usize = 64_000;

/// The start of a download, kept up to its first line break: a bill CSV always begins with its
/// header, so a body without one is an error page, an empty answer or not a bill file.
#[derive(Default)]
struct FirstLine {
    text: Vec<u8>,
    ended: bool,
}

impl FirstLine {
    /// Whether enough has been seen to say if this is a header: its line ended, or it is
    /// longer than any header.
    fn is_decided(&self) -> bool {
        self.ended || self.text.len() > LONGEST_HEADER
    }

    fn feed(&mut self, chunk: &[u8]) {
        if self.is_decided() {
            return;
        }
        let end = chunk.iter().position(|&b| b == b'\n');
        let part = &chunk[..end.unwrap_or(chunk.len())];
        let room = LONGEST_HEADER + 1 - self.text.len();
        self.text.extend_from_slice(&part[..part.len().min(room)]);
        self.ended = end.is_some();
    }

    /// Why this is not the header of a CSV, if it is not.
    fn not_a_header(&self) -> Option<&'static str> {
        if self.text.is_empty() && !self.ended {
            return Some("it is empty");
        }
        if self.text.len() > LONGEST_HEADER {
            return Some("its first line is longer than any header");
        }
        let line = String::from_utf8_lossy(&self.text);
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            return Some("its first line is blank");
        }
        if line.starts_with(['<', '{', '[']) {
            return Some("it is a web page or JSON, not a CSV");
        }
        let numbers = line
            .split(',')
            .map(|f| f.trim().trim_matches('"'))
            .any(|f| !f.is_empty() && f.parse::<f64>().is_ok());
        if numbers {
            return Some("its first line holds numbers, not column names");
        }
        None
    }
}

/// Makes the rename itself durable. Best effort: some file systems cannot sync a folder, and
/// the file is complete either way.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

#[cfg(test)]
mod tests {
    use super::FirstLine;

    fn why(chunks: &[&[u8]]) -> Option<&'static str> {
        let mut first = FirstLine::default();
        chunks.iter().for_each(|c| first.feed(c));
        first.not_a_header()
    }

    #[test]
    fn a_bill_csv_starts_with_its_header() {
        assert_eq!(why(&[b"account,subt", b"otal\nacme,1.5\n"]), None);
        assert_eq!(why(&[b"\xef\xbb\xbfaccount,\"product name\"\r\n"]), None);
        assert_eq!(why(&[b"account"]), None);
        assert_eq!(why(&[]), Some("it is empty"));
        assert_eq!(why(&[b"\n"]), Some("its first line is blank"));
        assert_eq!(
            why(&[b"<html><body>Error</body></html>"]),
            Some("it is a web page or JSON, not a CSV")
        );
        assert_eq!(
            why(&[b"acme,USAGE,12.50\n"]),
            Some("its first line holds numbers, not column names")
        );
        let endless = vec![b'x'; 100_000];
        assert_eq!(
            why(&[&endless, &endless]),
            Some("its first line is longer than any header")
        );
    }
}
