/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VRRP advertisement encode / decode / validate / checksum (RFC 9568 v3).
 * Pure: no kernel calls, so it builds for host unit tests and the fuzzer.
 */
#ifndef _VRRP_WIRE_H
#define _VRRP_WIRE_H

#include "core_types.h"

#define VRRP_HDR_LEN		8
#define VRRP_TYPE_ADVERT	1
#define VRRP_IP_TTL		255
#define VRRP_V2_AUTH_LEN	8	/* RFC 3768 Authentication Data */

/* On-wire VRRPv3 header (RFC 9568 section 5.1). */
struct vrrp_hdr {
	u8	vers_type;	/* version << 4 | type */
	u8	vrid;
	u8	priority;
	u8	count;		/* number of IPvX addresses */
	__be16	max_adver_int;	/* 4 bits reserved, 12 bits centiseconds */
	__be16	checksum;
} __packed;

/* A decoded advert; addrs points into the packet buffer. */
struct vrrp_advert {
	u8		version;
	u8		type;
	u8		vrid;
	u8		priority;
	u8		count;
	u16		interval;	/* centiseconds */
	const u8	*addrs;		/* count * vrrp_alen(family) bytes */
	/* VRRPv2 only */
	u8		auth_type;
	const u8	*auth_data;	/* VRRP_V2_AUTH_LEN bytes */
};

/* Validation results, in the order they are checked. */
enum vrrp_wire_err {
	VRRP_WIRE_OK,
	VRRP_WIRE_ERR_SHORT,	/* shorter than the 8-byte header */
	VRRP_WIRE_ERR_VERSION,	/* version not 2 or 3 (peek), not the one asked for */
	VRRP_WIRE_ERR_COUNT,	/* address count 0 */
	VRRP_WIRE_ERR_LENGTH,	/* length != header + count addresses */
	VRRP_WIRE_ERR_CSUM,	/* neither checksum form matches */
	VRRP_WIRE_ERR_TYPE,	/* type != advertisement */
	VRRP_WIRE_ERR_INTERVAL,	/* Max Adver Int 0 */
	/* VRRPv2 authentication, vrrp_wire_auth() */
	VRRP_WIRE_ERR_AUTH_INVALID,	/* an Auth Type nobody defined (> 2) */
	VRRP_WIRE_ERR_AUTH_MISMATCH,	/* a known Auth Type, not ours */
	VRRP_WIRE_ERR_AUTH,		/* PASS: the password differs */
};

/**
 * vrrp_wire_peek() - first look at a received advert, before instance lookup
 * @buf: VRRP message (IP payload)
 * @len: its length
 * @vrid: set to the VRID on success
 *
 * Return: VRRP_WIRE_OK, VRRP_WIRE_ERR_SHORT or VRRP_WIRE_ERR_VERSION
 * (neither VRRPv2 nor VRRPv3).
 */
enum vrrp_wire_err vrrp_wire_peek(const u8 *buf, size_t len, u8 *vrid);

/**
 * vrrp_wire_decode() - validate a whole advert and decode it
 * @buf: VRRP message (IP payload)
 * @len: its length
 * @family: VRRP_AF_INET or VRRP_AF_INET6
 * @saddr: IP source (network order, vrrp_alen() bytes)
 * @daddr: IP destination (network order, vrrp_alen() bytes)
 * @adv: decoded advert on success
 * @form: which checksum matched (IPv4: VRRP_CSUM_RFC tried first, then
 *        VRRP_CSUM_PSEUDO; IPv6 always uses the pseudo-header)
 *
 * Checks in this order: short, version, count, length, checksum, type,
 * interval; returns the first failure.
 */
enum vrrp_wire_err vrrp_wire_decode(const u8 *buf, size_t len, int family,
				    const u8 *saddr, const u8 *daddr,
				    struct vrrp_advert *adv,
				    enum vrrp_csum_mode *form);

