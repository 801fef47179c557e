//! A saved web page's own word on when it appeared: `<meta>` dates, the
//! canonical address, the `saved from url=` comment a browser writes when it
//! saves a page.
//!
//! Read from the raw HTML with a linear scan of its tags: no DOM, no
//! recursion, so a huge or broken page costs one pass and never a stack.
//! The visible text goes through `decode` separately; a page's metadata sits
//! in attributes and comments that the visible text drops.

use super::dates::{self, Clue, precision};
use crate::records::RecordDate;

/// `<meta>` names and properties that carry a page's publication date, as
/// portals, government CMSs and newspapers' sites write them (compared in
/// lower case). Modification times are not among them: a page edited years
/// later would take that year.
const DATE_NAMES: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:release_date",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "publishtime",
    "published_time",
    "firstpublishedtime",
    "datepublished",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.issued",
    "date",
    "releasedate",
    "createdate",
    "contentdate",
    "articlepublishdate",
    "weibo:article:create_at",
];

/// `<meta>` names and properties whose value is the page's own address.
const URL_NAMES: &[&str] = &["og:url", "url", "weibo:webpage:url", "canonical"];

/// What a page's markup says of its date: the first publication date of a
/// `<meta>`, else a date in its own address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetaDate {
    pub date: RecordDate,
    pub clue: Clue,
}

/// The page's date from its markup, if it gives one. A date named as such
/// wins over one read from an address: an address may hold a folder's month
/// only (`/202203/`).
pub fn meta_date(html: &str) -> Option<MetaDate> {
    let mut from_url: Option<RecordDate> = None;
    let mut keep_url = |d: Option<RecordDate>| {
        if let Some(d) = d
            && from_url.is_none_or(|u| precision(d) > precision(u))
        {
            from_url = Some(d);
        }
    };
    for tag in Tags::new(html) {
        match tag {
            Tag::SavedFrom(url) => keep_url(dates::date_in_address(url)),
            Tag::Element { name, attrs } => {
                let lower = name.to_ascii_lowercase();
                if lower == "meta" {
                    let key = attr(attrs, "name")
                        .or_else(|| attr(attrs, "property"))
                        .or_else(|| attr(attrs, "itemprop"))
                        .or_else(|| attr(attrs, "http-equiv"))
                        .map(str::to_ascii_lowercase);
                    let (Some(key), Some(content)) = (key, attr(attrs, "content")) else {
                        continue;
                    };
                    if DATE_NAMES.contains(&key.as_str()) {
                        if let Some(d) = dates::date_in_meta(content) {
                            return Some(MetaDate {
                                date: d,
                                clue: Clue::Meta,
                            });
                        }
                    } else if URL_NAMES.contains(&key.as_str()) {
                        keep_url(dates::date_in_address(content));
                    }
                } else if lower == "link"
                    && attr(attrs, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    keep_url(attr(attrs, "href").and_then(dates::date_in_address));
                } else if lower == "body" {
                    // Addresses and dates after here are links to other
                    // stories, not the page's own.
                    break;
                }
            }
        }
    }
    from_url.map(|date| MetaDate {
        date,
        clue: Clue::Url,
    })
}

/// One tag of the head, as the scan meets it.
#[derive(Debug, PartialEq)]
enum Tag<'a> {
    /// `<name attrs…>`; `attrs` is the raw text after the name.
    Element { name: &'a str, attrs: &'a str },
    /// The address in `<!-- saved from url=(0071)http://… -->`.
    SavedFrom(&'a str),
}

/// The tags of an HTML string, left to right; comments other than a
/// saved-from note, and text between tags, are skipped.
struct Tags<'a> {
    rest: &'a str,
}

impl<'a> Tags<'a> {
    fn new(html: &'a str) -> Self {
        Tags { rest: html }
    }
}

impl<'a> Iterator for Tags<'a> {
    type Item = Tag<'a>;

    fn next(&mut self) -> Option<Tag<'a>> {
        loop {
            let lt = self.rest.find('<')?;
            let after = &self.rest[lt + 1..];
            if let Some(comment) = after.strip_prefix("!--") {
                let end = comment.find("-->").unwrap_or(comment.len());
                let body = &comment[..end];
                self.rest = &comment[(end + 3).min(comment.len())..];
                if let Some(url) = saved_from(body) {
                    return Some(Tag::SavedFrom(url));
                }
                continue;
            }
            let end = after.find('>').unwrap_or(after.len());
            let inner = &after[..end];
            self.rest = &after[(end + 1).min(after.len())..];
            let name_end = inner
                .find(|c: char| c.is_ascii_whitespace() || c == '/')
                .unwrap_or(inner.len());
            let name = &inner[..name_end];
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
                continue;
            }
            return Some(Tag::Element {
                name,
                attrs: &inner[name_end..],
            });
        }
    }
}

