//! Several dotenv files, each read in its dialect: missing entries and duplicates are per
//! file, `on = ["dotenv:PATH"]` narrows a variable to one file, and the dialect found from
//! the project decides what a line means.

mod common;

use common::{Tree, findings};

const REALISTIC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/realistic");
const NODE: &str = "deploy/.env.node.example";

fn rows(tree: &Tree) -> Vec<(String, String, String, u64)> {
    let (code, json) = tree.json();
    let rows = findings(&json);
    // A dotenv line dotenvy refuses is a warning: the run passes.
    let errors = rows.iter().any(|r| r.0 != "parse-error");
    assert_eq!(code, i32::from(errors), "{rows:?}");
    rows
}

fn row(rule: &str, var: &str, file: &str, line: u64) -> (String, String, String, u64) {
    (rule.to_owned(), var.to_owned(), file.to_owned(), line)
}

#[test]
fn missing_entries_are_per_file_and_on_narrows_them() {
    let tree = Tree::copy_of(REALISTIC);
    assert!(rows(&tree).is_empty());
    // BIFROST_URL belongs in both files; QDRANT_HOST only in `.env.example`.
    tree.edit(NODE, "BIFROST_URL=`http://bifrost:8080`\n", "");
    // Under the note it left behind.
    assert_eq!(
        rows(&tree),
        vec![row("missing-entry", "BIFROST_URL", NODE, 4)]
    );
    let tree = Tree::copy_of(REALISTIC);
    tree.edit(".env.example", "# QDRANT_HOST=qdrant\n", "");
    let got = rows(&tree);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].2.as_str()),
        ("missing-entry", ".env.example")
    );
}

#[test]
fn duplicates_are_per_file() {
    let tree = Tree::copy_of(REALISTIC);
    // The same name in two files is no duplicate; twice in one file is.
    let node = tree.read(NODE);
    tree.write(NODE, &format!("{node}\n# QDRANT_PORT=6333\n"));
    assert!(rows(&tree).is_empty(), "one entry in each file");
    tree.write(NODE, &format!("{node}\nBIFROST_TIMEOUT_MS=30000\n"));
    let got = rows(&tree);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str(), got[0].2.as_str()),
        ("duplicate-entry", "BIFROST_TIMEOUT_MS", NODE)
    );
}

/// The same line means different values to different readers: in Node's file a backticked
/// value is quoted; the same line in `.env.example` (read as compose reads it) keeps the
/// backticks, which no URL holds.
#[test]
fn each_file_is_read_in_its_dialect() {
    let tree = Tree::copy_of(REALISTIC);
    tree.edit(
        ".env.example",
        "# BIFROST_URL=http://bifrost:8080",
        "# BIFROST_URL=`http://bifrost:8080`",
    );
    let got = rows(&tree);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].2.as_str()),
        ("type-mismatch", ".env.example")
    );
}

/// Without a dialect in the schema: `compose` for the `.env` example beside a compose file,
/// `python` when the nearest Python manifest above it depends on `python-dotenv`, `node`
/// when `package.json` depends on `dotenv`, `dotenvy` otherwise.
#[test]
fn the_dialect_is_found_from_the_project() {
    let schema = "version = 1\nprefixes = [\"QDRANT_\"]\n[surfaces.dotenv]\npath = \"config/app.env.example\"\n[[variable]]\nname = \"QDRANT_URL\"\ndescription = \"Where Qdrant is.\"\nexample = \"http://qdrant:6333\"\n";
    // `: ` is compose's and Node's `=`, dotenvy refuses it.
    let env = "QDRANT_URL: http://qdrant:6333\n";
    let tree = Tree::copy_of(REALISTIC);
    for f in [
        ".env.example",
        NODE,
        "docker-compose.yml",
        "docs/ENVIRONMENT.md",
    ] {
        std::fs::remove_file(tree.root.join(f)).unwrap();
    }
    std::fs::remove_dir_all(tree.root.join("src")).unwrap();
    tree.write("envlint.toml", schema);
    tree.write("config/app.env.example", env);
    let got = rows(&tree);
    // One finding: the refused line is not also reported missing.
    assert_eq!(
        got,
        vec![row("parse-error", "", "config/app.env.example", 1)],
        "dotenvy"
    );
    tree.write(
        "package.json",
        r#"{"name": "x", "dependencies": {"dotenv": "^16.4.5"}}"#,
    );
    assert!(rows(&tree).is_empty(), "node");
    std::fs::remove_file(tree.root.join("package.json")).unwrap();
    // A Python project that depends on python-dotenv (its manifest the nearest above the
    // file): python-dotenv refuses `: ` too, so the line is still refused, as python's.
    tree.write(
        "config/requirements.txt",
        "pydantic-settings==2.3.0
python_dotenv>=1.0 ; python_version >= \"3.9\"
",
    );
    let got = rows(&tree);
    assert_eq!(
        got,
        vec![row("parse-error", "", "config/app.env.example", 1)],
        "python"
    );
    let out = common::envlint(&["check", "-v", "--root", tree.root.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("python dialect"), "{said}");
    std::fs::remove_file(tree.root.join("config/requirements.txt")).unwrap();
    tree.write(
        "envlint.toml",
        &schema.replace(
            "[[variable]]",
            "[surfaces.compose]\npath = \"docker-compose.yml\"\n[[variable]]",
        ),
    );
    tree.write(
        "docker-compose.yml",
        "services:\n  app:\n    image: x\n    env_file: [config/app.env]\n",
    );
    assert!(rows(&tree).is_empty(), "compose");
}
