//! Saved queries: one readable JSON file each, which a person can edit or share. A saved
//! preset stays a preset, so "last month" is last month whenever it runs.

use std::path::{Path, PathBuf};

use crate::query::{BodySource, DatesAs, QueryDraft, draft_from_json, draft_to_json};

/// The folder of saved queries.
#[derive(Debug, Clone)]
pub struct SavedQueries {
    dir: PathBuf,
}

/// Why a saved query could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SavedError {
    #[error("There is no saved query \"{name}\"; {}", names_list(.known))]
    Unknown { name: String, known: Vec<String> },
    #[error("The saved query \"{name}\" ({path}) is damaged: {reason}")]
    Damaged {
        name: String,
        path: String,
        reason: String,
    },
    #[error(
        "\"{0}\" cannot be a name: use letters, digits, spaces, - and _ (not starting with a dot)"
    )]
    BadName(String),
    #[error("Could not save the query: {0}")]
    Io(String),
}

fn names_list(known: &[String]) -> String {
    if known.is_empty() {
        "none are saved yet".to_string()
    } else {
        format!("the saved queries are {}", known.join(", "))
    }
}

impl SavedQueries {
    pub fn new(dir: PathBuf) -> SavedQueries {
        SavedQueries { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.json"))
    }

    /// The names of the saved queries, sorted, and a sentence for each that cannot be read.
    pub fn list(&self) -> (Vec<String>, Vec<String>) {
        let mut names = Vec::new();
        let mut problems = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return (names, problems);
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".json"))
                .filter(|n| !n.starts_with('.'))
            else {
                continue;
            };
            match self.load(name) {
                Ok(_) => names.push(name.to_string()),
                Err(e) => problems.push(e.to_string()),
            }
        }
        names.sort();
        problems.sort();
        (names, problems)
    }

    /// The saved query `name` as a draft (its preset, if any, still a preset).
    pub fn load(&self, name: &str) -> Result<QueryDraft, SavedError> {
        let path = self.path(name);
        // A name that could not have been saved (say, "../x") is never looked up on disk.
        let text = match check_name(name).map(|()| read(&path)) {
            Ok(Ok(text)) => text,
            Err(_) => {
                return Err(SavedError::Unknown {
                    name: name.to_string(),
                    known: self.list().0,
                });
            }
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(SavedError::Unknown {
                    name: name.to_string(),
                    known: self.list().0,
                });
            }
            Ok(Err(e)) => return Err(self.damaged(name, e.to_string())),
        };
        let draft = draft_from_json(&text, BodySource::File)
            .map_err(|e| self.damaged(name, e.to_string()))?;
        if let Some(problem) = draft.read_problems.first() {
            return Err(self.damaged(name, problem.message.clone()));
        }
        Ok(draft)
    }

    fn damaged(&self, name: &str, reason: String) -> SavedError {
        SavedError::Damaged {
            name: name.to_string(),
            path: self.path(name).display().to_string(),
            reason: reason.trim_end_matches('.').to_string(),
        }
    }

    /// Saves `draft` as `name`, replacing a query of that name. Written whole or not at all.
    pub fn save(&self, name: &str, draft: &QueryDraft) -> Result<PathBuf, SavedError> {
        let name = name.trim();
        check_name(name)?;
        let io = |e: std::io::Error| SavedError::Io(e.to_string());
        std::fs::create_dir_all(&self.dir).map_err(io)?;
        let path = self.path(name);
        if crate::own_files::is_other_than_file(&path) {
            return Err(io(crate::own_files::not_plain()));
        }
        // Saved queries are meant to be read and shared: the usual permissions, not a temporary
        // file's private ones.
        let mut builder = tempfile::Builder::new();
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let mut temp = builder.tempfile_in(&self.dir).map_err(io)?;
        std::io::Write::write_all(
            &mut temp,
            (draft_to_json(draft, DatesAs::Kept) + "\n").as_bytes(),
        )
        .map_err(io)?;
        temp.persist(&path).map_err(|e| io(e.error))?;
        Ok(path)
    }
}

/// The largest saved query read; one with a hundred dimensions is a few kilobytes.
const LARGEST: u64 = 1_000_000;

