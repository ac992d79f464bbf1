//! m3ter's lists of accounts and products, read whole: every page at the largest size m3ter
//! allows, following `nextToken` (or, for the accounts' search, `fromDocument`), each page read
//! up to the answer bound, the whole list up to [`MOST_LISTED`] entries.

use serde::Deserialize;

use super::client::Client;
use super::error::ApiError;
use super::events::SubmitEvent;

/// The most entries a list is read to: far past any organization's accounts, and a bound on
/// what a server that pages for ever can make the tool hold.
pub const MOST_LISTED: usize = 1_000_000;

/// An account or a product, as a lookup needs it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Listed {
    pub id: String,
    /// An account's code is what a bill query's `account` filter takes.
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    /// An account's parent, by id.
    #[serde(default)]
    pub parent_account_id: Option<String>,
    /// An account's billing currency.
    #[serde(default)]
    pub currency: Option<String>,
}

/// What a list has read so far, for a long list's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListProgress {
    pub pages: usize,
    pub entries: usize,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    #[serde(default)]
    data: Vec<Listed>,
    #[serde(default)]
    next_token: Option<String>,
}

/// What is listed, and how its pages are asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Accounts,
    Products,
}

impl ListKind {
    fn path(self) -> &'static str {
        match self {
            ListKind::Accounts => "accounts",
            ListKind::Products => "products",
        }
    }

    /// The largest page m3ter gives of this list.
    pub fn page_size(self) -> usize {
        match self {
            ListKind::Accounts => 100,
            ListKind::Products => 200,
        }
    }
}

const EXPECTED: &str = "expected {\"data\": [...], \"nextToken\": ...}";

impl Client {
    /// Every entry of `kind`, page by page; `progress` hears after each page.
    pub async fn list(
        &self,
        kind: ListKind,
        progress: &mut (dyn FnMut(ListProgress) + Send),
        events: &mut (dyn FnMut(SubmitEvent) + Send),
    ) -> Result<Vec<Listed>, ApiError> {
        let mut listed = Vec::new();
        let mut next: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut query = vec![("pageSize", kind.page_size().to_string())];
            if let Some(token) = next.take() {
                query.push(("nextToken", token));
            }
            let page: Page = self.get_json(kind.path(), &query, EXPECTED, events).await?;
            pages += 1;
            let empty = page.data.is_empty();
            listed.extend(page.data);
            progress(ListProgress {
                pages,
                entries: listed.len(),
            });
            match page.next_token.filter(|t| !t.is_empty()) {
                Some(token) if !empty && listed.len() < MOST_LISTED => next = Some(token),
                _ => break,
            }
        }
        listed.truncate(MOST_LISTED);
        Ok(listed)
    }

    /// The accounts whose name starts with `prefix` (m3ter's `name~` search, case ignored),
    /// every page of them.
    pub async fn search_accounts(
        &self,
        prefix: &str,
        events: &mut (dyn FnMut(SubmitEvent) + Send),
    ) -> Result<Vec<Listed>, ApiError> {
        let size = ListKind::Accounts.page_size();
        let mut found: Vec<Listed> = Vec::new();
        loop {
            let query = [
                ("searchQuery", format!("name~{prefix}")),
                ("pageSize", size.to_string()),
                ("fromDocument", found.len().to_string()),
            ];
            let page: Page = self
                .get_json("accounts/search", &query, EXPECTED, events)
                .await?;
            let got = page.data.len();
            found.extend(page.data);
            if got < size || found.len() >= MOST_LISTED {
                break;
            }
        }
        found.truncate(MOST_LISTED);
        Ok(found)
    }
}
