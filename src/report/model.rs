//! What a report shows, before any layout: the selection the app's controls
//! hold ([`ViewState`]) turned into a [`Figure`] — title, subtitle, legend,
//! the chart's data, notes and the source line.
//!
//! Built from the same library calls as the app's views
//! ([`Dataset::records_of`], [`Dataset::series`], [`Dataset::bars`],
//! [`Dataset::profile`], [`crate::compare::population`]), so that an export
//! shows what the window shows. The app's views (`src/app/timeline.rs`,
//! `bars.rs`) still compute the same things inline; the colours and
//! `display_names` here mirror `src/app/chart.rs`.

use crate::compare::{Aggregate, Comparable, population};
use crate::records::{BarRow, Dataset, DateBasis, Filter, Measure, RecordDate, RecordId, Status};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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

/// What the app's controls hold: everything a chart depends on besides the
/// records.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewState {
    pub view: View,
    /// The compared localities (tree keys), in lane order.
    pub selection: Vec<String>,
    pub filter: Filter,
    /// The series (kind of figure) of the numeric and bar views.
    pub figure: Option<Comparable>,
    pub aggregate: Aggregate,
    pub per_capita: bool,
    pub uniform_y: bool,
}

impl ViewState {
    /// What the app shows on a fresh start over `ds`: the six busiest
    /// places, every measure, the commonest series.
    pub fn defaults(ds: &Dataset, view: View) -> ViewState {
        let mut s = ViewState {
            view,
            selection: ds.busiest(6),
            filter: Filter::default(),
            figure: None,
            aggregate: Aggregate::default(),
            per_capita: false,
            uniform_y: false,
        };
        s.fix_figure(ds);
        s
    }

    /// The app's `fix_figure`: keep the series if the places have it, else
    /// the commonest of the same measure, else the commonest.
    pub fn fix_figure(&mut self, ds: &Dataset) {
        let figs = ds.figures(&self.selection, &self.filter);
        self.figure = crate::compare::keep_figure(&figs, self.figure.take());
    }
}

/// A colour, sRGB.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const GREY: Rgb = Rgb(175, 175, 175);
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
    /// A darker version, for outlines (as the app's `darker`).
    pub fn darker(self) -> Rgb {
        let mix = |a: u8| (a as u16 * 2 / 3) as u8;
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }
    /// A paler version, for approximate figures (as the app's `lighter`).
    pub fn lighter(self) -> Rgb {
        let mix = |a: u8| ((a as u16 + 2 * 255) / 3) as u8;
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }
}

/// One colour per measure, in the order of [`Measure::ALL`]; distinct on a
/// white background and for the common kinds of colour blindness as far as
/// 17 colours can be. The app's charts take theirs from here too.
pub fn measure_color(m: Measure) -> Rgb {
    const C: [Rgb; 17] = [
        Rgb(0x1f, 0x77, 0xb4), // screening: blue
        Rgb(0x8c, 0x56, 0x4b), // checkpoint: brown
        Rgb(0x2c, 0xa0, 0x2c), // testing: green
        Rgb(0x17, 0xbe, 0xcf), // vaccination: cyan
        Rgb(0xd6, 0x27, 0x28), // quarantine: red
        Rgb(0xe3, 0x77, 0xc2), // medical: pink
        Rgb(0x7f, 0x00, 0x00), // cases: dark red
        Rgb(0xff, 0x7f, 0x0e), // personnel: orange
        Rgb(0x94, 0x67, 0xbd), // supplies: purple
        Rgb(0xbc, 0xbd, 0x22), // publicity: olive
        Rgb(0x00, 0x4d, 0x40), // inspection: dark teal
        Rgb(0x3f, 0x3f, 0x3f), // accountability: dark grey
        Rgb(0x6b, 0xae, 0xd6), // disinfection: light blue
        Rgb(0xb1, 0x59, 0x28), // gatherings: rust
        Rgb(0x66, 0xa6, 0x1e), // services: leaf
        Rgb(0xe6, 0xab, 0x02), // economy: amber
        Rgb(0x99, 0x99, 0x99), // other: grey
    ];
    let i = Measure::ALL.iter().position(|x| *x == m).unwrap_or(16);
    C[i]
}

