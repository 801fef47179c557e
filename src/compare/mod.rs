//! What a chart may put side by side, and how a place's figures become one.
//!
//! Two figures are compared or combined only when they count the same thing
//! in the same unit: a [`Comparable`] is a series of the codebook
//! (`series.md`) in one unit, or — for records without a series, such as a
//! person's own sheet — a measure, a unit and the words of the indicator,
//! never anything wider. Reprints are one report ([`ReportKey`]), and parts
//! (`其中…`) are never added to or ranked against wholes ([`aggregate`]).

pub mod population;

use crate::records::{Measure, Record, Tally, series};
use serde::{Deserialize, Serialize};

/// Units that count the same thing under different words, as the codebook
/// has them ([`series::canonical_unit`]): `人`, `名` and `位` all count
/// people, `个` and `处` places or items. `人次` counts visits and is never
/// merged with `人`. A unit with a multiplier (`万只`, from a person's own
/// sheet) stays apart: its values are in other units, and converting them
/// silently is what a chart must not do.
pub fn unit_class(unit: &str) -> &str {
    let unit = unit.trim();
    if unit.starts_with('万') || unit.starts_with('亿') {
        return unit;
    }
    series::canonical_unit(unit)
}

/// A kind of figure that can stand on one axis.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Comparable {
    pub measure: Measure,
    /// The series code, when the record has one.
    pub series: Option<String>,
    /// The unit, people's units as one (see [`unit_class`]).
    pub unit: String,
    /// For records without a series only: what was counted, in the source's
    /// words. Two unlabelled figures with other indicators are other kinds.
    pub indicator: Option<String>,
}

impl Comparable {
    pub fn of(r: &Record) -> Comparable {
        let series = r
            .series
            .as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        Comparable {
            measure: r.measure,
            indicator: if series.is_some() {
                None
            } else {
                r.indicator
                    .as_deref()
                    .filter(|s| !s.trim().is_empty())
                    .map(str::to_string)
            },
            series,
            unit: unit_class(&r.unit).to_string(),
        }
    }

    pub fn matches(&self, r: &Record) -> bool {
        r.measure == self.measure
            && unit_class(&r.unit) == self.unit
            && match &self.series {
                Some(s) => r.series.as_deref().map(str::trim) == Some(s.as_str()),
                None => {
                    r.series.as_deref().is_none_or(|s| s.trim().is_empty())
                        && r.indicator.as_deref().filter(|s| !s.trim().is_empty())
                            == self.indicator.as_deref()
                }
            }
    }

    /// `排查户数 households screened · 户`, or `排查摸排 screening · 返乡人员 · 人`
    /// without a series; a code the codebook does not know is shown as it is.
    pub fn label(&self) -> String {
        match (&self.series, &self.indicator) {
            (Some(s), _) => match series::lookup(s) {
                Some(entry) => format!("{} · {}", entry.label(), self.unit),
                None => format!("{s} · {}", self.unit),
            },
            (None, Some(i)) => format!("{} · {i} · {}", self.measure.label(), self.unit),
            (None, None) => format!("{} · {}", self.measure.label(), self.unit),
        }
    }
}

/// What makes two records one report: the same place (its division code
/// where known), kind of figure, value and date, whatever the source — a
/// county's report reprinted by the city paper and two portals is one
/// figure, not four.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReportKey {
    place: String,
    what: Comparable,
    /// The value to a millionth, so 4.5万 read twice is equal.
    value: i64,
    date: String,
}

impl ReportKey {
    /// `place_key` is the record's place in the dataset's tree, used when
    /// the record has no division code.
    pub fn of(r: &Record, place_key: &str) -> ReportKey {
        ReportKey {
            place: match r.code.as_deref().map(str::trim) {
                Some(c) if !c.is_empty() => format!("code:{c}"),
                _ => place_key.to_string(),
            },
            what: Comparable::of(r),
            value: (r.value * 1e6).round() as i64,
            date: r.date.to_string(),
        }
    }
}

/// How a place's figures of one kind become one bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Aggregate {
    /// The figure of the latest date: what the place last reported.
    #[default]
    Latest,
    /// The largest figure reported: right for running totals that the news
    /// repeats as they grow ("已排查 8000 户").
    Largest,
    /// Figures of distinct periods added up (`tally: period`: one day, one
    /// round). Running totals are never added; figures whose period is not
    /// known are added only with a warning on the chart.
    Sum,
}

