//! Bytes → text: which encoding a file is in, and its text.
//!
//! Users' folders hold UTF-8 (with or without BOM), GB18030/GBK, Big5 and
//! UTF-16 files side by side, and nobody labels them. A file is decoded by its
//! BOM when it has one, as UTF-16 when its bytes read as text that way, as
//! UTF-8 when most of it is valid UTF-8, and otherwise by chardetng's guess
//! (restricted to the encodings Chinese pages use). One encoding is chosen
//! for the whole file; the few bytes it cannot read become U+FFFD and are
//! counted, so one truncated character or a pasted paragraph in another
//! encoding costs those bytes, not the page.

use std::borrow::Cow;

use encoding_rs::{BIG5, DecoderResult, Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

/// Text decoded from a file, and the name of the encoding it was in.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// Bytes the chosen encoding could not read, replaced by U+FFFD.
    pub bad: Option<BadBytes>,
}

/// Undecodable bytes of a file that was read all the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadBytes {
    pub count: usize,
    /// Byte offset of the first one in the file.
    pub first_at: usize,
}

impl std::fmt::Display for BadBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = if self.count == 1 { "" } else { "s" };
        write!(
            f,
            "{} undecodable byte{s} at {} (shown as \u{FFFD}; the rest of the file was read)",
            group_digits(self.count),
            group_digits(self.first_at)
        )
    }
}

/// `1204` → `1,204`: offsets and sizes in messages are read by people.
pub fn group_digits(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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

impl std::error::Error for DecodeError {}

/// How much of a file chardetng sees: about 2,000 Chinese characters.
const DETECT_BYTES: usize = 4 * 1024;

/// How much of a file the UTF-16 check reads.
const SNIFF_BYTES: usize = 8 * 1024;

/// Share of a file's non-ASCII bytes that must lie in valid UTF-8 sequences
/// for it to be read as UTF-8 with a few bad bytes. GBK or Big5 text forms
/// valid UTF-8 sequences by chance in well under a tenth of its bytes.
const UTF8_SHARE: f64 = 0.3;

/// A file with more than one bad byte in this many is not in that encoding.
const MAX_BAD_ONE_IN: usize = 10;

/// [`decode`], taking the bytes: clean UTF-8 (the usual records file)
/// becomes the text without a copy, so a 400 MB file is not held twice.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    // The same checks as `decode` makes before it takes valid UTF-8 as it is.
    let plain_utf8 = Encoding::for_bom(&bytes).is_none()
        && std::str::from_utf8(&bytes).is_ok()
        && sniff_utf16(&bytes).is_none()
        && !looks_binary(&bytes)
        && !bytes.iter().all(|b| b.is_ascii_whitespace());
    if plain_utf8 {
        let text = String::from_utf8(bytes).map_err(|_| DecodeError::Undecodable)?;
        // Owned in, owned out: no copy of the text.
        return finish(text.into(), UTF_8, None).map(DecodedRef::into_owned);
    }
    decode(&bytes)
}

/// How much of a file [`utf8_as_it_is`] needs to see.
pub const HEAD_BYTES: usize = 8 * 1024;

/// Whether a file of `len` bytes that starts with `head` (its first
/// [`HEAD_BYTES`], or all of it) is taken as UTF-8 as it is, provided all
/// of it is valid UTF-8 without a NUL: then it reads as [`decode`] would
/// read it, and a big file can be read block by block. False says nothing:
/// read the whole file with [`decode`].
pub fn utf8_as_it_is(head: &[u8], len: usize) -> bool {
    // The checks `decode` makes before it takes valid UTF-8 as it is; a
    // head of whitespace only is left to `decode`, which looks further.
    Encoding::for_bom(head).is_none()
        && sniff_utf16_head(head, len).is_none()
        && !looks_binary(head)
        && !head.iter().all(|b| b.is_ascii_whitespace())
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_borrowing(bytes).map(DecodedRef::into_owned)
}

/// [`Decoded`], whose text may be the file's own bytes.
#[derive(Debug, Clone)]
pub(crate) struct DecodedRef<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
    pub bad: Option<BadBytes>,
}

impl DecodedRef<'_> {
    fn into_owned(self) -> Decoded {
        Decoded {
            text: self.text.into_owned(),
            encoding: self.encoding,
            bad: self.bad,
        }
    }
}

