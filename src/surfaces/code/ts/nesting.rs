//! A guard against the TypeScript parser's exponential case, run before it.
//!
//! The parser reads `a < b` by first trying `<` as the start of type arguments and
//! rereading the rest as an expression when that fails. A type argument that opens an
//! object type with a computed key (`W<{[`) or a tuple (`W<[`) can go back to expressions
//! inside that first try, so each such level multiplies (about threefold, measured) the
//! rereading of everything after it, and the parser's arena keeps every try: 650 bytes
//! took 6.8 s and 3.4 GB. [`too_speculative`] counts those levels (a `[` opened while a
//! `<` is open) with a bracket scan and refuses a file whose levels are too many for its
//! size. None of 42,084 files of TypeScript libraries (73 MB, `effect`, `rxjs`, `zod`,
//! React Spectrum, react-admin and more) is refused.

/// How much rereading the parser may do on one file: the file's length times 4 to the
/// power of its deepest level stays at most this many bytes. One level is always allowed
/// (it at most triples the work). Heavy type-level code reaches four levels in 217 kB
/// (`effect`'s `McpSchema.d.ts`, which oxc parses in milliseconds); the worst nesting
/// let through costs up to about 3 s and 1 GB (measured in `fuzz/README.md`).
const BUDGET: usize = 64 << 20;

/// Where a TypeScript file nests speculative parses deeper than its size allows: the `[`
/// that takes it over [`BUDGET`]. Strings, template literals and comments are skipped.
pub fn too_speculative(text: &str) -> Option<usize> {
    let mut scan = Scan {
        b: text.as_bytes(),
        stack: vec![Frame {
            kind: Kind::Brace,
            level: 0,
            angle: false,
        }],
        open: [0; 3],
        prev: b' ',
    };
    let mut i = 0;
    while i < scan.b.len() {
        let c = scan.b[i];
        i = match c {
            b'/' if scan.b.get(i + 1) == Some(&b'/') => scan.line_comment(i),
            b'/' if scan.b.get(i + 1) == Some(&b'*') => scan.block_comment(i),
            b'/' if scan.regex_may_start(i) => scan.regex(i),
            b'\'' | b'"' => scan.string(i, c),
            // An escape in code (`\u0041` in a name): the next byte is no `/` or bracket.
            b'\\' => {
                scan.prev = b'a';
                i + 2
            }
            b'`' => scan.template(i + 1),
            b'(' | b'[' | b'{' => {
                if scan.open_bracket(c) {
                    return Some(i);
                }
                i + 1
            }
            // A `}` that closes a template's `${` goes back to the template's text.
            b')' | b']' | b'}' if scan.close_bracket(c) => scan.template(i + 1),
            _ => {
                scan.other(c);
                i + 1
            }
        };
    }
    None
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Paren,
    Bracket,
    Brace,
    /// `${` inside a template literal: its `}` goes back to the template's text.
    Template,
    /// `<` after a name, `)` or `]`: type arguments or a comparison.
    Angle,
}

/// A bracket or `<` still open, with the levels of speculation around it and whether a
/// `<` is open around it since the last level began.
#[derive(Clone, Copy)]
struct Frame {
    kind: Kind,
    level: u32,
    angle: bool,
}

struct Scan<'t> {
    b: &'t [u8],
    /// Never empty: the bottom frame is never popped.
    stack: Vec<Frame>,
    /// Open `(`, `[` and `{`/`${` frames, so a stray closer is skipped without a search.
    open: [usize; 3],
    /// The last byte that is not whitespace.
    prev: u8,
}

