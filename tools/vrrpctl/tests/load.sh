#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vrrpctl load: the keepalived.conf files of tests/load/ against their
# golden --check output in tests/load/golden/: NAME.out (the three files)
# and NAME.err (every message, exactly, "FILE:LINE: ..."), and the exit
# status; includes too deep; usage errors naming the offending word. Then,
# against the fake kernel (tests/fakenl.so, as fake.sh): the requests load
# sends; that "vrrpctl -b" of the vrrp.conf it wrote sends the same; and
# that an error anywhere (in the file, on the host, in the module, one
# request the kernel refuses) leaves the module and --dir as they were.
#
#   tests/load.sh [path/to/vrrpctl]   UPDATE=1 rewrites the golden files,
#                                     VALGRIND=1 runs each under valgrind
set -u

here=$(cd "$(dirname "$0")" && pwd)
VRRPCTL=$(realpath "${1:-$here/../vrrpctl}")
FAKE=$here/fakenl.so
GOLDEN=$here/load/golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# Paths in the messages are as given: relative to tests/.
cd "$here" || exit 1

run() {
	if [[ ${VALGRIND:-0} == 1 ]]; then
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all \
			"$VRRPCTL" "$@"
	else
		"$VRRPCTL" "$@"
	fi
}

fake() {
	LD_PRELOAD=$FAKE run "$@"
}

ok() { pass=$((pass + 1)); }
# the names in directory $1, dot files too, sorted, blank-separated
files() { find "$1" -mindepth 1 -printf '%f\n' | sort | tr '\n' ' '; }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

# same WHAT GOLDEN_FILE GOT_FILE
same() {
	if [[ ${UPDATE:-0} == 1 ]]; then
		cp "$3" "$2"
	fi
	if diff -u "$2" "$3"; then
		ok
	else
		ko "$1: differs from ${2#"$here"/}"
	fi
}

# check NAME WANT_RC [ARGS...]: load --check [ARGS] load/NAME.conf, its
# stdout and stderr against golden/NAME[ARGS].out and .err
check() {
	local name=$1 want_rc=$2 rc suffix
	shift 2
	suffix=$(printf '%s' "$*" | sed 's/--//g' | tr -c 'a-z0-9-' '_')
	suffix=${suffix:+.$suffix}
	run load --check "$@" "load/$name.conf" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [[ $rc == "$want_rc" ]]; then
		ok
	else
		ko "load --check $* load/$name.conf: rc $rc, want $want_rc"
	fi
	same "load $* $name (stdout)" "$GOLDEN/$name$suffix.out" "$tmp/out"
	same "load $* $name (stderr)" "$GOLDEN/$name$suffix.err" "$tmp/err"
}

# err WANT_RC WANT_STDERR ARGS...: exactly that on stderr, nothing on stdout
err() {
	local want_rc=$1 want=$2 rc out
	shift 2
	out=$(run "$@" 2>&1 >"$tmp/stdout")
	rc=$?
	if [[ $rc == "$want_rc" && $out == "$want" && ! -s $tmp/stdout ]]; then
		ok
	else
		ko "vrrpctl $*: want rc $want_rc, \"$want\"; got rc $rc, \"$out\", stdout \"$(cat "$tmp/stdout")\""
	fi
}

# --- the corpus, --check ----------------------------------------------------
check nginx-a 0
check nginx-b 0
check nginx-a 0 --strict		# names what it ignores
check nginx-a 0 --dir /srv/vrrp
check cloud 0
check names 0			# 64 bytes and more, unchanged
check ka_keywords 0
check ipv6 0
check syncgroup 0
check include 0
check include 0 --strict		# init_fail and a weight-0 script: no longer unsupported
check oneline 0
check master 0
check garp 0
check strict 0
check unsupported 0
check unsupported 1 --strict
check lvs 1
check lvs 0 --skip-lvs
check fake 0
check err-syntax 1
check err-include 1
check err-values 1
check err-model 1

# include, 40 files deep: refused at the 32nd
mkdir "$tmp/deep"
for i in $(seq 0 39); do
	echo "include d$((i + 1)).conf" >"$tmp/deep/d$i.conf"
done
echo "vrrp_script x { script /bin/true }" >"$tmp/deep/d40.conf"
err 1 "$tmp/deep/d31.conf:1: include: more than 32 files deep (an include cycle?)
vrrpctl: load: 1 error in $tmp/deep/d0.conf" load --check "$tmp/deep/d0.conf"

