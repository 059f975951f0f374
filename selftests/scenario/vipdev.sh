#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# A VIP on another interface than the instance's (keepalived's
# "virtual_ipaddress { ADDR dev eth1 }", vrrpctl "vip ADDR@eth1"): the
# instance runs on eth0 (LAN 1), its second VIP goes on eth1 (LAN 2).
#
#              br0 (netns br, LAN 1: adverts)
#        +--------------+--------------+
#    r1 eth0         r2 eth0
#    10.0.0.1        10.0.0.2          VIP 10.0.0.60 (on eth0)
#    r1 eth1         r2 eth1         h eth0
#    192.168.2.1     192.168.2.2     192.168.2.100
#        +--------------+--------------+
#              br1 (netns br, LAN 2)   VIP 192.168.2.50 (on eth1)
#
# 1. r1 master: 192.168.2.50 is on r1's eth1 (not eth0), listed in the
#    adverts on LAN 1, announced by a GARP on LAN 2 from eth1's MAC (none on
#    LAN 1); h pings it; show / -j show / save name eth1 and save reads back.
# 2. r1's eth0 down: r2 takes over, the VIP moves to r2's eth1 and leaves
#    r1's; h's ARP entry follows. eth0 up: r1 preempts it back.
# 3. r1's eth1 down: the VIP is removed (IPv4 would keep it), r1 stays
#    master; up: installed again. eth1 deleted: r1 stays master, nothing
#    installed, logged once, other settings still change; re-created with
#    the same ifindex: installed.
# 4. Refusals: a VIP already on eth1 (extack names eth1), an ifindex that
#    does not exist (extack), an unknown name (vrrpctl).
# 5. Every end removes it: instance deleted (r1), instance device deleted
#    (r2's eth0: its eth1 loses the VIP).

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd tshark tcpdump jq

VIP=10.0.0.60
VIP2=192.168.2.50
GENL="$SRCDIR/selftests/genl.py"
declare -A ADDR2=([r1]=192.168.2.1 [r2]=192.168.2.2)

setup_lan r1 r2
step "LAN 2: br1, r1 eth1, r2 eth1, h"
netns_add h
nq h sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ipb br "link add br1 type bridge mcast_snooping 0 stp_state 0 forward_delay 0" \
	"link set br1 up" \
	"link add p2-r1 type veth peer name eth1 netns $(nsname r1)" \
	"link add p2-r2 type veth peer name eth1 netns $(nsname r2)" \
	"link add p2-h type veth peer name eth0 netns $(nsname h)" \
	"link set p2-r1 master br1 up" "link set p2-r2 master br1 up" \
	"link set p2-h master br1 up" || fail "LAN 2"
for ns in r1 r2; do
	ipb "$ns" "addr add ${ADDR2[$ns]}/24 dev eth1" "link set eth1 up" || fail "$ns eth1"
done
ipb h "addr add 192.168.2.100/24 dev eth0" "link set eth0 up" || fail "h eth0"

# on NS DEV ADDR: ADDR is on DEV of NS
on() {
	local out
	out=$("$IP" -n "$(nsname "$1")" -4 -o addr show dev "$2") || return 1
	[[ $out == *" inet $3/"* ]]
}
mac2() { nq "$1" cat /sys/class/net/eth1/address; }
h_arp() {
	nq h "$IP" -4 neigh show "$VIP2" dev eth0 |
		awk '{for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1)}'
}
vip2_field() {
	vctlq "$1" -j show VI | jq -r --arg a "$VIP2" ".[0].vips[] | select(.address == \$a) | .$2"
}
not_installed() { [[ $(vip2_field r1 installed) == false ]]; }
no_instances() { [[ -z $(vctlq "$1" -j show | jq -r '.[].name') ]]; }

step "1. r1 master, $VIP2 on its eth1"
capture_start "$TMPD/lan1.pcap"
cap1=$CAP_PID
capture_start "$TMPD/lan2.pcap" br br1
cap2=$CAP_PID
add r1 VI vrid 60 prio 200 advert 100ms accept garp-count 2 vip $VIP/24 $VIP2/24@eth1
wait_state r1 VI master 20
add r2 VI vrid 60 prio 100 advert 100ms accept vip $VIP/24 $VIP2/24@eth1
wait_state r2 VI backup 20
wait_for 10 "$VIP2 on r1 eth1" on r1 eth1 $VIP2
wait_vip r1 $VIP present
expect_fail on r1 eth0 $VIP2
expect_fail on r2 eth1 $VIP2
wait_for 10 "h pings $VIP2" ping_ok h $VIP2
expect_eq "h's ARP entry for $VIP2" "$(h_arp)" "$(mac2 r1)"
vctl r1 show VI
expect_eq "-j show: dev" "$(vip2_field r1 dev)" eth1
expect_eq "-j show: ifindex" "$(vip2_field r1 ifindex)" "$(nq r1 cat /sys/class/net/eth1/ifindex)"
expect_eq "-j show: installed" "$(vip2_field r1 installed)" true
vctlq r1 show VI | grep -q "vip $VIP2/24 dev eth1 (installed)" || fail "show: no \"vip $VIP2/24 dev eth1 (installed)\""
saved=$(vctlq r1 save)
log "$saved"
[[ $saved == *" $VIP2/24@eth1"* ]] || fail "save does not write $VIP2/24@eth1"
# read back: nothing to change; without "@eth1" the vip differs
printf '%s\n' "$saved" >"$TMPD/saved.conf"
out=$(vctlq r1 apply --check "$TMPD/saved.conf" 2>&1) || fail "apply --check of the saved file: $out"
log "$out"
expect_eq "apply --check of the saved file" "$(sed -n 's/^apply: would //p' <<<"$out")" ""
sed -i 's|@eth1||' "$TMPD/saved.conf"
out=$(vctlq r1 apply --check "$TMPD/saved.conf" 2>&1) || fail "apply --check without @eth1: $out"
expect_eq "apply --check without @eth1" "$(sed -n 's/^apply: would //p' <<<"$out")" \
	"change instance VI: vip"
