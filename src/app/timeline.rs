//! Side-by-side timelines: a lane per locality on one time axis, a mark per
//! record (the numeric mode, on the same linked time axis, is `numeric`).
//!
//! What it shows is worked out once per change of data or choices
//! ([`TimelineLayout`], no `Ui` needed); where the
//! timeline's marks land on screen, how they are binned when too dense to
//! tell apart and the index that finds the one under the pointer are worked
//! out once per zoom, pan or resize ([`TimelineScreen`]), not per frame.

use super::Command;
use super::chart::{
    self, Mark, chart_frame, date_grid, date_label, measure_color, range_text, x_range,
};
use super::views::{Shown, ViewCtx};
use crate::records::{Dataset, DateBasis, Filter, Measure, RecordId};
use egui::{Color32, Pos2, RichText, Ui};
use egui_plot::{HLine, MarkerShape, PlotPoint, PlotPoints, Points};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The plots of both modes share this time axis, so zoom carries over.
pub fn time_group() -> egui::Id {
    egui::Id::unique("countylens-time-axis")
}

const NAV_HINT: &str = "拖动平移 drag to pan · Ctrl+滚轮缩放 Ctrl+wheel to zoom · 双击复原 double-click to reset · 点击标记看出处 click a mark for its evidence";

/// What the timeline draws, worked out once per change of data, places or
/// filter rather than every frame.
pub struct TimelineLayout {
    /// The lanes' names, top to bottom (the selection's order).
    pub names: Vec<String>,
    /// The records shown: lane by lane, each by date.
    pub all: Vec<RecordId>,
    pub present: Vec<Measure>,
    pub groups: Vec<MarkGroup>,
    pub x_range: (f64, f64),
    pub range_text: String,
}

/// Marks of one style: (measure, approximate, date inferred, rejected).
pub struct MarkGroup {
    pub style: (Measure, bool, bool, bool),
    pub points: Vec<PlotPoint>,
    pub records: Vec<RecordId>,
}

impl TimelineLayout {
    pub fn build(ds: &Dataset, keys: &[String], filter: &Filter) -> Self {
        let lanes: Vec<Vec<RecordId>> = keys.iter().map(|k| ds.records_of(k, filter)).collect();
        let all: Vec<RecordId> = lanes.iter().flatten().copied().collect();
        let mut present: Vec<Measure> = all.iter().map(|&i| ds.record(i).measure).collect();
        present.sort();
        present.dedup();
        let n = keys.len();
        let offset = |m: Measure| row_offset(&present, m);
        // Several marks of one measure on one day in one lane: spread up and
        // down within the measure's row, so each can be seen and clicked.
        let k = present.len();
        let band = if k <= 1 { 0.64 } else { 0.64 / (k - 1) as f64 };
        let mut groups: BTreeMap<(Measure, bool, bool, bool), MarkGroup> = BTreeMap::new();
        for (lane, ids) in lanes.iter().enumerate() {
            // A lane's records come by date: the marks of one day are a run,
            // and within it the stack of each measure is counted first.
            let mut start = 0;
            while start < ids.len() {
                let day = ds.day(ids[start]);
                let end = start + ids[start..].partition_point(|&i| ds.day(i) == day);
                let run = &ids[start..end];
                // (measure, stack size, marks placed so far)
                let mut stacks: Vec<(Measure, usize, usize)> = Vec::new();
                for &i in run {
                    let m = ds.record(i).measure;
                    match stacks.iter_mut().find(|s| s.0 == m) {
                        Some(s) => s.1 += 1,
                        None => stacks.push((m, 1, 0)),
                    }
                }
                for &i in run {
                    let r = ds.record(i);
                    let s = stacks
                        .iter_mut()
                        .find(|s| s.0 == r.measure)
                        .expect("counted above");
                    let (size, j) = (s.1, s.2);
                    s.2 += 1;
                    let step = (band * 0.8 / size as f64).min(0.12);
                    let spread = (j as f64 - (size - 1) as f64 / 2.0) * step;
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
                    g.points.push(PlotPoint::new(
                        day as f64,
                        (n - 1 - lane) as f64 + offset(r.measure) + spread,
                    ));
                    g.records.push(i);
                }
                start = end;
            }
        }
        let mut groups: Vec<MarkGroup> = groups.into_values().collect();
        // By day within each group: the screen finds the days in sight by
        // binary search. Stable, so a stack keeps its order.
        for g in &mut groups {
            let mut order: Vec<usize> = (0..g.points.len()).collect();
            order.sort_by(|&a, &b| g.points[a].x.total_cmp(&g.points[b].x));
            g.points = order.iter().map(|&k| g.points[k]).collect();
            g.records = order.iter().map(|&k| g.records[k]).collect();
        }
        TimelineLayout {
            names: chart::display_names(ds, keys),
            x_range: x_range(ds, &all),
            range_text: range_text(ds, &all),
            all,
            present,
            groups,
        }
    }

