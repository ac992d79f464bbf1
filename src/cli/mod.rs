//! The command line on top of everything else: parse, pick a mode, map errors to exit codes.

mod args;
mod connection;
mod demo_server;
mod exit;
mod progress;
mod query;

pub use args::Cli;
pub use exit::{Code, Failure};

/// Runs what the command line asked for and gives the process's exit code.
pub async fn run(cli: Cli) -> u8 {
    let outcome = match cli.command {
        Some(args::Command::Query(args)) => query::run(args, cli.demo).await,
        Some(args::Command::DemoServer(args)) => demo_server::run(args).await,
        None => {
            not_yet_interactive(cli.demo);
            Ok(())
        }
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

/// The interactive screen is the next piece of work; until it lands, say so and show the
/// headless commands that do the same.
fn not_yet_interactive(demo: bool) {
    let demo = if demo { "--demo " } else { "" };
    println!(
        "The interactive query builder is not here yet; it is the next piece of work.\n\
         Meanwhile the whole flow works headless:\n\n  \
         m3ter-bills {demo}query --preset last-month --type all --dry-run\n  \
         m3ter-bills {demo}query --preset last-month --type USAGE --download usage.csv\n  \
         m3ter-bills {demo}query --preset last-quarter --type charges --dimension 'account=acme,globex'\n\n\
         See m3ter-bills query --help for every option."
    );
}
