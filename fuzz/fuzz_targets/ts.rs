//! The TypeScript/JavaScript adapter (oxc): no panic and every read's span on character
//! boundaries, in each dialect the file extension picks (the first byte chooses).
#![no_main]

use envlint::surfaces::code::ts;
use envlint_fuzz as check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Some(text) = check::text(rest) else {
        return;
    };
    let path = ["x.ts", "x.tsx", "x.js", "x.mjs"][usize::from(pick % 4)];
    check::reads(
        text,
        &ts::reads(path, text, &["env".to_owned(), "cfg".to_owned()]),
    );
});
