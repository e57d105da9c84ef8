//! `envlint init`: a schema written from what a project's files already say. May import:
//! `source`, `error`, `schema`, `facts`, `edit`, `surfaces`, `report`, `rules`, `check`.
//!
//! The surfaces are found first (example dotenv files, Markdown files holding a table with a
//! variable column, compose files, the directories whose code reads the environment), then
//! read by the same adapters `check` uses under a schema that declares nothing, and each
//! name they mention becomes a `[[variable]]`: its type inferred from every value stated,
//! its default what the code computes (else the docs cell, else the example value), its
//! description the docs cell (else the comment above its dotenv entry). Where surfaces
//! disagree the code wins, and a comment above the variable names the others, so the first
//! `check` reports exactly those disagreements.

mod find;
mod infer;
mod write;

use std::fmt::Write as _;
use std::path::Path;

use foldhash::{HashMap, HashMapExt as _};

use crate::error::Error;
use crate::report::Report;
use crate::schema::Schema;
use find::{COMPOSE_NAMES, DOTENV_NAMES};
pub use find::{Found, find};
use infer::{Decl, Gathered, container_settings, decl, gather, infer_prefixes};
use write::{surfaces_toml, toml_list, write_schema};

/// Writes the schema for `root` (`prefixes`: only names starting with one of them; none:
/// every name, with the prefixes inferred).
pub fn schema_text(root: &Path, prefixes: &[String]) -> Result<String, Error> {
    let found = find(root);
    // The names the files mention (each a prefix per leading character owns), then the
    // prefixes that cover them; then everything, the code too, under those prefixes.
    let owned: Vec<String> = if prefixes.is_empty() {
        let any: Vec<String> = ('A'..='Z')
            .chain('a'..='z')
            .chain(['_'])
            .map(String::from)
            .collect();
        let files_only = Found {
            code_roots: Vec::new(),
            ..found.clone()
        };
        let probe = Schema::parse("<init>", &probe_schema(&files_only, &any))?;
        let report = read_lenient(root, &probe, false)?;
        let mut names = Vec::new();
        gather(&report, &mut HashMap::new(), &mut names);
        infer_prefixes(&names)
    } else {
        prefixes.to_vec()
    };
    if owned.is_empty() {
        return Err(Error::Usage(format!(
            "envlint init found no variables under {} (looked for {}, Markdown tables with a variable column, {} and code reading the environment)",
            root.display(),
            DOTENV_NAMES.join(", "),
            COMPOSE_NAMES.join(", ")
        )));
    }
    let probe = Schema::parse("<init>", &probe_schema(&found, &owned))?;
    let report = read_lenient(root, &probe, false)?;
    // A file a reader refused is left out of the schema too.
    let read: Vec<&str> = report.files.iter().map(|(_, f)| f.name.as_str()).collect();
    let mut found = found;
    found.dotenv.retain(|p| read.contains(&p.as_str()));
    found.docs.retain(|p| read.contains(&p.as_str()));
    found.compose.retain(|p| read.contains(&p.as_str()));
    let mut gathered: HashMap<String, Gathered> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    gather(&report, &mut gathered, &mut order);
    order.sort_by_key(|n| gathered[n].first);
    let exclude = container_settings(&order, &gathered);
    render(root, &found, &owned, &exclude, &order, &gathered)
}

/// A schema that declares nothing and configures the surfaces found.
fn probe_schema(found: &Found, prefixes: &[String]) -> String {
    let mut out = String::from("version = 1\n");
    let _ = writeln!(out, "prefixes = {}", toml_list(prefixes));
    surfaces_toml(&mut out, found, None);
    out
}

