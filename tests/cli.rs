//! The command line over fixture trees: exit codes, the JSON contract, and every drift the
//! fixture can suffer located at the right file and line.

mod common;

use common::{OMNIROUTE, Tree, envlint, findings};

use serde_json::Value;
use std::fmt::Write as _;

const ENV: &str = ".env.example";
const DOCS: &str = "docs/reference/ENVIRONMENT.md";

/// Checks on a tree.
trait Checks {
    fn only_finding(&self, rel: &str, text: &str) -> (String, String, String, u64);
}

impl Checks for Tree {
    /// Writes `text` to `rel`, checks, and returns the one finding that must result.
    fn only_finding(&self, rel: &str, text: &str) -> (String, String, String, u64) {
        self.write(rel, text);
        let (code, json) = self.json();
        let mut f = findings(&json);
        assert_eq!(code, 1, "{f:?}");
        assert_eq!(f.len(), 1, "exactly one finding: {f:?}");
        f.remove(0)
    }
}

/// `text` without the line that holds `needle`.
fn without_line(text: &str, needle: &str) -> String {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in text"));
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = at + text[at..].find('\n').map_or(text.len() - at, |i| i + 1);
    format!("{}{}", &text[..start], &text[end..])
}

fn line_of(text: &str, needle: &str) -> u64 {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in text"));
    text[..at].matches('\n').count() as u64 + 1
}

fn owned_names() -> Vec<String> {
    envlint::schema::Schema::embedded()
        .variables
        .iter()
        .map(|v| v.name.clone())
        .collect()
}

#[test]
fn the_bundled_example_is_clean() {
    let out = envlint(&["check", "--root", OMNIROUTE, "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["findings"], Value::Array(vec![]));
    assert_eq!(
        json["summary"],
        serde_json::json!({"errors": 0, "warnings": 0, "suppressed": 0})
    );
}

#[test]
fn bare_envlint_checks_the_current_directory() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_envlint"))
        .current_dir(OMNIROUTE)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("no drift (13 variables, 5 surfaces, 6 code files)")
    );
}

#[test]
fn json_contract() {
    let tree = Tree::omniroute();
    let env = tree
        .read(ENV)
        .replace("# QDRANT_PORT=6333", "# QDRANT_PORT=6334");
    tree.write(ENV, &env);
    let docs = tree.read(DOCS).replace(
        "Stream responses through Bifrost;",
        "Streams responses via Bifrost;",
    );
    tree.write(DOCS, &docs);
    let (code, json) = tree.json();
    assert_eq!(code, 1);
    assert_eq!(json["version"], 1);
    assert_eq!(
        json["summary"],
        serde_json::json!({"errors": 1, "warnings": 1, "suppressed": 0})
    );
    let f = &json["findings"][0];
    let keys: Vec<_> = f.as_object().unwrap().keys().cloned().collect();
    let mut want = vec![
        "rule",
        "code",
        "severity",
        "variable",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "fixable",
        "found",
        "expected",
        "help",
        "fingerprint",
    ];
    want.sort_unstable();
    let mut got = keys.clone();
    got.sort();
    assert_eq!(got, want);
    let line = line_of(&env, "# QDRANT_PORT=6334");
    let mut f = f.clone();
    let fingerprint = f.as_object_mut().unwrap().remove("fingerprint").unwrap();
    assert!(
        fingerprint.as_str().is_some_and(|s| s.len() == 16),
        "{fingerprint}"
    );
    assert_eq!(
        &f,
        &serde_json::json!({
            "rule": "default-mismatch", "code": "EL004", "severity": "error", "variable": "QDRANT_PORT",
            "file": ".env.example", "line": line, "column": 15, "end_line": line, "end_column": 19,
            "message": "`QDRANT_PORT`: the example value in the dotenv file is `6334`, but the schema says `6333`",
            "fixable": false, "found": "6334", "expected": "6333", "help": null
        })
    );
    assert_eq!(json["findings"][1]["severity"], "warning");
    assert_eq!(json["findings"][1]["file"], DOCS);
}

#[test]
fn deleting_any_owned_dotenv_entry_is_reported_where_it_was() {
    for name in owned_names() {
        let tree = Tree::omniroute();
        let env = tree.read(ENV);
        let entry = format!("# {name}=");
        let (rule, var, file, line) = &tree.only_finding(ENV, &without_line(&env, &entry));
        assert_eq!(
            (rule.as_str(), var.as_str(), file.as_str()),
            ("missing-entry", name.as_str(), ENV)
        );
        // The entry line was removed: the finding points at the line that now stands there.
        assert_eq!(*line, line_of(&env, &entry), "{name}");
    }
}

