//! The package's `README.md`: Chinese first, then English; what each member is, and each verification step with
//! standard tools only (`sha256sum`, `openssl`, `python3`).

use super::{signature_of, split_note, ManifestFile, PackageInput};
use crate::checkpoint::{SigKind, SM2_DISTID};

/// Single-quote a word for the shell.
fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The inclusion-proof check of RFC 9162 §2.1.3.2, standard library only.
pub(crate) const PYTHON: &str = r#"import base64, hashlib, json, sys

proof = json.load(open("proof.json"))
H = lambda b: hashlib.new(proof["hash_alg"], b).digest()  # "sha256" or "sm3" (OpenSSL-backed hashlib)
r = H(b"\x00" + open("leaf.bin", "rb").read())            # RFC 9162 leaf hash
if r.hex() != proof["leaf_hash"]:
    sys.exit("leaf hash differs from proof.json")
fn, sn = proof["leaf_index"], proof["tree_size"] - 1       # RFC 9162 §2.1.3.2
for p in map(bytes.fromhex, proof["inclusion_path"]):
    if sn == 0:
        sys.exit("proof too long")
    if fn & 1 or fn == sn:
        r = H(b"\x01" + p + r)
        while fn and not fn & 1:
            fn, sn = fn >> 1, sn >> 1
    else:
        r = H(b"\x01" + r + p)
    fn, sn = fn >> 1, sn >> 1
body = open("checkpoint.body", encoding="utf-8").read().split("\n")
if sn != 0 or int(body[1]) != proof["tree_size"]:
    sys.exit("proof does not fit the tree size")
if r != base64.b64decode(body[2]):
    sys.exit("root differs from the checkpoint")
print("inclusion proof OK, root", r.hex())
"#;

struct Steps {
    hashes: String,
    tsa: String,
    sigs: String,
}

fn steps(input: &PackageInput, files: &[ManifestFile], stems: &[String]) -> Steps {
    let mut hashes = String::new();
    for f in files {
        hashes.push_str(&format!("echo {} | sha256sum -c\n", q(&format!("{}  {}", f.sha256, f.path))));
        hashes.push_str(&format!("openssl dgst -sm3 {}    # SM3 = {}\n", q(&f.path), f.sm3));
    }
    hashes.push_str("cat leaf.bin\n");
    let mut tsa = String::new();
    for f in files {
        tsa.push_str(&format!("openssl ts -verify -in {} -data {} -CAfile tsa/ca.pem\n", f.tsa_token, q(&f.path)));
    }
    for f in files {
        tsa.push_str(&format!("openssl ts -reply -in {} -text\n", f.tsa_token));
    }
    let mut sigs = String::new();
    let signed = split_note(&input.checkpoint).map(|(_, s)| s).unwrap_or_default();
    for (v, stem) in input.verifiers.iter().zip(stems) {
        if signature_of(&signed, v).is_none() {
            continue;
        }
        match v.kind {
            SigKind::Ed25519 => sigs.push_str(&format!(
                "openssl pkeyutl -verify -pubin -inkey keys/{stem}.pem -rawin -in checkpoint.body \
                 -sigfile checkpoint.{stem}.sig\n"
            )),
            SigKind::Sm2 => sigs.push_str(&format!(
                "openssl dgst -sm3 -verify keys/{stem}.pem -sigopt distid:{SM2_DISTID} \
                 -signature checkpoint.{stem}.sig checkpoint.body\n"
            )),
        }
    }
    Steps { hashes, tsa, sigs }
}

fn block(lang: &str, body: &str) -> String {
    format!("```{lang}\n{}```\n", body)
}

