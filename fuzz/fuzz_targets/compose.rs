//! The compose adapter (YAML with merges, interpolation): no panic, whatever the
//! nesting or aliasing, and every fact's span on character boundaries.
#![no_main]

use envlint::source::{FileId, SourceFile};
use envlint::surfaces::compose;
use envlint_fuzz as check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = check::text(data) else {
        return;
    };
    let source = SourceFile::new("docker-compose.yml", text);
    let Ok(doc) = compose::read(&source) else {
        return;
    };
    if let Ok(surface) = compose::facts(FileId(0), &source, &doc) {
        check::surface(text, &surface);
    }
});
