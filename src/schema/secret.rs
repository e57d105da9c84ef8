//! Secrets on evidence, for the schema, the verdicts and `init`: whether a stated value looks like a real credential (a known token
//! format, high entropy, a URL carrying a password) or is a placeholder an example ships
//! on purpose; whether a name's last words name a credential (what `init` proposes); and
//! the conservative name heuristic that masks the values of names the schema does not
//! declare.

/// Why a value is taken for a real credential; the value itself is never shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Evidence {
    /// A known token format (`a GitHub token`, `an AWS access key`).
    Format(&'static str),
    /// High entropy for its alphabet, as detect-secrets and gitleaks judge it: bits per
    /// character.
    Entropy(f64),
    /// A URL whose user information carries a password.
    UrlPassword,
    /// Nothing marks it as a placeholder or a sample stack's well-known default.
    NoPlaceholder,
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Format(what) => write!(f, "it has the format of {what}"),
            Self::Entropy(bits) => write!(
                f,
                "it has the entropy of a random key ({bits:.1} bits per character)"
            ),
            Self::UrlPassword => f.write_str("it is a URL carrying a password"),
            Self::NoPlaceholder => f.write_str("it is not a placeholder"),
        }
    }
}

/// Whether a stated value of a declared secret looks real, and why (`secret-exposed`): not
/// a placeholder, and not a sample stack's well-known default unless it also has a
/// credential's shape.
pub fn exposure(name: &str, value: &str) -> Option<Evidence> {
    let value = value.trim();
    if let Some(e) = credential(value) {
        return Some(e);
    }
    // A URL is exposed by its password alone (`credential` judged it).
    if value.contains("://") {
        return None;
    }
    if placeholder(value)
        || local_default(value)
        || path(value)
        || flag_or_count(value)
        || named_after(name, value)
    {
        return None;
    }
    Some(Evidence::NoPlaceholder)
}

/// A boolean's word or a short number: what a flag or a setting holds, never a secret.
fn flag_or_count(value: &str) -> bool {
    matches!(
        value.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off"
    ) || (value.len() <= 6 && value.chars().all(|c| c.is_ascii_digit()))
}

/// Whether a value is spelled from the words of its variable's name, a placeholder's words
/// and a sample stack's names (`clickhouse` for `CLICKHOUSE_PASSWORD`, `mysecret`,
/// `miniosecret`, `ollama` for `OLLAMA_AUTH_TOKEN`): a default that names what goes there.
fn named_after(name: &str, value: &str) -> bool {
    let lower: Vec<u8> = value
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    if lower.is_empty() || lower.len() > 40 {
        return false;
    }
    let name_lower = name.to_ascii_lowercase();
    let mut words: Vec<&str> = name_lower.split('_').filter(|w| w.len() >= 2).collect();
    words.extend(NAME_WORDS.iter().filter(|w| w.len() >= 2));
    words.extend(LOCAL_DEFAULTS.iter().filter(|w| w.len() >= 2));
    // Whether `lower[..i]` splits into words, for each `i`.
    let mut split = vec![false; lower.len() + 1];
    split[0] = true;
    for i in 0..lower.len() {
        if !split[i] {
            continue;
        }
        for w in &words {
            if lower[i..].starts_with(w.as_bytes()) {
                split[i + w.len()] = true;
            }
        }
    }
    split[lower.len()]
}

