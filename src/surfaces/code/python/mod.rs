//! Python reads of environment variables, found with ruff's parser: `os.getenv`,
//! `os.environ.get`, `os.environ[...]` (and `getenv`/`environ` imported from `os`), small
//! helpers called with the name, and pydantic-settings classes (see [`settings`]); the
//! value each read comes to when the variable is unset, as the code computes it (the
//! evaluator in [`eval`], with the TypeScript evaluator's contract).

mod eval;
pub mod modules;
mod settings;
mod slice;
mod value;

use std::sync::Arc;

use foldhash::{HashMap, HashSet};
use ruff_python_ast::{Expr, ExprCall, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_text_size::Ranged;

use super::{Computed, Def, FileReads, Unset};
use crate::facts::{Role, Stated};
use eval::{EnvCall, Eval, Hyp, inner, span};
pub use value::pydantic_bool;
use value::{PyVal, Src, Value};

/// Where modules imported by a Python file come from: a module-level constant's value.
pub trait PyModules: Sync {
    /// The constant `name` of the module `module` (`level` dots before it) imported from
    /// the file at `from`, with the path of the file that defines it.
    fn constant(
        &self,
        from: &str,
        module: &str,
        level: u32,
        name: &str,
    ) -> Option<(Arc<str>, Value)>;
}

/// No module resolves.
#[derive(Debug, Clone, Copy)]
pub struct NoPyModules;

impl PyModules for NoPyModules {
    fn constant(&self, _: &str, _: &str, _: u32, _: &str) -> Option<(Arc<str>, Value)> {
        None
    }
}

/// What a name is bound to in a scope.
#[derive(Debug, Clone)]
pub enum Binding<'a> {
    /// Assigned once, to this expression.
    Expr(&'a Expr),
    Function(&'a StmtFunctionDef),
    Class(&'a StmtClassDef),
    /// `from module import name` (`level` leading dots).
    Import {
        module: String,
        level: u32,
        name: String,
    },
    /// `import module`.
    Module(String),
    /// Bound more than once, or where envlint does not follow.
    Many,
}

/// A parsed module: its text, path, bindings, and each function's locals.
pub struct Module<'a> {
    pub path: String,
    pub text: &'a str,
    pub bindings: HashMap<&'a str, Binding<'a>>,
    locals: HashMap<usize, HashMap<&'a str, Binding<'a>>>,
    /// Names read where their value is consumed (not only tested), anywhere.
    consumed: HashSet<&'a str>,
    /// For each function reading the environment by a parameter's name
    /// (`os.getenv(name)`), that parameter's index.
    helpers: HashMap<usize, usize>,
    no_locals: HashMap<&'a str, Binding<'a>>,
}

impl std::fmt::Debug for Module<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Module")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl<'a> Module<'a> {
    fn new(path: &str, text: &'a str, body: &'a [Stmt]) -> Self {
        let mut m = Self {
            path: path.to_owned(),
            text,
            bindings: bindings_of(body),
            locals: HashMap::default(),
            consumed: HashSet::default(),
            helpers: HashMap::default(),
            no_locals: HashMap::default(),
        };
        let mut functions = Vec::new();
        functions_in(body, &mut functions);
        for f in &functions {
            m.locals.insert(key(*f), bindings_of(&f.body));
        }
        let mut names = Names {
            consumed: HashSet::default(),
        };
        names.stmts(body);
        m.consumed = names.consumed;
        for f in functions {
            if let Some(i) = m.helper_param(f) {
                m.helpers.insert(key(f), i);
            }
        }
        m
    }

    /// The locals of a function (none for one the module does not hold).
    pub fn locals(&self, f: &StmtFunctionDef) -> &HashMap<&'a str, Binding<'a>> {
        self.locals.get(&key(f)).unwrap_or(&self.no_locals)
    }

    /// The index of the parameter a function reads the environment by, if it does.
    fn helper_param(&self, f: &'a StmtFunctionDef) -> Option<usize> {
        let params: Vec<&str> = f
            .parameters
            .posonlyargs
            .iter()
            .chain(f.parameters.args.iter())
            .map(|p| p.parameter.name.as_str())
            .collect();
        let ev = Eval::new(self, &NoPyModules);
        let mut found = None;
        walk_exprs(&f.body, &mut |e| {
            if found.is_some() {
                return;
            }
            let Some(EnvCall::Get { name, .. } | EnvCall::Index { name }) = ev.env_call(e) else {
                return;
            };
            if let Expr::Name(n) = name {
                found = params.iter().position(|p| *p == n.id.as_str());
            }
        });
        found
    }
}

fn key<T>(x: &T) -> usize {
    std::ptr::from_ref(x) as usize
}

/// The bindings of a block of statements (a module's or a function's body).
fn bindings_of(body: &[Stmt]) -> HashMap<&str, Binding<'_>> {
    let mut out: HashMap<&str, Binding> = HashMap::default();
    for s in body {
        bind_stmt(s, &mut out, false);
    }
    out
}

