//! The schema: loading, strict validation with spans, and the embedded default (the rule
//! names a variable's `ignore` gives are checked by `rules::check_schema`, above it). May
//! import: `source`, `error`.

pub mod format;
pub mod secret;
pub mod value;

use foldhash::HashMap;

pub use format::{Dialect, EntryStyle, SurfaceName};
pub use value::VarType;

use crate::error::{Error, SchemaProblem};
use crate::source::{SourceFile, Span};
use format::{ScalarText, SchemaFile, Sp};

/// The shipped declaration of the OmniRoute deployment, used when no schema is given or found.
pub const EMBEDDED: &str = include_str!("../../schema/omniroute.toml");
/// The name the embedded schema goes by in output.
pub const EMBEDDED_NAME: &str = "<embedded>/omniroute.toml";

/// A validated schema.
#[derive(Debug, Clone)]
pub struct Schema {
    pub source: SourceFile,
    pub prefixes: Vec<String>,
    pub dotenv: Option<DotenvConfig>,
    pub docs: Option<DocsConfig>,
    pub compose: Option<ComposeConfig>,
    pub code: Option<CodeConfig>,
    pub prose: Option<ProseConfig>,
    /// Owned-prefix names that are another program's (a trailing `*` matches any rest).
    pub exclude: Vec<String>,
    pub variables: Vec<VarDecl>,
    index: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
pub struct DotenvConfig {
    /// The files, in the order given.
    pub files: Vec<DotenvFileConfig>,
    /// How entries are written, when the schema says (else each file's own majority).
    pub style: Option<EntryStyle>,
}

/// One dotenv file and the dialect the schema gives it (`None`: found from the project).
#[derive(Debug, Clone)]
pub struct DotenvFileConfig {
    pub path: String,
    pub dialect: Option<Dialect>,
}

#[derive(Debug, Clone)]
pub struct ComposeConfig {
    /// The files, merged in order.
    pub paths: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct CodeConfig {
    pub roots: Vec<String>,
    /// The `exclude` globs as written, and compiled.
    pub exclude: Vec<String>,
    pub exclude_set: globset::GlobSet,
    /// The names through which code reads the environment.
    pub words: Words,
    pub max_file_size: u64,
}

/// The names through which code reads the environment, besides `process.env`: accessor
/// objects, decorators of config-class fields, getter methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// Identifiers whose members are environment reads.
    pub accessors: Vec<String>,
    /// Decorators whose first argument names a field's variable.
    pub decorators: Vec<String>,
    /// Methods whose first argument names the variable they read.
    pub getters: Vec<String>,
}

/// The decorators envlint knows without configuration.
pub const DECORATORS: [&str; 4] = ["Env", "FromEnv", "EnvVar", "EnvValue"];

/// The getter methods envlint knows without configuration.
pub const GETTERS: [&str; 7] = [
    "get",
    "getOrThrow",
    "getString",
    "getNumber",
    "getBoolean",
    "getInt",
    "getBool",
];

impl Default for Words {
    fn default() -> Self {
        Self {
            accessors: Vec::new(),
            decorators: DECORATORS.iter().map(|d| (*d).to_owned()).collect(),
            getters: GETTERS.iter().map(|g| (*g).to_owned()).collect(),
        }
    }
}

impl Words {
    /// The known names and `accessors`.
    pub fn with_accessors(accessors: &[&str]) -> Self {
        Self {
            accessors: accessors.iter().map(|a| (*a).to_owned()).collect(),
            ..Self::default()
        }
    }

    pub fn is_decorator(&self, name: &str) -> bool {
        self.decorators.iter().any(|d| d == name)
    }

