//! The evaluator: what an expression, or a function's body, yields when one environment
//! variable holds a given value (or is unset). It follows single-assignment locals,
//! destructuring, parameters bound by a call, constants of the module and constants
//! imported by relative path, and applies the pure built-ins configuration code uses.
//! Anything else is `Unknown`, never a guess.

mod calls;
mod control;
mod values;

use oxc_ast::AstKind;
use oxc_ast::ast::{Expression, IdentifierReference};
use oxc_semantic::{NodeId, Semantic, SymbolId};
use oxc_span::GetSpan;

use super::declare::EnvObj;
use super::modules::Modules;
use super::value::{Src, Val, Value};
use crate::schema::Words;
use crate::source::Span;

pub use control::{Body, arrow_body};

/// The variable under evaluation and its value (`None`: unset).
#[derive(Debug, Clone)]
pub struct Hyp {
    pub name: String,
    pub value: Option<String>,
}

/// How deep expressions, calls and constant chains may nest before the answer is `Unknown`.
const MAX_DEPTH: usize = 200;
const MAX_CALLS: usize = 8;

/// An evaluator over one module.
pub struct Eval<'s, 'a> {
    pub sem: &'s Semantic<'a>,
    pub words: &'s Words,
    pub hyp: Option<Hyp>,
    /// This module's path relative to the root (for relative imports).
    pub path: &'s str,
    pub modules: &'s dyn Modules,
    /// Parameters bound by the calls being interpreted, innermost last.
    frames: Vec<Vec<(SymbolId, Value)>>,
    /// Symbols whose value is being computed (a cycle is `Unknown`).
    visiting: Vec<SymbolId>,
    depth: usize,
    /// Set when an optional link (`a?.b`) short-circuits its chain.
    shorted: bool,
    /// Whether a test on the path through the body being interpreted depended on the
    /// variable: what the body returns then depends on it too.
    path_env: bool,
    /// Whether another variable than the one under evaluation reads as unset (its own
    /// default) rather than unknown: set to find a flag whose default is another flag's.
    pub others_unset: bool,
    /// The env object each symbol holds, once asked (see [`Self::env_object`]).
    pub(crate) envs:
        std::cell::RefCell<foldhash::HashMap<SymbolId, Option<std::sync::Arc<EnvObj>>>>,
}

pub fn span(s: oxc_span::Span) -> Span {
    s.start as usize..s.end as usize
}

/// The text span of a string literal: inside its quotes, or the whole literal when empty.
pub fn string_span(s: oxc_span::Span) -> Span {
    let (start, end) = (s.start as usize, s.end as usize);
    if end >= start + 2 && end - start > 2 {
        start + 1..end - 1
    } else {
        start..end
    }
}

/// How a function body ends.
enum Flow {
    Next,
    Return(Value),
    Unknown,
}
impl<'s, 'a> Eval<'s, 'a> {
    pub fn new(
        sem: &'s Semantic<'a>,
        words: &'s Words,
        path: &'s str,
        modules: &'s dyn Modules,
    ) -> Self {
        Self {
            sem,
            words,
            hyp: None,
            path,
            modules,
            frames: Vec::new(),
            visiting: Vec::new(),
            depth: 0,
            shorted: false,
            path_env: false,
            others_unset: false,
            envs: std::cell::RefCell::default(),
        }
    }

    /// A read of `name`: the hypothesis when it is the variable under evaluation.
    pub(crate) fn env_read(&self, name: &str) -> Value {
        match &self.hyp {
            Some(h) if h.name == name => Value {
                val: h
                    .value
                    .as_ref()
                    .map_or(Val::Undefined, |v| Val::Str(v.clone())),
                src: Src::Env,
                env: true,
            },
            Some(_) if self.others_unset => Value {
                val: Val::Undefined,
                src: Src::Env,
                env: false,
            },
            _ => Value::unknown(false),
        }
    }

    /// The symbol an identifier refers to, if it is bound.
    pub fn symbol_of(&self, id: &IdentifierReference) -> Option<SymbolId> {
        let rid = id.reference_id.get()?;
        self.sem.scoping().get_reference(rid).symbol_id()
    }

    /// Whether `id` is a global (`Number`, `undefined`), not shadowed.
    pub(crate) fn is_global(&self, id: &IdentifierReference, name: &str) -> bool {
        id.name == name && self.symbol_of(id).is_none()
    }

