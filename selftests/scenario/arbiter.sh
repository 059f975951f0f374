#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# The arbiter (uapi VRRP_A_ARBITER): each instance probes an address on its
# link (the gateway gw here) once a second through the neighbour layer.
#  - "arbiter GW fault": the master that cannot reach gw (its ARP to gw is
#    dropped at its bridge port) goes to FAULT with reason "arbiter", the
#    backup takes over, and the VIP ends on the node that reaches gw; when
#    gw answers again the first node comes back (preempt).
#  - "arbiter GW" (conflict mode, the default): an unreachable arbiter alone
#    changes nothing; with protocol 112 dropped between r1 and r2 as well
#    (split brain: r2 becomes master and announces the VIP), r1, which sees
#    the conflict and cannot reach gw, steps down to FAULT (arbiter) and the
#    VIP ends on r2 only; when r1 reaches gw again it comes back.
#  - IPv6: Neighbor Solicitations, same judgement.
#  - the configuration: show / -j show / save, "arbiter none", refusals.
#
#                 br0 (netns br)
#        +-----------+-----------+
#    r1 eth0     r2 eth0      gw eth0
#    10.0.0.1    10.0.0.2     10.0.0.254
#    2001:db8::1 2001:db8::2  2001:db8::fe
#    prio 200    prio 100     (the arbiter)

. "$(dirname "$0")/../lib.sh"
require_module

VIP=10.0.0.50
GW=10.0.0.254
GW6=2001:db8::fe
LAN_IPV6=1
setup_lan r1 r2
lan_join gw $GW
ipn gw addr add $GW6/64 dev eth0 nodad

# Drop NS's ARP (and IPv6 Neighbor Solicitations) for the gateway where they
# enter the bridge: gw never hears NS's probes.
cut_gw() {
	n br tc qdisc add dev "p-$1" clsact || fail "tc clsact on p-$1"
	n br tc filter add dev "p-$1" ingress pref 1 protocol arp flower \
		arp_tip $GW action drop || fail "tc arp filter on p-$1"
	n br tc filter add dev "p-$1" ingress pref 2 protocol ipv6 flower \
		ip_proto icmpv6 type 135 action drop || fail "tc ns filter on p-$1"
}
heal_gw() { nq br tc qdisc del dev "p-$1" clsact; }
block112() {
	nq "$1" nft add table inet arb
	nq "$1" nft add chain inet arb in '{ type filter hook input priority 0; policy accept; }'
	nq "$1" nft add rule inet arb in meta l4proto 112 drop
}
unblock112() { nq "$1" nft delete table inet arb; }

arb() { show_get "$1" "$2" "arbiter.$3"; }
wait_arb() {
	# shellcheck disable=SC2016 # evaluated by wait_for
	wait_for "$4" "$1/$2 arbiter $3" eval '[[ $(arb '"$1 $2"' state) == '"$3"' ]]'
	log "  ok: $1/$2 arbiter $3"
}

step "fault mode: both reach gw"
add r1 VI_1 vrid 51 prio 200 advert 100ms vip $VIP/24 arbiter $GW fault
add r2 VI_1 vrid 51 prio 100 advert 100ms vip $VIP/24 arbiter $GW fault
wait_state r1 VI_1 master 10
wait_state r2 VI_1 backup 10
wait_arb r1 VI_1 reachable 10
wait_arb r2 VI_1 reachable 10
expect_eq "r1 arbiter address" "$(arb r1 VI_1 address)" $GW
expect_eq "r1 arbiter mode" "$(arb r1 VI_1 mode)" fault
vctl r1 show VI_1 | grep -q "arbiter $GW fault (reachable)" || fail "show: no arbiter line"