/// Colours of places in the profile: none of them near a measure's colour
/// (at least 23 ΔE apart in CIELAB, tested in `app::chart`), so a place is
/// never read as a measure; outlined a shade darker.
pub fn place_color(i: usize) -> Rgb {
    const C: [Rgb; 10] = [
        Rgb(0x00, 0x42, 0x9d), // navy
        Rgb(0xe7, 0x29, 0x8a), // magenta
        Rgb(0x1b, 0x9e, 0x77), // teal
        Rgb(0xa6, 0x76, 0x1d), // ochre
        Rgb(0x7b, 0x41, 0x73), // plum
        Rgb(0xfb, 0x80, 0x72), // salmon
        Rgb(0x63, 0x79, 0x39), // moss
        Rgb(0xe7, 0xcb, 0x94), // sand
        Rgb(0xf1, 0xb6, 0xda), // rose
        Rgb(0xb3, 0xde, 0x69), // lime
    ];
    C[i % C.len()]
}

/// Names to show for places: the place name, with its parent when two
/// chosen places share a name (two 城关镇 in different counties).
pub fn display_names(ds: &Dataset, keys: &[String]) -> Vec<String> {
    let names: Vec<String> = keys
        .iter()
        .map(|k| {
            ds.node(k)
                .map(|n| n.name.clone())
                .unwrap_or_else(|| k.clone())
        })
        .collect();
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let dup = names.iter().enumerate().any(|(j, m)| j != i && m == n);
            let path = ds
                .node(&keys[i])
                .map(|n| n.path.clone())
                .unwrap_or_default();
            if dup && path.len() >= 2 {
                format!("{}·{}", path[path.len() - 2], n)
            } else {
                n.clone()
            }
        })
        .collect()
}

/// The display names of `some` of the chosen places, told apart as among
/// all of `chosen` (two 城关镇 keep their counties even if one is listed).
pub fn display_names_among(ds: &Dataset, chosen: &[String], some: &[String]) -> Vec<String> {
    chosen
        .iter()
        .zip(display_names(ds, chosen))
        .filter(|(k, _)| some.contains(k))
        .map(|(_, n)| n)
        .collect()
}

/// `450,000` / `75.3`.
pub fn format_figure(v: f64) -> String {
    let s = crate::records::io::format_value(v);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d.to_string()),
        None => ("", int),
    };
    if digits.len() <= 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return s;
    }
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// `≈8,000 户`; figures with a fraction (per 10,000 residents) to one
/// decimal from 100 up, else two: a report shows no false precision.
pub fn figure_with_unit(v: f64, unit: &str, approx: bool) -> String {
    let v = if v.fract() == 0.0 {
        v
    } else if v.abs() >= 100.0 {
        (v * 10.0).round() / 10.0
    } else {
        (v * 100.0).round() / 100.0
    };
    format!(
        "{}{} {}",
        if approx { "≈" } else { "" },
        format_figure(v),
        unit
    )
}

/// Short axis numbers: `1.2万`, `350`, `2.1亿`.
pub fn short_number(v: f64) -> String {
    let trim = |v: f64| {
        let s = format!("{v:.2}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" { "0".into() } else { s.to_string() }
    };
    let a = v.abs();
    if a >= 1e8 {
        format!("{}亿", trim(v / 1e8))
    } else if a >= 1e4 {
        format!("{}万", trim(v / 1e4))
    } else {
        trim(v)
    }
}

/// How a legend item is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Swatch {
    Disc,
    Ring,
    Diamond,
    Square,
    Line,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LegendItem {
    pub color: Rgb,
    pub swatch: Swatch,
    pub label: String,
}

/// A record's mark on the timeline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeMark {
    pub lane: usize,
    /// Where in the lane, from -0.5 (bottom) to 0.5 (top): each measure has
    /// its row, and marks of one day spread within it.
    pub offset: f64,
    pub day: i64,
    pub color: Rgb,
    pub hollow: bool,
    pub diamond: bool,
}

