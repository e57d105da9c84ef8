//! The docs adapter: every table's spans on character boundaries, its facts, and
//! regeneration of the owned rows idempotent (a second run changes nothing).
#![no_main]

use envlint::edit::apply;
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
    let doc = docs::read_doc(text);
    for (_, s) in &doc.headings {
        check::span(text, s, "heading");
    }
    for table in &doc.tables {
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
    }
    let source = SourceFile::new("ENVIRONMENT.md", text);
    check::surface(text, &docs::facts(FileId(0), &source, config, &doc));

    let once = regenerated(text, &doc, schema);
    let twice = regenerated(&once, &docs::read_doc(&once), schema);
    assert_eq!(twice, once, "regeneration is not idempotent");
});

/// The page's owned rows as `envlint docs` rewrites them (rows no file has aside).
fn regenerated(text: &str, doc: &docs::DocsDoc, schema: &Schema) -> String {
    let edits = docs::regenerate(text, doc, schema, &[], docs::Regen::default());
    for e in &edits {
        check::span(text, &e.range, "edit");
    }
    apply(text, &edits)
}
