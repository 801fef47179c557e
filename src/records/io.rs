//! Reading and writing records as JSON Lines and CSV.
//!
//! Reading never gives up on a file because of one bad line: every line that
//! cannot be used becomes a [`Problem`] with its line number, the rest loads.

use super::{DateBasis, Level, Measure, Problem, Record, RecordDate, Status, Tally};
use std::collections::BTreeMap;
use std::io::Write;

/// The CSV columns, in the order `records.md` lists the fields.
pub const CSV_FIELDS: [&str; 19] = [
    "locality",
    "locality_path",
    "level",
    "date",
    "date_basis",
    "date_clue",
    "measure",
    "series",
    "indicator",
    "value",
    "unit",
    "approx",
    "tally",
    "part_of",
    "code",
    "source",
    "span",
    "evidence",
    "status",
];

/// Reads a records file by its extension (`.jsonl`/`.ndjson`/`.json` or `.csv`).
/// `name` is how problems name the file.
pub fn read_records_file(name: &str, text: &str) -> (Vec<Record>, Vec<Problem>) {
    if name.to_ascii_lowercase().ends_with(".csv") {
        read_csv(name, text)
    } else {
        read_jsonl(name, text)
    }
}

/// How much of a records file one worker parses at a time: big files are
/// parsed on every core, in parts cut at line ends.
const JSONL_PART_BYTES: usize = 1 << 20;

pub fn read_jsonl(name: &str, text: &str) -> (Vec<Record>, Vec<Problem>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut problems = Vec::new();
    read_jsonl_lines(name, text, 0, &mut records, &mut problems);
    (records, problems)
}

/// Reads whole lines of a records file that come after `first_line` lines
/// (the loader hands a big file over block by block), adding to `records`
/// and `problems`. Returns the number of lines read.
pub fn read_jsonl_lines(
    name: &str,
    text: &str,
    mut first_line: usize,
    records: &mut Vec<Record>,
    problems: &mut Vec<Problem>,
) -> usize {
    use rayon::prelude::*;
    let start = first_line;
    let parts = parts_at_line_ends(text, JSONL_PART_BYTES);
    // A few parts per core at once: all parts' records at once would hold
    // the file's records twice until they are joined.
    let batch = 4 * rayon::current_num_threads().max(1);
    for group in parts.chunks(batch) {
        let counted: Vec<usize> = group.iter().map(|p| lines(p).count()).collect();
        let firsts: Vec<usize> = counted
            .iter()
            .scan(first_line, |line, n| {
                let first = *line;
                *line += n;
                Some(first)
            })
            .collect();
        first_line += counted.iter().sum::<usize>();
        let read: Vec<(Vec<Record>, Vec<Problem>)> = group
            .par_iter()
            .zip(firsts)
            .map(|(part, first)| read_jsonl_part(name, part, first))
            .collect();
        for (mut r, mut p) in read {
            records.append(&mut r);
            problems.append(&mut p);
        }
    }
    first_line - start
}

/// Cuts `text` after a line feed about every `size` bytes (a CR LF pair
/// stays whole): each part holds whole lines, as [`lines`] reads them.
fn parts_at_line_ends(text: &str, size: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > size {
        match rest.as_bytes()[size..].iter().position(|&b| b == b'\n') {
            Some(i) => {
                let (a, b) = rest.split_at(size + i + 1);
                out.push(a);
                rest = b;
            }
            None => break,
        }
    }
    out.push(rest);
    out
}

/// The records of whole lines of a file; `first_line` lines come before.
fn read_jsonl_part(name: &str, text: &str, first_line: usize) -> (Vec<Record>, Vec<Problem>) {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in lines(text).enumerate() {
        let i = first_line + i;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match serde_json::from_str::<Record>(line) {
            Ok(r) => match r.validate() {
                Ok(()) => {
                    warn_odd_value(&r, name, i + 1, &mut problems);
                    records.push(r)
                }
                Err(e) => problems.push(Problem::line(name, i + 1, e)),
            },
            Err(e) => problems.push(Problem::line(name, i + 1, describe_json_error(&e))),
        }
    }
    (records, problems)
}

