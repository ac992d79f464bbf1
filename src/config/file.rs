//! The config file: named profiles and a few preferences, in TOML.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;

use crate::m3ter::Secret;

/// `config.toml` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The profile used when `--profile` is not given.
    pub default_profile: Option<String>,
    /// How many submits the history keeps (default 1000).
    pub history_limit: Option<usize>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One m3ter organisation and how to reach it.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub org_id: Option<String>,
    pub base_url: Option<String>,
    pub api_key: Option<String>,
    /// The secret itself: accepted only when the file is readable by its owner alone.
    pub api_secret: Option<Secret>,
    /// The name of an environment variable that holds the secret.
    pub secret_env: Option<String>,
    /// A command whose output is the secret, e.g. `pass show m3ter/prod`.
    pub secret_command: Option<String>,
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("org_id", &self.org_id)
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key)
            .field("api_secret", &self.api_secret)
            .field("secret_env", &self.secret_env)
            .field("secret_command", &self.secret_command)
            .finish()
    }
}

/// The config as read, and what was wrong with it. A broken file never stops the tool: it
/// runs with what could be used, and says what is wrong and where.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub file: ConfigFile,
    pub problems: Vec<String>,
    /// Whether there is a file at all.
    pub exists: bool,
}

/// The largest config file read; a real one is a few hundred bytes.
const LARGEST: u64 = 1_000_000;

/// Reads the config at `path`. A missing file is no problem; an unreadable or broken one is
/// reported with its line and column, and defaults are used.
pub fn load(path: &Path) -> Loaded {
    let (text, meta) = match read(path) {
        Ok(Some(read)) => read,
        Ok(None) => return Loaded::default(),
        Err(why) => {
            return Loaded {
                problems: vec![format!("{}: {why}; using the defaults", path.display())],
                exists: true,
                ..Loaded::default()
            };
        }
    };
    let mut file: ConfigFile = match toml::from_str(&text) {
        Ok(file) => file,
        Err(e) => {
            let at = e
                .span()
                .map(|span| line_and_column(&text, span.start))
                .map(|(line, column)| format!(":{line}:{column}"))
                .unwrap_or_default();
            let message = e.message().trim().trim_end_matches('.').replace('\n', " ");
            return Loaded {
                problems: vec![format!(
                    "{}{at}: {message}; using the defaults until it is fixed",
                    path.display()
                )],
                exists: true,
                ..Loaded::default()
            };
        }
    };
    let mut problems = Vec::new();
    let with = |file: &ConfigFile, has: fn(&Profile) -> bool| -> Vec<String> {
        file.profiles
            .iter()
            .filter(|(_, p)| has(p))
            .map(|(name, _)| name.clone())
            .collect()
    };
    let with_secret = with(&file, |p| p.api_secret.is_some());
    if !with_secret.is_empty() && !owner_only(&meta) {
        problems.push(format!(
            "{} holds an api_secret (profile {}) but other users can read it, so the secret is ignored; run: chmod 600 {}",
            path.display(),
            with_secret.join(", "),
            path.display()
        ));
        for profile in file.profiles.values_mut() {
            profile.api_secret = None;
        }
    }
    // Whoever can change the file chooses the command this tool runs as you.
    let with_command = with(&file, |p| p.secret_command.is_some());
    if !with_command.is_empty() && others_can_change(&meta) {
        problems.push(format!(
            "{} holds a secret_command (profile {}) but other users can change the file, so the command is not run; run: chmod 600 {}",
            path.display(),
            with_command.join(", "),
            path.display()
        ));
        for profile in file.profiles.values_mut() {
            profile.secret_command = None;
        }
    }
    if let Some(name) = &file.default_profile
        && !file.profiles.contains_key(name)
    {
        problems.push(format!(
            "{}: default_profile \"{name}\" is not a profile of the file",
            path.display()
        ));
    }
    Loaded {
        file,
        problems,
        exists: true,
    }
}

/// 1-based line and column of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The file's text and what it is (from the file read, so the checks below are of that file and
/// not of one swapped in after), or `None` when there is no file. Only a plain file is read (a
/// link to one is fine): a FIFO would wait for ever for a writer, and a device could be endless.
fn read(path: &Path) -> Result<Option<(String, std::fs::Metadata)>, String> {
    use std::io::Read as _;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("could not be read: {e}")),
    };
    let meta = file
        .metadata()
        .map_err(|e| format!("could not be read: {e}"))?;
    if !meta.is_file() {
        return Err("is not a plain file (a FIFO, a device or a folder), so it is not read".into());
    }
    if meta.len() > LARGEST {
        return Err(format!(
            "is larger than {} MB, so it is not read",
            LARGEST / 1_000_000
        ));
    }
    let mut text = String::new();
    file.take(LARGEST)
        .read_to_string(&mut text)
        .map_err(|e| format!("could not be read: {e}"))?;
    Ok(Some((text, meta)))
}

