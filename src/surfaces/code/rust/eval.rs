//! The Rust evaluator: what an expression comes to when one environment variable is unset
//! or set, for the shapes Rust configuration code uses (`env::var` bound to a local,
//! `match` and `if let` on it, `Result`/`Option` combinators, `parse`, constants of the
//! file). Anything else is `Unknown`.

use syn::{Expr, Lit, Pat};

use crate::source::Span;
use crate::surfaces::code::{Def, Src};

/// What an `Err` or `None` would have held: what `unwrap_or_default` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    Num,
    Bool,
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RVal {
    Str(String),
    Num(f64),
    Bool(bool),
    Ok(Box<RVal>),
    Err(Kind),
    Some(Box<RVal>),
    None(Kind),
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RValue {
    pub val: RVal,
    pub src: Src,
    pub env: bool,
}

impl RValue {
    fn unknown(env: bool) -> Self {
        Self {
            val: RVal::Unknown,
            src: Src::Env,
            env,
        }
    }

    fn code(val: RVal, span: Span) -> Self {
        Self {
            val,
            src: Src::Code { span, def: None },
            env: false,
        }
    }

    fn with(&self, val: RVal) -> Self {
        Self {
            val,
            src: self.src.clone(),
            env: self.env,
        }
    }

    fn depending(mut self, env: bool) -> Self {
        self.env |= env;
        self
    }
}

/// The reads and constants an evaluation sees.
pub struct Scope<'f> {
    /// `let` bindings in scope, innermost last.
    pub locals: Vec<(String, &'f Expr)>,
    /// Constants and statics of the file.
    pub consts: &'f [(String, &'f Expr)],
    /// The variable under evaluation and its value (`None`: unset).
    pub hyp: (String, Option<String>),
    /// Byte offset of the parsed text in the file (a BOM).
    pub offset: usize,
    /// Values bound by closure parameters and `match` patterns, innermost last.
    bound: Vec<(String, RValue)>,
    depth: usize,
}

const MAX_DEPTH: usize = 100;

