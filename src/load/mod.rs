//! A folder → records and problems, for the app's worker thread and the
//! command line alike.
//!
//! Records files (`.jsonl`, `.ndjson`, `.csv`) load as they are; news pages
//! (`.txt`, `.html`, `.htm`) go through the extractor. Files are read in
//! parallel; [`Progress`] lets the caller show counts and cancel, and
//! [`load_folder_streaming`] hands each file's records over as soon as it and
//! every file before it are done. Nothing is ever written into the folder.
//!
//! Only regular files are read, each up to a size limit: a FIFO would block
//! the reader forever, a link to `/dev/zero` would fill memory. What is not
//! read is listed with the reason ([`Skipped`]).

mod cache;
mod entry;
mod reviews;
mod walk;

use crate::extract::{self, Hints};
use crate::records::{self, Problem, Record, RecordDate};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub use cache::{Cache, Key as CacheKey};
pub use reviews::Reviews;
pub use walk::{SkipReason, Skipped};

/// The file in which a person gives the dates of pages, and where they are
/// from if they like: `file,date` or `file,date,place` per line.
/// It is read, never written, and not taken for a records file.
pub const DATES_FILE: &str = "countylens-dates.csv";

/// Pages larger than this are refused; below it, big pages are read in parts
/// (see [`extract::PART_BYTES`]), so memory stays a small multiple of this.
pub const MAX_PAGE_BYTES: u64 = 256 * 1024 * 1024;
/// Records files larger than this are refused: a million records take about
/// 400 MB of JSON Lines.
pub const MAX_RECORDS_BYTES: u64 = 1024 * 1024 * 1024;
/// A dates file is typed by a person: a megabyte is tens of thousands of lines.
pub const MAX_DATES_BYTES: u64 = 1024 * 1024;

/// Shared between the loading thread and whoever watches it.
#[derive(Debug, Default)]
pub struct Progress {
    pub total: AtomicUsize,
    pub done: AtomicUsize,
    cancel: Arc<AtomicBool>,
}

impl Progress {
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
    /// The flag the extractor checks inside a page.
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
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
    /// Of a page: its text's fingerprint ([`extract::fingerprint`]).
    pub fingerprint: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Records,
    Page,
}

/// One file's result, as [`load_folder_streaming`] hands it over.
#[derive(Debug)]
pub struct FileResult {
    pub summary: FileSummary,
    /// The file's records, but for those handed over before as
    /// [`Handed::Part`]s.
    pub records: Vec<Record>,
    pub problems: Vec<Problem>,
    /// The file's parts handed over before are void and `records` are all
    /// of its records: it turned out, part way, to need reading whole (not
    /// plain UTF-8 further on, a line longer than a block).
    pub replaces_parts: bool,
}

/// What [`load_folder_in_parts`] hands over, in the order of the files.
#[derive(Debug)]
pub enum Handed {
    /// Records of a big records file as its blocks are read, before the
    /// file's [`Handed::File`]: a million records show while they load.
    Part(Vec<Record>),
    File(FileResult),
}

