//! `m3ter-bills query`: the whole flow without a screen, for scripts.

use std::io::IsTerminal;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};

use chrono::Utc;
use tokio::io::AsyncWrite;

use super::args::{ConnectionArgs, QueryArgs, QueryFlags};
use super::connection::{Setup, connect, endpoint};
use super::draft::draft;
use super::exit::{Code, Failure};
use super::out::{print, say};
use super::progress::ProgressLine;
use super::saving::{Target, is_workbook, remember, workbook_of};
use super::shutdown::shutdown_signal;
use crate::browser::{Opener, SystemBrowser};
use crate::config::Outcome;
use crate::explore::Period;
use crate::m3ter::{
    Client, Credentials, DownloadError, DownloadLink, DownloadProgress, Downloaded, Secret,
    Settings, SubmitEvent, curl_command,
};
use crate::printable::printable;
use crate::query::{BillQuery, Caveat, DateInput, is_plain_date, validate};
use crate::rows::{RowCounter, count_data_rows};

/// Runs the query command. Only the link (or the body, or the curl command, or the file with
/// `--download -`) goes to stdout; everything else to stderr.
pub async fn run(args: QueryArgs, demo: bool, connection: &ConnectionArgs) -> Result<(), Failure> {
    run_telling(args, demo, connection, Tell::LinkOnStdout).await
}

/// Fetches the file `flags` ask for to `path`, for a command that answers from it (`pivot`):
/// its standard output is for the answer, so the link is told on stderr.
pub async fn fetch_for(
    flags: &QueryFlags,
    demo: bool,
    connection: &ConnectionArgs,
    path: &Path,
) -> Result<(), Failure> {
    let args = QueryArgs {
        flags: flags.clone(),
        dry_run: false,
        curl: false,
        download: Some(path.to_path_buf()),
        force: false,
        fail_empty: false,
        open: false,
        connection: ConnectionArgs::default(),
    };
    run_telling(args, demo, connection, Tell::LinkOnStderr).await
}

/// Where the link goes when standard output is not the file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tell {
    LinkOnStdout,
    LinkOnStderr,
}

