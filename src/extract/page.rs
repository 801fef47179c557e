//! A page's text → paragraphs and articles.
//!
//! Newspaper pages hold many short articles, each with a headline, a
//! dateline (`本报讯`, `衡阳日报讯`, `商报消息`, `红网时刻`), bylines and a
//! closing credit; OCR breaks lines mid-word and scatters spaces inside
//! words and numbers; web pages end in lists of other stories. This module
//! undoes the line breaks and spaces (keeping a map back to the original
//! character offsets, which spans are given in), drops the clutter, and
//! groups paragraphs into articles.

use super::cues::page::{CLUTTER, META};

/// A paragraph in normalized form.
#[derive(Debug, Clone)]
pub struct Para {
    /// Normalized characters: ASCII digits, no spaces inside words.
    pub chars: Vec<char>,
    /// For each normalized char, its char offset in the original text.
    pub map: Vec<usize>,
    /// `chars` as a string, built once while the lines are normalized
    /// (mostly copied from the page's bytes): a figure's sentence is read
    /// as a string too, and is cut from here rather than encoded again.
    pub text: String,
    pub kind: ParaKind,
    pub article: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaKind {
    /// A short line without closing punctuation: headline, subhead, caption.
    Headline,
    /// `■通讯员 …`, `(张伟杰)`, `来源:红网`: names and credits, no content.
    Byline,
    Body,
}

#[derive(Debug, Clone, Default)]
pub struct Article {
    /// Indices into `Page::paras`.
    pub paras: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub paras: Vec<Para>,
    pub articles: Vec<Article>,
    /// Metadata lines (URLs, timestamps, 来源/发布时间 lines) that tell the
    /// page's date. Lists after a clutter heading (相关内容, 热门资讯) are
    /// not among them: their dates belong to other stories, often years
    /// later; only a labelled line there (a URL, 本文链接) still counts.
    pub meta: Vec<String>,
}

fn is_space(c: char) -> bool {
    // Most chars of a page are ideographs above U+3000, where only the
    // BOM is a space: answered before the Unicode table.
    if c > '\u{3000}' {
        c == '\u{feff}'
    } else {
        c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}'
    }
}

/// Full-width ASCII → ASCII, so numbers read the same whatever the font.
fn halfwidth(c: char) -> char {
    // Every char it changes lies in U+FF05..=U+FF5A: one test passes the
    // rest of a page.
    if !('\u{FF05}'..='\u{FF5A}').contains(&c) {
        return c;
    }
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' | '．' | '：' | '－' | '／' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '。' | '!' | '?' | '！' | '？' | '…' | ';' | '；' | ')' | '）'
    )
}

/// Does a line end a sentence? A closing quote does only after closing
/// punctuation (`…他说。”`); a headline may end in a quoted phrase.
fn ends_terminal(chars: &[char]) -> bool {
    match chars {
        [.., p, '”' | '"' | '」' | '』'] => is_terminal(*p),
        [.., c] => is_terminal(*c),
        [] => false,
    }
}

/// Normalizes one line (given by char range of `orig`) into `(chars, map)`,
/// and returns the normalized line as a string. `source`, when given, is
/// the line's own text (its chars are `orig[start..end]`): the runs that
/// normalizing leaves as they are, most of a page, are copied from its
/// bytes instead of being encoded again char by char.
/// A space is dropped unless both neighbours are ASCII letters or digits
/// (`8000 多户` → `8000多户`, `KTV 等` → `KTV等`, `5 000` stays two numbers).
fn normalize(
    orig: &[char],
    start: usize,
    end: usize,
    source: Option<&str>,
    chars: &mut Vec<char>,
    map: &mut Vec<usize>,
) -> String {
    // Normalizing only drops chars or makes them narrower: the source's
    // bytes are room enough.
    let room = source.map_or_else(
        || orig[start..end].iter().map(|c| c.len_utf8()).sum(),
        str::len,
    );
    let mut line = String::with_capacity(room);
    // Where `orig[k]` starts in `source`.
    let mut at = 0;
    let mut k = start;
    while k < end {
        // A run without spaces is copied as a whole.
        let run = orig[k..end]
            .iter()
            .position(|&c| is_space(c))
            .unwrap_or(end - k);
        if run > 0 {
            let from = chars.len();
            let src = &orig[k..k + run];
            chars.extend(src.iter().map(|&c| halfwidth(c)));
            map.extend(k..k + run);
            match source {
                Some(source) => {
                    // The last run ends where the line does: no need to
                    // count its bytes (most lines are one run).
                    let bytes: usize = if k + run == end {
                        source.len() - at
                    } else {
                        src.iter().map(|c| c.len_utf8()).sum()
                    };
                    if chars[from..] == *src {
                        line.push_str(&source[at..at + bytes]);
                    } else {
                        line.extend(&chars[from..]);
                    }
                    at += bytes;
                }
                None => line.extend(&chars[from..]),
            }
            k += run;
            continue;
        }
        // A run ends only at a space: `orig[k]` is one.
        at += orig[k].len_utf8();
        let prev = chars.last().copied();
        let next = orig[k + 1..end]
            .iter()
            .copied()
            .find(|c| !is_space(*c))
            .map(halfwidth);
        let keep = prev.is_some_and(|p| p.is_ascii_alphanumeric())
            && next.is_some_and(|n| n.is_ascii_alphanumeric());
        if keep && prev != Some(' ') {
            chars.push(' ');
            map.push(k);
            line.push(' ');
        }
        k += 1;
    }
    line
}

