// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl: a thin layer over libnl-genl for the "vrrp" family.
 *
 * libnl 3.7 has no nl_socket_set_ext_ack(), and its genl_ctrl_resolve()
 * turns every failure into "object not found". So: NETLINK_EXT_ACK is set
 * with setsockopt(), the family is resolved with our own CTRL_CMD_GETFAMILY
 * (keeping the kernel's errno), and the extack message is read from the
 * NLMSG_ERROR (or NLMSG_DONE) message by hand.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "nl.h"
#include "util.h"
#include "vrrpctl.h"

#define EXTACK_MAX	256

static struct nla_policy vrrp_policy[VRRP_A_MAX + 1] = {
	[VRRP_A_NAME]			= { .type = NLA_STRING, .maxlen = VRRP_NAME_MAX },
	[VRRP_A_IFINDEX]		= { .type = NLA_U32 },
	[VRRP_A_IFNAME]			= { .type = NLA_STRING },
	[VRRP_A_VRID]			= { .type = NLA_U8 },
	[VRRP_A_VERSION]		= { .type = NLA_U8 },
	[VRRP_A_FAMILY]			= { .type = NLA_U8 },
	[VRRP_A_PRIORITY]		= { .type = NLA_U8 },
	[VRRP_A_EFFECTIVE_PRIORITY]	= { .type = NLA_U8 },
	[VRRP_A_ADVERT_INTERVAL]	= { .type = NLA_U16 },
	[VRRP_A_MASTER_ADVERT_INTERVAL]	= { .type = NLA_U16 },
	[VRRP_A_PREEMPT]		= { .type = NLA_U8 },
	[VRRP_A_PREEMPT_DELAY]		= { .type = NLA_U32 },
	[VRRP_A_ACCEPT]			= { .type = NLA_U8 },
	[VRRP_A_GROUP]			= { .minlen = 4, .maxlen = 16 },
	[VRRP_A_CSUM_MODE]		= { .type = NLA_U8 },
	[VRRP_A_GARP_COUNT]		= { .type = NLA_U32 },
	[VRRP_A_GARP_INTERVAL]		= { .type = NLA_U32 },
	[VRRP_A_GARP_REFRESH]		= { .type = NLA_U32 },
	[VRRP_A_GARP_PERIOD]		= { .type = NLA_U32 },
	[VRRP_A_GARP_PERIOD_COUNT]	= { .type = NLA_U32 },
	[VRRP_A_VIPS]			= { .type = NLA_NESTED },
	[VRRP_A_STATE]			= { .type = NLA_U8 },
	[VRRP_A_LAST_REASON]		= { .type = NLA_U8 },
	[VRRP_A_MASTER_ADDR]		= { .minlen = 4, .maxlen = 16 },
	[VRRP_A_PRIMARY_ADDR]		= { .minlen = 4, .maxlen = 16 },
	[VRRP_A_STATS]			= { .type = NLA_NESTED },
	[VRRP_A_OLD_STATE]		= { .type = NLA_U8 },
	[VRRP_A_REASON]			= { .type = NLA_U8 },
	[VRRP_A_TIMESTAMP]		= { .type = NLA_U64 },
	[VRRP_A_TRACKS]			= { .type = NLA_NESTED },
	[VRRP_A_FAST_PREEMPT]		= { .type = NLA_U8 },
	[VRRP_A_TRACK_PRIMARY]		= { .type = NLA_U8 },
	[VRRP_A_SYNC_GROUP]		= { .type = NLA_STRING, .maxlen = VRRP_NAME_MAX },
	[VRRP_A_FAULT]			= { .type = NLA_U32 },
	[VRRP_A_AUTH_TYPE]		= { .type = NLA_U8 },
	/* binary, <= 8 bytes: show and save use what fits */
	[VRRP_A_AUTH_DATA]		= { .type = NLA_UNSPEC },
	[VRRP_A_UNICAST_SRC]		= { .maxlen = 16 },	/* empty: none */
	[VRRP_A_UNICAST_PEERS]		= { .type = NLA_NESTED },
	[VRRP_A_UNICAST_TTL]		= { .type = NLA_U8 },
	[VRRP_A_VMAC]			= { .type = NLA_U8 },
	[VRRP_A_VMAC_ADDR]		= { .type = NLA_UNSPEC },
	[VRRP_A_VIP_FIRST]		= { .type = NLA_U16 },
	[VRRP_A_CSUM_SENT]		= { .type = NLA_U8 },
	[VRRP_A_ARBITER]		= { .maxlen = 16 },
	[VRRP_A_ARBITER_MODE]		= { .type = NLA_U8 },
	[VRRP_A_ARBITER_STATE]		= { .type = NLA_U8 },
	[VRRP_A_CONFLICT]		= { .type = NLA_NESTED },
	[VRRP_A_MISMATCH]		= { .type = NLA_NESTED },
};

/* TRACKER_* replies and events: their own attribute space. */
static struct nla_policy trk_policy[VRRP_TRK_A_MAX + 1] = {
	[VRRP_TRK_A_NAME]		= { .type = NLA_STRING, .maxlen = VRRP_NAME_MAX },
	[VRRP_TRK_A_WEIGHT]		= { .type = NLA_S32 },
	[VRRP_TRK_A_FALL]		= { .type = NLA_U32 },
	[VRRP_TRK_A_RISE]		= { .type = NLA_U32 },
	[VRRP_TRK_A_TIMEOUT]		= { .type = NLA_U32 },
	[VRRP_TRK_A_RESULT]		= { .type = NLA_U8 },
	[VRRP_TRK_A_VALUE]		= { .type = NLA_S32 },
	[VRRP_TRK_A_OK]			= { .type = NLA_U8 },
	[VRRP_TRK_A_STALE]		= { .type = NLA_FLAG },
	[VRRP_TRK_A_AGE]		= { .type = NLA_U32 },
	[VRRP_TRK_A_USERS]		= { .type = NLA_U32 },
	[VRRP_TRK_A_REPORTS_OK]		= { .type = NLA_U64 },
	[VRRP_TRK_A_REPORTS_FAIL]	= { .type = NLA_U64 },
	[VRRP_TRK_A_TIMESTAMP]		= { .type = NLA_U64 },
	[VRRP_TRK_A_INIT]		= { .type = NLA_U8 },
	[VRRP_TRK_A_STATE]		= { .type = NLA_U8 },
};

static struct nla_policy track_policy[VRRP_TRACK_A_MAX + 1] = {
	[VRRP_TRACK_A_TRACKER]	= { .type = NLA_STRING, .maxlen = VRRP_NAME_MAX },
	[VRRP_TRACK_A_IFINDEX]	= { .type = NLA_U32 },
	[VRRP_TRACK_A_WEIGHT]	= { .type = NLA_S32 },
	[VRRP_TRACK_A_REVERSE]	= { .type = NLA_FLAG },
	[VRRP_TRACK_A_IFNAME]	= { .type = NLA_STRING },
	[VRRP_TRACK_A_OK]	= { .type = NLA_U8 },
	[VRRP_TRACK_A_CONTRIB]	= { .type = NLA_S32 },
	[VRRP_TRACK_A_STATE]	= { .type = NLA_U8 },
};

_Static_assert((int)VRRP_TRK_A_MAX <= (int)VRRP_A_MAX, "vnl_cb's tb is VRRP_A_MAX + 1 long");

bool vnl_is_tracker_cmd(uint8_t cmd)
{
	return cmd >= VRRP_CMD_TRACKER_NEW && cmd <= VRRP_CMD_TRACKER_EVENT;
}

/* A message of the vrrp family, in the attribute space of its command. */
static int vnl_parse(struct nl_msg *msg, struct nlattr **tb)
{
	struct genlmsghdr *gnlh = nlmsg_data(nlmsg_hdr(msg));

	memset(tb, 0, (VRRP_A_MAX + 1) * sizeof(*tb));
	if (vnl_is_tracker_cmd(gnlh->cmd))
		return genlmsg_parse(nlmsg_hdr(msg), 0, tb, VRRP_TRK_A_MAX, trk_policy);
	return genlmsg_parse(nlmsg_hdr(msg), 0, tb, VRRP_A_MAX, vrrp_policy);
}

static struct nla_policy peer_policy[VRRP_PEER_A_MAX + 1] = {
	[VRRP_PEER_A_ADDR]	= { .minlen = 4, .maxlen = 16 },
	[VRRP_PEER_A_MIN_TTL]	= { .type = NLA_U8 },
	[VRRP_PEER_A_MAX_TTL]	= { .type = NLA_U8 },
};

static struct nla_policy vip_policy[VRRP_VIP_A_MAX + 1] = {
	[VRRP_VIP_A_ADDR]	= { .minlen = 4, .maxlen = 16 },
	[VRRP_VIP_A_PREFIXLEN]	= { .type = NLA_U8 },
	[VRRP_VIP_A_INSTALLED]	= { .type = NLA_FLAG },
	[VRRP_VIP_A_EXCLUDED]	= { .type = NLA_FLAG },
	[VRRP_VIP_A_IFINDEX]	= { .type = NLA_U32 },
};

/* The state of one request until its ACK, NLMSG_DONE or error. */
struct talk {
	const struct vnl_req *req;
	int (*valid)(struct nl_msg *msg, void *arg);	/* a reply */
	void *arg;
	bool done;
	bool failed;		/* a reply could not be used; message printed */
	int error;		/* errno from the kernel */
	char extack[EXTACK_MAX];
	int miss_type;		/* a required attribute that was missing, or -1 */
	uint32_t version;	/* the module's family version (talk() sets it) */
};

/*
 * The extack TLVs follow @off bytes of payload (struct nlmsgerr and maybe
 * the echoed request, or the int of NLMSG_DONE).
 */
static void get_extack(const struct nlmsghdr *nlh, size_t off, char *buf,
		       int *miss_type)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t len;

	buf[0] = '\0';
	if (miss_type)
		*miss_type = -1;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = NLMSG_HDRLEN + NLMSG_ALIGN(off);
	if (off >= nlh->nlmsg_len)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlh + off),
		      nlh->nlmsg_len - off, NULL) < 0)
		return;
	if (miss_type && tb[NLMSGERR_ATTR_MISS_TYPE] &&
	    nla_len(tb[NLMSGERR_ATTR_MISS_TYPE]) >= 4)
		*miss_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
	if (!tb[NLMSGERR_ATTR_MSG])
		return;
	len = strnlen(nla_data(tb[NLMSGERR_ATTR_MSG]), nla_len(tb[NLMSGERR_ATTR_MSG]));
	if (len >= EXTACK_MAX)
		len = EXTACK_MAX - 1;
	memcpy(buf, nla_data(tb[NLMSGERR_ATTR_MSG]), len);
	buf[len] = '\0';
}