# ${_PWD} is the directory of the file it is in; @HOST lines are for the
# host whose short name is HOST, @^HOST ones for the others
mkdir "$tmp/pwd"
host=$(uname -n)
host=${host%%.*}
cat >"$tmp/pwd/k.conf" <<EOF
vrrp_script chk { script "\${_PWD}/check.sh \${_INSTANCE} \$_INSTANCE" }
@$host vrrp_instance VI_HERE { interface lo
@$host virtual_router_id 1
@$host virtual_ipaddress { 10.1.1.1 }
@$host track_script { chk } }
@^$host vrrp_instance VI_ELSEWHERE {
@^$host }
EOF
run load --check "$tmp/pwd/k.conf" >"$tmp/out" 2>"$tmp/err"
# ("$_INSTANCE" followed by a quote is not replaced, as in keepalived)
if grep -qx "check chk interval 1s timeout 1s user root $tmp/pwd/check.sh $host \\\$_INSTANCE" "$tmp/out" &&
	grep -q '^instance add VI_HERE ' "$tmp/out" && ! grep -q VI_ELSEWHERE "$tmp/out"; then
	ok
else
	ko "\${_PWD}, \$_INSTANCE, @$host: $(cat "$tmp/out" "$tmp/err")"
fi

# --- usage ----------------------------------------------------------------
try='(try "vrrpctl help")'
err 1 "vrrpctl: load: missing the keepalived.conf FILE $try" load
err 1 "vrrpctl: load: missing the keepalived.conf FILE $try" load --check --strict
err 1 "vrrpctl: load: unknown option \"--bogus\" $try" load --bogus load/nginx-a.conf
err 1 "vrrpctl: load: unknown option \"-c\" $try" load -c load/nginx-a.conf
err 1 "vrrpctl: load: unexpected argument \"load/nginx-b.conf\" (one FILE; try \"vrrpctl help\")" \
	load load/nginx-a.conf load/nginx-b.conf
err 1 "vrrpctl: \"--dir\" needs a value $try" load --dir
err 1 'vrrpctl: load: --dir must not be empty' load --dir '' load/nginx-a.conf
err 1 'vrrpctl: load: cannot open "load/no-such.conf": No such file or directory
vrrpctl: load: 1 error in load/no-such.conf' load --check load/no-such.conf
err 1 'vrrpctl: load: "load" is not a regular file
vrrpctl: load: 1 error in load' load --check load
# "--" ends the options: a file called "--check"
err 1 'vrrpctl: load: cannot open "--check": No such file or directory
vrrpctl: load: 1 error in --check: nothing changed' load -- --check

# --- the fake kernel ----------------------------------------------------------
if [[ ! -f $FAKE ]]; then
	echo "load.sh: build $FAKE first (make tests/fakenl.so)"
	exit 1
fi
export FAKENL_LOG=$tmp/requests.log

# applied: what is sent, what is written
rm -f "$FAKENL_LOG"
FAKENL_DUMP=none FAKENL_TRACKERS=none fake load --dir "$tmp/etc" load/fake.conf \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
if [[ $rc == 0 ]]; then ok; else ko "load load/fake.conf: rc $rc: $(cat "$tmp/err")"; fi
same "load load/fake.conf (requests)" "$GOLDEN/requests-fake.log" "$FAKENL_LOG"
if [[ $(tail -1 "$tmp/out") == "load: 3 instances and 2 trackers from load/fake.conf; $tmp/etc/vrrp.conf, notify.conf and checks.conf written" ]]; then
	ok
else
	ko "load: stdout: $(cat "$tmp/out")"
fi
if [[ $(cat "$tmp/err") == "vrrpctl: load: note: the checks run once \"vrrpctl checks -c $tmp/etc/checks.conf\" does (vrrp-checks.service runs /etc/vrrp/checks.conf)" ]]; then
	ok
else
	ko "load: stderr: $(cat "$tmp/err")"
fi
# the files are --check's, the passwords' private
run load --check --dir "$tmp/etc" load/fake.conf >"$tmp/check" 2>/dev/null
for f in vrrp.conf notify.conf checks.conf; do
	awk -v h="# ==> $tmp/etc/$f <==" '$0 == h { on = 1; next } /^# ==> / { on = 0 } on' \
		"$tmp/check" | sed '${/^$/d}' >"$tmp/want-$f"
	if cmp -s "$tmp/want-$f" "$tmp/etc/$f"; then
		ok
	else
		ko "$f is not what --check printed"
	fi
