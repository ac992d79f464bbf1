//! The signals that end a run: the screen, a download and the demo server all stop on them.

/// Ctrl-C (SIGINT), SIGTERM or SIGHUP (the terminal went away), where there are such things.
/// The handlers are installed when this is called, not when the future is first polled, so a
/// signal that arrives in between is not lost (nor fatal).
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut signals: Vec<_> = [
            SignalKind::interrupt(),
            SignalKind::terminate(),
            SignalKind::hangup(),
        ]
        .into_iter()
        .filter_map(|kind| signal(kind).ok())
        .collect();
        async move {
            if signals.is_empty() {
                return std::future::pending().await;
            }
            let any =
                futures_util::future::select_all(signals.iter_mut().map(|s| Box::pin(s.recv())));
            any.await;
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
