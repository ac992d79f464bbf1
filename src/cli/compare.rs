//! `m3ter-bills compare FILE --by account --a 2025-09 --b 2025-10`: what changed between two
//! periods, for people (a table, the bridge on stderr) or programs (CSV, TSV, or JSON with the
//! bridge), amounts written plain.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use super::answer::{self, Answer};
use super::args::{CompareArgs, ConnectionArgs, FormatArg, QueryFlags};
use super::connection::{Setup, connect};
use super::draft::draft;
use super::exit::{Code, Failure};
use super::news::News;
use super::out::say;
use super::shutdown::shutdown_signal;
use crate::explore::{
    Amount, Baseline, CompareError, CompareLine, CompareOrder, CompareSpec, Comparison, DateColumn,
    Measure, Period, Provenance, Selection, Status, compare,
};
use crate::export::{Extra, compare_header, compare_records, unit_heading};
use crate::fetch::{PeriodsFailed, Place};
use crate::printable::{as_typed, cut, printable, sentence};
use crate::query::{DateInput, validate};

/// Compares the periods of the file given, or of the two files the query flags fetch first
/// (one per period, into a temporary folder removed afterwards).
pub async fn run(
    args: &CompareArgs,
    demo: bool,
    connection: &ConnectionArgs,
) -> Result<(), Failure> {
    let today = args.query.now().date_naive();
    let b = period(&args.b, "--b", today)?;
    if args.flagged && (args.baseline.is_none() || args.min_pct.is_none()) {
        return Err(Failure::invalid(
            "--flagged keeps the lines that stray from their mean: give --baseline N and --min-pct P with it.",
        ));
    }
    let (a, baseline) = match (args.baseline, &args.a) {
        (Some(n), _) => match Baseline::before(&b, n) {
            Some((a, periods)) => (a, Some(periods)),
            None => return Err(Failure::invalid("--baseline takes 1 to 24 periods.")),
        },
        (None, Some(a)) => (period(a, "--a", today)?, None),
        (None, None) => {
            return Err(Failure::invalid(
                "Give --a PERIOD to compare B with, or --baseline N to hold B against the mean of the N periods before it.",
            ));
        }
    };
    // Before any work: an answer that cannot be written is not worth a pass or a fetch.
    if let Some(out) = &args.answer.output {
        crate::target::check(out, args.answer.force)?;
    }
    if a.overlaps(&b) {
        return Err(Failure::invalid(sentence(
            &CompareError::Overlap {
                a: a.label.clone(),
                b: b.label.clone(),
            }
            .to_string(),
        )));
    }
    let demo = demo || args.query.demo;
    let folder = match (&args.file, args.query.asks()) {
        (Some(_), true) => {
            return Err(Failure::invalid(
                "Give either a CSV file or query flags to fetch the periods, not both.",
            ));
        }
        (Some(path), false) => {
            let provenance = answer::provenance(path, connection);
            return answer_from(args, path, (a, b, baseline), provenance);
        }
        (None, false) if !demo => {
            return Err(Failure::invalid(
                "Give the CSV file to compare, or query flags to fetch both periods first (--demo --type all).",
            ));
        }
        (None, _) => answer::scratch_folder()?,
    };
    let both = fetch_periods(&args.query, demo, connection, [&a, &b], folder.path()).await?;
    let provenance = answer::fetched(&[&a, &b]);
    answer_from(args, &both, (a, b, baseline), provenance)
}

