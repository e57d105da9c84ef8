//! The evaluator's calls and bindings: environment objects, identifiers, locals,
//! parameters bound by a call, local and imported constants, and calls of local functions.

use std::sync::Arc;

use oxc_ast::AstKind;
use oxc_ast::ast::{
    Argument, BindingPattern, CallExpression, Expression, FormalParameters, IdentifierReference,
    TSEnumDeclaration, TSEnumMemberName,
};
use oxc_semantic::{NodeId, SymbolId};
use oxc_span::GetSpan;

use super::control::{Body, arrow_body};
use super::values::{global_call, method};
use super::{Eval, MAX_CALLS, span};
use crate::surfaces::code::ts::declare::EnvObj;
use crate::surfaces::code::ts::modules::Export;
use crate::surfaces::code::ts::value::{Def, Src, Val, Value};

impl<'a> Eval<'_, 'a> {
    /// Whether `e` is an environment object: `process.env`, `import.meta.env`, an accessor
    /// name, a value a known constructor makes from the environment, or a local, parameter
    /// or import that holds one (see [`Self::env_object`]).
    pub fn is_env(&self, e: &Expression<'a>) -> bool {
        self.env_object(e).is_some()
    }

    /// Whether the parameter declared at `param` is given an environment object
    /// (`process.env`, `import.meta.env`) by every use of its function, all of them calls
    /// in this module: `function settings(source) { ... }` used as
    /// `settings(process.env)`.
    pub(crate) fn param_given_env(&self, param: NodeId) -> Option<Arc<EnvObj>> {
        let nodes = self.sem.nodes();
        let AstKind::FormalParameter(p) = nodes.kind(param) else {
            return None;
        };
        let list = nodes.parent_id(param);
        let AstKind::FormalParameters(params) = nodes.kind(list) else {
            return None;
        };
        let index = params.items.iter().position(|x| x.span == p.span)?;
        let func = super::super::flow::function_symbol(self, nodes.parent_id(list))?;
        let mut given: Option<Arc<EnvObj>> = None;
        for r in self.sem.scoping().get_resolved_references(func) {
            let (_, c) = self.call_at(r.node_id())?;
            let arg = c.arguments.get(index)?.as_expression()?;
            let obj = self.env_object(arg)?;
            given = Some(match given {
                Some(g) => EnvObj::either(&g, &obj),
                None => obj,
            });
        }
        given
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
                if let Some(v) = self.getter_call(c, m) {
                    return v;
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
            AstKind::TSEnumDeclaration(e) => self.enum_value(e),
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

    /// An exported constant of an imported module.
    pub(super) fn imported(&self, source: &str, name: &str) -> Value {
        let Some((file, Export::Value(v))) = self.modules.export(self.path, source, name) else {
            return Value::unknown(false);
        };
        match v {
            Value {
                val,
                src: Src::Code { span, def },
                env: false,
            } => Value {
                val,
                src: Src::Code {
                    def: Some(def.unwrap_or(Def {
                        file: Some(Arc::clone(&file)),
                        span: span.clone(),
                    })),
                    span,
                },
                env: false,
            },
            _ => Value::unknown(false),
        }
    }

    /// An enum's members as an object: string and number initializers, and numbers counted
    /// on from the last one.
    pub fn enum_value(&mut self, e: &'a TSEnumDeclaration<'a>) -> Value {
        let mut props = Vec::new();
        let mut next = Some(0.0);
        for m in &e.body.members {
            let key = match &m.id {
                TSEnumMemberName::Identifier(id) => id.name.to_string(),
                TSEnumMemberName::String(s) | TSEnumMemberName::ComputedString(s) => {
                    s.value.to_string()
                }
                TSEnumMemberName::ComputedTemplateString(_) => return Value::unknown(false),
            };
            let v = match &m.initializer {
                Some(init) => self.expr(init),
                None => match next {
                    Some(n) => Value::code(Val::Num(n), span(m.span)),
                    None => Value::unknown(false),
                },
            };
            next = match v.val {
                Val::Num(n) => Some(n + 1.0),
                _ => None,
            };
            props.push((key, v));
        }
        Value::code(Val::Obj(Arc::from(props)), span(e.id.span))
    }
}
