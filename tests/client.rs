//! The m3ter client against the demo server: tokens, retries, rate limits and m3ter's errors.

mod common;

use std::time::{Duration, Instant};

use common::*;
use m3ter_bills::demo::DemoConfig;
use m3ter_bills::m3ter::{ApiError, Client, Credentials, Secret, SubmitEvent};
use m3ter_bills::throttle::Rate;

async fn submit(client: &Client) -> (Result<String, ApiError>, Vec<SubmitEvent>) {
    let mut events = Vec::new();
    let result = client
        .submit(&last_month_usage(), &mut |e| events.push(e))
        .await
        .map(|link| link.to_string());
    (result, events)
}

#[tokio::test]
async fn twenty_queries_cost_one_token() {
    let server = start(DemoConfig {
        rate: None,
        ..config()
    })
    .await;
    let mut settings = settings(&server);
    settings.rate = None;
    let client = Client::new(settings).unwrap();
    for _ in 0..20 {
        let (result, _) = submit(&client).await;
        assert!(result.unwrap().starts_with(&server.base_url()));
    }
    let counts = stats(&server).await;
    assert_eq!(counts.tokens_issued, 1);
    assert_eq!(answered(&counts, TOKEN_ROUTE, "200"), 1);
    assert_eq!(answered(&counts, CSV_ROUTE, "200"), 20);
    assert_eq!(counts.total_requests, 21);
}

#[tokio::test]
async fn a_token_is_renewed_before_it_expires() {
    let server = start(DemoConfig {
        token_ttl: Duration::from_secs(4),
        ..config()
    })
    .await;
    let client = client(&server);
    submit(&client).await.0.unwrap();
    submit(&client).await.0.unwrap();
    assert_eq!(stats(&server).await.tokens_issued, 1);
    // Past half its life, the token is replaced before use rather than sent and refused.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (result, events) = submit(&client).await;
    result.unwrap();
    assert!(events.contains(&SubmitEvent::Authenticating));
    let counts = stats(&server).await;
    assert_eq!(counts.tokens_issued, 2);
    assert_eq!(answered(&counts, CSV_ROUTE, "403"), 0);
}

#[tokio::test]
async fn a_refused_token_is_replaced_once() {
    let server = start(with_faults(&["expire-token:1"])).await;
    let client = client(&server);
    let (result, events) = submit(&client).await;
    result.unwrap();
    assert!(events.contains(&SubmitEvent::TokenRefused));
    let counts = stats(&server).await;
    assert_eq!(counts.tokens_issued, 2);
    assert_eq!(answered(&counts, CSV_ROUTE, "403"), 1);
    assert_eq!(answered(&counts, CSV_ROUTE, "200"), 1);
}

#[tokio::test]
async fn a_token_refused_twice_is_reported_with_m3ters_message() {
    let server = start(with_faults(&["expire-token"])).await;
    let (result, _) = submit(&client(&server)).await;
    match result.unwrap_err() {
        ApiError::Auth { status, message } => {
            assert_eq!(status, 403);
            assert!(message.contains("invalid or has expired"), "{message}");
        }
        other => panic!("expected Auth, got {other:?}"),
    }
    assert_eq!(stats(&server).await.tokens_issued, 2);
}

#[tokio::test]
async fn a_ready_token_is_used_as_is_and_not_renewed() {
    let server = start(config()).await;
    let mut s = settings(&server);
    s.credentials = Credentials::Token(Secret::new("not-a-token-the-demo-issued"));
    let (result, events) = submit(&Client::new(s).unwrap()).await;
    assert!(matches!(result, Err(ApiError::Auth { status: 403, .. })));
    assert!(!events.contains(&SubmitEvent::Authenticating));
    assert_eq!(stats(&server).await.tokens_issued, 0);
}

#[tokio::test]
async fn wrong_credentials_and_wrong_org_are_auth_failures() {
    let server = start(config()).await;
    let mut wrong_secret = settings(&server);
    wrong_secret.credentials = Credentials::ClientCredentials {
        api_key: server.config().api_key.clone(),
        api_secret: Secret::new("wrong"),
    };
    let (result, _) = submit(&Client::new(wrong_secret).unwrap()).await;
    match result.unwrap_err() {
        ApiError::Auth { status, message } => {
            assert_eq!(status, 401);
            assert_eq!(message, "Invalid client credentials.");
        }
        other => panic!("expected Auth, got {other:?}"),
    }
    let mut wrong_org = settings(&server);
    wrong_org.org_id = "someone-else".into();
    let (result, _) = submit(&Client::new(wrong_org).unwrap()).await;
    match result.unwrap_err() {
        ApiError::Auth {
            status: 403,
            message,
        } => {
            assert!(message.contains("someone-else"), "{message}")
        }
        other => panic!("expected Auth, got {other:?}"),
    }
}