static size_t nlmsgerr_payload(const struct nlmsghdr *nlh,
			       const struct nlmsgerr *e)
{
	size_t off = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len > NLMSG_HDRLEN)
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	return off;
}

static int error_handler(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	/* libnl hands us the payload of the NLMSG_ERROR message it received */
	const struct nlmsghdr *nlh = (const void *)((char *)e - NLMSG_HDRLEN);
	struct talk *t = arg;

	(void)nla;
	t->error = -e->error;
	get_extack(nlh, nlmsgerr_payload(nlh, e), t->extack, &t->miss_type);
	t->done = true;
	return NL_STOP;
}

/* Success; an extack message here is a warning. */
static int ack_handler(struct nl_msg *msg, void *arg)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct talk *t = arg;
	char warning[EXTACK_MAX];

	get_extack(nlh, nlmsgerr_payload(nlh, nlmsg_data(nlh)), warning, NULL);
	if (warning[0])
		pr_err("warning: %s", warning);
	t->done = true;
	return NL_STOP;
}

/* The end of a dump, which carries an error if the dump failed. */
static int finish_handler(struct nl_msg *msg, void *arg)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct talk *t = arg;
	int err;

	if (nlmsg_datalen(nlh) >= (int)sizeof(err)) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0) {
			t->error = -err;
			get_extack(nlh, sizeof(err), t->extack, &t->miss_type);
		}
	}
	t->done = true;
	return NL_STOP;
}