/// [`decode`], lending clean UTF-8 (most pages) as it is instead of
/// copying it: the extractor reads the text and drops it, so the copy was
/// a page-sized allocation and write for nothing.
pub(crate) fn decode_borrowing(bytes: &[u8]) -> Result<DecodedRef<'_>, DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, bad) = decode_counting(enc, &bytes[bom_len..]);
        let bad = bad.map(|b| BadBytes {
            first_at: b.first_at + bom_len,
            ..b
        });
        return finish(text.into(), enc, bad);
    }
    let utf8 = utf8_str(bytes);
    let valid_utf8 = utf8.is_some();
    // UTF-16 without BOM: unmistakable by its zero bytes when the text is
    // mostly ASCII, and by reading as Chinese when it is Chinese (which has
    // no zero bytes at all). Valid UTF-8 is never taken for UTF-16: two ASCII
    // letters read as one UTF-16 unit land among the CJK ideographs.
    let utf16 = sniff_utf16(bytes).or_else(|| {
        if valid_utf8 {
            None
        } else {
            sniff_utf16_cjk(bytes)
        }
    });
    if let Some(enc) = utf16 {
        let (text, bad) = decode_counting(enc, bytes);
        if bad.is_none_or(|b| b.count * MAX_BAD_ONE_IN < bytes.len()) {
            return finish(text.into(), enc, bad);
        }
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    if let Some(text) = utf8 {
        return finish(text.into(), UTF_8, None);
    }
    if utf8_share(bytes) >= UTF8_SHARE {
        let (text, bad) = decode_counting(UTF_8, bytes);
        return finish(text.into(), UTF_8, bad);
    }
    // chardetng reads a few MB/s: a prefix of a few thousand characters
    // decides as well as the whole page, and the candidates below are
    // checked on the whole file anyway.
    let prefix = &bytes[..bytes.len().min(DETECT_BYTES)];
    let guess = if plainly_gb2312(prefix) {
        GBK
    } else {
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(prefix, prefix.len() == bytes.len());
        detector.guess(Some(b"cn"), true)
    };
    // Try the guess first, then the other Chinese encodings: chardetng can
    // mistake short GBK files for Big5 and the other way round, and a GBK
    // file cut mid-character for Shift_JIS, which only Chinese encodings
    // are worth trying for here.
    let mut candidates = Vec::new();
    if guess == GBK || guess == GB18030 || guess == BIG5 {
        candidates.push(guess);
    }
    for enc in [GB18030, BIG5] {
        // encoding_rs decodes GBK with its GB18030 decoder (as the WHATWG
        // standard says), so after GBK, GB18030 would read the same text
        // at the same cost and lose the tie: not worth a decode.
        let same_as_gbk = enc == GB18030 && candidates.contains(&GBK);
        if !candidates.contains(&enc) && !same_as_gbk {
            candidates.push(enc);
        }
    }
    // GB18030 decodes almost any byte string without error, so a clean
    // decode proves little: take the candidate with the fewest bad bytes and
    // characters that no Chinese text uses (private use, rare blocks).
    let mut best: Option<(usize, String, &'static Encoding, Option<BadBytes>)> = None;
    for enc in candidates {
        // Ties go to the earlier candidate, so a later one is read only as
        // long as it can still cost less than the best so far: Big5 read from
        // a GBK page passes that cost within its first few lines.
        let beat = best.as_ref().map(|(b, ..)| *b);
        let mut odd = 0;
        let read = decode_counting_while(enc, bytes, |new_text, bad| {
            odd += odd_chars(new_text);
            beat.is_none_or(|beat| odd + bad.map_or(0, |b| b.count) < beat)
        });
        let Some((text, bad)) = read else {
            continue;
        };
        let cost = odd + bad.map_or(0, |b| b.count);
        if best.as_ref().is_none_or(|(b, ..)| cost < *b) {
            best = Some((cost, text, enc, bad));
        }
        // Nothing after a clean decode without odd characters can win:
        // spare the other decodes.
        if cost == 0 {
            break;
        }
    }
    match best {
        Some((_, _, _, Some(bad))) if bad.count * MAX_BAD_ONE_IN > bytes.len() => {
            Err(DecodeError::Undecodable)
        }
        Some((_, text, enc, bad)) => finish(text.into(), enc, bad),
        None => Err(DecodeError::Undecodable),
    }
}

/// All of `bytes` as a `str` if it is valid UTF-8, as `std::str::from_utf8`
/// says, by encoding_rs's validator: it checks 32 bytes at a time where the
/// CPU can (simdutf8), where std goes char by char, which on Chinese text
/// took ten times the instructions. UTF-8 is the same in both (no overlong
/// forms, surrogates or code points past U+10FFFF).
fn utf8_str(bytes: &[u8]) -> Option<&str> {
    match UTF_8.decode_without_bom_handling_and_without_replacement(bytes)? {
        Cow::Borrowed(text) => Some(text),
        // Valid UTF-8 is always lent as it is; were it not, std decides.
        Cow::Owned(_) => std::str::from_utf8(bytes).ok(),
    }
}

/// Whether `bytes` read as plain GB2312 Chinese beyond doubt: at least 64
/// two-byte characters, nine in ten of them common ideographs (GB2312 level
/// 1, lead bytes B0–D7) or Chinese punctuation (rows A1–A3), and a tenth of
/// the ideographs from the second half of level 1 (leads C9–D7, pinyin
/// sh…z, among them 是, 中, 在, 疫). chardetng says GBK of such text too,
/// at a tenth of the speed; it still decides everything else. Big5 fails
/// the test (two in five of its trail bytes lie below A1, and its common
/// characters' leads A4–AF are not level 1), and so do EUC-JP (kana in rows
/// A4–A5) and EUC-KR (hangul only in leads B0–C8).
fn plainly_gb2312(bytes: &[u8]) -> bool {
    let (mut pairs, mut common, mut late) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while i + 1 < bytes.len() {
        let lead = bytes[i];
        if lead < 0x80 {
            i += 1;
            continue;
        }
        let trail = bytes[i + 1];
        pairs += 1;
        if trail >= 0xA1 && trail != 0xFF {
            match lead {
                0xB0..=0xC8 => common += 1,
                0xC9..=0xD7 => {
                    common += 1;
                    late += 1;
                }
                0xA1..=0xA3 => common += 1,
                _ => {}
            }
        }
        i += 2;
    }
    pairs >= 64 && common * 10 >= pairs * 9 && late * 10 >= common
}

/// Decodes all of `bytes`, replacing what `enc` cannot read with U+FFFD and
/// counting it. The text grows as needed rather than being sized for the
/// worst case (three bytes out per byte in), which for a big page would be
/// hundreds of megabytes reserved and never used.
fn decode_counting(enc: &'static Encoding, bytes: &[u8]) -> (String, Option<BadBytes>) {
    let (text, bad) = decode_blocks(enc, bytes, bytes.len().max(1), |_, _| true)
        .unwrap_or_else(|| (String::new(), None));
    (text, bad)
}

/// How many bytes [`decode_counting_while`] reads between two looks at
/// what it has so far: GBK read as Big5 has passed the cost of its own
/// reading within the first few hundred bytes, and most pages are a few
/// blocks of this size long.
const WHILE_BLOCK: usize = 1024;

/// [`decode_counting`], stopping with `None` as soon as `go_on` says no;
/// it is asked after every block of input with the text that block gave
/// and the bad bytes so far.
fn decode_counting_while(
    enc: &'static Encoding,
    bytes: &[u8],
    go_on: impl FnMut(&str, Option<BadBytes>) -> bool,
) -> Option<(String, Option<BadBytes>)> {
    decode_blocks(enc, bytes, WHILE_BLOCK, go_on)
}

/// Decodes `bytes` in blocks of `block` bytes (the decoder keeps a
/// character cut between two blocks, so the text and the bad bytes are
/// those of one call over all of them), asking `go_on` after each.
fn decode_blocks(
    enc: &'static Encoding,
    bytes: &[u8],
    block: usize,
    mut go_on: impl FnMut(&str, Option<BadBytes>) -> bool,
) -> Option<(String, Option<BadBytes>)> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2 + 16);
    let mut pos = 0;
    let mut bad: Option<BadBytes> = None;
    let mut block_start = 0;
    loop {
        let block_end = bytes.len().min(block_start + block);
        let last = block_end == bytes.len();
        let text_before = out.len();
        loop {
            let (result, read) = decoder.decode_to_string_without_replacement(
                &bytes[pos..block_end],
                &mut out,
                last,
            );
            pos += read;
            match result {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => out.reserve((bytes.len() - pos) * 3 / 2 + 16),
                DecoderResult::Malformed(len, after) => {
                    let at = pos.saturating_sub(len as usize + after as usize);
                    match bad.as_mut() {
                        Some(b) => b.count += len as usize,
                        None => {
                            bad = Some(BadBytes {
                                count: len as usize,
                                first_at: at,
                            })
                        }
                    }
                    if out.capacity() - out.len() < 3 {
                        out.reserve(16);
                    }
                    out.push('\u{FFFD}');
                }
            }
        }
        if !go_on(&out[text_before..], bad) {
            return None;
        }
        if last {
            return Some((out, bad));
        }
        block_start = block_end;
    }
}

