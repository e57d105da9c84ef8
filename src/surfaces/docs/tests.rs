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
    let schema = Schema::parse("envlint.toml", crate::rules::tests::SCHEMA).expect("valid");
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

/// The docs text after `envlint docs` with the rules' test schema.
fn regenerated(text: &str) -> String {
    regenerated_how(text, Regen::default())
}

fn regenerated_how(text: &str, how: Regen) -> String {
    let schema = Schema::parse("envlint.toml", crate::rules::tests::SCHEMA).expect("valid");
    regenerated_with(&schema, text, how)
}

/// The page as `envlint docs` writes it with `schema`, the other surfaces empty.
fn regenerated_with(schema: &Schema, text: &str, how: Regen) -> String {
    let docs_path = schema.docs.as_ref().unwrap().paths[0].clone();
    let report = crate::lint(
        schema,
        &mut |p: &str| Ok(SourceFile::new(p, if p == docs_path { text } else { "" })),
        &[],
    )
    .expect("lints");
    let regenerated = crate::fix::regenerate_docs(&report, schema, how).expect("regenerates");
    regenerated
        .changes
        .into_iter()
        .next()
        .map_or_else(|| text.to_owned(), |c| c.after)
}

/// The page regenerated with the embedded schema, checked to be a fixed point: a second
/// regeneration changes no byte.
fn regenerated_stably(text: &str) -> String {
    let schema = Schema::embedded();
    let how = Regen::default();
    let once = regenerated_with(&schema, text, how);
    assert_eq!(
        regenerated_with(&schema, &once, how),
        once,
        "a second run changed the page"
    );
    once
}

#[test]
fn regenerating_an_up_to_date_table_changes_no_byte() {
    let docs = crate::rules::tests::DOCS;
    assert_eq!(regenerated(docs), docs);
    let unaligned = docs
        .replace(" | ", "|")
        .replace("| ", "|")
        .replace(" |", "|");
    assert_eq!(regenerated(&unaligned), unaligned);
}

#[test]
fn regenerating_restores_schema_order_cells_and_missing_rows() {
    let clean = crate::rules::tests::DOCS;
    let host = "| `QDRANT_HOST` | _(unset)_ | Host of the Qdrant sidecar; unset disables it. |\n";
    let port = "| `QDRANT_PORT` | `6333` | REST port of the Qdrant sidecar. |\n";
    // Swapped rows keep their places, and come back in schema order with `--sort`.
    let swapped = clean.replace(&format!("{host}{port}"), &format!("{port}{host}"));
    assert_ne!(swapped, clean);
    assert_eq!(regenerated(&swapped), swapped);
    let sort = Regen {
        sort: true,
        ..Regen::default()
    };
    assert_eq!(regenerated_how(&swapped, sort), clean);
    // A deleted row comes back in its place; a stale default and description are rewritten.
    let drifted = clean
        .replace(port, "")
        .replace("`1536`", "`768`")
        .replace("API key.", "Key.");
    let out = regenerated(&drifted);
    assert!(out.contains("`QDRANT_PORT` | `6333`"), "{out}");
    assert!(out.contains("`1536`") && out.contains("API key."), "{out}");
    assert_eq!(regenerated(&out), out, "idempotent");
    // A row of an owned name the schema does not declare stays, and goes with `--prune`.
    let extra = clean.replace(port, &format!("{port}| `QDRANT_GONE` | `1` | Old. |\n"));
    assert_eq!(regenerated(&extra), extra);
    let prune = Regen {
        prune: true,
        ..Regen::default()
    };
    assert_eq!(regenerated_how(&extra, prune), clean);
}

/// `check`, `fix` and `docs` agree on what is the same value: a cell `check` accepts is
/// left as it is unless `--canonical` asks for the schema's spelling.
#[test]
fn a_cell_check_accepts_is_not_rewritten_unless_canonical() {
    let clean = crate::rules::tests::DOCS;
    let other = clean.replace("`6333`", "`06333`").replace(
        "REST port of the Qdrant sidecar.",
        "REST  port of the   Qdrant sidecar.",
    );
    assert!(crate::rules::tests::run_on(crate::rules::tests::ENV, &other).is_empty());
    assert_eq!(regenerated(&other), other);
    let canonical = Regen {
        canonical: true,
        ..Regen::default()
    };
    assert_eq!(regenerated_how(&other, canonical), clean);
}

#[test]
fn regenerating_keeps_non_owned_columns_rows_and_alignment() {
    let text = "## 25. Qdrant\n\n\
| Variable             | Default   | Read by   | Description                  |\n\
| -------------------- | --------- | --------- | ---------------------------- |\n\
| `OTHER`              | `x`       | `a.ts`    | Not ours.                    |\n\
| `QDRANT_PORT`        | `1`       | `q.ts`    | REST port of the Qdrant sidecar. |\n\
\nAfter.\n";
    let out = regenerated(text);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[4],
        "| `OTHER`              | `x`       | `a.ts`    | Not ours.                    |"
    );
    // Non-owned cells travel with their variable's row.
    assert_eq!(
        lines[5],
        "| `QDRANT_HOST`        | _(unset)_ |           | Host of the Qdrant sidecar; unset disables it. |"
    );
    assert_eq!(
        lines[6],
        "| `QDRANT_PORT`        | `6333`    | `q.ts`    | REST port of the Qdrant sidecar. |"
    );
    assert!(out.ends_with("| `QDRANT_API_KEY`     | _(unset)_ |           | API key.                     |\n\nAfter.\n"), "{out}");
}

