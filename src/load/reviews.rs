//! A folder's review log, applied to what the folder gives.
//!
//! Reviews are replayed on every load, after the extractor may have
//! changed: each file's records get the actions about that file as soon as
//! the file is read (the command line streams), and an action whose record
//! or page is gone is listed as orphaned, never dropped — it stays in the
//! log, and comes back to life if the record does.

use crate::records::review::{self, Replay, ReviewChange, ReviewLog};
use crate::records::{Problem, Record};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The actions in effect of a folder's log, by the page they are about.
#[derive(Debug, Default)]
pub struct Reviews {
    /// Where the log was read from.
    pub log: Option<PathBuf>,
    by_source: HashMap<String, Vec<ReviewChange>>,
    applied: HashSet<String>,
    /// Problems of reading the log (torn or bad lines).
    pub problems: Vec<Problem>,
}

impl Reviews {
    /// The log of `folder` (in the folder, else in the app's data folder),
    /// or no reviews when there is none.
    pub fn of_folder(folder: &Path) -> Reviews {
        match review::find_log(folder) {
            Some(path) => Reviews::from_log(&path),
            None => Reviews::default(),
        }
    }

    pub fn from_log(path: &Path) -> Reviews {
        let mut out = Reviews {
            log: Some(path.to_path_buf()),
            ..Default::default()
        };
        match ReviewLog::open(path) {
            Ok((log, problems)) => {
                out.problems = problems;
                for a in review::in_effect(log.actions()) {
                    if let Some(source) = review::source_of(&a) {
                        out.by_source.entry(source.to_string()).or_default().push(a);
                    }
                }
            }
            Err(e) => out.problems.push(Problem::file(
                path.display().to_string(),
                format!("cannot read the review log: {e}"),
            )),
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.by_source.is_empty()
    }

    /// Applies the actions about `source` to its records; returns the
    /// orphans among them.
    pub fn apply_to_file(&mut self, source: &str, records: &mut [Record]) -> Vec<Problem> {
        self.applied.insert(source.to_string());
        match self.by_source.get(source) {
            Some(actions) => review::apply(records, actions),
            None => Vec::new(),
        }
    }

    /// Applies every action to `records` (a whole folder's).
    pub fn apply_to_all(&mut self, records: &mut [Record]) -> Vec<Problem> {
        let mut replay = self.replay_all();
        let _ = replay.apply(records);
        replay.finish()
    }

    /// Every action, to replay on a folder's records as they come in parts
    /// (the app shows a folder while it is read). The orphans are those of
    /// [`Replay::finish`].
    pub fn replay_all(&mut self) -> Replay {
        let mut actions: Vec<ReviewChange> = self.by_source.values().flatten().cloned().collect();
        actions.sort_by_key(|a| a.id);
        self.applied.extend(self.by_source.keys().cloned());
        Replay::new(&actions)
    }

    /// Actions about pages that were never read (deleted, renamed): orphans.
    pub fn unapplied(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut sources: Vec<&String> = self
            .by_source
            .keys()
            .filter(|s| !self.applied.contains(*s))
            .collect();
        sources.sort();
        for s in sources {
            for a in &self.by_source[s] {
                out.push(Problem::file(
                    s.clone(),
                    format!(
                        "orphaned review #{} ({}): the file is gone; it stays in the log",
                        a.id, a.time
                    ),
                ));
            }
        }
        out
    }
}