fn is_dateline_start(chars: &[char]) -> bool {
    // Every form below has one of these among its first characters: most
    // lines are turned away here, before any string is built.
    if !chars
        .iter()
        .take(14)
        .any(|c| matches!(c, '讯' | '息' | '刻' | '电'))
    {
        return false;
    }
    // The first 14 chars as a string on the stack: this runs several times
    // for every line.
    let mut buf = [0u8; 14 * 4];
    let mut len = 0;
    for c in chars.iter().take(14) {
        len += c.encode_utf8(&mut buf[len..]).len();
    }
    let head = std::str::from_utf8(&buf[..len]).expect("chars encode to UTF-8");
    let head = head.trim_start_matches(['■', '●', '▲', '◆', ' ']);
    [
        "本报讯",
        "报讯(",
        "报讯（",
        "报讯 ",
        "消息(",
        "消息（",
        "新闻网讯",
        "网讯",
        "电(",
        "电（",
        "客户端讯",
        "融媒讯",
    ]
    .iter()
    .any(|m| head.contains(m))
        && head
            .chars()
            .take(12)
            .any(|c| matches!(c, '讯' | '息' | '刻' | '电'))
        || app_dateline(head)
}

/// A news app's dateline (`红网时刻 通讯员 …报道`, `某某新闻客户端 记者 …`):
/// the app's name, then a byline. The byline must follow, or any headline
/// with 时刻 in it (`列车运行时刻调整`) would start an article.
fn app_dateline(head: &str) -> bool {
    let byline = ["通讯员", "记者", "报道"]
        .iter()
        .filter_map(|w| head.find(w))
        .min();
    byline.is_some_and(|at| head[..at].contains("时刻"))
}

/// A line of nothing but digits under a headline or a timestamp is a
/// page's counter (comments, likes, views, a page number), not text; after
/// body text that has not ended it is the rest of a broken figure
/// (`排查居民2` / `1000余人`).
fn is_counter(line: &str, before: Option<&Para>) -> bool {
    let digits = !line.is_empty() && line.len() <= 8 && line.bytes().all(|b| b.is_ascii_digit());
    digits && !before.is_some_and(|p| p.kind == ParaKind::Body && !ends_terminal(&p.chars))
}

/// `s` is `chars` as a string.
fn is_byline(chars: &[char], s: &str) -> bool {
    let n = chars.len();
    (s.starts_with('■') || s.starts_with('●'))
        || (n <= 36
            && (s.contains("通讯员") || s.contains("记者"))
            && !s.contains(['。', ',', '，'])
            && !is_dateline_start(chars))
        || (n <= 24
            && (s.starts_with('(') || s.starts_with('（'))
            && (s.ends_with(')') || s.ends_with('）')))
        || (n <= 30 && s.ends_with('摄'))
        || starts_with_any(s, &META)
}

/// How many lines in a row must split at the same place to be two columns.
const COLUMN_LINES: usize = 3;
/// How far (in display columns) the right column's start may wander, as
/// OCR sets digits and punctuation narrower than characters.
const COLUMN_SLACK: usize = 4;
/// The narrowest left column: table rows (`排查人数    1200`) split at a
/// short label, columns of text after many characters.
const COLUMN_MIN_WIDTH: usize = 30;

