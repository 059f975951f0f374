// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit, in softirq or with BH disabled: adverts built by wire.c, and the
 * announcements of a new master (gratuitous ARPs for IPv4 VIPs, unsolicited
 * Neighbor Advertisements for IPv6 VIPs).
 *
 * Multicast adverts are put on the wire directly: no routing, no local
 * loopback of our own multicast, and the virtual MAC as the source when the
 * instance uses one. Unicast adverts go to each peer through the routing
 * table and the neighbour layer (the peer may be routed), from the interface
 * address.
 */

#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_sched.h>
#include <net/addrconf.h>
#include <net/arp.h>
#include <net/if_inet6.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/route.h>

#include "rx.h"
#include "tx.h"
#include "vip.h"
#include "wire.h"

/*
 * The advert source: IPv4, the device's first primary address that vrrp.ko
 * did not install itself; IPv6, its oldest usable link-local address that
 * is not ours either (an IPv6 instance's first VIP is link-local too).
 */
bool vrrp_primary_addr(struct net_device *dev, u8 family, u8 *addr)
{
	const struct inet6_ifaddr *ifp;
	const struct in_ifaddr *ifa;
	struct inet6_dev *idev;
	struct in_device *in_dev;
	bool found = false;

	if (family == AF_INET6) {
		idev = __in6_dev_get(dev);
		if (!idev)
			return false;
		read_lock_bh(&idev->lock);
		list_for_each_entry_reverse(ifp, &idev->addr_list, if_list) {
			if (ifp->scope != IFA_LINK ||
			    (ifp->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)) ||
			    ifp->ifa_proto == VRRP_IFA_PROTO)
				continue;
			memcpy(addr, &ifp->addr, sizeof(ifp->addr));
			found = true;
			break;
		}
		read_unlock_bh(&idev->lock);
		return found;
	}
	in_dev = __in_dev_get_rcu(dev);
	if (!in_dev)
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

/*
 * Is @addr an address of @dev that vrrp.ko did not install (IPv6: a usable
 * link-local one)? Caller holds RCU.
 */
bool vrrp_dev_has_addr(struct net_device *dev, u8 family, const u8 *addr)
{
	const struct inet6_ifaddr *ifp;
	const struct in_ifaddr *ifa;
	struct inet6_dev *idev;
	struct in_device *in_dev;
	bool found = false;

	if (family == AF_INET6) {
		idev = __in6_dev_get(dev);
		if (!idev)
			return false;
		read_lock_bh(&idev->lock);
		list_for_each_entry(ifp, &idev->addr_list, if_list) {
			if (ifp->scope != IFA_LINK ||
			    (ifp->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)) ||
			    ifp->ifa_proto == VRRP_IFA_PROTO ||
			    memcmp(&ifp->addr, addr, sizeof(ifp->addr)))
				continue;
			found = true;
			break;
		}
		read_unlock_bh(&idev->lock);
		return found;
	}
	in_dev = __in_dev_get_rcu(dev);
	if (!in_dev)
		return false;
	in_dev_for_each_ifa_rcu(ifa, in_dev)
		if (ifa->ifa_proto != VRRP_IFA_PROTO &&
		    !memcmp(&ifa->ifa_local, addr, sizeof(ifa->ifa_local)))
			return true;
	return false;
}

/*
 * Our source address for adverts: VRRP_A_UNICAST_SRC, else the primary.
 * A multicast advert goes from it only while it is an address of @dev (it
 * was when configured): else from the primary address.
 */
bool vrrp_src_addr(struct vrrp_instance *vr, struct net_device *dev,
		   const struct vrrp_cfg *cfg, u8 *addr)
{
	if (memchr_inv(cfg->ucast_src, 0, vrrp_alen(vr->family)) &&
	    (vrrp_cfg_unicast(cfg) || vrrp_dev_has_addr(dev, vr->family, cfg->ucast_src))) {
		memcpy(addr, cfg->ucast_src, vrrp_alen(vr->family));
		return true;
	}
	return vrrp_primary_addr(dev, vr->family, addr);
}

/* The VRRP message for @daddr, after an IP header of @hlen bytes. */
static struct sk_buff *vrrp_advert_skb(struct vrrp_instance *vr, struct net_device *dev,
				       const struct vrrp_cfg *cfg, u8 prio,
				       const u8 *saddr, const u8 *daddr, size_t hlen)
{
	struct sk_buff *skb;
	size_t len;
	u8 *buf;

	len = vr->version == 2 ? vrrp_wire_len_v2(cfg->wire_count) :
				 vrrp_wire_len(vr->family, cfg->wire_count);
	skb = alloc_skb(LL_RESERVED_SPACE(dev) + hlen + len + dev->needed_tailroom,
			GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_RESERVED_SPACE(dev) + hlen);
	skb_reset_transport_header(skb);
	buf = skb_put(skb, len);
	if (vr->version == 2)
		vrrp_wire_encode_v2(buf, vr->vrid, prio, cfg->adv_int / 100,
				    cfg->wire_addrs, cfg->wire_count,
				    cfg->auth_type, cfg->auth_data);
	else
		vrrp_wire_encode(buf, vr->family, saddr, daddr, vr->vrid, prio,
				 cfg->adv_int, cfg->wire_addrs, cfg->wire_count,
				 vrrp_csum_sent(vr, cfg));
	skb_push(skb, hlen);
	skb_reset_network_header(skb);
	skb->dev = dev;
	skb->priority = TC_PRIO_CONTROL;
	return skb;
}

