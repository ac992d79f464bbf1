//! Reports from the screen: listing them, adding a view to one, and running one. A run is the
//! command line's `report run` through the screen's client: planned and checked before anything
//! is sent, fetched completely into the tool's own folder (where the table opens the lines),
//! every view answered and every file written all or nothing, each step told as news.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use tokio::sync::mpsc::UnboundedSender;

use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;

use super::blocking::{INTERNAL_ERROR, blocking};
use super::services::{Library, Services};
use crate::fetch::{Record, SplitJob, Target};
use crate::m3ter::Client;
use crate::tui::msg::{Effect, Msg, Ran, ReportNews, RunStop};

const OFF: &str = "Reports are off in this run.";

pub fn perform(effect: Effect, services: &Services, tx: &UnboundedSender<Msg>) {
    let library = services.library.clone();
    match effect {
        Effect::ListReports => blocking(
            tx,
            move || {
                let names = library
                    .map(|l| l.reports.list().0.into_iter().map(|(n, _)| n).collect())
                    .unwrap_or_default();
                Msg::Report(ReportNews::Listed(names))
            },
            |_| Msg::Report(ReportNews::Listed(Vec::new())),
        ),
        Effect::SaveToReport(to_save) => blocking(
            tx,
            move || {
                let saved = match &library {
                    Some(library) => library.reports.add_view(
                        &to_save.report,
                        to_save.view.clone(),
                        to_save.period.clone(),
                        to_save.query.clone(),
                        to_save.today,
                    ),
                    None => Err(OFF.to_string()),
                };
                Msg::Report(ReportNews::Saved(saved))
            },
            |e| Msg::Report(ReportNews::Saved(Err(e))),
        ),
        Effect::RunReport {
            name,
            as_of,
            force,
            folder,
            profile,
            demo,
        } => {
            let tx = tx.clone();
            let job = RunJob {
                client: services.client.clone(),
                library,
                lines: services.pieces.join("reports"),
                pieces: services.pieces.clone(),
                name,
                as_of,
                force,
                folder,
                profile,
                demo,
            };
            tokio::spawn(async move {
                let step = {
                    let tx = tx.clone();
                    move |line: String| {
                        let _ = tx.send(Msg::Report(ReportNews::Step(line)));
                    }
                };
                // A run that panics still ends, or the screen would wait for it for good.
                let ran = match AssertUnwindSafe(run(job, step)).catch_unwind().await {
                    Ok(ran) => ran.map(Box::new),
                    Err(_) => Err(RunStop::Failed(INTERNAL_ERROR.to_string())),
                };
                let _ = tx.send(Msg::Report(ReportNews::Ran(ran)));
            });
        }
        _ => {}
    }
}

/// What a run needs.
struct RunJob {
    client: Result<Client, String>,
    library: Option<Arc<Library>>,
    /// The folder the lines fetched are kept in, a file per report and day.
    lines: PathBuf,
    pieces: PathBuf,
    name: String,
    as_of: NaiveDate,
    force: bool,
    folder: PathBuf,
    profile: Option<String>,
    /// Whose lines they are, for the workbook's About.
    demo: bool,
}

