//! Rust reads of environment variables, found with syn: `std::env::var`, `var_os`,
//! `env!`, `option_env!`, their fallbacks, numeric parses, and clap `#[arg(env = ...)]`.

use proc_macro2::Span as PmSpan;
use syn::visit::{self, Visit};
use syn::{Expr, ExprCall, ExprLit, ExprMethodCall, Lit, LitStr};

use super::{Computed, FileReads, Unset};
use crate::facts::Role;
use crate::source::Span;

mod eval;

use eval::{RVal, Scope, pat_ident};

/// The reads in a Rust file.
pub fn reads(text: &str) -> FileReads {
    let body = text.strip_prefix(crate::source::BOM).unwrap_or(text);
    let offset = text.len() - body.len();
    let mut out = FileReads::default();
    match syn::parse_file(body) {
        Ok(file) => {
            let mut v = Finder {
                offset,
                reads: super::Reads::default(),
            };
            v.visit_file(&file);
            let mut reads = v.reads;
            computed(&file, offset, &mut reads);
            out.reads = reads.into_vec();
        }
        Err(e) => {
            let at = e.span().byte_range().start + offset;
            out.error = Some((at..at, e.to_string()));
        }
    }
    // Spans live in a thread-local map that only grows; this file's are done with.
    proc_macro2::extra::invalidate_current_thread_spans();
    out
}

struct Finder {
    offset: usize,
    reads: super::Reads,
}

impl Finder {
    fn span(&self, s: PmSpan) -> Span {
        let r = s.byte_range();
        r.start + self.offset..r.end + self.offset
    }

    /// The span of a string literal's text, inside its quotes (plain strings only).
    fn inner(&self, lit: &LitStr) -> Span {
        let s = self.span(lit.span());
        if lit.token().to_string().starts_with('"') && s.end > s.start + 1 {
            s.start + 1..s.end - 1
        } else {
            s
        }
    }

    fn add(&mut self, lit: &LitStr) -> usize {
        let span = self.inner(lit);
        self.reads.add(lit.value(), span)
    }

    /// The read at the root of a method chain: `env::var("X")` in
    /// `env::var("X").ok().and_then(...).unwrap_or(1)`.
    fn chain_root(&self, e: &Expr) -> Option<usize> {
        match e {
            Expr::MethodCall(m) => self.chain_root(&m.receiver),
            Expr::Try(t) => self.chain_root(&t.expr),
            Expr::Paren(p) => self.chain_root(&p.expr),
            Expr::Call(c) => env_call(c).map(|lit| self.inner(lit).start),
            Expr::Macro(m) => env_macro(&m.mac).map(|lit| self.inner(&lit).start),
            _ => None,
        }
    }

