//! The code adapter: walks the configured roots and finds where TypeScript/JavaScript
//! (oxc) and Rust (syn) code reads owned variables, with fallbacks and conversions.

mod loads;
pub mod python;
pub mod rust;
mod slicing;
mod stack;
pub mod ts;

use std::path::Path;
use std::sync::Mutex;

use crate::error::Error;
use crate::facts::{Mention, MentionKind, Role, Stated, Surface};
use crate::schema::{CodeConfig, Schema, SurfaceName};
use crate::source::{Files, SourceFile, Span};
use crate::staged::Index;

/// One read of a variable.
#[derive(Debug, Clone)]
pub struct Read {
    pub name: String,
    pub span: Span,
    pub stated: Vec<Stated>,
    /// Where the constant behind `stated[i]` is defined, when that is elsewhere.
    pub defs: Vec<(usize, Def)>,
}

/// What produced a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Src {
    /// The environment variable itself, perhaps converted (`Number(raw)`, `raw.trim()`):
    /// the code states nothing about it.
    Env,
    /// A literal or a constant of the code, at `span`; `def` is the constant's definition.
    Code { span: Span, def: Option<Def> },
    /// A test of the variable (`raw === "1"`, `!raw`): a reading, not a default.
    Predicate(Span),
}

/// What a read's value comes to with the variable unset, in the terms facts need.
#[derive(Debug, Clone)]
pub struct Unset {
    pub src: Src,
    /// Whether the variable's value was consulted (a value that does not depend on it
    /// says nothing about it).
    pub env: bool,
    pub value: Computed,
    /// Whether, with the variable set, the value is the variable's (perhaps converted):
    /// then what stands in for it unset is its default. `engine === "amazon" ? "k" : "q"`
    /// is a choice the variable makes, and its `q` no default.
    pub carried: bool,
}

/// A computed value as facts state it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Computed {
    Bool(bool),
    /// A text; `None` is "no default" (undefined, null, an empty string).
    Text(Option<String>),
    /// Unknown, or nothing a default can be (`NaN`, an object).
    Nothing,
}

/// What the code states about a read from where its value goes: a reading, when the value
/// is a boolean for every compared spelling (`probe` evaluates one); else a default, when
/// a literal or constant of the code produces it; else nothing. `at` is where a reading
/// whose unset value has no span of its own is shown.
pub fn conclude(
    unset: Unset,
    probe: &mut dyn FnMut(&str) -> Option<bool>,
    at: impl FnOnce() -> Option<Span>,
) -> Option<(Stated, Option<Def>)> {
    if !unset.env {
        return None;
    }
    if let Computed::Bool(b) = unset.value {
        let mut truth = crate::facts::Truth([None; crate::facts::PROBES.len()]);
        for (i, p) in crate::facts::PROBES.iter().enumerate() {
            truth.0[i] = probe(p);
        }
        if truth.0[..crate::facts::COMPARED]
            .iter()
            .all(Option::is_some)
        {
            // A test that is on when the variable is off (`X !== "true"`, `X === "false"`,
            // `X !== "1"`) reads the flag negated: the flag's own reading is the opposite.
            let negated =
                |on: &str, off: &str| truth.of(on) == Some(false) && truth.of(off) == Some(true);
            let b = if negated("true", "false") || negated("1", "0") {
                for t in &mut truth.0 {
                    *t = t.map(|x| !x);
                }
                !b
            } else {
                b
            };
            let span = match &unset.src {
                Src::Code { span, .. } | Src::Predicate(span) => span.clone(),
                Src::Env => at()?,
            };
            let mut stated = Stated::new(Role::Reading, Some(b.to_string()), span, "reading");
            stated.truth = Some(Box::new(truth));
            return Some((stated, None));
        }
    }
    let Src::Code { span, def } = unset.src else {
        return None;
    };
    if !unset.carried {
        return None;
    }
    let text = match unset.value {
        Computed::Bool(b) => Some(b.to_string()),
        Computed::Text(t) => t.filter(|t| !t.is_empty()),
        Computed::Nothing => return None,
    };
    Some((
        Stated::new(Role::Default, text, span, "computed default"),
        def,
    ))
}