#[test]
fn deleting_an_entry_with_its_comments_is_reported_where_the_block_was() {
    for name in owned_names() {
        let tree = Tree::omniroute();
        let env = tree.read(ENV);
        let entry = format!("# {name}=");
        // The entry and the comment lines right above it, up to the blank line.
        let mut mutated = without_line(&env, &entry);
        let at = env.find(&entry).unwrap();
        let mut block_start = env[..at].rfind('\n').map_or(0, |i| i + 1);
        while block_start > 0 {
            let prev = env[..block_start - 1].rfind('\n').map_or(0, |i| i + 1);
            let line = &env[prev..block_start - 1];
            if !line.starts_with("# ") || line.starts_with("# ──") || line.contains('=') {
                break;
            }
            mutated = without_line(&mutated, line);
            block_start = prev;
        }
        let f = [tree.only_finding(ENV, &mutated)];
        assert_eq!(
            (f[0].0.as_str(), f[0].1.as_str()),
            ("missing-entry", name.as_str())
        );
        // Between where its block started and where its entry line was: the next
        // sibling's block moved up into that range.
        let block_line = env[..block_start].matches('\n').count() as u64 + 1;
        let entry_line = line_of(&env, &entry);
        assert!(
            (block_line..=entry_line).contains(&f[0].3),
            "{name}: {f:?} not in {block_line}..={entry_line}"
        );
    }
}

#[test]
fn deleting_any_owned_docs_row_is_reported_where_it_was() {
    for name in owned_names() {
        let tree = Tree::omniroute();
        let docs = tree.read(DOCS);
        let row = format!("| `{name}` ");
        assert_eq!(
            tree.only_finding(DOCS, &without_line(&docs, &row)),
            (
                "missing-entry".to_owned(),
                name.clone(),
                DOCS.to_owned(),
                line_of(&docs, &row)
            )
        );
    }
}

#[test]
fn changing_any_stated_default_is_reported_at_its_line() {
    let tree = Tree::omniroute();
    let env = tree.read(ENV);
    let docs = tree.read(DOCS);
    let schema = envlint::schema::Schema::embedded();
    for v in schema.variables.iter().filter(|v| !v.secret) {
        // The example value in .env.example.
        let entry = format!("# {}={}\n", v.name, v.example_value());
        let changed = format!("# {}=zz{}\n", v.name, v.example_value());
        tree.write(DOCS, &docs);
        let f = tree.only_finding(ENV, &env.replacen(&entry, &changed, 1));
        assert_eq!(
            (f.1.as_str(), f.2.as_str(), f.3),
            (v.name.as_str(), ENV, line_of(&env, &entry))
        );
        assert!(f.0 == "default-mismatch" || f.0 == "type-mismatch", "{f:?}");

        // The docs Default cell, when the schema has a default.
        if let Some(d) = &v.default {
            let row_start = docs.find(&format!("| `{}` ", v.name)).unwrap();
            let cell = format!("`{d}`");
            let at = row_start + docs[row_start..].find(&cell).unwrap();
            let mut changed = docs.clone();
            changed.replace_range(at..at + cell.len(), &format!("`9{}`", &d[1..]));
            tree.write(ENV, &env);
            let f = tree.only_finding(DOCS, &changed);
            let row_line = line_of(&docs, &format!("| `{}` ", v.name));
            assert_eq!(
                (f.1.as_str(), f.2.as_str(), f.3),
                (v.name.as_str(), DOCS, row_line)
            );
            assert!(f.0 == "default-mismatch" || f.0 == "type-mismatch", "{f:?}");
        }
    }
}

#[test]
fn prose_defaults_are_compared() {
    let tree = Tree::omniroute();
    let env = tree.read(ENV);
    tree.write(
        ENV,
        &env.replace("Default: 30000 (30s).", "Default: 60000 (60s)."),
    );
    let (code, json) = tree.json();
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json),
        vec![(
            "default-mismatch".to_owned(),
            "BIFROST_TIMEOUT_MS".to_owned(),
            ENV.to_owned(),
            line_of(&env, "Default: 30000 (30s).")
        )]
    );
}

#[test]
fn duplicates_undeclared_names_and_secrets() {
    let tree = Tree::omniroute();
    let env = tree.read(ENV);
    let lines = env.lines().count() as u64;
    tree.write(
        ENV,
        &format!("{env}\nQDRANT_PORT=6333\n# QDRANT_VECTOR_SIZ=1536\n")
            .replace("# QDRANT_API_KEY=\n", "# QDRANT_API_KEY=qd-secret-4f1c\n"),
    );
    let (code, stdout) = tree.run_json();
    assert!(!stdout.contains("qd-secret-4f1c"), "a secret never appears");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json),
        vec![
            (
                "secret-exposed".to_owned(),
                "QDRANT_API_KEY".to_owned(),
                ENV.to_owned(),
                line_of(&env, "# QDRANT_API_KEY=")
            ),
            (
                "duplicate-entry".to_owned(),
                "QDRANT_PORT".to_owned(),
                ENV.to_owned(),
                lines + 2
            ),
            (
                "undeclared-variable".to_owned(),
                "QDRANT_VECTOR_SIZ".to_owned(),
                ENV.to_owned(),
                lines + 3
            ),
        ]
    );
    let human = envlint(&["check", "--root", tree.root.to_str().unwrap()]);
    let human = String::from_utf8(human.stdout).unwrap();
    assert!(!human.contains("qd-secret-4f1c"), "{human}");
    assert!(
        human.contains("did you mean `QDRANT_VECTOR_SIZE`?"),
        "{human}"
    );
}

