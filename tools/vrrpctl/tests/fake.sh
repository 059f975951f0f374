#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vrrpctl against tests/fakenl.so, an LD_PRELOADed stand-in for vrrp.ko
# (see fakenl.c): the output of show, stats, tracker show, monitor and save,
# text and JSON, against tests/golden/; the requests instance, tracker,
# track, weight and -b encode, as the fake decodes them; kernel errors,
# extack and warnings as the user sees them; track run (exit status, signal,
# timeout, process group); the notify runner against scripted events.
#
#   tests/fake.sh [path/to/vrrpctl]   UPDATE=1 rewrites the golden files,
#                                     VALGRIND=1 runs each under valgrind
set -u

here=$(cd "$(dirname "$0")" && pwd)
VRRPCTL=$(realpath "${1:-$here/../vrrpctl}")
FAKE=$here/fakenl.so
GOLDEN=$here/golden
tmp=$(mktemp -d)
ns=vrrpctl-test-$$
cleanup() {
	rm -rf "$tmp"
	ip netns del "$ns" 2>/dev/null
}
trap cleanup EXIT
export FAKENL_LOG=$tmp/requests.log
pass=0
fail=0

[[ -f $FAKE ]] || { echo "fake.sh: build $FAKE first (make tests/fakenl.so)"; exit 1; }

run() {
	if [[ ${VALGRIND:-0} == 1 ]]; then
		LD_PRELOAD=$FAKE valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=all "$VRRPCTL" "$@"
	else
		LD_PRELOAD=$FAKE "$VRRPCTL" "$@"
	fi
}

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

# golden FILE WANT_RC ARGS...: stdout against tests/golden/FILE
golden() {
	local file=$1 want_rc=$2 rc
	shift 2
	run "$@" >"$tmp/$file" 2>"$tmp/stderr"
	rc=$?
	if [[ ${UPDATE:-0} == 1 ]]; then
		cp "$tmp/$file" "$GOLDEN/$file"
	fi
	if [[ $rc != "$want_rc" ]]; then
		ko "vrrpctl $*: rc $rc, want $want_rc; stderr: $(cat "$tmp/stderr")"
	elif ! diff -u "$GOLDEN/$file" "$tmp/$file"; then
		ko "vrrpctl $*: stdout differs from golden/$file"
	else
		ok
	fi
}

# json_valid FILE: every line (or, if pretty, the whole) parses
json_valid() {
	command -v python3 >/dev/null || return 0
	if python3 -c 'import json, sys
text = open(sys.argv[1]).read()
try:
    json.loads(text)
except ValueError:
    for line in text.splitlines():
        json.loads(line)' "$tmp/$1"; then
		ok
	else
		ko "$1 is not valid JSON"
	fi
}

# err WANT_RC WANT_STDERR ARGS... (environment for the fake from the caller)
err() {
	local want_rc=$1 want=$2 rc out
	shift 2
	out=$(run "$@" 2>&1 >/dev/null)
	rc=$?
	if [[ $rc == "$want_rc" && $out == "$want" ]]; then
		ok
	else
		ko "vrrpctl $*: want rc $want_rc, \"$want\"; got rc $rc, \"$out\""
	fi
}

# --- output -----------------------------------------------------------
golden show.txt 0
golden show.json 0 -j show
golden show-VI_6-pretty.json 0 -j -p show VI_6
golden instance-show-VI_1.txt 0 instance show VI_1
golden names.txt 0 show names
golden stats.txt 0 stats
golden stats.json 0 -j stats
golden stats-VI_6-pretty.json 0 --json --pretty stats VI_6
# the fake closes the socket after three events: monitor ends with rc 2
golden monitor.txt 2 monitor
golden monitor.json 2 -j monitor
golden monitor-pretty.json 2 -j -p monitor	# -p ignored: one event a line
golden tracker-show.txt 0 tracker show
golden tracker-show.txt 0 tracker
golden tracker-show.json 0 -j tracker show
golden tracker-show-chk_db-pretty.json 0 -j -p tracker show chk_db
golden tracker-names.txt 0 tracker show names
golden save.txt 0 save
# initial states: chk_boot not yet reported (init unknown), chk_fs created "init fail"
trk_init="chk_nginx chk_boot chk_fs"
FAKENL_TRACKERS=$trk_init golden tracker-show-init.txt 0 tracker show
FAKENL_TRACKERS=$trk_init golden tracker-show-init.json 0 -j tracker show
golden tracker-show-chk_boot-pretty.json 0 -j -p tracker show chk_boot
FAKENL_TRACKERS=$trk_init golden save-init.txt 0 save
# VRRPv2 with a password (hidden unless "secrets"), IPv6, unicast peers, vmac
new_dump="VI_2 VI_7 VI_U VI_M"
golden show-VI_2.txt 0 show VI_2
golden show-VI_2.txt 0 instance show VI_2
golden show-VI_2-secrets.txt 0 show VI_2 secrets
golden show-VI_2-secrets.txt 0 instance show VI_2 secrets
golden show-VI_2-pretty.json 0 -j -p show VI_2
golden show-VI_2-secrets-pretty.json 0 -j -p show VI_2 secrets
FAKENL_NOSECRETS=1 golden show-VI_2.txt 0 show VI_2
[[ $(cat "$tmp/stderr") == "" ]] || ko "show VI_2 without the password: stderr $(cat "$tmp/stderr")"
FAKENL_NOSECRETS=1 golden show-VI_2.txt 0 show VI_2 secrets
[[ $(cat "$tmp/stderr") == "vrrpctl: warning: VI_2: the kernel gives the password to CAP_NET_ADMIN only" ]] ||
	ko "show VI_2 secrets without the password: stderr $(cat "$tmp/stderr")"
FAKENL_NOSECRETS=1 golden show-VI_2-nosecrets-pretty.json 0 -j -p show VI_2 secrets
golden show-VI_7.txt 0 show VI_7
golden show-VI_U-pretty.json 0 -j -p show VI_U
FAKENL_DUMP=$new_dump golden show-new.txt 0 show
FAKENL_DUMP=$new_dump golden show-new-secrets.txt 0 show secrets
FAKENL_DUMP=$new_dump golden show-new.json 0 -j show
FAKENL_DUMP=$new_dump golden show-new-secrets.json 0 -j show secrets
FAKENL_DUMP=$new_dump golden names-new.txt 0 show names
FAKENL_DUMP=$new_dump golden stats-new.txt 0 stats
FAKENL_DUMP=$new_dump golden stats-new.json 0 -j stats
golden stats-VI_2-pretty.json 0 -j -p stats VI_2
FAKENL_DUMP=$new_dump golden save-new.txt 0 save
# without the password, VI_2 cannot be saved: left out, exit status 2
FAKENL_DUMP=$new_dump FAKENL_NOSECRETS=1 golden save-new-nosecrets.txt 2 save
[[ $(cat "$tmp/stderr") == 'vrrpctl: save: instance "VI_2" left out: its password is given to CAP_NET_ADMIN only' ]] ||
	ko "save without the password: stderr $(cat "$tmp/stderr")"
# Prometheus text format (metrics): a family's samples together, after its
# HELP and TYPE; parsed by python3-prometheus-client where it is installed
golden metrics.txt 0 metrics
FAKENL_DUMP=$new_dump golden metrics-new.txt 0 metrics
FAKENL_TRACKERS=$trk_init golden metrics-init.txt 0 -j metrics	# -j ignored
FAKENL_DUMP=" " FAKENL_TRACKERS=" " golden metrics-none.txt 0 metrics
for f in metrics.txt metrics-new.txt metrics-init.txt metrics-none.txt; do
	if ! /usr/bin/python3 -c 'import prometheus_client' 2>/dev/null; then
		break
	elif /usr/bin/python3 -c 'import sys
