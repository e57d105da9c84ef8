//! `envlint docs`: the owned rows of every docs table regenerated from the schema, rows
//! kept in place, missing rows added where `fix` would add them. May import: `source`,
//! `error`, `schema`, `facts`, `edit`, `surfaces`, `report`, `rules`, `check`, `fix`.

use crate::edit::{Edit, Place, with_line_endings};
use crate::error::Error;
use crate::facts::Surface;
use crate::fix::{self, Change};
use crate::report::{Context, Report};
use crate::rules;
use crate::schema::{Schema, SurfaceName, VarDecl};
use crate::source::FileId;
use crate::surfaces::docs;

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
    let surfaces: Vec<&Surface> = report
        .surfaces
        .iter()
        .filter(|s| s.kind == SurfaceName::Docs)
        .collect();
    let ctx = Context {
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
        let Some((home, table)) = rules::docs_home(&ctx, v) else {
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
        let (at, place) = rules::insertion_point(
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
        let doc = docs::read_doc_named(&source.name, &source.text);
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
        let Some(mut change) = fix::change(report, s.file, &edits, 0) else {
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

#[cfg(test)]
mod tests;
