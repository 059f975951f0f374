// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "vrrp": policies, doit/dumpit handlers and the
 * "events" multicast group. Parses and validates everything before calling
 * into instance.c, so a rejected request changes nothing.
 */

#include <linux/inetdevice.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <net/addrconf.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "compat.h"
#include "instance.h"
#include "netlink.h"
#include "split.h"
#include "netns.h"
#include "tx.h"
#include "vip.h"

#ifdef VRRP_NEED_EXTACK_FMT
struct vrrp_extack_msg {
	struct callback_head	twork;
	char			text[96];
};

static void vrrp_extack_free(struct callback_head *twork)
{
	kfree(container_of(twork, struct vrrp_extack_msg, twork));
}

/* See compat.h. Without a buffer the unformatted text is better than none. */
const char *vrrp_extack_fmt(const char *fmt, ...)
{
	struct vrrp_extack_msg *m;
	va_list args;

	if (current->flags & PF_KTHREAD)
		return fmt;
	m = kmalloc(sizeof(*m), GFP_ATOMIC);
	if (!m)
		return fmt;
	va_start(args, fmt);
	vsnprintf(m->text, sizeof(m->text), fmt, args);
	va_end(args);
	init_task_work(&m->twork, vrrp_extack_free);
	if (task_work_add(current, &m->twork, TWA_RESUME)) {
		kfree(m);
		return fmt;
	}
	return m->text;
}
#endif

#define VRRP_MAX_PREEMPT_DELAY_MS	1000000U	/* keepalived: 1000 s */
#define VRRP_MAX_GARP_COUNT		100U
#define VRRP_MAX_GARP_MS		3600000U
#define VRRP_MIN_GARP_PERIOD_MS		1000U
#define VRRP_MAX_GARP_PERIOD_MS		86400000U	/* a day */

static const struct nla_policy vrrp_vip_policy[VRRP_VIP_A_MAX + 1] = {
	[VRRP_VIP_A_ADDR]	= { .type = NLA_BINARY, .len = 16 },
	[VRRP_VIP_A_PREFIXLEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[VRRP_VIP_A_INSTALLED]	= { .type = NLA_REJECT },	/* output only */
	[VRRP_VIP_A_EXCLUDED]	= { .type = NLA_FLAG },
	[VRRP_VIP_A_IFINDEX]	= { .type = NLA_U32 },
};

static const struct nla_policy vrrp_peer_policy[VRRP_PEER_A_MAX + 1] = {
	[VRRP_PEER_A_ADDR]	= { .type = NLA_BINARY, .len = 16 },
	[VRRP_PEER_A_MIN_TTL]	= { .type = NLA_U8 },
	[VRRP_PEER_A_MAX_TTL]	= { .type = NLA_U8 },
};

static const struct nla_policy vrrp_policy[VRRP_A_MAX + 1] = {
	[VRRP_A_NAME]		= { .type = NLA_NUL_STRING, .len = VRRP_NAME_MAX - 1 },
	[VRRP_A_IFINDEX]	= { .type = NLA_U32 },
	[VRRP_A_VRID]		= NLA_POLICY_MIN(NLA_U8, 1),
	[VRRP_A_VERSION]	= NLA_POLICY_RANGE(NLA_U8, 2, 3),
	[VRRP_A_FAMILY]		= { .type = NLA_U8 },
	[VRRP_A_PRIORITY]	= NLA_POLICY_MIN(NLA_U8, 1),
	[VRRP_A_ADVERT_INTERVAL] = NLA_POLICY_RANGE(NLA_U16, 1, VRRP_MAX_ADVERT_CS),
	[VRRP_A_PREEMPT]	= NLA_POLICY_MAX(NLA_U8, 1),
	[VRRP_A_PREEMPT_DELAY]	= { .type = NLA_U32 },
	[VRRP_A_ACCEPT]		= NLA_POLICY_MAX(NLA_U8, 1),
	[VRRP_A_GROUP]		= { .type = NLA_BINARY, .len = 16 },
	[VRRP_A_CSUM_MODE]	= NLA_POLICY_MAX(NLA_U8, VRRP_CSUM_MAX),
	[VRRP_A_GARP_COUNT]	= { .type = NLA_U32 },
	[VRRP_A_GARP_INTERVAL]	= { .type = NLA_U32 },
	[VRRP_A_GARP_REFRESH]	= { .type = NLA_U32 },
	[VRRP_A_VIPS]		= NLA_POLICY_NESTED_ARRAY(vrrp_vip_policy),
	[VRRP_A_TRACKS]		= NLA_POLICY_NESTED_ARRAY(vrrp_track_policy),
	[VRRP_A_FAST_PREEMPT]	= NLA_POLICY_MAX(NLA_U8, 1),
	[VRRP_A_TRACK_PRIMARY]	= NLA_POLICY_MAX(NLA_U8, 1),
	[VRRP_A_SYNC_GROUP]	= { .type = NLA_NUL_STRING, .len = VRRP_NAME_MAX - 1 },
	[VRRP_A_AUTH_TYPE]	= NLA_POLICY_MAX(NLA_U8, VRRP_AUTH_MAX),
	[VRRP_A_AUTH_DATA]	= { .type = NLA_BINARY, .len = VRRP_AUTH_DATA_LEN },
	[VRRP_A_UNICAST_SRC]	= { .type = NLA_BINARY, .len = 16 },
	[VRRP_A_UNICAST_PEERS]	= NLA_POLICY_NESTED_ARRAY(vrrp_peer_policy),
	[VRRP_A_UNICAST_TTL]	= NLA_POLICY_MIN(NLA_U8, 1),
	[VRRP_A_VMAC]		= NLA_POLICY_MAX(NLA_U8, 1),
	[VRRP_A_CSUM_SENT]	= { .type = NLA_REJECT },	/* output only */
	[VRRP_A_GARP_PERIOD]	= { .type = NLA_U32 },
	[VRRP_A_GARP_PERIOD_COUNT] = { .type = NLA_U32 },
	[VRRP_A_ARBITER]	= { .type = NLA_BINARY, .len = 16 },
	[VRRP_A_ARBITER_MODE]	= NLA_POLICY_MAX(NLA_U8, VRRP_ARBITER_MAX),
	[VRRP_A_ARBITER_STATE]	= { .type = NLA_REJECT },	/* output only */
};

/**
 * vrrp_nl_check_name() - is @attr a name as uapi/linux/vrrp.h defines them?
 * @extack: for the reason
 * @attr: an NLA_NUL_STRING attribute (its length is checked by the policy)
 * @what: "instance", "tracker", "sync group"
 * @empty_ok: "" is allowed (it means "none")
 *
 * Names end up in the kernel log and in every tool's output: printable
 * ASCII without spaces only.
 */
int vrrp_nl_check_name(struct netlink_ext_ack *extack, const struct nlattr *attr,
		       const char *what, bool empty_ok)
{
	const unsigned char *name = nla_data(attr), *c;

	if (!*name && !empty_ok) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "the %s name is empty", what);
		NL_SET_BAD_ATTR(extack, attr);
		return -EINVAL;
	}
	for (c = name; *c; c++) {
		if (*c < '!' || *c > '~') {
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "the %s name has a space or a byte that is not printable ASCII (0x%02x at %td)",
					       what, *c, c - name);
			NL_SET_BAD_ATTR(extack, attr);
			return -EINVAL;
		}
	}
	return 0;
}

