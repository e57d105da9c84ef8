//! `envlint check`: reads the schema and the surfaces (from the work tree or the git
//! index), runs the rules, applies suppressions, and hands back the report. May import:
//! `source`, `error`, `staged`, `schema`, `facts`, `surfaces`, `report`, `rules`.

mod suppress;

use std::path::Path;

use crate::error::Error;
use crate::report::{Context, Report, Rule};
use crate::schema::Schema;
use crate::source::{Files, SourceFile};
use crate::{rules, staged, surfaces};

/// Reads the schema's file surfaces through `load` and checks them with every rule not
/// ignored; the code surface is not read (see [`lint_dir`]).
pub fn lint(
    schema: &Schema,
    load: &mut surfaces::Loader,
    ignore: &[&'static Rule],
) -> Result<Report, Error> {
    lint_with(schema, load, &mut |_, _| Ok(None), ignore)
}

/// Walks the code surface into `files`; `None` when there is none.
pub type CodeWalker<'a> =
    dyn FnMut(&Schema, &mut Files) -> Result<Option<surfaces::code::Scan>, Error> + 'a;

/// Reads the file surfaces through `load` and the code surface through `code`, then checks.
pub fn lint_with(
    schema: &Schema,
    load: &mut surfaces::Loader,
    code: &mut CodeWalker,
    ignore: &[&'static Rule],
) -> Result<Report, Error> {
    let mut files = Files::default();
    let schema_file = files.add(schema.source.clone());
    let mut surfaces = surfaces::read_all(schema, load, &mut files)?;
    let scan = code(schema, &mut files)?;
    let mut notes = read_notes(&files, &surfaces);
    let code_files = match scan {
        Some(mut scan) => {
            let reading = scan.surfaces.len();
            notes.push(format!(
                "walked {} source files under the code roots; {reading} of them read owned variables or did not parse",
                scan.files
            ));
            notes.append(&mut scan.notes);
            surfaces::keep_owned(schema, &mut scan.surfaces);
            surfaces.append(&mut scan.surfaces);
            Some(scan.files)
        }
        None => None,
    };
    rules::check_schema(schema)?;
    let ctx = Context {
        schema,
        schema_file,
        surfaces: &surfaces,
        files: &files,
    };
    let findings = rules::run(&ctx, ignore);
    let mut report = Report {
        files,
        schema_file,
        surfaces,
        findings,
        variables: schema.variables.len(),
        code_files,
        notes,
        suppressed: 0,
        baselined: 0,
    };
    suppress::apply(&mut report, schema, ignore);
    Ok(report)
}

/// What `--verbose` tells of the surface files read: each file, what it was read as and
/// what it gave, and what its adapter could not read.
fn read_notes(files: &Files, surfaces: &[crate::facts::Surface]) -> Vec<String> {
    let mut notes = Vec::new();
    for s in surfaces {
        let file = files.get(s.file);
        let how = match (s.kind, s.dialect) {
            (crate::schema::SurfaceName::Dotenv, Some(d)) => format!("dotenv, {} dialect", d.key()),
            (crate::schema::SurfaceName::Docs, _) if surfaces::docs::mdx::is_mdx(&file.name) => {
                "docs, MDX".to_owned()
            }
            (kind, _) => kind.key().to_owned(),
        };
        let mut gave = vec![format!("{} mentions", s.mentions.len())];
        if !s.tables.is_empty() {
            gave.push(format!("{} tables with a variable column", s.tables.len()));
        }
        if !s.services.is_empty() {
            gave.push(format!("{} services", s.services.len()));
        }
        if !s.rejected.is_empty() {
            gave.push(format!("{} refused", s.rejected.len()));
        }
        notes.push(format!("read {} ({how}): {}", file.name, gave.join(", ")));
        for (at, n) in &s.notes {
            let p = file.position(*at);
            notes.push(format!("{}:{}:{}: {n}", file.name, p.line, p.column));
        }
    }
    notes
}

/// Checks the surfaces under `root`, code included.
pub fn lint_dir(schema: &Schema, root: &Path, ignore: &[&'static Rule]) -> Result<Report, Error> {
    let expanded;
    let schema = if schema.has_docs_globs() {
        let mut s = schema.clone();
        s.expand_docs_globs(&list_files(root));
        expanded = s;
        &expanded
    } else {
        schema
    };
    lint_with(
        schema,
        &mut |rel: &str| surfaces::read_file(root, rel),
        &mut |schema: &Schema, files: &mut Files| {
            schema
                .code
                .as_ref()
                .map(|config| surfaces::code::scan(root, schema, config, files, None))
                .transpose()
        },
        ignore,
    )
}

/// Checks the surfaces under `root` as the git index holds them (`--staged`): the
/// schema too, unless given explicitly. Paths outside the root are refused first unless
/// `allow_outside_root`.
pub fn lint_staged(
    explicit_schema: Option<&Path>,
    root: &Path,
    allow_outside_root: bool,
    ignore: &[&'static Rule],
) -> Result<(Schema, Report), Error> {
    let index = staged::Index::open(root)?;
    let schema = match explicit_schema {
        Some(p) => discover_schema(root, Some(p))?,
        None if index.has("envlint.toml") => {
            let source = index.source("envlint.toml")?;
            Schema::parse(&source.name, &source.text)?
        }
        None => {
            let embedded = Schema::embedded();
            // A code root is there when the index holds a file under it.
            foreign_root(root, &embedded, |rel| {
                index.has(rel)
                    || index
                        .listed()
                        .iter()
                        .any(|p| p.strip_prefix(rel).is_some_and(|r| r.starts_with('/')))
            })?;
            embedded
        }
    };
    let mut schema = schema;
    if schema.has_docs_globs() {
        schema.expand_docs_globs(index.listed());
    }
    if !allow_outside_root {
        schema.check_within_root()?;
    }
    let report = lint_with(
        &schema,
        &mut |rel: &str| index.source(rel),
        &mut |schema: &Schema, files: &mut Files| {
            schema
                .code
                .as_ref()
                .map(|config| surfaces::code::scan(root, schema, config, files, Some(&index)))
                .transpose()
        },
        ignore,
    )?;
    Ok((schema, report))
}

/// Refuses to apply the embedded schema to a root that does not hold every one of its
/// surface files (the example file, the docs page, the compose file, the code roots): in
/// any other project, however alike (nearly every one has a `.env.example` and a compose
/// file), its findings would be another deployment's.
fn foreign_root(
    root: &Path,
    embedded: &Schema,
    exists: impl Fn(&str) -> bool,
) -> Result<(), Error> {
    let code: Vec<&str> = embedded
        .code
        .iter()
        .flat_map(|c| c.roots.iter().map(String::as_str))
        .collect();
    let files: Vec<&str> = embedded
        .paths()
        .into_iter()
        .filter(|p| !crate::schema::is_glob(p) && !code.contains(p))
        .collect();
    if files.iter().all(|p| exists(p)) && code.iter().all(|r| exists(r)) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "no envlint.toml in {}; run `envlint init` to write one from your files",
        root.display()
    )))
}

/// Every file under `root` (`.gitignore` honoured), relative, with `/` separators: what
/// docs globs are matched against.
pub fn list_files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in ignore::WalkBuilder::new(root)
        .hidden(false)
        .build()
        .flatten()
    {
        if entry.file_type().is_some_and(|t| t.is_file())
            && let Ok(rel) = entry.path().strip_prefix(root)
        {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    out
}

/// The schema for `root`: `explicit` if given, else `<root>/envlint.toml`, else the embedded one.
pub fn discover_schema(root: &Path, explicit: Option<&Path>) -> Result<Schema, Error> {
    let (path, shown) = if let Some(p) = explicit {
        (p.to_path_buf(), p.display().to_string())
    } else {
        let p = root.join("envlint.toml");
        if !p.exists() {
            let embedded = Schema::embedded();
            foreign_root(root, &embedded, |rel| root.join(rel).exists())?;
            return Ok(embedded);
        }
        (p, "envlint.toml".to_owned())
    };
    let source = SourceFile::read(&path, shown)?;
    Schema::parse(&source.name, &source.text)
}
