// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink for trackers: the VRRP_CMD_TRACKER_* commands (their own
 * attribute space, VRRP_TRK_A_*), tracker events, and the VRRP_A_TRACKS
 * list of an instance (parse and fill).
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "instance.h"
#include "netlink.h"
#include "netns.h"
#include "track.h"

#define VRRP_MAX_TRACK_COUNT	255U
#define VRRP_MAX_TRACK_TIMEOUT_MS	86400000U	/* a day */

const struct nla_policy vrrp_trk_policy[VRRP_TRK_A_MAX + 1] = {
	[VRRP_TRK_A_NAME]	= { .type = NLA_NUL_STRING, .len = VRRP_NAME_MAX - 1 },
	[VRRP_TRK_A_WEIGHT]	= NLA_POLICY_RANGE(NLA_S32, -VRRP_WEIGHT_MAX, VRRP_WEIGHT_MAX),
	[VRRP_TRK_A_FALL]	= NLA_POLICY_RANGE(NLA_U32, 1, VRRP_MAX_TRACK_COUNT),
	[VRRP_TRK_A_RISE]	= NLA_POLICY_RANGE(NLA_U32, 1, VRRP_MAX_TRACK_COUNT),
	[VRRP_TRK_A_TIMEOUT]	= { .type = NLA_U32 },
	[VRRP_TRK_A_RESULT]	= NLA_POLICY_MAX(NLA_U8, 1),
	[VRRP_TRK_A_VALUE]	= NLA_POLICY_RANGE(NLA_S32, -VRRP_WEIGHT_MAX, VRRP_WEIGHT_MAX),
	[VRRP_TRK_A_INIT]	= NLA_POLICY_MAX(NLA_U8, VRRP_TRK_INIT_MAX),
	[VRRP_TRK_A_STATE]	= { .type = NLA_REJECT },	/* output only */
};

const struct nla_policy vrrp_track_policy[VRRP_TRACK_A_MAX + 1] = {
	[VRRP_TRACK_A_TRACKER]	= { .type = NLA_NUL_STRING, .len = VRRP_NAME_MAX - 1 },
	[VRRP_TRACK_A_IFINDEX]	= { .type = NLA_U32 },
	[VRRP_TRACK_A_WEIGHT]	= NLA_POLICY_RANGE(NLA_S32, -VRRP_WEIGHT_MAX, VRRP_WEIGHT_MAX),
	[VRRP_TRACK_A_REVERSE]	= { .type = NLA_FLAG },
	[VRRP_TRACK_A_STATE]	= { .type = NLA_REJECT },	/* output only */
};

static int vrrp_fill_tracker(struct sk_buff *skb, struct vrrp_tracker *trk,
			     u32 portid, u32 seq, int flags, u8 cmd,
			     struct netlink_callback *cb)
{
	u8 state = trk->pending ? VRRP_TRK_STATE_INIT :
		   trk->ok ? VRRP_TRK_STATE_OK : VRRP_TRK_STATE_FAILED;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vrrp_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (nla_put_string(skb, VRRP_TRK_A_NAME, trk->name) ||
	    nla_put_s32(skb, VRRP_TRK_A_WEIGHT, trk->weight) ||
	    nla_put_u32(skb, VRRP_TRK_A_FALL, trk->fall) ||
	    nla_put_u32(skb, VRRP_TRK_A_RISE, trk->rise) ||
	    nla_put_u32(skb, VRRP_TRK_A_TIMEOUT, trk->timeout_ms) ||
	    nla_put_u8(skb, VRRP_TRK_A_OK, trk->ok) ||
	    nla_put_u8(skb, VRRP_TRK_A_INIT, trk->init) ||
	    nla_put_u8(skb, VRRP_TRK_A_STATE, state) ||
	    (trk->stale && nla_put_flag(skb, VRRP_TRK_A_STALE)) ||
	    (trk->has_value && nla_put_s32(skb, VRRP_TRK_A_VALUE, trk->value)) ||
	    (trk->last_report &&
	     nla_put_u32(skb, VRRP_TRK_A_AGE,
			 min_t(u64, U32_MAX, div_u64(ktime_get_ns() - trk->last_report,
						     NSEC_PER_MSEC)))) ||
	    nla_put_u32(skb, VRRP_TRK_A_USERS, trk->users) ||
	    nla_put_u64_64bit(skb, VRRP_TRK_A_REPORTS_OK, trk->reports_ok,
			      VRRP_TRK_A_PAD) ||
	    nla_put_u64_64bit(skb, VRRP_TRK_A_REPORTS_FAIL, trk->reports_fail,
			      VRRP_TRK_A_PAD) ||
	    (cmd == VRRP_CMD_TRACKER_EVENT &&
	     nla_put_u64_64bit(skb, VRRP_TRK_A_TIMESTAMP, ktime_get_real_ns(),
			       VRRP_TRK_A_PAD))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * A tracker's status changed; caller holds vn->lock (process context).
 * Under RCU from the check to the send, like vrrp_genl_notify(): module
 * exit waits for a grace period before the family goes.
 */
void vrrp_genl_tracker_notify(struct vrrp_tracker *trk)
{
	struct net *net = trk->vn->net;
	struct sk_buff *skb;

	rcu_read_lock();
	if (!vrrp_genl_listening(net))
		goto out;
	skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!skb)
		goto out;
	if (vrrp_fill_tracker(skb, trk, 0, 0, 0, VRRP_CMD_TRACKER_EVENT, NULL)) {
		nlmsg_free(skb);
		goto out;
	}
	genlmsg_multicast_netns(&vrrp_genl_family, net, skb, 0, 0, GFP_ATOMIC);
out:
	rcu_read_unlock();
}

static struct vrrp_tracker *vrrp_nl_tracker(struct vrrp_net *vn,
					    struct genl_info *info)
{
	struct nlattr *attr = info->attrs[VRRP_TRK_A_NAME];
	struct vrrp_tracker *trk = vrrp_tracker_find(vn, nla_data(attr));

