//! The evaluator's values and built-ins: literals, templates, operators, member access,
//! and the pure globals and string methods configuration code calls.

use oxc_ast::ast::{
    ArrayExpression, AssignmentExpression, AssignmentTarget, BinaryExpression, BinaryOperator,
    ChainElement, ChainExpression, ConditionalExpression, Expression, LogicalExpression,
    LogicalOperator, ObjectExpression, ObjectPropertyKind, SequenceExpression, TemplateLiteral,
    UnaryExpression, UnaryOperator,
};

use super::{Eval, span};
use crate::source::Span;
use crate::surfaces::code::ts::value::{Def, Src, Val, Value, number_text, parse_float, parse_int};

impl<'a> Eval<'_, 'a> {
    pub(super) fn parenthesized(&mut self, e: &Expression<'a>) -> Value {
        let v = self.expr(e);
        self.shorted = false;
        v
    }

    pub(super) fn awaited(&mut self, e: &Expression<'a>) -> Value {
        match self.expr(e) {
            v if matches!(v.val, Val::Arr(_) | Val::Obj(_)) => Value::unknown(v.env),
            v => v,
        }
    }

    pub(super) fn sequence(&mut self, s: &SequenceExpression<'a>) -> Value {
        s.expressions
            .last()
            .map_or_else(|| Value::unknown(false), |x| self.expr(x))
    }

    pub(super) fn template(&mut self, t: &TemplateLiteral<'a>) -> Value {
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

    pub(super) fn chain(&mut self, c: &ChainExpression<'a>) -> Value {
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

    pub(super) fn logical_expr(&mut self, l: &LogicalExpression<'a>) -> Value {
        let left = self.expr(&l.left);
        self.logical(l.operator, left, &l.right)
    }

    /// `process.env.X ??= "d"` is worth `X ?? "d"`.
    pub(super) fn assignment(&mut self, a: &AssignmentExpression<'a>) -> Value {
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

    pub(super) fn conditional(&mut self, c: &ConditionalExpression<'a>) -> Value {
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

    pub(super) fn unary(&mut self, u: &UnaryExpression<'a>) -> Value {
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

    pub(super) fn binary(&mut self, b: &BinaryExpression<'a>) -> Value {
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

    /// `new Set(list)`: the list (a set of defaults is written as one).
    pub(super) fn new_expr(&mut self, n: &oxc_ast::ast::NewExpression<'a>) -> Value {
        let set = matches!(n.callee.get_inner_expression(),
            Expression::Identifier(id) if self.is_global(id, "Set"));
        match (set, n.arguments.first().and_then(|a| a.as_expression())) {
            (true, Some(list)) if n.arguments.len() == 1 => {
                let v = self.expr(list);
                match v.val {
                    Val::Arr(_) | Val::Unknown => v,
                    _ => Value::unknown(v.env),
                }
            }
            _ => Value::unknown(false),
        }
    }

    pub(super) fn array(&mut self, a: &ArrayExpression<'a>) -> Value {
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

    pub(super) fn object(&mut self, o: &ObjectExpression<'a>) -> Value {
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

    /// `left op right` for `??`, `||` and `&&`. An unknown left operand that does not
    /// depend on the variable is a source that takes precedence over it (a setting, another
    /// variable): the value the code computes for the variable is the one where that source
    /// is absent.
    pub(super) fn logical(
        &mut self,
        op: LogicalOperator,
        left: Value,
        right: &Expression<'a>,
    ) -> Value {
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

    pub(super) fn arithmetic(op: BinaryOperator, l: &Value, r: &Value, at: Span) -> Value {
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
    pub(super) fn member(
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
        if let Some(obj) = self.env_object(object) {
            return key_text.map_or_else(|| Value::unknown(false), |k| self.env_member(&obj, &k));
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
}

/// `Number(x)`, `parseInt(x, 10)`, `Math.round(x)` and the other pure globals.
pub(super) fn global_call(name: &str, args: &[Value], at: Span) -> Value {
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
pub(super) fn min_max(args: &[Value], max: bool, env: bool) -> Value {
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
pub(super) fn method(receiver: &Value, name: &str, args: &[Value], at: Span) -> Value {
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
