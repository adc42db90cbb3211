//! Reading a package ZIP defensively: the central directory is walked by hand first (member count, names,
//! duplicates: the `zip` crate silently keeps only the last of two members with one name), then each member is
//! inflated through a bounded reader, so a ZIP bomb whose headers lie stops at the limit.

use std::collections::HashSet;
use std::io::Read;

use digest::Digest;

use super::{Limits, MAX_METADATA_BYTES};

/// A member as read: its digests, and its bytes unless it is an evidence file (`files/…`, hashed as streamed).
pub(crate) struct Member {
    pub name: String,
    pub size: u64,
    pub sha256: [u8; 32],
    pub sm3: [u8; 32],
    pub data: Option<Vec<u8>>,
}

/// The archive's members (directories left out) in central-directory order.
pub(crate) struct Archive {
    pub members: Vec<Member>,
}

impl Archive {
    pub fn get(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }

    pub fn data(&self, name: &str) -> Option<&[u8]> {
        self.get(name).and_then(|m| m.data.as_deref())
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at.checked_add(8)?)?.try_into().ok()?))
}

/// Names in the central directory (APPNOTE 4.3.12, 4.3.16; ZIP64 4.3.14–4.3.15), refusing more than `max` entries,
/// data before the archive and names that are not UTF-8.
fn central_names(b: &[u8], max: usize) -> Result<Vec<String>, String> {
    const EOCD: u32 = 0x0605_4b50;
    if b.is_empty() {
        return Err("empty input".into());
    }
    if b.len() < 22 {
        return Err(format!("{} bytes is too short for a ZIP archive", b.len()));
    }
    let lowest = b.len().saturating_sub(22 + 0xffff);
    let mut eocd = None;
    let mut at = b.len() - 22;
    loop {
        if u32_at(b, at) == Some(EOCD) && u16_at(b, at + 20).map(|c| at + 22 + c as usize) == Some(b.len()) {
            eocd = Some(at);
            break;
        }
        if at == lowest {
            break;
        }
        at -= 1;
    }
    let eocd = eocd.ok_or("not a ZIP archive (no end-of-central-directory record)")?;
    let short = || "truncated end-of-central-directory record".to_string();
    let mut entries = u64::from(u16_at(b, eocd + 10).ok_or_else(short)?);
    let mut cd_size = u64::from(u32_at(b, eocd + 12).ok_or_else(short)?);
    let mut cd_offset = u64::from(u32_at(b, eocd + 16).ok_or_else(short)?);
    let mut cd_end = eocd as u64;
    if entries == 0xffff || cd_size == 0xffff_ffff || cd_offset == 0xffff_ffff {
        let loc = eocd.checked_sub(20).ok_or("ZIP64 locator missing")?;
        if u32_at(b, loc) != Some(0x0706_4b50) {
            return Err("ZIP64 locator missing".into());
        }
        let z = u64_at(b, loc + 8).ok_or("ZIP64 locator truncated")?;
        let z = usize::try_from(z).map_err(|_| "ZIP64 record out of range")?;
        if u32_at(b, z) != Some(0x0606_4b50) {
            return Err("ZIP64 end-of-central-directory record missing".into());
        }
        entries = u64_at(b, z + 32).ok_or("ZIP64 record truncated")?;
        cd_size = u64_at(b, z + 40).ok_or("ZIP64 record truncated")?;
        cd_offset = u64_at(b, z + 48).ok_or("ZIP64 record truncated")?;
        cd_end = z as u64;
    }
    if entries > max as u64 {
        return Err(format!("{entries} members, more than the limit of {max}"));
    }
    if cd_offset.checked_add(cd_size) != Some(cd_end) {
        return Err("the central directory is not where the end record says (data before or inside the archive)".into());
    }
    let mut names = Vec::new();
    let mut p = usize::try_from(cd_offset).map_err(|_| "central directory out of range")?;
    for _ in 0..entries {
        if u32_at(b, p) != Some(0x0201_4b50) {
            return Err("corrupt central directory".into());
        }
        let trunc = || "truncated central directory".to_string();
        let n = usize::from(u16_at(b, p + 28).ok_or_else(trunc)?);
        let e = usize::from(u16_at(b, p + 30).ok_or_else(trunc)?);
        let c = usize::from(u16_at(b, p + 32).ok_or_else(trunc)?);
        let raw = b.get(p + 46..p + 46 + n).ok_or_else(trunc)?;
        let name = String::from_utf8(raw.to_vec())
            .map_err(|_| format!("member name {:?} is not UTF-8", String::from_utf8_lossy(raw)))?;
        names.push(name);
        p += 46 + n + e + c;
    }
    if p as u64 != cd_end {
        return Err("central directory size disagrees with its entries".into());
    }
    Ok(names)
}

/// Why a member name is unsafe, if it is: absolute, drive-letter, backslash, `.`/`..`/empty components, control
/// characters, over 255 bytes.
pub(crate) fn unsafe_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("empty name");
    }
    if name.len() > 255 {
        return Some("name longer than 255 bytes");
    }
    if name.starts_with('/') {
        return Some("absolute path");
    }
    if name.contains('\\') {
        return Some("backslash in path");
    }
    if name.chars().any(char::is_control) {
        return Some("control character in path");
    }
    if name.as_bytes().get(1) == Some(&b':') {
        return Some("drive letter in path");
    }
    let path = name.strip_suffix('/').unwrap_or(name);
    if path.split('/').any(|c| c.is_empty() || c == "." || c == "..") {
        return Some("empty, . or .. path component (path traversal)");
    }
    None
}

/// Directory entries a re-zipped package may hold.
const DIRS: &[&str] = &["files/", "keys/", "tsa/"];

