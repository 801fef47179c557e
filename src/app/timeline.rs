//! Side-by-side timelines: a lane per locality on one time axis, a mark per
//! record; and the numeric mode, a small plot per locality for one measure
//! and unit, all on linked time axes.

use super::chart::{self, Mark, date_grid, date_label, measure_color};
use super::{Command, CountyLens, View};
use crate::records::{DateBasis, Measure, RecordDate, RecordId};
use egui::{Color32, RichText, Ui};
use egui_plot::{HLine, Line, MarkerShape, Plot, PlotPoints, Points};
use std::collections::BTreeMap;

/// The plots of both modes share this time axis, so zoom carries over.
pub fn time_group() -> egui::Id {
    egui::Id::unique("countylens-time-axis")
}

const NAV_HINT: &str = "拖动平移 drag to pan · Ctrl+滚轮缩放 Ctrl+wheel to zoom · 双击复原 double-click to reset · 点击标记看出处 click a mark for its evidence";

/// Checks shared by every view: is there anything to chart? Shows the
/// empty state and returns false when not.
pub fn has_something(ui: &mut Ui, app: &mut CountyLens) -> bool {
    if app.data.is_empty() {
        let hint = if app.is_loading() {
            "正在读取文件夹… Reading the folder…"
        } else {
            "点击 “打开文件夹 Open folder…” 或把文件夹拖到窗口上。\nClick “Open folder…” or drop a folder on this window: records (.jsonl, .csv) and news pages (.txt, .html) are read."
        };
        chart::no_chart(ui, app, "还没有记录 No records yet", hint);
        return false;
    }
    if app.selection.is_empty() {
        chart::no_chart(
            ui,
            app,
            "请在左侧勾选地点 Tick places on the left",
            "勾选两个或更多地点即可并排比较。\nTick two or more places in the list on the left to compare them side by side.",
        );
        return false;
    }
    if app.filter.measures.is_empty() {
        chart::no_chart(
            ui,
            app,
            "没有选择措施 No measure chosen",
            "在左侧“措施 Measures”中勾选至少一项。\nTick at least one measure on the left.",
        );
        return false;
    }
    true
}

fn nothing_in_filter(ui: &mut Ui, app: &mut CountyLens) {
    chart::no_chart(
        ui,
        app,
        "这些地点在所选措施和日期内没有记录 No records for these places",
        "试试其他措施、放宽日期，或勾选别的地点。\nTry other measures, a wider date range, or other places.",
    );
}

/// The time range to show: the records' days with a margin.
pub fn x_range(app: &CountyLens, ids: &[RecordId]) -> (f64, f64) {
    let (lo, hi) = ids
        .iter()
        .map(|&i| app.data.day(i))
        .fold((i64::MAX, i64::MIN), |(a, b), d| (a.min(d), b.max(d)));
    if lo > hi {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) as f64 * 0.04).max(3.0);
    (lo as f64 - pad, hi as f64 + pad)
}

/// The date range of the filter or of the data, for subtitles.
pub fn range_text(app: &CountyLens, ids: &[RecordId]) -> String {
    let days = ids.iter().map(|&i| app.data.day(i));
    let (lo, hi) = days.fold((i64::MAX, i64::MIN), |(a, b), d| (a.min(d), b.max(d)));
    if lo > hi {
        return String::new();
    }
    format!(
        "{} – {}",
        RecordDate::from_day_number(lo),
        RecordDate::from_day_number(hi)
    )
}

