//! Pages → records.
//!
//! The pipeline for one file: [`decode`] bytes to text (HTML to its visible
//! text), [`page`] splits the text into articles and finds each article's
//! date, then every sentence that reports an epidemic-response figure gives
//! one record per figure: [`numbers`] reads the figure and its unit,
//! [`measures`] names what was counted, [`places`] resolves where, [`dates`]
//! resolves when. Nothing here knows about the UI; the command line and the
//! app call [`extract_file`] alike.

pub mod cli;
pub mod dates;
pub mod decode;
pub mod measures;
pub mod numbers;
pub mod page;
pub mod places;
mod sentence;

use crate::records::{Problem, Record, RecordDate};

/// `chars` as a string, allocated once at its final size: collecting chars
/// into a String grows it again and again (a Chinese char takes three bytes,
/// the collect reserves one per char).
pub(crate) fn string_of(chars: &[char]) -> String {
    let mut s = String::with_capacity(chars.iter().map(|c| c.len_utf8()).sum());
    s.extend(chars);
    s
}

/// The chars of `text`, allocated once at their final count.
pub(crate) fn chars_of(text: &str) -> Vec<char> {
    let mut v = Vec::with_capacity(text.chars().count());
    v.extend(text.chars());
    v
}

/// What a person knows about a file that the text does not say.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// The day the page was published, from the folder's dates file.
    pub date: Option<RecordDate>,
    /// Where the page is from, from the same file: a name (`衡东县`,
    /// `湖南省衡阳市衡东县`) or a division code. It serves pages that name no
    /// place of their own (`我县`, `全县` only).
    pub place: Option<String>,
    /// The web address the page was saved from, when the file records it.
    pub address: Option<String>,
}

/// What one file gave.
#[derive(Debug, Clone, Default)]
pub struct FileOutcome {
    pub records: Vec<Record>,
    pub problems: Vec<Problem>,
    /// The encoding the file was decoded from, for the per-file summary.
    pub encoding: Option<&'static str>,
    /// Characters of decoded text; the summary reports it.
    pub chars: usize,
}

/// Is this file a news page the extractor reads (by its name)?
pub fn is_page(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".txt") || n.ends_with(".html") || n.ends_with(".htm")
}

/// Extracts the records of one page. `source` is the file's path relative to
/// the opened folder; it names the records and the problems.
pub fn extract_file(source: &str, bytes: &[u8], hints: &Hints) -> FileOutcome {
    let decoded = match decode::decode(bytes) {
        Ok(d) => d,
        Err(e) => {
            return FileOutcome {
                problems: vec![Problem::file(source, e.to_string())],
                ..Default::default()
            };
        }
    };
    let lower = source.to_ascii_lowercase();
    let html = lower.ends_with(".html") || lower.ends_with(".htm");
    let mut hints = hints.clone();
    if html && hints.address.is_none() {
        hints.address = places::saved_address(&decoded.text);
    }
    let text = if html {
        decode::html_to_text(&decoded.text)
    } else {
        decoded.text
    };
    let records = extract_text(source, &text, &hints);
    FileOutcome {
        records,
        problems: Vec::new(),
        encoding: Some(decoded.encoding),
        chars: text.chars().count(),
    }
}

/// Extracts the records of a page's decoded text. Spans are character
/// offsets into `text`.
pub fn extract_text(source: &str, text: &str, hints: &Hints) -> Vec<Record> {
    sentence::extract(source, text, hints)
}
