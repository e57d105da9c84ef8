//! `check --staged`: the git index, not the work tree. Its report is the report of a
//! plain check of a checkout of the index, whatever is staged, unstaged, deleted, renamed
//! or only intended to be added.

mod common;

use std::path::Path;
use std::process::Command;

use proptest::prelude::*;

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

/// The bundled example committed to a fresh repository.
fn committed_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::copy_dir(Path::new(OMNIROUTE), root);
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "fixture"]);
    dir
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

/// A drift staged in `.env.example` and hidden by an unstaged edit is reported; the plain
/// check of the work tree is clean.
#[test]
fn a_staged_drift_hidden_by_an_unstaged_edit_is_reported() {
    let dir = committed_fixture();
    let root = dir.path();
    let env = root.join(".env.example");
    let clean = std::fs::read_to_string(&env).unwrap();
    std::fs::write(
        &env,
        clean.replace("# QDRANT_PORT=6333", "# QDRANT_PORT=6334"),
    )
    .unwrap();
    git(root, &["add", ".env.example"]);
    std::fs::write(&env, &clean).unwrap();
    let (code, out) = staged(root);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("\"found\": \"6334\""), "{out}");
    let plain = common::envlint(&["check".as_ref(), "--root".as_ref(), root.as_os_str()]);
    assert_eq!(plain.status.code(), Some(0), "the work tree is clean");
}

/// A staged file that is not UTF-8 is a clear error naming it (exit 2), as a surface
/// file read from the work tree would be.
#[test]
fn a_staged_file_that_is_not_utf8_is_a_clear_error() {
    let dir = committed_fixture();
    let root = dir.path();
    let env = root.join(".env.example");
    let clean = std::fs::read(&env).unwrap();
    let mut broken = clean.clone();
    broken.extend_from_slice(b"# QDRANT_HOST=\xff\n");
    std::fs::write(&env, &broken).unwrap();
    git(root, &["add", ".env.example"]);
    std::fs::write(&env, &clean).unwrap();
    let (code, out) = staged(root);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(".env.example") && out.contains("not UTF-8"),
        "{out}"
    );
}

/// The files the generated repositories change: code the bundled example reads, and its
/// example file.
const FILES: [&str; 5] = [
    "src/lib/memory/qdrant.ts",
    "src/lib/memory/defaults.ts",
    "src/lib/bifrost/settings.ts",
    "open-sse/src/config.rs",
    ".env.example",
];

/// A change to the repository.
#[derive(Debug, Clone)]
enum Op {
    /// Append a line that drifts (`n` varies it) to a file; `stage` it or not.
    Append { file: usize, n: u16, stage: bool },
    /// Delete a file from the work tree, and from the index too when `stage`.
    Delete { file: usize, stage: bool },
    /// Rename a file (`git mv` when `stage`, else in the work tree only).
    Rename { file: usize, stage: bool },
    /// A new module reading an owned variable, added with intent to add (`git add -N`).
    IntentToAdd { n: u16 },
    /// A new module reading an owned variable, left untracked.
    Untracked { n: u16 },
    /// Rewrite a file with the same bytes (its stat data no longer matches the index).
    Touch { file: usize },
}

fn op() -> impl Strategy<Value = Op> {
    let file = 0..FILES.len();
    prop_oneof![
        3 => (file.clone(), any::<u16>(), any::<bool>()).prop_map(|(file, n, stage)| Op::Append { file, n, stage }),
        1 => (file.clone(), any::<bool>()).prop_map(|(file, stage)| Op::Delete { file, stage }),
        1 => (file, any::<bool>()).prop_map(|(file, stage)| Op::Rename { file, stage }),
        1 => any::<u16>().prop_map(|n| Op::IntentToAdd { n }),
        1 => any::<u16>().prop_map(|n| Op::Untracked { n }),
        1 => (0..FILES.len()).prop_map(|file| Op::Touch { file }),
    ]
}

/// Runs git quietly; whether it succeeded (an op on a file an earlier op moved may not).
fn try_git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap()
        .success()
}

