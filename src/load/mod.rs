//! A folder → records and problems, for the app's worker thread and the
//! command line alike.
//!
//! Records files (`.jsonl`, `.ndjson`, `.csv`) load as they are; news pages
//! (`.txt`, `.html`, `.htm`) go through the extractor. Files are read in
//! parallel; [`Progress`] lets the caller show counts and cancel. Nothing is
//! ever written into the folder.

use crate::extract::{self, Hints};
use crate::records::{self, Problem, Record, RecordDate};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The file in which a person gives the dates of pages, and where they are
/// from if they like: `file,date` or `file,date,place` per line.
/// It is read, never written, and not taken for a records file.
pub const DATES_FILE: &str = "countylens-dates.csv";

/// Shared between the loading thread and whoever watches it.
#[derive(Debug, Default)]
pub struct Progress {
    pub total: AtomicUsize,
    pub done: AtomicUsize,
    cancel: AtomicBool,
}

impl Progress {
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
    /// (done, total) as last reported.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// What a file was and what it gave, for the per-file summary.
#[derive(Debug, Clone)]
pub struct FileSummary {
    pub file: String,
    pub kind: FileKind,
    pub records: usize,
    pub problems: usize,
    pub encoding: Option<&'static str>,
    pub bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Records,
    Page,
}

#[derive(Debug, Default)]
pub struct LoadOutcome {
    pub folder: PathBuf,
    pub records: Vec<Record>,
    pub problems: Vec<Problem>,
    pub files: Vec<FileSummary>,
    /// Files that were neither records nor pages, left alone.
    pub skipped: usize,
    pub cancelled: bool,
}

/// Why a folder could not be read at all.
#[derive(Debug)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadError {}

/// Which files load, and how: records files, pages, or only pages (the
/// `extract` command reads pages and ignores records files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Select {
    All,
    PagesOnly,
}

pub fn load_folder(
    folder: &Path,
    select: Select,
    progress: &Progress,
) -> Result<LoadOutcome, LoadError> {
    let meta = std::fs::metadata(folder)
        .map_err(|e| LoadError(format!("cannot open {}: {e}", folder.display())))?;
    if !meta.is_dir() {
        return Err(LoadError(format!("{} is not a folder", folder.display())));
    }
    let mut outcome = LoadOutcome {
        folder: folder.to_path_buf(),
        ..Default::default()
    };
    let mut files = Vec::new();
    walk(folder, folder, &mut files, &mut outcome.problems);
    files.sort();

    let dates = read_dates_file(folder, &mut outcome.problems);
    let mut jobs = Vec::new();
    for rel in files {
        let name = rel_name(&rel);
        if name.rsplit('/').next() == Some(DATES_FILE) {
            continue;
        }
        let kind = if extract::is_page(&name) {
            FileKind::Page
        } else if is_records_file(&name) {
            FileKind::Records
        } else {
            outcome.skipped += 1;
            continue;
        };
        if select == Select::PagesOnly && kind == FileKind::Records {
            outcome.skipped += 1;
            continue;
        }
        jobs.push((rel, name, kind));
    }
    progress.total.store(jobs.len(), Ordering::Relaxed);
    progress.done.store(0, Ordering::Relaxed);

    let results: Vec<Option<(FileSummary, Vec<Record>, Vec<Problem>)>> = jobs
        .par_iter()
        .map(|(rel, name, kind)| {
            if progress.is_cancelled() {
                return None;
            }
            let r = load_one(&folder.join(rel), name, *kind, &dates);
            progress.done.fetch_add(1, Ordering::Relaxed);
            Some(r)
        })
        .collect();
    outcome.cancelled = progress.is_cancelled();
    for (summary, recs, probs) in results.into_iter().flatten() {
        outcome.files.push(summary);
        outcome.records.extend(recs);
        outcome.problems.extend(probs);
    }
    Ok(outcome)
}

