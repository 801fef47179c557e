//! Bytes → text: `page_text` as an HTML page and as a text page, and both
//! HTML readers (the parser and the linear stripper) on the bytes read
//! loosely as UTF-8, so HTML structure is explored even when decoding would
//! refuse the bytes. Must never panic, whatever the nesting.
#![no_main]

use countylens::text::{decode, html_to_text, page_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = decode(data) {
        assert!(!d.encoding.is_empty());
    }
    let _ = page_text("page.html", data);
    let _ = page_text("page.txt", data);
    let loose = String::from_utf8_lossy(data);
    let _ = html_to_text(&loose);
});
