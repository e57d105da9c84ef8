//! Where a read's value goes: up through the expressions that carry it (fallbacks,
//! conversions, comparisons, ternaries), through the locals it is bound to, to the place
//! that consumes it: a function's return, an object property, a call of unknown code.

use oxc_ast::AstKind;
use oxc_ast::ast::{AssignmentOperator, BindingPattern, CallExpression, Expression, UnaryOperator};
use oxc_semantic::{NodeId, SymbolId};
use oxc_span::GetSpan;

use super::eval::Eval;

/// Where a read's value ends up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sink {
    /// An expression whose value is consumed by something the evaluator does not follow.
    Value(NodeId),
    /// What the function (a `Function` or arrow node) returns.
    Return(NodeId),
    /// A binding of a destructuring whose local is never read.
    Binding(SymbolId),
}

/// How far locals and callers are followed from one read.
const MAX_HOPS: usize = 16;

/// The string methods that keep a value what it was (normalised).
const METHODS: [&str; 12] = [
    "trim",
    "trimStart",
    "trimEnd",
    "toLowerCase",
    "toUpperCase",
    "toString",
    "valueOf",
    "replace",
    "replaceAll",
    "startsWith",
    "endsWith",
    "includes",
];

/// The globals whose result is a function of their argument.
const GLOBALS: [&str; 6] = [
    "Number",
    "String",
    "Boolean",
    "parseInt",
    "parseFloat",
    "isNaN",
];
const NAMESPACED: [&str; 12] = [
    "Number.parseInt",
    "Number.parseFloat",
    "Number.isFinite",
    "Number.isNaN",
    "Number.isInteger",
    "Math.round",
    "Math.floor",
    "Math.ceil",
    "Math.trunc",
    "Math.abs",
    "Math.min",
    "Math.max",
];

pub struct Flow<'e, 's, 'a> {
    ev: &'e Eval<'s, 'a>,
    seen: Vec<NodeId>,
    out: Vec<Sink>,
}

/// The sinks of the value that starts at node `start` (a read, or a call of a helper).
pub fn sinks_of_node(ev: &Eval, start: NodeId) -> Vec<Sink> {
    let mut f = Flow {
        ev,
        seen: Vec::new(),
        out: Vec::new(),
    };
    f.node(start, 0);
    f.out
}

/// The sinks of a destructured binding (`const { X = "d" } = process.env`).
pub fn sinks_of_binding(ev: &Eval, sid: SymbolId) -> Vec<Sink> {
    let mut f = Flow {
        ev,
        seen: Vec::new(),
        out: Vec::new(),
    };
    if !f.symbol(sid, 0) {
        f.out.push(Sink::Binding(sid));
    }
    f.out
}

