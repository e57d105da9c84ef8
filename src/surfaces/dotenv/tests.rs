//! The dotenv scanner, table-driven, and its agreement with dotenvy.

use proptest::prelude::*;

use super::*;

fn entries(text: &str) -> Vec<Entry> {
    entries_in(Dialect::Dotenvy, text)
}

fn entries_in(dialect: Dialect, text: &str) -> Vec<Entry> {
    scan(&SourceFile::new(".env", text), dialect)
        .expect("scans")
        .entries
}

/// (name, commented, unquoted value, raw value) of an entry.
type Summary = (String, bool, String, String);

fn summary(text: &str) -> Vec<Summary> {
    entries(text)
        .into_iter()
        .map(|e| {
            let value = e.value.unwrap_or_default();
            (e.name, e.commented, value, text[e.value_span].to_owned())
        })
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
        // A list: a comma with no blank after it is part of the value.
        (
            "# Comma-separated. Default: relay,cache.",
            Some(Some("relay,cache")),
            "relay,cache",
        ),
        ("# Default: 60000, in ms", Some(Some("60000")), "60000"),
        ("# Default: a,b,", Some(Some("a,b")), "a,b"),
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
fn misplaced_region_markers_are_errors_with_locations() {
    let cases: &[(&str, usize, usize, &str)] = &[
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
        match scan(&SourceFile::new(".env.example", *text), Dialect::Dotenvy) {
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

/// (dialect, text, the refused text, why, the names read)
type Refused = (
    Dialect,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

const REFUSED: &[Refused] = &[
    // (dialect, text, the refused text, why, the names read)
    (
        Dialect::Dotenvy,
        "A=1\nK=\"open\nB=2\n",
        "\"",
        "unterminated double-quoted",
        &["A", "B"],
    ),
    (
        Dialect::Dotenvy,
        "K='open\nB=2\n",
        "'",
        "unterminated single-quoted",
        &["B"],
    ),
    (
        Dialect::Dotenvy,
        "A=1\nnot an entry\nB=2",
        "not an entry",
        "expects `NAME=value`",
        &["A", "B"],
    ),
    (
        Dialect::Dotenvy,
        "  =x\r\nB=2\n",
        "=x",
        "expects `NAME=value`",
        &["B"],
    ),
    (
        Dialect::Dotenvy,
        "KEY\nB=2\n",
        "KEY",
        "expects `NAME=value`",
        &["B"],
    ),
    (
        Dialect::Dotenvy,
        "K=a b c\nB=2\n",
        " ",
        "cannot hold a blank",
        &["B"],
    ),
    (
        Dialect::Dotenvy,
        "K=\"a\\tb\"\nB=2\n",
        "\\",
        "escapes",
        &["B"],
    ),
    (
        Dialect::Compose,
        "A=1\nK=\"open\nB=2\n",
        "\"",
        "unterminated",
        &["A", "B"],
    ),
    (
        Dialect::Compose,
        "MY KEY=1\nB=2\n",
        "MY KEY",
        "space inside",
        &["B"],
    ),
    (Dialect::Compose, "K@Y=1\nB=2\n", "@", "not `@`", &["B"]),
    (
        Dialect::Compose,
        "K=${}\nB=2\n",
        "${}",
        "template",
        &["K", "B"],
    ),
    (
        Dialect::Compose,
        "K=\"${X!}\"\nB=2\n",
        "${X!}",
        "template",
        &["K", "B"],
    ),
];

/// A line the reader refuses is recorded where it is, and the lines after it are read.
#[test]
fn refused_lines_are_recorded_and_reading_goes_on() {
    let cases = REFUSED;
    for (dialect, text, refused, why, names) in cases {
        let scanned = scan(&SourceFile::new(".env.example", *text), *dialect).expect("scans");
        assert_eq!(
            scanned.rejected.len(),
            1,
            "{dialect:?} {text:?}: {:?}",
            scanned.rejected
        );
        let (span, message) = &scanned.rejected[0];
        assert_eq!(&text[span.clone()], *refused, "{dialect:?} {text:?}");
        assert!(message.contains(why), "{dialect:?} {text:?}: {message}");
        let read: Vec<&str> = scanned.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(read, *names, "{dialect:?} {text:?}");
    }
    // What another reader accepts or skips is never refused.
    for (dialect, text) in [
        (Dialect::Compose, "KEY\nB: 2\nC=a b c\n"),
        (Dialect::Node, "KEY\nnot an entry\nK='open\n"),
    ] {
        let scanned = scan(&SourceFile::new(".env.example", text), dialect).expect("scans");
        assert!(
            scanned.rejected.is_empty(),
            "{dialect:?} {text:?}: {:?}",
            scanned.rejected
        );
    }
}

#[test]
fn a_bare_name_passes_the_variable_on_in_compose() {
    let e = entries_in(Dialect::Compose, "# Host.\nQDRANT_HOST\nQDRANT_PORT=6333\n");
    assert_eq!(e[0].name, "QDRANT_HOST");
    assert_eq!(e[0].value, None, "no value of its own");
    assert_eq!(e[0].comments.len(), 1);
    assert_eq!(e[1].value.as_deref(), Some("6333"));
    // Its facts state no example value.
    let text = "QDRANT_HOST\n";
    let scanned = scan(&SourceFile::new(".env", text), Dialect::Compose).unwrap();
    let surface = facts(FileId(0), text, &scanned, None);
    assert!(surface.mentions[0].stated.is_empty());
    // Writing a value gives the line its `=`.
    let edit = render_value(
        text,
        &scanned.entries[0].value_span,
        Role::Example,
        Some("qdrant"),
        Dialect::Compose,
    );
    assert_eq!(crate::edit::apply(text, &[edit]), "QDRANT_HOST=qdrant\n");
}

#[test]
fn compose_reads_on_after_a_closing_quote() {
    let e = entries_in(Dialect::Compose, "A=\"1\" B=2 # c\nC='3' # d\n");
    let read: Vec<(&str, Option<&str>)> = e
        .iter()
        .map(|e| (e.name.as_str(), e.value.as_deref()))
        .collect();
    assert_eq!(
        read,
        vec![("A", Some("1")), ("B", Some("2")), ("C", Some("3"))]
    );
}

#[test]
fn templates_in_values_are_reads_where_the_dialect_expands_them() {
    let text = "URL=http://${QDRANT_HOST:-qdrant}:$QDRANT_PORT\nLIT='${NOT_READ}'\nESC=\"\\${NOT_EITHER}\"\n# OFF=${COMMENTED}\n";
    for (dialect, want) in [
        (Dialect::Compose, vec!["QDRANT_HOST", "QDRANT_PORT"]),
        (Dialect::Dotenvy, vec!["QDRANT_HOST", "QDRANT_PORT"]),
        (Dialect::Node, vec![]),
    ] {
        let scanned = scan(&SourceFile::new(".env", text), dialect).unwrap();
        let names: Vec<&str> = scanned.reads.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, want, "{dialect:?}");
    }
}

#[test]
fn node_reads_lone_carriage_returns_as_line_breaks() {
    let e = entries_in(Dialect::Node, "# c\rA=1\r# B=2\rC=3");
    let read: Vec<(&str, bool)> = e.iter().map(|e| (e.name.as_str(), e.commented)).collect();
    assert_eq!(read, vec![("A", false), ("B", true), ("C", false)]);
}

#[test]
fn the_generated_region_lies_between_its_markers() {
    let text =
        "# ── Other ──\nA=1\n\n# envlint:begin\n# Host.\n# QDRANT_HOST=\n\n# envlint:end\nB=2\n";
    let scanned = scan(&SourceFile::new(".env.example", text), Dialect::Dotenvy).expect("scans");
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

/// The names a file's mentions are of, in order.
fn mentioned(text: &str) -> Vec<String> {
    let source = SourceFile::new(".env.example", text);
    let scanned = scan(&source, Dialect::Dotenvy).expect("scans");
    facts(FileId(0), text, &scanned, None)
        .mentions
        .into_iter()
        .map(|m| m.name)
        .collect()
}

/// (name, role, text) of what each mention of a file states.
fn stated(text: &str) -> Vec<(String, Role, Option<String>)> {
    let source = SourceFile::new(".env.example", text);
    let scanned = scan(&source, Dialect::Dotenvy).expect("scans");
    facts(FileId(0), text, &scanned, None)
        .mentions
        .into_iter()
        .flat_map(|m| {
            let name = m.name.clone();
            m.stated
                .into_iter()
                .map(move |s| (name.clone(), s.role, s.text))
        })
        .collect()
}

#[test]
fn commented_entries_as_people_mean_them() {
    let s = |t: &str| Some(t.to_owned());
    // A hint line above the entry it hints at is no entry of its own.
    let text = "# NEXT_SECRET=generate-with-openssl\nNEXT_SECRET=\nPORT=3000\n";
    assert_eq!(mentioned(text), ["NEXT_SECRET", "PORT"]);
    // Mostly set: a commented entry is a suggestion, stating nothing.
    let text = "PORT=3000\nHOST=0.0.0.0\n# uncomment to scale\n# AUTO_SCALE=true\n";
    assert_eq!(
        stated(text),
        [
            ("PORT".to_owned(), Role::Example, s("3000")),
            ("HOST".to_owned(), Role::Example, s("0.0.0.0")),
        ]
    );
    // Mostly commented (every setting listed, commented out): each states its value.
    let text = "# PORT=3000\n# HOST=0.0.0.0\nAUTO_SCALE=true\n";
    assert_eq!(stated(text).len(), 3);
    // Alternatives to an entry the file has (another value) are no entries; nor is the
    // same value listed again (a restatement: two sections showing one setting).
    let text =
        "# PROVIDER=openai\n# MODEL=q3\n\n# Bedrock instead:\n# PROVIDER=bedrock\n# MODEL=q3\n";
    assert_eq!(mentioned(text), ["PROVIDER", "MODEL"]);
}

#[test]
fn a_default_note_with_a_unit_is_a_number_only_under_that_unit() {
    let s = |t: &str| Some(t.to_owned());
    let default = |text: &str| {
        stated(text)
            .into_iter()
            .filter(|x| x.1 == Role::Default)
            .map(|x| x.2)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        default("# Default: 10s\n# A_TIMEOUT_SECONDS=10\n"),
        [s("10")]
    );
    assert_eq!(default("# Default: 30 seconds\n# A_WAIT_S=30\n"), [s("30")]);
    assert!(default("# Default: 10s\n# A_TIMEOUT=10\n").is_empty());
    assert!(default("# Default: 500ms\n# A_TIMEOUT_SECONDS=1\n").is_empty());
    assert!(default("# Default: 2 GB\n# A_LIMIT=2\n").is_empty());
    assert_eq!(
        default("# Default: 30000 (30s).\n# A_TIMEOUT_MS=30000\n"),
        [s("30000")]
    );
    assert_eq!(default("# Default: 6333\n# A_PORT=6333\n"), [s("6333")]);
}

#[test]
fn a_malformed_commented_line_is_prose() {
    assert_eq!(summary("# K=\"open\n# K=two words\n"), vec![]);
}

#[test]
fn a_refusal_never_shows_the_value() {
    let text = "QDRANT_API_KEY=s3cr3t-top\nK=\"open s3cr3t\nQDRANT_API_KEY s3cr3t\n";
    for dialect in [Dialect::Compose, Dialect::Dotenvy] {
        let scanned = scan(&SourceFile::new(".env.example", text), dialect).unwrap();
        assert!(!scanned.rejected.is_empty());
        for (_, message) in &scanned.rejected {
            assert!(!message.contains("s3cr3t"), "{message}");
        }
    }
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9_./:@%+-]{1,6}",
        "[A-Za-z0-9 #=_./:@%+-]{0,8}".prop_map(|s| format!("'{s}'")),
        "[A-Za-z0-9 #='_./:@%+-]{0,8}".prop_map(|s| format!("\"{s}\"")),
        Just("\\\"".to_owned()),
        Just("\\\\".to_owned()),
        Just("\\t".to_owned()),
        Just("\"a\\tb\"".to_owned()),
        "[a-z]{1,3} [a-z]{1,3}",
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
        // The scanner reads what dotenvy reads, and refuses what dotenvy refuses.
        let scanned = scan(&SourceFile::new(".env", line.as_str()), Dialect::Dotenvy).unwrap();
        match theirs {
            Ok(theirs) => {
                prop_assert!(scanned.rejected.is_empty(), "{:?}: {:?}", line, scanned.rejected);
                let ours: Vec<(String, String)> = scanned.entries.into_iter().map(|e| (e.name, e.value.unwrap_or_default())).collect();
                prop_assert_eq!(ours, theirs, "line {:?}", line);
            }
            Err(_) => prop_assert!(!scanned.rejected.is_empty(), "dotenvy refuses {:?}", line),
        }
    }

    /// What `fix` writes reads back, in every dialect, as the value it meant to write.
    #[test]
    fn quoted_values_read_back_unchanged(value in "(?s)[\\PC\n\r\t#='\"\\\\$` ]{0,40}") {
        // Node has no way to write a carriage return but `\r` in double quotes.
        // Nor a value holding all three quotes and a line break or a `#`.
        // Double quotes are out when the value holds `"` or a `\n` or `\r` Node would
        // expand; single quotes and backticks when it holds them too and a line break or
        // a `#` keeps the unquoted reading from taking the line whole.
        let no_double = value.contains('"') || value.contains("\\n") || value.contains("\\r");
        let all_quotes = value.contains('\'') && value.contains('`') && value.contains(['\n', '#']);
        let node_can = !(no_double && (value.contains('\r') || all_quotes));
        for dialect in [Dialect::Compose, Dialect::Node, Dialect::Dotenvy] {
            if dialect == Dialect::Node && !node_can {
                continue;
            }
            let written = quote_value(&value, dialect);
            for line in [format!("KEY={written}\n"), format!("KEY={written}")] {
                let read = entries_in(dialect, &line);
                prop_assert_eq!(read.len(), 1, "{:?} {:?}", dialect, line);
                prop_assert_eq!(read[0].value.as_deref(), Some(value.as_str()), "{:?} {:?}", dialect, line);
            }
        }
    }

    #[test]
    fn never_panics_and_spans_stay_on_char_boundaries(text in "(?s)[\\PC\n\r#='\"`:\\\\ \t$]{0,200}") {
        let source = SourceFile::new(".env", text.clone());
        for dialect in [Dialect::Compose, Dialect::Node, Dialect::Dotenvy] {
            if let Ok(file) = scan(&source, dialect) {
                let spans = file.entries.iter().flat_map(|e| [&e.name_span, &e.value_span, &e.block])
                    .chain(file.rejected.iter().map(|r| &r.0))
                    .chain(file.reads.iter().map(|r| &r.span));
                for span in spans {
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
        let edit = render_value(
            text,
            &e.value_span,
            Role::Example,
            Some(value),
            Dialect::Dotenvy,
        );
        let out = crate::edit::apply(text, &[edit]);
        assert_eq!(out, written);
        assert_eq!(entries(&out)[0].value.as_deref(), Some(value), "{out:?}");
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
        let edit = render_value(
            line,
            &span,
            Role::Default,
            Some("omniroute_memory"),
            Dialect::Dotenvy,
        );
        let fixed = crate::edit::apply(line, &[edit]);
        let (value, _) = prose_default(&fixed).unwrap();
        assert_eq!(value.as_deref(), Some("omniroute_memory"), "{fixed:?}");
    }
}
