//! HTML → its visible text, one block element per line.
//!
//! The walk over the parsed tree keeps its own stack: a page of twenty
//! thousand nested `<div>`s (broken CMS output, or someone testing us) must
//! not overflow the thread's stack and take every other file down with it.

use scraper::{Html, Node};

/// Elements whose content nobody sees.
fn is_invisible(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "noscript" | "template" | "head" | "iframe" | "svg" | "object"
    )
}

/// Elements that stand on lines of their own.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "tr"
            | "table"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "blockquote"
            | "pre"
            | "dd"
            | "dt"
            | "title"
            | "td"
            | "th"
            | "hr"
    )
}

/// Appends a text node, collapsing the source's own line breaks and runs of
/// spaces: only blocks break lines. The words between the spaces go in
/// whole, not char by char (which took a third of the page's time here).
fn push_text(out: &mut String, t: &str) {
    let mut last_space = out.ends_with([' ', '\n']);
    let mut rest = t;
    while let Some((at, len)) = first_whitespace(rest) {
        if at > 0 {
            out.push_str(&rest[..at]);
            last_space = false;
        }
        if !last_space {
            out.push(' ');
            last_space = true;
        }
        rest = &rest[at + len..];
    }
    out.push_str(rest);
}

/// Where the first `char::is_whitespace` char of `s` starts, and its
/// length in bytes; by its bytes, without decoding the chars around it.
/// Beyond ASCII, White_Space is U+0085 and U+00A0 (lead byte C2), U+1680
/// (E1), U+2000–U+200A, U+2028, U+2029, U+202F and U+205F (E2), and U+3000
/// (E3); no other byte can start one.
fn first_whitespace(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut i = 0;
    while i < b.len() {
        let len = match b[i] {
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => 1,
            0xC2 if matches!(at(i + 1), 0x85 | 0xA0) => 2,
            0xE1 if at(i + 1) == 0x9A && at(i + 2) == 0x80 => 3,
            0xE2 if at(i + 1) == 0x80 && matches!(at(i + 2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) => 3,
            0xE2 if at(i + 1) == 0x81 && at(i + 2) == 0x9F => 3,
            0xE3 if at(i + 1) == 0x80 && at(i + 2) == 0x80 => 3,
            _ => {
                i += 1;
                continue;
            }
        };
        return Some((i, len));
    }
    None
}

enum Step<'a> {
    Enter(ego_tree::NodeRef<'a, Node>),
    /// The end of a block element: close its line.
    Close,
}

/// The visible text of an HTML page, one block element per line, with
/// scripts, styles and other invisible parts left out. The `<title>` (inside
/// `<head>`) comes first, since it is the headline.
pub fn html_to_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = String::with_capacity(html.len() / 2);
    let mut stack = vec![Step::Enter(doc.tree.root())];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Close => {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                continue;
            }
            Step::Enter(node) => node,
        };
        match node.value() {
            Node::Text(t) => push_text(&mut out, t),
            Node::Element(e) => {
                let name = e.name();
                if is_invisible(name) {
                    if name == "head" {
                        push_titles(node, &mut out);
                    }
                    continue;
                }
                let block = is_block(name);
                if block {
                    if !out.is_empty() && !out.ends_with('\n') {
                        out.push('\n');
                    }
                    stack.push(Step::Close);
                }
                // Children in document order: the stack pops the last pushed first.
                let first = stack.len();
                stack.extend(node.children().map(Step::Enter));
                stack[first..].reverse();
            }
            _ => {
                let first = stack.len();
                stack.extend(node.children().map(Step::Enter));
                stack[first..].reverse();
            }
        }
    }
    // Trim spaces at line ends that the collapsing left behind.
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of each `<title>` under `head`, a line each.
fn push_titles(head: ego_tree::NodeRef<'_, Node>, out: &mut String) {
    for node in head.descendants() {
        let Node::Element(t) = node.value() else {
            continue;
        };
        if t.name() != "title" {
            continue;
        }
        for d in node.descendants() {
            if let Node::Text(text) = d.value() {
                push_text(out, text);
            }
        }
        out.push('\n');
    }
}

