//! Where `init` finds a project's surfaces, anywhere under the root (`.gitignore`
//! honoured): the example env files the deployment runs with (a committed `.env` compose
//! reads included), Markdown and MDX files with a table of environment variables, compose
//! files, and the directories whose code reads the environment; and what it skipped, why.

use std::path::Path;

use crate::source::SourceFile;
use crate::surfaces::{compose, docs};

/// The example env file names of a directory's primary example.
pub(super) const EXAMPLE_NAMES: [&str; 9] = [
    ".env.example",
    ".env.sample",
    ".env.template",
    ".env.dist",
    "example.env",
    "sample.env",
    "env.example",
    "env.sample",
    ".env.defaults",
];
/// The compose file names compose itself looks for, in its order.
pub(super) const COMPOSE_NAMES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
];
/// Words that make a variant file a development or test one (`.env.dev.example`).
const DEVELOPMENT: [&str; 9] = [
    "dev",
    "development",
    "test",
    "testing",
    "local",
    "ci",
    "e2e",
    "build",
    "debug",
];
/// Directories of tests, fixtures and examples: their files are not the deployment's.
const NOT_THE_DEPLOYMENT: [&str; 17] = [
    "integration",
    "test",
    "tests",
    "__tests__",
    "testdata",
    "test-data",
    "fixtures",
    "__fixtures__",
    "e2e",
    "cypress",
    "playwright",
    "spec",
    "__mocks__",
    "mocks",
    "examples",
    "example",
    "samples",
];
/// Text in a source file that reads the environment, or declares it (a config class's
/// decorator, an env schema's constructor, a config service).
const READS: [&str; 21] = [
    "process.env",
    "@Env(",
    "@FromEnv(",
    "@EnvVar(",
    "createEnv(",
    "cleanEnv(",
    "plainToInstance(",
    "convict(",
    "ConfigService",
    "import.meta.env",
    "env::var",
    "std::env",
    "env!(",
    "option_env!",
    "Deno.env",
    "Bun.env",
    "os.environ",
    "os.getenv",
    "getenv(",
    "BaseSettings",
    "environ.get",
];
/// Source files the code surface reads.
const SOURCE: [&str; 11] = [
    "ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs", "rs", "py", "pyi",
];
/// Test files under the code roots: what `exclude` leaves out when the tree has them.
const TEST_GLOBS: [&str; 8] = [
    "**/integration/**",
    "**/__tests__/**",
    "**/*.test.*",
    "**/*.spec.*",
    "**/test/**",
    "**/tests/**",
    "**/e2e/**",
    "**/fixtures/**",
];

/// The files `init` found, and the ones of a surface's kind it left out.
#[derive(Debug, Default, Clone)]
pub struct Found {
    /// Example env files, the one compose hands its services first.
    pub dotenv: Vec<String>,
    pub docs: Vec<String>,
    pub compose: Vec<String>,
    pub code_roots: Vec<String>,
    /// Globs of the test files under the code roots.
    pub code_exclude: Vec<String>,
    /// Decorators and getter methods the code passes variables' names to, beyond the known
    /// ones, with how often.
    pub decorators: Vec<(String, usize)>,
    pub getters: Vec<(String, usize)>,
    /// Files of a surface's kind left out, and why.
    pub skipped: Vec<(String, String)>,
    /// Every source file of the tree (by extension), tests included.
    pub sources: Vec<String>,
}

/// Where a file is: its directory (relative, `/`-separated, empty at the root) and name.
fn split(rel: &str) -> (&str, &str) {
    rel.rsplit_once('/').unwrap_or(("", rel))
}

/// The first directory of `rel` that holds tests, fixtures or examples, or a hidden one
/// (`.github`, editor and agent settings).
fn not_the_deployment(rel: &str) -> Option<&str> {
    let (dir, _) = split(rel);
    dir.split('/').find(|d| {
        NOT_THE_DEPLOYMENT.contains(&d.to_ascii_lowercase().as_str())
            || (d.starts_with('.') && d.len() > 1)
    })
}

/// The word of a variant's name that is not the base name's (`dev` of `.env.dev.example`,
/// `prod` of `docker-compose.prod.yml`).
fn variant_word(name: &str, base: &[&str]) -> String {
    let mut rest = name.to_ascii_lowercase();
    for b in base {
        rest = rest.replace(b, "");
    }
    rest.trim_matches(['.', '-', '_']).to_owned()
}

