//! The schema file format (version 1) as serde types; `schema/envlint.schema.json` is generated from them.

use std::borrow::Cow;
use std::ops::Range;

use schemars::{JsonSchema, Schema as JsonSchemaValue, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};

use super::value::VarType;

/// A value with the byte range it came from in the schema file.
#[derive(Debug, Clone, PartialEq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = toml::Spanned::<T>::deserialize(d)?;
        let span = s.span();
        Ok(Self {
            value: s.into_inner(),
            span,
        })
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> JsonSchemaValue {
        T::json_schema(generator)
    }
}

/// A scalar written as a TOML string, integer, float or boolean, kept as its text
/// (`6333`, `"6333"` and `6333.0`-free spellings compare by the variable's type later).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScalarText(pub String);

impl<'de> Deserialize<'de> for ScalarText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = ScalarText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string, integer, float or boolean")
            }
            fn visit_str<E>(self, v: &str) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_owned()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for ScalarText {
    fn schema_name() -> Cow<'static, str> {
        "Scalar".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> JsonSchemaValue {
        json_schema!({
            "description": "A value; strings, integers, floats and booleans are compared as text of the variable's type.",
            "type": ["string", "integer", "number", "boolean"]
        })
    }
}

/// An envlint schema: the single declaration of a deployment's environment variables.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "envlint schema (format version 1)")]
pub struct SchemaFile {
    /// Format version of this file; must be 1.
    pub version: Sp<u32>,
    /// Name prefixes this schema owns: a name with one of these prefixes found on any
    /// surface but not declared here is drift.
    pub prefixes: Vec<Sp<String>>,
    /// Names with an owned prefix that belong to another program (Qdrant reads
    /// `QDRANT__SERVICE__API_KEY`, say): never reported. A trailing `*` matches any rest.
    #[serde(default)]
    pub exclude: Vec<Sp<String>>,
    /// The files that restate the variables. A surface that is not configured is not checked.
    #[serde(default)]
    pub surfaces: Surfaces,
    /// The declared variables, in the order generated entries and rows follow.
    #[serde(default, rename = "variable")]
    pub variables: Vec<Variable>,
}

/// The configured surfaces.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Surfaces {
    /// The example dotenv file.
    pub dotenv: Option<DotenvSurface>,
    /// The reference table in the environment documentation.
    pub docs: Option<DocsSurface>,
    /// The docker compose file(s).
    pub compose: Option<ComposeSurface>,
    /// The config code that reads the variables (TypeScript/JavaScript and Rust).
    pub code: Option<CodeSurface>,
    /// Decision records and guides that cite lines, files, images and variable lists.
    pub prose: Option<ProseSurface>,
}

/// Markdown that restates the deployment in prose: decision records, guides.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProseSurface {
    /// Paths and globs relative to the root (`docs/architecture/**/*.md`).
    pub paths: Sp<Vec<String>>,
}

/// The source trees whose code reads the variables.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CodeSurface {
    /// Directories to walk, relative to the root (`.gitignore` is honoured).
    #[serde(default = "default_code_roots")]
    #[schemars(default = "default_code_roots")]
    pub roots: Sp<Vec<String>>,
    /// Globs of paths (relative to the root) not to read, e.g. `**/__tests__/**`.
    #[serde(default)]
    pub exclude: Vec<Sp<String>>,
    /// Names besides `process.env` and `import.meta.env` whose members are
    /// environment reads (a function's `env` parameter, say).
    #[serde(default)]
    pub accessors: Vec<String>,
    /// Decorators whose first argument names the variable a class field is read from
    /// (`@Env("PORT") port = 3000`), besides the common names envlint knows
    /// (`Env`, `FromEnv`, `EnvVar`, `EnvValue`).
    #[serde(default)]
    pub decorators: Vec<String>,
    /// Methods whose first argument names the variable they read
    /// (`config.get("PORT", 3000)`), besides the common names envlint knows (`get`,
    /// `getOrThrow`, `getString`, `getNumber`, `getBoolean`, `getInt`, `getBool`).
    #[serde(default)]
    pub getters: Vec<String>,
    /// Files larger than this many bytes are skipped (default 2 MiB).
    #[serde(default = "default_max_file_size")]
    #[schemars(default = "default_max_file_size")]
    pub max_file_size: u64,
}

