// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl instance { add | set | del | show }
 *
 * The whole command line is parsed and checked before the netlink socket is
 * even opened, so a mistake anywhere changes nothing.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "nl.h"
#include "util.h"
#include "vrrpctl.h"

/* One element of VRRP_A_TRACKS: a tracker or an interface. */
struct track_elem {
	const char *word;	/* as given, for messages */
	const char *tracker;	/* NULL: an interface */
	uint32_t ifindex;
	int32_t weight;
	bool has_weight, reverse;
};

/* One element of VRRP_A_UNICAST_PEERS. */
struct peer_elem {
	const char *word;	/* as given, for messages */
	struct vrrp_addr addr;
	uint32_t min_ttl, max_ttl;
	bool has_min, has_max;
};

struct inst_cfg {
	const char *name;
	const char *seen[VRRP_A_MAX + 1];	/* the keyword that set it */
	const char *group_str;
	const char *advert_str;	/* parsed once the version is known */
	uint32_t ifindex, vrid, prio, version;
	uint32_t preempt_delay_ms, garp_count, garp_interval_ms, garp_refresh_ms;
	uint32_t garp_period_ms, garp_period_count;
	uint16_t advert_cs;
	bool preempt, accept;
	uint8_t csum;
	int family;
	struct vrrp_addr group;
	struct vrrp_addr *vips;
	bool *vip_excluded;	/* per VIP: given after "vip-excluded" */
	uint32_t *vip_ifindex;	/* per VIP: "ADDR@IFNAME", 0: the instance's */
	unsigned int nvips;
	const char *first_vip;	/* as given, for messages */
	struct track_elem tracks[VRRP_TRACK_MAX];
	unsigned int ntracks;
	bool tracks_none;	/* "track none" */
	bool fast_preempt;
	bool track_primary;
	const char *sync_group;	/* "" for none */
	uint8_t auth_type;
	char auth_data[VRRP_AUTH_DATA_LEN];
	unsigned int auth_len;
	bool auth_truncated;
	const char *usrc_str;	/* NULL: "unicast-src none" */
	const char *arbiter_str;	/* NULL: "arbiter none" */
	struct vrrp_addr arbiter;
	uint8_t arbiter_mode;
	struct vrrp_addr usrc;
	struct peer_elem peers[VRRP_PEER_MAX];
	unsigned int npeers;
	bool peers_none;	/* "peer none" */
	uint32_t unicast_ttl;
	bool vmac;
};

struct keyword {
	const char *word;
	int attr;
	bool has_value;
};

/* A new setting needs its comparison in attr_eq() too (vrrpctl apply). */
static const struct keyword keywords[] = {
	{ "dev",		VRRP_A_IFINDEX,		true },
	{ "vrid",		VRRP_A_VRID,		true },
	{ "prio",		VRRP_A_PRIORITY,	true },
	{ "priority",		VRRP_A_PRIORITY,	true },
	{ "advert",		VRRP_A_ADVERT_INTERVAL,	true },
	{ "vip",		VRRP_A_VIPS,		true },
	{ "vip-excluded",	VRRP_A_VIPS,		true },
	{ "preempt",		VRRP_A_PREEMPT,		false },
	{ "nopreempt",		VRRP_A_PREEMPT,		false },
	{ "preempt-delay",	VRRP_A_PREEMPT_DELAY,	true },
	{ "accept",		VRRP_A_ACCEPT,		false },
	{ "noaccept",		VRRP_A_ACCEPT,		false },
	{ "group",		VRRP_A_GROUP,		true },
	{ "csum",		VRRP_A_CSUM_MODE,	true },
	{ "garp-count",		VRRP_A_GARP_COUNT,	true },
	{ "garp-interval",	VRRP_A_GARP_INTERVAL,	true },
	{ "garp-refresh",	VRRP_A_GARP_REFRESH,	true },
	{ "garp-period",	VRRP_A_GARP_PERIOD,	true },
	{ "garp-period-count",	VRRP_A_GARP_PERIOD_COUNT, true },
	{ "track",		VRRP_A_TRACKS,		true },
	{ "track-if",		VRRP_A_TRACKS,		true },
	{ "fast-preempt",	VRRP_A_FAST_PREEMPT,	false },
	{ "nofast-preempt",	VRRP_A_FAST_PREEMPT,	false },
	{ "track-primary",	VRRP_A_TRACK_PRIMARY,	false },
	{ "notrack-primary",	VRRP_A_TRACK_PRIMARY,	false },
	{ "sync-group",		VRRP_A_SYNC_GROUP,	true },
	{ "version",		VRRP_A_VERSION,		true },
	{ "auth",		VRRP_A_AUTH_TYPE,	true },
	{ "unicast-src",	VRRP_A_UNICAST_SRC,	true },
	{ "peer",		VRRP_A_UNICAST_PEERS,	true },
	{ "unicast-ttl",	VRRP_A_UNICAST_TTL,	true },
	{ "vmac",		VRRP_A_VMAC,		false },
	{ "novmac",		VRRP_A_VMAC,		false },
	{ "arbiter",		VRRP_A_ARBITER,		true },
};

static const struct keyword *find_keyword(const char *word)
{
	size_t i;

	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (!strcmp(word, keywords[i].word))
			return &keywords[i];
	return NULL;
}

/* For load: a word that cannot be an instance's name on the command line. */
bool instance_keyword(const char *word)
{
	return find_keyword(word) != NULL;
}

static const char *family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

/*
 * "ADDR[/LEN][@IFNAME]": the VIP, and the interface it goes on (0: the
 * instance's).
 */
