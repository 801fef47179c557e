//! Pages → records.
//!
//! The pipeline for one file: [`crate::text`] turns bytes into text (HTML
//! into its visible text), [`page`] splits the text into articles and finds each article's
//! date, then every sentence that reports an epidemic-response figure gives
//! one record per figure: [`numbers`] reads the figure and its unit,
//! [`measures`] names what was counted, [`places`] resolves where, [`dates`]
//! resolves when. Nothing here knows about the UI; the command line and the
//! app call [`extract_file`] alike.

pub mod cues;
pub mod dates;
pub mod explain;
pub mod measures;
pub mod meta;
pub mod numbers;
pub mod page;
pub mod places;
mod sentence;
pub mod series;
mod window;

use crate::records::{Problem, Record, RecordDate};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Bytes → text lives in [`crate::text`], shared with the loader and the
/// app; this name stays for callers that knew it here.
pub use crate::text as decode;

/// `chars` as a string, allocated once at its final size: collecting chars
/// into a String grows it again and again (a Chinese char takes three bytes,
/// the collect reserves one per char).
pub(crate) fn string_of(chars: &[char]) -> String {
    let mut s = String::with_capacity(chars.iter().map(|c| c.len_utf8()).sum());
    s.extend(chars);
    s
}

/// Does `word` stand in `chars` at `i`? Compared char by char, without
/// collecting the word: the rules ask this at every figure and date.
#[inline]
pub(crate) fn starts_with_at(chars: &[char], i: usize, word: &str) -> bool {
    word.chars()
        .enumerate()
        .all(|(k, w)| chars.get(i + k) == Some(&w))
}

/// Does `word` end in `chars` at `end` (just before `chars[end]`)?
#[inline]
pub(crate) fn ends_with_at(chars: &[char], end: usize, word: &str) -> bool {
    let n = word.chars().count();
    end >= n && starts_with_at(chars, end - n, word)
}

/// Does `word` occur anywhere in `chars`? As `str::contains` on their
/// string, without building the string.
pub(crate) fn contains_word(chars: &[char], word: &str) -> bool {
    find_word(chars, word).is_some()
}

/// Where `word` first occurs in `chars`, in chars: `str::find` on their
/// string, without building the string.
pub(crate) fn find_word(chars: &[char], word: &str) -> Option<usize> {
    let Some(first) = word.chars().next() else {
        return Some(0);
    };
    chars
        .iter()
        .enumerate()
        .position(|(i, &c)| c == first && starts_with_at(chars, i, word))
}

/// A set of BMP chars as one bit each (8 KB), built at compile time: a
/// rule that asks of every char of a page whether it is one of a few dozen
/// costs a shift and a mask instead of a chain of comparisons.
pub(crate) struct CharSet([u64; 1024]);

impl CharSet {
    /// The set of `chars`, which must all lie in the BMP (a char past it
    /// fails the build).
    pub(crate) const fn of(chars: &[char]) -> CharSet {
        let mut bits = [0u64; 1024];
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i] as usize;
            bits[c / 64] |= 1 << (c % 64);
            i += 1;
        }
        CharSet(bits)
    }

    #[inline]
    pub(crate) fn contains(&self, c: char) -> bool {
        let u = c as usize;
        u < 0x10000 && self.0[u / 64] & (1 << (u % 64)) != 0
    }
}

/// The chars of `text`, allocated once at their final count. Pushed one by
/// one in a `for_each` (the iterator's own loop) rather than by `extend`,
/// whose generic loop asks for more room at every char: 7% fewer
/// instructions over a page.
pub(crate) fn chars_of(text: &str) -> Vec<char> {
    let mut v = Vec::with_capacity(text.chars().count());
    text.chars().for_each(|c| v.push(c));
    v
}

/// What a person knows about a file that the text does not say, and how
/// the caller stops the work.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// The day the page was published, from the folder's dates file.
    pub date: Option<RecordDate>,
    /// Set by the caller to stop: checked between paragraphs, so Cancel stops
    /// a huge page within a fraction of a second, not when it is done.
    pub cancel: Option<Arc<AtomicBool>>,
    /// Where the page is from, from the same file: a name (`衡东县`,
    /// `湖南省衡阳市衡东县`) or a division code. It serves pages that name no
    /// place of their own (`我县`, `全县` only).
    pub place: Option<String>,
    /// The web address the page was saved from, when the file records it.
    pub address: Option<String>,
    /// Give each record an `explain` field: which rules decided its place,
    /// date, measure and series ([`explain::Explanation`]).
    pub explain: bool,
}

