#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vrrpctl command line checks that need no kernel module: every bad input
# must exit 1 with the right message on stderr, before anything is sent.
# Where the vrrp module is not loaded, good input must get as far as the
# kernel (exit 2, "vrrp module not loaded"); where it is loaded (the VM
# tests), those cases are skipped so that nothing is changed.
#
#   tests/usage.sh [path/to/vrrpctl]      VALGRIND=1 to run each under valgrind
set -u

VRRPCTL=${1:-$(dirname "$0")/../vrrpctl}
pass=0
fail=0
skip=0

run() {
	if [[ ${VALGRIND:-0} == 1 ]]; then
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all \
			"$VRRPCTL" "$@"
	else
		"$VRRPCTL" "$@"
	fi
}

# check WANT_RC WANT_STDERR_SUBSTRING ARGS...
check() {
	local want_rc=$1 want_err=$2 rc err
	shift 2
	err=$(run "$@" 2>&1 >/dev/null)
	rc=$?
	if [[ $rc == "$want_rc" && $err == *"$want_err"* ]]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: vrrpctl $*"
		echo "      want rc $want_rc, stderr containing: $want_err"
		echo "      got  rc $rc, stderr: $err"
	fi
}

usage() { check 1 "$@"; }

# check_out WANT_RC WANT_STDOUT_SUBSTRING ARGS...
check_out() {
	local want_rc=$1 want_out=$2 rc out
	shift 2
	out=$(run "$@" 2>/dev/null)
	rc=$?
	if [[ $rc == "$want_rc" && $out == *"$want_out"* ]]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: vrrpctl $*"
		echo "      want rc $want_rc, stdout containing: $want_out"
		echo "      got  rc $rc, stdout: $out"
	fi
}

base=(instance add VI_1 dev lo vrid 51)
add=(instance add VI_1 vip 10.0.0.100 dev lo vrid 51)
long_name=abcdefghijklmnopqrstuvwxyz012345	# 32 bytes: one too many
try='(try "vrrpctl help")'

# help, version
check_out 0 "Usage: vrrpctl" help
check_out 0 "Usage: vrrpctl" -h
check_out 0 "Usage: vrrpctl" --help
check_out 0 "Usage: vrrpctl" instance help
check_out 0 "vrrpctl " -V
check_out 0 "vrrpctl " --version

# global options and commands
usage "unknown command \"foo\" $try" foo
usage "unknown command \"instance foo\" $try" instance foo
usage "unknown option \"-x\" $try" -x show
usage "option \"-n\" needs a NETNS" -n
usage "cannot open network namespace \"no-such-netns\"" -n no-such-netns show
usage "show: unexpected argument \"b\"" show a b
usage "stats: unexpected argument \"b\"" stats a b
usage "monitor: unexpected argument \"x\"" monitor x
usage "instance show: unexpected argument \"b\"" instance show a b
usage "too long" show "$long_name"
usage "must not be empty" show ""

# instance add: required parts
usage "instance add: missing instance NAME $try" instance add
usage "missing instance NAME before \"dev\"" instance add dev lo vrid 1
usage "\"dev IFNAME\" is required" instance add VI_1
usage "\"dev IFNAME\" is required" instance add VI_1 vrid 1
usage "\"vrid N\" is required" instance add VI_1 dev lo
usage "at least one \"vip ADDR\" is required" instance add VI_1 dev lo vrid 1
usage "at least one \"vip ADDR\" is required" instance add VI_1 dev lo vrid 1 prio 10
usage "device \"nonexistent0\" does not exist" instance add VI_1 dev nonexistent0 vrid 1
usage "invalid device name" instance add VI_1 dev abcdefghijklmnopq vrid 1
usage "instance name \"$long_name\" too long" instance add "$long_name" dev lo vrid 1
usage "must not be empty" instance add "" dev lo vrid 1
usage "contains a blank or control character" instance add "VI 1" dev lo vrid 1
usage "contains a blank or control character" instance add "$(printf 'VI\t1')" dev lo vrid 1
usage "contains a non-ASCII character" instance add "$(printf 'caf\303\251')" dev lo vrid 1
usage "sync-group name \"$(printf 'gr\303\274n')\" contains a non-ASCII character" instance add VI_1 dev lo vrid 1 vip 10.0.0.1 sync-group "$(printf 'gr\303\274n')"

