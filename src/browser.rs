//! Handing a download link to the person's browser. Behind a trait, so tests never start one.

use std::process::{Command, Stdio};

use crate::m3ter::DownloadLink;

/// Why no browser took the link.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LaunchError {
    #[error("No browser can be started here ({0})")]
    NoBrowser(String),
    #[error("The browser could not be started: {0}")]
    Failed(String),
}

/// Something that opens links.
pub trait Opener: Send + Sync {
    fn open(&self, link: &DownloadLink) -> Result<(), LaunchError>;
}

/// The system's browser: the command in `$BROWSER` when set (as many Unix tools honour), the
/// desktop's default otherwise. Refuses up front where there is no graphical session (an SSH
/// login, a container), rather than starting a text browser over the terminal.
pub struct SystemBrowser;

impl Opener for SystemBrowser {
    fn open(&self, link: &DownloadLink) -> Result<(), LaunchError> {
        if let Some(command) = std::env::var("BROWSER").ok().and_then(|b| {
            b.split(':')
                .map(str::trim)
                .find(|c| !c.is_empty())
                .map(str::to_string)
        }) {
            return run_browser_command(&command, link.as_str());
        }
        if cfg!(all(unix, not(target_os = "macos")))
            && std::env::var_os("DISPLAY").is_none()
            && std::env::var_os("WAYLAND_DISPLAY").is_none()
        {
            return Err(LaunchError::NoBrowser(
                "no graphical session: DISPLAY and WAYLAND_DISPLAY are not set".into(),
            ));
        }
        open::that_detached(link.as_str()).map_err(|e| LaunchError::Failed(e.to_string()))
    }
}

/// Runs a `$BROWSER` entry: `%s` stands for the link, otherwise the link is the last argument.
fn run_browser_command(command: &str, url: &str) -> Result<(), LaunchError> {
    let mut words: Vec<String> = command.split_whitespace().map(str::to_string).collect();
    if words.iter().any(|w| w.contains("%s")) {
        for w in &mut words {
            *w = w.replace("%s", url);
        }
    } else {
        words.push(url.to_string());
    }
    let (program, args) = words
        .split_first()
        .ok_or_else(|| LaunchError::Failed("BROWSER is empty".into()))?;
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| LaunchError::Failed(format!("{program}: {e}")))
}