/* An address a host may own: not multicast, unspecified, loopback, broadcast. */
static bool vrrp_addr_unicast(u8 family, const u8 *addr)
{
	const struct in6_addr *a6 = (const struct in6_addr *)addr;
	__be32 a4;

	if (family == AF_INET6)
		return !ipv6_addr_is_multicast(a6) && !ipv6_addr_any(a6) &&
		       !ipv6_addr_loopback(a6) && !ipv6_addr_v4mapped(a6);
	memcpy(&a4, addr, sizeof(a4));
	return !ipv4_is_multicast(a4) && !ipv4_is_zeronet(a4) &&
	       !ipv4_is_lbcast(a4) && !ipv4_is_loopback(a4);
}

/* Copy a 4 or 16 byte address attribute of @family into @addr (16 bytes). */
static int vrrp_addr_attr(struct netlink_ext_ack *extack, const struct nlattr *attr,
			  u8 family, u8 *addr, const char *what)
{
	if (nla_len(attr) != vrrp_alen(family)) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "%s must be an %s address", what,
				       family == AF_INET6 ? "IPv6" : "IPv4");
		NL_SET_BAD_ATTR(extack, attr);
		return -EINVAL;
	}
	memset(addr, 0, 16);
	nla_memcpy(addr, attr, vrrp_alen(family));
	return 0;
}

static int vrrp_u32_attr(struct genl_info *info, int type, u32 max, u32 *val,
			 const char *what)
{
	struct nlattr *attr = info->attrs[type];

	if (!attr)
		return 0;
	if (nla_get_u32(attr) > max) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "%s %u out of range (max %u)",
				       what, nla_get_u32(attr), max);
		NL_SET_BAD_ATTR(info->extack, attr);
		return -ERANGE;
	}
	*val = nla_get_u32(attr);
	return 0;
}

static int vrrp_parse_vips(struct genl_info *info, struct vrrp_cfg *cfg, u8 family)
{
	struct nlattr *tb[VRRP_VIP_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	unsigned int alen = vrrp_alen(family);
	u8 maxlen = alen * 8;
	struct nlattr *nest, *first = NULL;
	u16 n = 0, i;
	int rem, err;

	nla_for_each_nested(nest, info->attrs[VRRP_A_VIPS], rem) {
		struct vrrp_vip_cfg *vip = &cfg->vips[n];

		err = nla_parse_nested(tb, VRRP_VIP_A_MAX, nest, vrrp_vip_policy,
				       extack);
		if (err)
			return err;
		if (!tb[VRRP_VIP_A_ADDR]) {
			NL_SET_ERR_MSG_MOD(extack, "a VIP needs an address");
			NL_SET_BAD_ATTR(extack, nest);
			return -EINVAL;
		}
		err = vrrp_addr_attr(extack, tb[VRRP_VIP_A_ADDR], family, vip->addr,
				     "every VIP of this instance");
		if (err)
			return err;
		vip->prefixlen = tb[VRRP_VIP_A_PREFIXLEN] ?
				nla_get_u8(tb[VRRP_VIP_A_PREFIXLEN]) : maxlen;
		if (vip->prefixlen > maxlen) {
			NL_SET_ERR_MSG_FMT_MOD(extack, "prefix length %u is over %u",
					       vip->prefixlen, maxlen);
			return -EINVAL;
		}
		if (!vrrp_addr_unicast(family, vip->addr)) {
			if (family == AF_INET6)
				NL_SET_ERR_MSG_FMT_MOD(extack, "%pI6c cannot be a VIP", vip->addr);
			else
				NL_SET_ERR_MSG_FMT_MOD(extack, "%pI4 cannot be a VIP", vip->addr);
			return -EINVAL;
		}
		vip->excluded = !!tb[VRRP_VIP_A_EXCLUDED];
		/* checked against the netns's devices under RTNL, vip.c */
		vip->ifindex = tb[VRRP_VIP_A_IFINDEX] ?
			       nla_get_u32(tb[VRRP_VIP_A_IFINDEX]) : 0;
		/* the first address of the adverts */
		if (!vip->excluded && !first) {
			first = nest;
			if (family == AF_INET6 &&
			    !(ipv6_addr_type((struct in6_addr *)vip->addr) & IPV6_ADDR_LINKLOCAL)) {
				NL_SET_ERR_MSG_FMT_MOD(extack,
						       "the first IPv6 VIP must be link-local (RFC 9568 5.2.9), not %pI6c",
						       vip->addr);
				NL_SET_BAD_ATTR(extack, nest);
				return -EINVAL;
			}
		}
		for (i = 0; i < n; i++) {
			if (!memcmp(cfg->vips[i].addr, vip->addr, alen)) {
				NL_SET_ERR_MSG_MOD(extack, "a VIP is listed twice");
				NL_SET_BAD_ATTR(extack, nest);
				return -EINVAL;
			}
		}
		n++;
	}
	if (n && !first) {
		NL_SET_ERR_MSG_MOD(extack,
				   "every VIP is excluded: at least one must be listed in the adverts");
		NL_SET_BAD_ATTR(extack, info->attrs[VRRP_A_VIPS]);
		return -EINVAL;
	}
	return 0;
}

static int vrrp_parse_peers(struct genl_info *info, struct vrrp_cfg *cfg, u8 family)
{
	struct nlattr *tb[VRRP_PEER_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct vrrp_peer_cfg *peers, *p;
	struct nlattr *nest;
	int rem, err, n = 0, i;

	nla_for_each_nested(nest, info->attrs[VRRP_A_UNICAST_PEERS], rem)
		n++;
	if (n > VRRP_PEER_MAX) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "too many unicast peers (max %u)",
				       VRRP_PEER_MAX);
		return -E2BIG;
	}
	peers = n ? kcalloc(n, sizeof(*peers), GFP_KERNEL_ACCOUNT) : NULL;
	if (n && !peers)
		return -ENOMEM;
	n = 0;
	nla_for_each_nested(nest, info->attrs[VRRP_A_UNICAST_PEERS], rem) {
		p = &peers[n];
		err = nla_parse_nested(tb, VRRP_PEER_A_MAX, nest, vrrp_peer_policy,
				       extack);
		if (err)
			goto err;
		err = -EINVAL;
		if (!tb[VRRP_PEER_A_ADDR]) {
			NL_SET_ERR_MSG_MOD(extack, "a unicast peer needs an address");
			NL_SET_BAD_ATTR(extack, nest);
			goto err;
		}
		err = vrrp_addr_attr(extack, tb[VRRP_PEER_A_ADDR], family, p->addr,
				     "a unicast peer");
		if (err)
			goto err;
		err = -EINVAL;
		if (!vrrp_addr_unicast(family, p->addr)) {
			NL_SET_ERR_MSG_MOD(extack, "a unicast peer must be a unicast address");
			NL_SET_BAD_ATTR(extack, nest);
			goto err;
		}
		p->min_ttl = tb[VRRP_PEER_A_MIN_TTL] ? nla_get_u8(tb[VRRP_PEER_A_MIN_TTL]) : 0;
		p->max_ttl = tb[VRRP_PEER_A_MAX_TTL] ? nla_get_u8(tb[VRRP_PEER_A_MAX_TTL]) : 255;
		if (p->min_ttl > p->max_ttl) {
			NL_SET_ERR_MSG_FMT_MOD(extack, "min TTL %u is above max TTL %u",
					       p->min_ttl, p->max_ttl);
			NL_SET_BAD_ATTR(extack, nest);
			goto err;
		}
		for (i = 0; i < n; i++) {
			if (!memcmp(peers[i].addr, p->addr, 16)) {
				NL_SET_ERR_MSG_MOD(extack, "a unicast peer is listed twice");
				NL_SET_BAD_ATTR(extack, nest);
				goto err;
			}
		}
		n++;
	}
	kfree(cfg->peers);
	cfg->peers = peers;
	cfg->npeers = n;
	return 0;
err:
	kfree(peers);
	return err;
}

