//! One view of a recipe checked and resolved: its kind's keys (and no other kind's), its
//! columns against m3ter's bill columns, its periods as of the report's day, its order,
//! statuses and thresholds.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::recipe::{RecipeError, ViewKind, ViewPart};
use crate::explore::{
    Amount, Baseline, Bucket, CompareOrder, DateColumn, MOST_LEVELS, Measure, Period, RowOrder,
    Status,
};
use crate::query::{BILL_COLUMNS, nearest};

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

/// Resolves a period's text found on a line, noting what a relative name came to.
pub(super) type PeriodAt<'a> = dyn FnMut(&str, Option<usize>) -> Result<Period, RecipeError> + 'a;

/// One view checked and resolved.
pub(super) fn plan_view(
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
pub(super) fn periods_of(ask: &Ask) -> Vec<&Period> {
    match ask {
        Ask::Pivot { period, .. } => period.iter().collect(),
        Ask::Compare { a, b, baseline, .. } => match baseline {
            Some(periods) => periods.iter().chain([b]).collect(),
            None => vec![a, b],
        },
    }
}
