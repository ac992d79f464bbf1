//! Background work that cannot fail silently: blocking work run on its own thread, whose
//! panic (a bug) becomes the failure message its screen waits for.

use std::panic::AssertUnwindSafe;

use tokio::sync::mpsc::UnboundedSender;

use crate::tui::msg::Msg;

/// What the screen says when a task failed in a way it should not have.
pub(super) const INTERNAL_ERROR: &str =
    "Something went wrong inside m3ter-bills (a bug); please report it";

/// Runs `work` on a thread for blocking work and sends the message it makes. A panic there (a
/// bug) is logged and becomes `failed`'s message with a sentence for the screen, so no spinner
/// turns for ever; the panic's own report is printed when the screen is left.
pub(super) fn blocking(
    tx: &UnboundedSender<Msg>,
    work: impl FnOnce() -> Msg + Send + 'static,
    failed: impl FnOnce(String) -> Msg + Send + 'static,
) {
    let tx = tx.clone();
    tokio::task::spawn_blocking(move || {
        let message = match std::panic::catch_unwind(AssertUnwindSafe(work)) {
            Ok(message) => message,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                log::error!("background work panicked: {what}");
                failed(format!("{INTERNAL_ERROR}."))
            }
        };
        let _ = tx.send(message);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_in_background_work_becomes_a_message_not_a_silent_spinner() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        blocking(&tx, || panic!("a bug in a pass"), |e| Msg::Wrote(Err(e)));
        let Some(Msg::Wrote(Err(said))) = rx.recv().await else {
            panic!("a message was expected")
        };
        assert_eq!(said, format!("{INTERNAL_ERROR}."));
        blocking(
            &tx,
            || Msg::Wrote(Ok("saved".into())),
            |e| Msg::Wrote(Err(e)),
        );
        assert!(matches!(rx.recv().await, Some(Msg::Wrote(Ok(_)))));
    }
}