/// Where a constant is defined: `file` is `None` for the file being read, else the path
/// (relative to the root) of the module it is imported from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Def {
    pub file: Option<std::sync::Arc<str>>,
    pub span: Span,
}

/// The reads found in one file, by the start of their name.
#[derive(Debug, Default)]
struct Reads(std::collections::BTreeMap<usize, Read>);

impl Reads {
    /// Records a read of `name` at `span` (once per place); returns its key.
    fn add(&mut self, name: String, span: Span) -> usize {
        let at = span.start;
        self.0.entry(at).or_insert_with(|| Read {
            name,
            span,
            stated: Vec::new(),
            defs: Vec::new(),
        });
        at
    }

    /// Records what the read at `at` states, once per span and role.
    fn state(
        &mut self,
        at: usize,
        role: Role,
        text: Option<String>,
        span: Span,
        what: &'static str,
    ) {
        self.state_full(at, Stated::new(role, text, span, what), None);
    }

    /// Records a stated value with where its constant is defined; `false` when the read
    /// already states something there.
    fn state_full(&mut self, at: usize, stated: Stated, def: Option<Def>) -> bool {
        let Some(r) = self.0.get_mut(&at) else {
            return false;
        };
        if r.stated
            .iter()
            .any(|s| s.span == stated.span && s.role == stated.role)
        {
            return false;
        }
        if let Some(d) = def {
            r.defs.push((r.stated.len(), d));
        }
        r.stated.push(stated);
        true
    }

    /// Removes the `true`/`false` fallbacks the read at `at` states (a reading replaces them).
    fn drop_bool_defaults(&mut self, at: usize) {
        if let Some(r) = self.0.get_mut(&at) {
            let keep: Vec<bool> = r
                .stated
                .iter()
                .map(|s| {
                    !(s.role == Role::Default
                        && matches!(s.text.as_deref(), Some("true" | "false")))
                })
                .collect();
            let mut i = 0;
            r.stated.retain(|_| {
                i += 1;
                keep[i - 1]
            });
            let mut removed_before = Vec::with_capacity(keep.len());
            let mut n = 0;
            for k in &keep {
                removed_before.push(n);
                if !k {
                    n += 1;
                }
            }
            r.defs.retain(|(i, _)| keep[*i]);
            for (i, _) in &mut r.defs {
                *i -= removed_before[*i];
            }
        }
    }

    fn into_vec(self) -> Vec<Read> {
        self.0.into_values().collect()
    }
}

/// What a file's code says.
#[derive(Debug, Clone, Default)]
pub struct FileReads {
    pub reads: Vec<Read>,
    /// `process.env[name]`: counted, not guessed.
    pub dynamic: Vec<Span>,
    /// Where and why the file does not parse.
    pub error: Option<(Span, String)>,
    /// Unknown decorators and methods given a variable's name.
    pub unknown_words: Vec<crate::facts::Word>,
}

/// The outcome of walking the code roots.
#[derive(Debug, Default)]
pub struct Scan {
    /// One surface per file that reads an owned variable or does not parse.
    pub surfaces: Vec<Surface>,
    /// Source files walked (by extension).
    pub files: usize,
    /// What `--verbose` tells: skipped files, dynamic reads.
    pub notes: Vec<String>,
}

/// The language of a file, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Script,
    Rust,
    Python,
}

fn lang(path: &Path) -> Option<Lang> {
    match path.extension()?.to_str()? {
        "ts" | "tsx" | "mts" | "cts" | "js" | "jsx" | "mjs" | "cjs" => Some(Lang::Script),
        "rs" => Some(Lang::Rust),
        "py" => Some(Lang::Python),
        _ => None,
    }
}

/// What one walked file yielded.
enum Outcome {
    Reads(String, String, FileReads),
    Note(String),
    Nothing,
}

