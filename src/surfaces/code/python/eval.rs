//! The evaluator: what a Python expression, or a function's body, yields when one
//! environment variable holds a given value (or is unset). It follows names bound once
//! (module constants, a function's locals), constants imported from modules of the scan,
//! parameters bound by a call, conditional expressions, `or`/`and`, comparisons and `in`,
//! `int`/`float`/`str`/`bool`, and the string methods configuration code uses. Anything
//! else is `Unknown`, never a guess.

use foldhash::HashMap;
use ruff_python_ast::{BoolOp, CmpOp, Expr, ExprCall, Number, Stmt, StmtFunctionDef, UnaryOp};
use ruff_text_size::Ranged;

use super::value::{PyVal, Src, Value, parse_float, parse_int, string_method};
use super::{Binding, Module, PyModules};
use crate::source::Span;

/// The variable under evaluation and its value (`None`: unset).
#[derive(Debug, Clone)]
pub struct Hyp {
    pub name: String,
    pub value: Option<String>,
}

const MAX_DEPTH: usize = 120;
const MAX_CALLS: usize = 8;

pub fn span(r: ruff_text_size::TextRange) -> Span {
    r.start().to_usize()..r.end().to_usize()
}

/// How a function body ends.
enum Flow {
    Next,
    Return(Value),
    Unknown,
}

/// A function being interpreted: its names and their values so far.
struct Frame<'a> {
    vars: HashMap<&'a str, Value>,
}

pub struct Eval<'m, 'a> {
    pub module: &'m Module<'a>,
    pub hyp: Option<Hyp>,
    /// Whether another variable than the one under evaluation reads as unset.
    pub others_unset: bool,
    pub modules: &'m dyn PyModules,
    frames: Vec<Frame<'a>>,
    /// The function whose names are resolved statically (a root inside it).
    pub scope: Option<&'a StmtFunctionDef>,
    depth: usize,
    visiting: Vec<usize>,
    /// Bindings' values under the hypothesis `memo_hyp`.
    memo: HashMap<(usize, Option<usize>), Value>,
    memo_hyp: Option<(String, Option<String>, bool)>,
}

/// A read of the environment an expression makes: the variable (a literal name, or one a
/// parameter holds), what it stands for unset, and whether it must be set.
pub enum EnvCall<'a> {
    /// `os.getenv(NAME, default)`, `os.environ.get(NAME, default)`: `None` unset without a
    /// default.
    Get {
        name: &'a Expr,
        default: Option<&'a Expr>,
    },
    /// `os.environ[NAME]`: a `KeyError` unset.
    Index { name: &'a Expr },
}

impl<'m, 'a> Eval<'m, 'a> {
    pub fn new(module: &'m Module<'a>, modules: &'m dyn PyModules) -> Self {
        Self {
            module,
            hyp: None,
            others_unset: false,
            modules,
            frames: Vec::new(),
            scope: None,
            depth: 0,
            visiting: Vec::new(),
            memo: HashMap::default(),
            memo_hyp: None,
        }
    }

    /// What the memo of bindings' values depends on.
    fn hyp_key(&self) -> Option<(String, Option<String>, bool)> {
        self.hyp
            .as_ref()
            .map(|h| (h.name.clone(), h.value.clone(), self.others_unset))
    }

    /// A read of `name`: the hypothesis when it is the variable under evaluation.
    fn env_read(&self, name: &str, at: Span) -> Option<Value> {
        match &self.hyp {
            Some(h) if h.name == name => Some(Value {
                val: h.value.clone().map_or(PyVal::None, PyVal::Str),
                src: Src::Env,
                env: true,
            }),
            _ if self.others_unset => {
                let _ = at;
                Some(Value {
                    val: PyVal::None,
                    src: Src::Env,
                    env: false,
                })
            }
            _ => None,
        }
    }

    pub fn expr(&mut self, e: &'a Expr) -> Value {
        if self.depth >= MAX_DEPTH {
            return Value::unknown(true);
        }
        self.depth += 1;
        let v = self.expr_inner(e);
        self.depth -= 1;
        v
    }