/// Fetches the query `flags` ask for once per period, its dates replaced by the period's, into
/// `folder` (`a.csv`, `b.csv`), and gives the file the two were joined into. Every target is
/// checked before anything is sent.
async fn fetch_periods(
    flags: &QueryFlags,
    demo: bool,
    connection: &ConnectionArgs,
    periods: [&Period; 2],
    folder: &Path,
) -> Result<PathBuf, Failure> {
    let demo = demo || flags.demo;
    let setup = Setup::load(connection);
    for problem in &setup.loaded.problems {
        say(&format!("warning: {}", printable(problem)));
    }
    let base = draft(flags, &setup)?;
    let (path_a, path_b) = (folder.join("a.csv"), folder.join("b.csv"));
    let mut queries = Vec::new();
    for (period, path) in periods.into_iter().zip([&path_a, &path_b]) {
        let (start, end) = period.bounds();
        let mut asked = base.clone();
        asked.dates = DateInput::Typed {
            start: Some(start.to_string()),
            end: Some(end.to_string()),
        };
        let query = validate(&asked, flags.now()).map_err(Failure::problems)?;
        crate::target::check(path, false)?;
        queries.push((period.clone(), query));
    }
    if let Some((_, query)) = queries.first() {
        for warning in query.warnings() {
            say(&format!("warning: {}", printable(&warning.to_string())));
        }
    }
    let connection = connect(demo, connection, &setup).await?;
    let record = super::query::record(&setup, &connection, demo, (None, flags.saved.clone()));
    let pieces = setup.paths.pieces();
    let split_by = flags
        .split
        .map(|how| (how.into(), flags.resume, pieces.as_path()));
    // The periods differ only in their dates, so either's query says how a cut shows.
    let notes = split_by
        .zip(queries.first())
        .map(|((mode, ..), (_, query))| (query, mode));
    let mut news = News::new(flags.resume, notes);
    let both = folder.join("both.csv");
    let place = Place::Named {
        files: (&path_a, &path_b),
        joined: &both,
    };
    let mut stop = Box::pin(shutdown_signal());
    let fetched = crate::fetch::periods(
        &connection.client,
        (&queries, place),
        split_by,
        &record,
        &mut stop,
        &mut |e| news.show(e),
    )
    .await;
    news.finish();
    fetched.map_err(|failed| match failed {
        PeriodsFailed::Submit { source, .. } => source.into(),
        PeriodsFailed::Download { source, .. } => super::query::download_failure(source, false),
        PeriodsFailed::Split { source, .. } => super::split::failure(source),
        PeriodsFailed::Join(e) => Failure::new(
            Code::Failed,
            format!("The two periods' files could not be put together: {e}."),
        ),
        other @ (PeriodsFailed::NotTwo | PeriodsFailed::Task(_)) => {
            Failure::new(Code::Failed, other.to_string())
        }
    })?;
    Ok(both)
}

/// `text` as a period, or a sentence saying why it is not one.
/// A relative name (`last-month`) is resolved as of `today`, and what it came to said.
fn period(text: &str, flag: &str, today: chrono::NaiveDate) -> Result<Period, Failure> {
    let period = Period::resolve(text, today)
        .map_err(|e| Failure::invalid(format!("{flag}: {}", as_typed(&e.to_string()))))?;
    if text.parse::<crate::query::Preset>().is_ok() {
        let (start, end) = period.bounds();
        say(&format!(
            "note: {flag} {} as of {today} is {} ({start} to {})",
            text.trim(),
            period.label,
            end.pred_opt().unwrap_or(end)
        ));
    }
    Ok(period)
}

/// An amount given on the command line.
fn amount(text: &Option<String>, flag: &str) -> Result<Option<Amount>, Failure> {
    text.as_deref()
        .map(|t| {
            Amount::parse(t.as_bytes()).ok_or_else(|| {
                Failure::invalid(format!(
                    "{flag} {} is not a number (write 1000 or 2.5).",
                    printable(t)
                ))
            })
        })
        .transpose()
}

/// The statuses `--status` keeps (`new,churned`); every one when not given.
fn statuses(given: &[String]) -> Result<Vec<Status>, Failure> {
    given
        .iter()
        .flat_map(|g| g.split(','))
        .filter(|w| !w.trim().is_empty())
        .map(|w| {
            Status::named(w).ok_or_else(|| {
                Failure::invalid(format!(
                    "--status {} is not a status; write one or more of {}.",
                    printable(w.trim()),
                    Status::ALL.map(Status::word).join(", ")
                ))
            })
        })
        .collect()
}

/// The order `--sort` asks for; the largest change first when not given.
fn order(given: Option<&str>) -> Result<CompareOrder, Failure> {
    let Some(word) = given else {
        return Ok(CompareOrder::default());
    };
    CompareOrder::ALL
        .into_iter()
        .find(|o| o.word().eq_ignore_ascii_case(word.trim()))
        .ok_or_else(|| {
            Failure::invalid(format!(
                "--sort {} is not an order; write one of {}.",
                printable(word.trim()),
                CompareOrder::ALL.map(CompareOrder::word).join(", ")
            ))
        })
}

