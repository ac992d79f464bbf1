//! The demo's HTTP server: m3ter's token and Data Explorer endpoints, signed downloads, and
//! the stats endpoint, with faults injected on request.

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot};

use super::DemoConfig;
use super::faults::Faults;
use super::signing::Signer;
use super::stats::Stats;
use crate::throttle::TokenBucket;

mod auth;
mod explorer;
mod files;
mod lists;
mod state;

use auth::token;
use explorer::{bills, download_csv};
use files::file;
use state::{Demo, Hangup, Shared};

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
            seed: std::sync::OnceLock::new(),
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

fn router(state: Shared) -> Router {
    Router::new()
        .route("/oauth/token", post(token))
        .route(
            "/organizations/{org}/dataexplorer/bills/download/csv",
            post(download_csv),
        )
        .route("/organizations/{org}/dataexplorer/bills", post(bills))
        .route("/organizations/{org}/accounts", get(lists::accounts))
        .route(
            "/organizations/{org}/accounts/search",
            get(lists::search_accounts),
        )
        .route("/organizations/{org}/products", get(lists::products))
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

async fn stats(State(demo): State<Shared>) -> Response {
    Json(demo.stats.snapshot()).into_response()
}
