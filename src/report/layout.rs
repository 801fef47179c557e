//! A [`Figure`] laid out at a fixed size as an SVG document.
//!
//! Everything is placed in logical points inside `0 0 W H`: title, subtitle,
//! legend and notes from the top, the source line from the bottom, and the
//! chart in all that is left — lanes, rows and panels are divided out of
//! that space, so nothing runs past the frame whatever the number of places.
//! Text is measured with the bundled font's own advances (the same font the
//! PNG is rasterised with and the SVG names), so labels that are given room
//! get the room they take. Text stays `<text>`: Chinese stays selectable.

use super::model::{BarItem, Chart, Figure, LegendItem, Panel, Rgb, Swatch, TimeMark};
use super::model::{figure_with_unit, short_number};
use super::{Size, SvgOptions};
use crate::records::RecordDate;
use std::sync::OnceLock;
use svg::node::element::{Circle, Line, Polygon, Polyline, Rectangle, Style, Text};
use svg::{Document, Node};

/// Noto Sans CJK SC, subset for CountyLens (see `fonts/README.md`): the
/// font the app draws with, the PNG is rasterised with and the SVG names.
pub const FONT: &[u8] = include_bytes!("../../fonts/NotoSansCJKsc-CountyLens.otf");

/// The family name inside [`FONT`]; the file name follows as a second
/// choice, then any sans-serif.
pub const FONT_FAMILY: &str = "Noto Sans CJK SC";
const FONT_STACK: &str = "'Noto Sans CJK SC', 'NotoSansCJKsc-CountyLens', 'Noto Sans CJK', 'Source Han Sans SC', sans-serif";

const INK: Rgb = Rgb(25, 25, 25);
const MUTED: Rgb = Rgb(95, 95, 95);
const FAINT: Rgb = Rgb(215, 215, 215);
const CAVEAT: Rgb = Rgb(140, 80, 0);

/// Text advances of the bundled font.
struct Metrics {
    face: ttf_parser::Face<'static>,
    upem: f32,
}

fn metrics() -> Option<&'static Metrics> {
    static M: OnceLock<Option<Metrics>> = OnceLock::new();
    M.get_or_init(|| {
        let face = ttf_parser::Face::parse(FONT, 0).ok()?;
        let upem = face.units_per_em() as f32;
        Some(Metrics { face, upem })
    })
    .as_ref()
}

/// Width of `s` at `size` points.
pub fn text_width(s: &str, size: f32) -> f32 {
    let Some(m) = metrics() else {
        return s
            .chars()
            .map(|c| if c.is_ascii() { 0.55 } else { 1.0 })
            .sum::<f32>()
            * size;
    };
    s.chars()
        .map(|c| {
            m.face
                .glyph_index(c)
                .and_then(|g| m.face.glyph_hor_advance(g))
                .map(|a| a as f32 / m.upem)
                .unwrap_or(if c.is_ascii() { 0.55 } else { 1.0 })
        })
        .sum::<f32>()
        * size
}

