//! Shared helpers for the rules' inline tests: the rules run over a small schema and a
//! pair of surfaces (suppressions are the `check` command's, not tested here).

use std::collections::HashMap;

use crate::schema::Schema;
use crate::source::{Files, SourceFile};

pub use crate::schema::test_data::{DOCS, ENV, SCHEMA};

/// (rule, file, variable or "", line) of every finding.
pub type Row = (&'static str, String, String, usize);

/// Reads `p` from `texts`; any other file does not exist.
pub fn load(texts: &HashMap<&str, &str>, p: &str) -> Result<SourceFile, crate::error::Error> {
    texts
        .get(p)
        .map(|t| SourceFile::new(p, *t))
        .ok_or_else(|| crate::error::Error::Read {
            path: p.to_owned(),
            reason: "not found".to_owned(),
        })
}

pub fn run_on(env: &str, docs: &str) -> Vec<Row> {
    let schema = Schema::parse("envlint.toml", SCHEMA).expect("test schema is valid");
    let texts: HashMap<&str, &str> = [(".env.example", env), ("docs.md", docs)].into();
    let mut files = Files::default();
    let schema_file = files.add(schema.source.clone());
    let surfaces =
        crate::surfaces::read_all(&schema, &mut |p| load(&texts, p), &mut files).expect("reads");
    let ctx = super::Context {
        schema: &schema,
        schema_file,
        surfaces: &surfaces,
        files: &files,
    };
    super::run(&ctx, &[])
        .iter()
        .map(|f| {
            let file = files.get(f.file);
            (
                f.rule.name,
                file.name.clone(),
                f.variable.clone().unwrap_or_default(),
                file.position(f.span.start).line,
            )
        })
        .collect()
}

pub fn findings_of(rule: &str, rows: &[Row]) -> Vec<(String, String, usize)> {
    rows.iter()
        .filter(|r| r.0 == rule)
        .map(|r| (r.1.clone(), r.2.clone(), r.3))
        .collect()
}

#[test]
fn the_clean_pair_has_no_findings() {
    assert_eq!(run_on(ENV, DOCS), vec![]);
}

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut names: Vec<_> = super::RULES.iter().map(|r| r.name).collect();
    let mut codes: Vec<_> = super::RULES.iter().map(|r| r.code).collect();
    names.sort_unstable();
    names.dedup();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(names.len(), super::RULES.len(), "rule names are unique");
    assert_eq!(codes.len(), super::RULES.len(), "rule codes are unique");
    for r in super::RULES {
        assert!(r.code.len() == 5 && r.code.starts_with("EL"), "{}", r.code);
        for heading in [
            "## What it does",
            "## Why it matters",
            "## Example",
            "## Fix",
        ] {
            assert!(r.doc().contains(heading), "{} lacks {heading}", r.name);
        }
    }
}

#[test]
fn a_schema_ignore_must_name_a_rule() {
    let text = format!(
        "{SCHEMA}\n[[variable]]\nname = \"QDRANT_TIMEOUT\"\ndescription = \"x\"\nignore = [\"EL004\", \"no-such-rule\", \"default-mismatch\"]\n"
    );
    let schema = Schema::parse("envlint.toml", &text).expect("the format is valid");
    let Err(crate::error::Error::Schema { problems, .. }) = super::check_schema(&schema) else {
        panic!("an unknown rule is refused");
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(&text[problems[0].span.clone()], "\"no-such-rule\"");
    assert!(problems[0].message.contains("not a rule"));
    let clean = Schema::parse("envlint.toml", SCHEMA).unwrap();
    assert!(super::check_schema(&clean).is_ok());
}
