//! pydantic-settings classes as declarations: each field of a class that derives from
//! `BaseSettings` (directly or through classes of the file) is a read of the variable
//! `env_prefix` + the field's name (case-insensitive: written upper-case), or of its
//! aliases (`alias`, `validation_alias`, `AliasChoices`, v1's `env`), stating its default
//! as validation makes it, whether it is required, its type and description, and for a
//! `bool` how pydantic reads each spelling. A model whose every field is named like a
//! variable (a mixin the settings class combines, as large projects split theirs) is read
//! the same way, without a prefix. Nested models are read through `env_nested_delimiter`.

use ruff_python_ast::{Expr, Stmt, StmtClassDef};
use ruff_text_size::Ranged;

use super::eval::{Eval, inner, span};
use super::value::{PyVal, Src, Value, float_text, pydantic_bool};
use super::{Binding, Module, PyModules};
use crate::facts::{PROBES, Role, Stated, Truth};
use crate::source::Span;

/// How a settings class names its variables.
#[derive(Debug, Clone, Default)]
struct Config {
    prefix: String,
    delimiter: Option<String>,
    case_sensitive: bool,
}

/// Whether a class is read as a declaration of the environment (its body is not visited
/// as code).
pub(super) fn is_declaration(module: &Module, class: &StmtClassDef) -> bool {
    settings_config(module, class, 0).is_some() || mixin(class)
}

/// The configuration of a settings class, inherited from the settings classes of the file
/// it derives from and overridden by its own; `None` for a class that is no settings.
fn settings_config(module: &Module, class: &StmtClassDef, depth: usize) -> Option<Config> {
    if depth > 8 {
        return None;
    }
    let bases = class.arguments.as_deref()?;
    let mut config = None;
    for b in &bases.args {
        let found = match b {
            Expr::Name(n) if n.id.as_str() == "BaseSettings" => Some(Config::default()),
            Expr::Attribute(a) if a.attr.as_str() == "BaseSettings" => Some(Config::default()),
            Expr::Name(n) => match module.bindings.get(n.id.as_str()) {
                Some(Binding::Class(c)) => settings_config(module, c, depth + 1),
                _ => None,
            },
            _ => None,
        };
        if config.is_none() {
            config = found;
        }
    }
    let mut config = config?;
    own_config(class, &mut config);
    Some(config)
}

/// A class's own `model_config = SettingsConfigDict(...)` (or a dict), or v1's inner
/// `class Config`.
fn own_config(class: &StmtClassDef, config: &mut Config) {
    for s in &class.body {
        match s {
            Stmt::Assign(a) if matches!(a.targets.as_slice(), [Expr::Name(n)] if n.id.as_str() == "model_config") =>
            {
                read_options(&a.value, config);
            }
            Stmt::AnnAssign(a) if matches!(&*a.target, Expr::Name(n) if n.id.as_str() == "model_config") => {
                if let Some(v) = &a.value {
                    read_options(v, config);
                }
            }
            Stmt::ClassDef(inner) if inner.name.as_str() == "Config" => {
                for s in &inner.body {
                    if let Stmt::Assign(a) = s
                        && let [Expr::Name(n)] = a.targets.as_slice()
                    {
                        set_option(config, n.id.as_str(), &a.value);
                    }
                }
            }
            _ => {}
        }
    }
}

fn read_options(e: &Expr, config: &mut Config) {
    match e {
        Expr::Call(c) => {
            for k in &c.arguments.keywords {
                if let Some(name) = &k.arg {
                    set_option(config, name.as_str(), &k.value);
                }
            }
        }
        Expr::Dict(d) => {
            for item in &d.items {
                if let Some(Expr::StringLiteral(k)) = &item.key {
                    set_option(config, k.value.to_str(), &item.value);
                }
            }
        }
        _ => {}
    }
}

fn set_option(config: &mut Config, name: &str, value: &Expr) {
    match (name, value) {
        ("env_prefix", Expr::StringLiteral(s)) => s.value.to_str().clone_into(&mut config.prefix),
        ("env_nested_delimiter", Expr::StringLiteral(s)) => {
            config.delimiter = Some(s.value.to_str().to_owned());
        }
        ("case_sensitive", Expr::BooleanLiteral(b)) => config.case_sensitive = b.value,
        _ => {}
    }
}

/// Whether a model is a mixin of settings: two or more annotated fields, every one named
/// like a variable.
fn mixin(class: &StmtClassDef) -> bool {
    if class.arguments.as_deref().is_none_or(|a| a.args.is_empty()) {
        return false;
    }
    let fields: Vec<&str> = fields(class).map(|(n, ..)| n).collect();
    !fields.is_empty() && fields.iter().all(|f| crate::schema::shaped_env_name(f))
}

