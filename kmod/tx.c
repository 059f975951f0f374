// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit, in softirq or with BH disabled: adverts built by wire.c and put
 * on the wire directly (no routing, no local loopback of our own multicast),
 * and gratuitous ARPs for the VIPs.
 */

#include <linux/etherdevice.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/pkt_sched.h>
#include <net/arp.h>
#include <net/ip.h>

#include "rx.h"
#include "tx.h"
#include "vip.h"
#include "wire.h"

/*
 * The advert source: the device's first primary IPv4 address that vrrp.ko
 * did not install itself.
 */
bool vrrp_primary_addr(struct net_device *dev, u8 family, u8 *addr)
{
	const struct in_device *in_dev = __in_dev_get_rcu(dev);
	const struct in_ifaddr *ifa;

	if (!in_dev || family != AF_INET)
		return false;
	in_dev_for_each_ifa_rcu(ifa, in_dev) {
		if ((ifa->ifa_flags & IFA_F_SECONDARY) ||
		    ifa->ifa_proto == VRRP_IFA_PROTO)
			continue;
		memcpy(addr, &ifa->ifa_local, sizeof(ifa->ifa_local));
		return true;
	}
	return false;
}

void vrrp_tx_advert(struct vrrp_instance *vr, struct net_device *dev,
		    const struct vrrp_cfg *cfg, u8 prio)
{
	unsigned char ha[MAX_ADDR_LEN];
	struct sk_buff *skb;
	struct iphdr *iph;
	__be32 saddr;
	size_t len;
	u8 *buf;

	if (!vrrp_primary_addr(dev, vr->family, (u8 *)&saddr)) {
		net_dbg_ratelimited("%s: no IPv4 address on %s, advert not sent\n",
				    vr->name, dev->name);
		return;
	}
	len = vrrp_wire_len(VRRP_AF_INET, cfg->wire_count);
	skb = alloc_skb(LL_RESERVED_SPACE(dev) + sizeof(*iph) + len +
			dev->needed_tailroom, GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	skb_reset_network_header(skb);
	iph = skb_put(skb, sizeof(*iph));
	skb_set_transport_header(skb, sizeof(*iph));
	buf = skb_put(skb, len);
	vrrp_wire_encode(buf, VRRP_AF_INET, (u8 *)&saddr, cfg->group, vr->vrid,
			 prio, cfg->adv_int, cfg->wire_addrs, cfg->wire_count,
			 cfg->csum);

	iph->version = 4;
	iph->ihl = 5;
	iph->tos = IPTOS_PREC_INTERNETCONTROL;
	iph->tot_len = htons(skb->len);
	iph->id = 0;
	iph->frag_off = htons(IP_DF);
	iph->ttl = VRRP_IP_TTL;
	iph->protocol = VRRP_IPPROTO;
	iph->saddr = saddr;
	memcpy(&iph->daddr, cfg->group, sizeof(iph->daddr));
	ip_send_check(iph);

	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);
	skb->priority = TC_PRIO_CONTROL;
	ip_eth_mc_map(iph->daddr, ha);
	if (dev_hard_header(skb, dev, ETH_P_IP, ha, NULL, skb->len) < 0) {
		kfree_skb(skb);
		return;
	}
	if (dev_queue_xmit(skb) == NET_XMIT_SUCCESS)
		vrrp_stat_inc(vr, VRRP_ISTAT_SENT_ADVERTS);
}

/* One gratuitous ARP request per VIP. */
void vrrp_tx_garps(struct vrrp_instance *vr, struct net_device *dev,
		   const struct vrrp_cfg *cfg)
{
	__be32 vip;
	u16 i;

	if (vr->family != AF_INET)
		return;
	for (i = 0; i < cfg->nvips; i++) {
		memcpy(&vip, cfg->vips[i].addr, sizeof(vip));
		arp_send(ARPOP_REQUEST, ETH_P_ARP, vip, dev, vip, NULL,
			 dev->dev_addr, NULL);
		vrrp_stat_inc(vr, VRRP_ISTAT_SENT_GARPS);
	}
}