/// Whether someone other than its owner (the user running this) may change the file.
fn others_can_change(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        meta.permissions().mode() & 0o022 != 0 || meta.uid() != me
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Whether only the file's owner can read or write it.
fn owner_only(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o077 == 0
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str, mode: u32) -> std::path::PathBuf {
        let path = dir.join("config.toml");
        std::fs::write(&path, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        #[cfg(not(unix))]
        let _ = mode;
        path
    }

    const GOOD: &str = r#"
default_profile = "prod"
history_limit = 50

[profiles.prod]
org_id = "org-prod"
api_key = "key-prod"
secret_command = "printf s3cret"

[profiles.sandbox]
org_id = "org-sandbox"
base_url = "https://sandbox.example.com"
api_key = "key-sandbox"
api_secret = "canary-in-file"
"#;

    #[test]
    fn a_good_file_with_owner_only_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = load(&write(dir.path(), GOOD, 0o600));
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.file.history_limit, Some(50));
        let sandbox = &loaded.file.profiles["sandbox"];
        assert_eq!(
            sandbox.api_secret.as_ref().map(Secret::expose),
            Some("canary-in-file")
        );
        assert!(!format!("{loaded:?}").contains("canary"));
    }

    #[cfg(unix)]
    #[test]
    fn a_secret_in_a_readable_file_is_ignored_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), GOOD, 0o644);
        let loaded = load(&path);
        assert_eq!(loaded.problems.len(), 1);
        let problem = &loaded.problems[0];
        assert!(
            problem.contains(&format!("chmod 600 {}", path.display())),
            "{problem}"
        );
        assert!(problem.contains("sandbox"));
        assert!(loaded.file.profiles["sandbox"].api_secret.is_none());
        assert!(!problem.contains("canary"));
    }

    #[cfg(unix)]
    #[test]
    fn a_secret_command_in_a_file_others_can_change_is_not_run() {
        let dir = tempfile::tempdir().unwrap();
        let readable = load(&write(
            dir.path(),
            "[profiles.prod]\nsecret_command = \"pass show m3ter\"\n",
            0o644,
        ));
        assert!(readable.problems.is_empty(), "{:?}", readable.problems);
        assert!(readable.file.profiles["prod"].secret_command.is_some());

        let path = write(dir.path(), GOOD, 0o620);
        let loaded = load(&path);
        let problem = loaded
            .problems
            .iter()
            .find(|p| p.contains("secret_command"))
            .expect("a problem about the command");
        assert!(
            problem.contains("profile prod")
                && problem.contains("not run")
                && problem.ends_with(&format!("chmod 600 {}", path.display())),
            "{problem}"
        );
        assert!(loaded.file.profiles["prod"].secret_command.is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_device_is_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("config.toml");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid C string for the path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        for path in [fifo.as_path(), Path::new("/dev/zero")] {
            let loaded = load(path);
            assert!(loaded.exists);
            assert!(
                loaded.problems[0].contains("is not a plain file")
                    && loaded.problems[0].ends_with("using the defaults"),
                "{:?}",
                loaded.problems
            );
        }
    }

    #[test]
    fn a_broken_file_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "[profiles.prod]\norg_id = \"x\"\napi_kee = \"typo\"\n",
            0o600,
        );
        let loaded = load(&path);
        assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
        let problem = &loaded.problems[0];
        assert!(
            problem.starts_with(&format!("{}:3:1:", path.display())),
            "{problem}"
        );
        assert!(problem.contains("api_kee"), "{problem}");
        assert!(loaded.file.profiles.is_empty());

        let path = write(dir.path(), "default_profile = \n", 0o600);
        assert!(
            load(&path).problems[0].contains(":1:"),
            "{:?}",
            load(&path).problems
        );
    }

    #[test]
    fn a_missing_file_is_fine() {
        let loaded = load(Path::new("/no/such/m3ter-bills/config.toml"));
        assert!(loaded.problems.is_empty());
        assert!(!loaded.exists);
    }
}