    /// A literal's text and span (strings inside their quotes).
    fn literal(&self, e: &Expr) -> Option<(String, Span)> {
        match e {
            Expr::Lit(ExprLit { lit, .. }) => match lit {
                Lit::Str(s) => Some((s.value(), self.inner(s))),
                Lit::Int(i) => Some((i.base10_digits().to_owned(), self.span(i.span()))),
                Lit::Float(f) => Some((f.base10_digits().to_owned(), self.span(f.span()))),
                Lit::Bool(b) => Some((b.value.to_string(), self.span(b.span))),
                _ => None,
            },
            // `"d".into()`, `"d".to_string()`, `"d".to_owned()`, `String::from("d")`.
            Expr::MethodCall(m)
                if matches!(
                    m.method.to_string().as_str(),
                    "into" | "to_string" | "to_owned"
                ) && m.args.is_empty() =>
            {
                self.literal(&m.receiver)
            }
            Expr::Call(c)
                if c.args.len() == 1
                    && matches!(&*c.func, Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "from")) =>
            {
                self.literal(&c.args[0])
            }
            Expr::Reference(r) => self.literal(&r.expr),
            Expr::Paren(p) => self.literal(&p.expr),
            Expr::Block(b) => match b.block.stmts.as_slice() {
                [syn::Stmt::Expr(e, None)] => self.literal(e),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Where the values of reads go, with the `let`s in scope there: the initializer of each
/// `let`, a function body's last expression, `return` values and struct field values.
struct Sinks<'f> {
    locals: Vec<(String, &'f Expr)>,
    found: Vec<(&'f Expr, Vec<(String, &'f Expr)>)>,
    /// Set while visiting a function's body block (its tail is a sink).
    fn_body: bool,
}

impl<'f> Visit<'f> for Sinks<'f> {
    fn visit_block(&mut self, b: &'f syn::Block) {
        let body = std::mem::take(&mut self.fn_body);
        let mark = self.locals.len();
        for (i, stmt) in b.stmts.iter().enumerate() {
            match stmt {
                syn::Stmt::Local(l) => {
                    if let Some(init) = &l.init {
                        self.visit_expr(&init.expr);
                        self.found.push((&init.expr, self.locals.clone()));
                        if let Some(name) = pat_ident(&l.pat) {
                            self.locals.push((name, &init.expr));
                        }
                    }
                }
                syn::Stmt::Expr(e, None) if body && i + 1 == b.stmts.len() => {
                    self.visit_expr(e);
                    self.found.push((e, self.locals.clone()));
                }
                other => self.visit_stmt(other),
            }
        }
        self.locals.truncate(mark);
    }

    fn visit_item_fn(&mut self, f: &'f syn::ItemFn) {
        let outer = std::mem::take(&mut self.locals);
        self.fn_body = true;
        self.visit_block(&f.block);
        self.locals = outer;
    }

    fn visit_impl_item_fn(&mut self, f: &'f syn::ImplItemFn) {
        let outer = std::mem::take(&mut self.locals);
        self.fn_body = true;
        self.visit_block(&f.block);
        self.locals = outer;
    }

    fn visit_expr_return(&mut self, r: &'f syn::ExprReturn) {
        if let Some(e) = &r.expr {
            self.found.push((e, self.locals.clone()));
        }
        visit::visit_expr_return(self, r);
    }

    fn visit_expr_struct(&mut self, st: &'f syn::ExprStruct) {
        for f in &st.fields {
            self.found.push((&f.expr, self.locals.clone()));
        }
        visit::visit_expr_struct(self, st);
    }
}

/// The reads (name and key) an expression depends on: its own and those of the `let`s it
/// names, transitively.
fn reads_in(
    e: &Expr,
    locals: &[(String, &Expr)],
    offset: usize,
    out: &mut Vec<(String, usize)>,
    depth: usize,
) {
    struct R<'l, 'o> {
        locals: &'l [(String, &'l Expr)],
        offset: usize,
        out: &'o mut Vec<(String, usize)>,
        depth: usize,
    }
    impl<'ast> Visit<'ast> for R<'_, '_> {
        fn visit_expr_call(&mut self, c: &'ast ExprCall) {
            if let Some(lit) = env_call(c) {
                let at = lit_start(lit, self.offset);
                self.out.push((lit.value(), at));
            }
            visit::visit_expr_call(self, c);
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            if let Some(lit) = env_macro(m) {
                let at = lit_start(&lit, self.offset);
                self.out.push((lit.value(), at));
            }
            for e in macro_exprs(m) {
                self.visit_expr(&e);
            }
        }
        fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
            if p.path.segments.len() == 1
                && self.depth < 8
                && let Some(i) = self
                    .locals
                    .iter()
                    .rposition(|(n, _)| p.path.segments[0].ident == n)
            {
                reads_in(
                    self.locals[i].1,
                    &self.locals[..i],
                    self.offset,
                    self.out,
                    self.depth + 1,
                );
            }
        }
    }
    R {
        locals,
        offset,
        out,
        depth,
    }
    .visit_expr(e);
}

/// Where a name literal's text starts (the key of its read).
fn lit_start(lit: &LitStr, offset: usize) -> usize {
    let s = lit.span().byte_range();
    if lit.token().to_string().starts_with('"') && s.end > s.start + 1 {
        s.start + 1 + offset
    } else {
        s.start + offset
    }
}

