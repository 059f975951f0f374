// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl tracker { add | set | del | show }: the named health indicators
 * that scripts feed ("vrrpctl track", "vrrpctl weight") and instances track.
 * Their requests use the VRRP_TRK_A_* attribute space.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "nl.h"
#include "print.h"
#include "util.h"
#include "vrrpctl.h"

struct trk_cfg {
	const char *name;
	const char *seen[VRRP_TRK_A_MAX + 1];
	int32_t weight;
	uint32_t fall, rise, timeout_ms;
	uint8_t init;
};

static const struct {
	const char *word;
	int attr;
} trk_keywords[] = {
	{ "weight",	VRRP_TRK_A_WEIGHT },
	{ "fall",	VRRP_TRK_A_FALL },
	{ "rise",	VRRP_TRK_A_RISE },
	{ "timeout",	VRRP_TRK_A_TIMEOUT },
	{ "init",	VRRP_TRK_A_INIT },
};

/* "init { ok | fail | unknown }": VRRP_TRK_INIT_*. */
static int parse_init(const char *kw, const char *s, uint8_t *init)
{
	unsigned int i;

	for (i = VRRP_TRK_INIT_OK; i <= VRRP_TRK_INIT_MAX; i++) {
		if (!strcmp(s, trk_init_str(i))) {
			*init = i;
			return 0;
		}
	}
	return usage_err("\"%s\" is ok, fail or unknown, not \"%s\"", kw, s);
}

static int parse_trk(struct trk_cfg *c, int argc, char **argv, bool creating)
{
	size_t i;
	int attr, err;

	for (; argc > 0; argc -= 2, argv += 2) {
		attr = 0;
		for (i = 0; i < sizeof(trk_keywords) / sizeof(trk_keywords[0]); i++)
			if (!strcmp(argv[0], trk_keywords[i].word))
				attr = trk_keywords[i].attr;
		if (!attr)
			return unknown_keyword(argv[0]);
		if (c->seen[attr])
			return usage_err("\"%s\" given twice", argv[0]);
		c->seen[attr] = argv[0];
		if (attr == VRRP_TRK_A_INIT && !creating)
			return usage_err("tracker set: \"%s\" is given at creation only (tracker add)",
					 argv[0]);
		if (argc < 2)
			return missing_value(argv[0]);
		switch (attr) {
		case VRRP_TRK_A_WEIGHT:
			err = parse_s32(argv[0], argv[1], -VRRP_WEIGHT_MAX,
					VRRP_WEIGHT_MAX, &c->weight);
			break;
		case VRRP_TRK_A_FALL:
			err = parse_u32(argv[0], argv[1], 1, 255, &c->fall);
			break;
		case VRRP_TRK_A_RISE:
			err = parse_u32(argv[0], argv[1], 1, 255, &c->rise);
			break;
		case VRRP_TRK_A_INIT:
			err = parse_init(argv[0], argv[1], &c->init);
			break;
		default:
			err = parse_time_ms(argv[0], argv[1], &c->timeout_ms);
		}
		if (err)
			return err;
	}
	return 0;
}

/* The settings; the name is in already (tracker_request()). */
static int put_trk(struct nl_msg *msg, const void *arg)
{
	const struct trk_cfg *c = arg;
	int err = 0;

	if (c->seen[VRRP_TRK_A_WEIGHT])
		err |= nla_put_s32(msg, VRRP_TRK_A_WEIGHT, c->weight);
	if (c->seen[VRRP_TRK_A_FALL])
		err |= nla_put_u32(msg, VRRP_TRK_A_FALL, c->fall);
	if (c->seen[VRRP_TRK_A_RISE])
		err |= nla_put_u32(msg, VRRP_TRK_A_RISE, c->rise);
	if (c->seen[VRRP_TRK_A_TIMEOUT])
		err |= nla_put_u32(msg, VRRP_TRK_A_TIMEOUT, c->timeout_ms);
	if (c->seen[VRRP_TRK_A_INIT])
		err |= nla_put_u8(msg, VRRP_TRK_A_INIT, c->init);
	return err;
}