async fn run_telling(
    args: QueryArgs,
    demo: bool,
    connection: &ConnectionArgs,
    tell: Tell,
) -> Result<(), Failure> {
    let demo = demo || args.flags.demo;
    let setup = Setup::load(connection);
    for problem in &setup.loaded.problems {
        say(&format!("warning: {}", printable(problem)));
    }
    let draft = draft(&args.flags, &setup)?;
    let query = validate(&draft, Utc::now()).map_err(Failure::problems)?;
    for warning in query.warnings() {
        say(&format!("warning: {}", printable(&warning.to_string())));
    }
    if args.flags.end.as_deref().is_some_and(is_plain_date) {
        say(&end_note(&query));
    }

    if let Some(how) = args.flags.split
        && (args.dry_run || args.curl)
    {
        say(&super::split::plan(&query, how.into()));
    }
    if args.dry_run {
        return print(&(query.to_json_pretty() + "\n"));
    }
    if args.curl {
        let (base, org) = endpoint(demo, connection, &setup)?;
        // The command needs no credentials to print; these are never shown.
        let settings = Settings::new(base, org, Credentials::Token(Secret::new("")));
        let mut text = String::new();
        if demo {
            text.push_str(
                "# For the demo, first run: eval \"$(m3ter-bills demo-server --listen 127.0.0.1:8080)\"\n",
            );
        }
        text.push_str(&curl_command(&settings, &query));
        return print(&text);
    }
    let target = args.download.as_deref().map(|path| {
        if path.as_os_str() == "-" {
            Target::Stdout
        } else {
            Target::File(path)
        }
    });
    // Before the token request and the submit: a query whose file cannot be saved is not
    // worth sending, and m3ter's rate limit is better spent on one that can.
    if let Some(Target::File(path)) = target {
        crate::target::check(path, args.force)?;
    }

    let names = (
        args.flags.preset.map(|p| p.name().to_string()),
        args.flags.saved.clone(),
    );
    if let Some(how) = args.flags.split {
        let Some(target) = target else {
            return Err(Failure::invalid(
                "--split merges the pieces into one file: add --download PATH (- for standard output).",
            ));
        };
        if args.open {
            return Err(Failure::invalid(
                "--open opens one link, and --split fetches many pieces: leave one of them out.",
            ));
        }
        let connection = connect(demo, connection, &setup).await?;
        let asked = super::split::Asked {
            query: &query,
            mode: how.into(),
            resume: args.flags.resume,
            target,
            force: args.force,
            fail_empty: args.fail_empty,
            names,
            keep_pieces: false,
        };
        let history = setup.history(demo);
        super::split::fetch(&connection, &history, &setup.paths.pieces(), asked).await?;
        return Ok(());
    }

    let connection = connect(demo, connection, &setup).await?;
    let client = &connection.client;
    let mut report = |event: SubmitEvent| report_event(&event);
    let submitted = client.submit(&query, &mut report).await;
    // Every submit is remembered, failed ones too; a history that cannot be written is worth
    // a warning, not a failed query.
    let history = setup.history(demo);
    let entry = remember(&history, &connection, &query, outcome(&submitted), names);
    let link = submitted?;
    match target {
        // Standard output carries the file (or an answer made from it), so the link is told on
        // stderr.
        Some(Target::Stdout) => say(&printable(&link.to_string())),
        _ if tell == Tell::LinkOnStderr => say(&printable(&link.to_string())),
        _ => match print(&format!("{link}\n")) {
            // The file is what was asked for; the link is only news of it.
            Err(failure) if failure.code == Code::StdoutClosed && target.is_some() => {}
            other => other?,
        },
    }

    if let Some(target) = target {
        let mut line = ProgressLine::new(std::io::stderr().is_terminal());
        // An interrupt drops the download, which removes its temporary file, before exiting.
        let mut progress = |p| line.update(p);
        let fetched = tokio::select! {
            result = fetch(client, &link, target, &query, args.force, &mut progress) => Some(result),
            () = shutdown_signal() => None,
        };
        line.finish();
        let fetched = fetched.ok_or_else(|| {
            Failure::new(
                Code::Failed,
                match target {
                    Target::File(_) => "Interrupted; the download was stopped and no file was written.",
                    Target::Stdout => "Interrupted; the download was stopped, and what reached standard output is not the whole file.",
                },
            )
        })??;
        // The line count first: a reader checks by it that the file is whole.
        let size = crate::units::bytes(fetched.bytes);
        let what = match &fetched.data_rows {
            Ok(rows) => format!(
                "{} {} ({size})",
                crate::explore::group_thousands(&rows.to_string()),
                if *rows == 1 { "line" } else { "lines" }
            ),
            Err(_) => size,
        };
        match target {
            Target::Stdout => say(&format!("Wrote {what} to standard output.")),
            Target::File(path) => {
                say(&format!(
                    "Saved {what} to {}.",
                    printable(&path.display().to_string())
                ));
                let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
                let _ = history.record_fetch(&entry.id, &path);
            }
        }
        match fetched.data_rows.map(|n| query.answer_caveat(n)) {
            Ok(Some(caveat @ Caveat::NoRows { .. })) if args.fail_empty => {
                return Err(Failure::new(Code::Empty, printable(&caveat.to_string())));
            }
            Ok(Some(caveat @ (Caveat::AtLimit { .. } | Caveat::Unlimited { .. }))) => {
                say(&format!("warning: {}", printable(&caveat.to_string())));
                say(
                    "note: --split auto fetches every line: the range a piece at a time, smaller where still cut.",
                );
            }
            Ok(Some(caveat)) => say(&format!("warning: {}", printable(&caveat.to_string()))),
            Ok(None) => {}
            Err(e) => say(&format!(
                "warning: the rows of the file could not be counted: {}.",
                printable(&e.to_string())
            )),
        }
    }
    if args.open {
        match SystemBrowser.open(&link) {
            Ok(()) => say("Opened the link in the browser."),
            Err(e) => say(&format!(
                "{}; the link is printed above.",
                printable(&e.to_string())
            )),
        }
    }
    Ok(())
}

