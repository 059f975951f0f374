// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual MAC mode (RFC 9568 7.3) on the instance's own interface, without
 * an extra (macvlan) device:
 *
 *  - receive: while master, the vMAC is in the device's unicast filter
 *    (dev_uc_add), and an ingress hook on the device turns frames sent to it
 *    from PACKET_OTHERHOST into PACKET_HOST, so IPv4, ARP and IPv6 take them
 *    as if they were sent to the device's own address;
 *  - transmit: multicast adverts, gratuitous ARPs and unsolicited NAs are
 *    built with the vMAC by tx.c; the kernel's own ARP and ND packets for or
 *    from an installed VIP get it here, in ARP OUT and IPv6 LOCAL_OUT hooks
 *    of the netns, so a neighbour's entry for a VIP is always the vMAC and
 *    never changes on failover.
 *
 * The same hooks, in every mode, drop ARP replies and NAs for a VIP whose
 * instance has just left Master and not yet removed it (the VIP work runs
 * in process context), so the old master never answers the new master's
 * announcements.
 *
 * The filter entry (vr->vmac_uc) changes under vn->lock with the VIPs
 * (vip.c); the hooks read it locklessly under RCU, as they read the VIP
 * table. The ingress hook belongs to the instance and is registered and
 * removed under RTNL.
 *
 * The kernel turns its ingress static key on for the first netdev ingress
 * hook and off after the last, and each turn patches kernel text on every
 * CPU (int3, three rounds of IPIs). Instances come and go at the pace of
 * whoever holds CAP_NET_ADMIN in some netns, a container's root included:
 * from the first vMAC instance until module exit the module holds one
 * reference of its own, so instances move a counter and never the code.
 * (Seen in the emulated test guest: fuzzed vMAC create/delete flipped the
 * key hundreds of times a second and one flip ended in "Oops: int3" in
 * __netif_receive_skb_core.)
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_arp.h>
#include <linux/netfilter_ipv6.h>
#include <linux/netfilter_netdev.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/ip6_checksum.h>
#include <net/ndisc.h>

#include "vip.h"
#include "vmac.h"

/* The instance's ingress hook, freed after a grace period. */
struct vrrp_vmac_hook {
	struct nf_hook_ops	ops;
	struct rcu_head		rcu;
};

/* Whether the module holds its ingress key reference. Under RTNL. */
static bool vrrp_ingress_ref;

static void vrrp_vmac_hold_ingress(void)
{
#ifdef CONFIG_NET_INGRESS
	ASSERT_RTNL();
	if (!vrrp_ingress_ref) {
		net_inc_ingress_queue();
		vrrp_ingress_ref = true;
	}
#endif
}

/* Module exit: no instance, hence no ingress hook of ours, is left. */
void vrrp_vmac_exit(void)
{
#ifdef CONFIG_NET_INGRESS
	if (vrrp_ingress_ref)
		net_dec_ingress_queue();
	vrrp_ingress_ref = false;
#endif
}

static unsigned int vrrp_vmac_ingress(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	struct vrrp_instance *vr = priv;
	u8 vmac[ETH_ALEN];

	if (skb->pkt_type != PACKET_OTHERHOST || !skb_mac_header_was_set(skb) ||
	    !READ_ONCE(vr->vmac_uc))
		return NF_ACCEPT;
	vrrp_vmac(vr, vmac);
	if (ether_addr_equal(eth_hdr(skb)->h_dest, vmac))
		skb->pkt_type = PACKET_HOST;
	return NF_ACCEPT;
}

/*
 * The instance that installed VIP @addr on @dev, or NULL. Sets *@drop when
 * the instance is no longer master: its VIPs are about to go (the VIP work
 * removes them in process context) and its replies for them must not
 * compete with the new master's announcements.
 */
