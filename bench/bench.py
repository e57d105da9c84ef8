#!/usr/bin/env python3
"""envlint benchmarks, each against a baseline measured in the same run.

Usage: python3 bench/bench.py [--quick] [--only NAME[,NAME]]
  (from the repository root; builds the release binary first with `cargo build --release
  --locked`, or times the binary named by $ENVLINT)

Benchmarks (names for --only):
  fixture  cold `envlint check` of fixtures/omniroute vs `dotenv-linter` on its .env.example
  scale    a 1x/10x/100x .env.example (1,000 to 100,000 lines) and docs table (50 to 5,000 rows)
  code     a 10,000-file TypeScript tree (about 90 MB) vs `rg -l`, `grep -rlE` and
           `dotenv-diff`, interleaved
  members  a 10,000-file TypeScript tree reading a zod-declared env object's members through
           a tsconfig `paths` alias, vs `rg -l` and the same tree reading nothing
  python   a 10,000-module Python tree (`os.getenv`, pydantic-settings classes) vs `rg -l`
           and `rg -il`
  adopt    `envlint init` on the 10,000-file tree with 500 variables in its docs and
           .env.example, vs `rg -l` over it; `check --baseline` vs `check` on a drifted tree
  staged   `check --staged` vs `check` on the 10,000- and 50,000-file trees committed to a
           git repository (one drift staged in .env.example, hidden by an unstaged edit)
  compose  fixtures/realistic/docker-compose.yml (forty services, ten anchors merged in)
           vs process start and PyYAML's safe_load of the same file
  bomb     a YAML alias bomb in docker-compose.yml (refused)

Wall times are medians of several runs; peak memory is the maximum resident set size
reported by GNU time. Tools: dotenv-linter (cargo install) and dotenv-diff (npm) are
installed under bench/.tools on first use.
"""

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS = os.path.join(ROOT, "bench", ".tools")
QUICK = "--quick" in sys.argv


def release_binary():
    """$ENVLINT, else the release binary cargo builds (cargo says where: target/release/,
    or under CARGO_TARGET_DIR)."""
    if os.environ.get("ENVLINT"):
        return os.path.abspath(os.environ["ENVLINT"])
    out = subprocess.run(
        ["cargo", "build", "--release", "--locked", "--message-format=json-render-diagnostics"],
        cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True,
    ).stdout
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] == "envlint" \
                and "bin" in msg["target"]["kind"]:
            return msg["executable"]
    sys.exit("cargo built no envlint binary")


ENVLINT = release_binary() if __name__ == "__main__" else None


