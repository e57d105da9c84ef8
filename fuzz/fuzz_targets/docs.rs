//! The docs adapter: the table's spans on character boundaries, its facts, and
//! regeneration of the owned rows idempotent (a second run changes nothing).
#![no_main]

use envlint::fix::{apply, regeneration_edits};
use envlint::schema::Schema;
use envlint::source::{FileId, SourceFile};
use envlint::surfaces::docs;
use envlint_fuzz as check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = check::text(data) else {
        return;
    };
    static SCHEMA: std::sync::OnceLock<Schema> = std::sync::OnceLock::new();
    let schema = SCHEMA.get_or_init(Schema::embedded);
    let config = schema.docs.as_ref().expect("the embedded schema has docs");
    let table = docs::read(text, &config.section);
    for s in [&table.heading, &table.table].into_iter().flatten() {
        check::span(text, s, "table");
    }
    for s in table
        .header
        .iter()
        .chain(table.rows.iter().flat_map(|r| r.cells.iter()))
    {
        check::span(text, s, "cell");
    }
    for r in &table.rows {
        check::span(text, &r.span, "row");
    }
    let source = SourceFile::new("ENVIRONMENT.md", text);
    check::surface(text, &docs::facts(FileId(0), &source, config, &table));

    let once = regenerated(text, &table, schema);
    let twice = regenerated(&once, &docs::read(&once, &config.section), schema);
    assert_eq!(twice, once, "regeneration is not idempotent");
});

/// The page as `envlint docs` writes it: the edits in the file's line endings.
fn regenerated(text: &str, table: &docs::DocsTable, schema: &Schema) -> String {
    let edits = regeneration_edits(text, table, schema);
    for e in &edits {
        check::span(text, &e.range, "edit");
    }
    apply(text, &edits)
}
