// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl: parsing of command line words, names of enum values, messages.
 * Every parse_*() prints its own message and returns EXIT_USAGE on error,
 * 0 on success, so callers just propagate a non-zero return.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/vrrp.h>

#include "util.h"
#include "vrrpctl.h"

static char *capture_buf;
static size_t capture_len;

/*
 * While @buf is set, a message goes there (the last one kept) instead of
 * stderr; pr_capture(NULL, 0) ends that. For callers that print a message
 * of their own (file:line first) or log a failure once, not on each try.
 */
void pr_capture(char *buf, size_t len)
{
	capture_buf = len ? buf : NULL;
	capture_len = len;
	if (capture_buf)
		capture_buf[0] = '\0';
}

static void vpr_err(const char *fmt, va_list ap)
{
	if (capture_buf) {
		vsnprintf(capture_buf, capture_len, fmt, ap);
		return;
	}
	fflush(stdout);
	fputs("vrrpctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void pr_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpr_err(fmt, ap);
	va_end(ap);
}

int usage_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpr_err(fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int unknown_keyword(const char *word)
{
	return usage_err("unknown keyword \"%s\" (try \"vrrpctl help\")", word);
}

int missing_value(const char *keyword)
{
	return usage_err("\"%s\" needs a value (try \"vrrpctl help\")", keyword);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Decimal only: "051" is 51, not octal; no sign, no spaces. */
int parse_u32(const char *keyword, const char *s, uint32_t min, uint32_t max,
	      uint32_t *out)
{
	unsigned long long v;

	if (!all_digits(s))
		return usage_err("invalid %s \"%s\" (expected a number in %u..%u)",
				 keyword, s, min, max);
	errno = 0;
	v = strtoull(s, NULL, 10);
	if (errno || v < min || v > max)
		return usage_err("%s %s out of range (%u..%u)", keyword, s, min, max);
	*out = v;
	return 0;
}

/* Decimal, an optional '-' or '+'. */
int parse_s32(const char *keyword, const char *s, int32_t min, int32_t max,
	      int32_t *out)
{
	const char *d = s + (*s == '-' || *s == '+');
	long long v;

	if (!all_digits(d))
		return usage_err("invalid %s \"%s\" (expected a number in %d..%d)",
				 keyword, s, min, max);
	errno = 0;
	v = strtoll(s, NULL, 10);
	if (errno || strlen(d) > 12 || v < min || v > max)
		return usage_err("%s %s out of range (%d..%d)", keyword, s, min, max);
	*out = v;
	return 0;
}

/*
 * TIME := DIGITS[.DIGITS][s|ms]; a bare number is seconds, as keepalived's
 * advert_int. Exact decimal arithmetic: "0.1" is 100ms, "1.5ms" is rejected
 * instead of being rounded. Returns 0, or -1 on a syntax error, -2 if the
 * value is not a whole number of milliseconds, -3 if it is too large.
 */
static int time_to_ms(const char *s, uint64_t *ms)
{
	uint64_t mant = 0, mult = 1000, div = 1;
	unsigned int digits = 0;
	bool frac = false;
	const char *p;

	for (p = s; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (++digits > 15)
				return -3;
			mant = mant * 10 + (uint64_t)(*p - '0');
			if (frac)
				div *= 10;
		} else if (*p == '.' && !frac && p > s && p[1] >= '0' && p[1] <= '9') {
			frac = true;
		} else {
			break;
		}
	}
	if (!digits)
		return -1;
	if (!strcmp(p, "ms"))
		mult = 1;
	else if (*p && strcmp(p, "s"))
		return -1;
	mant *= mult;	/* < 10^15 * 1000, no overflow */
	if (mant % div)
		return -2;
	*ms = mant / div;
	return 0;
}

int parse_time_ms(const char *keyword, const char *s, uint32_t *ms)
{
	uint64_t v;

	switch (time_to_ms(s, &v)) {
	case 0:
		if (v > UINT32_MAX)
			break;
		*ms = v;
		return 0;
	case -2:
		return usage_err("%s \"%s\" is not a whole number of milliseconds",
				 keyword, s);
	case -3:
		break;
	default:
		return usage_err("invalid %s \"%s\" (expected a time like 1, 0.5, 2s or 100ms)",
				 keyword, s);
	}
	return usage_err("%s \"%s\" out of range (at most %ums)", keyword, s,
			 UINT32_MAX);
}

/*
 * @version 3: 10ms..40.95s in steps of 10ms. 2: whole seconds, 1..255
 * (RFC 3768). 0, not known (instance set): either; the kernel knows which
 * applies to the instance and says so.
 */
int parse_advert(const char *keyword, const char *s, unsigned int version,
		 uint16_t *cs)
{
	uint64_t v = 0;
	int ret = time_to_ms(s, &v);

	if (ret == -1)
		return usage_err("invalid %s \"%s\" (expected a time like 1, 0.5, 1s or 100ms)",
				 keyword, s);
	if (version == 2) {
		if (ret == -3 || v > 255000 || (ret == 0 && v < 1000))
			return usage_err("%s \"%s\" out of range (version 2: 1..255s)",
					 keyword, s);
		if (ret == -2 || v % 1000)
			return usage_err("%s \"%s\" is not a whole number of seconds (version 2: 1..255s)",
					 keyword, s);
		*cs = v / 10;
		return 0;
	}
	if (version == 0 && ret == 0 && v > VRRP_MAX_ADVERT_CS * 10 && v <= 255000) {
		if (v % 1000)
			return usage_err("%s \"%s\" out of range (10ms..40.95s, or whole seconds up to 255s for version 2)",
					 keyword, s);
		*cs = v / 10;
		return 0;
	}
	if (ret == -3 || v > VRRP_MAX_ADVERT_CS * 10 || (ret == 0 && v < 10))
		return usage_err("%s \"%s\" out of range (10ms..40.95s%s)", keyword, s,
				 version ? "" : ", or whole seconds up to 255s for version 2");
	if (ret == -2 || v % 10)
		return usage_err("%s \"%s\" is not a multiple of 10ms", keyword, s);
	*cs = v / 10;
	return 0;
}

bool parse_addr(const char *s, struct vrrp_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->bytes) == 1) {
		a->family = AF_INET;
		a->len = 4;
	} else if (inet_pton(AF_INET6, s, a->bytes) == 1) {
		a->family = AF_INET6;
		a->len = 16;
	} else {
		return false;
	}
	a->prefixlen = a->len * 8;
	return true;
}