def run_once(cmd, cwd=None):
    """Wall seconds and exit code of one run, the child spawned and reaped directly (no
    wrapper process is timed); output discarded."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    start = time.perf_counter()
    if cwd is None:
        redirect = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
        pid = os.posix_spawnp(cmd[0], cmd, os.environ, file_actions=redirect)
    else:
        pid = subprocess.Popen(cmd, cwd=cwd, stdout=devnull, stderr=devnull).pid
    _, status = os.waitpid(pid, 0)
    wall = time.perf_counter() - start
    os.close(devnull)
    return wall, os.waitstatus_to_exitcode(status)


def peak_rss(cmd, cwd=None):
    """Peak resident set size (KiB) of one run, as GNU time reports it."""
    p = subprocess.run(
        ["/usr/bin/time", "-f", "%M"] + cmd,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return int(p.stderr.strip().splitlines()[-1])


def measure(cmd, runs, cwd=None, warmup=1):
    """Median wall of `runs` runs after `warmup`, peak RSS of one more, and exit codes."""
    for _ in range(warmup):
        run_once(cmd, cwd)
    walls, codes = [], set()
    for _ in range(runs):
        w, c = run_once(cmd, cwd)
        walls.append(w)
        codes.add(c)
    return statistics.median(walls), peak_rss(cmd, cwd), codes


def fmt_ms(s):
    return f"{s * 1000:.1f} ms" if s < 10 else f"{s:.2f} s"


def row(name, wall, rss, base=None, label="baseline"):
    ratio = f"{wall / base:.2f}x" if base else label
    print(f"| {name} | {fmt_ms(wall)} | {rss / 1024:.1f} MiB | {ratio} |")


def header(title, cmdline):
    print(f"\n### {title}\n\n`{cmdline}`\n")
    print("| command | median wall | peak RSS | vs baseline |")
    print("|---|---|---|---|")


def dotenv_linter():
    exe = os.path.join(TOOLS, "bin", "dotenv-linter")
    if not os.path.exists(exe):
        subprocess.run(
            ["cargo", "install", "--quiet", "--root", TOOLS, "dotenv-linter"], check=True
        )
    return exe


def dotenv_diff():
    exe = os.path.join(TOOLS, "node_modules", ".bin", "dotenv-diff")
    if not os.path.exists(exe):
        os.makedirs(TOOLS, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", TOOLS, "dotenv-diff"], check=True
        )
    return exe


def dotenv_only_schema():
    """The bundled schema with its dotenv surface only: the job dotenv-linter does."""
    text = open(os.path.join(ROOT, "schema", "omniroute.toml")).read()
    head, rest = text.split("[surfaces.docs]", 1)
    rest = rest[rest.index("\n[[variable]]"):]
    return head + "\n".join(l for l in rest.splitlines() if not l.startswith("on = ")) + "\n"


def bench_fixture():
    fixture = os.path.join(ROOT, "fixtures", "omniroute")
    runs = 20 if QUICK else 100
    header(
        "Cold check of the bundled example",
        f"median of {runs} runs after one warm-up",
    )
    start, start_rss, _ = measure([ENVLINT, "--version"], runs)
    row("`envlint --version` (process start)", start, start_rss, label="for reference")
    base, base_rss, _ = measure(
        [dotenv_linter(), "check", os.path.join(fixture, ".env.example")], runs
    )
    row("`dotenv-linter check .env.example` (1 file, 1 surface)", base, base_rss)
    print("| | | | |")
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(os.path.join(fixture, ".env.example"), tmp)
        with open(os.path.join(tmp, "envlint.toml"), "w") as f:
            f.write(dotenv_only_schema())
        wall, rss, codes = measure([ENVLINT, "check", "--root", tmp], runs)
        assert codes == {0}, codes
        row("`envlint check`, the same .env.example against the 13-variable schema (1 surface)", wall, rss, base)
    wall, rss, codes = measure([ENVLINT, "check", "--root", fixture], runs)
    assert codes == {0}, codes
    row("`envlint check --root fixtures/omniroute` (every surface of the bundled example)", wall, rss, base)


SCHEMA_HEAD = """version = 1
prefixes = ["QDRANT_", "BIFROST_"]

[surfaces.dotenv]
path = ".env.example"

