//! `--staged`: the schema and surfaces as the git index holds them, so a pre-commit hook
//! judges what is committed. May import: `source`, `error`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use crate::error::Error;
use crate::source::SourceFile;

/// The git index seen from a root directory inside a work tree.
#[derive(Debug)]
pub struct Index {
    /// The root's path from the top of the work tree, `/`-terminated (empty at the top).
    prefix: String,
    /// Paths in the index under the root, relative to it.
    listed: Vec<String>,
    batch: Batch,
}

#[derive(Debug)]
struct Batch {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, Error> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| Error::Read {
            path: root.display().to_string(),
            reason: format!("--staged runs git, which could not be started: {e}"),
        })?;
    if !out.status.success() {
        return Err(Error::Read {
            path: root.display().to_string(),
            reason: format!(
                "--staged needs a git repository: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        });
    }
    Ok(out.stdout)
}

impl Index {
    /// Opens the index of the repository `root` is in; a clear error outside one.
    pub fn open(root: &Path) -> Result<Self, Error> {
        let prefix = String::from_utf8_lossy(&git(root, &["rev-parse", "--show-prefix"])?)
            .trim()
            .to_owned();
        let listed = git(
            root,
            &["ls-files", "-z", "--cached", "--full-name", "--", "."],
        )?
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let p = String::from_utf8_lossy(p);
            p.strip_prefix(prefix.as_str()).map(str::to_owned)
        })
        .collect();
        let mut child = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Error::Read {
                path: root.display().to_string(),
                reason: format!("cannot run `git cat-file`: {e}"),
            })?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        Ok(Self {
            prefix,
            listed,
            batch: Batch {
                child,
                stdin,
                stdout,
            },
        })
    }

    /// The paths in the index under the root, relative to it.
    pub fn listed(&self) -> &[String] {
        &self.listed
    }

    /// Whether the index holds `rel`.
    pub fn has(&self, rel: &str) -> bool {
        self.listed.iter().any(|p| p == rel)
    }

    /// The staged bytes of `rel` (relative to the root).
    pub fn bytes(&mut self, rel: &str) -> Result<Vec<u8>, Error> {
        let not_staged = || Error::Read {
            path: rel.to_owned(),
            reason: "it is not in the git index (--staged reads staged files only)".to_owned(),
        };
        if !self.has(rel) {
            return Err(not_staged());
        }
        let io = |e: std::io::Error| Error::Read {
            path: rel.to_owned(),
            reason: format!("cannot read it from the git index: {e}"),
        };
        writeln!(self.batch.stdin, ":{}{rel}", self.prefix).map_err(io)?;
        self.batch.stdin.flush().map_err(io)?;
        let mut header = String::new();
        self.batch.stdout.read_line(&mut header).map_err(io)?;
        let size: usize = match header.trim_end().rsplit_once(' ') {
            Some((_, n)) if !header.trim_end().ends_with("missing") => {
                n.parse().map_err(|_| not_staged())?
            }
            _ => return Err(not_staged()),
        };
        let mut bytes = vec![0; size + 1];
        self.batch.stdout.read_exact(&mut bytes).map_err(io)?;
        bytes.pop();
        Ok(bytes)
    }

    /// The staged text of `rel` as a source file named `rel`.
    pub fn source(&mut self, rel: &str) -> Result<SourceFile, Error> {
        let bytes = self.bytes(rel)?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Read {
            path: rel.to_owned(),
            reason: format!(
                "the staged file is not UTF-8 (byte {})",
                e.utf8_error().valid_up_to()
            ),
        })?;
        Ok(SourceFile::new(rel.to_owned(), text))
    }
}

impl Drop for Index {
    fn drop(&mut self) {
        let _ = self.batch.child.kill();
        let _ = self.batch.child.wait();
    }
}
