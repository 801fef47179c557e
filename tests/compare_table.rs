//! The comparison seam: `countylens export-table` writes what a bar chart of
//! one series shows. Reprints count once with all their sources, parts are
//! never added, two series never share a row.

// Tests and benchmarks unwrap: a panic is a failure with its message.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_countylens");

/// Records of our own: one county's inspection report, its parts and a
/// second series in the same unit.
const REPORT: &str = r#"{"locality":"桑植县","locality_path":["湖南省","张家界市","桑植县"],"code":"430822","date":"2020-02-12","measure":"inspection","series":"inspection.problems","value":388,"unit":"个","tally":"cumulative","source":"SRC","evidence":"共发现问题388个"}
{"locality":"桑植县","locality_path":["湖南省","张家界市","桑植县"],"code":"430822","date":"2020-02-12","measure":"inspection","series":"inspection.fixed","value":363,"unit":"个","tally":"cumulative","source":"SRC","evidence":"已整改363个"}
{"locality":"桑植县","locality_path":["湖南省","张家界市","桑植县"],"code":"430822","date":"2020-02-12","measure":"inspection","series":"inspection.teams","value":9,"unit":"个","source":"SRC","evidence":"派出9个督查组"}
{"locality":"慈利县","locality_path":["湖南省","张家界市","慈利县"],"code":"430821","date":"2020-02-10","measure":"screening","series":"screening.people","value":4692,"unit":"人","source":"SRC","evidence":"走访4692人"}
{"locality":"慈利县","locality_path":["湖南省","张家界市","慈利县"],"code":"430821","date":"2020-02-10","measure":"screening","series":"screening.people","value":4660,"unit":"人","part_of":true,"source":"SRC","evidence":"其中常住人口4660人"}
{"locality":"慈利县","locality_path":["湖南省","张家界市","慈利县"],"code":"430821","date":"2020-02-03","measure":"screening","series":"screening.people","value":1500,"unit":"名","source":"SRC","evidence":"走访1500名"}
"#;

fn table(dir: &Path, series: &str, agg: &str) -> Vec<Vec<String>> {
    let out = Command::new(BIN)
        .args([
            "export-table",
            "--open",
            dir.to_str().unwrap(),
            "--series",
            series,
            "--aggregate",
            agg,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn folder(copies: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in copies {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, REPORT.replace("SRC", name)).unwrap();
    }
    dir
}

#[test]
fn the_same_report_three_times_is_the_table_of_it_once_with_three_sources() {
    let once = folder(&["report.jsonl"]);
    let thrice = folder(&[
        "report.jsonl",
        "city-paper/copy.jsonl",
        "portal/again.jsonl",
    ]);
    for series in ["inspection.problems", "screening.people"] {
        for agg in ["latest", "largest", "sum"] {
            let a = table(once.path(), series, agg);
            let b = table(thrice.path(), series, agg);
            assert_eq!(a.len(), b.len(), "{series} {agg}");
            for (ra, rb) in a.iter().zip(&b) {
                // locality, path, code, value, unit, date, approx, records: the same.
                assert_eq!(ra[..8], rb[..8], "{series} {agg}");
                assert_eq!(
                    rb[8].parse::<usize>().unwrap(),
                    3 * ra[8].parse::<usize>().unwrap()
                );
            }
        }
    }
}

#[test]
fn parts_are_never_added_and_series_never_mixed() {
    let dir = folder(&["report.jsonl"]);
    let people = table(dir.path(), "screening.people", "sum");
    assert_eq!(people.len(), 1);
    // 4692 + 1500 (人 and 名 are one unit); the part 4660 is not added.
    assert_eq!(people[0][3], "6192");
    assert_eq!(people[0][4], "人");
    assert!(people[0][9].contains("period"), "{:?}", people[0]);
    assert!(people[0][9].contains("part"), "{:?}", people[0]);
    let latest = table(dir.path(), "screening.people", "latest");
    assert_eq!(latest[0][3], "4692");
    assert_eq!(latest[0][5], "2020-02-10");
    let problems = table(dir.path(), "inspection.problems", "sum");
    assert_eq!(problems.len(), 0, "a running total is never summed");
    let problems = table(dir.path(), "inspection.problems", "latest");
    assert_eq!(problems[0][3], "388", "not 9 + 388 + 363");
    assert_eq!(problems[0][2], "430822");
    assert_eq!(
        problems[0][10], "",
        "problems found are not put per resident"
    );
    // 慈利县 (430821): its people per 10,000 residents of the 2020 census.
    let residents: f64 = latest[0][10].parse().unwrap();
    let per: f64 = latest[0][11].parse().unwrap();
    assert!((per - 4692.0 / residents * 10_000.0).abs() < 0.01);
}

/// A page of our own; the same text saved three times under other names
/// (and re-flowed once, as a portal does) is one report with three sources.
const PAGE: &str =
    "慈利县多措并举抓防控\n本报讯 截至2月10日，慈利县累计排查返乡人员4692人，设立卡点12个。\n";

#[test]
fn a_page_saved_three_times_is_one_report_with_three_sources() {
    let once = tempfile::tempdir().unwrap();
    std::fs::write(once.path().join("page.txt"), PAGE).unwrap();
    let thrice = tempfile::tempdir().unwrap();
    std::fs::write(thrice.path().join("page.txt"), PAGE).unwrap();
    std::fs::write(thrice.path().join("reprint.txt"), PAGE).unwrap();
    std::fs::create_dir(thrice.path().join("portal")).unwrap();
    std::fs::write(
        thrice.path().join("portal/copy.txt"),
        PAGE.replace('，', "，\n"),
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["extract", once.path().to_str().unwrap()])
        .output()
        .unwrap();
    let recs: Vec<countylens::records::Record> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!recs.is_empty());
    let mut series: Vec<String> = recs
        .iter()
        .filter_map(|r| r.series.as_deref().map(str::to_string))
        .collect();
    series.sort();
    series.dedup();
    assert!(
        series.len() >= 2,
        "the page's figures carry series: {recs:?}"
    );
    for s in &series {
        for agg in ["latest", "largest", "sum"] {
            let a = table(once.path(), s, agg);
            let b = table(thrice.path(), s, agg);
            assert_eq!(a.len(), b.len(), "{s} {agg}");
            for (ra, rb) in a.iter().zip(&b) {
                assert_eq!(ra[..8], rb[..8], "{s} {agg}");
                assert_eq!(rb[8], "3", "{s} {agg}");
            }
        }
    }
    // The copies are named when the folder is read.
    let loaded = countylens::load::load_folder(
        thrice.path(),
        countylens::load::Select::All,
        &countylens::load::Progress::default(),
    )
    .unwrap();
    let notes: Vec<_> = loaded
        .problems
        .iter()
        .filter(|p| p.message.contains("same text"))
        .collect();
    assert_eq!(notes.len(), 1, "one note per text: {notes:?}");
    assert_eq!(notes[0].file, "page.txt");
    assert!(
        notes[0]
            .message
            .starts_with("2 copies with the same text: portal/copy.txt, reprint.txt"),
        "{}",
        notes[0].message
    );
}
