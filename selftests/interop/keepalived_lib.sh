#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# keepalived as a live VRRP peer in a network namespace, for the interop tests.
# Source after selftests/lib.sh.
#
#   ka_start NS ID PRIO [EXTRA_CONFIG]   start keepalived for VRID $KA_VRID
#   ka_state ID                          its state, from its notify script
#   wait_ka_state ID STATE [TIMEOUT]
#   ka_stop ID                           SIGTERM (it resigns with priority 0)
#   ka_log_count ID REGEX                lines of its log matching REGEX
#
# KA_VERSION (vrrp_version, default 3), KA_VIPS (the virtual_ipaddress lines,
# default "$KA_VIP/24"; newline-separated) and KA_IFACE (default eth0) shape
# the instance; EXTRA_CONFIG adds lines to it (authentication, unicast_peer,
# use_vmac...).

KA_VRID=${KA_VRID:-51}
KA_VIP=${KA_VIP:-10.0.0.50}
KA_ADVERT=${KA_ADVERT:-1}
KA_VERSION=${KA_VERSION:-3}
KA_IFACE=${KA_IFACE:-eth0}
declare -A KA_PID

# ka_start NS ID PRIO [LINES]: write $TMPD/ka-ID.conf and run keepalived in NS.
ka_start() {
	local ns=$1 id=$2 prio=$3 extra=$4 d vips
	vips=${KA_VIPS:-$KA_VIP/24}
	vips=$(printf '%s\n' "$vips" | sed 's/^[[:space:]]*/        /')
	d="$TMPD/ka-$id"
	mkdir -p "$d"
	cat >"$d/notify.sh" <<-EOS
	#!/bin/sh
	# keepalived notify: \$1 INSTANCE|GROUP, \$2 name, \$3 state, \$4 priority
	echo "\$3" > "$d/state.tmp" && mv "$d/state.tmp" "$d/state"
	echo "\$(date +%s%N) \$3 \$4" >> "$d/states"
	EOS
	chmod 755 "$d/notify.sh"
	echo INIT >"$d/state"
	cat >"$d/keepalived.conf" <<-EOC
	global_defs {
	    router_id ka_$id
	    vrrp_version $KA_VERSION
	    script_user root
	    enable_script_security
	    vrrp_garp_master_refresh 0
	}
	vrrp_instance VI_$id {
	    state BACKUP
	    interface $KA_IFACE
	    virtual_router_id $KA_VRID
	    priority $prio
	    advert_int $KA_ADVERT
	    virtual_ipaddress {
	$vips
	    }
	    notify $d/notify.sh
	$extra
	}
	EOC
	log "  keepalived config $d/keepalived.conf:"
	sed 's/^/    | /' "$d/keepalived.conf"
	# -n: no fork, -l: log to the console, -D: detailed log, -P: VRRP only,
	# own pid files so that it does not clash with anything on the host.
	bg_start "$d/log" "$ns" keepalived -n -l -D -P -f "$d/keepalived.conf" \
		-p "$d/keepalived.pid" -r "$d/vrrp.pid" -c "$d/checkers.pid" -b "$d/bfd.pid"
	KA_PID[$id]=$BG_PID
	wait_for 10 "keepalived $id running its VRRP child" test -s "$d/vrrp.pid"
}

ka_state() { local st; st=$(<"$TMPD/ka-$1/state") 2>/dev/null && echo "$st"; }
ka_log() { cat "$TMPD/ka-$1/log"; }

wait_ka_state() {
	local id=$1 want=$2 timeout=${3:-20}
	wait_for "$timeout" "keepalived $id becomes $want" eval "[[ \$(ka_state $id) == $want ]]"
	log "  ok: keepalived $id is $want"
}

# ka_stop ID: SIGTERM; keepalived sends priority 0 when master, and exits.
ka_stop() {
	local id=$1 pid=${KA_PID[$1]}
	log "+ kill -TERM keepalived $id ($pid)"
	kill -TERM "$pid" 2>/dev/null || true
	wait_for 10 "keepalived $id exits" not kill -0 "$pid"
	bg_stop "$pid"
}

# ka_errors ID: log lines that say keepalived rejected a packet.
ka_errors() {
	grep -Ei 'checksum|invalid|mismatch|error' "$TMPD/ka-$1/log" || true
}

# ka_log_count ID REGEX: how many lines of keepalived ID's log match REGEX.
ka_log_count() {
	grep -cE "$2" "$TMPD/ka-$1/log" || true
}