done
if [[ $(stat -c %a "$tmp/etc/"*.conf | sort -u) == 600 ]]; then ok; else ko "the files are not 0600"; fi
if [[ $(files "$tmp/etc") == "checks.conf notify.conf vrrp.conf " ]]; then
	ok
else
	ko "--dir holds: $(files "$tmp/etc")"
fi
# vrrp.service at boot: the same requests, without load's look at what exists
grep -v '^\(GET\|TRACKER_GET\) dump$' "$FAKENL_LOG" >"$tmp/applied.log"
rm -f "$FAKENL_LOG"
fake -b "$tmp/etc/vrrp.conf" >/dev/null 2>&1 || ko "vrrpctl -b $tmp/etc/vrrp.conf failed"
if diff -u "$tmp/applied.log" "$FAKENL_LOG"; then
	ok
else
	ko "-b vrrp.conf sends other requests than load"
fi
# and the notify runner takes notify.conf
printf 'state VI_2 backup master timer 150\n' >"$tmp/events"
FAKENL_EVENTS=$tmp/events FAKENL_DUMP=none LD_PRELOAD=$FAKE timeout 10 \
	"$VRRPCTL" notify -c "$tmp/etc/notify.conf" >/dev/null 2>"$tmp/notify.err"
if grep -q 'notify: VI_2 MASTER: /usr/local/bin/to-master started' "$tmp/notify.err"; then
	ok
else
	ko "notify -c notify.conf: $(cat "$tmp/notify.err")"
fi
# and the checks runner takes checks.conf: a report for each check (as root,
# the user the checks run as)
if [[ $EUID == 0 ]]; then
	rm -f "$FAKENL_LOG"
	LD_PRELOAD=$FAKE timeout 10 "$VRRPCTL" checks -c "$tmp/etc/checks.conf" --once \
		>/dev/null 2>"$tmp/checks.err"
	rc=$?
	if [[ $rc == 0 && $(sed 's/ result=.*//' "$FAKENL_LOG" | sort) == \
		$'TRACKER_REPORT name=chk_disk\nTRACKER_REPORT name=chk_web' ]]; then
		ok
	else
		ko "checks -c checks.conf --once: rc $rc, $(cat "$FAKENL_LOG" "$tmp/checks.err")"
	fi
fi

# a kernel that refuses one request: what was added before is deleted again
# (the last first), --dir is left as it was
echo old >"$tmp/etc/vrrp.conf"
rm -f "$FAKENL_LOG"
FAKENL_DUMP=none FAKENL_TRACKERS=none FAKENL_REFUSE=VI_3 FAKENL_EXTACK="no room for VI_3" \
	fake load --dir "$tmp/etc" load/fake.conf >"$tmp/out" 2>"$tmp/err"
rc=$?
if [[ $rc == 2 ]] && ! grep -q written "$tmp/out"; then
	ok
else
	ko "load refused: rc $rc, stdout $(cat "$tmp/out")"
fi
same "load refused (stderr)" "$GOLDEN/refused.err" "$tmp/err"
same "load refused (requests)" "$GOLDEN/requests-refused.log" "$FAKENL_LOG"
if [[ $(cat "$tmp/etc/vrrp.conf") == old && $(files "$tmp/etc" | wc -w) == 3 ]]; then
	ok
else
	ko "after a refusal --dir holds: $(files "$tmp/etc"), vrrp.conf: $(head -1 "$tmp/etc/vrrp.conf")"
fi
# a tracker refused: nothing added before it
rm -f "$FAKENL_LOG"
FAKENL_DUMP=none FAKENL_TRACKERS=none FAKENL_REFUSE=chk_web \
	fake load --dir "$tmp/etc" load/fake.conf >/dev/null 2>&1
if [[ $(grep -v 'dump$' "$FAKENL_LOG") == 'TRACKER_NEW name=chk_web weight=-20 fall=3 rise=2 timeout_ms=10000 init=2' ]]; then
	ok
else
	ko "first request refused: $(cat "$FAKENL_LOG")"
fi

# the module has some already: a reload, only what differs is sent (VI_1
# on veth0, which is not here, is re-created; VI_6 gives its VRID to VI_8)
rm -f "$FAKENL_LOG"
sed 's/VI_3/VI_1/g; s/chk_disk/chk_db/g; s/virtual_router_id 8$/virtual_router_id 7/' \
	load/fake.conf >"$tmp/exists.conf"
