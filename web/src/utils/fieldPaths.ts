// Field paths of 422 answers on nested bodies (docs/api-cases.md): `applicant.id_number`,
// `respondents[0].name`, `rights[1].number`, `urls[2]`. The forms key their `el-form-item :error` by the
// canonical form of these paths; whatever a form does not show is listed above it, so no message is lost.

export type PathSegment = string | number

/** Splits `respondents[0].name` (also `respondents.0.name`, `respondents/0/name`) into `['respondents', 0, 'name']`. */
export function parseFieldPath(path: string): PathSegment[] {
  const out: PathSegment[] = []
  for (const raw of path.trim().replace(/^\$\.?/, '').replace(/\[(\d+)\]/g, '.$1').split(/[./]/)) {
    if (raw === '') continue
    out.push(/^\d+$/.test(raw) ? Number(raw) : raw)
  }
  return out
}

/** The canonical text of a path: names joined with dots, indices in brackets (`respondents[0].name`). */
export function formatFieldPath(segments: readonly PathSegment[]): string {
  let s = ''
  for (const seg of segments) {
    if (typeof seg === 'number') s += `[${seg}]`
    else s += s ? `.${seg}` : seg
  }
  return s
}

/** `respondents.0.name` → `respondents[0].name`; canonical paths are unchanged. */
export function normalizeFieldPath(path: string): string {
  return formatFieldPath(parseFieldPath(path))
}

/** The Element Plus form `prop` of a path (`respondents[0].name` → `respondents.0.name`). */
export function toFormProp(path: string): string {
  return parseFieldPath(path).map(String).join('.')
}

export interface PlacedErrors {
  /** Messages keyed by canonical path, for the inputs that exist. */
  placed: Record<string, string>
  /** Messages no input shows (path as sent, message), for a summary above the form. */
  unplaced: Array<{ path: string; message: string }>
}

/**
 * Sorts a 422 `fields` object into the messages an input shows and the rest. `isShown(path)` says whether the
 * form has an input (or a group header) for a canonical path. When a path is not shown, its nearest shown
 * ancestor takes the message (e.g. `rights[1].number.prefix` → `rights[1].number`).
 */
export function placeFieldErrors(fields: Record<string, string>, isShown: (path: string) => boolean): PlacedErrors {
  const placed: Record<string, string> = {}
  const unplaced: PlacedErrors['unplaced'] = []
  for (const [path, message] of Object.entries(fields)) {
    const segs = parseFieldPath(path)
    let target: string | null = null
    for (let n = segs.length; n > 0; n--) {
      const candidate = formatFieldPath(segs.slice(0, n))
      if (isShown(candidate)) {
        target = candidate
        break
      }
    }
    if (target === null) unplaced.push({ path, message })
    else placed[target] = placed[target] ? `${placed[target]}；${message}` : message
  }
  return { placed, unplaced }
}

/**
 * Keeps errors in step with a list whose row `index` of `collection` was removed: that row's errors go, the
 * rows after it move up by one. Other paths are unchanged.
 */
export function dropRowErrors(errors: Record<string, string>, collection: string, index: number): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [path, message] of Object.entries(errors)) {
    const segs = parseFieldPath(path)
    if (segs[0] !== collection || typeof segs[1] !== 'number') {
      out[path] = message
      continue
    }
    if (segs[1] === index) continue
    const moved = segs[1] > index ? [segs[0], segs[1] - 1, ...segs.slice(2)] : segs
    out[formatFieldPath(moved)] = message
  }
  return out
}
