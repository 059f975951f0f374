#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
#
# Election: three routers on one LAN, one virtual router (VRID 51).
# The highest priority becomes master, the others backup, exactly one master,
# and the VIP is an address of the master's eth0 only. With equal priorities
# (VRID 52) the higher primary address wins when masters meet (RFC 9568
# 6.4.3): a partition of the LAN (isolated bridge ports) makes three masters,
# healing it must leave r3 alone as master.
#
#                 br0 (netns br)
#        +-----------+-----------+
#    r1 eth0     r2 eth0     r3 eth0
#    10.0.0.1    10.0.0.2    10.0.0.3
#    prio 50     prio 150    prio 100    VI_1 vrid 51 vip 10.0.0.50
#    prio 100    prio 100    prio 100    VI_2 vrid 52 vip 10.0.0.51

. "$(dirname "$0")/../lib.sh"
require_module

setup_lan r1 r2 r3

step "VI_1: different priorities, r2 (150) must win"
add r1 VI_1 vrid 51 prio 50 advert 100ms vip 10.0.0.50/24
add r2 VI_1 vrid 51 prio 150 advert 100ms vip 10.0.0.50/24
add r3 VI_1 vrid 51 prio 100 advert 100ms vip 10.0.0.50/24
wait_state r2 VI_1 master 20
wait_state r1 VI_1 backup 20
wait_state r3 VI_1 backup 20

log "  exactly one master, stable for 2 s (20 advert intervals)"
deadline=$(( $(now_ms) + 2000 ))
while (( $(now_ms) < deadline )); do
	m=$(masters VI_1 r1 r2 r3)
	[[ $m == "r2 " ]] || fail "masters of VI_1: '$m', expected 'r2 '"
	nap 0.2
done
log "  ok: masters of VI_1: $m"

wait_vip r2 10.0.0.50 present
expect_vip r1 10.0.0.50 absent
expect_vip r3 10.0.0.50 absent
ipn r2 -4 addr show dev eth0

wait_field r1 VI_1 master 10.0.0.2 5
wait_field r3 VI_1 master 10.0.0.2 5
expect_eq "r2 primary" "$(show_get r2 VI_1 primary)" 10.0.0.2
expect_eq "r2 effective priority" "$(show_get r2 VI_1 effective_priority)" 150
expect_eq "r2 VIP installed" "$(show_get r2 VI_1 vips.0.installed)" true
expect_eq "r1 VIP installed" "$(show_get r1 VI_1 vips.0.installed)" false
expect_eq "r2 master transitions" "$(stat r2 VI_1 master_transitions)" 1
# (r1 and r3 may have been master for a moment before r2 was added.)
expect_ge "r1 adverts received" "$(stat r1 VI_1 rcvd_adverts)" 1

expect_split "the partition makes three masters of VI_2, and of VI_1 too"
step "VI_2: equal priorities; a partition makes three masters, healing it must leave r3"
# A backup does not preempt a master of equal priority (RFC 9568 6.4.2), so
# the address tie-break only shows when masters meet: isolate the three
# bridge ports from each other, let each become master, then heal.
for ns in r1 r2 r3; do pp "$IP" -n "$(nsname br)" link set dev "p-$ns" type bridge_slave isolated on; done
add r1 VI_2 vrid 52 prio 100 advert 100ms vip 10.0.0.51/24
add r2 VI_2 vrid 52 prio 100 advert 100ms vip 10.0.0.51/24
add r3 VI_2 vrid 52 prio 100 advert 100ms vip 10.0.0.51/24
wait_state r1 VI_2 master 20
wait_state r2 VI_2 master 20
wait_state r3 VI_2 master 20
for ns in r1 r2 r3; do pp "$IP" -n "$(nsname br)" link set dev "p-$ns" type bridge_slave isolated off; done
wait_state r1 VI_2 backup 10
wait_state r2 VI_2 backup 10
wait_state r3 VI_2 master 5
expect_eq "r1 last reason" "$(show_get r1 VI_2 last_reason)" higher-priority
expect_eq "r2 last reason" "$(show_get r2 VI_2 last_reason)" higher-priority
sleep 1	# 10 advert intervals: must stay so
m=$(masters VI_2 r1 r2 r3)
expect_eq "masters of VI_2" "$m" "r3 "
expect_eq "r3 master transitions" "$(stat r3 VI_2 master_transitions)" 1
wait_vip r3 10.0.0.51 present
wait_vip r1 10.0.0.51 absent
wait_vip r2 10.0.0.51 absent

step "VI_1 is unaffected by VI_2"
expect_eq "masters of VI_1" "$(masters VI_1 r1 r2 r3)" "r2 "
expect_eq "r2 master transitions" "$(stat r2 VI_1 master_transitions)" 1

step "delete the instances, the VIPs go with them"
del r2 VI_1
del r3 VI_2
wait_vip r2 10.0.0.50 absent
wait_vip r3 10.0.0.51 absent