from prometheus_client.parser import text_string_to_metric_families
names = [f.name for f in text_string_to_metric_families(open(sys.argv[1]).read())]
if len(names) != len(set(names)):
    sys.exit("a family twice: %s" % names)' "$tmp/$f"; then
		ok
	else
		ko "$f: not parsed as the Prometheus text format"
	fi
done
# --output FILE: the same text, written whole (a rename), mode 0644, no
# temporary left; on an error the old file stays and nothing is left behind
mkdir "$tmp/prom"
echo old >"$tmp/prom/vrrp.prom"
chmod 600 "$tmp/prom/vrrp.prom"
err 0 "" metrics --output "$tmp/prom/vrrp.prom"
if cmp -s "$tmp/prom/vrrp.prom" "$GOLDEN/metrics.txt" &&
	[[ $(stat -c %a "$tmp/prom/vrrp.prom") == 644 && $(ls "$tmp/prom") == vrrp.prom ]]; then
	ok
else
	ko "metrics --output: $(ls -l "$tmp/prom")"
fi
echo old >"$tmp/prom/vrrp.prom"
FAKENL_NOFAMILY=1 err 2 "vrrpctl: vrrp module not loaded (modprobe vrrp / insmod vrrp.ko)" \
	metrics -o "$tmp/prom/vrrp.prom"
if [[ $(cat "$tmp/prom/vrrp.prom") == old && $(ls "$tmp/prom") == vrrp.prom ]]; then
	ok
else
	ko "metrics --output without the module touched the file: $(ls -l "$tmp/prom")"
fi
err 2 "vrrpctl: metrics: cannot create a file next to $tmp/nodir/vrrp.prom: No such file or directory" \
	metrics --output "$tmp/nodir/vrrp.prom"
err 1 'vrrpctl: metrics: unexpected argument "VI_1" (try "vrrpctl help")' metrics VI_1
err 1 'vrrpctl: "--output" needs a value (try "vrrpctl help")' metrics --output

for f in show.json show-VI_6-pretty.json stats.json stats-VI_6-pretty.json monitor.json \
	tracker-show.json tracker-show-chk_db-pretty.json show-VI_2-pretty.json \
	tracker-show-init.json tracker-show-chk_boot-pretty.json \
	show-VI_2-secrets-pretty.json show-VI_2-nosecrets-pretty.json show-VI_U-pretty.json \
	show-new.json show-new-secrets.json stats-new.json stats-VI_2-pretty.json; do
	json_valid "$f"
done
# the same keys for every instance, whatever the kernel sent (stable keys)
if command -v python3 >/dev/null; then
	if python3 -c 'import json, sys
keys = None
for f in sys.argv[1:]:
    for inst in json.load(open(f)):
        k = set(inst) - {"auth_data", "vmac_addr"}
        if keys is not None and k != keys:
            sys.exit("%s: %s: keys %s" % (f, inst["name"], sorted(k ^ keys)))
        keys = k' "$tmp/show.json" "$tmp/show-new.json"; then
		ok
	else
		ko "show -j: not the same keys for all instances"
	fi
fi

# --- an instance's VIPs over several dump messages (VRRP_A_VIP_FIRST) ------
# Every consumer of an instance dump prints what it prints when the kernel
# sends each instance whole: the continuations are merged, not printed as
# instances of their own. VI_B has 40 VIPs: 7 messages of 6.
split_dump="VI_1 VI_B VI_6 VI_7"
split_same() {
	local file=$1 rc1 rc2
	shift
	FAKENL_DUMP=$split_dump run "$@" >"$tmp/$file.whole" 2>&1
	rc1=$?
	FAKENL_DUMP=$split_dump FAKENL_SPLIT=6 run "$@" >"$tmp/$file.split" 2>&1
	rc2=$?
	if [[ $rc1 != 0 || $rc2 != 0 ]]; then
		ko "vrrpctl $* (split dump): rc $rc1 whole, $rc2 split: $(cat "$tmp/$file.split")"
	elif ! diff -u "$tmp/$file.whole" "$tmp/$file.split"; then
		ko "vrrpctl $*: a dump with VIPs split over messages prints differently"
	else
		ok
	fi
}
split_same show.txt show
split_same show.json -j show
split_same show-secrets.json -j show secrets
split_same names.txt show names
split_same stats.txt stats
split_same stats.json -j stats
split_same metrics.txt metrics
split_same save.txt save
# and the merged output is whole: 40 VIPs of VI_B, in order
if command -v python3 >/dev/null; then
	if python3 -c 'import json, sys
for inst in json.load(open(sys.argv[1])):
    if inst["name"] == "VI_B":
        got = [v["address"] for v in inst["vips"]]
        want = ["10.60.0.%d" % i for i in range(1, 41)]
        sys.exit(0 if got == want else "VI_B vips: %s" % got)
sys.exit("no VI_B")' "$tmp/show.json.split"; then
		ok
	else
		ko "show -j of a split dump: VI_B does not have its 40 VIPs in order"
	fi
fi
n=$(grep -o " 10\.60\.0\.[0-9]*/" "$tmp/save.txt.split" | sort -u | wc -l)
if [[ $n == 40 ]]; then ok; else ko "save of a split dump: $n of VI_B's 40 VIPs"; fi
# a continuation that does not follow on is an error, not a silent gap
FAKENL_DUMP=$split_dump FAKENL_SPLIT=6 FAKENL_SPLIT_BAD=1 \
	err 2 'vrrpctl: show: malformed dump from the kernel: VIPs of instance "VI_B" continued from #13 out of order' show

# --- requests -----------------------------------------------------------
rm -f "$FAKENL_LOG"
while read -r line; do
	read -ra args <<<"$line"
	run "${args[@]}" >/dev/null || ko "vrrpctl $line"
done <<'EOF_REQUESTS'
instance add VI_1 dev lo vrid 51 vip 10.0.0.100
instance add VI_1 dev lo vrid 51 prio 255 advert 0.5 vip 192.168.73.100/24 10.0.0.1 vip 10.0.0.2/32 nopreempt preempt-delay 1.5s accept group 239.1.2.3 csum pseudo garp-count 3 garp-interval 10ms garp-refresh 5s
instance add VI_1 dev lo vrid 255 priority 1 advert 40.95 preempt preempt-delay 0 noaccept group 224.0.0.18 csum rfc garp-count 100 garp-interval 0.25 garp-refresh 0 vip 10.1.1.1
instance add VI_6 dev lo vrid 7 advert 10ms vip 2001:db8::1/64 fe80::1 group ff02::12
instance add VI_6 dev lo vrid 7 group ff02::12 vip 2001:db8::7
instance set VI_1 prio 10 advert 2
instance set VI_1 vip 10.9.9.9 10.9.9.10/31
instance set VI_1 preempt noaccept csum rfc
instance del VI_1
show VI_1
instance show VI_6
show
stats
stats VI_6
EOF_REQUESTS
[[ ${UPDATE:-0} == 1 ]] && cp "$FAKENL_LOG" "$GOLDEN/requests.log"
if diff -u "$GOLDEN/requests.log" "$FAKENL_LOG"; then ok; else ko "requests differ from golden/requests.log"; fi

# VRRPv2 and auth, unicast, vmac, IPv6: golden/requests-new.log
rm -f "$FAKENL_LOG"
while read -r line; do
	read -ra args <<<"$line"
	run "${args[@]}" >/dev/null 2>&1 || ko "vrrpctl $line"