/// A point of a small plot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub day: i64,
    pub value: f64,
    pub approx: bool,
    /// The year or day was inferred (drawn as a diamond, as on the timeline).
    pub inferred: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub name: String,
    pub points: Vec<Point>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BarItem {
    pub name: String,
    pub value: f64,
    pub approx: bool,
}

/// The chart's data, one kind per view.
#[derive(Clone, Debug, PartialEq)]
pub enum Chart {
    /// Nothing to draw, and why.
    Empty(String),
    Timeline {
        lanes: Vec<String>,
        days: (i64, i64),
        marks: Vec<TimeMark>,
    },
    Numeric {
        days: (i64, i64),
        color: Rgb,
        unit: String,
        /// The common y maximum when "same y scale" is on.
        uniform_max: Option<f64>,
        panels: Vec<Panel>,
    },
    Bars {
        color: Rgb,
        unit: String,
        axis: String,
        bars: Vec<BarItem>,
    },
    Profile {
        /// Row labels (measures), top to bottom.
        measures: Vec<String>,
        places: Vec<(String, Rgb)>,
        /// counts[measure][place].
        counts: Vec<Vec<usize>>,
    },
}

/// A report's content.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub title_zh: String,
    pub title_en: String,
    pub subtitle: Vec<String>,
    pub legend: Vec<LegendItem>,
    pub chart: Chart,
    /// Caveats, places without figures or census numbers: said on the figure.
    pub notes: Vec<String>,
    pub source: String,
    /// The records behind the chart (what the CSV export writes).
    pub records: Vec<RecordId>,
}

/// The figure of `state` over `ds`.
pub fn build(ds: &Dataset, state: &ViewState) -> Figure {
    let mut fig = match state.view {
        View::Timeline => timeline(ds, state),
        View::Numeric => numeric(ds, state),
        View::Bars => bars(ds, state),
        View::Profile => profile(ds, state),
    };
    fig.subtitle = subtitle(ds, state, &fig.records, fig.subtitle.clone());
    fig.source = source_line(
        ds,
        &fig.records,
        state.per_capita && per_capita_applies(state),
    );
    fig
}

fn per_capita_applies(state: &ViewState) -> bool {
    state.view == View::Bars
        && state
            .figure
            .as_ref()
            .is_some_and(|k| population::is_per_capita_unit(&k.unit))
}

fn empty(title_zh: &str, title_en: &str, why: &str) -> Figure {
    Figure {
        title_zh: title_zh.into(),
        title_en: title_en.into(),
        subtitle: Vec::new(),
        legend: Vec::new(),
        chart: Chart::Empty(why.into()),
        notes: Vec::new(),
        source: String::new(),
        records: Vec::new(),
    }
}

/// The days the chart covers: the filter's range where set, else the
/// records' first and last day.
fn day_span(ds: &Dataset, filter: &Filter, ids: &[RecordId]) -> Option<(i64, i64)> {
    let (lo, hi) = ids
        .iter()
        .map(|&i| ds.day(i))
        .fold((i64::MAX, i64::MIN), |(a, b), d| (a.min(d), b.max(d)));
    if lo > hi {
        return None;
    }
    Some((filter.from.unwrap_or(lo), filter.to.unwrap_or(hi)))
}

fn subtitle(ds: &Dataset, state: &ViewState, ids: &[RecordId], first: Vec<String>) -> Vec<String> {
    let mut parts = first;
    if let Some((lo, hi)) = day_span(ds, &state.filter, ids) {
        parts.push(format!(
            "{} – {}",
            RecordDate::from_day_number(lo),
            RecordDate::from_day_number(hi)
        ));
    }
    if state.filter.include_below {
        parts.push("含下级地点 including places below".into());
    }
    if state.per_capita && per_capita_applies(state) {
        parts.push("每万常住人口 per 10,000 residents (2020 census)".into());
    } else if state.per_capita {
        // Asked for but not meaningful here (teams, places, a timeline):
        // said, so a reader does not take raw counts for rates.
        parts.push("原始数值（每万人只用于人数、户数柱状图）raw figures: per 10,000 residents is for bars of people and households".into());
    }
    if state.filter.include_rejected {
        parts.push("含已驳回记录（灰色）including rejected records (grey)".into());
    }
    let names = display_names(ds, &state.selection);
    let mut lines = vec![parts.join(" · ")];
    lines.push(format!(
        "{} 个地点 places: {}",
        names.len(),
        names.join("、")
    ));
    lines
}