fn default_code_roots() -> Sp<Vec<String>> {
    Sp {
        value: vec!["src".to_owned()],
        span: 0..0,
    }
}

fn default_max_file_size() -> u64 {
    2 * 1024 * 1024
}

/// The docker compose file, or the files compose merges in order (a base file and its
/// overrides).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ComposeSurface {
    /// Path relative to the root, or a list of paths merged in order.
    #[serde(default = "default_compose_path")]
    #[schemars(default = "default_compose_path")]
    pub path: Sp<OneOrMany>,
}

/// One path or several.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            Self::One(p) => vec![p.clone()],
            Self::Many(ps) => ps.clone(),
        }
    }
}

fn default_compose_path() -> Sp<OneOrMany> {
    Sp {
        value: OneOrMany::One("docker-compose.yml".to_owned()),
        span: 0..0,
    }
}

/// The example dotenv file(s) (`.env.example`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DotenvSurface {
    /// Path relative to the root, or a list of files; an item of the list may be a table
    /// `{ path = "...", dialect = "..." }` that reads that file in its own dialect.
    #[serde(default = "default_dotenv_path")]
    #[schemars(default = "default_dotenv_path")]
    pub path: Sp<DotenvPaths>,
    /// Which program reads the files (and so what their values mean): `compose`
    /// (compose-go, `docker compose`'s `env_file` and `.env`), `node` (Node's `dotenv`) or
    /// `dotenvy` (Rust's `dotenvy`). Without it, each file's reader is found from the
    /// project: `compose` when a compose file names it (or the `.env` it is the example
    /// of) as an `env_file`, `node` when `package.json` depends on `dotenv`, else `dotenvy`.
    pub dialect: Option<Dialect>,
    /// How the file's entries are written: `commented` (`# K=V`, every setting listed and
    /// documented; a commented entry states its value) or `set` (`K=V`; a commented entry
    /// is a suggestion that states none). New entries are written that way. Default: what
    /// most of the file's entries are.
    #[serde(default)]
    pub style: Option<EntryStyle>,
}

/// One dotenv file or several.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum DotenvPaths {
    One(String),
    Many(Vec<DotenvPath>),
}

/// A dotenv file: its path, or its path and dialect.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum DotenvPath {
    Path(String),
    File(DotenvFileEntry),
}

/// A dotenv file read in its own dialect.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DotenvFileEntry {
    /// Path relative to the root.
    pub path: String,
    /// The program that reads this file (see `dialect` above).
    pub dialect: Option<Dialect>,
}

/// The program that reads a dotenv file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Dialect {
    /// compose-go's parser: what `docker compose` reads `.env` and `env_file` with.
    Compose,
    /// Node's `dotenv` package.
    Node,
    /// Rust's `dotenvy` crate.
    #[default]
    Dotenvy,
    /// Python's `python-dotenv`.
    Python,
}

impl Dialect {
    /// The name as the schema writes it.
    pub fn key(self) -> &'static str {
        match self {
            Self::Compose => "compose",
            Self::Node => "node",
            Self::Dotenvy => "dotenvy",
            Self::Python => "python",
        }
    }
}

/// How a generated dotenv entry is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EntryStyle {
    /// `# K=V`: documented but not set, the usual form in `.env.example`.
    #[default]
    Commented,
    /// `K=V`.
    Set,
}

