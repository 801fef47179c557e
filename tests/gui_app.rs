//! The real app, driven through egui_kittest: open a folder through the seam
//! the folder dialog feeds, pick places by clicking, switch views, click a
//! bar and read its evidence, export PNG and CSV and check the files.
//!
//! The fixture folder is written by the tests themselves (records and news
//! sentences made up for them); the run over `../shared/seeds` is `#[ignore]`d
//! and run by `.ci/run`.

// Tests and benchmarks unwrap: a panic is a failure with its message.
#![allow(clippy::unwrap_used)]

#[path = "common/gui.rs"]
mod common;
use countylens::app::{CountyLens, StartOptions, View};
use countylens::records::{self, Measure};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn harness(opts: StartOptions) -> Harness<'static, CountyLens> {
    common::harness_sized([1280.0, 800.0], opts)
}

/// Steps until the folder is read (it loads on a worker thread).
fn wait_loaded(h: &mut Harness<'_, CountyLens>) {
    let start = Instant::now();
    while h.state().is_loading() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "loading never finished"
        );
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_ok();
}

const RECORDS: &str = r#"{"locality":"衡东县","locality_path":["湖南省","衡阳市","衡东县"],"level":"county","date":"2020-02-03","date_basis":"stated","measure":"checkpoint","indicator":"设立卡口","value":46,"unit":"个","source":"records.jsonl","evidence":"全县共设立卡口46个"}
{"locality":"衡东县","locality_path":["湖南省","衡阳市","衡东县"],"level":"county","date":"2020-02-09","date_basis":"article","measure":"screening","indicator":"排查居民户","value":52000,"unit":"户","approx":true,"source":"records.jsonl","evidence":"已排查居民5.2万余户"}
{"locality":"衡东县","locality_path":["湖南省","衡阳市","衡东县"],"level":"county","date":"2020-02-21","date_basis":"article","measure":"screening","indicator":"排查居民户","value":98000,"unit":"户","source":"records.jsonl","evidence":"累计排查居民9.8万户"}
{"locality":"耒阳市","locality_path":["湖南省","衡阳市","耒阳市"],"level":"county","date":"2020-02-14","date_basis":"inferred","measure":"screening","indicator":"排查居民户","value":61000,"unit":"户","source":"records.jsonl","evidence":"入户排查6.1万户"}
{"locality":"耒阳市","locality_path":["湖南省","衡阳市","耒阳市"],"level":"county","date":"2020-02-25","date_basis":"article","measure":"supplies","indicator":"投放口罩","value":450000,"unit":"只","source":"news/耒阳口罩.txt","evidence":"再向居民投放口罩45万只"}
{"locality":"东风街道","locality_path":["湖南省","衡阳市","珠晖区","东风街道"],"level":"township","date":"2020-02-20","date_basis":"inferred","measure":"screening","indicator":"排查居民户","value":8000,"unit":"户","approx":true,"source":"records.jsonl","evidence":"已排查居民8000多户"}
{"locality":"东风街道","locality_path":["湖南省","衡阳市","珠晖区","东风街道"],"level":"township","date":"2020-02-20","date_basis":"inferred","measure":"personnel","indicator":"志愿者","value":260,"unit":"人","source":"records.jsonl","evidence":"组织志愿者260人"}
this line is not a record
"#;

const CODED: &str = "locality,locality_path,date,measure,value,unit,indicator,source,evidence
桑植县,湖南省/张家界市/桑植县,2020-02-07,screening,30000,户,排查农户,coded.csv,排查农户3万户
桑植县,湖南省/张家界市/桑植县,2020-02-31,screening,1,户,排查农户,coded.csv,bad date
湘潭县,湖南省/湘潭市/湘潭县,2020-02-19,accountability,12,件,立案查处,coded.csv,立案查处12件
";

/// A page in the style of local news, written for this test.
const PAGE: &str = "耒阳市再向居民投放口罩\n\n本报讯 近日，耒阳市再向居民投放口罩45万只，由邮政投递员分装派送到户。\n\n市民可在网上预约领取。\n";

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("records.jsonl"), RECORDS).unwrap();
    std::fs::write(dir.path().join("coded.csv"), CODED).unwrap();
    std::fs::create_dir(dir.path().join("news")).unwrap();
    std::fs::write(dir.path().join("news/耒阳口罩.txt"), PAGE).unwrap();
    std::fs::write(dir.path().join("notes.docx"), b"not read").unwrap();
    dir
}

