/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrrpctl load: keepalived.conf translated to vrrpctl's own model, shared
 * by the translator (katrans.c, kainst.c), the writer (kaemit.c) and the
 * command (load.c).
 */
#ifndef VRRPCTL_LOAD_H
#define VRRPCTL_LOAD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "kaconf.h"
#include "util.h"

/* keepalived's defaults */
#define KA_PRIO_DEFAULT		100
#define KA_ADVERT_US		1000000ULL
#define KA_SCRIPT_INTERVAL_US	1000000ULL
/* A tracker nobody reported on for 3 (interval + timeout), at least this, is failed. */
#define LO_STALE_MIN_MS		10000U

enum lo_event { LO_MASTER, LO_BACKUP, LO_FAULT, LO_STOP, LO_NOTIFY, LO_EVENTS };

/* A notify script: its command line, split as keepalived splits it. */
struct lo_cmd {
	struct ka_pos pos;
	char **argv;
	int argc;
};

/* A vrrp_script: a tracker, and a check for a runner to run. */
struct lo_check {
	struct lo_check *next;
	struct ka_pos pos;
	const char *src;	/* its name in keepalived.conf */
	const char *name;	/* the tracker's (src, shortened if need be) */
	struct lo_cmd cmd;
	bool has_cmd;
	uint64_t interval_us, timeout_us;
	int weight;
	bool reverse;
	unsigned int rise, fall;
	const char *user;	/* USER or USER:GROUP, NULL: the default */
	struct ka_pos user_pos;
	bool init_fail;		/* "init fail", else "init unknown" (see tracker_line()) */
	bool used;		/* tracked by an instance or a sync group */
};

/* An element of track_script or track_interface. */
struct lo_track {
	struct lo_track *next;
	struct ka_pos pos;
	const char *script;	/* track_script: the vrrp_script's name */
	struct lo_check *check;	/* ... once found */
	const char *ifname;	/* track_interface */
	int weight;
	bool has_weight;	/* else the vrrp_script's (an interface: 0) */
	int reverse;		/* -1: the vrrp_script's; then what counts */
	bool from_group;	/* the sync group's */
	bool dropped;		/* not tracked: said why */
};

struct lo_vip {
	struct lo_vip *next;
	struct ka_pos pos;
	const char *text;
	struct vrrp_addr addr;
	const char *dev;	/* "dev IFNAME", if given */
};

struct lo_peer {
	struct lo_peer *next;
	struct ka_pos pos;
	const char *text;
	struct vrrp_addr addr;
	unsigned int min_ttl, max_ttl;
	bool has_min, has_max;
};

struct lo_group;

/* The struct ka_pos *_pos fields: where a keyword was, file NULL if not given. */
struct lo_inst {
	struct lo_inst *next;
	struct ka_pos pos;
	const char *src;	/* its name in keepalived.conf */
	const char *name;	/* in the module */
	int family;		/* AF_INET, AF_INET6; 0 until known */
	const char *ifname;
	struct ka_pos ifname_pos;
	unsigned int vrid;
	struct ka_pos vrid_pos;
	unsigned int prio;	/* 0: not given */
	struct ka_pos prio_pos;
	bool state_master;
	struct ka_pos state_pos;
	uint64_t advert_us;
	struct ka_pos advert_pos;
	unsigned int advert_cs;	/* what is sent */
	unsigned int version;	/* 0: not given */
	struct ka_pos version_pos;
	bool nopreempt;
	struct ka_pos nopreempt_pos;
	uint64_t preempt_delay_us;
	struct ka_pos preempt_delay_pos;
	int accept;		/* -1: not given */
	struct ka_pos accept_pos;
	int strict;		/* -1: global_defs' */
	int csum_v2;		/* -1: global_defs' */
	bool auth_pass;		/* auth_type PASS */
	struct ka_pos auth_pos;
	const char *password;
	struct ka_pos password_pos;
	struct vrrp_addr src_addr;	/* unicast_src_ip or mcast_src_ip */
	const char *src_text;
	const char *src_kw;
	struct ka_pos src_pos;
	struct lo_peer *peers;
	unsigned int npeers;
	struct ka_pos peers_pos;
	int unicast_ttl;	/* -1: not given */
	struct ka_pos ttl_pos;
	struct vrrp_addr group;
	const char *group_text;
	struct ka_pos group_pos;
	bool vmac;
	struct ka_pos vmac_pos;
	bool dont_track_primary;
	struct lo_vip *vips;
	unsigned int nvips;
	struct ka_pos vips_pos;
	struct lo_vip *evips;	/* virtual_ipaddress_excluded */
	unsigned int nevips;
	struct ka_pos evips_pos;
	struct lo_track *tracks;
	struct lo_cmd notify[LO_EVENTS];
	long garp_repeat;	/* -1: global_defs' */
	long garp_delay_s;	/* -1: global_defs' */
	long garp_period_s;	/* garp_master_refresh, -1: global_defs' */
	long garp_period_rep;	/* garp_master_refresh_repeat, -1: global_defs' */
	bool native_ipv6;
	bool unicast_fault_no_peer;
	struct ka_pos no_peer_pos;
	struct lo_group *group_of;	/* its sync group */
	bool bad;		/* an error was reported: left out of the checks */
	/* what is sent to the module, once finished */
	int csum;		/* -1: not for this version or family, else VRRP_CSUM_* */
	const char *mcast_group;
	long garp_count, garp_refresh_ms, garp_interval_ms;	/* -1: the default */
	long garp_period_ms, garp_period_count;			/* -1: the default */
	const char *usrc;	/* unicast-src */
};