fn development(word: &str) -> bool {
    word.split(['.', '-', '_'])
        .any(|w| DEVELOPMENT.contains(&w))
}

/// What a compose file's name says: compose's own name, an override, or a variant.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ComposeName {
    Own,
    Override,
    Variant(String),
}

fn compose_name(name: &str) -> Option<ComposeName> {
    if COMPOSE_NAMES.contains(&name) {
        return Some(ComposeName::Own);
    }
    let lower = name.to_ascii_lowercase();
    let stem = lower
        .strip_suffix(".yml")
        .or_else(|| lower.strip_suffix(".yaml"))?;
    let rest = stem
        .strip_prefix("docker-compose.")
        .or_else(|| stem.strip_prefix("compose."))?;
    Some(if rest == "override" {
        ComposeName::Override
    } else {
        ComposeName::Variant(rest.to_owned())
    })
}

/// What an env file's name says: a primary example, a variant of one, or a `.env`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum EnvName {
    Example,
    Variant(String),
    Dotenv,
}

fn env_name(name: &str) -> Option<EnvName> {
    if EXAMPLE_NAMES.contains(&name) {
        return Some(EnvName::Example);
    }
    if name == ".env" {
        return Some(EnvName::Dotenv);
    }
    let lower = name.to_ascii_lowercase();
    let example = ["example", "sample", "template", "dist"]
        .iter()
        .any(|w| lower.split('.').any(|part| part == *w));
    (example && (lower.starts_with(".env.") || lower.contains(".env"))).then(|| {
        EnvName::Variant(variant_word(
            &lower,
            &[".env", "example", "sample", "template", "dist"],
        ))
    })
}

