//! `envlint init`: a schema written from what a project's files already say.
//!
//! The surfaces are found first (example dotenv files, Markdown files holding a table with a
//! variable column, compose files, the directories whose code reads the environment), then
//! read by the same adapters `check` uses under a schema that declares nothing, and each
//! name they mention becomes a `[[variable]]`: its type inferred from every value stated,
//! its default what the code computes (else the docs cell, else the example value), its
//! description the docs cell (else the comment above its dotenv entry). Where surfaces
//! disagree the code wins, and a comment above the variable names the others, so the first
//! `check` reports exactly those disagreements.

use std::fmt::Write as _;
use std::path::Path;

use foldhash::{HashMap, HashMapExt as _};

use crate::facts::{MentionKind, Role, Surface};
use crate::schema::{Schema, SurfaceName, VarType, is_env_name};
use crate::surfaces::{docs, looks_secret};
use crate::{Error, Report};

/// The names of example dotenv files looked for at the root and beside compose files.
const DOTENV_NAMES: [&str; 5] = [
    ".env.example",
    ".env.sample",
    ".env.template",
    "example.env",
    "env.example",
];
/// The compose file names compose itself looks for.
const COMPOSE_NAMES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
];
/// Text in a source file that reads the environment.
const READS: [&str; 8] = [
    "process.env",
    "import.meta.env",
    "env::var",
    "std::env",
    "env!(",
    "option_env!",
    "Deno.env",
    "Bun.env",
];

/// The files `init` found.
#[derive(Debug, Default, Clone)]
pub struct Found {
    pub dotenv: Vec<String>,
    pub docs: Vec<String>,
    pub compose: Vec<String>,
    pub code_roots: Vec<String>,
}

/// Finds the surfaces under `root` in one walk (`.gitignore` honoured).
pub fn find(root: &Path) -> Found {
    let mut found = Found::default();
    let exists = |rel: &str| root.join(rel).is_file();
    for name in COMPOSE_NAMES {
        if exists(name) {
            found.compose.push(name.to_owned());
            let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
            let over = format!("{stem}.override.{ext}");
            if exists(&over) {
                found.compose.push(over);
            }
        }
    }
    let mut dirs = vec![String::new()];
    for c in &found.compose {
        if let Some((d, _)) = c.rsplit_once('/')
            && !dirs.iter().any(|x| x == d)
        {
            dirs.push(d.to_owned());
        }
    }
    let mut markdown = Vec::new();
    let mut roots: Vec<String> = Vec::new();
    for entry in ignore::WalkBuilder::new(root).build().flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "md" | "markdown" => markdown.push(rel),
            "ts" | "tsx" | "mts" | "cts" | "js" | "jsx" | "mjs" | "cjs" | "rs" => {
                let top = rel.split_once('/').map_or(".", |(d, _)| d);
                if roots.iter().any(|r| r == top) {
                    continue;
                }
                let Ok(bytes) = std::fs::read(entry.path()) else {
                    continue;
                };
                if READS
                    .iter()
                    .any(|r| memchr::memmem::find(&bytes, r.as_bytes()).is_some())
                {
                    roots.push(top.to_owned());
                }
            }
            _ => {}
        }
    }
    roots.sort();
    found.code_roots = roots;
    for dir in &dirs {
        let at = |name: &str| {
            if dir.is_empty() {
                name.to_owned()
            } else {
                format!("{dir}/{name}")
            }
        };
        for name in DOTENV_NAMES {
            if exists(&at(name)) {
                found.dotenv.push(at(name));
            }
        }
        // `.env.*.example`
        let Ok(listing) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut more: Vec<String> = listing
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.starts_with(".env.") && n.ends_with(".example") && n != ".env.example")
            .map(|n| at(&n))
            .collect();
        more.sort();
        found.dotenv.extend(more);
    }
    markdown.sort();
    for rel in markdown {
        let Ok(text) = std::fs::read_to_string(root.join(&rel)) else {
            continue;
        };
        let doc = docs::read_doc(&text);
        let documents = doc.tables.iter().any(|t| {
            t.columns.variable.is_some_and(|c| {
                t.rows.iter().any(|r| {
                    r.cells
                        .get(c)
                        .is_some_and(|cell| is_env_name(&docs::cell_text(&text[cell.clone()])))
                })
            })
        });
        if documents {
            found.docs.push(rel);
        }
    }
    found
}

