// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl monitor: one line per state change of an instance or a tracker,
 * from the "events" group.
 *
 *   2026-11-25T10:00:00.123456789Z VI_1 dev veth0 vrid 51 BACKUP -> MASTER (timer)
 *   2026-11-25T10:00:02.000000000Z tracker chk_nginx failed (stale)
 *   2026-11-25T10:00:03.000000000Z VI_1 dev veth0 vrid 51 conflict arp vip 10.0.0.9 from 02:00:00:00:00:02
 *
 * With -j one JSON object per line (-p is ignored: a line is an event).
 * Each line is flushed at once, for pipes; this runs until killed.
 */
#include <net/if.h>
#include <stdio.h>
#include <time.h>

#include "nl.h"
#include "print.h"
#include "util.h"
#include "vrrpctl.h"

static void print_timestamp(struct nlattr *a)
{
	struct timespec now;
	uint64_t ns;
	time_t sec;
	struct tm tm;
	char buf[64];
	size_t n;

	if (a) {
		ns = nla_get_u64(a);
	} else {	/* an older kernel: our clock is the next best thing */
		clock_gettime(CLOCK_REALTIME, &now);
		ns = (uint64_t)now.tv_sec * 1000000000 + now.tv_nsec;
	}
	print_u64(PRINT_JSON, "timestamp_ns", NULL, ns);
	sec = ns / 1000000000;
	n = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", gmtime_r(&sec, &tm));
	snprintf(buf + n, sizeof(buf) - n, ".%09uZ", (unsigned int)(ns % 1000000000));
	print_string(PRINT_FP, NULL, "%s", buf);
}

static void print_state(const char *key, const char *fmt, struct nlattr *a)
{
	unsigned int state = a ? nla_get_u8(a) : 0;

	if (!a) {
		print_null(PRINT_ANY, key, fmt, "?");
		return;
	}
	print_string(PRINT_JSON, key, NULL, state_str(state));
	print_string(PRINT_FP, NULL, fmt, state_str_upper(state));
}

/* JSON: {"timestamp_ns": ..., "tracker": "chk", "ok": false, "state": "failed", "stale": true} */
static void tracker_event(struct nlattr **tb)
{
	bool ok = tb[VRRP_TRK_A_OK] && nla_get_u8(tb[VRRP_TRK_A_OK]);

	print_start(false);
	open_json_object(NULL);
	print_timestamp(tb[VRRP_TRK_A_TIMESTAMP]);
	print_string(PRINT_ANY, "tracker", " tracker %s",
		     tb[VRRP_TRK_A_NAME] ? nla_get_string(tb[VRRP_TRK_A_NAME]) : "?");
	if (tb[VRRP_TRK_A_OK])
		print_bool(PRINT_JSON, "ok", NULL, ok);
	else
		print_null(PRINT_JSON, "ok", NULL, NULL);
	/* An older module sends no state: ok or failed, then. */
	if (tb[VRRP_TRK_A_STATE])
		print_string(PRINT_ANY, "state", " %s",
			     trk_state_str(nla_get_u8(tb[VRRP_TRK_A_STATE])));
	else if (tb[VRRP_TRK_A_OK])
		print_string(PRINT_ANY, "state", " %s", ok ? "ok" : "failed");
	else
		print_text(" ?");
	print_bool(PRINT_JSON, "stale", NULL, tb[VRRP_TRK_A_STALE]);
	if (tb[VRRP_TRK_A_STALE])
		print_text(" (stale)");
	if (tb[VRRP_TRK_A_VALUE])
		print_int(PRINT_ANY, "value", " value %d",
			  (int32_t)nla_get_s32(tb[VRRP_TRK_A_VALUE]));
	close_json_object();
	print_nl();
	print_end();	/* the JSON line's newline, and fflush */
}

static int event_cb(uint8_t cmd, struct nlattr **tb, void *arg)
{
	char ifbuf[IF_NAMESIZE];
	const char *ifname = NULL;
	uint32_t ifindex = 0;

	(void)arg;
	if (cmd == VRRP_CMD_TRACKER_EVENT) {
		tracker_event(tb);
		return 0;
	}
	if (cmd != VRRP_CMD_STATE_EVENT && cmd != VRRP_CMD_CONFLICT_EVENT)
		return 0;
	if (tb[VRRP_A_IFINDEX]) {
		ifindex = nla_get_u32(tb[VRRP_A_IFINDEX]);
		ifname = if_indextoname(ifindex, ifbuf);
	}

	print_start(false);
	open_json_object(NULL);
	print_timestamp(tb[VRRP_A_TIMESTAMP]);
	print_string(PRINT_ANY, "name", " %s",
		     tb[VRRP_A_NAME] ? nla_get_string(tb[VRRP_A_NAME]) : "?");
	if (tb[VRRP_A_IFINDEX])
		print_uint(PRINT_JSON, "ifindex", NULL, ifindex);
	if (ifname) {
		print_string(PRINT_ANY, "ifname", " dev %s", ifname);
	} else {	/* the device is gone already */
		print_null(PRINT_JSON, "ifname", NULL, NULL);
		print_uint(PRINT_FP, NULL, " ifindex %u", ifindex);
	}
	if (tb[VRRP_A_VRID])
		print_uint(PRINT_ANY, "vrid", " vrid %u", nla_get_u8(tb[VRRP_A_VRID]));
	if (tb[VRRP_A_FAMILY])
		print_string(PRINT_JSON, "family", NULL,
			     family_str(nla_get_u8(tb[VRRP_A_FAMILY])));
	if (cmd == VRRP_CMD_CONFLICT_EVENT) {
		/* JSON: "event": "conflict", "conflict": {...} (or mismatch) */
		const char *key = tb[VRRP_A_MISMATCH] ? "mismatch" : "conflict";
		struct nlattr *nest = tb[VRRP_A_MISMATCH] ? tb[VRRP_A_MISMATCH]
							  : tb[VRRP_A_CONFLICT];

		print_string(PRINT_JSON, "event", NULL, key);
		if (nest)
			print_conflict(key, nest, true);
		close_json_object();
		print_nl();
		print_end();
		return 0;
	}
	print_state("old_state", " %s ->", tb[VRRP_A_OLD_STATE]);
	print_state("state", " %s", tb[VRRP_A_STATE]);
	if (tb[VRRP_A_REASON])
		print_string(PRINT_ANY, "reason", " (%s)",
			     reason_str(nla_get_u8(tb[VRRP_A_REASON])));
	if (tb[VRRP_A_EFFECTIVE_PRIORITY])
		print_uint(PRINT_JSON, "priority", NULL,
			   nla_get_u8(tb[VRRP_A_EFFECTIVE_PRIORITY]));
	if (tb[VRRP_A_SYNC_GROUP] && *nla_get_string(tb[VRRP_A_SYNC_GROUP]))
		print_string(PRINT_ANY, "sync_group", " sync-group %s",
			     nla_get_string(tb[VRRP_A_SYNC_GROUP]));
	close_json_object();
	print_nl();
	print_end();	/* the JSON line's newline, and fflush */
	return 0;
}

int do_monitor(int argc, char **argv)
{
	struct vnl v;
	int err;

	if (argc > 0)
		return usage_err("monitor: unexpected argument \"%s\" (try \"vrrpctl help\")",
				 argv[0]);
	err = vnl_open(&v);
	if (err)
		return err;
	err = vnl_listen(&v, event_cb, NULL);
	vnl_close(&v);
	return err;
}
