//! A planned report answered on a fetched file and written all or nothing: every view is
//! answered first, every file is written to a temporary name beside its target, and only when
//! all are whole are they put in place. A step that fails leaves no file of the run behind.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use super::plan::Plan;
use super::view::{Ask, PlannedView};
use crate::explore::{
    Bucket, CompareSpec, Comparison, CsvFile, Filter, Pivot, PivotColumns, PivotSpec, Provenance,
    Selection, compare, find_column, pivot,
};
use crate::export::{
    About, Extra, Written, compare_header, compare_records, delimited, pivot_header, pivot_records,
    stage_workbook,
};

/// Why a run wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("the file fetched could not be read: {0}")]
    Open(String),
    #[error("view \"{view}\": {why}")]
    View { view: String, why: String },
    #[error("{} was not written: {why}", .path.display())]
    Write { path: PathBuf, why: String },
}

/// A view's answer.
enum Answer {
    Pivot(Box<Pivot>),
    Compare(Box<Comparison>),
}

/// Answers every view of `plan` on the bill file at `csv` and writes the plan's files, telling
/// `step` a line for each view and file. `about` says what the file is; the report's name, day
/// and resolved names are added to it.
pub fn answer_and_write(
    plan: &Plan,
    csv: &std::path::Path,
    mut about: About,
    force: bool,
    cancel: &AtomicBool,
    step: &mut dyn FnMut(String),
) -> Result<Vec<Written>, RunError> {
    let file = CsvFile::open(csv).map_err(|e| RunError::Open(e.to_string()))?;
    let provenance = Provenance {
        requested: Some(plan.range),
        today: Some(chrono::Utc::now().date_naive()),
    };
    let mut answers = Vec::with_capacity(plan.views.len());
    for (n, view) in plan.views.iter().enumerate() {
        let wrong = |why: String| RunError::View {
            view: view.name.clone(),
            why,
        };
        let answer = answer(&file, view, provenance, cancel).map_err(wrong)?;
        step(format!(
            "view {}/{} \"{}\": {}",
            n + 1,
            plan.views.len(),
            view.name,
            summary(&answer)
        ));
        answers.push(answer);
    }
    about.notes.extend([
        ("report".to_string(), plan.name.clone()),
        ("as of".to_string(), plan.as_of.to_string()),
        ("period".to_string(), plan.period.label.clone()),
    ]);
    if !plan.resolved.is_empty() {
        about
            .notes
            .push(("relative names".to_string(), plan.resolved.join(", ")));
    }
    // Every file to a temporary name first.
    let mut staged: Vec<(tempfile::NamedTempFile, PathBuf, Written)> = Vec::new();
    if let Some(target) = &plan.workbook {
        let failed = |why: String| RunError::Write {
            path: target.clone(),
            why,
        };
        let folder = crate::target::check(target, force).map_err(|e| failed(e.to_string()))?;
        let sheets: Vec<(&str, Extra)> = plan
            .views
            .iter()
            .zip(&answers)
            .map(|(view, answer)| (view.name.as_str(), extra(view, answer)))
            .collect();
        let (temp, mut written) = stage_workbook(&file, &[], &sheets, &about, &folder, cancel)
            .map_err(|e| failed(e.to_string()))?;
        written.path = target.clone();
        staged.push((temp, target.clone(), written));
    }
    for (view, answer) in plan.views.iter().zip(&answers) {
        let Some(target) = &view.csv else {
            continue;
        };
        let failed = |why: String| RunError::Write {
            path: target.clone(),
            why,
        };
        let folder = crate::target::check(target, force).map_err(|e| failed(e.to_string()))?;
        let (text, rows) = match answer {
            Answer::Pivot(p) => {
                let rows = p.units.iter().map(|u| u.rows.len()).sum::<usize>();
                (delimited_pivot(p, view), rows)
            }
            Answer::Compare(c) => {
                let records = compare_records(c, view.measure);
                let rows = records.len();
                let header = compare_header(c, key_of(view), view.measure);
                (delimited(&header, records, b','), rows)
            }
        };
        let mut temp = crate::target::temporary(&folder).map_err(|e| failed(e.to_string()))?;
        std::io::Write::write_all(&mut temp, text.as_bytes())
            .and_then(|()| temp.as_file().sync_all())
            .map_err(|e| failed(e.to_string()))?;
        let written = Written {
            path: target.clone(),
            bytes: text.len() as u64,
            rows: rows as u64,
            said: Vec::new(),
        };
        staged.push((temp, target.clone(), written));
    }
    // Then all in place, or none: a file put in place is taken back when a later one fails.
    let mut placed: Vec<PathBuf> = Vec::new();
    let mut done = Vec::new();
    for (temp, target, written) in staged {
        if let Err(e) = crate::target::persist(temp, &target, force) {
            for path in &placed {
                let _ = std::fs::remove_file(path);
            }
            return Err(RunError::Write {
                path: target,
                why: e.to_string(),
            });
        }
        placed.push(target);
        step(format!(
            "wrote {} ({})",
            written.path.display(),
            crate::units::bytes(written.bytes)
        ));
        done.push(written);
    }
    Ok(done)
}