/// Whether a value is a path to a file (a key file, a credentials JSON): where a secret
/// is kept, not the secret.
pub fn path(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    (v.starts_with('/') || v.starts_with("./") || v.starts_with("../") || v.starts_with("~/"))
        && !v.contains(char::is_whitespace)
        || [
            ".json", ".pem", ".key", ".crt", ".p12", ".pfx", ".jks", ".txt",
        ]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Whether a value has a credential's shape: a token format, high entropy, or a URL that
/// carries a password (what `init` takes as evidence that a variable is a secret).
pub fn credential(value: &str) -> Option<Evidence> {
    let value = value.trim();
    if placeholder(value) || path(value) {
        return None;
    }
    if let Some(what) = token_format(value) {
        return Some(Evidence::Format(what));
    }
    if url_password(value)
        .is_some_and(|p| !placeholder(p) && !local_default(p) && !sample_url(value, p))
    {
        return Some(Evidence::UrlPassword);
    }
    entropy(value).map(Evidence::Entropy)
}

/// Placeholders example files ship on purpose: empty, `CHANGEME`, `change-me`,
/// `changePassword`, `your-…`, `<…>`, `xxx…`, `***`, `…`, `secret`, `password`, `example`,
/// `test`, `dummy`, `placeholder`, the unset marker, `-`.
pub fn placeholder(value: &str) -> bool {
    const EXACT: [&str; 24] = [
        "secret",
        "password",
        "passwd",
        "pass",
        "example",
        "test",
        "testing",
        "dummy",
        "placeholder",
        "none",
        "null",
        "todo",
        "token",
        "key",
        "apikey",
        "api_key",
        "value",
        "foo",
        "bar",
        "-",
        "_(unset)_",
        "(unset)",
        "unset",
        "empty",
    ];
    // Words that start a placeholder, and words a placeholder holds as words of their own.
    const STARTS: [&str; 10] = [
        "change", "your", "insert", "replace", "generate", "put", "enter", "todo", "fixme", "xxx",
    ];
    const WORDS: [&str; 8] = [
        "your",
        "here",
        "example",
        "placeholder",
        "dummy",
        "sample",
        "fake",
        "redacted",
    ];
    let v = value.trim().trim_matches(['"', '\'', '`']);
    let lower = v.to_ascii_lowercase();
    if v.is_empty() || v.chars().all(|c| c == v.chars().next().unwrap_or(' ')) {
        return true;
    }
    if EXACT.contains(&lower.as_str()) {
        return true;
    }
    let wrapped = |open: char, close: char| v.starts_with(open) && v.ends_with(close);
    if wrapped('<', '>') || wrapped('{', '}') || wrapped('[', ']') || v.starts_with("${") {
        return true;
    }
    let word_start = |at: usize| at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphanumeric();
    if STARTS.iter().any(|w| lower.starts_with(w))
        || WORDS
            .iter()
            .any(|w| lower.match_indices(w).any(|(at, _)| word_start(at)))
    {
        return true;
    }
    if lower.starts_with("my-")
        || lower.starts_with("my_")
        || v.ends_with("...")
        || v.ends_with('…')
    {
        return true;
    }
    // Made only of the words variables are named with (`smtpPassword`, `dev-api-key`), or
    // of a marker (`sk-`) and filler (`xxxx`, `123abc`).
    let words = words_of(v);
    let filler = |w: &str| {
        let ascending = w.len() >= 3
            && w.as_bytes()
                .windows(2)
                .all(|p| p[1] == p[0] + 1 || (p[0] == b'9' && p[1] == b'0'));
        (w.len() >= 3 && w.chars().all(|c| c == 'x'))
            || ascending
            || (w.len() <= 8 && (w.contains("123") || w.contains("abc")))
    };
    !words.is_empty()
        && (words.iter().all(|w| NAME_WORDS.contains(&w.as_str()))
            || words.iter().any(|w| filler(w)) && words.iter().all(|w| filler(w) || w.len() <= 4))
}

/// The words variables are named with: a value made of them only names what goes there.
const NAME_WORDS: [&str; 57] = [
    "not",
    "used",
    "unused",
    "none",
    "no",
    "password",
    "passwd",
    "pass",
    "pwd",
    "secret",
    "key",
    "api",
    "apikey",
    "token",
    "dev",
    "test",
    "example",
    "sample",
    "dummy",
    "fake",
    "placeholder",
    "change",
    "changeme",
    "me",
    "your",
    "my",
    "here",
    "value",
    "user",
    "username",
    "smtp",
    "admin",
    "local",
    "default",
    "the",
    "a",
    "an",
    "this",
    "replace",
    "with",
    "to",
    "put",
    "insert",
    "generate",
    "random",
    "string",
    "some",
    "db",
    "database",
    "app",
    "access",
    "client",
    "id",
    "auth",
    "session",
    "private",
    "public",
];

/// The words of a value: split at what is not a letter or digit, and where lower case
/// turns to upper (`smtpPassword`); lower-cased.
fn words_of(v: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in v.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        previous_lower = c.is_lowercase();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A sample stack's well-known local defaults (`postgres`, `minioadmin`, `guest`).
pub fn local_default(value: &str) -> bool {
    LOCAL_DEFAULTS.contains(&value.trim().to_ascii_lowercase().as_str())
}

/// The names sample stacks give their services and users, used as their passwords.
const LOCAL_DEFAULTS: [&str; 20] = [
    "postgres",
    "postgresql",
    "minioadmin",
    "minio",
    "guest",
    "root",
    "admin",
    "redis",
    "mysql",
    "mongo",
    "mongodb",
    "rabbitmq",
    "elastic",
    "changeit",
    "user",
    "sa",
    "clickhouse",
    "keycloak",
    "ollama",
    "localstack",
];

/// The password in a URL's user information (`scheme://user:password@host`).
/// Whether a URL with a password is a sample: the password is the user's name with a
/// placeholder's word (`dbuser:dbuserpass`), or a part of the URL is one (`yourdb`).
fn sample_url(url: &str, password: &str) -> bool {
    let (_, rest) = url.split_once("://").unwrap_or(("", url));
    let (userinfo, after) = rest.rsplit_once('@').unwrap_or(("", rest));
    let user = userinfo
        .split_once(':')
        .map_or(userinfo, |(u, _)| u)
        .to_ascii_lowercase();
    let pass = password.to_ascii_lowercase();
    let word_after_user = !user.is_empty()
        && pass.strip_prefix(user.as_str()).is_some_and(|tail| {
            matches!(
                tail.trim_start_matches(['-', '_', '.']),
                "" | "pass" | "password" | "pwd" | "secret" | "123"
            )
        });
    let sample_part = after
        .split(['/', ':', '.', '?', '&', '='])
        .chain(std::iter::once(user.as_str()))
        .any(|part| {
            let part = part.to_ascii_lowercase();
            part.starts_with("your") || part.starts_with("my") && part.len() > 2
        });
    word_after_user || sample_part
}

fn url_password(value: &str) -> Option<&str> {
    let (_, rest) = value.split_once("://")?;
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    let (userinfo, _) = authority.rsplit_once('@')?;
    let (_, password) = userinfo.split_once(':')?;
    (!password.is_empty()).then_some(password)
}

fn all(s: &str, allowed: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(allowed)
}

/// A known token format, as gitleaks' rules know them.
fn token_format(v: &str) -> Option<&'static str> {
    let alnum = |c: char| c.is_ascii_alphanumeric();
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let after = |prefix: &str| v.strip_prefix(prefix);
    let upper_alnum = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit();
    for p in [
        "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA",
    ] {
        if after(p).is_some_and(|r| r.len() == 16 && all(r, upper_alnum)) {
            return Some("an AWS access key");
        }
    }
    for p in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
        if after(p).is_some_and(|r| r.len() >= 36 && all(r, alnum)) {
            return Some("a GitHub token");
        }
    }
    if after("github_pat_").is_some_and(|r| r.len() >= 22 && all(r, word)) {
        return Some("a GitHub token");
    }
    if after("glpat-").is_some_and(|r| r.len() >= 20 && all(r, word)) {
        return Some("a GitLab token");
    }
    if ["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"]
        .iter()
        .any(|p| after(p).is_some_and(|r| r.len() >= 10 && all(r, word)))
    {
        return Some("a Slack token");
    }
    if ["sk_live_", "rk_live_", "sk_test_", "rk_test_"]
        .iter()
        .any(|p| after(p).is_some_and(|r| r.len() >= 16 && all(r, alnum)))
    {
        return Some("a Stripe secret key");
    }
    if after("sk-")
        .is_some_and(|r| r.len() >= 20 && all(r, word) && r.chars().any(|c| c.is_ascii_digit()))
    {
        return Some("an API secret key (`sk-…`)");
    }
    if after("AIza").is_some_and(|r| r.len() == 35 && all(r, word)) {
        return Some("a Google API key");
    }
    if after("npm_").is_some_and(|r| r.len() == 36 && all(r, alnum)) {
        return Some("an npm token");
    }
    if after("hf_").is_some_and(|r| r.len() >= 30 && all(r, alnum)) {
        return Some("a Hugging Face token");
    }
    if after("SG.")
        .is_some_and(|r| r.len() >= 60 && r.contains('.') && all(r, |c| word(c) || c == '.'))
    {
        return Some("a SendGrid key");
    }
    let jwt: Vec<&str> = v.split('.').collect();
    if jwt.len() == 3
        && jwt[0].starts_with("eyJ")
        && jwt[1].starts_with("eyJ")
        && jwt.iter().all(|p| all(p, word))
    {
        return Some("a JSON Web Token");
    }
    if v.contains("-----BEGIN") && v.contains("PRIVATE KEY") {
        return Some("a private key");
    }
    None
}

