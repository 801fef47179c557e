//! Bar charts: one measure and unit, a bar per locality, largest first, the
//! figure written on each bar; and the profile, records per measure side by
//! side for the chosen localities.

use super::Command;
use super::chart::{self, measure_color, place_color};
use super::chart::{chart_frame, range_text};
use super::numeric::figure_picker;
use super::views::{Shown, ViewCtx};
use crate::compare::{Aggregate, Comparable};
use crate::records::{BarRow, Dataset, Filter, Measure, RecordId};
use egui::{Align2, Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, HLine, PlotPoint, Text};
use std::collections::BTreeMap;

/// What the bar view shows: a bar per place with figures of one kind,
/// largest first, and what the bars leave out.
pub struct BarsModel {
    pub what: Comparable,
    /// The unit on the axis (`户/万人` per resident).
    pub unit: String,
    /// Bars per 10,000 residents.
    pub per_capita: bool,
    pub rows: Vec<BarRow>,
    /// The rows' names, told apart where two places share one.
    pub names: Vec<String>,
    /// Places left out per resident, with the reason.
    pub no_population: Vec<String>,
    /// Chosen places with no such figure.
    pub missing: Vec<String>,
    /// What the bars cannot vouch for, said on the chart.
    pub caveats: Vec<String>,
    /// The records behind the bars, bar by bar (largest first).
    pub records: Vec<RecordId>,
    pub range_text: String,
}

impl BarsModel {
    pub fn build(
        ds: &Dataset,
        selection: &[String],
        what: &Comparable,
        aggregate: Aggregate,
        per_capita: bool,
        filter: &Filter,
    ) -> Self {
        let c = crate::compare::BarChart::build(ds, selection, what, aggregate, filter, per_capita);
        BarsModel {
            what: what.clone(),
            names: chart::display_names(
                ds,
                &c.rows.iter().map(|r| r.key.clone()).collect::<Vec<_>>(),
            ),
            missing: crate::report::model::display_names_among(ds, selection, &c.missing),
            caveats: crate::compare::bar_caveats(ds, &c.rows),
            range_text: range_text(ds, &c.records),
            unit: c.unit,
            per_capita: c.per_capita,
            no_population: c.no_population,
            records: c.records,
            rows: c.rows,
        }
    }
}

/// What the profile shows: per measure, each place's records.
pub struct ProfileModel {
    pub names: Vec<String>,
    /// Per chosen place (selection order): its records per measure.
    pub profile: Vec<(String, BTreeMap<Measure, Vec<RecordId>>)>,
    /// The measures any place has, in table order: the rows.
    pub present: Vec<Measure>,
    /// The records shown: place by place, measure by measure.
    pub records: Vec<RecordId>,
    /// The most records of one place in one measure.
    pub max: usize,
    pub range_text: String,
}

impl ProfileModel {
    pub fn build(ds: &Dataset, keys: &[String], filter: &Filter) -> Self {
        let profile = ds.profile(keys, filter);
        let (present, records) = Dataset::profile_contents(&profile);
        let max = profile
            .iter()
            .flat_map(|(_, m)| m.values().map(|v| v.len()))
            .max()
            .unwrap_or(1);
        ProfileModel {
            names: chart::display_names(ds, keys),
            range_text: range_text(ds, &records),
            profile,
            present,
            records,
            max,
        }
    }
}

/// The bar view: a bar per place, largest first, its figure written on it.
pub fn bars_controls(ui: &mut Ui, ctx: &ViewCtx<'_>, cmds: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        figure_picker(ui, ctx, cmds);
        ui.label("每地取 per place:");
        let mut aggregate = ctx.aggregate;
        egui::ComboBox::from_id_salt("aggregate")
            .selected_text(aggregate.label())
            .show_ui(ui, |ui| {
                for a in Aggregate::ALL {
                    ui.selectable_value(&mut aggregate, a, a.label());
                }
            })
            .response
            .on_hover_text(
                "latest: the figure of the last date\nlargest: the biggest figure reported\nsum of periods: one-day and one-round figures of distinct days added; running totals and parts (其中) are never added",
            );
        if aggregate != ctx.aggregate {
            cmds.push(Command::SetAggregate(aggregate));
        }
        let fits = ctx
            .figure
            .is_some_and(|k| crate::compare::population::is_per_capita_unit(&k.unit));
        let mut per_capita = ctx.per_capita;
        if ui
            .add_enabled(
                fits,
                egui::Checkbox::new(&mut per_capita, "每万常住人口 per 10,000 residents"),
            )
            .on_hover_text("People and households per 10,000 residents of the 2020 census (counties, cities, provinces)")
            .on_disabled_hover_text("Only counts of people or households go per resident")
            .changed()
        {
            cmds.push(Command::SetPerCapita(per_capita));
        }
    });
    ui.label(
        RichText::new("点击柱子看出处 click a bar for its evidence")
            .weak()
            .size(12.0),
    );
}

