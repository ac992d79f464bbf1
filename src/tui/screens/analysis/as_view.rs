//! The analysis on screen as a report's view: what it is by, of which periods, with which
//! choices, written as a recipe's `[[view]]` says them, with fixed periods and, where a period
//! is what a relative name means today, with that name. What a report cannot say (a filter
//! made by a drill-down, one that searches every column) is refused with the reason, so a
//! saved view never answers something other than what was on screen.

use chrono::NaiveDate;

use super::Analysis;
use super::compare::{BASELINES, CompareState, STATUSES, THRESHOLDS, TOPS};
use super::pivot::{ColumnChoice, PivotState};
use crate::explore::{CompareOrder, CsvFile, DateColumn, Filter, Measure, Period, RowOrder};
use crate::query::{LineItemType, QueryDraft};
use crate::report::{QueryPart, ViewKind, ViewPart};

/// A view ready to be saved into a report.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewToSave {
    /// Its periods as they are (`2026-11`).
    pub fixed: ViewPart,
    /// Its periods by the relative names that mean them today; `None` when none does.
    pub relative: Option<ViewPart>,
    /// The period a new report around it is about, fixed and by its relative name.
    pub period: (String, Option<String>),
    /// Each period with a relative name: `("2026-11", "last-month")`.
    pub names: Vec<(String, &'static str)>,
    /// The periods with none (`2025-11` against `2026-11`): then none is saved relative, or
    /// next month would compare another pair than the one shown.
    pub unnamed: Vec<String>,
    /// What a new report around it fetches: the form's types and filters.
    pub query: QueryPart,
    /// What a report keeps of the screen but not all of it, a sentence each.
    pub left: Vec<String>,
}

impl ViewToSave {
    /// The view and the period, relative where they can be when `relative`.
    pub fn chosen(&self, relative: bool) -> (ViewPart, String) {
        match (&self.relative, relative) {
            (Some(view), true) => (
                view.clone(),
                self.period
                    .1
                    .clone()
                    .unwrap_or_else(|| self.period.0.clone()),
            ),
            _ => (self.fixed.clone(), self.period.0.clone()),
        }
    }
}

