//! Which settings win: flags, then the environment (the variables m3ter's SDKs read), then the
//! chosen profile, then the defaults.

use std::fmt;
use std::process::Command;

use super::{ConfigFile, Profile};
use crate::m3ter::{Credentials, DEFAULT_BASE_URL, Secret};

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag,
    Env(&'static str),
    Profile(String),
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag => f.write_str("flag"),
            Source::Env(name) => write!(f, "${name}"),
            Source::Profile(name) => write!(f, "profile {name}"),
            Source::Default => f.write_str("default"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

/// Where the API secret will come from. Nothing is run or read until [`Resolved::credentials`]
/// is called, so showing the settings never runs a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// A ready token in `M3TER_API_TOKEN` (no key or secret needed).
    Token(Secret),
    Env(String),
    Command {
        profile: String,
        command: String,
    },
    File {
        profile: String,
    },
    Missing,
}

/// The settings of this run, before anything secret is fetched.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub profile: Option<String>,
    pub org_id: Option<Sourced<String>>,
    pub base_url: Sourced<String>,
    pub api_key: Option<Sourced<String>>,
    pub secret: SecretSource,
    env_secret: Option<Secret>,
    file_secret: Option<Secret>,
}

/// A profile that was asked for by name and does not exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("There is no profile \"{name}\"; {}", known_list(.known))]
pub struct ResolveError {
    pub name: String,
    pub known: Vec<String>,
}

fn known_list(known: &[String]) -> String {
    if known.is_empty() {
        "the config file has no profiles".to_string()
    } else {
        format!("the profiles are {}", known.join(", "))
    }
}

/// Resolves the settings from the flags (`org_id`, `base_url`, `profile`), the environment
/// (read through `env`) and the config file.
pub fn resolve(
    file: &ConfigFile,
    flag_profile: Option<&str>,
    flag_org_id: Option<&str>,
    flag_base_url: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Resolved, ResolveError> {
    let env = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let profile_name = match flag_profile {
        Some(name) if !file.profiles.contains_key(name) => {
            return Err(ResolveError {
                name: name.to_string(),
                known: file.profiles.keys().cloned().collect(),
            });
        }
        Some(name) => Some(name.to_string()),
        None => file
            .default_profile
            .clone()
            .filter(|name| file.profiles.contains_key(name)),
    };
    let empty = Profile::default();
    let profile = profile_name
        .as_ref()
        .and_then(|n| file.profiles.get(n))
        .unwrap_or(&empty);
    let from_profile = |value: &Option<String>| {
        value.clone().map(|value| Sourced {
            value,
            source: Source::Profile(profile_name.clone().unwrap_or_default()),
        })
    };
    let pick = |flag: Option<&str>, var: &'static str, in_profile: &Option<String>| {
        flag.map(|v| Sourced {
            value: v.to_string(),
            source: Source::Flag,
        })
        .or_else(|| {
            env(var).map(|value| Sourced {
                value,
                source: Source::Env(var),
            })
        })
        .or_else(|| from_profile(in_profile))
    };
    let org_id = pick(flag_org_id, "M3TER_ORG_ID", &profile.org_id);
    let base_url = pick(flag_base_url, "M3TER_BASE_URL", &profile.base_url).unwrap_or(Sourced {
        value: DEFAULT_BASE_URL.to_string(),
        source: Source::Default,
    });
    let api_key = pick(None, "M3TER_API_KEY", &profile.api_key);
    let env_secret = env("M3TER_API_SECRET").map(Secret::new);
    let name = profile_name.clone().unwrap_or_default();
    let secret = if let Some(token) = env("M3TER_API_TOKEN") {
        SecretSource::Token(Secret::new(token))
    } else if env_secret.is_some() {
        SecretSource::Env("M3TER_API_SECRET".to_string())
    } else if let Some(var) = &profile.secret_env {
        SecretSource::Env(var.clone())
    } else if let Some(command) = &profile.secret_command {
        SecretSource::Command {
            profile: name,
            command: command.clone(),
        }
    } else if profile.api_secret.is_some() {
        SecretSource::File { profile: name }
    } else {
        SecretSource::Missing
    };
    let env_secret = match &secret {
        SecretSource::Env(var) => env(var).map(Secret::new),
        _ => env_secret,
    };
    Ok(Resolved {
        profile: profile_name,
        org_id,
        base_url,
        api_key,
        secret,
        env_secret,
        file_secret: profile.api_secret.clone(),
    })
}

impl Resolved {
    /// Whether the environment variable the secret should come from is set.
    pub fn env_secret_set(&self) -> bool {
        self.env_secret.is_some()
    }

    /// The credentials, fetching the secret where it lives (this may run `secret_command`).
    /// Errors are sentences that never hold a secret.
    pub fn credentials(&self) -> Result<Credentials, String> {
        if let SecretSource::Token(token) = &self.secret {
            return Ok(Credentials::Token(token.clone()));
        }
        let Some(api_key) = &self.api_key else {
            return Err(
                "No credentials: set M3TER_API_KEY and M3TER_API_SECRET (or M3TER_API_TOKEN), choose a profile, or try --demo."
                    .to_string(),
            );
        };
        let api_secret = match &self.secret {
            SecretSource::Env(var) => self
                .env_secret
                .clone()
                .ok_or_else(|| format!("The API secret should be in ${var}, which is not set."))?,
            SecretSource::Command { profile, command } => run_secret_command(profile, command)?,
            SecretSource::File { .. } => self.file_secret.clone().ok_or_else(|| {
                "The API secret in the config file was ignored (see above).".to_string()
            })?,
            SecretSource::Token(_) | SecretSource::Missing => {
                return Err(format!(
                    "There is an API key (from {}) but no secret: set M3TER_API_SECRET, or secret_env or secret_command in the profile.",
                    api_key.source
                ));
            }
        };
        Ok(Credentials::ClientCredentials {
            api_key: api_key.value.clone(),
            api_secret,
        })
    }
}