# keywords
usage "unknown keyword \"foo\" $try" "${add[@]}" foo
usage "unknown keyword \"prio100\" $try" "${add[@]}" prio100
usage "\"vrid\" needs a value" instance add VI_1 dev lo vrid
usage "\"dev\" needs a value" instance add VI_1 dev
usage "\"prio\" needs a value" "${add[@]}" prio
usage "\"advert\" needs a value" "${add[@]}" advert
usage "\"group\" needs a value" "${add[@]}" group
usage "\"prio\" given twice" "${add[@]}" prio 10 prio 20
usage "\"priority\" given twice" "${add[@]}" prio 10 priority 20
usage "\"vrid\" given twice" "${add[@]}" vrid 52
usage "\"nopreempt\" conflicts with \"preempt\"" "${add[@]}" preempt nopreempt
usage "\"preempt\" given twice" "${add[@]}" preempt preempt
usage "\"noaccept\" conflicts with \"accept\"" "${add[@]}" accept noaccept

# numbers
usage "vrid 0 out of range (1..255)" instance add VI_1 dev lo vrid 0
usage "vrid 256 out of range (1..255)" instance add VI_1 dev lo vrid 256
usage "vrid 99999999999999999999 out of range (1..255)" instance add VI_1 dev lo vrid 99999999999999999999
usage "invalid vrid \"abc\" (expected a number in 1..255)" instance add VI_1 dev lo vrid abc
usage "invalid vrid \"-1\"" instance add VI_1 dev lo vrid -1
usage "invalid vrid \"1x\"" instance add VI_1 dev lo vrid 1x
usage "invalid vrid \"0x10\"" instance add VI_1 dev lo vrid 0x10
usage "prio 0 out of range (1..255)" "${add[@]}" prio 0
usage "prio 256 out of range (1..255)" "${add[@]}" prio 256
usage "invalid prio \" 1\"" "${add[@]}" prio " 1"
usage "garp-count 0 out of range (1..100)" "${add[@]}" garp-count 0
usage "garp-count 101 out of range (1..100)" "${add[@]}" garp-count 101
usage "garp-period-count 0 out of range (1..100)" "${add[@]}" garp-period-count 0
usage "garp-period-count 101 out of range (1..100)" "${add[@]}" garp-period-count 101
usage "invalid garp-period-count \"x\"" "${add[@]}" garp-period-count x
usage "\"garp-period-count\" needs a value" "${add[@]}" garp-period-count

# times
usage "advert \"0\" out of range (10ms..40.95s)" "${add[@]}" advert 0
usage "advert \"0ms\" out of range (10ms..40.95s)" "${add[@]}" advert 0ms
usage "advert \"41\" out of range (10ms..40.95s)" "${add[@]}" advert 41
usage "advert \"40.96s\" out of range (10ms..40.95s)" "${add[@]}" advert 40.96s
usage "advert \"40960ms\" out of range (10ms..40.95s)" "${add[@]}" advert 40960ms
usage "advert \"99999999999999999999\" out of range" "${add[@]}" advert 99999999999999999999
usage "advert \"15ms\" is not a multiple of 10ms" "${add[@]}" advert 15ms
usage "advert \"0.015\" is not a multiple of 10ms" "${add[@]}" advert 0.015
usage "advert \"0.0105\" is not a multiple of 10ms" "${add[@]}" advert 0.0105
usage "invalid advert \"abc\"" "${add[@]}" advert abc
usage "invalid advert \"1m\"" "${add[@]}" advert 1m
usage "invalid advert \"1 s\"" "${add[@]}" advert "1 s"
usage "invalid advert \".5\"" "${add[@]}" advert .5
usage "invalid advert \"1.\"" "${add[@]}" advert 1.
usage "invalid advert \"-1\"" "${add[@]}" advert -1
usage "invalid advert \"\"" "${add[@]}" advert ""
usage "preempt-delay \"1.5ms\" is not a whole number of milliseconds" "${add[@]}" preempt-delay 1.5ms
usage "preempt-delay \"0.0001\" is not a whole number of milliseconds" "${add[@]}" preempt-delay 0.0001
usage "invalid preempt-delay \"soon\"" "${add[@]}" preempt-delay soon
usage "preempt-delay \"5000000s\" out of range" "${add[@]}" preempt-delay 5000000s
usage "invalid garp-interval \"x\"" "${add[@]}" garp-interval x
usage "invalid garp-refresh \"5 s\"" "${add[@]}" garp-refresh "5 s"
usage "invalid garp-period \"1m\"" "${add[@]}" garp-period 1m
usage "garp-period \"1.5ms\" is not a whole number of milliseconds" "${add[@]}" garp-period 1.5ms
usage "garp-period \"5000000s\" out of range" "${add[@]}" garp-period 5000000s
usage "\"garp-period\" needs a value" "${add[@]}" garp-period