/// Void elements, in lower case.
const VOID: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Does `name` (in any case) name an element that never has an end tag?
fn is_void(name: &str) -> bool {
    VOID.iter().any(|v| v.eq_ignore_ascii_case(name))
}

/// Tags in order: (name as written, is an end tag, is self-closing, the
/// byte range of the whole tag); comments, `<!…>` and `<?…>` as the
/// self-closing tag `!`. One pass; the names are slices of `html`, so a
/// tag costs no allocation.
fn tags(html: &str) -> impl Iterator<Item = (&str, bool, bool, std::ops::Range<usize>)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < html.len() {
            // `str::find` of a char searches with memchr, word by word.
            let Some(off) = html[i..].find('<') else {
                i = html.len();
                return None;
            };
            let start = i + off;
            // Comments and declarations come out as the tag `!`, so the text
            // between tags never holds them.
            if html[start..].starts_with("<!--") {
                i = html[start + 4..]
                    .find("-->")
                    .map_or(html.len(), |e| start + 4 + e + 3);
                return Some(("!", false, true, start..i));
            }
            let end = html[start..]
                .find('>')
                .map_or(html.len(), |e| start + e + 1);
            i = end;
            let inner = &html[start + 1..end.saturating_sub(1).max(start + 1)];
            let (closing, inner) = match inner.strip_prefix('/') {
                Some(rest) => (true, rest),
                None => (false, inner),
            };
            let name_len = inner.bytes().take_while(u8::is_ascii_alphanumeric).count();
            let name = &inner[..name_len];
            if inner.starts_with(['!', '?']) {
                return Some(("!", false, true, start..end));
            }
            if name.is_empty() {
                // A lone `<` in text (`a < b`): text, not a tag.
                i = start + 1;
                continue;
            }
            let self_closing = inner.trim_end().ends_with('/');
            return Some((name, closing, self_closing, start..end));
        }
        None
    })
}