/// The lines of `text`, ended by LF, CRLF or a lone CR (old Mac files,
/// some exports): line numbers in problems must match what an editor shows.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.find(['\n', '\r']) {
            Some(i) => {
                let skip = if r[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&r[i + skip..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                (!r.is_empty()).then_some(r)
            }
        }
    })
}

/// A figure that loads but that a person should look at: counts of people
/// or households are never negative.
fn warn_odd_value(r: &Record, name: &str, line: usize, problems: &mut Vec<Problem>) {
    if r.value < 0.0 {
        problems.push(Problem::line(
            name,
            line,
            format!(
                "value {} is negative; loaded as written",
                format_value(r.value)
            ),
        ));
    }
}

fn describe_json_error(e: &serde_json::Error) -> String {
    // serde_json appends "at line 1 column N"; the line is ours, the column helps.
    format!("not a valid record: {e}")
}

pub fn write_jsonl<W: Write>(mut w: W, records: &[Record]) -> std::io::Result<()> {
    for r in records {
        serde_json::to_writer(&mut w, r)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

pub fn read_csv(name: &str, text: &str) -> (Vec<Record>, Vec<Problem>) {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The csv crate counts lines by LF only: with CR endings every row would
    // be "line 1". One ending for all makes its line numbers the editor's.
    let normalized;
    let text = if text.contains('\r') {
        normalized = lines(text).collect::<Vec<_>>().join("\n");
        normalized.as_str()
    } else {
        text
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            problems.push(Problem::line(
                name,
                1,
                format!("cannot read the CSV header: {e}"),
            ));
            return (records, problems);
        }
    };
    let missing: Vec<&str> = ["locality", "date", "measure", "value", "unit"]
        .into_iter()
        .filter(|f| !headers.iter().any(|h| h == f))
        .collect();
    if !missing.is_empty() {
        problems.push(Problem::line(
            name,
            1,
            format!(
                "the header lacks required column(s): {}",
                missing.join(", ")
            ),
        ));
        return (records, problems);
    }
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                problems.push(Problem::line(
                    name,
                    line,
                    format!("unreadable CSV row: {e}"),
                ));
                continue;
            }
        };
        let line = row.position().map(|p| p.line() as usize).unwrap_or(0);
        let fields: BTreeMap<&str, &str> =
            headers.iter().map(String::as_str).zip(row.iter()).collect();
        match record_from_csv(&fields, name) {
            Ok(r) => match r.validate() {
                Ok(()) => {
                    warn_odd_value(&r, name, line, &mut problems);
                    records.push(r)
                }
                Err(e) => problems.push(Problem::line(name, line, e)),
            },
            Err(e) => problems.push(Problem::line(name, line, e)),
        }
    }
    (records, problems)
}

/// Builds a record from one CSV row. `file` fills `source` when the column
/// is missing: a hand-coded sheet is its own source.
fn record_from_csv(f: &BTreeMap<&str, &str>, file: &str) -> Result<Record, String> {
    let get = |k: &str| f.get(k).map(|s| s.trim()).filter(|s| !s.is_empty());
    let locality = get("locality").ok_or("locality is empty")?.to_string();
    let date_s = get("date").ok_or("date is empty")?;
    let date = RecordDate::parse(date_s)
        .ok_or_else(|| format!("date {date_s:?} is not YYYY-MM-DD, YYYY-MM or YYYY"))?;
    let measure_s = get("measure").ok_or("measure is empty")?;
    let measure = Measure::from_code(measure_s)
        .ok_or_else(|| format!("measure {measure_s:?} is not one of the codes of records.md"))?;
    let value_s = get("value").ok_or("value is empty")?;
    let value: f64 = value_s
        .replace(',', "")
        .parse()
        .map_err(|_| format!("value {value_s:?} is not a number"))?;
    let unit = get("unit").ok_or("unit is empty")?.to_string();
    let level = match get("level") {
        Some(s) => Some(Level::parse(s).ok_or_else(|| format!("level {s:?} is unknown"))?),
        None => None,
    };
    let date_basis = match get("date_basis") {
        Some(s) => Some(DateBasis::parse(s).ok_or_else(|| format!("date_basis {s:?} is unknown"))?),
        None => None,
    };
    let status = match get("status") {
        Some(s) => Status::parse(s).ok_or_else(|| format!("status {s:?} is unknown"))?,
        None => Status::Extracted,
    };
    let approx = parse_bool(get("approx"), "approx")?;
    let part_of = parse_bool(get("part_of"), "part_of")?;
    let tally = match get("tally") {
        Some(s) => Some(
            Tally::parse(s).ok_or_else(|| format!("tally {s:?} is not cumulative or period"))?,
        ),
        None => None,
    };
    let span = match get("span") {
        None => None,
        Some(s) => Some(parse_span(s).ok_or_else(|| format!("span {s:?} is not START-END"))?),
    };
    let extra = f
        .iter()
        .filter(|(k, v)| !CSV_FIELDS.contains(k) && !k.is_empty() && !v.trim().is_empty())
        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
        .collect();
    Ok(Record {
        locality: locality.into(),
        locality_path: get("locality_path")
            .map(|p| {
                p.split('/')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(Into::into)
                    .collect()
            })
            .unwrap_or_default(),
        level,
        date,
        date_basis,
        date_clue: get("date_clue").map(Into::into),
        measure,
        series: get("series").map(Into::into),
        indicator: get("indicator").map(Into::into),
        value,
        unit,
        approx,
        tally,
        part_of,
        code: get("code").map(str::to_string),
        source: get("source").unwrap_or(file).into(),
        span,
        evidence: get("evidence").map(Into::into),
        status,
        extra,
    })
}