# addresses
usage "\"vip\" needs a value" "${base[@]}" vip
usage "\"vip\" needs a value" "${base[@]}" vip prio 100
usage "invalid vip \"foo\" (expected ADDR[/LEN])" "${base[@]}" vip foo
usage "invalid vip \"300.1.1.1\"" "${base[@]}" vip 300.1.1.1
usage "invalid prefix length in vip \"10.0.0.1/\"" "${base[@]}" vip 10.0.0.1/
usage "invalid prefix length in vip \"10.0.0.1/33\" (0..32)" "${base[@]}" vip 10.0.0.1/33
usage "invalid prefix length in vip \"10.0.0.1/x\"" "${base[@]}" vip 10.0.0.1/x
usage "invalid prefix length in vip \"2001:db8::1/129\" (0..128)" "${base[@]}" vip 2001:db8::1/129
usage "vip \"224.0.0.1\" is not a unicast address" "${base[@]}" vip 224.0.0.1
usage "vip \"0.0.0.0\" is not a unicast address" "${base[@]}" vip 0.0.0.0
usage "vip \"255.255.255.255\" is not a unicast address" "${base[@]}" vip 255.255.255.255
usage "vip \"ff02::1\" is not a unicast address" "${base[@]}" vip ff02::1
usage "vip \"::\" is not a unicast address" "${base[@]}" vip ::
usage "vip \"2001:db8::1\" is IPv6 but the first vip is IPv4" "${base[@]}" vip 10.0.0.1 2001:db8::1
usage "vip \"10.0.0.1\" is IPv4 but the first vip is IPv6" "${base[@]}" vip 2001:db8::1 vip 10.0.0.1
usage "vip \"10.0.0.1/32\" given twice" "${base[@]}" vip 10.0.0.1/24 10.0.0.1/32
usage "vip \"10.0.0.2\" given twice" "${base[@]}" vip 10.0.0.2 prio 10 vip 10.0.0.2
usage "\"prio2\" is neither an address nor a keyword" "${base[@]}" vip 10.0.0.1 prio2 100
usage "group \"10.0.0.1\" is not a multicast address" "${base[@]}" group 10.0.0.1
usage "invalid group \"foo\"" "${base[@]}" group foo
usage "group \"ff02::12\" is IPv6 but the vips are IPv4" "${base[@]}" vip 10.0.0.1 group ff02::12
usage "group \"224.0.0.18\" is IPv4 but the vips are IPv6" "${base[@]}" group 224.0.0.18 vip 2001:db8::1
usage "invalid csum \"foo\" (expected auto, rfc or pseudo)" "${base[@]}" csum foo

# instance set / del
usage "instance set: missing instance NAME" instance set
usage "instance set: nothing to change" instance set VI_1
usage "\"dev\" cannot be changed" instance set VI_1 dev lo
usage "\"vrid\" cannot be changed" instance set VI_1 vrid 2
usage "unknown keyword \"bogus\"" instance set VI_1 prio 10 bogus
usage "prio 0 out of range" instance set VI_1 prio 0
usage "instance del: missing instance NAME" instance del
usage "instance del: unexpected argument \"b\"" instance del a b
usage "too long" instance del "$long_name"

