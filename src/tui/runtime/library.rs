//! The screen's use of what the tool remembers: listing profiles, saved queries and history for
//! a picker, writing a body file. (Submits are noted in the history by [`crate::fetch`].)

use super::services::Library;
use crate::config::{Entry, ReportRun, SubmitOutcome};
use crate::query::{BillQuery, Preset};
use crate::tui::dialogs::{PickItem, PickerKind};

/// The entries of a picker, and sentences about what could not be read.
pub fn list(library: &Library, kind: PickerKind) -> (Vec<PickItem>, Vec<String>) {
    match kind {
        PickerKind::Profiles => (
            library
                .profiles
                .iter()
                .map(|p| PickItem::new(p, p.clone(), String::new()))
                .collect(),
            if library.profiles.is_empty() {
                vec!["The config file has no profiles (see m3ter-bills config).".to_string()]
            } else {
                Vec::new()
            },
        ),
        PickerKind::Saved => {
            let (names, mut problems) = library.saved.list();
            let mut items: Vec<PickItem> = names
                .iter()
                .map(|n| {
                    let path = library.saved.dir().join(format!("{n}.json"));
                    PickItem::new(n, format!("query   {n}"), path.display().to_string())
                })
                .collect();
            let (reports, unread) = library.reports.list();
            problems.extend(unread);
            items.extend(reports.into_iter().map(|(name, recipe)| {
                let path = library.reports.dir().join(format!("{name}.toml"));
                // What it is: its description, else its views.
                let about = recipe.description.clone().unwrap_or_else(|| {
                    let views: Vec<&str> = recipe.views.iter().map(|v| v.name.as_str()).collect();
                    format!("{}: {}", recipe.period, views.join(", "))
                });
                let label = format!("report  {name}  {about}");
                PickItem {
                    report: Some((name.clone(), None)),
                    ..PickItem::new(
                        &name,
                        label,
                        format!(
                            "Enter runs it as of today; its recipe is {}",
                            path.display()
                        ),
                    )
                }
            }));
            (items, problems)
        }
        // Its entries come with it, from the list of accounts or products.
        PickerKind::Named { .. } => (Vec::new(), Vec::new()),
        PickerKind::History | PickerKind::Files => match library.history.read() {
            Ok(read) => {
                let now = chrono::Utc::now();
                let skipped = match read.skipped {
                    0 => Vec::new(),
                    1 => vec![format!(
                        "One line of {} could not be read and was skipped.",
                        library.history.path().display()
                    )],
                    n => vec![format!(
                        "{n} lines of {} could not be read and were skipped.",
                        library.history.path().display()
                    )],
                };
                // Submits and report runs, newest first.
                let mut items: Vec<(chrono::DateTime<chrono::Utc>, PickItem)> = read
                    .entries
                    .into_iter()
                    .map(|e| (e.at, history_item(e, now)))
                    .chain(read.reports.into_iter().map(|r| (r.at, run_item(r))))
                    .collect();
                items.sort_by_key(|item| std::cmp::Reverse(item.0));
                let mut items: Vec<PickItem> = items.into_iter().map(|(_, item)| item).collect();
                if kind == PickerKind::Files {
                    // A file fetched again under its name is listed once, as it is now.
                    let mut seen = std::collections::HashSet::new();
                    items.retain(|i| i.file.as_ref().is_some_and(|f| seen.insert(f.clone())));
                    // The file's name first, where a narrow list still shows it; its whole
                    // path under the list.
                    for item in &mut items {
                        if let Some(file) = &item.file {
                            let name = file.file_name().unwrap_or_default().to_string_lossy();
                            let when = item.label.split("  → ").next().unwrap_or_default();
                            item.label = format!("{name}  {when}");
                            item.detail = file.display().to_string();
                        }
                    }
                }
                (items, skipped)
            }
            Err(e) => (
                Vec::new(),
                vec![format!("The history could not be read: {e}.")],
            ),
        },
    }
}

/// A report run as the history lists it: run again as of today, or as of its day.
fn run_item(run: ReportRun) -> PickItem {
    let files: Vec<String> = run.files.iter().map(|f| f.display().to_string()).collect();
    let label = format!(
        "{}  report \"{}\" as of {}  → {}",
        run.at.format("%Y-%m-%d %H:%M"),
        run.name,
        run.as_of,
        match files.as_slice() {
            [] => "no file".to_string(),
            [one] => one.clone(),
            [first, rest @ ..] => format!("{first} and {} more", rest.len()),
        }
    );
    // The table opens CSV files: a workbook is for a spreadsheet.
    let csv = run
        .files
        .iter()
        .find(|f| f.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) && still_there(f))
        .cloned();
    let detail = format!(
        "Enter runs it again as of today, Ctrl-E as of {}{}. It wrote {}",
        run.as_of,
        match &csv {
            Some(_) => "; Ctrl-O opens its first CSV",
            None => "",
        },
        files.join(", ")
    );
    PickItem {
        report: Some((run.name.clone(), Some(run.as_of))),
        file: csv,
        ..PickItem::new(
            &format!("report {} {}", run.name, run.at.to_rfc3339()),
            label,
            detail,
        )
    }
}

