//! What `init` makes of one variable from what the surfaces say about it, on evidence: its
//! default and where it comes from (the code's computed default, else the docs' Default
//! cell, else the example file the deployment runs with; never transformed), its type,
//! whether it is a secret or required, its description, section, service and profile, the
//! surfaces it must be on (gaps included, so the first check shows them); and the owned
//! prefixes.

use foldhash::HashMap;

use super::find::{Found, written_like_a_variable};
use crate::facts::{Mention, MentionKind, Role, Surface, credential, credential_name};
use crate::report::Report;
use crate::schema::{SurfaceName, VarType, is_env_name};

/// Where a value was stated: a file and a line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct At {
    pub(super) file: String,
    pub(super) line: usize,
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// What one variable's surfaces say, gathered.
#[derive(Debug, Default)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each says what one surface does with the variable"
)]
pub(super) struct Gathered {
    /// The dotenv files that mention it, and the kinds of the other surfaces.
    pub(super) dotenv_files: Vec<String>,
    pub(super) on: Vec<SurfaceName>,
    /// Each default the code computes (`None`: it applies none), where.
    pub(super) code_defaults: Vec<(Option<String>, At)>,
    /// Where the code reads it.
    pub(super) code_reads: Vec<At>,
    /// What the code makes of it unset where it reads it as a boolean, where.
    pub(super) code_readings: Vec<(Option<String>, At)>,
    /// The values the code compares it with.
    pub(super) code_tests: Vec<String>,
    /// The code converts it to a number.
    pub(super) code_numeric: bool,
    /// The type a declaration in the code gives it (`int`, `bool`, `enum(a|b)`), and
    /// whether one says it is required.
    pub(super) code_type: Option<String>,
    pub(super) code_required: Option<bool>,
    /// Where a declaration makes it optional without a default: no example value is its
    /// default then.
    pub(super) code_optional: Option<At>,
    /// Whether its name names a credential (`*_TOKEN`, `*_SECRET`), or reads like a switch.
    pub(super) credential: bool,
    pub(super) flag_name: bool,
    /// What a declaration in the code says it is (`Field(description=...)`).
    pub(super) code_description: Option<String>,
    /// Whether a docs row calls it deprecated (read by nothing is then no gap).
    pub(super) deprecated: bool,
    /// The first docs row: its default (`Some(None)`: "no default"; `None`: nothing
    /// comparable), requiredness, type word, description, section, where.
    #[allow(
        clippy::option_option,
        reason = "no comparable cell, a cell saying no default, a cell with a value"
    )]
    pub(super) docs_default: Option<Option<String>>,
    pub(super) docs_required: Option<bool>,
    pub(super) docs_type: Option<String>,
    pub(super) docs_description: Option<String>,
    /// The sections of every docs row that documents it.
    pub(super) docs_sections: Vec<String>,
    pub(super) docs_at: Option<At>,
    /// Example values, in the order of the files (the deployment's first).
    pub(super) examples: Vec<(String, At)>,
    pub(super) compose_defaults: Vec<(String, At)>,
    pub(super) compose_required: bool,
    pub(super) comment: Option<String>,
    pub(super) service: Option<String>,
    pub(super) profile: Option<String>,
    /// Whether a compose file interpolates it, and the first service that does.
    pub(super) interpolated: bool,
    pub(super) interpolator: Option<String>,
    pub(super) interpolator_profile: Option<String>,
    /// The first place it appears: (surface rank, file order, position).
    pub(super) first: (usize, usize, usize),
}

