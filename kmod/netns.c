// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state and the netdevice notifier. Each netns is a
 * router of its own: its instances, its counters, its rtnetlink socket.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/wait_bit.h>

#include "instance.h"
#include "netns.h"
#include "track.h"
#include "vip.h"
#include "vmac.h"

unsigned int vrrp_net_id __read_mostly;

static int vrrp_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr);

/*
 * The netdevice notifier is per netns and lives exactly as long as vn:
 * registered first, unregistered after the last instance is gone, so a
 * device event never finds vn freed and an instance never misses its
 * device's unregistration.
 */
static int __net_init vrrp_net_init(struct net *net)
{
	struct vrrp_net *vn = vrrp_pernet(net);

	vn->net = net;
	mutex_init(&vn->lock);
	hash_init(vn->instances);
	hash_init(vn->vips);
	INIT_LIST_HEAD(&vn->trackers);
	INIT_LIST_HEAD(&vn->trackers_dead);
	INIT_LIST_HEAD(&vn->syncs);
	vn->dump_seq = 1;
	atomic_set(&vn->vip_works, 0);
	vn->netdev_nb.notifier_call = vrrp_netdev_event;
	return register_netdevice_notifier_net(net, &vn->netdev_nb);
}

/*
 * Netfilter hooks go first: packets may be inside them (with @vn as their
 * private data) until the grace period that separates .pre_exit from .exit.
 */
static void __net_exit vrrp_net_pre_exit(struct net *net)
{
	vrrp_vip_net_pre_exit(vrrp_pernet(net));
}

/*
 * Runs before the netns's devices go (pernet device ops exit in reverse
 * registration order), so a master can still send priority 0. On module
 * unload the netns lives on and its VIPs must be removed; when the netns
 * itself dies its devices take the addresses along.
 */
static void __net_exit vrrp_net_exit(struct net *net)
{
	struct vrrp_net *vn = vrrp_pernet(net);
	bool alive = check_net(net);
	struct vrrp_instance *vr;
	struct hlist_node *tmp;
	int bkt;

	mutex_lock(&vn->lock);
	hash_for_each_safe(vn->instances, bkt, tmp, vr, hnode)
		vrrp_instance_destroy(vr, alive);
	mutex_unlock(&vn->lock);
	vrrp_trackers_net_exit(vn);
	/* Queued VIP work holds instance references and uses vn: wait for
	 * this netns's only, not for the whole (shared) workqueue.
	 */
	wait_var_event(&vn->vip_works, !atomic_read(&vn->vip_works));
	vrrp_vip_net_exit(vn);
	unregister_netdevice_notifier_net(net, &vn->netdev_nb);
}

static struct pernet_operations vrrp_net_ops = {
	.init	= vrrp_net_init,
	.pre_exit = vrrp_net_pre_exit,
	.exit	= vrrp_net_exit,
	.id	= &vrrp_net_id,
	.size	= sizeof(struct vrrp_net),
};

/*
 * The interface of some of @vr's VIPs (not its own): the VIP work installs
 * them when it comes up, removes them when it goes down and forgets them
 * when it goes away. The instance's state does not change.
 */
static void vrrp_vip_dev_event(struct vrrp_instance *vr, struct net_device *dev,
			       unsigned long event)
{
	switch (event) {
	case NETDEV_DOWN:
	case NETDEV_UNREGISTER:
		pr_info("%s: %s is %s, its VIPs are not installed there\n", vr->name,
			dev->name, event == NETDEV_DOWN ? "down" : "gone");
		fallthrough;
	case NETDEV_UP:
		vrrp_instance_queue_vips(vr);
		break;
	}
}

static void vrrp_dev_event(struct vrrp_instance *vr, struct net_device *dev,
			   unsigned long event)
{
	const struct vrrp_cfg *cfg;
	bool tracked, vips;

	if (vr->ifindex != dev->ifindex) {
		/* A tracked interface, or one of the VIPs' */
		rcu_read_lock();
		cfg = rcu_dereference(vr->cfg);
		tracked = vrrp_track_uses(cfg, NULL, dev->ifindex);
		vips = vrrp_vip_uses_dev(cfg, dev->ifindex);
		rcu_read_unlock();
		if (tracked)
			vrrp_instance_reeval(vr);
		if (vips)
			vrrp_vip_dev_event(vr, dev, event);
		return;
	}
	switch (event) {
	case NETDEV_UNREGISTER:
		/* The VIP work finishes the job under vn->lock. */
		vrrp_instance_kill(vr, VRRP_REASON_LINK);
		RCU_INIT_POINTER(vr->dev, NULL);
		vr->mc_joined = false;
		vrrp_vmac_detach(vr);
		vrrp_instance_queue_vips(vr);
		return;
	case NETDEV_GOING_DOWN:
		/* Still up: priority 0 gets out. */
		vrrp_instance_link_event(vr, true);
		return;
	default:
		vrrp_instance_link_event(vr, false);
		return;
	}
}

/*
 * Under RTNL, which ranks below vn->lock: instances are collected under RCU
 * with a reference each and handled without vn->lock.
 */
static int vrrp_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct vrrp_net *vn = container_of(nb, struct vrrp_net, netdev_nb);
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct vrrp_instance *vr, *tmp;
	LIST_HEAD(batch);
	int bkt;

	switch (event) {
	case NETDEV_UP:
	case NETDEV_CHANGE:
	case NETDEV_GOING_DOWN:
	case NETDEV_DOWN:
	case NETDEV_UNREGISTER:
		break;
	default:
		return NOTIFY_DONE;
	}

	rcu_read_lock();
	hash_for_each_rcu(vn->instances, bkt, vr, hnode)
		if ((vr->ifindex == dev->ifindex ||
		     vrrp_track_uses(rcu_dereference(vr->cfg), NULL, dev->ifindex) ||
		     vrrp_vip_uses_dev(rcu_dereference(vr->cfg), dev->ifindex)) &&
		    refcount_inc_not_zero(&vr->ref))
			list_add_tail(&vr->tmp_node, &batch);
	rcu_read_unlock();

	list_for_each_entry_safe(vr, tmp, &batch, tmp_node) {
		list_del(&vr->tmp_node);
		vrrp_dev_event(vr, dev, event);
		vrrp_instance_put(vr);
	}
	return NOTIFY_DONE;
}

int vrrp_netns_init(void)
{
	return register_pernet_device(&vrrp_net_ops);
}

void vrrp_netns_exit(void)
{
	unregister_pernet_device(&vrrp_net_ops);
}
