#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 120
#
# vrrpctl metrics: the Prometheus text format as a real parser
# (python3-prometheus-client) reads it, and the values it gives are those
# of "vrrpctl -j show", "-j stats" and "-j tracker show".
#
#                 br0 (netns br)
#           +-----------+-----------+
#       r1 eth0                 r2 eth0
#       10.0.0.1                10.0.0.2
#       VI_1 vrid 51 prio 200   VI_1 vrid 51 prio 100
#       a"b\c vrid 52, tracking chk_bad (failed, weight 0): FAULT
#       trackers chk_ok (weight -20, ok), chk_bad
#
# 1. On each router: every instance's state (one 1 among init, backup,
#    master, fault), fault reasons, info (version), configured and effective
#    priority, intervals; every per-instance and router-wide counter of
#    "-j stats" (between a snapshot taken before and one after the metrics)
#    with HELP and TYPE counter; the trackers' state, staleness and reports.
#    The name a"b\c comes back whole through the label escaping.
# 2. The alert rule of the README, "VIP held by two nodes" (the masters of a
#    VRID over all nodes > 1), evaluated on the two routers' metrics: 1
#    master; with the multicast adverts dropped at the bridge, 2.
# 3. --output FILE: the same families, mode 0644, nothing else left in the
#    directory.
# 4. The parsing and comparisons of 1. and 2., on what was saved then, in one
#    python3 at the end (it starts slowly in the guest).

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd python3

VIP=10.0.0.50
WEIRD='a"b\c'
setup_lan r1 r2

step "1. instances, trackers, traffic"
vctl r1 tracker add chk_ok weight -20 || fail "tracker add chk_ok"
vctl r1 tracker add chk_bad || fail "tracker add chk_bad"
vctl r1 track chk_ok ok || fail "track chk_ok ok"
vctl r1 track chk_bad fail || fail "track chk_bad fail"
vctl r1 weight chk_ok 5 || fail "weight chk_ok 5"
add r1 VI_1 vrid 51 prio 200 advert 100ms track chk_ok vip $VIP/24
add r1 "$WEIRD" vrid 52 prio 100 advert 100ms track chk_bad vip 10.0.0.52/24
add r2 VI_1 vrid 51 prio 100 advert 100ms vip $VIP/24
wait_state r1 VI_1 master 20
wait_state r2 VI_1 backup 20
wait_state r1 "$WEIRD" fault 10

# collect NS...: the metrics and the JSON of each NS, for check_metrics.py
# (one python3 at the end: it starts slowly in the guest)
DIRS=()
collect() {
	local ns d
	for ns in "$@"; do
		d=$TMPD/$ns
		mkdir -p "$d"
		vctlq "$ns" -j stats >"$d/stats-before.json" || fail "$ns: -j stats"
		vctlq "$ns" metrics >"$d/metrics.prom" || fail "$ns: metrics"
		vctlq "$ns" -j stats >"$d/stats-after.json" || fail "$ns: -j stats"
		vctlq "$ns" -j show >"$d/show.json" || fail "$ns: -j show"
		vctlq "$ns" -j tracker show >"$d/trackers.json" || fail "$ns: -j tracker show"
		DIRS+=("$d")
	done
}

cat >"$TMPD/check_metrics.py" <<'EOF_PY'
import json, math, os, sys
try:
    from prometheus_client.parser import text_string_to_metric_families
except ImportError:
    print("  python3-prometheus-client is not installed (tools/deps.sh)")
    sys.exit(77)

