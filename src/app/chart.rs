//! What every chart shares: colours, the date axis, number formatting, the
//! chart frame (title, plot, legend) that export crops to, and finding the
//! mark under the pointer.

use super::views::Empty;
use crate::records::{Dataset, Measure, RecordDate, RecordId};
use crate::report::model::{self as shared, Rgb};
use egui::{Color32, Pos2, RichText, Ui};
use egui_plot::{GridInput, GridMark};
use std::ops::RangeInclusive;

/// Colours, number formats and place names come from the library's report
/// model, so an exported figure and the window never disagree.
fn color(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// One colour per measure (the report's palette, see
/// [`crate::report::model::measure_color`]).
pub fn measure_color(m: Measure) -> Color32 {
    color(shared::measure_color(m))
}

/// Colours for places in the profile view, kept apart from the measure
/// colours (see [`crate::report::model::place_color`]).
pub fn place_color(i: usize) -> Color32 {
    color(shared::place_color(i))
}

/// A darker version of `c`, for outlines.
pub fn darker(c: Color32) -> Color32 {
    let mix = |a: u8| (a as u16 * 2 / 3) as u8;
    Color32::from_rgb(mix(c.r()), mix(c.g()), mix(c.b()))
}

/// A lighter version of `c`, for approximate figures.
pub fn lighter(c: Color32) -> Color32 {
    let mix = |a: u8| ((a as u16 + 2 * 255) / 3) as u8;
    Color32::from_rgb(mix(c.r()), mix(c.g()), mix(c.b()))
}

pub use crate::report::model::{display_names, figure_with_unit, format_figure, short_number};

/// Grid marks for a time axis in day numbers: years, months or days,
/// whichever fits the zoom.
pub fn date_grid(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    if !lo.is_finite() || !hi.is_finite() || hi <= lo || hi - lo > 365.0 * 400.0 {
        return Vec::new();
    }
    // base_step_size is the smallest step the plot can show.
    // Labels show in full from 80 points apart; base_step_size is about 8.
    let min_step = input.base_step_size.max(1e-9) * 10.0;
    let mut marks = Vec::new();
    let first = RecordDate::from_day_number(lo.floor() as i64);
    let last = RecordDate::from_day_number(hi.ceil() as i64);
    // Years always, as the strongest lines.
    for y in first.year..=last.year + 1 {
        let d = RecordDate {
            year: y,
            month: Some(1),
            day: Some(1),
        }
        .day_number() as f64;
        if d >= lo && d <= hi {
            marks.push(GridMark {
                value: d,
                step_size: 365.0,
            });
        }
    }
    let month_step = [1u32, 3, 6]
        .into_iter()
        .find(|m| (*m as f64) * 30.0 >= min_step);
    if let Some(ms) = month_step {
        for y in first.year..=last.year {
            for m in (1..=12u32).step_by(ms as usize) {
                if m == 1 {
                    continue;
                }
                let d = RecordDate {
                    year: y,
                    month: Some(m as u8),
                    day: Some(1),
                }
                .day_number() as f64;
                if d >= lo && d <= hi {
                    marks.push(GridMark {
                        value: d,
                        step_size: 30.0 * ms as f64,
                    });
                }
            }
        }
    }
    if let Some(ds) = [1i64, 2, 7, 14].into_iter().find(|d| *d as f64 >= min_step) {
        let mut d = lo.ceil() as i64;
        while (d as f64) <= hi {
            let rd = RecordDate::from_day_number(d);
            // Daily steps on multiples of the step; weekly ones on the 8th,
            // 15th and 22nd; never on the 1st, which the month label has.
            let on_step = if ds < 7 {
                d % ds == 0
            } else {
                matches!(rd.day, Some(8) | Some(15) | Some(22))
            };
            if rd.day != Some(1) && on_step {
                marks.push(GridMark {
                    value: d as f64,
                    step_size: ds as f64,
                });
            }
            d += 1;
        }
    }
    marks
}

/// Labels for [`date_grid`] marks.
pub fn date_label(mark: GridMark, _range: &RangeInclusive<f64>) -> String {
    let d = RecordDate::from_day_number(mark.value.round() as i64);
    if mark.step_size >= 365.0 {
        format!("{}", d.year)
    } else if mark.step_size >= 28.0 {
        format!("{}-{:02}", d.year, d.month.unwrap_or(1))
    } else {
        format!("{:02}-{:02}", d.month.unwrap_or(1), d.day.unwrap_or(1))
    }
}

/// Round-number grid marks (1, 2, 5 × 10ⁿ), about three per axis, so that
/// small plots still get labelled y axes.
pub fn nice_grid(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    if !lo.is_finite() || !hi.is_finite() || hi <= lo {
        return Vec::new();
    }
    // About three intervals, whatever the plot's height (small multiples).
    let min_step = ((hi - lo) / 3.2).max(input.base_step_size * 3.0).max(1e-12);
    let mag = 10f64.powf(min_step.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= min_step)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    if last - first > 1000 {
        return Vec::new();
    }
    (first..=last)
        .map(|k| GridMark {
            value: k as f64 * step,
            step_size: step,
        })
        .collect()
}

/// Integer grid marks (lanes, rows, measure groups).
pub fn integer_grid(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    if !lo.is_finite() || !hi.is_finite() || hi - lo > 10_000.0 {
        return Vec::new();
    }
    (lo.ceil() as i64..=hi.floor() as i64)
        .map(|v| GridMark {
            value: v as f64,
            step_size: 1.0,
        })
        .collect()
}

/// A mark drawn on a plot, in screen space, for hover and click.
#[derive(Clone, Copy, Debug)]
pub struct Mark {
    pub pos: Pos2,
    pub record: RecordId,
}

/// The mark nearest to `pointer` within `radius` points.
pub fn nearest(marks: &[Mark], pointer: Pos2, radius: f32) -> Option<Mark> {
    let mut best: Option<(f32, Mark)> = None;
    for m in marks {
        let d = m.pos.distance_sq(pointer);
        if d <= radius * radius && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, *m));
        }
    }
    best.map(|(_, m)| m)
}

