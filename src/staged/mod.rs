//! `--staged`: the schema and surfaces as the git index holds them, so a pre-commit hook
//! judges what is committed. May import: `source`, `error`.
//!
//! Most files of a commit are byte for byte what the work tree holds, and the index says
//! which: it keeps each file's stat data and object id. The index file is read here (see
//! `index_file`); a work tree file whose stat data matches its entry (and was not written
//! in the same instant as the index) is the staged file, else its bytes are hashed and
//! compared with the entry's object id. Only a file that differs, or that the work tree
//! lacks, is read from the index, through a `git cat-file --batch` started the first time
//! one is needed. An index this reader declines (split, sparse, a conflict, SHA-256) is
//! left to git: `git ls-files` and `git diff-files` say the same.

mod index_file;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use foldhash::{HashMap, HashSet};

use crate::error::Error;
use crate::source::SourceFile;
use index_file::{Entry, blob_id};

/// The git index seen from a root directory inside a work tree.
#[derive(Debug)]
pub struct Index {
    root: PathBuf,
    /// The root's path from the top of the work tree, `/`-terminated (empty at the top).
    prefix: String,
    /// Paths in the index under the root, relative to it, in the index's order.
    listed: Vec<String>,
    /// Each listed path's position.
    positions: HashMap<String, usize>,
    /// Whether a walk met each listed path in the work tree.
    seen: Vec<AtomicBool>,
    how: How,
    /// The reader of staged contents, started when first needed; shared by threads.
    batch: Mutex<Option<Batch>>,
}

/// How the index is known.
#[derive(Debug)]
enum How {
    /// Read here: each listed path's entry (its path moved to `listed`), and when the
    /// index file was written.
    Read {
        entries: Vec<Entry>,
        written: (u32, u32),
    },
    /// Asked of git: the paths whose work tree copy differs from the index or is missing.
    Asked { changed: HashSet<String> },
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

/// The `-z` paths git printed (relative to the top of the work tree) that lie under
/// `prefix`, relative to it.
fn paths_under<'o>(out: &'o [u8], prefix: &'o str) -> impl Iterator<Item = String> + 'o {
    out.split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .filter_map(move |p| {
            let p = String::from_utf8_lossy(p);
            p.strip_prefix(prefix).map(str::to_owned)
        })
}

/// Seconds and nanoseconds of a time since the epoch, as the index keeps them.
fn index_time(t: std::time::SystemTime) -> (u32, u32) {
    let d = t.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    (d.as_secs() as u32, d.subsec_nanos())
}

impl Index {
    /// Opens the index of the repository `root` is in; a clear error outside one.
    pub fn open(root: &Path) -> Result<Self, Error> {
        let said = git(
            root,
            &[
                "rev-parse",
                "--show-prefix",
                "--git-path",
                "index",
                "--show-object-format",
            ],
        )?;
        let said = String::from_utf8_lossy(&said);
        let mut lines = said.lines();
        let prefix = lines.next().unwrap_or_default().trim().to_owned();
        let index_path = root.join(lines.next().unwrap_or("index").trim());
        let sha1 = lines.next().is_some_and(|f| f.trim() == "sha1");
        if sha1 && let Some(read) = Self::read(root, &prefix, &index_path) {
            return Ok(read);
        }
        Self::ask(root, prefix)
    }

    /// The index read from its file, when this reader reads it.
    fn read(root: &Path, prefix: &str, path: &Path) -> Option<Self> {
        let bytes = std::fs::read(path).ok()?;
        let written = index_time(std::fs::metadata(path).ok()?.modified().ok()?);
        let mut entries = index_file::parse(&bytes).ok()?;
        if !prefix.is_empty() {
            entries.retain_mut(|e| match e.path.strip_prefix(prefix) {
                Some(rel) => {
                    e.path = rel.to_owned();
                    true
                }
                None => false,
            });
        }
        let listed: Vec<String> = entries
            .iter_mut()
            .map(|e| std::mem::take(&mut e.path))
            .collect();
        Some(Self::new(
            root,
            prefix.to_owned(),
            listed,
            How::Read { entries, written },
        ))
    }

    /// The index as git lists it and says which files differ from the work tree.
    fn ask(root: &Path, prefix: String) -> Result<Self, Error> {
        let listed: Vec<String> = paths_under(
            &git(
                root,
                &["ls-files", "-z", "--cached", "--full-name", "--", "."],
            )?,
            &prefix,
        )
        .collect();
        let changed = paths_under(
            &git(root, &["diff-files", "-z", "--name-only", "--", "."])?,
            &prefix,
        )
        .collect();
        Ok(Self::new(root, prefix, listed, How::Asked { changed }))
    }

    fn new(root: &Path, prefix: String, listed: Vec<String>, how: How) -> Self {
        Self {
            root: root.to_path_buf(),
            positions: listed
                .iter()
                .enumerate()
                .map(|(i, p)| (p.clone(), i))
                .collect(),
            seen: listed.iter().map(|_| AtomicBool::new(false)).collect(),
            prefix,
            listed,
            how,
            batch: Mutex::new(None),
        }
    }

    /// The paths in the index under the root, relative to it.
    pub fn listed(&self) -> &[String] {
        &self.listed
    }