    pub fn is_getter(&self, name: &str) -> bool {
        self.getters.iter().any(|g| g == name)
    }
}

/// Whether `s` is shaped like an environment variable's name as code spells it in a
/// string: upper-case letters, digits and `_`, starting with a letter or `_`, two or more
/// characters (`PORT`, `QDRANT_HOST`; not `port`, `a.b`).
pub fn shaped_env_name(s: &str) -> bool {
    s.len() >= 2
        && s.starts_with(|c: char| c.is_ascii_uppercase() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && s.chars().any(|c| c.is_ascii_uppercase())
}

#[derive(Debug, Clone)]
pub struct DocsConfig {
    /// The paths and globs as written.
    pub patterns: Vec<String>,
    /// The files read: the patterns with their globs expanded (see
    /// [`Schema::expand_docs_globs`]), in the order given, each once.
    pub paths: Vec<String>,
    /// Where rows belong unless a variable says otherwise.
    pub section: Option<String>,
    pub unset: String,
}

/// The Markdown files read as prose.
#[derive(Debug, Clone)]
pub struct ProseConfig {
    /// The paths and globs as written.
    pub patterns: Vec<String>,
    /// The files read, globs expanded (see [`Schema::expand_docs_globs`]).
    pub paths: Vec<String>,
}

/// Whether a docs path is a glob.
pub fn is_glob(path: &str) -> bool {
    path.contains(['*', '?', '[', '{'])
}

/// One declared variable, validated.
#[derive(Debug, Clone)]
pub struct VarDecl {
    pub name: String,
    /// The name's span in the schema file: where "declared here" points.
    pub span: Span,
    pub ty: VarType,
    pub values: Vec<String>,
    pub default: Option<String>,
    pub example: Option<String>,
    pub description: String,
    /// The docs section its row belongs in (its own, else `[surfaces.docs] section`).
    pub section: Option<String>,
    pub profile: Option<String>,
    pub service: Option<String>,
    pub secret: bool,
    /// The deployment refuses to start without it.
    pub required: bool,
    pub on: Vec<SurfaceName>,
    /// The files `on` narrows a surface to (`"dotenv:.env.docker.example"`): on a surface
    /// listed here, only these files must mention the variable.
    pub on_files: Vec<(SurfaceName, String)>,
    /// Rules suppressed for this variable: the rule's name or code as written and where
    /// the schema says so (the rules' registry checks the names: `rules::check_schema`).
    pub ignore: Vec<(String, Span)>,
}

impl VarDecl {
    /// The value `.env.example` should show: the example, else the default (never a
    /// secret's), else nothing.
    pub fn example_value(&self) -> &str {
        if self.secret {
            return self.example.as_deref().unwrap_or("");
        }
        self.example
            .as_deref()
            .or(self.default.as_deref())
            .unwrap_or("")
    }

    /// The default the docs show: the schema's, never a secret's.
    pub fn published_default(&self) -> Option<&str> {
        if self.secret {
            None
        } else {
            self.default.as_deref()
        }
    }

    pub fn required_on(&self, surface: SurfaceName) -> bool {
        self.on.contains(&surface)
    }

    /// Whether the file `path` of `surface` must mention the variable: the surface is in
    /// `on`, and `on` names no file of it or names this one.
    pub fn required_in(&self, surface: SurfaceName, path: &str) -> bool {
        self.required_on(surface) && {
            let mut files = self
                .on_files
                .iter()
                .filter(|(s, _)| *s == surface)
                .peekable();
            files.peek().is_none() || files.any(|(_, p)| same_path(p, path))
        }
    }
}

impl Schema {
    /// Parses and validates a schema; every problem found is reported at once.
    pub fn parse(name: &str, text: &str) -> Result<Self, Error> {
        let source = SourceFile::new(name, text);
        let file: SchemaFile = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            Error::schema(
                &source,
                vec![SchemaProblem {
                    span,
                    message: e.message().trim().to_owned(),
                }],
            )
        })?;
        let mut problems = Vec::new();
        let schema = validate(file, source.clone(), &mut problems);
        if problems.is_empty() {
            Ok(schema)
        } else {
            Err(Error::schema(&source, problems))
        }
    }

    pub fn embedded() -> Self {
        Self::parse(EMBEDDED_NAME, EMBEDDED).expect("the embedded schema is valid (tested)")
    }