/// Finds the surfaces under `root` in one walk (`.gitignore` honoured).
pub fn find(root: &Path) -> Found {
    let mut found = Found::default();
    let mut files: Vec<String> = Vec::new();
    let walk = ignore::WalkBuilder::new(root)
        .hidden(false)
        .filter_entry(|e| e.file_name() != ".git" && e.file_name() != "node_modules")
        .build();
    for entry in walk.flatten() {
        if entry.file_type().is_some_and(|t| t.is_file())
            && let Ok(rel) = entry.path().strip_prefix(root)
        {
            files.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    files.sort();
    compose_files(root, &files, &mut found);
    example_files(root, &files, &mut found);
    docs_files(root, &files, &mut found);
    code_roots(root, &files, &mut found);
    found
}

/// The files whose names `kind` knows, with what it makes of each, by directory: the
/// directories in the order of the tree, the files in theirs.
fn by_dir<K>(files: &[String], kind: impl Fn(&str) -> Option<K>) -> Vec<(&str, Vec<(&String, K)>)> {
    let mut out: Vec<(&str, Vec<(&String, K)>)> = Vec::new();
    for rel in files {
        let (dir, name) = split(rel);
        let Some(k) = kind(name) else { continue };
        match out.iter_mut().find(|(d, _)| *d == dir) {
            Some((_, here)) => here.push((rel, k)),
            None => out.push((dir, vec![(rel, k)])),
        }
    }
    out
}

fn compose_files(root: &Path, files: &[String], found: &mut Found) {
    for (dir, here) in by_dir(files, compose_name) {
        if let Some(d) = not_the_deployment(&format!("{dir}/x")) {
            for (f, _) in &here {
                found.skipped.push((
                    (*f).clone(),
                    format!("under `{d}/`: not the deployment's own"),
                ));
            }
            continue;
        }
        // Compose's own file (its first name wins), then its override; variants of it are
        // other setups, and without it the first variant that is not a development one.
        let own = COMPOSE_NAMES
            .iter()
            .find_map(|n| here.iter().find(|(f, _)| split(f).1 == *n))
            .map(|(f, _)| (*f).clone());
        let mut used: Vec<String> = own.iter().cloned().collect();
        if own.is_some() {
            used.extend(
                here.iter()
                    .filter(|(_, k)| *k == ComposeName::Override)
                    .map(|(f, _)| (*f).clone()),
            );
        } else if let Some((f, _)) = here
            .iter()
            .find(|(_, k)| matches!(k, ComposeName::Variant(w) if !development(w)))
        {
            used.push((*f).clone());
        }
        for (f, k) in &here {
            if used.contains(f) {
                continue;
            }
            let why = match (k, &own) {
                (_, Some(o)) if *k != ComposeName::Own => format!("a variant of `{o}`"),
                (ComposeName::Own, Some(o)) => format!("compose reads `{o}` in its place"),
                (ComposeName::Variant(w), _) if development(w) => {
                    "a development or test setup".to_owned()
                }
                _ => "another variant".to_owned(),
            };
            found.skipped.push(((*f).clone(), why));
        }
        // A file compose cannot read is left out, and says so.
        used.retain(|f| {
            let readable = SourceFile::read(&root.join(f), f.clone())
                .ok()
                .is_some_and(|s| compose::read(&s).is_ok());
            if !readable {
                found
                    .skipped
                    .push((f.clone(), "it does not parse as YAML".to_owned()));
            }
            readable
        });
        found.compose.extend(used);
    }
}

/// The env files the compose files hand their services (`env_file`), relative to the root.
fn env_files(root: &Path, compose_files: &[String]) -> Vec<(String, Vec<crate::facts::Service>)> {
    compose_files
        .iter()
        .filter_map(|c| {
            let source = SourceFile::read(&root.join(c), c.clone()).ok()?;
            let doc = compose::read(&source).ok()?;
            let facts = compose::facts(crate::source::FileId(0), &source, &doc).ok()?;
            Some((c.clone(), facts.services))
        })
        .collect()
}

fn example_files(root: &Path, files: &[String], found: &mut Found) {
    let composed = env_files(root, &found.compose);
    // Whether compose reads this file once it is copied into place (or as it is).
    let read_by_compose = |rel: &str| {
        composed
            .iter()
            .any(|(c, services)| crate::surfaces::names_env_file(c, services, rel))
    };
    let mut used: Vec<String> = Vec::new();
    for (dir, here) in by_dir(files, env_name) {
        if let Some(d) = not_the_deployment(&format!("{dir}/x")) {
            for (f, k) in &here {
                if *k != EnvName::Dotenv {
                    found.skipped.push((
                        (*f).clone(),
                        format!("under `{d}/`: not the deployment's own"),
                    ));
                }
            }
            continue;
        }
        let examples: Vec<&String> = here
            .iter()
            .filter(|(_, k)| *k == EnvName::Example)
            .map(|(f, _)| *f)
            .collect();
        let mut chosen: Vec<String> = examples.iter().map(|f| (*f).clone()).collect();
        if chosen.is_empty()
            && let Some((f, _)) = here
                .iter()
                .find(|(_, k)| matches!(k, EnvName::Variant(w) if !development(w)))
        {
            chosen.push((*f).clone());
        }
        // A committed `.env` compose reads (beside a compose file, or its `env_file`) is
        // the example where there is none.
        if chosen.is_empty()
            && let Some((f, _)) = here
                .iter()
                .find(|(f, k)| *k == EnvName::Dotenv && read_by_compose(f))
        {
            chosen.push((*f).clone());
        }
        for (f, k) in &here {
            if chosen.contains(f) {
                continue;
            }
            let why = match k {
                EnvName::Variant(w) if development(w) => "a development or test example".to_owned(),
                EnvName::Variant(_) => match chosen.first() {
                    Some(c) => format!("a variant of `{c}`"),
                    None => "another variant".to_owned(),
                },
                // A `.env` compose does not read is a local file, not the project's.
                EnvName::Dotenv => match chosen.first() {
                    Some(c) => format!("a local copy of `{c}`"),
                    None => continue,
                },
                EnvName::Example => continue,
            };
            found.skipped.push(((*f).clone(), why));
        }
        used.extend(chosen);
    }
    // The file compose hands its services first: its values are the deployment's. One that
    // mostly restates an earlier one's names is the same settings for another setup
    // (`server/.env.example` beside `docker/.env.example`).
    used.sort_by_key(|f| {
        (
            !read_by_compose(f),
            split(f).0.matches('/').count(),
            f.clone(),
        )
    });
    let mut covered: Vec<String> = Vec::new();
    let mut chosen: Vec<String> = Vec::new();
    for f in used {
        let names = names_in(root, &f);
        let new = names.iter().filter(|n| !covered.contains(n)).count();
        if chosen.is_empty() || new * 2 > names.len() {
            covered.extend(names);
            chosen.push(f);
        } else {
            found.skipped.push((
                f,
                format!("it mostly restates `{}`, for another setup", chosen[0]),
            ));
        }
    }
    found.dotenv = chosen;
}

/// The names an env file sets or lists.
fn names_in(root: &Path, rel: &str) -> Vec<String> {
    let Ok(source) = SourceFile::read(&root.join(rel), rel.to_owned()) else {
        return Vec::new();
    };
    let Ok(scanned) = crate::surfaces::dotenv::scan(&source, crate::schema::Dialect::Dotenvy)
    else {
        return Vec::new();
    };
    let mut names: Vec<String> = scanned.entries.into_iter().map(|e| e.name).collect();
    names.sort();
    names.dedup();
    names
}

/// The docs files: the pages with a reference table of environment variables (a Variable
/// column and a Default or Description one), the one documenting the most first; a page
/// that mostly restates what a chosen page documents (a tutorial's table) is skipped.
fn docs_files(root: &Path, files: &[String], found: &mut Found) {
    let mut candidates: Vec<(String, Vec<String>)> = Vec::new();
    for rel in files {
        let lower = rel.to_ascii_lowercase();
        let ext = Path::new(&lower).extension().and_then(|e| e.to_str());
        if !matches!(ext, Some("md" | "markdown" | "mdx")) {
            continue;
        }
        let name = split(&lower).1;
        if name.starts_with("changelog")
            || name.starts_with("changes")
            || name.starts_with("history")
        {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(root.join(rel)) else {
            continue;
        };
        let doc = docs::read_doc_named(rel, &text);
        let mut variable_table = false;
        let mut documented: Vec<String> = Vec::new();
        for t in &doc.tables {
            let Some(c) = t.columns.variable else {
                continue;
            };
            if t.columns.default.is_none() && t.columns.description.is_none() {
                continue;
            }
            variable_table = true;
            for r in &t.rows {
                if let Some(cell) = r.cells.get(c) {
                    documented.extend(
                        docs::cell::names(&text[cell.clone()])
                            .names
                            .into_iter()
                            .map(|(n, _)| n)
                            .filter(|n| written_like_a_variable(n)),
                    );
                }
            }
        }
        if !variable_table {
            continue;
        }
        documented.sort();
        documented.dedup();
        if let Some(d) = not_the_deployment(rel) {
            found.skipped.push((
                rel.clone(),
                format!("under `{d}/`: not the deployment's own"),
            ));
        } else if documented.is_empty() {
            found.skipped.push((
                rel.clone(),
                "its tables name no environment variable (names in upper case)".to_owned(),
            ));
        } else {
            candidates.push((rel.clone(), documented));
        }
    }
    candidates.sort_by_key(|(rel, names)| (std::cmp::Reverse(names.len()), rel.clone()));
    let mut covered: Vec<&String> = Vec::new();
    let mut chosen: Vec<&String> = Vec::new();
    for (rel, names) in &candidates {
        let new = names.iter().filter(|n| !covered.contains(n)).count();
        if chosen.is_empty() || new * 2 > names.len() {
            chosen.push(rel);
            covered.extend(names);
        } else {
            found.skipped.push((
                rel.clone(),
                format!("it mostly restates what `{}` documents", chosen[0]),
            ));
        }
    }
    // In the order of the tree, as people list them.
    found.docs = files
        .iter()
        .filter(|f| chosen.contains(f))
        .cloned()
        .collect();
}

/// Whether a name is written as environment variables are: upper case, digits and `_`.
pub(super) fn written_like_a_variable(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase()) && crate::schema::shaped_env_name(name)
}

/// The top-level directories whose source files read the environment themselves.
fn code_roots(root: &Path, files: &[String], found: &mut Found) {
    found.sources = files
        .iter()
        .filter(|rel| SOURCE.contains(&rel.rsplit_once('.').map_or("", |(_, e)| e)))
        .cloned()
        .collect();
    let roots = roots_where(root, found, &[], |bytes| {
        READS
            .iter()
            .any(|r| memchr::memmem::find(bytes, r.as_bytes()).is_some())
    });
    set_code_roots(found, roots);
}

/// Adds the top-level directories whose source files read an owned variable as a member
/// of an object without reading the environment themselves: apps that read the object a
/// workspace package declares (`env.QDRANT_HOST`, `env["QDRANT_HOST"]`,
/// `const { QDRANT_HOST } = env`). A name in a comment or in prose makes no root.
pub fn widen_code_roots(root: &Path, found: &mut Found, prefixes: &[String]) {
    let finders: Vec<_> = prefixes
        .iter()
        .map(|p| memchr::memmem::Finder::new(p.as_bytes()))
        .collect();
    let roots = roots_where(root, found, &found.code_roots, |bytes| {
        finders
            .iter()
            .any(|f| f.find_iter(bytes).any(|at| read_as_member(bytes, at)))
    });
    if roots.len() > found.code_roots.len() {
        set_code_roots(found, roots);
    }
}

/// Whether the name at `at` is read as a member of an object: right after a `.`, inside
/// `["…"]`, or in a destructuring pattern (after `{` or `,`).
fn read_as_member(bytes: &[u8], at: usize) -> bool {
    let before = &bytes[..at];
    if before.ends_with(b".") {
        return !before.ends_with(b"..");
    }
    if before.ends_with(b"[\"") || before.ends_with(b"['") {
        return true;
    }
    matches!(before.trim_ascii_end().last(), Some(b'{' | b','))
}

/// `roots` and the top-level directories one of whose source files (not a test, fixture
/// or example) `holds`.
fn roots_where(
    root: &Path,
    found: &Found,
    roots: &[String],
    holds: impl Fn(&[u8]) -> bool,
) -> Vec<String> {
    let mut roots = roots.to_vec();
    for rel in &found.sources {
        let top = top_dir(rel);
        if top == "." || roots.iter().any(|r| r == top) || not_the_deployment(rel).is_some() {
            continue;
        }
        if std::fs::read(root.join(rel)).is_ok_and(|bytes| holds(&bytes)) {
            roots.push(top.to_owned());
        }
    }
    roots
}

/// The first directory of `rel`, or `.` for a file at the root.
fn top_dir(rel: &str) -> &str {
    rel.split_once('/').map_or(".", |(d, _)| d)
}

/// Records `roots` (sorted) and the globs of the test files under them.
fn set_code_roots(found: &mut Found, mut roots: Vec<String>) {
    roots.sort();
    let under: Vec<&String> = found
        .sources
        .iter()
        .filter(|s| roots.iter().any(|r| s.starts_with(&format!("{r}/"))))
        .collect();
    found.code_exclude.clear();
    for glob in TEST_GLOBS {
        let Ok(g) = globset::GlobBuilder::new(glob)
            .literal_separator(true)
            .build()
        else {
            continue;
        };
        let m = g.compile_matcher();
        if under.iter().any(|s| m.is_match(s.as_str())) {
            found.code_exclude.push(glob.to_owned());
        }
    }
    found.code_roots = roots;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_compose_and_env_files() {
        assert_eq!(compose_name("docker-compose.yml"), Some(ComposeName::Own));
        assert_eq!(
            compose_name("compose.override.yaml"),
            Some(ComposeName::Override)
        );
        assert_eq!(
            compose_name("docker-compose.dev.yml"),
            Some(ComposeName::Variant("dev".to_owned()))
        );
        assert_eq!(compose_name("docker-compose.txt"), None);
        assert_eq!(env_name(".env.example"), Some(EnvName::Example));
        assert_eq!(env_name("example.env"), Some(EnvName::Example));
        assert_eq!(env_name(".env"), Some(EnvName::Dotenv));
        assert_eq!(
            env_name(".env.dev.example"),
            Some(EnvName::Variant("dev".to_owned()))
        );
        assert_eq!(
            env_name(".env.prod.example"),
            Some(EnvName::Variant("prod".to_owned()))
        );
        assert_eq!(env_name(".env.production"), None);
        assert!(development("dev-azure"));
        assert!(!development("prod"));
    }
}