/* One request naming a tracker, with @put adding the rest; 0 or an exit status. */
int tracker_request(const struct vnl_req *req,
		    int (*put)(struct nl_msg *msg, const void *arg), const void *arg)
{
	struct nl_msg *msg;
	struct vnl v;
	int err;

	err = vnl_open(&v);
	if (err)
		return err;
	msg = vnl_msg(&v, req, 0);
	if (!msg || nla_put_string(msg, VRRP_TRK_A_NAME, req->name) ||
	    (put && put(msg, arg))) {
		nlmsg_free(msg);
		vnl_close(&v);
		return EXIT_KERNEL;
	}
	err = vnl_talk(&v, msg, req);
	vnl_close(&v);
	return err;
}

static int tracker_change(int argc, char **argv, bool creating)
{
	const char *op = creating ? "tracker add" : "tracker set";
	struct trk_cfg c = { 0 };
	char what[VRRP_NAME_MAX + 32];
	struct vnl_req req = {
		.cmd = creating ? VRRP_CMD_TRACKER_NEW : VRRP_CMD_TRACKER_SET,
		.what = what,
	};
	int err;

	if (argc < 1)
		return usage_err("%s: missing tracker NAME (try \"vrrpctl help\")", op);
	c.name = req.name = argv[0];
	err = check_tracker_name(c.name, creating);
	if (!err)
		err = parse_trk(&c, argc - 1, argv + 1, creating);
	if (!err && !creating && argc == 1)
		err = usage_err("%s: nothing to change (try \"vrrpctl help\")", op);
	if (err)
		return err;
	snprintf(what, sizeof(what), "%s %s", op, c.name);
	return tracker_request(&req, put_trk, &c);
}

/* --- for apply.c --- */

/* "tracker add NAME ...": the words from NAME on. *@out is for free(). */
int tracker_parse(int argc, char **argv, struct trk_cfg **out)
{
	struct trk_cfg *c;
	int err;

	*out = NULL;
	if (argc < 1)
		return usage_err("tracker add: missing tracker NAME (try \"vrrpctl help\")");
	c = calloc(1, sizeof(*c));
	if (!c)
		return usage_err("out of memory");
	c->name = argv[0];
	err = check_tracker_name(c->name, true);
	if (!err)
		err = parse_trk(c, argc - 1, argv + 1, true);
	if (err) {
		free(c);
		return err;
	}
	*out = c;
	return 0;
}

const char *tracker_name(const struct trk_cfg *c)
{
	return c->name;
}

/* The kernel's defaults (vrrp_tracker_create()). */
static void trk_defaults(struct trk_cfg *c)
{
	if (!c->seen[VRRP_TRK_A_FALL])
		c->fall = 1;
	if (!c->seen[VRRP_TRK_A_RISE])
		c->rise = 1;
}

/*
 * Make @want a SET of what differs from @have (weight, fall, rise,
 * timeout; the initial state is for creation only, a running tracker keeps
 * its state). The keywords in @desc; returns how many.
 */
unsigned int tracker_diff(struct trk_cfg *want, struct trk_cfg *have, char *desc, size_t len)
{
	const char *seen[VRRP_TRK_A_MAX + 1] = { 0 };
	unsigned int n = 0;
	size_t i, used = 0;
	bool same;
	int attr;

	trk_defaults(want);
	trk_defaults(have);
	if (len)
		desc[0] = '\0';
	for (i = 0; i < sizeof(trk_keywords) / sizeof(trk_keywords[0]); i++) {
		attr = trk_keywords[i].attr;
		same = attr == VRRP_TRK_A_WEIGHT ? want->weight == have->weight :
		       attr == VRRP_TRK_A_FALL ? want->fall == have->fall :
		       attr == VRRP_TRK_A_RISE ? want->rise == have->rise :
		       attr == VRRP_TRK_A_TIMEOUT ? want->timeout_ms == have->timeout_ms : true;
		if (same)
			continue;
		seen[attr] = trk_keywords[i].word;
		if (used < len)
			used += snprintf(desc + used, len - used, "%s%s", n ? ", " : "",
					 trk_keywords[i].word);
		n++;
	}
	memcpy(want->seen, seen, sizeof(seen));
	return n;
}

/* NEW (@creating) or SET with what @c has seen: 0 or an exit status. */
int tracker_send(const struct trk_cfg *c, bool creating)
{
	char what[64];
	struct vnl_req req = {
		.cmd = creating ? VRRP_CMD_TRACKER_NEW : VRRP_CMD_TRACKER_SET,
		.what = what,
		.name = c->name,
	};

	snprintf(what, sizeof(what), "tracker %s %s", creating ? "add" : "set", c->name);
	return tracker_request(&req, put_trk, c);
}

