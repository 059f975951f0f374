#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 480
#
# VRRPv2 interoperability with keepalived (Debian's 2.2.7, vrrp_version 2):
# auth none and PASS with the right password elect one master, fail over
# and preempt both ways; with a wrong password, or auth none against PASS,
# each side discards the other's adverts (our auth_failures or
# auth_type_mismatch grows, keepalived logs it) and neither moves because of
# them: both end up master, as RFC 3768 has it. Each part uses its own VRID
# so the capture can be checked per part.
#
#                      br0 (netns br, tcpdump)
#        +-----------+-----------+
#    r1 eth0     k eth0       c eth0
#    10.0.0.1    10.0.0.10    10.0.0.100 (client)
#    vrrp.ko     keepalived   advert 1 s
#
# A. vrid 53 auth none         keepalived 150 / vrrp.ko 100, 200, delete; 100, stop keepalived
# B. vrid 54 PASS secret12     keepalived 150 / vrrp.ko 100, 200, 100, stop keepalived
# C. vrid 55 PASS, ours wrongpwd: vrrp.ko master first, keepalived 150 starts
# D. vrid 56 keepalived PASS, ours none: the same, auth_type_mismatch

. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/keepalived_lib.sh"
require_module
require_cmd keepalived tshark tcpdump ping

# shellcheck disable=SC2034 # read by ka_start
KA_VERSION=2
PASS=secret12
setup_lan r1 k c
capture_start "$TMPD/v2.pcap"

# one_master ID ours|keepalived: both agree, the VIP on the master only,
# answering the client; still so 2 s later.
one_master() {
	local id=$1 m=r1 b=k s1=master sk=BACKUP
	[[ $2 == keepalived ]] && m=k b=r1 s1=backup sk=MASTER
	wait_state r1 VI_1 $s1 15
	wait_ka_state "$id" $sk 15
	wait_vip $m "$KA_VIP" present
	wait_vip $b "$KA_VIP" absent
	wait_for 10 "client pings $KA_VIP" ping_ok c "$KA_VIP"
	sleep 2
	expect_state r1 VI_1 $s1
	expect_eq "keepalived state" "$(ka_state "$id")" $sk
	expect_vip $m "$KA_VIP" present
	expect_vip $b "$KA_VIP" absent
	log "  ok: exactly one master ($2)"
}

# setup_part VRID: the VRID and VIP of the part (for ka_start and ours).
# shellcheck disable=SC2034 # KA_VRID is read by ka_start
setup_part() {
	KA_VRID=$1 KA_VIP=10.0.0.$1
	OURS=(version 2 vrid "$1" advert 1s accept vip "$KA_VIP/24")
}

step "A. auth none, vrid 53: keepalived 150, vrrp.ko 100"
setup_part 53
ka_start k a 150
wait_ka_state a MASTER 20
add r1 VI_1 prio 100 "${OURS[@]}" auth none
one_master a keepalived
wait_field r1 VI_1 master 10.0.0.10 5
expect_ge "keepalived adverts accepted" "$(stat r1 VI_1 rcvd_adverts)" 3
step "A. vrrp.ko 200: we preempt"
set_ r1 VI_1 prio 200
one_master a ours
step "A. delete our instance: keepalived takes over on priority 0"
del r1 VI_1
wait_ka_state a MASTER 3
wait_vip k "$KA_VIP" present
step "A. vrrp.ko 100, keepalived stops: we take over on priority 0"
add r1 VI_1 prio 100 "${OURS[@]}"
one_master a keepalived
ka_stop a
wait_state r1 VI_1 master 3
expect_eq "r1 last reason" "$(show_get r1 VI_1 last_reason)" priority-0
for c in auth_failures auth_type_mismatch invalid_auth_type adv_interval_errors; do
	expect_eq "r1 $c" "$(stat r1 VI_1 $c)" 0
done
errs=$(ka_errors a)
[[ -z $errs ]] || fail "keepalived complained about our adverts: $errs"
sleep 1.2
del r1 VI_1

KA_AUTH="authentication {
	        auth_type PASS
	        auth_pass $PASS
	    }"

step "B. PASS $PASS, vrid 54: keepalived 150, vrrp.ko 100"
setup_part 54
ka_start k b 150 "$KA_AUTH"
wait_ka_state b MASTER 20
add r1 VI_1 prio 100 "${OURS[@]}" auth pass $PASS
one_master b keepalived
expect_ge "keepalived adverts accepted" "$(stat r1 VI_1 rcvd_adverts)" 3
step "B. vrrp.ko 200: we preempt; 100: keepalived preempts back"
set_ r1 VI_1 prio 200
one_master b ours
set_ r1 VI_1 prio 100
one_master b keepalived
step "B. keepalived stops: we take over on priority 0"
ka_stop b
wait_state r1 VI_1 master 3
expect_eq "r1 last reason" "$(show_get r1 VI_1 last_reason)" priority-0
for c in auth_failures auth_type_mismatch invalid_auth_type adv_interval_errors; do
	expect_eq "r1 $c" "$(stat r1 VI_1 $c)" 0
