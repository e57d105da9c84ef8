//! MDX read as Markdown: its ESM (`import`/`export` blocks), JSX elements (`<Note …>` and
//! `</Note>`, a tag spanning lines included) and JSX expressions (`{/* … */}`) are blanked
//! to spaces, line breaks kept, so every offset of the text stays and the Markdown between
//! the tags (tables included) is read as it is written.

/// Whether a file is MDX, by its name.
pub fn is_mdx(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("mdx"))
}

/// `text` with its ESM, JSX tags and JSX expressions blanked; fenced code is left alone.
pub fn blanked(text: &str) -> String {
    let mut out: Vec<u8> = text.as_bytes().to_vec();
    let b = text.as_bytes();
    let mut fence: Option<(u8, usize)> = None;
    let mut at = 0;
    // The ESM block being blanked runs to the next blank line.
    let mut in_esm = false;
    while at < b.len() {
        let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |i| at + i);
        let line = &text[at..end];
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let body = &line[indent..];
        if let Some((ch, n)) = fence {
            if body.bytes().take_while(|&c| c == ch).count() >= n
                && body.trim_start_matches(ch as char).trim().is_empty()
            {
                fence = None;
            }
            at = end + 1;
            continue;
        }
        let ticks = body.bytes().take_while(|&c| c == b'`').count();
        let tildes = body.bytes().take_while(|&c| c == b'~').count();
        if ticks >= 3 || tildes >= 3 {
            fence = Some(if ticks >= 3 {
                (b'`', ticks)
            } else {
                (b'~', tildes)
            });
            at = end + 1;
            continue;
        }
        if body.trim().is_empty() {
            in_esm = false;
            at = end + 1;
            continue;
        }
        if in_esm || (indent == 0 && (body.starts_with("import ") || body.starts_with("export "))) {
            in_esm = true;
            blank(&mut out, at..end);
            at = end + 1;
            continue;
        }
        if indent <= 3 && (body.starts_with('<') || body.starts_with('{')) {
            let start = at + indent;
            let stop = if body.starts_with('{') {
                expression_end(b, start)
            } else {
                tag_end(b, start)
            };
            if let Some(stop) = stop {
                blank(&mut out, start..stop);
                // A line holding only tags and expressions is blanked whole; text after a
                // tag on its line is Markdown.
                let mut p = stop;
                loop {
                    while p < b.len() && (b[p] == b' ' || b[p] == b'\t') {
                        p += 1;
                    }
                    let next = match b.get(p) {
                        Some(b'<') => tag_end(b, p),
                        Some(b'{') => expression_end(b, p),
                        _ => None,
                    };
                    match next {
                        Some(n) => {
                            blank(&mut out, p..n);
                            p = n;
                        }
                        None => break,
                    }
                }
                at = memchr::memchr(b'\n', &b[p.min(b.len())..]).map_or(b.len(), |i| p + i) + 1;
                continue;
            }
        }
        at = end + 1;
    }
    String::from_utf8(out).expect("only ASCII bytes outside line breaks were replaced")
}

/// Replaces every byte of `range` but line breaks with a space (a multi-byte character
/// becomes as many spaces as it has bytes, so offsets hold).
fn blank(out: &mut [u8], range: std::ops::Range<usize>) {
    for c in &mut out[range] {
        if *c != b'\n' && *c != b'\r' {
            *c = b' ';
        }
    }
}

/// Where a JSX tag starting at `start` (`<Name …>`, `</Name>`, `<Name … />`, `<>`) ends,
/// quoted attribute values and `{…}` expressions skipped; `None` when it is no tag (`<=`,
/// an unclosed `<`).
fn tag_end(b: &[u8], start: usize) -> Option<usize> {
    let mut p = start + 1;
    if b.get(p) == Some(&b'/') {
        p += 1;
    }
    match b.get(p) {
        Some(c) if c.is_ascii_alphabetic() || *c == b'>' => {}
        _ => return None,
    }
    while p < b.len() {
        match b[p] {
            b'>' => return Some(p + 1),
            b'"' | b'\'' => {
                let q = b[p];
                p += 1;
                while p < b.len() && b[p] != q {
                    p += 1;
                }
                p += 1;
            }
            b'{' => p = expression_end(b, p)?,
            // A `<` inside a tag: this was no tag.
            b'<' => return None,
            _ => p += 1,
        }
    }
    None
}

/// Where the JSX expression `{…}` starting at `start` ends (braces balanced, strings and
/// comments skipped).
fn expression_end(b: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut p = start;
    while p < b.len() {
        match b[p] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(p + 1);
                }
            }
            b'"' | b'\'' | b'`' => {
                let q = b[p];
                p += 1;
                while p < b.len() && b[p] != q {
                    if b[p] == b'\\' {
                        p += 1;
                    }
                    p += 1;
                }
            }
            b'/' if b.get(p + 1) == Some(&b'*') => {
                p += 2;
                while p + 1 < b.len() && !(b[p] == b'*' && b[p + 1] == b'/') {
                    p += 1;
                }
                p += 1;
            }
            _ => {}
        }
        p += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esm_jsx_and_expressions_are_blanked_markdown_stays() {
        let text = "---\ntitle: Env\n---\nimport { Callout } from \"nextra/components\";\nimport Table from './t'\n\n# Env\n\n<Callout type=\"info\"\n  emoji=\"ℹ️\">\nSet **these** first.\n</Callout>\n\n{/* prettier-ignore-start */}\n\n| Variable | Default |\n| --- | --- |\n| `A_B` | `1`<br/>x |\n\n<Note>inline text</Note>\n\n```jsx\n<Kept />\nimport x from 'y'\n```\n";
        let out = blanked(text);
        assert_eq!(out.len(), text.len());
        assert_eq!(
            out.matches('\n').count(),
            text.matches('\n').count(),
            "line breaks kept"
        );
        assert!(!out.contains("import {"), "{out}");
        assert!(!out.contains("Callout"), "{out}");
        assert!(!out.contains("prettier"), "{out}");
        assert!(out.contains("Set **these** first."));
        assert!(
            out.contains("| `A_B` | `1`<br/>x |"),
            "cells keep their tags"
        );
        assert!(out.contains("inline text"), "text after a tag is Markdown");
        assert!(!out.contains("<Note>"));
        assert!(
            out.contains("<Kept />\nimport x from 'y'"),
            "fenced code is kept"
        );
        assert!(
            out.starts_with("---\ntitle: Env\n---\n"),
            "front matter is kept"
        );
    }

    #[test]
    fn what_is_no_tag_is_kept() {
        for text in ["<= 0 means off\n", "< 5 items\n", "{unclosed\n"] {
            assert_eq!(blanked(text), text);
        }
    }

    proptest::proptest! {
        #[test]
        fn offsets_and_line_breaks_hold(text in "(?s)[<>{}/a-zA-Z \\n`\"'*|=-]{0,200}") {
            let out = blanked(&text);
            proptest::prop_assert_eq!(out.len(), text.len());
            for (a, b) in text.bytes().zip(out.bytes()) {
                proptest::prop_assert!(a == b || b == b' ');
                proptest::prop_assert!(a != b'\n' || b == b'\n');
            }
        }
    }
}
