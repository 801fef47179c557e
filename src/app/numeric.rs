//! The numeric mode: a small plot per place of one kind of figure (a series
//! in one unit), all on the timeline's linked time axis.

use super::Command;
use super::chart::{
    self, Mark, chart_frame, date_grid, date_label, measure_color, range_text, x_range,
};
use super::timeline::time_group;
use super::views::{Shown, ViewCtx};
use crate::compare::Comparable;
use crate::records::{Dataset, Filter, RecordId, SeriesPoint};
use egui::{Color32, RichText, Ui};
use egui_plot::{Line, Plot, PlotPoint, PlotPoints, Points};
use std::sync::Arc;

/// The series picker of the numeric and bar views: a choice is a command.
pub fn figure_picker(ui: &mut Ui, ctx: &ViewCtx<'_>, cmds: &mut Vec<Command>) {
    let current = ctx.figure;
    let text = current.map_or("—".into(), |k| k.label());
    ui.label("指标 Series:");
    egui::ComboBox::from_id_salt("figure").width(320.0).selected_text(text).show_ui(ui, |ui| {
        for (k, c) in ctx.figures {
            let on = current == Some(k);
            if ui.selectable_label(on, format!("{}  ({} records)", k.label(), c)).clicked() && !on {
                cmds.push(Command::SetFigure(k.clone()));
            }
        }
    })
    .response
    .on_hover_text("One series in one unit at a time: figures that count other things (teams sent, problems found, people visited) are never added or compared on one axis");
}

/// What the numeric view shows: one series per place of one kind of figure.
pub struct NumericModel {
    pub what: Comparable,
    pub names: Vec<String>,
    /// Each chosen place's points, by date (empty: no such figures).
    pub series: Vec<Vec<SeriesPoint>>,
    /// The places with points, in selection order: a plot each.
    pub with: Vec<usize>,
    /// The names of the places without.
    pub without: Vec<String>,
    /// The records shown: place by place, each by date.
    pub records: Vec<RecordId>,
    /// The largest value (a shared y axis).
    pub gmax: f64,
    pub x_range: (f64, f64),
    pub range_text: String,
    /// Per place: the line, the exact and the approximate points.
    plots: Vec<[Vec<PlotPoint>; 3]>,
}

impl NumericModel {
    pub fn build(ds: &Dataset, keys: &[String], what: &Comparable, filter: &Filter) -> Self {
        let names = chart::display_names(ds, keys);
        let series: Vec<Vec<SeriesPoint>> =
            keys.iter().map(|k| ds.series(k, what, filter)).collect();
        let with: Vec<usize> = (0..keys.len()).filter(|&i| !series[i].is_empty()).collect();
        let without = (0..keys.len())
            .filter(|&i| series[i].is_empty())
            .map(|i| names[i].clone())
            .collect();
        let records: Vec<RecordId> = with
            .iter()
            .flat_map(|&i| series[i].iter().map(|p| p.record))
            .collect();
        let gmax = series
            .iter()
            .flatten()
            .map(|p| p.value)
            .fold(0.0f64, f64::max);
        let point = |p: &SeriesPoint| PlotPoint::new(p.day as f64, p.value);
        let plots = series
            .iter()
            .map(|pts| {
                let approx = |p: &&SeriesPoint| ds.record(p.record).approx;
                [
                    pts.iter().map(point).collect(),
                    pts.iter().filter(|p| !approx(p)).map(point).collect(),
                    pts.iter().filter(approx).map(point).collect(),
                ]
            })
            .collect();
        NumericModel {
            what: what.clone(),
            names,
            x_range: x_range(ds, &records),
            range_text: range_text(ds, &records),
            series,
            with,
            without,
            records,
            gmax,
            plots,
        }
    }
}

