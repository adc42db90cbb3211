//! `zhibao draw verify RECORD.json`: recompute a published 双随机 draw (commitment, selection, assignments,
//! recusals) from the record alone and say whether it matches (`docs/draw.md`).

use anyhow::Context;
use clap::Subcommand;
use std::path::PathBuf;
use zhibao_domain::grid::draw::{verify_record, DrawRecord};

/// Draw commands.
#[derive(Subcommand)]
pub enum DrawCommand {
    /// Verify a published draw record; prints OK or the first mismatch (exit 1).
    Verify {
        /// The record (JSON).
        record: PathBuf,
    },
}

/// Run; false when the record does not verify.
pub fn run(cmd: &DrawCommand) -> anyhow::Result<bool> {
    match cmd {
        DrawCommand::Verify { record } => {
            let text = std::fs::read_to_string(record).with_context(|| format!("reading {}", record.display()))?;
            let rec: DrawRecord = serde_json::from_str(&text)
                .map_err(|e| anyhow::anyhow!("{} is not a draw record: {e}", record.display()))?;
            match verify_record(&rec) {
                Ok(()) => {
                    println!("OK: the draw reproduces from its seed, pools and parameters");
                    Ok(true)
                }
                Err(e) => {
                    println!("MISMATCH: {e}");
                    Ok(false)
                }
            }
        }
    }
}