fn key(h: &Harness<'_, CountyLens>, name: &str) -> String {
    h.state()
        .data
        .nodes()
        .iter()
        .find(|n| n.name == name)
        .unwrap_or_else(|| panic!("no node {name}"))
        .key
        .clone()
}

fn click_at(h: &mut Harness<'_, CountyLens>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.step();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    h.run_ok();
}

/// Non-background pixels in a PNG: the chart drew something.
fn ink(path: &Path) -> (u32, u32, usize) {
    let img = image::open(path).unwrap().to_rgba8();
    let bg = *img.get_pixel(1, 1);
    let n = img.pixels().filter(|p| **p != bg).count();
    (img.width(), img.height(), n)
}

#[test]
fn starts_with_the_bundled_sample_charted() {
    let mut h = harness(StartOptions::default());
    h.run_ok();
    let app = h.state();
    assert!(!app.data.is_empty(), "the sample loads");
    assert!(app.selection.len() >= 2, "a first comparison is chosen");
    assert_eq!(app.view, View::Timeline);
    assert!(!app.shown.records.is_empty(), "the timeline shows records");
    assert!(!app.marks().is_empty(), "marks were drawn");
    h.get_by_label("打开文件夹 Open folder…");
    h.get_by_label_contains("Timeline of epidemic measures");
}

#[test]
fn open_pick_switch_click_export() {
    let dir = fixture();
    let out = tempfile::tempdir().unwrap();
    let mut h = harness(StartOptions::default());
    h.run_ok();

    // Open the folder through the seam the dialog and drops feed.
    h.state_mut().open_folder(dir.path().to_path_buf());
    wait_loaded(&mut h);
    the_fixture_is_read_with_its_problems(&mut h, dir.path());

    // Pick two places by clicking their tick boxes.
    h.get_by_label("清除 clear").click();
    h.run_ok();
    assert!(h.state().selection.is_empty());
    h.get_by_label_contains("请在左侧勾选地点");
    let (hd, ly) = (key(&h, "衡东县"), key(&h, "耒阳市"));
    let count =
        |h: &Harness<'_, CountyLens>, k: &str| h.state().data.node(k).unwrap().records.len();
    let hd_label = format!("衡东县  {}", count(&h, &hd));
    let ly_label = format!("耒阳市  {}", count(&h, &ly));
    h.get_by_label(&hd_label).click();
    h.run_ok();
    h.get_by_label(&ly_label).click();
    h.run_ok();
    assert_eq!(h.state().selection, vec![hd.clone(), ly.clone()]);
    let expected = {
        let app = h.state();
        app.data.records_of(&hd, &app.filter).len() + app.data.records_of(&ly, &app.filter).len()
    };
    assert_eq!(
        h.state().shown.records.len(),
        expected,
        "the timeline shows every record of both"
    );

    // Views, by their tabs.
    h.get_by_label("数值 Figures").click();
    h.run_ok();
    assert_eq!(h.state().view, View::Numeric);
    h.state_mut().figure = Some(countylens::compare::Comparable {
        measure: Measure::Screening,
        series: None,
        unit: "户".into(),
        indicator: Some("排查居民户".into()),
    });
    h.run_ok();
    assert_eq!(h.state().shown.records.len(), 3, "2 + 1 figures in 户");

    h.get_by_label("概况 Profile").click();
    h.run_ok();
    assert_eq!(h.state().view, View::Profile);
    assert_eq!(h.state().shown.records.len(), expected);

    h.get_by_label("柱状图 Bars").click();
    h.run_ok();
    assert_eq!(h.state().view, View::Bars);
    // Largest figure per place: 衡东县 98000 户 above 耒阳市 61000 户.
    let hits = h.state().shown.hits.clone();
    assert_eq!(hits.len(), 2);
    assert!(
        hits[0].0.width() > hits[1].0.width(),
        "sorted, largest first"
    );

    // Click the 耒阳市 bar and see its evidence.
    click_at(&mut h, hits[1].0.center());
    let shown = h.state().details.shown().expect("details open");
    let r = h.state().data.record(shown).clone();
    assert_eq!(&*r.locality, "耒阳市");
    h.get_by_label_contains("记录详情 Record details");
    h.get_by_label_contains("入户排查6.1万户");
    h.get_by_label_contains("湖南省 › 衡阳市 › 耒阳市");

    // CSV: the records behind the chart, exactly.
    the_csv_is_the_chart(&mut h, &out.path().join("bars.csv"));

    // PNG at 1×: the report figure at its set size, with ink on it.
    let png = out.path().join("bars.png");
    h.state_mut().begin_png_export(png.clone(), 1.0);
    run_until_exported(&mut h);
    let (w, hgt, n) = ink(&png);
    assert_eq!((w, hgt), (1600, 900));
    assert!(n > 2000, "only {n} non-background pixels");

    // Esc closes the details; Ctrl+Z brings back the previous places.
    h.key_press(egui::Key::Escape);
    h.run_ok();
    assert!(!h.state().details.is_open());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_ok();
    assert_eq!(h.state().selection, vec![hd]);

    // Nothing was written into the opened folder.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into())
        .collect();
    names.sort();
    assert_eq!(names, ["coded.csv", "news", "notes.docx", "records.jsonl"]);
}