#[tokio::test]
async fn rate_limits_and_server_errors_are_retried_then_succeed() {
    let server = start(with_faults(&["rate-limit:1", "server-error:1"])).await;
    let started = Instant::now();
    let (result, events) = submit(&client(&server)).await;
    result.unwrap();
    let retries: Vec<_> = events
        .iter()
        .filter(|e| matches!(e, SubmitEvent::Retrying { .. }))
        .collect();
    assert_eq!(retries.len(), 2, "{events:?}");
    // Retry-After: 1 is honoured.
    assert!(started.elapsed() >= Duration::from_secs(1));
    let counts = stats(&server).await;
    assert_eq!(answered(&counts, CSV_ROUTE, "429"), 1);
    assert_eq!(answered(&counts, CSV_ROUTE, "500"), 1);
    assert_eq!(answered(&counts, CSV_ROUTE, "200"), 1);
}

#[tokio::test]
async fn persistent_server_errors_give_up_after_two_retries() {
    let server = start(with_faults(&["server-error"])).await;
    let (result, _) = submit(&client(&server)).await;
    match result.unwrap_err() {
        ApiError::Server { status, message } => {
            assert_eq!(status, 500);
            assert_eq!(message, "Internal server error. Please try again later.");
        }
        other => panic!("expected Server, got {other:?}"),
    }
    assert_eq!(answered(&stats(&server).await, CSV_ROUTE, "500"), 3);
}

#[tokio::test]
async fn persistent_rate_limiting_is_reported_as_such() {
    let server = start(with_faults(&["rate-limit:5"])).await;
    let mut s = settings(&server);
    s.retry.max_retries = 1;
    let (result, _) = submit(&Client::new(s).unwrap()).await;
    let error = result.unwrap_err();
    assert!(
        matches!(error, ApiError::RateLimited { retry_after: Some(d) } if d == Duration::from_secs(1))
    );
    assert!(error.to_string().contains("rate limiting"));
}

#[tokio::test]
async fn dropped_connections_and_timeouts_are_retried() {
    let server = start(DemoConfig {
        slow_delay: Duration::from_secs(3),
        ..with_faults(&["drop-connection:1", "slow:1"])
    })
    .await;
    let mut s = settings(&server);
    s.request_timeout = Duration::from_secs(1);
    let (result, events) = submit(&Client::new(s).unwrap()).await;
    result.unwrap();
    let reasons: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            SubmitEvent::Retrying { reason, .. } => Some(format!("{reason:?}")),
            _ => None,
        })
        .collect();
    assert_eq!(reasons, ["Network", "Timeout"]);
}

#[tokio::test]
async fn m3ters_own_400_message_reaches_the_caller() {
    let server = start(config()).await;
    let draft = m3ter_bills::query::QueryDraft {
        dates: m3ter_bills::query::DateInput::Preset(m3ter_bills::query::Preset::LastMonth),
        line_item_types: vec!["USAGE".into()],
        dimensions: vec![m3ter_bills::query::Dimension {
            name: "region".into(),
            filter: vec!["emea".into()],
            attributes: vec![],
        }],
        ..Default::default()
    };
    let query = m3ter_bills::query::validate(&draft, chrono::Utc::now()).unwrap();
    let error = client(&server)
        .submit(&query, &mut |_| {})
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ApiError::Rejected {
            status: 400,
            message:
                "Invalid dimension name 'region'. Valid dimensions are: account, product name."
                    .into()
        }
    );
}

#[tokio::test]
async fn unreadable_answers_and_unsafe_links_are_refused() {
    let server = start(with_faults(&["invalid-json:1", "bad-link:2"])).await;
    let client = client(&server);
    assert!(matches!(
        submit(&client).await.0,
        Err(ApiError::InvalidResponse(_))
    ));
    for _ in 0..2 {
        let error = submit(&client).await.0.unwrap_err();
        assert!(matches!(error, ApiError::UnsafeLink(_)), "{error:?}");
        assert!(error.to_string().contains("links are refused"), "{error}");
    }
    submit(&client).await.0.unwrap();
}