    /// The value of `e`.
    pub fn expr(&mut self, e: &Expression<'a>) -> Value {
        if self.depth >= MAX_DEPTH {
            return Value::unknown(true);
        }
        self.depth += 1;
        let v = self.expr_inner(e);
        self.depth -= 1;
        v
    }

    fn expr_inner(&mut self, e: &Expression<'a>) -> Value {
        let at = span(e.span());
        match e {
            Expression::StringLiteral(s) => {
                Value::code(Val::Str(s.value.to_string()), string_span(s.span))
            }
            Expression::NumericLiteral(n) => Value::code(Val::Num(n.value), at),
            Expression::BooleanLiteral(b) => Value::code(Val::Bool(b.value), at),
            Expression::NullLiteral(_) => Value::code(Val::Null, at),
            Expression::Identifier(id) => self.identifier(id),
            Expression::TemplateLiteral(t) => self.template(t),
            Expression::ParenthesizedExpression(p) => self.parenthesized(&p.expression),
            Expression::TSAsExpression(x) => self.expr(&x.expression),
            Expression::TSSatisfiesExpression(x) => self.expr(&x.expression),
            Expression::TSNonNullExpression(x) => self.expr(&x.expression),
            Expression::TSTypeAssertion(x) => self.expr(&x.expression),
            Expression::TSInstantiationExpression(x) => self.expr(&x.expression),
            Expression::AwaitExpression(a) => self.awaited(&a.argument),
            Expression::SequenceExpression(s) => self.sequence(s),
            Expression::ChainExpression(c) => self.chain(c),
            Expression::StaticMemberExpression(m) => self.member(
                &m.object,
                Some(&m.property.name),
                None,
                m.optional,
                span(m.span),
            ),
            Expression::ComputedMemberExpression(m) => self.member(
                &m.object,
                None,
                Some(&m.expression),
                m.optional,
                span(m.span),
            ),
            Expression::CallExpression(c) => self.call(c),
            Expression::LogicalExpression(l) => self.logical_expr(l),
            Expression::AssignmentExpression(a) => self.assignment(a),
            Expression::ConditionalExpression(c) => self.conditional(c),
            Expression::UnaryExpression(u) => self.unary(u),
            Expression::BinaryExpression(b) => self.binary(b),
            Expression::ArrayExpression(a) => self.array(a),
            Expression::ObjectExpression(o) => self.object(o),
            Expression::NewExpression(n) => self.new_expr(n),
            _ => Value::unknown(false),
        }
    }

    /// The value of the expression at node `id` (any other node is `Unknown`).
    pub fn node(&mut self, id: NodeId) -> Value {
        let kind = self.sem.nodes().kind(id);
        let at = span(kind.span());
        match kind {
            AstKind::StringLiteral(s) => {
                Value::code(Val::Str(s.value.to_string()), string_span(s.span))
            }
            AstKind::NumericLiteral(n) => Value::code(Val::Num(n.value), at),
            AstKind::BooleanLiteral(b) => Value::code(Val::Bool(b.value), at),
            AstKind::NullLiteral(_) => Value::code(Val::Null, at),
            AstKind::IdentifierReference(id) => self.identifier(id),
            AstKind::TemplateLiteral(t) => self.template(t),
            AstKind::ParenthesizedExpression(p) => self.parenthesized(&p.expression),
            AstKind::TSAsExpression(x) => self.expr(&x.expression),
            AstKind::TSSatisfiesExpression(x) => self.expr(&x.expression),
            AstKind::TSNonNullExpression(x) => self.expr(&x.expression),
            AstKind::TSTypeAssertion(x) => self.expr(&x.expression),
            AstKind::TSInstantiationExpression(x) => self.expr(&x.expression),
            AstKind::AwaitExpression(a) => self.awaited(&a.argument),
            AstKind::SequenceExpression(s) => self.sequence(s),
            AstKind::ChainExpression(c) => self.chain(c),
            AstKind::StaticMemberExpression(m) => self.member(
                &m.object,
                Some(&m.property.name),
                None,
                m.optional,
                span(m.span),
            ),
            AstKind::ComputedMemberExpression(m) => self.member(
                &m.object,
                None,
                Some(&m.expression),
                m.optional,
                span(m.span),
            ),
            AstKind::CallExpression(c) => self.call(c),
            AstKind::LogicalExpression(l) => self.logical_expr(l),
            AstKind::AssignmentExpression(a) => self.assignment(a),
            AstKind::ConditionalExpression(c) => self.conditional(c),
            AstKind::UnaryExpression(u) => self.unary(u),
            AstKind::BinaryExpression(b) => self.binary(b),
            AstKind::ArrayExpression(a) => self.array(a),
            AstKind::ObjectExpression(o) => self.object(o),
            AstKind::NewExpression(n) => self.new_expr(n),
            _ => Value::unknown(false),
        }
    }

