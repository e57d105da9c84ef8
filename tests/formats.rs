//! `--format sarif` and `--format github` over the bundled example and drift fixtures.

mod common;

use std::path::Path;

use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

fn run(root: &Path, format: &str) -> (i32, String) {
    let out = common::envlint(&[
        "check".as_ref(),
        "--format".as_ref(),
        format.as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
    ]);
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn sarif_carries_rules_locations_related_locations_and_fixes() {
    let (code, text) = run(&Path::new(FIXTURES).join("drift/default-mismatch"), "sarif");
    assert_eq!(code, 1);
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), envlint::rules::RULES.len());
    assert!(
        rules
            .iter()
            .any(|r| r["id"] == "EL004" && r["name"] == "default-mismatch")
    );
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let docs = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "docs/ENVIRONMENT.md"
        })
        .unwrap();
    assert_eq!(docs["ruleId"], "EL004");
    assert_eq!(
        rules[docs["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "EL004"
    );
    let region = &docs["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(14), Some(33))
    );
    assert_eq!(
        docs["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "envlint.toml"
    );
    let fix = &docs["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(fix["insertedContent"]["text"], "6333");
}

#[test]
fn sarif_of_a_clean_tree_has_no_results() {
    let (code, text) = run(&Path::new(FIXTURES).join("omniroute"), "sarif");
    assert_eq!(code, 0);
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));
}

#[test]
fn github_annotations_escape_messages_and_properties() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&Path::new(FIXTURES).join("drift/clean"), dir.path());
    // A multi-line example value holding `%`, `,` and `:` ends up in the message.
    let env = std::fs::read_to_string(dir.path().join(".env.example"))
        .unwrap()
        .replace("# QDRANT_HOST=qdrant", "QDRANT_HOST=\"100%, host:\nnext\"");
    std::fs::write(dir.path().join(".env.example"), env).unwrap();
    let (code, text) = run(dir.path(), "github");
    assert_eq!(code, 1);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    let line = lines[0];
    assert!(
        line.starts_with("::error file=.env.example,line=6,col=13,endLine=7,endColumn=6,title=EL004 default-mismatch::"),
        "{line}"
    );
    let message = line.split_once("::").unwrap().1.split_once("::").unwrap().1;
    assert!(message.contains("`100%25, host:%0Anext`"), "{message}");
    assert!(!message.contains('\n'));
}

#[test]
fn github_warnings_are_warning_commands_and_file_names_are_escaped() {
    let (_, text) = run(
        &Path::new(FIXTURES).join("drift/description-mismatch"),
        "github",
    );
    assert!(
        text.starts_with("::warning file=docs/ENVIRONMENT.md,"),
        "{text}"
    );
    assert_eq!(
        envlint::render::github::escape_property("a,b:c%d\r\n"),
        "a%2Cb%3Ac%25d%0D%0A"
    );
}

#[test]
fn schema_completions_quiet_and_version() {
    let out = common::envlint(&["schema"]);
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/envlint.schema.json"
    ))
    .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), committed);

    for shell in ["bash", "zsh", "fish"] {
        let out = common::envlint(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&out.stdout).contains("envlint"));
    }

    let root = Path::new(FIXTURES).join("drift/description-mismatch");
    let out = common::envlint(&[
        "check".as_ref(),
        "--quiet".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "",
        "warnings and the summary are quiet"
    );
    let root = Path::new(FIXTURES).join("drift/missing-entry");
    let out = common::envlint(&[
        "check".as_ref(),
        "-q".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("EL001") && !text.contains("envlint: 1 error"),
        "{text}"
    );

    let out = common::envlint(&["--version"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("envlint "));
}

#[test]
fn explain_a_variable_across_every_surface() {
    let root = Path::new(FIXTURES).join("omniroute");
    let out = common::envlint(&[
        "explain".as_ref(),
        "QDRANT_PORT".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "QDRANT_PORT: REST port of the Qdrant sidecar.",
        "default `6333`",
        "dotenv   .env.example:",
        "docs     docs/reference/ENVIRONMENT.md:",
        "compose  docker-compose.yml:",
        "code     src/lib/memory/qdrant.ts:",
        "code     open-sse/src/config.rs:",
        "no drift",
    ] {
        assert!(text.contains(needle), "{needle}\n{text}");
    }
    let root = Path::new(FIXTURES).join("drift/secret-exposed--compose");
    let out = common::envlint(&[
        "explain".as_ref(),
        "QDRANT_API_KEY".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("(value hidden)  ✗ a secret with a real-looking value"),
        "{text}"
    );
    assert!(
        text.contains("✗ EL007 secret-exposed at docker-compose.yml:25:51"),
        "{text}"
    );
    assert!(!text.contains("qk-planted"), "{text}");
    // Rules are still explained; an unknown word is a usage error.
    let out = common::envlint(&["explain", "EL001"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("EL001 missing-entry"));
    let out = common::envlint(&["explain", "no-such-thing"]);
    assert_eq!(out.status.code(), Some(2));
}