[surfaces.docs]
path = "ENVIRONMENT.md"
section = "25."
"""


def scaled_tree(path, variables):
    """A schema of `variables` declarations, a dotenv entry (20 lines) and a docs row each."""
    os.makedirs(path, exist_ok=True)
    schema, env, docs = [SCHEMA_HEAD], [], ["## 25. Sidecars\n\n| Variable | Default | Description |\n| --- | --- | --- |\n"]
    for i in range(variables):
        name = f"QDRANT_SETTING_{i:06d}"
        desc = f"Setting number {i} of the Qdrant sidecar, documented at length for realism."
        schema.append(f'\n[[variable]]\nname = "{name}"\ntype = "int"\ndefault = "{i}"\ndescription = "{desc}"\n')
        env.append(f"# {desc}\n# Default: {i}.\n# {name}={i}\n\n")
        for k in range(16):
            env.append(f"# unrelated note {k}\n")
        docs.append(f"| `{name}` | `{i}` | {desc} |\n")
    with open(os.path.join(path, "envlint.toml"), "w") as f:
        f.write("".join(schema))
    with open(os.path.join(path, ".env.example"), "w") as f:
        f.write("".join(env))
    with open(os.path.join(path, "ENVIRONMENT.md"), "w") as f:
        f.write("".join(docs))
    return sum(1 for _ in open(os.path.join(path, ".env.example")))


def instructions(cmd):
    """Instructions the command executes, counted by callgrind (repeatable whatever the
    machine is doing); None without valgrind."""
    if not shutil.which("valgrind"):
        return None
    p = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in p.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    return None


def bench_scale():
    print("\n### Growth with input size\n")
    print("A schema of N variables; a .env.example of 20 lines per variable; a docs table of one")
    print("row per variable. Median of 101 runs after five warm-ups up to 10,000 lines, 11 at 100,000, 5 at 1,000,000.")
    print("Each size is 10x the one before. The fixed cost is the run on the same tree with no")
    print("variables; linear growth means 10x the time above it, decade on decade. Instructions")
    print("are counted by callgrind (`valgrind --tool=callgrind`), which does not depend on the")
    print("machine's load.\n")
    print("| variables / table rows | .env.example lines | median wall | above fixed cost | growth (wall above fixed cost) | instructions | growth (instructions above fixed) | peak RSS |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        d = os.path.join(tmp, "0")
        scaled_tree(d, 0)
        os.sync()
        fixed, rss, codes = measure([ENVLINT, "check", "--root", d], 101, warmup=5)
        assert codes == {0}, codes
        fixed_ins = instructions([ENVLINT, "check", "--root", d])
        print(f"| 0 | 0 | {fmt_ms(fixed)} | fixed cost | | {fixed_ins or 0:,} | | {rss / 1024:.1f} MiB |")
        previous = previous_ins = None
        for n in (50, 500, 5_000) + (() if QUICK else (50_000,)):
            d = os.path.join(tmp, str(n))
            lines = scaled_tree(d, n)
            os.sync()  # the new tree's writeback is not timed
            wall, rss, codes = measure([ENVLINT, "check", "--root", d], 101 if n <= 500 else 11 if n <= 5_000 else 5, warmup=5 if n <= 5_000 else 1)
            assert codes == {0}, (n, codes)
            ins = instructions([ENVLINT, "check", "--root", d]) if n <= 5_000 else None
            net = wall - fixed
            growth = f"{net / previous:.1f}x" if previous else "baseline"
            ins_net = ins - fixed_ins if ins and fixed_ins else None
            ins_growth = f"{ins_net / previous_ins:.1f}x" if ins_net and previous_ins else ("baseline" if ins_net else "")
            previous, previous_ins = net, ins_net
            ins_text = f"{ins:,}" if ins else "not counted"
            print(f"| {n:,} | {lines:,} | {fmt_ms(wall)} | {fmt_ms(net)} | {growth} | {ins_text} | {ins_growth} | {rss / 1024:.1f} MiB |")
            shutil.rmtree(d)


TS_FILLER = """export function handler{i}_{j}(input: Record<string, unknown>): string {{
  const values = Object.entries(input).map(([key, value]) => `${{key}}=${{String(value)}}`);
  if (values.length === 0) {{
    return "empty";
  }}
  return values.sort().join("&") + "#{i}-{j}";
}}

"""

TS_READS = [
    'export const qdrantPort = Number(process.env.QDRANT_PORT ?? "6333");\n',
    'export const qdrantHost = process.env.QDRANT_HOST ?? null;\n',
    'export const timeoutMs = Number(process.env.BIFROST_TIMEOUT_MS) || 30000;\n',
    'export const streaming = (process.env.BIFROST_STREAMING_ENABLED ?? "true") !== "false";\n',
    # The shapes the evaluator follows: a local judged by guards, a helper, a constant.
    'const DEFAULT_PORT = 6333;\nexport function port(): number {\n  const raw = process.env.QDRANT_PORT;\n'
    '  if (raw === undefined || raw === "") return DEFAULT_PORT;\n  const n = Number.parseInt(raw, 10);\n'
    '  return Number.isFinite(n) && n > 0 ? n : DEFAULT_PORT;\n}\n',
    'function flag(name: string, fallback: boolean): boolean {\n  const v = process.env[name];\n'
    '  if (v === undefined || v === "") return fallback;\n  return v !== "false";\n}\n'
    'export const streamingFlag = flag("BIFROST_STREAMING_ENABLED", true);\n',
]

CODE_SCHEMA = """version = 1
prefixes = ["QDRANT_", "BIFROST_"]

[surfaces.dotenv]
path = ".env.example"

[surfaces.code]
roots = ["src"]

[[variable]]
name = "QDRANT_HOST"
description = "Host of the Qdrant sidecar."

[[variable]]
name = "QDRANT_PORT"
type = "port"
default = "6333"
description = "REST port of the Qdrant sidecar."