done <<'EOF_REQUESTS'
instance add VI_2 dev lo vrid 2 version 2 auth pass secret12 advert 3 vip 10.0.0.2
instance add VI_2 dev lo vrid 2 advert 255s auth pass 0123456789abcdef version 2 vip 10.0.0.2
instance add VI_2 dev lo vrid 2 version 2 auth none vip 10.0.0.2
instance add VI_2 dev lo vrid 2 version 2 auth pass p"w vip 10.0.0.2
instance add VI_3 dev lo vrid 3 version 3 advert 10ms vip 10.0.0.3
instance set VI_2 auth pass abc
instance set VI_2 auth none
instance set VI_2 advert 100
instance set VI_2 advert 40.95
instance add VI_U dev lo vrid 9 vip 10.0.0.9 unicast-src 10.0.0.1 peer 10.0.0.2 peer 10.0.0.3 min-ttl 250 peer 10.0.0.4 max-ttl 64 min-ttl 1 unicast-ttl 64
instance add VI_U dev lo vrid 9 vip 10.0.0.9 peer none unicast-src none
instance set VI_U peer none
instance set VI_U unicast-src none
instance set VI_U peer 10.0.0.5 min-ttl 0 max-ttl 255 unicast-src 10.0.0.1 unicast-ttl 1
instance set VI_U peer fe80::5 unicast-src fe80::1
instance add VI_7 dev lo vrid 7 vip fe80::7/64 2001:db8:7::1/64 unicast-src fe80::1 peer fe80::2 peer 2001:db8::2
instance add VI_A dev lo vrid 10 vip 10.0.0.10 arbiter 10.0.0.254
instance add VI_A dev lo vrid 10 vip 10.0.0.10 arbiter 10.0.0.254 fault prio 50
instance add VI_A dev lo vrid 10 vip 10.0.0.10 arbiter none
instance set VI_A arbiter fe80::1 conflict
instance set VI_A arbiter none
instance add VI_M dev lo vrid 51 vip 10.0.0.51 vmac
instance set VI_M novmac
instance set VI_M vmac prio 20
instance add VI_G dev lo vrid 52 vip 10.0.0.52 garp-period 30 garp-period-count 2
instance set VI_G garp-period 0
instance set VI_G garp-period 1.5s garp-period-count 100
instance set VI_G garp-period-count 1
EOF_REQUESTS
[[ ${UPDATE:-0} == 1 ]] && cp "$FAKENL_LOG" "$GOLDEN/requests-new.log"
if diff -u "$GOLDEN/requests-new.log" "$FAKENL_LOG"; then ok; else ko "requests differ from golden/requests-new.log"; fi
# keepalived's auth_pass is 8 bytes: a longer one is cut, with a warning
rm -f "$FAKENL_LOG"
err 0 "vrrpctl: warning: password truncated to 8 bytes, as keepalived does" \
	instance add VI_2 dev lo vrid 2 version 2 auth pass 0123456789 vip 10.0.0.2
if [[ $(cat "$FAKENL_LOG") == "NEW name=VI_2 ifindex=1 vrid=2 family=2 version=2 auth_type=1 auth_data=8:01234567 vips=10.0.0.2/32" ]]; then
	ok
else
	ko "auth pass truncated: $(cat "$FAKENL_LOG")"
fi
err 0 "" instance add VI_2 dev lo vrid 2 version 2 auth pass 01234567 vip 10.0.0.2
# 64 peers fit in a request (and a batch line)
peers=()
for i in $(seq 1 64); do peers+=(peer "10.1.0.$i" min-ttl 1 max-ttl 255); done
err 0 "" instance add VI_U dev lo vrid 9 vip 10.0.0.9 "${peers[@]}"
echo "instance add VI_U dev lo vrid 9 vip 10.0.0.9 ${peers[*]}" >"$tmp/peers.conf"
err 0 "" -b "$tmp/peers.conf"

# trackers, reports, track elements: golden/requests-track.log
rm -f "$FAKENL_LOG"
while read -r line; do
	read -ra args <<<"$line"
	run "${args[@]}" >/dev/null || ko "vrrpctl $line"
done <<'EOF_REQUESTS'
tracker add chk_nginx
tracker add chk_nginx weight -20 fall 3 rise 2 timeout 10s
tracker add chk_db weight 254 timeout 0 rise 255 fall 1
tracker add chk_boot init unknown
tracker add chk_boot weight -10 init fail rise 2
tracker add chk_boot init ok
tracker set chk_nginx weight +5
tracker set chk_nginx timeout 1.5
tracker del chk_db
tracker show
tracker show chk_db
track chk_nginx ok
track chk_nginx fail
track run ok
weight chk_db -254
weight chk_db 7
track run chk_nginx -- true
track run chk_nginx --quiet -- false
track run -t 5 chk_db false
instance add VI_1 dev lo vrid 51 vip 10.0.0.100 track chk_nginx track chk_db weight -20 reverse track-if lo weight -10 fast-preempt sync-group G1
instance add VI_1 dev lo vrid 51 vip 10.0.0.100 track none nofast-preempt sync-group none
instance set VI_1 track none
instance set VI_1 track-if lo reverse weight 0 prio 50
instance set VI_1 track chk_db reverse track chk_nginx
instance set VI_1 nofast-preempt sync-group none
instance set VI_1 fast-preempt sync-group G2
instance set VI_1 notrack-primary
instance set VI_1 track-primary
instance set VI_1 vip 10.0.0.100 vip-excluded 10.0.1.100/24 10.0.1.101
instance set VI_1 vip-excluded 10.0.1.100/24 vip 10.0.0.100 10.0.0.101
instance set VI_1 vip 10.0.0.100 10.0.2.100/24@lo vip-excluded 10.0.1.100@lo
EOF_REQUESTS
[[ ${UPDATE:-0} == 1 ]] && cp "$FAKENL_LOG" "$GOLDEN/requests-track.log"
if diff -u "$GOLDEN/requests-track.log" "$FAKENL_LOG"; then ok; else ko "requests differ from golden/requests-track.log"; fi

# --- errors -------------------------------------------------------------
add=(instance add VI_1 vip 10.0.0.100 dev lo vrid 51)
FAKENL_NOFAMILY=1 err 2 "vrrpctl: vrrp module not loaded (modprobe vrrp / insmod vrrp.ko)" show
FAKENL_ERR=17 err 2 'vrrpctl: instance "VI_1" already exists' "${add[@]}"
FAKENL_ERR=17 FAKENL_EXTACK="vrid 51 is in use on lo by VI_9" \
	err 2 "vrrpctl: vrid 51 is in use on lo by VI_9" "${add[@]}"
FAKENL_ERR=2 err 2 'vrrpctl: instance "VI_1" does not exist' instance set VI_1 prio 5
# a module of 0.1.0 or older: names of at most 31 bytes, refused by its policy
long=lb_fedcba9876543210fedcba9876543210_amphora_0123456789abcdef0123456789abcdef
FAKENL_ERR=22 FAKENL_EXTACK="Attribute failed policy validation" \
	err 2 "vrrpctl: instance add $long: Attribute failed policy validation (a module older than this vrrpctl takes names of at most 31 bytes)" \
	instance add "$long" vip 10.0.0.100 dev lo vrid 51
FAKENL_ERR=22 FAKENL_EXTACK="Attribute failed policy validation" \
	err 2 "vrrpctl: instance set VI_1: Attribute failed policy validation (a module older than this vrrpctl takes names of at most 31 bytes)" \
	instance set VI_1 sync-group "$long"
