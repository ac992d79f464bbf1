//! A recipe resolved as of a day: its periods as dates, the query's range, each view's
//! periods, and the files it will write. Everything a run needs is checked here, before
//! anything is sent: the columns named, the periods, the templates, and the files.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::names::file_name;
use super::recipe::{Lines, Recipe, RecipeError, Section};
use super::view::{PlannedView, periods_of, plan_view};
use crate::explore::Period;
use crate::query::{DateInput, Dimension, QueryDraft, SplitMode, expand_type_names};

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
    /// The last day fetched (the range ends the day after it).
    pub fn through(&self) -> NaiveDate {
        self.range.1.pred_opt().unwrap_or(self.range.1)
    }

    /// The report's day and what its relative names came to, as a run's log says it:
    /// `2026-11 (last-month = 2026-11, month-2 = 2026-10)`.
    pub fn headline(&self) -> String {
        format!(
            "report {} as of {}: {} ({})",
            self.name,
            self.as_of,
            self.period.label,
            match self.resolved.is_empty() {
                true => "no relative names".to_string(),
                false => self.resolved.join(", "),
            }
        )
    }

    /// What the workbook says of the lines: fetched at `at`, their days, from `source`.
    pub fn about(&self, at: chrono::DateTime<chrono::Utc>, source: &str) -> crate::export::About {
        crate::export::About {
            body: None,
            link: None,
            fetched: Some(at.format("%Y-%m-%d %H:%M:%S UTC").to_string()),
            notes: vec![(
                "days fetched".to_string(),
                format!("{} to {} (from {source})", self.range.0, self.through()),
            )],
        }
    }
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
