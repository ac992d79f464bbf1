//! `m3ter-bills view FILE.csv`: the table view on its own.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::exit::Failure;
use super::screen::run_screen;
use crate::browser::SystemBrowser;
use crate::config::{ColumnMemory, Paths};
use crate::tui::{Context, Form, Osc52, Services, State, TableState, Theme, start_view};

/// Opens `path` in the table view; closing the view ends the program. A file that cannot be
/// read is said before the screen opens.
pub async fn run(path: &Path) -> Result<(), Failure> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Failure::invalid("The table view needs a terminal."));
    }
    let env = |name: &str| std::env::var(name).ok();
    let paths = Paths::locate(None, &env);
    let memory = ColumnMemory::in_folder(&paths.data);
    let opened = start_view(path, Arc::new(AtomicBool::new(false)), Some(&memory))
        .map_err(Failure::invalid)?;
    let services = Services {
        client: Err("m3ter is not used by the table view.".to_string()),
        opener: Arc::new(SystemBrowser),
        clipboard: Box::new(Osc52),
        library: None,
        columns: Some(memory),
        pieces: paths.pieces(),
        lists: None,
    };
    run_screen(
        |size| {
            let mut state = State::new(
                Form::default(),
                chrono::Utc::now(),
                size,
                Theme::from_env(),
                Context::default(),
            );
            state.table = Some(TableState::new(
                opened.file,
                opened.scan,
                true,
                opened.columns.as_deref(),
            ));
            state
        },
        services,
        || {},
    )
    .await
}