    /// Whether a docs path is a glob, so the files under the root must be listed.
    pub fn has_docs_globs(&self) -> bool {
        self.docs
            .as_ref()
            .is_some_and(|d| d.patterns.iter().any(|p| is_glob(p)))
            || self
                .prose
                .as_ref()
                .is_some_and(|p| p.patterns.iter().any(|p| is_glob(p)))
    }

    /// Expands the docs globs against `listed` (every file under the root, relative, with
    /// `/`): the files each matches, sorted, in the order of the patterns, each once.
    pub fn expand_docs_globs(&mut self, listed: &[String]) {
        if let Some(docs) = self.docs.as_mut() {
            docs.paths = expand(&docs.patterns, listed);
        }
        if let Some(prose) = self.prose.as_mut() {
            prose.paths = expand(&prose.patterns, listed);
        }
    }

    /// Every path the schema reads (surface files and code roots), relative to the root.
    pub fn paths(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        out.extend(
            self.dotenv
                .iter()
                .flat_map(|d| d.files.iter().map(|f| f.path.as_str())),
        );
        out.extend(
            self.docs
                .iter()
                .flat_map(|d| d.patterns.iter().map(String::as_str)),
        );
        out.extend(
            self.compose
                .iter()
                .flat_map(|c| c.paths.iter().map(String::as_str)),
        );
        out.extend(
            self.prose
                .iter()
                .flat_map(|p| p.patterns.iter().map(String::as_str)),
        );
        out.extend(
            self.code
                .iter()
                .flat_map(|c| c.roots.iter().map(String::as_str)),
        );
        out
    }

    /// Refuses a path that is absolute or climbs out of the root (`../../etc/passwd`).
    pub fn check_within_root(&self) -> Result<(), Error> {
        for p in self.paths() {
            let path = std::path::Path::new(p);
            let mut depth = 0i32;
            let mut escapes = path.is_absolute() || p.starts_with('/') || p.starts_with('\\');
            for c in path.components() {
                match c {
                    std::path::Component::ParentDir => depth -= 1,
                    std::path::Component::Normal(_) => depth += 1,
                    std::path::Component::CurDir => {}
                    std::path::Component::RootDir | std::path::Component::Prefix(_) => {
                        escapes = true;
                    }
                }
                escapes |= depth < 0;
            }
            if escapes {
                return Err(Error::Read {
                    path: p.to_owned(),
                    reason: format!(
                        "the schema ({}) names a path outside the root; pass --allow-outside-root to read it",
                        self.source.name
                    ),
                });
            }
        }
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<&VarDecl> {
        self.index.get(name).map(|&i| &self.variables[i])
    }

    /// The owned prefix `name` starts with, if any.
    pub fn owner(&self, name: &str) -> Option<&str> {
        self.prefixes
            .iter()
            .find(|p| name.starts_with(p.as_str()))
            .map(String::as_str)
    }

    /// Whether the schema answers for `name`: it has an owned prefix and is not excluded.
    pub fn owns(&self, name: &str) -> bool {
        self.owner(name).is_some()
            && !self.exclude.iter().any(|x| match x.strip_suffix('*') {
                Some(start) => name.starts_with(start),
                None => name == x,
            })
    }
}

/// `patterns` against `listed`: the literal paths, and the files each glob matches,
/// sorted, in the order of the patterns, each once.
fn expand(patterns: &[String], listed: &[String]) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    for p in patterns {
        if !is_glob(p) {
            if !paths.iter().any(|q| same_path(q, p)) {
                paths.push(p.clone());
            }
            continue;
        }
        let Ok(glob) = globset::GlobBuilder::new(&normal_path(p))
            .literal_separator(true)
            .build()
        else {
            continue;
        };
        let matcher = glob.compile_matcher();
        let mut found: Vec<&String> = listed
            .iter()
            .filter(|f| matcher.is_match(f.as_str()))
            .collect();
        found.sort();
        for f in found {
            if !paths.iter().any(|q| same_path(q, f)) {
                paths.push(f.clone());
            }
        }
    }
    paths
}