def check(d):
    def load(name):
        with open(os.path.join(d, name)) as f:
            return json.load(f)
    with open(os.path.join(d, "metrics.prom")) as f:
        fams = list(text_string_to_metric_families(f.read()))
    show, before, after = load("show.json"), load("stats-before.json"), load("stats-after.json")
    trackers = load("trackers.json")
    errors = []
    def err(msg):
        errors.append(msg)

    names = [f.name for f in fams]
    if len(names) != len(set(names)):
        err("a family twice: %s" % names)
    # name -> [(labels, value)]; counters are named without _total by the parser
    samples = {}
    types = {}
    for f in fams:
        types[f.name] = f.type
        if not f.documentation:
            err("%s: no HELP" % f.name)
        for s in f.samples:
            samples.setdefault(s.name, []).append((s.labels, s.value))

    def get(metric, **labels):
        got = [v for l, v in samples.get(metric, [])
               if all(l.get(k) == str(w) for k, w in labels.items())]
        if len(got) != 1:
            err("%s%s: %d samples" % (metric, labels, len(got)))
            return math.nan
        return got[0]

    def expect(what, got, want):
        if got != want:
            err("%s: %r, want %r" % (what, got, want))

    for inst in show:
        lab = dict(name=inst["name"], interface=inst["ifname"], vrid=inst["vrid"],
                   family=inst["family"])
        for s in ("init", "backup", "master", "fault"):
            expect("%s state %s" % (inst["name"], s),
                   get("vrrp_instance_state", state=s, **lab), float(inst["state"] == s))
        reasons = {l["reason"] for l, v in samples.get("vrrp_instance_fault", [])
                   if l["name"] == inst["name"]}
        if not {"link", "track", "sync-group", "track-init"} <= reasons:
            err("%s fault reasons: %s" % (inst["name"], sorted(reasons)))
        for r in sorted(reasons | set(inst.get("fault", []))):
            expect("%s fault %s" % (inst["name"], r),
                   get("vrrp_instance_fault", reason=r, **lab), float(r in inst.get("fault", [])))
        expect("%s info" % inst["name"], get("vrrp_instance_info", version=inst["version"], **lab), 1.0)
        expect("%s priority" % inst["name"], get("vrrp_instance_priority", **lab), inst["priority"])
        expect("%s effective priority" % inst["name"],
               get("vrrp_instance_effective_priority", **lab), inst["effective_priority"])
        expect("%s advert" % inst["name"],
               get("vrrp_instance_advert_interval_seconds", **lab), inst["advert_cs"] / 100)

    def counters(doc, name):
        for i in doc["instances"]:
            if i["name"] == name:
                return i["stats"]
        err("no stats of %s" % name)
        return {}

    for inst in show:
        lab = dict(name=inst["name"], interface=inst["ifname"], vrid=inst["vrid"],
                   family=inst["family"])
        b, a = counters(before, inst["name"]), counters(after, inst["name"])
        if not b:
            err("%s: no counters" % inst["name"])
        for k, v in b.items():
            fam = "vrrp_instance_" + k
            expect("TYPE of " + fam, types.get(fam), "counter")
            got = get(fam + "_total", **lab)
            if not v <= got <= a[k]:
                err("%s %s: %r, not in [%r, %r]" % (inst["name"], k, got, v, a[k]))
    for k, v in before["router"].items():
        fam = "vrrp_router_" + k
        expect("TYPE of " + fam, types.get(fam), "counter")
        got = get(fam + "_total")
        if not v <= got <= after["router"][k]:
            err("router %s: %r, not in [%r, %r]" % (k, got, v, after["router"][k]))
    # every counter of the metrics is one of the JSON's
    for f in fams:
        if f.type == "counter" and f.name.startswith(("vrrp_instance_", "vrrp_router_")):
            k = f.name.split("_", 2)[2]
            if not any(k in i["stats"] for i in before["instances"]) and k not in before["router"]:
                err("%s: not in -j stats" % f.name)

    for t in trackers:
        for s in ("ok", "failed", "init"):
            expect("tracker %s state %s" % (t["name"], s),
                   get("vrrp_tracker_state", tracker=t["name"], state=s), float(t["state"] == s))
        expect("tracker %s stale" % t["name"], get("vrrp_tracker_stale", tracker=t["name"]),
               float(t["stale"]))
        expect("tracker %s users" % t["name"], get("vrrp_tracker_users", tracker=t["name"]),
               t["users"])
        for r in ("ok", "fail"):
            expect("tracker %s reports %s" % (t["name"], r),
                   get("vrrp_tracker_reports_total", tracker=t["name"], result=r),
                   t["reports_" + r])
        if "value" in t:
            expect("tracker %s value" % t["name"], get("vrrp_tracker_value", tracker=t["name"]),
                   t["value"])

    for e in errors:
        print("  " + e)
    print("  %d families, %d samples, %d instances, %d trackers: %s" % (
        len(fams), sum(len(v) for v in samples.values()), len(show), len(trackers),
        "ERRORS" if errors else "ok"))
    print("  (%s)" % d)
    return not errors