static bool addr_is_multicast(const struct vrrp_addr *a)
{
	if (a->family == AF_INET)
		return (a->bytes[0] & 0xf0) == 0xe0;
	return a->bytes[0] == 0xff;
}

static bool addr_is_zero(const struct vrrp_addr *a)
{
	unsigned int i;

	for (i = 0; i < a->len; i++)
		if (a->bytes[i])
			return false;
	return true;
}

/*
 * ADDR[/LEN]. @first: the word follows "vip" itself; a later word that is
 * not an address is more likely a mistyped keyword, so say that.
 */
int parse_vip(const char *s, struct vrrp_addr *a, bool first)
{
	char buf[ADDR_STRLEN + 8];
	char *slash;
	uint32_t plen;
	const char *plen_str = NULL;

	if (strlen(s) >= sizeof(buf))
		goto bad;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash) {
		*slash = '\0';
		plen_str = slash + 1;
	}
	if (!parse_addr(buf, a))
		goto bad;
	if (plen_str) {
		if (!all_digits(plen_str) || strlen(plen_str) > 3 ||
		    (plen = strtoul(plen_str, NULL, 10)) > a->len * 8)
			return usage_err("invalid prefix length in vip \"%s\" (0..%u)",
					 s, a->len * 8);
		a->prefixlen = plen;
	}
	if (addr_is_zero(a) || addr_is_multicast(a) ||
	    (a->family == AF_INET && !memcmp(a->bytes, "\xff\xff\xff\xff", 4)))
		return usage_err("vip \"%s\" is not a unicast address", s);
	return 0;
bad:
	if (first)
		return usage_err("invalid vip \"%s\" (expected ADDR[/LEN])", s);
	return usage_err("\"%s\" is neither an address nor a keyword (try \"vrrpctl help\")",
			 s);
}

/* A unicast address, without a prefix length: unicast-src, peer. */
int parse_unicast(const char *keyword, const char *s, struct vrrp_addr *a)
{
	if (!parse_addr(s, a))
		return usage_err("invalid %s \"%s\" (expected an IPv4 or IPv6 address)",
				 keyword, s);
	if (addr_is_zero(a) || addr_is_multicast(a) ||
	    (a->family == AF_INET && !memcmp(a->bytes, "\xff\xff\xff\xff", 4)))
		return usage_err("%s \"%s\" is not a unicast address", keyword, s);
	return 0;
}

int parse_group(const char *s, struct vrrp_addr *a)
{
	if (!parse_addr(s, a))
		return usage_err("invalid group \"%s\" (expected a multicast address)", s);
	if (!addr_is_multicast(a))
		return usage_err("group \"%s\" is not a multicast address", s);
	return 0;
}

/*
 * Names are the key of an instance. Creating one, be strict about what the
 * text output, the shell and the completion can carry, as the kernel is
 * (uapi/linux/vrrp.h): printable ASCII, no blanks. Naming an existing one, only the length is checked, so that
 * any name the kernel holds can still be shown and deleted.
 */
