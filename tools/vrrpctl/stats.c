// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl stats [NAME]: the counters of each instance (VRRP_A_STATS of
 * VRRP_CMD_INSTANCE_GET) and, without NAME, the router-wide ones
 * (VRRP_CMD_STATS_GET).
 *
 * JSON: {"instances": [{"name": ..., "stats": {...}}, ...], "router": {...}}
 */
#include <string.h>

#include "nl.h"
#include "print.h"
#include "util.h"
#include "vrrpctl.h"

struct stats_ctx {
	bool started;
	bool in_instances;	/* the "instances" array is open */
	unsigned int count;
};

static void stats_start(struct stats_ctx *ctx)
{
	if (ctx->started)
		return;
	ctx->started = true;
	print_start(true);
	open_json_object(NULL);
	open_json_array("instances");
	ctx->in_instances = true;
}

static void block_sep(struct stats_ctx *ctx)
{
	if (ctx->count++)
		print_nl();
}

static int instance_cb(uint8_t cmd, struct nlattr **tb, void *arg)
{
	struct stats_ctx *ctx = arg;

	if (cmd != VRRP_CMD_INSTANCE_GET)
		return 0;
	stats_start(ctx);
	block_sep(ctx);
	open_json_object(NULL);
	print_instance_id(tb);
	if (tb[VRRP_A_STATS])
		print_counters("stats", tb[VRRP_A_STATS]);
	else
		print_text("    (no counters)\n");
	close_json_object();
	return 0;
}

static int router_cb(uint8_t cmd, struct nlattr **tb, void *arg)
{
	struct stats_ctx *ctx = arg;

	if (cmd != VRRP_CMD_STATS_GET || !tb[VRRP_A_STATS])
		return 0;
	stats_start(ctx);
	if (ctx->in_instances) {
		close_json_array();
		ctx->in_instances = false;
	}
	block_sep(ctx);
	print_text("router:\n");
	print_counters("router", tb[VRRP_A_STATS]);
	return 0;
}

static int request(struct vnl *v, struct vnl_req *req)
{
	struct nl_msg *msg = vnl_msg(v, req, 0);

	if (!msg || (req->name && nla_put_string(msg, VRRP_A_NAME, req->name))) {
		nlmsg_free(msg);
		return EXIT_KERNEL;
	}
	return vnl_talk(v, msg, req);
}

int do_stats(int argc, char **argv)
{
	struct stats_ctx ctx = { 0 };
	const char *name = argc ? argv[0] : NULL;
	char what[VRRP_NAME_MAX + 32];
	struct vnl_req req = {
		.cmd = VRRP_CMD_INSTANCE_GET,
		.flags = name ? 0 : NLM_F_DUMP,
		.what = what,
		.name = name,
		.cb = instance_cb,
		.arg = &ctx,
	};
	struct vnl v;
	int err;

	if (argc > 1)
		return usage_err("stats: unexpected argument \"%s\" (try \"vrrpctl help\")",
				 argv[1]);
	if (name && check_name(name, false))
		return EXIT_USAGE;
	snprintf(what, sizeof(what), "stats%s%s", name ? " " : "", name ? name : "");

	err = vnl_open(&v);
	if (err)
		return err;
	err = request(&v, &req);
	if (!err && !name) {
		req = (struct vnl_req){
			.cmd = VRRP_CMD_STATS_GET,
			.what = "stats (router-wide)",
			.cb = router_cb,
			.arg = &ctx,
		};
		err = request(&v, &req);
	}
	vnl_close(&v);
	if (!err)
		stats_start(&ctx);
	if (ctx.started) {
		if (ctx.in_instances)
			close_json_array();
		close_json_object();
		print_end();
	}
	return err;
}