static int parse_vip_dev(const char *s, struct vrrp_addr *a, bool first, uint32_t *ifindex)
{
	char buf[ADDR_STRLEN + 8];
	const char *at = strchr(s, '@');
	size_t len;
	int err;

	*ifindex = 0;
	if (!at)
		return parse_vip(s, a, first);
	len = at - s;
	if (len >= sizeof(buf))
		return usage_err("invalid vip \"%s\"", s);
	memcpy(buf, s, len);
	buf[len] = '\0';
	err = parse_vip(buf, a, first);
	if (!err)
		err = parse_ifname(at + 1, ifindex);
	return err;
}

/*
 * "vip A[@IF] [B[@IF] ...]": addresses up to the next keyword. Returns words
 * used.
 */
static int parse_vips(struct inst_cfg *c, int argc, char **argv, int *used)
{
	bool excluded = !strcmp(argv[0], "vip-excluded"), *ex;
	struct vrrp_addr a, *vips;
	uint32_t ifindex, *ifs;
	unsigned int i;
	int n, err;

	for (n = 1; n < argc && !find_keyword(argv[n]); n++) {
		err = parse_vip_dev(argv[n], &a, n == 1, &ifindex);
		if (err)
			return err;
		if (c->nvips && a.family != c->vips[0].family)
			return usage_err("vip \"%s\" is %s but the first vip is %s (one address family per instance)",
					 argv[n], family_name(a.family),
					 family_name(c->vips[0].family));
		for (i = 0; i < c->nvips; i++)
			if (!memcmp(c->vips[i].bytes, a.bytes, a.len))
				return usage_err("vip \"%s\" given twice", argv[n]);
		ex = realloc(c->vip_excluded, (c->nvips + 1) * sizeof(*ex));
		if (!ex)
			return usage_err("out of memory");
		c->vip_excluded = ex;
		ex[c->nvips] = excluded;
		ifs = realloc(c->vip_ifindex, (c->nvips + 1) * sizeof(*ifs));
		if (!ifs)
			return usage_err("out of memory");
		c->vip_ifindex = ifs;
		ifs[c->nvips] = ifindex;
		if (c->nvips == VRRP_VIP_MAX)
			return usage_err("too many vips (at most %d)", VRRP_VIP_MAX);
		vips = realloc(c->vips, (c->nvips + 1) * sizeof(*vips));
		if (!vips)
			return usage_err("out of memory");
		c->vips = vips;
		if (!c->nvips)
			c->first_vip = argv[n];
		c->vips[c->nvips++] = a;
	}
	if (n == 1)
		return missing_value(argv[0]);
	*used = n;
	return 0;
}

/*
 * "track NAME [weight W] [reverse]", "track-if IFNAME [weight W] [reverse]"
 * or "track none". Returns words used in *used.
 */
static int parse_track(struct inst_cfg *c, int argc, char **argv, int *used)
{
	struct track_elem e = { .word = argv[1] };
	bool is_if = !strcmp(argv[0], "track-if");
	unsigned int i;
	int n, err;

	if (argc < 2)
		return missing_value(argv[0]);
	if (!is_if && !strcmp(argv[1], "none")) {
		if (c->ntracks)
			return usage_err("\"track none\" cannot be combined with track \"%s\"",
					 c->tracks[0].word);
		if (argc > 2 && (!strcmp(argv[2], "weight") || !strcmp(argv[2], "reverse")))
			return usage_err("\"track none\" takes no \"%s\"", argv[2]);
		c->tracks_none = true;
		*used = 2;
		return 0;
	}
	if (c->tracks_none)
		return usage_err("%s \"%s\" cannot be combined with \"track none\"",
				 argv[0], argv[1]);
	if (is_if) {
		err = parse_ifname(argv[1], &e.ifindex);
	} else {
		e.tracker = argv[1];
		err = check_tracker_name(argv[1], false);
	}
	if (err)
		return err;
	for (n = 2; n < argc; n++) {
		if (!strcmp(argv[n], "weight")) {
			if (e.has_weight)
				return usage_err("\"weight\" given twice for %s \"%s\"",
						 argv[0], argv[1]);
			if (n + 1 >= argc)
				return missing_value("weight");
			err = parse_s32("weight", argv[n + 1], -VRRP_WEIGHT_MAX,
					VRRP_WEIGHT_MAX, &e.weight);
			if (err)
				return err;
			e.has_weight = true;
			n++;
		} else if (!strcmp(argv[n], "reverse")) {
			if (e.reverse)
				return usage_err("\"reverse\" given twice for %s \"%s\"",
						 argv[0], argv[1]);
			e.reverse = true;
		} else {
			break;
		}
	}
	for (i = 0; i < c->ntracks; i++)
		if (e.tracker ? c->tracks[i].tracker && !strcmp(c->tracks[i].tracker, e.tracker) :
				!c->tracks[i].tracker && c->tracks[i].ifindex == e.ifindex)
			return usage_err("%s \"%s\" given twice", argv[0], argv[1]);
	if (c->ntracks == VRRP_TRACK_MAX)
		return usage_err("too many track elements (at most %d)", VRRP_TRACK_MAX);
	c->tracks[c->ntracks++] = e;
	*used = n;
	return 0;
}

/*
 * "auth none" or "auth pass SECRET". keepalived sends the first 8 bytes of
 * auth_pass: so do we, and say so, so that its configs copy over as they are.
 */
static int parse_auth(struct inst_cfg *c, int argc, char **argv, int *used)
{
	const unsigned char *p;
	size_t len;

	if (argc < 2)
		return missing_value(argv[0]);
	if (!strcmp(argv[1], "none")) {
		c->auth_type = VRRP_AUTH_NONE;
		*used = 2;
		return 0;
	}
	if (strcmp(argv[1], "pass"))
		return usage_err("invalid auth \"%s\" (expected none or pass)", argv[1]);
	if (argc < 3)
		return usage_err("\"auth pass\" needs a password (try \"vrrpctl help\")");
	len = strlen(argv[2]);
	if (!len)
		return usage_err("\"auth pass\": the password must not be empty");
	for (p = (const unsigned char *)argv[2]; *p; p++)
		if (*p < ' ' || *p == 0x7f)
			return usage_err("\"auth pass\": the password contains a control character");
	if (len > VRRP_AUTH_DATA_LEN) {
		len = VRRP_AUTH_DATA_LEN;
		c->auth_truncated = true;
	}
	c->auth_type = VRRP_AUTH_PASS;
	memcpy(c->auth_data, argv[2], len);
	c->auth_len = len;
	*used = 3;
	return 0;
}

