// SPDX-License-Identifier: GPL-2.0
/* Tests for kmod/wire.c: encode, decode, validation order, checksums. */

#include <string.h>

#include "../../kmod/wire.h"
#include "harness.h"
#include "keepalived_vectors.h"

static const u8 v4_src[4] = { 192, 168, 1, 1 };
static const u8 v4_dst[4] = { 224, 0, 0, 18 };
static const u8 v4_other[4] = { 192, 168, 1, 2 };
static const u8 v6_src[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
			       0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55 };
static const u8 v6_dst[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0,
			       0, 0, 0, 0, 0, 0, 0, 0x12 };

/*
 * Reference checksum, written independently of wire.c: lay the
 * pseudo-header out byte by byte as RFC 768/8200 draw it, append the
 * message, add all 16-bit big-endian words in 64 bits, fold once at the end.
 */
static u16 ref_csum(const u8 *msg, size_t len, int family, const u8 *src,
		    const u8 *dst, int pseudo)
{
	u8 all[40 + 4096 + 1];
	size_t n = 0, i;
	u64 sum = 0;

	if (pseudo && family == VRRP_AF_INET) {
		memcpy(all + n, src, 4);
		n += 4;
		memcpy(all + n, dst, 4);
		n += 4;
		all[n++] = 0;
		all[n++] = 112;
		all[n++] = (u8)(len >> 8);
		all[n++] = (u8)len;
	} else if (pseudo) {
		memcpy(all + n, src, 16);
		n += 16;
		memcpy(all + n, dst, 16);
		n += 16;
		all[n++] = (u8)(len >> 24);
		all[n++] = (u8)(len >> 16);
		all[n++] = (u8)(len >> 8);
		all[n++] = (u8)len;
		all[n++] = 0;
		all[n++] = 0;
		all[n++] = 0;
		all[n++] = 112;
	}
	memcpy(all + n, msg, len);
	n += len;
	all[n] = 0;		/* pad an odd length */
	for (i = 0; i < n; i += 2)
		sum += (u64)all[i] << 8 | all[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (u16)~sum;
}

static u16 be16_bytes(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

/* vrrp_wire_csum() returns network order: look at its bytes. */
static u16 csum_value(__be16 c)
{
	u8 b[2];

	memcpy(b, &c, 2);
	return be16_bytes(b);
}

/* Recompute the checksum field of a hand-edited message. */
static void fix_csum(u8 *msg, size_t len, int family, const u8 *src,
		     const u8 *dst, int pseudo)
{
	u16 c;

	msg[6] = 0;
	msg[7] = 0;
	c = ref_csum(msg, len, family, src, dst, pseudo);
	msg[6] = (u8)(c >> 8);
	msg[7] = (u8)c;
}

/* A hand-built advert with checksums worked out on paper. */
static void test_known_vector(void)
{
	/* VRID 51, priority 100, 1 address, 100 cs, 192.168.1.100 */
	static const u8 rfc[] = { 0x31, 0x33, 0x64, 0x01, 0x00, 0x64,
				  0xa8, 0x5a, 192, 168, 1, 100 };
	static const u8 phdr[] = { 0x31, 0x33, 0x64, 0x01, 0x00, 0x64,
				   0x06, 0x22, 192, 168, 1, 100 };
	static const u8 vip[4] = { 192, 168, 1, 100 };
	struct vrrp_advert adv;
	enum vrrp_csum_mode form;
	u8 buf[64];
	size_t len;

	/*
	 * Words 3133 6401 0064 c0a8 0164 sum to 157a4 -> 57a5, so the RFC
	 * checksum is ~57a5 = a85a. The pseudo-header adds c0a8 0101 e000
	 * 0012 0070 000c = 1a237: 2f9db -> f9dd, checksum ~f9dd = 0622.
	 */
	CHECK_EQ(ref_csum(rfc, sizeof(rfc), VRRP_AF_INET, v4_src, v4_dst, 0), 0);
	CHECK_EQ(ref_csum(phdr, sizeof(phdr), VRRP_AF_INET, v4_src, v4_dst, 1), 0);

	len = vrrp_wire_encode(buf, VRRP_AF_INET, v4_src, v4_dst, 51, 100, 100,
			       vip, 1, VRRP_CSUM_RFC);
	CHECK_EQ(len, sizeof(rfc));
	CHECK(memcmp(buf, rfc, sizeof(rfc)) == 0);

	len = vrrp_wire_encode(buf, VRRP_AF_INET, v4_src, v4_dst, 51, 100, 100,
			       vip, 1, VRRP_CSUM_PSEUDO);
	CHECK_EQ(len, sizeof(phdr));
	CHECK(memcmp(buf, phdr, sizeof(phdr)) == 0);

	/* The checksum of the message with a zero field is the field. */
	memcpy(buf, rfc, sizeof(rfc));
	buf[6] = 0;
	buf[7] = 0;
	CHECK_EQ(csum_value(vrrp_wire_csum(buf, sizeof(rfc), VRRP_AF_INET,
					   v4_src, v4_dst, false)), 0xa85a);
	CHECK_EQ(csum_value(vrrp_wire_csum(buf, sizeof(rfc), VRRP_AF_INET,
					   v4_src, v4_dst, true)), 0x0622);
	/* A correct message sums to 0. */
	CHECK_EQ(csum_value(vrrp_wire_csum(rfc, sizeof(rfc), VRRP_AF_INET,
					   v4_src, v4_dst, false)), 0);
	CHECK_EQ(csum_value(vrrp_wire_csum(phdr, sizeof(phdr), VRRP_AF_INET,
					   v4_src, v4_dst, true)), 0);

	form = VRRP_CSUM_MAX + 1;
	CHECK_EQ(vrrp_wire_decode(rfc, sizeof(rfc), VRRP_AF_INET, v4_src,
				  v4_dst, &adv, &form), VRRP_WIRE_OK);
	CHECK_EQ(form, VRRP_CSUM_RFC);
	form = VRRP_CSUM_MAX + 1;
	CHECK_EQ(vrrp_wire_decode(phdr, sizeof(phdr), VRRP_AF_INET, v4_src,
				  v4_dst, &adv, &form), VRRP_WIRE_OK);
	CHECK_EQ(form, VRRP_CSUM_PSEUDO);
	/* The pseudo-header form depends on the IP addresses. */
	CHECK_EQ(vrrp_wire_decode(phdr, sizeof(phdr), VRRP_AF_INET, v4_other,
				  v4_dst, &adv, &form), VRRP_WIRE_ERR_CSUM);
	/* The RFC form does not. */
	CHECK_EQ(vrrp_wire_decode(rfc, sizeof(rfc), VRRP_AF_INET, v4_other,
				  v4_dst, &adv, &form), VRRP_WIRE_OK);
}

static void test_keepalived(void)
{
	struct vrrp_advert adv;
	enum vrrp_csum_mode form;
	u8 buf[64];
	size_t len;

	CHECK_EQ(vrrp_wire_decode(ka_v4, sizeof(ka_v4), VRRP_AF_INET,
				  ka_v4_src, ka_v4_dst, &adv, &form),
		 VRRP_WIRE_OK);
	CHECK_EQ(form, VRRP_CSUM_PSEUDO);
	CHECK_EQ(adv.vrid, KA_V4_VRID);
	CHECK_EQ(adv.priority, KA_V4_PRIO);
	CHECK_EQ(adv.interval, KA_V4_INTERVAL);
	CHECK_EQ(adv.count, KA_V4_COUNT);
	len = vrrp_wire_encode(buf, VRRP_AF_INET, ka_v4_src, ka_v4_dst,
			       adv.vrid, adv.priority, adv.interval, adv.addrs,
			       adv.count, VRRP_CSUM_PSEUDO);
	CHECK_EQ(len, sizeof(ka_v4));
	CHECK(memcmp(buf, ka_v4, sizeof(ka_v4)) == 0);

	CHECK_EQ(vrrp_wire_decode(ka_v6, sizeof(ka_v6), VRRP_AF_INET6,
				  ka_v6_src, ka_v6_dst, &adv, &form),
		 VRRP_WIRE_OK);
	CHECK_EQ(form, VRRP_CSUM_PSEUDO);
	CHECK_EQ(adv.vrid, KA_V6_VRID);
	CHECK_EQ(adv.priority, KA_V6_PRIO);
	CHECK_EQ(adv.interval, KA_V6_INTERVAL);
	CHECK_EQ(adv.count, KA_V6_COUNT);
	len = vrrp_wire_encode(buf, VRRP_AF_INET6, ka_v6_src, ka_v6_dst,
			       adv.vrid, adv.priority, adv.interval, adv.addrs,
			       adv.count, VRRP_CSUM_RFC);
	CHECK_EQ(len, sizeof(ka_v6));
	CHECK(memcmp(buf, ka_v6, sizeof(ka_v6)) == 0);

	/* The priority 0 resignations keepalived sent when it stopped. */
	CHECK_EQ(vrrp_wire_decode(ka_v4_prio0, sizeof(ka_v4_prio0),
				  VRRP_AF_INET, ka_v4_src, ka_v4_dst, &adv,
				  &form), VRRP_WIRE_OK);
	CHECK_EQ(form, VRRP_CSUM_PSEUDO);
	CHECK_EQ(adv.priority, 0);
	len = vrrp_wire_encode(buf, VRRP_AF_INET, ka_v4_src, ka_v4_dst,
			       KA_V4_VRID, 0, KA_V4_INTERVAL, adv.addrs, 1,
			       VRRP_CSUM_PSEUDO);
	CHECK(memcmp(buf, ka_v4_prio0, len) == 0);
	CHECK_EQ(vrrp_wire_decode(ka_v6_prio0, sizeof(ka_v6_prio0),
				  VRRP_AF_INET6, ka_v6_src, ka_v6_dst, &adv,
				  &form), VRRP_WIRE_OK);
	CHECK_EQ(adv.priority, 0);
	len = vrrp_wire_encode(buf, VRRP_AF_INET6, ka_v6_src, ka_v6_dst,
			       KA_V6_VRID, 0, KA_V6_INTERVAL, adv.addrs, 1,
			       VRRP_CSUM_PSEUDO);
	CHECK(memcmp(buf, ka_v6_prio0, len) == 0);

	/* The reference checksum agrees with keepalived too. */
	CHECK_EQ(ref_csum(ka_v4, sizeof(ka_v4), VRRP_AF_INET, ka_v4_src,
			  ka_v4_dst, 1), 0);
	CHECK_EQ(ref_csum(ka_v6, sizeof(ka_v6), VRRP_AF_INET6, ka_v6_src,
			  ka_v6_dst, 1), 0);
	/* Sent from another address, keepalived's form no longer matches. */
	CHECK_EQ(vrrp_wire_decode(ka_v4, sizeof(ka_v4), VRRP_AF_INET,
				  v4_src, ka_v4_dst, &adv, &form),
		 VRRP_WIRE_ERR_CSUM);
}

static void test_roundtrip_v4(enum vrrp_csum_mode mode)
{
	u8 vips[255 * 4];
	u8 buf[8 + 255 * 4];
	struct vrrp_advert adv;
	enum vrrp_csum_mode form;
	unsigned int count, i;
	size_t len;

	for (i = 0; i < sizeof(vips); i++)
		vips[i] = (u8)(i * 7 + 3);
	for (count = 1; count <= 255; count += 127) {
		memset(buf, 0xaa, sizeof(buf));
		len = vrrp_wire_encode(buf, VRRP_AF_INET, v4_src, v4_dst, 7,
				       200, 4095, vips, (u8)count, mode);
		CHECK_EQ(len, 8 + 4 * count);
		CHECK_EQ(len, vrrp_wire_len(VRRP_AF_INET, count));
		CHECK_EQ(buf[0], 0x31);
		CHECK_EQ(be16_bytes(buf + 4), 4095);
		CHECK_EQ(ref_csum(buf, len, VRRP_AF_INET, v4_src, v4_dst,
				  mode == VRRP_CSUM_PSEUDO), 0);
		memset(&adv, 0, sizeof(adv));
		CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET, v4_src,
					  v4_dst, &adv, &form), VRRP_WIRE_OK);
		CHECK_EQ(form, mode);
		CHECK_EQ(adv.version, 3);
		CHECK_EQ(adv.type, VRRP_TYPE_ADVERT);
		CHECK_EQ(adv.vrid, 7);
		CHECK_EQ(adv.priority, 200);
		CHECK_EQ(adv.count, count);
		CHECK_EQ(adv.interval, 4095);
		CHECK(adv.addrs == buf + VRRP_HDR_LEN);
		CHECK(memcmp(adv.addrs, vips, 4 * count) == 0);
	}
}

