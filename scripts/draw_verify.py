#!/usr/bin/env python3
"""Recompute a published 双随机 draw record (algorithm zhibao-draw/1) with the standard library only.

Usage: python3 scripts/draw_verify.py RECORD.json

Prints "OK ..." and exits 0 when the record reproduces; otherwise prints the first mismatch and exits 1.
The algorithm and byte formats are described in docs/draw.md; this script is a second, independent
implementation of them (the Rust one is zhibao_domain::grid::draw).
"""

import hashlib
import json
import sys

ALGORITHM = "zhibao-draw/1"
RECORD_FORMAT = "zhibao.draw.record.v1"
US = "\x1f"  # between fields
RS = "\x1e"  # between the items of a list field

RECUSAL_ORDER = ["not_certified", "own_cell", "declared_conflict", "relation"]
RECUSAL_LABELS = {
    "not_certified": ("未取得行政执法资格", "not certified for enforcement"),
    "own_cell": ("检查对象位于本人负责的网格", "entity lies in the inspector's own grid cell"),
    "declared_conflict": ("本人申报与检查对象存在利害关系", "declared conflict of interest with the entity"),
    "relation": ("与检查对象存在关联关系", "recorded relation to the entity"),
}
UNSTAFFED_LABELS = {
    "too_few_eligible": ("无需回避的执法人员不足", "too few inspectors without a recusal"),
    "load_cap_reached": ("无需回避的执法人员已达任务上限", "the inspectors without a recusal have reached the load cap"),
}


class Mismatch(Exception):
    pass


def sha256(data):
    return hashlib.sha256(data).digest()


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def conflict_token(c):
    if "entity" in c:
        return "entity:%d" % c["entity"]
    return "credit_code:%s" % c["credit_code"]


# --- byte formats -------------------------------------------------------------------------------------------------


def entity_pool_bytes(entities):
    lines = ["zhibao.draw.entities.v1\n"]
    for e in sorted(entities, key=lambda e: e["id"]):
        fields = [str(e["id"]), e["credit_code"], e["name"], e["cell_code"], e["industry_code"],
                  RS.join(sorted(e.get("tags", [])))]
        lines.append(US.join(fields) + "\n")
    return "".join(lines).encode("utf-8")


def inspector_pool_bytes(inspectors):
    lines = ["zhibao.draw.inspectors.v1\n"]
    for i in sorted(inspectors, key=lambda i: i["id"]):
        fields = [
            str(i["id"]),
            i["name"],
            str(i["dept_id"]),
            "1" if i["certified"] else "0",
            RS.join(sorted(i.get("cells", []))),
            RS.join(sorted(conflict_token(c) for c in i.get("conflicts", []))),
            RS.join(str(r) for r in sorted(i.get("relations", []))),
        ]
        lines.append(US.join(fields) + "\n")
    return "".join(lines).encode("utf-8")


def sample_text(sample):
    if "count" in sample:
        return "count:%d" % sample["count"]
    r = sample["ratio"]
    return "ratio:%d:%s" % (r["basis_points"], r["rounding"])


def load_cap_text(cap):
    if cap == "auto" or cap == "unlimited":
        return cap
    return "fixed:%d" % cap["fixed"]


def params_bytes(p):
    f = p.get("filter", {})
    lines = [
        ("draw_id", p["draw_id"]),
        ("year", str(p["year"])),
        ("item_code", p["item"]["code"]),
        ("item_name", p["item"]["name"]),
        ("item_citation", p["item"]["citation"]),
        ("filter_industry_prefixes", RS.join(sorted(f.get("industry_prefixes", [])))),
        ("filter_cell_prefixes", RS.join(sorted(f.get("cell_prefixes", [])))),
        ("filter_exclude_tags", RS.join(sorted(f.get("exclude_tags", [])))),
        ("sample", sample_text(p["sample"])),
        ("inspectors_per_task", str(p["inspectors_per_task"])),
        ("load_cap", load_cap_text(p.get("load_cap", "auto"))),
        ("beacon_source", p.get("beacon_source") or ""),
    ]
    return ("zhibao.draw.params.v1\n" + "".join("%s=%s\n" % kv for kv in lines)).encode("utf-8")


def commitment_bytes(c):
    lines = [
        ("algorithm", c["algorithm"]),
        ("params_sha256", c["params_sha256"]),
        ("seed_sha256", c["seed_sha256"]),
        ("entity_pool_sha256", c["entity_pool_sha256"]),
        ("entity_count", str(c["entity_count"])),
        ("inspector_pool_sha256", c["inspector_pool_sha256"]),
        ("inspector_count", str(c["inspector_count"])),
    ]
    return ("zhibao.draw.commitment.v1\n" + "".join("%s=%s\n" % kv for kv in lines)).encode("utf-8")