/// The bar view: a bar per place, largest first, its figure written on it.
pub fn bars_ui(ui: &mut Ui, ctx: &ViewCtx<'_>, model: &BarsModel) -> Shown {
    let mut shown = Shown::default();
    if model.rows.is_empty() {
        let why = format!(
            "无人口数 No census figure: {}. 取消“每万常住人口”看原数。 Untick per 10,000 residents for the counts.",
            model.no_population.join("、")
        );
        chart::no_chart(
            ui,
            "这些地点没有人口数 No census figures for these places",
            &why,
        );
        return shown;
    }
    let (title, subtitle) = bars_titles(ctx, model);
    let mut clicked: Option<Vec<RecordId>> = None;
    let mut hits = Vec::new();
    let frame = chart_frame(ui, &title, &subtitle, |ui| {
        bars_legend_and_notes(ui, model);
        let resp = bars_plot(ui, model);
        hits = bar_hits(&resp, &model.rows);
        if ctx.exporting {
            return;
        }
        clicked = bar_under_pointer(ui, &resp, model);
    });
    shown.hits = hits;
    shown.rect = Some(frame);
    if let Some(ids) = clicked {
        shown.commands.push(Command::ShowDetails(ids));
    }
    shown
}

/// The chart's title (what, how per place, per resident) and subtitle (how many, when).
fn bars_titles(ctx: &ViewCtx<'_>, model: &BarsModel) -> (String, String) {
    let title = format!(
        "{}（{}）{}",
        model.what.label(),
        ctx.aggregate.label(),
        if model.per_capita {
            " · 每万常住人口 per 10,000 residents (2020 census)"
        } else {
            ""
        }
    );
    let subtitle = format!(
        "{} 个地点 places · {} 条记录 records · {}",
        model.rows.len(),
        model.records.len(),
        model.range_text
    );
    (title, subtitle)
}

/// Above the bars: the legend, then what the bars leave out and cannot vouch for.
fn bars_legend_and_notes(ui: &mut Ui, model: &BarsModel) {
    let measure = model.what.measure;
    let color = measure_color(measure);
    chart::legend(
        ui,
        &[
            (
                color,
                format!("{} ({})", measure.label(), model.unit),
                false,
            ),
            (
                chart::lighter(color),
                "浅色 ≈ 约数 pale ≈ approximate".into(),
                false,
            ),
        ],
    );
    if !model.missing.is_empty() {
        ui.label(
            RichText::new(format!(
                "无此项 No such figure: {}",
                model.missing.join("、")
            ))
            .size(12.0)
            .color(Color32::from_gray(110)),
        );
    }
    if !model.no_population.is_empty() {
        ui.label(
            RichText::new(format!(
                "无人口数，未列入 No census figure, not shown: {}",
                model.no_population.join("、")
            ))
            .size(12.0)
            .color(Color32::from_gray(110)),
        );
    }
    for c in &model.caveats {
        ui.label(
            RichText::new(format!("注意 {c}"))
                .size(12.0)
                .color(Color32::from_rgb(150, 90, 0)),
        );
    }
}