fn problem(problems: &mut Vec<SchemaProblem>, span: &Span, message: String) {
    problems.push(SchemaProblem {
        span: span.clone(),
        message,
    });
}

fn validate(file: SchemaFile, source: SourceFile, problems: &mut Vec<SchemaProblem>) -> Schema {
    if file.version.value != 1 {
        problem(
            problems,
            &file.version.span,
            format!(
                "unsupported format version {}: this envlint reads version 1",
                file.version.value
            ),
        );
    }
    let prefixes: Vec<String> = file.prefixes.iter().map(|p| p.value.clone()).collect();
    for p in &file.prefixes {
        if p.value.is_empty() || !is_env_name(&p.value) {
            problem(
                problems,
                &p.span,
                format!(
                    "prefix `{}` is not the start of an environment variable name",
                    p.value
                ),
            );
        }
    }
    let code = file
        .surfaces
        .code
        .as_ref()
        .map(|c| code_config(c, problems));
    let prose_surface = file.surfaces.prose.as_ref().map(|p| p.paths.clone());
    let (dotenv, docs, compose) = surfaces(file.surfaces, problems);
    check_exclude(&file.exclude, problems);
    // The configured surfaces and the files a variable's `on` may narrow each to.
    let mut configured: Vec<(SurfaceName, Vec<String>)> = Vec::new();
    if let Some(d) = &dotenv {
        configured.push((
            SurfaceName::Dotenv,
            d.files.iter().map(|f| f.path.clone()).collect(),
        ));
    }
    if let Some(d) = &docs {
        configured.push((SurfaceName::Docs, d.patterns.clone()));
    }
    if let Some(c) = &compose {
        configured.push((SurfaceName::Compose, c.paths.clone()));
    }
    if code.is_some() {
        configured.push((SurfaceName::Code, Vec::new()));
    }

    let mut index: HashMap<String, usize> = HashMap::default();
    let mut first_span: HashMap<String, Span> = HashMap::default();
    let mut variables = Vec::with_capacity(file.variables.len());
    for v in file.variables {
        let name = v.name.value.clone();
        if let Some(first) = first_span.get(&name) {
            let line = source.position(first.start).line;
            problem(
                problems,
                &v.name.span,
                format!("`{name}` is declared twice (first on line {line})"),
            );
            continue;
        }
        first_span.insert(name.clone(), v.name.span.clone());
        if !is_env_name(&name) {
            problem(
                problems,
                &v.name.span,
                format!("`{name}` is not a valid environment variable name"),
            );
        } else if !prefixes.iter().any(|p| name.starts_with(p.as_str())) {
            problem(
                problems,
                &v.name.span,
                format!(
                    "`{name}` does not start with an owned prefix ({})",
                    value::quote_list(&prefixes)
                ),
            );
        }
        let decl = validate_variable(
            v,
            docs.as_ref().and_then(|d| d.section.as_deref()),
            &configured,
            problems,
        );
        index.insert(name, variables.len());
        variables.push(decl);
    }
    let prose = prose_surface.map(|paths| prose_config(paths, problems));
    Schema {
        source,
        prefixes,
        dotenv,
        docs,
        compose,
        code,
        prose,
        exclude: file.exclude.into_iter().map(|x| x.value).collect(),
        variables,
        index,
    }
}