FAKENL_ERR=22 FAKENL_EXTACK="Attribute failed policy validation" \
	err 2 "vrrpctl: Attribute failed policy validation" instance set VI_1 prio 5
FAKENL_ERR=2 err 2 'vrrpctl: instance "VI_1" does not exist' instance del VI_1
err 1 'vrrpctl: device "nosuchif0" does not exist' instance add VI_N dev lo vrid 9 vip 10.9.9.9@nosuchif0
err 1 'vrrpctl: invalid prefix length in vip "10.9.9.9/33" (0..32)' instance add VI_N dev lo vrid 9 vip 10.9.9.9/33@lo
err 2 'vrrpctl: instance "nope" does not exist' show nope
err 2 'vrrpctl: instance "nope" does not exist' -j stats nope
FAKENL_EXTACK="no instance named nope" err 2 "vrrpctl: no instance named nope" show nope
FAKENL_ERR=1 err 2 "vrrpctl: instance del VI_1: Operation not permitted (CAP_NET_ADMIN is needed)" \
	instance del VI_1
FAKENL_ERR=1 err 2 "vrrpctl: instance add VI_1: Operation not permitted (CAP_NET_ADMIN is needed)" \
	"${add[@]}"
FAKENL_ERR=22 err 2 "vrrpctl: instance add VI_1: Invalid argument" "${add[@]}"
FAKENL_ERR=22 FAKENL_NOCAP=1 FAKENL_EXTACK="bad vip" err 2 "vrrpctl: bad vip" \
	"${add[@]}" vip 10.0.0.1 10.0.0.2 10.0.0.3
FAKENL_ERR=22 FAKENL_MISS=20 err 2 \
	'vrrpctl: instance add VI_1: the kernel requires "vip ADDR", which was not given (Invalid argument)' \
	"${add[@]}"
FAKENL_ERR=22 FAKENL_MISS=99 err 2 \
	"vrrpctl: instance set VI_1: the kernel requires attribute 99, which was not given (Invalid argument)" \
	instance set VI_1 prio 1
FAKENL_ERR=22 FAKENL_MISS=21 FAKENL_EXTACK="need vips" err 2 "vrrpctl: need vips" "${add[@]}"
FAKENL_ERR=95 err 2 "vrrpctl: stats: Operation not supported" stats
FAKENL_ERR=95 err 2 "vrrpctl: show: Operation not supported" show
FAKENL_WARN="priority 255 but no vip is local" \
	err 0 "vrrpctl: warning: priority 255 but no vip is local" "${add[@]}" prio 255
FAKENL_DUMPERR=90 err 2 "vrrpctl: show: Message too long" show
FAKENL_DUMPERR=90 FAKENL_EXTACK="dump failed" err 2 "vrrpctl: dump failed" -j show

FAKENL_ERR=2 err 2 'vrrpctl: tracker "chk_x" does not exist' track chk_x ok
FAKENL_ERR=2 err 2 'vrrpctl: tracker "chk_x" does not exist' weight chk_x 1
FAKENL_ERR=2 err 2 'vrrpctl: tracker "chk_x" does not exist' track run chk_x true
FAKENL_ERR=2 err 2 'vrrpctl: tracker "chk_x" does not exist' tracker set chk_x rise 2
err 2 'vrrpctl: tracker "nope" does not exist' tracker show nope
FAKENL_ERR=17 err 2 'vrrpctl: tracker "chk_db" already exists' tracker add chk_db
FAKENL_ERR=16 err 2 'vrrpctl: tracker "chk_db" is in use: remove it from the instances that track it first' \
	tracker del chk_db
FAKENL_ERR=16 FAKENL_EXTACK="tracker chk_db is tracked by VI_1" \
	err 2 "vrrpctl: tracker chk_db is tracked by VI_1" tracker del chk_db
FAKENL_ERR=2 err 2 'vrrpctl: instance "VI_1", or a tracker it names, does not exist' \
	instance set VI_1 track chk_x
FAKENL_ERR=2 err 2 'vrrpctl: instance add VI_1: a tracker it names does not exist' \
	"${add[@]}" track chk_x
FAKENL_ERR=2 err 2 'vrrpctl: instance "VI_1" does not exist' instance set VI_1 track-if lo
FAKENL_ERR=22 FAKENL_MISS=2 err 2 \
	'vrrpctl: track chk_x: the kernel requires the tracker NAME, which was not given (Invalid argument)' \
	track chk_x ok
FAKENL_ERR=1 err 2 "vrrpctl: weight chk_db: Operation not permitted (CAP_NET_ADMIN is needed)" \
	weight chk_db 3
FAKENL_ERR=95 err 2 "vrrpctl: tracker show: Operation not supported" save
# what the kernel decides, its extack shown as it is
FAKENL_ERR=22 FAKENL_EXTACK="the first IPv6 vip must be a link-local address" \
	err 2 "vrrpctl: the first IPv6 vip must be a link-local address" \
	instance add VI_7 dev lo vrid 7 vip 2001:db8::1/64
FAKENL_ERR=22 FAKENL_EXTACK="auth is for VRRPv2 only" \
	err 2 "vrrpctl: auth is for VRRPv2 only" instance set VI_1 auth pass x
FAKENL_ERR=22 FAKENL_EXTACK="peer is not of the instance's family" \
	err 2 "vrrpctl: peer is not of the instance's family" instance set VI_1 peer fe80::1
FAKENL_ERR=22 FAKENL_MISS=34 err 2 \
	'vrrpctl: instance set VI_2: the kernel requires the password ("auth pass SECRET"), which was not given (Invalid argument)' \
	instance set VI_2 auth none

# --- track run: what the check did, and what was reported --------------------
# out WANT_RC WANT_STDOUT ARGS...
out() {
	local want_rc=$1 want=$2 rc got
	shift 2
	got=$(run "$@" 2>"$tmp/stderr")
	rc=$?
	if [[ $rc == "$want_rc" && $got == "$want" ]]; then
		ok
	else
		ko "vrrpctl $*: want rc $want_rc, \"$want\"; got rc $rc, \"$got\" ($(cat "$tmp/stderr"))"
	fi
}
rm -f "$FAKENL_LOG"
out 0 "chk_db: reported ok (exit 0)" track run chk_db -- true
out 0 "chk_db: reported fail (exit 1)" track run chk_db false
out 0 "chk_db: reported fail (exit 3)" track run chk_db -- sh -c 'exit 3'
out 0 "" track run chk_db -q -- false
out 0 '{"tracker":"chk_db","result":"fail","exit":1}' -j track run chk_db false
out 0 '{"tracker":"chk_db","result":"ok","exit":0}' -j -p track run chk_db true
out 0 "chk_db: reported fail (exit 127)" track run chk_db -- /nonexistent/check
[[ $(cat "$tmp/stderr") == "vrrpctl: cannot run /nonexistent/check: No such file or directory" ]] ||
	ko "track run /nonexistent/check: stderr $(cat "$tmp/stderr")"
out 0 "chk_db: reported fail (killed by signal 9 (Killed))" track run chk_db -- sh -c 'kill -9 $$'
start=$(date +%s%N)
out 0 "chk_db: reported fail (timed out after 300ms)" track run chk_db --timeout 0.3 -- sleep 29.91
out 0 '{"tracker":"chk_db","result":"fail","timed_out":true}' \
	-j track run chk_db --timeout 300ms -- sh -c 'sleep 29.92 & wait'
