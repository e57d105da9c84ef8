//! The GitHub Action's shell steps, run here against the bundled example with the built
//! binary on PATH: the install step finds it, the SARIF step writes a report, the
//! annotations step passes a clean tree and fails a drifted one with `::error`.

mod common;

use std::path::Path;
use std::process::Command;

const ACTION: &str = include_str!("../action.yml");

/// A step: its name, its environment, its script.
type Step = (String, Vec<(String, String)>, String);

/// Each `shell: bash` step, `${{ inputs.X }}` in `env` taken from `inputs`.
fn steps(inputs: &[(&str, &str)]) -> Vec<Step> {
    let doc: serde_json::Value = serde_saphyr::from_str(ACTION).expect("action.yml is YAML");
    let input = |expr: &str| -> String {
        let name = expr
            .trim()
            .strip_prefix("${{")
            .and_then(|e| e.strip_suffix("}}"))
            .map(str::trim)
            .and_then(|e| e.strip_prefix("inputs."));
        match name {
            Some(n) => inputs.iter().find(|(k, _)| *k == n).map_or_else(
                || {
                    doc["inputs"][n]["default"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned()
                },
                |(_, v)| (*v).to_owned(),
            ),
            None => expr.to_owned(),
        }
    };
    doc["runs"]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["shell"] == "bash")
        .map(|s| {
            let env = s["env"]
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(k, v)| (k.clone(), input(v.as_str().unwrap_or_default())))
                        .collect()
                })
                .unwrap_or_default();
            (
                s["name"].as_str().unwrap_or_default().to_owned(),
                env,
                s["run"].as_str().expect("run").to_owned(),
            )
        })
        .collect()
}

/// Runs the steps in `root`'s parent; the exit code of each.
fn run_steps(root: &Path, temp: &Path, inputs: &[(&str, &str)]) -> Vec<(String, i32, String)> {
    let bin = Path::new(env!("CARGO_BIN_EXE_envlint")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    steps(inputs)
        .into_iter()
        .map(|(name, env, run)| {
            let out = Command::new("bash")
                .arg("-e")
                .arg("-c")
                .arg(&run)
                .current_dir(root)
                .env("PATH", &path)
                .env("RUNNER_TEMP", temp)
                .env("GITHUB_OUTPUT", temp.join("output"))
                .env("GITHUB_PATH", temp.join("path"))
                .env("NO_COLOR", "1")
                .envs(env)
                .output()
                .expect("bash runs");
            let text = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            (name, out.status.code().unwrap_or(-1), text)
        })
        .collect()
}

#[test]
fn the_actions_steps_pass_a_clean_tree_and_fail_a_drifted_one() {
    let tree = common::Tree::omniroute();
    let temp = tempfile::tempdir().unwrap();
    let ran = run_steps(&tree.root, temp.path(), &[("root", ".")]);
    assert_eq!(ran.len(), 3, "install, SARIF, annotations: {ran:?}");
    for (name, code, out) in &ran {
        assert_eq!(*code, 0, "{name}: {out}");
    }
    assert!(
        ran[0].2.contains("using "),
        "the binary on PATH is used: {}",
        ran[0].2
    );
    let sarif = std::fs::read_to_string(temp.path().join("envlint.sarif")).unwrap();
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let output = std::fs::read_to_string(temp.path().join("output")).unwrap();
    assert!(output.contains("file="), "{output}");

    tree.edit(".env.example", "# QDRANT_PORT=6333", "# QDRANT_PORT=6334");
    let ran = run_steps(
        &tree.root,
        temp.path(),
        &[("root", "."), ("args", "--deny-warnings")],
    );
    assert_eq!(
        ran[1].1, 0,
        "the SARIF step uploads whatever it finds: {}",
        ran[1].2
    );
    assert_eq!(ran[2].1, 1, "{}", ran[2].2);
    assert!(
        ran[2].2.contains("::error file=.env.example"),
        "{}",
        ran[2].2
    );
    // A baseline makes the old finding pass.
    assert_eq!(
        common::envlint(&["baseline", "--root", tree.root.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let ran = run_steps(
        &tree.root,
        temp.path(),
        &[("baseline", "envlint-baseline.json")],
    );
    assert_eq!(ran[2].1, 0, "{}", ran[2].2);
}
