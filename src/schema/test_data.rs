//! Test data shared by the inline tests of the floors above: a small schema and a clean
//! pair of surfaces (a dotenv file and a docs table) that agree with it.

pub const SCHEMA: &str = r#"
version = 1
prefixes = ["QDRANT_"]

[surfaces.dotenv]
path = ".env.example"

[surfaces.docs]
path = "docs.md"
section = "25."

[[variable]]
name = "QDRANT_HOST"
description = "Host of the Qdrant sidecar; unset disables it."

[[variable]]
name = "QDRANT_PORT"
type = "port"
default = 6333
description = "REST port of the Qdrant sidecar."

[[variable]]
name = "QDRANT_VECTOR_SIZE"
type = "int"
default = 1536
description = "Embedding dimensions."

[[variable]]
name = "QDRANT_API_KEY"
secret = true
description = "API key."
on = ["docs"]
"#;

pub const ENV: &str = "# QDRANT_HOST=\n# QDRANT_PORT=6333\n# QDRANT_VECTOR_SIZE=1536\n";

pub const DOCS: &str = "## 25. Qdrant

| Variable | Default | Description |
| --- | --- | --- |
| `QDRANT_HOST` | _(unset)_ | Host of the Qdrant sidecar; unset disables it. |
| `QDRANT_PORT` | `6333` | REST port of the Qdrant sidecar. |
| `QDRANT_VECTOR_SIZE` | `1536` | Embedding dimensions. |
| `QDRANT_API_KEY` | _(unset)_ | API key. |
| `OTHER_VAR` | `x` | Not ours. |
";
