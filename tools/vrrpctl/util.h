/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrrpctl: parsing of command line words, names of enum values, messages.
 */
#ifndef VRRPCTL_UTIL_H
#define VRRPCTL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* An address as it travels in netlink: 4 or 16 raw bytes. */
struct vrrp_addr {
	int family;		/* AF_INET or AF_INET6 */
	unsigned int len;	/* 4 or 16 */
	unsigned int prefixlen;
	uint8_t bytes[16];
};

#define ADDR_STRLEN	46	/* INET6_ADDRSTRLEN */
#define TIME_STRLEN	24
#define MAC_STRLEN	18

void pr_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int usage_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pr_capture(char *buf, size_t len);
int unknown_keyword(const char *word);
int missing_value(const char *keyword);

int parse_u32(const char *keyword, const char *s, uint32_t min, uint32_t max,
	      uint32_t *out);
int parse_s32(const char *keyword, const char *s, int32_t min, int32_t max,
	      int32_t *out);
int parse_time_ms(const char *keyword, const char *s, uint32_t *ms);
int parse_advert(const char *keyword, const char *s, unsigned int version,
		 uint16_t *cs);
bool parse_addr(const char *s, struct vrrp_addr *a);
int parse_vip(const char *s, struct vrrp_addr *a, bool first);
int parse_unicast(const char *keyword, const char *s, struct vrrp_addr *a);
int parse_group(const char *s, struct vrrp_addr *a);
int check_name(const char *s, bool creating);
int check_tracker_name(const char *s, bool creating);
int check_group_name(const char *s);
int split_line(char *line, char **argv, int max, const char **err);
void fput_word(FILE *f, const char *w);
int parse_ifname(const char *s, uint32_t *ifindex);

const char *addr_str(const void *bytes, unsigned int len, char *buf);
const char *family_str(unsigned int family);
const char *state_str(unsigned int state);
const char *state_str_upper(unsigned int state);
const char *reason_str(unsigned int reason);
const char *csum_str(unsigned int csum);
const char *fault_str(unsigned int bit);
const char *arbiter_mode_str(unsigned int mode);
const char *arbiter_state_str(unsigned int state);
const char *trk_state_str(unsigned int state);
const char *trk_init_str(unsigned int init);
const char *auth_str(unsigned int auth);
const char *mac_str(const uint8_t *mac, unsigned int len, char *buf);
const char *ms_str(uint32_t ms, char *buf);
const char *cs_str(uint32_t cs, char *buf);

#endif /* VRRPCTL_UTIL_H */
