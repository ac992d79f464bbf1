//! A view added to a report from the screen: a new recipe around it, or a `[[view]]` added to
//! the end of a report that exists. An existing file is added to as text, not written anew, so
//! what a person wrote in it (comments, order, spacing) stays as it was; either way the result
//! is checked as a run would check it before it is saved.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

use super::library::Reports;
use super::plan::plan;
use super::recipe::{OutputPart, QueryPart, Recipe, ViewPart, parse, to_text};

/// What was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub path: PathBuf,
    /// The view's name in the report (made unique among its views).
    pub view: String,
    /// Whether the report was made for it.
    pub created: bool,
    /// How many views the report has now.
    pub views: usize,
}

/// A new report of one view: about `period`, fetching what `query` says, writing a workbook
/// named after it and its period.
pub fn new_recipe(name: &str, view: ViewPart, period: String, query: QueryPart) -> Recipe {
    Recipe {
        description: None,
        period,
        query,
        views: vec![view],
        output: OutputPart {
            workbook: Some(format!("{}-{{period}}.xlsx", name.trim())),
            csv: None,
            folder: None,
        },
    }
}

/// `name`, or `name (2)`, `name (3)`... whichever no view of `taken` has.
pub fn unique_name(name: &str, taken: &[ViewPart]) -> String {
    let free = |candidate: &str| taken.iter().all(|v| v.name.trim() != candidate);
    if free(name) {
        return name.to_string();
    }
    (2..)
        .map(|n| format!("{name} ({n})"))
        .find(|c| free(c))
        .unwrap_or_else(|| name.to_string())
}

/// `text` with `view` added as a `[[view]]` at its end.
pub fn appended(text: &str, view: &ViewPart) -> String {
    #[derive(Serialize)]
    struct One<'a> {
        view: [&'a ViewPart; 1],
    }
    let table = toml::to_string(&One { view: [view] }).unwrap_or_default();
    let mut out = text.trim_end().to_string();
    out.push_str("\n\n");
    out.push_str(&table);
    out
}

impl Reports {
    /// Adds `view` to the report `name`, or makes the report (about `period`, fetching what
    /// `query` says) when there is none. The result is checked as of `today` as a run would
    /// check it (its files may exist: that is the run's question, not this one's); a report
    /// that does not read is refused, not replaced.
    pub fn add_view(
        &self,
        name: &str,
        mut view: ViewPart,
        period: String,
        query: QueryPart,
        today: NaiveDate,
    ) -> Result<Added, String> {
        let name = name.trim();
        crate::config::check_name(name).map_err(|e| e.to_string())?;
        let path = self.dir().join(format!("{name}.toml"));
        let existing = match std::fs::symlink_metadata(&path) {
            Ok(_) => Some(self.find(name).map_err(|e| {
                format!(
                    "{} does not read, so it was left as it was: {e}",
                    path.display()
                )
            })?),
            Err(_) => None,
        };
        let created = existing.is_none();
        let text = match &existing {
            Some(found) => {
                view.name = unique_name(&view.name, &found.recipe.views);
                appended(&found.text, &view)
            }
            None => to_text(&new_recipe(name, view.clone(), period, query)),
        };
        let recipe = parse(&text).map_err(|e| format!("the view could not be added: {e}"))?;
        // Checked where the files would go; whether they are there is asked when it runs.
        plan(
            name,
            &recipe,
            &text,
            today,
            Some(std::path::Path::new(".")),
            true,
        )
        .map_err(|e| format!("the report would not run: {e}"))?;
        let path = self.save_text(name, &text)?;
        Ok(Added {
            path,
            view: view.name,
            created,
            views: recipe.views.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ViewKind;

    fn pivot(name: &str) -> ViewPart {
        ViewPart {
            rows: Some("account".into()),
            cols: Some("month".into()),
            period: Some("last-month".into()),
            ..ViewPart::named(name, ViewKind::Pivot)
        }
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    #[test]
    fn a_view_makes_a_report_then_joins_it_keeping_what_was_written() {
        let home = tempfile::tempdir().unwrap();
        let reports = Reports::new(home.path().join("reports"));
        let first = reports
            .add_view(
                "monthly",
                pivot("By account"),
                "last-month".into(),
                QueryPart::default(),
                day(),
            )
            .unwrap();
        assert!(first.created);
        assert_eq!((first.view.as_str(), first.views), ("By account", 1));
        // A person's comment in the file survives the next view added.
        let text = std::fs::read_to_string(&first.path).unwrap();
        std::fs::write(&first.path, format!("# for the CFO\n{text}")).unwrap();
        let second = reports
            .add_view(
                "monthly",
                pivot("By account"),
                "2026-01".into(),
                QueryPart::default(),
                day(),
            )
            .unwrap();
        assert!(!second.created);
        assert_eq!((second.view.as_str(), second.views), ("By account (2)", 2));
        let found = reports.find("monthly").unwrap();
        assert!(found.text.starts_with("# for the CFO\n"), "{}", found.text);
        // The report's own period is the first view's, not the one offered later.
        assert_eq!(found.recipe.period, "last-month");
        assert_eq!(found.recipe.views[1].name, "By account (2)");
    }

    #[test]
    fn a_view_that_would_not_run_or_a_report_that_does_not_read_is_refused() {
        let home = tempfile::tempdir().unwrap();
        let reports = Reports::new(home.path().join("reports"));
        let wrong = ViewPart {
            rows: Some("acount".into()),
            ..pivot("Typo")
        };
        let why = reports
            .add_view("r", wrong, "last-month".into(), QueryPart::default(), day())
            .unwrap_err();
        assert!(why.contains("acount"), "{why}");
        assert!(!home.path().join("reports/r.toml").exists());
        std::fs::create_dir_all(home.path().join("reports")).unwrap();
        std::fs::write(home.path().join("reports/broken.toml"), "period = [").unwrap();
        let why = reports
            .add_view(
                "broken",
                pivot("A"),
                "last-month".into(),
                QueryPart::default(),
                day(),
            )
            .unwrap_err();
        assert!(why.contains("left as it was"), "{why}");
        assert_eq!(
            std::fs::read_to_string(home.path().join("reports/broken.toml")).unwrap(),
            "period = ["
        );
    }
}