static void test_roundtrip_v6(void)
{
	u8 vips[3 * 16];
	u8 buf[8 + 3 * 16];
	struct vrrp_advert adv;
	enum vrrp_csum_mode form;
	size_t len;
	unsigned int i;

	for (i = 0; i < sizeof(vips); i++)
		vips[i] = (u8)(0x20 + i);
	/* The form is ignored: IPv6 always has the pseudo-header. */
	len = vrrp_wire_encode(buf, VRRP_AF_INET6, v6_src, v6_dst, 255, 1, 1,
			       vips, 3, VRRP_CSUM_RFC);
	CHECK_EQ(len, 8 + 3 * 16);
	CHECK_EQ(len, vrrp_wire_len(VRRP_AF_INET6, 3));
	CHECK_EQ(ref_csum(buf, len, VRRP_AF_INET6, v6_src, v6_dst, 1), 0);
	CHECK_EQ(csum_value(vrrp_wire_csum(buf, len, VRRP_AF_INET6, v6_src,
					   v6_dst, true)), 0);
	CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET6, v6_src, v6_dst,
				  &adv, &form), VRRP_WIRE_OK);
	CHECK_EQ(form, VRRP_CSUM_PSEUDO);
	CHECK_EQ(adv.vrid, 255);
	CHECK_EQ(adv.priority, 1);
	CHECK_EQ(adv.interval, 1);
	CHECK_EQ(adv.count, 3);
	CHECK(memcmp(adv.addrs, vips, sizeof(vips)) == 0);

	/* Same bytes, pseudo form requested: identical. */
	{
		u8 buf2[sizeof(buf)];

		vrrp_wire_encode(buf2, VRRP_AF_INET6, v6_src, v6_dst, 255, 1,
				 1, vips, 3, VRRP_CSUM_PSEUDO);
		CHECK(memcmp(buf, buf2, len) == 0);
	}

	/* The pseudo-header covers both addresses. */
	{
		u8 other[16];

		memcpy(other, v6_src, 16);
		other[15] ^= 1;
		CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET6, other,
					  v6_dst, &adv, &form),
			 VRRP_WIRE_ERR_CSUM);
		memcpy(other, v6_dst, 16);
		other[0] ^= 0x80;
		CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET6, v6_src,
					  other, &adv, &form),
			 VRRP_WIRE_ERR_CSUM);
	}

	/* An IPv6 advert with the IPv4-style RFC checksum is not accepted. */
	fix_csum(buf, len, VRRP_AF_INET6, v6_src, v6_dst, 0);
	CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET6, v6_src, v6_dst,
				  &adv, &form), VRRP_WIRE_ERR_CSUM);
}