# the README's alert rule, count by (interface, vrid)
#   (vrrp_instance_state{state="master"} == 1) > 1,
# for VRID 51 on eth0 over the metrics of all nodes in FILE ("--alert FILE WANT")
def masters(path):
    n = 0
    with open(path) as f:
        for fam in text_string_to_metric_families(f.read()):
            for s in fam.samples:
                l = s.labels
                if (s.name == "vrrp_instance_state" and l["state"] == "master" and
                        l["vrid"] == "51" and l["interface"] == "eth0" and s.value == 1):
                    n += 1
    return n


args, ok = sys.argv[1:], []
while args:
    if args[0] == "--alert":
        n = masters(args[1])
        print("  masters of VRID 51 on eth0 in %s: %d, want %s" % (args[1], n, args[2]))
        ok.append(n == int(args[2]))
        args = args[3:]
    else:
        ok.append(check(args[0]))
        args = args[1:]
sys.exit(0 if all(ok) else 1)
EOF_PY

collect r1 r2

expect_split "step 2 blocks the adverts: two masters, for the alert rule"
step "2. the alert rule: masters of VRID 51 on eth0 over both nodes"
# count by (interface, vrid) (vrrp_instance_state{state="master"} == 1) > 1,
# on the metrics of both nodes (checked by check_metrics.py at the end)
for ns in r1 r2; do vctlq $ns metrics || fail "$ns: metrics"; done >"$TMPD/alert-one.prom"
block_mcast_vrrp
wait_state r2 VI_1 master 10
expect_state r1 VI_1 master
for ns in r1 r2; do vctlq $ns metrics || fail "$ns: metrics"; done >"$TMPD/alert-split.prom"
unblock_mcast_vrrp
wait_state r2 VI_1 backup 10

step "3. --output FILE"
mkdir "$TMPD/prom"
vctl r1 metrics --output "$TMPD/prom/vrrp.prom" || fail "metrics --output"
expect_eq "files in the directory" "$(ls "$TMPD/prom")" vrrp.prom
expect_eq "mode" "$(command stat -c %a "$TMPD/prom/vrrp.prom")" 644
expect_eq "families written" \
	"$(grep -c '^# TYPE' "$TMPD/prom/vrrp.prom")" "$(grep -c '^# TYPE' "$TMPD/r1/metrics.prom")"

step "4. the metrics as python3-prometheus-client parses them"
grep -F 'name="a\"b\\c"' "$TMPD/r1/metrics.prom" >/dev/null ||
	fail "the name a\"b\\c is not escaped as the format says"
log "+ check_metrics.py ${DIRS[*]} --alert ... 1 --alert ... 2"
rc=0
python3 "$TMPD/check_metrics.py" "${DIRS[@]}" --alert "$TMPD/alert-one.prom" 1 \
	--alert "$TMPD/alert-split.prom" 2 || rc=$?
[[ $rc != 77 ]] || skip "python3-prometheus-client is not installed (tools/deps.sh)"
[[ $rc == 0 ]] || fail "the metrics differ from the JSON, or the alert rule from the states"
