//! Fixes: rules propose them as data, the surface's adapter renders them into byte edits,
//! and the writer applies each file's edits once and writes the file atomically.

use std::path::Path;

use crate::Report;
use crate::error::Error;
use crate::facts::Role;
use crate::schema::{Schema, SurfaceName, VarDecl};
use crate::source::{FileId, Span};
use crate::surfaces::{docs, dotenv};

/// Whether `envlint fix` applies a fix by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    /// Generated text or a cell the schema owns: applied by `envlint fix`.
    Safe,
    /// Rewrites what a person chose (a dotenv example value): only with `--unsafe`.
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

/// A file a fix run changes.
#[derive(Debug, Clone)]
pub struct Change {
    pub file: FileId,
    pub name: String,
    pub before: std::sync::Arc<String>,
    pub after: String,
    /// How many findings the change fixes.
    pub fixed: usize,
    /// `before` and `after` with secret values masked: what a diff shows.
    pub shown_before: std::sync::Arc<String>,
    pub shown_after: String,
}

/// The changes the fixes of `report` make (safe ones, and unsafe ones when asked).
pub fn plan(report: &Report, schema: &Schema, allow_unsafe: bool) -> Vec<Change> {
    let mut changes = Vec::new();
    for surface in report.surfaces.iter().filter(|s| s.kind.rewritable()) {
        let source = report.files.get(surface.file);
        let fixes: Vec<&Fix> = report
            .findings
            .iter()
            .filter(|f| f.file == surface.file)
            .filter_map(|f| f.fix.as_ref())
            .filter(|f| allow_unsafe || f.applicability == Applicability::Safe)
            .collect();
        if fixes.is_empty() {
            continue;
        }
        let mut edits = Vec::new();
        let doc = if surface.kind == SurfaceName::Docs {
            docs::read_doc(&source.text)
        } else {
            docs::DocsDoc::default()
        };
        let empty = docs::DocsTable::default();
        let table = |at: usize| docs::table_at(&doc, &source.text, at).unwrap_or(&empty);
        let mut inserts: Vec<(usize, Place, usize, &VarDecl)> = Vec::new();
        for fix in &fixes {
            match &fix.intent {
                Intent::Insert { var, at, place } => {
                    if let Some(v) = schema.get(var) {
                        let order = schema
                            .variables
                            .iter()
                            .position(|x| x.name == v.name)
                            .unwrap_or(0);
                        inserts.push((*at, *place, order, v));
                    }
                }
                Intent::SetValue { span, role, value } => edits.push(match surface.kind {
                    SurfaceName::Docs => docs::render_cell(
                        &source.text,
                        table(span.start),
                        span,
                        &docs::default_cell(schema, value.as_deref()),
                    ),
                    _ => dotenv::render_value(
                        &source.text,
                        span,
                        *role,
                        value.as_deref(),
                        surface.dialect.unwrap_or_default(),
                    ),
                }),
                Intent::Replace { edits: replace } => {
                    edits.extend(replace.iter().map(|(range, text)| Edit {
                        range: range.clone(),
                        text: text.clone(),
                    }));
                }
                Intent::SetDescription { span, text } => {
                    edits.push(docs::render_cell(
                        &source.text,
                        table(span.start),
                        span,
                        &docs::escape_cell(text),
                    ));
                }
            }
        }
        inserts.sort_by_key(|&(at, place, order, _)| (at, place, order));
        // Everything inserted at one place is one edit, laid out in the file's line
        // endings once (at the end of a file, only the first text starts a new line).
        for at_once in inserts.chunk_by(|a, b| a.0 == b.0) {
            let at = at_once[0].0;
            let mut text = String::new();
            for group in at_once.chunk_by(|a, b| a.1 == b.1) {
                let vars: Vec<&VarDecl> = group.iter().map(|g| g.3).collect();
                text.push_str(&match surface.kind {
                    SurfaceName::Docs => docs::render_rows(&source.text, table(at), schema, &vars),
                    _ => dotenv::render_entries(
                        &source.text,
                        at,
                        schema,
                        group[0].1,
                        &vars,
                        surface.dialect.unwrap_or_default(),
                    ),
                });
            }
            edits.push(Edit {
                range: at..at,
                text: with_line_endings(&source.text, at, text),
            });
        }
        changes.extend(change(report, surface.file, &edits, fixes.len()));
    }
    changes
}

/// The change `edits` make to `file`, if any; the diff's view masks secret values.
fn change(report: &Report, file: FileId, edits: &[Edit], fixed: usize) -> Option<Change> {
    let source = report.files.get(file);
    let after = apply(&source.text, edits);
    if after == *source.text {
        return None;
    }
    // Masking keeps byte offsets, so the same edits apply to the masked text.
    let shown_before = crate::render::redacted(report, file);
    let shown_after = apply(&shown_before, edits);
    Some(Change {
        shown_before,
        shown_after,
        file,
        name: source.name.clone(),
        before: std::sync::Arc::clone(&source.text),
        after,
        fixed,
    })
}

/// What `envlint docs` changes: a change per docs file whose owned rows do not say what the
/// schema says (see [`docs::regenerate`]), and the owned names the files document that the
/// schema does not declare (kept unless `prune`).
#[derive(Debug, Default)]
pub struct Regenerated {
    pub changes: Vec<Change>,
    pub undeclared: Vec<String>,
}