[[variable]]
name = "BIFROST_TIMEOUT_MS"
type = "int"
default = "30000"
description = "Request timeout towards Bifrost."

[[variable]]
name = "BIFROST_STREAMING_ENABLED"
type = "bool"
default = "true"
description = "Stream responses through Bifrost."
"""

CODE_ENV = """# Host of the Qdrant sidecar.
# QDRANT_HOST=
# QDRANT_PORT=6333
# BIFROST_TIMEOUT_MS=30000
# BIFROST_STREAMING_ENABLED=true
"""


def code_tree(path, files, reads=True, dense=False):
    """A tree of `files` TypeScript modules; about 3% read owned variables (none when
    `reads` is false). `dense`: every function of a reading file also reads
    `process.env.NODE_ENV`, so no part of it can be left unparsed. Returns the bytes
    written and how many files read a variable."""
    rng = random.Random(7)

    def read():
        chosen = rng.choice(TS_READS)
        return chosen if reads else None

    def filler(i, j, reading):
        text = TS_FILLER.format(i=i, j=j)
        if dense and reading:
            text = text.replace("  if (values.length === 0)", "  if (process.env.NODE_ENV === \"test\" || values.length === 0)")
        return text

    return generated_tree(
        path, files, rng, 0.03, lambda i: (f"module{i // 100:03d}", f"file{i:05d}.ts"),
        lambda i: f"// Generated module {i}.\nimport {{ z }} from \"zod\";\n\n", read, filler,
    )


def generated_tree(path, files, rng, chance, place, head, read, filler):
    """Writes `files` modules under `path/src` (`place(i)` gives the folder and file name),
    each `head(i)`, then, with probability `chance`, `read()` (none: nothing), then 34
    `filler(i, j, reading)`; and the schema and .env.example of the code benchmarks.
    Returns the bytes written and how many files read a variable."""
    src = os.path.join(path, "src")
    total = reading = 0
    for i in range(files):
        folder, name = place(i)
        d = os.path.join(src, folder)
        os.makedirs(d, exist_ok=True)
        parts = [head(i)]
        reads = False
        if rng.random() < chance:
            text = read()
            if text is not None:
                parts.append(text)
                reading += 1
                reads = True
        parts.extend([filler(i, j, reads) for j in range(34)])
        text = "".join(parts)
        total += len(text)
        with open(os.path.join(d, name), "w") as f:
            f.write(text)
    with open(os.path.join(path, "envlint.toml"), "w") as f:
        f.write(CODE_SCHEMA)
    with open(os.path.join(path, ".env.example"), "w") as f:
        f.write(CODE_ENV)
    return total, reading


def interleaved(cmds, rounds):
    """Median wall of each command over `rounds` rounds, each round running every command
    once in turn (a change in the machine's load reaches them alike)."""
    for c in cmds:
        run_once(c)
    walls = [[] for _ in cmds]
    for _ in range(rounds):
        for k, c in enumerate(cmds):
            walls[k].append(run_once(c)[0])
    return [statistics.median(w) for w in walls]


def bench_code():
    files = 1_000 if QUICK else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "tree")
        size, reading = code_tree(tree, files)
        bare = os.path.join(tmp, "bare")
        code_tree(bare, files, reads=False)
        dense = os.path.join(tmp, "dense")
        code_tree(dense, files, dense=True)
        rounds = 10 if QUICK else 30
        header(
            f"Code scan: {files:,} TypeScript files, {size / 1e6:.0f} MB, {reading} of them reading owned variables",
            f"interleaved: {rounds} rounds, each command once per round, medians (files in the page cache)",
        )
        rg = ["rg", "-l", "QDRANT_|BIFROST_", tree]
        grep = ["grep", "-rlE", "QDRANT_|BIFROST_", tree]
        check = [ENVLINT, "check", "--root", tree]
        check_bare = [ENVLINT, "check", "--root", bare]
        check_dense = [ENVLINT, "check", "--root", dense]
        assert run_once(check)[1] == 0
        assert run_once(check_dense)[1] == 0
        rg_w, grep_w, wall, bare_w, dense_w = interleaved([rg, grep, check, check_bare, check_dense], rounds)
        row("`rg -l 'QDRANT_|BIFROST_' tree` (walks with the same `ignore` crate)", rg_w, peak_rss(rg), label="baseline")
        row("`grep -rlE 'QDRANT_|BIFROST_' tree` (reads the bytes)", grep_w, peak_rss(grep), rg_w)
        rss = peak_rss(check)
        row("`envlint check --root tree` (walk, read, parse, evaluate, check)", wall, rss, rg_w)
        row("`envlint check` on the same tree without the reads (nothing parsed)", bare_w, peak_rss(check_bare), rg_w)
        row("`envlint check` on the same tree, every function of a reading file also reading `NODE_ENV` (each parsed whole)", dense_w, peak_rss(check_dense), rg_w)
        ddiff = [dotenv_diff(), "--scan-usage", "--ci", "--example", ".env.example", "--no-secrets"]
        dwall, drss, _ = measure(ddiff, 1, cwd=tree, warmup=0)
        row("`dotenv-diff --scan-usage --ci` (run in the tree)", dwall, drss, rg_w)
        per_file = (wall - bare_w) / reading if reading else 0
        per_dense = (dense_w - bare_w) / reading if reading else 0
        print(f"\nenvlint: {wall / rg_w:.2f}x rg, {wall / grep_w:.2f}x grep, {dwall / wall:.1f}x faster than "
              f"dotenv-diff; {per_file * 1e6:.0f} µs per evaluated file ({reading} files parsed, their "
              f"semantic model built and every read evaluated); peak RSS {rss / 1024:.1f} MiB. "
              f"Parsed whole: {dense_w / rg_w:.2f}x rg, {per_dense * 1e6:.0f} µs per evaluated file.")