    pub fn lanes(&self) -> usize {
        self.names.len()
    }
}

/// Each measure has its own row within a lane, so marks of different
/// measures on one day do not hide each other: the row's offset from the
/// lane's middle, in lanes.
fn row_offset(present: &[Measure], m: Measure) -> f64 {
    let k = present.len();
    if k <= 1 {
        return 0.0;
    }
    let i = present.iter().position(|x| *x == m).unwrap_or(0) as f64;
    -0.32 + 0.64 * i / (k - 1) as f64
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

/// Marks closer than this (points) cannot be told apart: with many marks,
/// those in one cell of this size in one lane (and one measure row, where
/// rows are this far apart) are drawn as one.
const CELL: f32 = 6.0;

/// The colour of a bin holding records of several measures.
const MIXED: Color32 = Color32::from_rgb(0x4a, 0x50, 0x5a);

/// One mark on screen: a record, or a bin of records too close to tell apart.
#[derive(Clone, Copy, Debug)]
struct Bin {
    pos: Pos2,
    /// The bin's records: `records[start..start + len]` of the screen.
    start: u32,
    len: u32,
    lane: u32,
    color: Color32,
    hollow: bool,
    diamond: bool,
}

/// Where the timeline's marks are on screen for one zoom and size: built
/// when those change, and for a stretch of time on either side of the view,
/// so a pan only slides what was built (the bins' columns are fixed to the
/// time axis, not to the screen) until it shows what lies beyond.
#[derive(Default)]
pub struct TimelineScreen {
    /// What the bins were built for: layout, points per day, y bounds and
    /// frame (the x bounds may move: that is a pan).
    key: Option<(u64, u64, [u64; 2], [u32; 4])>,
    /// The plot's left end (days) when built: a pan slides everything by
    /// the difference.
    built_min_x: f64,
    /// Points per day when built.
    scale: f64,
    /// The days the bins cover: half the view's width beyond it either side.
    covered: (f64, f64),
    /// How far (points, along x) the view moved since the bins were built:
    /// add it to a built position to get today's.
    shift: f32,
    /// The mark of every record built (for clicks and tests), where it was
    /// when built.
    marks: Arc<Vec<Mark>>,
    bins: Vec<Bin>,
    records: Vec<RecordId>,
    /// Per lane (top first), the bins sorted by x: hover looks up the
    /// pointer's column by binary search instead of scanning every mark.
    by_lane: Vec<Vec<u32>>,
    /// The many-marks drawing: one mesh of the bins in sight, kept while
    /// nothing moves; and the shift it was made for.
    mesh: Option<(f32, Arc<egui::Mesh>)>,
    binned: bool,
    /// The x range of the plot (points), a mark's width beyond each side.
    sight: Option<egui::Rangef>,
}

impl TimelineScreen {
    /// Places and bins the layout's marks for this transform, or slides the
    /// last ones when only the x bounds moved within what they cover.
    fn update(
        &mut self,
        layout_key: u64,
        layout: &TimelineLayout,
        t: &egui_plot::PlotTransform,
        many: bool,
    ) {
        let b = t.bounds();
        let f = t.frame();
        let scale = t.dpos_dvalue_x();
        let key = (
            layout_key,
            u64::from(many),
            [b.min()[1].to_bits(), b.max()[1].to_bits()],
            [
                f.min.x.to_bits(),
                f.min.y.to_bits(),
                f.max.x.to_bits(),
                f.max.y.to_bits(),
            ],
        );
        let visible = f.expand(CELL);
        self.sight = Some(visible.x_range());
        let lo = t.value_from_position(egui::pos2(visible.left(), f.top())).x;
        let hi = t
            .value_from_position(egui::pos2(visible.right(), f.top()))
            .x;
        // A pan moves both bounds by the same days, which need not give
        // the very same width in floating point: a zoom is a change of
        // scale beyond rounding.
        let same_zoom = (scale - self.scale).abs() <= self.scale.abs() * 1e-9;
        if self.key == Some(key) && same_zoom && self.covered.0 <= lo && hi <= self.covered.1 {
            self.shift = ((self.built_min_x - b.min()[0]) * scale) as f32;
        } else {
            self.key = Some(key);
            self.scale = scale;
            self.built_min_x = b.min()[0];
            self.shift = 0.0;
            let margin = (hi - lo) / 2.0;
            self.covered = (lo - margin, hi + margin);
            let margin_px = visible.width() / 2.0;
            let built = egui::Rect::from_x_y_ranges(
                visible.left() - margin_px..=visible.right() + margin_px,
                visible.y_range(),
            );
            self.build(layout, t, many, self.covered, built);
        }
        if many
            && self
                .mesh
                .as_ref()
                .is_none_or(|(s, _)| s.to_bits() != self.shift.to_bits())
        {
            self.mesh = Some((self.shift, Arc::new(self.mesh_of(visible))));
        }
    }

    /// Places and bins the marks of the days `(lo, hi)`, which `built`
    /// spans on screen.
    fn build(
        &mut self,
        layout: &TimelineLayout,
        t: &egui_plot::PlotTransform,
        many: bool,
        (lo, hi): (f64, f64),
        built: egui::Rect,
    ) {
        let n = layout.lanes();
        let lane_of = |y: f64| (n as f64 - 1.0 - y.round()).clamp(0.0, n as f64 - 1.0) as u32;
        // Only the marks in reach: each group is sorted by day, so those
        // days are a range found by binary search (zoomed in, a rebuild
        // costs what is near, not what is loaded).
        let ranges: Vec<std::ops::Range<usize>> = layout
            .groups
            .iter()
            .map(|g| {
                g.points.partition_point(|p| p.x < lo)..g.points.partition_point(|p| p.x <= hi)
            })
            .collect();
        let mut marks = Vec::with_capacity(ranges.iter().map(|r| r.len()).sum());
        for (g, r) in layout.groups.iter().zip(&ranges) {
            for k in r.clone() {
                marks.push(Mark {
                    pos: t.position_from_point(&g.points[k]),
                    record: g.records[k],
                });
            }
        }
        self.bins.clear();
        self.records.clear();
        self.mesh = None;
        // Measure rows far enough apart keep their own bins.
        let row_px = if layout.present.len() > 1 {
            (t.position_from_point_y(0.0)
                - t.position_from_point_y(0.64 / (layout.present.len() - 1) as f64))
            .abs()
        } else {
            f32::INFINITY
        };
        let by_row = row_px >= CELL;
        if !many {
            let mut k = 0;
            for (g, r) in layout.groups.iter().zip(&ranges) {
                let (m, approx, inferred, rejected) = g.style;
                for (p, &i) in g.points[r.clone()].iter().zip(&g.records[r.clone()]) {
                    self.records.push(i);
                    self.bins.push(Bin {
                        pos: marks[k].pos,
                        start: k as u32,
                        len: 1,
                        lane: lane_of(p.y),
                        color: mark_color(m, rejected),
                        hollow: approx,
                        diamond: inferred,
                    });
                    k += 1;
                }
            }
        } else {
            self.bin_marks(layout, &ranges, t, &marks, by_row, built);
        }
        self.by_lane = vec![Vec::new(); n];
        for (bi, b) in self.bins.iter().enumerate() {
            self.by_lane[b.lane as usize].push(bi as u32);
        }
        for lane in &mut self.by_lane {
            lane.sort_by(|&a, &b| {
                self.bins[a as usize]
                    .pos
                    .x
                    .total_cmp(&self.bins[b as usize].pos.x)
            });
        }
        self.binned = many;
        self.marks = Arc::new(marks);
    }

    /// Bins the marks within `visible` (the view and what a pan may bring
    /// into it): one bin per cell of [`CELL`] points in a
    /// lane (and measure row, when `by_row`). A dense grid over the plot,
    /// not a hash map: this runs on every frame of a pan.
    fn bin_marks(
        &mut self,
        layout: &TimelineLayout,
        ranges: &[std::ops::Range<usize>],
        t: &egui_plot::PlotTransform,
        marks: &[Mark],
        by_row: bool,
        visible: egui::Rect,
    ) {
        let n = layout.lanes();
        let cols = (visible.width() / CELL).ceil() as usize + 1;
        let rows = if by_row {
            (visible.height() / CELL).ceil() as usize + 1
        } else {
            n
        };
        let mut grid = vec![u32::MAX; cols * rows];
        // Per bin: (count, sum of positions, first group, one measure, lane).
        struct Acc {
            count: u32,
            sum: egui::Vec2,
            group: usize,
            one_measure: bool,
            lane: u32,
        }
        let mut accs: Vec<Acc> = Vec::new();
        // (bin, mark) of every visible mark.
        let mut members: Vec<(u32, u32)> = Vec::new();
        let mut k = 0usize;
        for (gi, g) in layout.groups.iter().enumerate() {
            let row_y = |lane: usize| {
                let centre = (n - 1 - lane) as f64 + row_offset(&layout.present, g.style.0);
                t.position_from_point_y(centre)
            };
            for p in &g.points[ranges[gi].clone()] {
                let pos = marks[k].pos;
                k += 1;
                if !visible.contains(pos) {
                    continue;
                }
                let lane = (n as f64 - 1.0 - p.y.round()).clamp(0.0, n as f64 - 1.0) as usize;
                let row = if by_row {
                    (((row_y(lane) - visible.top()) / CELL) as usize).min(rows - 1)
                } else {
                    lane
                };
                let col = (((pos.x - visible.left()) / CELL) as usize).min(cols - 1);
                let cell = row * cols + col;
                let mut b = grid[cell];
                // A cell across two lanes' rows: lanes never share a bin.
                if b == u32::MAX || accs[b as usize].lane != lane as u32 {
                    b = accs.len() as u32;
                    grid[cell] = b;
                    accs.push(Acc {
                        count: 0,
                        sum: egui::Vec2::ZERO,
                        group: gi,
                        one_measure: true,
                        lane: lane as u32,
                    });
                }
                let acc = &mut accs[b as usize];
                acc.count += 1;
                acc.sum += pos.to_vec2();
                acc.one_measure &= layout.groups[acc.group].style.0 == g.style.0;
                members.push((b, (k - 1) as u32));
            }
        }
        // The bins' records, bin after bin (a counting sort).
        let mut next: Vec<u32> = Vec::with_capacity(accs.len());
        let mut start = 0u32;
        for a in &accs {
            next.push(start);
            start += a.count;
        }
        self.records = vec![0; members.len()];
        for (b, m) in members {
            let at = &mut next[b as usize];
            self.records[*at as usize] = marks[m as usize].record;
            *at += 1;
        }
        let mut start = 0u32;
        for a in accs {
            let (m0, approx, inferred, rejected) = layout.groups[a.group].style;
            let (color, hollow, diamond) = if a.count == 1 {
                (mark_color(m0, rejected), approx, inferred)
            } else if a.one_measure {
                (measure_color(m0), false, false)
            } else {
                (MIXED, false, false)
            };
            self.bins.push(Bin {
                pos: (a.sum / a.count as f32).to_pos2(),
                start,
                len: a.count,
                lane: a.lane,
                color,
                hollow,
                diamond,
            });
            start += a.count;
        }
    }

    /// The bins as plain triangles: a record as its mark, several as a square.
    fn mesh_of(&self, visible: egui::Rect) -> egui::Mesh {
        let shift = egui::vec2(self.shift, 0.0);
        let shapes = MarkShapes::new();
        let mut mesh = egui::Mesh::default();
        mesh.reserve_vertices(self.bins.len() * 9);
        mesh.reserve_triangles(self.bins.len() * 8);
        for b in &self.bins {
            let pos = b.pos + shift;
            if !visible.contains(pos) {
                continue;
            }
            if b.len == 1 {
                mark_mesh(&mut mesh, &shapes, pos, b.color, b.hollow, b.diamond);
            } else {
                // Bigger for more records, never wider than two cells.
                let half = (CELL * 0.5 + (b.len as f32).log2().min(4.0) * 0.75).min(CELL);
                mesh.add_colored_rect(
                    egui::Rect::from_center_size(pos, egui::vec2(half, half) * 2.0),
                    b.color,
                );
            }
        }
        mesh
    }

    /// The bin nearest to `pointer` within `radius` points: the lanes near
    /// the pointer, each searched by x.
    fn nearest(&self, pointer: Pos2, radius: f32) -> Option<usize> {
        let pointer = pointer - egui::vec2(self.shift, 0.0);
        let mut best: Option<(f32, usize)> = None;
        for lane in &self.by_lane {
            let lo = lane.partition_point(|&b| self.bins[b as usize].pos.x < pointer.x - radius);
            for &b in &lane[lo..] {
                let bin = &self.bins[b as usize];
                if bin.pos.x > pointer.x + radius {
                    break;
                }
                let d = bin.pos.distance_sq(pointer);
                if d <= radius * radius && best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, b as usize));
                }
            }
        }
        best.map(|(_, b)| b)
    }

    /// Where a bin is on screen now.
    fn pos_of(&self, b: &Bin) -> Pos2 {
        b.pos + egui::vec2(self.shift, 0.0)
    }

    fn records_of(&self, b: &Bin) -> &[RecordId] {
        &self.records[b.start as usize..(b.start + b.len) as usize]
    }
}