/* A known IPv6 vector: one address, checksum worked out independently. */
static void test_v6_vector(void)
{
	static const u8 vip[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
				    0, 0, 0, 0, 0, 0, 0, 0x64 };
	u8 buf[24];
	size_t len;

	len = vrrp_wire_encode(buf, VRRP_AF_INET6, v6_src, v6_dst, 52, 100,
			       100, vip, 1, VRRP_CSUM_PSEUDO);
	CHECK_EQ(len, 24);
	buf[6] = 0;
	buf[7] = 0;
	CHECK_EQ(csum_value(vrrp_wire_csum(buf, len, VRRP_AF_INET6, v6_src,
					   v6_dst, true)),
		 ref_csum(buf, len, VRRP_AF_INET6, v6_src, v6_dst, 1));
}

/*
 * A VRRPv2 password as keepalived stores it: at most 8 bytes of @s, the
 * rest zero (a longer auth_pass is truncated).
 */
static void pw8(u8 out[VRRP_V2_AUTH_LEN], const char *s)
{
	size_t n = strlen(s);

	memset(out, 0, VRRP_V2_AUTH_LEN);
	memcpy(out, s, n < VRRP_V2_AUTH_LEN ? n : VRRP_V2_AUTH_LEN);
}

/* VRRPv2 adverts from keepalived 2.2.7: decode, authenticate, re-encode. */
static void test_v2_keepalived(void)
{
	static const u8 vips[8] = { 192, 168, 78, 100, 192, 168, 78, 101 };
	static const u8 vip_none[4] = { 192, 168, 78, 110 };
	struct vrrp_advert adv;
	enum vrrp_csum_mode form;
	u8 pw[VRRP_V2_AUTH_LEN], junk[VRRP_V2_AUTH_LEN];
	u8 buf[64];
	size_t len;
	u8 vrid = 0;

	pw8(pw, KA_V2_PASS_CONF);
	CHECK(memcmp(pw, "secret12", 8) == 0);

	/* The checksum covers the message only, no pseudo-header. */
	CHECK_EQ(ref_csum(ka_v2_pass, sizeof(ka_v2_pass), VRRP_AF_INET,
			  ka_v2_src, ka_v4_dst, 0), 0);
	CHECK_EQ(ref_csum(ka_v2_pass, sizeof(ka_v2_pass), VRRP_AF_INET,
			  ka_v2_src, ka_v4_dst, 1), 0x10bb);
	CHECK_EQ(ref_csum(ka_v2_none, sizeof(ka_v2_none), VRRP_AF_INET,
			  ka_v2_src, ka_v4_dst, 0), 0);
	CHECK_EQ(ref_csum(ka_v2_pass_prio0, sizeof(ka_v2_pass_prio0),
			  VRRP_AF_INET, ka_v2_src, ka_v4_dst, 0), 0);
	CHECK_EQ(ref_csum(ka_v2_none_prio0, sizeof(ka_v2_none_prio0),
			  VRRP_AF_INET, ka_v2_src, ka_v4_dst, 0), 0);

	/* PASS, two addresses */
	CHECK_EQ(vrrp_wire_version(ka_v2_pass), 2);
	CHECK_EQ(vrrp_wire_peek(ka_v2_pass, sizeof(ka_v2_pass), &vrid),
		 VRRP_WIRE_OK);
	CHECK_EQ(vrid, KA_V2_PASS_VRID);
	memset(&adv, 0x5a, sizeof(adv));
	CHECK_EQ(vrrp_wire_decode_v2(ka_v2_pass, sizeof(ka_v2_pass), &adv),
		 VRRP_WIRE_OK);
	CHECK_EQ(adv.version, 2);
	CHECK_EQ(adv.type, VRRP_TYPE_ADVERT);
	CHECK_EQ(adv.vrid, KA_V2_PASS_VRID);
	CHECK_EQ(adv.priority, KA_V2_PASS_PRIO);
	CHECK_EQ(adv.count, KA_V2_PASS_COUNT);
	CHECK_EQ(adv.interval, KA_V2_PASS_INTERVAL_S * 100);
	CHECK(adv.addrs == ka_v2_pass + VRRP_HDR_LEN);
	CHECK(memcmp(adv.addrs, vips, sizeof(vips)) == 0);
	CHECK_EQ(adv.auth_type, VRRP_AUTH_PASS);
	CHECK(adv.auth_data == ka_v2_pass + 16);
	CHECK_EQ(vrrp_wire_auth(&adv, VRRP_AUTH_PASS, pw), VRRP_WIRE_OK);
	CHECK_EQ(sizeof(ka_v2_pass), vrrp_wire_len_v2(KA_V2_PASS_COUNT));

	len = vrrp_wire_encode_v2(buf, KA_V2_PASS_VRID, KA_V2_PASS_PRIO,
				  KA_V2_PASS_INTERVAL_S, vips,
				  KA_V2_PASS_COUNT, VRRP_AUTH_PASS, pw);
	CHECK_EQ(len, sizeof(ka_v2_pass));
	CHECK(memcmp(buf, ka_v2_pass, sizeof(ka_v2_pass)) == 0);

	CHECK_EQ(vrrp_wire_decode_v2(ka_v2_pass_prio0, sizeof(ka_v2_pass_prio0),
				     &adv), VRRP_WIRE_OK);
	CHECK_EQ(adv.priority, 0);
	CHECK_EQ(vrrp_wire_auth(&adv, VRRP_AUTH_PASS, pw), VRRP_WIRE_OK);
	len = vrrp_wire_encode_v2(buf, KA_V2_PASS_VRID, 0,
				  KA_V2_PASS_INTERVAL_S, vips,
				  KA_V2_PASS_COUNT, VRRP_AUTH_PASS, pw);
	CHECK_EQ(len, sizeof(ka_v2_pass_prio0));
	CHECK(memcmp(buf, ka_v2_pass_prio0, sizeof(ka_v2_pass_prio0)) == 0);

	/* No authentication, one address; our auth data is not sent. */
	memset(junk, 0xee, sizeof(junk));
	CHECK_EQ(vrrp_wire_decode_v2(ka_v2_none, sizeof(ka_v2_none), &adv),
		 VRRP_WIRE_OK);
	CHECK_EQ(adv.vrid, KA_V2_NONE_VRID);
	CHECK_EQ(adv.priority, KA_V2_NONE_PRIO);
	CHECK_EQ(adv.count, KA_V2_NONE_COUNT);
	CHECK_EQ(adv.interval, KA_V2_NONE_INTERVAL_S * 100);
	CHECK_EQ(adv.auth_type, VRRP_AUTH_NONE);
	CHECK(memcmp(adv.addrs, vip_none, 4) == 0);
	CHECK(adv.auth_data == ka_v2_none + 12);
	CHECK_EQ(vrrp_wire_auth(&adv, VRRP_AUTH_NONE, junk), VRRP_WIRE_OK);
	len = vrrp_wire_encode_v2(buf, KA_V2_NONE_VRID, KA_V2_NONE_PRIO,
				  KA_V2_NONE_INTERVAL_S, vip_none,
				  KA_V2_NONE_COUNT, VRRP_AUTH_NONE, junk);
	CHECK_EQ(len, sizeof(ka_v2_none));
	CHECK(memcmp(buf, ka_v2_none, sizeof(ka_v2_none)) == 0);
	len = vrrp_wire_encode_v2(buf, KA_V2_NONE_VRID, 0,
				  KA_V2_NONE_INTERVAL_S, vip_none,
				  KA_V2_NONE_COUNT, VRRP_AUTH_NONE, junk);
	CHECK_EQ(len, sizeof(ka_v2_none_prio0));
	CHECK(memcmp(buf, ka_v2_none_prio0, sizeof(ka_v2_none_prio0)) == 0);
	CHECK_EQ(vrrp_wire_decode_v2(ka_v2_none_prio0, sizeof(ka_v2_none_prio0),
				     &adv), VRRP_WIRE_OK);
	CHECK_EQ(adv.priority, 0);

	/* Each version's decoder refuses the other's adverts. */
	CHECK_EQ(vrrp_wire_decode(ka_v2_pass, sizeof(ka_v2_pass), VRRP_AF_INET,
				  ka_v2_src, ka_v4_dst, &adv, &form),
		 VRRP_WIRE_ERR_VERSION);
	CHECK_EQ(vrrp_wire_decode(ka_v2_none, sizeof(ka_v2_none), VRRP_AF_INET,
				  ka_v2_src, ka_v4_dst, &adv, &form),
		 VRRP_WIRE_ERR_VERSION);
	CHECK_EQ(vrrp_wire_version(ka_v4), 3);
	CHECK_EQ(vrrp_wire_decode_v2(ka_v4, sizeof(ka_v4), &adv),
		 VRRP_WIRE_ERR_VERSION);
	CHECK_EQ(vrrp_wire_decode_v2(ka_v6, sizeof(ka_v6), &adv),
		 VRRP_WIRE_ERR_VERSION);
}

