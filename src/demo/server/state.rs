//! What the demo server holds while it runs: the bill lines, the tokens and files it gave
//! out, the faults to inject, the rate limit and its counts.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tokio::sync::Notify;

use crate::demo::DemoConfig;
use crate::demo::bills::BillBook;
use crate::demo::faults::Faults;
use crate::demo::seed::Seed;
use crate::demo::signing::Signer;
use crate::demo::stats::Stats;
use crate::query::BillQuery;
use crate::throttle::TokenBucket;

pub(super) struct Demo {
    pub(super) config: DemoConfig,
    /// The bill lines, made in the background from start-up, so a program that starts the demo
    /// in-process shows its screen without waiting for them.
    pub(super) book: tokio::sync::OnceCell<BillBook>,
    pub(super) today: chrono::NaiveDate,
    pub(super) faults: Faults,
    pub(super) bucket: Option<Mutex<TokenBucket>>,
    /// Access tokens and when they expire.
    pub(super) tokens: Mutex<HashMap<String, Instant>>,
    /// Prepared downloads by id: the query whose rows the file holds.
    pub(super) files: Mutex<HashMap<String, BillQuery>>,
    pub(super) signer: Signer,
    pub(super) stats: Stats,
    pub(super) fallback_host: String,
}

pub(super) type Shared = Arc<Demo>;

impl Demo {
    /// The bill lines, waiting for them if they are still being made.
    pub(super) async fn book(&self) -> &BillBook {
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

pub(super) fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "message": message.into() }))).into_response()
}

/// Lets a handler close its own connection without answering (the `drop-connection` fault).
#[derive(Clone)]
pub(super) struct Hangup(pub(super) Arc<Notify>);