pub fn timeline_ui(ui: &mut Ui, app: &mut CountyLens, exporting: bool) -> Vec<Command> {
    let mut cmds = Vec::new();
    if !has_something(ui, app) {
        return cmds;
    }
    let ds = app.data.clone();
    let keys = app.selection.clone();
    let names = chart::display_names(&ds, &keys);
    let layout = app.timeline_layout();
    let all = &layout.all;
    if all.is_empty() {
        nothing_in_filter(ui, app);
        return cmds;
    }
    app.chart_records = all.clone();
    let present = &layout.present;
    let n = keys.len();

    ui.label(RichText::new(NAV_HINT).weak().size(12.0));
    let title = format!(
        "各地防疫措施时间线 Timeline of epidemic measures · {} 个地点 places",
        n
    );
    let subtitle = format!("{} 条记录 records · {}", all.len(), range_text(app, all));
    let mut legend: Vec<(Color32, String, bool)> = present
        .iter()
        .map(|m| (measure_color(*m), m.label(), false))
        .collect();
    legend.push((
        Color32::DARK_GRAY,
        "空心 = 约数 hollow = approximate".into(),
        true,
    ));
    legend.push((
        Color32::TRANSPARENT,
        "◆ = 日期系推断 date inferred".into(),
        false,
    ));

    let mut marks: Vec<Mark> = Vec::with_capacity(all.len());
    let (x0, x1) = x_range(app, all);
    let many = all.len() > MANY_MARKS;
    let reset = app.reset_plots;
    let mut clicked: Option<Vec<RecordId>> = None;
    let frame = chart_frame(ui, &title, &subtitle, |ui| {
        chart::legend(ui, &legend);
        let name_width =
            names.iter().map(|s| s.chars().count()).max().unwrap_or(2) as f32 * 14.0 + 12.0;
        let height = ui.available_height().max(n as f32 * 22.0 + 60.0).max(160.0);
        let names2 = names.clone();
        let mut plot = chart::along_time(
            chart::rows_plot("timeline", height, names2, name_width),
            time_group(),
        )
        .auto_bounds([false, false])
        .default_x_bounds(x0, x1)
        .default_y_bounds(-0.55, n as f64 - 0.45)
        .x_grid_spacer(date_grid)
        .x_axis_formatter(date_label)
        .x_axis_label("日期 date");
        if reset {
            plot = plot.reset();
        }
        let resp = plot.show(ui, |pui| {
            pui.set_plot_bounds_y(-0.55..=n as f64 - 0.45);
            for lane in 0..n.saturating_sub(1) {
                pui.hline(
                    HLine::new("", lane as f64 + 0.5)
                        .color(Color32::from_gray(215))
                        .width(1.0),
                );
            }
            // One item per (measure, approximate, inferred): few items, many
            // points, borrowed from the layout that is kept between frames.
            // Many marks: drawn below as one plain mesh (see `mark_mesh`),
            // which costs a fraction of the anti-aliased plot markers.
            for g in layout.groups.iter().filter(|_| !many) {
                let (m, approx, inferred, rejected) = g.style;
                pui.points(
                    Points::new(m.label(), PlotPoints::Borrowed(&g.points))
                        .color(mark_color(m, rejected))
                        .filled(!approx)
                        .shape(if inferred {
                            MarkerShape::Diamond
                        } else {
                            MarkerShape::Circle
                        })
                        .radius(5.0)
                        .allow_hover(false),
                );
            }
        });
        let clip = resp.response.rect;
        let mut mesh = egui::Mesh::default();
        let shapes = MarkShapes::new();
        if many {
            mesh.reserve_vertices(all.len() * 17);
            mesh.reserve_triangles(all.len() * 16);
        }
        let visible = clip.expand(6.0);
        for g in &layout.groups {
            let (m, approx, inferred, rejected) = g.style;
            let color = mark_color(m, rejected);
            for (p, &i) in g.points.iter().zip(&g.records) {
                let pos = resp.transform.position_from_point(p);
                if many && visible.contains(pos) {
                    mark_mesh(&mut mesh, &shapes, pos, color, approx, inferred);
                }
                marks.push(Mark { pos, record: i });
            }
        }
        if many {
            ui.painter()
                .with_clip_rect(clip)
                .add(egui::Shape::mesh(mesh));
        }
        hover_and_click(ui, &resp.response, &marks, &ds, &mut clicked, exporting);
    });
    push_hits(app, &marks);
    app.chart_rect = Some(frame);
    if let Some(ids) = clicked {
        cmds.push(Command::ShowDetails(ids));
    }
    cmds
}

/// Above this many records the timeline draws its marks as one mesh.
const MANY_MARKS: usize = 1500;

/// Unit vectors around a mark, computed once per frame rather than per mark.
/// Eight sides read as a disc at radius 5 and cost a fifth fewer vertices
/// than ten, which tessellation of 10,000 marks feels.
struct MarkShapes {
    disc: [egui::Vec2; 8],
    diamond: [egui::Vec2; 4],
}

impl MarkShapes {
    fn new() -> Self {
        let dir = |k: usize, n: usize, phase: f32| {
            let a = std::f32::consts::TAU * k as f32 / n as f32 + phase;
            egui::vec2(a.cos(), a.sin())
        };
        MarkShapes {
            disc: std::array::from_fn(|k| dir(k, 8, 0.3)),
            diamond: std::array::from_fn(|k| dir(k, 4, 0.0)),
        }
    }
}