static int vrrp_count_vips(struct genl_info *info)
{
	struct nlattr *nest;
	int rem, n = 0;

	nla_for_each_nested(nest, info->attrs[VRRP_A_VIPS], rem)
		n++;
	if (!n) {
		NL_SET_ERR_MSG_MOD(info->extack, "at least one VIP is needed");
		NL_SET_BAD_ATTR(info->extack, info->attrs[VRRP_A_VIPS]);
		return -EINVAL;
	}
	if (n > VRRP_VIP_MAX) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "too many VIPs (max %u)",
				       VRRP_VIP_MAX);
		return -E2BIG;
	}
	return n;
}

/* What NEW and SET must agree on, checked on the final configuration. */
/* The arbiter is someone else: never one of the VIPs it is to settle. */
static int vrrp_check_arbiter(struct genl_info *info, const struct vrrp_cfg *cfg,
			      u8 family)
{
	unsigned int alen = vrrp_alen(family);
	u16 i;

	if (!cfg->arbiter_set)
		return 0;
	for (i = 0; i < cfg->nvips; i++) {
		if (!memcmp(cfg->vips[i].addr, cfg->arbiter, alen)) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "the arbiter must not be one of the instance's VIPs");
			NL_SET_BAD_ATTR(info->extack, info->attrs[VRRP_A_ARBITER]);
			return -EINVAL;
		}
	}
	return 0;
}

static int vrrp_check_cfg(struct genl_info *info, const struct vrrp_cfg *cfg,
			  u8 family, u8 version)
{
	struct netlink_ext_ack *extack = info->extack;

	if (version == 2 && family != AF_INET) {
		NL_SET_ERR_MSG_MOD(extack, "VRRPv2 is IPv4 only: use version 3 for IPv6");
		return -EINVAL;
	}
	if (version == 2 && (cfg->adv_int % 100 || cfg->adv_int > 255 * 100)) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "VRRPv2 advert interval must be whole seconds, 1..255 (not %u cs)",
				       cfg->adv_int);
		NL_SET_BAD_ATTR(extack, info->attrs[VRRP_A_ADVERT_INTERVAL]);
		return -EINVAL;
	}
	if (version != 2 && cfg->auth_type != VRRP_AUTH_NONE) {
		NL_SET_ERR_MSG_MOD(extack, "authentication is VRRPv2 only (RFC 9568 removed it)");
		NL_SET_BAD_ATTR(extack, info->attrs[VRRP_A_AUTH_TYPE]);
		return -EINVAL;
	}
	if (cfg->auth_type == VRRP_AUTH_PASS && !memchr_inv(cfg->auth_data, 0,
							    sizeof(cfg->auth_data))) {
		NL_SET_ERR_MSG_MOD(extack, "auth pass needs a password");
		return -EINVAL;
	}
	return vrrp_check_arbiter(info, cfg, family);
}

/*
 * The source of multicast adverts (VRRP_A_UNICAST_SRC without peers,
 * keepalived's mcast_src_ip) must be an address of @dev, and for IPv6 a
 * link-local one (RFC 9568 5.1.2.1). Checked when NEW or SET gives the
 * source or the peers. Caller holds RTNL.
 */
static int vrrp_check_src(struct genl_info *info, struct net_device *dev, u8 family,
			  const struct vrrp_cfg *cfg)
{
	struct nlattr **a = info->attrs;
	bool on_dev;

	if (!a[VRRP_A_UNICAST_SRC] && !a[VRRP_A_UNICAST_PEERS])
		return 0;
	if (vrrp_cfg_unicast(cfg) || !memchr_inv(cfg->ucast_src, 0, vrrp_alen(family)))
		return 0;
	if (family == AF_INET6 && !(ipv6_addr_type((struct in6_addr *)cfg->ucast_src) &
				    IPV6_ADDR_LINKLOCAL)) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "multicast adverts go from a link-local address (RFC 9568): %pI6c is not one",
				       cfg->ucast_src);
		NL_SET_BAD_ATTR(info->extack, a[VRRP_A_UNICAST_SRC]);
		return -EINVAL;
	}
	rcu_read_lock();
	on_dev = dev && vrrp_dev_has_addr(dev, family, cfg->ucast_src);
	rcu_read_unlock();
	if (!on_dev) {
		if (family == AF_INET6)
			NL_SET_ERR_MSG_FMT_MOD(info->extack,
					       "the advert source %pI6c is not a link-local address of %s",
					       cfg->ucast_src, dev ? dev->name : "the device");
		else
			NL_SET_ERR_MSG_FMT_MOD(info->extack,
					       "the advert source %pI4 is not an address of %s",
					       cfg->ucast_src, dev ? dev->name : "the device");
		NL_SET_BAD_ATTR(info->extack, a[VRRP_A_UNICAST_SRC]);
		return -EADDRNOTAVAIL;
	}
	return 0;
}