/// Walks `config.roots` under `root` (`.gitignore`-aware, dot-files included, `.git`
/// skipped, symlinks followed with loops survived) and reads each source file once;
/// only files whose bytes hold an owned prefix are parsed.
///
/// With `staged` (`check --staged`), the code is the git index's: the same walk skips the
/// files the index does not hold, reads those it holds with other contents from the index
/// (one at a time, as the walk meets them), and afterwards reads from the index the ones
/// the work tree no longer has; every other file is read from the work tree, as git
/// knows it to be the staged one.
pub fn scan(
    root: &Path,
    schema: &Schema,
    config: &CodeConfig,
    files: &mut Files,
    staged: Option<&Index>,
) -> Result<Scan, Error> {
    stack::on_worker(|| scan_here(root, schema, config, files, staged))
}

fn scan_here(
    root: &Path,
    schema: &Schema,
    config: &CodeConfig,
    files: &mut Files,
    staged: Option<&Index>,
) -> Result<Scan, Error> {
    let mut roots = Vec::new();
    for r in &config.roots {
        let path = root.join(r);
        if !path.is_dir() {
            return Err(Error::Read {
                path: r.clone(),
                reason: "a code root in the schema is not a directory".to_owned(),
            });
        }
        roots.push(path);
    }
    let mut builder = ignore::WalkBuilder::new(&roots[0]);
    for r in &roots[1..] {
        builder.add(r);
    }
    builder
        .hidden(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .follow_links(true)
        .filter_entry(|e| e.file_name() != ".git");
    let walked = Mutex::new(Vec::new());
    let counted = std::sync::atomic::AtomicUsize::new(0);
    let prefixes = Prefixes::of(schema);
    let modules = disk_modules(root, config, staged);
    let work = |entry: &ignore::DirEntry| {
        let outcome = visit(root, entry, config, &prefixes, &counted, &modules, staged);
        if !matches!(outcome, Outcome::Nothing) {
            walked.lock().expect("no thread panicked").push(outcome);
        }
    };
    // The walk runs on this thread and hands source files to worker threads in batches of
    // `BATCH` (one hand-off per batch: a queue per file cost more in locking and thread
    // switches than examining most files does). A tree of fewer files costs no thread: it
    // is examined here after the walk.
    std::thread::scope(|s| {
        let mut pending: Vec<ignore::DirEntry> = Vec::new();
        let mut queue: Option<std::sync::mpsc::SyncSender<Vec<ignore::DirEntry>>> = None;
        let mut started = false;
        for entry in builder.build() {
            let e = match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && lang(e.path()).is_some() => {
                    e
                }
                Ok(_) => continue,
                Err(err) => {
                    let note = Outcome::Note(format!("skipped: {err}"));
                    walked.lock().expect("no thread panicked").push(note);
                    continue;
                }
            };
            pending.push(e);
            if pending.len() < BATCH {
                continue;
            }
            if !started {
                started = true;
                queue = start_workers(s, &work);
            }
            // With no thread to spare, this one examines every file after the walk; when
            // the workers are busy, it examines the batch itself (every core works).
            if let Some(tx) = &queue {
                match tx.try_send(std::mem::take(&mut pending)) {
                    Ok(()) => {}
                    Err(std::sync::mpsc::TrySendError::Full(batch)) => batch.iter().for_each(&work),
                    Err(std::sync::mpsc::TrySendError::Disconnected(_)) => {
                        unreachable!("the workers outlive the walk")
                    }
                }
            }
        }
        match queue {
            Some(tx) if !pending.is_empty() => {
                tx.send(pending).expect("the workers outlive the walk");
            }
            Some(_) => {}
            None => pending.iter().for_each(&work),
        }
    });
    let mut walked = walked.into_inner().expect("no thread panicked");
    let mut counted = counted.into_inner();
    if let Some(index) = staged {
        counted += staged_unmet(root, config, index, &prefixes, &modules, &mut walked);
    }
    Ok(finish(walked, counted, files, &modules))
}

/// The staged files the work tree no longer has, read from the index into `walked`: the
/// walk did not meet them (nor the ones it skips, `.gitignore`d, which a checkout's walk
/// would skip too). Returns how many were source files of the scan.
fn staged_unmet(
    root: &Path,
    config: &CodeConfig,
    index: &Index,
    prefixes: &Prefixes,
    modules: &Loaders,
    walked: &mut Vec<Outcome>,
) -> usize {
    let mut counted = 0;
    for rel in index.unmet() {
        let Some(lang) = lang(Path::new(rel)) else {
            continue;
        };
        if !of_the_roots(config, rel)
            || config.exclude_set.is_match(rel)
            || std::fs::symlink_metadata(root.join(rel)).is_ok()
        {
            continue;
        }
        counted += 1;
        let outcome = from_index(index, rel, lang, config, prefixes, modules);
        if !matches!(outcome, Outcome::Nothing) {
            walked.push(outcome);
        }
    }
    counted
}

