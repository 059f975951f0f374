#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 150
#
# vMAC instances created and deleted in a loop while packets arrive. Each
# vMAC instance has a netdev ingress hook; the kernel turns its ingress
# static key on for the first such hook and off after the last, patching
# kernel text on every CPU each time. vrrp.ko holds one reference from the
# first vMAC instance to module exit so that instances never flip it, and
# the guest runner holds the receive path's keys from boot (guest.sh
# hold_static_keys). With neither, this loop ended in "Oops: int3" in
# __netif_receive_skb_core after 11 s (6.12, emulated guest), as
# fuzz_netlink's vMAC churn did once in three runs. The harness fails the
# test on any kernel report.
#
#                 br0 (netns br)
#        +-----------+
#    r1 eth0     r2 eth0
#    10.0.0.1    10.0.0.2    r2 pings r1 every 2 ms; r1 adds and deletes
#                            a vMAC instance (vrid 61) ROUNDS times

. "$(dirname "$0")/../lib.sh"
require_module

ROUNDS=${VRRP_VMAC_CHURN_ROUNDS:-400}
setup_lan r1 r2

step "r2 pings r1 every 2 ms; r1 adds and deletes a vMAC instance $ROUNDS times"
bg_start "$TMPD/flood.log" r2 ping -n -q -i 0.002 -w 120 10.0.0.1
flood=$BG_PID
for ((i = 0; i < ROUNDS; i++)); do
	printf 'instance add VM dev eth0 vrid 61 prio 100 advert 100ms vmac vip 10.0.0.61/24\n'
	printf 'instance del VM\n'
done >"$TMPD/batch"
t0=$SECONDS
vctl r1 -batch "$TMPD/batch" || fail "the batch of $ROUNDS vMAC instances failed"
log "  $ROUNDS vMAC instances added and deleted in $((SECONDS - t0)) s"
kill -0 "$flood" 2>/dev/null || fail "the ping flood stopped early: $(cat "$TMPD/flood.log")"
bg_stop "$flood"

step "the module still works: a vMAC instance goes master"
add r1 VM vrid 61 prio 100 advert 100ms vmac vip 10.0.0.61/24
wait_state r1 VM master 10
wait_for 10 "r2 pings the VIP" ping_ok r2 10.0.0.61
del r1 VM
expect_eq "instances left in r1" "$(vctlq r1 -j show | jq length)" 0
