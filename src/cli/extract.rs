//! `countylens extract FOLDER [--format jsonl|csv] [-o FILE] [--force] [--explain]`
//!
//! Records go to standard output (or the file), the per-file summary and
//! every problem to standard error, so that `> records.jsonl` captures only
//! records. Each file's records are written as soon as that file and the
//! ones before it are read, so a long run shows its work and `| head`
//! returns at once. A closed pipe ends the run quietly with status 0, as
//! with any Unix filter.
//!
//! `-o` never replaces a file of the folder being read (a person's
//! hand-coded records may sit there) unless `--force`, and writes to a
//! temporary file beside the target that is renamed only when the run is
//! complete: a failed run leaves no half file and the old file untouched.
//!
//! `--explain` adds to each JSONL record an `explain` field: the rules that
//! decided its place, date, measure and series and the words they read
//! ([`countylens::extract::explain`]). CSV has no place for it.

use countylens::extract::{Hints, explain};
use countylens::load::{self, FileResult, Progress, Select};
use countylens::records::Record;
use countylens::records::io::RecordWriter;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `countylens extract` was told.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct ExtractArgs {
    /// The folder of pages (.txt, .html, .htm), read with its subfolders.
    pub folder: PathBuf,
    /// The records' format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Write the records to FILE instead of standard output.
    #[arg(long = "output", short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Allow -o to name a file inside the folder being read.
    #[arg(long)]
    pub force: bool,
    /// Do not apply the folder's review log (countylens-review.jsonl, or the
    /// app's copy for this folder): write the records as extracted.
    #[arg(long)]
    pub no_review: bool,
    /// Extract every page again instead of reading unchanged ones from the
    /// cache in the user's cache folder (the folder read is never written).
    #[arg(long)]
    pub no_cache: bool,
    /// Add to each record an `explain` field: which rules decided its place,
    /// date, measure and series, and the words they read (JSONL only).
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Csv,
}

/// Why the command stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("{0}")]
    Load(#[from] load::LoadError),
    #[error(
        "{} is inside the folder being read; CountyLens does not write there (it may hold your own files). Choose another place, or add --force",
        .0.display()
    )]
    OutputInsideFolder(PathBuf),
    #[error("cannot write to {}: {reason}", .path.display())]
    OutputDir { path: PathBuf, reason: String },
    #[error("cannot write {to}: {source}")]
    Write { to: String, source: std::io::Error },
}

/// Runs the command.
pub fn run(args: ExtractArgs) -> ExitCode {
    match extract(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("countylens extract: {e}");
            ExitCode::from(1)
        }
    }
}

/// Where the records go: standard output, or a temporary file to be renamed
/// over the target at the end.
enum Sink {
    Stdout(std::io::StdoutLock<'static>),
    File {
        tmp: tempfile::NamedTempFile,
        target: PathBuf,
    },
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(s) => s.write(buf),
            Sink::File { tmp, .. } => tmp.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(s) => s.flush(),
            Sink::File { tmp, .. } => tmp.flush(),
        }
    }
}

fn extract(args: &ExtractArgs) -> Result<(), ExtractError> {
    // Everything that can be wrong with -o is found before any page is read.
    let sink = open_sink(args)?;
    let to = args
        .output
        .as_ref()
        .map_or("standard output".to_string(), |p| p.display().to_string());
    let write_err = |source: std::io::Error| ExtractError::Write {
        to: to.clone(),
        source,
    };
    let buffered = std::io::BufWriter::new(sink);
    let mut writer = match args.format {
        Format::Jsonl => RecordWriter::jsonl(buffered),
        Format::Csv => RecordWriter::csv(buffered).map_err(write_err)?,
    };
    let progress = Progress::default();
    let dates = if args.explain {
        load::read_dates_file(&args.folder, &mut Vec::new())
    } else {
        Default::default()
    };
    let mut reviews = if args.no_review {
        load::Reviews::default()
    } else {
        load::Reviews::of_folder(&args.folder)
    };
    let mut err = std::io::stderr().lock();
    let mut failure: Option<std::io::Error> = None;
    let mut counts = (0usize, 0usize, 0usize); // records, files, problems
    let cache = if args.no_cache {
        None
    } else {
        load::Cache::user()
    };
    let outcome = load::load_folder_cached(
        &args.folder,
        Select::PagesOnly,
        &progress,
        cache.as_ref(),
        &mut |mut r: FileResult| {
            if failure.is_some() {
                return;
            }
            r.records.sort_by_key(|a| a.span);
            if args.explain {
                explain_records(&args.folder, &dates, &mut r.records);
            }
            // A person's verdicts and corrections, as the app shows them.
            let orphans = reviews.apply_to_file(&r.summary.file, &mut r.records);
            r.problems.extend(orphans);
            for rec in &r.records {
                if let Err(e) = writer.write(rec) {
                    failure = Some(e);
                    progress.cancel();
                    return;
                }
            }
            summarize(&mut err, &r);
            counts.0 += r.records.len();
            counts.1 += 1;
            counts.2 += r.problems.len();
        },
    )?;
    if let Some(e) = failure {
        return if e.kind() == std::io::ErrorKind::BrokenPipe {
            Ok(()) // the reader has what it wanted (`| head`)
        } else {
            Err(write_err(e))
        };
    }
    let sink = match writer.finish() {
        Ok(buffered) => buffered
            .into_inner()
            .map_err(|e| write_err(e.into_error()))?,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        Err(e) => return Err(write_err(e)),
    };
    if let Sink::File { tmp, target } = sink {
        tmp.as_file().sync_all().map_err(write_err)?;
        tmp.persist(&target).map_err(|e| write_err(e.error))?;
    }
    summarize_run(&mut err, &outcome, &reviews, counts);
    Ok(())
}

