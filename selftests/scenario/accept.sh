#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 200
#
# Accept mode. On by default (as keepalived, FRR and carp): pings to the VIP
# are answered by the master. Off (noaccept, RFC 9568's router behaviour):
# the master owns the VIP for ARP (the client resolves it to the master's
# MAC) but does not accept packets addressed to it, so pings to the VIP go
# unanswered. The master's own address answers in both cases.
#
#                 br0 (netns br)
#        +-----------+-----------+
#    r1 eth0     r2 eth0      c eth0
#    10.0.0.1    10.0.0.2     10.0.0.100 (client)
#    prio 200    prio 100     vip 10.0.0.50

. "$(dirname "$0")/../lib.sh"
require_module

VIP=10.0.0.50
setup_lan r1 r2 c
r1_mac=$(nq r1 cat /sys/class/net/eth0/address)

neigh_mac() {
	nq c "$IP" -4 neigh show "$1" dev eth0 | awk '{for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1)}'
}

step "accept on by default: the VIP serves"
add r1 VI_1 vrid 51 prio 200 advert 100ms vip $VIP/24
wait_state r1 VI_1 master 20
add r2 VI_1 vrid 51 prio 100 advert 100ms noaccept vip $VIP/24
wait_state r2 VI_1 backup 10
wait_vip r1 $VIP present
expect_eq "r1 accept" "$(show_get r1 VI_1 accept)" true
expect_eq "r2 accept" "$(show_get r2 VI_1 accept)" false
wait_for 10 "client pings $VIP" ping_ok c $VIP

step "accept off"
set_ r1 VI_1 noaccept
expect_eq "r1 accept" "$(show_get r1 VI_1 accept)" false

ipn c neigh flush dev eth0
expect_fail c ping -n -c 3 -i 0.3 -W 1 $VIP
log "  the VIP resolves by ARP all the same"
# shellcheck disable=SC2016 # the condition is eval'd by wait_for
wait_for 5 "client has a MAC for $VIP" eval '[[ -n $(neigh_mac $VIP) ]]'
ipn c neigh show $VIP dev eth0
expect_eq "client's MAC for $VIP" "$(neigh_mac $VIP)" "$r1_mac"
log "  the master's own address answers"
c ping -n -c 1 -W 2 10.0.0.1

step "accept on"
set_ r1 VI_1 accept
expect_eq "r1 accept" "$(show_get r1 VI_1 accept)" true
wait_for 10 "client pings $VIP" ping_ok c $VIP
c ping -n -c 3 -i 0.3 -W 2 $VIP
expect_state r1 VI_1 master
expect_state r2 VI_1 backup

step "accept applies to a new master too: r2 with noaccept takes over"
link_down r1
wait_state r2 VI_1 master 10
wait_vip r2 $VIP present
ipn c neigh flush dev eth0
expect_fail c ping -n -c 3 -i 0.3 -W 1 $VIP
set_ r2 VI_1 accept
wait_for 10 "client pings $VIP through r2" ping_ok c $VIP