    /// The span of node `id`.
    pub fn node_span(&self, id: NodeId) -> Span {
        span(self.sem.nodes().kind(id).span())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxc_allocator::Allocator;
    use oxc_semantic::SemanticBuilder;

    use oxc_ast::ast::Statement;

    use crate::surfaces::code::ts::value::number_text;

    /// The value of the last statement of `code` (an expression) with `X` set to `env`
    /// (`None`: unset), as `kind:text`, or `unknown`.
    fn value_of(code: &str, env: Option<&str>) -> String {
        let allocator = Allocator::default();
        let parsed = oxc_parser::Parser::new(&allocator, code, oxc_span::SourceType::ts()).parse();
        assert!(parsed.diagnostics.is_empty(), "{code}");
        let program = &parsed.program;
        let sem = SemanticBuilder::new()
            .with_build_nodes(true)
            .build(program)
            .semantic;
        let words = Words::default();
        let mut ev = Eval::new(&sem, &words, "x.ts", &super::super::NoModules);
        ev.hyp = Some(Hyp {
            name: "X".to_owned(),
            value: env.map(str::to_owned),
        });
        let Some(Statement::ExpressionStatement(last)) = program.body.last() else {
            panic!("{code}: the last statement is an expression");
        };
        let v = ev.expr(&last.expression);
        match v.val {
            Val::Unknown => "unknown".to_owned(),
            Val::Undefined => "undefined".to_owned(),
            Val::Null => "null".to_owned(),
            Val::Bool(b) => format!("bool:{b}"),
            Val::Num(n) => format!("num:{}", number_text(n)),
            Val::Str(s) => format!("str:{s}"),
            Val::Arr(_) => "array".to_owned(),
            Val::Obj(_) => "object".to_owned(),
        }
    }

    #[test]
    fn expressions_under_each_value_of_the_variable() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            ("process.env.X ?? \"d\"", None, "str:d"),
            ("process.env.X ?? \"d\"", Some(""), "str:"),
            ("process.env.X || \"d\"", Some(""), "str:d"),
            ("Number(process.env.X) || 1536", None, "num:1536"),
            ("Number(process.env.X) || 1536", Some("768"), "num:768"),
            (
                "Number.parseInt(process.env.X || \"\", 10)",
                None,
                "num:NaN",
            ),
            (
                "Math.round(Number(process.env.X) || 6333)",
                Some("6333.6"),
                "num:6334",
            ),
            (
                "Math.max(1, Math.min(10, Number(process.env.X) || 5))",
                Some("40"),
                "num:10",
            ),
            ("parseFloat(process.env.X ?? \"0.5\")", None, "num:0.5"),
            ("+process.env.X", Some(" 42 "), "num:42"),
            ("process.env.X !== \"0\"", None, "bool:true"),
            ("process.env.X !== \"0\"", Some("0"), "bool:false"),
            (
                "process.env.X?.trim().toLowerCase() === \"true\"",
                Some(" TRUE "),
                "bool:true",
            ),
            (
                "process.env.X?.trim().toLowerCase() === \"true\"",
                None,
                "bool:false",
            ),
            (
                "[\"1\", \"true\", \"yes\"].includes(process.env.X ?? \"\")",
                Some("yes"),
                "bool:true",
            ),
            (
                "typeof process.env.X === \"string\" ? process.env.X.trim() : \"\"",
                None,
                "str:",
            ),
            (
                "typeof process.env.X === \"string\" ? process.env.X.trim() : \"\"",
                Some(" a "),
                "str:a",
            ),
            (
                "`http://${process.env.X ?? \"localhost\"}:8080`",
                None,
                "str:http://localhost:8080",
            ),
            (
                "(process.env.X ?? \"\").replace(\"http:\", \"https:\")",
                Some("http://a"),
                "str:https://a",
            ),
            ("Boolean(process.env.X)", Some(""), "bool:false"),
            ("!!process.env.X", Some("0"), "bool:true"),
            ("process.env.X == 1", Some("1"), "bool:true"),
            (
                "Number.isFinite(Number(process.env.X))",
                Some("abc"),
                "bool:false",
            ),
            ("void 0 ?? process.env.X", None, "undefined"),
            // Another source before it (a setting, another variable) is taken as absent.
            ("settings.x ?? process.env.X ?? \"d\"", None, "str:d"),
            ("process.env.OTHER || process.env.X || \"d\"", None, "str:d"),
            // What the evaluator cannot know stays unknown.
            ("process.env.X ?? settings.x", None, "unknown"),
            ("lookup(process.env.X) ?? \"d\"", None, "unknown"),
            ("process.env.X.trim()", None, "unknown"),
            // A test of something else picks the branch that reads the variable.
            ("setting ? setting : process.env.X ?? \"d\"", None, "str:d"),
            ("useEnv ? process.env.X ?? \"d\" : other", None, "str:d"),
            ("process.env.X ? cond : other", Some("1"), "unknown"),
            ("process.env.X && settings.y", Some("1"), "unknown"),
            ("process.env.OTHER", None, "unknown"),
        ];
        for (code, env, want) in cases {
            assert_eq!(&value_of(code, *env), want, "{code} with X={env:?}");
        }
    }

    #[test]
    fn locals_assigned_after_their_declaration() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            // A local assigned after its declaration: what the statements between leave.
            ("let v = process.env.X; v = v ?? \"d\";\nv", None, "str:d"),
            ("let v = process.env.X; v ??= \"d\";\nv", Some("e"), "str:e"),
            (
                "function f() { const raw = process.env.X; let port = 6334; if (raw && /^\\d+$/.test(raw)) { port = Number(raw); } return port; }\nf()",
                None,
                "num:6334",
            ),
            (
                "function f() { let t = 5000; const raw = process.env.X?.trim(); if (raw) { const n = Number.parseInt(raw, 10); if (n > 0) t = n; } return t; }\nf()",
                Some(""),
                "num:5000",
            ),
            (
                "function f() { let t = 5000; const raw = process.env.X; if (raw) t = Number(raw); else t = 1; return t; }\nf()",
                Some("7"),
                "num:7",
            ),
            (
                "function f() { let t; if (process.env.X === \"on\") t = true; else t = false; return t; }\nf()",
                None,
                "bool:false",
            ),
            // Not when a branch cannot be decided, the local changes in a loop, a nested
            // function, a branch that returns, or after the read.
            (
                "function f() { let t = process.env.X; if (other) t = \"2\"; return t; }\nf()",
                None,
                "unknown",
            ),
            (
                "function f() { let t = 1; for (const k of ks) t = k; return process.env.X ?? t; }\nf()",
                None,
                "unknown",
            ),
            (
                "function f() { let t = 1; const g = () => { t = 2; }; g(); return process.env.X ?? t; }\nf()",
                None,
                "unknown",
            ),
            (
                "function f() { let t = 1; if (!process.env.X) { t = 2; return 0; } return t; }\nf()",
                Some("a"),
                "num:1",
            ),
            (
                "let t = 1;\nif (!process.env.X) { t = 2; throw new Error(\"unset\"); }\nt",
                None,
                "unknown",
            ),
            (
                "function f() { let t = process.env.X ?? 1; const r = t; t = 2; return r; }\nf()",
                None,
                "num:1",
            ),
        ];
        for (code, env, want) in cases {
            assert_eq!(&value_of(code, *env), want, "{code} with X={env:?}");
        }
    }

    #[test]
    fn locals_constants_and_functions() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            (
                "const RATE = 0.05;\nconst raw = process.env.X;\nraw ? Number(raw) : RATE",
                None,
                "num:0.05",
            ),
            (
                "const HOST = \"127.0.0.1\"; const PORT = 8080;\n`http://${HOST}:${PORT}`",
                None,
                "str:http://127.0.0.1:8080",
            ),
            (
                "const D = { costWins: true } as const;\nprocess.env.X === undefined ? D.costWins : process.env.X === \"1\"",
                None,
                "bool:true",
            ),
            ("const { X = \"d\" } = process.env;\nX", None, "str:d"),
            (
                "const { X: alias = 5 } = process.env;\nalias",
                Some("7"),
                "str:7",
            ),
            ("const env = process.env;\nenv.X ?? \"d\"", None, "str:d"),
            (
                "function f(e = process.env) { return e.X ?? \"d\"; }\nf()",
                None,
                "str:d",
            ),
            (
                "function flag(name: string) { const v = process.env[name]; if (!v) return false; return v === \"1\" || v === \"true\"; }\nflag(\"X\")",
                Some("true"),
                "bool:true",
            ),
            (
                "function flag(name: string) { const v = process.env[name]; if (!v) return false; return v === \"1\" || v === \"true\"; }\nflag(\"X\")",
                None,
                "bool:false",
            ),
            (
                "const rate = () => { const raw = process.env.X; if (raw === undefined || raw === \"\") return 100; return Number(raw); };\nrate()",
                Some(""),
                "num:100",
            ),
            // A guard on another source: the path where that source is absent.
            (
                "function f() { if (override) return override; return process.env.X ?? \"d\"; }\nf()",
                None,
                "str:d",
            ),
            (
                "function f() { if (useEnv) { return process.env.X ?? \"d\"; } return other; }\nf()",
                None,
                "str:d",
            ),
            // A switch: the case strictly equal to the value, else `default`, through its
            // fall-through.
            (
                "function f() { switch (process.env.X) { case \"a\": return 1; case \"b\": case \"c\": return 2; default: return 3; } }\nf()",
                None,
                "num:3",
            ),
            (
                "function f() { switch (process.env.X) { case \"a\": return 1; case \"b\": case \"c\": return 2; default: return 3; } }\nf()",
                Some("c"),
                "num:2",
            ),
            (
                "function f() { switch (process.env.X?.toLowerCase()) { case \"on\": break; default: return false; } return true; }\nf()",
                Some("ON"),
                "bool:true",
            ),
            (
                "function f() { switch (process.env.X) { case other: return 1; default: return 2; } }\nf()",
                None,
                "unknown",
            ),
            (
                "function f() { switch (process.env.X) { default: if (y) break; return 2; } return 1; }\nf()",
                None,
                "unknown",
            ),
            // Loops and unknown calls are unknown.
            (
                "function f() { for (const k of ks) { if (k) return 1; } return process.env.X; }\nf()",
                None,
                "unknown",
            ),
            (
                "function f() { try { return JSON.parse(process.env.X); } catch { return 1; } }\nf()",
                None,
                "unknown",
            ),
            (
                "function f(n: number): number { return n > 0 ? f(n - 1) : 0; }\nf(3)",
                None,
                "unknown",
            ),
        ];
        for (code, env, want) in cases {
            assert_eq!(&value_of(code, *env), want, "{code} with X={env:?}");
        }
    }

    proptest::proptest! {
        /// The evaluator never panics, and an expression that calls a function it does not
        /// know (`lookup`) has no value, whatever surrounds the call.
        #[test]
        fn unknown_calls_have_no_value(
            before in proptest::sample::select(vec!["", "!", "+", "-", "typeof ", "Number(", "String(", "Math.round("]),
            op in proptest::sample::select(vec!["??", "||", "&&", "===", "!==", "<", "+", "*"]),
            other in proptest::sample::select(vec!["\"d\"", "1", "true", "null", "process.env.X", "process.env.X ?? \"0\""]),
            env in proptest::option::of("[a-z0-9 ]{0,4}"),
        ) {
            let close = if before.ends_with('(') { ")" } else { "" };
            let code = format!("{before}lookup(process.env.X){close} {op} lookup({other})");
            proptest::prop_assert_eq!(value_of(&code, env.as_deref()), "unknown", "{}", code);
        }

        #[test]
        fn never_panics(code in "[a-zX.()\\[\\]{}\"'`?|&=!:;,+<>0-9 ]{0,80}", env in proptest::option::of("[a-z0-9]{0,3}")) {
            let text = format!("process.env.{code}");
            let allocator = Allocator::default();
            let parsed = oxc_parser::Parser::new(&allocator, &text, oxc_span::SourceType::ts()).parse();
            if !parsed.panicked {
                let sem = SemanticBuilder::new().with_build_nodes(true).build(&parsed.program).semantic;
                let words = Words::default();
        let mut ev = Eval::new(&sem, &words, "x.ts", &super::super::NoModules);
                ev.hyp = Some(Hyp { name: "X".to_owned(), value: env });
                for id in 0..sem.nodes().len() {
                    let _ = ev.node(NodeId::new(id));
                }
            }
        }
    }
}