/// The hover card of a record: value, unit, indicator, date (and how it was
/// found), locality.
pub fn record_tooltip(ui: &mut Ui, ds: &Dataset, id: RecordId) {
    let r = ds.record(id);
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
        ui.painter()
            .circle_filled(rect.center(), 5.0, measure_color(r.measure));
        ui.label(RichText::new(r.measure.label()).strong());
    });
    ui.label(
        RichText::new(figure_with_unit(r.value, &r.unit, r.approx))
            .size(18.0)
            .strong(),
    );
    if let Some(ind) = r.indicator.as_deref() {
        ui.label(ind);
    }
    ui.label(format!("{}  {}", r.date, date_basis_text(r)));
    ui.label(ds.key_of(id).replace('/', " › "));
    ui.weak("点击查看出处 click for the evidence");
}

pub fn date_basis_text(r: &crate::records::Record) -> &'static str {
    use crate::records::DateBasis;
    match r.date_basis {
        Some(DateBasis::Stated) => "(日期见原文 stated)",
        Some(DateBasis::Article) => "(发稿日期 article date)",
        Some(DateBasis::Inferred) => "(日期系推断 inferred)",
        None => "",
    }
}

/// A row of coloured swatches with labels, wrapping between items (never
/// inside one): the legend above a chart.
pub fn legend(ui: &mut Ui, items: &[(Color32, String, bool)]) {
    let font = egui::FontId::proportional(13.0);
    let color = Color32::from_gray(30);
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = egui::vec2(14.0, 4.0);
        for (swatch, label, hollow) in items {
            // Swatch and text are one widget, so a line never breaks between them.
            let galley = ui
                .painter()
                .layout_no_wrap(label.clone(), font.clone(), color);
            let size = egui::vec2(16.0 + galley.size().x, galley.size().y.max(14.0));
            let (rect, resp) = ui.allocate_exact_size(size, egui::Sense::hover());
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, label.as_str()));
            let c = egui::pos2(rect.left() + 6.0, rect.center().y);
            if *swatch == Color32::TRANSPARENT {
                // A key item without a swatch: its text says it all.
            } else if *hollow {
                ui.painter()
                    .circle_stroke(c, 4.5, egui::Stroke::new(1.5, *swatch));
            } else {
                ui.painter().circle_filled(c, 5.0, *swatch);
            }
            ui.painter().galley(
                egui::pos2(rect.left() + 16.0, rect.center().y - galley.size().y / 2.0),
                galley,
                color,
            );
        }
    });
}