impl Hints {
    pub fn is_cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

/// A page's text longer than this (in bytes) is read in parts of about this
/// size, cut at line ends: the working memory of extraction is about twenty
/// times the text it holds at once, so a 200 MB page read whole would need
/// gigabytes; and Cancel, checked between parts and paragraphs, must not
/// wait for a part's setup (finding every place name in it) for long. Each
/// part is read as a page of its own.
pub const PART_BYTES: usize = 1024 * 1024;

/// What one file gave.
#[derive(Debug, Clone, Default)]
pub struct FileOutcome {
    pub records: Vec<Record>,
    pub problems: Vec<Problem>,
    /// The encoding the file was decoded from, for the per-file summary.
    pub encoding: Option<&'static str>,
    /// Characters of decoded text; the summary reports it.
    pub chars: usize,
    /// A hash of the page's words (letters and digits only): pages with the
    /// same fingerprint are copies of one text, whatever their layout.
    pub fingerprint: Option<u64>,
}

/// The fingerprint of a page's text: its letters and digits, in order.
/// Spaces, punctuation and line breaks differ between a page and its
/// reprint (a portal re-flows, a paper re-punctuates); the words do not.
pub fn fingerprint(text: &str) -> u64 {
    let mut f = Fingerprint::default();
    text.chars().for_each(|c| f.push(c));
    f.finish()
}

/// A [`fingerprint`] taken char by char: a page read in parts adds each
/// part's chars, already decoded for reading, and gets the whole text's.
#[derive(Default)]
pub(crate) struct Fingerprint(rustc_hash::FxHasher);

impl Fingerprint {
    #[inline]
    pub(crate) fn push(&mut self, c: char) {
        use std::hash::Hasher;
        // The two cases of most chars, ASCII and the ideographs, answered
        // here in the loop before the call (as in `is_word_char`).
        let u = c as u32;
        let word = if u < 0x80 {
            c.is_ascii_alphanumeric()
        } else {
            (0x4E00..=0x9FFF).contains(&u) || is_word_char(c)
        };
        if word {
            self.0.write_u32(u);
        }
    }

    pub(crate) fn finish(&self) -> u64 {
        std::hash::Hasher::finish(&self.0)
    }
}

/// `char::is_alphanumeric`, with the common cases of a Chinese page
/// answered before the Unicode table lookup (which was most of the
/// fingerprint's time): ideographs, and the punctuation between them
/// (`，`, `。`, `、`, `“”`, `《》`, `：`), which the lookup took longest over.
fn is_word_char(c: char) -> bool {
    let u = c as u32;
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if (0x4E00..=0x9FFF).contains(&u) {
        true
    } else if (0x2000..=0x206F).contains(&u)
        || (0x3000..=0x3004).contains(&u)
        || (0x3008..=0x3020).contains(&u)
        || (0xFF00..=0xFF0F).contains(&u)
        || (0xFF1A..=0xFF20).contains(&u)
    {
        // General punctuation, CJK marks and brackets, fullwidth ASCII
        // punctuation: none is a letter or a digit.
        false
    } else {
        c.is_alphanumeric()
    }
}

/// Is this file a news page the extractor reads (by its name)?
pub fn is_page(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".txt") || n.ends_with(".html") || n.ends_with(".htm")
}

/// Extracts the records of one page. `source` is the file's path relative to
/// the opened folder; it names the records and the problems.
pub fn extract_file(source: &str, bytes: &[u8], hints: &Hints) -> FileOutcome {
    extract_in_parts(source, bytes, hints, PART_BYTES)
}

fn extract_in_parts(source: &str, bytes: &[u8], hints: &Hints, part_bytes: usize) -> FileOutcome {
    let page = match crate::text::page_text_borrowing(source, bytes) {
        Ok(d) => d,
        Err(e) => {
            return FileOutcome {
                problems: vec![Problem::file(source, e.to_string())],
                ..Default::default()
            };
        }
    };
    let mut problems = Vec::new();
    if let Some(bad) = page.bad {
        problems.push(Problem::file(
            source,
            format!("{} text: {bad}", page.encoding),
        ));
    }
    let parts = parts(&page.text, part_bytes);
    if parts.len() > 1 {
        problems.push(Problem::file(
            source,
            format!(
                "a page of {} bytes of text: read in {} parts of about {} MB, each as a page of its own",
                crate::text::group_digits(page.text.len()),
                parts.len(),
                (part_bytes >> 20).max(1)
            ),
        ));
    }
    // The markup's dates live in tags and comments the visible text drops.
    let markup = page
        .markup_head
        .as_deref()
        .and_then(meta::meta_date)
        .map(|m| (m.date, m.clue));
    let mut hints = hints.clone();
    if hints.address.is_none() {
        hints.address = page.markup_head.as_deref().and_then(places::saved_address);
    }
    let hints = &hints;
    let mut records = Vec::new();
    let mut chars_before = 0;
    let mut print = Fingerprint::default();
    for range in parts {
        if hints.is_cancelled() {
            break;
        }
        let part = &page.text[range];
        let (mut recs, chars) = sentence::extract(source, part, hints, markup);
        if chars_before > 0 {
            for r in &mut recs {
                if let Some([a, b]) = r.span.as_mut() {
                    *a += chars_before;
                    *b += chars_before;
                }
            }
        }
        if records.is_empty() {
            // The first part (of most pages the only one) as it is, not
            // copied into a new vector.
            records = recs;
        } else {
            records.append(&mut recs);
        }
        match chars {
            Some(chars) => {
                chars_before += chars.len();
                chars.iter().for_each(|&c| print.push(c));
            }
            None => chars_before += part.chars().count(),
        }
    }
    FileOutcome {
        records,
        problems,
        encoding: Some(page.encoding),
        chars: chars_before,
        // A pass over the whole text: not for a page the reader gave up on.
        fingerprint: (!hints.is_cancelled()).then(|| print.finish()),
    }
}

