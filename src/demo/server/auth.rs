//! The token endpoint: client credentials in, a bearer token out (faults on request).

use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::Deserialize;
use serde_json::json;

use super::state::{Shared, error};

#[derive(Deserialize)]
pub(super) struct GrantRequest {
    grant_type: Option<String>,
}

pub(super) async fn token(State(demo): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
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

pub(super) fn serde_urlencoded_grant(body: &[u8]) -> Option<GrantRequest> {
    let text = std::str::from_utf8(body).ok()?;
    let grant_type = text
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "grant_type")
        .map(|(_, v)| v.to_string());
    Some(GrantRequest { grant_type })
}

pub(super) fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (key, secret) = text.split_once(':')?;
    Some((key.to_string(), secret.to_string()))
}