/// The plot itself: a horizontal bar per place (pale when approximate) with
/// its figure written right of it.
fn bars_plot(ui: &mut Ui, model: &BarsModel) -> egui_plot::PlotResponse<()> {
    let (rows, names, unit) = (&model.rows, &model.names, &model.unit);
    let measure = model.what.measure;
    let color = measure_color(measure);
    let n = rows.len();
    let max = rows.iter().map(|r| r.value).fold(0.0f64, f64::max);
    let name_width =
        names.iter().map(|s| s.chars().count()).max().unwrap_or(2) as f32 * 14.0 + 12.0;
    // Bars no thicker than ~60 points, rows no thinner than ~26.
    let height = (n as f32 * 64.0 + 70.0)
        .min(ui.available_height())
        .max(n as f32 * 26.0 + 50.0)
        .max(140.0);
    let bars: Vec<Bar> = rows
        .iter()
        .enumerate()
        .map(|(rank, r)| {
            let fill = if r.approx {
                chart::lighter(color)
            } else {
                color
            };
            Bar::new((n - 1 - rank) as f64, r.value)
                .width(0.7)
                .fill(fill)
                .stroke(egui::Stroke::new(1.0, color))
                .name(&names[rank])
        })
        .collect();
    let room = bars_label_room(ui, model, name_width);
    let plot = chart::fixed(chart::rows_plot("bars", height, names.clone(), name_width))
        .include_x(0.0)
        .include_x(max * room)
        .include_y(-0.6)
        .include_y(n as f64 - 0.4)
        .x_grid_spacer(chart::nice_grid)
        .x_axis_formatter(|m, _| chart::short_number(m.value))
        .x_axis_label(format!("{} ({})", measure.zh(), unit));
    plot.show(ui, |pui| {
        pui.bar_chart(
            BarChart::new(measure.label(), bars)
                .color(color)
                .horizontal()
                .allow_hover(false),
        );
        for (rank, r) in rows.iter().enumerate() {
            let label = format!(" {}", chart::figure_with_unit(r.value, unit, r.approx));
            pui.text(
                Text::new(
                    "",
                    PlotPoint::new(r.value, (n - 1 - rank) as f64),
                    RichText::new(label)
                        .size(13.0)
                        .color(Color32::from_gray(20)),
                )
                .anchor(Align2::LEFT_CENTER)
                .allow_hover(false),
            );
        }
    })
}

/// How far the x axis runs past the longest bar, as a factor of it.
fn bars_label_room(ui: &Ui, model: &BarsModel, name_width: f32) -> f64 {
    // Room right of the longest bar for its figure, however narrow the
    // chart (the details panel takes a third of the window): the label's
    // width in points as a share of the plot's.
    let label_px = model
        .rows
        .iter()
        .map(|r| {
            chart::figure_with_unit(r.value, &model.unit, r.approx)
                .chars()
                .count()
        })
        .max()
        .unwrap_or(4) as f32
        * 9.0
        + 12.0;
    let plot_px = (ui.available_width() - name_width - 24.0).max(80.0);
    let share = (label_px / plot_px).min(0.8) as f64;
    (1.0 / (1.0 - share)).max(1.3)
}

/// Where each bar was drawn, with the records behind it.
fn bar_hits(
    resp: &egui_plot::PlotResponse<()>,
    rows: &[BarRow],
) -> Vec<(egui::Rect, Vec<RecordId>)> {
    let n = rows.len();
    rows.iter()
        .enumerate()
        .map(|(rank, r)| {
            let row = (n - 1 - rank) as f64;
            let a = resp
                .transform
                .position_from_point(&PlotPoint::new(0.0, row + 0.35));
            let b = resp
                .transform
                .position_from_point(&PlotPoint::new(r.value, row - 0.35));
            (
                egui::Rect::from_two_pos(a, b).intersect(resp.response.rect),
                r.records.clone(),
            )
        })
        .collect()
}

