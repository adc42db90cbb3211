//! `zhibao evidence …`, `zhibao verify-package` and `zhibao ledger …`: the evidence vault from the command line.

use anyhow::Context;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use zhibao_ledger::checkpoint::{self, NoteVerifier};
use zhibao_ledger::hash::HashAlg;
use zhibao_ledger::package::{self, Trust, VerifyOptions};
use zhibao_server::ledger::evidence::{EvidenceMeta, Uploader};
use zhibao_server::AppState;

/// Evidence commands.
#[derive(Subcommand)]
pub enum EvidenceCommand {
    /// Store a file as evidence (hash, time stamp, log entry); prints the new evidence id.
    Add {
        /// The file.
        file: PathBuf,
        /// Receipt number of the matter it belongs to.
        #[arg(long = "case")]
        case: Option<String>,
        /// Where it was captured.
        #[arg(long)]
        source_url: Option<String>,
        /// When it was captured (RFC 3339).
        #[arg(long)]
        captured_at: Option<String>,
        /// Description.
        #[arg(long)]
        description: Option<String>,
        /// Name recorded as the uploader.
        #[arg(long, default_value = "cli")]
        uploader: String,
    },
    /// Write an evidence package (ZIP) that anyone can verify offline.
    Export {
        /// Evidence id.
        id: i64,
        /// Output file.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
}

/// Ledger commands.
#[derive(Subcommand)]
pub enum LedgerCommand {
    /// Recompute every leaf from the database and the stored files, rebuild the tree, check every checkpoint;
    /// name every row or file that changed. Exits 1 when anything did.
    Verify,
    /// Follow a zhibao log: fetch its checkpoint, demand a consistency proof from the last one seen, and report a
    /// rolled-back or forked log (exit 1).
    Watch {
        /// Base URL of the zhibao instance, e.g. https://ip.example.gov.cn/
        url: String,
        /// Where the last checkpoint seen is kept (default: <data-dir>/watch/<host>.checkpoint).
        #[arg(long)]
        state: Option<PathBuf>,
        /// Verifier keys file (one vkey per line); default: trust the keys the instance served on first contact.
        #[arg(long)]
        keys: Option<PathBuf>,
        /// Check once and exit instead of polling.
        #[arg(long)]
        once: bool,
        /// Seconds between polls.
        #[arg(long, default_value_t = 30)]
        interval: u64,
    },
    /// Append synthetic probe entries (benchmarks and the crash test); prints `acked SIZE` after every commit.
    #[command(hide = true)]
    Probe {
        /// Entries.
        #[arg(long, default_value_t = 1000)]
        count: u64,
        /// Entries per transaction.
        #[arg(long, default_value_t = 100)]
        batch: u64,
    },
}

/// `zhibao verify-package`.
#[derive(Args)]
pub struct VerifyPackageArgs {
    /// The package (ZIP).
    pub package: PathBuf,
    /// Folder of trusted keys: `*.vkey` (signed-note verifier keys, one per line) and `*.pem` (TSA CA certificates).
    #[arg(long)]
    pub trusted_keys: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

pub async fn evidence(cmd: &EvidenceCommand, state: &AppState) -> anyhow::Result<()> {
    match cmd {
        EvidenceCommand::Add { file, case, source_url, captured_at, description, uploader } => {
            let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "evidence".into());
            let matter = match case {
                Some(r) => {
                    Some(state.store.matter_by_receipt(r.trim()).await?.with_context(|| format!("no matter {r}"))?)
                }
                None => None,
            };
            let meta =
                EvidenceMeta::parse(source_url.clone(), captured_at.clone(), description.clone(), chrono::Utc::now())
                    .map_err(api_error)?;
            let root = state.store.root_dept_id().await?;
            let who = Uploader { id: None, name: uploader.clone(), dept_id: Some(root) };
            let e = zhibao_server::ledger::evidence::add(state, matter.as_ref(), &who, &name, bytes.into(), meta)
                .await
                .map_err(api_error)?;
            let ledger = state.ledger().map_err(api_error)?;
            ledger.sequence(&state.store).await?;
            println!("{}", e.id);
            Ok(())
        }
        EvidenceCommand::Export { id, output } => {
            let e = state.store.evidence(*id).await.with_context(|| format!("no evidence {id}"))?;
            let zip = zhibao_server::ledger::package::build(state, &e).await.map_err(api_error)?;
            std::fs::write(output, zip).with_context(|| format!("writing {}", output.display()))?;
            eprintln!("wrote {}", output.display());
            Ok(())
        }
    }
}

fn api_error(e: zhibao_server::error::ApiError) -> anyhow::Error {
    match e {
        zhibao_server::error::ApiError::Validation(f) => anyhow::anyhow!("invalid input: {f}"),
        other => anyhow::anyhow!("{other}"),
    }
}

/// Read a trusted-keys folder.
pub fn read_trust(dir: &Path) -> anyhow::Result<Trust> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_file() {
            let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            if name.ends_with(".vkey") || name.ends_with(".pem") {
                files.push((
                    name,
                    std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?,
                ));
            }
        }
    }
    Trust::from_files(&files).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))
}

