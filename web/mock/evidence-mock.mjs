// The evidence vault (电子存证) and its ledger, for the mock: uploads with SHA-256 / SM3, an RFC 9162 Merkle log
// (SHA-256) with inclusion proofs, checkpoints as C2SP signed notes signed with Ed25519, self-contained ZIP packages
// and their public verification, peer regions. A stand-in for front-end work, written against the API the Rust server
// implements (crates/ledger, crates/server): the package layout, the check ids and the time stamps here are the
// mock's own (its "TSA" is an Ed25519 signature, not RFC 3161; its SM2 key and certificates are placeholders).
import crypto from 'node:crypto'
import { readZip, writeZip } from './zip.mjs'

export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024

/** Permission catalogue entries: [key, zh, en, kind, parent]. */
export const EVIDENCE_PERMISSIONS = [
  ['evidence:item:view', '查看电子存证', 'View evidence', 'button', 'case:matter:list'],
  ['evidence:item:add', '上传电子存证', 'Upload evidence', 'button', 'case:matter:list'],
  ['evidence:ledger:view', '账本状态', 'Ledger', 'menu', null],
  ['evidence:ledger:verify', '账本校验', 'Verify the ledger', 'button', 'evidence:ledger:view'],
  ['evidence:ledger:peers', '互认地区', 'Peer regions', 'button', 'evidence:ledger:view'],
]

const sha256 = (...parts) => crypto.createHash('sha256').update(Buffer.concat(parts.map((p) => Buffer.from(p)))).digest()
const sm3 = (buf) => {
  try {
    return crypto.createHash('sm3').update(buf).digest('hex')
  } catch {
    return '0'.repeat(64) // OpenSSL without SM3: the mock cannot compute it
  }
}
const LEAF = Buffer.from([0])
const NODE = Buffer.from([1])
const leafHash = (data) => sha256(LEAF, data)
const nodeHash = (l, r) => sha256(NODE, l, r)

// ---------------------------------------------------------------- RFC 9162 Merkle tree
const split = (n) => {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}
function mth(leaves) {
  if (leaves.length === 0) return sha256(Buffer.alloc(0))
  if (leaves.length === 1) return leaves[0]
  const k = split(leaves.length)
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)))
}
function inclusionPath(m, leaves) {
  if (leaves.length <= 1) return []
  const k = split(leaves.length)
  return m < k ? [...inclusionPath(m, leaves.slice(0, k)), mth(leaves.slice(k))] : [...inclusionPath(m - k, leaves.slice(k)), mth(leaves.slice(0, k))]
}
/** RFC 9162 §2.1.3.2. */
export function verifyInclusion(index, size, leaf, path, root) {
  if (index >= size) return false
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const p of path) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r)
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2)
        sn = Math.floor(sn / 2)
      }
    } else {
      r = nodeHash(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && r.equals(root)
}

// ---------------------------------------------------------------- signed notes (C2SP)
function rawPublicKey(key) {
  return key.export({ format: 'der', type: 'spki' }).subarray(-32)
}
function vkeyOf(name, pub) {
  const keyHash = sha256(Buffer.from(`${name}\n`), Buffer.from([1]), pub).subarray(0, 4)
  return { name, keyHash, vkey: `${name}+${keyHash.toString('hex')}+${Buffer.concat([Buffer.from([1]), pub]).toString('base64')}` }
}
/** `name+hhhhhhhh+base64(0x01 || key)` → { name, keyHash, key } for Ed25519 keys; null otherwise. */
function parseVkey(vkey) {
  const m = String(vkey).trim().match(/^([^\s+]+)\+([0-9a-fA-F]{8})\+([A-Za-z0-9+/]+={0,2})$/)
  if (!m) return null
  const raw = Buffer.from(m[3], 'base64')
  if (raw.length !== 33 || raw[0] !== 1) return null
  if (!vkeyOf(m[1], raw.subarray(1)).keyHash.equals(Buffer.from(m[2], 'hex'))) return null
  const key = crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw.subarray(1)]), format: 'der', type: 'spki' })
  return { name: m[1], keyHash: Buffer.from(m[2], 'hex'), key }
}
function signNote(body, name, keyHash, privateKey) {
  const sig = crypto.sign(null, Buffer.from(body), privateKey)
  return `${body}\n— ${name} ${Buffer.concat([keyHash, sig]).toString('base64')}\n`
}
/** The name of the first known key that signed the note, or null. */
function noteSigner(note, verifiers) {
  const at = note.indexOf('\n\n')
  if (at < 0) return null
  const body = note.slice(0, at + 1)
  for (const line of note.slice(at + 2).split('\n')) {
    const m = line.match(/^— (\S+) ([A-Za-z0-9+/]+={0,2})$/)
    if (!m) continue
    const raw = Buffer.from(m[2], 'base64')
    for (const v of verifiers) {
      if (v.name !== m[1] || !raw.subarray(0, 4).equals(v.keyHash)) continue
      if (crypto.verify(null, Buffer.from(body), v.key, raw.subarray(4))) return v.label ?? v.name
    }
  }
  return null
}