MEMBER_ENV = """import { z } from "zod";

const Env = z.object({
  QDRANT_HOST: z.string().optional(),
  QDRANT_PORT: z.coerce.number().int().default(6333),
  BIFROST_TIMEOUT_MS: z.coerce.number().default(30000),
  BIFROST_STREAMING_ENABLED: z.enum(["true", "false"]).default("true"),
});

export const env = Env.parse(process.env);
"""

MEMBER_READS = [
    'export const qdrantUrl = () => (env.QDRANT_HOST ? `http://${env.QDRANT_HOST}:${env.QDRANT_PORT}` : null);\n',
    'export const timeoutMs = () => Math.max(1000, env.BIFROST_TIMEOUT_MS);\n',
    'export const streaming = () => env.BIFROST_STREAMING_ENABLED === "true";\n',
    'export function memoryEnabled(): boolean {\n  if (!env.QDRANT_HOST) return false;\n  return env.QDRANT_PORT > 0;\n}\n',
]


def member_tree(path, files):
    """A tree of `files` TypeScript modules where the environment is declared once (a zod
    schema parsed from `process.env`, `src/env.ts`) and 2% of the modules import it through
    a tsconfig `paths` alias (`@/env`) and read its members. Returns the bytes written and
    how many files read a member."""
    rng = random.Random(11)
    src = os.path.join(path, "src")
    os.makedirs(src, exist_ok=True)
    with open(os.path.join(src, "env.ts"), "w") as f:
        f.write(MEMBER_ENV)
    with open(os.path.join(path, "tsconfig.json"), "w") as f:
        f.write('{\n  // the app\'s aliases\n  "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] } }\n}\n')
    return generated_tree(
        path, files, rng, 0.02, lambda i: (f"module{i // 100:03d}", f"file{i:05d}.ts"),
        lambda i: f"// Generated module {i}.\n",
        lambda: 'import { env } from "@/env";\n\n' + rng.choice(MEMBER_READS),
        lambda i, j, _: TS_FILLER.format(i=i, j=j),
    )