use proptest::prelude::*;

proptest! {
    /// Whatever the page, the table's spans are character ranges of it and regenerating
    /// twice changes nothing the first run did not.
    #[test]
    fn never_panics_and_regeneration_is_idempotent(
        text in "(?s)(# 25\\.\n)?[|\\-: `A-Z_a-z\n\r#é]{0,160}"
    ) {
        let schema = Schema::embedded();
        let doc = read_doc(&text);
        for table in &doc.tables {
            let spans = table.heading.iter().chain(&table.table).chain(&table.header)
                .chain(table.rows.iter().flat_map(|r| std::iter::once(&r.span).chain(&r.cells)));
            for span in spans {
                prop_assert!(text.get(span.clone()).is_some(), "{:?} in {:?}", span, text);
            }
        }
        if structure(&schema, &[&doc]).is_empty() {
            let how = Regen::default();
            let once = regenerated_with(&schema, &text, how);
            prop_assert_eq!(regenerated_with(&schema, &once, how), once);
        }
    }

    /// Owned rows shuffled, some deleted (one at least kept): regeneration restores the
    /// table exactly, and a second regeneration changes nothing.
    #[test]
    fn regeneration_restores_any_shuffle_of_owned_rows(
        order in proptest::sample::subsequence(vec![0usize, 1, 2, 3], 1..=4)
            .prop_shuffle(),
    ) {
        let clean = crate::rules::tests::DOCS;
        let lines: Vec<&str> = clean.split_inclusive('\n').collect();
        // Lines 4..8 are the owned rows; line 8 is `OTHER_VAR`.
        let mut text: String = lines[..4].concat();
        for i in &order {
            text.push_str(lines[4 + i]);
        }
        text.push_str(&lines[8..].concat());
        let how = Regen { sort: true, ..Regen::default() };
        let once = regenerated_how(&text, how);
        prop_assert_eq!(&once, clean);
        prop_assert_eq!(regenerated_how(&once, how), once.clone());
    }
}

/// Found by `cargo fuzz run docs`: a table whose lines end in a lone `\r` (a line ending
/// to Markdown) followed by a blank `\r` line got its rows after the blank line, outside
/// the table, so every run added them again.
#[test]
fn rows_go_into_a_table_whose_lines_end_in_a_lone_cr() {
    let text = "# 25.\n|Variable\n-|\r\r";
    let once = regenerated_stably(text);
    assert!(
        once.starts_with("# 25.\n|Variable\n-|\r| `QDRANT_HOST` |\n"),
        "{once:?}"
    );
    assert!(once.ends_with("| `BIFROST_LOG_LEVEL` |\n\r"), "{once:?}");
}

/// Found by `cargo fuzz run docs`: without outer pipes, a row whose last cell is blank
/// needs a closing pipe, or it reads as one cell short and is rebuilt on every run.
#[test]
fn rows_without_outer_pipes_keep_a_blank_last_cell() {
    let text = "# 25.\nVariable||\n-|-\n";
    let once = regenerated_stably(text);
    assert!(
        once.starts_with("# 25.\nVariable||\n-|-\n`QDRANT_HOST` |  |\n"),
        "{once:?}"
    );
    // A ragged indented row is rebuilt once, its indentation kept and not doubled.
    let ragged = "# 25.\nVariable | Note\n-|-\n  `QDRANT_HOST`\n";
    let once = regenerated_stably(ragged);
    assert!(
        once.starts_with("# 25.\nVariable | Note\n-|-\n  `QDRANT_HOST` |  |\n"),
        "{once:?}"
    );
}

/// Found by `cargo fuzz run docs`: a header line starting with a vertical tab has no outer
/// pipe to Markdown (only spaces and tabs indent), and its first cell is blank in new
/// rows, which then need a leading pipe to keep every cell.
#[test]
fn rows_keep_a_blank_first_cell_without_outer_pipes() {
    let text = "# 25.\n\u{b}|Variable|||\n--|---- | -\n";
    let once = regenerated_stably(text);
    assert!(
        once.ends_with("\n|  | `BIFROST_LOG_LEVEL` |  |\n"),
        "{once:?}"
    );
}

/// Found by `cargo fuzz run docs`: a ragged row's last cell ending in `\\` is kept when
/// the row is rebuilt, and must not escape the pipe that now follows it.
#[test]
fn a_kept_cell_ending_in_a_backslash_does_not_escape_the_next_pipe() {
    let text = "# 25.\nVariable||||\n-|-|-|-\n`QDRANT_PORT`|\\\n";
    let once = regenerated_stably(text);
    assert!(once.contains("\n`QDRANT_PORT` |\\ |  |  |\n"), "{once:?}");
}
