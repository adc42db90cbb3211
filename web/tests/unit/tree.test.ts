import { describe, expect, it } from 'vitest'
import { buildTree, filterTree, flattenTree, subtreeIds } from '@/utils/tree'

type D = { id: number; parent_id: number | null; name: string; sort: number }
const flat: D[] = [
  { id: 5, parent_id: 1, name: '保护中心', sort: 2 },
  { id: 1, parent_id: 0, name: '示范区', sort: 0 },
  { id: 2, parent_id: 1, name: '办公室', sort: 1 },
  { id: 7, parent_id: 5, name: '调解科', sort: 0 },
  { id: 9, parent_id: null, name: '独立单位', sort: 9 },
]

describe('buildTree', () => {
  it('nests children under their parent and keeps every node', () => {
    const tree = buildTree(flat, { compare: (a, b) => a.sort - b.sort })
    expect(tree.map((n) => n.id)).toEqual([1, 9])
    expect(tree[0].children!.map((n) => n.id)).toEqual([2, 5])
    expect(tree[0].children![1].children!.map((n) => n.id)).toEqual([7])
    expect(flattenTree(tree)).toHaveLength(flat.length)
  })

  it('makes an orphan (parent filtered out) a root', () => {
    const tree = buildTree(flat.filter((d) => d.id !== 5))
    expect(tree.map((n) => n.id).sort()).toEqual([1, 7, 9])
  })

  it('does not mutate the input and sets children only when present', () => {
    const copy = JSON.parse(JSON.stringify(flat))
    const tree = buildTree(flat)
    expect(flat).toEqual(copy)
    expect(tree.find((n) => n.id === 9)!.children).toBeUndefined()
  })

  it('survives a cycle', () => {
    const cyc = [
      { id: 1, parent_id: 2 },
      { id: 2, parent_id: 1 },
    ]
    const tree = buildTree(cyc)
    expect(flattenTree(tree)).toHaveLength(2)
  })

  it('supports custom keys (permission catalogue)', () => {
    const perms = [
      { key: 'system:user:list', parent: null },
      { key: 'system:user:add', parent: 'system:user:list' },
      { key: 'geo:map:view', parent: null },
    ]
    const tree = buildTree(perms, { idKey: 'key', parentKey: 'parent' })
    expect(tree.map((n) => n.key)).toEqual(['system:user:list', 'geo:map:view'])
    expect(tree[0].children![0].key).toBe('system:user:add')
  })

  it('subtreeIds and filterTree', () => {
    const tree = buildTree(flat)
    expect([...subtreeIds(tree, 5)].sort()).toEqual([5, 7])
    const f = filterTree(tree, (n) => n.name.includes('调解'))
    expect(f.map((n) => n.id)).toEqual([1])
    expect(f[0].children!.map((n) => n.id)).toEqual([5])
  })
})
