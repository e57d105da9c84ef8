//! The edit applier, end to end: a tree of `.env.example`, the docs page and the compose
//! file (the input split at 0xFF bytes, never UTF-8) is checked with the embedded schema;
//! every finding renders in every format; `fix` keeps line endings, BOM and final newline,
//! leaves a tree that still reads and has nothing left to fix; `docs` regeneration is
//! idempotent.
#![no_main]

use std::collections::BTreeMap;

use envlint::{fix, regenerate};
use envlint::render;
use envlint::schema::Schema;
use envlint::source::{BOM, SourceFile};
use envlint::{Error, Report};
use envlint_fuzz as check;
use libfuzzer_sys::fuzz_target;

const PATHS: [&str; 3] = [
    ".env.example",
    "docs/reference/ENVIRONMENT.md",
    "docker-compose.yml",
];

type Tree = BTreeMap<&'static str, String>;

fn lint(schema: &Schema, tree: &Tree) -> Result<Report, Error> {
    envlint::lint(
        schema,
        &mut |rel: &str| match tree.get(rel) {
            Some(text) => Ok(SourceFile::new(rel, text.as_str())),
            None => Err(Error::Read {
                path: rel.to_owned(),
                reason: "not in the tree".to_owned(),
            }),
        },
        &[],
    )
}

fn check_report(report: &Report) {
    for f in &report.findings {
        check::span(&report.files.get(f.file).text, &f.span, f.rule.name);
        for (file, span, _) in &f.related {
            check::span(&report.files.get(*file).text, span, "related");
        }
        if let Some((file, span)) = &f.declared {
            check::span(&report.files.get(*file).text, span, "declaration");
        }
    }
    let style = render::human::Style {
        color: false,
        width: 80,
        quiet: false,
    };
    assert!(!render::human::render(report, style).is_empty());
    assert!(!render::json::render(report).is_empty());
    assert!(!render::sarif::render(report).is_empty());
    let _ = render::github::render(report);
}

/// What a rewrite must keep of the file it rewrites.
fn keeps_layout(before: &str, after: &str, name: &str) {
    let bare_lf = |t: &str| {
        t.bytes()
            .enumerate()
            .any(|(i, b)| b == b'\n' && (i == 0 || t.as_bytes()[i - 1] != b'\r'))
    };
    if before.contains("\r\n") && !bare_lf(before) {
        assert!(!bare_lf(after), "{name}: CRLF file gained a bare LF");
    }
    assert_eq!(
        before.starts_with(BOM),
        after.starts_with(BOM),
        "{name}: BOM"
    );
    if before.ends_with('\n') {
        assert!(after.ends_with('\n'), "{name}: lost its final newline");
    }
}

fn schema() -> &'static Schema {
    static SCHEMA: std::sync::OnceLock<Schema> = std::sync::OnceLock::new();
    SCHEMA.get_or_init(Schema::embedded)
}

fuzz_target!(|data: &[u8]| {
    let mut tree = Tree::new();
    for (path, part) in PATHS.iter().zip(data.split(|&b| b == 0xFF)) {
        let Some(text) = check::text(part) else {
            return;
        };
        tree.insert(path, text.to_owned());
    }
    for path in PATHS {
        tree.entry(path).or_default();
    }
    let schema = schema();
    let Ok(report) = lint(schema, &tree) else {
        return;
    };
    check_report(&report);

    let changes = fix::plan(&report, schema, true);
    if !changes.is_empty() {
        let mut fixed = tree.clone();
        for c in &changes {
            keeps_layout(&c.before, &c.after, &c.name);
            let path = PATHS
                .iter()
                .find(|p| **p == c.name)
                .expect("a surface file");
            fixed.insert(path, c.after.clone());
        }
        let report = lint(schema, &fixed).expect("a fixed tree still reads");
        check_report(&report);
        let again = fix::plan(&report, schema, true);
        let left: Vec<String> = again.iter().map(|c| fix::diff(c)).collect();
        assert!(
            left.is_empty(),
            "a second fix changes more:\n{}",
            left.concat()
        );
    }

    let how = envlint::surfaces::docs::Regen::default();
    if let Ok(regenerated) = regenerate::regenerate_docs(&report, schema, how)
        && let Some(change) = regenerated.changes.first()
    {
        keeps_layout(&change.before, &change.after, &change.name);
        let mut tree = tree.clone();
        tree.insert(PATHS[1], change.after.clone());
        let report = lint(schema, &tree).expect("a regenerated tree still reads");
        let again =
            regenerate::regenerate_docs(&report, schema, how).expect("the table is still there");
        assert!(
            again.changes.is_empty(),
            "a second regeneration changes more:\n{}",
            fix::diff(&again.changes[0])
        );
    }
});