/// The configured surfaces, validated.
fn surfaces(
    surfaces: format::Surfaces,
    problems: &mut Vec<SchemaProblem>,
) -> (
    Option<DotenvConfig>,
    Option<DocsConfig>,
    Option<ComposeConfig>,
) {
    let dotenv = surfaces.dotenv.map(|d| {
        let files: Vec<DotenvFileConfig> = match &d.path.value {
            format::DotenvPaths::One(p) => vec![DotenvFileConfig {
                path: p.clone(),
                dialect: d.dialect,
            }],
            format::DotenvPaths::Many(items) => items
                .iter()
                .map(|item| match item {
                    format::DotenvPath::Path(p) => DotenvFileConfig {
                        path: p.clone(),
                        dialect: d.dialect,
                    },
                    format::DotenvPath::File(f) => DotenvFileConfig {
                        path: f.path.clone(),
                        dialect: f.dialect.or(d.dialect),
                    },
                })
                .collect(),
        };
        if files.is_empty() || files.iter().any(|f| f.path.trim().is_empty()) {
            problem(
                problems,
                &d.path.span,
                "`path` must name at least one file, none of them empty".to_owned(),
            );
        }
        for (i, f) in files.iter().enumerate() {
            if files[..i].iter().any(|g| same_path(&g.path, &f.path)) {
                problem(
                    problems,
                    &d.path.span,
                    format!("`path` names `{}` twice", f.path),
                );
            }
        }
        DotenvConfig {
            files,
            style: d.style,
        }
    });
    let docs = surfaces.docs.map(|d| {
        let patterns = d.path.value.to_vec();
        if patterns.is_empty() || patterns.iter().any(|p| p.trim().is_empty()) {
            problem(
                problems,
                &d.path.span,
                "`path` must name at least one file, none of them empty".to_owned(),
            );
        }
        for p in patterns.iter().filter(|p| is_glob(p)) {
            if let Err(e) = globset::Glob::new(p) {
                problem(
                    problems,
                    &d.path.span,
                    format!("`{p}` is not a valid glob: {}", e.kind()),
                );
            }
        }
        if let Some(section) = &d.section
            && section.value.trim().is_empty()
        {
            problem(
                problems,
                &section.span,
                "`section` must not be empty".to_owned(),
            );
        }
        DocsConfig {
            paths: patterns.iter().filter(|p| !is_glob(p)).cloned().collect(),
            patterns,
            section: d.section.map(|s| s.value.trim().to_owned()),
            unset: d.unset,
        }
    });
    let compose = surfaces.compose.map(|c| {
        let paths = c.path.value.to_vec();
        if paths.is_empty() || paths.iter().any(|p| p.trim().is_empty()) {
            problem(
                problems,
                &c.path.span,
                "`path` must name at least one file, none of them empty".to_owned(),
            );
        }
        ComposeConfig { paths }
    });
    (dotenv, docs, compose)
}

fn prose_config(paths: Sp<Vec<String>>, problems: &mut Vec<SchemaProblem>) -> ProseConfig {
    if paths.value.is_empty() || paths.value.iter().any(|x| x.trim().is_empty()) {
        problem(
            problems,
            &paths.span,
            "`paths` must name at least one file or glob, none of them empty".to_owned(),
        );
    }
    ProseConfig {
        paths: paths
            .value
            .iter()
            .filter(|x| !is_glob(x))
            .cloned()
            .collect(),
        patterns: paths.value,
    }
}

fn code_config(c: &format::CodeSurface, problems: &mut Vec<SchemaProblem>) -> CodeConfig {
    if c.roots.value.is_empty() || c.roots.value.iter().any(|r| r.trim().is_empty()) {
        problem(
            problems,
            &c.roots.span,
            "`roots` must name at least one directory, none of them empty".to_owned(),
        );
    }
    let mut set = globset::GlobSetBuilder::new();
    for g in &c.exclude {
        match globset::GlobBuilder::new(&g.value)
            .literal_separator(true)
            .build()
        {
            Ok(glob) => {
                set.add(glob);
            }
            Err(e) => problem(
                problems,
                &g.span,
                format!("`{}` is not a valid glob: {}", g.value, e.kind()),
            ),
        }
    }
    for (what, names) in [
        ("accessor", &c.accessors),
        ("decorator", &c.decorators),
        ("getter", &c.getters),
    ] {
        for a in names {
            if !is_env_name(a) {
                problem(
                    problems,
                    &c.roots.span,
                    format!("{what} `{a}` is not an identifier"),
                );
            }
        }
    }
    let mut words = Words::default();
    words.accessors.clone_from(&c.accessors);
    for d in &c.decorators {
        if !words.is_decorator(d) {
            words.decorators.push(d.clone());
        }
    }
    for g in &c.getters {
        if !words.is_getter(g) {
            words.getters.push(g.clone());
        }
    }
    CodeConfig {
        roots: c.roots.value.clone(),
        exclude: c.exclude.iter().map(|g| g.value.clone()).collect(),
        exclude_set: set.build().unwrap_or_else(|_| globset::GlobSet::empty()),
        words,
        max_file_size: c.max_file_size,
    }
}