async fn run(
    job: RunJob,
    step: impl Fn(String) + Send + Sync + Clone + 'static,
) -> Result<Ran, RunStop> {
    let failed = |why: String| RunStop::Failed(crate::printable::printable(&why));
    let library = job.library.ok_or_else(|| failed(OFF.to_string()))?;
    let client = job.client.map_err(failed)?;
    let found = library
        .reports
        .find(&job.name)
        .map_err(|e| failed(format!("{}: {e}", job.name)))?;
    // Files go where the report says, else where the screen saves.
    let out = found
        .recipe
        .output
        .folder
        .is_none()
        .then_some(job.folder.as_path());
    let plan = crate::report::plan(
        &found.name,
        &found.recipe,
        &found.text,
        job.as_of,
        out,
        true,
    )
    .map_err(|e| failed(format!("{}: {e}", found.path.display())))?;
    let there: Vec<PathBuf> = plan.files().into_iter().filter(|f| f.exists()).collect();
    if !job.force && !there.is_empty() {
        return Err(RunStop::Exists {
            name: plan.name.clone(),
            as_of: plan.as_of,
            files: there,
        });
    }
    let now = chrono::Utc::now();
    let query = crate::query::validate(&plan.draft(), now).map_err(|problems| {
        failed(format!(
            "{}: {}",
            found.path.display(),
            problems
                .first()
                .map(ToString::to_string)
                .unwrap_or_default()
        ))
    })?;
    step(format!(
        "{} Fetching {} to {} completely…",
        crate::printable::sentence(&plan.headline()),
        plan.range.0,
        plan.through()
    ));
    crate::own_files::create_dir(&job.lines)
        .map_err(|e| failed(format!("{}: {e}", job.lines.display())))?;
    // A file per report and day: an earlier day's lines stay what the history says they are.
    let lines = job.lines.join(format!("{}-{}.csv", plan.name, plan.as_of));
    fetch(
        &client,
        &query,
        &plan,
        &job.pieces,
        &lines,
        &library,
        job.profile,
        &step,
    )
    .await
    .map_err(failed)?;
    // The lines are the tool's own copy: private, like its other files.
    #[cfg(unix)]
    let _ = std::fs::set_permissions(&lines, std::os::unix::fs::PermissionsExt::from_mode(0o600));
    let source = if job.demo { "the demo m3ter" } else { "m3ter" };
    let about = plan.about(now, source);
    let (plan, lines) = (Arc::new(plan), Arc::new(lines));
    let (for_task, lines_for_task, step_for_task) = (plan.clone(), lines.clone(), step.clone());
    let written = tokio::task::spawn_blocking(move || {
        crate::report::answer_and_write(
            &for_task,
            &lines_for_task,
            about,
            true,
            &AtomicBool::new(false),
            &mut |line| step_for_task(line),
        )
    })
    .await
    .map_err(|e| failed(e.to_string()))?
    .map_err(|e| failed(format!("{e}; no file of this run was written")))?;
    let files: Vec<PathBuf> = written.into_iter().map(|w| w.path).collect();
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    // A history that cannot be written costs the note, not the run.
    let _ = library
        .history
        .record_report(&plan.name, plan.as_of, &paths);
    Ok(Ran {
        name: plan.name.clone(),
        as_of: plan.as_of,
        period: plan.period.label.clone(),
        resolved: plan.resolved.clone(),
        files,
        lines: lines.to_path_buf(),
        first: plan.views[0].clone(),
    })
}

/// Fetches the plan's days completely into `lines`, telling each piece.
#[allow(clippy::too_many_arguments)]
async fn fetch(
    client: &Client,
    query: &crate::query::BillQuery,
    plan: &crate::report::Plan,
    pieces: &Path,
    lines: &Path,
    library: &Library,
    profile: Option<String>,
    step: &(impl Fn(String) + Send + Sync),
) -> Result<(), String> {
    let record = Record {
        history: Some(library.history.clone()),
        profile,
        ..Record::default()
    };
    let split = SplitJob {
        query,
        plan: crate::split::Plan::new(query, plan.split),
        mode: plan.split,
        resume: false,
        pieces,
        target: Target::Csv(lines),
        overwrite: true,
        keep_pieces: false,
    };
    let mut events = |event| {
        if let crate::fetch::Event::Piece(crate::split::News::Piece {
            index, of, range, ..
        }) = event
        {
            step(format!(
                "Report {}: fetching piece {} of {} ({})…",
                plan.name,
                index + 1,
                of,
                crate::query::piece_label(range)
            ));
        }
    };
    let mut never = std::future::pending();
    crate::fetch::split(client, split, &record, &mut never, &mut events)
        .await
        .map(drop)
        .map_err(|e| format!("the fetch stopped: {}", e.why))
}