/// What one variable's surfaces say, gathered.
#[derive(Debug, Default)]
struct Gathered {
    /// Where it is mentioned: `dotenv` files, and the kinds of the other surfaces.
    dotenv_files: Vec<String>,
    on: Vec<SurfaceName>,
    /// Values stated, each with who states it (for the disagreement comment) and its role.
    code_default: Vec<Option<String>>,
    #[allow(
        clippy::option_option,
        reason = "no row, a row saying unset, a row with a value"
    )]
    docs_default: Option<Option<String>>,
    docs_description: Option<String>,
    docs_section: Option<String>,
    example: Option<String>,
    example_file: Option<String>,
    notes: Vec<(String, Option<String>)>,
    compose_defaults: Vec<(String, String)>,
    comment: Option<String>,
    service: Option<String>,
    profile: Option<String>,
    /// Whether a compose file interpolates it, and the first service that does.
    interpolated: bool,
    interpolator: Option<String>,
    interpolator_profile: Option<String>,
    /// The first place it appears: (surface rank, file order, position).
    first: (usize, usize, usize),
}

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

/// The `[surfaces.*]` tables for `found`; `section` goes into `[surfaces.docs]`.
fn surfaces_toml(out: &mut String, found: &Found, section: Option<&str>) {
    if !found.dotenv.is_empty() {
        let _ = writeln!(
            out,
            "\n[surfaces.dotenv]\npath = {}",
            one_or_list(&found.dotenv)
        );
    }
    if !found.docs.is_empty() {
        let _ = writeln!(
            out,
            "\n[surfaces.docs]\npath = {}",
            one_or_list(&found.docs)
        );
        if let Some(s) = section {
            let _ = writeln!(out, "section = {}", toml_str(s));
        }
    }
    if !found.compose.is_empty() {
        let _ = writeln!(
            out,
            "\n[surfaces.compose]\npath = {}",
            one_or_list(&found.compose)
        );
    }
    if !found.code_roots.is_empty() {
        let _ = writeln!(
            out,
            "\n[surfaces.code]\nroots = {}",
            toml_list(&found.code_roots)
        );
    }
}