/// The numeric view's controls: the series, one y scale or one per place.
pub fn numeric_controls(ui: &mut Ui, ctx: &ViewCtx<'_>, cmds: &mut Vec<Command>) {
    let mut uniform = ctx.uniform_y;
    ui.horizontal_wrapped(|ui| {
        figure_picker(ui, ctx, cmds);
        if ui
            .checkbox(&mut uniform, "统一纵轴 same y scale")
            .on_hover_text("All small plots share one y range, so heights compare")
            .changed()
        {
            cmds.push(Command::SetUniformY(uniform));
        }
    });
}

/// The numeric view: a small plot per place, on linked time axes.
pub fn numeric_ui(ui: &mut Ui, ctx: &ViewCtx<'_>, model: &NumericModel) -> Shown {
    let mut shown = Shown::default();
    let ds = ctx.data;
    let what = &model.what;
    let names = &model.names;
    let title = format!("{} — 各地数值 figures by place", what.label());
    let subtitle = format!(
        "{} 条记录 records · {}{}",
        model.records.len(),
        model.range_text,
        if ctx.uniform_y {
            " · 统一纵轴 same y scale"
        } else {
            ""
        }
    );
    let mut clicked = None;
    let mut all_marks: Vec<Mark> = Vec::new();
    let frame = chart_frame(ui, &title, &subtitle, |ui| {
        numeric_legend(ui, model);
        let avail = ui.available_height();
        let each = ((avail - 8.0) / model.with.len() as f32 - 26.0).clamp(90.0, 220.0);
        for (row, &i) in model.with.iter().enumerate() {
            let pts = &model.series[i];
            ui.label(
                RichText::new(format!("{}  ·  {} 条 records", names[i], pts.len()))
                    .strong()
                    .color(Color32::from_gray(30)),
            );
            // A plot scrolled out of sight costs its space only.
            let space =
                egui::Rect::from_min_size(ui.cursor().min, egui::vec2(ui.available_width(), each));
            if !ui.is_rect_visible(space) {
                ui.allocate_space(space.size());
                continue;
            }
            let resp = small_plot(ui, ctx, model, row, i, each);
            let marks: Vec<Mark> = pts
                .iter()
                .map(|p| Mark {
                    pos: resp
                        .transform
                        .position_from_point(&PlotPoint::new(p.day as f64, p.value)),
                    record: p.record,
                })
                .collect();
            if !ctx.exporting {
                hover_and_click(ui, &resp.response, &marks, ds, &mut clicked);
            }
            all_marks.extend(marks);
        }
    });
    shown.marks = Arc::new(all_marks);
    shown.rect = Some(frame);
    if let Some(ids) = clicked {
        shown.commands.push(Command::ShowDetails(ids));
    }
    shown
}

/// Above the small plots: the legend, and the places without such figures.
fn numeric_legend(ui: &mut Ui, model: &NumericModel) {
    let measure = model.what.measure;
    let (color, unit) = (measure_color(measure), &model.what.unit);
    chart::legend(
        ui,
        &[
            (color, format!("{} ({})", measure.label(), unit), false),
            (color, "空心 = 约数 hollow = approximate".into(), true),
        ],
    );
    if !model.without.is_empty() {
        ui.label(
            RichText::new(format!(
                "无此指标 No such figures: {}",
                model.without.join("、")
            ))
            .size(12.0)
            .color(Color32::from_gray(110)),
        );
    }
}