	if (!trk) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "no tracker \"%s\"",
				       (char *)nla_data(attr));
		NL_SET_BAD_ATTR(info->extack, attr);
	}
	return trk;
}

/* What the policy cannot say. */
static int vrrp_tracker_check(struct genl_info *info, bool creating)
{
	struct nlattr *attr = info->attrs[VRRP_TRK_A_INIT];

	if (attr && !creating) {
		/* A state, not a setting: it would say nothing about now. */
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the initial state is given at creation only");
		NL_SET_BAD_ATTR(info->extack, attr);
		return -EINVAL;
	}
	attr = info->attrs[VRRP_TRK_A_TIMEOUT];
	if (attr && nla_get_u32(attr) > VRRP_MAX_TRACK_TIMEOUT_MS) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "timeout %u ms is over a day",
				       nla_get_u32(attr));
		NL_SET_BAD_ATTR(info->extack, attr);
		return -ERANGE;
	}
	return 0;
}

/* Apply WEIGHT/FALL/RISE/TIMEOUT, checked by vrrp_tracker_check(). */
static void vrrp_tracker_apply(struct vrrp_tracker *trk, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	int old_weight = trk->weight;

	if (a[VRRP_TRK_A_WEIGHT])
		WRITE_ONCE(trk->weight, nla_get_s32(a[VRRP_TRK_A_WEIGHT]));
	if (a[VRRP_TRK_A_FALL])
		trk->fall = nla_get_u32(a[VRRP_TRK_A_FALL]);
	if (a[VRRP_TRK_A_RISE])
		trk->rise = nla_get_u32(a[VRRP_TRK_A_RISE]);
	if (a[VRRP_TRK_A_TIMEOUT]) {
		trk->timeout_ms = nla_get_u32(a[VRRP_TRK_A_TIMEOUT]);
		vrrp_tracker_arm(trk);
	}
	if (trk->weight != old_weight)
		vrrp_tracker_changed(trk);
}

int vrrp_nl_tracker_new(struct sk_buff *skb, struct genl_info *info)
{
	struct vrrp_net *vn = vrrp_pernet(genl_info_net(info));
	struct vrrp_tracker *trk;
	const char *name;
	int err = 0;
	u8 init;

	if (GENL_REQ_ATTR_CHECK(info, VRRP_TRK_A_NAME))
		return -EINVAL;
	name = nla_data(info->attrs[VRRP_TRK_A_NAME]);
	err = vrrp_nl_check_name(info->extack, info->attrs[VRRP_TRK_A_NAME], "tracker",
				 false);
	if (err)
		return err;
	err = vrrp_tracker_check(info, true);
	if (err)
		return err;
	init = info->attrs[VRRP_TRK_A_INIT] ? nla_get_u8(info->attrs[VRRP_TRK_A_INIT]) :
					      VRRP_TRK_INIT_OK;
	mutex_lock(&vn->lock);
	if (vrrp_tracker_find(vn, name)) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "tracker \"%s\" already exists", name);
		err = -EEXIST;
	} else if (vn->ntrackers >= VRRP_TRACKER_MAX) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "too many trackers (max %u)",
				       VRRP_TRACKER_MAX);
		err = -ENOSPC;
	} else {
		trk = vrrp_tracker_create(vn, name, init);
		if (trk)
			vrrp_tracker_apply(trk, info);
		else
			err = -ENOMEM;
		vn->dump_seq++;
	}
	mutex_unlock(&vn->lock);
	return err;
}