/// The annotated fields of a class: name, its span, annotation, value.
fn fields(class: &StmtClassDef) -> impl Iterator<Item = (&str, Span, &Expr, Option<&Expr>)> {
    class.body.iter().filter_map(|s| {
        let Stmt::AnnAssign(a) = s else {
            return None;
        };
        let Expr::Name(n) = &*a.target else {
            return None;
        };
        let name = n.id.as_str();
        if name.starts_with('_') || name == "model_config" || class_var(&a.annotation) {
            return None;
        }
        Some((name, span(n.range()), &*a.annotation, a.value.as_deref()))
    })
}

fn class_var(ann: &Expr) -> bool {
    match ann {
        Expr::Subscript(s) => class_var(&s.value),
        Expr::Name(n) => n.id.as_str() == "ClassVar",
        Expr::Attribute(a) => a.attr.as_str() == "ClassVar",
        _ => false,
    }
}

/// Records the declarations of every settings class and mixin of the module.
pub(super) fn declarations<'a>(
    module: &Module<'a>,
    body: &'a [Stmt],
    modules: &dyn PyModules,
    reads: &mut crate::surfaces::code::Reads,
) {
    let mut classes = Vec::new();
    collect(body, &mut classes);
    for class in classes {
        let config = match settings_config(module, class, 0) {
            Some(c) => c,
            None if mixin(class) => Config {
                case_sensitive: true,
                ..Config::default()
            },
            None => continue,
        };
        let mut ev = Eval::new(module, modules);
        declare_fields(module, &mut ev, class, &config, &config.prefix, reads, 0);
    }
}

fn collect<'a>(body: &'a [Stmt], out: &mut Vec<&'a StmtClassDef>) {
    for s in body {
        if let Stmt::ClassDef(c) = s {
            out.push(c);
        }
    }
}

fn declare_fields<'a>(
    module: &Module<'a>,
    ev: &mut Eval<'_, 'a>,
    class: &'a StmtClassDef,
    config: &Config,
    prefix: &str,
    reads: &mut crate::surfaces::code::Reads,
    depth: usize,
) {
    if depth > 4 {
        return;
    }
    for (field, at, ann, value) in fields(class) {
        let ty = Type::of(ann);
        // A nested model read through the delimiter: its fields, each under this one.
        if let (Some(delim), Type::Model(model)) = (&config.delimiter, &ty)
            && let Some(Binding::Class(c)) = module.bindings.get(model.as_str())
        {
            let nested = format!("{prefix}{field}{delim}");
            declare_fields(module, ev, c, config, &nested, reads, depth + 1);
            continue;
        }
        let f = Field::read(module, value);
        let names: Vec<(String, Span)> = if f.aliases.is_empty() {
            let name = format!("{prefix}{field}");
            let name = if config.case_sensitive {
                name
            } else {
                name.to_uppercase()
            };
            vec![(name, at)]
        } else {
            f.aliases.clone()
        };
        let Some((primary, place)) = names.first().cloned() else {
            continue;
        };
        if !crate::schema::is_env_name(&primary) {
            continue;
        }
        let key = reads.add(primary.clone(), place.clone());
        // Each other alias names the variable too.
        for (alias, s) in names.iter().skip(1) {
            reads.add(alias.clone(), s.clone());
        }
        state(ev, reads, key, &place, &ty, &f);
    }
}

/// What a field states.
fn state<'a>(
    ev: &mut Eval<'_, 'a>,
    reads: &mut crate::surfaces::code::Reads,
    key: usize,
    place: &Span,
    ty: &Type,
    f: &Field<'a>,
) {
    let word = ty.word();
    if let Some(w) = &word {
        reads.state(
            key,
            Role::Type,
            Some(w.clone()),
            place.clone(),
            "declared type",
        );
    }
    if let Some(d) = &f.description {
        reads.state(
            key,
            Role::Description,
            Some(d.clone()),
            place.clone(),
            "declared description",
        );
    }
    let default = match f.default {
        Some(e) => Some(ev.expr(url_argument(e).unwrap_or(e))),
        None if f.factory => Some(Value::unknown(false)),
        None => None,
    };
    match &default {
        None => reads.state(
            key,
            Role::Required,
            Some("true".to_owned()),
            place.clone(),
            "declaration",
        ),
        Some(v) if v.val == PyVal::None => reads.state(
            key,
            Role::Required,
            Some("false".to_owned()),
            place.clone(),
            "declaration",
        ),
        Some(_) => {}
    }
    let Some(v) = default else { return };
    let Src::Code { span: at, def } = v.src.clone() else {
        return;
    };
    // A bool: how pydantic reads each spelling, and what it is unset.
    if word.as_deref() == Some("bool") {
        if let PyVal::Bool(b) = v.val {
            let mut truth = Truth([None; PROBES.len()]);
            for (i, p) in PROBES.iter().enumerate() {
                truth.0[i] = pydantic_bool(p);
            }
            let mut stated = Stated::new(Role::Reading, Some(b.to_string()), at, "reading");
            stated.truth = Some(Box::new(truth));
            reads.state_full(key, stated, def);
        }
        return;
    }
    // The default as validation makes it.
    let text = match (&v.val, ty) {
        #[allow(clippy::cast_precision_loss, reason = "a default is far below 2^52")]
        (PyVal::Int(i), Type::Float) => Some(float_text(*i as f64)),
        (PyVal::Str(s), Type::Url) => Some(url_as_validated(s)),
        (val, _) => text_of(val),
    };
    if let Some(t) = text {
        reads.state_full(
            key,
            Stated::new(Role::Default, Some(t), at, "declared default"),
            def,
        );
    }
}

