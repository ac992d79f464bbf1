//! The order of a split fetch: which pieces to ask for, which to cut again, when to stop.

use std::collections::VecDeque;
use std::future::Future;
use std::path::{Path, PathBuf};

use chrono::Utc;

use super::store::{PieceStore, Recorded, sha256_of};
use crate::m3ter::{ApiError, DownloadError, SubmitEvent};
use crate::query::{BillQuery, DateRange, Limit, SplitMode, halves, piece_label};
use crate::rows::count_data_rows;

/// Where pieces come from: m3ter through a client ([`super::ClientSource`]), or a stand-in in
/// tests.
pub trait PieceSource {
    /// Fetches the answer to `query` (one piece) into `path`, replacing what is there.
    fn fetch(
        &mut self,
        query: &BillQuery,
        path: &Path,
        news: &mut (dyn FnMut(SubmitEvent) + Send),
    ) -> impl Future<Output = Result<(), PieceError>> + Send;
}

/// Why a piece could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum PieceError {
    #[error("{0}")]
    Api(#[from] ApiError),
    #[error("{0}")]
    Download(#[from] DownloadError),
    #[error("its file could not be read: {0}")]
    Read(#[from] std::io::Error),
}

/// A split fetch that did not finish.
#[derive(Debug, thiserror::Error)]
pub enum SplitError {
    /// A piece failed; the pieces before it are kept for a resume.
    #[error("{label}: {source}")]
    Piece {
        label: String,
        source: PieceError,
        /// Pieces fetched and kept.
        kept: usize,
    },
    /// The cache folder could not be written.
    #[error("the pieces could not be kept in {}: {source}", .dir.display())]
    Store {
        dir: PathBuf,
        source: std::io::Error,
    },
}

impl SplitError {
    /// Whether the pieces fetched so far are kept for a resume.
    pub fn kept(&self) -> usize {
        match self {
            SplitError::Piece { kept, .. } => *kept,
            SplitError::Store { .. } => 0,
        }
    }
}

/// What to fetch: the query (its limit what a cut is measured against), the pieces to ask for
/// first, and whether a cut piece is cut again.
#[derive(Debug, Clone)]
pub struct Plan {
    pub query: BillQuery,
    pub first: Vec<DateRange>,
    pub deeper: bool,
}

impl Plan {
    /// The plan for `query` split by `mode`. A cut can be seen only against a limit, so `auto`
    /// asks for the largest m3ter gives when the query sets none.
    pub fn new(query: &BillQuery, mode: SplitMode) -> Plan {
        let query = match (mode, query.limit()) {
            (SplitMode::Auto, None) => query.with_limit(largest_limit()),
            _ => query.clone(),
        };
        Plan {
            first: mode.first_pieces(query.range()),
            deeper: mode.goes_deeper(),
            query,
        }
    }

    /// The plan after the whole range came back cut: the months, cut again where needed (or
    /// the halves, for a range within a month).
    pub fn after_cut(query: &BillQuery) -> Plan {
        let mut plan = Plan::new(query, SplitMode::Month);
        if plan.first.len() == 1 {
            plan.first = halves(query.range()).map_or(plan.first, |(a, b)| vec![a, b]);
        }
        plan.deeper = true;
        plan.query = match query.limit() {
            Some(_) => query.clone(),
            None => query.with_limit(largest_limit()),
        };
        plan
    }
}

fn largest_limit() -> Limit {
    Limit::new(i64::from(Limit::MAX)).unwrap_or_else(|_| unreachable!("2000 is a limit"))
}

/// How a split fetch is going.
#[derive(Debug, Clone, PartialEq)]
pub enum News {
    /// Piece `index` of the `of` known so far is being fetched (or taken from an earlier run).
    Piece {
        index: usize,
        of: usize,
        range: DateRange,
        rows_so_far: u64,
        reused: bool,
    },
    /// A step of the piece's request (a wait under the rate limit, a retry).
    Submit(SubmitEvent),
    /// The piece held exactly the limit, and is fetched again in two halves.
    Cut { range: DateRange, rows: u64 },
}

/// The pieces of a finished split fetch, in time order, ready to merge.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pieces {
    pub files: Vec<PathBuf>,
    /// Pieces that still held exactly the limit where they could be cut no more: the merged
    /// file may lack some of their lines.
    pub still_cut: Vec<DateRange>,
    /// Requests sent to m3ter by this run.
    pub requests: u32,
    /// Pieces of the file taken from an earlier run.
    pub reused: usize,
    /// Data rows over all pieces, before lines found in two pieces are counted once.
    pub rows: u64,
}

/// Fetches the pieces of `plan` in time order, each kept in `store` as it comes, and says
/// how it goes through `news`. A piece that fails ends the run; those fetched are kept.
///
/// A cut piece is fetched again as two halves. When both halves hold the very lines of the
/// whole, m3ter does not narrow those lines by date, and cutting further would only ask the
/// same again: the whole is kept, and said to be cut. (One half alone the same as the whole
/// proves nothing: the lines m3ter keeps may all fall in that half.)
pub async fn fetch_pieces<S: PieceSource>(
    source: &mut S,
    plan: &Plan,
    store: &mut PieceStore,
    news: &mut (dyn FnMut(News) + Send),
) -> Result<Pieces, SplitError> {
    let mut queue: VecDeque<DateRange> = plan.first.iter().copied().collect();
    let mut run = Run {
        source,
        query: &plan.query,
        limit: plan.query.limit().map(|l| u64::from(l.get())),
        store,
        fetched: Vec::new(),
        requests: 0,
    };
    let mut out = Pieces::default();
    let mut index = 0;
    while let Some(range) = queue.pop_front() {
        index += 1;
        let from_before = run.is_from_before(range);
        news(News::Piece {
            index,
            of: index + queue.len(),
            range,
            rows_so_far: out.rows,
            reused: from_before,
        });
        let piece = run.get(range, news).await?;
        if piece.cut
            && plan.deeper
            && let Some((first, second)) = halves(range)
        {
            news(News::Cut {
                range,
                rows: piece.rows,
            });
            let a = run.get(first, news).await?;
            let b = run.get(second, news).await?;
            let same = |half: &Recorded| half.cut && half.digest == piece.digest;
            if !(same(&a) && same(&b)) {
                queue.push_front(second);
                queue.push_front(first);
                continue;
            }
        }
        if piece.cut {
            out.still_cut.push(range);
        }
        // Counted where it goes into the file: a cut whole replaced by its halves does not.
        out.reused += usize::from(from_before);
        out.files.push(run.store.path_of(&piece));
        out.rows += piece.rows;
    }
    out.requests = run.requests;
    Ok(out)
}

/// A split fetch under way: where pieces come from and go to, and what this run asked for.
struct Run<'a, S> {
    source: &'a mut S,
    query: &'a BillQuery,
    limit: Option<u64>,
    store: &'a mut PieceStore,
    /// The pieces this run fetched (the others in the store are from an earlier one).
    fetched: Vec<DateRange>,
    requests: u32,
}

