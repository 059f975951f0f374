#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""timeline.py: print the demo's timeline as it happens, then judge the client.

Follows (like tail -f) the files the demo writes:
  --mon NODE=FILE   `vrrpctl -j monitor` of NODE: state and tracker events
  --events FILE     lines "EPOCH SOURCE TEXT" from the demo and its helpers:
                      EPOCH round TITLE         a heading
                      EPOCH step TEXT           what the demo did
                      EPOCH down NODE | up NODE NODE's web server stopped/started
                      EPOCH check NODE ok|fail  a health check ran on NODE
                      EPOCH client ok NODE | client fail WHY   (client.py)
                      EPOCH summary             client counts of the round
                      EPOCH end                 final summary, then exit
and prints one line per thing that happened, seconds since --t0:
      12.3s  node1 MASTER, owns 10.0.0.100 (priority 150)

Client verdict, written to --verdict FILE as "ok" or "FAIL why": requests
may fail only while a node whose web server is stopped still holds the VIP
(an outage: from "down NODE" to the next answer); an outage must end within
--max-outage seconds, and another node must be master within --max-takeover
seconds of the stopped node's tracker failing (kernel timestamps of both).
Any other failed request counts against --max-stray (VIP moves between two
healthy nodes).
"""
import argparse
import json
import os
import subprocess
import sys
import time


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--t0", type=float, required=True)
    p.add_argument("--vip", required=True)
    p.add_argument("--instance", default="VI_1")
    p.add_argument("--tracker", default="chk_web")
    p.add_argument("--fall", type=int, default=3)
    p.add_argument("--rise", type=int, default=2)
    p.add_argument("--events", required=True)
    p.add_argument("--mon", action="append", default=[], help="NODE=FILE")
    p.add_argument("--netns", action="append", default=[], help="NODE=NETNS")
    p.add_argument("--vrrpctl", default="vrrpctl")
    p.add_argument("--max-outage", type=float, required=True)
    p.add_argument("--max-takeover", type=float, required=True)
    p.add_argument("--max-stray", type=int, required=True)
    p.add_argument("--verdict", required=True)
    return p.parse_args()


class Follow:
    """Lines appended to a file, as tail -f gives them (whole lines only)."""

    def __init__(self, path):
        self.path, self.f, self.buf = path, None, ""

    def lines(self):
        if self.f is None:
            try:
                self.f = open(self.path, encoding="utf-8", errors="replace")
            except FileNotFoundError:
                return []
        self.buf += self.f.read()
        *done, self.buf = self.buf.split("\n")
        return done


class Client:
    """Answers and failures of the client, per round and in outages.

    An outage starts when the web server of the node answering the client
    stops; it has three parts, ended by: that node's tracker fails (the
    check's doing), another node becomes master (the protocol's), the client
    gets an answer again (GARP, ARP cache, TCP).
    """

    def __init__(self, out):
        self.out = out
        self.round = self.reset()
        self.total = self.reset()
        self.node = None	# who answered last
        self.streak = []	# failed requests since the last answer
        self.down = None	# the outage going on: a dict, see web_down()
        self.outages = []	# the ended ones, with "end" and "failed" added
        self.stray = 0		# failed requests outside outages

    @staticmethod
    def reset():
        return {"answers": {}, "failed": 0}

    def count(self, node=None):
        """One answer from NODE, or (no NODE) one failed request."""
        for c in (self.round, self.total):
            if node:
                c["answers"][node] = c["answers"].get(node, 0) + 1
            else:
                c["failed"] += 1

    def web_down(self, node, t):
        if node == self.node and self.down is None:
            self.down = {"node": node, "start": t, "fell": None, "kernel": False,
                         "master": None}

    def web_up(self, node):
        if self.down and self.down["node"] == node:
            self.down["up"] = True

    def check_failed(self, node, t, kernel=False):
        """NODE's tracker failed at T: as the check loop saw it, or (KERNEL)
        the tracker event's timestamp, which wins."""
        d = self.down
        if d and d["node"] == node and (d["fell"] is None or kernel and not d["kernel"]):
            d["fell"], d["kernel"] = t, kernel

    def new_master(self, node, t):
        d = self.down
        if d and d["node"] != node and d["master"] is None:
            d["master"] = t

    @staticmethod
    def parts(d):
        """What an outage's time went to, as text."""
        bits = []
        if d["fell"] is not None:
            bits.append("%.1f s until the check failed" % (d["fell"] - d["start"]))
            if d["master"] is not None:
                bits.append("%.1f s to take over" % (d["master"] - d["fell"]))
        if d["master"] is not None and d.get("end") is not None:
            bits.append("%.1f s to the next answer" % (d["end"] - d["master"]))
        return ", ".join(bits)

    def ok(self, t, node):
        self.count(node)
        d = self.down
        if d and node == d["node"] and not d.get("up"):
            return	# a request it was serving as it stopped: no end of the outage
        if d:
            d["end"], d["failed"] = t, len(self.streak)
            self.outages.append(d)
            self.down = None
            self.out(t, "client: answered by %s again: %d requests failed in %.1f s (%s)"
                     % (node, len(self.streak), t - d["start"], self.parts(d)))
        elif self.streak:
            self.stray += len(self.streak)
            self.out(t, "client: answered by %s again after %d failed request%s"
                     % (node, len(self.streak), "s" if len(self.streak) > 1 else ""))
        elif node != self.node:
            self.out(t, "client: answered by %s" % node)
        self.node = node
        self.streak = []

    def fail(self, t, why):
        self.count()
        if not self.streak:
            self.out(t, "client: request failed (%s)" % why)
        self.streak.append(t)

    def line(self, c, what):
        ans = c["answers"]
        n = sum(ans.values())
        per = ", ".join("%s %d" % (k, ans[k]) for k in sorted(ans))
        return "client %s: %d answers (%s), %d failed" % (what, n, per or "none", c["failed"])

    def summary(self, t):
        self.out(t, self.line(self.round, "this round"))
        self.round = self.reset()


