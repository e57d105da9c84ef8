//! The evaluator's calls and bindings: environment objects, identifiers, locals,
//! parameters bound by a call, local and imported constants, and calls of local functions.

use std::sync::Arc;

use oxc_ast::AstKind;
use oxc_ast::ast::{
    Argument, BindingPattern, CallExpression, Expression, FormalParameters, IdentifierReference,
};
use oxc_semantic::{NodeId, SymbolId};
use oxc_span::GetSpan;

use super::control::{Body, arrow_body};
use super::values::{global_call, method};
use super::{Eval, MAX_CALLS, span};
use crate::surfaces::code::ts::value::{Def, Src, Val, Value};

impl<'a> Eval<'_, 'a> {
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
    pub(super) fn holds_env(&self, sid: SymbolId) -> bool {
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
    pub(super) fn param_given_env(&self, param: NodeId) -> bool {
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
        let Some(func) = super::super::flow::function_symbol(self, nodes.parent_id(list)) else {
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

    pub(super) fn args(&mut self, c: &CallExpression<'a>) -> Option<Vec<Value>> {
        c.arguments
            .iter()
            .map(|a| match a {
                Argument::SpreadElement(_) => None,
                a => a.as_expression().map(|x| self.expr(x)),
            })
            .collect()
    }

    pub(super) fn call(&mut self, c: &CallExpression<'a>) -> Value {
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
    pub(super) fn call_local(&mut self, sid: SymbolId, args: &[Value]) -> Value {
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

    pub(super) fn identifier(&mut self, id: &IdentifierReference<'a>) -> Value {
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
    pub(super) fn symbol(&mut self, sid: SymbolId) -> Value {
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

    /// An exported constant of a module imported by relative path.
    pub(super) fn imported(&self, source: &str, name: &str) -> Value {
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
}
