//! The files of a folder and its subfolders, and what was left out.
//!
//! Links are followed once, to a file or a folder; a folder reached again
//! (a link loop, or two links to one place) is listed once and the second
//! way to it is named as skipped. Names that are not valid UTF-8 are written
//! with their odd bytes escaped (`\xFF`), never replaced: two files whose
//! names differ only there must stay two sources.

use crate::records::Problem;
use std::collections::HashSet;
use std::fs::FileType;
use std::path::{Path, PathBuf};

/// A file or folder that was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Relative to the opened folder, with `/`.
    pub file: String,
    pub reason: SkipReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// A file of another kind (`.docx`, `.png`): left alone, as expected.
    NotPageOrRecords,
    /// A records file when only pages are read (`countylens extract`).
    RecordsNotRead,
    /// A name starting with a dot: `.git`, editors' backups, system files.
    Hidden,
    /// A FIFO, a device, a socket: reading it could block or never end.
    NotRegular(&'static str),
    /// A link whose target is missing.
    BrokenLink,
    /// A folder reached a second time through a link.
    AlreadyListed,
}

impl SkipReason {
    /// Whether a person should hear about it as a problem: a FIFO in a
    /// folder of pages is a surprise, a `.png` is not.
    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            SkipReason::NotRegular(_) | SkipReason::BrokenLink | SkipReason::AlreadyListed
        )
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::NotPageOrRecords => f.write_str("neither a page nor a records file"),
            SkipReason::RecordsNotRead => f.write_str("a records file; only pages are read"),
            SkipReason::Hidden => f.write_str("hidden (its name starts with a dot)"),
            SkipReason::NotRegular(kind) => write!(f, "{kind}, not a regular file"),
            SkipReason::BrokenLink => f.write_str("a link to nothing"),
            SkipReason::AlreadyListed => {
                f.write_str("a link to a folder already read (a link loop?)")
            }
        }
    }
}

/// What [`walk`] found.
#[derive(Debug, Default)]
pub struct Listing {
    /// (path relative to the root, its name with `/`), sorted by name.
    pub files: Vec<(PathBuf, String)>,
    pub skipped: Vec<Skipped>,
    /// Folders that could not be listed.
    pub problems: Vec<Problem>,
}

/// The kind of a file that is not a regular file, in words.
pub fn kind_name(t: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a link"
    } else {
        "a special file"
    }
}

/// Lists the files under `root`. Never reads a file.
pub fn walk(root: &Path) -> Listing {
    let mut listing = Listing::default();
    let mut seen = HashSet::new();
    if let Some(id) = dir_id(root) {
        seen.insert(id);
    }
    // An explicit stack: a folder tree deep enough to overflow the thread's
    // stack is easy to make, and the loader must survive whatever it is given.
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                listing.problems.push(Problem::file(
                    rel_name(dir.strip_prefix(root).unwrap_or(&dir)),
                    format!("cannot list folder: {e}"),
                ));
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let name = rel_name(&rel);
            if entry.file_name().as_encoded_bytes().starts_with(b".") {
                listing.skipped.push(Skipped {
                    file: name,
                    reason: SkipReason::Hidden,
                });
                continue;
            }
            let Ok(t) = entry.file_type() else { continue };
            // Links are followed once: metadata() resolves the whole chain.
            let target = if t.is_symlink() {
                match std::fs::metadata(&path) {
                    Ok(m) => m.file_type(),
                    Err(_) => {
                        listing.skipped.push(Skipped {
                            file: name,
                            reason: SkipReason::BrokenLink,
                        });
                        continue;
                    }
                }
            } else {
                t
            };
            if target.is_dir() {
                match dir_id(&path) {
                    Some(id) if !seen.insert(id) => listing.skipped.push(Skipped {
                        file: name,
                        reason: SkipReason::AlreadyListed,
                    }),
                    _ => stack.push(path),
                }
            } else if target.is_file() {
                listing.files.push((rel, name));
            } else {
                listing.skipped.push(Skipped {
                    file: name,
                    reason: SkipReason::NotRegular(kind_name(&target)),
                });
            }
        }
    }
    listing.files.sort_by(|a, b| a.1.cmp(&b.1));
    listing.skipped.sort_by(|a, b| a.file.cmp(&b.file));
    for s in &listing.skipped {
        if s.reason.is_problem() {
            listing.problems.push(Problem::file(
                s.file.clone(),
                format!("skipped: {}", s.reason),
            ));
        }
    }
    listing
}

/// A folder's identity on disk, so a loop of links is noticed.
#[cfg(unix)]
fn dir_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn dir_id(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// Relative path with `/` on every system: records name their source this
/// way. Bytes that are not UTF-8 are escaped as `\xNN`, so distinct names
/// stay distinct.
pub fn rel_name(rel: &Path) -> String {
    let mut out = String::new();
    for (i, c) in rel.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        push_escaped(&mut out, c.as_os_str().as_encoded_bytes());
    }
    out
}

fn push_escaped(out: &mut String, bytes: &[u8]) {
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn names_with_odd_bytes_stay_distinct() {
        use std::os::unix::ffi::OsStrExt;
        let a = Path::new(std::ffi::OsStr::from_bytes(b"p\xFF.txt"));
        let b = Path::new(std::ffi::OsStr::from_bytes(b"p\xFE.txt"));
        assert_eq!(rel_name(a), "p\\xFF.txt");
        assert_ne!(rel_name(a), rel_name(b));
        assert_eq!(rel_name(Path::new("县/页.txt")), "县/页.txt");
    }
}