/// The fixture's records, its problems by file and line, the skipped file;
/// the problems panel opens by itself and its button closes it.
fn the_fixture_is_read_with_its_problems(h: &mut Harness<'_, CountyLens>, dir: &Path) {
    {
        let app = h.state();
        assert_eq!(
            app.folder(),
            Some(std::fs::canonicalize(dir).unwrap().as_path())
        );
        assert!(
            app.data.len() >= 8,
            "7 JSONL + 2 CSV records, got {}",
            app.data.len()
        );
        let lines: Vec<_> = app
            .problems
            .iter()
            .map(|p| (p.file.as_str(), p.line))
            .collect();
        assert!(lines.contains(&("records.jsonl", Some(8))), "{lines:?}");
        assert!(lines.contains(&("coded.csv", Some(3))), "{lines:?}");
        assert_eq!(app.files_skipped, 1, "notes.docx is left alone");
    }
    // The problems panel opens by itself and lists them; its button closes it.
    assert!(h.state().show_problems);
    h.get_by_label_contains("line 8");
    h.get_by_label_contains("个问题 problems").click();
    h.run_ok();
    assert!(!h.state().show_problems);
}

/// CSV: the records behind the chart, exactly.
fn the_csv_is_the_chart(h: &mut Harness<'_, CountyLens>, csv: &Path) {
    h.state_mut().export_csv(csv);
    let text = std::fs::read_to_string(csv).unwrap();
    let (rows, probs) = records::read_csv("bars.csv", &text);
    assert!(probs.is_empty(), "{probs:?}");
    let shown: Vec<records::Record> = h
        .state()
        .shown
        .records
        .iter()
        .map(|&i| h.state().data.record(i).clone())
        .collect();
    assert_eq!(rows.len(), shown.len());
    for (a, b) in rows.iter().zip(&shown) {
        assert_eq!(
            (&a.locality, a.value, &a.unit, a.date),
            (&b.locality, b.value, &b.unit, b.date)
        );
    }
}

fn run_until_exported(h: &mut Harness<'_, CountyLens>) {
    let start = Instant::now();
    while h.state().png.is_some() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "export never finished"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_ok();
    let notice = h.state().notice.clone().unwrap();
    assert!(!notice.error, "{}", notice.text);
}

#[test]
fn timeline_mark_click_shows_the_paragraph_from_the_source_page() {
    let dir = fixture();
    let mut h = harness(StartOptions {
        folder: Some(dir.path().to_path_buf()),
        ..Default::default()
    });
    wait_loaded(&mut h);
    let lei = key(&h, "耒阳市");
    h.state_mut().select(vec![lei]);
    h.run_ok();
    // The supplies record of 耒阳市 points at the news page in the folder.
    let id = h
        .state()
        .data
        .records()
        .iter()
        .position(|r| r.evidence.as_deref() == Some("再向居民投放口罩45万只"))
        .unwrap();
    let pos = h
        .state()
        .marks()
        .iter()
        .find(|m| m.record == id)
        .expect("its mark is drawn")
        .pos;
    click_at(&mut h, pos);
    assert!(h.state().details.is_open());
    // The paragraph around the evidence, from the page itself.
    h.get_by_label_contains("由邮政投递员分装派送到户");
    h.get_by_label("打开原文件 Open the source file");
}

