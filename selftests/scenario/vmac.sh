#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 360
#
# Virtual MAC mode (RFC 9568 7.3), vrrp.ko against vrrp.ko, IPv4 and IPv6:
# the client's neighbour entries for the VIPs are the virtual MACs
# (00:00:5e:00:01:VRID, 00:00:5e:00:02:VRID) from the first ping on and never
# change across failover and failback, sampled every 0.1 s; pings are
# answered throughout; the bridge learns the virtual MAC on the master's
# port; adverts, gratuitous ARPs and unsolicited NAs carry the virtual MAC,
# and no ARP reply or NA for a VIP ever carries a router's own MAC.
#
#                      br0 (netns br, tcpdump)
#        +-----------+-----------+
#    r1 eth0     r2 eth0      c eth0
#    prio 200    prio 100     client
#    VM4: vrid 51 vip 10.0.0.50/24                     vmac accept advert 100ms
#    VM6: vrid 52 vip fe80::52/64 2001:db8::52/64      vmac accept advert 100ms
#
# 1. r1 master; 2. r1 priority 50: r2 takes over; 3. r1 priority 200: r1
# takes over again; 4. delete r1's instances: r2 takes over on priority 0.

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd tshark tcpdump ping bridge

# shellcheck disable=SC2034 # read by setup_lan
LAN_IPV6=1
VIP4=10.0.0.50
VIP6=2001:db8::52
VM4=$(vmac_of 4 51)
VM6=$(vmac_of 6 52)
setup_lan r1 r2 c
m1=$(mac_of r1) m2=$(mac_of r2)
log "  r1 $m1, r2 $m2, virtual MACs $VM4 $VM6"
capture_start "$TMPD/vmac.pcap"

both() {	# both NS STATE
	wait_state "$1" VM4 "$2" "${3:-10}"
	wait_state "$1" VM6 "$2" "${3:-10}"
}
fdb_port() {	# fdb_port MAC: the bridge port that MAC was learned on
	nq br bridge fdb show br br0 | awk -v m="$1" '$1 == m {for (i = 2; i < NF; i++) if ($i == "dev") print $(i + 1)}' | head -n 1
}
# master_is NS [gone]: NS master of both, the other backup (or without
# instances: gone), the VIPs and the bridge's fdb follow.
master_is() {
	local m=$1 b=r1
	[[ $m == r1 ]] && b=r2
	both "$m" master
	[[ $2 == gone ]] || both "$b" backup
	wait_vip "$m" $VIP4 present
	wait_vip "$m" $VIP6 present
	wait_vip "$b" $VIP4 absent
	wait_vip "$b" $VIP6 absent
	wait_for 5 "bridge learns $VM4 on p-$m" eval "[[ \$(fdb_port $VM4) == p-$m ]]"
	wait_for 5 "bridge learns $VM6 on p-$m" eval "[[ \$(fdb_port $VM6) == p-$m ]]"
	wait_for 10 "client pings $VIP4" ping_ok c $VIP4
	wait_for 10 "client pings $VIP6" ping_ok c $VIP6
	log "  ok: $m is master, the bridge has the virtual MACs on p-$m"
}

step "1. r1 200, r2 100, virtual MAC mode"
for ns in r1 r2; do
	p=200
	[[ $ns == r2 ]] && p=100
	add $ns VM4 prio $p vrid 51 advert 100ms vmac accept vip $VIP4/24
	add $ns VM6 prio $p vrid 52 advert 100ms vmac accept vip fe80::52/64 $VIP6/64
	[[ $ns == r1 ]] && both r1 master 20
done
master_is r1
expect_eq "r1 VM4 vmac" "$(show_get r1 VM4 vmac)" true
expect_eq "r1 VM4 vmac_addr" "$(show_get r1 VM4 vmac_addr)" "$VM4"
expect_eq "r2 VM6 vmac_addr" "$(show_get r2 VM6 vmac_addr)" "$VM6"
expect_eq "client's neighbour entry for $VIP4" "$(neigh_mac c $VIP4)" "$VM4"
expect_eq "client's neighbour entry for $VIP6" "$(neigh_mac c $VIP6)" "$VM6"
expect_eq "r1's own MAC (no macvlan, eth0 unchanged)" "$(mac_of r1)" "$m1"
expect_eq "r1's links (no extra interface)" "$(nq r1 "$IP" -o link show | wc -l)" 2

step "the client pings both VIPs and samples its neighbour table from now on"
bg_start "$TMPD/ping4.log" c ping -n -i 0.1 -c 150 -W 1 $VIP4
p4=$BG_PID
bg_start "$TMPD/ping6.log" c ping -n -i 0.1 -c 150 -W 1 $VIP6
p6=$BG_PID
# (read -t on the test's FIFO, not sleep: a process less per sample)
bg_start "$TMPD/neigh.log" c bash -c "while :; do
	$IP neigh show $VIP4 dev eth0; $IP neigh show $VIP6 dev eth0
	read -rt 0.1 _ <>'$TMPD/nap' || true; done"