/// A view's answer on `file`.
fn answer(
    file: &CsvFile,
    view: &PlannedView,
    provenance: Provenance,
    cancel: &AtomicBool,
) -> Result<Answer, String> {
    let headers = file.headers();
    let mut filters = Vec::new();
    for text in &view.filters {
        let (name, pattern) = text.split_once('=').unwrap_or((text, ""));
        let column = find_column(headers, &[name.trim()])
            .ok_or_else(|| format!("the file has no {} column to filter", name.trim()))?;
        filters.push(Filter::new(pattern, Some(column)));
    }
    let date = view.date();
    match &view.ask {
        Ask::Pivot {
            rows,
            cols,
            period,
            top,
            order,
        } => {
            if let Some(period) = period {
                let column = date
                    .find(headers)
                    .ok_or_else(|| format!("the file has no {} column", date.names()[0]))?;
                filters.push(Filter::in_periods(column, &[period]));
            }
            let columns = match Bucket::named(cols) {
                Some(bucket) => PivotColumns::Time(bucket, date),
                None => PivotColumns::Values(cols.trim().to_string()),
            };
            let spec = PivotSpec {
                rows: rows.clone(),
                columns,
                measure: view.measure,
                filters,
                order: *order,
                top: *top,
                min_credit_share: None,
                provenance,
            };
            pivot(file, &spec, cancel)
                .map(|p| Answer::Pivot(Box::new(p)))
                .map_err(|e| e.to_string())
        }
        Ask::Compare {
            by,
            a,
            b,
            baseline,
            min_pct,
            min_change,
            statuses,
            order,
            top,
            flagged,
        } => {
            let against = baseline.is_some();
            let spec = CompareSpec {
                by: by.clone(),
                a: a.clone(),
                b: b.clone(),
                date,
                measure: view.measure,
                filters,
                select: Selection {
                    min_change: *min_change,
                    min_pct: min_pct.filter(|_| !against),
                    statuses: statuses.clone(),
                    top: *top,
                    flag_pct: min_pct.filter(|_| against),
                    only_flagged: *flagged,
                },
                order: *order,
                baseline: baseline.clone(),
                provenance,
            };
            compare(file, &spec, cancel)
                .map(|c| Answer::Compare(Box::new(c)))
                .map_err(|e| e.to_string())
        }
    }
}

/// The pivot's rows or the comparison's key: what its key columns are named after.
fn key_of(view: &PlannedView) -> &str {
    match &view.ask {
        Ask::Pivot { rows, .. } => rows,
        Ask::Compare { by, .. } => by,
    }
}

fn extra<'a>(view: &'a PlannedView, answer: &'a Answer) -> Extra<'a> {
    match answer {
        Answer::Pivot(p) => Extra::Pivot(p, key_of(view), view.measure),
        Answer::Compare(c) => Extra::Compare(c, key_of(view), view.measure),
    }
}

