//! Table cells as people write them, read one way for `check`, `fix` and `docs`: a
//! Default cell is a value, "no default", "required", or not comparable (alternatives,
//! prose); a Variable cell names one or more variables, with notes about the row.

/// What a Default (or Required) cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// One value (backticks, quotes, footnotes and `<br>` removed).
    Value(String),
    /// No default: empty, `-`, `''`, `n/a`, `none`, the schema's unset text.
    NoDefault,
    /// `Required`, `(required)`, `yes`: the variable must be set.
    Required,
    /// `optional`, `no`: the variable may be left unset (a Required column).
    Optional,
    /// Alternatives or prose (`` `3000` / `3030` ``, "auto-detected"): nothing to compare.
    NotComparable,
}

/// The text of a cell with what is not its value taken out: padding, `\|` escapes,
/// footnotes (`<sup>…</sup>`, `[^n]`, a trailing `*1` or `\*`), `<br>` (a space) and HTML
/// tags around code (`<code>`).
pub fn plain(raw: &str) -> String {
    let mut t = raw.trim().replace("\\|", "|");
    // Footnotes in `<sup>`, whole.
    while let Some(open) = find_ci(&t, "<sup") {
        let close = find_ci(&t[open..], "</sup>").map_or(t.len(), |c| open + c + "</sup>".len());
        t.replace_range(open..close, "");
    }
    // Markdown footnote references.
    while let Some(open) = t.find("[^") {
        let Some(close) = t[open..].find(']') else {
            break;
        };
        t.replace_range(open..=open + close, "");
    }
    // Tags: a line break is a space; `<code>` is a backtick; others go.
    let mut out = String::with_capacity(t.len());
    let mut rest = t.as_str();
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt..];
        let Some(gt) = after.find('>') else {
            out.push_str(after);
            rest = "";
            break;
        };
        let tag = after[1..gt].trim().trim_end_matches('/').trim();
        let name = tag
            .trim_start_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let is_tag = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic());
        if !is_tag {
            // `<= 0`, `<unset>`-like text: kept as written.
            out.push('<');
            rest = &after[1..];
            continue;
        }
        match name.as_str() {
            "br" => out.push(' '),
            "code" => out.push('`'),
            _ => {}
        }
        rest = &after[gt + 1..];
    }
    out.push_str(rest);
    let mut t = out.trim().to_owned();
    // A trailing footnote mark: `*1`, `\*2`, `*`, `¹`.
    loop {
        let before = t.len();
        let trimmed = t.trim_end_matches(|c: char| "¹²³⁴⁵⁶⁷⁸⁹⁰".contains(c));
        t.truncate(trimmed.len());
        if let Some(star) = t.rfind('*') {
            let tail = &t[star + 1..];
            let escaped = t[..star].ends_with('\\');
            // `**bold**` ends in `*` too: only a lone star (or one before digits) is a mark.
            if tail.chars().all(|c| c.is_ascii_digit())
                && !t[..star].ends_with('*')
                && (escaped || !t[..star].contains('*'))
            {
                t.truncate(if escaped { star - 1 } else { star });
                t = t.trim_end().to_owned();
            }
        }
        if t.len() == before {
            break;
        }
    }
    t
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .to_ascii_lowercase()
        .find(&needle.to_ascii_lowercase())
}

/// Emphasis around a text (`**x**`, `_x_`, `*x*`), removed.
fn unemphasised(t: &str) -> &str {
    let mut t = t.trim();
    for mark in ["**", "__", "*", "_"] {
        if t.len() > 2 * mark.len()
            && let Some(inner) = t.strip_prefix(mark).and_then(|s| s.strip_suffix(mark))
        {
            t = inner.trim();
        }
    }
    t
}

/// The texts that mean "no default".
const NONE: [&str; 14] = [
    "-", "—", "–", "''", "\"\"", "n/a", "na", "none", "(none)", "(empty)", "empty", "unset",
    "(unset)", "not set",
];

