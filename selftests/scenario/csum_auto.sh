#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 150
# stock: newest
#
# csum auto, the default for IPv4 VRRPv3: the checksum form an instance sends
# is the one of the last advert it heard from another router of the VRID,
# the pseudo-header form (keepalived's and FRR's, the only one they read)
# before it has heard anyone. r2 plays a router of either form.
#
#                 br0 (netns br, tcpdump)
#        +-----------+
#    r1 eth0     r2 eth0
#    10.0.0.1    10.0.0.2       vrid 51, vip 10.0.0.50/24, advert 100 ms
#    default     csum rfc, then csum pseudo
#
# 1. r1 alone: master, the pseudo-header form on the wire.
# 2. r2 (csum rfc, priority 200) preempts: r1 hears it, sends the RFC form.
# 3. r2 leaves (priority 0): r1 master in the RFC form on the wire.
# 4. r2 (csum pseudo, 200) preempts again: r1 back to the pseudo-header form.
# 5. csum pseudo / rfc fix the form: heard adverts no longer change it.

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd tshark tcpdump

VIP=10.0.0.50
R1=10.0.0.1
setup_lan r1 r2

# sent NS: the form vrrpctl says the instance sends.
sent() { show_get "$1" VI_1 csum_sent; }

step "1. r1 alone: master, the pseudo-header form"
capture_start "$TMPD/1.pcap"
add r1 VI_1 vrid 51 prio 100 advert 100ms vip $VIP/24
wait_state r1 VI_1 master 10
expect_eq "r1 csum" "$(show_get r1 VI_1 csum)" auto
expect_eq "r1 csum sent" "$(sent r1)" pseudo
vctl r1 show VI_1 | grep -F "csum auto (pseudo)" || fail "show does not say 'csum auto (pseudo)'"
sleep 1
capture_stop
check_vrrp_pcap "$TMPD/1.pcap" pseudo "vrrp && ip.src == $R1"

step "2. r2 with csum rfc, priority 200, preempts: r1 answers in its form"
add r2 VI_1 vrid 51 prio 200 advert 100ms csum rfc vip $VIP/24
wait_state r2 VI_1 master 10
wait_state r1 VI_1 backup 10
wait_field r1 VI_1 csum_sent rfc 5
expect_ge "r1 adverts heard in the RFC form" "$(stat r1 VI_1 csum_rfc)" 1
expect_eq "r1 csum (configured)" "$(show_get r1 VI_1 csum)" auto

step "3. r2 leaves (priority 0): r1 is master in the RFC form"
capture_start "$TMPD/3.pcap"
del r2 VI_1
wait_state r1 VI_1 master 5
sleep 1
capture_stop
check_vrrp_pcap "$TMPD/3.pcap" rfc "vrrp && ip.src == $R1"
expect_eq "r1 csum sent" "$(sent r1)" rfc

step "4. r2 with csum pseudo, priority 200, preempts: r1 follows it back"
add r2 VI_1 vrid 51 prio 200 advert 100ms csum pseudo vip $VIP/24
wait_state r2 VI_1 master 10
wait_state r1 VI_1 backup 10
wait_field r1 VI_1 csum_sent pseudo 5

step "5. a fixed form is kept whatever is heard"
set_ r1 VI_1 csum rfc
expect_eq "r1 csum" "$(show_get r1 VI_1 csum)" rfc
expect_eq "r1 csum sent" "$(sent r1)" rfc
vctl r1 show VI_1 | grep -F "csum rfc " || fail "show does not say 'csum rfc'"
sleep 1	# ten adverts of r2 in the pseudo-header form
expect_eq "r1 csum sent" "$(sent r1)" rfc
set_ r1 VI_1 csum auto
wait_field r1 VI_1 csum_sent pseudo 5
del r2 VI_1
del r1 VI_1