sleep 0.5	# a few adverts and the GARP rounds on the captures
capture_stop "$cap1"
capture_stop "$cap2"
n2=$(garps "$TMPD/lan2.pcap" $VIP2 "$(mac2 r1)")
expect_ge "GARPs for $VIP2 on LAN 2 from r1 eth1's MAC" "$n2" 2
expect_eq "GARPs for $VIP2 on LAN 1" "$(garps "$TMPD/lan1.pcap" $VIP2)" 0
nadv=$(tshark -n -r "$TMPD/lan1.pcap" -Y "vrrp && vrrp.ip_addr == $VIP2 && vrrp.ip_addr == $VIP" \
	-T fields -e frame.number 2>/dev/null | wc -l)
expect_ge "adverts on LAN 1 listing $VIP and $VIP2" "$nadv" 1

step "2. failover: r1 eth0 down, r2 takes $VIP2 on its eth1"
link_down r1
wait_state r2 VI master 10
wait_for 10 "$VIP2 on r2 eth1" on r2 eth1 $VIP2
wait_for 10 "$VIP2 gone from r1 eth1" not on r1 eth1 $VIP2
# shellcheck disable=SC2016 # the condition is eval'd by wait_for
wait_for 10 "h's ARP entry for $VIP2 moves to r2 eth1" eval '[[ $(h_arp) == $(mac2 r2) ]]'
wait_for 10 "h pings $VIP2 through r2" ping_ok h $VIP2
link_up r1
wait_state r1 VI master 10
wait_state r2 VI backup 10
wait_for 10 "$VIP2 back on r1 eth1" on r1 eth1 $VIP2
wait_for 10 "$VIP2 gone from r2 eth1" not on r2 eth1 $VIP2

step "3. r1 eth1 down and up, deleted and re-created, while master"
ipn r1 link set eth1 down
wait_for 10 "$VIP2 removed from r1's down eth1" not on r1 eth1 $VIP2
expect_state r1 VI master
wait_for 10 "show: $VIP2 not installed" not_installed
ipn r1 link set eth1 up
wait_for 10 "$VIP2 back on r1 eth1" on r1 eth1 $VIP2
idx=$(nq r1 cat /sys/class/net/eth1/ifindex)
kmsg_mark "eth1 deleted"
ipn r1 link del eth1
wait_for 10 "show: $VIP2 not installed" not_installed
vctl r1 show VI
expect_state r1 VI master
dmesg | grep -q "VI: eth1 is gone, its VIPs are not installed there" || fail "no kernel log line for eth1's going"
# the VIP's interface missing does not block other changes
vctl r1 instance set VI prio 210 || fail "instance set while eth1 is gone"
ipn r1 link add eth1 index "$idx" type veth peer name p2-r1 netns "$(nsname br)"
ipn br link set p2-r1 master br1 up
ipb r1 "addr add ${ADDR2[r1]}/24 dev eth1" "link set eth1 up" || fail "r1 eth1 again"
wait_for 10 "$VIP2 installed on the new r1 eth1" on r1 eth1 $VIP2
expect_eq "-j show: installed" "$(vip2_field r1 installed)" true
wait_for 10 "h pings $VIP2" ping_ok h $VIP2
expect_state r1 VI master

step "4. refusals"
ipn r1 addr add 192.168.2.51/24 dev eth1
out=$(vctlq r1 instance add X dev eth0 vrid 61 vip 10.0.0.61 192.168.2.51/24@eth1 2>&1) &&
	fail "a VIP already on eth1 was accepted"
log "$out"
[[ $out == *"192.168.2.51 is already configured on eth1 by someone else"* ]] ||
	fail "no extack naming eth1: $out"
out=$(nq r1 python3 "$GENL" instance-new --name X --ifindex "$(nq r1 cat /sys/class/net/eth0/ifindex)" \
	--vrid 61 --vip 10.0.0.61/24 --vip-ifindex 999) && fail "ifindex 999 was accepted: $out"
log "$out"
[[ $out == *"no interface with index 999"* ]] || fail "no extack for ifindex 999: $out"
expect_fail vctl r1 instance add X dev eth0 vrid 61 vip 10.0.0.61@nosuch0
expect_eq "r1 instances" "$(vctlq r1 -j show | jq -r '[.[].name] | join(" ")')" VI

step "5. every end removes it"
del r1 VI
wait_for 10 "$VIP2 gone from r1 eth1" not on r1 eth1 $VIP2
wait_state r2 VI master 10
wait_for 10 "$VIP2 on r2 eth1" on r2 eth1 $VIP2
ipn r2 link del eth0
wait_for 10 "r2's instance gone with its eth0" no_instances r2
wait_for 10 "$VIP2 gone from r2 eth1" not on r2 eth1 $VIP2
log "PASS"