/// Whether `name` is a member a package may hold.
pub(crate) fn expected_name(name: &str) -> bool {
    const FIXED: &[&str] = &[
        "README.md",
        "manifest.json",
        "leaf.bin",
        "proof.json",
        "checkpoint.txt",
        "checkpoint.body",
        "tsa/tsa.pem",
        "tsa/ca.pem",
    ];
    let single = |rest: &str| !rest.is_empty() && !rest.contains('/');
    FIXED.contains(&name)
        || name.strip_prefix("files/").is_some_and(single)
        || name
            .strip_prefix("keys/")
            .and_then(|r| r.strip_suffix(".vkey").or_else(|| r.strip_suffix(".pem")))
            .is_some_and(single)
        || name.strip_prefix("checkpoint.").and_then(|r| r.strip_suffix(".sig")).is_some_and(single)
        || name.strip_prefix("tsa/").and_then(|r| r.strip_suffix(".tsr")).is_some_and(single)
}

/// Read and check the ZIP structure; the error lists what is wrong.
pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Archive, String> {
    let names = central_names(bytes, limits.max_members)?;
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for name in &names {
        if let Some(why) = unsafe_name(name) {
            problems.push(format!("{name:?}: {why}"));
        } else if !seen.insert(name.as_str()) {
            problems.push(format!("{name:?}: duplicate member name"));
        } else if name.ends_with('/') {
            if !DIRS.contains(&name.as_str()) {
                problems.push(format!("{name:?}: unexpected directory"));
            }
        } else if !expected_name(name) {
            problems.push(format!("{name:?}: unexpected member"));
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("unreadable ZIP: {e}"))?;
    if zip.len() != names.len() {
        return Err("the ZIP reader sees another member list than the central directory".into());
    }

    // Declared sizes first, so nothing is inflated from an archive that admits to being too large.
    let mut declared_total: u64 = 0;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|e| format!("member {i}: {e}"))?;
        if f.size() > limits.max_member_bytes {
            return Err(format!(
                "{}: declares {} bytes, more than the limit of {}",
                f.name(),
                f.size(),
                limits.max_member_bytes
            ));
        }
        declared_total = declared_total.saturating_add(f.size());
    }
    if declared_total > limits.max_total_bytes {
        return Err(format!(
            "members declare {declared_total} bytes, more than the limit of {}",
            limits.max_total_bytes
        ));
    }

    let mut members = Vec::new();
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| format!("member {i}: {e}"))?;
        let name = f.name().to_string();
        if !seen.contains(name.as_str()) {
            return Err(format!("{name:?}: not in the central directory"));
        }
        if f.encrypted() {
            return Err(format!("{name}: encrypted"));
        }
        if !matches!(f.compression(), zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated) {
            return Err(format!("{name}: compression method {:?} (only stored and deflate)", f.compression()));
        }
        if f.is_dir() || name.ends_with('/') {
            if f.size() != 0 {
                return Err(format!("{name}: a directory with contents"));
            }
            continue;
        }
        let is_file = name.starts_with("files/");
        let declared = f.size();
        if !is_file && declared > MAX_METADATA_BYTES {
            return Err(format!(
                "{name}: declares {declared} bytes, more than {MAX_METADATA_BYTES} for a metadata member"
            ));
        }
        // Never inflate past what the member declares (already within the limits): a member whose header lies
        // about its size stops one byte after the declared size.
        let cap = declared.min(limits.max_member_bytes).min(limits.max_total_bytes.saturating_sub(total));
        let mut sha = sha2::Sha256::new();
        let mut sm = sm3::Sm3::new();
        let mut data = if is_file { None } else { Some(Vec::new()) };
        let mut n: u64 = 0;
        let mut buf = vec![0u8; 64 * 1024];
        let mut limited = (&mut f).take(cap.saturating_add(1));
        loop {
            let got = limited.read(&mut buf).map_err(|e| format!("{name}: cannot be inflated: {e}"))?;
            if got == 0 {
                break;
            }
            let chunk = &buf[..got];
            n += got as u64;
            if n > cap {
                return Err(format!(
                    "{name}: inflates to more than the {declared} bytes it declares (a ZIP bomb?); stopped at {n}"
                ));
            }
            sha.update(chunk);
            sm.update(chunk);
            if let Some(d) = data.as_mut() {
                d.extend_from_slice(chunk);
            }
        }
        if n != declared {
            return Err(format!("{name}: declares {declared} bytes but holds {n}"));
        }
        total += n;
        members.push(Member { name, size: n, sha256: sha.finalize().into(), sm3: sm.finalize().into(), data });
    }
    let missing: Vec<&str> = [
        "README.md",
        "manifest.json",
        "leaf.bin",
        "proof.json",
        "checkpoint.txt",
        "checkpoint.body",
        "tsa/tsa.pem",
        "tsa/ca.pem",
    ]
    .into_iter()
    .filter(|r| !members.iter().any(|m| m.name == *r))
    .collect();
    let mut problems: Vec<String> = missing.iter().map(|m| format!("{m} missing")).collect();
    let has =
        |prefix: &str, suffix: &str| members.iter().any(|m| m.name.starts_with(prefix) && m.name.ends_with(suffix));
    if !has("files/", "") {
        problems.push("no files/… member (the evidence file)".into());
    }
    if !has("keys/", ".vkey") {
        problems.push("no keys/….vkey member".into());
    }
    if !has("tsa/", ".tsr") {
        problems.push("no tsa/….tsr member (the time stamp)".into());
    }
    if !problems.is_empty() {
        return Err(format!("required members: {}", problems.join("; ")));
    }
    Ok(Archive { members })
}