/* VRRPv2 encode -> decode, every address count, with and without PASS. */
static void test_v2_roundtrip(void)
{
	u8 vips[255 * 4];
	u8 buf[8 + 255 * 4 + 8 + 4];
	u8 pw[VRRP_V2_AUTH_LEN], zero[VRRP_V2_AUTH_LEN] = { 0 };
	struct vrrp_advert adv;
	unsigned int count, i, bad;
	u8 auth, ivl;
	size_t len;

	for (i = 0; i < sizeof(vips); i++)
		vips[i] = (u8)(i * 11 + 5);
	pw8(pw, "s3cr#t!");
	for (auth = VRRP_AUTH_NONE; auth <= VRRP_AUTH_PASS; auth++) {
		bad = 0;
		for (count = 1; count <= 255; count++) {
			ivl = (u8)(count % 255 + 1);	/* 2..255, then 1 */
			memset(buf, 0xaa, sizeof(buf));
			len = vrrp_wire_encode_v2(buf, (u8)count, (u8)(256 - count),
						  ivl, vips, (u8)count, auth, pw);
			memset(&adv, 0x5a, sizeof(adv));
			if (len != 8 + 4 * count + 8 ||
			    len != vrrp_wire_len_v2(count) ||
			    buf[len] != 0xaa ||
			    buf[0] != 0x21 || buf[1] != count ||
			    buf[2] != (u8)(256 - count) || buf[3] != count ||
			    buf[4] != auth || buf[5] != ivl ||
			    memcmp(buf + 8, vips, 4 * count) ||
			    memcmp(buf + len - 8, auth ? pw : zero, 8) ||
			    ref_csum(buf, len, VRRP_AF_INET, v4_src, v4_dst, 0) ||
			    vrrp_wire_decode_v2(buf, len, &adv) != VRRP_WIRE_OK ||
			    adv.version != 2 || adv.type != VRRP_TYPE_ADVERT ||
			    adv.vrid != count || adv.priority != (u8)(256 - count) ||
			    adv.count != count || adv.interval != ivl * 100 ||
			    adv.addrs != buf + 8 || adv.auth_type != auth ||
			    adv.auth_data != buf + len - 8 ||
			    vrrp_wire_auth(&adv, auth, pw) != VRRP_WIRE_OK) {
				printf("v2 roundtrip: auth %u count %u\n", auth,
				       count);
				bad++;
			}
		}
		CHECK_EQ(bad, 0);
	}

	/* A few in full, so a failure says which field. */
	for (count = 1; count <= 255; count += 127) {
		memset(buf, 0xaa, sizeof(buf));
		len = vrrp_wire_encode_v2(buf, 7, 200, 255, vips, (u8)count,
					  VRRP_AUTH_PASS, pw);
		CHECK_EQ(len, 8 + 4 * count + 8);
		CHECK_EQ(buf[len], 0xaa);
		CHECK_EQ(ref_csum(buf, len, VRRP_AF_INET, v4_src, v4_dst, 0), 0);
		CHECK_EQ(csum_value(vrrp_wire_csum(buf, len, VRRP_AF_INET,
						   v4_src, v4_dst, false)), 0);
		CHECK(memcmp(buf + len - 8, pw, 8) == 0);
		CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_OK);
		CHECK_EQ(adv.vrid, 7);
		CHECK_EQ(adv.priority, 200);
		CHECK_EQ(adv.count, count);
		CHECK_EQ(adv.interval, 25500);	/* 255 s */
		CHECK_EQ(adv.auth_type, VRRP_AUTH_PASS);
		CHECK(memcmp(adv.addrs, vips, 4 * count) == 0);
		CHECK(memcmp(adv.auth_data, pw, 8) == 0);
	}
}

