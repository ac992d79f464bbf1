//! Where to send requests and as whom: flags, then the SDKs' environment variables, then the
//! config's profile; or the built-in demo.

use std::time::Duration;

use reqwest::Url;

use super::args::ConnectionArgs;
use super::exit::{Code, Failure};
use crate::config::{History, Loaded, Paths, Resolved, SavedQueries, resolve};
use crate::demo::{DemoConfig, DemoServer};
use crate::m3ter::{Client, Credentials, RetryPolicy, Secret, Settings};

/// What a run knows before it connects: where its files are and what the config says.
#[derive(Clone)]
pub struct Setup {
    pub paths: Paths,
    pub loaded: Loaded,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Setup {
    /// Finds and reads the config. Its problems are kept for the caller to show; they never
    /// stop the run.
    pub fn load(args: &ConnectionArgs) -> Setup {
        let paths = Paths::locate(args.config.as_deref(), &env);
        let loaded = crate::config::load(&paths.config_file);
        log::debug!(
            "config file {}: {}",
            paths.config_file.display(),
            match (loaded.exists, loaded.problems.len()) {
                (false, _) => "none".to_string(),
                (true, 0) => "read".to_string(),
                (true, n) => format!("read, {n} problem(s)"),
            }
        );
        Setup { paths, loaded }
    }

    /// The history of this run: the demo keeps its own, so its short-lived links never mix
    /// with real ones.
    pub fn history(&self, demo: bool) -> History {
        let path = if demo {
            self.paths.data.join("history-demo.jsonl")
        } else {
            self.paths.history()
        };
        History::new(path, self.loaded.file.history_limit)
    }

    pub fn saved(&self) -> SavedQueries {
        SavedQueries::new(self.paths.queries.clone())
    }

    /// The profiles the config file names.
    pub fn profiles(&self) -> Vec<String> {
        self.loaded.file.profiles.keys().cloned().collect()
    }

    /// The settings of this run: flags, then environment, then `profile` (or `--profile`, or
    /// the config's default).
    pub fn resolve(
        &self,
        args: &ConnectionArgs,
        profile: Option<&str>,
    ) -> Result<Resolved, Failure> {
        resolve(
            &self.loaded.file,
            profile.or(args.profile.as_deref()),
            args.org_id.as_deref(),
            args.base_url.as_deref(),
            &env,
        )
        .map_err(|e| Failure::invalid(e.to_string()))
    }
}

/// A client ready to use, the profile it came from, and the demo server behind it when there
/// is one (kept alive for as long as the client is needed).
pub struct Connection {
    pub client: Client,
    pub profile: Option<String>,
    /// Held so the in-process demo serves until the connection is dropped.
    demo: Option<DemoServer>,
}

impl Connection {
    /// Whether this is the in-process demo (new in every run, at another address).
    pub fn is_demo(&self) -> bool {
        self.demo.is_some()
    }

    /// Starts the slow parts of setting up (TLS, the demo's bill data) in the background.
    pub fn warm_up(&self) {
        self.client.warm_up();
        if let Some(demo) = &self.demo {
            demo.warm_up();
        }
    }
}

/// Starts the in-process demo, or connects to the m3ter the settings name.
pub async fn connect(
    demo: bool,
    args: &ConnectionArgs,
    setup: &Setup,
) -> Result<Connection, Failure> {
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
            profile: None,
            demo: Some(server),
        });
    }
    connect_profile(args, setup, None)
}

/// Connects with the settings of `profile` (or the default one). May run the profile's
/// `secret_command`, so it blocks.
pub fn connect_profile(
    args: &ConnectionArgs,
    setup: &Setup,
    profile: Option<&str>,
) -> Result<Connection, Failure> {
    let resolved = setup.resolve(args, profile)?;
    let org_id = resolved
        .org_id
        .as_ref()
        .map(|o| o.value.clone())
        .ok_or_else(|| {
            Failure::invalid(
                "No organization id: set M3TER_ORG_ID, pass --org-id, or give a profile an org_id.",
            )
        })?;
    // Before it is logged or any secret is fetched: it goes into every request's path.
    crate::m3ter::check_org_id(&org_id)?;
    let base = parse_base(&resolved.base_url.value)?;
    log::info!(
        "profile {}; organization {org_id} from {}; base URL {} from {}",
        resolved.profile.as_deref().unwrap_or("(none)"),
        resolved
            .org_id
            .as_ref()
            .map_or_else(String::new, |o| o.source.to_string()),
        // The origin only: a base URL with a password in it is refused below, not logged here.
        base.origin().ascii_serialization(),
        resolved.base_url.source
    );
    let credentials = resolved
        .credentials()
        .map_err(|why| Failure::new(Code::Auth, why))?;
    let settings = tune(Settings::new(base, org_id, credentials), args)?;
    Ok(Connection {
        client: Client::new(settings)?,
        profile: resolved.profile,
        demo: None,
    })
}

/// The endpoint's address and org without credentials, for printing a curl command.
pub fn endpoint(
    demo: bool,
    args: &ConnectionArgs,
    setup: &Setup,
) -> Result<(Url, String), Failure> {
    if demo {
        let config = DemoConfig::default();
        return Ok((parse_base("http://127.0.0.1:8080")?, config.org_id));
    }
    let resolved = setup.resolve(args, None)?;
    let org_id = resolved.org_id.map(|o| o.value).ok_or_else(|| {
        Failure::invalid(
            "No organization id: set M3TER_ORG_ID, pass --org-id, or give a profile an org_id.",
        )
    })?;
    crate::m3ter::check_org_id(&org_id)?;
    Ok((parse_base(&resolved.base_url.value)?, org_id))
}

fn parse_base(text: &str) -> Result<Url, Failure> {
    Url::parse(text.trim())
        .map_err(|_| Failure::invalid(format!("The base URL \"{text}\" is not a URL.")))
}

/// The flags given, over the settings' own defaults (m3ter's, as the flags' help says).
fn tune(mut settings: Settings, args: &ConnectionArgs) -> Result<Settings, Failure> {
    if let Some(secs) = args.connect_timeout {
        settings.connect_timeout = seconds(secs, "--connect-timeout")?;
    }
    if let Some(secs) = args.timeout {
        settings.request_timeout = seconds(secs, "--timeout")?;
    }
    if let Some(secs) = args.download_timeout {
        settings.download_timeout = seconds(secs, "--download-timeout")?;
    }
    if let Some(max_retries) = args.retries {
        settings.retry = RetryPolicy {
            max_retries,
            ..settings.retry
        };
    }
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