def bench_members():
    files = 1_000 if QUICK else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "tree")
        size, reading = member_tree(tree, files)
        bare = os.path.join(tmp, "bare")
        code_tree(bare, files, reads=False)
        rounds = 10 if QUICK else 30
        header(
            f"Env object read as members: {files:,} TypeScript files, {size / 1e6:.0f} MB, {reading} of them importing a zod-declared env object by `paths` alias",
            f"interleaved: {rounds} rounds, each command once per round, medians (files in the page cache)",
        )
        rg = ["rg", "-l", "QDRANT_|BIFROST_", tree]
        check = [ENVLINT, "check", "--root", tree]
        check_bare = [ENVLINT, "check", "--root", bare]
        status = run_once(check)[1]
        assert status == 0, f"check exits {status} on the member tree"
        rg_w, wall, bare_w = interleaved([rg, check, check_bare], rounds)
        row("`rg -l 'QDRANT_|BIFROST_' tree`", rg_w, peak_rss(rg), label="baseline")
        rss = peak_rss(check)
        row("`envlint check --root tree` (declaration, alias resolved once, members evaluated)", wall, rss, rg_w)
        row("`envlint check` on a tree of the same size reading nothing", bare_w, peak_rss(check_bare), rg_w)
        per_file = (wall - bare_w) / (reading + 1) if reading else 0
        print(f"\nenvlint: {wall / rg_w:.2f}x rg; {per_file * 1e6:.0f} µs per evaluated file "
              f"({reading} member-reading files and the declaration); peak RSS {rss / 1024:.1f} MiB.")


PY_FILLER = """def handler_{i}_{j}(payload: dict) -> str:
    values = sorted(f"{{key}}={{value}}" for key, value in payload.items())
    if not values:
        return "empty"
    return "&".join(values) + "#{i}-{j}"


"""

PY_READS = [
    'QDRANT_PORT = int(os.getenv("QDRANT_PORT", "6333"))\n\n\ndef qdrant_port():\n    return QDRANT_PORT\n\n\n',
    'def qdrant_host():\n    return os.environ.get("QDRANT_HOST") or None\n\n\n',
    'STREAMING = os.getenv("BIFROST_STREAMING_ENABLED", "true").lower() not in ("0", "false", "no")\n\n\n',
    'class BifrostSettings(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix="BIFROST_")\n\n    timeout_ms: int = 30000\n\n\n',
]


def python_tree(path, files):
    """A tree of `files` Python modules; 2% read owned variables (`os.getenv` or a
    pydantic-settings class). Returns the bytes written and how many files read one."""
    rng = random.Random(13)
    return generated_tree(
        path, files, rng, 0.02, lambda i: (f"pkg{i // 100:03d}", f"mod{i:05d}.py"),
        lambda i: f'"""Generated module {i}."""\nimport os\n\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\n\n',
        lambda: rng.choice(PY_READS),
        lambda i, j, _: PY_FILLER.format(i=i, j=j),
    )


def bench_python():
    files = 1_000 if QUICK else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "tree")
        size, reading = python_tree(tree, files)
        rounds = 10 if QUICK else 30
        header(
            f"Python: {files:,} modules, {size / 1e6:.0f} MB, {reading} of them reading owned variables",
            f"interleaved: {rounds} rounds, each command once per round, medians (files in the page cache)",
        )
        rg = ["rg", "-l", "QDRANT_|BIFROST_", tree]
        rgi = ["rg", "-il", "QDRANT_|BIFROST_", tree]
        check = [ENVLINT, "check", "--root", tree]
        status = run_once(check)[1]
        assert status == 0, f"check exits {status} on the Python tree"
        rg_w, rgi_w, wall = interleaved([rg, rgi, check], rounds)
        row("`rg -l 'QDRANT_|BIFROST_' tree`", rg_w, peak_rss(rg), label="baseline")
        row("`rg -il 'QDRANT_|BIFROST_' tree` (any case, as settings fields are read)", rgi_w, peak_rss(rgi), rg_w)
        rss = peak_rss(check)
        row("`envlint check --root tree` (walk, read, parse, evaluate, check)", wall, rss, rg_w)
        print(f"\nenvlint: {wall / rg_w:.2f}x rg; peak RSS {rss / 1024:.1f} MiB.")