/// A file read from the index: skipped past the size limit or without an owned prefix,
/// else examined as a walked file is.
fn from_index(
    index: &Index,
    rel: &str,
    lang: Lang,
    config: &CodeConfig,
    prefixes: &Prefixes,
    modules: &Loaders,
) -> Outcome {
    let bytes = match index.from_index(rel) {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::Note(format!("skipped {rel}: {e}")),
    };
    if bytes.len() as u64 > config.max_file_size {
        return too_large(rel, &bytes.len().to_string(), config.max_file_size);
    }
    if !prefixes.any_in(&bytes, lang) {
        return Outcome::Nothing;
    }
    examine(rel.to_owned(), bytes, lang, config, prefixes, modules)
}

/// The note on a file skipped for its size (`size`: its length, or what is known of it).
fn too_large(rel: &str, size: &str, max: u64) -> Outcome {
    Outcome::Note(format!(
        "skipped {rel}: {size} bytes, over the {max} byte limit (`max-file-size`)"
    ))
}

/// The modules the files of a scan import: TypeScript's and Python's, each read when first
/// imported if it is a file of the scan.
pub struct Loaders<'r> {
    ts: ts::ModuleCache<'r>,
    py: python::modules::PyModuleCache<'r>,
}

impl std::fmt::Debug for Loaders<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Loaders").finish_non_exhaustive()
    }
}

impl Loaders<'_> {
    /// The text of every module that was loaded, by path: where "defined here" points.
    fn texts(&self) -> Vec<(std::sync::Arc<str>, std::sync::Arc<String>)> {
        let mut out = self.ts.texts();
        out.extend(self.py.texts());
        out
    }
}

/// A module of the scan by its path (under a code root, not excluded, not too large): from
/// disk, or as the index holds it (`staged`).
fn module_text(
    root: &Path,
    config: &CodeConfig,
    staged: Option<&Index>,
    rel: &str,
    lang: Lang,
) -> Option<String> {
    if !of_the_scan(config, rel, lang) {
        return None;
    }
    text_of(root, staged, rel, config.max_file_size)
}

/// The UTF-8 text of the file `rel` of at most `max` bytes: from disk, or as the index
/// holds it (`staged`).
fn text_of(root: &Path, staged: Option<&Index>, rel: &str, max: u64) -> Option<String> {
    if let Some(index) = staged {
        let bytes = index.bytes(rel).ok()?;
        return (bytes.len() as u64 <= max)
            .then(|| String::from_utf8(bytes).ok())
            .flatten();
    }
    let path = root.join(rel);
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > max {
        return None;
    }
    String::from_utf8(std::fs::read(path).ok()?).ok()
}

/// The loaders of a scan: modules read from disk, or as the index holds them (`staged`).
fn disk_modules<'r>(
    root: &'r Path,
    config: &'r CodeConfig,
    staged: Option<&'r Index>,
) -> Loaders<'r> {
    // Configuration files (`tsconfig.json`, `package.json`, `pnpm-workspace.yaml`) as the
    // scan sees them.
    let config_file = move |rel: &str| text_of(root, staged, rel, 1 << 20);
    let resolver = ts::resolve::Resolver::new(root, config_file);
    Loaders {
        ts: ts::ModuleCache::new(
            move |rel: &str| module_text(root, config, staged, rel, Lang::Script),
            &config.words,
        )
        .with_resolver(resolver),
        py: python::modules::PyModuleCache::new(move |rel: &str| {
            module_text(root, config, staged, rel, Lang::Python)
        }),
    }
}

/// Whether `rel` (relative to the root, `/`-separated) is a file of `lang` the scan reads:
/// under a code root, not excluded.
fn of_the_scan(config: &CodeConfig, rel: &str, lang: Lang) -> bool {
    self::lang(Path::new(rel)) == Some(lang)
        && of_the_roots(config, rel)
        && !config.exclude_set.is_match(rel)
}

