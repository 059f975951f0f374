#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# Virtual MAC with keepalived (use_vmac: a macvlan vrrp.VRID carrying
# 00:00:5e:00:01:VRID) against vrrp.ko's vmac mode (no extra interface, eth0
# takes the virtual MAC while master). Both sides use the same virtual MAC,
# so the client's ARP entry for the VIP must never change while the master
# moves between them; pings are answered throughout.
#
#                      br0 (netns br, tcpdump)
#        +-----------+-----------+
#    r1 eth0     k eth0 (+ vrrp.55)  c eth0
#    10.0.0.1    10.0.0.10           10.0.0.100 (client)
#    vrrp.ko     keepalived          vrid 55 vip 10.0.0.55/24, advert 1 s
#
# 1. keepalived 150, vrrp.ko 100: keepalived master.
# 2. vrrp.ko 200: we preempt. 3. vrrp.ko 100: keepalived preempts back.
# 4. vrrp.ko 200, delete our instance: keepalived takes over on priority 0.

. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/keepalived_lib.sh"
require_module
require_cmd keepalived tshark tcpdump ping

# shellcheck disable=SC2034 # read by ka_start
KA_VRID=55 KA_VIP=10.0.0.55
VIP=$KA_VIP
VM=$(vmac_of 4 55)
OURS=(vrid 55 advert 1s csum pseudo vmac accept vip "$VIP/24")
setup_lan r1 k c
capture_start "$TMPD/vmac.pcap"

# keepalived puts the VIP on vrrp.55, but its replies to the client leave by
# eth0 (the first route to 10.0.0.0/24): the ARP request it sends for the
# client from the VIP carries eth0's own MAC, and the client relearns the VIP
# at keepalived's real MAC (seen in the first runs of this test: "Who has
# 10.0.0.100? Tell 10.0.0.55" from eth0's MAC). That is keepalived's (and
# Linux routing's) use_vmac pitfall, not vrrp.ko's, so keepalived's netns
# knows the client beforehand and never asks.
ipn k neigh replace "${ADDR[c]}" lladdr "$(mac_of c)" dev eth0 nud permanent

step "1. keepalived (use_vmac) 150, vrrp.ko (vmac) 100"
ka_start k k 150 "use_vmac"
wait_ka_state k MASTER 20
"$IP" -n "$(nsname k)" -d link show
nq k "$IP" link show vrrp.55 >/dev/null 2>&1 || skip "keepalived created no vrrp.55 macvlan (use_vmac unsupported here)"
expect_eq "keepalived's vrrp.55 MAC" "$(nq k cat /sys/class/net/vrrp.55/address)" "$VM"
add r1 VI_1 prio 100 "${OURS[@]}"
wait_state r1 VI_1 backup 15
wait_for 10 "client pings $VIP" ping_ok c $VIP
expect_eq "client's ARP entry for $VIP" "$(neigh_mac c $VIP)" "$VM"

bg_start "$TMPD/ping.log" c ping -n -i 0.1 -c 300 -W 1 $VIP
ping_pid=$BG_PID
# (read -t on the test's FIFO, not sleep: a process less per sample)
bg_start "$TMPD/neigh.log" c bash -c "while :; do $IP neigh show $VIP dev eth0
	read -rt 0.1 _ <>'$TMPD/nap' || true; done"
sampler=$BG_PID

# The VIP on keepalived's macvlan (no grep -q in a pipe: see has_addr).
ka_has_vip() { [[ $(nq k "$IP" -o addr show dev vrrp.55) == *" $VIP/"* ]]; }

# master_is ours|keepalived [gone]: (gone: our instance was deleted)
master_is() {
	if [[ $2 == gone ]]; then
		wait_ka_state k MASTER 15
		wait_for 10 "$VIP on keepalived's vrrp.55" ka_has_vip
		expect_vip r1 $VIP absent
	elif [[ $1 == ours ]]; then
		wait_state r1 VI_1 master 15
		wait_ka_state k BACKUP 15
		wait_vip r1 $VIP present
	else
		wait_state r1 VI_1 backup 15
		wait_ka_state k MASTER 15
		wait_vip r1 $VIP absent
	fi
	wait_for 10 "client pings $VIP" ping_ok c $VIP
	sleep 1
}

step "2. vrrp.ko 200: we preempt"
set_ r1 VI_1 prio 200
master_is ours
step "3. vrrp.ko 100: keepalived preempts back"
set_ r1 VI_1 prio 100
master_is keepalived
step "4. vrrp.ko 200, then delete our instance: keepalived takes over"
set_ r1 VI_1 prio 200
master_is ours
del r1 VI_1
master_is keepalived gone
kill -INT "$ping_pid" 2>/dev/null || true	# ping prints its summary on SIGINT
wait "$ping_pid" || true
bg_stop "$ping_pid"
bg_stop "$sampler"
capture_stop
cat "$TMPD/ping.log"
sort "$TMPD/neigh.log" | awk '{print $1, $4, $5}' | uniq -c
expect_ge "neighbour table samples with an address" "$(grep -c lladdr "$TMPD/neigh.log")" 40
cnt=$(grep lladdr "$TMPD/neigh.log" | grep -vc " lladdr $VM " || true)
expect_eq "samples with another address than $VM" "$cnt" 0
tx=$(awk '/packets transmitted/ {print $1}' "$TMPD/ping.log")
rx=$(ping_count "$TMPD/ping.log")
log "  pings: $rx of $tx answered"
expect_ge "pings answered (%)" $(( 100 * rx / tx )) 80
expect_ge "GARPs for $VIP from $VM" "$(garps "$TMPD/vmac.pcap" $VIP "$VM")" 2
cnt=$(tshark -n -r "$TMPD/vmac.pcap" -Y "arp.src.proto_ipv4 == $VIP && !(arp.src.hw_mac == $VM)" \
	-T fields -e frame.number 2>/dev/null | wc -l)
expect_eq "ARP packets for $VIP with another MAC" "$cnt" 0
check_vrrp_pcap "$TMPD/vmac.pcap" pseudo "vrrp && ip.src == 10.0.0.1"
cnt=$(tshark_count "$TMPD/vmac.pcap" pseudo "vrrp && ip.src == 10.0.0.1 && !(eth.src == $VM)")
expect_eq "our adverts not from $VM" "$cnt" 0
ka_stop k
