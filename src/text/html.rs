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
/// spaces: only blocks break lines.
fn push_text(out: &mut String, t: &str) {
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

/// Elements that never have an end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Tags in order: (name in lower case, is an end tag, is self-closing, the
/// byte range of the whole tag); comments, `<!…>` and `<?…>` as the
/// self-closing tag `!`. One pass.
fn tags(html: &str) -> impl Iterator<Item = (String, bool, bool, std::ops::Range<usize>)> + '_ {
    let bytes = html.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let Some(off) = memchr(b'<', &bytes[i..]) else {
                i = bytes.len();
                return None;
            };
            let start = i + off;
            // Comments and declarations come out as the tag `!`, so the text
            // between tags never holds them.
            if html[start..].starts_with("<!--") {
                i = html[start + 4..]
                    .find("-->")
                    .map_or(bytes.len(), |e| start + 4 + e + 3);
                return Some(("!".to_string(), false, true, start..i));
            }
            let end = memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e + 1);
            i = end;
            let inner = &html[start + 1..end.saturating_sub(1).max(start + 1)];
            let (closing, inner) = match inner.strip_prefix('/') {
                Some(rest) => (true, rest),
                None => (false, inner),
            };
            let name: String = inner
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if inner.starts_with(['!', '?']) {
                return Some(("!".to_string(), false, true, start..end));
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

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// How deep the elements of `html` nest, by counting start and end tags
/// (void and self-closing elements do not nest). Linear in the length.
pub(super) fn nesting_depth(html: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for (name, closing, self_closing, _) in tags(html) {
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing && !is_void(&name) {
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

    #[test]
    fn the_linear_stripper_keeps_the_words_and_the_blocks() {
        let html = "<html><head><title>标题</title><script>var x='<p>排查</p>';</script></head>\
            <body><!-- <p>注释</p> --><div>第一段&nbsp;<b>加粗</b>&amp;</div><p>第二段&#20154;</p></body></html>";
        assert_eq!(strip_tags(html), "标题\n第一段 加粗&\n第二段人");
        assert_eq!(nesting_depth(html), 4);
        assert_eq!(nesting_depth("<div><br><img src=x/><p>a</p></div>"), 2);
    }
}
