//! Surface adapters: each turns one kind of file into facts; nothing else knows file
//! syntax. May import: `source`, `error`, `staged`, `schema`, `facts`, `edit`.

pub mod code;
pub mod compose;
pub mod docs;
pub mod dotenv;
pub mod prose;

use std::path::Path;

use crate::error::Error;
use crate::facts::{Role, Surface, looks_secret};
use crate::schema::{Dialect, Schema, normal_path};
use crate::source::{FileId, Files, SourceFile};

/// Loads a surface file by its path relative to the root.
pub type Loader<'a> = dyn FnMut(&str) -> Result<SourceFile, Error> + 'a;

/// Reads every configured surface into facts. Mentions of names the schema does not own
/// are dropped here: rules only ever see owned names.
pub fn read_all(
    schema: &Schema,
    load: &mut Loader,
    files: &mut Files,
) -> Result<Vec<Surface>, Error> {
    let mut surfaces = Vec::new();
    // Compose files are read first (a dotenv file they name as an `env_file` is read as
    // compose reads it) but keep their place after the other surfaces.
    let mut compose_files = Vec::new();
    if let Some(config) = &schema.compose {
        for path in &config.paths {
            let source = load(path)?;
            let doc = compose::read(&source)?;
            let facts = compose::facts(FileId(0), &source, &doc)?;
            compose_files.push((source, facts));
        }
    }
    if let Some(config) = &schema.dotenv {
        let mut package = None;
        for file in &config.files {
            let source = load(&file.path)?;
            let dialect = file.dialect.unwrap_or_else(|| {
                let named = compose_files.iter().any(|(source, facts)| {
                    names_env_file(&source.name, &facts.services, &file.path)
                });
                if named {
                    return Dialect::Compose;
                }
                if python_project(load, &file.path) {
                    return Dialect::Python;
                }
                let package = package.get_or_insert_with(|| {
                    load("package.json").is_ok_and(|p| depends_on_dotenv(&p.text))
                });
                if *package {
                    Dialect::Node
                } else {
                    Dialect::Dotenvy
                }
            });
            let scanned = dotenv::scan(&source, dialect)?;
            let id = files.add(source);
            surfaces.push(dotenv::facts(
                id,
                &files.get(id).text,
                &scanned,
                config.style,
            ));
        }
    }
    if let Some(config) = &schema.docs {
        let first = surfaces.len();
        let mut read = Vec::new();
        for path in &config.paths {
            let source = load(path)?;
            let doc = docs::read_doc_named(&source.name, &source.text);
            let id = files.add(source);
            surfaces.push(docs::facts(id, files.get(id), config, &doc));
            read.push(doc);
        }
        let docs: Vec<&docs::DocsDoc> = read.iter().collect();
        for (i, problem) in docs::structure(schema, &docs) {
            if let Some(s) = surfaces.get_mut(first + i) {
                s.structure.push(problem);
            }
        }
    }
    let services: Vec<String> = compose_files
        .iter()
        .flat_map(|(_, f)| f.services.iter().map(|s| s.name.clone()))
        .collect();
    for (source, mut facts) in compose_files {
        facts.file = files.add(source);
        surfaces.push(facts);
    }
    if let Some(config) = &schema.prose {
        // The files prose cites, each read once.
        let mut cited: foldhash::HashMap<String, Option<std::sync::Arc<String>>> =
            foldhash::HashMap::default();
        for path in &config.paths {
            let source = load(path)?;
            let id = files.add(source);
            let mut cite = |rel: &str| -> Option<std::sync::Arc<String>> {
                cited
                    .entry(rel.to_owned())
                    .or_insert_with(|| load(rel).ok().map(|s| s.text))
                    .clone()
            };
            surfaces.push(prose::read(id, files.get(id), &services, &mut cite));
        }
    }
    keep_owned(schema, &mut surfaces);
    Ok(surfaces)
}

/// Whether compose reads `dotenv` (relative to the root) once it is copied into place:
/// it is, or is the example of (`.env.example` and `.env.docker.example` are copied to
/// `.env` and `.env.docker`), the `.env` beside the compose file `compose` (compose
/// reads it for interpolation) or a file a service names as its `env_file`.
pub fn names_env_file(compose: &str, services: &[crate::facts::Service], dotenv: &str) -> bool {
    let dir = compose.rsplit_once('/').map_or("", |(d, _)| d);
    let dotenv = normal_path(dotenv);
    let (dotenv_dir, base) = dotenv
        .rsplit_once('/')
        .map_or(("", dotenv.as_str()), |(d, b)| (d, b));
    let mut copies = vec![dotenv.clone()];
    for suffix in [".example", ".sample", ".template", ".dist"] {
        if let Some(stem) = base.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            copies.push(normal_path(&format!("{dotenv_dir}/{stem}")));
        }
    }
    if matches!(
        base,
        "example.env" | "sample.env" | "env.example" | "env.sample"
    ) {
        copies.push(normal_path(&format!("{dotenv_dir}/.env")));
    }
    let beside = normal_path(&format!("{dir}/.env"));
    copies.contains(&beside)
        || services
            .iter()
            .flat_map(|s| &s.env_file)
            .any(|f| copies.contains(&normal_path(&format!("{dir}/{f}"))))
}

/// The files a Python project lists its dependencies in.
const PYTHON_MANIFESTS: [&str; 6] = [
    "pyproject.toml",
    "requirements.txt",
    "requirements/base.txt",
    "Pipfile",
    "setup.cfg",
    "setup.py",
];

