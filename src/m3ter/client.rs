//! The client: tokens, the Data Explorer call, retries and the client-side rate limit.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use base64::Engine as _;
use rand::Rng;
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::Deserialize;

use super::answer::{JSON_LIMIT, ReadError, error_message, read_json};
use super::events::{RetryReason, SubmitEvent};
use super::retry::{is_retryable, retry_after};
use super::token::CachedToken;
use super::{
    ApiError, Credentials, DownloadLink, Secret, Settings, SettingsError, check_org_id, check_url,
};
use crate::query::BillQuery;
use crate::throttle::TokenBucket;

/// Sent with every request, so m3ter can tell this tool's traffic apart.
pub const USER_AGENT: &str = concat!("m3ter-bills/", env!("CARGO_PKG_VERSION"));

/// A client for one m3ter organisation. Cheap to clone; clones share the token and the rate
/// limit, so any number of queries costs one token request while the token lasts.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: OnceLock<Result<reqwest::Client, String>>,
    settings: Settings,
    token: tokio::sync::Mutex<Option<CachedToken>>,
    bucket: Option<Mutex<TokenBucket>>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LinkAnswer {
    download_url: String,
}

/// A failed HTTP exchange, before it is given a meaning.
enum Failure {
    Status {
        status: StatusCode,
        message: String,
        retry_after: Option<Duration>,
    },
    Network(String),
}

impl Client {
    /// A client for `settings`. Refuses a base URL that would send credentials in the clear.
    pub fn new(settings: Settings) -> Result<Client, SettingsError> {
        install_crypto();
        if !settings.base_url.username().is_empty() || settings.base_url.password().is_some() {
            return Err(SettingsError::CredentialsInUrl);
        }
        check_url(&settings.base_url)
            .map_err(|e| SettingsError::BaseUrl(settings.base_url.to_string(), e))?;
        check_org_id(&settings.org_id)?;
        let bucket = settings
            .rate
            .map(|rate| Mutex::new(TokenBucket::new(rate, Instant::now())));
        Ok(Client {
            inner: Arc::new(Inner {
                http: OnceLock::new(),
                settings,
                token: tokio::sync::Mutex::new(None),
                bucket,
            }),
        })
    }

