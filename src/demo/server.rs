//! The demo's HTTP server: m3ter's token and Data Explorer endpoints, signed downloads, and
//! the stats endpoint, with faults injected on request.

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use base64::Engine;
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot};

use super::DemoConfig;
use super::bills::BillBook;
use super::faults::{Fault, Faults};
use super::row::{BillRow, COLUMNS};
use super::seed::Seed;
use super::signing::Signer;
use super::stats::Stats;
use crate::query::{BillQuery, BodySource, draft_from_json, validate};
use crate::throttle::TokenBucket;

/// How long a truncated download pauses before its connection breaks.
const TRUNCATE_PAUSE: Duration = Duration::from_millis(300);

/// A running demo server. Dropping it stops accepting connections.
pub struct DemoServer {
    addr: SocketAddr,
    config: DemoConfig,
    state: Shared,
    stop: Option<oneshot::Sender<()>>,
}

impl DemoServer {
    /// Binds `listen` (port 0 picks a free one) and serves in the background on the current
    /// tokio runtime.
    pub async fn start(config: DemoConfig, listen: SocketAddr) -> io::Result<DemoServer> {
        let listener = TcpListener::bind(listen).await?;
        let addr = listener.local_addr()?;
        let today = config
            .today
            .unwrap_or_else(|| chrono::Utc::now().date_naive());
        let state = Arc::new(Demo {
            book: tokio::sync::OnceCell::new(),
            today,
            faults: Faults::new(config.faults.clone()),
            bucket: config
                .rate
                .map(|r| Mutex::new(TokenBucket::new(r, Instant::now()))),
            tokens: Mutex::new(HashMap::new()),
            files: Mutex::new(HashMap::new()),
            signer: Signer::new(),
            stats: Stats::default(),
            config: config.clone(),
            fallback_host: public_addr(addr).to_string(),
        });
        let (stop, stopped) = oneshot::channel();
        tokio::spawn(accept(listener, router(state.clone()), stopped));
        Ok(DemoServer {
            addr,
            config,
            state,
            stop: Some(stop),
        })
    }

    /// Makes the bill data in the background now rather than on the first request. It takes
    /// tens of milliseconds of a core; the screen calls this after its first frame, so the two
    /// do not compete.
    pub fn warm_up(&self) {
        let state = self.state.clone();
        tokio::spawn(async move {
            state.book().await;
        });
    }

    /// The address to reach it at (a loopback address when it listens on every interface).
    pub fn addr(&self) -> SocketAddr {
        public_addr(self.addr)
    }

    /// `http://127.0.0.1:PORT`, the value for `M3TER_BASE_URL`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr())
    }

    pub fn config(&self) -> &DemoConfig {
        &self.config
    }

    /// Four lines a shell can `eval` to point m3ter-bills (or an m3ter SDK) at this server.
    pub fn exports(&self) -> String {
        format!(
            "export M3TER_BASE_URL={}\nexport M3TER_ORG_ID={}\nexport M3TER_API_KEY={}\nexport M3TER_API_SECRET={}\n",
            self.base_url(),
            self.config.org_id,
            self.config.api_key,
            self.config.api_secret
        )
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn public_addr(addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() {
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
    } else {
        addr
    }
}

/// Lets a handler close its own connection without answering (the `drop-connection` fault).
#[derive(Clone)]
struct Hangup(Arc<Notify>);

/// Serves each connection with hyper directly (rather than `axum::serve`) so that a handler
/// can drop its connection on purpose.
async fn accept(listener: TcpListener, app: Router, mut stopped: oneshot::Receiver<()>) {
    loop {
        let stream = tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: pause rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let hangup = Arc::new(Notify::new());
        let app = app.clone().layer(Extension(Hangup(hangup.clone())));
        tokio::spawn(async move {
            let service = hyper_util::service::TowerToHyperService::new(app);
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::select! {
                _ = connection => {}
                _ = hangup.notified() => {}
            }
        });
    }
}

struct Demo {
    config: DemoConfig,
    /// The bill lines, made in the background from start-up, so a program that starts the demo
    /// in-process shows its screen without waiting for them.
    book: tokio::sync::OnceCell<BillBook>,
    today: chrono::NaiveDate,
    faults: Faults,
    bucket: Option<Mutex<TokenBucket>>,
    /// Access tokens and when they expire.
    tokens: Mutex<HashMap<String, Instant>>,
    /// Prepared downloads by id: the query whose rows the file holds.
    files: Mutex<HashMap<String, BillQuery>>,
    signer: Signer,
    stats: Stats,
    fallback_host: String,
}

type Shared = Arc<Demo>;

impl Demo {
    /// The bill lines, waiting for them if they are still being made.
    async fn book(&self) -> &BillBook {
        let today = self.today;
        self.book
            .get_or_init(|| async move {
                tokio::task::spawn_blocking(move || BillBook::generate(&Seed::builtin(), today))
                    .await
                    .unwrap_or_else(|_| BillBook::generate(&Seed::builtin(), today))
            })
            .await
    }
}

fn router(state: Shared) -> Router {
    Router::new()
        .route("/oauth/token", post(token))
        .route(
            "/organizations/{org}/dataexplorer/bills/download/csv",
            post(download_csv),
        )
        .route("/organizations/{org}/dataexplorer/bills", post(bills))
        .route("/_demo/files/{id}/{name}", get(file))
        .route("/_demo/stats", get(stats))
        .layer(middleware::from_fn_with_state(state.clone(), count))
        .with_state(state)
}

/// Counts every answer by route and status (the stats endpoint itself is not counted).
async fn count(State(demo): State<Shared>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let method = request.method().clone();
    let response = next.run(request).await;
    if route != "/_demo/stats" {
        log::info!("demo answered {method} {route}: {}", response.status());
        demo.stats
            .record(&format!("{method} {route}"), response.status().as_str());
    }
    response
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "message": message.into() }))).into_response()
}