/// The share of non-ASCII bytes that lie in valid three- and four-byte
/// UTF-8 sequences, as Chinese characters do. Two-byte sequences are left
/// out: GBK pairs form them by chance at a high rate (a lead byte in C2–DF
/// before a trail byte in A1–BF), three-byte ones rarely.
fn utf8_share(bytes: &[u8]) -> f64 {
    let (valid, invalid) = utf8_counts(bytes);
    if valid + invalid == 0 {
        return 1.0;
    }
    valid as f64 / (valid + invalid) as f64
}

/// Bytes in valid three- and four-byte sequences, and bytes that
/// `<[u8]>::utf8_chunks` gives as invalid, in one pass over the bytes. The
/// chunks of a GBK file are a byte or two long each, and walking them was
/// most of the time this took; the steps below are those of `Utf8Chunks`,
/// so the invalid runs are cut exactly as it cuts them.
fn utf8_counts(bytes: &[u8]) -> (usize, usize) {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let is_cont = |b: u8| (0x80..=0xBF).contains(&b);
    let (mut valid, mut invalid) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        if lead < 0x80 {
            i += 1;
            continue;
        }
        let Lead { len, second } = LEADS[usize::from(lead)];
        // A byte that starts no sequence, or whose second byte does not
        // fit, is an invalid run of one: most non-ASCII bytes of GBK.
        if len == 1 || !(second.0..=second.1).contains(&at(i + 1)) {
            invalid += 1;
            i += 1;
            continue;
        }
        // The bytes that fit: a character when all `len` do, else an
        // invalid run of as many as fit.
        let mut fit = 2;
        while fit < len && is_cont(at(i + fit)) {
            fit += 1;
        }
        if fit == len {
            if len >= 3 {
                valid += len;
            }
        } else {
            invalid += fit;
        }
        i += fit;
    }
    (valid, invalid)
}

/// What a UTF-8 lead byte says about its sequence.
#[derive(Clone, Copy)]
struct Lead {
    /// The sequence's length; 1 for a byte that starts none.
    len: usize,
    /// The range its second byte must fall in (narrower after E0, ED, F0,
    /// F4, as UTF-8 forbids overlong forms and surrogates).
    second: (u8, u8),
}

