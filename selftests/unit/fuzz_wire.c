// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for kmod/wire.c. Input: one byte choosing the family,
 * the source and destination addresses (4 or 16 bytes each), then the VRRP
 * message. Whatever decodes must re-encode to the same bytes and decode
 * again to the same advert. The message also goes through the VRRPv2
 * decoder and vrrp_wire_auth(), with our auth type and a password derived
 * from the first byte (bits 2-3: type; bit 7: flip password bit 0 of byte
 * bits 4-6), so each authentication result is predictable.
 */

#include <stdlib.h>
#include <string.h>

#include "../../kmod/wire.h"

#define REQUIRE(c)	do { if (!(c)) abort(); } while (0)

/* VRRPv2: decode, authenticate, re-encode, decode again. */
static void fuzz_v2(const u8 *msg, size_t len, u8 ctl)
{
	u8 out[VRRP_HDR_LEN + 255 * 4 + VRRP_V2_AUTH_LEN];
	struct vrrp_advert adv, adv2;
	enum vrrp_wire_err err, want;
	u8 type = (ctl >> 2) & 3;
	bool flip = ctl & 0x80;
	u8 *pw;
	size_t olen;
	u8 vrid;

	err = vrrp_wire_decode_v2(msg, len, &adv);
	REQUIRE(err <= VRRP_WIRE_ERR_INTERVAL);
	if (err != VRRP_WIRE_OK)
		return;

	REQUIRE(vrrp_wire_peek(msg, len, &vrid) == VRRP_WIRE_OK);
	REQUIRE(vrid == adv.vrid && vrrp_wire_version(msg) == 2);
	REQUIRE(adv.version == 2 && adv.type == VRRP_TYPE_ADVERT);
	REQUIRE(adv.count && adv.interval && adv.interval % 100 == 0 &&
		adv.interval <= 25500);
	REQUIRE(len == vrrp_wire_len_v2(adv.count));
	REQUIRE(adv.addrs == msg + VRRP_HDR_LEN);
	REQUIRE(adv.auth_data == msg + len - VRRP_V2_AUTH_LEN);
	REQUIRE(adv.auth_type == msg[4]);
	REQUIRE(vrrp_wire_csum(msg, len, VRRP_AF_INET, NULL, NULL, false) == 0);

	/* An exact-size heap password, so ASan sees any overread. */
	pw = malloc(VRRP_V2_AUTH_LEN);
	REQUIRE(pw);
	memcpy(pw, adv.auth_data, VRRP_V2_AUTH_LEN);
	if (flip)
		pw[(ctl >> 4) & 7] ^= 1;
	if (adv.auth_type > 2)
		want = VRRP_WIRE_ERR_AUTH_INVALID;
	else if (adv.auth_type != type)
		want = VRRP_WIRE_ERR_AUTH_MISMATCH;
	else if (type == VRRP_AUTH_PASS && flip)
		want = VRRP_WIRE_ERR_AUTH;
	else
		want = VRRP_WIRE_OK;
	REQUIRE(vrrp_wire_auth(&adv, type, pw) == want);

	olen = vrrp_wire_encode_v2(out, adv.vrid, adv.priority,
				   (u8)(adv.interval / 100), adv.addrs,
				   adv.count, adv.auth_type, adv.auth_data);
	REQUIRE(olen == len);
	REQUIRE(memcmp(out, msg, 6) == 0);
	REQUIRE(memcmp(out + VRRP_HDR_LEN, msg + VRRP_HDR_LEN,
		       len - VRRP_HDR_LEN - VRRP_V2_AUTH_LEN) == 0);
	if (adv.auth_type == VRRP_AUTH_PASS) {
		REQUIRE(memcmp(out + len - VRRP_V2_AUTH_LEN, adv.auth_data,
			       VRRP_V2_AUTH_LEN) == 0);
		/* Same bytes: the checksum only differs as 0 vs 0xffff. */
		if (out[6] != msg[6] || out[7] != msg[7])
			REQUIRE(out[6] == 0 && out[7] == 0 &&
				msg[6] == 0xff && msg[7] == 0xff);
	} else {
		/* Auth data is only sent with PASS. */
		for (olen = len - VRRP_V2_AUTH_LEN; olen < len; olen++)
			REQUIRE(out[olen] == 0);
	}
	REQUIRE(vrrp_wire_decode_v2(out, len, &adv2) == VRRP_WIRE_OK);
	REQUIRE(adv2.vrid == adv.vrid && adv2.priority == adv.priority &&
		adv2.count == adv.count && adv2.interval == adv.interval &&
		adv2.auth_type == adv.auth_type);
	if (adv.auth_type <= 2)
		REQUIRE(vrrp_wire_auth(&adv2, adv.auth_type, adv2.auth_data) ==
			VRRP_WIRE_OK);
	/* Never accepted by the VRRPv3 decoder. */
	REQUIRE(vrrp_wire_decode(msg, len, VRRP_AF_INET, out, out, &adv2,
				 NULL) == VRRP_WIRE_ERR_VERSION);
	free(pw);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 out[VRRP_HDR_LEN + 255 * 16];
	struct vrrp_advert adv, adv2;
	enum vrrp_csum_mode form, form2;
	enum vrrp_wire_err err;
	const u8 *saddr, *daddr, *msg;
	unsigned int alen;
	size_t len, olen;
	int family;
	u8 *copy;
	u8 vrid;

	if (size < 1)
		return 0;
	family = data[0] & 1 ? VRRP_AF_INET6 : VRRP_AF_INET;
	alen = vrrp_alen(family);
	if (size < 1 + 2 * alen)
		return 0;
	saddr = data + 1;
	daddr = saddr + alen;
	len = size - 1 - 2 * alen;

	/* An exact-size heap copy, so ASan sees any overread. */
	copy = malloc(len ? len : 1);
	REQUIRE(copy);
	memcpy(copy, daddr + alen, len);
	msg = copy;

	err = vrrp_wire_peek(msg, len, &vrid);
	REQUIRE(err == VRRP_WIRE_OK || err == VRRP_WIRE_ERR_SHORT ||
		err == VRRP_WIRE_ERR_VERSION);
	(void)vrrp_wire_csum(msg, len, family, saddr, daddr, data[0] & 2);

	fuzz_v2(msg, len, data[0]);

	err = vrrp_wire_decode(msg, len, family, saddr, daddr, &adv, &form);
	REQUIRE(err <= VRRP_WIRE_ERR_INTERVAL);
	if (err != VRRP_WIRE_OK)
		goto out;

	REQUIRE(vrid == adv.vrid);
	REQUIRE(adv.version == 3 && adv.type == VRRP_TYPE_ADVERT);
	REQUIRE(vrrp_wire_decode_v2(msg, len, &adv2) == VRRP_WIRE_ERR_VERSION);
	REQUIRE(adv.count && adv.interval && adv.interval <= 4095);
	REQUIRE(len == vrrp_wire_len(family, adv.count));
	REQUIRE(adv.addrs == msg + VRRP_HDR_LEN);
	REQUIRE(family == VRRP_AF_INET || form == VRRP_CSUM_PSEUDO);

	olen = vrrp_wire_encode(out, family, saddr, daddr, adv.vrid,
				adv.priority, adv.interval, adv.addrs,
				adv.count, form);
	REQUIRE(olen == len);
	/* Same bytes, except reserved bits (zeroed) and the checksum. */
	REQUIRE(memcmp(out, msg, 4) == 0);
	REQUIRE(out[4] == (msg[4] & 0x0f) && out[5] == msg[5]);
	REQUIRE(memcmp(out + VRRP_HDR_LEN, msg + VRRP_HDR_LEN,
		       len - VRRP_HDR_LEN) == 0);
	/* With no reserved bits the checksum only differs as 0 vs 0xffff. */
	if (!(msg[4] & 0xf0) && (out[6] != msg[6] || out[7] != msg[7]))
		REQUIRE(out[6] == 0 && out[7] == 0 &&
			msg[6] == 0xff && msg[7] == 0xff);

	REQUIRE(vrrp_wire_decode(out, olen, family, saddr, daddr, &adv2,
				 &form2) == VRRP_WIRE_OK);
	REQUIRE(adv2.vrid == adv.vrid && adv2.priority == adv.priority &&
		adv2.count == adv.count && adv2.interval == adv.interval);
	/*
	 * A pseudo-header checksum also passes as the RFC form when the
	 * pseudo-header words happen to sum to zero; RFC is tried first.
	 */
	REQUIRE(form2 == form ||
		(form == VRRP_CSUM_PSEUDO && form2 == VRRP_CSUM_RFC));
out:
	free(copy);
	return 0;
}
