#!/usr/bin/env python3
"""Leave-site-out cleaning for the scorers: cleans a JSON Lines dump with the
fold models that train_model.py --cv-dir wrote, each record by the model that
never saw its site (fold = sha1(domain) mod K, as ../shared/eval/text_eval.py
--folds counts them). Prints the cleaned records in input order.

  python3 ../shared/eval/text_eval.py \\
      --dump-cmd 'python3 scripts/cv_clean.py --cv-dir /tmp/cv --normalize build/normalize {dump}'
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cv-dir", required=True)
    ap.add_argument("--normalize", default="build/normalize")
    ap.add_argument("--extra", default="", help="more normalize options, e.g. --no-default-rules")
    ap.add_argument("dump")
    a = ap.parse_args()
    models = sorted(f for f in os.listdir(a.cv_dir) if f.startswith("fold-") and f.endswith(".model"))
    k = len(models)
    with open(a.dump, encoding="utf-8") as f:
        records = [json.loads(ln) for ln in f if ln.strip()]
    fold = [int(hashlib.sha1((r.get("domain") or "").encode("utf-8")).hexdigest(), 16) % k for r in records]
    cleaned = {}
    with tempfile.TemporaryDirectory() as tmp:
        for m in range(k):
            path = os.path.join(tmp, "fold-%d.jsonl" % m)
            with open(path, "w", encoding="utf-8") as g:
                for r, fo in zip(records, fold):
                    if fo == m:
                        g.write(json.dumps(r, ensure_ascii=False) + "\n")
            cmd = [a.normalize, "--jsonl", "-q", "--model", os.path.join(a.cv_dir, "fold-%d.model" % m)]
            cmd += a.extra.split() + [path]
            out = subprocess.run(cmd, stdout=subprocess.PIPE, check=False).stdout.decode("utf-8")
            for ln in out.splitlines():
                if ln.strip():
                    r = json.loads(ln)
                    cleaned[str(r["id"])] = ln
    for r in records:
        line = cleaned.get(str(r["id"]))
        if line is not None:
            sys.stdout.write(line + "\n")


if __name__ == "__main__":
    main()