/* A hand-built VRRPv2 advert, checksum worked out on paper (RFC 3768 5.1). */
static void test_v2_known_vector(void)
{
	/* VRID 1, priority 100, 1 address, auth none, 1 s, 10.0.0.1 */
	static const u8 v2[] = { 0x21, 0x01, 0x64, 0x01, 0x00, 0x01,
				 0x70, 0xfb, 10, 0, 0, 1,
				 0, 0, 0, 0, 0, 0, 0, 0 };
	static const u8 vip[4] = { 10, 0, 0, 1 };
	struct vrrp_advert adv;
	u8 buf[20];
	size_t len;
	static const u8 junk[VRRP_V2_AUTH_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	/*
	 * Words 2101 6401 0001 0a00 0001 (then zeros) sum to 8f04, so the
	 * checksum is ~8f04 = 70fb.
	 */
	CHECK_EQ(ref_csum(v2, sizeof(v2), VRRP_AF_INET, v4_src, v4_dst, 0), 0);
	len = vrrp_wire_encode_v2(buf, 1, 100, 1, vip, 1, VRRP_AUTH_NONE, junk);
	CHECK_EQ(len, sizeof(v2));
	CHECK(memcmp(buf, v2, sizeof(v2)) == 0);
	CHECK_EQ(vrrp_wire_decode_v2(v2, sizeof(v2), &adv), VRRP_WIRE_OK);
	CHECK_EQ(adv.interval, 100);
	CHECK_EQ(adv.auth_type, VRRP_AUTH_NONE);
}

static void test_errors(void)
{
	static const u8 vip[4] = { 10, 0, 0, 1 };
	struct vrrp_advert adv;
	enum vrrp_csum_mode form;
	u8 good[12], buf[32];
	u8 vrid = 0;
	size_t len;

	len = vrrp_wire_encode(good, VRRP_AF_INET, v4_src, v4_dst, 9, 50, 100,
			       vip, 1, VRRP_CSUM_RFC);
	CHECK_EQ(len, 12);

	/* peek */
	CHECK_EQ(vrrp_wire_peek(good, 0, &vrid), VRRP_WIRE_ERR_SHORT);
	CHECK_EQ(vrrp_wire_peek(good, 7, &vrid), VRRP_WIRE_ERR_SHORT);
	CHECK_EQ(vrrp_wire_peek(good, 8, &vrid), VRRP_WIRE_OK);
	CHECK_EQ(vrid, 9);
	memcpy(buf, good, len);
	buf[0] = 0x41;
	CHECK_EQ(vrrp_wire_peek(buf, len, &vrid), VRRP_WIRE_ERR_VERSION);
	buf[0] = 0x21;	/* VRRPv2 passes peek, not the v3 decoder */
	CHECK_EQ(vrrp_wire_peek(buf, len, &vrid), VRRP_WIRE_OK);
	CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET, v4_src, v4_dst, &adv,
				  NULL), VRRP_WIRE_ERR_VERSION);

	/* 1. short, whatever else is wrong */
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(vrrp_wire_decode(buf, 7, VRRP_AF_INET, v4_src, v4_dst, &adv,
				  &form), VRRP_WIRE_ERR_SHORT);
	CHECK_EQ(vrrp_wire_decode(good, 0, VRRP_AF_INET, v4_src, v4_dst, &adv,
				  &form), VRRP_WIRE_ERR_SHORT);

	/* 2. version (2 and 4), with count 0 and a bad length too */
	memset(buf, 0, sizeof(buf));
	buf[0] = 0x21;
	CHECK_EQ(vrrp_wire_decode(buf, 9, VRRP_AF_INET, v4_src, v4_dst, &adv,
				  &form), VRRP_WIRE_ERR_VERSION);
	memcpy(buf, good, len);
	buf[0] = 0x41;
	fix_csum(buf, len, VRRP_AF_INET, v4_src, v4_dst, 0);
	CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET, v4_src, v4_dst,
				  &adv, &form), VRRP_WIRE_ERR_VERSION);

	/* 3. count 0, with a bad length and checksum */
	memcpy(buf, good, len);
	buf[3] = 0;
	CHECK_EQ(vrrp_wire_decode(buf, 8, VRRP_AF_INET, v4_src, v4_dst, &adv,
				  &form), VRRP_WIRE_ERR_COUNT);
	CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET, v4_src, v4_dst,
				  &adv, &form), VRRP_WIRE_ERR_COUNT);

	/* 4. length: too long, too short, IPv4 length as IPv6 */
	memcpy(buf, good, len);
	buf[len] = 0;
	buf[len + 1] = 0;
	buf[len + 2] = 0;
	buf[len + 3] = 0;
	CHECK_EQ(vrrp_wire_decode(buf, len + 4, VRRP_AF_INET, v4_src, v4_dst,
				  &adv, &form), VRRP_WIRE_ERR_LENGTH);
	CHECK_EQ(vrrp_wire_decode(buf, len - 1, VRRP_AF_INET, v4_src, v4_dst,
				  &adv, &form), VRRP_WIRE_ERR_LENGTH);
	CHECK_EQ(vrrp_wire_decode(buf, 8, VRRP_AF_INET, v4_src, v4_dst,
				  &adv, &form), VRRP_WIRE_ERR_LENGTH);
	CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET6, v6_src, v6_dst,
				  &adv, &form), VRRP_WIRE_ERR_LENGTH);
	buf[3] = 2;	/* count says 2 addresses, only 1 present */
	CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET, v4_src, v4_dst,
				  &adv, &form), VRRP_WIRE_ERR_LENGTH);

	/* 5. checksum, with a bad type and interval too */
	memcpy(buf, good, len);
	buf[7] ^= 1;
	CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET, v4_src, v4_dst,
				  &adv, &form), VRRP_WIRE_ERR_CSUM);
	memcpy(buf, good, len);
	buf[0] = 0x32;
	buf[4] = 0;
	buf[5] = 0;
	CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET, v4_src, v4_dst,
				  &adv, &form), VRRP_WIRE_ERR_CSUM);
	memcpy(buf, good, len);
	buf[11] ^= 0x10;	/* a flipped address bit */
	CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET, v4_src, v4_dst,
				  &adv, &form), VRRP_WIRE_ERR_CSUM);

	/* 6. type (0, 2, 15), with interval 0 too; either checksum form */
	memcpy(buf, good, len);
	buf[0] = 0x30;
	fix_csum(buf, len, VRRP_AF_INET, v4_src, v4_dst, 0);
	CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET, v4_src, v4_dst,
				  &adv, &form), VRRP_WIRE_ERR_TYPE);
	buf[0] = 0x32;
	buf[4] = 0;
	buf[5] = 0;
	fix_csum(buf, len, VRRP_AF_INET, v4_src, v4_dst, 1);
	CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET, v4_src, v4_dst,
				  &adv, &form), VRRP_WIRE_ERR_TYPE);
	buf[0] = 0x3f;
	fix_csum(buf, len, VRRP_AF_INET, v4_src, v4_dst, 0);
	CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET, v4_src, v4_dst,
				  &adv, &form), VRRP_WIRE_ERR_TYPE);

	/* 7. interval 0, also when only reserved bits are set */
	memcpy(buf, good, len);
	buf[4] = 0;
	buf[5] = 0;
	fix_csum(buf, len, VRRP_AF_INET, v4_src, v4_dst, 0);
	CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET, v4_src, v4_dst,
				  &adv, &form), VRRP_WIRE_ERR_INTERVAL);
	buf[4] = 0xf0;
	fix_csum(buf, len, VRRP_AF_INET, v4_src, v4_dst, 1);
	CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET, v4_src, v4_dst,
				  &adv, &form), VRRP_WIRE_ERR_INTERVAL);

	/* Reserved bits are ignored otherwise. */
	memcpy(buf, good, len);
	buf[4] = 0xa0;
	fix_csum(buf, len, VRRP_AF_INET, v4_src, v4_dst, 0);
	CHECK_EQ(vrrp_wire_decode(buf, len, VRRP_AF_INET, v4_src, v4_dst,
				  &adv, &form), VRRP_WIRE_OK);
	CHECK_EQ(adv.interval, 100);

	/*
	 * A message whose words already sum to 0xffff gets checksum 0; the
	 * other representation of zero, 0xffff, must be accepted too.
	 */
	memcpy(buf, good, len);
	buf[10] = 0;
	buf[11] = 0;
	fix_csum(buf, len, VRRP_AF_INET, v4_src, v4_dst, 0);
	buf[10] = buf[6];
	buf[11] = buf[7];
	{
		static u8 enc[12];

		vrrp_wire_encode(enc, VRRP_AF_INET, v4_src, v4_dst, buf[1], buf[2],
				 100, buf + 8, 1, VRRP_CSUM_RFC);
		CHECK_EQ(be16_bytes(enc + 6), 0);
		CHECK_EQ(vrrp_wire_decode(enc, len, VRRP_AF_INET, v4_src, v4_dst,
					  &adv, &form), VRRP_WIRE_OK);
		enc[6] = 0xff;
		enc[7] = 0xff;
		CHECK_EQ(vrrp_wire_decode(enc, len, VRRP_AF_INET, v4_src, v4_dst,
					  &adv, &form), VRRP_WIRE_OK);
	}

	/* A NULL form pointer is allowed. */
	CHECK_EQ(vrrp_wire_decode(good, len, VRRP_AF_INET, v4_src, v4_dst,
				  &adv, NULL), VRRP_WIRE_OK);
}

