//! Frame cost of the app with 50 localities and 1k / 10k / 50k / 200k
//! records, in each view, idle (the pointer still) and with the pointer
//! moving over the chart; the ratio 50k : 1k per view; time from nothing to
//! the first frame; peak memory. Prints figures, asserts nothing about time
//! (machines differ).
//!
//! `cargo bench --bench frame` (release) or `cargo bench --profile dev --bench frame`;
//! `FRAME_SIZES=1000,50000` picks the record counts, `FRAME_VIEWS=bars,profile`
//! the views, `FRAME_COUNT=200` the frames measured (60).
//! Targets: < 4 ms per frame at every size, 50k : 1k ≤ 2, < 0.5 s to the first frame.

// Tests and benchmarks unwrap: a panic is a failure with its message.
#![allow(clippy::unwrap_used)]

mod common;

use countylens::app::{CountyLens, Origin, StartOptions, View};
use countylens::records::{DateBasis, Measure, Record, RecordDate, Status};
use std::time::{Duration, Instant};

fn records(n: usize, places: usize) -> Vec<Record> {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let counties = [
        "衡东县",
        "耒阳市",
        "衡南县",
        "蒸湘区",
        "珠晖区",
        "北塔区",
        "赫山区",
        "湘潭县",
        "桑植县",
        "祁东县",
    ];
    let units = ["户", "人", "个", "只", "人次"];
    let start = RecordDate::parse("2020-01-20").unwrap().day_number();
    (0..n)
        .map(|i| {
            let p = i % places;
            let name = format!("{}第{}镇", counties[p % counties.len()], p);
            let m = Measure::ALL[(rnd() % 17) as usize];
            Record {
                locality: name.as_str().into(),
                locality_path: [
                    "湖南省".into(),
                    "衡阳市".into(),
                    counties[p % counties.len()].into(),
                    name.into(),
                ]
                .into(),
                level: None,
                date: RecordDate::from_day_number(start + (rnd() % 900) as i64),
                date_basis: Some(if rnd() % 3 == 0 {
                    DateBasis::Inferred
                } else {
                    DateBasis::Article
                }),
                measure: m,
                indicator: Some("排查".into()),
                value: (rnd() % 100_000) as f64,
                unit: units[(rnd() % 5) as usize].into(),
                approx: rnd() % 4 == 0,
                source: format!("page-{}.txt", i / 20).into(),
                span: None,
                evidence: Some("排查居民8000多户".into()),
                date_clue: None,
                series: None,
                tally: None,
                part_of: false,
                code: None,
                status: Status::Extracted,
                extra: Default::default(),
            }
        })
        .collect()
}

/// One frame of the app on a bare context, as eframe runs it (no
/// accessibility tree, which only exists when a screen reader asks).
fn frame(ctx: &egui::Context, app: &mut CountyLens, pointer: egui::Pos2) -> (Duration, Duration) {
    frame_with(ctx, app, vec![egui::Event::PointerMoved(pointer)])
}

/// One frame with these input events.
fn frame_with(
    ctx: &egui::Context,
    app: &mut CountyLens,
    events: Vec<egui::Event>,
) -> (Duration, Duration) {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        events,
        ..Default::default()
    };
    let t = common::thread_cpu();
    let mut out = ctx.run_ui(input, |ui| app.frame(ui));
    out.textures_delta.clear();
    let ui_time = common::thread_cpu() - t;
    let t = common::thread_cpu();
    std::hint::black_box(ctx.tessellate(out.shapes, out.pixels_per_point));
    (ui_time, common::thread_cpu() - t)
}

/// CPU time a frame (ui + tessellation, ms) over `frames` frames; the
/// pointer rests at `center` or moves around it.
fn measure(
    ctx: &egui::Context,
    app: &mut CountyLens,
    center: egui::Pos2,
    frames: usize,
    moving: bool,
) -> (f64, f64) {
    let (mut ui_time, mut tess_time) = (Duration::ZERO, Duration::ZERO);
    for k in 0..frames {
        // Moving: a little every frame, so hover work is done every frame.
        let p = if moving {
            center + egui::vec2((k % 7) as f32 * 13.0, (k % 5) as f32 * 9.0)
        } else {
            center
        };
        let (u, t) = frame(ctx, app, p);
        ui_time += u;
        tess_time += t;
    }
    let per = |d: Duration| d.as_secs_f64() * 1e3 / frames as f64;
    (per(ui_time), per(tess_time))
}

/// Where the chart is, to hover over it.
fn chart_center(app: &CountyLens) -> egui::Pos2 {
    app.shown
        .rect
        .map(|r| r.center())
        .unwrap_or(egui::pos2(800.0, 450.0))
}