fn put<'a>(out: &mut HashMap<&'a str, Binding<'a>>, name: &'a str, b: Binding<'a>, nested: bool) {
    if nested || out.contains_key(name) {
        out.insert(name, Binding::Many);
    } else {
        out.insert(name, b);
    }
}

fn bind_stmt<'a>(s: &'a Stmt, out: &mut HashMap<&'a str, Binding<'a>>, nested: bool) {
    match s {
        Stmt::Assign(a) => {
            for t in &a.targets {
                match t {
                    Expr::Name(n) if a.targets.len() == 1 => {
                        put(out, n.id.as_str(), Binding::Expr(&a.value), nested);
                    }
                    t => names_in_target(t, &mut |n| {
                        out.insert(n, Binding::Many);
                    }),
                }
            }
        }
        Stmt::AnnAssign(a) => {
            if let (Expr::Name(n), Some(v)) = (&*a.target, &a.value) {
                put(out, n.id.as_str(), Binding::Expr(v), nested);
            }
        }
        Stmt::AugAssign(a) => names_in_target(&a.target, &mut |n| {
            out.insert(n, Binding::Many);
        }),
        Stmt::FunctionDef(f) => put(out, f.name.as_str(), Binding::Function(f), nested),
        Stmt::ClassDef(c) => put(out, c.name.as_str(), Binding::Class(c), nested),
        Stmt::Import(i) => {
            for alias in &i.names {
                let module = alias.name.as_str();
                let (name, bound) = if let Some(a) = &alias.asname {
                    (a.as_str(), module.to_owned())
                } else {
                    let head = module.split('.').next().unwrap_or(module);
                    (head, head.to_owned())
                };
                put(out, name, Binding::Module(bound), nested);
            }
        }
        Stmt::ImportFrom(i) => {
            for alias in &i.names {
                let name = alias.asname.as_ref().unwrap_or(&alias.name).as_str();
                put(
                    out,
                    name,
                    Binding::Import {
                        module: i
                            .module
                            .as_ref()
                            .map(|m| m.as_str().to_owned())
                            .unwrap_or_default(),
                        level: i.level,
                        name: alias.name.as_str().to_owned(),
                    },
                    nested,
                );
            }
        }
        s => bind_nested(s, out),
    }
}