/// "N records from M pages · ◆ date inferred · ○ approximate · CountyLens VERSION".
fn source_line(ds: &Dataset, ids: &[RecordId], per_capita: bool) -> String {
    let pages: BTreeSet<&str> = ids
        .iter()
        .flat_map(|&i| ds.sources(i))
        .map(|j| &*ds.record(j).source)
        .collect();
    let inferred = ids
        .iter()
        .filter(|&&i| ds.record(i).date_basis == Some(DateBasis::Inferred))
        .count();
    let approx = ids.iter().filter(|&&i| ds.record(i).approx).count();
    let mut s = format!(
        "来源 Source: {} 条记录，出自 {} 个页面 {} records from {} pages · ◆ 日期系推断 date inferred ({inferred}) · ○ 约数 approximate ({approx})",
        ids.len(),
        pages.len(),
        ids.len(),
        pages.len()
    );
    if per_capita {
        s.push_str(" · 人口：2020年第七次人口普查 residents: 2020 census");
    }
    s.push_str(&format!(" · CountyLens {}", env!("CARGO_PKG_VERSION")));
    s
}

fn timeline(ds: &Dataset, state: &ViewState) -> Figure {
    let keys = &state.selection;
    let lanes: Vec<Vec<RecordId>> = keys
        .iter()
        .map(|k| ds.records_of(k, &state.filter))
        .collect();
    let all: Vec<RecordId> = lanes.iter().flatten().copied().collect();
    let mut present: Vec<Measure> = all.iter().map(|&i| ds.record(i).measure).collect();
    present.sort();
    present.dedup();
    let (zh, en) = match present.as_slice() {
        [m] => (
            format!("{}时间线", m.zh()),
            format!("Timeline of {}", m.en()),
        ),
        _ => (
            "各地防疫措施时间线".to_string(),
            "Timeline of epidemic measures".to_string(),
        ),
    };
    if all.is_empty() {
        return empty(
            &zh,
            &en,
            "这些地点在所选措施和日期内没有记录 No records for these places",
        );
    }
    let marks = timeline_marks(ds, &lanes, &present, all.len());
    let legend = timeline_legend(&present);
    let days = day_span(ds, &state.filter, &all).unwrap_or((0, 1));
    Figure {
        title_zh: zh,
        title_en: en,
        subtitle: vec![format!("{} 条记录 records", all.len())],
        legend,
        chart: Chart::Timeline {
            lanes: display_names(ds, keys),
            days,
            marks,
        },
        notes: Vec::new(),
        source: String::new(),
        records: all,
    }
}

/// A mark per record as the app lays them out, lane by lane.
fn timeline_marks(
    ds: &Dataset,
    lanes: &[Vec<RecordId>],
    present: &[Measure],
    n: usize,
) -> Vec<TimeMark> {
    // The app's layout (timeline.rs): each measure its row within a lane, the
    // first measure lowest (y grows upwards here as in the plot), marks of one
    // day and measure spread within that row.
    let k = present.len();
    let row = |m: Measure| -> f64 {
        if k <= 1 {
            return 0.0;
        }
        let i = present.iter().position(|x| *x == m).unwrap_or(0) as f64;
        -0.32 + 0.64 * i / (k - 1) as f64
    };
    let band = if k <= 1 { 0.64 } else { 0.64 / (k - 1) as f64 };
    let mut stack: std::collections::HashMap<(usize, Measure, i64), (usize, usize)> =
        Default::default();
    for (lane, ids) in lanes.iter().enumerate() {
        for &i in ids {
            stack
                .entry((lane, ds.record(i).measure, ds.day(i)))
                .or_default()
                .1 += 1;
        }
    }
    let mut marks = Vec::with_capacity(n);
    for (lane, ids) in lanes.iter().enumerate() {
        for &i in ids {
            let r = ds.record(i);
            let e = stack.entry((lane, r.measure, ds.day(i))).or_default();
            let (j, size) = (e.0, e.1);
            e.0 += 1;
            let step = (band * 0.8 / size as f64).min(0.12);
            let spread = (j as f64 - (size - 1) as f64 / 2.0) * step;
            marks.push(TimeMark {
                lane,
                offset: row(r.measure) + spread,
                day: ds.day(i),
                color: if r.status == Status::Rejected {
                    Rgb::GREY
                } else {
                    measure_color(r.measure)
                },
                hollow: r.approx,
                diamond: r.date_basis == Some(DateBasis::Inferred),
            });
        }
    }
    marks
}

