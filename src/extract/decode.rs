//! Bytes → text: encodings and HTML.
//!
//! Users' folders hold UTF-8 (with or without BOM), GB18030/GBK, Big5 and
//! UTF-16 files side by side, and nobody labels them. A file is decoded by its
//! BOM when it has one, as UTF-8 when it is valid UTF-8, and otherwise by
//! chardetng's guess (restricted to the encodings Chinese pages use). A
//! decode that still needed replacement characters is refused rather than
//! shown garbled.

use encoding_rs::{BIG5, Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// Text decoded from a file, and the name of the encoding it was in.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Why a file gave no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    Binary,
    Undecodable,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DecodeError::Empty => "the file is empty",
            DecodeError::Binary => "the file is binary, not text",
            DecodeError::Undecodable => {
                "the text is in no encoding CountyLens knows (tried UTF-8, UTF-16, GB18030/GBK, Big5)"
            }
        })
    }
}

/// How much of a file chardetng sees: about 2,000 Chinese characters.
const DETECT_BYTES: usize = 4 * 1024;

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(DecodeError::Undecodable);
        }
        return finish(text.into_owned(), enc);
    }
    // UTF-16 without BOM is rare but unmistakable: every other byte is zero.
    if let Some(enc) = sniff_utf16(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors {
            return finish(text.into_owned(), enc);
        }
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return finish(text.to_string(), UTF_8);
    }
    // chardetng reads a few MB/s: a prefix of a few thousand characters
    // decides as well as the whole page, and the candidates below are
    // checked on the whole file anyway.
    let mut detector = chardetng::EncodingDetector::new();
    let prefix = &bytes[..bytes.len().min(DETECT_BYTES)];
    detector.feed(prefix, prefix.len() == bytes.len());
    let guess = detector.guess(Some(b"cn"), true);
    // Try the guess first, then the other Chinese encodings: chardetng can
    // mistake short GBK files for Big5 and the other way round.
    let mut candidates = vec![guess];
    for enc in [GB18030, BIG5] {
        if !candidates.contains(&enc) {
            candidates.push(enc);
        }
    }
    // GB18030 decodes almost any byte string without error, so a clean
    // decode proves little: among the clean ones, take the one with the
    // fewest characters that no Chinese text uses (private use, rare blocks).
    let mut best: Option<(usize, String, &'static Encoding)> = None;
    for enc in candidates {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if had_errors {
            continue;
        }
        let odd = text.chars().filter(|&c| is_odd(c)).count();
        if best.as_ref().is_none_or(|(b, _, _)| odd < *b) {
            best = Some((odd, text.into_owned(), enc));
        }
        // Ties go to the earlier candidate, so nothing after a clean decode
        // without odd characters can win: spare the other decodes.
        if odd == 0 {
            break;
        }
    }
    match best {
        Some((_, text, enc)) => finish(text, enc),
        None => Err(DecodeError::Undecodable),
    }
}

/// Characters outside what Chinese prose is written in.
fn is_odd(c: char) -> bool {
    let u = c as u32;
    !(c.is_ascii()
        || (0x4E00..=0x9FFF).contains(&u)
        || (0x3000..=0x303F).contains(&u)
        || (0xFF00..=0xFFEF).contains(&u)
        || (0x2000..=0x206F).contains(&u)
        || (0x00A0..=0x00FF).contains(&u)
        || c == '\u{2022}')
}

fn finish(text: String, enc: &'static Encoding) -> Result<Decoded, DecodeError> {
    if text.chars().all(char::is_whitespace) {
        return Err(DecodeError::Empty);
    }
    if text.contains('\0') {
        return Err(DecodeError::Binary);
    }
    Ok(Decoded {
        text,
        encoding: enc.name(),
    })
}

fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let n = bytes.len().min(4096) / 2;
    let even_zero = (0..n).filter(|i| bytes[2 * i] == 0).count();
    let odd_zero = (0..n).filter(|i| bytes[2 * i + 1] == 0).count();
    if odd_zero * 10 > n * 4 && even_zero * 10 < n {
        Some(UTF_16LE)
    } else if even_zero * 10 > n * 4 && odd_zero * 10 < n {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// NUL bytes or many control characters: an image, an archive, a PDF.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 20 > head.len()
}

/// The visible text of an HTML page, one block element per line, with
/// scripts, styles and other invisible parts left out.
pub fn html_to_text(html: &str) -> String {
    use scraper::{Html, Node};
    let doc = Html::parse_document(html);
    let mut out = String::with_capacity(html.len() / 2);
    fn walk(node: ego_tree::NodeRef<'_, Node>, out: &mut String) {
        match node.value() {
            Node::Text(t) => {
                let t: &str = t;
                // Collapse the source's own line breaks: only blocks break lines.
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
            Node::Element(e) => {
                let name = e.name();
                if matches!(
                    name,
                    "script"
                        | "style"
                        | "noscript"
                        | "template"
                        | "head"
                        | "iframe"
                        | "svg"
                        | "object"
                ) {
                    // <title> lives in <head>; keep it as the first line since it is the headline.
                    if name == "head" {
                        for child in node.descendants() {
                            if let Node::Element(t) = child.value() {
                                if t.name() == "title" {
                                    for c in child.children() {
                                        walk(c, out);
                                    }
                                    out.push('\n');
                                }
                            }
                        }
                    }
                    return;
                }
                let block = matches!(
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
                );
                if block && !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                for c in node.children() {
                    walk(c, out);
                }
                if block && !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            _ => {
                for c in node.children() {
                    walk(c, out);
                }
            }
        }
    }
    walk(doc.tree.root(), &mut out);
    // Trim spaces at line ends that the collapsing left behind.
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "截至3月5日,某某县共排查返乡人员1200余人。";

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(SAMPLE.as_bytes()).unwrap().text, SAMPLE);
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&b).unwrap().text, SAMPLE);
    }

    #[test]
    fn gbk_and_big5_are_detected() {
        let (gbk, _, _) = GB18030.encode(SAMPLE);
        let d = decode(&gbk).unwrap();
        assert_eq!(d.text, SAMPLE);
        let trad = "截至3月5日,某縣共排查返鄉人員1200餘人,發放口罩三萬隻。";
        let (big5, _, bad) = BIG5.encode(trad);
        assert!(!bad);
        let d = decode(&big5).unwrap();
        assert_eq!(d.text, trad, "decoded as {}", d.encoding);
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in SAMPLE.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, SAMPLE);
        let mut be = vec![0xFE, 0xFF];
        for u in SAMPLE.encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be).unwrap().text, SAMPLE);
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b" \n\t").unwrap_err(), DecodeError::Empty);
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err(),
            DecodeError::Binary
        );
    }

    #[test]
    fn html_keeps_visible_text_only() {
        let html = "<html><head><title>标题</title><style>p{}</style><script>var a='排查100户';</script></head>\
            <body><div>第一段<b>加粗</b></div><p>第二段</p></body></html>";
        let t = html_to_text(html);
        assert_eq!(t, "标题\n第一段加粗\n第二段");
    }
}
