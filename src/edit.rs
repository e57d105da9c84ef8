//! The edit primitive: fixes as data (`Fix`, `Intent`, `Place`), byte edits applied to a
//! text, and the atomic writer; below the surfaces and the commands. May import: `source`,
//! `error`, `facts`.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::facts::Role;
use crate::source::{BOM, Span};

/// Whether `envlint fix` applies a fix by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    /// Generated text or a cell the schema owns: applied by `envlint fix`.
    Safe,
    /// Rewrites what a person chose (a dotenv example value, a description): only with
    /// `--unsafe`.
    Unsafe,
}

/// A proposed fix: what should change, in the surface's own terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    pub intent: Intent,
}

/// What a fix does; the surface's adapter turns it into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// Add the entry or row of `var` at `at`.
    Insert {
        var: String,
        at: usize,
        place: Place,
    },
    /// Replace a stated value (`None`: no default) at `span`.
    SetValue {
        span: Span,
        role: Role,
        value: Option<String>,
    },
    /// Replace a description at `span`.
    SetDescription { span: Span, text: String },
    /// Replace each span with its text (a prose line reference's numbers).
    Replace { edits: Vec<(Span, String)> },
}

/// Where an inserted entry stands relative to its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// Before the entry (and its comments) of the next sibling.
    Before,
    /// After the entry of the previous sibling.
    After,
    /// At the end of the file or table: no sibling is present.
    End,
}

/// A byte-range replacement; an empty range inserts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Span,
    pub text: String,
}

/// Applies edits in order of position (stable for equal positions). An edit that overlaps
/// one already applied is dropped. Bytes outside the edits are copied unchanged.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut order: Vec<&Edit> = edits.iter().collect();
    order.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out =
        String::with_capacity(text.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut copied = 0;
    for e in order {
        if e.range.start < copied || e.range.end > text.len() || e.range.start > e.range.end {
            continue;
        }
        out.push_str(&text[copied..e.range.start]);
        out.push_str(&e.text);
        copied = e.range.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// `text` (written with `\n`) in the file's line endings; a text inserted at the end of a
/// file without a final newline starts on a line of its own, and the file still ends
/// without one. A file that ends in a lone `\r` gets the `\n` that makes it `\r\n` (to
/// Markdown a lone `\r` already ends a line, and a second ending would end the table).
pub fn with_line_endings(file: &str, at: usize, text: String) -> String {
    let crlf = file.contains("\r\n");
    let ending = if crlf { "\r\n" } else { "\n" };
    let mut text = if crlf {
        text.replace('\n', "\r\n")
    } else {
        text
    };
    let content = file.strip_prefix(BOM).unwrap_or(file);
    if at == file.len() && !content.is_empty() && !file.ends_with('\n') {
        if let Some(body) = text.strip_suffix(ending) {
            text.truncate(body.len());
        }
        text.insert_str(0, if file.ends_with('\r') { "\n" } else { ending });
    }
    text
}

/// A file to write: `name` is how messages show it, `path` where it is (a symlink is
/// followed), `before` the text envlint read from it (`None`: a new file, or one that may
/// be replaced whatever it holds), `after` the text to write.
#[derive(Debug, Clone)]
pub struct Pending<'a> {
    pub name: &'a str,
    pub path: PathBuf,
    pub before: Option<&'a str>,
    pub after: &'a str,
}

/// Writes every file atomically: each into a temporary file beside its target, then a
/// rename over the target. A symlink is followed, so the file it points at is written and
/// the link stays a link; the target's permission bits are kept. Nothing is renamed into
/// place until every temporary file is written, and a file that changed on disk since
/// envlint read it (compared just before its rename) is not written: the run ends with an
/// error naming it. A read-only target is refused before anything is written. On an error
/// no temporary file is left behind. A target that is no regular file (`/dev/null`, a named
/// pipe, `/dev/stdout`) is written into, last, never replaced: a rename would put a regular
/// file where the device or pipe was.
pub fn write_files(files: &[Pending]) -> Result<(), Error> {
    let mut staged = Vec::with_capacity(files.len());
    let mut streams = Vec::new();
    for f in files {
        let target = target_of(&f.path);
        let err = |reason: String| Error::Read {
            path: f.name.to_owned(),
            reason,
        };
        let permissions = match std::fs::metadata(&target) {
            Ok(meta) if meta.is_dir() => {
                return Err(err("it is a folder; nothing was written".to_owned()));
            }
            Ok(meta) if meta.permissions().readonly() => {
                return Err(err(
                    "it is read-only; nothing was written (make it writable, or fix it by hand)"
                        .to_owned(),
                ));
            }
            Ok(meta) if !meta.is_file() => {
                streams.push((f, target));
                continue;
            }
            Ok(meta) => Some(meta.permissions()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && f.before.is_none() => None,
            Err(e) => return Err(err(format!("cannot write it: {e}"))),
        };
        let tmp = temporary(&target, f.after.as_bytes(), permissions)
            .map_err(|e| err(format!("cannot write it: {e}")))?;
        staged.push((f, target, tmp));
    }
    for (f, target, _) in &staged {
        unchanged(f, target)?;
    }
    for (f, target, tmp) in staged {
        unchanged(f, &target)?;
        tmp.persist(&target).map_err(|e| Error::Read {
            path: f.name.to_owned(),
            reason: format!("cannot write it: {}", e.error),
        })?;
    }
    for (f, target) in streams {
        std::fs::OpenOptions::new()
            .write(true)
            .open(&target)
            .and_then(|mut out| out.write_all(f.after.as_bytes()))
            .map_err(|e| Error::Read {
                path: f.name.to_owned(),
                reason: format!("cannot write it: {e}"),
            })?;
    }
    Ok(())
}

/// Writes `text` to `path` atomically: a new file, or (with `force`) over an existing one
/// (through a symlink to its target, its permissions kept).
pub fn write_new(path: &Path, text: &str, force: bool) -> Result<(), Error> {
    let shown = path.display().to_string();
    if path.exists() && !force {
        return Err(Error::Read {
            path: shown,
            reason: "it exists; pass --force to overwrite it".to_owned(),
        });
    }
    write_files(&[Pending {
        name: &shown,
        path: path.to_path_buf(),
        before: None,
        after: text,
    }])
}

/// The file `path` names: the end of its symlinks (a link in a folder above it included),
/// or `path` itself when it does not exist yet.
fn target_of(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// A temporary file beside `target` holding `bytes`, synced, with `permissions`.
fn temporary(
    target: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".envlint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Some(p) = permissions {
        std::fs::set_permissions(tmp.path(), p)?;
    }
    Ok(tmp)
}

/// An error when the target no longer holds what envlint read from it.
fn unchanged(f: &Pending, target: &Path) -> Result<(), Error> {
    let Some(before) = f.before else {
        return Ok(());
    };
    let same = std::fs::read(target).is_ok_and(|now| now == before.as_bytes());
    if same {
        Ok(())
    } else {
        Err(Error::Read {
            path: f.name.to_owned(),
            reason: "it changed on disk while envlint was fixing it; nothing was written to it"
                .to_owned(),
        })
    }
}

#[cfg(test)]
mod tests;
