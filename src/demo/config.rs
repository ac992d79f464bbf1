//! How a demo server is set up.

use std::time::Duration;

use chrono::NaiveDate;

use super::dice::stable_id;
use super::faults::FaultSpec;
use crate::throttle::Rate;

/// Everything a [`super::DemoServer`] is started with.
#[derive(Debug, Clone)]
pub struct DemoConfig {
    pub org_id: String,
    pub api_key: String,
    pub api_secret: String,
    /// How long an access token lives (m3ter's live 5 hours).
    pub token_ttl: Duration,
    /// How long a download link works.
    pub link_ttl: Duration,
    /// The Data Explorer rate limit (`None`: off).
    pub rate: Option<Rate>,
    pub faults: Vec<FaultSpec>,
    /// How long the `slow` fault waits before answering.
    pub slow_delay: Duration,
    /// The last day of bill data (default: today, UTC).
    pub today: Option<NaiveDate>,
    /// Downloads repeat their rows this many times (1: as they are); makes large files for
    /// benchmarks.
    pub download_copies: u32,
}

impl Default for DemoConfig {
    /// m3ter's own limits, a fixed org id and key, and a fresh random secret.
    fn default() -> Self {
        DemoConfig {
            org_id: stable_id("demo organization"),
            api_key: "demo-service-user".to_string(),
            api_secret: format!("demo-{:032x}", rand::random::<u128>()),
            token_ttl: Duration::from_secs(18_000),
            link_ttl: Duration::from_secs(15 * 60),
            rate: Some(Rate::DATA_EXPLORER),
            faults: Vec::new(),
            slow_delay: Duration::from_secs(65),
            today: None,
            download_copies: 1,
        }
    }
}
