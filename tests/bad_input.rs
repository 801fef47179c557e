//! A corpus of bad input, built at run time, that the loader and the
//! command line must survive: every case ends, names its problem, keeps the
//! good records, and leaves the folder exactly as it was.
//!
//! Times are printed, not asserted (a loaded CI machine is slow); a watchdog
//! kills a run that takes minutes, which is a hang, not slowness.

// Tests and benchmarks unwrap: a panic is a failure with its message.
#![allow(clippy::unwrap_used)]

use countylens::load::{self, Progress, Select};
use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_countylens");

/// A page of our own in the style of a county news item, with figures.
const GOOD: &str = "衡东县多措并举抓好疫情防控\n本报讯 截至2月20日，衡东县累计排查返乡人员3200人，设立卡点12个，发放口罩4.5万只。\n";

/// Far longer than any run here needs; only a hang reaches it.
const WATCHDOG: Duration = Duration::from_secs(180);

struct Run {
    status: Option<i32>,
    stdout: String,
    stderr: String,
    secs: f64,
}

/// Runs the binary with a watchdog; a run killed by it fails the test.
fn run(args: &[&str]) -> Run {
    let start = Instant::now();
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start countylens");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Run {
                status: status.code(),
                stdout: t_out.join().unwrap(),
                stderr: t_err.join().unwrap(),
                secs: start.elapsed().as_secs_f64(),
            };
        }
        if start.elapsed() > WATCHDOG {
            let _ = child.kill();
            panic!("countylens {args:?} still running after {WATCHDOG:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Every file under `dir` (not following links) with its bytes, or its kind.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let t = e.file_type().unwrap();
            let p = e.path();
            if t.is_dir() {
                stack.push(p.clone());
                out.insert(p, b"<dir>".to_vec());
            } else if t.is_file() {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            } else if t.is_symlink() {
                out.insert(
                    p.clone(),
                    std::fs::read_link(&p)
                        .unwrap()
                        .to_string_lossy()
                        .as_bytes()
                        .to_vec(),
                );
            } else {
                out.insert(p, b"<special>".to_vec());
            }
        }
    }
    out
}

fn folder_with_good_page() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), GOOD).unwrap();
    dir
}

