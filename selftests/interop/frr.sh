#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
# stock: newest
#
# Interoperability with FRR's vrrpd (Debian's 8.4) as a live peer, both with
# their defaults: VRRPv3, advert 1 s, preempt. FRR 8.4 computes the IPv4
# VRRPv3 checksum with the pseudo-header and reads no other form (it has no
# switch for it); vrrp.ko's default, csum auto, sends that form from the
# start, so there is one master whichever starts first.
#
# FRR runs zebra and vrrpd in netns k. As its documentation requires, the
# VIP lives on a macvlan with the virtual MAC (vrrp4-2-1, bridge mode; no
# IPv6 on this LAN, so no addrgenmode), which
# vrrpd sets "protodown on" while Backup: k is master exactly when that
# flag is off.
#
#                 br0 (netns br, tcpdump)
#        +-----------+
#    r1 eth0     k eth0 (+ vrrp4-2-1, 00:00:5e:00:01:33)
#    10.0.0.1    10.0.0.10
#    vrrp.ko     FRR vrrpd          vrid 51, vip 10.0.0.50/24
#
# 1. FRR 150, vrrp.ko 100: FRR master, we backup.
# 2. vrrp.ko 200: we preempt, FRR goes backup.
# 3. delete our instance (priority 0): FRR takes over.
# 4. vrrp.ko 200 master first, FRR 150 started beside it: FRR never master.

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd tshark tcpdump /usr/lib/frr/zebra /usr/lib/frr/vrrpd

VIP=10.0.0.50
MV=vrrp4-2-1
setup_lan r1 k
ipn k link add $MV link eth0 type macvlan mode bridge
ipn k link set dev $MV address 00:00:5e:00:01:33
ipn k addr add $VIP/24 dev $MV
ipn k link set dev $MV up
capture_start "$TMPD/frr.pcap"

declare -A FRR_PIDS
# frr_start ID PRIO: zebra and vrrpd in netns k, own sockets and logs.
# Their files are in /run (fresh for each test; $TMPD is root's only): the
# daemons drop to user frr (in group frrvty). Logs go to $TMPD/frr-ID.
frr_start() {
	local id=$1 prio=$2 d="/run/vrrp-frr-$1" l="$TMPD/frr-$1"
	mkdir -p "$d" "$l"
	chown frr:frr "$d"
	printf 'hostname k\nlog stdout debugging\n' >"$d/zebra.conf"
	cat >"$d/vrrpd.conf" <<-EOC
	hostname k
	log stdout debugging
	interface eth0
	 vrrp 51 priority $prio
	 vrrp 51 ip $VIP
	EOC
	cp "$d"/*.conf "$l/"
	log "  vrrpd config $d/vrrpd.conf:"
	sed 's/^/    | /' "$d/vrrpd.conf"
	bg_start "$l/zebra.log" k /usr/lib/frr/zebra -A 127.0.0.1 -P 0 \
		-f "$d/zebra.conf" -i "$d/zebra.pid" -z "$d/zserv.api" --vty_socket "$d"
	FRR_PIDS[$id]="$BG_PID"
	wait_for 20 "zebra $id listening" test -S "$d/zserv.api"
	bg_start "$l/vrrpd.log" k /usr/lib/frr/vrrpd -A 127.0.0.1 -P 0 \
		-f "$d/vrrpd.conf" -i "$d/vrrpd.pid" -z "$d/zserv.api" --vty_socket "$d"
	FRR_PIDS[$id]+=" $BG_PID"
}
frr_stop() {
	local pid
	for pid in ${FRR_PIDS[$1]}; do
		bg_stop "$pid"
	done
}
# k is master when vrrpd has taken its macvlan out of protodown.
frr_master() { ! nq k "$IP" -d link show dev $MV | grep -q 'protodown on'; }
frr_backup() { nq k "$IP" -d link show dev $MV | grep -q 'protodown on'; }
wait_frr() {
	if [[ $1 == master ]]; then
		wait_for "${2:-15}" "FRR master ($MV protodown off)" frr_master
	else
		wait_for "${2:-15}" "FRR backup ($MV protodown on)" frr_backup
	fi
	log "  ok: FRR is $1"
}

step "1. FRR priority 150, vrrp.ko 100: FRR is master"
frr_start a 150
wait_frr backup 20	# every vrrpd router starts in Backup
wait_frr master 20
add r1 VI_1 vrid 51 prio 100 advert 1s vip "$VIP/24"
wait_state r1 VI_1 backup 10
wait_field r1 VI_1 master 10.0.0.10 5
sleep 3		# three adverts: nobody moves
frr_master || fail "FRR left master"
expect_state r1 VI_1 backup
wait_vip r1 "$VIP" absent
expect_ge "FRR adverts accepted (pseudo form)" "$(stat r1 VI_1 csum_pseudo)" 3
expect_eq "r1 csum sent" "$(show_get r1 VI_1 csum_sent)" pseudo
expect_eq "vrrp.ko master transitions" "$(stat r1 VI_1 master_transitions)" 0

step "2. vrrp.ko priority 200: we preempt FRR"
set_ r1 VI_1 prio 200
wait_state r1 VI_1 master 10
wait_frr backup 10
wait_vip r1 "$VIP" present
sleep 3
frr_backup || fail "FRR left backup"
expect_state r1 VI_1 master

step "3. delete our instance: FRR takes over on priority 0"
del r1 VI_1
wait_frr master 10
wait_vip r1 "$VIP" absent
frr_stop a
# vrrpd leaves the macvlan as it was; the next start puts it in Backup

step "4. vrrp.ko 200 master first, FRR 150 starts beside it: one master throughout"
add r1 VI_1 vrid 51 prio 200 advert 1s vip "$VIP/24"
wait_state r1 VI_1 master 10
frr_start b 150
wait_frr backup 20
# FRR's Master_Down_Interval is 3 x 1 s + (256 - 150) / 256 s: twice that
for ((i = 0; i < 14; i++)); do
	frr_backup || fail "FRR became master beside a vrrp.ko master ($i x 0.5 s after it went backup)"
	sleep 0.5
done
log "  ok: FRR stayed backup for 7 s"
expect_state r1 VI_1 master
expect_eq "vrrp.ko master transitions (new instance)" "$(stat r1 VI_1 master_transitions)" 1
expect_eq "r1 csum sent" "$(show_get r1 VI_1 csum_sent)" pseudo
del r1 VI_1
wait_frr master 10
frr_stop b
capture_stop

step "the wire: every advert from either side is valid VRRPv3 (pseudo-header form)"
check_vrrp_pcap "$TMPD/frr.pcap" pseudo "vrrp && ip.src == 10.0.0.10"
check_vrrp_pcap "$TMPD/frr.pcap" pseudo "vrrp && ip.src == 10.0.0.1"