/// How many records the chart shows.
fn chart_len(app: &CountyLens) -> usize {
    app.shown.records.len()
}

/// CPU time a frame while the chart is dragged sideways (the time plots
/// pan: everything on screen moves), ms.
fn measure_drag(
    ctx: &egui::Context,
    app: &mut CountyLens,
    center: egui::Pos2,
    frames: usize,
) -> f64 {
    let button = |pos, pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Default::default(),
    };
    frame_with(
        ctx,
        app,
        vec![egui::Event::PointerMoved(center), button(center, true)],
    );
    let mut total = Duration::ZERO;
    for k in 0..frames {
        // Back and forth, 4 points a frame.
        let dx = if (k / 20) % 2 == 0 { 4.0 } else { -4.0 };
        let p = center + egui::vec2(dx * (k % 20) as f32, 0.0);
        let (u, t) = frame_with(ctx, app, vec![egui::Event::PointerMoved(p)]);
        total += u + t;
    }
    frame_with(ctx, app, vec![button(center, false)]);
    total.as_secs_f64() * 1e3 / frames as f64
}

fn main() {
    // Time to first frame: context, fonts, sample records, the first full pass.
    let t0 = Instant::now();
    let ctx = egui::Context::default();
    let mut app = CountyLens::with_context(
        ctx.clone(),
        StartOptions {
            fresh: true,
            ..Default::default()
        },
        None,
    );
    frame(&ctx, &mut app, egui::pos2(0.0, 0.0));
    let first = t0.elapsed();
    println!(
        "time to first frame (context, fonts, sample, first pass + tessellation): {:.1} ms (target < 500 ms)",
        first.as_secs_f64() * 1e3
    );

    let sizes: Vec<usize> = std::env::var("FRAME_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 50_000, 200_000]);
    // (view, records) → ms a frame with the pointer moving.
    let mut moving_ms: Vec<(View, usize, f64)> = Vec::new();
    for &n in &sizes {
        let recs = records(n, 50);
        let t = Instant::now();
        app.set_records(recs, Origin::Sample);
        println!(
            "\n{n} records, 50 places: index (Dataset::new) {:.1} ms",
            t.elapsed().as_secs_f64() * 1e3
        );
        let keys: Vec<String> = app.data.places_with_records();
        assert_eq!(keys.len(), 50);
        app.select(keys);
        let frames: usize = std::env::var("FRAME_COUNT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(60);
        let views: Vec<View> = std::env::var("FRAME_VIEWS")
            .ok()
            .map(|s| s.split(',').filter_map(View::from_code).collect())
            .unwrap_or_else(|| View::ALL.to_vec());
        for &view in &views {
            app.view = view;
            app.fix_figure();
            let t = common::thread_cpu();
            frame(&ctx, &mut app, egui::pos2(0.0, 0.0));
            let first = (common::thread_cpu() - t).as_secs_f64() * 1e3;
            for _ in 0..2 {
                frame(&ctx, &mut app, egui::pos2(0.0, 0.0));
            }
            let center = chart_center(&app);
            let (iu, it) = measure(&ctx, &mut app, center, frames, false);
            let (mu, mt) = measure(&ctx, &mut app, center, frames, true);
            println!(
                "{:<9} {:>7} rec: first {:>8.1} ms · idle {:>7.2} + {:>6.2} = {:>7.2} ms · pointer moving {:>7.2} + {:>6.2} = {:>7.2} ms CPU/frame (ui + tessellate; target < 4) · {} on the chart",
                view.code(),
                n,
                first,
                iu,
                it,
                iu + it,
                mu,
                mt,
                mu + mt,
                chart_len(&app)
            );
            moving_ms.push((view, n, mu + mt));
            if matches!(view, View::Timeline | View::Numeric) {
                let d = measure_drag(&ctx, &mut app, center, frames);
                println!(
                    "{:<9} {:>7} rec: dragging (panning) {:>7.2} ms CPU/frame",
                    view.code(),
                    n,
                    d
                );
            }
        }
    }
    let at = |v: View, n: usize| {
        moving_ms
            .iter()
            .find(|(w, m, _)| *w == v && *m == n)
            .map(|x| x.2)
    };
    println!();
    for view in View::ALL {
        if let (Some(a), Some(b)) = (at(view, 1_000), at(view, 50_000)) {
            println!(
                "{:<9} 50k : 1k = {:.2} (goal ≤ 2; pointer moving)",
                view.code(),
                b / a
            );
        }
    }
    println!("peak memory (VmHWM): {:.0} MB", common::vm_hwm_mb());
}
