//! Baselines: write the current findings, report only new ones, warn on entries that
//! match nothing; fingerprints survive unrelated edits.

mod common;

use common::{Tree, envlint};

const ENV: &str = ".env.example";

fn run(tree: &Tree, args: &[&str]) -> (i32, String) {
    let mut all = args.to_vec();
    all.extend(["--root", tree.root.to_str().unwrap()]);
    let out = envlint(&all);
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(tree: &Tree, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let (_, out) = run(tree, &all);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn drifted() -> Tree {
    let tree = Tree::omniroute();
    // Its decision record cites `.env.example` lines, which the test moves on purpose.
    std::fs::remove_dir_all(tree.root.join("docs/architecture")).unwrap();
    tree.edit(ENV, "QDRANT_PORT=6333", "QDRANT_PORT=6334");
    tree.edit(ENV, "BIFROST_TIMEOUT_MS=30000", "BIFROST_TIMEOUT_MS=3000");
    tree
}

#[test]
fn a_baseline_accepts_old_findings_and_reports_new_ones() {
    let tree = drifted();
    let before = json(&tree, &[]);
    assert_eq!(
        before["findings"].as_array().unwrap().len(),
        2,
        "{before:#}"
    );
    let (code, said) = run(&tree, &["baseline"]);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("envlint-baseline.json (2 findings)"),
        "{said}"
    );
    let file = tree.root.join("envlint-baseline.json");
    let file = file.to_str().unwrap();
    // Old findings are baselined: the gate passes.
    let (code, out) = run(&tree, &["check", "--baseline", file]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 baselined"), "{out}");
    // Lines inserted above them change no fingerprint.
    let env = tree.read(ENV);
    tree.write(ENV, &format!("# A new comment.\n\n# And another.\n{env}"));
    let (code, out) = run(&tree, &["check", "--baseline", file]);
    assert_eq!(code, 0, "{out}");
    // A new drift is reported, alone.
    tree.edit(ENV, "QDRANT_VECTOR_SIZE=1536", "QDRANT_VECTOR_SIZE=768");
    let after = json(&tree, &["--baseline", file]);
    let findings = after["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{after:#}");
    assert_eq!(findings[0]["variable"], "QDRANT_VECTOR_SIZE");
    assert_eq!(after["summary"]["baselined"], 2);
}

#[test]
fn entries_that_match_nothing_are_warnings_so_the_file_only_shrinks() {
    let tree = drifted();
    assert_eq!(run(&tree, &["baseline"]).0, 0);
    let file = tree.root.join("envlint-baseline.json");
    let file = file.to_str().unwrap();
    tree.edit(ENV, "QDRANT_PORT=6334", "QDRANT_PORT=6333");
    let out = json(&tree, &["--baseline", file]);
    let findings = out["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{out:#}");
    assert_eq!(findings[0]["rule"], "unused-suppression");
    assert_eq!(findings[0]["file"].as_str().unwrap(), file);
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("QDRANT_PORT")
    );
    assert_eq!(run(&tree, &["check", "--baseline", file]).0, 0, "a warning");
    assert_eq!(
        run(&tree, &["check", "--baseline", file, "--deny-warnings"]).0,
        1
    );
    // A file that is not a baseline is an error naming it.
    std::fs::write(tree.root.join("bad.json"), "{ not json").unwrap();
    let bad = tree.root.join("bad.json");
    let (code, said) = run(&tree, &["check", "--baseline", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        said.contains("bad.json") && said.contains("not an envlint baseline"),
        "{said}"
    );
}

#[test]
fn json_and_sarif_carry_the_fingerprint() {
    let tree = drifted();
    let out = json(&tree, &[]);
    let fp = out["findings"][0]["fingerprint"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(fp.len(), 16);
    let (_, sarif) = run(&tree, &["check", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["partialFingerprints"]["envlint/v1"] == fp.as_str()),
        "{sarif:#}"
    );
}
