// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl show [NAME] [secrets]: the instances, one block (or JSON object)
 * each. Attributes the kernel did not send are left out, except the two
 * addresses, which are null ("-") when unknown, and those of VRRPv2, unicast
 * and the virtual MAC: their keys are always there, with the defaults if a
 * kernel without them sent nothing. Text leaves those out at their defaults.
 * The password is printed only if asked for ("secrets"), as wg hides keys.
 */
#include <inttypes.h>
#include <net/if.h>
#include <string.h>

#include "nl.h"
#include "print.h"
#include "util.h"
#include "vrrpctl.h"

/* The JSON keys: VRRP_STATS_A_* lowercased without the prefix. */
static const char *const counter_names[VRRP_STATS_A_MAX + 1] = {
	[VRRP_STATS_A_MASTER_TRANSITIONS]	= "master_transitions",
	[VRRP_STATS_A_RCVD_ADVERTS]		= "rcvd_adverts",
	[VRRP_STATS_A_ADV_INTERVAL_ERRORS]	= "adv_interval_errors",
	[VRRP_STATS_A_IP_TTL_ERRORS]		= "ip_ttl_errors",
	[VRRP_STATS_A_RCVD_PRI0]		= "rcvd_pri0",
	[VRRP_STATS_A_SENT_PRI0]		= "sent_pri0",
	[VRRP_STATS_A_RCVD_INVALID_TYPE]	= "rcvd_invalid_type",
	[VRRP_STATS_A_ADDRESS_LIST_ERRORS]	= "address_list_errors",
	[VRRP_STATS_A_PACKET_LENGTH_ERRORS]	= "packet_length_errors",
	[VRRP_STATS_A_SENT_ADVERTS]		= "sent_adverts",
	[VRRP_STATS_A_SENT_GARPS]		= "sent_garps",
	[VRRP_STATS_A_CSUM_RFC]			= "csum_rfc",
	[VRRP_STATS_A_CSUM_PSEUDO]		= "csum_pseudo",
	[VRRP_STATS_A_TRANSITIONS]		= "transitions",
	[VRRP_STATS_A_CHECKSUM_ERRORS]		= "checksum_errors",
	[VRRP_STATS_A_VERSION_ERRORS]		= "version_errors",
	[VRRP_STATS_A_VRID_ERRORS]		= "vrid_errors",
	[VRRP_STATS_A_LENGTH_ERRORS]		= "length_errors",
	[VRRP_STATS_A_DOWN_TIMER_LATE]		= "down_timer_late",
	[VRRP_STATS_A_AUTH_FAILURES]		= "auth_failures",
	[VRRP_STATS_A_INVALID_AUTH_TYPE]	= "invalid_auth_type",
	[VRRP_STATS_A_AUTH_TYPE_MISMATCH]	= "auth_type_mismatch",
	[VRRP_STATS_A_SOURCE_ERRORS]		= "source_errors",
	[VRRP_STATS_A_VIP_CONFLICTS]		= "vip_conflicts",
	[VRRP_STATS_A_ONE_WAY]			= "one_way",
	[VRRP_STATS_A_MISMATCHES]		= "mismatches",
};

/* The name of counter VRRP_STATS_A_* @attr (its JSON key, its metric), or NULL. */
const char *counter_name(unsigned int attr)
{
	return attr <= VRRP_STATS_A_MAX ? counter_names[attr] : NULL;
}

/* Text: items of a line are separated by two blanks, lines indented. */
static const char *sep;

static void item(void)
{
	print_text("%s", sep);
	sep = "  ";
}

static void line_begin(void)
{
	sep = "    ";
}

static void line_end(void)
{
	if (strcmp(sep, "    "))
		print_nl();
}

static void print_addr(const char *key, const char *fmt, struct nlattr *a)
{
	static const uint8_t zero[16];
	char buf[ADDR_STRLEN];

	if (a && (nla_len(a) == 4 || nla_len(a) == 16) &&
	    memcmp(nla_data(a), zero, nla_len(a)))
		print_string(PRINT_ANY, key, fmt, addr_str(nla_data(a), nla_len(a), buf));
	else
		print_null(PRINT_ANY, key, fmt, "-");
}

static const char *ifname_of(struct nlattr **tb, char *buf)
{
	if (tb[VRRP_A_IFNAME])
		return nla_get_string(tb[VRRP_A_IFNAME]);
	if (tb[VRRP_A_IFINDEX] && if_indextoname(nla_get_u32(tb[VRRP_A_IFINDEX]), buf))
		return buf;
	return NULL;
}

