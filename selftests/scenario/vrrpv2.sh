#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 360
#
# VRRPv2 (RFC 3768), vrrp.ko against vrrp.ko, with auth none and PASS:
# election, failover, preempt and priority 0; a router with the wrong
# password or the other auth type is not heard (auth_failures,
# auth_type_mismatch) and does not move anybody; a VRRPv3 instance with
# another VRID runs beside them. tshark checks every VRRPv2 advert.
#
#                      br0 (netns br, tcpdump)
#        +-----------+-----------+-----------+
#    r1 eth0     r2 eth0     r3 eth0      c eth0
#    10.0.0.1    10.0.0.2    10.0.0.3     10.0.0.100 (client)
#    VI_N: version 2 vrid 53 auth none         vip 10.0.0.53, accept
#    VI_P: version 2 vrid 54 auth pass secret12 vip 10.0.0.54, accept
#    (advert 1s: VRRPv2 counts in whole seconds)
#
# 1. r1 200, r2 100: r1 master of both; the client reaches both VIPs.
# 2. r1 50: r2 preempts both; r1 200: r1 preempts back.
# 3. r3 VI_P with password "wrongpwd" at priority 250: r1 and r2 count
#    auth_failures and stay as they are; r3, hearing nobody, is master too.
# 4. r3 VI_P with auth none at 250: counted in auth_type_mismatch by r1
#    and r2 (and r3 counts theirs), nobody moves. The same for r3 VI_N with
#    auth pass.
# 5. delete r1's instances: r2 takes over both on priority 0.

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd tshark tcpdump ping

VIPN=10.0.0.53
VIPP=10.0.0.54
PASS=secret12
N2=(version 2 vrid 53 advert 1s accept vip "$VIPN/24")
P2=(version 2 vrid 54 advert 1s accept vip "$VIPP/24")
setup_lan r1 r2 r3 c
capture_start "$TMPD/v2.pcap"

both() {	# both NS STATE: NS's VI_N and VI_P are in STATE
	wait_state "$1" VI_N "$2" "${3:-10}"
	wait_state "$1" VI_P "$2" "${3:-10}"
}

step "1. r1 200, r2 100: r1 is master of VI_N and VI_P"
add r1 VI_N prio 200 "${N2[@]}" auth none
add r1 VI_P prio 200 "${P2[@]}" auth pass $PASS
both r1 master 20
add r2 VI_N prio 100 "${N2[@]}"
add r2 VI_P prio 100 "${P2[@]}" auth pass $PASS
both r2 backup
expect_eq "r1 VI_N version" "$(show_get r1 VI_N version)" 2
expect_eq "r1 VI_P version" "$(show_get r1 VI_P version)" 2
expect_eq "r2 VI_N auth type (the default)" "$(show_get r2 VI_N auth_type)" none
expect_eq "r2 VI_P auth type" "$(show_get r2 VI_P auth_type)" pass
expect_eq "r2 VI_P advert (whole seconds)" "$(show_get r2 VI_P advert_cs)" 100
wait_field r2 VI_N master 10.0.0.1 5
wait_field r2 VI_P master 10.0.0.1 5
wait_vip r1 $VIPN present
wait_vip r1 $VIPP present
expect_vip r2 $VIPN absent
expect_vip r2 $VIPP absent
wait_for 10 "client pings $VIPN" ping_ok c $VIPN
wait_for 10 "client pings $VIPP" ping_ok c $VIPP
sleep 2
both r2 backup
for c in auth_failures auth_type_mismatch invalid_auth_type adv_interval_errors; do
	expect_eq "r2 VI_P $c" "$(stat r2 VI_P $c)" 0
	expect_eq "r2 VI_N $c" "$(stat r2 VI_N $c)" 0
done
expect_ge "r2 VI_P adverts received" "$(stat r2 VI_P rcvd_adverts)" 2

step "2. r1 priority 50: r2 preempts; back to 200: r1 preempts"
set_ r1 VI_N prio 50
set_ r1 VI_P prio 50
both r2 master
both r1 backup
wait_vip r2 $VIPP present
wait_vip r1 $VIPP absent
wait_for 10 "client pings $VIPP through r2" ping_ok c $VIPP
expect_eq "r2 VI_P last reason" "$(show_get r2 VI_P last_reason)" preempted
set_ r1 VI_N prio 200
set_ r1 VI_P prio 200
both r1 master
both r2 backup
wait_vip r1 $VIPP present
wait_vip r2 $VIPP absent
expect_eq "r1 VI_P master transitions" "$(stat r1 VI_P master_transitions)" 2

# quiet NS...: snapshot the transitions of both instances in each NS.
declare -A T
quiet() {
	local ns i
	for ns in "$@"; do
		for i in VI_N VI_P; do T[$ns.$i]=$(stat "$ns" $i transitions); done
	done
}
unmoved() {
	local ns i
	for ns in "$@"; do
		for i in VI_N VI_P; do
			expect_eq "$ns $i transitions" "$(stat "$ns" $i transitions)" "${T[$ns.$i]}"
		done
	done
}

