//! TypeScript and JavaScript reads of environment variables, found with oxc.

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    AssignmentOperator, BinaryOperator, BindingPattern, CallExpression, ChainElement,
    ComputedMemberExpression, Expression, LogicalExpression, LogicalOperator, PropertyKey,
    StaticMemberExpression, UnaryExpression, UnaryOperator, VariableDeclarator,
};
use oxc_ast_visit::{Visit, walk};
use oxc_parser::Parser;
use oxc_span::{GetSpan, SourceType};

use super::FileReads;
use crate::facts::Role;

mod nesting;
pub(super) use nesting::too_speculative;

/// The reads in a TS/JS file; `path` picks the dialect by extension.
pub fn reads(path: &str, text: &str, accessors: &[String]) -> FileReads {
    let source_type = SourceType::from_path(path).unwrap_or_else(|_| SourceType::tsx());
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
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, text, source_type).parse();
    let mut out = FileReads::default();
    if let Some(e) = parsed.diagnostics.errors().next() {
        let at = e
            .labels
            .first()
            .map_or(0, |l| (l.offset() as usize).min(text.len()));
        out.error = Some((at..at, e.message.to_string()));
        if parsed.panicked {
            return out;
        }
    }
    let mut v = Finder {
        text,
        accessors,
        reads: super::Reads::default(),
        dynamic: Vec::new(),
    };
    v.visit_program(&parsed.program);
    out.reads = v.reads.into_vec();
    out.dynamic = v.dynamic;
    out
}

struct Finder<'t> {
    text: &'t str,
    accessors: &'t [String],
    /// Reads by the start of their name.
    reads: super::Reads,
    dynamic: Vec<crate::source::Span>,
}

impl Finder<'_> {
    /// Whether `e` is an environment object: `process.env`, `import.meta.env`, or an
    /// accessor (`env`, say).
    fn is_env(&self, e: &Expression) -> bool {
        match e.get_inner_expression() {
            Expression::Identifier(id) => self.accessors.iter().any(|a| a == id.name.as_str()),
            Expression::StaticMemberExpression(m) if m.property.name == "env" => {
                matches!(
                    m.object.get_inner_expression(),
                    Expression::Identifier(id) if id.name == "process"
                ) || matches!(m.object.get_inner_expression(), Expression::ImportMeta(_))
            }
            _ => false,
        }
    }

    /// The name and its span when `e` (wrappers removed) reads one variable.
    fn read_at(&self, e: &Expression) -> Option<usize> {
        match e.get_inner_expression() {
            Expression::StaticMemberExpression(m) if self.is_env(&m.object) => {
                Some(m.property.span.start as usize)
            }
            Expression::ComputedMemberExpression(m) if self.is_env(&m.object) => {
                static_key(&m.expression).map(|(_, span)| span.start)
            }
            Expression::ChainExpression(c) => match &c.expression {
                ChainElement::StaticMemberExpression(m) if self.is_env(&m.object) => {
                    Some(m.property.span.start as usize)
                }
                ChainElement::ComputedMemberExpression(m) if self.is_env(&m.object) => {
                    static_key(&m.expression).map(|(_, span)| span.start)
                }
                ChainElement::CallExpression(call) => self.through_method(call),
                _ => None,
            },
            Expression::UnaryExpression(u) if u.operator == UnaryOperator::UnaryPlus => {
                self.read_at(&u.argument)
            }
            Expression::CallExpression(call) => self
                .through_method(call)
                .or_else(|| self.through_conversion(call).map(|(at, _)| at)),
            _ => None,
        }
    }

    /// `READ.trim()`, `READ?.toLowerCase()`: the read the string method is called on.
    fn through_method(&self, call: &CallExpression) -> Option<usize> {
        let Expression::StaticMemberExpression(callee) = call.callee.get_inner_expression() else {
            return None;
        };
        let transparent = matches!(
            callee.property.name.as_str(),
            "trim" | "trimStart" | "trimEnd" | "toLowerCase" | "toUpperCase" | "toString"
        );
        transparent
            .then(|| self.tail_read(&callee.object))
            .flatten()
    }

    /// `Number(X)`, `parseInt(X, 10)`, `parseFloat(X)`, `String(X)`, `Boolean(X)`: the read
    /// in `X` (through `??`/`||`) and whether the conversion is numeric.
    fn through_conversion(&self, call: &CallExpression) -> Option<(usize, Option<&'static str>)> {
        let Expression::Identifier(id) = call.callee.get_inner_expression() else {
            return None;
        };
        let numeric = match id.name.as_str() {
            "Number" => Some("Number(...)"),
            "parseInt" => Some("parseInt(...)"),
            "parseFloat" => Some("parseFloat(...)"),
            "String" | "Boolean" => None,
            _ => return None,
        };
        let arg = call.arguments.first()?.as_expression()?;
        self.chain_read(arg).map(|at| (at, numeric))
    }

    /// The read whose value `e` falls back from: in `a ?? env.X ?? "d"` the read of `X`.
    fn tail_read(&self, e: &Expression) -> Option<usize> {
        match e.get_inner_expression() {
            Expression::LogicalExpression(l) if is_fallback(l.operator) => self.tail_read(&l.right),
            other => self.read_at(other),
        }
    }

    /// The read in `e` or in the left operand of a fallback chain (`env.X || "d"`).
    fn chain_read(&self, e: &Expression) -> Option<usize> {
        match e.get_inner_expression() {
            Expression::LogicalExpression(l) if is_fallback(l.operator) => self
                .chain_read(&l.left)
                .or_else(|| self.chain_read(&l.right)),
            other => self.read_at(other),
        }
    }

    fn add(&mut self, name: &str, at: usize) {
        self.reads.add(name.to_owned(), at..at + name.len());
    }

    fn fallback(&mut self, read: Option<usize>, value: &Expression) {
        if let (Some(at), Some((text, span))) = (read, literal(self.text, value)) {
            self.reads
                .state(at, Role::Default, Some(text), span, "fallback");
        }
    }
}