static int valid_handler(struct nl_msg *msg, void *arg)
{
	struct talk *t = arg;

	/* After a failure, go on reading: the rest of a dump is drained. */
	if (!t->failed && t->valid && t->valid(msg, t->arg))
		t->failed = true;
	return NL_OK;
}

/*
 * An instance whose VIPs do not fit one dump message comes in several: the
 * first, then continuations (VRRP_A_VIP_FIRST, see uapi/linux/vrrp.h) with
 * the next VIPs. Each instance is held here until the next one (or the end)
 * shows it is whole, and handed to the caller as one message.
 */
struct merge {
	const struct vnl_req *req;
	struct nl_msg *pending;	/* a copy of the instance's first message */
	char *vips;		/* VRRP_A_VIP attributes of its continuations */
	size_t vips_len, vips_cap;
	unsigned int nvips;	/* VIPs so far, all messages */
};

static unsigned int count_nested(const struct nlattr *nest)
{
	const struct nlattr *a;
	unsigned int n = 0;
	int rem;

	if (nest)
		nla_for_each_nested(a, nest, rem)
			n++;
	return n;
}

static void merge_drop(struct merge *m)
{
	nlmsg_free(m->pending);
	free(m->vips);
	m->pending = NULL;
	m->vips = NULL;
	m->vips_len = m->vips_cap = 0;
	m->nvips = 0;
}

