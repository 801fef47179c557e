//! Arbitrary text as a JSON Lines and as a CSV records file: reading must
//! never panic, and the records it accepts must survive a write and a second
//! read (same number of records, no problems, same key fields).
//!
//! Set `COUNTYLENS_FUZZ_ROUNDTRIP=0` to check for panics only.
#![no_main]

use countylens::records::io::{read_csv, read_jsonl, write_csv, write_jsonl};
use countylens::records::Record;
use libfuzzer_sys::fuzz_target;

fn same(a: &[Record], b: &[Record], what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: record count changed on a round trip");
    for (x, y) in a.iter().zip(b) {
        assert_eq!(
            (&x.locality, &x.date, x.measure, &x.unit, &x.source),
            (&y.locality, &y.date, y.measure, &y.unit, &y.source),
            "{what}: record changed on a round trip"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let roundtrip = std::env::var_os("COUNTYLENS_FUZZ_ROUNDTRIP").is_none_or(|v| v != "0");

    let (recs, _problems) = read_jsonl("fuzz.jsonl", &text);
    if roundtrip && !recs.is_empty() {
        let mut buf = Vec::new();
        write_jsonl(&mut buf, &recs).expect("write_jsonl to memory");
        let (again, problems) = read_jsonl("again.jsonl", std::str::from_utf8(&buf).unwrap());
        assert!(problems.is_empty(), "jsonl round trip: {problems:?}\nwritten: {}", String::from_utf8_lossy(&buf));
        same(&recs, &again, "jsonl");
    }

    let (recs, _problems) = read_csv("fuzz.csv", &text);
    if roundtrip && !recs.is_empty() {
        let mut buf = Vec::new();
        write_csv(&mut buf, &recs).expect("write_csv to memory");
        let (again, problems) = read_csv("again.csv", std::str::from_utf8(&buf).unwrap());
        assert!(problems.is_empty(), "csv round trip: {problems:?}\nwritten: {}", String::from_utf8_lossy(&buf));
        same(&recs, &again, "csv");
    }
});
