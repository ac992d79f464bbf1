//! Signed downloads: the link checked, the CSV of the query's rows streamed, faults injected.

use std::io;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use futures_util::StreamExt;
use serde::Deserialize;

use super::state::{Shared, error};
use crate::demo::faults::Fault;
use crate::demo::row::{BillRow, COLUMNS};

/// How long a truncated download pauses before its connection breaks.
const TRUNCATE_PAUSE: Duration = Duration::from_millis(300);

#[derive(Deserialize)]
pub(super) struct Signed {
    expires: Option<i64>,
    signature: Option<String>,
}

pub(super) async fn file(
    State(demo): State<Shared>,
    Path((id, name)): Path<(String, String)>,
    Query(signed): Query<Signed>,
) -> Response {
    let path = format!("/_demo/files/{id}/{name}");
    let (Some(expires), Some(signature)) = (signed.expires, signed.signature) else {
        return error(StatusCode::FORBIDDEN, "This link is not signed.");
    };
    if !demo.signer.verify(&path, expires, &signature) {
        return error(
            StatusCode::FORBIDDEN,
            "The link's signature does not match.",
        );
    }
    if unix_now() >= expires {
        return error(
            StatusCode::FORBIDDEN,
            "This download link has expired; request a new one.",
        );
    }
    let query = demo.files.lock().ok().and_then(|f| f.get(&id).cloned());
    let Some(query) = query else {
        return error(StatusCode::NOT_FOUND, "No such file.");
    };
    let rows = demo.book().await.select(&query).unwrap_or_default();
    let csv = match render_csv(&rows) {
        Ok(bytes) => Bytes::from(bytes),
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let copies = u64::from(demo.config.download_copies.max(1));
    if copies > 1 {
        // For benchmarks: the rows over and over, streamed, so a large file costs the server
        // no memory.
        let header_end = csv.iter().position(|b| *b == b'\n').map_or(0, |i| i + 1);
        let (head, rows) = (csv.slice(..header_end), csv.slice(header_end..));
        let length = head.len() as u64 + rows.len() as u64 * copies;
        let chunks = std::iter::once(head).chain(std::iter::repeat_n(rows, copies as usize));
        let body = Body::from_stream(futures_util::stream::iter(chunks.map(Ok::<_, io::Error>)));
        return csv_response(&name, length, body);
    }
    let length = csv.len();
    let body = if demo.faults.take(Fault::TruncateDownload) {
        // Half the bytes, a pause (so they reach the client before the break, and so a
        // client can cancel mid-download), then the connection breaks: the client sees a body
        // shorter than its Content-Length.
        let half = csv.slice(..length / 2);
        let pause = tokio::time::sleep(TRUNCATE_PAUSE);
        let broken = futures_util::stream::once(async move {
            pause.await;
            Err(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "truncated on purpose",
            ))
        });
        Body::from_stream(futures_util::stream::iter([Ok(half)]).chain(broken))
    } else {
        Body::from(csv)
    };
    csv_response(&name, length as u64, body)
}

pub(super) fn csv_response(name: &str, length: u64, body: Body) -> Response {
    Response::builder()
        .header(header::CONTENT_TYPE, "text/csv; charset=utf-8")
        .header(header::CONTENT_LENGTH, length)
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        )
        .body(body)
        .unwrap_or_else(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

pub(super) fn render_csv(rows: &[&BillRow]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::with_capacity(rows.len() * 400 + 600));
    out.write_record(COLUMNS)?;
    for row in rows {
        out.write_record(row.record())?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

pub(super) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