fn check_exclude(exclude: &[Sp<String>], problems: &mut Vec<SchemaProblem>) {
    for x in exclude {
        let stem = x.value.strip_suffix('*').unwrap_or(&x.value);
        if stem.is_empty() || !is_env_name(stem) {
            problem(
                problems,
                &x.span,
                format!(
                    "`{}` is not a variable name (or the start of one followed by `*`)",
                    x.value
                ),
            );
        }
    }
}

fn validate_variable(
    v: format::Variable,
    docs_section: Option<&str>,
    configured: &[(SurfaceName, Vec<String>)],
    problems: &mut Vec<SchemaProblem>,
) -> VarDecl {
    let ty = v.ty.value;
    let values = enum_values(&v, problems);
    let mut scalar = |field: &str, s: &Option<Sp<ScalarText>>| -> Option<String> {
        let s = s.as_ref()?;
        let text = &s.value.0;
        // A secret keeps its default (outputs mask it, surfaces never state it); an
        // example is published in `.env.example`, so it must be a placeholder.
        if v.secret && field == "example" && secret::exposure(&v.name.value, text).is_some() {
            problem(
                problems,
                &s.span,
                "a secret's `example` is published in `.env.example`: it must be a placeholder (empty, `CHANGEME`, `<…>`)".to_owned(),
            );
        } else if !text.is_empty()
            && let Some(why) = ty.reject(text, &values)
        {
            problem(
                problems,
                &s.span,
                format!("`{field}` `{text}` {why}, but `type` is `{}`", ty.name()),
            );
        }
        Some(text.clone())
    };
    let default = scalar("default", &v.default);
    let example = scalar("example", &v.example);
    let required = v.required.as_ref().is_some_and(|r| r.value);
    if required
        && let Some(d) = &v.default
        && !d.value.0.is_empty()
    {
        problem(
            problems,
            &d.span,
            format!(
                "`default` `{}` on a variable that is `required`: a required variable has no default",
                d.value.0
            ),
        );
    }
    let description = v
        .description
        .value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if description.is_empty() {
        problem(
            problems,
            &v.description.span,
            "`description` must not be empty".to_owned(),
        );
    }
    let (on, on_files) = required_surfaces(v.on.as_ref(), configured, problems);
    let ignore = v
        .ignore
        .iter()
        .map(|r| (r.value.clone(), r.span.clone()))
        .collect();
    VarDecl {
        ignore,
        name: v.name.value,
        span: v.name.span,
        ty,
        values,
        default,
        example,
        description,
        section: v
            .section
            .map(|s| s.value.trim().to_owned())
            .filter(|s| !s.is_empty())
            .or_else(|| docs_section.map(str::to_owned)),
        profile: v.profile.map(|p| p.value),
        service: v.service.map(|s| s.value),
        secret: v.secret,
        required,
        on,
        on_files,
    }
}

/// The `values` of an `enum`; `values` on another type, or an enum without them, is a problem.
fn enum_values(v: &format::Variable, problems: &mut Vec<SchemaProblem>) -> Vec<String> {
    let ty = v.ty.value;
    let ty_span = if v.ty.span.is_empty() {
        v.name.span.clone()
    } else {
        v.ty.span.clone()
    };
    match (&v.values, ty) {
        (None, VarType::Enum) => {
            problem(
                problems,
                &ty_span,
                "an `enum` needs `values = [...]`".to_owned(),
            );
            Vec::new()
        }
        (Some(vals), VarType::Enum) => {
            if vals.value.is_empty() {
                problem(
                    problems,
                    &vals.span,
                    "`values` must not be empty".to_owned(),
                );
            }
            vals.value.clone()
        }
        (Some(vals), _) => {
            problem(
                problems,
                &vals.span,
                format!(
                    "`values` only applies to `type = \"enum\"`, not `{}`",
                    ty.name()
                ),
            );
            Vec::new()
        }
        (None, _) => Vec::new(),
    }
}

