//! `m3ter-bills` with no command: the interactive query builder in the terminal.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use super::args::ConnectionArgs;
use super::connection::{Connection, Setup, connect, connect_profile};
use super::draft::read_body;
use super::exit::Failure;
use super::screen::run_screen;
use crate::browser::SystemBrowser;
use crate::query::{BodySource, draft_from_json};
use crate::tui::{Context, Form, Library, Osc52, Services, State, Switch, Theme};

/// Opens the screen and runs it until the person quits. SplitStopped settings do not stop it:
/// the form works, and submitting says what is missing.
pub async fn run(
    body: Option<&Path>,
    demo: bool,
    connection: &ConnectionArgs,
) -> Result<(), Failure> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Failure::invalid(
            "The interactive screen needs a terminal; for scripts, use m3ter-bills query (see --help).",
        ));
    }
    let (form, notes) = match body {
        Some(path) => {
            let (name, text) = read_body(path)?;
            let draft = draft_from_json(&text, BodySource::File)
                .map_err(|e| Failure::invalid(format!("{name}: {e}")))?;
            Form::from_draft(&draft)
        }
        None => (Form::default(), Vec::new()),
    };
    let setup = Setup::load(connection);
    let connected = connect(demo, connection, &setup).await;
    let folder = std::env::current_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|_| "the current folder".to_string());
    let context = match &connected {
        Ok(c) => context_of(c, demo, &folder),
        Err(f) => Context {
            demo,
            unusable: Some(f.sentences.join(" ")),
            folder: folder.clone(),
            ..Context::default()
        },
    };
    let switch_args = connection.clone();
    let switch_setup = setup.clone();
    let switch_folder = folder.clone();
    let library = Library {
        saved: setup.saved(),
        reports: crate::report::Reports::new(setup.paths.reports.clone()),
        history: setup.history(demo),
        profiles: setup.profiles(),
        switch: Box::new(move |name| {
            connect_profile(&switch_args, &switch_setup, Some(name))
                .map(|c| {
                    c.warm_up();
                    Switch {
                        client: c.client.clone(),
                        context: context_of(&c, false, &switch_folder),
                    }
                })
                .map_err(|f| f.sentences.join(" "))
        }),
    };
    let services = Services {
        client: connected
            .as_ref()
            .map(|c| c.client.clone())
            .map_err(|f| f.sentences.join(" ")),
        opener: Arc::new(SystemBrowser),
        clipboard: Box::new(Osc52),
        library: Some(Arc::new(library)),
        columns: Some(crate::config::ColumnMemory::in_folder(&setup.paths.data)),
        pieces: setup.paths.pieces(),
        // The in-process demo is new in every run: nothing to keep of it.
        lists: (!demo).then(|| crate::config::ListCache::in_folder(&setup.paths.cache)),
    };
    let mut notes = notes;
    notes.extend(setup.loaded.problems.iter().cloned());

    run_screen(
        |size| {
            let mut state = State::new(form, chrono::Utc::now(), size, Theme::from_env(), context);
            if !notes.is_empty() {
                state.notice = Some(crate::tui::Notice::bad(notes.join(" ")));
            }
            state
        },
        services,
        || {
            if let Ok(c) = &connected {
                c.warm_up();
            }
        },
    )
    .await
}

/// What the status line says about a connection.
fn context_of(c: &Connection, demo: bool, folder: &str) -> Context {
    Context {
        demo,
        profile: c.profile.clone(),
        org_id: c.client.settings().org_id.clone(),
        base_url: c.client.settings().base_url.to_string(),
        unusable: None,
        folder: folder.to_string(),
    }
}
