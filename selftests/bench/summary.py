# SPDX-License-Identifier: GPL-2.0
"""summary.py - summary.md and plots from results/*.json (used by report.py).

For each kernel, the newest result file (a full run is preferred over a
QUICK one). Every row puts vrrp.ko and keepalived side by side, measured in
the same VM run, with the ratio keepalived / vrrp.ko (above 1: vrrp.ko is
faster or cheaper). Plots go to OUT/plots/ as SVG and PNG, drawn by gnuplot
from .dat files written next to them.
"""

import glob
import json
import os
import shutil
import subprocess

NAMES = {"vrrp": "vrrp.ko", "keepalived": "keepalived"}


def partial(r):
    """A result of modes.sh alone (no takeover, health or scale figures)."""
    return not (r.get("takeover") or r.get("health") or r.get("scale"))


def newest_results(out):
    """Per kernel, the newest full result (else QUICK, else a partial one);
    modes_result() finds the modes.sh figures separately."""
    best = {}
    for p in sorted(glob.glob(os.path.join(out, "*.json"))):
        with open(p) as f:
            r = json.load(f)
        r["_file"] = os.path.basename(p)
        k = r["kernel"]
        old = best.get(k)
        rank, old_rank = (partial(r), r["quick"]), old and (partial(old), old["quick"])
        if old is None or rank < old_rank or (rank == old_rank and r["date"] >= old["date"]):
            best[k] = r
    return [best[k] for k in sorted(best)]


def us(v):
    if v is None:
        return "-"
    if abs(v) >= 10000:
        return "%.0f ms" % (v / 1000)
    if abs(v) >= 1000:
        return "%.2f ms" % (v / 1000)
    return "%.0f us" % v


def quad(s):
    if not s:
        return "-"
    return "%s / %s / %s / %s" % (us(s["min_us"]), us(s["p50_us"]), us(s["p99_us"]),
                                  us(s["max_us"]))


def ratio(a, b):
    """keepalived / vrrp.ko, or '-'."""
    if a is None or b is None or a <= 0:
        return "-"
    return "%.1fx" % (b / a)


def run_of(res, sut, name):
    for r in res["takeover"] + res["health"]:
        key = r["name"] if r["kind"] != "health" else "health-fp%d" % r["fast_preempt"]
        if r["sut"] == sut and key == name:
            return r
    return None


def stat(r, key, what="p99_us"):
    s = r and r["summary"].get(key)
    return s[what] if s else None


def latency_rows(res):
    """(item, row label, measurement key, run name) of the latency table."""
    rows = []
    for name in ("prio0-254", "prio0-240", "prio0-200", "silent-10ms", "silent-100ms",
                 "silent-1s"):
        rows.append(("1", "decision-to-GARP, %s" % name, "decision_to_garp", name))
    rows.append(("1", "decision-to-first-advert, prio0-240", "decision_to_advert",
                 "prio0-240"))
    for name in ("silent-10ms", "silent-100ms", "silent-1s"):
        rows.append(("2", "silent death: last advert to GARP, %s" % name[7:], "takeover",
                     name))
    for name in ("prio0-254", "prio0-240", "prio0-200"):
        rows.append(("3", "priority 0 to GARP, backup prio %s" % name[6:], "takeover", name))
    rows.append(("4", "health: weight call to GARP, fast-preempt", "call_to_garp",
                 "health-fp1"))
    rows.append(("4", "health: weight call to GARP, no fast-preempt", "call_to_garp",
                 "health-fp0"))
    rows.append(("4", "health: master's lowered advert to GARP, fast-preempt", "takeover",
                 "health-fp1"))
    rows.append(("4", "health: master's lowered advert to GARP, no fast-preempt", "takeover",
                 "health-fp0"))
    rows.append(("6", "1000 VIPs: priority 0 to first GARP", "takeover", "vips-1000"))
    rows.append(("6", "1000 VIPs: priority 0 to last VIP's first GARP", "last_vip",
                 "vips-1000"))
    return [r for r in rows if run_of(res, "vrrp", r[3]) or run_of(res, "keepalived", r[3])]