/// Where a line splits into two columns: the first run of two or more
/// spaces between words, as (gap start, gap end, display column of its end;
/// a character two wide, ASCII one).
fn column_gap(orig: &[char], (a, b): (usize, usize)) -> Option<(usize, usize, usize)> {
    let mut k = a;
    while k < b {
        if is_space(orig[k]) && k > a && !is_space(orig[k - 1]) {
            let mut e = k;
            while e < b && is_space(orig[e]) {
                e += 1;
            }
            let wide = e - k >= 2 || orig[k] == '\u{3000}';
            if wide && e < b {
                return Some((k, e, display_width(&orig[a..e])));
            }
            k = e;
        } else {
            k += 1;
        }
    }
    None
}

fn display_width(chars: &[char]) -> usize {
    chars.iter().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// OCR of a page set in two columns gives lines that each hold a line of
/// both columns, apart by spaces at about the same place (`左栏文字    右栏
/// 文字`). Read as they run, a place named in one column takes the other
/// column's figures. Where at least [`COLUMN_LINES`] lines in a row split
/// so (a line of the left column alone may stand among them), the left
/// parts are read first, then the right ones. With each line, whether it
/// is a column's line after the first of the left one (a body line).
fn unweave_columns(orig: &[char], lines: Vec<(usize, usize)>) -> (Vec<(usize, usize)>, Vec<bool>) {
    let gaps: Vec<_> = lines.iter().map(|&l| column_gap(orig, l)).collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut column = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let start_col = gaps[i]
            .filter(|&(gs, _, col)| {
                col >= COLUMN_MIN_WIDTH
                    && orig[lines[i].0..gs]
                        .iter()
                        .filter(|c| !is_space(**c))
                        .count()
                        >= 10
            })
            .map(|(_, _, col)| col);
        let Some(col) = start_col else {
            out.push(lines[i]);
            column.push(false);
            i += 1;
            continue;
        };
        let mut j = i;
        let mut split = 0;
        while j < lines.len() {
            let (a, b) = lines[j];
            let fits = match gaps[j] {
                Some((_, _, c)) => c.abs_diff(col) <= COLUMN_SLACK,
                None => {
                    let w = display_width(&orig[a..b]);
                    w > 0 && w <= col + COLUMN_SLACK
                }
            };
            if !fits {
                break;
            }
            split += usize::from(gaps[j].is_some());
            j += 1;
        }
        if split < COLUMN_LINES {
            out.push(lines[i]);
            column.push(false);
            i += 1;
            continue;
        }
        for k in i..j {
            let (a, b) = lines[k];
            out.push((a, gaps[k].map_or(b, |(gs, _, _)| gs)));
            column.push(k > i);
        }
        for k in i..j {
            if let Some((_, ge, _)) = gaps[k] {
                out.push((ge, lines[k].1));
                column.push(true);
            }
        }
        i = j;
    }
    (out, column)
}

/// Splits a page's text into paragraphs and articles.
pub fn parse(text: &str) -> Page {
    parse_chars(text, &super::chars_of(text))
}

/// [`parse`] of a text already in chars (the extractor keeps them: spans
/// and evidence are cut from the same chars). `orig` is `text`'s chars.
pub fn parse_chars(text: &str, orig: &[char]) -> Page {
    debug_assert_eq!(text.chars().count(), orig.len());
    let mut page = Page::default();
    let (lines, in_column) = kept_lines(text, orig, &mut page.meta);
    let keep = not_repeated_leads(&lines);
    let mut paras = split_long(join_paragraphs(lines, &keep, &in_column));
    page.articles = articles_of(&mut paras);
    page.paras = paras;
    page
}

/// A line after normalizing: its chars, their map into the original, its text.
type Line = (Vec<char>, Vec<usize>, String);

