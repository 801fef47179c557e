//! The bytes of a cache entry: a page's outcome in a compact binary layout
//! that reads back without a parser's work, behind a header that names
//! the format and the key and a checksum of the rest.
//!
//! ```text
//! magic "CLce" | format u32 | key u128 | payload length u64 | xxh3-64 of payload | payload
//! ```
//!
//! Integers are little-endian; inside the payload, counts and lengths are
//! LEB128 varints (most strings are a few characters). Nothing is decoded
//! before the checksum matches, and decoding must use the payload exactly,
//! so a cut, a flipped bit or a stray byte makes the entry unreadable,
//! never different.

use crate::extract::FileOutcome;
use crate::records::{DateBasis, Level, Measure, Problem, Record, RecordDate, Status, Tally, Text};
use std::collections::BTreeMap;
use std::sync::Arc;

const MAGIC: &[u8; 4] = b"CLce";
const HEADER: usize = 4 + 4 + 16 + 8 + 8;

/// The whole entry file for `out`.
pub fn encode(format: u32, key: u128, out: &FileOutcome) -> Vec<u8> {
    let mut w = Vec::with_capacity(HEADER + 64 + out.records.len() * 160);
    w.extend_from_slice(MAGIC);
    w.extend_from_slice(&format.to_le_bytes());
    w.extend_from_slice(&key.to_le_bytes());
    w.resize(HEADER, 0); // length and checksum, once the payload is there
    payload(&mut w, out);
    let len = (w.len() - HEADER) as u64;
    let sum = xxhash_rust::xxh3::xxh3_64(&w[HEADER..]);
    w[24..32].copy_from_slice(&len.to_le_bytes());
    w[32..40].copy_from_slice(&sum.to_le_bytes());
    w
}

/// The outcome in `bytes`, when they are a whole, sound entry of this
/// format and key.
pub fn decode(format: u32, key: u128, bytes: &[u8]) -> Option<FileOutcome> {
    let (head, body) = bytes.split_at_checked(HEADER)?;
    let field = |at: usize| u64::from_le_bytes(head[at..at + 8].try_into().unwrap_or([0; 8]));
    if &head[..4] != MAGIC
        || head[4..8] != format.to_le_bytes()
        || head[8..24] != key.to_le_bytes()
        || field(24) != body.len() as u64
        || field(32) != xxhash_rust::xxh3::xxh3_64(body)
    {
        return None;
    }
    let mut r = Reader(body);
    let out = read_payload(&mut r)?;
    r.0.is_empty().then_some(out)
}

fn payload(w: &mut Vec<u8>, out: &FileOutcome) {
    let FileOutcome {
        records,
        problems,
        encoding,
        chars,
        fingerprint,
    } = out;
    varint(w, *chars as u64);
    match fingerprint {
        Some(f) => {
            w.push(1);
            w.extend_from_slice(&f.to_le_bytes());
        }
        None => w.push(0),
    }
    opt_str(w, *encoding);
    varint(w, records.len() as u64);
    for r in records {
        record(w, r);
    }
    varint(w, problems.len() as u64);
    for p in problems {
        str(w, &p.file);
        varint(w, p.line.map_or(0, |l| l as u64 + 1));
        str(w, &p.message);
    }
}

