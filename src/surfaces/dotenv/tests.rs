//! The dotenv scanner, table-driven, and its agreement with dotenvy.

use proptest::prelude::*;

use super::*;

fn entries(text: &str) -> Vec<Entry> {
    scan(&SourceFile::new(".env", text)).expect("scans").entries
}

/// (name, commented, unquoted value, raw value) of an entry.
type Summary = (String, bool, String, String);

fn summary(text: &str) -> Vec<Summary> {
    entries(text)
        .into_iter()
        .map(|e| (e.name, e.commented, e.value, text[e.value_span].to_owned()))
        .collect()
}

fn one(name: &str, commented: bool, value: &str, raw: &str) -> Vec<Summary> {
    vec![(name.to_owned(), commented, value.to_owned(), raw.to_owned())]
}

#[test]
fn entry_forms() {
    let cases: &[(&str, Vec<Summary>)] = &[
        ("K=V\n", one("K", false, "V", "V")),
        ("# K=V\n", one("K", true, "V", "V")),
        ("#K=V", one("K", true, "V", "V")),
        (
            "  #   QDRANT_PORT=6333\n",
            one("QDRANT_PORT", true, "6333", "6333"),
        ),
        ("export K=V\n", one("K", false, "V", "V")),
        ("# export K=V\n", one("K", true, "V", "V")),
        ("export=V\n", one("export", false, "V", "V")),
        ("K = V\n", one("K", false, "V", "V")),
        ("K=\n", one("K", false, "", "")),
        ("# QDRANT_API_KEY=\n", one("QDRANT_API_KEY", true, "", "")),
        ("K=   # only a comment\n", one("K", false, "", "")),
        ("K=a#b\n", one("K", false, "a#b", "a#b")),
        ("K=v # note\n", one("K", false, "v", "v")),
        ("# K=v # note\n", one("K", true, "v", "v")),
        ("K=a b c\n", one("K", false, "a b c", "a b c")),
        ("K='a b' # c\n", one("K", false, "a b", "'a b'")),
        ("K='a\\nb'\n", one("K", false, "a\\nb", "'a\\nb'")),
        (
            "K=\"a\\nb \\\"q\\\" \\\\ \\$\"\n",
            one(
                "K",
                false,
                "a\nb \"q\" \\ $",
                "\"a\\nb \\\"q\\\" \\\\ \\$\"",
            ),
        ),
        (
            "K=\"a # not a comment\"\n",
            one("K", false, "a # not a comment", "\"a # not a comment\""),
        ),
        ("K=a\"b c\"d\n", one("K", false, "ab cd", "a\"b c\"d")),
        ("K=\"line1\nline2\"\nL=2\n", {
            let mut v = one("K", false, "line1\nline2", "\"line1\nline2\"");
            v.extend(one("L", false, "2", "2"));
            v
        }),
        ("K=V\r\n# L=W\r\n", {
            let mut v = one("K", false, "V", "V");
            v.extend(one("L", true, "W", "W"));
            v
        }),
        ("\u{feff}K=V\n", one("K", false, "V", "V")),
        ("K=é☕\n", one("K", false, "é☕", "é☕")),
    ];
    for (text, want) in cases {
        assert_eq!(&summary(text), want, "{text:?}");
    }
}

#[test]
fn prose_is_not_an_entry() {
    let text = "# Set QDRANT_HOST=qdrant to enable the memory profile.\n\
                # QDRANT_HOST is read by src/lib/memory/qdrant.ts\n\
                # Default: 6333\n\
                # e.g. K=V and more words\n\
                #\n\
                # ──── 25. Qdrant ────\n";
    assert_eq!(summary(text), vec![]);
}

#[test]
fn comment_blocks_and_prose_defaults_belong_to_the_entry_below() {
    let text = "# ── Bifrost ──\n# Request timeout. Default: 30000 (30s).\n# BIFROST_TIMEOUT_MS=30000\n\n# Unrelated.\n\nK=1\n";
    let e = entries(text);
    assert_eq!(e[0].comments.len(), 2);
    assert_eq!(
        e[0].block,
        0..text.find("\n\n").unwrap() + 2,
        "the blank line after it included"
    );
    let (value, span) = e[0].prose_default.clone().unwrap();
    assert_eq!(value.as_deref(), Some("30000"));
    assert_eq!(&text[span], "30000");
    assert!(
        e[1].comments.is_empty(),
        "a blank line ends a comment block"
    );
}

