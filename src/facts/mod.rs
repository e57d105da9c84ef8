//! Facts: every type a surface hands the rules (what a file says about variables, with
//! byte spans, free of file syntax), and the verdict on a stated value. May import:
//! `source`, `schema`.

mod claim;
pub mod verdict;

pub use crate::schema::secret::{credential, credential_name, exposure, looks_secret};
pub use claim::{Claim, LineRef};
pub use verdict::{Verdict, enum_values, expected, verdict};

use crate::schema::SurfaceName;
use crate::source::{FileId, Span};

/// What one surface file says.
#[derive(Debug, Clone)]
pub struct Surface {
    pub kind: SurfaceName,
    pub file: FileId,
    /// Mentions of owned names, in file order.
    pub mentions: Vec<Mention>,
    /// Whether the surface could list its entries; when its structure is broken
    /// (no section, no table) nothing is reported missing.
    pub complete: bool,
    /// Where a new entry goes when none of its siblings is present.
    pub append_at: usize,
    /// The part of the file new entries go into (`# envlint:begin` … `# envlint:end`):
    /// siblings are looked for there only, and an entry without one goes at its end.
    pub region: Option<Span>,
    /// Notes that stand alone (no entry under them), where a deleted entry's note may remain.
    pub loose: Vec<LooseNote>,
    /// Structural problems (the docs section, its table or a column is missing).
    pub structure: Vec<StructureProblem>,
    /// Byte ranges of values never to be printed (secret-looking names).
    pub redact: Vec<Span>,
    /// The compose services the file defines (empty on other surfaces).
    pub services: Vec<Service>,
    /// Why a code file could not be parsed, where (it is checked no further).
    pub parse_error: Option<(Span, String)>,
    /// What the file's consumer would reject, each at its span: a dotenv line, a compose
    /// template. The rest of the file is still read.
    pub rejected: Vec<Rejected>,
    /// The program that reads a dotenv file (`None` on other surfaces).
    pub dialect: Option<crate::schema::Dialect>,
    /// The docs tables with a variable column, in file order (empty on other surfaces).
    pub tables: Vec<TablePlace>,
    /// The named volumes a compose file defines (top-level `volumes:`), and its `name:`.
    pub volumes: Vec<String>,
    pub project: Option<String>,
    /// What a prose file claims about the other files (empty on other surfaces).
    pub claims: Vec<Claim>,
    /// What `--verbose` tells about reading the file (rows not understood), each at the
    /// offset it is about.
    pub notes: Vec<(usize, String)>,
    /// Decorators and methods the code passes a variable's name to that envlint does not
    /// know (`@Setting("QDRANT_HOST")`): `init` takes the ones used often.
    pub unknown_words: Vec<Word>,
}

/// A name code passes a variable's name to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub kind: WordKind,
    pub name: String,
    /// Where it is used.
    pub at: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordKind {
    /// A decorator of a class field: `@Setting("X") field = d`.
    Decorator,
    /// A method: `settings.read("X", d)`.
    Getter,
}

/// Where a docs table is and which sections it sits under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TablePlace {
    pub span: Span,
    /// Where a row added at its end goes.
    pub append_at: usize,
    /// The texts of the headings above it, outermost first.
    pub sections: Vec<String>,
}

impl TablePlace {
    /// Whether the table sits under a heading whose text starts with `section`.
    pub fn in_section(&self, section: &str) -> bool {
        self.sections
            .iter()
            .any(|h| h.trim_start().starts_with(section))
    }
}

/// Something in a readable file that the program reading it would reject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub kind: Rejection,
    pub span: Span,
    pub message: String,
    /// Whether the consumer refuses the whole file for it (compose does): an error, not a
    /// warning.
    pub fatal: bool,
    /// The name the refused line sets and the rest of its line (its value as far as it
    /// goes): masked in every output when the name is a secret's.
    pub value: Option<(String, Span)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// A dotenv line its dialect's reader does not accept.
    Line,
    /// A compose interpolation compose does not accept.
    Interpolation,
    /// A docs row whose Variable cell names no variable envlint can read.
    Row,
}

impl Surface {
    /// An empty surface of `kind` read from `file`.
    pub fn new(kind: SurfaceName, file: FileId) -> Self {
        Self {
            kind,
            file,
            mentions: Vec::new(),
            complete: true,
            append_at: 0,
            region: None,
            loose: Vec::new(),
            structure: Vec::new(),
            redact: Vec::new(),
            services: Vec::new(),
            parse_error: None,
            rejected: Vec::new(),
            dialect: None,
            tables: Vec::new(),
            volumes: Vec::new(),
            project: None,
            claims: Vec::new(),
            notes: Vec::new(),
            unknown_words: Vec::new(),
        }
    }
}

