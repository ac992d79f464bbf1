//! What the demo served, so tests and benchmarks can count round trips.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Serialize;

/// Requests by route and status, and tokens issued.
#[derive(Debug, Default)]
pub struct Stats(Mutex<Counts>);

#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// `"POST /oauth/token" -> {"200": 1}`; a dropped connection counts as `"dropped"`.
    pub requests: BTreeMap<String, BTreeMap<String, u64>>,
    pub tokens_issued: u64,
    pub total_requests: u64,
}

impl Stats {
    pub fn record(&self, route: &str, outcome: &str) {
        if let Ok(mut c) = self.0.lock() {
            *c.requests
                .entry(route.to_string())
                .or_default()
                .entry(outcome.to_string())
                .or_default() += 1;
            c.total_requests += 1;
        }
    }

    pub fn token_issued(&self) {
        if let Ok(mut c) = self.0.lock() {
            c.tokens_issued += 1;
        }
    }

    pub fn snapshot(&self) -> Counts {
        self.0.lock().map(|c| c.clone()).unwrap_or_default()
    }
}
