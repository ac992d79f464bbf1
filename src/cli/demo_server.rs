//! `m3ter-bills demo-server`: the built-in m3ter on a port, until interrupted.

use std::io::Write;
use std::time::Duration;

use super::args::DemoServerArgs;
use super::exit::{Code, Failure};
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
        ..DemoConfig::default()
    };
    let server = DemoServer::start(config, args.listen).await.map_err(|e| {
        Failure::new(
            Code::Failed,
            format!("Could not listen on {}: {e}.", args.listen),
        )
    })?;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(server.exports().as_bytes());
    let _ = out.flush();
    drop(out);
    eprintln!(
        "The demo m3ter is serving at {} (stats at {}/_demo/stats). Stop it with Ctrl-C.",
        server.base_url(),
        server.base_url()
    );
    shutdown_signal().await;
    Ok(())
}

/// Ctrl-C, SIGTERM or SIGHUP (the terminal went away), where there are such things.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut hangup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) else {
            let _ = tokio::signal::ctrl_c().await;
            return;
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
            _ = hangup.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