/* "VI_1: dev veth0 vrid 51", and the keys that say which instance. */
void print_instance_id(struct nlattr **tb)
{
	char ifbuf[IF_NAMESIZE];
	const char *ifname = ifname_of(tb, ifbuf);

	print_string(PRINT_ANY, "name", "%s:", tb[VRRP_A_NAME] ?
		     nla_get_string(tb[VRRP_A_NAME]) : "?");
	if (ifname)
		print_string(PRINT_ANY, "ifname", " dev %s", ifname);
	else
		print_null(PRINT_ANY, "ifname", " dev %s", "?");
	if (tb[VRRP_A_IFINDEX])
		print_uint(PRINT_JSON, "ifindex", NULL, nla_get_u32(tb[VRRP_A_IFINDEX]));
	if (tb[VRRP_A_VRID])
		print_uint(PRINT_ANY, "vrid", " vrid %u", nla_get_u8(tb[VRRP_A_VRID]));
	if (tb[VRRP_A_FAMILY])
		print_string(PRINT_JSON, "family", NULL,
			     family_str(nla_get_u8(tb[VRRP_A_FAMILY])));
	print_nl();
}

/* Text: one counter a line; JSON: an object, the value of @key. */
void print_counters(const char *key, struct nlattr *stats)
{
	struct nlattr *tb[VRRP_STATS_A_MAX + 1];
	int i;

	open_json_object(key);
	if (vnl_parse_stats(stats, tb) < 0) {
		pr_err("warning: malformed counters ignored");
		memset(tb, 0, sizeof(tb));
	}
	for (i = VRRP_STATS_A_PAD + 1; i <= VRRP_STATS_A_MAX; i++) {
		if (!tb[i] || !counter_names[i])
			continue;
		print_text("    %-22s ", counter_names[i]);
		print_u64(PRINT_ANY, counter_names[i], "%" PRIu64 "\n",
			  nla_get_u64(tb[i]));
	}
	close_json_object();
}

const char *conflict_kind_str(unsigned int kind)
{
	static const char *const names[] = {
		[VRRP_CONFLICT_ARP]		= "arp",
		[VRRP_CONFLICT_ND]		= "nd",
		[VRRP_CONFLICT_ONE_WAY]		= "one-way",
		[VRRP_CONFLICT_MISMATCH]	= "mismatch",
	};

	return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "unknown";
}

/* Text: "a,b"; JSON: an array of the names of the bits set in @bits. */
static void print_bits(const char *key, const char *fmt, uint32_t bits,
		       const char *const *names, unsigned int n)
{
	char buf[128] = "";
	unsigned int i;

	open_json_array(key);
	for (i = 0; i < n; i++) {
		if (!(bits & (1U << i)))
			continue;
		print_string(PRINT_JSON, NULL, NULL, names[i]);
		if (*buf)
			strcat(buf, ",");
		strcat(buf, names[i]);
	}
	close_json_array();
	if (*buf)
		print_string(PRINT_FP, NULL, fmt, buf);
}

/* VRRP_CONFLICT_A_WHAT's bits, in order */
const char *const mismatch_whats[MISMATCH_WHATS] = {
	"vips", "interval", "version", "auth", "csum", "linklocal",
};

/*
 * A VRRP_A_CONFLICT or VRRP_A_MISMATCH nest, the value of @key in JSON.
 * Text, one line: "conflict arp vip 10.0.0.9 from 02:..:01 (active, 0.2s ago)";
 * in an @event, without the age.
 */