impl<'f> Scope<'f> {
    pub fn new(
        locals: Vec<(String, &'f Expr)>,
        consts: &'f [(String, &'f Expr)],
        hyp: (String, Option<String>),
        offset: usize,
    ) -> Self {
        Self {
            locals,
            consts,
            hyp,
            offset,
            bound: Vec::new(),
            depth: 0,
        }
    }

    fn span(&self, s: proc_macro2::Span) -> Span {
        let r = s.byte_range();
        r.start + self.offset..r.end + self.offset
    }

    fn env_read(&self, name: &str, optional: bool) -> RValue {
        if name != self.hyp.0 {
            return RValue::unknown(false);
        }
        let val = match (&self.hyp.1, optional) {
            (Some(v), false) => RVal::Ok(Box::new(RVal::Str(v.clone()))),
            (Some(v), true) => RVal::Some(Box::new(RVal::Str(v.clone()))),
            (None, false) => RVal::Err(Kind::Str),
            (None, true) => RVal::None(Kind::Str),
        };
        RValue {
            val,
            src: Src::Env,
            env: true,
        }
    }

    pub fn expr(&mut self, e: &'f Expr) -> RValue {
        if self.depth >= MAX_DEPTH {
            return RValue::unknown(true);
        }
        self.depth += 1;
        let v = self.expr_inner(e);
        self.depth -= 1;
        v
    }

    fn expr_inner(&mut self, e: &'f Expr) -> RValue {
        use syn::spanned::Spanned;
        let at = self.span(e.span());
        match e {
            Expr::Lit(l) => self.literal(&l.lit),
            Expr::Paren(p) => self.expr(&p.expr),
            Expr::Group(g) => self.expr(&g.expr),
            Expr::Reference(r) => self.expr(&r.expr),
            Expr::Block(b) => self.block(&b.block),
            Expr::Call(call) => self.call(call),
            Expr::Macro(m) => {
                let name = m.mac.path.segments.last().map(|s| s.ident.to_string());
                match name.as_deref() {
                    Some("option_env") => match super::env_macro(&m.mac) {
                        Some(lit) => self.env_read(&lit.value(), true),
                        None => RValue::unknown(false),
                    },
                    Some("matches") => self.matches(&m.mac, at),
                    _ => RValue::unknown(false),
                }
            }
            Expr::Path(p) if p.path.segments.len() == 1 && p.qself.is_none() => {
                let name = p.path.segments[0].ident.to_string();
                self.name(&name, at)
            }
            Expr::Path(p) if p.path.is_ident("None") => RValue::code(RVal::None(Kind::Unknown), at),
            Expr::Unary(u) => {
                let v = self.expr(&u.expr);
                match (&u.op, &v.val) {
                    (syn::UnOp::Not(_), RVal::Bool(b)) => RValue {
                        val: RVal::Bool(!b),
                        src: Src::Predicate(at),
                        env: v.env,
                    },
                    (syn::UnOp::Neg(_), RVal::Num(n)) if !v.env => RValue::code(RVal::Num(-n), at),
                    (syn::UnOp::Deref(_), _) => v,
                    _ => RValue::unknown(v.env),
                }
            }
            Expr::Binary(b) => self.binary(b, at),
            Expr::MethodCall(m) => self.method(m, at),
            Expr::If(i) => self.if_expr(i),
            Expr::Match(m) => self.match_expr(m),
            _ => RValue::unknown(false),
        }
    }

    /// `env::var("X")`, `String::from("d")`, `Some(x)`, `Ok(x)`.
    fn call(&mut self, call: &'f syn::ExprCall) -> RValue {
        if let Some(lit) = super::env_call(call) {
            let optional = matches!(&*call.func, Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "var_os"));
            return self.env_read(&lit.value(), optional);
        }
        let Expr::Path(path) = &*call.func else {
            return RValue::unknown(false);
        };
        let last = path.path.segments.last().map(|s| s.ident.to_string());
        match (last.as_deref(), call.args.first()) {
            (Some("from"), Some(arg)) if call.args.len() == 1 => self.expr(arg),
            (Some(ctor @ ("Some" | "Ok")), Some(arg)) => {
                let v = self.expr(arg);
                let inner = Box::new(v.val.clone());
                v.with(if ctor == "Some" {
                    RVal::Some(inner)
                } else {
                    RVal::Ok(inner)
                })
            }
            _ => RValue::unknown(false),
        }
    }

    /// `match scrutinee { arms }`: the first arm whose pattern (and guard) matches.
    fn match_expr(&mut self, m: &'f syn::ExprMatch) -> RValue {
        let scrutinee = self.expr(&m.expr);
        if matches!(scrutinee.val, RVal::Unknown) {
            return RValue::unknown(scrutinee.env);
        }
        for arm in &m.arms {
            let mark = self.bound.len();
            let matched = match self.pattern(&arm.pat, &scrutinee) {
                Some(true) => match &arm.guard {
                    None => Some(true),
                    Some((_, guard)) => match self.expr(guard).val {
                        RVal::Bool(b) => Some(b),
                        _ => None,
                    },
                },
                other => other,
            };
            let out = match matched {
                Some(true) => Some(self.expr(&arm.body).depending(scrutinee.env)),
                Some(false) => None,
                None => Some(RValue::unknown(true)),
            };
            self.bound.truncate(mark);
            if let Some(v) = out {
                return v;
            }
        }
        RValue::unknown(scrutinee.env)
    }

    fn literal(&self, lit: &Lit) -> RValue {
        match lit {
            Lit::Str(s) => RValue::code(RVal::Str(s.value()), self.inner(s)),
            Lit::Int(i) => match i.base10_parse::<f64>() {
                Ok(n) => RValue::code(RVal::Num(n), self.span(i.span())),
                Err(_) => RValue::unknown(false),
            },
            Lit::Float(f) => match f.base10_parse::<f64>() {
                Ok(n) => RValue::code(RVal::Num(n), self.span(f.span())),
                Err(_) => RValue::unknown(false),
            },
            Lit::Bool(b) => RValue::code(RVal::Bool(b.value), self.span(b.span)),
            _ => RValue::unknown(false),
        }
    }

    /// A string literal's text span (inside its quotes).
    fn inner(&self, lit: &syn::LitStr) -> Span {
        let s = self.span(lit.span());
        if lit.token().to_string().starts_with('"') && s.end > s.start + 2 {
            s.start + 1..s.end - 1
        } else {
            s
        }
    }

    /// A name: a bound value, a `let` in scope, or a constant of the file.
    fn name(&mut self, name: &str, at: Span) -> RValue {
        if let Some((_, v)) = self.bound.iter().rev().find(|(n, _)| n == name) {
            return v.clone();
        }
        if let Some(i) = self.locals.iter().rposition(|(n, _)| n == name) {
            // A `let` sees only what was bound before it.
            let later = self.locals.split_off(i);
            let v = self.expr(later[0].1);
            self.locals.extend(later);
            return v;
        }
        if let Some((_, expr)) = self.consts.iter().find(|(n, _)| n == name) {
            let v = self.expr(expr);
            if let (
                RValue {
                    src: Src::Code { span, def: None },
                    env: false,
                    ..
                },
                false,
            ) = (&v, matches!(v.val, RVal::Unknown))
            {
                return RValue {
                    val: v.val.clone(),
                    src: Src::Code {
                        span: at,
                        def: Some(Def {
                            file: None,
                            span: span.clone(),
                        }),
                    },
                    env: false,
                };
            }
            return v;
        }
        RValue::unknown(false)
    }

    fn block(&mut self, b: &'f syn::Block) -> RValue {
        let mark = self.locals.len();
        let mut out = RValue::code(RVal::Unknown, 0..0);
        for (i, stmt) in b.stmts.iter().enumerate() {
            match stmt {
                syn::Stmt::Local(l) => {
                    if let (Some(name), Some(init)) = (pat_ident(&l.pat), &l.init) {
                        self.locals.push((name, &init.expr));
                    }
                }
                syn::Stmt::Expr(e, None) if i + 1 == b.stmts.len() => out = self.expr(e),
                _ => {}
            }
        }
        self.locals.truncate(mark);
        out
    }

    fn if_expr(&mut self, i: &'f syn::ExprIf) -> RValue {
        let otherwise = |s: &mut Self, env: bool| match &i.else_branch {
            Some((_, e)) => s.expr(e).depending(env),
            None => RValue::unknown(env),
        };
        if let Expr::Let(l) = &*i.cond {
            let v = self.expr(&l.expr);
            let mark = self.bound.len();
            let out = match self.pattern(&l.pat, &v) {
                Some(true) => self.block(&i.then_branch).depending(v.env),
                Some(false) => {
                    self.bound.truncate(mark);
                    otherwise(self, v.env)
                }
                None => RValue::unknown(v.env),
            };
            self.bound.truncate(mark);
            return out;
        }
        let c = self.expr(&i.cond);
        match c.val {
            RVal::Bool(true) => self.block(&i.then_branch).depending(c.env),
            RVal::Bool(false) => otherwise(self, c.env),
            _ => RValue::unknown(c.env),
        }
    }

    /// Whether `v` matches `pat` (binding what it names); `None` when it cannot be told.
    fn pattern(&mut self, pat: &Pat, v: &RValue) -> Option<bool> {
        match pat {
            Pat::Wild(_) => Some(true),
            Pat::Ident(id) if id.subpat.is_none() => {
                let name = id.ident.to_string();
                if name == "None" {
                    return match v.val {
                        RVal::None(_) => Some(true),
                        RVal::Some(_) => Some(false),
                        _ => None,
                    };
                }
                self.bound.push((name, v.clone()));
                Some(true)
            }
            Pat::Or(o) => {
                let mut any_unknown = false;
                for case in &o.cases {
                    match self.pattern(case, v) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => any_unknown = true,
                    }
                }
                if any_unknown { None } else { Some(false) }
            }
            Pat::Lit(l) => {
                let want = self.literal(&l.lit);
                same(&v.val, &want.val)
            }
            Pat::Paren(p) => self.pattern(&p.pat, v),
            Pat::Reference(r) => self.pattern(&r.pat, v),
            Pat::Path(p) if p.path.is_ident("None") => match v.val {
                RVal::None(_) => Some(true),
                RVal::Some(_) => Some(false),
                _ => None,
            },
            Pat::TupleStruct(t) if t.elems.len() == 1 => {
                let ctor = t.path.segments.last()?.ident.to_string();
                let inner = match (ctor.as_str(), &v.val) {
                    ("Ok", RVal::Ok(x)) | ("Some", RVal::Some(x)) => (**x).clone(),
                    ("Ok", RVal::Err(_)) | ("Err", RVal::Ok(_)) | ("Some", RVal::None(_)) => {
                        return Some(false);
                    }
                    ("Err", RVal::Err(_)) => RVal::Unknown,
                    _ => return None,
                };
                let inner = v.with(inner);
                match &t.elems[0] {
                    Pat::Wild(_) => Some(true),
                    p => self.pattern(p, &inner),
                }
            }
            _ => None,
        }
    }

    /// `matches!(expr, pattern)`.
    fn matches(&mut self, mac: &syn::Macro, at: Span) -> RValue {
        struct Args(Expr, Pat);
        impl syn::parse::Parse for Args {
            fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
                let e: Expr = input.parse()?;
                let _: syn::Token![,] = input.parse()?;
                let p = Pat::parse_multi_with_leading_vert(input)?;
                Ok(Self(e, p))
            }
        }
        let Ok(args) = mac.parse_body::<Args>() else {
            return RValue::unknown(false);
        };
        // The parsed arguments live only as long as this call: they are evaluated in a
        // scope of that lifetime that sees what this one sees.
        let mut here = Scope {
            locals: self.locals.clone(),
            consts: self.consts,
            hyp: self.hyp.clone(),
            offset: self.offset,
            bound: self.bound.clone(),
            depth: self.depth,
        };
        let v = here.expr(&args.0);
        let out = here.pattern(&args.1, &v);
        match out {
            Some(b) => RValue {
                val: RVal::Bool(b),
                src: Src::Predicate(at),
                env: v.env,
            },
            None => RValue::unknown(v.env),
        }
    }

    fn binary(&mut self, bin: &'f syn::ExprBinary, at: Span) -> RValue {
        use syn::BinOp;
        let (left, right) = (self.expr(&bin.left), self.expr(&bin.right));
        let env = left.env || right.env;
        let out = match bin.op {
            BinOp::Eq(_) => same(&left.val, &right.val),
            BinOp::Ne(_) => same(&left.val, &right.val).map(|x| !x),
            BinOp::And(_) => match (&left.val, &right.val) {
                (RVal::Bool(false), _) => Some(false),
                (RVal::Bool(true), RVal::Bool(x)) => Some(*x),
                _ => None,
            },
            BinOp::Or(_) => match (&left.val, &right.val) {
                (RVal::Bool(true), _) => Some(true),
                (RVal::Bool(false), RVal::Bool(x)) => Some(*x),
                _ => None,
            },
            BinOp::Lt(_) | BinOp::Gt(_) | BinOp::Le(_) | BinOp::Ge(_) => {
                match (&left.val, &right.val) {
                    (RVal::Num(x), RVal::Num(y)) => Some(match bin.op {
                        BinOp::Lt(_) => x < y,
                        BinOp::Gt(_) => x > y,
                        BinOp::Le(_) => x <= y,
                        _ => x >= y,
                    }),
                    _ => None,
                }
            }
            _ => return RValue::unknown(env),
        };
        match out {
            Some(x) => RValue {
                val: RVal::Bool(x),
                src: Src::Predicate(at),
                env,
            },
            None => RValue::unknown(env),
        }
    }

    /// Calls `closure` with its parameter bound to `arg`.
    fn apply(&mut self, closure: &'f Expr, arg: &RValue) -> RValue {
        let Expr::Closure(c) = closure else {
            return RValue::unknown(arg.env);
        };
        let mark = self.bound.len();
        if let Some(p) = c.inputs.first() {
            match p {
                Pat::Ident(id) => self.bound.push((id.ident.to_string(), arg.clone())),
                Pat::Type(t) => {
                    if let Pat::Ident(id) = &*t.pat {
                        self.bound.push((id.ident.to_string(), arg.clone()));
                    }
                }
                _ => {}
            }
        }
        let v = self.expr(&c.body).depending(arg.env);
        self.bound.truncate(mark);
        v
    }

    fn method(&mut self, m: &'f syn::ExprMethodCall, at: Span) -> RValue {
        let recv = self.expr(&m.receiver);
        let name = m.method.to_string();
        match name.as_str() {
            "ok" | "unwrap_or" | "unwrap_or_else" | "unwrap_or_default" | "map" | "and_then"
            | "filter" | "map_or" | "is_ok" | "is_some" | "is_err" | "is_none" => {
                self.combinator(m, recv, &name, at)
            }
            "parse" => parse(m, &recv),
            _ => self.text_method(m, recv, &name, at),
        }
    }

    /// `Result` and `Option` combinators on `recv`.
    fn combinator(
        &mut self,
        m: &'f syn::ExprMethodCall,
        recv: RValue,
        name: &str,
        at: Span,
    ) -> RValue {
        let arg = |i: usize| m.args.iter().nth(i);
        let inner = |v: &RVal| match v {
            RVal::Ok(x) | RVal::Some(x) => Some((**x).clone()),
            _ => None,
        };
        let empty = matches!(recv.val, RVal::Err(_) | RVal::None(_));
        match name {
            "ok" => match &recv.val {
                RVal::Ok(x) => recv.with(RVal::Some(x.clone())),
                RVal::Err(k) => recv.with(RVal::None(*k)),
                _ => RValue::unknown(recv.env),
            },
            "unwrap_or" => match (inner(&recv.val), arg(0)) {
                (Some(x), _) => recv.with(x),
                (None, Some(d)) if empty => self.expr(d).depending(recv.env),
                _ => RValue::unknown(recv.env),
            },
            "unwrap_or_else" => match (inner(&recv.val), arg(0)) {
                (Some(x), _) => recv.with(x),
                (None, Some(f)) if empty => self.apply(f, &recv.with(RVal::Unknown)),
                _ => RValue::unknown(recv.env),
            },
            "unwrap_or_default" => match (&recv.val, inner(&recv.val)) {
                (_, Some(x)) => recv.with(x),
                (RVal::Err(k) | RVal::None(k), None) => {
                    let val = match k {
                        Kind::Str => RVal::Str(String::new()),
                        Kind::Num => RVal::Num(0.0),
                        Kind::Bool => RVal::Bool(false),
                        Kind::Unknown => return RValue::unknown(recv.env),
                    };
                    RValue {
                        val,
                        src: Src::Code {
                            span: self.span(m.method.span()),
                            def: None,
                        },
                        env: recv.env,
                    }
                }
                _ => RValue::unknown(recv.env),
            },
            "map" | "and_then" => match (&recv.val, arg(0)) {
                (RVal::Ok(x) | RVal::Some(x), Some(f)) => {
                    let out = self.apply(f, &recv.with((**x).clone()));
                    if name == "and_then" {
                        return out;
                    }
                    let wrapped = if matches!(recv.val, RVal::Ok(_)) {
                        RVal::Ok(Box::new(out.val.clone()))
                    } else {
                        RVal::Some(Box::new(out.val.clone()))
                    };
                    if matches!(out.val, RVal::Unknown) {
                        return RValue::unknown(out.env);
                    }
                    out.with(wrapped)
                }
                (RVal::Err(_) | RVal::None(_), _) => recv.with(match recv.val {
                    RVal::Err(_) => RVal::Err(Kind::Unknown),
                    _ => RVal::None(Kind::Unknown),
                }),
                _ => RValue::unknown(recv.env),
            },
            "filter" => match (&recv.val, arg(0)) {
                (RVal::Some(x), Some(f)) => match self.apply(f, &recv.with((**x).clone())).val {
                    RVal::Bool(true) => recv,
                    RVal::Bool(false) => recv.with(RVal::None(Kind::Str)),
                    _ => RValue::unknown(true),
                },
                (RVal::None(_), _) => recv,
                _ => RValue::unknown(recv.env),
            },
            "map_or" => match (&recv.val, arg(0), arg(1)) {
                (RVal::Ok(x) | RVal::Some(x), _, Some(f)) => {
                    self.apply(f, &recv.with((**x).clone()))
                }
                (RVal::Err(_) | RVal::None(_), Some(d), _) => self.expr(d).depending(recv.env),
                _ => RValue::unknown(recv.env),
            },
            "is_ok" | "is_some" | "is_err" | "is_none" => {
                let present = match recv.val {
                    RVal::Ok(_) | RVal::Some(_) => true,
                    RVal::Err(_) | RVal::None(_) => false,
                    _ => return RValue::unknown(recv.env),
                };
                RValue {
                    val: RVal::Bool(if matches!(name, "is_ok" | "is_some") {
                        present
                    } else {
                        !present
                    }),
                    src: Src::Predicate(at),
                    env: recv.env,
                }
            }
            _ => RValue::unknown(recv.env),
        }
    }

    /// String methods on `recv`.
    fn text_method(
        &mut self,
        m: &'f syn::ExprMethodCall,
        recv: RValue,
        name: &str,
        at: Span,
    ) -> RValue {
        let arg = |i: usize| m.args.iter().nth(i);
        match name {
            "as_deref" | "as_ref" | "as_str" | "as_deref_mut" | "clone" | "to_string"
            | "to_owned" | "into" | "borrow" => recv,
            "trim" | "to_lowercase" | "to_uppercase" | "to_ascii_lowercase"
            | "to_ascii_uppercase" => match &recv.val {
                RVal::Str(s) => recv.with(RVal::Str(match name {
                    "trim" => s.trim().to_owned(),
                    "to_lowercase" | "to_ascii_lowercase" => s.to_lowercase(),
                    _ => s.to_uppercase(),
                })),
                _ => RValue::unknown(recv.env),
            },
            "eq_ignore_ascii_case" => match (&recv.val, arg(0).map(|a| self.expr(a).val)) {
                (RVal::Str(s), Some(RVal::Str(t))) => RValue {
                    val: RVal::Bool(s.eq_ignore_ascii_case(&t)),
                    src: Src::Predicate(at),
                    env: recv.env,
                },
                _ => RValue::unknown(recv.env),
            },
            "is_empty" => match &recv.val {
                RVal::Str(s) => RValue {
                    val: RVal::Bool(s.is_empty()),
                    src: Src::Predicate(at),
                    env: recv.env,
                },
                _ => RValue::unknown(recv.env),
            },
            _ => RValue::unknown(recv.env),
        }
    }
}