/// The timeline: a lane per place, a mark per record (or per bin of
/// records too close to tell apart).
pub fn timeline_ui(
    ui: &mut Ui,
    ctx: &ViewCtx<'_>,
    layout_key: u64,
    layout: &TimelineLayout,
    screen: &mut TimelineScreen,
) -> Shown {
    let mut shown = Shown::default();
    let ds = ctx.data;
    let all = &layout.all;
    let n = layout.lanes();
    let names = &layout.names;

    ui.label(RichText::new(NAV_HINT).weak().size(12.0));
    let title = format!(
        "各地防疫措施时间线 Timeline of epidemic measures · {} 个地点 places",
        n
    );
    let subtitle = format!("{} 条记录 records · {}", all.len(), layout.range_text);
    let many = all.len() > MANY_MARKS;
    let mut legend: Vec<(Color32, String, bool)> = layout
        .present
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
    if many {
        legend.push((
            Color32::TRANSPARENT,
            "■ = 太密的多条记录，放大可分开 several records too close to tell apart: zoom in (count on hover)".into(),
            false,
        ));
    }

    let (x0, x1) = layout.x_range;
    let reset = ctx.reset_plots;
    let mut clicked: Option<Vec<RecordId>> = None;
    let frame = chart_frame(ui, &title, &subtitle, |ui| {
        chart::legend(ui, &legend);
        let name_width =
            names.iter().map(|s| s.chars().count()).max().unwrap_or(2) as f32 * 14.0 + 12.0;
        let height = ui.available_height().max(n as f32 * 22.0 + 60.0).max(160.0);
        let mut plot = chart::along_time(
            chart::rows_plot("timeline", height, names.clone(), name_width),
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
            // Many marks: drawn below as one plain mesh, binned, which
            // costs a fraction of the anti-aliased plot markers.
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
        screen.update(layout_key, layout, &resp.transform, many);
        let clip = resp.response.rect;
        if let Some((_, mesh)) = &screen.mesh {
            ui.painter()
                .with_clip_rect(clip)
                .add(egui::Shape::Mesh(mesh.clone()));
        }
        if !ctx.exporting {
            clicked = hover_bins(ui, &resp.response, screen, ds);
        }
    });
    shown.marks = screen.marks.clone();
    shown.marks_shift = screen.shift;
    shown.marks_sight = screen.sight;
    shown.rect = Some(frame);
    if let Some(ids) = clicked {
        shown.commands.push(Command::ShowDetails(ids));
    }
    shown
}

/// Tooltip over the mark (or bin) under the pointer, a ring around it, and
/// what a click there opens: the mark's record first, then the others of
/// its stack (same place, measure and day) to step through; or a bin's records.
fn hover_bins(
    ui: &Ui,
    resp: &egui::Response,
    screen: &TimelineScreen,
    ds: &Dataset,
) -> Option<Vec<RecordId>> {
    let pointer = resp.hover_pos()?;
    let b = screen.nearest(pointer, 9.0)?;
    let bin = screen.bins[b];
    ui.painter().with_clip_rect(resp.rect).circle_stroke(
        screen.pos_of(&bin),
        8.0,
        egui::Stroke::new(2.0, Color32::BLACK),
    );
    let ids = screen.records_of(&bin);
    let tooltip = egui::Tooltip::always_open(
        ui.ctx().clone(),
        ui.layer_id(),
        egui::Id::unique("mark-tooltip"),
        egui::PopupAnchor::Pointer,
    );
    if bin.len > 1 {
        let ids = ids.to_vec();
        tooltip.show(|ui| bin_tooltip(ui, ds, &ids));
        return resp.clicked().then_some(ids);
    }
    let record = ids[0];
    // The stack: the marks of the same place, measure and day, which sit
    // in one column of the same lane.
    let stack_of = |id: RecordId| (ds.key_of(id), ds.record(id).measure, ds.day(id));
    let here = stack_of(record);
    let lane = &screen.by_lane[bin.lane as usize];
    let lo = lane.partition_point(|&k| screen.bins[k as usize].pos.x < bin.pos.x - 0.5);
    let mut near: Vec<(f32, RecordId)> = lane[lo..]
        .iter()
        .map(|&k| &screen.bins[k as usize])
        .take_while(|k| k.pos.x <= bin.pos.x + 0.5)
        .filter(|k| k.len == 1 && stack_of(screen.records_of(k)[0]) == here)
        .map(|k| (k.pos.distance(bin.pos), screen.records_of(k)[0]))
        .collect();
    near.sort_by(|a, b| a.0.total_cmp(&b.0));
    let more = near.len().saturating_sub(1);
    tooltip.show(|ui| {
        chart::record_tooltip(ui, ds, record);
        if more > 0 {
            ui.weak(format!(
                "同日另有 {more} 条 {more} more that day: click to step through"
            ));
        }
    });
    resp.clicked()
        .then(|| near.iter().map(|&(_, r)| r).collect())
}

/// The hover card of a bin: how many records, of which measures, when.
fn bin_tooltip(ui: &mut Ui, ds: &Dataset, ids: &[RecordId]) {
    let mut per: BTreeMap<Measure, usize> = BTreeMap::new();
    for &i in ids {
        *per.entry(ds.record(i).measure).or_default() += 1;
    }
    ui.label(
        RichText::new(format!("{} 条记录 records here", ids.len()))
            .size(16.0)
            .strong(),
    );
    for (m, c) in &per {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter()
                .circle_filled(rect.center(), 5.0, measure_color(*m));
            ui.label(format!("{}  {c}", m.label()));
        });
    }
    ui.label(range_text(ds, ids));
    if let Some(&first) = ids.first() {
        ui.label(ds.key_of(first).replace('/', " › "));
    }
    ui.weak("放大可分开；点击列出 zoom in to tell them apart; click to list them");
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::View;
    use crate::app::views::tests::{all_measures, ctx, data, keys, rec};
    use crate::app::views::{Empty, Model};
    use crate::records::RecordDate;

    #[test]
    fn the_timeline_shows_lane_by_lane_each_by_date() {
        let ds = data();
        let sel = keys(&ds, &["耒阳市", "衡东县"]);
        let f = all_measures();
        let Model::Timeline(l) = Model::build(View::Timeline, &ctx(&ds, &sel, &f, None)) else {
            panic!("a timeline")
        };
        assert_eq!(l.names, ["耒阳市", "衡东县"]);
        assert_eq!(l.all, [2, 1, 0, 3], "耒阳市 first, then 衡东县 by date");
        assert_eq!(l.present, [Measure::Screening, Measure::Checkpoint]);
        // The first lane is on top: the highest y.
        let y_of = |id: RecordId| {
            l.groups
                .iter()
                .find_map(|g| {
                    g.records
                        .iter()
                        .position(|&r| r == id)
                        .map(|k| g.points[k].y)
                })
                .unwrap()
        };
        assert!(y_of(2) > y_of(0));
        let mut only_checkpoints = all_measures();
        only_checkpoints.measures = [Measure::Checkpoint].into_iter().collect();
        let only_leiyang = keys(&ds, &["耒阳市"]);
        let m = Model::build(
            View::Timeline,
            &ctx(&ds, &only_leiyang, &only_checkpoints, None),
        );
        assert!(matches!(m, Model::Empty(Empty::NothingInFilter)));
    }

    /// Marks on a 1,000-day axis in a 600-point plot: many records of one
    /// lane fall into few cells, each cell one mark that lists them all.
    #[test]
    fn dense_marks_are_binned_and_zooming_in_unbins_them() {
        let mut recs = Vec::new();
        for d in 0..2000 {
            let day = RecordDate::from_day_number(
                RecordDate::parse("2020-01-01").unwrap().day_number() + d % 1000,
            );
            let mut r = rec("衡东县", "2020-01-01", Measure::Screening, d as f64, "户");
            r.date = day;
            recs.push(r);
        }
        let ds = Dataset::new(recs);
        let sel = keys(&ds, &["衡东县"]);
        let l = TimelineLayout::build(&ds, &sel, &all_measures());
        let frame = egui::Rect::from_min_size(egui::pos2(0.0, 0.0), egui::vec2(600.0, 100.0));
        let (x0, x1) = l.x_range;
        let wide = egui_plot::PlotTransform::new(
            frame,
            egui_plot::PlotBounds::from_min_max([x0, -0.55], [x1, 0.45]),
            egui::Vec2b::new(false, false),
        );
        let mut s = TimelineScreen::default();
        s.update(1, &l, &wide, true);
        assert_eq!(s.marks.len(), 2000, "every record keeps its mark");
        assert!(
            s.bins.len() <= (600.0 / CELL) as usize + 2,
            "{} bins",
            s.bins.len()
        );
        assert_eq!(s.bins.iter().map(|b| b.len as usize).sum::<usize>(), 2000);
        // The bin under a point lists the records drawn there.
        let b = s.nearest(s.bins[0].pos, 9.0).unwrap();
        assert!(s.records_of(&s.bins[b]).len() > 1);
        // Zoomed in to 20 days: marks stand apart (one cell each, a day
        // being 30 points wide), only same-day marks share a cell.
        let zoomed = egui_plot::PlotTransform::new(
            frame,
            egui_plot::PlotBounds::from_min_max([x0 + 100.0, -0.55], [x0 + 120.0, 0.45]),
            egui::Vec2b::new(false, false),
        );
        s.update(1, &l, &zoomed, true);
        assert!(
            s.bins.iter().all(|b| b.len <= 2),
            "at most the two records of a day"
        );
        assert!(s.bins.len() >= 19, "{} bins", s.bins.len());
        // Only the marks near sight are placed: about 40 of 1,000 days.
        assert!(s.marks.len() < 100, "{} marks placed", s.marks.len());
    }

    /// A pan slides the bins built for the zoom until it shows days beyond
    /// them; what is under the pointer moves with the marks.
    #[test]
    fn a_pan_slides_the_bins_until_it_needs_more() {
        let mut recs = Vec::new();
        let day0 = RecordDate::parse("2020-01-01").unwrap().day_number();
        for d in 0..3000 {
            let mut r = rec("衡东县", "2020-01-01", Measure::Screening, d as f64, "户");
            r.date = RecordDate::from_day_number(day0 + d % 1000);
            recs.push(r);
        }
        let ds = Dataset::new(recs);
        let l = TimelineLayout::build(&ds, &keys(&ds, &["衡东县"]), &all_measures());
        let frame = egui::Rect::from_min_size(egui::pos2(0.0, 0.0), egui::vec2(600.0, 100.0));
        let at = |x0: f64| {
            egui_plot::PlotTransform::new(
                frame,
                egui_plot::PlotBounds::from_min_max([x0, -0.55], [x0 + 300.0, 0.45]),
                egui::Vec2b::new(false, false),
            )
        };
        let x0 = l.x_range.0 + 300.0;
        let mut s = TimelineScreen::default();
        s.update(1, &l, &at(x0), true);
        let built = Arc::clone(&s.marks);
        let b = s.nearest(egui::pos2(300.0, 50.0), 9.0).unwrap();
        let (pos, ids) = (s.pos_of(&s.bins[b]), s.records_of(&s.bins[b]).to_vec());
        // Ten days to the right: everything on screen moves 20 points left.
        s.update(1, &l, &at(x0 + 10.0), true);
        assert!(Arc::ptr_eq(&built, &s.marks), "not placed again");
        assert!((s.shift + 20.0).abs() < 1e-3, "shift {}", s.shift);
        let b = s.nearest(pos - egui::vec2(20.0, 0.0), 1.0).unwrap();
        assert_eq!(s.records_of(&s.bins[b]), ids);
        assert!(s.mesh.as_ref().is_some_and(|(at, _)| *at == s.shift));
        // Beyond what was built: placed again, for the new view.
        s.update(1, &l, &at(x0 + 200.0), true);
        assert!(!Arc::ptr_eq(&built, &s.marks));
        assert_eq!(s.shift, 0.0);
        // A zoom is built again too.
        let built = Arc::clone(&s.marks);
        let zoomed = egui_plot::PlotTransform::new(
            frame,
            egui_plot::PlotBounds::from_min_max([x0, -0.55], [x0 + 100.0, 0.45]),
            egui::Vec2b::new(false, false),
        );
        s.update(1, &l, &zoomed, true);
        assert!(!Arc::ptr_eq(&built, &s.marks));
    }
}