/// The page's lines, normalized, up to a clutter heading (相关内容…); the
/// metadata lines among them and after it go to `meta`. With each line,
/// whether it is a column's line after its first (see [`unweave_columns`]).
fn kept_lines(text: &str, orig: &[char], meta: &mut Vec<String>) -> (Vec<Line>, Vec<bool>) {
    // Lines as char ranges, and their bytes in `text` (found by the bytes:
    // a `\n` byte is never part of another char).
    let mut lines = Vec::new();
    let mut line_bytes = Vec::new();
    let (mut s, mut byte_start) = (0, 0);
    for line in text.split('\n') {
        let e = s + line.chars().count();
        lines.push((s, e));
        line_bytes.push(byte_start..byte_start + line.len());
        s = e + 1;
        byte_start += line.len() + 1;
    }
    debug_assert_eq!(s, orig.len() + 1);
    let whole_lines = lines.clone();
    let (lines, column_line) = unweave_columns(orig, lines);
    // A line kept whole (not cut into columns): its bytes in `text`.
    let bytes_of = |(a, b): (usize, usize)| {
        let i = whole_lines.binary_search_by_key(&a, |l| l.0).ok()?;
        (whole_lines[i].1 == b).then(|| line_bytes[i].clone())
    };

    let mut norm_lines: Vec<Line> = Vec::new();
    // Whether each kept line is a column's line after its first.
    let mut in_column: Vec<bool> = Vec::new();
    let mut cut = false;
    for (&(a, b), &column) in lines.iter().zip(&column_line) {
        let mut chars = Vec::with_capacity(b - a);
        let mut map = Vec::with_capacity(b - a);
        let source = bytes_of((a, b)).map(|bytes| &text[bytes]);
        let line = normalize(orig, a, b, source, &mut chars, &mut map);
        if line.is_empty() {
            norm_lines.push((chars, map, line));
            in_column.push(column);
            continue;
        }
        if cut {
            if is_meta_line(&line) {
                meta.push(line);
            }
            continue;
        }
        if chars.len() <= 12 && starts_with_any(&line, &CLUTTER) {
            cut = true;
            continue;
        }
        // `上一篇：某标题 [日期]`, `相关阅读：某标题`: a link to another
        // article on one line, whatever its length; what follows may still
        // be this page's.
        if is_link_line(&line) {
            continue;
        }
        if is_meta_line(&line) || looks_like_timestamp(&line) {
            meta.push(line.clone());
        }
        norm_lines.push((chars, map, line));
        in_column.push(column);
    }
    (norm_lines, in_column)
}

/// Web pages repeat the lead as a summary: a line that a later line
/// begins with is not kept.
fn not_repeated_leads(norm_lines: &[Line]) -> Vec<bool> {
    let mut keep = vec![true; norm_lines.len()];
    for i in 0..norm_lines.len() {
        let (chars, _, text) = &norm_lines[i];
        if chars.len() >= 16 {
            // All but the last two chars.
            let cut = text.char_indices().rev().nth(1).map_or(0, |(b, _)| b);
            let prefix = &text[..cut];
            if norm_lines
                .iter()
                .skip(i + 1)
                .take(6)
                .any(|(_, _, t)| t.len() > text.len() && t.starts_with(prefix))
            {
                keep[i] = false;
            }
        }
    }
    keep
}

/// Joins broken lines into paragraphs.
fn join_paragraphs(norm_lines: Vec<Line>, keep: &[bool], in_column: &[bool]) -> Vec<Para> {
    let mut paras: Vec<Para> = Vec::new();
    let mut cur: Option<Para> = None;
    for (i, (chars, map, line)) in norm_lines.into_iter().enumerate() {
        if chars.is_empty() || !keep[i] {
            continue;
        }
        if line == "核心提示" || is_counter(&line, cur.as_ref()) {
            continue;
        }
        // A CMS page-break marker (`#p#分页标题#e#`) inside a paragraph.
        let (chars, map, line) = strip_marker(chars, map, line, "#p#", "#e#");
        let mut kind = classify(&chars, &line);
        // A column's lines are short and broken anywhere: none is a headline.
        if in_column[i] && kind == ParaKind::Headline {
            kind = ParaKind::Body;
        }
        if let Some(p) = cur.as_mut() {
            let kicker = chars.len() <= 12 && matches!(chars.last(), Some(':' | '：'));
            let continues = p.kind == ParaKind::Body
                && !ends_terminal(&p.chars)
                && kind != ParaKind::Byline
                && !kicker
                && !is_dateline_start(&chars);
            if continues {
                p.chars.extend(chars);
                p.map.extend(map);
                p.text.push_str(&line);
                continue;
            }
            paras.extend(cur.take());
        }
        cur = Some(Para {
            chars,
            map,
            text: line,
            kind,
            article: 0,
        });
    }
    paras.extend(cur);
    paras
}