#[test]
fn prose_default_forms() {
    let cases: &[(&str, Option<Option<&str>>, &str)] = &[
        ("# Default: 30000 (30s).", Some(Some("30000")), "30000"),
        ("# Timeout. Default: 5000.", Some(Some("5000")), "5000"),
        (
            "# default: `omniroute_memory`.",
            Some(Some("omniroute_memory")),
            "`omniroute_memory`",
        ),
        ("# Default: \"a b\"", Some(Some("a b")), "\"a b\""),
        ("# Default: 0.5.", Some(Some("0.5")), "0.5"),
        (
            "# Default: http://bifrost:8080, set by compose",
            Some(Some("http://bifrost:8080")),
            "http://bifrost:8080",
        ),
        ("# Default: unset (disabled).", Some(None), "unset"),
        ("# Default: _(unset)_", Some(None), "_(unset)_"),
        ("# Defaults are fine", None, ""),
        ("# nodefault: 3", None, ""),
        ("# Default:", None, ""),
        ("Default:7", Some(Some("7")), "7"),
        ("# DEFAULT: (None).", Some(None), "(None)"),
        ("# *(UNSET)*", None, ""),
        ("# nodefault: 3; default: 4", Some(Some("4")), "4"),
        ("# é default: `ü`", Some(Some("ü")), "`ü`"),
        ("# Default: *(Unset)*x", Some(Some("*")), "*"),
    ];
    for (line, want, raw) in cases {
        let got = prose_default(line);
        assert_eq!(got.as_ref().map(|g| g.0.as_deref()), *want, "{line}");
        if let Some((_, span)) = got {
            assert_eq!(&line[span], *raw, "{line}");
        }
    }
}

