//! The compose surface of the bundled example: every drift the judged compose file can
//! suffer yields one JSON finding with the right rule, variable, file, line and column.

mod common;

use std::path::Path;

use common::Tree;

const COMPOSE: &str = "docker-compose.yml";

/// (rule, variable, file, line, column) of a finding.
type Found = (String, String, String, u64, u64);

/// Exit code and findings of a check of `tree`.
fn check(tree: &Tree) -> (i32, Vec<Found>) {
    let (code, json) = tree.json();
    (code, common::findings_at(&json))
}

/// Writes `text` as the compose file and returns the one finding it must cause.
fn only(tree: &Tree, text: &str) -> Found {
    tree.write(COMPOSE, text);
    let (code, mut found) = check(tree);
    assert_eq!(code, 1, "{found:?}");
    assert_eq!(found.len(), 1, "exactly one finding: {found:?}");
    found.remove(0)
}

/// 1-based line and column (characters) of byte offset `at`.
fn position(text: &str, at: usize) -> (u64, u64) {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (
        text[..at].matches('\n').count() as u64 + 1,
        text[line_start..at].chars().count() as u64 + 1,
    )
}

fn found(rule: &str, var: &str, text: &str, at: usize) -> Found {
    let (line, column) = position(text, at);
    (
        rule.to_owned(),
        var.to_owned(),
        COMPOSE.to_owned(),
        line,
        column,
    )
}

#[test]
fn the_bundled_compose_file_is_clean_and_has_multibyte_text_before_its_variables() {
    let tree = Tree::omniroute();
    assert_eq!(check(&tree), (0, vec![]));
    let text = tree.read(COMPOSE);
    assert!(text.find('—').unwrap() < text.find("${").unwrap());
}

#[test]
fn changing_any_interpolation_default_is_reported_at_the_default() {
    let tree = Tree::omniroute();
    let text = tree.read(COMPOSE);
    let mut seen = 0;
    for (at, _) in text.match_indices("${") {
        let body = &text[at + 2..at + 2 + text[at..].find('}').unwrap() - 2];
        let Some((name, default)) = body.split_once(":-") else {
            continue;
        };
        if !(name.starts_with("QDRANT_") || name.starts_with("BIFROST_")) || default.is_empty() {
            continue;
        }
        let changed = match default.parse::<u64>() {
            Ok(n) => (n + 1).to_string(),
            Err(_) if default == "info" => "warn".to_owned(),
            Err(_) => format!("{default}.example"),
        };
        let default_at = at + 2 + name.len() + 2;
        let mutated = format!(
            "{}{changed}{}",
            &text[..default_at],
            &text[default_at + default.len()..]
        );
        assert_eq!(
            only(&tree, &mutated),
            found("default-mismatch", name, &mutated, default_at),
            "{body}"
        );
        seen += 1;
    }
    assert!(seen >= 5, "the fixture interpolates with defaults: {seen}");
}

#[test]
fn an_undeclared_owned_interpolation_or_environment_key() {
    let tree = Tree::omniroute();
    let text = tree.read(COMPOSE);
    let mutated = text.replace(
        "http://localhost:6333/readyz",
        "http://localhost:${QDRANT_HEALTH_PORT:-6333}/readyz",
    );
    let at = mutated.find("QDRANT_HEALTH_PORT").unwrap();
    assert_eq!(
        only(&tree, &mutated),
        found("undeclared-variable", "QDRANT_HEALTH_PORT", &mutated, at)
    );
    let mutated = text.replace(
        "      - BIFROST_LOG_LEVEL=",
        "      - BIFROST_RETRIES=3\n      - BIFROST_LOG_LEVEL=",
    );
    let at = mutated.find("BIFROST_RETRIES").unwrap();
    assert_eq!(
        only(&tree, &mutated),
        found("undeclared-variable", "BIFROST_RETRIES", &mutated, at)
    );
}

#[test]
fn a_duplicated_environment_key_is_reported_once_where_it_repeats() {
    let tree = Tree::omniroute();
    let text = tree.read(COMPOSE);
    // In the anchor every app replica merges: one finding, not one per replica.
    let line = "    - QDRANT_PORT=${QDRANT_PORT:-6333}\n";
    let mutated = text.replacen(line, &format!("{line}{line}"), 1);
    let at = mutated.find(line).unwrap() + line.len() + 6;
    assert_eq!(
        only(&tree, &mutated),
        found("duplicate-entry", "QDRANT_PORT", &mutated, at)
    );
}

#[test]
fn a_secret_given_a_literal_value() {
    let tree = Tree::omniroute();
    let text = tree.read(COMPOSE);
    let mutated = text.replace("${QDRANT_API_KEY:-}", "${QDRANT_API_KEY:-qk-live-7731}");
    let at = mutated.find("qk-live-7731").unwrap();
    assert_eq!(
        only(&tree, &mutated),
        found("secret-exposed", "QDRANT_API_KEY", &mutated, at)
    );
    let mutated = text.replace(
        "      - BIFROST_LOG_LEVEL=",
        "      - BIFROST_API_KEY=bf-live-1\n      - BIFROST_LOG_LEVEL=",
    );
    let at = mutated.find("bf-live-1").unwrap();
    assert_eq!(
        only(&tree, &mutated),
        found("secret-exposed", "BIFROST_API_KEY", &mutated, at)
    );
    tree.write(COMPOSE, &mutated);
    let out = common::envlint(&["--root".as_ref(), tree.root.as_os_str()]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("bf-live-1"));
}