/// Whether the Python project a dotenv file belongs to (its directory's, or the nearest
/// above's, manifest) depends on `python-dotenv`.
fn python_project(load: &mut Loader, env_path: &str) -> bool {
    let mut dir = normal_path(env_path);
    loop {
        dir = dir
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_owned());
        let mut found = false;
        for m in PYTHON_MANIFESTS {
            let path = if dir.is_empty() {
                m.to_owned()
            } else {
                format!("{dir}/{m}")
            };
            if let Ok(f) = load(&path) {
                found = true;
                if depends_on_python_dotenv(&f.text) {
                    return true;
                }
            }
        }
        if found || dir.is_empty() {
            return false;
        }
    }
}

/// Whether a Python manifest names `python-dotenv` as a requirement (`python-dotenv`,
/// `python_dotenv`, any case, as a requirement's name: followed by a version, an extra, a
/// quote or the line's end).
pub fn depends_on_python_dotenv(manifest: &str) -> bool {
    let lower = manifest.to_ascii_lowercase().replace('_', "-");
    lower.match_indices("python-dotenv").any(|(i, m)| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + m.len()..].chars().next();
        before.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
            && after.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
    })
}

/// Whether a `package.json` lists `dotenv` among its dependencies of any kind.
pub fn depends_on_dotenv(package_json: &str) -> bool {
    let Ok(serde_json::Value::Object(doc)) = serde_json::from_str(package_json) else {
        return false;
    };
    [
        "dependencies",
        "devDependencies",
        "optionalDependencies",
        "peerDependencies",
    ]
    .iter()
    .filter_map(|k| doc.get(*k).and_then(serde_json::Value::as_object))
    .any(|deps| deps.contains_key("dotenv"))
}

/// Masks the values of secrets, declared or named like one, owned or not (they are never
/// printed), then drops mentions of names the schema does not own: rules only ever see
/// owned names.
pub fn keep_owned(schema: &Schema, surfaces: &mut [Surface]) {
    for s in surfaces.iter_mut() {
        // Values of secrets, declared or named like one, owned or not, are never printed.
        // A declared variable's values are masked when the schema declares it secret; an
        // undeclared name's when it looks like one (conservatively).
        let secret = |name: &str| {
            schema
                .get(name)
                .map_or_else(|| looks_secret(name), |v| v.secret)
        };
        for m in &s.mentions {
            if secret(&m.name) {
                let values = m.stated.iter().filter(|st| st.role != Role::Description);
                s.redact.extend(
                    values
                        .filter(|st| st.text.as_ref().is_some_and(|t| !t.is_empty()))
                        .map(|st| st.span.clone()),
                );
            }
        }
        for r in &s.rejected {
            if let Some((name, value)) = &r.value
                && secret(name)
            {
                s.redact.push(value.clone());
            }
        }
        s.mentions.retain(|m| schema.owns(&m.name));
    }
}

/// Reads a surface file named relative to `root`; the name shown is that relative path.
pub fn read_file(root: &Path, rel: &str) -> Result<SourceFile, Error> {
    let name = rel.replace('\\', "/");
    let path = root.join(rel);
    Ok(SourceFile::read(&path, name)?)
}

#[cfg(test)]
mod dialect_tests {
    use super::{depends_on_dotenv, depends_on_python_dotenv, names_env_file};
    use crate::facts::Service;

    fn service(env_file: &[&str]) -> Service {
        Service {
            name: "app".to_owned(),
            span: 0..0,
            profiles: Vec::new(),
            profiles_span: None,
            image: None,
            env_file: env_file.iter().map(|s| (*s).to_owned()).collect(),
            body: 0..0,
        }
    }

    #[test]
    fn compose_reads_the_env_file_its_services_name_or_the_env_beside_it() {
        let cases: &[(&str, &[&str], &str, bool)] = &[
            // (compose file, its services' env_file, the dotenv file, compose reads it)
            ("docker-compose.yml", &[], ".env.example", true),
            ("deploy/compose.yaml", &[], ".env.example", false),
            ("deploy/compose.yaml", &[], "deploy/.env.example", true),
            ("deploy/compose.yaml", &["../.env"], ".env.example", true),
            (
                "docker-compose.yml",
                &["./config/app.env"],
                "config/app.env.sample",
                true,
            ),
            (
                "docker-compose.yml",
                &["config/app.env"],
                "config/other.env.example",
                false,
            ),
            (
                "docker-compose.yml",
                &[".env.docker"],
                ".env.docker.example",
                true,
            ),
            ("docker-compose.yml", &[], "example.env", true),
            ("docker-compose.yml", &[], "docs/.env.example", false),
        ];
        for (compose, files, dotenv, want) in cases {
            assert_eq!(
                names_env_file(compose, &[service(files)], dotenv),
                *want,
                "{compose} {files:?} {dotenv}"
            );
        }
    }

    #[test]
    fn a_package_json_that_depends_on_dotenv() {
        assert!(depends_on_dotenv(
            r#"{"dependencies": {"dotenv": "^16.4.5"}}"#
        ));
        assert!(depends_on_dotenv(
            r#"{"devDependencies": {"dotenv": "16"}}"#
        ));
        assert!(!depends_on_dotenv(
            r#"{"dependencies": {"dotenv-expand": "1"}}"#
        ));
        assert!(!depends_on_dotenv("not json"));
    }

    #[test]
    fn a_python_manifest_that_depends_on_python_dotenv() {
        assert!(depends_on_python_dotenv(
            "dependencies = [\"python-dotenv>=1.0\"]"
        ));
        assert!(depends_on_python_dotenv("Python_Dotenv==1.0.1\n"));
        assert!(depends_on_python_dotenv(
            "[tool.poetry.dependencies]\npython-dotenv = \"^1\"\n"
        ));
        assert!(!depends_on_python_dotenv("python-dotenv-vault==0.6\n"));
        assert!(!depends_on_python_dotenv("my-python-dotenv==1\n"));
    }
}
