#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""report.py - turn one VM run of the benchmarks into results (host side).

usage: report.py result --run DIR --kernel KVER --commit C --out DIR [--quick]
       report.py summary --out DIR

"result" reads the artefacts the guest scripts left in DIR (one VM run:
takeover.d/, health.d/, modes.d/, scale.d/ with .meta files, captures, /proc
snapshots), computes every figure and writes OUT/<date>-<kernel>[-quick].json.
"summary" takes the newest result of each kernel in OUT and writes
OUT/summary.md (vrrp.ko against keepalived, with the ratio per row) and the
plots (gnuplot: OUT/plots/*.svg and *.png). Latencies are in microseconds,
min / p50 / p99 / max with nearest-rank percentiles over the trials.
"""

import argparse
import datetime
import glob
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcapstats  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SUTS = ("vrrp", "keepalived")


def read_kv(path):
    out = {}
    with open(path) as f:
        for line in f:
            k, sep, v = line.rstrip("\n").partition("=")
            if sep:
                out[k] = v
    return out


# --- result: captures ----------------------------------------------------------------

def latency_runs(run_dir, bench):
    metas = sorted(p for p in glob.glob(os.path.join(run_dir, bench + ".d", "*.meta"))
                   if read_kv(p).get("bench") == bench and "pcap" in read_kv(p))
    runs = pcapstats.analyze_all(metas) if metas else []
    for r in runs:
        for t in r["trials"]:		# keep the per-trial figures, in us
            for k in [k for k in t if k.endswith("_ns") and not k.startswith("t_")]:
                t[k[:-3] + "_us"] = None if t[k] is None else t[k] / 1000
                del t[k]
            for k in [k for k in t if k.startswith("t_")]:
                del t[k]
    skipped = [read_kv(p) for p in glob.glob(os.path.join(run_dir, bench + ".d", "*.meta"))
               if "skipped" in read_kv(p)]
    return runs, skipped


# --- result: /proc snapshots --------------------------------------------------------------

STAT_COLS = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal")


def read_snap(path):
    s = {"cpu": {}, "mem": {}, "stats": 0, "utime": 0, "stime": 0, "rss_kb": 0}
    with open(path) as f:
        for line in f:
            w = line.split()
            if len(w) < 2:
                continue
            if w[0] == "time":
                s["time"] = float(w[1])
            elif w[0].startswith("cpu"):
                s["cpu"][w[0]] = dict(zip(STAT_COLS, map(int, w[1:9])))
            elif w[0].endswith(":"):
                s["mem"][w[0][:-1]] = int(w[1])
            elif w[0].startswith("stats_") and w[1].isdigit():
                s["stats"] += int(w[1])
            elif w[0].startswith("pstat_") and len(w) >= 105:
                # two /proc/PID/stat lines (parent, VRRP child) of 52 fields;
                # utime and stime are fields 14 and 15.
                for base in (1, 53):
                    s["utime"] += int(w[base + 13])
                    s["stime"] += int(w[base + 14])
            elif w[0].startswith("rss_") and w[1].isdigit():
                s["rss_kb"] += int(w[1])
    return s


def window(meta_path):
    m = read_kv(meta_path)
    d = os.path.dirname(meta_path)
    a, b = read_snap(os.path.join(d, m["before"])), read_snap(os.path.join(d, m["after"]))
    secs = b["time"] - a["time"]
    tick_ms = 1000 / int(m.get("clk_tck", 100))

    def rate(cpu, col):
        return (b["cpu"][cpu][col] - a["cpu"][cpu][col]) * tick_ms / secs

    w = {"sut": m["sut"], "advert_ms": int(m.get("advert_ms", 0)),
         "instances": int(m["instances"]), "interfaces": int(m.get("interfaces", 0)),
         "hog": m["hog"] == "1", "window_s": round(secs, 3), "settled": m.get("settled") == "1",
         "units": "ms of CPU per second (1000 = one vCPU busy)"}
    for col in ("user", "system", "irq", "softirq"):
        w["guest_" + col] = round(rate("cpu", col), 2)
        w["cpu1_" + col] = round(rate("cpu1", col), 2)
    ku = (b["utime"] - a["utime"]) * tick_ms / secs
    ks = (b["stime"] - a["stime"]) * tick_ms / secs
    w["keepalived_process"] = round(ku + ks, 2)
    w["keepalived_user"] = round(ku, 2)
    w["transitions"] = b["stats"] - a["stats"]
    w["rss_kb"] = b["rss_kb"]
    w["slab_kb"] = b["mem"].get("Slab", 0)
    # What the routers cost, the same measure for both: the guest's kernel
    # time (system + irq + softirq: vrrp.ko's timers and packets, keepalived's
    # syscalls and packets) plus keepalived's user time. The hog's time is
    # guest user time and is left out; keepalived's system time is already
    # part of the guest's system time.
    w["router_cpu"] = round(w["guest_system"] + w["guest_irq"] + w["guest_softirq"] + ku, 2)
    return w


def scale_results(run_dir):
    d = os.path.join(run_dir, "scale.d")
    if not os.path.isdir(d):
        return None
    wins = [window(p) for p in sorted(glob.glob(os.path.join(d, "*.meta")))
            if read_kv(p).get("bench") == "scale"]
    base = next((w for w in wins if w["sut"] == "none"), None)
    wins = [w for w in wins if w["sut"] != "none"]
    for w in wins:
        w["router_cpu_above_idle"] = round(
            max(0.0, w["router_cpu"] - (base["router_cpu"] if base else 0)), 2)
    mem = {}
    for f in glob.glob(os.path.join(d, "*.mem")):
        name = os.path.basename(f)[:-4]			# SUT-ADVms-N
        sut, adv, n = name.rsplit("-", 2)
        kv = {}
        with open(f) as fh:
            for line in fh:
                k, v = line.split(":")
                kv[k] = int(v.split()[0])
        mem.setdefault(sut + "-" + adv, {})[int(n)] = kv
    memory = {}
    for key, per_n in mem.items():
        sut = key.split("-")[0]
        nmax = max(per_n)
        if nmax == 0 or 0 not in per_n:
            continue
        # both routers hold nmax instances each
        memory[key] = {"instances_per_router": nmax,
                       "slab_kb_per_instance": round((per_n[nmax]["Slab"] - per_n[0]["Slab"])
                                                     / (2 * nmax), 3)}
        if sut == "keepalived":
            rss = {w["instances"]: w["rss_kb"] for w in wins
                   if w["sut"] == "keepalived" and key.endswith("-%dms" % w["advert_ms"])}
            lo, hi = min(rss), max(rss)
            if hi > lo:
                memory[key]["rss_kb_per_instance"] = round((rss[hi] - rss[lo]) / (2 * (hi - lo)), 3)
    module = {}
    mt = os.path.join(d, "module.txt")
    if os.path.exists(mt):
        with open(mt) as f:
            for line in f:
                w = line.split()
                if len(w) == 2 and w[1].isdigit():
                    module[w[0]] = int(w[1])
    return {"baseline": base, "windows": wins, "memory": memory, "module": module}


def cmd_result(a):
    run = a.run
    info = {}
    for p in glob.glob(os.path.join(run, "*.d", "sysinfo.meta")):
        info.update(read_kv(p))
    takeover, _ = latency_runs(run, "takeover")
    health, health_skipped = latency_runs(run, "health")
    modes, modes_skipped = latency_runs(run, "modes")
    now = datetime.datetime.now(datetime.timezone.utc)
    out = {
        "kernel": a.kernel, "date": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "commit": a.commit,
        "quick": a.quick, "guest": info, "host": a.host, "units": "us unless named",
        "percentiles": "nearest rank",
        "parameters": read_kv(a.params) if a.params and os.path.exists(a.params) else {},
        "takeover": takeover, "health": health, "health_skipped": health_skipped,
        "modes": modes, "modes_skipped": modes_skipped,
        "scale": scale_results(run),
    }
    os.makedirs(a.out, exist_ok=True)
    name = "%s-%s%s.json" % (now.strftime("%Y%m%d-%H%M"), a.kernel, "-quick" if a.quick else "")
    path = os.path.join(a.out, name)
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("results: %s" % os.path.relpath(path))
    for r in takeover + health + modes:
        pcapstats.print_run(r, a.kernel)
    for m in modes_skipped:
        print("\n%s %s: skipped: %s" % (m.get("sut"), m.get("name"), m.get("skipped")))
    return 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("result")
    r.add_argument("--run", required=True)
    r.add_argument("--kernel", required=True)
    r.add_argument("--commit", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--params")
    r.add_argument("--quick", action="store_true")
    r.add_argument("--host", default="")
    s = sub.add_parser("summary")
    s.add_argument("--out", required=True)
    args = ap.parse_args()
    if args.cmd == "result":
        sys.exit(cmd_result(args))
    from summary import cmd_summary  # noqa: E402
    sys.exit(cmd_summary(args))