impl Aggregate {
    pub const ALL: [Aggregate; 3] = [Aggregate::Latest, Aggregate::Largest, Aggregate::Sum];
    pub fn label(self) -> &'static str {
        match self {
            Aggregate::Latest => "最新值 latest",
            Aggregate::Largest => "最大值 largest",
            Aggregate::Sum => "分期合计 sum of periods",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Aggregate::Latest => "latest",
            Aggregate::Largest => "largest",
            Aggregate::Sum => "sum",
        }
    }
    pub fn from_code(s: &str) -> Option<Aggregate> {
        Aggregate::ALL.into_iter().find(|a| a.code() == s)
    }
}

/// One figure as [`aggregate`] sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub day: i64,
    pub value: f64,
    pub tally: Option<Tally>,
    pub part_of: bool,
    pub id: usize,
}

/// A place's bar, and how it was made.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Aggregated {
    pub value: f64,
    /// The figures the value came from.
    pub used: Vec<usize>,
    /// A sum included figures whose period the text did not give: they may
    /// be running totals, and the chart must say so.
    pub unknown_period: bool,
    /// Parts (`其中`) left out, as they are never set against wholes.
    pub parts_left_out: usize,
    /// Running totals left out of a sum.
    pub cumulative_left_out: usize,
}

/// Makes one value of `points` (already one report each, sorted by day).
/// `None` when nothing is left to show: only parts, or a sum of nothing.
pub fn aggregate(points: &[Point], how: Aggregate) -> Option<Aggregated> {
    let wholes: Vec<&Point> = points.iter().filter(|p| !p.part_of).collect();
    let mut out = Aggregated {
        parts_left_out: points.len() - wholes.len(),
        ..Default::default()
    };
    let largest = |ps: &[&Point]| -> Option<Point> {
        ps.iter()
            .copied()
            .copied()
            .reduce(|b, p| if p.value > b.value { p } else { b })
    };
    match how {
        Aggregate::Largest => {
            let best = largest(&wholes)?;
            out.value = best.value;
            out.used = vec![best.id];
        }
        Aggregate::Latest => {
            let last_day = wholes.iter().map(|p| p.day).max()?;
            // Several figures on the last day: the largest of them.
            let on_last: Vec<&Point> = wholes
                .iter()
                .copied()
                .filter(|p| p.day == last_day)
                .collect();
            let best = largest(&on_last)?;
            out.value = best.value;
            out.used = vec![best.id];
        }
        Aggregate::Sum => {
            // One figure per period (day): two figures of one day are two
            // tellings of that day's work, so the larger stands for it.
            let mut by_day: std::collections::BTreeMap<i64, Point> = Default::default();
            for p in &wholes {
                if p.tally == Some(Tally::Cumulative) {
                    out.cumulative_left_out += 1;
                    continue;
                }
                let e = by_day.entry(p.day).or_insert(**p);
                if p.value > e.value {
                    *e = **p;
                }
            }
            if by_day.is_empty() {
                return None;
            }
            out.unknown_period = by_day.values().any(|p| p.tally.is_none());
            out.value = by_day.values().map(|p| p.value).sum();
            out.used = by_day.values().map(|p| p.id).collect();
        }
    }
    Some(out)
}

/// What a bar chart's figures need said beside them: sums over figures of
/// unknown period, parts (其中) never added to their whole, places whose
/// figure several sources reported (counted once). The app's bars and the
/// report print the same words.
pub fn bar_caveats(ds: &crate::records::Dataset, rows: &[crate::records::BarRow]) -> Vec<String> {
    let mut caveats = Vec::new();
    if rows.iter().any(|r| r.unknown_period) {
        caveats.push(
            "合计含未注明期间的数值，可能有累计数 The sum includes figures whose period is not stated: some may be running totals"
                .to_string(),
        );
    }
    let parts: usize = rows.iter().map(|r| r.parts_left_out).sum();
    if parts > 0 {
        caveats.push(format!(
            "{parts} 个分项（其中）未计入 part figures (其中) left out: never added to their whole"
        ));
    }
    let reprinted = rows
        .iter()
        .filter(|r| r.records.iter().any(|&i| ds.source_count(i) > 1))
        .count();
    if reprinted > 0 {
        caveats.push(format!(
            "{reprinted} 个地点的数值被多处转载，只计一次 {reprinted} place(s) reported by several sources: counted once"
        ));
    }
    caveats
}

