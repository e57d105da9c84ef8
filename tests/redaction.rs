//! Secret values planted on every surface never appear in any output.

mod common;

use std::path::Path;

const OMNIROUTE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/omniroute");

const PLANTED: [&str; 6] = [
    "sk-dotenv-2f9c41",
    "sk-docs-77ab12",
    "sk-compose-a1b2c3",
    "sk-literal-d4e5f6",
    "sk-code-9e8d7c",
    "sk-rust-5a4b3c",
];

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel}: {from}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Puts one of `PLANTED` into each surface: dotenv, docs, compose (default and literal),
/// TypeScript and Rust.
fn plant(root: &Path) {
    edit(
        root,
        ".env.example",
        "# QDRANT_API_KEY=",
        "QDRANT_API_KEY=sk-dotenv-2f9c41",
    );
    let docs = "docs/reference/ENVIRONMENT.md";
    let row = std::fs::read_to_string(root.join(docs)).unwrap();
    let old = row
        .lines()
        .find(|l| l.starts_with("| `BIFROST_API_KEY`"))
        .unwrap()
        .to_owned();
    edit(
        root,
        docs,
        &old,
        &old.replacen("_(unset)_", "`sk-docs-77ab12`", 1),
    );
    edit(
        root,
        "docker-compose.yml",
        "${QDRANT_API_KEY:-}",
        "${QDRANT_API_KEY:-sk-compose-a1b2c3}",
    );
    edit(
        root,
        "docker-compose.yml",
        "      - BIFROST_LOG_LEVEL=",
        "      - BIFROST_API_KEY=sk-literal-d4e5f6\n      - BIFROST_LOG_LEVEL=",
    );
    edit(
        root,
        "src/app/api/v1/relay/chat/completions/bifrost/route.ts",
        "env.BIFROST_API_KEY ?? \"\"",
        "env.BIFROST_API_KEY ?? \"sk-code-9e8d7c\"",
    );
    edit(
        root,
        "open-sse/src/config.rs",
        "env::var(\"BIFROST_API_KEY\").ok()",
        "env::var(\"BIFROST_API_KEY\").ok().or(Some(\"sk-rust-5a4b3c\".into()))",
    );
}

#[test]
fn no_output_format_shows_a_planted_secret() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::copy_dir(Path::new(OMNIROUTE), root);
    plant(root);

    let r = root.as_os_str();
    let runs: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec!["check".as_ref(), "--root".as_ref(), r],
        vec![
            "check".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            "--root".as_ref(),
            r,
        ],
        vec![
            "check".as_ref(),
            "--format".as_ref(),
            "sarif".as_ref(),
            "--root".as_ref(),
            r,
        ],
        vec![
            "check".as_ref(),
            "--format".as_ref(),
            "github".as_ref(),
            "--root".as_ref(),
            r,
        ],
        vec!["check".as_ref(), "--verbose".as_ref(), "--root".as_ref(), r],
        vec!["fix".as_ref(), "--dry-run".as_ref(), "--root".as_ref(), r],
        vec!["docs".as_ref(), "--check".as_ref(), "--root".as_ref(), r],
        vec![
            "explain".as_ref(),
            "QDRANT_API_KEY".as_ref(),
            "--root".as_ref(),
            r,
        ],
        vec![
            "explain".as_ref(),
            "BIFROST_API_KEY".as_ref(),
            "--root".as_ref(),
            r,
        ],
    ];
    let mut findings = 0;
    for args in runs {
        let out = common::envlint(&args);
        let all = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        findings += all.matches("secret-exposed").count();
        for secret in PLANTED {
            assert!(!all.contains(secret), "{args:?} shows {secret}:\n{all}");
        }
    }
    assert!(
        findings >= 6,
        "every planted secret is found, just not shown"
    );
    // `fix` blanks the secret in the dotenv file and the docs cell; its diff shows none.
    let out = common::envlint(&["fix".as_ref(), "--diff".as_ref(), "--root".as_ref(), r]);
    let all = String::from_utf8_lossy(&out.stdout);
    for secret in PLANTED {
        assert!(!all.contains(secret), "fix --diff shows {secret}:\n{all}");
    }
}
