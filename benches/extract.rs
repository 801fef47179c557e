//! Extraction throughput: `cargo bench --bench extract`.
//!
//! Not a timed test: it builds a corpus of at least 40 MB at run time and
//! prints figures (MB/s on one core and on all cores, records per MB, peak
//! memory). The target is 30 MB/s per core.
//!
//! The corpus comes from the news pages in `../shared/seeds` when that folder
//! is there (set `COUNTYLENS_SEEDS` to read another folder): each page is
//! repeated many times, and every copy is varied a little (figures and days
//! shifted, some paragraphs swapped; some copies saved as HTML, some as GBK),
//! so the extractor does not see the same bytes hundreds of times. Without
//! the seeds (a fresh clone) the pages are built from a handful of synthetic
//! sentences below. `COUNTYLENS_BENCH_MB` sets the corpus size (default 48,
//! at least 40); `COUNTYLENS_BENCH_ONLY=one` stops after the single-core
//! figures (for running it under a profiler). `COUNTYLENS_BENCH_KEEP=DIR`
//! writes the corpus files into DIR and stops; `COUNTYLENS_BENCH_DUMP=FILE`
//! writes every file's records and problems as JSON lines and stops (to
//! compare the extractor's output before and after a change).
//!
//! Beside the extractor, it times a bare aho-corasick leftmost-longest scan
//! of every county and township name of the bundled gazetteer over the same
//! corpus bytes, on one core in the same run, and prints the ratio
//! extraction : scan (issue 9 asks at least 1/3). Both one-core figures
//! are the thread's CPU time, so the ratio holds while other processes
//! share the machine; the all-cores figure is wall time.

// Tests and benchmarks unwrap: a panic is a failure with its message.
#![allow(clippy::unwrap_used)]

#[path = "common/mod.rs"]
mod common;
use common::{status_kb, thread_cpu};

use countylens::extract::{self, Hints};
use countylens::load::{self, Progress, Select};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const MIN_MB: usize = 40;
const TARGET_MB_S: f64 = 30.0;

/// One file of the corpus.
struct Doc {
    name: String,
    bytes: Vec<u8>,
}

/// xorshift64*: enough randomness to vary copies, the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

// Synthetic pages for a checkout without ../shared: sentences written for
// this benchmark in the style of county news reports. `{d}` is a day of the
// month, `{n}` a figure; each copy fills them in differently.
const SYNTH_TITLES: &[&str] = &[
    "衡南县全力以赴做好疫情防控工作",
    "祁东县筑牢基层疫情防控防线",
    "耒阳市多措并举守护群众健康",
    "常宁市志愿者奋战在抗疫一线",
];

const SYNTH_PARAS: &[&str] = &[
    "本报讯(通讯员 王明 记者 李华)3月{d}日,衡南县召开疫情防控工作调度会,部署下一阶段各项防控措施。",
    "截至3月{d}日24时,全县累计完成核酸检测{n}人次,结果均为阴性。",
    "连日来,县卫健局组织{n}名医务人员下沉乡镇,协助开展流调排查和重点人群健康监测。",
    "全县共设立交通卡口{n}个,累计检查车辆{n}台次、登记人员{n}人次。",
    "县委组织部号召各级党组织积极行动,{n}名党员干部主动报到,参与社区网格化管理。",
    "截至目前,全市累计接种新冠病毒疫苗{n}剂次,其中加强免疫{n}剂次。",
    "3月{d}日,祁东县对{n}名居家隔离人员逐一上门走访,送去生活物资和防护用品。",
    "各乡镇加大宣传力度,发放防疫宣传资料{n}余份,张贴标语{n}条,悬挂横幅{n}幅。",
    "耒阳市市场监管局出动执法人员{n}人次,检查药店、农贸市场等经营场所{n}家。",
    "常宁市新增集中隔离房间{n}间,储备口罩{n}万只、防护服{n}套。",
    "志愿者们冒着寒风坚守岗位,为过往群众测量体温、查验健康码,用行动诠释责任与担当。",
    "下一步,该县将继续压紧压实各方责任,严格落实“四早”要求,坚决守住不发生规模性疫情的底线。",
];

