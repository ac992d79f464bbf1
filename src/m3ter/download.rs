//! Fetching the CSV behind a link into a file, all or nothing.

use std::path::{Path, PathBuf};

use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;

use super::client::{error_message, root_cause};
use super::{Client, DownloadError, DownloadLink};

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
}

impl Client {
    /// Streams the file behind `link` to `target`.
    ///
    /// The bytes go to a hidden temporary file beside the target, which is synced and then
    /// renamed into place, so the target is either the whole file or untouched. A failure, a
    /// body shorter than its Content-Length, or dropping this future (a cancel) removes the
    /// temporary file. An existing target is replaced only when `overwrite` is set. The
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
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !folder.is_dir() {
            return Err(DownloadError::NoFolder(folder));
        }
        if !overwrite && target.exists() {
            return Err(DownloadError::Exists(target.to_path_buf()));
        }
        let io = |source| DownloadError::Io {
            path: target.to_path_buf(),
            source,
        };

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
        let total = response.content_length();

        let mut builder = tempfile::Builder::new();
        builder.prefix(".m3ter-bills-").suffix(".part");
        // Temporary files are private by default; the finished file should get the same
        // permissions as any other the user creates (0666 less the umask), as with curl -o.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let temp = builder.tempfile_in(&folder).map_err(io)?;
        let file = tokio::fs::File::from_std(temp.reopen().map_err(io)?);
        let mut writer = tokio::io::BufWriter::with_capacity(256 * 1024, file);
        let mut bytes = 0u64;
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
            writer.write_all(&chunk).await.map_err(io)?;
            bytes += chunk.len() as u64;
            progress(DownloadProgress { bytes, total });
        }
        if let Some(expected) = total.filter(|&t| t != bytes) {
            return Err(DownloadError::Truncated {
                received: bytes,
                expected,
            });
        }
        writer.flush().await.map_err(io)?;
        writer.into_inner().sync_all().await.map_err(io)?;

        if overwrite {
            temp.persist(target).map_err(|e| io(e.error))?;
        } else {
            // No-clobber even if the target appeared while we were downloading.
            temp.persist_noclobber(target).map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    DownloadError::Exists(target.to_path_buf())
                } else {
                    io(e.error)
                }
            })?;
        }
        sync_folder(&folder);
        log::info!(
            "saved {bytes} bytes to {} in {} ms",
            target.display(),
            started.elapsed().as_millis()
        );
        Ok(Downloaded {
            path: target.to_path_buf(),
            bytes,
        })
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
