//! The command line: argument parsing, exit codes and printing. May import any module.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::check::{discover_schema, lint_dir};
use crate::error::Error;
use crate::render;
use crate::report::Report;
use crate::rules::{self, Rule};

/// Keeps a deployment's environment variables consistent across `.env.example`, the
/// docs table, compose and code, against one schema.
#[derive(Debug, Parser)]
#[command(name = "envlint", version)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    global: Global,
    #[command(flatten)]
    check: CheckArgs,
}

/// The options every command takes, before or after its name.
#[derive(Debug, Args)]
struct Global {
    /// The deployment's root directory; surface paths are relative to it.
    #[arg(long, default_value = ".", global = true)]
    root: PathBuf,
    /// The schema file; default: `<root>/envlint.toml`, else the embedded OmniRoute schema
    /// (only where its files are).
    #[arg(long, global = true)]
    schema: Option<PathBuf>,
    /// Read surface paths the schema places outside the root (absolute, or with `..`).
    #[arg(long, global = true)]
    allow_outside_root: bool,
    /// When to colour output; `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    color: Color,
    /// Also tell, on stderr, which files were read or skipped and why, rows not
    /// understood, and reads that were not checked.
    #[arg(long, short, conflicts_with = "quiet", global = true)]
    verbose: bool,
    /// Print less: error-level findings only, without the summary line (`check`), no
    /// summary line (the other commands).
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check every surface against the schema (the default command).
    Check(CheckArgs),
    /// Apply the safe fixes (see `envlint fix --help` for what they are). Exits 1 when it
    /// changed (or, with --dry-run, would change) a file.
    #[command(long_about = fix_help())]
    Fix(FixArgs),
    /// Regenerate the owned rows of the docs table from the schema (cells and order),
    /// keeping every other row, column and byte of the file.
    Docs(DocsArgs),
    /// Write a schema from what the project's files say: example dotenv files, Markdown
    /// tables with a variable column, compose files and the code that reads the
    /// environment. Prints it, or writes `--output`.
    Init(InitArgs),
    /// Write the current findings to a baseline file (default `envlint-baseline.json` in
    /// the root), so `check --baseline FILE` reports only the findings not in it.
    Baseline(BaselineArgs),
    /// Print the JSON Schema of the schema file format (for editors).
    Schema,
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions { shell: clap_complete::Shell },
    /// Print a rule's documentation (by name or code), or what the schema and every
    /// surface say about one variable, drift marked.
    Explain {
        /// A rule name (`missing-entry`), a rule code (`EL001`) or a variable (`QDRANT_PORT`).
        subject: String,
    },
}

impl Global {
    fn lint(&self, ignore: &[&'static Rule]) -> Result<(crate::schema::Schema, Report), Error> {
        if !self.root.is_dir() {
            return Err(Error::Read {
                path: self.root.display().to_string(),
                reason: "the root is not a directory".to_owned(),
            });
        }
        let schema = discover_schema(&self.root, self.schema.as_deref())?;
        if !self.allow_outside_root {
            schema.check_within_root()?;
        }
        let report = lint_dir(&schema, &self.root, ignore)?;
        Ok((schema, report))
    }

    /// Prints the report's notes on stderr when `--verbose`.
    fn notes(&self, report: &Report) {
        if self.verbose && !report.notes.is_empty() {
            let mut notes = String::new();
            for n in &report.notes {
                let _ = writeln!(notes, "note: {n}");
            }
            let _ = std::io::stderr().write_all(notes.as_bytes());
        }
    }
}

#[derive(Debug, Args)]
struct BaselineArgs {
    /// The file to write; default: `<root>/envlint-baseline.json`.
    #[arg(long)]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct InitArgs {
    /// Declare only the names starting with this (repeatable); without it, every name the
    /// files mention, with the prefixes inferred.
    #[arg(long = "prefix")]
    prefixes: Vec<String>,
    /// Write the schema to this file (atomically) instead of printing it.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Overwrite `--output` when it exists.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
struct FixArgs {
    /// Write nothing; print the diff of what would change.
    #[arg(long)]
    dry_run: bool,
    /// Print the diff of what changed.
    #[arg(long)]
    diff: bool,
    /// Also apply the unsafe fixes, which rewrite text a person wrote.
    #[arg(long = "unsafe", long_help = unsafe_help())]
    allow_unsafe: bool,
}

#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools, reason = "each is a command-line flag")]
struct DocsArgs {
    /// Write nothing; exit 1 and print the diff when the docs are stale (CRLF and LF
    /// line endings compare equal).
    #[arg(long)]
    check: bool,
    /// Print the diff of what changed.
    #[arg(long)]
    diff: bool,
    /// Also put the declared rows of each table in schema order (in the places they hold).
    #[arg(long)]
    sort: bool,
    /// Also remove the rows of owned names the schema does not declare (kept by default).
    #[arg(long)]
    prune: bool,
    /// Also rewrite cells that say what the schema says in another spelling (`1` for a
    /// `true` default) in the schema's own.
    #[arg(long)]
    canonical: bool,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Skip a rule (name or code); repeatable or comma-separated.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Read the schema and every surface from the git index instead of the work tree,
    /// so a pre-commit hook judges what is being committed.
    #[arg(long)]
    staged: bool,
    /// Report only the findings this baseline file (written by `envlint baseline`) does
    /// not hold; its entries that match nothing are warnings.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
}

impl CheckArgs {
    /// Whether no option was given.
    fn is_default(&self) -> bool {
        self.format == Format::Human
            && !self.deny_warnings
            && self.ignore.is_empty()
            && !self.staged
            && self.baseline.is_none()
    }