fn record(w: &mut Vec<u8>, r: &Record) {
    // Every field by name: a field added to `Record` does not compile here
    // until the layout (and FORMAT) says how it is kept.
    let Record {
        locality,
        locality_path,
        level,
        date,
        date_basis,
        date_clue,
        measure,
        series,
        indicator,
        value,
        unit,
        approx,
        tally,
        part_of,
        code,
        source,
        span,
        evidence,
        status,
        extra,
    } = r;
    str(w, locality);
    varint(w, locality_path.len() as u64);
    for p in locality_path.iter() {
        str(w, p);
    }
    w.push(level.map_or(0, |l| level_code(l) + 1));
    w.extend_from_slice(&date.year.to_le_bytes());
    w.push(date.month.unwrap_or(0));
    w.push(date.day.unwrap_or(0));
    w.push(date_basis.map_or(0, |b| basis_code(b) + 1));
    opt_str(w, date_clue.as_deref());
    w.push(measure_code(*measure));
    opt_str(w, series.as_deref());
    opt_str(w, indicator.as_deref());
    w.extend_from_slice(&value.to_bits().to_le_bytes());
    str(w, unit);
    w.push(u8::from(*approx) | u8::from(*part_of) << 1);
    w.push(tally.map_or(0, |t| tally_code(t) + 1));
    opt_str(w, code.as_deref());
    str(w, source);
    match span {
        Some([a, b]) => {
            w.push(1);
            varint(w, *a as u64);
            varint(w, *b as u64);
        }
        None => w.push(0),
    }
    opt_str(w, evidence.as_deref());
    w.push(status_code(*status));
    // Only explained records carry extra fields: JSON text is plenty.
    varint(w, extra.len() as u64);
    for (k, v) in extra {
        str(w, k);
        str(w, &v.to_string());
    }
}

fn read_payload(r: &mut Reader) -> Option<FileOutcome> {
    let chars = r.usize()?;
    let fingerprint = match r.u8()? {
        0 => None,
        1 => Some(u64::from_le_bytes(r.array()?)),
        _ => return None,
    };
    // An encoding the build knows, or the entry is of no use.
    let encoding = match r.opt_str()? {
        Some(e) => Some(encoding_rs::Encoding::for_label(e.as_bytes())?.name()),
        None => None,
    };
    let n = r.count()?;
    let mut records = Vec::with_capacity(n);
    for _ in 0..n {
        let rec = read_record(r, records.last())?;
        records.push(rec);
    }
    let n = r.count()?;
    let mut problems = Vec::with_capacity(n);
    for _ in 0..n {
        let file = r.string()?;
        let line = r.usize()?.checked_sub(1);
        let message = r.string()?;
        problems.push(Problem {
            file,
            line,
            message,
        });
    }
    Some(FileOutcome {
        records,
        problems,
        encoding,
        chars,
        fingerprint,
    })
}

/// The next record; strings equal to those of the one before (`prev`, of
/// the same page: its file name, often its place and sentence) are shared
/// with it rather than held twice.
fn read_record(r: &mut Reader, prev: Option<&Record>) -> Option<Record> {
    let same = |s: &str, old: Option<&Text>| match old {
        Some(o) if **o == *s => Text::clone(o),
        _ => Text::from(s),
    };
    let locality = same(r.str()?, prev.map(|p| &p.locality));
    let n = r.count()?;
    let mut path = Vec::with_capacity(n);
    for _ in 0..n {
        path.push(r.str()?);
    }
    let locality_path = match prev {
        Some(p)
            if p.locality_path
                .iter()
                .map(|s| &**s)
                .eq(path.iter().copied()) =>
        {
            Arc::clone(&p.locality_path)
        }
        _ => path.into_iter().map(Text::from).collect(),
    };
    let level = r.tagged(LEVELS)?;
    let date = RecordDate {
        year: i32::from_le_bytes(r.array()?),
        month: Some(r.u8()?).filter(|&m| m != 0),
        day: Some(r.u8()?).filter(|&d| d != 0),
    };
    let date_basis = r.tagged(BASES)?;
    let date_clue = r
        .opt_str()?
        .map(|s| same(s, prev.and_then(|p| p.date_clue.as_ref())));
    let measure = *Measure::ALL.get(usize::from(r.u8()?))?;
    let series = r
        .opt_str()?
        .map(|s| same(s, prev.and_then(|p| p.series.as_ref())));
    let indicator = r
        .opt_str()?
        .map(|s| same(s, prev.and_then(|p| p.indicator.as_ref())));
    let value = f64::from_bits(u64::from_le_bytes(r.array()?));
    let unit = r.string()?;
    let flags = r.u8()?;
    if flags > 3 {
        return None;
    }
    let tally = r.tagged(TALLIES)?;
    let code = r.opt_string()?;
    let source = same(r.str()?, prev.map(|p| &p.source));
    let span = match r.u8()? {
        0 => None,
        1 => Some([r.usize()?, r.usize()?]),
        _ => return None,
    };
    let evidence = r
        .opt_str()?
        .map(|e| same(e, prev.and_then(|p| p.evidence.as_ref())));
    let status = *STATUSES.get(usize::from(r.u8()?))?;
    let n = r.count()?;
    let mut extra = BTreeMap::new();
    for _ in 0..n {
        let k = r.string()?;
        let v = serde_json::from_str(r.str()?).ok()?;
        extra.insert(k, v);
    }
    Some(Record {
        locality,
        locality_path,
        level,
        date,
        date_basis,
        date_clue,
        measure,
        series,
        indicator,
        value,
        unit,
        approx: flags & 1 != 0,
        tally,
        part_of: flags & 2 != 0,
        code,
        source,
        span,
        evidence,
        status,
        extra,
    })
}

