//! The cut a scan makes before parsing TypeScript: for every file that parses whole
//! without an error, its sliced parse gives exactly the whole file's reads of names with
//! an owned prefix and dynamic reads (the first byte chooses the dialect).
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
    let path = ["x.ts", "x.mts"][usize::from(pick % 2)];
    let accessors = ["env".to_owned(), "cfg".to_owned()];
    let whole = ts::reads(path, text, &accessors);
    if whole.error.is_some() {
        return;
    }
    let needles = ["Q_", "QDRANT_", "BIFROST_"];
    let keep = needles.map(memchr::memmem::Finder::new);
    let sliced = ts::reads_sliced(path, text, &accessors, &ts::NoModules, &keep);
    // What a scan keeps of a file: the reads of names with an owned prefix, the dynamic
    // reads, the parse error.
    let owned = |r: &envlint::surfaces::code::FileReads| {
        let reads: Vec<_> = r
            .reads
            .iter()
            .filter(|read| needles.iter().any(|n| read.name.contains(n)))
            .collect();
        format!("{reads:?} {:?} {:?}", r.dynamic, r.error)
    };
    assert_eq!(owned(&sliced), owned(&whole), "{text}");
});