/// A default's text: a primitive; a list as the JSON pydantic-settings reads a list field
/// from (`["a", "b"]`); `None` for `None` and what is unknown.
fn text_of(v: &PyVal) -> Option<String> {
    match v {
        PyVal::Bool(b) => Some(b.to_string()),
        PyVal::Str(s) if s.is_empty() => None,
        PyVal::List(items) => items
            .iter()
            .map(|i| json_item(&i.val))
            .collect::<Option<Vec<_>>>()
            .map(|p| format!("[{}]", p.join(", "))),
        PyVal::None | PyVal::Unknown => None,
        v => v.to_text(),
    }
}

/// A list item as Python's `json.dumps` writes it.
fn json_item(v: &PyVal) -> Option<String> {
    Some(match v {
        PyVal::Str(s) => serde_json::to_string(s).ok()?,
        PyVal::Bool(b) => b.to_string(),
        PyVal::None => "null".to_owned(),
        PyVal::Int(i) => i.to_string(),
        PyVal::Float(f) => float_text(*f),
        PyVal::List(_) | PyVal::Unknown => return None,
    })
}

/// The text a URL type is made of: `HttpUrl("http://sandbox:8194")`.
fn url_argument(e: &Expr) -> Option<&Expr> {
    let Expr::Call(c) = e else { return None };
    let name = match &*c.func {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.as_str(),
        _ => return None,
    };
    (Type::named(name) == Type::Url && c.arguments.args.len() == 1).then(|| &c.arguments.args[0])
}

/// A URL as pydantic's `HttpUrl`/`AnyUrl` keeps it: a bare host gets a `/` path.
fn url_as_validated(s: &str) -> String {
    match s.split_once("://") {
        Some((_, rest)) if !rest.contains('/') && !rest.contains('?') && !rest.contains('#') => {
            format!("{s}/")
        }
        _ => s.to_owned(),
    }
}

/// A field's value: its default, aliases and description.
#[derive(Debug, Default)]
struct Field<'a> {
    default: Option<&'a Expr>,
    /// `default_factory`: a default computed by code.
    factory: bool,
    aliases: Vec<(String, Span)>,
    description: Option<String>,
}

impl<'a> Field<'a> {
    fn read(module: &Module<'a>, value: Option<&'a Expr>) -> Self {
        let mut f = Field::default();
        let Some(value) = value else {
            return f;
        };
        let Expr::Call(c) = value else {
            f.default = Some(value);
            return f;
        };
        let is_field = matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "Field")
            || matches!(&*c.func, Expr::Attribute(a) if a.attr.as_str() == "Field");
        if !is_field {
            f.default = Some(value);
            return f;
        }
        if let Some(first) = c.arguments.args.first()
            && !matches!(first, Expr::EllipsisLiteral(_))
        {
            f.default = Some(first);
        }
        for k in &c.arguments.keywords {
            let Some(arg) = &k.arg else { continue };
            match arg.as_str() {
                "default" if !matches!(k.value, Expr::EllipsisLiteral(_)) => {
                    f.default = Some(&k.value);
                }
                "default_factory" => f.factory = true,
                "description" => {
                    if let Expr::StringLiteral(s) = &k.value {
                        f.description = Some(s.value.to_str().to_owned());
                    }
                }
                "alias" | "validation_alias" | "env" => {
                    f.aliases = aliases(module, &k.value);
                }
                _ => {}
            }
        }
        f
    }
}