/// A disc per measure shown, then the ring and diamond marks.
fn timeline_legend(present: &[Measure]) -> Vec<LegendItem> {
    let mut legend: Vec<LegendItem> = present
        .iter()
        .map(|m| LegendItem {
            color: measure_color(*m),
            swatch: Swatch::Disc,
            label: m.label(),
        })
        .collect();
    legend.push(LegendItem {
        color: Rgb(90, 90, 90),
        swatch: Swatch::Ring,
        label: "空心 = 约数 hollow = approximate".into(),
    });
    legend.push(LegendItem {
        color: Rgb(90, 90, 90),
        swatch: Swatch::Diamond,
        label: "日期系推断 date inferred".into(),
    });
    legend
}

/// Title of a series: (`排查户数`, `households screened`), or the measure
/// and indicator for figures without a series.
fn series_title(what: &Comparable) -> (String, String) {
    match (&what.series, &what.indicator) {
        (Some(s), _) => match crate::records::series::lookup(s) {
            Some(e) => (e.zh.to_string(), e.en.to_string()),
            None => (s.clone(), s.clone()),
        },
        (None, Some(i)) => (
            format!("{} · {i}", what.measure.zh()),
            what.measure.en().to_string(),
        ),
        (None, None) => (what.measure.zh().to_string(), what.measure.en().to_string()),
    }
}

fn numeric(ds: &Dataset, state: &ViewState) -> Figure {
    let Some(what) = state.figure.clone() else {
        return empty(
            "各地数值",
            "Figures by place",
            "没有可比较的数值 No figures to compare",
        );
    };
    let (zh, en) = series_title(&what);
    let (zh, en) = (
        format!("{zh}（{}）— 各地数值", what.unit),
        format!("{en} — figures by place"),
    );
    let names = display_names(ds, &state.selection);
    let series: Vec<_> = state
        .selection
        .iter()
        .map(|k| ds.series(k, &what, &state.filter))
        .collect();
    let panels: Vec<Panel> = series
        .iter()
        .zip(&names)
        .filter(|(s, _)| !s.is_empty())
        .map(|(s, n)| Panel {
            name: n.clone(),
            points: s
                .iter()
                .map(|p| Point {
                    day: p.day,
                    value: p.value,
                    approx: ds.record(p.record).approx,
                    inferred: ds.record(p.record).date_basis == Some(DateBasis::Inferred),
                })
                .collect(),
        })
        .collect();
    let records: Vec<RecordId> = series.iter().flatten().map(|p| p.record).collect();
    if panels.is_empty() {
        return empty(
            &zh,
            &en,
            "这些地点没有此项数值 No such figures for these places",
        );
    }
    let without: Vec<&str> = series
        .iter()
        .zip(&names)
        .filter(|(s, _)| s.is_empty())
        .map(|(_, n)| n.as_str())
        .collect();
    let mut notes = Vec::new();
    if !without.is_empty() {
        notes.push(format!("无此指标 No such figures: {}", without.join("、")));
    }
    let color = measure_color(what.measure);
    let gmax = records
        .iter()
        .map(|&i| ds.record(i).value)
        .fold(0.0f64, f64::max);
    let mut first = vec![format!("{} 条记录 records", records.len())];
    if state.uniform_y {
        first.push("统一纵轴 same y scale".into());
    }
    Figure {
        title_zh: zh,
        title_en: en,
        subtitle: first,
        legend: vec![
            LegendItem {
                color,
                swatch: Swatch::Disc,
                label: format!("{} ({})", what.measure.label(), what.unit),
            },
            LegendItem {
                color,
                swatch: Swatch::Ring,
                label: "空心 = 约数 hollow = approximate".into(),
            },
            LegendItem {
                color,
                swatch: Swatch::Diamond,
                label: "日期系推断 date inferred".into(),
            },
        ],
        chart: Chart::Numeric {
            days: day_span(ds, &state.filter, &records).unwrap_or((0, 1)),
            color,
            unit: what.unit.clone(),
            uniform_max: state.uniform_y.then_some(gmax),
            panels,
        },
        notes,
        source: String::new(),
        records,
    }
}