/// The kind of figure to compare after the places or records changed: the
/// current one if the places have it, else the commonest of the same
/// measure, else the commonest (`figures` comes most records first).
pub fn keep_figure(
    figures: &[(Comparable, usize)],
    current: Option<Comparable>,
) -> Option<Comparable> {
    match current {
        Some(f) if figures.iter().any(|(k, _)| *k == f) => Some(f),
        Some(f) => figures
            .iter()
            .find(|(k, _)| k.measure == f.measure)
            .or(figures.first())
            .map(|(k, _)| k.clone()),
        None => figures.first().map(|(k, _)| k.clone()),
    }
}

/// One kind of figure as bars, one per place: what the bars view shows and
/// what its export draws, worked out once for both.
pub struct BarChart {
    /// Largest first; per 10,000 residents when `per_capita`.
    pub rows: Vec<crate::records::BarRow>,
    /// The figure's unit (`户/万人` per capita).
    pub unit: String,
    /// Per 10,000 residents was asked for and applies to this unit.
    pub per_capita: bool,
    /// "name (reason)" of places left out for want of a census figure.
    pub no_population: Vec<String>,
    /// Chosen places with no such figure at all (not those above), as keys.
    pub missing: Vec<String>,
    /// The records behind the bars, bar by bar.
    pub records: Vec<crate::records::RecordId>,
}

