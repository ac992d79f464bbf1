//! `m3ter-bills demo-server`: the built-in m3ter on a port, until interrupted.

use std::time::Duration;

use super::args::DemoServerArgs;
use super::exit::{Code, Failure};
use super::shutdown::shutdown_signal;
use crate::demo::{DemoConfig, DemoServer};
use crate::throttle::Rate;

/// Prints the four `export` lines first (so `eval "$(...)"` works as soon as they appear),
/// then serves until Ctrl-C or SIGTERM.
pub async fn run(args: DemoServerArgs) -> Result<(), Failure> {
    let rate = match args.rate_limit.trim() {
        "off" => None,
        text => Some(
            text.parse::<Rate>()
                .map_err(|e| Failure::invalid(format!("--rate-limit: {e}, or off.")))?,
        ),
    };
    if args.token_ttl == 0 || args.link_ttl == 0 {
        return Err(Failure::invalid(
            "--token-ttl and --link-ttl must be at least 1 second.",
        ));
    }
    let config = DemoConfig {
        token_ttl: Duration::from_secs(args.token_ttl),
        link_ttl: Duration::from_secs(args.link_ttl),
        rate,
        faults: args.fault,
        slow_delay: Duration::from_secs(args.slow_delay),
        download_copies: args.download_copies,
        ..DemoConfig::default()
    };
    let shutdown = shutdown_signal();
    let server = DemoServer::start(config, args.listen).await.map_err(|e| {
        Failure::new(
            Code::Failed,
            format!("Could not listen on {}: {e}.", args.listen),
        )
    })?;
    server.warm_up();
    super::out::print(&server.exports())?;
    super::out::say(&format!(
        "The demo m3ter is serving at {} (stats at {}/_demo/stats). Stop it with Ctrl-C.",
        server.base_url(),
        server.base_url()
    ));
    shutdown.await;
    Ok(())
}
