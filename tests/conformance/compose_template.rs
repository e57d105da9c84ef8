//! compose-go `template` and `interpolation`: what a value interpolates to, what is
//! refused, which operator a body has, and what a file's variables are.

use envlint::surfaces::compose::interpolation::{Op, scan, substitute};

/// compose-go's template tests set `FOO=first` and `BAR` to the empty string.
const TEMPLATE_VARS: &[(&str, &str)] = &[("FOO", "first"), ("BAR", "")];
/// Its interpolation tests set these (`TestValidExistentInterpolation`, `TestInterpolate`).
const INTERPOLATION_VARS: &[(&str, &str)] = &[
    ("USER", "jenny"),
    ("FOO", "bar"),
    ("count", "5"),
    ("REQUIRED", "true"),
];

/// (reference test, template, variables, expected: `Ok(value)` or `Err(message part)`).
type Case = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    Result<&'static str, &'static str>,
);

const T: &[(&str, &str)] = TEMPLATE_VARS;
const I: &[(&str, &str)] = INTERPOLATION_VARS;
const NONE: &[(&str, &str)] = &[];

const CASES: &[Case] = &[
    ("template/TestEscaped", "$${foo}", T, Ok("${foo}")),
    ("template/TestSubstituteNoMatch", "foo", T, Ok("foo")),
    ("template/TestUnescaped", "a $ string", T, Ok("a $ string")),
    ("template/TestUnescaped", "^REGEX$", T, Ok("^REGEX$")),
    ("template/TestUnescaped", "$}", T, Ok("$}")),
    ("template/TestUnescaped", "$", T, Ok("$")),
    ("template/TestInvalid", "${", T, Err("invalid template")),
    ("template/TestInvalid", "${}", T, Err("invalid template")),
    ("template/TestInvalid", "${ }", T, Err("invalid template")),
    (
        "template/TestInvalid",
        "${ foo}",
        T,
        Err("invalid template"),
    ),
    (
        "template/TestInvalid",
        "${foo }",
        T,
        Err("invalid template"),
    ),
    (
        "template/TestInvalid",
        "${foo!}",
        T,
        Err("invalid template"),
    ),
    ("template/TestNonBraced", "$FOO-bar", T, Ok("first-bar")),
    (
        "template/TestNoValueNoDefault",
        "This ${missing} var",
        T,
        Ok("This  var"),
    ),
    (
        "template/TestNoValueNoDefault",
        "This ${BAR} var",
        T,
        Ok("This  var"),
    ),
    (
        "template/TestValueNoDefault",
        "This $FOO var",
        T,
        Ok("This first var"),
    ),
    (
        "template/TestValueNoDefault",
        "This ${FOO} var",
        T,
        Ok("This first var"),
    ),
    (
        "template/TestNoValueWithDefault",
        "ok ${missing:-def}",
        T,
        Ok("ok def"),
    ),
    (
        "template/TestNoValueWithDefault",
        "ok ${missing-def}",
        T,
        Ok("ok def"),
    ),
    (
        "template/TestEmptyValueWithSoftDefault",
        "ok ${BAR:-def}",
        T,
        Ok("ok def"),
    ),
    (
        "template/TestValueWithSoftDefault",
        "ok ${FOO:-def}",
        T,
        Ok("ok first"),
    ),
    (
        "template/TestEmptyValueWithHardDefault",
        "ok ${BAR-def}",
        T,
        Ok("ok "),
    ),
    (
        "template/TestPresentValueWithUnset",
        "ok ${UNSET_VAR:+presence_value}",
        T,
        Ok("ok "),
    ),
    (
        "template/TestPresentValueWithUnset2",
        "ok ${UNSET_VAR+presence_value}",
        T,
        Ok("ok "),
    ),
    (
        "template/TestPresentValueWithNonEmpty",
        "ok ${FOO:+presence_value}",
        T,
        Ok("ok presence_value"),
    ),
    (
        "template/TestPresentValueAndNonEmptyWithNonEmpty",
        "ok ${FOO+presence_value}",
        T,
        Ok("ok presence_value"),
    ),
    (
        "template/TestPresentValueWithSet",
        "ok ${BAR+presence_value}",
        T,
        Ok("ok presence_value"),
    ),
    (
        "template/TestPresentValueAndNotEmptyWithSet",
        "ok ${BAR:+presence_value}",
        T,
        Ok("ok "),
    ),
    (
        "template/TestNonAlphanumericDefault",
        "ok ${BAR:-/non:-alphanumeric}",
        T,
        Ok("ok /non:-alphanumeric"),
    ),
    (
        "template/TestInterpolationExternalInterference",
        "-ok ${BAR:-defaultValue}",
        T,
        Ok("-ok defaultValue"),
    ),
    (
        "template/TestInterpolationExternalInterference",
        "+ok ${UNSET:-${BAR-defaultValue}}",
        T,
        Ok("+ok "),
    ),
    (
        "template/TestInterpolationExternalInterference",
        "-ok ${FOO:-defaultValue}",
        T,
        Ok("-ok first"),
    ),
    (
        "template/TestInterpolationExternalInterference",
        ":-ok ${UNSET-defaultValue}",
        T,
        Ok(":-ok defaultValue"),
    ),
    (
        "template/TestInterpolationExternalInterference",
        ":-ok ${BAR-defaultValue}",
        T,
        Ok(":-ok "),
    ),
    (
        "template/TestInterpolationExternalInterference",
        ":?ok ${BAR-defaultValue}",
        T,
        Ok(":?ok "),
    ),
    (
        "template/TestInterpolationExternalInterference",
        ":?ok ${BAR:-defaultValue}",
        T,
        Ok(":?ok defaultValue"),
    ),
    (
        "template/TestInterpolationExternalInterference",
        ":+ok ${BAR:-defaultValue}",
        T,
        Ok(":+ok defaultValue"),
    ),
    (
        "template/TestInterpolationExternalInterference",
        "+ok ${BAR-defaultValue}",
        T,
        Ok("+ok "),
    ),
    (
        "template/TestInterpolationExternalInterference",
        "?ok ${BAR:-defaultValue}",
        T,
        Ok("?ok defaultValue"),
    ),
    (
        "template/TestDefaultsWithNestedExpansion",
        "ok ${UNSET_VAR-$FOO}",
        T,
        Ok("ok first"),
    ),
    (
        "template/TestDefaultsWithNestedExpansion",
        "ok ${UNSET_VAR-${FOO}}",
        T,
        Ok("ok first"),
    ),
    (
        "template/TestDefaultsWithNestedExpansion",
        "ok ${UNSET_VAR-${FOO} ${FOO}}",
        T,
        Ok("ok first first"),
    ),
    (
        "template/TestDefaultsWithNestedExpansion",
        "ok ${BAR:-$FOO}",
        T,
        Ok("ok first"),
    ),
    (
        "template/TestDefaultsWithNestedExpansion",
        "ok ${BAR:-${FOO}}",
        T,
        Ok("ok first"),
    ),
    (
        "template/TestDefaultsWithNestedExpansion",
        "ok ${BAR:-${FOO} ${FOO}}",
        T,
        Ok("ok first first"),
    ),
    (
        "template/TestDefaultsWithNestedExpansion",
        "ok ${BAR+$FOO}",
        T,
        Ok("ok first"),
    ),
    (
        "template/TestDefaultsWithNestedExpansion",
        "ok ${BAR+$FOO ${FOO:+second}}",
        T,
        Ok("ok first second"),
    ),
    (
        "template/TestMandatoryVariableErrors",
        "not ok ${UNSET_VAR:?Mandatory Variable Unset}",
        T,
        Err("required variable UNSET_VAR is missing a value: Mandatory Variable Unset"),
    ),
    (
        "template/TestMandatoryVariableErrors",
        "not ok ${BAR:?Mandatory Variable Empty}",
        T,
        Err("required variable BAR is missing a value: Mandatory Variable Empty"),
    ),
    (
        "template/TestMandatoryVariableErrors",
        "not ok ${UNSET_VAR:?}",
        T,
        Err("required variable UNSET_VAR is missing a value"),
    ),
    (
        "template/TestMandatoryVariableErrors",
        "not ok ${UNSET_VAR?Mandatory Variable Unset}",
        T,
        Err("required variable UNSET_VAR is missing a value: Mandatory Variable Unset"),
    ),
    (
        "template/TestMandatoryVariableErrors",
        "not ok ${UNSET_VAR?}",
        T,
        Err("required variable UNSET_VAR is missing a value"),
    ),
    (
        "template/TestMandatoryVariableErrorsWithNestedExpansion",
        "not ok ${UNSET_VAR:?Mandatory Variable ${FOO}}",
        T,
        Err("required variable UNSET_VAR is missing a value: Mandatory Variable first"),
    ),
    (
        "template/TestMandatoryVariableErrorsWithNestedExpansion",
        "not ok ${UNSET_VAR?Mandatory Variable ${FOO}}",
        T,
        Err("required variable UNSET_VAR is missing a value: Mandatory Variable first"),
    ),
    (
        "template/TestDefaultsForMandatoryVariables",
        "ok ${FOO:?err}",
        T,
        Ok("ok first"),
    ),
    (
        "template/TestDefaultsForMandatoryVariables",
        "ok ${FOO?err}",
        T,
        Ok("ok first"),
    ),
    (
        "template/TestDefaultsForMandatoryVariables",
        "ok ${BAR?err}",
        T,
        Ok("ok "),
    ),
    (
        "template/TestPrecedence",
        "${UNSET_VAR?bar-baz}",
        T,
        Err("required variable UNSET_VAR is missing a value: bar-baz"),
    ),
    (
        "template/TestPrecedence",
        "${UNSET_VAR-myerror?msg}",
        T,
        Ok("myerror?msg"),
    ),
    ("template/TestPrecedence", "${FOO?bar-baz}", T, Ok("first")),
    (
        "template/TestPrecedence",
        "${BAR:-default_value_for_empty_var}",
        T,
        Ok("default_value_for_empty_var"),
    ),
    (
        "template/TestPrecedence",
        "${UNSET_VAR-default_value_for_unset_var}",
        T,
        Ok("default_value_for_unset_var"),
    ),
    (
        "interpolation/TestInterpolate",
        "example:${USER}",
        I,
        Ok("example:jenny"),
    ),
    (
        "interpolation/TestInterpolate",
        "$FOO:/target",
        I,
        Ok("bar:/target"),
    ),
    ("interpolation/TestInterpolate", "${FOO}", I, Ok("bar")),
    ("interpolation/TestInterpolate", "$USER", I, Ok("jenny")),
    (
        "interpolation/TestInvalidInterpolation",
        "${",
        I,
        Err("invalid template"),
    ),
    (
        "interpolation/TestInterpolateWithDefaults",
        "thing_${FOO}",
        &[("FOO", "BARZ")],
        Ok("thing_BARZ"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "{{{ ${FOO:-foo_} }}}",
        NONE,
        Ok("{{{ foo_ }}}"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "{{{ ${FOO:-foo-bar-value} }}}",
        NONE,
        Ok("{{{ foo-bar-value }}}"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "{{{ ${FOO:-foo?bar?value} }}}",
        NONE,
        Ok("{{{ foo?bar?value }}}"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "{{{ ${FOO:-foo:?bar:?value} }}}",
        NONE,
        Ok("{{{ foo:?bar:?value }}}"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "{{{ ${FOO:-foo} ${BAR:-DEFAULT_VALUE} }}}",
        NONE,
        Ok("{{{ foo DEFAULT_VALUE }}}"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "{{{ ${BAR} }}}",
        NONE,
        Ok("{{{  }}}"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "${FOO:-baz} }}}",
        NONE,
        Ok("baz }}}"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "${FOO-baz} }}}",
        NONE,
        Ok("baz }}}"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "{{{ ${FOO:?foo_} }}}",
        NONE,
        Err("required variable FOO is missing a value: foo_"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "{{{ ${FOO:?foo-bar-value} }}}",
        NONE,
        Err("required variable FOO is missing a value: foo-bar-value"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "{{{ ${FOO:?foo} ${BAR:-DEFAULT_VALUE} }}}",
        NONE,
        Err("required variable FOO is missing a value: foo"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "${FOO:?foo} ${BAR:?bar}",
        NONE,
        Err("required variable FOO is missing a value: foo"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "${FOO:?baz} }}}",
        NONE,
        Err("required variable FOO is missing a value: baz"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "${FOO?baz} }}}",
        NONE,
        Err("required variable FOO is missing a value: baz"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "${FOO:-${BAR:-${ZOT:-qix}}}",
        NONE,
        Ok("qix"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "${FOO:-${BAR:-x}_test_${BAR:-y}}",
        NONE,
        Ok("x_test_y"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "${FOO:-${BAR:-x}_test}",
        NONE,
        Ok("x_test"),
    ),
    (
        "interpolation/TestValidUnexistentInterpolation",
        "${FOO:-${BAR:-${ZOT:-x}}_test}",
        NONE,
        Ok("x_test"),
    ),
    (
        "interpolation/TestValidExistentInterpolation",
        "{{{ ${FOO:-foo_} }}}",
        I,
        Ok("{{{ bar }}}"),
    ),
    (
        "interpolation/TestValidExistentInterpolation",
        "{{{ ${FOO:-foo-bar-value} }}}",
        I,
        Ok("{{{ bar }}}"),
    ),
    (
        "interpolation/TestValidExistentInterpolation",
        "{{{ ${FOO:-foo} ${BAR:-DEFAULT_VALUE} }}}",
        I,
        Ok("{{{ bar DEFAULT_VALUE }}}"),
    ),
    (
        "interpolation/TestValidExistentInterpolation",
        "{{{ ${BAR} }}}",
        I,
        Ok("{{{  }}}"),
    ),
    (
        "interpolation/TestValidExistentInterpolation",
        "${FOO:-baz} }}}",
        I,
        Ok("bar }}}"),
    ),
    (
        "interpolation/TestValidExistentInterpolation",
        "${FOO-baz} }}}",
        I,
        Ok("bar }}}"),
    ),
    (
        "interpolation/TestValidExistentInterpolation",
        "{{{ ${FOO:-foo} ${USER:-bar} }}}",
        I,
        Ok("{{{ bar jenny }}}"),
    ),
    (
        "interpolation/TestValidExistentInterpolation",
        "{{{ ${USER} }}}",
        I,
        Ok("{{{ jenny }}}"),
    ),
    (
        "interpolation/TestInterpolateReportsAllErrors",
        "${TIMEZONE:?}",
        I,
        Err("required variable TIMEZONE is missing a value"),
    ),
    (
        "interpolation/TestInterpolateReportsAllErrors",
        "${ACME_PATH:?}",
        I,
        Err("required variable ACME_PATH is missing a value"),
    ),
    (
        "interpolation/TestInterpolateErrorsSortedByPath",
        "${MISSING:?required}",
        I,
        Err("required variable MISSING is missing a value: required"),
    ),
    // The braces of a default are balanced: the issue envlint once had.
    (
        "envlint: braces in a default",
        "${X:-{\"a\":1}}",
        NONE,
        Ok("{\"a\":1}"),
    ),
];

#[test]
fn every_case_substitutes_as_compose_go_does() {
    let mut wrong = Vec::new();
    for (test, template, vars, want) in CASES {
        let got = substitute(template, vars);
        let ok = match (&got, want) {
            (Ok(g), Ok(w)) => g == w,
            (Err(g), Err(w)) => g.contains(w),
            _ => false,
        };
        if !ok {
            wrong.push(format!(
                "{test}: {template:?} gave {got:?}, compose-go {want:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases differ:\n{}",
        wrong.len(),
        CASES.len(),
        wrong.join("\n")
    );
}

/// template/TestSubstitutionFunctionChoice: the operator a body takes is the one right
/// after the name, however many others its argument holds.
#[test]
fn the_operator_is_the_first_after_the_name() {
    for (body, op, colon) in [
        ("VARNAME:?val?ue", Op::Required, true),
        ("VARNAME?val:?ue", Op::Required, false),
        ("VARNAME?va-lu+e:?e", Op::Required, false),
        ("VARNAME?va+lu-e:?e", Op::Required, false),
        ("VARNAME:-value", Op::DefaultIfEmpty, true),
        ("VARNAME-va:-lu:?e", Op::DefaultIfUnset, false),
        ("VARNAME-va+lu?e", Op::DefaultIfUnset, false),
        ("VARNAME-va?lu+e", Op::DefaultIfUnset, false),
        ("VARNAME:+va:?lu:-e", Op::Alternative, true),
        ("VARNAME+va:+lue", Op::Alternative, false),
        ("VARNAME+va?lu-e", Op::Alternative, false),
        ("VARNAME+va-lu?e", Op::Alternative, false),
    ] {
        let text = format!("${{{body}}}");
        let (found, invalid) = scan(&text, 0..text.len());
        assert!(invalid.is_empty(), "{body}");
        assert_eq!(found[0].op, op, "{body}");
        assert_eq!(
            text[found[0].name_span.end..].starts_with(':'),
            colon,
            "{body}"
        );
    }
}

/// template/TestExtractVariables: the variables a file names, with the default a braced
/// one states (and whether it is required, or has a value when set).
#[test]
fn variables_and_their_defaults_are_extracted() {
    for (value, want) in [
        ("bar", &[][..]),
        ("$bar", &[("bar", Op::Plain, None)][..]),
        ("${bar}", &[("bar", Op::Plain, None)]),
        ("${bar?:foo}", &[("bar", Op::Required, Some(":foo"))]),
        ("${bar?foo}", &[("bar", Op::Required, Some("foo"))]),
        ("${bar:-foo}", &[("bar", Op::DefaultIfEmpty, Some("foo"))]),
        ("${bar-foo}", &[("bar", Op::DefaultIfUnset, Some("foo"))]),
        (
            "${fruit:-banana}",
            &[("fruit", Op::DefaultIfEmpty, Some("banana"))],
        ),
        (
            "$docker:${project:-cli}",
            &[
                ("docker", Op::Plain, None),
                ("project", Op::DefaultIfEmpty, Some("cli")),
            ],
        ),
        ("$toto", &[("toto", Op::Plain, None)]),
        ("${bar:+foo}", &[("bar", Op::Alternative, Some("foo"))]),
        ("${bar+foo}", &[("bar", Op::Alternative, Some("foo"))]),
    ] {
        let (found, _) = scan(value, 0..value.len());
        let got: Vec<(&str, Op, Option<&str>)> = found
            .iter()
            .map(|i| (i.name.as_str(), i.op, i.arg.clone().map(|a| &value[a])))
            .collect();
        assert_eq!(got, want, "{value}");
    }
}

/// What compose reads from a value: each interpolation's name and the default it states
/// (a default that itself interpolates states none), and how many templates it refuses.
fn read_directly(template: &str) -> (Vec<(String, Option<String>)>, usize) {
    let nested = |t: &str| {
        let b = t.as_bytes();
        (0..b.len()).any(|i| {
            b[i] == b'$'
                && (i == 0 || b[i - 1] != b'$')
                && b.get(i + 1)
                    .is_some_and(|c| *c == b'{' || *c == b'_' || c.is_ascii_alphabetic())
        })
    };
    let (found, invalid) = scan(template, 0..template.len());
    let read = found
        .iter()
        .map(|i| {
            let default = i
                .arg
                .clone()
                .filter(|_| i.op.states_default())
                .map(|a| template[a].to_owned())
                .filter(|a| !nested(a))
                .map(|a| a.replace("$$", "$"));
            (i.name.clone(), default)
        })
        .collect();
    (read, invalid.len())
}

/// `template` as a YAML scalar in each style that can hold it.
fn yaml_styles(template: &str) -> Vec<(&'static str, String)> {
    let mut out = vec![
        (
            "double-quoted",
            format!(
                "\"{}\"",
                template
                    .replace('\\', "\\\\")
                    .replace('"', "\\\"")
                    .replace('\t', "\\t")
            ),
        ),
        (
            "single-quoted",
            format!("'{}'", template.replace('\'', "''")),
        ),
    ];
    let trimmed = template.trim() == template && !template.is_empty();
    if trimmed && !template.contains('\n') {
        out.push(("literal block", format!("|-\n      {template}")));
        out.push(("folded block", format!(">-\n      {template}")));
    }
    let plain = trimmed
        && !template.contains(": ")
        && !template.contains(" #")
        && !template.ends_with(':')
        && !template.starts_with([
            '{', '[', '\'', '"', '&', '*', '!', '|', '>', '%', '@', '`', '-', '?', ':', '#', ',',
        ]);
    if plain {
        out.push(("plain", template.to_owned()));
    }
    out
}

/// Every template of the cases, put in a compose file as each YAML style writes it, is read
/// as compose reads the value YAML decodes: the same names, defaults and refusals, and
/// every name's span holding that name in the source.
#[test]
fn every_case_in_every_yaml_style_reads_as_the_decoded_value() {
    use envlint::facts::{MentionKind, Role};
    use envlint::source::{FileId, SourceFile};
    use envlint::surfaces::compose;
    let mut templates: Vec<&str> = CASES.iter().map(|c| c.1).collect();
    templates.extend([
        "ok ${X:-{\"a\":1}}",
        "it's ${FOO:-a'b}",
        "tab\t${FOO:-x\ty}",
        "${FOO:-C:\\path}",
    ]);
    let mut wrong = Vec::new();
    let mut checked = 0;
    for template in templates {
        let want = read_directly(template);
        for (style, scalar) in yaml_styles(template) {
            let yaml = format!("services:\n  app:\n    command: {scalar}\n");
            let source = SourceFile::new("docker-compose.yml", yaml.as_str());
            let Ok(doc) = compose::read(&source) else {
                wrong.push(format!(
                    "{style} {template:?}: the YAML does not parse:\n{yaml}"
                ));
                continue;
            };
            let Ok(facts) = compose::facts(FileId(0), &source, &doc) else {
                wrong.push(format!("{style} {template:?}: refused"));
                continue;
            };
            checked += 1;
            let got: Vec<(String, Option<String>)> = facts
                .mentions
                .iter()
                .filter(|m| m.kind == MentionKind::Interpolation)
                .map(|m| {
                    let default = m
                        .stated
                        .iter()
                        .find(|s| s.role == Role::Default)
                        .and_then(|s| s.text.clone());
                    (m.name.clone(), default)
                })
                .collect();
            let refused = facts.rejected.len();
            if (got.clone(), refused) != want {
                wrong.push(format!(
                    "{style} {template:?}: read {got:?} and {refused} refused, compose {want:?}"
                ));
            }
            for m in facts
                .mentions
                .iter()
                .filter(|m| m.kind == MentionKind::Interpolation)
            {
                if yaml.get(m.span.clone()) != Some(m.name.as_str()) {
                    wrong.push(format!(
                        "{style} {template:?}: `{}` spans {:?}",
                        m.name, m.span
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {checked} differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