/// `true`/`false` as people write them in sheets; empty is false.
fn parse_bool(s: Option<&str>, field: &str) -> Result<bool, String> {
    match s {
        None => Ok(false),
        Some(s) => match s.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "y" => Ok(true),
            "false" | "0" | "no" | "n" => Ok(false),
            _ => Err(format!("{field} {s:?} is not true or false")),
        },
    }
}

/// Accepts `12-30`, `12,30` and `[12,30]`: people write spans all three ways.
fn parse_span(s: &str) -> Option<[usize; 2]> {
    let s = s.trim().trim_start_matches('[').trim_end_matches(']');
    let (a, b) = s.split_once(['-', ',', ':'])?;
    Some([a.trim().parse().ok()?, b.trim().parse().ok()?])
}

/// Writes records one at a time, as JSON Lines or CSV: the command line
/// streams each file's records as soon as the file is read.
pub enum RecordWriter<W: Write> {
    Jsonl(W),
    /// Boxed: the CSV writer carries its own buffer.
    Csv(Box<csv::Writer<W>>),
}

impl<W: Write> RecordWriter<W> {
    pub fn jsonl(w: W) -> Self {
        RecordWriter::Jsonl(w)
    }
    /// Writes the header at once, so that an empty result is still a table.
    pub fn csv(w: W) -> std::io::Result<Self> {
        let mut out = csv::Writer::from_writer(w);
        out.write_record(CSV_FIELDS)?;
        Ok(RecordWriter::Csv(Box::new(out)))
    }
    pub fn write(&mut self, r: &Record) -> std::io::Result<()> {
        match self {
            RecordWriter::Jsonl(w) => {
                serde_json::to_writer(&mut *w, r)?;
                w.write_all(b"\n")
            }
            RecordWriter::Csv(out) => write_csv_row(out, r, &[]),
        }
    }
    /// Flushes and gives the writer back.
    pub fn finish(self) -> std::io::Result<W> {
        match self {
            RecordWriter::Jsonl(mut w) => {
                w.flush()?;
                Ok(w)
            }
            RecordWriter::Csv(out) => (*out)
                .into_inner()
                .map_err(|e| std::io::Error::other(e.to_string())),
        }
    }
}

/// Writes records as CSV with the columns of [`CSV_FIELDS`]. Unknown fields
/// are not written: CSV has no place for them that would round-trip.
pub fn write_csv<W: Write>(w: W, records: &[Record]) -> std::io::Result<()> {
    write_csv_with(w, records, &[])
}