/// The surfaces of `root` under `schema`. A file a reader refuses whole (YAML that does
/// not parse, say) is left out of the schema rather than stopping `init`.
fn read_lenient(root: &Path, schema: &Schema, rules: bool) -> Result<Report, Error> {
    let mut schema = schema.clone();
    let ignore = if rules { &[][..] } else { crate::rules::RULES };
    loop {
        match crate::lint_dir(&schema, root, ignore) {
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

/// Collects what each surface says about each name, and the names in order of appearance.
fn gather(report: &Report, out: &mut HashMap<String, Gathered>, order: &mut Vec<String>) {
    let rank = |k: SurfaceName| match k {
        SurfaceName::Docs => 0,
        SurfaceName::Dotenv => 1,
        SurfaceName::Compose => 2,
        SurfaceName::Code => 3,
        SurfaceName::Prose => 4,
    };
    for (file_order, s) in report.surfaces.iter().enumerate() {
        let file = report.files.get(s.file);
        for m in &s.mentions {
            if m.kind == MentionKind::Comment || !is_env_name(&m.name) {
                continue;
            }
            let g = out.entry(m.name.clone()).or_insert_with(|| {
                order.push(m.name.clone());
                Gathered {
                    first: (rank(s.kind), file_order, m.span.start),
                    ..Gathered::default()
                }
            });
            g.first = g.first.min((rank(s.kind), file_order, m.span.start));
            if !g.on.contains(&s.kind) {
                g.on.push(s.kind);
            }
            match s.kind {
                SurfaceName::Dotenv => {
                    if !g.dotenv_files.contains(&file.name) {
                        g.dotenv_files.push(file.name.clone());
                    }
                    dotenv_mention(g, &file.name, &file.text, s, m);
                }
                SurfaceName::Docs => docs_mention(g, s, m),
                SurfaceName::Compose => compose_mention(g, &file.name, s, m),
                SurfaceName::Code => {
                    for st in m.stated.iter().filter(|st| st.role == Role::Default) {
                        g.code_default.push(st.text.clone());
                    }
                }
                SurfaceName::Prose => {}
            }
        }
    }
}

fn dotenv_mention(
    g: &mut Gathered,
    name: &str,
    text: &str,
    s: &Surface,
    m: &crate::facts::Mention,
) {
    if m.kind != MentionKind::Entry {
        return;
    }
    for st in &m.stated {
        match st.role {
            Role::Example if g.example.is_none() => {
                g.example.clone_from(&st.text);
                g.example_file = Some(name.to_owned());
            }
            Role::Default => g.notes.push((name.to_owned(), st.text.clone())),
            _ => {}
        }
    }
    if g.comment.is_none() {
        g.comment = comment_above(text, m.block.start, m.span.start);
    }
    let _ = s;
}

/// The prose of the comment lines from `from` to the line holding `entry`: `#` and
/// decoration removed, `Default:` notes kept.
fn comment_above(text: &str, from: usize, entry: usize) -> Option<String> {
    let line_start = text[..entry].rfind('\n').map_or(0, |i| i + 1);
    let mut words = Vec::new();
    for line in text[from..line_start.max(from)].lines() {
        let body = line.trim().trim_start_matches('#').trim();
        let decoration =
            body.chars().filter(|c| c.is_alphanumeric()).count() * 2 < body.chars().count();
        if body.is_empty() || decoration {
            continue;
        }
        words.push(body.to_owned());
    }
    (!words.is_empty()).then(|| words.join(" "))
}

fn docs_mention(g: &mut Gathered, s: &Surface, m: &crate::facts::Mention) {
    if m.kind != MentionKind::Entry || g.docs_default.is_some() {
        return;
    }
    for st in &m.stated {
        match st.role {
            Role::Default => g.docs_default = Some(st.text.clone()),
            Role::Description => g.docs_description = st.text.clone().filter(|t| !t.is_empty()),
            _ => {}
        }
    }
    if g.docs_default.is_none() {
        g.docs_default = Some(None);
    }
    g.docs_section = s
        .tables
        .iter()
        .find(|t| t.span.start <= m.span.start && m.span.end <= t.span.end)
        .and_then(|t| t.sections.last())
        .map(|h| section_key(h));
}

/// What identifies a heading as a section: its number (`25.`, `3.2`) when it starts with
/// one, else its text.
fn section_key(heading: &str) -> String {
    let h = heading.trim();
    let number: String = h
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if number.chars().any(|c| c.is_ascii_digit()) {
        number
    } else {
        h.to_owned()
    }
}

fn compose_mention(g: &mut Gathered, file: &str, s: &Surface, m: &crate::facts::Mention) {
    if m.kind == MentionKind::Interpolation {
        g.interpolated = true;
    }
    for st in m.stated.iter().filter(|st| st.role == Role::Default) {
        if let Some(t) = &st.text {
            g.compose_defaults.push((file.to_owned(), t.clone()));
        }
    }
    // The service that receives it (an `environment` key), else the one whose definition
    // interpolates it.
    let interpolating = (m.kind == MentionKind::Interpolation)
        .then(|| {
            s.services
                .iter()
                .find(|x| x.body.start <= m.span.start && m.span.end <= x.body.end)
                .map(|x| x.name.clone())
        })
        .flatten();
    if m.kind == MentionKind::Interpolation
        && g.interpolator.is_none()
        && let Some(name) = interpolating
    {
        g.interpolator_profile = s
            .services
            .iter()
            .find(|x| x.name == name)
            .and_then(|x| x.profiles.first().cloned())
            .filter(|p| !p.is_empty());
        g.interpolator = Some(name);
    }
    if m.kind == MentionKind::Entry
        && g.service.is_none()
        && let Some(service) = &m.scope
    {
        g.service = Some(service.clone());
        g.profile = s
            .services
            .iter()
            .find(|x| &x.name == service)
            .and_then(|x| x.profiles.first().cloned())
            .filter(|p| !p.is_empty());
    }
}

/// Names only a compose service's `environment` sets (no other file, no interpolation):
/// another program's settings. `QDRANT__SERVICE__API_KEY` gives `QDRANT__*`.
fn container_settings(order: &[String], gathered: &HashMap<String, Gathered>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in order {
        let g = &gathered[n];
        if g.on != [SurfaceName::Compose] || g.interpolated {
            continue;
        }
        let pattern = match n.find("__") {
            Some(i) => format!("{}*", &n[..i + 2]),
            None => n.clone(),
        };
        if !out.contains(&pattern) {
            out.push(pattern);
        }
    }
    out
}

/// The leading `WORD_` of each name (the whole name when it has no `_` after its first
/// character), each once, sorted.
fn infer_prefixes(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = names
        .iter()
        .map(|n| match n[1..].find('_') {
            Some(i) => n[..i + 2].to_owned(),
            None => n.clone(),
        })
        .collect();
    out.sort();
    out.dedup();
    // A prefix that another covers goes (`A_` covers `A_B_`).
    let all = out.clone();
    out.retain(|p| !all.iter().any(|q| q != p && p.starts_with(q.as_str())));
    out
}

/// One variable as written.
#[derive(Debug, Default)]
struct Decl {
    name: String,
    ty: VarType,
    values: Vec<String>,
    default: Option<String>,
    example: Option<String>,
    description: String,
    section: Option<String>,
    profile: Option<String>,
    service: Option<String>,
    secret: bool,
    on: Option<Vec<String>>,
    disagree: Vec<String>,
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

impl Decl {
    fn on_docs(&self, found: &Found) -> bool {
        !found.docs.is_empty()
            && self
                .on
                .as_ref()
                .is_none_or(|on| on.iter().any(|s| s == "docs"))
    }

    /// Drops the least certain thing inferred; whether anything was left to drop.
    fn simplify(&mut self) -> bool {
        if self.ty != VarType::String {
            self.ty = VarType::String;
            self.values.clear();
        } else if self.default.is_some() || self.example.is_some() {
            self.default = None;
            self.example = None;
        } else {
            return false;
        }
        true
    }
}

fn decl(name: &str, g: &Gathered, found: &Found) -> Decl {
    let secret = looks_secret(name);
    // The default: what the code computes, else the docs cell, else the example value.
    let code = g.code_default.first().cloned();
    let default: Option<String> = match (&code, &g.docs_default) {
        (Some(c), _) => c.clone(),
        (None, Some(d)) => d.clone(),
        (None, None) => g.example.clone().filter(|e| !e.is_empty()),
    };
    let mut values: Vec<&str> = Vec::new();
    values.extend(default.as_deref());
    values.extend(g.example.as_deref().filter(|e| !e.is_empty()));
    values.extend(g.compose_defaults.iter().map(|(_, v)| v.as_str()));
    let choices = g
        .docs_description
        .as_deref()
        .and_then(choices)
        .filter(|c| values.iter().all(|v| c.iter().any(|x| x == v)));
    let ty = match choices {
        Some(_) => VarType::Enum,
        None => infer_type(name, &values),
    };
    let same = |a: &str, b: &str| ty.same(a, b);
    let example = match (&g.example, &default) {
        (Some(e), Some(d)) if !same(e, d) => Some(e.clone()),
        (Some(e), None) if !e.is_empty() => Some(e.clone()),
        _ => None,
    };
    let description = g
        .docs_description
        .clone()
        .or_else(|| g.comment.clone())
        .unwrap_or_else(
            || match (&g.example_file, g.on.contains(&SurfaceName::Code)) {
                (Some(f), _) => format!("Set in `{f}`."),
                (None, true) => "Read by the code.".to_owned(),
                (None, false) => "Named in the compose file.".to_owned(),
            },
        );
    Decl {
        name: name.to_owned(),
        ty,
        values: choices_or_empty(ty, g),
        default: if secret { None } else { default },
        example: if secret { None } else { example },
        description,
        section: g
            .docs_section
            .clone()
            .filter(|_| g.on.contains(&SurfaceName::Docs)),
        // Both from the service that receives it, else both from one that interpolates it.
        profile: if g.service.is_some() {
            g.profile.clone()
        } else {
            g.interpolator_profile.clone()
        },
        service: g.service.clone().or_else(|| g.interpolator.clone()),
        secret,
        on: on_list(g, found),
        disagree: Vec::new(),
    }
}

fn choices_or_empty(ty: VarType, g: &Gathered) -> Vec<String> {
    if ty == VarType::Enum {
        g.docs_description
            .as_deref()
            .and_then(choices)
            .unwrap_or_default()
    } else {
        Vec::new()
    }
}

/// The choices a description lists as `a | b | c` (backticks allowed), when it does.
fn choices(text: &str) -> Option<Vec<String>> {
    let token = |t: &str| {
        let t = t.trim().trim_matches('`');
        (!t.is_empty()
            && t.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .then(|| t.to_owned())
    };
    // The longest run of `|`-separated tokens in the text, words around it aside.
    let parts: Vec<&str> = text.split('|').collect();
    if parts.len() < 2 {
        return None;
    }
    let first = parts[0].split_whitespace().last().and_then(token)?;
    let mut out = vec![first];
    for (i, p) in parts[1..].iter().enumerate() {
        let last = i + 2 == parts.len();
        let word = if last {
            p.split_whitespace().next()
        } else {
            Some(p.trim())
        };
        out.push(word.and_then(|w| token(w.trim_end_matches(['.', ',', ';', ')'])))?);
    }
    Some(out)
}

/// The most specific type every value has (`port` only for a `*_PORT` name).
fn infer_type(name: &str, values: &[&str]) -> VarType {
    if values.is_empty() {
        return VarType::String;
    }
    let fits = |t: VarType| values.iter().all(|v| t.reject(v, &[]).is_none());
    if name.ends_with("_PORT") && fits(VarType::Port) {
        return VarType::Port;
    }
    [VarType::Int, VarType::Float, VarType::Bool, VarType::Url]
        .into_iter()
        .find(|t| fits(*t))
        .unwrap_or(VarType::String)
}

/// `on` when it differs from the default (every configured surface but compose).
fn on_list(g: &Gathered, found: &Found) -> Option<Vec<String>> {
    let configured = [
        (SurfaceName::Dotenv, !found.dotenv.is_empty()),
        (SurfaceName::Docs, !found.docs.is_empty()),
        (SurfaceName::Code, !found.code_roots.is_empty()),
    ];
    let dotenv_all = g.dotenv_files.len() == found.dotenv.len();
    let default = configured
        .iter()
        .all(|(k, present)| !present || g.on.contains(k))
        && !g.on.contains(&SurfaceName::Compose)
        && dotenv_all;
    if default {
        return None;
    }
    let mut on = Vec::new();
    for k in [
        SurfaceName::Dotenv,
        SurfaceName::Docs,
        SurfaceName::Compose,
        SurfaceName::Code,
    ] {
        if !g.on.contains(&k) {
            continue;
        }
        if k == SurfaceName::Dotenv && !dotenv_all {
            on.extend(g.dotenv_files.iter().map(|f| format!("dotenv:{f}")));
        } else {
            on.push(k.key().to_owned());
        }
    }
    Some(on)
}

fn write_schema(
    found: &Found,
    prefixes: &[String],
    exclude: &[String],
    section: Option<&str>,
    decls: &[Decl],
) -> String {
    let mut out = String::new();
    let mut from: Vec<String> = Vec::new();
    from.extend(found.dotenv.iter().cloned());
    from.extend(found.docs.iter().cloned());
    from.extend(found.compose.iter().cloned());
    from.extend(found.code_roots.iter().map(|r| format!("{r}/ (code)")));
    let _ = writeln!(
        out,
        "# envlint schema, written by `envlint init` from what these files say:"
    );
    for line in crate::surfaces::dotenv::wrap_joined(from.iter().map(String::as_str), ", ", 86) {
        let _ = writeln!(out, "#   {line}");
    }
    out.push_str(
        "# Review the types, defaults and descriptions. Where the files disagree, the code's\n\
         # value was taken and a `surfaces disagree` comment names the others: the first\n\
         # `envlint check` reports exactly those.\n",
    );
    out.push_str("version = 1\n");
    let _ = writeln!(out, "prefixes = {}", toml_list(prefixes));
    if !exclude.is_empty() {
        out.push_str("# Set only on a container's `environment`: another program's settings.\n");
        let _ = writeln!(out, "exclude = {}", toml_list(exclude));
    }
    surfaces_toml(&mut out, found, section);
    let mut group: Option<&str> = None;
    for d in decls {
        let prefix = prefixes
            .iter()
            .find(|p| d.name.starts_with(p.as_str()))
            .map(String::as_str);
        if prefix != group {
            group = prefix;
            let title = prefix.unwrap_or("other");
            let rule = "─".repeat(72usize.saturating_sub(title.chars().count() + 4));
            let _ = writeln!(out, "\n# ── {title} {rule}");
        }
        out.push('\n');
        for note in &d.disagree {
            let _ = writeln!(
                out,
                "# surfaces disagree: {note} (the schema keeps the code's value)"
            );
        }
        out.push_str("[[variable]]\n");
        let _ = writeln!(out, "name = {}", toml_str(&d.name));
        let _ = writeln!(out, "type = {}", toml_str(d.ty.name()));
        if d.ty == VarType::Enum {
            let _ = writeln!(out, "values = {}", toml_list(&d.values));
        }
        if let Some(v) = &d.default {
            let _ = writeln!(out, "default = {}", toml_str(v));
        }
        if let Some(v) = &d.example {
            let _ = writeln!(out, "example = {}", toml_str(v));
        }
        let _ = writeln!(out, "description = {}", toml_str(&d.description));
        if let Some(s) = &d.section {
            let _ = writeln!(out, "section = {}", toml_str(s));
        }
        if let Some(p) = &d.profile {
            let _ = writeln!(out, "profile = {}", toml_str(p));
        }
        if let Some(s) = &d.service {
            let _ = writeln!(out, "service = {}", toml_str(s));
        }
        if d.secret {
            out.push_str("secret = true\n");
        }
        if let Some(on) = &d.on {
            let _ = writeln!(out, "on = {}", toml_list(on));
        }
    }
    out
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn one_or_list(items: &[String]) -> String {
    match items {
        [one] => toml_str(one),
        _ => toml_list(items),
    }
}

/// Writes `text` to `path` atomically: a new file, or (with `force`) over an existing one.
pub fn write_new(path: &Path, text: &str, force: bool) -> Result<(), Error> {
    use std::io::Write as _;
    let shown = path.display().to_string();
    if path.exists() && !force {
        return Err(Error::Read {
            path: shown,
            reason: "it exists; pass --force to overwrite it".to_owned(),
        });
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let write = || -> std::io::Result<()> {
        let mut tmp = tempfile::Builder::new()
            .prefix(".envlint-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        tmp.write_all(text.as_bytes())?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    };
    write().map_err(|e| Error::Read {
        path: shown,
        reason: format!("cannot write it: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_the_most_specific_every_value_has() {
        assert_eq!(infer_type("QDRANT_PORT", &["6333"]), VarType::Port);
        assert_eq!(infer_type("QDRANT_SIZE", &["1536", "768"]), VarType::Int);
        assert_eq!(infer_type("X_PORT", &["70000"]), VarType::Int);
        assert_eq!(infer_type("X_RATIO", &["0.5", "1"]), VarType::Float);
        assert_eq!(infer_type("X_ON", &["true", "off"]), VarType::Bool);
        assert_eq!(infer_type("X_URL", &["http://a:1"]), VarType::Url);
        assert_eq!(infer_type("X_NAME", &["a b"]), VarType::String);
        assert_eq!(infer_type("X_NONE", &[]), VarType::String);
    }

    #[test]
    fn choices_listed_in_a_description() {
        assert_eq!(
            choices("Log level: `debug` | `info` | `warn`."),
            Some(vec![
                "debug".to_owned(),
                "info".to_owned(),
                "warn".to_owned()
            ])
        );
        assert_eq!(
            choices("one of a|b"),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(choices("no choices here"), None);
        assert_eq!(choices("a | two words | c"), None);
    }

    #[test]
    fn prefixes_are_the_leading_words() {
        let names: Vec<String> = ["QDRANT_HOST", "QDRANT_PORT", "BIFROST_URL", "PORT", "A_B_C"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(
            infer_prefixes(&names),
            vec!["A_", "BIFROST_", "PORT", "QDRANT_"]
        );
    }

    #[test]
    fn toml_strings_escape_what_they_must() {
        assert_eq!(toml_str("a \"b\" \\ c\n"), "\"a \\\"b\\\" \\\\ c\\n\"");
    }

    #[test]
    fn sections_are_numbers_when_headings_start_with_one() {
        assert_eq!(section_key("25. Memory and routing"), "25.");
        assert_eq!(section_key(" 3.2 Logging"), "3.2");
        assert_eq!(section_key("Sidecars"), "Sidecars");
    }
}
