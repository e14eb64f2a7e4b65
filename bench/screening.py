"""Benchmark of the comment screening pipeline on one CPU core.

    .venv/bin/python bench/screening.py [--n 20000] [--single 2000] [--repeat 3] [--bad-share 0.2]

Prints batch throughput (``Pipeline.screen_many``: comments per second by wall
clock and by the process's CPU time, which other load on a shared machine
distorts less; best of ``--repeat`` runs) and the p50/p95/p99 latency of a
single ``Pipeline.screen`` call, which is what a comment submission pays. Both
are measured after a warm-up (the base model loads once). Comments are
the evaluation set plus synthetic news comments, ``--bad-share`` of them with
something to find, so every check gets exercised; the script prints how many
comments had a finding. Three contexts: the default; the one the comments app builds
(``site_screening.context_for``: the site's domains and learned model; a submission also
computes the comment's duplicate and near-duplicate keys for the history read, and the
single timings include that); and that one with 200 recent texts to compare with, the
library's other way to know the history. It also prints the base model's load
time in a fresh process and the slowest ``screen`` of a 30,000-character adversarial
text (goals: load under 1 s, worst input under 50 ms).
"""

# ruff: noqa: RUF001 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import os

# One core, one thread: set before numpy/scikit-learn load their thread pools.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from broadsheet.screening import links_spam  # noqa: E402
from broadsheet.screening.context import ScreeningContext  # noqa: E402
from broadsheet.screening.learned import LearnedModel  # noqa: E402
from broadsheet.screening.pipeline import Pipeline  # noqa: E402
from broadsheet.screening.types import ScreeningInput  # noqa: E402

EVAL = ROOT / "broadsheet" / "screening" / "data" / "eval.jsonl"

_OPENERS = [
    "I think", "Honestly,", "As a resident of Eastgate,", "Great piece.", "Not sure about this.",
    "Bence", "Açıkçası", "Well said.", "Typical council.", "Interesting,", "Sadly", "Frankly,",
]  # fmt: skip
_FINE = [
    "the new bypass has made the school run much easier for everyone on our street",
    "the shelling of the city and the hostages taken by gunmen are a tragedy",
    "the murder trial should be reported with more care for the victims' families",
    "belediye bu yolu yıllardır tamir etmiyor, artık bir şey yapılmalı",
    "the council wasted £12,345,678 on consultants between 2019 and 2023",
    "the match was brilliant and the striker deserves a new contract",
    "Suriyeli çocuklar için yardım kampanyası başlatıldı, katılalım",
    "the harbour wall repairs are finally finished and the promenade looks lovely",
    "police say the stabbing near the station was the third this year",
    "şehir gece boyunca bombalandı, çok sayıda kişi öldürüldü, çok üzücü",
    "the minister should resign over this, it is a disgrace",
    "my grandad worked on the ferries for forty years and loved every day of it",
    "the library opening hours are much better now, thank you for printing them",
    "I disagree with the editorial but it was well argued",
    "terör saldırısında hayatını kaybedenlere rahmet diliyorum",
    "the bus timetable still does not line up with the trains at Eastgate",
    "refugees fleeing the war deserve a proper welcome in this town",
    "maç çok güzeldi, hakem de iyi yönetti",
]  # fmt: skip
_BAD = [
    "you are an idiot and this is the worst article I have ever read",
    "f*ck this paper and everyone who writes for it",
    "watch your back, I know where you live",
    "call me on 07700 900123 or email me at someone@example.com",
    "earn $5000 a week from home, visit https://cash-now.example.biz now",
    "seni bulacağım, evini biliyorum",
    "THIS IS A DISGRACE AND EVERYONE SHOULD WRITE TO THEIR MP ABOUT IT",
    "immigrants are vermin and should all be sent back",
    "salak mısın sen, gerizekalı",
    "selling cheap weed and coke, DM me on telegram",
    "Councillor Smith is a paedophile, everyone knows",
    "nice legs on the weather girl, I'd love to see more of her",
]  # fmt: skip
_CLOSERS = ["", "Thanks.", "Just my view.", "Teşekkürler.", "!!!", "What a joke.", ":)"]


