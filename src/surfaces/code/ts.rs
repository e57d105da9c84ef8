//! TypeScript and JavaScript reads of environment variables, found with oxc, and the value
//! each read comes to when the variable is unset, as the code computes it (oxc_semantic
//! for scopes, symbols and references; the evaluator in `eval`).

use oxc_allocator::Allocator;
use oxc_ast::AstKind;
use oxc_ast::ast::{
    BinaryOperator, BindingPattern, CallExpression, ComputedMemberExpression, Expression,
    PropertyKey, StaticMemberExpression, UnaryExpression, UnaryOperator, VariableDeclarator,
};
use oxc_ast_visit::{Visit, walk};
use oxc_parser::Parser;
use oxc_semantic::{NodeId, SemanticBuilder, SymbolId};
use oxc_span::{GetSpan, SourceType};

use super::{Computed, Def, FileReads, Unset};
use crate::facts::{Role, Stated};
use crate::schema::Words;

mod declare;
mod eval;
mod flow;
pub mod modules;
mod nesting;
pub mod resolve;
mod slice;
mod value;

use eval::{Body, Eval, Hyp, arrow_body, span};
use flow::Sink;
pub use modules::{ModuleCache, Modules, NoModules};
pub(super) use nesting::too_speculative;
pub use value::number_text;
use value::{Val, Value};

/// The reads in a TS/JS file; `path` picks the dialect by extension. Imported constants are
/// not resolved (see [`reads_with`]).
pub fn reads(path: &str, text: &str, words: &Words) -> FileReads {
    reads_with(path, text, words, &NoModules)
}

/// The reads in a TS/JS file at `path` (relative to the root), resolving constants
/// imported by relative path through `modules`.
pub fn reads_with(path: &str, text: &str, words: &Words, modules: &dyn Modules) -> FileReads {
    reads_in(path, text, words, modules, None)
}