#[test]
fn malformed_set_lines_are_errors_with_locations() {
    let cases: &[(&str, usize, usize, &str)] = &[
        ("A=1\nK=\"open\n", 2, 3, "unterminated double-quoted value"),
        ("K='open\n", 1, 3, "unterminated single-quoted value"),
        ("A=1\nnot an entry\n", 2, 1, "expected `NAME=value`"),
        ("  =x\n", 1, 3, "expected `NAME=value`"),
        ("A=1\n# envlint:end\n", 2, 1, "without a `# envlint:begin`"),
        (
            "# x\n  # envlint:begin\nA=1\n",
            2,
            3,
            "without a `# envlint:end`",
        ),
        (
            "# envlint:begin\n# envlint:end\n# envlint:begin\n",
            3,
            1,
            "a second `# envlint:begin`",
        ),
    ];
    for (text, line, column, reason) in cases {
        match scan(&SourceFile::new(".env.example", *text)) {
            Err(Error::Parse {
                name,
                line: l,
                column: c,
                reason: r,
                ..
            }) => {
                assert_eq!(
                    (name.as_str(), l, c),
                    (".env.example", *line, *column),
                    "{text:?}"
                );
                assert!(r.contains(reason), "{r}");
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
}

#[test]
fn the_generated_region_lies_between_its_markers() {
    let text =
        "# ── Other ──\nA=1\n\n# envlint:begin\n# Host.\n# QDRANT_HOST=\n\n# envlint:end\nB=2\n";
    let scanned = scan(&SourceFile::new(".env.example", text)).expect("scans");
    let region = scanned.region.expect("a region");
    assert_eq!(
        &text[region], "# Host.\n# QDRANT_HOST=\n\n",
        "from after the begin line to the end line"
    );
    // The markers are neither notes of an entry nor entries.
    let host = &scanned.entries[1];
    assert_eq!(&text[host.block.clone()], "# Host.\n# QDRANT_HOST=\n\n");
    assert_eq!(scanned.entries.len(), 3);
}

#[test]
fn a_malformed_commented_line_is_prose() {
    assert_eq!(summary("# K=\"open\n# K=two words\n"), vec![]);
}

#[test]
fn a_parse_error_never_shows_the_value() {
    let err = scan(&SourceFile::new(
        ".env.example",
        "QDRANT_API_KEY=s3cr3t-top\nK=\"open s3cr3t\n",
    ))
    .unwrap_err();
    let mut shown = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .render_report(&mut shown, &err)
        .unwrap();
    assert!(!shown.contains("s3cr3t"), "{shown}");
    assert!(shown.contains(".env.example:2:3"), "{shown}");
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9_./:@%+-]{1,6}",
        "[A-Za-z0-9 #=_./:@%+-]{0,8}".prop_map(|s| format!("'{s}'")),
        "[A-Za-z0-9 #='_./:@%+-]{0,8}".prop_map(|s| format!("\"{s}\"")),
        Just("\\\"".to_owned()),
        Just("\\\\".to_owned()),
        Just("\"a\\nb\"".to_owned()),
        Just("\"multi\nline\"".to_owned()),
    ]
}

proptest! {
    #[test]
    fn unquoting_agrees_with_dotenvy(
        segments in proptest::collection::vec(segment(), 0..4),
        comment in proptest::option::of("[a-z ]{0,6}"),
        export in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        let value = segments.concat();
        let mut line = format!("{}KEY={value}", if export { "export " } else { "" });
        if let Some(c) = comment {
            line.push_str(" # ");
            line.push_str(&c);
        }
        line.push_str(if crlf { "\r\n" } else { "\n" });
        let theirs: Result<Vec<(String, String)>, _> = dotenvy::from_read_iter(line.as_bytes()).collect();
        // Where dotenvy accepts the line, the scanner reads the same value.
        if let Ok(theirs) = theirs {
            let ours: Vec<(String, String)> = entries(&line).into_iter().map(|e| (e.name, e.value)).collect();
            prop_assert_eq!(ours, theirs, "line {:?}", line);
        }
    }

    /// What `fix` writes reads back as the value it meant to write.
    #[test]
    fn quoted_values_read_back_unchanged(value in "(?s)[\\PC\n\r\t#='\"\\\\$` ]{0,40}") {
        let line = format!("KEY={}\n", quote_value(&value));
        let read = entries(&line);
        prop_assert_eq!(read.len(), 1, "{:?}", line);
        prop_assert_eq!(&read[0].value, &value, "{:?}", line);
    }

    #[test]
    fn never_panics_and_spans_stay_on_char_boundaries(text in "(?s)[\\PC\n\r#='\"\\\\ \t]{0,200}") {
        let source = SourceFile::new(".env", text.clone());
        if let Ok(file) = scan(&source) {
            for e in file.entries {
                for span in [&e.name_span, &e.value_span, &e.block] {
                    prop_assert!(span.start <= span.end && span.end <= text.len());
                    prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                }
            }
        }
    }
}

/// Found by `cargo fuzz run fix`: a `#` right after `=` starts a comment, so a value
/// written into that empty value needs a space before the comment, or the comment
/// becomes part of the value and every later run rewrites it again.
#[test]
fn a_value_written_before_a_comment_keeps_the_comment_out() {
    for (text, value, written) in [
        ("KEY=#true\n", "true", "KEY=true #true\n"),
        ("# KEY=#true\n", "true", "# KEY=true #true\n"),
        ("KEY= #true\n", "true", "KEY= true #true\n"),
        ("KEY=old #true\n", "new", "KEY=new #true\n"),
        ("KEY=#x\n", "", "KEY=#x\n"),
    ] {
        let e = &entries(text)[0];
        let edit = render_value(text, &e.value_span, Role::Example, Some(value));
        let out = crate::fix::apply(text, &[edit]);
        assert_eq!(out, written);
        assert_eq!(entries(&out)[0].value, value, "{out:?}");
    }
}

/// Found by `cargo fuzz run fix`: `Default: *(unset)*e_memory` read the marker glued to
/// other text as "no default", so `fix` wrote the value over the marker only and the
/// next run read a different word and rewrote it again. A marker counts as a whole word.
#[test]
fn a_default_marker_counts_only_as_a_whole_word() {
    assert_eq!(prose_default("Default: *(unset)*."), Some((None, 9..18)));
    assert_eq!(prose_default("Default: (unset), say"), Some((None, 9..16)));
    for line in ["# Default: *(unset)*e_memory`.", "# Default: _(unset)_x"] {
        let (_, span) = prose_default(line).unwrap();
        let edit = render_value(line, &span, Role::Default, Some("omniroute_memory"));
        let fixed = crate::fix::apply(line, &[edit]);
        let (value, _) = prose_default(&fixed).unwrap();
        assert_eq!(value.as_deref(), Some("omniroute_memory"), "{fixed:?}");
    }
}