#[test]
fn png_export_at_2x_doubles_the_pixels() {
    let out = tempfile::tempdir().unwrap();
    let mut h = harness(StartOptions::default());
    h.run_ok();
    let png = out.path().join("timeline@2x.png");
    h.state_mut().begin_png_export(png.clone(), 2.0);
    run_until_exported(&mut h);
    let (w, hgt, n) = ink(&png);
    assert_eq!((w, hgt), (3200, 1800), "the report's 1600×900 points at 2×");
    assert!(n > 5000);
    // The window was left as it was: no zoom, no resize.
    assert_eq!(h.ctx.zoom_factor(), 1.0);
    assert!((h.ctx.viewport_rect().width() - 1280.0).abs() < 1.0);
}

#[test]
fn empty_and_missing_folders_say_what_to_do() {
    let empty = tempfile::tempdir().unwrap();
    let mut h = harness(StartOptions::default());
    h.run_ok();
    h.state_mut().open_folder(empty.path().to_path_buf());
    wait_loaded(&mut h);
    assert!(h.state().data.is_empty());
    h.get_by_label_contains("还没有记录 No records yet");
    h.state_mut().open_folder(PathBuf::from("/no/such/folder"));
    wait_loaded(&mut h);
    assert!(h.state().notice.as_ref().unwrap().error);
}

/// The five seed pages, through the extractor. Run by `.ci/run`.
#[test]
#[ignore]
fn seeds_open_and_chart() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let before = folder_listing(&seeds);
    let out = tempfile::tempdir().unwrap();
    let mut h = harness(StartOptions::default());
    h.run_ok();
    h.state_mut().open_folder(seeds.clone());
    wait_loaded(&mut h);
    assert!(
        !h.state().data.is_empty(),
        "the extractor found records in the seeds"
    );
    assert!(h.state().problems.is_empty(), "{:?}", h.state().problems);

    // Two places, picked by their tick boxes like a user would.
    h.get_by_label("清除 clear").click();
    h.run_ok();
    let busiest = h.state().data.busiest(2);
    assert_eq!(busiest.len(), 2, "two places to compare");
    for k in &busiest {
        let (name, n) = {
            let node = h.state().data.node(k).unwrap();
            (node.name.clone(), node.records.len())
        };
        // Through the search box: the tree may hold the place out of view.
        let search = h
            .get_all_by_role(egui::accesskit::Role::TextInput)
            .next()
            .unwrap();
        search.click();
        h.run_ok();
        h.get_all_by_role(egui::accesskit::Role::TextInput)
            .next()
            .unwrap()
            .type_text(&name);
        h.run_ok();
        h.get_by_label(&format!("{name}  ({n})")).click();
        h.run_ok();
        h.state_mut().tree.search.clear();
        h.run_ok();
    }
    assert_eq!(h.state().selection, busiest);

    for view in [
        "数值 Figures",
        "概况 Profile",
        "时间线 Timeline",
        "柱状图 Bars",
    ] {
        h.get_by_label(view).click();
        h.run_ok();
        assert!(!h.state().shown.records.is_empty(), "{view} shows records");
    }

    // A bar, clicked, shows its record and the words it came from.
    let (rect, ids) = h
        .state()
        .shown
        .hits
        .first()
        .cloned()
        .expect("bars were drawn");
    click_at(&mut h, rect.center());
    let shown = h.state().details.shown().expect("details open");
    assert!(ids.contains(&shown));
    let evidence = h.state().data.record(shown).evidence.clone().unwrap();
    h.get_by_label_contains("记录详情 Record details");
    h.get_by_label_contains(&evidence);

    // Exports: the records behind the chart as CSV, the chart as PNG.
    let csv = out.path().join("seeds.csv");
    h.state_mut().export_csv(&csv);
    let (rows, probs) = records::read_csv("seeds.csv", &std::fs::read_to_string(&csv).unwrap());
    assert!(probs.is_empty(), "{probs:?}");
    assert_eq!(rows.len(), h.state().shown.records.len());
    let png = out.path().join("seeds.png");
    h.state_mut().begin_png_export(png.clone(), 1.0);
    run_until_exported(&mut h);
    assert!(ink(&png).2 > 1000);

    assert_eq!(
        folder_listing(&seeds),
        before,
        "nothing written into the opened folder"
    );
}

