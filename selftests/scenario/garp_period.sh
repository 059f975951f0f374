#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# Refresh bursts while master (garp-period / garp-period-count, keepalived's
# garp_master_refresh / garp_master_refresh_repeat), seen on the wire:
#
#              br0 (netns br, tcpdump)
#        +-----------+
#    r1 eth0     r2 eth0
#    10.0.0.1    10.0.0.2
#
#    r1, all with garp-count 1 garp-refresh 0 (one GARP per VIP on becoming
#    master, no second burst), prio 100, alone at first:
#      VI_4 vrid 51  10.0.0.50, 10.0.0.51      garp-period 1s garp-period-count 2
#      VI_6 vrid 52  fe80::52, 2001:db8::52    garp-period 1s garp-period-count 2
#      VI_M vrid 54  10.0.0.54, vmac           garp-period 1s
#      VI_0 vrid 53  10.0.0.53                 (garp-period 0, the default)
#    r2 (step 3): VI_0 and VI_6 at prio 250: they take over from r1.
#
# 0. The kernel refuses a period under 1 s, with a message saying so.
# 1. While master, each VIP of VI_4 is announced again and again, 2 GARPs
#    per refresh (one burst: garp-interval 0), bursts 0.5..4 s apart (1 s
#    asked; generous bounds, timestamps from the capture), at least 5 of
#    them; VI_6 the same with unsolicited NAs; VI_M from its virtual MAC,
#    never from the interface's; VI_0 (period 0) sends its one GARP and
#    nothing more. sent_garps counts them all.
# 2. A change applies to a running master, without a restart: VI_0 gets
#    garp-period 1s garp-period-count 3 and starts refreshing (3 GARPs per
#    burst), VI_4 gets garp-period 0 and sends nothing from then on; VI_0's
#    master_transitions stays 1.
# 3. Leaving master stops it: once r2 has taken VI_0 and VI_6, r1 sends no
#    GARP for 10.0.0.53 and no NA for 2001:db8::52 for 3.5 s (3 periods),
#    its sent_garps stand still, while VI_M, still master, goes on.
# On a module without the feature, step 0 or 1 fails (the attributes are
# unknown to it, or no refresh comes).

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd tcpdump tshark awk

LAN_IPV6=1 setup_lan r1 r2
MAC1=$(mac_of r1)
VMAC=$(vmac_of 4 54)
GARP=(garp-count 1 garp-refresh 0)

# stamps PCAP FILTER: the capture timestamps (epoch seconds) of the frames
# matching FILTER, one a line.
stamps() { tshark -n -r "$1" -Y "$2" -T fields -e frame.time_epoch 2>/dev/null; }

# bursts FROM TO: the timestamps on stdin between FROM and TO, grouped into
# bursts (frames less than 0.3 s apart): "START FRAMES" per burst.
bursts() {
	awk -v from="$1" -v to="$2" '
		$1 < from || $1 >= to { next }
		n && $1 - last > 0.3 { print start, n; n = 0 }
		!n { start = $1 }
		{ n++; last = $1 }
		END { if (n) print start, n }'
}