fn load_one(
    path: &Path,
    name: &str,
    kind: FileKind,
    dates: &HashMap<String, Hints>,
) -> (FileSummary, Vec<Record>, Vec<Problem>) {
    let mut summary = FileSummary {
        file: name.to_string(),
        kind,
        records: 0,
        problems: 0,
        encoding: None,
        bytes: 0,
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            summary.problems = 1;
            return (
                summary,
                Vec::new(),
                vec![Problem::file(name, format!("cannot read: {e}"))],
            );
        }
    };
    summary.bytes = bytes.len() as u64;
    let (records, problems) = match kind {
        FileKind::Page => {
            let hints = dates.get(name).cloned().unwrap_or_default();
            let out = extract::extract_file(name, &bytes, &hints);
            summary.encoding = out.encoding;
            (out.records, out.problems)
        }
        FileKind::Records => match extract::decode::decode(&bytes) {
            Ok(d) => {
                summary.encoding = Some(d.encoding);
                records::read_records_file(name, &d.text)
            }
            Err(e) => (Vec::new(), vec![Problem::file(name, e.to_string())]),
        },
    };
    summary.records = records.len();
    summary.problems = problems.len();
    (summary, records, problems)
}

pub fn is_records_file(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".jsonl") || n.ends_with(".ndjson") || n.ends_with(".csv")
}

/// Relative path with `/` on every system: records name their source this way.
fn rel_name(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            let rel = dir.strip_prefix(root).unwrap_or(dir);
            problems.push(Problem::file(
                rel_name(rel),
                format!("cannot list folder: {e}"),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue; // .git, .DS_Store and editors' backups are not the user's data
        }
        let path = entry.path();
        // file_type does not follow links, so a link loop cannot hang the scan.
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(root, &path, out, problems),
            Ok(t) if t.is_file() => {
                out.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
            }
            Ok(t) if t.is_symlink() => {
                if std::fs::metadata(&path)
                    .map(|m| m.is_file())
                    .unwrap_or(false)
                {
                    out.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
                }
            }
            _ => {}
        }
    }
}

/// Reads `countylens-dates.csv`: one `file,date` or `file,date,place` per
/// line, `#` comments and a header line allowed; the date may be left empty
/// when only the place is known (`file,,衡东县`). A bad line is a problem; the
/// others still count.
pub fn read_dates_file(folder: &Path, problems: &mut Vec<Problem>) -> HashMap<String, Hints> {
    let mut hints = HashMap::new();
    let Ok(bytes) = std::fs::read(folder.join(DATES_FILE)) else {
        return hints;
    };
    let text = match extract::decode::decode(&bytes) {
        Ok(d) => d.text,
        Err(e) => {
            problems.push(Problem::file(DATES_FILE, e.to_string()));
            return hints;
        }
    };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((file, date, place)) = split_dates_line(line) else {
            problems.push(Problem::line(DATES_FILE, i + 1, "expected FILE,DATE"));
            continue;
        };
        let date = match (date.is_empty() && place.is_some(), RecordDate::parse(date)) {
            (true, _) => None,
            (false, Some(d)) => Some(d),
            (false, None) if i == 0 => continue, // a header such as `file,date,place`
            (false, None) => {
                problems.push(Problem::line(
                    DATES_FILE,
                    i + 1,
                    format!("date {date:?} is not YYYY-MM-DD, YYYY-MM or YYYY"),
                ));
                continue;
            }
        };
        hints.insert(
            file.replace('\\', "/"),
            Hints {
                date,
                place: place.map(str::to_string),
                ..Default::default()
            },
        );
    }
    hints
}

/// `file,date` or `file,date,place` (commas or tabs; a file name may hold
/// commas, so the date is found from the right): (file, date, place).
fn split_dates_line(line: &str) -> Option<(&str, &str, Option<&str>)> {
    fn unquote(s: &str) -> &str {
        s.trim().trim_matches('"').trim()
    }
    let (rest, last) = line.rsplit_once([',', '\t'])?;
    let last = unquote(last);
    // Two fields, or a last field that reads as a date: no place.
    if RecordDate::parse(last).is_some() {
        return Some((unquote(rest), last, None));
    }
    match rest.rsplit_once([',', '\t']) {
        Some((file, date))
            if RecordDate::parse(unquote(date)).is_some() || unquote(date).is_empty() =>
        {
            let place = (!last.is_empty()).then_some(last);
            Some((unquote(file), unquote(date), place))
        }
        _ => Some((unquote(rest), last, None)),
    }
}
