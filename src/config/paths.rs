//! Where the files live: the platform's config and data folders, unless told otherwise.

use std::path::{Path, PathBuf};

/// The locations of everything the tool keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// `config.toml`: `--config`, else `M3TER_BILLS_CONFIG`, else the platform's config folder
    /// (`$XDG_CONFIG_HOME/m3ter-bills/config.toml` on Linux).
    pub config_file: PathBuf,
    /// Saved queries, one JSON file each, beside the config file.
    pub queries: PathBuf,
    /// Reports, one TOML file each, beside the config file.
    pub reports: PathBuf,
    /// The history: `M3TER_BILLS_DATA`, else the platform's data folder
    /// (`$XDG_DATA_HOME/m3ter-bills` on Linux).
    pub data: PathBuf,
    /// Pieces of split fetches waiting to be merged: `M3TER_BILLS_CACHE`, else the platform's
    /// cache folder (`$XDG_CACHE_HOME/m3ter-bills` on Linux).
    pub cache: PathBuf,
}

impl Paths {
    /// The paths for this run, from the `--config` flag and the environment.
    pub fn locate(config_flag: Option<&Path>, env: &dyn Fn(&str) -> Option<String>) -> Paths {
        let config_file = config_flag
            .map(Path::to_path_buf)
            .or_else(|| env("M3TER_BILLS_CONFIG").map(PathBuf::from))
            .unwrap_or_else(|| {
                dirs::config_dir()
                    .unwrap_or_else(|| PathBuf::from("."))
                    .join("m3ter-bills")
                    .join("config.toml")
            });
        let queries = config_file
            .parent()
            .map_or_else(|| PathBuf::from("queries"), |p| p.join("queries"));
        let reports = config_file
            .parent()
            .map_or_else(|| PathBuf::from("reports"), |p| p.join("reports"));
        let data = env("M3TER_BILLS_DATA")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                dirs::data_dir()
                    .unwrap_or_else(|| PathBuf::from("."))
                    .join("m3ter-bills")
            });
        let cache = env("M3TER_BILLS_CACHE")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                dirs::cache_dir()
                    .unwrap_or_else(|| PathBuf::from("."))
                    .join("m3ter-bills")
            });
        Paths {
            config_file,
            queries,
            reports,
            data,
            cache,
        }
    }

    pub fn history(&self) -> PathBuf {
        self.data.join("history.jsonl")
    }

    /// Where split fetches keep their pieces.
    pub fn pieces(&self) -> PathBuf {
        self.cache.join("pieces")
    }

    /// The screen's log, when it is asked for (`-v`).
    pub fn log(&self) -> PathBuf {
        self.data.join("m3ter-bills.log")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_beats_the_environment() {
        let env = |name: &str| match name {
            "M3TER_BILLS_CONFIG" => Some("/env/config.toml".to_string()),
            "M3TER_BILLS_DATA" => Some("/env/data".to_string()),
            _ => None,
        };
        let p = Paths::locate(Some(Path::new("/flag/c.toml")), &env);
        assert_eq!(p.config_file, Path::new("/flag/c.toml"));
        assert_eq!(p.queries, Path::new("/flag/queries"));
        assert_eq!(p.history(), Path::new("/env/data/history.jsonl"));
        let p = Paths::locate(None, &env);
        assert_eq!(p.config_file, Path::new("/env/config.toml"));
        let p = Paths::locate(None, &|_| None);
        assert!(p.config_file.ends_with("m3ter-bills/config.toml"));
    }
}