fn apply(repo: &Path, root: &Path, op: &Op) {
    let module = |n: u16| {
        format!(
            "export const extra{n} = Number(process.env.QDRANT_PORT ?? \"{}\");\n",
            6000 + n % 600
        )
    };
    match *op {
        Op::Append { file, n, stage } => {
            let rel = FILES[file];
            let path = root.join(rel);
            let Ok(mut text) = std::fs::read_to_string(&path) else {
                return;
            };
            let line = match rel.rsplit_once('.').map(|(_, e)| e) {
                Some("example") => format!("# QDRANT_PORT={}\n", 6000 + n % 600),
                Some("rs") => format!(
                    "pub fn extra{n}() -> String {{ std::env::var(\"BIFROST_URL\").unwrap_or_else(|_| \"http://b:{n}\".into()) }}\n"
                ),
                _ => module(n),
            };
            text.push_str(&line);
            std::fs::write(&path, text).unwrap();
            if stage {
                try_git(repo, &["add", "--", &path.to_string_lossy()]);
            }
        }
        Op::Delete { file, stage } => {
            let path = root.join(FILES[file]);
            if stage {
                try_git(repo, &["rm", "-q", "--", &path.to_string_lossy()]);
            }
            let _ = std::fs::remove_file(&path);
        }
        Op::Rename { file, stage } => {
            let from = root.join(FILES[file]);
            let to = from.with_file_name(format!(
                "moved-{}",
                from.file_name().unwrap().to_string_lossy()
            ));
            if stage {
                try_git(
                    repo,
                    &["mv", "--", &from.to_string_lossy(), &to.to_string_lossy()],
                );
            } else {
                let _ = std::fs::rename(&from, &to);
            }
        }
        Op::IntentToAdd { n } => {
            let path = root.join(format!("src/lib/intended{n}.ts"));
            std::fs::write(&path, module(n)).unwrap();
            try_git(repo, &["add", "-N", "--", &path.to_string_lossy()]);
        }
        Op::Untracked { n } => {
            std::fs::write(root.join(format!("src/lib/untracked{n}.ts")), module(n)).unwrap();
        }
        Op::Touch { file } => {
            let path = root.join(FILES[file]);
            if let Ok(bytes) = std::fs::read(&path) {
                let _ = std::fs::remove_file(&path);
                std::fs::write(&path, bytes).unwrap();
            }
        }
    }
}

/// `envlint check --format json` (with `--staged` when asked) at `root`: exit code and
/// stdout.
fn report(root: &Path, staged: bool) -> (Option<i32>, String) {
    let mut args: Vec<&std::ffi::OsStr> = vec!["check".as_ref()];
    if staged {
        args.push("--staged".as_ref());
    }
    args.extend([
        "--format".as_ref(),
        "json".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
    ]);
    let out = common::envlint(&args);
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever is staged, unstaged, deleted, renamed, touched or intended to be added,
    /// whatever the index file's version, `check --staged` reports byte for byte what a
    /// plain check of a checkout of the index reports (the deployment in a subdirectory
    /// of the repository).
    #[test]
    fn staged_is_a_check_of_a_checkout_of_the_index(
        ops in proptest::collection::vec(op(), 1..8),
        version in 2u8..5,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        let root = repo.join("deploy");
        common::copy_dir(Path::new(OMNIROUTE), &root);
        git(&repo, &["init", "-q"]);
        // Every version of the index file git writes (4 compresses its paths).
        git(&repo, &["config", "index.version", &version.to_string()]);
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-qm", "fixture"]);
        for op in &ops {
            apply(&repo, &root, op);
        }
        let checkout = dir.path().join("checkout");
        let prefix = format!("{}/", checkout.display());
        git(&repo, &["checkout-index", "-a", &format!("--prefix={prefix}")]);
        let (code, staged) = report(&root, true);
        let (want_code, want) = report(&checkout.join("deploy"), false);
        prop_assert_eq!(code, want_code, "{:?}\nstaged: {}\ncheckout: {}", ops, staged, want);
        prop_assert_eq!(staged, want, "{:?}", ops);
    }
}
