//! The file behind a link, fetched to a target: a CSV file, a workbook, or a stream that
//! cannot be read back; its rows counted as far as the caveats need.

use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::AsyncWrite;

use super::event::Event;
use super::record::Record;
use super::target::{Target, absolute, scratch_folder};
use super::workbook::{WorkbookError, workbook_of};
use crate::m3ter::{Client, DownloadError, DownloadLink, Downloaded};
use crate::rows::{RowCounter, count_data_rows};

/// What a fetch wrote.
#[derive(Debug)]
pub struct Fetched {
    pub bytes: u64,
    /// Its data rows, as far as they are worth counting (see
    /// [`crate::query::BillQuery::rows_worth_counting`]); an error when they could not be read.
    pub data_rows: io::Result<u64>,
    /// The file written, absolute, for a target that is a file.
    pub path: Option<PathBuf>,
}

/// SplitWhy a fetch wrote no whole file.
#[derive(Debug, thiserror::Error)]
pub enum DownloadFailed {
    #[error(transparent)]
    Download(#[from] DownloadError),
    #[error("a temporary folder for the file could not be made: {0}")]
    Scratch(io::Error),
    #[error(transparent)]
    Workbook(#[from] WorkbookError),
    /// Whoever read the stream stopped reading: what was written is what was wanted.
    #[error("{name} was closed")]
    Closed { name: String },
    /// The stream broke off after `written` bytes, which stay written.
    #[error("{source}; the {} already written to {name} are not the whole file", crate::units::bytes(*.written))]
    Partial {
        source: DownloadError,
        written: u64,
        name: String,
    },
    /// The stop future resolved; the file was removed (a stream keeps what reached it).
    #[error("interrupted")]
    Interrupted,
}

/// Fetches the file behind `link` to `target`, counting up to `enough` of its rows, and notes
/// the file in `record`'s history against entry `entry`. A file is counted as its bytes pass
/// (read back only when that count was lost); a stream on the way, as it cannot be read back.
pub async fn download(
    client: &Client,
    link: &DownloadLink,
    (target, overwrite): (Target<'_>, bool),
    (record, entry): (&Record, Option<&str>),
    enough: u64,
    stop: &mut (dyn Future<Output = ()> + Unpin + Send),
    events: &mut (dyn FnMut(Event) + Send),
) -> Result<Fetched, DownloadFailed> {
    let noted = |path: &Path| record.fetched(entry, path);
    tokio::select! {
        fetched = fetch_to(client, link, (target, overwrite), &noted, enough, events) => fetched,
        () = stop => Err(DownloadFailed::Interrupted),
    }
}

/// The fetch itself; `noted` notes a file written in the history, before the file is news.
async fn fetch_to(
    client: &Client,
    link: &DownloadLink,
    (target, overwrite): (Target<'_>, bool),
    noted: &(dyn Fn(&Path) + Sync),
    enough: u64,
    events: &mut (dyn FnMut(Event) + Send),
) -> Result<Fetched, DownloadFailed> {
    match target {
        Target::Csv(path) => {
            let saved = save(client, link, path, overwrite, events).await?;
            let path = saved.path.clone();
            noted(&path);
            events(Event::Saved(saved.clone()));
            Ok(Fetched {
                bytes: saved.bytes,
                data_rows: count_rows(&saved, enough).await,
                path: Some(path),
            })
        }
        Target::Workbook { path, query } => {
            // The CSV is fetched beside nothing the person sees, then written as a workbook.
            let scratch = scratch_folder().map_err(DownloadFailed::Scratch)?;
            let csv = scratch.path().join("bills.csv");
            let saved = save(client, link, &csv, false, events).await?;
            let data_rows = count_rows(&saved, enough).await;
            let bytes = workbook_of(csv, query, Some(link.to_string()), path, overwrite).await?;
            let path = absolute(path);
            noted(&path);
            Ok(Fetched {
                bytes,
                data_rows,
                path: Some(path),
            })
        }
        Target::Stream { out, name } => {
            let mut out = Counted {
                inner: out,
                rows: RowCounter::new(enough),
                written: 0,
            };
            let mut progress = |p| events(Event::Progress(p));
            let streamed = client
                .stream_to(link, &mut out, Path::new(name), &mut progress)
                .await;
            match streamed {
                Ok(bytes) => Ok(Fetched {
                    bytes,
                    data_rows: Ok(out.rows.finish()),
                    path: None,
                }),
                Err(DownloadError::Io { source, .. })
                    if source.kind() == io::ErrorKind::BrokenPipe =>
                {
                    Err(DownloadFailed::Closed { name: name.into() })
                }
                Err(source) if out.written > 0 => Err(DownloadFailed::Partial {
                    source,
                    written: out.written,
                    name: name.into(),
                }),
                Err(e) => Err(e.into()),
            }
        }
    }
}

/// Fetches the file behind `link` to `path`, all or nothing; the path it gives is absolute.
async fn save(
    client: &Client,
    link: &DownloadLink,
    path: &Path,
    overwrite: bool,
    events: &mut (dyn FnMut(Event) + Send),
) -> Result<Downloaded, DownloadError> {
    let mut progress = |p| events(Event::Progress(p));
    let mut saved = client
        .download(link, path, overwrite, &mut progress)
        .await?;
    saved.path = absolute(&saved.path);
    Ok(saved)
}

/// The data rows of a download, up to `enough`: counted as its bytes passed, else (the count
/// lost) read back from its file.
pub async fn count_rows(saved: &Downloaded, enough: u64) -> io::Result<u64> {
    if let Some(rows) = saved.rows {
        return Ok(rows.min(enough));
    }
    let path = saved.path.clone();
    tokio::task::spawn_blocking(move || {
        std::fs::File::open(&path)
            .and_then(|file| count_data_rows(io::BufReader::new(file), enough))
    })
    .await
    .map_err(io::Error::other)?
}

/// A writer that counts the rows of what passes through it.
struct Counted<W> {
    inner: W,
    rows: RowCounter,
    written: u64,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for Counted<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let polled = Pin::new(&mut this.inner).poll_write(cx, buf);
        // Only what the writer took, so nothing is counted twice when the rest is written again.
        if let Poll::Ready(Ok(n)) = polled {
            this.rows.feed(&buf[..n]);
            this.written += n as u64;
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