# a check that ignores SIGTERM gets SIGKILL after the grace period, with its group
out 0 "chk_db: reported fail (timed out after 200ms)" \
	track run chk_db --timeout 200ms -- sh -c 'trap "" TERM; sleep 29.93 & sleep 29.94; wait'
elapsed=$((($(date +%s%N) - start) / 1000000))
if ((elapsed < 6000)); then ok; else ko "track run timeouts took ${elapsed}ms"; fi
sleep 0.2
if pgrep -f 'sleep 29\.9' >/dev/null; then ko "track run left a check behind: $(pgrep -af 'sleep 29\.9')"; else ok; fi
if [[ $(sort -u "$FAKENL_LOG") == $'TRACKER_REPORT name=chk_db result=0\nTRACKER_REPORT name=chk_db result=1' ]]; then
	ok
else
	ko "track run reports: $(cat "$FAKENL_LOG")"
fi

# --- -b FILE and save: a round trip -----------------------------------------
# save's output, applied with -b, sends what the fake reported (VI_1 is on
# "veth0" in the fake: lo here, where it exists); golden/requests-batch.log
sed 's/ dev veth0 / dev lo /' "$GOLDEN/save.txt" >"$tmp/saved.conf"
rm -f "$FAKENL_LOG"
err 0 "" -b "$tmp/saved.conf"
[[ ${UPDATE:-0} == 1 ]] && cp "$FAKENL_LOG" "$GOLDEN/requests-batch.log"
if diff -u "$GOLDEN/requests-batch.log" "$FAKENL_LOG"; then ok; else ko "requests differ from golden/requests-batch.log"; fi
rm -f "$FAKENL_LOG"
run -b - <"$tmp/saved.conf" >/dev/null 2>&1 || ko "vrrpctl -b - (stdin)"
if diff -q "$GOLDEN/requests-batch.log" "$FAKENL_LOG" >/dev/null; then ok; else ko "-b - sent other requests"; fi
# the same with VRRPv2 and its password, IPv6, unicast peers, vmac
rm -f "$FAKENL_LOG"
err 0 "" -b "$GOLDEN/save-new.txt"
[[ ${UPDATE:-0} == 1 ]] && cp "$FAKENL_LOG" "$GOLDEN/requests-batch-new.log"
if diff -u "$GOLDEN/requests-batch-new.log" "$FAKENL_LOG"; then ok; else ko "requests differ from golden/requests-batch-new.log"; fi

cat >"$tmp/b.conf" <<'EOF_BATCH'
# a comment, then a blank line

tracker add chk_a weight -5   # a trailing comment
tracker show nope
tracker add chk_b
EOF_BATCH
rm -f "$FAKENL_LOG"
err 2 $'vrrpctl: tracker "nope" does not exist\nvrrpctl: '"$tmp"'/b.conf:4: command failed' -b "$tmp/b.conf"
if [[ $(cat "$FAKENL_LOG") == $'TRACKER_NEW name=chk_a weight=-5\nTRACKER_GET name=nope' ]]; then
	ok
else
	ko "-b stops at the first failure: $(cat "$FAKENL_LOG")"
fi
printf 'tracker add chk_a\ninstance add VI_1 dev lo vrid 1 bogus vip 10.0.0.1\ntracker add chk_b\n' >"$tmp/b.conf"
err 1 $'vrrpctl: unknown keyword "bogus" (try "vrrpctl help")\nvrrpctl: '"$tmp"'/b.conf:2: command failed' \
	-b "$tmp/b.conf"
printf 'tracker add "chk a\n' >"$tmp/b.conf"
err 1 "vrrpctl: $tmp/b.conf:1: unterminated quote" -b "$tmp/b.conf"
printf 'tracker add "chk a"\n' >"$tmp/b.conf"
err 1 $'vrrpctl: tracker name "chk a" contains a blank or control character\nvrrpctl: '"$tmp"'/b.conf:1: command failed' \
	-b "$tmp/b.conf"
printf 'frobnicate\n' >"$tmp/b.conf"
err 1 $'vrrpctl: unknown command "frobnicate" (try "vrrpctl help")\nvrrpctl: '"$tmp"'/b.conf:1: command failed' \
	-b "$tmp/b.conf"
rm -f "$FAKENL_LOG"
printf "tracker add 'q'\\ \"x\"\n" >"$tmp/b.conf"	# tracker add 'q'\ "x": the word q x
err 1 $'vrrpctl: tracker name "q x" contains a blank or control character\nvrrpctl: '"$tmp"'/b.conf:1: command failed' \
	-b "$tmp/b.conf"

# --- apply FILE: only what differs -------------------------------------------
# the fake runs VI_6, VI_2, VI_U and chk_db (all on lo). Its own save applied:
# nothing sent but the two dumps.
export FAKENL_DUMP="VI_6 VI_2 VI_U" FAKENL_TRACKERS=chk_db
run save >"$tmp/running.conf"
rm -f "$FAKENL_LOG"
out 0 "apply: 0 added, 0 changed, 0 re-created, 0 deleted, 4 unchanged" apply "$tmp/running.conf"
if [[ $(cat "$FAKENL_LOG") == $'TRACKER_GET dump\nGET dump' ]]; then ok; else ko "apply of save sent: $(cat "$FAKENL_LOG")"; fi
# VI_6: prio; VI_U: unicast-ttl, unicast-src and peers left out (their
# defaults), advert the same written otherwise; VI_2: another VRID
# (re-created); VI_N, chk_new added; chk_db deleted (after the instances)
cat >"$tmp/apply.conf" <<'EOF_APPLY'
tracker add chk_new weight -5
instance add VI_6 dev lo vrid 7 prio 60 advert 0.5 nopreempt preempt-delay 3s group ff02::12 csum pseudo garp-count 1 garp-interval 10ms garp-refresh 0 vip 2001:db8::100/64 2001:db8::101/128
instance add VI_U dev lo vrid 9 advert 1000ms noaccept csum rfc vip 10.0.9.9/32
instance add VI_2 dev lo vrid 3 version 2 advert 3 noaccept auth pass "p w\"d" vip 192.168.2.1/24
instance add VI_N dev lo vrid 10 vip 10.0.0.1 track chk_new
EOF_APPLY
rm -f "$FAKENL_LOG"
golden apply-check.txt 0 apply --check "$tmp/apply.conf"
if [[ $(cat "$FAKENL_LOG") == $'TRACKER_GET dump\nGET dump' ]]; then ok; else ko "apply --check sent: $(cat "$FAKENL_LOG")"; fi
rm -f "$FAKENL_LOG"
golden apply.txt 0 apply "$tmp/apply.conf"
[[ ${UPDATE:-0} == 1 ]] && cp "$FAKENL_LOG" "$GOLDEN/requests-apply.log"
if diff -u "$GOLDEN/requests-apply.log" "$FAKENL_LOG"; then ok; else ko "requests differ from golden/requests-apply.log"; fi
# the kernel refuses VI_N: the rest undone, the last first
rm -f "$FAKENL_LOG"
FAKENL_REFUSE=VI_N err 2 "vrrpctl: apply: instance VI_2: deleting it and adding it again (its vrid changes; it restarts)
vrrpctl: fakenl: refused (FAKENL_REFUSE)
vrrpctl: $tmp/apply.conf:5: refused (above)
vrrpctl: apply: undoing what was done
vrrpctl: apply: instance VI_2 added again as it was (it restarts)
vrrpctl: apply: all undone" apply "$tmp/apply.conf"
[[ ${UPDATE:-0} == 1 ]] && cp "$FAKENL_LOG" "$GOLDEN/requests-apply-undo.log"
if diff -u "$GOLDEN/requests-apply-undo.log" "$FAKENL_LOG"; then ok; else ko "requests differ from golden/requests-apply-undo.log"; fi
# an error anywhere in the file: nothing sent, not even the dumps
rm -f "$FAKENL_LOG"
sed '5s/dev lo/dev nosuchif0/' "$tmp/apply.conf" >"$tmp/apply-bad.conf"
printf 'tracker set chk_new weight 1\n' >>"$tmp/apply-bad.conf"
err 1 "vrrpctl: device \"nosuchif0\" does not exist
vrrpctl: $tmp/apply-bad.conf:5: instance add: refused (above)
vrrpctl: $tmp/apply-bad.conf:6: apply takes \"tracker add\" and \"instance add\" lines only, not \"tracker\"
vrrpctl: apply: nothing changed" apply "$tmp/apply-bad.conf"
if [[ ! -e $FAKENL_LOG ]]; then ok; else ko "apply of a bad file sent: $(cat "$FAKENL_LOG")"; fi
printf 'tracker add a\ntracker add a\n' >"$tmp/apply-bad.conf"
err 1 "vrrpctl: $tmp/apply-bad.conf:2: tracker \"a\" given twice
vrrpctl: apply: nothing changed" apply "$tmp/apply-bad.conf"
err 1 'vrrpctl: apply: missing FILE (try "vrrpctl help")' apply
err 1 'vrrpctl: apply: unexpected argument "b" (try "vrrpctl help")' apply a b
unset FAKENL_DUMP FAKENL_TRACKERS