/// One mark as plain triangles: a filled disc, a ring (approximate figure)
/// or a diamond (inferred date), radius 5 like the plot markers.
fn mark_mesh(
    mesh: &mut egui::Mesh,
    shapes: &MarkShapes,
    c: egui::Pos2,
    color: Color32,
    hollow: bool,
    diamond: bool,
) {
    let (r, dirs): (f32, &[egui::Vec2]) = if diamond {
        (6.0, &shapes.diamond)
    } else {
        (5.0, &shapes.disc)
    };
    let n = dirs.len() as u32;
    let base = mesh.vertices.len() as u32;
    if hollow {
        let inner = r - 1.6;
        for d in dirs {
            mesh.colored_vertex(c + *d * r, color);
            mesh.colored_vertex(c + *d * inner, color);
        }
        for k in 0..n {
            let (a, b) = (base + 2 * k, base + 2 * ((k + 1) % n));
            mesh.add_triangle(a, a + 1, b);
            mesh.add_triangle(a + 1, b + 1, b);
        }
    } else {
        mesh.colored_vertex(c, color);
        for d in dirs {
            mesh.colored_vertex(c + *d * r, color);
        }
        for k in 0..n {
            mesh.add_triangle(base, base + 1 + k, base + 1 + (k + 1) % n);
        }
    }
}

/// Records where each mark was drawn, for clicks (and tests).
fn push_hits(app: &mut CountyLens, marks: &[Mark]) {
    app.marks.extend_from_slice(marks);
}

/// What the timeline draws, worked out once per change of data, places or
/// filter rather than every frame.
pub struct TimelineLayout {
    pub sig: u64,
    pub all: Vec<RecordId>,
    pub present: Vec<Measure>,
    pub groups: Vec<MarkGroup>,
}

/// A mark's colour: its measure's, or grey for a record a reviewer
/// rejected (drawn only when "show rejected" is on).
fn mark_color(m: Measure, rejected: bool) -> Color32 {
    if rejected {
        Color32::from_gray(175)
    } else {
        measure_color(m)
    }
}

/// Marks of one style: (measure, approximate, date inferred, rejected).
pub struct MarkGroup {
    pub style: (Measure, bool, bool, bool),
    pub points: Vec<egui_plot::PlotPoint>,
    pub records: Vec<RecordId>,
}

impl TimelineLayout {
    pub fn build(
        sig: u64,
        ds: &crate::records::Dataset,
        keys: &[String],
        filter: &crate::records::Filter,
    ) -> Self {
        let lanes: Vec<Vec<RecordId>> = keys.iter().map(|k| ds.records_of(k, filter)).collect();
        let all: Vec<RecordId> = lanes.iter().flatten().copied().collect();
        let mut present: Vec<Measure> = all.iter().map(|&i| ds.record(i).measure).collect();
        present.sort();
        present.dedup();
        let k = present.len();
        // Each measure has its own row within a lane, so marks of different
        // measures on one day do not hide each other.
        let offset = |m: Measure| -> f64 {
            if k <= 1 {
                return 0.0;
            }
            let i = present.iter().position(|x| *x == m).unwrap_or(0) as f64;
            -0.32 + 0.64 * i / (k - 1) as f64
        };
        let n = keys.len();
        // Several marks of one measure on one day in one lane: spread up and
        // down within the measure's row, so each can be seen and clicked.
        let band = if k <= 1 { 0.64 } else { 0.64 / (k - 1) as f64 };
        let mut stack_size: std::collections::HashMap<(usize, Measure, i64), usize> =
            Default::default();
        for (lane, ids) in lanes.iter().enumerate() {
            for &i in ids {
                *stack_size
                    .entry((lane, ds.record(i).measure, ds.day(i)))
                    .or_default() += 1;
            }
        }
        let mut stack_pos: std::collections::HashMap<(usize, Measure, i64), usize> =
            Default::default();
        let mut groups: BTreeMap<(Measure, bool, bool, bool), MarkGroup> = BTreeMap::new();
        for (lane, ids) in lanes.iter().enumerate() {
            for &i in ids {
                let r = ds.record(i);
                let at = (lane, r.measure, ds.day(i));
                let size = stack_size[&at];
                let j = stack_pos.entry(at).or_default();
                let step = (band * 0.8 / size as f64).min(0.12);
                let spread = (*j as f64 - (size - 1) as f64 / 2.0) * step;
                *j += 1;
                let style = (
                    r.measure,
                    r.approx,
                    r.date_basis == Some(DateBasis::Inferred),
                    r.status == crate::records::Status::Rejected,
                );
                let g = groups.entry(style).or_insert_with(|| MarkGroup {
                    style,
                    points: Vec::new(),
                    records: Vec::new(),
                });
                g.points.push(egui_plot::PlotPoint::new(
                    ds.day(i) as f64,
                    (n - 1 - lane) as f64 + offset(r.measure) + spread,
                ));
                g.records.push(i);
            }
        }
        TimelineLayout {
            sig,
            all,
            present,
            groups: groups.into_values().collect(),
        }
    }
}