// The codes of the small enums: their place in these lists. The `match`es
// below are exhaustive, so a new variant must be given a place here.
const LEVELS: &[Level] = &[
    Level::Province,
    Level::Prefecture,
    Level::County,
    Level::Township,
    Level::Village,
    Level::Unit,
];
const BASES: &[DateBasis] = &[DateBasis::Stated, DateBasis::Article, DateBasis::Inferred];
const TALLIES: &[Tally] = &[Tally::Cumulative, Tally::Period];
const STATUSES: &[Status] = &[
    Status::Extracted,
    Status::Confirmed,
    Status::Corrected,
    Status::Rejected,
];

fn level_code(l: Level) -> u8 {
    match l {
        Level::Province => 0,
        Level::Prefecture => 1,
        Level::County => 2,
        Level::Township => 3,
        Level::Village => 4,
        Level::Unit => 5,
    }
}

fn basis_code(b: DateBasis) -> u8 {
    match b {
        DateBasis::Stated => 0,
        DateBasis::Article => 1,
        DateBasis::Inferred => 2,
    }
}

fn tally_code(t: Tally) -> u8 {
    match t {
        Tally::Cumulative => 0,
        Tally::Period => 1,
    }
}

fn status_code(s: Status) -> u8 {
    match s {
        Status::Extracted => 0,
        Status::Confirmed => 1,
        Status::Corrected => 2,
        Status::Rejected => 3,
    }
}

fn measure_code(m: Measure) -> u8 {
    // `Measure::ALL` lists every measure once (a test says so).
    Measure::ALL.iter().position(|&x| x == m).unwrap_or(0) as u8
}

fn varint(w: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        w.push(v as u8 | 0x80);
        v >>= 7;
    }
    w.push(v as u8);
}

fn str(w: &mut Vec<u8>, s: &str) {
    varint(w, s.len() as u64);
    w.extend_from_slice(s.as_bytes());
}

fn opt_str(w: &mut Vec<u8>, s: Option<&str>) {
    // 0 for none, else the length plus one: one byte for the common case.
    match s {
        Some(s) => {
            varint(w, s.len() as u64 + 1);
            w.extend_from_slice(s.as_bytes());
        }
        None => w.push(0),
    }
}