/// What a Default cell (raw, padding included) says; `unset` is the schema's text for no
/// default (`_(unset)_`). `required` and `(required)` say the variable must be set; where
/// the header names requiredness too (`Required / Default`, `claims`), so do `yes` and
/// `no`, which elsewhere are values. Where the column writes its values in backticks
/// (`quoted`), a bare word is prose (`derived`, `Auto-constructed`), not a value.
pub fn value(raw: &str, unset: &str, claims: bool, quoted: bool) -> Said {
    let t = plain(raw);
    let bare = unemphasised(&t);
    let lower = bare.to_ascii_lowercase();
    if bare.is_empty() || t == unset || t == plain(unset) || NONE.contains(&lower.as_str()) {
        return Said::NoDefault;
    }
    match lower.trim_matches(['(', ')']) {
        "required" | "required*" | "mandatory" => return Said::Required,
        "optional" => return Said::Optional,
        "yes" if claims => return Said::Required,
        "no" if claims => return Said::Optional,
        _ => {}
    }
    // One code span that is the whole cell.
    if let Some(inner) = t.strip_prefix('`').and_then(|s| s.strip_suffix('`'))
        && !inner.contains('`')
    {
        let inner = inner.trim();
        if NONE.contains(&inner.to_ascii_lowercase().as_str()) {
            return Said::NoDefault;
        }
        return Said::Value(inner.to_owned());
    }
    // One bare token: a value, unless it names another variable (`WEBAPP_URL`: it defaults
    // to that one) or is a sentence's word.
    if !bare.contains(char::is_whitespace) && !bare.contains('`') {
        let in_quotes = bare.len() >= 2
            && ((bare.starts_with('"') && bare.ends_with('"'))
                || (bare.starts_with('\'') && bare.ends_with('\'')));
        if in_quotes {
            return Said::Value(bare[1..bare.len() - 1].to_owned());
        }
        if names_a_variable(bare) || (quoted && bare.contains(char::is_alphabetic)) {
            return Said::NotComparable;
        }
        return Said::Value(bare.to_owned());
    }
    Said::NotComparable
}

/// Whether a bare token is written like a variable's name (upper case with `_`).
fn names_a_variable(t: &str) -> bool {
    t.contains('_')
        && t.starts_with(|c: char| c.is_ascii_uppercase())
        && crate::schema::shaped_env_name(t)
}

/// What a Required column's cell says: required, optional, or nothing comparable (a
/// condition such as "optional (required if S3 is enabled)").
pub fn required(raw: &str) -> Said {
    let t = plain(raw);
    let lower = unemphasised(&t).to_ascii_lowercase();
    match lower.trim_matches(['(', ')', '`']) {
        "required" | "yes" | "y" | "true" | "✓" | "✔" | "x" => Said::Required,
        "optional" | "no" | "n" | "false" | "-" | "" => Said::Optional,
        _ => Said::NotComparable,
    }
}

/// The variables a Variable cell names and what else it says about the row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// Each name with its span in the raw cell (for a suffix form, the suffix's span).
    pub names: Vec<(String, std::ops::Range<usize>)>,
    /// Notes about the row: `deprecated`, `optional`, `*`.
    pub notes: Vec<String>,
    /// Text shaped like a name that could not be read as one (`DB-HOST`, `X_${Y}`).
    pub unreadable: bool,
}

