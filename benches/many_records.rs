//! Opening a big records file: `cargo bench --bench many_records`
//! (1,000,000 records, about 400 MB of JSON Lines; `-- N` for another
//! number). The file is written to a temporary folder at run time, never
//! kept. Prints the seconds and the peak memory (VmHWM, reset before each
//! phase where Linux allows) of the loader alone and of the loader followed
//! by building the dataset the views read, as the app does.

// Tests and benchmarks unwrap: a panic is a failure with its message.
#![allow(clippy::unwrap_used)]

#[path = "common/mod.rs"]
mod common;
use common::vm_hwm_mb;

use countylens::extract::{self, Hints};
use countylens::load::{self, Progress, Select};
use countylens::records::Dataset;
use countylens::records::Record;
use std::io::Write;
use std::time::Instant;

/// Records to copy: what the extractor gives on the seed pages, else one
/// record of our own.
fn templates() -> Vec<Record> {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let mut out: Vec<Record> = std::fs::read_dir(&seeds)
        .map(|d| {
            let mut files: Vec<_> = d.flatten().map(|e| e.path()).collect();
            files.sort();
            files
                .iter()
                .filter(|p| extract::is_page(&p.to_string_lossy()))
                .flat_map(|p| {
                    let bytes = std::fs::read(p).unwrap();
                    let name = p.file_name().unwrap().to_string_lossy().into_owned();
                    extract::extract_file(&name, &bytes, &Hints::default()).records
                })
                .collect()
        })
        .unwrap_or_default();
    if out.is_empty() {
        let text = "截至2月20日，衡东县累计排查返乡人员3200人，设立卡点12个。";
        out = extract::extract_text("own.txt", text, &Hints::default());
    }
    assert!(!out.is_empty(), "no template records");
    out
}

fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let base = templates();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("records.jsonl");
    let t = Instant::now();
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        for i in 0..n {
            // Another page, another day and another figure for every copy:
            // 2,000 pages of 500 records each, as a province's folder would.
            let mut r = base[i % base.len()].clone();
            r.source = format!("{:03}/page-{:05}.txt", i / 50_000, i / 500).into();
            r.value += (i / base.len()) as f64;
            r.date.day = r.date.day.map(|d| (d + (i % 20) as u8 - 1) % 28 + 1);
            serde_json::to_writer(&mut w, &r).unwrap();
            w.write_all(b"\n").unwrap();
        }
    }
    let bytes = std::fs::metadata(&path).unwrap().len();
    println!(
        "{n} records, {:.0} MB of JSON Lines, written in {:.1} s; {} threads",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64(),
        rayon::current_num_threads()
    );
    reset_peak();
    let before = vm_hwm_mb();
    let t = Instant::now();
    let out = load::load_folder(dir.path(), Select::All, &Progress::default()).unwrap();
    let loaded = t.elapsed().as_secs_f64();
    let hwm_load = vm_hwm_mb();
    assert_eq!(out.records.len(), n, "{:?}", out.problems.first());
    println!("loader: {loaded:.2} s, peak memory {hwm_load:.0} MB (at start {before:.0} MB)");
    let t = Instant::now();
    let ds = Dataset::new(out.records);
    let built = t.elapsed().as_secs_f64();
    println!(
        "loader + dataset: {:.2} s ({built:.2} s for the dataset), peak memory {:.0} MB; {} places",
        loaded + built,
        vm_hwm_mb(),
        ds.nodes().len()
    );
}