/// Render the README for a package being built.
pub(crate) fn render(input: &PackageInput, files: &[ManifestFile], stems: &[String]) -> String {
    let s = steps(input, files, stems);
    let when = input.generated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let keys: Vec<String> = input
        .verifiers
        .iter()
        .zip(stems)
        .map(|(v, stem)| format!("`keys/{stem}.vkey` `{}+{}`", v.name, hex::encode(v.key_id)))
        .collect();
    let file_rows_zh: String = files
        .iter()
        .map(|f| {
            format!(
                "| `{}` | 证据文件（原名 {}，{} 字节）；其时间戳为 `{}` |\n",
                f.path, f.file_name, f.size, f.tsa_token
            )
        })
        .collect();
    let file_rows_en: String = files
        .iter()
        .map(|f| {
            format!(
                "| `{}` | the evidence file (originally {}, {} bytes); its time stamp is `{}` |\n",
                f.path, f.file_name, f.size, f.tsa_token
            )
        })
        .collect();
    let alg = input.hash_alg.name();
    format!(
        "# 证据包 / Evidence package\n\n\
         - 证据编号 / evidence id: {id}\n\
         - 账本 / log: `{origin}`（{alg}），叶子 / leaf {idx}，树大小 / tree size {size}\n\
         - 生成时间 / generated: {when}\n\
         - 签名密钥 / signing keys: {keys}\n\n\
         ## 中文说明\n\n\
         本证据包可离线、仅用标准工具独立核验：证据文件即账本记录的那一份，何时取得可信时间戳，并由哪个签名检查点固定。\
         先解压（`unzip 证据包.zip -d 证据包`），再在解压目录中执行下列命令。\n\n\
         ### 包内文件\n\n\
         | 文件 | 说明 |\n|---|---|\n\
         | `README.md` | 本说明 |\n\
         | `manifest.json` | 清单：格式、哈希算法、账本标识、证据编号、文件列表（SHA-256 / SM3 / 大小）、\
         叶子序号、树大小、各文件 SHA-256 |\n\
         {file_rows_zh}\
         | `leaf.bin` | 账本叶子原文（`zhibao-leaf/1` + 类型 + 规范 JSON），其字段含文件名与哈希 |\n\
         | `proof.json` | 默克尔包含证明：叶子序号、树大小、哈希算法、叶子哈希、审计路径（RFC 9162 §2.1.3） |\n\
         | `checkpoint.txt` | 签名检查点（C2SP signed note：正文 + 空行 + 签名行） |\n\
         | `checkpoint.body` | 检查点正文（即签名所覆盖的字节），供 openssl 验签 |\n\
         | `checkpoint.*.sig` | 单独的签名（Ed25519 为 64 字节原始签名，SM2 为 DER） |\n\
         | `keys/*.vkey`, `keys/*.pem` | 检查点签名公钥：验证密钥文本与 SubjectPublicKeyInfo PEM |\n\
         | `tsa/*.tsr` | RFC 3161 时间戳应答，针对文件的 SHA-256 |\n\
         | `tsa/tsa.pem`, `tsa/ca.pem` | 时间戳服务证书及其根 CA 证书（ECDSA P-256） |\n\n\
         ### 逐步核验\n\n\
         1. 文件哈希：SHA-256 由 `sha256sum -c` 核对；SM3 与注释中的值及 `manifest.json`、`leaf.bin` 中的 \
         `sm3` 比对。\n\n\
         {hashes}\n\
         2. 可信时间戳（RFC 3161）：应输出 `Verification: OK`；`-text` 显示时间（Time stamp）。\n\n\
         {tsa}\n\
         3. 检查点签名：Ed25519 应输出 `Signature Verified Successfully`，SM2（SM3 摘要，区分标识 {distid}）应输出 \
         `Verified OK`。`checkpoint.body` 即 `checkpoint.txt` 第一个空行之前的部分（含末尾换行）。\n\n\
         {sigs}\n\
         4. 包含证明：用 Python 3 标准库按 RFC 9162 §2.1.3.2 由 `leaf.bin` 和审计路径重算根哈希，并与检查点第三行比对；\
         将下列代码保存为 `verify_proof.py` 后运行 `python3 verify_proof.py`，应输出 `inclusion proof OK`。\n\n\
         {python}\n\
         5. 来源：以上步骤使用包内公钥与 CA，只证明证据包内部一致（完整性）。请将 `keys/*.vkey` 中的密钥编号与\
         `tsa/ca.pem` 的指纹（`openssl x509 -in tsa/ca.pem -noout -fingerprint -sha256`）与出具机关公布或已登记的\
         密钥核对，以证明来源。\n\n\
         ## English\n\n\
         This package lets anyone check, offline and with standard tools only, that the evidence file is the one the \
         ledger recorded, when it was time-stamped, and under which signed checkpoint. Unzip it \
         (`unzip package.zip -d package`) and run the commands below in that directory.\n\n\
         ### Members\n\n\
         | member | what |\n|---|---|\n\
         | `README.md` | this file |\n\
         | `manifest.json` | format, hash algorithm, log origin, evidence id, files (SHA-256 / SM3 / size), \
         leaf index, tree size, SHA-256 of every member |\n\
         {file_rows_en}\
         | `leaf.bin` | the exact leaf bytes in the log (`zhibao-leaf/1`, kind, canonical JSON), whose fields hold the \
         file name and hashes |\n\
         | `proof.json` | Merkle inclusion proof: leaf index, tree size, hash algorithm, leaf hash, audit path \
         (RFC 9162 §2.1.3) |\n\
         | `checkpoint.txt` | the signed checkpoint (C2SP signed note: text, blank line, signature lines) |\n\
         | `checkpoint.body` | the checkpoint text alone: the bytes the signatures cover, for openssl |\n\
         | `checkpoint.*.sig` | each signature alone (Ed25519: 64 raw bytes; SM2: DER) |\n\
         | `keys/*.vkey`, `keys/*.pem` | the checkpoint keys: verifier key text and SubjectPublicKeyInfo PEM |\n\
         | `tsa/*.tsr` | RFC 3161 time-stamp responses over the files' SHA-256 |\n\
         | `tsa/tsa.pem`, `tsa/ca.pem` | the time-stamping certificate and its root CA (ECDSA P-256) |\n\n\
         ### Verifying, step by step\n\n\
         1. File hashes: `sha256sum -c` checks SHA-256; compare SM3 with the value in the comment and the `sm3` of \
         `manifest.json` and `leaf.bin`.\n\n\
         {hashes}\n\
         2. Trusted time stamp (RFC 3161): expect `Verification: OK`; `-text` shows the time (Time stamp).\n\n\
         {tsa}\n\
         3. Checkpoint signatures: Ed25519 prints `Signature Verified Successfully`, SM2 (SM3 digest, distinguishing \
         ID {distid}) prints `Verified OK`. `checkpoint.body` is `checkpoint.txt` up to its first blank line (with the \
         final newline).\n\n\
         {sigs}\n\
         4. Inclusion proof: recompute the root from `leaf.bin` and the audit path per RFC 9162 §2.1.3.2 with the \
         Python 3 standard library and compare it with line 3 of the checkpoint; save this as `verify_proof.py` and \
         run `python3 verify_proof.py`, expecting `inclusion proof OK`.\n\n\
         {python}\n\
         5. Origin: the steps above use the keys and CA inside the package, so they prove integrity only. Compare the \
         key IDs in `keys/*.vkey` and the fingerprint of `tsa/ca.pem` \
         (`openssl x509 -in tsa/ca.pem -noout -fingerprint -sha256`) with those the issuer publishes or has \
         registered with you, to prove origin.\n",
        id = input.evidence_id,
        origin = input.origin,
        idx = input.leaf_index,
        size = input.tree_size,
        keys = keys.join(", "),
        hashes = block("sh", &s.hashes),
        tsa = block("sh", &s.tsa),
        sigs = block("sh", &s.sigs),
        python = block("python", PYTHON),
        distid = SM2_DISTID,
    )
}