/// What a submit came to, for the history.
fn outcome(submitted: &Result<DownloadLink, crate::m3ter::ApiError>) -> Outcome {
    match submitted {
        Ok(link) => Outcome::Link(link.to_string()),
        Err(e) => Outcome::Error(e.to_string()),
    }
}

/// Fetches the query `flags` ask for once per period, its dates replaced by the period's, each
/// to its own path: one connection and one token for all, each request paced under m3ter's
/// rate limit by the client. Every target is checked before anything is sent.
pub async fn fetch_periods(
    flags: &QueryFlags,
    demo: bool,
    connection: &ConnectionArgs,
    periods: &[(&Period, &Path)],
) -> Result<(), Failure> {
    let demo = demo || flags.demo;
    let setup = Setup::load(connection);
    for problem in &setup.loaded.problems {
        say(&format!("warning: {}", printable(problem)));
    }
    let base = draft(flags, &setup)?;
    let mut queries = Vec::new();
    for (period, path) in periods {
        let (start, end) = period.bounds();
        let mut asked = base.clone();
        asked.dates = DateInput::Typed {
            start: Some(start.to_string()),
            end: Some(end.to_string()),
        };
        let query = validate(&asked, Utc::now()).map_err(Failure::problems)?;
        crate::target::check(path, false)?;
        queries.push(query);
    }
    if let Some(query) = queries.first() {
        for warning in query.warnings() {
            say(&format!("warning: {}", printable(&warning.to_string())));
        }
    }
    let connection = connect(demo, connection, &setup).await?;
    let history = setup.history(demo);
    // The pieces of every period stay until all are merged: a resume after the second failed
    // then keeps the first's.
    let mut kept_pieces = Vec::new();
    for (query, (period, path)) in queries.iter().zip(periods) {
        if let Some(how) = flags.split {
            say(&format!("{period}:"));
            let asked = super::split::Asked {
                query,
                mode: how.into(),
                resume: flags.resume,
                target: Target::File(path),
                force: false,
                fail_empty: false,
                names: (None, flags.saved.clone()),
                keep_pieces: true,
            };
            let dir =
                super::split::fetch(&connection, &history, &setup.paths.pieces(), asked).await?;
            kept_pieces.extend(dir);
            continue;
        }
        let mut report = |event: SubmitEvent| report_event(&event);
        let submitted = connection.client.submit(query, &mut report).await;
        let entry = remember(
            &history,
            &connection,
            query,
            outcome(&submitted),
            (None, flags.saved.clone()),
        );
        let link = submitted?;
        say(&format!("{period}: {}", printable(&link.to_string())));
        let mut line = ProgressLine::new(std::io::stderr().is_terminal());
        let mut progress = |p| line.update(p);
        let fetched = tokio::select! {
            result = fetch(&connection.client, &link, Target::File(path), query, false, &mut progress) => Some(result),
            () = shutdown_signal() => None,
        };
        line.finish();
        let fetched = fetched.ok_or_else(|| {
            Failure::new(
                Code::Failed,
                "Interrupted; the download was stopped and no file was written.",
            )
        })??;
        let _ = history.record_fetch(&entry.id, path);
        if let Ok(Some(caveat)) = fetched.data_rows.map(|n| query.answer_caveat(n)) {
            say(&format!(
                "warning: {period}: {}",
                printable(&caveat.to_string())
            ));
        }
    }
    for dir in kept_pieces {
        let _ = std::fs::remove_dir_all(dir);
    }
    Ok(())
}

/// What a fetch wrote, and how many data rows it holds (as far as the caveats need).
pub(super) struct Fetched {
    pub(super) bytes: u64,
    pub(super) data_rows: std::io::Result<u64>,
}