static int check_name_of(const char *what, const char *s, bool creating)
{
	const unsigned char *p;

	if (!*s)
		return usage_err("%s name must not be empty", what);
	if (strlen(s) >= VRRP_NAME_MAX)
		return usage_err("%s name \"%s\" too long (at most %d bytes)",
				 what, s, VRRP_NAME_MAX - 1);
	if (creating)
		for (p = (const unsigned char *)s; *p; p++) {
			if (*p <= ' ' || *p == 0x7f)
				return usage_err("%s name \"%s\" contains a blank or control character",
						 what, s);
			/* uapi/linux/vrrp.h: '!'..'~' only */
			if (*p > 0x7f)
				return usage_err("%s name \"%s\" contains a non-ASCII character",
						 what, s);
		}
	return 0;
}

int check_name(const char *s, bool creating)
{
	return check_name_of("instance", s, creating);
}

/* "none" is how "track none" clears a list: no tracker may be called so. */
int check_tracker_name(const char *s, bool creating)
{
	if (creating && !strcmp(s, "none"))
		return usage_err("\"none\" cannot be a tracker name (\"track none\" clears the list)");
	return check_name_of("tracker", s, creating);
}

int check_group_name(const char *s)
{
	return check_name_of("sync-group", s, true);
}

/* In the netns we are in: main() has done setns() for -n already. */
int parse_ifname(const char *s, uint32_t *ifindex)
{
	if (!*s || strlen(s) >= IFNAMSIZ)
		return usage_err("invalid device name \"%s\"", s);
	*ifindex = if_nametoindex(s);
	if (!*ifindex)
		return usage_err("device \"%s\" does not exist", s);
	return 0;
}

const char *addr_str(const void *bytes, unsigned int len, char *buf)
{
	int af = len == 4 ? AF_INET : len == 16 ? AF_INET6 : AF_UNSPEC;

	if (af == AF_UNSPEC || !inet_ntop(af, bytes, buf, ADDR_STRLEN))
		strcpy(buf, "?");
	return buf;
}

/* Out of range values (a newer kernel) still print, as "unknown-N". */
static const char *enum_str(const char *const *names, unsigned int n,
			    unsigned int v)
{
	static char bufs[4][24];
	static unsigned int next;
	char *buf;

	if (v < n && names[v])
		return names[v];
	buf = bufs[next++ % 4];
	snprintf(buf, sizeof(bufs[0]), "unknown-%u", v);
	return buf;
}

#define ENUM_STR(names, v) enum_str(names, sizeof(names) / sizeof(names[0]), v)

const char *family_str(unsigned int family)
{
	static const char *const names[] = {
		[AF_INET] = "inet",
		[AF_INET6] = "inet6",
	};

	return ENUM_STR(names, family);
}

const char *state_str(unsigned int state)
{
	static const char *const names[] = {
		[VRRP_STATE_INIT] = "init",
		[VRRP_STATE_BACKUP] = "backup",
		[VRRP_STATE_MASTER] = "master",
		[VRRP_STATE_FAULT] = "fault",
	};

	return ENUM_STR(names, state);
}

const char *state_str_upper(unsigned int state)
{
	static const char *const names[] = {
		[VRRP_STATE_INIT] = "INIT",
		[VRRP_STATE_BACKUP] = "BACKUP",
		[VRRP_STATE_MASTER] = "MASTER",
		[VRRP_STATE_FAULT] = "FAULT",
	};

	return ENUM_STR(names, state);
}

const char *reason_str(unsigned int reason)
{
	static const char *const names[] = {
		[VRRP_REASON_NONE] = "none",
		[VRRP_REASON_ADMIN] = "admin",
		[VRRP_REASON_TIMER] = "timer",
		[VRRP_REASON_PRIO0] = "priority-0",
		[VRRP_REASON_PREEMPTED] = "preempted",
		[VRRP_REASON_HIGHER_PRIO] = "higher-priority",
		[VRRP_REASON_LINK] = "link",
		[VRRP_REASON_OWNER] = "owner",
		[VRRP_REASON_TRACK] = "track",
		[VRRP_REASON_SYNC_GROUP] = "sync-group",
		[VRRP_REASON_FAST_PREEMPT] = "fast-preempt",
		[VRRP_REASON_ARBITER] = "arbiter",
	};

	return ENUM_STR(names, reason);
}

/* The names of VRRP_FAULT_* bits, lowest first; NULL after the last. */
const char *fault_str(unsigned int bit)
{
	static const char *const names[] = {
		"link", "track", "sync-group", "track-init", "arbiter",
	};
	static char buf[24];

	if (bit >= 32)
		return NULL;
	if (bit < sizeof(names) / sizeof(names[0]))
		return names[bit];
	snprintf(buf, sizeof(buf), "unknown-%u", bit);
	return buf;
}

