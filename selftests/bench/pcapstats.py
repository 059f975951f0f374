#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""pcapstats.py - capture analysis for selftests/bench/ (takeover.sh, health.sh).

usage: pcapstats.py --kernel KVER --json OUT RUN.meta...
(report.py imports it and does the same for a whole `make bench` run.)

Each RUN.meta (key=value lines, written by the bench script) describes one run:
one capture on the backup's link (pcap=) covering all its trials, and for
each trial three wall-clock instants (CLOCK_REALTIME, like the capture's
stamps; marks=, one line "start cut steady" per trial): before the delete or
link-down command, after it returned, and when the master was back. They
only tell which packets belong to which trial and phase; every time measured
comes from the capture. Per trial:

  t_ref   kind=prio0:  the priority-0 advert from master=
          kind=silent: the master's last advert before "cut" (one that came
                       late just before the cut is not taken for the end)
          kind=health: the master's first advert with priority lowered_prio=
                       after "start" (the health check's call)
  t_garp  the first gratuitous ARP (request, sender = target = vip=) from
          backup_mac= after t_ref; with vip_count= > 1, for any address, and
          t_last_vip, when the last of the vip_count addresses had its first
  t_adv   the first advert from backup= at or after t_ref
  t_call  kind=health: when the check lowered the priority: the tracker
          event's kernel timestamp from monitor= (vrrpctl -j monitor) when
          it has one, else "start"

  takeover          t_garp - t_ref
  decision-to-GARP  takeover - what RFC 9568 makes the backup wait:
                    Skew_Time = (256 - backup_prio) * Advert / 256 after
                    priority 0, Master_Down_Interval = 3 * Advert +
                    Skew_Time after the last advert of a silent master
  GARP-to-advert    t_adv - t_garp (signed)

and, as a gauge of how steady the guest's timers are, the intervals between
the master's adverts between trials ("advert period", nominally Advert).

Prints one table per run (min / p50 / p99 / max in microseconds,
nearest-rank percentiles; with 30 trials p99 is the maximum) and writes all
runs with their per-trial values to OUT. All captures are read by a single
tshark (slow to start in an emulated guest): mergecap concatenates them and
keeps each file's interface apart, so frame.interface_id is the run index.
Exit status 1 when a run has no measured trial.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

NSEC_PER_CS = 10_000_000
FIELDS = ["frame.interface_id", "frame.time_epoch", "ip.src", "vrrp.prio",
          "arp.opcode", "arp.src.hw_mac", "arp.src.proto_ipv4",
          "arp.dst.proto_ipv4"]
MEASUREMENTS = (("takeover", "takeover"),
                ("decision_to_garp", "decision-to-GARP"),
                ("garp_to_advert", "GARP-to-advert"),
                ("decision_to_advert", "decision-to-advert"),
                ("last_vip", "last VIP's GARP"),
                ("call_to_garp", "call-to-GARP"),
                ("advert_period", "advert period"))


def epoch_ns(s):
    """'1700000000.123456789' -> integer ns, without going through a float."""
    sec, _, frac = s.strip().partition(".")
    return int(sec) * 1_000_000_000 + int((frac + "000000000")[:9])


def run_cmd(cmd):
    print("+ " + " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def read_captures(pcaps):
    """Per capture, the list of its VRRP and ARP packets as dicts."""
    per_file = [[] for _ in pcaps]
    with tempfile.TemporaryDirectory() as tmp:
        src = pcaps[0]
        if len(pcaps) > 1:
            src = os.path.join(tmp, "all.pcapng")
            run_cmd(["mergecap", "-I", "none", "-a", "-F", "pcapng", "-w", src] + pcaps)
        cmd = ["tshark", "-n", "-r", src, "-Y", "vrrp || arp", "-T", "fields",
               "-E", "separator=/t", "-E", "occurrence=f"]
        for f in FIELDS:
            cmd += ["-e", f]
        for line in run_cmd(cmd).splitlines():
            v = line.split("\t")
            v += [""] * (len(FIELDS) - len(v))
            p = dict(zip(FIELDS, v))
            per_file[int(p["frame.interface_id"] or 0)].append(p)
    return per_file


def read_meta(path):
    meta = {}
    with open(path) as f:
        for line in f:
            k, sep, v = line.rstrip("\n").partition("=")
            if sep:
                meta[k] = v
    for k in ("backup_prio", "advert_cs", "vip_count", "lowered_prio"):
        meta[k] = int(meta.get(k) or 1)
    meta["backup_mac"] = meta["backup_mac"].lower()
    # pcap=, marks= and monitor= are relative to the .meta file.
    for k in ("pcap", "marks", "monitor"):
        if meta.get(k):
            meta[k] = os.path.join(os.path.dirname(os.path.abspath(path)), meta[k])
    with open(meta["marks"]) as f:
        meta["marks_ns"] = [tuple(epoch_ns(x) for x in line.split()) for line in f
                            if line.strip()]
    meta["events_ns"] = read_monitor(meta.get("monitor"))
    return meta


def read_monitor(path):
    """Kernel timestamps (ns) of tracker events in a `vrrpctl -j monitor` log."""
    out = []
    if not path or not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            try:
                e = json.loads(line)
            except ValueError:
                continue
            if isinstance(e, dict) and "tracker" in json.dumps(e) and e.get("timestamp_ns"):
                out.append(int(e["timestamp_ns"]))
    return sorted(out)


def classify(pkts, m):
    """(adverts [(t, src, prio)], garps [(t, addr)]) of the capture, in time order."""
    adverts, garps = [], []
    for p in pkts:
        t = epoch_ns(p["frame.time_epoch"])
        if p["vrrp.prio"] != "":
            adverts.append((t, p["ip.src"], int(p["vrrp.prio"])))
        elif (p["arp.opcode"] == "1" and p["arp.src.hw_mac"].lower() == m["backup_mac"]
              and p["arp.src.proto_ipv4"] == p["arp.dst.proto_ipv4"]
              and (m["vip_count"] > 1 or p["arp.src.proto_ipv4"] == m["vip"])):
            garps.append((t, p["arp.src.proto_ipv4"]))
    adverts.sort()
    garps.sort()
    return adverts, garps


def trial_times(adverts, garps, m, prev_steady, start, cut, hi):
    """Times of one trial, or why it cannot be measured.

    prev_steady: r1 master again after the previous trial (-inf for the
    first); start, cut: before and after the delete / link-down command;
    hi: the next trial's start (inf for the last).
    """
    master, backup = m["master"], m["backup"]
    prio0 = [t for t, src, prio in adverts if src == master and prio == 0 and start <= t < hi]
    t_call = None
    if m["kind"] == "health":
        low = [t for t, src, prio in adverts
               if src == master and prio == m["lowered_prio"] and start <= t < hi]
        if not low:
            return "no advert with priority %d from %s" % (m["lowered_prio"], master)
        t_ref = low[0]
        ev = [t for t in m["events_ns"] if start - 10**9 <= t <= t_ref]
        t_call = ev[-1] if ev else start
    elif m["kind"] == "prio0":
        if not prio0:
            return "no priority-0 advert from %s" % master
        t_ref = prio0[0]
    else:
        # The last advert that got through before the link went down.
        last = [t for t, src, prio in adverts
                if src == master and prio > 0 and prev_steady <= t <= cut]
        if not last:
            return "no advert from %s before the cut" % master
        t_ref = last[-1]
    g = [(t, a) for t, a in garps if t_ref < t < hi]
    if not g:
        return "no GARP for %s from %s after t_ref" % (m["vip"], m["backup_mac"])
    t_garp = g[0][0]
    first = {}
    for t, a in g:
        first.setdefault(a, t)
    adv = [t for t, src, prio in adverts if src == backup and prio > 0 and t_ref <= t < hi]
    early = [t for t, _ in garps if prev_steady <= t <= t_ref]
    return {"t_ref_ns": t_ref, "t_garp_ns": t_garp, "t_adv_ns": adv[0] if adv else None,
            "t_call_ns": t_call, "t_last_vip_ns": max(first.values()),
            "vips_announced": len(first),
            "master_prio0_adverts": len(prio0), "early_garps": len(early)}


def steady_gaps(adverts, m, lo, hi):
    """Intervals between the master's adverts while nothing happens."""
    ts = [t for t, src, prio in adverts if src == m["master"] and prio > 0 and lo <= t <= hi]
    return [b - a for a, b in zip(ts, ts[1:])]


def analyze(m, pkts):
    skew_ns = (256 - m["backup_prio"]) * m["advert_cs"] * NSEC_PER_CS / 256
    if m["kind"] == "health":
        ref, wait, wait_ns = "t_lowered", "nothing", 0
    elif m["kind"] == "prio0":
        ref, wait, wait_ns = "t_prio0", "Skew_Time", skew_ns
    else:
        ref, wait = "t_last", "3 * Advert + Skew_Time"
        wait_ns = 3 * m["advert_cs"] * NSEC_PER_CS + skew_ns
    run = {
        "name": m["name"], "sut": m.get("sut", "vrrp"), "kind": m["kind"],
        "vip_count": m["vip_count"], "fast_preempt": m.get("fast_preempt") == "1",
        "backup_prio": m["backup_prio"],
        "advert_ms": m["advert_cs"] * 10, "rfc_wait": wait, "rfc_wait_ns": wait_ns,
        "pcap": os.path.basename(m["pcap"]),
        "measurements": {
            "takeover": "t_garp - %s" % ref,
            "decision_to_garp": "t_garp - (%s + %s)" % (ref, wait),
            "garp_to_advert": "t_adv - t_garp",
            "decision_to_advert": "t_adv - (%s + %s)" % (ref, wait),
            "last_vip": "t_last_vip - %s" % ref,
            "call_to_garp": "t_garp - t_call",
            "advert_period": "master's adverts between trials",
        },
        "trials": [], "failed": [], "notes": [], "advert_period_ns": [],
    }
    adverts, garps = classify(pkts, m)
    marks = m["marks_ns"]
    for i, (start, cut, steady) in enumerate(marks):
        prev_steady = marks[i - 1][2] if i else float("-inf")
        hi = marks[i + 1][0] if i + 1 < len(marks) else float("inf")
        run["advert_period_ns"] += steady_gaps(adverts, m, prev_steady, start)
        r = trial_times(adverts, garps, m, prev_steady, start, cut, hi)
        if isinstance(r, str):
            run["failed"].append({"trial": i + 1, "why": r})
            continue
        if m["kind"] == "silent" and r["master_prio0_adverts"]:
            run["notes"].append("trial %d: %d priority-0 adverts from the silent master"
                                % (i + 1, r["master_prio0_adverts"]))
        if m["kind"] == "prio0" and r["master_prio0_adverts"] != 1:
            run["notes"].append("trial %d: %d priority-0 adverts"
                                % (i + 1, r["master_prio0_adverts"]))
        if r["early_garps"]:
            run["notes"].append("trial %d: the backup sent GARPs before %s (a takeover "
                                "while the master was still there)" % (i + 1, ref))
        r["trial"] = i + 1
        r["takeover_ns"] = r["t_garp_ns"] - r["t_ref_ns"]
        r["decision_to_garp_ns"] = r["takeover_ns"] - wait_ns
        r["garp_to_advert_ns"] = (None if r["t_adv_ns"] is None
                                  else r["t_adv_ns"] - r["t_garp_ns"])
        r["decision_to_advert_ns"] = (None if r["t_adv_ns"] is None
                                      else r["t_adv_ns"] - r["t_ref_ns"] - wait_ns)
        r["last_vip_ns"] = r["t_last_vip_ns"] - r["t_ref_ns"]
        r["call_to_garp_ns"] = (None if r["t_call_ns"] is None
                                else r["t_garp_ns"] - r["t_call_ns"])
        run["trials"].append(r)
    return run


def pct(sorted_vals, p):
    """Nearest-rank percentile."""
    return sorted_vals[max(0, math.ceil(p / 100 * len(sorted_vals)) - 1)]


def summary(vals_ns):
    v = sorted(x / 1000 for x in vals_ns if x is not None)
    if not v:
        return None
    return {"n": len(v), "min_us": v[0], "p50_us": pct(v, 50), "p99_us": pct(v, 99),
            "max_us": v[-1]}


def print_run(run, kernel):
    ntrials = len(run["trials"]) + len(run["failed"])
    print()
    print("%s %s: kernel %s, advert %d ms, backup prio %d, %s = %.1f us" %
          (run["sut"], run["name"], kernel, run["advert_ms"], run["backup_prio"], run["rfc_wait"],
           run["rfc_wait_ns"] / 1000))
    print("  %-48s %9s %9s %9s %9s  %s" % ("(us)", "min", "p50", "p99", "max", "trials"))
    for key, label in MEASUREMENTS:
        s = run["summary"][key]
        label = "%-16s = %s" % (label, run["measurements"][key])
        count = ("%d/%d" % (s["n"] if s else 0, ntrials) if key != "advert_period"
                 else "(%d intervals)" % (s["n"] if s else 0))
        if s is None:
            print("  %-48s %9s %9s %9s %9s  %s" % (label, "-", "-", "-", "-", count))
        else:
            print("  %-48s %9.1f %9.1f %9.1f %9.1f  %s" %
                  (label, s["min_us"], s["p50_us"], s["p99_us"], s["max_us"], count))
    for f in run["failed"]:
        print("  trial %d not measured: %s" % (f["trial"], f["why"]))
    for n in run["notes"]:
        print("  note: %s" % n)


def analyze_all(meta_paths):
    """Every run of the given .meta files, analysed, with summaries."""
    metas = [read_meta(p) for p in meta_paths]
    captures = read_captures([m["pcap"] for m in metas])
    runs = []
    for m, pkts in zip(metas, captures):
        run = analyze(m, pkts)
        run["summary"] = {k: summary([t[k + "_ns"] for t in run["trials"]])
                          for k, _ in MEASUREMENTS if k != "advert_period"}
        run["summary"]["advert_period"] = summary(run.pop("advert_period_ns"))
        runs.append(run)
    return runs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("metas", nargs="+")
    a = ap.parse_args()

    out = {"kernel": a.kernel, "units": "us", "percentiles": "nearest rank",
           "runs": analyze_all(a.metas)}
    for run in out["runs"]:
        print_run(run, a.kernel)
    with open(a.json, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print()
    print("JSON: %s" % a.json)
    return 0 if all(r["trials"] for r in out["runs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
