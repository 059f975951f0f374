// SPDX-License-Identifier: GPL-2.0
/*
 * Receive: the IPv4 and IPv6 protocol 112 handlers, in softirq under RCU.
 * Validates in the order RFC 9568 section 7.1 (RFC 3768 section 7.1 for
 * VRRPv2) lists, counts every discard, and hands a valid advert to its
 * instance.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/protocol.h>

#include "instance.h"
#include "netns.h"
#include "rx.h"
#include "split.h"
#include "tx.h"
#include "wire.h"

static void vrrp_rstat_inc(struct vrrp_net *vn, int idx)
{
	atomic64_inc(&vn->stats[idx]);
}

/* Map a decode failure to the counter RFC 6527 / RFC 2787 charges for it. */
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
	case VRRP_WIRE_ERR_AUTH_INVALID:
		vrrp_stat_inc(vr, VRRP_ISTAT_INVALID_AUTH_TYPE);
		break;
	case VRRP_WIRE_ERR_AUTH_MISMATCH:
		vrrp_stat_inc(vr, VRRP_ISTAT_AUTH_TYPE_MISMATCH);
		break;
	case VRRP_WIRE_ERR_AUTH:
		vrrp_stat_inc(vr, VRRP_ISTAT_AUTH_FAILURES);
		break;
	case VRRP_WIRE_OK:
		break;
	}
}

static bool vrrp_addr_is_mc(u8 family, const u8 *addr)
{
	return family == AF_INET6 ? addr[0] == 0xff : ipv4_is_multicast(*(__be32 *)addr);
}

static const struct vrrp_peer_cfg *vrrp_rx_peer(const struct vrrp_cfg *cfg,
						const u8 *saddr, unsigned int alen)
{
	u8 i;

	for (i = 0; i < cfg->npeers; i++)
		if (!memcmp(cfg->peers[i].addr, saddr, alen))
			return &cfg->peers[i];
	return NULL;
}

/*
 * Destination and source checks, before the message itself. Returns false
 * to drop; counts what is an error (a multicast advert for another group
 * or to a unicast instance is simply not ours). Only RFC 9568 7.1's rules
 * and the unicast peer list drop: an IPv6 source that is not link-local
 * breaks a sender's rule (5.1.2.1), counted, but the advert still takes
 * part in the election; dropping it would make two masters.
 */
static bool vrrp_rx_addrs(struct vrrp_instance *vr, const struct vrrp_cfg *cfg,
			  const u8 *saddr, const u8 *daddr, u8 ttl)
{
	unsigned int alen = vrrp_alen(vr->family);
	const struct vrrp_peer_cfg *peer;

	if (vrrp_cfg_unicast(cfg)) {
		if (vrrp_addr_is_mc(vr->family, daddr))
			return false;
		peer = vrrp_rx_peer(cfg, saddr, alen);
		if (!peer) {
			vrrp_stat_inc(vr, VRRP_ISTAT_SOURCE_ERRORS);
			return false;
		}
		if (ttl < peer->min_ttl || ttl > peer->max_ttl) {
			vrrp_stat_inc(vr, VRRP_ISTAT_IP_TTL_ERRORS);
			return false;
		}
		return true;
	}
	if (memcmp(daddr, cfg->group, alen))
		return false;
	if (vr->family == AF_INET6 &&
	    !(ipv6_addr_type((const struct in6_addr *)saddr) & IPV6_ADDR_LINKLOCAL))
		vrrp_stat_inc(vr, VRRP_ISTAT_SOURCE_ERRORS);
	if (ttl != VRRP_IP_TTL) {
		vrrp_stat_inc(vr, VRRP_ISTAT_IP_TTL_ERRORS);
		return false;
	}
	return true;
}

/*
 * VRRP_CSUM_AUTO: send the form the other routers send. Only the master of
 * a VRID advertises, so this follows the master, or the other claimant
 * while two are master, which is when it matters.
 */
