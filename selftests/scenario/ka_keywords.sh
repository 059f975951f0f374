#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# keepalived keywords vrrp.ko keeps since issue 10, in the kernel
# (vrrpctl load's translation of them: tools/vrrpctl/tests/load.sh).
#
#                 br0 (netns br)
#          +-----------+-----------+
#   p-r1   |                       |
#      r1 eth0 10.0.0.1/24     r2 eth0 10.0.0.2/24
#          10.0.0.31/24 (2nd)
#   (p-r1 set down: r1's eth0 loses its carrier)
#
# 1. dont_track_primary (notrack-primary): r1 has two masters on eth0, T
#    (the default, track-primary) and N (notrack-primary). eth0 loses its
#    carrier: T goes to FAULT (reason link) and drops its VIP; N stays
#    MASTER with its VIP. The carrier comes back: T is master again.
#    "instance set N track-primary" without carrier: N goes to FAULT too,
#    and back with "notrack-primary". eth0 set down: N is in FAULT as well
#    (nothing can be sent); up again: both masters. -j show says
#    track_primary true / false. A module without VRRP_A_TRACK_PRIMARY
#    refuses "notrack-primary" (the test fails there).
# 2. mcast_src_ip (unicast-src without peers): r1 (prio 200) sends its
#    multicast adverts from its second address 10.0.0.31: r2, backup, sees
#    10.0.0.31 as the master, and r1 shows it as its source. The address
#    leaves eth0: adverts go from 10.0.0.1 (r2 sees it). An address not on
#    eth0 and a global IPv6 source are refused with a message naming the
#    reason, and nothing is created. (A module before this: adverts from
#    10.0.0.1 and no refusal: the test fails.)
# 3. virtual_ipaddress_excluded (vip-excluded): r1 (prio 200) has VIP
#    10.0.0.15 and excluded 10.0.0.16, 10.0.0.17; r2 only 10.0.0.15. As
#    master r1 installs all three (shown installed, the two excluded) and
#    sends gratuitous ARPs for the excluded ones too, but its adverts (on
#    br0) carry one address, 10.0.0.15; r2 stays backup. Deleting r1's
#    instance removes all three. Only excluded VIPs: refused. (A module
#    before this refuses vip-excluded: the test fails.)

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd tcpdump tshark jq

setup_lan r1 r2

carrier() { ipn br link set p-r1 "$1"; }
reason_is() { [[ $(show_get r1 "$1" last_reason) == "$2" ]]; }

step "1. dont_track_primary: notrack-primary ignores a lost carrier"
add r1 T vrid 1 advert 0.1 vip 10.0.0.11/24
add r1 N vrid 2 advert 0.1 vip 10.0.0.12/24 notrack-primary
wait_state r1 T master 10
wait_state r1 N master 10
expect_eq "T track_primary" "$(show_get r1 T track_primary)" true
expect_eq "N track_primary" "$(show_get r1 N track_primary)" false
wait_vip r1 10.0.0.12 present

carrier down
wait_state r1 T fault 10
wait_for 5 "T in FAULT for its link" reason_is T link
wait_vip r1 10.0.0.11 absent
expect_state r1 N master
expect_vip r1 10.0.0.12 present
expect_eq "N fault bits" "$(show_get r1 N fault)" "[]"

step "track-primary set again without carrier: FAULT; notrack-primary: back"
set_ r1 N track-primary
wait_state r1 N fault 10
set_ r1 N notrack-primary
wait_state r1 N master 10

step "the carrier comes back"
carrier up
wait_state r1 T master 10
expect_state r1 N master

step "eth0 set down: FAULT even with notrack-primary"
link_down r1
wait_state r1 N fault 10
wait_state r1 T fault 10
link_up r1
wait_state r1 N master 10
wait_state r1 T master 10
del r1 T
del r1 N

