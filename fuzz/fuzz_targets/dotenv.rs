//! The dotenv scanner, in every dialect: spans on character boundaries, names where their
//! spans say, and every value read back the same after `quote_value` writes it (what `fix`
//! relies on).
#![no_main]

use envlint::schema::Dialect;
use envlint::source::{FileId, SourceFile};
use envlint::surfaces::dotenv;
use envlint_fuzz as check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = check::text(data) else {
        return;
    };
    for dialect in [Dialect::Compose, Dialect::Node, Dialect::Dotenvy] {
        scanned(text, dialect);
    }
});

fn scanned(text: &str, dialect: Dialect) {
    let source = SourceFile::new(".env.example", text);
    let Ok(file) = dotenv::scan(&source, dialect) else {
        return;
    };
    for e in &file.entries {
        check::span(text, &e.name_span, "name");
        assert_eq!(&text[e.name_span.clone()], e.name);
        check::span(text, &e.value_span, "value");
        check::span(text, &e.block, "block");
        for c in &e.comments {
            check::span(text, c, "comment");
        }
        if let Some((_, at)) = &e.prose_default {
            check::span(text, at, "Default: note");
        }
        // Round trip: the value as `fix` writes it reads back unchanged.
        let Some(value) = &e.value else { continue };
        let line = format!("{}={}\n", e.name, dotenv::quote_value(value, dialect));
        let again = dotenv::scan(&SourceFile::new(".env.example", line.as_str()), dialect)
            .unwrap_or_else(|err| panic!("{line:?} does not scan: {err}"));
        assert_eq!(again.entries.len(), 1, "{line:?}");
        assert_eq!(again.entries[0].value, e.value, "{line:?}");
    }
    check::offset(text, file.end_of_content, "end of content");
    if let Some(r) = &file.region {
        check::span(text, r, "region");
    }
    check::surface(text, &dotenv::facts(FileId(0), text, &file, None));
}