/// The address of a saved-from note: `saved from url=(0071)http://…`.
fn saved_from(comment: &str) -> Option<&str> {
    let at = comment.find("saved from url=")?;
    let rest = comment[at + "saved from url=".len()..].trim_start();
    let rest = match rest.strip_prefix('(') {
        Some(r) => &r[r.find(')').map_or(0, |p| p + 1)..],
        None => rest,
    };
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '"' || c == '\'')
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// The value of attribute `key` in a tag's raw attribute text: quoted with
/// `"` or `'`, or bare up to a space.
fn attr<'a>(attrs: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let mut value = "";
        if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            let (v, tail) = match r.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &r[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], &body[(close + 1).min(body.len())..])
                }
                _ => {
                    let close = r.find(|c: char| c.is_ascii_whitespace()).unwrap_or(r.len());
                    (&r[..close], &r[close..])
                }
            };
            value = v;
            rest = tail;
        } else if name.is_empty() {
            // A stray character: step over it so the scan moves on.
            rest = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
            continue;
        }
        if name.eq_ignore_ascii_case(key) {
            return Some(value.trim());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(html: &str) -> Option<(String, Clue)> {
        meta_date(html).map(|m| (m.date.to_string(), m.clue))
    }

    #[test]
    fn publication_meta_of_a_government_portal() {
        let html = r#"<html><head><meta charset="utf-8">
<meta name="ArticleTitle" content="某某县持续做好疫情防控">
<meta name="PubDate" content="2022-03-12 09:41">
<meta name="ContentSource" content="某某县人民政府办公室">
</head><body><p>正文 2025-01-01</p></body></html>"#;
        assert_eq!(date(html), Some(("2022-03-12".into(), Clue::Meta)));
    }

    #[test]
    fn open_graph_time_and_single_quotes() {
        let html = "<head><meta property='article:published_time' content='2021-08-05T10:20:00+08:00'/></head>";
        assert_eq!(date(html), Some(("2021-08-05".into(), Clue::Meta)));
    }

    #[test]
    fn saved_from_comment_and_canonical_address() {
        let saved = "<!DOCTYPE html>\n<!-- saved from url=(0064)http://www.example.gov.cn/xwzx/202203/t20220312_9876543.html -->\n<html><head><title>x</title></head>";
        assert_eq!(date(saved), Some(("2022-03-12".into(), Clue::Url)));
        let canonical = r#"<head><link rel="canonical" href="https://news.example.cn/n1/2021/0118/c1234-31234567.html"></head>"#;
        assert_eq!(date(canonical), Some(("2021-01-18".into(), Clue::Url)));
    }

    #[test]
    fn the_fuller_address_wins_and_a_named_date_beats_both() {
        let html = r#"<head><meta property="og:url" content="http://x.cn/2020/"><link rel="canonical" href="http://x.cn/html/2020-02/14/content_55.htm"></head>"#;
        assert_eq!(date(html), Some(("2020-02-14".into(), Clue::Url)));
        let both = r#"<head><link rel="canonical" href="http://x.cn/html/2020-02/14/content_55.htm"><meta name="publishdate" content="2020-02-15"></head>"#;
        assert_eq!(date(both), Some(("2020-02-15".into(), Clue::Meta)));
    }

    #[test]
    fn links_in_the_body_and_modification_times_say_nothing() {
        let html = r#"<head><meta name="lastmodifiedtime" content="2024-06-01"></head><body><a href="/2023/0101/c1-2.html">另一篇</a></body>"#;
        assert_eq!(date(html), None);
        assert_eq!(date("<<<>>><meta name=>< !-- -->"), None);
        assert_eq!(date("<meta name=\"date\" content=\"不详\">"), None);
        // Cut-off and odd markup ends the scan quietly.
        for broken in [
            "<meta name='pubdate' content='2022",
            "<!-- saved from url=(",
            "<!-- saved from url=(0010)",
            "<a 中文=值 ='x' / >",
            "<meta name=\"pubdate\" content=\"２０２２年\"",
            "<",
            "<!--",
        ] {
            assert_eq!(date(broken), None, "{broken}");
        }
    }

    #[test]
    fn bare_attribute_values() {
        assert_eq!(
            attr(" name=pubdate content=2022-04-04 ", "content"),
            Some("2022-04-04")
        );
        assert_eq!(attr(" async defer src=\"a.js\"", "src"), Some("a.js"));
        assert_eq!(attr(" content", "name"), None);
    }
}