def comments(n: int, seed: int = 1, bad_share: float = 0.2) -> list[ScreeningInput]:
    """The evaluation set, then synthetic comments: ``bad_share`` of them with something to find."""
    rng = random.Random(seed)
    texts: list[str] = []
    if EVAL.exists():
        texts.extend(
            json.loads(line)["text"] for line in EVAL.open(encoding="utf-8") if line.strip()
        )
    while len(texts) < n:
        parts = [rng.choice(_FINE) for _ in range(rng.randint(1, 2))]
        if rng.random() < bad_share:
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(_BAD))
        parts = [rng.choice(_OPENERS), *parts, rng.choice(_CLOSERS)]
        texts.append(" ".join(p for p in parts if p))
    rng.shuffle(texts)
    return [ScreeningInput(t) for t in texts[:n]]


def learned_model(inputs: list[ScreeningInput]) -> LearnedModel:
    """A site's learned model, fitted on 400 of the comments as moderators might decide."""
    rng = random.Random(7)
    sample = rng.sample(inputs, min(400, len(inputs)))
    labels = [
        1 if any(w in i.text.lower() for w in ("idiot", "f*ck", "earn", "bulacağım")) else 0
        for i in sample
    ]
    return LearnedModel.new().fit([i.text for i in sample], labels)


#: Domains a site might list in its screening policy.
SITE_ALLOWED = ("eastgate.gov.uk", "bbc.co.uk", "wikipedia.org")
SITE_BLOCKED = ("cash-now.example.biz", "bit.ly")


def site_context(model: LearnedModel) -> ScreeningContext:
    """A context as the comments app builds one (``moderation.site_screening.context_for``):
    the site's domains and learned model; the history read gives the client's recent posts
    and, only when the comment's own keys were seen recently, those keys (none here)."""
    return ScreeningContext(
        learned=model,
        recent_posts_from_client=1,
        allowed_domains=SITE_ALLOWED,
        blocked_domains=SITE_BLOCKED,
    )


def recent_texts_context(model: LearnedModel, inputs: list[ScreeningInput]) -> ScreeningContext:
    """The library's other way to know the site's history: 200 recent texts to compare with
    (``broadsheet screen`` callers may pass them; the app passes keys instead)."""
    rng = random.Random(8)
    recent = [i.text for i in rng.sample(inputs, min(200, len(inputs)))]
    return replace(site_context(model), recent_texts=recent)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def bench_batch(
    pipe: Pipeline, inputs: list[ScreeningInput], ctx: ScreeningContext
) -> tuple[float, float]:
    """Comments per second by wall clock and by this process's CPU time."""
    # Fresh input objects, so no normalisation is cached from a previous run.
    fresh = [ScreeningInput(i.text) for i in inputs]
    wall, cpu = time.perf_counter(), time.process_time()
    verdicts = pipe.screen_many(fresh, ctx)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert len(verdicts) == len(inputs)
    return len(inputs) / wall, len(inputs) / cpu


def bench_single(
    pipe: Pipeline, inputs: list[ScreeningInput], ctx: ScreeningContext, n: int, keys: bool
) -> tuple[list[float], list[float]]:
    """Milliseconds of each single ``screen`` call: by wall clock, and by CPU time.

    ``keys``: also compute the comment's duplicate and near-duplicate keys first, as a
    submission does (``site_screening.screen_submission``: the history read needs them).
    """
    wall, cpu = [], []
    for inp in inputs[:n]:
        fresh = ScreeningInput(inp.text)
        start, start_cpu = time.perf_counter(), time.process_time()
        if keys:
            links_spam.input_duplicate_key(fresh)
            fresh.near_duplicate_key  # noqa: B018 - a lazy attribute, computed here
        pipe.screen(fresh, ctx)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


#: Units repeated to 30,000 characters: the shapes that once made a check quadratic.
ADVERSARIAL = (
    "Only ", "Only steal ", "Only Only steal. ", "f u ", "you idiot ", "sen salak ", "I will ",
    "kill ", "@", "http://x.co ", "0", "1234 ", "07700 ", "A. ", "Ali Veli ", "the man who ",
    "Mr Smith ", "x@y.com ", "www.", "a.b.", "!", "\u200b", "İ", "ı", "ＦＵＣＫ ", "f*ck ",
    "f.u.c.k ", "aa bb ", "these people ", "hepsi ", "seni ", " ",
)  # fmt: skip
ADVERSARIAL_CHARS = 30_000


def bench_model_load() -> tuple[float, float]:
    """Seconds to import the screening package, then to read, verify and unpack the base
    model, in a fresh process (best of 3 each)."""
    code = (
        "import time; t = time.perf_counter(); from broadsheet.screening import model; "
        "u = time.perf_counter(); model.load(); print(u - t, time.perf_counter() - u)"
    )
    imports, loads = [], []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        a, b = map(float, out.stdout.split())
        imports.append(a)
        loads.append(b)
    return min(imports), min(loads)