/// Names and sizes of a folder's files, to prove it was left alone.
fn folder_listing(dir: &Path) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into(),
                e.metadata().unwrap().len(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn without_a_dialog_a_typed_path_opens_the_folder() {
    let dir = fixture();
    let mut h = harness(StartOptions::default());
    h.run_ok();
    // What the app does when the native dialog comes back at once, unseen.
    let ask = |h: &mut Harness<'_, CountyLens>| {
        h.state_mut()
            .ask_for_path(countylens::app::path_prompt::Purpose::OpenFolder);
        h.run_ok();
    };
    ask(&mut h);
    h.key_press(egui::Key::Escape);
    h.run_ok();
    assert!(h.state().path_prompt.is_none(), "Esc closes the box");
    ask(&mut h);
    h.get_by_label_contains("type the path");
    let field = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .find(|n| n.is_focused())
        .expect("the path field, focused as the box opens");
    field.type_text(&dir.path().display().to_string());
    h.run_ok();
    h.key_press(egui::Key::Enter);
    h.run_ok();
    wait_loaded(&mut h);
    assert!(h.state().path_prompt.is_none(), "the box closes");
    assert_eq!(
        h.state().folder(),
        Some(std::fs::canonicalize(dir.path()).unwrap().as_path())
    );
    assert!(h.state().data.len() >= 8);
}

#[test]
fn same_day_marks_stand_apart_and_a_click_lists_them_all() {
    // Three figures of one measure, one place, one day: a reprint would be
    // merged, these are three different figures.
    let dir = tempfile::tempdir().unwrap();
    let line = |v: u32, ind: &str| {
        format!(
            "{{\"locality\":\"衡东县\",\"locality_path\":[\"湖南省\",\"衡阳市\",\"衡东县\"],\"date\":\"2020-02-09\",\"measure\":\"screening\",\"indicator\":\"{ind}\",\"value\":{v},\"unit\":\"户\",\"source\":\"r.jsonl\"}}\n"
        )
    };
    let text = line(52000, "排查居民户") + &line(3100, "排查外来户") + &line(870, "排查商户");
    std::fs::write(dir.path().join("r.jsonl"), text).unwrap();
    let mut h = harness(StartOptions {
        folder: Some(dir.path().to_path_buf()),
        ..Default::default()
    });
    wait_loaded(&mut h);
    let hd = key(&h, "衡东县");
    h.state_mut().select(vec![hd]);
    h.run_ok();
    let marks = h.state().marks().to_vec();
    assert_eq!(marks.len(), 3);
    for (i, a) in marks.iter().enumerate() {
        for b in &marks[i + 1..] {
            assert!(
                a.pos.distance(b.pos) >= 3.0,
                "marks on one spot: {a:?} {b:?}"
            );
        }
    }
    click_at(&mut h, marks[1].pos);
    let d = &h.state().details;
    assert!(d.is_open());
    h.get_by_label("1 / 3");
    h.get_by_label("下一条 next →").click();
    h.run_ok();
    h.get_by_label("2 / 3");
}

/// The record whose evidence is `ev`.
fn id_of(h: &Harness<'_, CountyLens>, ev: &str) -> usize {
    h.state()
        .data
        .records()
        .iter()
        .position(|r| r.evidence.as_deref() == Some(ev))
        .unwrap()
}

fn record_of(h: &Harness<'_, CountyLens>, ev: &str) -> records::Record {
    h.state().data.record(id_of(h, ev)).clone()
}

fn status_of(h: &Harness<'_, CountyLens>, ev: &str) -> records::Status {
    record_of(h, ev).status
}

/// Opens the details panel on record `id`.
fn show(h: &mut Harness<'_, CountyLens>, id: usize) {
    h.state_mut()
        .apply(countylens::app::Command::ShowDetails(vec![id]));
    h.run_ok();
}