def git(tree, *args):
    subprocess.run(["git", "-c", "user.email=bench@example.invalid", "-c", "user.name=bench", *args],
                   cwd=tree, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def bench_staged():
    sizes = [1_000] if QUICK else [10_000, 50_000]
    rounds = 10 if QUICK else 20
    for files in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            tree = os.path.join(tmp, "tree")
            size, reading = code_tree(tree, files)
            git(tree, "init", "-q")
            git(tree, "add", "-A")
            git(tree, "commit", "-qm", "tree")
            check = [ENVLINT, "check", "--root", tree]
            staged = [ENVLINT, "check", "--staged", "--root", tree]
            header(
                f"`check --staged`: {files:,} TypeScript files ({size / 1e6:.0f} MB, {reading} reading owned variables) in a git repository",
                f"interleaved: {rounds} rounds, medians (files in the page cache, the index fresh)",
            )
            assert run_once(check)[1] == 0 and run_once(staged)[1] == 0
            wall, swall = interleaved([check, staged], rounds)
            rss, srss = peak_rss(check), peak_rss(staged)
            row("`envlint check --root tree`", wall, rss, label="baseline")
            row("`envlint check --staged --root tree`, nothing modified", swall, srss, wall)
            # The pre-commit case: a drift staged in the example file, an unstaged edit
            # hiding it, and a staged code file changed in the work tree after staging.
            env = os.path.join(tree, ".env.example")
            with open(env) as f:
                clean = f.read()
            with open(env, "w") as f:
                f.write(clean.replace("# QDRANT_PORT=6333", "# QDRANT_PORT=6334"))
            git(tree, "add", ".env.example")
            with open(env, "w") as f:
                f.write(clean)
            assert run_once(check)[1] == 0 and run_once(staged)[1] == 1
            dwall, dstaged = interleaved([check, staged], rounds)
            drss = peak_rss(staged)
            row("`envlint check --staged`, a staged drift hidden by an unstaged edit (exit 1)", dstaged, drss, dwall)
            print(f"\n{files:,} files: --staged {swall / wall:.2f}x check, peak RSS {srss / rss:.2f}x "
                  f"({srss / 1024:.1f} MiB against {rss / 1024:.1f} MiB); with a staged drift "
                  f"{dstaged / dwall:.2f}x.")


def bench_bomb():
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghi"
    for prev, cur in zip(names, names[1:]):
        bomb.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "envlint.toml"), "w") as f:
            f.write('version = 1\nprefixes = ["QDRANT_"]\n\n[surfaces.compose]\npath = "docker-compose.yml"\n')
        with open(os.path.join(tmp, "docker-compose.yml"), "w") as f:
            f.write("\n".join(bomb) + "\n")
        with open(os.path.join(tmp, "ok.yml"), "w") as f:
            f.write("services:\n  a:\n    image: x\n")
        header("YAML alias bomb (nine levels of nine aliases)", "median of 10 runs")
        base, base_rss, _ = measure([ENVLINT, "--version"], 10)
        row("`envlint --version` (process start)", base, base_rss)
        wall, rss, codes = measure([ENVLINT, "check", "--root", tmp], 10)
        assert codes == {2}, codes
        row("`envlint check` on the bomb (exit 2)", wall, rss, base)


