//! Reading a folder on a worker thread: start, progress, cancel, the
//! records read so far shown as they come (a few times a second), and the
//! outcome taken in when it is done; also the other ways the records on
//! show are replaced (the sample, records given directly).

use super::review::Originals;
use super::{CountyLens, Notice, Origin, SAMPLE};
use crate::load::{self, LoadError, LoadOutcome, Progress};
use crate::records::{self, Dataset, Records};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// What the loading thread reports.
pub(super) enum LoadMsg {
    /// The records of the files read so far, reviews applied, indexed.
    SoFar(Dataset),
    /// The end: everything read (all of it, or up to Cancel), and the
    /// records the review log changed, as read.
    Done(Result<(LoadOutcome, Dataset, Originals), LoadError>),
}

/// A folder being read.
pub(super) struct Loading {
    pub(super) folder: PathBuf,
    pub(super) progress: Arc<Progress>,
    pub(super) rx: Receiver<LoadMsg>,
    pub(super) started: Instant,
    /// Whether records of this folder are on show already.
    pub(super) showing: bool,
    /// Seconds from the start to the first records on show.
    pub(super) first_shown: Option<f32>,
}

/// The shortest time between two showings of the records read so far.
const SHOW_EVERY: Duration = Duration::from_millis(300);

/// Reads `folder`, sending the records read so far now and then (the first
/// file's at once, a big records file's block by block as it is read, then
/// at most every [`SHOW_EVERY`], and never spending more than about a
/// quarter of the time indexing them), then the outcome.
/// With reviews, the dataset's records have the log replayed on them, and
/// the records it changed are also given as they were read (the review
/// state replays later reviews on those).
fn read_folder(
    folder: &std::path::Path,
    progress: &Progress,
    send: &dyn Fn(LoadMsg),
) -> Result<(LoadOutcome, Dataset, Originals), LoadError> {
    // Unchanged pages come from the cache in the user's cache folder.
    let cache = load::Cache::user();
    let mut reviews = load::Reviews::of_folder(folder);
    // Each showing shares the records of the one before and adds those
    // read since as one more chunk, the log replayed on them: no record is
    // copied but the few a review changed (kept as read in `originals`).
    let mut replay = (!reviews.is_empty()).then(|| reviews.replay_all());
    let mut originals = Originals::new();
    let mut read = Vec::new();
    let mut shown = Records::default();
    let (mut files, mut problems) = (Vec::new(), Vec::new());
    let mut last: Option<Instant> = None;
    let mut wait = SHOW_EVERY;
    // Where the records of the file whose parts are coming begin.
    let mut parts_from: Option<usize> = None;
    let mut sharer = records::Sharer::default();
    let mut outcome = load::load_folder_in_parts(
        folder,
        load::Select::All,
        progress,
        cache.as_ref(),
        Some(load::RECORDS_BLOCK_BYTES),
        &mut |h: load::Handed| {
            let mut records = match h {
                load::Handed::Part(records) => {
                    parts_from.get_or_insert(shown.len() + read.len());
                    records
                }
                load::Handed::File(r) => {
                    if let Some(from) = parts_from.take()
                        && r.replaces_parts
                    {
                        // Read whole after all: its parts go, `r` has them all.
                        if from >= shown.len() {
                            read.truncate(from - shown.len());
                        } else {
                            shown.truncate(from);
                            originals.retain(|&id, _| id < from);
                            read.clear();
                            // Their reviews are replayed again on `r`.
                            if let Some(replay) = replay.as_mut() {
                                replay.forget_from(from);
                            }
                        }
                    }
                    files.push(r.summary);
                    problems.extend(r.problems);
                    r.records
                }
            };
            sharer.share(&mut records);
            if read.is_empty() {
                // A big file's records taken as they are, not moved over.
                read = records;
            } else {
                read.extend(records);
            }
            // After the last file the outcome follows at once.
            let (done, total) = progress.counts();
            let due = done < total && last.is_none_or(|t| t.elapsed() >= wait);
            if due && !read.is_empty() && !progress.is_cancelled() {
                let t = Instant::now();
                let mut chunk = std::mem::take(&mut read);
                replay_on(&mut chunk, shown.len(), replay.as_mut(), &mut originals);
                shown.push(chunk);
                send(LoadMsg::SoFar(Dataset::of(shown.clone())));
                wait = SHOW_EVERY.max(t.elapsed() * 3);
                last = Some(Instant::now());
            }
        },
    )?;
    outcome.files = files;
    outcome.problems.extend(problems);
    // Cancelled or not, what was read is shown, reviews replayed on it.
    replay_on(&mut read, shown.len(), replay.as_mut(), &mut originals);
    shown.push(read);
    if let Some(replay) = replay {
        let orphans = replay.finish();
        if !outcome.cancelled {
            // Of a part of the folder, missing records are not orphans.
            outcome.problems.extend(orphans);
        }
    }
    outcome.problems.append(&mut reviews.problems);
    if !outcome.cancelled {
        outcome.problems.extend(reviews.unapplied());
    }
    Ok((outcome, Dataset::of(shown), originals))
}

