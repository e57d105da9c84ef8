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
use crate::report::{Finding, Report};
use crate::schema::{Schema, SurfaceName};
use find::{COMPOSE_NAMES, EXAMPLE_NAMES};
pub use find::{Found, find};
use infer::{Decl, Gaps, Gathered, container_settings, decl, gather, infer_prefixes};
use write::{Frame, surfaces_toml, toml_list, write_schema};

/// Writes the schema for `root` (`prefixes`: only names starting with one of them; none:
/// the prefixes inferred on evidence).
pub fn schema_text(root: &Path, prefixes: &[String]) -> Result<String, Error> {
    let mut found = find(root);
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
        let mut gathered = HashMap::new();
        let mut names = Vec::new();
        gather(&report, &mut gathered, &mut names);
        // A name a docs table documents, or an example file sets, is the deployment's.
        let documented: Vec<String> = names
            .iter()
            .filter(|n| {
                let on = &gathered[*n].on;
                on.contains(&SurfaceName::Docs) || on.contains(&SurfaceName::Dotenv)
            })
            .cloned()
            .collect();
        infer_prefixes(&names, &documented)
    } else {
        prefixes.to_vec()
    };
    if owned.is_empty() {
        return Err(Error::Usage(format!(
            "envlint init found no variables to declare under {} (it looked for example env files such as {}, Markdown and MDX tables with a Variable column, {} and code reading the environment; names need three or more of one `WORD_` prefix, a docs row or an example file's entry)",
            root.display(),
            EXAMPLE_NAMES[..3].join(", "),
            COMPOSE_NAMES.join(", ")
        )));
    }
    find::widen_code_roots(root, &mut found, &owned);
    let probe = Schema::parse("<init>", &probe_schema(&found, &owned))?;
    let mut report = read_lenient(root, &probe, false)?;
    // Decorators and getters the code uses three times or more with a variable's name are
    // declared, and the code read again with them.
    (found.decorators, found.getters) = frequent_words(&report);
    if !found.decorators.is_empty() || !found.getters.is_empty() {
        let probe = Schema::parse("<init>", &probe_schema(&found, &owned))?;
        report = read_lenient(root, &probe, false)?;
    }
    // A file a reader refused is left out of the schema too.
    let read: Vec<&str> = report.files.iter().map(|(_, f)| f.name.as_str()).collect();
    for list in [&mut found.dotenv, &mut found.docs, &mut found.compose] {
        let refused: Vec<String> = list
            .iter()
            .filter(|p| !read.contains(&p.as_str()))
            .cloned()
            .collect();
        list.retain(|p| read.contains(&p.as_str()));
        found.skipped.extend(
            refused
                .into_iter()
                .map(|p| (p, "its reader refuses it".to_owned())),
        );
    }
    let style = found.dotenv.first().and_then(|f| {
        report
            .files
            .iter()
            .find(|(_, s)| s.name == *f)
            .map(|(_, s)| crate::surfaces::dotenv::written_style(&s.text))
    });
    let mut gathered: HashMap<String, Gathered> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    gather(&report, &mut gathered, &mut order);
    order.sort_by_key(|n| gathered[n].first);
    let exclude = container_settings(&order, &gathered);
    let frame = Frame {
        prefixes: &owned,
        exclude: &exclude,
        style,
        ..Frame::default()
    };
    render(root, &found, frame, &order, &gathered)
}

/// Names and how often each is used.
type Counted = Vec<(String, usize)>;

/// The unknown decorators and getters the code uses three times or more, with how often,
/// most used first.
fn frequent_words(report: &Report) -> (Counted, Counted) {
    let mut counts: HashMap<(crate::facts::WordKind, String), usize> = HashMap::new();
    for s in &report.surfaces {
        for w in &s.unknown_words {
            *counts.entry((w.kind, w.name.clone())).or_default() += 1;
        }
    }
    let pick = |kind: crate::facts::WordKind| {
        let mut out: Vec<(String, usize)> = counts
            .iter()
            .filter(|((k, _), n)| *k == kind && **n >= 3)
            .map(|((_, w), n)| (w.clone(), *n))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    };
    (
        pick(crate::facts::WordKind::Decorator),
        pick(crate::facts::WordKind::Getter),
    )
}