static int tracker_del(int argc, char **argv)
{
	char what[VRRP_NAME_MAX + 32];
	struct vnl_req req = { .cmd = VRRP_CMD_TRACKER_DEL, .what = what };

	if (argc < 1)
		return usage_err("tracker del: missing tracker NAME (try \"vrrpctl help\")");
	if (argc > 1)
		return usage_err("tracker del: unexpected argument \"%s\" (try \"vrrpctl help\")",
				 argv[1]);
	if (check_tracker_name(argv[0], false))
		return EXIT_USAGE;
	req.name = argv[0];
	snprintf(what, sizeof(what), "tracker del %s", req.name);
	return tracker_request(&req, NULL, NULL);
}

/* --- show ------------------------------------------------------------------ */

struct show_ctx {
	bool names_only;
	bool started;
	unsigned int count;
};

/*
 * chk_nginx: ok  weight -20  fall 3  rise 2  timeout 10s
 *     value 5  last report 1500ms ago  users 1  reports ok 10 fail 3
 * A tracker created with "init unknown", before its first report:
 * chk_nginx: init (not yet reported)  weight 0  fall 1  rise 1  timeout 0  init unknown
 * JSON: "ok" (true for ok only), "state": "ok" | "failed" | "init", "init".
 */
static void print_tracker(struct nlattr **tb)
{
	char t[TIME_STRLEN];
	bool ok = tb[VRRP_TRK_A_OK] && nla_get_u8(tb[VRRP_TRK_A_OK]);
	unsigned int init = tb[VRRP_TRK_A_INIT] ? nla_get_u8(tb[VRRP_TRK_A_INIT]) :
			    VRRP_TRK_INIT_OK;

	print_string(PRINT_ANY, "name", "%s:", tb[VRRP_TRK_A_NAME] ?
		     nla_get_string(tb[VRRP_TRK_A_NAME]) : "?");
	if (tb[VRRP_TRK_A_OK])
		print_bool(PRINT_JSON, "ok", NULL, ok);
	/* An older module sends no state: ok or failed, then. */
	if (tb[VRRP_TRK_A_STATE] || tb[VRRP_TRK_A_OK])
		print_string(PRINT_ANY, "state", " %s",
			     tb[VRRP_TRK_A_STATE] ?
			     trk_state_str(nla_get_u8(tb[VRRP_TRK_A_STATE])) :
			     ok ? "ok" : "failed");
	if (tb[VRRP_TRK_A_STATE] && nla_get_u8(tb[VRRP_TRK_A_STATE]) == VRRP_TRK_STATE_INIT)
		print_text(" (not yet reported)");
	print_bool(PRINT_JSON, "stale", NULL, tb[VRRP_TRK_A_STALE]);
	if (tb[VRRP_TRK_A_STALE])
		print_text(" (stale)");
	if (tb[VRRP_TRK_A_WEIGHT])
		print_int(PRINT_ANY, "weight", "  weight %d",
			  (int32_t)nla_get_s32(tb[VRRP_TRK_A_WEIGHT]));
	if (tb[VRRP_TRK_A_FALL])
		print_uint(PRINT_ANY, "fall", "  fall %u", nla_get_u32(tb[VRRP_TRK_A_FALL]));
	if (tb[VRRP_TRK_A_RISE])
		print_uint(PRINT_ANY, "rise", "  rise %u", nla_get_u32(tb[VRRP_TRK_A_RISE]));
	if (tb[VRRP_TRK_A_TIMEOUT]) {
		print_uint(PRINT_JSON, "timeout_ms", NULL, nla_get_u32(tb[VRRP_TRK_A_TIMEOUT]));
		print_string(PRINT_FP, NULL, "  timeout %s",
			     ms_str(nla_get_u32(tb[VRRP_TRK_A_TIMEOUT]), t));
	}
	/* An older module: created ok, as all were. */
	print_string(PRINT_JSON, "init", NULL, trk_init_str(init));
	if (init != VRRP_TRK_INIT_OK)
		print_string(PRINT_FP, NULL, "  init %s", trk_init_str(init));
	print_nl();

	print_text("   ");
	if (tb[VRRP_TRK_A_VALUE])
		print_int(PRINT_ANY, "value", " value %d ",
			  (int32_t)nla_get_s32(tb[VRRP_TRK_A_VALUE]));
	if (tb[VRRP_TRK_A_AGE]) {
		print_uint(PRINT_JSON, "age_ms", NULL, nla_get_u32(tb[VRRP_TRK_A_AGE]));
		print_string(PRINT_FP, NULL, " last report %s ago ",
			     ms_str(nla_get_u32(tb[VRRP_TRK_A_AGE]), t));
	} else {
		print_text(" never reported ");
	}
	if (tb[VRRP_TRK_A_USERS])
		print_uint(PRINT_ANY, "users", " users %u ", nla_get_u32(tb[VRRP_TRK_A_USERS]));
	if (tb[VRRP_TRK_A_REPORTS_OK])
		print_u64(PRINT_ANY, "reports_ok", " reports ok %" PRIu64,
			  nla_get_u64(tb[VRRP_TRK_A_REPORTS_OK]));
	if (tb[VRRP_TRK_A_REPORTS_FAIL])
		print_u64(PRINT_ANY, "reports_fail", " fail %" PRIu64,
			  nla_get_u64(tb[VRRP_TRK_A_REPORTS_FAIL]));
	print_nl();
}

