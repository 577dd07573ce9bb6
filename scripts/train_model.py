#!/usr/bin/env python3
"""Trains the block model (rules/models/blocks.model) from labelled lines.

  train_model.py --features BIN --data data/model/training-data.txt -o rules/models/blocks.model
  train_model.py ... --cv-dir DIR      # also: one model per fold of sites, trained without that fold

The data list names the label files, the corpora they index and their SHA-1s;
the corpora live outside the project (../shared), and a hash mismatch stops
training, so the same list and rules give the same model byte for byte.
BIN is the block-features tool (tools/block_features.cc): it runs the rule
packs built into it on each document and writes a feature row per block the
rules kept, which is what the model sees at run time.

Labels: a block takes the label of the line it starts on; content and mixed
lines are content (a model removes whole blocks only), debatable lines are
left out. A line repeated within one site counts once in all (each copy
weighs 1/copies), so that a site's stock lines are not learnt by heart.

Needs python3-numpy and python3-xgboost (Debian). Deterministic: exact tree
method, one thread, no sampling.
"""
import argparse
import collections
import hashlib
import json
import os
import subprocess
import sys

import numpy as np
import xgboost as xgb

FOLDS = 5
BINARY = dict(objective="binary:logistic", max_depth=5, eta=0.15, min_child_weight=2.0, reg_lambda=2.0,
              tree_method="exact", nthread=1, seed=0, base_score=0.5)
BINARY_ROUNDS = 120
CATEGORY = dict(objective="multi:softprob", max_depth=4, eta=0.15, min_child_weight=1.0, reg_lambda=1.0,
                tree_method="exact", nthread=1, seed=0, base_score=0.5)
CATEGORY_ROUNDS = 60
# The share of content blocks (out of fold) the threshold may lose, counted on
# the label sets of one article per site (scraped-dev, seeds): the closest to
# the unseen sites the model is for. The transcripts of dump-extra would make
# any threshold look safe.
CONTENT_LOSS = 0.002
SPREAD_SETS = ("scraped-dev", "seeds")
MIN_CATEGORY = 8  # rarer categories are learnt as "other"


def sha1_file(path):
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha1_seeds(path):
    h = hashlib.sha1()
    for name in sorted(os.listdir(path)):
        if name.endswith(".txt"):
            with open(os.path.join(path, name), "rb") as f:
                h.update(f.read())
    return h.hexdigest()


def read_data_list(path):
    """(labels, docs-or-seeds-dir) pairs, hash-checked. Paths are relative to the list."""
    base = os.path.dirname(os.path.abspath(path))
    sets = []
    with open(path, encoding="utf-8") as f:
        for ln in f:
            ln = ln.split("#", 1)[0].strip()
            if not ln:
                continue
            kind, rel, digest = ln.split()
            p = os.path.normpath(os.path.join(base, rel))
            if (sha1_seeds(p) if kind == "seeds" else sha1_file(p)) != digest:
                sys.exit("train_model: %s: SHA-1 differs from the data list: not the data the model was trained on" % p)
            sets.append((kind, p, digest))
    return sets


def load_documents(sets):
    """[(site, text, {line index: (label, category)}, set)] of every labelled document."""
    labels = [p for k, p, _ in sets if k == "labels"]
    corpora = {}
    for k, p, _ in sets:
        if k == "docs":
            with open(p, encoding="utf-8") as f:
                for ln in f:
                    if ln.strip():
                        r = json.loads(ln)
                        corpora[str(r["id"])] = r
    seeds = next((p for k, p, _ in sets if k == "seeds"), None)
    docs = []
    for lp in labels:
        with open(lp, encoding="utf-8") as f:
            for ln in f:
                if not ln.strip():
                    continue
                d = json.loads(ln)
                if d["set"] == "seeds":
                    if not seeds:
                        continue
                    with open(os.path.join(seeds, d["doc"]), encoding="utf-8", newline="") as g:
                        text, site = g.read(), "seed:" + d["doc"]
                else:
                    r = corpora.get(str(d["doc"]))
                    if r is None:
                        sys.exit("train_model: document %s of %s is in no corpus of the list" % (d["doc"], lp))
                    text, site = r["text"], r["domain"]
                lines = {}
                for x in d["lines"]:
                    if x.get("debatable"):
                        continue
                    lab = x["label"]
                    lines[x["i"]] = (1, x["category"]) if lab == "boilerplate" else (0, None)
                docs.append((site, text, lines, d["set"]))
    return docs