/// Articles. A headline block starts one when a byline or a dateline
/// follows it, when it opens with a kicker (`耒阳市:`), or when a closing
/// credit (`(张伟杰)`) ended the article before; otherwise it is a subhead
/// inside the current article. A dateline with no headline before it
/// starts one too (short items on a newspaper page). Sets each
/// paragraph's article.
fn articles_of(paras: &mut [Para]) -> Vec<Article> {
    let mut articles: Vec<Article> = Vec::new();
    // For each paragraph, the first one at or after it that is not a
    // headline: found once from the end rather than by a scan per headline,
    // which a page of ten thousand short lines made quadratic.
    let mut next_non_headline = vec![None; paras.len() + 1];
    for i in (0..paras.len()).rev() {
        next_non_headline[i] = if paras[i].kind == ParaKind::Headline {
            next_non_headline[i + 1]
        } else {
            Some(i)
        };
    }
    for i in 0..paras.len() {
        let prev = i.checked_sub(1).map(|j| &paras[j]);
        let starts = match paras[i].kind {
            ParaKind::Headline if prev.is_some_and(|p| p.kind == ParaKind::Headline) => false,
            ParaKind::Headline => {
                let after = next_non_headline[i].map(|j| &paras[j]);
                let followed_by_byline = after
                    .is_some_and(|p| p.kind == ParaKind::Byline || is_dateline_start(&p.chars));
                let kicker = paras[i]
                    .chars
                    .iter()
                    .take(14)
                    .any(|&c| c == ':' || c == '：');
                let after_credit = prev.is_some_and(|p| {
                    p.kind == ParaKind::Byline && matches!(p.chars.last(), Some(')' | '）'))
                });
                followed_by_byline || kicker || after_credit || prev.is_none()
            }
            ParaKind::Body => {
                is_dateline_start(&paras[i].chars)
                    && !prev
                        .is_some_and(|p| matches!(p.kind, ParaKind::Headline | ParaKind::Byline))
            }
            ParaKind::Byline => false,
        } || articles.is_empty();
        if starts {
            articles.push(Article::default());
        }
        paras[i].article = articles.len() - 1;
        if let Some(a) = articles.last_mut() {
            a.paras.push(i);
        }
    }
    articles
}

/// Paragraphs longer than this are cut at sentence ends. Real paragraphs are
/// a few hundred characters; a page that is one long line (a bad export, a
/// run-together OCR column) would otherwise be one paragraph, and the
/// per-paragraph work of the extractor grows faster than its length.
pub const MAX_PARA_CHARS: usize = 2_000;

/// Cuts every paragraph longer than [`MAX_PARA_CHARS`] at the last sentence
/// end before the limit (or at the limit, when the text has none in its
/// second half), keeping the kind and the map back to the original.
fn split_long(paras: Vec<Para>) -> Vec<Para> {
    if paras.iter().all(|p| p.chars.len() <= MAX_PARA_CHARS) {
        return paras;
    }
    let mut out = Vec::with_capacity(paras.len());
    for p in paras {
        if p.chars.len() <= MAX_PARA_CHARS {
            out.push(p);
            continue;
        }
        let mut start = 0;
        while start < p.chars.len() {
            let end = if p.chars.len() - start <= MAX_PARA_CHARS {
                p.chars.len()
            } else {
                let window = &p.chars[start..start + MAX_PARA_CHARS];
                window[MAX_PARA_CHARS / 2..]
                    .iter()
                    .rposition(|&c| is_terminal(c))
                    .map_or(start + MAX_PARA_CHARS, |k| {
                        start + MAX_PARA_CHARS / 2 + k + 1
                    })
            };
            out.push(Para {
                chars: p.chars[start..end].to_vec(),
                map: p.map[start..end].to_vec(),
                text: super::string_of(&p.chars[start..end]),
                kind: p.kind,
                article: p.article,
            });
            start = end;
        }
    }
    out
}

/// `text` is `chars` as a string.
fn classify(chars: &[char], text: &str) -> ParaKind {
    if is_byline(chars, text) {
        return ParaKind::Byline;
    }
    let n = chars.len();
    let last = chars.last().copied().unwrap_or(' ');
    let ends_open = matches!(last, ',' | '，' | '、' | ':' | '：' | '(' | '（' | '“');
    if n <= 34
        && !ends_terminal(chars)
        && !ends_open
        && !is_dateline_start(chars)
        && !chars.contains(&'。')
    {
        // `耒阳市:` alone on a line is a headline's kicker.
        return ParaKind::Headline;
    }
    if n <= 12 && (last == ':' || last == '：') {
        return ParaKind::Headline;
    }
    ParaKind::Body
}