# --- notify: scripts run for events ---------------------------------------------
# VI_A's backup script hangs and is killed by the timeout; its other scripts
# wait their turn, while VI_B's run at once. Group G2 is derived from both.
cat >"$tmp/log.sh" <<EOF_SH
#!/bin/sh
echo "\$*" >>"$tmp/notify.out"
EOF_SH
printf '#!/bin/sh\nsleep 29.95 &\nwait\n' >"$tmp/hang.sh"
printf '#!/bin/sh\nexit 3\n' >"$tmp/fail.sh"
chmod +x "$tmp/log.sh" "$tmp/hang.sh" "$tmp/fail.sh"
cat >"$tmp/notify.conf" <<EOF_CONF
# test
timeout 5s
instance VI_A master $tmp/log.sh VI_A-master
instance VI_A backup $tmp/hang.sh
instance * notify $tmp/log.sh notify
instance VI_B master /nonexistent/script
instance VI_B fault "$tmp/fail.sh"
group G2 master $tmp/log.sh G2-master
group * notify $tmp/log.sh gnotify
EOF_CONF
cat >"$tmp/events" <<'EOF_EVENTS'
state VI_A init backup admin 100 G2
state VI_B init backup admin 100 G2
state VI_A backup master timer 110 G2
state VI_A backup master timer 110 G2
tracker chk_nginx fail
sleep 300
state VI_B backup master sync-group 100 G2
state VI_B master fault link 100 G2
EOF_EVENTS
rm -f "$tmp/notify.out"
start=$(date +%s%N)
FAKENL_EVENTS=$tmp/events run notify -c "$tmp/notify.conf" --timeout 1 --no-initial \
	>/dev/null 2>"$tmp/notify.err"
rc=$?
elapsed=$((($(date +%s%N) - start) / 1000000))
if [[ $rc == 2 ]]; then ok; else ko "notify: rc $rc, want 2 (the fake closes the socket)"; fi
# expected lines, each once; within one instance in this order
want=(
	"notify INSTANCE VI_B BACKUP 100"
	"gnotify GROUP G2 BACKUP 0"
	"notify INSTANCE VI_B MASTER 100"
	"G2-master"
	"gnotify GROUP G2 MASTER 0"
	"notify INSTANCE VI_B FAULT 100"
	"gnotify GROUP G2 FAULT 0"
	"notify INSTANCE VI_A BACKUP 100"
	"VI_A-master"
	"notify INSTANCE VI_A MASTER 110"
)
for w in "${want[@]}"; do
	n=$(grep -cxF "$w" "$tmp/notify.out")
	if [[ $n == 1 ]]; then ok; else ko "notify: \"$w\" ran $n times: $(cat "$tmp/notify.out")"; fi
done
if [[ $(wc -l <"$tmp/notify.out") == "${#want[@]}" ]]; then
	ok
else
	ko "notify: unexpected scripts ran: $(cat "$tmp/notify.out")"
fi
# line number of a script's output
at() { grep -nxF "$1" "$tmp/notify.out" | cut -d: -f1; }
before() {
	local a b
	a=$(at "$1")
	b=$(at "$2")
	if [[ -n $a && -n $b ]] && ((a < b)); then ok; else ko "notify: \"$1\" should run before \"$2\""; fi
}
before "notify INSTANCE VI_B FAULT 100" "notify INSTANCE VI_A BACKUP 100"	# not blocked by VI_A
before "notify INSTANCE VI_A BACKUP 100" "VI_A-master"
before "VI_A-master" "notify INSTANCE VI_A MASTER 110"
before "notify INSTANCE VI_B BACKUP 100" "notify INSTANCE VI_B MASTER 100"
before "notify INSTANCE VI_B MASTER 100" "notify INSTANCE VI_B FAULT 100"
before "gnotify GROUP G2 BACKUP 0" "G2-master"
before "G2-master" "gnotify GROUP G2 MASTER 0"
before "gnotify GROUP G2 MASTER 0" "gnotify GROUP G2 FAULT 0"
for w in "VI_A BACKUP: $tmp/hang.sh started" \
	"VI_A BACKUP: $tmp/hang.sh: timed out after 1s, SIGTERM to its process group" \
	"VI_A BACKUP: $tmp/hang.sh: killed by signal 15 (Terminated) (timed out)" \
	"VI_B MASTER: /nonexistent/script: exit 127" \
	"cannot run /nonexistent/script: No such file or directory" \
	"VI_B FAULT: $tmp/fail.sh: exit 3" \
	"group G2 FAULT: $tmp/log.sh: exit 0" \
	"notify: no more events; waiting for the scripts running and queued"; do
	if grep -qF "$w" "$tmp/notify.err"; then ok; else ko "notify: no \"$w\" in: $(cat "$tmp/notify.err")"; fi
done
if ((elapsed < 4000)); then ok; else ko "notify took ${elapsed}ms"; fi
sleep 0.2
if pgrep -f 'sleep 29\.95' >/dev/null; then ko "notify left a script behind"; else ok; fi

# SIGTERM (systemd stopping vrrp-notify.service after vrrp.service deleted the
# instances): the "stop" script running still finishes, then vrrpctl exits 0;
# a second SIGTERM ends it at once, the script killed.
cat >"$tmp/slow.sh" <<EOF_SH
#!/bin/sh
echo started >>"$tmp/stop.out"
sleep \$1
echo "\$*" >>"$tmp/stop.out"
EOF_SH
chmod +x "$tmp/slow.sh"
printf 'state VI_A master init admin 100\nsleep 3000\n' >"$tmp/events"
# notify_sigterm SLEEP SIGNALS: notify with VI_A's stop script sleeping SLEEP
# seconds; once it started, SIGNALS SIGTERMs. Sets rc.
notify_sigterm() {
	local pid i
	printf 'instance VI_A stop %s %s\n' "$tmp/slow.sh" "$1" >"$tmp/notify.conf"
	rm -f "$tmp/stop.out"
	# exec: $! is vrrpctl's pid (not under valgrind here)
	FAKENL_EVENTS=$tmp/events LD_PRELOAD=$FAKE \
		bash -c 'exec "$@"' vrrpctl "$VRRPCTL" notify -c "$tmp/notify.conf" --no-initial \
		>/dev/null 2>"$tmp/notify.err" &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		[[ -s $tmp/stop.out ]] && break
		sleep 0.05
	done
	for ((i = 0; i < $2; i++)); do
		kill -TERM "$pid"
		sleep 0.1
	done
	wait "$pid"
	rc=$?
}
notify_sigterm 0.5 1
if [[ $rc == 0 && $(cat "$tmp/stop.out") == $'started\n0.5' ]]; then
	ok