impl<S: PieceSource> Run<'_, S> {
    fn is_from_before(&self, range: DateRange) -> bool {
        self.store.known(range).is_some() && !self.fetched.contains(&range)
    }

    /// The piece of `range`: kept, or fetched now and kept.
    async fn get(
        &mut self,
        range: DateRange,
        news: &mut (dyn FnMut(News) + Send),
    ) -> Result<Recorded, SplitError> {
        if let Some(piece) = self.store.known(range) {
            return Ok(piece.clone());
        }
        self.requests += 1;
        let kept = self.store.kept();
        let fail = |source| SplitError::Piece {
            label: piece_label(range),
            source,
            kept,
        };
        let path = self.store.path_for(range);
        let mut relay = |event| news(News::Submit(event));
        self.source
            .fetch(&self.query.over(range), &path, &mut relay)
            .await
            .map_err(fail)?;
        let (rows, sha256) = look_at(path.clone())
            .await
            .map_err(|e| fail(PieceError::Read(e)))?;
        let cut = self.limit == Some(rows);
        let piece = Recorded {
            start: range.start(),
            end: range.end(),
            file: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            rows,
            cut,
            digest: cut.then(|| sha256.clone()),
            sha256,
            fetched: Utc::now(),
        };
        self.store
            .record(piece.clone())
            .map_err(|source| SplitError::Store {
                dir: self.store.dir().to_path_buf(),
                source,
            })?;
        self.fetched.push(range);
        Ok(piece)
    }
}

/// The data rows of a piece's file and the SHA-256 of its bytes: what a resume checks the
/// piece against, and (for a piece that holds exactly the limit) what its halves are compared
/// by. Read as the tool's own file: a plain file, no link followed.
async fn look_at(path: PathBuf) -> std::io::Result<(u64, String)> {
    tokio::task::spawn_blocking(move || {
        let open = || {
            crate::own_files::open_to_read(&path)?
                .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
        };
        let rows = count_data_rows(std::io::BufReader::new(open()?), u64::MAX)?;
        let sha256 = sha256_of(&mut open()?)?;
        Ok((rows, sha256))
    })
    .await
    .map_err(std::io::Error::other)?
}