/* "arbiter ADDR [conflict | fault]" or "arbiter none". */
static int parse_arbiter(struct inst_cfg *c, int argc, char **argv, int *used)
{
	int err;

	if (argc < 2)
		return missing_value(argv[0]);
	*used = 2;
	if (!strcmp(argv[1], "none"))
		return 0;
	err = parse_unicast("arbiter", argv[1], &c->arbiter);
	if (err)
		return err;
	c->arbiter_str = argv[1];
	c->arbiter_mode = VRRP_ARBITER_CONFLICT;
	if (argc > 2 && (!strcmp(argv[2], "fault") || !strcmp(argv[2], "conflict"))) {
		c->arbiter_mode = !strcmp(argv[2], "fault") ? VRRP_ARBITER_FAULT :
							      VRRP_ARBITER_CONFLICT;
		*used = 3;
	}
	return 0;
}

/* "peer ADDR [min-ttl N] [max-ttl N]" or "peer none". */
static int parse_peer(struct inst_cfg *c, int argc, char **argv, int *used)
{
	struct peer_elem e = { .word = argv[1], .max_ttl = 255 };
	unsigned int i;
	int n, err;

	if (argc < 2)
		return missing_value(argv[0]);
	if (!strcmp(argv[1], "none")) {
		if (c->npeers)
			return usage_err("\"peer none\" cannot be combined with peer \"%s\"",
					 c->peers[0].word);
		if (argc > 2 && (!strcmp(argv[2], "min-ttl") || !strcmp(argv[2], "max-ttl")))
			return usage_err("\"peer none\" takes no \"%s\"", argv[2]);
		c->peers_none = true;
		*used = 2;
		return 0;
	}
	if (c->peers_none)
		return usage_err("peer \"%s\" cannot be combined with \"peer none\"", argv[1]);
	err = parse_unicast("peer", argv[1], &e.addr);
	if (err)
		return err;
	for (n = 2; n < argc; n += 2) {
		bool is_min = !strcmp(argv[n], "min-ttl");

		if (!is_min && strcmp(argv[n], "max-ttl"))
			break;
		if (is_min ? e.has_min : e.has_max)
			return usage_err("\"%s\" given twice for peer \"%s\"", argv[n], argv[1]);
		if (n + 1 >= argc)
			return missing_value(argv[n]);
		err = parse_u32(argv[n], argv[n + 1], 0, 255, is_min ? &e.min_ttl : &e.max_ttl);
		if (err)
			return err;
		if (is_min)
			e.has_min = true;
		else
			e.has_max = true;
	}
	if (e.min_ttl > e.max_ttl)
		return usage_err("peer \"%s\": min-ttl %u is above max-ttl %u", argv[1],
				 e.min_ttl, e.max_ttl);
	for (i = 0; i < c->npeers; i++)
		if (c->peers[i].addr.family == e.addr.family &&
		    !memcmp(c->peers[i].addr.bytes, e.addr.bytes, e.addr.len))
			return usage_err("peer \"%s\" given twice", argv[1]);
	if (c->npeers == VRRP_PEER_MAX)
		return usage_err("too many peers (at most %d)", VRRP_PEER_MAX);
	c->peers[c->npeers++] = e;
	*used = n;
	return 0;
}

static int parse_value(struct inst_cfg *c, const struct keyword *k,
		       const char *v)
{
	switch (k->attr) {
	case VRRP_A_IFINDEX:
		return parse_ifname(v, &c->ifindex);
	case VRRP_A_VRID:
		return parse_u32(k->word, v, 1, 255, &c->vrid);
	case VRRP_A_PRIORITY:
		return parse_u32(k->word, v, 1, 255, &c->prio);
	case VRRP_A_ADVERT_INTERVAL:
		c->advert_str = v;	/* see check_cfg() */
		return 0;
	case VRRP_A_VERSION:
		if (strcmp(v, "2") && strcmp(v, "3"))
			return usage_err("invalid version \"%s\" (expected 2 or 3)", v);
		c->version = v[0] - '0';
		return 0;
	case VRRP_A_UNICAST_SRC:
		if (!strcmp(v, "none"))
			return 0;
		c->usrc_str = v;
		return parse_unicast(k->word, v, &c->usrc);
	case VRRP_A_UNICAST_TTL:
		return parse_u32(k->word, v, 1, 255, &c->unicast_ttl);
	case VRRP_A_VMAC:
		c->vmac = !strcmp(k->word, "vmac");
		return 0;
	case VRRP_A_PREEMPT:
		c->preempt = !strcmp(k->word, "preempt");
		return 0;
	case VRRP_A_PREEMPT_DELAY:
		return parse_time_ms(k->word, v, &c->preempt_delay_ms);
	case VRRP_A_ACCEPT:
		c->accept = !strcmp(k->word, "accept");
		return 0;
	case VRRP_A_GROUP:
		c->group_str = v;
		return parse_group(v, &c->group);
	case VRRP_A_CSUM_MODE:
		if (!strcmp(v, "rfc"))
			c->csum = VRRP_CSUM_RFC;
		else if (!strcmp(v, "pseudo"))
			c->csum = VRRP_CSUM_PSEUDO;
		else if (!strcmp(v, "auto"))
			c->csum = VRRP_CSUM_AUTO;
		else
			return usage_err("invalid csum \"%s\" (expected auto, rfc or pseudo)", v);
		return 0;
	case VRRP_A_GARP_COUNT:
		return parse_u32(k->word, v, 1, 100, &c->garp_count);
	case VRRP_A_GARP_INTERVAL:
		return parse_time_ms(k->word, v, &c->garp_interval_ms);
	case VRRP_A_GARP_REFRESH:
		return parse_time_ms(k->word, v, &c->garp_refresh_ms);
	case VRRP_A_GARP_PERIOD:
		return parse_time_ms(k->word, v, &c->garp_period_ms);
	case VRRP_A_GARP_PERIOD_COUNT:
		return parse_u32(k->word, v, 1, 100, &c->garp_period_count);
	case VRRP_A_FAST_PREEMPT:
		c->fast_preempt = !strcmp(k->word, "fast-preempt");
		return 0;
	case VRRP_A_TRACK_PRIMARY:
		c->track_primary = !strcmp(k->word, "track-primary");
		return 0;
	case VRRP_A_SYNC_GROUP:
		c->sync_group = strcmp(v, "none") ? v : "";
		return *c->sync_group ? check_group_name(v) : 0;
	}
	return unknown_keyword(k->word);
}

