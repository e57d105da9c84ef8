//! The evaluator: what an expression, or a function's body, yields when one environment
//! variable holds a given value (or is unset). It follows single-assignment locals,
//! destructuring, parameters bound by a call, constants of the module and constants
//! imported by relative path, and applies the pure built-ins configuration code uses.
//! Anything else is `Unknown`, never a guess.

use std::sync::Arc;

use oxc_ast::AstKind;
use oxc_ast::ast::{
    Argument, ArrayExpression, ArrowFunctionBody, AssignmentExpression, AssignmentOperator,
    AssignmentTarget, BinaryExpression, BinaryOperator, BindingPattern, CallExpression,
    ChainElement, ChainExpression, ConditionalExpression, Expression, FormalParameters,
    IdentifierReference, LogicalExpression, LogicalOperator, ObjectExpression, ObjectPropertyKind,
    SequenceExpression, Statement, SwitchStatement, TemplateLiteral, UnaryExpression,
    UnaryOperator,
};
use oxc_ast_visit::Visit;
use oxc_semantic::{NodeId, Semantic, SymbolId};
use oxc_span::GetSpan;

use super::modules::Modules;
use super::value::{Def, Src, Val, Value, number_text, parse_float, parse_int};
use crate::source::Span;

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
    pub accessors: &'s [String],
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
        accessors: &'s [String],
        path: &'s str,
        modules: &'s dyn Modules,
    ) -> Self {
        Self {
            sem,
            accessors,
            hyp: None,
            path,
            modules,
            frames: Vec::new(),
            visiting: Vec::new(),
            depth: 0,
            shorted: false,
            path_env: false,
        }
    }

    /// A read of `name`: the hypothesis when it is the variable under evaluation.
    fn env_read(&self, name: &str) -> Value {
        match &self.hyp {
            Some(h) if h.name == name => Value {
                val: h
                    .value
                    .as_ref()
                    .map_or(Val::Undefined, |v| Val::Str(v.clone())),
                src: Src::Env,
                env: true,
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
    fn is_global(&self, id: &IdentifierReference, name: &str) -> bool {
        id.name == name && self.symbol_of(id).is_none()
    }

    /// Whether `e` is an environment object: `process.env`, `import.meta.env`, an accessor
    /// name, or a local or parameter that holds one (`const env = process.env`).
    pub fn is_env(&self, e: &Expression<'a>) -> bool {
        match e.get_inner_expression() {
            Expression::Identifier(id) => {
                if self.accessors.iter().any(|a| a == id.name.as_str()) {
                    return true;
                }
                self.symbol_of(id).is_some_and(|sid| self.holds_env(sid))
            }
            Expression::StaticMemberExpression(m) if m.property.name == "env" => {
                matches!(m.object.get_inner_expression(),
                    Expression::Identifier(id) if self.is_global(id, "process"))
                    || matches!(m.object.get_inner_expression(), Expression::ImportMeta(_))
            }
            _ => false,
        }
    }

    /// Whether a symbol is bound to an environment object once and for all.
    fn holds_env(&self, sid: SymbolId) -> bool {
        if self.visiting.contains(&sid) || self.sem.scoping().symbol_is_mutated(sid) {
            return false;
        }
        let decl = self.sem.scoping().symbol_declaration(sid);
        let init = match self.sem.nodes().kind(decl) {
            AstKind::VariableDeclarator(d)
                if matches!(d.id, BindingPattern::BindingIdentifier(_)) =>
            {
                d.init.as_ref()
            }
            AstKind::FormalParameter(p) => match p.initializer.as_deref() {
                Some(init) => Some(init),
                None => return self.param_given_env(decl),
            },
            _ => None,
        };
        let Some(init) = init else { return false };
        // `const env = process.env` holds it; so does a parameter defaulting to it.
        match init.get_inner_expression() {
            Expression::StaticMemberExpression(_) => self.is_env(init),
            _ => false,
        }
    }

    /// Whether the parameter declared at `param` is given an environment object
    /// (`process.env`, `import.meta.env`) by every use of its function, all of them calls
    /// in this module: `function settings(source) { ... }` used as
    /// `settings(process.env)`.
    fn param_given_env(&self, param: NodeId) -> bool {
        let nodes = self.sem.nodes();
        let AstKind::FormalParameter(p) = nodes.kind(param) else {
            return false;
        };
        let list = nodes.parent_id(param);
        let AstKind::FormalParameters(params) = nodes.kind(list) else {
            return false;
        };
        let Some(index) = params.items.iter().position(|x| x.span == p.span) else {
            return false;
        };
        let Some(func) = super::flow::function_symbol(self, nodes.parent_id(list)) else {
            return false;
        };
        let mut uses = self.sem.scoping().get_resolved_references(func).peekable();
        uses.peek().is_some()
            && uses.all(|r| {
                self.call_at(r.node_id()).is_some_and(|(_, c)| {
                    c.arguments
                        .get(index)
                        .and_then(|a| a.as_expression())
                        .is_some_and(|a| {
                            matches!(
                                a.get_inner_expression(),
                                Expression::StaticMemberExpression(_)
                            ) && self.is_env(a)
                        })
                })
            })
    }

    /// The call (its node and itself) whose callee is the reference at node `id`: `f` in
    /// `f(x)`.
    pub fn call_at(&self, id: NodeId) -> Option<(NodeId, &'a CallExpression<'a>)> {
        let nodes = self.sem.nodes();
        let parent = nodes.parent_id(id);
        match nodes.kind(parent) {
            AstKind::CallExpression(c) if c.callee.span() == nodes.kind(id).span() => {
                Some((parent, c))
            }
            _ => None,
        }
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
            _ => Value::unknown(false),
        }
    }

    fn parenthesized(&mut self, e: &Expression<'a>) -> Value {
        let v = self.expr(e);
        self.shorted = false;
        v
    }

    fn awaited(&mut self, e: &Expression<'a>) -> Value {
        match self.expr(e) {
            v if matches!(v.val, Val::Arr(_) | Val::Obj(_)) => Value::unknown(v.env),
            v => v,
        }
    }

    fn sequence(&mut self, s: &SequenceExpression<'a>) -> Value {
        s.expressions
            .last()
            .map_or_else(|| Value::unknown(false), |x| self.expr(x))
    }

    fn template(&mut self, t: &TemplateLiteral<'a>) -> Value {
        let at = span(t.span);
        if t.expressions.is_empty() {
            let text = t.quasis.first().and_then(|q| q.value.cooked.as_ref());
            return match text {
                Some(s) => {
                    let q = t.quasis[0].span;
                    Value::code(
                        Val::Str(s.to_string()),
                        if q.is_empty() { at } else { span(q) },
                    )
                }
                None => Value::unknown(false),
            };
        }
        let mut out = String::new();
        let mut env = false;
        for (i, q) in t.quasis.iter().enumerate() {
            let Some(cooked) = &q.value.cooked else {
                return Value::unknown(env);
            };
            out.push_str(cooked);
            if let Some(x) = t.expressions.get(i) {
                let v = self.expr(x);
                env |= v.env;
                let Some(s) = v.val.to_str() else {
                    return Value::unknown(env);
                };
                out.push_str(&s);
            }
        }
        Value::code(Val::Str(out), at).depending(env)
    }

    fn chain(&mut self, c: &ChainExpression<'a>) -> Value {
        let v = match &c.expression {
            ChainElement::CallExpression(call) => self.call(call),
            ChainElement::TSNonNullExpression(x) => self.expr(&x.expression),
            ChainElement::StaticMemberExpression(m) => self.member(
                &m.object,
                Some(&m.property.name),
                None,
                m.optional,
                span(m.span),
            ),
            ChainElement::ComputedMemberExpression(m) => self.member(
                &m.object,
                None,
                Some(&m.expression),
                m.optional,
                span(m.span),
            ),
            ChainElement::PrivateFieldExpression(_) => Value::unknown(false),
        };
        self.shorted = false;
        v
    }

    fn logical_expr(&mut self, l: &LogicalExpression<'a>) -> Value {
        let left = self.expr(&l.left);
        self.logical(l.operator, left, &l.right)
    }

    /// `process.env.X ??= "d"` is worth `X ?? "d"`.
    fn assignment(&mut self, a: &AssignmentExpression<'a>) -> Value {
        let Some(op) = a.operator.to_logical_operator() else {
            return Value::unknown(false);
        };
        let left = match &a.left {
            AssignmentTarget::StaticMemberExpression(m) if self.is_env(&m.object) => {
                self.env_read(&m.property.name)
            }
            _ => return Value::unknown(false),
        };
        self.logical(op, left, &a.right)
    }

    fn conditional(&mut self, c: &ConditionalExpression<'a>) -> Value {
        let test = self.expr(&c.test);
        match test.val.truthy() {
            Some(true) => self.expr(&c.consequent).depending(test.env),
            Some(false) => self.expr(&c.alternate).depending(test.env),
            None => {
                let (a, b) = (self.expr(&c.consequent), self.expr(&c.alternate));
                if !a.is_unknown() && a.val == b.val && a.src == b.src {
                    return a.depending(test.env);
                }
                // A test that does not depend on the variable chooses between it and
                // another source (`setting ? setting : process.env.X ?? "d"`): the branch
                // that reads the variable is the one it decides.
                match (test.env, a.env, b.env) {
                    (false, true, false) => a,
                    (false, false, true) => b,
                    _ => Value::unknown(test.env || a.env || b.env),
                }
            }
        }
    }

    fn unary(&mut self, u: &UnaryExpression<'a>) -> Value {
        let at = span(u.span);
        let v = self.expr(&u.argument);
        let out = match u.operator {
            UnaryOperator::LogicalNot => {
                return match v.val.truthy() {
                    Some(t) => Value::predicate(Val::Bool(!t), at, v.env),
                    None => Value::unknown(v.env),
                };
            }
            UnaryOperator::Typeof => {
                return match v.val.type_of() {
                    Some(t) => Value::predicate(Val::Str(t.to_owned()), at, v.env),
                    None => Value::unknown(v.env),
                };
            }
            UnaryOperator::UnaryPlus => v.val.to_number().map(Val::Num),
            UnaryOperator::UnaryNegation => v.val.to_number().map(|n| Val::Num(-n)),
            UnaryOperator::Void => Some(Val::Undefined),
            _ => None,
        };
        match out {
            // `-1` is a literal of its own.
            Some(val) if matches!(v.src, Src::Code { .. }) && !v.env => Value::code(val, at),
            Some(val) => v.with(val),
            None => Value::unknown(v.env),
        }
    }

    fn binary(&mut self, b: &BinaryExpression<'a>) -> Value {
        let at = span(b.span);
        let (l, r) = (self.expr(&b.left), self.expr(&b.right));
        let env = l.env || r.env;
        let out = match b.operator {
            BinaryOperator::StrictEquality => l.val.strict_eq(&r.val),
            BinaryOperator::StrictInequality => l.val.strict_eq(&r.val).map(|x| !x),
            BinaryOperator::Equality => l.val.loose_eq(&r.val),
            BinaryOperator::Inequality => l.val.loose_eq(&r.val).map(|x| !x),
            BinaryOperator::LessThan => l.val.relate(&r.val, "<"),
            BinaryOperator::GreaterThan => l.val.relate(&r.val, ">"),
            BinaryOperator::LessEqualThan => l.val.relate(&r.val, "<="),
            BinaryOperator::GreaterEqualThan => l.val.relate(&r.val, ">="),
            op => return Self::arithmetic(op, &l, &r, at),
        };
        match out {
            Some(x) => Value::predicate(Val::Bool(x), at, env),
            None => Value::unknown(env),
        }
    }

    fn array(&mut self, a: &ArrayExpression<'a>) -> Value {
        let mut items = Vec::with_capacity(a.elements.len());
        let mut env = false;
        for el in &a.elements {
            let Some(x) = el.as_expression() else {
                return Value::unknown(env);
            };
            let v = self.expr(x);
            env |= v.env;
            items.push(v);
        }
        Value::code(Val::Arr(items.into()), span(a.span)).depending(env)
    }

    fn object(&mut self, o: &ObjectExpression<'a>) -> Value {
        let mut props = Vec::with_capacity(o.properties.len());
        let mut env = false;
        for p in &o.properties {
            let ObjectPropertyKind::ObjectProperty(p) = p else {
                return Value::unknown(env);
            };
            let Some(key) = p.key.static_name() else {
                return Value::unknown(env);
            };
            let v = self.expr(&p.value);
            env |= v.env;
            props.push((key.to_string(), v));
        }
        Value::code(Val::Obj(props.into()), span(o.span)).depending(env)
    }

    /// The value a destructured binding holds, as [`Self::identifier`] would give it.
    pub fn binding(&mut self, sid: SymbolId) -> Value {
        if self.visiting.contains(&sid) {
            return Value::unknown(false);
        }
        self.visiting.push(sid);
        let v = self.symbol(sid);
        self.visiting.pop();
        v
    }

    /// `left op right` for `??`, `||` and `&&`. An unknown left operand that does not
    /// depend on the variable is a source that takes precedence over it (a setting, another
    /// variable): the value the code computes for the variable is the one where that source
    /// is absent.
    fn logical(&mut self, op: LogicalOperator, left: Value, right: &Expression<'a>) -> Value {
        let decided = match op {
            LogicalOperator::Coalesce => left.val.nullish(),
            LogicalOperator::Or => left.val.truthy().map(|t| !t),
            LogicalOperator::And => left.val.truthy(),
        };
        match decided {
            Some(true) => self.expr(right).depending(left.env),
            Some(false) => left,
            None if !left.env && op != LogicalOperator::And => {
                let r = self.expr(right);
                if r.env { r } else { Value::unknown(false) }
            }
            None => {
                let r = self.expr(right);
                Value::unknown(left.env || r.env)
            }
        }
    }

    fn arithmetic(op: BinaryOperator, l: &Value, r: &Value, at: Span) -> Value {
        let env = l.env || r.env;
        let val = if op == BinaryOperator::Addition {
            match (&l.val, &r.val) {
                (Val::Str(_), _) | (_, Val::Str(_)) => match (l.val.to_str(), r.val.to_str()) {
                    (Some(a), Some(b)) => Some(Val::Str(a + &b)),
                    _ => None,
                },
                (a, b) => a
                    .to_number()
                    .zip(b.to_number())
                    .map(|(a, b)| Val::Num(a + b)),
            }
        } else {
            let (Some(a), Some(b)) = (l.val.to_number(), r.val.to_number()) else {
                return Value::unknown(env);
            };
            match op {
                BinaryOperator::Subtraction => Some(Val::Num(a - b)),
                BinaryOperator::Multiplication => Some(Val::Num(a * b)),
                BinaryOperator::Division => Some(Val::Num(a / b)),
                BinaryOperator::Remainder => Some(Val::Num(a % b)),
                _ => None,
            }
        };
        match val {
            Some(v) => Value::code(v, at).depending(env),
            None => Value::unknown(env),
        }
    }

    /// `object.name` or `object[key]`.
    fn member(
        &mut self,
        object: &Expression<'a>,
        name: Option<&str>,
        key: Option<&Expression<'a>>,
        optional: bool,
        at: Span,
    ) -> Value {
        let key_text = match (name, key) {
            (Some(n), _) => Some(n.to_owned()),
            (None, Some(k)) => {
                let k = self.expr(k);
                match k.val {
                    Val::Str(s) => Some(s),
                    Val::Num(n) => Some(number_text(n)),
                    _ => None,
                }
            }
            (None, None) => None,
        };
        if self.is_env(object) {
            return key_text.map_or_else(|| Value::unknown(false), |k| self.env_read(&k));
        }
        let obj = self.expr(object);
        if self.shorted {
            return obj;
        }
        if optional && obj.val.nullish() == Some(true) {
            self.shorted = true;
            return obj.with(Val::Undefined);
        }
        let Some(key) = key_text else {
            return Value::unknown(obj.env);
        };
        match &obj.val {
            #[allow(clippy::cast_precision_loss, reason = "a length is far below 2^52")]
            Val::Str(s) if key == "length" => obj.with(Val::Num(s.encode_utf16().count() as f64)),
            #[allow(clippy::cast_precision_loss, reason = "a length is far below 2^52")]
            Val::Arr(items) if key == "length" => obj.with(Val::Num(items.len() as f64)),
            Val::Obj(props) => match props.iter().rev().find(|(k, _)| *k == key) {
                // A property of a constant used here shows here, defined in the constant.
                Some((_, v)) => match (&obj.src, &v.src) {
                    (Src::Code { def: Some(d), .. }, Src::Code { span: p, def: None })
                        if !obj.env =>
                    {
                        Value {
                            val: v.val.clone(),
                            src: Src::Code {
                                span: at,
                                def: Some(Def {
                                    file: d.file.clone(),
                                    span: p.clone(),
                                }),
                            },
                            env: v.env,
                        }
                    }
                    _ => v.clone().depending(obj.env),
                },
                None => obj.with(Val::Undefined),
            },
            _ => Value::unknown(obj.env),
        }
    }

    fn args(&mut self, c: &CallExpression<'a>) -> Option<Vec<Value>> {
        c.arguments
            .iter()
            .map(|a| match a {
                Argument::SpreadElement(_) => None,
                a => a.as_expression().map(|x| self.expr(x)),
            })
            .collect()
    }

    fn call(&mut self, c: &CallExpression<'a>) -> Value {
        let at = span(c.span);
        match c.callee.get_inner_expression() {
            Expression::Identifier(id) => {
                let Some(args) = self.args(c) else {
                    return Value::unknown(false);
                };
                if let Some(sid) = self.symbol_of(id) {
                    return self.call_local(sid, &args);
                }
                global_call(&id.name, &args, at)
            }
            Expression::StaticMemberExpression(m) => {
                if let Expression::Identifier(ns) = m.object.get_inner_expression()
                    && self.symbol_of(ns).is_none()
                    && matches!(ns.name.as_str(), "Number" | "Math")
                {
                    let Some(args) = self.args(c) else {
                        return Value::unknown(false);
                    };
                    return global_call(&format!("{}.{}", ns.name, m.property.name), &args, at);
                }
                let receiver = self.expr(&m.object);
                if self.shorted {
                    return receiver;
                }
                if (m.optional || c.optional) && receiver.val.nullish() == Some(true) {
                    self.shorted = true;
                    return receiver.with(Val::Undefined);
                }
                let Some(args) = self.args(c) else {
                    return Value::unknown(receiver.env);
                };
                method(&receiver, &m.property.name, &args, at)
            }
            _ => Value::unknown(false),
        }
    }

    /// A call of a function of this module: its body, interpreted with the arguments bound.
    fn call_local(&mut self, sid: SymbolId, args: &[Value]) -> Value {
        let env = args.iter().any(|a| a.env);
        if self.frames.len() >= MAX_CALLS || self.visiting.contains(&sid) {
            return Value::unknown(env);
        }
        let Some((params, body)) = self.function_of(sid) else {
            return Value::unknown(env);
        };
        let mut frame = Vec::new();
        for (i, p) in params.items.iter().enumerate() {
            let BindingPattern::BindingIdentifier(b) = &p.pattern else {
                continue;
            };
            let arg = args
                .get(i)
                .cloned()
                .unwrap_or(Value::code(Val::Undefined, 0..0));
            let arg = match (&p.initializer, &arg.val) {
                (Some(init), Val::Undefined) => self.expr(init).depending(arg.env),
                _ => arg,
            };
            frame.push((b.symbol_id(), arg));
        }
        self.frames.push(frame);
        self.visiting.push(sid);
        let v = self.body(body).depending(env);
        self.visiting.pop();
        self.frames.pop();
        v
    }

    /// The parameters and body of the function a symbol names (a declaration, or a
    /// single-assignment local holding a function or arrow).
    pub fn function_of(&self, sid: SymbolId) -> Option<(&'a FormalParameters<'a>, Body<'a>)> {
        let decl = self.sem.scoping().symbol_declaration(sid);
        match self.sem.nodes().kind(decl) {
            AstKind::Function(f) => Some((&f.params, Body::Block(&f.body.as_ref()?.statements))),
            AstKind::VariableDeclarator(d) if !self.sem.scoping().symbol_is_mutated(sid) => {
                match d.init.as_ref()?.get_inner_expression() {
                    Expression::ArrowFunctionExpression(a) => {
                        Some((&a.params, arrow_body(&a.body)))
                    }
                    Expression::FunctionExpression(f) => {
                        Some((&f.params, Body::Block(&f.body.as_ref()?.statements)))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// What a function body returns.
    pub fn body(&mut self, body: Body<'a>) -> Value {
        match body {
            Body::Expr(e) => self.expr(e),
            Body::Block(stmts) => {
                let outer = std::mem::replace(&mut self.path_env, false);
                let v = match self.block(stmts) {
                    Flow::Return(v) => v,
                    Flow::Next => Value::code(Val::Undefined, 0..0),
                    Flow::Unknown => Value::unknown(true),
                };
                let env = std::mem::replace(&mut self.path_env, outer);
                v.depending(env)
            }
        }
    }

    fn block(&mut self, stmts: &[Statement<'a>]) -> Flow {
        for s in stmts {
            match self.stmt(s) {
                Flow::Next => {}
                other => return other,
            }
        }
        Flow::Next
    }

    fn stmt(&mut self, s: &Statement<'a>) -> Flow {
        match s {
            Statement::ReturnStatement(r) => Flow::Return(match &r.argument {
                Some(a) => self.expr(a),
                None => Value::code(Val::Undefined, span(r.span)),
            }),
            Statement::BlockStatement(b) => self.block(&b.body),
            Statement::IfStatement(i) => {
                let test = self.expr(&i.test);
                self.path_env |= test.env;
                match test.val.truthy() {
                    Some(true) => self.stmt(&i.consequent),
                    Some(false) => i.alternate.as_ref().map_or(Flow::Next, |a| self.stmt(a)),
                    // A test that does not depend on the variable guards another source
                    // (a setting, a mode): the path the variable decides is the branch
                    // that returns something depending on it, else the other one.
                    None if !test.env => {
                        let outer = self.path_env;
                        if let Flow::Return(v) = self.stmt(&i.consequent)
                            && (v.env || self.path_env)
                        {
                            return Flow::Return(v);
                        }
                        self.path_env = outer;
                        i.alternate.as_ref().map_or(Flow::Next, |a| self.stmt(a))
                    }
                    None if exits(&i.consequent)
                        || i.alternate.as_ref().is_some_and(|a| exits(a)) =>
                    {
                        Flow::Unknown
                    }
                    None => Flow::Next,
                }
            }
            Statement::SwitchStatement(sw) => self.switch(sw),
            Statement::ThrowStatement(_) => Flow::Unknown,
            Statement::ExpressionStatement(_)
            | Statement::VariableDeclaration(_)
            | Statement::EmptyStatement(_)
            | Statement::FunctionDeclaration(_)
            | Statement::ClassDeclaration(_) => Flow::Next,
            other if exits(other) => Flow::Unknown,
            _ => Flow::Next,
        }
    }

    /// A `switch`: the case whose test is strictly equal to the value (else `default`),
    /// run through its fall-through to a `break`, a return or the end. A test the
    /// evaluator cannot know, or a `break` it would have to place inside another
    /// statement, makes the outcome unknown.
    fn switch(&mut self, sw: &SwitchStatement<'a>) -> Flow {
        let value = self.expr(&sw.discriminant);
        self.path_env |= value.env;
        let any_exit = || sw.cases.iter().any(|c| c.consequent.iter().any(exits));
        if value.is_unknown() {
            return if any_exit() {
                Flow::Unknown
            } else {
                Flow::Next
            };
        }
        let mut start = None;
        for (k, case) in sw.cases.iter().enumerate() {
            let Some(test) = &case.test else { continue };
            let t = self.expr(test);
            match value.val.strict_eq(&t.val) {
                Some(true) => {
                    start = Some(k);
                    break;
                }
                Some(false) => {}
                None => return Flow::Unknown,
            }
        }
        let Some(start) = start.or_else(|| sw.cases.iter().position(|c| c.test.is_none())) else {
            return Flow::Next;
        };
        for case in &sw.cases[start..] {
            for st in &case.consequent {
                match st {
                    Statement::BreakStatement(b) if b.label.is_none() => return Flow::Next,
                    st if leaves(st).1 => return Flow::Unknown,
                    st => match self.stmt(st) {
                        Flow::Next => {}
                        other => return other,
                    },
                }
            }
        }
        Flow::Next
    }

    fn identifier(&mut self, id: &IdentifierReference<'a>) -> Value {
        let at = span(id.span);
        let Some(sid) = self.symbol_of(id) else {
            return match id.name.as_str() {
                "undefined" => Value::code(Val::Undefined, at),
                "NaN" => Value::code(Val::Num(f64::NAN), at),
                "Infinity" => Value::code(Val::Num(f64::INFINITY), at),
                _ => Value::unknown(false),
            };
        };
        for frame in self.frames.iter().rev() {
            if let Some((_, v)) = frame.iter().find(|(s, _)| *s == sid) {
                return v.clone();
            }
        }
        if self.visiting.contains(&sid) {
            return Value::unknown(false);
        }
        self.visiting.push(sid);
        // A local changed before this read: the value the statements between its
        // declaration and here leave in it.
        if self.sem.scoping().symbol_is_mutated(sid) {
            let node = self
                .sem
                .scoping()
                .get_reference(id.reference_id())
                .node_id();
            let v = self.reaching(sid, node);
            self.visiting.pop();
            return v.unwrap_or_else(|| Value::unknown(false));
        }
        let v = self.symbol(sid);
        self.visiting.pop();
        // A constant used here: the use is where the value shows, the definition a second place.
        match v {
            Value {
                val,
                src:
                    Src::Code {
                        span: def_span,
                        def,
                    },
                env: false,
            } if val != Val::Unknown => Value {
                val,
                src: Src::Code {
                    span: at,
                    def: Some(def.unwrap_or(Def {
                        file: None,
                        span: def_span,
                    })),
                },
                env: false,
            },
            v => v,
        }
    }

    /// The value a symbol is bound to once and for all.
    fn symbol(&mut self, sid: SymbolId) -> Value {
        let scoping = self.sem.scoping();
        if scoping.symbol_is_mutated(sid) || !scoping.symbol_redeclarations(sid).is_empty() {
            return Value::unknown(false);
        }
        let decl = scoping.symbol_declaration(sid);
        match self.sem.nodes().kind(decl) {
            AstKind::VariableDeclarator(d) => {
                let Some(init) = &d.init else {
                    return Value::unknown(false);
                };
                match &d.id {
                    BindingPattern::BindingIdentifier(_) => self.expr(init),
                    BindingPattern::ObjectPattern(p) => {
                        let Some((key, default)) = p.properties.iter().find_map(|prop| {
                            let (binding, default) = match &prop.value {
                                BindingPattern::AssignmentPattern(a) => (&a.left, Some(&a.right)),
                                b => (b, None),
                            };
                            let BindingPattern::BindingIdentifier(b) = binding else {
                                return None;
                            };
                            (b.symbol_id() == sid).then(|| (prop.key.static_name(), default))
                        }) else {
                            return Value::unknown(false);
                        };
                        let Some(key) = key else {
                            return Value::unknown(false);
                        };
                        let value = self.member(init, Some(&key), None, false, span(init.span()));
                        match (default, &value.val) {
                            (Some(d), Val::Undefined) => self.expr(d).depending(value.env),
                            _ => value,
                        }
                    }
                    _ => Value::unknown(false),
                }
            }
            AstKind::ImportSpecifier(spec) => {
                let parent = self.sem.nodes().parent_kind(decl);
                let AstKind::ImportDeclaration(import) = parent else {
                    return Value::unknown(false);
                };
                self.imported(&import.source.value, &spec.imported.name())
            }
            _ => Value::unknown(false),
        }
    }

    /// Where a `let` (or `var`) that is assigned after its declaration lives: the
    /// statements of the block its declaration is one of, the declaration's index in them
    /// and its initializer. `None` unless every assignment is in a later statement of that
    /// block, none inside a nested function (which could run at any time).
    pub fn local_block(&self, sid: SymbolId) -> Option<LocalBlock<'a>> {
        let scoping = self.sem.scoping();
        if !scoping.symbol_redeclarations(sid).is_empty() {
            return None;
        }
        let nodes = self.sem.nodes();
        let decl = scoping.symbol_declaration(sid);
        let AstKind::VariableDeclarator(d) = nodes.kind(decl) else {
            return None;
        };
        if !matches!(d.id, BindingPattern::BindingIdentifier(_)) {
            return None;
        }
        let declaration = nodes.parent_id(decl);
        let AstKind::VariableDeclaration(v) = nodes.kind(declaration) else {
            return None;
        };
        let statements: &'a [Statement<'a>] = match nodes.parent_kind(declaration) {
            AstKind::FunctionBody(b) => &b.statements,
            AstKind::BlockStatement(b) => &b.body,
            AstKind::Program(p) => &p.body,
            _ => return None,
        };
        let index = statements.iter().position(|st| st.span() == v.span)?;
        let function = self.function_around(decl);
        let after = statements.get(index + 1..)?;
        let mut writes = Vec::new();
        for r in scoping
            .get_resolved_references(sid)
            .filter(|r| r.is_write())
        {
            let at = nodes.kind(r.node_id()).span();
            if self.function_around(r.node_id()) != function
                || !after.iter().any(|st| within(at, st.span()))
            {
                return None;
            }
            writes.push(at);
        }
        Some(LocalBlock {
            statements,
            index,
            init: d.init.as_ref(),
            lexical: v.kind.is_lexical(),
            writes,
            function,
        })
    }

    /// The innermost function (or the program) around node `id`.
    fn function_around(&self, id: NodeId) -> Option<NodeId> {
        let nodes = self.sem.nodes();
        nodes.ancestor_ids(id).find(|&a| {
            matches!(
                nodes.kind(a),
                AstKind::Function(_) | AstKind::ArrowFunctionExpression(_)
            )
        })
    }

    /// The value local `sid` holds at its read `read`, from its initializer through the
    /// assignments of the statements between (see [`Self::local_block`]): the branches an
    /// `if` takes under the hypothesis are followed; an assignment on a branch the
    /// evaluator cannot decide, in a loop or anywhere else makes it unknown.
    fn reaching(&mut self, sid: SymbolId, read: NodeId) -> Option<Value> {
        let block = self.local_block(sid)?;
        if self.function_around(read) != block.function {
            return None;
        }
        let at = self.sem.nodes().kind(read).span();
        let r = block
            .statements
            .iter()
            .position(|st| within(at, st.span()))?;
        let between = block.statements.get(block.index + 1..r)?;
        // An assignment in the read's statement may come before or after the read; one
        // after it matters only where the block repeats and the declaration does not
        // reset the local (`var t;` in a loop's body).
        let reset = block.init.is_some() || block.lexical;
        let before = |w: &oxc_span::Span| between.iter().any(|st| within(*w, st.span()));
        if block
            .writes
            .iter()
            .any(|w| within(*w, block.statements[r].span()))
            || (!reset && !block.writes.iter().all(before))
        {
            return None;
        }
        let value = match block.init {
            Some(init) => self.expr(init),
            None => Value::code(Val::Undefined, span(block.statements[block.index].span())),
        };
        // What the statements read of the local is what it holds when they run.
        self.frames.push(vec![(sid, value)]);
        let mut env = false;
        let ran = between
            .iter()
            .try_for_each(|st| self.assigned(st, sid, &block.writes, &mut env));
        let frame = self.frames.pop().expect("pushed above");
        ran?;
        Some(frame.into_iter().next()?.1.depending(env))
    }

    /// Sets what local `sid`, bound in the innermost frame, holds.
    fn set_local(&mut self, sid: SymbolId, value: Value) {
        if let Some((_, v)) = self
            .frames
            .last_mut()
            .and_then(|f| f.iter_mut().find(|(s, _)| *s == sid))
        {
            *v = value;
        }
    }

    /// Runs statement `st` on local `sid`, bound in the innermost frame; `None` when what
    /// it leaves there cannot be known.
    fn assigned(
        &mut self,
        st: &Statement<'a>,
        sid: SymbolId,
        writes: &[oxc_span::Span],
        env: &mut bool,
    ) -> Option<()> {
        let here = writes.iter().filter(|w| within(**w, st.span())).count();
        if here == 0 {
            return Some(());
        }
        match st {
            Statement::ExpressionStatement(e) if here == 1 => {
                let Expression::AssignmentExpression(a) = e.expression.get_inner_expression()
                else {
                    return None;
                };
                let AssignmentTarget::AssignmentTargetIdentifier(target) = &a.left else {
                    return None;
                };
                if self.symbol_of(target) != Some(sid) {
                    return None;
                }
                let value = if a.operator == AssignmentOperator::Assign {
                    self.expr(&a.right)
                } else {
                    let op = a.operator.to_logical_operator()?;
                    let current = self.frames.last()?.first()?.1.clone();
                    self.logical(op, current, &a.right)
                };
                self.set_local(sid, value);
                Some(())
            }
            Statement::BlockStatement(b) => {
                for st in &b.body {
                    self.assigned(st, sid, writes, env)?;
                }
                Some(())
            }
            Statement::IfStatement(i) => {
                let test = self.expr(&i.test);
                *env |= test.env;
                let taken = if test.val.truthy()? {
                    Some(&i.consequent)
                } else {
                    i.alternate.as_ref()
                };
                match taken {
                    // A branch that returns or throws never reaches the read.
                    Some(b) if exits(b) => None,
                    Some(b) => self.assigned(b, sid, writes, env),
                    None => Some(()),
                }
            }
            _ => None,
        }
    }

    /// An exported constant of a module imported by relative path.
    fn imported(&self, source: &str, name: &str) -> Value {
        if !source.starts_with('.') {
            return Value::unknown(false);
        }
        let Some((file, exports)) = self.modules.exports(self.path, source) else {
            return Value::unknown(false);
        };
        match exports.get(name) {
            Some(
                v @ Value {
                    src: Src::Code { span, def },
                    ..
                },
            ) if !v.env => Value {
                val: v.val.clone(),
                src: Src::Code {
                    span: span.clone(),
                    def: Some(def.clone().unwrap_or(Def {
                        file: Some(Arc::clone(&file)),
                        span: span.clone(),
                    })),
                },
                env: false,
            },
            _ => Value::unknown(false),
        }
    }

    /// The span of node `id`.
    pub fn node_span(&self, id: NodeId) -> Span {
        span(self.sem.nodes().kind(id).span())
    }
}

/// A local assigned after its declaration, in the block it is declared in (see
/// [`Eval::local_block`]).
pub struct LocalBlock<'a> {
    statements: &'a [Statement<'a>],
    index: usize,
    init: Option<&'a Expression<'a>>,
    /// `let`, not `var`: declared afresh each time its block runs.
    lexical: bool,
    /// The spans of its assignments.
    writes: Vec<oxc_span::Span>,
    /// The function around its declaration.
    function: Option<NodeId>,
}

/// Whether span `inner` lies within `outer`.
fn within(inner: oxc_span::Span, outer: oxc_span::Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// A function's body: statements, or an arrow's expression.
#[derive(Clone, Copy)]
pub enum Body<'a> {
    Block(&'a [Statement<'a>]),
    Expr(&'a Expression<'a>),
}

pub fn arrow_body<'a>(b: &'a ArrowFunctionBody<'a>) -> Body<'a> {
    match b {
        ArrowFunctionBody::FunctionBody(f) => Body::Block(&f.statements),
        other => match other.as_expression() {
            Some(e) => Body::Expr(e),
            None => Body::Block(&[]),
        },
    }
}

/// Whether a statement can return or throw (nested functions aside).
fn exits(s: &Statement) -> bool {
    leaves(s).0
}

/// Whether a statement can return or throw, and whether it holds a `break` or `continue`
/// (nested functions aside).
fn leaves(s: &Statement) -> (bool, bool) {
    #[derive(Default)]
    struct Leaves {
        exits: bool,
        jumps: bool,
    }
    impl<'a> Visit<'a> for Leaves {
        fn visit_return_statement(&mut self, _: &oxc_ast::ast::ReturnStatement<'a>) {
            self.exits = true;
        }
        fn visit_throw_statement(&mut self, _: &oxc_ast::ast::ThrowStatement<'a>) {
            self.exits = true;
        }
        fn visit_break_statement(&mut self, _: &oxc_ast::ast::BreakStatement<'a>) {
            self.jumps = true;
        }
        fn visit_continue_statement(&mut self, _: &oxc_ast::ast::ContinueStatement<'a>) {
            self.jumps = true;
        }
        fn visit_function(&mut self, _: &oxc_ast::ast::Function<'a>, _: oxc_semantic::ScopeFlags) {}
        fn visit_arrow_function_expression(
            &mut self,
            _: &oxc_ast::ast::ArrowFunctionExpression<'a>,
        ) {
        }
        fn visit_class(&mut self, _: &oxc_ast::ast::Class<'a>) {}
    }
    let mut l = Leaves::default();
    l.visit_statement(s);
    (l.exits, l.jumps)
}

/// `Number(x)`, `parseInt(x, 10)`, `Math.round(x)` and the other pure globals.
fn global_call(name: &str, args: &[Value], at: Span) -> Value {
    let undefined = Value::code(Val::Undefined, at.clone());
    let first = args.first().unwrap_or(&undefined);
    let env = args.iter().any(|a| a.env);
    let num = |v: &Value| v.val.to_number();
    let out = match name {
        "Number" => args
            .first()
            .map_or(Some(Val::Num(0.0)), |v| num(v).map(Val::Num)),
        "String" => args.first().map_or(Some(Val::Str(String::new())), |v| {
            v.val.to_str().map(Val::Str)
        }),
        "parseInt" | "Number.parseInt" => {
            let radix = args.get(1).and_then(num);
            if args.get(1).is_some() && radix.is_none() {
                None
            } else {
                first.val.to_str().map(|s| Val::Num(parse_int(&s, radix)))
            }
        }
        "parseFloat" | "Number.parseFloat" => first.val.to_str().map(|s| Val::Num(parse_float(&s))),
        "Math.round" => num(first).map(|n| Val::Num((n + 0.5).floor())),
        "Math.floor" => num(first).map(|n| Val::Num(n.floor())),
        "Math.ceil" => num(first).map(|n| Val::Num(n.ceil())),
        "Math.trunc" => num(first).map(|n| Val::Num(n.trunc())),
        "Math.abs" => num(first).map(|n| Val::Num(n.abs())),
        "Math.min" | "Math.max" => return min_max(args, name == "Math.max", env),
        "Boolean" => {
            return first.val.truthy().map_or(Value::unknown(env), |t| {
                Value::predicate(Val::Bool(t), at, env)
            });
        }
        "isNaN" | "Number.isNaN" | "isFinite" | "Number.isFinite" | "Number.isInteger" => {
            let n = if name.starts_with("Number.") {
                match &first.val {
                    Val::Num(n) => Some(*n),
                    Val::Unknown => None,
                    // `Number.isNaN("x")` is false: only numbers are tested.
                    _ => Some(0.5),
                }
                .map(|n| (n, matches!(first.val, Val::Num(_))))
            } else {
                num(first).map(|n| (n, true))
            };
            return match n {
                Some((n, is_num)) => {
                    let t = match name {
                        "isNaN" | "Number.isNaN" => is_num && n.is_nan(),
                        "Number.isInteger" => is_num && n.is_finite() && n.fract() == 0.0,
                        _ => is_num && n.is_finite(),
                    };
                    Value::predicate(Val::Bool(t), at, env)
                }
                None => Value::unknown(env),
            };
        }
        _ => return Value::unknown(env),
    };
    match out {
        Some(v) => first.with(v).depending(env),
        None => Value::unknown(env),
    }
}

/// `Math.min(...)` / `Math.max(...)`: the operand chosen, with its origin.
fn min_max(args: &[Value], max: bool, env: bool) -> Value {
    let mut best: Option<(&Value, f64)> = None;
    for a in args {
        let Some(n) = a.val.to_number() else {
            return Value::unknown(env);
        };
        if n.is_nan() {
            return a.with(Val::Num(f64::NAN)).depending(env);
        }
        best = match best {
            Some((b, bn)) if (max && bn >= n) || (!max && bn <= n) => Some((b, bn)),
            _ => Some((a, n)),
        };
    }
    best.map_or(Value::unknown(env), |(a, n)| {
        a.with(Val::Num(n)).depending(env)
    })
}

/// A string, number or array method applied to `receiver`.
fn method(receiver: &Value, name: &str, args: &[Value], at: Span) -> Value {
    let env = receiver.env || args.iter().any(|a| a.env);
    let arg = |i: usize| {
        args.get(i).and_then(|a| match &a.val {
            Val::Str(s) => Some(s.clone()),
            _ => None,
        })
    };
    let out = match (&receiver.val, name) {
        (Val::Str(s), "trim") => Some(Val::Str(s.trim_matches(char::is_whitespace).to_owned())),
        (Val::Str(s), "trimStart") => Some(Val::Str(s.trim_start().to_owned())),
        (Val::Str(s), "trimEnd") => Some(Val::Str(s.trim_end().to_owned())),
        (Val::Str(s), "toLowerCase") => Some(Val::Str(s.to_lowercase())),
        (Val::Str(s), "toUpperCase") => Some(Val::Str(s.to_uppercase())),
        (Val::Str(s), "toString" | "valueOf") => Some(Val::Str(s.clone())),
        (Val::Num(n), "toString") if args.is_empty() => Some(Val::Str(number_text(*n))),
        (Val::Str(s), "replace") => arg(0)
            .zip(arg(1))
            .map(|(a, b)| Val::Str(s.replacen(&a, &b, 1))),
        (Val::Str(s), "replaceAll") => arg(0).zip(arg(1)).map(|(a, b)| Val::Str(s.replace(&a, &b))),
        (Val::Str(s), "startsWith" | "endsWith" | "includes") => {
            let Some(a) = arg(0) else {
                return Value::unknown(env);
            };
            let t = match name {
                "startsWith" => s.starts_with(&a),
                "endsWith" => s.ends_with(&a),
                _ => s.contains(&a),
            };
            return Value::predicate(Val::Bool(t), at, env);
        }
        (Val::Arr(items), "includes") => {
            let Some(x) = args.first() else {
                return Value::unknown(env);
            };
            let mut found = Some(false);
            for item in items.iter() {
                let same = match (&item.val, &x.val) {
                    (Val::Num(a), Val::Num(b)) if a.is_nan() && b.is_nan() => Some(true),
                    (a, b) => a.strict_eq(b),
                };
                match same {
                    Some(true) => {
                        found = Some(true);
                        break;
                    }
                    Some(false) => {}
                    None => found = None,
                }
            }
            return found.map_or(Value::unknown(env), |t| {
                Value::predicate(Val::Bool(t), at, env)
            });
        }
        _ => None,
    };
    match out {
        Some(v) => receiver.with(v).depending(env),
        None => Value::unknown(env),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxc_allocator::Allocator;
    use oxc_semantic::SemanticBuilder;

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
        let mut ev = Eval::new(&sem, &[], "x.ts", &super::super::NoModules);
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
                let mut ev = Eval::new(&sem, &[], "x.ts", &super::super::NoModules);
                ev.hyp = Some(Hyp { name: "X".to_owned(), value: env });
                for id in 0..sem.nodes().len() {
                    let _ = ev.node(NodeId::new(id));
                }
            }
        }
    }
}