def floor_note(r):
    if r and r["kind"] == "silent":
        return " (RFC floor %s)" % us(r["rfc_wait_ns"] / 1000)
    if r and r["kind"] == "prio0":
        return " (Skew_Time %s)" % us(r["rfc_wait_ns"] / 1000)
    return ""


def latency_table(res):
    lines = ["| item | measurement | vrrp.ko min / p50 / p99 / max | keepalived min / p50 / p99 / max"
             " | ratio at p99 (p50) |", "|---|---|---|---|---|"]
    for item, label, key, name in latency_rows(res):
        v, k = run_of(res, "vrrp", name), run_of(res, "keepalived", name)
        if name.startswith("health-fp1") and k is None:
            k = run_of(res, "keepalived", "health-fp0")
        if name.startswith("health") and v is None and res.get("health_skipped"):
            vq = "skipped: " + res["health_skipped"][0].get("skipped", "")
        else:
            vq = quad(v and v["summary"].get(key))
        lines.append("| %s | %s%s | %s | %s | %s (%s) |" % (
            item, label, floor_note(v or k), vq, quad(k and k["summary"].get(key)),
            ratio(stat(v, key), stat(k, key)),
            ratio(stat(v, key, "p50_us"), stat(k, key, "p50_us"))))
    return lines