/*
 * unicast-src and the peers are of the instance's family. That is known from
 * the vips or the group; "instance set" without either checks them against
 * each other, and the kernel against the instance.
 */
static int check_unicast_family(const struct inst_cfg *c)
{
	const char *ref_what = NULL, *ref_word = NULL;
	int ref = 0;
	unsigned int i;

	if (c->nvips || c->seen[VRRP_A_GROUP]) {
		ref = c->family;
		ref_what = c->nvips ? "the vips are" : "the group is";
	} else if (c->usrc_str) {
		ref = c->usrc.family;
		ref_what = "unicast-src";
		ref_word = c->usrc_str;
	} else if (c->npeers) {
		ref = c->peers[0].addr.family;
		ref_what = "peer";
		ref_word = c->peers[0].word;
	}
	if (c->usrc_str && c->usrc.family != ref)
		return usage_err("unicast-src \"%s\" is %s but %s %s", c->usrc_str,
				 family_name(c->usrc.family), ref_what, family_name(ref));
	if (c->arbiter_str && ref && c->arbiter.family != ref)
		return usage_err("arbiter \"%s\" is %s but %s %s", c->arbiter_str,
				 family_name(c->arbiter.family), ref_what, family_name(ref));
	for (i = 0; i < c->npeers; i++) {
		if (c->peers[i].addr.family == ref)
			continue;
		if (ref_word)
			return usage_err("peer \"%s\" is %s but %s \"%s\" is %s",
					 c->peers[i].word, family_name(c->peers[i].addr.family),
					 ref_what, ref_word, family_name(ref));
		return usage_err("peer \"%s\" is %s but %s %s", c->peers[i].word,
				 family_name(c->peers[i].addr.family), ref_what,
				 family_name(ref));
	}
	return 0;
}

/*
 * What depends on more than one keyword. The version is fixed at creation:
 * "instance set" does not know it, and leaves what depends on it (auth, an
 * advert in whole seconds) to the kernel.
 */
static int check_cfg(struct inst_cfg *c, bool creating)
{
	unsigned int version = creating ? (c->version ? c->version : 3) : 0;
	int err;

	if (version == 2 && c->family != AF_INET)
		return usage_err("version 2 is IPv4 only, but %s \"%s\" is IPv6",
				 c->nvips ? "vip" : "group",
				 c->nvips ? c->first_vip : c->group_str);
	if (version == 3 && c->seen[VRRP_A_AUTH_TYPE])
		return usage_err("\"auth\" needs \"version 2\" (VRRPv3 has no authentication)");
	if (c->advert_str) {
		err = parse_advert("advert", c->advert_str, version, &c->advert_cs);
		if (err)
			return err;
	}
	return check_unicast_family(c);
}

static int parse_cfg(struct inst_cfg *c, int argc, char **argv, bool creating)
{
	const struct keyword *k;
	int used = 0, err;

	while (argc > 0) {
		k = find_keyword(argv[0]);
		if (!k)
			return unknown_keyword(argv[0]);
		if (!creating && (k->attr == VRRP_A_IFINDEX || k->attr == VRRP_A_VRID ||
				  k->attr == VRRP_A_VERSION))
			return usage_err("\"%s\" cannot be changed: delete the instance and add it again",
					 k->word);
		if (c->seen[k->attr] && k->attr != VRRP_A_VIPS && k->attr != VRRP_A_TRACKS &&
		    k->attr != VRRP_A_UNICAST_PEERS) {
			if (k->has_value || !strcmp(c->seen[k->attr], k->word))
				return usage_err("\"%s\" given twice", k->word);
			return usage_err("\"%s\" conflicts with \"%s\"", k->word,
					 c->seen[k->attr]);
		}
		c->seen[k->attr] = k->word;
		if (k->attr == VRRP_A_VIPS) {
			err = parse_vips(c, argc, argv, &used);
		} else if (k->attr == VRRP_A_TRACKS) {
			err = parse_track(c, argc, argv, &used);
		} else if (k->attr == VRRP_A_UNICAST_PEERS) {
			err = parse_peer(c, argc, argv, &used);
		} else if (k->attr == VRRP_A_AUTH_TYPE) {
			err = parse_auth(c, argc, argv, &used);
		} else if (k->attr == VRRP_A_ARBITER) {
			err = parse_arbiter(c, argc, argv, &used);
		} else if (k->has_value) {
			if (argc < 2)
				return missing_value(k->word);
			err = parse_value(c, k, argv[1]);
			used = 2;
		} else {
			err = parse_value(c, k, NULL);
			used = 1;
		}
		if (err)
			return err;
		argc -= used;
		argv += used;
	}

	/* The first vip decides the family, else the group; IPv4 by default. */
	c->family = c->nvips ? c->vips[0].family :
		    c->seen[VRRP_A_GROUP] ? c->group.family : AF_INET;
	if (c->seen[VRRP_A_GROUP] && c->group.family != c->family)
		return usage_err("group \"%s\" is %s but the vips are %s", c->group_str,
				 family_name(c->group.family), family_name(c->family));
	return check_cfg(c, creating);
}

