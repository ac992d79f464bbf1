//! The Data Explorer endpoints: the request checked with the API's own rules, answered with a
//! signed download link (or the bill lines themselves), under the rate limit.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::json;

use super::files::unix_now;
use super::state::{Demo, Hangup, Shared, authorized, error};
use crate::demo::faults::Fault;
use crate::query::{BillQuery, BodySource, draft_from_json, validate};

/// What every Data Explorer call goes through, in m3ter's order: the token, the org, the rate
/// limit, then the body. Faults are produced here too. Returns the query, or the answer to
/// give instead.
pub(super) async fn data_explorer(
    demo: &Demo,
    org: &str,
    headers: &HeaderMap,
    hangup: &Hangup,
    route: &str,
    body: &Bytes,
) -> Result<BillQuery, Response> {
    let bearer = authorized(demo, org, headers).map_err(IntoResponse::into_response)?;
    if demo.faults.take(Fault::ExpireToken) {
        if let Ok(mut tokens) = demo.tokens.lock() {
            tokens.remove(bearer);
        }
        return Err(error(
            StatusCode::FORBIDDEN,
            "Forbidden: the access token is invalid or has expired.",
        ));
    }
    if let Some(bucket) = &demo.bucket {
        let taken = bucket.lock().map(|mut b| b.try_take(Instant::now()));
        if let Ok(Err(wait)) = taken {
            return Err(too_many_requests(wait.as_secs_f64().ceil().max(1.0) as u64));
        }
    }
    if demo.faults.take(Fault::DropConnection) {
        demo.stats.record(route, "dropped");
        hangup.0.notify_one();
        std::future::pending::<()>().await;
    }
    if demo.faults.take(Fault::Slow) {
        tokio::time::sleep(demo.config.slow_delay).await;
    } else if demo.faults.take(Fault::RateLimit) {
        return Err(too_many_requests(1));
    } else if demo.faults.take(Fault::ServerError) {
        return Err(error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal server error. Please try again later.",
        ));
    }
    let text = std::str::from_utf8(body).map_err(|_| {
        error(
            StatusCode::BAD_REQUEST,
            "The request body is not UTF-8 text.",
        )
    })?;
    let draft = draft_from_json(text, BodySource::Wire)
        .map_err(|e| error(StatusCode::BAD_REQUEST, e.to_string()))?;
    validate(&draft, chrono::Utc::now()).map_err(|problems| {
        let words: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
        error(StatusCode::BAD_REQUEST, words.join(" "))
    })
}

pub(super) fn too_many_requests(seconds: u64) -> Response {
    let mut response = error(
        StatusCode::TOO_MANY_REQUESTS,
        "Too many requests: the Data Explorer allows 1 request a second, in bursts of up to 10.",
    );
    if let Ok(value) = seconds.to_string().parse() {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

pub(super) async fn download_csv(
    State(demo): State<Shared>,
    Path(org): Path<String>,
    Extension(hangup): Extension<Hangup>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let route = "POST /organizations/{org}/dataexplorer/bills/download/csv";
    let query = match data_explorer(&demo, &org, &headers, &hangup, route, &body).await {
        Ok(q) => q,
        Err(answer) => return answer,
    };
    if let Err(e) = demo.book().await.select(&query) {
        return error(StatusCode::BAD_REQUEST, e.to_string());
    }
    if demo.faults.take(Fault::InvalidJson) {
        return (
            [(header::CONTENT_TYPE, "application/json")],
            "<html><body>502 Bad Gateway</body></html>",
        )
            .into_response();
    }
    if demo.faults.take(Fault::BadLink) {
        let served = demo.stats.snapshot().total_requests;
        let link = if served % 2 == 0 {
            "file:///etc/passwd"
        } else {
            "javascript:alert(document.cookie)"
        };
        return Json(json!({ "downloadUrl": link })).into_response();
    }
    let id = format!("{:032x}", rand::random::<u128>());
    let range = query.range();
    let name = format!(
        "bills_{}_{}.csv",
        range.start().format("%Y-%m-%d"),
        range.end().format("%Y-%m-%d")
    );
    if let Ok(mut files) = demo.files.lock() {
        files.insert(id.clone(), query);
    }
    let path = format!("/_demo/files/{id}/{name}");
    let expires = unix_now() + demo.config.link_ttl.as_secs() as i64;
    let signature = demo.signer.sign(&path, expires);
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or(&demo.fallback_host);
    Json(json!({
        "downloadUrl": format!("http://{host}{path}?expires={expires}&signature={signature}")
    }))
    .into_response()
}

pub(super) async fn bills(
    State(demo): State<Shared>,
    Path(org): Path<String>,
    Extension(hangup): Extension<Hangup>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let route = "POST /organizations/{org}/dataexplorer/bills";
    let query = match data_explorer(&demo, &org, &headers, &hangup, route, &body).await {
        Ok(q) => q,
        Err(answer) => return answer,
    };
    match demo.book().await.select(&query) {
        Ok(rows) => {
            let values: Vec<_> = rows.iter().map(|r| r.bill_data()).collect();
            Json(json!({ "values": values })).into_response()
        }
        Err(e) => error(StatusCode::BAD_REQUEST, e.to_string()),
    }
}
