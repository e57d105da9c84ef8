//! The docs adapter, table-driven.
#![allow(
    clippy::option_option,
    reason = "a Default cell: absent, unset, or a value"
)]

use super::*;
use crate::facts::Role;
use crate::schema::DocsConfig;

fn config() -> DocsConfig {
    DocsConfig {
        patterns: vec!["ENV.md".to_owned()],
        paths: vec!["ENV.md".to_owned()],
        section: Some("25.".to_owned()),
        unset: "_(unset)_".to_owned(),
    }
}

/// (name, default, description) of every row read, in every table.
fn rows(text: &str) -> Vec<(String, Option<Option<String>>, Option<String>)> {
    let source = SourceFile::new("ENV.md", text);
    let surface = facts(FileId(0), &source, &config(), &read_doc(text));
    surface
        .mentions
        .into_iter()
        .map(|m| {
            assert_eq!(&text[m.span.clone()], m.name, "the name span");
            let get = |role| {
                m.stated
                    .iter()
                    .find(|s| s.role == role)
                    .map(|s| s.text.clone())
            };
            (
                m.name.clone(),
                get(Role::Default),
                get(Role::Description).flatten(),
            )
        })
        .collect()
}

fn row(
    name: &str,
    default: Option<&str>,
    description: &str,
) -> (String, Option<Option<String>>, Option<String>) {
    (
        name.to_owned(),
        Some(default.map(str::to_owned)),
        Some(description.to_owned()),
    )
}

#[test]
fn cells_are_normalised() {
    let text = "## 25. Sidecars\n\n\
        | Source | Description | Variable | Default |\n\
        |:--|--|--:|:-:|\n\
        | x.ts | Port. | `QDRANT_PORT` | `6333` |\n\
        |x.ts|Pipe \\| inside|QDRANT_HOST|_(unset)_|\n\
        | x.ts |  Padded   text  |   `BIFROST_TIMEOUT_MS`    |   30000   |\n\
        | x.ts | Empty default. | `QDRANT_API_KEY` |  |\n";
    assert_eq!(
        rows(text),
        vec![
            row("QDRANT_PORT", Some("6333"), "Port."),
            row("QDRANT_HOST", None, "Pipe | inside"),
            row("BIFROST_TIMEOUT_MS", Some("30000"), "Padded   text"),
            row("QDRANT_API_KEY", None, "Empty default."),
        ]
    );
}

#[test]
fn every_table_is_read_with_the_sections_it_sits_under() {
    let text = "---\ntitle: x\n---\n# Env\n\n| Variable | Default | Description |\n|-|-|-|\n| `A_X` | `1` | before |\n\n\
        ### 25. Sidecars\n\nProse.\n\n| Variable | Default | Description |\n|-|-|-|\n| `QDRANT_PORT` | `6333` | Port. |\n\n\
        #### 25.1 Details\n\n| Env | Default | Description |\n|-|-|-|\n| `QDRANT_HOST` | _(unset)_ | Host. |\n\n\
        ### 26. Next\n\n| Key | Default | Description |\n|-|-|-|\n| `B_X` | `2` | after |\n\n\
        | Command | Description |\n|-|-|\n| `up` | Starts. |\n";
    assert_eq!(
        rows(text),
        vec![
            row("A_X", Some("1"), "before"),
            row("QDRANT_PORT", Some("6333"), "Port."),
            row("QDRANT_HOST", None, "Host."),
            row("B_X", Some("2"), "after"),
        ]
    );
    let doc = read_doc(text);
    let sections: Vec<Vec<&str>> = doc
        .tables
        .iter()
        .map(|t| t.sections.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        sections,
        vec![
            vec!["Env"],
            vec!["Env", "25. Sidecars"],
            vec!["Env", "25. Sidecars", "25.1 Details"],
            vec!["Env", "26. Next"],
            vec!["Env", "26. Next"],
        ]
    );
    // A section is found at any level; its first table with a variable column is its own.
    let t = table_for(&doc, Some("25.")).unwrap();
    assert_eq!(&text[t.rows[0].cells[0].clone()], " `QDRANT_PORT` ");
    assert!(table_for(&doc, Some("27.")).is_none());
    assert_eq!(
        doc.tables[4].columns.variable, None,
        "`Command` is no variable column"
    );
}

#[test]
fn crlf_and_bom_tables_read_the_same() {
    let text = "\u{feff}## 25. S\r\n\r\n| Variable | Default | Description |\r\n|-|-|-|\r\n| `QDRANT_PORT` | `6333` | Port. |\r\n";
    assert_eq!(rows(text), vec![row("QDRANT_PORT", Some("6333"), "Port.")]);
}

#[test]
fn structure_problems() {
    let cases: &[(&str, &str)] = &[
        (
            "## 24. Other\n\n| Variable | Default | Description |\n|-|-|-|\n",
            "no heading starts with `25.`",
        ),
        (
            "## 25. Sidecars\n\nNo table yet.\n\n## 26. Next\n\n| Variable |\n|-|\n",
            "has no table",
        ),
        (
            "## 25. S\n\n| Name? | Default | Description |\n|-|-|-|\n",
            "no `Variable` column",
        ),
        (
            "## 25. S\n\n| Variable | Description |\n|-|-|\n",
            "no `Default` column",
        ),
        (
            "## 25. S\n\n| Variable | Default |\n|-|-|\n",
            "no `Description` column",
        ),
    ];
    let schema = Schema::parse("envlint.toml", crate::schema::test_data::SCHEMA).expect("valid");
    for (text, message) in cases {
        let doc = read_doc(text);
        let problems = structure(&schema, &[&doc]);
        assert_eq!(problems.len(), 1, "{text}: {problems:?}");
        assert!(problems[0].1.message.contains(message), "{problems:?}");
    }
    // Over several files: the section in the second file is found.
    let none = read_doc("# Intro\n");
    let there = read_doc("## 25. S\n\n| Variable | Default | Description |\n|-|-|-|\n");
    assert!(structure(&schema, &[&none, &there]).is_empty());
}

#[test]
fn ragged_rows_keep_what_they_have() {
    let text = "## 25. S\n\n| Variable | Default | Description |\n|-|-|-|\n| `QDRANT_PORT` |\n";
    assert_eq!(rows(text), vec![("QDRANT_PORT".to_owned(), None, None)]);
}

#[test]
fn a_new_row_goes_after_the_last_row() {
    let text = "## 25. S\n\n| Variable | Default | Description |\n|-|-|-|\n| `A_B` | `1` | x |\n\nAfter.\n";
    let source = SourceFile::new("ENV.md", text);
    let s = facts(FileId(0), &source, &config(), &read_doc(text));
    assert_eq!(s.append_at, text.find("\nAfter").unwrap());
    assert_eq!(s.tables[0].append_at, s.append_at);
}