static int put_tracks(struct nl_msg *msg, const struct inst_cfg *c)
{
	const struct track_elem *e;
	struct nlattr *tracks, *track;
	unsigned int i;
	int err = 0;

	/* libnl's nla_nest_end() drops an empty nest: "track none" needs one */
	if (!c->ntracks)
		return nla_put(msg, VRRP_A_TRACKS | NLA_F_NESTED, 0, NULL);
	tracks = nla_nest_start(msg, VRRP_A_TRACKS);
	if (!tracks)
		return -1;
	for (i = 0; i < c->ntracks && !err; i++) {
		e = &c->tracks[i];
		track = nla_nest_start(msg, VRRP_A_TRACK);
		if (!track)
			return -1;
		if (e->tracker)
			err |= nla_put_string(msg, VRRP_TRACK_A_TRACKER, e->tracker);
		else
			err |= nla_put_u32(msg, VRRP_TRACK_A_IFINDEX, e->ifindex);
		if (e->has_weight)
			err |= nla_put_s32(msg, VRRP_TRACK_A_WEIGHT, e->weight);
		if (e->reverse)
			err |= nla_put_flag(msg, VRRP_TRACK_A_REVERSE);
		nla_nest_end(msg, track);
	}
	return err ? err : nla_nest_end(msg, tracks);
}

static int put_peers(struct nl_msg *msg, const struct inst_cfg *c)
{
	const struct peer_elem *e;
	struct nlattr *peers, *peer;
	unsigned int i;
	int err = 0;

	/* "peer none": an empty list, back to multicast */
	if (!c->npeers)
		return nla_put(msg, VRRP_A_UNICAST_PEERS | NLA_F_NESTED, 0, NULL);
	peers = nla_nest_start(msg, VRRP_A_UNICAST_PEERS);
	if (!peers)
		return -1;
	for (i = 0; i < c->npeers && !err; i++) {
		e = &c->peers[i];
		peer = nla_nest_start(msg, VRRP_A_PEER);
		if (!peer)
			return -1;
		err |= nla_put(msg, VRRP_PEER_A_ADDR, e->addr.len, e->addr.bytes);
		if (e->has_min)
			err |= nla_put_u8(msg, VRRP_PEER_A_MIN_TTL, e->min_ttl);
		if (e->has_max)
			err |= nla_put_u8(msg, VRRP_PEER_A_MAX_TTL, e->max_ttl);
		nla_nest_end(msg, peer);
	}
	return err ? err : nla_nest_end(msg, peers);
}

static int put_cfg(struct nl_msg *msg, const struct inst_cfg *c, bool creating)
{
	struct nlattr *vips, *vip;
	unsigned int i;
	int err = 0;

	err |= nla_put_string(msg, VRRP_A_NAME, c->name);
	if (creating) {
		err |= nla_put_u32(msg, VRRP_A_IFINDEX, c->ifindex);
		err |= nla_put_u8(msg, VRRP_A_VRID, c->vrid);
		err |= nla_put_u8(msg, VRRP_A_FAMILY, c->family);
		if (c->seen[VRRP_A_VERSION])
			err |= nla_put_u8(msg, VRRP_A_VERSION, c->version);
	}
	if (c->seen[VRRP_A_PRIORITY])
		err |= nla_put_u8(msg, VRRP_A_PRIORITY, c->prio);
	if (c->seen[VRRP_A_ADVERT_INTERVAL])
		err |= nla_put_u16(msg, VRRP_A_ADVERT_INTERVAL, c->advert_cs);
	if (c->seen[VRRP_A_PREEMPT])
		err |= nla_put_u8(msg, VRRP_A_PREEMPT, c->preempt);
	if (c->seen[VRRP_A_PREEMPT_DELAY])
		err |= nla_put_u32(msg, VRRP_A_PREEMPT_DELAY, c->preempt_delay_ms);
	if (c->seen[VRRP_A_ACCEPT])
		err |= nla_put_u8(msg, VRRP_A_ACCEPT, c->accept);
	if (c->seen[VRRP_A_GROUP])
		err |= nla_put(msg, VRRP_A_GROUP, c->group.len, c->group.bytes);
	if (c->seen[VRRP_A_CSUM_MODE])
		err |= nla_put_u8(msg, VRRP_A_CSUM_MODE, c->csum);
	if (c->seen[VRRP_A_GARP_COUNT])
		err |= nla_put_u32(msg, VRRP_A_GARP_COUNT, c->garp_count);
	if (c->seen[VRRP_A_GARP_INTERVAL])
		err |= nla_put_u32(msg, VRRP_A_GARP_INTERVAL, c->garp_interval_ms);
	if (c->seen[VRRP_A_GARP_REFRESH])
		err |= nla_put_u32(msg, VRRP_A_GARP_REFRESH, c->garp_refresh_ms);
	if (c->seen[VRRP_A_GARP_PERIOD])
		err |= nla_put_u32(msg, VRRP_A_GARP_PERIOD, c->garp_period_ms);
	if (c->seen[VRRP_A_GARP_PERIOD_COUNT])
		err |= nla_put_u32(msg, VRRP_A_GARP_PERIOD_COUNT, c->garp_period_count);
	if (c->seen[VRRP_A_FAST_PREEMPT])
		err |= nla_put_u8(msg, VRRP_A_FAST_PREEMPT, c->fast_preempt);
	/* only when asked: a module of 0.1.0 or older refuses it */
	if (c->seen[VRRP_A_TRACK_PRIMARY])
		err |= nla_put_u8(msg, VRRP_A_TRACK_PRIMARY, c->track_primary);
	if (c->seen[VRRP_A_SYNC_GROUP] && (!creating || *c->sync_group))
		err |= nla_put_string(msg, VRRP_A_SYNC_GROUP, c->sync_group);
	if (c->seen[VRRP_A_AUTH_TYPE]) {
		err |= nla_put_u8(msg, VRRP_A_AUTH_TYPE, c->auth_type);
		if (c->auth_type == VRRP_AUTH_PASS)
			err |= nla_put(msg, VRRP_A_AUTH_DATA, c->auth_len, c->auth_data);
	}
	/* "unicast-src none": empty, the primary address; on add, the default */
	if (c->seen[VRRP_A_UNICAST_SRC] && (c->usrc_str || !creating))
		err |= nla_put(msg, VRRP_A_UNICAST_SRC, c->usrc_str ? c->usrc.len : 0,
			       c->usrc.bytes);
	if (c->seen[VRRP_A_UNICAST_TTL])
		err |= nla_put_u8(msg, VRRP_A_UNICAST_TTL, c->unicast_ttl);
	/* "arbiter none": empty; on add, the default */
	if (c->seen[VRRP_A_ARBITER] && (c->arbiter_str || !creating))
		err |= nla_put(msg, VRRP_A_ARBITER, c->arbiter_str ? c->arbiter.len : 0,
			       c->arbiter.bytes);
	if (c->arbiter_str)
		err |= nla_put_u8(msg, VRRP_A_ARBITER_MODE, c->arbiter_mode);
	if (c->seen[VRRP_A_VMAC])
		err |= nla_put_u8(msg, VRRP_A_VMAC, c->vmac);
	if (c->seen[VRRP_A_UNICAST_PEERS] && (c->npeers || !creating))
		err |= put_peers(msg, c);
	/* "set ... track none" sends an empty list; "add" has nothing to clear */
	if (c->seen[VRRP_A_TRACKS] && (c->ntracks || !creating))
		err |= put_tracks(msg, c);
	if (err || !c->nvips || !c->seen[VRRP_A_VIPS])
		return err;

	vips = nla_nest_start(msg, VRRP_A_VIPS);
	if (!vips)
		return -1;
	for (i = 0; i < c->nvips; i++) {
		vip = nla_nest_start(msg, VRRP_A_VIP);
		if (!vip ||
		    nla_put(msg, VRRP_VIP_A_ADDR, c->vips[i].len, c->vips[i].bytes) ||
		    nla_put_u8(msg, VRRP_VIP_A_PREFIXLEN, c->vips[i].prefixlen) ||
		    (c->vip_excluded[i] && nla_put_flag(msg, VRRP_VIP_A_EXCLUDED)) ||
		    (c->vip_ifindex[i] &&
		     nla_put_u32(msg, VRRP_VIP_A_IFINDEX, c->vip_ifindex[i])))
			return -1;
		nla_nest_end(msg, vip);
	}
	return nla_nest_end(msg, vips);
}