/// The bar under the pointer: outlined, its tooltip shown; its records when clicked.
fn bar_under_pointer(
    ui: &mut Ui,
    resp: &egui_plot::PlotResponse<()>,
    model: &BarsModel,
) -> Option<Vec<RecordId>> {
    let (rows, names, unit) = (&model.rows, &model.names, &model.unit);
    let n = rows.len();
    // Which bar is under the pointer: its row, anywhere along it.
    let pos = resp.response.hover_pos()?;
    let p = resp.transform.value_from_position(pos);
    let row = p.y.round();
    if !((p.y - row).abs() <= 0.4 && row >= 0.0 && (row as usize) < n) {
        return None;
    }
    let rank = n - 1 - row as usize;
    let r = &rows[rank];
    let top = resp
        .transform
        .position_from_point(&PlotPoint::new(0.0, row + 0.35));
    let bottom = resp
        .transform
        .position_from_point(&PlotPoint::new(r.value, row - 0.35));
    ui.painter().with_clip_rect(resp.response.rect).rect_stroke(
        egui::Rect::from_two_pos(top, bottom),
        0.0,
        egui::Stroke::new(2.0, Color32::BLACK),
        egui::StrokeKind::Outside,
    );
    let clicked = resp.response.clicked().then(|| r.records.clone());
    egui::Tooltip::always_open(
        ui.ctx().clone(),
        ui.layer_id(),
        egui::Id::unique("bar-tooltip"),
        egui::PopupAnchor::Pointer,
    )
    .show(|ui| {
        ui.label(RichText::new(&names[rank]).strong());
        ui.label(
            RichText::new(chart::figure_with_unit(r.value, unit, r.approx))
                .size(18.0)
                .strong(),
        );
        ui.label(format!(
            "{} 条记录 records behind this bar · {} 个来源 sources",
            r.records.len(),
            r.sources
        ));
        if r.unknown_period {
            ui.label("注意：期间未注明 period not stated");
        }
        ui.weak("点击查看出处 click for the evidence");
    });
    clicked
}

/// Where the profile's bars sit: a row per measure, within it a bar per place.
#[derive(Clone, Copy)]
struct ProfileGrid {
    /// Places (bars per row).
    nl: usize,
    /// Measures (rows).
    nm: usize,
    /// One bar's share of a row.
    w: f64,
}

impl ProfileGrid {
    /// The share of a row its group of bars takes.
    const GROUP: f64 = 0.9;

    fn of(model: &ProfileModel) -> Self {
        let nl = model.profile.len();
        ProfileGrid {
            nl,
            nm: model.present.len(),
            w: Self::GROUP / nl as f64,
        }
    }

    // Measure rows top to bottom in table order; places within a row top to bottom in selection order.
    fn row_y(self, mi: usize) -> f64 {
        (self.nm - 1 - mi) as f64
    }

    fn bar_y(self, mi: usize, li: usize) -> f64 {
        self.row_y(mi) + Self::GROUP / 2.0 - self.w * (li as f64 + 0.5)
    }
}

/// The profile: per measure, each place's record count side by side.
pub fn profile_ui(ui: &mut Ui, ctx: &ViewCtx<'_>, model: &ProfileModel) -> Shown {
    let mut shown = Shown::default();
    {
        ui.label(RichText::new("每个措施下，各地点的记录条数并排显示；点击柱子看这些记录 · records per measure, side by side; click a bar for the records").weak().size(12.0));
    }
    let grid = ProfileGrid::of(model);
    let title = format!(
        "各地记录概况 Records per measure · {} 个地点 places",
        grid.nl
    );
    let subtitle = format!(
        "{} 条记录 records · {}",
        model.records.len(),
        model.range_text
    );
    let legend: Vec<(Color32, String, bool)> = model
        .names
        .iter()
        .enumerate()
        .map(|(i, n)| (place_color(i), n.clone(), false))
        .collect();
    let mut clicked: Option<Vec<RecordId>> = None;
    let mut hits = Vec::new();
    let frame = chart_frame(ui, &title, &subtitle, |ui| {
        chart::legend(ui, &legend);
        let resp = profile_plot(ui, model, grid);
        hits = profile_hits(&resp, model, grid);
        if ctx.exporting {
            return;
        }
        clicked = profile_bar_under_pointer(ui, &resp, model, grid);
    });
    shown.hits = hits;
    shown.rect = Some(frame);
    if let Some(ids) = clicked {
        shown.commands.push(Command::ShowDetails(ids));
    }
    shown
}