/// A saved query's text: a plain file, not followed through a link, of a sane size.
/// The text of one of the tool's own small files (a saved query, a report), not following a
/// link, refused past a few megabytes.
pub fn read(path: &Path) -> std::io::Result<String> {
    use std::io::Read as _;
    let Some(file) = crate::own_files::open_to_read(path)? else {
        return Err(std::io::ErrorKind::NotFound.into());
    };
    if file.metadata()?.len() > LARGEST {
        return Err(std::io::Error::other(format!(
            "it is larger than {} MB",
            LARGEST / 1_000_000
        )));
    }
    let mut text = String::new();
    file.take(LARGEST).read_to_string(&mut text)?;
    Ok(text)
}

/// Whether `name` can name a file of the tool's own: letters, digits, spaces, `-`, `_` and
/// `.`, not starting with a dot, at most 100 bytes.
pub fn check_name(name: &str) -> Result<(), SavedError> {
    let fine = !name.is_empty()
        && !name.starts_with('.')
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'));
    if fine {
        Ok(())
    } else {
        Err(SavedError::BadName(name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{DateInput, Dimension, Preset, format_wire, parse_date_time, validate};

    fn monthly() -> QueryDraft {
        QueryDraft {
            dates: DateInput::Preset(Preset::LastMonth),
            line_item_types: vec!["USAGE".into()],
            dimensions: vec![Dimension {
                name: "account".into(),
                filter: vec!["*".into()],
                attributes: vec![],
            }],
            limit: Some("500".into()),
            ..QueryDraft::default()
        }
    }

    #[test]
    fn a_saved_preset_is_resolved_when_it_runs_not_when_it_was_saved() {
        let dir = tempfile::tempdir().unwrap();
        let saved = SavedQueries::new(dir.path().join("queries"));
        let path = saved.save("monthly usage by account", &monthly()).unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains("\"preset\": \"last-month\""), "{text}");
        assert!(!text.contains("startDate"));

        let draft = saved.load("monthly usage by account").unwrap();
        for (now, start) in [("2026-11-27", "2026-10-01"), ("2027-01-05", "2026-12-01")] {
            let q = validate(&draft, parse_date_time(now).unwrap()).unwrap();
            assert_eq!(format_wire(q.range().start()), format!("{start}T00:00:00Z"));
        }
        assert_eq!(saved.list().0, ["monthly usage by account"]);
    }

    #[test]
    fn fixed_dates_stay_fixed_and_the_file_is_a_body_file() {
        let dir = tempfile::tempdir().unwrap();
        let saved = SavedQueries::new(dir.path().to_path_buf());
        let draft = QueryDraft {
            dates: DateInput::Typed {
                start: Some("2026-01-01".into()),
                end: Some("2026-02-01".into()),
            },
            ..monthly()
        };
        saved.save("january", &draft).unwrap();
        assert_eq!(saved.load("january").unwrap(), draft);
    }

    #[test]
    fn damaged_and_unknown_queries_are_reported_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let saved = SavedQueries::new(dir.path().to_path_buf());
        saved.save("good", &monthly()).unwrap();
        std::fs::write(dir.path().join("bad.json"), "{ not json").unwrap();
        std::fs::write(
            dir.path().join("typo.json"),
            r#"{"preset":"last-month","lineItemType":["USAGE"]}"#,
        )
        .unwrap();
        let (names, problems) = saved.list();
        assert_eq!(names, ["good"]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("\"bad\""), "{problems:?}");
        assert!(
            problems[1].contains("did you mean lineItemTypes"),
            "{problems:?}"
        );
        let unknown = saved.load("nope").unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "There is no saved query \"nope\"; the saved queries are good"
        );
        assert!(matches!(
            saved.save("../escape", &monthly()),
            Err(SavedError::BadName(_))
        ));
        assert!(matches!(
            saved.load("../escape"),
            Err(SavedError::Unknown { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_saved_query_that_is_a_link_is_neither_read_nor_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let saved = SavedQueries::new(dir.path().join("queries"));
        saved.save("good", &monthly()).unwrap();
        let elsewhere = dir.path().join("elsewhere.json");
        std::fs::copy(dir.path().join("queries/good.json"), &elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.path().join("queries/linked.json")).unwrap();
        let e = saved.load("linked").unwrap_err().to_string();
        assert!(e.contains("damaged") && e.contains("symbolic link"), "{e}");
        let e = saved.save("linked", &monthly()).unwrap_err().to_string();
        assert!(e.contains("symbolic link"), "{e}");
        assert!(
            std::fs::symlink_metadata(dir.path().join("queries/linked.json"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
}