static int send_cfg(const struct inst_cfg *c, const struct vnl_req *req,
		    bool creating)
{
	struct nl_msg *msg;
	struct vnl v;
	int err;

	err = vnl_open(&v);
	if (err)
		return err;
	msg = vnl_msg(&v, req, 1024 + c->nvips * 48 + c->ntracks * 64 + c->npeers * 48);
	if (!msg) {
		vnl_close(&v);
		return EXIT_KERNEL;
	}
	if (put_cfg(msg, c, creating)) {
		nlmsg_free(msg);
		vnl_close(&v);
		pr_err("%s: request too large", req->what);
		return EXIT_KERNEL;
	}
	err = vnl_talk(&v, msg, req);
	vnl_close(&v);
	return err;
}

/*
 * "instance add NAME ..." (@creating) or "instance set NAME ...": the words
 * from NAME on, parsed and checked. *@out is for instance_free().
 */
int instance_parse(int argc, char **argv, bool creating, struct inst_cfg **out)
{
	const char *op = creating ? "instance add" : "instance set";
	struct inst_cfg *c;
	int err;

	*out = NULL;
	if (argc < 1 || find_keyword(argv[0]))
		return usage_err("%s: missing instance NAME%s%s%s (try \"vrrpctl help\")",
				 op, argc ? " before \"" : "", argc ? argv[0] : "",
				 argc ? "\"" : "");
	c = calloc(1, sizeof(*c));
	if (!c)
		return usage_err("out of memory");
	c->name = argv[0];
	err = check_name(c->name, creating);
	if (!err)
		err = parse_cfg(c, argc - 1, argv + 1, creating);
	if (!err && creating && !c->seen[VRRP_A_IFINDEX])
		err = usage_err("%s: \"dev IFNAME\" is required", op);
	if (!err && creating && !c->seen[VRRP_A_VRID])
		err = usage_err("%s: \"vrid N\" is required", op);
	if (!err && creating && !c->nvips)
		err = usage_err("%s: at least one \"vip ADDR\" is required", op);
	if (!err && !creating && argc == 1)
		err = usage_err("%s: nothing to change (try \"vrrpctl help\")", op);
	if (err) {
		instance_free(c);
		return err;
	}
	*out = c;
	return 0;
}

void instance_free(struct inst_cfg *c)
{
	if (c) {
		free(c->vips);
		free(c->vip_excluded);
		free(c->vip_ifindex);
	}
	free(c);
}

const char *instance_name(const struct inst_cfg *c)
{
	return c->name;
}

