// SPDX-License-Identifier: GPL-2.0
/*
 * VRRPv3 advertisement encode / decode / validate / checksum (RFC 9568),
 * and VRRPv2 (RFC 3768) with its authentication field.
 *
 * Pure code: no kernel calls, so the host unit tests and the fuzzer build
 * this very file. Multi-byte fields are read and written byte by byte, so
 * nothing here depends on the host byte order or on alignment.
 */

#include "wire.h"

#define VRRP_VERSION		3
#define VRRP_VERSION_2		2
#define VRRP_AUTH_TYPE_AH	2	/* RFC 2338 IP Authentication Header, unsupported */
#define VRRP_IPPROTO		112	/* IPPROTO_VRRP */
#define VRRP_INTERVAL_MASK	0x0fff

static u16 vrrp_get_be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static void vrrp_put_be16(u8 *p, u16 v)
{
	p[0] = (u8)(v >> 8);
	p[1] = (u8)v;
}

/* A host u16 as a network-order __be16, without htons(). */
static __be16 vrrp_to_be16(u16 v)
{
	u8 b[2];
	__be16 r;

	vrrp_put_be16(b, v);
	memcpy(&r, b, sizeof(r));
	return r;
}

/*
 * Add @len bytes to a one's complement running sum, as big-endian 16-bit
 * words; an odd trailing byte is padded with zero. The sum is kept in 32
 * bits and folded whenever it could overflow on the next word.
 */