/**
 * vrrp_wire_encode() - build an advert
 * @buf: output, at least vrrp_wire_len(family, count) bytes
 * @family: VRRP_AF_INET or VRRP_AF_INET6
 * @saddr: IP source, for the checksum
 * @daddr: IP destination, for the checksum
 * @vrid: Virtual Rtr ID
 * @prio: Priority
 * @interval: Max Adver Int in centiseconds, <= 4095
 * @addrs: @count addresses of vrrp_alen(family) bytes each
 * @count: number of addresses
 * @form: checksum form (ignored for IPv6, which always uses the pseudo-header)
 *
 * Return: the message length.
 */
size_t vrrp_wire_encode(u8 *buf, int family, const u8 *saddr, const u8 *daddr,
			u8 vrid, u8 prio, u16 interval, const u8 *addrs,
			u8 count, enum vrrp_csum_mode form);

static inline size_t vrrp_wire_len(int family, unsigned int count)
{
	return VRRP_HDR_LEN + count * vrrp_alen(family);
}

static inline u8 vrrp_wire_version(const u8 *buf)
{
	return buf[0] >> 4;
}

/* RFC 3768 VRRPv2 (IPv4 only): header, addresses, 8 bytes of auth data. */
static inline size_t vrrp_wire_len_v2(unsigned int count)
{
	return VRRP_HDR_LEN + count * 4 + VRRP_V2_AUTH_LEN;
}

/**
 * vrrp_wire_decode_v2() - validate a whole VRRPv2 advert and decode it
 * @buf: VRRP message (IP payload)
 * @len: its length
 * @adv: decoded advert on success; @adv->interval in centiseconds
 *
 * Checks in this order: short, version, count, length, checksum (over the
 * message only), type, interval. Authentication is vrrp_wire_auth()'s.
 */
enum vrrp_wire_err vrrp_wire_decode_v2(const u8 *buf, size_t len,
				       struct vrrp_advert *adv);

/**
 * vrrp_wire_auth() - check a decoded VRRPv2 advert's authentication
 * @adv: from vrrp_wire_decode_v2()
 * @type: our enum vrrp_auth_type
 * @data: our VRRP_V2_AUTH_LEN bytes (zero-padded password), for PASS
 *
 * Return: VRRP_WIRE_OK, VRRP_WIRE_ERR_AUTH_INVALID, _AUTH_MISMATCH or _AUTH.
 */
enum vrrp_wire_err vrrp_wire_auth(const struct vrrp_advert *adv, u8 type,
				  const u8 *data);

/**
 * vrrp_wire_encode_v2() - build a VRRPv2 advert
 * @buf: output, at least vrrp_wire_len_v2(count) bytes
 * @vrid: Virtual Rtr ID
 * @prio: Priority
 * @interval_s: Adver Int in seconds, 1..255
 * @addrs: @count IPv4 addresses
 * @count: number of addresses
 * @auth_type: enum vrrp_auth_type
 * @auth_data: VRRP_V2_AUTH_LEN bytes, sent with PASS (zeros otherwise)
 *
 * Return: the message length.
 */
size_t vrrp_wire_encode_v2(u8 *buf, u8 vrid, u8 prio, u8 interval_s,
			   const u8 *addrs, u8 count, u8 auth_type,
			   const u8 *auth_data);

/**
 * vrrp_wire_csum() - VRRP checksum over @buf (checksum field included as is)
 * @buf: VRRP message
 * @len: its length
 * @family: VRRP_AF_INET or VRRP_AF_INET6
 * @saddr: IP source, for the pseudo-header
 * @daddr: IP destination, for the pseudo-header
 * @pseudo: prepend the IPv4/IPv6 pseudo-header (protocol 112, @len)
 *
 * Return: the folded one's complement checksum in network byte order; a
 * message with a correct checksum field sums to 0.
 */
__be16 vrrp_wire_csum(const u8 *buf, size_t len, int family,
		      const u8 *saddr, const u8 *daddr, bool pseudo);

#endif /* _VRRP_WIRE_H */