/// Fetches the file behind `link` to `target` and counts its rows: on the way for standard
/// output, which cannot be read back; from the saved file otherwise.
async fn fetch(
    client: &Client,
    link: &DownloadLink,
    target: Target<'_>,
    query: &BillQuery,
    force: bool,
    progress: &mut (dyn FnMut(DownloadProgress) + Send),
) -> Result<Fetched, Failure> {
    let enough = query.rows_worth_counting();
    match target {
        Target::File(path) if is_workbook(path) => {
            // The CSV is fetched beside nothing the person sees, then written as a workbook.
            let scratch = super::answer::scratch_folder()?;
            let csv = scratch.path().join("bills.csv");
            let saved = client.download(link, &csv, false, progress).await?;
            let data_rows = counted(&saved, enough);
            let bytes = workbook_of(csv, query, Some(link.to_string()), path, force).await?;
            Ok(Fetched { bytes, data_rows })
        }
        Target::File(path) => {
            let saved = client.download(link, path, force, progress).await?;
            let data_rows = counted(&saved, enough);
            Ok(Fetched {
                bytes: saved.bytes,
                data_rows,
            })
        }
        Target::Stdout => {
            let mut out = Counted {
                inner: tokio::io::stdout(),
                rows: RowCounter::new(enough),
                written: 0,
            };
            let streamed = client
                .stream_to(link, &mut out, Path::new("standard output"), progress)
                .await;
            match streamed {
                Ok(bytes) => Ok(Fetched {
                    bytes,
                    data_rows: Ok(out.rows.finish()),
                }),
                Err(DownloadError::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::BrokenPipe =>
                {
                    Err(Failure {
                        code: Code::StdoutClosed,
                        sentences: Vec::new(),
                    })
                }
                Err(e) if out.written > 0 => Err(Failure::new(
                    Code::Failed,
                    format!(
                        "{e}; the {} already written to standard output are not the whole file",
                        crate::units::bytes(out.written)
                    ),
                )),
                Err(e) => Err(e.into()),
            }
        }
    }
}

/// The data rows of a download: counted as its bytes passed, else (the count lost) read back
/// from its file.
fn counted(saved: &Downloaded, enough: u64) -> std::io::Result<u64> {
    match saved.rows {
        Some(rows) => Ok(rows.min(enough)),
        None => std::fs::File::open(&saved.path)
            .and_then(|file| count_data_rows(std::io::BufReader::new(file), enough)),
    }
}

/// A writer that counts the rows of what passes through it.
struct Counted<W> {
    inner: W,
    rows: RowCounter,
    written: u64,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for Counted<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = &mut *self;
        let polled = Pin::new(&mut this.inner).poll_write(cx, buf);
        // Only what the writer took, so nothing is counted twice when the rest is written again.
        if let Poll::Ready(Ok(n)) = polled {
            this.rows.feed(&buf[..n]);
            this.written += n as u64;
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// The hint for an `--end` typed as a plain date: people often mean the day itself, which an
/// exclusive end leaves out.
fn end_note(query: &BillQuery) -> String {
    let last = query.range().last_day_included();
    let end = query.range().end().date_naive();
    format!(
        "note: --end is exclusive: this covers up to and including {last} (use --through {end} to include {})",
        end.format("%-d %B")
    )
}

/// Retries and waits are worth a line on stderr; the routine steps are not.
fn report_event(event: &SubmitEvent) {
    match event {
        SubmitEvent::Retrying {
            reason,
            wait,
            attempt,
        } => say(&format!(
            "{reason}; trying again in {:.1} s (attempt {attempt}).",
            wait.as_secs_f64()
        )),
        SubmitEvent::TokenRefused => {
            say("m3ter answered 403; trying once more with a fresh access token.")
        }
        SubmitEvent::Throttled { wait } if wait.as_secs_f64() >= 1.0 => say(&format!(
            "Waiting {:.1} s to stay under m3ter's rate limit.",
            wait.as_secs_f64()
        )),
        _ => {}
    }
}
