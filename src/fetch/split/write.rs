//! The pieces merged into the target, all or nothing: a file, a workbook, or a stream, which
//! gets nothing until the merge is whole.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::io::AsyncWriteExt;

use super::SplitWhy;
use crate::fetch::workbook::workbook_of;
use crate::fetch::{Target, scratch_folder};
use crate::split::{MergeError, Merged, PieceStore, Pieces, merge_to_file};

/// Merges the pieces into `target`. Once the file is whole the pieces are done with (unless
/// `keep`); after a failure they stay for a resume, unless the stream closed (whoever read it
/// has what they wanted). A folder that cannot be removed goes after a day.
pub(super) async fn write(
    pieces: &Pieces,
    target: Target<'_>,
    overwrite: bool,
    keep: bool,
    store: &PieceStore,
) -> Result<Merged, SplitWhy> {
    let written = write_merged(&pieces.files, target, overwrite, store.dir()).await;
    let done = match &written {
        Ok(_) => !keep,
        Err(why) => matches!(why, SplitWhy::Closed { .. }),
    };
    if done {
        let _ = std::fs::remove_dir_all(store.dir());
    }
    written
}

/// Sets its flag when dropped: a cancelled fetch (its task aborted) tells the merge running
/// on another thread to write nothing.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

async fn write_merged(
    files: &[PathBuf],
    target: Target<'_>,
    overwrite: bool,
    store_dir: &Path,
) -> Result<Merged, SplitWhy> {
    let stop = Arc::new(AtomicBool::new(false));
    let _guard = StopOnDrop(stop.clone());
    let merged_into = |into: PathBuf, overwrite: bool| {
        let (files, stop) = (files.to_vec(), stop.clone());
        async move {
            tokio::task::spawn_blocking(move || merge_to_file(&files, &into, overwrite, &stop))
                .await
                .map_err(|e| SplitWhy::Task(e.to_string()))?
                .map_err(|e| {
                    // Pieces that cannot go together are no use kept: the next run asks again.
                    if matches!(e, MergeError::Columns(_)) {
                        let _ = std::fs::remove_dir_all(store_dir);
                    }
                    SplitWhy::Merge(e)
                })
        }
    };
    // A workbook or a stream is made from the whole CSV, merged where no one sees it.
    let in_scratch = || async {
        let scratch = scratch_folder().map_err(SplitWhy::Scratch)?;
        let csv = scratch.path().join("bills.csv");
        let merged = merged_into(csv.clone(), false).await?;
        Ok::<_, SplitWhy>((scratch, csv, merged))
    };
    match target {
        Target::Csv(path) => merged_into(path.to_path_buf(), overwrite).await,
        Target::Workbook { path, query } => {
            let (_scratch, csv, merged) = in_scratch().await?;
            let bytes = workbook_of(csv, query, None, path, overwrite)
                .await
                .map_err(SplitWhy::Workbook)?;
            Ok(Merged { bytes, ..merged })
        }
        Target::Stream { out, name } => {
            let (_scratch, csv, merged) = in_scratch().await?;
            let copied = async {
                let mut file = tokio::fs::File::open(&csv).await?;
                tokio::io::copy(&mut file, out).await?;
                out.flush().await
            };
            match copied.await {
                Ok(()) => Ok(merged),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(SplitWhy::Closed {
                    name: name.to_string(),
                }),
                Err(source) => Err(SplitWhy::Stream {
                    name: name.to_string(),
                    source,
                }),
            }
        }
    }
}