/// The analysis as a view, as of `today`, a new report's query taken from `form`; or why it
/// cannot be one.
pub fn view_to_save(
    analysis: &Analysis,
    form: &QueryDraft,
    today: NaiveDate,
) -> Result<ViewToSave, String> {
    let (mut fixed, periods, left) = match analysis {
        Analysis::Pivot(p) => pivot(p)?,
        Analysis::Compare(c) => compare(c)?,
    };
    let names: Vec<(String, &'static str)> = periods
        .iter()
        .filter_map(|(_, p)| p.relative_name(today).map(|n| (p.label.clone(), n)))
        .collect();
    let unnamed: Vec<String> = periods
        .iter()
        .filter(|(_, p)| p.relative_name(today).is_none())
        .map(|(_, p)| p.label.clone())
        .collect();
    let relative = (!names.is_empty() && unnamed.is_empty()).then(|| {
        let mut view = fixed.clone();
        for (key, period) in &periods {
            if let Some(name) = period.relative_name(today) {
                set(&mut view, key, name.to_string());
            }
        }
        view
    });
    // The report's period: what a pivot is of, or B.
    let main = periods
        .iter()
        .find(|(key, _)| matches!(*key, "period" | "b"))
        .map(|(_, p)| p.clone())
        .ok_or_else(|| "it has no period yet: choose one first".to_string())?;
    for (key, period) in &periods {
        set(&mut fixed, key, period.label.clone());
    }
    Ok(ViewToSave {
        period: (
            main.label.clone(),
            main.relative_name(today).map(str::to_string),
        ),
        fixed,
        relative,
        names,
        unnamed,
        query: query_of(form),
        left,
    })
}

/// A view, the periods it names by their key, and what of the screen it leaves out.
type Parts = (ViewPart, Vec<(&'static str, Period)>, Vec<String>);

fn pivot(p: &PivotState) -> Result<Parts, String> {
    let made = p
        .made
        .as_ref()
        .ok_or("the pivot is still being made: save it when it shows")?;
    // Its own period when it has one (a report's view), else the days it covers.
    let span = p.period.clone().or_else(|| made.pivot.span()).ok_or(
        "its columns are not periods, so nothing here says which days it covers, and a report needs its period: put months in the columns (c), save, and change cols in the report's file if you like",
    )?;
    let view = ViewPart {
        rows: Some(p.rows.clone()),
        cols: Some(match &p.columns {
            ColumnChoice::Time(bucket) => bucket.name().to_string(),
            ColumnChoice::Values(column) => column.clone(),
        }),
        top: p.top,
        sort: (p.order != RowOrder::default()).then(|| p.order.word().to_string()),
        measure: measure(p.measure),
        filter: filters(&p.file, &p.base)?,
        by_bill_date: p.date == DateColumn::BillDate,
        ..ViewPart::named(
            &format!("{} by {}", p.rows, p.columns.label()),
            ViewKind::Pivot,
        )
    };
    let mut left = Vec::new();
    if p.cells.words().is_some() {
        left.push(
            "the cells as shares are the workbook's share columns beside the amounts".to_string(),
        );
    }
    Ok((view, vec![("period", span)], left))
}

fn compare(c: &CompareState) -> Result<Parts, String> {
    let (a, b) = c
        .periods
        .clone()
        .ok_or("no periods are compared yet: choose them (p) first")?;
    let baseline = BASELINES.get(c.baseline).copied().flatten();
    let statuses = STATUSES.get(c.statuses).copied().unwrap_or_default();
    let name = match baseline {
        Some(_) => format!("{} against its usual", c.by),
        None => format!("{} compared", c.by),
    };
    let view = ViewPart {
        by: Some(c.by.clone()),
        baseline,
        min_pct: THRESHOLDS
            .get(c.threshold)
            .copied()
            .flatten()
            .map(f64::from),
        status: statuses.iter().map(|s| s.word().to_string()).collect(),
        sort: (c.order != CompareOrder::default()).then(|| c.order.word().to_string()),
        top: TOPS.get(c.top).copied().flatten(),
        measure: measure(c.measure),
        filter: filters(&c.file, &c.base)?,
        by_bill_date: c.date == DateColumn::BillDate,
        ..ViewPart::named(&name, ViewKind::Compare)
    };
    // Against a baseline, A is the span of its periods, which `baseline` says.
    let periods = match baseline {
        Some(_) => vec![("b", b)],
        None => vec![("a", a), ("b", b)],
    };
    Ok((view, periods, Vec::new()))
}

fn set(view: &mut ViewPart, key: &str, value: String) {
    match key {
        "period" => view.period = Some(value),
        "a" => view.a = Some(value),
        _ => view.b = Some(value),
    }
}

fn measure(m: Measure) -> Option<String> {
    match m {
        Measure::Subtotal => None,
        Measure::Converted => Some("converted".into()),
        Measure::Quantity => Some("quantity".into()),
    }
}

/// The filters as a recipe writes them (`COLUMN=REGEX`); one a recipe cannot say is refused.
fn filters(file: &CsvFile, base: &[Filter]) -> Result<Vec<String>, String> {
    base.iter()
        .map(|f| match (f.typed(), f.column) {
            (true, Some(column)) => Ok(format!(
                "{}={}",
                file.headers().get(column).map_or("", String::as_str),
                f.text
            )),
            (true, None) => Err(format!(
                "the filter \"{}\" searches every column, and a report's filter names one: filter one column (Tab in the filter prompt) and save again",
                f.text
            )),
            (false, _) => Err(format!(
                "the filter \"{}\" came from opening a cell's lines, which a report cannot say: go back (Esc) and save from there",
                f.relation()
            )),
        })
        .collect()
}

/// The form's types and filters, as a new report fetches them.
fn query_of(form: &QueryDraft) -> QueryPart {
    let every = LineItemType::ALL
        .iter()
        .all(|t| form.line_item_types.iter().any(|n| n == t.wire_name()));
    QueryPart {
        types: match every {
            true => Vec::new(),
            false => form.line_item_types.clone(),
        },
        dimensions: form
            .dimensions
            .iter()
            .filter(|d| !d.filter.is_empty() && !d.name.trim().is_empty())
            .map(|d| (d.name.clone(), d.filter.clone()))
            .collect(),
        limit: form.limit.as_deref().and_then(|l| l.trim().parse().ok()),
        ..QueryPart::default()
    }
}

/// The query in words: `every type`, `USAGE, MINIMUM_SPEND; account = acme`.
pub fn query_words(query: &QueryPart) -> String {
    let types = match query.types.len() {
        0 => "every type".to_string(),
        1..=3 => query.types.join(", "),
        n => format!("{n} types"),
    };
    let dimensions: String = query
        .dimensions
        .iter()
        .map(|(name, values)| format!("; {name} = {}", values.join(", ")))
        .collect();
    format!("{types}{dimensions}")
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::query::Dimension;

    fn file(dir: &tempfile::TempDir) -> CsvFile {
        let path = dir.path().join("b.csv");
        std::fs::write(
            &path,
            "account,productName,subtotal,billCurrency,servicePeriodStartDate\n\
             acme,Seats,1,USD,2026-10-01\nacme,Seats,2,USD,2026-11-01\n",
        )
        .unwrap();
        CsvFile::open(&path).unwrap()
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    fn comparison(file: CsvFile, filters: Vec<Filter>) -> Analysis {
        let mut c = CompareState::new(file, filters, "account", day());
        c.periods = Some((Period::month(2026, 10), Period::month(2026, 11)));
        Analysis::Compare(Box::new(c))
    }

    #[test]
    fn a_comparison_says_its_choices_and_its_periods_fixed_and_relative() {
        let dir = tempfile::tempdir().unwrap();
        let f = file(&dir);
        let mut analysis = comparison(f, vec![Filter::new("Seat", Some(1))]);
        let Analysis::Compare(c) = &mut analysis else {
            unreachable!()
        };
        c.threshold = 3;
        c.top = 1;
        c.order = CompareOrder::ALL[1];
        let saved = view_to_save(&analysis, &QueryDraft::default(), day()).unwrap();
        let v = &saved.fixed;
        assert_eq!(
            (v.a.as_deref(), v.b.as_deref()),
            (Some("2026-10"), Some("2026-11"))
        );
        assert_eq!(
            (v.min_pct, v.top),
            (Some(f64::from(THRESHOLDS[3].unwrap())), TOPS[1])
        );
        assert_eq!(v.sort.as_deref(), Some(CompareOrder::ALL[1].word()));
        assert_eq!(v.filter, ["productName=Seat"]);
        let r = saved.relative.as_ref().unwrap();
        assert_eq!(
            (r.a.as_deref(), r.b.as_deref()),
            (Some("month-2"), Some("last-month"))
        );
        assert_eq!(saved.period, ("2026-11".into(), Some("last-month".into())));
        assert_eq!(saved.chosen(true).1, "last-month");
        assert_eq!(saved.chosen(false).1, "2026-11");
        // A year before has no relative name: then neither is saved relative.
        let Analysis::Compare(c) = &mut analysis else {
            unreachable!()
        };
        c.periods = Some((Period::month(2025, 11), Period::month(2026, 11)));
        let saved = view_to_save(&analysis, &QueryDraft::default(), day()).unwrap();
        assert_eq!(saved.relative, None);
        assert_eq!(saved.unnamed, ["2025-11"]);
        assert_eq!(saved.chosen(true).0.b.as_deref(), Some("2026-11"));
        // Against its usual, the baseline says A.
        let Analysis::Compare(c) = &mut analysis else {
            unreachable!()
        };
        c.baseline = 1;
        let saved = view_to_save(&analysis, &QueryDraft::default(), day()).unwrap();
        assert_eq!(
            (saved.fixed.a.as_deref(), saved.fixed.baseline),
            (None, BASELINES[1])
        );
    }

    #[test]
    fn a_filter_a_report_cannot_say_is_refused_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let anywhere = comparison(file(&dir), vec![Filter::new("acme", None)]);
        let why = view_to_save(&anywhere, &QueryDraft::default(), day()).unwrap_err();
        assert!(why.contains("searches every column"), "{why}");
        let values: HashSet<Box<[u8]>> = [b"acme".to_vec().into_boxed_slice()].into();
        let drilled = comparison(
            file(&dir),
            vec![Filter::one_of(0, values, true, "= acme".into())],
        );
        let why = view_to_save(&drilled, &QueryDraft::default(), day()).unwrap_err();
        assert!(why.contains("opening a cell's lines"), "{why}");
    }

    #[test]
    fn a_new_reports_query_is_the_forms_with_every_type_left_unsaid() {
        let every = QueryDraft {
            line_item_types: LineItemType::ALL
                .iter()
                .map(|t| t.wire_name().to_string())
                .collect(),
            dimensions: vec![Dimension {
                name: "account".into(),
                filter: vec!["acme".into()],
                attributes: Vec::new(),
            }],
            ..QueryDraft::default()
        };
        let query = query_of(&every);
        assert!(query.types.is_empty());
        assert_eq!(query.dimensions["account"], ["acme"]);
        assert_eq!(query_words(&query), "every type; account = acme");
        let usage = QueryDraft {
            line_item_types: vec!["USAGE".into()],
            ..QueryDraft::default()
        };
        assert_eq!(query_of(&usage).types, ["USAGE"]);
    }
}