step "fault mode: r1 loses gw -> FAULT (arbiter), r2 master"
t0=$(now_ms)
cut_gw r1
wait_state r1 VI_1 fault 10
log "  r1 in FAULT $(( $(now_ms) - t0 )) ms after the cut"
expect_eq "r1 last reason" "$(show_get r1 VI_1 last_reason)" arbiter
expect_eq "r1 fault" "$(show_get r1 VI_1 fault)" '["arbiter"]'
expect_eq "r1 arbiter state" "$(arb r1 VI_1 state)" unreachable
wait_state r2 VI_1 master 5
wait_vip r2 $VIP present
wait_vip r1 $VIP absent
expect_eq "r2 arbiter state" "$(arb r2 VI_1 state)" reachable

step "fault mode: gw answers r1 again -> r1 master again"
heal_gw r1
wait_arb r1 VI_1 reachable 10
wait_state r1 VI_1 master 10
wait_state r2 VI_1 backup 5
wait_vip r1 $VIP present

step "conflict mode (default): an unreachable arbiter alone changes nothing"
set_ r1 VI_1 arbiter $GW
expect_eq "r1 arbiter mode" "$(arb r1 VI_1 mode)" conflict
cut_gw r1
wait_arb r1 VI_1 unreachable 10
sleep 1
expect_state r1 VI_1 master
expect_eq "r1 fault" "$(show_get r1 VI_1 fault)" '[]'

expect_split "the split brain the arbiter settles"
step "conflict mode: split brain while r1 cannot reach gw -> r1 steps down"
block112 r1
block112 r2
wait_state r2 VI_1 master 10
wait_state r1 VI_1 fault 10
expect_eq "r1 last reason" "$(show_get r1 VI_1 last_reason)" arbiter
expect_eq "r1 fault" "$(show_get r1 VI_1 fault)" '["arbiter"]'
wait_vip r1 $VIP absent
wait_vip r2 $VIP present
expect_state r2 VI_1 master
log "  r1 saw the conflict: $(show_get r1 VI_1 conflict)"
sleep 1
expect_state r1 VI_1 fault
unblock112 r2
unblock112 r1
heal_gw r1
wait_arb r1 VI_1 reachable 10
wait_state r1 VI_1 master 10
wait_state r2 VI_1 backup 5

step "save names the arbiter; arbiter none removes it"
vctlq r1 save | grep -q "instance add VI_1 .*arbiter $GW conflict" || fail "save: no arbiter"
set_ r1 VI_1 arbiter none
expect_eq "r1 arbiter" "$(show_get r1 VI_1 arbiter)" ""
vctlq r1 save | grep -q arbiter && fail "save: arbiter after arbiter none"
expect_state r1 VI_1 master

step "refusals"
out=$(vctlq r1 instance set VI_1 arbiter $VIP 2>&1) && fail "a VIP as arbiter was taken"
log "  $out"
[[ $out == *"must not be one of the instance's VIPs"* ]] || fail "no extack: $out"
out=$(vctlq r1 instance set VI_1 arbiter 224.0.0.1 2>&1) && fail "a multicast arbiter was taken"
log "  $out"
[[ $out == *"unicast"* ]] || fail "no reason: $out"
out=$(vctlq r1 instance add VI_X dev eth0 vrid 9 vip 10.0.0.9 arbiter $GW6 2>&1) &&
	fail "an IPv6 arbiter for IPv4 VIPs was taken"
log "  $out"
[[ $out == *"arbiter \"$GW6\" is IPv6"* ]] || fail "no usage error: $out"

step "IPv6: Neighbor Solicitations"
add r1 VI_6 vrid 52 prio 200 advert 100ms vip fe80::52/64 arbiter $GW6 fault
wait_state r1 VI_6 master 10
wait_arb r1 VI_6 reachable 10
cut_gw r1
wait_state r1 VI_6 fault 10
expect_eq "r1/VI_6 last reason" "$(show_get r1 VI_6 last_reason)" arbiter
heal_gw r1
wait_state r1 VI_6 master 10
del r1 VI_6

step "delete while probing"
del r1 VI_1
del r2 VI_1
log "ok"