/// Tooltip over the mark under the pointer, ring around it, and the marks
/// a click landed on: the one under the pointer first, then the others of
/// its stack (same place, measure and day), to step through.
pub fn hover_and_click(
    ui: &Ui,
    resp: &egui::Response,
    marks: &[Mark],
    ds: &crate::records::Dataset,
    clicked: &mut Option<Vec<RecordId>>,
    exporting: bool,
) {
    if exporting {
        return;
    }
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
    // The stack: the marks of the same place, measure and day.
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
    let ds2 = ds;
    egui::Tooltip::always_open(
        ui.ctx().clone(),
        ui.layer_id(),
        egui::Id::unique("mark-tooltip"),
        egui::PopupAnchor::Pointer,
    )
    .show(|ui| {
        chart::record_tooltip(ui, ds2, m.record);
        if more > 0 {
            ui.weak(format!(
                "同日另有 {more} 条 {more} more that day: click to step through"
            ));
        }
    });
}

/// Draws the chart with its title and subtitle on a white card and returns
/// the card's rectangle: what the PNG export crops to.
pub fn chart_frame(
    ui: &mut Ui,
    title: &str,
    subtitle: &str,
    body: impl FnOnce(&mut Ui),
) -> egui::Rect {
    let r = egui::Frame::new()
        .fill(Color32::WHITE)
        .inner_margin(egui::Margin::same(10))
        .show(ui, |ui| {
            ui.set_min_size(ui.available_size());
            ui.label(
                RichText::new(title)
                    .size(18.0)
                    .strong()
                    .color(Color32::from_gray(20)),
            );
            if !subtitle.is_empty() {
                ui.label(
                    RichText::new(subtitle)
                        .size(13.0)
                        .color(Color32::from_gray(90)),
                );
            }
            ui.add_space(4.0);
            // A chart taller than the window (many places) scrolls inside the card.
            egui::ScrollArea::vertical()
                .id_salt("chart-scroll")
                .auto_shrink([false, false])
                .show(ui, body);
        });
    // Only what is on screen can be exported.
    r.response.rect.intersect(ui.clip_rect())
}

/// The measure-and-unit picker of the numeric and bar views.
pub fn figure_picker(ui: &mut Ui, app: &mut CountyLens) {
    let figs = app.figures();
    let current = app.figure.clone();
    let text = current.as_ref().map_or("—".into(), |k| k.label());
    ui.label("指标 Series:");
    egui::ComboBox::from_id_salt("figure").width(320.0).selected_text(text).show_ui(ui, |ui| {
        for (k, c) in &figs {
            let on = current.as_ref() == Some(k);
            if ui.selectable_label(on, format!("{}  ({} records)", k.label(), c)).clicked() {
                app.figure = Some(k.clone());
            }
        }
    })
    .response
    .on_hover_text("One series in one unit at a time: figures that count other things (teams sent, problems found, people visited) are never added or compared on one axis");
}