/// Standard output, or a temporary file beside `-o` renamed when the run is complete.
fn open_sink(args: &ExtractArgs) -> Result<Sink, ExtractError> {
    Ok(match &args.output {
        Some(path) => {
            check_output(path, &args.folder, args.force)?;
            let dir = parent_dir(path);
            let tmp = tempfile::Builder::new()
                .prefix(".countylens-")
                .suffix(".part")
                .tempfile_in(&dir)
                .map_err(|e| ExtractError::OutputDir {
                    path: dir.clone(),
                    reason: e.to_string(),
                })?;
            Sink::File {
                tmp,
                target: path.clone(),
            }
        }
        None => Sink::Stdout(std::io::stdout().lock()),
    })
}

/// The run's end on standard error: problems, where reviews came from,
/// skipped files, and the totals (`counts`: records, files, problems).
fn summarize_run(
    err: &mut impl Write,
    outcome: &load::LoadOutcome,
    reviews: &load::Reviews,
    counts: (usize, usize, usize),
) {
    let review_problems: Vec<_> = reviews
        .problems
        .iter()
        .cloned()
        .chain(reviews.unapplied())
        .collect();
    for p in outcome.problems.iter().chain(&review_problems) {
        let _ = writeln!(err, "problem: {p}");
    }
    if let Some(log) = &reviews.log {
        let _ = writeln!(err, "reviews applied from {}", log.display());
    }
    for s in outcome.skipped.iter().filter(|s| !s.reason.is_problem()) {
        let _ = writeln!(err, "skipped: {}: {}", s.file, s.reason);
    }
    let _ = writeln!(
        err,
        "{} records from {} page(s); {} problem(s); {} other file(s) skipped",
        counts.0,
        counts.1,
        counts.2 + outcome.problems.len() + review_problems.len(),
        outcome.skipped.len()
    );
}

/// Gives each record of one page its explanation. The loader (and its
/// cache) keeps records as the app shows them, so the page is read again
/// with [`Hints::explain`] and each record takes the explanation of the
/// record extracted at the same place (`span`); a record a person added in
/// the review log has none.
fn explain_records(folder: &Path, dates: &HashMap<String, Hints>, records: &mut [Record]) {
    let Some(source) = records.first().map(|r| r.source.to_string()) else {
        return;
    };
    let Ok(bytes) = load::read_limited(&folder.join(&source), load::MAX_PAGE_BYTES) else {
        return;
    };
    let hints = Hints {
        explain: true,
        ..dates.get(&source).cloned().unwrap_or_default()
    };
    let explained = countylens::extract::extract_file(&source, &bytes, &hints).records;
    for r in records.iter_mut() {
        let same = explained
            .iter()
            .find(|e| e.span == r.span && e.value == r.value && e.unit == r.unit);
        if let Some(e) = same.and_then(|e| e.extra.get(explain::FIELD)) {
            r.extra.insert(explain::FIELD.to_string(), e.clone());
        }
    }
}

/// One line per file, then its problems.
fn summarize(err: &mut impl Write, r: &FileResult) {
    let f = &r.summary;
    let _ = writeln!(
        err,
        "{}\t{} records\t{}\t{} bytes{}",
        f.file,
        f.records,
        f.encoding.unwrap_or("-"),
        f.bytes,
        if f.problems > 0 {
            format!("\t{} problem(s)", f.problems)
        } else {
            String::new()
        }
    );
    for p in &r.problems {
        let _ = writeln!(err, "problem: {p}");
    }
}

/// The folder a new file at `path` would go in.
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Refuses an output inside the folder being read (unless `force`) and an
/// output whose folder is missing or not a folder.
fn check_output(path: &Path, folder: &Path, force: bool) -> Result<(), ExtractError> {
    let dir = parent_dir(path);
    let meta = std::fs::metadata(&dir).map_err(|e| ExtractError::OutputDir {
        path: dir.clone(),
        reason: e.to_string(),
    })?;
    if !meta.is_dir() {
        return Err(ExtractError::OutputDir {
            path: dir,
            reason: "not a folder".into(),
        });
    }
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(ExtractError::OutputDir {
            path: path.to_path_buf(),
            reason: "it is a folder; -o needs a file name".into(),
        });
    }
    if force {
        return Ok(());
    }
    // Compared after resolving links and `..`, so `./pages/../pages/x` and a
    // link into the folder are caught too.
    let (Ok(dir), Ok(folder)) = (std::fs::canonicalize(&dir), std::fs::canonicalize(folder)) else {
        return Ok(()); // the folder itself is missing: loading says so
    };
    let target = match std::fs::canonicalize(path) {
        Ok(existing) => existing,
        Err(_) => dir.join(path.file_name().unwrap_or_default()),
    };
    if target.starts_with(&folder) {
        return Err(ExtractError::OutputInsideFolder(path.to_path_buf()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_inside_the_folder_is_refused_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let pages = dir.path().join("pages");
        std::fs::create_dir(&pages).unwrap();
        std::fs::write(pages.join("mine.jsonl"), "{}").unwrap();
        let inside = pages.join("mine.jsonl");
        assert!(matches!(
            check_output(&inside, &pages, false),
            Err(ExtractError::OutputInsideFolder(_))
        ));
        let sneaky = dir.path().join("pages/../pages/new.jsonl");
        assert!(check_output(&sneaky, &pages, false).is_err());
        assert!(check_output(&inside, &pages, true).is_ok());
        assert!(check_output(&dir.path().join("out.jsonl"), &pages, false).is_ok());
        let missing = dir.path().join("no/such/out.jsonl");
        assert!(matches!(
            check_output(&missing, &pages, false),
            Err(ExtractError::OutputDir { .. })
        ));
    }
}
