//! The evaluator's statements and control flow: function bodies, blocks, `if`/`switch`/
//! `return`, and locals assigned after their declaration.

use oxc_ast::AstKind;
use oxc_ast::ast::{
    ArrowFunctionBody, AssignmentOperator, AssignmentTarget, BindingPattern, Expression, Statement,
    SwitchStatement,
};
use oxc_ast_visit::Visit;
use oxc_semantic::{NodeId, SymbolId};
use oxc_span::GetSpan;

use super::{Eval, Flow, span};
use crate::surfaces::code::ts::value::{Val, Value};

impl<'a> Eval<'_, 'a> {
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

    pub(super) fn block(&mut self, stmts: &[Statement<'a>]) -> Flow {
        for s in stmts {
            match self.stmt(s) {
                Flow::Next => {}
                other => return other,
            }
        }
        Flow::Next
    }

    pub(super) fn stmt(&mut self, s: &Statement<'a>) -> Flow {
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
    pub(super) fn switch(&mut self, sw: &SwitchStatement<'a>) -> Flow {
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
    pub(super) fn function_around(&self, id: NodeId) -> Option<NodeId> {
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
    pub(super) fn reaching(&mut self, sid: SymbolId, read: NodeId) -> Option<Value> {
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
    pub(super) fn set_local(&mut self, sid: SymbolId, value: Value) {
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
    pub(super) fn assigned(
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
pub(super) fn within(inner: oxc_span::Span, outer: oxc_span::Span) -> bool {
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
pub(super) fn exits(s: &Statement) -> bool {
    leaves(s).0
}

/// Whether a statement can return or throw, and whether it holds a `break` or `continue`
/// (nested functions aside).
pub(super) fn leaves(s: &Statement) -> (bool, bool) {
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