/* Apply the optional attributes of NEW/SET on top of @cfg. */
static int vrrp_parse_cfg(struct genl_info *info, struct vrrp_cfg *cfg, u8 family,
			  u8 version)
{
	struct nlattr **a = info->attrs;
	int err;

	if (a[VRRP_A_PRIORITY])
		cfg->priority = nla_get_u8(a[VRRP_A_PRIORITY]);
	if (a[VRRP_A_ADVERT_INTERVAL])
		cfg->adv_int = nla_get_u16(a[VRRP_A_ADVERT_INTERVAL]);
	if (a[VRRP_A_PREEMPT])
		cfg->preempt = nla_get_u8(a[VRRP_A_PREEMPT]);
	if (a[VRRP_A_ACCEPT])
		cfg->accept = nla_get_u8(a[VRRP_A_ACCEPT]);
	if (a[VRRP_A_CSUM_MODE])
		cfg->csum = nla_get_u8(a[VRRP_A_CSUM_MODE]);
	if (a[VRRP_A_FAST_PREEMPT])
		cfg->fast_preempt = nla_get_u8(a[VRRP_A_FAST_PREEMPT]);
	if (a[VRRP_A_TRACK_PRIMARY])
		cfg->track_primary = nla_get_u8(a[VRRP_A_TRACK_PRIMARY]);
	if (a[VRRP_A_SYNC_GROUP]) {
		err = vrrp_nl_check_name(info->extack, a[VRRP_A_SYNC_GROUP], "sync group",
					 true);
		if (err)
			return err;
		nla_strscpy(cfg->sync, a[VRRP_A_SYNC_GROUP], sizeof(cfg->sync));
	}
	if (a[VRRP_A_VMAC])
		cfg->vmac = nla_get_u8(a[VRRP_A_VMAC]);
	if (a[VRRP_A_UNICAST_TTL])
		cfg->ucast_ttl = nla_get_u8(a[VRRP_A_UNICAST_TTL]);
	if (a[VRRP_A_AUTH_TYPE])
		cfg->auth_type = nla_get_u8(a[VRRP_A_AUTH_TYPE]);
	if (a[VRRP_A_AUTH_DATA]) {
		memset(cfg->auth_data, 0, sizeof(cfg->auth_data));
		nla_memcpy(cfg->auth_data, a[VRRP_A_AUTH_DATA], sizeof(cfg->auth_data));
	}
	if (a[VRRP_A_GROUP]) {
		u8 group[16];

		err = vrrp_addr_attr(info->extack, a[VRRP_A_GROUP], family, group,
				     "the group");
		if (err)
			return err;
		if (family == AF_INET6 ? !ipv6_addr_is_multicast((struct in6_addr *)group)
				       : !ipv4_is_multicast(*(__be32 *)group)) {
			NL_SET_ERR_MSG_MOD(info->extack, "the group must be a multicast address");
			NL_SET_BAD_ATTR(info->extack, a[VRRP_A_GROUP]);
			return -EINVAL;
		}
		memcpy(cfg->group, group, sizeof(cfg->group));
	}
	if (a[VRRP_A_UNICAST_SRC]) {
		if (!nla_len(a[VRRP_A_UNICAST_SRC])) {
			memset(cfg->ucast_src, 0, sizeof(cfg->ucast_src));
		} else {
			err = vrrp_addr_attr(info->extack, a[VRRP_A_UNICAST_SRC], family,
					     cfg->ucast_src, "the unicast source");
			if (err)
				return err;
			if (!vrrp_addr_unicast(family, cfg->ucast_src)) {
				NL_SET_ERR_MSG_MOD(info->extack,
						   "the unicast source must be a unicast address");
				NL_SET_BAD_ATTR(info->extack, a[VRRP_A_UNICAST_SRC]);
				return -EINVAL;
			}
		}
	}
	if (a[VRRP_A_ARBITER]) {
		cfg->arbiter_set = nla_len(a[VRRP_A_ARBITER]);
		memset(cfg->arbiter, 0, sizeof(cfg->arbiter));
		if (cfg->arbiter_set) {
			err = vrrp_addr_attr(info->extack, a[VRRP_A_ARBITER], family,
					     cfg->arbiter, "the arbiter");
			if (err)
				return err;
			if (!vrrp_addr_unicast(family, cfg->arbiter)) {
				NL_SET_ERR_MSG_MOD(info->extack,
						   "the arbiter must be a unicast address");
				NL_SET_BAD_ATTR(info->extack, a[VRRP_A_ARBITER]);
				return -EINVAL;
			}
		}
	}
	if (a[VRRP_A_ARBITER_MODE])
		cfg->arbiter_mode = nla_get_u8(a[VRRP_A_ARBITER_MODE]);
	if (a[VRRP_A_UNICAST_PEERS]) {
		err = vrrp_parse_peers(info, cfg, family);
		if (err)
			return err;
	}
	err = vrrp_u32_attr(info, VRRP_A_PREEMPT_DELAY, VRRP_MAX_PREEMPT_DELAY_MS,
			    &cfg->preempt_delay_ms, "preempt delay (ms)");
	if (!err)
		err = vrrp_u32_attr(info, VRRP_A_GARP_COUNT, VRRP_MAX_GARP_COUNT,
				    &cfg->garp_count, "GARP count");
	if (!err)
		err = vrrp_u32_attr(info, VRRP_A_GARP_INTERVAL, VRRP_MAX_GARP_MS,
				    &cfg->garp_interval_ms, "GARP interval (ms)");
	if (!err)
		err = vrrp_u32_attr(info, VRRP_A_GARP_REFRESH, VRRP_MAX_GARP_MS,
				    &cfg->garp_refresh_ms, "GARP refresh (ms)");
	if (!err)
		err = vrrp_u32_attr(info, VRRP_A_GARP_PERIOD, VRRP_MAX_GARP_PERIOD_MS,
				    &cfg->garp_period_ms, "GARP period (ms)");
	if (!err)
		err = vrrp_u32_attr(info, VRRP_A_GARP_PERIOD_COUNT, VRRP_MAX_GARP_COUNT,
				    &cfg->garp_period_count, "GARP period count");
	if (err)
		return err;
	if (!cfg->garp_count) {
		NL_SET_ERR_MSG_MOD(info->extack, "GARP count must be at least 1");
		NL_SET_BAD_ATTR(info->extack, a[VRRP_A_GARP_COUNT]);
		return -ERANGE;
	}
	if (!cfg->garp_period_count) {
		NL_SET_ERR_MSG_MOD(info->extack, "GARP period count must be at least 1");
		NL_SET_BAD_ATTR(info->extack, a[VRRP_A_GARP_PERIOD_COUNT]);
		return -ERANGE;
	}
	if (cfg->garp_period_ms && cfg->garp_period_ms < VRRP_MIN_GARP_PERIOD_MS) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "GARP period %u ms out of range (0: off, else %u..%u)",
				       cfg->garp_period_ms, VRRP_MIN_GARP_PERIOD_MS,
				       VRRP_MAX_GARP_PERIOD_MS);
		NL_SET_BAD_ATTR(info->extack, a[VRRP_A_GARP_PERIOD]);
		return -ERANGE;
	}
	if (a[VRRP_A_VIPS]) {
		err = vrrp_parse_vips(info, cfg, family);
		if (err)
			return err;
	}
	return vrrp_check_cfg(info, cfg, family, version);
}

static struct net_device *vrrp_get_dev(struct net *net, struct genl_info *info)
{
	struct nlattr *attr = info->attrs[VRRP_A_IFINDEX];
	struct net_device *dev;

	ASSERT_RTNL();
	dev = __dev_get_by_index(net, nla_get_u32(attr));
	if (!dev) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such device");
		NL_SET_BAD_ATTR(info->extack, attr);
		return ERR_PTR(-ENODEV);
	}
	if (dev->type != ARPHRD_ETHER || (dev->flags & IFF_LOOPBACK)) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "%s is not an Ethernet device",
				       dev->name);
		NL_SET_BAD_ATTR(info->extack, attr);
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;
}

