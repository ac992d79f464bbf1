//! The screen's side of reports, as their news comes: the list for the dialog that saves a view
//! into one, the view saved, and a run from the library or the history, told step by step,
//! ending on its files and its first view opened over the lines it fetched (or the question
//! whether to replace the files a run for the same day wrote).

use std::path::PathBuf;

use chrono::NaiveDate;

use super::dialogs::Dialog;
use super::dialogs::replace_report::ReplaceReport;
use super::msg::{Effect, Ran, ReportNews, RunStop};
use super::notice::Notice;
use super::state::{OpenThen, Opening, State};
use crate::printable::printable;

/// Runs report `name` as of `as_of` (over its files when `force`); one at a time.
pub fn run(state: &mut State, name: String, as_of: NaiveDate, force: bool) -> Vec<Effect> {
    if let Some(running) = &state.report_running {
        state.tell(Notice::bad(format!(
            "The report {} is running; one at a time.",
            printable(running)
        )));
        return Vec::new();
    }
    state.tell(Notice::good(format!(
        "Running the report {} as of {as_of}…",
        printable(&name)
    )));
    state.report_running = Some(name.clone());
    vec![Effect::RunReport {
        name,
        as_of,
        force,
        folder: PathBuf::from(&state.context.folder),
        profile: state.context.profile.clone(),
        demo: state.context.demo,
    }]
}

pub fn on_news(state: &mut State, news: ReportNews) -> Vec<Effect> {
    match news {
        ReportNews::Listed(names) => {
            if let Some(Dialog::SaveReport(dialog)) = &mut state.dialog {
                dialog.listed(names);
            }
        }
        ReportNews::Saved(Ok(added)) => {
            let views = match added.views {
                1 => "its only view".to_string(),
                n => format!("view {n} of {n}"),
            };
            let what = if added.created {
                "a new report"
            } else {
                "the report"
            };
            let name = added
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            // What to do next before the path, which may be cut at the screen's edge.
            state.tell(Notice::good(format!(
                "Saved \"{}\" into {what} {}, {views}; L runs it ({}).",
                printable(&added.view),
                printable(&name),
                printable(&added.path.display().to_string())
            )));
        }
        ReportNews::Saved(Err(why)) => {
            state.tell(Notice::bad(format!(
                "Not saved into the report: {}",
                crate::printable::sentence(&why)
            )));
        }
        // Said in the builder, where the run was started; an analysis's own note is not
        // overwritten by the steps of a run behind it.
        ReportNews::Step(line) => {
            if state.table.is_none() {
                state.notice = Some(Notice::good(printable(&line)));
            }
        }
        ReportNews::Ran(outcome) => {
            state.report_running = None;
            return match outcome {
                Ok(ran) => ran_report(state, *ran),
                Err(RunStop::Exists { name, as_of, files }) => {
                    match &state.dialog {
                        None => {
                            state.notice = None;
                            state.dialog =
                                Some(Dialog::ReplaceReport(ReplaceReport { name, as_of, files }));
                        }
                        Some(_) => state.tell(Notice::bad(format!(
                            "Not run: the report {} as of {as_of} has its files already; nothing was sent. Run it again with no list open to be asked whether to replace them.",
                            printable(&name)
                        ))),
                    }
                    Vec::new()
                }
                Err(RunStop::Failed(why)) => {
                    state.tell(Notice::bad(format!(
                        "The report was not run: {}",
                        crate::printable::sentence(&why)
                    )));
                    Vec::new()
                }
            };
        }
    }
    Vec::new()
}

/// A run that wrote its files: said, and its first view opened over the lines it fetched.
fn ran_report(state: &mut State, ran: Ran) -> Vec<Effect> {
    // The names first: the line may be cut at the screen's edge, the folder last.
    let names: Vec<String> = ran
        .files
        .iter()
        .map(|f| printable(&f.file_name().unwrap_or_default().to_string_lossy()))
        .collect();
    let folder = ran
        .files
        .first()
        .and_then(|f| f.parent())
        .map(|f| format!(" in {}", printable(&f.display().to_string())))
        .unwrap_or_default();
    let resolved = match ran.resolved.is_empty() {
        true => String::new(),
        false => format!("; {}", ran.resolved.join(", ")),
    };
    let wrote = format!(
        "Wrote {} (report {} as of {}: {}{resolved}){folder}.",
        names.join(", "),
        printable(&ran.name),
        ran.as_of,
        ran.period,
    );
    // A list or question open meanwhile is not pulled from under the person: the files are
    // written, and V opens the lines.
    if state.dialog.is_some() {
        state.tell(Notice::good(format!(
            "{wrote} V opens the lines it fetched."
        )));
        return Vec::new();
    }
    let said = format!(
        "{wrote} This is its first view, \"{}\".",
        printable(&ran.first.name)
    );
    state.notice = Some(Notice::good(said.clone()));
    state.opening = Some(Opening {
        path: ran.lines.clone(),
        then: OpenThen::View(Box::new(ran.first), said),
    });
    let mut effects = Vec::new();
    if state.table.take().is_some() {
        effects.push(Effect::CloseView);
    }
    effects.push(Effect::OpenView(ran.lines));
    effects
}
