// SPDX-License-Identifier: GPL-2.0
/*
 * Receive: the IPv4 protocol 112 handler, in softirq under RCU. Validates
 * in the order RFC 9568 section 7.1 lists, counts every discard, and hands
 * a valid advert to its instance.
 */

#include <linux/ip.h>
#include <net/ip.h>
#include <net/protocol.h>

#include "instance.h"
#include "netns.h"
#include "rx.h"
#include "tx.h"
#include "wire.h"

static void vrrp_rstat_inc(struct vrrp_net *vn, int idx)
{
	atomic64_inc(&vn->stats[idx]);
}

/* Map a decode failure to the counter RFC 6527 charges for it. */
static void vrrp_rx_count_error(struct vrrp_net *vn, struct vrrp_instance *vr,
				enum vrrp_wire_err err)
{
	switch (err) {
	case VRRP_WIRE_ERR_COUNT:
		vrrp_stat_inc(vr, VRRP_ISTAT_ADDRESS_LIST_ERRORS);
		break;
	case VRRP_WIRE_ERR_SHORT:
	case VRRP_WIRE_ERR_LENGTH:
		vrrp_stat_inc(vr, VRRP_ISTAT_PACKET_LENGTH_ERRORS);
		break;
	case VRRP_WIRE_ERR_CSUM:
		vrrp_rstat_inc(vn, VRRP_RSTAT_CHECKSUM_ERRORS);
		break;
	case VRRP_WIRE_ERR_TYPE:
		vrrp_stat_inc(vr, VRRP_ISTAT_RCVD_INVALID_TYPE);
		break;
	case VRRP_WIRE_ERR_INTERVAL:
		vrrp_stat_inc(vr, VRRP_ISTAT_ADV_INTERVAL_ERRORS);
		break;
	case VRRP_WIRE_ERR_VERSION:
		vrrp_rstat_inc(vn, VRRP_RSTAT_VERSION_ERRORS);
		break;
	case VRRP_WIRE_OK:
		break;
	}
}

static int vrrp_rcv(struct sk_buff *skb)
{
	struct vrrp_net *vn = vrrp_pernet(dev_net(skb->dev));
	const struct vrrp_cfg *cfg;
	struct vrrp_instance *vr;
	struct vrrp_advert adv;
	enum vrrp_csum_mode form;
	enum vrrp_wire_err err;
	const struct iphdr *iph;
	__be32 primary;
	u8 vrid;

	if (skb_linearize(skb))
		goto drop;
	err = vrrp_wire_peek(skb->data, skb->len, &vrid);
	if (err == VRRP_WIRE_ERR_SHORT) {
		vrrp_rstat_inc(vn, VRRP_RSTAT_LENGTH_ERRORS);
		goto drop;
	}
	if (err == VRRP_WIRE_ERR_VERSION) {
		vrrp_rstat_inc(vn, VRRP_RSTAT_VERSION_ERRORS);
		goto drop;
	}
	vr = vrrp_instance_lookup_rcu(vn, skb->dev->ifindex, vrid, AF_INET);
	if (!vr) {
		vrrp_rstat_inc(vn, VRRP_RSTAT_VRID_ERRORS);
		goto drop;
	}
	iph = ip_hdr(skb);
	cfg = rcu_dereference(vr->cfg);
	/* Another cluster's group on the same LAN: not for us, not an error. */
	if (memcmp(&iph->daddr, cfg->group, sizeof(iph->daddr)))
		goto drop;
	if (iph->ttl != VRRP_IP_TTL) {
		vrrp_stat_inc(vr, VRRP_ISTAT_IP_TTL_ERRORS);
		goto drop;
	}
	err = vrrp_wire_decode(skb->data, skb->len, VRRP_AF_INET,
			       (const u8 *)&iph->saddr, (const u8 *)&iph->daddr,
			       &adv, &form);
	if (err != VRRP_WIRE_OK) {
		vrrp_rx_count_error(vn, vr, err);
		goto drop;
	}
	if (!vrrp_primary_addr(skb->dev, AF_INET, (u8 *)&primary) ||
	    iph->saddr == primary)
		goto drop;	/* not configured yet, or our own */

	vrrp_stat_inc(vr, VRRP_ISTAT_RCVD_ADVERTS);
	vrrp_stat_inc(vr, form == VRRP_CSUM_RFC ? VRRP_ISTAT_CSUM_RFC :
						 VRRP_ISTAT_CSUM_PSEUDO);
	if (!adv.priority)
		vrrp_stat_inc(vr, VRRP_ISTAT_RCVD_PRI0);
	vrrp_instance_advert(vr, adv.priority, adv.interval,
			     (const u8 *)&iph->saddr,
			     memcmp(&iph->saddr, &primary, sizeof(primary)));
	consume_skb(skb);
	return 0;
drop:
	kfree_skb(skb);
	return 0;
}

static const struct net_protocol vrrp_protocol = {
	.handler	= vrrp_rcv,
	.no_policy	= 1,
};

int vrrp_rx_init(void)
{
	return inet_add_protocol(&vrrp_protocol, VRRP_IPPROTO) ? -EBUSY : 0;
}

void vrrp_rx_exit(void)
{
	inet_del_protocol(&vrrp_protocol, VRRP_IPPROTO);
	synchronize_net();
}
