/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VRRP_NETNS_H
#define _VRRP_NETNS_H

#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

enum {
	VRRP_RSTAT_CHECKSUM_ERRORS,
	VRRP_RSTAT_VERSION_ERRORS,
	VRRP_RSTAT_VRID_ERRORS,
	VRRP_RSTAT_LENGTH_ERRORS,
	VRRP_RSTAT_MAX
};

/**
 * struct vrrp_net - per network namespace state
 * @lock: serialises configuration: instance create/change/delete, VIP
 *	installation and removal. Taken before RTNL, never while holding it.
 * @instances: by (ifindex, vrid, family); writers hold @lock, readers RCU.
 * @vips: installed VIPs of this netns (vip.c), for the accept-mode hook.
 * @trackers: the trackers (track.c), under @lock; @trackers_dead: deleted
 *	ones waiting to be freed outside @lock.
 * @syncs: the sync groups (sync.c), under @lock.
 * @count, @nvips: instances and their VIPs, bounded by VRRP_NETNS_*_MAX.
 * @dump_seq: changes with the instance and tracker lists (dump consistency).
 * @vip_works: queued VIP works of this netns; netns exit waits for none.
 */
struct vrrp_net {
	struct net		*net;
	struct mutex		lock;		/* configuration, see above */
	DECLARE_HASHTABLE(instances, 8);
	unsigned int		count;
	unsigned int		nvips;
	unsigned int		dump_seq;
	atomic_t		vip_works;
	DECLARE_HASHTABLE(vips, 6);
	struct list_head	trackers;
	struct list_head	trackers_dead;
	unsigned int		ntrackers;
	struct list_head	syncs;
	struct socket		*rtnl;
	struct nf_hook_ops	hooks[5];	/* vip.c: accept mode, vmac.c, split.c */
	struct notifier_block	netdev_nb;
	bool			hook_registered;
	bool			hooks_gone;	/* .pre_exit ran */
	atomic64_t		stats[VRRP_RSTAT_MAX];
};

extern unsigned int vrrp_net_id;
extern struct workqueue_struct *vrrp_wq;

static inline struct vrrp_net *vrrp_pernet(const struct net *net)
{
	return net_generic(net, vrrp_net_id);
}

int vrrp_netns_init(void);
void vrrp_netns_exit(void);

#endif /* _VRRP_NETNS_H */