/// The names a compound statement binds (in a branch or a loop: never once and for all).
fn bind_nested<'a>(s: &'a Stmt, out: &mut HashMap<&'a str, Binding<'a>>) {
    match s {
        Stmt::If(i) => {
            for s in i
                .body
                .iter()
                .chain(i.elif_else_clauses.iter().flat_map(|c| c.body.iter()))
            {
                bind_stmt(s, out, true);
            }
        }
        Stmt::Try(t) => {
            for s in t
                .body
                .iter()
                .chain(t.orelse.iter())
                .chain(t.finalbody.iter())
                .chain(t.handlers.iter().flat_map(|h| {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    h.body.iter()
                }))
            {
                bind_stmt(s, out, true);
            }
        }
        Stmt::For(f) => {
            names_in_target(&f.target, &mut |n| {
                out.insert(n, Binding::Many);
            });
            for s in f.body.iter().chain(f.orelse.iter()) {
                bind_stmt(s, out, true);
            }
        }
        Stmt::While(w) => {
            for s in w.body.iter().chain(w.orelse.iter()) {
                bind_stmt(s, out, true);
            }
        }
        Stmt::With(w) => {
            for item in &w.items {
                if let Some(v) = &item.optional_vars {
                    names_in_target(v, &mut |n| {
                        out.insert(n, Binding::Many);
                    });
                }
            }
            for s in &w.body {
                bind_stmt(s, out, true);
            }
        }
        _ => {}
    }
}

fn names_in_target<'a>(t: &'a Expr, f: &mut dyn FnMut(&'a str)) {
    match t {
        Expr::Name(n) => f(n.id.as_str()),
        Expr::Tuple(x) => x.elts.iter().for_each(|e| names_in_target(e, f)),
        Expr::List(x) => x.elts.iter().for_each(|e| names_in_target(e, f)),
        Expr::Starred(s) => names_in_target(&s.value, f),
        _ => {}
    }
}

fn functions_in<'a>(body: &'a [Stmt], out: &mut Vec<&'a StmtFunctionDef>) {
    for s in body {
        match s {
            Stmt::FunctionDef(f) => {
                out.push(f);
                functions_in(&f.body, out);
            }
            Stmt::ClassDef(c) => functions_in(&c.body, out),
            Stmt::If(i) => {
                functions_in(&i.body, out);
                for c in &i.elif_else_clauses {
                    functions_in(&c.body, out);
                }
            }
            _ => {}
        }
    }
}

/// Every expression of a block, outermost first (nested functions and classes included).
fn walk_exprs<'a>(body: &'a [Stmt], f: &mut dyn FnMut(&'a Expr)) {
    use ruff_python_ast::visitor::source_order::{SourceOrderVisitor, walk_expr};
    struct W<'f, 'a> {
        f: &'f mut dyn FnMut(&'a Expr),
    }
    impl<'a> SourceOrderVisitor<'a> for W<'_, 'a> {
        fn visit_expr(&mut self, e: &'a Expr) {
            (self.f)(e);
            walk_expr(self, e);
        }
    }
    let mut w = W { f };
    w.visit_body(body);
}

/// The names read where their value is consumed: anywhere but as (part of) the test of an
/// `if`, `while` or conditional expression.
struct Names<'a> {
    consumed: HashSet<&'a str>,
}

impl<'a> Names<'a> {
    fn stmts(&mut self, body: &'a [Stmt]) {
        use ruff_python_ast::visitor::source_order::{SourceOrderVisitor, walk_expr, walk_stmt};
        struct V<'n, 'a> {
            n: &'n mut Names<'a>,
            test: usize,
        }
        impl<'a> SourceOrderVisitor<'a> for V<'_, 'a> {
            fn visit_stmt(&mut self, s: &'a Stmt) {
                match s {
                    Stmt::If(i) => {
                        self.test += 1;
                        self.visit_expr(&i.test);
                        self.test -= 1;
                        self.visit_body(&i.body);
                        for c in &i.elif_else_clauses {
                            if let Some(t) = &c.test {
                                self.test += 1;
                                self.visit_expr(t);
                                self.test -= 1;
                            }
                            self.visit_body(&c.body);
                        }
                    }
                    Stmt::While(w) => {
                        self.test += 1;
                        self.visit_expr(&w.test);
                        self.test -= 1;
                        self.visit_body(&w.body);
                        self.visit_body(&w.orelse);
                    }
                    s => walk_stmt(self, s),
                }
            }
            fn visit_expr(&mut self, e: &'a Expr) {
                match e {
                    Expr::Name(n) if self.test == 0 && n.ctx.is_load() => {
                        self.n.consumed.insert(n.id.as_str());
                    }
                    Expr::If(i) => {
                        self.test += 1;
                        self.visit_expr(&i.test);
                        self.test -= 1;
                        self.visit_expr(&i.body);
                        self.visit_expr(&i.orelse);
                    }
                    // A call's arguments are consumed even inside a test.
                    Expr::Call(c) if self.test > 0 => {
                        let t = self.test;
                        self.test = 0;
                        self.visit_expr(&c.func);
                        for a in &c.arguments.args {
                            self.visit_expr(a);
                        }
                        for k in &c.arguments.keywords {
                            self.visit_expr(&k.value);
                        }
                        self.test = t;
                    }
                    e => walk_expr(self, e),
                }
            }
        }
        let mut v = V { n: self, test: 0 };
        v.visit_body(body);
    }
}