/// [`write_csv`] plus the columns `extra`, filled from each record's
/// unknown fields of those names (strings as they are, other values as
/// JSON). Reading the file back keeps them as unknown fields.
pub fn write_csv_with<W: Write>(w: W, records: &[Record], extra: &[&str]) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    let mut header: Vec<&str> = CSV_FIELDS.to_vec();
    header.extend_from_slice(extra);
    out.write_record(&header)?;
    for r in records {
        write_csv_row(&mut out, r, extra)?;
    }
    out.flush()
}

/// Writes a file whole or not at all: into a temporary file beside `path`,
/// synced, then renamed over it. A failure halfway leaves the old file as
/// it was and no half-written one.
pub fn write_atomically(
    path: &std::path::Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    replace_whole(path, true, write)
}

/// [`write_atomically`] without the sync: a reader still sees the whole
/// file or none, but a power cut may leave it half written. For files that
/// check themselves (the extraction cache's entries carry a checksum),
/// where thousands of syncs would cost more than a rebuilt entry.
pub fn write_atomically_unsynced(
    path: &std::path::Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    replace_whole(path, false, write)
}

fn replace_whole(
    path: &std::path::Path,
    sync: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".countylens-")
        .suffix(".part")
        .tempfile_in(&dir)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut w)?;
        w.flush()?;
    }
    if sync {
        tmp.as_file().sync_all()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn write_csv_row<W: Write>(
    out: &mut csv::Writer<W>,
    r: &Record,
    extra: &[&str],
) -> std::io::Result<()> {
    let value = format_value(r.value);
    let span = r.span.map(|[a, b]| format!("{a}-{b}")).unwrap_or_default();
    let fields: [&str; 19] = [
        &r.locality,
        &r.locality_path.join("/"),
        r.level.map(Level::as_str).unwrap_or(""),
        &r.date.to_string(),
        r.date_basis.map(DateBasis::as_str).unwrap_or(""),
        r.date_clue.as_deref().unwrap_or(""),
        r.measure.code(),
        r.series.as_deref().unwrap_or(""),
        r.indicator.as_deref().unwrap_or(""),
        &value,
        &r.unit,
        if r.approx { "true" } else { "false" },
        r.tally.map(Tally::as_str).unwrap_or(""),
        if r.part_of { "true" } else { "false" },
        r.code.as_deref().unwrap_or(""),
        &r.source,
        &span,
        r.evidence.as_deref().unwrap_or(""),
        r.status.as_str(),
    ];
    let extras: Vec<String> = extra
        .iter()
        .map(|k| match r.extra.get(*k) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => String::new(),
        })
        .collect();
    out.write_record(
        fields
            .iter()
            .copied()
            .chain(extras.iter().map(String::as_str)),
    )?;
    Ok(())
}

