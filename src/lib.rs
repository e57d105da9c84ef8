//! envlint: keeps one declaration of a deployment's environment variables honest everywhere it is restated.

pub mod cli;
pub mod error;
pub mod facts;
pub mod fix;
pub mod render;
pub mod rules;
pub mod schema;
pub mod source;
pub mod surfaces;

use std::path::Path;

pub use error::Error;
use facts::Surface;
use rules::{Context, Finding, Rule};
use schema::Schema;
use source::{FileId, Files, SourceFile};

/// The outcome of a check: every file read, the facts, and the findings.
#[derive(Debug)]
pub struct Report {
    pub files: Files,
    pub schema_file: FileId,
    pub surfaces: Vec<Surface>,
    pub findings: Vec<Finding>,
    pub variables: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == rules::Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }
}

/// Reads the schema's surfaces through `load` and checks them with every rule not ignored.
pub fn lint(
    schema: &Schema,
    load: &mut surfaces::Loader,
    ignore: &[&'static Rule],
) -> Result<Report, Error> {
    let mut files = Files::default();
    let schema_file = files.add(schema.source.clone());
    let surfaces = surfaces::read_all(schema, load, &mut files)?;
    let ctx = Context {
        schema,
        schema_file,
        surfaces: &surfaces,
    };
    let findings = rules::run(&ctx, ignore);
    Ok(Report {
        files,
        schema_file,
        surfaces,
        findings,
        variables: schema.variables.len(),
    })
}

/// Checks the surfaces under `root`.
pub fn lint_dir(schema: &Schema, root: &Path, ignore: &[&'static Rule]) -> Result<Report, Error> {
    lint(
        schema,
        &mut |rel: &str| surfaces::read_file(root, rel),
        ignore,
    )
}

/// The schema for `root`: `explicit` if given, else `<root>/envlint.toml`, else the embedded one.
pub fn discover_schema(root: &Path, explicit: Option<&Path>) -> Result<Schema, Error> {
    let (path, shown) = if let Some(p) = explicit {
        (p.to_path_buf(), p.display().to_string())
    } else {
        let p = root.join("envlint.toml");
        if !p.exists() {
            return Ok(Schema::embedded());
        }
        (p, "envlint.toml".to_owned())
    };
    let source = SourceFile::read(&path, shown)?;
    Schema::parse(&source.name, &source.text)
}
