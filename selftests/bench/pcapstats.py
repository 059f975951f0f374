#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""pcapstats.py - capture analysis for selftests/bench/ (takeover.sh, health.sh, modes.sh).

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
  t_garp  the first gratuitous ARP (request, sender = target = vip=), or
          unsolicited neighbour advertisement (target = vip=; modes.sh's IPv6
          runs), from announce_mac= (default backup_mac=; the virtual MAC in
          vmac mode) after t_ref; with vip_count= > 1, for any address, and
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

With client_pcap= (modes.sh), also what a client pinging vip= saw in each
trial: see client_view().

Prints one table per run (min / p50 / p99 / max in microseconds,
nearest-rank percentiles; with 30 trials p99 is the maximum) and writes all
runs with their per-trial values to OUT. All captures are read by a single
tshark (slow to start in an emulated guest): mergecap concatenates them and
keeps each file's interface apart, so frame.interface_id is the run index.
Exit status 1 when a run has no measured trial.
"""

import argparse
import ipaddress
import json
import math
import os
import subprocess
import sys
import tempfile

NSEC_PER_CS = 10_000_000
FIELDS = ["frame.interface_id", "frame.time_epoch", "ip.src", "vrrp.prio",
          "arp.opcode", "arp.src.hw_mac", "arp.src.proto_ipv4",
          "arp.dst.proto_ipv4", "ipv6.src", "eth.src", "icmpv6.type",
          "icmpv6.nd.na.target_address", "icmpv6.nd.na.flag.s"]
DFILTER = "vrrp || arp || icmpv6.type == 136"
CLIENT_FIELDS = ["frame.interface_id", "frame.time_epoch", "eth.src", "eth.dst",
                 "icmp.type", "icmp.seq", "icmpv6.type", "icmpv6.echo.sequence_number"]
CLIENT_DFILTER = "icmp.type == 0 || icmp.type == 8 || icmpv6.type == 128 || icmpv6.type == 129"
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


def addr(s):
    """An address as tshark prints it (IPv6 compressed), "" for none."""
    s = (s or "").strip()
    if not s:
        return ""
    try:
        return ipaddress.ip_address(s).compressed
    except ValueError:
        return s


def read_captures(pcaps, dfilter=DFILTER, fields=FIELDS):
    """Per capture, the list of its VRRP, ARP and NA packets as dicts."""
    per_file = [[] for _ in pcaps]
    with tempfile.TemporaryDirectory() as tmp:
        src = pcaps[0]
        if len(pcaps) > 1:
            src = os.path.join(tmp, "all.pcapng")
            run_cmd(["mergecap", "-I", "none", "-a", "-F", "pcapng", "-w", src] + pcaps)
        cmd = ["tshark", "-n", "-r", src, "-Y", dfilter, "-T", "fields",
               "-E", "separator=/t", "-E", "occurrence=f"]
        for f in fields:
            cmd += ["-e", f]
        for line in run_cmd(cmd).splitlines():
            v = line.split("\t")
            v += [""] * (len(fields) - len(v))
            p = dict(zip(fields, v))
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
    # announce_mac=: where the backup's GARPs / NAs come from (vmac mode)
    meta["announce_mac"] = (meta.get("announce_mac") or meta["backup_mac"]).lower()
    for k in ("master", "backup", "vip"):
        meta[k] = addr(meta.get(k))
    # pcap=, marks=, monitor=, client_pcap= and client_neigh= are relative
    # to the .meta file.
    for k in ("pcap", "marks", "monitor", "client_pcap", "client_neigh"):
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
    """(adverts [(t, src, prio)], garps [(t, addr)]) of the capture, in time order.

    "GARPs" are the backup's announcements: gratuitous ARP requests from
    announce_mac= and, for IPv6, unsolicited neighbour advertisements
    (ICMPv6 136 without the solicited flag) from announce_mac=.
    """
    adverts, garps = [], []
    mac = m["announce_mac"]
    for p in pkts:
        t = epoch_ns(p["frame.time_epoch"])
        if p["vrrp.prio"] != "":
            adverts.append((t, addr(p["ip.src"] or p["ipv6.src"]), int(p["vrrp.prio"])))
        elif (p["arp.opcode"] == "1" and p["arp.src.hw_mac"].lower() == mac
              and p["arp.src.proto_ipv4"] == p["arp.dst.proto_ipv4"]
              and (m["vip_count"] > 1 or p["arp.src.proto_ipv4"] == m["vip"])):
            garps.append((t, p["arp.src.proto_ipv4"]))
        elif (p["icmpv6.type"] == "136" and p["eth.src"].lower() == mac
              and p["icmpv6.nd.na.flag.s"] in ("0", "False", "")
              and (m["vip_count"] > 1 or addr(p["icmpv6.nd.na.target_address"]) == m["vip"])):
            garps.append((t, addr(p["icmpv6.nd.na.target_address"])))
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
        return "no GARP/NA for %s from %s after t_ref" % (m["vip"], m["announce_mac"])
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
    for i, (start, cut, steady) in enumerate(mk[:3] for mk in marks):
        # ready= (modes.sh): steady again after the capture and the client
        # started, so that what happened before is not the first trial's
        prev_steady = (marks[i - 1][2] if i else
                       epoch_ns(m["ready"]) if m.get("ready") else float("-inf"))
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
    print_client(run)


# --- the client's view (modes.sh) -------------------------------------------------------

def read_neigh(path):
    """{trial start (ns): `ip neigh` line} from client_neigh=."""
    out = {}
    if not path or not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            t, _, rest = line.strip().partition(" ")
            if t:
                out[epoch_ns(t)] = rest
    return out


def count_summary(vals):
    v = sorted(vals)
    if not v:
        return None
    return {"n": len(v), "min": v[0], "p50": pct(v, 50), "max": v[-1], "total": sum(v)}


def client_view(m, pkts):
    """What the client pinging vip= saw in each trial (marks: start cut steady back).

    A request is lost when no reply with its sequence number came back. Per
    phase, "takeover" = [start, back) (r1 resigned, r2 took over) and
    "return" = [back, next start) (r1 came back and preempted):
      lost          requests sent in the phase that were never answered
      outage        from the first lost request of the phase to the next
                    answered request after the phase's last lost one (0:
                    nothing lost)
      reply_gap     the longest interval between two consecutive replies,
                    the first before the phase's end, the second after its
                    start (includes the guest's stalls of ping itself)
      request_macs  the destination MACs of the client's requests, the last
                    one before the phase and then each change, by name
                    (r1, r2, vmac): the client's neighbour entry for the VIP
    """
    names = {m.get("master_mac", "").lower(): "r1", m["backup_mac"]: "r2"}
    if m["announce_mac"] != m["backup_mac"]:
        names[m["announce_mac"]] = "vmac"

    def name(mac):
        mac = mac.lower()
        return names.get(mac, mac)

    reqs, replies, pending = [], [], {}
    for p in pkts:
        t = epoch_ns(p["frame.time_epoch"])
        typ = p["icmp.type"] or p["icmpv6.type"]
        seq = p["icmp.seq"] or p["icmpv6.echo.sequence_number"]
        if typ in ("8", "128"):
            pending[seq] = len(reqs)
            reqs.append([t, name(p["eth.dst"]), False])
        elif typ in ("0", "129") and seq in pending:
            reqs[pending.pop(seq)][2] = True
            replies.append((t, name(p["eth.src"])))
    reqs.sort()
    replies.sort()
    neigh = read_neigh(m.get("client_neigh"))
    marks = m["marks_ns"]
    trials = []

    def phase(lo, hi):
        rq = [r for r in reqs if lo <= r[0] < hi]
        before = [r for r in reqs if r[0] < lo]
        macs = [before[-1][1]] if before else []
        for r in rq:
            if not macs or macs[-1] != r[1]:
                macs.append(r[1])
        rt = [t for t, _ in replies]
        gap = None
        for a, b in zip(rt, rt[1:]):
            if a < hi and b > lo:
                gap = max(gap or 0, b - a)
        srcs = []
        for t, mac in replies:
            if lo <= t < hi and (not srcs or srcs[-1] != mac):
                srcs.append(mac)
        lost = [r for r in rq if not r[2]]
        outage = 0
        if lost:
            after = [r[0] for r in reqs if r[0] > lost[-1][0] and r[2]]
            outage = (after[0] if after else hi) - lost[0][0]
        return {"requests": len(rq), "lost": len(lost), "outage_us": outage / 1000,
                "reply_gap_us": None if gap is None else gap / 1000,
                "request_macs": macs, "reply_macs": srcs,
                "neigh_changed": len(set(macs)) > 1}

    for i, mk in enumerate(marks):
        if len(mk) < 4:
            continue
        start, back = mk[0], mk[3]
        hi = marks[i + 1][0] if i + 1 < len(marks) else (reqs[-1][0] + 1 if reqs else back)
        trials.append({"trial": i + 1, "takeover": phase(start, back),
                       "return": phase(back, hi), "neigh_at_takeover": neigh.get(start, "")})
    if not trials:
        return None
    gaps = sorted(r[0] for r in reqs)
    ivals = [b - a for a, b in zip(gaps, gaps[1:])]
    out = {"interval_ms": 10, "pcap": os.path.basename(m["client_pcap"]),
           "requests": len(reqs), "lost": sum(1 for r in reqs if not r[2]),
           "request_interval": summary(ivals),
           "request_macs_all": sorted({r[1] for r in reqs}),
           "requests_to": {mac: sum(1 for r in reqs if r[1] == mac)
                           for mac in {r[1] for r in reqs}},
           "replies_from": {mac: sum(1 for r in replies if r[1] == mac)
                            for mac in {r[1] for r in replies}},
           "trials": trials}
    for ph in ("takeover", "return"):
        out[ph] = {"lost": count_summary([t[ph]["lost"] for t in trials]),
                   "outage": summary([t[ph]["outage_us"] * 1000 for t in trials]),
                   "reply_gap": summary([t[ph]["reply_gap_us"] * 1000 for t in trials
                                         if t[ph]["reply_gap_us"] is not None]),
                   "neigh_changed": sum(1 for t in trials if t[ph]["neigh_changed"]),
                   "trials": len(trials)}
    return out


def print_client(run):
    c = run.get("client")
    if not c:
        return
    print("  client (ping -i 0.01 to the VIP): %d requests, %d lost; requests to %s; "
          "replies from %s" % (c["requests"], c["lost"],
                               ", ".join("%s %d" % kv for kv in sorted(c["requests_to"].items())),
                               ", ".join("%s %d" % kv for kv in sorted(c["replies_from"].items()))))
    for ph in ("takeover", "return"):
        s, o, g = c[ph]["lost"], c[ph]["outage"], c[ph]["reply_gap"]
        print("    %-8s lost per trial min/p50/max %s, outage p50/max %s, longest reply gap "
              "p50/max %s, neighbour entry changed in %d of %d" % (
                  ph, "%d/%d/%d" % (s["min"], s["p50"], s["max"]) if s else "-",
                  "%.1f/%.1f ms" % (o["p50_us"] / 1000, o["max_us"] / 1000) if o else "-",
                  "%.1f/%.1f ms" % (g["p50_us"] / 1000, g["max_us"] / 1000) if g else "-",
                  c[ph]["neigh_changed"], c[ph]["trials"]))


def analyze_all(meta_paths):
    """Every run of the given .meta files, analysed, with summaries."""
    metas = [read_meta(p) for p in meta_paths]
    captures = read_captures([m["pcap"] for m in metas])
    with_client = [m for m in metas if m.get("client_pcap") and os.path.exists(m["client_pcap"])]
    clients = (read_captures([m["client_pcap"] for m in with_client], CLIENT_DFILTER,
                             CLIENT_FIELDS) if with_client else [])
    client_of = {id(m): c for m, c in zip(with_client, clients)}
    runs = []
    for m, pkts in zip(metas, captures):
        run = analyze(m, pkts)
        run["summary"] = {k: summary([t[k + "_ns"] for t in run["trials"]])
                          for k, _ in MEASUREMENTS if k != "advert_period"}
        run["summary"]["advert_period"] = summary(run.pop("advert_period_ns"))
        for k in ("mode", "family", "announce_mac", "note"):
            if m.get(k):
                run[k] = m[k]
        if id(m) in client_of:
            run["client"] = client_view(m, client_of[id(m)])
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
