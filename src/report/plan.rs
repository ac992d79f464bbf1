//! A recipe resolved as of a day: its periods as dates, the query's range, each view's
//! periods, and the files it will write. Everything a run needs is checked here, before
//! anything is sent: the columns named, the periods, the templates, and the files.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::names::file_name;
use super::recipe::{Lines, Recipe, RecipeError, Section, ViewKind, ViewPart};
use crate::explore::{
    Amount, Baseline, Bucket, CompareOrder, DateColumn, MOST_LEVELS, Measure, Period, RowOrder,
    Status,
};
use crate::query::{
    BILL_COLUMNS, DateInput, Dimension, QueryDraft, SplitMode, expand_type_names, nearest,
};

/// A view resolved: its name and what it asks.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedView {
    pub name: String,
    pub ask: Ask,
    pub measure: Measure,
    /// `COLUMN=REGEX`, checked to name bill columns.
    pub filters: Vec<String>,
    pub by_bill_date: bool,
    /// The file name of its CSV, when the report writes CSV files.
    pub csv: Option<PathBuf>,
}

impl PlannedView {
    /// The dates its periods are of.
    pub fn date(&self) -> DateColumn {
        match self.by_bill_date {
            true => DateColumn::BillDate,
            false => DateColumn::ServicePeriod,
        }
    }
}

/// What a view asks.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    Pivot {
        rows: String,
        cols: String,
        period: Option<Period>,
        top: Option<usize>,
        order: RowOrder,
    },
    Compare {
        by: String,
        a: Period,
        b: Period,
        /// Against a baseline: the periods its mean is of (A is their span).
        baseline: Option<Vec<Period>>,
        min_pct: Option<Amount>,
        min_change: Option<Amount>,
        statuses: Vec<Status>,
        order: CompareOrder,
        top: Option<usize>,
        flagged: bool,
    },
}

/// A report ready to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub name: String,
    pub as_of: NaiveDate,
    /// The period the report is about.
    pub period: Period,
    /// The days to fetch, `[start, end)`.
    pub range: (NaiveDate, NaiveDate),
    pub types: Vec<String>,
    pub dimensions: Vec<(String, Vec<String>)>,
    pub limit: Option<u32>,
    pub split: SplitMode,
    pub views: Vec<PlannedView>,
    pub workbook: Option<PathBuf>,
    /// The folder the files go to.
    pub folder: PathBuf,
    /// What each relative name came to: `last-month = 2026-11`.
    pub resolved: Vec<String>,
}

impl Plan {
    /// Every file the run writes, in order.
    pub fn files(&self) -> Vec<PathBuf> {
        self.workbook
            .iter()
            .chain(self.views.iter().filter_map(|v| v.csv.as_ref()))
            .cloned()
            .collect()
    }

    /// The request for the plan's days, as a draft for the query's own checks: for a face
    /// that fetches through the query builder's rules (the screen).
    pub fn draft(&self) -> QueryDraft {
        QueryDraft {
            dates: DateInput::Typed {
                start: Some(self.range.0.to_string()),
                end: Some(self.range.1.to_string()),
            },
            line_item_types: expand_type_names(&self.types),
            dimensions: self
                .dimensions
                .iter()
                .map(|(name, filter)| Dimension {
                    name: name.clone(),
                    filter: filter.clone(),
                    attributes: Vec::new(),
                })
                .collect(),
            limit: self.limit.map(|l| l.to_string()),
            ..QueryDraft::default()
        }
    }
}