struct lo_group {
	struct lo_group *next;
	struct ka_pos pos;
	const char *src;
	const char *name;
	const struct ka_node *members;	/* the lines of its group { } block */
	struct ka_pos members_pos;
	unsigned int nmembers;
	struct lo_track *tracks;
	struct lo_cmd notify[LO_EVENTS];
	bool tracking_weight;	/* sync_group_tracking_weight */
};

struct lo_model {
	const char *file;	/* the keepalived.conf given */
	/* global_defs */
	unsigned int version;	/* vrrp_version, 2 unless given */
	bool strict;		/* vrrp_strict */
	bool csum_v2;		/* v3_checksum_as_v2 */
	struct vrrp_addr group4, group6;
	const char *group4_text, *group6_text;
	long garp_repeat;	/* -1: keepalived's default, the module's */
	long garp_delay_s;	/* -1: as above */
	long garp_period_s, garp_period_rep;	/* -1: as above */
	long garp_interval_ms, gna_interval_ms;	/* -1: as above */
	const char *script_user;
	struct lo_check *checks;
	struct lo_inst *insts;
	struct lo_group *groups;
};

/* The translator's state. */
struct kt {
	struct ka_conf *c;
	struct ka_diag *d;
	struct lo_model *m;
	bool skip_lvs;
};

/* katrans.c */
int lo_translate(struct kt *t, const struct ka_node *root);
bool kt_nargs(struct kt *t, const struct ka_node *n, int min, int max);
bool kt_uint(struct kt *t, const struct ka_node *n, int i, unsigned long min,
	     unsigned long max, unsigned long *out);
bool kt_int(struct kt *t, const struct ka_node *n, int i, long min, long max, long *out);
bool kt_secs(struct kt *t, const struct ka_node *n, int i, uint64_t min_us,
	     uint64_t max_us, uint64_t *us);
int kt_bool(struct kt *t, const struct ka_node *n);
bool kt_addr(struct kt *t, const struct ka_node *n, int i, const char *what,
	     struct vrrp_addr *a);
long kt_garp_repeat(struct kt *t, const struct ka_node *n, unsigned long v);
bool kt_garp_period(struct kt *t, const struct ka_node *n, long *out);
bool kt_cmd(struct kt *t, const struct ka_node *n, struct lo_cmd *cmd, const char *what);
void kt_notify(struct kt *t, const struct ka_node *n, struct lo_cmd *notify,
	       const char *owner);
void kt_track_block(struct kt *t, const struct ka_node *n, struct lo_track **tracks,
		    bool script);
const char *kt_name(struct kt *t, const struct ka_pos *pos, const char *what,
		    const char *src);
const char *lo_event_word(enum lo_event ev);

/* kainst.c */
void kt_instance(struct kt *t, const struct ka_node *n);
void kt_instance_finish(struct kt *t, struct lo_inst *i);
void kt_instance_tracks(struct kt *t, struct lo_inst *i);
bool kt_track_resolve(struct kt *t, struct lo_track *k);

/* kaemit.c: the three files of --dir, or of --check */
struct lo_line {
	struct lo_line *next;
	struct ka_pos pos;
	const char *what;	/* "vrrp_instance VI_1" */
	bool tracker;		/* else an instance */
	const char *name;
	char *text;		/* the command, for vrrpctl -b */
};

struct lo_line *lo_batch(struct ka_conf *c, const struct lo_model *m);
void lo_write_batch(FILE *f, const struct lo_model *m, const struct lo_line *l,
		    const char *dir);
void lo_write_notify(FILE *f, const struct lo_model *m, const char *dir);
void lo_write_checks(FILE *f, const struct lo_model *m, const char *dir);
uint32_t lo_stale_ms(const struct lo_check *k);

#endif /* VRRPCTL_LOAD_H */