/// Whether `path` is a file that can still be opened.
fn still_there(path: &std::path::Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

fn history_item(e: Entry, now: chrono::DateTime<chrono::Utc>) -> PickItem {
    let field = |name: &str| {
        e.body
            .get(name)
            .and_then(|v| v.as_str())
            .unwrap_or("?")
            .get(..10)
            .unwrap_or("?")
            .to_string()
    };
    let types = e
        .body
        .get("lineItemTypes")
        .and_then(|t| t.as_array())
        .map_or(0, Vec::len);
    let preset = e.preset.as_deref().and_then(|p| p.parse::<Preset>().ok());
    // The filters are in the label, so typing an account's name finds its queries.
    let filters: Vec<String> = e
        .body
        .get("dimensions")
        .and_then(|d| d.as_array())
        .into_iter()
        .flatten()
        .map(|d| {
            let name = d.get("name").and_then(|n| n.as_str()).unwrap_or("?");
            let values: Vec<&str> = d
                .get("filter")
                .and_then(|f| f.as_array())
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str())
                .collect();
            format!("{name}={}", values.join(","))
        })
        .collect();
    let label = format!(
        "{}  {}  {}{}{} to {}  {} type{}{}{}",
        e.at.format("%Y-%m-%d %H:%M"),
        e.profile.as_deref().unwrap_or("-"),
        e.saved
            .as_ref()
            .map(|s| format!("\"{s}\"  "))
            .unwrap_or_default(),
        preset
            .map(|p| format!("{}: ", p.label()))
            .unwrap_or_default(),
        field("startDate"),
        field("endDate"),
        types,
        if types == 1 { "" } else { "s" },
        if filters.is_empty() {
            String::new()
        } else {
            format!("  {}", filters.join("  "))
        },
        e.file
            .as_ref()
            .map(|f| format!("  → {}", f.display()))
            .unwrap_or_default(),
    );
    let stale = e.link_expired(now);
    let detail = match &e.outcome {
        SubmitOutcome::Link(link) if stale => format!("link probably expired: {link}"),
        SubmitOutcome::Link(link) => link.clone(),
        SubmitOutcome::Error(message) => format!("failed: {message}"),
        SubmitOutcome::Pieces(n) => format!("fetched complete in {n} requests"),
    };
    PickItem {
        body: Some(e.body),
        stale,
        preset,
        saved: e.saved,
        file: e.file.filter(|f| still_there(f)),
        ..PickItem::new(&e.id, label, detail)
    }
}

/// Writes the request body as a file `--body` reads back, whole or not at all.
pub fn write_body(path: &std::path::Path, query: &BillQuery) -> Result<std::path::PathBuf, String> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let fail = |e: std::io::Error| format!("Could not write {}: {e}.", path.display());
    if crate::own_files::is_other_than_file(path) {
        return Err(fail(crate::own_files::not_plain()));
    }
    let mut temp = tempfile::NamedTempFile::new_in(&folder).map_err(fail)?;
    std::io::Write::write_all(&mut temp, (query.to_json_pretty() + "\n").as_bytes())
        .map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_past_query_shows_its_saved_name_preset_and_filters() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-02T09:00:00Z")
            .unwrap()
            .to_utc();
        let body = serde_json::json!({
            "startDate": "2026-10-01T00:00:00Z",
            "endDate": "2026-11-01T00:00:00Z",
            "lineItemTypes": ["USAGE", "OVERAGE_USAGE"],
            "dimensions": [{"name": "account", "filter": ["acme", "globex"]}],
        });
        let entry = Entry::new(at, None, body, SubmitOutcome::Error("no".into()))
            .with_names(Some("last-month".into()), Some("october".into()));
        let item = history_item(entry, at);
        assert!(item.label.contains("\"october\""), "{}", item.label);
        assert!(
            item.label.contains("last month: 2026-10-01 to 2026-11-01"),
            "{}",
            item.label
        );
        assert!(item.label.contains("account=acme,globex"), "{}", item.label);
        assert_eq!(item.preset, Some(Preset::LastMonth));
        assert_eq!(item.saved.as_deref(), Some("october"));
    }
}
