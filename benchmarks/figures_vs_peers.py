"""The held-out gold set through the extractors a user might pick instead, side by side.

Peers, each installed only for this benchmark in a venv of its own (default
/tmp/zj-peers-venv, created by ``--setup``):

    python benchmarks/figures_vs_peers.py --setup      # python -m venv + pip install
        recognizers-text-suite "emoji<2" jionlp cn2an  (emoji<2: recognizers-text imports
        emoji.UNICODE_EMOJI, removed in emoji 2.0)
    python benchmarks/figures_vs_peers.py              # run

- ``recognizers``: Microsoft Recognizers-Text, Culture.Chinese: number, percentage,
  currency, dimension, age and datetime recognizers. A bare number is given the measure
  word right after it when it is one of a short generic list (人次, 人, 名, 个 ...), so that
  its span can match ours; kinds: currency->money, percentage->percent, datetime->date,
  dimension/age->other, number->count (ordinal when after 第).
- ``jionlp``: ``jionlp.ner.extract_money`` (money only: scored on money).
- ``cn2an+regex``: a regex for (Arabic or Chinese numeral)(unit) with ``cn2an.transform(...,
  "cn2an")`` on each matched numeral; kinds from the unit.
Each peer runs in a subprocess of the peers venv (``--worker NAME``), timed there on
extraction only. A peer that cannot be installed or imported is reported and skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

VENV = Path(os.environ.get("ZJ_PEERS_VENV", "/tmp/zj-peers-venv"))
PEERS = ("recognizers", "jionlp", "cn2an+regex")
PEER_KINDS = {"jionlp": ("money",)}
CLASSIFIERS = "人次|人|名|户|家|个|条|件|次|场|期|篇|项|棵|只|本|份|所|支|批|位|届|天|岁|吨|亩"


# --- workers (run inside the peers venv) -------------------------------------

def _recognizers(texts):
    from recognizers_date_time import recognize_datetime
    from recognizers_number import recognize_number, recognize_percentage
    from recognizers_number_with_unit import recognize_age, recognize_currency, recognize_dimension
    from recognizers_text import Culture

    cl = re.compile(CLASSIFIERS)
    out = []
    for text in texts:
        figs = []
        for fn, kind in ((recognize_datetime, "date"), (recognize_currency, "money"), (recognize_percentage, "percent"),
                         (recognize_dimension, "other"), (recognize_age, "other"), (recognize_number, "count")):
            try:
                res = fn(text, Culture.Chinese)
            except Exception:  # a peer failing on one text is a miss, not a crash
                res = []
            for r in res:
                s, e = r.start, r.end + 1
                if any(f["start"] < e and s < f["end"] for f in figs):
                    continue
                k, val = kind, None
                reso = r.resolution or {}
                try:
                    if kind == "date":
                        v = (reso.get("values") or [{}])[0]
                        val = v.get("value") or v.get("timex")
                        if val and val.startswith("XXXX"):
                            val = "-" + val[4:]
                    elif kind == "percent":
                        val = float(str(reso.get("value", "")).rstrip("%"))
                    else:
                        val = float(reso.get("value"))
                except (TypeError, ValueError):
                    val = None
                if kind == "count":
                    m = cl.match(text, e)
                    if m:
                        e = m.end()
                    if s > 0 and text[s - 1] == "第":
                        s, k = s - 1, "ordinal"
                figs.append({"start": s, "end": e, "kind": k, "value": val, "placeholder": False, "approx": False})
        out.append(figs)
    return out


def _jionlp(texts):
    import jionlp

    out = []
    for text in texts:
        figs = []
        for r in jionlp.ner.extract_money(text, with_parsing=True):
            num = r["detail"]["num"]
            num = num[0] if isinstance(num, list) else num
            try:
                val = float(num)
            except (TypeError, ValueError):
                val = None
            figs.append({"start": r["offset"][0], "end": r["offset"][1], "kind": "money", "value": val,
                         "placeholder": False, "approx": r["detail"].get("definition") == "blur"})
        out.append(figs)
    return out


def _cn2an(texts):
    import cn2an

    units = {"元": ("money", 1), "万元": ("money", 10000), "亿元": ("money", 10 ** 8), "%": ("percent", 1),
             "年": ("date", 1), "月": ("date", 1), "日": ("date", 1)}
    pat = re.compile(r"(第)?([0-9.]+|[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+)(万元|亿元|元|%|年|月|日|"
                     + CLASSIFIERS + ")")
    out = []
    for text in texts:
        figs = []
        for m in pat.finditer(text):
            kind, mult = units.get(m[3], ("count", 1))
            if m[1]:
                kind = "ordinal"
            try:
                num = cn2an.transform(m[2], "cn2an")
                val = float(num) * mult
            except Exception:
                continue
            if kind == "date":
                val = str(int(val)) if m[3] == "年" else None
            figs.append({"start": m.start(), "end": m.end(), "kind": kind, "value": val,
                         "placeholder": False, "approx": False})
        out.append(figs)
    return out


def worker(name: str) -> None:
    texts = json.load(sys.stdin)
    fn = {"recognizers": _recognizers, "jionlp": _jionlp, "cn2an+regex": _cn2an}[name]
    fn(texts[:1])  # warm-up: imports and model loading are not timed
    t0 = time.perf_counter()
    preds = fn(texts)
    json.dump({"seconds": time.perf_counter() - t0, "preds": preds}, sys.stdout)


# --- driver (runs in the project venv) ----------------------------------------

def setup() -> None:
    if not (VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "recognizers-text-suite", "emoji<2", "jionlp", "cn2an"],
                   check=False)


def run_peer(name: str, texts: list[str]):
    py = VENV / "bin" / "python"
    if not py.exists():
        return None, f"no peers venv at {VENV} (run with --setup)"
    p = subprocess.run([str(py), __file__, "--worker", name], input=json.dumps(texts), capture_output=True, text=True)
    if p.returncode != 0:
        return None, (p.stderr.strip().splitlines() or ["failed"])[-1]
    out = json.loads(p.stdout[p.stdout.index("{"):])
    return out, ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--worker")
    ap.add_argument("--setup", action="store_true")
    args = ap.parse_args()
    if args.worker:
        worker(args.worker)
        return
    if args.setup:
        setup()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from figures_eval import gold_parts

    from zongjie.figures.gold import KINDS, predict_ours, score

    parts = gold_parts()
    docs = parts["own-eval"] + parts["corpus-eval"] + parts.get("seed", [])
    texts = [d.text for d in docs]
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"gold: own-eval + corpus-eval + seed: {len(docs)} texts, {sum(len(d.figures) for d in docs)} figures, {size:.2f} MB")
    predict_ours(texts[0])  # warm-up, as for the peers: regex compilation and cn2an import not timed
    results = {"zongjie": score(docs, predict_ours)}
    speed = {"zongjie": size / results["zongjie"].seconds}
    for name in PEERS:
        out, err = run_peer(name, texts)
        if out is None:
            print(f"peer {name}: unavailable ({err})")
            continue
        table = dict(zip(texts, out["preds"]))
        kinds = PEER_KINDS.get(name, KINDS)
        results[name] = score(docs, lambda t, tb=table: tb[t], kinds=kinds)
        speed[name] = size / out["seconds"] if out["seconds"] else float("inf")
        if name in PEER_KINDS:
            results[name + " (ours, same kinds)"] = score(docs, predict_ours, kinds=kinds)
            speed[name + " (ours, same kinds)"] = speed["zongjie"]
    names = list(results)
    w = max(len(n) for n in names) + 2
    print("\nrecall / precision per kind (span+kind exact)")
    print(f"{'':{w}}" + "".join(f"{k:>14}" for k in KINDS) + f"{'ALL':>14}")
    for n in names:
        s = results[n]
        cells = []
        for k in list(KINDS) + [None]:
            if k and s.n_gold[k] == 0:
                cells.append(f"{'-':>14}")
                continue
            p, r, _ = s.prf(k)
            cells.append(f"{r:>7.3f}/{p:<6.3f}")
        print(f"{n:{w}}" + "".join(cells))
    print(f"\n{'':{w}}{'F1':>8}{'value acc':>11}{'ph flag':>9}{'approx':>9}{'ph found':>10}{'approx found':>14}{'MB/s':>9}")
    for n in names:
        s = results[n]
        ph, apx = s.flag_accuracy()
        phf = s.ph_hit / s.ph_gold if s.ph_gold else 1.0
        apf = s.approx_hit / s.approx_gold if s.approx_gold else 1.0
        print(f"{n:{w}}{s.prf()[2]:8.3f}{s.value_accuracy():11.3f}{ph:9.3f}{apx:9.3f}{phf:10.3f}{apf:14.3f}{speed[n]:9.2f}")
    print("\nvalue acc / ph flag / approx: agreement over each extractor's own span+kind matches;"
          "\nph found / approx found: gold placeholder / approximate figures found with the flag set;"
          "\njionlp is scored on money only; MB/s on these (short) texts, extraction only.")


if __name__ == "__main__":
    main()