class Timeline:
    def __init__(self, a):
        self.a = a
        self.mons = {}
        for m in a.mon:
            node, path = m.split("=", 1)
            self.mons[node] = Follow(path)
        self.netns = dict(m.split("=", 1) for m in a.netns)
        self.events = Follow(a.events)
        self.client = Client(self.out)
        self.fails = {}		# node: consecutive failed checks
        self.oks = {}		# node: consecutive good checks
        self.trk_ok = {}	# node: tracker status as the kernel reported it

    def out(self, t, text):
        sys.stdout.write("%7.1fs  %s\n" % (t - self.a.t0, text))
        sys.stdout.flush()

    def prio(self, node):
        """The instance's priority now, as `vrrpctl show` gives it."""
        ns = self.netns.get(node)
        if not ns:
            return None
        try:
            r = subprocess.run(["ip", "netns", "exec", ns, self.a.vrrpctl, "-j", "show",
                                self.a.instance], capture_output=True, text=True, timeout=5)
            v = json.loads(r.stdout)
        except (OSError, ValueError, subprocess.SubprocessError):
            return None
        if isinstance(v, dict):
            v = v.get("instances", [v])
        for i in v if isinstance(v, list) else []:
            if i.get("name") == self.a.instance:
                return i.get("effective_priority", i.get("priority"))
        return None

    def state_event(self, node, e, t):
        state = str(e.get("state", "?")).upper()
        bits = []
        if e.get("reason"):
            bits.append(e["reason"])
        if e.get("priority") is not None:
            bits.append("priority %s" % e["priority"])
        extra = " (%s)" % ", ".join(bits) if bits else ""
        if state == "MASTER":
            self.client.new_master(node, t)
            self.out(t, "%s MASTER, owns %s%s" % (node, self.a.vip, extra))
        else:
            self.out(t, "%s %s%s" % (node, state, extra))

    def tracker_event(self, node, e, t):
        ok = e.get("ok")
        if isinstance(ok, str):
            ok = ok in ("true", "ok", "1")
        was = self.trk_ok.get(node)
        self.trk_ok[node] = bool(ok)
        if not ok:
            self.client.check_failed(node, t, kernel=True)
        p = self.prio(node)
        ptxt = " -> priority %s" % p if p is not None else ""
        if ok:
            what = "ok again" if was is False else "ok"
        else:
            what = "stale" if e.get("stale") else "failed"
        self.out(t, "%s on %s: %s%s" % (e.get("tracker", e.get("name", "?")), node, what, ptxt))

    def monitor(self, node, e, t):
        if "tracker" in e or e.get("event") == "tracker" or e.get("type") == "tracker":
            if e.get("tracker", e.get("name")) == self.a.tracker:
                self.tracker_event(node, e, t)
        elif e.get("name") == self.a.instance and "state" in e:
            self.state_event(node, e, t)

    def check(self, t, node, res, rest):
        """A check ran: print the failures counting towards FALL and the
        successes counting towards RISE; quiet while nothing changes."""
        failed = self.trk_ok.get(node) is False
        # REST: what the check printed, then `vrrpctl -j track run`'s object.
        i = rest.find('{"tracker"')
        if i >= 0:
            try:
                r = json.loads(rest[i:])
            except ValueError:
                r = {}
            rest = rest[:i].strip()
            if r.get("timed_out"):
                rest = "timed out" + (": " + rest if rest else "")
            elif r.get("signal"):
                rest = "signal %s" % r["signal"] + (": " + rest if rest else "")
            elif r.get("exit"):
                rest = "exit %s" % r["exit"] + (": " + rest if rest else "")
        if res not in ("ok", "fail"):
            self.out(t, "%s on %s: no result reported (%s)" % (self.a.tracker, node, rest))
            return
        if res == "fail":
            self.oks[node] = 0
            self.fails[node] = self.fails.get(node, 0) + 1
            if self.fails[node] == self.a.fall:
                self.client.check_failed(node, t)
            if not failed and self.fails[node] <= self.a.fall:
                self.out(t, "%s on %s: check failed %d/%d%s"
                         % (self.a.tracker, node, self.fails[node], self.a.fall,
                            " (%s)" % rest if rest else ""))
        else:
            self.fails[node] = 0
            self.oks[node] = self.oks.get(node, 0) + 1
            if failed and self.oks[node] <= self.a.rise:
                self.out(t, "%s on %s: check passed %d/%d"
                         % (self.a.tracker, node, self.oks[node], self.a.rise))

    def event(self, line):
        """One line of --events; returns False at the end."""
        parts = line.split(" ", 2)
        if len(parts) < 2:
            return True
        try:
            t = float(parts[0])
        except ValueError:
            return True
        kind, rest = parts[1], parts[2] if len(parts) > 2 else ""
        if kind == "round":
            sys.stdout.write("\n=== %s\n" % rest)
            sys.stdout.flush()
        elif kind == "step":
            self.out(t, rest)
        elif kind in ("down", "up"):
            self.out(t, "%s: web server %s" % (rest, "stopped" if kind == "down" else "started"))
            if kind == "down":
                self.client.web_down(rest, t)
            else:
                self.client.web_up(rest)
        elif kind == "check":
            node, res, *more = rest.split(" ", 2)
            self.check(t, node, res, more[0] if more else "")
        elif kind == "client":
            res, _, what = rest.partition(" ")
            if res == "ok":
                self.client.ok(t, what)
            else:
                self.client.fail(t, what)
        elif kind == "summary":
            self.client.summary(t)
        elif kind == "end":
            self.end(t)
            return False
        return True

    def end(self, t):
        c, a = self.client, self.a
        if c.down:	# an outage that never ended
            c.down["end"], c.down["failed"] = None, len(c.streak)
            c.outages.append(c.down)
        elif c.streak:
            c.stray += len(c.streak)
        print("\n=== summary")
        print(c.line(c.total, "in total"))
        bad = []
        for d in c.outages:
            node = d["node"]
            if d["end"] is None:
                print("outage after %s's web server stopped: no answer since" % node)
                bad.append("the client got no answer after %s's web server stopped" % node)
                continue
            secs = d["end"] - d["start"]
            print("outage after %s's web server stopped: %d failed requests in %.1f s (%s)"
                  % (node, d["failed"], secs, c.parts(d)))
            if secs > a.max_outage:
                bad.append("outage after %s stopped: %.1f s > %.1f s" % (node, secs, a.max_outage))
            if d["fell"] is None or d["master"] is None:
                bad.append("outage after %s stopped: no %s seen" % (
                    node, "tracker failure" if d["fell"] is None else "new master"))
            elif d["master"] - d["fell"] > a.max_takeover:
                bad.append("takeover after %s's check failed: %.1f s > %.1f s"
                           % (node, d["master"] - d["fell"], a.max_takeover))
        print("limits: outage %.1f s, takeover after the check failed %.1f s"
              % (a.max_outage, a.max_takeover))
        print("failed requests outside those outages: %d (limit %d)" % (c.stray, a.max_stray))
        if c.stray > a.max_stray:
            bad.append("%d failed requests outside outages > %d" % (c.stray, a.max_stray))
        if sum(c.total["answers"].values()) == 0:
            bad.append("the client got no answer at all")
        sys.stdout.flush()
        with open(a.verdict, "w") as f:
            f.write(("FAIL " + "; ".join(bad) if bad else "ok") + "\n")

    def run(self):
        while True:
            # Everything that arrived since the last look, in time order: a
            # state change is printed before the client lines showing it.
            batch = []
            for node, f in self.mons.items():
                for line in f.lines():
                    try:
                        e = json.loads(line)
                        t = e["timestamp_ns"] / 1e9
                    except (ValueError, KeyError, TypeError):
                        continue
                    batch.append((t, 0, node, e))
            for line in self.events.lines():
                try:
                    t = float(line.split(" ", 1)[0])
                except ValueError:
                    continue
                batch.append((t, 1, None, line))
            batch.sort(key=lambda b: (b[0], b[1]))
            for t, kind, node, item in batch:
                if kind == 0:
                    self.monitor(node, item, t)
                elif not self.event(item):
                    return
            if not batch:
                time.sleep(0.05)

if __name__ == "__main__":
    Timeline(parse()).run()
