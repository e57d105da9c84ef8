//! The Rust adapter (syn): no panic and every read's span on character boundaries.
#![no_main]

use envlint::surfaces::code::rust;
use envlint_fuzz as check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = check::text(data) else {
        return;
    };
    check::reads(text, &rust::reads(text));
});