    /// Whether the index holds `rel`.
    pub fn has(&self, rel: &str) -> bool {
        self.positions.contains_key(rel)
    }

    /// Notes that a walk met `rel` in the work tree; whether the index holds it.
    pub fn meet(&self, rel: &str) -> bool {
        match self.positions.get(rel) {
            Some(&i) => {
                self.seen[i].store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }

    /// The listed paths no walk met.
    pub fn unmet(&self) -> impl Iterator<Item = &str> {
        self.listed
            .iter()
            .zip(&self.seen)
            .filter(|(_, s)| !s.load(Ordering::Relaxed))
            .map(|(p, _)| p.as_str())
    }

    /// Whether `bytes`, read from the work tree copy of `rel` (whose metadata is `meta`),
    /// are the staged contents: its stat data matches the entry and it was not written
    /// in the same instant as the index, else its object id is the entry's.
    pub fn holds(&self, rel: &str, meta: Option<&std::fs::Metadata>, bytes: &[u8]) -> bool {
        let Some(&i) = self.positions.get(rel) else {
            return false;
        };
        match &self.how {
            How::Asked { changed } => !changed.contains(rel),
            How::Read { entries, written } => {
                let e = &entries[i];
                if e.intent_to_add || e.skip_worktree {
                    return false;
                }
                // A link is followed, as a checkout's would be.
                if e.mode & 0o170_000 == 0o120_000 {
                    return true;
                }
                let racy = e.stat.mtime >= *written;
                (!racy && meta.is_some_and(|m| same_stat(&e.stat, m))) || blob_id(bytes) == e.oid
            }
        }
    }

    /// The staged bytes of `rel` (relative to the root): the work tree's when they are
    /// the staged ones, else the index's.
    pub fn bytes(&self, rel: &str) -> Result<Vec<u8>, Error> {
        if !self.has(rel) {
            return Err(Error::Read {
                path: rel.to_owned(),
                reason: "it is not in the git index (--staged reads staged files only)".to_owned(),
            });
        }
        let path = self.root.join(rel);
        if let Ok(bytes) = std::fs::read(&path) {
            let meta = std::fs::metadata(&path).ok();
            if self.holds(rel, meta.as_ref(), &bytes) {
                return Ok(bytes);
            }
        }
        self.from_index(rel)
    }

    /// The bytes the index holds for `rel`, read through the shared `git cat-file`.
    pub fn from_index(&self, rel: &str) -> Result<Vec<u8>, Error> {
        let not_staged = || Error::Read {
            path: rel.to_owned(),
            reason: "it is not in the git index (--staged reads staged files only)".to_owned(),
        };
        let io = |e: std::io::Error| Error::Read {
            path: rel.to_owned(),
            reason: format!("cannot read it from the git index: {e}"),
        };
        let object = match (&self.how, self.positions.get(rel)) {
            (How::Read { entries, .. }, Some(&i)) => index_file::hex(&entries[i].oid),
            _ => format!(":{}{rel}", self.prefix),
        };
        let mut guard = self
            .batch
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if guard.is_none() {
            *guard = Some(self.start_batch()?);
        }
        let batch = guard.as_mut().expect("started");
        writeln!(batch.stdin, "{object}").map_err(io)?;
        batch.stdin.flush().map_err(io)?;
        let mut header = String::new();
        batch.stdout.read_line(&mut header).map_err(io)?;
        let size: usize = match header.trim_end().rsplit_once(' ') {
            Some((_, n)) if !header.trim_end().ends_with("missing") => {
                n.parse().map_err(|_| not_staged())?
            }
            _ => return Err(not_staged()),
        };
        let mut bytes = vec![0; size + 1];
        batch.stdout.read_exact(&mut bytes).map_err(io)?;
        bytes.pop();
        Ok(bytes)
    }

    fn start_batch(&self) -> Result<Batch, Error> {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Error::Read {
                path: self.root.display().to_string(),
                reason: format!("cannot run `git cat-file`: {e}"),
            })?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        Ok(Batch {
            child,
            stdin,
            stdout,
        })
    }

    /// The staged text of `rel` as a source file named `rel`.
    pub fn source(&self, rel: &str) -> Result<SourceFile, Error> {
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

/// Whether a file's metadata is the stat data the index keeps of it (what git compares:
/// times to the nanosecond, inode, owner, size).
#[cfg(unix)]
#[allow(
    clippy::cast_sign_loss,
    reason = "git keeps the low 32 bits of each field, as these casts do"
)]
fn same_stat(s: &index_file::Stat, m: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    s.mtime == (m.mtime() as u32, m.mtime_nsec() as u32)
        && s.ctime == (m.ctime() as u32, m.ctime_nsec() as u32)
        && s.ino == m.ino() as u32
        && s.uid == m.uid()
        && s.gid == m.gid()
        && s.size == m.size() as u32
}

/// Elsewhere the stat data is not compared: the contents are.
#[cfg(not(unix))]
fn same_stat(_: &index_file::Stat, _: &std::fs::Metadata) -> bool {
    false
}

impl Drop for Index {
    fn drop(&mut self) {
        let batch = self
            .batch
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(b) = batch {
            let _ = b.child.kill();
            let _ = b.child.wait();
        }
    }
}