/// Shannon entropy in bits per character, when it is that of a random key for the value's
/// alphabet: a hex string of 16 or more characters above 3.0, a base64 or URL-safe one of
/// 20 or more, mixing letters and digits, above 4.5 (detect-secrets' limits).
fn entropy(v: &str) -> Option<f64> {
    let hex = |c: char| c.is_ascii_hexdigit();
    let b64 = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-');
    let limit = if v.len() >= 16 && all(v, hex) {
        3.0
    } else if v.len() >= 20
        && all(v, b64)
        && v.chars().any(|c| c.is_ascii_digit())
        && v.chars().any(|c| c.is_ascii_alphabetic())
    {
        4.5
    } else {
        return None;
    };
    let mut counts = [0usize; 128];
    for b in v.bytes() {
        counts[usize::from(b & 0x7f)] += 1;
    }
    #[allow(clippy::cast_precision_loss, reason = "lengths far below 2^52")]
    let n = v.len() as f64;
    #[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    let bits: f64 = counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum();
    (bits > limit).then_some(bits)
}

/// Whether a name's last words name a credential (`…_SECRET`, `…_PASSWORD`, `…_TOKEN`,
/// `…_API_KEY`, `…_PRIVATE_KEY`, `…_SALT`): what `init` proposes as `secret` without a
/// value to judge. A name that describes a key or a place is none (`…_PUBLIC_KEY`,
/// `…_KEY_ID`, `…_KEY_TTL`, `…_KEY_PATH`, `…_FILE`, `…_URL`, `…_HOST`, `…_PORT`).
pub fn credential_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let words: Vec<&str> = upper.split('_').filter(|w| !w.is_empty()).collect();
    let Some(&last) = words.last() else {
        return false;
    };
    let before = words.len().checked_sub(2).map(|i| words[i]);
    match last {
        "SECRET" | "SECRETS" | "PASSWORD" | "PASSWD" | "PASS" | "PWD" | "TOKEN" | "APIKEY"
        | "SALT" | "PASSPHRASE" | "CREDENTIALS" | "CREDENTIAL" => before != Some("PUBLIC"),
        "KEY" => matches!(
            before,
            Some(
                "API"
                    | "PRIVATE"
                    | "ACCESS"
                    | "SECRET"
                    | "ENCRYPTION"
                    | "SIGNING"
                    | "MASTER"
                    | "LICENSE"
                    | "SERVICE"
                    | "AUTH"
                    | "SESSION"
                    | "APP"
                    | "CLIENT"
                    | "HMAC"
                    | "JWT"
                    | "SHARED"
                    | "WRITE"
                    | "ADMIN"
            )
        ),
        _ => false,
    }
}