fn records_of(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn good_values(recs: &[serde_json::Value]) -> Vec<f64> {
    let mut v: Vec<f64> = recs
        .iter()
        .filter(|r| r["source"] == "good.txt")
        .map(|r| r["value"].as_f64().unwrap())
        .collect();
    v.sort_by(f64::total_cmp);
    v
}

fn extract_folder(dir: &Path) -> Run {
    let r = run(&["extract", dir.to_str().unwrap()]);
    eprintln!("extract {}: {:.2} s", dir.display(), r.secs);
    r
}

#[test]
fn the_good_page_gives_its_figures() {
    let dir = folder_with_good_page();
    let r = extract_folder(dir.path());
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    assert_eq!(
        good_values(&records_of(&r.stdout)),
        vec![12.0, 3200.0, 45000.0]
    );
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_hidden_files_are_skipped_by_name_and_nothing_blocks() {
    let dir = folder_with_good_page();
    let p = dir.path();
    let fifo = |path: &Path| {
        let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
        assert!(ok, "mkfifo");
    };
    // The dates file as a FIFO: reading it would wait forever for a writer.
    fifo(&p.join(load::DATES_FILE));
    fifo(&p.join("pipe.txt"));
    std::os::unix::fs::symlink("/dev/zero", p.join("zero.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", p.join("sub-dates.csv")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", p.join("broken.txt")).unwrap();
    std::os::unix::fs::symlink(".", p.join("loop")).unwrap();
    std::fs::write(p.join(".hidden.txt"), GOOD).unwrap();
    let before = snapshot(p);
    let r = extract_folder(p);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    assert_eq!(
        good_values(&records_of(&r.stdout)),
        vec![12.0, 3200.0, 45000.0]
    );
    for (name, kind) in [
        (load::DATES_FILE, "named pipe"),
        ("pipe.txt", "named pipe"),
        ("zero.txt", "character device"),
        ("broken.txt", "link to nothing"),
        ("loop", "already read"),
        (".hidden.txt", "hidden"),
    ] {
        assert!(
            r.stderr
                .lines()
                .any(|l| l.contains(name) && l.contains(kind)),
            "{name} ({kind}) not named in:\n{}",
            r.stderr
        );
    }
    assert_eq!(snapshot(p), before, "the folder changed");
}

#[test]
fn a_dates_file_over_its_limit_is_refused_with_the_reason() {
    let dir = folder_with_good_page();
    let f = std::fs::File::create(dir.path().join(load::DATES_FILE)).unwrap();
    f.set_len(load::MAX_DATES_BYTES + 1).unwrap();
    let mut problems = Vec::new();
    let dates = load::read_dates_file(dir.path(), &mut problems);
    assert!(dates.is_empty());
    assert!(problems[0].message.contains("limit"), "{problems:?}");
}

#[test]
fn deep_html_is_read_without_crashing_and_other_files_still_load() {
    let dir = folder_with_good_page();
    let depth = 20_000;
    let html = format!(
        "<html><body>{}<p>截至3月1日，衡东县累计排查返乡人员1500人。</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    std::fs::write(dir.path().join("deep.html"), html).unwrap();
    let r = extract_folder(dir.path());
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let recs = records_of(&r.stdout);
    assert_eq!(good_values(&recs), vec![12.0, 3200.0, 45000.0]);
    assert!(
        recs.iter()
            .any(|r| r["source"] == "deep.html" && r["value"] == 1500.0),
        "{recs:?}"
    );
}

#[test]
fn output_inside_the_folder_is_refused_and_the_users_file_kept() {
    let dir = folder_with_good_page();
    let mine = dir.path().join("mine.jsonl");
    let hand = "{\"locality\":\"衡东县\",\"date\":\"2020-02-20\",\"measure\":\"screening\",\"value\":1,\"unit\":\"户\",\"source\":\"me\"}\n";
    std::fs::write(&mine, hand).unwrap();
    let before = snapshot(dir.path());
    let r = run(&[
        "extract",
        dir.path().to_str().unwrap(),
        "-o",
        mine.to_str().unwrap(),
    ]);
    assert_eq!(r.status, Some(1));
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(snapshot(dir.path()), before);
    // With --force the person asked for it: the file is replaced whole.
    let r = run(&[
        "extract",
        dir.path().to_str().unwrap(),
        "-o",
        mine.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let written = std::fs::read_to_string(&mine).unwrap();
    assert_eq!(
        good_values(&records_of(&written)),
        vec![12.0, 3200.0, 45000.0]
    );
}

#[test]
fn a_bad_output_folder_is_reported_before_reading_and_leaves_no_file() {
    let dir = folder_with_good_page();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("missing/records.jsonl");
    let r = run(&[
        "extract",
        dir.path().to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(r.status, Some(1));
    assert!(r.stderr.contains("missing"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("good.txt"),
        "pages were read: {}",
        r.stderr
    );
    // A good run leaves only the target behind, no temporary file.
    let target = out.path().join("records.jsonl");
    let r = run(&[
        "extract",
        dir.path().to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let names: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("records.jsonl")]);
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    let dir = folder_with_good_page();
    for i in 0..30 {
        std::fs::write(dir.path().join(format!("copy{i:02}.txt")), GOOD).unwrap();
    }
    let mut child = Command::new(BIN)
        .args(["extract", dir.path().to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with('{'), "{first}");
    // The reader is gone (as `| head -1` leaves): the pipe is closed.
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn odd_encodings_lose_only_their_bad_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    // UTF-16LE Chinese without a BOM.
    let utf16: Vec<u8> = GOOD.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(p.join("utf16.txt"), utf16).unwrap();
    // One truncated character at the end.
    let mut cut = GOOD.as_bytes().to_vec();
    cut.extend_from_slice(&"人".as_bytes()[..1]);
    std::fs::write(p.join("cut.txt"), cut).unwrap();
    // Half UTF-8, half GBK.
    let mut mixed = GOOD.as_bytes().to_vec();
    mixed.extend_from_slice(&encoding_rs::GB18030.encode("志愿者一百名参与值守。\n").0);
    std::fs::write(p.join("mixed.txt"), mixed).unwrap();
    let r = extract_folder(p);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let recs = records_of(&r.stdout);
    for name in ["utf16.txt", "cut.txt", "mixed.txt"] {
        let mut v: Vec<f64> = recs
            .iter()
            .filter(|r| r["source"] == name)
            .map(|r| r["value"].as_f64().unwrap())
            .collect();
        v.sort_by(f64::total_cmp);
        assert_eq!(v, vec![12.0, 3200.0, 45000.0], "{name}: {}", r.stderr);
    }
    assert!(!r.stderr.contains("binary"), "{}", r.stderr);
    for name in ["cut.txt", "mixed.txt"] {
        assert!(
            r.stderr
                .lines()
                .any(|l| l.contains(name) && l.contains("undecodable")),
            "{name}: {}",
            r.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_stay_two_sources() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    for b in [0xFEu8, 0xFF] {
        let bytes = [b'p', b, b'.', b't', b'x', b't'];
        let name = std::ffi::OsStr::from_bytes(&bytes);
        if std::fs::write(dir.path().join(name), GOOD).is_err() {
            eprintln!("this file system refuses names that are not UTF-8; skipped");
            return;
        }
    }
    let out = load::load_folder(dir.path(), Select::All, &Progress::default()).unwrap();
    let mut sources: Vec<_> = out.records.iter().map(|r| &*r.source).collect();
    sources.dedup();
    assert_eq!(sources, vec!["p\\xFE.txt", "p\\xFF.txt"]);
}

#[test]
fn records_files_name_lines_right_and_warn_of_negative_values() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "locality,date,measure,value,unit\r\n衡东县,2022-04-03,inspection,37,家\r\n衡东县,2022-13-01,inspection,3,家\r\n衡东县,2022-04-05,inspection,-2,家\r\n";
    std::fs::write(dir.path().join("coded.csv"), csv).unwrap();
    std::fs::write(dir.path().join("old-mac.csv"), csv.replace("\r\n", "\r")).unwrap();
    let out = load::load_folder(dir.path(), Select::All, &Progress::default()).unwrap();
    assert_eq!(
        out.records.len(),
        4,
        "per file: the good row and the negative one, kept"
    );
    for file in ["coded.csv", "old-mac.csv"] {
        let lines: Vec<_> = out
            .problems
            .iter()
            .filter(|p| p.file == file)
            .map(|p| p.line)
            .collect();
        assert_eq!(lines, vec![Some(3), Some(4)], "{file}: {:?}", out.problems);
    }
}

#[test]
fn a_page_on_one_line_is_read_in_linear_time_and_cancel_stops_it() {
    // About 1 MB of text on one line: the cost must grow with the size, not
    // its square (the benchmark prints 8 MB against its line-broken twin).
    let sentence = "截至2月20日，衡东县某镇累计排查返乡人员3200人，设立卡点12个。";
    let n = 1_000_000 / sentence.len();
    let one_line = sentence.repeat(n);
    let broken = format!("{sentence}\n").repeat(n);
    let hints = countylens::extract::Hints::default();
    let t = Instant::now();
    let a = countylens::extract::extract_file("one.txt", one_line.as_bytes(), &hints);
    let t_one = t.elapsed();
    let t = Instant::now();
    let b = countylens::extract::extract_file("lines.txt", broken.as_bytes(), &hints);
    let t_lines = t.elapsed();
    eprintln!(
        "1 MB page: one line {:.2} s, with line breaks {:.2} s",
        t_one.as_secs_f64(),
        t_lines.as_secs_f64()
    );
    assert!(!a.records.is_empty() && !b.records.is_empty());
    // Cancel set before the start: nothing is extracted, at once.
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let hints = countylens::extract::Hints {
        cancel: Some(flag),
        ..Default::default()
    };
    let c = countylens::extract::extract_file("one.txt", one_line.as_bytes(), &hints);
    assert!(c.records.is_empty());
}

#[test]
fn the_command_line_writes_csv_to_a_file_and_fails_clearly() {
    let dir = folder_with_good_page();
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("r.csv");
    let r = run(&[
        "extract",
        dir.path().to_str().unwrap(),
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(r.status, Some(0), "{}", r.stderr);
    let (recs, probs) =
        countylens::records::read_csv("r.csv", &std::fs::read_to_string(&csv).unwrap());
    assert!(probs.is_empty(), "{probs:?}");
    assert_eq!(recs.len(), 3);
    let missing = run(&["extract", dir.path().join("nope").to_str().unwrap()]);
    assert_eq!(missing.status, Some(1));
    assert!(missing.stderr.contains("nope"), "{}", missing.stderr);
    let wrong = run(&["extract", "--format", "xml", dir.path().to_str().unwrap()]);
    assert_eq!(wrong.status, Some(2));
    assert!(wrong.stderr.contains("xml"), "{}", wrong.stderr);
}
