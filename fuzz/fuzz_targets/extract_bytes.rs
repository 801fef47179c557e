//! Arbitrary bytes through the whole extractor, as a `.txt` and as an `.html`
//! file: it must never panic, and what it gives must be usable records.
//!
//! Set `COUNTYLENS_FUZZ_INVARIANTS=0` to check for panics only.
#![no_main]

use countylens::extract::{Hints, extract_file};
use libfuzzer_sys::fuzz_target;

fn check(name: &str, data: &[u8], invariants: bool) {
    let out = extract_file(name, data, &Hints::default());
    if !invariants {
        return;
    }
    for r in &out.records {
        if let Err(e) = r.validate() {
            panic!("{name}: extracted record fails validate(): {e}: {r:?}");
        }
        if let Some([a, b]) = r.span {
            assert!(
                a <= b && b <= out.chars,
                "{name}: span [{a},{b}] outside the text's {} chars: {r:?}",
                out.chars
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let invariants = std::env::var_os("COUNTYLENS_FUZZ_INVARIANTS").is_none_or(|v| v != "0");
    check("fuzz/page.txt", data, invariants);
    check("fuzz/page.html", data, invariants);
});
