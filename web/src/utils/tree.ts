/** A node of a tree built from a flat list: the original item plus its `children`. */
export type TreeNode<T> = T & { children?: TreeNode<T>[] }

export interface BuildTreeOptions<T> {
  /** Field holding the node's own id (default `id`). */
  idKey?: keyof T
  /** Field holding the parent's id (default `parent_id`). */
  parentKey?: keyof T
  /** Optional comparator applied to every level (e.g. by `sort`, then `id`). */
  compare?: (a: T, b: T) => number
}

/**
 * Builds a forest from a flat list. A node whose parent is empty (null, undefined, 0, '')
 * or is not in the list becomes a root — this matters when the list is filtered (search,
 * data scope) so that no row disappears. Cycles are broken: a node is never its own ancestor.
 * The input is not mutated; `children` is only set on nodes that have children.
 */
export function buildTree<T extends object>(items: readonly T[], options: BuildTreeOptions<T> = {}): TreeNode<T>[] {
  const idKey = (options.idKey ?? 'id') as keyof T
  const parentKey = (options.parentKey ?? 'parent_id') as keyof T
  const nodes = new Map<unknown, TreeNode<T>>()
  for (const item of items) nodes.set(item[idKey], { ...item } as TreeNode<T>)

  const isAncestor = (candidate: unknown, of: unknown): boolean => {
    // Walks up from `candidate`; true when `of` is found (would create a cycle).
    const seen = new Set<unknown>()
    let cur: unknown = candidate
    while (cur !== undefined && cur !== null && !seen.has(cur)) {
      if (cur === of) return true
      seen.add(cur)
      const n = nodes.get(cur)
      cur = n ? n[parentKey] : undefined
    }
    return false
  }

  const roots: TreeNode<T>[] = []
  for (const item of items) {
    const node = nodes.get(item[idKey])!
    const pid = item[parentKey] as unknown
    const parent = pid === null || pid === undefined || pid === 0 || pid === '' ? undefined : nodes.get(pid)
    if (parent && parent !== node && !isAncestor(pid, item[idKey])) {
      ;(parent.children ??= []).push(node)
    } else {
      roots.push(node)
    }
  }
  if (options.compare) {
    const cmp = options.compare
    const sortLevel = (level: TreeNode<T>[]) => {
      level.sort(cmp)
      for (const n of level) if (n.children) sortLevel(n.children)
    }
    sortLevel(roots)
  }
  return roots
}

/** Depth-first list of every node of a forest. */
export function flattenTree<T extends object>(roots: readonly TreeNode<T>[]): TreeNode<T>[] {
  const out: TreeNode<T>[] = []
  const walk = (list: readonly TreeNode<T>[]) => {
    for (const n of list) {
      out.push(n)
      if (n.children) walk(n.children)
    }
  }
  walk(roots)
  return out
}

/** Ids of a node and all of its descendants (used to forbid choosing a descendant as parent). */
export function subtreeIds<T extends object>(roots: readonly TreeNode<T>[], id: unknown, idKey: keyof T = 'id' as keyof T): Set<unknown> {
  const out = new Set<unknown>()
  const find = (list: readonly TreeNode<T>[]): TreeNode<T> | undefined => {
    for (const n of list) {
      if (n[idKey] === id) return n
      const f = n.children && find(n.children)
      if (f) return f
    }
    return undefined
  }
  const start = find(roots)
  if (start) for (const n of flattenTree([start])) out.add(n[idKey])
  return out
}

/** Keeps the nodes for which `keep` is true or that have a kept descendant. */
export function filterTree<T extends object>(roots: readonly TreeNode<T>[], keep: (n: T) => boolean): TreeNode<T>[] {
  const out: TreeNode<T>[] = []
  for (const n of roots) {
    const kids = n.children ? filterTree(n.children, keep) : []
    if (keep(n) || kids.length) out.push({ ...n, children: kids.length ? kids : undefined })
  }
  return out
}