void print_conflict(const char *key, struct nlattr *nest, bool event)
{
	static const char *const hints[] = { "csum", "interval", "auth", "ttl", "version" };
	struct nlattr *tb[VRRP_CONFLICT_A_MAX + 1];
	char mac[MAC_STRLEN], t1[TIME_STRLEN];
	unsigned int kind;

	if (vnl_parse_conflict(nest, tb) < 0 || !tb[VRRP_CONFLICT_A_KIND]) {
		pr_err("warning: malformed %s ignored", key);
		return;
	}
	kind = nla_get_u8(tb[VRRP_CONFLICT_A_KIND]);
	open_json_object(key);
	print_text("%s%s", event ? " " : "    ", key);
	print_string(PRINT_JSON, "kind", NULL, conflict_kind_str(kind));
	if (kind != VRRP_CONFLICT_MISMATCH)
		print_string(PRINT_FP, NULL, " %s", conflict_kind_str(kind));
	if (tb[VRRP_CONFLICT_A_WHAT])
		print_bits("what", " %s", nla_get_u32(tb[VRRP_CONFLICT_A_WHAT]), mismatch_whats,
			   MISMATCH_WHATS);
	if (tb[VRRP_CONFLICT_A_VIP])
		print_addr("vip", " vip %s", tb[VRRP_CONFLICT_A_VIP]);
	if (tb[VRRP_CONFLICT_A_PEER_ADDR])
		print_addr("peer", " from %s", tb[VRRP_CONFLICT_A_PEER_ADDR]);
	if (tb[VRRP_CONFLICT_A_PEER_MAC])
		print_string(PRINT_ANY, "peer_mac",
			     tb[VRRP_CONFLICT_A_PEER_ADDR] ? " (%s)" : " from %s",
			     mac_str(nla_data(tb[VRRP_CONFLICT_A_PEER_MAC]), 6, mac));
	if (tb[VRRP_CONFLICT_A_HINT]) {
		print_bits("hint", " hint %s", nla_get_u32(tb[VRRP_CONFLICT_A_HINT]), hints,
			   sizeof(hints) / sizeof(hints[0]));
		if (!nla_get_u32(tb[VRRP_CONFLICT_A_HINT]))
			print_text(" hint none (our adverts are lost on the way)");
	}
	if (!event) {
		print_bool(PRINT_JSON, "active", NULL, tb[VRRP_CONFLICT_A_ACTIVE]);
		print_text(" (%s", tb[VRRP_CONFLICT_A_ACTIVE] ? "active" : "cleared");
		if (tb[VRRP_CONFLICT_A_AGE]) {
			print_uint(PRINT_JSON, "age_ms", NULL, nla_get_u32(tb[VRRP_CONFLICT_A_AGE]));
			print_string(PRINT_FP, NULL, ", %s ago",
				     ms_str(nla_get_u32(tb[VRRP_CONFLICT_A_AGE]), t1));
		}
		print_text(")\n");
	}
	close_json_object();
}

static void print_vips(struct nlattr *vips)
{
	struct nlattr *tb[VRRP_VIP_A_MAX + 1], *vip;
	char buf[ADDR_STRLEN], ifbuf[IF_NAMESIZE];
	const char *ifname;
	int rem;

	open_json_array("vips");
	nla_for_each_nested(vip, vips, rem) {
		if (nla_type(vip) != VRRP_A_VIP || vnl_parse_vip(vip, tb) < 0 ||
		    !tb[VRRP_VIP_A_ADDR])
			continue;
		open_json_object(NULL);
		print_string(PRINT_ANY, "address", "    vip %s",
			     addr_str(nla_data(tb[VRRP_VIP_A_ADDR]),
				      nla_len(tb[VRRP_VIP_A_ADDR]), buf));
		if (tb[VRRP_VIP_A_PREFIXLEN])
			print_uint(PRINT_ANY, "prefixlen", "/%u",
				   nla_get_u8(tb[VRRP_VIP_A_PREFIXLEN]));
		if (tb[VRRP_VIP_A_IFINDEX] && nla_get_u32(tb[VRRP_VIP_A_IFINDEX])) {
			print_uint(PRINT_JSON, "ifindex", NULL,
				   nla_get_u32(tb[VRRP_VIP_A_IFINDEX]));
			ifname = if_indextoname(nla_get_u32(tb[VRRP_VIP_A_IFINDEX]), ifbuf);
			if (ifname)
				print_string(PRINT_ANY, "dev", " dev %s", ifname);
			else
				print_uint(PRINT_FP, NULL, " dev #%u (gone)",
					   nla_get_u32(tb[VRRP_VIP_A_IFINDEX]));
		}
		print_bool(PRINT_JSON, "installed", NULL, tb[VRRP_VIP_A_INSTALLED]);
		print_bool(PRINT_JSON, "excluded", NULL, tb[VRRP_VIP_A_EXCLUDED]);
		if (tb[VRRP_VIP_A_INSTALLED])
			print_text(" (installed)");
		if (tb[VRRP_VIP_A_EXCLUDED])
			print_text(" (excluded: not in adverts)");
		print_nl();
		close_json_object();
	}
	close_json_array();
}

/* Text: " (link, track)" after the state; JSON: "fault": ["link", "track"]. */
static void print_fault(uint32_t fault)
{
	const char *name;
	unsigned int bit;
	bool first = true;

	open_json_array("fault");
	for (bit = 0; (name = fault_str(bit)); bit++) {
		if (!(fault & (1U << bit)))
			continue;
		print_string(PRINT_JSON, NULL, NULL, name);
		print_text("%s%s", first ? " (" : ", ", name);
		first = false;
	}
	if (!first)
		print_text(")");
	close_json_array();
}