sampler=$BG_PID
sleep 1

step "2. r1 priority 50: r2 takes over"
set_ r1 VM4 prio 50
set_ r1 VM6 prio 50
master_is r2
sleep 1

step "3. r1 priority 200: r1 takes over again"
set_ r1 VM4 prio 200
set_ r1 VM6 prio 200
master_is r1
sleep 1

step "4. delete r1's instances: r2 takes over on priority 0"
del r1 VM4
del r1 VM6
master_is r2 gone
expect_eq "r2 VM4 last reason" "$(show_get r2 VM4 last_reason)" priority-0
wait "$p4" || true
wait "$p6" || true
bg_stop "$sampler"
cat "$TMPD/ping4.log" "$TMPD/ping6.log"
expect_ge "IPv4 pings answered across three changes (of 150)" "$(ping_count "$TMPD/ping4.log")" 120
expect_ge "IPv6 pings answered across three changes (of 150)" "$(ping_count "$TMPD/ping6.log")" 120
sort "$TMPD/neigh.log" | awk '{print $1, $4, $5}' | uniq -c
expect_ge "neighbour table samples" "$(grep -c . "$TMPD/neigh.log")" 40
for v in "$VIP4 $VM4" "$VIP6 $VM6"; do
	read -r vip vm <<< "$v"
	cnt=$(awk -v a="$vip" '$1 == a' "$TMPD/neigh.log" | grep -c lladdr || true)
	expect_ge "samples of $vip with a link-layer address" "$cnt" 20
	cnt=$(awk -v a="$vip" -v m="$vm" '$1 == a && /lladdr/ && $0 !~ (" lladdr " m " ")' "$TMPD/neigh.log" | wc -l)
	expect_eq "samples of $vip with another address than $vm" "$cnt" 0
done
expect_eq "client's neighbour entry for $VIP4 at the end" "$(neigh_mac c $VIP4)" "$VM4"
expect_eq "client's neighbour entry for $VIP6 at the end" "$(neigh_mac c $VIP6)" "$VM6"
sleep 0.5
del r2 VM4
del r2 VM6
capture_stop

step "the wire: adverts, GARPs and NAs carry the virtual MAC"
pc="$TMPD/vmac.pcap"
check_vrrp_pcap "$pc" pseudo "vrrp && ip"
check_vrrp6_pcap "$pc" "vrrp && ipv6"
# the counts in one tshark pass (it starts slowly in the guest)
na6="icmpv6.type == 136 && icmpv6.nd.na.target_address == $VIP6"
mapfile -t c < <(tshark_counts "$pc" pseudo \
	"vrrp && ip && !(eth.src == $VM4)" \
	"vrrp && ipv6 && !(eth.src == $VM6)" \
	"vrrp && ipv6 && ipv6.src == $(lladdr r1)" \
	"$(garp_filter $VIP4 "$VM4")" \
	"arp.src.proto_ipv4 == $VIP4 && !(arp.src.hw_mac == $VM4 && eth.src == $VM4)" \
	"$na6 && ipv6.dst == ff02::1 && eth.src == $VM6 && icmpv6.opt.linkaddr == $VM6" \
	"$na6 && !(eth.src == $VM6)" \
	"$na6 && icmpv6.nd.na.flag.s == 0 && !(eth.src == $VM6)" \
	"$na6 && icmpv6.opt.linkaddr && !(icmpv6.opt.linkaddr == $VM6)" || echo failed)
[[ ${#c[@]} == 9 ]] || fail "tshark failed: ${c[*]}"
expect_eq "IPv4 adverts not from $VM4" "${c[0]}" 0
expect_eq "IPv6 adverts not from $VM6" "${c[1]}" 0
expect_ge "IPv6 adverts from r1's link-local (source address unchanged)" "${c[2]}" 5
# 4 takeovers (r1, r2, r1, r2): a GARP burst each.
expect_ge "GARPs for $VIP4 from $VM4" "${c[3]}" 4
expect_eq "ARP packets for $VIP4 with another MAC" "${c[4]}" 0
expect_ge "unsolicited NAs for $VIP6 from $VM6" "${c[5]}" 4
# What a neighbour learns is the target link-layer address (checked below);
# RFC 9568 asks nothing of the Ethernet source of a solicited NA, and the
# kernel's have the interface's own (only the option is rewritten).
log "  (solicited NAs for $VIP6 with the router's own Ethernet source: ${c[6]})"
expect_eq "unsolicited NAs for $VIP6 from another MAC" "${c[7]}" 0
expect_eq "NAs for $VIP6 announcing another MAC" "${c[8]}" 0
cnt=$(tshark -n -r "$pc" -Y "(icmp.type == 0 && ip.src == $VIP4) || (icmpv6.type == 129 && ipv6.src == $VIP6)" \
	-T fields -e eth.src 2>/dev/null | sort | uniq -c)
log "  echo replies by source MAC:"
log "$cnt"
