use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use m3ter_bills::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            // Nobody may be reading stderr either; that is no reason to panic.
            let _ = writeln!(
                std::io::stderr(),
                "error: could not start the async runtime: {e}."
            );
            return ExitCode::from(cli::Code::Failed as u8);
        }
    };
    ExitCode::from(runtime.block_on(cli::run(cli)))
}