/* Parse, check and hand one (whole) reply to the caller. */
static int vrrp_deliver(const struct vnl_req *req, struct nl_msg *msg)
{
	struct nlattr *tb[VRRP_A_MAX + 1];
	struct genlmsghdr *gnlh = nlmsg_data(nlmsg_hdr(msg));
	int err;

	err = vnl_parse(msg, tb);
	if (err < 0) {
		pr_err("%s: malformed reply from the kernel: %s", req->what,
		       nl_geterror(err));
		return -1;
	}
	return req->cb ? req->cb(gnlh->cmd, tb, req->arg) : 0;
}

/*
 * The held instance as one message: its first message with the VIPs of the
 * continuations appended to VRRP_A_VIPS.
 */
static struct nl_msg *merge_build(struct merge *m)
{
	struct nlmsghdr *nlh = nlmsg_hdr(m->pending), *out_nlh;
	struct genlmsghdr *gnlh = nlmsg_data(nlh);
	struct nlattr *a, *vips = NULL, *nest;
	size_t old_len;
	struct nl_msg *out;
	int rem;

	out = nlmsg_alloc_size(nlh->nlmsg_len + m->vips_len + NLA_HDRLEN + NLMSG_ALIGNTO);
	if (!out)
		return NULL;
	out_nlh = nlmsg_put(out, nlh->nlmsg_pid, nlh->nlmsg_seq, nlh->nlmsg_type,
			    GENL_HDRLEN, nlh->nlmsg_flags);
	if (!out_nlh)
		goto fail;
	memcpy(nlmsg_data(out_nlh), gnlh, GENL_HDRLEN);
	nla_for_each_attr(a, genlmsg_attrdata(gnlh, 0), genlmsg_attrlen(gnlh, 0), rem) {
		if (nla_type(a) == VRRP_A_VIPS) {
			vips = a;
			continue;
		}
		if (nla_put(out, a->nla_type, nla_len(a), nla_data(a)) < 0)
			goto fail;
	}
	old_len = vips ? (size_t)nla_len(vips) : 0;
	nest = nla_reserve(out, VRRP_A_VIPS | NLA_F_NESTED, old_len + m->vips_len);
	if (!nest)
		goto fail;
	if (old_len)
		memcpy(nla_data(nest), nla_data(vips), old_len);
	memcpy((char *)nla_data(nest) + old_len, m->vips, m->vips_len);
	return out;
fail:
	nlmsg_free(out);
	return NULL;
}

/* Hand the held instance, if any, to the caller. */
static int merge_flush(struct merge *m)
{
	struct nl_msg *whole;
	int ret;

	if (!m->pending)
		return 0;
	if (!m->vips_len) {
		ret = vrrp_deliver(m->req, m->pending);
	} else {
		whole = merge_build(m);
		if (!whole) {
			pr_err("%s: out of memory", m->req->what);
			ret = -1;
		} else {
			ret = vrrp_deliver(m->req, whole);
			nlmsg_free(whole);
		}
	}
	merge_drop(m);
	return ret;
}

/* A continuation of the held instance: keep its VIPs. */
static int merge_more(struct merge *m, struct nlattr **tb)
{
	struct nlattr *ptb[VRRP_A_MAX + 1];
	const char *name = tb[VRRP_A_NAME] ? nla_get_string(tb[VRRP_A_NAME]) : "?";
	size_t len;
	char *p;

	if (!m->pending || vnl_parse(m->pending, ptb) < 0 || !ptb[VRRP_A_NAME] ||
	    !tb[VRRP_A_NAME] || nla_strcmp(ptb[VRRP_A_NAME], name) ||
	    nla_get_u16(tb[VRRP_A_VIP_FIRST]) != m->nvips) {
		pr_err("%s: malformed dump from the kernel: VIPs of instance \"%s\" continued from #%u out of order",
		       m->req->what, name, nla_get_u16(tb[VRRP_A_VIP_FIRST]));
		merge_drop(m);
		return -1;
	}
	if (!tb[VRRP_A_VIPS])
		return 0;
	len = nla_len(tb[VRRP_A_VIPS]);
	if (m->vips_len + len > m->vips_cap) {
		size_t cap = m->vips_cap ? m->vips_cap : 4096;

		while (cap < m->vips_len + len)
			cap *= 2;
		p = realloc(m->vips, cap);
		if (!p) {
			pr_err("%s: out of memory", m->req->what);
			merge_drop(m);
			return -1;
		}
		m->vips = p;
		m->vips_cap = cap;
	}
	memcpy(m->vips + m->vips_len, nla_data(tb[VRRP_A_VIPS]), len);
	m->vips_len += len;
	m->nvips += count_nested(tb[VRRP_A_VIPS]);
	return 0;
}

