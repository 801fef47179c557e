//! Extracted records kept in the user's cache folder, so a folder opened
//! again is read, not extracted again.
//!
//! An entry is keyed by everything extraction depends on: the extractor
//! itself (a hash of its sources and its gazetteer, so any change to the
//! rules makes every entry stale), the page's path in the folder (file and
//! folder names can give a page its date and place), what the dates file
//! says of it, and its bytes. Entries are written whole through a renamed
//! temporary file, in a binary layout with a checksum ([`super::entry`]);
//! one that does not read back exactly (a crash, a full disk, a hand edit)
//! is deleted and the page extracted again, never loaded. The cache is
//! bounded: past its size the oldest entries go, and entries of an earlier
//! format go at the first trim. Nothing here ever writes into the opened
//! folder.

use super::entry;
use crate::extract::{FileOutcome, Hints};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The default bound of the cache: about a province's three years of news.
pub const DEFAULT_MAX_BYTES: u64 = 512 * 1024 * 1024;

/// Bumped when the entry format changes. 1 was JSON (`.json` files).
const FORMAT: u32 = 2;

/// The file name ending of this format's entries.
const EXT: &str = ".entry";

#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    max_bytes: u64,
    /// Set by [`Cache::put`]: only a cache that grew can be over its bound,
    /// and listing ten thousand entries to find out costs a reopened
    /// folder a good part of its time.
    written: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

/// The key of a page's entry ([`Cache::key`]): 128 bits, so two pages
/// never share one by chance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(u128);

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

/// The extractor's identity: a hash of the sources and data that decide
/// what a page gives. Any edit to them (a new rule, a new place name)
/// changes it, so no entry made by another extractor is ever read.
pub fn extractor_id() -> u64 {
    static ID: OnceLock<u64> = OnceLock::new();
    *ID.get_or_init(|| {
        const SOURCES: &[&str] = &[
            include_str!("../extract/mod.rs"),
            include_str!("../extract/page.rs"),
            include_str!("../extract/numbers.rs"),
            include_str!("../extract/measures.rs"),
            include_str!("../extract/places.rs"),
            include_str!("../extract/dates.rs"),
            include_str!("../extract/meta.rs"),
            include_str!("../extract/series.rs"),
            include_str!("../extract/sentence.rs"),
            include_str!("../text/mod.rs"),
            include_str!("../text/decode.rs"),
            include_str!("../text/html.rs"),
            include_str!("../gazetteer/mod.rs"),
            include_str!("../records/mod.rs"),
            include_str!("../records/series.rs"),
            include_str!("../../assets/gazetteer.tsv"),
        ];
        let mut h = rustc_hash::FxHasher::default();
        h.write(env!("CARGO_PKG_VERSION").as_bytes());
        for s in SOURCES {
            h.write(s.as_bytes());
            h.write_u8(0xff);
        }
        h.finish()
    })
}