/// A plot with one labelled row per entry, the first at the top: bar rows,
/// profile rows and timeline lanes. Sets the row grid and the labels.
pub fn rows_plot<'a>(
    id: &str,
    height: f32,
    labels: Vec<String>,
    label_width: f32,
) -> egui_plot::Plot<'a> {
    let n = labels.len();
    egui_plot::Plot::new(id)
        .height(height)
        .show_x(false)
        .show_y(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .y_grid_spacer(integer_grid)
        .y_axis_min_width(label_width)
        .y_axis_formatter(move |mark, _| {
            let v = mark.value.round();
            if (mark.value - v).abs() > 1e-6 || v < 0.0 || v as usize >= n {
                return String::new();
            }
            labels[n - 1 - v as usize].clone()
        })
}

/// Bars are read, not explored: a plot that neither zooms nor pans.
pub fn fixed(plot: egui_plot::Plot<'_>) -> egui_plot::Plot<'_> {
    plot.allow_zoom(false)
        .allow_drag(false)
        .allow_double_click_reset(false)
}

/// Time plots (timeline, small multiples) zoom and pan in time only, all
/// together: one time axis across the view.
pub fn along_time<'a>(plot: egui_plot::Plot<'a>, group: egui::Id) -> egui_plot::Plot<'a> {
    plot.link_axis(group, [true, false])
        .link_cursor(group, [true, false])
        .allow_zoom([true, false])
        .allow_drag([true, false])
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_x(false)
        .show_y(false)
}

/// An empty chart: nothing is charted (so nothing can be exported or
/// clicked) and a big message says what is missing and what to do.
pub fn no_chart(ui: &mut Ui, title: &str, hint: &str) {
    ui.vertical_centered(|ui| {
        ui.add_space((ui.available_height() * 0.3).max(20.0));
        ui.label(RichText::new(title).size(20.0).strong());
        ui.add_space(8.0);
        ui.label(RichText::new(hint).size(15.0).weak());
    });
}

/// What a view shows when it has no chart: what is missing and what to do.
pub fn empty_ui(ui: &mut Ui, why: Empty, loading: bool) {
    let (title, hint) = match why {
        Empty::NoRecords => (
            "还没有记录 No records yet",
            if loading {
                "正在读取文件夹… Reading the folder…"
            } else {
                "点击 “打开文件夹 Open folder…” 或把文件夹拖到窗口上。\nClick “Open folder…” or drop a folder on this window: records (.jsonl, .csv) and news pages (.txt, .html) are read."
            },
        ),
        Empty::NoPlaces => (
            "请在左侧勾选地点 Tick places on the left",
            "勾选两个或更多地点即可并排比较。\nTick two or more places in the list on the left to compare them side by side.",
        ),
        Empty::NoMeasures => (
            "没有选择措施 No measure chosen",
            "在左侧“措施 Measures”中勾选至少一项。\nTick at least one measure on the left.",
        ),
        Empty::NothingInFilter => (
            "这些地点在所选措施和日期内没有记录 No records for these places",
            "试试其他措施、放宽日期，或勾选别的地点。\nTry other measures, a wider date range, or other places.",
        ),
        Empty::NoFigure => (
            "没有可比较的数值 No figures to compare",
            "试试其他措施或地点。 Try other measures or places.",
        ),
        Empty::NoSuchFigure => (
            "这些地点没有此项数值 No such figures for these places",
            "在上方换一个指标。 Pick another figure above.",
        ),
        Empty::NoRecordsHere => (
            "这些地点没有记录 No records for these places",
            "试试其他措施或日期。 Try other measures or dates.",
        ),
    };
    no_chart(ui, title, hint);
}

