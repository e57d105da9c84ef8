//! Declarations of the environment, as real projects write them once and read everywhere
//! else: the constructors that make an *env object* from the whole environment (a zod
//! object's `parse`/`safeParse(...).data`, t3-env's `createEnv`, envalid's `cleanEnv`,
//! convict, class-transformer's `plainToInstance` of a class), and config classes whose
//! fields name their variable by decorator. Each declaration states, in the library's own
//! terms, a default (or none), a type, and whether the variable is required; a member read
//! of an env object (`env.X`) is a read of the variable it declares.

use std::sync::Arc;

use oxc_ast::AstKind;
use oxc_ast::ast::{
    Argument, BindingPattern, CallExpression, Class, ClassElement, Expression, ObjectExpression,
    ObjectPropertyKind, PropertyDefinition, PropertyKey, TSLiteral, TSType,
};
use oxc_semantic::SymbolId;
use oxc_span::GetSpan;

use super::eval::{Eval, span, string_span};
use super::modules::Export;
use super::value::{Src, Val, Value, number_text};
use crate::source::Span;

/// One declared variable.
#[derive(Debug, Clone, PartialEq)]
pub struct Decl {
    /// The variable.
    pub name: String,
    /// The member it is read under (a schema key, a field, a convict path).
    pub key: String,
    /// Where the declaration names the variable, in the file it is in.
    pub span: Span,
    /// What stands in for the variable unset: `None` when the declaration gives no
    /// default; a value (perhaps unknown) when it does.
    pub default: Option<Value>,
    /// Whether the variable must be set (`None`: the declaration does not say).
    pub required: Option<bool>,
    /// The type the declaration gives it, as a type word (`int`, `bool`, `enum(a|b)`).
    pub ty: Option<String>,
    /// How a set value becomes the member's value.
    pub convert: Convert,
    /// Whether validation throws when a required variable is unset (zod, envalid), so no
    /// code after it sees it unset; a class made with `plainToInstance` just lacks it.
    pub throws: bool,
}

/// How a declaration turns the variable's text into the member's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convert {
    /// The text itself.
    Text,
    /// JavaScript's `Number(text)`.
    Number,
    /// A boolean by the library's spellings.
    Bool(Spellings),
    /// The text, one of the declared values (validation refuses others).
    OneOf,
    /// Something envlint does not follow (a transform, a custom validator).
    Unknown,
}

/// The spellings a library takes for on and off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spellings {
    /// `Boolean(text)`: any non-empty text is on (zod's `coerce.boolean`).
    Js,
    /// envalid's `bool()`.
    Envalid,
    /// zod's `stringbool()`.
    Zod,
}

impl Spellings {
    fn read(self, text: &str) -> Option<bool> {
        match self {
            Self::Js => Some(!text.is_empty()),
            Self::Envalid => match text {
                "true" | "t" | "1" | "yes" | "on" => Some(true),
                "false" | "f" | "0" | "no" | "off" => Some(false),
                _ => None,
            },
            Self::Zod => match text.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" | "y" | "enabled" => Some(true),
                "false" | "0" | "no" | "off" | "n" | "disabled" => Some(false),
                _ => None,
            },
        }
    }
}

impl Decl {
    fn new(name: String, key: String, span: Span) -> Self {
        Self {
            name,
            key,
            span,
            default: None,
            required: None,
            ty: None,
            convert: Convert::Text,
            throws: false,
        }
    }

    /// The member's value with the variable unset: the declared default, `undefined`, or
    /// unknown when validation refuses an unset required variable.
    pub fn unset(&self) -> Value {
        let val = match (&self.default, self.required) {
            (Some(d), _) => d.val.clone(),
            (None, Some(true)) if self.throws => Val::Unknown,
            (None, _) => Val::Undefined,
        };
        Value {
            val,
            src: Src::Env,
            env: true,
        }
    }

    /// The member's value with the variable set to `text`.
    pub fn set(&self, text: &str) -> Value {
        let val = match self.convert {
            // A value the declaration refuses never reaches the code, but as a probe of
            // what the code does with the text it is the text.
            Convert::Text | Convert::OneOf => Val::Str(text.to_owned()),
            Convert::Number => Val::Str(text.to_owned())
                .to_number()
                .map_or(Val::Unknown, Val::Num),
            Convert::Bool(s) => s.read(text).map_or(Val::Unknown, Val::Bool),
            Convert::Unknown => Val::Unknown,
        };
        Value {
            val,
            src: Src::Env,
            env: true,
        }
    }
}

/// A value produced from the whole environment.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvObj {
    /// What it declares, by member key (empty for `process.env` itself).
    pub decls: Arc<[Decl]>,
    /// Whether a member it does not declare is still a read of that variable.
    pub open: bool,
    /// Whether members are read through `.get("path")` (convict) rather than as members.
    pub getter: bool,
    /// The module the declarations are in, when another than the one reading them.
    pub file: Option<Arc<str>>,
}

impl EnvObj {
    /// `process.env`, `import.meta.env`, an accessor: every member is the variable it names.
    pub fn process() -> Arc<Self> {
        Arc::new(Self {
            decls: Arc::from(Vec::new()),
            open: true,
            getter: false,
            file: None,
        })
    }

    fn declaring(decls: Vec<Decl>, getter: bool) -> Arc<Self> {
        Arc::new(Self {
            decls: Arc::from(decls),
            open: false,
            getter,
            file: None,
        })
    }

    /// The declaration read under `key`.
    pub fn decl(&self, key: &str) -> Option<&Decl> {
        self.decls.iter().find(|d| d.key == key)
    }