/// `zhibao verify-package`: prints each check; the exit code is 1 on any failure.
pub fn verify_package(args: &VerifyPackageArgs) -> anyhow::Result<bool> {
    let bytes = std::fs::read(&args.package).with_context(|| format!("reading {}", args.package.display()))?;
    let trust = match &args.trusted_keys {
        Some(d) => Some(read_trust(d)?),
        None => None,
    };
    let report = package::verify(&bytes, &VerifyOptions { trust, ..Default::default() });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for c in &report.checks {
            println!("[{}] {} / {}: {}", if c.ok { "OK" } else { "FAIL" }, c.title_zh, c.title_en, c.detail);
        }
        println!("{}", if report.ok { "VERIFIED 验证通过" } else { "FAILED 验证未通过" });
    }
    Ok(report.ok)
}

/// `zhibao ledger verify`; false when problems were found.
pub async fn verify(state: &AppState) -> anyhow::Result<bool> {
    let ledger = state.ledger().map_err(api_error)?;
    let vault = state.vault().map_err(api_error)?;
    let v = zhibao_server::ledger::verify::verify_all(&ledger, &state.store, vault).await?;
    for p in &v.problems {
        println!("CHANGED {} {}: {}", p.kind, p.ref_id, p.detail);
    }
    println!(
        "{} leaves checked, {} problem(s): {}",
        v.checked_leaves,
        v.problems.len(),
        if v.ok { "OK" } else { "TAMPERING DETECTED" }
    );
    Ok(v.ok)
}

/// `zhibao ledger probe`.
pub async fn probe(state: &AppState, count: u64, batch: u64) -> anyhow::Result<()> {
    use std::io::Write;
    let ledger = state.ledger().map_err(api_error)?;
    ledger.check_alg(&state.store).await?;
    ledger
        .append_probes(&state.store, count, batch.max(1), |size| {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "acked {size}");
            let _ = out.flush();
        })
        .await?;
    Ok(())
}

#[derive(serde::Deserialize)]
struct KeysDoc {
    hash_alg: String,
    ed25519_vkey: String,
    sm2_vkey: String,
}

#[derive(serde::Deserialize)]
struct ConsistencyDoc {
    proof: Vec<String>,
}

