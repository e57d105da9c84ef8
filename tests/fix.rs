//! `envlint fix` over copies of the bundled example: drift is repaired, the result checks
//! clean, a second run changes nothing, and CRLF, BOM and untouched bytes survive.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

const OMNIROUTE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/omniroute");
const ENV: &str = ".env.example";
const DOCS: &str = "docs/reference/ENVIRONMENT.md";

/// `envlint ARGS --root ROOT`.
fn envlint(root: &Path, args: &[&str]) -> Output {
    let mut all: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    all.extend(["--root".as_ref(), root.as_os_str()]);
    common::envlint(&all)
}

fn copy(to: &Path) {
    common::copy_dir(Path::new(OMNIROUTE), to);
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

fn remove_line(text: &str, needle: &str) -> String {
    let start = text.find(needle).unwrap_or_else(|| panic!("{needle}"));
    let start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let end = start + text[start..].find('\n').unwrap() + 1;
    format!("{}{}", &text[..start], &text[end..])
}

/// The issue's scenario: one dotenv entry and one docs row deleted, a docs default and a
/// description corrupted, a secret given a value.
fn drift(root: &Path) {
    let env = remove_line(&read(root, ENV), "# QDRANT_COLLECTION=");
    let env = env.replace("# BIFROST_API_KEY=\n", "# BIFROST_API_KEY=bf-live-91c2e\n");
    std::fs::write(root.join(ENV), env).unwrap();
    let docs = remove_line(&read(root, DOCS), "| `QDRANT_HNSW_EF_CONSTRUCT`");
    let docs = docs
        .replace(
            "| `6333`                   |",
            "| `6334`                   |",
        )
        .replace("REST port of the Qdrant sidecar.", "Port of Qdrant.");
    std::fs::write(root.join(DOCS), docs).unwrap();
}

fn to_crlf_bom(root: &Path) {
    for rel in [ENV, DOCS] {
        let text = read(root, rel).replace('\n', "\r\n");
        std::fs::write(root.join(rel), format!("\u{feff}{text}")).unwrap();
    }
}

fn hashes(root: &Path) -> Vec<Vec<u8>> {
    [ENV, DOCS]
        .iter()
        .map(|rel| std::fs::read(root.join(rel)).unwrap())
        .collect()
}

fn fix_then_check(root: &Path) -> String {
    let out = envlint(root, &["check"]);
    assert_eq!(out.status.code(), Some(1), "the drift is found");
    let out = envlint(root, &["fix"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "fix changed files: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = envlint(root, &["check", "--format", "json"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let before = hashes(root);
    let out = envlint(root, &["fix"]);
    assert_eq!(out.status.code(), Some(0), "a second fix has nothing to do");
    assert_eq!(hashes(root), before, "a second fix writes nothing");
    String::from_utf8(out.stdout).unwrap()
}

fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    copy(&root);
    (dir, root)
}

#[test]
fn fix_repairs_the_drift_and_is_idempotent() {
    let (_dir, root) = scratch();
    drift(&root);
    fix_then_check(&root);
    assert!(!read(&root, ENV).contains("bf-live-91c2e"));
    // Everything the fixes did not touch is as it was, and a description a person wrote
    // is one of those: only `--unsafe` rewrites it.
    let original = std::fs::read_to_string(Path::new(OMNIROUTE).join(DOCS))
        .unwrap()
        .replace("REST port of the Qdrant sidecar.", "Port of Qdrant.");
    let fixed = read(&root, DOCS);
    let strip = |t: &str| {
        t.lines()
            .filter(|l| !l.contains("QDRANT_HNSW_EF_CONSTRUCT"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        strip(&fixed),
        strip(&original),
        "the docs are restored but for the regenerated row"
    );
    assert_eq!(envlint(&root, &["fix", "--unsafe"]).status.code(), Some(1));
    assert!(read(&root, DOCS).contains("| REST port of the Qdrant sidecar. "));
}

#[test]
fn crlf_and_bom_survive_a_fix() {
    let (_dir, root) = scratch();
    drift(&root);
    to_crlf_bom(&root);
    fix_then_check(&root);
    for rel in [ENV, DOCS] {
        let text = read(&root, rel);
        assert!(text.starts_with('\u{feff}'), "{rel} keeps its BOM");
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "{rel} has only CRLF line endings"
        );
    }
}

#[test]
fn dry_run_writes_nothing_and_prints_a_diff() {
    let (_dir, root) = scratch();
    drift(&root);
    let before = hashes(&root);
    let out = envlint(&root, &["fix", "--dry-run"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(hashes(&root), before);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("--- a/.env.example\n+++ b/.env.example\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+# QDRANT_COLLECTION=omniroute_memory\n"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("bf-live-91c2e"),
        "a secret never appears, not even in a diff"
    );
}

#[test]
fn a_dotenv_value_is_rewritten_only_with_unsafe() {
    let (_dir, root) = scratch();
    let env = read(&root, ENV).replace("# QDRANT_PORT=6333", "# QDRANT_PORT=6334");
    std::fs::write(root.join(ENV), &env).unwrap();
    assert_eq!(envlint(&root, &["fix"]).status.code(), Some(0));
    assert_eq!(read(&root, ENV), env);
    assert_eq!(envlint(&root, &["fix", "--unsafe"]).status.code(), Some(1));
    assert_eq!(envlint(&root, &["check"]).status.code(), Some(0));
    assert_eq!(read(&root, ENV), read(Path::new(OMNIROUTE), ENV));
}

#[test]
fn every_deleted_entry_and_row_is_regenerated_clean() {
    for name in envlint::schema::Schema::embedded()
        .variables
        .iter()
        .map(|v| v.name.clone())
    {
        let (_dir, root) = scratch();
        let env = remove_line(&read(&root, ENV), &format!("# {name}="));
        std::fs::write(root.join(ENV), env).unwrap();
        let docs = remove_line(&read(&root, DOCS), &format!("| `{name}`"));
        std::fs::write(root.join(DOCS), docs).unwrap();
        fix_then_check(&root);
    }
}

#[test]
fn docs_check_passes_the_clean_fixture_and_fails_a_stale_one_with_a_diff() {
    let (_dir, root) = scratch();
    let out = envlint(&root, &["docs", "--check"]);
    assert_eq!(out.status.code(), Some(0), "the fixture's docs are current");
    drift(&root);
    let before = hashes(&root);
    let out = envlint(&root, &["docs", "--check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("+| `QDRANT_HNSW_EF_CONSTRUCT`"), "{stdout}");
    assert!(
        stdout.contains("-| `QDRANT_PORT`               | `6334`"),
        "{stdout}"
    );
    assert!(stdout.contains("is stale"), "{stdout}");
    assert_eq!(hashes(&root), before, "--check writes nothing");
    // The same docs with CRLF line endings are just as stale, and once regenerated are
    // current, endings kept.
    to_crlf_bom(&root);
    assert_eq!(envlint(&root, &["docs", "--check"]).status.code(), Some(1));
    assert_eq!(envlint(&root, &["docs"]).status.code(), Some(0));
    assert_eq!(envlint(&root, &["docs", "--check"]).status.code(), Some(0));
    let docs = read(&root, DOCS);
    assert!(docs.starts_with('\u{feff}') && !docs.replace("\r\n", "").contains('\n'));
}

/// Found by `cargo fuzz run fix`: a docs page whose table is its last line, ended by a
/// lone `\r`, got the missing row after a blank line (outside the table), so every fix
/// inserted it again.
#[test]
fn a_row_goes_into_a_table_that_ends_the_file_with_a_lone_cr() {
    let (_dir, root) = scratch();
    let docs = read(&root, DOCS);
    let cut = docs.find("| `EMBEDDING_CACHE_TTL_S`").unwrap();
    let page = remove_line(&docs[..cut], "`BIFROST_LOG_LEVEL`").replace('\n', "\r\n");
    let page = format!("{}\r", page.strip_suffix("\r\n").unwrap());
    std::fs::write(root.join(DOCS), &page).unwrap();
    fix_then_check(&root);
    let fixed = read(&root, DOCS);
    assert!(fixed.starts_with(page.as_str()), "the page is kept");
    assert!(
        fixed[page.len()..].starts_with("\n| `BIFROST_LOG_LEVEL`"),
        "{:?}",
        &fixed[page.len()..]
    );
}

/// Found by `cargo fuzz run fix`: in a `.env.example` that holds only a BOM, the
/// entries went in before the BOM.
#[test]
fn entries_go_after_the_bom_of_an_empty_file() {
    let (_dir, root) = scratch();
    std::fs::write(root.join(ENV), "\u{feff}").unwrap();
    fix_then_check(&root);
    let fixed = read(&root, ENV);
    assert!(fixed.starts_with("\u{feff}# "), "{:?}", &fixed[..20]);
    assert_eq!(fixed.matches('\u{feff}').count(), 1);
}

/// Found by `cargo fuzz run fix`: a table whose delimiter row ends in a lone `\r`, with a
/// line of spaces after it, got its rows after that blank line (outside the table), so
/// every fix inserted them again.
#[test]
fn rows_go_into_a_table_whose_last_line_ends_in_a_lone_cr() {
    let (_dir, root) = scratch();
    std::fs::write(root.join(DOCS), "# 25.\n|Variable\n|-\r ").unwrap();
    let out = envlint(&root, &["fix"]);
    assert_eq!(out.status.code(), Some(1));
    let fixed = read(&root, DOCS);
    assert!(
        fixed.starts_with("# 25.\n|Variable\n|-\r| `QDRANT_HOST` |\n"),
        "{fixed:?}"
    );
    let before = hashes(&root);
    assert_eq!(
        envlint(&root, &["fix"]).status.code(),
        Some(0),
        "a second fix has nothing to do"
    );
    assert_eq!(hashes(&root), before);
}

/// Found by `cargo fuzz run fix`: in a CRLF `.env.example` ending in a lone `\r`, entries
/// inserted after the last entry and a new group at the end were two edits at one place,
/// each starting a new line, and the second started it with a bare LF.
#[test]
fn two_inserts_at_the_end_of_a_crlf_file_keep_crlf() {
    let (_dir, root) = scratch();
    let env = "PORT=20128\r\n\r\n# Stream responses.\r\n# BIFROST_STREAMING_ENABLED=true\r";
    std::fs::write(root.join(ENV), env).unwrap();
    fix_then_check(&root);
    let fixed = read(&root, ENV);
    assert!(fixed.starts_with("PORT=20128\r\n\r\n"), "{fixed:?}");
    assert!(
        !fixed.replace("\r\n", "").contains('\n'),
        "only CRLF: {fixed:?}"
    );
    assert!(
        fixed.contains("# BIFROST_TIMEOUT_MS=30000\r\n")
            && fixed.contains("# QDRANT_HOST=qdrant\r\n")
    );
}

/// A `.env.example` that is a link to a shared file (mode 0600) and a docs folder that is
/// a link: `fix` writes the files the links point at, the links stay links, the mode
/// stays, and the tree then checks clean.
#[cfg(unix)]
#[test]
fn fix_writes_through_symlinks_and_keeps_links_and_modes() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("project");
    copy(&root);
    drift(&root);
    // The example lives in a shared folder beside the project; the docs folder too.
    let shared = outer.path().join("shared");
    std::fs::create_dir_all(shared.join("reference")).unwrap();
    std::fs::rename(root.join(ENV), shared.join("env.example")).unwrap();
    std::fs::set_permissions(
        shared.join("env.example"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    symlink("../shared/env.example", root.join(ENV)).unwrap();
    std::fs::rename(
        root.join(DOCS),
        shared.join("reference").join("ENVIRONMENT.md"),
    )
    .unwrap();
    std::fs::remove_dir(root.join("docs/reference")).unwrap();
    symlink(shared.join("reference"), root.join("docs/reference")).unwrap();

    fix_then_check(&root);
    let link = std::fs::symlink_metadata(root.join(ENV)).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    let target = std::fs::read_to_string(shared.join("env.example")).unwrap();
    assert!(
        target.contains("# QDRANT_COLLECTION="),
        "the shared file got the fix"
    );
    let mode = std::fs::metadata(shared.join("env.example"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "the mode is kept");
    assert!(
        std::fs::symlink_metadata(root.join("docs/reference"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let docs = std::fs::read_to_string(shared.join("reference/ENVIRONMENT.md")).unwrap();
    assert!(
        docs.contains("`QDRANT_HNSW_EF_CONSTRUCT`"),
        "the row is back"
    );
    for dir in [&root, &shared, &shared.join("reference")] {
        let left: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".envlint-"))
            .collect();
        assert!(
            left.is_empty(),
            "no temporary file left in {}",
            dir.display()
        );
    }
}

/// A read-only `.env.example`: `fix` refuses it with a clear error naming it, writes
/// nothing (the docs it could fix are left too) and leaves no temporary file.
#[cfg(unix)]
#[test]
fn fix_refuses_a_read_only_file_and_writes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, root) = scratch();
    drift(&root);
    let before = hashes(&root);
    std::fs::set_permissions(root.join(ENV), std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = envlint(&root, &["fix"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(".env.example") && stderr.contains("read-only"),
        "{stderr}"
    );
    assert_eq!(hashes(&root), before, "nothing was written");
    let left: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".envlint-"))
        .collect();
    assert!(left.is_empty(), "no temporary file left");
}

/// A missing docs row of a variable without a `section` goes into the table that holds
/// its nearest neighbour in the schema, not the first table of its prefix: a page of many
/// equal tables keeps each row where the schema puts it.
#[test]
fn a_row_without_a_section_goes_into_its_neighbours_table() {
    let tree = common::Tree::empty();
    tree.write(
        "envlint.toml",
        "version = 1\nprefixes = [\"QDRANT_\"]\n\n[surfaces.docs]\npath = \"docs/environment.md\"\n\n[[variable]]\nname = \"QDRANT_HOST\"\ndescription = \"Host.\"\n\n[[variable]]\nname = \"QDRANT_PORT\"\ntype = \"port\"\ndefault = \"6333\"\ndescription = \"Port.\"\n\n[[variable]]\nname = \"QDRANT_COLLECTION\"\ndefault = \"memory\"\ndescription = \"Collection.\"\n\n[[variable]]\nname = \"QDRANT_TIMEOUT_MS\"\ntype = \"int\"\ndefault = \"5000\"\ndescription = \"Query timeout.\"\n",
    );
    let docs = "# Environment\n\n## Connection\n\n| Variable | Default | Description |\n| --- | --- | --- |\n| `QDRANT_HOST` | - | Host. |\n| `QDRANT_PORT` | `6333` | Port. |\n\n## Storage\n\n| Variable | Default | Description |\n| --- | --- | --- |\n| `QDRANT_COLLECTION` | `memory` | Collection. |\n";
    tree.write("docs/environment.md", docs);
    assert_eq!(envlint(&tree.root, &["fix", "-q"]).status.code(), Some(1));
    assert_eq!(
        read(&tree.root, "docs/environment.md"),
        docs.replace(
            "| `QDRANT_COLLECTION` | `memory` | Collection. |\n",
            "| `QDRANT_COLLECTION` | `memory` | Collection. |\n| `QDRANT_TIMEOUT_MS` | `5000` | Query timeout. |\n"
        )
    );
    assert_eq!(envlint(&tree.root, &["check", "-q"]).status.code(), Some(0));
}