#[test]
fn a_schema_typo_is_exit_2_with_a_span() {
    let tree = Tree::omniroute();
    let schema = envlint::schema::EMBEDDED.replacen("description =", "descripton =", 1);
    tree.write("envlint.toml", &schema);
    let out = envlint(&["check", "--root", tree.root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let line = line_of(&schema, "descripton =");
    assert!(
        stderr.contains(&format!("envlint.toml:{line}:1")),
        "{stderr}"
    );
    assert!(stderr.contains("unknown field `descripton`"), "{stderr}");
}

#[test]
fn an_invalid_schema_value_is_exit_2_with_a_span() {
    let tree = Tree::omniroute();
    let schema = envlint::schema::EMBEDDED.replacen("default = \"6333\"", "default = \"63a3\"", 1);
    let path = tree.root.join("custom.toml");
    std::fs::write(&path, &schema).unwrap();
    let out = envlint(&[
        "check",
        "--root",
        tree.root.to_str().unwrap(),
        "--schema",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!(":{}:11", line_of(&schema, "\"63a3\""))),
        "{stderr}"
    );
    assert!(stderr.contains("is not a port"), "{stderr}");
}

#[test]
fn unreadable_or_malformed_surfaces_are_exit_2_naming_the_file() {
    let tree = Tree::omniroute();
    std::fs::remove_file(tree.root.join(DOCS)).unwrap();
    // Without its docs page the tree is not the bundled example: the embedded schema does
    // not apply, and `init` is suggested.
    let out = envlint(&["check", "--root", tree.root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("run `envlint init`"), "{stderr}");
    // With a schema that names the page, the page that is not there is the error.
    tree.write("envlint.toml", envlint::schema::EMBEDDED);
    let out = envlint(&["check", "--root", tree.root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("cannot read `docs/reference/ENVIRONMENT.md`: no such file"),
        "{stderr}"
    );

    let tree = Tree::omniroute();
    std::fs::write(tree.root.join(ENV), b"K=\xff\n").unwrap();
    let out = envlint(&["check", "--root", tree.root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("`.env.example`: it is not valid UTF-8 (byte 2)")
    );

    let out = envlint(&["check", "--root", "/nonexistent/envlint-root"]);
    assert_eq!(out.status.code(), Some(2));
}

/// A line the dotenv file's reader refuses is a finding at that line, not a refusal of
/// the run: the rest of the file and the other surfaces are still checked. The compose
/// file hands `.env` to its services, so `.env.example` is read as compose reads it, and
/// compose refuses the whole file for such a line: an error.
#[test]
fn a_line_the_reader_refuses_is_a_finding_and_the_rest_is_checked() {
    let tree = Tree::omniroute();
    let env = tree.read(ENV);
    let env = env.replacen("QDRANT_PORT=6333", "QDRANT_PORT=6334", 1);
    tree.write(ENV, &format!("{env}BROKEN=\"never closed\n"));
    let out = envlint(&[
        "check",
        "--root",
        tree.root.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let line = env.lines().count() + 1;
    let parse = findings
        .iter()
        .find(|f| f["rule"] == "parse-error")
        .unwrap_or_else(|| panic!("{json:#}"));
    assert_eq!(parse["severity"], "error");
    assert_eq!(
        (parse["line"].as_u64(), parse["column"].as_u64()),
        (Some(line as u64), Some(8))
    );
    assert!(
        parse["message"].as_str().unwrap().contains("unterminated"),
        "{parse}"
    );
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "default-mismatch" && f["variable"] == "QDRANT_PORT"),
        "the lines before it are still checked: {json:#}"
    );

    // A refused line that sets a secret is shown with its value masked.
    tree.write(ENV, &format!("{env}MY_API_KEY=\"s3cr3t-never-closed\n"));
    let out = envlint(&[
        "check",
        "--root",
        tree.root.to_str().unwrap(),
        "--color",
        "never",
    ]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("parse-error"), "{stdout}");
    assert!(!stdout.contains("s3cr3t"), "{stdout}");
}

#[test]
fn warnings_pass_unless_denied_and_rules_can_be_ignored() {
    let tree = Tree::omniroute();
    let docs = tree.read(DOCS).replace(
        "REST port of the Qdrant sidecar.",
        "Qdrant REST port.              ",
    );
    tree.write(DOCS, &docs);
    let root = tree.root.to_str().unwrap();
    assert_eq!(envlint(&["check", "--root", root]).status.code(), Some(0));
    assert_eq!(
        envlint(&["check", "--root", root, "--deny-warnings"])
            .status
            .code(),
        Some(1)
    );
    let out = envlint(&[
        "check",
        "--root",
        root,
        "--deny-warnings",
        "--ignore",
        "description-mismatch",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        envlint(&[
            "check",
            "--root",
            root,
            "--deny-warnings",
            "--ignore",
            "EL006"
        ])
        .status
        .code(),
        Some(0)
    );
    let out = envlint(&["check", "--root", root, "--ignore", "no-such-rule"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown rule `no-such-rule`"));
}

#[test]
fn explain_prints_a_rules_doc() {
    let out = envlint(&["explain", "missing-entry"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("EL001 missing-entry (error)\n\n## What it does\n"),
        "{text}"
    );
    assert!(text.contains("## Fix"));
    assert_eq!(envlint(&["explain", "EL007"]).status.code(), Some(0));
    assert_eq!(envlint(&["explain", "nope"]).status.code(), Some(2));
    assert_eq!(envlint(&["--bogus-flag"]).status.code(), Some(2));
}

#[test]
fn explain_lists_the_prose_mentions_too() {
    let out = envlint(&["explain", "BIFROST_BASE_URL", "--root", OMNIROUTE]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("prose    docs/architecture/cluster-decisions.md:"),
        "{text}"
    );
}

/// An entry every service gets from one anchor or block is one line naming the services
/// (the first, which states the anchor's value, apart); past five, the rest are counted.
#[test]
fn explain_lists_an_entry_shared_by_services_once() {
    let out = envlint(&["explain", "BIFROST_TIMEOUT_MS", "--root", OMNIROUTE]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "compose  docker-compose.yml:12:7  entry (services omniroute-1, omniroute-2 and omniroute-3)\n"
        ),
        "{text}"
    );
    assert_eq!(text.matches("docker-compose.yml:12:7").count(), 1, "{text}");
    let tree = tempfile::tempdir().unwrap();
    let mut services = String::new();
    for i in 0..8 {
        let _ = writeln!(
            services,
            "  app{i}:\n    image: app\n    environment: *shared"
        );
    }
    std::fs::write(
        tree.path().join("docker-compose.yml"),
        format!("x-shared: &shared\n  QDRANT_HOST: qdrant\nservices:\n{services}"),
    )
    .unwrap();
    std::fs::write(
        tree.path().join("envlint.toml"),
        "version = 1\nprefixes = [\"QDRANT_\"]\n\n[surfaces.compose]\npath = \"docker-compose.yml\"\n\n[[variable]]\nname = \"QDRANT_HOST\"\ndescription = \"Host.\"\n",
    )
    .unwrap();
    let out = envlint(&[
        "explain".as_ref(),
        "QDRANT_HOST".as_ref(),
        "--root".as_ref(),
        tree.path().as_os_str(),
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("entry (services app1, app2, app3, app4 and 3 more)\n"),
        "{text}"
    );
    // Compose alone configured: the variable must be on no surface.
    assert!(text.contains("no default; on no surface\n"), "{text}");
}

/// Global options go before or after the command name, and each command takes the ones
/// that make sense for it.
#[test]
fn global_options_go_before_or_after_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    common::copy_dir(std::path::Path::new(OMNIROUTE), dir.path());
    for args in [
        &["-v", "--root", root, "check"][..],
        &["check", "-v", "--root", root],
        &[
            "--root", root, "--color", "never", "check", "--format", "json",
        ],
        &["--format", "json", "--root", root, "check"],
        &["--root", root, "-q", "fix", "--dry-run"],
        &["fix", "--color", "never", "-q", "--dry-run", "--root", root],
        &["--root", root, "-v", "docs", "--check"],
        &["docs", "--check", "--quiet", "--root", root],
        &["--root", root, "explain", "QDRANT_PORT"],
        &["explain", "QDRANT_PORT", "--root", root, "--color", "never"],
        &["-q", "--root", root, "baseline", "--output", "/dev/null"],
    ] {
        let out = envlint(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "envlint {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // `-q` keeps `fix` and `docs` quiet when there is nothing to say.
    let out = envlint(&["--root", root, "-q", "fix"]);
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // A check option before another command is a usage error, not silently dropped.
    let out = envlint(&["--format", "json", "--root", root, "fix"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("options of `check`"));
    // Given before `check`, a check option applies.
    let out = envlint(&["--format", "json", "--root", root, "check"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with('{'));
}
