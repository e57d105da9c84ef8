//! Every rule against its drift fixture: rendered output snapshots, exactly-its-rule, registry coverage.

use std::path::{Path, PathBuf};

use envlint::render::human::{Style, render};
use envlint::rules::RULES;
use envlint::{discover_schema, lint_dir};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn check(dir: &Path) -> envlint::Report {
    let schema = discover_schema(dir, None).expect("schema loads");
    lint_dir(&schema, dir, &[]).expect("surfaces read")
}

fn human(dir: &Path) -> String {
    render(
        &check(dir),
        Style {
            color: false,
            width: 100,
            quiet: false,
        },
    )
}

/// `fixtures/drift/RULE` and its variants `fixtures/drift/RULE--SURFACE` (the same drift
/// on another surface): each triggers its rule and nothing else.
#[test]
fn every_rule_has_a_drift_fixture_that_triggers_exactly_it() {
    for rule in RULES {
        assert!(
            fixture("drift").join(rule.name).is_dir(),
            "fixtures/drift/{} is missing",
            rule.name
        );
    }
    for entry in std::fs::read_dir(fixture("drift")).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if name == "clean" {
            continue;
        }
        let rule = name.split("--").next().unwrap();
        assert!(
            RULES.iter().any(|r| r.name == rule),
            "fixtures/drift/{name} names no rule"
        );
        let report = check(&dir);
        assert!(!report.findings.is_empty(), "{name} triggers nothing");
        for f in &report.findings {
            assert_eq!(
                f.rule.name, rule,
                "fixtures/drift/{name} also triggers {}",
                f.rule.name
            );
        }
    }
}

#[test]
fn the_clean_trees_trigger_nothing() {
    for dir in [
        fixture("omniroute"),
        fixture("drift/clean"),
        fixture("realistic"),
    ] {
        let report = check(&dir);
        assert!(
            report.findings.is_empty(),
            "{}: {}",
            dir.display(),
            human(&dir)
        );
    }
}

#[test]
fn rendered_diagnostics() {
    let mut dirs: Vec<_> = std::fs::read_dir(fixture("drift"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    dirs.push(fixture("omniroute"));
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(name, human(&dir));
    }
}

#[test]
fn every_rule_is_in_the_readme_table() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for rule in RULES {
        let row = format!("| `{}` | {} |", rule.name, rule.code);
        assert!(
            readme.contains(&row),
            "README lacks the row starting `{row}`"
        );
    }
}

#[test]
fn the_committed_json_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/envlint.schema.json");
    let fresh = envlint::schema::json_schema();
    if std::env::var_os("ENVLINT_BLESS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "schema/envlint.schema.json is stale: run `ENVLINT_BLESS=1 cargo test --test fixtures` and commit it"
    );
}