def bench_adopt():
    files = 1_000 if QUICK else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "tree")
        code_tree(tree, files)
        os.remove(os.path.join(tree, "envlint.toml"))
        # 500 variables over 26 sections in the docs and the example file, a third drifted.
        docs, env = ["# Environment\n"], []
        for n in range(500):
            if n % 20 == 0:
                sec = n // 20 + 1
                docs.append(f"\n## {sec}. Section {sec}\n\n| Variable | Default | Description |\n| --- | --- | --- |\n")
                env.append(f"\n# ── {sec}. Section {sec} ──\n")
            name = f"QDRANT_SETTING_{n:03d}"
            docs.append(f"| `{name}` | `{n}` | Setting {n}. |\n")
            value = n + 1 if n % 3 == 0 else n
            env.append(f"# Setting {n}.\n# Read at start-up.\n# {name}={value}\n\n")
        os.makedirs(os.path.join(tree, "docs"), exist_ok=True)
        with open(os.path.join(tree, "docs", "ENVIRONMENT.md"), "w") as f:
            f.write("".join(docs))
        with open(os.path.join(tree, ".env.example"), "w") as f:
            f.write("".join(env))
        runs = 5 if QUICK else 10
        header(f"Adoption: {files:,} TypeScript files, 500 variables over 26 sections", f"median of {runs} runs")
        rg = ["rg", "-l", "QDRANT_|BIFROST_", tree]
        init = [ENVLINT, "init", "--root", tree, "--prefix", "QDRANT_", "--prefix", "BIFROST_"]
        rg_w, init_w = interleaved([rg, init], runs)
        row("`rg -l 'QDRANT_|BIFROST_' tree`", rg_w, peak_rss(rg), label="baseline")
        row("`envlint init --prefix QDRANT_ --prefix BIFROST_`", init_w, peak_rss(init), rg_w)
        with open(os.path.join(tree, "envlint.toml"), "w") as f:
            f.write(subprocess.run(init, capture_output=True, text=True, check=True).stdout)
        with open(os.path.join(tree, "envlint.toml"), "a") as f:
            f.write("")
        # Drift after init: the example values change back, so check finds 167 findings.
        with open(os.path.join(tree, ".env.example")) as f:
            drifted = f.read().replace("=1\n", "=one\n")
        for n in range(0, 500, 3):
            drifted = drifted.replace(f"QDRANT_SETTING_{n:03d}={n + 1}\n", f"QDRANT_SETTING_{n:03d}={n + 2}\n")
        with open(os.path.join(tree, ".env.example"), "w") as f:
            f.write(drifted)
        subprocess.run([ENVLINT, "baseline", "--root", tree], capture_output=True, check=True)
        empty = os.path.join(tmp, "empty-baseline.json")
        with open(empty, "w") as f:
            f.write('{"version": 1, "findings": []}\n')
        check = [ENVLINT, "check", "--root", tree, "--format", "json"]
        none = check + ["--baseline", empty]
        based = check + ["--baseline", os.path.join(tree, "envlint-baseline.json")]
        c_w, n_w, b_w = interleaved([check, none, based], runs * 3)
        findings = len(json.loads(subprocess.run(check, capture_output=True, text=True).stdout)["findings"])
        row(f"`envlint check --format json` (drifted: {findings} findings)", c_w, peak_rss(check), label="baseline")
        row("the same with `--baseline` of no entries (every finding fingerprinted, none matched)", n_w, peak_rss(none), c_w)
        row("the same with `--baseline envlint-baseline.json` (every finding matched)", b_w, peak_rss(based), c_w)
        print(f"\ninit: {init_w * 1000:.0f} ms ({init_w / rg_w:.2f}x rg); the baseline machinery costs "
              f"{100 * (n_w / c_w - 1):+.1f}% over check (fingerprinting every finding, matching none).")


def bench_compose():
    src = os.path.join(ROOT, "fixtures", "realistic", "docker-compose.yml")
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(src, os.path.join(tmp, "docker-compose.yml"))
        with open(os.path.join(tmp, "envlint.toml"), "w") as f:
            f.write('version = 1\nprefixes = ["QDRANT_", "BIFROST_"]\n\n[surfaces.compose]\npath = "docker-compose.yml"\n')
        header("A real-sized compose file (40 services, 10 anchors merged in)", "median of 20 runs")
        base, base_rss, _ = measure([ENVLINT, "--version"], 20)
        row("`envlint --version` (process start)", base, base_rss)
        wall, rss, codes = measure([ENVLINT, "check", "--root", tmp], 20)
        assert codes <= {0, 1}, codes
        row("`envlint check` (compose only)", wall, rss, base)
        load = [sys.executable, "-c", f"import yaml; yaml.safe_load(open({src!r}))"]
        if subprocess.run([sys.executable, "-c", "import yaml"], capture_output=True).returncode == 0:
            start = [sys.executable, "-c", "import yaml"]
            ys, yrss, _ = measure(start, 20)
            yl, ylrss, _ = measure(load, 20)
            row("python3 + PyYAML, import only", ys, yrss)
            row("python3 + PyYAML `safe_load` of the file", yl, ylrss, ys, "import only")
        else:
            print("  (PyYAML not installed: `pip install pyyaml` for that baseline)")


def main():
    only = None
    if "--only" in sys.argv:
        only = set(sys.argv[sys.argv.index("--only") + 1].split(","))
    print(f"envlint benchmarks ({'quick' if QUICK else 'full'}), {os.cpu_count()} cores, {ENVLINT}")
    for name, fn in [("fixture", bench_fixture), ("scale", bench_scale), ("code", bench_code), ("members", bench_members), ("python", bench_python), ("adopt", bench_adopt), ("staged", bench_staged), ("compose", bench_compose), ("bomb", bench_bomb)]:
        if only is None or name in only:
            fn()


if __name__ == "__main__":
    main()