# instance: track elements, fast-preempt, sync-group
usage "\"track\" needs a value" "${add[@]}" track
usage "\"track-if\" needs a value" "${add[@]}" track-if
usage "\"weight\" needs a value" "${add[@]}" track chk weight
usage "invalid weight \"x\" (expected a number in -254..254)" "${add[@]}" track chk weight x
usage "weight 255 out of range (-254..254)" "${add[@]}" track chk weight 255
usage "weight -255 out of range (-254..254)" "${add[@]}" track-if lo weight -255
usage "invalid weight \"--1\"" "${add[@]}" track chk weight --1
usage "\"weight\" given twice for track \"chk\"" "${add[@]}" track chk weight 1 weight 2
usage "\"reverse\" given twice for track-if \"lo\"" "${add[@]}" track-if lo reverse reverse
usage "track \"chk\" given twice" "${add[@]}" track chk track chk reverse
usage "track-if \"lo\" given twice" "${add[@]}" track-if lo prio 5 track-if lo
usage "device \"nonexistent0\" does not exist" "${add[@]}" track-if nonexistent0
usage "tracker name \"$long_name\" too long" "${add[@]}" track "$long_name"
usage "\"track none\" cannot be combined with track \"chk\"" instance set VI_1 track chk track none
usage "track \"chk\" cannot be combined with \"track none\"" instance set VI_1 track none track chk
usage "track-if \"lo\" cannot be combined with \"track none\"" instance set VI_1 track none track-if lo
usage "\"track none\" takes no \"weight\"" instance set VI_1 track none weight 5
usage "unknown keyword \"weight\"" instance set VI_1 prio 5 weight 5
usage "unknown keyword \"reverse\"" instance set VI_1 reverse
many=()
for i in $(seq 0 32); do many+=(track "chk$i"); done
usage "too many track elements (at most 32)" instance set VI_1 "${many[@]}"
usage "\"nofast-preempt\" conflicts with \"fast-preempt\"" "${add[@]}" fast-preempt nofast-preempt
usage "\"fast-preempt\" given twice" instance set VI_1 fast-preempt fast-preempt
usage "\"sync-group\" needs a value" "${add[@]}" sync-group
usage "\"sync-group\" given twice" instance set VI_1 sync-group a sync-group b
usage "sync-group name \"a b\" contains a blank" instance set VI_1 sync-group "a b"
usage "sync-group name \"$long_name\" too long" instance set VI_1 sync-group "$long_name"

# instance: version, auth
usage "\"version\" needs a value" "${add[@]}" version
usage "invalid version \"4\" (expected 2 or 3)" "${add[@]}" version 4
usage "invalid version \"1\" (expected 2 or 3)" "${add[@]}" version 1
usage "invalid version \"v2\" (expected 2 or 3)" "${add[@]}" version v2
usage "\"version\" given twice" "${add[@]}" version 2 version 2
usage "\"version\" cannot be changed: delete the instance and add it again" instance set VI_1 version 2
usage "version 2 is IPv4 only, but vip \"2001:db8::1/64\" is IPv6" "${base[@]}" version 2 vip 2001:db8::1/64
usage "version 2 is IPv4 only, but vip \"fe80::1\" is IPv6" "${base[@]}" vip fe80::1 version 2
usage "advert \"1.5s\" is not a whole number of seconds (version 2: 1..255s)" "${add[@]}" version 2 advert 1.5s
usage "advert \"1500ms\" is not a whole number of seconds (version 2: 1..255s)" "${add[@]}" advert 1500ms version 2
usage "advert \"0.5\" out of range (version 2: 1..255s)" "${add[@]}" version 2 advert 0.5
usage "advert \"100ms\" out of range (version 2: 1..255s)" "${add[@]}" version 2 advert 100ms
usage "advert \"256\" out of range (version 2: 1..255s)" "${add[@]}" version 2 advert 256
usage "advert \"0\" out of range (version 2: 1..255s)" "${add[@]}" version 2 advert 0
usage "invalid advert \"soon\"" "${add[@]}" version 2 advert soon
usage "advert \"41\" out of range (10ms..40.95s)" "${add[@]}" version 3 advert 41
usage "advert \"100.5\" out of range (10ms..40.95s, or whole seconds up to 255s for version 2)" instance set VI_1 advert 100.5
usage "advert \"256\" out of range (10ms..40.95s, or whole seconds up to 255s for version 2)" instance set VI_1 advert 256
usage "advert \"15ms\" is not a multiple of 10ms" instance set VI_1 advert 15ms
usage "\"auth\" needs a value" "${add[@]}" version 2 auth
usage "invalid auth \"ah\" (expected none or pass)" "${add[@]}" version 2 auth ah
usage "invalid auth \"PASS\" (expected none or pass)" "${add[@]}" version 2 auth PASS x
usage "\"auth pass\" needs a password" "${add[@]}" version 2 auth pass
usage "\"auth pass\": the password must not be empty" "${add[@]}" version 2 auth pass ""
usage "\"auth pass\": the password contains a control character" "${add[@]}" version 2 auth pass "$(printf 'a\tb')"
usage "\"auth\" given twice" "${add[@]}" version 2 auth none auth pass x
usage "\"auth\" given twice" instance set VI_1 auth pass x auth pass y
usage "\"auth\" needs \"version 2\" (VRRPv3 has no authentication)" "${add[@]}" auth pass secret
usage "\"auth\" needs \"version 2\" (VRRPv3 has no authentication)" "${add[@]}" version 3 auth none
# the password is the word after "pass", whatever it is
usage "unknown keyword \"x\"" "${add[@]}" version 2 auth pass vip x

