//! Big and badly shaped pages: prints figures, asserts nothing.
//!
//!     cargo bench --bench big_page            # one line vs line breaks, 1–8 MB; 200 MB peak memory
//!     cargo bench --bench big_page -- 50      # the memory case at 50 MB instead
//!
//! The pages are built at run time from sentences of our own. Time per MB
//! must not grow with the size (work per page is linear), a page on one
//! line must cost no more than about three times the same page with its
//! line breaks, and the peak memory of reading a page through the loader
//! must stay under four times its size.

// Tests and benchmarks unwrap: a panic is a failure with its message.
#![allow(clippy::unwrap_used)]

#[path = "common/mod.rs"]
mod common;
use common::vm_hwm_mb;

use countylens::extract::{Hints, extract_file};
use countylens::load::{self, Progress, Select};
use std::time::Instant;

const SENTENCES: [&str; 4] = [
    "截至2月20日，衡东县某镇累计排查返乡人员3200人，设立卡点12个。",
    "县市场监管局出动执法人员46人次，检查药店和超市83家。",
    "全镇组织志愿者180名参与卡点值守和上门宣传，发放告知书5000余份。",
    "今年以来，县里持续推进乡村振兴各项工作，群众满意度不断提升。",
];

fn page(bytes: usize, line_breaks: bool) -> String {
    let mut out = String::with_capacity(bytes + 200);
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(SENTENCES[i % SENTENCES.len()]);
        if line_breaks {
            out.push('\n');
        }
        i += 1;
    }
    out
}

/// In a fresh process: load a folder holding one page of `mb` MB and print
/// the peak memory.
fn memory_child(mb: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("big.txt"), page(mb << 20, true)).expect("write page");
    let before = vm_hwm_mb();
    let t = Instant::now();
    let out = load::load_folder(dir.path(), Select::PagesOnly, &Progress::default()).expect("load");
    println!(
        "{mb} MB page through the loader: {:.1} s, {} records, {} problem(s); peak memory {:.0} MB ({:.1}× the page; {:.0} MB before loading)",
        t.elapsed().as_secs_f64(),
        out.records.len(),
        out.problems.len(),
        vm_hwm_mb(),
        vm_hwm_mb() / mb as f64,
        before
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let Some(mb) = args.iter().find_map(|a| a.strip_prefix("--memory-child=")) {
        memory_child(mb.parse().expect("MB"));
        return;
    }
    let memory_mb: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(200);
    let hints = Hints::default();
    println!("size   one line   line breaks   ratio   (s; MB/s of the one-line page)");
    for mb in [1usize, 2, 4, 8] {
        let one = page(mb << 20, false);
        let lines = page(mb << 20, true);
        let t = Instant::now();
        let a = extract_file("one.txt", one.as_bytes(), &hints);
        let t_one = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let b = extract_file("lines.txt", lines.as_bytes(), &hints);
        let t_lines = t.elapsed().as_secs_f64();
        println!(
            "{mb} MB   {t_one:8.2}   {t_lines:11.2}   {:5.2}   ({:.1} MB/s; {} and {} records)",
            t_one / t_lines,
            mb as f64 / t_one,
            a.records.len(),
            b.records.len()
        );
    }
    // Cancel in the middle of a 64 MB page: how long until extraction returns.
    {
        let page = page(64 << 20, true);
        let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let hints = Hints {
            cancel: Some(flag.clone()),
            ..Default::default()
        };
        let worker = std::thread::spawn(move || extract_file("big.txt", page.as_bytes(), &hints));
        std::thread::sleep(std::time::Duration::from_secs(3));
        let t = Instant::now();
        flag.store(true, std::sync::atomic::Ordering::Relaxed);
        let out = worker.join().expect("extraction");
        println!(
            "cancel 3 s into a 64 MB page: returned {:.2} s after the flag ({} records read by then)",
            t.elapsed().as_secs_f64(),
            out.records.len()
        );
    }
    // The memory case runs alone in a child, so the figures above and the
    // pages they built do not count in its peak.
    let exe = std::env::current_exe().expect("own path");
    let status = std::process::Command::new(exe)
        .arg(format!("--memory-child={memory_mb}"))
        .status()
        .expect("run the memory case");
    if !status.success() {
        println!("memory case failed: {status}");
    }
}