/// The time range to show: the records' days with a margin.
pub fn x_range(ds: &Dataset, ids: &[RecordId]) -> (f64, f64) {
    let (lo, hi) = ids
        .iter()
        .map(|&i| ds.day(i))
        .fold((i64::MAX, i64::MIN), |(a, b), d| (a.min(d), b.max(d)));
    if lo > hi {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) as f64 * 0.04).max(3.0);
    (lo as f64 - pad, hi as f64 + pad)
}

/// The date range of the records, for subtitles.
pub fn range_text(ds: &Dataset, ids: &[RecordId]) -> String {
    let days = ids.iter().map(|&i| ds.day(i));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_well() {
        assert_eq!(format_figure(450000.0), "450,000");
        assert_eq!(format_figure(75.3), "75.3");
        assert_eq!(format_figure(-1234567.5), "-1,234,567.5");
        assert_eq!(format_figure(999.0), "999");
        assert_eq!(figure_with_unit(8000.0, "户", true), "≈8,000 户");
        assert_eq!(short_number(12000.0), "1.2万");
        assert_eq!(short_number(350.0), "350");
        assert_eq!(short_number(2.1e8), "2.1亿");
    }

    #[test]
    fn date_grid_gives_years_and_months() {
        let lo = RecordDate::parse("2020-01-15").unwrap().day_number() as f64;
        let hi = RecordDate::parse("2022-06-01").unwrap().day_number() as f64;
        let marks = date_grid(GridInput {
            bounds: (lo, hi),
            base_step_size: 1.0,
        });
        assert!(marks.iter().any(|m| m.step_size == 365.0));
        let years: Vec<_> = marks
            .iter()
            .filter(|m| m.step_size == 365.0)
            .map(|m| date_label(*m, &(lo..=hi)))
            .collect();
        assert_eq!(years, vec!["2021", "2022"]);
        let short = date_grid(GridInput {
            bounds: (lo, lo + 20.0),
            base_step_size: 0.1,
        });
        assert!(short.iter().any(|m| m.step_size < 28.0));
    }

    /// CIE76 distance of two colours, to check palettes apart.
    fn delta_e(a: Color32, b: Color32) -> f64 {
        fn lab(c: Color32) -> [f64; 3] {
            let lin = |v: u8| {
                let v = v as f64 / 255.0;
                if v <= 0.04045 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            let (r, g, b) = (lin(c.r()), lin(c.g()), lin(c.b()));
            let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
            let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
            let f = |t: f64| {
                if t > 0.008856 {
                    t.cbrt()
                } else {
                    7.787 * t + 16.0 / 116.0
                }
            };
            [
                116.0 * f(y) - 16.0,
                500.0 * (f(x) - f(y)),
                200.0 * (f(y) - f(z)),
            ]
        }
        let (a, b) = (lab(a), lab(b));
        (0..3).map(|i| (a[i] - b[i]).powi(2)).sum::<f64>().sqrt()
    }

    #[test]
    fn place_colours_are_not_measure_colours() {
        for i in 0..10 {
            for m in Measure::ALL {
                let d = delta_e(place_color(i), measure_color(m));
                assert!(d >= 23.0, "place {i} and {m:?}: ΔE {d:.1}");
            }
            for j in 0..i {
                assert!(delta_e(place_color(i), place_color(j)) >= 30.0);
            }
        }
    }

    #[test]
    fn nearest_mark_within_radius() {
        let marks = [
            Mark {
                pos: Pos2::new(0.0, 0.0),
                record: 1,
            },
            Mark {
                pos: Pos2::new(10.0, 0.0),
                record: 2,
            },
        ];
        assert_eq!(nearest(&marks, Pos2::new(8.0, 1.0), 5.0).unwrap().record, 2);
        assert!(nearest(&marks, Pos2::new(50.0, 0.0), 5.0).is_none());
    }
}