    /// Sets up the HTTP client on a thread of its own, so the first request finds it ready.
    /// Setting up TLS reads and parses the system's certificates, which takes milliseconds of
    /// CPU; the screen calls this after its first frame, which it must not delay. Without it, the
    /// first request sets the client up itself.
    pub fn warm_up(&self) {
        let inner = self.inner.clone();
        std::thread::spawn(move || {
            inner.http.get_or_init(|| build_http(&inner.settings));
        });
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// The HTTP client, or why it could not be set up.
    pub(super) fn http(&self) -> Result<&reqwest::Client, String> {
        self.inner
            .http
            .get_or_init(|| build_http(&self.inner.settings))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Asks m3ter for a download link to the CSV of `query`'s bill data. `events` hears each
    /// step as it happens.
    pub async fn submit(
        &self,
        query: &BillQuery,
        events: &mut (dyn FnMut(SubmitEvent) + Send),
    ) -> Result<DownloadLink, ApiError> {
        let url = self.endpoint("dataexplorer/bills/download/csv")?;
        let http = self.http().map_err(ApiError::Network)?;
        let body = query.to_json();
        log::debug!("request body: {body}");
        let mut refused_once = false;
        loop {
            let token = self.token(events).await?;
            events(SubmitEvent::Sending);
            let outcome = self
                .send(events, true, || {
                    http.post(url.clone())
                        .bearer_auth(token.expose())
                        .header("content-type", "application/json")
                        .body(body.clone())
                })
                .await;
            match outcome {
                Ok(response) => {
                    let answer: LinkAnswer = read_json(response, "expected {\"downloadUrl\": ...}")
                        .await
                        .map_err(|e| self.read_failure(e))?;
                    let link = DownloadLink::parse(&answer.download_url)?;
                    log::info!(
                        "download link: {}",
                        crate::logging::link(&answer.download_url)
                    );
                    return Ok(link);
                }
                // m3ter answers an expired token with 403; a fresh token gets one more try.
                Err(Failure::Status {
                    status: StatusCode::FORBIDDEN,
                    message,
                    ..
                }) => {
                    let renewable = matches!(
                        self.inner.settings.credentials,
                        Credentials::ClientCredentials { .. }
                    );
                    if refused_once || !renewable {
                        return Err(ApiError::Auth {
                            status: 403,
                            message,
                        });
                    }
                    refused_once = true;
                    log::info!("the token was refused; asking for a fresh one");
                    events(SubmitEvent::TokenRefused);
                    *self.inner.token.lock().await = None;
                }
                Err(failure) => return Err(api_error(failure)),
            }
        }
    }

    /// The JSON answer to `GET` of `path` under the organization with `query`, read up to the
    /// answer bound. These are Config API calls: retried like every call, but not under the
    /// Data Explorer's rate limit (m3ter's organization-wide limit is far above it).
    pub(super) async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
        expected: &str,
        events: &mut (dyn FnMut(SubmitEvent) + Send),
    ) -> Result<T, ApiError> {
        let mut url = self.endpoint(path)?;
        url.query_pairs_mut().extend_pairs(query);
        let http = self.http().map_err(ApiError::Network)?;
        let token = self.token(events).await?;
        let response = self
            .send(events, false, || {
                http.get(url.clone()).bearer_auth(token.expose())
            })
            .await;
        match response {
            Ok(response) => read_json(response, expected)
                .await
                .map_err(|e| self.read_failure(e)),
            Err(Failure::Status {
                status: status @ (StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED),
                message,
                ..
            }) => Err(ApiError::Auth {
                status: status.as_u16(),
                message,
            }),
            Err(failure) => Err(api_error(failure)),
        }
    }

    fn endpoint(&self, path: &str) -> Result<reqwest::Url, ApiError> {
        let base = self.inner.settings.base_url.as_str().trim_end_matches('/');
        let org = &self.inner.settings.org_id;
        reqwest::Url::parse(&format!("{base}/organizations/{org}/{path}"))
            .map_err(|e| ApiError::InvalidResponse(format!("bad endpoint URL: {e}")))
    }

    /// The bearer token: the ready one, the cached one while fresh, or a new one.
    async fn token(
        &self,
        events: &mut (dyn FnMut(SubmitEvent) + Send),
    ) -> Result<Secret, ApiError> {
        let (api_key, api_secret) = match &self.inner.settings.credentials {
            Credentials::Token(token) => return Ok(token.clone()),
            Credentials::ClientCredentials {
                api_key,
                api_secret,
            } => (api_key, api_secret),
        };
        // Held across the request, so that concurrent submits wait for one token request
        // rather than each making their own.
        let mut cached = self.inner.token.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| t.is_fresh(Instant::now())) {
            return Ok(token.token.clone());
        }
        events(SubmitEvent::Authenticating);
        let base = self.inner.settings.base_url.as_str().trim_end_matches('/');
        let url = format!("{base}/oauth/token");
        let http = self.http().map_err(ApiError::Network)?;
        // The Basic credentials are the secret too, in another form: keep them out of the log.
        crate::logging::redact(
            &base64::engine::general_purpose::STANDARD
                .encode(format!("{api_key}:{}", api_secret.expose())),
        );
        let issued = Instant::now();
        let response = self
            .send(events, false, || {
                http.post(&url)
                    .basic_auth(api_key, Some(api_secret.expose()))
                    .json(&serde_json::json!({"grant_type": "client_credentials"}))
            })
            .await
            .map_err(|failure| match failure {
                Failure::Status {
                    status, message, ..
                } if status.is_client_error() && status != StatusCode::TOO_MANY_REQUESTS => {
                    ApiError::Auth {
                        status: status.as_u16(),
                        message,
                    }
                }
                other => api_error(other),
            })?;
        let answer: TokenAnswer = read_json(
            response,
            "the token answer lacks access_token or expires_in",
        )
        .await
        .map_err(|e| self.read_failure(e))?;
        log::info!("got a token for {} s", answer.expires_in);
        let token = CachedToken::new(
            Secret::new(answer.access_token),
            issued,
            Duration::from_secs(answer.expires_in),
        );
        let secret = token.token.clone();
        *cached = Some(token);
        Ok(secret)
    }

