#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
# stock: newest
#
# Adverts that reach vrrp.ko in a non-linear skb: IP fragments (reassembled:
# a frag_list) and frames over 4 KiB sent on a packet socket (paged data).
# The receive handler must linearize such an skb before reading it, and must
# not keep pointers into the old head (the IP header: source, destination)
# across that: on a debug kernel (KASAN) a stale pointer is a use-after-free
# report, which fails this test; on a stock kernel the test proves that such
# adverts are parsed and counted like any other.
#
#                  br0 (netns br), MTU 9000
#        +-------------------+
#    r1 eth0             inj eth0 (pktfuzz.py --only KIND)
#    10.0.0.1            10.0.0.200
#    VI_4 vrid 10 prio 200 vip 10.0.0.50
#    VI_6 vrid 12 prio 200 vip fe80::12 2001:db8::12
#
# frag4 / frag6: valid adverts (priority 254, 255 / 64 addresses) as two
#   fragments, the first of 8 bytes: each is received (rcvd_adverts).
# jumbo6: a valid IPv6 advert of 255 addresses, 4142 bytes: received.
# jumbo4: an IPv4 advert padded to 5 KiB: a packet length error.

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd python3
attack_kfence

FUZZ=$SRCDIR/selftests/fuzz/pktfuzz.py
N=20
LAN_IPV6=1 setup_lan r1 inj
for ns in r1 inj; do
	ipn br link set "p-$ns" mtu 9000
	ipn "$ns" link set eth0 mtu 9000
done
ipn br link set br0 mtu 9000

add r1 VI_4 vrid 10 prio 200 advert 100ms vip 10.0.0.50/24
add r1 VI_6 vrid 12 prio 200 advert 100ms vip fe80::12 2001:db8::12/64
wait_state r1 VI_4 master 20
wait_state r1 VI_6 master 20

# send KIND: N adverts of that kind from inj
send() {
	n inj python3 "$FUZZ" --dev eth0 --secs 30 --count $N --only "$1" \
		--dst-mac "$(mac_of r1)" --src4 10.0.0.200 --dst4 10.0.0.1 \
		--src6 "$(lladdr inj)" --vrid4 10 --vrid6 12 --vip4 10.0.0.50 \
		--vip6 fe80::12,2001:db8::12 --interval 10 || fail "pktfuzz.py --only $1"
}
# above NAME COUNTER VALUE: r1's NAME COUNTER is over VALUE
above() { [[ $(stat r1 "$1" "$2") -gt $3 ]]; }
# counted NAME COUNTER KIND: sending KIND moves NAME's COUNTER
counted() {
	local before after
	before=$(stat r1 "$1" "$2")
	send "$3"
	wait_for 10 "r1 $1 $2 moves ($3)" above "$1" "$2" "$before"
	after=$(stat r1 "$1" "$2")
	log "  ok: $3: r1 $1 $2 $before -> $after ($N sent)"
}

step "IPv4 fragments"
counted VI_4 rcvd_adverts frag4
step "IPv6 fragments"
counted VI_6 rcvd_adverts frag6
step "IPv6 advert over 4 KiB, one frame"
counted VI_6 rcvd_adverts jumbo6
step "IPv4 advert padded past 4 KiB, one frame"
counted VI_4 packet_length_errors jumbo4

step "r1 is master again, and answers"
wait_state r1 VI_4 master 20
wait_state r1 VI_6 master 20
kmsg_mark "end"