/// [`Lead`] of every byte, looked up rather than matched: a third fewer
/// instructions over a GBK page.
static LEADS: [Lead; 256] = {
    let mut t = [Lead {
        len: 1,
        second: (0, 0),
    }; 256];
    let mut b = 0x80;
    while b <= 0xFF {
        let (len, second) = match b {
            0xC2..=0xDF => (2, (0x80, 0xBF)),
            0xE0 => (3, (0xA0, 0xBF)),
            0xED => (3, (0x80, 0x9F)),
            0xE1..=0xEF => (3, (0x80, 0xBF)),
            0xF0 => (4, (0x90, 0xBF)),
            0xF4 => (4, (0x80, 0x8F)),
            0xF1..=0xF3 => (4, (0x80, 0xBF)),
            _ => (1, (0, 0)),
        };
        t[b] = Lead { len, second };
        b += 1;
    }
    t
};

/// How many chars of `text` lie outside what Chinese prose is written in:
/// ASCII, U+00A0–U+00FF, U+2000–U+206F, U+3000–U+303F, the ideographs
/// U+4E00–U+9FFF, and the fullwidth forms U+FF00–U+FFEF but the halfwidth
/// katakana U+FF61–U+FF9F. Read from the UTF-8 bytes: the lead byte of a
/// char (for a few leads with the one or two after it) says which range it
/// falls in, without decoding it, in half the instructions of a loop over
/// the chars. (The test holds it to `is_odd`, the same rule char by char,
/// over every char.)
fn odd_chars(text: &str) -> usize {
    let b = text.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let (mut odd, mut i) = (0, 0);
    while i < b.len() {
        let lead = b[i];
        // ASCII and U+5000–U+9FFF, most of a page, before the rest.
        if lead < 0x80 {
            i += 1;
            continue;
        }
        if (0xE5..=0xE9).contains(&lead) {
            i += 3;
            continue;
        }
        let (second, third) = (at(i + 1), at(i + 2));
        let (len, fine) = match lead {
            // U+0080–U+00FF: fine from U+00A0.
            0xC2 => (2, second >= 0xA0),
            0xC3 => (2, true),
            0xC4..=0xDF => (2, false),
            // U+2000–U+206F (U+2022 among them).
            0xE2 => (3, second == 0x80 || (second == 0x81 && third <= 0xAF)),
            // U+3000–U+303F.
            0xE3 => (3, second == 0x80),
            // U+4000–U+4FFF: fine from U+4E00.
            0xE4 => (3, second >= 0xB8),
            // U+F000–U+FFFF: U+FF00–U+FFEF but U+FF61–U+FF9F.
            0xEF => (
                3,
                match second {
                    0xBC => true,
                    0xBD => third <= 0xA0,
                    0xBE => third >= 0xA0,
                    0xBF => third <= 0xAF,
                    _ => false,
                },
            ),
            0xE0..=0xEF => (3, false),
            _ => (4, false),
        };
        odd += usize::from(!fine);
        i += len;
    }
    odd
}

/// Characters Chinese prose is written in: ideographs, CJK and fullwidth
/// punctuation, printable ASCII and line breaks.
fn is_chinese_text_char(c: char) -> bool {
    let u = c as u32;
    (c.is_ascii() && (!c.is_ascii_control() || c.is_ascii_whitespace()))
        || (0x4E00..=0x9FFF).contains(&u)
        || (0x3000..=0x303F).contains(&u)
        || (0xFF00..=0xFFEF).contains(&u)
        || (0x2000..=0x206F).contains(&u)
}

fn finish<'a>(
    text: Cow<'a, str>,
    enc: &'static Encoding,
    bad: Option<BadBytes>,
) -> Result<DecodedRef<'a>, DecodeError> {
    if text.chars().all(char::is_whitespace) {
        return Err(DecodeError::Empty);
    }
    if has_nul(&text) {
        return Err(DecodeError::Binary);
    }
    Ok(DecodedRef {
        text,
        encoding: enc.name(),
        bad,
    })
}

/// `text.contains('\0')`, by or-ing blocks of bytes together, which the
/// compiler does many bytes at a time: a third of the instructions of the
/// word-by-word search `contains` makes, over every page.
fn has_nul(text: &str) -> bool {
    text.as_bytes()
        .chunks(256)
        .any(|block| block.iter().fold(0u8, |any, &b| any | u8::from(b == 0)) != 0)
}

/// UTF-16 of mostly ASCII text: every other byte is zero.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    sniff_utf16_head(bytes, bytes.len())
}

/// [`sniff_utf16`] of a file of `len` bytes that starts with `bytes` (at
/// least its first 4,096 bytes, or all of it).
fn sniff_utf16_head(bytes: &[u8], len: usize) -> Option<&'static Encoding> {
    if len < 4 || !len.is_multiple_of(2) {
        return None;
    }
    let n = bytes.len().min(4096) / 2;
    // Counted in blocks whose counts fit in a byte, branch-free, so the
    // loop runs on many bytes at once.
    let (mut even_zero, mut odd_zero) = (0usize, 0usize);
    for block in bytes[..2 * n].chunks(2 * 127) {
        let (mut even, mut odd) = (0u8, 0u8);
        for pair in block.chunks_exact(2) {
            even += u8::from(pair[0] == 0);
            odd += u8::from(pair[1] == 0);
        }
        even_zero += usize::from(even);
        odd_zero += usize::from(odd);
    }
    utf16_by_zeros(even_zero, odd_zero, n)
}

