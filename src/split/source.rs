//! Pieces from m3ter: each a submit for its own link, then the file behind it.

use std::path::Path;

use super::run::{PieceError, PieceSource};
use crate::m3ter::{Client, DownloadError, SubmitEvent};
use crate::query::BillQuery;

/// Fetches pieces through `client`: its token serves every piece, and its rate limit paces
/// them. A download that breaks off is tried again with a fresh link, as many times as the
/// client retries a request.
pub struct ClientSource<'a> {
    pub client: &'a Client,
}

impl PieceSource for ClientSource<'_> {
    async fn fetch(
        &mut self,
        query: &BillQuery,
        path: &Path,
        news: &mut (dyn FnMut(SubmitEvent) + Send),
    ) -> Result<(), PieceError> {
        let retries = self.client.settings().retry.max_retries;
        let mut attempt = 0;
        loop {
            let link = self.client.submit(query, news).await?;
            match self.client.download(&link, path, true, &mut |_| {}).await {
                Ok(_) => return Ok(()),
                Err(e) if attempt < retries && passing(&e) => {
                    attempt += 1;
                    log::info!("a piece's download failed ({e}); asking for it again");
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
}

/// Whether a failed download may work if tried again.
fn passing(error: &DownloadError) -> bool {
    match error {
        DownloadError::Truncated { .. } | DownloadError::Network(_) => true,
        DownloadError::Http { status, .. } => *status >= 500,
        _ => false,
    }
}
