#!/usr/bin/env python3
"""Writes unlabelled samples for compare.cc from the shared corpora (no gold
language there: the detectors are compared by agreement). Deterministic.

  python3 make_samples.py ../../../shared/corpora /tmp/ld-samples
writes docs.tsv (each document's first 4 KiB, as the engine looks at) and
paras.tsv (single paragraphs of 20+ bytes, every 5th of scraped-dev)."""
import gzip, json, os, sys

root, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)

def esc(s):
    return s.replace("\\", "\\\\").replace("\t", " ").replace("\n", "\\n").replace("\r", "")

def prefix(text, n=4096):
    b = text.encode("utf-8")[:n]
    return b.decode("utf-8", "ignore")

docs, paras = [], []
with open(os.path.join(root, "scraped-dev/docs.jsonl"), encoding="utf-8") as f:
    for line in f:
        t = json.loads(line)["text"]
        docs.append(("scraped", prefix(t)))
        for i, p in enumerate(x for x in t.split("\n") if len(x.strip().encode()) >= 20):
            if i % 5 == 0:
                paras.append(("scraped", p.strip()))
with gzip.open(os.path.join(root, "news/news.jsonl.gz"), "rt", encoding="utf-8") as f:
    for n, line in enumerate(f):
        if n % 10 == 0:
            docs.append(("news", prefix(json.loads(line)["text"])))
with open(os.path.join(out, "docs.tsv"), "w", encoding="utf-8") as f:
    for src, t in docs:
        f.write(f"?{src}\t{esc(t)}\n")
with open(os.path.join(out, "paras.tsv"), "w", encoding="utf-8") as f:
    for src, t in paras:
        f.write(f"?{src}\t{esc(t)}\n")
print(len(docs), "docs,", len(paras), "paragraphs")