/* Recompute the checksum of a hand-edited VRRPv2 message (no pseudo-header). */
static void fix_csum_v2(u8 *msg, size_t len)
{
	fix_csum(msg, len, VRRP_AF_INET, v4_src, v4_dst, 0);
}

/* VRRPv2 validation order: short, version, count, length, csum, type, interval. */
static void test_v2_errors(void)
{
	static const u8 vip[4] = { 10, 0, 0, 1 };
	struct vrrp_advert adv;
	u8 pw[VRRP_V2_AUTH_LEN];
	u8 good[20], buf[40];
	u8 vrid = 0;
	size_t len;

	pw8(pw, "hunter2");
	len = vrrp_wire_encode_v2(good, 9, 50, 1, vip, 1, VRRP_AUTH_PASS, pw);
	CHECK_EQ(len, 20);
	CHECK_EQ(vrrp_wire_decode_v2(good, len, &adv), VRRP_WIRE_OK);

	/* peek takes version 2 and 3, nothing else */
	CHECK_EQ(vrrp_wire_peek(good, len, &vrid), VRRP_WIRE_OK);
	CHECK_EQ(vrid, 9);
	CHECK_EQ(vrrp_wire_peek(good, 8, &vrid), VRRP_WIRE_OK);
	CHECK_EQ(vrrp_wire_peek(good, 7, &vrid), VRRP_WIRE_ERR_SHORT);
	memcpy(buf, good, len);
	buf[0] = 0x11;
	CHECK_EQ(vrrp_wire_peek(buf, len, &vrid), VRRP_WIRE_ERR_VERSION);
	buf[0] = 0x01;
	CHECK_EQ(vrrp_wire_peek(buf, len, &vrid), VRRP_WIRE_ERR_VERSION);
	buf[0] = 0x2f;	/* a bad type is not peek's business */
	CHECK_EQ(vrrp_wire_peek(buf, len, &vrid), VRRP_WIRE_OK);

	/* 1. short, whatever else is wrong */
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(vrrp_wire_decode_v2(buf, 7, &adv), VRRP_WIRE_ERR_SHORT);
	CHECK_EQ(vrrp_wire_decode_v2(good, 0, &adv), VRRP_WIRE_ERR_SHORT);
	CHECK_EQ(vrrp_wire_decode_v2(good, 7, &adv), VRRP_WIRE_ERR_SHORT);

	/* 2. version (3, 1, 4), with count 0 and a bad length too */
	memset(buf, 0, sizeof(buf));
	buf[0] = 0x31;
	CHECK_EQ(vrrp_wire_decode_v2(buf, 9, &adv), VRRP_WIRE_ERR_VERSION);
	memcpy(buf, good, len);
	buf[0] = 0x31;
	fix_csum_v2(buf, len);
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_ERR_VERSION);
	buf[0] = 0x11;
	fix_csum_v2(buf, len);
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_ERR_VERSION);
	buf[0] = 0x41;
	fix_csum_v2(buf, len);
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_ERR_VERSION);

	/* 3. count 0, with a bad length and checksum */
	memcpy(buf, good, len);
	buf[3] = 0;
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_ERR_COUNT);
	CHECK_EQ(vrrp_wire_decode_v2(buf, 8, &adv), VRRP_WIRE_ERR_COUNT);
	CHECK_EQ(vrrp_wire_decode_v2(buf, 16, &adv), VRRP_WIRE_ERR_COUNT);

	/* 4. length must be 8 + 4 * count + 8, with a bad checksum too */
	memcpy(buf, good, len);
	memset(buf + len, 0, sizeof(buf) - len);
	CHECK_EQ(vrrp_wire_decode_v2(buf, len + 1, &adv), VRRP_WIRE_ERR_LENGTH);
	CHECK_EQ(vrrp_wire_decode_v2(buf, len + 4, &adv), VRRP_WIRE_ERR_LENGTH);
	CHECK_EQ(vrrp_wire_decode_v2(buf, len - 1, &adv), VRRP_WIRE_ERR_LENGTH);
	/* the VRRPv3 length, no auth data */
	CHECK_EQ(vrrp_wire_decode_v2(buf, 12, &adv), VRRP_WIRE_ERR_LENGTH);
	CHECK_EQ(vrrp_wire_decode_v2(buf, 8, &adv), VRRP_WIRE_ERR_LENGTH);
	CHECK_EQ(vrrp_wire_decode_v2(buf, 16, &adv), VRRP_WIRE_ERR_LENGTH);
	buf[3] = 2;	/* count says 2 addresses, only 1 present */
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_ERR_LENGTH);
	fix_csum_v2(buf, len + 4);	/* ... right for 24 bytes */
	CHECK_EQ(vrrp_wire_decode_v2(buf, len + 4, &adv), VRRP_WIRE_OK);
	CHECK_EQ(adv.count, 2);
	CHECK(adv.auth_data == buf + 16);

	/* 5. checksum, with a bad type and interval too */
	memcpy(buf, good, len);
	buf[7] ^= 1;
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_ERR_CSUM);
	memcpy(buf, good, len);
	buf[19] ^= 0x40;	/* the auth data is covered too */
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_ERR_CSUM);
	memcpy(buf, good, len);
	buf[4] = VRRP_AUTH_NONE;	/* and the auth type */
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_ERR_CSUM);
	memcpy(buf, good, len);
	buf[0] = 0x22;
	buf[5] = 0;
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_ERR_CSUM);
	/* The VRRPv3-style pseudo-header checksum is not accepted for v2. */
	memcpy(buf, good, len);
	fix_csum(buf, len, VRRP_AF_INET, v4_src, v4_dst, 1);
	CHECK(ref_csum(buf, len, VRRP_AF_INET, v4_src, v4_dst, 0) != 0);
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_ERR_CSUM);
	memcpy(buf, ka_v2_pass, sizeof(ka_v2_pass));
	fix_csum(buf, sizeof(ka_v2_pass), VRRP_AF_INET, ka_v2_src, ka_v4_dst, 1);
	CHECK_EQ(vrrp_wire_decode_v2(buf, sizeof(ka_v2_pass), &adv),
		 VRRP_WIRE_ERR_CSUM);
	/* Checksum 0xffff is the other zero. */
	memcpy(buf, good, len);
	buf[8] = 0;
	buf[9] = 0;
	buf[10] = 0;
	buf[11] = 0;
	fix_csum_v2(buf, len);		/* the sum of the rest */
	buf[10] = buf[6];
	buf[11] = buf[7];		/* ... as an address: now sums to ffff */
	vrrp_wire_encode_v2(buf, buf[1], buf[2], buf[5], buf + 8, 1,
			    VRRP_AUTH_PASS, pw);
	CHECK_EQ(be16_bytes(buf + 6), 0);
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_OK);
	buf[6] = 0xff;
	buf[7] = 0xff;
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_OK);

	/* 6. type (0, 2, 15), with interval 0 too */
	memcpy(buf, good, len);
	buf[0] = 0x20;
	fix_csum_v2(buf, len);
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_ERR_TYPE);
	buf[0] = 0x22;
	buf[5] = 0;
	fix_csum_v2(buf, len);
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_ERR_TYPE);
	buf[0] = 0x2f;
	fix_csum_v2(buf, len);
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_ERR_TYPE);

	/* 7. Adver Int byte 0, whatever the auth type */
	memcpy(buf, good, len);
	buf[5] = 0;
	fix_csum_v2(buf, len);
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_ERR_INTERVAL);
	buf[4] = 0xff;
	fix_csum_v2(buf, len);
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_ERR_INTERVAL);

	/* An unknown auth type is vrrp_wire_auth()'s to reject, not decode's. */
	memcpy(buf, good, len);
	buf[4] = 0xff;
	fix_csum_v2(buf, len);
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_OK);
	CHECK_EQ(adv.auth_type, 0xff);
	CHECK_EQ(vrrp_wire_auth(&adv, VRRP_AUTH_PASS, pw),
		 VRRP_WIRE_ERR_AUTH_INVALID);
}

