//! `countylens extract` replays the folder's review log: a person's
//! verdicts come out as `status`, `--no-review` leaves them out, and an
//! action whose record is gone is named, not dropped.

// Tests and benchmarks unwrap: a panic is a failure with its message.
#![allow(clippy::unwrap_used)]

use countylens::records::review::{Change, RecordKey, ReviewChange, ReviewLog};
use countylens::records::{Record, Status};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_countylens");
const PAGE: &str = "衡东县多措并举抓好疫情防控\n本报讯 截至2月20日，衡东县累计排查返乡人员3200人，设立卡点12个，发放口罩4.5万只。\n";

fn extract(dir: &std::path::Path, extra: &[&str]) -> (Vec<Record>, String) {
    let mut args = vec!["extract", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = Command::new(BIN).args(args).output().unwrap();
    assert!(out.status.success());
    let recs = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (recs, String::from_utf8(out.stderr).unwrap())
}

#[test]
fn the_review_log_is_replayed_and_orphans_are_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("page.txt"), PAGE).unwrap();
    let (recs, _) = extract(dir.path(), &[]);
    assert_eq!(recs.len(), 3);
    let (mut log, problems) = ReviewLog::open(dir.path().join("countylens-review.jsonl")).unwrap();
    assert!(problems.is_empty());
    let key = |v: f64| RecordKey::of(recs.iter().find(|r| r.value == v).unwrap());
    log.append(ReviewChange::record(key(12.0), Change::Reject))
        .unwrap();
    log.append(ReviewChange::record(key(3200.0), Change::Confirm))
        .unwrap();
    let mut gone = key(45000.0);
    gone.source = "deleted.txt".into();
    log.append(ReviewChange::record(gone, Change::Confirm))
        .unwrap();
    // Confirmed, then undone: back to extracted.
    log.append(ReviewChange::record(key(45000.0), Change::Confirm))
        .unwrap();
    log.undo().unwrap();

    let (reviewed, stderr) = extract(dir.path(), &[]);
    let status = |v: f64| reviewed.iter().find(|r| r.value == v).unwrap().status;
    assert_eq!(status(12.0), Status::Rejected);
    assert_eq!(status(3200.0), Status::Confirmed);
    assert_eq!(status(45000.0), Status::Extracted);
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("deleted.txt") && l.contains("orphaned")),
        "{stderr}"
    );
    let (raw, _) = extract(dir.path(), &["--no-review"]);
    assert!(raw.iter().all(|r| r.status == Status::Extracted));
}
