//! Downloads are all or nothing: a whole file in place, or no file at all.

mod common;

use std::time::Duration;

use common::*;
use m3ter_bills::demo::DemoConfig;
use m3ter_bills::m3ter::{DownloadError, DownloadLink};

async fn link(server: &m3ter_bills::demo::DemoServer) -> DownloadLink {
    client(server)
        .submit(&last_month_usage(), &mut |_| {})
        .await
        .unwrap()
}

#[tokio::test]
async fn a_download_lands_whole_with_progress_and_nothing_else() {
    let server = start(config()).await;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("usage.csv");
    let link = link(&server).await;
    assert!(link.file_name().unwrap().starts_with("bills_"));
    let mut seen = Vec::new();
    let done = client(&server)
        .download(&link, &target, false, &mut |p| seen.push(p))
        .await
        .unwrap();
    let text = std::fs::read_to_string(&target).unwrap();
    assert_eq!(done.bytes, text.len() as u64);
    let last = seen.last().unwrap();
    assert_eq!(last.total, Some(done.bytes));
    assert_eq!(last.bytes, done.bytes);
    assert!(seen.windows(2).all(|w| w[0].bytes <= w[1].bytes));
    assert_eq!(files_in(dir.path()), ["usage.csv"]);

    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let type_column = headers.iter().position(|h| h == "lineItemType").unwrap();
    let records: Vec<_> = rows.records().map(|r| r.unwrap()).collect();
    assert!(records.len() > 20);
    assert!(records.iter().all(|r| &r[type_column] == "USAGE"));
}

#[tokio::test]
async fn a_truncated_download_leaves_no_file() {
    let server = start(with_faults(&["truncate-download:1"])).await;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("bills.csv");
    let link = link(&server).await;
    let error = client(&server)
        .download(&link, &target, false, &mut |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(error, DownloadError::Truncated { received, expected } if received < expected),
        "{error:?}"
    );
    assert!(error.to_string().contains("no file was written"));
    assert!(files_in(dir.path()).is_empty());
    // The same link works once the fault has passed.
    client(&server)
        .download(&link, &target, false, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(files_in(dir.path()), ["bills.csv"]);
}

#[tokio::test]
async fn an_existing_file_is_kept_unless_overwriting_is_asked() {
    let server = start(config()).await;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("bills.csv");
    std::fs::write(&target, "precious").unwrap();
    let link = link(&server).await;
    let error = client(&server)
        .download(&link, &target, false, &mut |_| {})
        .await
        .unwrap_err();
    assert!(matches!(error, DownloadError::Exists(_)));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
    client(&server)
        .download(&link, &target, true, &mut |_| {})
        .await
        .unwrap();
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("account,")
    );
    assert_eq!(files_in(dir.path()), ["bills.csv"]);
}

#[tokio::test]
async fn a_cancelled_download_leaves_no_file() {
    let server = start(with_faults(&["truncate-download:1"])).await;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("bills.csv");
    let link = link(&server).await;
    let client = client(&server);
    // Cancelling is dropping the future; do it as soon as the first bytes have arrived.
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut tx = Some(tx);
    let path = target.clone();
    let task = tokio::spawn(async move {
        client
            .download(&link, &path, false, &mut |p| {
                if p.bytes > 0
                    && let Some(tx) = tx.take()
                {
                    let _ = tx.send(());
                }
            })
            .await
    });
    let _ = tokio::time::timeout(Duration::from_secs(5), rx).await;
    task.abort();
    assert!(
        task.await.unwrap_err().is_cancelled(),
        "the download was still running"
    );
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );
}

#[tokio::test]
async fn expired_and_tampered_links_are_refused_by_the_server() {
    let server = start(DemoConfig {
        link_ttl: Duration::from_secs(1),
        ..config()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("bills.csv");
    let good = link(&server).await;
    let tampered =
        DownloadLink::parse(&good.as_str().replace("signature=", "signature=00")).unwrap();
    let error = client(&server)
        .download(&tampered, &target, false, &mut |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(&error, DownloadError::Http { status: 403, message } if message.contains("signature")),
        "{error:?}"
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let error = client(&server)
        .download(&good, &target, false, &mut |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(&error, DownloadError::Http { status: 403, message } if message.contains("expired")),
        "{error:?}"
    );
    assert!(files_in(dir.path()).is_empty());
}

#[tokio::test]
async fn a_missing_folder_is_said_plainly() {
    let server = start(config()).await;
    let link = link(&server).await;
    let error = client(&server)
        .download(
            &link,
            std::path::Path::new("/no/such/folder/x.csv"),
            false,
            &mut |_| {},
        )
        .await
        .unwrap_err();
    assert!(matches!(error, DownloadError::NoFolder(_)));
}

#[test]
fn unsafe_schemes_are_refused_before_any_request() {
    for bad in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://example.com/a.csv",
        "ftp://host/x",
    ] {
        assert!(DownloadLink::parse(bad).is_err(), "{bad}");
    }
}

#[tokio::test]
async fn the_demo_can_serve_large_files_for_benchmarks() {
    let server = start(DemoConfig {
        download_copies: 3,
        ..config()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("big.csv");
    let done = client(&server)
        .download(&link(&server).await, &target, false, &mut |_| {})
        .await
        .unwrap();
    let single = start(config()).await;
    let one = dir.path().join("one.csv");
    let small = client(&single)
        .download(&link(&single).await, &one, false, &mut |_| {})
        .await
        .unwrap();
    let header = std::fs::read_to_string(&one)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .len() as u64
        + 1;
    assert_eq!(done.bytes, header + (small.bytes - header) * 3);
    let rows = |p: &std::path::Path| csv::Reader::from_path(p).unwrap().records().count();
    assert_eq!(rows(&target), rows(&one) * 3);
}
