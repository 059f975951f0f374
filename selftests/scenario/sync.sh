#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# Sync groups: two VRIDs on two LANs (the usual "outside" and "inside" of a
# load balancer) must be master on the same router.
#
#          br0 (netns br)                 br1 (netns br)
#      +-----------+                  +-----------+
#   r1 eth0     r2 eth0            r1 eth1     r2 eth1
#   VI_OUT vrid 80, vip 10.0.0.80  VI_IN vrid 81, vip 10.1.0.81
#   r1: prio 200 both, r2: prio 100 both, group G on both routers
#
# 1. r1 is master of both.
# 2. r1's inside link fails: VI_IN goes FAULT (link), VI_OUT follows into
#    FAULT (sync-group) and resigns; r2 is master of both.
# 3. The link comes back: both leave FAULT together and r1 preempts both.
# 4. r1's VI_OUT drops to priority 50: r2's VI_OUT would preempt, but r2's
#    VI_IN still hears r1 at 200, so the group holds back (keepalived's
#    "prefer backup to thrashing"): both stay on r1. When VI_IN drops too,
#    r2 takes both.
# 5. Leaving the group ("sync-group none") ends the coupling.

. "$(dirname "$0")/../lib.sh"
require_module

setup_lan r1 r2
ipn br link add br1 type bridge mcast_snooping 0 stp_state 0 forward_delay 0
ipn br link set br1 up
for r in r1 r2; do
	ipn br link add "q-$r" type veth peer name eth1 netns "$(nsname $r)"
	ipn br link set "q-$r" master br1 up
	ipn $r addr add "10.1.0.${r#r}/24" dev eth1
	ipn $r link set eth1 up
done

for r in r1 r2; do
	p=$([[ $r == r1 ]] && echo 200 || echo 100)
	add $r VI_OUT vrid 80 prio "$p" advert 100ms vip 10.0.0.80/24 sync-group G
	vctl $r instance add VI_IN dev eth1 vrid 81 prio "$p" advert 100ms \
		vip 10.1.0.81/24 sync-group G || fail "add VI_IN on $r"
done
expect_eq "sync group" "$(show_get r1 VI_IN sync_group)" G
monitor_start r1 "$TMPD/mon-r1.json"
monitor_start r2 "$TMPD/mon-r2.json"
# events: print the state events so far, both routers in time order (for the log)
events() {
	python3 -c '
import json, sys
ev = []
for r in ("r1", "r2"):
    for line in open(sys.argv[1] + "/mon-" + r + ".json"):
        e = json.loads(line)
        if "state" in e and e.get("name") != "mon-probe":
            ev.append((e["timestamp_ns"], r, e))
t0 = min(t for t, _, _ in ev)
for t, r, e in sorted(ev, key=lambda x: x[0]):
    print("  %8.3f %s %s %s -> %s (%s)" % ((t - t0) / 1e9, r, e["name"], e.get("old_state"), e["state"], e.get("reason")))' "$TMPD"
}

step "1. r1 is master of both"
wait_state r1 VI_OUT master 10
wait_state r1 VI_IN master 10
wait_state r2 VI_OUT backup 5
wait_state r2 VI_IN backup 5

step "2. r1's inside link fails: both of r1's instances go FAULT"
ipn r1 link set eth1 down
wait_state r1 VI_IN fault 5
wait_state r1 VI_OUT fault 5
expect_eq "VI_OUT reason" "$(show_get r1 VI_OUT last_reason)" sync-group
wait_state r2 VI_OUT master 5
wait_state r2 VI_IN master 5
wait_vip r1 10.0.0.80 absent
wait_vip r2 10.0.0.80 present

step "3. the link comes back: both leave FAULT, r1 preempts both"
ipn r1 link set eth1 up
wait_state r1 VI_IN master 10
wait_state r1 VI_OUT master 10
wait_state r2 VI_OUT backup 5
wait_state r2 VI_IN backup 5

step "4. one member's priority drops: the group stays together"
events
n0=$(wc -l < "$TMPD/mon-r2.json")
set_ r1 VI_OUT prio 50
sleep 3		# many down intervals (0.35 s)
events
expect_state r1 VI_OUT master
expect_state r1 VI_IN master
expect_state r2 VI_OUT backup
expect_state r2 VI_IN backup
expect_eq "r2 events while held" "$(wc -l < "$TMPD/mon-r2.json")" "$n0"
set_ r1 VI_IN prio 50
wait_state r2 VI_IN master 5
wait_state r2 VI_OUT master 5
wait_state r1 VI_OUT backup 5
wait_state r1 VI_IN backup 5

step "5. out of the group, each instance is on its own again"
set_ r2 VI_OUT sync-group none
set_ r1 VI_OUT prio 200 sync-group none
expect_eq "no sync group" "$(show_get r1 VI_OUT sync_group)" ""
wait_state r1 VI_OUT master 5
sleep 1
expect_state r1 VI_IN backup
expect_state r2 VI_IN master
for r in r1 r2; do del $r VI_OUT; del $r VI_IN; done
log "PASS"