fn synthetic_pages(rng: &mut Rng) -> Vec<String> {
    (0..6)
        .map(|i| {
            let mut page = format!("{}\n\n", SYNTH_TITLES[i % SYNTH_TITLES.len()]);
            for _ in 0..40 {
                let p = SYNTH_PARAS[rng.below(SYNTH_PARAS.len() as u64) as usize];
                let mut s = String::new();
                let mut rest = p;
                while let Some(at) = rest.find('{') {
                    s.push_str(&rest[..at]);
                    let close = at + rest[at..].find('}').unwrap();
                    match &rest[at..=close] {
                        "{d}" => s.push_str(&(1 + rng.below(28)).to_string()),
                        _ => s.push_str(&(1 + rng.below(20_000)).to_string()),
                    }
                    rest = &rest[close + 1..];
                }
                s.push_str(rest);
                page.push_str(&s);
                page.push_str("\n\n");
            }
            page
        })
        .collect()
}

fn seed_pages(dir: &Path) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut pages: Vec<(String, String)> = entries
        .flatten()
        .filter(|e| extract::is_page(&e.file_name().to_string_lossy()))
        .filter_map(|e| {
            let bytes = std::fs::read(e.path()).ok()?;
            let text = extract::decode::decode(&bytes).ok()?.text;
            Some((e.file_name().to_string_lossy().into_owned(), text))
        })
        .collect();
    pages.sort();
    pages
}

/// Shifts figures and days: a run of ASCII digits before 日/号 becomes another
/// day of the month; other runs of two or more digits (not years or months,
/// not clock times) get their last digit changed.
fn shift_numbers(text: &str, k: u32) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let run = &chars[start..i];
        let next = chars.get(i).copied();
        let prev = start.checked_sub(1).map(|p| chars[p]);
        let clockish =
            matches!(next, Some(':' | '：' | '.')) || matches!(prev, Some(':' | '：' | '.'));
        match next {
            Some('日' | '号') if run.len() <= 2 => {
                let d: u32 = run.iter().collect::<String>().parse().unwrap_or(1);
                let day = (d.max(1) - 1 + k) % 28 + 1;
                out.push_str(&day.to_string());
            }
            Some('年' | '月' | '时' | '点') => out.extend(run),
            _ if run.len() >= 2 && !clockish => {
                out.extend(&run[..run.len() - 1]);
                let last = run[run.len() - 1].to_digit(10).unwrap();
                // Keep a nonzero last digit nonzero and a zero zero, so
                // round figures stay round.
                let new = if last == 0 { 0 } else { (last - 1 + k) % 9 + 1 };
                out.push(char::from_digit(new, 10).unwrap());
            }
            _ => out.extend(run),
        }
    }
    out
}

/// Swaps a few neighbouring body paragraphs (never the first three lines,
/// which hold the headline, byline and dateline).
fn swap_paragraphs(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    if lines.len() > 6 {
        for _ in 0..(lines.len() / 8).max(1) {
            let i = 3 + rng.below((lines.len() - 4) as u64) as usize;
            lines.swap(i, i + 1);
        }
    }
    lines.join("\n")
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn as_html(text: &str, rng: &mut Rng) -> String {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let title = escape_html(lines.next().unwrap_or(""));
    let mut h = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>p {{ text-indent: 2em; }}</style>\
         <script>var pv = {};</script></head>\n<body><div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/xw\">新闻</a></div>\n\
         <div class=\"article\"><h1>{title}</h1>\n",
        rng.below(100_000)
    );
    for l in lines {
        h.push_str("<p>");
        h.push_str(&escape_html(l));
        h.push_str("</p>\n");
    }
    h.push_str("</div><div class=\"footer\">版权所有 &copy; 本站</div></body></html>\n");
    h
}

