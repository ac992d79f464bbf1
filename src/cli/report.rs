//! `m3ter-bills report run|list|show|new`: saved analyses run in one step. A run says each
//! step on a line of its own (for a scheduler's log) and ends with one exit code; a report
//! that cannot run is refused before anything is sent, naming its line.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use super::args::report::{NewArgs, ReportAction, ReportArgs, RunArgs, ShowArgs};
use super::args::{ConnectionArgs, QueryFlags, SplitArg};
use super::connection::Setup;
use super::exit::{Code, Failure};
use super::out::{print, say};
use crate::query::SplitMode;
use crate::report::{Ask, Found, Plan, Recipe, Reports, ViewKind, ViewPart, plan};

pub async fn run(
    args: &ReportArgs,
    demo: bool,
    connection: &ConnectionArgs,
) -> Result<(), Failure> {
    let connection = args.connection.over(connection);
    let setup = Setup::load(&connection);
    let reports = Reports::new(setup.paths.reports.clone());
    match &args.action {
        ReportAction::List => list(&reports),
        ReportAction::Show(show) => {
            let (_, plan) = planned(&reports, show, false)?;
            print(&describe(&plan))
        }
        ReportAction::New(new) => create(&reports, &setup, new),
        ReportAction::Run(run) => run_report(&reports, run, demo || run.demo, &connection).await,
    }
}

/// The report asked for, planned as of its day.
fn planned(reports: &Reports, show: &ShowArgs, force: bool) -> Result<(Found, Plan), Failure> {
    let found = reports
        .find(&show.report)
        .map_err(|e| refused(&show.report, &e))?;
    let as_of = show
        .as_of
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let plan = plan(
        &found.name,
        &found.recipe,
        &found.text,
        as_of,
        show.out.as_deref(),
        force,
    )
    .map_err(|e| refused(&found.path.display().to_string(), &e))?;
    Ok((found, plan))
}

fn refused(what: &str, e: &crate::report::RecipeError) -> Failure {
    Failure::invalid(format!(
        "{}: {}; nothing was sent.",
        crate::printable::printable(what),
        crate::printable::printable(&e.to_string()).trim_end_matches('.')
    ))
}

fn list(reports: &Reports) -> Result<(), Failure> {
    let (found, problems) = reports.list();
    for problem in problems {
        say(&format!(
            "warning: {}",
            crate::printable::printable(&problem)
        ));
    }
    if found.is_empty() {
        say(&format!(
            "No reports yet in {}; `m3ter-bills report new NAME` starts one.",
            reports.dir().display()
        ));
        return Ok(());
    }
    let text: String = found
        .iter()
        .map(|(name, recipe)| match &recipe.description {
            Some(d) => format!("{name}\t{}\n", crate::printable::printable(d)),
            None => format!("{name}\n"),
        })
        .collect();
    print(&text)
}

