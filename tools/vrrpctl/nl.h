/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrrpctl: a thin layer over libnl-genl for the "vrrp" family.
 */
#ifndef VRRPCTL_NL_H
#define VRRPCTL_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/vrrp.h>

struct vnl {
	struct nl_sock *sk;
	int family;		/* genl id of "vrrp" */
	uint32_t events_grp;	/* id of the "events" group, 0 if none */
	uint32_t version;	/* the module's VRRP_GENL_VERSION, 0 if not told */
	struct nl_cb *listen_cb; /* after vnl_subscribe() */
};

/*
 * Called for each reply (or event) with its attributes, parsed and checked:
 * VRRP_TRK_A_* for the TRACKER commands (vnl_is_tracker_cmd()), else VRRP_A_*.
 */
typedef int (*vnl_cb)(uint8_t cmd, struct nlattr **tb, void *arg);

/* A request, and what to call it in messages. */
struct vnl_req {
	uint8_t cmd;
	int flags;		/* NLM_F_DUMP, ... */
	const char *what;	/* "instance add VI_1" */
	const char *name;	/* the instance or tracker, if the request names one */
	bool names_trackers;	/* an instance request with VRRP_A_TRACKS */
	bool long_names;	/* it names something of VRRP_NAME_OLD_MAX bytes or more */
	vnl_cb cb;
	void *arg;
};

/* These return 0 or an exit status, their message printed. */
int vnl_open(struct vnl *v);
void vnl_close(struct vnl *v);
struct nl_msg *vnl_msg(const struct vnl *v, const struct vnl_req *req,
		       size_t size);
int vnl_talk(struct vnl *v, struct nl_msg *msg, const struct vnl_req *req);
int vnl_listen(struct vnl *v, vnl_cb cb, void *arg);
/* Join the "events" group; then read what one recvmsg() brings, 0 if all went well. */
int vnl_subscribe(struct vnl *v, const char *who);
int vnl_recv_events(struct vnl *v, const char *who, vnl_cb cb, void *arg);
bool vnl_is_tracker_cmd(uint8_t cmd);

/* Nested attributes of a reply; NULL entries for absent ones. */
int vnl_parse_vip(struct nlattr *vip, struct nlattr **tb);
int vnl_parse_stats(struct nlattr *stats, struct nlattr **tb);
int vnl_parse_track(struct nlattr *track, struct nlattr **tb);
int vnl_parse_peer(struct nlattr *peer, struct nlattr **tb);
int vnl_parse_conflict(struct nlattr *nest, struct nlattr **tb);

#endif /* VRRPCTL_NL_H */