# instance: arbiter
usage "\"arbiter\" needs a value" "${add[@]}" arbiter
usage "invalid arbiter \"gw\" (expected an IPv4 or IPv6 address)" "${add[@]}" arbiter gw
usage "arbiter \"224.0.0.1\" is not a unicast address" "${add[@]}" arbiter 224.0.0.1
usage "arbiter \"fe80::1\" is IPv6 but the vips are IPv4" "${add[@]}" arbiter fe80::1
usage "\"arbiter\" given twice" instance set VI_1 arbiter none arbiter 10.0.0.1
usage "unknown keyword \"fail\"" instance set VI_1 arbiter 10.0.0.1 fail

# instance: unicast-src, peer, unicast-ttl, vmac
usage "\"unicast-src\" needs a value" "${add[@]}" unicast-src
usage "invalid unicast-src \"foo\" (expected an IPv4 or IPv6 address)" "${add[@]}" unicast-src foo
usage "invalid unicast-src \"10.0.0.1/24\"" "${add[@]}" unicast-src 10.0.0.1/24
usage "unicast-src \"224.0.0.18\" is not a unicast address" "${add[@]}" unicast-src 224.0.0.18
usage "unicast-src \"0.0.0.0\" is not a unicast address" "${add[@]}" unicast-src 0.0.0.0
usage "unicast-src \"fe80::1\" is IPv6 but the vips are IPv4" "${add[@]}" unicast-src fe80::1
usage "unicast-src \"10.0.0.1\" is IPv4 but the vips are IPv6" "${base[@]}" vip fe80::1 unicast-src 10.0.0.1
usage "unicast-src \"10.0.0.1\" is IPv4 but the group is IPv6" instance set VI_1 group ff02::12 unicast-src 10.0.0.1
usage "\"unicast-src\" given twice" instance set VI_1 unicast-src none unicast-src 10.0.0.1
usage "\"peer\" needs a value" "${add[@]}" peer
usage "invalid peer \"foo\" (expected an IPv4 or IPv6 address)" "${add[@]}" peer foo
usage "invalid peer \"10.0.0.300\"" "${add[@]}" peer 10.0.0.300
usage "peer \"ff02::12\" is not a unicast address" "${base[@]}" vip fe80::1 peer ff02::12
usage "peer \"255.255.255.255\" is not a unicast address" "${add[@]}" peer 255.255.255.255
usage "peer \"10.0.0.2\" given twice" "${add[@]}" peer 10.0.0.2 peer 10.0.0.3 peer 10.0.0.2 min-ttl 1
usage "peer \"fe80:0::2\" given twice" instance set VI_1 peer fe80::2 peer fe80:0::2
usage "peer \"fe80::2\" is IPv6 but the vips are IPv4" "${add[@]}" peer 10.0.0.2 peer fe80::2
usage "peer \"10.0.0.2\" is IPv4 but the vips are IPv6" "${base[@]}" peer 10.0.0.2 vip fe80::1
usage "peer \"fe80::2\" is IPv6 but peer \"10.0.0.2\" is IPv4" instance set VI_1 peer 10.0.0.2 peer fe80::2
usage "peer \"10.0.0.2\" is IPv4 but unicast-src \"fe80::1\" is IPv6" instance set VI_1 peer 10.0.0.2 unicast-src fe80::1
usage "\"min-ttl\" needs a value" "${add[@]}" peer 10.0.0.2 min-ttl
usage "\"max-ttl\" needs a value" "${add[@]}" peer 10.0.0.2 max-ttl
usage "min-ttl 256 out of range (0..255)" "${add[@]}" peer 10.0.0.2 min-ttl 256
usage "invalid max-ttl \"-1\" (expected a number in 0..255)" "${add[@]}" peer 10.0.0.2 max-ttl -1
usage "invalid min-ttl \"x\"" "${add[@]}" peer 10.0.0.2 min-ttl x
usage "\"min-ttl\" given twice for peer \"10.0.0.2\"" "${add[@]}" peer 10.0.0.2 min-ttl 1 min-ttl 2
usage "\"max-ttl\" given twice for peer \"10.0.0.2\"" "${add[@]}" peer 10.0.0.2 max-ttl 1 min-ttl 0 max-ttl 2
usage "peer \"10.0.0.2\": min-ttl 200 is above max-ttl 100" "${add[@]}" peer 10.0.0.2 min-ttl 200 max-ttl 100
usage "peer \"10.0.0.2\": min-ttl 1 is above max-ttl 0" "${add[@]}" peer 10.0.0.2 max-ttl 0 min-ttl 1
usage "unknown keyword \"min-ttl\"" "${add[@]}" min-ttl 1
usage "unknown keyword \"max-ttl\"" "${add[@]}" peer 10.0.0.2 prio 5 max-ttl 1
usage "\"peer none\" cannot be combined with peer \"10.0.0.2\"" instance set VI_1 peer 10.0.0.2 peer none
usage "peer \"10.0.0.2\" cannot be combined with \"peer none\"" instance set VI_1 peer none peer 10.0.0.2
usage "\"peer none\" takes no \"min-ttl\"" instance set VI_1 peer none min-ttl 5
many=()
for i in $(seq 1 65); do many+=(peer "10.1.0.$i"); done
usage "too many peers (at most 64)" "${add[@]}" "${many[@]}"
usage "\"unicast-ttl\" needs a value" "${add[@]}" unicast-ttl
usage "unicast-ttl 0 out of range (1..255)" "${add[@]}" unicast-ttl 0
usage "unicast-ttl 256 out of range (1..255)" "${add[@]}" unicast-ttl 256
usage "invalid unicast-ttl \"x\"" instance set VI_1 unicast-ttl x
usage "\"unicast-ttl\" given twice" instance set VI_1 unicast-ttl 1 unicast-ttl 2
usage "\"novmac\" conflicts with \"vmac\"" "${add[@]}" vmac novmac
usage "\"vmac\" given twice" instance set VI_1 vmac vmac
usage "unknown keyword \"use_vmac\"" "${add[@]}" use_vmac