/* vrrp_wire_auth(): invalid type, other type, wrong password, in that order. */
static void test_v2_auth(void)
{
	static const u8 vip[4] = { 10, 0, 0, 1 };
	struct vrrp_advert ka, none, adv;
	u8 pw[VRRP_V2_AUTH_LEN], other[VRRP_V2_AUTH_LEN];
	u8 buf[20];
	unsigned int t;
	size_t len;

	pw8(pw, "secret12");
	CHECK_EQ(vrrp_wire_decode_v2(ka_v2_pass, sizeof(ka_v2_pass), &ka),
		 VRRP_WIRE_OK);
	CHECK_EQ(vrrp_wire_decode_v2(ka_v2_none, sizeof(ka_v2_none), &none),
		 VRRP_WIRE_OK);
	CHECK_EQ(vrrp_wire_auth(&ka, VRRP_AUTH_PASS, pw), VRRP_WIRE_OK);

	/* Auth Type > 2: invalid, whatever we use and whatever the data */
	for (t = 3; t <= 255; t += 42) {
		len = vrrp_wire_encode_v2(buf, 1, 100, 1, vip, 1, (u8)t, pw);
		CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_OK);
		CHECK_EQ(adv.auth_type, t);
		CHECK_EQ(vrrp_wire_auth(&adv, VRRP_AUTH_NONE, pw),
			 VRRP_WIRE_ERR_AUTH_INVALID);
		CHECK_EQ(vrrp_wire_auth(&adv, VRRP_AUTH_PASS, pw),
			 VRRP_WIRE_ERR_AUTH_INVALID);
	}
	len = vrrp_wire_encode_v2(buf, 1, 100, 1, vip, 1, 255, pw);
	vrrp_wire_decode_v2(buf, len, &adv);
	CHECK_EQ(vrrp_wire_auth(&adv, VRRP_AUTH_PASS, pw),
		 VRRP_WIRE_ERR_AUTH_INVALID);
	/* ... even the same undefined type */
	len = vrrp_wire_encode_v2(buf, 1, 100, 1, vip, 1, 3, pw);
	vrrp_wire_decode_v2(buf, len, &adv);
	CHECK_EQ(vrrp_wire_auth(&adv, 3, pw), VRRP_WIRE_ERR_AUTH_INVALID);

	/* A known type that is not ours: mismatch */
	CHECK_EQ(vrrp_wire_auth(&ka, VRRP_AUTH_NONE, pw),
		 VRRP_WIRE_ERR_AUTH_MISMATCH);
	CHECK_EQ(vrrp_wire_auth(&none, VRRP_AUTH_PASS, pw),
		 VRRP_WIRE_ERR_AUTH_MISMATCH);
	len = vrrp_wire_encode_v2(buf, 1, 100, 1, vip, 1, 2, pw);	/* AH */
	CHECK_EQ(vrrp_wire_decode_v2(buf, len, &adv), VRRP_WIRE_OK);
	CHECK_EQ(adv.auth_type, 2);
	CHECK_EQ(vrrp_wire_auth(&adv, VRRP_AUTH_NONE, pw),
		 VRRP_WIRE_ERR_AUTH_MISMATCH);
	CHECK_EQ(vrrp_wire_auth(&adv, VRRP_AUTH_PASS, pw),
		 VRRP_WIRE_ERR_AUTH_MISMATCH);

	/* PASS, a different password */
	pw8(other, "secret13");		/* only byte 8 differs */
	CHECK_EQ(vrrp_wire_auth(&ka, VRRP_AUTH_PASS, other), VRRP_WIRE_ERR_AUTH);
	pw8(other, "secret1");		/* byte 8 zero */
	CHECK_EQ(vrrp_wire_auth(&ka, VRRP_AUTH_PASS, other), VRRP_WIRE_ERR_AUTH);
	pw8(other, "Secret12");		/* only byte 1 */
	CHECK_EQ(vrrp_wire_auth(&ka, VRRP_AUTH_PASS, other), VRRP_WIRE_ERR_AUTH);
	pw8(other, "");
	CHECK_EQ(vrrp_wire_auth(&ka, VRRP_AUTH_PASS, other), VRRP_WIRE_ERR_AUTH);
	memcpy(other, pw, sizeof(other));
	other[7] ^= 0x80;
	CHECK_EQ(vrrp_wire_auth(&ka, VRRP_AUTH_PASS, other), VRRP_WIRE_ERR_AUTH);
	/*
	 * keepalived's 9-character "secret123" went out truncated: the same
	 * 9 characters, truncated the same way, match; so does any other
	 * 9th character; the untruncated bytes never would.
	 */
	pw8(other, KA_V2_PASS_CONF);
	CHECK_EQ(vrrp_wire_auth(&ka, VRRP_AUTH_PASS, other), VRRP_WIRE_OK);
	pw8(other, "secret12X");
	CHECK_EQ(vrrp_wire_auth(&ka, VRRP_AUTH_PASS, other), VRRP_WIRE_OK);
	pw8(other, "secret1X3");	/* 9 chars, differs in byte 8 */
	CHECK_EQ(vrrp_wire_auth(&ka, VRRP_AUTH_PASS, other), VRRP_WIRE_ERR_AUTH);
	memcpy(other, "ecret123", 8);	/* the last 8 of the 9 */
	CHECK_EQ(vrrp_wire_auth(&ka, VRRP_AUTH_PASS, other), VRRP_WIRE_ERR_AUTH);

	/* A short password is zero-padded, on both sides. */
	pw8(other, "abc");
	len = vrrp_wire_encode_v2(buf, 1, 100, 1, vip, 1, VRRP_AUTH_PASS, other);
	CHECK(memcmp(buf + 12, "abc\0\0\0\0\0", 8) == 0);
	vrrp_wire_decode_v2(buf, len, &adv);
	CHECK_EQ(vrrp_wire_auth(&adv, VRRP_AUTH_PASS, other), VRRP_WIRE_OK);
	memcpy(other, "abc     ", 8);
	CHECK_EQ(vrrp_wire_auth(&adv, VRRP_AUTH_PASS, other), VRRP_WIRE_ERR_AUTH);

	/* No authentication: the data bytes mean nothing, either side. */
	memset(other, 0xee, sizeof(other));
	CHECK_EQ(vrrp_wire_auth(&none, VRRP_AUTH_NONE, other), VRRP_WIRE_OK);
	CHECK_EQ(vrrp_wire_auth(&none, VRRP_AUTH_NONE, pw), VRRP_WIRE_OK);
	memcpy(buf, ka_v2_none, sizeof(ka_v2_none));
	memcpy(buf + 12, "garbage!", 8);
	fix_csum_v2(buf, sizeof(ka_v2_none));
	CHECK_EQ(vrrp_wire_decode_v2(buf, sizeof(ka_v2_none), &adv),
		 VRRP_WIRE_OK);
	CHECK_EQ(adv.auth_type, VRRP_AUTH_NONE);
	CHECK_EQ(vrrp_wire_auth(&adv, VRRP_AUTH_NONE, pw), VRRP_WIRE_OK);
	CHECK_EQ(vrrp_wire_auth(&adv, VRRP_AUTH_NONE, other), VRRP_WIRE_OK);
	CHECK_EQ(vrrp_wire_auth(&adv, VRRP_AUTH_PASS, pw),
		 VRRP_WIRE_ERR_AUTH_MISMATCH);
}