/* Send NEW (@creating) or SET with what @c has seen: 0 or an exit status. */
int instance_send(const struct inst_cfg *c, bool creating)
{
	const char *op = creating ? "instance add" : "instance set";
	char what[VRRP_NAME_MAX + 32];
	struct vnl_req req = {
		.cmd = creating ? VRRP_CMD_INSTANCE_NEW : VRRP_CMD_INSTANCE_SET,
		/*
		 * No NLM_F_CREATE | NLM_F_EXCL: the first VM run saw them
		 * refused, and NEW fails on a name in use anyway.
		 */
		.flags = 0,
		.what = what,
		.name = c->name,
	};
	unsigned int i;

	for (i = 0; i < c->ntracks; i++)
		if (c->tracks[i].tracker) {
			req.names_trackers = true;
			if (strlen(c->tracks[i].tracker) >= VRRP_NAME_OLD_MAX)
				req.long_names = true;
		}
	if (c->sync_group && strlen(c->sync_group) >= VRRP_NAME_OLD_MAX)
		req.long_names = true;
	if (c->auth_truncated)
		pr_err("warning: password truncated to %d bytes, as keepalived does",
		       VRRP_AUTH_DATA_LEN);
	snprintf(what, sizeof(what), "%s %s", op, c->name);
	return send_cfg(c, &req, creating);
}

/* --- for apply.c: what differs between two "instance add" lines --- */

/* What the kernel takes for what a line leaves out (vrrp_nl_new()). */
static void cfg_defaults(struct inst_cfg *c)
{
	if (!c->version)
		c->version = 3;
	if (!c->seen[VRRP_A_PRIORITY])
		c->prio = VRRP_DEFAULT_PRIORITY;
	if (!c->seen[VRRP_A_ADVERT_INTERVAL])
		c->advert_cs = VRRP_DEFAULT_ADVERT_CS;
	if (!c->seen[VRRP_A_PREEMPT])
		c->preempt = true;
	if (!c->seen[VRRP_A_ACCEPT])
		c->accept = true;
	if (!c->seen[VRRP_A_GROUP]) {
		parse_addr(c->family == AF_INET6 ? "ff02::12" : "224.0.0.18", &c->group);
		c->group.prefixlen = 0;
	}
	if (!c->seen[VRRP_A_CSUM_MODE])
		c->csum = VRRP_CSUM_AUTO;
	if (!c->seen[VRRP_A_GARP_COUNT])
		c->garp_count = VRRP_DEFAULT_GARP_COUNT;
	if (!c->seen[VRRP_A_GARP_INTERVAL])
		c->garp_interval_ms = VRRP_DEFAULT_GARP_INTERVAL_MS;
	if (!c->seen[VRRP_A_GARP_REFRESH])
		c->garp_refresh_ms = VRRP_DEFAULT_GARP_REFRESH_MS;
	if (!c->seen[VRRP_A_GARP_PERIOD])
		c->garp_period_ms = VRRP_DEFAULT_GARP_PERIOD_MS;
	if (!c->seen[VRRP_A_GARP_PERIOD_COUNT])
		c->garp_period_count = VRRP_DEFAULT_GARP_PERIOD_COUNT;
	if (!c->sync_group)
		c->sync_group = "";
	if (!c->seen[VRRP_A_UNICAST_TTL])
		c->unicast_ttl = 255;
	if (!c->seen[VRRP_A_TRACK_PRIMARY])
		c->track_primary = true;
}

static bool addr_eq(const struct vrrp_addr *a, const struct vrrp_addr *b)
{
	return a->family == b->family && a->len == b->len &&
	       !memcmp(a->bytes, b->bytes, a->len);
}

static bool tracks_eq(const struct inst_cfg *a, const struct inst_cfg *b)
{
	const struct track_elem *x, *y;
	unsigned int i;

	if (a->ntracks != b->ntracks)
		return false;
	for (i = 0; i < a->ntracks; i++) {
		x = &a->tracks[i];
		y = &b->tracks[i];
		if (!x->tracker != !y->tracker || x->reverse != y->reverse)
			return false;
		if (x->tracker) {
			/* without a weight, the tracker's: not the same as any given */
			if (strcmp(x->tracker, y->tracker) || x->has_weight != y->has_weight ||
			    (x->has_weight && x->weight != y->weight))
				return false;
		} else if (x->ifindex != y->ifindex ||
			   (x->has_weight ? x->weight : 0) != (y->has_weight ? y->weight : 0)) {
			return false;
		}
	}
	return true;
}

static bool peers_eq(const struct inst_cfg *a, const struct inst_cfg *b)
{
	unsigned int i;

	if (a->npeers != b->npeers)
		return false;
	for (i = 0; i < a->npeers; i++)
		if (!addr_eq(&a->peers[i].addr, &b->peers[i].addr) ||
		    a->peers[i].min_ttl != b->peers[i].min_ttl ||
		    a->peers[i].max_ttl != b->peers[i].max_ttl)
			return false;
	return true;
}

static bool vips_eq(const struct inst_cfg *a, const struct inst_cfg *b)
{
	unsigned int i;

	if (a->nvips != b->nvips)
		return false;
	for (i = 0; i < a->nvips; i++)
		if (!addr_eq(&a->vips[i], &b->vips[i]) ||
		    a->vips[i].prefixlen != b->vips[i].prefixlen ||
		    a->vip_excluded[i] != b->vip_excluded[i] ||
		    a->vip_ifindex[i] != b->vip_ifindex[i])
			return false;
	return true;
}

