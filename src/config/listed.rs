//! The accounts and products last listed, kept in the tool's private cache folder for a while,
//! so that looking a name up never waits on the network: one small JSON file per m3ter address,
//! organization and list, replaced whole by a rename so a crash never leaves half of one.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::m3ter::{ListKind, Listed};
use crate::own_files;

/// How long a list is used before it is asked for again.
pub const FRESH_FOR: Duration = Duration::hours(1);

/// The largest cache file read: a million entries would be larger, but no organization's list
/// of accounts comes near, and what is larger is read as no list (it is listed anew).
const LARGEST: u64 = 128_000_000;

/// The lists, where they are kept.
#[derive(Debug, Clone)]
pub struct ListCache {
    folder: PathBuf,
}

/// A list as kept: what it is of, when it was fetched, and its entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeptList {
    pub base_url: String,
    pub org_id: String,
    pub kind: String,
    pub fetched: DateTime<Utc>,
    pub entries: Vec<KeptEntry>,
}

/// One entry as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptEntry {
    pub id: String,
    pub code: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

impl From<&Listed> for KeptEntry {
    fn from(l: &Listed) -> KeptEntry {
        KeptEntry {
            id: l.id.clone(),
            code: l.code.clone(),
            name: l.name.clone(),
            parent: l.parent_account_id.clone(),
            currency: l.currency.clone(),
        }
    }
}

impl From<KeptEntry> for Listed {
    fn from(k: KeptEntry) -> Listed {
        Listed {
            id: k.id,
            code: k.code,
            name: k.name,
            parent_account_id: k.parent,
            currency: k.currency,
        }
    }
}

fn kind_name(kind: ListKind) -> &'static str {
    match kind {
        ListKind::Accounts => "accounts",
        ListKind::Products => "products",
    }
}

impl ListCache {
    /// In `folder` (the tool's cache folder), under `lists/`.
    pub fn in_folder(folder: &Path) -> ListCache {
        ListCache {
            folder: folder.join("lists"),
        }
    }

    /// The file of one list: named by a hash, so no address or org id can make a path of it.
    fn path(&self, base_url: &str, org_id: &str, kind: ListKind) -> PathBuf {
        let mut hash = Sha256::new();
        hash.update(format!("{base_url}\n{org_id}\n{}", kind_name(kind)));
        let digest = hash.finalize();
        let name: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        self.folder.join(format!("{}-{name}.json", kind_name(kind)))
    }

    /// The list kept for this address, org and kind, if it was fetched within `FRESH_FOR` of
    /// `now`. A file that cannot be read, or is not this list, is no list.
    pub fn recall(
        &self,
        base_url: &str,
        org_id: &str,
        kind: ListKind,
        now: DateTime<Utc>,
    ) -> Option<KeptList> {
        let path = self.path(base_url, org_id, kind);
        let file = own_files::open_to_read(&path).ok()??;
        if !file
            .metadata()
            .is_ok_and(|m| m.is_file() && m.len() <= LARGEST)
        {
            return None;
        }
        let mut text = String::new();
        file.take(LARGEST).read_to_string(&mut text).ok()?;
        let kept: KeptList = serde_json::from_str(&text).ok()?;
        let same =
            kept.base_url == base_url && kept.org_id == org_id && kept.kind == kind_name(kind);
        let fresh = kept.fetched <= now && now - kept.fetched < FRESH_FOR;
        (same && fresh).then_some(kept)
    }

    /// Keeps `entries` as the list of this address, org and kind, fetched at `fetched`.
    pub fn keep(
        &self,
        base_url: &str,
        org_id: &str,
        kind: ListKind,
        entries: &[Listed],
        fetched: DateTime<Utc>,
    ) -> std::io::Result<()> {
        own_files::create_dir(&self.folder)?;
        let path = self.path(base_url, org_id, kind);
        if own_files::is_other_than_file(&path) {
            return Err(own_files::not_plain());
        }
        let kept = KeptList {
            base_url: base_url.to_string(),
            org_id: org_id.to_string(),
            kind: kind_name(kind).to_string(),
            fetched,
            entries: entries.iter().map(KeptEntry::from).collect(),
        };
        let mut temp = tempfile::Builder::new().tempfile_in(&self.folder)?;
        serde_json::to_writer(std::io::BufWriter::new(&mut temp), &kept)?;
        temp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(code: &str) -> Listed {
        Listed {
            id: format!("id-{code}"),
            code: code.into(),
            name: code.to_uppercase(),
            parent_account_id: None,
            currency: Some("USD".into()),
        }
    }

    #[test]
    fn a_list_is_used_for_an_hour_for_its_own_address_org_and_kind_only() {
        let dir = tempfile::tempdir().unwrap();
        let cache = ListCache::in_folder(dir.path());
        let then = "2026-12-06T10:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let listed = vec![entry("acme"), entry("globex")];
        cache
            .keep(
                "https://api.m3ter.com/",
                "org",
                ListKind::Accounts,
                &listed,
                then,
            )
            .unwrap();
        let soon = then + Duration::minutes(59);
        let kept = cache
            .recall("https://api.m3ter.com/", "org", ListKind::Accounts, soon)
            .unwrap();
        let back: Vec<Listed> = kept.entries.into_iter().map(Listed::from).collect();
        assert_eq!(back, listed);
        assert!(
            cache
                .recall(
                    "https://api.m3ter.com/",
                    "org",
                    ListKind::Accounts,
                    then + Duration::minutes(61)
                )
                .is_none()
        );
        assert!(
            cache
                .recall("https://api.m3ter.com/", "other", ListKind::Accounts, soon)
                .is_none()
        );
        assert!(
            cache
                .recall("https://api.m3ter.com/", "org", ListKind::Products, soon)
                .is_none()
        );
        assert!(
            cache
                .recall("http://127.0.0.1:9/", "org", ListKind::Accounts, soon)
                .is_none()
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_cache_is_private_and_a_link_in_its_place_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let cache = ListCache::in_folder(dir.path());
        let now = Utc::now();
        cache
            .keep("b", "o", ListKind::Products, &[entry("x")], now)
            .unwrap();
        let folder = dir.path().join("lists");
        assert_eq!(
            std::fs::metadata(&folder).unwrap().permissions().mode() & 0o077,
            0
        );
        let file = std::fs::read_dir(&folder)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o077,
            0
        );
        std::fs::remove_file(&file).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", &file).unwrap();
        assert!(
            cache
                .keep("b", "o", ListKind::Products, &[entry("x")], now)
                .is_err()
        );
        assert!(cache.recall("b", "o", ListKind::Products, now).is_none());
    }
}