pub fn numeric_ui(ui: &mut Ui, app: &mut CountyLens, exporting: bool) -> Vec<Command> {
    let mut cmds = Vec::new();
    if !has_something(ui, app) {
        return cmds;
    }
    let ds = app.data.clone();
    {
        ui.horizontal_wrapped(|ui| {
            figure_picker(ui, app);
            ui.checkbox(&mut app.uniform_y, "统一纵轴 same y scale")
                .on_hover_text("All small plots share one y range, so heights compare");
        });
    }
    let Some(what) = app.figure.clone() else {
        nothing_in_filter(ui, app);
        return cmds;
    };
    let (measure, unit) = (what.measure, what.unit.clone());
    let keys = app.selection.clone();
    let names = chart::display_names(&ds, &keys);
    let series: Vec<_> = keys
        .iter()
        .map(|k| ds.series(k, &what, &app.filter))
        .collect();
    let with: Vec<usize> = (0..keys.len()).filter(|&i| !series[i].is_empty()).collect();
    let without: Vec<&str> = (0..keys.len())
        .filter(|&i| series[i].is_empty())
        .map(|i| names[i].as_str())
        .collect();
    app.chart_records = with
        .iter()
        .flat_map(|&i| series[i].iter().map(|p| p.record))
        .collect();
    if with.is_empty() {
        nothing_in_filter(ui, app);
        return cmds;
    }
    let gmax = series
        .iter()
        .flatten()
        .map(|p| p.value)
        .fold(0.0f64, f64::max);
    let color = measure_color(measure);
    let title = format!("{} — 各地数值 figures by place", what.label());
    let subtitle = format!(
        "{} 条记录 records · {}{}",
        app.chart_records.len(),
        range_text(app, &app.chart_records.clone()),
        if app.uniform_y {
            " · 统一纵轴 same y scale"
        } else {
            ""
        }
    );
    let mut clicked = None;
    let mut all_marks: Vec<Mark> = Vec::new();
    let uniform = app.uniform_y;
    let (x0, x1) = x_range(app, &app.chart_records);
    let reset = app.reset_plots;
    let frame = chart_frame(ui, &title, &subtitle, |ui| {
        chart::legend(
            ui,
            &[
                (color, format!("{} ({})", measure.label(), unit), false),
                (color, "空心 = 约数 hollow = approximate".into(), true),
            ],
        );
        if !without.is_empty() {
            ui.label(
                RichText::new(format!("无此指标 No such figures: {}", without.join("、")))
                    .size(12.0)
                    .color(Color32::from_gray(110)),
            );
        }
        let avail = ui.available_height();
        let each = ((avail - 8.0) / with.len() as f32 - 26.0).clamp(90.0, 220.0);
        let mut show = |ui: &mut Ui, clicked: &mut Option<Vec<RecordId>>| {
            for (row, &i) in with.iter().enumerate() {
                let pts = &series[i];
                ui.label(
                    RichText::new(format!("{}  ·  {} 条 records", names[i], pts.len()))
                        .strong()
                        .color(Color32::from_gray(30)),
                );
                let mut plot =
                    chart::along_time(Plot::new(("numeric", row)).height(each), time_group())
                        .x_grid_spacer(date_grid)
                        .x_axis_formatter(date_label)
                        .y_grid_spacer(chart::nice_grid)
                        .y_axis_formatter(|m, _| chart::short_number(m.value))
                        .y_axis_min_width(48.0)
                        .auto_bounds([false, true])
                        .default_x_bounds(x0, x1)
                        .include_y(0.0);
                if reset {
                    plot = plot.reset();
                }
                if uniform {
                    plot = plot.include_y(gmax * 1.08);
                }
                let line: Vec<[f64; 2]> = pts.iter().map(|p| [p.day as f64, p.value]).collect();
                let exact: Vec<[f64; 2]> = pts
                    .iter()
                    .filter(|p| !ds.record(p.record).approx)
                    .map(|p| [p.day as f64, p.value])
                    .collect();
                let approx: Vec<[f64; 2]> = pts
                    .iter()
                    .filter(|p| ds.record(p.record).approx)
                    .map(|p| [p.day as f64, p.value])
                    .collect();
                let resp = plot.show(ui, |pui| {
                    pui.line(
                        Line::new("", PlotPoints::new(line))
                            .color(chart::lighter(color))
                            .width(1.5)
                            .allow_hover(false),
                    );
                    pui.points(
                        Points::new("exact", PlotPoints::new(exact))
                            .color(color)
                            .radius(4.5)
                            .allow_hover(false),
                    );
                    pui.points(
                        Points::new("approx", PlotPoints::new(approx))
                            .color(color)
                            .filled(false)
                            .radius(4.5)
                            .allow_hover(false),
                    );
                });
                let marks: Vec<Mark> = pts
                    .iter()
                    .map(|p| Mark {
                        pos: resp
                            .transform
                            .position_from_point(&egui_plot::PlotPoint::new(p.day as f64, p.value)),
                        record: p.record,
                    })
                    .collect();
                hover_and_click(ui, &resp.response, &marks, &ds, clicked, exporting);
                all_marks.extend(marks);
            }
        };
        show(ui, &mut clicked);
    });
    push_hits(app, &all_marks);
    app.chart_rect = Some(frame);
    if let Some(ids) = clicked {
        cmds.push(Command::ShowDetails(ids));
    }
    let _ = View::Numeric;
    cmds
}
