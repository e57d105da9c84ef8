//! A stack deep enough for the parsers, whatever the file nests.
//!
//! oxc and syn parse by recursive descent with no depth limit of their own: 10,000 `(`
//! in a TypeScript file, or 30,000 `!` in a Rust one, overflow an 8 MiB stack, and a
//! stack overflow aborts the process. Each recursion level takes at least one token, so
//! a file's tokens bound its depth; [`on_stack_for`] runs a parse on a thread whose stack
//! holds that many levels at the parser's worst measured cost per level.

use super::Lang;

/// Stack bytes one token may take at most while parsed, visited and dropped: the worst
/// measured shape with half as much again for margin. TypeScript's worst is a `(` (1.6 KB
/// optimised); Rust's is an unclosed `A<` in a type or a chain of `&` (3.8 KB). A build
/// without optimisation takes several times more per level.
const fn per_token(lang: Lang) -> usize {
    match (lang, cfg!(debug_assertions)) {
        (Lang::Script, false) => 2_560,
        (Lang::Rust | Lang::Python, false) => 6 << 10,
        (Lang::Script, true) => 8 << 10,
        (Lang::Rust | Lang::Python, true) => 48 << 10,
    }
}

/// What a parse may take of a stack that is not one of ours (the main thread's, whose size
/// envlint does not know) before it moves to a thread of its own.
const INLINE: usize = 256 << 10;

/// The stack of the threads that walk and examine the code roots: files whose parse needs
/// less (all but very large or very deep ones) are parsed where they are.
const WORKER: usize = 64 << 20;

/// Room for what runs around the parse (the call into it, the visitor's own frames).
const BASE: usize = 256 << 10;

/// The largest stack a parse may take: a file whose tokens could nest deeper than this
/// allows is not parsed (its depth would cost as much memory).
const MAX: usize = 1 << 30;

thread_local! {
    /// The stack size of this thread when envlint started it with [`worker`], else 0.
    static OWN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Starts a thread in `scope` with a [`WORKER`] stack, on which [`on_stack_for`] parses
/// most files in place.
pub fn worker<'s, T: Send + 's>(
    scope: &'s std::thread::Scope<'s, '_>,
    f: impl FnOnce() -> T + Send + 's,
) -> std::io::Result<std::thread::ScopedJoinHandle<'s, T>> {
    std::thread::Builder::new()
        .name("envlint-code".to_owned())
        .stack_size(WORKER)
        .spawn_scoped(scope, move || {
            OWN.set(WORKER);
            f()
        })
}

/// Runs `f` on a [`worker`] thread, or here when none can be started (then each file's
/// parse gets a thread of its own).
pub fn on_worker<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let slot = std::sync::Mutex::new(Some(f));
    let take = || {
        slot.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    };
    let ran = std::thread::scope(|s| match worker(s, || take().map(|f| f())) {
        Ok(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
        Err(_) => None,
    });
    ran.unwrap_or_else(|| take().expect("not run on a worker")())
}

/// Runs `parse` for a file of `text` in `lang` on a stack its tokens cannot overflow:
/// where it is when the file is small, else on a thread of its own. An error says why a
/// file was not parsed: too many tokens for [`MAX`], or no thread could be started.
pub fn on_stack_for<T: Send>(
    lang: Lang,
    text: &str,
    parse: impl FnOnce() -> T + Send,
) -> Result<T, String> {
    let here = match OWN.get() {
        0 => INLINE,
        own => own - BASE,
    };
    // A file has no more tokens than bytes: a small one is not counted.
    let at_most = text
        .len()
        .saturating_mul(per_token(lang))
        .saturating_add(BASE);
    if at_most <= here {
        return Ok(parse());
    }
    let tokens = tokens(text.as_bytes());
    let need = tokens.saturating_mul(per_token(lang)).saturating_add(BASE);
    if need <= here {
        return Ok(parse());
    }
    if need > MAX {
        return Err(format!(
            "the file has {tokens} tokens; parsing that many nested levels could take more \
             than the {} MiB stack envlint allows a parse, so envlint does not parse it",
            MAX >> 20
        ));
    }
    std::thread::scope(|s| {
        let worker = std::thread::Builder::new()
            .name("envlint-parse".to_owned())
            .stack_size(need)
            .spawn_scoped(s, parse)
            .map_err(|e| {
                format!(
                    "cannot start a thread with the {} MiB stack the file's {tokens} tokens \
                     may need: {e}",
                    need.div_ceil(1 << 20)
                )
            })?;
        Ok(worker
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p)))
    })
}

/// An upper bound on a file's tokens, whatever its language: every byte of punctuation
/// and every start of a word (letters, digits, `_`, `$` and non-ASCII bytes) counts one.
/// Strings and comments count as their words and punctuation, which only raises it.
pub fn tokens(b: &[u8]) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for &c in b {
        let w = is_word(c);
        n += usize::from(if w {
            !in_word
        } else {
            !c.is_ascii_whitespace()
        });
        in_word = w;
    }
    n
}

/// Whether byte `c` is part of a word (a name, a keyword, a number) in either language:
/// ASCII letters and digits, `_`, `$` and every byte of a non-ASCII character.
pub(super) fn is_word(c: u8) -> bool {
    WORD[usize::from(c)]
}

static WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80;
        c += 1;
    }
    t
};
