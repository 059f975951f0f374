#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 120
#
# Regression: moving an instance from one sync group to another.
#
#          br0 (netns br)                 br1 (netns br)
#      +-----------+                  +-----------+
#   r1 eth0     r2 eth0            r1 eth1     r2 eth1
#   X vrid 10, vip 10.0.0.10       Y vrid 11, vip 10.1.0.11
#   Z vrid 12, vip 10.0.0.12
#   r1: prio 200, r2: prio 100; X, Y in group A, Z in group B (both routers);
#   Z tracks tracker tz (weight 0: a failed tz puts Z in FAULT)
#
# "instance set X sync-group B" once linked X into B's member list while it
# was still on A's: the next walk of A's list (Y's link going down) never
# ended (on 6.12: "rcu_preempt self-detected stall" / "soft lockup", the VM
# hangs). This proves that the move takes X out of A:
# 1. X moves to B on both routers; r1 is master of all.
# 2. Y's link on r1 goes down and up: Y is in FAULT alone (A = {Y}), X stays
#    master, and all is master again afterwards.
# 3. tz fails on r1: Z goes FAULT and X (now in B) follows it into FAULT.
# 4. X leaves the group ("none"): tz failing no longer affects it; back into
#    B: it does again.
# 5. Everything deleted: every sync group created is destroyed (the harness
#    counts the "sync group NAME created/destroyed" lines).

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
	vctl $r tracker add tz || fail "tracker add on $r"
	add $r X vrid 10 prio "$p" advert 100ms vip 10.0.0.10/24 sync-group A
	vctl $r instance add Y dev eth1 vrid 11 prio "$p" advert 100ms \
		vip 10.1.0.11/24 sync-group A || fail "add Y on $r"
	add $r Z vrid 12 prio "$p" advert 100ms vip 10.0.0.12/24 sync-group B track tz
done

# all_state NS STATE: X, Y and Z of NS are all in STATE.
all_state() {
	local i
	for i in X Y Z; do
		wait_state "$1" $i "$2" 10
	done
}

step "0. r1 is master of all"
all_state r1 master
all_state r2 backup

step "1. X moves from group A to group B"
set_ r1 X sync-group B
set_ r2 X sync-group B
expect_eq "r1 X sync group" "$(show_get r1 X sync_group)" B
expect_eq "r2 X sync group" "$(show_get r2 X sync_group)" B
expect_eq "r1 Y sync group" "$(show_get r1 Y sync_group)" A

step "2. Y's link goes down and up on r1: X is no longer coupled to Y"
ipn r1 link set eth1 down
wait_state r1 Y fault 5
wait_state r2 Y master 5
sleep 1		# X would follow Y into FAULT at once if still in A
expect_state r1 X master
expect_state r1 Z master
expect_eq "r1 X fault" "$(show_get r1 X fault)" "[]"
ipn r1 link set eth1 up
all_state r1 master
all_state r2 backup

step "3. Z (group B) fails: X follows it into FAULT"
vctl r1 track tz fail || fail "track tz fail"
wait_state r1 Z fault 5
wait_state r1 X fault 5
expect_eq "r1 X last reason" "$(show_get r1 X last_reason)" sync-group
expect_state r1 Y master
wait_state r2 X master 5
vctl r1 track tz ok || fail "track tz ok"
all_state r1 master
all_state r2 backup

step "4. X leaves the group and joins B again"
set_ r1 X sync-group none
expect_eq "r1 X sync group" "$(show_get r1 X sync_group)" ""
vctl r1 track tz fail || fail "track tz fail"
wait_state r1 Z fault 5
sleep 1
expect_state r1 X master
vctl r1 track tz ok || fail "track tz ok"
wait_state r1 Z master 10
set_ r1 X sync-group B
expect_eq "r1 X sync group" "$(show_get r1 X sync_group)" B
vctl r1 track tz fail || fail "track tz fail"
wait_state r1 X fault 5
vctl r1 track tz ok || fail "track tz ok"
all_state r1 master

step "5. delete everything"
for r in r1 r2; do
	del $r X
	del $r Y
	del $r Z
	vctl $r tracker del tz || fail "tracker del on $r"
done
log "PASS"