done
expect_eq "keepalived 'invalid passwd' lines" "$(ka_log_count b 'invalid passwd')" 0
errs=$(ka_errors b)
[[ -z $errs ]] || fail "keepalived complained about our adverts: $errs"
sleep 1.2
del r1 VI_1

# deaf PART ID COUNTER KA_REGEX OUR_AUTH...: vrrp.ko master first at 100,
# then keepalived at 150 whose adverts we must discard (COUNTER) and which
# discards ours (its log matches KA_REGEX): both masters, nobody moves.
deaf() {
	local id=$2 counter=$3 re=$4 t
	shift 4
	add r1 VI_1 prio 100 "${OURS[@]}" "$@"
	wait_state r1 VI_1 master 15
	t=$(stat r1 VI_1 transitions)
	ka_start k "$id" 150 "$KA_AUTH"
	wait_ka_state "$id" MASTER 20	# it does not hear us either
	# keepalived 2.2.7 as master sends one advert and then none as long as
	# adverts it rejects keep arriving once per its advert interval (each
	# received packet restarts its timer), so one is all we can count on.
	wait_for 10 "r1 counts keepalived's advert(s) in $counter" \
		eval "[[ \$(stat r1 VI_1 $counter) -ge 1 ]]"
	wait_for 10 "keepalived logs our adverts as $re" \
		eval "[[ \$(ka_log_count $id '$re') -ge 3 ]]"
	sleep 2
	expect_state r1 VI_1 master
	expect_eq "r1 transitions while keepalived advertised at 150" "$(stat r1 VI_1 transitions)" "$t"
	expect_eq "r1 rcvd_adverts" "$(stat r1 VI_1 rcvd_adverts)" 0
	expect_eq "keepalived state" "$(ka_state "$id")" MASTER
	expect_vip r1 "$KA_VIP" present
	log "  r1 VI_1 $counter = $(stat r1 VI_1 "$counter"), keepalived: $(ka_log_count "$id" "$re") x '$re'"
	for c in auth_failures auth_type_mismatch invalid_auth_type; do
		[[ $c == "$counter" ]] || expect_eq "r1 $c" "$(stat r1 VI_1 $c)" 0
	done
	# the split brain is reported (issue 11): keepalived's gratuitous ARPs
	# for our VIP, and its adverts as an auth mismatch
	wait_for 10 "r1 counts keepalived's claim on $KA_VIP" \
		eval "[[ \$(stat r1 VI_1 vip_conflicts) -ge 1 ]]"
	expect_eq "r1 conflict kind" "$(show_get r1 VI_1 conflict.kind)" arp
	expect_eq "r1 conflict vip" "$(show_get r1 VI_1 conflict.vip)" "$KA_VIP"
	expect_eq "r1 mismatch what" "$(show_get r1 VI_1 mismatch.what)" '["auth"]'
	del r1 VI_1
	ka_stop "$id"
}

expect_split "C and D: keepalived and vrrp.ko do not hear each other (auth)"
step "C. PASS, our password wrong (vrid 55): neither side hears the other"
setup_part 55
deaf C c auth_failures 'invalid passwd' auth pass wrongpwd

step "D. keepalived PASS, ours auth none (vrid 56): auth type mismatch"
setup_part 56
deaf D d auth_type_mismatch 'received a 0 auth, expecting 1'
capture_stop

step "the wire: every VRRPv2 advert of either side, per part"
pc="$TMPD/v2.pcap"
# one tshark pass (it starts slowly in the guest): VRRP_CHECKS in this order
pcap_checks "$pc" rfc \
	"$(vrrp2_spec 0 "" "vrrp.virt_rtr_id == 53 && ip.src == 10.0.0.1")" \
	"$(vrrp2_spec 0 "" "vrrp.virt_rtr_id == 53 && ip.src == 10.0.0.10")" \
	"$(vrrp2_spec 1 "$PASS" "vrrp.virt_rtr_id == 54 && ip.src == 10.0.0.1")" \
	"$(vrrp2_spec 1 "$PASS" "vrrp.virt_rtr_id == 54 && ip.src == 10.0.0.10")" \
	"$(vrrp2_spec 1 wrongpwd "vrrp.virt_rtr_id == 55 && ip.src == 10.0.0.1")" \
	"$(vrrp2_spec 1 "$PASS" "vrrp.virt_rtr_id == 55 && ip.src == 10.0.0.10")" \
	"$(vrrp2_spec 0 "" "vrrp.virt_rtr_id == 56 && ip.src == 10.0.0.1")" \
	"$(vrrp2_spec 1 "$PASS" "vrrp.virt_rtr_id == 56 && ip.src == 10.0.0.10")"
expect_ge "A adverts from 10.0.0.1" "${VRRP_CHECKS[0]}" 3
expect_ge "A adverts from 10.0.0.10" "${VRRP_CHECKS[1]}" 3
expect_ge "B adverts from 10.0.0.1" "${VRRP_CHECKS[2]}" 3
expect_ge "B adverts from 10.0.0.10" "${VRRP_CHECKS[3]}" 3
