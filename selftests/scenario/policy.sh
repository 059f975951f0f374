#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
#
# Regression: adverts obey the IPsec (xfrm) input policy. vrrp.ko's
# protocol handlers were registered with no_policy (INET6_PROTO_NOPOLICY),
# which skips the policy check the stack makes before handing a packet to
# a protocol: a router told to accept protocol 112 only under ESP still
# took cleartext adverts (a raw socket, as keepalived's, did not).
#
#                      br0 (netns br)
#        +-----------+
#    r1 eth0     r2 eth0      (IPv4 and IPv6)
#    prio 200    prio 100
#    V4: vrid 70 vip 10.0.0.70/24,  V6: vrid 71 vip fe80::71/64 2001:db8::71/64
#    advert 100ms
#
# 1. r1 is master of both, r2 backup.
# 2. r2: "ip xfrm policy add src 0.0.0.0/0 dst 0.0.0.0/0 proto 112 dir in
#    tmpl proto esp mode transport level required" (and the IPv6 one).
#    r1's cleartext adverts now fail r2's policy: a raw protocol 112 socket
#    on r2 gets none of them, r2 counts none, and r2 becomes master of both
#    (r1 stays master too). r1 reports the one-way path (issue 11).
# 3. The policies removed: r2 hears r1 again and goes back to backup.

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd python3

# shellcheck disable=SC2034 # read by setup_lan
LAN_IPV6=1
setup_lan r1 r2

for r in r1 r2; do
	p=$([[ $r == r1 ]] && echo 200 || echo 100)
	add $r V4 vrid 70 prio "$p" advert 100ms vip 10.0.0.70/24
	add $r V6 vrid 71 prio "$p" advert 100ms vip fe80::71/64 2001:db8::71/64
done

# raw_count NS FAMILY: protocol 112 packets a raw socket in NS receives in 2 s.
raw_count() {
	nq "$1" python3 -c '
import socket, sys, time
fam = socket.AF_INET6 if sys.argv[1] == "6" else socket.AF_INET
s = socket.socket(fam, socket.SOCK_RAW, 112)
s.settimeout(0.2)
n, end = 0, time.time() + 2
while time.time() < end:
    try:
        s.recv(2048)
        n += 1
    except socket.timeout:
        pass
print(n)' "$2"
}

# policy add|delete: r2's input policies for protocol 112 (a delete names
# the selector only)
policy() {
	local tmpl=()
	[[ $1 == add ]] && tmpl=(tmpl proto esp mode transport level required)
	n r2 "$IP" xfrm policy "$1" src 0.0.0.0/0 dst 0.0.0.0/0 proto 112 dir in "${tmpl[@]}" ||
		return 1
	n r2 "$IP" -6 xfrm policy "$1" src ::/0 dst ::/0 proto 112 dir in "${tmpl[@]}"
}

step "1. r1 master, r2 backup"
for i in V4 V6; do
	wait_state r1 $i master 20
	wait_state r2 $i backup 10
done
expect_ge "r2 raw socket: IPv4 adverts in 2 s" "$(raw_count r2 4)" 5
expect_ge "r2 raw socket: IPv6 adverts in 2 s" "$(raw_count r2 6)" 5

step "2. r2 requires ESP for protocol 112"
expect_split "r2 no longer hears r1: r1 reports the one-way path"
policy add || skip "cannot add an xfrm policy (xfrm_user?)"
n r2 "$IP" xfrm policy show
n r2 "$IP" -6 xfrm policy show
# The policy works: what is not vrrp.ko's is dropped.
expect_eq "r2 raw socket: IPv4 adverts in 2 s" "$(raw_count r2 4)" 0
expect_eq "r2 raw socket: IPv6 adverts in 2 s" "$(raw_count r2 6)" 0
wait_state r2 V4 master 10
wait_state r2 V6 master 10
expect_state r1 V4 master
expect_state r1 V6 master
c4=$(stat r2 V4 rcvd_adverts)
c6=$(stat r2 V6 rcvd_adverts)
sleep 1		# ten of r1's adverts
expect_eq "r2 V4 adverts counted under the policy" "$(stat r2 V4 rcvd_adverts)" "$c4"
expect_eq "r2 V6 adverts counted under the policy" "$(stat r2 V6 rcvd_adverts)" "$c6"
# r1 hears r2 claim master at a lower priority while it advertises: a
# one-way path (issue 11), with no hint from r1's counters.
for i in V4 V6; do
	wait_for 5 "r1 $i counts a one-way path" eval "[[ \$(stat r1 $i one_way) -ge 1 ]]"
	expect_eq "r1 $i conflict kind" "$(show_get r1 $i conflict.kind)" one-way
	expect_eq "r1 $i conflict hint" "$(show_get r1 $i conflict.hint)" '[]'
done

step "3. policies removed: r2 hears r1 again"
policy delete || fail "xfrm policy delete"
wait_state r2 V4 backup 10
wait_state r2 V6 backup 10
expect_state r1 V4 master
expect_state r1 V6 master

for r in r1 r2; do del $r V4; del $r V6; done
log "PASS"
