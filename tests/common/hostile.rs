//! An m3ter stand-in that misbehaves on purpose: endless bodies, huge messages, links with
//! user info, downloads that are empty, a web page, or never end.
//!
//! The way it misbehaves is chosen by the first part of the base URL's path (a client asks for
//! `{base}/oauth/token` and `{base}/organizations/{org}/...`), so one server serves every case.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

/// The organization id every case uses.
pub const ORG: &str = "org-hostile";

/// A password in a download link, which must show up nowhere.
pub const LINK_PASSWORD: &str = "hunter2-link-password";

/// The hostile server, on its own runtime.
pub struct Hostile {
    address: std::net::SocketAddr,
    requests: Arc<AtomicU64>,
    _runtime: tokio::runtime::Runtime,
}

impl Hostile {
    pub fn start() -> Hostile {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime for the hostile server");
        let requests = Arc::new(AtomicU64::new(0));
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("a loopback port");
        let address = listener.local_addr().expect("the port's address");
        let app = Router::new()
            .route("/{case}/oauth/token", post(token))
            .route(
                "/{case}/organizations/{org}/dataexplorer/bills/download/csv",
                post(submit),
            )
            .route("/files/{case}", get(file))
            .with_state(Shared {
                address,
                requests: requests.clone(),
            });
        runtime.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Hostile {
            address,
            requests,
            _runtime: runtime,
        }
    }

    /// The base URL of one case: `endless-token`, `endless-error`, `huge-message`,
    /// `userinfo-link`, or `download-` and a file case (`endless`, `endless-error`, `empty`,
    /// `html`).
    pub fn base(&self, case: &str) -> String {
        format!("http://{}/{case}", self.address)
    }

    /// How many requests it has had.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }
}

#[derive(Clone)]
struct Shared {
    address: std::net::SocketAddr,
    requests: Arc<AtomicU64>,
}

/// A body that never ends: `start`, then `chunk` for ever, as fast as it is read.
fn endless(start: &'static [u8], chunk: &'static [u8]) -> Body {
    let first = futures_util::stream::once(async move { Ok::<_, Infallible>(Bytes::from(start)) });
    let rest = futures_util::stream::repeat_with(move || Ok(Bytes::from(chunk)));
    Body::from_stream(futures_util::StreamExt::chain(first, rest))
}

const KB_OF_X: &[u8] = &[b'x'; 1024];

async fn token(State(s): State<Shared>, Path(case): Path<String>) -> Response {
    s.requests.fetch_add(1, Ordering::Relaxed);
    if case == "endless-token" {
        return (StatusCode::OK, endless(b"{\"access_token\": \"", KB_OF_X)).into_response();
    }
    (
        StatusCode::OK,
        [("content-type", "application/json")],
        r#"{"access_token": "hostile-token", "expires_in": 3600, "token_type": "Bearer"}"#,
    )
        .into_response()
}

async fn submit(State(s): State<Shared>, Path((case, _org)): Path<(String, String)>) -> Response {
    s.requests.fetch_add(1, Ordering::Relaxed);
    let link = |url: String| {
        (
            StatusCode::OK,
            [("content-type", "application/json")],
            serde_json::json!({ "downloadUrl": url }).to_string(),
        )
            .into_response()
    };
    match case.as_str() {
        "endless-error" => (
            StatusCode::INTERNAL_SERVER_ERROR,
            endless(b"{\"message\": \"", KB_OF_X),
        )
            .into_response(),
        "huge-message" => {
            // Ten megabytes of message, with a bidirectional override, a zero-width space and
            // an escape sequence in its first line, written as JSON escapes (as many servers
            // write anything outside ASCII).
            let body = format!(
                r#"{{"message": "Refused \u202eevil\u200b \u001b]0;pwned\u0007{}"}}"#,
                "y".repeat(10_000_000)
            );
            (
                StatusCode::BAD_REQUEST,
                [("content-type", "application/json")],
                body,
            )
                .into_response()
        }
        "userinfo-link" => link(format!(
            "http://analyst:{LINK_PASSWORD}@{}/files/endless",
            s.address
        )),
        other => match other.strip_prefix("download-") {
            Some(file) => link(format!("http://{}/files/{file}", s.address)),
            None => StatusCode::NOT_FOUND.into_response(),
        },
    }
}

async fn file(State(s): State<Shared>, Path(case): Path<String>) -> Response {
    s.requests.fetch_add(1, Ordering::Relaxed);
    match case.as_str() {
        // A row every 50 ms for ever: never silent long enough for the silence timeout.
        "endless" => {
            let header = futures_util::stream::once(async {
                Ok::<_, Infallible>(Bytes::from_static(b"account,subtotal,billCurrency\n"))
            });
            let rows = futures_util::stream::unfold((), |()| async {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                Some((Ok(Bytes::from_static(b"acme,1.00,USD\n")), ()))
            });
            let body = Body::from_stream(futures_util::StreamExt::chain(header, rows));
            (StatusCode::OK, body).into_response()
        }
        "endless-error" => (
            StatusCode::INTERNAL_SERVER_ERROR,
            endless(b"<html><body>", KB_OF_X),
        )
            .into_response(),
        "empty" => (StatusCode::OK, "").into_response(),
        "html" => (
            StatusCode::OK,
            "<html><body>Sign in to continue</body></html>\n",
        )
            .into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}