/// `450000`, `84.6`: whole numbers without a trailing `.0`.
pub fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_parsed_in_parts_names_the_same_lines() {
        let good = r#"{"locality":"衡东县","date":"2020-02-20","measure":"screening","value":1,"unit":"人","source":"a.txt"}"#;
        let mut text = String::new();
        let mut bad_lines = Vec::new();
        for i in 0..400 {
            match i % 7 {
                0 => {
                    text.push_str("{not json\r\n");
                    bad_lines.push(i + 1);
                }
                1 => text.push('\r'),
                2 => text.push_str(" \n"),
                _ => {
                    text.push_str(&good.replace("\"value\":1", &format!("\"value\":{i}")));
                    text.push_str(if i % 2 == 0 { "\r\n" } else { "\n" });
                }
            }
        }
        let whole = read_jsonl_part("f.jsonl", &text, 0);
        let parts = parts_at_line_ends(&text, 300);
        assert!(parts.len() > 10);
        assert_eq!(parts.concat(), text);
        let parted = read_jsonl("f.jsonl", &text);
        assert_eq!(parted, whole);
        let lines: Vec<usize> = parted.1.iter().filter_map(|p| p.line).collect();
        assert_eq!(lines, bad_lines);
    }

    const LINE: &str = r#"{"locality":"东风街道","locality_path":["湖南省","衡阳市","珠晖区","东风街道"],"level":"township","date":"2020-02-20","date_basis":"inferred","measure":"screening","indicator":"排查居民户","value":8000,"unit":"户","approx":true,"source":"a.txt","evidence":"已排查居民 8000 多户","reviewer":"lin"}"#;

    #[test]
    fn jsonl_round_trip_keeps_unknown_fields() {
        let (recs, probs) = read_jsonl("a.jsonl", LINE);
        assert!(probs.is_empty(), "{probs:?}");
        assert_eq!(recs[0].extra["reviewer"], "lin");
        let mut out = Vec::new();
        write_jsonl(&mut out, &recs).unwrap();
        let (again, _) = read_jsonl("b.jsonl", std::str::from_utf8(&out).unwrap());
        assert_eq!(again, recs);
    }

    #[test]
    fn bad_lines_are_reported_with_their_number_and_the_rest_loads() {
        let text = format!("{LINE}\n{{\"locality\":\"x\"}}\nnot json\n\n{LINE}\n");
        let (recs, probs) = read_jsonl("a.jsonl", &text);
        assert_eq!(recs.len(), 2);
        assert_eq!(
            probs.iter().map(|p| p.line.unwrap()).collect::<Vec<_>>(),
            vec![2, 3]
        );
    }

    #[test]
    fn unknown_measure_code_is_a_problem() {
        let text = LINE.replace("screening", "screenings");
        let (recs, probs) = read_jsonl("a.jsonl", &text);
        assert!(recs.is_empty());
        assert!(
            probs[0].message.contains("screenings"),
            "{}",
            probs[0].message
        );
    }

    #[test]
    fn csv_round_trip() {
        let (recs, _) = read_jsonl("a.jsonl", LINE);
        let mut out = Vec::new();
        write_csv(&mut out, &recs).unwrap();
        let (again, probs) = read_csv("a.csv", std::str::from_utf8(&out).unwrap());
        assert!(probs.is_empty(), "{probs:?}");
        let mut expected = recs[0].clone();
        expected.extra.clear();
        assert_eq!(again, vec![expected]);
    }

    #[test]
    fn hand_coded_csv_with_few_columns_loads_and_bad_rows_are_named() {
        let text = "locality,date,measure,value,unit,coder\n衡东县,2022-04-03,inspection,37,家,wu\n衡东县,2022-04-31,inspection,3,家,wu\n耒阳市,2020-02,supplies,\"450,000\",只,wu\n";
        let (recs, probs) = read_csv("coded.csv", text);
        assert_eq!(recs.len(), 2);
        assert_eq!(&*recs[0].source, "coded.csv");
        assert_eq!(recs[1].value, 450000.0);
        assert_eq!(recs[0].extra["coder"], "wu");
        assert_eq!(probs.len(), 1);
        assert_eq!(probs[0].line, Some(3));
    }

    #[test]
    fn problems_name_the_right_line_whatever_the_line_ends() {
        let rows = [
            "locality,date,measure,value,unit",
            "衡东县,2022-04-03,inspection,37,家",
            "衡东县,2022-04-31,inspection,3,家",
            "衡东县,2022-04-05,inspection,-2,家",
        ];
        for end in ["\n", "\r\n", "\r"] {
            let text = rows.join(end) + end;
            let (recs, probs) = read_csv("c.csv", &text);
            assert_eq!(recs.len(), 2, "{end:?}");
            let lines: Vec<_> = probs.iter().map(|p| p.line.unwrap()).collect();
            assert_eq!(lines, vec![3, 4], "{end:?}: {probs:?}");
            assert!(probs[1].message.contains("negative"));
            let jsonl = [LINE, "not json", LINE].join(end);
            let (recs, probs) = read_jsonl("j.jsonl", &jsonl);
            assert_eq!(recs.len(), 2);
            assert_eq!(probs[0].line, Some(2), "{end:?}");
        }
    }

    #[test]
    fn lines_split_at_every_kind_of_ending() {
        assert_eq!(
            lines("a\nb\r\nc\rd").collect::<Vec<_>>(),
            ["a", "b", "c", "d"]
        );
        assert_eq!(lines("a\n\nb\n").collect::<Vec<_>>(), ["a", "", "b"]);
        assert_eq!(lines("").count(), 0);
    }

    #[test]
    fn csv_without_required_columns_says_which() {
        let (recs, probs) = read_csv("x.csv", "place,when\na,b\n");
        assert!(recs.is_empty());
        assert!(probs[0].message.contains("locality"));
    }
}