else
	ko "notify, SIGTERM while a stop script runs: rc $rc, scripts: $(cat "$tmp/stop.out"); $(cat "$tmp/notify.err")"
fi
start=$(date +%s%N)
notify_sigterm 5 2
elapsed=$((($(date +%s%N) - start) / 1000000))
if [[ $rc == 0 && $(cat "$tmp/stop.out") == started ]] && ((elapsed < 4000)); then
	ok
else
	ko "notify, two SIGTERMs: rc $rc after ${elapsed}ms, scripts: $(cat "$tmp/stop.out"); $(cat "$tmp/notify.err")"
fi
sleep 0.2
if pgrep -f "$tmp/slow.sh" >/dev/null; then ko "notify left a stop script behind"; else ok; fi

# At start, the scripts of the states the instances are in (the fake's dump:
# VI_1 master in G1, VI_6 fault), unless --no-initial.
printf 'instance * notify %s init\ngroup * notify %s ginit\n' "$tmp/log.sh" "$tmp/log.sh" >"$tmp/notify.conf"
: >"$tmp/events"
rm -f "$tmp/notify.out"
FAKENL_EVENTS=$tmp/events run notify -c "$tmp/notify.conf" >/dev/null 2>"$tmp/notify.err"
if [[ $(cat "$tmp/notify.out" 2>/dev/null) == $'init INSTANCE VI_1 MASTER 90\ninit INSTANCE VI_6 FAULT 50\nginit GROUP G1 MASTER 0' ||
	$(sort "$tmp/notify.out" 2>/dev/null) == $'ginit GROUP G1 MASTER 0\ninit INSTANCE VI_1 MASTER 90\ninit INSTANCE VI_6 FAULT 50' ]]; then
	ok
else
	ko "notify initial states: $(cat "$tmp/notify.out" "$tmp/notify.err")"
fi
rm -f "$tmp/notify.out"
FAKENL_EVENTS=$tmp/events run notify -c "$tmp/notify.conf" --no-initial >/dev/null 2>&1
if [[ ! -e $tmp/notify.out ]]; then ok; else ko "notify --no-initial ran: $(cat "$tmp/notify.out")"; fi
# an event for the state last notified runs nothing
printf 'state VI_1 backup master timer 90 G1\nstate VI_1 master backup higher-priority 90 G1\n' >"$tmp/events"
FAKENL_EVENTS=$tmp/events run notify -c "$tmp/notify.conf" --no-initial >/dev/null 2>&1
if [[ $(sort "$tmp/notify.out" 2>/dev/null) == $'ginit GROUP G1 BACKUP 0\ninit INSTANCE VI_1 BACKUP 90' ]]; then
	ok
else
	ko "notify after --no-initial: $(cat "$tmp/notify.out" 2>/dev/null)"
fi

# A full list of IPv6 vips, in a request and echoed back in the error.
vips=()
for i in $(seq 0 1023); do vips+=("2001:db8::$(printf %x "$i"):1/64"); done
add6=(instance add VI_6 dev lo vrid 6 vip)
FAKENL_ERR=22 FAKENL_NOCAP=1 FAKENL_EXTACK="too many" err 2 "vrrpctl: too many" \
	"${add6[@]}" "${vips[@]}"
err 0 "" "${add6[@]}" "${vips[@]}"

# --- -n NETNS: the device is looked up, and the socket opened, in there --
if ip netns add "$ns" 2>/dev/null && ip -n "$ns" link add vt0 type veth peer name vt1; then
	ifindex=$(ip -n "$ns" -o link show vt0 | cut -d: -f1)
	rm -f "$FAKENL_LOG"
	run -n "$ns" instance add VI_N dev vt0 vrid 9 vip 10.9.9.9 >/dev/null ||
		ko "vrrpctl -n $ns instance add"
	if [[ $(cat "$FAKENL_LOG") == "NEW name=VI_N ifindex=$ifindex vrid=9 family=2 vips=10.9.9.9/32" ]]; then
		ok
	else
		ko "-n $ns: want ifindex $ifindex, got: $(cat "$FAKENL_LOG")"
	fi
	ip link show vt0 >/dev/null 2>&1 ||
		err 1 'vrrpctl: device "vt0" does not exist' instance add VI_N dev vt0 vrid 9 vip 10.9.9.9
	netns_ok=1
else
	echo "fake.sh: cannot create a network namespace here, -n not tested"
fi

# --- bash completion, which asks "vrrpctl show names" ---------------------
mkdir "$tmp/bin"
printf '#!/bin/sh\nLD_PRELOAD=%q exec %q "$@"\n' "$FAKE" "$VRRPCTL" >"$tmp/bin/vrrpctl"
chmod +x "$tmp/bin/vrrpctl"

