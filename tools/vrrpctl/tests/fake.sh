#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vrrpctl against tests/fakenl.so, an LD_PRELOADed stand-in for vrrp.ko
# (see fakenl.c): the output of show, stats and monitor, text and JSON,
# against tests/golden/; the requests add/set/del encode, as the fake
# decodes them; kernel errors, extack and warnings as the user sees them.
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
for f in show.json show-VI_6-pretty.json stats.json stats-VI_6-pretty.json monitor.json; do
	json_valid "$f"
done

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

# --- errors -------------------------------------------------------------
add=(instance add VI_1 vip 10.0.0.100 dev lo vrid 51)
FAKENL_NOFAMILY=1 err 2 "vrrpctl: vrrp module not loaded (modprobe vrrp / insmod vrrp.ko)" show
FAKENL_ERR=17 err 2 'vrrpctl: instance "VI_1" already exists' "${add[@]}"
FAKENL_ERR=17 FAKENL_EXTACK="vrid 51 is in use on lo by VI_9" \
	err 2 "vrrpctl: vrid 51 is in use on lo by VI_9" "${add[@]}"
FAKENL_ERR=2 err 2 'vrrpctl: instance "VI_1" does not exist' instance set VI_1 prio 5
FAKENL_ERR=2 err 2 'vrrpctl: instance "VI_1" does not exist' instance del VI_1
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

kw="prio advert vip preempt-delay accept noaccept group csum garp-count garp-interval garp-refresh"
comp "instance show stats monitor help" "vrrpctl "
comp "show stats" "vrrpctl -j s"
comp "--json" "vrrpctl --j"
comp "VI_1 VI_6" "vrrpctl show "
comp "VI_1 VI_6" "vrrpctl -j -p stats V"
comp "" "vrrpctl show VI_1 "
comp "add set del show" "vrrpctl instance "
comp "VI_6" "vrrpctl instance del VI_6"
comp "VI_1 VI_6" "vrrpctl instance set "
comp "" "vrrpctl instance add "
comp "dev vrid prio advert vip preempt nopreempt preempt-delay accept noaccept group csum garp-count garp-interval garp-refresh" \
	"vrrpctl instance add VI_9 "
comp "lo" "vrrpctl instance add VI_9 dev l"
comp "" "vrrpctl instance add VI_9 dev lo vrid "
comp "preempt preempt-delay" "vrrpctl instance add VI_9 dev lo vrid 5 pre"
comp "vrid $kw" "vrrpctl instance add VI_9 dev lo preempt "
comp "rfc pseudo" "vrrpctl instance add VI_9 csum "
comp "$kw" "vrrpctl instance set VI_1 preempt "
comp "" "vrrpctl -n no-such-netns show "
if [[ ${netns_ok:-0} == 1 ]]; then
	comp "VI_1 VI_6" "vrrpctl -n $ns show "
	comp "vt0 vt1" "vrrpctl -n $ns instance add VI_9 dev v"
fi

echo "fake.sh: $pass passed, $fail failed"
[[ $fail == 0 ]]