step "2. mcast_src_ip: the multicast advert source"
ipn r1 addr add 10.0.0.31/24 dev eth0
add r1 S vrid 3 prio 200 advert 0.1 unicast-src 10.0.0.31 vip 10.0.0.13/24
add r2 S vrid 3 prio 100 advert 0.1 vip 10.0.0.13/24
wait_state r1 S master 10
wait_state r2 S backup 10
wait_field r2 S master 10.0.0.31
expect_eq "r1's advert source" "$(show_get r1 S primary)" 10.0.0.31
ipn r1 addr del 10.0.0.31/24 dev eth0
wait_field r2 S master 10.0.0.1
expect_state r2 S backup
expect_eq "r1's advert source, 10.0.0.31 gone" "$(show_get r1 S primary)" 10.0.0.1

# refused WANT CMD...: exit 2 (the kernel refused), the message on stderr
# containing WANT; no instance X left behind.
refused() {
	local want=$1 rc=0 err
	shift
	err=$(vctlq r1 "$@" 2>&1 >/dev/null) || rc=$?
	[[ $rc == 2 ]] || fail "$*: exit $rc, want 2 (the kernel refuses): $err"
	[[ $err == *"$want"* ]] || fail "$*: message '$err' does not say '$want'"
	log "  ok: refused: $err"
	[[ -z $(vctlq r1 -j show | jq -r '.[] | select(.name == "X") | .name') ]] ||
		fail "instance X exists after a refusal"
}
refused "not an address of eth0" instance add X dev eth0 vrid 4 advert 0.1 \
	unicast-src 10.0.0.99 vip 10.0.0.14/24
refused "not an address of eth0" instance set S unicast-src 10.0.0.99
refused "link-local" instance add X dev eth0 vrid 4 advert 0.1 \
	unicast-src 2001:db8::1 vip fe80::14/64
expect_eq "S's source after the refused set" "$(show_get r1 S unicast_src)" 10.0.0.31
del r1 S
del r2 S

step "3. virtual_ipaddress_excluded: installed and announced, not advertised"
capture_start "$TMPD/excl.pcap"
add r2 E vrid 5 prio 100 advert 0.1 vip 10.0.0.15/24
add r1 E vrid 5 prio 200 advert 0.1 vip 10.0.0.15/24 vip-excluded 10.0.0.16/24 10.0.0.17/32 \
	garp-count 2
wait_state r1 E master 10
wait_state r2 E backup 10
wait_vip r1 10.0.0.16 present
wait_vip r1 10.0.0.17 present
expect_vip r1 10.0.0.15 present
vips=$(vctlq r1 -j show E | jq -c '[.[0].vips[] | [.address, .installed, .excluded]]')
expect_eq "r1's VIPs [address, installed, excluded]" "$vips" \
	'[["10.0.0.15",true,false],["10.0.0.16",true,true],["10.0.0.17",true,true]]'
sleep 0.5	# a few adverts more
capture_stop
expect_state r2 E backup
r1mac=$(mac_of r1)
adv="vrrp.virt_rtr_id == 5 && eth.src == $r1mac && vrrp.prio == 200"
expect_ge "r1's adverts" "$(tshark_count "$TMPD/excl.pcap" rfc "$adv")" 3
expect_eq "r1's adverts listing other than 10.0.0.15 alone" \
	"$(tshark_count "$TMPD/excl.pcap" rfc "$adv && !(vrrp.addr_count == 1 && vrrp.ip_addr == 10.0.0.15)")" 0
expect_ge "GARPs for the excluded 10.0.0.16" "$(garps "$TMPD/excl.pcap" 10.0.0.16 "$r1mac")" 1
expect_ge "GARPs for the excluded 10.0.0.17" "$(garps "$TMPD/excl.pcap" 10.0.0.17 "$r1mac")" 1
del r1 E
wait_state r2 E master 10
for a in 10.0.0.15 10.0.0.16 10.0.0.17; do expect_vip r1 $a absent; done
refused "excluded" instance add X dev eth0 vrid 6 advert 0.1 vip-excluded 10.0.0.18/24
del r2 E

log "PASS"
