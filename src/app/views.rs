//! The seam between the app and its chart views: a view reads a
//! [`ViewCtx`] (never the app) and returns what it [`Shown`]; what it shows
//! for given data and choices is a [`Model`], built without a `Ui` and kept
//! while nothing it depends on changes, so a test can ask which records a
//! view shows, in which order, without a window.

use super::bars::{BarsModel, ProfileModel};
use super::chart::Mark;
use super::numeric::NumericModel;
use super::timeline::TimelineLayout;
use super::{Command, View};
use crate::compare::{Aggregate, Comparable};
use crate::records::{Dataset, Filter, RecordId};
use std::sync::Arc;

/// What a chart view reads: the data and the choices that shape the chart.
pub struct ViewCtx<'a> {
    pub data: &'a Dataset,
    pub selection: &'a [String],
    pub filter: &'a Filter,
    pub figure: Option<&'a Comparable>,
    /// The kinds of figure the chosen places have (the series picker).
    pub figures: &'a [(Comparable, usize)],
    pub aggregate: Aggregate,
    pub per_capita: bool,
    pub uniform_y: bool,
    pub loading: bool,
    /// What the chart shows changed: plots refit.
    pub reset_plots: bool,
    /// A PNG is being taken: no hover, no tooltips.
    pub exporting: bool,
}

/// What a view showed this frame: what export, clicks and tests read.
#[derive(Clone, Debug, Default)]
pub struct Shown {
    /// The records behind the chart, in the view's order: what CSV export writes.
    pub records: Arc<Vec<RecordId>>,
    /// The chart with its title and legend (points): what a PNG crops to.
    pub rect: Option<egui::Rect>,
    /// Where each clickable bar was drawn (points) and the records it stands for.
    pub hits: Vec<(egui::Rect, Vec<RecordId>)>,
    /// Where each record's mark was drawn (timeline and figures), give or
    /// take `marks_shift`; some may lie beyond `marks_sight`.
    pub marks: Arc<Vec<Mark>>,
    /// How far (points, along x) the marks moved since `marks` was made:
    /// a pan slides them rather than placing them again.
    pub marks_shift: f32,
    /// Where on x the marks are in sight, when some of `marks` are not.
    pub marks_sight: Option<egui::Rangef>,
    /// What the view asks the app to do.
    pub commands: Vec<Command>,
}

/// Why a view shows no chart: the message it shows instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Empty {
    NoRecords,
    NoPlaces,
    NoMeasures,
    /// The places have nothing in the chosen measures and dates.
    NothingInFilter,
    /// No kind of figure to compare (bars).
    NoFigure,
    /// The places have no figures of the chosen kind (bars).
    NoSuchFigure,
    /// The places have no records in the chosen measures and dates (profile).
    NoRecordsHere,
}

/// What a view shows for given data and choices.
pub enum Model {
    Timeline(TimelineLayout),
    Numeric(NumericModel),
    Bars(BarsModel),
    Profile(ProfileModel),
    Empty(Empty),
}

impl Model {
    /// Works out what `view` shows of `ctx`'s data: no `Ui` needed.
    pub fn build(view: View, ctx: &ViewCtx<'_>) -> Model {
        if ctx.data.is_empty() {
            return Model::Empty(Empty::NoRecords);
        }
        if ctx.selection.is_empty() {
            return Model::Empty(Empty::NoPlaces);
        }
        if ctx.filter.measures.is_empty() {
            return Model::Empty(Empty::NoMeasures);
        }
        match view {
            View::Timeline => {
                let l = TimelineLayout::build(ctx.data, ctx.selection, ctx.filter);
                if l.all.is_empty() {
                    Model::Empty(Empty::NothingInFilter)
                } else {
                    Model::Timeline(l)
                }
            }
            View::Numeric => match ctx.figure {
                None => Model::Empty(Empty::NothingInFilter),
                Some(what) => {
                    let m = NumericModel::build(ctx.data, ctx.selection, what, ctx.filter);
                    if m.with.is_empty() {
                        Model::Empty(Empty::NothingInFilter)
                    } else {
                        Model::Numeric(m)
                    }
                }
            },
            View::Bars => match ctx.figure {
                None => Model::Empty(Empty::NoFigure),
                Some(what) => {
                    let m = BarsModel::build(
                        ctx.data,
                        ctx.selection,
                        what,
                        ctx.aggregate,
                        ctx.per_capita,
                        ctx.filter,
                    );
                    // No bars but places left out per resident: the view
                    // names them and why.
                    if !m.rows.is_empty() || !m.no_population.is_empty() {
                        Model::Bars(m)
                    } else {
                        Model::Empty(Empty::NoSuchFigure)
                    }
                }
            },
            View::Profile => {
                let m = ProfileModel::build(ctx.data, ctx.selection, ctx.filter);
                if m.present.is_empty() {
                    Model::Empty(Empty::NoRecordsHere)
                } else {
                    Model::Profile(m)
                }
            }
        }
    }

