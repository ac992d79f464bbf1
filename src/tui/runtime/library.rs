//! The screen's use of what the tool remembers: listing profiles, saved queries and history for
//! a picker, writing a body file. (Submits are noted in the history by [`crate::fetch`].)

use super::services::Library;
use crate::config::{Entry, SubmitOutcome};
use crate::query::{BillQuery, Preset};
use crate::tui::dialogs::{PickItem, PickerKind};

/// The entries of a picker, and sentences about what could not be read.
pub fn list(library: &Library, kind: PickerKind) -> (Vec<PickItem>, Vec<String>) {
    let item = |key: &str, label: String, detail: String| PickItem {
        key: key.to_string(),
        label,
        detail,
        body: None,
        stale: false,
        preset: None,
        saved: None,
    };
    match kind {
        PickerKind::Profiles => (
            library
                .profiles
                .iter()
                .map(|p| item(p, p.clone(), String::new()))
                .collect(),
            if library.profiles.is_empty() {
                vec!["The config file has no profiles (see m3ter-bills config).".to_string()]
            } else {
                Vec::new()
            },
        ),
        PickerKind::Saved => {
            let (names, problems) = library.saved.list();
            let items = names
                .iter()
                .map(|n| {
                    item(
                        n,
                        n.clone(),
                        library
                            .saved
                            .dir()
                            .join(format!("{n}.json"))
                            .display()
                            .to_string(),
                    )
                })
                .collect();
            (items, problems)
        }
        // Its entries come with it, from the list of accounts or products.
        PickerKind::Named { .. } => (Vec::new(), Vec::new()),
        PickerKind::History => match library.history.read() {
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
                let items = read
                    .entries
                    .into_iter()
                    .map(|e| history_item(e, now))
                    .collect();
                (items, skipped)
            }
            Err(e) => (
                Vec::new(),
                vec![format!("The history could not be read: {e}.")],
            ),
        },
    }
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
        key: e.id,
        label,
        detail,
        body: Some(e.body),
        stale,
        preset,
        saved: e.saved,
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