/* A reply of the vrrp family: parse, check, merge, hand to the caller. */
static int vrrp_valid(struct nl_msg *msg, void *arg)
{
	struct merge *m = arg;
	struct nlattr *tb[VRRP_A_MAX + 1];
	struct genlmsghdr *gnlh = nlmsg_data(nlmsg_hdr(msg));
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int err;

	if (gnlh->cmd != VRRP_CMD_INSTANCE_GET) {
		err = merge_flush(m);
		return err ? err : vrrp_deliver(m->req, msg);
	}
	err = vnl_parse(msg, tb);
	if (err < 0) {
		pr_err("%s: malformed reply from the kernel: %s", m->req->what,
		       nl_geterror(err));
		return -1;
	}
	if (tb[VRRP_A_VIP_FIRST])
		return merge_more(m, tb);
	err = merge_flush(m);
	if (err)
		return err;
	m->pending = nlmsg_alloc_size(nlh->nlmsg_len);
	if (!m->pending || !nlmsg_put(m->pending, 0, 0, 0, 0, 0)) {
		pr_err("%s: out of memory", m->req->what);
		merge_drop(m);
		return -1;
	}
	/* the whole message, its header included, over the empty one */
	memcpy(nlmsg_hdr(m->pending), nlh, nlh->nlmsg_len);
	m->nvips = count_nested(tb[VRRP_A_VIPS]);
	return 0;
}

/* What the user types for an attribute the kernel says is missing. */
static const char *attr_keyword(uint8_t cmd, int type)
{
	static char buf[32];

	if (vnl_is_tracker_cmd(cmd)) {
		switch (type) {
		case VRRP_TRK_A_NAME:
			return "the tracker NAME";
		case VRRP_TRK_A_RESULT:
			return "\"ok\" or \"fail\"";
		}
		snprintf(buf, sizeof(buf), "tracker attribute %d", type);
		return buf;
	}
	switch (type) {
	case VRRP_A_NAME:
		return "the instance NAME";
	case VRRP_A_IFINDEX:
		return "\"dev IFNAME\"";
	case VRRP_A_VRID:
		return "\"vrid N\"";
	case VRRP_A_VIPS:
		return "\"vip ADDR\"";
	case VRRP_A_AUTH_DATA:
		return "the password (\"auth pass SECRET\")";
	}
	snprintf(buf, sizeof(buf), "attribute %d", type);
	return buf;
}

/*
 * A module older than this vrrpctl (a lower family version) refuses a
 * command it does not know with EOPNOTSUPP, an attribute it does not know
 * with its policy's "Unknown attribute type": say that this is why.
 */
static bool older_module_refused(const struct talk *t)
{
	if (t->version >= VRRP_GENL_VERSION)	/* 0: a family without a version */
		return false;
	if (t->error == EOPNOTSUPP)
		return !t->extack[0];
	return t->error == EINVAL && !strncmp(t->extack, "Unknown attribute type", 22);
}

