//! Bytes → page text: the one rule that the extractor, the loader and the
//! details panel all use.
//!
//! Record spans are character offsets into exactly this text, so everything
//! that shows or reads a page goes through [`page_text`]; a second copy of
//! the rule would drift and highlight the wrong words.

use std::borrow::Cow;

pub mod decode;
mod html;

pub use decode::{
    BadBytes, DecodeError, Decoded, HEAD_BYTES, decode, decode_owned, group_digits, utf8_as_it_is,
};
pub use html::html_to_text;

/// A page's text, as extraction reads it.
#[derive(Debug, Clone)]
pub struct PageText {
    pub text: String,
    pub encoding: &'static str,
    pub bad: Option<BadBytes>,
    /// Of an HTML page: its markup before `<body>` (at most
    /// [`MAX_HEAD_BYTES`]), where the page's own dates and address live
    /// in tags and comments that the visible text drops.
    pub markup_head: Option<String>,
}

/// How much markup before `<body>` is kept for the page's metadata.
pub const MAX_HEAD_BYTES: usize = 256 * 1024;

/// The markup of `html` up to its `<body` tag, at most [`MAX_HEAD_BYTES`].
fn markup_head(html: &str) -> String {
    let mut end = html.len().min(MAX_HEAD_BYTES);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let head = &html[..end];
    let cut = head
        .as_bytes()
        .windows(5)
        .position(|w| w.eq_ignore_ascii_case(b"<body"))
        .unwrap_or(head.len());
    head[..cut].to_string()
}

/// Is `name` an HTML page (by its extension)?
pub fn is_html(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

/// Nesting deeper than this is not a real page: such a file is read by a
/// plain linear tag stripper instead of the HTML parser, whose scope checks
/// cost time in proportion to the depth at every tag.
const MAX_HTML_DEPTH: usize = 1_000;

/// Whether `html` has more than `depth` `<`s, without which its elements
/// cannot nest deeper than that (each level opens with a start tag): most
/// pages have a few hundred, and this count costs a small part of the
/// walk over the tags that [`html::nesting_depth`] takes.
fn may_nest_deeper(html: &str, depth: usize) -> bool {
    html.bytes().filter(|&b| b == b'<').count() > depth
}

/// The text of the page `name` whose bytes are `bytes`: decoded, and for
/// HTML the visible text.
pub fn page_text(name: &str, bytes: &[u8]) -> Result<PageText, DecodeError> {
    page_text_borrowing(name, bytes).map(PageTextRef::into_owned)
}

/// [`PageText`], whose text may be the file's own bytes.
#[derive(Debug, Clone)]
pub(crate) struct PageTextRef<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
    pub bad: Option<BadBytes>,
    pub markup_head: Option<String>,
}

impl PageTextRef<'_> {
    fn into_owned(self) -> PageText {
        PageText {
            text: self.text.into_owned(),
            encoding: self.encoding,
            bad: self.bad,
            markup_head: self.markup_head,
        }
    }
}

/// [`page_text`], lending a plain-text page in clean UTF-8 as it is (most
/// pages): the extractor only reads the text, and a copy of it cost a
/// page-sized allocation and write per file.
pub(crate) fn page_text_borrowing<'a>(
    name: &str,
    bytes: &'a [u8],
) -> Result<PageTextRef<'a>, DecodeError> {
    let decoded = decode::decode_borrowing(bytes)?;
    let html = is_html(name);
    let head = html.then(|| markup_head(&decoded.text));
    let text = if html {
        let text = if may_nest_deeper(&decoded.text, MAX_HTML_DEPTH)
            && html::nesting_depth(&decoded.text) > MAX_HTML_DEPTH
        {
            html::strip_tags(&decoded.text)
        } else {
            html_to_text(&decoded.text)
        };
        Cow::Owned(text)
    } else {
        decoded.text
    };
    Ok(PageTextRef {
        text,
        encoding: decoded.encoding,
        bad: decoded.bad,
        markup_head: head,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_with_few_tags_never_nests_deeper_than_their_count() {
        let pages = [
            "<div>".repeat(1_001),
            format!("{}全县{}", "<div>".repeat(999), "</div>".repeat(999)),
            format!("{}全县", "<div>".repeat(1_000)),
            "<p>a < b</p>".repeat(400),
            String::new(),
        ];
        for page in &pages {
            let lt = page.matches('<').count();
            for depth in [0, 998, 999, 1_000, 1_001, 2_000] {
                if !may_nest_deeper(page, depth) {
                    assert!(lt <= depth && html::nesting_depth(page) <= depth);
                }
            }
        }
        assert!(may_nest_deeper(&pages[0], MAX_HTML_DEPTH));
        assert!(may_nest_deeper(&pages[1], MAX_HTML_DEPTH));
        assert!(!may_nest_deeper(&pages[2], MAX_HTML_DEPTH));
    }
}