/// Runs a profile's `secret_command` with the shell and takes its first line of output.
fn run_secret_command(profile: &str, command: &str) -> Result<Secret, String> {
    let shell = if cfg!(windows) {
        ("cmd", "/C")
    } else {
        ("sh", "-c")
    };
    let output = Command::new(shell.0)
        .args([shell.1, command])
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| {
            format!("The secret_command of profile {profile} could not be started: {e}.")
        })?;
    if !output.status.success() {
        // The command's output may hold the secret, or part of it: it is never shown.
        return Err(format!(
            "The secret_command of profile {profile} failed ({}).",
            output.status
        ));
    }
    let text = String::from_utf8(output.stdout).map_err(|_| {
        format!("The secret_command of profile {profile} printed something that is not text.")
    })?;
    let secret = text.lines().next().unwrap_or_default().trim().to_string();
    if secret.is_empty() {
        return Err(format!(
            "The secret_command of profile {profile} printed nothing."
        ));
    }
    Ok(Secret::new(secret))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigFile;

    fn file() -> ConfigFile {
        toml::from_str(
            r#"
default_profile = "prod"
[profiles.prod]
org_id = "org-prod"
base_url = "https://prod.example.com"
api_key = "key-prod"
secret_command = "printf 'from-command\nsecond line'"

[profiles.sandbox]
org_id = "org-sandbox"
api_key = "key-sandbox"
secret_env = "SANDBOX_SECRET"

[profiles.broken]
api_key = "key-broken"
secret_command = "echo canary-partial; exit 3"
"#,
        )
        .unwrap()
    }

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    fn secret_of(c: Credentials) -> String {
        match c {
            Credentials::ClientCredentials { api_secret, .. } => api_secret.expose().to_string(),
            Credentials::Token(t) => format!("token:{}", t.expose()),
        }
    }

    #[test]
    fn flags_then_environment_then_profile_then_defaults() {
        let f = file();
        let none = env_of(&[]);
        let r = resolve(&f, None, None, None, &none).unwrap();
        assert_eq!(r.profile.as_deref(), Some("prod"));
        assert_eq!(r.org_id.as_ref().unwrap().value, "org-prod");
        assert_eq!(
            r.org_id.as_ref().unwrap().source,
            Source::Profile("prod".into())
        );
        assert_eq!(r.base_url.value, "https://prod.example.com");

        let env = env_of(&[
            ("M3TER_ORG_ID", "org-env"),
            ("M3TER_BASE_URL", "https://env.example.com"),
        ]);
        let r = resolve(&f, None, None, None, &env).unwrap();
        assert_eq!(r.org_id.as_ref().unwrap().value, "org-env");
        assert_eq!(r.base_url.source, Source::Env("M3TER_BASE_URL"));

        let r = resolve(&f, None, Some("org-flag"), None, &env).unwrap();
        assert_eq!(r.org_id.unwrap().value, "org-flag");

        let empty = ConfigFile::default();
        let r = resolve(&empty, None, None, None, &none).unwrap();
        assert_eq!(r.base_url.source, Source::Default);
        assert!(r.org_id.is_none());
        assert!(r.credentials().unwrap_err().starts_with("No credentials"));
    }

    #[test]
    fn secrets_come_from_the_environment_a_variable_or_a_command() {
        let f = file();
        let r = resolve(&f, None, None, None, &env_of(&[])).unwrap();
        assert_eq!(secret_of(r.credentials().unwrap()), "from-command");

        let r = resolve(
            &f,
            None,
            None,
            None,
            &env_of(&[("M3TER_API_SECRET", "from-env")]),
        )
        .unwrap();
        assert_eq!(secret_of(r.credentials().unwrap()), "from-env");

        let r = resolve(&f, None, None, None, &env_of(&[("M3TER_API_TOKEN", "tok")])).unwrap();
        assert_eq!(secret_of(r.credentials().unwrap()), "token:tok");

        let r = resolve(
            &f,
            Some("sandbox"),
            None,
            None,
            &env_of(&[("SANDBOX_SECRET", "from-var")]),
        )
        .unwrap();
        assert_eq!(secret_of(r.credentials().unwrap()), "from-var");
        let r = resolve(&f, Some("sandbox"), None, None, &env_of(&[])).unwrap();
        assert!(r.credentials().unwrap_err().contains("$SANDBOX_SECRET"));
    }

    #[test]
    fn a_failing_command_is_reported_without_its_output() {
        let r = resolve(&file(), Some("broken"), None, None, &env_of(&[])).unwrap();
        let error = r.credentials().unwrap_err();
        assert!(
            error.contains("secret_command of profile broken failed"),
            "{error}"
        );
        assert!(!error.contains("canary"), "{error}");
    }

    #[test]
    fn an_unknown_profile_lists_the_known_ones() {
        let e = resolve(&file(), Some("staging"), None, None, &env_of(&[])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "There is no profile \"staging\"; the profiles are broken, prod, sandbox"
        );
    }
}
