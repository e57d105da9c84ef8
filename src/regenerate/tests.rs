//! `envlint docs` on a table: rows rewritten in place, order, pruning, canonical
//! spellings, alignment, and a second run that changes no byte.

use proptest::prelude::*;

use crate::schema::Schema;
use crate::source::SourceFile;
use crate::surfaces::docs::{Regen, read_doc, structure};

/// The docs text after `envlint docs` with the rules' test schema.
fn regenerated(text: &str) -> String {
    regenerated_how(text, Regen::default())
}

fn regenerated_how(text: &str, how: Regen) -> String {
    let schema = Schema::parse("envlint.toml", crate::schema::test_data::SCHEMA).expect("valid");
    regenerated_with(&schema, text, how)
}

/// The page as `envlint docs` writes it with `schema`, the other surfaces empty.
fn regenerated_with(schema: &Schema, text: &str, how: Regen) -> String {
    let docs_path = schema.docs.as_ref().unwrap().paths[0].clone();
    let report = crate::check::lint(
        schema,
        &mut |p: &str| Ok(SourceFile::new(p, if p == docs_path { text } else { "" })),
        &[],
    )
    .expect("lints");
    let regenerated = super::regenerate_docs(&report, schema, how).expect("regenerates");
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
    let docs = crate::schema::test_data::DOCS;
    assert_eq!(regenerated(docs), docs);
    let unaligned = docs
        .replace(" | ", "|")
        .replace("| ", "|")
        .replace(" |", "|");
    assert_eq!(regenerated(&unaligned), unaligned);
}

#[test]
fn regenerating_restores_schema_order_cells_and_missing_rows() {
    let clean = crate::schema::test_data::DOCS;
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
    let clean = crate::schema::test_data::DOCS;
    let other = clean.replace("`6333`", "`06333`").replace(
        "REST port of the Qdrant sidecar.",
        "REST  port of the   Qdrant sidecar.",
    );
    assert!(crate::rules::tests::run_on(crate::schema::test_data::ENV, &other).is_empty());
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
        let clean = crate::schema::test_data::DOCS;
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

/// A secret's default (the code's, kept so its type and reading stay known) is never
/// written into the docs: its row says unset.
#[test]
fn a_secrets_default_is_never_written_into_the_docs() {
    let schema = Schema::parse(
        "envlint.toml",
        "version = 1\nprefixes = [\"QDRANT_\"]\n\n[surfaces.docs]\npath = \"docs.md\"\n\n[[variable]]\nname = \"QDRANT_HOST\"\ndescription = \"Host.\"\n\n[[variable]]\nname = \"QDRANT_API_KEY\"\nsecret = true\ndefault = \"qk_live_8Fz2LmQ9xT4vB7nR1cW6yH3dK5pJ0sA\"\ndescription = \"API key.\"\n",
    )
    .expect("valid");
    let page = "| Variable | Default | Description |\n| --- | --- | --- |\n| `QDRANT_HOST` | _(unset)_ | Host. |\n";
    let out = regenerated_with(&schema, page, crate::surfaces::docs::Regen::default());
    assert!(!out.contains("qk_live"), "{out}");
    assert!(
        out.contains("| `QDRANT_API_KEY` | _(unset)_ | API key. |"),
        "{out}"
    );
}
