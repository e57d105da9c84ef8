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

/// What one mention states: each role and text.
type Said = Vec<(Role, Option<String>)>;

/// (names, what each stated) of every mention of an MDX or Markdown page.
fn said(name: &str, text: &str) -> Vec<(String, Said)> {
    let source = SourceFile::new(name, text);
    let surface = facts(FileId(0), &source, &config(), &read_doc_named(name, text));
    surface
        .mentions
        .into_iter()
        .map(|m| {
            assert!(m.name.ends_with(&text[m.span.clone()]), "the name span");
            (
                m.name,
                m.stated.into_iter().map(|s| (s.role, s.text)).collect(),
            )
        })
        .collect()
}

#[test]
fn an_mdx_page_with_imports_components_and_a_required_default_header() {
    let text = "---\ntitle: Self-hosting\n---\nimport { Callout } from \"@/components\";\nimport Tabs from './tabs'\n\n# Configuration\n\n<Callout type=\"warning\"\n  title=\"Read first\">\nSet the **required** ones before the first start.\n</Callout>\n\n{/* prettier-ignore-start */}\n\n| Variable | Required / Default | Description |\n| --- | --- | --- |\n| `WORKER_URL` | Required | Where the worker listens. |\n| `WORKER_PORT` | `3030` | Its port. |\n| `WORKER_DEBUG` | No | Verbose logs. |\n| `WORKER_THREADS` | auto-detected CPU core count | Threads. |\n\n{/* prettier-ignore-end */}\n";
    let s = |t: &str| Some(t.to_owned());
    assert_eq!(
        said("environment.mdx", text),
        vec![
            (
                "WORKER_URL".to_owned(),
                vec![
                    (Role::Required, s("true")),
                    (Role::Description, s("Where the worker listens."))
                ]
            ),
            (
                "WORKER_PORT".to_owned(),
                vec![
                    (Role::Default, s("3030")),
                    (Role::Description, s("Its port."))
                ]
            ),
            (
                "WORKER_DEBUG".to_owned(),
                vec![
                    (Role::Required, s("false")),
                    (Role::Description, s("Verbose logs."))
                ]
            ),
            (
                "WORKER_THREADS".to_owned(),
                vec![
                    (Role::Prose, s("auto-detected CPU core count")),
                    (Role::Description, s("Threads."))
                ]
            ),
        ]
    );
    // Read as plain Markdown, the component's tag line and the imports are prose, not
    // tables: the same table is still found.
    assert_eq!(said("environment.md", text).len(), 4);
}

#[test]
fn rows_as_people_write_them() {
    let text = "## 25. Database\n\n| Variable | Type | Default | Required | Description |\n| :-- | :-- | :-- | :-- | :-- |\n| `DB_KIND`<br>/`_FILE` | Enum string:<br> `sqlite`, `postgres` | `sqlite` | no | The database. |\n| `DB_PREFIX` | * | - | | Table prefix. |\n| `DB_PASS` (**deprecated**) | String | '' | optional (required for Postgres) | Use `DB_PASSWORD`. |\n| `DB_DIR`<sup>\\*1</sup> | String | `./data`<sup>\\*1</sup> | yes | Where data lives. |\n| `DB_PORT` | Number | `5432` / `5433` | no | Port. |\n| `DB-HOST` | String | `x` | no | Unreadable. |\n";
    let s = |t: &str| Some(t.to_owned());
    let got = said("ENV.md", text);
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "DB_KIND",
            "DB_KIND_FILE",
            "DB_PREFIX",
            "DB_PASS",
            "DB_DIR",
            "DB_PORT"
        ]
    );
    assert_eq!(
        got[0].1,
        vec![
            (Role::Default, s("sqlite")),
            (Role::Required, s("false")),
            (Role::Type, s("Enum string:  `sqlite`, `postgres`")),
            (Role::Description, s("The database.")),
        ]
    );
    assert_eq!(
        got[1].1,
        vec![(Role::Description, s("The database."))],
        "the twin shares the row's description, nothing else"
    );
    assert!(
        got[3].1.contains(&(Role::Prose, s("deprecated"))),
        "a note after the name is a fact about the row"
    );
    assert_eq!(got[2].1[0], (Role::Default, None), "`-` is no default");
    assert_eq!(got[3].1[0], (Role::Default, None), "`''` is no default");
    assert!(
        !got[3].1.iter().any(|(r, _)| *r == Role::Required),
        "a conditional requiredness is no claim"
    );
    assert_eq!(
        got[4].1[0],
        (Role::Prose, s("`./data`")),
        "a row calling it required shows an example, not a default (footnotes gone)"
    );
    assert_eq!(got[4].1[1], (Role::Required, s("true")));
    assert_eq!(got[5].1[0], (Role::Prose, s("`5432` / `5433`")));
    // The row whose name cannot be read is reported, not dropped.
    let source = SourceFile::new("ENV.md", text);
    let surface = facts(FileId(0), &source, &config(), &read_doc(text));
    assert_eq!(surface.rejected.len(), 1);
    assert_eq!(&text[surface.rejected[0].span.clone()], "`DB-HOST`");
}

#[test]
fn headers_as_people_write_them() {
    for (header, default, required, ty) in [
        ("| Variable | Default | Description |", true, false, false),
        (
            "| **Name** | *Default value* | Description |",
            true,
            false,
            false,
        ),
        (
            "| Env var | Defaults to | Description |",
            true,
            false,
            false,
        ),
        (
            "| Environment Variable | Required / Default | Description |",
            true,
            false,
            false,
        ),
        ("| `Key` | DEFAULT | Details |", true, false, false),
        (
            "| Variable | Required | Type | Description |",
            false,
            true,
            true,
        ),
        (
            "| Regular Variable | Default (if unset) | Description |",
            true,
            false,
            false,
        ),
    ] {
        let sep = "|-".repeat(header.matches('|').count() - 1) + "|";
        let text = format!("{header}\n{sep}\n");
        let doc = read_doc(&text);
        let c = doc.tables[0].columns;
        assert!(c.variable.is_some(), "{header}");
        assert_eq!(c.default.is_some(), default, "{header}");
        assert_eq!(c.required.is_some(), required, "{header}");
        assert_eq!(c.ty.is_some(), ty, "{header}");
        assert!(c.description.is_some(), "{header}");
    }
}