/// A compose service.
#[derive(Debug, Clone, Default)]
pub struct Service {
    pub name: String,
    /// The service's key under `services:`.
    pub span: Span,
    /// Its profiles; none means it always runs.
    pub profiles: Vec<String>,
    /// The `profiles:` key, when present.
    pub profiles_span: Option<Span>,
    pub image: Option<String>,
    pub env_file: Vec<String>,
    /// The service's definition (its value under `services:`).
    pub body: Span,
}

/// A mention of a variable on a surface.
#[derive(Debug, Clone)]
pub struct Mention {
    pub name: String,
    /// The name.
    pub span: Span,
    pub kind: MentionKind,
    /// The whole entry with the comment lines that belong to it, line endings included:
    /// where a sibling goes before or after.
    pub block: Span,
    /// Duplicates count within a scope (one compose service's environment, say).
    pub scope: Option<String>,
    /// Values, defaults and descriptions the mention states.
    pub stated: Vec<Stated>,
    /// Where the mention reaches its scope from, when it is inherited: the use site of a
    /// YAML merge (`<<: *common`) whose definition `span` points into.
    pub via: Option<Span>,
}

/// How a surface mentions a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// The surface's own entry for the variable (a dotenv line, a docs row, a key of a
    /// compose service's `environment`).
    Entry,
    /// A compose interpolation (`${V}`, `${V:-d}`, `$V`).
    Interpolation,
    /// A name in a comment: prose, not configuration.
    Comment,
    /// Code that reads the variable (`process.env.X`, `std::env::var("X")`).
    Read,
}

/// Something a mention states about the variable.
#[derive(Debug, Clone)]
pub struct Stated {
    pub role: Role,
    /// The normalised text (quotes, backticks and escapes removed); `None` states "no default".
    pub text: Option<String>,
    pub span: Span,
    /// How messages name it: "example value", "`Default:` note", "Default cell".
    pub what: &'static str,
    /// Where the constant that produces the value is defined, when that is elsewhere.
    pub defined: Option<(FileId, Span)>,
    /// For a [`Role::Reading`]: how the read takes each value of [`PROBES`].
    pub truth: Option<Box<Truth>>,
}

impl Stated {
    pub fn new(role: Role, text: Option<String>, span: Span, what: &'static str) -> Self {
        Self {
            role,
            text,
            span,
            what,
            defined: None,
            truth: None,
        }
    }
}

/// The values a boolean read is evaluated on (besides unset): the spellings people write.
pub const PROBES: [&str; 13] = [
    "true", "false", "1", "0", "", "yes", "no", "on", "off", "TRUE", "FALSE", "True", "False",
];

/// How many of [`PROBES`] (the first ones) every comparison of two reads covers.
pub const COMPARED: usize = 5;

/// How a boolean read takes each value of [`PROBES`]: on, off, or unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truth(pub [Option<bool>; PROBES.len()]);

impl Truth {
    /// The reading of `text`, when it is one of the probes and the reading is known.
    pub fn of(&self, text: &str) -> Option<bool> {
        PROBES
            .iter()
            .position(|p| *p == text)
            .and_then(|i| self.0[i])
    }
}

/// What a stated text is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Compared with the schema's `example`, else `default` (a dotenv value).
    Example,
    /// Compared with the schema's `default`.
    Default,
    /// Compared with the schema's `description`.
    Description,
    /// A value code compares the variable with (`=== "1"`): it must be of its type.
    Test,
    /// Code converts the value to a number (`Number(...)`, `.parse::<u16>()`); `text`
    /// names the conversion.
    Numeric,
    /// Code reads the variable as a boolean: `text` is what it makes of the variable unset
    /// (`true`/`false`), and [`Stated::truth`] what it makes of each spelling.
    Reading,
    /// Whether the variable must be set: `text` is `true` (a Required cell, compose
    /// `${V:?}`, code that refuses to start without it) or `false` (optional).
    Required,
    /// What the docs call its type (a `Type` cell), compared with the declared type.
    Type,
    /// A value a compose service is given (`environment: K: V`): the service's setting, not a
    /// default; it must be of the variable's type, and a secret's must not look real.
    Value,
    /// A default in words or alternatives (`` `3000` / `3030` ``, "auto-detected"): shown
    /// by `explain`, never compared, never a default.
    Prose,
}

/// A part of a surface's structure that envlint needs and cannot find.
#[derive(Debug, Clone)]
pub struct StructureProblem {
    pub span: Span,
    pub message: String,
    pub label: String,
}

/// A note with no entry under it: `from` is where its text begins, `content_end` where
/// its text ends (line ending included), `to` where the blank lines
/// after it end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LooseNote {
    pub from: usize,
    pub content_end: usize,
    pub to: usize,
}