/// [`reads_with`] for a file of a scan whose owned prefixes `keep` finds: only the
/// top-level statements its reads can depend on are parsed (see [`slice`]), unless the
/// cut cannot be vouched for. The reads are the same either way.
pub fn reads_sliced(
    path: &str,
    text: &str,
    words: &Words,
    modules: &dyn Modules,
    keep: &[memchr::memmem::Finder<'_>],
) -> FileReads {
    reads_in(path, text, words, modules, Some(keep))
}

fn reads_in(
    path: &str,
    text: &str,
    words: &Words,
    modules: &dyn Modules,
    keep: Option<&[memchr::memmem::Finder<'_>]>,
) -> FileReads {
    let source_type = SourceType::from_path(path).unwrap_or_else(|_| SourceType::tsx());
    if let Some(keep) = keep
        && !source_type.is_jsx()
        && let Some(sliced) = slice::slice(text, keep, &words.accessors)
        && !(source_type.is_typescript() && too_speculative(&sliced.kept, false).is_some())
        && let Some(out) = with_arena(|allocator| {
            parse_and_read(
                allocator,
                path,
                &sliced.text,
                source_type,
                words,
                modules,
                Some(&sliced),
            )
        })
    {
        return out;
    }
    if source_type.is_typescript()
        && let Some(at) = too_speculative(text, source_type.is_jsx())
    {
        return FileReads {
            error: Some((
                at..at + 1,
                "`<` left open nest too deep here for the file's size: the TypeScript parser \
                 rereads what follows each `<` it cannot close (as type arguments, then as a \
                 comparison), a `[` inside one multiplies that, and its time and memory grow \
                 with it, so envlint does not parse the file"
                    .to_owned(),
            )),
            ..FileReads::default()
        };
    }
    with_arena(|allocator| parse_and_read(allocator, path, text, source_type, words, modules, None))
        .expect("a whole file has no cut to hold")
}

/// Whether [`reads_sliced`] parses `text` sliced, for tests: `None` when the file is not
/// cut, else whether its cuts hold.
#[cfg(test)]
pub fn slice_holds(path: &str, text: &str, keep: &[memchr::memmem::Finder<'_>]) -> Option<bool> {
    let source_type = SourceType::from_path(path).unwrap_or_else(|_| SourceType::tsx());
    let sliced = slice::slice(text, keep, &[])?;
    let allocator = Allocator::default();
    Some(holds(
        &Parser::new(&allocator, &sliced.text, source_type).parse(),
        &sliced,
    ))
}

/// Whether the parse of a sliced text stands for the file's: no error, no cut spanned.
fn holds(parsed: &oxc_parser::ParserReturn, sliced: &slice::Sliced) -> bool {
    let spans = parsed
        .program
        .body
        .iter()
        .map(|s| s.span().start as usize..s.span().end as usize);
    parsed.diagnostics.errors().next().is_none() && sliced.cut_holds(spans)
}

/// Runs `f` with this thread's parser arena, reset (or a fresh one while it is in use: an
/// imported module parsed meanwhile takes one of its own). Fresh pages for every file
/// cost more than parsing small ones.
fn with_arena<T>(f: impl FnOnce(&Allocator) -> T) -> T {
    ARENA.with(|arena| match arena.try_borrow_mut() {
        Ok(mut allocator) => {
            allocator.reset();
            f(&allocator)
        }
        Err(_) => f(&Allocator::default()),
    })
}

thread_local! {
    static ARENA: std::cell::RefCell<Allocator> = std::cell::RefCell::new(Allocator::default());
}

fn parse_and_read(
    allocator: &Allocator,
    path: &str,
    text: &str,
    source_type: SourceType,
    words: &Words,
    modules: &dyn Modules,
    sliced: Option<&slice::Sliced>,
) -> Option<FileReads> {
    let parsed = Parser::new(allocator, text, source_type).parse();
    if sliced.is_some_and(|s| !holds(&parsed, s)) {
        return None;
    }
    let mut out = FileReads::default();
    if let Some(e) = parsed.diagnostics.errors().next() {
        let at = e
            .labels
            .first()
            .map_or(0, |l| (l.offset() as usize).min(text.len()));
        out.error = Some((at..at, e.message.to_string()));
        if parsed.panicked {
            return Some(out);
        }
    }
    let program = &parsed.program;
    let semantic = SemanticBuilder::new()
        .with_build_nodes(true)
        .with_stats(estimated_stats(sliced.map_or(text, |s| s.kept.as_str())))
        .build(program)
        .semantic;
    let ev = Eval::new(&semantic, words, path, modules);
    let mut finder = Finder {
        ev: &ev,
        text,
        reads: super::Reads::default(),
        sites: Vec::new(),
        dynamic: Vec::new(),
        helpers: Vec::new(),
        cases: Vec::new(),
        words: Vec::new(),
    };
    finder.visit_program(program);
    finder.helper_calls();
    let Finder {
        mut reads,
        sites,
        dynamic,
        cases,
        words,
        ..
    } = finder;
    let mut ev = ev;
    evaluate(&mut ev, &sites, &mut reads, &cases);
    out.reads = reads.into_vec();
    out.dynamic = dynamic;
    out.unknown_words = words;
    Some(out)
}

/// Room for a file's nodes, scopes, symbols and references, from its size: what the
/// semantic builder would otherwise count in a pass of its own before it starts (too
/// little only costs a reallocation).
pub fn estimated_stats(text: &str) -> oxc_semantic::Stats {
    let n = u32::try_from(text.len()).unwrap_or(u32::MAX / 2);
    oxc_semantic::Stats::new(n / 2 + 64, n / 16 + 16, n / 12 + 16, n / 6 + 16)
}

/// Where a read's value starts.
#[derive(Debug, Clone, Copy)]
enum Start {
    /// The member expression (or a helper's call) that reads it.
    Node(NodeId),
    /// The binding a destructuring of the environment puts it in.
    Binding(SymbolId),
}

/// A read to evaluate: its key in `Reads`, its name and where its value starts.
struct Site {
    at: usize,
    name: String,
    start: Start,
    /// Whether a declaration gives the variable a default: what the code around the read
    /// computes from it is the consumer's, not the variable's default.
    declared: bool,
}

struct Finder<'e, 's, 'a> {
    ev: &'e Eval<'s, 'a>,
    text: &'a str,
    reads: super::Reads,
    sites: Vec<Site>,
    dynamic: Vec<crate::source::Span>,
    /// `process.env[name]` with `name` a parameter: (the function's node, the parameter's
    /// index, the dynamic read's span).
    helpers: Vec<(NodeId, usize, crate::source::Span)>,
    /// The values `switch` cases compare a read with: (the read's key, the value).
    cases: Vec<(usize, String)>,
    /// Unknown decorators and methods given a variable's name.
    words: Vec<crate::facts::Word>,
}

impl<'a> Finder<'_, '_, 'a> {
    fn add(&mut self, name: &str, at: usize, start: Start) {
        self.add_at(name, at..at + name.len(), start, false);
    }

    /// A read of `name` whose place in the file is `span` (a getter's argument may spell it
    /// otherwise: a convict path); `declared`: a declaration gives it a default.
    fn add_at(&mut self, name: &str, span: crate::source::Span, start: Start, declared: bool) {
        let at = span.start;
        let key = self.reads.add(name.to_owned(), span);
        if key == at && !self.sites.iter().any(|s| s.at == at) {
            self.sites.push(Site {
                at,
                name: name.to_owned(),
                start,
                declared,
            });
        }
    }

    /// The read whose value `e` is (through wrappers, `+`, string methods, conversions,
    /// fallback chains and a local bound to it), for the conversions and comparisons
    /// recorded on it.
    fn read_at(&self, e: &Expression<'a>) -> Option<usize> {
        match e.get_inner_expression() {
            Expression::Identifier(id) => {
                let sid = self.ev.symbol_of(id)?;
                if self.ev.sem.scoping().symbol_is_mutated(sid) {
                    return None;
                }
                let decl = self.ev.sem.scoping().symbol_declaration(sid);
                match self.ev.sem.nodes().kind(decl) {
                    // Declared before its use: a local never leads back to itself.
                    AstKind::VariableDeclarator(d)
                        if matches!(d.id, BindingPattern::BindingIdentifier(_))
                            && d.span.end <= id.span.start =>
                    {
                        self.read_at(d.init.as_ref()?)
                    }
                    _ => None,
                }
            }
            Expression::StaticMemberExpression(m) if self.ev.is_env(&m.object) => {
                Some(m.property.span.start as usize)
            }
            Expression::ComputedMemberExpression(m) if self.ev.is_env(&m.object) => {
                static_key(&m.expression).map(|(_, span)| span.start)
            }
            Expression::ChainExpression(c) => match &c.expression {
                oxc_ast::ast::ChainElement::StaticMemberExpression(m)
                    if self.ev.is_env(&m.object) =>
                {
                    Some(m.property.span.start as usize)
                }
                oxc_ast::ast::ChainElement::ComputedMemberExpression(m)
                    if self.ev.is_env(&m.object) =>
                {
                    static_key(&m.expression).map(|(_, span)| span.start)
                }
                oxc_ast::ast::ChainElement::CallExpression(call) => self.through_method(call),
                _ => None,
            },
            Expression::UnaryExpression(u) if u.operator == UnaryOperator::UnaryPlus => {
                self.read_at(&u.argument)
            }
            Expression::CallExpression(call) => self
                .through_method(call)
                .or_else(|| self.through_conversion(call).map(|(at, _)| at)),
            Expression::LogicalExpression(l) if is_fallback(l.operator) => {
                self.read_at(&l.left).or_else(|| self.read_at(&l.right))
            }
            _ => None,
        }
    }

    /// A declaration of this file: a read of its variable stating its default, whether it
    /// is required and its type.
    fn declare(&mut self, d: &declare::Decl) {
        let at = self.reads.add(d.name.clone(), d.span.clone());
        if let Some((text, span, def)) = d.default.as_ref().and_then(declared_default) {
            self.reads.state_full(
                at,
                Stated::new(Role::Default, text, span, "declared default"),
                def,
            );
        }
        if let Some(required) = d.required {
            self.reads.state(
                at,
                Role::Required,
                Some(required.to_string()),
                d.span.clone(),
                "declaration",
            );
        }
        if let Some(ty) = &d.ty {
            self.reads.state(
                at,
                Role::Type,
                Some(ty.clone()),
                d.span.clone(),
                "declared type",
            );
        }
    }

    /// `READ.trim()`, `READ?.toLowerCase()`: the read the string method is called on.
    fn through_method(&self, call: &CallExpression<'a>) -> Option<usize> {
        let Expression::StaticMemberExpression(callee) = call.callee.get_inner_expression() else {
            return None;
        };
        let transparent = matches!(
            callee.property.name.as_str(),
            "trim" | "trimStart" | "trimEnd" | "toLowerCase" | "toUpperCase" | "toString"
        );
        transparent.then(|| self.read_at(&callee.object)).flatten()
    }

    /// `Number(X)`, `parseInt(X, 10)`, `parseFloat(X)` and their `Number.` forms,
    /// `String(X)`, `Boolean(X)`: the read in `X` and whether the conversion is numeric.
    fn through_conversion(
        &self,
        call: &CallExpression<'a>,
    ) -> Option<(usize, Option<&'static str>)> {
        let name = match call.callee.get_inner_expression() {
            Expression::Identifier(id) => id.name.as_str(),
            Expression::StaticMemberExpression(m) if matches!(m.object.get_inner_expression(), Expression::Identifier(n) if n.name == "Number") => {
                m.property.name.as_str()
            }
            _ => return None,
        };
        let numeric = match name {
            "Number" => Some("Number(...)"),
            "parseInt" => Some("parseInt(...)"),
            "parseFloat" => Some("parseFloat(...)"),
            "String" | "Boolean" => None,
            _ => return None,
        };
        let arg = call.arguments.first()?.as_expression()?;
        self.read_at(arg).map(|at| (at, numeric))
    }

    /// `function f(name) { ... process.env[name] ... }` called as `f("BIFROST_X")`: a read
    /// of `BIFROST_X` at the call.
    fn helper_calls(&mut self) {
        for (func, index, dynamic) in std::mem::take(&mut self.helpers) {
            let Some(sid) = flow::function_symbol(self.ev, func) else {
                continue;
            };
            let mut resolved = false;
            for r in self.ev.sem.scoping().get_resolved_references(sid) {
                let Some((call, c)) = self.ev.call_at(r.node_id()) else {
                    continue;
                };
                let Some((name, key)) = c
                    .arguments
                    .get(index)
                    .and_then(|a| a.as_expression())
                    .and_then(static_key)
                else {
                    continue;
                };
                if crate::schema::is_env_name(&name) {
                    self.add(&name, key.start, Start::Node(call));
                    resolved = true;
                }
            }
            if !resolved {
                self.dynamic.push(dynamic);
            }
        }
    }

    /// `process.env[name]` where `name` is a parameter of the enclosing function: that
    /// function and the parameter's index.
    fn helper_param(&self, key: &Expression<'a>) -> Option<(NodeId, usize)> {
        let Expression::Identifier(id) = key.get_inner_expression() else {
            return None;
        };
        let sid = self.ev.symbol_of(id)?;
        let nodes = self.ev.sem.nodes();
        let decl = self.ev.sem.scoping().symbol_declaration(sid);
        let AstKind::FormalParameter(p) = nodes.kind(decl) else {
            return None;
        };
        let params = nodes.parent_id(decl);
        let AstKind::FormalParameters(list) = nodes.kind(params) else {
            return None;
        };
        let index = list.items.iter().position(|x| x.span == p.span)?;
        let func = nodes.parent_id(params);
        matches!(
            nodes.kind(func),
            AstKind::Function(_) | AstKind::ArrowFunctionExpression(_)
        )
        .then_some((func, index))
    }
}

fn is_fallback(op: oxc_ast::ast::LogicalOperator) -> bool {
    matches!(
        op,
        oxc_ast::ast::LogicalOperator::Coalesce | oxc_ast::ast::LogicalOperator::Or
    )
}

/// A string key (`"X"` or a template without substitutions) and the span of its text.
fn static_key(e: &Expression) -> Option<(String, crate::source::Span)> {
    match e.get_inner_expression() {
        Expression::StringLiteral(s) => Some((
            s.value.to_string(),
            s.span.start as usize + 1..s.span.end as usize - 1,
        )),
        Expression::TemplateLiteral(t) if t.expressions.is_empty() => {
            let q = t.quasis.first()?;
            Some((
                q.value.cooked.as_ref()?.to_string(),
                q.span.start as usize..q.span.end as usize,
            ))
        }
        _ => None,
    }
}

/// A literal's value as text and its span: strings (inside the quotes), numbers (as
/// written), booleans, templates without substitutions.
fn literal(text: &str, e: &Expression) -> Option<(String, crate::source::Span)> {
    match e.get_inner_expression() {
        Expression::StringLiteral(_) | Expression::TemplateLiteral(_) => static_key(e),
        Expression::NumericLiteral(n) => {
            let span = n.span.start as usize..n.span.end as usize;
            Some((text[span.clone()].replace('_', ""), span))
        }
        Expression::BooleanLiteral(b) => Some((
            b.value.to_string(),
            b.span.start as usize..b.span.end as usize,
        )),
        Expression::UnaryExpression(u) if u.operator == UnaryOperator::UnaryNegation => {
            let (v, s) = literal(text, &u.argument)?;
            Some((format!("-{v}"), u.span.start as usize..s.end))
        }
        _ => None,
    }
}

impl<'a> Visit<'a> for Finder<'_, '_, 'a> {
    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        if let Some(obj) = self.ev.env_object(&it.object)
            && !obj.getter
        {
            let key = it.property.name.as_str();
            let name = match obj.decl(key) {
                Some(d) => Some((d.name.clone(), d.default.is_some())),
                None => obj.open.then(|| (key.to_owned(), false)),
            };
            if let Some((name, declared)) = name {
                let at = it.property.span.start as usize;
                self.add_at(
                    &name,
                    at..at + key.len(),
                    Start::Node(it.node_id()),
                    declared,
                );
            }
        }
        walk::walk_static_member_expression(self, it);
    }

    fn visit_class(&mut self, it: &oxc_ast::ast::Class<'a>) {
        walk::walk_class(self, it);
        // Fields under a decorator that names their variable; every field of a class shaped
        // as a declaration of the environment.
        let dto = Eval::dto_shaped(it);
        for d in self.ev.class_decls(it, dto) {
            self.declare(&d);
        }
        self.words.extend(self.ev.unknown_decorators(it));
    }

    fn visit_computed_member_expression(&mut self, it: &ComputedMemberExpression<'a>) {
        if self.ev.is_env(&it.object) {
            if let Some((name, span)) = static_key(&it.expression) {
                self.add(&name, span.start, Start::Node(it.node_id()));
            } else {
                let at = it.span.start as usize..it.span.end as usize;
                match self.helper_param(&it.expression) {
                    Some((func, index)) => self.helpers.push((func, index, at)),
                    None => self.dynamic.push(at),
                }
            }
        }
        walk::walk_computed_member_expression(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        walk::walk_call_expression(self, it);
        // A constructor of an env object here: each declaration is a read.
        if let Some(obj) = self.ev.declared_by(it)
            && obj.file.is_none()
        {
            for d in obj.decls.iter() {
                self.declare(d);
            }
        }
        if let Some((name, at, declared)) = self.ev.getter_read(it) {
            self.add_at(&name, at, Start::Node(it.node_id()), declared);
        } else if let Some(word) = self.ev.unknown_getter(it) {
            self.words.push(word);
        }
        if let Some((at, Some(what))) = self.through_conversion(it) {
            let span = it.callee.span();
            self.reads.state(
                at,
                Role::Numeric,
                Some(what.to_owned()),
                span.start as usize..span.end as usize,
                "numeric conversion",
            );
        }
    }

    fn visit_unary_expression(&mut self, it: &UnaryExpression<'a>) {
        walk::walk_unary_expression(self, it);
        if it.operator == UnaryOperator::UnaryPlus
            && let Some(at) = self.read_at(&it.argument)
        {
            let start = it.span.start as usize;
            self.reads.state(
                at,
                Role::Numeric,
                Some("unary `+`".to_owned()),
                start..start + 1,
                "numeric conversion",
            );
        }
    }

    fn visit_binary_expression(&mut self, it: &oxc_ast::ast::BinaryExpression<'a>) {
        walk::walk_binary_expression(self, it);
        if matches!(
            it.operator,
            BinaryOperator::StrictEquality
                | BinaryOperator::StrictInequality
                | BinaryOperator::Equality
                | BinaryOperator::Inequality
        ) {
            for (side, other) in [(&it.left, &it.right), (&it.right, &it.left)] {
                if let Some(at) = self.read_at(side)
                    && let Some((value, span)) = literal(self.text, other)
                {
                    self.reads
                        .state(at, Role::Test, Some(value), span, "compared value");
                }
            }
        }
    }

    fn visit_switch_statement(&mut self, it: &oxc_ast::ast::SwitchStatement<'a>) {
        walk::walk_switch_statement(self, it);
        // A case's value is no claim about the variable's type (`case "warning":` may take
        // an alias in), but a probe of what the code makes of it.
        if let Some(at) = self.read_at(&it.discriminant) {
            for case in &it.cases {
                if let Some((value, _)) = case.test.as_ref().and_then(|t| literal(self.text, t)) {
                    self.cases.push((at, value));
                }
            }
        }
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        walk::walk_variable_declarator(self, it);
        let (Some(init), BindingPattern::ObjectPattern(pattern)) = (&it.init, &it.id) else {
            return;
        };
        let Some(obj) = self.ev.env_object(init) else {
            return;
        };
        for p in &pattern.properties {
            let (name, at) = match &p.key {
                PropertyKey::StaticIdentifier(id) => (id.name.to_string(), id.span.start as usize),
                PropertyKey::StringLiteral(s) => (s.value.to_string(), s.span.start as usize + 1),
                _ => continue,
            };
            let binding = match &p.value {
                BindingPattern::AssignmentPattern(a) => &a.left,
                b => b,
            };
            if let BindingPattern::BindingIdentifier(b) = binding {
                let spelled = at..at + name.len();
                let (name, declared) = match obj.decl(&name) {
                    Some(d) => (d.name.clone(), d.default.is_some()),
                    None => (name, false),
                };
                self.add_at(&name, spelled, Start::Binding(b.symbol_id()), declared);
            } else {
                self.reads.add(name, at..at);
            }
        }
    }
}

/// The text, span and definition of a declared default: a known value a literal or a
/// constant of the code produces (a list joined by commas; `undefined`, `null` and `""`
/// are no default).
fn declared_default(
    v: &value::Value,
) -> Option<(Option<String>, crate::source::Span, Option<Def>)> {
    let super::Src::Code { span, def } = &v.src else {
        return None;
    };
    let text = match &v.val {
        Val::Undefined | Val::Null => None,
        Val::Str(s) if s.is_empty() => None,
        v => Some(text_of(v)?),
    };
    Some((text, span.clone(), def.clone()))
}

/// A known value as a default's text: a primitive, or a list of primitives joined by commas
/// (how a list variable is written).
fn text_of(v: &Val) -> Option<String> {
    match v {
        Val::Str(s) => Some(s.clone()),
        Val::Num(n) if n.is_nan() => None,
        Val::Num(n) => Some(number_text(*n)),
        Val::Bool(b) => Some(b.to_string()),
        Val::Arr(items) => items
            .iter()
            .map(|i| match i.val {
                Val::Arr(_) | Val::Obj(_) => None,
                ref v => text_of(v),
            })
            .collect::<Option<Vec<_>>>()
            .map(|parts| parts.join(",")),
        Val::Undefined | Val::Null | Val::Obj(_) | Val::Unknown => None,
    }
}

/// Evaluates every read's sinks with its variable unset (and, for a boolean reading, set to
/// each probe), and records what the code computes. A sink two reads of one variable share
/// (`typeof X === "string" ? X.trim() : ""`) is recorded on the first.
fn evaluate(ev: &mut Eval, sites: &[Site], reads: &mut super::Reads, cases: &[(usize, String)]) {
    let mut claimed: Vec<(&str, Sink)> = Vec::new();
    for site in sites {
        let sinks = match site.start {
            Start::Node(n) => flow::sinks_of_node(ev, n),
            Start::Binding(sid) => flow::sinks_of_binding(ev, sid),
        };
        for sink in sinks {
            if claimed.contains(&(site.name.as_str(), sink)) {
                continue;
            }
            claimed.push((site.name.as_str(), sink));
            // The values the code compares the variable with: probes of whether a sink
            // carries it.
            let tests: Vec<String> = reads
                .0
                .values()
                .filter(|r| r.name == site.name)
                .flat_map(|r| &r.stated)
                .filter(|st| st.role == Role::Test)
                .filter_map(|st| st.text.clone())
                .chain(
                    cases
                        .iter()
                        .filter(|(at, _)| reads.0.get(at).is_some_and(|r| r.name == site.name))
                        .map(|(_, v)| v.clone()),
                )
                .collect();
            if let Some((stated, def)) = computed(ev, &site.name, sink, &tests)
                && !(site.declared && stated.role == Role::Default)
            {
                reads.state_full(site.at, stated, def);
            }
        }
    }
}

/// What a sink comes to with `name` unset (see [`super::conclude`]).
fn computed(
    ev: &mut Eval,
    name: &str,
    sink: Sink,
    tests: &[String],
) -> Option<(Stated, Option<Def>)> {
    let at = |ev: &mut Eval, value: Option<&str>| {
        ev.hyp = Some(Hyp {
            name: name.to_owned(),
            value: value.map(str::to_owned),
        });
        let v = sink_value(ev, sink);
        ev.hyp = None;
        v
    };
    let mut unset = at(ev, None);
    // Unknown because it is another variable's: a flag whose default is another flag's
    // (`B == null ? all : B === "true"`) reads that one as unset too; nothing else does.
    if unset.val == Val::Unknown && unset.env {
        ev.others_unset = true;
        let other = at(ev, None);
        if matches!(other.val, Val::Bool(_)) {
            unset = value::Value {
                src: super::Src::Env,
                ..other
            };
        } else {
            ev.others_unset = false;
        }
    }
    let value = match &unset.val {
        Val::Bool(b) => Computed::Bool(*b),
        Val::Undefined | Val::Null => Computed::Text(None),
        Val::Str(s) => Computed::Text(Some(standing_in(ev, &unset.src, s))),
        Val::Num(n) if n.is_nan() => Computed::Nothing,
        Val::Num(n) => Computed::Text(Some(number_text(*n))),
        v @ Val::Arr(_) => text_of(v).map_or(Computed::Nothing, |t| Computed::Text(Some(t))),
        Val::Obj(_) | Val::Unknown => Computed::Nothing,
    };
    // Set, is the value the variable's? It is when it comes from the variable (perhaps
    // converted), or when a value the code compares it with comes out as itself (a
    // `switch` returning its matching case); not when the code only chooses by it.
    let set = at(ev, Some("7"));
    let carried = set.src == super::Src::Env
        || matches!(set.val, Val::Unknown)
        || tests
            .iter()
            .any(|t| matches!(at(ev, Some(t)).val, Val::Str(ref s) if s == t));
    let unset = Unset {
        src: unset.src,
        env: unset.env,
        value,
        carried,
    };
    let span = sink_span(ev, sink);
    let mut probe = |p: &str| match at(ev, Some(p)).val {
        Val::Bool(x) => Some(x),
        _ => None,
    };
    let out = super::conclude(unset, &mut probe, || Some(span));
    ev.others_unset = false;
    out
}

/// What stands in for the variable when the code's value is a string literal the consumer
/// only re-cased or trimmed (`(process.env.MODE || "live").toUpperCase()` is `LIVE`, but
/// the variable's default is `live`): the literal as written.
fn standing_in(ev: &Eval, src: &super::Src, value: &str) -> String {
    if let super::Src::Code { span, def: None } = src
        && let Some(written) = ev.sem.source_text().get(span.clone())
        && written != value
        && !written.contains(['\\', '"', '\'', '`'])
        && written.trim().to_lowercase() == value.trim().to_lowercase()
    {
        return written.to_owned();
    }
    value.to_owned()
}

fn sink_value(ev: &mut Eval, sink: Sink) -> Value {
    match sink {
        Sink::Value(node) => ev.node(node),
        Sink::Binding(sid) => ev.binding(sid),
        Sink::Return(func) => {
            let body = match ev.sem.nodes().kind(func) {
                AstKind::Function(f) => match &f.body {
                    Some(b) => Body::Block(&b.statements),
                    None => return Value::unknown(false),
                },
                AstKind::ArrowFunctionExpression(a) => arrow_body(&a.body),
                _ => return Value::unknown(false),
            };
            ev.body(body)
        }
    }
}

fn sink_span(ev: &Eval, sink: Sink) -> crate::source::Span {
    match sink {
        Sink::Value(node) | Sink::Return(node) => ev.node_span(node),
        Sink::Binding(sid) => span(ev.sem.scoping().symbol_span(sid)),
    }
}
