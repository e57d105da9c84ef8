//! Shared helpers for the rules' inline tests: a small schema and a clean pair of surfaces.

use std::collections::HashMap;

use crate::schema::Schema;
use crate::source::SourceFile;

pub const SCHEMA: &str = r#"
version = 1
prefixes = ["QDRANT_"]

[surfaces.dotenv]
path = ".env.example"

[surfaces.docs]
path = "docs.md"
section = "25."

[[variable]]
name = "QDRANT_HOST"
description = "Host of the Qdrant sidecar; unset disables it."

[[variable]]
name = "QDRANT_PORT"
type = "port"
default = 6333
description = "REST port of the Qdrant sidecar."

[[variable]]
name = "QDRANT_VECTOR_SIZE"
type = "int"
default = 1536
description = "Embedding dimensions."

[[variable]]
name = "QDRANT_API_KEY"
secret = true
description = "API key."
on = ["docs"]
"#;

pub const ENV: &str = "# QDRANT_HOST=\n# QDRANT_PORT=6333\n# QDRANT_VECTOR_SIZE=1536\n";

pub const DOCS: &str = "## 25. Qdrant

| Variable | Default | Description |
| --- | --- | --- |
| `QDRANT_HOST` | _(unset)_ | Host of the Qdrant sidecar; unset disables it. |
| `QDRANT_PORT` | `6333` | REST port of the Qdrant sidecar. |
| `QDRANT_VECTOR_SIZE` | `1536` | Embedding dimensions. |
| `QDRANT_API_KEY` | _(unset)_ | API key. |
| `OTHER_VAR` | `x` | Not ours. |
";

/// (rule, file, variable or "", line) of every finding.
pub type Row = (&'static str, String, String, usize);

/// Reads `p` from `texts`; any other file does not exist.
pub fn load(texts: &HashMap<&str, &str>, p: &str) -> Result<SourceFile, crate::Error> {
    texts
        .get(p)
        .map(|t| SourceFile::new(p, *t))
        .ok_or_else(|| crate::Error::Read {
            path: p.to_owned(),
            reason: "not found".to_owned(),
        })
}

pub fn run_on(env: &str, docs: &str) -> Vec<Row> {
    let schema = Schema::parse("envlint.toml", SCHEMA).expect("test schema is valid");
    let texts: HashMap<&str, &str> = [(".env.example", env), ("docs.md", docs)].into();
    let report = crate::lint(&schema, &mut |p| load(&texts, p), &[]).expect("lints");
    report
        .findings
        .iter()
        .map(|f| {
            let file = report.files.get(f.file);
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