/// The surfaces of `root` under `schema`. A file a reader refuses whole (YAML that does
/// not parse, say) is left out of the schema rather than stopping `init`.
fn read_lenient(root: &Path, schema: &Schema, rules: bool) -> Result<Report, Error> {
    let mut schema = schema.clone();
    let ignore = if rules { &[][..] } else { crate::rules::RULES };
    loop {
        match crate::check::lint_dir(&schema, root, ignore) {
            Ok(report) => return Ok(report),
            Err(Error::Parse { name, .. } | Error::Read { path: name, .. })
                if drop_file(&mut schema, &name) => {}
            Err(e) => return Err(e),
        }
    }
}

/// Removes `name` from the surfaces of `schema`; whether it was there.
fn drop_file(schema: &mut Schema, name: &str) -> bool {
    let mut dropped = false;
    if let Some(d) = schema.dotenv.as_mut() {
        let before = d.files.len();
        d.files.retain(|f| f.path != name);
        dropped |= d.files.len() != before;
    }
    if let Some(d) = schema.docs.as_mut() {
        let before = d.paths.len();
        d.paths.retain(|p| p != name);
        dropped |= d.paths.len() != before;
    }
    if let Some(c) = schema.compose.as_mut() {
        let before = c.paths.len();
        c.paths.retain(|p| p != name);
        dropped |= c.paths.len() != before;
    }
    dropped
}

fn render(
    root: &Path,
    found: &Found,
    prefixes: &[String],
    exclude: &[String],
    order: &[String],
    gathered: &HashMap<String, Gathered>,
) -> Result<String, Error> {
    let excluded = |n: &str| {
        exclude.iter().any(|x| match x.strip_suffix('*') {
            Some(stem) => n.starts_with(stem),
            None => n == x,
        })
    };
    let owned = |n: &str| prefixes.iter().any(|p| n.starts_with(p.as_str())) && !excluded(n);
    let mut decls: Vec<Decl> = order
        .iter()
        .filter(|n| owned(n))
        .map(|n| decl(n, &gathered[n], found))
        .collect();
    // One section for all: the docs table's `section`, not each variable's.
    let sections: Vec<&str> = decls.iter().filter_map(|d| d.section.as_deref()).collect();
    let common = sections
        .first()
        .filter(|s| {
            sections.iter().all(|x| x == *s)
                && sections.len() == decls.iter().filter(|d| d.on_docs(found)).count()
        })
        .map(|s| (*s).to_owned());
    if common.is_some() {
        for d in &mut decls {
            d.section = None;
        }
    }
    let schema = loop {
        let text = write_schema(found, prefixes, exclude, common.as_deref(), &decls);
        match Schema::parse("envlint.toml", &text) {
            Ok(schema) => break schema,
            Err(Error::Schema { problems, .. }) => {
                // What the inference got wrong for a variable is dropped, not written.
                let mut changed = false;
                for p in problems {
                    let at = text[..p.span.start].matches("[[variable]]").count();
                    if let Some(d) = at.checked_sub(1).and_then(|i| decls.get_mut(i)) {
                        changed |= d.simplify();
                    }
                }
                if !changed {
                    return Ok(text);
                }
            }
            Err(e) => return Err(e),
        }
    };
    // What the first check will say the files disagree on, above each variable.
    let report = read_lenient(root, &schema, true)?;
    for f in &report.findings {
        let disagreement = matches!(
            f.rule.name,
            "default-mismatch" | "type-mismatch" | "truthiness-mismatch"
        );
        let Some(d) = f
            .variable
            .as_ref()
            .filter(|_| disagreement)
            .and_then(|n| decls.iter_mut().find(|d| &d.name == n))
        else {
            continue;
        };
        let file = &report.files.get(f.file).name;
        let found = match (&f.found, f.secret) {
            (Some(_), true) => "(hidden)".to_owned(),
            (Some(v), false) => format!("`{v}`"),
            (None, _) => "unset".to_owned(),
        };
        let note = format!("{file} {found}");
        if !d.disagree.contains(&note) {
            d.disagree.push(note);
        }
    }
    Ok(write_schema(
        found,
        prefixes,
        exclude,
        common.as_deref(),
        &decls,
    ))
}
