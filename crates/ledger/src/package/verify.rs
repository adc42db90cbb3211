//! The checks of [`verify`], in order. A failure of the ZIP or manifest check (structural) leaves the later checks
//! not run; any other failure does not stop the rest.

use serde_json::Value;

use super::read::{self, Archive};
use super::{
    kind_name, signature_of, split_note, Check, Manifest, ProofFile, Report, Trust, VerifyOptions, EVIDENCE_KIND,
    FORMAT,
};
use crate::checkpoint::{self, Checkpoint, NoteVerifier, SigKind};
use crate::hash::HashAlg;

/// (id, title_zh, title_en) of each check, in order.
const CHECKS: &[(&str, &str, &str)] = &[
    ("zip", "压缩包结构与大小限制", "ZIP structure and size limits"),
    ("manifest", "清单 manifest.json", "Manifest (manifest.json)"),
    ("files", "证据文件 SHA-256 / SM3 哈希与大小", "Evidence file SHA-256 / SM3 hashes and sizes"),
    ("leaf", "账本叶子 leaf.bin 与清单一致", "Ledger leaf (leaf.bin) matches the manifest"),
    (
        "inclusion",
        "默克尔包含证明（RFC 9162）验证到检查点根哈希",
        "Merkle inclusion proof (RFC 9162) to the checkpoint root",
    ),
    ("checkpoint_ed25519", "检查点 Ed25519 签名", "Checkpoint Ed25519 signature"),
    ("checkpoint_sm2", "检查点 SM2 签名", "Checkpoint SM2 signature"),
    ("tsa", "RFC 3161 可信时间戳", "RFC 3161 trusted time stamp"),
];

type Outcome = Result<String, String>;

/// Verify an evidence package: the checks `zip`, `manifest`, `files`, `leaf`, `inclusion`, `checkpoint_ed25519`,
/// `checkpoint_sm2` and `tsa`, in that order (see `docs/evidence-packages.md`). Never panics.
pub fn verify(zip_bytes: &[u8], opts: &VerifyOptions) -> Report {
    let run = std::panic::catch_unwind(|| run(zip_bytes, opts));
    let outcomes = run.unwrap_or_else(|_| vec![Err("internal error while reading the package".to_string())]);
    let mut checks = Vec::with_capacity(CHECKS.len());
    let mut blocked: Option<&str> = None;
    for (i, (id, zh, en)) in CHECKS.iter().enumerate() {
        let (ok, detail) = match (blocked, outcomes.get(i)) {
            (Some(b), _) => (false, format!("未运行：{b} 检查未通过 / not run: skipped because the {b} check failed")),
            (None, Some(Ok(d))) => (true, d.clone()),
            (None, Some(Err(d))) => (false, d.clone()),
            (None, None) => (false, "not run".to_string()),
        };
        if !ok && blocked.is_none() && (*id == "zip" || *id == "manifest") {
            blocked = Some(id);
        }
        checks.push(Check { id, title_zh: zh, title_en: en, ok, detail });
    }
    Report { ok: checks.iter().all(|c| c.ok), checks }
}

/// Outcomes of the checks, in order; stops after a structural failure.
fn run(zip_bytes: &[u8], opts: &VerifyOptions) -> Vec<Outcome> {
    let mut out = Vec::new();
    let archive = match read::read(zip_bytes, &opts.limits) {
        Ok(a) => a,
        Err(e) => {
            out.push(Err(e));
            return out;
        }
    };
    out.push(Ok(format!("{} members, all within the limits", archive.members.len())));
    let manifest = match check_manifest(&archive) {
        Ok((m, d)) => {
            out.push(Ok(d));
            m
        }
        Err(e) => {
            out.push(Err(e));
            return out;
        }
    };
    let ctx = Ctx::new(&archive, &manifest);
    out.push(ctx.check_files());
    out.push(ctx.check_leaf());
    out.push(ctx.check_inclusion());
    out.push(ctx.check_signature(SigKind::Ed25519, opts.trust.as_ref()));
    out.push(ctx.check_signature(SigKind::Sm2, opts.trust.as_ref()));
    out.push(ctx.check_tsa(opts.trust.as_ref()));
    out
}

fn text<'a>(archive: &'a Archive, name: &str) -> Result<&'a str, String> {
    let data = archive.data(name).ok_or_else(|| format!("{name} missing"))?;
    std::str::from_utf8(data).map_err(|_| format!("{name} is not UTF-8"))
}