int vrrp_nl_tracker_set(struct sk_buff *skb, struct genl_info *info)
{
	struct vrrp_net *vn = vrrp_pernet(genl_info_net(info));
	struct vrrp_tracker *trk;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, VRRP_TRK_A_NAME))
		return -EINVAL;
	err = vrrp_tracker_check(info, false);
	if (err)
		return err;
	mutex_lock(&vn->lock);
	trk = vrrp_nl_tracker(vn, info);
	if (trk)
		vrrp_tracker_apply(trk, info);
	mutex_unlock(&vn->lock);
	return trk ? 0 : -ENOENT;
}

int vrrp_nl_tracker_del(struct sk_buff *skb, struct genl_info *info)
{
	struct vrrp_net *vn = vrrp_pernet(genl_info_net(info));
	struct vrrp_tracker *trk;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, VRRP_TRK_A_NAME))
		return -EINVAL;
	mutex_lock(&vn->lock);
	trk = vrrp_nl_tracker(vn, info);
	err = trk ? vrrp_tracker_delete(trk, info->extack) : -ENOENT;
	if (!err)
		vn->dump_seq++;
	mutex_unlock(&vn->lock);
	vrrp_trackers_reap(vn);
	return err;
}

int vrrp_nl_tracker_report(struct sk_buff *skb, struct genl_info *info)
{
	struct vrrp_net *vn = vrrp_pernet(genl_info_net(info));
	struct nlattr **a = info->attrs;
	struct vrrp_tracker *trk;
	bool result;
	int value;

	if (GENL_REQ_ATTR_CHECK(info, VRRP_TRK_A_NAME))
		return -EINVAL;
	if (!a[VRRP_TRK_A_RESULT] == !a[VRRP_TRK_A_VALUE]) {
		NL_SET_ERR_MSG_MOD(info->extack, "a report carries a result or a value");
		return -EINVAL;
	}
	result = a[VRRP_TRK_A_RESULT] && nla_get_u8(a[VRRP_TRK_A_RESULT]);
	value = a[VRRP_TRK_A_VALUE] ? nla_get_s32(a[VRRP_TRK_A_VALUE]) : 0;
	mutex_lock(&vn->lock);
	trk = vrrp_nl_tracker(vn, info);
	if (trk)
		vrrp_tracker_report(trk, result, !!a[VRRP_TRK_A_VALUE], value);
	mutex_unlock(&vn->lock);
	return trk ? 0 : -ENOENT;
}

int vrrp_nl_tracker_get(struct sk_buff *skb, struct genl_info *info)
{
	struct vrrp_net *vn = vrrp_pernet(genl_info_net(info));
	struct vrrp_tracker *trk;
	struct sk_buff *msg;
	int err = -ENOENT;

	if (GENL_REQ_ATTR_CHECK(info, VRRP_TRK_A_NAME))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&vn->lock);
	trk = vrrp_nl_tracker(vn, info);
	if (trk)
		err = vrrp_fill_tracker(msg, trk, info->snd_portid, info->snd_seq,
					0, VRRP_CMD_TRACKER_GET, NULL);
	mutex_unlock(&vn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

int vrrp_nl_tracker_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct vrrp_net *vn = vrrp_pernet(sock_net(skb->sk));
	long idx = 0, start = cb->args[0];
	struct vrrp_tracker *trk;
	int err = 0;

	mutex_lock(&vn->lock);
	cb->seq = vn->dump_seq;
	list_for_each_entry(trk, &vn->trackers, node) {
		if (idx++ < start)
			continue;
		err = vrrp_fill_tracker(skb, trk, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI,
					VRRP_CMD_TRACKER_GET, cb);
		if (err) {
			idx--;
			break;
		}
	}
	mutex_unlock(&vn->lock);
	cb->args[0] = idx;
	return err && idx == start ? err : skb->len;
}

/*
 * VRRP_A_TRACKS of INSTANCE_NEW/SET into @cfg->tracks (replacing what a
 * SET copied from the old configuration). Caller holds vn->lock and RTNL.
 */