/// The plot: lines between the measures' rows, a bar series per place, and
/// each bar's count beside it where the bars are thick enough to read.
fn profile_plot(
    ui: &mut Ui,
    model: &ProfileModel,
    grid: ProfileGrid,
) -> egui_plot::PlotResponse<()> {
    let (profile, present, names) = (&model.profile, &model.present, &model.names);
    let ProfileGrid { nl, nm, w } = grid;
    let height = ui
        .available_height()
        // Bars of a few pixels read as lines: rather scroll than squeeze.
        .max(nm as f32 * (nl as f32 * 8.0 + 6.0) + 50.0)
        .max(160.0);
    let labels: Vec<String> = present.iter().map(|m| m.zh().to_string()).collect();
    let max = model.max as f64;
    // Each measure's label sits in the middle of its group of bars, and
    // lines run between groups, not through them: a line through the
    // label made the group's upper bars read as the row above.
    // No margin above the first group and below the last: in a tall
    // chart (many places) 5 % of it is a screenful of nothing.
    let plot = chart::fixed(chart::rows_plot("profile", height, labels, 70.0))
        .set_margin_fraction(egui::vec2(0.05, 0.0))
        .show_grid([true, false])
        .include_x(0.0)
        .include_x(max * 1.2)
        .include_y(-0.5)
        .include_y(nm as f64 - 0.5)
        .x_grid_spacer(chart::nice_grid)
        .x_axis_label("记录条数 number of records");
    // The bar's thickness in points: labels where they fit.
    let bar_px = (height - 50.0) / nm as f32 * w as f32 * 0.9;
    let label_size = (bar_px * 0.95).clamp(9.0, 13.0);
    plot.show(ui, |pui| {
        for k in 0..nm.saturating_sub(1) {
            pui.hline(
                HLine::new("", k as f64 + 0.5)
                    .color(Color32::from_gray(190))
                    .width(1.0),
            );
        }
        for (li, (_, per)) in profile.iter().enumerate() {
            let bars: Vec<Bar> = present
                .iter()
                .enumerate()
                .filter_map(|(mi, m)| {
                    let c = per.get(m).map_or(0, |v| v.len());
                    (c > 0).then(|| {
                        Bar::new(grid.bar_y(mi, li), c as f64)
                            .width(w * 0.9)
                            .fill(place_color(li))
                            .stroke(egui::Stroke::new(0.5, chart::darker(place_color(li))))
                    })
                })
                .collect();
            pui.bar_chart(
                BarChart::new(names[li].clone(), bars)
                    .color(place_color(li))
                    .horizontal()
                    .allow_hover(false),
            );
            if bar_px >= 7.0 {
                for (mi, m) in present.iter().enumerate() {
                    let c = per.get(m).map_or(0, |v| v.len());
                    if c > 0 {
                        pui.text(
                            Text::new(
                                "",
                                PlotPoint::new(c as f64, grid.bar_y(mi, li)),
                                RichText::new(format!(" {c}"))
                                    .size(label_size)
                                    .color(Color32::from_gray(20)),
                            )
                            .anchor(Align2::LEFT_CENTER)
                            .allow_hover(false),
                        );
                    }
                }
            }
        }
    })
}

/// Where each (measure, place) bar was drawn, with its records.
fn profile_hits(
    resp: &egui_plot::PlotResponse<()>,
    model: &ProfileModel,
    grid: ProfileGrid,
) -> Vec<(egui::Rect, Vec<RecordId>)> {
    let mut hits = Vec::new();
    for (li, (_, per)) in model.profile.iter().enumerate() {
        for (mi, m) in model.present.iter().enumerate() {
            if let Some(ids) = per.get(m) {
                let y = grid.bar_y(mi, li);
                let a = resp
                    .transform
                    .position_from_point(&PlotPoint::new(0.0, y + grid.w * 0.45));
                let b = resp
                    .transform
                    .position_from_point(&PlotPoint::new(ids.len() as f64, y - grid.w * 0.45));
                hits.push((
                    egui::Rect::from_two_pos(a, b).intersect(resp.response.rect),
                    ids.clone(),
                ));
            }
        }
    }
    hits
}