/// Whether `rel` lies under one of the code roots.
fn of_the_roots(config: &CodeConfig, rel: &str) -> bool {
    config.roots.iter().any(|r| {
        let r = crate::schema::normal_path(r);
        r.is_empty() || rel.starts_with(&format!("{r}/"))
    })
}

/// How many source files the walk hands to a worker at once; a tree of fewer is examined
/// on the walking thread.
const BATCH: usize = 32;

/// Starts a worker per core (up to 8) draining batches of entries into `work`; `None` when
/// no thread can be started.
fn start_workers<'s>(
    s: &'s std::thread::Scope<'s, '_>,
    work: &'s (dyn Fn(&ignore::DirEntry) + Sync),
) -> Option<std::sync::mpsc::SyncSender<Vec<ignore::DirEntry>>> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<ignore::DirEntry>>(4);
    let rx = std::sync::Arc::new(Mutex::new(rx));
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    let mut started = 0;
    for _ in 0..workers {
        let rx = std::sync::Arc::clone(&rx);
        let drain = move || {
            loop {
                let next = rx.lock().expect("no thread panicked").recv();
                match next {
                    Ok(batch) => batch.iter().for_each(work),
                    Err(_) => break,
                }
            }
        };
        if stack::worker(s, drain).is_err() {
            break;
        }
        started += 1;
    }
    (started > 0).then_some(tx)
}

/// The surfaces and notes of the files examined, in path order; a module that defines a
/// constant a finding may point into is added to `files` too.
fn finish(mut walked: Vec<Outcome>, counted: usize, files: &mut Files, modules: &Loaders) -> Scan {
    let key = |o: &Outcome| match o {
        Outcome::Reads(name, ..) => (0, name.clone()),
        Outcome::Note(n) => (1, n.clone()),
        Outcome::Nothing => (2, String::new()),
    };
    walked.sort_by_key(key);
    let mut scan = Scan {
        files: counted,
        ..Scan::default()
    };
    let mut ids: foldhash::HashMap<String, crate::source::FileId> = foldhash::HashMap::default();
    let mut pending_defs: Vec<(usize, usize, usize, Def)> = Vec::new();
    for o in walked {
        match o {
            Outcome::Reads(name, text, reads) => {
                let source = SourceFile::new(name, text);
                for d in &reads.dynamic {
                    let p = source.position(d.start);
                    scan.notes.push(format!(
                        "{}:{}:{}: a dynamic read (`{}`) is counted, not checked",
                        source.name,
                        p.line,
                        p.column,
                        &source.text[d.clone()]
                    ));
                }
                let name = source.name.clone();
                let id = files.add(source);
                ids.insert(name, id);
                let mut s = Surface::new(SurfaceName::Code, id);
                s.complete = false;
                s.parse_error = reads.error;
                for w in &reads.unknown_words {
                    s.notes.push((
                        w.at,
                        match w.kind {
                            crate::facts::WordKind::Decorator => format!(
                                "`@{}` names a variable but is no known decorator: add it to `[surfaces.code] decorators` to read the field",
                                w.name
                            ),
                            crate::facts::WordKind::Getter => format!(
                                "`.{}(...)` is given a variable's name but is no known getter: add it to `[surfaces.code] getters` to read it",
                                w.name
                            ),
                        },
                    ));
                }
                s.unknown_words = reads.unknown_words;
                let surface = scan.surfaces.len();
                for (m, r) in reads.reads.into_iter().enumerate() {
                    for (i, def) in r.defs {
                        pending_defs.push((surface, m, i, def));
                    }
                    s.mentions.push(Mention {
                        name: r.name,
                        block: r.span.clone(),
                        span: r.span,
                        kind: MentionKind::Read,
                        scope: None,
                        stated: r.stated,
                        via: None,
                    });
                }
                scan.surfaces.push(s);
            }
            Outcome::Note(n) => scan.notes.push(n),
            Outcome::Nothing => {}
        }
    }
    locate_defs(&mut scan, pending_defs, &mut ids, files, modules);
    scan
}

