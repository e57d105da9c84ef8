//! Helpers shared by the integration tests.
#![allow(dead_code, reason = "each test binary uses a part")]

use std::path::Path;
use std::process::{Command, Output};

/// Runs the built `envlint` without colour at a fixed width.
pub fn envlint<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_envlint"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("envlint runs")
}

/// Copies a directory tree byte for byte.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `root`, by `/`-separated relative path, with its bytes.
pub fn tree(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy();
                out.insert(rel.replace('\\', "/"), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// The bundled example.
pub const OMNIROUTE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/omniroute");

/// A scratch copy of a fixture tree.
pub struct Tree {
    _dir: tempfile::TempDir,
    pub root: std::path::PathBuf,
}

impl Tree {
    /// A copy of `fixture` in a fresh temporary directory.
    pub fn copy_of(fixture: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("tree");
        copy_dir(Path::new(fixture), &root);
        Self { _dir: dir, root }
    }

    /// An empty tree in a fresh temporary directory.
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("tree");
        std::fs::create_dir_all(&root).unwrap();
        Self { _dir: dir, root }
    }

    pub fn omniroute() -> Self {
        Self::copy_of(OMNIROUTE)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }

    /// Writes `rel`, creating its directories.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Replaces the first `from` (which must occur) in `rel`.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} holds {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Exit code and raw stdout of `check --format json`.
    pub fn run_json(&self) -> (i32, String) {
        let out = envlint(&[
            "check".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            "--root".as_ref(),
            self.root.as_os_str(),
        ]);
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            !stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code().unwrap(), stdout)
    }

    /// Exit code and parsed output of `check --format json`.
    pub fn json(&self) -> (i32, serde_json::Value) {
        let (code, stdout) = self.run_json();
        let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
        (code, json)
    }
}

/// (rule, variable or "", file, line, column) of every finding in `check --format json`
/// output.
pub fn findings_at(json: &serde_json::Value) -> Vec<(String, String, String, u64, u64)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["variable"].as_str().unwrap_or_default().to_owned(),
                f["file"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// (rule, variable or "", file, line) of every finding in `check --format json` output.
pub fn findings(json: &serde_json::Value) -> Vec<(String, String, String, u64)> {
    findings_at(json)
        .into_iter()
        .map(|(rule, var, file, line, _)| (rule, var, file, line))
        .collect()
}