# comp "WANT" "COMMAND LINE": complete its last word (empty after a blank)
comp() {
	local got
	got=$(PATH=$tmp/bin:$PATH bash -c '
		source "$1"
		read -ra COMP_WORDS <<<"$2"
		[[ $2 == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_vrrpctl
		echo "${COMPREPLY[*]}"' _ "$here/../completion/vrrpctl.bash" "$2")
	if [[ $got == "$1" ]]; then ok; else ko "completing \"$2\": want \"$1\", got \"$got\""; fi
}

kw="version prio advert vip vip-excluded preempt-delay accept noaccept group csum garp-count garp-interval garp-refresh garp-period garp-period-count track track-if fast-preempt nofast-preempt track-primary notrack-primary sync-group auth unicast-src peer unicast-ttl vmac novmac arbiter"
setkw="prio advert vip vip-excluded preempt-delay accept noaccept group csum garp-count garp-interval garp-refresh garp-period garp-period-count track track-if fast-preempt nofast-preempt track-primary notrack-primary sync-group auth unicast-src peer unicast-ttl vmac novmac arbiter"
comp "instance tracker track weight show stats metrics monitor notify checks save apply load help" "vrrpctl "
comp "--output" "vrrpctl metrics "
comp "" "vrrpctl metrics --output $tmp/lfile.conf "
comp "show stats save" "vrrpctl -j s"
# load [--check] [--strict] [--skip-lvs] [--dir DIR] FILE
mkdir "$tmp/ldir"
: >"$tmp/lfile.conf"
comp "--check --strict --skip-lvs --dir" "vrrpctl load -"
comp "--strict --skip-lvs --dir" "vrrpctl load --check -"
comp "$tmp/ldir" "vrrpctl load --dir $tmp/ld"
comp "$tmp/lfile.conf" "vrrpctl load --check $tmp/lf"
comp "--check" "vrrpctl apply -"
comp "" "vrrpctl apply --check -"
comp "$tmp/lfile.conf" "vrrpctl apply --check $tmp/lf"
# checks [-c FILE] [--once]
comp "-c --once" "vrrpctl checks "
comp "-c" "vrrpctl checks --once "
comp "$tmp/lfile.conf" "vrrpctl checks -c $tmp/lf"
comp "--json" "vrrpctl --j"
comp "VI_1 VI_6 secrets" "vrrpctl show "
comp "VI_1 VI_6" "vrrpctl -j -p stats V"
comp "secrets" "vrrpctl show VI_1 "
comp "" "vrrpctl show VI_1 secrets "
comp "" "vrrpctl show secrets "
comp "" "vrrpctl stats VI_1 "
comp "secrets" "vrrpctl instance show VI_1 s"
comp "add set del show" "vrrpctl instance "
comp "VI_6" "vrrpctl instance del VI_6"
comp "VI_1 VI_6" "vrrpctl instance set "
comp "" "vrrpctl instance add "
comp "dev vrid version prio advert vip vip-excluded preempt nopreempt preempt-delay accept noaccept group csum garp-count garp-interval garp-refresh garp-period garp-period-count track track-if fast-preempt nofast-preempt track-primary notrack-primary sync-group auth unicast-src peer unicast-ttl vmac novmac arbiter" \
	"vrrpctl instance add VI_9 "
comp "lo" "vrrpctl instance add VI_9 dev l"
comp "" "vrrpctl instance add VI_9 dev lo vrid "
comp "10.0.0.5/24@lo" "vrrpctl instance add VI_9 dev lo vip 10.0.0.5/24@l"
comp "preempt preempt-delay" "vrrpctl instance add VI_9 dev lo vrid 5 pre"
comp "vrid $kw" "vrrpctl instance add VI_9 dev lo preempt "
comp "auto rfc pseudo" "vrrpctl instance add VI_9 csum "
comp "$setkw" "vrrpctl instance set VI_1 preempt "
comp "secrets" "vrrpctl -n no-such-netns show "
comp "tracker track" "vrrpctl -j trac"
comp "add set del show" "vrrpctl tracker "
comp "chk_nginx chk_db" "vrrpctl tracker del "
comp "chk_db" "vrrpctl tracker set chk_d"
comp "weight fall rise timeout init" "vrrpctl tracker add chk "
comp "fall rise" "vrrpctl tracker set chk weight 5 timeout 1 "
comp "weight fall rise timeout" "vrrpctl tracker set chk "
comp "ok fail unknown" "vrrpctl tracker add chk init "
comp "unknown" "vrrpctl tracker add chk init u"
comp "weight fall rise timeout" "vrrpctl tracker add chk init fail "
comp "" "vrrpctl tracker add chk fall "
comp "run chk_nginx chk_db" "vrrpctl track "
comp "ok fail" "vrrpctl track chk_db "
comp "chk_nginx chk_db" "vrrpctl track run "
comp "--timeout --quiet --" "vrrpctl track run chk_db "
comp "" "vrrpctl track run chk_db -- "
comp "chk_nginx chk_db" "vrrpctl weight "
comp "-c --timeout --no-initial" "vrrpctl notify "
comp "none chk_nginx chk_db" "vrrpctl instance set VI_1 track "
comp "lo" "vrrpctl instance set VI_1 track-if l"
allkw="prio advert vip vip-excluded preempt nopreempt preempt-delay accept noaccept group csum garp-count garp-interval garp-refresh garp-period garp-period-count track track-if fast-preempt nofast-preempt track-primary notrack-primary sync-group auth unicast-src peer unicast-ttl vmac novmac arbiter"
comp "weight reverse $allkw" "vrrpctl instance set VI_1 track chk_db "
comp "reverse $allkw" "vrrpctl instance set VI_1 track chk_db weight 5 "
comp "weight $allkw" "vrrpctl instance set VI_1 track-if lo reverse "
comp "$allkw" "vrrpctl instance set VI_1 track-if lo reverse weight 1 "
comp "$allkw" "vrrpctl instance set VI_1 track none "
comp "sync-group" "vrrpctl instance set VI_1 fast-preempt s"
comp "none" "vrrpctl instance set VI_1 sync-group "
comp "nofast-preempt" "vrrpctl instance set VI_1 track-if lo reverse nof"
comp "2 3" "vrrpctl instance add VI_9 dev lo vrid 5 version "
comp "" "vrrpctl instance set VI_1 version "
comp "none pass" "vrrpctl instance add VI_9 version 2 auth "
comp "" "vrrpctl instance add VI_9 version 2 auth pass "
comp "unicast-src unicast-ttl" "vrrpctl instance add VI_9 version 2 auth pass secret u"
comp "none" "vrrpctl instance set VI_1 peer "
comp "none" "vrrpctl instance set VI_1 unicast-src n"
comp "min-ttl max-ttl $allkw" "vrrpctl instance set VI_1 peer 10.0.0.2 "
comp "max-ttl $allkw" "vrrpctl instance set VI_1 peer 10.0.0.2 min-ttl 5 "
comp "$allkw" "vrrpctl instance set VI_1 peer 10.0.0.2 max-ttl 9 min-ttl 5 "
comp "" "vrrpctl instance set VI_1 peer 10.0.0.2 max-ttl "
comp "" "vrrpctl instance set VI_1 unicast-ttl "
comp "$allkw" "vrrpctl instance set VI_1 peer none "
comp "min-ttl max-ttl" "vrrpctl instance set VI_1 vmac peer 10.0.0.2 peer 10.0.0.3 m"
comp "novmac" "vrrpctl instance set VI_1 peer 10.0.0.2 nov"
if [[ ${netns_ok:-0} == 1 ]]; then
	comp "VI_1 VI_6 secrets" "vrrpctl -n $ns show "
	comp "vt0 vt1" "vrrpctl -n $ns instance add VI_9 dev v"
fi

# --- -V: ours, then the module's family version ------------------------------
gv=$(sed -n 's/^#define VRRP_GENL_VERSION[[:space:]]*//p' "$here/../../../uapi/linux/vrrp.h")
out 0 "vrrpctl $(<"$here/../../../VERSION") (netlink family \"vrrp\" version $gv)
vrrp.ko: netlink family \"vrrp\" version $gv" -V
version_nofamily() {
	local got rc
	got=$(FAKENL_NOFAMILY=1 run -V 2>&1)
	rc=$?
	if [[ $rc == 0 && $got == "vrrpctl "*$'\n'"vrrpctl: vrrp module not loaded"* ]]; then
		ok
	else
		ko "vrrpctl -V without the module: rc $rc, \"$got\""
	fi
}
version_nofamily

# --- an older module refuses what it does not know, and vrrpctl says why ---
old="(the loaded vrrp.ko, netlink family version $((gv - 1)), is older than this vrrpctl, version $gv: the new module, loaded after a reboot or \"systemctl stop vrrp; rmmod vrrp; systemctl start vrrp\", knows it)"
FAKENL_VERSION=$((gv - 1)) FAKENL_ERR=95 err 2 "vrrpctl: stats: Operation not supported $old" stats
FAKENL_VERSION=$((gv - 1)) FAKENL_ERR=22 FAKENL_EXTACK="Unknown attribute type" \
	err 2 "vrrpctl: instance set VI_1: Unknown attribute type $old" instance set VI_1 prio 1
# ... but only that: its own refusals are its own, and a module as new as
# vrrpctl is not "older"
FAKENL_VERSION=$((gv - 1)) FAKENL_ERR=22 FAKENL_EXTACK="bad vip" \
	err 2 "vrrpctl: bad vip" instance set VI_1 prio 1
FAKENL_VERSION=$gv FAKENL_ERR=95 err 2 "vrrpctl: stats: Operation not supported" stats

echo "fake.sh: $pass passed, $fail failed"
[[ $fail == 0 ]]