/*
 * One line per element, in the syntax of "instance set", then its status:
 *     track chk_nginx weight -20 (ok, +0)
 *     track chk_disk (init, +0)
 *     track-if eth1 reverse (failed, fault)
 */
static void print_tracks(struct nlattr *tracks)
{
	struct nlattr *tb[VRRP_TRACK_A_MAX + 1], *track;
	char ifbuf[IF_NAMESIZE];
	const char *ifname, *status;
	int rem;

	open_json_array("tracks");
	nla_for_each_nested(track, tracks, rem) {
		if (nla_type(track) != VRRP_A_TRACK || vnl_parse_track(track, tb) < 0)
			continue;
		open_json_object(NULL);
		if (tb[VRRP_TRACK_A_TRACKER]) {
			print_string(PRINT_ANY, "tracker", "    track %s",
				     nla_get_string(tb[VRRP_TRACK_A_TRACKER]));
		} else {
			ifname = tb[VRRP_TRACK_A_IFNAME] ? nla_get_string(tb[VRRP_TRACK_A_IFNAME]) :
				 tb[VRRP_TRACK_A_IFINDEX] ?
				 if_indextoname(nla_get_u32(tb[VRRP_TRACK_A_IFINDEX]), ifbuf) : NULL;
			if (ifname)
				print_string(PRINT_ANY, "ifname", "    track-if %s", ifname);
			else
				print_null(PRINT_ANY, "ifname", "    track-if %s", "?");
			if (tb[VRRP_TRACK_A_IFINDEX])
				print_uint(PRINT_JSON, "ifindex", NULL,
					   nla_get_u32(tb[VRRP_TRACK_A_IFINDEX]));
		}
		if (tb[VRRP_TRACK_A_WEIGHT])
			print_int(PRINT_ANY, "weight", " weight %d",
				  (int32_t)nla_get_s32(tb[VRRP_TRACK_A_WEIGHT]));
		print_bool(PRINT_JSON, "reverse", NULL, tb[VRRP_TRACK_A_REVERSE]);
		if (tb[VRRP_TRACK_A_REVERSE])
			print_text(" reverse");
		if (tb[VRRP_TRACK_A_OK])
			print_bool(PRINT_JSON, "ok", NULL, nla_get_u8(tb[VRRP_TRACK_A_OK]));
		if (tb[VRRP_TRACK_A_CONTRIB])
			print_int(PRINT_JSON, "contrib", NULL,
				  (int32_t)nla_get_s32(tb[VRRP_TRACK_A_CONTRIB]));
		/* "init": a tracker not yet reported (older modules: no state) */
		if (tb[VRRP_TRACK_A_STATE])
			status = trk_state_str(nla_get_u8(tb[VRRP_TRACK_A_STATE]));
		else
			status = !tb[VRRP_TRACK_A_OK] ? "?" :
				 nla_get_u8(tb[VRRP_TRACK_A_OK]) ? "ok" : "failed";
		if (tb[VRRP_TRACK_A_OK] || tb[VRRP_TRACK_A_STATE])
			print_string(PRINT_JSON, "state", NULL, status);
		if (tb[VRRP_TRACK_A_OK] || tb[VRRP_TRACK_A_CONTRIB] || tb[VRRP_TRACK_A_STATE]) {
			print_text(" (%s", status);
			if (tb[VRRP_TRACK_A_CONTRIB])
				print_text(", %+d", (int32_t)nla_get_s32(tb[VRRP_TRACK_A_CONTRIB]));
			print_text(")");
		}
		print_nl();
		close_json_object();
	}
	close_json_array();
}

/* In the syntax of "instance set", TTLs at their defaults left out:
 *     peer 10.0.0.2 min-ttl 250
 */
static void print_peers(struct nlattr *peers)
{
	struct nlattr *tb[VRRP_PEER_A_MAX + 1], *peer;
	unsigned int min_ttl, max_ttl;
	int rem;

	open_json_array("peers");	/* [] from a kernel without peers too */
	if (!peers) {
		close_json_array();
		return;
	}
	nla_for_each_nested(peer, peers, rem) {
		if (nla_type(peer) != VRRP_A_PEER || vnl_parse_peer(peer, tb) < 0 ||
		    !tb[VRRP_PEER_A_ADDR])
			continue;
		min_ttl = tb[VRRP_PEER_A_MIN_TTL] ? nla_get_u8(tb[VRRP_PEER_A_MIN_TTL]) : 0;
		max_ttl = tb[VRRP_PEER_A_MAX_TTL] ? nla_get_u8(tb[VRRP_PEER_A_MAX_TTL]) : 255;
		open_json_object(NULL);
		print_addr("address", "    peer %s", tb[VRRP_PEER_A_ADDR]);
		print_uint(PRINT_JSON, "min_ttl", NULL, min_ttl);
		print_uint(PRINT_JSON, "max_ttl", NULL, max_ttl);
		if (min_ttl)
			print_uint(PRINT_FP, NULL, " min-ttl %u", min_ttl);
		if (max_ttl != 255)
			print_uint(PRINT_FP, NULL, " max-ttl %u", max_ttl);
		print_nl();
		close_json_object();
	}
	close_json_array();
}

