//! What the extraction tests share: one page of text through the extractor,
//! and the record of a given figure.

use countylens::extract::{self, Hints};
use countylens::records::Record;

pub fn extract(text: &str) -> Vec<Record> {
    extract::extract_text("test.txt", text, &Hints::default())
}

pub fn find(recs: &[Record], value: f64) -> &Record {
    recs.iter()
        .find(|r| r.value == value)
        .unwrap_or_else(|| panic!("no record of {value} in {recs:#?}"))
}