# show secrets
usage "show: unexpected argument \"b\"" show a b secrets
usage "show: unexpected argument \"secret\"" show VI_1 secret
usage "instance show: unexpected argument \"b\"" instance show a b secrets

# tracker
usage "tracker add: missing tracker NAME $try" tracker add
usage "tracker set: missing tracker NAME" tracker set
usage "\"none\" cannot be a tracker name" tracker add none
usage "tracker name must not be empty" tracker add ""
usage "tracker name \"a b\" contains a blank or control character" tracker add "a b"
usage "tracker name \"$long_name\" too long" tracker add "$long_name"
usage "unknown keyword \"foo\" $try" tracker add chk foo 1
usage "\"weight\" needs a value" tracker add chk weight
usage "weight 255 out of range (-254..254)" tracker add chk weight 255
usage "invalid weight \"1.5\"" tracker add chk weight 1.5
usage "fall 0 out of range (1..255)" tracker add chk fall 0
usage "rise 256 out of range (1..255)" tracker add chk rise 256
usage "invalid timeout \"soon\"" tracker add chk timeout soon
usage "\"rise\" given twice" tracker add chk rise 1 rise 2
usage "tracker set: nothing to change" tracker set chk
usage "\"init\" needs a value" tracker add chk init
usage "\"init\" is ok, fail or unknown, not \"maybe\"" tracker add chk init maybe
usage "\"init\" given twice" tracker add chk init ok weight 0 init fail
usage "tracker set: \"init\" is given at creation only (tracker add)" tracker set chk init fail
usage "tracker del: missing tracker NAME" tracker del
usage "tracker del: unexpected argument \"b\"" tracker del a b
usage "tracker show: unexpected argument \"b\"" tracker show a b
usage "unknown command \"tracker foo\" $try" tracker foo

