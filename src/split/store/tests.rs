//! The vault's rules, each against a folder planted the way someone else might.

use super::*;
use crate::query::parse_date_time;

fn range(start: &str, end: &str) -> DateRange {
    DateRange::new(
        parse_date_time(start).unwrap(),
        parse_date_time(end).unwrap(),
    )
    .unwrap()
}

/// Writes a piece of `lines` data lines for `range` into `store`, and records it.
fn keep(store: &mut PieceStore, range: DateRange, lines: u64, fetched: DateTime<Utc>) {
    let text: String = std::iter::once("account,subtotal\n".to_string())
        .chain((0..lines).map(|n| format!("acme,{n}\n")))
        .collect();
    let path = store.path_for(range);
    std::fs::write(&path, &text).unwrap();
    store
        .record(Recorded {
            start: range.start(),
            end: range.end(),
            file: file_name(range),
            rows: lines,
            cut: false,
            digest: None,
            sha256: sha256_of(&mut text.as_bytes()).unwrap(),
            fetched,
        })
        .unwrap();
}

const K: &str = "0123456789abcdef0123456789abcdef";

fn july() -> DateRange {
    range("2026-07-01", "2026-08-01")
}

fn august() -> DateRange {
    range("2026-08-01", "2026-09-01")
}

#[test]
fn pieces_are_found_again_on_resume_until_they_age() {
    let root = tempfile::tempdir().unwrap();
    let now = Utc::now();
    let (mut store, resumed) = PieceStore::open(root.path(), K, false, now).unwrap();
    assert_eq!(resumed, Resumed::default());
    keep(&mut store, july(), 2, now);
    drop(store);

    let (store, resumed) = PieceStore::open(root.path(), K, true, now).unwrap();
    assert_eq!(resumed.pieces, 1);
    assert_eq!(resumed.since, Some(now));
    assert!(resumed.changed.is_empty() && !resumed.discarded);
    assert!(store.known(july()).is_some() && store.known(august()).is_none());
    drop(store);

    let later = now + KEEP_FOR + chrono::Duration::minutes(1);
    let (store, resumed) = PieceStore::open(root.path(), K, true, later).unwrap();
    assert_eq!(resumed.pieces, 0);
    assert!(store.known(july()).is_none());
    drop(store);

    // Without resume the folder starts empty.
    let (mut store, _) = PieceStore::open(root.path(), K, true, now).unwrap();
    keep(&mut store, july(), 2, now);
    drop(store);
    let (store, resumed) = PieceStore::open(root.path(), K, false, now).unwrap();
    assert_eq!(resumed.pieces, 0);
    assert!(!store.dir().join(file_name(july())).exists());
    store.finish().unwrap();
    assert!(!root.path().join(K).exists());
}

#[test]
fn a_manifest_naming_a_file_of_its_own_choosing_is_discarded() {
    let root = tempfile::tempdir().unwrap();
    let outside = root.path().join("outside.csv");
    std::fs::write(&outside, "account,subtotal\nevil,1\n").unwrap();
    let now = Utc::now();
    let (mut store, _) = PieceStore::open(&root.path().join("cache"), K, false, now).unwrap();
    keep(&mut store, july(), 2, now);
    let manifest = store.dir().join(MANIFEST);
    drop(store);
    for planted in [outside.display().to_string(), "../../outside.csv".into()] {
        let text = std::fs::read_to_string(&manifest).unwrap();
        let text = text.replace(&file_name(july()), &planted);
        std::fs::write(&manifest, text).unwrap();
        let (store, resumed) = PieceStore::open(&root.path().join("cache"), K, true, now).unwrap();
        assert!(resumed.discarded, "{planted}");
        assert_eq!(resumed.pieces, 0);
        assert!(store.known(july()).is_none());
        drop(store);
        // Put the real name back for the next case.
        let text = std::fs::read_to_string(&manifest)
            .unwrap_or_default()
            .replace(&planted, &file_name(july()));
        std::fs::write(&manifest, text).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&outside).unwrap(),
        "account,subtotal\nevil,1\n",
        "never touched"
    );
}