async fn stats(State(demo): State<Shared>) -> Response {
    Json(demo.stats.snapshot()).into_response()
}

#[derive(Deserialize)]
struct GrantRequest {
    grant_type: Option<String>,
}

async fn token(State(demo): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let Some((key, secret)) = basic_credentials(&headers) else {
        return error(
            StatusCode::UNAUTHORIZED,
            "Missing client credentials: send the API key and secret with HTTP Basic authentication.",
        );
    };
    if key != demo.config.api_key || secret != demo.config.api_secret {
        return error(StatusCode::UNAUTHORIZED, "Invalid client credentials.");
    }
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let grant: Option<GrantRequest> = if is_form {
        serde_urlencoded_grant(&body)
    } else {
        serde_json::from_slice(&body).ok()
    };
    if grant.and_then(|g| g.grant_type).as_deref() != Some("client_credentials") {
        return error(
            StatusCode::BAD_REQUEST,
            "grant_type must be client_credentials.",
        );
    }
    let token = format!("demo-token-{:032x}", rand::random::<u128>());
    crate::logging::redact(&token);
    if let Ok(mut tokens) = demo.tokens.lock() {
        tokens.insert(token.clone(), Instant::now() + demo.config.token_ttl);
    }
    demo.stats.token_issued();
    Json(json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": demo.config.token_ttl.as_secs(),
        "scope": null,
    }))
    .into_response()
}

fn serde_urlencoded_grant(body: &[u8]) -> Option<GrantRequest> {
    let text = std::str::from_utf8(body).ok()?;
    let grant_type = text
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "grant_type")
        .map(|(_, v)| v.to_string());
    Some(GrantRequest { grant_type })
}

fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (key, secret) = text.split_once(':')?;
    Some((key.to_string(), secret.to_string()))
}

/// What every Data Explorer call goes through, in m3ter's order: the token, the org, the rate
/// limit, then the body. Faults are produced here too. Returns the query, or the answer to
/// give instead.
async fn data_explorer(
    demo: &Demo,
    org: &str,
    headers: &HeaderMap,
    hangup: &Hangup,
    route: &str,
    body: &Bytes,
) -> Result<BillQuery, Response> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(bearer) = bearer else {
        return Err(error(
            StatusCode::FORBIDDEN,
            "Forbidden: no access token was sent.",
        ));
    };
    let valid = demo
        .tokens
        .lock()
        .map(|t| {
            t.get(bearer)
                .is_some_and(|expires| Instant::now() < *expires)
        })
        .unwrap_or(false);
    if !valid {
        return Err(error(
            StatusCode::FORBIDDEN,
            "Forbidden: the access token is invalid or has expired.",
        ));
    }
    if org != demo.config.org_id {
        return Err(error(
            StatusCode::FORBIDDEN,
            format!("Forbidden: no access to organization {org}."),
        ));
    }
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

fn too_many_requests(seconds: u64) -> Response {
    let mut response = error(
        StatusCode::TOO_MANY_REQUESTS,
        "Too many requests: the Data Explorer allows 1 request a second, in bursts of up to 10.",
    );
    if let Ok(value) = seconds.to_string().parse() {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

async fn download_csv(
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

async fn bills(
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

#[derive(Deserialize)]
struct Signed {
    expires: Option<i64>,
    signature: Option<String>,
}

async fn file(
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

fn csv_response(name: &str, length: u64, body: Body) -> Response {
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

fn render_csv(rows: &[&BillRow]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::with_capacity(rows.len() * 400 + 600));
    out.write_record(COLUMNS)?;
    for row in rows {
        out.write_record(row.record())?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