/// Whether a name looks like it holds a secret; such values are masked in every output
/// when the schema does not declare the variable (a declared one is masked when it is
/// declared secret, and only then).
pub fn looks_secret(name: &str) -> bool {
    const WORDS: [&[u8]; 8] = [
        b"KEY",
        b"SECRET",
        b"TOKEN",
        b"PASSWORD",
        b"PASSWD",
        b"CREDENTIAL",
        b"PRIVATE",
        b"AUTH",
    ];
    // For each byte, the words that start with it (either case): most bytes start none.
    const FIRST: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut w = 0;
        while w < WORDS.len() {
            let c = WORDS[w][0];
            t[c as usize] |= 1 << w;
            t[c.to_ascii_lowercase() as usize] |= 1 << w;
            w += 1;
        }
        t
    };
    let name = name.as_bytes();
    (0..name.len()).any(|i| {
        let mut starting = FIRST[usize::from(name[i])];
        while starting != 0 {
            let w = WORDS[starting.trailing_zeros() as usize];
            if name
                .get(i..i + w.len())
                .is_some_and(|part| part.eq_ignore_ascii_case(w))
            {
                return true;
            }
            starting &= starting - 1;
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_looking_names() {
        for (name, secret) in [
            ("QDRANT_API_KEY", true),
            ("BIFROST_ADMIN_TOKEN", true),
            ("db_password", true),
            ("MYSQL_PASSWD", true),
            ("GCP_CREDENTIALS", true),
            ("SSH_PRIVATE_PATH", true),
            ("OAUTH_CLIENT", true),
            ("client_secret_file", true),
            ("KEY", true),
            ("QDRANT_HOST", false),
            ("BIFROST_PORT", false),
            ("KE", false),
            ("", false),
            ("PASSWOR", false),
            ("ÉKEY", true),
        ] {
            assert_eq!(looks_secret(name), secret, "{name}");
        }
    }

    #[test]
    fn names_whose_last_words_are_a_credential() {
        for (name, secret) in [
            ("NEXTAUTH_SECRET", true),
            ("DB_PASSWORD", true),
            ("REDIS_PASS", true),
            ("GITHUB_TOKEN", true),
            ("OPENAI_API_KEY", true),
            ("STRIPE_APIKEY", true),
            ("JWT_PRIVATE_KEY", true),
            ("S3_ACCESS_KEY", true),
            ("S3_SECRET_KEY", true),
            ("OAUTH_CLIENT_SECRET", true),
            ("PASSWORD_SALT", true),
            ("ENCRYPTION_KEY", true),
            ("LANGFUSE_PUBLIC_KEY", false),
            ("JWT_PUBLIC_SECRET", false),
            ("SIGNING_KEY_ID", false),
            ("API_KEY_TTL", false),
            ("SIGNING_KEY_TYPE", false),
            ("TLS_KEY_PATH", false),
            ("SSL_KEY_FILE", false),
            ("DB_PASSWORD_FILE", false),
            ("REDIS_TLS_KEY", false),
            ("NEXTAUTH_URL", false),
            ("AUTH_DISABLE_SIGNUP", false),
            ("CREDENTIALS_DEFAULT_NAME", false),
            ("TOKEN_ENDPOINT", false),
            ("SMTP_HOST", false),
            ("SMTP_PORT", false),
        ] {
            assert_eq!(credential_name(name), secret, "{name}");
        }
    }

    #[test]
    fn placeholders_and_local_defaults_are_not_real() {
        for v in [
            "",
            "CHANGEME",
            "changeme",
            "change-me",
            "changePassword",
            "your-secret-here",
            "your_api_key",
            "<password>",
            "<your token>",
            "xxxxxxxxxxxx",
            "********",
            "sk-...",
            "secret",
            "password",
            "example",
            "test",
            "dummy",
            "placeholder",
            "_(unset)_",
            "-",
            "${SECRET}",
            "my-secret",
            "generate-with-openssl-rand",
            "smtpPassword",
            "dev-api-key",
            "your_secret",
            "sk-ant-xxxx",
            "sk-123abc",
            "ck-your-api-key",
            "postgresql://dbuser:dbuserpass@localhost:5432/yourdb",
            "postgres://admin:admin123@db/app",
        ] {
            assert_eq!(exposure("X_TOKEN", v), None, "{v:?}");
            assert_eq!(credential(v), None, "{v:?}");
        }
        for v in ["postgres", "minioadmin", "guest"] {
            assert_eq!(exposure("X_TOKEN", v), None, "{v:?}");
        }
    }

    #[test]
    fn real_looking_values_say_why() {
        assert_eq!(
            exposure("X_TOKEN", "ghp_0123456789abcdefghijABCDEFGHIJ012345"),
            Some(Evidence::Format("a GitHub token"))
        );
        assert_eq!(
            exposure("X_KEY", "AKIAIOSFODNN7EXAMPL3"),
            Some(Evidence::Format("an AWS access key"))
        );
        assert_eq!(
            credential("postgresql://app:Xk29sPq7vLm@db:5432/app"),
            Some(Evidence::UrlPassword)
        );
        assert_eq!(
            credential("postgresql://postgres:postgres@db:5432/postgres"),
            None,
            "a sample stack's default password"
        );
        assert!(matches!(
            credential("9f86d081884c7d659a2feaa0c55ad015"),
            Some(Evidence::Entropy(_))
        ));
        assert!(matches!(
            credential("Zt8qW2xLpR5vN9bK3mJ7cH1yF4dG6sA0xE"),
            Some(Evidence::Entropy(_))
        ));
        assert_eq!(
            credential("mlx-community/Qwen3-8B-4bit"),
            None,
            "a model's name"
        );
        assert_eq!(
            credential("qd-4f1c9a7e2b"),
            None,
            "short: no evidence of its own"
        );
        assert_eq!(
            exposure("QDRANT_API_KEY", "qd-4f1c9a7e2b"),
            Some(Evidence::NoPlaceholder)
        );
        for plain in [
            "http://localhost:3000",
            "ed25519",
            "./certs/redis.key",
            "3600",
            "production",
        ] {
            assert_eq!(credential(plain), None, "{plain}");
        }
    }

    proptest::proptest! {
        #[test]
        fn matches_a_plain_search_for_the_words(name in "[A-Za-z_]{0,24}") {
            let upper = name.to_ascii_uppercase();
            let plain = ["KEY", "SECRET", "TOKEN", "PASSWORD", "PASSWD", "CREDENTIAL", "PRIVATE", "AUTH"]
                .iter()
                .any(|w| upper.contains(w));
            proptest::prop_assert_eq!(looks_secret(&name), plain);
        }

        #[test]
        fn any_value_is_judged_without_panic(v in "(?s).{0,80}") {
            let _ = exposure("X_SECRET", &v);
            let _ = credential(&v);
        }
    }
}