#[derive(Debug, Default)]
pub struct LoadOutcome {
    pub folder: PathBuf,
    pub records: Vec<Record>,
    pub problems: Vec<Problem>,
    pub files: Vec<FileSummary>,
    /// What was not read, and why.
    pub skipped: Vec<Skipped>,
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

/// Reads the whole folder and returns everything at once.
pub fn load_folder(
    folder: &Path,
    select: Select,
    progress: &Progress,
) -> Result<LoadOutcome, LoadError> {
    load_folder_with_cache(folder, select, progress, None)
}

/// Reads the folder and calls `on_file` with each file's result, in the
/// order of the files' names, as soon as that file and all before it are
/// done. The returned outcome holds what concerns the folder as a whole
/// (skipped files, the dates file's problems, whether it was cancelled);
/// its `files` and `records` are left empty.
pub fn load_folder_streaming(
    folder: &Path,
    select: Select,
    progress: &Progress,
    on_file: &mut dyn FnMut(FileResult),
) -> Result<LoadOutcome, LoadError> {
    load_folder_cached(folder, select, progress, None, on_file)
}

/// [`load_folder`] with pages read from and written to `cache` (the
/// user's cache folder, never the opened one).
pub fn load_folder_with_cache(
    folder: &Path,
    select: Select,
    progress: &Progress,
    cache: Option<&Cache>,
) -> Result<LoadOutcome, LoadError> {
    let mut files = Vec::new();
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut outcome = load_folder_cached(folder, select, progress, cache, &mut |r: FileResult| {
        files.push(r.summary);
        records.extend(r.records);
        problems.extend(r.problems);
    })?;
    outcome.files = files;
    outcome.records = records;
    outcome.problems.extend(problems);
    Ok(outcome)
}

/// [`load_folder_streaming`] with pages read from and written to `cache`.
pub fn load_folder_cached(
    folder: &Path,
    select: Select,
    progress: &Progress,
    cache: Option<&Cache>,
    on_file: &mut dyn FnMut(FileResult),
) -> Result<LoadOutcome, LoadError> {
    let mut whole = |h: Handed| {
        if let Handed::File(r) = h {
            on_file(r);
        }
    };
    load_folder_in_parts(folder, select, progress, cache, None, &mut whole)
}

/// [`load_folder_cached`] that also hands over the records of big records
/// files block by block (`part_bytes` a block, `None` for no parts), each
/// file's parts right before its [`Handed::File`] and in file order.
pub fn load_folder_in_parts(
    folder: &Path,
    select: Select,
    progress: &Progress,
    cache: Option<&Cache>,
    part_bytes: Option<usize>,
    on_handed: &mut dyn FnMut(Handed),
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
    let listing = walk::walk(folder);
    outcome.problems.extend(listing.problems);
    outcome.skipped = listing.skipped;

    let dates = read_dates_file(folder, &mut outcome.problems);
    let jobs = files_to_read(listing.files, select, &mut outcome.skipped);
    progress.total.store(jobs.len(), Ordering::Relaxed);
    progress.done.store(0, Ordering::Relaxed);

    let cancel = progress.cancel_flag();
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Handed)>();
    std::thread::scope(|scope| {
        let jobs = &jobs;
        let how = How {
            dates: &dates,
            cancel: &cancel,
            cache,
            part_bytes,
        };
        // Files are taken in order, each worker the next one not yet taken:
        // results are handed over in file order, so a worker far ahead of
        // the others (rayon splits a range in halves) would leave half the
        // folder's records waiting below, unshared, until the first half
        // is done. Taken in order, at most a file per worker waits.
        let taken = AtomicUsize::new(0);
        scope.spawn(move || {
            (0..rayon::current_num_threads().max(1))
                .into_par_iter()
                .for_each_with(tx, |tx, _| {
                    loop {
                        let i = taken.fetch_add(1, Ordering::Relaxed);
                        let Some((rel, name, kind)) = jobs.get(i) else {
                            return;
                        };
                        if progress.is_cancelled() {
                            return;
                        }
                        let part = |records| {
                            let _ = tx.send((i, Handed::Part(records)));
                        };
                        let r = load_one(&folder.join(rel), name, *kind, &how, &part);
                        progress.done.fetch_add(1, Ordering::Relaxed);
                        let _ = tx.send((i, Handed::File(r)));
                    }
                });
        });
        // Hand results over in file order: the command line writes records
        // sorted by file, the app shows files in a stable order.
        let mut next = 0;
        // Pages with the same words as an earlier one are reprints: named
        // once per text at the end, and their figures merge with the first
        // one's (see `Dataset`).
        let mut texts: HashMap<u64, String> = HashMap::new();
        let mut copies: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut hand_over = |h: Handed| {
            if let Handed::File(r) = &h
                && let Some(fp) = r.summary.fingerprint
            {
                match texts.get(&fp) {
                    Some(first) => copies
                        .entry(first.clone())
                        .or_default()
                        .push(r.summary.file.clone()),
                    None => {
                        texts.insert(fp, r.summary.file.clone());
                    }
                }
            }
            on_handed(h);
        };
        // What came of each file not yet handed over, in the order sent.
        let mut waiting: BTreeMap<usize, Vec<Handed>> = BTreeMap::new();
        for (i, h) in rx {
            waiting.entry(i).or_default().push(h);
            // The next file's parts go at once; its end lets the one after go.
            while let Some(came) = waiting.get_mut(&next) {
                let mut ended = false;
                for h in came.drain(..) {
                    ended |= matches!(h, Handed::File(_));
                    hand_over(h);
                }
                if !ended {
                    break;
                }
                waiting.remove(&next);
                next += 1;
            }
        }
        // Files after a cancelled one never come; those that did still count.
        for h in waiting.into_values().flatten() {
            hand_over(h);
        }
        for (first, same) in copies {
            outcome.problems.push(copies_note(&first, &same));
        }
    });
    outcome.cancelled = progress.is_cancelled();
    if let Some(cache) = cache {
        cache.trim_if_written();
    }
    Ok(outcome)
}