/// The changes that regenerate the owned rows of every docs table from the schema: rows
/// rewritten in place, and rows no file has inserted into their section's table.
pub fn regenerate_docs(
    report: &Report,
    schema: &Schema,
    how: docs::Regen,
) -> Result<Regenerated, Error> {
    if schema.docs.is_none() {
        return Err(Error::Usage(
            "the schema configures no docs surface (`[surfaces.docs]`)".to_owned(),
        ));
    }
    let surfaces: Vec<&crate::facts::Surface> = report
        .surfaces
        .iter()
        .filter(|s| s.kind == SurfaceName::Docs)
        .collect();
    let ctx = crate::rules::Context {
        schema,
        schema_file: report.schema_file,
        surfaces: &report.surfaces,
        files: &report.files,
    };
    let present: foldhash::HashSet<&str> = surfaces
        .iter()
        .flat_map(|s| &s.mentions)
        .map(|m| m.name.as_str())
        .collect();
    // Where each row no file has goes: (file, at, place, schema order, variable).
    let mut inserts: Vec<(FileId, usize, Place, usize, &VarDecl)> = Vec::new();
    for (order, v) in schema.variables.iter().enumerate() {
        if !v.required_on(SurfaceName::Docs) || present.contains(v.name.as_str()) {
            continue;
        }
        let Some((home, table)) = crate::rules::docs_home(&ctx, v) else {
            let (file, problem) = surfaces
                .iter()
                .find_map(|s| s.structure.first().map(|p| (s.file, p)))
                .map_or((None, None), |(f, p)| (Some(f), Some(p)));
            let name = file.map_or_else(String::new, |f| report.files.get(f).name.clone());
            return Err(Error::Read {
                path: name,
                reason: format!(
                    "cannot regenerate its tables: `{}` has no table to go in{}",
                    v.name,
                    problem.map_or(String::new(), |p| format!(" ({})", p.message))
                ),
            });
        };
        let (at, place) = crate::rules::insertion_point(
            schema,
            &home.mentions,
            Some(&table.span),
            table.append_at,
            v,
        );
        inserts.push((home.file, at, place, order, v));
    }
    inserts.sort_by_key(|&(file, at, place, order, _)| (file.0, at, place, order));
    let mut out = Regenerated::default();
    for s in &surfaces {
        let source = report.files.get(s.file);
        let doc = docs::read_doc(&source.text);
        let here: Vec<(usize, Vec<&VarDecl>)> = inserts
            .iter()
            .filter(|i| i.0 == s.file)
            .collect::<Vec<_>>()
            .chunk_by(|a, b| a.1 == b.1)
            .map(|group| (group[0].1, group.iter().map(|g| g.4).collect()))
            .collect();
        for m in &s.mentions {
            if schema.get(&m.name).is_none() && !out.undeclared.contains(&m.name) {
                out.undeclared.push(m.name.clone());
            }
        }
        let edits: Vec<Edit> = docs::regenerate(&source.text, &doc, schema, &here, how)
            .into_iter()
            .map(|e| Edit {
                text: with_line_endings(&source.text, e.range.start, e.text),
                range: e.range,
            })
            .collect();
        let Some(mut change) = change(report, s.file, &edits, 0) else {
            continue;
        };
        // Rows that differ: a rewritten row is one line out and one in.
        let (mut added, mut removed) = (0, 0);
        for c in similar::TextDiff::from_lines(change.before.as_str(), change.after.as_str())
            .iter_all_changes()
        {
            match c.tag() {
                similar::ChangeTag::Insert => added += 1,
                similar::ChangeTag::Delete => removed += 1,
                similar::ChangeTag::Equal => {}
            }
        }
        change.fixed = usize::max(added, removed);
        out.changes.push(change);
    }
    Ok(out)
}

/// `text` (written with `\n`) in the file's line endings; a text inserted at the end of a
/// file without a final newline starts on a line of its own, and the file still ends
/// without one. A file that ends in a lone `\r` gets the `\n` that makes it `\r\n` (to
/// Markdown a lone `\r` already ends a line, and a second ending would end the table).
fn with_line_endings(file: &str, at: usize, text: String) -> String {
    let crlf = file.contains("\r\n");
    let ending = if crlf { "\r\n" } else { "\n" };
    let mut text = if crlf {
        text.replace('\n', "\r\n")
    } else {
        text
    };
    let content = file.strip_prefix(crate::source::BOM).unwrap_or(file);
    if at == file.len() && !content.is_empty() && !file.ends_with('\n') {
        if let Some(body) = text.strip_suffix(ending) {
            text.truncate(body.len());
        }
        text.insert_str(0, if file.ends_with('\r') { "\n" } else { ending });
    }
    text
}

/// A unified diff of a change (secret values masked), paths as `a/NAME` and `b/NAME`.
pub fn diff(change: &Change) -> String {
    similar::TextDiff::from_lines(change.shown_before.as_str(), change.shown_after.as_str())
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{}", change.name), &format!("b/{}", change.name))
        .to_string()
}

/// Writes every change under `root`, atomically per file (a temporary file in the same
/// directory, then a rename; permissions kept). Before anything is written, each file is
/// read again: if one changed since the check read it, nothing is written.
pub fn write(root: &Path, changes: &[Change]) -> Result<(), Error> {
    for c in changes {
        let now = crate::source::SourceFile::read(&root.join(&c.name), c.name.clone())?;
        if now.text != c.before {
            return Err(Error::Read {
                path: c.name.clone(),
                reason: "it changed on disk while envlint was fixing it; nothing was written"
                    .to_owned(),
            });
        }
    }
    for c in changes {
        let path = root.join(&c.name);
        write_atomic(&path, c.after.as_bytes()).map_err(|e| Error::Read {
            path: c.name.clone(),
            reason: format!("cannot write it: {e}"),
        })?;
    }
    Ok(())
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(path)?.permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".envlint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), permissions)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests;