fn is_fallback(op: LogicalOperator) -> bool {
    matches!(op, LogicalOperator::Coalesce | LogicalOperator::Or)
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

impl<'a> Visit<'a> for Finder<'_> {
    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        if self.is_env(&it.object) {
            self.add(it.property.name.as_str(), it.property.span.start as usize);
        }
        walk::walk_static_member_expression(self, it);
    }

    fn visit_computed_member_expression(&mut self, it: &ComputedMemberExpression<'a>) {
        if self.is_env(&it.object) {
            match static_key(&it.expression) {
                Some((name, span)) => self.add(&name, span.start),
                None => self
                    .dynamic
                    .push(it.span.start as usize..it.span.end as usize),
            }
        }
        walk::walk_computed_member_expression(self, it);
    }

    fn visit_logical_expression(&mut self, it: &LogicalExpression<'a>) {
        walk::walk_logical_expression(self, it);
        if is_fallback(it.operator) {
            let read = self.tail_read(&it.left);
            self.fallback(read, &it.right);
        }
    }

    fn visit_assignment_expression(&mut self, it: &oxc_ast::ast::AssignmentExpression<'a>) {
        walk::walk_assignment_expression(self, it);
        if matches!(
            it.operator,
            AssignmentOperator::LogicalNullish | AssignmentOperator::LogicalOr
        ) && let Some(m) = it.left.as_member_expression()
            && self.is_env(m.object())
            && let Some(name) = m.static_property_name()
        {
            let at = match m {
                oxc_ast::ast::MemberExpression::StaticMemberExpression(s) => {
                    s.property.span.start as usize
                }
                oxc_ast::ast::MemberExpression::ComputedMemberExpression(c) => {
                    static_key(&c.expression).map_or(c.span.start as usize, |(_, s)| s.start)
                }
                oxc_ast::ast::MemberExpression::PrivateFieldExpression(_) => return,
            };
            self.add(name.as_ref(), at);
            self.fallback(Some(at), &it.right);
        }
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        walk::walk_call_expression(self, it);
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
            && let Some(at) = self.chain_read(&it.argument)
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
                if let Some(at) = self.chain_read(side)
                    && let Some((value, span)) = literal(self.text, other)
                {
                    self.reads
                        .state(at, Role::Test, Some(value), span, "compared value");
                }
            }
        }
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        walk::walk_variable_declarator(self, it);
        let (Some(init), BindingPattern::ObjectPattern(pattern)) = (&it.init, &it.id) else {
            return;
        };
        if !self.is_env(init) {
            return;
        }
        for p in &pattern.properties {
            let (name, at) = match &p.key {
                PropertyKey::StaticIdentifier(id) => (id.name.to_string(), id.span.start as usize),
                PropertyKey::StringLiteral(s) => (s.value.to_string(), s.span.start as usize + 1),
                _ => continue,
            };
            self.add(&name, at);
            if let BindingPattern::AssignmentPattern(a) = &p.value {
                self.fallback(Some(at), &a.right);
            }
        }
    }
}
