// The evidence vault (电子存证) in the console and the public package check: permission strings, the status tag,
// hash and size display, the upload form's checks and the peer form's checks. Pure, so the unit tests cover them.
import type { Evidence, EvidenceUploadFields, PackageCheck, PackageReport } from '@/api/types'

/** The permission strings the server checks (one place, so a rename is one edit). */
export const EVIDENCE_PERMS = {
  /** The 证据 tab, its list, the file and package downloads. */
  view: 'evidence:item:view',
  /** The upload form. */
  add: 'evidence:item:add',
  /** The 账本状态 page. */
  ledgerView: 'evidence:ledger:view',
  /** 立即校验 (POST /ledger/verify). */
  ledgerVerify: 'evidence:ledger:verify',
  /** 互认地区: list, add, delete. */
  ledgerPeers: 'evidence:ledger:peers',
} as const

export type TagKind = 'success' | 'warning' | 'info' | 'danger' | 'primary'

export interface StatusTag {
  /** Element Plus tag type. */
  type: TagKind
  /** i18n key of the label. */
  key: string
  /** The leaf index shown beside the label, when the item has one. */
  leaf: number | null
}

/** 待锚定 (pending, not yet in a signed checkpoint) or 已锚定 (anchored), with the leaf index when known. */
export function statusTag(e: Pick<Evidence, 'status' | 'leaf_index'>): StatusTag {
  const leaf = typeof e.leaf_index === 'number' ? e.leaf_index : null
  if (e.status === 'anchored') return { type: 'success', key: 'evidence.status.anchored', leaf }
  if (e.status === 'pending') return { type: 'warning', key: 'evidence.status.pending', leaf }
  return { type: 'info', key: 'evidence.status.unknown', leaf }
}

/** `0123456789ab…abcdef`: the head and tail of a hex digest (unchanged when short). */
export function shortHash(hex: string | null | undefined, head = 12, tail = 6): string {
  const s = (hex ?? '').trim()
  if (s.length <= head + tail + 1) return s
  return `${s.slice(0, head)}…${s.slice(-tail)}`
}

/** 1 B, 1.5 KB, 2.0 MB (binary multiples). */
export function formatBytes(n: number | null | undefined): string {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return ''
  if (n < 1024) return `${n} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`
}

// ---------------------------------------------------------------- upload form

export const DESCRIPTION_MAX = 2000
export const SOURCE_URL_MAX = 2048

export interface EvidenceFormValues {
  file: File | Blob | null
  source_url: string
  /** As the date picker gives it: `YYYY-MM-DD HH:mm:ss`, a wall-clock time in Asia/Shanghai; '' when not given. */
  captured_at: string
  description: string
}

export type EvidenceField = 'file' | 'source_url' | 'captured_at' | 'description'
export interface FieldMessage {
  key: string
  params?: Record<string, unknown>
}
export type EvidenceFormErrors = Partial<Record<EvidenceField, FieldMessage>>

/** `2026-11-20 09:30:00` (Shanghai wall clock) → `2026-11-20T09:30:00+08:00`; null when it is not such a time. */
export function shanghaiLocalToRfc3339(local: string): string | null {
  const m = local.trim().match(/^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?$/)
  if (!m) return null
  const s = `${m[1]}T${m[2]}${m[3] ?? ':00'}+08:00`
  const d = new Date(s)
  if (Number.isNaN(d.getTime())) return null
  // Reject days that Date rolls over (2026-02-30 → March).
  const back = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  return back === m[1] ? s : null
}

export function isHttpUrl(s: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(s)) return false
  try {
    const u = new URL(s)
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname
  } catch {
    return false
  }
}

/**
 * The client's checks before an upload: a non-empty file; the source URL, when given, http(s); the capture time,
 * when given, a real time not in the future (one minute of clock skew allowed); the description not too long.
 * The server checks again (422 with the same field names).
 */
