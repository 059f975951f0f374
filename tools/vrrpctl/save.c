// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl save: the configuration of the network namespace as commands for
 * "vrrpctl -b": "tracker add" lines first (instances name them), then one
 * "instance add" line per instance with every setting the kernel reports.
 * State (a tracker's status and value, who is master) is not configuration
 * and is not saved. The password of "auth pass" is: save is for root
 * restoring its configuration (the kernel gives it to CAP_NET_ADMIN only).
 */
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "nl.h"
#include "util.h"
#include "vrrpctl.h"

static FILE *out;	/* stdout, or apply.c's */

static void word(const char *w)
{
	fputc(' ', out);
	fput_word(out, w);
}

static int tracker_cb(uint8_t cmd, struct nlattr **tb, void *arg)
{
	char t[TIME_STRLEN];

	(void)arg;
	if (cmd != VRRP_CMD_TRACKER_GET || !tb[VRRP_TRK_A_NAME])
		return 0;
	fprintf(out, "tracker add");
	word(nla_get_string(tb[VRRP_TRK_A_NAME]));
	if (tb[VRRP_TRK_A_WEIGHT])
		fprintf(out, " weight %d", (int32_t)nla_get_s32(tb[VRRP_TRK_A_WEIGHT]));
	if (tb[VRRP_TRK_A_FALL])
		fprintf(out, " fall %u", nla_get_u32(tb[VRRP_TRK_A_FALL]));
	if (tb[VRRP_TRK_A_RISE])
		fprintf(out, " rise %u", nla_get_u32(tb[VRRP_TRK_A_RISE]));
	if (tb[VRRP_TRK_A_TIMEOUT])
		fprintf(out, " timeout %s", ms_str(nla_get_u32(tb[VRRP_TRK_A_TIMEOUT]), t));
	/* The default (ok) left out: what older modules take. */
	if (tb[VRRP_TRK_A_INIT] && nla_get_u8(tb[VRRP_TRK_A_INIT]) != VRRP_TRK_INIT_OK)
		fprintf(out, " init %s", trk_init_str(nla_get_u8(tb[VRRP_TRK_A_INIT])));
	fputc('\n', out);
	return 0;
}

static void save_bool(struct nlattr *a, const char *on, const char *off)
{
	if (a)
		fprintf(out, " %s", nla_get_u8(a) ? on : off);
}

static void save_ms(const char *key, struct nlattr *a)
{
	char t[TIME_STRLEN];

	if (a)
		fprintf(out, " %s %s", key, ms_str(nla_get_u32(a), t));
}

static void save_addr(struct nlattr *a)
{
	char buf[ADDR_STRLEN];

	fprintf(out, "%s", addr_str(nla_data(a), nla_len(a), buf));
}

/*
 * " vip A B@IF", then the excluded ones: " vip-excluded C". False when an
 * interface has no name (gone): the line cannot be read back.
 */
static bool save_vips(struct nlattr *vips)
{
	struct nlattr *tb[VRRP_VIP_A_MAX + 1], *vip;
	char ifbuf[IF_NAMESIZE];
	bool any, ok = true;
	const char *ifname;
	int rem, pass;

	for (pass = 0; pass < 2; pass++) {
		any = false;
		nla_for_each_nested(vip, vips, rem) {
			if (nla_type(vip) != VRRP_A_VIP || vnl_parse_vip(vip, tb) < 0 ||
			    !tb[VRRP_VIP_A_ADDR] || !tb[VRRP_VIP_A_EXCLUDED] != !pass)
				continue;
			ifname = NULL;
			if (tb[VRRP_VIP_A_IFINDEX] && nla_get_u32(tb[VRRP_VIP_A_IFINDEX])) {
				ifname = if_indextoname(nla_get_u32(tb[VRRP_VIP_A_IFINDEX]), ifbuf);
				if (!ifname) {
					ok = false;
					continue;
				}
			}
			if (!any)
				fputs(pass ? " vip-excluded" : " vip", out);
			any = true;
			fputc(' ', out);
			save_addr(tb[VRRP_VIP_A_ADDR]);
			if (tb[VRRP_VIP_A_PREFIXLEN])
				fprintf(out, "/%u", nla_get_u8(tb[VRRP_VIP_A_PREFIXLEN]));
			if (ifname)
				fprintf(out, "@%s", ifname);
		}
	}
	return ok;
}

static void save_peers(struct nlattr *peers)
{
	struct nlattr *tb[VRRP_PEER_A_MAX + 1], *peer;
	int rem;

	nla_for_each_nested(peer, peers, rem) {
		if (nla_type(peer) != VRRP_A_PEER || vnl_parse_peer(peer, tb) < 0 ||
		    !tb[VRRP_PEER_A_ADDR])
			continue;
		fprintf(out, " peer ");
		save_addr(tb[VRRP_PEER_A_ADDR]);
		if (tb[VRRP_PEER_A_MIN_TTL])
			fprintf(out, " min-ttl %u", nla_get_u8(tb[VRRP_PEER_A_MIN_TTL]));
		if (tb[VRRP_PEER_A_MAX_TTL])
			fprintf(out, " max-ttl %u", nla_get_u8(tb[VRRP_PEER_A_MAX_TTL]));
	}
}

/* false if an element cannot be written (its interface is gone) */
static bool save_tracks(struct nlattr *tracks)
{
	struct nlattr *tb[VRRP_TRACK_A_MAX + 1], *track;
	char ifbuf[IF_NAMESIZE];
	const char *ifname;
	bool ok = true;
	int rem;

	nla_for_each_nested(track, tracks, rem) {
		if (nla_type(track) != VRRP_A_TRACK || vnl_parse_track(track, tb) < 0)
			continue;
		if (tb[VRRP_TRACK_A_TRACKER]) {
			fprintf(out, " track");
			word(nla_get_string(tb[VRRP_TRACK_A_TRACKER]));
		} else {
			ifname = tb[VRRP_TRACK_A_IFNAME] ? nla_get_string(tb[VRRP_TRACK_A_IFNAME]) :
				 tb[VRRP_TRACK_A_IFINDEX] ?
				 if_indextoname(nla_get_u32(tb[VRRP_TRACK_A_IFINDEX]), ifbuf) : NULL;
			if (!ifname) {
				ok = false;
				continue;
			}
			fprintf(out, " track-if");
			word(ifname);
		}
		if (tb[VRRP_TRACK_A_WEIGHT])
			fprintf(out, " weight %d", (int32_t)nla_get_s32(tb[VRRP_TRACK_A_WEIGHT]));
		if (tb[VRRP_TRACK_A_REVERSE])
			fprintf(out, " reverse");
	}
	return ok;
}

static int instance_cb(uint8_t cmd, struct nlattr **tb, void *arg)
{
	char ifbuf[IF_NAMESIZE], t[TIME_STRLEN], pass[VRRP_AUTH_DATA_LEN + 1];
	const char *name, *ifname = NULL;
	unsigned int version = 0, auth = VRRP_AUTH_NONE;
	size_t len;
	int *err = arg;

	if (cmd != VRRP_CMD_INSTANCE_GET || !tb[VRRP_A_NAME])
		return 0;
	name = nla_get_string(tb[VRRP_A_NAME]);
	if (tb[VRRP_A_IFNAME])
		ifname = nla_get_string(tb[VRRP_A_IFNAME]);
	else if (tb[VRRP_A_IFINDEX])
		ifname = if_indextoname(nla_get_u32(tb[VRRP_A_IFINDEX]), ifbuf);
	if (!ifname || !tb[VRRP_A_VRID] || !tb[VRRP_A_VIPS]) {
		pr_err("save: instance \"%s\" left out: its device, vrid or vips are unknown", name);
		fprintf(out, "# instance %s left out: its device, vrid or vips are unknown\n", name);
		*err = EXIT_KERNEL;
		return 0;
	}
	if (tb[VRRP_A_VERSION])
		version = nla_get_u8(tb[VRRP_A_VERSION]);
	if (tb[VRRP_A_AUTH_TYPE])
		auth = nla_get_u8(tb[VRRP_A_AUTH_TYPE]);
	/*
	 * Without its password, an instance restored would fail every advert
	 * of its peers, and become master next to theirs: leave it out.
	 */
	if (auth == VRRP_AUTH_PASS && !tb[VRRP_A_AUTH_DATA]) {
		pr_err("save: instance \"%s\" left out: its password is given to CAP_NET_ADMIN only",
		       name);
		fprintf(out, "# instance %s left out: its password is given to CAP_NET_ADMIN only\n", name);
		*err = EXIT_KERNEL;
		return 0;
	}
	fprintf(out, "instance add");
	word(name);
	fprintf(out, " dev");
	word(ifname);
	fprintf(out, " vrid %u", nla_get_u8(tb[VRRP_A_VRID]));
	if (version)
		fprintf(out, " version %u", version);
	if (tb[VRRP_A_PRIORITY])
		fprintf(out, " prio %u", nla_get_u8(tb[VRRP_A_PRIORITY]));
	if (tb[VRRP_A_ADVERT_INTERVAL])
		fprintf(out, " advert %s", ms_str(nla_get_u16(tb[VRRP_A_ADVERT_INTERVAL]) * 10, t));
	save_bool(tb[VRRP_A_PREEMPT], "preempt", "nopreempt");
	save_ms("preempt-delay", tb[VRRP_A_PREEMPT_DELAY]);
	save_bool(tb[VRRP_A_FAST_PREEMPT], "fast-preempt", "nofast-preempt");
	/* the default, and all an old module knows, unsaid */
	if (tb[VRRP_A_TRACK_PRIMARY] && !nla_get_u8(tb[VRRP_A_TRACK_PRIMARY]))
		fprintf(out, " notrack-primary");
	save_bool(tb[VRRP_A_ACCEPT], "accept", "noaccept");
	if (tb[VRRP_A_GROUP]) {
		fprintf(out, " group ");
		save_addr(tb[VRRP_A_GROUP]);
	}
	/* VRRPv2 has one checksum: csum does not apply to it */
	if (tb[VRRP_A_CSUM_MODE] && version != 2)
		fprintf(out, " csum %s", csum_str(nla_get_u8(tb[VRRP_A_CSUM_MODE])));
	if (tb[VRRP_A_GARP_COUNT])
		fprintf(out, " garp-count %u", nla_get_u32(tb[VRRP_A_GARP_COUNT]));
	save_ms("garp-interval", tb[VRRP_A_GARP_INTERVAL]);
	save_ms("garp-refresh", tb[VRRP_A_GARP_REFRESH]);
	/* Defaults left out: such a file also loads into a module without them. */
	if (tb[VRRP_A_GARP_PERIOD] && nla_get_u32(tb[VRRP_A_GARP_PERIOD]))
		save_ms("garp-period", tb[VRRP_A_GARP_PERIOD]);
	if (tb[VRRP_A_GARP_PERIOD_COUNT] &&
	    nla_get_u32(tb[VRRP_A_GARP_PERIOD_COUNT]) != VRRP_DEFAULT_GARP_PERIOD_COUNT)
		fprintf(out, " garp-period-count %u", nla_get_u32(tb[VRRP_A_GARP_PERIOD_COUNT]));
	if (tb[VRRP_A_SYNC_GROUP] && *nla_get_string(tb[VRRP_A_SYNC_GROUP])) {
		fprintf(out, " sync-group");
		word(nla_get_string(tb[VRRP_A_SYNC_GROUP]));
	}
	/* "auth" is for version 2 only: instance add refuses it otherwise */
	if (auth == VRRP_AUTH_PASS) {
		len = strnlen(nla_data(tb[VRRP_A_AUTH_DATA]), nla_len(tb[VRRP_A_AUTH_DATA]));
		if (len > VRRP_AUTH_DATA_LEN)
			len = VRRP_AUTH_DATA_LEN;
		memcpy(pass, nla_data(tb[VRRP_A_AUTH_DATA]), len);
		pass[len] = '\0';
		fprintf(out, " auth pass");
		word(pass);
	} else if (tb[VRRP_A_AUTH_TYPE] && (version == 2 || auth != VRRP_AUTH_NONE)) {
		fprintf(out, " auth %s", auth_str(auth));
	}
	if (tb[VRRP_A_UNICAST_SRC] && nla_len(tb[VRRP_A_UNICAST_SRC])) {
		fprintf(out, " unicast-src ");
		save_addr(tb[VRRP_A_UNICAST_SRC]);
	}
	if (tb[VRRP_A_UNICAST_TTL])
		fprintf(out, " unicast-ttl %u", nla_get_u8(tb[VRRP_A_UNICAST_TTL]));
	if (tb[VRRP_A_ARBITER] && nla_len(tb[VRRP_A_ARBITER])) {
		fprintf(out, " arbiter ");
		save_addr(tb[VRRP_A_ARBITER]);
		fprintf(out, " %s", arbiter_mode_str(tb[VRRP_A_ARBITER_MODE] ?
						     nla_get_u8(tb[VRRP_A_ARBITER_MODE]) : 0));
	}
	save_bool(tb[VRRP_A_VMAC], "vmac", "novmac");
	if (!save_vips(tb[VRRP_A_VIPS])) {
		pr_err("save: instance \"%s\": the interface of a vip is gone, that vip was left out",
		       name);
		*err = EXIT_KERNEL;
	}
	if (tb[VRRP_A_UNICAST_PEERS])
		save_peers(tb[VRRP_A_UNICAST_PEERS]);
	if (tb[VRRP_A_TRACKS] && !save_tracks(tb[VRRP_A_TRACKS])) {
		pr_err("save: instance \"%s\": a tracked interface is gone and was left out", name);
		*err = EXIT_KERNEL;
	}
	fputc('\n', out);
	return 0;
}

/*
 * The whole configuration to @f: 0, or an exit status (said why). *@lost:
 * something was left out (said why), the rest is written.
 */
int save_to(FILE *f, int *lost)
{
	struct vnl_req req = {
		.cmd = VRRP_CMD_INSTANCE_GET,
		.flags = NLM_F_DUMP,
		.what = "save",
		.cb = instance_cb,
	};
	struct nl_msg *msg;
	struct vnl v;
	int err;

	out = f;
	*lost = 0;
	req.arg = lost;
	err = vnl_open(&v);	/* first: no output at all without the module */
	if (err)
		return err;
	fprintf(out, "# vrrpctl save: apply with \"vrrpctl -b FILE\"\n");
	err = tracker_dump(NULL, tracker_cb, NULL);
	if (err) {
		vnl_close(&v);
		return err;
	}
	msg = vnl_msg(&v, &req, 0);
	if (!msg) {
		vnl_close(&v);
		return EXIT_KERNEL;
	}
	err = vnl_talk(&v, msg, &req);
	vnl_close(&v);
	fflush(out);
	return err;
}

int do_save(int argc, char **argv)
{
	int err, lost;

	if (argc > 0)
		return usage_err("save: unexpected argument \"%s\" (try \"vrrpctl help\")",
				 argv[0]);
	err = save_to(stdout, &lost);
	return err ? err : lost;
}