/// Byte ranges that cut `text` into parts of at most about `max` bytes: at
/// the last line end before the limit, else the last sentence end, else
/// anywhere between two characters.
fn parts(text: &str, max: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > max {
        let mut limit = start + max;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let window = &text[start..limit];
        // Only the last quarter of the window is searched: a cut earlier than
        // that would make many tiny parts of a page with few line ends.
        let mut floor = window.len() * 3 / 4;
        while !window.is_char_boundary(floor) {
            floor += 1;
        }
        let cut = window[floor..]
            .rfind('\n')
            .map(|i| floor + i + 1)
            .or_else(|| {
                window[floor..]
                    .rfind(['。', '！', '？', '；'])
                    .map(|i| floor + i + '。'.len_utf8())
            })
            .unwrap_or(window.len());
        out.push(start..start + cut);
        start += cut;
    }
    out.push(start..text.len());
    out
}

/// Extracts the records of a page's decoded text. Spans are character
/// offsets into `text`.
pub fn extract_text(source: &str, text: &str, hints: &Hints) -> Vec<Record> {
    sentence::extract(source, text, hints, None).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_chars_are_the_alphanumeric_ones() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn fingerprint_hashes_the_alphanumeric_chars_in_order() {
        use std::hash::Hasher;
        let by_filter = |text: &str| {
            let mut h = rustc_hash::FxHasher::default();
            for c in text.chars().filter(|c| c.is_alphanumeric()) {
                h.write_u32(c as u32);
            }
            h.finish()
        };
        let every: String = (0..=0x10FFFF).filter_map(char::from_u32).collect();
        for text in [
            "",
            "截至3月5日，某县共排查返乡人员1200余人。",
            "a\u{80}\u{7FF}\u{800}\u{4DFF}\u{4E00}\u{9FFF}\u{A000}\u{FFFF}\u{10000}",
            every.as_str(),
        ] {
            assert_eq!(fingerprint(text), by_filter(text), "{text:?}");
        }
        assert_eq!(chars_of(&every), every.chars().collect::<Vec<_>>());
    }

    #[test]
    fn parts_cut_at_line_ends_then_sentence_ends_and_cover_the_text() {
        let text = "一二三。四五\n六七八九。十一二。三四";
        for max in [6, 9, 12, 15, 100] {
            let ps = parts(text, max);
            assert_eq!(ps.first().unwrap().start, 0);
            assert_eq!(ps.last().unwrap().end, text.len());
            for w in ps.windows(2) {
                assert_eq!(w[0].end, w[1].start);
            }
            for p in &ps {
                assert!(text.is_char_boundary(p.start) && p.len() <= max.max(3));
            }
        }
        let ps = parts(text, 20);
        assert_eq!(&text[ps[0].clone()], "一二三。四五\n");
        let ps = parts("甲乙丙。丁戊己。庚辛", 24);
        assert_eq!(&"甲乙丙。丁戊己。庚辛"[ps[0].clone()], "甲乙丙。丁戊己。");
    }

    #[test]
    fn spans_of_later_parts_point_into_the_whole_page() {
        let para = "衡东县累计排查返乡人员三千二百人。\n";
        let filler = "各项防疫工作有序推进。\n".repeat(20);
        let page = format!("{para}{filler}{para}");
        let out = extract_in_parts("p.txt", page.as_bytes(), &Hints::default(), 300);
        assert!(
            out.problems[0].message.contains("parts"),
            "{:?}",
            out.problems
        );
        assert_eq!(out.records.len(), 2, "{:?}", out.records);
        assert_eq!(out.chars, page.chars().count());
        // The parts' fingerprints, added up, are the whole text's.
        assert_eq!(out.fingerprint, Some(fingerprint(&page)));
        let whole: Vec<char> = page.chars().collect();
        for r in &out.records {
            let [a, b] = r.span.unwrap();
            let ev = string_of(&whole[a..b]);
            assert!(ev.contains("三千二百"), "{ev}");
        }
    }
}