/// The bar under the pointer: its tooltip shown; its records when clicked.
fn profile_bar_under_pointer(
    ui: &mut Ui,
    resp: &egui_plot::PlotResponse<()>,
    model: &ProfileModel,
    grid: ProfileGrid,
) -> Option<Vec<RecordId>> {
    let (profile, present, names) = (&model.profile, &model.present, &model.names);
    let ProfileGrid { nl, nm, w } = grid;
    let pos = resp.response.hover_pos()?;
    let p = resp.transform.value_from_position(pos);
    // Which (measure, place) bar: undo bar_y.
    let row = p.y.round();
    if !(row >= 0.0 && (row as usize) < nm) {
        return None;
    }
    let mi = nm - 1 - row as usize;
    let li_f = (grid.row_y(mi) + ProfileGrid::GROUP / 2.0 - p.y) / w - 0.5;
    let li = li_f.round();
    if !(li >= 0.0 && (li as usize) < nl && (li_f - li).abs() <= 0.45) {
        return None;
    }
    let li = li as usize;
    let ids = profile[li].1.get(&present[mi]).cloned().unwrap_or_default();
    if ids.is_empty() || p.x > ids.len() as f64 + model.max as f64 * 0.05 {
        return None;
    }
    let clicked = resp.response.clicked().then(|| ids.clone());
    egui::Tooltip::always_open(
        ui.ctx().clone(),
        ui.layer_id(),
        egui::Id::unique("profile-tooltip"),
        egui::PopupAnchor::Pointer,
    )
    .show(|ui| {
        ui.label(RichText::new(&names[li]).strong());
        ui.label(format!(
            "{}: {} 条记录 records",
            present[mi].label(),
            ids.len()
        ));
        ui.weak("点击查看 click to see them");
    });
    clicked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::View;
    use crate::app::views::tests::{all_measures, ctx, keys, rec};
    use crate::app::views::{Empty, Model};

    fn data() -> Dataset {
        Dataset::new(vec![
            rec("衡东县", "2020-02-09", Measure::Screening, 52000.0, "户"),
            rec("衡东县", "2020-02-03", Measure::Checkpoint, 46.0, "个"),
            rec("耒阳市", "2020-02-14", Measure::Screening, 61000.0, "户"),
            rec("衡东县", "2020-02-21", Measure::Screening, 98000.0, "户"),
            rec("衡南县", "2020-02-22", Measure::Checkpoint, 12.0, "个"),
        ])
    }

    #[test]
    fn bars_show_the_largest_first_with_the_records_behind_each() {
        let ds = data();
        let sel = keys(&ds, &["耒阳市", "衡东县", "衡南县"]);
        let f = all_measures();
        let what = Comparable::of(ds.record(0));
        let Model::Bars(m) = Model::build(View::Bars, &ctx(&ds, &sel, &f, Some(&what))) else {
            panic!("bars")
        };
        let names: Vec<&str> = m.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["衡东县", "耒阳市"], "98,000 (latest) before 61,000");
        assert_eq!(
            m.records,
            [3, 0, 2],
            "the latest figure first, then its place's others"
        );
        assert_eq!(m.missing, ["衡南县"]);
        let c = ctx(&ds, &sel, &f, Some(&what));
        let largest = ViewCtx {
            aggregate: Aggregate::Largest,
            ..c
        };
        let Model::Bars(m) = Model::build(View::Bars, &largest) else {
            panic!("bars")
        };
        assert_eq!(m.rows[0].value, 98000.0);
        let none = keys(&ds, &["衡南县"]);
        let m = Model::build(View::Bars, &ctx(&ds, &none, &f, Some(&what)));
        assert!(matches!(m, Model::Empty(Empty::NoSuchFigure)));
    }

    #[test]
    fn the_profile_counts_records_per_measure_and_place() {
        let ds = data();
        let sel = keys(&ds, &["衡东县", "衡南县"]);
        let f = all_measures();
        let Model::Profile(m) = Model::build(View::Profile, &ctx(&ds, &sel, &f, None)) else {
            panic!("profile")
        };
        assert_eq!(m.present, [Measure::Screening, Measure::Checkpoint]);
        assert_eq!(
            m.records,
            [0, 3, 1, 4],
            "衡东县's screening, its checkpoints, then 衡南县's"
        );
        assert_eq!(m.max, 2);
        assert_eq!(m.names, ["衡东县", "衡南县"]);
    }
}