    /// These options, with those given before the command name where these are not given.
    fn or(self, before: CheckArgs) -> CheckArgs {
        CheckArgs {
            format: if self.format == Format::Human {
                before.format
            } else {
                self.format
            },
            deny_warnings: self.deny_warnings || before.deny_warnings,
            ignore: [before.ignore, self.ignore].concat(),
            staged: self.staged || before.staged,
            baseline: self.baseline.or(before.baseline),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// The fix classes of `applicability`, one per line, from the rules' registry.
fn fix_classes(applicability: crate::edit::Applicability) -> String {
    let mut out = String::new();
    for rule in rules::RULES {
        for class in rule
            .fixes
            .iter()
            .filter(|c| c.applicability == applicability)
        {
            let _ = writeln!(out, "  - {} ({})", class.what, rule.name);
        }
    }
    out
}

/// `envlint fix --help`: what the safe fixes are and what `--unsafe` adds, from the rules'
/// registry (`tests/cli.rs` holds the fixes the findings carry to it).
pub fn fix_help() -> String {
    format!(
        "Apply the safe fixes, each a byte edit that leaves every other byte of the file as it \
         is (line endings, BOM, final newline, table alignment). Exits 1 when it changed (or, \
         with --dry-run, would change) a file.\n\nSafe fixes, applied by default:\n{}\n\
         Unsafe fixes, which rewrite text a person wrote, applied only with --unsafe (listed \
         otherwise):\n{}",
        fix_classes(crate::edit::Applicability::Safe),
        fix_classes(crate::edit::Applicability::Unsafe).trim_end(),
    )
}

/// `--unsafe`'s long help: the unsafe fixes it adds.
fn unsafe_help() -> String {
    format!(
        "Also apply the unsafe fixes, which rewrite text a person wrote:\n{}",
        fix_classes(crate::edit::Applicability::Unsafe).trim_end()
    )
}

/// Runs the command line; the process exits with the returned code.
pub fn main() -> ExitCode {
    let cli = <Cli as clap::Parser>::parse();
    let g = &cli.global;
    let color = g.color;
    let result = match cli.command {
        // `envlint --format json check`: the check options given before `check` apply.
        Some(Command::Check(args)) => check(g, &args.or(cli.check)),
        Some(_) if !cli.check.is_default() => Err(Error::Usage(
            "--format, --deny-warnings, --ignore, --staged and --baseline are options of \
             `check`"
                .to_owned(),
        )),
        Some(Command::Fix(args)) => fix(g, &args),
        Some(Command::Docs(args)) => docs(g, &args),
        Some(Command::Init(args)) => init(g, &args),
        Some(Command::Baseline(args)) => baseline(g, &args),
        Some(Command::Schema) => {
            print(&crate::schema::json_schema());
            Ok(0)
        }
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cmd, "envlint", &mut out);
            print(&String::from_utf8_lossy(&out));
            Ok(0)
        }
        Some(Command::Explain { subject }) => explain(g, &subject),
        None => check(g, &cli.check),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let mut text = String::new();
            let handler = miette::GraphicalReportHandler::new_themed(render::human::theme(
                use_color(color, &std::io::stderr()),
            ))
            .with_width(width());
            if handler.render_report(&mut text, &err).is_err() {
                text = format!("error: {err}\n");
            }
            let _ = std::io::stderr().write_all(text.as_bytes());
            ExitCode::from(2)
        }
    }
}

fn check(g: &Global, args: &CheckArgs) -> Result<u8, Error> {
    let ignore = args
        .ignore
        .iter()
        .map(|name| {
            rules::find(name).ok_or_else(|| {
                let known: Vec<_> = rules::RULES.iter().map(|r| r.name).collect();
                Error::Usage(format!(
                    "--ignore: unknown rule `{name}` (rules: {})",
                    known.join(", ")
                ))
            })
        })
        .collect::<Result<Vec<&'static Rule>, Error>>()?;
    let (_, mut report) = if args.staged {
        crate::check::lint_staged(g.schema.as_deref(), &g.root, g.allow_outside_root, &ignore)?
    } else {
        g.lint(&ignore)?
    };
    if let Some(path) = &args.baseline {
        let source = crate::source::SourceFile::read(path, path.display().to_string())?;
        crate::baseline::apply(&mut report, source)?;
    }
    g.notes(&report);
    let text = match args.format {
        Format::Json => render::json::render(&report),
        Format::Sarif => render::sarif::render(&report),
        Format::Github => render::github::render(&report),
        Format::Human => render::human::render(
            &report,
            render::human::Style {
                color: use_color(g.color, &std::io::stdout()),
                width: width(),
                quiet: g.quiet,
            },
        ),
    };
    print(&text);
    let failing = report.errors() > 0 || (args.deny_warnings && report.warnings() > 0);
    Ok(u8::from(failing))
}

fn fix(g: &Global, args: &FixArgs) -> Result<u8, Error> {
    let (schema, report) = g.lint(&[])?;
    g.notes(&report);
    let changes = crate::fix::plan(&report, &schema, args.allow_unsafe);
    if !args.dry_run {
        crate::fix::write(&g.root, &changes)?;
    }
    let mut out = String::new();
    if args.dry_run || args.diff {
        for c in &changes {
            out.push_str(&crate::fix::diff(c));
        }
    }
    if !args.allow_unsafe {
        let unsafe_fixes: Vec<String> = report
            .findings
            .iter()
            .filter(|f| {
                f.fix
                    .as_ref()
                    .is_some_and(|x| x.applicability == crate::edit::Applicability::Unsafe)
            })
            .map(|f| {
                let file = report.files.get(f.file);
                let at = file.position(f.span.start);
                format!("  {} {}:{}:{}", f.rule.name, file.name, at.line, at.column)
            })
            .collect();
        if !unsafe_fixes.is_empty() {
            let _ = writeln!(
                out,
                "envlint: {} more fix{} rewrite{} text a person wrote; `--unsafe` applies them:\n{}",
                unsafe_fixes.len(),
                if unsafe_fixes.len() == 1 { "" } else { "es" },
                if unsafe_fixes.len() == 1 { "s" } else { "" },
                unsafe_fixes.join("\n")
            );
        }
    }
    let fixed: usize = changes.iter().map(|c| c.fixed).sum();
    let verb = if args.dry_run { "would fix" } else { "fixed" };
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let n = changes.len();
    if !g.quiet {
        let _ = if n == 0 {
            writeln!(out, "envlint: nothing to fix")
        } else {
            writeln!(
                out,
                "envlint: {verb} {fixed} finding{} in {n} file{}",
                plural(fixed),
                plural(n)
            )
        };
    }
    print(&out);
    Ok(u8::from(!changes.is_empty()))
}

fn docs(g: &Global, args: &DocsArgs) -> Result<u8, Error> {
    let (schema, report) = g.lint(&[])?;
    g.notes(&report);
    let how = crate::surfaces::docs::Regen {
        sort: args.sort,
        prune: args.prune,
        canonical: args.canonical,
    };
    let regenerated = crate::regenerate::regenerate_docs(&report, &schema, how)?;
    let lf = |t: &str| t.replace("\r\n", "\n");
    let changes: Vec<_> = regenerated
        .changes
        .into_iter()
        .filter(|c| lf(&c.before) != lf(&c.after))
        .collect();
    let mut out = String::new();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if !regenerated.undeclared.is_empty() && !args.prune && !g.quiet {
        let names: Vec<String> = regenerated
            .undeclared
            .iter()
            .map(|n| format!("`{n}`"))
            .collect();
        let _ = writeln!(
            out,
            "envlint: kept {} row{} of owned names the schema does not declare ({}); `--prune` removes them",
            names.len(),
            plural(names.len()),
            names.join(", ")
        );
    }
    if changes.is_empty() {
        let name = schema
            .docs
            .as_ref()
            .map_or("the docs".to_owned(), |d| d.paths.join(", "));
        if !g.quiet {
            let _ = writeln!(out, "envlint: {name} is up to date");
        }
        print(&out);
        return Ok(0);
    }
    if args.check || args.diff {
        for c in &changes {
            out.push_str(&crate::fix::diff(c));
        }
    }
    for c in changes.iter().filter(|_| !g.quiet) {
        let rows = c.fixed;
        let s = plural(rows);
        if args.check {
            let verb = if rows == 1 { "differs" } else { "differ" };
            let _ = writeln!(
                out,
                "envlint: {} is stale: {rows} row{s} {verb} from the schema; run `envlint docs` to regenerate it",
                c.name
            );
        } else {
            let _ = writeln!(out, "envlint: regenerated {rows} row{s} in {}", c.name);
        }
    }
    if !args.check {
        crate::fix::write(&g.root, &changes)?;
    }
    print(&out);
    Ok(u8::from(args.check))
}

fn baseline(g: &Global, args: &BaselineArgs) -> Result<u8, Error> {
    let (_, report) = g.lint(&[])?;
    g.notes(&report);
    let text = crate::baseline::write(&report);
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| g.root.join(crate::baseline::DEFAULT_FILE));
    crate::edit::write_new(&path, &text, true)?;
    let n = report.findings.len();
    let s = if n == 1 { "" } else { "s" };
    if !g.quiet {
        print(&format!(
            "envlint: wrote {} ({n} finding{s})\n",
            path.display()
        ));
    }
    Ok(0)
}

fn init(g: &Global, args: &InitArgs) -> Result<u8, Error> {
    if !g.root.is_dir() {
        return Err(Error::Read {
            path: g.root.display().to_string(),
            reason: "the root is not a directory".to_owned(),
        });
    }
    for p in &args.prefixes {
        if p.is_empty() || !crate::schema::is_env_name(p) {
            return Err(Error::Usage(format!(
                "--prefix `{p}` is not the start of an environment variable name"
            )));
        }
    }
    let text = crate::init::schema_text(&g.root, &args.prefixes)?;
    match &args.output {
        Some(path) => {
            crate::edit::write_new(path, &text, args.force)?;
            let n = text.matches("[[variable]]").count();
            let s = if n == 1 { "" } else { "s" };
            if !g.quiet {
                print(&format!(
                    "envlint: wrote {} ({n} variable{s})\n",
                    path.display()
                ));
            }
        }
        None => print(&text),
    }
    Ok(0)
}

fn explain(g: &Global, name: &str) -> Result<u8, Error> {
    if rules::find(name).is_none() && crate::schema::is_env_name(name) {
        let (schema, report) = g.lint(&[])?;
        g.notes(&report);
        if schema.get(name).is_some() || schema.owns(name) {
            print(&crate::explain::variable(&schema, &report, name));
            return Ok(0);
        }
    }
    let Some(rule) = rules::find(name) else {
        let known: Vec<_> = rules::RULES
            .iter()
            .map(|r| format!("{} ({})", r.name, r.code))
            .collect();
        return Err(Error::Usage(format!(
            "`{name}` is neither a rule nor a variable the schema owns; rules: {}",
            known.join(", ")
        )));
    };
    print(&format!(
        "{} {} ({})\n\n{}",
        rule.code,
        rule.name,
        rule.severity.as_str(),
        rule.doc()
    ));
    Ok(0)
}

/// Writes to stdout; a closed pipe (`envlint | head`) is not an error.
fn print(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn use_color(choice: Color, stream: &impl IsTerminal) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// The output width: `COLUMNS` when set, else the terminal's when stdout is one, else 100.
fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .or_else(|| {
            std::io::stdout()
                .is_terminal()
                .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
                .flatten()
        })
        .filter(|&w| w >= 40)
        .unwrap_or(100)
}
