// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for kmod/wire.c. Input: one byte choosing the family,
 * the source and destination addresses (4 or 16 bytes each), then the VRRP
 * message. Whatever decodes must re-encode to the same bytes and decode
 * again to the same advert.
 */

#include <stdlib.h>
#include <string.h>

#include "../../kmod/wire.h"

#define REQUIRE(c)	do { if (!(c)) abort(); } while (0)

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

	err = vrrp_wire_decode(msg, len, family, saddr, daddr, &adv, &form);
	REQUIRE(err <= VRRP_WIRE_ERR_INTERVAL);
	if (err != VRRP_WIRE_OK)
		goto out;

	REQUIRE(vrid == adv.vrid);
	REQUIRE(adv.version == 3 && adv.type == VRRP_TYPE_ADVERT);
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