#[cfg(unix)]
#[test]
fn a_piece_changed_replaced_by_a_link_or_a_fifo_is_fetched_again_and_never_blocks() {
    let root = tempfile::tempdir().unwrap();
    let now = Utc::now();
    let cache = root.path().join("cache");
    let theirs = root.path().join("theirs.csv");
    std::fs::write(&theirs, "account,subtotal\nacme,0\nacme,1\n").unwrap();
    /// What is planted where a piece was, and how.
    type Plant<'a> = (&'static str, Box<dyn Fn(&Path) + 'a>);
    let plants: [Plant<'_>; 3] = [
        (
            "content",
            Box::new(|p: &Path| std::fs::write(p, "account,subtotal\nacme,9\n").unwrap()),
        ),
        (
            "link",
            Box::new(|p: &Path| {
                std::fs::remove_file(p).unwrap();
                std::os::unix::fs::symlink(&theirs, p).unwrap();
            }),
        ),
        (
            "fifo",
            Box::new(|p: &Path| {
                std::fs::remove_file(p).unwrap();
                let name = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
                // SAFETY: a valid C string for the path.
                assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
            }),
        ),
    ];
    for (what, plant) in plants {
        let (mut store, _) = PieceStore::open(&cache, K, false, now).unwrap();
        keep(&mut store, july(), 2, now);
        keep(&mut store, august(), 1, now);
        let path = store.path_of(store.known(july()).unwrap());
        drop(store);
        plant(&path);
        let (mut store, resumed) = PieceStore::open(&cache, K, true, now).unwrap();
        assert_eq!(resumed.changed, [july()], "{what}");
        assert_eq!(resumed.pieces, 1, "{what}: August is kept");
        assert!(store.known(july()).is_none(), "{what}");
        assert!(!path.exists() || path.is_file(), "{what}: cleared");
        // Fetched again, it is found again on the next resume.
        keep(&mut store, july(), 2, now);
        drop(store);
        let (_store, resumed) = PieceStore::open(&cache, K, true, now).unwrap();
        assert_eq!((resumed.pieces, resumed.changed.len()), (2, 0), "{what}");
    }
    assert_eq!(
        std::fs::read_to_string(&theirs).unwrap(),
        "account,subtotal\nacme,0\nacme,1\n",
        "a link's target is never written"
    );
}

#[cfg(unix)]
#[test]
fn a_folder_that_is_a_link_or_open_to_others_is_not_used() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let now = Utc::now();
    let cache = root.path().join("cache");
    std::fs::create_dir(&cache).unwrap();
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o700)).unwrap();
    // The query's folder, a link to a folder of someone else's choosing.
    let elsewhere = root.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, cache.join(K)).unwrap();
    let (mut store, resumed) = PieceStore::open(&cache, K, true, now).unwrap();
    let why = resumed.untrusted.expect("not used");
    assert!(why.ends_with("is a symbolic link"), "{why}");
    keep(&mut store, july(), 1, now);
    assert!(!store.dir().starts_with(&cache));
    let scratch = store.dir().to_path_buf();
    store.finish().unwrap();
    assert!(!scratch.exists(), "the private folder goes with the run");
    assert_eq!(
        std::fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "nothing written there"
    );

    // A cache folder anyone can write in.
    std::fs::remove_file(cache.join(K)).unwrap();
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o777)).unwrap();
    let (store, resumed) = PieceStore::open(&cache, K, false, now).unwrap();
    let why = resumed.untrusted.expect("not used");
    assert!(
        why.ends_with("can be written by others (mode 777)"),
        "{why}"
    );
    assert!(!store.dir().starts_with(&cache));
    assert!(!cache.join(K).exists(), "never written into");
}

#[test]
fn folders_of_other_queries_go_once_they_age_and_nothing_else() {
    let root = tempfile::tempdir().unwrap();
    let now = Utc::now();
    let old = "fedcba9876543210fedcba9876543210";
    let (store, _) = PieceStore::open(root.path(), old, false, now).unwrap();
    drop(store);
    let (store, _) = PieceStore::open(root.path(), K, false, now).unwrap();
    drop(store);
    std::fs::create_dir(root.path().join("photos")).unwrap();
    // Named like ours but not made by the tool (no marker): left alone.
    let lookalike = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    std::fs::create_dir(root.path().join(lookalike)).unwrap();
    assert!(root.path().join(old).is_dir());
    let later = now + KEEP_FOR + chrono::Duration::minutes(1);
    let (_store, _) = PieceStore::open(root.path(), K, true, later).unwrap();
    assert!(!root.path().join(old).exists());
    assert!(root.path().join("photos").is_dir(), "not ours, left alone");
    assert!(
        root.path().join(lookalike).is_dir(),
        "not marked, left alone"
    );
}

#[cfg(unix)]
#[test]
fn the_folders_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let (store, _) = PieceStore::open(&root.path().join("pieces"), K, false, Utc::now()).unwrap();
    let mode = std::fs::metadata(store.dir()).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "{mode:o}");
}

#[test]
fn the_key_follows_the_question() {
    let q = |limit: &str| {
        let draft = crate::query::QueryDraft {
            dates: crate::query::DateInput::Typed {
                start: Some("2026-01-01".into()),
                end: Some("2026-02-01".into()),
            },
            line_item_types: vec!["USAGE".into()],
            limit: Some(limit.into()),
            ..Default::default()
        };
        crate::query::validate(&draft, Utc::now()).unwrap()
    };
    let key = store_key("http://x", "org", &q("10"), SplitMode::Auto);
    assert_eq!(key.len(), 32);
    assert_eq!(key, store_key("http://x", "org", &q("10"), SplitMode::Auto));
    assert_ne!(key, store_key("http://x", "org", &q("11"), SplitMode::Auto));
    assert_ne!(
        key,
        store_key("http://x", "org2", &q("10"), SplitMode::Auto)
    );
    assert_ne!(
        key,
        store_key("http://x", "org", &q("10"), SplitMode::Month)
    );
}
