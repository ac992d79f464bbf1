//! The folder of reports: one `NAME.toml` each, read as the tool's own files (no link
//! followed, small), written whole or not at all with the usual permissions, since a report
//! is meant to be read, edited and shared.

use std::path::{Path, PathBuf};

use super::recipe::{Recipe, RecipeError, parse, to_text};

/// The folder of reports.
#[derive(Debug, Clone)]
pub struct Reports {
    dir: PathBuf,
}

/// A report found by name or path: its name, where it is, its text and its recipe.
#[derive(Debug, Clone)]
pub struct Found {
    pub name: String,
    pub path: PathBuf,
    pub text: String,
    pub recipe: Recipe,
}

impl Reports {
    pub fn new(dir: PathBuf) -> Reports {
        Reports { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The report `wanted`: a path to a `.toml` file, else a name in the folder. A file that
    /// does not read is refused with its line.
    pub fn find(&self, wanted: &str) -> Result<Found, RecipeError> {
        let as_path = Path::new(wanted);
        let (name, path) = if wanted.ends_with(".toml") || wanted.contains(['/', '\\']) {
            let name = as_path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| wanted.to_string());
            (name, as_path.to_path_buf())
        } else {
            crate::config::check_name(wanted).map_err(|e| RecipeError::new(None, e.to_string()))?;
            (wanted.to_string(), self.dir.join(format!("{wanted}.toml")))
        };
        let text = crate::config::read_own_text(&path).map_err(|e| {
            let known = self.list().0;
            let why = match e.kind() {
                std::io::ErrorKind::NotFound if known.is_empty() => format!(
                    "there is no report \"{wanted}\" ({} has none yet: `report new` makes one)",
                    self.dir.display()
                ),
                std::io::ErrorKind::NotFound => format!(
                    "there is no report \"{wanted}\"; the reports are {}",
                    known
                        .iter()
                        .map(|(n, _)| n.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                _ => format!("{} could not be read: {e}", path.display()),
            };
            RecipeError::new(None, why)
        })?;
        let recipe = parse(&text)?;
        Ok(Found {
            name,
            path,
            text,
            recipe,
        })
    }

    /// Each report's name and recipe, sorted by name, and a sentence for each that does not
    /// read.
    pub fn list(&self) -> (Vec<(String, Recipe)>, Vec<String>) {
        let (mut found, mut problems) = (Vec::new(), Vec::new());
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return (found, problems);
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".toml"))
                .filter(|n| !n.starts_with('.'))
            else {
                continue;
            };
            let read = crate::config::read_own_text(&path)
                .map_err(|e| RecipeError::new(None, e.to_string()))
                .and_then(|text| parse(&text));
            match read {
                Ok(recipe) => found.push((name.to_string(), recipe)),
                Err(e) => problems.push(format!("{}: {e}", path.display())),
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        problems.sort();
        (found, problems)
    }

    /// Saves `recipe` as `name`, refusing to replace a report unless `replace`.
    pub fn save(&self, name: &str, recipe: &Recipe, replace: bool) -> Result<PathBuf, String> {
        let name = name.trim();
        crate::config::check_name(name).map_err(|e| e.to_string())?;
        let path = self.dir.join(format!("{name}.toml"));
        if !replace && std::fs::symlink_metadata(&path).is_ok() {
            return Err(format!(
                "there is a report \"{name}\" already ({}): edit it, or give --force to replace it",
                path.display()
            ));
        }
        self.save_text(name, &to_text(recipe))
    }

    /// Writes `text` as the report `name`, whole or not at all, never through a link.
    pub fn save_text(&self, name: &str, text: &str) -> Result<PathBuf, String> {
        let path = self.dir.join(format!("{}.toml", name.trim()));
        let io = |e: std::io::Error| format!("could not save the report: {e}");
        crate::own_files::create_dir(&self.dir).map_err(io)?;
        if crate::own_files::is_other_than_file(&path) {
            return Err(io(crate::own_files::not_plain()));
        }
        let mut builder = tempfile::Builder::new();
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let mut temp = builder.tempfile_in(&self.dir).map_err(io)?;
        std::io::Write::write_all(&mut temp, text.as_bytes()).map_err(io)?;
        temp.persist(&path).map_err(|e| io(e.error))?;
        Ok(path)
    }
}