/// Resolves `recipe` (read from `text`, named `name`) as of `as_of`, its files in `out` when
/// given (else the recipe's folder, else the current one); a file that is there already is
/// refused unless `force`.
pub fn plan(
    name: &str,
    recipe: &Recipe,
    text: &str,
    as_of: NaiveDate,
    out: Option<&Path>,
    force: bool,
) -> Result<Plan, RecipeError> {
    let lines = Lines::new(text);
    let mut resolved = Vec::new();
    let mut period_at = |text: &str, at: Option<usize>| -> Result<Period, RecipeError> {
        let period =
            Period::resolve(text, as_of).map_err(|e| RecipeError::new(at, e.to_string()))?;
        if text.trim() != period.label {
            let said = format!("{} = {}", text.trim(), period.label);
            if !resolved.contains(&said) {
                resolved.push(said);
            }
        }
        Ok(period)
    };
    let period = period_at(&recipe.period, lines.of(Section::Top, "period"))?;
    if recipe.views.is_empty() {
        return Err(RecipeError::new(
            None,
            "the report has no [[view]]: give at least one pivot or comparison",
        ));
    }
    if recipe.output.workbook.is_none() && recipe.output.csv.is_none() {
        return Err(RecipeError::new(
            lines.of(Section::Table("output"), "workbook"),
            "[output] names no file: give workbook = \"...xlsx\", csv = \"...{view}.csv\", or both",
        ));
    }
    let mut views = Vec::new();
    for (n, view) in recipe.views.iter().enumerate() {
        let at = |key: &str| lines.of(Section::View(n), key);
        views.push(plan_view(view, &period, &mut period_at, &at)?);
    }
    // The query covers what the views need, unless it says its own period.
    let range = match &recipe.query.period {
        Some(p) => period_at(p, lines.of(Section::Table("query"), "period"))?.bounds(),
        None => needed(&period, &views),
    };
    for (n, view) in views.iter().enumerate() {
        for p in periods_of(&view.ask) {
            let (start, end) = p.bounds();
            if start < range.0 || end > range.1 {
                return Err(RecipeError::new(
                    lines.of(Section::View(n), "name"),
                    format!(
                        "view \"{}\" needs {}, which the query's period ({} to {}) does not cover",
                        view.name,
                        p.label,
                        range.0,
                        range.1.pred_opt().unwrap_or(range.1)
                    ),
                ));
            }
        }
    }
    let split = match &recipe.query.split {
        Some(s) => s.parse().map_err(|e: crate::query::UnknownSplit| {
            RecipeError::new(lines.of(Section::Table("query"), "split"), e.to_string())
        })?,
        None => SplitMode::Auto,
    };
    for dimension in recipe.query.dimensions.keys() {
        if !crate::query::KNOWN_DIMENSION_NAMES.contains(&dimension.as_str()) {
            return Err(RecipeError::new(
                lines.of(Section::Table("dimensions"), dimension),
                format!(
                    "{dimension} is not a dimension m3ter filters bills by; it takes {}",
                    crate::query::KNOWN_DIMENSION_NAMES.join(", ")
                ),
            ));
        }
    }
    let folder = match (out, &recipe.output.folder) {
        (Some(out), _) => out.to_path_buf(),
        (None, Some(folder)) => PathBuf::from(folder),
        (None, None) => PathBuf::from("."),
    };
    let fill = |template: &str, view: Option<&str>, key: &str| {
        file_name(template, name, &period, as_of, view)
            .map(|f| folder.join(f))
            .map_err(|why| RecipeError::new(lines.of(Section::Table("output"), key), why))
    };
    let workbook = match &recipe.output.workbook {
        Some(t) => Some(fill(t, None, "workbook")?),
        None => None,
    };
    if let Some(template) = &recipe.output.csv {
        if views.len() > 1 && !template.contains("{view}") {
            return Err(RecipeError::new(
                lines.of(Section::Table("output"), "csv"),
                "with several views, the csv name needs {view}, or every view would write the same file",
            ));
        }
        for view in &mut views {
            view.csv = Some(fill(template, Some(&view.name), "csv")?);
        }
    }
    let plan = Plan {
        name: name.to_string(),
        as_of,
        period,
        range,
        types: match recipe.query.types.is_empty() {
            true => vec!["all".to_string()],
            false => recipe.query.types.clone(),
        },
        dimensions: recipe
            .query
            .dimensions
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        limit: recipe.query.limit,
        split,
        views,
        workbook,
        folder,
        resolved,
    };
    let files = plan.files();
    for (i, file) in files.iter().enumerate() {
        if files[..i].contains(file) {
            return Err(RecipeError::new(
                lines.of(Section::Table("output"), "csv"),
                format!("two outputs would both be {}", file.display()),
            ));
        }
        crate::target::check(file, force)
            .map_err(|e| RecipeError::new(None, crate::printable::sentence(&e.to_string())))?;
    }
    Ok(plan)
}

