#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
#
# Malformed adverts (selftests/inject.py from netns inj) against a running
# virtual router: each kind of error is counted by exactly the matching
# counter, once per packet, and changes nothing else. The injected adverts
# claim priority 255 for VRID 51: had one been taken as valid, master r1
# would have gone backup. Then well-formed adverts in both IPv4 checksum
# forms are accepted and counted as such.
#
#                      br0 (netns br)
#        +-----------+-----------+
#    r1 eth0     r2 eth0     inj eth0
#    10.0.0.1    10.0.0.2    10.0.0.200 (inject.py)
#    prio 200    prio 100    VI_1 vrid 51 vip 10.0.0.50, advert 1s

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd python3

VIP=10.0.0.50
N=3
setup_lan r1 r2 inj

add r1 VI_1 vrid 51 prio 200 advert 1s vip $VIP/24
wait_state r1 VI_1 master 20
add r2 VI_1 vrid 51 prio 100 advert 1s vip $VIP/24
wait_state r2 VI_1 backup 10
# shellcheck disable=SC2016 # the condition is eval'd by wait_for
wait_for 10 "r2 hears r1" eval '[[ $(stat r2 VI_1 rcvd_adverts) -ge 1 ]]'

# one python3 for all the injections (each start costs seconds in the guest)
inject_start inj --dev eth0 --src "${ADDR[inj]}" --vip $VIP
inject() { inject_send "$@"; }

# counter NS NAME COUNTER: NAME "" for the router-wide counters.
# check KIND NAME COUNTER [inject.py args]: inject N adverts of KIND, then
# COUNTER of instance NAME (router-wide if NAME is "") must grow by exactly N
# in r1 and r2, the states must not move, and the other counters stay put.
check() {
	local kind=$1 name=$2 counter=$3 ns want key k v moved
	local -A b a
	shift 3
	key=${name:-router}.$counter
	step "$kind: $N adverts -> $key"
	# all the counters of a router from one vrrpctl (cheaper than one each),
	# read with builtins (each process start costs in the emulated guest)
	for ns in r1 r2; do
		while read -r k v; do b[$ns.$k]=$v; done < <(stats_flat $ns)
	done
	inject --kind "$kind" --num $N "$@"
	for ns in r1 r2; do
		want=$(( b[$ns.$key] + N ))
		wait_for 10 "$ns $key reaches $want" \
			eval "[[ \$(stat $ns '$name' $counter) -ge $want ]]"
	done
	sleep 0.3	# would a late duplicate count twice?
	for ns in r1 r2; do
		while read -r k v; do a[$ns.$k]=$v; done < <(stats_flat $ns)
		expect_eq "$ns $key" "${a[$ns.$key]}" "$(( b[$ns.$key] + N ))"
		expect_eq "$ns transitions" "${a[$ns.VI_1.transitions]}" "${b[$ns.VI_1.transitions]}"
	done
	moved=
	for k in "${!a[@]}"; do
		[[ ${a[$k]} == "${b[$k]}" || $k =~ \.(rcvd_adverts|sent_adverts|csum_rfc|csum_pseudo|sent_garps|down_timer_late)$ ]] ||
			moved+=" $k +$(( a[$k] - ${b[$k]:-0} ))"
	done
	log "  counters that moved:$moved"
	expect_state r1 VI_1 master
	expect_state r2 VI_1 backup
}

check ttl VI_1 ip_ttl_errors --vrid 51
check v2 "" version_errors --vrid 51
check v4 "" version_errors --vrid 51
check type VI_1 rcvd_invalid_type --vrid 51
check csum "" checksum_errors --vrid 51
check csum "" checksum_errors --vrid 51 --csum pseudo
check trunc VI_1 packet_length_errors --vrid 51
check vrid "" vrid_errors --vrid 99
check interval0 VI_1 adv_interval_errors --vrid 51
check count0 VI_1 address_list_errors --vrid 51
check short "" length_errors --vrid 51

step "no other error counter moved"
for ns in r1 r2; do
	vctl $ns -j stats VI_1
	vctl $ns -j stats
done
for c in rcvd_pri0 sent_pri0; do
	expect_eq "r1 $c" "$(stat r1 VI_1 $c)" 0
	expect_eq "r2 $c" "$(stat r2 VI_1 $c)" 0
done
expect_eq "r1 ip_ttl_errors" "$(stat r1 VI_1 ip_ttl_errors)" $N
expect_eq "r1 rcvd_invalid_type" "$(stat r1 VI_1 rcvd_invalid_type)" $N
expect_eq "r1 packet_length_errors" "$(stat r1 VI_1 packet_length_errors)" $N
expect_eq "r1 adv_interval_errors" "$(stat r1 VI_1 adv_interval_errors)" $N
expect_eq "r1 address_list_errors" "$(stat r1 VI_1 address_list_errors)" $N
expect_eq "r1 version_errors" "$(stat r1 "" version_errors)" $(( 2 * N ))
expect_eq "r1 checksum_errors" "$(stat r1 "" checksum_errors)" $(( 2 * N ))
expect_eq "r1 vrid_errors" "$(stat r1 "" vrid_errors)" $N
expect_eq "r1 length_errors" "$(stat r1 "" length_errors)" $N
# r1 is master and r2 silent: r1 has received nothing valid so far.
expect_eq "r1 rcvd_adverts" "$(stat r1 VI_1 rcvd_adverts)" 0

expect_split "the injector claims master at priority 50 and does not hear r1: a one-way path"
step "both IPv4 checksum forms are accepted (priority 50: ignored by the master)"
for form in rfc pseudo; do
	r=$(stat r1 VI_1 rcvd_adverts)
	f=$(stat r1 VI_1 "csum_$form")
	inject --kind good --csum $form --prio 50 --vrid 51 --num $N
	wait_for 10 "r1 csum_$form reaches $(( f + N ))" \
		eval "[[ \$(stat r1 VI_1 csum_$form) -ge $(( f + N )) ]]"
	expect_eq "r1 csum_$form" "$(stat r1 VI_1 csum_$form)" $(( f + N ))
	expect_eq "r1 rcvd_adverts" "$(stat r1 VI_1 rcvd_adverts)" $(( r + N ))
done
expect_eq "r1 csum_rfc" "$(stat r1 VI_1 csum_rfc)" $N
expect_eq "r1 csum_pseudo" "$(stat r1 VI_1 csum_pseudo)" $N
expect_ge "r2 csum_pseudo" "$(stat r2 VI_1 csum_pseudo)" $N
expect_state r1 VI_1 master
expect_state r2 VI_1 backup

step "a valid priority 255 advert does take over: the injector works"
inject --kind good --prio 255 --vrid 51 --num 1
wait_state r1 VI_1 backup 5
expect_eq "r1 last reason" "$(show_get r1 VI_1 last_reason)" higher-priority
log "  (r1 comes back once the injector falls silent)"
wait_state r1 VI_1 master 15
