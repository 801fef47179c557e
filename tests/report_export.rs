//! Report exports (issue 8): fixed-size figures whatever the window, SVG
//! with its text as text, the command line and the app agreeing byte for
//! byte, and a saved view that makes the same chart again after a restart.
//! Fixtures are written here or come from the bundled sample.

#![allow(clippy::unwrap_used)]

#[path = "common/gui.rs"]
mod common;
use countylens::app::{CountyLens, StartOptions, View};
use countylens::report::{self, Format, Size, SvgOptions, ViewState};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SAMPLE: &str = include_str!("../assets/sample.jsonl");

/// A folder of our own records: three counties with division codes and
/// one township, screening households (a per-capita unit) and checkpoints.
const RECORDS: &str = r#"{"locality":"衡东县","locality_path":["湖南省","衡阳市","衡东县"],"code":"430424","level":"county","date":"2020-02-09","date_basis":"article","measure":"screening","series":"screening.households","value":52000,"unit":"户","approx":true,"source":"a.txt","evidence":"已排查居民5.2万余户"}
{"locality":"衡东县","locality_path":["湖南省","衡阳市","衡东县"],"code":"430424","level":"county","date":"2020-02-21","date_basis":"stated","measure":"screening","series":"screening.households","value":98000,"unit":"户","source":"b.txt","evidence":"累计排查居民9.8万户"}
{"locality":"耒阳市","locality_path":["湖南省","衡阳市","耒阳市"],"code":"430481","level":"county","date":"2020-02-14","date_basis":"inferred","measure":"screening","series":"screening.households","value":61000,"unit":"户","source":"c.txt","evidence":"入户排查6.1万户"}
{"locality":"祁东县","locality_path":["湖南省","衡阳市","祁东县"],"code":"430426","level":"county","date":"2020-02-18","date_basis":"stated","measure":"checkpoint","series":"checkpoint.posts","value":46,"unit":"个","source":"d.txt","evidence":"设立卡口46个"}
{"locality":"东风街道","locality_path":["湖南省","衡阳市","珠晖区","东风街道"],"level":"township","date":"2020-02-20","date_basis":"inferred","measure":"screening","series":"screening.households","value":8000,"unit":"户","approx":true,"source":"e.txt","evidence":"已排查居民8000多户"}
"#;

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("records.jsonl"), RECORDS).unwrap();
    dir
}

fn sample() -> countylens::records::Dataset {
    countylens::records::Dataset::new(countylens::records::read_jsonl("s", SAMPLE).0)
}

fn wait(h: &mut Harness<'_, CountyLens>) {
    let start = Instant::now();
    while h.state().is_loading() || h.state().png.is_some() {
        assert!(start.elapsed() < Duration::from_secs(60), "never finished");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_ok();
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let img = image::load_from_memory(bytes).unwrap();
    (img.width(), img.height())
}

fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().trim().to_string())
        .collect()
}

/// Runs the command line and fails the test, with its stderr, if it fails.
fn countylens(cmd: &mut Command) {
    let st = cmd.output().unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
}

/// The SVG of a view at the default size, as text.
fn svg_of(ds: &countylens::records::Dataset, state: &ViewState) -> String {
    String::from_utf8(
        report::render(
            ds,
            state,
            Size::default(),
            Format::Svg,
            SvgOptions::default(),
        )
        .unwrap(),
    )
    .unwrap()
}

#[test]
fn svg_parses_and_holds_title_places_and_axis_labels_as_text() {
    let ds = sample();
    for view in View::ALL {
        let state = ViewState::defaults(&ds, view);
        let fig = report::model::build(&ds, &state);
        let svg = svg_of(&ds, &state);
        let t = texts(&svg);
        assert!(
            t.contains(&fig.title_zh),
            "{view:?}: title {:?}",
            fig.title_zh
        );
        assert!(t.contains(&fig.title_en), "{view:?}");
        assert!(
            t.iter().any(|s| s.starts_with("来源 Source:")),
            "{view:?}: source line"
        );
        // The places, on lanes, bars, panels or in the legend.
        let names = report::model::display_names(&ds, &state.selection);
        let drawn = names
            .iter()
            .filter(|n| t.iter().any(|s| s.contains(*n)))
            .count();
        assert!(drawn >= 2, "{view:?}: places as text");
        let axis = match view {
            View::Timeline => "日期 date".to_string(),
            View::Profile => "记录条数 number of records".to_string(),
            View::Bars => match &fig.chart {
                report::model::Chart::Bars { axis, .. } => axis.clone(),
                _ => unreachable!(),
            },
            View::Numeric => continue,
        };
        assert!(t.contains(&axis), "{view:?}: axis label {axis}");
        assert!(
            svg.contains("Noto Sans CJK SC"),
            "the bundled font is named"
        );
    }
    // Embedded on request: an @font-face with the font's bytes.
    let state = ViewState::defaults(&ds, View::Bars);
    let svg = report::render(
        &ds,
        &state,
        Size::default(),
        Format::Svg,
        SvgOptions { embed_font: true },
    )
    .unwrap();
    let svg = String::from_utf8(svg).unwrap();
    assert!(svg.contains("@font-face") && svg.contains("data:font/otf;base64,"));
    roxmltree::Document::parse(&svg).unwrap();
}

