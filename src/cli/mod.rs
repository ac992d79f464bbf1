//! The command line on top of everything else: parse, pick a mode, map errors to exit codes.

mod args;
mod connection;
mod demo_server;
mod exit;
mod interactive;
mod progress;
mod query;
mod screen;
mod show_config;
mod view;

pub use args::Cli;
pub use exit::{Code, Failure};

/// Runs what the command line asked for and gives the process's exit code.
pub async fn run(cli: Cli) -> u8 {
    let outcome = match cli.command {
        Some(args::Command::Query(args)) => query::run(args, cli.demo, &cli.connection).await,
        Some(args::Command::DemoServer(args)) => demo_server::run(args).await,
        Some(args::Command::Config) => show_config::run(&cli.connection),
        Some(args::Command::View { file }) => view::run(&file).await,
        None => interactive::run(cli.body.as_deref(), cli.demo, &cli.connection).await,
    };
    match outcome {
        Ok(()) => 0,
        Err(failure) => {
            for sentence in &failure.sentences {
                eprintln!("error: {sentence}");
            }
            failure.code as u8
        }
    }
}
