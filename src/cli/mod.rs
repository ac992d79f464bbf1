//! The command line on top of everything else: parse, pick a mode, map errors to exit codes.

mod answer;
mod args;
mod compare;
mod completions;
mod connection;
mod demo_server;
mod draft;
mod exit;
mod export;
mod interactive;
mod lists;
mod lookup;
mod news;
mod out;
mod pivot;
mod progress;
mod query;
mod report;
mod screen;
mod show_config;
mod shutdown;
mod split;
mod view;

pub use args::Cli;

use crate::m3ter::ListKind;
pub use exit::{Code, Failure};

/// Runs what the command line asked for and gives the process's exit code.
pub async fn run(cli: Cli) -> u8 {
    if let Err(failure) = start_log(&cli) {
        for sentence in &failure.sentences {
            out::say(&format!("error: {sentence}"));
        }
        return failure.code as u8;
    }
    log::info!(
        "m3ter-bills {} {}",
        env!("CARGO_PKG_VERSION"),
        match &cli.command {
            Some(args::Command::Query(_)) => "query",
            Some(args::Command::DemoServer(_)) => "demo-server",
            Some(args::Command::Config(_)) => "config",
            Some(args::Command::View { .. }) => "view",
            Some(args::Command::Completions { .. }) => "completions",
            Some(args::Command::Pivot(_)) => "pivot",
            Some(args::Command::Compare(_)) => "compare",
            Some(args::Command::Export(_)) => "export",
            Some(args::Command::Accounts(_)) => "accounts",
            Some(args::Command::Products(_)) => "products",
            Some(args::Command::Report(_)) => "report",
            None => "screen",
        }
    );
    let outcome = match cli.command {
        Some(args::Command::Query(args)) => {
            let connection = args.connection.over(&cli.connection);
            query::run(*args, cli.demo, &connection).await
        }
        Some(args::Command::DemoServer(args)) => demo_server::run(args).await,
        Some(args::Command::Config(args)) => {
            show_config::run(&args.connection.over(&cli.connection))
        }
        Some(args::Command::View { file }) => view::run(&file).await,
        Some(args::Command::Completions { shell }) => completions::run(shell),
        Some(args::Command::Pivot(args)) => {
            let connection = args.connection.over(&cli.connection);
            pivot::run(&args, cli.demo, &connection).await
        }
        Some(args::Command::Compare(args)) => {
            let connection = args.connection.over(&cli.connection);
            compare::run(&args, cli.demo, &connection).await
        }
        Some(args::Command::Export(args)) => export::run(&args),
        Some(args::Command::Accounts(args)) => {
            let connection = args.connection.over(&cli.connection);
            lists::run(ListKind::Accounts, &args, cli.demo, &connection).await
        }
        Some(args::Command::Products(args)) => {
            let connection = args.connection.over(&cli.connection);
            lists::run(ListKind::Products, &args, cli.demo, &connection).await
        }
        Some(args::Command::Report(args)) => report::run(&args, cli.demo, &cli.connection).await,
        None => interactive::run(cli.body.as_deref(), cli.demo, &cli.connection).await,
    };
    match outcome {
        Ok(()) => 0,
        Err(failure) => {
            for sentence in &failure.sentences {
                out::say(&format!("error: {sentence}"));
            }
            failure.code as u8
        }
    }
}

/// Installs the logger `-v` and `--log-file` ask for. The screen owns the terminal, so its log
/// goes to a file even without `--log-file`.
fn start_log(cli: &Cli) -> Result<(), Failure> {
    // A log file asked for without -v gets what -v gives, rather than nothing.
    let level = crate::logging::level(cli.verbose.max(u8::from(cli.log_file.is_some())));
    if level == log::LevelFilter::Off {
        return Ok(());
    }
    let screen = matches!(cli.command, None | Some(args::Command::View { .. }));
    // The file the person named is theirs; the screen's own log beside the history is ours.
    let opened = match (&cli.log_file, screen) {
        (Some(path), _) => Some((path.clone(), crate::logging::Sink::named(path))),
        (None, true) => {
            let path = log_file(&cli.connection);
            let sink = crate::logging::Sink::file(&path);
            Some((path, sink))
        }
        (None, false) => None,
    };
    let sink = match opened {
        Some((path, sink)) => sink.map_err(|e| {
            Failure::invalid(format!(
                "Could not open the log file {}: {e}.",
                crate::printable::printable(&path.display().to_string())
            ))
        })?,
        None => crate::logging::Sink::Stderr,
    };
    crate::logging::install(level, sink);
    Ok(())
}

/// Where the screen logs without `--log-file`: beside the history.
fn log_file(connection: &args::ConnectionArgs) -> std::path::PathBuf {
    crate::config::Paths::locate(connection.config.as_deref(), &|name| {
        std::env::var(name).ok()
    })
    .log()
}