// ---------------------------------------------------------------- multipart
/** Parses multipart/form-data: { fields: {name: string}, files: {name: {filename, contentType, data}} }. */
export function parseMultipart(body, contentType) {
  const m = String(contentType).match(/boundary=(?:"([^"]+)"|([^;]+))/i)
  if (!m) return null
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`)
  const fields = {}
  const files = {}
  let pos = body.indexOf(boundary)
  while (pos >= 0) {
    const start = pos + boundary.length
    if (body.subarray(start, start + 2).toString() === '--') break
    const next = body.indexOf(boundary, start)
    if (next < 0) break
    const part = body.subarray(start + 2, next - 2) // after CRLF, before CRLF
    const headEnd = part.indexOf('\r\n\r\n')
    if (headEnd >= 0) {
      const head = part.subarray(0, headEnd).toString('utf8')
      const data = part.subarray(headEnd + 4)
      const name = head.match(/name="([^"]*)"/i)?.[1]
      const filename = head.match(/filename="([^"]*)"/i)?.[1]
      const type = head.match(/content-type:\s*([^\r\n]+)/i)?.[1]?.trim()
      if (name !== undefined) {
        if (filename !== undefined) files[name] = { filename, contentType: type || 'application/octet-stream', data: Buffer.from(data) }
        else fields[name] = data.toString('utf8')
      }
    }
    pos = next
  }
  return { fields, files }
}

// ---------------------------------------------------------------- the vault
const README = (e) => `电子存证证据包 / Evidence package — ${e.file_name}
（模拟服务器生成 / made by the mock server）

本证据包是自包含的，无需登录或联网即可离线验证：
This package is self-contained and can be verified offline:

1. 文件哈希 / File hash
   sha256sum "file/${e.file_name}"      → 应等于 / must equal manifest.json evidence.sha256
   (SM3: gmssl sm3 / openssl dgst -sm3)  → manifest.json evidence.sm3
2. 账本叶 / Ledger leaf: SHA-256(0x00 || leaf.data) = leaf.hash (RFC 9162)
3. 包含证明 / Inclusion proof: proof.json (RFC 9162 §2.1.3.2) from leaf.hash to the root in checkpoint.txt
4. 检查点签名 / Checkpoint signature: checkpoint.txt is a C2SP signed note; keys/ed25519.vkey verifies it
5. 时间戳 / Timestamp: timestamp.json (the mock signs sha256 || time with its own key; the real server uses RFC 3161,
   checked with \`openssl ts -verify\`)
`

export function createEvidenceVault({ find, can, fail, invalid, nextId, now, readBody }) {
  const ORIGIN = 'zhibao.mock/binhai/evidence'
  const sign = crypto.generateKeyPairSync('ed25519')
  const own = vkeyOf(ORIGIN, rawPublicKey(sign.publicKey))
  const tsa = crypto.generateKeyPairSync('ed25519')
  const placeholderPem = (what) =>
    `-----BEGIN CERTIFICATE-----\n${Buffer.from(`zhibao mock ${what} - not a real certificate`).toString('base64').replace(/(.{64})(?=.)/g, '$1\n')}\n-----END CERTIFICATE-----\n`
  const keys = {
    ed25519_vkey: own.vkey,
    sm2_vkey: `${ORIGIN}-sm2+${crypto.randomBytes(4).toString('hex')}+${Buffer.concat([Buffer.from([4]), crypto.randomBytes(65)]).toString('base64')}`,
    tsa_cert_pem: placeholderPem('TSA certificate'),
    tsa_ca_pem: placeholderPem('TSA root CA'),
  }

  const items = [] // evidence rows, with `data`
  const leaves = [] // leaf hashes (Buffer), in order
  let checkpoint = null
  let lastAppend = 0
  let lastVerification = null
  const peers = []

  const leafData = (e) =>
    Buffer.from(JSON.stringify({ kind: 'evidence', id: e.id, matter_id: e.matter_id, file_name: e.file_name, size: e.size, sha256: e.sha256, sm3: e.sm3, created_at: e.created_at }))
  const tsaToken = (e) => {
    const msg = Buffer.from(`${e.sha256}|${e.tsa_time}`)
    return { time: e.tsa_time, digest: e.sha256, signature: crypto.sign(null, msg, tsa.privateKey).toString('base64') }
  }
  const out = (e) => {
    const { data: _data, ...rest } = e
    void _data
    return { ...rest, status: checkpoint && e.leaf_index !== null && e.leaf_index < checkpoint.size ? 'anchored' : 'pending' }
  }

  function signCheckpoint() {
    const size = leaves.length
    const root = mth(leaves)
    const body = `${ORIGIN}\n${size}\n${root.toString('base64')}\n`
    checkpoint = { size, root: root.toString('hex'), created_at: now(), note: signNote(body, own.name, own.keyHash, sign.privateKey) }
  }
  /** Pending entries enter a checkpoint 1.5 s after the last append (checked lazily, on the next request). */
  function tick() {
    if (leaves.length > (checkpoint?.size ?? 0) && Date.now() - lastAppend >= 1500) signCheckpoint()
  }

  function add(matter, file, fields, uploader) {
    const created = now()
    const e = {
      id: nextId(), matter_id: matter?.id ?? null, receipt_no: matter?.receipt_no ?? null, file_name: file.filename || 'file',
      content_type: file.contentType, size: file.data.length, sha256: crypto.createHash('sha256').update(file.data).digest('hex'), sm3: sm3(file.data),
      source_url: fields.source_url || null, captured_at: fields.captured_at || null, description: fields.description || null,
      uploader, created_at: created, leaf_index: leaves.length, tsa_time: created, data: file.data,
    }
    items.push(e)
    leaves.push(leafHash(leafData(e)))
    lastAppend = Date.now()
    return e
  }

  /** Demo items on the first matters, already anchored. */
  function seed(matters) {
    const demo = [
      ['网店商品页截图.png', 'image/png', '网店商品页面截图，显示涉嫌侵权商品及售价。'],
      ['直播回放录屏说明.txt', 'text/plain', '直播间回放录屏的取证说明。'],
      ['购买凭证.pdf', 'application/pdf', '公证购买的订单与发票。'],
    ]
    matters.slice(0, 2).forEach((m, i) => {
      for (const [name, type, desc] of demo.slice(i, i + 2)) {
        add(m, { filename: name, contentType: type, data: Buffer.from(`zhibao mock evidence: ${name} (${m.receipt_no})\n`) }, { source_url: 'https://shop.example.com/item/1001', description: desc }, '李执法')
      }
    })
    signCheckpoint()
  }

  function buildPackage(e) {
    const size = checkpoint && e.leaf_index < checkpoint.size ? checkpoint.size : leaves.length
    const covered = leaves.slice(0, size)
    const data = leafData(e)
    const manifest = {
      format: 'zhibao-evidence-package/mock-1',
      origin: ORIGIN,
      evidence: {
        id: e.id, receipt_no: e.receipt_no, file: `file/${e.file_name}`, file_name: e.file_name, content_type: e.content_type, size: e.size,
        sha256: e.sha256, sm3: e.sm3, source_url: e.source_url, captured_at: e.captured_at, description: e.description, uploader: e.uploader,
        created_at: e.created_at,
      },
      leaf: { index: e.leaf_index, data: data.toString('base64'), hash: leafHash(data).toString('hex') },
      tree: { hash_alg: 'sha256', size, root: mth(covered).toString('hex') },
    }
    const proof = { leaf_index: e.leaf_index, tree_size: size, hashes: inclusionPath(e.leaf_index, covered).map((h) => h.toString('hex')) }
    const note = checkpoint && checkpoint.size === size ? checkpoint.note : signNote(`${ORIGIN}\n${size}\n${mth(covered).toString('base64')}\n`, own.name, own.keyHash, sign.privateKey)
    return writeZip([
      { name: 'README.txt', data: README(e) },
      { name: 'manifest.json', data: JSON.stringify(manifest, null, 2) },
      { name: `file/${e.file_name}`, data: e.data },
      { name: 'proof.json', data: JSON.stringify(proof, null, 2) },
      { name: 'checkpoint.txt', data: note },
      { name: 'timestamp.json', data: JSON.stringify(tsaToken(e), null, 2) },
      { name: 'keys/ed25519.vkey', data: `${own.vkey}\n` },
      { name: 'keys/tsa-cert.pem', data: keys.tsa_cert_pem },
    ])
  }

  function verifyPackage(buf) {
    const checks = []
    const check = (id, zh, en, fn) => {
      let ok = false
      let detail = ''
      try {
        const r = fn()
        ok = r.ok
        detail = r.detail
      } catch (e) {
        detail = String(e?.message ?? e)
      }
      checks.push({ id, title_zh: zh, title_en: en, ok, detail })
    }
    let files = null
    let manifest = null
    check('archive', '证据包结构完整', 'Package structure', () => {
      files = new Map(readZip(buf).map((m) => [m.name, m.data]))
      const missing = ['manifest.json', 'proof.json', 'checkpoint.txt', 'timestamp.json'].filter((n) => !files.has(n))
      if (missing.length) return { ok: false, detail: `缺少 ${missing.join('、')}` }
      manifest = JSON.parse(files.get('manifest.json').toString('utf8'))
      if (!files.has(manifest.evidence?.file)) return { ok: false, detail: `缺少证据文件 ${manifest.evidence?.file}` }
      return { ok: true, detail: `${files.size} 个文件；证据文件 ${manifest.evidence.file}` }
    })
    const need = () => {
      if (!manifest) throw new Error('证据包无法读取，未进行此项检查')
    }
    check('file_sha256', '文件 SHA-256 与清单一致', 'File SHA-256 matches the manifest', () => {
      need()
      const h = crypto.createHash('sha256').update(files.get(manifest.evidence.file)).digest('hex')
      return h === manifest.evidence.sha256 ? { ok: true, detail: h } : { ok: false, detail: `计算值 ${h}，清单 ${manifest.evidence.sha256}` }
    })
    check('file_sm3', '文件 SM3 与清单一致', 'File SM3 matches the manifest', () => {
      need()
      const h = sm3(files.get(manifest.evidence.file))
      return h === manifest.evidence.sm3 ? { ok: true, detail: h } : { ok: false, detail: `计算值 ${h}，清单 ${manifest.evidence.sm3}` }
    })
    let leaf = null
    check('leaf', '账本叶与证据一致', 'Ledger leaf matches the evidence', () => {
      need()
      const data = Buffer.from(manifest.leaf.data, 'base64')
      const parsed = JSON.parse(data.toString('utf8'))
      const ev = manifest.evidence
      if (parsed.sha256 !== ev.sha256 || parsed.sm3 !== ev.sm3 || parsed.size !== ev.size || parsed.id !== ev.id) return { ok: false, detail: '叶数据中的哈希、大小或编号与清单不符' }
      leaf = leafHash(data)
      if (leaf.toString('hex') !== manifest.leaf.hash) return { ok: false, detail: '叶哈希与叶数据不符' }
      return { ok: true, detail: `叶 #${manifest.leaf.index}：${manifest.leaf.hash}` }
    })
    let root = null
    check('inclusion', '包含证明验证通过', 'Inclusion proof verifies', () => {
      need()
      if (!leaf) return { ok: false, detail: '叶不可信，未进行此项检查' }
      const proof = JSON.parse(files.get('proof.json').toString('utf8'))
      const note = files.get('checkpoint.txt').toString('utf8')
      const lines = note.split('\n')
      root = Buffer.from(lines[2] ?? '', 'base64')
      if (Number(lines[1]) !== proof.tree_size) return { ok: false, detail: '证明的树大小与检查点不符' }
      const ok = verifyInclusion(proof.leaf_index, proof.tree_size, leaf, proof.hashes.map((h) => Buffer.from(h, 'hex')), root)
      return ok ? { ok: true, detail: `树大小 ${proof.tree_size}，根 ${root.toString('hex')}` } : { ok: false, detail: '由证明算得的根与检查点的根不符' }
    })
    check('checkpoint_signature', '检查点签名有效', 'Checkpoint signature is valid', () => {
      need()
      const verifiers = [{ ...parseVkey(own.vkey), label: `${own.name}（本平台）` }]
      for (const p of peers) for (const k of p.vkeys) {
        const v = parseVkey(k)
        if (v) verifiers.push({ ...v, label: `${v.name}（互认地区：${p.name}）` })
      }
      const signer = noteSigner(files.get('checkpoint.txt').toString('utf8'), verifiers)
      return signer ? { ok: true, detail: `Ed25519 签名，签名者 ${signer}` } : { ok: false, detail: '没有已知公钥的有效签名' }
    })
    check('timestamp', '可信时间戳有效', 'Trusted timestamp is valid', () => {
      need()
      const tok = JSON.parse(files.get('timestamp.json').toString('utf8'))
      const ok = tok.digest === manifest.evidence.sha256 && crypto.verify(null, Buffer.from(`${tok.digest}|${tok.time}`), tsa.publicKey, Buffer.from(tok.signature, 'base64'))
      return ok ? { ok: true, detail: `时间 ${tok.time}（模拟时间戳）` } : { ok: false, detail: '时间戳与文件哈希不符或签名无效' }
    })
    return { ok: checks.every((c) => c.ok), checks }
  }

  function verifyLedger() {
    const started = now()
    const problems = []
    items.forEach((e) => {
      const h = crypto.createHash('sha256').update(e.data).digest('hex')
      if (h !== e.sha256) problems.push({ kind: 'file_hash', ref_id: `evidence:${e.id}`, detail: `文件哈希 ${h} 与记录 ${e.sha256} 不符` })
      if (!leafHash(leafData(e)).equals(leaves[e.leaf_index])) problems.push({ kind: 'leaf', ref_id: `evidence:${e.id}`, detail: `叶 #${e.leaf_index} 与记录不符` })
    })
    if (checkpoint && mth(leaves.slice(0, checkpoint.size)).toString('hex') !== checkpoint.root) problems.push({ kind: 'root', ref_id: `checkpoint:${checkpoint.size}`, detail: '检查点根哈希与账本不符' })
    lastVerification = { started_at: started, finished_at: now(), ok: problems.length === 0, checked_leaves: leaves.length, problems }
    return lastVerification
  }

  const need = (me, perm) => {
    if (!can(me, perm)) fail(403, 'FORBIDDEN', '没有权限')
  }
  async function upload(req) {
    if (Number(req.headers['content-length'] ?? 0) > EVIDENCE_MAX_BYTES + 64 * 1024) fail(413, 'PAYLOAD_TOO_LARGE', '文件超过 20 MiB 上限')
    const body = await readBody(req)
    const form = parseMultipart(body, req.headers['content-type'] ?? '')
    if (!form) fail(400, 'BAD_REQUEST', 'Content-Type 必须是 multipart/form-data')
    if (form.files.file && form.files.file.data.length > EVIDENCE_MAX_BYTES) fail(413, 'PAYLOAD_TOO_LARGE', '文件超过 20 MiB 上限')
    return form
  }

  /** Public endpoints (no session); undefined when the path is not one of them. */
  async function handlePublic(req, res, p, m) {
    tick()
    if (p === '/api/v1/public/verify-package' && m === 'POST') {
      const form = await upload(req)
      const f = form.files.file
      if (!f || !f.data.length) invalid({ file: '请上传证据包' })
      return { body: verifyPackage(f.data) }
    }
    if (p === '/api/v1/public/ledger/checkpoint' && m === 'GET') {
      if (!checkpoint) fail(404, 'NOT_FOUND', '尚未签发检查点')
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end(checkpoint.note)
      return { raw: true }
    }
    return undefined
  }

  /** Staff endpoints; undefined when the path is not one of them. */
  async function handleStaff(req, res, p, m, me, json, audit) {
    tick()
    let mm
    if ((mm = p.match(/^\/api\/v1\/cases\/(\d+)\/evidence$/))) {
      if (m === 'GET') {
        need(me, 'evidence:item:view')
        const x = find(me, mm[1])
        return { body: { items: items.filter((e) => e.matter_id === x.id).map(out) } }
      }
      if (m === 'POST') {
        need(me, 'evidence:item:add')
        const x = find(me, mm[1])
        const form = await upload(req)
        const f = form.files.file
        const errors = {}
        if (!f) errors.file = '请选择文件'
        else if (!f.data.length) errors.file = '文件为空'
        const url = (form.fields.source_url ?? '').trim()
        if (url && !/^https?:\/\/\S+$/i.test(url)) errors.source_url = '来源网址应以 http:// 或 https:// 开头'
        const at = (form.fields.captured_at ?? '').trim()
        if (at && (Number.isNaN(Date.parse(at)) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(at))) errors.captured_at = '取证时间应为 RFC 3339 格式'
        else if (at && Date.parse(at) > Date.now() + 60_000) errors.captured_at = '取证时间不能晚于当前时间'
        if ((form.fields.description ?? '').length > 2000) errors.description = '说明不能超过 2000 个字符'
        if (Object.keys(errors).length) invalid(errors)
        const e = add(x, f, { source_url: url, captured_at: at ? new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z') : null, description: (form.fields.description ?? '').trim() }, me.display_name)
        audit('电子存证', '上传证据', `${x.receipt_no}/${e.file_name}`)
        return { status: 201, body: out(e) }
      }
    }
    if ((mm = p.match(/^\/api\/v1\/evidence\/(\d+)\/(file|package)$/)) && m === 'GET') {
      need(me, 'evidence:item:view')
      const e = items.find((x) => x.id === Number(mm[1]))
      if (!e) fail(404, 'NOT_FOUND', '证据不存在')
      if (e.matter_id !== null) find(me, e.matter_id)
      const isPkg = mm[2] === 'package'
      const body = isPkg ? buildPackage(e) : e.data
      const name = isPkg ? `evidence-${e.id}.zip` : e.file_name
      res.writeHead(200, {
        'Content-Type': isPkg ? 'application/zip' : e.content_type,
        'Content-Length': body.length,
        'Content-Disposition': `attachment; filename="${encodeURIComponent(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      })
      res.end(body)
      return { raw: true }
    }
    if (p === '/api/v1/ledger/status' && m === 'GET') {
      need(me, 'evidence:ledger:view')
      return { body: { size: leaves.length, hash_alg: 'sha256', origin: ORIGIN, pending: leaves.length - (checkpoint?.size ?? 0), checkpoint, last_verification: lastVerification, keys } }
    }
    if (p === '/api/v1/ledger/verify' && m === 'POST') {
      need(me, 'evidence:ledger:verify')
      const v = verifyLedger()
      audit('电子存证', '账本校验', v.ok ? '通过' : `${v.problems.length} 个问题`)
      return { body: v }
    }
    if (p === '/api/v1/ledger/peers' && m === 'GET') {
      need(me, 'evidence:ledger:peers')
      return { body: peers }
    }
    if (p === '/api/v1/ledger/peers' && m === 'POST') {
      need(me, 'evidence:ledger:peers')
      const b = await json(req)
      const f = {}
      const name = String(b?.name ?? '').trim()
      if (!name) f.name = '请填写地区名称'
      else if (peers.some((x) => x.name === name)) f.name = '该地区已登记'
      if (!Array.isArray(b?.vkeys) || !b.vkeys.length) f.vkeys = '请至少填写一个验证公钥'
      else b.vkeys.forEach((k, i) => {
        if (!parseVkey(k)) f[`vkeys[${i}]`] = `第 ${i + 1} 个公钥不是有效的 Ed25519 验证公钥`
      })
      if (b?.tsa_ca_pem && !String(b.tsa_ca_pem).includes('-----BEGIN CERTIFICATE-----')) f.tsa_ca_pem = '证书应为 PEM 格式'
      if (Object.keys(f).length) invalid(f)
      const peer = { id: nextId(), name, vkeys: b.vkeys.map((k) => String(k).trim()), tsa_ca_pem: b.tsa_ca_pem ? String(b.tsa_ca_pem).trim() : null, created_at: now() }
      peers.push(peer)
      audit('电子存证', '新增互认地区', name)
      return { status: 201, body: peer }
    }
    if ((mm = p.match(/^\/api\/v1\/ledger\/peers\/(\d+)$/)) && m === 'DELETE') {
      need(me, 'evidence:ledger:peers')
      const i = peers.findIndex((x) => x.id === Number(mm[1]))
      if (i < 0) fail(404, 'NOT_FOUND', '互认地区不存在')
      audit('电子存证', '删除互认地区', peers[i].name)
      peers.splice(i, 1)
      return { status: 204, body: null }
    }
    return undefined
  }

  return { handlePublic, handleStaff, seed, verifyPackage, buildPackage, keys, items }
}