/// The surfaces a variable must be on: `on` as written (each one configured, each file
/// one of its surface's), else every configured surface; and the files `on` narrows
/// surfaces to.
fn required_surfaces(
    on: Option<&Sp<Vec<format::OnTarget>>>,
    configured: &[(SurfaceName, Vec<String>)],
    problems: &mut Vec<SchemaProblem>,
) -> (Vec<SurfaceName>, Vec<(SurfaceName, String)>) {
    let Some(on) = on else {
        // Compose usually hands variables over through `env_file`: it must mention only
        // those that list it.
        let all = configured
            .iter()
            .map(|(s, _)| *s)
            .filter(|s| *s != SurfaceName::Compose)
            .collect();
        return (all, Vec::new());
    };
    let mut list = Vec::new();
    let mut files = Vec::new();
    let not_configured = |s: SurfaceName| {
        format!(
            "`on` names `{}`, but `[surfaces.{}]` is not configured",
            s.key(),
            s.key()
        )
    };
    for target in &on.value {
        match target {
            format::OnTarget::Surface(SurfaceName::Prose) => problem(
                problems,
                &on.span,
                "`on` names `prose`: prose restates variables, no variable must be in it"
                    .to_owned(),
            ),
            format::OnTarget::Surface(s) => {
                if !configured.iter().any(|(c, _)| c == s) {
                    problem(problems, &on.span, not_configured(*s));
                }
                list.push(*s);
            }
            format::OnTarget::File(text) => {
                let surface = text.split_once(':').and_then(|(kind, path)| {
                    let kind = [SurfaceName::Dotenv, SurfaceName::Docs, SurfaceName::Compose]
                        .into_iter()
                        .find(|s| s.key() == kind)?;
                    Some((kind, path))
                });
                let Some((kind, path)) = surface else {
                    problem(
                        problems,
                        &on.span,
                        format!(
                            "`on` names `{text}`: expected a surface (`dotenv`, `docs`, `compose`, `code`) or `SURFACE:PATH` for one of its files"
                        ),
                    );
                    continue;
                };
                match configured.iter().find(|(c, _)| *c == kind) {
                    None => problem(problems, &on.span, not_configured(kind)),
                    Some((_, paths)) if !paths.iter().any(|p| same_path(p, path)) => problem(
                        problems,
                        &on.span,
                        format!(
                            "`on` names `{text}`, but `[surfaces.{}] path` does not list `{path}` ({})",
                            kind.key(),
                            value::quote_list(paths)
                        ),
                    ),
                    Some(_) => {}
                }
                list.push(kind);
                files.push((kind, path.to_owned()));
            }
        }
    }
    list.sort();
    list.dedup();
    (list, files)
}

/// Whether two paths relative to the root name one file (`./a` and `a`, `\` and `/`).
pub fn same_path(a: &str, b: &str) -> bool {
    normal_path(a) == normal_path(b)
}

/// A path relative to the root with `/` separators and no `.` or empty components.
pub fn normal_path(p: &str) -> String {
    let p = p.replace('\\', "/");
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    parts.join("/")
}

/// `[A-Za-z_][A-Za-z0-9_]*`, the portable environment variable name.
pub fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The JSON Schema (draft-07) of the schema file format.
pub fn json_schema() -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<SchemaFile>();
    let mut text = serde_json::to_string_pretty(&schema).expect("a JSON Schema serialises");
    text.push('\n');
    text
}

#[cfg(test)]
pub(crate) mod test_data;
#[cfg(test)]
mod tests;
