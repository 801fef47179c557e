//! What the chart shows: the view, and the choices and caches that follow
//! the records (defaults after new data, the kind of figure compared, the
//! fingerprint plots refit on).

use super::{CountyLens, timeline};
use crate::compare::Comparable;
use crate::records::Measure;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The chart the central panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum View {
    /// A lane per locality, a mark per record.
    #[default]
    Timeline,
    /// One series in one unit: a small plot per locality.
    Numeric,
    /// One series in one unit: a bar per locality.
    Bars,
    /// Records per measure, side by side for the localities.
    Profile,
}

impl View {
    pub const ALL: [View; 4] = [View::Timeline, View::Numeric, View::Bars, View::Profile];
    pub fn label(self) -> &'static str {
        match self {
            View::Timeline => "时间线 Timeline",
            View::Numeric => "数值 Figures",
            View::Bars => "柱状图 Bars",
            View::Profile => "概况 Profile",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            View::Timeline => "timeline",
            View::Numeric => "numeric",
            View::Bars => "bars",
            View::Profile => "profile",
        }
    }
    pub fn from_code(s: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.code() == s)
    }
}

impl CountyLens {
    /// After the records change: keep what still makes sense, pick sensible
    /// defaults for the rest.
    pub(super) fn on_new_data(&mut self) {
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
            }
        }
        self.selection.retain(|k| ds.node(k).is_some());
        if self.selection.is_empty() {
            self.selection = ds.busiest(6);
        }
        self.dates.reset(&ds);
        self.filter.from = None;
        self.filter.to = None;
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
        self.tree.on_new_data(&ds, &self.selection);
    }

    /// Makes sure the numeric and bar views compare a kind of figure that
    /// the chosen localities actually have: the same kind if they still
    /// have it, else the commonest kind of the same measure, else the
    /// commonest kind.
    pub fn fix_figure(&mut self) {
        let figs = self.data.figures(&self.selection, &self.filter);
        self.figure = match self.figure.take() {
            Some(f) if figs.iter().any(|(k, _)| *k == f) => Some(f),
            Some(f) => figs
                .iter()
                .find(|(k, _)| k.measure == f.measure)
                .or(figs.first())
                .map(|(k, _)| k.clone()),
            None => figs.first().map(|(k, _)| k.clone()),
        };
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

    /// The timeline's marks, laid out again only when something changed.
    pub fn timeline_layout(&mut self) -> Arc<timeline::TimelineLayout> {
        let sig = self.view_sig();
        match &self.timeline_cache {
            Some(l) if l.sig == sig => l.clone(),
            _ => {
                let l = Arc::new(timeline::TimelineLayout::build(
                    sig,
                    &self.data,
                    &self.selection,
                    &self.filter,
                ));
                self.timeline_cache = Some(l.clone());
                l
            }
        }
    }

    /// A fingerprint of what the chart shows; when it changes, plots refit.
    pub(super) fn view_sig(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (Arc::as_ptr(&self.data) as usize).hash(&mut h);
        self.view.hash(&mut h);
        self.selection.hash(&mut h);
        self.filter.measures.hash(&mut h);
        (self.filter.from, self.filter.to, self.filter.include_below).hash(&mut h);
        self.figure.hash(&mut h);
        self.uniform_y.hash(&mut h);
        h.finish()
    }
}
