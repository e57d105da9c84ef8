//! The code surface on gateway code written the way real configuration code is: settings
//! first, then the environment, then a default two lines later; flags read by
//! comparison; helpers; constants in other modules. Every default site is found with the
//! value the code computes, the two real drifts are reported, and nothing else is.

mod common;

use common::{Tree, findings};

/// The embedded schema plus the kill switch the relay and the executor both read.
fn schema() -> String {
    let mut s = envlint::schema::EMBEDDED.to_owned();
    s.push_str(
        r#"
[[variable]]
name = "BIFROST_ENABLED"
type = "bool"
default = true
description = "Kill switch of the Bifrost path; `0` turns it off."
profile = "bifrost"
service = "bifrost"
on = ["code"]
"#,
    );
    s
}

const SETTINGS: &str = r#"// Qdrant settings: the Settings UI wins, then the environment, then the default.
import { DEFAULT_VECTOR_SIZE } from "./defaults";

type Settings = Record<string, unknown>;

const FALLBACK_PORT = 6333;
const DEFAULTS = { collection: "omniroute_memory", efConstruct: 100 } as const;

function text(settings: Settings, key: string): string | undefined {
  const v = settings[key];
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

export function qdrantSettings(settings: Settings) {
  const host = text(settings, "qdrantHost") ?? process.env.QDRANT_HOST?.trim() ?? "";
  const portRaw = text(settings, "qdrantPort") ?? process.env.QDRANT_PORT;
  const port = Math.round(Number(portRaw) || FALLBACK_PORT);
  const collection =
    typeof settings.qdrantCollection === "string"
      ? settings.qdrantCollection
      : (process.env.QDRANT_COLLECTION ?? DEFAULTS.collection);
  const vectorSize = (() => {
    const raw = process.env.QDRANT_VECTOR_SIZE;
    if (raw === undefined || raw === "") return DEFAULT_VECTOR_SIZE;
    const n = Number(raw);
    return Number.isInteger(n) && n > 0 ? n : DEFAULT_VECTOR_SIZE;
  })();
  const efConstruct = Number.parseInt(process.env.QDRANT_HNSW_EF_CONSTRUCT ?? "", 10);
  const model = process.env.QDRANT_EMBEDDING_MODEL || "text-embedding-3-small";
  return {
    host,
    port,
    collection,
    vectorSize,
    efConstruct: Number.isFinite(efConstruct) ? efConstruct : DEFAULTS.efConstruct,
    model,
  };
}
"#;

const RELAY: &str = r#"// Relay to the Bifrost sidecar.
const BIFROST_TIMEOUT_MS = Number(process.env.BIFROST_TIMEOUT_MS || "30000");
const BIFROST_STREAMING = process.env.BIFROST_STREAMING_ENABLED !== "false";
const BIFROST_ENABLED = process.env.BIFROST_ENABLED !== "0";
// Drift: the schema says the base URL has no default (unset disables the route).
const BASE = process.env.BIFROST_BASE_URL?.replace(/\/$/, "") || "http://localhost:8080";

export function relayConfig() {
  return { enabled: BIFROST_ENABLED, base: BASE, timeoutMs: BIFROST_TIMEOUT_MS, streaming: BIFROST_STREAMING };
}
"#;

const EXECUTOR: &str = r#"// The in-process executor reads the kill switch on its own.
function killSwitchOn(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env.BIFROST_ENABLED;
  if (!raw) return true;
  // Drift: here `false` turns it off; the relay turns it off only with `0`.
  return raw === "true" || raw === "1";
}

export const executorEnabled = killSwitchOn();
"#;

const EXECUTOR_SETTINGS: &str = r#"// The executors' settings, read the long way round.
const FALLBACK_TIMEOUT_MS = 30_000;

function executorSettings(source: Record<string, string | undefined>) {
  let timeoutMs = FALLBACK_TIMEOUT_MS;
  const raw = source.BIFROST_TIMEOUT_MS?.trim();
  if (raw && /^\d+$/.test(raw)) {
    timeoutMs = Number(raw);
  }
  return { timeoutMs };
}

function logLevel(source: Record<string, string | undefined>): string {
  switch (source.BIFROST_LOG_LEVEL?.toLowerCase()) {
    case "debug":
      return "debug";
    case "warn":
    case "warning":
      return "warn";
    default:
      return "info";
  }
}

export const executor = { ...executorSettings(process.env), logLevel: logLevel(process.env) };
"#;

#[test]
fn every_default_site_and_both_drifts() {
    let tree = Tree::omniroute();
    // The schema declares a bifrost variable the decision record does not list.
    std::fs::remove_dir_all(tree.root.join("docs/architecture")).unwrap();
    tree.write("envlint.toml", &schema());
    tree.write("src/lib/memory/settings.ts", SETTINGS);
    tree.write("src/lib/bifrost/relay.ts", RELAY);
    tree.write("src/lib/bifrost/executor.ts", EXECUTOR);
    tree.write("src/lib/bifrost/executorSettings.ts", EXECUTOR_SETTINGS);
    let (code, json) = tree.json();
    assert_eq!(code, 1, "{json}");
    let found = findings(&json);
    assert_eq!(
        found,
        vec![
            (
                "truthiness-mismatch".to_owned(),
                "BIFROST_ENABLED".to_owned(),
                "src/lib/bifrost/relay.ts".to_owned(),
                4
            ),
            (
                "default-mismatch".to_owned(),
                "BIFROST_BASE_URL".to_owned(),
                "src/lib/bifrost/relay.ts".to_owned(),
                6
            ),
        ],
        "{json}"
    );
    // What the code computes at each site of the new files, as `explain` lists it.
    let explained = |var: &str| {
        let out = common::envlint(&[
            "explain".as_ref(),
            var.as_ref(),
            "--root".as_ref(),
            tree.root.as_os_str(),
        ]);
        String::from_utf8(out.stdout).unwrap()
    };
    for (var, file, want) in [
        ("QDRANT_HOST", "settings.ts", "computed default unset"),
        ("QDRANT_PORT", "settings.ts", "computed default `6333`"),
        (
            "QDRANT_COLLECTION",
            "settings.ts",
            "computed default `omniroute_memory`",
        ),
        (
            "QDRANT_VECTOR_SIZE",
            "settings.ts",
            "computed default `1536`",
        ),
        (
            "QDRANT_HNSW_EF_CONSTRUCT",
            "settings.ts",
            "computed default `100`",
        ),
        (
            "QDRANT_EMBEDDING_MODEL",
            "settings.ts",
            "computed default `text-embedding-3-small`",
        ),
        ("BIFROST_TIMEOUT_MS", "relay.ts", "computed default `30000`"),
        ("BIFROST_STREAMING_ENABLED", "relay.ts", "reading unset on"),
        ("BIFROST_ENABLED", "relay.ts", "reading unset on"),
        ("BIFROST_ENABLED", "executor.ts", "reading unset on"),
        // A `let` assigned after its declaration, a `switch`, a parameter given
        // `process.env`.
        (
            "BIFROST_TIMEOUT_MS",
            "executorSettings.ts",
            "computed default `30000`",
        ),
        (
            "BIFROST_LOG_LEVEL",
            "executorSettings.ts",
            "computed default `info`",
        ),
        (
            "BIFROST_BASE_URL",
            "relay.ts",
            "computed default `http://localhost:8080`",
        ),
    ] {
        let text = explained(var);
        let line = text
            .lines()
            .find(|l| l.contains(file) && l.contains(want))
            .unwrap_or_else(|| panic!("{var} in {file}: {want}\n{text}"));
        assert!(line.contains("read"), "{line}");
    }
}
