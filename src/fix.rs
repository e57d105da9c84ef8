//! `envlint fix`: the fixes rules propose, rendered by each surface's adapter into byte
//! edits, applied once per file and written atomically. May import: `source`, `error`,
//! `schema`, `edit`, `surfaces`, `report`.

use std::path::Path;

use crate::edit::{self, Applicability, Edit, Fix, Intent, Place, with_line_endings};
use crate::error::Error;
use crate::report::Report;
use crate::schema::{Schema, SurfaceName, VarDecl};
use crate::source::FileId;
use crate::surfaces::{docs, dotenv};

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
            docs::read_doc_named(&source.name, &source.text)
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
pub fn change(report: &Report, file: FileId, edits: &[Edit], fixed: usize) -> Option<Change> {
    let source = report.files.get(file);
    let after = edit::apply(&source.text, edits);
    if after == *source.text {
        return None;
    }
    // Masking keeps byte offsets, so the same edits apply to the masked text.
    let shown_before = report.redacted(file);
    let shown_after = edit::apply(&shown_before, edits);
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

/// A unified diff of a change (secret values masked), paths as `a/NAME` and `b/NAME`.
pub fn diff(change: &Change) -> String {
    similar::TextDiff::from_lines(change.shown_before.as_str(), change.shown_after.as_str())
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{}", change.name), &format!("b/{}", change.name))
        .to_string()
}

/// Writes every change under `root` atomically (see [`edit::write_files`]): a symlink's
/// target is written and the link kept, permissions are kept, and a file that changed on
/// disk since the check read it is not written (an error names it).
pub fn write(root: &Path, changes: &[Change]) -> Result<(), Error> {
    let pending: Vec<edit::Pending> = changes
        .iter()
        .map(|c| edit::Pending {
            name: &c.name,
            path: root.join(&c.name),
            before: Some(c.before.as_str()),
            after: &c.after,
        })
        .collect();
    edit::write_files(&pending)
}