#[test]
fn review_confirm_reject_page_date_undo_redo_and_restart() {
    let dir = fixture();
    let open = || StartOptions {
        folder: Some(dir.path().to_path_buf()),
        ..Default::default()
    };
    let mut h = harness(open());
    wait_loaded(&mut h);
    let ly = key(&h, "耒阳市");
    h.state_mut().select(vec![ly.clone()]);
    h.run_ok();
    // Open a record and confirm it: the first review asks where to keep the log.
    let masks = id_of(&h, "再向居民投放口罩45万只");
    show(&mut h, masks);
    h.get_by_label("确认 Confirm").click();
    h.run_ok();
    h.get_by_label_contains("存在此文件夹 In the folder")
        .click();
    h.run_ok();
    assert_eq!(
        status_of(&h, "再向居民投放口罩45万只"),
        records::Status::Confirmed
    );
    let log = dir.path().join("countylens-review.jsonl");
    assert!(log.is_file(), "the person chose the folder");

    // Reject the screening figure with the Delete key: it leaves the chart.
    let screening = id_of(&h, "入户排查6.1万户");
    show(&mut h, screening);
    h.key_press(egui::Key::Delete);
    h.run_ok();
    assert_eq!(status_of(&h, "入户排查6.1万户"), records::Status::Rejected);
    let id = id_of(&h, "入户排查6.1万户");
    assert!(
        !h.state().shown.records.contains(&id),
        "rejected leaves the chart"
    );

    // Undo and redo, by the keys.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_ok();
    assert_eq!(status_of(&h, "入户排查6.1万户"), records::Status::Extracted);
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run_ok();
    assert_eq!(status_of(&h, "入户排查6.1万户"), records::Status::Rejected);

    // Correct a place through the gazetteer picker (E opens the editor).
    let coded = id_of(&h, "已排查居民8000多户");
    show(&mut h, coded);
    h.key_press(egui::Key::E);
    h.run_ok();
    assert!(h.state().review.editing);
    h.state_mut().review.place_query = "hengdong".into();
    h.run_ok();
    h.get_by_label("衡东县 · 湖南省 › 衡阳市").click();
    h.run_ok();
    let moved = record_of(&h, "已排查居民8000多户");
    assert_eq!(&*moved.locality, "衡东县");
    assert_eq!(moved.code.as_deref(), Some("430424"));
    assert_eq!(moved.status, records::Status::Corrected);
    set_value(&mut h, "已排查居民8000多户", "8100");
    assert_eq!(record_of(&h, "已排查居民8000多户").value, 8100.0);

    // Set the page date of the news page: its record takes it.
    show(&mut h, masks);
    h.state_mut().review.page_date_text = "2020-02-27".into();
    h.run_ok();
    h.get_by_label("设定 Set page date").click();
    h.run_ok();
    let r = record_of(&h, "再向居民投放口罩45万只");
    assert_eq!(r.date.to_string(), "2020-02-27");
    assert_eq!(
        r.status,
        records::Status::Corrected,
        "a changed date is a correction"
    );

    // Restart: the reviews are read back from the log.
    drop(h);
    let mut h = harness(open());
    wait_loaded(&mut h);
    reviews_are_read_back_and_go_on(&mut h);
}