/// The reads in a Python file at `path` (relative to the root).
pub fn reads(path: &str, text: &str, modules: &dyn PyModules) -> FileReads {
    reads_in(path, text, modules, None)
}

/// [`reads`], parsing only the top-level statements the reads can depend on when the
/// scan can vouch for its cuts ([`slice::slice`]; `keep` finds the owned prefixes in
/// either case); the same reads.
pub fn reads_sliced(
    path: &str,
    text: &str,
    modules: &dyn PyModules,
    keep: &[memchr::memmem::Finder<'_>],
) -> FileReads {
    reads_in(path, text, modules, Some(keep))
}

fn reads_in(
    path: &str,
    text: &str,
    modules: &dyn PyModules,
    keep: Option<&[memchr::memmem::Finder<'_>]>,
) -> FileReads {
    if let Some(sliced) = keep.and_then(|keep| slice::slice(text, keep)) {
        let parsed = parse(&sliced.text);
        if holds(&parsed, &sliced) {
            return read_module(path, &sliced.text, &parsed.syntax().body, modules);
        }
    }
    let parsed = parse(text);
    let mut out = read_module(path, text, &parsed.syntax().body, modules);
    if let Some(e) = parsed.errors().first() {
        let at = e.location.start().to_usize().min(text.len());
        out.error = Some((at..at, e.error.to_string()));
    }
    out
}

fn parse(text: &str) -> ruff_python_parser::Parsed<ruff_python_ast::ModModule> {
    ruff_python_parser::parse_unchecked_source(text, ruff_python_ast::PySourceType::Python)
}

/// Whether the parse of a sliced text stands for the file's: no error, no cut spanned.
fn holds(
    parsed: &ruff_python_parser::Parsed<ruff_python_ast::ModModule>,
    sliced: &super::slicing::Sliced,
) -> bool {
    let statements = parsed
        .syntax()
        .body
        .iter()
        .map(|s| s.range().start().to_usize()..s.range().end().to_usize());
    parsed.errors().is_empty() && sliced.cut_holds(statements)
}

/// Whether [`reads_sliced`] parses `text` sliced, for tests: `None` when the file is not
/// cut, else whether its cuts hold.
#[cfg(test)]
pub fn slice_holds(text: &str, keep: &[memchr::memmem::Finder<'_>]) -> Option<bool> {
    let sliced = slice::slice(text, keep)?;
    Some(holds(&parse(&sliced.text), &sliced))
}

/// The reads of a parsed module.
fn read_module(path: &str, text: &str, body: &[Stmt], modules: &dyn PyModules) -> FileReads {
    let module = Module::new(path, text, body);
    let mut finder = Finder {
        module: &module,
        modules,
        reads: super::Reads::default(),
        dynamic: Vec::new(),
        returns: Vec::new(),
        binding_reads: HashMap::default(),
        following: Vec::new(),
    };
    finder.block(body, None);
    for (f, vars) in std::mem::take(&mut finder.returns) {
        finder.function_root(f, &vars);
    }
    settings::declarations(&module, body, modules, &mut finder.reads);
    FileReads {
        reads: finder.reads.into_vec(),
        dynamic: finder.dynamic,
        ..FileReads::default()
    }
}

/// Finds each root (an expression whose value something consumes: an argument of code
/// envlint does not follow, a statement's expression, a function's return) and the reads
/// its value carries, and evaluates it with each of those variables unset.
struct Finder<'m, 'a> {
    module: &'m Module<'a>,
    modules: &'m dyn PyModules,
    reads: super::Reads,
    dynamic: Vec<crate::source::Span>,
    /// Functions whose returns carry reads, and the reads.
    returns: Vec<(&'a StmtFunctionDef, Vec<(String, usize)>)>,
    /// The reads each binding's value carries, once gathered; the bindings being gathered.
    binding_reads: HashMap<usize, Vec<(String, usize)>>,
    following: Vec<usize>,
}

impl<'a> Finder<'_, 'a> {
    fn block(&mut self, body: &'a [Stmt], func: Option<&'a StmtFunctionDef>) {
        for s in body {
            self.stmt(s, func);
        }
    }

    /// Whether a name bound in the scope is consumed elsewhere (so its uses are the roots).
    fn followed(&self, name: &str) -> bool {
        self.module.consumed.contains(name)
    }

    fn stmt(&mut self, s: &'a Stmt, func: Option<&'a StmtFunctionDef>) {
        match s {
            Stmt::Assign(a) => match a.targets.as_slice() {
                [Expr::Name(n)] if self.followed(n.id.as_str()) => {
                    self.carried_only(&a.value, func);
                }
                _ => self.root(&a.value, func),
            },
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    match &*a.target {
                        Expr::Name(n) if self.followed(n.id.as_str()) => {
                            self.carried_only(v, func);
                        }
                        _ => self.root(v, func),
                    }
                }
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.returned(v, func);
                }
            }
            Stmt::Expr(e) => self.root(&e.value, func),
            Stmt::If(i) => {
                self.carried_only(&i.test, func);
                self.block(&i.body, func);
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        self.carried_only(t, func);
                    }
                    self.block(&c.body, func);
                }
            }
            Stmt::While(w) => {
                self.carried_only(&w.test, func);
                self.block(&w.body, func);
                self.block(&w.orelse, func);
            }
            Stmt::For(f) => {
                self.root(&f.iter, func);
                self.block(&f.body, func);
                self.block(&f.orelse, func);
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.root(&item.context_expr, func);
                }
                self.block(&w.body, func);
            }
            Stmt::Try(t) => {
                self.block(&t.body, func);
                for h in &t.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    self.block(&h.body, func);
                }
                self.block(&t.orelse, func);
                self.block(&t.finalbody, func);
            }
            Stmt::FunctionDef(f) => {
                for p in f
                    .parameters
                    .posonlyargs
                    .iter()
                    .chain(f.parameters.args.iter())
                    .chain(f.parameters.kwonlyargs.iter())
                {
                    if let Some(d) = &p.default {
                        self.root(d, None);
                    }
                }
                self.block(&f.body, Some(f));
            }
            Stmt::ClassDef(c) if !settings::is_declaration(self.module, c) => {
                self.block(&c.body, None);
            }
            Stmt::Assert(a) => self.carried_only(&a.test, func),
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.root(e, func);
                }
            }
            _ => {}
        }
    }

    /// A function's return value: the function is the root (its whole body decides what it
    /// returns); at module level the value is.
    fn returned(&mut self, v: &'a Expr, func: Option<&'a StmtFunctionDef>) {
        let Some(f) = func else {
            self.root(v, func);
            return;
        };
        let (found, roots) = self.gather(v, func);
        if !found.is_empty() {
            match self.returns.iter_mut().find(|(g, _)| key(*g) == key(f)) {
                Some((_, vars)) => vars.extend(found),
                None => self.returns.push((f, found)),
            }
        }
        for r in roots {
            self.root(r, func);
        }
    }

    /// Records the reads `e` carries; returns them (name, offset) and the roots inside it.
    fn gather(
        &mut self,
        e: &'a Expr,
        func: Option<&'a StmtFunctionDef>,
    ) -> (Vec<(String, usize)>, Vec<&'a Expr>) {
        let mut found = Vec::new();
        let mut roots = Vec::new();
        self.carried(e, func, &mut found, &mut roots, 0);
        for (name, at) in &found {
            self.reads.add(name.clone(), *at..*at + name.len());
        }
        (found, roots)
    }

    /// Records the reads `e` carries and visits the roots inside it, without evaluating `e`
    /// (a test decides a branch; a bound local is followed to its uses).
    fn carried_only(&mut self, e: &'a Expr, func: Option<&'a StmtFunctionDef>) {
        let (_, roots) = self.gather(e, func);
        for r in roots {
            self.root(r, func);
        }
    }

    /// A root: records the reads it carries, states what it comes to with each of their
    /// variables unset, and visits the roots inside it.
    fn root(&mut self, e: &'a Expr, func: Option<&'a StmtFunctionDef>) {
        let (mut found, roots) = self.gather(e, func);
        found.sort();
        found.dedup();
        let mut seen: Vec<&str> = Vec::new();
        for (name, at) in &found {
            if seen.contains(&name.as_str()) {
                continue;
            }
            seen.push(name);
            let mut ev = Eval::new(self.module, self.modules);
            ev.scope = func;
            let mut value = |ev: &mut Eval<'_, 'a>| ev.expr(e);
            if let Some((stated, def)) = computed(&mut ev, name, &mut value, span(e.range())) {
                self.reads.state_full(*at, stated, def);
            }
        }
        for r in roots {
            self.root(r, func);
        }
    }

    /// What a function returns with each variable its returns carry unset, stated at the
    /// first read of it.
    fn function_root(&mut self, f: &'a StmtFunctionDef, vars: &[(String, usize)]) {
        let mut seen: Vec<&str> = Vec::new();
        for (name, at) in vars {
            if seen.contains(&name.as_str()) {
                continue;
            }
            seen.push(name);
            let mut ev = Eval::new(self.module, self.modules);
            let mut value = |ev: &mut Eval<'_, 'a>| ev.function_returns(f);
            if let Some((stated, def)) = computed(&mut ev, name, &mut value, span(f.name.range())) {
                self.reads.state_full(*at, stated, def);
            }
        }
    }

    /// The reads `e`'s value carries (the variable and where its name is), and the
    /// expressions inside it whose values are consumed by something else (the roots).
    fn carried(
        &mut self,
        e: &'a Expr,
        func: Option<&'a StmtFunctionDef>,
        found: &mut Vec<(String, usize)>,
        roots: &mut Vec<&'a Expr>,
        depth: usize,
    ) {
        if depth > 64 {
            return;
        }
        if self.carried_read(e, func, found, roots, depth) {
            return;
        }
        if let Some(parts) = made_of(e) {
            for v in parts {
                self.carried(v, func, found, roots, depth + 1);
            }
            return;
        }
        match e {
            Expr::Name(n) => {
                let binding = func
                    .and_then(|f| self.module.locals(f).get(n.id.as_str()))
                    .or_else(|| self.module.bindings.get(n.id.as_str()));
                if let Some(Binding::Expr(b)) = binding {
                    // The binding's reads, not its roots (those are visited where it is),
                    // gathered once per binding.
                    let k = key(*b);
                    if let Some(known) = self.binding_reads.get(&k) {
                        found.extend(known.iter().cloned());
                    } else if !self.following.contains(&k) {
                        self.following.push(k);
                        let mut own = Vec::new();
                        let mut ignored = Vec::new();
                        self.carried(b, func, &mut own, &mut ignored, depth + 1);
                        own.sort();
                        own.dedup();
                        self.following.pop();
                        found.extend(own.iter().cloned());
                        self.binding_reads.insert(k, own);
                    }
                }
            }
            // Arithmetic and concatenation consume the value (`DAYS * 86400`): what stands in
            // for the variable is the operand's.
            Expr::BinOp(b) => {
                roots.push(&b.left);
                roots.push(&b.right);
            }
            Expr::Call(c) => self.carried_call(c, func, found, roots, depth),
            Expr::StringLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
            | Expr::BytesLiteral(_) => {}
            // Anything else consumes what is inside it.
            other => {
                use ruff_python_ast::visitor::source_order::{SourceOrderVisitor, walk_expr};
                struct Children<'r, 'a> {
                    out: &'r mut Vec<&'a Expr>,
                    top: bool,
                }
                impl<'a> SourceOrderVisitor<'a> for Children<'_, 'a> {
                    fn visit_expr(&mut self, e: &'a Expr) {
                        if self.top {
                            self.top = false;
                            walk_expr(self, e);
                        } else {
                            self.out.push(e);
                        }
                    }
                }
                Children {
                    out: roots,
                    top: true,
                }
                .visit_expr(other);
            }
        }
    }

    /// An environment read (`os.getenv("X", d)`, `os.environ["X"]`): the variable it reads,
    /// and what its default carries; `false` when `e` is none.
    fn carried_read(
        &mut self,
        e: &'a Expr,
        func: Option<&'a StmtFunctionDef>,
        found: &mut Vec<(String, usize)>,
        roots: &mut Vec<&'a Expr>,
        depth: usize,
    ) -> bool {
        let ev = Eval::new(self.module, self.modules);
        let Some(read) = ev.env_call(e) else {
            return false;
        };
        {
            let (name, default) = match read {
                EnvCall::Get { name, default } => (name, default),
                EnvCall::Index { name } => (name, None),
            };
            match name {
                Expr::StringLiteral(s) => {
                    let at = inner(s.range(), self.module.text);
                    found.push((s.value.to_str().to_owned(), at.start));
                    if matches!(read_kind(&ev, e), Some(true)) {
                        self.reads.add(s.value.to_str().to_owned(), at.clone());
                        self.reads.state(
                            at.start,
                            Role::Required,
                            Some("true".to_owned()),
                            span(e.range()),
                            "`os.environ[...]` (a `KeyError` unset)",
                        );
                    }
                }
                Expr::Name(n)
                    if func.is_some_and(|f| {
                        self.module.helpers.contains_key(&key(f))
                            && f.parameters
                                .args
                                .iter()
                                .any(|p| p.parameter.name.as_str() == n.id.as_str())
                    }) => {}
                other => {
                    // A name a module constant holds is still a name.
                    let mut ev = Eval::new(self.module, self.modules);
                    ev.scope = func;
                    match ev.expr(other).val {
                        PyVal::Str(s) => found.push((s, span(other.range()).start)),
                        _ => self.dynamic.push(span(e.range())),
                    }
                }
            }
            if let Some(d) = default {
                self.carried(d, func, found, roots, depth + 1);
            }
        }
        true
    }

    fn carried_call(
        &mut self,
        c: &'a ExprCall,
        func: Option<&'a StmtFunctionDef>,
        found: &mut Vec<(String, usize)>,
        roots: &mut Vec<&'a Expr>,
        depth: usize,
    ) {
        let args = c
            .arguments
            .args
            .iter()
            .chain(c.arguments.keywords.iter().map(|k| &k.value));
        match &*c.func {
            Expr::Name(n) => match self.module.bindings.get(n.id.as_str()) {
                None if matches!(n.id.as_str(), "int" | "float" | "str" | "bool") => {
                    for a in args {
                        self.carried(a, func, found, roots, depth + 1);
                    }
                }
                Some(Binding::Function(f)) => {
                    // A helper called with the name: a read at the name.
                    if let Some(&i) = self.module.helpers.get(&key(*f))
                        && let Some(Expr::StringLiteral(s)) = c.arguments.args.get(i)
                        && crate::schema::is_env_name(s.value.to_str())
                    {
                        let at = inner(s.range(), self.module.text);
                        found.push((s.value.to_str().to_owned(), at.start));
                    }
                    for a in args {
                        self.carried(a, func, found, roots, depth + 1);
                    }
                }
                _ => roots.extend(args),
            },
            Expr::Attribute(a) if STRING_METHODS.contains(&a.attr.as_str()) => {
                self.carried(&a.value, func, found, roots, depth + 1);
                for x in args {
                    self.carried(x, func, found, roots, depth + 1);
                }
            }
            Expr::Attribute(a) => {
                roots.push(&a.value);
                roots.extend(args);
            }
            other => {
                roots.push(other);
                roots.extend(args);
            }
        }
    }
}