def features(tool, cues, docs):
    """Feature names, and per document a list of (begin, end, row)."""
    framed = bytearray()
    for _, text, _, _ in docs:
        b = text.encode("utf-8")
        framed += b"%d\n" % len(b) + b
    r = subprocess.run([tool, cues], input=bytes(framed), stdout=subprocess.PIPE, check=True)
    out = r.stdout.decode("utf-8").split("\n")
    names = out[0].split()
    per_doc = collections.defaultdict(list)
    for ln in out[1:]:
        if ln:
            d, b, e, f = ln.split("\t")
            per_doc[int(d)].append((int(b), int(e), [float(v) for v in f.split()]))
    return names, per_doc


def examples(docs, per_doc):
    """Rows X, labels y, categories, weights w, and the site and label set of each row."""
    X, y, cat, site, key, sets = [], [], [], [], [], []
    for di, (s, text, lines, set_name) in enumerate(docs):
        raw = text.encode("utf-8")
        starts = [0] + [i + 1 for i, c in enumerate(raw) if c == 0x0A]
        for b, e, row in per_doc.get(di, []):
            li = np.searchsorted(starts, b, side="right") - 1
            if li not in lines:
                continue
            lab, c = lines[li]
            X.append(row)
            y.append(lab)
            cat.append(c)
            site.append(s)
            sets.append(set_name)
            key.append((s, " ".join(raw[b:e].decode("utf-8", "replace").lower().split())))
    copies = collections.Counter(key)
    w = [1.0 / copies[k] for k in key]
    return np.array(X, dtype=np.float32), np.array(y), cat, np.array(w), site, np.array(sets)


def fold_of(site):
    dom = "seeds" if site.startswith("seed:") else site
    return int(hashlib.sha1(dom.encode("utf-8")).hexdigest(), 16) % FOLDS


def train_binary(X, y, w):
    return xgb.train(BINARY, xgb.DMatrix(X, label=y, weight=w), BINARY_ROUNDS)


def category_classes(cat, y):
    counts = collections.Counter(c for c, l in zip(cat, y) if l == 1)
    classes = sorted(c for c, n in counts.items() if n >= MIN_CATEGORY and c != "other")
    return classes + ["other"]


def train_category(X, y, w, cat, classes):
    idx = [i for i in range(len(y)) if y[i] == 1]
    lab = [classes.index(cat[i]) if cat[i] in classes else len(classes) - 1 for i in idx]
    params = dict(CATEGORY, num_class=len(classes))
    return xgb.train(params, xgb.DMatrix(X[idx], label=lab, weight=w[idx]), CATEGORY_ROUNDS)


def choose_threshold(p, y, spread):
    """The lowest threshold at which the out-of-fold content loss on the spread sets stays within CONTENT_LOSS."""
    content = ((y == 0) & spread).sum()
    for t in np.arange(0.50, 0.995, 0.01):
        lost = ((y == 0) & spread & (p >= t)).sum()
        if lost <= CONTENT_LOSS * content:
            return round(float(t), 2)
    return 0.99


def trees_of(booster):
    """Each tree as nodes, root first: ("s", feature, threshold, left, right) or ("l", value)."""
    model = json.loads(booster.save_raw("json").decode("utf-8"))
    out = []
    for t in model["learner"]["gradient_booster"]["model"]["trees"]:
        left, right = t["left_children"], t["right_children"]
        idx, cond = t["split_indices"], t["split_conditions"]
        order, pos = [0], {0: 0}
        for n in order:  # breadth first: children after parents
            if left[n] != -1:
                for c in (left[n], right[n]):
                    pos[c] = len(order)
                    order.append(c)
        nodes = []
        for n in order:
            if left[n] == -1:
                nodes.append("l %.9g" % np.float32(cond[n]))
            else:
                nodes.append("s %d %.9g %d %d" % (idx[n], np.float32(cond[n]), pos[left[n]], pos[right[n]]))
        out.append(nodes)
    return out