static void test_encode_edges(void)
{
	static const u8 vip[4] = { 10, 0, 0, 1 };
	u8 buf[12];

	/* struct vrrp_hdr must match the wire layout used by wire.c. */
	CHECK_EQ(sizeof(struct vrrp_hdr), VRRP_HDR_LEN);
	CHECK_EQ(offsetof(struct vrrp_hdr, max_adver_int), 4);
	CHECK_EQ(offsetof(struct vrrp_hdr, checksum), 6);

	/* Intervals above 12 bits are masked, not spilled into reserved bits. */
	vrrp_wire_encode(buf, VRRP_AF_INET, v4_src, v4_dst, 1, 100, 0xf123,
			 vip, 1, VRRP_CSUM_RFC);
	CHECK_EQ(be16_bytes(buf + 4), 0x123);
	CHECK_EQ(ref_csum(buf, 12, VRRP_AF_INET, v4_src, v4_dst, 0), 0);
}

/* vrrp_wire_csum() against the reference on odd and even lengths. */
static void test_csum_generic(void)
{
	u8 msg[301];
	size_t len, i;
	int pseudo;

	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (u8)(i * 131 + 17);
	for (len = 0; len <= sizeof(msg); len += 37) {
		for (pseudo = 0; pseudo <= 1; pseudo++) {
			CHECK_EQ(csum_value(vrrp_wire_csum(msg, len,
							   VRRP_AF_INET,
							   v4_src, v4_dst,
							   pseudo)),
				 ref_csum(msg, len, VRRP_AF_INET, v4_src,
					  v4_dst, pseudo));
			CHECK_EQ(csum_value(vrrp_wire_csum(msg, len,
							   VRRP_AF_INET6,
							   v6_src, v6_dst,
							   pseudo)),
				 ref_csum(msg, len, VRRP_AF_INET6, v6_src,
					  v6_dst, pseudo));
		}
	}
	/* All 0xff: sums that need many folds. */
	memset(msg, 0xff, sizeof(msg));
	CHECK_EQ(csum_value(vrrp_wire_csum(msg, 300, VRRP_AF_INET6, v6_src,
					   v6_dst, true)),
		 ref_csum(msg, 300, VRRP_AF_INET6, v6_src, v6_dst, 1));
}

void test_wire(void)
{
	test_known_vector();
	test_keepalived();
	test_roundtrip_v4(VRRP_CSUM_RFC);
	test_roundtrip_v4(VRRP_CSUM_PSEUDO);
	test_roundtrip_v6();
	test_v6_vector();
	test_errors();
	test_v2_keepalived();
	test_v2_known_vector();
	test_v2_roundtrip();
	test_v2_errors();
	test_v2_auth();
	test_encode_edges();
	test_csum_generic();
}