static int vrrp_nl_new(struct sk_buff *skb, struct genl_info *info)
{
	struct vrrp_net *vn = vrrp_pernet(genl_info_net(info));
	struct nlattr **a = info->attrs;
	u8 family = AF_INET, version = 3;
	struct net_device *dev;
	struct vrrp_cfg *cfg;
	int nvips, err;

	if (GENL_REQ_ATTR_CHECK(info, VRRP_A_NAME) ||
	    GENL_REQ_ATTR_CHECK(info, VRRP_A_IFINDEX) ||
	    GENL_REQ_ATTR_CHECK(info, VRRP_A_VRID) ||
	    GENL_REQ_ATTR_CHECK(info, VRRP_A_VIPS))
		return -EINVAL;
	err = vrrp_nl_check_name(info->extack, a[VRRP_A_NAME], "instance", false);
	if (err)
		return err;
	if (a[VRRP_A_FAMILY])
		family = nla_get_u8(a[VRRP_A_FAMILY]);
	if (family != AF_INET && family != AF_INET6) {
		NL_SET_ERR_MSG_MOD(info->extack, "family must be AF_INET or AF_INET6");
		NL_SET_BAD_ATTR(info->extack, a[VRRP_A_FAMILY]);
		return -EAFNOSUPPORT;
	}
	if (a[VRRP_A_VERSION])
		version = nla_get_u8(a[VRRP_A_VERSION]);
	nvips = vrrp_count_vips(info);
	if (nvips < 0)
		return nvips;
	cfg = vrrp_cfg_alloc(nvips, family);
	if (!cfg)
		return -ENOMEM;
	cfg->priority = VRRP_DEFAULT_PRIORITY;
	cfg->adv_int = VRRP_DEFAULT_ADVERT_CS;
	cfg->preempt = true;
	cfg->accept = true;	/* a VIP that serves: see uapi/linux/vrrp.h */
	cfg->track_primary = true;
	cfg->csum = VRRP_CSUM_AUTO;
	cfg->ucast_ttl = 255;	/* keepalived's unicast_ttl default */
	if (family == AF_INET6) {
		/* ff02::12 */
		cfg->group[0] = 0xff;
		cfg->group[1] = 0x02;
		cfg->group[15] = 0x12;
	} else {
		cfg->group[0] = 224;
		cfg->group[3] = 18;
	}
	cfg->garp_count = VRRP_DEFAULT_GARP_COUNT;
	cfg->garp_interval_ms = VRRP_DEFAULT_GARP_INTERVAL_MS;
	cfg->garp_refresh_ms = VRRP_DEFAULT_GARP_REFRESH_MS;
	cfg->garp_period_ms = VRRP_DEFAULT_GARP_PERIOD_MS;
	cfg->garp_period_count = VRRP_DEFAULT_GARP_PERIOD_COUNT;
	err = vrrp_parse_cfg(info, cfg, family, version);
	if (err)
		goto err_free;

	mutex_lock(&vn->lock);
	err = vrrp_vip_net_init(vn);
	if (err)
		goto err_unlock;
	rtnl_lock();
	dev = vrrp_get_dev(vn->net, info);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
	} else {
		vrrp_cfg_pack(cfg, family, dev->mtu);
		err = vrrp_check_src(info, dev, family, cfg);
		if (!err)
			err = vrrp_parse_tracks(vn, info, cfg);
		if (!err)
			err = vrrp_instance_create(vn, nla_data(a[VRRP_A_NAME]), dev,
						   nla_get_u8(a[VRRP_A_VRID]), family,
						   version, cfg, info->extack);
	}
	rtnl_unlock();
	mutex_unlock(&vn->lock);
	if (err)
		goto err_free;
	return 0;

err_unlock:
	mutex_unlock(&vn->lock);
err_free:
	vrrp_cfg_free(cfg);
	return err;
}

static struct vrrp_instance *vrrp_nl_instance(struct vrrp_net *vn,
					      struct genl_info *info)
{
	struct vrrp_instance *vr;

	vr = vrrp_instance_find_name(vn, nla_data(info->attrs[VRRP_A_NAME]));
	if (!vr) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "no instance \"%s\"",
				       (char *)nla_data(info->attrs[VRRP_A_NAME]));
		NL_SET_BAD_ATTR(info->extack, info->attrs[VRRP_A_NAME]);
	}
	return vr;
}

static int vrrp_nl_set(struct sk_buff *skb, struct genl_info *info)
{
	struct vrrp_net *vn = vrrp_pernet(genl_info_net(info));
	struct nlattr **a = info->attrs;
	const struct vrrp_cfg *old;
	struct vrrp_instance *vr;
	struct net_device *dev;
	struct vrrp_cfg *cfg;
	int nvips = 0, err;

	if (GENL_REQ_ATTR_CHECK(info, VRRP_A_NAME))
		return -EINVAL;
	if (a[VRRP_A_IFINDEX] || a[VRRP_A_VRID] || a[VRRP_A_FAMILY] ||
	    a[VRRP_A_VERSION]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "device, VRID, family and version cannot change: delete and add the instance");
		return -EOPNOTSUPP;
	}
	if (a[VRRP_A_VIPS]) {
		nvips = vrrp_count_vips(info);
		if (nvips < 0)
			return nvips;
	}

	mutex_lock(&vn->lock);
	vr = vrrp_nl_instance(vn, info);
	if (!vr) {
		err = -ENOENT;
		goto out_unlock;
	}
	old = rcu_dereference_protected(vr->cfg, lockdep_is_held(&vn->lock));
	cfg = vrrp_cfg_dup(old, a[VRRP_A_VIPS] ? nvips : old->nvips, vr->family);
	if (!cfg) {
		err = -ENOMEM;
		goto out_unlock;
	}
	if (!a[VRRP_A_VIPS])
		memcpy(cfg->vips, old->vips, old->nvips * sizeof(old->vips[0]));
	err = vrrp_parse_cfg(info, cfg, vr->family, vr->version);
	if (err)
		goto out_free;
	rtnl_lock();
	dev = rtnl_dereference(vr->dev);
	vrrp_cfg_pack(cfg, vr->family, dev ? dev->mtu : ETH_DATA_LEN);
	err = vrrp_check_src(info, dev, vr->family, cfg);
	if (!err)
		err = vrrp_parse_tracks(vn, info, cfg);
	if (!err)
		err = vrrp_instance_reconfigure(vr, cfg, info->extack);
	rtnl_unlock();
	if (err)
		goto out_free;
	mutex_unlock(&vn->lock);
	return 0;

out_free:
	vrrp_cfg_free(cfg);
out_unlock:
	mutex_unlock(&vn->lock);
	return err;
}

static int vrrp_nl_del(struct sk_buff *skb, struct genl_info *info)
{
	struct vrrp_net *vn = vrrp_pernet(genl_info_net(info));
	struct vrrp_instance *vr;
	int err = 0;

	if (GENL_REQ_ATTR_CHECK(info, VRRP_A_NAME))
		return -EINVAL;
	mutex_lock(&vn->lock);
	vr = vrrp_nl_instance(vn, info);
	if (vr)
		vrrp_instance_destroy(vr, true);
	else
		err = -ENOENT;
	mutex_unlock(&vn->lock);
	return err;
}