/// The payload not yet read. Every read is checked: `None` is a damaged
/// entry.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.bytes(N)?.try_into().ok()
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.bytes(1)?[0])
    }

    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }

    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.varint()?).ok()
    }

    /// A count of things each at least a byte long: never more than the
    /// bytes left, so a wild count cannot reserve wild memory.
    fn count(&mut self) -> Option<usize> {
        self.usize().filter(|&n| n <= self.0.len())
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.usize()?;
        std::str::from_utf8(self.bytes(n)?).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }

    fn opt_str(&mut self) -> Option<Option<&'a str>> {
        match self.usize()? {
            0 => Some(None),
            n => std::str::from_utf8(self.bytes(n - 1)?).ok().map(Some),
        }
    }

    fn opt_string(&mut self) -> Option<Option<String>> {
        Some(self.opt_str()?.map(str::to_string))
    }

    /// An optional small enum: 0 for none, else its place in `all` plus one.
    fn tagged<T: Copy>(&mut self, all: &[T]) -> Option<Option<T>> {
        match self.u8()? {
            0 => Some(None),
            n => all.get(usize::from(n) - 1).copied().map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Measure;

    fn full_record() -> Record {
        let mut extra = BTreeMap::new();
        extra.insert(
            "explain".to_string(),
            serde_json::json!({"place": ["a", 1]}),
        );
        Record {
            locality: "衡东县".into(),
            locality_path: ["湖南省".into(), "衡阳市".into(), "衡东县".into()].into(),
            level: Some(Level::County),
            date: RecordDate::parse("2020-02").unwrap(),
            date_basis: Some(DateBasis::Inferred),
            date_clue: Some("file name".into()),
            measure: Measure::Supplies,
            series: Some("masks_distributed".into()),
            indicator: Some("口罩".into()),
            value: 4.5e4,
            unit: "只".into(),
            approx: true,
            tally: Some(Tally::Period),
            part_of: true,
            code: Some("430424".into()),
            source: "a/b.txt".into(),
            span: Some([3, 300]),
            evidence: Some("发放口罩4.5万只".into()),
            status: Status::Corrected,
            extra,
        }
    }

    fn outcome() -> FileOutcome {
        let bare = Record {
            locality_path: Arc::from([]),
            level: None,
            date: RecordDate::parse("2021").unwrap(),
            date_basis: None,
            date_clue: None,
            series: None,
            indicator: None,
            value: -0.0,
            approx: false,
            tally: None,
            part_of: false,
            code: None,
            span: None,
            evidence: None,
            status: Status::Extracted,
            extra: BTreeMap::new(),
            ..full_record()
        };
        FileOutcome {
            records: vec![full_record(), bare],
            problems: vec![
                Problem::file("a/b.txt", "x"),
                Problem::line("a/b.txt", 0, ""),
            ],
            encoding: Some(encoding_rs::GB18030.name()),
            chars: 1 << 40,
            fingerprint: Some(u64::MAX),
        }
    }

    #[test]
    fn every_field_reads_back() {
        let out = outcome();
        let bytes = encode(7, 42, &out);
        let back = decode(7, 42, &bytes).unwrap();
        assert_eq!(back.records, out.records);
        assert_eq!(back.problems, out.problems);
        assert_eq!(back.encoding, out.encoding);
        assert_eq!(back.chars, out.chars);
        assert_eq!(back.fingerprint, out.fingerprint);
        assert!(back.records[1].value.is_sign_negative());
        let empty = FileOutcome::default();
        let back = decode(7, 42, &encode(7, 42, &empty)).unwrap();
        assert!(back.records.is_empty() && back.fingerprint.is_none());
    }

    #[test]
    fn every_enum_value_has_its_own_code() {
        for (i, m) in Measure::ALL.iter().enumerate() {
            assert_eq!(usize::from(measure_code(*m)), i);
        }
        for (i, l) in LEVELS.iter().enumerate() {
            assert_eq!(usize::from(level_code(*l)), i);
        }
        for (i, b) in BASES.iter().enumerate() {
            assert_eq!(usize::from(basis_code(*b)), i);
        }
        for (i, t) in TALLIES.iter().enumerate() {
            assert_eq!(usize::from(tally_code(*t)), i);
        }
        for (i, s) in STATUSES.iter().enumerate() {
            assert_eq!(usize::from(status_code(*s)), i);
        }
    }

    #[test]
    fn any_cut_flipped_bit_or_stray_byte_is_refused() {
        let bytes = encode(7, 42, &outcome());
        assert!(decode(8, 42, &bytes).is_none(), "another format");
        assert!(decode(7, 43, &bytes).is_none(), "another key");
        for cut in 0..bytes.len() {
            assert!(decode(7, 42, &bytes[..cut]).is_none(), "cut at {cut}");
        }
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut bad = bytes.clone();
                bad[i] ^= 1 << bit;
                assert!(decode(7, 42, &bad).is_none(), "bit {bit} of byte {i}");
            }
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(7, 42, &longer).is_none());
    }
}