/// After a restart: the reviews of the first session are in effect, and
/// new ones build on the records as loaded.
fn reviews_are_read_back_and_go_on(h: &mut Harness<'_, CountyLens>) {
    assert_eq!(
        status_of(h, "再向居民投放口罩45万只"),
        records::Status::Corrected
    );
    assert_eq!(status_of(h, "入户排查6.1万户"), records::Status::Rejected);
    let r = record_of(h, "再向居民投放口罩45万只");
    assert_eq!(r.date.to_string(), "2020-02-27");
    let moved = record_of(h, "已排查居民8000多户");
    assert_eq!(
        &*moved.locality, "衡东县",
        "the corrected place is read back"
    );
    let reviewed = countylens::app::review::reviewed_count(&h.state().data);
    // The three reviewed records, and the page's other record that the page
    // date corrected too (the hand-coded copy names the same page).
    assert_eq!(reviewed, 4);
    h.get_by_label_contains(&format!(
        "已复核 {reviewed} / {} reviewed",
        h.state().data.len()
    ));

    // Reviews go on from the records as loaded, not as shown: a second page
    // date replaces the first (the record's date came from its page), and
    // undo brings the first back.
    let masks = id_of(h, "再向居民投放口罩45万只");
    show(h, masks);
    h.state_mut().review.page_date_text = "2020-02-28".into();
    h.run_ok();
    h.get_by_label("设定 Set page date").click();
    h.run_ok();
    let r = record_of(h, "再向居民投放口罩45万只");
    assert_eq!(r.date.to_string(), "2020-02-28");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_ok();
    let r = record_of(h, "再向居民投放口罩45万只");
    assert_eq!(r.date.to_string(), "2020-02-27");
    assert_eq!(r.status, records::Status::Corrected);
    assert_eq!(status_of(h, "入户排查6.1万户"), records::Status::Rejected);

    // A value corrected before the restart is corrected again: the new
    // action names the record by its value as loaded (8000), not as shown,
    // and undo goes back to the first correction.
    assert_eq!(record_of(h, "已排查居民8000多户").value, 8100.0);
    set_value(h, "已排查居民8000多户", "8200");
    assert_eq!(record_of(h, "已排查居民8000多户").value, 8200.0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_ok();
    let r = record_of(h, "已排查居民8000多户");
    assert_eq!((r.value, &*r.locality), (8100.0, "衡东县"));
}

/// Corrects the value of the record with this evidence in the editor.
fn set_value(h: &mut Harness<'_, CountyLens>, evidence: &str, value: &str) {
    let id = id_of(h, evidence);
    show(h, id);
    if !h.state().review.editing {
        h.key_press(egui::Key::E);
        h.run_ok();
    }
    h.state_mut().review.value_text = value.into();
    h.run_ok();
    // The editor is tall: its last row is below the panel's fold.
    h.get_by_label("设定 Set value").scroll_to_me();
    h.run_ok();
    h.get_by_label("设定 Set value").click();
    h.run_ok();
}

#[test]
fn the_place_search_reads_pinyin_initials_traditional_and_the_whole_gazetteer() {
    let dir = fixture();
    let mut h = harness(StartOptions {
        folder: Some(dir.path().to_path_buf()),
        ..Default::default()
    });
    wait_loaded(&mut h);
    let hd = key(&h, "衡东县");
    let n = h.state().data.node(&hd).unwrap().records.len();
    for typed in ["hengdong", "hd", "衡東"] {
        h.state_mut().tree.search.clear();
        h.run_ok();
        let field = h
            .get_all_by_role(egui::accesskit::Role::TextInput)
            .next()
            .unwrap();
        field.click();
        h.run_ok();
        h.get_all_by_role(egui::accesskit::Role::TextInput)
            .next()
            .unwrap()
            .type_text(typed);
        h.run_ok();
        h.get_by_label(&format!("衡东县  ({n})"));
    }
    // A county with no records in the folder is found and shown as such.
    h.state_mut().tree.search = "衡山".into();
    h.run_ok();
    h.get_by_label("无记录的地点 Places without records");
    h.get_by_label("衡山县  (0)");
}

#[test]
fn bars_per_10000_residents_from_the_census_name_places_without_a_figure() {
    let mut h = harness(StartOptions::default());
    h.run_ok();
    let line = |place: &str, path: &str, code: &str, v: f64| {
        let code = if code.is_empty() {
            String::new()
        } else {
            format!(",\"code\":\"{code}\"")
        };
        format!(
            "{{\"locality\":\"{place}\",\"locality_path\":{path},\"date\":\"2020-02-20\",\"measure\":\"screening\",\"series\":\"screening.households\",\"value\":{v},\"unit\":\"户\",\"source\":\"t.jsonl\"{code}}}\n"
        )
    };
    // 衡东县 has 565,423 residents in the 2020 census, 赫山区 729,880.
    let text = line(
        "衡东县",
        "[\"湖南省\",\"衡阳市\",\"衡东县\"]",
        "430424",
        5654.23,
    ) + &line(
        "赫山区",
        "[\"湖南省\",\"益阳市\",\"赫山区\"]",
        "430903",
        14597.6,
    ) + &line(
        "东风街道",
        "[\"湖南省\",\"衡阳市\",\"珠晖区\",\"东风街道\"]",
        "",
        8000.0,
    );
    let (recs, _) = records::read_jsonl("t.jsonl", &text);
    let app = h.state_mut();
    app.set_records(recs, countylens::app::Origin::Sample);
    let keys: Vec<String> = app.data.places_with_records();
    app.select(keys);
    app.view = View::Bars;
    app.per_capita = true;
    h.run_ok();
    h.get_by_label_contains("per 10,000 residents (2020 census)");
    // 赫山区 200 and 衡东县 100 per 10,000: two bars, the first twice as long.
    let hits = h.state().shown.hits.clone();
    assert_eq!(hits.len(), 2);
    let ratio = hits[0].0.width() / hits[1].0.width();
    assert!((ratio - 2.0).abs() < 0.05, "{ratio}");
    h.get_by_label_contains("东风街道 (无区划代码 no division code)");
}

#[test]
fn the_review_queue_walks_doubtful_records_first() {
    let dir = fixture();
    let mut h = harness(StartOptions {
        folder: Some(dir.path().to_path_buf()),
        ..Default::default()
    });
    wait_loaded(&mut h);
    h.key_press(egui::Key::R);
    h.run_ok();
    let ids = h.state().details.ids.clone();
    assert!(ids.len() >= 2, "{ids:?}");
    let first = h.state().data.record(ids[0]).clone();
    assert_eq!(
        first.date_basis,
        Some(records::DateBasis::Inferred),
        "an inferred year is the first doubt"
    );
    h.key_press(egui::Key::J);
    h.run_ok();
    assert_eq!(h.state().details.current, 1);
    h.key_press(egui::Key::K);
    h.run_ok();
    assert_eq!(h.state().details.current, 0);
}

/// Records show on the chart while the folder is still being read, with
/// the folder's reviews applied to them, and Cancel keeps what was read.
#[test]
fn records_show_while_loading_and_cancel_keeps_what_was_read() {
    let dir = tempfile::tempdir().unwrap();
    // Read first (file order): records of our own, one of them rejected in
    // the folder's review log.
    std::fs::write(dir.path().join("0-records.jsonl"), RECORDS).unwrap();
    std::fs::write(
        dir.path().join("countylens-review.jsonl"),
        r#"{"v":1,"id":1,"time":"2026-12-01T04:30:05Z","key":{"source":"records.jsonl","value":46.0,"unit":"个","evidence":"全县共设立卡口46个"},"change":"reject"}
"#,
    )
    .unwrap();
    // Then many pages, new to the extraction cache (their words are this
    // run's), so that reading them takes a while.
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::fs::create_dir(dir.path().join("pages")).unwrap();
    for i in 0..400 {
        let page = format!(
            "衡东县疫情防控简报第{i}期\n\n本报讯 截至2月{}日，衡东县已排查居民{}户，设立卡口{}个。\n\n编号 {nonce}-{i}\n",
            1 + i % 28,
            1000 + i,
            10 + i % 7
        );
        std::fs::write(dir.path().join(format!("pages/p{i:03}.txt")), page).unwrap();
    }
    let mut h = harness(StartOptions::default());
    h.state_mut().open_folder(dir.path().to_path_buf());
    let start = Instant::now();
    let folder = std::fs::canonicalize(dir.path()).unwrap();
    // The first records arrive while the pages are still being read.
    loop {
        std::thread::sleep(Duration::from_millis(5));
        h.step();
        let app = h.state();
        assert!(
            app.is_loading(),
            "the folder was read before any record showed"
        );
        if app.folder() == Some(folder.as_path()) && !app.data.is_empty() {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(60));
    }
    h.step();
    let app = h.state();
    assert!(!app.shown.records.is_empty(), "the chart shows them");
    let checkpoint = app
        .data
        .records()
        .iter()
        .find(|r| r.evidence.as_deref() == Some("全县共设立卡口46个"))
        .expect("the records file is read first");
    assert_eq!(
        checkpoint.status,
        records::Status::Rejected,
        "reviews apply to what is shown while loading"
    );
    let seen = app.data.len();
    let (done, total) = app.load_progress().unwrap();
    assert!(done < total, "{done} of {total} files read");
    h.state_mut().cancel_load();
    wait_loaded(&mut h);
    let app = h.state();
    assert!(
        app.data.len() >= seen,
        "Cancel keeps what was read: {} records, {seen} before",
        app.data.len()
    );
    assert!(
        app.files_read >= 1 && app.files_read < 401,
        "{}",
        app.files_read
    );
    assert_eq!(app.folder(), Some(folder.as_path()));
    let notice = app.notice.as_ref().unwrap();
    assert!(notice.text.contains("Cancelled"), "{}", notice.text);
    assert!(!app.shown.records.is_empty());
}

#[test]
fn the_measure_boxes_and_places_within_change_what_the_chart_shows() {
    let mut h = harness(StartOptions::default());
    h.run_ok();
    let all = h.state().shown.records.len();
    assert!(all > 0, "the sample's timeline shows records");

    h.get_by_label("全不选 none").click();
    h.run_ok();
    assert!(h.state().filter.measures.is_empty());
    assert!(h.state().shown.records.is_empty(), "no measure, no record");

    h.get_by_label("全选 all").click();
    h.run_ok();
    assert_eq!(h.state().shown.records.len(), all);

    // At the foot of the filters: scrolled into view first.
    h.get_by_label("含下级地点 include places within")
        .scroll_to_me();
    h.run_ok();
    h.get_by_label("含下级地点 include places within").click();
    h.run_ok();
    assert!(h.state().filter.include_below);
}