/// Resolves a period's text found on a line, noting what a relative name came to.
type PeriodAt<'a> = dyn FnMut(&str, Option<usize>) -> Result<Period, RecipeError> + 'a;

/// One view checked and resolved.
fn plan_view(
    view: &ViewPart,
    period: &Period,
    period_at: &mut PeriodAt<'_>,
    at: &dyn Fn(&str) -> Option<usize>,
) -> Result<PlannedView, RecipeError> {
    let name = view.name.trim().to_string();
    if name.is_empty() {
        return Err(RecipeError::new(
            at("name"),
            "a view needs a name: it names its sheet",
        ));
    }
    let wrong =
        |key: &str, why: String| RecipeError::new(at(key), format!("view \"{name}\": {why}"));
    let only = |key: &str, set: bool, kind: &str| match set {
        true => Err(wrong(key, format!("{key} is not a key of a {kind}"))),
        false => Ok(()),
    };
    let measure = match view.measure.as_deref().map(str::trim) {
        None | Some("subtotal") => Measure::Subtotal,
        Some("converted") => Measure::Converted,
        Some("quantity") => Measure::Quantity,
        Some(other) => {
            return Err(wrong(
                "measure",
                format!("{other} is not a measure; write subtotal, converted or quantity"),
            ));
        }
    };
    for filter in &view.filter {
        let Some((column, _)) = filter.split_once('=') else {
            return Err(wrong("filter", format!("{filter} is not COLUMN=REGEX")));
        };
        known_columns(column, &|why| wrong("filter", why))?;
    }
    let amount = |key: &str, value: Option<f64>| -> Result<Option<Amount>, RecipeError> {
        value
            .map(|v| {
                // The shortest text that reads back as the same number: 2.5 is "2.5".
                Amount::parse(format!("{v}").as_bytes())
                    .ok_or_else(|| wrong(key, format!("{v} is not a plain number")))
            })
            .transpose()
    };
    let ask = match view.kind {
        ViewKind::Pivot => {
            for (key, set) in [
                ("by", view.by.is_some()),
                ("a", view.a.is_some()),
                ("b", view.b.is_some()),
                ("baseline", view.baseline.is_some()),
                ("min_pct", view.min_pct.is_some()),
                ("min_change", view.min_change.is_some()),
                ("status", !view.status.is_empty()),
                ("flagged", view.flagged),
            ] {
                only(key, set, "pivot (it is a comparison's)")?;
            }
            let rows = view
                .rows
                .clone()
                .ok_or_else(|| wrong("name", "a pivot needs rows = \"COLUMN\"".into()))?;
            known_columns(&rows, &|why| wrong("rows", why))?;
            let cols = view.cols.clone().unwrap_or_else(|| "month".to_string());
            if Bucket::named(&cols).is_none() {
                known_columns(&cols, &|why| wrong("cols", why))?;
            }
            let period = match &view.period {
                Some(p) => Some(period_at(p, at("period"))?),
                None => None,
            };
            let order = match &view.sort {
                None => RowOrder::default(),
                Some(word) => RowOrder::named(word).ok_or_else(|| {
                    wrong(
                        "sort",
                        format!(
                            "{word} is not a pivot's order; write {}",
                            RowOrder::ALL.map(RowOrder::word).join(", ")
                        ),
                    )
                })?,
            };
            Ask::Pivot {
                rows,
                cols,
                period,
                top: view.top,
                order,
            }
        }
        ViewKind::Compare => {
            for (key, set) in [
                ("rows", view.rows.is_some()),
                ("cols", view.cols.is_some()),
                ("period", view.period.is_some()),
            ] {
                only(key, set, "comparison (it is a pivot's)")?;
            }
            let by = view.by.clone().unwrap_or_else(|| "account".to_string());
            known_columns(&by, &|why| wrong("by", why))?;
            let b = match &view.b {
                Some(b) => period_at(b, at("b"))?,
                None => period.clone(),
            };
            let (a, baseline) = match (view.baseline, &view.a) {
                (Some(_), Some(_)) => {
                    return Err(wrong(
                        "baseline",
                        "give a = PERIOD or baseline = N, not both".into(),
                    ));
                }
                (Some(n), None) => {
                    match Baseline::before(&b, n).filter(|_| (1..=24).contains(&n)) {
                        Some((span, periods)) => (span, Some(periods)),
                        None => {
                            return Err(wrong("baseline", "baseline takes 1 to 24 periods".into()));
                        }
                    }
                }
                (None, Some(a)) => (period_at(a, at("a"))?, None),
                (None, None) => (b.shifted_months(-(months_long(&b) as i32)), None),
            };
            if a.overlaps(&b) {
                return Err(wrong("a", format!("{} and {} overlap", a.label, b.label)));
            }
            let statuses = view
                .status
                .iter()
                .map(|s| {
                    Status::named(s).ok_or_else(|| {
                        wrong(
                            "status",
                            format!(
                                "{s} is not a status; write {}",
                                Status::ALL.map(Status::word).join(", ")
                            ),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let order = match &view.sort {
                None => CompareOrder::default(),
                Some(word) => CompareOrder::ALL
                    .into_iter()
                    .find(|o| o.word().eq_ignore_ascii_case(word.trim()))
                    .ok_or_else(|| {
                        wrong(
                            "sort",
                            format!(
                                "{word} is not an order; write {}",
                                CompareOrder::ALL.map(CompareOrder::word).join(", ")
                            ),
                        )
                    })?,
            };
            if view.flagged && (baseline.is_none() || view.min_pct.is_none()) {
                return Err(wrong(
                    "flagged",
                    "flagged keeps the lines that stray from their mean: give baseline and min_pct with it".into(),
                ));
            }
            Ask::Compare {
                by,
                a,
                b,
                baseline,
                min_pct: amount("min_pct", view.min_pct)?,
                min_change: amount("min_change", view.min_change)?,
                statuses,
                order,
                top: view.top,
                flagged: view.flagged,
            }
        }
    };
    Ok(PlannedView {
        name,
        ask,
        measure,
        filters: view.filter.clone(),
        by_bill_date: view.by_bill_date,
        csv: None,
    })
}

/// How many months `p` is when it is whole months (a comparison's A defaults to the period
/// as long just before B); one otherwise.
fn months_long(p: &Period) -> u32 {
    use chrono::Datelike;
    let (start, end) = p.bounds();
    let n = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
    u32::try_from(n(end) - n(start)).unwrap_or(1).max(1)
}

/// Each of the comma-separated columns of `spec` is a bill column (up to three), else why not
/// with the nearest name.
fn known_columns(spec: &str, wrong: &dyn Fn(String) -> RecipeError) -> Result<(), RecipeError> {
    let columns: Vec<&str> = spec.split(',').map(str::trim).collect();
    if columns.len() > MOST_LEVELS {
        return Err(wrong(format!("{spec} is more than {MOST_LEVELS} levels")));
    }
    for column in columns {
        if !BILL_COLUMNS.contains(&column) {
            let near = nearest(column, BILL_COLUMNS.iter().copied())
                .map(|n| format!(" (did you mean {n}?)"))
                .unwrap_or_default();
            return Err(wrong(format!(
                "{column} is not a column of m3ter's bill files{near}"
            )));
        }
    }
    Ok(())
}

/// The periods a view reads.
fn periods_of(ask: &Ask) -> Vec<&Period> {
    match ask {
        Ask::Pivot { period, .. } => period.iter().collect(),
        Ask::Compare { a, b, baseline, .. } => match baseline {
            Some(periods) => periods.iter().chain([b]).collect(),
            None => vec![a, b],
        },
    }
}

/// From the earliest day any view needs to the last, the report's period included.
fn needed(period: &Period, views: &[PlannedView]) -> (NaiveDate, NaiveDate) {
    let mut range = period.bounds();
    for view in views {
        for p in periods_of(&view.ask) {
            let (start, end) = p.bounds();
            range = (range.0.min(start), range.1.max(end));
        }
    }
    range
}
