//! Bar charts: one measure and unit, a bar per locality, largest first, the
//! figure written on each bar; and the profile, records per measure side by
//! side for the chosen localities.

use super::chart::{self, locality_color, measure_color};
use super::timeline::{chart_frame, figure_picker, has_something, range_text};
use super::{Command, CountyLens};
use crate::compare::Aggregate;
use crate::records::{Measure, RecordId};
use egui::{Align2, Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, PlotPoint, Text};

pub fn bars_ui(ui: &mut Ui, app: &mut CountyLens, exporting: bool) -> Vec<Command> {
    let mut cmds = Vec::new();
    if !has_something(ui, app) {
        return cmds;
    }
    let ds = app.data.clone();
    {
        ui.horizontal_wrapped(|ui| {
            figure_picker(ui, app);
            ui.label("每地取 per place:");
            egui::ComboBox::from_id_salt("aggregate")
                .selected_text(app.aggregate.label())
                .show_ui(ui, |ui| {
                    for a in Aggregate::ALL {
                        ui.selectable_value(&mut app.aggregate, a, a.label());
                    }
                })
                .response
                .on_hover_text(
                    "latest: the figure of the last date\nlargest: the biggest figure reported\nsum of periods: one-day and one-round figures of distinct days added; running totals and parts (其中) are never added",
                );
            let fits = app
                .figure
                .as_ref()
                .is_some_and(|k| crate::compare::population::is_per_capita_unit(&k.unit));
            ui.add_enabled(
                fits,
                egui::Checkbox::new(&mut app.per_capita, "每万常住人口 per 10,000 residents"),
            )
            .on_hover_text("People and households per 10,000 residents of the 2020 census (counties, cities, provinces)")
            .on_disabled_hover_text("Only counts of people or households go per resident");
        });
        ui.label(
            RichText::new("点击柱子看出处 click a bar for its evidence")
                .weak()
                .size(12.0),
        );
    }
    let Some(what) = app.figure.clone() else {
        chart::no_chart(
            ui,
            app,
            "没有可比较的数值 No figures to compare",
            "试试其他措施或地点。 Try other measures or places.",
        );
        return cmds;
    };
    let (measure, mut unit) = (what.measure, what.unit.clone());
    let mut rows = ds.bars(&app.selection, &what, app.aggregate, &app.filter);
    // Per 10,000 residents: places without a census figure leave the bars
    // and are named below them with the reason, never dropped silently.
    let per_capita = app.per_capita && crate::compare::population::is_per_capita_unit(&unit);
    let mut no_population: Vec<String> = Vec::new();
    if per_capita {
        let g = crate::gazetteer::Gazetteer::bundled();
        rows.retain_mut(|r| {
            match crate::compare::population::residents(g, ds.record(r.records[0])) {
                Ok(n) => {
                    r.value = crate::compare::population::per_10k(r.value, n);
                    true
                }
                Err(why) => {
                    no_population.push(format!("{} ({why})", r.name));
                    false
                }
            }
        });
        rows.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.key.cmp(&b.key)));
        unit = format!("{unit}/万人");
    }
    app.chart_records = rows
        .iter()
        .flat_map(|r| r.records.iter().copied())
        .collect();
    if rows.is_empty() && !no_population.is_empty() {
        let why = format!(
            "无人口数 No census figure: {}. 取消“每万常住人口”看原数。 Untick per 10,000 residents for the counts.",
            no_population.join("、")
        );
        chart::no_chart(
            ui,
            app,
            "这些地点没有人口数 No census figures for these places",
            &why,
        );
        return cmds;
    }
    if rows.is_empty() {
        chart::no_chart(
            ui,
            app,
            "这些地点没有此项数值 No such figures for these places",
            "在上方换一个指标。 Pick another figure above.",
        );
        return cmds;
    }
    let names = chart::display_names(&ds, &rows.iter().map(|r| r.key.clone()).collect::<Vec<_>>());
    let n = rows.len();
    let max = rows.iter().map(|r| r.value).fold(0.0f64, f64::max);
    let color = measure_color(measure);
    let title = format!(
        "{}（{}）{}",
        what.label(),
        app.aggregate.label(),
        if per_capita {
            " · 每万常住人口 per 10,000 residents (2020 census)"
        } else {
            ""
        }
    );
    // What the bars leave out or cannot vouch for, said on the chart itself.
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
    let missing: Vec<String> = {
        let have: std::collections::HashSet<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        let all = chart::display_names(&ds, &app.selection);
        app.selection
            .iter()
            .zip(all)
            .filter(|(k, _)| !have.contains(k.as_str()))
            .map(|(_, n)| n)
            .collect()
    };
    let subtitle = format!(
        "{} 个地点 places · {} 条记录 records · {}",
        n,
        app.chart_records.len(),
        range_text(app, &app.chart_records.clone())
    );
    let mut clicked: Option<Vec<RecordId>> = None;
    let mut hits = Vec::new();
    let frame = chart_frame(ui, &title, &subtitle, |ui| {
        chart::legend(
            ui,
            &[
                (color, format!("{} ({})", measure.label(), unit), false),
                (
                    chart::lighter(color),
                    "浅色 ≈ 约数 pale ≈ approximate".into(),
                    false,
                ),
            ],
        );
        if !missing.is_empty() {
            ui.label(
                RichText::new(format!("无此项 No such figure: {}", missing.join("、")))
                    .size(12.0)
                    .color(Color32::from_gray(110)),
            );
        }
        if !no_population.is_empty() {
            ui.label(
                RichText::new(format!(
                    "无人口数，未列入 No census figure, not shown: {}",
                    no_population.join("、")
                ))
                .size(12.0)
                .color(Color32::from_gray(110)),
            );
        }
        for c in &caveats {
            ui.label(
                RichText::new(format!("注意 {c}"))
                    .size(12.0)
                    .color(Color32::from_rgb(150, 90, 0)),
            );
        }
        let name_width =
            names.iter().map(|s| s.chars().count()).max().unwrap_or(2) as f32 * 14.0 + 12.0;
        // Bars no thicker than ~60 points, rows no thinner than ~26.
        let height = (n as f32 * 64.0 + 70.0)
            .min(ui.available_height())
            .max(n as f32 * 26.0 + 50.0)
            .max(140.0);
        let names2 = names.clone();
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
        // Room right of the longest bar for its figure, however narrow the
        // chart (the details panel takes a third of the window): the label's
        // width in points as a share of the plot's.
        let label_px = rows
            .iter()
            .map(|r| {
                chart::figure_with_unit(r.value, &unit, r.approx)
                    .chars()
                    .count()
            })
            .max()
            .unwrap_or(4) as f32
            * 9.0
            + 12.0;
        let plot_px = (ui.available_width() - name_width - 24.0).max(80.0);
        let share = (label_px / plot_px).min(0.8) as f64;
        let room = (1.0 / (1.0 - share)).max(1.3);
        let plot = chart::fixed(chart::rows_plot("bars", height, names2, name_width))
            .include_x(0.0)
            .include_x(max * room)
            .include_y(-0.6)
            .include_y(n as f64 - 0.4)
            .x_grid_spacer(chart::nice_grid)
            .x_axis_formatter(|m, _| chart::short_number(m.value))
            .x_axis_label(format!("{} ({})", measure.zh(), unit));
        let resp = plot.show(ui, |pui| {
            pui.bar_chart(
                BarChart::new(measure.label(), bars)
                    .color(color)
                    .horizontal()
                    .allow_hover(false),
            );
            for (rank, r) in rows.iter().enumerate() {
                let label = format!(" {}", chart::figure_with_unit(r.value, &unit, r.approx));
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
        });
        for (rank, r) in rows.iter().enumerate() {
            let row = (n - 1 - rank) as f64;
            let a = resp
                .transform
                .position_from_point(&PlotPoint::new(0.0, row + 0.35));
            let b = resp
                .transform
                .position_from_point(&PlotPoint::new(r.value, row - 0.35));
            hits.push((
                egui::Rect::from_two_pos(a, b).intersect(resp.response.rect),
                r.records.clone(),
            ));
        }
        // Which bar is under the pointer: its row, anywhere along it.
        if exporting {
            return;
        }
        if let Some(pos) = resp.response.hover_pos() {
            let p = resp.transform.value_from_position(pos);
            let row = p.y.round();
            if (p.y - row).abs() <= 0.4 && row >= 0.0 && (row as usize) < n {
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
                if resp.response.clicked() {
                    clicked = Some(r.records.clone());
                }
                egui::Tooltip::always_open(
                    ui.ctx().clone(),
                    ui.layer_id(),
                    egui::Id::unique("bar-tooltip"),
                    egui::PopupAnchor::Pointer,
                )
                .show(|ui| {
                    ui.label(RichText::new(&names[rank]).strong());
                    ui.label(
                        RichText::new(chart::figure_with_unit(r.value, &unit, r.approx))
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
            }
        }
    });
    app.hits = hits;
    app.chart_rect = Some(frame);
    if let Some(ids) = clicked {
        cmds.push(Command::ShowDetails(ids));
    }
    cmds
}

pub fn profile_ui(ui: &mut Ui, app: &mut CountyLens, exporting: bool) -> Vec<Command> {
    let mut cmds = Vec::new();
    if !has_something(ui, app) {
        return cmds;
    }
    let ds = app.data.clone();
    let keys = app.selection.clone();
    let names = chart::display_names(&ds, &keys);
    let profile = ds.profile(&keys, &app.filter);
    let mut present: Vec<Measure> = profile
        .iter()
        .flat_map(|(_, m)| m.keys().copied())
        .collect();
    present.sort();
    present.dedup();
    app.chart_records = profile
        .iter()
        .flat_map(|(_, m)| m.values().flatten().copied())
        .collect();
    if present.is_empty() {
        chart::no_chart(
            ui,
            app,
            "这些地点没有记录 No records for these places",
            "试试其他措施或日期。 Try other measures or dates.",
        );
        return cmds;
    }
    {
        ui.label(RichText::new("每个措施下，各地点的记录条数并排显示；点击柱子看这些记录 · records per measure, side by side; click a bar for the records").weak().size(12.0));
    }
    let nl = keys.len();
    let nm = present.len();
    let title = format!("各地记录概况 Records per measure · {} 个地点 places", nl);
    let subtitle = format!(
        "{} 条记录 records · {}",
        app.chart_records.len(),
        range_text(app, &app.chart_records.clone())
    );
    let legend: Vec<(Color32, String, bool)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (locality_color(i), n.clone(), false))
        .collect();
    let mut clicked: Option<Vec<RecordId>> = None;
    let mut hits = Vec::new();
    let group = 0.9;
    let w = group / nl as f64;
    // Measure rows top to bottom in table order; places within a row top to bottom in selection order.
    let row_y = |mi: usize| (nm - 1 - mi) as f64;
    let bar_y = |mi: usize, li: usize| row_y(mi) + group / 2.0 - w * (li as f64 + 0.5);
    let frame = chart_frame(ui, &title, &subtitle, |ui| {
        chart::legend(ui, &legend);
        let height = ui
            .available_height()
            // Bars of a few pixels read as lines: rather scroll than squeeze.
            .max(nm as f32 * (nl as f32 * 8.0 + 6.0) + 50.0)
            .max(160.0);
        let labels: Vec<String> = present.iter().map(|m| m.zh().to_string()).collect();
        let max = profile
            .iter()
            .flat_map(|(_, m)| m.values().map(|v| v.len()))
            .max()
            .unwrap_or(1) as f64;
        let plot = chart::fixed(chart::rows_plot("profile", height, labels, 70.0))
            .include_x(0.0)
            .include_x(max * 1.15)
            .include_y(-0.5)
            .include_y(nm as f64 - 0.5)
            .x_grid_spacer(chart::nice_grid)
            .x_axis_label("记录条数 number of records");
        let resp = plot.show(ui, |pui| {
            for (li, (_, per)) in profile.iter().enumerate() {
                let bars: Vec<Bar> = present
                    .iter()
                    .enumerate()
                    .filter_map(|(mi, m)| {
                        let c = per.get(m).map_or(0, |v| v.len());
                        (c > 0).then(|| {
                            Bar::new(bar_y(mi, li), c as f64)
                                .width(w * 0.9)
                                .fill(locality_color(li))
                        })
                    })
                    .collect();
                pui.bar_chart(
                    BarChart::new(names[li].clone(), bars)
                        .color(locality_color(li))
                        .horizontal()
                        .allow_hover(false),
                );
                if (height / nm as f32) * w as f32 >= 11.0 {
                    for (mi, m) in present.iter().enumerate() {
                        let c = per.get(m).map_or(0, |v| v.len());
                        if c > 0 {
                            pui.text(
                                Text::new(
                                    "",
                                    PlotPoint::new(c as f64, bar_y(mi, li)),
                                    RichText::new(format!(" {c}"))
                                        .size(11.0)
                                        .color(Color32::from_gray(40)),
                                )
                                .anchor(Align2::LEFT_CENTER)
                                .allow_hover(false),
                            );
                        }
                    }
                }
            }
        });
        for (li, (_, per)) in profile.iter().enumerate() {
            for (mi, m) in present.iter().enumerate() {
                if let Some(ids) = per.get(m) {
                    let y = bar_y(mi, li);
                    let a = resp
                        .transform
                        .position_from_point(&PlotPoint::new(0.0, y + w * 0.45));
                    let b = resp
                        .transform
                        .position_from_point(&PlotPoint::new(ids.len() as f64, y - w * 0.45));
                    hits.push((
                        egui::Rect::from_two_pos(a, b).intersect(resp.response.rect),
                        ids.clone(),
                    ));
                }
            }
        }
        if exporting {
            return;
        }
        if let Some(pos) = resp.response.hover_pos() {
            let p = resp.transform.value_from_position(pos);
            // Which (measure, place) bar: undo bar_y.
            let row = p.y.round();
            if row >= 0.0 && (row as usize) < nm {
                let mi = nm - 1 - row as usize;
                let li_f = (row_y(mi) + group / 2.0 - p.y) / w - 0.5;
                let li = li_f.round();
                if li >= 0.0 && (li as usize) < nl && (li_f - li).abs() <= 0.45 {
                    let li = li as usize;
                    let ids = profile[li].1.get(&present[mi]).cloned().unwrap_or_default();
                    if !ids.is_empty() && p.x <= ids.len() as f64 + max * 0.05 {
                        if resp.response.clicked() {
                            clicked = Some(ids.clone());
                        }
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
                    }
                }
            }
        }
    });
    app.hits = hits;
    app.chart_rect = Some(frame);
    if let Some(ids) = clicked {
        cmds.push(Command::ShowDetails(ids));
    }
    cmds
}
