/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VRRP_SYNC_H
#define _VRRP_SYNC_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

#include "fsm.h"

struct vrrp_net;
struct vrrp_instance;
struct netlink_ext_ack;

/**
 * struct vrrp_sync - a sync group (keepalived's vrrp_sync_group)
 *
 * Exists while it has members. @members and the members' @sync_fault
 * change under @lock; joining and leaving also hold vn->lock. @lock ranks
 * above every member's vr->lock: a member's event is propagated after its
 * own vr->lock is released, and the other members' events run under @lock,
 * one at a time, without propagating further.
 */
struct vrrp_sync {
	struct list_head	node;		/* vn->syncs, under vn->lock */
	char			name[VRRP_NAME_MAX];
	spinlock_t		lock;		/* members, see above */
	struct list_head	members;
	unsigned int		nmembers;	/* under vn->lock and @lock */
	struct rcu_head		rcu;
};

int vrrp_sync_join(struct vrrp_net *vn, struct vrrp_instance *vr, const char *name,
		   struct netlink_ext_ack *extack);
void vrrp_sync_leave(struct vrrp_instance *vr);
void vrrp_sync_follow(struct vrrp_instance *vr, enum vrrp_fsm_event ev);
void vrrp_sync_refault(struct vrrp_instance *vr);
bool vrrp_sync_hold(struct vrrp_instance *vr);

#endif /* _VRRP_SYNC_H */