    #[allow(
        clippy::many_single_char_names,
        reason = "each arm binds its node by the variant's initial"
    )]
    fn expr_inner(&mut self, e: &'a Expr) -> Value {
        let at = span(e.range());
        match e {
            Expr::StringLiteral(s) => Value::code(
                PyVal::Str(s.value.to_str().to_owned()),
                inner(s.range(), self.module.text),
            ),
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(i) => i
                    .as_i64()
                    .map_or_else(|| Value::unknown(false), |i| Value::code(PyVal::Int(i), at)),
                Number::Float(f) => Value::code(PyVal::Float(*f), at),
                Number::Complex { .. } => Value::unknown(false),
            },
            Expr::BooleanLiteral(b) => Value::code(PyVal::Bool(b.value), at),
            Expr::NoneLiteral(_) => Value::code(PyVal::None, at),
            Expr::Name(n) => self.name(n.id.as_str(), at),
            Expr::List(l) => self.list(&l.elts, at),
            Expr::Tuple(t) => self.list(&t.elts, at),
            Expr::Set(s) => self.list(&s.elts, at),
            Expr::BoolOp(b) => self.bool_op(b.op, &b.values),
            Expr::UnaryOp(u) => {
                let v = self.expr(&u.operand);
                match (u.op, &v.val) {
                    (UnaryOp::Not, x) => match x.truthy() {
                        Some(t) => Value {
                            val: PyVal::Bool(!t),
                            src: Src::Predicate(at),
                            env: v.env,
                        },
                        None => Value::unknown(v.env),
                    },
                    (UnaryOp::USub, PyVal::Int(i)) => v.with(PyVal::Int(-i)),
                    (UnaryOp::USub, PyVal::Float(f)) => v.with(PyVal::Float(-f)),
                    (UnaryOp::UAdd, PyVal::Int(_) | PyVal::Float(_)) => v,
                    _ => Value::unknown(v.env),
                }
            }
            Expr::If(i) => {
                let test = self.expr(&i.test);
                match test.val.truthy() {
                    Some(true) => self.expr(&i.body).depending(test.env),
                    Some(false) => self.expr(&i.orelse).depending(test.env),
                    None => Value::unknown(test.env),
                }
            }
            Expr::Compare(c) => self.compare(&c.left, &c.ops, &c.comparators, at),
            Expr::Call(c) => self.call(c, at),
            Expr::Subscript(_) => {
                if let Some(EnvCall::Index { name }) = self.env_call(e) {
                    self.env_index(name)
                } else {
                    Value::unknown(false)
                }
            }
            Expr::BinOp(b) => {
                let (l, r) = (self.expr(&b.left), self.expr(&b.right));
                let env = l.env || r.env;
                let val = match (b.op, &l.val, &r.val) {
                    (ruff_python_ast::Operator::Add, PyVal::Str(a), PyVal::Str(b)) => {
                        PyVal::Str(format!("{a}{b}"))
                    }
                    (ruff_python_ast::Operator::Add, PyVal::Int(a), PyVal::Int(b)) => {
                        a.checked_add(*b).map_or(PyVal::Unknown, PyVal::Int)
                    }
                    (ruff_python_ast::Operator::Mult, PyVal::Int(a), PyVal::Int(b)) => {
                        a.checked_mul(*b).map_or(PyVal::Unknown, PyVal::Int)
                    }
                    _ => PyVal::Unknown,
                };
                Value {
                    val,
                    src: Src::Code {
                        span: at,
                        def: None,
                    },
                    env,
                }
            }
            _ => Value::unknown(false),
        }
    }

    fn list(&mut self, elts: &'a [Expr], at: Span) -> Value {
        let mut items = Vec::with_capacity(elts.len());
        let mut env = false;
        for x in elts {
            let v = self.expr(x);
            env |= v.env;
            items.push(v);
        }
        Value::code(PyVal::List(items.into()), at).depending(env)
    }

    /// `a or b`, `a and b`: the operand Python returns. A source before the variable that
    /// envlint cannot know (a setting, another variable) is taken as absent, so the
    /// variable's own value is what follows it; with no read of the variable after it, the
    /// result is unknown (`os.cpu_count() or 4` is not `4`).
    fn bool_op(&mut self, op: BoolOp, values: &'a [Expr]) -> Value {
        let mut env = false;
        let mut skipped = false;
        // Whether the variable was read after the last source skipped.
        let mut read_after = false;
        let last = values.len().saturating_sub(1);
        for (i, x) in values.iter().enumerate() {
            let v = self.expr(x);
            env |= v.env;
            read_after |= v.env;
            let answer = |v: Value, env: bool| {
                if skipped && !read_after {
                    Value::unknown(false)
                } else {
                    v.depending(env)
                }
            };
            if i == last {
                return answer(v, env);
            }
            match (op, v.val.truthy()) {
                (BoolOp::Or, Some(true)) | (BoolOp::And, Some(false)) => return answer(v, env),
                (_, Some(_)) => {}
                (BoolOp::Or, None) if !v.env => {
                    skipped = true;
                    read_after = false;
                }
                (_, None) => return Value::unknown(env),
            }
        }
        Value::unknown(env)
    }

    fn compare(&mut self, left: &'a Expr, ops: &[CmpOp], rights: &'a [Expr], at: Span) -> Value {
        let mut l = self.expr(left);
        let mut env = l.env;
        let mut result = true;
        for (op, r) in ops.iter().zip(rights.iter()) {
            let rv = self.expr(r);
            env |= rv.env;
            let b = match op {
                CmpOp::Eq => l.val.equals(&rv.val),
                CmpOp::NotEq => l.val.equals(&rv.val).map(|b| !b),
                CmpOp::In => l.val.within(&rv.val),
                CmpOp::NotIn => l.val.within(&rv.val).map(|b| !b),
                CmpOp::Is => match (&l.val, &rv.val) {
                    (PyVal::Unknown, _) | (_, PyVal::Unknown) => None,
                    (PyVal::None, PyVal::None) => Some(true),
                    (PyVal::None, _) | (_, PyVal::None) => Some(false),
                    (PyVal::Bool(a), PyVal::Bool(b)) => Some(a == b),
                    _ => None,
                },
                CmpOp::IsNot => match (&l.val, &rv.val) {
                    (PyVal::Unknown, _) | (_, PyVal::Unknown) => None,
                    (PyVal::None, PyVal::None) => Some(false),
                    (PyVal::None, _) | (_, PyVal::None) => Some(true),
                    _ => None,
                },
                CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => {
                    match (l.val.number(), rv.val.number()) {
                        (Some(a), Some(b)) => Some(match op {
                            CmpOp::Lt => a < b,
                            CmpOp::LtE => a <= b,
                            CmpOp::Gt => a > b,
                            _ => a >= b,
                        }),
                        _ => None,
                    }
                }
            };
            match b {
                Some(b) => result &= b,
                None => return Value::unknown(env),
            }
            l = rv;
        }
        Value {
            val: PyVal::Bool(result),
            src: Src::Predicate(at),
            env,
        }
    }

    /// The value a name holds: a parameter bound by the call being interpreted, a local of
    /// the function being read, a module binding, an imported constant.
    fn name(&mut self, id: &'a str, at: Span) -> Value {
        if let Some(frame) = self.frames.last()
            && let Some(v) = frame.vars.get(id)
        {
            return v.clone();
        }
        if self.frames.is_empty()
            && let Some(f) = self.scope
            && let Some(b) = self.module.locals(f).get(id)
        {
            return self.binding(b.clone(), at);
        }
        match self.module.bindings.get(id) {
            Some(b) => self.binding(b.clone(), at),
            None => Value::unknown(false),
        }
    }

    fn binding(&mut self, b: Binding<'a>, at: Span) -> Value {
        match b {
            Binding::Expr(e) => {
                let key = std::ptr::from_ref(e) as usize;
                if self.visiting.contains(&key) {
                    return Value::unknown(false);
                }
                // A binding's value is computed once per hypothesis (and scope).
                let memo = (key, self.scope.map(|f| std::ptr::from_ref(f) as usize));
                let hyp = self.hyp_key();
                if self.memo_hyp != hyp {
                    self.memo.clear();
                    self.memo_hyp = hyp;
                }
                let cached = if self.frames.is_empty() {
                    self.memo.get(&memo).cloned()
                } else {
                    None
                };
                let v = if let Some(v) = cached {
                    v
                } else {
                    self.visiting.push(key);
                    let v = self.expr(e);
                    self.visiting.pop();
                    if self.frames.is_empty() {
                        self.memo.insert(memo, v.clone());
                    }
                    v
                };
                // A constant used here shows here; its definition is a second place.
                match v {
                    Value {
                        val,
                        src: Src::Code { span, def },
                        env: false,
                    } if val != PyVal::Unknown => Value {
                        val,
                        src: Src::Code {
                            span: at,
                            def: Some(def.unwrap_or(super::Def { file: None, span })),
                        },
                        env: false,
                    },
                    v => v,
                }
            }
            Binding::Import {
                module,
                level,
                name,
            } => match self
                .modules
                .constant(&self.module.path, &module, level, &name)
            {
                Some((file, v)) => match v.src {
                    Src::Code { span, def } => Value {
                        val: v.val,
                        src: Src::Code {
                            span: at,
                            def: Some(def.unwrap_or(super::Def {
                                file: Some(file),
                                span,
                            })),
                        },
                        env: false,
                    },
                    _ => Value::unknown(false),
                },
                None => Value::unknown(false),
            },
            Binding::Function(_) | Binding::Class(_) | Binding::Many | Binding::Module(_) => {
                Value::unknown(false)
            }
        }
    }

    /// Whether `e` names the `os` module (`import os`), or `environ`/`getenv` imported
    /// from it.
    fn is_os(&self, e: &Expr) -> bool {
        match e {
            Expr::Name(n) => match self.module.bindings.get(n.id.as_str()) {
                Some(Binding::Module(m)) => m == "os",
                None => n.id.as_str() == "os",
                _ => false,
            },
            _ => false,
        }
    }

    fn imported_from_os(&self, name: &str, wanted: &str) -> bool {
        matches!(self.module.bindings.get(name),
            Some(Binding::Import { module, level: 0, name: n }) if module == "os" && n == wanted)
    }

    /// Whether `e` is `os.environ` (or `environ` from `os`).
    fn is_environ(&self, e: &Expr) -> bool {
        match e {
            Expr::Attribute(a) => a.attr.as_str() == "environ" && self.is_os(&a.value),
            Expr::Name(n) => self.imported_from_os(n.id.as_str(), "environ"),
            _ => false,
        }
    }

    /// The environment read `e` is, if it is one.
    pub fn env_call(&self, e: &'a Expr) -> Option<EnvCall<'a>> {
        match e {
            Expr::Call(c) => self.env_call_of(c),
            Expr::Subscript(s) if self.is_environ(&s.value) => {
                Some(EnvCall::Index { name: &s.slice })
            }
            _ => None,
        }
    }

    /// The variable an environment read's name argument names.
    fn read_name(&mut self, name: &'a Expr) -> Option<String> {
        match self.expr(name).val {
            PyVal::Str(s) => Some(s),
            _ => None,
        }
    }

    fn env_get(&mut self, name: &'a Expr, default: Option<&'a Expr>) -> Value {
        let Some(var) = self.read_name(name) else {
            return Value::unknown(false);
        };
        let Some(v) = self.env_read(&var, span(name.range())) else {
            return Value::unknown(false);
        };
        if v.val != PyVal::None {
            return v;
        }
        match default {
            Some(d) => self.expr(d).depending(v.env),
            None => Value {
                val: PyVal::None,
                src: Src::Code {
                    span: span(name.range()),
                    def: None,
                },
                env: v.env,
            }
            .with_src_env(),
        }
    }

    fn env_index(&mut self, name: &'a Expr) -> Value {
        let Some(var) = self.read_name(name) else {
            return Value::unknown(false);
        };
        match self.env_read(&var, span(name.range())) {
            // `KeyError`: no code after it sees the variable unset.
            Some(v) if v.val == PyVal::None => Value::unknown(v.env),
            Some(v) => v,
            None => Value::unknown(false),
        }
    }

    fn call(&mut self, c: &'a ExprCall, at: Span) -> Value {
        if let Some(read) = self.env_call_of(c) {
            return match read {
                EnvCall::Get { name, default } => self.env_get(name, default),
                EnvCall::Index { name } => self.env_index(name),
            };
        }
        match &*c.func {
            Expr::Name(n) => {
                let f = n.id.as_str();
                match self.module.bindings.get(f) {
                    Some(Binding::Function(def)) => {
                        let def = *def;
                        self.call_local(def, c)
                    }
                    Some(_) => Value::unknown(false),
                    None => self.builtin(f, c, at),
                }
            }
            Expr::Attribute(a) => {
                let receiver = self.expr(&a.value);
                let PyVal::Str(s) = &receiver.val else {
                    return Value::unknown(receiver.env);
                };
                let mut args = Vec::new();
                let mut env = receiver.env;
                for x in &c.arguments.args {
                    let v = self.expr(x);
                    env |= v.env;
                    args.push(v.val);
                }
                if !c.arguments.keywords.is_empty() {
                    return Value::unknown(env);
                }
                match string_method(s, a.attr.as_str(), &args) {
                    Some(PyVal::Bool(b)) => Value {
                        val: PyVal::Bool(b),
                        src: Src::Predicate(at),
                        env,
                    },
                    Some(val) => receiver.with(val).depending(env),
                    None => Value::unknown(env),
                }
            }
            _ => Value::unknown(false),
        }
    }

    fn env_call_of(&self, c: &'a ExprCall) -> Option<EnvCall<'a>> {
        let getenv = match &*c.func {
            Expr::Attribute(a) => {
                (a.attr.as_str() == "getenv" && self.is_os(&a.value))
                    || (a.attr.as_str() == "get" && self.is_environ(&a.value))
            }
            Expr::Name(n) => self.imported_from_os(n.id.as_str(), "getenv"),
            _ => false,
        };
        if !getenv {
            return None;
        }
        let name = c.arguments.args.first()?;
        let default = c
            .arguments
            .args
            .get(1)
            .or_else(|| c.arguments.find_keyword("default").map(|k| &k.value));
        Some(EnvCall::Get { name, default })
    }

    /// `int`, `float`, `str`, `bool` on one argument.
    #[allow(
        clippy::many_single_char_names,
        reason = "the function, the call, the value, as the evaluator names them"
    )]
    fn builtin(&mut self, f: &str, c: &'a ExprCall, at: Span) -> Value {
        if c.arguments.args.len() != 1 || !c.arguments.keywords.is_empty() {
            return Value::unknown(false);
        }
        let v = self.expr(&c.arguments.args[0]);
        let val = match (f, &v.val) {
            (_, PyVal::Unknown) => return v,
            ("int", PyVal::Str(s)) => parse_int(s).map_or(PyVal::Unknown, PyVal::Int),
            ("int", PyVal::Int(i)) => PyVal::Int(*i),
            ("int", PyVal::Bool(b)) => PyVal::Int(i64::from(*b)),
            #[allow(clippy::cast_possible_truncation, reason = "checked to fit")]
            ("int", PyVal::Float(x)) if x.is_finite() && x.abs() < 9e15 => {
                PyVal::Int(x.trunc() as i64)
            }
            ("float", PyVal::Str(s)) => parse_float(s).map_or(PyVal::Unknown, PyVal::Float),
            ("float", x) if x.number().is_some() && !matches!(x, PyVal::Bool(_)) => {
                PyVal::Float(x.number().unwrap_or_default())
            }
            ("str", x) => x.to_text().map_or(PyVal::Unknown, PyVal::Str),
            ("bool", x) => {
                return match x.truthy() {
                    Some(b) => Value {
                        val: PyVal::Bool(b),
                        src: Src::Predicate(at),
                        env: v.env,
                    },
                    None => Value::unknown(v.env),
                };
            }
            _ => PyVal::Unknown,
        };
        v.with(val)
    }

    /// A call of a function of this module: its body, interpreted with the arguments bound.
    pub fn call_local(&mut self, def: &'a StmtFunctionDef, c: &'a ExprCall) -> Value {
        if self.frames.len() >= MAX_CALLS {
            return Value::unknown(true);
        }
        let key = std::ptr::from_ref(def) as usize;
        if self.visiting.contains(&key) {
            return Value::unknown(false);
        }
        let params: Vec<_> = def
            .parameters
            .posonlyargs
            .iter()
            .chain(def.parameters.args.iter())
            .chain(def.parameters.kwonlyargs.iter())
            .collect();
        let mut vars: HashMap<&'a str, Value> = HashMap::default();
        let mut env = false;
        for (i, p) in params.iter().enumerate() {
            let pname = p.parameter.name.as_str();
            let given = c
                .arguments
                .args
                .get(i)
                .filter(|_| i < def.parameters.posonlyargs.len() + def.parameters.args.len());
            let given = given.or_else(|| c.arguments.find_keyword(pname).map(|k| &k.value));
            let v = match (given, &p.default) {
                (Some(x), _) => self.expr(x),
                (None, Some(d)) => self.expr(d),
                (None, None) => Value::unknown(false),
            };
            env |= v.env;
            vars.insert(pname, v);
        }
        self.visiting.push(key);
        self.frames.push(Frame { vars });
        let flow = self.block(&def.body);
        self.frames.pop();
        self.visiting.pop();
        match flow {
            Flow::Return(v) => v.depending(env),
            Flow::Next => Value::code(PyVal::None, span(def.range())).depending(env),
            Flow::Unknown => Value::unknown(true),
        }
    }

    /// What a function returns, interpreted from its first statement with no argument
    /// bound: the value a root inside it flows to.
    pub fn function_returns(&mut self, def: &'a StmtFunctionDef) -> Value {
        self.frames.push(Frame {
            vars: HashMap::default(),
        });
        let flow = self.block(&def.body);
        self.frames.pop();
        match flow {
            Flow::Return(v) => v,
            Flow::Next | Flow::Unknown => Value::unknown(true),
        }
    }

    fn block(&mut self, stmts: &'a [Stmt]) -> Flow {
        for s in stmts {
            match self.stmt(s) {
                Flow::Next => {}
                f => return f,
            }
        }
        Flow::Next
    }

    fn stmt(&mut self, s: &'a Stmt) -> Flow {
        match s {
            Stmt::Return(r) => Flow::Return(match &r.value {
                Some(v) => self.expr(v),
                None => Value::code(PyVal::None, span(r.range())),
            }),
            Stmt::Assign(a) => {
                let v = self.expr(&a.value);
                for t in &a.targets {
                    let Expr::Name(n) = t else {
                        return Flow::Unknown;
                    };
                    if let Some(f) = self.frames.last_mut() {
                        f.vars.insert(n.id.as_str(), v.clone());
                    }
                }
                Flow::Next
            }
            Stmt::AnnAssign(a) => {
                let Expr::Name(n) = &*a.target else {
                    return Flow::Unknown;
                };
                let v = match &a.value {
                    Some(x) => self.expr(x),
                    None => return Flow::Next,
                };
                if let Some(f) = self.frames.last_mut() {
                    f.vars.insert(n.id.as_str(), v);
                }
                Flow::Next
            }
            Stmt::If(i) => {
                let test = self.expr(&i.test);
                let Some(t) = test.val.truthy() else {
                    return Flow::Unknown;
                };
                let taken = if t {
                    Some(&i.body[..])
                } else {
                    let mut chosen = None;
                    for clause in &i.elif_else_clauses {
                        match &clause.test {
                            None => {
                                chosen = Some(&clause.body[..]);
                                break;
                            }
                            Some(x) => match self.expr(x).val.truthy() {
                                Some(true) => {
                                    chosen = Some(&clause.body[..]);
                                    break;
                                }
                                Some(false) => {}
                                None => return Flow::Unknown,
                            },
                        }
                    }
                    chosen
                };
                match taken {
                    Some(body) => match self.block(body) {
                        Flow::Return(v) => Flow::Return(v.depending(test.env)),
                        f => f,
                    },
                    None => Flow::Next,
                }
            }
            Stmt::Expr(_) | Stmt::Pass(_) => Flow::Next,
            _ => Flow::Unknown,
        }
    }
}

impl Value {
    /// The same value as the variable's own (what reading it without a default gives).
    fn with_src_env(mut self) -> Self {
        self.src = Src::Env;
        self
    }
}

/// The span of a string literal's text: inside its quotes (prefixes and triple quotes
/// too), or the whole literal when it is empty or implicitly concatenated.
pub fn inner(r: ruff_text_size::TextRange, text: &str) -> Span {
    let whole = span(r);
    let Some(written) = text.get(whole.clone()) else {
        return whole;
    };
    let prefix = written.bytes().take_while(u8::is_ascii_alphabetic).count();
    let body = &written[prefix..];
    for q in ["\"\"\"", "'''", "\"", "'"] {
        if body.len() >= 2 * q.len() && body.starts_with(q) && body.ends_with(q) {
            let inner = whole.start + prefix + q.len()..whole.end - q.len();
            let middle = &text[inner.clone()];
            if !middle.contains(q) && !inner.is_empty() {
                return inner;
            }
        }
    }
    whole
}