/* Prints what went wrong; returns 0 or EXIT_KERNEL. */
static int report(const struct vnl_req *req, const struct talk *t)
{
	const char *cap = t->error == EPERM ? " (CAP_NET_ADMIN is needed)" : "";
	bool trk = vnl_is_tracker_cmd(req->cmd);
	bool creating = req->cmd == VRRP_CMD_INSTANCE_NEW || req->cmd == VRRP_CMD_TRACKER_NEW;

	if (!t->error)
		return 0;
	if (t->error == EINVAL && (req->long_names ||
				   (req->name && strlen(req->name) >= VRRP_NAME_OLD_MAX)) &&
	    (!t->extack[0] || !strcmp(t->extack, "Attribute failed policy validation")))
		/* an old module's policy refuses it before any of its own checks */
		pr_err("%s: %s (a module older than this vrrpctl takes names of at most %d bytes)",
		       req->what, t->extack[0] ? t->extack : strerror(t->error),
		       VRRP_NAME_OLD_MAX - 1);
	else if (older_module_refused(t))
		pr_err("%s: %s (the loaded vrrp.ko, netlink family version %u, is older than this vrrpctl, version %d: the new module, loaded after a reboot or \"systemctl stop vrrp; rmmod vrrp; systemctl start vrrp\", knows it)",
		       req->what, t->extack[0] ? t->extack : strerror(t->error),
		       t->version, VRRP_GENL_VERSION);
	else if (t->extack[0])
		pr_err("%s%s", t->extack, cap);
	else if (t->miss_type >= 0)	/* GENL_REQ_ATTR_CHECK() says no more */
		pr_err("%s: the kernel requires %s, which was not given (%s)",
		       req->what, attr_keyword(req->cmd, t->miss_type), strerror(t->error));
	else if (t->error == EEXIST && req->name && creating)
		pr_err("%s \"%s\" already exists", trk ? "tracker" : "instance", req->name);
	else if (t->error == ENOENT && req->name && !creating && !req->names_trackers)
		pr_err("%s \"%s\" does not exist", trk ? "tracker" : "instance", req->name);
	else if (t->error == ENOENT && req->name && req->cmd == VRRP_CMD_INSTANCE_SET)
		pr_err("instance \"%s\", or a tracker it names, does not exist", req->name);
	else if (t->error == ENOENT && req->names_trackers)
		pr_err("%s: a tracker it names does not exist", req->what);
	else if (t->error == EBUSY && req->name && req->cmd == VRRP_CMD_TRACKER_DEL)
		pr_err("tracker \"%s\" is in use: remove it from the instances that track it first",
		       req->name);
	else
		pr_err("%s: %s%s", req->what, strerror(t->error), cap);
	return EXIT_KERNEL;
}

/*
 * Send @msg (consumed) and read until its ACK, the end of the dump or an
 * error. Returns 0, or EXIT_KERNEL after a libnl failure (printed) or a
 * kernel error (in t->error, not yet printed).
 */
static int talk(struct vnl *v, struct nl_msg *msg, struct talk *t)
{
	struct nl_cb *cb;
	int err;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		pr_err("%s: out of memory", t->req->what);
		return EXIT_KERNEL;
	}
	t->version = v->version;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_handler, t);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_handler, t);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_handler, t);
	nl_cb_err(cb, NL_CB_CUSTOM, error_handler, t);

	err = nl_send_auto(v->sk, msg);
	nlmsg_free(msg);
	while (err >= 0 && !t->done) {
		err = nl_recvmsgs_report(v->sk, cb);
		if (err == 0)	/* nothing read: the socket is gone */
			err = -NLE_FAILURE;
	}
	nl_cb_put(cb);

	if (t->error)
		return EXIT_KERNEL;
	if (err == -NLE_DUMP_INTR) {
		pr_err("warning: %s: the dump was interrupted and may be inconsistent",
		       t->req->what);
		err = 0;
	}
	if (err < 0) {
		pr_err("%s: %s", t->req->what, nl_geterror(err));
		return EXIT_KERNEL;
	}
	return t->failed ? EXIT_KERNEL : 0;
}

int vnl_talk(struct vnl *v, struct nl_msg *msg, const struct vnl_req *req)
{
	struct merge m = { .req = req };
	struct talk t = {
		.req = req,
		.valid = vrrp_valid,
		.arg = &m,
		.miss_type = -1,
	};
	int ret = talk(v, msg, &t);

	/* the last instance of a dump is whole once the dump is */
	if (!ret && !t.error && !t.failed && merge_flush(&m))
		ret = EXIT_KERNEL;
	merge_drop(&m);
	return t.error ? report(req, &t) : ret;
}

struct nl_msg *vnl_msg(const struct vnl *v, const struct vnl_req *req,
		       size_t size)
{
	struct nl_msg *msg = nlmsg_alloc_size(size ? size : 4096);

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, v->family, 0,
				 req->flags, req->cmd, VRRP_GENL_VERSION)) {
		nlmsg_free(msg);
		pr_err("%s: out of memory", req->what);
		return NULL;
	}
	return msg;
}