/// Points each stated value's constant at its definition: this file, or a module it
/// imports (added to `files` once).
fn locate_defs(
    scan: &mut Scan,
    pending: Vec<(usize, usize, usize, Def)>,
    ids: &mut foldhash::HashMap<String, crate::source::FileId>,
    files: &mut Files,
    modules: &Loaders,
) {
    let texts = modules.texts();
    for (surface, m, i, def) in pending {
        let s = &mut scan.surfaces[surface];
        let file = match &def.file {
            None => Some(s.file),
            Some(path) => ids.get(&**path).copied().or_else(|| {
                let (_, text) = texts.iter().find(|(p, _)| p == path)?;
                let id = files.add(SourceFile::new(path.to_string(), text.as_str()));
                ids.insert(path.to_string(), id);
                Some(id)
            }),
        };
        if let Some(file) = file {
            s.mentions[m].stated[i].defined = Some((file, def.span));
        }
    }
}

/// The owned prefixes as byte searchers, built once per scan: each alone (what the
/// TypeScript slicer keeps), and all at once in one pass over a file, in lower case too for
/// Python, whose settings classes name a variable by a field read case-insensitively
/// (`qdrant_url: str` is `QDRANT_URL`).
#[derive(Debug)]
pub struct Prefixes {
    each: Vec<memchr::memmem::Finder<'static>>,
    each_any_case: Vec<memchr::memmem::Finder<'static>>,
    exact: aho_corasick::AhoCorasick,
    any_case: aho_corasick::AhoCorasick,
}

impl Prefixes {
    fn of(schema: &Schema) -> Self {
        let finders = |ps: &[String]| {
            ps.iter()
                .map(|p| memchr::memmem::Finder::new(p.as_bytes()).into_owned())
                .collect()
        };
        let mut cases = schema.prefixes.clone();
        cases.extend(schema.prefixes.iter().map(|p| p.to_ascii_lowercase()));
        cases.sort();
        cases.dedup();
        Self {
            each: finders(&schema.prefixes),
            each_any_case: finders(&cases),
            exact: searcher(&schema.prefixes),
            any_case: searcher(&cases),
        }
    }

    fn any_in(&self, bytes: &[u8], lang: Lang) -> bool {
        match lang {
            Lang::Python => self.any_case.is_match(bytes),
            _ => self.exact.is_match(bytes),
        }
    }
}

/// One searcher for any of `patterns` (a handful of prefixes: a SIMD multi-pattern scan).
fn searcher(patterns: &[String]) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(patterns)
        .expect("a handful of short prefixes always builds")
}