# check_refresh WHAT FILE FIRST EACH MIN: FILE holds the bursts of one VIP
# ("START FRAMES"): the first has FIRST frames (the announcement), the
# refresh bursts after it EACH frames (the last may be cut short by the end
# of the window), at least MIN of them, each 0.5..4 s after the one before.
check_refresh() {
	local what=$1 file=$2 first=$3 each=$4 min=$5 out
	out=$(awk -v first="$first" -v each="$each" '
		NR == 1 { if ($2 != first) bad = bad " first burst " $2 " frames" }
		NR > 1 {
			gap = $1 - prev
			if (gap < 0.5 || gap > 4) bad = bad sprintf(" gap %.3fs", gap)
			sum += gap
			if ($2 != each) { odd++; oddsize = $2 }
		}
		{ prev = $1 }
		END {
			# a burst cut short by the end of the window is the last one
			if (odd > 1 || (odd == 1 && oddsize > each)) bad = bad " bursts of other sizes"
			if (NR > 1) printf "%d %.3f%s\n", NR - 1, sum / (NR - 1), bad
			else print 0, 0, bad
		}' "$file")
	read -r n mean bad <<<"$out"
	log "  $what: $n refresh bursts, ${mean}s apart on average"
	[[ -z $bad ]] || { cat "$file"; fail "$what:$bad"; }
	expect_ge "$what: refresh bursts" "$n" "$min"
}

step "0. a period under 1 s is refused"
if out=$(vctlq r1 instance add VI_X dev eth0 vrid 9 vip 10.0.0.9/24 garp-period 500ms 2>&1); then
	fail "garp-period 500ms accepted"
fi
log "  $out"
[[ $out == *"GARP period 500 ms out of range (0: off, else 1000..86400000)"* ]] ||
	fail "garp-period 500ms: not the kernel's message: $out"
vctlq r1 show VI_X >/dev/null 2>&1 && fail "VI_X exists after a refused add"
log "  ok: refused with the kernel's message"

step "1. r1 master of all four: refresh bursts for VI_4, VI_6, VI_M, none for VI_0"
capture_start "$TMPD/garp.pcap"
t0=$EPOCHREALTIME
add r1 VI_4 vrid 51 "${GARP[@]}" garp-period 1s garp-period-count 2 vip 10.0.0.50/24 10.0.0.51/24
add r1 VI_6 vrid 52 "${GARP[@]}" garp-period 1s garp-period-count 2 vip fe80::52/64 2001:db8::52/64
add r1 VI_M vrid 54 "${GARP[@]}" garp-period 1s vmac vip 10.0.0.54/24
add r1 VI_0 vrid 53 "${GARP[@]}" vip 10.0.0.53/24
for i in VI_4 VI_6 VI_M VI_0; do wait_state r1 $i master 20; done
vctl r1 show VI_4
expect_eq "VI_4 garp_period_ms" "$(show_get r1 VI_4 garp_period_ms)" 1000
expect_eq "VI_4 garp_period_count" "$(show_get r1 VI_4 garp_period_count)" 2
expect_eq "VI_0 garp_period_ms" "$(show_get r1 VI_0 garp_period_ms)" 0
# 2 VIPs: 2 GARPs on becoming master, then 4 per refresh: 6 refreshes
# shellcheck disable=SC2016 # eval'd by wait_for
wait_for 60 "VI_4 and VI_6 sent 26 announcements, VI_M 7" \
	eval '(( $(stat r1 VI_4 sent_garps) >= 26 && $(stat r1 VI_6 sent_garps) >= 26 &&
		 $(stat r1 VI_M sent_garps) >= 7 ))'
expect_eq "VI_0 sent_garps (its announcement only)" "$(stat r1 VI_0 sent_garps)" 1

step "2. on the running master: VI_0 period 1s count 3, VI_4 period 0"
t2=$EPOCHREALTIME
set_ r1 VI_0 garp-period 1s garp-period-count 3
set_ r1 VI_4 garp-period 0
t2b=$EPOCHREALTIME
sleep 0.3	# a refresh that was on its way when the period went to 0
sent4=$(stat r1 VI_4 sent_garps)
# shellcheck disable=SC2016 # eval'd by wait_for
wait_for 30 "VI_0 sent 1 + 3 x 3 GARPs" eval '(( $(stat r1 VI_0 sent_garps) >= 10 ))'
expect_eq "VI_4 sent_garps since its period went to 0" "$(stat r1 VI_4 sent_garps)" "$sent4"
expect_eq "VI_0 master transitions (no restart)" "$(stat r1 VI_0 master_transitions)" 1
expect_state r1 VI_0 master

