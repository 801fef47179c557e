//! Reading a folder on a worker thread: start, progress, cancel, and taking
//! its outcome in when it is done; also the other ways the records on show
//! are replaced (the sample, records given directly).

use super::{CountyLens, Notice, Origin, SAMPLE};
use crate::load::{self, LoadError, LoadOutcome, Progress};
use crate::records::{self, Dataset};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::Instant;

/// A folder being read.
pub(super) struct Loading {
    pub(super) folder: PathBuf,
    pub(super) progress: Arc<Progress>,
    pub(super) rx: Receiver<Result<(LoadOutcome, Dataset), LoadError>>,
    pub(super) started: Instant,
}

impl CountyLens {
    /// Opens a folder: what the folder dialog, a dropped folder and the
    /// command line all call. Loading runs on a worker thread; the records
    /// appear when it is done, and until then the old ones stay.
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
                // Unchanged pages come from the cache in the user's cache folder.
                let cache = load::Cache::user();
                let result =
                    load::load_folder_with_cache(&f, load::Select::All, &p, cache.as_ref()).map(
                        |mut outcome| {
                            // Cancelled: the previous records stay, so what
                            // was read is not worth indexing (for a huge
                            // page that would hold Cancel up for a second).
                            if outcome.cancelled {
                                outcome.records.clear();
                                return (outcome, Dataset::default());
                            }
                            let mut records = outcome.records.clone();
                            // A person's reviews, replayed on what the folder gives now.
                            let mut reviews = load::Reviews::of_folder(&f);
                            let orphans = reviews.apply_to_all(&mut records);
                            outcome.problems.append(&mut reviews.problems);
                            outcome.problems.extend(orphans);
                            outcome.problems.extend(reviews.unapplied());
                            (outcome, Dataset::new(records))
                        },
                    );
                let _ = tx.send(result);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.notice = None;
                self.loading = Some(Loading {
                    folder,
                    progress,
                    rx,
                    started: Instant::now(),
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
        self.review.on_load(None, Vec::new());
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
        let result = match l.rx.try_recv() {
            Ok(r) => r,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Err(LoadError("the folder reader stopped unexpectedly".into()))
            }
        };
        let l = self.loading.take().expect("checked above");
        match result {
            Err(e) => {
                self.set_error(format!("打不开 Cannot open {}: {e}", l.folder.display()));
                if let Some((_, _)) = &self.cli_export {
                    self.finish_cli(Err(format!("cannot open {}: {e}", l.folder.display())));
                }
            }
            Ok((outcome, _)) if outcome.cancelled => {
                self.notice = Some(Notice {
                    text: format!(
                        "已取消 Cancelled reading {}; still showing the previous records",
                        l.folder.display()
                    ),
                    error: false,
                });
            }
            Ok((mut outcome, dataset)) => {
                let secs = l.started.elapsed().as_secs_f32();
                self.selection.clear();
                self.replace_data(dataset);
                self.origin = Origin::Folder(outcome.folder.clone());
                let review_problems = self
                    .review
                    .on_load(Some(&outcome.folder), std::mem::take(&mut outcome.records));
                self.problems = outcome.problems;
                self.problems.extend(review_problems);
                self.files_read = outcome.files.len();
                self.files_skipped = outcome.skipped.len();
                self.details = Default::default();
                self.undo.clear();
                self.redo.clear();
                self.on_new_data();
                let n = self.data.len();
                self.notice = Some(Notice {
                    text: format!(
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
                    ),
                    error: false,
                });
                self.show_problems = !self.problems.is_empty();
            }
        }
    }
}
