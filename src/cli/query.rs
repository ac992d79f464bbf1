//! `m3ter-bills query`: the whole flow without a screen, for scripts.

use std::path::Path;

use chrono::Utc;

use super::args::{ConnectionArgs, QueryArgs, QueryFlags};
use super::connection::{Connection, Setup, connect, endpoint};
use super::draft::draft;
use super::exit::{Code, Failure};
use super::lookup::resolved;
use super::news::News;
use super::out::{print, say};
use super::shutdown::shutdown_signal;
use crate::browser::{Opener, SystemBrowser};
use crate::fetch::{DownloadFailed, Record, SplitJob, Target};
use crate::m3ter::{Credentials, Secret, Settings, curl_command};
use crate::printable::printable;
use crate::query::{BillQuery, Caveat, is_plain_date, validate};
use crate::split::Plan;

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
    let now = args.flags.now();
    let query = validate(&draft, now).map_err(Failure::problems)?;
    // With --as-of, what the name came to is said: it is no longer today's.
    if let (Some(preset), Some(_)) = (args.flags.preset, args.flags.as_of) {
        say(&resolved_note(preset.name(), now, &query));
    }
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
    let download = args.download.as_deref();
    let to_stdout = download.is_some_and(|path| path.as_os_str() == "-");
    // Before the token request and the submit: a query whose file cannot be saved is not
    // worth sending, and m3ter's rate limit is better spent on one that can.
    let place = download.filter(|_| !to_stdout);
    if let Some(path) = place {
        crate::target::check(path, args.force)?;
    }

    let names = (
        args.flags.preset.map(|p| p.name().to_string()),
        args.flags.saved.clone(),
    );
    if let Some(how) = args.flags.split {
        let Some(download) = download else {
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
        let query = resolved(query, &connection, &setup).await?;
        let record = record(&setup, &connection, demo, names);
        let mode = how.into();
        super::split::notes(&query, mode);
        let mut stdout = tokio::io::stdout();
        let job = SplitJob {
            query: &query,
            plan: Plan::new(&query, mode),
            mode,
            resume: args.flags.resume,
            pieces: &setup.paths.pieces(),
            target: target(download, &query, &mut stdout),
            overwrite: args.force,
            keep_pieces: false,
        };
        let mut news = News::new(args.flags.resume, None);
        let mut stop = Box::pin(shutdown_signal());
        let done = crate::fetch::split(&connection.client, job, &record, &mut stop, &mut |e| {
            news.show(e)
        })
        .await;
        news.finish();
        let done = done.map_err(super::split::failure)?;
        return super::split::report(&done, mode, place, args.fail_empty);
    }

    let connection = connect(demo, connection, &setup).await?;
    let client = &connection.client;
    let query = resolved(query, &connection, &setup).await?;
    let record = record(&setup, &connection, demo, names);
    let mut news = News::new(false, None);
    let submitted = crate::fetch::submit(client, &query, &record, &mut |e| news.show(e)).await;
    let link = submitted.link?;
    match download {
        // Standard output carries the file (or an answer made from it), so the link is told on
        // stderr.
        _ if to_stdout => say(&printable(&link.to_string())),
        _ if tell == Tell::LinkOnStderr => say(&printable(&link.to_string())),
        _ => match print(&format!("{link}\n")) {
            // The file is what was asked for; the link is only news of it.
            Err(failure) if failure.code == Code::StdoutClosed && download.is_some() => {}
            other => other?,
        },
    }

    if let Some(path) = download {
        let mut stdout = tokio::io::stdout();
        let target = (target(path, &query, &mut stdout), args.force);
        // An interrupt drops the download, which removes its temporary file, before exiting.
        let mut stop = Box::pin(shutdown_signal());
        let entry = (&record, submitted.entry.as_deref());
        let enough = query.rows_worth_counting();
        let fetched =
            crate::fetch::download(client, &link, target, entry, enough, &mut stop, &mut |e| {
                news.show(e)
            })
            .await;
        news.finish();
        let fetched = fetched.map_err(|e| download_failure(e, to_stdout))?;
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
        match place {
            None => say(&format!("Wrote {what} to standard output.")),
            Some(path) => say(&format!(
                "Saved {what} to {}.",
                printable(&path.display().to_string())
            )),
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

/// Where `--download` puts the file: standard output for `-`, else the file it names (a
/// workbook when it ends in `.xlsx`).
fn target<'a>(
    path: &'a Path,
    query: &'a BillQuery,
    stdout: &'a mut tokio::io::Stdout,
) -> Target<'a> {
    if path.as_os_str() == "-" {
        Target::Stream {
            out: stdout,
            name: "standard output",
        }
    } else {
        Target::file(path, query)
    }
}

/// Where this run notes its submits: the demo keeps a history of its own.
pub(super) fn record(
    setup: &Setup,
    connection: &Connection,
    demo: bool,
    (preset, saved): (Option<String>, Option<String>),
) -> Record {
    Record {
        history: Some(setup.history(demo)),
        profile: connection.profile.clone(),
        preset,
        saved,
    }
}

/// A fetch that wrote no whole file, as a failure.
pub(super) fn download_failure(failed: DownloadFailed, to_stdout: bool) -> Failure {
    match failed {
        DownloadFailed::Download(e) => e.into(),
        DownloadFailed::Scratch(e) => super::answer::scratch_failure(e),
        DownloadFailed::Workbook(e) => e.into(),
        DownloadFailed::Closed { .. } => Failure {
            code: Code::StdoutClosed,
            sentences: Vec::new(),
        },
        e @ DownloadFailed::Partial { .. } => Failure::new(Code::Failed, e.to_string()),
        DownloadFailed::Interrupted if to_stdout => Failure::new(
            Code::Failed,
            "Interrupted; the download was stopped, and what reached standard output is not the whole file.",
        ),
        DownloadFailed::Interrupted => Failure::new(
            Code::Failed,
            "Interrupted; the download was stopped and no file was written.",
        ),
    }
}

/// What a relative name came to: `note: last-month as of 2026-12-01 is 2026-11-01 to
/// 2026-11-30 (2026-11)`, so a log says which days were asked for.
pub fn resolved_note(name: &str, now: chrono::DateTime<Utc>, query: &BillQuery) -> String {
    let start = query.range().start().date_naive();
    let period = crate::explore::Period::of_days(start, query.range().end().date_naive());
    format!(
        "note: {name} as of {} is {start} to {} ({})",
        now.date_naive(),
        query.range().last_day_included(),
        period.label
    )
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