step "3. r2 takes VI_0 and VI_6: r1's refreshes stop"
add r2 VI_0 vrid 53 prio 250 vip 10.0.0.53/24
add r2 VI_6 vrid 52 prio 250 vip fe80::52/64 2001:db8::52/64
wait_state r1 VI_0 backup 20
wait_state r1 VI_6 backup 20
t3=$EPOCHREALTIME
sent0=$(stat r1 VI_0 sent_garps)
sent6=$(stat r1 VI_6 sent_garps)
sentm=$(stat r1 VI_M sent_garps)
sleep 3.5	# 3 periods: proving an absence takes this long
expect_eq "r1 VI_0 sent_garps while backup" "$(stat r1 VI_0 sent_garps)" "$sent0"
expect_eq "r1 VI_6 sent_garps while backup" "$(stat r1 VI_6 sent_garps)" "$sent6"
expect_ge "r1 VI_M sent_garps meanwhile (still master)" "$(stat r1 VI_M sent_garps)" $((sentm + 2))
t4=$EPOCHREALTIME
capture_stop

step "the wire"
na_f() { printf 'icmpv6.type == 136 && icmpv6.nd.na.target_address == %s && icmpv6.nd.na.flag.o == 1 && ipv6.dst == ff02::1 && eth.src == %s' "$1" "$2"; }
garp_f() { printf 'arp.src.proto_ipv4 == %s && arp.dst.proto_ipv4 == %s && eth.src == %s && arp.src.hw_mac == %s' "$1" "$1" "$2" "$2"; }
pcap=$TMPD/garp.pcap

for vip in 10.0.0.50 10.0.0.51; do
	stamps "$pcap" "$(garp_f $vip "$MAC1")" | bursts "$t0" "$t2" >"$TMPD/b4-$vip"
	check_refresh "VI_4 $vip (step 1)" "$TMPD/b4-$vip" 1 2 5
	# (a refresh already on its way when the set returned may end just after)
	n=$(stamps "$pcap" "$(garp_f $vip "$MAC1")" | bursts "$t2b" "$t4" |
		awk -v t="$t2b" '$1 > t + 0.3' | wc -l)
	expect_eq "VI_4 $vip: bursts after its period went to 0" "$n" 0
done
stamps "$pcap" "$(na_f 2001:db8::52 "$MAC1")" | bursts "$t0" "$t3" >"$TMPD/b6"
check_refresh "VI_6 2001:db8::52 NAs (steps 1, 2)" "$TMPD/b6" 1 2 5
n=$(stamps "$pcap" "$(na_f 2001:db8::52 "$MAC1")" | bursts "$t3" "$t4" | wc -l)
expect_eq "VI_6: NAs from r1 once backup" "$n" 0
stamps "$pcap" "$(garp_f 10.0.0.54 "$VMAC")" | bursts "$t0" "$t4" >"$TMPD/bm"
check_refresh "VI_M 10.0.0.54 from $VMAC" "$TMPD/bm" 1 1 8
expect_eq "VI_M: GARPs from r1's own MAC" "$(garps "$pcap" 10.0.0.54 "$MAC1")" 0
n=$(stamps "$pcap" "$(garp_f 10.0.0.53 "$MAC1")" | bursts "$t0" "$t2" | awk '{ s += $2 } END { print s + 0 }')
expect_eq "VI_0 10.0.0.53: GARPs before its period was set" "$n" 1
stamps "$pcap" "$(garp_f 10.0.0.53 "$MAC1")" | bursts "$t2" "$t3" >"$TMPD/b0"
# the set starts no burst of its own: the first refresh is a period later
read -r start _ <"$TMPD/b0" || fail "VI_0: no refresh after the set"
late=$(awk -v a="$start" -v b="$t2" 'BEGIN { printf "%.3f", a - b }')
awk -v l="$late" 'BEGIN { exit !(l >= 0.5) }' || fail "VI_0: a burst ${late}s after the set"
log "  ok: VI_0's first refresh ${late}s after the set"
# (no announcement burst in this window: check_refresh's FIRST is the first refresh)
check_refresh "VI_0 10.0.0.53 after the set" "$TMPD/b0" 3 3 2
n=$(stamps "$pcap" "$(garp_f 10.0.0.53 "$MAC1")" | bursts "$t3" "$t4" | wc -l)
expect_eq "VI_0: GARPs from r1 once backup" "$n" 0

for i in VI_4 VI_6 VI_M VI_0; do del r1 $i; done
for i in VI_0 VI_6; do del r2 $i; done