def scale_table(res):
    sc = res.get("scale")
    if not sc:
        return []
    lines = ["| item | instances (interfaces), advert, hog | vrrp.ko CPU ms/s (sys+softirq) |"
             " keepalived CPU ms/s (process) | vrrp.ko transitions | keepalived transitions |"
             " CPU ratio |", "|---|---|---|---|---|---|---|"]
    keys = sorted({(w["advert_ms"], w["instances"], w["hog"]) for w in sc["windows"]})
    for adv, n, hog in keys:
        ws = {w["sut"]: w for w in sc["windows"]
              if (w["advert_ms"], w["instances"], w["hog"]) == (adv, n, hog)}
        v, k = ws.get("vrrp"), ws.get("keepalived")

        def cell(w, detail):
            if not w:
                return "-"
            s = "%.0f (%s)" % (w["router_cpu_above_idle"], detail(w))
            return s + ("" if w["settled"] else ", not settled")
        lines.append("| 5 | %d (%d), %d ms, %s | %s | %s | %s | %s | %s |" % (
            n, max(1, (n + 254) // 255), adv, "hog" if hog else "no hog",
            cell(v, lambda w: "%.0f+%.0f" % (w["guest_system"], w["guest_softirq"])),
            cell(k, lambda w: "%.0f" % w["keepalived_process"]),
            v["transitions"] if v else "-", k["transitions"] if k else "-",
            ratio(v and max(v["router_cpu_above_idle"], 0.5),
                  k and k["router_cpu_above_idle"])))
    return lines


def memory_lines(res):
    sc = res.get("scale") or {}
    out = []
    for key, m in sorted(sc.get("memory", {}).items()):
        s = "- %s: kernel slab %+.2f KiB per instance (%d per router)" % (
            key.replace("vrrp", "vrrp.ko"), m["slab_kb_per_instance"],
            m["instances_per_router"])
        if "rss_kb_per_instance" in m:
            s += ", VRRP process RSS %.2f KiB per instance" % m["rss_kb_per_instance"]
        out.append(s)
    mod = sc.get("module") or {}
    if mod:
        out.append("- vrrp.ko: %d bytes in memory (/sys/module/vrrp/coresize); text %s, "
                   "data %s, bss %s bytes; file %s bytes" % (
                       mod.get("module_coresize", 0), mod.get("module_text", "?"),
                       mod.get("module_data", "?"), mod.get("module_bss", "?"),
                       mod.get("module_file", "?")))
    return out


# --- protocol modes (modes.sh) ------------------------------------------------------

MODES = (("v3-ipv4", "VRRPv3, IPv4 multicast (baseline)"),
         ("v3-ipv6", "VRRPv3, IPv6 multicast (NA)"),
         ("v2-pass", "VRRPv2, auth PASS"),
         ("unicast-ipv4", "VRRPv3, IPv4 unicast peers"),
         ("unicast-ipv6", "VRRPv3, IPv6 unicast peers (NA)"),
         ("vmac-ipv4", "VRRPv3, IPv4, virtual MAC"))


def modes_result(res, out):
    """The newest result of res's kernel with modes.sh runs (a full one before a
    QUICK one), res itself when it is that one."""
    best = None
    for p in sorted(glob.glob(os.path.join(out, "*.json"))):
        with open(p) as f:
            r = json.load(f)
        if r["kernel"] != res["kernel"] or not (r.get("modes") or r.get("modes_skipped")):
            continue
        r["_file"] = os.path.basename(p)
        if best is None or (best["quick"] and not r["quick"]) or \
                (best["quick"] == r["quick"] and r["date"] >= best["date"]):
            best = r
    if best and best["_file"] == res["_file"]:
        return res
    return best


def mode_run(res, sut, name):
    for r in res.get("modes", []):
        if r["sut"] == sut and r["name"] == name:
            return r
    return None


def mode_skip(res, sut, name):
    for m in res.get("modes_skipped", []):
        if m.get("sut") == sut and m.get("name") == name:
            return "skipped: " + m.get("skipped", "")
    return None


def modes_tables(res):
    lines = ["| mode | advert, Skew_Time | vrrp.ko min / p50 / p99 / max | keepalived min / p50 /"
             " p99 / max | ratio at p99 (p50) |", "|---|---|---|---|---|"]
    client = ["| mode | backup | takeover: lost replies min / p50 / max (total) | takeover: "
              "outage p50 / max | neighbour entry changed at takeover | r1's return: lost "
              "replies min / p50 / max (total) | requests sent to | replies from |",
              "|---|---|---|---|---|---|---|---|"]
    for name, label in MODES:
        v, k = mode_run(res, "vrrp", name), mode_run(res, "keepalived", name)
        if not (v or k or mode_skip(res, "vrrp", name) or mode_skip(res, "keepalived", name)):
            continue
        r = v or k
        adv = "%d ms, %s" % (r["advert_ms"], us(r["rfc_wait_ns"] / 1000)) if r else "-"

        def cell(run, sut):
            if run is None:
                return mode_skip(res, sut, name) or "-"
            q = quad(run["summary"].get("takeover"))
            n = len(run["trials"]) + len(run["failed"])
            return "%s (%d/%d)" % (q, len(run["trials"]), n)
        lines.append("| %s | %s | %s | %s | %s (%s) |" % (
            label, adv, cell(v, "vrrp"), cell(k, "keepalived"),
            ratio(stat(v, "takeover"), stat(k, "takeover")),
            ratio(stat(v, "takeover", "p50_us"), stat(k, "takeover", "p50_us"))))
        for sut, run in (("vrrp", v), ("keepalived", k)):
            c = run and run.get("client")
            if not c:
                continue
            t, b = c["takeover"], c["return"]

            def lost(x):
                s = x["lost"]
                return ("%d / %d / %d (%d)" % (s["min"], s["p50"], s["max"], s["total"])
                        if s else "-")

            def macs(d):
                return ", ".join("%s %d" % kv for kv in sorted(d.items()))
            o = t.get("outage")
            client.append("| %s | %s | %s | %s | %d of %d trials | %s | %s | %s |" % (
                label, NAMES[sut], lost(t),
                "%s / %s" % (us(o["p50_us"]), us(o["max_us"])) if o else "-",
                t["neigh_changed"], t["trials"], lost(b), macs(c.get("requests_to", {})),
                macs(c.get("replies_from", {}))))
    return lines, client if len(client) > 2 else []


# --- plots ------------------------------------------------------------------------------

def write_dat(path, rows):
    with open(path, "w") as f:
        for r in rows:
            f.write(" ".join(str(x) for x in r) + "\n")


def cdf_rows(vals):
    v = sorted(x for x in vals if x is not None)
    return [(x / 1000, (i + 1) / len(v)) for i, x in enumerate(v)]


def plots(res, pdir):
    """.dat files and a gnuplot script per figure; returns the script paths."""
    k = res["kernel"]
    tag = k.split("-")[0]
    scripts = []

    def trials(sut, name, key):
        r = run_of(res, sut, name)
        return [t.get(key + "_us") for t in r["trials"]] if r else []

    def cdf_plot(fname, title, series, xlabel):
        parts = []
        for label, vals in series:
            rows = cdf_rows([v * 1000 for v in vals if v is not None])
            if not rows:
                continue
            dat = os.path.join(pdir, "%s-%s-%d.dat" % (fname, tag, len(parts)))
            write_dat(dat, rows)
            parts.append("'%s' using 1:2 with steps lw 2 title '%s'" % (
                os.path.basename(dat), label))
        if not parts:
            return
        gp = os.path.join(pdir, "%s-%s.gp" % (fname, tag))
        with open(gp, "w") as f:
            f.write("set title '%s (kernel %s, %s)'\n" % (title, k, res["date"][:10]))
            f.write("set xlabel '%s'\nset ylabel 'fraction of trials'\n" % xlabel)
            f.write("set logscale x\nset key bottom right\nset grid\nset yrange [0:1.02]\n")
            f.write("plot " + ", \\\n     ".join(parts) + "\n")
        scripts.append((gp, "%s-%s" % (fname, tag)))

    series = []
    for sut in ("vrrp", "keepalived"):
        for name in ("prio0-240", "silent-10ms"):
            series.append(("%s %s" % (NAMES[sut], name),
                           trials(sut, name, "decision_to_garp")))
    cdf_plot("decision-cdf", "Decision to first GARP", series, "us (log)")
    series = [("%s backup prio %s" % (NAMES[s], n[6:]), trials(s, n, "takeover"))
              for s in ("vrrp", "keepalived") for n in ("prio0-254", "prio0-240", "prio0-200")]
    cdf_plot("prio0-cdf", "Priority 0 to first GARP, 10 ms adverts", series, "us (log)")
    series = [("%s %s" % (NAMES[s], n[7:]), trials(s, n, "decision_to_garp"))
              for s in ("vrrp", "keepalived") for n in ("silent-10ms", "silent-100ms",
                                                        "silent-1s")]
    cdf_plot("silent-cdf", "Silent master: GARP after the RFC floor", series, "us (log)")

    sc = res.get("scale")
    if sc and sc["windows"]:
        parts = []
        for sut in ("vrrp", "keepalived"):
            for adv in sorted({w["advert_ms"] for w in sc["windows"]}):
                for hog in (False, True):
                    rows = sorted((w["instances"], max(w["router_cpu_above_idle"], 0.1))
                                  for w in sc["windows"] if w["sut"] == sut and
                                  w["advert_ms"] == adv and w["hog"] == hog)
                    if not rows:
                        continue
                    dat = os.path.join(pdir, "cpu-%s-%s-%d-%d.dat" % (tag, sut, adv, hog))
                    write_dat(dat, rows)
                    parts.append("'%s' using 1:2 with linespoints lw 2 title '%s %d ms%s'" % (
                        os.path.basename(dat), NAMES[sut], adv, " + hog" if hog else ""))
        gp = os.path.join(pdir, "cpu-%s.gp" % tag)
        with open(gp, "w") as f:
            f.write("set title 'CPU of a router pair vs instances (kernel %s, %s)'\n" % (
                k, res["date"][:10]))
            f.write("set xlabel 'instances per router'\n")
            f.write("set ylabel 'CPU ms per s above idle (1000 = 1 vCPU)'\n")
            f.write("set logscale xy\nset key top left\nset grid\n")
            f.write("plot " + ", \\\n     ".join(parts) + "\n")
        scripts.append((gp, "cpu-%s" % tag))
    return scripts


def draw(scripts, pdir):
    if not shutil.which("gnuplot"):
        return ["(gnuplot not installed: plots not drawn; `make deps` installs it)"]
    out = []
    for gp, base in scripts:
        for term, ext in (("svg size 800,500 dynamic", "svg"), ("pngcairo size 800,500", "png")):
            cmd = "set terminal %s; set output '%s.%s'; load '%s'" % (
                term, base, ext, os.path.basename(gp))
            r = subprocess.run(["gnuplot", "-e", cmd], cwd=pdir, capture_output=True,
                               text=True)
            if r.returncode != 0 and ext == "png":
                cmd = cmd.replace("pngcairo", "png")
                r = subprocess.run(["gnuplot", "-e", cmd], cwd=pdir, capture_output=True,
                                   text=True)
            if r.returncode != 0:
                out.append("gnuplot %s: %s" % (gp, r.stderr.strip()[:200]))
    return out


def headline(res):
    """The few rows the README shows."""
    rows = []

    def row(label, name, key, sut_pair=("vrrp", "keepalived")):
        v, k = run_of(res, sut_pair[0], name), run_of(res, sut_pair[1], name)
        if name == "health-fp1" and k is None:
            k = run_of(res, "keepalived", "health-fp0")
        if not v and not k:
            return
        rows.append("| %s | %s | %s | %s |" % (label, us(stat(v, key)), us(stat(k, key)),
                                               ratio(stat(v, key), stat(k, key))))
    row("decision to first GARP, p99 (priority 0, backup 240, 10 ms)", "prio0-240",
        "decision_to_garp")
    row("priority 0 to GARP, p99 (backup 254, 10 ms)", "prio0-254", "takeover")
    row("silent master at 10 ms: last advert to GARP, p99 (floor 30.6 ms)", "silent-10ms",
        "takeover")
    row("silent master at 10 ms: past the RFC floor, p99", "silent-10ms", "decision_to_garp")
    row("health failover, weight call to GARP, p99 (fast-preempt)", "health-fp1",
        "call_to_garp")
    row("1000 VIPs: priority 0 to the last VIP's GARP, p99", "vips-1000", "last_vip")
    sc = res.get("scale")
    if sc:
        big = [w for w in sc["windows"] if w["hog"] and w["advert_ms"] == 10]
        if big:
            n = max(w["instances"] for w in big if w["instances"] <= 255)
            ws = {w["sut"]: w for w in big if w["instances"] == n}
            v, k = ws.get("vrrp"), ws.get("keepalived")
            rows.append("| %d instances at 10 ms, CPU hog: CPU ms/s above idle | %s | %s | %s |" % (
                n, "%.0f" % v["router_cpu_above_idle"] if v else "-",
                "%.0f" % k["router_cpu_above_idle"] if k else "-",
                ratio(v and max(v["router_cpu_above_idle"], 0.5),
                      k and k["router_cpu_above_idle"])))
            rows.append("| %d instances at 10 ms, CPU hog: spurious transitions in %g s | %s | %s | |" % (
                n, (v or k)["window_s"] // 1, v["transitions"] if v else "-",
                k["transitions"] if k else "-"))
    return ["| measurement | vrrp.ko | keepalived | keepalived / vrrp.ko |",
            "|---|---|---|---|"] + rows


def cmd_summary(a):
    results = newest_results(a.out)
    if not results:
        print("no results in %s" % a.out)
        return 1
    pdir = os.path.join(a.out, "plots")
    os.makedirs(pdir, exist_ok=True)
    md = ["# vrrp.ko against keepalived: benchmark results", "",
          "Written by `make bench` (selftests/bench/report.py) from the newest result of "
          "each kernel in this folder. Every figure is measured in one QEMU guest "
          "(emulated CPU, 2 vCPUs), vrrp.ko and keepalived in the same run and topology; "
          "times come from packet captures (nanosecond stamps), never from polling. "
          "Latencies: min / p50 / p99 / max over the trials (nearest rank: with 20 "
          "trials p99 is the maximum). Ratio = keepalived / vrrp.ko. How each figure is "
          "taken: selftests/bench/*.sh headers and README.md, Benchmarks. keepalived has no "
          "fast-preempt: both health rows show its one run (track_file).", ""]
    problems = []
    for res in results:
        md += ["## Kernel %s, %s (commit %s%s)" % (
            res["kernel"], res["date"], res["commit"], ", QUICK" if res["quick"] else ""), "",
            "Result file: `%s`; keepalived: %s; host: %s." % (
                res["_file"], res.get("guest", {}).get("keepalived", "?"),
                res.get("host") or "?"), ""]
        md += ["### Headline", ""] + headline(res) + [""]
        md += ["### Latency (items 1-4, 6)", ""] + latency_table(res) + [""]
        sl = scale_table(res)
        if sl:
            md += ["### Scale (item 5)", "",
                   "CPU: ms of CPU per second of the router pair above the idle guest "
                   "(1000 = one vCPU): the guest's system + irq + softirq time plus "
                   "keepalived's user time; in brackets what the issue asks for: guest "
                   "system+softirq for vrrp.ko, keepalived's process time (user+system). "
                   "Transitions: state changes during the window (all spurious). The hog is "
                   "a busy loop on vCPU 1, where the routers run.", ""] + sl + [""]
        mr = modes_result(res, a.out)
        if mr:
            mt, ct = modes_tables(mr)
            md += ["### Protocol modes (modes.sh)", "",
                   "Priority-0 handover at backup priority 240, one instance (r1: vrrp.ko, "
                   "priority 255; r2: the backup measured): from r1's priority-0 advert to "
                   "r2's first announcement of the VIP (gratuitous ARP, for IPv6 an "
                   "unsolicited NA; in vmac mode from 00:00:5e:00:01:VRID), on r2's link; "
                   "(measured/trials) after each cell. VRRPv2 has whole-second adverts only."
                   + ("" if mr is res else " From `%s` (%s, commit %s%s; parameters: %s; "
                                           "host: %s)." % (
                       mr["_file"], mr["date"], mr["commit"], ", QUICK" if mr["quick"] else "",
                       " ".join("%s=%s" % kv for kv in sorted(mr.get("parameters", {}).items()))
                       or "defaults", mr.get("host") or "?")),
                   ""] + mt + [""]
            if ct:
                md += ["A client (r3) pings the VIP every 10 ms through every run; from a "
                       "capture on its link, per trial: requests sent between r1's "
                       "resignation and r1's return (takeover) and between r1's return and "
                       "the next trial (return) that were never answered; the outage (first "
                       "lost request to the next answered one); whether the destination MAC "
                       "of its requests (its neighbour entry for the VIP) changed; and over "
                       "the run, how many requests went to, and replies came from, each MAC "
                       "(r1, r2: the routers' own; vmac: 00:00:5e:00:01:VRID).",
                       ""] + ct + [""]
        ml = memory_lines(res)
        if ml:
            md += ["### Memory (item 7)", ""] + ml + [""]
        scripts = plots(res, pdir)
        problems += draw(scripts, pdir)
        md += ["### Plots", ""] + ["![%s](plots/%s.svg)" % (b, b) for _, b in scripts] + [""]
    md += ["" if not problems else "Plot problems: " + "; ".join(problems)]
    with open(os.path.join(a.out, "summary.md"), "w") as f:
        f.write("\n".join(md).rstrip() + "\n")
    print("summary: %s" % os.path.join(a.out, "summary.md"))
    for res in results:
        print("\nREADME headline, kernel %s, %s:" % (res["kernel"], res["date"][:10]))
        print("\n".join(headline(res)))
    return 0