    /// The object that is one of `a` and `b` (`cond ? process.env : Schema.parse(...)`):
    /// the declarations of either, open when either is.
    pub fn either(a: &Arc<Self>, b: &Arc<Self>) -> Arc<Self> {
        if a.decls.is_empty() && !b.decls.is_empty() {
            return Arc::clone(b);
        }
        if b.decls.is_empty() || Arc::ptr_eq(a, b) {
            return Arc::clone(a);
        }
        let mut decls = a.decls.to_vec();
        decls.extend(b.decls.iter().filter(|d| a.decl(&d.key).is_none()).cloned());
        Arc::new(Self {
            decls: Arc::from(decls),
            open: a.open || b.open,
            getter: a.getter && b.getter,
            file: a.file.clone(),
        })
    }
}

/// The zod methods that refine or wrap a schema without changing what is declared.
const ZOD_WRAPPERS: [&str; 40] = [
    "nullable",
    "refine",
    "superRefine",
    "check",
    "describe",
    "meta",
    "brand",
    "readonly",
    "min",
    "max",
    "gt",
    "gte",
    "lt",
    "lte",
    "positive",
    "nonnegative",
    "negative",
    "nonpositive",
    "finite",
    "multipleOf",
    "step",
    "length",
    "nonempty",
    "email",
    "uuid",
    "cuid",
    "regex",
    "startsWith",
    "endsWith",
    "includes",
    "trim",
    "toLowerCase",
    "toUpperCase",
    "datetime",
    "date",
    "ip",
    "base64",
    "jwt",
    "emoji",
    "safe",
];

/// The class-validator decorators that make a field optional.
const OPTIONAL_DECORATORS: [&str; 3] = ["IsOptional", "Optional", "ValidateIf"];

