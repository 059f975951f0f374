#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# Two clusters share a LAN and a VRID but not a multicast group: cluster A
# (r1, r2) on 224.0.0.18, cluster B (r3, r4) on 224.0.0.19. Each has its own
# master and neither counts the other's adverts. Both masters have priority
# 200 and r3's address is higher, so if A heard B, r1 would lose to r3.
#
#                           br0 (netns br)
#        +-----------+-----------+-----------+
#    r1 eth0     r2 eth0     r3 eth0     r4 eth0
#    10.0.0.1    10.0.0.2    10.0.0.3    10.0.0.4
#    prio 200    prio 100    prio 200    prio 100
#    A: vrid 51 224.0.0.18   B: vrid 51 group 224.0.0.19
#    vip 10.0.0.50           vip 10.0.0.60

. "$(dirname "$0")/../lib.sh"
require_module

setup_lan r1 r2 r3 r4

step "two clusters, same VRID, different groups"
add r1 A vrid 51 prio 200 advert 250ms vip 10.0.0.50/24
add r3 B vrid 51 prio 200 advert 250ms group 224.0.0.19 vip 10.0.0.60/24
wait_state r1 A master 20
wait_state r3 B master 20
add r2 A vrid 51 prio 100 advert 250ms vip 10.0.0.50/24
add r4 B vrid 51 prio 100 advert 250ms group 224.0.0.19 vip 10.0.0.60/24
wait_state r2 A backup 10
wait_state r4 B backup 10
expect_eq "B's group" "$(show_get r3 B group)" 224.0.0.19
expect_eq "A's group" "$(show_get r1 A group)" 224.0.0.18
wait_vip r1 10.0.0.50 present
wait_vip r3 10.0.0.60 present
expect_vip r2 10.0.0.50 absent
expect_vip r4 10.0.0.60 absent

step "for 4 s (16 adverts each), each backup counts only its own master's adverts"
# Counters are read one vrrpctl call at a time, and a call takes a few advert
# intervals in the emulated guest. So the master's counter is read before the
# backup's at the start and after it at the end: the master's window contains
# the backup's, and "received <= sent" must hold exactly (one in flight). Had
# the other cluster's adverts been counted, received would be about twice sent.
s1=$(stat r1 A sent_adverts); g2=$(stat r2 A rcvd_adverts); g1=$(stat r1 A rcvd_adverts)
s3=$(stat r3 B sent_adverts); g4=$(stat r4 B rcvd_adverts); g3=$(stat r3 B rcvd_adverts)
sleep 4
d_g2=$(( $(stat r2 A rcvd_adverts) - g2 )) d_s1=$(( $(stat r1 A sent_adverts) - s1 ))
d_g4=$(( $(stat r4 B rcvd_adverts) - g4 )) d_s3=$(( $(stat r3 B sent_adverts) - s3 ))
d_g1=$(( $(stat r1 A rcvd_adverts) - g1 )) d_g3=$(( $(stat r3 B rcvd_adverts) - g3 ))
log "  A: r1 sent $d_s1, r2 received $d_g2, r1 received $d_g1"
log "  B: r3 sent $d_s3, r4 received $d_g4, r3 received $d_g3"
expect_ge "r1 adverts sent" "$d_s1" 10
expect_ge "r3 adverts sent" "$d_s3" 10
expect_le "r2 received" "$d_g2" $(( d_s1 + 1 ))
expect_le "r4 received" "$d_g4" $(( d_s3 + 1 ))
expect_ge "r2 received" "$d_g2" $(( d_s1 / 2 ))
expect_ge "r4 received" "$d_g4" $(( d_s3 / 2 ))
expect_eq "adverts received by master r1" "$d_g1" 0
expect_eq "adverts received by master r3" "$d_g3" 0

step "still one master per cluster, never changed"
expect_eq "masters of A" "$(masters A r1 r2)" "r1 "
expect_eq "masters of B" "$(masters B r3 r4)" "r3 "
for x in "r1 A 1" "r2 A 0" "r3 B 1" "r4 B 0"; do
	read -r ns inst want <<< "$x"
	expect_eq "$ns/$inst master transitions" "$(stat "$ns" "$inst" master_transitions)" "$want"
done
expect_eq "router-wide vrid errors on r2" "$(stat r2 "" vrid_errors)" 0

step "A's master leaves: r2 takes A over, B does not move"
del r1 A
wait_state r2 A master 10
wait_vip r2 10.0.0.50 present
expect_state r3 B master
expect_state r4 B backup
expect_eq "r4 master transitions" "$(stat r4 B master_transitions)" 0
