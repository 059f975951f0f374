#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
# parallel: no
#
# Module unload while master: every master sends a priority 0 advert and
# its VIP is gone. All routers here share one kernel, so "rmmod vrrp" ends
# every instance at once; the capture on br0 must show one priority 0 advert
# per master, and none from the backups. The module is loaded again at the
# end for the harness.
#
#                      br0 (netns br, tcpdump)
#        +-----------+-----------+
#    r1 eth0     r2 eth0     r3 eth0
#    10.0.0.1    10.0.0.2    10.0.0.3
#    VI_A master VI_A backup             vrid 1  vip 10.0.0.50
#                VI_B master VI_B backup vrid 2  vip 10.0.0.51
#    VI_C backup             VI_C master vrid 3  vip 10.0.0.52

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd tshark tcpdump
[[ -n $VRRP_KO && -f $VRRP_KO ]] || skip "VRRP_KO not set: cannot load the module again"

reload() {
	[[ -d /sys/module/vrrp ]] || pp insmod "$VRRP_KO" dyndbg=+p
}
CLEANUP_HOOKS+=(reload)

setup_lan r1 r2 r3

step "three instances, each with its own master"
add r1 VI_A vrid 1 prio 200 advert 100ms vip 10.0.0.50/24
add r2 VI_A vrid 1 prio 100 advert 100ms vip 10.0.0.50/24
add r2 VI_B vrid 2 prio 200 advert 100ms vip 10.0.0.51/24
add r3 VI_B vrid 2 prio 100 advert 100ms vip 10.0.0.51/24
add r3 VI_C vrid 3 prio 200 advert 100ms vip 10.0.0.52/24
add r1 VI_C vrid 3 prio 100 advert 100ms vip 10.0.0.52/24
wait_state r1 VI_A master 20
wait_state r2 VI_B master 20
wait_state r3 VI_C master 20
wait_state r2 VI_A backup 5
wait_state r3 VI_B backup 5
wait_state r1 VI_C backup 5
wait_vip r1 10.0.0.50 present
wait_vip r2 10.0.0.51 present
wait_vip r3 10.0.0.52 present

step "trackers (one with its staleness work pending) and a sync group go too"
vctl r1 tracker add chk weight -10 timeout 60s || fail "tracker add"
vctl r2 tracker add spare fall 3 || fail "tracker add"
set_ r1 VI_A track chk sync-group G
set_ r1 VI_C sync-group G
wait_state r1 VI_A master 5
wait_state r1 VI_C backup 5

step "rmmod vrrp with a capture on the bridge"
capture_start "$TMPD/unload.pcap"
pp rmmod vrrp
capture_stop
[[ ! -d /sys/module/vrrp ]] || fail "vrrp still loaded after rmmod"

step "every master sent priority 0, no backup did"
tshark_vrrp "$TMPD/unload.pcap" pseudo -Y "vrrp.prio == 0" -T fields \
	-e frame.time_relative -e ip.src -e vrrp.virt_rtr_id -e vrrp.prio
for m in "10.0.0.1 1" "10.0.0.2 2" "10.0.0.3 3"; do
	read -r src vrid <<< "$m"
	cnt=$(tshark_count "$TMPD/unload.pcap" pseudo "vrrp.prio == 0 && ip.src == $src && vrrp.virt_rtr_id == $vrid")
	expect_ge "priority 0 adverts for vrid $vrid from $src" "$cnt" 1
done
cnt=$(tshark_count "$TMPD/unload.pcap" pseudo "vrrp.prio == 0 && !((ip.src == 10.0.0.1 && vrrp.virt_rtr_id == 1) ||
	(ip.src == 10.0.0.2 && vrrp.virt_rtr_id == 2) || (ip.src == 10.0.0.3 && vrrp.virt_rtr_id == 3))")
expect_eq "priority 0 adverts from backups" "$cnt" 0
check_vrrp_pcap "$TMPD/unload.pcap" pseudo

step "no VIP is left behind"
expect_vip r1 10.0.0.50 absent
expect_vip r2 10.0.0.51 absent
expect_vip r3 10.0.0.52 absent
for ns in r1 r2 r3; do ipn $ns -4 addr show dev eth0; done
reload