/// The string methods the evaluator applies.
const STRING_METHODS: [&str; 14] = [
    "lower",
    "upper",
    "casefold",
    "strip",
    "lstrip",
    "rstrip",
    "startswith",
    "endswith",
    "replace",
    "isdigit",
    "isnumeric",
    "split",
    "title",
    "capitalize",
];

/// `Some(true)` for `os.environ[...]`, `Some(false)` for a `get`.
fn read_kind(ev: &Eval, e: &Expr) -> Option<bool> {
    let _ = ev;
    match e {
        Expr::Subscript(_) => Some(true),
        Expr::Call(_) => Some(false),
        _ => None,
    }
}

/// What `value` comes to with `name` unset (see [`super::conclude`]).
fn computed<'a>(
    ev: &mut Eval<'_, 'a>,
    name: &str,
    value: &mut dyn FnMut(&mut Eval<'_, 'a>) -> Value,
    at: crate::source::Span,
) -> Option<(Stated, Option<Def>)> {
    let mut run = |ev: &mut Eval<'_, 'a>, v: Option<&str>| {
        ev.hyp = Some(Hyp {
            name: name.to_owned(),
            value: v.map(str::to_owned),
        });
        let out = value(ev);
        ev.hyp = None;
        out
    };
    let mut unset = run(ev, None);
    if unset.is_unknown() && unset.env {
        ev.others_unset = true;
        let other = run(ev, None);
        if matches!(other.val, PyVal::Bool(_)) {
            unset = Value {
                src: Src::Env,
                ..other
            };
        } else {
            ev.others_unset = false;
        }
    }
    let computed = match &unset.val {
        PyVal::Bool(b) => Computed::Bool(*b),
        PyVal::None => Computed::Text(None),
        PyVal::Str(s) => Computed::Text(Some(s.clone())),
        PyVal::Int(i) => Computed::Text(Some(i.to_string())),
        PyVal::Float(f) => Computed::Text(Some(value::float_text(*f))),
        PyVal::List(items) => items
            .iter()
            .map(|i| i.val.to_text())
            .collect::<Option<Vec<_>>>()
            .map_or(Computed::Nothing, |p| Computed::Text(Some(p.join(",")))),
        PyVal::Unknown => Computed::Nothing,
    };
    let set = run(ev, Some("7"));
    let carried = set.src == Src::Env || set.is_unknown();
    let unset = Unset {
        src: unset.src,
        env: unset.env,
        value: computed,
        carried,
    };
    let mut probe = |p: &str| match run(ev, Some(p)).val {
        PyVal::Bool(b) => Some(b),
        _ => None,
    };
    let out = super::conclude(unset, &mut probe, || Some(at));
    ev.others_unset = false;
    out
}

/// The parts whose values an expression's value is one of or is made of (`a or b`,
/// `x if t else y`, a comparison, `not x`, a list, tuple or set literal): each carries its
/// reads into it. None for any other expression.
fn made_of(e: &Expr) -> Option<Vec<&Expr>> {
    Some(match e {
        Expr::BoolOp(b) => b.values.iter().collect(),
        Expr::If(i) => vec![&*i.test, &*i.body, &*i.orelse],
        Expr::Compare(c) => std::iter::once(&*c.left)
            .chain(c.comparators.iter())
            .collect(),
        Expr::UnaryOp(u) => vec![&*u.operand],
        Expr::List(l) => l.elts.iter().collect(),
        Expr::Tuple(t) => t.elts.iter().collect(),
        Expr::Set(t) => t.elts.iter().collect(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