impl BarChart {
    pub fn build(
        ds: &crate::records::Dataset,
        keys: &[String],
        what: &Comparable,
        aggregate: Aggregate,
        filter: &crate::records::Filter,
        per_capita: bool,
    ) -> Self {
        let mut rows = ds.bars(keys, what, aggregate, filter);
        let mut unit = what.unit.clone();
        let have: std::collections::HashSet<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        let missing = keys
            .iter()
            .filter(|k| !have.contains(k.as_str()))
            .cloned()
            .collect();
        // Per 10,000 residents: places without a census figure leave the
        // bars and are named with the reason, never dropped silently.
        let per_capita = per_capita && population::is_per_capita_unit(&unit);
        let mut no_population = Vec::new();
        if per_capita {
            no_population = population::bars_per_10k(ds, &mut rows);
            unit = format!("{unit}/万人");
        }
        let records = rows
            .iter()
            .flat_map(|r| r.records.iter().copied())
            .collect();
        BarChart {
            rows,
            unit,
            per_capita,
            no_population,
            missing,
            records,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::RecordDate;

    fn rec(series: Option<&str>, unit: &str, indicator: Option<&str>) -> Record {
        let line = serde_json::json!({
            "locality": "衡东县", "date": "2020-02-20", "measure": "screening",
            "value": 8000, "unit": unit, "source": "a.txt",
        });
        let mut r: Record = serde_json::from_value(line).unwrap();
        r.series = series.map(Into::into);
        r.indicator = indicator.map(Into::into);
        r
    }

    fn pt(day: i64, value: f64, tally: Option<Tally>, part_of: bool, id: usize) -> Point {
        Point {
            day,
            value,
            tally,
            part_of,
            id,
        }
    }

    #[test]
    fn bars_per_resident_name_the_places_left_out_once() {
        let line = |place: &str, path: &str, code: &str, measure: &str| {
            let v = serde_json::json!({
                "locality": place, "locality_path": serde_json::from_str::<serde_json::Value>(path).unwrap(),
                "date": "2020-02-20", "measure": measure, "series": "screening.households",
                "value": 8000, "unit": "户", "source": "a.txt", "code": code,
            });
            serde_json::from_value::<Record>(v).unwrap()
        };
        let ds = crate::records::Dataset::new(vec![
            line(
                "衡东县",
                r#"["湖南省","衡阳市","衡东县"]"#,
                "430424",
                "screening",
            ),
            line(
                "城关镇",
                r#"["湖南省","衡阳市","衡东县","城关镇"]"#,
                "430424100",
                "screening",
            ),
            line(
                "衡南县",
                r#"["湖南省","衡阳市","衡南县"]"#,
                "430422",
                "testing",
            ),
        ]);
        let keys = ds.places_with_records();
        let what = Comparable::of(ds.record(0));
        let f = crate::records::Filter::default();
        let chart = BarChart::build(&ds, &keys, &what, Aggregate::Latest, &f, true);
        assert!(chart.per_capita);
        assert_eq!(chart.unit, "户/万人");
        assert_eq!(
            chart.rows.len(),
            1,
            "the county only: {:?}",
            chart.rows.len()
        );
        assert_eq!(chart.no_population.len(), 1, "{:?}", chart.no_population);
        assert!(chart.no_population[0].starts_with("城关镇"));
        let missing: Vec<&str> = chart
            .missing
            .iter()
            .map(|k| ds.node(k).unwrap().name.as_str())
            .collect();
        assert_eq!(
            missing,
            ["衡南县"],
            "the town is named once, for its census figure"
        );
    }

    #[test]
    fn series_units_and_indicators_keep_kinds_apart() {
        let hh = Comparable::of(&rec(Some("screening.households"), "户", None));
        let people = Comparable::of(&rec(Some("screening.people"), "人", None));
        assert_ne!(hh, people, "two series are never one kind");
        let named = Comparable::of(&rec(Some("screening.people"), "名", None));
        assert_eq!(people, named, "人 and 名 count the same people");
        let visits = Comparable::of(&rec(Some("screening.people"), "人次", None));
        assert_ne!(people, visits, "人次 counts visits");
        // Without a series, the indicator's words decide.
        let a = Comparable::of(&rec(None, "个", Some("发现问题")));
        let b = Comparable::of(&rec(None, "个", Some("派出工作组")));
        assert_ne!(a, b);
        assert!(a.matches(&rec(None, "处", Some("发现问题"))));
        assert!(!a.matches(&rec(Some("inspection.problems"), "个", Some("发现问题"))));
    }

    #[test]
    fn a_reprint_is_the_same_report_and_the_code_beats_the_name() {
        let mut a = rec(Some("screening.households"), "户", None);
        let mut b = a.clone();
        b.source = "reprint.html".into();
        assert_eq!(
            ReportKey::of(&a, "湖南省/衡阳市/衡东县"),
            ReportKey::of(&b, "湖南省/衡阳市/衡东县")
        );
        a.code = Some("430424".into());
        b.code = Some("430424".into());
        assert_eq!(
            ReportKey::of(&a, "衡东县"),
            ReportKey::of(&b, "湖南省/衡阳市/衡东县")
        );
        b.date = RecordDate::parse("2020-02-21").unwrap();
        assert_ne!(ReportKey::of(&a, "衡东县"), ReportKey::of(&b, "衡东县"));
    }

    #[test]
    fn parts_are_never_added_nor_ranked() {
        let pts = [pt(1, 4692.0, None, false, 0), pt(1, 4660.0, None, true, 1)];
        for how in Aggregate::ALL {
            let a = aggregate(&pts, how).unwrap();
            assert_eq!(a.value, 4692.0, "{how:?}");
            assert_eq!(a.parts_left_out, 1);
        }
        assert!(aggregate(&pts[1..], Aggregate::Largest).is_none());
    }

    #[test]
    fn latest_largest_and_the_sum_of_periods() {
        let pts = [
            pt(1, 300.0, Some(Tally::Period), false, 0),
            pt(2, 500.0, Some(Tally::Period), false, 1),
            pt(2, 450.0, Some(Tally::Period), false, 2),
            pt(3, 2000.0, Some(Tally::Cumulative), false, 3),
            pt(4, 100.0, Some(Tally::Period), false, 4),
        ];
        assert_eq!(aggregate(&pts, Aggregate::Latest).unwrap().value, 100.0);
        assert_eq!(aggregate(&pts, Aggregate::Largest).unwrap().value, 2000.0);
        let sum = aggregate(&pts, Aggregate::Sum).unwrap();
        assert_eq!(
            sum.value, 900.0,
            "one figure per day, running totals left out"
        );
        assert_eq!(sum.cumulative_left_out, 1);
        assert!(!sum.unknown_period);
        let unknown = [pt(1, 10.0, None, false, 0), pt(2, 20.0, None, false, 1)];
        let sum = aggregate(&unknown, Aggregate::Sum).unwrap();
        assert_eq!(sum.value, 30.0);
        assert!(
            sum.unknown_period,
            "the chart must say the periods are unknown"
        );
        let only_totals = [pt(1, 10.0, Some(Tally::Cumulative), false, 0)];
        assert!(aggregate(&only_totals, Aggregate::Sum).is_none());
    }
}