#[tokio::test]
async fn the_client_side_limit_keeps_a_burst_under_m3ters_limit() {
    // The demo enforces m3ter's 1/s with bursts of 10; twelve quick queries would meet a 429
    // without the client's own bucket.
    let server = start(config()).await;
    let client = client(&server);
    let mut throttled = false;
    for _ in 0..12 {
        let mut events = Vec::new();
        client
            .submit(&last_month_usage(), &mut |e| events.push(e))
            .await
            .unwrap();
        throttled |= events
            .iter()
            .any(|e| matches!(e, SubmitEvent::Throttled { .. }));
    }
    assert!(throttled);
    let counts = stats(&server).await;
    assert_eq!(answered(&counts, CSV_ROUTE, "429"), 0);
    assert_eq!(answered(&counts, CSV_ROUTE, "200"), 12);
}

#[tokio::test]
async fn the_demo_itself_rate_limits_an_unthrottled_client() {
    let server = start(DemoConfig {
        rate: Some(Rate {
            per_second: 1.0,
            burst: 2,
        }),
        ..config()
    })
    .await;
    let mut s = settings(&server);
    s.rate = None;
    s.retry.max_retries = 0;
    let client = Client::new(s).unwrap();
    submit(&client).await.0.unwrap();
    submit(&client).await.0.unwrap();
    assert!(matches!(
        submit(&client).await.0,
        Err(ApiError::RateLimited { .. })
    ));
}

#[tokio::test]
async fn plain_http_to_another_host_is_refused_before_any_request() {
    let server = start(config()).await;
    let mut s = settings(&server);
    s.base_url = "http://api.example.com".parse().unwrap();
    let error = Client::new(s).err().unwrap();
    assert!(error.to_string().contains("not this machine"), "{error}");
}

#[tokio::test]
async fn the_token_endpoint_takes_json_or_form_bodies_and_only_client_credentials() {
    let server = start(config()).await;
    m3ter_bills::m3ter::install_crypto();
    let http = reqwest::Client::new();
    let url = format!("{}/oauth/token", server.base_url());
    let key = &server.config().api_key;
    let post = |content_type: &'static str, body: &'static str| {
        http.post(&url)
            .basic_auth(key, Some(CANARY))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let json = post("application/json", r#"{"grant_type":"client_credentials"}"#)
        .await
        .unwrap();
    assert_eq!(json.status(), 200);
    let answer: serde_json::Value = json.json().await.unwrap();
    assert_eq!(answer["token_type"], "Bearer");
    assert_eq!(answer["expires_in"], 18_000);
    let form = post(
        "application/x-www-form-urlencoded",
        "grant_type=client_credentials",
    )
    .await
    .unwrap();
    assert_eq!(form.status(), 200);
    let wrong = post("application/json", r#"{"grant_type":"password"}"#)
        .await
        .unwrap();
    assert_eq!(wrong.status(), 400);
    let anonymous = http.post(&url).body("{}").send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    assert_eq!(stats(&server).await.tokens_issued, 2);
}

#[tokio::test]
async fn links_are_served_with_length_and_a_file_name() {
    let server = start(config()).await;
    let link = client(&server)
        .submit(&last_month_usage(), &mut |_| {})
        .await
        .unwrap();
    let response = reqwest::get(link.as_str()).await.unwrap();
    assert_eq!(response.status(), 200);
    let length = response.content_length().unwrap();
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    let range = last_month_usage().range();
    let name = format!(
        "bills_{}_{}.csv",
        range.start().format("%Y-%m-%d"),
        range.end().format("%Y-%m-%d")
    );
    assert_eq!(disposition, format!("attachment; filename=\"{name}\""));
    assert_eq!(response.bytes().await.unwrap().len() as u64, length);
}

#[tokio::test]
async fn the_json_sibling_answers_bill_data_rows() {
    let server = start(config()).await;
    m3ter_bills::m3ter::install_crypto();
    let http = reqwest::Client::new();
    let config = server.config();
    let token: serde_json::Value = http
        .post(format!("{}/oauth/token", server.base_url()))
        .basic_auth(&config.api_key, Some(&config.api_secret))
        .body(r#"{"grant_type":"client_credentials"}"#)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut query = last_month_usage().to_json();
    query.insert_str(query.len() - 1, r#","limit":3"#);
    let rows: serde_json::Value = http
        .post(format!(
            "{}/organizations/{}/dataexplorer/bills",
            server.base_url(),
            config.org_id
        ))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .body(query)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let values = rows["values"].as_array().unwrap();
    assert_eq!(values.len(), 3);
    assert_eq!(values[0]["dimensions"]["lineItemType"], "USAGE");
    assert!(values[0]["measures"]["subtotal"].is_number());
    assert_eq!(values[0]["billDetails"]["billingFrequency"], "MONTHLY");
}
