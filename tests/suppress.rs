//! Suppressions: each form silences exactly its finding, is counted, and an ignore that
//! suppresses nothing is a warning.

mod common;

use common::Tree;

const CLEAN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/drift/clean");

/// (rule and file of each finding, suppressed count) of a check of `tree`.
fn check(tree: &Tree) -> (Vec<String>, u64) {
    let (_, json) = tree.json();
    let rules = common::findings(&json)
        .into_iter()
        .map(|(rule, _, file, _)| format!("{rule} {file}"))
        .collect();
    (rules, json["summary"]["suppressed"].as_u64().unwrap())
}

/// Each case: a drift, then the suppression that silences it.
#[test]
fn each_suppression_form_silences_exactly_its_finding() {
    type Edit = (&'static str, &'static str, &'static str);
    let cases: &[(&str, Edit, Edit)] = &[
        (
            "default-mismatch .env.example",
            (".env.example", "# QDRANT_PORT=6333", "# QDRANT_PORT=6334"),
            (
                ".env.example",
                "# QDRANT_PORT=6334",
                "# envlint: ignore[default-mismatch]\n# QDRANT_PORT=6334",
            ),
        ),
        (
            "default-mismatch .env.example",
            (".env.example", "# QDRANT_PORT=6333", "QDRANT_PORT=6334"),
            (
                ".env.example",
                "QDRANT_PORT=6334",
                "QDRANT_PORT=6334 # envlint: ignore[EL004]",
            ),
        ),
        (
            "default-mismatch docker-compose.yml",
            (
                "docker-compose.yml",
                "\"127.0.0.1:${QDRANT_PORT:-6333}:6333\"",
                "\"127.0.0.1:${QDRANT_PORT:-6334}:6333\"",
            ),
            (
                "docker-compose.yml",
                "      - \"127.0.0.1:${QDRANT_PORT:-6334}",
                "      # envlint: ignore[default-mismatch]\n      - \"127.0.0.1:${QDRANT_PORT:-6334}",
            ),
        ),
        (
            "default-mismatch docs/ENVIRONMENT.md",
            ("docs/ENVIRONMENT.md", "| `6333`    |", "| `6334`    |"),
            (
                "docs/ENVIRONMENT.md",
                "REST port of the Qdrant sidecar.                          |",
                "REST port of the Qdrant sidecar.                          | <!-- envlint: ignore[default-mismatch] -->",
            ),
        ),
        (
            "default-mismatch src/memory.ts",
            ("src/memory.ts", "?? \"6333\"", "?? \"6334\""),
            (
                "src/memory.ts",
                "  const port = Number(",
                "  // envlint: ignore[default-mismatch]\n  const port = Number(",
            ),
        ),
        (
            "default-mismatch src/stream.rs",
            ("src/stream.rs", ".unwrap_or(true)", ".unwrap_or(false)"),
            (
                "src/stream.rs",
                ".unwrap_or(false)",
                ".unwrap_or(false) // envlint: ignore[default-mismatch]",
            ),
        ),
    ];
    for (finding, drift, suppression) in cases {
        let tree = Tree::copy_of(CLEAN);
        tree.edit(drift.0, drift.1, drift.2);
        assert_eq!(check(&tree), (vec![(*finding).to_owned()], 0), "{finding}");
        tree.edit(suppression.0, suppression.1, suppression.2);
        assert_eq!(check(&tree), (vec![], 1), "{finding} suppressed");
    }
}

#[test]
fn a_suppression_silences_only_the_rules_it_names_on_its_lines() {
    let tree = Tree::copy_of(CLEAN);
    tree.edit(
        ".env.example",
        "# QDRANT_PORT=6333",
        "# envlint: ignore[type-mismatch]\n# QDRANT_PORT=6334",
    );
    let (found, suppressed) = check(&tree);
    assert_eq!(suppressed, 0);
    assert_eq!(
        found,
        vec![
            "unused-suppression .env.example",
            "default-mismatch .env.example"
        ]
    );
}

#[test]
fn a_schema_ignore_silences_one_variables_rule_and_is_reported_when_unused() {
    let tree = Tree::copy_of(CLEAN);
    tree.edit(".env.example", "# QDRANT_PORT=6333", "# QDRANT_PORT=6334");
    tree.edit("docs/ENVIRONMENT.md", "| `6333`    |", "| `6334`    |");
    tree.edit(
        "envlint.toml",
        "name = \"QDRANT_PORT\"\n",
        "name = \"QDRANT_PORT\"\nignore = [\"default-mismatch\"]\n",
    );
    assert_eq!(check(&tree), (vec![], 2));
    tree.edit(
        "envlint.toml",
        "name = \"QDRANT_HOST\"\n",
        "name = \"QDRANT_HOST\"\nignore = [\"EL004\"]\n",
    );
    assert_eq!(
        check(&tree),
        (vec!["unused-suppression envlint.toml".to_owned()], 2)
    );
    // The human summary counts them.
    let out = common::envlint(&["--root".as_ref(), tree.root.as_os_str()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("(2 suppressed)"));
}

#[test]
fn an_unknown_rule_in_a_suppression_is_reported() {
    let tree = Tree::copy_of(CLEAN);
    tree.edit(
        ".env.example",
        "# QDRANT_PORT=6333",
        "# envlint: ignore[defualt-mismatch]\n# QDRANT_PORT=6333",
    );
    assert_eq!(
        check(&tree),
        (vec!["unused-suppression .env.example".to_owned()], 0)
    );
    tree.edit(
        "envlint.toml",
        "name = \"QDRANT_HOST\"\n",
        "name = \"QDRANT_HOST\"\nignore = [\"nope\"]\n",
    );
    let out = common::envlint(&["--root".as_ref(), tree.root.as_os_str()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown rule in the schema is a schema error"
    );
}
