//! Pictures of the main views, rendered with wgpu (on Linux CI: lavapipe,
//! Debian's `mesa-vulkan-drivers`, installed by scripts/install-test-deps.sh).
//! `UPDATE_SNAPSHOTS=1 cargo test --test gui_snapshots` refreshes them.
//!
//! The records are made up here, so the pictures do not change when the
//! bundled sample does.

// Tests and benchmarks unwrap: a panic is a failure with its message.
#![allow(clippy::unwrap_used)]

use countylens::app::{CountyLens, Origin, StartOptions, View};
use countylens::records::{DateBasis, Measure, Record, RecordDate, Status};
use egui_kittest::Harness;

fn records() -> Vec<Record> {
    let places: [(&[&str], &str); 5] = [
        (&["湖南省", "衡阳市", "衡东县"], "county"),
        (&["湖南省", "衡阳市", "耒阳市"], "county"),
        (&["湖南省", "衡阳市", "蒸湘区"], "county"),
        (&["湖南省", "衡阳市", "珠晖区", "东风街道"], "township"),
        (&["湖南省", "益阳市", "赫山区"], "county"),
    ];
    let measures = [
        (
            Measure::Screening,
            "户",
            "排查居民户",
            "screening.households",
        ),
        (Measure::Checkpoint, "个", "设立卡口", "checkpoint.posts"),
        (Measure::Supplies, "只", "发放口罩", "supplies.masks"),
        (Measure::Personnel, "人", "下沉干部", "personnel.cadres"),
        (Measure::Testing, "人次", "核酸检测", "testing.samples"),
    ];
    let mut out = Vec::new();
    for (pi, (path, _)) in places.iter().enumerate() {
        for k in 0..8usize {
            let (m, unit, ind, series) = measures[(pi + k) % measures.len()];
            let day = RecordDate::parse("2020-01-25").unwrap().day_number()
                + (k as i64 * 9 + pi as i64 * 4) % 60
                + if m == Measure::Testing { 400 } else { 0 };
            let value = ((pi + 1) * 1000 + k * 750) as f64;
            out.push(Record {
                locality: (*path.last().unwrap()).into(),
                locality_path: path.iter().map(|&s| s.into()).collect(),
                level: None,
                date: RecordDate::from_day_number(day),
                date_basis: Some(if k % 3 == 0 {
                    DateBasis::Inferred
                } else {
                    DateBasis::Article
                }),
                measure: m,
                indicator: Some(ind.into()),
                value,
                unit: unit.into(),
                approx: k % 4 == 1,
                source: format!("page-{pi}.txt").into(),
                span: None,
                evidence: Some(format!("{ind}{value}{unit}").into()),
                date_clue: None,
                series: Some(series.into()),
                tally: None,
                part_of: false,
                code: None,
                status: Status::Extracted,
                extra: Default::default(),
            });
        }
    }
    out
}

fn harness(view: View) -> Harness<'static, CountyLens> {
    let mut h = Harness::builder()
        .with_size([1200.0, 760.0])
        .with_theme(egui::Theme::Light)
        .with_context_setup(countylens::fonts::install)
        .wgpu()
        .build_eframe(|cc| {
            CountyLens::new(
                cc,
                StartOptions {
                    fresh: true,
                    ..Default::default()
                },
            )
        });
    h.run_ok();
    let app = h.state_mut();
    app.set_records(records(), Origin::Sample);
    let keys: Vec<String> = ["衡东县", "耒阳市", "东风街道", "赫山区"]
        .iter()
        .map(|n| {
            app.data
                .nodes()
                .iter()
                .find(|x| x.name == *n)
                .unwrap()
                .key
                .clone()
        })
        .collect();
    app.select(keys);
    app.view = view;
    app.figure = Some(countylens::compare::Comparable {
        measure: Measure::Screening,
        series: Some("screening.households".into()),
        unit: "户".into(),
        indicator: None,
    });
    app.fix_figure();
    h.run_ok();
    // No pointer over the charts: no tooltips in the pictures.
    h.remove_cursor();
    h.run_ok();
    h
}

#[test]
fn snapshot_timeline() {
    harness(View::Timeline).snapshot("timeline");
}

#[test]
fn snapshot_numeric() {
    harness(View::Numeric).snapshot("numeric");
}

#[test]
fn snapshot_bars() {
    harness(View::Bars).snapshot("bars");
}

#[test]
fn snapshot_profile() {
    harness(View::Profile).snapshot("profile");
}

#[test]
fn snapshot_details() {
    let mut h = harness(View::Bars);
    let target = h.state().shown.hits.first().expect("bars drawn").1.clone();
    h.state_mut()
        .apply(countylens::app::Command::ShowDetails(target));
    h.run_ok();
    h.snapshot("details");
}