/// `text.parse::<T>()` for the types configuration code parses into.
fn parse(m: &syn::ExprMethodCall, recv: &RValue) -> RValue {
    let RVal::Str(s) = &recv.val else {
        return RValue::unknown(recv.env);
    };
    let ty = m
        .turbofish
        .as_ref()
        .and_then(|t| t.args.first())
        .and_then(|a| match a {
            syn::GenericArgument::Type(syn::Type::Path(p)) => {
                p.path.segments.last().map(|s| s.ident.to_string())
            }
            _ => None,
        });
    let parsed = match ty.as_deref() {
        Some("bool") => match s.as_str() {
            "true" => Ok(RVal::Bool(true)),
            "false" => Ok(RVal::Bool(false)),
            _ => Err(Kind::Bool),
        },
        Some(t) if t.starts_with('u') || t.starts_with('i') || t.starts_with("NonZero") => {
            let signed = t.starts_with('i');
            let digits = s
                .strip_prefix('+')
                .or_else(|| if signed { s.strip_prefix('-') } else { None })
                .unwrap_or(s);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                // Digits only: the number parses (large ones round, as a
                // comparison of them would).
                s.parse::<f64>().map(RVal::Num).map_err(|_| Kind::Num)
            } else {
                Err(Kind::Num)
            }
        }
        Some("f32" | "f64") => s.parse::<f64>().map(RVal::Num).map_err(|_| Kind::Num),
        _ => return RValue::unknown(recv.env),
    };
    recv.with(match parsed {
        Ok(v) => RVal::Ok(Box::new(v)),
        Err(k) => RVal::Err(k),
    })
}

/// `==` on known values.
#[allow(clippy::float_cmp, reason = "two parses of one literal compare equal")]
fn same(a: &RVal, b: &RVal) -> Option<bool> {
    match (a, b) {
        (RVal::Str(x), RVal::Str(y)) => Some(x == y),
        (RVal::Num(x), RVal::Num(y)) => Some(x == y),
        (RVal::Bool(x), RVal::Bool(y)) => Some(x == y),
        _ => None,
    }
}

/// The name a `let` pattern binds, when it binds one name.
pub fn pat_ident(p: &Pat) -> Option<String> {
    match p {
        Pat::Ident(id) if id.subpat.is_none() => Some(id.ident.to_string()),
        Pat::Type(t) => pat_ident(&t.pat),
        _ => None,
    }
}