const char *arbiter_mode_str(unsigned int mode)
{
	static const char *const names[] = {
		[VRRP_ARBITER_CONFLICT] = "conflict",
		[VRRP_ARBITER_FAULT] = "fault",
	};

	return ENUM_STR(names, mode);
}

const char *arbiter_state_str(unsigned int state)
{
	static const char *const names[] = {
		[VRRP_ARBITER_NONE] = "none",
		[VRRP_ARBITER_UNKNOWN] = "unknown",
		[VRRP_ARBITER_REACHABLE] = "reachable",
		[VRRP_ARBITER_UNREACHABLE] = "unreachable",
	};

	return ENUM_STR(names, state);
}

/* A tracker's status (VRRP_TRK_A_STATE, VRRP_TRACK_A_STATE). */
const char *trk_state_str(unsigned int state)
{
	static const char *const names[] = {
		[VRRP_TRK_STATE_FAILED] = "failed",
		[VRRP_TRK_STATE_OK] = "ok",
		[VRRP_TRK_STATE_INIT] = "init",
	};

	return ENUM_STR(names, state);
}

/* A tracker's initial state (VRRP_TRK_A_INIT), as "tracker add ... init" takes it. */
const char *trk_init_str(unsigned int init)
{
	static const char *const names[] = {
		[VRRP_TRK_INIT_OK] = "ok",
		[VRRP_TRK_INIT_FAIL] = "fail",
		[VRRP_TRK_INIT_UNKNOWN] = "unknown",
	};

	return ENUM_STR(names, init);
}

const char *csum_str(unsigned int csum)
{
	static const char *const names[] = {
		[VRRP_CSUM_RFC] = "rfc",
		[VRRP_CSUM_PSEUDO] = "pseudo",
		[VRRP_CSUM_AUTO] = "auto",
	};

	return ENUM_STR(names, csum);
}

const char *auth_str(unsigned int auth)
{
	static const char *const names[] = {
		[VRRP_AUTH_NONE] = "none",
		[VRRP_AUTH_PASS] = "pass",
	};

	return ENUM_STR(names, auth);
}

/* 00:00:5e:00:01:33; "?" unless 6 bytes */
const char *mac_str(const uint8_t *mac, unsigned int len, char *buf)
{
	if (len != 6)
		strcpy(buf, "?");
	else
		snprintf(buf, MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
			 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

/* Printed times parse back with the same syntax: "0ms", "5s", "250ms". */
const char *ms_str(uint32_t ms, char *buf)
{
	if (ms && ms % 1000 == 0)
		snprintf(buf, TIME_STRLEN, "%us", ms / 1000);
	else
		snprintf(buf, TIME_STRLEN, "%ums", ms);
	return buf;
}

const char *cs_str(uint32_t cs, char *buf)
{
	snprintf(buf, TIME_STRLEN, "%u.%02us", cs / 100, cs % 100);
	return buf;
}

/*
 * Split @line in place into words, as a shell would for the simple cases of
 * a batch or notify file: blanks separate words, '#' at the start of a word
 * begins a comment, "..." and '...' quote (no escapes inside '...', \\ and
 * \" inside "..."), a backslash outside quotes escapes the next character.
 * Returns the number of words (argv[n] = NULL), or -1 with *err set.
 */
int split_line(char *line, char **argv, int max, const char **err)
{
	char *r = line, *w = line, quote;
	int n = 0;

	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
			r++;
		if (!*r || *r == '#')
			break;
		if (n == max - 1) {
			*err = "too many words";
			return -1;
		}
		argv[n++] = w;
		quote = 0;
		for (; *r; r++) {
			if (quote) {
				if (*r == quote) {
					quote = 0;
					continue;
				}
				if (quote == '"' && *r == '\\' && (r[1] == '"' || r[1] == '\\'))
					r++;
			} else if (*r == '"' || *r == '\'') {
				quote = *r;
				continue;
			} else if (*r == '\\' && r[1]) {
				r++;
			} else if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
				break;
			}
			*w++ = *r;
		}
		if (quote) {
			*err = "unterminated quote";
			return -1;
		}
		if (*r)
			r++;
		*w++ = '\0';
	}
	argv[n] = NULL;
	return n;
}

/* A word that split_line() gives back as it is: quoted if need be. */
void fput_word(FILE *f, const char *w)
{
	const char *p;
	bool plain = *w && *w != '#';

	for (p = w; *p && plain; p++)
		if (*p <= ' ' || *p == '"' || *p == '\'' || *p == '\\' || *p == 0x7f)
			plain = false;
	if (plain) {
		fputs(w, f);
		return;
	}
	putc('"', f);
	for (p = w; *p; p++) {
		if (*p == '"' || *p == '\\')
			putc('\\', f);
		putc(*p, f);
	}
	putc('"', f);
}
