//! Opening a folder cold (every page extracted) and again (unchanged pages
//! read from the cache): prints figures, asserts nothing.
//!
//!     cargo bench --bench open            # 10,000 pages
//!     cargo bench --bench open -- 2000    # another number of pages
//!
//! The pages are built at run time: the seed pages of `../shared/seeds`
//! when that folder is there, each copy with its figures changed so no two
//! pages are the same text; otherwise sentences of our own.

// Tests and benchmarks unwrap: a panic is a failure with its message.
#![allow(clippy::unwrap_used)]

#[path = "common/mod.rs"]
mod common;
use common::vm_hwm_mb;

use countylens::load::{self, Cache, Progress, Select};
use std::time::Instant;

const OWN: &str = "衡东县多措并举抓好疫情防控\n本报讯 截至2月20日，衡东县累计排查返乡人员3200人，设立卡点12个，发放口罩4.5万只。\n县市场监管局出动执法人员46人次，检查药店和超市83家。\n";

fn pages() -> Vec<String> {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let mut out: Vec<String> = std::fs::read_dir(&seeds)
        .map(|d| {
            d.flatten()
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    if out.is_empty() {
        out.push(OWN.to_string());
    }
    out
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let base = pages();
    let dir = tempfile::tempdir().expect("temp dir");
    let cache_dir = tempfile::tempdir().expect("cache dir");
    let mut bytes = 0usize;
    for i in 0..n {
        // Change the figures so every page is a text of its own.
        let page = base[i % base.len()].replace('3', &format!("{}", i % 7 + 3));
        let sub = dir.path().join(format!("{:03}", i / 500));
        std::fs::create_dir_all(&sub).expect("folder");
        std::fs::write(sub.join(format!("p{i:05}.txt")), &page).expect("page");
        bytes += page.len();
    }
    let cache = Cache::at(cache_dir.path());
    println!("{n} pages, {:.1} MB, 2 threads", bytes as f64 / 1e6);
    for run in ["cold (empty cache)", "again (cache warm)"] {
        let t = Instant::now();
        let out = load::load_folder_with_cache(
            dir.path(),
            Select::All,
            &Progress::default(),
            Some(&cache),
        )
        .expect("load");
        println!(
            "{run}: {:.2} s, {} records, {} problem(s); peak memory so far {:.0} MB",
            t.elapsed().as_secs_f64(),
            out.records.len(),
            out.problems.len(),
            vm_hwm_mb()
        );
    }
}