static void vrrp_rx_csum_heard(struct vrrp_instance *vr, enum vrrp_csum_mode form,
			       const u8 *saddr)
{
	if (READ_ONCE(vr->csum_heard) == form)
		return;
	WRITE_ONCE(vr->csum_heard, form);
	net_info_ratelimited("%s: sending the %s checksum form, as %pI4 does\n",
			     vr->name, form == VRRP_CSUM_RFC ? "RFC 9568" : "pseudo-header",
			     saddr);
}

/*
 * A discarded advert that tells a peer's configuration differs from ours
 * (VRRP_A_MISMATCH), unless it is our own.
 */
static void vrrp_rx_mismatch(struct vrrp_instance *vr, const struct vrrp_cfg *cfg,
			     struct sk_buff *skb, const u8 *saddr, u32 what)
{
	u8 ours[16];

	if (!vrrp_src_addr(vr, skb->dev, cfg, ours) ||
	    !memcmp(saddr, ours, vrrp_alen(vr->family)))
		return;
	vrrp_split_rx_error(vr, skb, saddr, what);
}

/*
 * Decode @skb's VRRP message for @vr; counts and returns false on error.
 * @form: the IPv4 VRRPv3 checksum form it came with.
 */
static bool vrrp_rx_decode(struct vrrp_net *vn, struct vrrp_instance *vr,
			   const struct vrrp_cfg *cfg, struct sk_buff *skb,
			   const u8 *saddr, const u8 *daddr, struct vrrp_advert *adv,
			   enum vrrp_csum_mode *form)
{
	enum vrrp_wire_err err;

	if (vrrp_wire_version(skb->data) != vr->version) {
		vrrp_rstat_inc(vn, VRRP_RSTAT_VERSION_ERRORS);
		vrrp_rx_mismatch(vr, cfg, skb, saddr, VRRP_MISMATCH_VERSION);
		return false;
	}
	if (vr->version == 2) {
		err = vrrp_wire_decode_v2(skb->data, skb->len, adv);
		/* RFC 3768 7.1: the interval MUST match ours */
		if (err == VRRP_WIRE_OK && adv->interval != cfg->adv_int)
			err = VRRP_WIRE_ERR_INTERVAL;
		if (err == VRRP_WIRE_OK)
			err = vrrp_wire_auth(adv, cfg->auth_type, cfg->auth_data);
	} else {
		err = vrrp_wire_decode(skb->data, skb->len, vr->family, saddr, daddr,
				       adv, form);
	}
	if (err != VRRP_WIRE_OK) {
		vrrp_rx_count_error(vn, vr, err);
		if (vr->version == 2 && err == VRRP_WIRE_ERR_INTERVAL)
			vrrp_rx_mismatch(vr, cfg, skb, saddr, VRRP_MISMATCH_INTERVAL);
		else if (err == VRRP_WIRE_ERR_AUTH_MISMATCH || err == VRRP_WIRE_ERR_AUTH ||
			 err == VRRP_WIRE_ERR_AUTH_INVALID)
			vrrp_rx_mismatch(vr, cfg, skb, saddr, VRRP_MISMATCH_AUTH);
		return false;
	}
	/*
	 * RFC 9568 5.2.9: an IPv6 advert's first address is link-local. A
	 * sender's rule (FRR breaks it when configured as its documentation
	 * shows): counted, and the advert still counts in the election.
	 */
	if (vr->family == AF_INET6 &&
	    !(ipv6_addr_type((const struct in6_addr *)adv->addrs) & IPV6_ADDR_LINKLOCAL))
		vrrp_stat_inc(vr, VRRP_ISTAT_ADDRESS_LIST_ERRORS);
	if (vr->version == 3)
		vrrp_stat_inc(vr, *form == VRRP_CSUM_RFC ? VRRP_ISTAT_CSUM_RFC :
							  VRRP_ISTAT_CSUM_PSEUDO);
	return true;
}

/*
 * Both families: @skb->data is the VRRP message. Consumes @skb. The IP
 * header is read only after skb_linearize(), which may move it (a
 * reassembled or cloned skb), and copied: nothing keeps a pointer into it.
 */
