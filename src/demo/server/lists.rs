//! The Config API's list endpoints, as m3ter answers them: `GET .../accounts` and
//! `GET .../products` paged by `nextToken` (1..=100 and 1..=200 a page, the default 10 and
//! 100), and `GET .../accounts/search` paged by `fromDocument` (1..=100, default 10).

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::state::{Demo, Refusal, Shared, authorized};
use crate::demo::lists::{accounts as all_accounts, products as all_products, search};

/// One page of a list, in m3ter's shape: no `nextToken` on the last page.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Page<'a, T> {
    data: &'a [T],
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// The page size asked for, checked against `largest` (m3ter refuses a size out of range).
fn page_size(
    params: &HashMap<String, String>,
    default: usize,
    largest: usize,
) -> Result<usize, Refusal> {
    let Some(text) = params.get("pageSize") else {
        return Ok(default);
    };
    match text.trim().parse::<usize>() {
        Ok(size) if (1..=largest).contains(&size) => Ok(size),
        _ => Err(Refusal::bad_request(format!(
            "pageSize must be a whole number from 1 to {largest}; got {text:?}."
        ))),
    }
}

/// Where a page starts: the offset a `nextToken` (or `fromDocument`) names.
fn start(params: &HashMap<String, String>, name: &str) -> Result<usize, Refusal> {
    match params.get(name) {
        None => Ok(0),
        Some(text) => text
            .strip_prefix("demo-")
            .unwrap_or(text)
            .parse()
            .map_err(|_| {
                Refusal::bad_request(format!("{name} {text:?} is not one this list gave out."))
            }),
    }
}

/// `items` from `from`, `size` of them, with the token of the next page when there is one.
fn page<T: Serialize>(items: &[T], from: usize, size: usize) -> Response {
    let end = from.saturating_add(size).min(items.len());
    let data = items.get(from.min(end)..end).unwrap_or_default();
    let next_token = (end < items.len()).then(|| format!("demo-{end}"));
    Json(Page { data, next_token }).into_response()
}

/// What every list call goes through: the token and the org, then the page asked for, as
/// (size, first entry); `sizes` is the default page size and the largest, `token` the name
/// of the parameter that says where the page starts.
fn asked(
    demo: &Demo,
    org: &str,
    headers: &HeaderMap,
    params: &HashMap<String, String>,
    (default, largest): (usize, usize),
    token: &str,
) -> Result<(usize, usize), Refusal> {
    authorized(demo, org, headers)?;
    Ok((page_size(params, default, largest)?, start(params, token)?))
}

pub(super) async fn accounts(
    State(demo): State<Shared>,
    Path(org): Path<String>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let asked = asked(&demo, &org, &headers, &params, (10, 100), "nextToken");
    let (size, from) = match asked {
        Ok(asked) => asked,
        Err(refusal) => return refusal.into_response(),
    };
    page(&all_accounts(demo.seed()), from, size)
}

pub(super) async fn products(
    State(demo): State<Shared>,
    Path(org): Path<String>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let asked = asked(&demo, &org, &headers, &params, (100, 200), "nextToken");
    let (size, from) = match asked {
        Ok(asked) => asked,
        Err(refusal) => return refusal.into_response(),
    };
    page(&all_products(demo.seed()), from, size)
}

pub(super) async fn search_accounts(
    State(demo): State<Shared>,
    Path(org): Path<String>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let asked = asked(&demo, &org, &headers, &params, (10, 100), "fromDocument");
    let (size, from) = match asked {
        Ok(asked) => asked,
        Err(refusal) => return refusal.into_response(),
    };
    let listed = all_accounts(demo.seed());
    let query = params.get("searchQuery").map_or("", String::as_str);
    match search(&listed, query) {
        Some(found) => {
            let found: Vec<_> = found.into_iter().cloned().collect();
            page(&found, from, size)
        }
        None => Refusal::bad_request(format!(
            "searchQuery {query:?} is not one the demo understands (name~, code~, currency:)."
        ))
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    fn asked(size: &str) -> HashMap<String, String> {
        HashMap::from([("pageSize".to_string(), size.to_string())])
    }

    #[test]
    fn a_page_size_out_of_m3ters_bounds_is_refused() {
        assert_eq!(page_size(&HashMap::new(), 10, 100).ok(), Some(10));
        assert_eq!(page_size(&asked("100"), 10, 100).ok(), Some(100));
        for bad in ["0", "101", "-1", "ten"] {
            let refusal = page_size(&asked(bad), 10, 100).unwrap_err();
            assert_eq!(refusal.0, StatusCode::BAD_REQUEST, "{bad}");
        }
        assert_eq!(page_size(&asked("200"), 100, 200).ok(), Some(200));
    }

    #[test]
    fn pages_follow_one_another_and_the_last_has_no_token() {
        let from = |token: &str| {
            start(
                &HashMap::from([("nextToken".to_string(), token.to_string())]),
                "nextToken",
            )
        };
        assert_eq!(from("demo-100").ok(), Some(100));
        assert!(from("forged").is_err());
        let items: Vec<u32> = (0..250).collect();
        let body = |r: Response| async move {
            let bytes = axum::body::to_bytes(r.into_body(), 1 << 20).await.unwrap();
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let first = rt.block_on(body(page(&items, 0, 200)));
        assert_eq!(first["data"].as_array().unwrap().len(), 200);
        assert_eq!(first["nextToken"], "demo-200");
        let last = rt.block_on(body(page(&items, 200, 200)));
        assert_eq!(last["data"].as_array().unwrap().len(), 50);
        assert!(last.get("nextToken").is_none());
    }
}