static void vrrp_ip_hdr(struct sk_buff *skb, const u8 *saddr, const u8 *daddr, u8 ttl)
{
	struct iphdr *iph = ip_hdr(skb);

	iph->version = 4;
	iph->ihl = 5;
	iph->tos = IPTOS_PREC_INTERNETCONTROL;
	iph->tot_len = htons(skb->len);
	iph->id = 0;
	iph->frag_off = htons(IP_DF);
	iph->ttl = ttl;
	iph->protocol = VRRP_IPPROTO;
	memcpy(&iph->saddr, saddr, 4);
	memcpy(&iph->daddr, daddr, 4);
	ip_send_check(iph);
	skb->protocol = htons(ETH_P_IP);
}

static void vrrp_ip6_hdr(struct sk_buff *skb, const u8 *saddr, const u8 *daddr,
			 u8 hlim, u8 nexthdr)
{
	struct ipv6hdr *ip6h = ipv6_hdr(skb);

	ip6_flow_hdr(ip6h, 0, 0);
	ip6h->payload_len = htons(skb->len - sizeof(*ip6h));
	ip6h->nexthdr = nexthdr;
	ip6h->hop_limit = hlim;
	memcpy(&ip6h->saddr, saddr, 16);
	memcpy(&ip6h->daddr, daddr, 16);
	skb->protocol = htons(ETH_P_IPV6);
}

/* Straight to the device, to a multicast @daddr, from @src_hw. */
static bool vrrp_xmit_mc(struct sk_buff *skb, struct net_device *dev,
			 const u8 *daddr, const u8 *src_hw)
{
	unsigned char ha[MAX_ADDR_LEN];

	if (skb->protocol == htons(ETH_P_IPV6))
		ipv6_eth_mc_map((const struct in6_addr *)daddr, ha);
	else
		ip_eth_mc_map(*(const __be32 *)daddr, ha);
	if (dev_hard_header(skb, dev, ntohs(skb->protocol), ha, src_hw, skb->len) < 0) {
		kfree_skb(skb);
		return false;
	}
	return dev_queue_xmit(skb) == NET_XMIT_SUCCESS;
}

/* Through routing and the neighbour layer, out of @dev only. */
static bool vrrp_xmit_routed6(struct sk_buff *skb, struct net_device *dev,
			      const u8 *saddr, const u8 *daddr)
{
	struct flowi6 fl6 = {
		.flowi6_oif	= dev->ifindex,
		.flowi6_proto	= VRRP_IPPROTO,
	};
	struct net *net = dev_net(dev);
	struct dst_entry *dst;

	memcpy(&fl6.daddr, daddr, 16);
	memcpy(&fl6.saddr, saddr, 16);
	dst = ip6_route_output(net, NULL, &fl6);
	if (dst->error) {
		dst_release(dst);
		kfree_skb(skb);
		return false;
	}
	skb_dst_set(skb, dst);
	return ip6_local_out(net, NULL, skb) == NET_XMIT_SUCCESS;
}

static bool vrrp_xmit_routed(struct sk_buff *skb, struct net_device *dev,
			     const u8 *saddr, const u8 *daddr)
{
	struct flowi4 fl4 = {
		.flowi4_oif	= dev->ifindex,
		.flowi4_proto	= VRRP_IPPROTO,
	};
	struct net *net = dev_net(dev);
	struct rtable *rt;

	if (skb->protocol == htons(ETH_P_IPV6))
		return vrrp_xmit_routed6(skb, dev, saddr, daddr);
	memcpy(&fl4.daddr, daddr, 4);
	memcpy(&fl4.saddr, saddr, 4);
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt)) {
		kfree_skb(skb);
		return false;
	}
	skb_dst_set(skb, &rt->dst);
	return ip_local_out(net, NULL, skb) == NET_XMIT_SUCCESS;
}

static void vrrp_tx_one(struct vrrp_instance *vr, struct net_device *dev,
			const struct vrrp_cfg *cfg, u8 prio, const u8 *saddr,
			const u8 *daddr, bool unicast)
{
	bool v6 = vr->family == AF_INET6;
	size_t hlen = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	u8 ttl = unicast ? cfg->ucast_ttl : VRRP_IP_TTL;
	u8 vmac[ETH_ALEN];
	struct sk_buff *skb;
	bool sent;

	skb = vrrp_advert_skb(vr, dev, cfg, prio, saddr, daddr, hlen);
	if (!skb)
		return;
	if (v6)
		vrrp_ip6_hdr(skb, saddr, daddr, ttl, VRRP_IPPROTO);
	else
		vrrp_ip_hdr(skb, saddr, daddr, ttl);
	if (unicast) {
		sent = vrrp_xmit_routed(skb, dev, saddr, daddr);
	} else {
		vrrp_vmac(vr, vmac);
		sent = vrrp_xmit_mc(skb, dev, daddr, cfg->vmac ? vmac : NULL);
	}
	if (sent)
		vrrp_stat_inc(vr, VRRP_ISTAT_SENT_ADVERTS);
}