/// Replays the review log, if any, on records read since the last
/// showing, which start at `first` among all; the records it changes are
/// kept as read in `originals`.
fn replay_on(
    records: &mut [records::Record],
    first: usize,
    replay: Option<&mut crate::records::review::Replay>,
    originals: &mut Originals,
) {
    if let Some(replay) = replay {
        originals.extend(
            replay
                .apply(records)
                .into_iter()
                .map(|(i, r)| (first + i, r)),
        );
    }
}

impl CountyLens {
    /// Opens a folder: what the folder dialog, a dropped folder and the
    /// command line all call. Loading runs on a worker thread; the records
    /// appear as files are read, replacing the old ones with the first.
    pub fn open_folder(&mut self, folder: PathBuf) {
        // Absolute, so that the next start and "open the source file" do not
        // depend on the directory the app was started from.
        let folder = std::fs::canonicalize(&folder).unwrap_or(folder);
        if let Some(l) = self.loading.take() {
            l.progress.cancel();
        }
        let progress = Arc::new(Progress::default());
        let (tx, rx) = channel();
        let ctx = self.ctx.clone();
        let p = progress.clone();
        let f = folder.clone();
        let spawned = std::thread::Builder::new()
            .name("load-folder".into())
            .spawn(move || {
                let send = |m: LoadMsg| {
                    let _ = tx.send(m);
                    ctx.request_repaint();
                };
                let result = read_folder(&f, &p, &send);
                send(LoadMsg::Done(result));
            });
        match spawned {
            Ok(_) => {
                self.notice = None;
                self.loading = Some(Loading {
                    folder,
                    progress,
                    rx,
                    started: Instant::now(),
                    showing: false,
                    first_shown: None,
                });
            }
            Err(e) => self.set_error(format!("cannot start reading the folder: {e}")),
        }
    }

    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// (done, total) files of the folder being read.
    pub fn load_progress(&self) -> Option<(usize, usize)> {
        self.loading.as_ref().map(|l| l.progress.counts())
    }

    pub fn cancel_load(&mut self) {
        if let Some(l) = &self.loading {
            l.progress.cancel();
            // Said at once: the reader stops at its next paragraph.
            self.notice = Some(Notice {
                text: "正在取消 Cancelling…".into(),
                error: false,
            });
        }
    }

    /// Shows the bundled sample again.
    pub fn use_sample(&mut self) {
        self.cancel_load();
        self.loading = None;
        let (sample, problems) = records::read_jsonl("sample.jsonl", SAMPLE);
        self.replace_data(Dataset::new(sample));
        self.problems = problems;
        self.origin = Origin::Sample;
        self.review.on_load(None, Originals::new());
        self.files_read = 0;
        self.files_skipped = 0;
        self.selection.clear();
        self.on_new_data();
    }

    /// Replaces what is shown by records given directly (benchmarks, tests).
    pub fn set_records(&mut self, records: Vec<records::Record>, origin: Origin) {
        self.replace_data(Dataset::new(records));
        self.origin = origin;
        self.problems.clear();
        self.selection.clear();
        self.on_new_data();
    }