expect_split "r3 cannot hear r1 and r2 (auth): masters side by side, as RFC 3768 has it"
step "3. r3 VI_P with a wrong password at priority 250: not heard"
quiet r1 r2
f1=$(stat r1 VI_P auth_failures) f2=$(stat r2 VI_P auth_failures)
a1=$(stat r1 VI_P rcvd_adverts)
add r3 VI_P prio 250 "${P2[@]}" auth pass wrongpwd
wait_state r3 VI_P master 15	# it hears nobody either
sleep 3
wait_for 10 "r1 counts r3's adverts in auth_failures" \
	eval "[[ \$(stat r1 VI_P auth_failures) -ge $(( f1 + 3 )) ]]"
expect_ge "r2 VI_P auth_failures" "$(stat r2 VI_P auth_failures)" $(( f2 + 3 ))
expect_ge "r3 VI_P auth_failures (r1's adverts)" "$(stat r3 VI_P auth_failures)" 3
expect_state r1 VI_P master
expect_state r2 VI_P backup
unmoved r1 r2
expect_eq "r2 VI_P master" "$(show_get r2 VI_P master)" 10.0.0.1
expect_eq "r1 VI_P auth_type_mismatch" "$(stat r1 VI_P auth_type_mismatch)" 0
expect_eq "r1 VI_P rcvd_adverts (r2 is silent, r3 not heard)" "$(stat r1 VI_P rcvd_adverts)" "$a1"
del r3 VI_P

step "4. auth type mismatch: r3 VI_P auth none, r3 VI_N auth pass, at 250"
quiet r1 r2
m1=$(stat r1 VI_P auth_type_mismatch) n1=$(stat r1 VI_N auth_type_mismatch)
m2=$(stat r2 VI_P auth_type_mismatch) n2=$(stat r2 VI_N auth_type_mismatch)
declare -A AF
for ns in r1 r2; do
	for i in VI_N VI_P; do AF[$ns.$i]=$(stat $ns $i auth_failures); done
done
add r3 VI_P prio 250 "${P2[@]}" auth none
add r3 VI_N prio 250 "${N2[@]}" auth pass $PASS
wait_state r3 VI_P master 15
wait_state r3 VI_N master 15
sleep 2
wait_for 10 "r1 VI_P counts auth_type_mismatch" \
	eval "[[ \$(stat r1 VI_P auth_type_mismatch) -ge $(( m1 + 3 )) ]]"
expect_ge "r1 VI_N auth_type_mismatch" "$(stat r1 VI_N auth_type_mismatch)" $(( n1 + 3 ))
expect_ge "r2 VI_P auth_type_mismatch" "$(stat r2 VI_P auth_type_mismatch)" $(( m2 + 3 ))
expect_ge "r2 VI_N auth_type_mismatch" "$(stat r2 VI_N auth_type_mismatch)" $(( n2 + 3 ))
expect_ge "r3 VI_N auth_type_mismatch (r1's adverts)" "$(stat r3 VI_N auth_type_mismatch)" 3
for ns in r1 r2; do
	for i in VI_N VI_P; do
		expect_eq "$ns $i auth_failures (a type mismatch is not a bad password)" \
			"$(stat $ns $i auth_failures)" "${AF[$ns.$i]}"
		expect_eq "$ns $i invalid_auth_type" "$(stat $ns $i invalid_auth_type)" 0
	done
done
both r1 master
both r2 backup
unmoved r1 r2
del r3 VI_P
del r3 VI_N

step "5. delete r1's instances: r2 takes over both on priority 0"
del r1 VI_N
del r1 VI_P
both r2 master 3
expect_eq "r2 VI_P last reason" "$(show_get r2 VI_P last_reason)" priority-0
expect_eq "r2 VI_N last reason" "$(show_get r2 VI_N last_reason)" priority-0
wait_vip r2 $VIPP present
wait_for 10 "client pings $VIPP through r2" ping_ok c $VIPP
sleep 1.5	# an advert from r2 as master
del r2 VI_N
del r2 VI_P
capture_stop

step "the wire: r1's and r2's adverts are valid VRRPv2"
pc="$TMPD/v2.pcap"
# one tshark pass (it starts slowly in the guest): VRRP_CHECKS in this order
pcap_checks "$pc" rfc \
	"$(vrrp2_spec 0 "" "vrrp.virt_rtr_id == 53 && !(ip.src == 10.0.0.3)")" \
	"$(vrrp2_spec 1 "$PASS" "vrrp.virt_rtr_id == 54 && !(ip.src == 10.0.0.3)")" \
	"$(vrrp2_spec 1 "$PASS" "vrrp.virt_rtr_id == 54 && !(ip.src == 10.0.0.3) && vrrp.adver_int == 1")" \
	"$(vrrp2_spec 1 wrongpwd "vrrp.virt_rtr_id == 54 && ip.src == 10.0.0.3 && vrrp.auth_type == 1")" \
	"$(vrrp2_spec 1 "$PASS" "vrrp.virt_rtr_id == 54 && ip.src == 10.0.0.1 && vrrp.prio == 0")"
expect_ge "VI_N adverts checked" "${VRRP_CHECKS[0]}" 8
expect_ge "VI_P adverts checked" "${VRRP_CHECKS[1]}" 8
expect_eq "VI_P adverts with an interval of 1 s (all of them)" "${VRRP_CHECKS[2]}" "${VRRP_CHECKS[1]}"
expect_ge "r3's adverts with its wrong password" "${VRRP_CHECKS[3]}" 1
expect_ge "priority 0 VRRPv2 adverts from r1" "${VRRP_CHECKS[4]}" 1
