/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VRRP_SPLIT_H
#define _VRRP_SPLIT_H

#include <linux/if_ether.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct sk_buff;
struct vrrp_instance;
struct vrrp_net;
struct vrrp_cfg;
struct vrrp_advert;
struct nf_hook_ops;

/* The last conflict or mismatch of one kind (uapi VRRP_CONFLICT_A_*). */
struct vrrp_split_rec {
	bool		seen;		/* anything recorded */
	unsigned long	last;		/* jiffies of the last packet */
	unsigned long	event;		/* jiffies of the last event */
	u8		kind;		/* enum vrrp_conflict_kind */
	u8		vip[16];
	u8		mac[ETH_ALEN];
	u8		peer[16];
	bool		has_peer;
	u32		bits;		/* VRRP_HINT_* or VRRP_MISMATCH_* */
};

/*
 * Split-brain state of an instance (split.c). @lock (BH-safe) protects all
 * of it; taken in softirq by the ARP / ND hooks and the receive path, and
 * by dumps; nothing is called with it held.
 */
struct vrrp_split {
	spinlock_t		lock;	/* all of the above and below */
	struct vrrp_split_rec	conflict;
	struct vrrp_split_rec	mismatch;
	bool			adv_seen;
	u8			adv_mac[ETH_ALEN];	/* last advert's sender */
	unsigned long		adv_at;			/* and when */
	unsigned long		ow_last;		/* last lower master advert */
	u64			ow_sent;		/* our sent_adverts at the first */
	u8			ow_count;		/* such adverts in a row */
};

void vrrp_split_init(struct vrrp_split *sp);
void vrrp_split_nd(struct vrrp_net *vn, struct sk_buff *skb, unsigned int off, u8 type);
void vrrp_split_advert(struct vrrp_instance *vr, const struct vrrp_cfg *cfg,
		       struct sk_buff *skb, const struct vrrp_advert *adv,
		       const u8 *saddr, int addr_cmp, u8 form);
void vrrp_split_rx_error(struct vrrp_instance *vr, struct sk_buff *skb,
			 const u8 *saddr, u32 what);
int vrrp_split_put(struct sk_buff *skb, struct vrrp_instance *vr);
void vrrp_split_nf_ops(struct vrrp_net *vn, struct nf_hook_ops *ops);

#define VRRP_SPLIT_NF_OPS	1	/* per-netns hooks vrrp_split_nf_ops() fills */

#endif /* _VRRP_SPLIT_H */