/// The documentation: every table with a variable column in the file(s).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DocsSurface {
    /// Path relative to the root, or a list of paths and globs (`docs/**/*.md`).
    #[serde(default = "default_docs_path")]
    #[schemars(default = "default_docs_path")]
    pub path: Sp<OneOrMany>,
    /// Where the variables' rows belong: the section (a heading of any level) whose text
    /// starts with this, e.g. `25.`. A variable's own `section` says otherwise for it.
    /// Without either, a row may be in any table.
    pub section: Option<Sp<String>>,
    /// The Default cell of a variable with no default.
    #[serde(default = "default_unset")]
    #[schemars(default = "default_unset")]
    pub unset: String,
}

fn default_dotenv_path() -> Sp<DotenvPaths> {
    Sp {
        value: DotenvPaths::One(".env.example".to_owned()),
        span: 0..0,
    }
}

fn default_docs_path() -> Sp<OneOrMany> {
    Sp {
        value: OneOrMany::One("docs/reference/ENVIRONMENT.md".to_owned()),
        span: 0..0,
    }
}

fn default_unset() -> String {
    "_(unset)_".to_owned()
}

/// A surface a variable must be on, or one file of it (`"dotenv:.env.docker.example"`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum OnTarget {
    Surface(SurfaceName),
    File(String),
}

/// A surface a variable can be required on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SurfaceName {
    /// The example dotenv file.
    Dotenv,
    /// The documentation table.
    Docs,
    /// The docker compose file(s).
    Compose,
    /// The code that reads the variables.
    Code,
    /// Decision records and guides (never a surface a variable must be on).
    Prose,
}

impl SurfaceName {
    /// The name as the schema writes it (`[surfaces.KEY]`, `on = ["KEY"]`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Dotenv => "dotenv",
            Self::Docs => "docs",
            Self::Compose => "compose",
            Self::Code => "code",
            Self::Prose => "prose",
        }
    }

    /// Whether `envlint fix` may rewrite the surface (compose and code are never rewritten;
    /// prose only where a cited block of lines moved).
    pub fn rewritable(self) -> bool {
        matches!(self, Self::Dotenv | Self::Docs | Self::Prose)
    }
}

/// One declared variable.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Variable {
    /// The variable's name; it must start with one of `prefixes`.
    pub name: Sp<String>,
    /// The value's type.
    #[serde(rename = "type", default)]
    pub ty: Sp<VarType>,
    /// The accepted values of an `enum`.
    pub values: Option<Sp<Vec<String>>>,
    /// The value used when the variable is unset; omitted means no default.
    pub default: Option<Sp<ScalarText>>,
    /// The value shown in `.env.example` when it differs from `default`.
    pub example: Option<Sp<ScalarText>>,
    /// One or more sentences; the docs table's Description cell must say the same.
    pub description: Sp<String>,
    /// The docs section its row belongs in (a heading whose text starts with this), when
    /// it is not `[surfaces.docs] section`.
    pub section: Option<Sp<String>>,
    /// The compose profile that ships the consuming service.
    pub profile: Option<Sp<String>>,
    /// The compose service that consumes the variable.
    pub service: Option<Sp<String>>,
    /// A secret: its example is empty, its docs default is unset, its value is never printed.
    #[serde(default)]
    pub secret: bool,
    /// The deployment refuses to start without it: it has no default, and a surface that
    /// gives it one or calls it optional disagrees (`required-mismatch`).
    #[serde(default)]
    pub required: Option<Sp<bool>>,
    /// Surfaces that must mention the variable; defaults to every configured surface but
    /// compose (which usually passes variables on through `env_file`). `"dotenv:PATH"`
    /// names one of several dotenv files: the variable belongs in that file only.
    pub on: Option<Sp<Vec<OnTarget>>>,
    /// Rules (names or codes) whose findings about this variable are suppressed.
    #[serde(default)]
    pub ignore: Vec<Sp<String>>,
}

impl<T: Default> Default for Sp<T> {
    fn default() -> Self {
        Self {
            value: T::default(),
            span: 0..0,
        }
    }
}
