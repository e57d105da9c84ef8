//! Command cases over file trees: `tests/cmd/NAME.toml` gives the arguments and the
//! expected exit codes, `NAME.in/` the tree the command runs on and `NAME.out/` the tree
//! it must leave, byte for byte. Each case then runs again (it must change nothing and
//! exit 0) and `check` runs on the result. `ENVLINT_BLESS=1` writes the `.out/` trees.

mod common;

use std::path::Path;

use common::{copy_dir, envlint, tree};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    args: Vec<String>,
    status: i32,
    /// The exit code of `check` on the tree the command leaves.
    check_after: i32,
    /// Text the command's stdout must contain.
    #[serde(default)]
    stdout_contains: Vec<String>,
    /// Text it must not contain (a secret's value).
    #[serde(default)]
    stdout_lacks: Vec<String>,
}

fn run(dir: &Path, args: &[String]) -> (i32, String, String) {
    let mut all: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    all.push("--root".as_ref());
    all.push(dir.as_os_str());
    let out = envlint(&all);
    (
        out.status.code().expect("exits"),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn show(files: &std::collections::BTreeMap<String, Vec<u8>>) -> String {
    files
        .iter()
        .map(|(k, v)| format!("== {k}\n{}", String::from_utf8_lossy(v).escape_debug()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn command_cases() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
    let mut names: Vec<String> = std::fs::read_dir(&cases)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".toml").map(str::to_owned)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 10, "cases found: {names:?}");
    let bless = std::env::var_os("ENVLINT_BLESS").is_some();
    for name in &names {
        let case: Case =
            toml::from_str(&std::fs::read_to_string(cases.join(format!("{name}.toml"))).unwrap())
                .unwrap_or_else(|e| panic!("{name}.toml: {e}"));
        let scratch = tempfile::tempdir().unwrap();
        let root = scratch.path().join("tree");
        copy_dir(&cases.join(format!("{name}.in")), &root);

        let (status, stdout, stderr) = run(&root, &case.args);
        assert_eq!(status, case.status, "{name}: exit code\n{stdout}{stderr}");
        for needle in &case.stdout_contains {
            assert!(
                stdout.contains(needle),
                "{name}: stdout lacks {needle:?}\n{stdout}"
            );
        }
        for needle in &case.stdout_lacks {
            assert!(
                !stdout.contains(needle),
                "{name}: stdout shows {needle:?}\n{stdout}"
            );
        }
        let expected = cases.join(format!("{name}.out"));
        if bless {
            let _ = std::fs::remove_dir_all(&expected);
            copy_dir(&root, &expected);
        }
        let after = tree(&root);
        assert!(
            after == tree(&expected),
            "{name}: the tree differs from {name}.out\n{}",
            show(&after)
        );

        let (again, stdout, _) = run(&root, &case.args);
        let settled = if case.args.iter().any(|a| a == "--check" || a == "--dry-run") {
            case.status
        } else {
            0
        };
        assert_eq!(again, settled, "{name}: second run\n{stdout}");
        assert!(
            tree(&root) == after,
            "{name}: the second run changed the tree"
        );

        let (check, stdout, stderr) = run(&root, &["check".to_owned()]);
        assert_eq!(
            check, case.check_after,
            "{name}: check afterwards\n{stdout}{stderr}"
        );
    }
}