    pub(super) fn poll_loading(&mut self) {
        let Some(l) = &self.loading else { return };
        // The newest showing only: older ones queued behind it are stale.
        let mut so_far = None;
        let done = loop {
            match l.rx.try_recv() {
                Ok(LoadMsg::SoFar(ds)) => so_far = Some(ds),
                Ok(LoadMsg::Done(r)) => break Some(r),
                Err(std::sync::mpsc::TryRecvError::Empty) => break None,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    break Some(Err(LoadError(
                        "the folder reader stopped unexpectedly".into(),
                    )));
                }
            }
        };
        if let Some(ds) = so_far
            && done.is_none()
        {
            self.show_so_far(ds);
        }
        if let Some(result) = done {
            self.finish_loading(result);
        }
    }

    /// Shows the records of the files read so far: the first showing
    /// replaces the old folder's, later ones keep the places and choices
    /// the person made meanwhile.
    fn show_so_far(&mut self, ds: Dataset) {
        let Some(l) = self.loading.as_mut() else {
            return;
        };
        let first = !l.showing;
        l.showing = true;
        if first {
            l.first_shown = Some(l.started.elapsed().as_secs_f32());
        }
        let folder = l.folder.clone();
        self.replace_data(ds);
        if first {
            self.origin = Origin::Folder(folder);
            self.selection.clear();
            self.details = Default::default();
            self.undo.clear();
            self.redo.clear();
            self.on_new_data();
        } else {
            self.on_more_data();
        }
    }

    fn finish_loading(&mut self, result: Result<(LoadOutcome, Dataset, Originals), LoadError>) {
        let Some(l) = self.loading.take() else { return };
        if self.exit_after_load {
            let text = format!(
                "countylens: loaded {} in {:.2} s (first records on show at {}), {} records, {} reviewed",
                l.folder.display(),
                l.started.elapsed().as_secs_f32(),
                l.first_shown
                    .map_or("the end".into(), |s| format!("{s:.2} s")),
                result.as_ref().map_or(0, |(_, ds, _)| ds.len()),
                result
                    .as_ref()
                    .map_or(0, |(_, ds, _)| super::review::reviewed_count(ds)),
            );
            self.exit_report = Some((text, self.frames));
        }
        match result {
            Err(e) => {
                self.set_error(format!("打不开 Cannot open {}: {e}", l.folder.display()));
                if let Some((_, _)) = &self.cli_export {
                    self.finish_cli(Err(format!("cannot open {}: {e}", l.folder.display())));
                }
            }
            // Cancelled before a record was read: the previous records stay.
            Ok((outcome, dataset, _)) if outcome.cancelled && !l.showing && dataset.is_empty() => {
                self.notice = Some(Notice {
                    text: format!(
                        "已取消 Cancelled reading {}; still showing the previous records",
                        l.folder.display()
                    ),
                    error: false,
                });
            }
            Ok((outcome, dataset, originals)) => {
                let secs = l.started.elapsed().as_secs_f32();
                self.replace_data(dataset);
                self.origin = Origin::Folder(outcome.folder.clone());
                let review_problems = self.review.on_load(Some(&outcome.folder), originals);
                self.problems = outcome.problems;
                self.problems.extend(review_problems);
                self.files_read = outcome.files.len();
                self.files_skipped = outcome.skipped.len();
                if l.showing {
                    self.on_more_data();
                } else {
                    self.selection.clear();
                    self.details = Default::default();
                    self.undo.clear();
                    self.redo.clear();
                    self.on_new_data();
                }
                let n = self.data.len();
                let text = if outcome.cancelled {
                    format!(
                        "已取消：显示已读 {} 个文件的 {} 条记录 Cancelled: showing the {} records of the {} files read ({:.1} s)",
                        self.files_read, n, n, self.files_read, secs
                    )
                } else {
                    format!(
                        "读取 {} 个文件，{} 条记录 Read {} files, {} records in {:.1} s{}",
                        self.files_read,
                        n,
                        self.files_read,
                        n,
                        secs,
                        if self.problems.is_empty() {
                            String::new()
                        } else {
                            format!("; {} problems, listed below", self.problems.len())
                        }
                    )
                };
                self.notice = Some(Notice { text, error: false });
                self.show_problems = !self.problems.is_empty();
            }
        }
    }
}

/// The peak resident memory of the process so far (VmHWM), where Linux
/// tells it.
pub(super) fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let kb: f64 = s
                .lines()
                .find(|l| l.starts_with("VmHWM:"))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            Some(format!("{:.0} MB", kb / 1024.0))
        })
        .unwrap_or_else(|| "unknown".into())
}