fn build_corpus(min_bytes: usize) -> (Vec<Doc>, String) {
    let seeds_dir = std::env::var_os("COUNTYLENS_SEEDS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds"));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut pages = seed_pages(&seeds_dir);
    let origin = if pages.is_empty() {
        pages = synthetic_pages(&mut rng)
            .into_iter()
            .enumerate()
            .map(|(i, t)| (format!("synthetic_{i}.txt"), t))
            .collect();
        format!(
            "{} synthetic pages (no seeds at {})",
            pages.len(),
            seeds_dir.display()
        )
    } else {
        format!("{} seed pages from {}", pages.len(), seeds_dir.display())
    };
    let mut docs = Vec::new();
    let mut total = 0;
    let mut copy = 0u32;
    while total < min_bytes {
        for (name, text) in &pages {
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
            let varied = swap_paragraphs(&shift_numbers(text, 1 + copy % 27), &mut rng);
            // 70 % UTF-8 text, 15 % HTML, 15 % GBK text: what folders hold.
            let (name, bytes) = match rng.below(20) {
                0..=13 => (format!("{copy:04}_{stem}.txt"), varied.into_bytes()),
                14..=16 => (
                    format!("{copy:04}_{stem}.html"),
                    as_html(&varied, &mut rng).into_bytes(),
                ),
                _ => {
                    let (gbk, _, _) = encoding_rs::GBK.encode(&varied);
                    (format!("{copy:04}_{stem}.gbk.txt"), gbk.into_owned())
                }
            };
            total += bytes.len();
            docs.push(Doc { name, bytes });
        }
        copy += 1;
    }
    (docs, origin)
}

/// Resets VmHWM to the current RSS (Linux: writing 5 to clear_refs), so each
/// phase reports its own peak. Returns whether it worked.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1_000_000.0
}

/// The kinds of file in the corpus, for the per-kind figures.
const KINDS: [&str; 3] = ["UTF-8 .txt", ".html", "GBK .txt"];

fn kind(name: &str) -> usize {
    if name.ends_with(".gbk.txt") {
        2
    } else if name.ends_with(".html") {
        1
    } else {
        0
    }
}

/// What one sequential pass gave: records, problems, and per kind of file
/// (bytes, time).
#[derive(Default)]
struct SeqPass {
    records: usize,
    problems: usize,
    by_kind: [(usize, Duration); 3],
}

/// Extracts every document once, in order, on this thread.
fn run_seq(docs: &[Doc]) -> SeqPass {
    let hints = Hints::default();
    let mut pass = SeqPass::default();
    for d in docs {
        let t = thread_cpu();
        let o = extract::extract_file(&d.name, &d.bytes, &hints);
        let k = &mut pass.by_kind[kind(&d.name)];
        k.0 += d.bytes.len();
        k.1 += thread_cpu() - t;
        pass.records += o.records.len();
        pass.problems += o.problems.len();
    }
    pass
}

/// Every record and problem of the corpus, one JSON line per file, to
/// compare the extractor's output before and after a change that should
/// not alter it (`COUNTYLENS_BENCH_DUMP=FILE`).
fn dump(docs: &[Doc], out: &Path) {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(out).unwrap());
    for d in docs {
        let o = extract::extract_file(&d.name, &d.bytes, &Hints::default());
        let line = serde_json::json!({
            "file": d.name,
            "records": o.records,
            "problems": o.problems,
            "encoding": o.encoding,
            "chars": o.chars,
            "fingerprint": o.fingerprint,
        });
        writeln!(w, "{line}").unwrap();
    }
    w.flush().unwrap();
    println!(
        "records of {} files written to {}",
        docs.len(),
        out.display()
    );
}