static int vrrp_put_stats(struct sk_buff *skb, struct vrrp_instance *vr)
{
	static const u8 attr[VRRP_ISTAT_MAX] = {
		[VRRP_ISTAT_MASTER_TRANSITIONS]	= VRRP_STATS_A_MASTER_TRANSITIONS,
		[VRRP_ISTAT_RCVD_ADVERTS]	= VRRP_STATS_A_RCVD_ADVERTS,
		[VRRP_ISTAT_ADV_INTERVAL_ERRORS] = VRRP_STATS_A_ADV_INTERVAL_ERRORS,
		[VRRP_ISTAT_IP_TTL_ERRORS]	= VRRP_STATS_A_IP_TTL_ERRORS,
		[VRRP_ISTAT_RCVD_PRI0]		= VRRP_STATS_A_RCVD_PRI0,
		[VRRP_ISTAT_SENT_PRI0]		= VRRP_STATS_A_SENT_PRI0,
		[VRRP_ISTAT_RCVD_INVALID_TYPE]	= VRRP_STATS_A_RCVD_INVALID_TYPE,
		[VRRP_ISTAT_ADDRESS_LIST_ERRORS] = VRRP_STATS_A_ADDRESS_LIST_ERRORS,
		[VRRP_ISTAT_PACKET_LENGTH_ERRORS] = VRRP_STATS_A_PACKET_LENGTH_ERRORS,
		[VRRP_ISTAT_SENT_ADVERTS]	= VRRP_STATS_A_SENT_ADVERTS,
		[VRRP_ISTAT_SENT_GARPS]		= VRRP_STATS_A_SENT_GARPS,
		[VRRP_ISTAT_CSUM_RFC]		= VRRP_STATS_A_CSUM_RFC,
		[VRRP_ISTAT_CSUM_PSEUDO]	= VRRP_STATS_A_CSUM_PSEUDO,
		[VRRP_ISTAT_TRANSITIONS]	= VRRP_STATS_A_TRANSITIONS,
		[VRRP_ISTAT_DOWN_TIMER_LATE]	= VRRP_STATS_A_DOWN_TIMER_LATE,
		[VRRP_ISTAT_AUTH_FAILURES]	= VRRP_STATS_A_AUTH_FAILURES,
		[VRRP_ISTAT_INVALID_AUTH_TYPE]	= VRRP_STATS_A_INVALID_AUTH_TYPE,
		[VRRP_ISTAT_AUTH_TYPE_MISMATCH]	= VRRP_STATS_A_AUTH_TYPE_MISMATCH,
		[VRRP_ISTAT_SOURCE_ERRORS]	= VRRP_STATS_A_SOURCE_ERRORS,
		[VRRP_ISTAT_VIP_CONFLICTS]	= VRRP_STATS_A_VIP_CONFLICTS,
		[VRRP_ISTAT_ONE_WAY]		= VRRP_STATS_A_ONE_WAY,
		[VRRP_ISTAT_MISMATCHES]		= VRRP_STATS_A_MISMATCHES,
	};
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(skb, VRRP_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < VRRP_ISTAT_MAX; i++)
		if (nla_put_u64_64bit(skb, attr[i], atomic64_read(&vr->stats[i]),
				      VRRP_STATS_A_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * VIPs @*first onwards, as many as fit: *@first is set to the next one to
 * send (cfg->nvips when all are in). -EMSGSIZE when not even one fits.
 */
static int vrrp_put_vips(struct sk_buff *skb, struct vrrp_instance *vr,
			 const struct vrrp_cfg *cfg, u16 *first)
{
	struct nlattr *list, *nest;
	u16 i = *first;

	list = nla_nest_start(skb, VRRP_A_VIPS);
	if (!list)
		return -EMSGSIZE;
	for (; i < cfg->nvips; i++) {
		nest = nla_nest_start(skb, VRRP_A_VIP);
		if (!nest ||
		    nla_put(skb, VRRP_VIP_A_ADDR, vrrp_alen(vr->family), cfg->vips[i].addr) ||
		    nla_put_u8(skb, VRRP_VIP_A_PREFIXLEN, cfg->vips[i].prefixlen) ||
		    (vrrp_vip_installed(vr, cfg->vips[i].addr) &&
		     nla_put_flag(skb, VRRP_VIP_A_INSTALLED)) ||
		    (cfg->vips[i].excluded && nla_put_flag(skb, VRRP_VIP_A_EXCLUDED)) ||
		    (cfg->vips[i].ifindex &&
		     nla_put_u32(skb, VRRP_VIP_A_IFINDEX, cfg->vips[i].ifindex))) {
			if (nest)
				nla_nest_cancel(skb, nest);
			break;
		}
		nla_nest_end(skb, nest);
	}
	if (i == *first && i < cfg->nvips) {
		nla_nest_cancel(skb, list);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, list);
	*first = i;
	return 0;
}

static int vrrp_put_unicast(struct sk_buff *skb, struct vrrp_instance *vr,
			    const struct vrrp_cfg *cfg)
{
	unsigned int alen = vrrp_alen(vr->family);
	struct nlattr *list, *nest;
	u8 i;

	if (nla_put_u8(skb, VRRP_A_UNICAST_TTL, cfg->ucast_ttl) ||
	    (memchr_inv(cfg->ucast_src, 0, alen) &&
	     nla_put(skb, VRRP_A_UNICAST_SRC, alen, cfg->ucast_src)))
		return -EMSGSIZE;
	if (!cfg->npeers)
		return 0;
	list = nla_nest_start(skb, VRRP_A_UNICAST_PEERS);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; i < cfg->npeers; i++) {
		nest = nla_nest_start(skb, VRRP_A_PEER);
		if (!nest ||
		    nla_put(skb, VRRP_PEER_A_ADDR, alen, cfg->peers[i].addr) ||
		    nla_put_u8(skb, VRRP_PEER_A_MIN_TTL, cfg->peers[i].min_ttl) ||
		    nla_put_u8(skb, VRRP_PEER_A_MAX_TTL, cfg->peers[i].max_ttl))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	nla_nest_end(skb, list);
	return 0;
}

/* The rest of an instance's VIP list, in a dump (uapi: VRRP_A_VIP_FIRST). */
static int vrrp_fill_vips_more(struct sk_buff *skb, struct vrrp_instance *vr,
			       const struct vrrp_cfg *cfg, u16 *first)
{
	if (nla_put_string(skb, VRRP_A_NAME, vr->name) ||
	    nla_put_u32(skb, VRRP_A_IFINDEX, vr->ifindex) ||
	    nla_put_u8(skb, VRRP_A_VRID, vr->vrid) ||
	    nla_put_u8(skb, VRRP_A_FAMILY, vr->family) ||
	    nla_put_u16(skb, VRRP_A_VIP_FIRST, *first))
		return -EMSGSIZE;
	return vrrp_put_vips(skb, vr, cfg, first);
}

/*
 * The instance's attributes, VIPs last. Caller holds vn->lock: the VIP
 * bookkeeping is stable.
 */
static int vrrp_fill_attrs(struct sk_buff *skb, struct vrrp_instance *vr,
			   const struct vrrp_cfg *cfg, bool secrets, u16 *first)
{
	unsigned int alen = vrrp_alen(vr->family);
	u8 master[16], primary[16] = {}, vmac[ETH_ALEN];
	struct net_device *dev;
	enum vrrp_reason reason;
	enum vrrp_state state;
	bool has_primary;
	u16 master_int;
	u8 eff_prio, arb_state;
	u32 fault;

	spin_lock_bh(&vr->lock);
	arb_state = vr->arb_state;
	state = vr->fsm.state;
	reason = vr->last_reason;
	master_int = vr->fsm.master_adv_int;
	memcpy(master, vr->master_addr, sizeof(master));
	eff_prio = vr->eff_prio;
	fault = vr->fault;
	spin_unlock_bh(&vr->lock);

	dev = rcu_dereference(vr->dev);
	has_primary = dev && vrrp_src_addr(vr, dev, cfg, primary);
	if (state == VRRP_STATE_MASTER)
		memcpy(master, primary, sizeof(master));
	vrrp_vmac(vr, vmac);
	if (nla_put_string(skb, VRRP_A_NAME, vr->name) ||
	    nla_put_u32(skb, VRRP_A_IFINDEX, vr->ifindex) ||
	    (dev && nla_put_string(skb, VRRP_A_IFNAME, dev->name)) ||
	    nla_put_u8(skb, VRRP_A_VRID, vr->vrid) ||
	    nla_put_u8(skb, VRRP_A_VERSION, vr->version) ||
	    nla_put_u8(skb, VRRP_A_FAMILY, vr->family) ||
	    nla_put_u8(skb, VRRP_A_PRIORITY, cfg->priority) ||
	    nla_put_u8(skb, VRRP_A_EFFECTIVE_PRIORITY, eff_prio) ||
	    nla_put_u16(skb, VRRP_A_ADVERT_INTERVAL, cfg->adv_int) ||
	    nla_put_u16(skb, VRRP_A_MASTER_ADVERT_INTERVAL,
			master_int ? master_int : cfg->adv_int) ||
	    nla_put_u8(skb, VRRP_A_PREEMPT, cfg->preempt) ||
	    nla_put_u32(skb, VRRP_A_PREEMPT_DELAY, cfg->preempt_delay_ms) ||
	    nla_put_u8(skb, VRRP_A_ACCEPT, cfg->accept) ||
	    nla_put(skb, VRRP_A_GROUP, alen, cfg->group) ||
	    nla_put_u8(skb, VRRP_A_CSUM_MODE, cfg->csum) ||
	    (vr->version == 3 && vr->family == AF_INET &&
	     nla_put_u8(skb, VRRP_A_CSUM_SENT, vrrp_csum_sent(vr, cfg))) ||
	    nla_put_u32(skb, VRRP_A_GARP_COUNT, cfg->garp_count) ||
	    nla_put_u32(skb, VRRP_A_GARP_INTERVAL, cfg->garp_interval_ms) ||
	    nla_put_u32(skb, VRRP_A_GARP_REFRESH, cfg->garp_refresh_ms) ||
	    nla_put_u32(skb, VRRP_A_GARP_PERIOD, cfg->garp_period_ms) ||
	    nla_put_u32(skb, VRRP_A_GARP_PERIOD_COUNT, cfg->garp_period_count) ||
	    nla_put_u8(skb, VRRP_A_STATE, state) ||
	    nla_put_u8(skb, VRRP_A_LAST_REASON, reason) ||
	    nla_put_u32(skb, VRRP_A_FAULT, fault) ||
	    nla_put_u8(skb, VRRP_A_FAST_PREEMPT, cfg->fast_preempt) ||
	    nla_put_u8(skb, VRRP_A_TRACK_PRIMARY, cfg->track_primary) ||
	    (cfg->sync[0] && nla_put_string(skb, VRRP_A_SYNC_GROUP, cfg->sync)) ||
	    vrrp_put_tracks(skb, vr, cfg) ||
	    nla_put_u8(skb, VRRP_A_AUTH_TYPE, cfg->auth_type) ||
	    (secrets && cfg->auth_type == VRRP_AUTH_PASS &&
	     nla_put(skb, VRRP_A_AUTH_DATA,
		     strnlen((const char *)cfg->auth_data, sizeof(cfg->auth_data)),
		     cfg->auth_data)) ||
	    vrrp_put_unicast(skb, vr, cfg) ||
	    (cfg->arbiter_set &&
	     (nla_put(skb, VRRP_A_ARBITER, alen, cfg->arbiter) ||
	      nla_put_u8(skb, VRRP_A_ARBITER_MODE, cfg->arbiter_mode) ||
	      nla_put_u8(skb, VRRP_A_ARBITER_STATE, arb_state))) ||
	    nla_put_u8(skb, VRRP_A_VMAC, cfg->vmac) ||
	    (cfg->vmac && nla_put(skb, VRRP_A_VMAC_ADDR, ETH_ALEN, vmac)) ||
	    (memchr_inv(master, 0, alen) &&
	     nla_put(skb, VRRP_A_MASTER_ADDR, alen, master)) ||
	    (has_primary && nla_put(skb, VRRP_A_PRIMARY_ADDR, alen, primary)) ||
	    vrrp_put_stats(skb, vr) ||
	    vrrp_split_put(skb, vr))
		return -EMSGSIZE;
	return vrrp_put_vips(skb, vr, cfg, first);
}

/**
 * vrrp_fill_instance() - one message of an instance
 * @skb: the reply
 * @vr: the instance; caller holds vn->lock
 * @portid: netlink header: destination port
 * @seq: netlink header: sequence number
 * @flags: netlink header: flags
 * @secrets: the requester has CAP_NET_ADMIN and gets the VRRPv2 password
 * @first: in: the first VIP to put (0: the whole instance from the start;
 *	more: a continuation, see uapi VRRP_A_VIP_FIRST); out: the next VIP
 *	to put, cfg->nvips when all are in
 * @cb: the dump, for its consistency check, or NULL
 *
 * Returns -EMSGSIZE (and leaves @skb as it was) when the message cannot
 * carry at least one VIP.
 */
static int vrrp_fill_instance(struct sk_buff *skb, struct vrrp_instance *vr,
			      u32 portid, u32 seq, int flags, bool secrets,
			      u16 *first, struct netlink_callback *cb)
{
	const struct vrrp_cfg *cfg;
	void *hdr;
	int err;

	hdr = genlmsg_put(skb, portid, seq, &vrrp_genl_family, flags,
			  VRRP_CMD_INSTANCE_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	rcu_read_lock();
	cfg = rcu_dereference(vr->cfg);
	if (*first)
		err = vrrp_fill_vips_more(skb, vr, cfg, first);
	else
		err = vrrp_fill_attrs(skb, vr, cfg, secrets, first);
	rcu_read_unlock();
	if (err) {
		genlmsg_cancel(skb, hdr);
		return err;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Room for one instance: fixed attributes plus one nest per VIP. */
static size_t vrrp_instance_msg_size(struct vrrp_instance *vr)
{
	const struct vrrp_cfg *cfg;
	u16 nvips;

	rcu_read_lock();
	cfg = rcu_dereference(vr->cfg);
	nvips = cfg->nvips;
	rcu_read_unlock();
	return NLMSG_GOODSIZE +
	       nvips * nla_total_size(nla_total_size(16) + nla_total_size(1) +
				      2 * nla_total_size(0) + nla_total_size(4)) +
	       VRRP_PEER_MAX * nla_total_size(nla_total_size(16) + 2 * nla_total_size(1)) +
	       VRRP_TRACK_MAX * nla_total_size(2 * nla_total_size(VRRP_NAME_MAX) +
					       5 * nla_total_size(4));
}

static int vrrp_nl_get(struct sk_buff *skb, struct genl_info *info)
{
	struct vrrp_net *vn = vrrp_pernet(genl_info_net(info));
	struct vrrp_instance *vr;
	struct sk_buff *msg;
	u16 first = 0;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, VRRP_A_NAME))
		return -EINVAL;
	mutex_lock(&vn->lock);
	vr = vrrp_nl_instance(vn, info);
	if (!vr) {
		mutex_unlock(&vn->lock);
		return -ENOENT;
	}
	msg = genlmsg_new(vrrp_instance_msg_size(vr), GFP_KERNEL);
	err = msg ? vrrp_fill_instance(msg, vr, info->snd_portid, info->snd_seq, 0,
				       netlink_net_capable(skb, CAP_NET_ADMIN), &first,
				       NULL)
		  : -ENOMEM;
	/* Sized for the whole instance: a short reply would be a bug. */
	if (!err && first < rcu_dereference_protected(vr->cfg,
						      lockdep_is_held(&vn->lock))->nvips)
		err = -EMSGSIZE;
	mutex_unlock(&vn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * Resumes at instance cb->args[0] (its place in the table), VIP
 * cb->args[1]. An instance that does not fit one message is continued in
 * the next ones; vn->dump_seq flags a dump that raced with a change.
 */
static int vrrp_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct vrrp_net *vn = vrrp_pernet(sock_net(skb->sk));
	bool secrets = netlink_net_capable(cb->skb, CAP_NET_ADMIN);
	long idx = 0, start = cb->args[0];
	struct vrrp_instance *vr;
	int bkt, err = 0;
	u16 first;

	mutex_lock(&vn->lock);
	cb->seq = vn->dump_seq;
	hash_for_each(vn->instances, bkt, vr, hnode) {
		if (idx < start) {
			idx++;
			continue;
		}
		first = cb->args[1];
		err = vrrp_fill_instance(skb, vr, NETLINK_CB(cb->skb).portid,
					 cb->nlh->nlmsg_seq, NLM_F_MULTI, secrets,
					 &first, cb);
		if (err)
			break;
		if (first < rcu_dereference_protected(vr->cfg,
						      lockdep_is_held(&vn->lock))->nvips) {
			cb->args[1] = first;	/* the skb is full */
			break;
		}
		cb->args[1] = 0;
		idx++;
	}
	mutex_unlock(&vn->lock);
	cb->args[0] = idx;
	/* A full skb ends this round; an instance that fits no skb fails. */
	if (err && skb->len)
		return skb->len;
	return err ?: skb->len;
}

static int vrrp_nl_stats(struct sk_buff *skb, struct genl_info *info)
{
	static const u8 attr[VRRP_RSTAT_MAX] = {
		[VRRP_RSTAT_CHECKSUM_ERRORS]	= VRRP_STATS_A_CHECKSUM_ERRORS,
		[VRRP_RSTAT_VERSION_ERRORS]	= VRRP_STATS_A_VERSION_ERRORS,
		[VRRP_RSTAT_VRID_ERRORS]	= VRRP_STATS_A_VRID_ERRORS,
		[VRRP_RSTAT_LENGTH_ERRORS]	= VRRP_STATS_A_LENGTH_ERRORS,
	};
	struct vrrp_net *vn = vrrp_pernet(genl_info_net(info));
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;
	int i;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &vrrp_genl_family, 0, VRRP_CMD_STATS_GET);
	if (!hdr)
		goto nla_failure;
	nest = nla_nest_start(msg, VRRP_A_STATS);
	if (!nest)
		goto nla_failure;
	for (i = 0; i < VRRP_RSTAT_MAX; i++)
		if (nla_put_u64_64bit(msg, attr[i], atomic64_read(&vn->stats[i]),
				      VRRP_STATS_A_PAD))
			goto nla_failure;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nla_failure:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static const struct genl_ops vrrp_genl_ops[] = {
	{
		.cmd	= VRRP_CMD_INSTANCE_NEW,
		.doit	= vrrp_nl_new,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= VRRP_CMD_INSTANCE_SET,
		.doit	= vrrp_nl_set,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= VRRP_CMD_INSTANCE_DEL,
		.doit	= vrrp_nl_del,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= VRRP_CMD_INSTANCE_GET,
		.doit	= vrrp_nl_get,
		.dumpit	= vrrp_nl_dump,
	},
	{
		.cmd	= VRRP_CMD_STATS_GET,
		.doit	= vrrp_nl_stats,
	},
	{
		.cmd	= VRRP_CMD_TRACKER_NEW,
		.doit	= vrrp_nl_tracker_new,
		.policy	= vrrp_trk_policy,
		.maxattr = VRRP_TRK_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= VRRP_CMD_TRACKER_SET,
		.doit	= vrrp_nl_tracker_set,
		.policy	= vrrp_trk_policy,
		.maxattr = VRRP_TRK_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= VRRP_CMD_TRACKER_DEL,
		.doit	= vrrp_nl_tracker_del,
		.policy	= vrrp_trk_policy,
		.maxattr = VRRP_TRK_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= VRRP_CMD_TRACKER_GET,
		.doit	= vrrp_nl_tracker_get,
		.dumpit	= vrrp_nl_tracker_dump,
		.policy	= vrrp_trk_policy,
		.maxattr = VRRP_TRK_A_MAX,
	},
	{
		.cmd	= VRRP_CMD_TRACKER_REPORT,
		.doit	= vrrp_nl_tracker_report,
		.policy	= vrrp_trk_policy,
		.maxattr = VRRP_TRK_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group vrrp_mcgrps[] = {
	{ .name = VRRP_MCGRP_EVENTS },
};

struct genl_family vrrp_genl_family __ro_after_init = {
	.name		= VRRP_GENL_NAME,
	.version	= VRRP_GENL_VERSION,
	.maxattr	= VRRP_A_MAX,
	.policy		= vrrp_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= vrrp_genl_ops,
	.n_ops		= ARRAY_SIZE(vrrp_genl_ops),
	.mcgrps		= vrrp_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(vrrp_mcgrps),
};

/* Events stop, under RCU, before the family goes (module exit). */
static bool vrrp_genl_live;

/* Is anybody listening to events in @net? Any context. */
bool vrrp_genl_listening(struct net *net)
{
	bool ret;

	rcu_read_lock();
	ret = READ_ONCE(vrrp_genl_live) &&
	      genl_has_listeners(&vrrp_genl_family, net, 0);
	rcu_read_unlock();
	return ret;
}

/* An event built by another file: sent if the family is still there. */
void vrrp_genl_multicast(struct net *net, struct sk_buff *skb)
{
	rcu_read_lock();
	if (READ_ONCE(vrrp_genl_live))
		genlmsg_multicast_netns(&vrrp_genl_family, net, skb, 0, 0, GFP_ATOMIC);
	else
		nlmsg_free(skb);
	rcu_read_unlock();
}

/* A state change, from any context (softirq included). */
void vrrp_genl_notify(struct vrrp_instance *vr, enum vrrp_state old,
		      enum vrrp_state state, enum vrrp_reason reason, u8 prio)
{
	struct net *net = vr->vn->net;
	const struct vrrp_cfg *cfg;
	struct sk_buff *skb;
	void *hdr;

	rcu_read_lock();
	cfg = rcu_dereference(vr->cfg);
	if (!READ_ONCE(vrrp_genl_live) ||
	    !genl_has_listeners(&vrrp_genl_family, net, 0))
		goto out;
	skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!skb)
		goto out;
	hdr = genlmsg_put(skb, 0, 0, &vrrp_genl_family, 0, VRRP_CMD_STATE_EVENT);
	if (!hdr ||
	    nla_put_string(skb, VRRP_A_NAME, vr->name) ||
	    nla_put_u32(skb, VRRP_A_IFINDEX, vr->ifindex) ||
	    nla_put_u8(skb, VRRP_A_VRID, vr->vrid) ||
	    nla_put_u8(skb, VRRP_A_FAMILY, vr->family) ||
	    nla_put_u8(skb, VRRP_A_OLD_STATE, old) ||
	    nla_put_u8(skb, VRRP_A_STATE, state) ||
	    nla_put_u8(skb, VRRP_A_REASON, reason) ||
	    nla_put_u8(skb, VRRP_A_EFFECTIVE_PRIORITY, prio) ||
	    (cfg->sync[0] && nla_put_string(skb, VRRP_A_SYNC_GROUP, cfg->sync)) ||
	    nla_put_u64_64bit(skb, VRRP_A_TIMESTAMP, ktime_get_real_ns(),
			      VRRP_A_PAD)) {
		nlmsg_free(skb);
		goto out;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&vrrp_genl_family, net, skb, 0, 0, GFP_ATOMIC);
out:
	rcu_read_unlock();
}

int vrrp_genl_init(void)
{
	int err = genl_register_family(&vrrp_genl_family);

	if (!err)
		WRITE_ONCE(vrrp_genl_live, true);
	return err;
}

void vrrp_genl_exit(void)
{
	WRITE_ONCE(vrrp_genl_live, false);
	synchronize_rcu();
	genl_unregister_family(&vrrp_genl_family);
}