    /// The records the chart shows, in the view's order.
    pub fn records(&self) -> &[RecordId] {
        match self {
            Model::Timeline(l) => &l.all,
            Model::Numeric(m) => &m.records,
            Model::Bars(m) => &m.records,
            Model::Profile(m) => &m.records,
            Model::Empty(_) => &[],
        }
    }
}

/// A model with the fingerprint of what it was built from.
pub struct Cached {
    pub key: u64,
    pub model: Arc<Model>,
    /// The model's records, shared with every frame's [`Shown`].
    pub records: Arc<Vec<RecordId>>,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::records::{Measure, Record, RecordDate};

    /// A record of `measure` at `place` (a county of 衡阳市) on `date`.
    pub fn rec(place: &str, date: &str, measure: Measure, value: f64, unit: &str) -> Record {
        let line = serde_json::json!({
            "locality": place,
            "locality_path": ["湖南省", "衡阳市", place],
            "level": "county",
            "date": date,
            "date_basis": "stated",
            "measure": measure.code(),
            "value": value,
            "unit": unit,
            "source": format!("{place}.txt"),
            "evidence": "test",
        });
        let (mut v, problems) = crate::records::read_jsonl("t.jsonl", &line.to_string());
        assert!(problems.is_empty(), "{problems:?}");
        let r = v.remove(0);
        assert_eq!(r.date, RecordDate::parse(date).unwrap());
        r
    }

    /// Two places, two measures, one place reporting twice: what the
    /// timeline and figures tests read.
    pub fn data() -> Dataset {
        Dataset::new(vec![
            rec("衡东县", "2020-02-09", Measure::Screening, 52000.0, "户"),
            rec("衡东县", "2020-02-03", Measure::Checkpoint, 46.0, "个"),
            rec("耒阳市", "2020-02-14", Measure::Screening, 61000.0, "户"),
            rec("衡东县", "2020-02-21", Measure::Screening, 98000.0, "户"),
        ])
    }

    pub fn keys(ds: &Dataset, names: &[&str]) -> Vec<String> {
        names
            .iter()
            .map(|n| {
                ds.nodes()
                    .iter()
                    .find(|x| x.name == *n)
                    .map(|x| x.key.clone())
                    .unwrap()
            })
            .collect()
    }

    pub fn ctx<'a>(
        ds: &'a Dataset,
        selection: &'a [String],
        filter: &'a Filter,
        figure: Option<&'a Comparable>,
    ) -> ViewCtx<'a> {
        ViewCtx {
            data: ds,
            selection,
            filter,
            figure,
            figures: &[],
            aggregate: Aggregate::default(),
            per_capita: false,
            uniform_y: false,
            loading: false,
            reset_plots: false,
            exporting: false,
        }
    }

    pub fn all_measures() -> Filter {
        Filter::default()
    }

    #[test]
    fn empty_states_say_what_is_missing() {
        let ds = Dataset::new(vec![rec(
            "衡东县",
            "2020-02-03",
            Measure::Checkpoint,
            46.0,
            "个",
        )]);
        let f = all_measures();
        let none: Vec<String> = Vec::new();
        let m = Model::build(View::Timeline, &ctx(&ds, &none, &f, None));
        assert!(matches!(m, Model::Empty(Empty::NoPlaces)));
        let sel = keys(&ds, &["衡东县"]);
        let no_measures = Filter {
            measures: Default::default(),
            ..Filter::default()
        };
        let m = Model::build(View::Bars, &ctx(&ds, &sel, &no_measures, None));
        assert!(matches!(m, Model::Empty(Empty::NoMeasures)));
        let m = Model::build(View::Bars, &ctx(&ds, &sel, &f, None));
        assert!(matches!(m, Model::Empty(Empty::NoFigure)));
        let empty = Dataset::default();
        let m = Model::build(View::Profile, &ctx(&empty, &sel, &f, None));
        assert!(matches!(m, Model::Empty(Empty::NoRecords)));
    }
}