# --- the draw -----------------------------------------------------------------------------------------------------


def draw_key(seed, beacon):
    if beacon is None:
        return seed
    return sha256(b"zhibao.draw.beacon.v1\x1f" + seed + b"\x1f" + beacon.encode("utf-8"))


def entity_key(key, entity_id):
    return sha256(key + b"entity\x1f" + str(entity_id).encode())


def inspector_stream(key, entity_id):
    """The u64 values of an entity's inspector stream: four big-endian words per block."""
    block = 0
    while True:
        digest = sha256(key + b"inspector\x1f" + str(entity_id).encode() + b"\x1f" + str(block).encode())
        for w in range(4):
            yield int.from_bytes(digest[8 * w:8 * w + 8], "big")
        block += 1


def sample_size(sample, n):
    if "count" in sample:
        return sample["count"]
    r = sample["ratio"]
    product = n * r["basis_points"]
    if r["rounding"] == "floor":
        return product // 10000
    if r["rounding"] == "ceil":
        return -(-product // 10000)
    return (product + 5000) // 10000


def load_cap(cap, k, m, certified):
    if cap == "unlimited":
        return None
    if cap == "auto":
        return -(-(k * m) // max(certified, 1)) + 1
    return cap["fixed"]


def recusal_reasons(inspector, entity):
    reasons = []
    if not inspector["certified"]:
        reasons.append("not_certified")
    if entity["cell_code"] in inspector.get("cells", []):
        reasons.append("own_cell")
    tokens = {conflict_token(c) for c in inspector.get("conflicts", [])}
    if "entity:%d" % entity["id"] in tokens or "credit_code:%s" % entity["credit_code"] in tokens:
        reasons.append("declared_conflict")
    if entity["id"] in inspector.get("relations", []):
        reasons.append("relation")
    return reasons


def recompute(commitment, seed, beacon, entities, inspectors):
    params = commitment["params"]
    entities = sorted(entities, key=lambda e: e["id"])
    inspectors = sorted(inspectors, key=lambda i: i["id"])
    key = draw_key(seed, beacon)

    k = sample_size(params["sample"], len(entities))
    keyed = sorted((entity_key(key, e["id"]), e["id"], e) for e in entities)[:k]
    selection = [{"rank": r + 1, "entity_id": eid, "key": kb.hex()} for r, (kb, eid, _) in enumerate(keyed)]

    m = params["inspectors_per_task"]
    n = len(inspectors)
    certified = sum(1 for i in inspectors if i["certified"])
    cap = load_cap(params.get("load_cap", "auto"), len(keyed), m, certified)
    load = [0] * n
    tasks, recusals, skips = [], [], []
    for _, eid, entity in keyed:
        order = list(range(n))
        stream = inspector_stream(key, eid)
        taken, at_capacity = [], 0
        for t in range(n):
            j = t + next(stream) % (n - t)
            order[t], order[j] = order[j], order[t]
            c = order[t]
            ins = inspectors[c]
            reasons = recusal_reasons(ins, entity)
            if reasons:
                labels = [{"code": r, "zh": RECUSAL_LABELS[r][0], "en": RECUSAL_LABELS[r][1]} for r in reasons]
                recusals.append({"entity_id": eid, "inspector_id": ins["id"], "reasons": labels})
                continue
            if cap is not None and load[c] >= cap:
                skips.append({"entity_id": eid, "inspector_id": ins["id"]})
                at_capacity += 1
                continue
            taken.append(c)
            if len(taken) == m:
                break
        if len(taken) == m:
            for c in taken:
                load[c] += 1
            tasks.append({"entity_id": eid, "inspectors": [inspectors[c]["id"] for c in taken], "unstaffed": None})
        else:
            eligible = len(taken) + at_capacity
            code = "too_few_eligible" if eligible < m else "load_cap_reached"
            zh, en = UNSTAFFED_LABELS[code]
            tasks.append({"entity_id": eid, "inspectors": [], "unstaffed": {
                "code": code, "zh": zh, "en": en, "needed": m, "eligible": eligible, "at_capacity": at_capacity}})
    return {
        "sample_size": len(keyed),
        "load_cap": cap,
        "selection": selection,
        "tasks": tasks,
        "recusals": recusals,
        "capacity_skips": skips,
    }


# --- comparison ---------------------------------------------------------------------------------------------------


def expect(field, expected, found):
    if expected != found:
        raise Mismatch("%s: expected %s, found %s" % (
            field, json.dumps(expected, ensure_ascii=False), json.dumps(found, ensure_ascii=False)))


def expect_list(name, expected, found):
    if not isinstance(found, list):
        raise Mismatch("%s: not a list" % name)
    for i in range(max(len(expected), len(found))):
        e = expected[i] if i < len(expected) else None
        f = found[i] if i < len(found) else None
        expect("%s[%d]" % (name, i), e, f)


def verify(record):
    expect("format", RECORD_FORMAT, record.get("format"))
    expect("algorithm", ALGORITHM, record.get("algorithm"))
    c = record["commitment"]
    expect("commitment.algorithm", ALGORITHM, c["algorithm"])
    expect("commitment.params_sha256", sha256_hex(params_bytes(c["params"])), c["params_sha256"])
    expect("commitment.commitment_sha256", sha256_hex(commitment_bytes(c)), c["commitment_sha256"])

    try:
        seed = bytes.fromhex(record["seed"])
    except ValueError:
        raise Mismatch("seed: not hex")
    if len(seed) != 32:
        raise Mismatch("seed: not 32 bytes")
    expect("seed (sha256 vs commitment.seed_sha256)", c["seed_sha256"], sha256_hex(seed))

    beacon = record.get("beacon_value")
    if (c["params"].get("beacon_source") is None) != (beacon is None):
        raise Mismatch("beacon_value: present exactly when params.beacon_source is")

    entities = record["pools"]["entities"]
    inspectors = record["pools"]["inspectors"]
    expect("pools.entities (sha256 vs commitment.entity_pool_sha256; entity pool changed)",
           c["entity_pool_sha256"], sha256_hex(entity_pool_bytes(entities)))
    expect("pools.entities (count vs commitment.entity_count)", c["entity_count"], len(entities))
    expect("pools.inspectors (sha256 vs commitment.inspector_pool_sha256; inspector pool changed)",
           c["inspector_pool_sha256"], sha256_hex(inspector_pool_bytes(inspectors)))
    expect("pools.inspectors (count vs commitment.inspector_count)", c["inspector_count"], len(inspectors))

    f = c["params"].get("filter", {})
    for i, e in enumerate(entities):
        ok = ((not f.get("industry_prefixes") or any(e["industry_code"].startswith(p) for p in f["industry_prefixes"]))
              and (not f.get("cell_prefixes") or any(e["cell_code"].startswith(p) for p in f["cell_prefixes"]))
              and not any(t in f.get("exclude_tags", []) for t in e.get("tags", [])))
        if not ok:
            raise Mismatch("pools.entities[%d]: entity %d is outside the committed filter" % (i, e["id"]))
    for name, ids in (("entities", [e["id"] for e in entities]), ("inspectors", [i["id"] for i in inspectors])):
        if len(set(ids)) != len(ids):
            raise Mismatch("pools.%s: duplicate id" % name)

    k = sample_size(c["params"]["sample"], len(entities))
    if not 1 <= k <= len(entities):
        raise Mismatch("sample_size: %d is outside 1..%d" % (k, len(entities)))
    if c["params"]["inspectors_per_task"] < 2:
        raise Mismatch("commitment.params.inspectors_per_task: less than 2")

    out = recompute(c, seed, beacon, entities, inspectors)
    expect("sample_size", out["sample_size"], record.get("sample_size"))
    expect("load_cap", out["load_cap"], record.get("load_cap"))
    for name in ("selection", "tasks", "recusals", "capacity_skips"):
        expect_list(name, out[name], record.get(name))
    return out


def main(argv):
    if len(argv) != 2:
        print("usage: draw_verify.py RECORD.json", file=sys.stderr)
        return 1
    try:
        with open(argv[1], encoding="utf-8") as fh:
            record = json.load(fh)
        out = verify(record)
    except Mismatch as m:
        print("MISMATCH %s" % m)
        return 1
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        print("MISMATCH unreadable record: %s: %s" % (type(e).__name__, e))
        return 1
    unstaffed = sum(1 for t in out["tasks"] if t["unstaffed"])
    print("OK %s draw %s: %d of %d entities drawn, %d tasks unstaffed, %d recusals, commitment %s" % (
        ALGORITHM, record["commitment"]["params"]["draw_id"], out["sample_size"],
        len(record["pools"]["entities"]), unstaffed, len(out["recusals"]),
        record["commitment"]["commitment_sha256"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
