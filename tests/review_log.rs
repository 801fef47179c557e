//! The review log on disk: round trips, torn lines, orphans through a real
//! folder load, and a process killed while appending. Needs no GUI.

// Tests and benchmarks unwrap: a panic is a failure with its message.
#![allow(clippy::unwrap_used)]

use countylens::load::{Progress, Select, load_folder};
use countylens::records::review::{
    Change, Field, IN_FOLDER_NAME, RecordKey, ReviewChange, ReviewLog, apply, find_log,
};
use countylens::records::{Problem, Record, Status, write_jsonl};
use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn record(source: &str, span: [usize; 2], value: f64) -> Record {
    serde_json::from_value(serde_json::json!({
        "locality": "湘潭县", "date": "2020-02-20", "date_basis": "stated",
        "measure": "screening", "value": value, "unit": "户",
        "source": source, "span": span, "evidence": "排查农户",
    }))
    .unwrap()
}

fn confirm(r: &Record) -> ReviewChange {
    ReviewChange::record(RecordKey::of(r), Change::Confirm)
}

#[test]
fn appended_actions_read_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/log.jsonl");
    let (mut log, problems) = ReviewLog::open(&path).unwrap();
    assert!(problems.is_empty() && log.actions().is_empty());
    let r = record("a.txt", [1, 9], 8000.0);
    assert_eq!(log.append(confirm(&r)).unwrap(), 1);
    let edit = ReviewChange::record(
        RecordKey::of(&r),
        Change::SetField {
            field: Field::Value,
            old: 8000.0.into(),
            new: 800.0.into(),
        },
    );
    assert_eq!(log.append(edit).unwrap(), 2);
    assert_eq!(log.undo().unwrap(), Some(2));
    let written = log.actions().to_vec();

    let (reopened, problems) = ReviewLog::open(&path).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(reopened.actions(), &written[..]);
    assert_eq!(reopened.next_id(), 4);
    assert_eq!(reopened.redoable(), Some(2));
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 3);
    assert!(text.lines().all(|l| l.starts_with("{\"v\":1,")));
}

#[test]
fn a_torn_last_line_is_reported_skipped_and_the_next_append_starts_clean() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(IN_FOLDER_NAME);
    let r = record("a.txt", [1, 9], 8000.0);
    let (mut log, _) = ReviewLog::open(&path).unwrap();
    log.append(confirm(&r)).unwrap();
    log.append(confirm(&r)).unwrap();
    // A crash in the middle of the third line.
    let third = serde_json::to_string(&confirm(&r)).unwrap();
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    f.write_all(&third.as_bytes()[..25]).unwrap();
    drop(f);

    let (mut log, problems) = ReviewLog::open(&path).unwrap();
    assert_eq!(log.actions().len(), 2);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        (problems[0].file.as_str(), problems[0].line),
        (IN_FOLDER_NAME, Some(3))
    );
    assert!(problems[0].message.contains("cut short"));

    assert_eq!(log.append(confirm(&r)).unwrap(), 3);
    let (log, problems) = ReviewLog::open(&path).unwrap();
    let ids: Vec<u64> = log.actions().iter().map(|a| a.id).collect();
    assert_eq!(ids, vec![1, 2, 3]);
    // The torn bytes stay, as one bad line of their own, never glued to the new action.
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, Some(3));
    assert!(std::fs::read_to_string(&path).unwrap().ends_with("}\n"));
}

#[test]
fn a_folder_load_skips_the_log_and_the_replay_lists_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let kept = record("own.jsonl", [1, 9], 8000.0);
    let other = record("own.jsonl", [20, 29], 60.0);
    let gone = record("own.jsonl", [40, 49], 12.0);
    let file = std::fs::File::create(dir.path().join("own.jsonl")).unwrap();
    write_jsonl(file, &[kept.clone(), other.clone()]).unwrap();

    let (mut log, _) = ReviewLog::open(dir.path().join(IN_FOLDER_NAME)).unwrap();
    log.append(ReviewChange::record(RecordKey::of(&kept), Change::Reject))
        .unwrap();
    log.append(confirm(&gone)).unwrap();
    log.append(confirm(&other)).unwrap();
    assert_eq!(
        find_log(dir.path()).as_deref(),
        Some(dir.path().join(IN_FOLDER_NAME).as_path())
    );

    let mut out = load_folder(dir.path(), Select::All, &Progress::default()).unwrap();
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    assert_eq!(out.records.len(), 2, "the log is not a records file");
    assert_eq!(out.files.len(), 1);
    let problems = apply(&mut out.records, log.actions());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.contains("orphaned review #2"));
    assert!(problems[0].message.contains("[40,49] 12 户"));
    let statuses: Vec<Status> = out.records.iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![Status::Rejected, Status::Confirmed]);
}

// ---- The kill test ----