#[test]
fn per_capita_is_in_the_labels_and_the_source_line() {
    let dir = fixture();
    let ds = countylens::records::Dataset::new(countylens::records::read_jsonl("r", RECORDS).0);
    let mut state = ViewState::defaults(&ds, View::Bars);
    state.selection = ds.places_with_records();
    state.fix_figure(&ds);
    state.per_capita = true;
    let svg = svg_of(&ds, &state);
    let t = texts(&svg).join("\n");
    assert!(t.contains("户/万人"), "{t}");
    assert!(t.contains("2020 census"));
    // The township has no census figure: named with the reason, not dropped.
    assert!(t.contains("No census figure, not shown: 东风街道 ("), "{t}");
    // Residents of 衡东县 in the census: 98,000 households per them, to one decimal.
    let g = countylens::gazetteer::Gazetteer::bundled();
    let hd = ds
        .records()
        .iter()
        .find(|r| &*r.locality == "衡东县")
        .unwrap();
    let n = countylens::compare::population::residents(g, hd).unwrap();
    let want = report::model::figure_with_unit(98000.0 / n as f64 * 10_000.0, "户/万人", false);
    assert!(t.contains(&want), "{want} in {t}");
    drop(dir);
}

#[test]
fn command_line_exports_have_their_set_size_in_every_view() {
    let dir = fixture();
    let out = tempfile::tempdir().unwrap();
    for view in ["timeline", "numeric", "bars", "profile"] {
        for (scale, want) in [("1", (1600, 900)), ("2", (3200, 1800))] {
            let png = out.path().join(format!("{view}@{scale}.png"));
            countylens(
                Command::new(env!("CARGO_BIN_EXE_countylens"))
                    .args(["export", "--format", "png", "--size", "1600x900"])
                    .args(["--scale", scale, "--view-kind", view, "--open"])
                    .arg(dir.path())
                    .arg("-o")
                    .arg(&png),
            );
            assert_eq!(
                png_size(&std::fs::read(&png).unwrap()),
                want,
                "{view} {scale}"
            );
        }
        let svg = out.path().join(format!("{view}.svg"));
        countylens(
            Command::new(env!("CARGO_BIN_EXE_countylens"))
                .args([
                    "export",
                    "--size",
                    "1600x900",
                    "--view-kind",
                    view,
                    "--open",
                ])
                .arg(dir.path())
                .arg("-o")
                .arg(&svg),
        );
        let text = std::fs::read_to_string(&svg).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        let root = doc.root_element();
        assert_eq!(
            (root.attribute("width"), root.attribute("height")),
            (Some("1600"), Some("900"))
        );
    }
    // The old command goes through the report too: no window, the same size.
    let png = out.path().join("legacy.png");
    countylens(
        Command::new(env!("CARGO_BIN_EXE_countylens"))
            .args(["export-png", "--view", "bars", "--scale", "2", "--open"])
            .arg(dir.path())
            .arg("-o")
            .arg(&png)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY"),
    );
    assert_eq!(png_size(&std::fs::read(&png).unwrap()), (3200, 1800));
    // Nothing written into the folder.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// The app's export of `view` in a window of `size`, as bytes.
fn app_export(size: [f32; 2], folder: &Path, view: View, scale: f32, out: &Path) -> Vec<u8> {
    let mut h = common::harness_sized(
        size,
        StartOptions {
            folder: Some(folder.to_path_buf()),
            ..Default::default()
        },
    );
    wait(&mut h);
    h.state_mut().apply(countylens::app::Command::SetView(view));
    h.run_ok();
    h.state_mut().begin_png_export(out.to_path_buf(), scale);
    wait(&mut h);
    assert!(!h.state().notice.as_ref().unwrap().error);
    std::fs::read(out).unwrap()
}

#[test]
fn app_exports_are_the_same_whatever_the_window_size() {
    let dir = fixture();
    let out = tempfile::tempdir().unwrap();
    for view in View::ALL {
        for scale in [1.0, 2.0] {
            let small = app_export(
                [760.0, 560.0],
                dir.path(),
                view,
                scale,
                &out.path().join("a.png"),
            );
            let large = app_export(
                [1700.0, 1000.0],
                dir.path(),
                view,
                scale,
                &out.path().join("b.png"),
            );
            let want = if scale > 1.0 {
                (3200, 1800)
            } else {
                (1600, 900)
            };
            assert_eq!(png_size(&small), want, "{view:?} {scale}");
            assert_eq!(
                small, large,
                "{view:?} at {scale}×: the window's size shows"
            );
        }
    }
    // SVG from the app: by the file's extension.
    let svg = app_export(
        [900.0, 700.0],
        dir.path(),
        View::Bars,
        1.0,
        &out.path().join("c.svg"),
    );
    assert!(
        texts(&String::from_utf8(svg).unwrap())
            .iter()
            .any(|t| t == "衡东县")
    );
}

#[test]
fn a_saved_view_restarted_and_exported_gives_the_same_bytes() {
    let dir = fixture();
    let out = tempfile::tempdir().unwrap();
    let view_path = out.path().join("hengyang.view.json");
    let first = out.path().join("first.png");
    let (places, state) = {
        let mut h = common::harness_sized(
            [1280.0, 800.0],
            StartOptions {
                folder: Some(dir.path().to_path_buf()),
                ..Default::default()
            },
        );
        wait(&mut h);
        let keys: Vec<String> = h
            .state()
            .data
            .nodes()
            .iter()
            .filter(|n| n.name == "衡东县" || n.name == "耒阳市" || n.name == "东风街道")
            .map(|n| n.key.clone())
            .collect();
        assert_eq!(keys.len(), 3);
        h.state_mut().select(keys.clone());
        h.state_mut()
            .apply(countylens::app::Command::SetView(View::Bars));
        h.state_mut().aggregate = countylens::compare::Aggregate::Largest;
        let (lo, hi) = h.state().data.day_span().unwrap();
        h.state_mut().filter.from = Some(lo + 1);
        h.state_mut().filter.to = Some(hi);
        h.state_mut().export_scale = 2.0;
        h.run_ok();
        h.state_mut().save_view(&view_path);
        h.state_mut().begin_png_export(first.clone(), 2.0);
        wait(&mut h);
        (keys, h.state().report_state())
    };
    let saved = std::fs::read_to_string(&view_path).unwrap();
    assert!(
        saved.contains("\"430424\""),
        "places by division code: {saved}"
    );

    // A new CountyLens started with that view (and no folder: the file's).
    let mut h = common::harness_sized(
        [900.0, 640.0],
        StartOptions {
            view_file: Some(view_path.clone()),
            ..Default::default()
        },
    );
    wait(&mut h);
    assert_eq!(
        h.state().folder(),
        Some(std::fs::canonicalize(dir.path()).unwrap().as_path())
    );
    assert_eq!(h.state().selection, places);
    assert_eq!(h.state().report_state(), state);
    let again = out.path().join("again.png");
    h.state_mut().begin_png_export(again.clone(), 2.0);
    wait(&mut h);
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&again).unwrap()
    );

    // The command line with the same view file: the same bytes again.
    let cli = out.path().join("cli.png");
    countylens(
        Command::new(env!("CARGO_BIN_EXE_countylens"))
            .args(["export", "--view"])
            .arg(&view_path)
            .arg("-o")
            .arg(&cli),
    );
    assert!(
        std::fs::read(&first).unwrap() == std::fs::read(&cli).unwrap(),
        "the command line's export differs"
    );
}

#[test]
fn export_dialog_previews_without_touching_the_window() {
    let mut h = common::harness_sized([1000.0, 700.0], StartOptions::default());
    h.run_ok();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run_ok();
    assert!(h.state().export.open);
    h.get_by_label_contains("PNG 1600×900 px");
    assert!(h.state().export.preview_error.is_none());
    assert!((h.ctx.viewport_rect().width() - 1000.0).abs() < 1.0);
    assert_eq!(h.ctx.zoom_factor(), 1.0);
    let _ = PathBuf::new();
}