static bool attr_eq(int attr, const struct inst_cfg *a, const struct inst_cfg *b)
{
	switch (attr) {
	case VRRP_A_PRIORITY:
		return a->prio == b->prio;
	case VRRP_A_ADVERT_INTERVAL:
		return a->advert_cs == b->advert_cs;
	case VRRP_A_VIPS:
		return vips_eq(a, b);
	case VRRP_A_PREEMPT:
		return a->preempt == b->preempt;
	case VRRP_A_PREEMPT_DELAY:
		return a->preempt_delay_ms == b->preempt_delay_ms;
	case VRRP_A_ACCEPT:
		return a->accept == b->accept;
	case VRRP_A_GROUP:
		return addr_eq(&a->group, &b->group);
	case VRRP_A_CSUM_MODE:	/* VRRPv2 has one checksum */
		return a->version == 2 || a->csum == b->csum;
	case VRRP_A_GARP_COUNT:
		return a->garp_count == b->garp_count;
	case VRRP_A_GARP_INTERVAL:
		return a->garp_interval_ms == b->garp_interval_ms;
	case VRRP_A_GARP_REFRESH:
		return a->garp_refresh_ms == b->garp_refresh_ms;
	case VRRP_A_GARP_PERIOD:
		return a->garp_period_ms == b->garp_period_ms;
	case VRRP_A_GARP_PERIOD_COUNT:
		return a->garp_period_count == b->garp_period_count;
	case VRRP_A_TRACKS:
		return tracks_eq(a, b);
	case VRRP_A_FAST_PREEMPT:
		return a->fast_preempt == b->fast_preempt;
	case VRRP_A_SYNC_GROUP:
		return !strcmp(a->sync_group, b->sync_group);
	case VRRP_A_AUTH_TYPE:
		return a->auth_type == b->auth_type && a->auth_len == b->auth_len &&
		       !memcmp(a->auth_data, b->auth_data, a->auth_len);
	case VRRP_A_UNICAST_SRC:
		return !a->usrc_str == !b->usrc_str &&
		       (!a->usrc_str || addr_eq(&a->usrc, &b->usrc));
	case VRRP_A_UNICAST_PEERS:
		return peers_eq(a, b);
	case VRRP_A_UNICAST_TTL:
		return a->unicast_ttl == b->unicast_ttl;
	case VRRP_A_VMAC:
		return a->vmac == b->vmac;
	case VRRP_A_TRACK_PRIMARY:
		return a->track_primary == b->track_primary;
	case VRRP_A_ARBITER:
		return !a->arbiter_str == !b->arbiter_str &&
		       (!a->arbiter_str || (addr_eq(&a->arbiter, &b->arbiter) &&
					    a->arbiter_mode == b->arbiter_mode));
	}
	return true;
}

/*
 * What "instance set" cannot change (vrrp_nl_set()): the keyword, or NULL.
 * Both with their defaults (instance_diff() does that).
 */
const char *instance_fixed(const struct inst_cfg *want, const struct inst_cfg *have)
{
	if (want->ifindex != have->ifindex)
		return "dev";
	if (want->vrid != have->vrid)
		return "vrid";
	if ((want->version ? want->version : 3) != (have->version ? have->version : 3))
		return "version";
	if (want->family != have->family)
		return "family";
	return NULL;
}

/*
 * Make @want a SET of what differs from @have, every attribute a line
 * leaves out at its default (an option removed returns to it). The
 * keywords that differ are written to @desc; returns how many.
 */
unsigned int instance_diff(struct inst_cfg *want, struct inst_cfg *have, char *desc,
			   size_t len)
{
	const char *seen[VRRP_A_MAX + 1] = { 0 };
	unsigned int n = 0;
	size_t i, used = 0;
	int attr;

	cfg_defaults(want);
	cfg_defaults(have);
	if (len)
		desc[0] = '\0';
	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
		attr = keywords[i].attr;
		if (attr == VRRP_A_IFINDEX || attr == VRRP_A_VRID || attr == VRRP_A_VERSION ||
		    seen[attr] || attr_eq(attr, want, have))
			continue;
		seen[attr] = keywords[i].word;
		if (used < len)
			used += snprintf(desc + used, len - used, "%s%s", n ? ", " : "",
					 keywords[i].word);
		n++;
	}
	memcpy(want->seen, seen, sizeof(seen));
	return n;
}

/* Whether @c's track list names tracker @name. */
bool instance_tracks(const struct inst_cfg *c, const char *name)
{
	unsigned int i;

	for (i = 0; i < c->ntracks; i++)
		if (c->tracks[i].tracker && !strcmp(c->tracks[i].tracker, name))
			return true;
	return false;
}

static int instance_change(int argc, char **argv, bool creating)
{
	struct inst_cfg *c;
	int err;

	err = instance_parse(argc, argv, creating, &c);
	if (!err)
		err = instance_send(c, creating);
	instance_free(c);
	return err;
}

static int instance_del(int argc, char **argv)
{
	struct vnl_req req = { .cmd = VRRP_CMD_INSTANCE_DEL };
	char what[VRRP_NAME_MAX + 32];
	struct nl_msg *msg;
	struct vnl v;
	int err;

	if (argc < 1)
		return usage_err("instance del: missing instance NAME (try \"vrrpctl help\")");
	if (argc > 1)
		return usage_err("instance del: unexpected argument \"%s\" (try \"vrrpctl help\")",
				 argv[1]);
	err = check_name(argv[0], false);
	if (err)
		return err;
	req.name = argv[0];
	snprintf(what, sizeof(what), "instance del %s", req.name);
	req.what = what;

	err = vnl_open(&v);
	if (err)
		return err;
	msg = vnl_msg(&v, &req, 0);
	if (!msg || nla_put_string(msg, VRRP_A_NAME, req.name)) {
		nlmsg_free(msg);
		vnl_close(&v);
		return EXIT_KERNEL;
	}
	err = vnl_talk(&v, msg, &req);
	vnl_close(&v);
	return err;
}

int do_instance(int argc, char **argv)
{
	if (argc < 1)
		return show_instances(NULL, 0);
	if (!strcmp(argv[0], "add"))
		return instance_change(argc - 1, argv + 1, true);
	if (!strcmp(argv[0], "set"))
		return instance_change(argc - 1, argv + 1, false);
	if (!strcmp(argv[0], "del") || !strcmp(argv[0], "delete"))
		return instance_del(argc - 1, argv + 1);
	if (!strcmp(argv[0], "show") || !strcmp(argv[0], "list"))
		return show_args("instance show", argc - 1, argv + 1);
	if (!strcmp(argv[0], "help")) {
		usage();
		return EXIT_OK;
	}
	return usage_err("unknown command \"instance %s\" (try \"vrrpctl help\")", argv[0]);
}