/// Reads one walked entry: skips what is not a source file, excluded, too large, free of
/// owned prefixes, binary or not UTF-8; parses the rest. The path relative to the root is
/// only spelled out for a file that gets that far (or when there are globs to match).
fn visit(
    root: &Path,
    e: &ignore::DirEntry,
    config: &CodeConfig,
    prefixes: &Prefixes,
    counted: &std::sync::atomic::AtomicUsize,
    modules: &Loaders,
    staged: Option<&Index>,
) -> Outcome {
    let path = e.path();
    if !e.file_type().is_some_and(|t| t.is_file()) {
        return Outcome::Nothing;
    }
    let Some(lang) = lang(path) else {
        return Outcome::Nothing;
    };
    let rel = || {
        path.strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    };
    if !config.exclude.is_empty() && config.exclude_set.is_match(rel()) {
        return Outcome::Nothing;
    }
    // Under `--staged`: a file the index does not hold is not there; one it holds with
    // other contents is read from the index.
    let staged = match staged {
        Some(index) => {
            // The path as the index spells it, spelled out only when the OS's is not.
            let rel = match path.strip_prefix(root).ok().and_then(Path::to_str) {
                Some(r) if !r.contains('\\') => std::borrow::Cow::Borrowed(r),
                _ => std::borrow::Cow::Owned(rel()),
            };
            if !index.meet(&rel) {
                return Outcome::Nothing;
            }
            Some((index, rel))
        }
        None => None,
    };
    counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    // One open and reads into this thread's buffer until the end (no `fstat`, no seek:
    // `fs::read` spends two more calls per file on the size). Most files hold no owned
    // prefix and are never copied out of it.
    let read = std::fs::File::open(path).and_then(|mut f| {
        BUFFER.with_borrow_mut(|buf| {
            let Some(filled) = read_capped(&mut f, buf, config.max_file_size)? else {
                return Ok(Got::TooLarge);
            };
            if let Some((index, rel)) = &staged
                && !index.holds(rel, f.metadata().ok().as_ref(), &buf[..filled])
            {
                return Ok(Got::Staged);
            }
            Ok(if prefixes.any_in(&buf[..filled], lang) {
                Got::Bytes(buf[..filled].to_vec())
            } else {
                Got::Nothing
            })
        })
    });
    let bytes = match (read, staged) {
        (Ok(Got::Bytes(b)), _) => b,
        (Ok(Got::Nothing), _) => return Outcome::Nothing,
        // The staged file differs from this one (or this one could not be read).
        (Ok(Got::Staged | Got::TooLarge) | Err(_), Some((index, rel))) => {
            return from_index(index, &rel, lang, config, prefixes, modules);
        }
        (Ok(Got::TooLarge | Got::Staged), None) => {
            let size = std::fs::metadata(path).map_or_else(
                |_| format!("over {}", config.max_file_size),
                |m| m.len().to_string(),
            );
            return too_large(&rel(), &size, config.max_file_size);
        }
        (Err(err), None) => {
            return Outcome::Note(format!("skipped {}: cannot read it: {err}", rel()));
        }
    };
    examine(rel(), bytes, lang, config, prefixes, modules)
}

/// What reading a walked file gave.
enum Got {
    /// Its bytes: it holds an owned prefix.
    Bytes(Vec<u8>),
    /// It holds no owned prefix.
    Nothing,
    /// It is over `max-file-size`.
    TooLarge,
    /// The index holds other contents for it (`--staged`).
    Staged,
}

thread_local! {
    /// The bytes of the file this thread reads, kept (and initialised) between files.
    static BUFFER: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0; 64 << 10]);
}

/// Reads `f` to its end into `buf` (grown as needed, never shrunk): how many bytes it
/// holds, or `None` when it holds more than `max`. A file smaller than the buffer takes
/// two reads, the second finding the end.
fn read_capped(
    f: &mut impl std::io::Read,
    buf: &mut Vec<u8>,
    max: u64,
) -> std::io::Result<Option<usize>> {
    let limit = usize::try_from(max.saturating_add(1)).unwrap_or(usize::MAX);
    let mut filled = 0;
    loop {
        if filled == buf.len() {
            if filled >= limit {
                break;
            }
            buf.resize(buf.len().saturating_mul(2).clamp(4096, limit), 0);
        }
        let end = buf.len().min(limit);
        match f.read(&mut buf[filled..end]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok((filled < limit).then_some(filled))
}

/// Reads the bytes of a source file that holds an owned prefix: skips binary and
/// non-UTF-8 files; parses the rest.
fn examine(
    rel: String,
    bytes: Vec<u8>,
    lang: Lang,
    config: &CodeConfig,
    prefixes: &Prefixes,
    modules: &Loaders,
) -> Outcome {
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Outcome::Note(format!("skipped {rel}: binary (a NUL byte)"));
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return Outcome::Note(format!("skipped {rel}: not UTF-8"));
    };
    let parsed = stack::on_stack_for(lang, &text, || match lang {
        Lang::Script => ts::reads_sliced(&rel, &text, &config.words, &modules.ts, &prefixes.each),
        Lang::Rust => rust::reads(&text),
        Lang::Python => python::reads_sliced(&rel, &text, &modules.py, &prefixes.each_any_case),
    });
    let reads = parsed.unwrap_or_else(|reason| FileReads {
        error: Some((0..0, reason)),
        ..FileReads::default()
    });
    if reads.reads.is_empty()
        && reads.error.is_none()
        && reads.dynamic.is_empty()
        && reads.unknown_words.is_empty()
    {
        return Outcome::Nothing;
    }
    Outcome::Reads(rel, text, reads)
}

#[cfg(test)]
mod tests;
