//! Every rule against its drift fixture: rendered output snapshots, exactly-its-rule, registry coverage.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use envlint::render::human::{Style, render};
use envlint::rules::RULES;
use envlint::{discover_schema, lint_dir};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn check(dir: &Path) -> envlint::Report {
    let schema = discover_schema(dir, None).expect("schema loads");
    lint_dir(&schema, dir, &[]).expect("surfaces read")
}

fn human(dir: &Path) -> String {
    render(
        &check(dir),
        Style {
            color: false,
            width: 100,
            quiet: false,
        },
    )
}

/// `fixtures/drift/RULE` and its variants `fixtures/drift/RULE--SURFACE` (the same drift
/// on another surface): each triggers its rule and nothing else.
#[test]
fn every_rule_has_a_drift_fixture_that_triggers_exactly_it() {
    for rule in RULES {
        assert!(
            fixture("drift").join(rule.name).is_dir(),
            "fixtures/drift/{} is missing",
            rule.name
        );
    }
    for entry in std::fs::read_dir(fixture("drift")).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if name == "clean" {
            continue;
        }
        let rule = name.split("--").next().unwrap();
        assert!(
            RULES.iter().any(|r| r.name == rule),
            "fixtures/drift/{name} names no rule"
        );
        let report = check(&dir);
        assert!(!report.findings.is_empty(), "{name} triggers nothing");
        for f in &report.findings {
            assert_eq!(
                f.rule.name, rule,
                "fixtures/drift/{name} also triggers {}",
                f.rule.name
            );
        }
    }
}

#[test]
fn the_clean_trees_trigger_nothing() {
    for dir in [
        fixture("omniroute"),
        fixture("drift/clean"),
        fixture("realistic"),
        fixture("monorepo"),
        fixture("config-class"),
        fixture("dto"),
        fixture("python-service"),
    ] {
        let report = check(&dir);
        assert!(
            report.findings.is_empty(),
            "{}: {}",
            dir.display(),
            human(&dir)
        );
    }
}

#[test]
fn rendered_diagnostics() {
    let mut dirs: Vec<_> = std::fs::read_dir(fixture("drift"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    dirs.push(fixture("omniroute"));
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(name, human(&dir));
    }
}

#[test]
fn every_rule_is_in_the_readme_table() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for rule in RULES {
        let row = format!("| `{}` | {} |", rule.name, rule.code);
        assert!(
            readme.contains(&row),
            "README lacks the row starting `{row}`"
        );
    }
}

#[test]
fn the_committed_json_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/envlint.schema.json");
    let fresh = envlint::schema::json_schema();
    if std::env::var_os("ENVLINT_BLESS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "schema/envlint.schema.json is stale: run `ENVLINT_BLESS=1 cargo test --test fixtures` and commit it"
    );
}

/// How a test tree is changed.
type Edit = fn(&Path);

/// A finding on a line wider than the output is shown in a window around its span, the
/// same columns of the lines around it, `…` at each cut; at 80 and 120 columns: a
/// 700-character docs row, multi-byte text before the span, a minified script.
#[test]
fn long_lines_are_cut_around_the_span() {
    let clean = fixture("drift/clean");
    let cases: [(&str, Edit); 3] = [
        ("wide-row", |root| {
            let docs = root.join("docs/ENVIRONMENT.md");
            let text = std::fs::read_to_string(&docs).unwrap();
            let long = format!(
                "REST port of the Qdrant sidecar. {} |",
                "It is published on the loopback interface only, and the gateway reaches it over the compose network. ".repeat(6)
            );
            let text = text.replace(
                "| `6333`    | `src/qdrant.ts`    | REST port of the Qdrant sidecar.                          |",
                &format!("| `6334`    | `src/qdrant.ts`    | {long}"),
            );
            std::fs::write(docs, text).unwrap();
        }),
        ("multibyte-before", |root| {
            let docs = root.join("docs/ENVIRONMENT.md");
            let text = std::fs::read_to_string(&docs).unwrap();
            let text = text.replace(
                "| `6333`    | `src/qdrant.ts`    | REST port of the Qdrant sidecar.                          |",
                &format!("| `6333`    | `src/qdrant.ts` {}| Port of the Qdrant sidecar. |", "☕ café ".repeat(30)),
            );
            std::fs::write(docs, text).unwrap();
        }),
        ("minified", |root| {
            let pad = (0..400).fold(String::new(), |mut s, i| {
                let _ = write!(s, "a{i}=f({i}),");
                s
            });
            std::fs::write(
                root.join("src/bundle.js"),
                format!("var {pad}p=process.env.QDRANT_PORT||\"6334\",{pad}z=1;\n"),
            )
            .unwrap();
        }),
    ];
    for (name, edit) in cases {
        let dir = tempfile::tempdir().unwrap();
        copy(&clean, dir.path());
        edit(dir.path());
        let report = check(dir.path());
        for width in [80, 120] {
            let out = render(
                &report,
                Style {
                    color: false,
                    width,
                    quiet: false,
                },
            );
            let widest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            assert!(
                widest <= width + 20,
                "{name} at {width}: a line of {widest}\n{out}"
            );
            insta::assert_snapshot!(format!("long-lines--{name}--{width}"), out);
        }
    }
}

fn copy(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The fixes the drift fixtures' findings carry are the ones their rules declare, every
/// declared fix is carried by some fixture, and `envlint fix --help` lists each under its
/// applicability: the help says what `fix` and `fix --unsafe` do today.
#[test]
fn fix_help_lists_exactly_the_fixes_the_findings_carry() {
    use envlint::edit::Applicability;
    let mut carried: Vec<(&str, envlint::schema::SurfaceName, Applicability)> = Vec::new();
    for entry in std::fs::read_dir(fixture("drift")).unwrap() {
        let report = check(&entry.unwrap().path());
        for f in &report.findings {
            let Some(fix) = &f.fix else { continue };
            let kind = report
                .surfaces
                .iter()
                .find(|s| s.file == f.file)
                .expect("a finding with a fix is on a surface")
                .kind;
            let declared = f
                .rule
                .fixes
                .iter()
                .any(|c| c.surface == kind && c.applicability == fix.applicability);
            assert!(
                declared,
                "{} carries a {:?} fix on {kind:?} that it does not declare",
                f.rule.name, fix.applicability
            );
            carried.push((f.rule.name, kind, fix.applicability));
        }
    }
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_envlint"))
        .args(["fix", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let (safe, unsafe_part) = help
        .split_once("Unsafe fixes")
        .expect("the help has an unsafe section");
    let uncarried: Vec<String> = RULES
        .iter()
        .flat_map(|r| r.fixes.iter().map(move |c| (r.name, c)))
        .filter(|(name, c)| !carried.contains(&(*name, c.surface, c.applicability)))
        .map(|(name, c)| format!("{name}: {:?} on {:?}", c.applicability, c.surface))
        .collect();
    assert!(
        uncarried.is_empty(),
        "declared fixes no drift fixture carries: {uncarried:?}"
    );
    for rule in RULES {
        for class in rule.fixes {
            let line = format!("- {} ({})", class.what, rule.name);
            let section = match class.applicability {
                Applicability::Safe => safe,
                Applicability::Unsafe => unsafe_part,
            };
            assert!(section.contains(&line), "`{line}` missing from:\n{help}");
        }
    }
}
