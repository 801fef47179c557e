//! Bytes → text: `decode`, then `html_to_text` on what it gives, and
//! `html_to_text` on the bytes read loosely as UTF-8 (so HTML structure is
//! explored even when `decode` would refuse the bytes). Must never panic.
#![no_main]

use countylens::extract::decode::{decode, html_to_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = decode(data) {
        assert!(!d.encoding.is_empty());
        let _ = html_to_text(&d.text);
    }
    let _ = html_to_text(&String::from_utf8_lossy(data));
});