/// Removes `open…close` from a line (`s` is `chars` as a string), keeping
/// the map and the string in step.
fn strip_marker(
    chars: Vec<char>,
    map: Vec<usize>,
    s: String,
    open: &str,
    close: &str,
) -> (Vec<char>, Vec<usize>, String) {
    // A line without the marker's first byte (`#`, which few lines hold)
    // is spared the two string searches.
    if open
        .as_bytes()
        .first()
        .is_some_and(|b| !s.as_bytes().contains(b))
    {
        return (chars, map, s);
    }
    let (Some(a), Some(b)) = (s.find(open), s.find(close)) else {
        return (chars, map, s);
    };
    if b < a {
        return (chars, map, s);
    }
    let a = s[..a].chars().count();
    let b = s[..b].chars().count() + close.chars().count();
    let keep = |i: &usize| *i < a || *i >= b;
    let chars2: Vec<char> = chars
        .iter()
        .enumerate()
        .filter(|(i, _)| keep(i))
        .map(|(_, c)| *c)
        .collect();
    let s2 = super::string_of(&chars2);
    let map2 = map
        .iter()
        .enumerate()
        .filter(|(i, _)| keep(i))
        .map(|(_, m)| *m)
        .collect();
    (chars2, map2, s2)
}

/// Does `line` start with one of `words`? Every line of a page is asked
/// this of a few lists: a word whose first three bytes (a Chinese word's
/// first char) differ is passed over without a call to compare the rest.
fn starts_with_any(line: &str, words: &[&str]) -> bool {
    let head = |s: &str| <[u8; 3]>::try_from(s.as_bytes().get(..3)?).ok();
    let line_head = head(line);
    words.iter().any(|w| match head(w) {
        Some(word_head) => line_head == Some(word_head) && line.starts_with(w),
        None => line.starts_with(w),
    })
}

/// A labelled metadata line: `来源:…`, `发布时间:…`, a URL; or a short line
/// carrying such a label after a timestamp (`2022-03-28 10:21 来源:某某日报`).
fn is_meta_line(line: &str) -> bool {
    starts_with_any(line, &META)
        || line.chars().count() <= 60
            && ["来源:", "来源：", "发布时间", "作者:", "编辑:"]
                .iter()
                .any(|m| line.contains(m))
}

fn looks_like_timestamp(line: &str) -> bool {
    looks_like_timestamp_bare(line) || signed_timestamp(line)
}

/// A portal's byline with its time under the headline: a few words that
/// end in 编辑, 责编 or 作者, then a timestamp (`某报编辑 2022-07-25 18:13`).
fn signed_timestamp(line: &str) -> bool {
    // By bytes: a digit's byte is never part of another character.
    let Some(at) = line.bytes().position(|b| b.is_ascii_digit()) else {
        return false;
    };
    let signer = line[..at].trim_end();
    signer.chars().count() <= 8
        && ["编辑", "责编", "作者"].iter().any(|w| signer.ends_with(w))
        && looks_like_timestamp_bare(&line[at..])
}

fn looks_like_timestamp_bare(line: &str) -> bool {
    let b = line.as_bytes();
    line.len() <= 40
        && b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && (b[4] == b'-' || b[4] == b'/')
}