/// The comparison of the CSV at `path`, written as asked.
fn answer_from(
    args: &CompareArgs,
    path: &Path,
    (a, b, baseline): (Period, Period, Option<Vec<Period>>),
    provenance: Provenance,
) -> Result<(), Failure> {
    // Against a baseline, --min-pct flags the lines that stray rather than hiding the rest.
    let min_pct = amount(&args.min_pct, "--min-pct")?;
    let against_mean = baseline.is_some();
    let file = answer::open(path)?;
    let spec = CompareSpec {
        by: args.by.trim().to_string(),
        a,
        b,
        date: if args.answer.by_bill_date {
            DateColumn::BillDate
        } else {
            DateColumn::ServicePeriod
        },
        measure: answer::measure(args.answer.measure),
        filters: answer::filters(&args.answer.filter, file.headers())?,
        select: Selection {
            min_change: amount(&args.min_change, "--min-change")?,
            min_pct: min_pct.filter(|_| !against_mean),
            statuses: statuses(&args.status)?,
            top: args.top,
            flag_pct: min_pct.filter(|_| against_mean),
            only_flagged: args.flagged,
        },
        order: order(args.sort.as_deref())?,
        provenance,
        baseline,
    };
    let done = compare(&file, &spec, &AtomicBool::new(false)).map_err(|e| match e {
        CompareError::Job(job) => Failure::new(Code::Failed, format!("The comparison {job}.")),
        other => Failure::invalid(sentence(&other.to_string())),
    })?;
    if let Some(empty) = done.empty_periods() {
        say(&format!("warning: {}", sentence(&empty)));
    }
    if let Some(partial) = done.coverage_warning() {
        say(&format!("warning: {}", sentence(&partial)));
    }
    if let Some(baseline) = &done.baseline {
        for said in baseline.warnings() {
            say(&format!("warning: {}", sentence(&said)));
        }
        let counted: Vec<&str> = baseline
            .periods
            .iter()
            .filter(|p| !baseline.missing.contains(p))
            .map(|p| p.label.as_str())
            .collect();
        say(&format!(
            "note: {} against the mean of {}.",
            done.b.label,
            counted.join(", ")
        ));
    }
    for said in &done.left_out {
        say(&format!("warning: {said}."));
    }
    let format = answer::format(args.answer.format, args.answer.output.as_ref());
    let header = compare_header(&done, &args.by, spec.measure);
    if format == FormatArg::Table {
        for line in bridges(&done, spec.measure) {
            say(&line);
        }
    }
    let hidden: usize = done.units.iter().map(|u| u.hidden()).sum();
    if hidden > 0 && !matches!(format, FormatArg::Table | FormatArg::Xlsx) {
        say(&format!(
            "{hidden} lines are left out (--min-change, --min-pct, --status, --top); they count in the bridge."
        ));
    }
    let text = |text: String| move |out: &mut dyn Write| out.write_all(text.as_bytes());
    answer::write(
        format,
        Answer {
            header: &header,
            records: &|| compare_records(&done, spec.measure).into_iter(),
            table: &|out| text(table(&done, &args.by, spec.measure))(out),
            json: Some(&|out| text(json(&done, &header, spec.measure))(out)),
            workbook: (
                &file,
                &spec.filters,
                Extra::Compare(&done, &args.by, spec.measure),
            ),
        },
        &args.answer,
    )
}