static u32 vrrp_sum(u32 sum, const u8 *p, size_t len)
{
	while (len >= 2) {
		sum += vrrp_get_be16(p);
		sum = (sum & 0xffff) + (sum >> 16);
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (u32)p[0] << 8;
	return sum;
}

static u16 vrrp_fold(u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (u16)sum;
}

/* One's complement sum of the pseudo-header for @len bytes of VRRP. */
static u32 vrrp_pseudo_sum(int family, const u8 *saddr, const u8 *daddr,
			   size_t len)
{
	unsigned int alen = vrrp_alen(family);
	u32 sum = 0;

	sum = vrrp_sum(sum, saddr, alen);
	sum = vrrp_sum(sum, daddr, alen);
	/*
	 * IPv4: zero, protocol, 16-bit length. IPv6: 32-bit upper-layer
	 * length, three zero bytes, next header. As 16-bit words both are
	 * the protocol number plus the length.
	 */
	sum += VRRP_IPPROTO;
	sum += (u32)len & 0xffff;
	if (family == VRRP_AF_INET6)
		sum += (u32)(len >> 16) & 0xffff;
	return sum;
}

__be16 vrrp_wire_csum(const u8 *buf, size_t len, int family,
		      const u8 *saddr, const u8 *daddr, bool pseudo)
{
	u32 sum = 0;

	if (pseudo)
		sum = vrrp_pseudo_sum(family, saddr, daddr, len);
	sum = vrrp_sum(sum, buf, len);
	return vrrp_to_be16((u16)~vrrp_fold(sum));
}

/* True if the message sums to zero, with or without the pseudo-header. */
static bool vrrp_csum_ok(const u8 *buf, size_t len, int family,
			 const u8 *saddr, const u8 *daddr, bool pseudo)
{
	return vrrp_wire_csum(buf, len, family, saddr, daddr, pseudo) == 0;
}

enum vrrp_wire_err vrrp_wire_peek(const u8 *buf, size_t len, u8 *vrid)
{
	if (len < VRRP_HDR_LEN)
		return VRRP_WIRE_ERR_SHORT;
	if (buf[0] >> 4 != VRRP_VERSION && buf[0] >> 4 != VRRP_VERSION_2)
		return VRRP_WIRE_ERR_VERSION;
	*vrid = buf[1];
	return VRRP_WIRE_OK;
}

enum vrrp_wire_err vrrp_wire_decode(const u8 *buf, size_t len, int family,
				    const u8 *saddr, const u8 *daddr,
				    struct vrrp_advert *adv,
				    enum vrrp_csum_mode *form)
{
	enum vrrp_csum_mode matched;
	enum vrrp_wire_err err;
	u8 vrid;
	u16 interval;

	err = vrrp_wire_peek(buf, len, &vrid);
	if (err != VRRP_WIRE_OK)
		return err;
	if (vrrp_wire_version(buf) != VRRP_VERSION)
		return VRRP_WIRE_ERR_VERSION;
	if (buf[3] == 0)
		return VRRP_WIRE_ERR_COUNT;
	if (len != vrrp_wire_len(family, buf[3]))
		return VRRP_WIRE_ERR_LENGTH;

	if (family == VRRP_AF_INET6) {
		if (!vrrp_csum_ok(buf, len, family, saddr, daddr, true))
			return VRRP_WIRE_ERR_CSUM;
		matched = VRRP_CSUM_PSEUDO;
	} else if (vrrp_csum_ok(buf, len, family, saddr, daddr, false)) {
		matched = VRRP_CSUM_RFC;
	} else if (vrrp_csum_ok(buf, len, family, saddr, daddr, true)) {
		matched = VRRP_CSUM_PSEUDO;
	} else {
		return VRRP_WIRE_ERR_CSUM;
	}

	if ((buf[0] & 0x0f) != VRRP_TYPE_ADVERT)
		return VRRP_WIRE_ERR_TYPE;
	interval = vrrp_get_be16(buf + 4) & VRRP_INTERVAL_MASK;
	if (interval == 0)
		return VRRP_WIRE_ERR_INTERVAL;

	adv->version = buf[0] >> 4;
	adv->type = buf[0] & 0x0f;
	adv->vrid = vrid;
	adv->priority = buf[2];
	adv->count = buf[3];
	adv->interval = interval;
	adv->addrs = buf + VRRP_HDR_LEN;
	if (form)
		*form = matched;
	return VRRP_WIRE_OK;
}

size_t vrrp_wire_encode(u8 *buf, int family, const u8 *saddr, const u8 *daddr,
			u8 vrid, u8 prio, u16 interval, const u8 *addrs,
			u8 count, enum vrrp_csum_mode form)
{
	size_t len = vrrp_wire_len(family, count);
	bool pseudo = family == VRRP_AF_INET6 || form == VRRP_CSUM_PSEUDO;
	u32 sum;

	buf[0] = VRRP_VERSION << 4 | VRRP_TYPE_ADVERT;
	buf[1] = vrid;
	buf[2] = prio;
	buf[3] = count;
	vrrp_put_be16(buf + 4, interval & VRRP_INTERVAL_MASK);
	buf[6] = 0;
	buf[7] = 0;
	if (count)
		memcpy(buf + VRRP_HDR_LEN, addrs, len - VRRP_HDR_LEN);

	sum = pseudo ? vrrp_pseudo_sum(family, saddr, daddr, len) : 0;
	sum = vrrp_sum(sum, buf, len);
	vrrp_put_be16(buf + 6, (u16)~vrrp_fold(sum));
	return len;
}

enum vrrp_wire_err vrrp_wire_decode_v2(const u8 *buf, size_t len,
				       struct vrrp_advert *adv)
{
	enum vrrp_wire_err err;
	u8 vrid;

	err = vrrp_wire_peek(buf, len, &vrid);
	if (err != VRRP_WIRE_OK)
		return err;
	if (vrrp_wire_version(buf) != VRRP_VERSION_2)
		return VRRP_WIRE_ERR_VERSION;
	if (buf[3] == 0)
		return VRRP_WIRE_ERR_COUNT;
	if (len != vrrp_wire_len_v2(buf[3]))
		return VRRP_WIRE_ERR_LENGTH;
	if (!vrrp_csum_ok(buf, len, VRRP_AF_INET, NULL, NULL, false))
		return VRRP_WIRE_ERR_CSUM;
	if ((buf[0] & 0x0f) != VRRP_TYPE_ADVERT)
		return VRRP_WIRE_ERR_TYPE;
	if (buf[5] == 0)
		return VRRP_WIRE_ERR_INTERVAL;

	adv->version = VRRP_VERSION_2;
	adv->type = buf[0] & 0x0f;
	adv->vrid = vrid;
	adv->priority = buf[2];
	adv->count = buf[3];
	adv->interval = buf[5] * 100;
	adv->addrs = buf + VRRP_HDR_LEN;
	adv->auth_type = buf[4];
	adv->auth_data = buf + len - VRRP_V2_AUTH_LEN;
	return VRRP_WIRE_OK;
}

enum vrrp_wire_err vrrp_wire_auth(const struct vrrp_advert *adv, u8 type,
				  const u8 *data)
{
	if (adv->auth_type > VRRP_AUTH_TYPE_AH)
		return VRRP_WIRE_ERR_AUTH_INVALID;
	if (adv->auth_type != type)
		return VRRP_WIRE_ERR_AUTH_MISMATCH;
	if (type == VRRP_AUTH_PASS &&
	    memcmp(adv->auth_data, data, VRRP_V2_AUTH_LEN))
		return VRRP_WIRE_ERR_AUTH;
	return VRRP_WIRE_OK;
}

size_t vrrp_wire_encode_v2(u8 *buf, u8 vrid, u8 prio, u8 interval_s,
			   const u8 *addrs, u8 count, u8 auth_type,
			   const u8 *auth_data)
{
	size_t len = vrrp_wire_len_v2(count);
	u8 *auth = buf + len - VRRP_V2_AUTH_LEN;

	buf[0] = VRRP_VERSION_2 << 4 | VRRP_TYPE_ADVERT;
	buf[1] = vrid;
	buf[2] = prio;
	buf[3] = count;
	buf[4] = auth_type;
	buf[5] = interval_s;
	buf[6] = 0;
	buf[7] = 0;
	if (count)
		memcpy(buf + VRRP_HDR_LEN, addrs, count * 4);
	if (auth_type == VRRP_AUTH_PASS)
		memcpy(auth, auth_data, VRRP_V2_AUTH_LEN);
	else
		memset(auth, 0, VRRP_V2_AUTH_LEN);
	vrrp_put_be16(buf + 6, (u16)~vrrp_fold(vrrp_sum(0, buf, len)));
	return len;
}