void vrrp_tx_advert(struct vrrp_instance *vr, struct net_device *dev,
		    const struct vrrp_cfg *cfg, u8 prio)
{
	u8 saddr[16];
	u8 i;

	if (!vrrp_src_addr(vr, dev, cfg, saddr)) {
		net_dbg_ratelimited("%s: no %s source address on %s, advert not sent\n",
				    vr->name, vr->family == AF_INET6 ? "IPv6 link-local" : "IPv4",
				    dev->name);
		return;
	}
	if (!vrrp_cfg_unicast(cfg)) {
		vrrp_tx_one(vr, dev, cfg, prio, saddr, cfg->group, false);
		return;
	}
	for (i = 0; i < cfg->npeers; i++)
		vrrp_tx_one(vr, dev, cfg, prio, saddr, cfg->peers[i].addr, true);
}

/*
 * RFC 9568 6.4.1 / 6.4.2: an unsolicited Neighbor Advertisement for @vip to
 * all nodes, Override set, Router set when the interface forwards, with the
 * target link-layer address option, from the VIP itself.
 */
static void vrrp_tx_na(struct vrrp_instance *vr, struct net_device *dev,
		       const u8 *vip, const u8 *hw)
{
	static const struct in6_addr all_nodes = IN6ADDR_LINKLOCAL_ALLNODES_INIT;
	size_t len = sizeof(struct nd_msg) + 8;	/* one 8-byte lladdr option */
	const struct inet6_dev *idev = __in6_dev_get(dev);
	struct ipv6hdr *ip6h;
	struct sk_buff *skb;
	struct nd_msg *msg;
	u8 *opt;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + sizeof(*ip6h) + len +
			dev->needed_tailroom, GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, LL_RESERVED_SPACE(dev) + sizeof(*ip6h));
	skb_reset_transport_header(skb);
	msg = skb_put_zero(skb, len);
	msg->icmph.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	msg->icmph.icmp6_override = 1;
	msg->icmph.icmp6_router = idev && READ_ONCE(idev->cnf.forwarding) > 0;
	memcpy(&msg->target, vip, 16);
	opt = msg->opt;
	opt[0] = ND_OPT_TARGET_LL_ADDR;
	opt[1] = 1;			/* in units of 8 bytes */
	memcpy(opt + 2, hw, ETH_ALEN);
	msg->icmph.icmp6_cksum = csum_ipv6_magic((const struct in6_addr *)vip, &all_nodes,
						 len, IPPROTO_ICMPV6,
						 csum_partial(msg, len, 0));
	skb_push(skb, sizeof(*ip6h));
	skb_reset_network_header(skb);
	skb->dev = dev;
	skb->priority = TC_PRIO_CONTROL;
	vrrp_ip6_hdr(skb, vip, (const u8 *)&all_nodes, 255, IPPROTO_ICMPV6);
	if (vrrp_xmit_mc(skb, dev, (const u8 *)&all_nodes, hw))
		vrrp_stat_inc(vr, VRRP_ISTAT_SENT_GARPS);
}

/*
 * @n gratuitous ARP requests or unsolicited NAs, for VIP @first onwards,
 * wrapping around the list (timers.c bounds @n). A VIP on another interface
 * is announced there with that interface's MAC address, while it is up and
 * not a loopback. Caller holds rcu_read_lock.
 */
void vrrp_tx_garps(struct vrrp_instance *vr, struct net_device *dev,
		   const struct vrrp_cfg *cfg, u16 first, u32 n)
{
	const u8 *own_hw = dev->dev_addr, *hw;
	struct net_device *vdev;
	u8 vmac[ETH_ALEN];
	u32 i = first;
	__be32 vip;

	if (cfg->vmac) {
		vrrp_vmac(vr, vmac);
		own_hw = vmac;
	}
	for (; n; n--, i++) {
		if (i >= cfg->nvips)
			i = 0;
		vdev = dev;
		hw = own_hw;
		if (cfg->vips[i].ifindex && cfg->vips[i].ifindex != dev->ifindex) {
			vdev = dev_get_by_index_rcu(dev_net(dev), cfg->vips[i].ifindex);
			if (!vdev || !netif_running(vdev) ||
			    (vdev->flags & (IFF_LOOPBACK | IFF_NOARP)))
				continue;
			hw = vdev->dev_addr;
		}
		if (vr->family == AF_INET6) {
			vrrp_tx_na(vr, vdev, cfg->vips[i].addr, hw);
			continue;
		}
		memcpy(&vip, cfg->vips[i].addr, sizeof(vip));
		arp_send(ARPOP_REQUEST, ETH_P_ARP, vip, vdev, vip, NULL, hw, NULL);
		vrrp_stat_inc(vr, VRRP_ISTAT_SENT_GARPS);
	}
}