/// `zhibao ledger watch`; returns false when the log was rolled back or forked.
pub async fn watch(
    data_dir: &Path,
    url: &str,
    state_file: Option<&Path>,
    keys: Option<&Path>,
    once: bool,
    interval: u64,
) -> anyhow::Result<bool> {
    let base = url.trim_end_matches('/');
    let host: String = base.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' }).collect();
    let state_path =
        state_file.map(PathBuf::from).unwrap_or_else(|| data_dir.join("watch").join(format!("{host}.checkpoint")));
    let keys_path = state_path.with_extension("vkeys");
    if let Some(dir) = state_path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)).build()?;
    // The verifier keys: given, remembered, or fetched on first contact (trust on first use, recorded).
    let doc: KeysDoc =
        client.get(format!("{base}/api/v1/public/ledger/keys")).send().await?.error_for_status()?.json().await?;
    let alg = HashAlg::parse(&doc.hash_alg).with_context(|| format!("unknown hash algorithm {}", doc.hash_alg))?;
    let vkey_text = match (keys, std::fs::read_to_string(&keys_path).ok()) {
        (Some(k), _) => std::fs::read_to_string(k).with_context(|| format!("reading {}", k.display()))?,
        (None, Some(t)) => t,
        (None, None) => {
            let t = format!("{}\n{}\n", doc.ed25519_vkey, doc.sm2_vkey);
            std::fs::write(&keys_path, &t)?;
            eprintln!("trusting the keys served on first contact (saved in {})", keys_path.display());
            t
        }
    };
    let verifiers: Vec<NoteVerifier> = vkey_text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| NoteVerifier::parse_vkey(l.trim()).map_err(|e| anyhow::anyhow!("bad key {l}: {e}")))
        .collect::<anyhow::Result<_>>()?;
    loop {
        let note = client
            .get(format!("{base}/api/v1/public/ledger/checkpoint"))
            .send()
            .await?
            .error_for_status()?
            .text()
            .await?;
        let new =
            checkpoint::open(&note, &verifiers).map_err(|e| anyhow::anyhow!("checkpoint does not verify: {e}"))?;
        let new_cp = new.checkpoint;
        let old = std::fs::read_to_string(&state_path).ok();
        let mut accept = true;
        if let Some(old_note) = old {
            let old_cp = checkpoint::open(&old_note, &verifiers)
                .map_err(|e| anyhow::anyhow!("the saved checkpoint {} does not verify: {e}", state_path.display()))?
                .checkpoint;
            if new_cp.size < old_cp.size {
                println!("ROLLBACK: the log shrank from {} to {} entries", old_cp.size, new_cp.size);
                return Ok(false);
            }
            if new_cp.size == old_cp.size && new_cp.root != old_cp.root {
                println!("FORK: two different roots for size {}", new_cp.size);
                return Ok(false);
            }
            if new_cp.size > old_cp.size && old_cp.size > 0 {
                let proof: ConsistencyDoc = client
                    .get(format!(
                        "{base}/api/v1/public/ledger/consistency?first={}&second={}",
                        old_cp.size, new_cp.size
                    ))
                    .send()
                    .await?
                    .error_for_status()?
                    .json()
                    .await?;
                let bytes: Vec<Vec<u8>> = proof.proof.iter().map(hex::decode).collect::<Result<_, _>>()?;
                if let Err(e) = zhibao_ledger::proof::verify_consistency(
                    alg,
                    old_cp.size,
                    new_cp.size,
                    &old_cp.root,
                    &new_cp.root,
                    &bytes,
                ) {
                    println!("FORK: size {} is not an extension of size {}: {e}", new_cp.size, old_cp.size);
                    return Ok(false);
                }
                println!("consistent: {} → {} entries", old_cp.size, new_cp.size);
            } else {
                accept = new_cp.size != old_cp.size;
                if !accept {
                    println!("unchanged: {} entries", new_cp.size);
                }
            }
        } else {
            println!("first checkpoint: {} entries, root {}", new_cp.size, hex::encode(new_cp.root));
        }
        if accept {
            let tmp = state_path.with_extension("tmp");
            std::fs::write(&tmp, &note)?;
            std::fs::rename(&tmp, &state_path)?;
        }
        if once {
            return Ok(true);
        }
        tokio::time::sleep(std::time::Duration::from_secs(interval.max(1))).await;
    }
}