#[test]
fn renaming_the_qdrant_service_or_dropping_it_from_its_profile() {
    let tree = Tree::omniroute();
    let text = tree.read(COMPOSE);
    let mutated = text.replace("\n  qdrant:\n", "\n  vector-db:\n");
    let at = mutated.find("services:").unwrap();
    // The decision record's table of the sidecar names the service too.
    tree.write(COMPOSE, &mutated);
    let (code, found_all) = check(&tree);
    assert_eq!(code, 1);
    assert_eq!(found_all.len(), 2, "{found_all:?}");
    assert!(found_all.contains(&found("profile-mismatch", "QDRANT_HOST", &mutated, at)));
    assert!(
        found_all
            .iter()
            .any(|f| f.0 == "stale-reference" && f.2 == "docs/architecture/cluster-decisions.md"),
        "{found_all:?}"
    );
    let mutated = text.replace("profiles: [memory]", "profiles: [vector]");
    let at = mutated.find("profiles: [vector]").unwrap();
    assert_eq!(
        only(&tree, &mutated),
        found("profile-mismatch", "QDRANT_HOST", &mutated, at)
    );
}

#[test]
fn a_variable_compose_must_mention_is_missing() {
    let tree = Tree::omniroute();
    let text = tree.read(COMPOSE);
    let mutated = text.replace("      - BIFROST_LOG_LEVEL=${BIFROST_LOG_LEVEL:-info}\n", "");
    assert_ne!(mutated, text);
    let at = mutated.find("services:").unwrap();
    assert_eq!(
        only(&tree, &mutated),
        found("missing-entry", "BIFROST_LOG_LEVEL", &mutated, at)
    );
}

#[test]
fn an_override_file_is_read_with_the_base_file() {
    let tree = Tree::omniroute();
    let schema = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/omniroute.toml"),
    )
    .unwrap()
    .replace(
        "[surfaces.compose]\npath = \"docker-compose.yml\"",
        "[surfaces.compose]\npath = [\"docker-compose.yml\", \"docker-compose.override.yml\"]",
    );
    tree.write("envlint.toml", &schema);
    let text = tree.read(COMPOSE);
    // The override carries the log level; the base no longer does.
    tree.write(
        COMPOSE,
        &text.replace("      - BIFROST_LOG_LEVEL=${BIFROST_LOG_LEVEL:-info}\n", ""),
    );
    let over = "services:\n  bifrost:\n    environment:\n      - BIFROST_LOG_LEVEL=${BIFROST_LOG_LEVEL:-debug}\n";
    tree.write("docker-compose.override.yml", over);
    let (code, f) = check(&tree);
    assert_eq!(code, 1);
    let at = over.find("debug").unwrap();
    let (line, column) = position(over, at);
    assert_eq!(
        f,
        vec![(
            "default-mismatch".to_owned(),
            "BIFROST_LOG_LEVEL".to_owned(),
            "docker-compose.override.yml".to_owned(),
            line,
            column
        )],
        "no missing-entry: the override mentions it"
    );
}

#[test]
fn malformed_yaml_and_hostile_documents_are_exit_2_naming_the_file() {
    let tree = Tree::omniroute();
    for (text, want) in [
        (
            "services:\n  a: [1, 2\n  b: 3\n".to_owned(),
            "docker-compose.yml:3:",
        ),
        ("- just\n- a list\n".to_owned(), "not a list or a scalar"),
        (format!("a: {}\n", "[".repeat(10_000)), "nesting deeper"),
    ] {
        tree.write(COMPOSE, &text);
        let out = common::envlint(&["--root".as_ref(), tree.root.as_os_str()]);
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(want), "{stderr}");
    }
}

#[test]
fn one_variable_drifting_on_two_surfaces_gives_one_finding_per_surface() {
    let tree = Tree::omniroute();
    let env = std::fs::read_to_string(tree.root.join(".env.example"))
        .unwrap()
        .replace("# QDRANT_PORT=6333", "# QDRANT_PORT=6400");
    tree.write(".env.example", &env);
    let text = tree.read(COMPOSE).replace(
        "\"${QDRANT_BIND_HOST:-127.0.0.1}:${QDRANT_PORT:-6333}:6333\"",
        "\"${QDRANT_BIND_HOST:-127.0.0.1}:${QDRANT_PORT:-6400}:6333\"",
    );
    tree.write(COMPOSE, &text);
    let (code, f) = check(&tree);
    assert_eq!(code, 1);
    let files: Vec<(&str, &str, &str)> = f
        .iter()
        .map(|x| (x.0.as_str(), x.1.as_str(), x.2.as_str()))
        .collect();
    assert_eq!(
        files,
        vec![
            ("default-mismatch", "QDRANT_PORT", ".env.example"),
            ("default-mismatch", "QDRANT_PORT", COMPOSE),
        ]
    );
}