    /// Sends a request, retrying what is worth retrying. `throttled` requests wait for the
    /// client-side rate limit first (each attempt counts against it).
    async fn send(
        &self,
        events: &mut (dyn FnMut(SubmitEvent) + Send),
        throttled: bool,
        request: impl Fn() -> RequestBuilder,
    ) -> Result<Response, Failure> {
        let policy = self.inner.settings.retry;
        let mut retry = 0;
        loop {
            if throttled {
                self.wait_for_rate_limit(events).await;
            }
            let (http, built) = request()
                .timeout(self.inner.settings.request_timeout)
                .build_split();
            let built = built.map_err(|e| {
                Failure::Network(format!(
                    "The request could not be made ({})",
                    root_cause(&e)
                ))
            })?;
            let what = format!(
                "{} {}",
                built.method(),
                crate::logging::link(built.url().as_str())
            );
            let started = Instant::now();
            let result = http.execute(built).await;
            let took = started.elapsed().as_millis();
            if let Ok(response) = &result {
                log::info!("{what}: {} in {took} ms", response.status());
            }
            let (failure, reason, asked) = match result {
                Ok(response) if response.status().is_success() => return Ok(response),
                Ok(response) => {
                    let status = response.status();
                    let asked = retry_after(response.headers(), chrono::Utc::now());
                    let message = error_message(response).await;
                    let failure = Failure::Status {
                        status,
                        message,
                        retry_after: asked,
                    };
                    if !is_retryable(status) {
                        return Err(failure);
                    }
                    let reason = if status == StatusCode::TOO_MANY_REQUESTS {
                        RetryReason::RateLimited
                    } else {
                        RetryReason::Status(status.as_u16())
                    };
                    (failure, reason, asked)
                }
                Err(e) => {
                    let reason = if e.is_timeout() {
                        RetryReason::Timeout
                    } else {
                        RetryReason::Network
                    };
                    let message = network_message(&e, &self.inner.settings);
                    log::info!("{what}: no answer after {took} ms ({message})");
                    (Failure::Network(message), reason, None)
                }
            };
            if retry >= policy.max_retries {
                return Err(failure);
            }
            let wait = match asked {
                Some(asked) if asked > policy.longest_wait => return Err(failure),
                Some(asked) => asked,
                None => policy.backoff(retry, rand::rng().random::<f64>()),
            };
            retry += 1;
            log::warn!(
                "{what} is tried again in {} ms ({reason:?}; attempt {} of {})",
                wait.as_millis(),
                retry + 1,
                policy.max_retries + 1
            );
            events(SubmitEvent::Retrying {
                reason,
                wait,
                attempt: retry + 1,
            });
            tokio::time::sleep(wait).await;
        }
    }

    async fn wait_for_rate_limit(&self, events: &mut (dyn FnMut(SubmitEvent) + Send)) {
        let Some(bucket) = &self.inner.bucket else {
            return;
        };
        loop {
            let taken = bucket
                .lock()
                .map(|mut b| b.try_take(Instant::now()))
                .unwrap_or(Ok(()));
            match taken {
                Ok(()) => return,
                Err(wait) => {
                    log::debug!(
                        "waiting {} ms for the client-side rate limit",
                        wait.as_millis()
                    );
                    events(SubmitEvent::Throttled { wait });
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }
}

fn build_http(settings: &Settings) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(settings.connect_timeout)
        // Downloads may take long, so only silence is limited here; API calls set their own
        // overall timeout.
        .read_timeout(settings.request_timeout)
        // Every hop of a redirect must pass the same check as the link itself, so an https link
        // cannot lead to a plain-http download from another host.
        .redirect(reqwest::redirect::Policy::custom(|attempt| {
            if attempt.previous().len() >= 10 {
                attempt.error("too many redirects")
            } else if let Err(e) = check_url(attempt.url()) {
                attempt.error(format!("a redirect was refused: {e}"))
            } else {
                attempt.follow()
            }
        }))
        .build()
        .map_err(|e| format!("The HTTP client could not be set up: {}", e.without_url()))
}

/// Makes ring the process's TLS crypto provider, once. reqwest is built without a default
/// provider because ring compiles far faster than aws-lc; rustls panics on first use if none
/// is installed, so every way into HTTP goes through here first.
pub fn install_crypto() {
    // Fails only when a provider is already installed, which is what we want anyway.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

fn api_error(failure: Failure) -> ApiError {
    match failure {
        Failure::Network(message) => ApiError::Network(message),
        Failure::Status {
            status: StatusCode::TOO_MANY_REQUESTS,
            retry_after,
            ..
        } => ApiError::RateLimited { retry_after },
        Failure::Status {
            status, message, ..
        } if status.is_server_error() => ApiError::Server {
            status: status.as_u16(),
            message,
        },
        Failure::Status {
            status, message, ..
        } => ApiError::Rejected {
            status: status.as_u16(),
            message,
        },
    }
}

impl Client {
    /// An answer's body that could not be used, in m3ter's terms.
    fn read_failure(&self, failure: ReadError) -> ApiError {
        match failure {
            ReadError::TooLarge => ApiError::TooLarge {
                limit: format!("{} MB", JSON_LIMIT / 1_000_000),
            },
            ReadError::Network(e) => ApiError::Network(network_message(&e, &self.inner.settings)),
            ReadError::Shape(why) => ApiError::InvalidResponse(why),
        }
    }
}

/// A network failure in words, naming the host but never the full URL (a download link is
/// itself a key to the data).
fn network_message(e: &reqwest::Error, settings: &Settings) -> String {
    let url = &settings.base_url;
    let host = match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_string(),
        (None, _) => "m3ter".to_string(),
    };
    if e.is_timeout() {
        format!(
            "m3ter at {host} did not answer within {} s",
            settings.request_timeout.as_secs_f64()
        )
    } else if e.is_connect() {
        format!("Could not connect to {host}")
    } else {
        format!("The connection to {host} failed ({})", root_cause(e))
    }
}

/// The innermost cause of an error, which is where reqwest keeps the useful words.
pub(super) fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
