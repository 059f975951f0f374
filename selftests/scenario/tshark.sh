#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 400
#
# What goes on the wire, decoded by an independent dissector (tshark): every
# VRRP packet sent during an election and a failover is a valid VRRPv3
# advertisement (TTL 255, proto 112, to the group, good checksum), in both
# IPv4 checksum forms; each new master sends garp-count gratuitous ARPs for
# its VIP; the leaving master sends priority 0.
#
#                 br0 (netns br, tcpdump)
#        +-----------+
#    r1 eth0     r2 eth0
#    10.0.0.1    10.0.0.2
#    prio 200    prio 100    garp-count 3, garp-refresh 0 (one burst)
#    rfc:    VI_R vrid 61 vip 10.0.0.61
#    pseudo: VI_P vrid 62 vip 10.0.0.62 csum pseudo

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd tshark tcpdump

setup_lan r1 r2
mac() { nq "$1" cat /sys/class/net/eth0/address; }
m1=$(mac r1) m2=$(mac r2)

# run MODE NAME VRID VIP: election then failover under a capture, then checks.
run() {
	local mode=$1 name=$2 vrid=$3 vip=$4 pcap="$TMPD/$1.pcap" cnt
	step "$mode checksum: election and failover under capture"
	capture_start "$pcap"
	add r1 "$name" vrid "$vrid" prio 200 advert 100ms csum "$mode" garp-count 3 garp-refresh 0 vip "$vip/24"
	add r2 "$name" vrid "$vrid" prio 100 advert 100ms csum "$mode" garp-count 3 garp-refresh 0 vip "$vip/24"
	wait_state r1 "$name" master 20
	wait_state r2 "$name" backup 10
	expect_eq "$name csum" "$(show_get r1 "$name" csum)" "$mode"
	sleep 1		# 10 adverts from the master
	del r1 "$name"
	wait_state r2 "$name" master 10
	wait_for 10 "r2 sent adverts" eval "[[ \$(stat r2 $name sent_adverts) -ge 5 ]]"
	capture_stop

	step "$mode checksum: decode"
	check_vrrp_pcap "$pcap" "$mode" "vrrp.virt_rtr_id == $vrid"
	expect_ge "VRRP packets checked" "$VRRP_CHECKED" 15
	# the other counts in one tshark pass (it starts slowly in the guest)
	local -a c
	mapfile -t c < <(tshark_counts "$pcap" "$mode" \
		"vrrp.virt_rtr_id == $vrid && vrrp.ip_addr == $vip && vrrp.addr_count == 1" \
		"vrrp.virt_rtr_id == $vrid && ip.src == 10.0.0.1 && vrrp.prio == 200" \
		"vrrp.virt_rtr_id == $vrid && ip.src == 10.0.0.1 && vrrp.prio == 0" \
		"vrrp.virt_rtr_id == $vrid && ip.src == 10.0.0.2 && vrrp.prio == 100" \
		"vrrp.virt_rtr_id == $vrid && vrrp.short_adver_int != 10" \
		"$(garp_filter "$vip" "$m1")" "$(garp_filter "$vip" "$m2")" || echo fail)
	[[ ${#c[@]} == 7 ]] || fail "$pcap: tshark failed: ${c[*]}"
	expect_eq "adverts carrying $vip" "${c[0]}" "$VRRP_CHECKED"
	expect_ge "adverts from r1 at priority 200" "${c[1]}" 10
	expect_ge "priority 0 adverts from r1 on delete" "${c[2]}" 1
	expect_ge "adverts from r2 at priority 100" "${c[3]}" 5
	expect_eq "adverts with an interval other than 10 cs" "${c[4]}" 0
	# The other form must not verify: the two forms really differ on the wire.
	local other=rfc
	[[ $mode == rfc ]] && other=pseudo
	cnt=$(tshark_count "$pcap" "$other" "vrrp.virt_rtr_id == $vrid && vrrp.checksum.status == 1")
	expect_eq "adverts that also verify as $other" "$cnt" 0

	step "$mode checksum: gratuitous ARPs, garp-count 3 per new master"
	tshark -n -r "$pcap" -Y "arp.src.proto_ipv4 == $vip" 2>/dev/null || true
	expect_eq "GARPs for $vip from r1" "${c[5]}" 3
	expect_eq "GARPs for $vip from r2" "${c[6]}" 3
	expect_eq "r2 sent_garps" "$(stat r2 "$name" sent_garps)" 3
	del r2 "$name"
}

run rfc VI_R 61 10.0.0.61
run pseudo VI_P 62 10.0.0.62