export function validateEvidenceForm(v: EvidenceFormValues, now: Date = new Date()): EvidenceFormErrors {
  const errors: EvidenceFormErrors = {}
  if (!v.file) errors.file = { key: 'evidence.form.fileRequired' }
  else if (v.file.size === 0) errors.file = { key: 'evidence.form.fileEmpty' }
  const url = v.source_url.trim()
  if (url) {
    if (url.length > SOURCE_URL_MAX) errors.source_url = { key: 'evidence.form.urlTooLong', params: { max: SOURCE_URL_MAX } }
    else if (!isHttpUrl(url)) errors.source_url = { key: 'ids.url' }
  }
  const at = v.captured_at.trim()
  if (at) {
    const iso = shanghaiLocalToRfc3339(at)
    if (!iso) errors.captured_at = { key: 'evidence.form.capturedInvalid' }
    else if (new Date(iso).getTime() > now.getTime() + 60_000) errors.captured_at = { key: 'evidence.form.capturedFuture' }
  }
  if ([...v.description.trim()].length > DESCRIPTION_MAX) {
    errors.description = { key: 'evidence.form.descriptionTooLong', params: { max: DESCRIPTION_MAX } }
  }
  return errors
}

/** The optional multipart fields of a valid form (blank ones left out; the capture time as RFC 3339). */
export function uploadFields(v: EvidenceFormValues): EvidenceUploadFields {
  const out: EvidenceUploadFields = {}
  const url = v.source_url.trim()
  if (url) out.source_url = url
  const at = v.captured_at.trim() ? shanghaiLocalToRfc3339(v.captured_at) : null
  if (at) out.captured_at = at
  const d = v.description.trim()
  if (d) out.description = d
  return out
}

// ---------------------------------------------------------------- package report

/** The check's title in the current language (the other language, then the id, when one is missing). */
export function checkTitle(c: Pick<PackageCheck, 'id' | 'title_zh' | 'title_en'>, lang: 'zh' | 'en'): string {
  return (lang === 'en' ? c.title_en || c.title_zh : c.title_zh || c.title_en) || c.id
}

export function reportCounts(r: PackageReport): { passed: number; failed: number; total: number } {
  const passed = r.checks.filter((c) => c.ok).length
  return { passed, failed: r.checks.length - passed, total: r.checks.length }
}

/** Whether the package as a whole passed: the server's `ok`, never more than its checks allow. */
export const reportPassed = (r: PackageReport): boolean => r.ok && r.checks.every((c) => c.ok)

// ---------------------------------------------------------------- peer regions

/** A signed-note verifier key (C2SP): `name+hhhhhhhh+base64`, the name without `+` or spaces. */
export const VKEY_RE = /^[^\s+]+\+[0-9a-fA-F]{8}\+[A-Za-z0-9+/]+={0,2}$/

/** One key a line (blank lines and repeats dropped). */
export function parseVkeys(text: string): string[] {
  const out: string[] = []
  for (const line of text.split(/\r?\n/)) {
    const k = line.trim()
    if (k && !out.includes(k)) out.push(k)
  }
  return out
}

export interface PeerFormValues {
  name: string
  vkeys: string
  tsa_ca_pem: string
}
export type PeerFormErrors = Partial<Record<'name' | 'vkeys' | 'tsa_ca_pem', FieldMessage>>

export function validatePeerForm(v: PeerFormValues): PeerFormErrors {
  const errors: PeerFormErrors = {}
  if (!v.name.trim()) errors.name = { key: 'ledger.peers.nameRequired' }
  else if ([...v.name.trim()].length > 100) errors.name = { key: 'ledger.peers.nameTooLong', params: { max: 100 } }
  const keys = parseVkeys(v.vkeys)
  if (!keys.length) errors.vkeys = { key: 'ledger.peers.vkeysRequired' }
  else {
    const bad = keys.findIndex((k) => !VKEY_RE.test(k))
    if (bad >= 0) errors.vkeys = { key: 'ledger.peers.vkeyInvalid', params: { n: bad + 1 } }
  }
  const pem = v.tsa_ca_pem.trim()
  if (pem && !/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(pem)) errors.tsa_ca_pem = { key: 'ledger.peers.pemInvalid' }
  return errors
}