/* The reply to CTRL_CMD_GETFAMILY: our family id, version and multicast group. */
static int ctrl_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1], *gtb[CTRL_ATTR_MCAST_GRP_MAX + 1];
	struct nlattr *grp;
	struct vnl *v = arg;
	int rem;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, CTRL_ATTR_MAX, NULL) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_ID] || nla_len(tb[CTRL_ATTR_FAMILY_ID]) < 2) {
		pr_err("malformed reply from the generic netlink controller");
		return -1;
	}
	v->family = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (tb[CTRL_ATTR_VERSION] && nla_len(tb[CTRL_ATTR_VERSION]) >= 4)
		v->version = nla_get_u32(tb[CTRL_ATTR_VERSION]);
	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return 0;
	nla_for_each_nested(grp, tb[CTRL_ATTR_MCAST_GROUPS], rem) {
		if (nla_parse_nested(gtb, CTRL_ATTR_MCAST_GRP_MAX, grp, NULL) < 0 ||
		    !gtb[CTRL_ATTR_MCAST_GRP_NAME] || !gtb[CTRL_ATTR_MCAST_GRP_ID] ||
		    nla_len(gtb[CTRL_ATTR_MCAST_GRP_ID]) < 4)
			continue;
		if (!nla_strcmp(gtb[CTRL_ATTR_MCAST_GRP_NAME], VRRP_MCGRP_EVENTS))
			v->events_grp = nla_get_u32(gtb[CTRL_ATTR_MCAST_GRP_ID]);
	}
	return 0;
}

static int resolve_family(struct vnl *v)
{
	static const struct vnl_req req = {
		.cmd = CTRL_CMD_GETFAMILY,
		.what = "resolving generic netlink family \"" VRRP_GENL_NAME "\"",
	};
	struct talk t = { .req = &req, .valid = ctrl_valid, .arg = v, .miss_type = -1 };
	struct nl_msg *msg = nlmsg_alloc();
	int ret;

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL, 0,
				 0, CTRL_CMD_GETFAMILY, 1) ||
	    nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, VRRP_GENL_NAME) < 0) {
		nlmsg_free(msg);
		pr_err("%s: out of memory", req.what);
		return EXIT_KERNEL;
	}
	ret = talk(v, msg, &t);
	if (t.error == ENOENT) {
		pr_err("vrrp module not loaded (modprobe vrrp / insmod vrrp.ko)");
		return EXIT_KERNEL;
	}
	if (t.error)
		return report(&req, &t);
	if (!ret && !v->family) {
		pr_err("%s: no family id in the reply", req.what);
		return EXIT_KERNEL;
	}
	return ret;
}