/// UTF-16 from the zero bytes of `n` code units: ASCII text in UTF-16LE
/// has its zeros at odd offsets, in UTF-16BE at even ones.
fn utf16_by_zeros(even_zero: usize, odd_zero: usize, n: usize) -> Option<&'static Encoding> {
    if odd_zero * 10 > n * 4 && even_zero * 10 < n {
        Some(UTF_16LE)
    } else if even_zero * 10 > n * 4 && odd_zero * 10 < n {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// UTF-16 of Chinese text, which has few or no zero bytes: the start of the
/// file read as UTF-16 is almost all Chinese, ASCII and CJK punctuation one
/// way round. GBK or Big5 read as UTF-16 lands in Yi, Hangul, surrogates and
/// private use instead.
fn sniff_utf16_cjk(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 8 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let plausible = |enc: &'static Encoding| {
        if clearly_not_utf16(head, enc == UTF_16LE) {
            return false;
        }
        let (text, _) = enc.decode_without_bom_handling(head);
        let n = text.chars().count();
        let good = text.chars().filter(|&c| is_chinese_text_char(c)).count();
        n >= 4 && good * 20 >= n * 19
    };
    [UTF_16LE, UTF_16BE].into_iter().find(|&enc| plausible(enc))
}

/// Whether `head` (of even length) read as UTF-16 has too many characters
/// that are not Chinese text for [`sniff_utf16_cjk`] to take it, seen
/// before decoding it all: more than one in twenty of its units is such a
/// character already. GBK and Big5 read as UTF-16 are that within a few
/// dozen units. The characters are the decoder's: each unpaired
/// surrogate is one U+FFFD there and one error here.
fn clearly_not_utf16(head: &[u8], le: bool) -> bool {
    if !head.len().is_multiple_of(2) {
        return false;
    }
    let units = head.chunks_exact(2).map(|p| {
        if le {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let most = head.len() / 2;
    let mut odd = 0;
    for c in char::decode_utf16(units) {
        if !c.is_ok_and(is_chinese_text_char) {
            odd += 1;
            if odd * 20 > most {
                return true;
            }
        }
    }
    false
}

/// NUL bytes or many control characters: an image, an archive, a PDF.
///
/// One pass over the head that counts both, branch-free so that it runs on
/// many bytes at once: a search for the NUL and then a filtered count took
/// about eight instructions a byte, for every page.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let (mut nuls, mut controls) = (0usize, 0usize);
    // Per block of at most 255 bytes the counts fit in a byte.
    for block in head.chunks(128) {
        let (mut n, mut k) = (0u8, 0u8);
        for &b in block {
            n += u8::from(b == 0);
            // The C0 controls but the four that text uses (each of them
            // below 0x20, so the subtraction never goes under zero).
            k += u8::from(b < 0x20)
                - u8::from(b == b'\n')
                - u8::from(b == b'\r')
                - u8::from(b == b'\t')
                - u8::from(b == 0x0c);
        }
        nuls += usize::from(n);
        controls += usize::from(k);
    }
    nuls > 0 || controls * 20 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "截至3月5日,某某县共排查返乡人员1200余人。";

    /// One step of xorshift64: the tests' random bytes, the same every run.
    fn xorshift(x: &mut u64) {
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
    }

    #[test]
    fn decode_owned_reads_as_decode_does() {
        let samples: Vec<Vec<u8>> = vec![
            SAMPLE.as_bytes().to_vec(),
            [b"\xEF\xBB\xBF".as_slice(), SAMPLE.as_bytes()].concat(),
            GBK.encode(SAMPLE).0.into_owned(),
            utf16(SAMPLE, true),
            b"  \n ".to_vec(),
            b"a\0b".to_vec(),
        ];
        for b in samples {
            let a = decode(&b).map(|d| (d.text, d.encoding));
            let o = decode_owned(b).map(|d| (d.text, d.encoding));
            assert_eq!(format!("{a:?}"), format!("{o:?}"));
        }
    }

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
    fn only_plain_gb2312_skips_the_detector() {
        let simplified = "本报讯 截至二月二十日，某县累计排查返乡人员三千二百人，设立卡点十二个，发放口罩四万五千只。县市场监管局出动执法人员四十六人次，检查药店和超市八十三家，督促商户做好消毒通风工作。";
        let traditional = "本報訊 截至二月二十日，某縣累計排查返鄉人員三千二百人，設立卡點十二個，發放口罩四萬五千隻。縣市場監管局出動執法人員四十六人次，檢查藥店和超市八十三家，督促商戶做好消毒通風工作。";
        let (gbk, _, _) = GBK.encode(simplified);
        assert!(plainly_gb2312(&gbk));
        // Too short to be sure: chardetng decides.
        assert!(!plainly_gb2312(&gbk[..60]));
        let (big5, _, bad) = BIG5.encode(traditional);
        assert!(!bad);
        assert!(!plainly_gb2312(&big5));
        // Korean and Japanese as escapes: the bundled font has neither
        // script, and every literal in src must render (tests/font_coverage.rs).
        let korean = "\u{C624}\u{B298} \u{C2DC}\u{B294} \u{BC29}\u{C5ED} \u{C694}\u{C6D0} \u{C0BC}\u{BC31} \u{BA85}\u{C744} \u{BC30}\u{CE58}\u{D558}\u{ACE0} \u{C8FC}\u{BBFC} \u{C774}\u{B9CC} \u{AC00}\u{AD6C}\u{B97C} \u{BC29}\u{BB38}\u{D558}\u{C5EC} \u{CCB4}\u{C628}\u{C744} \u{CE21}\u{C815}\u{D558}\u{C600}\u{C73C}\u{BA70} \u{B9C8}\u{C2A4}\u{D06C} \u{C624}\u{B9CC} \u{C7A5}\u{C744} \u{B098}\u{B204}\u{C5B4} \u{C8FC}\u{C5C8}\u{B2E4}\u{ACE0} \u{BC1D}\u{D614}\u{B2E4}. \u{B610}\u{D55C} \u{AC80}\u{C0AC}\u{C18C} \u{C5F4}\u{B450} \u{ACF3}\u{C744} \u{C124}\u{CE58}\u{D558}\u{C600}\u{B2E4}.";
        let (euc_kr, _, bad) = encoding_rs::EUC_KR.encode(korean);
        assert!(!bad);
        assert!(!plainly_gb2312(&euc_kr));
        let japanese = "\u{672C}\u{65E5}\u{3001}\u{5E02}\u{306F}\u{9632}\u{75AB}\u{8981}\u{54E1}\u{4E09}\u{767E}\u{4EBA}\u{3092}\u{914D}\u{7F6E}\u{3057}\u{3001}\u{4F4F}\u{6C11}\u{4E8C}\u{4E07}\u{4E16}\u{5E2F}\u{3092}\u{8A2A}\u{554F}\u{3057}\u{3066}\u{4F53}\u{6E29}\u{3092}\u{6E2C}\u{5B9A}\u{3057}\u{3001}\u{30DE}\u{30B9}\u{30AF}\u{4E94}\u{4E07}\u{679A}\u{3092}\u{914D}\u{5E03}\u{3057}\u{305F}\u{3068}\u{767A}\u{8868}\u{3057}\u{305F}\u{3002}\u{307E}\u{305F}\u{691C}\u{67FB}\u{6240}\u{3092}\u{5341}\u{4E8C}\u{304B}\u{6240}\u{306B}\u{8A2D}\u{7F6E}\u{3057}\u{305F}\u{3002}";
        let (euc_jp, _, bad) = encoding_rs::EUC_JP.encode(japanese);
        assert!(!bad);
        assert!(!plainly_gb2312(&euc_jp));
        for (bytes, text) in [(&gbk, simplified), (&big5, traditional)] {
            assert_eq!(decode(bytes).unwrap().text, text);
        }
    }

    fn utf16(text: &str, le: bool) -> Vec<u8> {
        let mut out = Vec::new();
        for u in text.encode_utf16() {
            out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(utf16(SAMPLE, true));
        assert_eq!(decode(&le).unwrap().text, SAMPLE);
        let mut be = vec![0xFE, 0xFF];
        be.extend(utf16(SAMPLE, false));
        assert_eq!(decode(&be).unwrap().text, SAMPLE);
    }

    #[test]
    fn only_what_cannot_be_utf16_is_turned_away_early() {
        let page = "全县共设立疫情防控卡点十二个，排查返乡人员三千余人。\n";
        for le in [true, false] {
            assert!(!clearly_not_utf16(&utf16(page, le), le));
        }
        let (gbk, _, _) = GBK.encode(page);
        let (big5, _, _) = BIG5.encode("全縣共設立疫情防控卡點十二個，排查返鄉人員三千餘人。");
        for bytes in [&gbk[..], &big5[..]] {
            let head = &bytes[..bytes.len() & !1];
            for (le, enc) in [(true, UTF_16LE), (false, UTF_16BE)] {
                if clearly_not_utf16(head, le) {
                    let (text, _) = enc.decode_without_bom_handling(head);
                    let n = text.chars().count();
                    let good = text.chars().filter(|&c| is_chinese_text_char(c)).count();
                    assert!(good * 20 < n * 19);
                }
            }
        }
    }

    #[test]
    fn utf16_chinese_without_bom_is_text_not_binary() {
        let page = "全县共设立疫情防控卡点十二个，排查返乡人员三千余人。\n志愿者二百名参与值守。\n";
        for le in [true, false] {
            let d = decode(&utf16(page, le)).unwrap();
            assert_eq!(d.text, page);
            assert_eq!(d.encoding, if le { "UTF-16LE" } else { "UTF-16BE" });
        }
    }

    #[test]
    fn a_truncated_last_character_costs_its_bytes_not_the_page() {
        let mut b = SAMPLE.as_bytes().to_vec();
        b.extend_from_slice(&"人".as_bytes()[..2]);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.starts_with(SAMPLE));
        assert_eq!(
            d.bad,
            Some(BadBytes {
                count: 2,
                first_at: SAMPLE.len()
            })
        );
        let (mut gbk, _, _) = GB18030.encode(SAMPLE);
        let gbk = gbk.to_mut();
        gbk.push(0xB7); // the first byte of a two-byte character
        let d = decode(gbk).unwrap();
        assert!(d.text.starts_with(SAMPLE), "{}", d.encoding);
        assert_eq!(d.bad.map(|b| b.count), Some(1));
    }

    #[test]
    fn half_utf8_half_gbk_keeps_the_utf8_half() {
        let utf8_half = "某镇累计排查外来人员八百余人，发放告知书两千份。".repeat(3);
        let gbk_half = "志愿者一百二十名参与卡点值守。";
        let mut b = utf8_half.as_bytes().to_vec();
        b.extend_from_slice(&GB18030.encode(gbk_half).0);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.starts_with(&utf8_half));
        let bad = d.bad.unwrap();
        // A GBK pair may happen to be a valid two-byte UTF-8 sequence (志 is
        // D6 BE): the first bad byte is at or just after the join.
        assert!(
            (utf8_half.len()..utf8_half.len() + 8).contains(&bad.first_at),
            "{bad:?}"
        );
        assert!(bad.to_string().contains("undecodable"), "{bad}");
    }

    #[test]
    fn utf8_counts_are_those_of_the_chunks() {
        fn by_chunks(bytes: &[u8]) -> (usize, usize) {
            let (mut valid, mut invalid) = (0, 0);
            for chunk in bytes.utf8_chunks() {
                valid += chunk
                    .valid()
                    .chars()
                    .map(char::len_utf8)
                    .filter(|&n| n >= 3)
                    .sum::<usize>();
                invalid += chunk.invalid().len();
            }
            (valid, invalid)
        }
        let mut samples: Vec<Vec<u8>> = vec![
            SAMPLE.as_bytes().to_vec(),
            GBK.encode(SAMPLE).0.into_owned(),
            BIG5.encode("截至3月5日,某縣共排查返鄉人員1200餘人")
                .0
                .into_owned(),
            "a\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}"
                .as_bytes()
                .to_vec(),
        ];
        // Every byte string of up to three bytes over the boundary values,
        // then random ones: truncated and overlong sequences, surrogates.
        let edges = [
            0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
            0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ];
        for &a in &edges {
            for &b in &edges {
                for &c in &edges {
                    samples.push(vec![a, b, c]);
                    samples.push(vec![a, b, c, 0x80]);
                }
            }
        }
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..2000 {
            let bytes: Vec<u8> = (0..40)
                .map(|_| {
                    xorshift(&mut x);
                    (x >> 24) as u8 | 0x80
                })
                .collect();
            samples.push(bytes);
        }
        for b in &samples {
            assert_eq!(utf8_counts(b), by_chunks(b), "{b:02X?}");
        }
    }

    #[test]
    fn decoding_in_blocks_reads_as_one_call() {
        let page = "截至3月5日，全县累计排查返乡人员1200余人，发放口罩三万只。\n".repeat(40);
        let trad = "截至3月5日，某縣共排查返鄉人員1200餘人，發放口罩三萬隻。\n".repeat(40);
        let mut samples: Vec<Vec<u8>> = vec![
            GBK.encode(&page).0.into_owned(),
            BIG5.encode(&trad).0.into_owned(),
            page.as_bytes().to_vec(),
        ];
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..50 {
            let bytes: Vec<u8> = (0..2000)
                .map(|_| {
                    xorshift(&mut x);
                    (x >> 24) as u8
                })
                .collect();
            samples.push(bytes);
        }
        for bytes in &samples {
            for enc in [GBK, GB18030, BIG5, UTF_8] {
                let whole = decode_counting(enc, bytes);
                for block in [1, 2, 3, 7, 64, 1000] {
                    let mut pieces = String::new();
                    let blocks = decode_blocks(enc, bytes, block, |t, _| {
                        pieces.push_str(t);
                        true
                    });
                    assert_eq!(blocks.as_ref(), Some(&whole), "{} by {block}", enc.name());
                    assert_eq!(pieces, whole.0);
                }
            }
        }
        // Stopped, it gives nothing.
        let gbk = &samples[0];
        assert_eq!(decode_blocks(BIG5, gbk, 100, |_, bad| bad.is_none()), None);
    }

    #[test]
    fn gbk_pages_with_odd_characters_keep_their_reading() {
        // A symbol outside Chinese prose makes every candidate worth trying.
        let page = "全县设立卡点十二个\u{25CF}排查返乡人员三千余人。\n".repeat(20);
        let (gbk, _, bad) = GBK.encode(&page);
        assert!(!bad);
        let d = decode(&gbk).unwrap();
        assert_eq!(d.text, page);
        assert_eq!(d.encoding, "GBK");
        assert_eq!(d.bad, None);
    }

    #[test]
    fn utf16_sniff_counts_the_zero_bytes_as_before() {
        fn by_index(bytes: &[u8], len: usize) -> Option<&'static Encoding> {
            if len < 4 || !len.is_multiple_of(2) {
                return None;
            }
            let n = bytes.len().min(4096) / 2;
            let even_zero = (0..n).filter(|i| bytes[2 * i] == 0).count();
            let odd_zero = (0..n).filter(|i| bytes[2 * i + 1] == 0).count();
            utf16_by_zeros(even_zero, odd_zero, n)
        }
        let mut samples: Vec<Vec<u8>> = vec![utf16(SAMPLE, true), utf16(SAMPLE, false)];
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for len in [0, 3, 4, 5, 254, 255, 256, 4095, 4096, 4097, 5000] {
            for zeros in [0, 3, 5, 8] {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        xorshift(&mut x);
                        if x % 10 < zeros {
                            0
                        } else {
                            (x >> 8) as u8 | 1
                        }
                    })
                    .collect();
                samples.push(bytes);
            }
            let ascii = "排查 a1 ".repeat(len / 8 + 1);
            samples.push(utf16(&ascii, true)[..len].to_vec());
            samples.push(utf16(&ascii, false)[..len].to_vec());
        }
        for b in &samples {
            assert_eq!(sniff_utf16(b), by_index(b, b.len()), "{b:02X?}");
        }
    }

    #[test]
    fn utf8_is_checked_as_std_checks_it() {
        let page = "截至3月5日，全县累计排查返乡人员1200余人。\n".repeat(8);
        let mut samples: Vec<Vec<u8>> = vec![
            Vec::new(),
            page.as_bytes().to_vec(),
            GBK.encode(&page).0.into_owned(),
            "a\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}"
                .as_bytes()
                .to_vec(),
        ];
        let edges = [
            0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5,
            0xFF, 0x8F, 0x90, 0x9F, 0xA0,
        ];
        // Each edge sequence alone, and planted in the page (long enough for
        // the validator's wide path) at the start, the middle and the end.
        for &a in &edges {
            for &b in &edges {
                for &c in &edges {
                    let seq = [a, b, c];
                    samples.push(seq.to_vec());
                    for at in [0, 100, page.len() - 3] {
                        let mut bytes = page.as_bytes().to_vec();
                        bytes[at..at + 3].copy_from_slice(&seq);
                        samples.push(bytes);
                    }
                }
            }
        }
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..500 {
            let mut bytes = page.as_bytes().to_vec();
            xorshift(&mut x);
            let at = (x >> 16) as usize % bytes.len();
            bytes[at] = (x >> 8) as u8;
            samples.push(bytes);
        }
        for b in &samples {
            assert_eq!(utf8_str(b), std::str::from_utf8(b).ok(), "{b:02X?}");
        }
    }

    /// The rule of [`odd_chars`], char by char.
    fn is_odd(c: char) -> bool {
        let u = c as u32;
        !(c.is_ascii()
            || (0x4E00..=0x9FFF).contains(&u)
            || (0x3000..=0x303F).contains(&u)
            || ((0xFF00..=0xFFEF).contains(&u) && !(0xFF61..=0xFF9F).contains(&u))
            || (0x2000..=0x206F).contains(&u)
            || (0x00A0..=0x00FF).contains(&u)
            || c == '\u{2022}')
    }

    #[test]
    fn odd_chars_are_counted_by_bytes_as_by_chars() {
        let every: Vec<char> = (0..=0x10FFFF).filter_map(char::from_u32).collect();
        for &c in &every {
            assert_eq!(odd_chars(&c.to_string()), usize::from(is_odd(c)), "{c:?}");
        }
        let text: String = every.iter().collect();
        assert_eq!(
            odd_chars(&text),
            every.iter().filter(|&&c| is_odd(c)).count()
        );
        assert_eq!(odd_chars(""), 0);
    }

    #[test]
    fn a_nul_is_found_wherever_it_is() {
        let page = "全县排查返乡人员三千余人。\n".repeat(50);
        assert!(!has_nul(""));
        assert!(!has_nul(&page));
        for at in [
            0,
            1,
            255,
            256,
            257,
            511,
            512,
            page.len() / 2,
            page.len() - 1,
        ] {
            let mut bytes = page.as_bytes().to_vec();
            bytes[at] = 0;
            let text = String::from_utf8_lossy(&bytes);
            assert_eq!(has_nul(&text), text.contains('\0'), "at {at}");
            assert!(has_nul(&text));
        }
    }

    #[test]
    fn binary_check_counts_as_the_filter_did() {
        fn by_filter(bytes: &[u8]) -> bool {
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
        let mut samples: Vec<Vec<u8>> = vec![
            Vec::new(),
            vec![0],
            SAMPLE.as_bytes().to_vec(),
            b"\n\r\t\x0c".repeat(3000),
        ];
        // Every byte value, and runs of controls around the one-in-twenty
        // line, at lengths around the block size and the 8 KB head.
        for b in 0..=255u8 {
            samples.push(vec![b; 300]);
            samples.push([vec![b'a'; 19], vec![b]].concat());
            samples.push([vec![b'a'; 20], vec![b]].concat());
        }
        for len in [127, 128, 129, 255, 256, 8191, 8192, 8193, 9000] {
            for every in [19, 20, 21] {
                let bytes: Vec<u8> = (0..len)
                    .map(|i| if i % every == 0 { 0x1B } else { b'x' })
                    .collect();
                samples.push(bytes);
            }
        }
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..500 {
            let bytes: Vec<u8> = (0..300)
                .map(|_| {
                    xorshift(&mut x);
                    // Mostly text, some controls, now and then a NUL.
                    match x % 64 {
                        0 => 0,
                        1..=4 => (x >> 8) as u8 % 0x20,
                        _ => b'a' + (x >> 8) as u8 % 26,
                    }
                })
                .collect();
            samples.push(bytes);
        }
        for b in &samples {
            assert_eq!(looks_binary(b), by_filter(b), "{b:02X?}");
        }
    }

    #[test]
    fn digits_are_grouped_for_people() {
        assert_eq!(group_digits(7), "7");
        assert_eq!(group_digits(1204), "1,204");
        assert_eq!(group_digits(1234567), "1,234,567");
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
}