/// Collects what each surface says about each name, and the names in order of appearance.
pub(super) fn gather(
    report: &Report,
    out: &mut HashMap<String, Gathered>,
    order: &mut Vec<String>,
) {
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
                    credential: credential_name(&m.name),
                    flag_name: flag_name(&m.name),
                    ..Gathered::default()
                }
            });
            g.first = g.first.min((rank(s.kind), file_order, m.span.start));
            if !g.on.contains(&s.kind) {
                g.on.push(s.kind);
            }
            let at = |offset: usize| At {
                file: file.name.clone(),
                line: file.position(offset).line,
            };
            match s.kind {
                SurfaceName::Dotenv => {
                    if !g.dotenv_files.contains(&file.name) {
                        g.dotenv_files.push(file.name.clone());
                    }
                    dotenv_mention(g, &file.text, m, &at);
                }
                SurfaceName::Docs => docs_mention(g, s, m, &at),
                SurfaceName::Compose => compose_mention(g, s, m, &at),
                SurfaceName::Code => {
                    g.code_reads.push(at(m.span.start));
                    for st in &m.stated {
                        match st.role {
                            Role::Default => {
                                g.code_defaults.push((st.text.clone(), at(st.span.start)));
                            }
                            Role::Reading => {
                                g.code_readings.push((st.text.clone(), at(st.span.start)));
                            }
                            Role::Test => g.code_tests.extend(st.text.clone()),
                            Role::Numeric => g.code_numeric = true,
                            Role::Type if g.code_type.is_none() => {
                                g.code_type.clone_from(&st.text);
                            }
                            Role::Required if g.code_required.is_none() => {
                                g.code_required = Some(st.text.as_deref() == Some("true"));
                            }
                            Role::Description if g.code_description.is_none() => {
                                g.code_description =
                                    st.text.clone().filter(|t| !t.trim().is_empty());
                            }
                            _ => {}
                        }
                    }
                    // A declaration that makes it optional and gives no default says it has
                    // none (`z.string().optional()`, `x: str | None = None`).
                    let optional = m.stated.iter().find(|st| {
                        st.role == Role::Required
                            && st.what == "declaration"
                            && st.text.as_deref() == Some("false")
                    });
                    if let Some(st) = optional
                        && !m.stated.iter().any(|st| st.role == Role::Default)
                        && g.code_optional.is_none()
                    {
                        g.code_optional = Some(at(st.span.start));
                    }
                }
                SurfaceName::Prose => {}
            }
        }
    }
}

fn dotenv_mention(g: &mut Gathered, text: &str, m: &Mention, at: &dyn Fn(usize) -> At) {
    if m.kind != MentionKind::Entry {
        return;
    }
    // An example value, never a note: a comment that is not an entry states nothing here.
    for st in m.stated.iter().filter(|st| st.role == Role::Example) {
        if let Some(v) = &st.text {
            g.examples.push((v.clone(), at(st.span.start)));
        }
    }
    if g.comment.is_none() {
        g.comment = comment_above(text, m.block.start, m.span.start);
    }
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
        // A commented entry is a hint, not a description.
        let entry = body
            .split_once('=')
            .is_some_and(|(k, _)| is_env_name(k.trim()) && !k.contains(' '));
        if body.is_empty() || decoration || entry {
            continue;
        }
        words.push(body.to_owned());
    }
    (!words.is_empty()).then(|| words.join(" "))
}

fn docs_mention(g: &mut Gathered, s: &Surface, m: &Mention, at: &dyn Fn(usize) -> At) {
    if m.kind != MentionKind::Entry {
        return;
    }
    if let Some(section) = s
        .tables
        .iter()
        .find(|t| t.span.start <= m.span.start && m.span.end <= t.span.end)
        .and_then(|t| t.sections.last())
        .map(|h| section_key(h))
        && !g.docs_sections.contains(&section)
    {
        g.docs_sections.push(section);
    }
    if g.docs_at.is_some() {
        return;
    }
    g.docs_at = Some(at(m.span.start));
    for st in &m.stated {
        match st.role {
            Role::Default => g.docs_default = Some(st.text.clone()),
            Role::Required => g.docs_required = Some(st.text.as_deref() == Some("true")),
            Role::Type => g.docs_type.clone_from(&st.text),
            Role::Description => g.docs_description = st.text.clone().filter(|t| !t.is_empty()),
            Role::Prose if st.what == "row note" && st.text.as_deref() == Some("deprecated") => {
                g.deprecated = true;
            }
            _ => {}
        }
    }
}