int vnl_open(struct vnl *v)
{
	int one = 1, err;

	memset(v, 0, sizeof(*v));
	v->sk = nl_socket_alloc();
	if (!v->sk) {
		pr_err("out of memory");
		return EXIT_KERNEL;
	}
	err = genl_connect(v->sk);
	if (err < 0) {
		pr_err("cannot open a generic netlink socket: %s", nl_geterror(err));
		vnl_close(v);
		return EXIT_KERNEL;
	}
	/*
	 * Dumps are built in skbs the size of our largest recvmsg() so far,
	 * up to 32KiB: read into a buffer that large from the start, so that
	 * an instance with many VIPs fits. (A buffer size turns off libnl's
	 * MSG_PEEK, which grows the buffer for larger messages: turn it on.)
	 */
	nl_socket_set_msg_buf_size(v->sk, 32768);
	nl_socket_enable_msg_peek(v->sk);
	/*
	 * libnl's 32KiB receive buffer cannot queue the one-message reply to
	 * "show NAME" of an instance with 1024 IPv6 VIPs (about 47KiB): the
	 * kernel drops it and flags ENOBUFS. Room for a few of them.
	 */
	err = nl_socket_set_buffer_size(v->sk, 256 * 1024, 0);
	if (err < 0)
		pr_err("warning: receive buffer: %s", nl_geterror(err));
	/* Best effort: old kernels have neither and still work. */
	setsockopt(nl_socket_get_fd(v->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(v->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	err = resolve_family(v);
	if (err)
		vnl_close(v);
	return err;
}

void vnl_close(struct vnl *v)
{
	if (v->listen_cb)
		nl_cb_put(v->listen_cb);
	v->listen_cb = NULL;
	nl_socket_free(v->sk);
	v->sk = NULL;
}

struct listen {
	vnl_cb cb;
	void *arg;
};

static int event_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[VRRP_A_MAX + 1];
	struct genlmsghdr *gnlh = nlmsg_data(nlmsg_hdr(msg));
	struct listen *l = arg;

	if (vnl_parse(msg, tb) < 0) {
		pr_err("warning: malformed event ignored");
		return NL_OK;
	}
	l->cb(gnlh->cmd, tb, l->arg);
	return NL_OK;
}

/* Events have sequence number 0, not that of a request. */
static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int vnl_subscribe(struct vnl *v, const char *who)
{
	int err;

	if (!v->events_grp) {
		pr_err("%s: the vrrp family has no \"%s\" multicast group", who,
		       VRRP_MCGRP_EVENTS);
		return EXIT_KERNEL;
	}
	nl_socket_set_buffer_size(v->sk, 1 << 20, 0);	/* bursts of events */
	err = nl_socket_add_membership(v->sk, v->events_grp);
	if (err < 0) {
		pr_err("%s: cannot join the \"%s\" group: %s", who,
		       VRRP_MCGRP_EVENTS, nl_geterror(err));
		return EXIT_KERNEL;
	}
	v->listen_cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!v->listen_cb) {
		pr_err("%s: out of memory", who);
		return EXIT_KERNEL;
	}
	nl_cb_set(v->listen_cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	return 0;
}

int vnl_recv_events(struct vnl *v, const char *who, vnl_cb cb, void *arg)
{
	struct listen l = { .cb = cb, .arg = arg };
	int err;

	nl_cb_set(v->listen_cb, NL_CB_VALID, NL_CB_CUSTOM, event_valid, &l);
	err = nl_recvmsgs_report(v->sk, v->listen_cb);
	/* ENOBUFS, which libnl reports as NLE_NOMEM: we fell behind */
	if (err == -NLE_NOMEM) {
		pr_err("warning: %s: events were lost (receive buffer overrun)", who);
		return 0;
	}
	if (err == -NLE_AGAIN || err > 0)
		return 0;
	pr_err("%s: %s", who, err ? nl_geterror(err) : "the socket was closed");
	return EXIT_KERNEL;
}

/* Runs until a fatal error: events are not replies, no ACK ends this. */
int vnl_listen(struct vnl *v, vnl_cb cb, void *arg)
{
	int err = vnl_subscribe(v, "monitor");

	while (!err)
		err = vnl_recv_events(v, "monitor", cb, arg);
	return err;
}

int vnl_parse_vip(struct nlattr *vip, struct nlattr **tb)
{
	return nla_parse_nested(tb, VRRP_VIP_A_MAX, vip, vip_policy);
}

int vnl_parse_stats(struct nlattr *stats, struct nlattr **tb)
{
	static struct nla_policy policy[VRRP_STATS_A_MAX + 1];
	int i;

	for (i = VRRP_STATS_A_PAD + 1; i <= VRRP_STATS_A_MAX; i++)
		policy[i].type = NLA_U64;
	return nla_parse_nested(tb, VRRP_STATS_A_MAX, stats, policy);
}

int vnl_parse_track(struct nlattr *track, struct nlattr **tb)
{
	return nla_parse_nested(tb, VRRP_TRACK_A_MAX, track, track_policy);
}

int vnl_parse_conflict(struct nlattr *nest, struct nlattr **tb)
{
	static struct nla_policy policy[VRRP_CONFLICT_A_MAX + 1] = {
		[VRRP_CONFLICT_A_KIND]		= { .type = NLA_U8 },
		[VRRP_CONFLICT_A_VIP]		= { .minlen = 4, .maxlen = 16 },
		[VRRP_CONFLICT_A_PEER_MAC]	= { .minlen = 6, .maxlen = 6 },
		[VRRP_CONFLICT_A_PEER_ADDR]	= { .minlen = 4, .maxlen = 16 },
		[VRRP_CONFLICT_A_AGE]		= { .type = NLA_U32 },
		[VRRP_CONFLICT_A_ACTIVE]	= { .type = NLA_FLAG },
		[VRRP_CONFLICT_A_HINT]		= { .type = NLA_U32 },
		[VRRP_CONFLICT_A_WHAT]		= { .type = NLA_U32 },
	};

	return nla_parse_nested(tb, VRRP_CONFLICT_A_MAX, nest, policy);
}

int vnl_parse_peer(struct nlattr *peer, struct nlattr **tb)
{
	return nla_parse_nested(tb, VRRP_PEER_A_MAX, peer, peer_policy);
}
