#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the repository's fixtures:
# fuzz/corpus/<target>/ (git-ignored). Run from anywhere.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
corpus="$here/corpus"
mkdir -p "$corpus"/{dotenv,docs,compose,ts,ts_sliced,rust,fix}

seed() { # target, source file
    local name
    name="$(printf '%s' "$2" | sha1sum | cut -c1-16)"
    cp "$2" "$corpus/$1/$name"
}

trees=("$repo"/fixtures/omniroute "$repo"/fixtures/drift/* "$repo"/tests/cmd/*.in)
for t in "${trees[@]}"; do
    [ -f "$t/.env.example" ] && seed dotenv "$t/.env.example"
    docs="$(find "$t/docs" -name '*.md' 2>/dev/null | head -1)"
    [ -n "$docs" ] && seed docs "$docs"
    [ -f "$t/docker-compose.yml" ] && seed compose "$t/docker-compose.yml"
    while IFS= read -r f; do
        # The TS target reads its first byte as the dialect: 0 is `.ts`.
        out="$corpus/ts/$(printf '%s' "$f" | sha1sum | cut -c1-16)"
        { printf '\0'; cat "$f"; } >"$out"
        cp "$out" "$corpus/ts_sliced/"
    done < <(find "$t" -name '*.ts' -o -name '*.tsx' -o -name '*.js')
    while IFS= read -r f; do seed rust "$f"; done < <(find "$t" -name '*.rs')
    # The fix target: .env.example, 0xFF, the docs page, 0xFF, the compose file.
    out="$corpus/fix/$(printf '%s' "$t" | sha1sum | cut -c1-16)"
    {
        cat "$t/.env.example" 2>/dev/null || true
        printf '\xff'
        [ -n "$docs" ] && cat "$docs"
        printf '\xff'
        cat "$t/docker-compose.yml" 2>/dev/null || true
    } >"$out"
done
for d in "$corpus"/*; do echo "$(basename "$d"): $(ls "$d" | wc -l) seeds"; done