#: Runs of each adversarial text; the fastest counts (a run the machine interrupted says
#: nothing about the code).
ADVERSARIAL_RUNS = 5


def bench_adversarial(pipe: Pipeline) -> tuple[float, str, float]:
    """The slowest single ``screen`` of a 30,000-character adversarial text by CPU time (ms),
    its unit, and the same call's wall-clock time (best of ADVERSARIAL_RUNS runs each)."""
    worst, worst_unit, worst_wall = 0.0, "", 0.0
    for unit in ADVERSARIAL:
        text = (unit * (ADVERSARIAL_CHARS // len(unit) + 1))[:ADVERSARIAL_CHARS]
        best, best_wall = float("inf"), float("inf")
        for _ in range(ADVERSARIAL_RUNS):
            start, start_cpu = time.perf_counter(), time.process_time()
            pipe.screen(ScreeningInput(text))
            best = min(best, time.process_time() - start_cpu)
            best_wall = min(best_wall, time.perf_counter() - start)
        if best > worst:
            worst, worst_unit, worst_wall = best, unit, best_wall
    return worst * 1000, worst_unit, worst_wall * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000, help="comments in the batch run")
    parser.add_argument("--single", type=int, default=2000, help="single calls to time")
    parser.add_argument(
        "--repeat", type=int, default=3, help="batch runs; the best is reported (less noise)"
    )
    parser.add_argument(
        "--bad-share", type=float, default=0.2, help="synthetic comments with something to find"
    )
    args = parser.parse_args(argv)

    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        print(f"pinned to CPU {cpu}; OMP/OPENBLAS/MKL threads = 1")

    inputs = comments(args.n, bad_share=args.bad_share)
    avg_len = statistics.mean(len(i.text) for i in inputs)
    print(f"comments: {len(inputs)} (mean {avg_len:.0f} characters)")

    imports, loading = bench_model_load()
    print(f"fresh process: import {imports:.2f} s, base model load {loading:.2f} s (goal < 1 s)")
    load = time.perf_counter()
    pipe = Pipeline().warm()
    print(f"warm-up (model load, list compile): {time.perf_counter() - load:.2f} s")

    plain = ScreeningContext()
    model = learned_model(inputs)
    site, recent = site_context(model), recent_texts_context(model, inputs)
    for ctx in (plain, site, recent):
        pipe.screen_many(inputs[:2000], ctx)  # warm caches and branches
    verdicts = pipe.screen_many([ScreeningInput(i.text) for i in inputs], plain)
    flagged = sum(1 for v in verdicts if v.reasons) / len(verdicts)
    held = sum(1 for v in verdicts if v.recommendation != "publish") / len(verdicts)
    print(f"with a finding: {flagged:.0%}; not recommended publish: {held:.0%}")

    contexts = (
        ("default context", plain, False),
        ("site context as the app builds it (domains, learned model, keys)", site, True),
        ("site context + 200 recent texts (library API)", recent, False),
    )
    for label, ctx, keys in contexts:
        runs = [bench_batch(pipe, inputs, ctx) for _ in range(max(1, args.repeat))]
        wall, cpu = max(r[0] for r in runs), max(r[1] for r in runs)
        times, cpu_times = bench_single(pipe, inputs, ctx, args.single, keys)
        print(f"\n[{label}]")
        print(
            f"  batch screen_many: {wall:,.0f} comments/s by wall clock, "
            f"{cpu:,.0f} by CPU time, best of {len(runs)} (goal >= 5,000)"
        )
        print(
            f"  single screen:     p50 {percentile(times, 50):.2f} ms, "
            f"p95 {percentile(times, 95):.2f} ms, p99 {percentile(times, 99):.2f} ms "
            f"by wall clock (goal p95 <= 5 ms)"
        )
        print(
            f"                     p50 {percentile(cpu_times, 50):.2f} ms, "
            f"p95 {percentile(cpu_times, 95):.2f} ms, p99 {percentile(cpu_times, 99):.2f} ms "
            f"by CPU time"
        )
    worst, unit, wall = bench_adversarial(pipe)
    print(
        f"\n[adversarial] worst single screen of {ADVERSARIAL_CHARS:,} characters: "
        f"{worst:.0f} ms CPU, {wall:.0f} ms wall clock ({unit!r} repeated; goal <= 50 ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