impl Flow<'_, '_, '_> {
    fn push(&mut self, s: Sink) {
        if !self.out.contains(&s) {
            self.out.push(s);
        }
    }

    fn node(&mut self, start: NodeId, hops: usize) {
        if hops > MAX_HOPS || self.seen.contains(&start) {
            return;
        }
        self.seen.push(start);
        let nodes = self.ev.sem.nodes();
        let (top, parent) = self.climb(start);
        let top_span = nodes.kind(top).span();
        match nodes.kind(parent) {
            AstKind::VariableDeclarator(d)
                if d.init.as_ref().is_some_and(|i| i.span() == top_span) =>
            {
                if let BindingPattern::BindingIdentifier(b) = &d.id
                    && !self.ev.sem.scoping().symbol_is_mutated(b.symbol_id())
                {
                    // A local only tested (`if (!ENABLED) return`) is consumed where it is
                    // bound: its value is what the tests decide on; an exported one leaves
                    // the module there too.
                    let sid = b.symbol_id();
                    if !self.symbol(sid, hops + 1) || self.only_tested(sid) || self.exported(parent)
                    {
                        self.push(Sink::Value(top));
                    }
                } else {
                    self.push(Sink::Value(top));
                }
            }
            // `port = Number(raw)`, to a local the evaluator follows through its
            // assignments: where that local is read.
            AstKind::AssignmentExpression(a)
                if a.operator == AssignmentOperator::Assign && a.right.span() == top_span =>
            {
                let local = match &a.left {
                    oxc_ast::ast::AssignmentTarget::AssignmentTargetIdentifier(id) => {
                        self.ev.symbol_of(id)
                    }
                    _ => None,
                };
                match local {
                    Some(sid) if self.ev.local_block(sid).is_some() => {
                        if !self.symbol(sid, hops + 1) {
                            self.push(Sink::Value(top));
                        }
                    }
                    _ => self.push(Sink::Value(top)),
                }
            }
            AstKind::ReturnStatement(_) => {
                if let Some(func) = self.enclosing_function(parent) {
                    self.function(func, hops);
                }
            }
            // An arrow's expression body: what the arrow returns.
            AstKind::ArrowFunctionExpression(_) => self.function(parent, hops),
            // A `switch` on the value whose every case returns (or falls through to one
            // that does), with a `default`: the function returns what the value selects.
            AstKind::SwitchStatement(sw)
                if sw.discriminant.span() == top_span
                    && sw.cases.iter().any(|c| c.test.is_none())
                    && sw.cases.iter().all(|c| {
                        c.consequent.last().is_none_or(|st| {
                            matches!(
                                st,
                                oxc_ast::ast::Statement::ReturnStatement(_)
                                    | oxc_ast::ast::Statement::ThrowStatement(_)
                            )
                        })
                    })
                    && sw.cases.last().is_some_and(|c| !c.consequent.is_empty()) =>
            {
                if let Some(func) = self.enclosing_function(parent) {
                    self.function(func, hops);
                }
            }
            // A test: the value decides a branch, it is not consumed.
            AstKind::SwitchStatement(_)
            | AstKind::IfStatement(_)
            | AstKind::WhileStatement(_)
            | AstKind::DoWhileStatement(_)
            | AstKind::ForStatement(_) => {}
            _ => self.push(Sink::Value(top)),
        }
    }

    /// Whether a declarator is of an `export const`.
    fn exported(&self, declarator: NodeId) -> bool {
        let nodes = self.ev.sem.nodes();
        nodes.ancestor_ids(declarator).take(3).any(|id| {
            matches!(
                nodes.kind(id),
                AstKind::ExportNamedDeclaration(_) | AstKind::ExportDeclaration(_)
            )
        })
    }

    /// Whether every read of a local decides a branch (`if`, a loop's test) and nothing
    /// consumes its value.
    fn only_tested(&self, sid: SymbolId) -> bool {
        let nodes = self.ev.sem.nodes();
        let mut reads = self
            .ev
            .sem
            .scoping()
            .get_resolved_references(sid)
            .filter(|r| r.is_read() && r.is_value())
            .peekable();
        reads.peek().is_some()
            && reads.all(|r| {
                let (_, parent) = self.climb(r.node_id());
                matches!(
                    nodes.kind(parent),
                    AstKind::IfStatement(_)
                        | AstKind::WhileStatement(_)
                        | AstKind::DoWhileStatement(_)
                        | AstKind::ForStatement(_)
                )
            })
    }

    /// Follows a single-assignment local to where it is read; `false` when it is never read.
    fn symbol(&mut self, sid: SymbolId, hops: usize) -> bool {
        let refs: Vec<NodeId> = self
            .ev
            .sem
            .scoping()
            .get_resolved_references(sid)
            .filter(|r| r.is_read() && r.is_value())
            .map(oxc_semantic::Reference::node_id)
            .collect();
        for r in &refs {
            self.node(*r, hops + 1);
        }
        !refs.is_empty()
    }

    /// A function's return, and where the function is called: a caller may apply the
    /// default to what it returns (`getPort() || 6333`).
    fn function(&mut self, func: NodeId, hops: usize) {
        self.push(Sink::Return(func));
        let Some(sid) = self.function_symbol(func) else {
            return;
        };
        let calls: Vec<NodeId> = self
            .ev
            .sem
            .scoping()
            .get_resolved_references(sid)
            .filter_map(|r| self.ev.call_at(r.node_id()).map(|(call, _)| call))
            .collect();
        for c in calls {
            self.node(c, hops + 1);
        }
    }

    /// The symbol naming a function node: its declaration's name, or the local an arrow or
    /// function expression is bound to.
    pub fn function_symbol(&self, func: NodeId) -> Option<SymbolId> {
        function_symbol(self.ev, func)
    }

    fn enclosing_function(&self, from: NodeId) -> Option<NodeId> {
        let nodes = self.ev.sem.nodes();
        nodes.ancestor_ids(from).find(|&id| {
            matches!(
                nodes.kind(id),
                AstKind::Function(_) | AstKind::ArrowFunctionExpression(_)
            )
        })
    }

    /// Climbs from `start` through the expressions that carry its value; returns the
    /// topmost one and its parent.
    fn climb(&self, start: NodeId) -> (NodeId, NodeId) {
        let nodes = self.ev.sem.nodes();
        let mut cur = start;
        loop {
            let parent = nodes.parent_id(cur);
            if parent == cur {
                return (cur, parent);
            }
            let here = nodes.kind(cur).span();
            let up = match nodes.kind(parent) {
                AstKind::ParenthesizedExpression(_)
                | AstKind::TSAsExpression(_)
                | AstKind::TSSatisfiesExpression(_)
                | AstKind::TSNonNullExpression(_)
                | AstKind::TSTypeAssertion(_)
                | AstKind::TSInstantiationExpression(_)
                | AstKind::ChainExpression(_)
                | AstKind::AwaitExpression(_)
                | AstKind::LogicalExpression(_)
                | AstKind::ConditionalExpression(_) => true,
                AstKind::UnaryExpression(u) => matches!(
                    u.operator,
                    UnaryOperator::LogicalNot
                        | UnaryOperator::UnaryPlus
                        | UnaryOperator::UnaryNegation
                        | UnaryOperator::Typeof
                ),
                AstKind::BinaryExpression(b) => b.operator.is_equality() || b.operator.is_compare(),
                AstKind::SequenceExpression(s) => {
                    s.expressions.last().is_some_and(|l| l.span() == here)
                }
                AstKind::AssignmentExpression(a) => {
                    matches!(
                        a.operator,
                        AssignmentOperator::LogicalNullish
                            | AssignmentOperator::LogicalOr
                            | AssignmentOperator::LogicalAnd
                    ) && a.left.span() == here
                }
                AstKind::CallExpression(c) => {
                    c.arguments.iter().any(|a| a.span() == here) && self.carries(c)
                }
                AstKind::StaticMemberExpression(m) if m.object.span() == here => {
                    // `raw.trim()`: the method's call carries the value on.
                    let call = nodes.parent_id(parent);
                    match nodes.kind(call) {
                        AstKind::CallExpression(c)
                            if c.callee.get_inner_expression().span() == m.span
                                && METHODS.contains(&m.property.name.as_str()) =>
                        {
                            cur = call;
                            continue;
                        }
                        _ => false,
                    }
                }
                _ => false,
            };
            if !up {
                return (cur, parent);
            }
            cur = parent;
        }
    }

    /// Whether a call's result is a function of its arguments the evaluator knows: a pure
    /// global, `array.includes(x)`, or a function of this module.
    fn carries(&self, c: &CallExpression) -> bool {
        match c.callee.get_inner_expression() {
            Expression::Identifier(id) => match self.ev.symbol_of(id) {
                None => GLOBALS.contains(&id.name.as_str()) || id.name == "isFinite",
                Some(sid) => self.ev.function_of(sid).is_some(),
            },
            Expression::StaticMemberExpression(m) => match m.object.get_inner_expression() {
                Expression::Identifier(ns) if self.ev.symbol_of(ns).is_none() => {
                    let name = format!("{}.{}", ns.name, m.property.name);
                    NAMESPACED.contains(&name.as_str())
                }
                _ => m.property.name == "includes",
            },
            _ => false,
        }
    }
}

