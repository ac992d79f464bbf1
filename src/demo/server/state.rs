//! What the demo server holds while it runs: the bill lines, the tokens and files it gave
//! out, the faults to inject, the rate limit and its counts.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
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
    /// What the bills and the lists are made from.
    pub(super) seed: std::sync::OnceLock<Seed>,
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
    /// The seed, read once when first asked for.
    pub(super) fn seed(&self) -> &Seed {
        self.seed.get_or_init(Seed::builtin)
    }

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

/// The bearer token of a call, when it is one the demo gave out, still fresh, for its own
/// organization; else why not (m3ter answers 403).
pub(super) fn authorized<'h>(
    demo: &Demo,
    org: &str,
    headers: &'h HeaderMap,
) -> Result<&'h str, Refusal> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(bearer) = bearer else {
        return Err(Refusal::forbidden("Forbidden: no access token was sent."));
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
        return Err(Refusal::forbidden(
            "Forbidden: the access token is invalid or has expired.",
        ));
    }
    if org != demo.config.org_id {
        return Err(Refusal::forbidden(format!(
            "Forbidden: no access to organization {org}."
        )));
    }
    Ok(bearer)
}

/// Why a call is refused, answered as m3ter answers (`{"message": ...}` with its status).
#[derive(Debug)]
pub(super) struct Refusal(pub(super) StatusCode, pub(super) String);

impl Refusal {
    fn forbidden(message: impl Into<String>) -> Refusal {
        Refusal(StatusCode::FORBIDDEN, message.into())
    }

    pub(super) fn bad_request(message: impl Into<String>) -> Refusal {
        Refusal(StatusCode::BAD_REQUEST, message.into())
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        error(self.0, self.1)
    }
}