fn bars(ds: &Dataset, state: &ViewState) -> Figure {
    let Some(what) = state.figure.clone() else {
        return empty(
            "各地数值",
            "Bars by place",
            "没有可比较的数值 No figures to compare",
        );
    };
    let (zh, en) = series_title(&what);
    let chart = crate::compare::BarChart::build(
        ds,
        &state.selection,
        &what,
        state.aggregate,
        &state.filter,
        state.per_capita,
    );
    let (rows, unit, per_capita) = (chart.rows, chart.unit, chart.per_capita);
    let (no_population, missing, records) = (chart.no_population, chart.missing, chart.records);
    let title_zh = format!("{zh}（{unit}）");
    let title_en = format!(
        "{en}{}",
        if per_capita {
            " per 10,000 residents"
        } else {
            ""
        }
    );
    let missing = display_names_among(ds, &state.selection, &missing);
    let notes = bar_notes(ds, &rows, &missing, &no_population);
    if rows.is_empty() {
        let mut f = empty(
            &title_zh,
            &title_en,
            if per_capita && !no_population.is_empty() {
                "这些地点没有人口数 No census figures for these places"
            } else {
                "这些地点没有此项数值 No such figures for these places"
            },
        );
        f.notes = notes;
        return f;
    }
    let names = display_names(ds, &rows.iter().map(|r| r.key.clone()).collect::<Vec<_>>());
    let color = measure_color(what.measure);
    Figure {
        title_zh,
        title_en,
        subtitle: vec![
            state.aggregate.label().to_string(),
            format!("{} 条记录 records", records.len()),
        ],
        legend: vec![
            LegendItem {
                color,
                swatch: Swatch::Square,
                label: format!("{} ({unit})", what.measure.label()),
            },
            LegendItem {
                color: color.lighter(),
                swatch: Swatch::Square,
                label: "浅色 ≈ 约数 pale ≈ approximate".into(),
            },
        ],
        chart: Chart::Bars {
            color,
            axis: format!("{} ({unit})", what.measure.zh()),
            unit,
            bars: rows
                .iter()
                .zip(names)
                .map(|(r, name)| BarItem {
                    name,
                    value: r.value,
                    approx: r.approx,
                })
                .collect(),
        },
        notes,
        source: String::new(),
        records,
    }
}

/// Below the bars: the places left out per resident or without such a
/// figure, and what the bars cannot vouch for.
fn bar_notes(
    ds: &Dataset,
    rows: &[BarRow],
    missing: &[String],
    no_population: &[String],
) -> Vec<String> {
    let mut notes = Vec::new();
    if !no_population.is_empty() {
        notes.push(format!(
            "无人口数，未列入 No census figure, not shown: {}",
            no_population.join("、")
        ));
    }
    // Places with no figure at all (those without a census figure are named above).
    if !missing.is_empty() {
        notes.push(format!("无此项 No such figure: {}", missing.join("、")));
    }
    notes.extend(
        crate::compare::bar_caveats(ds, rows)
            .into_iter()
            .map(|c| format!("注意 {c}")),
    );
    notes
}