fn check_manifest(archive: &Archive) -> Result<(Manifest, String), String> {
    let m: Manifest = serde_json::from_str(text(archive, "manifest.json")?)
        .map_err(|e| format!("manifest.json does not parse: {e}"))?;
    if m.format != FORMAT {
        return Err(format!("format is {:?}, expected {FORMAT:?}", m.format));
    }
    if m.files.is_empty() {
        return Err("no files listed".into());
    }
    let mut problems = Vec::new();
    // The member list must be exactly the archive's members besides manifest.json.
    let listed: Vec<&str> = m.members.iter().map(|x| x.path.as_str()).collect();
    for member in archive.members.iter().filter(|x| x.name != "manifest.json") {
        if !listed.contains(&member.name.as_str()) {
            problems.push(format!("{} is not listed in members", member.name));
        }
    }
    for (i, path) in listed.iter().enumerate() {
        if archive.get(path).is_none() || *path == "manifest.json" {
            problems.push(format!("members lists {path:?}, which the archive does not hold"));
        }
        if listed[..i].contains(path) {
            problems.push(format!("members lists {path:?} twice"));
        }
    }
    let mut file_members = Vec::new();
    for f in &m.files {
        if !f.path.starts_with("files/") || archive.get(&f.path).is_none() {
            problems.push(format!("files lists {:?}, which is not a files/… member", f.path));
        }
        if !f.tsa_token.starts_with("tsa/") || !f.tsa_token.ends_with(".tsr") || archive.get(&f.tsa_token).is_none() {
            problems.push(format!("files lists time stamp {:?}, which is not a tsa/….tsr member", f.tsa_token));
        }
        file_members.push(f.path.as_str());
    }
    for member in &archive.members {
        if member.name.starts_with("files/") && !file_members.contains(&member.name.as_str()) {
            problems.push(format!("{} is not listed in files", member.name));
        }
        if member.name.starts_with("tsa/")
            && member.name.ends_with(".tsr")
            && !m.files.iter().any(|f| f.tsa_token == member.name)
        {
            problems.push(format!("{} is not the time stamp of any file", member.name));
        }
    }
    if m.leaf_index >= m.tree_size {
        problems.push(format!("leaf_index {} is not below tree_size {}", m.leaf_index, m.tree_size));
    }
    // README.md is covered by no other check: its digest is checked here.
    if let Some(p) = digest_problem(archive, &m, "README.md") {
        problems.push(p);
    }
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    let detail = format!(
        "{FORMAT}; evidence {}, log {} ({}), leaf {} of {}, generated {}",
        m.evidence_id,
        m.origin,
        m.hash_alg.name(),
        m.leaf_index,
        m.tree_size,
        m.generated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    Ok((m, detail))
}

/// The manifest's SHA-256 of a member differs from the member's.
fn digest_problem(archive: &Archive, m: &Manifest, name: &str) -> Option<String> {
    let member = archive.get(name)?;
    let listed = m.members.iter().find(|x| x.path == name)?;
    (!listed.sha256.eq_ignore_ascii_case(&hex::encode(member.sha256)))
        .then(|| format!("{name}: SHA-256 differs from manifest.json members"))
}

/// The evidence files a leaf commits to: `files` array, or the leaf object itself as the one file.
fn leaf_files(fields: &Value) -> Vec<&Value> {
    match fields.get("files").and_then(Value::as_array) {
        Some(files) => files.iter().collect(),
        None => vec![fields],
    }
}

fn json_id(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

struct Ctx<'a> {
    archive: &'a Archive,
    m: &'a Manifest,
    /// The leaf's fields, if leaf.bin is a canonical evidence leaf.
    leaf: Result<Value, String>,
    /// The checkpoint text and its parse.
    note: Option<(String, Result<Checkpoint, String>)>,
}

impl<'a> Ctx<'a> {
    fn new(archive: &'a Archive, m: &'a Manifest) -> Self {
        let leaf = match archive.data("leaf.bin").map(crate::leaf::parse_leaf) {
            None => Err("leaf.bin missing".to_string()),
            Some(Err(e)) => Err(format!("leaf.bin: {e}")),
            Some(Ok((kind, _))) if kind != EVIDENCE_KIND => Err(format!("leaf.bin is of kind {kind:?}, not evidence")),
            Some(Ok((_, fields))) if !fields.is_object() => Err("leaf.bin fields are not a JSON object".to_string()),
            Some(Ok((_, fields))) => Ok(fields),
        };
        let note = text(archive, "checkpoint.txt").ok().map(|t| {
            let parsed = match split_note(t) {
                None => Err("checkpoint.txt is not a signed note (no blank line before signatures)".to_string()),
                Some((body, _)) => Checkpoint::parse(body).map_err(|e| format!("checkpoint.txt: {e}")),
            };
            (t.to_string(), parsed)
        });
        Ctx { archive, m, leaf, note }
    }

    fn digest(&self, name: &str, problems: &mut Vec<String>) {
        if let Some(p) = digest_problem(self.archive, self.m, name) {
            problems.push(p);
        }
    }

    fn check_files(&self) -> Outcome {
        let mut problems = Vec::new();
        let mut shown = Vec::new();
        let leaf_files = self.leaf.as_ref().ok().map(leaf_files);
        for (i, f) in self.m.files.iter().enumerate() {
            let Some(member) = self.archive.get(&f.path) else {
                problems.push(format!("{} missing", f.path));
                continue;
            };
            self.digest(&f.path, &mut problems);
            let (sha, sm3) = (hex::encode(member.sha256), hex::encode(member.sm3));
            if !f.sha256.eq_ignore_ascii_case(&sha) {
                problems.push(format!("{}: SHA-256 is {sha}, manifest says {}", f.path, f.sha256));
            }
            if !f.sm3.eq_ignore_ascii_case(&sm3) {
                problems.push(format!("{}: SM3 is {sm3}, manifest says {}", f.path, f.sm3));
            }
            if f.size != member.size {
                problems.push(format!("{}: {} bytes, manifest says {}", f.path, member.size, f.size));
            }
            // The leaf is what the log committed to: the file must match it too.
            if let Some(lf) = leaf_files.as_ref().and_then(|l| l.get(i)) {
                let field = |k: &str| lf.get(k).and_then(Value::as_str).unwrap_or("");
                if !field("sha256").eq_ignore_ascii_case(&sha) || !field("sm3").eq_ignore_ascii_case(&sm3) {
                    problems.push(format!("{}: hashes differ from those in leaf.bin", f.path));
                }
                if lf.get("size").and_then(Value::as_u64) != Some(member.size) {
                    problems.push(format!("{}: size differs from leaf.bin", f.path));
                }
            }
            shown.push(format!("{} ({} bytes) SHA-256 {sha} SM3 {sm3}", f.path, member.size));
        }
        if problems.is_empty() {
            Ok(shown.join("; "))
        } else {
            Err(problems.join("; "))
        }
    }

    fn check_leaf(&self) -> Outcome {
        let mut problems = Vec::new();
        self.digest("leaf.bin", &mut problems);
        let fields = self.leaf.as_ref().map_err(|e| {
            problems.push(e.clone());
            problems.join("; ")
        })?;
        match fields.get("id").and_then(json_id) {
            Some(id) if id == self.m.evidence_id => {}
            Some(id) => problems.push(format!("leaf id {id} is not the manifest's evidence_id {}", self.m.evidence_id)),
            None => problems.push("leaf has no id".into()),
        }
        let files = leaf_files(fields);
        if files.len() != self.m.files.len() {
            problems.push(format!("leaf has {} file(s), the manifest {}", files.len(), self.m.files.len()));
        }
        for (lf, mf) in files.iter().zip(&self.m.files) {
            let s = |k: &str| lf.get(k).and_then(Value::as_str).map(str::to_owned);
            if s("file_name").as_deref() != Some(mf.file_name.as_str()) {
                problems.push(format!("file_name {:?} in leaf, {:?} in manifest", s("file_name"), mf.file_name));
            }
            if !s("sha256").is_some_and(|h| h.eq_ignore_ascii_case(&mf.sha256)) {
                problems.push(format!("{}: sha256 in leaf differs from manifest", mf.file_name));
            }
            if !s("sm3").is_some_and(|h| h.eq_ignore_ascii_case(&mf.sm3)) {
                problems.push(format!("{}: sm3 in leaf differs from manifest", mf.file_name));
            }
            if lf.get("size").and_then(Value::as_u64) != Some(mf.size) {
                problems.push(format!("{}: size in leaf differs from manifest", mf.file_name));
            }
        }
        if !problems.is_empty() {
            return Err(problems.join("; "));
        }
        let mut shown = format!("evidence leaf, id {}", self.m.evidence_id);
        if let Some(obj) = fields.as_object() {
            for (k, v) in obj.iter().filter(|(k, _)| !["id", "files", "sha256", "sm3", "size"].contains(&k.as_str())) {
                if !v.is_null() {
                    shown.push_str(&format!(
                        ", {k}: {}",
                        v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())
                    ));
                }
            }
        }
        Ok(shown)
    }

    fn check_inclusion(&self) -> Outcome {
        let mut problems = Vec::new();
        self.digest("proof.json", &mut problems);
        let fail = |mut problems: Vec<String>, p: String| {
            problems.push(p);
            Err(problems.join("; "))
        };
        let proof: ProofFile = match text(self.archive, "proof.json")
            .and_then(|t| serde_json::from_str(t).map_err(|e| format!("proof.json does not parse: {e}")))
        {
            Ok(p) => p,
            Err(e) => return fail(problems, e),
        };
        if proof.hash_alg != self.m.hash_alg {
            problems.push(format!("proof.json hash_alg {} is not the manifest's {}", proof.hash_alg, self.m.hash_alg));
        }
        if proof.leaf_index != self.m.leaf_index || proof.tree_size != self.m.tree_size {
            problems.push("proof.json leaf_index / tree_size differ from the manifest".into());
        }
        let alg: HashAlg = proof.hash_alg;
        let Some(leaf) = self.archive.data("leaf.bin") else { return fail(problems, "leaf.bin missing".into()) };
        let leaf_hash = alg.leaf_hash(leaf);
        if !proof.leaf_hash.eq_ignore_ascii_case(&hex::encode(leaf_hash)) {
            problems.push(format!(
                "leaf hash of leaf.bin is {}, proof.json says {}",
                hex::encode(leaf_hash),
                proof.leaf_hash
            ));
        }
        let path: Result<Vec<Vec<u8>>, _> = proof.inclusion_path.iter().map(hex::decode).collect();
        let Ok(path) = path else { return fail(problems, "inclusion_path is not hex".into()) };
        let cp = match &self.note {
            None => return fail(problems, "checkpoint.txt missing or not UTF-8".into()),
            Some((_, Err(e))) => return fail(problems, e.clone()),
            Some((_, Ok(cp))) => cp,
        };
        if cp.origin != self.m.origin {
            problems.push(format!("checkpoint origin {:?} is not the manifest's {:?}", cp.origin, self.m.origin));
        }
        if cp.size != proof.tree_size {
            problems.push(format!("checkpoint is for tree size {}, the proof for {}", cp.size, proof.tree_size));
        }
        if let Err(e) =
            crate::proof::verify_inclusion(alg, proof.leaf_index, proof.tree_size, &leaf_hash, &path, &cp.root)
        {
            problems.push(format!("inclusion proof: {e}"));
        }
        if !problems.is_empty() {
            return Err(problems.join("; "));
        }
        Ok(format!(
            "leaf {} of {} ({}) is in the tree with root {} of checkpoint {}",
            proof.leaf_index,
            proof.tree_size,
            alg.name(),
            hex::encode(cp.root),
            cp.origin
        ))
    }

    fn check_signature(&self, kind: SigKind, trust: Option<&Trust>) -> Outcome {
        let mut problems = Vec::new();
        let kname = match kind {
            SigKind::Ed25519 => "Ed25519",
            SigKind::Sm2 => "SM2",
        };
        self.digest("checkpoint.txt", &mut problems);
        self.digest("checkpoint.body", &mut problems);
        let Some((note, _)) = &self.note else {
            problems.push("checkpoint.txt missing or not UTF-8".into());
            return Err(problems.join("; "));
        };
        let Some((body, sigs)) = split_note(note) else {
            problems.push("checkpoint.txt is not a signed note".into());
            return Err(problems.join("; "));
        };
        if self.archive.data("checkpoint.body") != Some(body.as_bytes()) {
            problems.push("checkpoint.body is not the text of checkpoint.txt".into());
        }
        // The package's keys (keys/<stem>.vkey), in stem order.
        let mut keys: Vec<(String, NoteVerifier)> = Vec::new();
        for m in self.archive.members.iter().filter(|m| m.name.starts_with("keys/") && m.name.ends_with(".vkey")) {
            let stem = &m.name["keys/".len()..m.name.len() - ".vkey".len()];
            let line = m.data.as_deref().and_then(|d| std::str::from_utf8(d).ok()).map(str::trim).unwrap_or("");
            match NoteVerifier::parse_vkey(line) {
                Ok(v) => keys.push((stem.to_string(), v)),
                Err(e) => {
                    if stem.starts_with(kind_name(kind)) {
                        problems.push(format!("{}: {e}", m.name));
                    }
                }
            }
        }
        let mine: Vec<&(String, NoteVerifier)> = keys.iter().filter(|(_, v)| v.kind == kind).collect();
        if mine.is_empty() {
            problems.push(format!("the package has no {kname} key"));
            return Err(problems.join("; "));
        }
        let mut shown = Vec::new();
        for (stem, v) in mine {
            self.digest(&format!("keys/{stem}.vkey"), &mut problems);
            let pem = format!("keys/{stem}.pem");
            self.digest(&pem, &mut problems);
            if self.archive.data(&pem) != Some(v.public_key_pem().as_bytes()) {
                problems.push(format!("{pem} is not the key of keys/{stem}.vkey"));
            }
            let id = format!("{}+{}", v.name, hex::encode(v.key_id));
            if let Some(t) = trust {
                if !t.verifiers.contains(v) {
                    problems.push(format!("key not trusted: {id} is not among the trusted keys"));
                    continue;
                }
            }
            let sig_member = format!("checkpoint.{stem}.sig");
            self.digest(&sig_member, &mut problems);
            match signature_of(&sigs, v) {
                None => problems.push(format!("checkpoint.txt has no signature by {id}")),
                Some(sig) => {
                    if self.archive.data(&sig_member) != Some(sig.as_slice()) {
                        problems.push(format!("{sig_member} is not the signature in checkpoint.txt"));
                    }
                }
            }
            match checkpoint::open(note, std::slice::from_ref(v)) {
                Ok(o) if o.verified.iter().any(|(n, k)| *n == v.name && *k == kind) => shown.push(id),
                Ok(_) => problems.push(format!("no valid signature by {id}")),
                Err(e) => problems.push(format!("{id}: {e}")),
            }
        }
        // Every key of this kind the package ships must be trusted and verify.
        if !problems.is_empty() {
            return Err(problems.join("; "));
        }
        let source = match trust {
            Some(_) => "key(s) among the trusted keys: integrity and origin proven / 密钥为受信任密钥".to_string(),
            None => "keys taken from the package itself: this proves integrity only, not origin; check the key ID \
                     against the issuer's published keys / 密钥取自证据包本身，仅证明完整性，不证明来源"
                .to_string(),
        };
        Ok(format!("{kname} signature by {} verifies; {source}", shown.join(", ")))
    }

    fn check_tsa(&self, trust: Option<&Trust>) -> Outcome {
        let mut problems = Vec::new();
        self.digest("tsa/tsa.pem", &mut problems);
        self.digest("tsa/ca.pem", &mut problems);
        let pem = |n: &str| self.archive.data(n).and_then(|d| std::str::from_utf8(d).ok()).unwrap_or("").to_string();
        let (anchors, source) = match trust {
            Some(t) if !t.tsa_ca_pems.is_empty() => (t.tsa_ca_pems.join("\n"), "trusted TSA CA"),
            Some(_) => (pem("tsa/ca.pem"), "CA taken from the package (tsa/ca.pem): no trusted TSA CA configured"),
            None => (pem("tsa/ca.pem"), "CA taken from the package (tsa/ca.pem)"),
        };
        let tsa_cert = crate::tsa::first_cert_der(&pem("tsa/tsa.pem"));
        let mut shown = Vec::new();
        for f in &self.m.files {
            self.digest(&f.tsa_token, &mut problems);
            let (Some(token), Some(file)) = (self.archive.data(&f.tsa_token), self.archive.get(&f.path)) else {
                problems.push(format!("{} or {} missing", f.tsa_token, f.path));
                continue;
            };
            match crate::tsa::verify_token(token, &file.sha256, &anchors) {
                Ok(v) => {
                    if tsa_cert.as_ref().ok() != Some(&v.signer_der) {
                        problems.push(format!("tsa/tsa.pem is not the certificate that signed {}", f.tsa_token));
                    }
                    shown.push(format!(
                        "{} time-stamped at {} (serial {}, TSA {})",
                        f.path,
                        v.info.gen_time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                        v.info.serial,
                        v.info.tsa_subject.unwrap_or_default()
                    ));
                }
                Err(e) => problems.push(format!("{}: {e}", f.tsa_token)),
            }
        }
        if !problems.is_empty() {
            return Err(problems.join("; "));
        }
        Ok(format!("{}; {source}", shown.join("; ")))
    }
}