/// The files of a listing to read, each with its kind; the others go to
/// `skipped` with the reason.
fn files_to_read(
    files: Vec<(PathBuf, String)>,
    select: Select,
    skipped: &mut Vec<Skipped>,
) -> Vec<(PathBuf, String, FileKind)> {
    let mut jobs = Vec::new();
    for (rel, name) in files {
        // A person's own files about the folder, never records.
        if let Some(DATES_FILE | records::review::IN_FOLDER_NAME) = name.rsplit('/').next() {
            continue;
        }
        let kind = if extract::is_page(&name) {
            FileKind::Page
        } else if is_records_file(&name) {
            FileKind::Records
        } else {
            skipped.push(Skipped {
                file: name,
                reason: SkipReason::NotPageOrRecords,
            });
            continue;
        };
        if select == Select::PagesOnly && kind == FileKind::Records {
            skipped.push(Skipped {
                file: name,
                reason: SkipReason::RecordsNotRead,
            });
            continue;
        }
        jobs.push((rel, name, kind));
    }
    jobs
}

/// "3 copies of page.txt (same text): a.txt, b.txt, …" — a note, so a
/// folder of reprints says so once per text, not once per file.
fn copies_note(first: &str, same: &[String]) -> Problem {
    const SHOWN: usize = 5;
    let mut list = same
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if same.len() > SHOWN {
        list.push_str(&format!(" and {} more", same.len() - SHOWN));
    }
    let n = same.len();
    Problem::file(
        first,
        format!(
            "{n} {} with the same text: {list}; their figures count once",
            if n == 1 { "copy" } else { "copies" }
        ),
    )
}

/// What every file of a folder is read with.
struct How<'a> {
    dates: &'a HashMap<String, Hints>,
    cancel: &'a Arc<AtomicBool>,
    cache: Option<&'a Cache>,
    /// A big records file's records are handed over every this many bytes.
    part_bytes: Option<usize>,
}