/// Reads a Variable cell: `` `X` ``, `X`, several names (`` `X`<br>/`_FILE` `` is `X` and
/// `X_FILE`; `` `A` / `B` ``, `` `A`, `B` ``), and notes after them (`(**deprecated**)`,
/// `(optional)`, `*`), with footnotes and tags left out.
pub fn names(raw: &str) -> Names {
    let mut out = Names::default();
    let b = raw.as_bytes();
    let mut i = 0;
    // The separator seen since the last name: `/` makes a following `_SUFFIX` a suffix.
    let mut slash = false;
    while i < b.len() {
        let c = b[i];
        match c {
            b'<' => {
                // A tag, or a `<sup>` footnote, whole.
                let rest = &raw[i..];
                if rest
                    .get(..4)
                    .is_some_and(|t| t.eq_ignore_ascii_case("<sup"))
                {
                    i += find_ci(rest, "</sup>").map_or(rest.len(), |e| e + "</sup>".len());
                } else {
                    i += rest.find('>').map_or(1, |e| e + 1);
                }
            }
            b'(' => {
                let close = raw[i..].find(')').map_or(b.len(), |e| i + e);
                let note = unemphasised(raw[i + 1..close.min(b.len())].trim())
                    .trim_matches('`')
                    .to_ascii_lowercase();
                if !note.is_empty() {
                    out.notes.push(note);
                }
                i = (close + 1).min(b.len());
            }
            b'[' if raw[i..].starts_with("[^") => {
                i += raw[i..].find(']').map_or(b.len() - i, |e| e + 1);
            }
            b'/' => {
                slash = true;
                i += 1;
            }
            b'_' | b'a'..=b'z' | b'A'..=b'Z'
                if {
                    // A dotted key (`config.NODE_ENV`, a chart's value) names no variable.
                    let end = i + raw[i..]
                        .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_' || ch == '.'))
                        .unwrap_or(raw.len() - i);
                    raw[i..end].trim_end_matches('.').contains('.')
                } =>
            {
                i += raw[i..]
                    .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_' || ch == '.'))
                    .unwrap_or(raw.len() - i);
            }
            b'`' | b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                let (word, start, end) = if c == b'`' {
                    let close = raw[i + 1..].find('`').map_or(b.len(), |e| i + 1 + e);
                    (raw[i + 1..close].trim(), i + 1, close)
                } else {
                    let end = i + raw[i..]
                        .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                        .unwrap_or(raw.len() - i);
                    (&raw[i..end], i, end)
                };
                let next = if c == b'`' {
                    (end + 1).min(b.len())
                } else {
                    end
                };
                let word = unemphasised(word);
                let offset = raw[start..end].find(word).map_or(start, |o| start + o);
                if crate::schema::is_env_name(word) {
                    match out.names.last() {
                        Some((previous, _)) if slash && word.starts_with('_') => {
                            let full = format!("{previous}{word}");
                            out.names.push((full, offset..offset + word.len()));
                        }
                        _ => out
                            .names
                            .push((word.to_owned(), offset..offset + word.len())),
                    }
                } else if c != b'`' && !out.names.is_empty() {
                    // A word after the names (`deprecated`, `or`): a note.
                    let w = word.to_ascii_lowercase();
                    if !matches!(w.as_str(), "or" | "and") {
                        out.notes.push(w);
                    }
                } else if looks_like_a_name(word) {
                    out.unreadable = true;
                }
                slash = false;
                i = next.max(i + 1);
            }
            b'*' => {
                if !out.names.is_empty() {
                    out.notes.push("*".to_owned());
                }
                i += raw[i..].find(|ch: char| ch != '*').unwrap_or(raw.len() - i);
            }
            _ => i += raw[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out.notes.dedup();
    out
}

/// Whether text is shaped like a variable name envlint could not read: mostly upper-case
/// letters, no blank, and a character a name cannot hold (`DB-HOST`, `X_${Y}`, `A.B`).
fn looks_like_a_name(t: &str) -> bool {
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let upper = t.chars().filter(char::is_ascii_uppercase).count();
    upper >= 2
        && upper * 3 >= letters * 2
        && !t.contains(char::is_whitespace)
        && t.contains(['-', '.', '$', '{', '}', ':', '/'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_cells_as_people_write_them() {
        let v = |s: &str| Said::Value(s.to_owned());
        for (cell, want) in [
            ("`6333`", v("6333")),
            (" `./upload`<sup>\\*1</sup> ", v("./upload")),
            ("`./upload`<sup>*1</sup>", v("./upload")),
            ("`pgvecto.rs`[^2]", v("pgvecto.rs")),
            ("6379", v("6379")),
            ("`false` *", v("false")),
            ("http://localhost:3000", v("http://localhost:3000")),
            ("#64748b", v("#64748b")),
            ("\"info\"", v("info")),
            ("<code>log</code>", v("log")),
            ("", Said::NoDefault),
            ("-", Said::NoDefault),
            ("—", Said::NoDefault),
            ("''", Said::NoDefault),
            ("`\"\"`", Said::NoDefault),
            ("n/a", Said::NoDefault),
            ("_none_", Said::NoDefault),
            ("(none)", Said::NoDefault),
            ("(empty)", Said::NoDefault),
            ("_(unset)_", Said::NoDefault),
            ("Required", Said::Required),
            ("(required)", Said::Required),
            ("**Required**", Said::Required),
            ("yes", v("yes")),
            ("optional", Said::Optional),
            ("`3000` / `3030`", Said::NotComparable),
            ("`120` (`300` if using OpenVINO image)", Said::NotComparable),
            ("auto-detected cpu core count", Said::NotComparable),
            (
                "`3001` (server), `3003` (machine learning)",
                Said::NotComparable,
            ),
            ("number of CPU cores", Said::NotComparable),
            ("WEBAPP_URL", Said::NotComparable),
            ("86400 (24 hours)", Said::NotComparable),
            (
                "(Generated by the user, `openssl rand -hex 32`)",
                Said::NotComparable,
            ),
            ("`1`<br>`2`", Said::NotComparable),
        ] {
            assert_eq!(value(cell, "_(unset)_", false, false), want, "{cell:?}");
        }
        // Under `Required / Default`, `yes` and `no` say whether it is required.
        assert_eq!(value("**Yes**", "_(unset)_", true, false), Said::Required);
        assert_eq!(value("No", "_(unset)_", true, false), Said::Optional);
        assert_eq!(value("`3000`", "_(unset)_", true, false), v("3000"));
        // Where the column backticks its values, a bare word is prose; a bare number and
        // the words for none still say what they say.
        assert_eq!(
            value("derived", "_(unset)_", false, true),
            Said::NotComparable
        );
        assert_eq!(
            value("Auto-constructed", "_(unset)_", false, true),
            Said::NotComparable
        );
        assert_eq!(value("derived", "_(unset)_", false, false), v("derived"));
        assert_eq!(value("5000", "_(unset)_", false, true), v("5000"));
        assert_eq!(value("-", "_(unset)_", false, true), Said::NoDefault);
    }

    #[test]
    fn required_cells() {
        for (cell, want) in [
            ("required", Said::Required),
            ("Yes", Said::Required),
            ("✓", Said::Required),
            ("optional", Said::Optional),
            ("No", Said::Optional),
            ("", Said::Optional),
            ("optional (required if S3 is enabled)", Said::NotComparable),
        ] {
            assert_eq!(required(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn variable_cells_name_one_or_more_variables() {
        let read = |cell: &str| {
            let n = names(cell);
            let spans_hold = n.names.iter().all(|(name, span)| {
                name.ends_with(&cell[span.clone()]) && !cell[span.clone()].is_empty()
            });
            assert!(spans_hold, "{cell:?}: {n:?}");
            (
                n.names.into_iter().map(|(x, _)| x).collect::<Vec<_>>(),
                n.notes,
                n.unreadable,
            )
        };
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        for (cell, names, notes, unreadable) in [
            ("`QDRANT_PORT`", s(&["QDRANT_PORT"]), s(&[]), false),
            ("WEBAPP_URL", s(&["WEBAPP_URL"]), s(&[]), false),
            (
                "`DB_PASSWORD`<br>/`_FILE`",
                s(&["DB_PASSWORD", "DB_PASSWORD_FILE"]),
                s(&[]),
                false,
            ),
            ("`A_X` / `B_Y`", s(&["A_X", "B_Y"]), s(&[]), false),
            ("`X_A`, `X_A_FILE`", s(&["X_A", "X_A_FILE"]), s(&[]), false),
            (
                "`QUEUE_WORKER_TIMEOUT` (**deprecated**)",
                s(&["QUEUE_WORKER_TIMEOUT"]),
                s(&["deprecated"]),
                false,
            ),
            (
                "`N8N_PORT` (optional)",
                s(&["N8N_PORT"]),
                s(&["optional"]),
                false,
            ),
            ("`N8N_HOST` *", s(&["N8N_HOST"]), s(&["*"]), false),
            (
                "`DB_VECTOR_EXTENSION`<sup>\\*2</sup>",
                s(&["DB_VECTOR_EXTENSION"]),
                s(&[]),
                false,
            ),
            ("`DB-HOST`", s(&[]), s(&[]), true),
            ("Some prose", s(&["Some", "prose"]), s(&[]), false),
            ("config.NODE_ENV", s(&[]), s(&[]), false),
        ] {
            assert_eq!(read(cell), (names, notes, unreadable), "{cell:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_cell_reads_without_panic(cell in "(?s).{0,60}") {
            let _ = value(&cell, "_(unset)_", true, true);
            let _ = required(&cell);
            let n = names(&cell);
            for (_, span) in n.names {
                proptest::prop_assert!(cell.get(span).is_some());
            }
        }
    }
}
