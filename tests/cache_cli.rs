//! The cache of extracted pages, through the command line: a reopened
//! folder reads unchanged pages from the cache, a changed page is extracted
//! again, a damaged entry is rebuilt, `--no-cache` gives the same records,
//! and the opened folder is never touched.

// Tests and benchmarks unwrap: a panic is a failure with its message.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_countylens");
const PAGE: &str = "衡东县多措并举抓好疫情防控\n本报讯 截至2月20日，衡东县累计排查返乡人员3200人，设立卡点12个。\n";

fn extract(dir: &Path, cache: &Path, extra: &[&str]) -> String {
    let mut args = vec!["extract", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = Command::new(BIN)
        .args(args)
        .env("XDG_CACHE_HOME", cache)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn entries(cache: &Path) -> Vec<PathBuf> {
    let dir = cache.join("countylens/extract");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| (e.path(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn unchanged_pages_come_from_the_cache_and_changed_ones_are_extracted_again() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), PAGE).unwrap();
    std::fs::write(dir.path().join("b.txt"), PAGE.replace("3200", "4100")).unwrap();
    let before = snapshot(dir.path());

    let first = extract(dir.path(), cache.path(), &[]);
    assert_eq!(entries(cache.path()).len(), 2, "one entry per page");
    let again = extract(dir.path(), cache.path(), &[]);
    assert_eq!(first, again);
    assert_eq!(snapshot(dir.path()), before, "the folder is never written");

    // A changed page is extracted again.
    std::fs::write(dir.path().join("b.txt"), PAGE.replace("3200", "5300")).unwrap();
    let changed = extract(dir.path(), cache.path(), &[]);
    assert!(
        changed.contains("5300") && !changed.contains("4100"),
        "{changed}"
    );

    // A damaged entry is dropped and rebuilt, never loaded.
    let mut sound = BTreeMap::new();
    for e in entries(cache.path()) {
        let bytes = std::fs::read(&e).unwrap();
        std::fs::write(&e, &bytes[..bytes.len() / 3]).unwrap();
        sound.insert(e, bytes);
    }
    let rebuilt = extract(dir.path(), cache.path(), &[]);
    assert_eq!(rebuilt, changed);
    // The two pages' entries are whole again (the stale entry of the old
    // b.txt stays cut until it ages out: it is never read).
    let whole = entries(cache.path())
        .iter()
        .filter(|e| sound.get(*e) == std::fs::read(e).ok().as_ref())
        .count();
    assert_eq!(whole, 2);

    // --no-cache: the same records, and no entry written.
    let fresh_cache = tempfile::tempdir().unwrap();
    let uncached = extract(dir.path(), fresh_cache.path(), &["--no-cache"]);
    assert_eq!(uncached, changed);
    assert!(entries(fresh_cache.path()).is_empty());
}