const CHILD_ENV: &str = "COUNTYLENS_REVIEW_KILL_CHILD";
const KILLS: usize = 200;

/// The action the child writes as number `id`: its content follows from the
/// id alone, so the parent can check every byte of it. Every 64th carries a
/// long evidence (about 900 KB), a write of many pages that a kill can cut
/// between pages. Such tears are rare next to the time fsync takes (0 or 1 in a
/// run of 200 kills here), so the torn-line test above makes one on purpose.
fn expected(id: u64) -> ReviewChange {
    let long = id.is_multiple_of(64);
    let key = RecordKey {
        source: format!("kill/{id}.txt"),
        span: (!long).then_some([id as usize, id as usize + 3]),
        value: id as f64,
        unit: "户".into(),
        evidence: long.then(|| format!("{id}:{}", "疫".repeat(300_000))),
    };
    let change = match id % 4 {
        0 => Change::Confirm,
        1 => Change::Reject,
        2 => Change::SetField {
            field: Field::Value,
            old: (id as f64).into(),
            new: (id as f64 * 2.0).into(),
        },
        _ => Change::Reset,
    };
    let mut a = ReviewChange::record(key, change);
    a.id = id;
    a
}

/// Not a test: the process the kill test starts and kills. It appends the
/// numbered actions until it dies, saying which ones `append` returned.
#[test]
#[ignore = "run by kill_at_random_instants_loses_no_earlier_action"]
fn kill_test_child() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let (mut log, _) = ReviewLog::open(path).unwrap();
    let stdout = std::io::stdout();
    loop {
        let id = log.next_id();
        assert_eq!(log.append(expected(id)).unwrap(), id);
        writeln!(stdout.lock(), "acked {id}").unwrap();
    }
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn kill_at_random_instants_loses_no_earlier_action() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(IN_FOLDER_NAME);
    let exe = std::env::current_exe().unwrap();
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut rng = XorShift(seed | 1);
    let started = Instant::now();

    let mut before: Vec<u8> = Vec::new();
    let mut acked = 0u64;
    let mut torn_lines: HashSet<usize> = HashSet::new();
    let mut torn_seen = 0;
    for kill in 0..KILLS {
        let mut child = Command::new(&exe)
            .args(["kill_test_child", "--exact", "--ignored", "--nocapture"])
            .args(["--test-threads=1", "-q"])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill once the child is appending, after 0–20 ms more.
        let len0 = file_len(&path);
        let wait = Instant::now();
        while file_len(&path) == len0 {
            assert!(
                child.try_wait().unwrap().is_none(),
                "the child died by itself"
            );
            assert!(
                wait.elapsed() < Duration::from_secs(20),
                "the child never appended"
            );
            std::thread::sleep(Duration::from_micros(200));
        }
        std::thread::sleep(Duration::from_micros(rng.next() % 20_001));
        child.kill().unwrap();
        child.wait().unwrap();
        let mut said = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut said)
            .unwrap();
        if let Some(n) = said
            .lines()
            .filter_map(|l| l.strip_prefix("acked ")?.parse::<u64>().ok())
            .max()
        {
            acked = acked.max(n);
        }

        let bytes = std::fs::read(&path).unwrap();
        assert!(
            bytes.starts_with(&before),
            "kill {kill} (seed {seed}): earlier bytes of the log changed"
        );
        let last_line = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        let (log, problems) = ReviewLog::open(&path).unwrap();
        for p in &problems {
            let line = p.line.expect("a problem names its line");
            let fresh_tear = line == last_line && p.message.contains("cut short");
            assert!(
                fresh_tear || torn_lines.contains(&line),
                "kill {kill} (seed {seed}): {p}"
            );
            if fresh_tear && torn_lines.insert(line) {
                torn_seen += 1;
            }
        }
        let n = log.actions().len() as u64;
        assert!(
            n >= acked,
            "kill {kill} (seed {seed}): {n} actions on disk but the child was told {acked} were written"
        );
        for (i, a) in log.actions().iter().enumerate() {
            let mut want = expected(i as u64 + 1);
            want.time = a.time.clone();
            assert_eq!(
                a,
                &want,
                "kill {kill} (seed {seed}): action {} damaged",
                i + 1
            );
            assert!(a.time.len() == 20 && a.time.ends_with('Z'), "{}", a.time);
        }
        before = bytes;
    }
    let written = ReviewLog::open(&path).unwrap().0.actions().len();
    let problems: Vec<Problem> = ReviewLog::open(&path).unwrap().1;
    eprintln!(
        "kill test: {KILLS} kills in {:.1} s, {written} actions on disk ({acked} acknowledged), \
         {torn_seen} torn lines made by kills, each reported and skipped, {} problems now, seed {seed}",
        started.elapsed().as_secs_f64(),
        problems.len()
    );
    assert!(acked > 0, "the children appended nothing");
}