/// One place's small plot: its figures joined by a pale line, hollow where approximate.
fn small_plot(
    ui: &mut Ui,
    ctx: &ViewCtx<'_>,
    model: &NumericModel,
    row: usize,
    i: usize,
    each: f32,
) -> egui_plot::PlotResponse<()> {
    let color = measure_color(model.what.measure);
    let (x0, x1) = model.x_range;
    let mut plot = chart::along_time(Plot::new(("numeric", row)).height(each), time_group())
        .x_grid_spacer(date_grid)
        .x_axis_formatter(date_label)
        .y_grid_spacer(chart::nice_grid)
        .y_axis_formatter(|m, _| chart::short_number(m.value))
        .y_axis_min_width(48.0)
        .auto_bounds([false, true])
        .default_x_bounds(x0, x1)
        .include_y(0.0);
    if ctx.reset_plots {
        plot = plot.reset();
    }
    if ctx.uniform_y {
        plot = plot.include_y(model.gmax * 1.08);
    }
    let [line, exact, approx] = &model.plots[i];
    plot.show(ui, |pui| {
        pui.line(
            Line::new("", PlotPoints::Borrowed(line))
                .color(chart::lighter(color))
                .width(1.5)
                .allow_hover(false),
        );
        pui.points(
            Points::new("exact", PlotPoints::Borrowed(exact))
                .color(color)
                .radius(4.5)
                .allow_hover(false),
        );
        pui.points(
            Points::new("approx", PlotPoints::Borrowed(approx))
                .color(color)
                .filled(false)
                .radius(4.5)
                .allow_hover(false),
        );
    })
}

/// Tooltip over the mark under the pointer, ring around it, and the marks
/// a click landed on: the one under the pointer first, then the others of
/// its stack (same place, measure and day), to step through. For the
/// small plots, whose marks are few (one place's figures of one kind).
fn hover_and_click(
    ui: &Ui,
    resp: &egui::Response,
    marks: &[Mark],
    ds: &Dataset,
    clicked: &mut Option<Vec<RecordId>>,
) {
    let Some(pointer) = resp.hover_pos() else {
        return;
    };
    let Some(m) = chart::nearest(marks, pointer, 9.0) else {
        return;
    };
    ui.painter().with_clip_rect(resp.rect).circle_stroke(
        m.pos,
        8.0,
        egui::Stroke::new(2.0, Color32::BLACK),
    );
    let stack_of = |id: RecordId| (ds.key_of(id), ds.record(id).measure, ds.day(id));
    let here = stack_of(m.record);
    let mut near: Vec<(f32, RecordId)> = marks
        .iter()
        .filter(|k| stack_of(k.record) == here)
        .map(|k| (k.pos.distance(m.pos), k.record))
        .collect();
    near.sort_by(|a, b| a.0.total_cmp(&b.0));
    if resp.clicked() {
        *clicked = Some(near.iter().map(|&(_, r)| r).collect());
    }
    let more = near.len().saturating_sub(1);
    egui::Tooltip::always_open(
        ui.ctx().clone(),
        ui.layer_id(),
        egui::Id::unique("mark-tooltip"),
        egui::PopupAnchor::Pointer,
    )
    .show(|ui| {
        chart::record_tooltip(ui, ds, m.record);
        if more > 0 {
            ui.weak(format!(
                "同日另有 {more} 条 {more} more that day: click to step through"
            ));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::View;
    use crate::app::views::Model;
    use crate::app::views::tests::{all_measures, ctx, data, keys};

    #[test]
    fn the_figures_view_shows_one_kind_place_by_place() {
        let ds = data();
        let sel = keys(&ds, &["衡东县", "耒阳市"]);
        let f = all_measures();
        let what = Comparable::of(ds.record(0));
        let Model::Numeric(m) = Model::build(View::Numeric, &ctx(&ds, &sel, &f, Some(&what)))
        else {
            panic!("figures")
        };
        assert_eq!(
            m.records,
            [0, 3, 2],
            "衡东县's screening by date, then 耒阳市's"
        );
        assert_eq!(m.with, [0, 1]);
        assert_eq!(m.gmax, 98000.0);
        let checkpoints = Comparable::of(ds.record(1));
        let Model::Numeric(m) =
            Model::build(View::Numeric, &ctx(&ds, &sel, &f, Some(&checkpoints)))
        else {
            panic!("figures")
        };
        assert_eq!(m.records, [1]);
        assert_eq!(m.without, ["耒阳市"], "a place without the figure is named");
    }
}
