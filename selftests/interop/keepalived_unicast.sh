#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 480
#
# Unicast VRRPv3 with keepalived (unicast_src_ip / unicast_peer) over IPv4
# and IPv6, with every multicast VRRP packet dropped by the bridge (tc flower
# on its ports), so only the unicast path can carry the election. An
# injected advert from an address that is not a listed peer is counted in
# source_errors and ignored; one from the peer's address with a TTL outside
# the peer's min-ttl / max-ttl range is counted in ip_ttl_errors and ignored
# (both claim priority 255 against our master).
#
#                      br0 (netns br, tcpdump; tc drops VRRP to 224.0.0.18 / ff02::12)
#        +-----------+-----------+
#    r1 eth0     k eth0       inj eth0
#    10.0.0.1    10.0.0.10    10.0.0.200  (inject.py)
#    2001:db8::1 2001:db8::10 2001:db8::200
#
# IPv4: vrid 57 vip 10.0.0.57; ours unicast-ttl 64, peer 10.0.0.10 min-ttl 100
#       max-ttl 210; keepalived unicast_ttl 200. (csum pseudo: keepalived
#       2.2.7 sums IPv4 VRRPv3 with the pseudo-header, here with the unicast
#       destination in it.)
#   1. keepalived 150, vrrp.ko 100: keepalived master; 2. vrrp.ko 200: we
#   preempt; 3. non-peer and out-of-range-TTL adverts ignored;
#   4. stop keepalived, start it again at 150: it stays backup; delete our
#   instance: it takes over on priority 0.
# IPv6: vrid 58 vip fe80::58/64 2001:db8::58/64, the same without TTLs.

. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/keepalived_lib.sh"
require_module
require_cmd keepalived tshark tcpdump tc python3

# shellcheck disable=SC2034 # read by setup_lan / ka_start
LAN_IPV6=1
setup_lan r1 k inj
block_mcast_vrrp
m1=$(mac_of r1) mk=$(mac_of k)
capture_start "$TMPD/unicast.pcap"

# one_master ID VIP ours|keepalived
one_master() {
	local id=$1 vip=$2 m=r1 b=k s1=master sk=BACKUP
	[[ $3 == keepalived ]] && m=k b=r1 s1=backup sk=MASTER
	wait_state r1 VI_U $s1 15
	wait_ka_state "$id" $sk 15
	wait_vip $m "$vip" present
	wait_vip $b "$vip" absent
	sleep 2
	expect_state r1 VI_U $s1
	expect_eq "keepalived state" "$(ka_state "$id")" $sk
	expect_vip $m "$vip" present
	expect_vip $b "$vip" absent
	log "  ok: exactly one master ($3)"
}

# one python3 for all the injections (each start costs seconds in the guest)
inject_start inj --dev eth0
inject() { inject_send "$@"; }

# ignored COUNTER N INJECT_ARGS...: N injected adverts at priority 255 raise
# r1's COUNTER by N and change nothing.
ignored() {
	local counter=$1 num=$2 before t
	shift 2
	before=$(stat r1 VI_U "$counter") t=$(stat r1 VI_U transitions)
	inject --prio 255 --num "$num" "$@"
	wait_for 10 "r1 $counter reaches $(( before + num ))" \
		eval "[[ \$(stat r1 VI_U $counter) -ge $(( before + num )) ]]"
	sleep 0.3
	expect_eq "r1 $counter" "$(stat r1 VI_U "$counter")" $(( before + num ))
	expect_state r1 VI_U master
	expect_eq "r1 transitions" "$(stat r1 VI_U transitions)" "$t"
}

step "IPv4 1. keepalived 150, vrrp.ko 100, unicast only"
# shellcheck disable=SC2034
KA_VRID=57 KA_VIP=10.0.0.57
KA_UNI4="unicast_src_ip 10.0.0.10
	    unicast_ttl 200
	    unicast_peer {
	        10.0.0.1
	    }"
OURS4="vrid 57 advert 1s csum pseudo vip 10.0.0.57/24 unicast-src 10.0.0.1
	unicast-ttl 64 peer 10.0.0.10 min-ttl 100 max-ttl 210"
ka_start k u4 150 "$KA_UNI4"
wait_ka_state u4 MASTER 20
# shellcheck disable=SC2086
add r1 VI_U prio 100 $OURS4
one_master u4 10.0.0.57 keepalived
wait_field r1 VI_U master 10.0.0.10 5
expect_ge "keepalived's unicast adverts accepted" "$(stat r1 VI_U rcvd_adverts)" 3
vctl r1 -j show VI_U

step "IPv4 2. vrrp.ko 200: we preempt over unicast"
set_ r1 VI_U prio 200
one_master u4 10.0.0.57 ours
errs=$(ka_errors u4)
[[ -z $errs ]] || fail "keepalived complained about our adverts: $errs"