/// A schema that declares nothing and configures the surfaces found.
fn probe_schema(found: &Found, prefixes: &[String]) -> String {
    let mut out = String::from("version = 1\n");
    let _ = writeln!(out, "prefixes = {}", toml_list(prefixes));
    surfaces_toml(&mut out, found, &Frame::default());
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
    mut frame: Frame,
    order: &[String],
    gathered: &HashMap<String, Gathered>,
) -> Result<String, Error> {
    let excluded = |n: &str| {
        frame.exclude.iter().any(|x| match x.strip_suffix('*') {
            Some(stem) => n.starts_with(stem),
            None => n == x,
        })
    };
    let owned = |n: &str| frame.prefixes.iter().any(|p| n.starts_with(p.as_str())) && !excluded(n);
    let gaps = Gaps::of(order.iter().filter(|n| owned(n)).map(|n| &gathered[n]));
    let mut decls: Vec<Decl> = order
        .iter()
        .filter(|n| owned(n))
        .map(|n| decl(n, &gathered[n], found, &gaps))
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
    frame.section = common;
    let schema = loop {
        let text = write_schema(found, &frame, &decls);
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
    // What the first check will report, above each variable (and in the header for what
    // is about no variable).
    let report = read_lenient(root, &schema, true)?;
    let mut general = Vec::new();
    for f in &report.findings {
        let d = f
            .variable
            .as_ref()
            .and_then(|n| decls.iter_mut().find(|d| &d.name == n));
        if let Some(d) = d {
            let note = note(&report, f, d);
            if !d.notes.contains(&note) {
                d.notes.push(note);
            }
        } else {
            let file = report.files.get(f.file);
            let at = file.position(f.span.start);
            general.push(format!(
                "{} at {}:{}: {} ({})",
                f.rule.name, file.name, at.line, f.message, f.rule.name
            ));
        }
    }
    frame.general = general;
    Ok(write_schema(found, &frame, &decls))
}

/// What the first check reports about `d`, in a line: where, what, and the rule.
fn note(report: &Report, f: &Finding, d: &Decl) -> String {
    let file = report.files.get(f.file);
    let at = format!("{}:{}", file.name, file.position(f.span.start).line);
    let value = match (&f.found, f.secret) {
        (Some(_), true) => "a value (hidden)".to_owned(),
        (Some(v), false) if v.is_empty() => "an empty value".to_owned(),
        (Some(v), false) => format!("`{v}`"),
        (None, _) => "no default".to_owned(),
    };
    let kept = match (&d.default, f.secret || d.secret) {
        (Some(_), true) => "its own (hidden)".to_owned(),
        (Some(v), false) => format!("`{v}`"),
        (None, _) => "none".to_owned(),
    };
    let kind = report
        .surfaces
        .iter()
        .find(|s| s.file == f.file)
        .map(|s| s.kind);
    let what = match f.rule.name {
        // (A flag's reads can disagree with each other at one place, or with the schema:
        // `truthiness-mismatch` says which, in its own words below.)
        "default-mismatch" | "type-mismatch" => {
            format!("{at} states {value}; the schema keeps {kept}")
        }
        "missing-entry" => match (kind, &d.read_at) {
            (Some(SurfaceName::Docs), Some(read)) => {
                format!("read by {read}, documented nowhere")
            }
            _ => format!("missing from {}", file.name),
        },
        "unused-variable" => "documented, read by nothing under the code roots".to_owned(),
        "secret-exposed" => format!("{at} holds a value that looks real"),
        "duplicate-entry" => format!("twice in {} ({at})", file.name),
        _ => format!("{at}: {}", f.message),
    };
    format!("{what} ({})", f.rule.name)
}