fake load --dir "$tmp/reload" "$tmp/exists.conf" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [[ $rc == 0 && -e $tmp/reload/vrrp.conf ]]; then
	ok
else
	ko "load of existing: rc $rc, $(ls "$tmp/reload" 2>&1)"
fi
same "load of existing (requests)" "$GOLDEN/requests-reload.log" "$FAKENL_LOG"
sed "s|$tmp/|TMP/|g" "$tmp/err" >"$tmp/err.rel"
same "load of existing (stderr)" "$GOLDEN/exists.err" "$tmp/err.rel"
sed "s|$tmp/|TMP/|g" "$tmp/out" >"$tmp/out.rel"
same "load of existing (stdout)" "$GOLDEN/exists.out" "$tmp/out.rel"

# an error in the file, on the host: nothing is sent at all
for args in "load/err-values.conf" "--strict load/unsupported.conf"; do
	rm -f "$FAKENL_LOG"
	# shellcheck disable=SC2086 # the words of $args
	fake load --dir "$tmp/new" $args >/dev/null 2>&1
	rc=$?
	if [[ $rc == 1 && ! -e $FAKENL_LOG && ! -e $tmp/new ]]; then
		ok
	else
		ko "load $args: rc $rc, sent $(cat "$FAKENL_LOG" 2>/dev/null)"
	fi
done
sed 's/interface lo/interface nosuchif0/; s/^        lo$/        nosuchif1/' load/fake.conf >"$tmp/noif.conf"
rm -f "$FAKENL_LOG"
fake load --dir "$tmp/new" "$tmp/noif.conf" >/dev/null 2>"$tmp/err"
rc=$?
if [[ $rc == 1 && ! -e $FAKENL_LOG ]]; then ok; else ko "load of missing interfaces: rc $rc"; fi
sed "s|$tmp/|TMP/|g" "$tmp/err" >"$tmp/err.rel"
same "load of missing interfaces (stderr)" "$GOLDEN/noif.err" "$tmp/err.rel"
# a multicast advert source that is not an address of the interface: the
# module would refuse it, load refuses it first
sed "0,/^    interface lo\$/s//    interface lo\n    mcast_src_ip 192.0.2.99/" load/fake.conf >"$tmp/msrc.conf"
rm -f "$FAKENL_LOG"
fake load --dir "$tmp/new" "$tmp/msrc.conf" >/dev/null 2>"$tmp/err"
rc=$?
if [[ $rc == 1 && ! -e $FAKENL_LOG && ! -e $tmp/new &&
	$(grep -v warning "$tmp/err") == "$tmp/msrc.conf:34: mcast_src_ip 192.0.2.99 is not an address of lo: multicast adverts must go from one
vrrpctl: load: 1 error in $tmp/msrc.conf: nothing changed" ]]; then
	ok
else
	ko "load of mcast_src_ip 192.0.2.99 on lo: rc $rc: $(cat "$tmp/err")"
fi
# a check's user that does not exist here: the checks runner would refuse
# checks.conf, load refuses it first
sed 's/^    timeout 5$/    timeout 5\n    user no_such_user_vrrp/' load/fake.conf >"$tmp/nouser.conf"
rm -f "$FAKENL_LOG"
fake load --dir "$tmp/new" "$tmp/nouser.conf" >/dev/null 2>"$tmp/err"
rc=$?
if [[ $rc == 1 && ! -e $FAKENL_LOG && ! -e $tmp/new &&
	$(grep -v warning "$tmp/err") == "$tmp/nouser.conf:21: vrrp_script chk_disk: user \"no_such_user_vrrp\" does not exist (the checks runner would refuse checks.conf)
vrrpctl: load: 1 error in $tmp/nouser.conf: nothing changed" ]]; then
	ok
else
	ko "load of a check's missing user: rc $rc, $(cat "$tmp/err")"
fi
# no module: said, nothing else
rm -f "$FAKENL_LOG"
FAKENL_NOFAMILY=1 fake load --dir "$tmp/new" load/fake.conf >/dev/null 2>"$tmp/err"
rc=$?
if [[ $rc == 2 && ! -e $tmp/new && $(tail -1 "$tmp/err") == 'vrrpctl: vrrp module not loaded (modprobe vrrp / insmod vrrp.ko)' ]]; then
	ok
else
	ko "load without the module: rc $rc, $(cat "$tmp/err")"
fi

echo "load.sh: $pass passed, $fail failed"
[[ $fail == 0 ]]
