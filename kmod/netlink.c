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
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "instance.h"
#include "netlink.h"
#include "netns.h"
#include "tx.h"
#include "vip.h"

#ifdef VRRP_NEED_EXTACK_RING
const char *vrrp_extack_fmt(const char *fmt, ...)
{
	static char ring[8][96];
	static atomic_t next = ATOMIC_INIT(0);
	char *buf = ring[(unsigned int)atomic_inc_return(&next) % ARRAY_SIZE(ring)];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(ring[0]), fmt, args);
	va_end(args);
	return buf;
}
#endif

#define VRRP_MAX_PREEMPT_DELAY_MS	1000000U	/* keepalived: 1000 s */
#define VRRP_MAX_GARP_COUNT		100U
#define VRRP_MAX_GARP_MS		3600000U

static const struct nla_policy vrrp_vip_policy[VRRP_VIP_A_MAX + 1] = {
	[VRRP_VIP_A_ADDR]	= { .type = NLA_BINARY, .len = 16 },
	[VRRP_VIP_A_PREFIXLEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[VRRP_VIP_A_INSTALLED]	= { .type = NLA_FLAG },
};

static const struct nla_policy vrrp_policy[VRRP_A_MAX + 1] = {
	[VRRP_A_NAME]		= { .type = NLA_NUL_STRING, .len = VRRP_NAME_MAX - 1 },
	[VRRP_A_IFINDEX]	= { .type = NLA_U32 },
	[VRRP_A_VRID]		= NLA_POLICY_MIN(NLA_U8, 1),
	[VRRP_A_VERSION]	= NLA_POLICY_RANGE(NLA_U8, 3, 3),
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
	[VRRP_A_SYNC_GROUP]	= { .type = NLA_NUL_STRING, .len = VRRP_NAME_MAX - 1 },
};

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

static int vrrp_parse_vips(struct genl_info *info, struct vrrp_cfg *cfg)
{
	struct nlattr *tb[VRRP_VIP_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *nest;
	u16 n = 0, i;
	int rem, err;

	nla_for_each_nested(nest, info->attrs[VRRP_A_VIPS], rem) {
		struct vrrp_vip_cfg *vip = &cfg->vips[n];

		err = nla_parse_nested(tb, VRRP_VIP_A_MAX, nest, vrrp_vip_policy,
				       extack);
		if (err)
			return err;
		if (!tb[VRRP_VIP_A_ADDR] || nla_len(tb[VRRP_VIP_A_ADDR]) != 4) {
			NL_SET_ERR_MSG_MOD(extack, "a VIP must be one IPv4 address");
			NL_SET_BAD_ATTR(extack, nest);
			return -EINVAL;
		}
		nla_memcpy(vip->addr, tb[VRRP_VIP_A_ADDR], 4);
		vip->prefixlen = tb[VRRP_VIP_A_PREFIXLEN] ?
				nla_get_u8(tb[VRRP_VIP_A_PREFIXLEN]) : 32;
		if (vip->prefixlen > 32) {
			NL_SET_ERR_MSG_FMT_MOD(extack, "prefix length %u of %pI4 is over 32",
					       vip->prefixlen, vip->addr);
			return -EINVAL;
		}
		if (ipv4_is_multicast(*(__be32 *)vip->addr) ||
		    ipv4_is_zeronet(*(__be32 *)vip->addr) ||
		    ipv4_is_lbcast(*(__be32 *)vip->addr) ||
		    ipv4_is_loopback(*(__be32 *)vip->addr)) {
			NL_SET_ERR_MSG_FMT_MOD(extack, "%pI4 cannot be a VIP", vip->addr);
			return -EINVAL;
		}
		for (i = 0; i < n; i++) {
			if (!memcmp(cfg->vips[i].addr, vip->addr, 4)) {
				NL_SET_ERR_MSG_FMT_MOD(extack, "VIP %pI4 is listed twice",
						       vip->addr);
				return -EINVAL;
			}
		}
		n++;
	}
	return 0;
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

/* Apply the optional attributes of NEW/SET on top of @cfg. */
static int vrrp_parse_cfg(struct genl_info *info, struct vrrp_cfg *cfg)
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
	if (a[VRRP_A_SYNC_GROUP])
		nla_strscpy(cfg->sync, a[VRRP_A_SYNC_GROUP], sizeof(cfg->sync));
	if (a[VRRP_A_GROUP]) {
		if (nla_len(a[VRRP_A_GROUP]) != 4 ||
		    !ipv4_is_multicast(nla_get_in_addr(a[VRRP_A_GROUP]))) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "group must be an IPv4 multicast address");
			NL_SET_BAD_ATTR(info->extack, a[VRRP_A_GROUP]);
			return -EINVAL;
		}
		memset(cfg->group, 0, sizeof(cfg->group));
		nla_memcpy(cfg->group, a[VRRP_A_GROUP], 4);
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
	if (err)
		return err;
	if (!cfg->garp_count) {
		NL_SET_ERR_MSG_MOD(info->extack, "GARP count must be at least 1");
		return -ERANGE;
	}
	if (a[VRRP_A_VIPS])
		return vrrp_parse_vips(info, cfg);
	return 0;
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
	struct net_device *dev;
	struct vrrp_cfg *cfg;
	int nvips, err;

	if (GENL_REQ_ATTR_CHECK(info, VRRP_A_NAME) ||
	    GENL_REQ_ATTR_CHECK(info, VRRP_A_IFINDEX) ||
	    GENL_REQ_ATTR_CHECK(info, VRRP_A_VRID) ||
	    GENL_REQ_ATTR_CHECK(info, VRRP_A_VIPS))
		return -EINVAL;
	if (a[VRRP_A_FAMILY] && nla_get_u8(a[VRRP_A_FAMILY]) != AF_INET) {
		NL_SET_ERR_MSG_MOD(info->extack, "only IPv4 instances are supported");
		NL_SET_BAD_ATTR(info->extack, a[VRRP_A_FAMILY]);
		return -EAFNOSUPPORT;
	}
	nvips = vrrp_count_vips(info);
	if (nvips < 0)
		return nvips;
	cfg = vrrp_cfg_alloc(nvips, AF_INET);
	if (!cfg)
		return -ENOMEM;
	cfg->priority = VRRP_DEFAULT_PRIORITY;
	cfg->adv_int = VRRP_DEFAULT_ADVERT_CS;
	cfg->preempt = true;
	cfg->group[0] = 224;
	cfg->group[3] = 18;
	cfg->garp_count = VRRP_DEFAULT_GARP_COUNT;
	cfg->garp_interval_ms = VRRP_DEFAULT_GARP_INTERVAL_MS;
	cfg->garp_refresh_ms = VRRP_DEFAULT_GARP_REFRESH_MS;
	err = vrrp_parse_cfg(info, cfg);
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
		vrrp_cfg_pack(cfg, AF_INET, dev->mtu);
		err = vrrp_parse_tracks(vn, info, cfg);
		if (!err)
			err = vrrp_instance_create(vn, nla_data(a[VRRP_A_NAME]), dev,
						   nla_get_u8(a[VRRP_A_VRID]), AF_INET,
						   cfg, info->extack);
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
	if (a[VRRP_A_IFINDEX] || a[VRRP_A_VRID] || a[VRRP_A_FAMILY]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "device, VRID and family cannot change: delete and add the instance");
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
	err = vrrp_parse_cfg(info, cfg);
	if (err)
		goto out_free;
	rtnl_lock();
	dev = rtnl_dereference(vr->dev);
	vrrp_cfg_pack(cfg, vr->family, dev ? dev->mtu : ETH_DATA_LEN);
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

static int vrrp_put_vips(struct sk_buff *skb, struct vrrp_instance *vr,
			 const struct vrrp_cfg *cfg)
{
	struct nlattr *list, *nest;
	u16 i;

	list = nla_nest_start(skb, VRRP_A_VIPS);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; i < cfg->nvips; i++) {
		nest = nla_nest_start(skb, VRRP_A_VIP);
		if (!nest ||
		    nla_put(skb, VRRP_VIP_A_ADDR, vrrp_alen(vr->family), cfg->vips[i].addr) ||
		    nla_put_u8(skb, VRRP_VIP_A_PREFIXLEN, cfg->vips[i].prefixlen) ||
		    (vrrp_vip_installed(vr, cfg->vips[i].addr) &&
		     nla_put_flag(skb, VRRP_VIP_A_INSTALLED)))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	nla_nest_end(skb, list);
	return 0;
}

/* Caller holds vn->lock: the VIP bookkeeping is stable. */
static int vrrp_fill_instance(struct sk_buff *skb, struct vrrp_instance *vr,
			      u32 portid, u32 seq, int flags)
{
	unsigned int alen = vrrp_alen(vr->family);
	const struct vrrp_cfg *cfg;
	struct net_device *dev;
	u8 master[16], primary[16] = {};
	enum vrrp_reason reason;
	enum vrrp_state state;
	bool has_primary;
	u16 master_int;
	u8 eff_prio;
	u32 fault;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vrrp_genl_family, flags,
			  VRRP_CMD_INSTANCE_GET);
	if (!hdr)
		return -EMSGSIZE;

	spin_lock_bh(&vr->lock);
	state = vr->fsm.state;
	reason = vr->last_reason;
	master_int = vr->fsm.master_adv_int;
	memcpy(master, vr->master_addr, sizeof(master));
	eff_prio = vr->eff_prio;
	fault = vr->fault;
	spin_unlock_bh(&vr->lock);

	rcu_read_lock();
	cfg = rcu_dereference(vr->cfg);
	dev = rcu_dereference(vr->dev);
	has_primary = dev && vrrp_primary_addr(dev, vr->family, primary);
	if (state == VRRP_STATE_MASTER)
		memcpy(master, primary, sizeof(master));
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
	    nla_put_u32(skb, VRRP_A_GARP_COUNT, cfg->garp_count) ||
	    nla_put_u32(skb, VRRP_A_GARP_INTERVAL, cfg->garp_interval_ms) ||
	    nla_put_u32(skb, VRRP_A_GARP_REFRESH, cfg->garp_refresh_ms) ||
	    nla_put_u8(skb, VRRP_A_STATE, state) ||
	    nla_put_u8(skb, VRRP_A_LAST_REASON, reason) ||
	    nla_put_u32(skb, VRRP_A_FAULT, fault) ||
	    nla_put_u8(skb, VRRP_A_FAST_PREEMPT, cfg->fast_preempt) ||
	    (cfg->sync[0] && nla_put_string(skb, VRRP_A_SYNC_GROUP, cfg->sync)) ||
	    vrrp_put_tracks(skb, vr, cfg) ||
	    (memchr_inv(master, 0, alen) &&
	     nla_put(skb, VRRP_A_MASTER_ADDR, alen, master)) ||
	    (has_primary && nla_put(skb, VRRP_A_PRIMARY_ADDR, alen, primary)) ||
	    vrrp_put_vips(skb, vr, cfg) ||
	    vrrp_put_stats(skb, vr)) {
		rcu_read_unlock();
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	rcu_read_unlock();
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
				      nla_total_size(0)) +
	       VRRP_TRACK_MAX * nla_total_size(2 * nla_total_size(VRRP_NAME_MAX) +
					       5 * nla_total_size(4));
}

static int vrrp_nl_get(struct sk_buff *skb, struct genl_info *info)
{
	struct vrrp_net *vn = vrrp_pernet(genl_info_net(info));
	struct vrrp_instance *vr;
	struct sk_buff *msg;
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
	err = msg ? vrrp_fill_instance(msg, vr, info->snd_portid, info->snd_seq, 0)
		  : -ENOMEM;
	mutex_unlock(&vn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int vrrp_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct vrrp_net *vn = vrrp_pernet(sock_net(skb->sk));
	struct vrrp_instance *vr;
	long idx = 0, start = cb->args[0];
	int bkt, err = 0;

	mutex_lock(&vn->lock);
	hash_for_each(vn->instances, bkt, vr, hnode) {
		if (idx++ < start)
			continue;
		err = vrrp_fill_instance(skb, vr, NETLINK_CB(cb->skb).portid,
					 cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err) {
			idx--;
			break;
		}
	}
	mutex_unlock(&vn->lock);
	cb->args[0] = idx;
	/* A full skb ends this round; the next one resumes at idx. */
	return err && idx == start ? err : skb->len;
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
