#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# Interoperability with keepalived (Debian's 2.2.7, VRRPv3, not strict) as a
# live peer, both with their defaults. keepalived 2.2.7 always computes the
# IPv4 VRRPv3 checksum with the pseudo-header and reads no other form
# (v3_checksum_as_v2 only came in 2.2.8); vrrp.ko's default, csum auto,
# sends that form before it has heard anyone, so part 5 (vrrp.ko master
# first, keepalived started beside it) never has two masters. csum rfc
# still follows a keepalived master (both forms are read): part 6.
#
#                 br0 (netns br, tcpdump)
#        +-----------+
#    r1 eth0     k eth0
#    10.0.0.1    10.0.0.10
#    vrrp.ko     keepalived         vrid 51, vip 10.0.0.50/24, advert 1 s
#
# 1. keepalived 150, vrrp.ko 100: keepalived master, we backup.
# 2. vrrp.ko 200: we preempt, keepalived goes backup.
# 3. delete our instance (priority 0): keepalived takes over at once.
# 4. vrrp.ko 100 again, stop keepalived (it sends priority 0): we take over.
# 5. vrrp.ko 200 master alone, keepalived 150 started: it never is master.
# 6. csum rfc: we still follow a keepalived master.

. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/keepalived_lib.sh"
require_module
require_cmd keepalived tshark tcpdump

VIP=$KA_VIP
setup_lan r1 k
capture_start "$TMPD/interop.pcap"

# one_master STATE_OURS STATE_KA: both agree, and the VIP is on one side only.
one_master() {
	wait_state r1 VI_1 "$1" 15
	wait_ka_state k "$2" 15
	if [[ $1 == master ]]; then
		wait_vip r1 "$VIP" present
		wait_vip k "$VIP" absent
	else
		wait_vip k "$VIP" present
		wait_vip r1 "$VIP" absent
	fi
	log "  ok: exactly one master ($( [[ $1 == master ]] && echo vrrp.ko || echo keepalived ))"
}

step "1. keepalived priority 150, vrrp.ko 100: keepalived is master"
ka_start k k 150
wait_ka_state k MASTER 20
add r1 VI_1 vrid 51 prio 100 advert 1s vip "$VIP/24"
one_master backup MASTER
wait_field r1 VI_1 master 10.0.0.10 5
wait_field r1 VI_1 master_advert_cs 100 5
sleep 3		# three adverts: nobody moves
one_master backup MASTER
expect_ge "keepalived adverts accepted (pseudo form)" "$(stat r1 VI_1 csum_pseudo)" 3
expect_eq "vrrp.ko master transitions" "$(stat r1 VI_1 master_transitions)" 0
expect_eq "r1 csum" "$(show_get r1 VI_1 csum)" auto
expect_eq "r1 csum sent" "$(show_get r1 VI_1 csum_sent)" pseudo

step "2. vrrp.ko priority 200: we preempt keepalived"
set_ r1 VI_1 prio 200
one_master master BACKUP
sleep 3
one_master master BACKUP
expect_eq "vrrp.ko master transitions" "$(stat r1 VI_1 master_transitions)" 1
errs=$(ka_errors k)
[[ -z $errs ]] || fail "keepalived complained about our adverts: $errs"

step "3. delete our instance: keepalived takes over on priority 0"
del r1 VI_1
wait_ka_state k MASTER 10
wait_vip k "$VIP" present
expect_vip r1 "$VIP" absent

step "4. vrrp.ko 100 again, keepalived stops: we take over on priority 0"
add r1 VI_1 vrid 51 prio 100 advert 1s vip "$VIP/24"
one_master backup MASTER
# shellcheck disable=SC2016 # the condition is eval'd by wait_for
wait_for 10 "r1 hears keepalived" eval '[[ $(stat r1 VI_1 rcvd_adverts) -ge 1 ]]'
monitor_start r1 "$TMPD/mon.json"
ka_stop k
wait_state r1 VI_1 master 10
expect_eq "r1 last reason" "$(show_get r1 VI_1 last_reason)" priority-0
expect_eq "r1 priority 0 received" "$(stat r1 VI_1 rcvd_pri0)" 1
wait_vip r1 "$VIP" present
wait_vip k "$VIP" absent
bg_stop "$MON_PID"
del r1 VI_1

step "5. vrrp.ko 200 master first, keepalived 150 starts beside it: one master throughout"
add r1 VI_1 vrid 51 prio 200 advert 1s vip "$VIP/24"
wait_state r1 VI_1 master 10
ka_start k k3 150
wait_ka_state k3 BACKUP 10
# keepalived's Master_Down_Interval is 3 x 1 s + (256 - 150) / 256 s: twice that
sleep 7
ka3=$(awk '{print $2}' "$TMPD/ka-k3/states" | sort -u | paste -sd ' ')
expect_eq "keepalived's states (never MASTER)" "$ka3" BACKUP
expect_state r1 VI_1 master
expect_vip k "$VIP" absent
expect_eq "vrrp.ko master transitions" "$(stat r1 VI_1 master_transitions)" 1
expect_eq "r1 csum sent" "$(show_get r1 VI_1 csum_sent)" pseudo
errs=$(ka_errors k3)
[[ -z $errs ]] || fail "keepalived complained about our adverts: $errs"
ka_stop k3
del r1 VI_1

step "6. csum rfc: we follow a keepalived master all the same"
ka_start k k2 150
wait_ka_state k2 MASTER 20
add r1 VI_1 vrid 51 prio 100 advert 1s csum rfc vip "$VIP/24"
expect_eq "r1 csum" "$(show_get r1 VI_1 csum)" rfc
wait_state r1 VI_1 backup 10
sleep 4		# longer than a down interval
expect_state r1 VI_1 backup
expect_eq "vrrp.ko master transitions" "$(stat r1 VI_1 master_transitions)" 0
expect_ge "keepalived adverts accepted" "$(stat r1 VI_1 csum_pseudo)" 3
del r1 VI_1	# before keepalived stops: we would take over in the RFC form
ka_stop k2
capture_stop

step "the wire: every advert from either side is valid VRRPv3 (pseudo-header form)"
# We are silent in part 6 (backup): all our adverts are in the pseudo-header form.
# (one tshark pass: it starts slowly in the guest)
pcap_checks "$TMPD/interop.pcap" pseudo "$(vrrp3_spec "vrrp && ip.src == 10.0.0.10")" \
	"$(vrrp3_spec "vrrp && ip.src == 10.0.0.1")"
# Each takeover on priority 0 comes after the skew time (0.41 s for
# keepalived's 150, 0.61 s for our 100), not after the down interval (3 s
# and more): timed on the wire, parts 3 and 4.
dt=$(wire_gap_ms "$TMPD/interop.pcap" 10.0.0.1 0 10.0.0.10)
[[ -n $dt ]] || fail "no priority 0 from us followed by an advert from keepalived in the capture"
log "  keepalived's first advert $dt ms after our priority 0 (part 3)"
expect_le "keepalived takeover on the wire (ms)" "$dt" 2000
dt=$(wire_gap_ms "$TMPD/interop.pcap" 10.0.0.10 0 10.0.0.1)
[[ -n $dt ]] || fail "no priority 0 from keepalived followed by an advert from us in the capture"
log "  our first advert $dt ms after keepalived's priority 0 (part 4)"
expect_le "vrrp.ko takeover on the wire (ms)" "$dt" 2000
