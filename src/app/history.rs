//! Undo and redo of the choice of places and of review actions, and
//! showing a review's effect.

use super::{CountyLens, Notice, UndoStep, review};
use crate::records::Dataset;

impl CountyLens {
    /// Replaces the selection, remembering the old one for Ctrl+Z.
    pub fn select(&mut self, keys: Vec<String>) {
        if keys == self.selection {
            return;
        }
        self.auto_selection = false;
        let old = std::mem::replace(&mut self.selection, keys);
        self.push_undo(UndoStep::Places(old));
        self.fix_figure();
    }

    pub(super) fn push_undo(&mut self, step: UndoStep) {
        self.undo.push(step);
        self.redo.clear();
        if self.undo.len() > 200 {
            self.undo.remove(0);
        }
    }

    /// Whether Ctrl+Z has something to take back.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Takes back the last choice of places or review action.
    pub fn undo(&mut self) {
        self.step_history(true);
    }

    /// Does again what the last undo took back.
    pub fn redo(&mut self) {
        self.step_history(false);
    }

    /// One step back (`undo`) or forward: the step moves from one stack to
    /// the other, a choice of places swapped with the one on screen, a
    /// review undone or redone by one more line in the review log.
    pub(super) fn step_history(&mut self, undo: bool) {
        let step = if undo {
            self.undo.pop()
        } else {
            self.redo.pop()
        };
        let back = match step {
            Some(UndoStep::Places(other)) => {
                let now = std::mem::replace(&mut self.selection, other);
                self.fix_figure();
                UndoStep::Places(now)
            }
            Some(UndoStep::Review) => {
                let (done, what) = if undo {
                    (self.review.undo(), "撤销复核 Review undone")
                } else {
                    (self.review.redo(), "重做复核 Review redone")
                };
                if let Err(e) = done {
                    self.set_error(e);
                    return;
                }
                self.refresh_reviewed(what);
                UndoStep::Review
            }
            None => return,
        };
        if undo {
            self.redo.push(back);
        } else {
            self.undo.push(back);
        }
    }

    /// Writes a review action to the log (asking first, once per folder,
    /// where the log is kept) and shows its effect.
    pub fn review_action(&mut self, action: review::Action) {
        // The records on show are a part of a folder still being read, and
        // the review log's records are the previous folder's until it is done.
        if self.loading.as_ref().is_some_and(|l| l.showing) {
            self.set_error(
                "正在读取文件夹，读完后再复核 The folder is still being read: review once it is done"
                    .into(),
            );
            return;
        }
        match self.review.write(action, &self.data) {
            Ok(true) => {
                self.push_undo(UndoStep::Review);
                self.refresh_reviewed("已记入复核日志 Review saved");
            }
            Ok(false) => {} // waiting for "where to keep reviews"
            Err(e) => self.set_error(e),
        }
    }

    /// The records as loaded with the review log replayed: the charts,
    /// tree and details follow at once; places and the record on show stay.
    pub(super) fn refresh_reviewed(&mut self, what: &str) {
        let (records, _) = self.review.reviewed(&self.data);
        self.replace_data(Dataset::new(records));
        self.fix_figure();
        let ds = self.data.clone();
        self.tree.on_new_data(&ds, &self.selection);
        let n = review::reviewed_count(&ds);
        self.notice = Some(Notice {
            text: format!("{what} · 已复核 {n} / {} reviewed", ds.len()),
            error: false,
        });
    }
}