static void show_start(struct show_ctx *ctx)
{
	if (ctx->started)
		return;
	ctx->started = true;
	print_start(true);
	open_json_array(NULL);
}

static int show_cb(uint8_t cmd, struct nlattr **tb, void *arg)
{
	struct show_ctx *ctx = arg;

	if (cmd != VRRP_CMD_TRACKER_GET && cmd != VRRP_CMD_TRACKER_NEW)
		return 0;
	show_start(ctx);
	if (ctx->names_only) {
		if (tb[VRRP_TRK_A_NAME])
			print_string(PRINT_ANY, NULL, "%s\n",
				     nla_get_string(tb[VRRP_TRK_A_NAME]));
		return 0;
	}
	open_json_object(NULL);
	print_tracker(tb);
	close_json_object();
	ctx->count++;
	return 0;
}

/* A dump (or one, by name) of the trackers, each handed to @cb. */
int tracker_dump(const char *name, vnl_cb cb, void *arg)
{
	char what[VRRP_NAME_MAX + 32];
	struct vnl_req req = {
		.cmd = VRRP_CMD_TRACKER_GET,
		.flags = name ? 0 : NLM_F_DUMP,
		.what = what,
		.name = name,
		.cb = cb,
		.arg = arg,
	};
	struct nl_msg *msg;
	struct vnl v;
	int err;

	snprintf(what, sizeof(what), "tracker show%s%s", name ? " " : "", name ? name : "");
	err = vnl_open(&v);
	if (err)
		return err;
	msg = vnl_msg(&v, &req, 0);
	if (!msg || (name && nla_put_string(msg, VRRP_TRK_A_NAME, name))) {
		nlmsg_free(msg);
		vnl_close(&v);
		return EXIT_KERNEL;
	}
	err = vnl_talk(&v, msg, &req);
	vnl_close(&v);
	return err;
}

static int tracker_show(const char *name, bool names_only)
{
	struct show_ctx ctx = { .names_only = names_only };
	int err = tracker_dump(name, show_cb, &ctx);

	if (!err)
		show_start(&ctx);	/* no trackers: "[]" */
	if (ctx.started) {
		close_json_array();
		print_end();
	}
	return err;
}

int do_tracker(int argc, char **argv)
{
	if (argc < 1)
		return tracker_show(NULL, false);
	if (!strcmp(argv[0], "add"))
		return tracker_change(argc - 1, argv + 1, true);
	if (!strcmp(argv[0], "set"))
		return tracker_change(argc - 1, argv + 1, false);
	if (!strcmp(argv[0], "del") || !strcmp(argv[0], "delete"))
		return tracker_del(argc - 1, argv + 1);
	if (!strcmp(argv[0], "show") || !strcmp(argv[0], "list")) {
		if (argc > 2)
			return usage_err("tracker show: unexpected argument \"%s\" (try \"vrrpctl help\")",
					 argv[2]);
		/* Hidden, for the bash completion: the names, one a line. */
		if (argc == 2 && !strcmp(argv[1], "names"))
			return tracker_show(NULL, true);
		if (argc == 2 && check_tracker_name(argv[1], false))
			return EXIT_USAGE;
		return tracker_show(argc == 2 ? argv[1] : NULL, false);
	}
	if (!strcmp(argv[0], "help")) {
		usage();
		return EXIT_OK;
	}
	return usage_err("unknown command \"tracker %s\" (try \"vrrpctl help\")", argv[0]);
}