/// How deep the elements of `html` nest, by counting start and end tags
/// (void and self-closing elements do not nest). Linear in the length.
pub(super) fn nesting_depth(html: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for (name, closing, self_closing, _) in tags(html) {
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing && !is_void(name) {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// The text of `html` without its tags, by one linear pass: block tags
/// break lines, script and style content is dropped, the common entities
/// are read. For pages the parser would take too long over; it keeps every
/// visible word, with less care for layout than [`html_to_text`].
pub(super) fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut last = 0;
    let mut hidden: Option<String> = None;
    for (name, closing, _, range) in tags(html) {
        let name = name.to_ascii_lowercase();
        if hidden.is_none() {
            push_text(&mut out, &unescape(&html[last..range.start]));
        }
        last = range.end;
        match &hidden {
            Some(h) if closing && *h == name => hidden = None,
            Some(_) => {}
            None if !closing && is_invisible(&name) && name != "head" => hidden = Some(name),
            None if is_block(&name) && !out.ends_with('\n') => out.push('\n'),
            None => {}
        }
    }
    if hidden.is_none() {
        push_text(&mut out, &unescape(&html[last..]));
    }
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The entities pages use in running text.
fn unescape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[..rest.len().min(12)].find(';');
        let entity = end.map(|e| &rest[1..e]);
        let c = match entity {
            Some("nbsp") => Some(' '),
            Some("amp") => Some('&'),
            Some("lt") => Some('<'),
            Some("gt") => Some('>'),
            Some("quot") => Some('"'),
            Some("apos") => Some('\''),
            Some(e) if e.starts_with("#x") || e.starts_with("#X") => {
                u32::from_str_radix(&e[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            Some(e) if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match (c, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_visible_text_only() {
        let html = "<html><head><title>标题</title><style>p{}</style><script>var a='排查100户';</script></head>\
            <body><div>第一段<b>加粗</b></div><p>第二段</p></body></html>";
        assert_eq!(html_to_text(html), "标题\n第一段加粗\n第二段");
    }

    #[test]
    fn blocks_inside_inline_elements_keep_their_order() {
        let html = "<body><span>甲<div>乙</div>丙</span><ul><li>一</li><li>二</li></ul></body>";
        assert_eq!(html_to_text(html), "甲\n乙\n丙\n一\n二");
    }

    #[test]
    fn deep_nesting_neither_overflows_nor_loses_text() {
        let depth = 20_000;
        let html = format!(
            "<html><body>{}全县排查返乡人员三百人。{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        // A small stack, as a worker thread has: recursion would overflow it.
        let text = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || html_to_text(&html))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(text, "全县排查返乡人员三百人。");
    }

    /// `push_text` as it was, char by char.
    fn push_text_by_chars(out: &mut String, t: &str) {
        let mut last_space = out.ends_with([' ', '\n']);
        for c in t.chars() {
            if c.is_whitespace() {
                if !last_space {
                    out.push(' ');
                    last_space = true;
                }
            } else {
                out.push(c);
                last_space = false;
            }
        }
    }

    #[test]
    fn text_is_collapsed_as_char_by_char() {
        let every: Vec<char> = (0..=0x10FFFF).filter_map(char::from_u32).collect();
        for &c in &every {
            let s = c.to_string();
            assert_eq!(
                first_whitespace(&s),
                c.is_whitespace().then_some((0, s.len())),
                "{c:?}"
            );
        }
        let spaces: Vec<char> = every
            .iter()
            .copied()
            .filter(|c| c.is_whitespace())
            .collect();
        let others = [
            'a',
            '1',
            '\u{85}',
            '\u{A1}',
            '\u{1681}',
            '\u{200B}',
            '\u{3001}',
            '人',
            '\u{1F600}',
        ];
        let mut texts: Vec<String> = vec![String::new(), every.iter().collect()];
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..2000 {
            let text: String = (0..12)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    let pick = (x >> 32) as usize;
                    if x.is_multiple_of(2) {
                        spaces[pick % spaces.len()]
                    } else {
                        others[pick % others.len()]
                    }
                })
                .collect();
            texts.push(text);
        }
        for t in &texts {
            for start in ["", "甲", "甲 ", "甲\n"] {
                let (mut a, mut b) = (start.to_string(), start.to_string());
                push_text(&mut a, t);
                push_text_by_chars(&mut b, t);
                assert_eq!(a, b, "{t:?} after {start:?}");
            }
        }
    }

    #[test]
    fn tags_are_named_as_written_and_voids_in_any_case() {
        let html = "<DIV class=a><BR><Img src=x/><p>a &lt; b</P><!-- c --><?x?></div>";
        let names: Vec<(&str, bool, bool)> = tags(html).map(|(n, c, s, _)| (n, c, s)).collect();
        assert_eq!(
            names,
            [
                ("DIV", false, false),
                ("BR", false, false),
                ("Img", false, true),
                ("p", false, false),
                ("P", true, false),
                ("!", false, true),
                ("!", false, true),
                ("div", true, false),
            ]
        );
        assert_eq!(nesting_depth(html), 2);
        assert_eq!(nesting_depth("<DIV><BR><HR><Div>x</div></DIV>"), 2);
        assert_eq!(
            strip_tags("<DIV>甲<SCRIPT>x</script>乙</DIV><P>丙"),
            "甲乙\n丙"
        );
    }

    #[test]
    fn the_linear_stripper_keeps_the_words_and_the_blocks() {
        let html = "<html><head><title>标题</title><script>var x='<p>排查</p>';</script></head>\
            <body><!-- <p>注释</p> --><div>第一段&nbsp;<b>加粗</b>&amp;</div><p>第二段&#20154;</p></body></html>";
        assert_eq!(strip_tags(html), "标题\n第一段 加粗&\n第二段人");
        assert_eq!(nesting_depth(html), 4);
        assert_eq!(nesting_depth("<div><br><img src=x/><p>a</p></div>"), 2);
    }
}