fn delimited_pivot(p: &Pivot, view: &PlannedView) -> String {
    delimited(
        &pivot_header(p, key_of(view), view.measure),
        pivot_records(p, view.measure),
        b',',
    )
}

/// What a view came to, in a few words for the log.
fn summary(answer: &Answer) -> String {
    match answer {
        Answer::Pivot(p) => {
            let rows: usize = p
                .units
                .iter()
                .map(|u| u.rows.iter().filter(|r| !r.is_subtotal()).count())
                .sum();
            let columns = p.columns.len();
            format!(
                "{rows} rows × {columns} {} in {} {}",
                if columns == 1 { "column" } else { "columns" },
                p.units.len(),
                if p.units.len() == 1 {
                    "currency"
                } else {
                    "currencies"
                }
            )
        }
        Answer::Compare(c) => {
            let shown: usize = c
                .units
                .iter()
                .map(|u| {
                    u.lines
                        .iter()
                        .filter(|l| l.material && l.subtotal.is_none())
                        .count()
                })
                .sum();
            let flagged: usize = c
                .units
                .iter()
                .map(|u| {
                    u.lines
                        .iter()
                        .filter(|l| l.material && l.flag.is_some())
                        .count()
                })
                .sum();
            let mut words = format!("{} against {}, {shown} lines", c.b.label, c.a.label);
            if c.baseline.is_some() {
                words.push_str(&format!(", {flagged} flagged"));
            }
            if let Some(b) = &c.baseline {
                for w in b.warnings() {
                    words.push_str(&format!("; {w}"));
                }
            }
            words
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{parse, plan};

    const RECIPE: &str = r#"
period = "2026-11"

[[view]]
name = "By account"
kind = "pivot"
rows = "account"

[[view]]
name = "By product"
kind = "compare"
by = "productName"

[output]
workbook = "r-{period}.xlsx"
csv = "r-{period}-{view}.csv"
"#;

    fn planned(dir: &std::path::Path) -> Plan {
        let recipe = parse(RECIPE).unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        plan("r", &recipe, RECIPE, day, Some(dir), false).unwrap()
    }

    fn files(dir: &std::path::Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn when_the_second_view_fails_no_file_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let plan = planned(&out);
        // The file has no productName: the comparison by product cannot be answered.
        let csv = dir.path().join("bills.csv");
        std::fs::write(
            &csv,
            "account,lineItemType,subtotal,billCurrency,servicePeriodStartDate\n\
             acme,USAGE,10.00,USD,2026-10-01\nacme,USAGE,12.00,USD,2026-11-01\n",
        )
        .unwrap();
        let mut steps = Vec::new();
        let e = answer_and_write(
            &plan,
            &csv,
            About::default(),
            false,
            &AtomicBool::new(false),
            &mut |s| steps.push(s),
        )
        .unwrap_err();
        assert!(e.to_string().contains("view \"By product\""), "{e}");
        assert_eq!(steps.len(), 1, "the first view was answered: {steps:?}");
        assert!(files(&out).is_empty(), "{:?}", files(&out));
    }

    #[test]
    fn a_file_that_cannot_be_written_leaves_none_of_the_runs_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let plan = planned(&out);
        let csv = dir.path().join("bills.csv");
        std::fs::write(
            &csv,
            "account,productName,lineItemType,subtotal,billCurrency,servicePeriodStartDate\n\
             acme,Seats,USAGE,10.00,USD,2026-10-01\nacme,Seats,USAGE,12.00,USD,2026-11-01\n",
        )
        .unwrap();
        // Something takes the last file's name while the run works.
        std::fs::create_dir(out.join("r-2026-11-by-product.csv")).unwrap();
        let e = answer_and_write(
            &plan,
            &csv,
            About::default(),
            false,
            &AtomicBool::new(false),
            &mut |_| {},
        )
        .unwrap_err();
        assert!(e.to_string().contains("r-2026-11-by-product.csv"), "{e}");
        assert_eq!(
            files(&out),
            ["r-2026-11-by-product.csv"],
            "only what was there"
        );
    }
}
