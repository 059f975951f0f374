/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VRRP_TRACK_H
#define _VRRP_TRACK_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>

#include "core_types.h"

struct net;
struct vrrp_net;
struct vrrp_cfg;
struct netlink_ext_ack;

/**
 * struct vrrp_tracker - a named health indicator of a netns
 *
 * Everything is written under vn->lock (reports, configuration, the
 * staleness work). Instances read @ok, @pending, @has_value, @value and
 * @weight with READ_ONCE() from any context while re-evaluating their
 * priority; a writer re-evaluates every user after its change, so the last
 * evaluation always sees the last change. Lifetime: on vn->trackers until
 * deleted, which is refused while @users (published configurations naming
 * it) is not 0; freed after a grace period, once the staleness work is
 * cancelled.
 */
struct vrrp_tracker {
	struct list_head	node;		/* vn->trackers */
	struct vrrp_net		*vn;
	char			name[VRRP_NAME_MAX];
	int			weight;
	u32			fall;
	u32			rise;
	u32			timeout_ms;
	bool			ok;		/* false while @pending */
	bool			pending;	/* not yet reported (VRRP_TRK_STATE_INIT) */
	u8			init;		/* VRRP_TRK_INIT_*, as created */
	bool			stale;
	bool			has_value;
	bool			dead;
	int			value;
	u32			count;		/* reports against @ok in a row */
	u64			last_report;	/* ktime ns, 0 = never */
	u64			reports_ok;
	u64			reports_fail;
	unsigned int		users;
	struct delayed_work	stale_work;
	struct rcu_head		rcu;
};

/* One element an instance tracks: a tracker, or an interface (@trk NULL). */
struct vrrp_track_cfg {
	struct vrrp_tracker	*trk;
	int			ifindex;
	int			weight;
	bool			has_weight;
	bool			reverse;
};

struct vrrp_tracker *vrrp_tracker_find(struct vrrp_net *vn, const char *name);
struct vrrp_tracker *vrrp_tracker_create(struct vrrp_net *vn, const char *name,
					 u8 init);
void vrrp_tracker_changed(struct vrrp_tracker *trk);
void vrrp_tracker_report(struct vrrp_tracker *trk, bool result, bool has_value,
			 int value);
void vrrp_tracker_arm(struct vrrp_tracker *trk);
int vrrp_tracker_delete(struct vrrp_tracker *trk, struct netlink_ext_ack *extack);
void vrrp_trackers_reap(struct vrrp_net *vn);
void vrrp_trackers_net_exit(struct vrrp_net *vn);

void vrrp_track_users(const struct vrrp_cfg *cfg, int delta);
u32 vrrp_track_elem(const struct vrrp_track_cfg *tc, struct net *net,
		    u8 *state, int *contrib);
u32 vrrp_track_eval(const struct vrrp_cfg *cfg, struct net *net, int *sum);
bool vrrp_track_uses(const struct vrrp_cfg *cfg, const struct vrrp_tracker *trk,
		     int ifindex);

#endif /* _VRRP_TRACK_H */