/// Evaluates every sink with each variable it reads unset (and set to each probe), and
/// records what the code computes on the first read of that variable there.
fn computed(file: &syn::File, offset: usize, reads: &mut super::Reads) {
    let consts: Vec<(String, &Expr)> = file
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Const(c) => Some((c.ident.to_string(), &*c.expr)),
            syn::Item::Static(s) => Some((s.ident.to_string(), &*s.expr)),
            _ => None,
        })
        .collect();
    let mut sinks = Sinks {
        locals: Vec::new(),
        found: Vec::new(),
        fn_body: false,
    };
    sinks.visit_file(file);
    for (e, locals) in &sinks.found {
        let mut names = Vec::new();
        reads_in(e, locals, offset, &mut names, 0);
        let mut done: Vec<&str> = Vec::new();
        for (name, key) in &names {
            if done.contains(&name.as_str()) {
                continue;
            }
            done.push(name);
            let eval = |value: Option<&str>| {
                Scope::new(
                    locals.clone(),
                    &consts,
                    (name.clone(), value.map(str::to_owned)),
                    offset,
                )
                .expr(e)
            };
            let unset = eval(None);
            let value = match &unset.val {
                RVal::Bool(b) => Computed::Bool(*b),
                RVal::Str(s) => Computed::Text(Some(s.clone())),
                RVal::Num(n) if n.is_finite() => Computed::Text(Some(super::ts::number_text(*n))),
                _ => Computed::Nothing,
            };
            let unset = Unset {
                src: unset.src,
                env: unset.env,
                value,
                carried: true,
            };
            let mut probe = |p: &str| match eval(Some(p)).val {
                RVal::Bool(b) => Some(b),
                _ => None,
            };
            let Some((stated, def)) = super::conclude(unset, &mut probe, || None) else {
                continue;
            };
            if stated.role == Role::Reading {
                // The reading says what a `true`/`false` fallback says, and more.
                reads.drop_bool_defaults(*key);
            }
            reads.state_full(*key, stated, def);
        }
    }
}

/// `std::env::var("X")`, `env::var_os("X")`, `var("X")`: the name literal.
fn env_call(c: &ExprCall) -> Option<&LitStr> {
    let Expr::Path(p) = &*c.func else { return None };
    let segs: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let last = segs.last()?;
    let is_read = matches!(last.as_str(), "var" | "var_os")
        && (segs.len() == 1 || segs[segs.len() - 2] == "env");
    if !is_read {
        return None;
    }
    match c.args.first()? {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Some(s),
        _ => None,
    }
}

/// The expressions a macro call holds, when its body is comma-separated expressions (the
/// first of `matches!(expr, pattern)`; `format!`'s arguments): what its tokens read.
fn macro_exprs(m: &syn::Macro) -> Vec<Expr> {
    use syn::parse::Parser as _;
    let name = m.path.segments.last().map(|s| s.ident.to_string());
    if matches!(name.as_deref(), Some("env" | "option_env")) {
        return Vec::new();
    }
    if name.as_deref() == Some("matches") {
        let first = |input: syn::parse::ParseStream| {
            let e: Expr = input.parse()?;
            let _: proc_macro2::TokenStream = input.parse()?;
            Ok(e)
        };
        return first
            .parse2(m.tokens.clone())
            .map_or_else(|_| Vec::new(), |e| vec![e]);
    }
    syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated
        .parse2(m.tokens.clone())
        .map_or_else(|_| Vec::new(), |p| p.into_iter().collect())
}

/// `env!("X")` / `option_env!("X")`: the name literal.
fn env_macro(m: &syn::Macro) -> Option<LitStr> {
    let name = m.path.segments.last()?.ident.to_string();
    if name != "env" && name != "option_env" {
        return None;
    }
    let args = m
        .parse_body_with(syn::punctuated::Punctuated::<LitStr, syn::Token![,]>::parse_terminated)
        .ok()?;
    args.into_iter().next()
}