/// Reads one file. A big records file's records go to `part` as its
/// blocks are read when `how.part_bytes` says so; the result then holds
/// the rest.
fn load_one(
    path: &Path,
    name: &str,
    kind: FileKind,
    how: &How<'_>,
    part: &dyn Fn(Vec<Record>),
) -> FileResult {
    let mut summary = FileSummary {
        file: name.to_string(),
        kind,
        records: 0,
        problems: 0,
        encoding: None,
        bytes: 0,
        fingerprint: None,
    };
    let limit = match kind {
        FileKind::Page => MAX_PAGE_BYTES,
        FileKind::Records => MAX_RECORDS_BYTES,
    };
    // Whether records went to `part` before the file had to be read whole.
    let mut parted = false;
    if kind == FileKind::Records && !name.to_ascii_lowercase().ends_with(".csv") {
        let block = how.part_bytes.unwrap_or(RECORDS_BLOCK_BYTES);
        let mut counted = 0;
        let mut each = |records: Vec<Record>| {
            counted += records.len();
            parted = true;
            part(records);
        };
        let each: Option<&mut dyn FnMut(Vec<Record>)> = match how.part_bytes {
            Some(_) => Some(&mut each),
            None => None,
        };
        if let Some((bytes, records, problems)) = read_jsonl_in_blocks(path, name, block, each) {
            summary.bytes = bytes;
            summary.encoding = Some(encoding_rs::UTF_8.name());
            summary.records = counted + records.len();
            summary.problems = problems.len();
            return FileResult {
                summary,
                records,
                problems,
                replaces_parts: false,
            };
        }
    }
    let (dates, cancel, cache) = (how.dates, how.cancel, how.cache);
    let bytes = match read_limited(path, limit) {
        Ok(b) => b,
        Err(e) => {
            summary.problems = 1;
            return FileResult {
                summary,
                records: Vec::new(),
                problems: vec![Problem::file(name, e.to_string())],
                replaces_parts: parted,
            };
        }
    };
    summary.bytes = bytes.len() as u64;
    let (records, problems) = match kind {
        FileKind::Page => {
            let hints = Hints {
                cancel: Some(cancel.clone()),
                ..dates.get(name).cloned().unwrap_or_default()
            };
            let key = cache.map(|_| Cache::key(name, &bytes, &hints));
            let cached = cache.zip(key).and_then(|(c, k)| c.get(k));
            let out = match cached {
                Some(out) => out,
                None => {
                    let out = extract::extract_file(name, &bytes, &hints);
                    // A page cut short by Cancel is not the page's outcome.
                    if let (Some(c), Some(k)) = (cache, key)
                        && !hints.is_cancelled()
                    {
                        c.put(k, &out);
                    }
                    out
                }
            };
            summary.encoding = out.encoding;
            summary.fingerprint = out.fingerprint;
            (out.records, out.problems)
        }
        // Taken, not borrowed: a clean UTF-8 file becomes its text without
        // a copy, so a big records file is in memory once.
        FileKind::Records => match crate::text::decode_owned(bytes) {
            Ok(d) => {
                summary.encoding = Some(d.encoding);
                let (records, mut problems) = records::read_records_file(name, &d.text);
                if let Some(bad) = d.bad {
                    problems.insert(
                        0,
                        Problem::file(name, format!("{} text: {bad}", d.encoding)),
                    );
                }
                (records, problems)
            }
            Err(e) => (Vec::new(), vec![Problem::file(name, e.to_string())]),
        },
    };
    summary.records = records.len();
    summary.problems = problems.len();
    FileResult {
        summary,
        records,
        problems,
        replaces_parts: parted,
    }
}

/// How much of a big records file is in memory at once (and, when its
/// records are handed over in parts, how much a part holds).
pub const RECORDS_BLOCK_BYTES: usize = 16 * 1024 * 1024;