int vrrp_parse_tracks(struct vrrp_net *vn, struct genl_info *info,
		      struct vrrp_cfg *cfg)
{
	struct nlattr *tb[VRRP_TRACK_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct vrrp_track_cfg *tracks, *tc;
	struct nlattr *nest;
	struct net_device *dev;
	unsigned int n = 0, i;
	int rem, err;

	if (!info->attrs[VRRP_A_TRACKS])
		return 0;
	nla_for_each_nested(nest, info->attrs[VRRP_A_TRACKS], rem)
		n++;
	if (n > VRRP_TRACK_MAX) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "too many tracked elements (max %u)",
				       VRRP_TRACK_MAX);
		return -E2BIG;
	}
	tracks = n ? kcalloc(n, sizeof(*tracks), GFP_KERNEL_ACCOUNT) : NULL;
	if (n && !tracks)
		return -ENOMEM;
	n = 0;
	nla_for_each_nested(nest, info->attrs[VRRP_A_TRACKS], rem) {
		tc = &tracks[n];
		err = nla_parse_nested(tb, VRRP_TRACK_A_MAX, nest, vrrp_track_policy,
				       extack);
		if (err)
			goto err_free;
		err = -EINVAL;
		if (!tb[VRRP_TRACK_A_TRACKER] == !tb[VRRP_TRACK_A_IFINDEX]) {
			NL_SET_ERR_MSG_MOD(extack,
					   "a tracked element is a tracker or an interface");
			NL_SET_BAD_ATTR(extack, nest);
			goto err_free;
		}
		if (tb[VRRP_TRACK_A_TRACKER]) {
			tc->trk = vrrp_tracker_find(vn, nla_data(tb[VRRP_TRACK_A_TRACKER]));
			if (!tc->trk) {
				NL_SET_ERR_MSG_FMT_MOD(extack, "no tracker \"%s\"",
						       (char *)nla_data(tb[VRRP_TRACK_A_TRACKER]));
				NL_SET_BAD_ATTR(extack, tb[VRRP_TRACK_A_TRACKER]);
				err = -ENOENT;
				goto err_free;
			}
		} else {
			tc->ifindex = nla_get_u32(tb[VRRP_TRACK_A_IFINDEX]);
			dev = __dev_get_by_index(vn->net, tc->ifindex);
			if (!dev) {
				NL_SET_ERR_MSG_MOD(extack, "no such device to track");
				NL_SET_BAD_ATTR(extack, tb[VRRP_TRACK_A_IFINDEX]);
				err = -ENODEV;
				goto err_free;
			}
		}
		if (tb[VRRP_TRACK_A_WEIGHT]) {
			tc->weight = nla_get_s32(tb[VRRP_TRACK_A_WEIGHT]);
			tc->has_weight = true;
		}
		tc->reverse = nla_get_flag(tb[VRRP_TRACK_A_REVERSE]);
		for (i = 0; i < n; i++) {
			if (tracks[i].trk == tc->trk && tracks[i].ifindex == tc->ifindex) {
				NL_SET_ERR_MSG_MOD(extack, "an element is tracked twice");
				NL_SET_BAD_ATTR(extack, nest);
				goto err_free;
			}
		}
		n++;
	}
	kfree(cfg->tracks);
	cfg->tracks = tracks;
	cfg->ntracks = n;
	return 0;

err_free:
	kfree(tracks);
	return err;
}

/* The tracked elements, with their status now. Caller holds RCU. */
int vrrp_put_tracks(struct sk_buff *skb, struct vrrp_instance *vr,
		    const struct vrrp_cfg *cfg)
{
	struct net *net = vr->vn->net;
	struct nlattr *list, *nest;
	struct net_device *dev;
	unsigned int i;
	int contrib;
	u8 state;

	list = nla_nest_start(skb, VRRP_A_TRACKS);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; i < cfg->ntracks; i++) {
		const struct vrrp_track_cfg *tc = &cfg->tracks[i];

		vrrp_track_elem(tc, net, &state, &contrib);
		nest = nla_nest_start(skb, VRRP_A_TRACK);
		if (!nest)
			return -EMSGSIZE;
		if (tc->trk) {
			if (nla_put_string(skb, VRRP_TRACK_A_TRACKER, tc->trk->name))
				return -EMSGSIZE;
		} else {
			dev = dev_get_by_index_rcu(net, tc->ifindex);
			if (nla_put_u32(skb, VRRP_TRACK_A_IFINDEX, tc->ifindex) ||
			    (dev && nla_put_string(skb, VRRP_TRACK_A_IFNAME, dev->name)))
				return -EMSGSIZE;
		}
		if (((tc->has_weight || !tc->trk) &&
		     nla_put_s32(skb, VRRP_TRACK_A_WEIGHT, tc->weight)) ||
		    (tc->reverse && nla_put_flag(skb, VRRP_TRACK_A_REVERSE)) ||
		    nla_put_u8(skb, VRRP_TRACK_A_OK, state == VRRP_TRK_STATE_OK) ||
		    nla_put_s32(skb, VRRP_TRACK_A_CONTRIB, contrib) ||
		    nla_put_u8(skb, VRRP_TRACK_A_STATE, state))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	nla_nest_end(skb, list);
	return 0;
}