/*
 * The password, as the kernel keeps it (zero-padded to 8 bytes), up to its
 * first NUL. NULL if the kernel did not send it: only CAP_NET_ADMIN gets it.
 */
static const char *auth_data(struct nlattr *a, char *buf)
{
	size_t len;

	if (!a)
		return NULL;
	len = strnlen(nla_data(a), nla_len(a));
	if (len > VRRP_AUTH_DATA_LEN)
		len = VRRP_AUTH_DATA_LEN;
	memcpy(buf, nla_data(a), len);
	buf[len] = '\0';
	return buf;
}

/* auth pass (hidden)  unicast-src 10.0.0.1  unicast-ttl 64  vmac 00:00:5e:00:01:33 */
static void print_v2_unicast_vmac(struct nlattr **tb, bool secrets)
{
	unsigned int auth = tb[VRRP_A_AUTH_TYPE] ? nla_get_u8(tb[VRRP_A_AUTH_TYPE]) :
			    VRRP_AUTH_NONE;
	unsigned int ttl = tb[VRRP_A_UNICAST_TTL] ? nla_get_u8(tb[VRRP_A_UNICAST_TTL]) : 255;
	bool vmac = tb[VRRP_A_VMAC] && nla_get_u8(tb[VRRP_A_VMAC]);
	char pass[VRRP_AUTH_DATA_LEN + 1], mac[MAC_STRLEN];
	struct nlattr *a = tb[VRRP_A_VMAC_ADDR];
	const char *data;

	line_begin();
	print_string(PRINT_JSON, "auth_type", NULL, auth_str(auth));
	if (auth != VRRP_AUTH_NONE) {
		item();
		print_string(PRINT_FP, NULL, "auth %s", auth_str(auth));
	}
	if (auth == VRRP_AUTH_PASS) {
		data = secrets ? auth_data(tb[VRRP_A_AUTH_DATA], pass) : NULL;
		if (secrets && !data) {
			pr_err("warning: %s: the kernel gives the password to CAP_NET_ADMIN only",
			       tb[VRRP_A_NAME] ? nla_get_string(tb[VRRP_A_NAME]) : "?");
			print_null(PRINT_JSON, "auth_data", NULL, NULL);
		}
		if (data)
			print_string(PRINT_ANY, "auth_data", " %s", data);
		else
			print_text(" (hidden)");
	}
	if (tb[VRRP_A_UNICAST_SRC] && nla_len(tb[VRRP_A_UNICAST_SRC])) {
		item();
		print_addr("unicast_src", "unicast-src %s", tb[VRRP_A_UNICAST_SRC]);
	} else {
		print_null(PRINT_JSON, "unicast_src", NULL, NULL);
	}
	print_uint(PRINT_JSON, "unicast_ttl", NULL, ttl);
	if (ttl != 255) {
		item();
		print_uint(PRINT_FP, NULL, "unicast-ttl %u", ttl);
	}
	print_bool(PRINT_JSON, "vmac", NULL, vmac);
	if (vmac) {
		item();
		if (a)
			print_string(PRINT_ANY, "vmac_addr", "vmac %s",
				     mac_str(nla_data(a), nla_len(a), mac));
		else
			print_null(PRINT_ANY, "vmac_addr", "vmac %s", "on");
	}
	line_end();
}

/* arbiter 10.0.0.1 conflict (reachable); JSON "arbiter": {...} or null */
static void print_arbiter(struct nlattr **tb)
{
	unsigned int mode = tb[VRRP_A_ARBITER_MODE] ? nla_get_u8(tb[VRRP_A_ARBITER_MODE]) : 0;
	unsigned int state = tb[VRRP_A_ARBITER_STATE] ?
			     nla_get_u8(tb[VRRP_A_ARBITER_STATE]) : VRRP_ARBITER_UNKNOWN;

	if (!tb[VRRP_A_ARBITER] || !nla_len(tb[VRRP_A_ARBITER])) {
		print_null(PRINT_JSON, "arbiter", NULL, NULL);
		return;
	}
	open_json_object("arbiter");
	line_begin();
	item();
	print_addr("address", "arbiter %s", tb[VRRP_A_ARBITER]);
	print_string(PRINT_ANY, "mode", " %s", arbiter_mode_str(mode));
	print_string(PRINT_ANY, "state", " (%s)", arbiter_state_str(state));
	line_end();
	close_json_object();
}