/// A JSON Lines file read block by block, so that its text is never in
/// memory whole (400 MB for a million records, beside the records): its
/// size in bytes, records and problems. `None` when the file is not plain
/// UTF-8 as [`crate::text::utf8_as_it_is`] says, is too large, or cannot be
/// read: the caller then reads it whole, which names any such problem.
///
/// With `part`, the records of each block but the last go there as they
/// are read, and the result holds the last block's. A `None` after parts
/// went out voids them: the caller reads the file whole.
fn read_jsonl_in_blocks(
    path: &Path,
    name: &str,
    block_bytes: usize,
    mut part: Option<&mut dyn FnMut(Vec<Record>)>,
) -> Option<(u64, Vec<Record>, Vec<Problem>)> {
    let meta = std::fs::metadata(path).ok()?;
    // Small files gain nothing; odd ones get the whole-file path's message.
    if !meta.is_file() || meta.len() > MAX_RECORDS_BYTES || meta.len() < 4 * HEAD as u64 {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    let mut block = vec![0u8; block_bytes.max(HEAD)];
    let mut filled = fill(&mut file, &mut block).ok()?;
    if !crate::text::utf8_as_it_is(&block[..filled.min(HEAD)], meta.len() as usize) {
        return None;
    }
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let (mut total, mut lines) = (0u64, 0usize);
    let mut kept = 0;
    loop {
        let end = kept + filled;
        total += filled as u64;
        if total > MAX_RECORDS_BYTES {
            return None;
        }
        let at_end = filled == 0 || end < block.len();
        // Whole lines only, but all of what is left at the end of the file.
        let cut = if at_end {
            end
        } else {
            match block[..end].iter().rposition(|&b| b == b'\n') {
                Some(i) => i + 1,
                // One line longer than a block: let the whole-file path read it.
                None => return None,
            }
        };
        let text = std::str::from_utf8(&block[..cut]).ok()?;
        if text.contains('\0') {
            return None;
        }
        // The byte order mark was ruled out above; a later U+FEFF is text.
        lines += records::io::read_jsonl_lines(name, text, lines, &mut records, &mut problems);
        if at_end {
            return Some((total, records, problems));
        }
        if let Some(part) = part.as_mut()
            && !records.is_empty()
        {
            part(std::mem::take(&mut records));
        }
        block.copy_within(cut..end, 0);
        kept = end - cut;
        filled = fill(&mut file, &mut block[kept..]).ok()?;
    }
}

const HEAD: usize = crate::text::HEAD_BYTES;

/// Reads into `buf` until it is full or the file ends; the bytes read.
fn fill(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Why a file's bytes could not be had.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file (a FIFO, a device, a socket, a folder).
    NotRegular(&'static str),
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::text::group_digits as g;
        match self {
            ReadError::NotRegular(kind) => write!(f, "not read: {kind}, not a regular file"),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "not read: {} bytes, more than the limit of {} bytes for this kind of file",
                g(*size as usize),
                g(*limit as usize)
            ),
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// The bytes of the regular file at `path` (links followed), at most
/// `limit` of them. Anything else is refused before it is opened: opening a
/// FIFO for reading waits for a writer that may never come.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(walk::kind_name(&meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // The file may have grown, or been swapped, since the look above.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

pub fn is_records_file(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".jsonl") || n.ends_with(".ndjson") || n.ends_with(".csv")
}

/// Reads `countylens-dates.csv`: one `file,date` or `file,date,place` per
/// line, `#` comments and a header line allowed; the date may be left empty
/// when only the place is known (`file,,衡东县`). A bad line is a problem; the
/// others still count.
pub fn read_dates_file(folder: &Path, problems: &mut Vec<Problem>) -> HashMap<String, Hints> {
    let mut hints = HashMap::new();
    let path = folder.join(DATES_FILE);
    if std::fs::symlink_metadata(&path).is_err() {
        return hints;
    }
    let bytes = match read_limited(&path, MAX_DATES_BYTES) {
        Ok(b) => b,
        Err(e) => {
            problems.push(Problem::file(DATES_FILE, e.to_string()));
            return hints;
        }
    };
    let text = match crate::text::decode(&bytes) {
        Ok(d) => d.text,
        Err(e) => {
            problems.push(Problem::file(DATES_FILE, e.to_string()));
            return hints;
        }
    };
    for (i, line) in records::io::lines(&text).enumerate() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_records_file_read_in_blocks_gives_what_the_whole_file_gives() {
        let good = r#"{"locality":"衡东县","date":"2020-02-20","measure":"screening","value":1,"unit":"人","source":"a.txt"}"#;
        let mut text = String::new();
        for i in 0..3000 {
            match i % 11 {
                0 => text.push_str("{not json\r\n"),
                1 => text.push_str(" \r"),
                _ => {
                    text.push_str(&good.replace("\"value\":1", &format!("\"value\":{i}")));
                    text.push_str(if i % 2 == 0 { "\r\n" } else { "\n" });
                }
            }
        }
        text.push_str(good);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        std::fs::write(&path, &text).unwrap();
        let whole = records::read_jsonl("r.jsonl", &text);
        assert!(whole.0.len() > 2000 && whole.1.len() > 200);
        for block in [9_000, 20_000, 1 << 24] {
            let (bytes, recs, probs) = read_jsonl_in_blocks(&path, "r.jsonl", block, None).unwrap();
            assert_eq!(bytes, text.len() as u64);
            assert_eq!((recs, probs), whole, "block {block}");
        }
        // Not plain UTF-8: left to the whole-file reader.
        let mut gbk = encoding_rs::GBK.encode(&text).0.into_owned();
        std::fs::write(&path, &gbk).unwrap();
        assert!(read_jsonl_in_blocks(&path, "r.jsonl", 9_000, None).is_none());
        gbk.splice(0..0, [0xEF, 0xBB, 0xBF]);
        std::fs::write(&path, &gbk).unwrap();
        assert!(read_jsonl_in_blocks(&path, "r.jsonl", 9_000, None).is_none());
    }

    /// A records line of our own with `value` i.
    fn record_line(i: usize) -> String {
        format!(
            r#"{{"locality":"衡东县","date":"2020-02-20","measure":"screening","value":{i},"unit":"人","source":"a.txt"}}"#
        )
    }

    /// What `load_folder_in_parts` hands over for `folder`, with parts of
    /// `part_bytes`.
    fn handed(folder: &Path, part_bytes: usize) -> Vec<Handed> {
        let mut out = Vec::new();
        load_folder_in_parts(
            folder,
            Select::All,
            &Progress::default(),
            None,
            Some(part_bytes),
            &mut |h| out.push(h),
        )
        .unwrap();
        out
    }

    #[test]
    fn a_big_records_file_comes_in_parts_then_the_rest_in_file_order() {
        let big: String = (0..3000).map(|i| record_line(i) + "\n").collect();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.jsonl"), &big).unwrap();
        std::fs::write(dir.path().join("b.jsonl"), record_line(7)).unwrap();
        let whole = load_folder(dir.path(), Select::All, &Progress::default()).unwrap();
        let got = handed(dir.path(), 20_000);
        let parts = got
            .iter()
            .take_while(|h| matches!(h, Handed::Part(_)))
            .count();
        assert!(parts > 5, "{parts} parts");
        let mut records = Vec::new();
        let mut files = Vec::new();
        for h in got {
            match h {
                Handed::Part(r) => records.extend(r),
                Handed::File(f) => {
                    assert!(!f.replaces_parts);
                    records.extend(f.records);
                    files.push((f.summary.file, f.summary.records));
                }
            }
        }
        assert_eq!(
            files,
            [("a.jsonl".to_string(), 3000), ("b.jsonl".to_string(), 1)]
        );
        assert_eq!(records, whole.records);
    }

    #[test]
    fn a_records_file_that_must_be_read_whole_after_its_parts_voids_them() {
        let mut bytes: Vec<u8> = (0..3000)
            .flat_map(|i| (record_line(i) + "\n").into_bytes())
            .collect();
        // Not UTF-8 near the end: the blocks reader gives up there.
        let at = bytes.len() - 50;
        bytes[at] = 0xFF;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.jsonl"), &bytes).unwrap();
        let whole = load_folder(dir.path(), Select::All, &Progress::default()).unwrap();
        let got = handed(dir.path(), 20_000);
        assert!(
            matches!(got.first(), Some(Handed::Part(_))),
            "parts came first"
        );
        let Some(Handed::File(f)) = got.last() else {
            panic!("the file's result comes last");
        };
        assert!(f.replaces_parts);
        assert_eq!(f.records, whole.records, "all records, read whole");
        assert_eq!(f.summary.records, whole.records.len());
    }
}