impl Scan<'_> {
    fn top(&self) -> Frame {
        *self.stack.last().expect("the bottom frame is never popped")
    }

    fn line_comment(&self, i: usize) -> usize {
        memchr::memchr(b'\n', &self.b[i..]).map_or(self.b.len(), |n| i + n)
    }

    fn block_comment(&self, i: usize) -> usize {
        memchr::memmem::find(&self.b[i + 2..], b"*/").map_or(self.b.len(), |n| i + n + 4)
    }

    /// Whether a `/` at `i` starts a regular expression rather than dividing: after an
    /// operator, an opening bracket, a comma or the file's start, or after a keyword that
    /// takes an expression (`return /a/`).
    fn regex_may_start(&self, i: usize) -> bool {
        const KEYWORDS: [&[u8]; 13] = [
            b"return", b"typeof", b"case", b"do", b"else", b"in", b"of", b"new", b"delete",
            b"void", b"throw", b"yield", b"await",
        ];
        let name = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$');
        if name(self.prev) {
            let end = self.b[..i].iter().rposition(|&c| !c.is_ascii_whitespace());
            let Some(end) = end else { return true };
            let start = self.b[..=end]
                .iter()
                .rposition(|&c| !name(c))
                .map_or(0, |p| p + 1);
            return KEYWORDS.contains(&&self.b[start..=end]);
        }
        !matches!(self.prev, b')' | b']' | b'}' | b'\'' | b'"' | b'`')
    }

    /// Skips a regular expression literal: to its closing `/` outside a `[...]` class, or
    /// to the line's end.
    fn regex(&mut self, i: usize) -> usize {
        let mut j = i + 1;
        let mut class = false;
        while j < self.b.len() && self.b[j] != b'\n' {
            match self.b[j] {
                b'\\' => j += 1,
                b'[' => class = true,
                b']' => class = false,
                b'/' if !class => break,
                _ => {}
            }
            j += 1;
        }
        // A value, as far as the next `/` or `<` is concerned.
        self.prev = b')';
        j + 1
    }

    /// Skips a quoted string (it ends at its quote or the line's end).
    fn string(&mut self, i: usize, quote: u8) -> usize {
        let mut j = i + 1;
        while j < self.b.len() && self.b[j] != quote && self.b[j] != b'\n' {
            j += if self.b[j] == b'\\' { 2 } else { 1 };
        }
        self.prev = quote;
        j + 1
    }

    /// Skips a template literal's text from `i` to its closing backtick, or to a `${`,
    /// which opens a frame its `}` closes (and the text goes on after it).
    fn template(&mut self, mut i: usize) -> usize {
        while i < self.b.len() {
            match self.b[i] {
                b'\\' => i += 2,
                b'`' => {
                    self.prev = b'`';
                    return i + 1;
                }
                b'$' if self.b.get(i + 1) == Some(&b'{') => {
                    let top = self.top();
                    self.stack.push(Frame {
                        kind: Kind::Template,
                        ..top
                    });
                    self.open[2] += 1;
                    self.prev = b'{';
                    return i + 2;
                }
                _ => i += 1,
            }
        }
        i
    }

    /// Opens a bracket frame; true when its level takes the file over its budget.
    fn open_bracket(&mut self, c: u8) -> bool {
        let top = self.top();
        let (kind, slot) = match c {
            b'(' => (Kind::Paren, 0),
            b'[' => (Kind::Bracket, 1),
            _ => (Kind::Brace, 2),
        };
        // `<` left open, then a `[` inside it (directly or in `{` and `(`): one more level.
        let (level, angle) = if top.angle && kind == Kind::Bracket {
            (top.level + 1, false)
        } else {
            (top.level, top.angle)
        };
        if level > top.level.max(1)
            && self.b.len().saturating_mul(4usize.saturating_pow(level)) > BUDGET
        {
            return true;
        }
        self.stack.push(Frame { kind, level, angle });
        self.open[slot] += 1;
        self.prev = c;
        false
    }

    /// Closes the innermost open frame `c` closes, and every `<` and bracket left open
    /// inside it; a closer with nothing to close is skipped. True when the frame was a
    /// template literal's `${`.
    fn close_bracket(&mut self, c: u8) -> bool {
        self.prev = c;
        let slot = match c {
            b')' => 0,
            b']' => 1,
            _ => 2,
        };
        if self.open[slot] == 0 {
            return false;
        }
        while let Some(f) = self.stack.pop() {
            let f_slot = match f.kind {
                Kind::Paren => 0,
                Kind::Bracket => 1,
                Kind::Brace | Kind::Template => 2,
                Kind::Angle => continue,
            };
            self.open[f_slot] -= 1;
            if f_slot == slot {
                return f.kind == Kind::Template;
            }
        }
        unreachable!("an open frame of the closer's kind is on the stack")
    }

    /// Any other byte: `<` after a name, `)` or `]` opens a frame, `>` closes one, `;`
    /// ends the comparisons left open.
    fn other(&mut self, c: u8) {
        let top = self.top();
        match c {
            b'<' if self.prev.is_ascii_alphanumeric()
                || matches!(self.prev, b'_' | b'$' | b')' | b']') =>
            {
                self.stack.push(Frame {
                    kind: Kind::Angle,
                    level: top.level,
                    angle: true,
                });
            }
            b'>' if self.prev != b'=' && top.kind == Kind::Angle => {
                self.stack.pop();
            }
            b';' => {
                while self.stack.len() > 1 && self.top().kind == Kind::Angle {
                    self.stack.pop();
                }
            }
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            self.prev = c;
        }
    }
}