/// The lines, and the bridge per currency as an object of its own.
fn json(c: &Comparison, header: &[String], measure: Measure) -> String {
    let decimals = measure.decimals();
    let bridge: Vec<serde_json::Value> = c
        .units
        .iter()
        .map(|u| {
            let b = u.bridge;
            serde_json::json!({
                unit_heading(measure): u.unit,
                "a": b.a.plain(decimals),
                "new": b.new.plain(decimals),
                "expanded": b.expanded.plain(decimals),
                "contracted": b.contracted.plain(decimals),
                "churned": b.churned.plain(decimals),
                "b": b.b.plain(decimals),
            })
        })
        .collect();
    let value = serde_json::json!({
        "a": c.a.label,
        "b": c.b.label,
        "a_partial": c.covered.0.partial(),
        "a_covered": c.covered.0.days(),
        "b_partial": c.covered.1.partial(),
        "b_covered": c.covered.1.days(),
        "lines": answer::objects(header, compare_records(c, measure)),
        "bridge": bridge,
        "hidden": c.units.iter().map(|u| u.hidden()).sum::<usize>(),
        "baseline": c.baseline.as_ref().map(|b| serde_json::json!({
            "periods": b.periods.iter().map(|p| p.label.clone()).collect::<Vec<_>>(),
            "missing": b.missing.iter().map(|p| p.label.clone()).collect::<Vec<_>>(),
            "partial": b.partial,
        })),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// The periods compared, in words: `2025-09 to 2025-10`, or `2026-11 against the mean of
/// 2026-08 to 2026-10`.
fn periods(c: &Comparison) -> String {
    match c.baseline {
        Some(_) => format!("{} against the {}", c.b, c.a),
        None => format!("{} to {}", c.a, c.b),
    }
}

/// Per currency: `USD: 2025-09 122.00 + new 12.00 + expanded 15.50 - contracted 50.00 -
/// churned 7.00 = 2025-10 92.50`.
fn bridges(c: &Comparison, measure: Measure) -> Vec<String> {
    let d = measure.decimals();
    c.units
        .iter()
        .map(|u| {
            let b = u.bridge;
            format!(
                "{}: {} {} + new {} + expanded {} - contracted {} - churned {} = {} {}",
                printable(&u.unit),
                c.a,
                b.a.format(d),
                b.new.format(d),
                b.expanded.format(d),
                b.contracted.format(d),
                b.churned.format(d),
                c.b,
                b.b.format(d)
            )
        })
        .collect()
}

/// The comparison for people: a section per currency, the biggest movers first.
fn table(c: &Comparison, by: &str, measure: Measure) -> String {
    let d = measure.decimals();
    let levels = c.levels.len();
    // With levels, a line shows its own level's key, indented under its group.
    let label = |l: &CompareLine| {
        if levels > 1 {
            format!(
                "{}{}",
                "  ".repeat(l.depth(levels) - 1),
                printable(&l.own_key())
            )
        } else {
            printable(&l.key)
        }
    };
    let mut out = String::new();
    for unit in &c.units {
        let shown: Vec<_> = unit.lines.iter().filter(|l| l.material).collect();
        let rows: Vec<[String; 6]> = shown
            .iter()
            .map(|l| {
                [
                    label(l),
                    l.a.net().format(d),
                    l.b.net().format(d),
                    l.change.format(d),
                    l.change_pct
                        .map_or_else(String::new, |p| format!("{}%", p.format(1))),
                    match l.flag {
                        Some(flag) => format!("{} · {}", l.status.word(), flag.word()),
                        None => l.status.word().to_string(),
                    },
                ]
            })
            .collect();
        let change = if c.baseline.is_some() {
            "deviation"
        } else {
            "change"
        };
        let heading = [
            by.replace(',', " › "),
            c.label_a(),
            c.label_b(),
            change.into(),
            format!("{change} %"),
            "status".into(),
        ];
        let widths: Vec<usize> = (0..6)
            .map(|i| {
                rows.iter()
                    .map(|r| r[i].chars().count())
                    .chain([heading[i].chars().count()])
                    .max()
                    .unwrap_or(0)
                    .min(if i == 0 { 32 } else { 40 })
            })
            .collect();
        let line = |cells: &[String; 6]| {
            let mut text = String::new();
            for (i, cell) in cells.iter().enumerate() {
                let w = widths[i];
                let cell = cut(cell, w);
                if i == 0 || i == 5 {
                    text.push_str(&format!("{cell:<w$}  "));
                } else {
                    text.push_str(&format!("{cell:>w$}  "));
                }
            }
            text.trim_end().to_string() + "\n"
        };
        out.push_str(&format!(
            "{} ({}), {}\n",
            printable(&unit.unit),
            measure.label(),
            periods(c)
        ));
        out.push_str(&line(&heading));
        for row in &rows {
            out.push_str(&line(row));
        }
        if unit.hidden() > 0 {
            out.push_str(&format!(
                "({} more not shown; they count in the totals)\n",
                unit.hidden()
            ));
        }
        out.push('\n');
    }
    if c.units.is_empty() {
        out.push_str("No line falls in either period.\n");
    }
    out
}