static void print_instance(struct nlattr **tb, bool secrets)
{
	char ifbuf[IF_NAMESIZE], t1[TIME_STRLEN];
	const char *ifname = ifname_of(tb, ifbuf);

	/* VI_1: state MASTER  dev veth0 (ifindex 5)  vrid 51  version 3 */
	print_string(PRINT_ANY, "name", "%s:", tb[VRRP_A_NAME] ?
		     nla_get_string(tb[VRRP_A_NAME]) : "?");
	sep = " ";
	if (tb[VRRP_A_STATE]) {
		item();
		print_string(PRINT_FP, NULL, "state %s",
			     state_str_upper(nla_get_u8(tb[VRRP_A_STATE])));
		print_string(PRINT_JSON, "state", NULL,
			     state_str(nla_get_u8(tb[VRRP_A_STATE])));
	}
	if (tb[VRRP_A_FAULT])
		print_fault(nla_get_u32(tb[VRRP_A_FAULT]));
	item();
	if (ifname)
		print_string(PRINT_ANY, "ifname", "dev %s", ifname);
	else
		print_null(PRINT_ANY, "ifname", "dev %s", "?");
	if (tb[VRRP_A_IFINDEX])
		print_uint(PRINT_ANY, "ifindex", " (ifindex %u)",
			   nla_get_u32(tb[VRRP_A_IFINDEX]));
	if (tb[VRRP_A_VRID]) {
		item();
		print_uint(PRINT_ANY, "vrid", "vrid %u", nla_get_u8(tb[VRRP_A_VRID]));
	}
	if (tb[VRRP_A_VERSION]) {
		item();
		print_uint(PRINT_ANY, "version", "version %u",
			   nla_get_u8(tb[VRRP_A_VERSION]));
	}
	if (tb[VRRP_A_FAMILY])
		print_string(PRINT_JSON, "family", NULL,
			     family_str(nla_get_u8(tb[VRRP_A_FAMILY])));
	print_nl();

	/* priority 100 (effective 100)  advert 1.00s (master 1.00s)  ... */
	line_begin();
	if (tb[VRRP_A_PRIORITY]) {
		item();
		print_uint(PRINT_ANY, "priority", "priority %u",
			   nla_get_u8(tb[VRRP_A_PRIORITY]));
	}
	if (tb[VRRP_A_EFFECTIVE_PRIORITY])
		print_uint(PRINT_ANY, "effective_priority", " (effective %u)",
			   nla_get_u8(tb[VRRP_A_EFFECTIVE_PRIORITY]));
	if (tb[VRRP_A_ADVERT_INTERVAL]) {
		item();
		print_uint(PRINT_JSON, "advert_cs", NULL,
			   nla_get_u16(tb[VRRP_A_ADVERT_INTERVAL]));
		print_string(PRINT_FP, NULL, "advert %s",
			     cs_str(nla_get_u16(tb[VRRP_A_ADVERT_INTERVAL]), t1));
	}
	if (tb[VRRP_A_MASTER_ADVERT_INTERVAL]) {
		print_uint(PRINT_JSON, "master_advert_cs", NULL,
			   nla_get_u16(tb[VRRP_A_MASTER_ADVERT_INTERVAL]));
		print_string(PRINT_FP, NULL, " (master %s)",
			     cs_str(nla_get_u16(tb[VRRP_A_MASTER_ADVERT_INTERVAL]), t1));
	}
	if (tb[VRRP_A_PREEMPT]) {
		item();
		print_bool(PRINT_JSON, "preempt", NULL, nla_get_u8(tb[VRRP_A_PREEMPT]));
		print_text("%s", nla_get_u8(tb[VRRP_A_PREEMPT]) ? "preempt" : "nopreempt");
	}
	if (tb[VRRP_A_PREEMPT_DELAY]) {
		print_uint(PRINT_JSON, "preempt_delay_ms", NULL,
			   nla_get_u32(tb[VRRP_A_PREEMPT_DELAY]));
		if (!tb[VRRP_A_PREEMPT] || nla_get_u8(tb[VRRP_A_PREEMPT]))
			print_string(PRINT_FP, NULL, " delay %s",
				     ms_str(nla_get_u32(tb[VRRP_A_PREEMPT_DELAY]), t1));
	}
	if (tb[VRRP_A_ACCEPT]) {
		item();
		print_bool(PRINT_ANY, "accept", "accept %s", nla_get_u8(tb[VRRP_A_ACCEPT]));
	}
	line_end();

	/* group 224.0.0.18  source 10.0.0.1  master 10.0.0.1  csum rfc  ... */
	line_begin();
	if (tb[VRRP_A_GROUP]) {
		item();
		print_addr("group", "group %s", tb[VRRP_A_GROUP]);
	}
	if (tb[VRRP_A_CSUM_MODE])
		print_string(PRINT_JSON, "csum", NULL,
			     csum_str(nla_get_u8(tb[VRRP_A_CSUM_MODE])));
	if (tb[VRRP_A_CSUM_SENT])
		print_string(PRINT_JSON, "csum_sent", NULL,
			     csum_str(nla_get_u8(tb[VRRP_A_CSUM_SENT])));
	item();
	print_addr("primary", "source %s", tb[VRRP_A_PRIMARY_ADDR]);
	item();
	print_addr("master", "master %s", tb[VRRP_A_MASTER_ADDR]);
	if (tb[VRRP_A_CSUM_MODE]) {
		item();
		print_string(PRINT_FP, NULL, "csum %s",
			     csum_str(nla_get_u8(tb[VRRP_A_CSUM_MODE])));
		/* auto: the form it sends now */
		if (tb[VRRP_A_CSUM_SENT] &&
		    nla_get_u8(tb[VRRP_A_CSUM_MODE]) == VRRP_CSUM_AUTO)
			print_string(PRINT_FP, NULL, " (%s)",
				     csum_str(nla_get_u8(tb[VRRP_A_CSUM_SENT])));
	}
	if (tb[VRRP_A_LAST_REASON]) {
		item();
		print_string(PRINT_ANY, "last_reason", "last transition: %s",
			     reason_str(nla_get_u8(tb[VRRP_A_LAST_REASON])));
	}
	line_end();

	/* garp count 5  interval 0ms  refresh 5s  period 30s  period count 2 */
	line_begin();
	if (tb[VRRP_A_GARP_COUNT]) {
		item();
		print_uint(PRINT_ANY, "garp_count", "garp count %u",
			   nla_get_u32(tb[VRRP_A_GARP_COUNT]));
	}
	if (tb[VRRP_A_GARP_INTERVAL]) {
		item();
		print_uint(PRINT_JSON, "garp_interval_ms", NULL,
			   nla_get_u32(tb[VRRP_A_GARP_INTERVAL]));
		print_string(PRINT_FP, NULL, "interval %s",
			     ms_str(nla_get_u32(tb[VRRP_A_GARP_INTERVAL]), t1));
	}
	if (tb[VRRP_A_GARP_REFRESH]) {
		item();
		print_uint(PRINT_JSON, "garp_refresh_ms", NULL,
			   nla_get_u32(tb[VRRP_A_GARP_REFRESH]));
		print_string(PRINT_FP, NULL, "refresh %s",
			     ms_str(nla_get_u32(tb[VRRP_A_GARP_REFRESH]), t1));
	}
	if (tb[VRRP_A_GARP_PERIOD]) {
		item();
		print_uint(PRINT_JSON, "garp_period_ms", NULL,
			   nla_get_u32(tb[VRRP_A_GARP_PERIOD]));
		if (nla_get_u32(tb[VRRP_A_GARP_PERIOD]))
			print_string(PRINT_FP, NULL, "period %s",
				     ms_str(nla_get_u32(tb[VRRP_A_GARP_PERIOD]), t1));
		else
			print_string(PRINT_FP, NULL, "%s", "period off");
	}
	if (tb[VRRP_A_GARP_PERIOD_COUNT]) {
		bool on = !tb[VRRP_A_GARP_PERIOD] || nla_get_u32(tb[VRRP_A_GARP_PERIOD]);

		/* the text leaves the count out while the period is off */
		if (on)
			item();
		print_uint(on ? PRINT_ANY : PRINT_JSON, "garp_period_count", "period count %u",
			   nla_get_u32(tb[VRRP_A_GARP_PERIOD_COUNT]));
	}
	line_end();

	/* sync-group G1  fast-preempt on */
	line_begin();
	if (tb[VRRP_A_SYNC_GROUP]) {
		if (*nla_get_string(tb[VRRP_A_SYNC_GROUP])) {
			item();
			print_string(PRINT_ANY, "sync_group", "sync-group %s",
				     nla_get_string(tb[VRRP_A_SYNC_GROUP]));
		} else {
			print_null(PRINT_JSON, "sync_group", NULL, NULL);
		}
	}
	if (tb[VRRP_A_FAST_PREEMPT]) {
		item();
		print_bool(PRINT_ANY, "fast_preempt", "fast-preempt %s",
			   nla_get_u8(tb[VRRP_A_FAST_PREEMPT]));
	}
	/* (an old module does not say: it always tracks) */
	if (tb[VRRP_A_TRACK_PRIMARY] && !nla_get_u8(tb[VRRP_A_TRACK_PRIMARY])) {
		item();
		print_bool(PRINT_ANY, "track_primary", "track-primary %s", false);
	} else {
		print_bool(PRINT_JSON, "track_primary", NULL, true);
	}
	line_end();

	print_v2_unicast_vmac(tb, secrets);
	print_arbiter(tb);
	if (tb[VRRP_A_VIPS])
		print_vips(tb[VRRP_A_VIPS]);
	print_peers(tb[VRRP_A_UNICAST_PEERS]);
	if (tb[VRRP_A_TRACKS])
		print_tracks(tb[VRRP_A_TRACKS]);
	if (tb[VRRP_A_CONFLICT])
		print_conflict("conflict", tb[VRRP_A_CONFLICT], false);
	if (tb[VRRP_A_MISMATCH])
		print_conflict("mismatch", tb[VRRP_A_MISMATCH], false);
	if (tb[VRRP_A_STATS] && is_json_context())
		print_counters("stats", tb[VRRP_A_STATS]);
}

