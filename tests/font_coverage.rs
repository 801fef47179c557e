//! The bundled CJK font covers every character CountyLens is known to show.
//!
//! Checked by reading the font's cmap, so a failure names the missing
//! characters. Fix one by rerunning `scripts/make-font-subset.sh`, which
//! collects the characters from the same places and rebuilds
//! `fonts/NotoSansCJKsc-CountyLens.otf`.
//!
//! * the gazetteer, the sample records (`assets/*.jsonl`) and the non-ASCII
//!   string and char literals in `src/` (UI labels): always;
//! * the seed pages in `../shared/seeds/`: `#[ignore]`d, as the folder is
//!   outside the repo (`cargo test --test font_coverage -- --ignored`);
//! * and egui itself, with the fonts installed, lays out and draws Chinese.

// Tests and benchmarks unwrap: a panic is a failure with its message.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use countylens::fonts::{CJK_FONT, CJK_FONT_NAME, definitions, install};

const SAMPLE: &str = "湖南省衡阳市衡东县：疫情防控“四个一”工作，核酸检测 1,234 人（100%）。";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Characters that are drawn with a glyph; controls, line/paragraph
/// separators, invisible format marks and variation selectors are not.
/// Keep in step with `wanted()` in `scripts/make-font-subset.py`.
fn needs_glyph(c: char) -> bool {
    !(c.is_control()
        || matches!(c,
            '\u{00AD}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E0FFF}'))
}

/// Text of a file: UTF-8 (with or without BOM), else GB18030.
fn read_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn files_in(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_in(&path, keep, out);
        } else if keep(&path) {
            out.push(path);
        }
    }
    out.sort();
}