/// What a run would do, for people: the resolved days, the request, each view, each file.
fn describe(plan: &Plan) -> String {
    let mut out = format!(
        "report {} as of {}: {}\n",
        plan.name, plan.as_of, plan.period.label
    );
    for said in &plan.resolved {
        out.push_str(&format!("  {said}\n"));
    }
    out.push_str(&format!(
        "fetch {} to {}, types {}{}, split {}\n",
        plan.range.0,
        plan.through(),
        plan.types.join(","),
        plan.dimensions
            .iter()
            .map(|(k, v)| format!(", {k} = {}", v.join(",")))
            .collect::<String>(),
        match plan.split {
            SplitMode::Auto => "auto",
            SplitMode::Month => "month",
        }
    ));
    for (n, view) in plan.views.iter().enumerate() {
        let what = match &view.ask {
            Ask::Pivot {
                rows, cols, period, ..
            } => format!(
                "pivot {rows} × {cols}{}",
                period
                    .as_ref()
                    .map(|p| format!(" of {}", p.label))
                    .unwrap_or_default()
            ),
            Ask::Compare {
                by, a, b, baseline, ..
            } => match baseline {
                Some(periods) => format!(
                    "compare by {by}: {} against the mean of {}",
                    b.label,
                    periods
                        .iter()
                        .map(|p| p.label.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => format!("compare by {by}: {} against {}", b.label, a.label),
            },
        };
        out.push_str(&format!("view {}: \"{}\": {what}\n", n + 1, view.name));
    }
    for file in plan.files() {
        out.push_str(&format!("write {}\n", file.display()));
    }
    out
}

async fn run_report(
    reports: &Reports,
    args: &RunArgs,
    demo: bool,
    connection: &ConnectionArgs,
) -> Result<(), Failure> {
    let (found, plan) = planned(reports, &args.show, args.force)?;
    say(&plan.headline());
    let flags = QueryFlags {
        demo,
        start: Some(plan.range.0.to_string()),
        // The last day itself, so the log has no note on exclusive ends.
        through: Some(plan.through().to_string()),
        types: plan.types.clone(),
        dimension: plan
            .dimensions
            .iter()
            .map(|(k, v)| format!("{k}={}", v.join(",")))
            .collect(),
        limit: plan.limit.map(|l| l.to_string()),
        split: Some(match plan.split {
            SplitMode::Auto => SplitArg::Auto,
            SplitMode::Month => SplitArg::Month,
        }),
        ..QueryFlags::default()
    };
    say(&format!(
        "fetching {} to {} completely",
        plan.range.0,
        plan.through()
    ));
    let scratch = super::answer::scratch_folder()?;
    let csv = scratch.path().join("bills.csv");
    super::query::fetch_for(&flags, demo, connection, &csv).await?;
    let source = if demo { "the demo m3ter" } else { "m3ter" };
    let about = plan.about(chrono::Utc::now(), source);
    let written = crate::report::answer_and_write(
        &plan,
        &csv,
        about,
        args.force,
        &AtomicBool::new(false),
        &mut |line| say(&line),
    )
    .map_err(|e| {
        Failure::new(
            Code::Failed,
            format!(
                "report {}: {}; no file of this run was written.",
                found.name,
                crate::printable::printable(&e.to_string())
            ),
        )
    })?;
    record(&Setup::load(connection), demo, &plan, &written);
    say(&format!(
        "done: report {} as of {}, {} {} written",
        plan.name,
        plan.as_of,
        written.len(),
        if written.len() == 1 { "file" } else { "files" }
    ));
    Ok(())
}

/// Notes the run in the history: its name, day and files (a history that cannot be written
/// is said, and the run still counts).
fn record(setup: &Setup, demo: bool, plan: &Plan, written: &[crate::export::Written]) {
    let files: Vec<&Path> = written.iter().map(|w| w.path.as_path()).collect();
    if let Err(e) = setup
        .history(demo)
        .record_report(&plan.name, plan.as_of, &files)
    {
        say(&format!(
            "warning: the history could not note this run: {e}"
        ));
    }
}

/// Writes a starter recipe: the period's pivot by account and product, the period against the
/// one before, and against its three-period usual; the query from a saved query when given.
fn create(reports: &Reports, setup: &Setup, args: &NewArgs) -> Result<(), Failure> {
    let mut query = crate::report::QueryPart::default();
    if let Some(saved) = &args.from_saved {
        let draft = setup
            .saved()
            .load(saved)
            .map_err(|e| Failure::invalid(e.to_string()))?;
        query.types = draft.line_item_types.clone();
        for d in &draft.dimensions {
            query.dimensions.insert(d.name.clone(), d.filter.clone());
        }
        query.limit = draft.limit.as_deref().and_then(|l| l.trim().parse().ok());
    }
    let view = ViewPart::named;
    let recipe = Recipe {
        description: Some(format!(
            "{} by account and product, against the period before and its usual",
            args.period
        )),
        period: args.period.clone(),
        query,
        views: vec![
            ViewPart {
                rows: Some("account,productName".into()),
                cols: Some("month".into()),
                period: Some(args.period.clone()),
                ..view("By account and product", ViewKind::Pivot)
            },
            ViewPart {
                by: Some("account".into()),
                ..view("Against the period before", ViewKind::Compare)
            },
            ViewPart {
                by: Some("account".into()),
                baseline: Some(3),
                min_pct: Some(30.0),
                ..view("Against its usual", ViewKind::Compare)
            },
        ],
        output: crate::report::OutputPart {
            workbook: Some(format!("{}-{{period}}.xlsx", args.name.trim())),
            csv: None,
            folder: None,
        },
    };
    // Checked as a run would check it, so what is saved runs.
    let text = crate::report::to_text(&recipe);
    plan(
        &args.name,
        &recipe,
        &text,
        chrono::Utc::now().date_naive(),
        Some(Path::new(".")),
        true,
    )
    .map_err(|e| refused(&args.name, &e))?;
    let path = reports
        .save(&args.name, &recipe, args.force)
        .map_err(Failure::invalid)?;
    say(&format!(
        "Saved the report {} as {}: edit it, then `m3ter-bills report show {}`.",
        args.name.trim(),
        path.display(),
        args.name.trim()
    ));
    Ok(())
}