static struct vrrp_instance *vrrp_vip_owner(struct vrrp_net *vn, u8 family,
					    const u8 *addr, const struct net_device *dev,
					    bool reply, bool *drop)
{
	struct vrrp_instance *vr = vrrp_vip_lookup_rcu(vn, family, addr);

	*drop = false;
	if (!vr || !dev || vr->ifindex != dev->ifindex)
		return NULL;
	if (reply && READ_ONCE(vr->fsm.state) != VRRP_STATE_MASTER) {
		*drop = true;
		return NULL;
	}
	return READ_ONCE(vr->vmac_uc) ? vr : NULL;
}

/*
 * ARP from a VIP (replies for it, and requests the master sends from it to
 * reach a client): sender hardware address and Ethernet source, or the
 * receiver learns the interface's own address for the VIP.
 */
static unsigned int vrrp_vmac_arp_out(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	unsigned int end = skb_network_offset(skb) + sizeof(struct arphdr) +
			   2 * (ETH_ALEN + 4);
	struct vrrp_instance *vr;
	const struct arphdr *arp;
	u8 addr[16] = {};
	u8 vmac[ETH_ALEN];
	bool drop;
	u8 *sha;

	if (skb_network_offset(skb) < 0 || skb_headlen(skb) < end)
		return NF_ACCEPT;
	arp = arp_hdr(skb);
	if ((arp->ar_op != htons(ARPOP_REPLY) && arp->ar_op != htons(ARPOP_REQUEST)) ||
	    arp->ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->ar_pro != htons(ETH_P_IP) || arp->ar_hln != ETH_ALEN ||
	    arp->ar_pln != 4)
		return NF_ACCEPT;
	sha = (u8 *)(arp + 1);
	memcpy(addr, sha + ETH_ALEN, 4);
	vr = vrrp_vip_owner(priv, AF_INET, addr, skb->dev,
			    arp->ar_op == htons(ARPOP_REPLY), &drop);
	if (drop)
		return NF_DROP;
	if (!vr || skb_ensure_writable(skb, end))
		return NF_ACCEPT;
	vrrp_vmac(vr, vmac);
	sha = (u8 *)(arp_hdr(skb) + 1);
	memcpy(sha, vmac, ETH_ALEN);
	/* arp_create() put the link-layer header in front already */
	if (skb_network_offset(skb) == ETH_HLEN)
		memcpy(((struct ethhdr *)skb->data)->h_source, vmac, ETH_ALEN);
	return NF_ACCEPT;
}

/*
 * Neighbour Discovery for or from a VIP: a Neighbor Advertisement's target
 * link-layer address option when the target is a VIP, a Neighbor
 * Solicitation's source link-layer address option when sent from one.
 */
static unsigned int vrrp_vmac_na_out(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	unsigned int off = skb_network_offset(skb) + sizeof(struct ipv6hdr);
	struct vrrp_instance *vr;
	struct ipv6hdr *ip6h;
	struct nd_msg *msg;
	u8 vmac[ETH_ALEN];
	unsigned int plen, i;
	u8 *opt, type;
	bool drop;

	ip6h = ipv6_hdr(skb);
	plen = ntohs(ip6h->payload_len);
	if (ip6h->nexthdr != IPPROTO_ICMPV6 || plen < sizeof(*msg) + 8 ||
	    skb_headlen(skb) < off + plen)
		return NF_ACCEPT;
	msg = (struct nd_msg *)(skb_network_header(skb) + sizeof(*ip6h));
	if (msg->icmph.icmp6_type == NDISC_NEIGHBOUR_ADVERTISEMENT) {
		type = ND_OPT_TARGET_LL_ADDR;
		vr = vrrp_vip_owner(priv, AF_INET6, (const u8 *)&msg->target, state->out,
				    true, &drop);
	} else if (msg->icmph.icmp6_type == NDISC_NEIGHBOUR_SOLICITATION) {
		type = ND_OPT_SOURCE_LL_ADDR;
		vr = vrrp_vip_owner(priv, AF_INET6, (const u8 *)&ip6h->saddr, state->out,
				    false, &drop);
	} else {
		return NF_ACCEPT;
	}
	if (drop)
		return NF_DROP;
	if (!vr || skb_ensure_writable(skb, off + plen))
		return NF_ACCEPT;
	ip6h = ipv6_hdr(skb);
	msg = (struct nd_msg *)(skb_network_header(skb) + sizeof(*ip6h));
	vrrp_vmac(vr, vmac);
	for (i = sizeof(*msg); i + 8 <= plen; i += opt[1] * 8) {
		opt = (u8 *)msg + i;
		if (!opt[1])
			break;
		if (opt[0] != type || opt[1] != 1)
			continue;
		memcpy(opt + 2, vmac, ETH_ALEN);
		msg->icmph.icmp6_cksum = 0;
		msg->icmph.icmp6_cksum = csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, plen,
							 IPPROTO_ICMPV6,
							 csum_partial(msg, plen, 0));
		skb->ip_summed = CHECKSUM_NONE;
		break;
	}
	return NF_ACCEPT;
}