impl Cache {
    /// The cache in the user's cache folder (`$XDG_CACHE_HOME/countylens/
    /// extract`, `~/.cache/…`; `~/Library/Caches/…` on macOS,
    /// `%LOCALAPPDATA%\countylens\extract` on Windows); none when the system
    /// has no such folder.
    pub fn user() -> Option<Cache> {
        let base = if cfg!(windows) {
            std::env::var_os("LOCALAPPDATA").map(PathBuf::from)
        } else if cfg!(target_os = "macos") {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join("Library/Caches"))
        } else {
            std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        }?;
        Some(Cache::at(base.join("countylens").join("extract")))
    }

    pub fn at(dir: impl Into<PathBuf>) -> Cache {
        Cache {
            dir: dir.into(),
            max_bytes: DEFAULT_MAX_BYTES,
            written: Default::default(),
        }
    }

    pub fn with_max_bytes(mut self, max: u64) -> Cache {
        self.max_bytes = max;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key of a page: extractor, path, hints and bytes, in one pass
    /// over the bytes (a reopened folder is mostly this and the reads).
    pub fn key(name: &str, bytes: &[u8], hints: &Hints) -> Key {
        fn field(h: &mut xxhash_rust::xxh3::Xxh3Default, s: Option<&str>) {
            // Lengths first, so no two sets of fields run together alike.
            match s {
                Some(s) => {
                    h.update(&(s.len() as u64 + 1).to_le_bytes());
                    h.update(s.as_bytes());
                }
                None => h.update(&0u64.to_le_bytes()),
            }
        }
        let mut h = xxhash_rust::xxh3::Xxh3Default::new();
        h.update(&FORMAT.to_le_bytes());
        h.update(&extractor_id().to_le_bytes());
        field(&mut h, Some(name));
        field(&mut h, hints.date.map(|d| d.to_string()).as_deref());
        field(&mut h, hints.place.as_deref());
        field(&mut h, hints.address.as_deref());
        // Explained records carry a field plain ones do not: never mix them.
        h.update(&[u8::from(hints.explain)]);
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
        Key(h.digest128())
    }

    fn path_of(&self, key: Key) -> PathBuf {
        self.dir.join(format!("{key}{EXT}"))
    }

    /// The cached outcome of a page, if there is a sound one. A damaged
    /// entry is deleted, so the page is extracted and cached again.
    pub fn get(&self, key: Key) -> Option<FileOutcome> {
        let path = self.path_of(key);
        let bytes = std::fs::read(&path).ok()?;
        let out = entry::decode(FORMAT, key.0, &bytes);
        if out.is_none() {
            let _ = std::fs::remove_file(&path);
        }
        out
    }

    /// Keeps a page's outcome. Failing to (a read-only cache folder, a
    /// full disk) costs only the next extraction, so it is silent.
    pub fn put(&self, key: Key, out: &FileOutcome) {
        self.written
            .store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = std::fs::create_dir_all(&self.dir);
        // Not synced: an entry the system lost half of in a power cut fails
        // its checksum and is rebuilt, and ten thousand syncs would be most
        // of a first opening's writing.
        let bytes = entry::encode(FORMAT, key.0, out);
        let _ = crate::records::io::write_atomically_unsynced(&self.path_of(key), |w| {
            w.write_all(&bytes)
        });
    }

    /// Deletes the oldest entries (and leftovers of interrupted writes)
    /// until the cache is within its bound.
    pub fn trim(&self) {
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut entries = Vec::new();
        let mut total = 0u64;
        for e in dir.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            let Ok(meta) = e.metadata() else { continue };
            // Leftovers of interrupted writes, and entries of an earlier
            // format, which this build never reads.
            if name.ends_with(".part") || name.ends_with(".json") {
                let _ = std::fs::remove_file(e.path());
                continue;
            }
            if !name.ends_with(EXT) {
                continue;
            }
            total += meta.len();
            let when = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
            entries.push((when, meta.len(), e.path()));
        }
        entries.sort();
        for (_, len, path) in entries {
            if total <= self.max_bytes {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
    }

    /// [`Cache::trim`], when something was put since the last trim (a
    /// folder read wholly from the cache leaves the cache as it was).
    pub fn trim_if_written(&self) {
        if self
            .written
            .swap(false, std::sync::atomic::Ordering::Relaxed)
        {
            self.trim();
        }
    }

    /// Empties the cache.
    pub fn clear(&self) -> std::io::Result<()> {
        match std::fs::remove_dir_all(&self.dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "衡东县多措并举抓好疫情防控\n本报讯 截至2月20日，衡东县累计排查返乡人员3200人，设立卡点12个。\n";

    fn outcome(name: &str, text: &str) -> FileOutcome {
        crate::extract::extract_file(name, text.as_bytes(), &Hints::default())
    }

    #[test]
    fn an_entry_reads_back_as_it_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let out = outcome("p.txt", PAGE);
        let key = Cache::key("p.txt", PAGE.as_bytes(), &Hints::default());
        assert!(cache.get(key).is_none());
        cache.put(key, &out);
        let back = cache.get(key).unwrap();
        assert_eq!(back.records, out.records);
        assert_eq!(back.encoding, out.encoding);
        assert_eq!(back.fingerprint, out.fingerprint);
    }

    #[test]
    fn the_key_changes_with_bytes_name_and_hints() {
        let k = |name: &str, text: &str, hints: &Hints| Cache::key(name, text.as_bytes(), hints);
        let base = k("p.txt", PAGE, &Hints::default());
        assert_ne!(base, k("q.txt", PAGE, &Hints::default()));
        assert_ne!(
            base,
            k("p.txt", &PAGE.replace("3200", "3300"), &Hints::default())
        );
        let dated = Hints {
            date: crate::records::RecordDate::parse("2020-02-21"),
            ..Default::default()
        };
        assert_ne!(base, k("p.txt", PAGE, &dated));
        assert_eq!(base, k("p.txt", PAGE, &Hints::default()));
    }

    #[test]
    fn a_damaged_entry_is_dropped_not_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let key = Cache::key("p.txt", PAGE.as_bytes(), &Hints::default());
        cache.put(key, &outcome("p.txt", PAGE));
        let path = cache.path_of(key);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap(); // cut by a crash
        assert!(cache.get(key).is_none());
        assert!(!path.exists(), "the damaged entry is gone");
    }

    #[test]
    fn the_oldest_entries_go_past_the_bound() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path()).with_max_bytes(1);
        let out = outcome("p.txt", PAGE);
        for i in 0..3 {
            cache.put(Key(i), &out);
        }
        std::fs::write(dir.path().join(".countylens-x.part"), "half").unwrap();
        cache.trim_if_written();
        let left = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(left, 0, "everything over the bound and the leftover went");
        // Nothing put since: nothing listed, nothing removed.
        std::fs::write(dir.path().join(format!("k9{EXT}")), "xy").unwrap();
        cache.trim_if_written();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        cache.trim();
        let left = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(left, 0, "everything over the bound and the leftover went");
    }

    #[test]
    fn entries_of_the_json_format_go_at_the_next_trim() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let old = dir.path().join(format!("{:032x}.json", 1));
        std::fs::write(&old, "{}").unwrap();
        let key = Cache::key("p.txt", PAGE.as_bytes(), &Hints::default());
        cache.put(key, &outcome("p.txt", PAGE));
        cache.trim_if_written();
        assert!(!old.exists());
        assert!(cache.get(key).is_some(), "this format's entry stays");
    }

    /// Through the loader: an entry cut short or with one bit changed is
    /// not loaded (the records are the extractor's), and a sound one takes
    /// its place.
    #[test]
    fn a_cut_or_flipped_entry_is_rebuilt_by_the_next_opening() {
        let folder = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        std::fs::write(folder.path().join("p.txt"), PAGE).unwrap();
        let open = || {
            crate::load::load_folder_with_cache(
                folder.path(),
                crate::load::Select::All,
                &crate::load::Progress::default(),
                Some(&cache),
            )
            .unwrap()
            .records
        };
        let fresh = open();
        assert!(!fresh.is_empty());
        let key = Cache::key("p.txt", PAGE.as_bytes(), &Hints::default());
        let path = cache.path_of(key);
        let sound = std::fs::read(&path).unwrap();
        let mut flipped = sound.clone();
        // A bit of a figure's value, deep in the payload.
        let at = flipped.len() - 40;
        flipped[at] ^= 0x10;
        for bad in [sound[..sound.len() - 1].to_vec(), flipped, Vec::new()] {
            std::fs::write(&path, &bad).unwrap();
            assert_eq!(open(), fresh);
            assert_eq!(std::fs::read(&path).unwrap(), sound, "rebuilt whole");
        }
    }
}