/// A clutter word, then a colon and the title of another article.
fn is_link_line(line: &str) -> bool {
    CLUTTER.iter().any(|c| {
        line.strip_prefix(c)
            .is_some_and(|rest| rest.starts_with(['：', ':']) && rest.chars().count() > 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn paragraphs_of(text: &str) -> Vec<String> {
        parse(text)
            .paras
            .iter()
            .map(|p| p.chars.iter().collect())
            .collect()
    }

    /// Every paragraph's `text` is its `chars` as a string, whichever way
    /// it was built (copied from the page, encoded after normalizing, joined
    /// from lines, cut from a long paragraph).
    fn assert_texts_are_chars(page: &Page) {
        for p in &page.paras {
            assert_eq!(p.text, p.chars.iter().collect::<String>());
        }
    }

    #[test]
    fn a_paragraph_s_text_is_its_chars() {
        let long = "某县完成排查１２００户，发放口罩3000只；".repeat(150);
        let texts = [
            "标题一行\n\n本报讯 某县 开展排查，共排查 8000 多户。\n接上一行的半句，\n又一行。",
            "全角数字１２３户\u{3000}与空格　相间，KTV 等场所 5 000 人。",
            "某县加强防控#p#分页标题#e#工作，共设卡点12个。",
            long.as_str(),
            "繁體字頁面，衡東縣設立卡點12個。\r\n第二行。\r\n",
        ];
        for t in texts {
            assert_texts_are_chars(&parse(t));
        }
    }

    #[test]
    fn starts_with_any_is_any_starts_with() {
        let lines = [
            "",
            "来",
            "来源",
            "来源:某报",
            "来源：某报",
            "发布时间 2022",
            "http://a.cn",
            "htt",
            "版",
            "版权所有",
            "相关阅读",
            "上一篇：某文",
            "某县发布通知",
            "h",
            "ab",
        ];
        for list in [&META[..], &CLUTTER[..], &["a", "ab", "来", "来源:"][..]] {
            for line in lines {
                let plain = list.iter().any(|w| line.starts_with(w));
                assert_eq!(starts_with_any(line, list), plain, "{line:?}");
            }
        }
    }

    #[test]
    fn halfwidth_changes_fullwidth_digits_letters_and_some_signs_only() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let plain = match c {
                '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' | '．' | '：' | '－' | '／' => {
                    char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
                }
                _ => c,
            };
            assert_eq!(halfwidth(c), plain, "{c:?}");
        }
    }

    #[test]
    fn spaces_are_the_unicode_ones_and_a_few_more() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let plain = c.is_whitespace() || matches!(c, '\u{3000}' | '\u{a0}' | '\u{feff}');
            assert_eq!(is_space(c), plain, "{c:?}");
        }
    }

    /// A bare number under a timestamp is a counter; after an unfinished
    /// sentence it is the rest of a figure.
    #[test]
    fn a_counter_line_is_dropped_a_broken_figure_is_kept() {
        let text = "某县开展全员核酸检测\n2022-04-01 08:30:12\n36\n全县今日完成核酸采样3万人。\n";
        let lines = paragraphs_of(text);
        assert!(!lines.iter().any(|l| l == "36"), "{lines:?}");
        let text = "某县开展全员核酸检测\n\n截至4月1日18时，全县各乡镇、街道和县直各单位已经累计完成全员核酸检测采样2\n36\n00人，未发现异常。\n";
        let lines = paragraphs_of(text);
        assert!(lines.iter().any(|l| l.contains("采样23600人")), "{lines:?}");
    }

    /// 时刻 opens an article only as a news app's name before a byline.
    #[test]
    fn an_app_dateline_needs_its_byline() {
        assert!(is_dateline_start(&chars("红网时刻 通讯员 张三 岳阳报道")));
        assert!(is_dateline_start(&chars("时刻新闻记者 李四 报道")));
        assert!(!is_dateline_start(&chars("多趟旅客列车运行时刻调整")));
        assert!(!is_dateline_start(&chars("长途客运班车时刻表调整")));
        let head = "多趟旅客列车运行时刻调整";
        assert_eq!(classify(&chars(head), head), ParaKind::Headline);
    }

    #[test]
    fn a_page_on_one_line_is_cut_into_paragraphs_at_sentence_ends() {
        let sentence = "全县累计排查返乡人员三千人，设立卡点十二个。";
        let n = 3 * MAX_PARA_CHARS / sentence.chars().count() + 1;
        let text = sentence.repeat(n);
        let page = parse(&text);
        assert!(page.paras.len() >= 3, "{}", page.paras.len());
        let mut total = 0;
        for p in &page.paras {
            assert!(p.chars.len() <= MAX_PARA_CHARS);
            total += p.chars.len();
        }
        assert_eq!(total, text.chars().count());
        for p in &page.paras[..page.paras.len() - 1] {
            assert_eq!(p.chars.last(), Some(&'。'));
        }
        let last = page.paras.last().unwrap();
        assert_eq!(*last.map.last().unwrap(), text.chars().count() - 1);
    }

    #[test]
    fn joins_broken_lines_and_maps_back() {
        let text = "某某县:\n\n再次发放口罩 5 万只\n\n本报讯(通讯员 甲乙)近日,某某县向居民发放口罩 5 万只,覆盖全县各个乡镇的居\n\n民。";
        let page = parse(text);
        let body = page
            .paras
            .iter()
            .find(|p| p.kind == ParaKind::Body)
            .unwrap();
        assert!(body.text.ends_with("乡镇的居民。"), "{}", body.text);
        let k = body.text.chars().position(|c| c == '5').unwrap();
        let orig: Vec<char> = text.chars().collect();
        assert_eq!(orig[body.map[k]], '5');
        assert_eq!(page.articles.len(), 1);
    }

    #[test]
    fn datelines_and_headlines_start_articles() {
        let text = "第一篇标题\n\n本报讯(记者 甲)甲县完成排查1000户。\n\n(张三)\n\n第二篇标题\n\n本报讯(记者 乙)乙县发放口罩2000只。\n\n本报讯(记者 丙)丙县检查车辆300台。";
        let page = parse(text);
        assert_eq!(page.articles.len(), 3);
    }

    #[test]
    fn clutter_and_repeated_lead_are_dropped() {
        let text = "标题\n某日 10:00\n本报讯 某县开展排查工作,共排查120\n本报讯 某县开展排查工作,共排查1200户,发现问题3个。\n相关内容\n另一篇文章 2026-01-01";
        let page = parse(text);
        let all: String = page.paras.iter().map(|p| p.text.as_str()).collect();
        assert!(!all.contains("另一篇"));
        assert_eq!(all.matches("开展排查").count(), 1, "{all}");
        // The list's date is another story's, not the page's.
        assert!(!page.meta.iter().any(|m| m.contains("2026")));
    }

    #[test]
    fn two_columns_run_together_by_ocr_are_read_one_after_the_other() {
        let left = [
            "某县：严防疫情向农村扩散工作会召开",
            "本报讯 记者走访发现各村已经张贴告示",
            "3月2日，甲县某镇某村干部敲锣宣传，",
            "提醒村民不聚集。",
        ];
        let right = [
            "3月1日，某市成立疫情防控指挥部，",
            "下设综合协调等5个工作小组，安排",
            "资金500万元，组织各方力量防控。",
        ];
        let mut text = String::from("某报 2026年3月5日  第2版\n\n");
        for (k, l) in left.iter().enumerate() {
            let pad = 44 - l.chars().count() * 2;
            text.push_str(l);
            if let Some(r) = right.get(k) {
                text.push_str(&" ".repeat(pad.max(2)));
                text.push_str(r);
            }
            text.push('\n');
        }
        let page = parse(&text);
        let all: String = page.paras.iter().map(|p| p.text.as_str()).collect();
        let a = all.find("不聚集").expect("left column read");
        let b = all.find("成立疫情防控指挥部").expect("right column read");
        assert!(a < b, "{all}");
        assert!(all.contains("下设综合协调等5个工作小组"), "{all}");
        assert_texts_are_chars(&page);
        // Every char still points into the original text.
        let orig: Vec<char> = text.chars().collect();
        for p in &page.paras {
            for (c, &m) in p.chars.iter().zip(&p.map) {
                assert_eq!(halfwidth(orig[m]), *c);
            }
        }
        // A table of short labels and figures is no pair of columns.
        let table = "项目        数量\n排查人数    1200\n发放口罩    3000\n设立卡点    12\n";
        let all: String = parse(table).paras.iter().map(|p| p.text.as_str()).collect();
        assert!(
            all.contains("排查人数1200") || all.contains("排查人数 1200"),
            "{all}"
        );
    }

    #[test]
    fn a_signed_timestamp_is_the_page_s_metadata() {
        let page =
            parse("某县实行静态管理\n\n某报编辑 2026-07-25 18:13\n\n7月25日，某县发布通知。\n");
        assert!(
            page.meta.iter().any(|m| m.contains("2026-07-25")),
            "{:?}",
            page.meta
        );
        // A signer's words that are a sentence are no byline.
        assert!(!looks_like_timestamp("全县今日共排查人员 2026-07-25"));
    }

    #[test]
    fn a_link_line_to_another_article_is_dropped_alone() {
        let text = "某县通报\n某县已排查返乡人员1200人。\n上一篇：某省新增本土病例36例 [2026-01-01]\n延伸阅读:外省已批准9个检测试剂\n下一篇\n某县另一篇文章";
        let page = parse(text);
        let all: String = page.paras.iter().map(|p| p.text.as_str()).collect();
        assert!(all.contains("1200人"), "{all}");
        assert!(!all.contains("36例") && !all.contains("9个"), "{all}");
        assert!(!page.meta.iter().any(|m| m.contains("2026")));
        // A heading alone still ends the page's own text.
        assert!(!all.contains("另一篇"), "{all}");
    }
}
