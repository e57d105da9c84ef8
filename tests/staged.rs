//! `check --staged`: the git index, not the work tree.

mod common;

use std::path::Path;
use std::process::Command;

const OMNIROUTE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/omniroute");

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.email=t@example.invalid", "-c", "user.name=t"])
        .args(args)
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

fn staged(root: &Path) -> (i32, String) {
    let out = common::envlint(&[
        "check".as_ref(),
        "--staged".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
    ]);
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn staged_drift_counts_and_work_tree_drift_does_not() {
    let dir = tempfile::tempdir().unwrap();
    // The deployment lives in a subdirectory of the repository.
    let root = dir.path().join("deploy");
    common::copy_dir(Path::new(OMNIROUTE), &root);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "fixture"]);
    assert_eq!(staged(&root).0, 0);

    // Drift only in the work tree: not what is being committed.
    let env = root.join(".env.example");
    let text = std::fs::read_to_string(&env).unwrap();
    std::fs::write(
        &env,
        text.replace("# QDRANT_PORT=6333", "# QDRANT_PORT=6334"),
    )
    .unwrap();
    let source = root.join("src/lib/memory/qdrant.ts");
    let ts = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, ts.replace("|| 1536", "|| 768")).unwrap();
    assert_eq!(staged(&root).0, 0, "unstaged drift is ignored");

    // Staged: reported, in the dotenv file and in code.
    git(&root, &["add", ".env.example", "src/lib/memory/qdrant.ts"]);
    let (code, out) = staged(&root);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("\"file\": \".env.example\"")
            && out.contains("\"file\": \"src/lib/memory/qdrant.ts\""),
        "{out}"
    );

    // Fixed in the work tree but not staged: still reported.
    std::fs::write(&env, &text).unwrap();
    std::fs::write(&source, &ts).unwrap();
    assert_eq!(staged(&root).0, 1);
}

#[test]
fn outside_a_repository_staged_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new(OMNIROUTE), dir.path());
    let (code, out) = staged(dir.path());
    assert_eq!(code, 2);
    assert!(out.contains("--staged needs a git repository"), "{out}");
}
