//! `m3ter-bills config`: where things live and which settings are in force, secrets masked.

use std::fmt::Write as _;

use super::args::ConnectionArgs;
use super::connection::Setup;
use super::exit::Failure;
use crate::config::{SecretSource, Sourced};
use crate::printable::printable;

pub fn run(args: &ConnectionArgs) -> Result<(), Failure> {
    let setup = Setup::load(args);
    let mut text = String::new();
    let paths = &setup.paths;
    let exists = |yes: bool| if yes { "" } else { " (not there yet)" };
    let _ = writeln!(
        text,
        "Config file    {}{}",
        paths.config_file.display(),
        exists(setup.loaded.exists)
    );
    let (saved, damaged) = setup.saved().list();
    let _ = writeln!(
        text,
        "Saved queries  {} ({} saved{})",
        paths.queries.display(),
        saved.len(),
        if damaged.is_empty() {
            String::new()
        } else {
            format!(", {} damaged", damaged.len())
        }
    );
    let history = setup.history(false);
    let _ = writeln!(
        text,
        "History        {} (keeps {})",
        history.path().display(),
        setup
            .loaded
            .file
            .history_limit
            .unwrap_or(crate::config::history::DEFAULT_LIMIT)
    );
    let _ = writeln!(
        text,
        "Screen log     {} (written with -v)",
        paths.log().display()
    );
    let _ = writeln!(
        text,
        "Split pieces   {} (kept 24 hours for --split --resume)",
        paths.pieces().display()
    );
    let profiles = setup.profiles();
    let _ = writeln!(
        text,
        "Profiles       {}",
        if profiles.is_empty() {
            "none".to_string()
        } else {
            profiles.join(", ")
        }
    );
    for problem in setup.loaded.problems.iter().chain(&damaged) {
        let _ = writeln!(text, "Problem        {}", printable(problem));
    }
    let resolved = match setup.resolve(args, None) {
        Ok(resolved) => resolved,
        Err(failure) => {
            super::out::print(&text)?;
            return Err(failure);
        }
    };
    text.push('\n');
    let _ = writeln!(
        text,
        "In force{}",
        resolved
            .profile
            .as_ref()
            .map(|p| format!(" (profile {p})"))
            .unwrap_or_default()
    );
    let show = |label: &str, value: &Option<Sourced<String>>| match value {
        Some(v) => format!("  {label:<13}{}  [{}]\n", printable(&v.value), v.source),
        None => format!("  {label:<13}not set\n"),
    };
    text.push_str(&show("org id", &resolved.org_id));
    text.push_str(&show("base URL", &Some(resolved.base_url.clone())));
    text.push_str(&show("API key", &resolved.api_key));
    let secret = match &resolved.secret {
        SecretSource::Token(_) => "a ready token, hidden  [$M3TER_API_TOKEN]".to_string(),
        SecretSource::Env(var) if resolved.env_secret_set() => format!("hidden  [${var}]"),
        SecretSource::Env(var) => format!("missing: ${var} is not set"),
        SecretSource::Command { profile, command } => {
            format!(
                "from the command `{}`, not run now  [profile {profile}]",
                printable(command)
            )
        }
        SecretSource::File { profile } => format!("hidden  [the config file, profile {profile}]"),
        SecretSource::Missing => "not set".to_string(),
    };
    let _ = writeln!(text, "  {:<13}{secret}", "API secret");
    super::out::print(&text)
}