fn is_numeric_type(ty: &syn::Type) -> bool {
    let syn::Type::Path(p) = ty else { return false };
    p.path.segments.last().is_some_and(|s| {
        matches!(
            s.ident.to_string().as_str(),
            "u8" | "u16"
                | "u32"
                | "u64"
                | "u128"
                | "usize"
                | "i8"
                | "i16"
                | "i32"
                | "i64"
                | "i128"
                | "isize"
                | "f32"
                | "f64"
                | "NonZeroU16"
                | "NonZeroU32"
                | "NonZeroU64"
                | "NonZeroUsize"
        )
    })
}

/// Whether `e` contains `.parse::<numeric>()`.
fn parses_numeric(e: &Expr) -> Option<PmSpan> {
    struct P(Option<PmSpan>);
    impl<'ast> Visit<'ast> for P {
        fn visit_expr_method_call(&mut self, m: &'ast ExprMethodCall) {
            if m.method == "parse"
                && let Some(t) = &m.turbofish
                && t.args
                    .iter()
                    .any(|a| matches!(a, syn::GenericArgument::Type(ty) if is_numeric_type(ty)))
            {
                self.0.get_or_insert(m.method.span());
            }
            visit::visit_expr_method_call(self, m);
        }
    }
    let mut p = P(None);
    p.visit_expr(e);
    p.0
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_expr_call(&mut self, c: &'ast ExprCall) {
        if let Some(lit) = env_call(c) {
            self.add(lit);
        }
        visit::visit_expr_call(self, c);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        if let Some(lit) = env_macro(m) {
            self.add(&lit);
        }
        // Reads inside `matches!`, `format!` and the like are reads too.
        for e in macro_exprs(m) {
            self.visit_expr(&e);
        }
    }

    fn visit_expr_method_call(&mut self, m: &'ast ExprMethodCall) {
        visit::visit_expr_method_call(self, m);
        let Some(at) = self.chain_root(&m.receiver) else {
            return;
        };
        match m.method.to_string().as_str() {
            "unwrap_or" => {
                if let Some((text, span)) = m.args.first().and_then(|a| self.literal(a)) {
                    self.reads
                        .state(at, Role::Default, Some(text), span, "fallback");
                }
            }
            "unwrap_or_else" => {
                if let Some(Expr::Closure(c)) = m.args.first()
                    && let Some((text, span)) = self.literal(&c.body)
                {
                    self.reads
                        .state(at, Role::Default, Some(text), span, "fallback");
                }
            }
            "unwrap_or_default" => {
                let span = self.span(m.method.span());
                self.reads
                    .state(at, Role::Default, Some(String::new()), span, "fallback");
            }
            _ => {}
        }
        let numeric = if m.method == "parse" {
            m.turbofish
                .as_ref()
                .filter(|t| {
                    t.args
                        .iter()
                        .any(|a| matches!(a, syn::GenericArgument::Type(ty) if is_numeric_type(ty)))
                })
                .map(|_| m.method.span())
        } else if matches!(m.method.to_string().as_str(), "and_then" | "map") {
            m.args.first().and_then(parses_numeric)
        } else {
            None
        };
        if let Some(span) = numeric {
            let span = self.span(span);
            self.reads.state(
                at,
                Role::Numeric,
                Some("`.parse::<number>()`".to_owned()),
                span,
                "numeric parse",
            );
        }
    }

    fn visit_field(&mut self, f: &'ast syn::Field) {
        for attr in &f.attrs {
            if !(attr.path().is_ident("arg") || attr.path().is_ident("clap")) {
                continue;
            }
            let mut env: Option<LitStr> = None;
            let mut default: Option<Expr> = None;
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("env") {
                    env = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("default_value")
                    || meta.path.is_ident("default_value_t")
                {
                    default = Some(meta.value()?.parse()?);
                } else if meta.input.peek(syn::Token![=]) {
                    let _: Expr = meta.value()?.parse()?;
                }
                Ok(())
            });
            if let Some(lit) = env {
                let at = self.add(&lit);
                if let Some((text, span)) = default.as_ref().and_then(|d| self.literal(d)) {
                    self.reads
                        .state(at, Role::Default, Some(text), span, "clap default");
                }
            }
        }
        visit::visit_field(self, f);
    }
}
