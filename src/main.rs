use std::process::ExitCode;

use clap::Parser;
use m3ter_bills::cli::{self, Cli};

fn main() -> ExitCode {
    // reqwest is built without a default crypto provider (ring compiles far faster than
    // aws-lc); install ring's before any TLS is set up. It fails only if one is installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}.");
            return ExitCode::from(cli::Code::Failed as u8);
        }
    };
    ExitCode::from(runtime.block_on(cli::run(cli)))
}