# track, track run, weight
usage "track: missing tracker NAME" track
usage "track chk: missing \"ok\" or \"fail\"" track chk
usage "track chk: invalid result \"maybe\" (expected ok or fail)" track chk maybe
usage "track chk ok: unexpected argument \"now\"" track chk ok now
usage "tracker name \"$long_name\" too long" track "$long_name" ok
usage "track run: missing tracker NAME" track run
usage "track run: missing tracker NAME" track run --timeout 1
usage "track run chk: missing the command to run" track run chk
usage "track run chk: missing the command to run" track run chk --
usage "track run: unknown option \"-x\"" track run chk -x -- true
usage "\"--timeout\" needs a value" track run chk --timeout
usage "--timeout must be more than 0" track run chk --timeout 0 -- true
usage "invalid --timeout \"soon\"" track run chk --timeout soon -- true
usage "weight: missing tracker NAME" weight
usage "weight chk: missing VALUE" weight chk
usage "weight 255 out of range (-254..254)" weight chk 255
usage "invalid weight \"x\"" weight chk x
usage "weight chk: unexpected argument \"3\"" weight chk 2 3

# notify, save, -b
tmpd=$(mktemp -d)
trap 'rm -rf "$tmpd"' EXIT
conf=$tmpd/notify.conf
usage "notify: \"-c FILE\" is required" notify
usage "\"-c\" needs a value" notify -c
usage "notify: unexpected argument \"x\"" notify -c "$conf" x
usage "--timeout must be more than 0" notify -c "$conf" --timeout 0
usage "notify: cannot open \"$tmpd/none\": No such file or directory" notify -c "$tmpd/none"
# notify_conf LINE WANT: the first line of a config is wrong
notify_conf() {
	printf '# ok\ninstance VI_1 master /bin/true\n%s\n' "$1" >"$conf"
	usage "$conf:3: $2" notify -c "$conf"
}
notify_conf "vrrp_instance VI_1" 'unknown keyword "vrrp_instance" (expected instance, group or timeout)'
notify_conf "instance" '"instance" needs a NAME or *'
notify_conf "instance VI_1" '"instance VI_1" needs an event'
notify_conf "group G1 up /bin/true" 'unknown event "up" (expected master, backup, fault, stop or notify)'
notify_conf "group G1 master" '"master" needs a COMMAND'
notify_conf "timeout" 'expected "timeout TIME"'
notify_conf "instance VI_1 notify \"/bin/echo" "unterminated quote"
notify_conf "instance $long_name master /bin/true" "invalid name \"$long_name\""
printf 'timeout soon\n' >"$conf"
usage 'invalid timeout "soon"' notify -c "$conf"
printf 'timeout 0\n' >"$conf"
usage "$conf: timeout must be more than 0" notify -c "$conf"
usage "save: unexpected argument \"x\"" save x
usage "option \"-b\" needs a FILE" -b
usage "cannot open batch file \"$tmpd/none\"" -b "$tmpd/none"
usage "-b $conf: unexpected command \"show\"" -b "$conf" show
printf 'tracker add chk weight 999\n' >"$tmpd/b"
usage $'weight 999 out of range (-254..254)\nvrrpctl: '"$tmpd"'/b:1: command failed' -b "$tmpd/b"

# Good input reaches the kernel: only where the module is not loaded.
if [[ -d /sys/module/vrrp ]]; then
	skip=$((skip + 1))