/// Non-ASCII characters inside string, raw string and char literals of Rust
/// source (comments and identifiers skipped).
fn literal_chars(src: &str) -> BTreeSet<char> {
    let cs: Vec<char> = src.chars().collect();
    let n = cs.len();
    let mut out = BTreeSet::new();
    let keep = |c: char, out: &mut BTreeSet<char>| {
        if !c.is_ascii() {
            out.insert(c);
        }
    };
    let is_ident = |c: char| c == '_' || c.is_alphanumeric();
    let mut i = 0;
    while i < n {
        let c = cs[i];
        let next = cs.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < n && cs[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < n {
                if cs[i] == '/' && cs.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if cs[i] == '*' && cs.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            i += 1;
            while i < n && cs[i] != '"' {
                if cs[i] == '\\' {
                    i += 1;
                } else {
                    keep(cs[i], &mut out);
                }
                i += 1;
            }
            i += 1;
        } else if c == '\'' {
            if next == Some('\\') {
                i += 3; // past ' \ and the escaped character
                while i < n && cs[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if cs.get(i + 2) == Some(&'\'') {
                keep(cs[i + 1], &mut out);
                i += 3;
            } else {
                i += 1; // a lifetime or a label
            }
        } else if is_ident(c) {
            let start = i;
            while i < n && is_ident(cs[i]) {
                i += 1;
            }
            let word: String = cs[start..i].iter().collect();
            if matches!(word.as_str(), "r" | "br" | "cr") {
                let mut j = i;
                while j < n && cs[j] == '#' {
                    j += 1;
                }
                let hashes = j - i;
                if cs.get(j) == Some(&'"') {
                    j += 1;
                    while j < n {
                        if cs[j] == '"' && (1..=hashes).all(|k| cs.get(j + k) == Some(&'#')) {
                            j += 1 + hashes;
                            break;
                        }
                        keep(cs[j], &mut out);
                        j += 1;
                    }
                    i = j;
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The characters of `cs` (that need a glyph) for which `has` is false.
fn missing(cs: impl IntoIterator<Item = char>, has: impl Fn(char) -> bool) -> BTreeSet<char> {
    cs.into_iter()
        .filter(|&c| needs_glyph(c) && !has(c))
        .collect()
}

fn describe(missing: &BTreeSet<char>) -> String {
    let list: Vec<String> = missing
        .iter()
        .map(|c| format!("U+{:04X} {c}", *c as u32))
        .collect();
    format!("{} missing: {}", missing.len(), list.join(", "))
}

fn cjk_face() -> ttf_parser::Face<'static> {
    ttf_parser::Face::parse(CJK_FONT, 0).expect("the bundled CJK font parses")
}

/// Does the bundled CJK font map `c`?
fn cjk_has(face: &ttf_parser::Face<'_>, c: char) -> bool {
    face.glyph_index(c).is_some()
}

const REGENERATE: &str = "rerun scripts/make-font-subset.sh to rebuild the font";

#[test]
fn bundled_font_is_the_sc_subset() {
    let face = cjk_face();
    let family = face
        .names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
        .and_then(|n| n.to_string());
    assert_eq!(family.as_deref(), Some("Noto Sans CJK SC"));
    assert!(face.tables().cff.is_some() || face.tables().glyf.is_some());
    // All of GB2312's ideographs start at 啊 (B0A1) and end at 齄 (F7FE).
    for c in ['啊', '齄', '县', '疫', '，', '。', '“', '”', 'A', 'é'] {
        assert!(cjk_has(&face, c), "{c} not in the bundled font");
    }
}

#[test]
fn font_covers_gazetteer() {
    let face = cjk_face();
    let path = manifest_dir().join("assets/gazetteer.tsv");
    let text = read_text(&path);
    assert!(
        text.chars().filter(|c| !c.is_ascii()).count() > 1000,
        "gazetteer looks empty"
    );
    let gaps = missing(text.chars(), |c| cjk_has(&face, c));
    assert!(
        gaps.is_empty(),
        "{}: {}; {REGENERATE}",
        path.display(),
        describe(&gaps)
    );
}

/// Pages in traditional characters are read, and their evidence is shown as
/// written: the common characters of Big5 (A440–C67E) must render.
#[test]
fn font_covers_common_traditional_characters() {
    let face = cjk_face();
    let mut chars = Vec::new();
    for hi in 0xA4u8..=0xC6 {
        for lo in (0x40u8..=0x7E).chain(0xA1..=0xFE) {
            if (hi, lo) > (0xC6, 0x7E) {
                break;
            }
            let pair = [hi, lo];
            let (text, bad) = encoding_rs::BIG5.decode_without_bom_handling(&pair);
            if !bad {
                chars.extend(text.chars());
            }
        }
    }
    assert!(chars.len() > 5000, "only {} Big5 characters", chars.len());
    let gaps = missing(chars, |c| cjk_has(&face, c));
    assert!(gaps.is_empty(), "{}; {REGENERATE}", describe(&gaps));
}

#[test]
fn font_covers_sample_records() {
    let face = cjk_face();
    let mut files = Vec::new();
    files_in(
        &manifest_dir().join("assets"),
        &|p| p.extension().is_some_and(|e| e == "jsonl"),
        &mut files,
    );
    let mut report = Vec::new();
    for path in &files {
        let gaps = missing(read_text(path).chars(), |c| cjk_has(&face, c));
        if !gaps.is_empty() {
            report.push(format!("{}: {}", path.display(), describe(&gaps)));
        }
    }
    assert!(report.is_empty(), "{}\n{REGENERATE}", report.join("\n"));
}

/// UI labels may also use symbols egui's own fonts draw (emoji, egui's
/// icons): those pass when any font of the family has them. Chinese must be
/// in the CJK font.
#[test]
fn fonts_cover_string_literals_in_src() {
    let face = cjk_face();
    let defs = definitions();
    let faces: BTreeMap<&str, ttf_parser::Face<'_>> = defs
        .font_data
        .iter()
        .map(|(name, data)| {
            let face = ttf_parser::Face::parse(data.bytes(), data.index)
                .unwrap_or_else(|e| panic!("font {name}: {e}"));
            (name.as_str(), face)
        })
        .collect();
    let family_has = |family: &egui::FontFamily, c: char| {
        defs.families[family]
            .iter()
            .any(|name| faces[name.as_str()].glyph_index(c).is_some())
    };
    let is_han = |c: char| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}');

    let mut files = Vec::new();
    files_in(
        &manifest_dir().join("src"),
        &|p| p.extension().is_some_and(|e| e == "rs"),
        &mut files,
    );
    assert!(!files.is_empty());
    let mut report = Vec::new();
    let mut seen = 0;
    for path in &files {
        let chars = literal_chars(&read_text(path));
        seen += chars.len();
        let gaps = missing(chars, |c| {
            if is_han(c) {
                cjk_has(&face, c)
            } else {
                family_has(&egui::FontFamily::Proportional, c)
                    && family_has(&egui::FontFamily::Monospace, c)
            }
        });
        if !gaps.is_empty() {
            report.push(format!("{}: {}", path.display(), describe(&gaps)));
        }
    }
    assert!(report.is_empty(), "{}\n{REGENERATE}", report.join("\n"));
    eprintln!(
        "{} files, {seen} non-ASCII literal characters (per file), all covered",
        files.len()
    );
}

#[test]
#[ignore = "reads ../shared/seeds, outside the repo; run with -- --ignored"]
fn font_covers_seed_pages() {
    let dir = manifest_dir().join("../shared/seeds");
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let face = cjk_face();
    let mut files = Vec::new();
    files_in(&dir, &|_| true, &mut files);
    let mut report = Vec::new();
    for path in &files {
        let gaps = missing(read_text(path).chars(), |c| cjk_has(&face, c));
        if !gaps.is_empty() {
            report.push(format!("{}: {}", path.display(), describe(&gaps)));
        }
    }
    assert!(report.is_empty(), "{}\n{REGENERATE}", report.join("\n"));
    eprintln!("{} seed files covered", files.len());
}

#[test]
fn literal_scanner_finds_literals_only() {
    let src = r####"
        // 注释 is a comment
        /* 块 /* 嵌套 */ 注释 */
        fn f<'a>(x: &'a str) -> char { let _ = "标签 \" 续"; let _ = r#"原"始"#; let _ = b'x'; '字' }
        /// 文档
        let s = br##"甲"##; let t = '\u{4e2d}'; let u = '\'';
    "####;
    let found: String = literal_chars(src).into_iter().collect();
    let want: BTreeSet<char> = "标签续原始字甲".chars().collect();
    assert_eq!(found, want.into_iter().collect::<String>());
}

#[test]
fn definitions_put_cjk_in_both_families() {
    let defs = definitions();
    let prop = &defs.families[&egui::FontFamily::Proportional];
    let mono = &defs.families[&egui::FontFamily::Monospace];
    assert_eq!(
        prop.first().map(String::as_str),
        Some(CJK_FONT_NAME),
        "{prop:?}"
    );
    assert_eq!(mono.first().map(String::as_str), Some("Hack"), "{mono:?}");
    assert_eq!(
        mono.get(1).map(String::as_str),
        Some(CJK_FONT_NAME),
        "{mono:?}"
    );
    assert!(defs.font_data.contains_key(CJK_FONT_NAME));
}

/// Plain egui, no renderer: after `install`, the fonts of both families have
/// every glyph of Chinese text, and laying it out gives it a real width.
#[test]
fn egui_lays_out_chinese_after_install() {
    let ctx = egui::Context::default();
    ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Panic);
    install(&ctx);
    let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
        ui.label(SAMPLE);
        ui.monospace(SAMPLE);
    });
    output.textures_delta.clear(); // no renderer here to take the font atlas
    for font_id in [
        egui::FontId::proportional(14.0),
        egui::FontId::monospace(14.0),
    ] {
        let (has, width) = ctx.fonts_mut(|f| {
            let galley =
                f.layout_no_wrap("衡东县".to_owned(), font_id.clone(), egui::Color32::WHITE);
            (f.has_glyphs(&font_id, SAMPLE), galley.size().x)
        });
        assert!(has, "{font_id:?} lacks glyphs of {SAMPLE}");
        // Three ideographs are about three ems wide.
        assert!(
            width > 2.5 * font_id.size && width < 3.5 * font_id.size,
            "{font_id:?}: {width}"
        );
    }
}

/// egui_kittest panics on a missing glyph: with the fonts installed, a UI of
/// Chinese labels runs.
#[test]
fn harness_shows_chinese_labels() {
    use egui_kittest::kittest::Queryable as _;
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(640.0, 120.0))
        .with_context_setup(install)
        .build_ui(|ui| {
            ui.label(SAMPLE);
            ui.monospace("430424 衡东县");
            ui.heading("各地防控措施");
        });
    harness.run();
    harness.get_by_label(SAMPLE);
    harness.get_by_label("各地防控措施");
}

/// The control for the test above: without our fonts egui has no Chinese.
#[test]
#[should_panic(expected = "No glyph for")]
fn harness_without_fonts_panics_on_chinese() {
    let mut harness = egui_kittest::Harness::new_ui(|ui| {
        ui.label("衡东县");
    });
    harness.run();
}

/// Drawn through wgpu, the CFF outlines of the bundled font come out as ink:
/// the label's area has many pixels far from the background. Set
/// `COUNTYLENS_FONT_PNG=path` to keep the picture.
#[test]
fn wgpu_draws_chinese_glyphs() {
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(640.0, 80.0))
        .with_context_setup(install)
        .wgpu()
        .build_ui(|ui| {
            ui.heading(SAMPLE);
            ui.monospace("430424 衡东县 fn main()");
        });
    harness.run();
    let image = match harness.render() {
        Ok(image) => image,
        Err(e) => panic!("wgpu rendering failed (no GPU or software Vulkan/GL adapter?): {e}"),
    };
    if let Some(path) = std::env::var_os("COUNTYLENS_FONT_PNG") {
        image.save(&path).expect("saving the rendered PNG");
    }
    let background = *image.get_pixel(image.width() - 1, image.height() - 1);
    let ink = image
        .pixels()
        .filter(|p| {
            p.0.iter()
                .zip(background.0)
                .map(|(a, b)| a.abs_diff(b) as u32)
                .sum::<u32>()
                > 150
        })
        .count();
    // ~35 glyphs at 18px: a few thousand strongly inked pixels; blank (or a
    // handful of boxes) would be far fewer.
    assert!(ink > 2000, "only {ink} inked pixels");
}