void vrrp_vmac_nf_ops(struct vrrp_net *vn, struct nf_hook_ops *ops)
{
	ops[0] = (struct nf_hook_ops) {
		.hook		= vrrp_vmac_arp_out,
		.priv		= vn,
		.pf		= NFPROTO_ARP,
		.hooknum	= NF_ARP_OUT,
		.priority	= 0,
	};
	ops[1] = (struct nf_hook_ops) {
		.hook		= vrrp_vmac_na_out,
		.priv		= vn,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP6_PRI_LAST - 1,
	};
}

/* The instance's ingress hook, if it uses a vMAC. Caller holds RTNL. */
int vrrp_vmac_attach(struct vrrp_instance *vr, struct net_device *dev,
		     const struct vrrp_cfg *cfg)
{
	struct vrrp_vmac_hook *h;
	struct nf_hook_ops *ops;
	int err;

	ASSERT_RTNL();
	if (!cfg->vmac || vr->vmac_hook)
		return 0;
	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		return -ENOMEM;
	ops = &h->ops;
	ops->hook = vrrp_vmac_ingress;
	ops->priv = vr;
	ops->pf = NFPROTO_NETDEV;
	ops->hooknum = NF_NETDEV_INGRESS;
	ops->priority = INT_MIN;	/* before anything looks at pkt_type */
	ops->dev = dev;
	vrrp_vmac_hold_ingress();
	err = nf_register_net_hook(dev_net(dev), ops);
	if (err) {
		kfree(h);
		return err;
	}
	vr->vmac_hook = ops;
	return 0;
}

void vrrp_vmac_detach(struct vrrp_instance *vr)
{
	struct nf_hook_ops *ops = vr->vmac_hook;

	ASSERT_RTNL();
	if (!ops)
		return;
	vr->vmac_hook = NULL;
	nf_unregister_net_hook(dev_net(ops->dev), ops);
	/*
	 * Packets still in the old hook blob use the copies of ops->hook and
	 * ops->priv (@vr, freed after a grace period too), never ops: it goes
	 * after a grace period, without making RTNL wait for one.
	 */
	kfree_rcu(container_of(ops, struct vrrp_vmac_hook, ops), rcu);
}

/*
 * Master in vMAC mode: the vMAC in the device's filter. Under vn->lock,
 * without RTNL (a device without a unicast filter goes promiscuous for it,
 * which needs RTNL).
 */
void vrrp_vmac_filter(struct vrrp_instance *vr, bool want)
{
	struct net_device *dev;
	u8 vmac[ETH_ALEN];
	int err = 0;

	lockdep_assert_held(&vr->vn->lock);
	if (want == vr->vmac_uc)
		return;
	vrrp_vmac(vr, vmac);
	rtnl_lock();
	dev = rtnl_dereference(vr->dev);
	if (dev && want)
		err = dev_uc_add(dev, vmac);
	else if (dev)
		dev_uc_del(dev, vmac);
	rtnl_unlock();
	if (err) {
		pr_warn_ratelimited("%s: cannot add %pM to the device's filter: %d\n",
				    vr->name, vmac, err);
		return;
	}
	WRITE_ONCE(vr->vmac_uc, want);
}