step "IPv4 3. adverts from a non-peer, and from the peer with a TTL out of range"
ignored source_errors 3 --src 10.0.0.200 --dst 10.0.0.1 --dst-mac "$m1" --vrid 57 --vip 10.0.0.57 --csum pseudo
ignored ip_ttl_errors 3 --src 10.0.0.10 --dst 10.0.0.1 --dst-mac "$m1" --vrid 57 --vip 10.0.0.57 --ttl 50 --csum pseudo
ignored ip_ttl_errors 3 --src 10.0.0.10 --dst 10.0.0.1 --dst-mac "$m1" --vrid 57 --vip 10.0.0.57 --ttl 255 --csum pseudo
# Sent to the group: dropped by the bridge, never reaches r1.
s=$(stat r1 VI_U source_errors)
inject --src 10.0.0.200 --vrid 57 --vip 10.0.0.57 --num 3
sleep 0.5
expect_eq "r1 source_errors (the multicast ones never arrived)" "$(stat r1 VI_U source_errors)" "$s"
expect_ge "multicast VRRP dropped on p-inj" "$(mcast_drops p-inj)" 3

step "IPv4 4. keepalived restarts at 150: it stays backup to our 200; delete ours: it takes over"
ka_stop u4
ka_start k u4b 150 "$KA_UNI4"
wait_ka_state u4b BACKUP 10
sleep 4		# longer than its down interval
one_master u4b 10.0.0.57 ours
del r1 VI_U
wait_ka_state u4b MASTER 3
wait_vip k 10.0.0.57 present
expect_vip r1 10.0.0.57 absent
ka_stop u4b

step "IPv6 1. keepalived 150, vrrp.ko 100, unicast only"
# shellcheck disable=SC2034
KA_VRID=58 KA_VIPS=$'fe80::58/64\n2001:db8::58/64'
KA_UNI6="unicast_src_ip 2001:db8::10
	    unicast_peer {
	        2001:db8::1
	    }"
OURS6="vrid 58 advert 1s vip fe80::58/64 2001:db8::58/64 unicast-src 2001:db8::1 peer 2001:db8::10"
ka_start k u6 150 "$KA_UNI6"
wait_ka_state u6 MASTER 20
# shellcheck disable=SC2086
add r1 VI_U prio 100 $OURS6
one_master u6 2001:db8::58 keepalived
wait_field r1 VI_U master 2001:db8::10 5

step "IPv6 2. vrrp.ko 200: we preempt over unicast"
set_ r1 VI_U prio 200
one_master u6 2001:db8::58 ours
errs=$(ka_errors u6)
[[ -z $errs ]] || fail "keepalived complained about our adverts: $errs"

step "IPv6 3. an advert from a non-peer is ignored"
ignored source_errors 3 --family 6 --src 2001:db8::200 --dst 2001:db8::1 --dst-mac "$m1" \
	--vrid 58 --vip fe80::58 --vip 2001:db8::58
ignored source_errors 3 --family 6 --src "$(lladdr inj)" --dst 2001:db8::1 --dst-mac "$m1" \
	--vrid 58 --vip fe80::58 --vip 2001:db8::58

step "IPv6 4. vrrp.ko 100: keepalived preempts; stop it: we take over on its priority 0"
set_ r1 VI_U prio 100
one_master u6 2001:db8::58 keepalived
ka_stop u6
wait_state r1 VI_U master 3
expect_eq "r1 last reason" "$(show_get r1 VI_U last_reason)" priority-0
sleep 1.2
del r1 VI_U
capture_stop

step "the wire: only unicast VRRP reached the LAN, all of it valid"
pc="$TMPD/unicast.pcap"
for p in p-r1 p-k; do
	expect_eq "multicast VRRP sent by ${p#p-} (dropped at $p)" "$(mcast_drops $p)" 0
done
# one tshark pass (it starts slowly in the guest) for the IPv4 checks and the counts
spec() { printf '%s\x1f%s\x1f%s' "$@"; }
pcap_checks "$pc" pseudo \
	"$(spec "vrrp && ip.src == 10.0.0.1" \
		"vrrp.version == 3 && vrrp.type == 1 && vrrp.checksum.status == 1 && ip.dst == 10.0.0.10 && ip.ttl == 64" \
		"unicast VRRPv3 to 10.0.0.10, TTL 64, pseudo-header checksum")" \
	"$(spec "vrrp && ip.src == 10.0.0.10 && eth.src == $mk" \
		"vrrp.version == 3 && vrrp.type == 1 && vrrp.checksum.status == 1 && ip.dst == 10.0.0.1 && ip.ttl == 200" \
		"unicast VRRPv3 to 10.0.0.1, TTL 200")"
expect_ge "vrrp.ko IPv4 unicast adverts" "${VRRP_CHECKS[0]}" 5
# (the injected adverts from 10.0.0.10's address came from inj's MAC)
mapfile -t c < <(tshark_counts "$pc" pseudo "vrrp && (ip.dst == 224.0.0.0/4 || ipv6.dst == ff00::/8)" \
	"vrrp && ipv6.src == 2001:db8::1 && !(ipv6.dst == 2001:db8::10)" || echo failed)
[[ ${#c[@]} == 2 ]] || fail "tshark failed: ${c[*]}"
expect_eq "multicast VRRP packets on br0" "${c[0]}" 0
expect_eq "vrrp.ko IPv6 adverts to anyone but 2001:db8::10" "${c[1]}" 0
check_vrrp6_pcap "$pc" "vrrp && ipv6.src == 2001:db8::1" unicast
check_vrrp6_pcap "$pc" "vrrp && ipv6.src == 2001:db8::10 && eth.src == $mk" unicast