struct show_ctx {
	bool names_only;
	bool secrets;
	bool started;		/* the output document is open */
	unsigned int count;
};

static void show_start(struct show_ctx *ctx)
{
	if (ctx->started)
		return;
	ctx->started = true;
	print_start(true);
	open_json_array(NULL);
}

static int show_cb(uint8_t cmd, struct nlattr **tb, void *arg)
{
	struct show_ctx *ctx = arg;

	if (cmd != VRRP_CMD_INSTANCE_GET && cmd != VRRP_CMD_INSTANCE_NEW)
		return 0;
	show_start(ctx);
	if (ctx->names_only) {
		if (tb[VRRP_A_NAME])
			print_string(PRINT_ANY, NULL, "%s\n",
				     nla_get_string(tb[VRRP_A_NAME]));
		return 0;
	}
	if (ctx->count++)
		print_nl();	/* a blank line between blocks */
	open_json_object(NULL);
	print_instance(tb, ctx->secrets);
	close_json_object();
	return 0;
}

int show_instances(const char *name, unsigned int flags)
{
	struct show_ctx ctx = {
		.names_only = flags & SHOW_NAMES,
		.secrets = flags & SHOW_SECRETS,
	};
	char what[VRRP_NAME_MAX + 32];
	struct vnl_req req = {
		.cmd = VRRP_CMD_INSTANCE_GET,
		.flags = name ? 0 : NLM_F_DUMP,
		.what = what,
		.name = name,
		.cb = show_cb,
		.arg = &ctx,
	};
	struct nl_msg *msg;
	struct vnl v;
	int err;

	snprintf(what, sizeof(what), "show%s%s", name ? " " : "", name ? name : "");
	err = vnl_open(&v);
	if (err)
		return err;
	msg = vnl_msg(&v, &req, 0);
	if (!msg || (name && nla_put_string(msg, VRRP_A_NAME, name))) {
		nlmsg_free(msg);
		vnl_close(&v);
		return EXIT_KERNEL;
	}
	err = vnl_talk(&v, msg, &req);
	vnl_close(&v);
	if (!err)
		show_start(&ctx);	/* no instances: "[]" */
	if (ctx.started) {
		close_json_array();
		print_end();
	}
	return err;
}

/* [NAME] [secrets], for "show" and "instance show" (@what) */
int show_args(const char *what, int argc, char **argv)
{
	unsigned int flags = 0;

	if (argc > 0 && !strcmp(argv[argc - 1], "secrets")) {
		flags |= SHOW_SECRETS;
		argc--;
	}
	if (argc > 1)
		return usage_err("%s: unexpected argument \"%s\" (try \"vrrpctl help\")",
				 what, argv[1]);
	if (argc == 1 && check_name(argv[0], false))
		return EXIT_USAGE;
	return show_instances(argc ? argv[0] : NULL, flags);
}

int do_show(int argc, char **argv)
{
	/* Hidden, for the bash completion: the names, one a line. */
	if (argc == 1 && !strcmp(argv[0], "names"))
		return show_instances(NULL, SHOW_NAMES);
	return show_args("show", argc, argv);
}
