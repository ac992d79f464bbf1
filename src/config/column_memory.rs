//! The columns a person chose for a file, remembered for the next file with the same header
//! (next month's bill file looks like this month's). One small JSON file in the data folder,
//! newest choice first, replaced whole by a rename so a crash never leaves half of it.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::own_files;

/// How many headers' choices are kept; the oldest go first.
const KEPT: usize = 50;

/// The largest file read; fifty choices of a hundred columns are far below it.
const LARGEST: u64 = 1_000_000;

/// The choices, where they live.
#[derive(Debug, Clone)]
pub struct ColumnMemory {
    path: PathBuf,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Choices {
    files: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Choice {
    header: Vec<String>,
    shown: Vec<String>,
}

impl ColumnMemory {
    pub fn new(path: PathBuf) -> ColumnMemory {
        ColumnMemory { path }
    }

    /// In the data folder.
    pub fn in_folder(data: &Path) -> ColumnMemory {
        ColumnMemory::new(data.join("columns.json"))
    }

    /// The columns shown last time for a file with exactly this header, by name, in order.
    /// A memory that cannot be read is no memory: the file opens on its first set.
    pub fn recall(&self, header: &[String]) -> Option<Vec<String>> {
        self.read()
            .files
            .into_iter()
            .find(|c| c.header == header)
            .map(|c| c.shown)
    }

    /// Remembers `shown` for files with this header.
    pub fn remember(&self, header: &[String], shown: &[String]) -> std::io::Result<()> {
        let mut choices = self.read();
        choices.files.retain(|c| c.header != header);
        choices.files.insert(
            0,
            Choice {
                header: header.to_vec(),
                shown: shown.to_vec(),
            },
        );
        choices.files.truncate(KEPT);
        let dir = self.path.parent().unwrap_or(Path::new("."));
        own_files::create_dir(dir)?;
        if own_files::is_other_than_file(&self.path) {
            return Err(own_files::not_plain());
        }
        let mut temp = tempfile::Builder::new().tempfile_in(dir)?;
        serde_json::to_writer(&mut temp, &choices)?;
        temp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }

    fn read(&self) -> Choices {
        let Ok(Some(file)) = own_files::open_to_read(&self.path) else {
            return Choices::default();
        };
        if !file
            .metadata()
            .is_ok_and(|m| m.is_file() && m.len() <= LARGEST)
        {
            return Choices::default();
        }
        let mut text = String::new();
        if file.take(LARGEST).read_to_string(&mut text).is_err() {
            return Choices::default();
        }
        serde_json::from_str(&text).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_choice_comes_back_for_the_same_header_only() {
        let dir = tempfile::tempdir().unwrap();
        let memory = ColumnMemory::in_folder(&dir.path().join("data"));
        let header = names(&["account", "subtotal", "billId"]);
        assert_eq!(memory.recall(&header), None);
        memory
            .remember(&header, &names(&["subtotal", "account"]))
            .unwrap();
        memory.remember(&names(&["x"]), &names(&["x"])).unwrap();
        assert_eq!(
            memory.recall(&header),
            Some(names(&["subtotal", "account"]))
        );
        assert_eq!(memory.recall(&names(&["account", "subtotal"])), None);
        memory.remember(&header, &names(&["billId"])).unwrap();
        assert_eq!(memory.recall(&header), Some(names(&["billId"])));
    }

    #[test]
    fn a_damaged_memory_is_no_memory() {
        let dir = tempfile::tempdir().unwrap();
        let memory = ColumnMemory::in_folder(dir.path());
        std::fs::write(dir.path().join("columns.json"), "{not json").unwrap();
        assert_eq!(memory.recall(&names(&["a"])), None);
        memory.remember(&names(&["a"]), &names(&["a"])).unwrap();
        assert_eq!(memory.recall(&names(&["a"])), Some(names(&["a"])));
    }
}
