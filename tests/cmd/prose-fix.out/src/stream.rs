//! Streaming switch of the drift fixture — café ☕ before the reads.

use std::env;

pub fn streaming() -> bool {
    env::var("BIFROST_STREAMING_ENABLED")
        .map(|v| v != "false")
        .unwrap_or(true)
}