fn run_par(docs: &[Doc]) -> (usize, usize) {
    let hints = Hints::default();
    docs.par_iter()
        .map(|d| {
            let o = extract::extract_file(&d.name, &d.bytes, &hints);
            (o.records.len(), o.problems.len())
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
}

/// How a pass is timed: one thread's work by that thread's CPU time (the
/// machine is shared: wall time would count other processes' turns, and
/// the extraction and the name scan would not be compared alike), the
/// work of all cores by the wall clock.
#[derive(Clone, Copy)]
enum Clock {
    ThreadCpu,
    Wall,
}

impl Clock {
    fn now(self, since: Instant) -> Duration {
        match self {
            Clock::ThreadCpu => thread_cpu(),
            Clock::Wall => since.elapsed(),
        }
    }
}

/// Runs `f` over the corpus until at least `min` of wall time has passed
/// (at least once); returns the best single pass by `clock` and its result.
fn timed<T>(min: Duration, clock: Clock, mut f: impl FnMut() -> T) -> (Duration, T, usize) {
    let started = Instant::now();
    let mut best = Duration::MAX;
    let mut passes = 0;
    loop {
        let t = clock.now(started);
        let out = f();
        best = best.min(clock.now(started) - t);
        passes += 1;
        if started.elapsed() >= min {
            return (best, out, passes);
        }
    }
}

/// Every county and township name of the bundled gazetteer (both eras),
/// pseudo divisions (市辖区, 县) left out.
fn county_and_township_names() -> Vec<String> {
    let tsv = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/gazetteer.tsv"),
    )
    .unwrap();
    let mut names: Vec<String> = tsv
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (code, name) = (f.next()?, f.next()?.trim());
            (code.len() >= 6 && !matches!(name, "市辖区" | "县")).then(|| name.to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// One pass of the bare scan: the number of names found.
fn scan(ac: &aho_corasick::AhoCorasick, docs: &[Doc]) -> usize {
    docs.iter().map(|d| ac.find_iter(&d.bytes).count()).sum()
}

/// Speed per kind of file of the last one-core pass: GBK pages cost the
/// most (encoding detection), which a mix of files would hide.
fn print_by_kind(by_kind: &[(usize, Duration); 3]) {
    let per_kind: Vec<String> = KINDS
        .iter()
        .zip(by_kind.iter().copied())
        .filter(|(_, (b, _))| *b > 0)
        .map(|(name, (b, t))| {
            format!(
                "{name} {:.2} MB/s ({:.1} MB)",
                mb(b) / t.as_secs_f64(),
                mb(b)
            )
        })
        .collect();
    println!(
        "one core by kind of file (last pass): {}",
        per_kind.join(", ")
    );
}

/// Issue 9's yardstick: a bare aho-corasick scan for every county and
/// township name over the same corpus, and extraction's speed against it.
fn name_scan_phase(docs: &[Doc], bytes: usize, mbs1: f64) {
    let names = county_and_township_names();
    let t = Instant::now();
    let ac = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&names)
        .unwrap();
    let built = t.elapsed();
    let (ds, found, ps) = timed(Duration::from_secs(3), Clock::ThreadCpu, || scan(&ac, docs));
    let mbs_scan = mb(bytes) / ds.as_secs_f64();
    println!(
        "name scan: {:.2} MB/s (thread CPU time; {} county and township names, aho-corasick leftmost-longest, built in {:.2} s; {found} found; best of {ps})",
        mbs_scan,
        names.len(),
        built.as_secs_f64()
    );
    println!(
        "ratio extraction : scan = {:.3} (goal at least 0.333: {})",
        mbs1 / mbs_scan,
        if mbs1 / mbs_scan >= 1.0 / 3.0 {
            "met"
        } else {
            "NOT met"
        }
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument, if any, is ignored.
    let want_mb: usize = std::env::var("COUNTYLENS_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(48)
        .max(MIN_MB);
    let rss_before = status_kb("VmRSS:").unwrap_or(0);
    let t = Instant::now();
    let (docs, origin) = build_corpus(want_mb * 1_000_000);
    let bytes: usize = docs.iter().map(|d| d.bytes.len()).sum();
    let count = |k: usize| docs.iter().filter(|d| kind(&d.name) == k).count();
    println!("== countylens extract benchmark ==");
    println!("corpus: {origin}");
    println!(
        "corpus: {} files, {:.1} MB ({} bytes): {} UTF-8 .txt, {} .html, {} GBK .txt; built in {:.1} s",
        docs.len(),
        mb(bytes),
        bytes,
        count(0),
        count(1),
        count(2),
        t.elapsed().as_secs_f64()
    );
    if let Some(keep) = std::env::var_os("COUNTYLENS_BENCH_KEEP") {
        let keep = PathBuf::from(keep);
        std::fs::create_dir_all(&keep).unwrap();
        for d in &docs {
            std::fs::write(keep.join(&d.name), &d.bytes).unwrap();
        }
        println!("corpus written to {}", keep.display());
        return;
    }
    if let Some(out) = std::env::var_os("COUNTYLENS_BENCH_DUMP") {
        dump(&docs, Path::new(&out));
        return;
    }
    let rss_corpus = status_kb("VmRSS:").unwrap_or(0);
    let hwm_build = status_kb("VmHWM:").unwrap_or(0);
    let threads = rayon::current_num_threads();

    // Warm up: the gazetteer and the matchers are built on first use.
    let warm = &docs[..docs.len().min(20)];
    let _ = run_seq(warm);

    let can_reset = reset_peak();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let (d1, seq, p1) =
        one.install(|| timed(Duration::from_secs(5), Clock::ThreadCpu, || run_seq(&docs)));
    let (records, problems) = (seq.records, seq.problems);
    let hwm1 = status_kb("VmHWM:").unwrap_or(0);
    let mbs1 = mb(bytes) / d1.as_secs_f64();
    println!(
        "one core:  {:.2} MB/s  ({:.2} s of this thread's CPU per pass, best of {p1}; target {TARGET_MB_S} MB/s per core: {})",
        mbs1,
        d1.as_secs_f64(),
        if mbs1 >= TARGET_MB_S {
            "met"
        } else {
            "NOT met"
        }
    );
    print_by_kind(&seq.by_kind);

    name_scan_phase(&docs, bytes, mbs1);
    if std::env::var("COUNTYLENS_BENCH_ONLY").is_ok_and(|v| v == "one") {
        // For profiling the single-core path alone (perf, callgrind).
        return;
    }

    reset_peak();
    let (dn, (records_n, _), pn) = timed(Duration::from_secs(5), Clock::Wall, || run_par(&docs));
    let hwmn = status_kb("VmHWM:").unwrap_or(0);
    let mbsn = mb(bytes) / dn.as_secs_f64();
    println!(
        "all cores: {:.2} MB/s  ({:.2} s per pass, best of {pn}; rayon over documents, {threads} threads; {:.2}x one core, {:.2} MB/s per core)",
        mbsn,
        dn.as_secs_f64(),
        mbsn / mbs1,
        mbsn / threads as f64
    );
    assert_eq!(records, records_n, "one core and all cores disagree");

    let hwml = load_folder_phase(&docs, bytes, threads);

    println!(
        "records: {records} ({:.1} per MB); problems: {problems}",
        records as f64 / mb(bytes)
    );
    let note = if can_reset {
        "each phase's peak, reset between phases"
    } else {
        "peak of the whole process so far; clear_refs reset unavailable"
    };
    println!(
        "memory: RSS {:.1} MB at start, {:.1} MB with the corpus in memory; VmHWM ({note}): one core {:.1} MB, all cores {:.1} MB, load_folder {:.1} MB; peak of the run {:.1} MB",
        rss_before as f64 / 1024.0,
        rss_corpus as f64 / 1024.0,
        hwm1 as f64 / 1024.0,
        hwmn as f64 / 1024.0,
        hwml as f64 / 1024.0,
        [hwm_build, hwm1, hwmn, hwml].into_iter().max().unwrap_or(0) as f64 / 1024.0
    );
}

/// The app's path: load_folder over a temporary folder of the corpus files
/// (reads files from disk, extracts in parallel, merges the records).
/// Returns the phase's peak memory (kB).
fn load_folder_phase(docs: &[Doc], bytes: usize, threads: usize) -> u64 {
    let dir = tempfile::tempdir().expect("temporary folder");
    for d in docs {
        std::fs::write(dir.path().join(&d.name), &d.bytes).expect("write corpus file");
    }
    reset_peak();
    let t = Instant::now();
    let outcome = load::load_folder(dir.path(), Select::PagesOnly, &Progress::default())
        .expect("load_folder");
    let dl = t.elapsed();
    let hwml = status_kb("VmHWM:").unwrap_or(0);
    println!(
        "load_folder ({} files on disk, {threads} threads): {:.2} MB/s ({:.2} s), {} records, {} problems",
        outcome.files.len(),
        mb(bytes) / dl.as_secs_f64(),
        dl.as_secs_f64(),
        outcome.records.len(),
        outcome.problems.len()
    );
    drop(outcome);
    hwml
}