else
	notloaded=(2 "vrrp module not loaded (modprobe vrrp / insmod vrrp.ko)")
	check "${notloaded[@]}"
	check "${notloaded[@]}" show
	check "${notloaded[@]}" -j -p show VI_1
	check "${notloaded[@]}" show names
	check "${notloaded[@]}" instance
	check "${notloaded[@]}" instance show VI_1
	check "${notloaded[@]}" instance list
	check "${notloaded[@]}" stats
	check "${notloaded[@]}" stats VI_1
	check "${notloaded[@]}" monitor
	check "${notloaded[@]}" -j monitor
	check "${notloaded[@]}" instance del VI_1
	check "${notloaded[@]}" instance delete VI_1
	check "${notloaded[@]}" "${add[@]}"
	check "${notloaded[@]}" "${base[@]}" prio 255 advert 1 vip 192.168.73.100/24 \
		10.0.0.1 vip 10.0.0.2/32 nopreempt preempt-delay 0 noaccept \
		group 224.0.0.18 csum rfc garp-count 5 garp-interval 0 garp-refresh 5s
	check "${notloaded[@]}" "${add[@]}" priority 1 advert 40.95 preempt \
		preempt-delay 1.5s accept group 239.1.2.3 csum pseudo garp-count 100 \
		garp-interval 10ms garp-refresh 0.25
	check "${notloaded[@]}" "${add[@]}" garp-period 30 garp-period-count 2
	check "${notloaded[@]}" "${add[@]}" garp-period 0 garp-period-count 100
	check "${notloaded[@]}" "${base[@]}" advert 10ms vip 2001:db8::1/64 fe80::1 group ff02::12
	check "${notloaded[@]}" "${add[@]}" advert 0.5
	check "${notloaded[@]}" "${add[@]}" advert 100ms
	check "${notloaded[@]}" "${add[@]}" advert 0.01s
	check "${notloaded[@]}" "${add[@]}" advert 40950ms
	check "${notloaded[@]}" "${add[@]}" advert 01
	# the longest name (31 bytes) is fine; non-ASCII is not (uapi: '!'..'~')
	check "${notloaded[@]}" instance add "$(printf 'a%.0s' {1..31})" dev lo vrid 1 vip 10.1.1.1
	usage "contains a non-ASCII character" instance add "$(printf 'é_%.0s' {1..10})" dev lo vrid 1 vip 10.1.1.1
	check "${notloaded[@]}" instance set VI_1 vip 10.0.0.9
	check "${notloaded[@]}" instance set VI_1 prio 10 advert 2
	check "${notloaded[@]}" --json --pretty -- show
	check "${notloaded[@]}" tracker
	check "${notloaded[@]}" tracker show chk
	check "${notloaded[@]}" tracker add chk weight -254 fall 255 rise 1 timeout 1.5s
	check "${notloaded[@]}" tracker add chk init unknown
	check "${notloaded[@]}" tracker set chk weight 254 timeout 0
	check "${notloaded[@]}" tracker del chk
	check "${notloaded[@]}" track chk ok
	check "${notloaded[@]}" track chk fail
	check "${notloaded[@]}" track run chk --timeout 1 -- true
	check "${notloaded[@]}" weight chk -3
	check "${notloaded[@]}" save
	check "${notloaded[@]}" "${add[@]}" track chk weight -20 reverse track-if lo \
		weight 0 track chk2 fast-preempt sync-group G1
	check "${notloaded[@]}" instance set VI_1 track none nofast-preempt sync-group none
	check "${notloaded[@]}" "${add[@]}" version 2 advert 255 auth pass secret
	check "${notloaded[@]}" "${add[@]}" version 2 auth none advert 1s
	check "${notloaded[@]}" "${add[@]}" version 3 advert 0.01
	check "${notloaded[@]}" "${base[@]}" version 3 vip fe80::1/64 2001:db8::1/64 \
		unicast-src fe80::2 peer fe80::3 min-ttl 255 peer fe80::4
	check "${notloaded[@]}" "${add[@]}" unicast-src 10.0.0.1 peer 10.0.0.2 min-ttl 0 \
		max-ttl 255 peer 10.0.0.3 max-ttl 64 unicast-ttl 255 vmac
	check "${notloaded[@]}" "${add[@]}" "${many[@]:2}"
	check "${notloaded[@]}" instance set VI_1 auth pass 123456789abc
	check "${notloaded[@]}" instance set VI_1 advert 255 peer none unicast-src none novmac
	check "${notloaded[@]}" instance set VI_1 peer fe80::1 unicast-src fe80::2
	check "${notloaded[@]}" show VI_1 secrets
	check "${notloaded[@]}" show secrets
	check "${notloaded[@]}" -j instance show VI_1 secrets
	printf 'instance * notify /bin/true\n' >"$conf"
	check "${notloaded[@]}" notify -c "$conf"
	printf '# nothing but\n\n  tracker add chk # comments\n' >"$tmpd/b"
	check "${notloaded[@]}" -b "$tmpd/b"
fi

echo "usage.sh: $pass passed, $fail failed, $skip groups skipped"
[[ $fail == 0 ]]
