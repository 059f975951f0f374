// SPDX-License-Identifier: GPL-2.0
/*
 * Sync groups, as keepalived's vrrp_sync_group: the members of a group
 * move together. A member becoming Master pulls the Backup members along,
 * a Master member going to Backup takes the other Masters with it, and
 * while any member is in FAULT of its own, all members are in FAULT.
 */

#include <linux/slab.h>

#include "compat.h"

#include "instance.h"
#include "netns.h"
#include "sync.h"

/* Give every member the FAULT of the others. Caller holds s->lock. */
static void vrrp_sync_refault_locked(struct vrrp_sync *s)
{
	struct vrrp_instance *m;
	unsigned int n = 0;
	bool own, others;

	list_for_each_entry(m, &s->members, sync_node)
		n += !!(READ_ONCE(m->fault) & VRRP_FAULT_OWN);
	list_for_each_entry(m, &s->members, sync_node) {
		own = READ_ONCE(m->fault) & VRRP_FAULT_OWN;
		others = n > own;
		if (READ_ONCE(m->sync_fault) == others)
			continue;
		WRITE_ONCE(m->sync_fault, others);
		vrrp_instance_sync_reeval(m);
	}
}

/* @vr's own FAULT started or ended. */
void vrrp_sync_refault(struct vrrp_instance *vr)
{
	struct vrrp_sync *s;

	rcu_read_lock();
	s = rcu_dereference(vr->sync);
	if (s) {
		spin_lock_bh(&s->lock);
		vrrp_sync_refault_locked(s);
		spin_unlock_bh(&s->lock);
	}
	rcu_read_unlock();
}

/*
 * May @vr go Master on its own (its Master_Down_Timer ran out)? As
 * keepalived, a group prefers Backup to thrashing: only when every other
 * member is Master already or has lost its master too.
 */
bool vrrp_sync_hold(struct vrrp_instance *vr)
{
	struct vrrp_instance *m;
	struct vrrp_sync *s;
	bool hold = false;

	rcu_read_lock();
	s = rcu_dereference(vr->sync);
	if (s) {
		spin_lock_bh(&s->lock);
		list_for_each_entry(m, &s->members, sync_node)
			if (m != vr && READ_ONCE(m->fsm.state) == VRRP_STATE_BACKUP &&
			    !READ_ONCE(m->want_master))
				hold = true;
		spin_unlock_bh(&s->lock);
	}
	rcu_read_unlock();
	return hold;
}

/* @vr became Master (VRRP_EV_SYNC_MASTER) or left it (_SYNC_BACKUP). */
void vrrp_sync_follow(struct vrrp_instance *vr, enum vrrp_fsm_event ev)
{
	struct vrrp_instance *m;
	struct vrrp_sync *s;

	rcu_read_lock();
	s = rcu_dereference(vr->sync);
	if (s) {
		spin_lock_bh(&s->lock);
		list_for_each_entry(m, &s->members, sync_node)
			if (m != vr)
				vrrp_instance_sync_event(m, ev);
		spin_unlock_bh(&s->lock);
	}
	rcu_read_unlock();
}

/*
 * The group @name, created when it does not exist yet; refused when it is
 * full. Caller holds vn->lock.
 */
static struct vrrp_sync *vrrp_sync_get(struct vrrp_net *vn, const char *name,
				       struct netlink_ext_ack *extack)
{
	struct vrrp_sync *s;

	lockdep_assert_held(&vn->lock);
	list_for_each_entry(s, &vn->syncs, node) {
		if (strcmp(s->name, name))
			continue;
		if (s->nmembers >= VRRP_SYNC_MEMBER_MAX) {
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "sync group \"%s\" is full (max %u instances)",
					       name, VRRP_SYNC_MEMBER_MAX);
			return ERR_PTR(-ENOSPC);
		}
		return s;
	}
	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return ERR_PTR(-ENOMEM);
	strscpy(s->name, name, sizeof(s->name));
	spin_lock_init(&s->lock);
	INIT_LIST_HEAD(&s->members);
	list_add_tail(&s->node, &vn->syncs);
	pr_debug("sync group %s created\n", s->name);
	return s;
}

/**
 * vrrp_sync_join() - put @vr in group @name, taking it out of its old one
 * @vn: the instance's netns, lock held
 * @vr: the instance
 * @name: the group, not the one @vr is in
 * @extack: for the reason of a refusal
 *
 * The only step that can fail comes first: on failure @vr stays where it
 * was. A member is on one group's list at a time.
 */
int vrrp_sync_join(struct vrrp_net *vn, struct vrrp_instance *vr, const char *name,
		   struct netlink_ext_ack *extack)
{
	struct vrrp_sync *s;

	s = vrrp_sync_get(vn, name, extack);
	if (IS_ERR(s))
		return PTR_ERR(s);
	vrrp_sync_leave(vr);
	spin_lock_bh(&s->lock);
	list_add_tail(&vr->sync_node, &s->members);
	s->nmembers++;
	rcu_assign_pointer(vr->sync, s);
	vrrp_sync_refault_locked(s);
	spin_unlock_bh(&s->lock);
	return 0;
}

/* Caller holds vn->lock; re-evaluates @vr itself if it lives on. */
void vrrp_sync_leave(struct vrrp_instance *vr)
{
	struct vrrp_sync *s;
	bool empty;

	s = rcu_dereference_protected(vr->sync, lockdep_is_held(&vr->vn->lock));
	if (!s)
		return;
	spin_lock_bh(&s->lock);
	list_del_init(&vr->sync_node);
	s->nmembers--;
	RCU_INIT_POINTER(vr->sync, NULL);
	WRITE_ONCE(vr->sync_fault, false);
	vrrp_sync_refault_locked(s);
	empty = list_empty(&s->members);
	spin_unlock_bh(&s->lock);
	if (empty) {
		list_del(&s->node);
		pr_debug("sync group %s destroyed\n", s->name);
		kfree_rcu(s, rcu);
	}
}