/// What identifies a heading as a section: its number (`25.`, `3.2`) when it starts with
/// one, else its text.
pub(super) fn section_key(heading: &str) -> String {
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

fn compose_mention(g: &mut Gathered, s: &Surface, m: &Mention, at: &dyn Fn(usize) -> At) {
    if m.kind == MentionKind::Interpolation {
        g.interpolated = true;
    }
    for st in &m.stated {
        match (st.role, &st.text) {
            (Role::Default, Some(t)) => g.compose_defaults.push((t.clone(), at(st.span.start))),
            (Role::Required, Some(t)) if t == "true" => g.compose_required = true,
            _ => {}
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
pub(super) fn container_settings(
    order: &[String],
    gathered: &HashMap<String, Gathered>,
) -> Vec<String> {
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

/// Heads of well-known variables a deployment sets but does not own (`NODE_ENV`,
/// `HTTP_PROXY`, `TZ`): never a prefix of their own.
const STANDARD: [&str; 22] = [
    "NO", "NODE", "NPM", "YARN", "PNPM", "TZ", "HTTP", "HTTPS", "PATH", "CI", "HOME", "USER",
    "LANG", "LC", "TERM", "SHELL", "PWD", "PYTHON", "PIP", "JAVA", "GO", "RUST",
];

/// The owned prefixes, on evidence: a `WORD_` head that three or more upper-case names
/// share (a standard one aside), and the names the docs document that no head covers,
/// each as itself (every documented variable is declared). Lower-case names never.
pub(super) fn infer_prefixes(names: &[String], documented: &[String]) -> Vec<String> {
    let mut heads: HashMap<&str, usize> = HashMap::default();
    for n in names.iter().filter(|n| written_like_a_variable(n)) {
        if let Some((head, rest)) = n.split_once('_')
            && !head.is_empty()
            && !rest.is_empty()
        {
            *heads.entry(head).or_default() += 1;
        }
    }
    let mut out: Vec<String> = heads
        .into_iter()
        .filter(|(h, count)| *count >= 3 && !STANDARD.contains(h))
        .map(|(h, _)| format!("{h}_"))
        .collect();
    out.sort();
    let mut exact: Vec<String> = documented
        .iter()
        .filter(|n| written_like_a_variable(n))
        .filter(|n| !out.iter().any(|p| n.starts_with(p.as_str())))
        .cloned()
        .collect();
    exact.sort();
    exact.dedup();
    out.extend(exact);
    out
}

/// One variable as written, and why: where its default comes from, what the first check
/// will report about it.
#[derive(Debug, Default)]
pub(super) struct Decl {
    pub(super) name: String,
    pub(super) ty: VarType,
    pub(super) values: Vec<String>,
    pub(super) default: Option<String>,
    pub(super) example: Option<String>,
    pub(super) description: String,
    pub(super) section: Option<String>,
    pub(super) profile: Option<String>,
    pub(super) service: Option<String>,
    pub(super) secret: bool,
    pub(super) required: bool,
    pub(super) on: Option<Vec<String>>,
    /// Where the default comes from (`src/config.ts:12`, `the docs (docs/env.md:40)`).
    pub(super) source: Option<String>,
    /// What the first check will report about it, one line each.
    pub(super) notes: Vec<String>,
    /// Where the code reads it (the first place), for the note on a missing docs row.
    pub(super) read_at: Option<At>,
}

impl Gathered {
    /// Whether the variable must be set: as the code declares it, else as the docs or
    /// compose (`${V:?}`) say.
    pub(super) fn required_by_declaration(&self) -> bool {
        match self.code_required {
            Some(r) => r,
            None => self.docs_required == Some(true) || self.compose_required,
        }
    }

    /// Whether the code reads it as a flag: as a boolean, comparing it with nothing but a
    /// boolean's words (`=== "true"`, `!!X`); `=== "development"` is no flag.
    pub(super) fn code_flag(&self) -> bool {
        if let Some(t) = &self.code_type {
            return t == "bool";
        }
        // A credential is tested for presence (`!!TOKEN`), never a flag.
        if self.credential {
            return false;
        }
        let bool_word = |t: &String| {
            matches!(
                t.to_ascii_lowercase().as_str(),
                "true" | "false" | "1" | "0" | "yes" | "no" | "on" | "off" | ""
            )
        };
        // Compared with a bool's words only; a bare test for presence (`!!CLIENT_ID`,
        // `if (URL)`) makes a flag only of a name that reads like one.
        !self.code_readings.is_empty()
            && self.code_tests.iter().all(bool_word)
            && (self.code_tests.iter().any(|t| !t.is_empty()) || self.flag_name)
    }
}

/// Whether a name reads like a switch: `*_ENABLED`, `DISABLE_*`, `USE_*`, `DEBUG`.
pub(super) fn flag_name(name: &str) -> bool {
    name.split('_').any(|w| {
        matches!(
            w,
            "ENABLED"
                | "ENABLE"
                | "DISABLED"
                | "DISABLE"
                | "USE"
                | "IS"
                | "ALLOW"
                | "DEBUG"
                | "VERBOSE"
                | "SKIP"
                | "FORCE"
                | "STRICT"
                | "INSECURE"
                | "ON"
                | "OFF"
                | "FLAG"
                | "NO"
        )
    })
}

impl Decl {
    pub(super) fn on_docs(&self, found: &Found) -> bool {
        !found.docs.is_empty()
            && self
                .on
                .as_ref()
                .is_none_or(|on| on.iter().any(|s| s == "docs"))
    }

    /// Drops the least certain thing inferred; whether anything was left to drop.
    pub(super) fn simplify(&mut self) -> bool {
        if self.ty != VarType::String {
            self.ty = VarType::String;
            self.values.clear();
        } else if self.example.is_some() {
            self.example = None;
        } else if self.default.is_some() || self.required {
            self.default = None;
            self.required = false;
            self.source = None;
        } else {
            return false;
        }
        true
    }
}

/// Which gaps the first check is to show: read but undocumented (`docs`), documented but
/// read by nothing (`code`). Each only where the other side covers most of this one, so a
/// page that documents a handful of a service's variables, or code roots that read few of
/// the documented ones (another program reads the rest), declare no flood of gaps.
#[derive(Debug, Clone, Default)]
pub(super) struct Gaps {
    pub(super) docs: bool,
    pub(super) code: bool,
    /// The compose services that run this code: the code reads at least half of the
    /// variables each one's `environment` sets. What compose hands any other service is a
    /// sidecar's.
    pub(super) ours: Vec<String>,
}

impl Gaps {
    /// The gaps worth declaring, from the names the docs document and the code reads.
    pub(super) fn of<'a>(gathered: impl Iterator<Item = &'a Gathered> + Clone) -> Self {
        let documented = gathered
            .clone()
            .filter(|g| g.on.contains(&SurfaceName::Docs))
            .count();
        let read = gathered
            .clone()
            .filter(|g| g.on.contains(&SurfaceName::Code))
            .count();
        let both = gathered
            .clone()
            .filter(|g| g.on.contains(&SurfaceName::Docs) && g.on.contains(&SurfaceName::Code))
            .count();
        // Per service: how many variables its `environment` sets, how many of them the
        // code reads. (What a service's definition interpolates says nothing: a sidecar's
        // port or key is often the app's setting too.)
        let mut tally: Vec<(&str, usize, usize)> = Vec::new();
        for g in gathered {
            let Some(service) = g.service.as_deref() else {
                continue;
            };
            let read = usize::from(g.on.contains(&SurfaceName::Code));
            match tally.iter_mut().find(|(s, _, _)| *s == service) {
                Some((_, all, reads)) => {
                    *all += 1;
                    *reads += read;
                }
                None => tally.push((service, 1, read)),
            }
        }
        Self {
            docs: read > 0 && both * 2 >= read,
            code: documented > 0 && both * 2 >= documented,
            ours: tally
                .into_iter()
                .filter(|&(_, all, reads)| reads > 0 && reads * 2 >= all)
                .map(|(s, _, _)| s.to_owned())
                .collect(),
        }
    }
}

pub(super) fn decl(name: &str, g: &Gathered, found: &Found, gaps: &Gaps) -> Decl {
    let (default, source) = default_of(g);
    let mut values: Vec<&str> = Vec::new();
    values.extend(default.as_deref());
    values.extend(
        g.examples
            .iter()
            .map(|(v, _)| v.as_str())
            .filter(|v| !v.is_empty()),
    );
    values.extend(g.compose_defaults.iter().map(|(v, _)| v.as_str()));
    if let Some(Some(d)) = &g.docs_default {
        values.push(d);
    }
    // What the code compares it with is a value it takes (`=== "/api"` is no URL's).
    values.extend(
        g.code_tests
            .iter()
            .map(String::as_str)
            .filter(|t| !t.is_empty()),
    );
    let choices = g
        .code_type
        .as_deref()
        .and_then(crate::facts::enum_values)
        .or_else(|| g.docs_type.as_deref().and_then(listed_choices))
        .or_else(|| g.docs_description.as_deref().and_then(choices))
        .filter(|c| values.iter().all(|v| c.iter().any(|x| x == v)));
    let ty = match &choices {
        Some(_) => VarType::Enum,
        None => infer_type(name, &values, g),
    };
    // A secret on evidence: a credential's name (unless its values are paths to a file
    // holding one), or a value with a credential's shape.
    // A random-looking value is a secret's only under a name that names one (an id or a
    // model's name looks random too); a token format or a URL's password always is.
    let paths = values.iter().any(|v| crate::schema::secret::path(v));
    let secretive = crate::facts::looks_secret(name);
    let shaped = |v: &str| match credential(v) {
        Some(crate::schema::secret::Evidence::Entropy(_)) => secretive,
        Some(_) => true,
        None => false,
    };
    let secret = (credential_name(name) && !paths)
        || values.iter().any(|v| shaped(v))
        || g.examples.iter().any(|(v, _)| shaped(v));
    let same = |a: &str, b: &str| ty.same(a, b);
    // The example value the deployment's example file shows, when it is not the default.
    let example = g
        .examples
        .first()
        .map(|(v, _)| v.clone())
        .filter(|e| match &default {
            Some(d) => !same(e, d),
            None => !e.is_empty(),
        })
        .filter(|e| !secret || crate::facts::exposure(name, e).is_none());
    let description = g
        .docs_description
        .clone()
        .or_else(|| g.code_description.clone())
        .or_else(|| g.comment.clone())
        .unwrap_or_else(
            || match (g.dotenv_files.first(), g.on.contains(&SurfaceName::Code)) {
                (Some(f), _) => format!("Set in `{f}`."),
                (None, true) => "Read by the code.".to_owned(),
                (None, false) => "Named in the compose file.".to_owned(),
            },
        );
    let required = default.is_none() && g.required_by_declaration();
    Decl {
        name: name.to_owned(),
        ty,
        values: choices.unwrap_or_default(),
        default,
        example,
        description,
        // A section only where every row documenting it is in one.
        section: match g.docs_sections.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        },
        // Both from the service that receives it, else both from one that interpolates it.
        profile: if g.service.is_some() {
            g.profile.clone()
        } else {
            g.interpolator_profile.clone()
        },
        service: g.service.clone().or_else(|| g.interpolator.clone()),
        secret,
        required,
        on: on_list(g, found, gaps),
        source,
        notes: Vec::new(),
        read_at: g.code_reads.first().cloned(),
    }
}

/// The default and where it comes from: the code's computed default, else the docs'
/// Default cell, else none where a declaration makes it optional without one, else the
/// first example file that gives a value. Never transformed.
fn default_of(g: &Gathered) -> (Option<String>, Option<String>) {
    if let Some((d, at)) = g.code_defaults.first() {
        return (d.clone(), Some(at.to_string()));
    }
    // A flag the code reads: what it makes of the variable unset is its default.
    if g.code_flag()
        && let Some((d, at)) = g.code_readings.first()
    {
        return (d.clone(), Some(at.to_string()));
    }
    if let (Some(d), Some(at)) = (&g.docs_default, &g.docs_at) {
        return (d.clone(), Some(format!("the docs ({at})")));
    }
    // Optional in a declaration: what an example file sets is an example, not a default
    // (the code may still apply one where envlint cannot follow it, as the docs may say).
    if let Some(at) = &g.code_optional {
        return (None, Some(at.to_string()));
    }
    // A required variable's example value is an example, not a default.
    if let Some((v, at)) = g.examples.first()
        && !g.required_by_declaration()
    {
        return ((!v.is_empty()).then(|| v.clone()), Some(at.to_string()));
    }
    (None, None)
}

/// The choices a docs Type cell lists (`Enum string: `sqlite`, `postgres``).
fn listed_choices(ty: &str) -> Option<Vec<String>> {
    let (kind, list) = ty.split_once(':')?;
    if !kind.to_ascii_lowercase().contains("enum") {
        return None;
    }
    let items: Vec<String> = list
        .split([',', '|'])
        .map(|i| i.trim().trim_matches('`').trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect();
    (items.len() >= 2
        && items
            .iter()
            .all(|i| i.chars().all(|c| c.is_alphanumeric() || "_-.".contains(c))))
    .then_some(items)
}

/// The choices a description lists as `a | b | c` (backticks allowed), when it does.
pub(super) fn choices(text: &str) -> Option<Vec<String>> {
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

/// Whether a name holds a key, a secret, an identifier or a hash: digits in its value say
/// nothing about its type.
fn opaque(name: &str) -> bool {
    name.split('_').any(|w| {
        matches!(
            w.to_ascii_uppercase().as_str(),
            "KEY"
                | "SECRET"
                | "TOKEN"
                | "ID"
                | "HASH"
                | "SALT"
                | "PASSWORD"
                | "PASS"
                | "SHA"
                | "UUID"
                | "VERSION"
                | "TAG"
                | "CODE"
                | "PIN"
        )
    })
}

/// The type the evidence gives: bool when the code reads a flag, the docs say Boolean or
/// every value is a bool's word; a number when the code converts it, the docs say Number,
/// or every value is one (and the name is no key, secret, id or hash); `port` only for the
/// numbers of a `*_PORT`; a URL when every value is one; else a string.
pub(super) fn infer_type(name: &str, values: &[&str], g: &Gathered) -> VarType {
    let words = |v: &str| {
        matches!(
            v.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off"
        )
    };
    // A type the code declares, else the docs' word.
    let doc = g
        .code_type
        .as_deref()
        .filter(|t| !t.starts_with("enum("))
        .or(g.docs_type.as_deref())
        .and_then(crate::facts::verdict::type_word);
    let says = |t: VarType| doc.is_some_and(|d| d.first() == Some(&t));
    if says(VarType::Port) || (says(VarType::Url) && g.code_type.is_some()) {
        let t = doc.and_then(|d| d.first().copied()).unwrap_or_default();
        if values.iter().all(|v| t.reject(v, &[]).is_none()) {
            return t;
        }
    }
    if g.code_flag()
        || says(VarType::Bool)
        || (!values.is_empty() && values.iter().all(|v| words(v)))
    {
        return VarType::Bool;
    }
    let fits = |t: VarType| values.iter().all(|v| t.reject(v, &[]).is_none());
    let numeric = g.code_numeric || says(VarType::Int) || (!values.is_empty() && !opaque(name));
    if numeric && (fits(VarType::Int) || fits(VarType::Float)) {
        if name.ends_with("_PORT") && !values.is_empty() && fits(VarType::Port) {
            return VarType::Port;
        }
        return if fits(VarType::Int) {
            VarType::Int
        } else {
            VarType::Float
        };
    }
    if !values.is_empty() && fits(VarType::Url) {
        return VarType::Url;
    }
    VarType::String
}

/// `on` when it differs from the default (every configured surface but compose). Gaps are
/// declared so the first check shows them: a variable the code reads is on the docs when
/// the project has them (its missing row is a finding), a documented one is on the code
/// when the project has code and compose hands it to no service but the ones this code
/// runs (another program reads what compose passes a sidecar).
fn on_list(g: &Gathered, found: &Found, gaps: &Gaps) -> Option<Vec<String>> {
    let mut on: Vec<SurfaceName> = g.on.clone();
    if gaps.docs
        && on.contains(&SurfaceName::Code)
        && !found.docs.is_empty()
        && !on.contains(&SurfaceName::Docs)
    {
        on.push(SurfaceName::Docs);
    }
    let sidecar = match g.service.as_deref() {
        Some(service) => !gaps.ours.iter().any(|s| s == service),
        None => g.interpolated,
    };
    if gaps.code
        && !g.deprecated
        && on.contains(&SurfaceName::Docs)
        && !found.code_roots.is_empty()
        && !on.contains(&SurfaceName::Code)
        && !sidecar
    {
        on.push(SurfaceName::Code);
    }
    let configured = [
        (SurfaceName::Dotenv, !found.dotenv.is_empty()),
        (SurfaceName::Docs, !found.docs.is_empty()),
        (SurfaceName::Code, !found.code_roots.is_empty()),
    ];
    let dotenv_all = g.dotenv_files.len() == found.dotenv.len();
    let default = configured
        .iter()
        .all(|(k, present)| !present || on.contains(k))
        && !on.contains(&SurfaceName::Compose)
        && dotenv_all;
    if default {
        return None;
    }
    let mut out = Vec::new();
    for k in [
        SurfaceName::Dotenv,
        SurfaceName::Docs,
        SurfaceName::Compose,
        SurfaceName::Code,
    ] {
        if !on.contains(&k) {
            continue;
        }
        if k == SurfaceName::Dotenv && !dotenv_all {
            out.extend(g.dotenv_files.iter().map(|f| format!("dotenv:{f}")));
        } else {
            out.push(k.key().to_owned());
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_on_evidence() {
        let none = Gathered::default();
        assert_eq!(infer_type("QDRANT_PORT", &["6333"], &none), VarType::Port);
        assert_eq!(
            infer_type("QDRANT_SIZE", &["1536", "768"], &none),
            VarType::Int
        );
        assert_eq!(infer_type("X_PORT", &["70000"], &none), VarType::Int);
        assert_eq!(
            infer_type("X_PORTS", &["3000,3001"], &none),
            VarType::String
        );
        assert_eq!(infer_type("X_RATIO", &["0.5", "1"], &none), VarType::Float);
        assert_eq!(infer_type("X_ON", &["true", "off"], &none), VarType::Bool);
        assert_eq!(infer_type("X_ON", &["1", "0"], &none), VarType::Int);
        assert_eq!(infer_type("X_URL", &["http://a:1"], &none), VarType::Url);
        assert_eq!(infer_type("X_NAME", &["a b"], &none), VarType::String);
        assert_eq!(infer_type("X_NONE", &[], &none), VarType::String);
        assert_eq!(
            infer_type("ENCRYPTION_KEY", &["0123456789"], &none),
            VarType::String,
            "digits in a key say nothing"
        );
        let flag = Gathered {
            code_readings: vec![(Some("false".to_owned()), At::default())],
            flag_name: true,
            ..Gathered::default()
        };
        assert_eq!(infer_type("X_ENABLED", &[], &flag), VarType::Bool);
        // Tested for presence only: a flag by its name, not an id's.
        let present = Gathered {
            code_readings: vec![(Some("false".to_owned()), At::default())],
            ..Gathered::default()
        };
        assert_eq!(infer_type("X_CLIENT_ID", &[], &present), VarType::String);
        let compared = Gathered {
            code_readings: vec![(Some("false".to_owned()), At::default())],
            code_tests: vec!["development".to_owned()],
            ..Gathered::default()
        };
        assert_eq!(infer_type("NODE_ENV", &[], &compared), VarType::String);
        assert_eq!(infer_type("X_ENABLED", &[], &flag), VarType::Bool);
        let number = Gathered {
            docs_type: Some("Number".to_owned()),
            ..Gathered::default()
        };
        assert_eq!(infer_type("X_LIMIT", &["5"], &number), VarType::Int);
    }

    #[test]
    fn choices_listed_in_a_description_or_a_type_cell() {
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
        assert_eq!(
            listed_choices("Enum string:  `sqlite`, `postgresdb`"),
            Some(vec!["sqlite".to_owned(), "postgresdb".to_owned()])
        );
        assert_eq!(listed_choices("String"), None);
    }

    #[test]
    fn prefixes_on_evidence() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        let names = s(&[
            "QDRANT_HOST",
            "QDRANT_PORT",
            "QDRANT_API_KEY",
            "BIFROST_URL",
            "NODE_ENV",
            "NODE_OPTIONS",
            "NODE_EXTRA_CA_CERTS",
            "NO_COLOR",
            "TZ",
            "CPU_CORES",
            "https_proxy",
            "PORT",
        ]);
        assert_eq!(infer_prefixes(&names, &[]), ["QDRANT_"]);
        assert_eq!(
            infer_prefixes(
                &names,
                &s(&[
                    "TZ",
                    "NO_COLOR",
                    "BIFROST_URL",
                    "QDRANT_PORT",
                    "https_proxy"
                ])
            ),
            ["QDRANT_", "BIFROST_URL", "NO_COLOR", "TZ"],
            "documented names are owned as themselves, lower-case ones never"
        );
    }

    #[test]
    fn sections_are_numbers_when_headings_start_with_one() {
        assert_eq!(section_key("25. Memory and routing"), "25.");
        assert_eq!(section_key(" 3.2 Logging"), "3.2");
        assert_eq!(section_key("Sidecars"), "Sidecars");
    }
}
