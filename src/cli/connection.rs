//! Where to send requests and as whom: flags, then the SDKs' environment variables, or the
//! built-in demo.

use std::time::Duration;

use reqwest::Url;

use super::args::ConnectionArgs;
use super::exit::{Code, Failure};
use crate::demo::{DemoConfig, DemoServer};
use crate::m3ter::{Client, Credentials, DEFAULT_BASE_URL, RetryPolicy, Secret, Settings};

/// A client ready to use, and the demo server behind it when there is one (kept alive for as
/// long as the client is needed).
pub struct Connection {
    pub client: Client,
    /// Never read: held so the in-process demo serves until the connection is dropped.
    _demo: Option<DemoServer>,
}

/// Starts the in-process demo, or reads the real m3ter's settings.
pub async fn connect(demo: bool, args: &ConnectionArgs) -> Result<Connection, Failure> {
    if demo {
        let server = DemoServer::start(DemoConfig::default(), ([127, 0, 0, 1], 0).into())
            .await
            .map_err(|e| {
                Failure::new(
                    Code::Failed,
                    format!("The demo server could not start: {e}."),
                )
            })?;
        let config = server.config();
        let credentials = Credentials::ClientCredentials {
            api_key: config.api_key.clone(),
            api_secret: Secret::new(config.api_secret.clone()),
        };
        let base = parse_base(&server.base_url())?;
        let settings = tune(
            Settings::new(base, config.org_id.clone(), credentials),
            args,
        )?;
        return Ok(Connection {
            client: Client::new(settings)?,
            _demo: Some(server),
        });
    }
    let settings = tune(
        Settings::new(base_url(args)?, org_id(args)?, credentials()?),
        args,
    )?;
    Ok(Connection {
        client: Client::new(settings)?,
        _demo: None,
    })
}

/// The endpoint's address and org without credentials, for printing a curl command.
pub fn endpoint(demo: bool, args: &ConnectionArgs) -> Result<(Url, String), Failure> {
    if demo {
        let config = DemoConfig::default();
        return Ok((parse_base("http://127.0.0.1:8080")?, config.org_id));
    }
    Ok((base_url(args)?, org_id(args)?))
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn base_url(args: &ConnectionArgs) -> Result<Url, Failure> {
    let text = args
        .base_url
        .clone()
        .or_else(|| env("M3TER_BASE_URL"))
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
    parse_base(&text)
}

fn parse_base(text: &str) -> Result<Url, Failure> {
    Url::parse(text.trim())
        .map_err(|_| Failure::invalid(format!("The base URL \"{text}\" is not a URL.")))
}

fn org_id(args: &ConnectionArgs) -> Result<String, Failure> {
    args.org_id
        .clone()
        .or_else(|| env("M3TER_ORG_ID"))
        .ok_or_else(|| Failure::invalid("No organization id: set M3TER_ORG_ID or pass --org-id."))
}

/// A ready token wins over a key and secret, as in m3ter's SDKs.
fn credentials() -> Result<Credentials, Failure> {
    if let Some(token) = env("M3TER_API_TOKEN") {
        return Ok(Credentials::Token(Secret::new(token)));
    }
    match (env("M3TER_API_KEY"), env("M3TER_API_SECRET")) {
        (Some(api_key), Some(secret)) => Ok(Credentials::ClientCredentials {
            api_key,
            api_secret: Secret::new(secret),
        }),
        (Some(_), None) => Err(Failure::new(
            Code::Auth,
            "M3TER_API_KEY is set but M3TER_API_SECRET is not; set both (or M3TER_API_TOKEN).",
        )),
        _ => Err(Failure::new(
            Code::Auth,
            "No credentials: set M3TER_API_KEY and M3TER_API_SECRET (or M3TER_API_TOKEN), or try --demo.",
        )),
    }
}

fn tune(mut settings: Settings, args: &ConnectionArgs) -> Result<Settings, Failure> {
    settings.connect_timeout = seconds(args.connect_timeout, "--connect-timeout")?;
    settings.request_timeout = seconds(args.timeout, "--timeout")?;
    settings.retry = RetryPolicy {
        max_retries: args.retries,
        ..RetryPolicy::default()
    };
    Ok(settings)
}

fn seconds(value: f64, flag: &str) -> Result<Duration, Failure> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            Failure::invalid(format!(
                "{flag} must be a positive number of seconds, not {value}."
            ))
        })
}