/// The names an alias gives: a string, `AliasChoices("A", "B")`, a list (v1's `env`).
fn aliases(module: &Module, e: &Expr) -> Vec<(String, Span)> {
    let lit = |x: &Expr| match x {
        Expr::StringLiteral(s) => {
            Some((s.value.to_str().to_owned(), inner(s.range(), module.text)))
        }
        _ => None,
    };
    match e {
        Expr::StringLiteral(_) => lit(e).into_iter().collect(),
        Expr::Call(c) if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "AliasChoices") => {
            c.arguments.args.iter().filter_map(lit).collect()
        }
        Expr::List(l) => l.elts.iter().filter_map(lit).collect(),
        Expr::Tuple(t) => t.elts.iter().filter_map(lit).collect(),
        _ => Vec::new(),
    }
}

/// A field's type, as far as it says what the variable holds.
#[derive(Debug, Clone, PartialEq)]
enum Type {
    Int,
    Float,
    Bool,
    Str,
    Url,
    Enum(Vec<String>),
    /// A class of the module: a nested model.
    Model(String),
    Other,
}

impl Type {
    fn of(ann: &Expr) -> Self {
        match ann {
            Expr::Name(n) => Self::named(n.id.as_str()),
            Expr::Attribute(a) => Self::named(a.attr.as_str()),
            // `X | None`
            Expr::BinOp(b) => match (&*b.left, &*b.right) {
                (x, Expr::NoneLiteral(_)) | (Expr::NoneLiteral(_), x) => Self::of(x),
                _ => Self::Other,
            },
            Expr::Subscript(s) => {
                let head = match &*s.value {
                    Expr::Name(n) => n.id.as_str(),
                    Expr::Attribute(a) => a.attr.as_str(),
                    _ => return Self::Other,
                };
                match head {
                    "Optional" => Self::of(&s.slice),
                    "Annotated" => match &*s.slice {
                        Expr::Tuple(t) => t.elts.first().map_or(Self::Other, Self::of),
                        x => Self::of(x),
                    },
                    "Union" => match &*s.slice {
                        Expr::Tuple(t) => {
                            let kinds: Vec<Self> = t
                                .elts
                                .iter()
                                .filter(|x| !matches!(x, Expr::NoneLiteral(_)))
                                .map(Self::of)
                                .collect();
                            match kinds.as_slice() {
                                [one] => one.clone(),
                                _ => Self::Other,
                            }
                        }
                        _ => Self::Other,
                    },
                    "Literal" => {
                        let elts: Vec<&Expr> = match &*s.slice {
                            Expr::Tuple(t) => t.elts.iter().collect(),
                            x => vec![x],
                        };
                        let values: Option<Vec<String>> = elts
                            .iter()
                            .map(|x| match x {
                                Expr::StringLiteral(s) => Some(s.value.to_str().to_owned()),
                                _ => None,
                            })
                            .collect();
                        values.map_or(Self::Other, Self::Enum)
                    }
                    _ => Self::Other,
                }
            }
            _ => Self::Other,
        }
    }

    fn named(name: &str) -> Self {
        match name {
            "int" | "PositiveInt" | "NonNegativeInt" | "NegativeInt" | "NonPositiveInt"
            | "conint" | "StrictInt" => Self::Int,
            "float" | "PositiveFloat" | "NonNegativeFloat" | "NegativeFloat"
            | "NonPositiveFloat" | "confloat" | "StrictFloat" => Self::Float,
            "bool" | "StrictBool" => Self::Bool,
            "str" | "SecretStr" | "constr" | "StrictStr" => Self::Str,
            "HttpUrl" | "AnyUrl" | "AnyHttpUrl" | "PostgresDsn" | "RedisDsn" | "AmqpDsn"
            | "MongoDsn" | "KafkaDsn" | "FileUrl" | "WebsocketUrl" | "AnyWebsocketUrl" => Self::Url,
            n if n.chars().next().is_some_and(char::is_uppercase) && !is_typing(n) => {
                Self::Model(n.to_owned())
            }
            _ => Self::Other,
        }
    }

    /// The type word facts state (`int`, `bool`, `enum(a|b)`; a `str` takes any text).
    fn word(&self) -> Option<String> {
        Some(match self {
            Self::Int => "int".to_owned(),
            Self::Float => "float".to_owned(),
            Self::Bool => "bool".to_owned(),
            Self::Str => "string".to_owned(),
            Self::Url => "url".to_owned(),
            Self::Enum(v) => format!("enum({})", v.join("|")),
            Self::Model(_) | Self::Other => return None,
        })
    }
}

/// Names from `typing` and the standard library that are no model of the module.
fn is_typing(n: &str) -> bool {
    matches!(
        n,
        "Any"
            | "List"
            | "Dict"
            | "Set"
            | "Tuple"
            | "Optional"
            | "Union"
            | "Path"
            | "Decimal"
            | "Enum"
            | "Callable"
    )
}
