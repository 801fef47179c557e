//! What the chart shows: the view, and the choices and caches that follow
//! the records (defaults after new data, the kind of figure compared, the
//! fingerprint plots refit on).

use super::views::{Cached, Model, ViewCtx};
use super::{CountyLens, chart};
use crate::compare::Comparable;
use crate::records::{Dataset, Measure, RecordId};
use std::sync::Arc;

/// The chart the central panel shows: the library's, which reports and
/// saved views name too.
pub use crate::report::View;

impl CountyLens {
    /// After the records change: keep what still makes sense, pick sensible
    /// defaults for the rest.
    pub(super) fn on_new_data(&mut self) {
        self.follow_data(true);
    }

    /// After more records of the same folder arrived (it is still being
    /// read): the places, dates and tree the person set stay; places the
    /// app picked itself are picked again from what is there now.
    pub(super) fn on_more_data(&mut self) {
        self.follow_data(false);
    }

    fn follow_data(&mut self, fresh: bool) {
        let ds = self.data.clone();
        // The last run's places, once records that have them arrive (the
        // sample shows first while the last folder loads).
        if let Some(sel) = &self.pending_selection {
            let kept: Vec<String> = sel
                .iter()
                .filter(|k| ds.node(k).is_some())
                .cloned()
                .collect();
            if !kept.is_empty() {
                self.selection = kept;
                self.pending_selection = None;
                self.auto_selection = false;
            }
        }
        if !fresh && self.auto_selection && self.pending_selection.is_none() {
            self.selection = ds.busiest(6);
        }
        self.selection.retain(|k| ds.node(k).is_some());
        if self.selection.is_empty() {
            self.selection = ds.busiest(6);
            self.auto_selection = true;
        }
        if fresh {
            self.dates.reset(&ds);
            self.filter.from = None;
            self.filter.to = None;
        } else {
            self.dates.set_span(&ds);
        }
        // Measures the data has but the filter lost (a previous folder's
        // choice) come back, so that a new folder never looks empty.
        if ds
            .records()
            .iter()
            .all(|r| !self.filter.measures.contains(&r.measure))
        {
            self.filter.measures = Measure::ALL.into_iter().collect();
        }
        self.fix_figure();
        if fresh {
            self.tree.on_new_data(&ds, &self.selection);
        } else {
            self.tree.on_more_data(&ds, &self.selection);
        }
        self.after_new_data();
    }

    /// Makes sure the numeric and bar views compare a kind of figure that
    /// the chosen localities actually have: the same kind if they still
    /// have it, else the commonest kind of the same measure, else the
    /// commonest kind.
    pub fn fix_figure(&mut self) {
        let figs = self.data.figures(&self.selection, &self.filter);
        self.figure = crate::compare::keep_figure(&figs, self.figure.take());
    }

    /// The kinds of figure the chosen places have, most records first;
    /// remembered while nothing that changes them changes.
    pub fn figures(&mut self) -> Vec<(Comparable, usize)> {
        let sig = self.view_sig();
        match &self.figures_cache {
            Some((s, f)) if *s == sig => f.clone(),
            _ => {
                let f = self.data.figures(&self.selection, &self.filter);
                self.figures_cache = Some((sig, f.clone()));
                f
            }
        }
    }

    /// What the chart views read: the data and the choices, borrowed.
    pub(super) fn view_ctx<'a>(
        &'a self,
        figures: &'a [(Comparable, usize)],
        exporting: bool,
    ) -> ViewCtx<'a> {
        ViewCtx {
            data: &self.data,
            selection: &self.selection,
            filter: &self.filter,
            figure: self.figure.as_ref(),
            figures,
            aggregate: self.aggregate,
            per_capita: self.per_capita,
            uniform_y: self.uniform_y,
            loading: self.is_loading(),
            reset_plots: self.reset_plots,
            exporting,
        }
    }

    /// What the current view shows, built again only when the records or a
    /// choice it depends on changed; with its records, shared.
    pub(super) fn view_model(&mut self, exporting: bool) -> (Arc<Model>, Arc<Vec<RecordId>>) {
        let key = self.model_key();
        if let Some(c) = &self.model
            && c.key == key
        {
            return (c.model.clone(), c.records.clone());
        }
        let model = Model::build(self.view, &self.view_ctx(&[], exporting));
        let records = Arc::new(model.records().to_vec());
        let model = Arc::new(model);
        self.model = Some(Cached {
            key,
            model: model.clone(),
            records: records.clone(),
        });
        (model, records)
    }

    /// A fingerprint of everything a view's model depends on.
    fn model_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.generation.hash(&mut h);
        self.view.hash(&mut h);
        self.selection.hash(&mut h);
        let f = &self.filter;
        (
            &f.measures,
            f.from,
            f.to,
            f.include_rejected,
            f.include_below,
        )
            .hash(&mut h);
        self.figure.hash(&mut h);
        (self.aggregate, self.per_capita).hash(&mut h);
        h.finish()
    }

    /// Replaces the records on show: every cache keyed by the generation
    /// is stale from here on.
    pub(super) fn replace_data(&mut self, ds: Dataset) {
        self.data = Arc::new(ds);
        self.generation += 1;
    }

    /// The number of the records on show: bumped by every new dataset and
    /// every review that changes them.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Counts the status bar shows, once per dataset.
    pub(super) fn count_status(&mut self) {
        if self.status_counts.0 != self.generation {
            let ds = &self.data;
            let places = ds.nodes().iter().filter(|n| !n.records.is_empty()).count();
            self.status_counts = (self.generation, places, super::review::reviewed_count(ds));
        }
    }

    /// (places with records, reviewed records) of the records on show.
    pub fn status_counts(&self) -> (usize, usize) {
        (self.status_counts.1, self.status_counts.2)
    }

    /// Where each record's mark in sight was drawn in the last frame
    /// (timeline and figures).
    pub fn marks(&self) -> Vec<chart::Mark> {
        let s = &self.shown;
        s.marks
            .iter()
            .map(|m| chart::Mark {
                pos: m.pos + egui::vec2(s.marks_shift, 0.0),
                record: m.record,
            })
            .filter(|m| s.marks_sight.is_none_or(|x| x.contains(m.pos.x)))
            .collect()
    }

    /// A fingerprint of what the chart shows; when it changes, plots refit.
    pub(super) fn view_sig(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.generation.hash(&mut h);
        self.view.hash(&mut h);
        self.selection.hash(&mut h);
        self.filter.measures.hash(&mut h);
        (self.filter.from, self.filter.to, self.filter.include_below).hash(&mut h);
        self.figure.hash(&mut h);
        self.uniform_y.hash(&mut h);
        h.finish()
    }
}