def write_model(path, names, cues_text, threshold, classes, binary, category, note):
    lines = ["normalize-block-model 1", "# Written by scripts/train_model.py; do not edit. " + note]
    lines += [ln for ln in cues_text.splitlines() if ln.startswith("cue ")]
    lines.append("features " + " ".join(names))
    lines.append("threshold %.2f" % threshold)
    lines.append("categories " + " ".join(classes))
    for head, booster, k in (("boilerplate", binary, 1), ("category", category, len(classes))):
        trees = trees_of(booster)
        lines.append("%s %d %d" % (head, len(trees), k))
        for nodes in trees:
            lines.append("tree %d" % len(nodes))
            lines.extend(nodes)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--features", required=True, help="the block-features tool")
    ap.add_argument("--cues", required=True, help="rules/models/cues.txt")
    ap.add_argument("--data", required=True, help="data/model/training-data.txt")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--cv-dir", help="also write fold-K.model, each trained without fold K's sites")
    a = ap.parse_args()
    with open(a.cues, encoding="utf-8") as f:
        cues_text = f.read()
    sets = read_data_list(a.data)
    docs = load_documents(sets)
    names, per_doc = features(a.features, a.cues, docs)
    X, y, cat, w, site, label_sets = examples(docs, per_doc)
    folds = np.array([fold_of(s) for s in site])
    classes = category_classes(cat, y)
    print("train_model: %d documents, %d blocks (%d boilerplate), %d sites, %d features; categories %s" % (
        len(docs), len(y), int(y.sum()), len(set(site)), len(names), " ".join(classes)), file=sys.stderr)
    # Out-of-fold scores choose the threshold: what the model does on sites it never saw.
    oof = np.zeros(len(y), dtype=np.float32)
    fold_models = []
    for k in range(FOLDS):
        tr = folds != k
        b = train_binary(X[tr], y[tr], w[tr])
        oof[~tr] = b.predict(xgb.DMatrix(X[~tr]))
        fold_models.append((k, tr, b))
    spread = np.isin(label_sets, SPREAD_SETS)
    threshold = choose_threshold(oof, y, spread)
    for name, part in (("one article per site", spread), ("all", np.ones(len(y), dtype=bool))):
        sel, pos, neg = (oof >= threshold) & part, (y == 1) & part, (y == 0) & part
        print("train_model: threshold %.2f, out of fold, %s: %d/%d boilerplate blocks, %d/%d content blocks removed"
              % (threshold, name, (sel & pos).sum(), pos.sum(), (sel & neg).sum(), neg.sum()), file=sys.stderr)
    note = "Data: %s. Threshold %.2f (out-of-fold content loss <= %.3f)." % (
        ", ".join("%s %s" % (os.path.basename(p), d[:12]) for k, p, d in sets if k != "seeds"), threshold, CONTENT_LOSS)
    if a.cv_dir:
        os.makedirs(a.cv_dir, exist_ok=True)
        for k, tr, b in fold_models:
            c = train_category(X[tr], y[tr], w[tr], [cat[i] for i in np.where(tr)[0]], classes)
            write_model(os.path.join(a.cv_dir, "fold-%d.model" % k), names, cues_text, threshold, classes, b, c,
                        note + " Without fold %d of %d (sites by sha1(domain) mod %d)." % (k, FOLDS, FOLDS))
    binary = train_binary(X, y, w)
    category = train_category(X, y, w, cat, classes)
    write_model(a.output, names, cues_text, threshold, classes, binary, category, note)


if __name__ == "__main__":
    main()