fn profile(ds: &Dataset, state: &ViewState) -> Figure {
    let keys = &state.selection;
    let names = display_names(ds, keys);
    let per_place = ds.profile(keys, &state.filter);
    let (present, records) = Dataset::profile_contents(&per_place);
    let (zh, en) = (
        "各地记录概况".to_string(),
        "Records per measure".to_string(),
    );
    if present.is_empty() {
        return empty(&zh, &en, "这些地点没有记录 No records for these places");
    }
    let counts: Vec<Vec<usize>> = present
        .iter()
        .map(|m| {
            per_place
                .iter()
                .map(|(_, per)| per.get(m).map_or(0, Vec::len))
                .collect()
        })
        .collect();
    let places: Vec<(String, Rgb)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), place_color(i)))
        .collect();
    Figure {
        title_zh: zh,
        title_en: en,
        subtitle: vec![format!("{} 条记录 records", records.len())],
        legend: places
            .iter()
            .map(|(n, c)| LegendItem {
                color: *c,
                swatch: Swatch::Square,
                label: n.clone(),
            })
            .collect(),
        chart: Chart::Profile {
            measures: present.iter().map(|m| m.label()).collect(),
            places,
            counts,
        },
        notes: Vec::new(),
        source: String::new(),
        records,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::read_jsonl;

    fn sample() -> Dataset {
        let text = include_str!("../../assets/sample.jsonl");
        Dataset::new(read_jsonl("sample.jsonl", text).0)
    }

    #[test]
    fn every_view_of_the_sample_has_a_chart_and_a_source_line() {
        let ds = sample();
        for view in View::ALL {
            let state = ViewState::defaults(&ds, view);
            let fig = build(&ds, &state);
            assert!(!matches!(fig.chart, Chart::Empty(_)), "{view:?}");
            assert!(!fig.records.is_empty());
            assert!(
                fig.source
                    .contains(&format!("{} records", fig.records.len()))
            );
            assert!(fig.source.contains(env!("CARGO_PKG_VERSION")));
            assert!(fig.subtitle.iter().any(|l| l.contains("places")));
        }
    }

    #[test]
    fn bars_follow_the_dataset_and_per_capita_divides_by_residents() {
        let ds = sample();
        let mut state = ViewState::defaults(&ds, View::Bars);
        let what = state.figure.clone().unwrap();
        let rows = ds.bars(&state.selection, &what, state.aggregate, &state.filter);
        let Chart::Bars { bars, .. } = build(&ds, &state).chart else {
            panic!("bars")
        };
        assert_eq!(
            bars.iter().map(|b| b.value).collect::<Vec<_>>(),
            rows.iter().map(|r| r.value).collect::<Vec<_>>()
        );
        if population::is_per_capita_unit(&what.unit) {
            state.per_capita = true;
            let fig = build(&ds, &state);
            assert!(fig.subtitle[0].contains("per 10,000 residents"));
            assert!(fig.source.contains("2020 census"));
        }
    }

    #[test]
    fn include_below_and_the_date_range_are_said() {
        let ds = sample();
        let mut state = ViewState::defaults(&ds, View::Timeline);
        state.filter.include_below = true;
        let (lo, _) = ds.day_span().unwrap();
        state.filter.from = Some(lo);
        state.filter.to = Some(lo + 40);
        let fig = build(&ds, &state);
        assert!(fig.subtitle[0].contains("including places below"));
        let want = format!(
            "{} – {}",
            RecordDate::from_day_number(lo),
            RecordDate::from_day_number(lo + 40)
        );
        assert!(fig.subtitle[0].contains(&want), "{:?}", fig.subtitle);
    }

    #[test]
    fn figures_carry_no_false_precision() {
        assert_eq!(
            figure_with_unit(1733.2156633175516, "户/万人", false),
            "1,733.2 户/万人"
        );
        assert_eq!(figure_with_unit(5.34771, "人/万人", true), "≈5.35 人/万人");
        assert_eq!(figure_with_unit(450000.0, "只", false), "450,000 只");
    }

    #[test]
    fn profile_place_colours_are_not_measure_colours() {
        for i in 0..10 {
            assert!(
                Measure::ALL
                    .iter()
                    .all(|m| measure_color(*m) != place_color(i))
            );
        }
    }
}