impl<'a> Eval<'_, 'a> {
    /// The env object `e` is, if it is one.
    pub fn env_object(&self, e: &Expression<'a>) -> Option<Arc<EnvObj>> {
        match e.get_inner_expression() {
            // What the name is bound to first: an accessor's name may also name a
            // declared env object.
            Expression::Identifier(id) => self
                .symbol_of(id)
                .and_then(|sid| self.symbol_env(sid))
                .or_else(|| {
                    self.words
                        .accessors
                        .iter()
                        .any(|a| a == id.name.as_str())
                        .then(EnvObj::process)
                }),
            Expression::StaticMemberExpression(m) if m.property.name == "env" => {
                let process = matches!(m.object.get_inner_expression(),
                    Expression::Identifier(id) if self.is_global(id, "process"))
                    || matches!(m.object.get_inner_expression(), Expression::ImportMeta(_));
                process.then(EnvObj::process)
            }
            // `Schema.safeParse(process.env).data`, or a local holding the result.
            Expression::StaticMemberExpression(m) if m.property.name == "data" => {
                let call = self.call_behind(&m.object)?;
                self.parsed(call, true)
            }
            Expression::AwaitExpression(a) => self.env_object(&a.argument),
            Expression::CallExpression(c) => self.constructed(c),
            Expression::ConditionalExpression(c) => {
                let a = self.env_object(&c.consequent)?;
                let b = self.env_object(&c.alternate)?;
                Some(EnvObj::either(&a, &b))
            }
            _ => None,
        }
    }

    /// The env object a symbol is bound to once and for all (a local, a parameter every
    /// call gives one, an import), remembered per symbol.
    fn symbol_env(&self, sid: SymbolId) -> Option<Arc<EnvObj>> {
        if let Some(known) = self.envs.borrow().get(&sid) {
            return known.clone();
        }
        // A cycle (`const a = b ?? a`) is no env object.
        self.envs.borrow_mut().insert(sid, None);
        let found = self.symbol_env_uncached(sid);
        self.envs.borrow_mut().insert(sid, found.clone());
        found
    }

    fn symbol_env_uncached(&self, sid: SymbolId) -> Option<Arc<EnvObj>> {
        let scoping = self.sem.scoping();
        if scoping.symbol_is_mutated(sid) {
            return None;
        }
        let decl = scoping.symbol_declaration(sid);
        match self.sem.nodes().kind(decl) {
            AstKind::VariableDeclarator(d)
                if matches!(d.id, BindingPattern::BindingIdentifier(_)) =>
            {
                self.env_object(d.init.as_ref()?)
            }
            AstKind::FormalParameter(p) => match p.initializer.as_deref() {
                Some(init) => self.env_object(init),
                None => self.param_given_env(decl),
            },
            kind @ (AstKind::ImportSpecifier(_) | AstKind::ImportDefaultSpecifier(_)) => {
                let AstKind::ImportDeclaration(import) = self.sem.nodes().parent_kind(decl) else {
                    return None;
                };
                let name = match kind {
                    AstKind::ImportSpecifier(spec) => spec.imported.name(),
                    _ => "default".into(),
                };
                match self.export_of(&import.source.value, &name)? {
                    (_, Export::Env(obj)) => Some(obj),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The call `e` is (awaited or not), directly or through a single-assignment local.
    fn call_behind(&self, e: &'a Expression<'a>) -> Option<&'a CallExpression<'a>> {
        match self.const_init(e).unwrap_or(e).get_inner_expression() {
            Expression::CallExpression(c) => Some(c),
            Expression::AwaitExpression(a) => match a.argument.get_inner_expression() {
                Expression::CallExpression(c) => Some(c),
                _ => None,
            },
            _ => None,
        }
    }

    /// The env object a call constructs: a zod object's `parse(env)`, `createEnv`,
    /// `cleanEnv(env, spec)`, `plainToInstance(Class, env)`, `convict(spec)`.
    pub fn constructed(&self, c: &CallExpression<'a>) -> Option<Arc<EnvObj>> {
        match c.callee.get_inner_expression() {
            Expression::StaticMemberExpression(m) => match m.property.name.as_str() {
                "parse" | "parseAsync" => self.parsed(c, false),
                "cleanEnv" => self.clean_env(c),
                _ => None,
            },
            Expression::Identifier(id) => match id.name.as_str() {
                "createEnv" => self.create_env(c),
                "cleanEnv" => self.clean_env(c),
                "plainToInstance" | "plainToClass" => self.plain_to_instance(c),
                "convict" => self.convict(c),
                _ => None,
            },
            _ => None,
        }
    }

    /// What a call declares, for the reads of its file: [`Self::constructed`], and a zod
    /// object's `safeParse(env)` (whose `.data` is the env object).
    pub fn declared_by(&self, c: &CallExpression<'a>) -> Option<Arc<EnvObj>> {
        self.constructed(c).or_else(|| self.parsed(c, true))
    }

    /// `Schema.parse(env)` (`safe`: `safeParse`), `Schema` a zod object.
    fn parsed(&self, c: &CallExpression<'a>, safe: bool) -> Option<Arc<EnvObj>> {
        let Expression::StaticMemberExpression(m) = c.callee.get_inner_expression() else {
            return None;
        };
        let wanted: &[&str] = if safe {
            &["safeParse", "safeParseAsync"]
        } else {
            &["parse", "parseAsync"]
        };
        if !wanted.contains(&m.property.name.as_str()) || !self.env_argument(c.arguments.first()?) {
            return None;
        }
        // `Schema.transform(() => parsedEnv).parse(parsedEnv)`: the result is what the last
        // transform returns, when that is an env object.
        if let Some(obj) = self.transformed_into(&m.object, 0) {
            return Some(obj);
        }
        let keys = self.zod_object(&m.object, 0)?;
        let decls = keys
            .into_iter()
            .map(|(key, at, schema, partial)| {
                let mut d = self.zod_decl(key, at, schema);
                if partial && d.required == Some(true) {
                    d.required = Some(false);
                }
                d
            })
            .collect();
        Some(EnvObj::declaring(decls, false))
    }

    /// The env object the last `.transform(() => obj)` of a schema's method chain returns
    /// (an arrow of no parameters whose value is an env object), if it has one.
    fn transformed_into(&self, e: &'a Expression<'a>, depth: usize) -> Option<Arc<EnvObj>> {
        let Expression::CallExpression(c) = e.get_inner_expression() else {
            return None;
        };
        let Expression::StaticMemberExpression(m) = c.callee.get_inner_expression() else {
            return None;
        };
        if m.property.name != "transform" {
            return (depth < 16)
                .then(|| self.transformed_into(&m.object, depth + 1))
                .flatten();
        }
        let Expression::ArrowFunctionExpression(a) =
            c.arguments.first()?.as_expression()?.get_inner_expression()
        else {
            return None;
        };
        if !a.params.items.is_empty() {
            return None;
        }
        self.env_object(a.get_expression()?)
    }

    /// Whether an argument is the environment: an env object, a helper's call on one
    /// (`removeEmpty(process.env)`), or an object spreading one.
    fn env_argument(&self, a: &Argument<'a>) -> bool {
        let Some(e) = a.as_expression() else {
            return false;
        };
        if self.env_object(e).is_some() {
            return true;
        }
        match e.get_inner_expression() {
            Expression::CallExpression(c) => c
                .arguments
                .iter()
                .filter_map(Argument::as_expression)
                .any(|x| self.env_object(x).is_some()),
            Expression::ObjectExpression(o) => o.properties.iter().any(|p| match p {
                ObjectPropertyKind::SpreadProperty(s) => self.env_object(&s.argument).is_some(),
                ObjectPropertyKind::ObjectProperty(_) => false,
            }),
            _ => false,
        }
    }

    /// The keys of a zod object schema (through locals, `.extend`, `.merge` and the
    /// methods that keep its keys): each key, its span, its schema, and whether `.partial()`
    /// made it optional.
    #[allow(clippy::type_complexity)]
    fn zod_object(
        &self,
        e: &'a Expression<'a>,
        depth: usize,
    ) -> Option<Vec<(String, Span, &'a Expression<'a>, bool)>> {
        if depth > 16 {
            return None;
        }
        match e.get_inner_expression() {
            Expression::Identifier(_) => self.zod_object(self.const_init(e)?, depth + 1),
            Expression::CallExpression(c) => {
                let Expression::StaticMemberExpression(m) = c.callee.get_inner_expression() else {
                    return None;
                };
                let arg = || c.arguments.first().and_then(Argument::as_expression);
                match m.property.name.as_str() {
                    "object" | "strictObject" | "looseObject" if self.is_zod(&m.object) => {
                        let Expression::ObjectExpression(o) = arg()?.get_inner_expression() else {
                            return None;
                        };
                        Some(object_keys(o).map(|(k, s, v)| (k, s, v, false)).collect())
                    }
                    "extend" | "safeExtend" => {
                        let mut keys = self.zod_object(&m.object, depth + 1)?;
                        if let Expression::ObjectExpression(o) = arg()?.get_inner_expression() {
                            for (k, s, v) in object_keys(o) {
                                keys.retain(|x| x.0 != k);
                                keys.push((k, s, v, false));
                            }
                        }
                        Some(keys)
                    }
                    "merge" | "and" => {
                        let mut keys = self.zod_object(&m.object, depth + 1)?;
                        for k in self.zod_object(arg()?, depth + 1)? {
                            keys.retain(|x| x.0 != k.0);
                            keys.push(k);
                        }
                        Some(keys)
                    }
                    "partial" => Some(
                        self.zod_object(&m.object, depth + 1)?
                            .into_iter()
                            .map(|(k, s, v, _)| (k, s, v, true))
                            .collect(),
                    ),
                    "strict" | "passthrough" | "strip" | "catchall" | "required" | "pick"
                    | "omit" | "transform" | "superRefine" | "refine" | "readonly" | "brand"
                    | "describe" => self.zod_object(&m.object, depth + 1),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Whether `e` is zod's namespace (`z`, `zod`, or a name imported from `zod`).
    fn is_zod(&self, e: &Expression<'a>) -> bool {
        let Expression::Identifier(id) = e.get_inner_expression() else {
            return false;
        };
        match self.symbol_of(id) {
            None => false,
            Some(sid) => {
                let decl = self.sem.scoping().symbol_declaration(sid);
                match self.sem.nodes().kind(decl) {
                    AstKind::ImportSpecifier(_)
                    | AstKind::ImportDefaultSpecifier(_)
                    | AstKind::ImportNamespaceSpecifier(_) => {
                        let AstKind::ImportDeclaration(import) = self.sem.nodes().parent_kind(decl)
                        else {
                            return false;
                        };
                        let from = import.source.value.as_str();
                        from == "zod" || from.starts_with("zod/")
                    }
                    _ => matches!(id.name.as_str(), "z" | "zod"),
                }
            }
        }
    }

    /// The initializer of the single-assignment local `e` names.
    fn const_init(&self, e: &Expression<'a>) -> Option<&'a Expression<'a>> {
        let Expression::Identifier(id) = e.get_inner_expression() else {
            return None;
        };
        let sid = self.symbol_of(id)?;
        if self.sem.scoping().symbol_is_mutated(sid) {
            return None;
        }
        let decl = self.sem.scoping().symbol_declaration(sid);
        match self.sem.nodes().kind(decl) {
            AstKind::VariableDeclarator(d)
                if matches!(d.id, BindingPattern::BindingIdentifier(_)) =>
            {
                d.init.as_ref()
            }
            _ => None,
        }
    }

    /// The value of a default given in a declaration (no variable set).
    fn default_value(&self, e: &Expression<'a>) -> Value {
        let mut ev = Eval::new(self.sem, self.words, self.path, self.modules);
        match e.get_inner_expression() {
            // `.default(() => 5)`: what the function returns.
            Expression::ArrowFunctionExpression(a) if a.params.items.is_empty() => {
                ev.body(super::eval::arrow_body(&a.body))
            }
            _ => ev.expr(e),
        }
    }

    /// A zod schema of one key: walked from the outermost method to the base type.
    fn zod_decl(&self, key: String, at: Span, schema: &'a Expression<'a>) -> Decl {
        let mut d = Decl::new(key.clone(), key, at);
        let mut optional = false;
        let mut catch = None;
        let mut transformed = false;
        let mut int = false;
        let mut e = schema;
        let mut base = None;
        for _ in 0..64 {
            match e.get_inner_expression() {
                Expression::Identifier(_) => match self.const_init(e) {
                    Some(bound) => e = bound,
                    None => break,
                },
                Expression::CallExpression(c) => {
                    let first = c.arguments.first().and_then(Argument::as_expression);
                    let (object, method) = match c.callee.get_inner_expression() {
                        Expression::StaticMemberExpression(m) => {
                            (&m.object, m.property.name.as_str())
                        }
                        _ => break,
                    };
                    if self.is_zod(object) || self.is_zod_coerce(object) {
                        base = Some((method, self.is_zod_coerce(object), c));
                        break;
                    }
                    match method {
                        "default" | "prefault" => {
                            if d.default.is_none()
                                && let Some(v) = first
                            {
                                d.default = Some(self.default_value(v));
                            }
                        }
                        "catch" => {
                            if catch.is_none()
                                && let Some(v) = first
                            {
                                catch = Some(self.default_value(v));
                            }
                        }
                        "optional" | "nullish" => optional = true,
                        "transform" | "pipe" | "preprocess" | "overwrite" => transformed = true,
                        "int" => int = true,
                        "url" | "httpUrl" => d.ty = Some("url".to_owned()),
                        m if ZOD_WRAPPERS.contains(&m) => {}
                        _ => return Decl::new(d.name, d.key, d.span),
                    }
                    e = object;
                }
                _ => break,
            }
        }
        let Some((method, coerce, call)) = base else {
            return Decl::new(d.name, d.key, d.span);
        };
        d.convert = self.zod_base(&mut d, method, coerce, call, int, &mut optional);
        if transformed {
            d.convert = Convert::Unknown;
        }
        if d.default.is_none() {
            d.default = catch;
        }
        // A default says the variable may be unset; without one, `.optional()` does.
        d.required = d.default.is_none().then_some(!optional);
        d.throws = true;
        d
    }

    /// A zod base type (`z.string()`, `z.coerce.number()`, `z.enum([...])`): the type it
    /// gives `d` and how it converts the text.
    fn zod_base(
        &self,
        d: &mut Decl,
        method: &str,
        coerce: bool,
        call: &'a CallExpression<'a>,
        int: bool,
        optional: &mut bool,
    ) -> Convert {
        let first = call.arguments.first().and_then(Argument::as_expression);
        let convert_if = |coerce: bool, c: Convert| if coerce { c } else { Convert::Unknown };
        match method {
            "string" => {
                d.ty.get_or_insert_with(|| "string".to_owned());
                Convert::Text
            }
            "url" | "httpUrl" => {
                d.ty = Some("url".to_owned());
                Convert::Text
            }
            "number" | "int" | "float" | "bigint" => {
                let int = int || method == "int";
                d.ty = Some(if int { "int" } else { "number" }.to_owned());
                convert_if(coerce, Convert::Number)
            }
            "boolean" => {
                d.ty = Some("bool".to_owned());
                convert_if(coerce, Convert::Bool(Spellings::Js))
            }
            "stringbool" => {
                d.ty = Some("bool".to_owned());
                Convert::Bool(Spellings::Zod)
            }
            "enum" | "literal" | "nativeEnum" => {
                let values = first.map(|a| self.literal_values(a)).unwrap_or_default();
                if values.is_empty() {
                    return Convert::Unknown;
                }
                d.ty = Some(enum_type(&values));
                Convert::OneOf
            }
            // `z.preprocess(fn, inner)`: the inner schema's type, through code envlint does
            // not run.
            "preprocess" => {
                if let Some(inner) = call.arguments.get(1).and_then(Argument::as_expression) {
                    let i = self.zod_decl(d.key.clone(), d.span.clone(), inner);
                    d.ty = i.ty;
                    if d.default.is_none() {
                        d.default = i.default;
                    }
                    *optional |= i.required == Some(false);
                }
                Convert::Unknown
            }
            _ => Convert::Unknown,
        }
    }

    /// Whether `e` is `z.coerce`.
    fn is_zod_coerce(&self, e: &Expression<'a>) -> bool {
        matches!(e.get_inner_expression(),
            Expression::StaticMemberExpression(m) if m.property.name == "coerce" && self.is_zod(&m.object))
    }

    /// The literal values of an array (`["a", "b"]`), a literal, or an enum's members.
    fn literal_values(&self, e: &Expression<'a>) -> Vec<String> {
        let v = self.default_value(e);
        let items: Vec<Value> = match v.val {
            Val::Arr(items) => items.to_vec(),
            Val::Obj(props) => props.iter().map(|(_, v)| v.clone()).collect(),
            Val::Str(_) | Val::Num(_) | Val::Bool(_) => vec![v],
            _ => return Vec::new(),
        };
        let mut out = Vec::new();
        for item in items {
            match item.val {
                Val::Str(s) => out.push(s),
                Val::Num(n) => out.push(number_text(n)),
                Val::Bool(b) => out.push(b.to_string()),
                _ => return Vec::new(),
            }
        }
        out
    }

    /// t3-env's `createEnv({ server, client, shared, runtimeEnv })`.
    fn create_env(&self, c: &CallExpression<'a>) -> Option<Arc<EnvObj>> {
        let Expression::ObjectExpression(o) =
            c.arguments.first()?.as_expression()?.get_inner_expression()
        else {
            return None;
        };
        let mut decls = Vec::new();
        for (group, _, value) in object_keys(o) {
            if !matches!(group.as_str(), "server" | "client" | "shared") {
                continue;
            }
            let Expression::ObjectExpression(g) = value.get_inner_expression() else {
                continue;
            };
            for (key, at, schema) in object_keys(g) {
                decls.push(self.zod_decl(key, at, schema));
            }
        }
        Some(EnvObj::declaring(decls, false))
    }

    /// envalid's `cleanEnv(env, { PORT: port({ default: 3000 }) })`.
    fn clean_env(&self, c: &CallExpression<'a>) -> Option<Arc<EnvObj>> {
        if !self.env_argument(c.arguments.first()?) {
            return None;
        }
        let Expression::ObjectExpression(spec) =
            c.arguments.get(1)?.as_expression()?.get_inner_expression()
        else {
            return None;
        };
        let mut decls = Vec::new();
        for (key, at, validator) in object_keys(spec) {
            let mut d = Decl::new(key.clone(), key, at);
            let Expression::CallExpression(v) = validator.get_inner_expression() else {
                d.convert = Convert::Unknown;
                decls.push(d);
                continue;
            };
            let kind = match v.callee.get_inner_expression() {
                Expression::Identifier(id) => id.name.as_str(),
                Expression::StaticMemberExpression(m) => m.property.name.as_str(),
                _ => "",
            };
            (d.ty, d.convert) = match kind {
                "str" | "host" | "email" => (Some("string".to_owned()), Convert::Text),
                "url" => (Some("url".to_owned()), Convert::Text),
                "num" => (Some("number".to_owned()), Convert::Number),
                "port" => (Some("port".to_owned()), Convert::Number),
                "bool" => (Some("bool".to_owned()), Convert::Bool(Spellings::Envalid)),
                _ => (None, Convert::Unknown),
            };
            let opts = v.arguments.first().and_then(Argument::as_expression);
            let mut has_default = false;
            if let Some(Expression::ObjectExpression(o)) =
                opts.map(Expression::get_inner_expression)
            {
                for (k, _, value) in object_keys(o) {
                    match k.as_str() {
                        "default" => {
                            has_default = true;
                            let v = self.default_value(value);
                            // `default: undefined` makes it optional, with no default.
                            if v.val != Val::Undefined {
                                d.default = Some(v);
                            }
                        }
                        "choices" => {
                            let values = self.literal_values(value);
                            if !values.is_empty() {
                                if d.ty.as_deref().is_none_or(|t| t == "string") {
                                    d.ty = Some(enum_type(&values));
                                }
                                if d.convert == Convert::Text {
                                    d.convert = Convert::OneOf;
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            // Without `default` it must be set; `default: undefined` makes it optional.
            d.required = match (has_default, &d.default) {
                (false, _) => Some(true),
                (true, None) => Some(false),
                (true, Some(_)) => None,
            };
            d.throws = true;
            decls.push(d);
        }
        Some(EnvObj::declaring(decls, false))
    }

    /// convict's `convict({ port: { format: "port", default: 8080, env: "PORT" } })`: read
    /// through `.get("port")`.
    fn convict(&self, c: &CallExpression<'a>) -> Option<Arc<EnvObj>> {
        let Expression::ObjectExpression(o) =
            c.arguments.first()?.as_expression()?.get_inner_expression()
        else {
            return None;
        };
        let mut decls = Vec::new();
        self.convict_level(o, "", &mut decls, 0);
        Some(EnvObj::declaring(decls, true))
    }

    fn convict_level(
        &self,
        o: &'a ObjectExpression<'a>,
        path: &str,
        out: &mut Vec<Decl>,
        depth: usize,
    ) {
        if depth > 16 {
            return;
        }
        for (key, _, value) in object_keys(o) {
            let Expression::ObjectExpression(v) = value.get_inner_expression() else {
                continue;
            };
            let path = if path.is_empty() {
                key
            } else {
                format!("{path}.{key}")
            };
            let props: Vec<_> = object_keys(v).collect();
            let leaf = props.iter().any(|(k, ..)| k == "default");
            if !leaf {
                self.convict_level(v, &path, out, depth + 1);
                continue;
            }
            let Some((name, at)) = props
                .iter()
                .find(|(k, ..)| k == "env")
                .and_then(|(_, _, e)| super::static_key(e))
            else {
                continue;
            };
            let mut d = Decl::new(name, path, at);
            for (k, _, e) in &props {
                match k.as_str() {
                    "default" => {
                        let v = self.default_value(e);
                        if !matches!(v.val, Val::Null | Val::Undefined) {
                            d.default = Some(v);
                        }
                    }
                    "format" => {
                        (d.ty, d.convert) = match e.get_inner_expression() {
                            Expression::StringLiteral(s) => match s.value.as_str() {
                                "port" => (Some("port".to_owned()), Convert::Number),
                                "int" | "nat" => (Some("int".to_owned()), Convert::Number),
                                "url" => (Some("url".to_owned()), Convert::Text),
                                "*" | "String" => (None, Convert::Text),
                                _ => (None, Convert::Unknown),
                            },
                            Expression::Identifier(id) => match id.name.as_str() {
                                "Number" => (Some("number".to_owned()), Convert::Number),
                                "Boolean" => (Some("bool".to_owned()), Convert::Unknown),
                                "String" => (None, Convert::Text),
                                _ => (None, Convert::Unknown),
                            },
                            Expression::ArrayExpression(_) => {
                                let values = self.literal_values(e);
                                if values.is_empty() {
                                    (None, Convert::Unknown)
                                } else {
                                    (Some(enum_type(&values)), Convert::OneOf)
                                }
                            }
                            _ => (None, Convert::Unknown),
                        };
                    }
                    _ => {}
                }
            }
            out.push(d);
        }
    }

    /// `plainToInstance(Settings, process.env)`: the fields of `Settings`.
    fn plain_to_instance(&self, c: &CallExpression<'a>) -> Option<Arc<EnvObj>> {
        if !self.env_argument(c.arguments.get(1)?) {
            return None;
        }
        let Expression::Identifier(class) =
            c.arguments.first()?.as_expression()?.get_inner_expression()
        else {
            return None;
        };
        let sid = self.symbol_of(class)?;
        let decl = self.sem.scoping().symbol_declaration(sid);
        match self.sem.nodes().kind(decl) {
            AstKind::Class(k) => Some(EnvObj::declaring(self.class_decls(k, true), false)),
            AstKind::ImportSpecifier(spec) => {
                let AstKind::ImportDeclaration(import) = self.sem.nodes().parent_kind(decl) else {
                    return None;
                };
                match self.export_of(&import.source.value, &spec.imported.name())? {
                    (file, Export::Class(decls)) => Some(Arc::new(EnvObj {
                        decls,
                        open: false,
                        getter: false,
                        file: Some(file),
                    })),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The declarations of a class's fields: a field under a known decorator that names
    /// its variable (`@Env("PORT") port = 3000`), and, when `dto` (the class is made from
    /// the environment, or is shaped as such), a field named like a variable.
    pub fn class_decls(&self, class: &'a Class<'a>, dto: bool) -> Vec<Decl> {
        let mut out = Vec::new();
        for el in &class.body.body {
            let ClassElement::PropertyDefinition(p) = el else {
                continue;
            };
            if p.r#static || p.computed {
                continue;
            }
            let Some(key) = property_name(&p.key) else {
                continue;
            };
            let named = p.decorators.iter().find_map(|dec| {
                let Expression::CallExpression(c) = dec.expression.get_inner_expression() else {
                    return None;
                };
                let Expression::Identifier(id) = c.callee.get_inner_expression() else {
                    return None;
                };
                if !self.words.is_decorator(id.name.as_str()) {
                    return None;
                }
                let (name, at) = super::static_key(c.arguments.first()?.as_expression()?)?;
                crate::schema::shaped_env_name(&name).then_some((name, at, c))
            });
            let d = match named {
                Some((name, at, c)) => {
                    let mut d = self.field_decl(name, key, at, p, false);
                    // `@Env("MODE", z.enum([...]))`: the schema's values.
                    if let Some(schema) = c.arguments.get(1).and_then(Argument::as_expression) {
                        let z = self.zod_decl(d.key.clone(), d.span.clone(), schema);
                        if z.ty.is_some() {
                            d.ty = z.ty;
                        }
                    }
                    d
                }
                None if dto && crate::schema::shaped_env_name(&key) => {
                    let at = span(p.key.span());
                    self.field_decl(key.clone(), key, at, p, true)
                }
                None => continue,
            };
            out.push(d);
        }
        out
    }

    /// A class field's declaration: its initializer the default, its type from the
    /// annotation and the class-validator decorators.
    fn field_decl(
        &self,
        name: String,
        key: String,
        at: Span,
        p: &'a PropertyDefinition<'a>,
        dto: bool,
    ) -> Decl {
        let mut d = Decl::new(name, key, at);
        d.default = p.value.as_ref().map(|v| self.default_value(v));
        let decorators: Vec<(&str, Option<&Expression<'a>>)> = p
            .decorators
            .iter()
            .filter_map(|dec| match dec.expression.get_inner_expression() {
                Expression::CallExpression(c) => match c.callee.get_inner_expression() {
                    Expression::Identifier(id) => Some((
                        id.name.as_str(),
                        c.arguments.first().and_then(Argument::as_expression),
                    )),
                    _ => None,
                },
                Expression::Identifier(id) => Some((id.name.as_str(), None)),
                _ => None,
            })
            .collect();
        let has = |n: &str| decorators.iter().any(|(d, _)| *d == n);
        let optional = p.optional || OPTIONAL_DECORATORS.iter().any(|o| has(o));
        let validated = decorators
            .iter()
            .any(|(n, _)| n.starts_with("Is") || n.starts_with("Validate"));
        if dto {
            d.required = if optional {
                Some(false)
            } else if validated && d.default.is_none() {
                Some(true)
            } else {
                None
            };
        }
        // The type: the annotation, then what the validators say.
        let annotated = p
            .type_annotation
            .as_ref()
            .and_then(|t| annotation_type(&t.type_annotation));
        d.ty.clone_from(&annotated);
        for (n, arg) in &decorators {
            let t = match *n {
                "IsInt" => Some("int".to_owned()),
                "IsNumber" | "IsNumberString" => Some("number".to_owned()),
                "IsPort" => Some("port".to_owned()),
                "IsBoolean" | "IsBooleanString" | "ValidateBoolean" => Some("bool".to_owned()),
                "IsUrl" => Some("url".to_owned()),
                "IsEnum" | "IsIn" => arg
                    .map(|a| self.literal_values(a))
                    .and_then(|v| (!v.is_empty()).then(|| enum_type(&v))),
                _ => None,
            };
            if t.is_some() {
                d.ty = t;
            }
        }
        // How the text becomes the field's value.
        let typed = decorators.iter().find_map(|(n, arg)| {
            if *n != "Type" {
                return None;
            }
            let Expression::ArrowFunctionExpression(a) = (*arg)?.get_inner_expression() else {
                return None;
            };
            let body = a.get_expression()?;
            match body.get_inner_expression() {
                Expression::Identifier(id) => Some(id.name.to_string()),
                _ => None,
            }
        });
        d.convert = if has("Transform") || has("ValidateBoolean") {
            Convert::Unknown
        } else {
            match typed.as_deref() {
                Some("Number") => Convert::Number,
                Some("Boolean") => Convert::Bool(Spellings::Js),
                Some(_) => Convert::Unknown,
                None if dto => Convert::Text,
                // A config class converts by the field's type, by code envlint does not read.
                None => match annotated.as_deref() {
                    Some("number" | "int") => Convert::Number,
                    None if matches!(d.default.as_ref().map(|v| &v.val), Some(Val::Str(_))) => {
                        Convert::Text
                    }
                    Some(t) if t.starts_with("enum(") => Convert::OneOf,
                    None | Some(_) => Convert::Unknown,
                },
            }
        };
        d
    }

    /// Whether a class is shaped as a declaration of the environment: every field named like
    /// a variable, two or more of them, and a decorator on one (class-validator's).
    pub fn dto_shaped(class: &Class<'a>) -> bool {
        let fields: Vec<&PropertyDefinition> = class
            .body
            .body
            .iter()
            .filter_map(|el| match el {
                ClassElement::PropertyDefinition(p) if !p.r#static => Some(&**p),
                _ => None,
            })
            .collect();
        fields.len() >= 2
            && fields
                .iter()
                .all(|p| property_name(&p.key).is_some_and(|k| crate::schema::shaped_env_name(&k)))
            && fields.iter().any(|p| !p.decorators.is_empty())
    }

    /// A member of an env object: the declared variable's value under the hypothesis (an
    /// undeclared member of a closed object, or another variable, is unknown).
    pub fn env_member(&self, obj: &EnvObj, key: &str) -> Value {
        if obj.getter {
            return Value::unknown(false);
        }
        match obj.decl(key) {
            Some(d) => self.declared_value(d),
            None if obj.open => self.env_read(key),
            None => Value::unknown(false),
        }
    }

    /// What a declared variable's member holds under the hypothesis.
    fn declared_value(&self, d: &Decl) -> Value {
        match &self.hyp {
            Some(h) if h.name == d.name => match &h.value {
                None => d.unset(),
                Some(s) => d.set(s),
            },
            _ => Value::unknown(false),
        }
    }

    /// The variable a getter call reads and where its name is: `config.get("PORT", 3000)`
    /// with `get` a known getter and the name shaped like a variable's, or a convict
    /// object's `get("path")`.
    pub fn getter_read(&self, c: &CallExpression<'a>) -> Option<(String, Span, bool)> {
        let Expression::StaticMemberExpression(m) = c.callee.get_inner_expression() else {
            return None;
        };
        let (key, at) = super::static_key(c.arguments.first()?.as_expression()?)?;
        if let Some(obj) = self.env_object(&m.object) {
            return (obj.getter && m.property.name == "get")
                .then(|| {
                    obj.decl(&key)
                        .map(|d| (d.name.clone(), at, d.default.is_some()))
                })
                .flatten();
        }
        (self.words.is_getter(m.property.name.as_str()) && crate::schema::shaped_env_name(&key))
            .then_some((key, at, false))
    }

    /// The value of a getter call (see [`Self::getter_read`]): the variable, else the
    /// default given as the second argument (not an options object), and nothing a
    /// `getOrThrow` would return unset.
    pub(super) fn getter_call(
        &mut self,
        c: &CallExpression<'a>,
        m: &oxc_ast::ast::StaticMemberExpression<'a>,
    ) -> Option<Value> {
        let (name, ..) = self.getter_read(c)?;
        if let Some(obj) = self.env_object(&m.object) {
            let d = obj.decls.iter().find(|d| d.name == name)?.clone();
            return Some(self.declared_value(&d));
        }
        let read = self.env_read(&name);
        if !read.env || read.val != Val::Undefined {
            return Some(read);
        }
        if m.property.name.ends_with("OrThrow") {
            return Some(Value::unknown(true));
        }
        let fallback = c.arguments.get(1).and_then(Argument::as_expression);
        Some(match fallback.map(Expression::get_inner_expression) {
            None | Some(Expression::ObjectExpression(_)) => read,
            Some(d) => self.expr(d).depending(true),
        })
    }

    /// A method given a variable's name (`settings.read("QDRANT_HOST")`) that is no known
    /// getter, when its name says it reads (`get`, `read`, `env`, `require`, `config`,
    /// `setting`, `var` in it).
    pub fn unknown_getter(&self, c: &CallExpression<'a>) -> Option<crate::facts::Word> {
        let Expression::StaticMemberExpression(m) = c.callee.get_inner_expression() else {
            return None;
        };
        let method = m.property.name.as_str();
        if self.words.is_getter(method) {
            return None;
        }
        let lower = method.to_ascii_lowercase();
        let reads = ["get", "read", "env", "require", "config", "setting", "var"]
            .iter()
            .any(|w| lower.contains(w));
        let (key, _) = super::static_key(c.arguments.first()?.as_expression()?)?;
        (reads && crate::schema::shaped_env_name(&key)).then(|| crate::facts::Word {
            kind: crate::facts::WordKind::Getter,
            name: method.to_owned(),
            at: m.property.span.start as usize,
        })
    }

    /// The decorators of a class's fields given a variable's name that are no known ones.
    pub fn unknown_decorators(&self, class: &Class<'a>) -> Vec<crate::facts::Word> {
        let mut out = Vec::new();
        for el in &class.body.body {
            let ClassElement::PropertyDefinition(p) = el else {
                continue;
            };
            for dec in &p.decorators {
                let Expression::CallExpression(c) = dec.expression.get_inner_expression() else {
                    continue;
                };
                let Expression::Identifier(id) = c.callee.get_inner_expression() else {
                    continue;
                };
                let named = c
                    .arguments
                    .first()
                    .and_then(Argument::as_expression)
                    .and_then(super::static_key)
                    .is_some_and(|(k, _)| crate::schema::shaped_env_name(&k));
                if named && !self.words.is_decorator(id.name.as_str()) {
                    out.push(crate::facts::Word {
                        kind: crate::facts::WordKind::Decorator,
                        name: id.name.to_string(),
                        at: id.span.start as usize,
                    });
                }
            }
        }
        out
    }

    /// An export of the module `source` imports, by name.
    fn export_of(&self, source: &str, name: &str) -> Option<(Arc<str>, Export)> {
        self.modules.export(self.path, source, name)
    }
}

/// The type word of a field's annotation: `number`, `boolean`, a union of string literals.
fn annotation_type(t: &TSType) -> Option<String> {
    match t {
        TSType::TSNumberKeyword(_) => Some("number".to_owned()),
        TSType::TSBooleanKeyword(_) => Some("bool".to_owned()),
        TSType::TSUnionType(u) => {
            let mut values = Vec::new();
            for t in &u.types {
                match t {
                    TSType::TSLiteralType(l) => match &l.literal {
                        TSLiteral::StringLiteral(s) => values.push(s.value.to_string()),
                        _ => return None,
                    },
                    TSType::TSUndefinedKeyword(_) | TSType::TSNullKeyword(_) => {}
                    _ => return None,
                }
            }
            (!values.is_empty()).then(|| enum_type(&values))
        }
        _ => None,
    }
}

/// The type word of a set of values: `bool` for the spellings of one, else `enum(a|b)`.
fn enum_type(values: &[String]) -> String {
    let bool_words = ["true", "false", "1", "0", "yes", "no", "on", "off"];
    let lower: Vec<String> = values.iter().map(|v| v.to_ascii_lowercase()).collect();
    if lower.iter().all(|v| bool_words.contains(&v.as_str()))
        && lower
            .iter()
            .any(|v| matches!(v.as_str(), "true" | "1" | "yes" | "on"))
        && lower
            .iter()
            .any(|v| matches!(v.as_str(), "false" | "0" | "no" | "off"))
    {
        return "bool".to_owned();
    }
    format!("enum({})", values.join("|"))
}

/// A property key's static name.
fn property_name(key: &PropertyKey) -> Option<String> {
    match key {
        PropertyKey::StaticIdentifier(id) => Some(id.name.to_string()),
        PropertyKey::StringLiteral(s) => Some(s.value.to_string()),
        _ => None,
    }
}

/// The static keys of an object literal: each key, the span of its name, its value.
fn object_keys<'a>(
    o: &'a ObjectExpression<'a>,
) -> impl Iterator<Item = (String, Span, &'a Expression<'a>)> {
    o.properties.iter().filter_map(|p| {
        let ObjectPropertyKind::ObjectProperty(p) = p else {
            return None;
        };
        if p.computed {
            return None;
        }
        let (name, at) = match &p.key {
            PropertyKey::StaticIdentifier(id) => (id.name.to_string(), span(id.span)),
            PropertyKey::StringLiteral(s) => (s.value.to_string(), string_span(s.span)),
            _ => return None,
        };
        Some((name, at, &p.value))
    })
}