/// `text` in lines no wider than `max` at `size`, broken after a space or
/// a Chinese separator where one is near, else anywhere (Chinese has no spaces).
pub fn wrap(text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for c in text.chars() {
        line.push(c);
        if text_width(&line, size) > max && line.chars().count() > 1 {
            let chars: Vec<char> = line.chars().collect();
            let cut = chars
                .iter()
                .rposition(|c| matches!(c, ' ' | '、' | '，' | ',' | '·' | '；' | ';' | '/'))
                .filter(|&i| i + 1 < chars.len() && i > chars.len() / 3)
                .map_or(chars.len() - 1, |i| i + 1);
            let head: String = chars[..cut].iter().collect();
            lines.push(head.trim_end().to_string());
            line = chars[cut..]
                .iter()
                .collect::<String>()
                .trim_start()
                .to_string();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Two decimals are plenty for points, and keep the file small and stable.
fn r(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

#[derive(Clone, Copy, Debug)]
struct Rect {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

impl Rect {
    fn right(&self) -> f32 {
        self.x + self.w
    }
    fn bottom(&self) -> f32 {
        self.y + self.h
    }
}

#[derive(Clone, Copy)]
enum Anchor {
    Start,
    Middle,
    End,
}

/// The SVG being written, and the type scale.
struct Pen {
    doc: Document,
    /// Type and stroke scale: 1 at 1600×900.
    k: f32,
}

impl Pen {
    /// Text whose top is at `top` (the baseline sits at the font's ascent).
    fn text(&mut self, x: f32, top: f32, size: f32, color: Rgb, anchor: Anchor, s: &str) {
        let a = match anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let mut t = Text::new(s)
            .set("x", r(x))
            .set("y", r(top + size * 0.88))
            .set("font-size", r(size));
        if !matches!(anchor, Anchor::Start) {
            t = t.set("text-anchor", a);
        }
        if color != INK {
            t = t.set("fill", color.hex());
        }
        self.doc.append(t);
    }

    /// Text centred vertically on `mid`.
    fn text_mid(&mut self, x: f32, mid: f32, size: f32, color: Rgb, anchor: Anchor, s: &str) {
        // CJK glyphs sit between about 0.88 above and 0.12 below the baseline.
        self.text(x, mid - size * 0.5, size, color, anchor, s);
    }

    fn rect(&mut self, b: Rect, fill: Option<Rgb>, stroke: Option<(Rgb, f32)>) {
        let mut e = Rectangle::new()
            .set("x", r(b.x))
            .set("y", r(b.y))
            .set("width", r(b.w.max(0.0)))
            .set("height", r(b.h.max(0.0)))
            .set("fill", fill.map_or("none".into(), Rgb::hex));
        if let Some((c, w)) = stroke {
            e = e.set("stroke", c.hex()).set("stroke-width", r(w));
        }
        self.doc.append(e);
    }

    fn line(&mut self, a: (f32, f32), b: (f32, f32), color: Rgb, width: f32) {
        let e = Line::new()
            .set("x1", r(a.0))
            .set("y1", r(a.1))
            .set("x2", r(b.0))
            .set("y2", r(b.1))
            .set("stroke", color.hex())
            .set("stroke-width", r(width));
        self.doc.append(e);
    }

    /// A mark: disc, ring (hollow) or diamond, filled or not.
    fn mark(&mut self, x: f32, y: f32, radius: f32, color: Rgb, hollow: bool, diamond: bool) {
        let stroke_w = (radius * 0.32).max(1.0);
        let fill = if hollow {
            "#ffffff".to_string()
        } else {
            color.hex()
        };
        if diamond {
            let d = radius * 1.25;
            let pts = format!(
                "{},{} {},{} {},{} {},{}",
                r(x),
                r(y - d),
                r(x + d),
                r(y),
                r(x),
                r(y + d),
                r(x - d),
                r(y)
            );
            let e = Polygon::new()
                .set("points", pts)
                .set("fill", fill)
                .set("stroke", color.hex())
                .set("stroke-width", r(stroke_w));
            self.doc.append(e);
        } else {
            let e = Circle::new()
                .set("cx", r(x))
                .set("cy", r(y))
                .set(
                    "r",
                    r(if hollow {
                        radius - stroke_w / 2.0
                    } else {
                        radius
                    }),
                )
                .set("fill", fill);
            let e = if hollow {
                e.set("stroke", color.hex())
                    .set("stroke-width", r(stroke_w))
            } else {
                e
            };
            self.doc.append(e);
        }
    }

    fn polyline(&mut self, pts: &[(f32, f32)], color: Rgb, width: f32) {
        let p: Vec<String> = pts
            .iter()
            .map(|(x, y)| format!("{},{}", r(*x), r(*y)))
            .collect();
        let e = Polyline::new()
            .set("points", p.join(" "))
            .set("fill", "none")
            .set("stroke", color.hex())
            .set("stroke-width", r(width))
            .set("stroke-linejoin", "round");
        self.doc.append(e);
    }
}

/// Type sizes at scale `k`.
struct Type {
    title: f32,
    sub: f32,
    legend: f32,
    note: f32,
    source: f32,
    label: f32,
    tick: f32,
}

impl Type {
    fn at(k: f32) -> Type {
        Type {
            title: 30.0 * k,
            sub: 16.0 * k,
            legend: 14.5 * k,
            note: 13.0 * k,
            source: 12.5 * k,
            label: 15.0 * k,
            tick: 13.0 * k,
        }
    }
}

/// The SVG of `figure` at `size` (points; the scale is the PNG's business).
pub fn svg_document(figure: &Figure, size: Size, opts: SvgOptions) -> String {
    let (w, h) = (size.width as f32, size.height as f32);
    let k = (w / 1600.0).min(h / 900.0).clamp(0.45, 3.0);
    let t = Type::at(k);
    let m = (28.0 * k).max(12.0);
    let mut doc = Document::new()
        .set("width", size.width)
        .set("height", size.height)
        .set("viewBox", (0, 0, size.width, size.height))
        .set("font-family", FONT_STACK)
        .set("fill", INK.hex());
    if opts.embed_font {
        doc = doc.add(Style::new(format!(
            "@font-face{{font-family:'{FONT_FAMILY}';src:url(data:font/otf;base64,{}) format('opentype');}}",
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, FONT)
        )));
    }
    doc = doc.add(svg::node::element::Title::new(format!(
        "{} {}",
        figure.title_zh, figure.title_en
    )));
    let mut pen = Pen { doc, k };
    pen.rect(
        Rect {
            x: 0.0,
            y: 0.0,
            w,
            h,
        },
        Some(Rgb(255, 255, 255)),
        None,
    );
    let inner = w - 2.0 * m;
    let y = heading(&mut pen, figure, &t, m, inner) + 8.0 * k;

    // The source line from the bottom up.
    let source = wrap(&figure.source, t.source, inner);
    let source_h = source.len() as f32 * t.source * 1.4;
    let mut sy = h - m - source_h;
    pen.line((m, sy - 8.0 * k), (w - m, sy - 8.0 * k), FAINT, k.max(0.5));
    for line in &source {
        pen.text(m, sy, t.source, MUTED, Anchor::Start, line);
        sy += t.source * 1.4;
    }
    let chart = Rect {
        x: m,
        y,
        w: inner,
        h: (h - m - source_h - 20.0 * k - y).max(10.0),
    };
    draw_chart(&mut pen, &t, chart, &figure.chart);
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n", pen.doc)
}

/// The title (Chinese and English), subtitle, legend and notes from the top
/// margin down; returns where they end.
fn heading(pen: &mut Pen, figure: &Figure, t: &Type, m: f32, inner: f32) -> f32 {
    let k = pen.k;
    let mut y = m;

    // Title: Chinese then English on one line when they fit, else two.
    let gap = 14.0 * k;
    let mut ts = t.title;
    let one_line = text_width(&figure.title_zh, ts) + gap + text_width(&figure.title_en, ts * 0.8);
    if one_line <= inner {
        pen.text(m, y, ts, INK, Anchor::Start, &figure.title_zh);
        let x = m + text_width(&figure.title_zh, ts) + gap;
        pen.text(
            x,
            y + ts * 0.14,
            ts * 0.8,
            MUTED,
            Anchor::Start,
            &figure.title_en,
        );
        y += ts * 1.3;
    } else {
        let widest = text_width(&figure.title_zh, ts).max(text_width(&figure.title_en, ts * 0.8));
        if widest > inner {
            ts *= inner / widest;
        }
        pen.text(m, y, ts, INK, Anchor::Start, &figure.title_zh);
        y += ts * 1.25;
        pen.text(m, y, ts * 0.8, MUTED, Anchor::Start, &figure.title_en);
        y += ts * 1.1;
    }
    for line in figure.subtitle.iter().flat_map(|l| wrap(l, t.sub, inner)) {
        pen.text(m, y, t.sub, MUTED, Anchor::Start, &line);
        y += t.sub * 1.4;
    }
    y += 4.0 * k;
    y = legend(pen, &figure.legend, m, y, inner, t.legend);
    for line in figure.notes.iter().flat_map(|l| wrap(l, t.note, inner)) {
        pen.text(m, y, t.note, CAVEAT, Anchor::Start, &line);
        y += t.note * 1.4;
    }
    y
}

/// The chart itself in its rectangle.
fn draw_chart(pen: &mut Pen, t: &Type, chart: Rect, what: &Chart) {
    match what {
        Chart::Empty(why) => {
            pen.text_mid(
                chart.x + chart.w / 2.0,
                chart.y + chart.h / 2.0,
                t.label * 1.2,
                MUTED,
                Anchor::Middle,
                why,
            );
        }
        Chart::Timeline { lanes, days, marks } => timeline(pen, t, chart, lanes, *days, marks),
        Chart::Numeric {
            days,
            color,
            uniform_max,
            panels,
            ..
        } => numeric(pen, t, chart, *days, *color, *uniform_max, panels),
        Chart::Bars {
            color,
            unit,
            axis,
            bars,
        } => bar_chart(pen, t, chart, *color, unit, axis, bars),
        Chart::Profile {
            measures,
            places,
            counts,
        } => profile(pen, t, chart, measures, places, counts),
    }
}

/// Legend items in rows that wrap; returns the y below them.
fn legend(pen: &mut Pen, items: &[LegendItem], x0: f32, y0: f32, inner: f32, size: f32) -> f32 {
    if items.is_empty() {
        return y0;
    }
    let sw = size * 0.9;
    let (mut x, mut y) = (x0, y0);
    for it in items {
        let w = sw + size * 0.4 + text_width(&it.label, size) + size * 1.4;
        if x > x0 && x + w > x0 + inner {
            x = x0;
            y += size * 1.5;
        }
        let (cx, cy) = (x + sw / 2.0, y + size * 0.5);
        match it.swatch {
            Swatch::Disc => pen.mark(cx, cy, sw * 0.42, it.color, false, false),
            Swatch::Ring => pen.mark(cx, cy, sw * 0.42, it.color, true, false),
            Swatch::Diamond => pen.mark(cx, cy, sw * 0.36, it.color, false, true),
            Swatch::Square => pen.rect(
                Rect {
                    x,
                    y: cy - sw / 2.0,
                    w: sw,
                    h: sw,
                },
                Some(it.color),
                Some((it.color.darker(), 0.8)),
            ),
            Swatch::Line => pen.line((x, cy), (x + sw, cy), it.color, size * 0.2),
        }
        pen.text(x + sw + size * 0.4, y, size, INK, Anchor::Start, &it.label);
        x += w;
    }
    y + size * 1.6
}

/// Round steps (1, 2, 5 × 10ⁿ) from 0 to at least `max`, about `n` of them.
fn nice_ticks(max: f64, n: usize) -> Vec<f64> {
    if max.is_nan() || max <= 0.0 || !max.is_finite() {
        return vec![0.0, 1.0];
    }
    let raw = max / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|f| f * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let count = (max / step).ceil() as usize;
    (0..=count).map(|i| i as f64 * step).collect()
}

/// Integer ticks for counts.
fn count_ticks(max: f64, n: usize) -> Vec<f64> {
    let t = nice_ticks(max.max(1.0), n);
    let step = t.get(1).copied().unwrap_or(1.0).max(1.0).round();
    let count = (max.max(1.0) / step).ceil() as usize;
    (0..=count).map(|i| i as f64 * step).collect()
}

/// Date ticks between day numbers `lo` and `hi`, at most `max` of them:
/// days, weeks, months or years, whichever fits.
fn date_ticks(lo: f64, hi: f64, max: usize) -> Vec<(f64, String)> {
    let max = max.max(2);
    let first = RecordDate::from_day_number(lo.ceil() as i64);
    let last = RecordDate::from_day_number(hi.floor() as i64);
    let multi_year = first.year != last.year;
    let day_label = |d: i64| {
        let rd = RecordDate::from_day_number(d);
        let (mo, da) = (rd.month.unwrap_or(1), rd.day.unwrap_or(1));
        if multi_year {
            format!("{}-{mo:02}-{da:02}", rd.year)
        } else {
            format!("{mo:02}-{da:02}")
        }
    };
    for step in [1i64, 2, 7, 14] {
        let start = lo.ceil() as i64;
        let ticks: Vec<(f64, String)> = (start..=hi.floor() as i64)
            .filter(|d| d.rem_euclid(step) == 0)
            .map(|d| (d as f64, day_label(d)))
            .collect();
        if ticks.len() <= max {
            return ticks;
        }
    }
    for months in [1u32, 2, 3, 6] {
        let mut ticks = Vec::new();
        for y in first.year..=last.year {
            for mo in (1..=12u32).step_by(months as usize) {
                let d = RecordDate {
                    year: y,
                    month: Some(mo as u8),
                    day: Some(1),
                }
                .day_number() as f64;
                if d >= lo && d <= hi {
                    ticks.push((d, format!("{y}-{mo:02}")));
                }
            }
        }
        if ticks.len() <= max {
            return ticks;
        }
    }
    for years in [1i32, 2, 5, 10, 50] {
        let ticks: Vec<(f64, String)> = (first.year..=last.year + 1)
            .filter(|y| y.rem_euclid(years) == 0)
            .map(|y| {
                (
                    RecordDate {
                        year: y,
                        month: Some(1),
                        day: Some(1),
                    }
                    .day_number() as f64,
                    y.to_string(),
                )
            })
            .filter(|(d, _)| *d >= lo && *d <= hi)
            .collect();
        if ticks.len() <= max {
            return ticks;
        }
    }
    Vec::new()
}

/// The days shown: the data's with a margin, so end marks are not on the frame.
fn padded(days: (i64, i64)) -> (f64, f64) {
    let (lo, hi) = (days.0 as f64, days.1.max(days.0) as f64);
    let pad = ((hi - lo) * 0.04).max(3.0);
    (lo - pad, hi + pad)
}

/// A date axis under `plot`: ticks, labels and grid lines; returns nothing,
/// the caller left `tick * 1.6` below the plot.
fn date_axis(
    pen: &mut Pen,
    t: &Type,
    plot: Rect,
    x_of: &dyn Fn(f64) -> f32,
    lo: f64,
    hi: f64,
    grid: bool,
) {
    let label_w = text_width("2020-02-28", t.tick) + 16.0 * pen.k;
    let max = (plot.w / label_w).floor() as usize;
    for (d, label) in date_ticks(lo, hi, max) {
        let x = x_of(d);
        if grid {
            pen.line(
                (x, plot.y),
                (x, plot.bottom()),
                Rgb(236, 236, 236),
                pen.k.max(0.5),
            );
        }
        pen.line(
            (x, plot.bottom()),
            (x, plot.bottom() + 4.0 * pen.k),
            MUTED,
            pen.k.max(0.5),
        );
        pen.text(
            x,
            plot.bottom() + 6.0 * pen.k,
            t.tick,
            MUTED,
            Anchor::Middle,
            &label,
        );
    }
}

/// A plot of one row per name, the names in a column on its left and room
/// for the value axis below.
struct RowsPlot {
    plot: Rect,
    row_h: f32,
    label_size: f32,
}

/// Lays out [`RowsPlot`]: names at most `fill` of a row high and at most
/// 30 % of the width (see [`label_column`]).
fn rows_plot(t: &Type, area: Rect, names: &[String], fill: f32, k: f32) -> RowsPlot {
    let axis_h = t.tick * 1.5 + t.label * 1.6 + 8.0 * k;
    let row_h = (area.h - axis_h) / names.len().max(1) as f32;
    let (label_w, label_size) = label_column(names, t.label.min(row_h * fill), area.w * 0.3);
    RowsPlot {
        plot: Rect {
            x: area.x + label_w + 12.0 * k,
            y: area.y,
            w: area.w - label_w - 12.0 * k,
            h: area.h - axis_h,
        },
        row_h,
        label_size,
    }
}

fn label_column(names: &[String], size: f32, max_w: f32) -> (f32, f32) {
    let widest = names
        .iter()
        .map(|n| text_width(n, size))
        .fold(0.0f32, f32::max);
    if widest <= max_w {
        (widest, size)
    } else {
        (max_w, size * max_w / widest)
    }
}

fn timeline(
    pen: &mut Pen,
    t: &Type,
    area: Rect,
    lanes: &[String],
    days: (i64, i64),
    marks: &[TimeMark],
) {
    let k = pen.k;
    let RowsPlot {
        plot,
        row_h: lane_h,
        label_size,
    } = rows_plot(t, area, lanes, 0.6, k);
    let n = lanes.len().max(1);
    let (lo, hi) = padded(days);
    let x_of = |d: f64| plot.x + ((d - lo) / (hi - lo)) as f32 * plot.w;
    for (i, name) in lanes.iter().enumerate() {
        let top = plot.y + i as f32 * lane_h;
        if i % 2 == 1 {
            pen.rect(
                Rect {
                    x: plot.x,
                    y: top,
                    w: plot.w,
                    h: lane_h,
                },
                Some(Rgb(247, 247, 247)),
                None,
            );
        }
        pen.text_mid(
            plot.x - 10.0 * k,
            top + lane_h / 2.0,
            label_size,
            INK,
            Anchor::End,
            name,
        );
    }
    date_axis(pen, t, plot, &x_of, lo, hi, true);
    for i in 1..n {
        let y = plot.y + i as f32 * lane_h;
        pen.line((plot.x, y), (plot.right(), y), FAINT, k.max(0.5));
    }
    pen.rect(plot, None, Some((Rgb(190, 190, 190), k.max(0.5))));
    let radius = (5.5 * k).min(lane_h * 0.1).max(1.5);
    for mk in marks {
        let y = plot.y + (mk.lane as f32 + 0.5 - mk.offset as f32) * lane_h;
        pen.mark(
            x_of(mk.day as f64),
            y,
            radius,
            mk.color,
            mk.hollow,
            mk.diamond,
        );
    }
    axis_caption(pen, t, plot, "日期 date");
}

#[allow(clippy::too_many_arguments)]
fn numeric(
    pen: &mut Pen,
    t: &Type,
    area: Rect,
    days: (i64, i64),
    color: Rgb,
    uniform: Option<f64>,
    panels: &[Panel],
) {
    let k = pen.k;
    let n = panels.len().max(1);
    let gap = 18.0 * k;
    // Columns that give each small plot the best shape (about 3:1).
    let cols = (1..=n.min(4))
        .max_by(|&a, &b| {
            let score = |c: usize| {
                let rows = n.div_ceil(c);
                let pw = (area.w - (c - 1) as f32 * gap) / c as f32;
                let ph = (area.h - (rows - 1) as f32 * gap) / rows as f32;
                (pw / 3.0).min(ph)
            };
            score(a).total_cmp(&score(b)).then(b.cmp(&a))
        })
        .unwrap_or(1);
    let rows = n.div_ceil(cols);
    let pw = (area.w - (cols - 1) as f32 * gap) / cols as f32;
    let ph = (area.h - (rows - 1) as f32 * gap) / rows as f32;
    let (lo, hi) = padded(days);
    let head = t.label.min(ph * 0.16);
    let tick = t.tick.min(ph * 0.13);
    let t2 = Type {
        tick,
        ..Type::at(k)
    };
    for (i, p) in panels.iter().enumerate() {
        let cell = Rect {
            x: area.x + (i % cols) as f32 * (pw + gap),
            y: area.y + (i / cols) as f32 * (ph + gap),
            w: pw,
            h: ph,
        };
        pen.text(
            cell.x,
            cell.y,
            head,
            INK,
            Anchor::Start,
            &format!("{}  ·  {} 条 records", p.name, p.points.len()),
        );
        let ymax = uniform
            .unwrap_or_else(|| p.points.iter().map(|q| q.value).fold(0.0, f64::max))
            .max(1e-9)
            * 1.08;
        let ticks = nice_ticks(ymax, 3);
        let top_tick = ticks.last().copied().unwrap_or(1.0);
        let yw = ticks
            .iter()
            .map(|v| text_width(&short_number(*v), tick))
            .fold(0.0f32, f32::max);
        let plot = Rect {
            x: cell.x + yw + 8.0 * k,
            y: cell.y + head * 1.5 + tick * 0.5,
            w: cell.w - yw - 8.0 * k - tick * 2.5,
            h: cell.h - head * 1.5 - tick * 2.2,
        };
        let x_of = |d: f64| plot.x + ((d - lo) / (hi - lo)) as f32 * plot.w;
        let y_of = |v: f64| plot.bottom() - (v / top_tick) as f32 * plot.h;
        for v in &ticks {
            let y = y_of(*v);
            pen.line(
                (plot.x, y),
                (plot.right(), y),
                Rgb(236, 236, 236),
                k.max(0.5),
            );
            pen.text_mid(
                plot.x - 5.0 * k,
                y,
                tick,
                MUTED,
                Anchor::End,
                &short_number(*v),
            );
        }
        date_axis(pen, &t2, plot, &x_of, lo, hi, false);
        pen.rect(plot, None, Some((Rgb(190, 190, 190), k.max(0.5))));
        let pts: Vec<(f32, f32)> = p
            .points
            .iter()
            .map(|q| (x_of(q.day as f64), y_of(q.value)))
            .collect();
        if pts.len() > 1 {
            pen.polyline(&pts, color.lighter(), 1.8 * k);
        }
        let radius = (4.5 * k).min(plot.h * 0.06).max(1.5);
        for (q, (x, y)) in p.points.iter().zip(&pts) {
            pen.mark(*x, *y, radius, color, q.approx, q.inferred);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn bar_chart(
    pen: &mut Pen,
    t: &Type,
    area: Rect,
    color: Rgb,
    unit: &str,
    axis: &str,
    bars: &[BarItem],
) {
    let k = pen.k;
    let names: Vec<String> = bars.iter().map(|b| b.name.clone()).collect();
    let RowsPlot {
        plot,
        row_h,
        label_size: name_size,
    } = rows_plot(t, area, &names, 0.55, k);
    // Figures beside the bars at the names' full size, not shrunk to fit.
    let size = t.label.min(row_h * 0.55);
    let labels: Vec<String> = bars
        .iter()
        .map(|b| figure_with_unit(b.value, unit, b.approx))
        .collect();
    let label_w = labels
        .iter()
        .map(|l| text_width(l, size))
        .fold(0.0f32, f32::max)
        + 10.0 * k;
    let max = bars.iter().map(|b| b.value).fold(0.0f64, f64::max);
    // The longest bar ends where its figure still fits in the frame.
    let span = (plot.w - label_w).max(plot.w * 0.3);
    let ticks = nice_ticks(
        max * (plot.w / span) as f64,
        ((plot.w / (110.0 * k)) as usize).max(2),
    );
    let ticks: Vec<f64> = ticks
        .into_iter()
        .filter(|v| *v <= max * (plot.w / span) as f64)
        .collect();
    let x_of = |v: f64| plot.x + (v / max.max(1e-9)) as f32 * span;
    for v in &ticks {
        grid_line(pen, t, plot, x_of(*v), &short_number(*v));
    }
    let thick = (row_h * 0.7).min(56.0 * k);
    for (i, (b, label)) in bars.iter().zip(&labels).enumerate() {
        let mid = plot.y + (i as f32 + 0.5) * row_h;
        let fill = if b.approx { color.lighter() } else { color };
        pen.rect(
            Rect {
                x: plot.x,
                y: mid - thick / 2.0,
                w: x_of(b.value) - plot.x,
                h: thick,
            },
            Some(fill),
            Some((color, k.max(0.5))),
        );
        pen.text_mid(plot.x - 10.0 * k, mid, name_size, INK, Anchor::End, &b.name);
        pen.text_mid(
            x_of(b.value) + 6.0 * k,
            mid,
            size,
            INK,
            Anchor::Start,
            label,
        );
    }
    frame_axes(pen, t, plot, axis);
}

fn profile(
    pen: &mut Pen,
    t: &Type,
    area: Rect,
    measures: &[String],
    places: &[(String, Rgb)],
    counts: &[Vec<usize>],
) {
    // Many measures: two columns of groups, so bars stay thick enough to
    // carry their figures.
    let nm = measures.len();
    let cols = if nm > 8 && area.w > 900.0 * pen.k.min(1.0) {
        2
    } else {
        1
    };
    let per = nm.div_ceil(cols);
    let gap = 36.0 * pen.k;
    let cw = (area.w - gap * (cols - 1) as f32) / cols as f32;
    let max = counts.iter().flatten().copied().max().unwrap_or(1).max(1);
    for c in 0..cols {
        let range = (c * per)..((c + 1) * per).min(nm);
        let cell = Rect {
            x: area.x + c as f32 * (cw + gap),
            y: area.y,
            w: cw,
            h: area.h,
        };
        profile_column(
            pen,
            t,
            cell,
            &measures[range.clone()],
            places,
            &counts[range],
            per,
            max,
        );
    }
}

/// One column of measure groups; `slots` groups high (the last column may
/// have fewer, and keeps the same group height), counts against `max`.
#[allow(clippy::too_many_arguments)]
fn profile_column(
    pen: &mut Pen,
    t: &Type,
    area: Rect,
    measures: &[String],
    places: &[(String, Rgb)],
    counts: &[Vec<usize>],
    slots: usize,
    max: usize,
) {
    let k = pen.k;
    let nl = places.len().max(1);
    let axis_h = t.tick * 1.5 + t.label * 1.6 + 8.0 * k;
    let group_h = (area.h - axis_h) / slots.max(1) as f32;
    let size = t.label.min(group_h * 0.45);
    let (lw, label_size) = label_column(measures, size, area.w * 0.35);
    let plot = Rect {
        x: area.x + lw + 12.0 * k,
        y: area.y,
        w: area.w - lw - 12.0 * k,
        h: area.h - axis_h,
    };
    let bar_h = group_h * 0.84 / nl as f32;
    let value_size = t.tick.min(bar_h * 0.95);
    let show_values = value_size >= 7.5 * k.min(1.0);
    let max = max as f64;
    let value_w = if show_values {
        text_width(&format!("{}", max as usize), value_size) + 10.0 * k
    } else {
        0.0
    };
    let span = (plot.w - value_w).max(plot.w * 0.3);
    let x_of = |v: f64| plot.x + (v / max) as f32 * span;
    let full = max * (plot.w / span) as f64;
    count_grid(pen, t, plot, full, &x_of);
    for (mi, label) in measures.iter().enumerate() {
        let top = plot.y + mi as f32 * group_h;
        if mi > 0 {
            pen.line((area.x, top), (plot.right(), top), FAINT, k.max(0.5));
        }
        // The label sits at the middle of its own group of bars.
        pen.text_mid(
            plot.x - 10.0 * k,
            top + group_h / 2.0,
            label_size,
            INK,
            Anchor::End,
            label,
        );
        let first = top + group_h * 0.08;
        for (li, (_, c)) in places.iter().enumerate() {
            let v = counts[mi].get(li).copied().unwrap_or(0);
            if v == 0 {
                continue;
            }
            let y = first + li as f32 * bar_h;
            pen.rect(
                Rect {
                    x: plot.x,
                    y: y + bar_h * 0.06,
                    w: x_of(v as f64) - plot.x,
                    h: bar_h * 0.88,
                },
                Some(*c),
                Some((c.darker(), (0.8 * k).min(bar_h * 0.2))),
            );
            if show_values {
                pen.text_mid(
                    x_of(v as f64) + 4.0 * k,
                    y + bar_h / 2.0,
                    value_size,
                    INK,
                    Anchor::Start,
                    &v.to_string(),
                );
            }
        }
    }
    count_axes(pen, t, plot);
}

/// Vertical grid lines at round counts, labelled below the plot.
fn count_grid(pen: &mut Pen, t: &Type, plot: Rect, full: f64, x_of: &dyn Fn(f64) -> f32) {
    let k = pen.k;
    for v in count_ticks(full, ((plot.w / (100.0 * k)) as usize).max(2))
        .into_iter()
        .filter(|v| *v <= full)
    {
        grid_line(pen, t, plot, x_of(v), &format!("{v}"));
    }
}

/// One vertical grid line across a plot at `x`, its value below the plot.
fn grid_line(pen: &mut Pen, t: &Type, plot: Rect, x: f32, label: &str) {
    let k = pen.k;
    pen.line(
        (x, plot.y),
        (x, plot.bottom()),
        Rgb(236, 236, 236),
        k.max(0.5),
    );
    pen.text(
        x,
        plot.bottom() + 6.0 * k,
        t.tick,
        MUTED,
        Anchor::Middle,
        label,
    );
}

/// The axes of a column of counts, and what they count.
fn count_axes(pen: &mut Pen, t: &Type, plot: Rect) {
    frame_axes(pen, t, plot, "记录条数 number of records");
}

/// The left and bottom axis lines of a horizontal-bar plot, and the
/// caption of the value axis below it.
fn frame_axes(pen: &mut Pen, t: &Type, plot: Rect, caption: &str) {
    let k = pen.k;
    pen.line((plot.x, plot.y), (plot.x, plot.bottom()), MUTED, k.max(0.5));
    pen.line(
        (plot.x, plot.bottom()),
        (plot.right(), plot.bottom()),
        MUTED,
        k.max(0.5),
    );
    axis_caption(pen, t, plot, caption);
}

/// What the horizontal axis counts, centred below its tick labels.
fn axis_caption(pen: &mut Pen, t: &Type, plot: Rect, caption: &str) {
    let y = plot.bottom() + t.tick * 1.5 + 6.0 * pen.k;
    pen.text(
        plot.x + plot.w / 2.0,
        y,
        t.label,
        MUTED,
        Anchor::Middle,
        caption,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_measured_wider_than_latin_and_wrapped_inside() {
        assert!(text_width("衡东县", 10.0) > text_width("abc", 10.0));
        let w = text_width("衡", 20.0);
        assert!((w - 20.0).abs() < 0.5, "an ideograph is one em: {w}");
        let long = "衡阳市、衡东县、衡南县、耒阳市、常宁市、祁东县、衡山县、南岳区";
        for line in wrap(long, 16.0, 120.0) {
            assert!(text_width(&line, 16.0) <= 120.0, "{line}");
        }
        assert_eq!(wrap(long, 16.0, 120.0).concat().replace(' ', ""), long);
    }

    #[test]
    fn ticks_fit_and_are_round() {
        assert_eq!(nice_ticks(9.0, 3), vec![0.0, 5.0, 10.0]);
        let d = RecordDate::parse("2020-02-01").unwrap().day_number() as f64;
        let ticks = date_ticks(d, d + 60.0, 6);
        assert!(ticks.len() <= 6 && ticks.len() >= 2, "{ticks:?}");
        let years = date_ticks(d, d + 3.0 * 365.0, 8);
        assert!(years.iter().all(|(_, l)| l.len() >= 4), "{years:?}");
    }
}