/// The symbol naming a function node (see [`Flow::function_symbol`]).
pub fn function_symbol(ev: &Eval, func: NodeId) -> Option<SymbolId> {
    let nodes = ev.sem.nodes();
    match nodes.kind(func) {
        AstKind::Function(f) => {
            f.id.as_ref()
                .map(oxc_ast::ast::BindingIdentifier::symbol_id)
                .or_else(|| bound_to(ev, func))
        }
        AstKind::ArrowFunctionExpression(_) => bound_to(ev, func),
        _ => None,
    }
}

/// The local a function expression is the initializer of (`const f = () => ...`).
fn bound_to(ev: &Eval, func: NodeId) -> Option<SymbolId> {
    let nodes = ev.sem.nodes();
    let mut id = func;
    loop {
        let parent = nodes.parent_id(id);
        match nodes.kind(parent) {
            AstKind::ParenthesizedExpression(_)
            | AstKind::TSAsExpression(_)
            | AstKind::TSSatisfiesExpression(_) => id = parent,
            AstKind::VariableDeclarator(d) => {
                return match &d.id {
                    BindingPattern::BindingIdentifier(b)
                        if d.init
                            .as_ref()
                            .is_some_and(|i| i.span() == nodes.kind(id).span()) =>
                    {
                        Some(b.symbol_id())
                    }
                    _ => None,
                };
            }
            _ => return None,
        }
    }
}