static int vrrp_rx(struct sk_buff *skb, u8 family)
{
	struct vrrp_net *vn = vrrp_pernet(dev_net(skb->dev));
	unsigned int alen = vrrp_alen(family);
	u8 saddr[16] = {}, daddr[16] = {};
	const struct vrrp_cfg *cfg;
	struct vrrp_instance *vr;
	enum vrrp_csum_mode form = VRRP_CSUM_PSEUDO;
	struct vrrp_advert adv;
	enum vrrp_wire_err err;
	u8 ours[16];
	u8 vrid, ttl;

	if (skb_linearize(skb))
		goto drop;
	if (family == AF_INET6) {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);

		memcpy(saddr, &ip6h->saddr, 16);
		memcpy(daddr, &ip6h->daddr, 16);
		ttl = ip6h->hop_limit;
	} else {
		const struct iphdr *iph = ip_hdr(skb);

		memcpy(saddr, &iph->saddr, 4);
		memcpy(daddr, &iph->daddr, 4);
		ttl = iph->ttl;
	}
	err = vrrp_wire_peek(skb->data, skb->len, &vrid);
	if (err == VRRP_WIRE_ERR_SHORT) {
		vrrp_rstat_inc(vn, VRRP_RSTAT_LENGTH_ERRORS);
		goto drop;
	}
	if (err == VRRP_WIRE_ERR_VERSION) {
		vrrp_rstat_inc(vn, VRRP_RSTAT_VERSION_ERRORS);
		goto drop;
	}
	vr = vrrp_instance_lookup_rcu(vn, skb->dev->ifindex, vrid, family);
	if (!vr) {
		vrrp_rstat_inc(vn, VRRP_RSTAT_VRID_ERRORS);
		goto drop;
	}
	cfg = rcu_dereference(vr->cfg);
	if (!vrrp_rx_addrs(vr, cfg, saddr, daddr, ttl))
		goto drop;
	if (!vrrp_rx_decode(vn, vr, cfg, skb, saddr, daddr, &adv, &form))
		goto drop;
	if (!vrrp_src_addr(vr, skb->dev, cfg, ours) || !memcmp(saddr, ours, alen))
		goto drop;	/* not configured yet, or our own */
	if (cfg->csum == VRRP_CSUM_AUTO && vr->version == 3 && family == AF_INET)
		vrrp_rx_csum_heard(vr, form, saddr);
	vrrp_split_advert(vr, cfg, skb, &adv, saddr, memcmp(saddr, ours, alen), form);

	vrrp_stat_inc(vr, VRRP_ISTAT_RCVD_ADVERTS);
	if (!adv.priority)
		vrrp_stat_inc(vr, VRRP_ISTAT_RCVD_PRI0);
	vrrp_instance_advert(vr, adv.priority, adv.interval, saddr,
			     memcmp(saddr, ours, alen));
	consume_skb(skb);
	return 0;
drop:
	kfree_skb(skb);
	return 0;
}

static int vrrp_rcv(struct sk_buff *skb)
{
	return vrrp_rx(skb, AF_INET);
}

static int vrrp6_rcv(struct sk_buff *skb)
{
	return vrrp_rx(skb, AF_INET6);
}

/* No .no_policy: adverts go through IPsec input policy like any protocol. */
static const struct net_protocol vrrp_protocol = {
	.handler	= vrrp_rcv,
};

static const struct inet6_protocol vrrp6_protocol = {
	.handler	= vrrp6_rcv,
	.flags		= INET6_PROTO_FINAL,
};

int vrrp_rx_init(void)
{
	if (inet_add_protocol(&vrrp_protocol, VRRP_IPPROTO))
		return -EBUSY;
	if (inet6_add_protocol(&vrrp6_protocol, VRRP_IPPROTO)) {
		inet_del_protocol(&vrrp_protocol, VRRP_IPPROTO);
		synchronize_net();
		return -EBUSY;
	}
	return 0;
}

void vrrp_rx_exit(void)
{
	inet6_del_protocol(&vrrp6_protocol, VRRP_IPPROTO);
	inet_del_protocol(&vrrp_protocol, VRRP_IPPROTO);
	synchronize_net();
}
